"""The graph: stable IRIs, authorities from the LA table, committed files up to date."""

from __future__ import annotations

import json
from datetime import date

from make_schemes import concept_graph
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from conftest import REPORTS, ROOT
from ofsted_kg.model import vocab
from ofsted_kg.model.namespaces import OFS, SDMX_MEASURE, IRIs, statistical_geography
from ofsted_kg.rdf.context import build_context
from ofsted_kg.rdf.graph import build_graph
from ofsted_kg.rdf.serialise import jsonld_bytes, turtle_bytes
from ofsted_kg.resources import ontology_graph
from ofsted_kg.store.disk import load_graph

IRI = IRIs()
TRAFFORD = IRI.authority("E08000009")


def test_trafford_is_one_node_with_its_identifiers_from_the_la_table(built_graph):
    g = built_graph
    assert g.value(TRAFFORD, OFS.gssCode) == Literal("E08000009")
    assert g.value(TRAFFORD, OFS.laNumber) == Literal("358")
    assert g.value(TRAFFORD, OFS.ofstedURN) == Literal("80573")
    assert g.value(TRAFFORD, OFS.region) == Literal("North West")
    assert (TRAFFORD, DCTERMS.spatial, statistical_geography("E08000009")) in g
    # Both Trafford reports (2015 SIF, 2022 ILACS) hang off the same authority node.
    inspections = sorted(str(i) for i in g.subjects(OFS.inspectedAuthority, TRAFFORD))
    assert inspections == [
        str(IRI.inspection("E08000009", date(2015, 1, 27))),
        str(IRI.inspection("E08000009", date(2022, 11, 21))),
    ]
    assert Literal("Trafford Metropolitan Borough Council", lang="en") in set(
        g.objects(TRAFFORD, SKOS.altLabel)
    )


def test_all_councils_are_in_the_graph(built_graph):
    authorities = set(built_graph.subjects(RDF.type, OFS.LocalAuthority))
    # 153 current councils + Bournemouth, Cumbria, Dorset County Council, Northamptonshire, Poole
    assert len(authorities) == 158


def test_instance_iris_come_from_stable_identifiers(built_graph):
    inspection = URIRef("https://w3id.org/ofsted-kg/id/inspection/E08000001/2014-01-14")
    assert (inspection, RDF.type, OFS.Inspection) in built_graph
    overall = URIRef(f"{inspection}/judgement/local-authority/overall-effectiveness")
    assert built_graph.value(inspection, OFS.overallJudgement) == overall
    assert built_graph.value(overall, OFS.grade) == URIRef(
        "https://w3id.org/ofsted-kg/concept/grade/sif/requires-improvement"
    )
    lead = URIRef("https://w3id.org/ofsted-kg/id/person/marie-mcguinness")
    assert (lead, RDF.type, OFS.Inspector) in built_graph
    assert not any(isinstance(node, type(None)) for node in built_graph.all_nodes())


def test_no_blank_nodes(built_graph):
    from rdflib import BNode

    assert not [n for n in built_graph.all_nodes() if isinstance(n, BNode)]


def test_inspector_in_two_reports_is_one_person(built_graph):
    # Gary Lamb led Trafford 2015 and is an additional inspector in Cheshire West 2015.
    gary = IRI.person("Gary Lamb")
    from rdflib.namespace import PROV

    inspections = set(built_graph.subjects(PROV.wasAssociatedWith, gary))
    assert inspections == {
        IRI.inspection("E08000009", date(2015, 1, 27)),
        IRI.inspection("E06000050", date(2015, 11, 24)),
    }


