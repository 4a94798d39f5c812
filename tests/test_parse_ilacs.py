"""The ILACS parser, against Trafford 2022 and edits of it.

Expected facts were read off reports/trafford-2022-ilacs.txt by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from conftest import read_report
from ofsted_kg.errors import ParseError
from ofsted_kg.model.expectations import gaps
from ofsted_kg.parse import parse_report

NAME = "trafford-2022-ilacs.txt"
RI = "requires-improvement-to-be-good"

TABLE = [
    (
        "leaders-impact",
        "The impact of leaders on social work practice with children and families",
        RI,
    ),
    (
        "help-and-protection",
        "The experiences and progress of children who need help and protection",
        RI,
    ),
    (
        "children-in-care-and-care-leavers",
        "The experiences and progress of children in care and care leavers",
        RI,
    ),
    ("overall-effectiveness", "Overall effectiveness", RI),
]

IMPROVEMENTS = [
    "The quality of out-of-hours service provision to offer a more comprehensive and timely "
    "service for children.",
    "The support for homeless children over 16.",
    "The support to children in care to help them understand their entitlements and how they "
    "can influence the shaping and developing of children's services.",
    "The use of direct work and life-story work to gain the voice of the child and to support "
    "children's understanding of their life history.",
    "The support for care leavers in preparing for their transition to independence.",
    "The quality and frequency of supervision.",
]


@pytest.fixture
def report(parsed):
    return parsed(NAME)


def test_authority_dates_and_framework(report):
    assert report.authority.name == "Trafford"
    assert report.authority.aliases == ()
    assert report.start.value == date(2022, 11, 21)
    assert report.end.value == date(2022, 12, 2)
    assert report.start.span.quote == "21 November to 2 December 2022"
    assert report.published is None  # no publication date is printed
    # 11 days between first and last day on site: a standard inspection
    assert report.framework == "ilacs-standard"


def test_lead_inspector_without_title(report):
    team = [(m.name, m.role, m.role_as_printed, m.additional_inspector) for m in report.team]
    assert team == [("Nick Bennison", "lead-inspector", "Lead inspector", False)]


def test_judgement_table(report):
    rows = [(j.area, j.area_as_printed, j.grade) for j in report.judgements]
    assert rows == TABLE
    assert {j.scope for j in report.judgements} == {"local-authority"}
    for judgement in report.judgements:
        assert judgement.grade_as_printed == "Requires improvement to be good"
        assert (
            judgement.span.quote == f"{judgement.area_as_printed}\tRequires improvement to be good"
        )


def test_what_needs_to_improve(report):
    assert [r.text for r in report.recommendations] == IMPROVEMENTS
    assert {r.addressee for r in report.recommendations} == {"local-authority"}
    assert {r.timescale for r in report.recommendations} == {None}


def test_previous_inspection(report):
    assert [(p.kind, p.when, p.grade) for p in report.previous] == [("ilacs", "2019", "inadequate")]
    assert report.previous[0].span.quote == (
        "last inspection in 2019, when Trafford was judged to be inadequate"
    )


def test_nothing_else_is_printed(report):
    assert report.posts == []
    assert report.figures == []
    assert report.warnings == []


def test_every_span_quotes_the_raw_text(report):
    raw = read_report(NAME)
    spans = [report.authority.span, report.start.span, report.end.span]
    for items in (report.team, report.judgements, report.recommendations, report.previous):
        spans += [item.span for item in items]
    for span in spans:
        assert raw[span.start : span.end] == span.quote


# --- edits of the real text: other years' layouts and broken input ----------------------


def _edited(*pairs: tuple[str, str]):
    raw = read_report(NAME)
    for old, new in pairs:
        assert raw.count(old) == 1, old
        raw = raw.replace(old, new)
    return parse_report(raw, "edited.txt")


@pytest.mark.parametrize(
    ("dates", "framework"),
    [
        ("21 November to 2 December 2022", "ilacs-standard"),
        ("21 to 25 November 2022", "ilacs-short"),
        ("28 November to 2 December 2022", "ilacs-short"),
    ],
)
def test_standard_or_short_by_days_on_site(dates, framework):
    report = _edited(("21 November to 2 December 2022", dates))
    assert report.framework == framework


def test_printed_phrase_beats_the_dates():
    report = _edited(
        (
            "Following the last inspection in 2019",
            "This was a short inspection. Following the last inspection in 2019",
        )
    )
    assert report.framework == "ilacs-short"


@pytest.mark.parametrize("kind", ["short", "standard"])
def test_an_earlier_inspections_kind_is_not_this_ones(kind):
    """ "Since the short inspection in 2019" names the last inspection's kind: this one is
    told by its own days on site (Trafford 2022's twelve: standard)."""
    report = _edited(
        (
            "Following the last inspection in 2019",
            f"Since the {kind} inspection in 2019, leaders have acted. Following the last "
            "inspection in 2019",
        )
    )
    assert report.framework == "ilacs-standard"


def test_2024_separate_children_in_care_and_care_leavers():
    old = (
        "The experiences and progress of children in care and care leavers\t"
        "Requires improvement to be good\n"
    )
    new = (
        "The experiences and progress of children in care\tGood\n"
        "The experiences and progress of care leavers\tInadequate\n"
    )
    report = _edited((old, new))
    grades = {j.area: j.grade for j in report.judgements}
    assert grades == {
        "leaders-impact": RI,
        "help-and-protection": RI,
        "children-in-care": "good",
        "care-leavers": "inadequate",
        "overall-effectiveness": RI,
    }


def test_2018_title_puts_the_authority_on_the_next_line():
    report = _edited(
        (
            "Inspection of Trafford local authority children's services",
            "Inspection of children's social care services\n\nTrafford",
        )
    )
    assert report.authority.name == "Trafford"


def test_table_wrapped_over_lines_as_in_pdf_text():
    report = _edited(
        (
            "The impact of leaders on social work practice with children and families\t"
            "Requires improvement to be good",
            "The impact of leaders on social work practice with\nchildren and families\n"
            "Requires improvement\nto be good",
        )
    )
    leaders = report.judgements[0]
    assert (leaders.area, leaders.grade) == ("leaders-impact", RI)
    assert leaders.area_as_printed == TABLE[0][1]


def test_heading_that_contradicts_the_table_is_warned():
    report = _edited(
        (
            "children who need help and protection: requires improvement to be good",
            "children who need help and protection: good",
        )
    )
    assert len(report.warnings) == 1
    assert "help-and-protection" in report.warnings[0]
    assert "'good'" in report.warnings[0] and "line 32" in report.warnings[0]
    grades = {j.area: j.grade for j in report.judgements}
    assert grades["help-and-protection"] == RI


def test_no_judgement_table_falls_back_to_the_section_headings():
    """Trafford 2022 with its table's grades cut: the three section headings print each
    area's grade ("The experiences and progress of children who need help and protection:
    requires improvement to be good"); the overall grade, only in the table, is a gap."""
    raw = read_report(NAME).replace("\tRequires improvement to be good", "")
    report = parse_report(raw, "broken.txt")
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("help-and-protection", "requires-improvement-to-be-good"),
        ("children-in-care-and-care-leavers", "requires-improvement-to-be-good"),
        ("leaders-impact", "requires-improvement-to-be-good"),
    ]
    assert report.judgements[0].span.quote.startswith(
        "The experiences and progress of children who need help and protection: requires"
    )
    assert "the judgement table could not be read: grades taken from the section headings" in (
        report.warnings
    )
    assert gaps(report) == ["no overall effectiveness judgement"]
    assert len(report.recommendations) == 6


