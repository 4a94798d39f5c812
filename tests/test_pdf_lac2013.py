"""The 2013 looked after children services parser, against the Kent 2013 PDF.

Expected facts were read off tests/fixtures/pdfs/kent-2013-08-23.pdf by hand (p1 masthead,
p5 service information, p8-9 "Areas for improvement", p21 "Record of main findings").
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from conftest import FIXTURES, report_spans
from ofsted_kg.model import vocab
from ofsted_kg.parse import findings, parse_text
from ofsted_kg.source.files import read_pdf_pages, read_source
from ofsted_kg.source.text import SourceText

PDF = FIXTURES / "pdfs" / "kent-2013-08-23.pdf"

JUDGEMENTS = {
    "overall-effectiveness": ("Overall effectiveness", "adequate"),
    "capacity-to-improve": ("Capacity to improve", "good"),
    "outcomes": ("Outcomes for looked after children and young people", "adequate"),
    "quality-of-provision": ("Quality of provision", "adequate"),
    "leadership-and-management": ("Leadership and management", "adequate"),
}

RECOMMENDATIONS = [
    ("immediately", "improve the quality of supervision and management oversight in casework"),
    (
        "immediately",
        "ensure that the voice of the child contributes effectively to care planning and service "
        "delivery.",
    ),
    (
        "within-three-months",
        "improve looked after children's participation in and ownership of PEPs and Pathway "
        "Planning",
    ),
    ("within-three-months", "improve the timeliness of care proceedings."),
    # runs over the page break between p8 and p9
    (
        "within-six-months",
        "ensure that there are sufficient placements available to enable children to be matched "
        "to carers that best meet their identified needs and support placement stability.",
    ),
    (
        "within-six-months",
        "review the arrangements for the independent reviewing services to ensure that the case "
        "loads of the independent reviewing officers (IROs) are manageable.",
    ),
]


@pytest.fixture(scope="module")
def kent():
    return parse_text(read_source(PDF), PDF.name)


@pytest.fixture(scope="module")
def pages():
    return read_pdf_pages(PDF)


def test_framework_authority_and_dates(kent):
    assert kent.framework == "lac-2013"
    assert kent.authority.name == "Kent County Council"
    assert kent.start.value == date(2013, 7, 15)
    assert kent.end.value == date(2013, 7, 19)
    assert kent.start.span.quote == "15 – 19 July 2013"
    assert kent.published is not None
    assert kent.published.value == date(2013, 8, 23)


def test_reporting_inspector_is_the_lead_and_the_only_named_member(kent):
    assert [(m.name, m.role, m.role_as_printed) for m in kent.team] == [
        ("Helen Cawston", "lead-inspector", "Reporting inspector")
    ]
    assert kent.team[0].span.page == 1


def test_every_graded_judgement(kent):
    found = {j.area: (j.area_as_printed, j.grade) for j in kent.judgements}
    assert found == JUDGEMENTS
    assert all(j.scope == "local-authority" for j in kent.judgements)
    assert set(found) == set(vocab.AREA_SCHEMES["lac-2013"])
    assert {j.span.page for j in kent.judgements} == {21}


def test_wrapped_table_row_keeps_its_lines(kent):
    outcomes = next(j for j in kent.judgements if j.area == "outcomes")
    assert outcomes.span.quote == "Outcomes for looked after children and \nyoung people\nAdequate"


def test_section_headings_agree_with_the_table(kent):
    assert kent.warnings == []


def test_recommendation_counts_per_timescale(kent):
    assert Counter(r.timescale for r in kent.recommendations) == {
        "immediately": 3,
        "within-three-months": 6,
        "within-six-months": 3,
    }
    assert {r.addressee for r in kent.recommendations} == {"local-authority"}


@pytest.mark.parametrize(("timescale", "text"), RECOMMENDATIONS)
def test_recommendation_verbatim(kent, timescale, text):
    assert (timescale, text) in [(r.timescale, r.text) for r in kent.recommendations]


def test_recommendation_lists_run_across_pages(kent):
    """ "Immediately:" ends p8; "Within three months:" opens p9 under the running header."""
    pages = Counter((r.timescale, r.span.page) for r in kent.recommendations)
    assert pages == {
        ("immediately", 8): 3,
        ("within-three-months", 9): 6,
        ("within-six-months", 9): 3,
    }


def test_previous_inspections(kent):
    found = {(p.kind, p.when, p.grade) for p in kent.previous}
    assert found == {
        ("adoption", "2013-03", "adequate"),
        ("fostering", "2012-06", "adequate"),
        ("safeguarding-and-looked-after-children", "2010-10", "inadequate"),
    }


def test_key_figures(kent):
    found = {f.measure: (f.value, f.as_at) for f in kent.figures}
    assert found == {
        "children-under-18": (Decimal("322743"), None),
        "children-share-of-population": (Decimal("22"), None),  # "322,743 (22%) are aged 0-17"
        "children-looked-after": (Decimal("1834"), date(2013, 7, 15)),
        "minority-ethnic-children": (Decimal("9.4"), None),
    }


def test_every_span_quotes_its_page(kent, pages):
    spans = list(report_spans(kent))
    assert len(spans) > 20
    for span in spans:
        assert span.page is not None
        assert pages[span.page - 1][span.start : span.end] == span.quote


def test_table_row_with_grade_number_and_grade_on_its_own_line():
    """Medway 2013 prints "Overall effectiveness Inadequate Grade 4"; rows may wrap."""
    text = SourceText(
        "Record of main findings\nServices for looked after children\n"
        "Overall effectiveness Inadequate Grade 4\nCapacity to improve Adequate Grade 3\n"
        "Outcomes for looked after children and \nyoung people\nInadequate Grade 4\n"
    )
    warnings: list[str] = []
    rows = findings.findings_table(
        text,
        0,
        len(text.clean),
        services={"services for looked after children": ""},
        labels={
            "overall effectiveness": "overall-effectiveness",
            "capacity to improve": "capacity-to-improve",
            "outcomes for looked after children and young people": "outcomes",
        },
        areas=vocab.AREA_SCHEMES["lac-2013"],
        scale="adequate-scale",
        warnings=warnings,
    )
    assert [(j.area, j.grade, j.grade_as_printed) for j in rows] == [
        ("overall-effectiveness", "inadequate", "Inadequate"),
        ("capacity-to-improve", "adequate", "Adequate"),
        ("outcomes", "inadequate", "Inadequate"),
    ]
    assert warnings == []


def test_glyph_items_continue_over_capitalised_lines():
    """Sandwell 2013: a wrapped item's next line may start with a capital. (The items'
    glyphs are "-" once the text is normalised.)"""
    from ofsted_kg.source.text import SourceText

    clean = SourceText.from_text(
        "Immediately:\n \n\uf0a7 Ensure that a clear plan is in place to improve the \n"
        "Independent Reviewing Officers service\n\uf0a7 Review all children\n"
    ).clean
    items = findings.glyph_items(clean, 0, len(clean))
    assert [" ".join(clean[s:e].split()) for s, e in items] == [
        "Ensure that a clear plan is in place to improve the Independent Reviewing Officers "
        "service",
        "Review all children",
    ]


def test_dcs_appointment_in_the_findings_gives_its_tenure():
    """Regression: Medway 2013 p.6 says when its DCS came only in the findings: "Since the
    appointment of the Director of Children's Services (DCS) in September 2012"."""
    from ofsted_kg.source.files import read_source

    raw = read_source(PDF).raw
    sentence = "The capacity to improve services for looked after children and young \npeople"
    assert sentence in raw
    medway = (
        "Since the appointment of the Director of Children’s Services (DCS) in \n"
        "September 2012, an increasing clarity of service priorities has been developed. "
    )
    report = parse_text(raw.replace(sentence, medway + sentence), "kent-variant.pdf")
    [dcs] = [p for p in report.posts if p.post == "director-of-childrens-services"]
    assert dcs.since == "2012-09"
    assert dcs.span.quote == (
        "appointment of the Director of Children’s Services (DCS) in \nSeptember 2012"
    )


