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

from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.model.records import Judgement, Report
from ofsted_kg.parse.common import find_posts
from ofsted_kg.parse.findings import (
    areas_for_improvement,
    check_sections,
    dash_items,
    glyph_items,
    heading,
    heading_grades,
    masthead_team,
    previous_inspections,
    read_masthead,
    read_table,
    record_of_main_findings,
    service_figures,
)
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.source.text import SourceText

FRAMEWORK = "safeguarding-lac-2012"
SCALE = vocab.FRAMEWORK_SCALE[FRAMEWORK]
AREAS = vocab.AREA_SCHEMES[FRAMEWORK]

# The title, at the start of a line, however a PDF wraps it ("... looked after children
# \nservices") or hyphenates it; not a later report's mention of such an inspection ("The
# last inspection of safeguarding and looked after children's services was in July 2012").
# "Announced inspection of ..." and "... looked after children's services" too.
TITLE_RE = re.compile(
    r"^[ \t]*(?:(?:Announced|ANNOUNCED)\s+(?i:inspection)|Inspection|INSPECTION)\s+(?:of|Of|OF)\s+"
    r"(?i:safeguarding\s+and\s+looked[\s-]+after\s+children(?:'?s)?\s+services)",
    re.M,
)
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
    # the same rows as other reports of the framework print them
    "capacity to improve": "capacity-for-improvement",
    "making a positive contribution": "positive-contribution",
    "making a positive contribution including user engagement": "positive-contribution",
    "economic wellbeing": "economic-wellbeing",
    "achieving economic well being": "economic-wellbeing",
    "achieving economic wellbeing": "economic-wellbeing",
}


# Each area's heading in the body: the first (the template's) of its labels.
HEADINGS = {suffix: label for label, suffix in reversed(list(LABELS.items()))}


def parse(text: SourceText, source: str) -> Report:
    """Parse a 2009-2012 safeguarding and looked after children services report."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(
            source, "no 'Inspection of safeguarding and looked after children services' title"
        )
    masthead = read_masthead(text, title, source, published_within=2000)

    table = record_of_main_findings(text)
    table_start = table.start() if table else len(clean)
    start = masthead.start
    report = Report(source, FRAMEWORK, masthead.authority, start, masthead.end, masthead.published)
    # A PDF's items wrap at any word, a capitalised one too ("Greater" / "Manchester
    # Police"): a bullet starts each; a text file's lines are its own.
    items = dash_items if text.page_starts is None else glyph_items
    parts = _parts(text, table_start, report)
    first_part = parts[0][1] if parts else table_start
    report.team = masthead_team(text, masthead.team_start, first_part)
    report.judgements = _judgements(text, report, table, parts)
    for prefix, part_start, part_end in parts:
        rows = [j for j in report.judgements if j.area.startswith(prefix + "-")]
        if table:
            check_sections(text, rows, part_start, part_end, report, SCALE)
        report.recommendations += areas_for_improvement(text, part_start, part_end, items)
    report.posts = find_posts(text, 0, table_start)
    report.previous = previous_inspections(text, table_start, SCALE)
    report.figures = service_figures(text, first_part, start.value, _FIGURES)
    return report


def _judgements(
    text: SourceText,
    report: Report,
    table: re.Match[str] | None,
    parts: list[tuple[str, int, int]],
) -> list[Judgement]:
    """The "Record of main findings" rows; without the table, the grades printed under
    each part's section headings (with a warning). A service without an overall
    effectiveness grade is a warning (and a coverage gap)."""
    if table is None:
        report.warnings.append(
            "no 'Record of main findings' table: grades read from the section headings"
        )
        found = [
            judgement
            for prefix, start, end in parts
            for judgement in heading_grades(
                text,
                {f"{prefix}-{suffix}": label for suffix, label in HEADINGS.items()},
                start,
                end,
                SCALE,
            )
        ]
    else:
        # read as streams, a row after the looked after children header is that service's
        lac = _LAC_HEADER_RE.search(text.clean, table.end())
        found = read_table(
            text,
            table,
            services=SERVICES,
            labels=LABELS,
            areas=AREAS,
            scale=SCALE,
            headers=_HEADER_RE,
            warnings=report.warnings,
            prefix_at=lambda at: "lac" if lac and at > lac.start() else "safeguarding",
        )
    graded = {j.area for j in found}
    for title, prefix in SERVICES.items():
        if f"{prefix}-overall-effectiveness" not in graded:
            report.warnings.append(f"no overall effectiveness grade found for {title}")
    return found


# The table's header rows (services, outcome groups), as streams of its cells give them.
_HEADER_RE = re.compile(
    r"(?:safeguarding\s+services|services\s+for\s+looked\s+after\s+children"
    r"|safeguarding\s+outcomes\b|how\s+good\s+are\s+outcomes\b)[^\n]*",
    re.I,
)
_LAC_HEADER_RE = re.compile(r"^[ \t]*services\s+for\s+looked\s+after\s+children", re.I | re.M)


def _parts(text: SourceText, limit: int, report: Report) -> list[tuple[str, int, int]]:
    """(prefix, start, end) of each service part, from its body heading to the next part;
    a part whose heading is missing is a warning."""
    starts = []
    body = contents_end(text)  # an entry set apart from its page number reads as a heading
    for title, prefix in SERVICES.items():
        match = heading(text, title, body, limit)
        if not match:
            report.warnings.append(f"no '{title}' part")
            continue
        starts.append((match.start(), prefix))
    starts.sort()
    bounds = [s for s, _ in starts[1:]] + [limit]
    return [(prefix, s, e) for (s, prefix), e in zip(starts, bounds[: len(starts)], strict=True)]


# (measure, pattern with a "value" group); matched within "Service information".
_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (measure, re.compile(pattern, re.I))
    for measure, pattern in (
        ("children-0-19", r"(?P<value>[\d,]+)\s+children\s+and\s+young\s+people\s+aged\s+0-19"),
        # Tameside 2012: "... aged 0-19, representing 24.8% of the total population".
        (
            "children-share-of-population",
            r"\b(?:representing|This\s+is)\s+(?P<value>\d+(?:\.\d+)?)%\s+of\s+the\s+total"
            r"\s+population",
        ),
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
