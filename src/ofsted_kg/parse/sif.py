"""Parser for single inspection framework (SIF, 2013-2017) reports with their LSCB review.

The reports open with the authority's name, the title, the inspection dates and a grade
table; the body repeats each grade in its section heading, which we use to cross-check
the table (or stand in for it when PDF extraction has mangled it). Layouts vary between
years, so every pattern allows any run of whitespace between words and finds headings as
whole lines rather than by position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.model.records import Authority, DatedFact, Judgement, Recommendation, Report
from ofsted_kg.parse.cells import stream_rows, streams_read_more
from ofsted_kg.parse.common import (
    DATES_LABEL,
    cue,
    end_of_line,
    finditer_in,
    names_a_council,
    parse_date_range,
    parse_single_date,
    sentences_with,
)
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.parse.sif_facts import figures, posts
from ofsted_kg.parse.sif_previous import previous
from ofsted_kg.parse.sif_sections import (
    BOARD,
    BOARD_CUE,
    GRADE,
    heading_body_start,
    line,
    recommendations,
    rx,
    team,
)
from ofsted_kg.parse.sif_sections import grade as _grade
from ofsted_kg.source.text import SourceText, squash

FRAMEWORK = "sif"
REINSPECTION = "sif-reinspection"

# A re-inspection's "Re-" may end the council's line ("Somerset County Council Re-" /
# "inspection of services ..."): it belongs to the title, not to the name.
_TITLE_RE = re.compile(
    r"(?:\bRe-?\s*)?inspection\s+of\s+services\s+for\s+children\s+in\s+need", re.I
)
_REINSPECTION_RE = re.compile(r"Re-?\s*inspection\s+of\s+services\s+for\s+children", re.I)
_LSCB_TITLE_RE = re.compile(
    r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+"
    r"safeguarding\s+children\s+board",
    re.I,
)
_rx, _line = rx, line


# --- authority and dates ----------------------------------------------------------------

_COUNCIL_SUFFIX_RE = re.compile(
    r"\s+(?:Metropolitan\s+)?(?:Borough\s+|City\s+|County\s+|District\s+)?Council$", re.I
)
_COUNCIL_PREFIX_RE = re.compile(
    r"^(?:(?:London|Royal)\s+Borough\s+of|City\s+of|"
    r"Council\s+of\s+the)\s+",
    re.I,
)
_PAGE_NUMBER_RE = re.compile(r"1[ \t]+(?=\S)")


def authority_above(text: SourceText, title_start: int, source: str) -> Authority:
    """The authority's name: the last block of lines above the title (PDFs wrap it)."""
    above = text.clean[:title_start]
    lines = list(re.finditer(r"[^\n]*\S[^\n]*", above))
    if not lines:
        raise ParseError(source, "no authority name above the report title")
    first = lines[-1]
    for earlier in reversed(lines[:-1]):
        if "\n" in above[earlier.end() + 1 : first.start()] or len(first.group()) > 60:
            break  # a blank line, or we reached text that is not a name
        if earlier.group().strip().isdigit():
            break  # page 1's number, where no page furniture was taken out (a text file)
        first = earlier
    end = lines[-1].end()
    # Words printed above the council's name (a logo's, a reference) are not part of it:
    # the name starts at the first line of the block from which it names a council.
    block = [line for line in lines if line.start() >= first.start()]
    named = next((line for line in block if names_a_council(above[line.start() : end])), None)
    if named is None:
        # A name parted by a blank line (a text that spaces its lines): the line or two
        # before the blank, where with them the block names a council.
        for earlier in reversed([line for line in lines if line.start() < first.start()][-2:]):
            if earlier.group().strip().isdigit() or len(earlier.group()) > 60:
                break
            if names_a_council(above[earlier.start() : end]):
                named = earlier
                break
    start = (named or first).start()
    # Page 1's number on the name's line (a copy that joins the page's lines): not the name.
    if (number := _PAGE_NUMBER_RE.match(above, start, end)) and names_a_council(
        above[number.end() : end]
    ):
        start = number.end()
    name = squash(above[start:end])
    plain = _COUNCIL_PREFIX_RE.sub("", _COUNCIL_SUFFIX_RE.sub("", name))
    rest = text.clean[title_start:]
    aliases: list[str] = []
    if plain != name and re.search(rf"\b{re.escape(plain)}\b", rest):
        aliases.append(plain)
    words = plain.split()
    acronym = "".join(w[0].upper() for w in words)
    if len(words) >= 3 and acronym.isalpha() and re.search(rf"\b{acronym}\b", rest):
        aliases.append(acronym)  # "CWAC" for Cheshire West and Chester
    return Authority(name, text.span(start, end), tuple(aliases))