@pytest.mark.parametrize("words", ["looked-after children", "looked-after\nchildren"])
def test_title_hyphenated(words, kent):
    """Kent 2013's title, "Inspection of looked after children \nservices" (wrapped; again
    in each page's header), hyphenated as another report may print it: the same report."""
    import re

    from ofsted_kg.source.files import read_source

    raw = read_source(PDF).raw
    title = re.compile(r"Inspection of looked after children(\s+)services")
    assert len(title.findall(raw)) == 20  # the title and the pages' headers
    variant = title.sub(lambda m: f"Inspection of {words}{m.group(1)}services", raw)
    report = parse_text(variant, "kent-variant.pdf")
    assert report.framework == "lac-2013"
    assert [(j.area, j.grade) for j in report.judgements] == [
        (j.area, j.grade) for j in kent.judgements
    ]


def test_children_counted_in_sandwells_words():
    """Regression: Sandwell 2013 p.3 "Of these, 74,641 were children (24% of the total
    population)", where Kent prints "322,743 (22%) are aged 0-17"."""
    from ofsted_kg.source.files import read_source

    raw = read_source(PDF).raw
    kent = "322,743 (22%) are aged 0-17"
    assert kent in raw
    sandwell = "Of these, 74,641 were \nchildren (24% of the total population)"
    report = parse_text(raw.replace(kent, sandwell), "kent-variant.pdf")
    [children] = [f for f in report.figures if f.measure == "children-under-18"]
    assert children.value == 74641
    assert children.span.quote == "Of these, 74,641 were \nchildren (24%"


