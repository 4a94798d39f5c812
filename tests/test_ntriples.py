"""The fast sorted writers give the same graph as rdflib, byte-identically on repeat."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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


def test_the_report_builder_writes_objects_as_rdflib_writes_the_terms():
    """A report's lines are written without rdflib terms (three times cheaper); each kind
    of object must still be written as rdflib writes the term, or a build's bytes change.
    Values as reports print them: a count, a rate, a date, a year, words with quotes."""
    from ofsted_kg.rdf import graph, themes

    written = {
        graph._integer(14): Literal(14, datatype=XSD.integer),
        graph._boolean(True): Literal(True),
        graph._boolean(False): Literal(False),
        graph._date(date(2019, 1, 14)): Literal(date(2019, 1, 14)),
        graph._partial_date("2010-07"): Literal("2010-07", datatype=XSD.gYearMonth),
        graph._partial_date("2016"): Literal("2016", datatype=XSD.gYear),
        graph._text('the "front door"\tservice'): Literal('the "front door"\tservice'),
        graph._english("Children’s services"): Literal("Children’s services", lang="en"),
        themes._score(0.4521): Literal("0.452", datatype=XSD.decimal),
        themes._score(1): Literal("1.0", datatype=XSD.decimal),
    }
    for value in (Decimal("268"), Decimal("4.30"), Decimal("0.00001"), 12345678901234567890, 0.1):
        written[graph._double(value)] = Literal(float(value), datatype=XSD.double)
    for line, term in written.items():
        assert line == term_nt(term)
    assert graph._double(Decimal("268")) == ('"268.0"^^<http://www.w3.org/2001/XMLSchema#double>')


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
