"""Parser for ILACS reports, "Inspection of <X> local authority children's services" (2018-).

Layout: title, "Inspection dates:", "Lead inspector: Name, His Majesty's Inspector", the
judgement table ("Judgement  Grade", one row per area, Overall effectiveness last), a
summary, "What needs to improve" bullets (:mod:`.ilacs_improve`), then one section per area
whose heading repeats the grade ("...help and protection: requires improvement to be
good"). The 2018-2020 title is "Inspection of children's social care services" with the
council's name above or below it; a council whose services a trust runs may be named by the
trust ("Inspection of Bradford Children and Families Trust"). From 2024 children in care
and care leavers are judged apart; from 27 April 2026 (:data:`~ofsted_kg.model.vocab.
ILACS_2026_FROM`) there is no overall effectiveness judgement. The regexes allow for PDF
line wrapping.

Only the council and the inspection dates are required: a report without a lead inspector,
an improvement list or a complete judgement table is kept with what it has (the coverage
report lists the gaps) and a warning where a part was printed but not fully read.

Standard or short? The text rarely says. If it prints "this/the standard|short
inspection" that wins; otherwise 9 days on site or more (two weeks: a standard inspection)
or 8 or fewer (one week: a short one), counting every day of each part the dates print
(Derbyshire 2019: "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019" is 7
days, a short inspection whose second part came later, not a month on site).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.model.records import Authority, Judgement, Report, TeamMember
from ofsted_kg.parse import ilacs_history as history
from ofsted_kg.parse.cells import areas_graded, stream_rows, streams_read_more
from ofsted_kg.parse.common import (
    DATE_RANGE_RE,
    ROLE_RE,
    end_of_line,
    masthead_names_end,
    names_a_council,
    parse_date_ranges,
    role_slug,
    team_members,
)
from ofsted_kg.parse.findings import fill_missing
from ofsted_kg.parse.ilacs_improve import IMPROVE_RE, improvements
from ofsted_kg.parse.pages import first_page_end
from ofsted_kg.parse.trusts import TRUST_WORDS
from ofsted_kg.source.text import SourceText, squash

SCALE = "ilacs"
STANDARD_MIN_DAYS = 9  # days on site (both ends counted) over a weekend: a standard inspection
NEW_FRAMEWORK_FROM = date.fromisoformat(vocab.ILACS_2026_FROM)

# "Inspection of Brent local authority children's services"; a trust's title names it
# after the council's name ("Inspection of Bradford Children and Families Trust").
TITLE_RE = re.compile(
    r"Inspection\s+of\s+(?P<name>.{0,80}?)\s*(?:(?:local\s+authority\s+)?children'?s\s+"
    rf"(?:social\s+care\s+)?services(?!\s+Trust)|(?P<trust>{TRUST_WORDS})\b)",
    re.I | re.S,
)
# The report saying which kind it is ("This was a short inspection", "this standard
# inspection"); "Since the standard inspection in 2017" is an earlier one's, not this one's.
PHRASE_RE = re.compile(
    r"\b(?:this|it)\s+(?:was|is)\s+an?\s+(?P<kind>standard|short)\s+inspection\b"
    r"|\bthis\s+(?P<this>standard|short)\s+inspection\b",
    re.I,
)
DATES_RE = re.compile(
    r"Inspection\s+dates?\s*:?|Dates?\s+of\s+(?:the\s+)?inspection\s*:?|Inspected\s*:", re.I
)
GRADE_RE = (
    r"Outstanding|Good|Requires\s+improvement\s+to\s+be\s+good|Requires\s+improvement"
    r"|Inadequate"
)
_NOT_JUDGED = r"Not\s+judged|Not\s+applicable"
FIRST_PARAGRAPH_RE = re.compile(r"^[ \t]*1\.\s", re.M)


def _grade(printed: str) -> str | None:
    """ILACS grade slug; a bare "requires improvement" is the ILACS grade of that name."""
    words = squash(printed)
    return vocab.grade_slug(words, SCALE) or vocab.grade_slug(words + " to be good", SCALE)


def parse(text: SourceText, source: str) -> Report:
    """Parse an ILACS report (see the module docstring for standard vs short)."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(source, "no 'Inspection of ... children's services' title")
    authority = _authority(text, title, source)
    dates_at = _dates_label(text, title.end())
    start, end, days_on_site = parse_date_ranges(text, dates_at, dates_at + 200, source)

    improve = IMPROVE_RE.search(clean, dates_at)
    first_para = FIRST_PARAGRAPH_RE.search(clean, dates_at)
    head_end = min((m.start() for m in (improve, first_para) if m), default=len(clean))
    warnings: list[str] = []
    judgements, rows_end = _table(text, dates_at, head_end, warnings)
    if judgements:
        _fill_from_headings(text, judgements, head_end, warnings)
    else:
        judgements = _heading_judgements(text, head_end, warnings)

    framework = _framework(clean[:head_end], judgements, start.value, days_on_site)
    report = Report(source, framework, authority, start, end)
    report.judgements = judgements
    report.warnings += warnings + _check_table(judgements, report.framework)
    report.team = _team(text, title.end(), head_end, report.warnings)  # above the dates too
    if improve:
        report.recommendations = improvements(text, improve, report.warnings)
        if not report.recommendations:
            report.warnings.append("'What needs to improve' is printed without bulleted items")
    report.posts = history.posts(text, start.value)
    report.previous = history.earlier(text, rows_end or dates_at, start.value.year)
    report.warnings += _check_headings(text, judgements, head_end)
    return report


