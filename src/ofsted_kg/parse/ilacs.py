"""Parser for ILACS reports, "Inspection of <X> local authority children's services" (2018-).

Layout: title, "Inspection dates:", "Lead inspector: Name, His Majesty's Inspector", the
judgement table ("Judgement  Grade", one row per area, Overall effectiveness last), a
summary, "What needs to improve" bullets, then one section per area whose heading repeats
the grade ("...help and protection: requires improvement to be good"). The 2018-2019 title
is "Inspection of children's social care services"; from 2024 children in care and care
leavers are judged apart. The regexes allow for PDF line wrapping.

Standard or short? The text rarely says. If it prints "this/the standard|short
inspection" that wins; otherwise an on-site period of more than 7 days (end - start) means
a standard inspection (two weeks on site), 7 days or fewer a short one (one week).
"""

from __future__ import annotations

import re

from .. import vocab
from ..errors import ParseError
from ..normalise import SourceText, squash
from ..records import (
    Authority,
    Judgement,
    Recommendation,
    Report,
    TeamMember,
)
from . import ilacs_history as history
from .common import ROLE_RE, parse_date_range, role_slug, team_members

SCALE = "ilacs"
AREAS = vocab.AREA_SCHEMES["ilacs"]
STANDARD_MIN_DAYS = 8  # end - start of 8 days or more (over a weekend): a standard inspection

TITLE_RE = re.compile(
    r"Inspection\s+of\s+(?P<name>.{0,80}?)\s*(?:local\s+authority\s+)?children'?s\s+"
    r"(?:social\s+care\s+)?services",
    re.I | re.S,
)
PHRASE_RE = re.compile(r"\b(?:this|the|a)\s+(?P<kind>standard|short)\s+inspection\b", re.I)
GRADE_RE = (
    r"Outstanding|Good|Requires\s+improvement\s+to\s+be\s+good|Requires\s+improvement"
    r"|Inadequate"
)


def _label_re(label: str) -> str:
    return r"\s+".join(re.escape(w) for w in label.split())


# Longest label first, so "children in care and care leavers" beats "children in care".
_AREA_LABELS = sorted(AREAS.values(), key=lambda t: -len(t.label))
_AREA_ALT = "|".join(f"(?P<a{i}>{_label_re(t.label)})" for i, t in enumerate(_AREA_LABELS))
ROW_RE = re.compile(
    rf"^[ \t]*(?P<area>{_AREA_ALT})\.?[ \t]*\n?[ \t]*(?P<grade>{GRADE_RE})\b[ \t]*$", re.I | re.M
)
# "...help and protection: good", "...care leavers are: inadequate", "...families requires
# improvement to be good" (Liverpool 2018), each a line of its own.
HEADING_RE = re.compile(
    rf"^[ \t]*(?:{_AREA_ALT})(?:\s+(?:is|are))?(?:\s*:\s*|\s+)(?P<grade>{GRADE_RE})\b\.?[ \t]*$",
    re.I | re.M,
)
IMPROVE_RE = re.compile(r"^[ \t]*What\s+needs\s+to\s+improve\b[^\n]*$", re.I | re.M)
BULLET_RE = re.compile(
    r"^[ \t]*(?P<mark>[-\u2022\u25aa\u25cf\u25fc\uf06e*])[ \t]+(?P<body>[^\n]*)$", re.M
)


def _area(match: re.Match[str]) -> str:
    for i, term in enumerate(_AREA_LABELS):
        if match[f"a{i}"]:
            return term.slug
    raise AssertionError("a row matched without an area")


def _grade(printed: str) -> str:
    """ILACS grade slug; a bare "requires improvement" is the ILACS grade of that name."""
    words = squash(printed)
    slug = vocab.grade_slug(words, SCALE) or vocab.grade_slug(words + " to be good", SCALE)
    assert slug is not None  # GRADE_RE lists only the scale's labels
    return slug