# Page 1's labels, with a colon, a dash or neither: "Inspection dates:", "Dates of
# inspection", "Report published:", "Published -".
_DATES_LABEL_RE = re.compile(DATES_LABEL, re.I)
# Also inside a line, where a copy joins page 1's lines ("... 11 February 2015 Report
# published: 27 March 2015 The overall judgement ...", Leeds 2015): then with its colon.
_PUBLISHED_LABEL_RE = re.compile(
    r"^[ \t]*(?:Report\s+)?published\s*[:-]?|(?<=\s)Report\s+published:", re.I | re.M
)


# --- judgements -------------------------------------------------------------------------

# Area slug from words in the printed label; most specific first.
_AREA_WORDS = (
    ("adoption", "adoption-performance"),
    ("care leavers", "care-leavers"),
    ("help and protection", "help-and-protection"),
    ("leadership", "leadership-management-governance"),
    ("looked after", "looked-after-and-permanence"),
)
_AREA_NUMBERS = {
    "1": "help-and-protection",
    "2": "looked-after-and-permanence",
    "2.1": "adoption-performance",
    "2.2": "care-leavers",
    "3": "leadership-management-governance",
}
_LA_AREAS = tuple(_AREA_NUMBERS.values())

# A row "Not judged" (Isles of Scilly 2016: a council with no children looked after).
_NOT_JUDGED = r"not\s+judged"
_GRADE_OR_NOT = rf"(?:{GRADE}|{_NOT_JUDGED})"
# A grade-table row: label and grade on one line (text), or the label wrapped onto a
# lower-case second line and the grade, itself perhaps wrapped, on the next (PDF).
_TABLE_ROW_RE = re.compile(
    rf"^[ \t]*(?P<num>[123](?:\.[12])?)\.?[ \t]+"
    # (Case matters in the label: a wrapped label goes on in lower case, prose does not.)
    rf"(?P<label>(?-i:[A-Z])[^\n\t]*?(?:[ \t]*\n[ \t]*(?-i:[a-z])[^\n\t]*?)?)(?:[ \t]+|[ \t]*\n\s*)"
    rf"(?P<grade>{_GRADE_OR_NOT})[ \t]*$",
    re.M | re.I,
)
_CONTENTS_RE = re.compile(r"^[ ]*Contents\b", re.M)
# Section headings in the body that restate a grade ("... are good", "...\n\nGood").
_BODY_AREA_RE = re.compile(
    r"^[ ]*(?P<label>(?:The\s+experiences\s+and\s+progress\s+of\s+)?children\s+(?:who\s+need"
    r"\s+help\s+and\s+protection|looked\s+after\s+and\s+achieving\s+permanence)"
    r"|Leadership,\s+management\s+and\s+governance)"
    rf"(?:[ \t]+|[ \t]*\n\s*)(?:(?:is|are)\s+)?(?P<grade>{_GRADE_OR_NOT})\.?[ ]*$",
    re.M | re.I,
)
_GRADED_SENTENCE_RE = _rx(
    rf"The graded judge?ment (?:for|about) (?:the )?(?P<label>adoption performance"
    rf"|experiences? and progress of care leavers) is (?:that it (?:is )?)?(?P<grade>{GRADE})"
)
# The headline may wrap inside the council's name ("Children's services in the Royal
# Borough of Kensington and\nChelsea are outstanding"), never over a blank line.
_NAME_RUN = r"(?:[^\n.]|\n(?![ \t]*\n)){1,100}?"
_OVERALL_RES = (
    _rx(
        rf"(?P<label>The overall judgement) is (?:that )?(?:(?:the )?children's services "
        rf"(?:(?:are|is) )?)?(?P<grade>{GRADE})"
    ),
    _rx(
        # The headline, capitalised ("This is a re-inspection of children's services in
        # Manchester, following a judgement of inadequate ..." is not it).
        rf"(?P<label>(?-i:C)hildren's services in [A-Z]{_NAME_RUN}) (?:(?:are|is) )?"
        rf"(?:judged (?:to be )?)?(?P<grade>{GRADE})"
    ),
)
# A word each of those patterns' matches holds (none matches a full stop): they are read
# only in the sentences holding it.
_GRADED_CUE = cue("graded")
_OVERALL_CUES = (cue("judgement"), cue("services"))
# (read only in the sentences naming a board, BOARD_CUE: its optional "the" is tried at
# every line)
_LSCB_RE = re.compile(
    r"^[ ]*(?P<label>(?:The\s+judgement\s+for\s+)?(?:the\s+effectiveness\s+of\s+)?"
    rf"(?:the\s+)?{BOARD})\s+(?:is\s+)?(?:judged\s+(?:to\s+be\s+)?)?"
    rf"(?P<grade>{GRADE})\b",
    re.M | re.I,
)


