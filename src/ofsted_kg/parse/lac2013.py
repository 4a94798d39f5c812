"""Parser for the 2013 "Inspection of looked after children services" (framework ``lac-2013``).

A close relative of the 2009-2012 reports (:mod:`.safeguarding_lac`), with one service
only. Layout (PDF): the wrapped title, the authority, "Inspection dates: 15 - 19 July
2013", "Reporting inspector Helen Cawston HMI", "Published: 23 August 2013", contents,
"About this inspection" (the team only as prose: "The inspection team consisted of five
of Her Majesty's Inspectors"), "Service information" (key figures), five graded
sections ("Grade 3 (Adequate)" under each heading), "Areas for improvement" inside
"Capacity to improve" with bulleted items under "Immediately:", "Within three months:"
and "Within six months:", and the closing "Record of main findings" table (Medway adds
the grade number: "Overall effectiveness Inadequate Grade 4").

The table's grades are authoritative; a section heading or first sentence that
disagrees adds a line to ``Report.warnings`` (see :func:`.findings.check_sections`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.model.records import Judgement, Post, PreviousInspection, Report
from ofsted_kg.parse.cells import areas_graded
from ofsted_kg.parse.common import (
    MONTH_RE,
    find_posts,
    month_year,
)
from ofsted_kg.parse.findings import (
    check_sections,
    fill_missing,
    heading,
    heading_grades,
    improvement_areas,
    masthead_team,
    previous_inspections,
    read_masthead,
    read_table,
    record_of_main_findings,
    section_starts,
    service_figures,
)
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.parse.sif_previous import kind_of
from ofsted_kg.source.text import SourceText, squash

FRAMEWORK = "lac-2013"
SCALE = vocab.FRAMEWORK_SCALE[FRAMEWORK]
AREAS = vocab.AREA_SCHEMES[FRAMEWORK]

# The title, at the start of a line, however a PDF wraps or hyphenates it (see
# safeguarding_lac.TITLE_RE).
TITLE_RE = re.compile(
    # "Inspection of" as a title prints it, in title case or in capitals; a sentence's
    # "inspection of" is not a title.
    # "looked after children's services", "services for looked after children" too.
    r"^[ \t]*(?:Inspection|INSPECTION)\s+(?:of|Of|OF)\s+"
    r"(?i:looked[\s-]+after\s+children(?:'?s)?\s+services"
    r"|services\s+for\s+(?:looked[\s-]+after\s+children|children\s+looked\s+after)\b)",
    re.M,
)
# The table's one service header row; its areas carry no prefix.
SERVICES = {"services for looked after children": ""}
# Table rows (lower case, hyphens as spaces) -> area slug.
LABELS = {
    "overall effectiveness": "overall-effectiveness",
    "capacity to improve": "capacity-to-improve",
    "outcomes for looked after children and young people": "outcomes",
    "quality of provision": "quality-of-provision",
    "leadership and management": "leadership-and-management",
}
# A table disagreeing with this many section headings is out of step (one disagreement
# is the report's own, told and the table kept).
MAX_DISAGREEMENTS = 2
# Section headings in the body, where they differ from the table's row label.
TITLES = {
    "overall-effectiveness": (
        "Overall effectiveness of services for looked after children and young people"
    ),
}

# (measure, pattern with a "value" group); matched within "Service information".
_FIGURES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (measure, re.compile(pattern, re.I))
    for measure, pattern in (
        (
            "children-under-18",
            # Kent: "322,743 (22%) are aged 0-17"; Sandwell: "Of these, 74,641 were children
            # (24% of the total population)".
            r"(?:(?P<value>[\d,]+)\s+\(\d+(?:\.\d+)?%\)\s+are\s+aged\s+0-17\b"
            r"|Of\s+these,\s+(?P<value2>[\d,]+)\s+were\s+children\s+\(\d+(?:\.\d+)?%)",
        ),
        (
            "children-0-19",
            # Medway: "approximately 65,000 children and young people under the age of 19".
            r"(?P<value>[\d,]+)\s+children\s+and\s+young\s+people\s+(?:aged\s+)?under\s+"
            r"(?:the\s+age\s+of\s+)?19\b",
        ),
        (
            "children-share-of-population",
            # Medway: "This is 24.5% of the total population"; Sandwell: "74,641 were children
            # (24% of the total population)"; Kent: "322,743 (22%) are aged 0-17".
            r"(?:\bThis\s+is\s+|\()(?P<value>\d+(?:\.\d+)?)%\s+of\s+the\s+total\s+population"
            r"|[\d,]+\s+\((?P<value2>\d+(?:\.\d+)?)%\)\s+are\s+aged\s+0-17\b",
        ),
        (
            "children-looked-after",
            # Also "there were 1834 children looked after", "1834 children in care", "the
            # council was looking after 1834 children".
            r"(?:there\s+were\s+(?P<value>[\d,]+)\s+(?:looked\s+after\s+children"
            r"|children\s+(?:and\s+young\s+people\s+)?(?:looked\s+after|in\s+care)\b)"
            r"|(?P<value2>[\d,]+)\s+children(?:\s+and\s+young\s+people)?\s+(?:were|are)"
            r"\s+(?:being\s+)?looked\s+after"
            r"|was\s+looking\s+after\s+(?P<value3>[\d,]+)\s+children)",
        ),
        (
            "care-leavers",
            r"(?:(?P<value>[\d,]+)\s+with\s+care\s+leaver\s+status"
            r"|There\s+were\s+(?P<value2>[\d,]+)\s+care\s+leavers)",
        ),
        (
            "minority-ethnic-children",
            # Medway: "account for approximately 20% of the total school age population".
            r"minority\s+ethnic\s+groups\s+account\s+for\s+(?:approximately\s+)?"
            r"(?P<value>\d+(?:\.\d+)?)%\s+of\s+the\s+total\s+(?:under\s+18|school\s+age)\s+"
            r"population",
        ),
        (
            "free-school-meals-primary",
            r"free\s+school\s+meals[^.]{0,60}?\b(?P<value>\d+(?:\.\d+)?)%\s+in\s+primary",
        ),
        (
            "free-school-meals-secondary",
            r"free\s+school\s+meals[^.]{0,60}?%\s+in\s+primary\s+schools\s+and\s+"
            r"(?P<value>\d+(?:\.\d+)?)%\s+in\s+secondary",
        ),
        (
            "eal-primary",
            r"English\s+as\s+an\s+additional\s+language[^.]{0,60}?\b(?P<value>\d+(?:\.\d+)?)%"
            r"\s+in\s+primary",
        ),
        (
            "eal-secondary",
            r"English\s+as\s+an\s+additional\s+language[^.]{0,60}?%\s+in\s+primary\s+and\s+"
            r"(?P<value>\d+(?:\.\d+)?)%\s+in\s+secondary",
        ),
    )
)

# "The Safeguarding and Looked after Children (SLAC) inspection, in October 2010, judged
# both safeguarding and looked after children's services to be inadequate"; "The
# inspection of safeguarding and looked after children arrangements in August 2011 judged
# overall effectiveness for looked after children as adequate".
# The same inspection in the other wordings of its family: "The safeguarding and looked
# after children inspection (SLAC) in October 2010", "At the last inspection of safeguarding
# and looked after children services, in October 2010, services ... were judged inadequate".
_SLAC_RE = re.compile(
    r"(?:Safeguarding\s+and\s+Looked\s+after\s+Children(?:\s+\(SLAC\))?\s+inspection"
    r"(?:\s+\(SLAC\))?"
    r"|inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children(?:'s)?"
    r"(?:\s+(?:arrangements|services))?(?:\s+\(SLAC\))?)"
    rf",?\s+in\s+(?P<when>{MONTH_RE}\s+\d{{4}}),?\s+(?:[^.]{{0,80}}?\s)??(?:judged|found)\s"
    r"[^.]{0,120}?\b(?P<g>outstanding|good|adequate|inadequate)\b",
    re.I,
)


def parse(text: SourceText, source: str) -> Report:
    """Parse a 2013 inspection of looked after children services."""
    clean = text.clean
    title = TITLE_RE.search(clean)
    if not title:
        raise ParseError(source, "no 'Inspection of looked after children services' title")
    masthead = read_masthead(text, title, source)
    start = masthead.start

    table = record_of_main_findings(text)
    table_start = table.start() if table else len(clean)
    # after the contents list: an entry set apart from its page number reads as a heading
    about = heading(
        text, "About this inspection", max(title.end(), contents_end(text)), table_start
    )
    body = about.start() if about else title.end()

    report = Report(source, FRAMEWORK, masthead.authority, start, masthead.end, masthead.published)
    report.team = masthead_team(text, masthead.team_start, masthead.team_end)
    report.judgements = _judgements(text, report, table, body)
    titles = [TITLES.get(area, term.label) for area, term in AREAS.items()]
    sections = section_starts(text, titles, body, table_start)
    report.recommendations = improvement_areas(text, body, table_start, sections)
    read_history(text, report, table_start)
    first_section = sections[0] if sections else table_start
    report.figures = service_figures(text, first_section, start.value, _FIGURES)
    return report


def _judgements(
    text: SourceText, report: Report, table: re.Match[str] | None, body: int
) -> list[Judgement]:
    """The "Record of main findings" rows, checked against the sections; without the
    table, the grades printed under the sections' headings (with a warning)."""
    titles = {area: TITLES.get(area, term.label) for area, term in AREAS.items()}
    if table is None:
        report.warnings.append(
            "no 'Record of main findings' table: grades read from the section headings"
        )
        found = heading_grades(text, titles, body, len(text.clean), SCALE)
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
        headed = heading_grades(text, titles, body, table.start(), SCALE)
        read = areas_graded(found)
        differ = [j.area for j in headed if read.get(j.area, j.grade) != j.grade]
        if len(differ) >= MAX_DISAGREEMENTS:
            # Rows out of step with their labels (a converter setting each grade cell
            # beside the row above): the headings' grades, one under each section, kept.
            report.warnings.append(
                "Record of main findings disagrees with the section headings on "
                f"{', '.join(differ)}: the headings' grades kept"
            )
            found = [j for j in found if j.area not in differ]
            found += [j for j in headed if j.area in differ]
        check_sections(text, found, body, table.start(), report, SCALE, TITLES)
        # A row the table's text does not let us read (a label or grade cell worded or
        # set otherwise): the grade its section's heading prints, told.
        fill_missing(found, headed, report.warnings, "as its section's heading prints")
    if not any(j.area == "overall-effectiveness" for j in found):
        report.warnings.append("no overall effectiveness grade found")
    return found


