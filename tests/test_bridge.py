"""Graphs and terms crossing between rdflib and Oxigraph (``ofsted_kg.store.bridge``): a
graph read back from its file is the graph that was built, term for term, and a
CONSTRUCT on Oxigraph gives the terms rdflib gives."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS, XSD

from ofsted_kg.model.namespaces import OFS, IRIs
from ofsted_kg.query.catalogue import load_query, run_query
from ofsted_kg.rdf.serialise import turtle_bytes
from ofsted_kg.store.bridge import oxigraph_triples, rdflib_graph, to_rdflib
from ofsted_kg.store.disk import load_graph
from ofsted_kg.store.engines import OxigraphEngine

TRAFFORD = IRIs().authority("E08000009")


def test_a_loaded_graph_is_the_built_graph_term_for_term(built_graph, tmp_path):
    path = tmp_path / "ofsted.ttl"
    path.write_bytes(turtle_bytes(built_graph))
    loaded = load_graph(path)
    assert set(loaded) == set(built_graph)  # not merely isomorphic: the same rdflib terms
    # A plain string stays plain (oxrdflib would make it "E08000009"^^xsd:string, which
    # rdflib holds to be another term, so this lookup would fail).
    assert (TRAFFORD, OFS.gssCode, Literal("E08000009")) in loaded
    assert Literal("E08000009", datatype=XSD.string) not in set(loaded.objects(TRAFFORD))


def test_a_construct_on_oxigraph_gives_rdflib_terms(built_graph):
    query = load_query("construct-authority")
    got = run_query(query, OxigraphEngine.from_graph(built_graph), {"authority": "Trafford"})
    # The same terms the built graph holds, found by plain rdflib look-ups.
    assert (TRAFFORD, OFS.gssCode, Literal("E08000009")) in got
    assert (TRAFFORD, SKOS.prefLabel, Literal("Trafford", lang="en")) in got
    starts = set(got.objects(None, OFS.startDate))
    assert starts == {
        Literal("2015-01-27", datatype=XSD.date),
        Literal("2022-11-21", datatype=XSD.date),
    }
    plain = {(s, p, o) for s, p, o in got if isinstance(o, Literal) and o.datatype is None}
    assert plain and plain <= set(built_graph)


def test_terms_both_ways_keep_language_datatype_and_blank_node_labels():
    assert to_rdflib(ox.Literal("Good", language="en")) == Literal("Good", lang="en")
    assert to_rdflib(ox.Literal("7", datatype=ox.NamedNode(str(XSD.integer)))) == Literal(
        "7", datatype=XSD.integer
    )
    assert to_rdflib(ox.NamedNode("urn:x:a")) == URIRef("urn:x:a")
    graph = rdflib_graph(
        ox.parse(
            b'_:outer <urn:x:p> "deep" .\n<urn:x:s> <urn:x:r> _:outer .\n', ox.RdfFormat.N_TRIPLES
        )
    )
    (triple,) = (t for t in oxigraph_triples(graph) if t.predicate == ox.NamedNode("urn:x:p"))
    assert triple.subject == ox.BlankNode("outer") and triple.object == ox.Literal("deep")


def test_trig_is_the_same_bytes_from_the_built_and_the_loaded_graph(built_graph, tmp_path):
    """Oxigraph writes the TriG from sorted triples: the graph, not how it was made, decides
    the bytes."""
    from ofsted_kg.export.formats import export

    path = tmp_path / "ofsted.ttl"
    path.write_bytes(turtle_bytes(built_graph))
    data = export(built_graph, "trig", authority="Trafford")
    assert data == export(load_graph(path), "trig", authority="Trafford")
    assert b"<https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21/report> {" in data