def test_missing_table_grades_come_from_the_section_headings():
    """Without the "Record of main findings" table, Kent's grades are those printed under
    the section headings ("Grade 3 (Adequate)"), with a warning."""
    clean = read_source(PDF).clean.replace("Record of main findings", "Main findings")
    report = parse_text(clean, "kent-without-table")
    assert {j.area: j.grade for j in report.judgements} == {
        "overall-effectiveness": "adequate",
        "capacity-to-improve": "good",
        "outcomes": "adequate",
        "quality-of-provision": "adequate",
        "leadership-and-management": "adequate",
    }
    assert "no 'Record of main findings' table: grades read from the section headings" in (
        report.warnings
    )


# --- the family's other wordings: Kent's pages with one part printed as another report
# of the framework might print it -------------------------------------------------------


def _kent_printed(old: str, new: str, count: int = 1) -> object:
    raw = read_source(PDF).raw
    assert raw.count(old) >= count, old
    return parse_text(raw.replace(old, new, count), "kent-variant.pdf")


@pytest.mark.parametrize(
    ("printed", "name", "gss"),
    [
        ("Kent County\nCouncil", "Kent County Council", "E10000016"),
        (
            "Royal Borough of Kingston upon\nThames",
            "Royal Borough of Kingston upon Thames",
            "E09000021",
        ),
        (
            "London Borough of Hammersmith\n& Fulham",
            "London Borough of Hammersmith & Fulham",
            "E09000013",
        ),
    ],
)
def test_a_council_name_wrapped_under_the_title_is_read_whole(printed, name, gss):
    from ofsted_kg.model.councils import council_of

    report = _kent_printed(
        "\nKent County Council\nInspection dates", f"\n{printed}\nInspection dates"
    )
    assert report.authority.name == name
    assert report.authority.span.quote == printed
    assert council_of(report).gss == gss


@pytest.mark.parametrize(
    "sentence",
    [
        "At the last inspection of safeguarding and looked after children services, in "
        "October 2010, services for looked after children were judged inadequate.",
        "The safeguarding and looked after children inspection (SLAC) in October 2010 "
        "found that looked after children's services were inadequate.",
        "The previous inspection of safeguarding and looked after children services in \n"
        "October 2010 judged the overall effectiveness of services for looked after \n"
        "children to be inadequate.",
    ],
)
def test_the_earlier_safeguarding_and_looked_after_inspection_in_other_words(sentence):
    kent = (
        "The Safeguarding and Looked after Children (SLAC) \ninspection, in October 2010, "
        "judged both safeguarding and looked after \nchildren’s services to be inadequate."
    )
    report = _kent_printed(kent, sentence)
    [slac] = [p for p in report.previous if p.kind == "safeguarding-and-looked-after-children"]
    assert (slac.when, slac.grade) == ("2010-10", "inadequate")


@pytest.mark.parametrize(
    ("words", "acting"),
    [
        ("Since the appointment of a new Director of Children’s Services (DCS) in", False),
        ("Since the appointment of an interim Director of Children’s Services (DCS) in", True),
        ("Since the Director of Children’s Services (DCS) took up post in", False),
    ],
)
def test_the_dcs_arrival_in_other_words(words, acting):
    sentence = "The capacity to improve services for looked after children and young \npeople"
    report = _kent_printed(sentence, f"{words} \nSeptember 2012, priorities are clear. {sentence}")
    [dcs] = [p for p in report.posts if p.post == "director-of-childrens-services"]
    assert (dcs.since, dcs.acting) == ("2012-09", acting)


def test_a_table_row_that_cannot_be_read_is_graded_by_its_sections_heading():
    """A row label printed otherwise ("Capacity for improvement", the 2009-2012 words):
    the grade under the section's heading, "Grade 2 (Good)", with a warning."""
    report = _kent_printed("\nCapacity to improve Good\n", "\nCapacity for improvement Good\n")
    assert {j.area: j.grade for j in report.judgements} == {
        area: grade for area, (_, grade) in JUDGEMENTS.items()
    }
    assert (
        "capacity-to-improve: no row of the Record of main findings read; graded 'Good' as "
        "its section's heading prints" in report.warnings
    )


