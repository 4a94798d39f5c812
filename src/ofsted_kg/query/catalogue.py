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

Parameters are bound by a ``VALUES`` block of RDF terms serialised by Oxigraph (quotes and
braces escaped) for the variables ``?param_NAME``, inserted as the first element of the
outermost ``WHERE`` group, so the
same text runs on rdflib, Oxigraph and any SPARQL 1.1 server. User input is never
spliced into query text as text; values are read strictly (:func:`to_term`).

What a query is, and whether it may run, is decided from rdflib's parse of the text to be
run (:func:`analyse`), never from text patterns and never by running it: its form (SELECT,
CONSTRUCT, ASK, DESCRIBE or an update), ``SERVICE`` anywhere (refused: a call to another
host), ``LOAD`` (refused: the server would fetch another URL) and SPARQL Update (refused
unless ``allow_update``). A query file is parsed before it runs; the shipped catalogue is
parsed the same way by the tests (``tests/test_queries.py::test_shipped_query_is_a_plain_read``),
so on the embedded store it runs without loading rdflib's parser (about 0.3 s at start-up).
"""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph

from ofsted_kg.errors import QueryError
from ofsted_kg.resources import resource
from ofsted_kg.store.engines import SelectResult

# A parameter NAME is bound to the variable ?param_NAME, so it never clashes with a column.
PARAM_PREFIX = "param_"
# "authority": a council's name, another printed name or ONS GSS code, bound as its GSS code;
# "area": an area compared across frameworks (concept:area/common/SLUG), bound as its slug;
# "grade": a grade's name on any framework's scale or its rank 1-4, bound as the rank;
# "framework": a framework's slug; "region": one of England's nine regions, as named.
PARAM_TYPES = (
    "string", "integer", "decimal", "date", "iri", "boolean",
    "authority", "area", "grade", "framework", "region",
)  # fmt: skip
VOCABULARY_TYPES = ("area", "grade", "framework", "region")
UNREAD_SCOPES = ("asked", "neighbours", "none")
_HEADER_RE = re.compile(r"^#\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")
_PARAM_RE = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[a-z]+)(?P<many>\+?)\s+"
    r'(?:"(?P<default>[^"]*)"|(?P<required>required))\s*(?P<doc>.*)$'
)
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.I)
# rdflib's parse-tree name of each query form
_FORMS = {
    "SelectQuery": "select",
    "ConstructQuery": "construct",
    "AskQuery": "ask",
    "DescribeQuery": "describe",
}


@dataclass(frozen=True)
class Param:
    """A query parameter: name, type, default ("" = optional and unbound) and description."""

    name: str
    type: str
    default: str | None
    doc: str
    many: bool = False  # takes several values (``string+``), any of which may match

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
    shipped: bool = False  # one of the catalogue's own queries (parsed by the tests)
    unread: str = "asked"  # which unread files may change the answer: asked, neighbours, none
    topic: str = ""  # the group ``ofsted-kg queries`` lists it under

    @property
    def form(self) -> str:
        """``select``, ``construct``, ``ask``, ``describe``, ``update`` (or ``unknown``)."""
        return query_form(self.text)


@dataclass(frozen=True)
class Analysis:
    """What rdflib's parser found in a query: its form, and whether it calls out."""

    form: str  # select, construct, ask, describe or update
    service: bool  # a SERVICE pattern anywhere
    load: bool  # an update's LOAD operation
    dataset: bool = False  # a FROM or FROM NAMED clause: the query names its own dataset
    undeclared: tuple[str, ...] = ()  # prefixes used in prefixed names but never declared


def _names(tree: Any) -> tuple[set[str], set[str], set[str]]:
    """The names of every node of an rdflib parse tree (``ServiceGraphPattern``, ...), the
    prefixes its prefixed names use and the prefixes it declares."""
    names: set[str] = set()
    used: set[str] = set()
    declared: set[str] = set()
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):  # rdflib's CompValue: a named node
            name = getattr(node, "name", "")
            names.add(name)
            if name == "pname":
                used.add(str(dict.get(node, "prefix", "") or ""))
            elif name == "PrefixDecl":
                declared.add(str(dict.get(node, "prefix", "") or ""))
            todo.extend(dict.values(node))
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            todo.extend(node)
    return names, used, declared


