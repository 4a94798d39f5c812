"""ILACS wordings of real reports (2018-2026), one family at a time, on verbatim excerpts.

Each excerpt is the text of the named development report (``../shared/pdfs``) as the
project reads it (page furniture removed, apostrophes straight); the expected facts were
read in the report. Together they cover the families of wording the ILACS parser handles:
judgement rows by meaning, the April 2026 framework, reports without a lead inspector or
improvement items, split inspection dates, national framework tags, footnotes, trust
titles, earlier inspections and posts. The last section prints development reports'
sentences in their family's other wordings, as reports not in the development set may.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ofsted_kg.errors import NotAReport
from ofsted_kg.model.expectations import gaps
from ofsted_kg.parse import ilacs_history as history
from ofsted_kg.parse import parse_report, parse_text
from ofsted_kg.parse.ilacs_improve import IMPROVE_RE, framework_slugs, improvements
from ofsted_kg.parse.trusts import delivering_trust
from ofsted_kg.source.files import read_pdf_pages
from ofsted_kg.source.text import SourceText, squash

RI = "requires-improvement-to-be-good"


def _items(excerpt: str):
    text = SourceText(excerpt)
    heading = IMPROVE_RE.search(text.clean)
    assert heading
    return improvements(text, heading)


# --- the judgement table -------------------------------------------------------------

# kent-2026-02-02, verbatim (line-end spaces dropped)
KENT_2026 = """\
Inspection of Kent County Council
children's services
Inspection dates: 3 to 7 November 2025
Lead inspector: Steve Lowe, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Outstanding
The experiences and progress of
children care leavers
Requires improvement to be good
Overall effectiveness Good
"""

# kent-2026-02-02, verbatim (line-end spaces dropped)
KENT_2026_IMPROVE = """\
What needs to improve?
1
- The quality, timeliness and consistency of support offered to care leavers. In
particular, care leavers who are vulnerable to exploitation and/or are in custody.
(outcome 4, national framework)
- The quality and choice of accommodation for care leavers. (outcome 4, national
framework)
- How consistently the local authority ensures that social workers have manageable
caseloads that allow them to focus time and attention on each child in line with
their level of need. (enabler 2, national framework)
The experiences and progress of children who need help and
protection: good
"""


def test_rows_are_read_by_meaning_children_care_leavers():
    """Kent, Bracknell Forest, Herefordshire, Redcar and Cleveland 2026, Richmond upon
    Thames 2025 print the care leavers row "The experiences and progress of children care
    leavers"."""
    report = parse_report(KENT_2026 + KENT_2026_IMPROVE, "kent-2026-02-02.txt")
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("leaders-impact", "good"),
        ("help-and-protection", "good"),
        ("children-in-care", "outstanding"),
        ("care-leavers", RI),
        ("overall-effectiveness", "good"),
    ]
    assert report.judgements[3].area_as_printed == (
        "The experiences and progress of children care leavers"
    )
    assert report.judgements[3].span.quote == (
        "The experiences and progress of\nchildren care leavers\nRequires improvement to be good"
    )
    assert (report.framework, report.warnings, gaps(report)) == ("ilacs-short", [], [])
    assert report.authority.name == "Kent County Council"


def test_a_row_not_read_is_a_warning_and_the_others_are_kept():
    head = KENT_2026.replace("children in care\nOutstanding", "children in care\nNot judged")
    report = parse_report(head + KENT_2026_IMPROVE, "kent-edited.txt")
    assert [j.area for j in report.judgements] == [
        "leaders-impact",
        "help-and-protection",
        "care-leavers",
        "overall-effectiveness",
    ]
    assert report.warnings == ["judgement table: no row for children-in-care"]


# --- the April 2026 framework --------------------------------------------------------

# brent-2026-06-17, verbatim (line-end spaces dropped)
BRENT_2026 = """\
Inspection of Brent local authority
children's services
Inspection dates: 27 April to 1 May 2026
Lead inspector: Monique Lindsay, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Good
"""

# brent-2026-06-17, verbatim (line-end spaces dropped)
BRENT_2026_IMPROVE = """\
What needs to improve?1
- The consistency with which work with children subject to care proceedings, and
the pre-proceedings stage of the Public Law Outline (PLO) is progressed, in
particular the management oversight and decision making of this work. (Outcome
2, national framework)
- The consideration of children's previous history in decision-making in the Brent
family front door. (Outcome 2, national framework)
- The consistency and quality of life-story work for children in long-term care.
(Outcome 4, national framework)
- The completion of mandatory training for approved foster carers. (Outcome 4,
national framework)
The experiences and progress of children who need help and
protection: good
"""


def test_april_2026_framework_has_no_overall_row():
    """Brent: the inspection began on 27 April 2026, the first day of the new framework."""
    report = parse_report(BRENT_2026 + BRENT_2026_IMPROVE, "brent-2026-06-17.txt")
    assert report.framework == "ilacs-2026"
    assert [j.area for j in report.judgements] == [
        "leaders-impact",
        "help-and-protection",
        "children-in-care",
        "care-leavers",
    ]
    assert {j.grade for j in report.judgements} == {"good"}
    assert (report.warnings, gaps(report)) == ([], [])
    assert [r.national_framework for r in report.recommendations] == [
        ("outcome-2",),
        ("outcome-2",),
        ("outcome-4",),
        ("outcome-4",),
    ]


def test_no_overall_row_before_27_april_2026_is_a_gap():
    head = BRENT_2026.replace("27 April to 1 May 2026", "20 to 24 April 2026")
    report = parse_report(head + BRENT_2026_IMPROVE, "brent-edited.txt")
    assert report.framework == "ilacs-short"
    assert report.warnings == ["judgement table: no row for overall-effectiveness"]
    assert gaps(report) == ["no overall effectiveness judgement"]


# --- lead inspector, dates, improvement items ----------------------------------------

# devon-2025-05-13, verbatim (line-end spaces dropped)
DEVON_2025 = """\
Inspection of Devon local authority
children's services
Inspection dates: 30 September to 11 October 2024 and 13 to 16 January 2025
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires improvement to be good
The experiences and progress of
children who need help and protection
Inadequate
The experiences and progress of
children in care
Inadequate
The experiences and progress of care
leavers
Inadequate
Overall effectiveness Inadequate
"""

# devon-2025-05-13, verbatim (line-end spaces dropped)
DEVON_2025_IMPROVE = """\
What needs to improve?
- The response to children at immediate risk of harm, including the timeliness of
strategy discussions.
- The identification of risk and response to neglect, domestic abuse and extra-
familial harm for children.
- The quality and impact of plans for children and care leavers to meet their needs.
- The assessment of risk and safety planning for care leavers.
- The availability of support and sufficient suitable local homes to meet the needs
of children in care and care leavers.
- Management oversight and grip across the service and the effectiveness of
supervision.
The experiences and progress of children who need help and
protection: inadequate
"""


