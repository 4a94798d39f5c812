"""Parser for the 2012-2013 "Inspection of local authority arrangements for the protection
of children" (framework ``child-protection-2012``).

The unannounced child protection inspections Ofsted ran from June 2012 until the single
inspection framework (Birmingham, Blackpool, Bromley and Rotherham, 2012, are among the
reports its pages still list). They were printed on the template of the 2013 looked
after children reports (:mod:`.lac2013`), which followed them: the wrapped title, the
council, "Inspection dates", the lead inspector, "Published", "Service information",
"Areas for improvement" by timescale, graded sections and the closing "Record of main
findings" table, with four judgements: overall effectiveness, the effectiveness of the
help and protection provided to children, young people, families and carers, the
quality of practice, and leadership and governance.

No development report is of this framework: the reader reads what that template prints
and tells in ``Report.warnings`` what it did not find (a gap), never more. Without the
table, the grades come from the sections' headings, and the overall one from the
sentence that says it ("The overall effectiveness of the arrangements to protect
children in Rotherham is adequate.").
"""

from __future__ import annotations

import re

from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.model.records import Judgement, Report
from ofsted_kg.parse.findings import (
    LONE_GRADE_RE,
    ROW_RE,
    check_sections,
    fill_missing,
    heading_grades,
    improvement_areas,
    label_key,
    masthead_team,
    read_masthead,
    read_table,
    record_of_main_findings,
    section_starts,
    service_figures,
)
from ofsted_kg.parse.lac2013 import read_history
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.source.text import SourceText, squash

FRAMEWORK = "child-protection-2012"
SCALE = vocab.FRAMEWORK_SCALE[FRAMEWORK]
AREAS = vocab.AREA_SCHEMES[FRAMEWORK]

# The title at the start of a line, however a PDF wraps it.
TITLE_RE = re.compile(
    r"^[ \t]*Inspection\s+of\s+local\s+authority\s+arrangements\s+for\s+the\s+"
    r"protection\s+of\s+children",
    re.I | re.M,
)
# The table's service header row; its areas carry no prefix.
SERVICES = {
    "local authority arrangements for the protection of children": "",
    "arrangements for the protection of children": "",
}
_SERVICE_RE = re.compile("|".join(re.escape(label) for label in SERVICES), re.I)
_HELP = "effectiveness of the help and protection provided to children, young people, families"
# Table rows (lower case, hyphens as spaces) -> area slug, with "The" or without, and the
# shorter forms a row may print.
LABELS = {
    f"{the}{label}": area
    for label, area in (
        ("overall effectiveness", "overall-effectiveness"),
        (f"{_HELP} and carers", "help-and-protection"),
        (f"{_HELP}, and carers", "help-and-protection"),
        ("effectiveness of help and protection", "help-and-protection"),
        ("help and protection", "help-and-protection"),
        ("quality of practice", "quality-of-practice"),
        ("leadership and governance", "leadership-and-governance"),
        ("quality of leadership and governance", "leadership-and-governance"),
    )
    for the in ("", "the ")
}
# "The overall effectiveness of the arrangements to protect children in Rotherham is
# adequate.": the overall grade where neither table nor heading gives it.
_OVERALL_SENTENCE_RE = re.compile(
    r"\bThe\s+overall\s+effectiveness\s+of\s+(?:the\s+)?(?:local\s+authority\s+)?arrangements\s+"
    r"(?:to\s+protect|for\s+the\s+protection\s+of)\s+children\b[^.]{0,80}?\s+is\s+(?:judged\s+"
    r"(?:to\s+be\s+)?)?(?P<word>outstanding|good|adequate|inadequate)\b",
    re.I,
)
# (measure, pattern with a "value" group); matched within "Service information".
_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (measure, re.compile(pattern, re.I))
    for measure, pattern in (
        (
            "child-protection-plans",
            r"(?P<value>\d[\d,]*)\s+children(?:\s+and\s+young\s+people)?\s+(?:were|are)\s+"
            r"(?:the\s+)?subjects?\s+(?:of|to)\s+(?:a\s+)?child\s+protection\s+plans?",
        ),
        (
            "children-looked-after",
            r"(?P<value>\d[\d,]*)\s+children(?:\s+and\s+young\s+people)?\s+(?:were|are)\s+"
            r"(?:being\s+)?looked\s+after",
        ),
    )
)


