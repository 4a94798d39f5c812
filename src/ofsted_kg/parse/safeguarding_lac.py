"""Parser for the 2009-2012 "Inspection of safeguarding and looked after children services".

Layout: title, authority line, "Inspection dates: 19 - 26 March 2012 Reporting inspector
... HMI", "Published:", contents, "Service information" (key figures), then two parts,
"Safeguarding services" and "Services for looked after children", each with graded
sections ("Grade 3 (Adequate)" on or under the heading) and "Areas for improvement" lists
by timescale, and finally the "Record of main findings" table.

The table's grades are authoritative. Each row is checked against its section's heading
grade and the first sentence of the section ("Leadership and management are good."); a
disagreement keeps the table's grade and adds a line to ``Report.warnings``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from .. import vocab
from ..errors import ParseError
from ..normalise import SourceText, squash
from ..records import (
    Authority,
    Judgement,
    KeyFigure,
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
    parse_single_date,
    role_slug,
    team_members,
)

FRAMEWORK = "safeguarding-lac-2012"
SCALE = vocab.FRAMEWORK_SCALE[FRAMEWORK]
AREAS = vocab.AREA_SCHEMES[FRAMEWORK]

TITLE_RE = re.compile(r"Inspection of safeguarding and looked after children services", re.I)
# The two service parts: heading as printed -> area-slug prefix.
SERVICES = {"safeguarding services": "safeguarding", "services for looked after children": "lac"}
# Row and section labels (lower case, hyphens as spaces) -> area slug without its prefix.
LABELS = {
    "overall effectiveness": "overall-effectiveness",
    "capacity for improvement": "capacity-for-improvement",
    "children and young people are safe and feel safe": "safe-and-feel-safe",
    "quality of provision": "quality-of-provision",
    (
        "the contribution of health agencies to keeping children and young people safe"
    ): "health-contribution",
    "ambition and prioritisation": "ambition-and-prioritisation",
    "leadership and management": "leadership-and-management",
    "performance management and quality assurance": "performance-management",
    "partnership working": "partnership-working",
    "equality and diversity": "equality-and-diversity",
    "being healthy": "being-healthy",
    "staying safe": "staying-safe",
    "enjoying and achieving": "enjoying-and-achieving",
    "making a positive contribution, including user engagement": "positive-contribution",
    "economic well being": "economic-wellbeing",
}
GRADE_WORD = r"Outstanding|Good|Adequate|Inadequate"
TABLE_RE = re.compile(r"^Record of main findings:?[ \t]*$", re.M | re.I)
ROW_RE = re.compile(rf"^(?P<label>\S[^\t\n]*?)[ \t]+(?P<grade>{GRADE_WORD})[ \t]*$", re.M)
HEADING_GRADE_RE = re.compile(rf"Grade\s+(?P<n>[1-4])\s*\((?P<word>{GRADE_WORD})\)", re.I)
SENTENCE_GRADE_RE = re.compile(
    r"\b(?:is|are)\s+(?:now\s+|judged\s+to\s+be\s+)?(?P<word>outstanding|good|adequate|inadequate)"
    r"\s*\.",
    re.I,
)
PARA_PREFIX_RE = re.compile(r"(?:[-\u2022]\s+)?(?:\d+\.\s+)?")
TIMESCALE_RE = re.compile(
    r"^(?P<t>Immediately|Within three months|Within six months):?[ \t]*$", re.M | re.I
)
# A list item ends where a line starts a heading or numbered paragraph; a page break inside an
# item shows as a blank line before a lower-case line (with or without a "- ").
DANGLING_RE = re.compile(
    r"(?:\b(?:a|an|the|of|to|and|or|in|on|for|with|that|by|at|as|from|"
    r"their|its|is|are|be)|,)$",
    re.I,
)


def _label_key(label: str) -> str:
    return " ".join(label.lower().replace("-", " ").replace("?", "").rstrip(":").split())


def _line_no(text: SourceText, pos: int) -> int:
    return text.clean.count("\n", 0, pos) + 1


def _heading(text: SourceText, title: str, start: int, end: int) -> re.Match[str] | None:
    """A heading line ``title`` (optionally followed by its grade) in clean ``[start, end)``."""
    words = r"\s+".join(re.escape(w) for w in title.split())
    pattern = re.compile(
        rf"^{words}(?:[ \t]+(?P<g>{HEADING_GRADE_RE.pattern}))?[ \t]*$", re.M | re.I
    )
    return pattern.search(text.clean, start, end)


def parse(text: SourceText, source: str) -> Report:
    """Parse a 2009-2012 safeguarding and looked after children services report."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(
            source, "no 'Inspection of safeguarding and looked after children services' title"
        )
    authority = _authority(text, title.end(), source)
    dates_at = re.search(r"Inspection\s+dates?:?", clean, re.I)
    if not dates_at:
        raise ParseError(source, "no 'Inspection dates' line")
    start, end = parse_date_range(text, dates_at.end(), dates_at.end() + 120, source)
    published_at = re.search(r"Published:?", clean[: dates_at.end() + 2000])
    published = (
        parse_single_date(text, published_at.end(), published_at.end() + 40, source)
        if published_at
        else None
    )

    tables = list(TABLE_RE.finditer(clean))  # the contents line has a page number: no match
    if not tables:
        raise ParseError(source, "no 'Record of main findings' table")
    table = tables[-1]
    parts = _parts(text, table.start(), source)

    report = Report(source, FRAMEWORK, authority, start, end, published)
    report.team = _team(text, dates_at.start(), parts[0][1])
    report.judgements = _table(text, table.end(), len(clean), report.warnings)
    if not report.judgements:
        raise ParseError(source, "the 'Record of main findings' table has no graded rows")
    graded = {j.area for j in report.judgements}
    for prefix in SERVICES.values():
        if f"{prefix}-overall-effectiveness" not in graded:
            raise ParseError(
                source,
                f"the 'Record of main findings' table has no overall "
                f"effectiveness row for {prefix} services",
            )
    for prefix, part_start, part_end in parts:
        _check_sections(text, prefix, part_start, part_end, report)
        report.recommendations += _areas_for_improvement(text, part_start, part_end)
    report.posts = find_posts(text, 0, table.start())
    report.previous = _previous(text, table.start())
    report.figures = _figures(text, parts[0][1], start.value)
    return report


