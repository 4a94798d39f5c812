"""Fast, deterministic serialisation of a set of triples: sorted N-Triples and Turtle.

rdflib's serialisers take seconds per hundred thousand triples; these writers format each
term once and sort plain strings, so the whole corpus serialises in about a second. The
Turtle is grouped by subject, subjects and predicate-object pairs in sorted order, with
prefixed names where the local part is safe, so the same triples always give the same
bytes and a ``git diff`` of ``graphs/`` shows only what changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

Triple = tuple[URIRef, URIRef, URIRef | Literal]

_LOCAL_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b",
            "\f": "\\f"}
_ESCAPE_RE = re.compile(r'[\\"\n\r\t\b\f]')


def _quote(text: str) -> str:
    return '"' + _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text) + '"'


def term_nt(term) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = _quote(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        raise ValueError("blank nodes are not used in ofsted-kg graphs")
    raise TypeError(f"not an RDF term: {term!r}")


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """Sorted, unique N-Triples lines (without newlines)."""
    return sorted({f"{term_nt(s)} {term_nt(p)} {term_nt(o)} ." for s, p, o in triples})


def ntriples_text(triples: Iterable[Triple]) -> bytes:
    lines = ntriples_lines(triples)
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


class _Compactor:
    """Writes IRIs as prefixed names where the Turtle grammar allows it."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so the most specific prefix wins.
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.used: set[str] = set()

    def iri(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if _LOCAL_RE.match(local) and not local.endswith("-"):
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    def term(self, term) -> str:
        if isinstance(term, URIRef):
            return self.iri(str(term))
        if isinstance(term, Literal) and term.datatype is not None and not term.language \
                and term.datatype != XSD.string:
            return f"{_quote(str(term))}^^{self.iri(str(term.datatype))}"
        return term_nt(term)


def turtle_text(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """Turtle grouped by subject, everything sorted; ``rdf:type`` written ``a`` and first."""
    compact = _Compactor(prefixes)
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in set(triples):
        predicate = "a" if p == RDF.type else compact.iri(str(p))
        by_subject.setdefault(compact.iri(str(s)), []).append((predicate, compact.term(o)))
    blocks = []
    for subject in sorted(by_subject, key=lambda name: name.strip("<>")):
        pairs = sorted(set(by_subject[subject]), key=lambda pair: (pair[0] != "a", pair))
        lines = []
        for index, (predicate, obj) in enumerate(pairs):
            same = index > 0 and pairs[index - 1][0] == predicate
            if index == 0:
                lines.append(f"{subject} {predicate} {obj}")
            elif same:
                lines[-1] += f" ,\n        {obj}"
            else:
                lines[-1] += " ;"
                lines.append(f"    {predicate} {obj}")
        blocks.append("\n".join(lines) + " .\n")
    header = "".join(f"@prefix {prefix}: <{namespace}> .\n"
                     for prefix, namespace in sorted(prefixes.items())
                     if prefix in compact.used)
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")
