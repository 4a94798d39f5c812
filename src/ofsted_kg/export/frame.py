"""``export --format jsonld --frame inspection``: one JSON object per inspection, for JSON
developers, with what it generated nested in it by kind and every coded value an object.

Each inspection carries its authority, framework, team (each member's person and role)
and evidence; under ``judgements``, ``recommendations``, ``keyFigures``, ``tenures``,
``previousInspections``, ``reports`` and ``warnings`` the facts it generated, each with its
evidence (the quote and where it is). Every concept a fact points at is embedded as an
object, so a judgement reads ``"grade": {"prefLabel": "Good", "rank": 2, ...}`` beside the
grade as printed, and a key figure ``"measure": {"notation": "children-looked-after", ...},
"value": 540.0``. Anything else stays a reference by ``id``.

The frame is :data:`FRAME`. :func:`frame_nodes` applies it to the compact nodes of
:func:`ofsted_kg.rdf.jsonld.compact_nodes`: a second for the development corpus where pyld's
framing algorithm took minutes (a test checks both give the same document).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ofsted_kg.model.namespaces import PROV
from ofsted_kg.rdf.context import GENERATED_TERMS

Spec = Mapping[str, "Spec"]

CONCEPT: Spec = {}  # embedded; what it points at (scheme, broader, matches) stays an id
EVIDENCE: Spec = {"hasSelector": {}}  # the quote and the position; the report by id
GENERATED: Spec = {
    "area": CONCEPT,
    "grade": CONCEPT,
    "measure": CONCEPT,
    "addressee": CONCEPT,
    "timescale": CONCEPT,
    "nationalFrameworkItem": CONCEPT,
    "post": {"role": CONCEPT},
    "subject": CONCEPT,  # a recommendation's practice themes
    "themeAssignment": {"assignedTheme": CONCEPT, "assignmentMethod": CONCEPT},
    "wasDerivedFrom": EVIDENCE,
}
# What an inspection embeds; "@reverse" is what it generated (prov:wasGeneratedBy).
FRAME: Spec = {
    "inspectedAuthority": {},
    "framework": CONCEPT,
    "coverageGap": CONCEPT,
    "team": {"agent": {}, "hadRole": CONCEPT, "wasDerivedFrom": EVIDENCE},
    "wasDerivedFrom": EVIDENCE,
    "@reverse": GENERATED,
}
GENERATED_BY = "wasGeneratedBy"


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _embed(node: dict[str, Any], spec: Spec, nodes: Mapping[str, dict[str, Any]]) -> dict:
    """``node`` with the references of the keys in ``spec`` replaced by their nodes."""
    out = dict(node)
    for key, inner in spec.items():
        if key == "@reverse" or key not in node:
            continue
        values = [
            _embed(nodes[value], inner, nodes)
            if isinstance(value, str) and value in nodes
            else value
            for value in _as_list(node[key])
        ]
        out[key] = values if isinstance(node[key], list) else values[0]
    return out


def frame_nodes(compact: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The inspections among ``compact`` (compact JSON-LD nodes), framed by :data:`FRAME`."""
    nodes = {node["id"]: node for node in compact}
    generated: dict[str, list[dict[str, Any]]] = {}
    for node in compact:
        for source in _as_list(node.get(GENERATED_BY, [])):
            generated.setdefault(source, []).append(node)
    kinds = {cls: term for term, cls in GENERATED_TERMS}
    framed = []
    for node in compact:
        if "Inspection" not in _as_list(node.get("type", [])):
            continue
        out = _embed(node, FRAME, nodes)
        for fact in generated.get(node["id"], []):
            kind = next((kinds[t] for t in _as_list(fact.get("type", [])) if t in kinds), None)
            item = _embed(fact, FRAME["@reverse"], nodes)
            if kind is None:  # a kind of fact this frame has no key for: still there
                out.setdefault("@reverse", {}).setdefault(GENERATED_BY, []).append(item)
            else:
                out.setdefault(kind, []).append(item)
        framed.append(out)
    return framed


def pyld_frame(context: Mapping[str, Any], spec: Spec = FRAME) -> dict[str, Any]:
    """:data:`FRAME` as a JSON-LD 1.1 frame for pyld, the reference :func:`frame_nodes` is
    tested against. A frame's ``@embed`` passes down to the properties it does not name,
    so every property that refers to nodes is named: ``@always`` where :data:`FRAME`
    embeds, ``@never`` elsewhere."""
    iri_of = {
        term: definition["@id"]
        for term, definition in context.items()
        if isinstance(definition, dict)
        and definition.get("@type") == "@id"
        and "@reverse" not in definition
    }
    never = {"@embed": "@never"}

    def convert(inner: Spec) -> dict[str, Any]:
        named = {iri_of.get(key) for key in inner}
        # Any typed node matches ("@type": {}): naming properties would make the frame
        # a filter, and a node with none of them would not be embedded.
        out: dict[str, Any] = {"@embed": "@always", "@type": {}}
        for term, iri in sorted(iri_of.items()):
            if iri not in named and iri not in {iri_of.get(k) for k in out}:
                out[term] = never  # one frame per property, under one of its terms
        for key, value in inner.items():
            if key != "@reverse":
                out[key] = convert(value)
        return out

    frame = convert(spec)
    del frame["@embed"]
    frame["@type"] = "Inspection"
    frame["@reverse"] = {str(PROV.wasGeneratedBy): convert(spec["@reverse"])}
    return frame