def _authority(text: SourceText, after: int, source: str) -> Authority:
    line = re.compile(r"^[ \t]*(?P<name>[A-Z][^\n]{0,80}?)[ \t]*$", re.M).search(text.clean, after)
    if not line or line["name"].lower().startswith("inspection dates"):
        raise ParseError(source, "no authority name under the report title")
    return Authority(squash(line["name"]), text.match_span(line, "name"))


def _parts(text: SourceText, limit: int, source: str) -> list[tuple[str, int, int]]:
    """(prefix, start, end) of each service part, from its body heading to the next part."""
    starts = []
    for heading, prefix in SERVICES.items():
        match = _heading(text, heading, 0, limit)
        if not match:
            raise ParseError(source, f"no '{heading}' part")
        starts.append((match.start(), prefix))
    starts.sort()
    bounds = [s for s, _ in starts[1:]] + [limit]
    return [(prefix, s, e) for (s, prefix), e in zip(starts, bounds, strict=True)]


def _team(text: SourceText, start: int, end: int) -> list[TeamMember]:
    """Named inspectors in the masthead ("Reporting inspector Marie McGuinness HMI")."""
    members: list[TeamMember] = []
    roles = [m for m in ROLE_RE.finditer(text.clean, start, end) if m["role"][0].isupper()]
    for index, match in enumerate(roles):
        line_end = text.clean.find("\n", match.end(), end)
        stop = min(
            line_end if line_end >= 0 else end,
            roles[index + 1].start() if index + 1 < len(roles) else end,
        )
        slug = role_slug(match["role"])
        if slug:
            printed = " ".join(match["role"].split())
            members += team_members(text, match.end(), stop, slug, printed)
    return members


def _table(text: SourceText, start: int, end: int, warnings: list[str]) -> list[Judgement]:
    """Graded rows of the "Record of main findings"; service header rows set the prefix."""
    judgements: list[Judgement] = []
    prefix = None
    for line in re.finditer(r"^[^\n]*$", text.clean[:end], re.M):
        if line.start() < start or not line.group().strip():
            continue
        key = _label_key(line.group())
        if key in SERVICES:
            prefix = SERVICES[key]
            continue
        row = ROW_RE.fullmatch(line.group())
        if not row:
            continue  # a header row without a grade, e.g. "How good are outcomes ...?"
        label = squash(row["label"])
        suffix = LABELS.get(_label_key(label))
        area = f"{prefix}-{suffix}" if prefix and suffix else None
        if area not in AREAS:
            warnings.append(
                f"Record of main findings: unknown row '{label}' "
                f"(line {_line_no(text, line.start())}) skipped"
            )
            continue
        grade = vocab.grade_slug(row["grade"], SCALE)
        assert grade is not None  # GRADE_WORD lists only the scale's labels
        span = text.span(line.start(), line.end())
        judgements.append(Judgement("local-authority", area, label, grade, row["grade"], span))
    return judgements


