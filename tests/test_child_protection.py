"""The 2012-2013 child protection inspections ("Inspection of local authority arrangements
for the protection of children"), read by ``parse/child_protection.py``.

No report of this framework is in the development set. The report below is the template
the framework's reports share with the 2013 looked after children reports that followed
them (Kent 2013, ``tests/fixtures/pdfs``: masthead, "Areas for improvement" by timescale,
graded sections, "Record of main findings"), with this framework's title and four
judgements, and Rotherham's inspection as Ofsted's pages and Rotherham's 2014 report date
it (inspected in July 2012, published 10 August 2012, judged adequate). The sentences
are the template's; the names and figures are placeholders, not Rotherham's.
"""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from ofsted_kg.cli import main
from ofsted_kg.model.councils import council_of
from ofsted_kg.model.expectations import gaps
from ofsted_kg.parse import parse_report

REPORT = """\
Inspection of local authority arrangements for the
protection of children

Rotherham

Inspection dates: 2 July 2012 - 13 July 2012
Lead inspector: Name Surname HMI

Age group: All
Published: 10 August 2012

Contents
About this inspection 2
Service information 3
Overall effectiveness 4
Areas for improvement 4
The effectiveness of the help and protection provided to children, young
people, families and carers 5
The quality of practice 7
Leadership and governance 9
Record of main findings 11

About this inspection
1. This inspection was unannounced.
Service information
2. At the time of the inspection, 380 children were the subject of a child protection
plan and 390 children were looked after.
Overall effectiveness
Grade 3 (Adequate)
3. The overall effectiveness of the arrangements to protect children in Rotherham is
adequate.
Areas for improvement
4. In order to improve the quality of help and protection given to children and young
people in Rotherham, the local authority and its partners should take the following
action.
Immediately:
- ensure that all children who are the subject of a child protection plan are seen
alone by their social worker.
Within three months:
- ensure that the learning from serious case reviews is shared with all practitioners.
- reduce the caseloads of social workers in the assessment teams.
The effectiveness of the help and protection provided to children, young
people, families and carers
Grade 3 (Adequate)
5. The effectiveness of the help and protection provided is adequate.
The quality of practice
Grade 3 (Adequate)
6. The quality of practice is adequate.
Leadership and governance
Grade 3 (Adequate)
7. Leadership and governance are adequate.
Record of main findings
Local authority arrangements for the protection of children
Overall effectiveness Adequate
The effectiveness of the help and protection provided to children, young
people, families and carers
Adequate
The quality of practice Adequate
Leadership and governance Adequate
"""


@pytest.fixture(scope="module")
def report():
    return parse_report(REPORT, "rotherham-2012.txt")


def test_masthead(report):
    assert report.framework == "child-protection-2012"
    assert council_of(report).gss == "E08000018"
    assert (report.start.value, report.end.value) == (date(2012, 7, 2), date(2012, 7, 13))
    assert report.published.value == date(2012, 8, 10)
    assert [(m.name, m.role) for m in report.team] == [("Name Surname", "lead-inspector")]


def test_the_four_judgements_from_the_record_of_main_findings(report):
    assert sorted((j.area, j.grade) for j in report.judgements) == [
        ("help-and-protection", "adequate"),
        ("leadership-and-governance", "adequate"),
        ("overall-effectiveness", "adequate"),
        ("quality-of-practice", "adequate"),
    ]
    assert report.warnings == []
    assert gaps(report) == []


def test_areas_for_improvement_by_timescale_to_the_council_and_its_partners(report):
    assert [(r.timescale, r.addressee, r.text) for r in report.recommendations] == [
        (
            "immediately",
            "local-authority-and-partners",
            "ensure that all children who are the subject of a child protection plan are seen "
            "alone by their social worker.",
        ),
        (
            "within-three-months",
            "local-authority-and-partners",
            "ensure that the learning from serious case reviews is shared with all practitioners.",
        ),
        (
            "within-three-months",
            "local-authority-and-partners",
            "reduce the caseloads of social workers in the assessment teams.",
        ),
    ]


def test_key_figures_at_the_time_of_the_inspection(report):
    assert {f.measure: (f.value, f.as_at) for f in report.figures} == {
        "child-protection-plans": (380, date(2012, 7, 2)),
        "children-looked-after": (390, date(2012, 7, 2)),
    }


def test_without_the_table_the_headings_and_the_summary_grade_it():
    headings_only = REPORT.split("Record of main findings\nLocal authority")[0]
    report = parse_report(headings_only.replace("Grade 3 (Adequate)\n3.", "3."), "r.txt")
    assert sorted((j.area, j.grade) for j in report.judgements) == [
        ("help-and-protection", "adequate"),
        ("leadership-and-governance", "adequate"),
        ("overall-effectiveness", "adequate"),
        ("quality-of-practice", "adequate"),
    ]
    assert "overall-effectiveness: graded 'adequate' as the summary says it" in report.warnings


def test_built_validated_and_queried(tmp_path):
    path = tmp_path / "rotherham-2012.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "graphs"
    built = CliRunner().invoke(main, ["build", str(path), "-o", str(out)])
    assert built.exit_code == 0, built.output
    assert "conforms to the SHACL shapes" in built.output
    answered = CliRunner().invoke(
        main, ["query", "judgements", "--graph", str(out / "ofsted.ttl"), "-f", "csv"]
    )
    assert answered.exit_code == 0, answered.output
    assert "Leadership and governance" in answered.output
    assert answered.output.count("Adequate") == 4


def test_the_council_printed_above_the_title():
    moved = REPORT.replace("protection of children\n\nRotherham\n", "protection of children\n", 1)
    report = parse_report("Rotherham\n" + moved, "rotherham-2012.txt")
    assert council_of(report).gss == "E08000018"
    assert report.authority.span.quote == "Rotherham"


def test_without_the_table_graded_lines_give_the_judgements():
    """Grades printed as lines of their own ("Overall effectiveness: Adequate") where no
    "Record of main findings" table is printed, the section headings ungraded."""
    no_table = REPORT.split("Record of main findings\nLocal authority")[0].replace(
        "Grade 3 (Adequate)\n", ""
    )
    graded = no_table.replace(
        "Age group: All\n",
        "Age group: All\nOverall effectiveness: Adequate\nThe quality of practice: Good\n",
    )
    report = parse_report(graded, "rotherham-2012.txt")
    assert sorted((j.area, j.grade) for j in report.judgements) == [
        ("overall-effectiveness", "adequate"),
        ("quality-of-practice", "good"),
    ]
    assert "no 'Record of main findings' table" in report.warnings


def test_a_label_over_two_lines_and_its_grade_on_the_next():
    """No table and no "Grade N" under the headings: each heading's grade printed on the
    line under it, the long label wrapped over two lines."""
    no_table = REPORT.split("Record of main findings\nLocal authority")[0].replace(
        "Grade 3 (Adequate)\n", "Adequate\n"
    )
    report = parse_report(no_table, "rotherham-2012.txt")
    assert sorted((j.area, j.grade) for j in report.judgements) == [
        ("help-and-protection", "adequate"),
        ("leadership-and-governance", "adequate"),
        ("overall-effectiveness", "adequate"),
        ("quality-of-practice", "adequate"),
    ]
    [help_row] = [j for j in report.judgements if j.area == "help-and-protection"]
    assert help_row.span.quote == (
        "The effectiveness of the help and protection provided to children, young\n"
        "people, families and carers\nAdequate"
    )