@pytest.mark.parametrize("cut", [60, 100])
def test_text_cut_before_the_dates_raises(cut):
    with pytest.raises(ParseError):
        parse_report(read_report(NAME)[:cut], "cut.txt")


@pytest.mark.parametrize("cut", [300, 500])
def test_text_cut_after_the_dates_keeps_what_is_printed(cut):
    report = parse_report(read_report(NAME)[:cut], "cut.txt")
    assert (report.authority.name, report.start.value) == ("Trafford", date(2022, 11, 21))
    assert "no 'What needs to improve' items" in gaps(report)


@pytest.mark.parametrize("cut, recommendations", [(600, 0), (3000, 3), (20000, 6)])
def test_truncated_text_keeps_what_is_printed_before_the_cut(cut, recommendations):
    """Trafford 2022 prints its judgement table on page 1 (every grade 'Requires improvement
    to be good') and six 'What needs to improve' items, the third ending before char 3000."""
    full = parse_report(read_report(NAME), NAME)
    report = parse_report(read_report(NAME)[:cut], "cut.txt")
    assert (report.authority.name, report.start.value, report.end.value) == (
        "Trafford",
        date(2022, 11, 21),
        date(2022, 12, 2),
    )
    assert {j.area: j.grade for j in report.judgements} == {
        "overall-effectiveness": "requires-improvement-to-be-good",
        "leaders-impact": "requires-improvement-to-be-good",
        "help-and-protection": "requires-improvement-to-be-good",
        "children-in-care-and-care-leavers": "requires-improvement-to-be-good",
    }
    texts = [r.text for r in report.recommendations]
    wanted = [r.text for r in full.recommendations][:recommendations]
    assert len(texts) == recommendations
    # Whole items as printed; one the cut goes through is kept as far as it is printed.
    assert texts[:-1] == wanted[:-1]
    assert not texts or wanted[-1].startswith(texts[-1])
    assert len(full.recommendations) == 6
    assert full.recommendations[1].text == "The support for homeless children over 16."


def test_visits_and_inspections_between_full_inspections():
    """Regression: Liverpool 2018 "Since the joint targeted inspection (JTAI) in 2016",
    Islington 2025 "Since the 2020 inspection", Windsor and Maidenhead 2020 naming one
    focused visit "in 2018" and "in December 2018"."""
    text = read_report("trafford-2022-ilacs.txt")
    old = "This began to change with the establishment of a new senior leadership team in 2020"
    assert old in text
    text = text.replace(
        old,
        "Since the joint targeted inspection (JTAI) in 2016, and the 2017 inspection, leaders "
        "acted. The focused visit in 2018 and a focused visit in December 2018 found progress. "
        + old,
    )
    report = parse_report(text, "trafford-variant.txt")
    found = [(p.kind, p.when, p.grade, p.span.quote) for p in report.previous]
    assert found == [
        ("ilacs", "2019", "inadequate",
         "last inspection in 2019, when Trafford was judged to be inadequate"),
        ("sif", "2017", None, "the 2017 inspection"),
        ("jtai", "2016", None, "joint targeted inspection (JTAI) in 2016"),
        ("focused-visit", "2018-12", None, "focused visit in December 2018"),
    ]  # fmt: skip