def test_no_lead_inspector_and_split_inspection_dates():
    """Devon 2025 (and Warwickshire 2025) print no lead inspector; Devon's inspection was
    paused and resumed: "30 September to 11 October 2024 and 13 to 16 January 2025"."""
    report = parse_report(DEVON_2025 + DEVON_2025_IMPROVE, "devon-2025-05-13.txt")
    assert report.team == []
    assert gaps(report) == ["no lead inspector"]
    assert (report.start.value, report.end.value) == (date(2024, 9, 30), date(2025, 1, 16))
    assert report.start.span.quote == "30 September to 11 October 2024 and 13 to 16 January 2025"
    assert report.framework == "ilacs-standard"
    assert len(report.judgements) == 5 and len(report.recommendations) == 6
    assert report.recommendations[1].text == (
        "The identification of risk and response to neglect, domestic abuse and "
        "extra-familial harm for children."
    )


# derbyshire-2019-09-19, verbatim (line-end spaces dropped)
DERBYSHIRE_2019 = """\
Derbyshire County Council
Inspection of children's social care services
Inspection dates: 8 July 2019 to 12 July 2019 and 7 August 2019 to
8 August 2019
Lead inspector: Julie Knight
Her Majesty's Inspector
Judgement Grade
The impact of leaders on social work practice with
children and families Good
The experiences and progress of children who need help
and protection
Requires improvement
to be good
The experiences and progress of children in care and
care leavers
Requires improvement
to be good
"""


def test_council_above_the_title_below_the_logo_words():
    report = parse_report("Ofsted\nraising standards\nimproving lives\n" + DERBYSHIRE_2019, "d.txt")
    assert report.authority.name == "Derbyshire County Council"
    assert report.authority.span.quote == "Derbyshire County Council"


# oxfordshire-2018-05-22, verbatim (line-end spaces dropped)
OXFORDSHIRE_2018 = """\
Oxfordshire County Council
Inspection of local authority children's services
Inspection dates: 16 April to 20 April 2018
Lead inspector: Donna Marriott HMI
Judgement Grade
The impact of leaders on social work practice with
children and families
Good
The experiences and progress of children who need
help and protection
Requires improvement to
be good
The experiences and progress of children in care and
care leavers
Good
Overall effectiveness Good
"""


def test_grade_wrapped_inside_to_be_good():
    """Oxfordshire 2018: "Requires improvement to" / "be good"."""
    report = parse_report(OXFORDSHIRE_2018, "oxfordshire-2018-05-22.txt")
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("leaders-impact", "good"),
        ("help-and-protection", RI),
        ("children-in-care-and-care-leavers", "good"),
        ("overall-effectiveness", "good"),
    ]
    assert report.judgements[1].area_as_printed == (
        "The experiences and progress of children who need help and protection"
    )
    assert report.judgements[1].grade_as_printed == "Requires improvement to be good"
    # The section heading's grade on the line under its label agrees with the table.
    heading = (
        "The experiences and progress of children who need help and protection \n"
        "requires improvement to be good\n"
        "1. Children and families are increasingly benefiting from a range of early help \n"
    )
    assert parse_report(OXFORDSHIRE_2018 + heading, "oxfordshire.txt").warnings == []


def test_split_dates_wrapped_over_two_lines():
    report = parse_report(DERBYSHIRE_2019, "derbyshire-2019-09-19.txt")
    assert (report.start.value, report.end.value) == (date(2019, 7, 8), date(2019, 8, 8))
    assert report.authority.name == "Derbyshire County Council"
    assert [m.name for m in report.team] == ["Julie Knight"]
    assert report.judgements[0].grade == "good"  # "children and families Good"


@pytest.mark.parametrize(
    ("printed", "first", "last", "framework"),
    [
        # Derbyshire 2019 prints each year; the same dates with the year printed once. Its
        # 7 days on site (5 in July, 2 in August) are a short inspection's, not a month's.
        ("8 July 2019 to 12 July 2019 and 7 August 2019 to\n8 August 2019", (2019, 7, 8),
         (2019, 8, 8), "ilacs-short"),
        ("8 to 12 July and 7 to 8 August 2019", (2019, 7, 8), (2019, 8, 8), "ilacs-short"),
        # Two weeks on site, a week apart: a standard inspection.
        ("8-12 and 22-26 July 2019", (2019, 7, 8), (2019, 7, 26), "ilacs-standard"),
        # Devon 2025 (two weeks, then four days), and with the first part's year left out.
        ("30 September to 11 October 2024 and 13 to 16 January 2025", (2024, 9, 30),
         (2025, 1, 16), "ilacs-standard"),
        ("30 September to 11 October and 13 to 16 January 2025", (2024, 9, 30),
         (2025, 1, 16), "ilacs-standard"),
        # One part: a week is short, over a weekend standard.
        ("8 July 2019 to 12 July 2019", (2019, 7, 8), (2019, 7, 12), "ilacs-short"),
        ("8 July 2019 to 19 July 2019", (2019, 7, 8), (2019, 7, 19), "ilacs-standard"),
        # A weekday before a day, a comma before a year, "until": read, not refused.
        ("Monday 8 July to Friday 12 July, 2019", (2019, 7, 8), (2019, 7, 12), "ilacs-short"),
        ("8 July, 2019 until 19 July, 2019", (2019, 7, 8), (2019, 7, 19), "ilacs-standard"),
        # In figures, day first (as a form or a copy may print them): read, not refused.
        ("08/07/2019 to 12/07/2019", (2019, 7, 8), (2019, 7, 12), "ilacs-short"),
        ("8.7.2019 - 19.7.2019", (2019, 7, 8), (2019, 7, 19), "ilacs-standard"),
    ],
)  # fmt: skip
def test_inspection_dates_printed_in_parts(printed, first, last, framework):
    """An inspection paused and resumed prints its dates in parts; the first part may
    leave its year to the last. Before, "8 to 12 July and 7 to 8 August 2019" started on
    7 August. Standard or short is told by the days on site in all the parts, not from
    the first day to the last."""
    excerpt = DERBYSHIRE_2019.replace(
        "8 July 2019 to 12 July 2019 and 7 August 2019 to\n8 August 2019", printed
    )
    report = parse_report(excerpt, "derbyshire-variant.txt")
    assert (report.start.value, report.end.value) == (date(*first), date(*last))
    assert report.start.span.quote.startswith(printed.split()[0])
    assert report.framework == framework


