"""The stored-query catalogue: read ``queries/*.rq``, bind parameters safely, run them.

Each ``.rq`` file opens with a comment header::

    # title: Judgements
    # question: Every graded judgement of every inspection.
    # param: authority string "" Restrict to one authority (name as in skos:prefLabel)
    # example: ofsted-kg query judgements -p authority=Trafford
    # columns: authority, start, scope, area, grade

A parameter whose type ends in ``+`` (``# param: phrase string+ ...``) takes several values
(``-p phrase=a -p phrase=b``), one ``VALUES`` row each: the query matches any of them.
``# unread: neighbours`` or ``# unread: none`` says which unread files may change a
query's answer (:mod:`ofsted_kg.query.staleness`; by default those of the councils asked
for, or every one).

Parameters are bound by ``VALUES`` blocks, never spliced in as text
(:mod:`ofsted_kg.query.params`); whether a query may run is decided from rdflib's parse of
the text to be run (:mod:`ofsted_kg.query.analysis`).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ofsted_kg.errors import QueryError
from ofsted_kg.query.analysis import check_query, query_form
from ofsted_kg.query.params import (
    PARAM_TYPES,
    Param,
    bind_parameters,
    did_you_mean,
    with_values,
)
from ofsted_kg.resources import resource
from ofsted_kg.store.engines import SelectResult

UNREAD_SCOPES = ("asked", "neighbours", "none")
_HEADER_RE = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")
_PARAM_RE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[a-z]+)(?P<many>\+?)\s+"
    r'(?:"(?P<default>[^"]*)"|(?P<required>required))\s*(?P<doc>.*)$'
)


@dataclass(frozen=True)
class StoredQuery:
    """One ``.rq`` file of the catalogue."""

    name: str
    text: str
    title: str
    question: str
    params: tuple[Param, ...] = ()
    examples: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    source: str = ""
    notes: tuple[str, ...] = field(default=())
    shipped: bool = False  # one of the catalogue's own queries (parsed by the tests)
    unread: str = "asked"  # which unread files may change the answer: asked, neighbours, none
    topic: str = ""  # the group ``ofsted-kg queries`` lists it under

    @property
    def form(self) -> str:
        """``select``, ``construct``, ``ask``, ``describe``, ``update`` (or ``unknown``)."""
        return query_form(self.text)


def parse_query_file(text: str, name: str, source: str = "", strict: bool = True) -> StoredQuery:
    """Read a query's header; raise :class:`QueryError` if it is malformed.

    The shipped queries (``strict``) must have a title and a question; a user's own file
    may have no header at all (its title is then its name) or only ``# param:`` lines.
    """
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER_RE.match(line)
        if match:
            header.setdefault(match["key"], []).append(match["value"].strip())
    if not strict:
        header.setdefault("title", [name])
        header.setdefault("question", [""])
    if "title" not in header or "question" not in header:
        raise QueryError(f"{source or name}: the query header needs '# title:' and '# question:'")
    params = []
    for raw in header.get("param", []):
        match = _PARAM_RE.match(raw)
        if not match or match["type"] not in PARAM_TYPES:
            raise QueryError(
                f"{source or name}: bad '# param: {raw}' (want: NAME TYPE "
                f'"DEFAULT"|required DESCRIPTION; TYPE one of '
                f"{', '.join(PARAM_TYPES)})"
            )
        params.append(
            Param(
                match["name"],
                match["type"],
                None if match["required"] else match["default"],
                match["doc"],
                many=bool(match["many"]),
            )
        )
    columns = tuple(c.strip() for c in ",".join(header.get("columns", [])).split(",") if c.strip())
    unread = (header.get("unread") or ["asked"])[0]
    if unread not in UNREAD_SCOPES:
        raise QueryError(
            f"{source or name}: bad '# unread: {unread}' (want one of {', '.join(UNREAD_SCOPES)})"
        )
    return StoredQuery(
        name=name,
        text=text,
        title=header["title"][0],
        question=" ".join(header["question"]),
        params=tuple(params),
        examples=tuple(header.get("example", [])),
        columns=columns,
        source=source,
        notes=tuple(header.get("note", [])),
        unread=unread,
        topic=(header.get("topic") or [""])[0],
    )


def catalogue() -> dict[str, StoredQuery]:
    """Every stored query shipped in ``queries/``, by name."""
    queries = {}
    for entry in sorted(resource("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            query = parse_query_file(
                entry.read_text(encoding="utf-8"), name, f"queries/{entry.name}"
            )
            queries[name] = replace(query, shipped=True)
    return queries


def load_query(name_or_path: str) -> StoredQuery:
    """A stored query by name, or a ``.rq`` file by path."""
    if name_or_path.endswith(".rq"):
        path = Path(name_or_path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{name_or_path}: cannot read query file ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise QueryError(f"{name_or_path}: not a UTF-8 text file") from None
        if text.lstrip().startswith("#"):  # a header: a title, parameters, or just words
            return parse_query_file(text, path.stem, name_or_path, strict=False)
        return StoredQuery(
            name=path.stem, text=text, title=path.stem, question="", source=name_or_path
        )
    queries = catalogue()
    if name_or_path not in queries:
        close = did_you_mean(name_or_path, queries)
        if close:
            raise QueryError(f"unknown query {name_or_path!r}; did you mean {close}?")
        raise QueryError(
            f"unknown query {name_or_path!r}; 'ofsted-kg queries' lists the stored queries"
        )
    return queries[name_or_path]


def example_params(query: StoredQuery) -> list[dict[str, str]]:
    """The ``-p NAME=VALUE`` bindings of each ``# example:`` line, in order."""
    runs = []
    for example in query.examples:
        try:
            words = shlex.split(example)
        except ValueError as exc:
            raise QueryError(
                f"{query.source or query.name}: bad example {example!r} ({exc})"
            ) from None
        values: dict[str, str] = {}
        for flag, item in zip(words, words[1:], strict=False):
            if flag in ("-p", "--param"):
                key, _, value = item.partition("=")
                values[key] = value
        runs.append(values)
    return runs