@lru_cache(maxsize=128)
def analyse(text: str) -> Analysis:
    """Parse ``text`` with rdflib (nothing runs); :class:`QueryError` if it cannot be read."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    tree: Any
    try:
        try:
            tree = parseQuery(text)
            form = _FORMS[tree[1].name]
        except ParseBaseException as not_a_query:
            try:
                tree = parseUpdate(text)
            except ParseBaseException:
                raise not_a_query from None
            if not tree.get("request"):  # empty, or only comments and prefixes
                raise not_a_query from None
            form = "update"
    except ParseBaseException as exc:
        reason = " ".join(str(exc).split())[:300]
        raise QueryError(f"malformed SPARQL: {reason}") from None
    except (TypeError, ValueError, KeyError, IndexError) as exc:  # rdflib's own limits
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise QueryError(
            f"rdflib's SPARQL parser cannot read this query ({reason}), so it cannot be "
            "checked for SERVICE or updates; it is refused"
        ) from None
    names, used, declared = _names(tree)
    undeclared = tuple(sorted(used - declared))
    return Analysis(
        form, "ServiceGraphPattern" in names, "Load" in names, "DatasetClause" in names, undeclared
    )


def _undeclared(prefixes: tuple[str, ...]) -> str:
    """Say which prefixes a query uses without declaring them, and the PREFIX lines to add
    where ofsted-kg knows the namespace."""
    from ofsted_kg.model.namespaces import PREFIXES

    lines = [
        f"PREFIX {prefix}: <{str(PREFIXES[prefix])}>" for prefix in prefixes if prefix in PREFIXES
    ]
    named = ", ".join(f"'{prefix}:'" for prefix in prefixes)
    noun = "prefix" if len(prefixes) == 1 else "prefixes"
    hint = f"; add {' and '.join(lines)}" if lines else "; declare it with PREFIX name: <IRI>"
    return f"missing PREFIX: the {noun} {named} is used but not declared{hint}"


def query_form(text: str) -> str:
    """The form rdflib's parse gives (``unknown`` when it cannot parse the text)."""
    try:
        return analyse(text).form
    except QueryError:
        return "unknown"


def check_query(text: str, source: str, allow_update: bool = False) -> Analysis:
    """:func:`analyse` ``text``; :class:`QueryError` naming ``source`` if it is malformed,
    calls out (``SERVICE``, ``LOAD``) or is an update without ``allow_update``."""
    try:
        analysis = analyse(text)
    except QueryError as exc:
        raise QueryError(f"{source}: {exc}") from None
    if analysis.undeclared:
        raise QueryError(f"{source}: {_undeclared(analysis.undeclared)}")
    if analysis.service:
        raise QueryError(f"{source}: SERVICE (federated query to another host) is refused")
    if analysis.load:
        raise QueryError(f"{source}: LOAD (the server fetching another URL) is refused")
    if analysis.form == "update" and not allow_update:
        raise QueryError(
            f"{source}: SPARQL Update is refused; "
            "queries are read-only unless --allow-update is given"
        )
    return analysis


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


def did_you_mean(wrong: str, known) -> str:
    """The known names closest to a misspelt one, quoted and joined ("'a' or 'b'"), or ""."""
    import difflib

    names = list(known)
    by_key = {name.lower(): name for name in names}
    close = difflib.get_close_matches(wrong.lower().strip(), list(by_key), n=3, cutoff=0.75)
    return " or ".join(repr(by_key[key]) for key in close)


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


Term = pyoxigraph.Literal | pyoxigraph.NamedNode


def _typed(value: str, datatype: str) -> pyoxigraph.Literal:
    """A literal of an XSD datatype (the namespaces module loads rdflib, so only a typed
    parameter pays for it)."""
    from ofsted_kg.model.namespaces import XSD_NS

    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD_NS + datatype))


def _authority_gss(param: Param, value: str) -> str:
    """The GSS code of the council ``value`` names (by GSS code, name or another name)."""
    from ofsted_kg.errors import UnknownAuthority
    from ofsted_kg.model.councils import load_authorities, resolve_authority

    wanted = value.strip()
    for record in load_authorities():
        if record.gss.lower() == wanted.lower():
            return record.gss
    try:
        return resolve_authority(wanted).gss
    except UnknownAuthority:
        names = {n: None for r in load_authorities() if r.current for n in (r.name, *r.aliases)}
        close = did_you_mean(wanted, names)
        hint = (
            f"did you mean {close}?"
            if close
            else "give its name or ONS GSS code (e.g. Trafford or E08000009)"
        )
        raise QueryError(
            f"parameter {param.name}={_shown(value)} names none of England's councils; {hint}"
        ) from None