_SERVICE_RE = re.compile("|".join(re.escape(label) for label in SERVICES), re.I)


# Medway 2013 p.6: "Since the appointment of the Director of Children's Services (DCS) in
# September 2012": the 2013 reports say when the DCS came, in their findings.
# Also "the appointment of a new / an interim DCS in", "the DCS took up post in".
_DCS = r"(?:Director\s+of\s+Children'?s\s+Services(?:\s+\(DCS\))?|DCS)"
_DCS_APPOINTED_RE = re.compile(
    r"(?:appointment\s+of\s+(?:the\s+|an?\s+)?"
    rf"(?:(?:new|current|permanent|substantive|interim|acting)\s+)*{_DCS}"
    rf"|\b(?:the|a|an)\s+(?:(?:new|current|permanent|substantive|interim|acting)\s+)*{_DCS}"
    r",?\s+(?:who\s+)?(?:took\s+up\s+(?:the\s+|(?:his|her|their)\s+)?post|was\s+appointed))"
    rf"\s+in\s+(?P<when>{MONTH_RE}\s+\d{{4}})",
    re.I,
)


def read_history(text: SourceText, report: Report, end: int) -> None:
    """The posts with tenure and the earlier inspections printed before clean ``end``
    (the findings table), as the 2012-2013 reports print them."""
    report.posts = find_posts(text, 0, end)
    if not any(p.post == "director-of-childrens-services" for p in report.posts):
        report.posts += dcs_appointed(text)
    report.previous = one_per_year(earlier(text, end), report)