def _check_sections(text: SourceText, prefix: str, start: int, end: int, report: Report) -> None:
    """Warn where a section's heading grade or first sentence disagrees with the table."""
    for row in (j for j in report.judgements if j.area.startswith(prefix + "-")):
        heading = _heading(text, row.area_as_printed, start, end)
        if not heading:
            continue
        where = f"section '{row.area_as_printed}' (line {_line_no(text, heading.start())})"
        grade = heading["g"]
        body = heading.end()
        if not grade:  # the grade on its own line under the heading
            below = re.compile(rf"\s*(?P<g>{HEADING_GRADE_RE.pattern})[ \t]*$", re.M | re.I)
            found = below.match(text.clean, heading.end(), end)
            if found:
                grade, body = found["g"], found.end()
        if grade:
            word = HEADING_GRADE_RE.search(grade)
            assert word is not None
            if vocab.grade_slug(word["word"], SCALE) != row.grade:
                report.warnings.append(
                    f"{row.area}: Record of main findings grades it '{row.grade_as_printed}' "
                    f"but the heading of {where} prints '{squash(grade)}'; kept "
                    f"'{row.grade}'"
                )
        para = re.compile(r"\s*(?P<p>[^\n]+)").match(text.clean, body, end)
        if not para:
            continue
        first = PARA_PREFIX_RE.sub("", para["p"], count=1)
        sentence = SENTENCE_GRADE_RE.search(first.split(". ")[0] + ".")
        if sentence and vocab.grade_slug(sentence["word"], SCALE) != row.grade:
            report.warnings.append(
                f"{row.area}: Record of main findings grades it '{row.grade_as_printed}' "
                f"but the first sentence of {where} says '{sentence.group(0).rstrip('.')}'"
                + (f" (its heading prints '{squash(grade)}')" if grade else "")
                + f"; kept '{row.grade}'"
            )


def _areas_for_improvement(text: SourceText, start: int, end: int) -> list[Recommendation]:
    """Items of the part's "Areas for improvement", by timescale."""
    clean = text.clean
    heading = _heading(text, "Areas for improvement", start, end)
    if not heading:
        return []
    first_block = TIMESCALE_RE.search(clean, heading.end(), end)
    if not first_block:
        return []
    lead_in = clean[heading.end() : first_block.start()]
    partners = re.search(r"local\s+authority\s+and\s+its\s+partners\s+should", lead_in, re.I)
    addressee = "local-authority-and-partners" if partners else "local-authority"
    items: list[Recommendation] = []
    block: re.Match[str] | None = first_block
    while block:
        timescale = block["t"].lower().replace(" ", "-")
        following = TIMESCALE_RE.search(clean, block.end(), end)
        stop = following.start() if following else end
        for item_start, item_end in _items(clean, block.end(), stop):
            span = text.span(item_start, item_end)
            body = squash(re.sub(r"\n\s*\n\s*(?:[-\u2022]\s+)?", " ", clean[item_start:item_end]))
            items.append(Recommendation(body, addressee, span, timescale))
        block = following
    return items