def _framework(head: str, judgements: list[Judgement], start: date, days_on_site: int) -> str:
    """ilacs-2026 from 27 April 2026 when no overall row is printed; else standard or short
    as the report's ``head`` says, or by the days on site."""
    overall = any(j.area == "overall-effectiveness" for j in judgements)
    if start >= NEW_FRAMEWORK_FROM and not overall:
        return "ilacs-2026"
    phrase = PHRASE_RE.search(head)
    if phrase:
        return f"ilacs-{(phrase['kind'] or phrase['this']).lower()}"
    return "ilacs-standard" if days_on_site >= STANDARD_MIN_DAYS else "ilacs-short"


def _dates_label(text: SourceText, after: int) -> int:
    """Clean offset where the inspection dates are printed: after "Inspection dates:", else
    (no label) at the first date range within a few lines of the title."""
    label = DATES_RE.search(text.clean, after, after + 1500)
    if label:
        return label.end()
    plain = DATE_RANGE_RE.search(text.clean, after, after + 400)
    return plain.start() if plain else after


# --- the judgement table --------------------------------------------------------------

_HEADER_RE = re.compile(r"^[ \t]*Judgements?\s+Grades?[ \t]*$", re.I | re.M)
# A row's grade ends its line, a full stop after it or not ("Good.").
_ROW_END_RE = re.compile(
    rf"(?:^|(?<=\s))(?P<grade>{GRADE_RE}|{_NOT_JUDGED})\.?[ \t]*$", re.I | re.M
)
# A row label: words only ("The experiences and progress of children in care"), perhaps a
# closing full stop; prose (digits, commas, colons) ends the table.
_LABEL_RE = re.compile(r"[A-Z][A-Za-z'&\- \t\n]*\.?")  # "&" for "and" too
MAX_LABEL_LINES = 3
MAX_LABEL_CHARS = 120  # the longest real label has 75


def area_by_meaning(label: str) -> str | None:
    """The ILACS area a row label names, by its key words, so that "The experiences and
    progress of children care leavers" (Kent 2026) is the care leavers row."""
    words = " ".join(re.sub(r"[^a-z]+", " ", label.lower().replace("&", " and ")).split())
    in_care = re.search(r"\bchildren (?:who are )?(?:in care|looked after)\b|\blooked after", words)
    # "care leavers", "care experienced", "young people leaving care", "who have left care"
    leavers = re.search(r"\bleavers?\b|\bcare experienced\b|\b(?:leaving|left) care\b", words)
    if "overall effectiveness" in words:
        return "overall-effectiveness"
    if re.search(r"\bleaders(?:hip)?\b", words):
        return "leaders-impact"
    # "help and protection"; "family help and child protection" as a revision may word it
    if re.search(r"\bhelp\b", words) and re.search(r"\bprotection\b", words):
        return "help-and-protection"
    if in_care and leavers:
        return "children-in-care-and-care-leavers"
    if leavers:
        return "care-leavers"
    if in_care:
        return "children-in-care"
    return None


def _table_start(clean: str, start: int, end: int) -> int:
    """After the "Judgement Grade" header, else after the lead inspector's line(s)."""
    header = _HEADER_RE.search(clean, start, end)
    if header:
        return header.end()
    lead = ROLE_RE.search(clean, start, end)
    if lead:
        line = re.compile(r"[^\n]*\n(?:[ \t]*H(?:is|er)\s+Majesty's\s+Inspector[^\n]*\n)?")
        found = line.match(clean, lead.end())
        return found.end() if found else lead.end()
    newline = clean.find("\n", start, end)
    return newline if newline >= 0 else start


