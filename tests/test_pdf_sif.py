"""SIF, SIF re-inspection and stand-alone LSCB review PDFs (layout families B-E).

Expected facts were read from the PDFs in tests/fixtures/pdfs, not from parser output.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES, REPORTS
from ofsted_kg.model.councils import resolve_authority
from ofsted_kg.parse import parse_text
from ofsted_kg.source.files import read_pdf_pages, read_source
from ofsted_kg.source.text import squash

PDFS = FIXTURES / "pdfs"
TRAFFORD, SURREY_LSCB, DONCASTER = (
    "trafford-2015-05-12.pdf",
    "surrey-2015-08-03.pdf",
    "doncaster-2018-01-19.pdf",
)
ALL = [TRAFFORD, SURREY_LSCB, DONCASTER]
LA, LSCB = "local-authority", "lscb"
GOOD, OUT, RI = "good", "outstanding", "requires-improvement"
LEAD, DEPUTY, TEAM, QA = (
    "lead-inspector",
    "deputy-lead-inspector",
    "team-inspector",
    "quality-assurance-manager",
)
SDA = "senior-data-analyst"
SIF_AREAS = (
    "overall-effectiveness",
    "help-and-protection",
    "looked-after-and-permanence",
    "adoption-performance",
    "care-leavers",
    "leadership-management-governance",
)

EXPECTED = {
    TRAFFORD: dict(
        framework="sif",
        authority="Trafford Metropolitan Borough Council",
        gss="E08000009",
        start=date(2015, 1, 27),
        end=date(2015, 2, 18),
        published=date(2015, 5, 12),
        judgements=[
            *(
                (LA, a, g)
                for a, g in zip(SIF_AREAS, (GOOD, GOOD, GOOD, GOOD, OUT, OUT), strict=True)
            ),
            (LSCB, "lscb-effectiveness", GOOD),
        ],
        recs={LA: 6, LSCB: 5},
        team=[
            ("Gary Lamb", LEAD, "Lead inspector", False),
            ("Lynn Radley", DEPUTY, "Deputy lead inspector", False),
            ("Sheena Doyle", TEAM, "Team inspectors", False),
            ("Simon Rushall", TEAM, "Team inspectors", False),
            ("Ali Mekki", TEAM, "Team inspectors", False),
            ("Katheryn Gethin", TEAM, "Team inspectors", False),
            ("Dean Jennings", TEAM, "Team inspectors", True),  # "Dean \nJennings"
            ("Judith Nelson", TEAM, "Team inspectors", True),
            ("Simone White", QA, "Quality assurance manager", False),
        ],
    ),
    SURREY_LSCB: dict(
        framework="lscb-review",
        authority="Surrey",
        gss="E10000030",
        start=date(2015, 6, 15),
        end=date(2015, 6, 17),
        published=date(2015, 8, 3),
        judgements=[(LSCB, "lscb-effectiveness", RI)],
        recs={LSCB: 8},
        team=[
            ("Dominic Stevens", LEAD, "Lead inspector", False),
            ("Lynn Radley", DEPUTY, "Deputy lead inspector", False),
            ("Simon Rushall", QA, "Quality assurance manager", False),
        ],
    ),
    DONCASTER: dict(
        framework="sif-reinspection",
        authority="Doncaster Metropolitan Borough Council",
        gss="E08000017",
        start=date(2017, 11, 9),
        end=date(2017, 11, 24),
        published=date(2018, 1, 19),
        judgements=[(LA, a, GOOD) for a in SIF_AREAS],
        recs={LA: 4},
        team=[
            ("Neil Penswick", LEAD, "Lead inspector", False),
            ("Lorna Schlechte", DEPUTY, "Deputy lead inspector", False),
            ("Fiona Millns", TEAM, "Team inspectors", False),
            ("Rachel Holden", TEAM, "Team inspectors", False),
            ("Matthew Reed", TEAM, "Team inspectors", False),
            ("Patrick Thomson", SDA, "Senior data analyst", False),
            ("Stewart Hartshorne", SDA, "Senior data analyst", False),
            ("Bob Morton", QA, "Quality assurance manager", False),
        ],
    ),
}

RECOMMENDATIONS = [
    (
        TRAFFORD,
        LA,
        2,
        "Ensure that plans always include clear and measurable objectives and "
        "timescales to inform the work of core groups, so that progress can be closely monitored "
        "and evaluated.",
    ),
    (
        TRAFFORD,
        LSCB,
        122,
        "Develop a plan to raise safeguarding awareness in the wider community "
        "and in faith groups and the voluntary and community sector.",
    ),
    (
        SURREY_LSCB,
        LSCB,
        None,
        "Put in place a process for assessing the impact of training on "
        "improving the quality of practice (paragraph 15).",
    ),
    (
        SURREY_LSCB,
        LSCB,
        None,
        "Update the 'Early help: multi-agency levels of need' document as "
        "a matter of urgency, so that it more clearly reflects the expectations of statutory "
        "guidance and provides an effective tool to direct and support those who work with "
        "children and young people in Surrey (paragraph 4).",
    ),
    (
        DONCASTER,
        LA,
        4,
        "Ensure that all children looked after and care leavers have easy access "
        "to leisure facilities.",
    ),
]


@pytest.fixture(scope="module")
def pdf():
    cache: dict[str, object] = {}

    def get(name: str):
        if name not in cache:
            cache[name] = parse_text(read_source(PDFS / name), name)
        return cache[name]

    return get


@pytest.mark.parametrize("name", ALL)
def test_authority_framework_and_dates(pdf, name):
    report, expected = pdf(name), EXPECTED[name]
    assert report.framework == expected["framework"]
    assert report.authority.name == expected["authority"]
    assert resolve_authority(report.authority.name).gss == expected["gss"]
    assert (report.start.value, report.end.value) == (expected["start"], expected["end"])
    assert report.published.value == expected["published"]


@pytest.mark.parametrize("name", ALL)
def test_judgements(pdf, name):
    got = [(j.scope, j.area, j.grade) for j in pdf(name).judgements]
    assert got == EXPECTED[name]["judgements"]


@pytest.mark.parametrize("name", ALL)
def test_team_as_printed(pdf, name):
    got = [(m.name, m.role, m.role_as_printed, m.additional_inspector) for m in pdf(name).team]
    assert got == EXPECTED[name]["team"]


@pytest.mark.parametrize("name", ALL)
def test_recommendation_counts_per_addressee(pdf, name):
    counts: dict[str, int] = {}
    for rec in pdf(name).recommendations:
        counts[rec.addressee] = counts.get(rec.addressee, 0) + 1
    assert counts == EXPECTED[name]["recs"]


@pytest.mark.parametrize(("name", "addressee", "number", "text"), RECOMMENDATIONS)
def test_recommendation_texts_verbatim(pdf, name, addressee, number, text):
    found = [r for r in pdf(name).recommendations if r.text == text]
    assert [(r.addressee, r.number) for r in found] == [(addressee, number)]
    assert "\uf06e" not in found[0].text


def test_wrapped_grades_and_labels_quote_the_page():
    report = parse_text(read_source(PDFS / TRAFFORD), TRAFFORD)
    [row] = [j for j in report.judgements if j.area == "looked-after-and-permanence"]
    assert row.span.quote == "2. Children looked after and achieving \npermanence\nGood"
    assert row.span.page == 1
    [lscb] = [j for j in report.judgements if j.scope == LSCB]
    assert (lscb.span.quote, lscb.span.page) == (
        "The Local Safeguarding Children Board is good",
        39,
    )


@pytest.mark.parametrize("name", ALL)
def test_every_span_quotes_its_page(pdf, name):
    pages = read_pdf_pages(PDFS / name)
    report = pdf(name)
    spans = [report.authority.span, report.start.span, report.end.span, report.published.span]
    for group in (
        report.team,
        report.judgements,
        report.recommendations,
        report.posts,
        report.previous,
        report.figures,
    ):
        spans += [item.span for item in group]
    for span in spans:
        assert pages[span.page - 1][span.start : span.end] == span.quote


def _facts(report):
    return dict(
        authority=(report.authority.name, report.authority.aliases),
        dates=(report.start.value, report.end.value, report.published.value),
        judgements=[
            (j.scope, j.area, j.grade, squash(j.area_as_printed)) for j in report.judgements
        ],
        team=[(m.name, m.role, m.role_as_printed, m.additional_inspector) for m in report.team],
        recommendations=[
            (r.addressee, r.number, r.timescale, squash(r.text)) for r in report.recommendations
        ],
        posts=[(p.post, p.since) for p in report.posts],
        previous=[(p.kind, p.when, p.grade) for p in report.previous],
        figures=[(f.measure, f.value, f.as_at, f.rate_per_10000) for f in report.figures],
        warnings=report.warnings,
    )


def test_trafford_text_and_pdf_give_the_same_facts(pdf):
    text = parse_text(read_source(REPORTS / "trafford-2015-sif.txt"), "trafford-2015-sif.txt")
    assert _facts(pdf(TRAFFORD)) == _facts(text)


def test_doncaster_authority_wrapped_over_two_lines(pdf):
    span = pdf(DONCASTER).authority.span
    assert span.quote == "Doncaster Metropolitan Borough \nCouncil"


def test_doncaster_lscb_chair_and_child_protection_rate(pdf):
    # p.4: "The chair of the Local Safeguarding Children's Board (LSCB) has been in post
    # since November 2017"; p.5: "At 31 October 2017, 353 children and young people were
    # the subject of a child protection plan (a rate of 53.9 per 10,000 children)".
    report = pdf(DONCASTER)
    assert ("lscb-chair", "2017-11") in [(p.post, p.since) for p in report.posts]
    [plans] = [f for f in report.figures if f.measure == "child-protection-plans"]
    assert (plans.value, plans.rate_per_10000) == (353, Decimal("53.9"))
    assert plans.span.page == 5


def test_lscb_review_names_the_council_not_the_board(pdf):
    authority = pdf(SURREY_LSCB).authority
    assert authority.aliases == ("Surrey Safeguarding Children Board",)
    assert authority.span.quote == "Surrey"


def test_reinspection_title_is_detected_whatever_the_wrapping():
    pages = read_pdf_pages(PDFS / DONCASTER)
    pages[0] = pages[0].replace(
        "children in need of help and \nprotection", "children\nin need of\nhelp and protection"
    )
    from ofsted_kg.source.text import SourceText

    report = parse_text(SourceText.from_pages(pages), DONCASTER)
    assert report.framework == "sif-reinspection"


def test_fixture_paths_exist():
    assert all(Path(PDFS / name).exists() for name in ALL)