def _items(clean: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clean (start, end) of each bullet item between ``start`` and ``end``.

    A line opening with "- ", "•" or a space starts an item; a lower-case line after an
    item that ends mid-sentence continues it; any other line ends the list.
    """
    items: list[list[int]] = []
    for line in re.finditer(
        r"^(?P<mark>[-\u2022][ \t]+|[ \t]+)?(?P<body>[^\n]*)$", clean[:end], re.M
    ):
        if line.start() < start:
            continue
        body = line["body"].strip()
        if not body:
            continue
        previous = clean[items[-1][0] : items[-1][1]].rstrip() if items else ""
        if re.match(r"\d+\.\s", body):
            break
        if previous and body[0].islower() and (not line["mark"] or DANGLING_RE.search(previous)):
            items[-1][1] = line.end()  # a wrapped line or a page-break continuation
        elif line["mark"]:
            items.append([line.start("body"), line.end()])
        else:
            break
    return [(s, e) for s, e in items]


_PREVIOUS_RE = re.compile(
    r"\b(?:The|the)\s+(?P<kind>adoption|fostering)\s+service(?:s|'s)?\b(?P<rest>[^.]{0,200})",
)
_PREVIOUS_GRADE_RE = re.compile(
    r"(?:judged\s+to\s+be|judged|rated|assessed\s+as|graded)\s+"
    r"(?P<g>outstanding|good|satisfactory|adequate|inadequate)\b",
    re.I,
)
_UNANNOUNCED_RE = re.compile(
    rf"unannounced\s+inspection\s+of\s+(?:local\s+authority\s+)?contact,\s+referral\s+and\s+"
    rf"assessment\s+(?:services|arrangements)[^.]{{0,40}}?\b(?P<when>{MONTH_RE}\s+\d{{4}})",
    re.I,
)


def _previous(text: SourceText, end: int) -> list[PreviousInspection]:
    """Earlier inspections of the adoption and fostering services and of the front door.

    The 2007-2010 inspections of regulated services used "satisfactory", a grade on a
    different scale from this framework's "adequate"; such a grade is kept as None
    rather than silently equated.
    """
    found: dict[tuple[str, str | None], PreviousInspection] = {}
    for match in _PREVIOUS_RE.finditer(text.clean, 0, end):
        rest = match["rest"]
        when = month_year(rest)
        graded = _PREVIOUS_GRADE_RE.search(rest)
        if not (when and graded and "inspect" in rest.lower()):
            continue
        grade = vocab.grade_slug(graded["g"], SCALE)  # None for "satisfactory"
        key: tuple[str, str | None] = (match["kind"].lower(), when)
        if key not in found:
            found[key] = PreviousInspection(key[0], text.match_span(match), when, grade)
    for match in _UNANNOUNCED_RE.finditer(text.clean, 0, end):
        key = ("unannounced-contact-referral-assessment", month_year(match["when"]))
        if key not in found:
            found[key] = PreviousInspection(key[0], text.match_span(match), key[1])
    return list(found.values())


# (measure, pattern with a "value" group); matched within "Service information".
_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (measure, re.compile(pattern, re.I))
    for measure, pattern in (
        ("children-0-19", r"(?P<value>[\d,]+)\s+children\s+and\s+young\s+people\s+aged\s+0-19"),
        (
            "children-under-18",
            r"(?P<value>[\d,]+)\s+children\s+and\s+young\s+people\s+"
            r"(?:aged\s+)?under\s+(?:the\s+age\s+of\s+)?18",
        ),
        (
            "children-looked-after",
            r"(?P<value>[\d,]+)\s+children(?:\s+and\s+young\s+people)?\s+"
            r"(?:were|are)\s+looked\s+after",
        ),
        (
            "child-protection-plans",
            r"(?P<value>[\d,]+)\s+children(?:\s+and\s+young\s+people)?"
            r"\s+(?:who\s+(?:were|are)\s+)?(?:the\s+)?subject\s+(?:of|to)"
            r"\s+(?:a\s+)?child\s+protection\s+plans?",
        ),
        (
            "private-fostering",
            r"(?P<value>[\d,]+)\s+children[^.]{0,40}?private(?:ly\s+arranged)?"
            r"\s+fostering",
        ),
        (
            "minority-ethnic-children",
            r"(?P<value>\d+(?:\.\d+)?)%\s+of\s+the\s+population\s+of\s+"
            r"children\s+and\s+young\s+people\s+are\s+classified\s+as\s+"
            r"belonging\s+to\s+an\s+ethnic\s+group\s+other\s+than\s+"
            r"White\s+British",
        ),
    )
)


def _figures(text: SourceText, end: int, start_date: date) -> list[KeyFigure]:
    """Key figures of the "Service information" section (numbers as printed).

    A figure whose sentence says "at the time of the inspection" is dated to the first day
    of the inspection; others carry no date.
    """
    section = _heading(text, "Service information", 0, end)
    if not section:
        return []
    figures = []
    for measure, pattern in _FIGURES:
        match = pattern.search(text.clean, section.end(), end)
        if not match:
            continue
        sentence_start = text.clean.rfind(".", section.end(), match.start()) + 1
        sentence = text.clean[sentence_start : match.start()]
        as_at = start_date if "at the time of the inspection" in sentence.lower() else None
        value = Decimal(match["value"].replace(",", ""))
        figures.append(KeyFigure(measure, value, text.match_span(match), as_at))
    return figures