# The board's grade inside a joined page's line (a copy of the text that drops its line
# breaks: "... (LSCB) The Local Safeguarding Children Board requires improvement Executive
# summary ..."): after a sentence's end, a bracket or the section's heading ("The Local
# Safeguarding Children Board The Local ...", Stoke-on-Trent 2015), a heading's next
# words after it (a sentence's "The LSCB is good at ..." goes on in lower case or ends).
_LSCB_JOINED_RE = re.compile(
    r"(?:(?<=[.!?)] )|(?<=Board )|(?<=LSCB )|(?=(?-i:The) (?:judgement for the )?effectiveness of))"
    rf"(?P<label>(?:The\s+judgement\s+for\s+)?(?:the\s+effectiveness\s+of\s+)?(?:the\s+)?"
    rf"{BOARD})\s+(?:is\s+)?(?P<grade>{GRADE})(?= (?-i:[A-Z][a-z]))",
    re.I,
)


def _area_of(label: str) -> str | None:
    lowered = squash(label.replace("&", "and")).lower()
    return next((slug for words, slug in _AREA_WORDS if words in lowered), None)


class _Row(Protocol):
    """A table row or graded sentence: a match, or a row read from the cell streams."""

    def __getitem__(self, group: str) -> str: ...

    def group(self) -> str: ...

    def start(self) -> int: ...

    def end(self) -> int: ...


@dataclass(frozen=True)
class _StreamedRow:
    """A grade-table row read from the cell streams (:mod:`.cells`), with the groups and
    offsets of a row's match: its label (without its number) and grade as printed."""

    num: str
    label: str
    grade: str
    first: int
    last: int

    def __getitem__(self, group: str) -> str:
        return {"num": self.num, "label": self.label, "grade": self.grade}[group]

    def group(self) -> str:
        return f"{self.num} {self.label} {self.grade}"

    def start(self) -> int:
        return self.first

    def end(self) -> int:
        return self.last


def _judgement(text: SourceText, match: _Row, scope: str, area: str) -> Judgement | None:
    """The judgement a matched row or sentence prints; None for "Not judged"."""
    grade = _grade(match["grade"])
    if grade is None:
        return None
    span = text.span(match.start(), match.end())
    return Judgement(scope, area, squash(match["label"]), grade, squash(match["grade"]), span)


def _judgements(text: SourceText, report: Report, has_lscb: bool) -> None:
    """Overall, the five area grades and the LSCB grade, cross-checked against the body.

    A judgement the report does not print (or prints "Not judged") is left out with a
    warning; :mod:`ofsted_kg.model.expectations` lists it as a gap.
    """
    _overall(text, report)
    table, body_start = _grade_table(text, report)
    body: dict[str, list[re.Match[str]]] = {}
    graded = sentences_with(text.clean, _GRADED_CUE, body_start)
    for found in (
        _BODY_AREA_RE.finditer(text.clean, body_start),
        finditer_in(_GRADED_SENTENCE_RE, text.clean, graded),
    ):
        for m in found:
            stated = _area_of(m["label"])
            if stated:
                body.setdefault(stated, []).append(m)
    for area in _LA_AREAS:
        label = vocab.AREA_SCHEMES["sif"][area].label
        statements = body.get(area, [])
        chosen = table.get(area) or (statements[0] if statements else None)
        if chosen is None:
            report.warnings.append(f"no judgement found for {label}")
            continue
        _cross_check(report, label, chosen, statements)
        _add(text, report, chosen, "local-authority", area)
    _lscb(text, report, has_lscb)


