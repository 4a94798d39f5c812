"""The ILACS parser on Ofsted's PDFs: 2019 (authority above the title), 2022 (one children
in care and care leavers judgement) and 2024 (split judgements, short inspection).

Expected facts were read off the fixture PDFs in ``tests/fixtures/pdfs/`` (page 1 and the
"What needs to improve?" list on page 2, rendered and as extracted text). The edits at the
end rebuild a fixture's page texts with the layouts of other development reports.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import report_spans
from ofsted_kg.model.councils import resolve_authority
from ofsted_kg.model.expectations import gaps
from ofsted_kg.parse import parse_text
from ofsted_kg.source.files import read_source
from ofsted_kg.source.text import SourceText, squash

PDFS = Path(__file__).resolve().parent / "fixtures" / "pdfs"
NEWHAM = "newham-2019-03-25.pdf"
COVENTRY = "coventry-2022-08-12.pdf"
NOTTS = "nottinghamshire-2024-07-12.pdf"
RI = "requires-improvement-to-be-good"

EXPECTED = {
    NEWHAM: {
        "authority": ("London Borough of Newham", "Newham"),
        "framework": "ilacs-standard",
        "dates": (date(2019, 2, 11), date(2019, 2, 22), "11 February 2019 to 22 February 2019"),
        "team": [("Dawn Godfrey", "lead-inspector")],
        "judgements": [
            ("leaders-impact", "inadequate", "Inadequate"),
            ("help-and-protection", RI, "Requires improvement"),
            ("children-in-care-and-care-leavers", "inadequate", "Inadequate"),
            ("overall-effectiveness", "inadequate", "Inadequate"),
        ],
        "items": 11,
        # p.2: "... both then and in the focused visit of 2018."
        "previous": [
            ("sif", "2014", None, "previous inspection in 2014"),
            ("focused-visit", "2018", None, "focused visit of 2018"),
        ],
        "posts": [],
    },
    COVENTRY: {
        "authority": ("Coventry", "Coventry"),
        "framework": "ilacs-standard",
        "dates": (date(2022, 6, 20), date(2022, 7, 1), "20 June to 1 July 2022"),
        "team": [("Nick Bennison", "lead-inspector")],
        "judgements": [
            ("leaders-impact", "good", "Good"),
            ("help-and-protection", "good", "Good"),
            ("children-in-care-and-care-leavers", "good", "Good"),
            ("overall-effectiveness", "good", "Good"),
        ],
        "items": 4,
        # "the last inspection and the focused assurance visit in 2021": the year is the
        # visit's, so the inspection has no date and is not recorded.
        "previous": [("focused-visit", "2021", None, "focused assurance visit in 2021")],
        "posts": [],
    },
    NOTTS: {
        "authority": ("Nottinghamshire County Council", "Nottinghamshire"),
        # 20 to 24 May 2024, one week on site
        "framework": "ilacs-short",
        "dates": (date(2024, 5, 20), date(2024, 5, 24), "20 to 24 May 2024"),
        "team": [("Nicki Shaw", "lead-inspector")],
        "judgements": [
            ("leaders-impact", "outstanding", "Outstanding"),
            ("help-and-protection", "good", "Good"),
            ("children-in-care", "good", "Good"),
            ("care-leavers", "good", "Good"),
            ("overall-effectiveness", "good", "Good"),
        ],
        "items": 3,
        # "This is a noticeable improvement since the focused visit in 2022."
        "previous": [
            ("ilacs", "2019", None, "last inspection in 2019"),
            ("focused-visit", "2022", None, "focused visit in 2022"),
        ],
        "posts": [],
    },
}

ITEMS = {
    NEWHAM: {
        0: "Senior leadership urgency in progressing the improvement plan to address deficits "
        "in social work practice.",
        4: "The regularity and quality of staff supervision and management oversight and the "
        "quality and impact of decision-making.",
        10: "Care leavers' experience of leaving care services and access to outreach workers "
        "who know and understand their needs.",
    },
    COVENTRY: {
        0: "The focus on children's views and carers' capacity to meet children's needs in "
        "private fostering arrangements.",
        1: "The response to children aged 16 and 17 who are homeless.",
        2: "The mental health and emotional well-being provision for care leavers.",
        3: "The quality of team managers' supervision provided to social workers.",
    },
    NOTTS: {
        0: "Consistency in convening and undertaking strategy meetings.",
        1: "The quality of target setting in personal education plans, with a clear focus on "
        "precisely what needs to improve or the intended result for children in care.",
        2: "The effectiveness of support to care leavers to access and sustain employment, "
        "education or training.",
    },
}


@pytest.fixture(scope="module")
def pages(pdf_pages):
    return pdf_pages


@pytest.fixture(scope="module")
def report():
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = parse_text(read_source(PDFS / name), name)
        return cache[name]

    return get


@pytest.mark.parametrize("name", EXPECTED)
def test_authority_resolves_to_one_council(report, name):
    printed, council = EXPECTED[name]["authority"]
    assert report(name).authority.name == printed
    assert resolve_authority(printed, name).name == council
    assert report(name).authority.span.page == 1


@pytest.mark.parametrize("name", EXPECTED)
def test_dates_and_framework(report, name):
    first, last, quote = EXPECTED[name]["dates"]
    parsed = report(name)
    assert (parsed.start.value, parsed.end.value) == (first, last)
    assert parsed.start.span.quote == quote
    assert parsed.published is None  # no ILACS report prints its publication date
    assert parsed.framework == EXPECTED[name]["framework"]


@pytest.mark.parametrize("name", EXPECTED)
def test_lead_inspector_without_title(report, name):
    assert [(m.name, m.role) for m in report(name).team] == EXPECTED[name]["team"]
    assert report(name).team[0].role_as_printed == "Lead inspector"


@pytest.mark.parametrize("name", EXPECTED)
def test_every_judgement_and_grade(report, name):
    got = [(j.area, j.grade, j.grade_as_printed) for j in report(name).judgements]
    assert got == EXPECTED[name]["judgements"]
    assert {j.scope for j in report(name).judgements} == {"local-authority"}


@pytest.mark.parametrize("name", EXPECTED)
def test_what_needs_to_improve(report, name):
    items = report(name).recommendations
    assert len(items) == EXPECTED[name]["items"]
    for index, text in ITEMS[name].items():
        assert items[index].text == text
    assert {(r.addressee, r.timescale) for r in items} == {("local-authority", None)}
    for item in items:
        assert "\u25fc" not in item.span.quote  # the bullet is not part of the item
        assert squash(item.span.quote.replace("\u2019", "'")) == item.text


@pytest.mark.parametrize("name", EXPECTED)
def test_previous_inspection_and_posts(report, name):
    got = [(p.kind, p.when, p.grade, squash(p.span.quote)) for p in report(name).previous]
    assert got == EXPECTED[name]["previous"]
    assert [(p.post, p.since) for p in report(name).posts] == EXPECTED[name]["posts"]


@pytest.mark.parametrize("name", EXPECTED)
def test_section_headings_agree_with_the_table(report, name):
    assert report(name).warnings == []


@pytest.mark.parametrize("name", EXPECTED)
def test_every_span_quotes_its_page_text(report, pages, name):
    for span in report_spans(report(name)):
        assert span.page is not None
        assert pages(name)[span.page - 1][span.start : span.end] == span.quote


def test_judgement_span_covers_a_row_wrapped_over_lines(report):
    leaders = report(NOTTS).judgements[0]
    assert leaders.area_as_printed == (
        "The impact of leaders on social work practice with children and families"
    )
    assert leaders.span.quote == (
        "The impact of leaders on social work \npractice with children and families\nOutstanding"
    )


# --- other development reports' layouts, as edits of the fixtures' page texts -----------


def _edited(name: str, pages, *pairs: tuple[str, str]):
    texts = list(pages(name))
    for old, new in pairs:
        assert sum(page.count(old) for page in texts) == 1, old
        texts = [page.replace(old, new) for page in texts]
    return parse_text(SourceText.from_pages(texts), "edited.pdf")


def test_grade_wrapped_as_requires_improvement_then_to_be_good(pages):
    # Liverpool 2018, Cheshire East, Devon, Windsor and Maidenhead
    report = _edited(
        NEWHAM,
        pages,
        ("protection Requires improvement\n", "protection\nRequires improvement\nto be good \n"),
    )
    help_row = report.judgements[1]
    assert (help_row.area, help_row.grade) == ("help-and-protection", RI)
    assert help_row.grade_as_printed == "Requires improvement to be good"


def test_table_label_ending_with_a_full_stop(pages):
    # Cheshire East 2020: "The impact of leaders on social work practice with children and
    # families." then the grade on the next line
    report = _edited(NEWHAM, pages, ("and families Inadequate\n", "and families.\nInadequate\n"))
    assert (report.judgements[0].area, report.judgements[0].grade) == (
        "leaders-impact",
        "inadequate",
    )


def test_authority_wrapped_above_the_title(pages):
    # Windsor and Maidenhead 2020: "The Royal Borough of Windsor and " / "Maidenhead"
    report = _edited(
        NEWHAM,
        pages,
        ("London Borough of Newham ", "The Royal Borough of Windsor and \nMaidenhead"),
    )
    assert report.authority.name == "The Royal Borough of Windsor and Maidenhead"
    assert resolve_authority(report.authority.name).name == "Windsor and Maidenhead"


def test_footnote_digit_under_the_heading_and_framework_tags(pages):
    # Doncaster 2025: "What needs to improve?" / "1" / "◼ ... meetings (Enabler 1)."
    report = _edited(
        NOTTS,
        pages,
        ("What needs to improve?\n", "What needs to improve?\n1\n"),
        ("strategy meetings.", "strategy meetings (Enabler 1)."),
    )
    first = report.recommendations[0]
    assert first.text == "Consistency in convening and undertaking strategy meetings."
    assert first.national_framework == ("enabler-1",)
    assert first.span.quote.endswith("strategy meetings (Enabler 1).")
    assert len(report.recommendations) == 3


def test_sub_bullets_stay_in_their_item(pages):
    # Devon 2020: "◼ Services to care leavers, including:" then "- ..." lines
    report = _edited(
        NOTTS,
        pages,
        (
            "◼ Consistency in convening and undertaking strategy meetings.",
            "◼ Services to care leavers, including:\n- sufficiency of accommodation\n"
            "- access to health histories.",
        ),
    )
    assert report.recommendations[0].text == (
        "Services to care leavers, including: - sufficiency of accommodation "
        "- access to health histories."
    )
    assert len(report.recommendations) == 3


def test_line_end_hyphen_in_an_item_is_kept_whole(pages):
    report = _edited(NEWHAM, pages, ("impact of decision-making.", "impact of decision-\nmaking."))
    assert report.recommendations[4].text == ITEMS[NEWHAM][4]


def test_a_row_not_read_is_graded_by_its_section_heading_and_told(pages):
    """Nottinghamshire 2024 without its care leavers row (a row whose cells are laid out
    otherwise, as Bristol 2018's, Derbyshire 2019's, Devon 2020's and Windsor and
    Maidenhead 2020's are when their table's grades are lost): the section heading on page
    6 prints the grade; before, the area had none."""
    report = _edited(NOTTS, pages, ("The experiences and progress of care \nleavers\nGood \n", ""))
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("leaders-impact", "outstanding"),
        ("help-and-protection", "good"),
        ("children-in-care", "good"),
        ("overall-effectiveness", "good"),
        ("care-leavers", "good"),
    ]
    leavers = report.judgements[-1]
    assert (leavers.span.page, leavers.span.quote) == (
        6,
        "The experiences and progress of care leavers: good",
    )
    assert report.warnings == [
        "care-leavers: no row of the judgement table read; graded 'good' as its section "
        "heading (line 229) prints it"
    ]


def test_a_row_and_its_heading_missing_is_a_warning(pages):
    report = _edited(
        NOTTS,
        pages,
        ("The experiences and progress of care \nleavers\nGood \n", ""),
        ("The experiences and progress of care leavers: good", "Care leavers"),
    )
    assert [j.area for j in report.judgements] == [
        "leaders-impact",
        "help-and-protection",
        "children-in-care",
        "overall-effectiveness",
    ]
    assert report.warnings == ["judgement table: no row for care-leavers"]


def test_missing_what_needs_to_improve_is_a_gap(pages):
    report = _edited(COVENTRY, pages, ("What needs to improve?", "Areas to look at"))
    assert report.recommendations == []
    assert "no 'What needs to improve' items" in gaps(report)
    assert len(report.judgements) == 4


def test_missing_lead_inspector_is_a_gap(pages):
    # Devon 2025 and Warwickshire 2025 print no lead inspector at all.
    lead = "Lead inspector: Nick Bennison, Her Majesty’s Inspector"
    report = _edited(COVENTRY, pages, (lead, ""))
    assert report.team == []
    assert gaps(report) == ["no lead inspector"]
    assert len(report.judgements) == 4 and len(report.recommendations) == 4