def _table(
    text: SourceText, start: int, end: int, warnings: list[str]
) -> tuple[list[Judgement], int]:
    """The judgement table's rows and where it ends: read row by row, or as streams of
    cells (:func:`_streamed_table`) when those read more areas and agree with every row
    read row by row (a converter's text that interleaves a row's cells)."""
    judgements, rows_end = _judgement_table(text, start, end, warnings)
    streamed, streamed_end = _streamed_table(text, start, end)
    if streams_read_more(areas_graded(judgements), areas_graded(streamed)):
        warnings[:] = ["judgement table read as its text orders its cells (labels, grades)"]
        return streamed, streamed_end
    if not judgements and (run_on := _run_on_table(text, start, end))[0]:
        warnings[:] = ["judgement table read from one line (its rows one after another)"]
        return run_on
    return judgements, rows_end


# A row of a table printed on one line, rows one after another (a copy that joins a
# page's lines: "Judgement Grade The impact of leaders on social work practice with
# children and families Good The experiences and progress of ... Overall effectiveness
# Good Since the last inspection ..."): a label of words, its grade, then the next row,
# the line's end or the page's next sentence.
_RUN_ON_ROW_RE = re.compile(
    r"(?P<label>(?:The\s+(?:impact|experiences)|Overall\s+effectiveness)\b[A-Za-z'&,\- \t]{0,120}?)"
    rf"[ \t]+(?P<grade>{GRADE_RE}|{_NOT_JUDGED})\.?"
    r"(?=[ \t]+(?:The\s+(?:impact|experiences)|Overall\s+effectiveness)\b|[ \t]*$|[ \t]+[A-Z])",
    re.M,
)


def _run_on_table(text: SourceText, start: int, end: int) -> tuple[list[Judgement], int]:
    """The judgement table printed on one line (:data:`_RUN_ON_ROW_RE`): the rows one
    after another from the first in clean ``[start, end)``, and where they end."""
    clean = text.clean
    first = _RUN_ON_ROW_RE.search(clean, start, end)
    if first is None:
        return [], 0
    at = first.start()
    found: list[Judgement] = []
    table_end = 0
    for row in _RUN_ON_ROW_RE.finditer(clean, at, end_of_line(clean, at, end)):
        if row.start() != at and clean[at : row.start()].strip():
            break  # words between the rows: the table has ended
        judgement = _row(text, row.start("label"), row.end("label"), *row.span("grade"))
        if judgement and all(j.area != judgement.area for j in found):
            found.append(judgement)
        at = table_end = row.end()
    return found, table_end


def _judgement_table(
    text: SourceText, start: int, end: int, warnings: list[str]
) -> tuple[list[Judgement], int]:
    """The rows of the judgement table in clean ``[start, end)`` (see :func:`_row_offsets`)
    and where the table ends; a row not read or graded twice is a warning."""
    rows: list[Judgement] = []
    table_end = 0
    for offsets in _row_offsets(text.clean, start, end):
        label_start, label_end, grade_start, grade_end, table_end = offsets
        row = _row(text, *offsets)
        label = _label(text.clean, label_start, label_end, grade_end, table_end)
        if row is None:
            if _grade(text.clean[grade_start:grade_end]) is not None:
                warnings.append(f"judgement table: a row not recognised ('{label}')")
        elif any(r.area == row.area for r in rows):
            warnings.append(f"judgement table: {row.area} is graded twice; kept the first")
        else:
            rows.append(row)
    return rows, table_end