def _add(text: SourceText, report: Report, match: _Row, scope: str, area: str) -> None:
    judgement = _judgement(text, match, scope, area)
    if judgement is None:
        report.warnings.append(
            f"'{squash(match['label'])}' is printed '{squash(match['grade'])}': no grade recorded"
        )
    else:
        report.judgements.append(judgement)


# A grade-table row for the whole, where no headline states it; only on the front page (a
# list of the previous inspection's judgements, "The judgements ... were: - Overall
# effectiveness: inadequate", comes later).
_OVERALL_ROW_RE = re.compile(
    r"^[ \t]*(?P<label>Overall\s+effectiveness)[ \t]*:?(?:[ \t]+|[ \t]*\n\s*)"
    rf"(?P<grade>{GRADE})[ \t]*$",
    re.M | re.I,
)


def _overall(text: SourceText, report: Report) -> None:
    overall = [
        m
        for pattern, words in zip(_OVERALL_RES, _OVERALL_CUES, strict=True)
        for m in finditer_in(pattern, text.clean, sentences_with(text.clean, words))
    ]
    overall.sort(key=lambda m: m.start())
    if not overall:
        contents = _CONTENTS_RE.search(text.clean, 0, 8000)
        head_end = contents.start() if contents else min(len(text.clean), 4000)
        row = _OVERALL_ROW_RE.search(text.clean, 0, head_end)
        if row and "were:" not in text.clean[max(0, row.start() - 40) : row.start()]:
            overall = [row]
    if not overall:
        report.warnings.append("no overall effectiveness judgement found")
        return
    _cross_check(report, "overall effectiveness", overall[0], overall[1:])
    _add(text, report, overall[0], "local-authority", "overall-effectiveness")


def _grade_table(text: SourceText, report: Report) -> tuple[dict[str, _Row], int]:
    """The rows of the first page's grade table by area, and where the table ends."""
    clean = text.clean
    contents = _CONTENTS_RE.search(clean, 0, 8000)
    head_end = contents.start() if contents else min(len(clean), 8000)
    table: dict[str, _Row] = {}
    body_start = 0
    rows: list[_Row] = list(_table_rows(clean, head_end))
    streamed = _streamed_rows(clean, head_end)
    if _more_rows(streamed, rows):  # its cells in another order than row by row
        rows = list(streamed)
        report.warnings.append("grade table read as its text orders its cells (labels, grades)")
    for row in rows:
        numbered = _AREA_NUMBERS.get(row["num"])
        area = _area_of(row["label"]) or numbered
        if area is None:
            continue
        body_start = max(body_start, row.end())
        if area != numbered:
            report.warnings.append(
                f"grade table row {row['num']} '{squash(row['label'])}' does not match its number"
            )
        table.setdefault(area, row)
    return table, body_start


# A numbered label line of the grade table without its grade, a lower-case line going on
# with it, and a grade on lines of its own ("Requires" / "improvement").
_LABEL_LINE_RE = re.compile(
    r"[ \t]*(?P<num>[123](?:\.[12])?)\.?[ \t]+(?P<label>(?-i:[A-Z])[^\n\t]*?)[ \t]*$", re.M
)
_LABEL_GOES_ON_RE = re.compile(r"[ \t]*(?P<rest>[a-z][^\n\t]*?)[ \t]*$", re.M)
# Words of a grade cut short beside a label ("1. Children who need help and protection
# improvement to be" / "good", a converter keeping the layout).
_GRADE_WORDS_RE = re.compile(r"\b(?:requires?|improvement(?:\s+to)?(?:\s+be)?)[ \t]*$", re.I | re.M)
_GRADE_CELL_RE = re.compile(rf"[ \t]*(?P<grade>{_GRADE_OR_NOT})[ \t]*$", re.M | re.I)


# A row's start inside a line: "2. Children looked after", "2.1 Adoption performance".
_ROW_NUMBER = r"(?:[123]\.|2\.[12])[ \t]+(?-i:[A-Z])"
_ROW_START = rf"(?<!\S){_ROW_NUMBER}"
_ROW_STARTS_RE = re.compile(_ROW_START)
# One row of a table printed on one line, rows one after another (a copy that joins a
# page's lines: "1. Children who need help and protection Good 2. Children looked after
# ... Good 2.1 Adoption performance Good ..."): its label never runs into the next row,
# its grade comes before the next row (or the line's end, or the page's next sentence); a
# footnote's mark may stand on either side of the grade ("governance 1 Outstanding", Leeds
# 2015).
_RUN_ON_ROW_RE = re.compile(
    rf"(?<!\S)(?P<num>[123](?:\.[12])?)\.?[ \t]+"
    rf"(?P<label>(?-i:[A-Z])(?:(?!\s{_ROW_NUMBER})[^\n\t]){{0,80}}?)"
    rf"(?:[ \t]+\d)?[ \t]+(?P<grade>{_GRADE_OR_NOT})(?:[ \t]+\d)?"
    # then the next row, the line's end, or (the last row) the page's next sentence
    rf"(?=[ \t]+{_ROW_START}|[ \t]*$|[ \t]+(?-i:[A-Z]))",
    re.M | re.I,
)


