"""The 2009-2012 safeguarding and looked after children parser, against Tameside 2012.

Expected facts were read off reports/tameside-2012-safeguarding-lac.txt by hand.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from conftest import read_report, report_spans
from ofsted_kg.errors import ParseError
from ofsted_kg.parse import parse_report

NAME = "tameside-2012-safeguarding-lac.txt"

# The "Record of main findings" table, row by row (22 graded rows; 4 header rows).
TABLE = [
    ("safeguarding-overall-effectiveness", "Overall effectiveness", "adequate"),
    ("safeguarding-capacity-for-improvement", "Capacity for improvement", "good"),
    ("safeguarding-safe-and-feel-safe", "Children and young people are safe and feel safe", "good"),
    ("safeguarding-quality-of-provision", "Quality of provision", "adequate"),
    (
        "safeguarding-health-contribution",
        "The contribution of health agencies to keeping children and young people safe",
        "outstanding",
    ),
    ("safeguarding-ambition-and-prioritisation", "Ambition and prioritisation", "good"),
    ("safeguarding-leadership-and-management", "Leadership and management", "adequate"),
    ("safeguarding-performance-management", "Performance management and quality assurance", "good"),
    ("safeguarding-partnership-working", "Partnership working", "good"),
    ("safeguarding-equality-and-diversity", "Equality and diversity", "good"),
    ("lac-overall-effectiveness", "Overall effectiveness", "good"),
    ("lac-capacity-for-improvement", "Capacity for improvement", "good"),
    ("lac-being-healthy", "Being healthy", "good"),
    ("lac-staying-safe", "Staying safe", "good"),
    ("lac-enjoying-and-achieving", "Enjoying and achieving", "good"),
    (
        "lac-positive-contribution",
        "Making a positive contribution, including user engagement",
        "outstanding",
    ),
    ("lac-economic-wellbeing", "Economic well-being", "good"),
    ("lac-quality-of-provision", "Quality of provision", "good"),
    ("lac-ambition-and-prioritisation", "Ambition and prioritisation", "good"),
    ("lac-leadership-and-management", "Leadership and management", "good"),
    ("lac-performance-management", "Performance management and quality assurance", "good"),
    ("lac-equality-and-diversity", "Equality and diversity", "good"),
]

RECOMMENDATIONS = [
    # (timescale, verbatim text) - a few from each list, including the awkward ones.
    (
        "immediately",
        "ensure that all statutory child protection visits are undertaken and that children and "
        "young people are seen and seen alone. Ensure that failed visits are followed up promptly",
    ),
    (
        "within-three-months",
        "improve the capacity of child protection coordinators so that they are able to deliver "
        "their quality assurance role effectively to ensure that child protection planning is "
        "robust.",
    ),
    # printed without a "- " marker, only a leading space
    (
        "within-six-months",
        "ensure that chronologies are up to date and fit for purpose so that there is a clear "
        "overview of progress and activity on all cases, particularly with regards to those "
        "children who are suffering neglect and have been on child protection plans for over "
        "three months.",
    ),
    (
        "immediately",
        "ensure that recommendations made in looked after children statutory reviews are "
        "specific, measurable and outcome focused and follow up is evident.",
    ),
    # after a blank line inside the list
    (
        "within-three-months",
        "undertake a review of the health files of looked after children so that they clearly "
        "identify their current health status and any risk factors associated with children and "
        "young people",
    ),
]


@pytest.fixture
def report(parsed):
    return parsed(NAME)


def test_framework_authority_and_dates(report):
    assert report.framework == "safeguarding-lac-2012"
    assert report.authority.name == "Tameside"
    assert report.authority.aliases == ()
    assert report.start.value == date(2012, 3, 19)
    assert report.end.value == date(2012, 3, 26)
    assert report.start.span.quote == "19 \u2013 26 March 2012"
    assert report.published is not None
    assert report.published.value == date(2012, 5, 14)


@pytest.mark.parametrize(
    "title",
    [
        "Inspection of safeguarding and looked after children\nservices",  # a PDF's wrap
        "Inspection of safeguarding and looked after \nchildren services",
        "Inspection of safeguarding and looked-after children services",
    ],
)
def test_title_wrapped_or_hyphenated(title):
    """Tameside 2012 under its title as a PDF may wrap it or another report hyphenate it:
    the same report, not a refusal (a wrapped title was refused)."""
    raw = read_report(NAME)
    printed = "Inspection of safeguarding and looked after children services"
    assert printed in raw
    report = parse_report(raw.replace(printed, title, 1), NAME)
    assert report.framework == "safeguarding-lac-2012"
    assert report.authority.name == "Tameside"
    assert [(j.area, j.grade) for j in report.judgements] == [(a, g) for a, _, g in TABLE]


@pytest.mark.parametrize(
    "title",
    [
        "Inspection of safeguarding and looked after children's services",
        "Announced inspection of safeguarding and looked after children services",
    ],
)
def test_title_in_the_frameworks_other_words(title):
    """The 2009-2010 reports' "Announced inspection of ...", and "children's": the same
    framework (the second was read as an ILACS report, the first refused)."""
    raw = read_report(NAME)
    printed = "Inspection of safeguarding and looked after children services"
    report = parse_report(raw.replace(printed, title, 1), NAME)
    assert report.framework == "safeguarding-lac-2012"
    assert report.authority.name == "Tameside"
    assert [(j.area, j.grade) for j in report.judgements] == [(a, g) for a, _, g in TABLE]


def test_the_council_and_its_partners_are_the_addressees():
    raw = read_report(NAME).replace(
        "the local authority and its partners should", "the council and its partners should"
    )
    report = parse_report(raw, NAME)
    assert {r.addressee for r in report.recommendations} == {"local-authority-and-partners"}
    assert len(report.recommendations) == 16


def test_table_cells_each_on_a_line_of_their_own():
    """The "Record of main findings" as a PDF may give it, each cell on a line of its own:
    a header row ("Safeguarding outcomes for children and young people") above a row is
    not part of its label (two rows were skipped as unknown)."""
    raw = read_report(NAME)
    table = raw.index("Record of main findings:")
    report = parse_report(raw[:table] + raw[table:].replace("\t", "\n"), NAME)
    assert [(j.area, j.grade) for j in report.judgements] == [(a, g) for a, _, g in TABLE]
    safe = next(j for j in report.judgements if j.area == "safeguarding-safe-and-feel-safe")
    assert safe.span.quote == "Children and young people are safe and feel safe\nGood"
    assert not [w for w in report.warnings if "unknown row" in w]


def test_team_is_the_reporting_inspector(report):
    # The other inspectors ("three of Her Majesty's Inspectors (HMI), one additional
    # inspector and one inspector from the Care Quality Commission") are not named.
    team = [(m.name, m.role, m.role_as_printed, m.additional_inspector) for m in report.team]
    assert team == [("Marie McGuinness", "lead-inspector", "Reporting inspector", False)]


def test_every_row_of_the_record_of_main_findings(report):
    rows = [(j.area, j.area_as_printed, j.grade) for j in report.judgements]
    assert rows == TABLE
    assert {j.scope for j in report.judgements} == {"local-authority"}


@pytest.mark.parametrize(("area", "printed", "grade"), TABLE, ids=[row[0] for row in TABLE])
def test_judgement_span_is_the_printed_row(report, area, printed, grade):
    judgement = next(j for j in report.judgements if j.area == area)
    assert judgement.span.quote == f"{printed}\t{judgement.grade_as_printed}"
    assert judgement.grade_as_printed.lower() == grade


def test_recommendation_counts(report):
    assert len(report.recommendations) == 16
    assert Counter(r.addressee for r in report.recommendations) == {
        "local-authority-and-partners": 16
    }
    assert Counter(r.timescale for r in report.recommendations) == {
        "immediately": 6,
        "within-three-months": 9,
        "within-six-months": 1,
    }


@pytest.mark.parametrize(("timescale", "text"), RECOMMENDATIONS)
def test_recommendation_verbatim(report, timescale, text):
    matches = [r for r in report.recommendations if r.text == text]
    assert len(matches) == 1
    assert matches[0].timescale == timescale


def test_leadership_contradiction_is_warned(report):
    # Heading "Grade 3 (Adequate)", first sentence "Leadership and management are good.",
    # table "Adequate": the table wins and the report says so, once.
    assert len(report.warnings) == 1
    warning = report.warnings[0]
    for part in (
        "safeguarding-leadership-and-management",
        "'Adequate'",
        "are good",
        "line 176",
        "kept 'adequate'",
    ):
        assert part in warning
    judgement = next(
        j for j in report.judgements if j.area == "safeguarding-leadership-and-management"
    )
    assert judgement.grade == "adequate"


def test_previous_inspections(report):
    previous = [(p.kind, p.when, p.grade) for p in report.previous]
    assert previous == [
        ("adoption", "2009-12", "good"),
        ("fostering", "2009-12", None),  # "satisfactory": an older scale, not mapped
        ("unannounced-contact-referral-assessment", "2011-02", None),
    ]


def test_key_figures(report):
    figures = {f.measure: f for f in report.figures}
    assert figures["children-0-19"].value == Decimal("53800")
    assert figures["children-looked-after"].value == Decimal("388")
    assert figures["child-protection-plans"].value == Decimal("227")
    assert figures["minority-ethnic-children"].value == Decimal("9")
    # "... aged 0-19, representing 24.8% of the total population of the area"
    assert figures["children-share-of-population"].value == Decimal("24.8")
    # "At the time of the inspection, 388 children ..."
    assert figures["children-looked-after"].as_at == date(2012, 3, 19)
    assert figures["children-0-19"].as_at is None


def test_no_post_tenure_is_printed(report):
    assert report.posts == []


def test_every_span_quotes_the_raw_text(report):
    raw = read_report(NAME)
    for span in report_spans(report):
        assert raw[span.start : span.end] == span.quote


# --- regressions and edits of the real text --------------------------------------------


def _edited(old: str, new: str):
    raw = read_report(NAME)
    assert raw.count(old) == 1
    return parse_report(raw.replace(old, new), "edited.txt")


def test_heading_grade_contradiction_is_warned():
    report = _edited(
        "Quality of provision\n\nGrade 3 (Adequate)", "Quality of provision\n\nGrade 2 (Good)"
    )
    assert any(
        "safeguarding-quality-of-provision" in w and "Grade 2 (Good)" in w for w in report.warnings
    )
    quality = next(j for j in report.judgements if j.area == "safeguarding-quality-of-provision")
    assert quality.grade == "adequate"


def test_page_break_inside_a_bullet_continues_it():
    report = _edited(
        "clear, measurable outcomes and timescales for actions",
        "clear, measurable outcomes and\n\n- timescales for actions",
    )
    assert len(report.recommendations) == 16
    assert (
        "improve the quality of child protection plans so that they contain clear, "
        "measurable outcomes and timescales for actions" in [r.text for r in report.recommendations]
    )


def test_director_tenure_becomes_a_post():
    report = _edited(
        "- 5. Tameside has 97 schools",
        "The Director of Children's Services has been in post since July 2010. "
        "- 5. Tameside has 97 schools",
    )
    assert [(p.post, p.since) for p in report.posts] == [
        ("director-of-childrens-services", "2010-07")
    ]


def test_missing_dates_raise_parse_error():
    raw = read_report(NAME).replace("Inspection dates: 19 \u2013 26 March 2012", "Something else")
    with pytest.raises(ParseError, match="date"):
        parse_report(raw, "broken.txt")


def test_missing_table_grades_come_from_the_section_headings():
    """Without its "Record of main findings", the report's grades are those printed under
    the section headings ("Grade 3 (Adequate)"), with a warning."""
    raw = read_report(NAME).replace("Record of main findings:", "Something else")
    report = parse_report(raw, "broken.txt")
    assert "no 'Record of main findings' table: grades read from the section headings" in (
        report.warnings
    )
    grades = {j.area: j.grade for j in report.judgements}
    assert grades["safeguarding-overall-effectiveness"] == "adequate"
    assert grades["lac-overall-effectiveness"] == "good"


def test_table_without_graded_rows_is_a_warning_and_a_gap():
    from ofsted_kg.model.expectations import gaps

    raw = read_report(NAME)
    for grade in ("\tAdequate\t", "\tGood\t", "\tOutstanding\t"):
        raw = raw.replace(grade, "\t\t")
    report = parse_report(raw, "broken.txt")
    assert report.judgements == []
    assert "no overall effectiveness grade found for safeguarding services" in report.warnings
    assert "no graded judgement" in gaps(report)


def test_table_cut_before_the_second_service_is_a_warning():
    raw = read_report(NAME)
    report = parse_report(raw[: raw.rindex("Services for looked after children\t")], "cut.txt")
    assert (
        "no overall effectiveness grade found for services for looked after children"
        in report.warnings
    )
    assert any(j.area == "safeguarding-overall-effectiveness" for j in report.judgements)


NO_TABLE = "no 'Record of main findings' table: grades read from the section headings"
NO_LAC_PART = "no 'services for looked after children' part"
NO_LAC_GRADE = "no overall effectiveness grade found for services for looked after children"
NOTHING = [
    "no 'safeguarding services' part",
    NO_LAC_PART,
    NO_TABLE,
    "no overall effectiveness grade found for safeguarding services",
    NO_LAC_GRADE,
]


@pytest.mark.parametrize(
    "cut, judged, warnings",
    [
        (200, 0, NOTHING),
        (3000, 0, NOTHING),
        (20000, 2, [NO_LAC_PART, NO_TABLE, NO_LAC_GRADE]),
        (60000, 10, [NO_TABLE]),
        (74000, 12, [NO_TABLE]),
        (74500, 5, [NO_LAC_GRADE]),  # the table's first rows only
    ],
)
def test_truncated_text_keeps_what_is_printed_and_says_what_is_missing(cut, judged, warnings):
    """Tameside 2012 cut anywhere: the dates of its first page, only grades printed before
    the cut (each the grade the whole report gives that area), and a warning for each
    part the cut removed."""
    raw = read_report(NAME)
    full = {j.area: j.grade for j in parse_report(raw, NAME).judgements}
    report = parse_report(raw[:cut], "cut.txt")
    assert (report.authority.name, report.start.value, report.end.value) == (
        "Tameside",
        date(2012, 3, 19),
        date(2012, 3, 26),
    )
    assert len(report.judgements) == judged
    assert {j.area: j.grade for j in report.judgements}.items() <= full.items()
    assert report.warnings == warnings


def test_a_pdfs_item_wrapped_before_a_capitalised_word_goes_on():
    """A PDF wraps an item at any word; before "Greater Manchester Police" the item went
    no further, and the items after it in its timescale were lost."""
    from ofsted_kg.parse import parse_text
    from ofsted_kg.source.text import SourceText
    from rewrapping import as_pdf_pages

    item = (
        "- ensure that robust arrangements are in place for screening domestic violence "
        "notifications"
    )
    raw = read_report(NAME)
    assert item in raw
    longer = raw.replace(item, f"{item} received from Greater Manchester Police by the team", 1)
    for width in (60, 72, 84):
        report = parse_text(SourceText.from_pages(as_pdf_pages(longer, width)), "t.pdf")
        texts = [r.text for r in report.recommendations]
        assert len(texts) == 16, width
        assert any(t.endswith("from Greater Manchester Police by the team") for t in texts), width


def test_a_service_header_printed_otherwise_starts_the_next_service():
    """The second service's header row in other words ("... and care leavers"): its rows
    were read as the first service's, a second grade for each of its areas; now the row
    graded again starts the next service."""
    raw = read_report(NAME)
    table_at = raw.index("Record of main findings:\n")
    header = "Services for looked after children\t\t\t\n"
    assert header in raw[table_at:]
    other = raw[:table_at] + raw[table_at:].replace(
        header, "Services for looked after children and care leavers\t\t\t\n"
    )
    report = parse_report(other, NAME)
    assert [(j.area, j.grade) for j in report.judgements] == [(a, g) for a, _, g in TABLE]


@pytest.mark.parametrize(
    ("printed", "other"),
    [
        ("Economic well-being\tGood", "Achieving economic well-being\tGood"),
        ("Economic well-being\tGood", "Economic wellbeing\tGood"),
        (
            "Making a positive contribution, including user engagement\t",
            "Making a positive contribution\t",
        ),
        ("Capacity for improvement\t", "Capacity to improve\t"),
        ("Ambition and prioritisation\t", "Ambition & prioritisation\t"),
    ],
)
def test_table_rows_in_the_frameworks_other_words(printed, other):
    """Tameside 2012's table with a row as other reports of the framework word it."""
    raw = read_report(NAME)
    table_at = raw.index("Record of main findings:\n")
    assert printed in raw[table_at:]
    report = parse_report(raw[:table_at] + raw[table_at:].replace(printed, other), NAME)
    assert [(j.area, j.grade) for j in report.judgements] == [(a, g) for a, _, g in TABLE]


def test_a_table_given_column_by_column_is_read():
    """Tameside's table as pdftotext (default mode) and pdfminer give such a table: a
    block's labels, then its grades. Before, 4 of 22 rows were read, one wrongly."""
    raw = read_report(NAME)
    table_at = raw.index("Record of main findings:\n")
    blocks = [
        ("Safeguarding services", 0, 2),
        ("Safeguarding outcomes for children and young people", 2, 10),
        ("Services for looked after children", 10, 12),
        ("How good are outcomes for looked after children and care leavers?", 12, 22),
    ]
    lines = ["Record of main findings"]
    for header, first, last in blocks:
        rows = TABLE[first:last]
        lines += [header, *(label for _, label, _ in rows), ""]
        lines += [*(grade.capitalize() for _, _, grade in rows), ""]
    report = parse_report(raw[:table_at] + "\n".join(lines) + "\n", NAME)
    assert [(j.area, j.grade) for j in report.judgements] == [(a, g) for a, _, g in TABLE]
    assert (
        "Record of main findings read as its text orders its cells (labels, grades)"
        in report.warnings
    )
