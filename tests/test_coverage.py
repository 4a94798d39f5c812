"""Coverage warnings, the build progress bar, and one person node per inspector."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import PROV, RDF, SDO

from conftest import FIXTURES, REPORTS
from ofsted_kg.cli import main
from ofsted_kg.model import vocab
from ofsted_kg.model.expectations import EXPECTED, gaps
from ofsted_kg.model.namespaces import OFS, slug
from ofsted_kg.parse import parse_text
from ofsted_kg.parse.common import clean_person_name
from ofsted_kg.rdf.graph import build_graph
from ofsted_kg.source.files import read_source

KENT = FIXTURES / "pdfs" / "kent-2013-08-23.pdf"


@pytest.fixture(scope="module")
def kent():
    return parse_text(read_source(KENT), KENT.name)


def test_every_framework_has_expectations():
    assert set(vocab.FRAMEWORKS) <= set(EXPECTED)


def test_bundled_reports_gaps(all_reports):
    """Only Bolton 2014 lacks something: it prints no 'Report published' date."""
    found = {r.source: gaps(r) for r in all_reports}
    assert found == {
        "bolton-2014-sif.txt": ["no published date"],
        "cheshire-west-and-chester-2015-sif.txt": [],
        "tameside-2012-safeguarding-lac.txt": [],
        "trafford-2015-sif.txt": [],
        "trafford-2022-ilacs.txt": [],
    }


def test_lac2013_report_without_lead_or_recommendations_is_flagged(kent):
    bare = dataclasses.replace(kent, team=[], recommendations=[], published=None)
    assert gaps(bare) == [
        "no lead inspector",
        "no published date",
        "no 'Areas for improvement' with timescales",
    ]
    assert gaps(kent) == []


def test_ilacs_without_lead_or_what_needs_to_improve(parsed):
    report = parsed("trafford-2022-ilacs.txt")
    bare = dataclasses.replace(report, team=[], recommendations=[])
    assert gaps(bare) == ["no lead inspector", "no 'What needs to improve' items"]


def test_sif_without_lscb_grade_or_recommendations(parsed):
    report = parsed("trafford-2015-sif.txt")
    no_grade = [j for j in report.judgements if j.scope != "lscb"]
    assert gaps(dataclasses.replace(report, judgements=no_grade, recommendations=[])) == [
        "no recommendations to the local authority",
        "no LSCB judgement",
    ]


def test_build_summary_shows_coverage_gaps_and_no_progress_bar_when_not_a_terminal(tmp_path):
    result = CliRunner().invoke(main, ["build", str(REPORTS), str(KENT), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        "coverage: bolton-2014-sif.txt: no published date (sif reports have one)" in result.output
    )
    assert "coverage: kent" not in result.output
    assert "Parsing" not in result.output
    assert "Parsing" not in result.stderr


def test_progress_flag_draws_the_bar_on_stderr(tmp_path):
    result = CliRunner().invoke(
        main, ["build", str(KENT), "--progress", "--no-validate", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "Parsing" in result.stderr
    assert "Parsing" not in result.stdout


@pytest.mark.parametrize(
    "printed",
    [
        "Sarah Urding",
        "Sarah Urding HMI",
        "Ms Sarah Urding, HMI",
        "Sarah Urding (Additional Inspector)",
        "Sarah\nUrding",
        "Sarah Urding, Her Majesty\u2019s Inspector",
        "Sarah Urding Senior HMI",
    ],
)
def test_printed_variants_of_a_name_normalise_alike(printed):
    assert clean_person_name(printed)[0] == "Sarah Urding"


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Sandra Jacobs- Walls", "Sandra Jacobs-Walls"),
        ("Sandra Jacobs\u2013Walls", "Sandra Jacobs-Walls"),
        ("Ciaran O\u2019Neill", "Ciaran O'Neill"),
        ("Dr. J. Smith", "J Smith"),
        ("Simon Rushall, Senior Her Majesty's Inspector", "Simon Rushall"),
    ],
)
def test_name_normal_form(printed, name):
    assert clean_person_name(printed)[0] == name


def test_senior_hmi_after_a_comma_is_not_a_person():
    assert clean_person_name("Senior Her Majesty\u2019s Inspector")[0] == ""


def test_one_inspector_in_two_reports_is_one_person_node(kent, parsed):
    """Helen Cawston leads Kent 2013; give her a place in Bolton's team, printed otherwise."""
    bolton = parsed("bolton-2014-sif.txt")
    member = dataclasses.replace(bolton.team[1], name=clean_person_name("Ms Helen Cawston, HMI")[0])
    bolton = dataclasses.replace(bolton, team=[bolton.team[0], member, *bolton.team[2:]])
    graph = build_graph([kent, bolton])
    people = {
        s
        for s in graph.subjects(RDF.type, OFS.Inspector)
        if str(s).endswith("/" + slug("Helen Cawston"))
    }
    assert len(people) == 1
    person = people.pop()
    assert isinstance(person, URIRef)
    assert [str(n) for n in graph.objects(person, SDO.name)] == ["Helen Cawston"]
    inspections = set(graph.subjects(PROV.wasAssociatedWith, person))
    assert len(inspections) == 2
