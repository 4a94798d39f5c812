"""What a query is, and whether it may run, decided from rdflib's parse of the text to be
run (:func:`analyse`), never from text patterns and never by running it.

Its form (SELECT, CONSTRUCT, ASK, DESCRIBE or an update), ``SERVICE`` anywhere (refused: a
call to another host), ``LOAD`` (refused: the server would fetch another URL) and SPARQL
Update (refused unless ``allow_update``). A query file is parsed before it runs; the
shipped catalogue is parsed the same way by the tests
(``tests/test_queries.py::test_shipped_query_is_a_plain_read``), so on the embedded store
it runs without loading rdflib's parser (about 0.3 s at start-up).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ofsted_kg.errors import QueryError

# pyparsing recurses some 40 frames a bracket: this reads queries nested a few hundred deep
_PARSER_RECURSION_LIMIT = 20_000

# rdflib's parse-tree name of each query form
_FORMS = {
    "SelectQuery": "select",
    "ConstructQuery": "construct",
    "AskQuery": "ask",
    "DescribeQuery": "describe",
}


@dataclass(frozen=True)
class Analysis:
    """What rdflib's parser found in a query: its form, and whether it calls out."""

    form: str  # select, construct, ask, describe or update
    service: bool  # a SERVICE pattern anywhere
    load: bool  # an update's LOAD operation
    dataset: bool = False  # a FROM or FROM NAMED clause: the query names its own dataset
    undeclared: tuple[str, ...] = ()  # prefixes used in prefixed names but never declared
    variables: tuple[str, ...] = ()  # a SELECT's columns, in order (none for SELECT *)


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


# SPARQL's escapes of characters in a query's text, expanded before it is parsed (SPARQL
# 1.1, section 19.2): \u and four hex digits, \U and eight. rdflib's own expansion reads
# \u with eight digits too (case-blind), so "\u00000022" is a quote to it and a NUL and
# "0022" to Oxigraph: a SERVICE call could hide from the check in a string rdflib alone
# sees. The text is expanded here as the standard says before rdflib reads it.
_ESCAPE_RE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ANY_ESCAPE_RE = re.compile(r"\\[uU]")


def _expanded(text: str) -> str:
    """``text`` with its character escapes expanded once, as Oxigraph expands them; an
    escape left (one made by another, one not of four or eight hex digits) is refused."""
    try:
        expanded = _ESCAPE_RE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
    except ValueError:  # past U+10FFFF
        raise QueryError("malformed SPARQL: a \\U escape past the last character") from None
    if _ANY_ESCAPE_RE.search(expanded):
        raise QueryError(
            "a \\u or \\U escape that is not four or eight hex digits, or that makes "
            "another escape, is refused: the check and the store could read it otherwise"
        )
    return expanded


@lru_cache(maxsize=128)
def analyse(text: str) -> Analysis:
    """Parse ``text`` with rdflib (nothing runs); :class:`QueryError` if it cannot be read."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    text = _expanded(text)
    tree: Any
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _PARSER_RECURSION_LIMIT))
    try:
        try:
            tree = parseQuery(text)
            form = _FORMS[tree[1].name]
        except ParseBaseException as not_a_query:
            try:
                tree = parseUpdate(text)
            except ParseBaseException:
                raise not_a_query from None
            if not dict.get(tree, "request"):  # (CompValue.get answers a missing key's name)
                raise QueryError(
                    "no query in it: nothing but comments and prefixes (give a SELECT, "
                    "CONSTRUCT, ASK or DESCRIBE)"
                ) from None
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
    except RecursionError:
        raise QueryError(
            "the query is nested too deeply (brackets or braces inside one another) for "
            "the SPARQL parser to check it; it is refused"
        ) from None
    finally:
        sys.setrecursionlimit(limit)
    names, used, declared = _names(tree)
    undeclared = tuple(sorted(used - declared))
    return Analysis(
        form,
        "ServiceGraphPattern" in names,
        "Load" in names,
        "DatasetClause" in names,
        undeclared,
        _projection(tree) if form == "select" else (),
    )


def _projection(tree: Any) -> tuple[str, ...]:
    """A SELECT's variables as listed ("?a (COUNT(?b) AS ?n)" gives a, n); none for *."""
    listed = dict.get(tree[1], "projection") or []
    return tuple(str(dict.get(item, "var") or dict.get(item, "evar")) for item in listed)


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


def check_syntax(text: str, source: str) -> None:
    """Raise :class:`QueryError` naming ``source`` unless rdflib parses ``text`` (nothing runs)."""
    try:
        analyse(text)
    except QueryError as exc:
        raise QueryError(f"{source}: {exc}") from None