def test_a_table_out_of_step_with_its_labels_gives_way_to_the_headings():
    """Grade cells each set beside the row above (a converter ordering a cell by its top):
    the table disagrees with two or more sections' headings, whose grades are kept."""
    table = "Overall effectiveness Adequate\nCapacity to improve Good\n"
    report = _kent_printed(table, "Overall effectiveness Good\nCapacity to improve Adequate\n")
    assert {j.area: j.grade for j in report.judgements} == {
        area: grade for area, (_, grade) in JUDGEMENTS.items()
    }
    assert report.warnings[0] == (
        "Record of main findings disagrees with the section headings on "
        "overall-effectiveness, capacity-to-improve: the headings' grades kept"
    )


def test_timescales_and_publication_in_other_words(kent):
    raw = read_source(PDF).raw
    variant = raw.replace("Within three months:", "Within 3 months:").replace(
        "Published:", "Report published:"
    )
    report = parse_text(variant, "kent-variant.pdf")
    assert report.published.value == date(2013, 8, 23)
    assert [(r.timescale, r.text) for r in report.recommendations] == [
        (r.timescale, r.text) for r in kent.recommendations
    ]


@pytest.mark.parametrize(
    "printed",
    [
        "there were 1834 children looked after",
        "there were 1834 children in care",
        "the council was looking after 1834 children",
    ],
)
def test_children_looked_after_in_other_words(printed):
    report = _kent_printed("there were 1834 looked after children", printed)
    [looked_after] = [f for f in report.figures if f.measure == "children-looked-after"]
    assert (looked_after.value, looked_after.as_at) == (1834, date(2013, 7, 15))


@pytest.mark.parametrize(
    "title",
    [
        "Inspection of looked after children's \nservices",
        "Inspection of services for looked \nafter children",
    ],
)
def test_the_title_in_other_words(title, kent):
    report = _kent_printed("Inspection of looked after children \nservices", title)
    assert report.framework == "lac-2013"
    assert report.authority.name == "Kent County Council"
    assert [(j.area, j.grade) for j in report.judgements] == [
        (j.area, j.grade) for j in kent.judgements
    ]


def test_a_list_ends_before_a_section_headed_in_other_words(kent):
    """The section after the list headed otherwise than the framework's template: the
    last item ends at its full stop, before the heading and the section's grade."""
    report = _kent_printed(
        "Outcomes for looked after children and young \npeople\nGrade 3 (Adequate)",
        "Outcomes for looked after children and care \nleavers\nGrade 3 (Adequate)",
    )
    assert [r.text for r in report.recommendations] == [r.text for r in kent.recommendations]
    assert report.recommendations[-1].text.endswith("(IROs) are manageable.")


def test_timescales_printed_otherwise_or_not_at_all(kent):
    immediate = _kent_printed("Immediately:", "Immediate:")
    assert [r.timescale for r in immediate.recommendations] == [
        r.timescale for r in kent.recommendations
    ]
    raw = read_source(PDF).raw
    for label in ("Immediately:", "Within three months:", "Within six months:"):
        raw = raw.replace(f"{label}\n", "", 1)
    untimed = parse_text(raw, "kent-variant.pdf")
    assert [(r.text, r.timescale) for r in untimed.recommendations] == [
        (r.text, None) for r in kent.recommendations
    ]


def test_the_council_printed_above_the_title(kent):
    report = _kent_printed(
        "Inspection of looked after children \nservices\nKent County Council\n",
        "Kent County Council\nInspection of looked after children \nservices\n",
    )
    assert report.authority.name == "Kent County Council"
    assert [(j.area, j.grade) for j in report.judgements] == [
        (j.area, j.grade) for j in kent.judgements
    ]


def test_areas_for_development_are_areas_for_improvement(kent, pages):
    """Kent 2013 with its list headed "Areas for development", as a report of the years
    before may head it: the same 12 items, by the same timescales. Before, none."""
    headed = [p.replace("Areas for improvement", "Areas for development") for p in pages]
    assert headed != pages
    again = parse_text(SourceText.from_pages(headed), PDF.name)
    assert len(kent.recommendations) == 12
    assert [(r.text, r.timescale) for r in again.recommendations] == [
        (r.text, r.timescale) for r in kent.recommendations
    ]
