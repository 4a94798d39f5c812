"""Deterministic serialisation of a set of triples: sorted N-Triples lines, and Turtle.

The lines are what a build's workers return and merge, and what the Turtle and JSON-LD
writers read. The Turtle is grouped by subject, subjects and predicate-object pairs in
sorted order, ``a`` first, with prefixed names where the local part is safe, so the same
triples always give the same bytes and a ``git diff`` of ``graphs/`` shows only what
changed.

Kept rather than a library's, measured in one run (``benchmarks/serialisers.py``, 450
generated reports, 252,792 triples, CPU seconds): sorted N-Triples 1.75 s here, 1.76 s
with rdflib's writer and a sort, 2.35 s with pyoxigraph's (converting rdflib's terms);
rdflib's writes a tab inside a literal as is, so the committed graph's bytes would
change. Turtle 3.29 s here (lines included), 12.03 s with rdflib's serialiser (three
fifths of the 20 s budget of a 450-report build) and 1.54 s with pyoxigraph's, whose
layout (tabs, its own grouping and prefix order) is not the committed graph's: replacing
this writer would rewrite ``graphs/`` for no user's gain.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ofsted_kg.model.namespaces import RDF_TYPE, XSD_STRING

Triple = tuple[Node, Node, Node]  # term_nt refuses anything but IRIs, blank nodes, literals

_LOCAL_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_LOCAL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
# The characters escaped: those with a short escape, and every other control character
# (C0, DEL, C1) as a \u escape, so that a graph file printed on a terminal holds no
# escape sequence (a quote keeps the file's characters; see ofsted_kg.safe_output).
_ESCAPE_RE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f]')


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04X}"


def quote(text: str) -> str:
    """A string as an N-Triples literal's quoted lexical form."""
    return '"' + _ESCAPE_RE.sub(_escape, text) + '"'


def iri_nt(iri: str) -> str:
    """An IRI in N-Triples syntax."""
    return f"<{iri}>"


def literal_nt(lexical: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal in N-Triples syntax: its lexical form quoted, then its language tag or
    its datatype (none written for xsd:string, as rdflib writes it)."""
    text = quote(lexical)
    if lang:
        return f"{text}@{lang}"
    if datatype and str(datatype) != XSD_STRING:  # str: rdflib's URIRef equals no str
        return f"{text}^^<{datatype}>"
    return text


def term_nt(term) -> str:
    """An rdflib term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return iri_nt(term)
    if isinstance(term, Literal):
        return literal_nt(str(term), term.language, term.datatype)
    if isinstance(term, BNode):
        return f"_:{bnode_label(term)}"
    raise TypeError(f"not an RDF term: {term!r}")


_LABEL_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,99}")