def dcs_appointed(text: SourceText) -> list[Post]:
    """The DCS's tenure from the first "appointment of the DCS in MONTH YEAR" anywhere."""
    match = _DCS_APPOINTED_RE.search(text.clean)
    if not match:
        return []
    since = month_year(match["when"])
    return [Post("director-of-childrens-services", text.match_span(match), since=since)]


# Medway 2013: "Since Ofsted's inspection of child protection arrangements in January 2013",
# "following the child protection inspection in January 2013"; Sandwell 2013: "an Ofsted
# inspection in April 2013, which found child protection services to be inadequate".
_NAMED_RE = re.compile(
    r"\b(?:(?:the|Ofsted's)\s+(?P<what1>[a-z][a-z ]{2,60}?)\s+inspection"
    r"|(?:the|Ofsted's|an\s+Ofsted)\s+inspection\s+of\s+(?P<what2>[^.]{3,80}?)"
    r"|an\s+Ofsted\s+inspection)"
    rf"\s+in\s+(?P<when>{MONTH_RE}\s+\d{{4}})"
    r"(?:,?\s+which\s+found\s+(?P<what3>[^.]{3,60}?)\s+to\s+be\s+"
    r"(?P<g>outstanding|good|adequate|inadequate)\b)?",
    re.I,
)