# north-lincolnshire-2022-11-25, verbatim (line-end spaces dropped)
NORTH_LINCS_2022 = """\
Inspection of North Lincolnshire local
authority children's services
Inspection dates: 10 to 14 October 2022
Lead inspector: Jan Edwards, His Majesty's Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Outstanding
The experiences and progress of
children who need help and protection
Outstanding
The experiences and progress of
children in care and care leavers
Outstanding
Overall effectiveness Outstanding
"""

# north-lincolnshire-2022-11-25, verbatim (line-end spaces dropped)
NORTH_LINCS_2022_IMPROVE = """\
What needs to improve?
There are an extremely small number of areas of variability in what is otherwise an
exceptional practice. Senior leaders have an accurate understanding of the service
and continuously drive for innovation and improvement. The routine scrutiny and
challenge, in conjunction with the established quality assurance framework, informs
the relevant plans for addressing the issue of variability in practice across the
service.
The experiences and progress of children who need help and
protection: outstanding
"""


def test_improvement_section_without_bullets_is_a_gap():
    report = parse_report(NORTH_LINCS_2022 + NORTH_LINCS_2022_IMPROVE, "north-lincs.txt")
    assert report.recommendations == []
    assert report.warnings == ["'What needs to improve' is printed without bulleted items"]
    assert gaps(report) == ["no 'What needs to improve' items"]
    assert {j.grade for j in report.judgements} == {"outstanding"}


@pytest.mark.parametrize(
    "printed",
    (
        "There are no areas for improvement.",
        "Inspectors did not identify any areas for improvement.",
        "Leaders know the few areas of variability. They have plans to address them.",
    ),
)
def test_a_sentence_under_the_heading_without_bullets_is_no_item(printed):
    """Items printed without bullets are read one to a line, but a lone sentence saying
    there is nothing to improve, or a paragraph, is no item."""
    improve = f"What needs to improve?\n{printed}\n" + NORTH_LINCS_2022_IMPROVE.split("\n", 7)[-1]
    report = parse_report(NORTH_LINCS_2022 + improve, "north-lincs.txt")
    assert report.recommendations == []
    assert report.warnings == ["'What needs to improve' is printed without bulleted items"]


# --- national framework tags ---------------------------------------------------------

# newcastle-upon-tyne-2025-06-25, verbatim (line-end spaces dropped)
NEWCASTLE_2025 = """\
What needs to improve?
1
- The quality, frequency and recording of supervision, including use of reflection.
(Enabler two: National Framework)
- The quality and consistency of pathway planning for care leavers, including
management oversight. (Outcome four: National Framework)
- The quality and consistency of independent reviewing officer (IRO) oversight.
(Enabler three: National Framework)
- The quality of support and oversight from the virtual school, including the quality
and quality assurance of personal education plans (PEPs). (Outcome two:
National Framework)
The experiences and progress of children who need help and
protection: outstanding
"""

# lancashire-2026-08-20, verbatim (line-end spaces dropped)
LANCASHIRE_2026 = """\
What needs to improve?1
- The recognition and reflection of the needs of young carers, including those
receiving support from statutory children's services, in the child's assessments
and plans. (Enabler: the workforce is equipped and effective, National
Framework)
- The consistency and quality of plans and planning that are focused on addressing
the immediate risk of harm. (outcome 2, national framework)
- The management oversight of children living in unregistered children's homes and
those who have their liberty restricted through Deprivation of Liberty orders.
(outcome 4, national framework)
The experiences and progress of children who need help and
protection: good
"""

# south-tyneside-2026-08-04, verbatim (line-end spaces dropped)
SOUTH_TYNESIDE_2026 = """\
What needs to improve?1
- The identification and support offered to young carers on a plan. (outcome 1,
national framework)
- The exploration and reflection of cultural heritage and identity with children in
care and care-experienced young people. (outcome 1, national framework)
- The purposefulness of practice and management oversight for children in need.
(enabler 2, leaders drive conditions for effective practice)
The experiences and progress of children who need help and
protection: good
"""

# doncaster-2025-03-18, verbatim (line-end spaces dropped)
DONCASTER_2025 = """\
What needs to improve?
1
- Work with other agencies to improve the quality of contacts and referrals and
their attendance at strategy meetings (Enabler 1).
- The number of children subject to repeat child protection planning, particularly
those children experiencing neglect (Outcome 3).
- Consistency of service to vulnerable care leavers, in particular young people in
custody and male parents (Outcome 4).
The experiences and progress of children who need help and
protection: good
"""

# derby-2025-07-08, verbatim (line-end spaces dropped)
DERBY_2025 = """\
What needs to improve?
1
- Management oversight of children's experiences when children are living in the
most complex circumstances and are at risk of prolonged neglect or other
ongoing harm. (Outcome 3)
The experiences and progress of children who need help and
protection: outstanding
"""

# central-bedfordshire-2025-04-24, verbatim (line-end spaces dropped)
CENTRAL_BEDS_2025 = """\
What needs to improve?
1
- The effectiveness of the emergency duty team (EDT) in supporting children at
night and at weekends. (outcome three, national framework)
- The timeliness of permanence decisions for some children in care. (outcome four,
national framework)
- The participation of children in care and care leavers in service development.
(enabler two, national framework)
The experiences and progress of children who need help and
protection: good
"""

# trafford-2026-08-03, verbatim (line-end spaces dropped)
TRAFFORD_2026 = """\
What needs to improve?
1
- Quality of contacts, timeliness and allocation response (outcome 2, national
framework)
- Timeliness and response to children at risk of significant harm (outcome 2,
national framework)
- Quality and impact of safety planning (outcome 2, national framework)
- Response to 16- and 17-year-old homeless children (outcome 2, national
framework)
- Quality, consistency and impact of management oversight (enabler: leaders drive
conditions for effective practice, national framework)
- Leaders' understanding of the effectiveness and impact of practice (enabler:
leaders drive conditions for effective practice, national framework)
- The identification and response to young carers (outcome 1, national framework)
- Timeliness and recording of children's health assessments (outcome 4, national
framework)
- Quality of transitions and pathway planning for children leaving care (outcome 4,
national framework)
The experiences and progress of children who need help and
protection: inadequate
"""