def _row_offsets(clean: str, start: int, end: int) -> Iterator[tuple[int, int, int, int, int]]:
    """Clean (label start, label end, grade start, grade end, row end) of each table row.

    A row is one to three lines of label words ending in a grade, on the label's last line
    or its own, capitalised; a grade may run onto the next two lines ("Requires improvement"
    / "to be good", "Requires" / "improvement to" / "be good"). A label may go on in lower
    case under the line holding its grade, as a converter keeping the page's layout prints
    it ("The impact of leaders on social work      Good" / "practice with children and
    families"): the row then ends after those lines. The table ends at a line that is not
    label words (prose) or when a label runs on without a grade.
    """
    label_at: int | None = None
    lines = 0
    pos = _table_start(clean, start, end)
    while pos < end:
        line_end = end_of_line(clean, pos, end)
        next_end = end_of_line(clean, min(line_end + 1, end), end)
        grade = _ROW_END_RE.search(clean, pos, end_of_line(clean, min(next_end + 1, end), end))
        if grade and (grade.start() >= line_end or grade["grade"][0].islower()):
            # the next line's grade; a section heading's ("...: good", or "... protection" /
            # "requires improvement to be good" under the table, Oxfordshire 2018)
            grade = None
        label_from = pos if label_at is None else label_at
        label_to = grade.start() if grade else line_end
        label = clean[label_from:label_to].strip()
        if not clean[pos:line_end].strip():
            pass  # a blank line
        elif not _LABEL_RE.fullmatch(label) or len(label) > MAX_LABEL_CHARS:
            return
        elif grade:
            line_end = end_of_line(clean, grade.end(), end)
            row_end = _label_goes_on(clean, line_end, end)
            if row_end is None:  # the label and the grade's end interleaved: not read
                row_end = end_of_line(clean, min(line_end + 1, end), end)
            else:
                row_end = row_end or grade.end("grade")
                yield label_from, label_to, grade.start("grade"), grade.end("grade"), row_end
            label_at, lines, line_end = None, 0, max(line_end, row_end)
        else:
            lines += 1
            if lines > MAX_LABEL_LINES:
                return
            label_at = label_from
        pos = line_end + 1


# A label's lower-case lines under its grade's line: words only, no grade.
_LABEL_END_RE = re.compile(r"(?:\n[ \t]*[a-z][A-Za-z'\- \t]*(?=\n|$)){1,2}")


# A label's last words and a grade's last words on one line, as a converter keeping the
# layout interleaves a row's cells ("... children in care and care   Requires improvement"
# / "leavers                                   to be good").
_INTERLEAVED_RE = re.compile(
    r"\n[ \t]*[a-z][A-Za-z'\- \t]*?[a-z][ \t]+(?:improvement(?:\s+to\s+be\s+good)?|to\s+be\s+good"
    r"|be\s+good)[ \t]*(?=\n|$)"
)


def _label_goes_on(clean: str, line_end: int, end: int) -> int | None:
    """The end of the label's lines going on under its grade's line (ending at
    ``line_end``); 0 if none; None when the next line holds the label's end and the
    grade's (which row has which words is then a guess)."""
    if _INTERLEAVED_RE.match(clean, line_end, end):
        return None
    more = _LABEL_END_RE.match(clean, line_end, end)
    if more is None or _ROW_END_RE.search(more.group()):
        return 0
    return more.end()


def _label(clean: str, label_start: int, label_end: int, grade_end: int, row_end: int) -> str:
    """A row's label as printed: before its grade, and any lines going on after it."""
    return squash(clean[label_start:label_end] + " " + clean[grade_end:row_end])


def _row(
    text: SourceText,
    label_start: int,
    label_end: int,
    grade_start: int,
    grade_end: int,
    row_end: int | None = None,
) -> Judgement | None:
    """One table row, or None for a label that names no area or a "Not judged" grade."""
    clean = text.clean
    row_end = max(row_end or grade_end, grade_end)
    label = _label(clean, label_start, label_end, grade_end, row_end).rstrip(". ")
    area = area_by_meaning(label)
    printed = squash(clean[grade_start:grade_end])
    grade = _grade(printed)
    if area is None or grade is None:
        return None
    span = text.span(label_start, first_page_end(text, label_start, row_end))
    return Judgement("local-authority", area, label, grade, printed, span)


# The rows a complete table has: one "children in care and care leavers" row until 2023,
# separate "children in care" and "care leavers" rows from 2023.
_AREAS = ("leaders-impact", "help-and-protection")
_TABLES = (
    {*_AREAS, "children-in-care-and-care-leavers"},
    {*_AREAS, "children-in-care", "care-leavers"},
)


def _closest_table(areas: set[str], framework: str) -> set[str]:
    """The rows of the complete table closest to ``areas``: its framework's, with the
    joint or the separate children in care and care leavers rows."""
    expected = [t | {"overall-effectiveness"} for t in _TABLES]
    if framework == "ilacs-2026":
        expected = list(_TABLES)
    return min(expected, key=lambda t: len(t ^ areas))