def prepare(
    query: StoredQuery, params: Mapping[str, str | Sequence[str]], allow_update: bool = False
) -> str:
    """The query text ready to run: parameters bound; a query file parsed and checked
    (:func:`check_query`; the shipped queries are checked by the tests)."""
    text = with_values(query.text, bind_parameters(query, params))
    if not query.shipped:
        check_query(text, query.source or query.name, allow_update)
    return text


def run_query(
    query: StoredQuery,
    engine,
    params: Mapping[str, str | Sequence[str]] | None = None,
    allow_update: bool = False,
    timeout: float | None = None,
):
    """Run ``query`` on ``engine``: a :class:`~ofsted_kg.query.results.QueryResult`
    (SELECT: typed values, iterable as dicts, with the unread files that may change it), an
    rdflib Graph (CONSTRUCT, DESCRIBE), or a bool (ASK).

    ``params`` maps parameter names to values (strings, or lists of strings for a
    parameter that takes several). SPARQL Update runs only with ``allow_update`` and on an
    engine with ``update()`` (a server); it returns True. ``timeout`` (seconds) stops a
    query on an embedded engine that runs longer (see :mod:`ofsted_kg.query.timeout`); a
    server engine has its own time-out.
    """
    label = query.source or query.name
    bindings = bind_parameters(query, params or {})
    text = with_values(query.text, bindings)
    local = getattr(engine, "name", "") != "remote"
    # A query file is checked before it runs (the shipped ones by the tests); the embedded
    # engines tell the form by their answer, a server needs it beforehand.
    analysis = None if local and query.shipped else check_query(text, label, allow_update)
    form = analysis.form if analysis else "any"
    if local and analysis and analysis.dataset:
        raise QueryError(
            f"{label}: FROM and FROM NAMED are refused on the built graph (one default "
            "graph, the ontology in it): remove the clause; on a SPARQL server, use --endpoint"
        )
    if form == "update":
        if not hasattr(engine, "update"):
            raise QueryError(
                f"{label}: SPARQL Update runs only on a "
                "server (--endpoint); the embedded store is read from a file"
            )
        engine.update(text)
        return True
    if local:
        from ofsted_kg.query.timeout import run_with_timeout

        try:
            answer = run_with_timeout(engine, "any", text, timeout, label)
        except QueryError as exc:  # the engine's words: say which query they are about
            if str(exc).startswith(f"{label}:"):
                raise
            raise QueryError(f"{label}: {exc}") from None
    elif form == "select":
        answer = engine.select(text)
    elif form in ("construct", "describe"):
        answer = engine.construct(text)
    else:
        answer = engine.ask(text)
    if isinstance(answer, SelectResult):
        from ofsted_kg.query.results import QueryResult
        from ofsted_kg.query.staleness import unread_files

        return QueryResult.of(answer, unread_files(engine, query, bindings))
    return answer


def unread_for(query: StoredQuery, engine, params: Mapping[str, str | Sequence[str]] | None = None):
    """The files the build did not read that may change ``query``'s answer with ``params``
    (for an ASK or CONSTRUCT; a SELECT's :class:`QueryResult` carries them)."""
    from ofsted_kg.query.staleness import unread_files

    return unread_files(engine, query, bind_parameters(query, params or {}))