def parse(text: SourceText, source: str) -> Report:
    """Parse a 2012-2013 inspection of local authority arrangements for the protection of
    children."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(source, "no 'Inspection of local authority arrangements' title")
    masthead = read_masthead(text, title, source)
    start = masthead.start
    table = record_of_main_findings(text)
    table_start = table.start() if table else len(clean)
    body = max(title.end(), contents_end(text))
    sections = section_starts(text, (term.label for term in AREAS.values()), body, table_start)

    report = Report(source, FRAMEWORK, masthead.authority, start, masthead.end, masthead.published)
    report.team = masthead_team(text, masthead.team_start, masthead.team_end)
    report.judgements = _judgements(text, report, table, body)
    report.recommendations = improvement_areas(text, body, table_start, sections)
    read_history(text, report, table_start)
    report.figures = service_figures(
        text, min(sections, default=table_start), start.value, _FIGURES
    )
    return report


def _judgements(
    text: SourceText, report: Report, table: re.Match[str] | None, body: int
) -> list[Judgement]:
    """The "Record of main findings" rows; an area they do not grade, from its section's
    heading; the overall grade, failing both, from the sentence that states it."""
    titles = {area: term.label for area, term in AREAS.items()}
    end = table.start() if table else len(text.clean)
    found: list[Judgement] = []
    if table is None:
        report.warnings.append("no 'Record of main findings' table")
    else:
        found = read_table(
            text,
            table,
            services=SERVICES,
            labels=LABELS,
            areas=AREAS,
            scale=SCALE,
            headers=_SERVICE_RE,
            warnings=report.warnings,
        )
        check_sections(text, found, body, end, report, SCALE, titles)
    headed = heading_grades(text, titles, body, end, SCALE)
    fill_missing(found, headed, report.warnings, "as its section's heading prints")
    fill_missing(found, _graded_lines(text, 0, end), report.warnings, "as a line prints it")
    overall = _OVERALL_SENTENCE_RE.search(text.clean, body, end)
    if overall and all(j.area != "overall-effectiveness" for j in found):
        grade = vocab.grade_slug(overall["word"], SCALE)
        if grade:
            label = AREAS["overall-effectiveness"].label
            span = text.match_span(overall)
            found.append(
                Judgement(
                    "local-authority", "overall-effectiveness", label, grade, overall["word"], span
                )
            )
            report.warnings.append(
                f"overall-effectiveness: graded '{overall['word']}' as the summary says it"
            )
    if not found:
        report.warnings.append("no judgement found")
    return found


def _graded_lines(text: SourceText, start: int, end: int) -> list[Judgement]:
    """Lines printing one of the four judgements and its grade ("Overall effectiveness:
    Adequate"; the label over one or two lines, the grade after it or on the next line),
    the first for each area."""
    found: dict[str, Judgement] = {}
    lines = list(re.finditer(r"^[^\n]*\S[^\n]*$", text.clean[:end], re.M))
    for index, line in enumerate(lines):
        if line.start() < start:
            continue
        printed = line.group().replace(":", " ")
        row, alone = ROW_RE.fullmatch(printed), LONE_GRADE_RE.fullmatch(printed)
        grade_printed = row["grade"] if row else alone["grade"] if alone else None
        if not grade_printed:
            continue
        above = [m for m in lines[max(0, index - 2) : index] if m.start() >= start]
        heads = [row["label"]] if row else []
        # the label: the line itself, or the line (or two) above it and its own words
        candidates = [
            (" ".join([*(m.group() for m in above[k:]), *heads]), above[k] if above[k:] else line)
            for k in range(len(above), -1, -1)
        ]
        for label, first in candidates:
            area = LABELS.get(label_key(label))
            grade = vocab.grade_slug(grade_printed, SCALE)
            if area and grade and area not in found:
                span = text.span(first.start(), line.end())
                found[area] = Judgement(
                    "local-authority", area, squash(label), grade, grade_printed, span
                )
                break
    return list(found.values())