@pytest.mark.parametrize(
    ("excerpt", "tags"),
    [
        # "(Enabler two: National Framework)" on a line of its own
        (NEWCASTLE_2025, [("enabler-2",), ("outcome-4",), ("enabler-3",), ("outcome-2",)]),
        # "(Enabler: the workforce is equipped and effective, National \nFramework)"
        (LANCASHIRE_2026, [("enabler-3",), ("outcome-2",), ("outcome-4",)]),
        # "(enabler 2, leaders drive conditions for effective practice)"
        (SOUTH_TYNESIDE_2026, [("outcome-1",), ("outcome-1",), ("enabler-2",)]),
        # "... strategy meetings (Enabler 1)."
        (DONCASTER_2025, [("enabler-1",), ("outcome-3",), ("outcome-4",)]),
        # "(Outcome 3)" alone
        (DERBY_2025, [("outcome-3",)]),
        # "(outcome three, national framework)", "(outcome four, \nnational framework)"
        (CENTRAL_BEDS_2025, [("outcome-3",), ("outcome-4",), ("enabler-2",)]),
        # no full stops; "(enabler: leaders drive \nconditions for effective practice, ...)"
        (TRAFFORD_2026, [("outcome-2",)] * 4 + [("enabler-2",)] * 2 + [("outcome-1",)]
         + [("outcome-4",)] * 2),
    ],
    ids=["newcastle-2025", "lancashire-2026", "south-tyneside-2026", "doncaster-2025",
         "derby-2025", "central-bedfordshire-2025", "trafford-2026"],
)  # fmt: skip
def test_national_framework_tags(excerpt, tags):
    items = _items(excerpt)
    assert [item.national_framework for item in items] == tags
    for item in items:
        assert "ramework" not in item.text and "(Outcome" not in item.text
        assert item.span.quote.rstrip(".").endswith(")")  # the quote keeps the tag


def test_tag_on_a_line_of_its_own_does_not_end_the_list():
    """Newcastle upon Tyne 2025: the first item's tag is printed on the next line."""
    items = _items(NEWCASTLE_2025)
    assert [item.text for item in items] == [
        "The quality, frequency and recording of supervision, including use of reflection.",
        "The quality and consistency of pathway planning for care leavers, including "
        "management oversight.",
        "The quality and consistency of independent reviewing officer (IRO) oversight.",
        "The quality of support and oversight from the virtual school, including the "
        "quality and quality assurance of personal education plans (PEPs).",
    ]
    assert items[0].span.quote == (
        "The quality, frequency and recording of supervision, including use of reflection."
        "\n(Enabler two: National Framework)"
    )


def test_tag_inside_the_full_stop_and_items_without_one():
    assert [i.text for i in _items(DONCASTER_2025)][0] == (
        "Work with other agencies to improve the quality of contacts and referrals and "
        "their attendance at strategy meetings."
    )
    assert [i.text for i in _items(TRAFFORD_2026)][:2] == [
        "Quality of contacts, timeliness and allocation response",
        "Timeliness and response to children at risk of significant harm",
    ]


@pytest.mark.parametrize(
    ("tag", "slugs"),
    [
        ("Outcome 2, national framework", ["outcome-2"]),
        ("outcome four, national framework", ["outcome-4"]),
        ("Enabler two: National Framework", ["enabler-2"]),
        ("enabler: leaders drive conditions for effective practice, National Framework",
         ["enabler-2"]),
        ("National Framework, outcome 3", ["outcome-3"]),
        ("National Framework: Outcome 1 - children, young people and families stay together "
         "and get the help they need", ["outcome-1"]),
        ("outcomes 2 and 3, national framework", ["outcome-2", "outcome-3"]),
        ("outcome 2 and enabler 3, national framework", ["outcome-2", "enabler-3"]),
        ("principle 2, national framework", ["principle-2"]),
        ("the workforce is equipped and effective, national framework", ["enabler-3"]),
        ("Outcome 3", ["outcome-3"]),
        # A text layer that drops the space; "NF" for the framework.
        ("outcome4, national framework", ["outcome-4"]),
        ("NF outcome 4", ["outcome-4"]),
    ],
)  # fmt: skip
def test_framework_slugs_of_every_printed_form(tag, slugs):
    assert framework_slugs(tag) == slugs


@pytest.mark.parametrize(
    "printed",
    [
        "- The sufficiency of homes for children in care. [Outcome 4, National Framework]",
        "- The sufficiency of homes for children in care [outcome 4, national framework].",
        "- The sufficiency of homes for children in care. (National Framework: \noutcome 4)",
        "- The sufficiency of homes for children in care.\n(outcome four, national framework)",
    ],
)
def test_square_brackets_framework_first_and_wrapped_tags(printed):
    """Redcar and Cleveland 2026's first item, in the other forms reports print tags in."""
    items = _items(
        f"What needs to improve?\n{printed}\n- Consistency in the recording of "
        "contingency plans. (outcome 2, national \nframework)\n"
    )
    assert [(i.text, i.national_framework) for i in items] == [
        ("The sufficiency of homes for children in care.", ("outcome-4",)),
        ("Consistency in the recording of contingency plans.", ("outcome-2",)),
    ]


# coventry-2026-05-18, verbatim (line-end spaces dropped)
COVENTRY_2026 = """\
What needs to improve?1
- The consistency of the quality and impact of planning for children in need of help
and protection. (outcome 2, national framework)
- The consistency of the quality and impact of supervision. (enabler 3, national
framework)
The experiences and progress of children who need help and
protection: good
"""

# coventry-2026-05-18, verbatim (line-end spaces dropped)
COVENTRY_2026_FOOTNOTE = """\
1 The areas for improvement have been cross-referenced with the outcomes, enablers or principles in
the Children's Social Care: National Framework. This statutory guidance sets out the purpose,
principles for practice and expected outcomes of children's social care.
"""


def test_footnote_at_the_foot_of_the_page_is_not_an_item():
    """Coventry 2026 "What needs to improve?1": the list laid over a page break with the
    footnote ("1 The areas for improvement have been cross-referenced ...") between."""
    first, second = COVENTRY_2026.split("- The consistency of the quality and impact of super")
    pages = [
        first + COVENTRY_2026_FOOTNOTE,
        "- The consistency of the quality and impact of super" + second,
    ]
    text = SourceText.from_pages(pages)
    items = improvements(text, IMPROVE_RE.search(text.clean))
    assert [(i.text, i.national_framework, i.span.page) for i in items] == [
        ("The consistency of the quality and impact of planning for children in need of help "
         "and protection.", ("outcome-2",), 1),
        ("The consistency of the quality and impact of supervision.", ("enabler-3",), 2),
    ]  # fmt: skip


