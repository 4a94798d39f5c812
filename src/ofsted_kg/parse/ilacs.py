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
    PreviousInspection,
    Recommendation,
    Report,
    TeamMember,
)
from .common import (
    MONTH_RE,
    ROLE_RE,
    find_posts,
    month_year,
    parse_date_range,
    role_slug,
    team_members,
)

SCALE = "ilacs"
AREAS = vocab.AREA_SCHEMES["ilacs"]
STANDARD_MIN_DAYS = 8  # end - start of 8 days or more (over a weekend): a standard inspection

TITLE_RE = re.compile(
    r"Inspection\s+of\s+(?P<name>[^\n]{0,80}?)\s*(?:local\s+authority\s+)?children'?s\s+"
    r"(?:social\s+care\s+)?services",
    re.I,
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
    rf"^[ \t]*(?P<area>{_AREA_ALT})[ \t]*\n?[ \t]*(?P<grade>{GRADE_RE})\b[ \t]*$", re.I | re.M
)
HEADING_RE = re.compile(rf"^[ \t]*(?:{_AREA_ALT})\s*:\s*(?P<grade>{GRADE_RE})\b", re.I | re.M)
IMPROVE_RE = re.compile(r"^[ \t]*What\s+needs\s+to\s+improve\b[^\n]*$", re.I | re.M)
BULLET_RE = re.compile(r"^[ \t]*(?P<mark>[-\u2022\u25aa\u25cf*])[ \t]+(?P<body>[^\n]*)$", re.M)


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
    if not judgements:
        raise ParseError(source, "no judgement table (e.g. 'Overall effectiveness  Good')")
    if "overall-effectiveness" not in {j.area for j in judgements}:
        raise ParseError(source, "the judgement table has no 'Overall effectiveness' row")

    phrase = PHRASE_RE.search(clean, 0, head_end)
    if phrase:
        framework = f"ilacs-{phrase['kind'].lower()}"
    else:
        on_site = (end.value - start.value).days
        framework = "ilacs-standard" if on_site >= STANDARD_MIN_DAYS else "ilacs-short"

    report = Report(source, framework, authority, start, end)
    report.judgements = judgements
    report.team = _team(text, dates_at.start(), head_end)
    report.recommendations = _improvements(text, improve) if improve else []
    report.posts = find_posts(text, 0, len(clean))
    report.previous = _previous(text)
    report.warnings += _check_headings(text, judgements, head_end)
    return report


def _authority(text: SourceText, title: re.Match[str], source: str) -> Authority:
    """The name in the title, else (2018-2019 "Inspection of children's social care
    services") the first capitalised line below it."""
    name = squash(title["name"])
    if name:
        return Authority(name, text.match_span(title, "name"))
    line = re.compile(r"^[ \t]*(?P<name>[A-Z][^\n]{1,80}?)[ \t]*$", re.M).search(
        text.clean, title.end()
    )
    if not line or re.match(r"Inspection\s+dates?", line["name"], re.I):
        raise ParseError(source, "no authority name in or under the report title")
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
    """Bullets under "What needs to improve"; unmarked lower-case lines continue an item."""
    clean = text.clean
    items: list[list[int]] = []
    for line in re.finditer(r"^[^\n]*$", clean[heading.end() + 1 :], re.M):
        begin = heading.end() + 1 + line.start()
        finish = heading.end() + 1 + line.end()
        body = line.group().strip()
        if not body:
            continue
        bullet = BULLET_RE.match(clean, begin, finish)
        if bullet:
            items.append([bullet.start("body"), finish])
        elif items and body[0].islower():
            items[-1][1] = finish
        else:
            break
    return [
        Recommendation(squash(clean[s:e]), "local-authority", text.span(s, e)) for s, e in items
    ]


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


_PREVIOUS_RE = re.compile(
    r"\b(?:last|previous|most\s+recent)\s+(?P<type>(?:full\s+|standard\s+|short\s+|ILACS\s+|"
    r"SIF\s+|single\s+inspection\s+framework\s+)?)inspection\s+(?:of\s+[^.,]{0,60}?\s+)?in\s+"
    rf"(?P<when>(?:{MONTH_RE}\s+)?(?:19|20)\d\d)\b(?P<rest>[^.]{{0,160}})",
    re.I,
)
_JUDGED_RE = re.compile(
    rf"(?:judged|found|rated|graded)\s+(?:to\s+be\s+|as\s+)?(?P<g>{GRADE_RE})\b", re.I
)


def _previous(text: SourceText) -> list[PreviousInspection]:
    """Earlier inspections with a date: "Following the last inspection in 2019, when Trafford
    was judged to be inadequate".

    ``kind`` is the framework family by date unless printed: 2018 on "ilacs", 2013-2017
    "sif", earlier "safeguarding-lac-2012". The grade is read on that family's scale.
    """
    found: dict[tuple[str, str | None], PreviousInspection] = {}
    for match in _PREVIOUS_RE.finditer(text.clean):
        when = month_year(match["when"])
        year = int(match["when"][-4:])
        printed = match["type"].lower()
        if "ilacs" in printed or year >= 2018:
            kind, scale = "ilacs", "ilacs"
        elif "sif" in printed or "single" in printed or year >= 2013:
            kind, scale = "sif", "sif"
        else:
            kind, scale = "safeguarding-lac-2012", "adequate-scale"
        judged = _JUDGED_RE.search(match["rest"])
        grade = None
        if judged:
            words = squash(judged["g"])
            grade = vocab.grade_slug(words, scale)
            if grade is None and scale == "ilacs":
                grade = vocab.grade_slug(words + " to be good", scale)
        if (kind, when) in found:
            continue
        end = match.start("rest") + judged.end() if judged else match.end("when")
        found[(kind, when)] = PreviousInspection(kind, text.span(match.start(), end), when, grade)
    return list(found.values())