def _check_table(judgements: list[Judgement], framework: str) -> list[str]:
    """Warnings for a judgement table that lacks rows its framework prints."""
    if not judgements:
        return ["no judgement table found (e.g. 'Overall effectiveness  Good')"]
    areas = {j.area for j in judgements}
    closest = _closest_table(areas, framework)
    missing, extra = closest - areas, areas - closest
    warnings = []
    if missing:
        warnings.append(f"judgement table: no row for {', '.join(sorted(missing))}")
    if extra:
        warnings.append(f"judgement table: unexpected rows {', '.join(sorted(extra))}")
    return warnings


# --- title and team -------------------------------------------------------------------


def _authority(text: SourceText, title: re.Match[str], source: str) -> Authority:
    """The name in the title (a trust's name gives the council part of it and the trust);
    else (2018-2020 "Inspection of children's social care services") the lines above the
    title ("London Borough of Newham"), or failing those the first capitalised line below."""
    name = re.sub(r"'s$", "", squash(title["name"]))  # "Bristol City Council's"
    if name and title["trust"]:
        trust = squash(text.clean[title.start("name") : title.end("trust")])
        trust_span = text.span(title.start("name"), title.end("trust"))
        return Authority(name, text.match_span(title, "name"), trust=trust, trust_span=trust_span)
    if name:
        return Authority(name, text.match_span(title, "name"))
    above = _name_above(text.clean, title.start())
    if above:
        return Authority(squash(text.clean[above[0] : above[1]]), text.span(*above))
    line = re.compile(r"^[ \t]*(?P<name>[A-Z][^\n]{1,80}?)[ \t]*$", re.M).search(
        text.clean, title.end()
    )
    if not line or DATES_RE.match(line["name"]):
        raise ParseError(source, "no authority name in or next to the report title")
    return Authority(squash(line["name"]), text.match_span(line, "name"))


# Lines above a title that are not the council's name: the logo's words, a running header.
_NOT_A_NAME_RE = re.compile(
    r"Ofsted|raising\s+standards|improving\s+lives|raising\s+standards\s+improving\s+lives"
    r"|Inspection\s+of\b.*|.*\d.*",
    re.I,
)


_NAME_BEFORE_TITLE_RE = re.compile(r"[ \t]*(?:\d{1,3}[ \t]+)?(?P<name>[A-Z][^\n]*?)[ \t]*$")


def _name_above(clean: str, title_start: int) -> tuple[int, int] | None:
    """Clean offsets of the council's name printed on the (at most two) lines right above
    the title ("The Royal Borough of Windsor and" / "Maidenhead"), or None."""
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", clean[:title_start])][-2:]
    if lines and "\n" not in clean[lines[-1].end() : title_start]:
        # The name on the title's line, as a copy joining page 1's lines prints it ("1
        # Wokingham Borough Council Inspection of children's social care services").
        name = _NAME_BEFORE_TITLE_RE.match(clean, lines[-1].start(), lines[-1].end())
        if name and names_a_council(name["name"]):
            return name.span("name")
    while lines and _NOT_A_NAME_RE.fullmatch(lines[0].group().strip()):
        lines.pop(0)
    if not lines or any(_NOT_A_NAME_RE.fullmatch(m.group().strip()) for m in lines):
        return None
    if (
        len(lines) == 2
        and not names_a_council(clean[lines[0].start() : lines[1].end()])
        and names_a_council(lines[1].group())
    ):
        lines.pop(0)  # a word printed above the name ("OFFICIAL")
    return lines[0].start(), lines[-1].end()


def _team(text: SourceText, start: int, end: int, warnings: list[str]) -> list[TeamMember]:
    """Named inspectors: "Lead inspector: Nick Bennison, His Majesty's Inspector" (the name
    may be on the next line when the label ends its line)."""
    members: list[TeamMember] = []
    clean = text.clean
    for match in ROLE_RE.finditer(clean, start, end):
        slug = role_slug(match["role"])
        line_start = clean.rfind("\n", 0, match.start()) + 1
        at_line_start = not clean[line_start : match.start()].strip()
        if not slug or not (at_line_start or match.group().endswith(":")):
            continue  # not a label ("... lead inspectors from ...")
        name_at = match.end()
        line_end = clean.find("\n", name_at)
        stop = line_end if 0 <= line_end < end else end
        if not clean[name_at:stop].strip(" \t:"):
            name_at = stop + 1
            line_end = clean.find("\n", name_at)
            stop = line_end if 0 <= line_end < end else end
        printed = " ".join(match["role"].split())
        stop = masthead_names_end(clean, name_at, stop)
        found = team_members(text, name_at, stop, slug, printed)
        if not found:
            warnings.append(f"'{printed}' is printed without a name that could be read")
        members += found
    return members