def test_tenure_and_figures(built_graph):
    inspection = IRI.inspection("E08000009", date(2015, 1, 27))
    tenure = IRI.tenure(inspection, "director-of-childrens-services")
    assert built_graph.value(tenure, OFS.inPostSince) == Literal("2010-07", datatype=XSD.gYearMonth)
    bolton = IRI.inspection("E08000001", date(2014, 1, 14))
    looked_after = IRI.observation(bolton, "children-looked-after", date(2013, 3, 31))
    assert built_graph.value(looked_after, OFS.measure) == URIRef(
        "https://w3id.org/ofsted-kg/concept/measure/children-looked-after"
    )
    assert built_graph.value(looked_after, SDMX_MEASURE.obsValue) == Literal(
        "540.0", datatype=XSD.double
    )
    assert built_graph.value(looked_after, OFS.ratePer10000) == Literal("83.0", datatype=XSD.double)


def test_build_is_deterministic(all_reports):
    first, second = build_graph(all_reports), build_graph(list(reversed(all_reports)))
    assert turtle_bytes(first) == turtle_bytes(second)
    assert jsonld_bytes(first) == jsonld_bytes(second)


def test_committed_graphs_are_not_stale(built_graph, tmp_path):
    """``make graphs`` output, rebuilt into a folder of the test's own, is byte-identical
    to the committed graphs; the graph is the library's plus the build record."""
    from ofsted_kg.build.pipeline import build

    result = build([REPORTS], tmp_path, use_cache=False)
    assert result.written, "the bundled reports did not build"
    for name in ("ofsted.ttl", "ofsted.jsonld"):
        fresh = (tmp_path / name).read_bytes()
        assert (ROOT / "graphs" / name).read_bytes() == fresh, "run 'make graphs'"
    committed = load_graph(ROOT / "graphs" / "ofsted.jsonld")
    assert set(built_graph) <= set(committed)
    vocabulary = set(ontology_graph())  # written with the data: the graph stands alone
    assert vocabulary <= set(committed)
    extra = {s for s, _, _ in set(committed) - set(built_graph) - vocabulary}
    assert all("/build" in s or "/source/" in s or "/dataset" in s for s in extra), extra


def test_committed_schemes_and_context_are_not_stale():
    assert (ROOT / "ontology" / "schemes.ttl").read_bytes() == turtle_bytes(concept_graph()), (
        "run 'make schemes'"
    )
    committed = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert committed["@context"] == build_context(ontology_graph()), "run 'make schemes'"


def test_every_ontology_term_is_labelled_and_commented():
    from rdflib.namespace import OWL, RDFS

    onto = ontology_graph()
    terms = [
        s
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in onto.subjects(RDF.type, kind)
        if str(s).startswith(str(OFS))
    ]
    assert len(terms) > 40
    for term in terms:
        assert onto.value(term, RDFS.label) is not None, term
        assert onto.value(term, RDFS.comment) is not None, term


def test_grades_share_a_rank_across_frameworks():
    onto = ontology_graph()
    adequate = URIRef("https://w3id.org/ofsted-kg/concept/grade/adequate-scale/adequate")
    ri = URIRef("https://w3id.org/ofsted-kg/concept/grade/sif/requires-improvement")
    ribg = URIRef("https://w3id.org/ofsted-kg/concept/grade/ilacs/requires-improvement-to-be-good")
    assert {int(onto.value(g, OFS.rank)) for g in (adequate, ri, ribg)} == {3}
    assert (adequate, SKOS.closeMatch, ri) in onto
    assert (ri, SKOS.closeMatch, ribg) in onto
    # "Adequate" exists only on the 2009-2013 scale, "Requires improvement to be good" only
    # in ILACS.
    assert vocab.grade_slug("Adequate", "sif") is None
    assert vocab.grade_slug("Requires improvement to be good", "sif") is None


def test_same_person_printed_twice_in_a_team_is_one_membership(parsed):
    """Regression: a repeated name gave one membership IRI two text positions."""
    from dataclasses import replace

    report = parsed("trafford-2015-sif.txt")
    doubled = replace(report, team=[*report.team, report.team[-1]])
    graph = build_graph([doubled])
    memberships = set(graph.subjects(RDF.type, OFS.TeamMembership))
    assert len(memberships) == len(report.team) == 9
    from ofsted_kg.validate.validator import validate_graph

    assert validate_graph(graph).conforms