def parse(text: SourceText, source: str) -> Report:
    """Parse an ILACS report (see the module docstring for standard vs short)."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(source, "no 'Inspection of ... children's services' title")
    authority = _authority(text, title, source)
    dates_at = re.search(r"Inspection\s+dates?:?", clean, re.I)
    if not dates_at:
        raise ParseError(source, "no 'Inspection dates' line")
    start, end = parse_date_range(text, dates_at.end(), dates_at.end() + 120, source)

    improve = IMPROVE_RE.search(clean)
    first_para = re.search(r"^[ \t]*1\.\s", clean, re.M)
    head_end = min([m.start() for m in (improve, first_para) if m], default=len(clean))
    judgements = [
        Judgement(
            "local-authority",
            _area(row),
            squash(row["area"]),
            _grade(row["grade"]),
            squash(row["grade"]),
            text.span(row.start("area"), row.end("grade")),
        )
        for row in ROW_RE.finditer(clean, 0, head_end)
    ]
    rows_end = max((row.end() for row in ROW_RE.finditer(clean, 0, head_end)), default=0)
    _check_table(judgements, source)

    phrase = PHRASE_RE.search(clean, 0, head_end)
    if phrase:
        framework = f"ilacs-{phrase['kind'].lower()}"
    else:
        on_site = (end.value - start.value).days
        framework = "ilacs-standard" if on_site >= STANDARD_MIN_DAYS else "ilacs-short"

    report = Report(source, framework, authority, start, end)
    report.judgements = judgements
    report.team = _team(text, dates_at.start(), head_end)
    if not any(m.role == "lead-inspector" for m in report.team):
        raise ParseError(source, "no 'Lead inspector:' line under the inspection dates")
    if not improve:
        raise ParseError(source, "no 'What needs to improve' section")
    report.recommendations = _improvements(text, improve)
    if not report.recommendations:
        raise ParseError(source, "no bulleted items under 'What needs to improve'")
    report.posts = history.posts(text)
    report.previous = history.previous(text, rows_end, start.value.year)
    report.previous += history.inspections_by_year(
        text, rows_end, start.value.year, report.previous
    )
    report.previous += history.visits(text, rows_end, start.value.year + 1)
    report.warnings += _check_headings(text, judgements, head_end)
    return report


# The rows a complete table has: one "children in care and care leavers" row until 2022,
# separate "children in care" and "care leavers" rows from 2023.
_TABLES = (
    {
        "leaders-impact",
        "help-and-protection",
        "children-in-care-and-care-leavers",
        "overall-effectiveness",
    },
    {
        "leaders-impact",
        "help-and-protection",
        "children-in-care",
        "care-leavers",
        "overall-effectiveness",
    },
)


def _check_table(judgements: list[Judgement], source: str) -> None:
    """Raise :class:`ParseError` unless the judgement table is one of the complete ones."""
    if not judgements:
        raise ParseError(source, "no judgement table (e.g. 'Overall effectiveness  Good')")
    areas = [j.area for j in judgements]
    if "overall-effectiveness" not in areas:
        raise ParseError(source, "the judgement table has no 'Overall effectiveness' row")
    if len(set(areas)) != len(areas) or set(areas) not in _TABLES:
        missing = min((t - set(areas) for t in _TABLES), key=len)
        raise ParseError(
            source,
            f"incomplete judgement table: found {', '.join(areas)}; "
            f"missing {', '.join(sorted(missing)) or 'nothing'} "
            "(or an area is graded twice)",
        )


def _authority(text: SourceText, title: re.Match[str], source: str) -> Authority:
    """The name in the title; else (2018-2020 "Inspection of children's social care
    services") the lines above the title ("London Borough of Newham"), or failing those
    the first capitalised line below it."""
    name = squash(title["name"])
    if name:
        return Authority(name, text.match_span(title, "name"))
    above = re.search(r"\S(?:.*\S)?", text.clean[: title.start()], re.S)
    if above and len(above.group()) <= 120:
        return Authority(squash(above.group()), text.match_span(above))
    line = re.compile(r"^[ \t]*(?P<name>[A-Z][^\n]{1,80}?)[ \t]*$", re.M).search(
        text.clean, title.end()
    )
    if not line or re.match(r"Inspection\s+dates?", line["name"], re.I):
        raise ParseError(source, "no authority name in or next to the report title")
    return Authority(squash(line["name"]), text.match_span(line, "name"))


def _team(text: SourceText, start: int, end: int) -> list[TeamMember]:
    """Named inspectors: "Lead inspector: Nick Bennison, His Majesty's Inspector"."""
    members: list[TeamMember] = []
    for match in ROLE_RE.finditer(text.clean, start, end):
        slug = role_slug(match["role"])
        if not (slug and match.group(0).endswith(":")):
            continue
        line_end = text.clean.find("\n", match.end())
        stop = line_end if 0 <= line_end < end else end
        printed = " ".join(match["role"].split())
        members += team_members(text, match.end(), stop, slug, printed)
    return members


def _improvements(text: SourceText, heading: re.Match[str]) -> list[Recommendation]:
    """Bullets under "What needs to improve".

    A line that is not a bullet continues the item when it starts in lower case or the
    item has no closing full stop yet; sub-bullets printed with another mark (Devon 2020:
    "- sufficiency of ...") continue it too. A lone footnote digit under the heading
    (Doncaster 2025) is skipped. The list ends at a blank line after an item, a section
    heading, a numbered paragraph or a capitalised line after a finished item.
    """
    clean = text.clean
    items: list[list[int]] = []
    mark = None
    for line in re.finditer(r"^[^\n]*$", clean[heading.end() + 1 :], re.M):
        begin = heading.end() + 1 + line.start()
        finish = heading.end() + 1 + line.end()
        body = line.group().strip()
        if not body:
            if items and text.page_starts is None:
                break  # text files leave a blank line after the list
            continue
        if not items and re.fullmatch(r"\d{1,2}", body):
            continue
        bullet = BULLET_RE.match(clean, begin, finish)
        printed = _raw_char(text, bullet.start("mark")) if bullet else None
        if bullet and mark in (None, printed):
            mark = printed
            items.append([bullet.start("body"), finish])
        elif not items or _ENDS_LIST_RE.match(body):
            break
        elif bullet or body[0].islower() or not _finished(clean[items[-1][0] : items[-1][1]]):
            items[-1][1] = finish
        else:
            break
    return [
        Recommendation(_verbatim(clean[s:e]), "local-authority", text.span(s, e)) for s, e in items
    ]


def _verbatim(printed: str) -> str:
    """An item's words: whitespace collapsed, a compound hyphen at a line end kept whole
    ("multi-\nagency" is "multi-agency")."""
    return squash(re.sub(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)", "-", printed))


_ENDS_LIST_RE = re.compile(
    r"(?:The\s+experiences\s+and\s+progress|The\s+impact\s+of\s+leaders|Overall\s+"
    r"effectiveness|\d{1,3}\.\s*[A-Z])",
    re.I,
)


def _finished(item: str) -> bool:
    return bool(re.search(r"[.!?][)\"']?\s*$", item))


def _raw_char(text: SourceText, clean_offset: int) -> str:
    start, _ = text.raw_offsets(clean_offset, clean_offset + 1)
    return text.raw[start]


def _check_headings(text: SourceText, judgements: list[Judgement], start: int) -> list[str]:
    """Warnings where a section heading's grade disagrees with the judgement table."""
    table = {j.area: j for j in judgements}
    warnings = []
    for heading in HEADING_RE.finditer(text.clean, start):
        row = table.get(_area(heading))
        if row and _grade(heading["grade"]) != row.grade:
            line = text.clean.count("\n", 0, heading.start()) + 1
            warnings.append(
                f"{row.area}: the judgement table grades it '{row.grade_as_printed}' but the "
                f"section heading (line {line}) prints '{squash(heading['grade'])}'; kept "
                f"'{row.grade}'"
            )
    return warnings
