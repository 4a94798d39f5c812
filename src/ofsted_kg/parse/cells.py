"""A grade table read as two streams of cells: its labels' words and its grades' words.

A converter that orders a page's text by height (pdfplumber, ``pdftotext -layout``) or by
text box (pdfminer) interleaves a row's cells: a grade centred beside a two-line label
lands between the label's lines ("The impact of leaders on social work practice with
children" / "Good" / "and families"), a two-line grade beside a two-line label shares
its lines ("... help and Requires improvement" / "protection to be good"), a grade's first
line sits above its label ("Requires improvement" / "Overall effectiveness" / "to be
good"), or all the grades come after all the labels. In every such order the labels read
top to bottom, and so do the grades: each line's trailing grade words go to the grade
stream, the rest to the label stream; the labels are cut where a row starts, the grades
where a grade is whole, and the n-th label has the n-th grade, when the counts agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ofsted_kg.model.records import Judgement
from ofsted_kg.source.text import squash

# The words a grade cell's line may hold (a grade whole, or the part a line break left).
_GRADE_WORDS = (
    r"requires(?:\s+improvement)?(?:\s+to)?(?:\s+be)?(?:\s+good)?|improvement(?:\s+to)?"
    r"(?:\s+be)?(?:\s+good)?|to\s+be\s+good|be\s+good|good|outstanding|inadequate|adequate"
    r"|not\s+judged|not\s+applicable"
)
_TRAILING_GRADE_RE = re.compile(rf"(?:^|(?<=\s))(?:{_GRADE_WORDS})[ \t]*$", re.I)
# "improvement" after "for" or "of" ends a label ("Capacity for improvement", 2009-2012),
# not a grade's line ("Requires" / "improvement to be good").
_LABELS_OWN_RE = re.compile(r"\b(?:for|of)\s+improvement\s*$", re.I)
# Label words: letters, spaces, apostrophes, hyphens, commas; a row number before them.
_LABEL_WORDS_RE = re.compile(r"(?:\d(?:\.\d)?\.?[ \t]+)?[A-Za-z][A-Za-z'\-, \t]*\.?")


@dataclass
class StreamRow:
    """A row put together from the streams: its label and grade as printed (squashed),
    and the clean offsets of its first and last cell text."""

    label: str
    grade: str
    start: int
    end: int


def stream_rows(
    clean: str,
    start: int,
    end: int,
    row_start: re.Pattern[str],
    grades: re.Pattern[str],
    header: re.Pattern[str],
) -> list[StreamRow]:
    """The rows of the table in clean ``[start, end)`` read as two streams (see the module
    docstring), or [] if the streams do not make whole rows.

    ``row_start`` matches the start of a row's label ("The impact", "1. Children");
    ``grades`` a whole grade; ``header`` a header cell's line ("Judgement", "Grade"). The
    table ends at the first line that is neither header, label words nor grade words, or
    whose label words would start no row nor go on with one (a paragraph after it); other
    lines before the first row are passed over ("Her Majesty's Inspector")."""
    labels: list[list[tuple[int, int]]] = []
    cells: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]*\S[^\n]*", clean[start:end]):
        at = start + line.start()
        printed = line.group()
        if header.fullmatch(printed.strip()):
            continue
        grade = _TRAILING_GRADE_RE.search(printed)
        if grade and _LABELS_OWN_RE.search(printed, 0, grade.end()):
            grade = None  # "Capacity for improvement": the label's word, not a grade's
        cell = (at + grade.start(), at + len(printed.rstrip())) if grade else None
        words = printed[: grade.start() if grade else len(printed)].strip()
        fits = not words or bool(_LABEL_WORDS_RE.fullmatch(words))
        starts = bool(words) and fits and bool(row_start.match(words))
        if not labels and not starts:
            # before the table; a grade's first words alone just above it may be its first
            # row's ("Requires" / "1. Children who need help and protection" /
            # "improvement"), a whole grade is another sentence's ("... require
            # improvement to be" / "good")
            alone = not words and not grades.fullmatch(squash(printed))
            cells = [*cells, cell] if cell and alone else []
            continue
        if words:
            offset = at + printed.index(words)
            if starts:
                labels.append([(offset, offset + len(words))])
            elif fits and words[0].islower():
                labels[-1].append((offset, offset + len(words)))
            else:
                break
        if cell:
            cells.append(cell)
    joined = " ".join(clean[s:e] for s, e in cells)
    whole = list(grades.finditer(joined))
    if (
        not labels
        or len(whole) != len(labels)
        or squash(joined) != " ".join(squash(m.group()) for m in whole)
    ):
        return []
    rows: list[StreamRow] = []
    # Map each whole grade back to the cells it was read from.
    bounds, pos = [], 0
    for s, e in cells:
        bounds.append((pos, pos + e - s, s, e))
        pos += e - s + 1
    for label, grade in zip(labels, whole, strict=True):
        parts = [(s, e) for lo, hi, s, e in bounds if lo < grade.end() and hi > grade.start()]
        first = min(label[0][0], parts[0][0])
        last = max(label[-1][1], parts[-1][1])
        text = " ".join(clean[s:e] for s, e in label)
        rows.append(StreamRow(squash(text), squash(grade.group()), first, last))
    return rows


def streams_read_more(rows: Mapping[str, str | None], streamed: Mapping[str, str | None]) -> bool:
    """Whether a table read as streams (area -> grade) is to be kept over the same table
    read row by row: it reads more areas and grades every area the rows read as they did
    (else the streams are out of step), or it reads more than twice as many (the rows
    were read out of step: a column of labels, then one of grades)."""
    if len(streamed) <= len(rows):
        return False
    return len(streamed) > 2 * len(rows) or all(streamed.get(a) == g for a, g in rows.items())


def areas_graded(judgements: Iterable[Judgement]) -> dict[str, str]:
    """Each judgement's area and grade."""
    return {j.area: j.grade for j in judgements}