# --- trust titles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "council", "trust"),
    [
        ("Inspection of Bradford Children and Families Trust", "Bradford",
         "Bradford Children and Families Trust"),
        ("Inspection of Doncaster Children's Services \nTrust", "Doncaster",
         "Doncaster Children's Services Trust"),
        ("Inspection of Sandwell Children's Trust", "Sandwell", "Sandwell Children's Trust"),
        ("Inspection of Slough Children First", "Slough", "Slough Children First"),
    ],
)  # fmt: skip
def test_title_naming_a_childrens_trust(title, council, trust):
    """Kent 2026's report under the title of a trust ("children's services" only in the
    running header, which is not in the text)."""
    head = KENT_2026.replace("Inspection of Kent County Council\nchildren's services", title)
    report = parse_report(head + KENT_2026_IMPROVE, "trust.txt")
    assert (report.authority.name, report.authority.trust) == (council, trust)
    assert squash(report.authority.trust_span.quote) == trust  # its provenance: the title
    assert report.authority.span.quote == council
    assert len(report.judgements) == 5


@pytest.mark.parametrize(
    ("report", "excerpt", "trust"),
    [
        ("richmond-upon-thames-2025-08-12",
         "The local authority has delegated its statutory children's social care functions "
         "to a trust \narrangement with Achieving for Children (AFC).",
         "Achieving for Children"),
        ("windsor-maidenhead-2020-02-24",
         "Leaders recognised this,\nand, in response, RBWM delegated their statutory "
         "children's social care functions,\nunder Part 1 of the Children and Young Persons "
         "Act 2008, to Achieving for \nChildren (AfC).",
         "Achieving for Children"),
        ("sunderland-2025-03-11",
         "senior leaders in Sunderland, \nwhere the delivery of children's services statutory "
         "functions have been delegated to \nTogether for Children (TfC), have not only "
         "sustained the outstanding practice and",
         "Together for Children"),
        ("west-northamptonshire-2026-07-07",
         "Children's social care and targeted early help services are delivered by "
         "Northamptonshire Children's Trust (NCT), which has been in existence since 1 "
         "November 2020.",
         "Northamptonshire Children's Trust"),
        ("north-northamptonshire-2022-11-25",
         "Northamptonshire County Council delegated its children's social care statutory \n"
         "functions and transferred the provision of children's social care services to \n"
         "Northamptonshire Children's Trust (NCT) on 1 November 2020.",
         "Northamptonshire Children's Trust"),
        ("doncaster-2018-01-19",
         "An independent provider, Doncaster Children's Services Trust, delivers all services "
         "for children in need",
         "Doncaster Children's Services Trust"),
        # An arrangement that ended names no trust that runs the services.
        ("doncaster-2025-03-18",
         "Following the identification of significant shortfalls in practice for vulnerable "
         "children, The City of \nDoncaster Council took the decision to decommission the "
         "Doncaster Children's \nService Trust and return the social care function under "
         "local authority control.",
         None),
        ("windsor-maidenhead-2024-11-19",
         "The fostering service is provided by Achieving for Children, an independent "
         "fostering agency that is registered and inspected separately.",
         None),
    ],
    ids=lambda v: v if isinstance(v, str) and v.count("-") >= 2 and " " not in v else "",
)  # fmt: skip
def test_trust_named_in_a_sentence(report, excerpt, trust):
    found = delivering_trust(SourceText(excerpt))
    assert (found[0] if found else None) == trust
    if found:
        assert found[0].split()[-1] in found[1].quote  # the quote names the trust


def test_a_trust_in_the_text_is_the_reports_trust():
    """Richmond upon Thames 2025 p.1: a title naming the council, the trust in a sentence."""
    excerpt = (
        "The local authority has delegated its statutory children's social care functions "
        "to a trust \narrangement with Achieving for Children (AFC).\n"
    )
    report = parse_report(KENT_2026 + excerpt + KENT_2026_IMPROVE, "kent-variant.txt")
    assert report.authority.trust == "Achieving for Children"
    assert report.authority.trust_span.quote.startswith("delegated its statutory")


# --- earlier inspections -------------------------------------------------------------


def _earlier(excerpt: str, year: int):
    return [(p.kind, p.when, p.grade) for p in history.earlier(SourceText(excerpt), 0, year)]


