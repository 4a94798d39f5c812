"""Compact JSON-LD written straight from sorted N-Triples, under the shipped context.

Our graphs are flat (no lists), so compaction reduces to choosing, for each predicate and
kind of value, the context term that fits: an ``@id``-typed term for IRIs, an
``@language`` term for English text, a datatype term for dates and decimals, a plain term
for strings, and integers, doubles and booleans (written as native JSON). Where no term fits the
property is written as a compact IRI with an expanded value, so nothing is lost. A test
holds the output byte for byte to pyld's compaction (``export.formats.jsonld_pyld``).

Kept rather than pyld, measured in one run (``benchmarks/serialisers.py``, 450 generated
reports, 252,792 triples, CPU seconds): 3.80 s here (the N-Triples lines included),
28.14 s for pyld's compaction, more than the whole 20 s budget of a 450-report build.
rdflib's ``json-ld`` serialiser (4.18 s) does not compact to the same document (it leaves
IRI values such as ``concept:post/lscb-chair`` uncompacted).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring as _string
from typing import Any

from ofsted_kg.model.namespaces import RDF_TYPE
from ofsted_kg.model.namespaces import XSD_NS as XSD
from ofsted_kg.rdf.ntriples import statements, subject_groups

_LITERAL_RE = re.compile(r'^"(.*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$', re.S)
_UNESCAPE_RE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.S)
_DOUBLE_RE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?")
_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "\\": "\\", "'": "'"}


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _SIMPLE.get(code, code)

    return _UNESCAPE_RE.sub(one, text)


class _Terms:
    """Chooses context terms for classes, properties and IRIs."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.prefixes: list[tuple[str, str]] = []
        self._compacted: dict[str, str] = {}  # IRI -> compact IRI, the most asked question
        self.classes: dict[str, str] = {}
        self.properties: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for term, definition in context.items():
            if term.startswith("@") or definition in ("@id", "@type"):
                continue
            if isinstance(definition, str):
                if definition.endswith(("/", "#")):
                    self.prefixes.append((term, definition))
                else:
                    self.classes.setdefault(definition, term)
                    self.properties.setdefault(definition, []).append((term, {}))
            elif "@id" in definition and "@reverse" not in definition:
                self.properties.setdefault(definition["@id"], []).append((term, definition))
        self.prefixes.sort(key=lambda item: -len(item[1]))
        for candidates in self.properties.values():
            # A @set container first (it keeps arrays stable), then the shortest term.
            candidates.sort(
                key=lambda item: (item[1].get("@container") != "@set", len(item[0]), item[0])
            )

    def iri(self, iri: str) -> str:
        compact = self._compacted.get(iri)
        if compact is None:
            compact = self._compacted[iri] = self._compact(iri)
        return compact

    def _compact(self, iri: str) -> str:
        if iri.startswith("_:"):  # a blank node
            return iri
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def property(
        self, predicate: str, kind: str, datatype: str | None
    ) -> tuple[str, dict[str, Any]] | None:
        for term, definition in self.properties.get(predicate, []):
            declared = definition.get("@type")
            language = definition.get("@language")
            if kind == "iri" and declared == "@id":
                return term, definition
            if kind == "lang" and language == datatype and declared is None:
                return term, definition
            if kind == "typed" and declared == datatype:
                return term, definition
            if kind in ("plain", "native") and declared is None and language is None:
                return term, definition
        return None


def _value(terms: _Terms, predicate: str, token: str) -> tuple[str, Any, bool]:
    """(key, JSON value, always an array) for one object token."""
    if token.startswith(("<", "_:")):
        iri = token[1:-1] if token.startswith("<") else token  # "_:b0" is a JSON-LD id too
        chosen = terms.property(predicate, "iri", None)
        if chosen:
            return chosen[0], terms.iri(iri), chosen[1].get("@container") == "@set"
        return _fallback(terms, predicate, {"id": terms.iri(iri)})
    match = _LITERAL_RE.match(token)
    if match is None:
        raise ValueError(f"not an N-Triples object: {token[:60]!r}")
    text, language, datatype = _unescape(match.group(1)), match.group(2), match.group(3)
    native: Any = None
    if datatype == XSD + "integer" and re.fullmatch(r"-?[1-9][0-9]*|0", text):
        native = int(text)
    elif datatype == XSD + "boolean" and text in ("true", "false"):
        native = text == "true"
    # A double is a JSON number too, under a term typed xsd:double (so 71.0 reads back as a
    # double, not the integer 71); NaN and infinities have no JSON number and stay text.
    number: Any = text
    if datatype == XSD + "double" and _DOUBLE_RE.fullmatch(text):
        number = float(text)
    if language:
        kind, expanded = "lang", {"@language": language, "@value": text}
    elif native is not None:
        kind, expanded = "native", {"@value": native}
    elif datatype and datatype != XSD + "string":
        kind, expanded = "typed", {"@type": datatype, "@value": number}
    else:
        kind, expanded = "plain", {"@value": text}
    chosen = terms.property(predicate, kind, language or datatype)
    if chosen:
        value = native if native is not None else number
        return chosen[0], value, chosen[1].get("@container") == "@set"
    if kind == "typed":
        expanded = {"@value": number, "type": terms.iri(datatype or "")}
    return _fallback(terms, predicate, expanded)