def _words(text: str) -> str:
    """``text`` compared loosely: lower case, hyphens and underscores as spaces."""
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _vocabulary() -> dict[str, dict[str, tuple[str, str]]]:
    """For each vocabulary type: loose name -> (value to bind, datatype or "" for text)."""
    from ofsted_kg.model import vocab
    from ofsted_kg.model.councils import load_authorities

    grades: dict[str, tuple[str, str]] = {str(r): (str(r), "integer") for r in range(1, 5)}
    for scale in vocab.GRADE_SCALES.values():
        for term in scale.values():
            if term.rank is not None:
                grades[_words(term.label)] = grades[_words(term.slug)] = (str(term.rank), "integer")
    return {
        "area": {
            key: (slug, "")
            for slug, term in vocab.COMMON_AREAS.items()
            for key in (_words(slug), _words(term.label))
        },
        "grade": grades,
        "framework": {_words(slug): (slug, "") for slug in vocab.FRAMEWORKS},
        "region": {_words(r.region): (r.region, "") for r in load_authorities() if r.region},
    }


def _vocabulary_term(param: Param, value: str) -> pyoxigraph.Literal:
    """An area, grade, framework or region named by ``value``, or a :class:`QueryError`
    that suggests the closest names and lists them all."""
    known = _vocabulary()[param.type]
    found = known.get(_words(value))
    if found is None:
        firsts = list(dict.fromkeys(bound for bound, _ in known.values()))
        choices = {
            "area": ", ".join(firsts),
            "grade": "outstanding, good, requires improvement (or adequate), inadequate, or 1-4",
            "framework": ", ".join(firsts),
            "region": ", ".join(sorted(firsts)),
        }[param.type]
        close = did_you_mean(value, firsts if param.type != "grade" else known)
        hint = f"did you mean {close}? " if close else ""
        raise QueryError(
            f"parameter {param.name}={_shown(value)} is not a known {param.type}; "
            f"{hint}give one of: {choices}"
        )
    bound, datatype = found
    return _typed(bound, datatype) if datatype else pyoxigraph.Literal(bound)


# Numbers and dates are read strictly: ASCII digits, a sign, one point; bounded length
# (Python's own parsers accept "1e999999999", which takes gigabytes to write out, NaN,
# Infinity, "1_0" and non-ASCII digits).
MAX_DIGITS = 18
MAX_VALUE_CHARS = 10_000
_FORMATS = {
    "integer": (
        re.compile(rf"[+-]?[0-9]{{1,{MAX_DIGITS}}}"),
        f"a whole number of at most {MAX_DIGITS} ASCII digits, e.g. 42 or -3",
    ),
    "decimal": (
        re.compile(
            rf"[+-]?(?:[0-9]{{1,{MAX_DIGITS}}}(?:\.[0-9]{{0,{MAX_DIGITS}}})?|\.[0-9]{{1,{MAX_DIGITS}}})"
        ),
        f"a number of ASCII digits with an optional sign and point, at most {MAX_DIGITS} "
        "digits each side, e.g. 63.8",
    ),
    "date": (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "a date written YYYY-MM-DD"),
    "boolean": (re.compile(r"true|false", re.I), "true or false"),
    "iri": (re.compile(r"[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*", re.I), "an absolute IRI"),
}


def _shown(value: str) -> str:
    """``value`` for an error line: quoted, cut short, undecodable bytes escaped."""
    return repr(value if len(value) <= 60 else value[:57] + "...")