@pytest.mark.parametrize(
    ("report", "year", "excerpt", "expected"),
    [
        ("herefordshire-2022-09-21", 2022,
         "Children's services was last inspected in June 2018 and judged to be requires "
         "improvement to be good. This was despite focused visits in January and December "
         "2019 identifying recurring themes of poor practice. In July 2021, a focused visit "
         "noted further deterioration in the quality of services.",
         [("sif-or-ilacs", "2018-06", RI), ("focused-visit", "2019-01", None),
          ("focused-visit", "2019-12", None), ("focused-visit", "2021-07", None)]),
        ("halton-2024-07-12", 2024,
         "Halton was inspected in March 2020 and was judged to be requires improvement to "
         "be good across all areas of the service.",
         [("ilacs", "2020-03", RI)]),
        # 2018: the SIF's last re-inspections and the first ILACS inspections; a report
        # that names neither is read as either, unless it grades a SIF-only area then.
        ("lambeth-2022-12-16", 2022,
         "Services for children in Lambeth require improvement to be good, as was the case "
         "at \nthe last inspection in May 2018.",
         [("sif-or-ilacs", "2018-05", RI)]),
        ("lambeth-2022-12-16", 2022,
         "Services for children in Lambeth require improvement to be good, as was the case "
         "at \nthe last inspection in May 2018. Care leavers are supported to achieve well. "
         "Services for \nchildren who need adoption have improved since the last inspection, "
         "when they were \ninadequate.",
         [("sif", "2018-05", "requires-improvement")]),
        ("surrey-2022-03-09", 2022,
         "Services for children and families in Surrey have improved since the inspection in "
         "2018, when they were judged to be inadequate overall.",
         [("sif-or-ilacs", "2018", "inadequate")]),
        ("a 2018 inspection named SIF", 2022,
         "Since the single inspection framework inspection in 2018, when services were "
         "judged to be inadequate, leaders have acted.",
         [("sif", "2018", "inadequate")]),
        ("herefordshire-2026-01-12", 2025,
         "Services for children in Herefordshire have significantly improved since the last "
         "\ninspection in 2022, when overall effectiveness was inadequate.",
         [("ilacs", "2022", "inadequate")]),
        ("west-northamptonshire-2026-07-07", 2026,
         "improved since the last inspection in 2022, when the overall effectiveness "
         "judgement\nwas 'requires improvement to be good'.",
         [("ilacs", "2022", RI)]),
        ("surrey-2022-03-09", 2022,
         "Services are no longer inadequate, but despite accelerated improvements since 2018, "
         "overall progress has been slow since services were first judged inadequate in 2015.",
         [("sif", "2015", "inadequate")]),
        ("stoke-on-trent-2019-03-18", 2019,
         "30.The last full inspection was in August 2015. All of the judgements were requires "
         "improvements to be good, with adoption judged to be good.",
         [("sif", "2015-08", "requires-improvement")]),
        ("lewisham-2019-08-19", 2019,
         "Services for children in Lewisham continue to require improvement overall. \n"
         "Services for children in care have deteriorated since the previous inspection in \n"
         "2015, when they were judged to be good.",
         [("sif", "2015", "requires-improvement")]),
        ("wirral-2024-02-02", 2023,
         "The impact of leaders on social work practice with children and families was judged "
         "to be good at the time of the last inspection, in 2019.",
         [("ilacs", "2019", None)]),
        ("devon-2025-05-13", 2024,
         "From the time of the last inspection, in March 2020, until January 2025, there have "
         "been several changes of director of children's services (DCS). The three years "
         "following the inspection in 2020 saw ongoing turbulence in senior leadership in "
         "Devon.",
         [("ilacs", "2020-03", None)]),
        ("bournemouth-christchurch-poole-2022-02-11", 2021,
         "In 2020, Ofsted conducted a focused visit that resulted in two wide-reaching areas "
         "for priority action.",
         [("focused-visit", "2020", None)]),
        ("coventry-2022-08-12", 2022,
         "The local authority has responded to areas for development from the last inspection "
         "and the focused \nassurance visit in 2021 to improve social work practice.",
         [("focused-visit", "2021", None)]),
        ("bristol-2018-10-22", 2018,
         "Since the single inspection framework (SIF) inspection in 2014 and the joint area "
         "\ntargeted inspection (JTAI) in 2017, services have improved substantially.",
         [("sif", "2014", None), ("jtai", "2017", None)]),
        ("wigan-2022-07-05", 2022,
         "Three focused visits during 2019 and 2020 raised serious concerns about increased "
         "caseloads. At the last visit, a focused assurance visit in October 2020, there were "
         "emerging signs of progress.",
         [("focused-visit", "2020-10", None)]),
        ("wokingham-2019-07-15", 2019,
         "A focused visit in November 2018 concluded that at that stage, the situation "
         "remained fragile. The duty, triage and assessment (DTA) team is more effective than "
         "it was at the time of Ofsted's focused visit in October 2018.",
         [("focused-visit", "2018-10", None)]),
        ("wordings named in the issue", 2022,
         "Two focused visits, in April 2019 and August 2021, found progress. Services were "
         "also inspected in March 2018, when inspectors judged all services as requiring "
         "improvement to be good.",
         [("sif-or-ilacs", "2018-03", RI), ("focused-visit", "2019-04", None),
          ("focused-visit", "2021-08", None)]),
        # The last inspection's grade in a sentence without its year: kept when the report
        # dates that inspection elsewhere (here a sentence of Stoke-on-Trent 2019 and one
        # of Derby 2025); an inspection dated nowhere is not recorded.
        ("derby-2025-07-08", 2025,
         "Since its last inspection, when services overall were judged to be outstanding, "
         "ambitious leadership has achieved further improvements in all areas.",
         []),
        ("wordings of two reports", 2019,
         "30.The last full inspection was in August 2015. Since its last inspection, when "
         "services overall were judged to be outstanding, ambitious leadership has achieved "
         "further improvements in all areas.",
         [("sif", "2015-08", "outstanding")]),
        ("wordings of two reports", 2019,
         "30.The last full inspection was in August 2015. Services for care leavers have "
         "improved significantly since the last inspection, when the service was judged to "
         "be inadequate.",
         [("sif", "2015-08", None)]),
        ("north-northamptonshire-2022-11-25", 2022,
         "North Northamptonshire and West Northamptonshire unitary authorities \ncame into "
         "being on 1 April 2021. Children's services in the predecessor local \nauthority, "
         "Northamptonshire County Council, were judged inadequate in 2019. Children in need "
         "of help and protection in North Northamptonshire receive much better support than "
         "they did at the time of the inspection in 2019.",
         []),
    ],
    ids=lambda v: v if isinstance(v, str) and v.count("-") >= 2 and " " not in v else "",
)  # fmt: skip
def test_earlier_inspections(report, year, excerpt, expected):
    assert _earlier(excerpt, year) == expected


# --- posts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "start", "excerpt", "expected"),
    [
        ("halton-2024-07-12", date(2024, 5, 13),
         "48. The current permanent DCS took up post in November 2023 and now there is a "
         "\nbetter understanding of practice weaknesses.",
         [("director-of-childrens-services", "2023-11")]),
        ("herefordshire-2022-09-21", date(2022, 7, 18),
         "A new chief executive officer took up post in May \n2021 and worked with the "
         "improvement adviser. In October \n2021, the interim director resigned and the "
         "current DCS was quickly appointed \nfollowing a short period as the improvement "
         "director.",
         [("director-of-childrens-services", "2021-10"), ("chief-executive", "2021-05")]),
        ("derbyshire-2019-09-19", date(2019, 7, 8),
         "When appointed in 2016, the \nexecutive director for children's services (DCS) "
         "identified the root causes of the \ndecline.",
         [("director-of-childrens-services", "2016")]),
        ("redcar-and-cleveland-2026-01-28", date(2025, 12, 1),
         "the pace of \nimprovement has increased since the appointment of the director of "
         "children's \nservices (DCS) in late 2024.",
         [("director-of-childrens-services", "2024")]),
        ("herefordshire-2026-01-12", date(2025, 11, 10),
         "Since the appointment of the Corporate Director of Children's Services in July 2024, "
         "who is aspirational for children, improvements have been made at pace.",
         [("director-of-childrens-services", "2024-07")]),
        ("devon-2025-05-13", date(2024, 9, 30),
         "Following the \ndeparture of the previous DCS at the end of 2024, the current DCS is "
         "an interim \nappointment. Since 2023, with the permanent appointments of the chief "
         "\nexecutive and some other senior leaders, there has been increased stability.",
         [("chief-executive", "2023")]),
        ("wokingham-2019-07-15", date(2019, 6, 3),
         "42. Since her appointment in November last year, the director of children's services "
         "\n(DCS) has brought stability.",
         [("director-of-childrens-services", "2018-11")]),
        ("stoke-on-trent-2019-03-18", date(2019, 2, 4),
         "29.A new interim Director of Children's Services started on the first day of this "
         "\ninspection.",
         [("director-of-childrens-services", "2019-02")]),
        ("wokingham-2023-05-09", date(2023, 3, 6),
         "The interim director of children's services, appointed in December 2021, together "
         "\nwith the lead member for children's services, have provided a renewed focus.",
         [("director-of-childrens-services", "2021-12")]),
        # "the arrival of" read as "the appointment of" is (a wording of that family, not
        # printed so in a development report).
        ("arrival of a post holder", date(2024, 6, 1),
         "Since the arrival of the new DCS in June 2022, leaders have strengthened practice.",
         [("director-of-childrens-services", "2022-06")]),
        ("wigan-2022-07-05", date(2022, 5, 9),
         "there were emerging signs of progress following the appointment of a new director "
         "of children's services (DCS) and increased investment in children's services.",
         []),
        # The family's other wordings: the date first, a season.
        ("date first", date(2026, 6, 1),
         "Since January 2025, a new DCS has led the service.",
         [("director-of-childrens-services", "2025-01")]),
        ("a season", date(2026, 6, 1),
         "The DCS, who started in post in autumn 2024, is respected.",
         [("director-of-childrens-services", "2024")]),
        ("a new one", date(2022, 6, 1), "In June 2021, a new DCS was appointed.",
         [("director-of-childrens-services", "2021-06")]),
        ("her role", date(2022, 6, 1), "The DCS has been in her role since June 2021.",
         [("director-of-childrens-services", "2021-06")]),
        ("taking up post", date(2022, 6, 1),
         "Since taking up post in June 2021, the DCS has strengthened leadership.",
         [("director-of-childrens-services", "2021-06")]),
        ("in brackets", date(2022, 6, 1),
         "The recently appointed DCS (June 2021) has a clear vision.",
         [("director-of-childrens-services", "2021-06")]),
        ("a clause between", date(2022, 6, 1),
         "The DCS, who was previously the deputy, was appointed in June 2021.",
         [("director-of-childrens-services", "2021-06")]),
    ],
    ids=lambda v: v if isinstance(v, str) and v.count("-") >= 2 and " " not in v else "",
)  # fmt: skip
def test_posts_with_tenure(report, start, excerpt, expected):
    posts = history.posts(SourceText(excerpt), start)
    assert [(p.post, p.since) for p in posts] == expected


