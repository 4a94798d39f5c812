"""The fast sorted writers give the same graph as rdflib, byte-identically on repeat."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from ofsted_kg.model.namespaces import PREFIXES
from ofsted_kg.rdf.ntriples import Compactor, ntriples_text, term_nt, turtle_text

PREFIX_MAP = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def test_turtle_and_ntriples_round_trip_the_built_graph(built_graph):
    turtle = turtle_text(built_graph, PREFIX_MAP)
    assert turtle == turtle_text(set(built_graph), PREFIX_MAP)
    assert isomorphic(Graph().parse(data=turtle.decode(), format="turtle"), built_graph)
    nt = ntriples_text(built_graph)
    assert isomorphic(Graph().parse(data=nt.decode(), format="nt"), built_graph)
    lines = nt.decode().splitlines()
    assert lines == sorted(lines) and len(lines) == len(built_graph)


def test_awkward_literals_are_escaped():
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    literals = [
        Literal('quote " backslash \\ tab \t newline \n'),
        Literal("£ – ’", lang="en"),
        Literal("2015-01-27", datatype=XSD.date),
    ]
    graph = Graph()
    for literal in literals:
        graph.add((s, p, literal))
    assert isomorphic(
        Graph().parse(data=turtle_text(graph, PREFIX_MAP).decode(), format="turtle"), graph
    )
    # RDF 1.1: a plain literal is an xsd:string; both are written the same way.
    assert term_nt(Literal("x", datatype=XSD.string)) == '"x"'


def test_prefixed_names_only_where_the_rest_is_a_name():
    """Turtle writes ``prefix:local`` only where the local part is a name (letters,
    digits, ``_`` and ``-``, not ending in ``-``), with the longest namespace that gives
    one; a namespace need not end in ``/`` or ``#``."""
    compact = Compactor(PREFIX_MAP)
    assert compact.iri("https://w3id.org/ofsted-kg/ontology#Inspection") == "ofs:Inspection"
    assert compact.iri(str(XSD.date)) == "xsd:date"
    assert compact.iri("http://purl.org/linked-data/sdmx/2009/dimension#refPeriod") == (
        "sdmx-dimension:refPeriod"
    )
    assert compact.iri("https://w3id.org/ofsted-kg/concept/figures-structure") == (
        "concept:figures-structure"
    )
    for iri in (
        "https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21",
        "https://w3id.org/ofsted-kg/concept/grade/good",
        "https://w3id.org/ofsted-kg/concept/ends-",
    ):
        assert compact.iri(iri) == f"<{iri}>"
    assert compact.used == {"ofs", "xsd", "sdmx-dimension", "concept"}
    unusual = Compactor({"kg": "https://w3id.org/ofsted-kg", "w3id": "https://w3id.org/"})
    assert unusual.iri("https://w3id.org/ofsted-kgExtra") == "kg:Extra"
    assert unusual.iri("https://w3id.org/ofsted-kg") == "w3id:ofsted-kg"