def to_term(param: Param, value: str) -> Term:
    """Turn a command-line value into a typed RDF term, or raise :class:`QueryError`."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError(
            f"parameter {param.name}={_shown(value)} is not valid UTF-8 text"
        ) from None
    if len(value) > MAX_VALUE_CHARS:
        raise QueryError(
            f"parameter {param.name} is {len(value):,} characters long; "
            f"the limit is {MAX_VALUE_CHARS:,}"
        )
    if param.type == "authority":
        return pyoxigraph.Literal(_authority_gss(param, value))
    if param.type in VOCABULARY_TYPES:
        return _vocabulary_term(param, value)
    if param.type not in _FORMATS:
        return pyoxigraph.Literal(value)
    pattern, wanted = _FORMATS[param.type]
    try:
        if not pattern.fullmatch(value):
            raise ValueError(value)
        if param.type == "integer":
            return _typed(str(int(value)), "integer")
        if param.type == "decimal":
            return _typed(format(Decimal(value), "f"), "decimal")
        if param.type == "date":
            return _typed(date.fromisoformat(value).isoformat(), "date")
        if param.type == "boolean":
            return _typed(value.lower(), "boolean")
        return pyoxigraph.NamedNode(value)
    except (ValueError, InvalidOperation):
        raise QueryError(
            f"parameter {param.name}={_shown(value)} is not a valid {param.type}: give a {wanted}"
        ) from None


Binding = Term | tuple[Term, ...] | None


def bind_parameters(
    query: StoredQuery, values: Mapping[str, str | Sequence[str]]
) -> dict[str, Binding]:
    """Check ``values`` against the query's parameters; typed terms (None = unbound).

    A parameter that takes several values (``string+``) may be given a list; its binding
    is a tuple of terms. Any other parameter takes one value.
    """
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
    bindings: dict[str, Binding] = {}
    for param in query.params:
        if param.name in values:
            given = values[param.name]
            items = [given] if isinstance(given, str) else list(given)
            if len(items) > 1 and not param.many:
                times = "twice" if len(items) == 2 else f"{len(items)} times"
                raise QueryError(
                    f"parameter {param.name!r} given {times}; query {query.name!r} takes one"
                )
            if not items:
                bindings[param.name] = None
            elif param.many:
                bindings[param.name] = tuple(dict.fromkeys(to_term(param, v) for v in items))
            else:
                bindings[param.name] = to_term(param, items[0])
        elif param.required:
            raise QueryError(
                f"query {query.name!r} needs parameter {param.name!r}; its parameters: {listing}"
            )
        elif param.default:
            bindings[param.name] = to_term(param, param.default)
        else:
            bindings[param.name] = None
    return bindings


def with_values(text: str, bindings: Mapping[str, Binding]) -> str:
    """The query text with a ``VALUES`` block of the bound terms in its outermost WHERE:
    one row, or one row per combination of the values of several-valued parameters.

    A sub-SELECT that names a parameter (outside sub-SELECTs of its own) gets a block of
    the parameters it names too (a sub-SELECT sees no variable of the query around it),
    so it can use the parameter to narrow what it computes: an area asked for, say,
    instead of every area."""
    if not bindings:
        return text
    first, inner = _parameter_groups(text)
    inserts = [(first, _values_block(bindings))]
    for start, names in inner:
        named = {name: term for name, term in bindings.items() if name in names}
        if named:
            inserts.append((start, _values_block(named)))
    for offset, block in sorted(inserts, reverse=True):
        text = text[:offset] + block + text[offset:]
    return text


_PARAMETER_RE = re.compile(rf"\?{PARAM_PREFIX}(\w+)")


@lru_cache(maxsize=256)
def _parameter_groups(text: str) -> tuple[int, tuple[tuple[int, frozenset[str]], ...]]:
    """Where :func:`with_values` puts a query's ``VALUES`` blocks: the start of its outermost
    WHERE group, and of each inner one with the parameters its own text names (outside
    its own sub-SELECTs). Found once per query text: a server or a notebook runs the same
    query again and again (1.3 ms a run for the longest)."""
    masked = _masked(text)
    groups = [_group_span(masked, match.end()) for match in _WHERE_RE.finditer(masked)]
    if not groups:
        raise QueryError("a query with parameters needs a WHERE { ... } group")
    inner = []
    for start, end in groups[1:]:
        own = list(masked[start:end])  # the group's text without its own sub-SELECTs'
        for inner_start, inner_end in groups:
            if start < inner_start and inner_end <= end:
                own[inner_start - start : inner_end - start] = " " * (inner_end - inner_start)
        inner.append((start, frozenset(_PARAMETER_RE.findall("".join(own)))))
    return groups[0][0], tuple(inner)


def _values_block(bindings: Mapping[str, Binding]) -> str:
    names = " ".join(f"?{PARAM_PREFIX}{name}" for name in bindings)
    choices = [
        [str(t) for t in term]
        if isinstance(term, tuple)
        else [str(term) if term is not None else "UNDEF"]
        for term in bindings.values()
    ]
    rows = " ".join(f"({' '.join(row)})" for row in itertools.product(*choices))
    return f"\n  VALUES ({names}) {{ {rows} }}\n"


# Strings, IRIs and comments: blanked before braces are counted (they may hold braces).
_OPAQUE_RE = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
)


def _masked(text: str) -> str:
    """``text`` with strings, IRIs and comments blanked (same length, so offsets match)."""
    return _OPAQUE_RE.sub(lambda match: re.sub(r"[^\n]", " ", match.group()), text)


def _group_span(masked: str, start: int) -> tuple[int, int]:
    """``[start, end)`` of the group whose opening brace ends at ``start``."""
    depth = 1
    for index in range(start, len(masked)):
        char = masked[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return start, index
    return start, len(masked)


def check_syntax(text: str, source: str) -> None:
    """Raise :class:`QueryError` naming ``source`` unless rdflib parses ``text`` (nothing runs)."""
    try:
        analyse(text)
    except QueryError as exc:
        raise QueryError(f"{source}: {exc}") from None


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
    if not query.shipped:
        check_query(text, label, allow_update)
    local = getattr(engine, "name", "") != "remote"
    # The embedded engines tell the form by their answer; a server needs it beforehand.
    form = "any" if local and query.shipped else check_query(text, label, allow_update).form
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

        answer = run_with_timeout(engine, "any", text, timeout, label)
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