# --- page breaks ---------------------------------------------------------------------

PDFS = Path(__file__).resolve().parents[1].parent / "shared" / "pdfs"


def test_table_over_a_page_break():
    """Kent 2026's table laid over two pages: rows on both are read, spans stay on their
    page."""
    first, second = KENT_2026.split("The experiences and progress of\nchildren in care\n")
    pages = [first, "The experiences and progress of\nchildren in care\n" + second]
    report = parse_text(SourceText.from_pages(pages), "kent-pages.pdf")
    assert [(j.area, j.span.page) for j in report.judgements] == [
        ("leaders-impact", 1),
        ("help-and-protection", 1),
        ("children-in-care", 2),
        ("care-leavers", 2),
        ("overall-effectiveness", 2),
    ]


@pytest.mark.skipif(not PDFS.is_dir(), reason="the development PDFs are not here")
@pytest.mark.parametrize(
    ("name", "count", "last"),
    [
        # items 4 and 5 on page 3
        ("derbyshire-2019-09-19", 5, "The consistency of practice, including the "
         "effectiveness of front-line management oversight and supervision."),
        # the 15th item on page 3
        ("stoke-on-trent-2019-03-18", 15, None),
    ],
)  # fmt: skip
def test_improvement_list_over_a_page_break(name, count, last):
    pages = read_pdf_pages(PDFS / f"{name}.pdf")
    report = parse_text(SourceText.from_pages(pages), f"{name}.pdf")
    items = report.recommendations
    assert len(items) == count
    assert items[-1].span.page == 3
    if last:
        assert items[-1].text == last
    for item in items:
        span = item.span
        assert span.page is not None
        assert pages[span.page - 1][span.start : span.end] == span.quote


def test_assurance_visit_letter_is_not_a_report():
    """The 2020-2021 assurance visit letters name the ILACS framework in their first lines."""
    letter = (
        "Dear Director\nAssurance visit to Trafford local authority children's services\n"
        "This letter summarises the findings of the assurance visit. The visit was carried "
        "out under the inspection of local authority children's services (ILACS) framework.\n"
    )
    with pytest.raises(NotAReport, match="assurance visit letter"):
        parse_report(letter, "letter.txt")


# --- the families' other wordings: development sentences as other reports word them ---


@pytest.mark.parametrize(
    ("excerpt", "expected"),
    [
        # Brent 2026 p.2 "Since the previous inspection in 2023, when services were judged
        # to be good overall", with a possessive, a season, or the grade carried otherwise.
        ("Since the local authority's last inspection in 2023, when it was judged good, "
         "the experienced", [("ilacs", "2023", "good")]),
        ("Since Brent's previous inspection in 2023, when services were judged to be good, "
         "the experienced", [("ilacs", "2023", "good")]),
        ("Since the previous inspection in spring 2023, when services were judged to be "
         "good, the experienced", [("ilacs", "2023", "good")]),
        ("Since the previous inspection in 2023, when all judgements were good, the "
         "experienced", [("ilacs", "2023", "good")]),
        ("Services have remained good since the last inspection in 2023.",
         [("ilacs", "2023", "good")]),
        ("Services continue to be good, as they were at the last inspection in 2023.",
         [("ilacs", "2023", "good")]),
        ("Children in care have continued to make progress since the previous inspection in "
         "2023, when services overall were judged to be good.", [("ilacs", "2023", "good")]),
        # Trafford 2026 p.2, the grade in brackets.
        ("Since the previous ILACS inspection in 2022 (requires improvement to be good), "
         "leaders have", [("ilacs", "2022", RI)]),
        # A sentence about one area still gives no overall grade.
        ("Services for children in care have deteriorated since the previous inspection in "
         "2023, when they were judged to be good.", [("ilacs", "2023", None)]),
        # "improved to good" says what came after, not the grade then: none read.
        ("Since the previous inspection in 2023, when services improved to good, leaders "
         "have", [("ilacs", "2023", None)]),
        # Visits as other reports print them.
        ("A focused visit took place in March 2025.", [("focused-visit", "2025-03", None)]),
        ("In March 2025, inspectors carried out a focused visit to the front door.",
         [("focused-visit", "2025-03", None)]),
        ("Inspectors found strengths at a focused visit (March 2025).",
         [("focused-visit", "2025-03", None)]),
        ("A JTAI took place in November 2025.", [("jtai", "2025-11", None)]),
        ("A focused visit was carried out in November 2021.",
         [("focused-visit", "2021-11", None)]),
        # An earlier SIF inspection, as 2018-2025 reports print it.
        ("Services were judged to be inadequate when Ofsted last inspected in 2016.",
         [("sif", "2016", "inadequate")]),
        ("At the last inspection, carried out in 2016, services were judged to be inadequate.",
         [("sif", "2016", "inadequate")]),
        ("The last inspection, which took place in 2016, judged services to be inadequate.",
         [("sif", "2016", "inadequate")]),
        ("Since being judged inadequate in 2016, the local authority has improved services.",
         [("sif", "2016", "inadequate")]),
        ("When the local authority was inspected under the single inspection framework in "
         "2016, services were judged to be inadequate.", [("sif", "2016", "inadequate")]),
        ("Children's services were rated inadequate in 2016.", [("sif", "2016", "inadequate")]),
        ("Fostering services were rated good in 2019.", []),
    ],
)  # fmt: skip
def test_earlier_inspections_worded_otherwise(excerpt, expected):
    assert _earlier(excerpt, 2026) == expected