def bnode_label(node: BNode) -> str:
    """A blank node's label, as N-Triples and Turtle allow it: its own id when that is a
    safe label, else ``b`` + a hash of the id (so distinct ids stay distinct)."""
    if _LABEL_RE.fullmatch(node):
        return str(node)
    return "b" + hashlib.sha256(node.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """Sorted, unique N-Triples lines (without newlines)."""
    return sorted({f"{term_nt(s)} {term_nt(p)} {term_nt(o)} ." for s, p, o in triples})


def ntriples_text(triples: Iterable[Triple]) -> bytes:
    """The triples as an N-Triples document (empty for none)."""
    lines = ntriples_lines(triples)
    return ntriples_document(lines) if lines else b""


def ntriples_document(lines: list[str]) -> bytes:
    """N-Triples lines as a document (UTF-8, a newline after each)."""
    # Line by line: one non-ASCII character makes a joined str two or four bytes a character,
    # and encoding 68 MB of it cost more than encoding each line (0.25 -> 0.19 s).
    return b"\n".join([line.encode("utf-8") for line in lines]) + b"\n"


_LINE_RE = re.compile(r"^(?:<([^>]*)>|(_:[^ ]+)) <([^>]*)> (.*) \.$")
_TYPED_RE = re.compile(r'^(".*")\^\^<([^>]*)>$', re.S)


def split_line(line: str) -> tuple[str, str, str]:
    """An N-Triples line of ours as the subject (an IRI, or ``_:label`` for a blank node),
    the predicate IRI and the object in N-Triples syntax."""
    # The common case, "<s> <p> o .", by position (a third of the regular expression's time).
    if line[:1] == "<" and line[-2:] == " .":
        end = line.find("> <")
        after = line.find("> ", end + 3)
        if end > 0 and after > 0 and ">" not in line[1:end] and " " not in line[1:after]:
            return line[1:end], line[end + 3 : after], line[after + 2 : -2]
    match = _LINE_RE.match(line)
    if match is None:
        raise ValueError(f"not an N-Triples line of ours: {line[:80]!r}")
    return match.group(1) or match.group(2), match.group(3), match.group(4)


class Compactor:
    """Writes IRIs as prefixed names where the Turtle grammar allows it, noting in
    :attr:`used` the prefixes it wrote."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # Longest namespace first, so the most specific prefix wins.
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        # The namespaces by stem, what is left of one without its last run of name
        # characters: a local part is such a run, so only a namespace with an IRI's own
        # stem can shorten it (a few to try, not every prefix).
        self.by_stem: dict[str, list[tuple[str, str]]] = {}
        for prefix, namespace in self.prefixes:
            self.by_stem.setdefault(namespace.rstrip(_LOCAL_CHARS), []).append((prefix, namespace))
        self.used: set[str] = set()
        # Each IRI compacted once (most repeat): its text and the prefix it used.
        self.written: dict[str, tuple[str, str | None]] = {}

    def iri(self, iri: str) -> str:
        known = self.written.get(iri)
        if known is None:
            known = self.written[iri] = self._compact(iri)
        if known[1] is not None:
            self.used.add(known[1])
        return known[0]

    def _compact(self, iri: str) -> tuple[str, str | None]:
        if iri.startswith("_:"):  # a blank node subject (no IRI of ours starts so)
            return iri, None
        for prefix, namespace in self.by_stem.get(iri.rstrip(_LOCAL_CHARS), ()):
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if _LOCAL_RE.match(local) and not local.endswith("-"):
                    return f"{prefix}:{local}", prefix
        return f"<{iri}>", None

    def obj(self, token: str) -> str:
        """An N-Triples object token in Turtle, datatypes and IRIs compacted."""
        if token.startswith("<"):
            return self.iri(token[1:-1])
        typed = _TYPED_RE.match(token)
        if typed:
            return f"{typed.group(1)}^^{self.iri(typed.group(2))}"
        return token


def subject_key(line: str) -> str:
    """The sort key of an N-Triples line's subject: its IRI, or ``_:label``."""
    token = line[: line.index(" ")]
    return token[1:-1] if token[:1] == "<" else token


def subject_run(lines: list[str], subject: str) -> list[str]:
    """The lines of ``subject`` (its :func:`subject_key`) in the sorted ``lines`` (a run:
    all start the same)."""
    token = subject if subject.startswith("_:") else f"<{subject}>"
    start = bisect.bisect_left(lines, token + " ")
    return lines[start : bisect.bisect_left(lines, token + "!", start)]


def subject_groups(lines: Iterable[str]) -> dict[str, list[str]]:
    """The lines of each subject, under its :func:`subject_key`, in the order they came."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        groups.setdefault(subject_key(line), []).append(line)
    return groups


def statements(lines: Iterable[str]) -> list[tuple[str, str]]:
    """A subject's lines as (predicate IRI, object in N-Triples syntax) pairs: what both
    graph writers read, split once."""
    pairs = []
    for line in lines:
        # The common case by position: the subject ends at the first space (an IRI or a
        # blank node label holds none), the predicate IRI at the first "> " after it.
        at = line.find(" <")
        end = line.find("> ", at + 2)
        if at > 0 and end > 0 and line[-2:] == " ." and " " not in line[:at]:
            pairs.append((line[at + 2 : end], line[end + 2 : -2]))
        else:
            pairs.append(split_line(line)[1:])  # which names a line that is not of ours
    return pairs


def named_iris(lines: Iterable[str]) -> set[str]:
    """The IRIs N-Triples ``lines`` name as objects."""
    objects = (split_line(line)[2] for line in lines)
    return {token[1:-1] for token in objects if token[:1] == "<"}


def turtle_block(subject: str, pairs: Iterable[tuple[str, str]], compact: Compactor) -> str:
    """One subject's :func:`statements` in Turtle: ``a`` first, then predicate-object
    pairs sorted."""
    written = {("a" if p == RDF_TYPE else compact.iri(p), compact.obj(o)) for p, o in pairs}
    ordered = sorted(written, key=lambda pair: (pair[0] != "a", pair))
    lines_out: list[str] = []
    for index, (predicate, obj) in enumerate(ordered):
        if index == 0:
            lines_out.append(f"{compact.iri(subject)} {predicate} {obj}")
        elif ordered[index - 1][0] == predicate:
            lines_out[-1] += f" ,\n        {obj}"
        else:
            lines_out[-1] += " ;"
            lines_out.append(f"    {predicate} {obj}")
    return "\n".join(lines_out) + " .\n"


def turtle_header(prefixes: Mapping[str, str], used: Iterable[str]) -> str:
    """The ``@prefix`` lines of the prefixes a document used, sorted, and a blank line."""
    wanted = set(used)
    return (
        "".join(
            f"@prefix {prefix}: <{namespace}> .\n"
            for prefix, namespace in sorted(prefixes.items())
            if prefix in wanted
        )
        + "\n"
    )


def turtle_from_lines(lines: Iterable[str], prefixes: Mapping[str, str]) -> bytes:
    """Turtle grouped by subject, everything sorted; ``rdf:type`` written ``a`` and first."""
    compact = Compactor(prefixes)
    groups = subject_groups(lines)
    blocks = [
        turtle_block(subject, statements(groups[subject]), compact) for subject in sorted(groups)
    ]
    return (turtle_header(prefixes, compact.used) + "\n".join(blocks)).encode("utf-8")


def turtle_text(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """Turtle of rdflib-term triples (see :func:`turtle_from_lines`)."""
    return turtle_from_lines(ntriples_lines(triples), prefixes)
