"""A built graph stands alone: loaded into rdflib (or read as JSON) with nothing else, it
gives the grades' ranks and labels, the areas' labels and the areas they compare with."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from conftest import ROOT
from ofsted_kg.cli import main
from ofsted_kg.model.namespaces import OFS
from ofsted_kg.resources import ontology_graph

GRAPHS = ROOT / "graphs"
TRAFFORD_2022 = "https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21"
GRADES = """
PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?area ?grade ?rank ?common WHERE {
  ?judgement prov:wasGeneratedBy ?inspection ; ofs:area ?a ; ofs:grade ?g .
  ?a skos:prefLabel ?area ; ofs:comparableArea/skos:prefLabel ?common .
  ?g skos:prefLabel ?grade ; ofs:rank ?rank .
} ORDER BY ?area ?common
"""


@pytest.mark.parametrize("name", ["ofsted.ttl", "ofsted.jsonld"])
def test_the_committed_graph_gives_ranks_and_labels_on_its_own(name):
    """Trafford 2022 (ILACS): four judgements, each 'Requires improvement to be good', rank
    3; the children in care and care leavers row speaks for both comparable areas."""
    graph = Graph().parse(GRAPHS / name, format="json-ld" if name.endswith("jsonld") else "turtle")
    rows = [
        (str(a), str(g), int(r), str(c))
        for a, g, r, c in graph.query(GRADES, initBindings={"inspection": URIRef(TRAFFORD_2022)})
    ]
    ribg = "Requires improvement to be good"
    assert rows == [
        ("Overall effectiveness", ribg, 3, "Overall effectiveness"),
        (
            "The experiences and progress of children in care and care leavers",
            ribg,
            3,
            "Care leavers",
        ),
        (
            "The experiences and progress of children in care and care leavers",
            ribg,
            3,
            "Children in care (looked after)",
        ),
        (
            "The experiences and progress of children who need help and protection",
            ribg,
            3,
            "Children who need help and protection",
        ),
        (
            "The impact of leaders on social work practice with children and families",
            ribg,
            3,
            "Leadership and its impact on practice",
        ),
    ]
    # The classes and properties are labelled too.
    assert graph.value(OFS.Judgement, RDFS.label) == Literal("Judgement", lang="en")


def test_the_vocabulary_is_written_whole_and_only_once(tmp_path):
    """Every triple of ontology/ofsted.ttl and schemes.ttl is in the built file."""
    graph = Graph().parse(GRAPHS / "ofsted.ttl")
    assert set(ontology_graph()) <= set(graph)
    grade = URIRef("https://w3id.org/ofsted-kg/concept/grade/sif/good")
    assert graph.value(grade, OFS.rank) == Literal(2)
    assert graph.value(grade, SKOS.prefLabel) == Literal("Good", lang="en")


def test_json_developers_find_the_grade_nodes_in_the_json_ld_file():
    document = json.loads((GRAPHS / "ofsted.jsonld").read_text(encoding="utf-8"))
    nodes = {node["id"]: node for node in document["@graph"]}
    good = nodes["concept:grade/ilacs/good"]  # the context's prefix, as in every "grade"
    assert good["prefLabel"] == "Good" and good["rank"] == 2


def test_trig_export_puts_the_vocabulary_in_its_own_named_graphs(tmp_path):
    """The reference graph holds the councils and the build record, not the ontology."""
    out = tmp_path / "ofsted.trig"
    result = CliRunner().invoke(
        main, ["export", "--format", "trig", "--graph", str(GRAPHS / "ofsted.ttl"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(out, format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    reference = graphs["https://w3id.org/ofsted-kg/id/reference"]
    assert not set(reference) & set(ontology_graph())
    assert set(graphs["https://w3id.org/ofsted-kg/ontology"]) | set(
        graphs["https://w3id.org/ofsted-kg/concept/"]
    ) == set(ontology_graph())


def test_the_vocabulary_lines_read_by_oxigraph_are_rdflibs_to_the_byte():
    """The build reads the ontology's lines with Oxigraph (fast); rdflib, the reference,
    gives the same lines: the committed graph's bytes do not depend on the reader."""
    from ofsted_kg.rdf.ntriples import ntriples_lines
    from ofsted_kg.rdf.vocabulary import vocabulary_lines

    lines = vocabulary_lines()
    assert list(lines) == ntriples_lines(ontology_graph())
    label = (
        "<https://w3id.org/ofsted-kg/ontology#Inspection> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Inspection"@en .'
    )
    assert label in lines
