"""The stored-query catalogue: read ``queries/*.rq``, bind parameters safely, run them.

Each ``.rq`` file opens with a comment header::

    # title: Judgements
    # question: Every graded judgement of every inspection.
    # param: authority string "" Restrict to one authority (name as in skos:prefLabel)
    # example: ofsted-kg query judgements -p authority=Trafford
    # columns: authority, start, scope, area, grade

Parameters are bound by a ``VALUES`` block of RDF terms serialised by Oxigraph (quotes and
braces escaped) for the variables ``?param_NAME``, inserted as the first element of the
outermost ``WHERE`` group, so the
same text runs on rdflib, Oxigraph and any SPARQL 1.1 server. User input is never
spliced into query text as text.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph

from .errors import QueryError
from .resources import resource

# A parameter NAME is bound to the variable ?param_NAME, so it never clashes with a column.
PARAM_PREFIX = "param_"
# "authority": a council's name, another printed name or ONS GSS code, bound as its GSS code.
PARAM_TYPES = ("string", "integer", "decimal", "date", "iri", "boolean", "authority")
_HEADER_RE = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")
_PARAM_RE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[a-z]+)\s+"
    r'(?:"(?P<default>[^"]*)"|(?P<required>required))\s*(?P<doc>.*)$'
)
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.I)
_UPDATE_RE = re.compile(
    r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I | re.M
)


@dataclass(frozen=True)
class Param:
    """A query parameter: name, type, default ("" = optional and unbound) and description."""

    name: str
    type: str
    default: str | None
    doc: str

    @property
    def required(self) -> bool:
        return self.default is None


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

    @property
    def form(self) -> str:
        """``select``, ``construct``, ``ask``, ``describe`` or ``update``."""
        return query_form(self.text)


def _strip_comments(text: str) -> str:
    """Remove ``#`` comments that are not inside IRIs or strings (good enough for forms)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def query_form(text: str) -> str:
    body = _strip_comments(text)
    if _UPDATE_RE.search(body) and not re.search(
        r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.I
    ):
        return "update"
    match = re.search(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", body, re.I)
    if not match:
        return "update" if _UPDATE_RE.search(body) else "unknown"
    return match.group(1).lower()


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
            )
        )
    columns = tuple(c.strip() for c in ",".join(header.get("columns", [])).split(",") if c.strip())
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
    )


def catalogue() -> dict[str, StoredQuery]:
    """Every stored query shipped in ``queries/``, by name."""
    queries = {}
    for entry in sorted(resource("queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            queries[name] = parse_query_file(
                entry.read_text(encoding="utf-8"), name, f"queries/{entry.name}"
            )
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
        if text.lstrip().startswith("#") and "# title:" in text:
            return parse_query_file(text, path.stem, name_or_path, strict=False)
        return StoredQuery(
            name=path.stem, text=text, title=path.stem, question="", source=name_or_path
        )
    queries = catalogue()
    if name_or_path not in queries:
        known = ", ".join(sorted(queries))
        raise QueryError(f"unknown query {name_or_path!r}; stored queries: {known}")
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


XSD = "http://www.w3.org/2001/XMLSchema#"
Term = pyoxigraph.Literal | pyoxigraph.NamedNode


def _typed(value: str, datatype: str) -> pyoxigraph.Literal:
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD + datatype))


def _authority_gss(param: Param, value: str) -> str:
    """The GSS code of the council ``value`` names (by GSS code, name or another name)."""
    from .authorities import UnknownAuthority, load_authorities, resolve_authority

    wanted = value.strip()
    for record in load_authorities():
        if record.gss.lower() == wanted.lower():
            return record.gss
    try:
        return resolve_authority(wanted).gss
    except UnknownAuthority:
        raise QueryError(
            f"parameter {param.name}={value!r} names none of England's councils; give its "
            "name or ONS GSS code (e.g. Trafford or E08000009)"
        ) from None


def to_term(param: Param, value: str) -> Term:
    """Turn a command-line value into a typed RDF term, or raise :class:`QueryError`."""
    try:
        if param.type == "integer":
            return _typed(str(int(value)), "integer")
        if param.type == "decimal":
            return _typed(format(Decimal(value), "f"), "decimal")
        if param.type == "date":
            return _typed(date.fromisoformat(value).isoformat(), "date")
        if param.type == "boolean":
            if value.lower() not in ("true", "false"):
                raise ValueError(value)
            return _typed(value.lower(), "boolean")
        if param.type == "authority":
            return pyoxigraph.Literal(_authority_gss(param, value))
        if param.type == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, re.I):
                raise ValueError(value)
            return pyoxigraph.NamedNode(value)
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter {param.name}={value!r} is not a valid {param.type}") from None
    return pyoxigraph.Literal(value)