def _named_mentions(clean: str, end: int) -> Iterator[re.Match[str]]:
    """Every :data:`_NAMED_RE` match before ``end``, overlapping ones too: a match that
    names no kind ("the findings and recommendations of an Ofsted inspection in April 2013"
    when the words run on one line) must not hide the one inside it ("an Ofsted inspection
    in April 2013, which found child protection services to be inadequate")."""
    pos = 0
    while match := _NAMED_RE.search(clean, pos, end):
        yield match
        pos = match.start() + 1


def earlier(text: SourceText, end: int) -> list[PreviousInspection]:
    """Earlier regulated-service inspections, the 2009-2012 SLAC inspection and earlier
    inspections named in the findings (a kind the words do not name is left out)."""
    found = previous_inspections(text, end, SCALE)
    seen = {(p.kind, p.when) for p in found}
    for match in _SLAC_RE.finditer(text.clean, 0, end):
        kind, when = "safeguarding-and-looked-after-children", month_year(match["when"])
        if (kind, when) not in seen:
            seen.add((kind, when))
            grade = vocab.grade_slug(match["g"], SCALE)
            found.append(PreviousInspection(kind, text.match_span(match), when, grade))
    for match in _named_mentions(text.clean, end):
        what = match["what1"] or match["what2"] or match["what3"] or ""
        when = month_year(match["when"])
        named = kind_of(what, when)
        if named and (named, when) not in seen:
            seen.add((named, when))
            grade = vocab.grade_slug(match["g"], SCALE) if match["g"] else None
            found.append(PreviousInspection(named, text.match_span(match), when, grade))
    return found


def one_per_year(found: list[PreviousInspection], report: Report) -> list[PreviousInspection]:
    """One inspection of a kind a year: Sandwell 2013 dates its child protection inspection
    "February 2013" in one place and "April 2013", with its grade, in another (the month
    of its visit and, it seems, of its report). The graded mention is kept, whose quote
    holds the grade, and another month is a warning."""
    kept: list[PreviousInspection] = []
    for mention in found:
        year = (mention.when or mention.published or "")[:4]
        same = next(
            (
                i
                for i, k in enumerate(kept)
                if year and k.kind == mention.kind and (k.when or k.published or "")[:4] == year
            ),
            None,
        )
        if same is None:
            kept.append(mention)
            continue
        first = kept[same]
        winner, other = (mention, first) if mention.grade and not first.grade else (first, mention)
        kept[same] = winner
        if winner.when and other.when and winner.when != other.when:
            report.warnings.append(
                f"the previous {winner.kind} inspection is dated {winner.when} and, "
                f"elsewhere, {other.when} ('{squash(other.span.quote)}'); kept {winner.when}"
            )
    return kept