# --- section headings -----------------------------------------------------------------

# "...help and protection: good", "...care leavers are: inadequate", "...families requires
# improvement to be good" (Liverpool 2018), each a line (or two) of its own.
HEADING_RE = re.compile(
    r"^[ \t]*(?P<label>(?:The\s+(?:experiences|impact)|Overall\s+effectiveness)"
    r"[A-Za-z' \t]*?(?:\n[A-Za-z' \t]+?)??)"
    rf"(?:\s+(?:is|are))?(?:\s*:\s*|\s+)(?P<grade>{GRADE_RE})\b\.?[ \t]*$",
    re.I | re.M,
)


_ROW_START_RE = re.compile(r"The\s+(?:impact|experiences)\b|Overall\s+effectiveness\b")
_HEADER_CELL_RE = re.compile(r"(?:Judgements?|Grades?)(?:\s+Grades?)?", re.I)
_WHOLE_GRADE_RE = re.compile(rf"{GRADE_RE}|{_NOT_JUDGED}", re.I)


def _streamed_table(text: SourceText, start: int, end: int) -> tuple[list[Judgement], int]:
    """The judgement table read as streams of label and grade cells
    (:func:`~ofsted_kg.parse.cells.stream_rows`): for a text whose converter interleaves a
    row's cells; the rows and where the table ends."""
    clean = text.clean
    rows = stream_rows(
        clean, _table_start(clean, start, end), end, _ROW_START_RE, _WHOLE_GRADE_RE, _HEADER_CELL_RE
    )
    found: list[Judgement] = []
    for row in rows:
        area, grade = area_by_meaning(row.label.rstrip(". ")), _grade(row.grade)
        if area and grade and all(j.area != area for j in found):
            span = text.span(row.start, first_page_end(text, row.start, row.end))
            found.append(Judgement("local-authority", area, row.label, grade, row.grade, span))
    return found, max((row.end for row in rows), default=0)


def _headings(text: SourceText, start: int) -> dict[str, tuple[int, Judgement]]:
    """The grade each area's section heading prints after clean ``start`` (the first
    heading of each), with the heading's clean offset."""
    found: dict[str, tuple[int, Judgement]] = {}
    for heading in HEADING_RE.finditer(text.clean, start):
        label = squash(heading["label"])
        area = area_by_meaning(label)
        grade = _grade(heading["grade"])
        if area and grade and area not in found:
            span = text.span(heading.start("label"), heading.end("grade"))
            printed = squash(heading["grade"])
            judgement = Judgement("local-authority", area, label, grade, printed, span)
            found[area] = (heading.start(), judgement)
    return found


def _heading_judgements(text: SourceText, start: int, warnings: list[str]) -> list[Judgement]:
    """Without a judgement table that can be read (its cells in another order, say), the
    grades the section headings print after clean ``start``, one per area, with a
    warning; an overall grade only if a heading prints one."""
    found = [judgement for _, judgement in _headings(text, start).values()]
    if found:
        warnings.append(
            "the judgement table could not be read: grades taken from the section headings"
        )
    return found


def _fill_from_headings(
    text: SourceText, judgements: list[Judgement], start: int, warnings: list[str]
) -> None:
    """Add to a table read in part each area it lacks whose section heading after clean
    ``start`` prints a grade ("The experiences and progress of children in care and care
    leavers: requires improvement to be good"), told: a row whose cells are laid out
    otherwise. Only the areas of the complete table closest to the rows read; overall
    effectiveness only if a heading prints it."""
    wanted = _closest_table({j.area for j in judgements}, "ilacs")
    for area, (at, heading) in _headings(text, start).items():
        if area in wanted:
            how = f"as its section heading (line {text.line_number(at)}) prints it"
            fill_missing(judgements, [heading], warnings, how, "the judgement table")


def _check_headings(text: SourceText, judgements: list[Judgement], start: int) -> list[str]:
    """Warnings where a section heading's grade disagrees with the judgement table."""
    table = {j.area: j for j in judgements}
    warnings = []
    for heading in HEADING_RE.finditer(text.clean, start):
        row = table.get(area_by_meaning(heading["label"]) or "")
        grade = _grade(heading["grade"])
        if row and grade != row.grade:
            line = text.line_number(heading.start())
            warnings.append(
                f"{row.area}: the judgement table grades it '{row.grade_as_printed}' but the "
                f"section heading (line {line}) prints '{squash(heading['grade'])}'; kept "
                f"'{row.grade}'"
            )
    return warnings