def _run_on_rows(clean: str, start: int, end: int) -> list[re.Match[str]]:
    """The rows of a table printed on one line (:data:`_RUN_ON_ROW_RE`) in ``[start,
    end)``, each the row its number names (words before the table are no row)."""
    return [
        row
        for row in _RUN_ON_ROW_RE.finditer(clean, start, end)
        if _area_of(row["label"]) == _AREA_NUMBERS.get(row["num"])
    ]


MAX_LABEL_CHARS = 120  # a row's label, wrapped over two lines: 46 characters at most
RUN_ON_CHARS = 60  # shorter than a row and the words after it on one line


def _table_rows(clean: str, end: int) -> list[re.Match[str]]:
    """The grade table's rows in clean ``[0, end)``, each a match with ``num``, ``label``
    and ``grade`` groups: a row on its lines (label, then its grade on its line or below),
    or labels and then their grades in the same order, as a converter may give a table's
    cells column by column (pdftotext: "1. Children who need help and protection" / "2.
    Children looked after and achieving permanence" / "Requires" / "improvement" / "Good"):
    as many grades as labels are theirs in order; fewer, the first is the last label's
    (the grade under its row). Any other line ends the labels' wait."""
    rows: list[re.Match[str]] = []
    waiting: list[tuple[int, int, int]] = []  # a label's line start, start and end
    pos = 0
    while pos < end:
        line_end = end_of_line(clean, pos, end)
        if not clean[pos:line_end].strip():
            pos = line_end + 1
            continue
        # a line long enough to hold a row and more: rows, or a row and the next words,
        # on one line (a copy that joins a page's lines)
        joined = line_end - pos > RUN_ON_CHARS
        starts = len(_ROW_STARTS_RE.findall(clean, pos, line_end)) if joined else 0
        # a row's grade below its label only when no label waits for the grade below
        row = _TABLE_ROW_RE.match(clean, pos, line_end if waiting else end)
        if row and len(row["label"]) > MAX_LABEL_CHARS:
            row = None  # a page's lines joined after its number ("1 Wigan Inspection ...")
        # rows one after another, or one row and the page's next words (not a row's line)
        run_on = _run_on_rows(clean, pos, line_end) if starts > 1 or (starts and not row) else []
        if starts > 1 or run_on:
            rows += run_on
            waiting, pos = [], line_end + 1
            continue
        if (
            _GRADE_WORDS_RE.search(row["label"])
            if row
            else _GRADE_WORDS_RE.search(clean, pos, line_end)
            and not _GRADE_CELL_RE.match(clean, pos, end)
        ):  # a label beside a grade's words cut short: cells interleaved, not read
            waiting, pos = [], _next_line(clean, line_end, end)
            continue
        grade = None if row else _GRADE_CELL_RE.match(clean, pos, end)
        label = None if row or grade else _LABEL_LINE_RE.match(clean, pos, line_end)
        more = _LABEL_GOES_ON_RE.match(clean, pos, line_end) if waiting else None
        if row:
            rows.append(row)
            pos = row.end()
        elif grade and waiting:
            grades = _grade_run(clean, grade, end, len(waiting))
            if len(grades) < len(waiting):  # "2. ... achieving" / "permanence" / "Not judged"
                waiting, grades = waiting[-1:], grades[:1]
            rows += [
                _paired(clean, *label, cell) for label, cell in zip(waiting, grades, strict=True)
            ]
            waiting = []
            pos = grades[-1].end()
        elif label:
            waiting.append((pos, label.start("label"), label.end("label")))
            pos = line_end
        elif more and not grade:
            waiting[-1] = (*waiting[-1][:2], more.end("rest"))
            pos = line_end
        else:
            waiting = []
            pos = line_end
        pos += 1
    return rows


