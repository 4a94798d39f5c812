"""A stored query's parameters: declared in its header, read strictly from the command
line into RDF terms (:func:`to_term`), and bound by ``VALUES`` blocks (:func:`with_values`).

A parameter ``NAME`` is bound to the variable ``?param_NAME`` by a ``VALUES`` block of
RDF terms serialised by Oxigraph (quotes and braces escaped), inserted as the first
element of the outermost ``WHERE`` group, so the same text runs on rdflib, Oxigraph and
any SPARQL 1.1 server. User input is never spliced into query text as text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING

import pyoxigraph

from ofsted_kg.errors import QueryError

if TYPE_CHECKING:
    from ofsted_kg.query.catalogue import StoredQuery

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
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.I)


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


Term = pyoxigraph.Literal | pyoxigraph.NamedNode


def _typed(value: str, datatype: str) -> pyoxigraph.Literal:
    """A literal of an XSD datatype (the namespaces module loads rdflib, so only a typed
    parameter pays for it)."""
    from ofsted_kg.model.namespaces import XSD_NS

    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(XSD_NS + datatype))


def _authority_gss(param: Param, value: str) -> str:
    """The GSS code of the council ``value`` names (by GSS code, name or another name)."""
    from ofsted_kg.errors import UnknownAuthority
    from ofsted_kg.model.councils import council_named, load_authorities

    wanted = value.strip()
    try:
        return council_named(wanted).gss
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
            f"parameter {param.name}={_shown(value)} is not a valid {param.type}: give {wanted}"
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


def did_you_mean(wrong: str, known) -> str:
    """The known names closest to a misspelt one, quoted and joined ("'a' or 'b'"), or ""."""
    import difflib

    names = list(known)
    by_key = {name.lower(): name for name in names}
    close = difflib.get_close_matches(wrong.lower().strip(), list(by_key), n=3, cutoff=0.75)
    return " or ".join(repr(by_key[key]) for key in close)
