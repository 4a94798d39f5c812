"""Standard serialisations of the built graph: Turtle, JSON-LD, N-Triples and TriG.

:func:`export` is the front door. Every format is deterministic (no blank nodes exist in
our data and every serialiser sorts), so a rebuild gives byte-identical files. A graph of
someone else's with blank nodes exports too: they are written as ``_:`` labels.

How the graph is cut up (for TriG and ``authority=``), from the built graph alone:

* A triple belongs to an inspection's report when its subject is the inspection IRI or
  lies under it (``…/inspection/{gss}/{date}/…``: judgements, team, evidence, report, …).
  Inspectors, safeguarding boards and posts are described in every report that refers to
  them, as :func:`ofsted_kg.rdf.graph.report_graph` does, so dropping one report's named graph
  never orphans another's people. The named graph's IRI is the report IRI.
* Everything else is reference data: the councils (including alternative names a report
  taught us, which cannot be traced to one report), the dataset descriptions.
* An authority's subgraph is its own description, every report of its inspections, the
  two dataset descriptions they are part of, and the concepts they use (with their
  broader concepts) from ``ontology/schemes.ttl``, so it reads on its own: grade labels
  and ranks included.

JSON-LD is compacted with pyld under the shipped ``ontology/context.jsonld`` (embedded by
value, so it loads offline); ``frame="inspection"`` nests each inspection's judgements,
team, recommendations and other facts inside it.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, ORG, RDF, SKOS, XSD

from ofsted_kg.errors import ExportError, UnknownAuthority
from ofsted_kg.model import namespaces as ns
from ofsted_kg.model.records import Report
from ofsted_kg.rdf.graph import build_graph, new_graph

FORMATS = ("ttl", "jsonld", "nt", "trig")
FRAMES = ("inspection",)
OFS, PROV = ns.OFS, ns.PROV
# Nodes a report creates outside its inspection's IRI space; described in each report using them.
_SHARED_TYPES = (OFS.Inspector, OFS.SafeguardingBoard, ORG.Post)


# --- splitting the graph ------------------------------------------------------------------


def dataset_base(graph: Graph) -> str:
    """The instance base IRI, read from the ``dcat:Dataset`` node (``{base}dataset``)."""
    for node in sorted(s for s in graph.subjects(RDF.type, DCAT.Dataset) if isinstance(s, URIRef)):
        if str(node).endswith("/dataset"):
            return str(node)[: -len("dataset")]
    raise ExportError("the graph has no dataset node; is it a graph built by ofsted-kg?")


def _owner(subject: URIRef, prefix: str) -> URIRef | None:
    """The inspection IRI ``subject`` lies under, if any."""
    text = str(subject)
    if not text.startswith(prefix):
        return None
    parts = text[len(prefix) :].split("/")
    return URIRef(prefix + "/".join(parts[:2])) if len(parts) >= 2 else None


def split_graph(graph: Graph) -> tuple[dict[URIRef, Graph], Graph]:
    """``({report IRI: that report's triples}, reference triples)``; see the module notes."""
    prefix = dataset_base(graph) + "inspection/"
    shared = {s for cls in _SHARED_TYPES for s in graph.subjects(RDF.type, cls)}
    parts: dict[URIRef, Graph] = {}
    reference = new_graph()
    for triple in graph:
        subject = triple[0]
        inspection = _owner(subject, prefix) if isinstance(subject, URIRef) else None
        if inspection is None:
            if subject not in shared:
                reference.add(triple)
            continue
        report = URIRef(f"{inspection}/report")
        part = parts.get(report)
        if part is None:
            part = parts[report] = new_graph()
        part.add(triple)
        if triple[2] in shared:
            part += graph.triples((triple[2], None, None))
    return dict(sorted(parts.items())), reference


def inspections_of(graph: Graph, authority: URIRef) -> list[URIRef]:
    """The inspections of one authority, oldest first."""
    return sorted(
        s for s in graph.subjects(OFS.inspectedAuthority, authority) if isinstance(s, URIRef)
    )


def authority_gss(name: str) -> str:
    """The GSS code of the council a name (or alias, or GSS code) refers to."""
    from ofsted_kg.model.councils import council_named

    try:
        return name if name[:1] == "E" and name[1:].isdigit() else council_named(name).gss
    except UnknownAuthority:
        raise ExportError(f"authority {name!r} is not one of England's councils") from None


def authority_iri(graph: Graph, name: str) -> URIRef:
    """The IRI of the authority a name (or alias, or GSS code) refers to in ``graph``."""
    gss = authority_gss(name)
    iri = ns.IRIs(dataset_base(graph)).authority(gss)
    if not any(graph.subjects(OFS.inspectedAuthority, iri)):
        raise ExportError(f"authority {name!r} ({gss}) has no inspections in the graph")
    return iri


def concepts_used(graph: Graph) -> Graph:
    """The descriptions of the concepts ``graph`` refers to, and of their broader concepts."""
    from ofsted_kg.resources import ontology_graph

    schemes = ontology_graph()
    todo = {o for o in graph.objects() if isinstance(o, URIRef) and o.startswith(ns.CONCEPT)}
    done: set[URIRef] = set()
    out = new_graph()
    while todo:
        concept = todo.pop()
        done.add(concept)
        if (concept, RDF.type, SKOS.Concept) not in schemes:
            continue
        out += schemes.triples((concept, None, None))
        todo.update(
            {o for o in schemes.objects(concept, SKOS.broader) if isinstance(o, URIRef)} - done
        )
    return out


def authority_graph(graph: Graph, name: str) -> Graph:
    """One authority's subgraph: its node, its inspections' reports, the datasets, concepts."""
    iri = authority_iri(graph, name)
    reports, _ = split_graph(graph)
    out = new_graph()
    out += graph.triples((iri, None, None))
    for dataset_type in (DCAT.Dataset, ns.QB.DataSet):
        for dataset in graph.subjects(RDF.type, dataset_type):
            out += graph.triples((dataset, None, None))
    for inspection in inspections_of(graph, iri):
        out += reports.get(URIRef(f"{inspection}/report"), Graph())
    out += concepts_used(out)
    return out


# --- serialisations -----------------------------------------------------------------------


def _native(literal: Literal) -> dict[str, Any]:
    """An expanded JSON-LD value; canonical integers, doubles and booleans become native
    JSON (a double keeps its type, so compaction under a term typed xsd:double gives a
    number)."""
    text = str(literal)
    if literal.language:
        return {"@value": text, "@language": literal.language}
    if literal.datatype == XSD.boolean and text in ("true", "false"):
        return {"@value": text == "true"}
    if literal.datatype == XSD.integer and text.lstrip("-").isdigit() and str(int(text)) == text:
        return {"@value": int(text)}
    if literal.datatype == XSD.double and math.isfinite(float(literal)):
        return {"@value": float(literal), "@type": str(XSD.double)}
    if literal.datatype is None or literal.datatype == XSD.string:
        return {"@value": text}
    return {"@value": text, "@type": str(literal.datatype)}


def _node_id(term: Any) -> str:
    """A node's JSON-LD ``@id``: its IRI, or ``_:label`` for a blank node."""
    if isinstance(term, BNode):
        from ofsted_kg.rdf.ntriples import bnode_label

        return f"_:{bnode_label(term)}"
    return str(term)


def expanded(graph: Graph) -> list[dict[str, Any]]:
    """The graph as expanded JSON-LD (what pyld's ``from_rdf`` gives, much faster)."""
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in sorted(graph):
        node = nodes.setdefault(_node_id(s), {"@id": _node_id(s)})
        if p == RDF.type:
            node.setdefault("@type", []).append(_node_id(o))
        else:
            value = _native(o) if isinstance(o, Literal) else {"@id": _node_id(o)}
            node.setdefault(str(p), []).append(value)
    return list(nodes.values())


def _canonical(value: Any) -> Any:
    """Sort keys, and arrays (RDF values are unordered): nodes by id, values by their JSON."""
    if isinstance(value, dict):
        return {key: _canonical(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        items = [_canonical(item) for item in value]
        return sorted(items, key=_canonical_key)
    return value


def _canonical_key(item: Any) -> tuple[str, str]:
    """Nodes by their id; values (and nodes without an id) by their JSON."""
    if isinstance(item, dict) and "id" in item:
        return item["id"], ""
    return "", json.dumps(item, sort_keys=True)


def _framed_bytes(context: dict[str, Any], nodes: list[dict[str, Any]]) -> bytes:
    """A framed document, one top-level object a line (``jq .`` indents it): the C JSON
    encoder writes it in a tenth of the time an indented document takes."""
    lines = [
        json.dumps(node, ensure_ascii=False, separators=(",", ":"))
        for node in sorted((_canonical(node) for node in nodes), key=_canonical_key)
    ]
    head = json.dumps({"@context": context}, ensure_ascii=False, separators=(",", ":"))
    return (head[:-1] + ',"@graph":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def _json_bytes(context: dict[str, Any], body: dict[str, Any]) -> bytes:
    document = {
        "@context": context,
        **{k: _canonical(v) for k, v in body.items() if k != "@context"},
    }
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def jsonld(graph: Graph) -> bytes:
    """Compact JSON-LD under the shipped context, canonically ordered.

    Written directly by :mod:`ofsted_kg.rdf.jsonld` (byte-identical to pyld's compaction,
    which a test checks, and ten times faster); see :func:`jsonld_pyld`.
    """
    from ofsted_kg.rdf.jsonld import jsonld_from_lines
    from ofsted_kg.rdf.ntriples import ntriples_lines
    from ofsted_kg.rdf.serialise import jsonld_context

    return jsonld_from_lines(ntriples_lines(graph), jsonld_context())


def jsonld_pyld(graph: Graph) -> bytes:
    """The same document compacted by pyld's general algorithm (the reference)."""
    from pyld import jsonld as pyld

    from ofsted_kg.rdf.serialise import jsonld_context

    context = jsonld_context()
    compacted = pyld.compact(expanded(graph), {"@context": context})
    if "@graph" not in compacted:  # a single node compacts to a bare object
        compacted = {"@graph": [{k: v for k, v in compacted.items() if k != "@context"}]}
    return _json_bytes(context, compacted)


def jsonld_framed(graph: Graph, frame: str) -> bytes:
    """One object per inspection with what it generated nested in it, by kind, and every
    concept it uses embedded (:mod:`ofsted_kg.export.frame`)."""
    from ofsted_kg.rdf.ntriples import ntriples_lines

    if frame not in FRAMES:
        raise ExportError(f"unknown frame {frame!r}; choose one of {', '.join(FRAMES)}")
    return framed_lines(ntriples_lines(graph))


def framed_lines(lines: list[str]) -> bytes:
    """:func:`jsonld_framed` of a graph given as sorted N-Triples lines, as a build holds
    it; the concepts come from the shipped vocabulary where the graph lacks them."""
    from ofsted_kg.export.frame import frame_nodes
    from ofsted_kg.rdf.jsonld import compact_nodes
    from ofsted_kg.rdf.serialise import jsonld_context
    from ofsted_kg.rdf.vocabulary import standalone_lines

    context = jsonld_context()
    return _framed_bytes(context, frame_nodes(compact_nodes(standalone_lines(lines), context)))


def jsonld_framed_pyld(graph: Graph) -> bytes:
    """The same document framed by pyld's general algorithm, report by report (the
    reference :func:`jsonld_framed` is tested against; minutes on a large graph)."""
    from pyld import jsonld as pyld

    from ofsted_kg.export.frame import pyld_frame
    from ofsted_kg.rdf.context import GENERATED_TERMS
    from ofsted_kg.rdf.serialise import jsonld_context

    context = jsonld_context()
    kinds = {cls: term for term, cls in GENERATED_TERMS}
    nodes = []
    for part in split_graph(graph)[0].values():
        for authority in set(part.objects(None, OFS.inspectedAuthority)):
            part += graph.triples((authority, None, None))
        part += concepts_used(part)
        framed = pyld.frame(
            expanded(part),
            {"@context": context, **pyld_frame(context)},
            {"omitGraph": False, "omitDefault": True},
        )
        for node in framed["@graph"]:
            # pyld compacts every fact under one of the reverse terms: one key per kind.
            items = [item for term, _ in GENERATED_TERMS for item in node.pop(term, [])]
            for item in items:
                kind = next(kinds[t] for t in _listed(item.get("type", [])) if t in kinds)
                node.setdefault(kind, []).append(item)
            nodes.append(node)
    return _framed_bytes(context, nodes)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _turtle_file(name: str) -> Graph:
    from ofsted_kg.resources import resource

    return Graph().parse(
        data=resource("ontology", name).read_text(encoding="utf-8"), format="turtle"
    )


def trig(graph: Graph, subset: bool = False) -> bytes:
    """TriG: one named graph per report (named by its report IRI), the reference data, the
    ontology and the concept schemes (for a ``subset``, only the concepts it contains).

    Written by Oxigraph's TriG serialiser, each named graph's triples in sorted N-Triples
    order and the prefixes sorted, so the same graph gives the same bytes."""
    import pyoxigraph as ox

    from ofsted_kg.rdf.serialise import PREFIX_MAP
    from ofsted_kg.store.bridge import oxigraph_triples

    reports, reference = split_graph(graph)
    concepts = new_graph()
    for triple in reference:
        if str(triple[0]).startswith(ns.CONCEPT):
            concepts.add(triple)
    reference -= concepts
    ontology, schemes = _turtle_file("ofsted.ttl"), _turtle_file("schemes.ttl")
    # A built graph file carries the vocabulary (it stands alone): here it has graphs of its own.
    reference -= ontology
    reference -= schemes
    named: dict[str, Graph] = {
        **{str(iri): part for iri, part in reports.items()},
        dataset_base(graph) + "reference": reference,
        str(ns.ONTOLOGY): ontology,
        str(ns.CONCEPT): concepts if subset else schemes,
    }
    quads = [
        ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(name))
        for name, part in named.items()
        for triple in oxigraph_triples(part)
    ]
    out = io.BytesIO()
    ox.serialize(quads, out, format=ox.RdfFormat.TRIG, prefixes=dict(sorted(PREFIX_MAP.items())))
    return out.getvalue()


def export(
    graph_or_reports: Graph | Iterable[Report],
    fmt: str,
    authority: str | None = None,
    frame: str | None = None,
) -> bytes:
    """Serialise the built graph (or the graph of these reports) as ``fmt``.

    ``authority`` restricts to one council's subgraph; ``frame="inspection"`` (JSON-LD
    only) nests each inspection's facts inside it.
    """
    from ofsted_kg.rdf.serialise import ntriples_bytes, turtle_bytes

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if frame is not None and fmt != "jsonld":
        raise ExportError("--frame applies to --format jsonld only")
    graph = (
        graph_or_reports
        if isinstance(graph_or_reports, Graph)
        else build_graph(list(graph_or_reports))
    )
    if authority is not None:
        graph = authority_graph(graph, authority)
    if fmt == "ttl":
        return turtle_bytes(graph)
    if fmt == "nt":
        return ntriples_bytes(graph)
    if fmt == "trig":
        return trig(graph, subset=authority is not None)
    return jsonld_framed(graph, frame) if frame else jsonld(graph)
