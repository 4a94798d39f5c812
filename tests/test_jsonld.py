"""JSON-LD for JSON developers: numbers are JSON numbers, every key figure has one shape,
grades are objects with their label and rank, the grade as printed is the report's words,
and ``--frame inspection`` is the same document pyld's framing algorithm gives."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ofsted_kg.export.formats import export, jsonld_framed_pyld
from ofsted_kg.store.disk import load_graph


@pytest.fixture(scope="module")
def framed(built_graph) -> dict:
    document = json.loads(export(built_graph, "jsonld", frame="inspection"))
    return {node["id"].rsplit("/inspection/", 1)[1]: node for node in document["@graph"]}


def test_key_figures_are_numbers_in_one_shape(framed):
    """Bolton 2014: "At 31 March 2013, 540 children were being looked after by the local
    authority (a rate of 83 per 10,000 children)"; every figure has the same keys."""
    figures = framed["E08000001/2014-01-14"]["keyFigures"]
    looked_after = next(f for f in figures if f["measure"]["notation"] == "children-looked-after")
    assert looked_after["value"] == 540.0 and isinstance(looked_after["value"], float)
    assert looked_after["ratePer10000"] == 83.0
    assert looked_after["refPeriod"] == "2013-03-31"
    assert looked_after["measure"]["prefLabel"] == "Children looked after by the local authority"
    under_18 = next(f for f in figures if f["measure"]["notation"] == "children-under-18")
    assert under_18["value"] == 65250.0 and under_18["refPeriodPrinted"] is False
    shapes = {frozenset(k for k in f if k != "ratePer10000") for f in figures}
    assert len(shapes) == 1 and {"measure", "value", "refPeriod"} <= next(iter(shapes))
    assert not any(k.startswith("figure") for f in figures for k in f)


def test_grades_are_objects_with_label_and_rank(framed):
    """Trafford 2022: every judgement 'Requires improvement to be good', rank 3, printed so;
    Trafford 2015's overall grade printed 'good' ("children's services are good"), the
    concept's label 'Good', rank 2."""
    for judgement in framed["E08000009/2022-11-21"]["judgements"]:
        assert judgement["grade"]["prefLabel"] == "Requires improvement to be good"
        assert judgement["grade"]["rank"] == 3
        assert judgement["gradeAsPrinted"] == "Requires improvement to be good"
    overall = next(
        j
        for j in framed["E08000009/2015-01-27"]["judgements"]
        if j["area"]["notation"] == "overall-effectiveness"
    )
    assert (overall["grade"]["prefLabel"], overall["grade"]["rank"]) == ("Good", 2)
    assert overall["gradeAsPrinted"] == "good"
    assert overall["wasDerivedFrom"]["hasSelector"][1]["exact"] == (
        "The overall judgement is that children’s services are good"
    )
    area = overall["area"]
    assert area["prefLabel"] == "Overall effectiveness"
    assert area["comparableArea"] == "concept:area/common/overall-effectiveness"


def test_team_roles_and_framework_are_objects(framed):
    inspection = framed["E08000009/2015-01-27"]
    assert inspection["framework"]["prefLabel"] == "Single inspection framework (2013-2017)"
    assert inspection["framework"]["givesOverallJudgement"] is True
    lead = next(m for m in inspection["team"] if m["hadRole"]["notation"] == "lead-inspector")
    assert lead["agent"]["name"] == "Gary Lamb"
    assert lead["hadRole"]["prefLabel"] == "Lead inspector"


def test_compact_export_has_numbers_and_reads_back(built_graph):
    data = export(built_graph, "jsonld")
    nodes = {node["id"]: node for node in json.loads(data)["@graph"]}
    figure = nodes[
        "https://w3id.org/ofsted-kg/id/inspection/E08000009/2015-01-27/figure/"
        "children-looked-after/2014-12-31"
    ]
    assert (figure["value"], figure["ratePer10000"]) == (338.0, 63.8)
    assert figure["measure"] == "concept:measure/children-looked-after"
    assert isomorphic(Graph().parse(data=data, format="json-ld"), built_graph)


def test_fast_framing_is_pyld_framing(built_graph):
    assert export(built_graph, "jsonld", frame="inspection") == jsonld_framed_pyld(built_graph)


def test_fast_framing_is_pyld_framing_on_the_development_corpus(dev_corpus_graph):
    """Every layout and framework: the same bytes (pyld takes half a minute)."""
    graph = load_graph(dev_corpus_graph)
    assert export(graph, "jsonld", frame="inspection") == jsonld_framed_pyld(graph)


def test_every_grade_as_printed_is_the_reports_words(dev_corpus_graph):
    """Not lower-cased, not tidied: each judgement's grade as printed is in its quote,
    letter for letter, in every development report."""
    graph = load_graph(dev_corpus_graph)
    rows = graph.query(
        """PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?printed ?quote WHERE {
          ?judgement a ofs:Judgement ; ofs:gradeAsPrinted ?printed ;
                     prov:wasDerivedFrom/oa:hasSelector/oa:exact ?quote . }"""
    )
    pairs = [(str(p), " ".join(str(q).split())) for p, q in rows]
    assert len(pairs) > 600  # 609 judgements in 112 reports
    assert [(p, q) for p, q in pairs if p not in q] == []
    assert {p for p, _ in pairs} >= {"good", "Good", "Requires improvement to be good"}


def test_the_node_writer_indents_exactly_as_json_dumps(built_graph):
    """The JSON-LD writer's own indenting (for speed) writes what ``json.dumps(indent=1)``
    writes: every node of the bundled reports' graph (quotes, recommendations' curly
    quotes and dashes, numbers, booleans, nested values) and a few awkward values."""
    from ofsted_kg.rdf.jsonld import compact_nodes, indented_json
    from ofsted_kg.rdf.ntriples import ntriples_lines
    from ofsted_kg.rdf.serialise import jsonld_context

    nodes = compact_nodes(ntriples_lines(built_graph), jsonld_context())
    assert len(nodes) > 1000
    awkward = [{}, [], {"a": []}, [{}], "tab\there \"quoted\" \\ \u2019\u2013 \x01", 1.5e-07,
               -0, True, None, {"nested": {"list": [1, "two", {"three": 3.0}]}}]  # fmt: skip
    for value in [*nodes, *awkward]:
        expected = json.dumps(value, indent=1, ensure_ascii=False).replace("\n", "\n  ")
        assert indented_json(value, "  ") == expected
    trafford = next(n for n in nodes if str(n["id"]).endswith("authority/E08000009"))
    assert '"prefLabel": "Trafford"' in indented_json(trafford)