def bind_parameters(query: StoredQuery, values: dict[str, str]) -> dict[str, Term | None]:
    """Check ``values`` against the query's parameters; typed terms (None = unbound)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    listing = (
        ", ".join(f"{p.name} ({p.type}{', required' if p.required else ''})" for p in query.params)
        or "none"
    )
    if unknown:
        raise QueryError(
            f"query {query.name!r} has no parameter {', '.join(unknown)}; its parameters: {listing}"
        )
    bindings: dict[str, Term | None] = {}
    for param in query.params:
        if param.name in values:
            bindings[param.name] = to_term(param, values[param.name])
        elif param.required:
            raise QueryError(
                f"query {query.name!r} needs parameter {param.name!r}; its parameters: {listing}"
            )
        elif param.default:
            bindings[param.name] = to_term(param, param.default)
        else:
            bindings[param.name] = None
    return bindings


def with_values(text: str, bindings: dict[str, Term | None]) -> str:
    """The query text with a ``VALUES`` block of the bound terms in its outermost WHERE."""
    if not bindings:
        return text
    match = _WHERE_RE.search(_blank_comments(text))
    if not match:
        raise QueryError("a query with parameters needs a WHERE { ... } group")
    names = " ".join(f"?{PARAM_PREFIX}{name}" for name in bindings)
    row = " ".join(str(term) if term is not None else "UNDEF" for term in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({row}) }}\n"
    return text[: match.end()] + block + text[match.end() :]


def _blank_comments(text: str) -> str:
    """``text`` with comment lines blanked (same length), so offsets still match."""
    return "\n".join(
        " " * len(line) if line.lstrip().startswith("#") else line for line in text.splitlines()
    ) + ("\n" if text.endswith("\n") else "")


def check_syntax(text: str, source: str) -> None:
    """Raise :class:`QueryError` naming ``source`` unless ``text`` is valid SPARQL 1.1.

    Oxigraph's strict parser is the judge, so a query that passes also runs on servers.
    """
    try:
        pyoxigraph.Store().query(text)
    except SyntaxError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise QueryError(f"{source}: malformed SPARQL: {reason}") from None


_SERVICE_RE = re.compile(r"\bSERVICE\s*(?:SILENT\s*)?[<?$]", re.I)


def prepare(query: StoredQuery, params: dict[str, str], allow_update: bool = False) -> str:
    """The query text ready to run: parameters bound, forms checked, syntax checked."""
    if query.form == "update" and not allow_update:
        raise QueryError(
            f"{query.source or query.name}: SPARQL Update is refused; "
            "queries are read-only unless --allow-update is given"
        )
    if _SERVICE_RE.search(_blank_comments(query.text)):
        raise QueryError(
            f"{query.source or query.name}: SERVICE (federated query to another host) is refused"
        )
    text = with_values(query.text, bind_parameters(query, params))
    if query.form != "update":
        check_syntax(text, query.source or query.name)
    return text


def run_query(
    query: StoredQuery,
    engine,
    params: dict[str, str] | None = None,
    allow_update: bool = False,
    timeout: float | None = None,
):
    """Run ``query`` on ``engine``: a SelectResult, an rdflib Graph, or a bool (ASK).

    SPARQL Update runs only with ``allow_update`` and on an engine with ``update()``
    (a server); it returns True. ``timeout`` (seconds) stops a query on an embedded engine
    that runs longer (see :mod:`ofsted_kg.limits`); a server engine has its own time-out.
    """
    text = prepare(query, params or {}, allow_update=allow_update)
    form = query.form
    if form == "update":
        if not hasattr(engine, "update"):
            raise QueryError(
                f"{query.source or query.name}: SPARQL Update runs only on a "
                "server (--endpoint); the embedded store is read from a file"
            )
        engine.update(text)
        return True
    local = getattr(engine, "name", "") != "remote"
    if timeout is not None and local and form in ("select", "construct", "describe", "ask"):
        from .limits import run_with_timeout

        return run_with_timeout(engine, form, text, timeout, query.source or query.name)
    if form == "select":
        return engine.select(text)
    if form in ("construct", "describe"):
        return engine.construct(text)
    if form == "ask":
        return engine.ask(text)
    raise QueryError(
        f"{query.source or query.name}: not a SELECT, CONSTRUCT, DESCRIBE or ASK query"
    )