@pytest.mark.parametrize(
    "excerpt",
    [
        # West Northamptonshire 2026 p.2's sentence, without the abbreviation, in the
        # active voice, on the council's behalf, after "which", or "the delivery of".
        "Children's social care and targeted early help services are delivered by "
        "Northamptonshire Children's Trust, which has been in existence since 1 November 2020.",
        "Northamptonshire Children's Trust (NCT) delivers children's social care services on "
        "behalf of \nthe council.",
        "Children's social care services have been delivered on the council's behalf by \n"
        "Northamptonshire Children's Trust (NCT) since 1 November 2020.",
        "The council is responsible for children's social care services, which are delivered "
        "by \nthe Northamptonshire Children's Trust.",
        "The council has delegated the delivery of children's social care to Northamptonshire "
        "\nChildren's Trust (NCT).",
    ],
)
def test_trust_named_in_a_sentence_worded_otherwise(excerpt):
    found = delivering_trust(SourceText(excerpt))
    assert found is not None
    assert found[0] == "Northamptonshire Children's Trust"


def test_a_help_and_protection_row_worded_as_a_revision_may_word_it():
    """Kent 2026's table with its help and protection row relabelled ("family help and
    child protection", the Families First reforms' words)."""
    printed = "The experiences and progress of children who need help and protection"
    relabelled = KENT_2026.replace(
        "who need help and protection",
        "who need family help and child protection",
    )
    assert relabelled != KENT_2026, printed
    report = parse_report(relabelled + KENT_2026_IMPROVE, "kent-variant.txt")
    original = parse_report(KENT_2026 + KENT_2026_IMPROVE, "kent.txt")
    assert [(j.area, j.grade) for j in report.judgements] == [
        (j.area, j.grade) for j in original.judgements
    ]
    assert "help-and-protection" in {j.area for j in report.judgements}


@pytest.mark.parametrize(
    ("intro", "glyph"),
    [
        ("Inspectors identified the following areas for improvement.\n", "-"),
        ("The local authority should:\n", "-"),
        ("", "\u25c6"),
        ("", "\u25ba"),
    ],
)
def test_improvements_introduced_or_bulleted_otherwise(intro, glyph):
    """Kent 2026's list under a line introducing it, or bulleted with another shape."""
    listed = KENT_2026_IMPROVE.replace("1\n", intro, 1).replace("\n- ", f"\n{glyph} ")
    report = parse_report(KENT_2026 + listed, "kent-variant.txt")
    original = parse_report(KENT_2026 + KENT_2026_IMPROVE, "kent.txt")
    assert [(r.text, r.national_framework) for r in report.recommendations] == [
        (r.text, r.national_framework) for r in original.recommendations
    ]
    assert len(report.recommendations) == 3


def test_an_item_line_opening_with_a_number_is_not_a_footnote():
    """Bristol 2018 p.2 wraps an item as "... through the" / "16 Plus team.": a line that
    opens with a number and a capital word is the item's, not the page's footnote."""
    wrapped = KENT_2026_IMPROVE.replace(
        "- The quality and choice of accommodation for care leavers.",
        "- The quality of records of decision-making through the\n16 Plus team.\n"
        "- The quality and choice of accommodation for care leavers.",
    )
    items = parse_report(KENT_2026 + wrapped, "kent-variant.txt").recommendations
    assert len(items) == 4
    assert items[1].text == "The quality of records of decision-making through the 16 Plus team."
    assert items[3].national_framework == ("enabler-2",)


@pytest.mark.parametrize(
    "masthead",
    [
        # Kent 2026's lead inspector line above its dates, or with the inspector's field.
        "Lead inspector: Steve Lowe, His Majesty's Inspector\n"
        "Inspection dates: 3 to 7 November 2025",
        "Inspection dates: 3 to 7 November 2025\n"
        "Lead inspector: Steve Lowe, His Majesty's Inspector, Social Care",
    ],
)
def test_the_lead_inspector_line_printed_otherwise(masthead):
    printed = (
        "Inspection dates: 3 to 7 November 2025\n"
        "Lead inspector: Steve Lowe, His Majesty's Inspector"
    )
    assert printed in KENT_2026
    report = parse_report(KENT_2026.replace(printed, masthead) + KENT_2026_IMPROVE, "k.txt")
    assert [(m.name, m.role) for m in report.team] == [("Steve Lowe", "lead-inspector")]
    assert report.start.value == date(2025, 11, 3)


@pytest.mark.parametrize(
    ("label", "area"),
    [
        # Kent 2026's care leavers row ("children care leavers") and the other words a
        # table may print it in.
        ("The experiences and progress of children care leavers", "care-leavers"),
        ("The experiences and progress of young people leaving care", "care-leavers"),
        ("The experiences and progress of children who have left care", "care-leavers"),
        (
            "The experiences and progress of children in care and young people leaving care",
            "children-in-care-and-care-leavers",
        ),
        ("The experiences and progress of care-experienced young people", "care-leavers"),
    ],
)
def test_a_care_leavers_row_by_its_meaning(label, area):
    from ofsted_kg.parse.ilacs import area_by_meaning

    assert area_by_meaning(label) == area


def test_the_last_items_next_sentence_on_a_line_of_its_own_is_kept():
    """A two-sentence last item whose second sentence starts a line (Stoke-on-Trent 2019
    prints one mid-list): it runs to the section heading that follows every list."""
    last = "their level of need. (enabler 2, national framework)\n"
    assert last in KENT_2026_IMPROVE
    longer = KENT_2026_IMPROVE.replace(
        last,
        "their level of need (enabler 2, national framework).\n"
        "This includes the timeliness of visits.\n",
    )
    items = parse_report(KENT_2026 + longer, "kent-variant.txt").recommendations
    assert len(items) == 3
    assert items[-1].text.endswith("their level of need. This includes the timeliness of visits.")
    assert items[-1].national_framework == ("enabler-2",)