def _fallback(terms: _Terms, predicate: str, value: dict[str, Any]) -> tuple[str, Any, bool]:
    """No term fits the value: a plain term of the property (else its compact IRI) with the
    value as an object, as JSON-LD compaction does."""
    plain = terms.property(predicate, "plain", None)
    if plain:
        return plain[0], value, plain[1].get("@container") == "@set"
    if "type" in value:
        value = {"@type": str(value["type"]), "@value": value["@value"]}
        for prefix, namespace in terms.prefixes:
            if value["@type"].startswith(prefix + ":"):
                value["@type"] = namespace + value["@type"][len(prefix) + 1 :]
    if "id" in value:
        value = {"@id": value["id"]}
    if set(value) == {"@value"}:  # a plain string (the context sets no default language)
        return terms.iri(predicate), value["@value"], False
    return terms.iri(predicate), value, False


def indented_json(value: Any, indent: str = "") -> str:
    """``json.dumps(value, indent=1, ensure_ascii=False)`` with every line after the first
    starting with ``indent``: the same text, its strings written by the standard library's
    C escaper (``json.dumps`` with an indent runs its pure-Python encoder, a third of
    the JSON-LD writer's time)."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + " "
        items = (
            f"{inner}{_string(key)}: {indented_json(item, inner)}" for key, item in value.items()
        )
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = indent + " "
        return (
            "[\n"
            + ",\n".join(inner + indented_json(item, inner) for item in value)
            + "\n"
            + indent
            + "]"
        )
    return json.dumps(value)  # numbers, booleans, null


def _sort_key(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


class NodeWriter:
    """Writes one subject's lines as its compact JSON-LD node object under a context."""

    def __init__(self, context: Mapping[str, Any]) -> None:
        self.terms = _Terms(context)
        self._known: dict[tuple[str, str], tuple[str, Any, bool]] = {}  # a value met before

    def node(self, subject: str, pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
        """The node object (keys sorted, values sorted) of ``subject``'s
        :func:`~ofsted_kg.rdf.ntriples.statements`."""
        terms = self.terms
        node: dict[str, list[Any]] = {}
        arrays: set[str] = set()
        for predicate, token in pairs:
            if predicate == RDF_TYPE:
                node.setdefault("type", []).append(
                    terms.classes.get(token[1:-1], terms.iri(token[1:-1]))
                )
                continue
            found = self._known.get((predicate, token))
            if found is None:
                found = _value(terms, predicate, token)
                if not isinstance(found[1], dict):  # shared only where nothing can change it
                    self._known[(predicate, token)] = found
            key, value, always_array = found
            node.setdefault(key, []).append(value)
            if always_array:
                arrays.add(key)
        out: dict[str, Any] = {"id": terms.iri(subject)}
        for key in sorted([*node, "id"]):
            if key == "id":
                out[key] = out.pop(key)  # in its sorted place
                continue
            values = node[key]
            if len(values) > 1:
                values = sorted(values, key=_sort_key)
            out[key] = values if len(values) > 1 or key in arrays else values[0]
        return out

    def text(self, subject: str, pairs: Iterable[tuple[str, str]]) -> str:
        """The node object as it stands in the document's ``@graph`` (indented twice)."""
        return "  " + indented_json(self.node(subject, pairs), "  ")


def compact_nodes(lines: Iterable[str], context: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every subject of the N-Triples ``lines`` as a compact JSON-LD node object under
    ``context`` (keys sorted, values sorted), in the order of their IRIs."""
    writer = NodeWriter(context)
    groups = subject_groups(lines)
    return [writer.node(subject, statements(groups[subject])) for subject in sorted(groups)]


def document_ends(context: Mapping[str, Any]) -> tuple[str, str]:
    """The text of a document before its first node object and after its last."""
    head = json.dumps({"@context": dict(context)}, indent=1, ensure_ascii=False)
    return head[: -len("\n}")] + ',\n "@graph": [\n', "\n ]\n}\n"


def jsonld_from_lines(lines: Iterable[str], context: Mapping[str, Any]) -> bytes:
    """A compact JSON-LD document (``@context`` + ``@graph`` sorted by id)."""
    writer = NodeWriter(context)
    groups = subject_groups(lines)
    if not groups:
        document = {"@context": dict(context), "@graph": []}
        return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    head, tail = document_ends(context)
    nodes = ",\n".join(
        writer.text(subject, statements(groups[subject])) for subject in sorted(groups)
    )
    return (head + nodes + tail).encode("utf-8")