def _grade_run(clean: str, first: re.Match[str], end: int, most: int) -> list[re.Match[str]]:
    """``first`` and the grade cells right after it (blank lines between), ``most`` at most."""
    run = [first]
    while len(run) < most:
        following = _GRADE_CELL_RE.match(clean, _next_line(clean, run[-1].end(), end), end)
        if not following:
            break
        run.append(following)
    return run


_NEXT_LINE_RE = re.compile(r"\n[ \t\n]*(?=\S)")


def _next_line(clean: str, pos: int, end: int) -> int:
    """Where the first line holding something after ``pos`` starts (``end`` if none)."""
    found = _NEXT_LINE_RE.search(clean, pos, end)
    return clean.rfind("\n", pos, found.end()) + 1 if found else end


def _paired(
    clean: str, line_start: int, label_start: int, label_end: int, grade: re.Match[str]
) -> re.Match[str]:
    """A match from a label's line to a grade printed further on, with a row's ``num``,
    ``label`` and ``grade`` groups (its span holds what is printed between)."""
    exact = re.compile(
        rf"[ \t]*(?P<num>[123](?:\.[12])?)\.?[ \t]+(?P<label>[\s\S]{{{label_end - label_start}}})"
        rf"[\s\S]{{{grade.start('grade') - label_end}}}"
        rf"(?P<grade>[\s\S]{{{grade.end('grade') - grade.start('grade')}}})"
    )
    found = exact.match(clean, line_start)
    if found is None or found.start("label") != label_start:
        raise AssertionError("a label line that _LABEL_LINE_RE matched")
    return found


# "1. Children who need ...", "2.1 Adoption performance" (not a footnote's "1 Ofsted ...").
_NUMBERED_LABEL_RE = re.compile(r"(?P<num>[123](?=\.\s)|2\.[12])\.?\s+(?P<label>[A-Z].*)", re.S)
_WHOLE_GRADE_RE = re.compile(_GRADE_OR_NOT, re.I)
_NO_HEADER_RE = re.compile(r"(?!)")


def _more_rows(streamed: list[_StreamedRow], rows: list[_Row]) -> bool:
    """Whether the streams read more of the table's areas than its lines did (see
    :func:`~ofsted_kg.parse.cells.streams_read_more`)."""
    return streams_read_more(_table_grades(rows), _table_grades(streamed))


def _table_grades(rows: Sequence[_Row]) -> dict[str, str | None]:
    """The area and grade of each row naming an area."""
    return {area: _grade(r["grade"]) for r in rows if (area := _area_of(r["label"]))}


def _streamed_rows(clean: str, end: int) -> list[_StreamedRow]:
    """The grade table read as streams of label and grade cells (:mod:`.cells`)."""
    rows = stream_rows(clean, 0, end, _NUMBERED_LABEL_RE, _WHOLE_GRADE_RE, _NO_HEADER_RE)
    found = []
    for row in rows:
        numbered = _NUMBERED_LABEL_RE.match(row.label)
        if numbered:
            label = numbered["label"]
            found.append(_StreamedRow(numbered["num"], label, row.grade, row.start, row.end))
    return found


def _lscb(text: SourceText, report: Report, has_lscb: bool) -> None:
    runs = sentences_with(text.clean, BOARD_CUE)
    found = finditer_in(_LSCB_RE, text.clean, runs) or finditer_in(
        _LSCB_JOINED_RE, text.clean, runs
    )
    if found:
        _cross_check(report, "LSCB effectiveness", found[0], found[1:])
        _add(text, report, found[0], "lscb", "lscb-effectiveness")
    elif has_lscb:
        report.warnings.append("no LSCB effectiveness judgement found")


def _cross_check(report: Report, what: str, chosen: _Row, others: list[re.Match[str]]) -> None:
    for other in others:
        if _grade(other["grade"]) != _grade(chosen["grade"]):
            report.warnings.append(
                f"{what}: '{squash(chosen.group())}' but also '{squash(other.group())}'"
            )


# --- sections and the report ------------------------------------------------------------

