"""Parser for the stand-alone review of a Local Safeguarding Children Board (2013-2018).

Laid out as the LSCB section of a combined SIF report: the board's name and the review's
title, dates, the board's one grade, "Recommendations" and "Information about this
review" with the team. The pieces are the SIF parser's; only the frame differs.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ofsted_kg.errors import ParseError
from ofsted_kg.model.records import Authority, Judgement, Report
from ofsted_kg.parse.common import finditer_in, sentences_with
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.parse.sif import RECOMMENDATIONS, authority_above, check_dates, dates, section_end
from ofsted_kg.parse.sif_facts import figures, posts
from ofsted_kg.parse.sif_previous import previous
from ofsted_kg.parse.sif_sections import (
    BOARD,
    BOARD_CUE,
    GRADE,
    grade,
    line,
    recommendations,
    team,
)
from ofsted_kg.source.text import SourceText, squash

FRAMEWORK = "lscb-review"

# Also "Inspection of the effectiveness of the local safeguarding children board" (Hull
# 2014, a review not among the development reports).
TITLE_RE = re.compile(
    r"(?:Review|Inspection)\s+of\s+the\s+effectiveness\s+of\s+the\s+Local\s+Safeguarding"
    r"\s+Children\s+Board",
    re.I,
)
_BOARD_SUFFIX_RE = re.compile(
    r"\s+(?:(?:Local\s+)?Safeguarding\s+Children(?:'s)?\s+Board|LSCB)$", re.I
)
# At a line's start; or after page 1's publication date, where a copy joins the page's
# lines ("Report published: 10 February 2015 The Local Safeguarding Children Board
# requires improvement", Hull 2014).
_GRADE_RE = re.compile(
    rf"(?:^[ ]*|(?<=\d{{4}} ))"
    rf"(?P<label>(?:The\s+effectiveness\s+of\s+)?(?:The\s+)?{BOARD})\s+(?:is\s+)?"
    rf"(?:judged\s+(?:to\s+be\s+)?)?(?P<grade>{GRADE})\b",
    re.M | re.I,
)
_RECS_RE = line(
    rf"{RECOMMENDATIONS}|Areas for improvement:?"
    r"|What does the (?:LSCB|Local Safeguarding Children Board) need to improve\??:?"
)


def _council(board: Authority) -> Authority:
    """The council whose board it is: "Surrey Safeguarding Children Board" -> "Surrey"."""
    name = _BOARD_SUFFIX_RE.sub("", board.name)
    if name == board.name:
        return board
    span = board.span
    if span.quote.startswith(name):  # the council's name starts the board's
        span = replace(span, end=span.start + len(name), quote=name)
    return Authority(name, span, (board.name,))


def _judgement(text: SourceText, report: Report, start: int) -> None:
    """The board's one grade, cross-checked against its other statements; a warning (and
    a coverage gap) if none is printed."""
    found = finditer_in(_GRADE_RE, text.clean, sentences_with(text.clean, BOARD_CUE, start))
    if not found:
        report.warnings.append("no judgement of the LSCB's effectiveness found")
        return
    first = found[0]
    slug = grade(first["grade"])
    if slug is None:  # GRADE lists only the scale's words
        report.warnings.append(f"unknown LSCB grade '{squash(first['grade'])}'")
        return
    report.judgements.append(
        Judgement(
            "lscb",
            "lscb-effectiveness",
            squash(first["label"]),
            slug,
            squash(first["grade"]),
            text.match_span(first),
        )
    )
    for other in found[1:]:
        if grade(other["grade"]) != slug:
            report.warnings.append(
                f"LSCB effectiveness: '{squash(first.group())}' but also '{squash(other.group())}'"
            )


def parse(text: SourceText, source: str) -> Report:
    """Parse a stand-alone LSCB review into a :class:`Report` with one "lscb" judgement."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(source, "no LSCB review title")
    authority = _council(authority_above(text, title.start(), source))
    start, end, published = dates(text, source)
    report = Report(source, FRAMEWORK, authority, start, end, published)
    check_dates(report)

    _judgement(text, report, title.end())
    team(text, report)
    heading = _RECS_RE.search(clean, max(title.end(), contents_end(text)))
    if heading:
        report.recommendations += recommendations(
            text, heading.end(), section_end(text, heading.end()), "lscb"
        )
    if not report.recommendations:
        report.warnings.append("no recommendations to the LSCB found")
    posts(text, report)
    previous(text, report)
    figures(text, report)
    return report