# A heading's closing "?" or ":" may be missing or added ("Recommendations:"), and the
# heading may say what they are for ("Recommendations for improvement").
RECOMMENDATIONS = r"Recommendations(?: for improvement)?:?"
_LA_RECS_RE = line(rf"What does the local authority need to improve\??:?|{RECOMMENDATIONS}")
# Stoke-on-Trent 2015 heads the LSCB section without "(LSCB)"; a board named otherwise
# ("The Wigan Safeguarding Children Board (WSCB)") heads it too.
_LSCB_SECTION_RE = line(
    r"Section 2:[^\t\n]*|(?:The )?Local Safeguarding Children(?:'s)? Board(?: \(LSCB\))?"
    # a board's own name, its words capitalised (not a wrapped sentence's "of the ...")
    r"|(?-i:(?:The )?[A-Z][\w'-]*(?: [A-Z][\w'-]*){0,3} Safeguarding Children(?:'s)? Board)"
    r"(?: \([A-Z]{2,8}\))?"
)
_LSCB_RECS_RE = line(
    r"What does the (?:LSCB|Local Safeguarding Children Board) need to improve\??:?"
    rf"|{RECOMMENDATIONS}"
    r"|Areas for improvement:?"  # Swindon 2014: "Areas for improvement:"
)
STOP_RE = line(
    r"The (?:local authority|LSCB|board)'?s strengths"
    r"|Information about this (?:inspection|local authority area|area|review)"
    r"|Summary for children and young people|Progress since the last inspection"
    r"|Inspection (?:judgements?|findings)\b[^\t\n]*|Key strengths and weaknesses[^\t\n]*"
    r"|What the inspection judge?ments mean[^\t\n]*|Summary of (?:key )?findings"
    r"|Executive summary|Section \d+:[^\t\n]*|The experiences and progress[^\t\n]*"
    r"|The Local Safeguarding Children Board(?: \(LSCB\))?|What does the LSCB need to improve\?"
)
# Redbridge prints "Inspection date: 12/09/2016 to 06/10/2016", "Report published: 25/11/2016".
_NUMERIC_DATE = r"(\d{1,2})/(\d{1,2})/(\d{4})"
_NUMERIC_RANGE_RE = re.compile(rf"\s*{_NUMERIC_DATE}\s*(?:-|to)\s*{_NUMERIC_DATE}")
_NUMERIC_DATE_RE = re.compile(rf"\s*{_NUMERIC_DATE}")


def section_end(text: SourceText, start: int) -> int:
    """Where the section starting at clean ``start`` ends: the next major heading."""
    stop = STOP_RE.search(text.clean, start)
    return stop.start() if stop else len(text.clean)


def _numeric_date(text: SourceText, match: re.Match[str], first: int, source: str) -> DatedFact:
    try:
        value = date(int(match[first + 2]), int(match[first + 1]), int(match[first]))
    except ValueError as exc:
        raise ParseError(source, f"impossible date: {exc}") from None
    return DatedFact(value, text.match_span(match))


def dates(text: SourceText, source: str) -> tuple[DatedFact, DatedFact, DatedFact | None]:
    """Start, end and (when printed) publication date from the labelled lines of page 1."""
    clean = text.clean
    label = _DATES_LABEL_RE.search(clean, 0, 8000)
    window = (label.end(), label.end() + 120) if label else (0, min(len(clean), 4000))
    numeric = _NUMERIC_RANGE_RE.match(clean, window[0])
    if numeric:
        start, end = (
            _numeric_date(text, numeric, 1, source),
            _numeric_date(text, numeric, 4, source),
        )
    else:
        start, end = parse_date_range(text, *window, source)
    published = None
    label = _PUBLISHED_LABEL_RE.search(clean, 0, 8000)
    if label:
        published = parse_single_date(text, label.end(), label.end() + 60, source)
        numeric = _NUMERIC_DATE_RE.match(clean, label.end())
        if published is None and numeric:
            published = _numeric_date(text, numeric, 1, source)
    return start, end, published


def check_dates(report: Report) -> None:
    """Warn about a missing publication date and dates in an impossible order."""
    if report.start.value > report.end.value:
        report.warnings.append(f"inspection starts after it ends: '{report.start.span.quote}'")
    if report.published is None:
        report.warnings.append("no 'Report published' date printed")
    elif report.published.value < report.end.value:
        report.warnings.append("report published before the inspection ended")


def _reinspection_unnamed(report: Report, has_lscb: bool) -> None:
    """A SIF report without an LSCB review that follows a SIF inspection judged inadequate
    is a re-inspection, whatever its title (Darlington 2018 prints "Inspection of ...")."""
    earlier = [p for p in report.previous if p.kind == "sif" and p.grade == "inadequate"]
    if report.framework == FRAMEWORK and not has_lscb and earlier:
        report.framework = REINSPECTION
        report.warnings.append(
            "recorded as a re-inspection: no LSCB review, and the previous inspection "
            f"('{squash(earlier[0].span.quote)}') was judged inadequate"
        )


def _heading_after_a_sentence(
    clean: str, pattern: re.Pattern[str], start: int
) -> re.Match[str] | None:
    """The first line ``pattern`` matches after clean ``start`` that is a heading, not a
    sentence's words that happen to fill a line ("... vulnerable children and the" /
    "Local Safeguarding Children Board (LSCB)" / "has failed to ..."): what follows a
    heading does not go on in lower case, but for a numbered section's title wrapped
    over two lines ("Section 2: The effectiveness of the local safeguarding" / "children
    board", Swindon 2014)."""
    for found in pattern.finditer(clean, start):
        following = re.compile(r"\s*(\S)").match(clean, found.end())
        numbered = found.group().lstrip().lower().startswith("section")
        if numbered or not following or not following.group(1).islower():
            return found
    return None


def _recommendations_under(
    text: SourceText, heading: re.Match[str], addressee: str
) -> list[Recommendation]:
    """The recommendations under a section heading. When the heading ends its page, they
    are at the top of that page (PDFium may put a boxed heading after its page's text,
    :func:`heading_body_start`) or after the page break (a heading left at a page's
    foot): of the two lists, the one that reads more like recommendations ("Ensure ...",
    "The board should ..."), the page top's (which ends at the heading) when both do."""
    body = heading_body_start(text, heading)
    if body == heading.end():
        return recommendations(text, body, section_end(text, body), addressee)
    top = recommendations(text, body, min(section_end(text, body), heading.start()), addressee)
    after = recommendations(text, heading.end(), section_end(text, heading.end()), addressee)
    return after if _advice_share(after) > _advice_share(top) else top


# Words of advice: what a recommendation says and a finding does not ("Ensure that ...",
# "Strengthen ...", "The board should ...", "must", "need to").
_ADVICE_RE = re.compile(
    r"\b(?:ensure|improve|develop|review|strengthen|increase|reduce|establish|implement"
    r"|extend|embed|provide|consider|clarify|agree|accelerate|promote|should|must|needs? to)\b",
    re.I,
)


def _advice_share(items: list[Recommendation]) -> float:
    """The share of ``items`` that give advice (0 for none)."""
    return sum(bool(_ADVICE_RE.search(r.text)) for r in items) / len(items) if items else 0.0


def parse(text: SourceText, source: str) -> Report:
    """Parse a SIF report (with its LSCB review, when combined) or re-inspection report."""
    clean = text.clean
    title = _TITLE_RE.search(clean)
    if not title:
        raise ParseError(source, "no SIF report title")
    authority = authority_above(text, title.start(), source)
    framework = REINSPECTION if _REINSPECTION_RE.match(clean, title.start()) else FRAMEWORK
    start, end, published = dates(text, source)
    report = Report(source, framework, authority, start, end, published)
    check_dates(report)

    has_lscb = bool(_LSCB_TITLE_RE.search(clean, 0, 4000))
    report.lscb_review = has_lscb
    _judgements(text, report, has_lscb)
    team(text, report)

    # Headings are looked for after the contents list.
    body_start = max(title.end(), contents_end(text))
    lscb_section = _heading_after_a_sentence(clean, _LSCB_SECTION_RE, body_start)
    lscb_start = lscb_section.start() if lscb_section else len(clean)
    la_heading = _LA_RECS_RE.search(clean, body_start, lscb_start)
    if la_heading:
        report.recommendations += _recommendations_under(text, la_heading, "local-authority")
    if not any(r.addressee == "local-authority" for r in report.recommendations):
        report.warnings.append("no recommendations to the local authority found")
    lscb_heading = _LSCB_RECS_RE.search(clean, lscb_start) if lscb_section else None
    if lscb_heading:
        report.recommendations += _recommendations_under(text, lscb_heading, "lscb")
    if has_lscb and not any(r.addressee == "lscb" for r in report.recommendations):
        report.warnings.append("no recommendations to the LSCB found")

    posts(text, report)
    if not any(p.post == "director-of-childrens-services" for p in report.posts):
        report.warnings.append("no Director of Children's Services tenure printed")
    previous(text, report)
    _reinspection_unnamed(report, has_lscb)
    figures(text, report)
    return report
