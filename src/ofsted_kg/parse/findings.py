"""Pieces shared by the two "Adequate"-scale frameworks (2009-2012 and 2013 LAC reports).

Both print a masthead ("Reporting inspector ... HMI"), graded sections ("Grade 3
(Adequate)" on or under the heading), "Areas for improvement" lists by timescale, a
"Service information" section and a closing "Record of main findings" table. The
framework modules (:mod:`.safeguarding_lac`, :mod:`.lac2013`) say which labels, areas and
figure patterns they use and call these functions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.model.records import (
    Authority,
    DatedFact,
    Judgement,
    KeyFigure,
    PreviousInspection,
    Recommendation,
    Report,
    TeamMember,
)
from ofsted_kg.parse.cells import areas_graded, stream_rows, streams_read_more
from ofsted_kg.parse.common import (
    DATES_LABEL,
    MONTH_RE,
    ROLE_RE,
    end_of_line,
    masthead_names_end,
    month_year,
    names_a_council,
    parse_date_range,
    parse_single_date,
    role_slug,
    team_members,
)
from ofsted_kg.source.text import SourceText, squash

GRADE_WORD = r"Outstanding|Good|Adequate|Inadequate"
# The masthead's publication label: "Published:", "Report published:", "Publication date:".
PUBLISHED_RE = re.compile(r"(?:Report\s+[Pp]ublished|Published|Publication\s+date):?")
TABLE_RE = re.compile(r"^Record of main findings:?[ \t]*$", re.M | re.I)
# "Overall effectiveness Adequate", "Capacity to improve Adequate Grade 3" (Medway 2013).
ROW_RE = re.compile(
    rf"^[ \t]*(?P<label>\S[^\t\n]*?)[ \t]+(?P<grade>{GRADE_WORD})(?:[ \t]+Grade[ \t]+[1-4])?[ \t]*$"
)
LONE_GRADE_RE = re.compile(rf"^[ \t]*(?P<grade>{GRADE_WORD})(?:[ \t]+Grade[ \t]+[1-4])?[ \t]*$")
HEADING_GRADE_RE = re.compile(rf"Grade\s+(?P<n>[1-4])\s*\((?P<word>{GRADE_WORD})\)", re.I)
SENTENCE_GRADE_RE = re.compile(
    r"\b(?:is|are)\s+(?:now\s+|judged\s+to\s+be\s+)?(?P<word>outstanding|good|adequate|inadequate)"
    r"\s*\.",
    re.I,
)
PARA_PREFIX_RE = re.compile(r"(?:[-\u2022]\s+)?(?:\d+\.\s+)?")
TIMESCALE_RE = re.compile(
    r"^(?P<t>Immediate(?:ly)?|Within\s+(?:three|3)\s+months|Within\s+(?:six|6)\s+months):?[ \t]*$",
    re.M | re.I,
)
_TIMESCALE_WORDS = {"3": "three", "6": "six", "immediate": "immediately"}
# A list item ends where a line starts a heading or numbered paragraph; a page break inside an
# item shows as a blank line before a lower-case line (with or without a "- ").
DANGLING_RE = re.compile(
    r"(?:\b(?:a|an|the|of|to|and|or|in|on|for|with|that|by|at|as|from|"
    r"their|its|is|are|be)|,)$",
    re.I,
)

ItemSplitter = Callable[[str, int, int], list[tuple[int, int]]]


def label_key(label: str) -> str:
    """A table or heading label compared loosely: lower case, hyphens as spaces."""
    words = label.lower().replace("-", " ").replace("?", "").replace("&", " and ")
    return " ".join(words.rstrip(": ").split())


def heading(text: SourceText, title: str, start: int, end: int) -> re.Match[str] | None:
    """A heading line ``title`` (optionally followed by its grade) in clean ``[start, end)``;
    a closing colon may be printed or not ("Areas for improvement:")."""
    words = r"\s+".join(re.escape(w) for w in title.split())
    pattern = re.compile(
        rf"^[ \t]*{words}:?(?:[ \t]+(?P<g>{HEADING_GRADE_RE.pattern}))?[ \t]*$", re.M | re.I
    )
    return pattern.search(text.clean, start, end)


# The list's heading, and the words a report may print instead.
IMPROVEMENT_HEADINGS = ("Areas for improvement", "Areas for development")


def improvement_heading(text: SourceText, start: int, end: int) -> re.Match[str] | None:
    """The "Areas for improvement" heading in clean ``[start, end)``, else one worded
    "Areas for development"."""
    for title in IMPROVEMENT_HEADINGS:
        if found := heading(text, title, start, end):
            return found
    return None


_NAME_LINE_RE = re.compile(r"^[ \t]*(?P<name>[A-Z][^\n]{0,80}?)[ \t]*$", re.M)
_NEXT_LINE_RE = re.compile(r"\n[ \t]*(?P<name>[^\s\d][^\n]{0,60}?)[ \t]*$", re.M)
# A council's name that goes on ("Royal Borough of Windsor and" / "Maidenhead"), or a line
# that only ends one ("Sandwell Metropolitan Borough" / "Council").
_NAME_GOES_ON_RE = re.compile(r"(?:\b(?:and|of|upon|on|the)|&|-)$", re.I)
_NAME_ENDS_RE = re.compile(r"(?:(?:Metropolitan|Borough|District|County|City)\s+)*Council")
# Or the name's last words ("North East" / "Lincolnshire Council", "& Fulham"): a line of
# a few words, no label (a colon) or figure, that the whole name still resolves with.
_NAME_PART_RE = re.compile(
    r"(?!(?:Inspection|Reporting|Lead|Age|Published|Report|Contents)\b)"
    r"(?:&\s*)?[A-Z][A-Za-z'\- ]{2,40}"
)


# The council on the title's line, as a copy joining page 1's lines prints it ("Inspection
# of looked after children services Kent County Council Inspection dates: ...").
_NAME_AFTER_TITLE_RE = re.compile(
    rf"[ \t]+(?P<name>[A-Z][^\n]{{1,80}}?)(?=[ \t]+(?:{DATES_LABEL})|[ \t]*$)", re.I
)


def authority_under_title(
    text: SourceText, after: int, source: str, title_start: int | None = None
) -> Authority:
    """The first capitalised line after the title: the council as printed, with the next
    line when the name wraps onto it ("Royal Borough of Kingston upon" / "Thames"); with
    none there (the dates under the title), the line above the title (``title_start``)
    when it names a council."""
    same_line = _NAME_AFTER_TITLE_RE.match(text.clean, after)
    if same_line and names_a_council(same_line["name"]):
        return Authority(squash(same_line["name"]), text.match_span(same_line, "name"))
    line = _NAME_LINE_RE.search(text.clean, after)
    if not line or line["name"].lower().startswith("inspection dates"):
        above = _line_above(text, title_start) if title_start is not None else None
        if above is None:
            raise ParseError(source, "no authority name under the report title")
        return above
    start, end = line.span("name")
    wrapped = _NEXT_LINE_RE.match(text.clean, line.end())
    if (
        wrapped
        and (
            not names_a_council(line["name"])
            or _NAME_GOES_ON_RE.search(line["name"])
            or _NAME_ENDS_RE.fullmatch(wrapped["name"])
            or _NAME_PART_RE.fullmatch(wrapped["name"])
        )
        and names_a_council(f"{line['name']} {wrapped['name']}")
    ):
        end = wrapped.end("name")
    return Authority(squash(text.clean[start:end]), text.span(start, end))


def _line_above(text: SourceText, title_start: int) -> Authority | None:
    """The council named on the line above the title, if that line names one."""
    above = list(_NAME_LINE_RE.finditer(text.clean, 0, title_start))
    if above and names_a_council(above[-1]["name"]):
        return Authority(squash(above[-1]["name"]), text.match_span(above[-1], "name"))
    return None


class Masthead(NamedTuple):
    """What the first page prints under the title, and where its team lines are."""

    authority: Authority
    start: DatedFact
    end: DatedFact
    published: DatedFact | None
    team_start: int  # the dates label: the team lines follow it
    team_end: int  # the "Published" label, else a few lines on


def read_masthead(
    text: SourceText, title: re.Match[str], source: str, published_within: int = 600
) -> Masthead:
    """The council, the inspection dates and the publication date (its label within
    ``published_within`` characters of the dates) of a 2009-2013 report's first page."""
    authority = authority_under_title(text, title.end(), source, title.start())
    dates_at = re.search(DATES_LABEL, text.clean, re.I)
    if not dates_at:
        raise ParseError(source, "no 'Inspection dates' line")
    start, end = parse_date_range(text, dates_at.end(), dates_at.end() + 120, source)
    published_at = PUBLISHED_RE.search(text.clean, 0, dates_at.end() + published_within)
    published = (
        parse_single_date(text, published_at.end(), published_at.end() + 40, source)
        if published_at
        else None
    )
    team_end = published_at.start() if published_at else dates_at.end() + 300
    return Masthead(authority, start, end, published, dates_at.start(), team_end)


def masthead_team(text: SourceText, start: int, end: int) -> list[TeamMember]:
    """Named inspectors in the masthead ("Reporting inspector Marie McGuinness HMI"); a
    name the line does not hold whole, or at all, is read on into the next line ("Marie" /
    "McGuinness HMI", a table's role cell over its name cell)."""
    members: list[TeamMember] = []
    clean = text.clean
    roles = [m for m in ROLE_RE.finditer(clean, start, end) if m["role"][0].isupper()]
    for index, match in enumerate(roles):
        slug = role_slug(match["role"])
        if not slug:
            continue
        limit = roles[index + 1].start() if index + 1 < len(roles) else end
        printed = " ".join(match["role"].split())
        line_end = masthead_names_end(clean, match.end(), end_of_line(clean, match.end(), limit))
        found = team_members(text, match.end(), line_end, slug, printed)
        if not found and line_end < limit:
            found = team_members(
                text, match.end(), end_of_line(clean, line_end + 1, limit), slug, printed
            )
        members += found
    return members


_LABEL_GOES_ON_RE = re.compile(r"[ \t]*(?P<words>[a-z][a-z' \t-]*?)[ \t]*$", re.M)


def findings_table(
    text: SourceText,
    start: int,
    end: int,
    *,
    services: Mapping[str, str],
    labels: Mapping[str, str],
    areas: Mapping[str, object],
    scale: str,
    warnings: list[str],
) -> list[Judgement]:
    """Graded rows of the "Record of main findings" in clean ``[start, end)``.

    A service header row ("Services for looked after children") sets the area-slug
    prefix (``services`` maps it; an empty prefix means none); a table of one service
    needs none, and a row graded again starts the next service (its header printed
    otherwise), never a second grade for one area. A label wrapped over lines
    is joined, and a grade on a line of its own belongs to the label lines above it; a
    header row without a grade ("How good are outcomes ...?") is dropped when the row
    under it is a known label by itself.
    """
    judgements: list[Judgement] = []
    prefixes = list(dict.fromkeys(services.values()))  # the services in the table's order
    # a table of one service needs no header row to say which
    prefix: str | None = prefixes[0] if len(prefixes) == 1 else None
    pending: list[re.Match[str]] = []
    taken = 0  # the end of a label's line read with the row above it
    for line in re.finditer(r"^[^\n]*$", text.clean[:end], re.M):
        if line.start() < max(start, taken) or not line.group().strip():
            continue
        key = label_key(line.group())
        if key in services:
            prefix, pending = services[key], []
            continue
        row = ROW_RE.fullmatch(line.group())
        alone = LONE_GRADE_RE.fullmatch(line.group())
        if alone and pending:
            label, first = _known_tail(pending, labels)
            grade_printed = alone["grade"]
        elif row:
            label, first = _known_tail([*pending, line], labels, last=row["label"])
            grade_printed = row["grade"]
        else:
            pending.append(line)  # a header row, or the first lines of a wrapped label
            continue
        pending = []
        suffix = labels.get(label_key(label))
        more = _LABEL_GOES_ON_RE.match(text.clean, line.end() + 1, end)
        if suffix is None and more and labels.get(label_key(f"{label} {more['words']}")):
            # the label's last words under its grade's line, as a converter keeping the
            # layout prints them ("Outcomes for looked after children and  Adequate" /
            # "young people")
            label = squash(f"{label} {more['words']}")
            suffix, taken, line = labels[label_key(label)], more.end(), more
        area = (
            None
            if prefix is None or suffix is None
            else (f"{prefix}-{suffix}" if prefix else suffix)
        )
        if area is not None and any(j.area == area for j in judgements):
            # a row read again: the next service's rows, under a header not recognised
            later = prefixes[prefixes.index(prefix) + 1 :] if prefix in prefixes else []
            if not later or f"{later[0]}-{suffix}" not in areas:
                warnings.append(
                    f"Record of main findings: '{label}' graded again "
                    f"(line {text.line_number(line.start())}) skipped"
                )
                continue
            prefix = later[0]
            area = f"{prefix}-{suffix}"
        if area is None or area not in areas:
            warnings.append(
                f"Record of main findings: unknown row '{label}' "
                f"(line {text.line_number(line.start())}) skipped"
            )
            continue
        grade = vocab.grade_slug(grade_printed, scale)
        if grade is None:  # GRADE_WORD lists only the scale's labels
            warnings.append(f"Record of main findings: grade '{grade_printed}' is on no scale")
            continue
        span = text.span(first.start(), line.end())
        judgements.append(Judgement("local-authority", area, label, grade, grade_printed, span))
    return judgements


@functools.cache
def _row_start_re(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A row's first words ("Outcomes for" / "... young people" may wrap)."""
    return re.compile("|".join(re.escape(" ".join(k.split()[:2])) for k in labels), re.I)


_WHOLE_GRADE_RE = re.compile(GRADE_WORD, re.I)


def streamed_table(
    text: SourceText,
    start: int,
    *,
    labels: Mapping[str, str],
    areas: Mapping[str, object],
    scale: str,
    headers: re.Pattern[str],
    prefix_at: Callable[[int], str] = lambda _: "",
) -> list[Judgement]:
    """The "Record of main findings" after clean ``start`` read as streams of label and
    grade cells (:mod:`.cells`), for a text whose converter sets a grade above or beside
    its label's lines, or gives a block's labels, then its grades; ``headers`` matches a
    header row's line, ``prefix_at`` gives the area-slug prefix of a row starting there."""
    found: list[Judgement] = []
    rows = stream_rows(
        text.clean, start, len(text.clean), _row_start_re(tuple(labels)), _WHOLE_GRADE_RE, headers
    )
    for row in rows:
        suffix = labels.get(label_key(row.label))
        if suffix is None:
            continue
        prefix = prefix_at(row.start)
        area = f"{prefix}-{suffix}" if prefix else suffix
        grade = vocab.grade_slug(row.grade, scale)
        if area in areas and grade and all(j.area != area for j in found):
            span = text.span(row.start, row.end)
            found.append(Judgement("local-authority", area, row.label, grade, row.grade, span))
    return found


def read_table(
    text: SourceText,
    table: re.Match[str],
    *,
    services: Mapping[str, str],
    labels: Mapping[str, str],
    areas: Mapping[str, object],
    scale: str,
    headers: re.Pattern[str],
    warnings: list[str],
    prefix_at: Callable[[int], str] = lambda _: "",
) -> list[Judgement]:
    """The "Record of main findings" under ``table`` read row by row, or as its text
    orders its cells when that reads more (:func:`.cells.streams_read_more`), told."""
    rows = findings_table(
        text,
        table.end(),
        len(text.clean),
        services=services,
        labels=labels,
        areas=areas,
        scale=scale,
        warnings=warnings,
    )
    streamed = streamed_table(
        text,
        table.end(),
        labels=labels,
        areas=areas,
        scale=scale,
        headers=headers,
        prefix_at=prefix_at,
    )
    if not streams_read_more(areas_graded(rows), areas_graded(streamed)):
        return rows
    warnings.append("Record of main findings read as its text orders its cells (labels, grades)")
    return streamed


def fill_missing(
    found: list[Judgement],
    others: Iterable[Judgement],
    warnings: list[str],
    how: str,
    table: str = "the Record of main findings",
) -> None:
    """Add to ``found`` each of ``others`` whose area it lacks: a row of ``table`` not read,
    graded ``how`` the report prints it elsewhere ("as its section's heading prints"), told."""
    for judgement in others:
        if all(j.area != judgement.area for j in found):
            warnings.append(
                f"{judgement.area}: no row of {table} read; graded "
                f"'{judgement.grade_as_printed}' {how}"
            )
            found.append(judgement)


def record_of_main_findings(text: SourceText) -> re.Match[str] | None:
    """The "Record of main findings" heading: the last (the contents line has a page
    number, so it is no match)."""
    tables = list(TABLE_RE.finditer(text.clean))
    return tables[-1] if tables else None


def section_starts(text: SourceText, titles: Iterable[str], start: int, end: int) -> list[int]:
    """Clean offsets of the graded sections' headings (``titles``) in ``[start, end)``."""
    return sorted(match.start() for title in titles if (match := heading(text, title, start, end)))


def improvement_areas(
    text: SourceText, start: int, end: int, sections: list[int]
) -> list[Recommendation]:
    """The "Areas for improvement" bullets of a PDF-like text, up to the next section."""
    found = improvement_heading(text, start, end)
    if not found:
        return []
    stop = min((s for s in sections if s > found.start()), default=end)
    return areas_for_improvement(text, found.start(), stop, glyph_items)


def _known_tail(
    lines: list[re.Match[str]], labels: Mapping[str, str], last: str | None = None
) -> tuple[str, re.Match[str]]:
    """The row's label and first line: the lines joined from the first one that makes a
    known label with those under it (the lines above it are header rows: "Safeguarding
    outcomes for children and young people" over "Children and young people are safe and
    feel safe"), else all of them; the last line's label is ``last`` where given."""
    for at in range(len(lines)):
        label = _joined(lines[at:], last=last)
        if label_key(label) in labels:
            return label, lines[at]
    return _joined(lines, last=last), lines[0]


def _joined(lines: list[re.Match[str]], last: str | None = None) -> str:
    parts = [m.group() for m in lines]
    if last is not None:
        parts[-1] = last
    return squash(" ".join(parts))


_BELOW_RE = re.compile(rf"\s*(?P<g>{HEADING_GRADE_RE.pattern})[ \t]*$", re.M | re.I)


def heading_grade(text: SourceText, found: re.Match[str], end: int) -> tuple[str | None, int]:
    """The "Grade 3 (Adequate)" printed on a heading's line or on the line under it, and
    where the heading (with its grade) ends."""
    if found["g"]:
        return found["g"], found.end()
    below = _BELOW_RE.match(text.clean, found.end(), end)
    return (below["g"], below.end()) if below else (None, found.end())


def heading_grades(
    text: SourceText, titles: Mapping[str, str], start: int, end: int, scale: str
) -> list[Judgement]:
    """Judgements from the sections' headings in clean ``[start, end)`` (``titles`` maps
    an area to its heading): the grades of a report whose "Record of main findings" table
    is missing."""
    found: list[Judgement] = []
    for area, title in titles.items():
        printed = heading(text, title, start, end)
        if not printed:
            continue
        grade_printed, stop = heading_grade(text, printed, end)
        word = HEADING_GRADE_RE.search(grade_printed or "")
        grade = vocab.grade_slug(word["word"], scale) if word else None
        if word and grade:
            span = text.span(printed.start(), stop)
            found.append(Judgement("local-authority", area, title, grade, word["word"], span))
    return found


def check_sections(
    text: SourceText,
    rows: Iterable[Judgement],
    start: int,
    end: int,
    report: Report,
    scale: str,
    titles: Mapping[str, str] | None = None,
) -> None:
    """Warn where a section's heading grade or first sentence disagrees with the table.

    Each row's section heading is its printed label unless ``titles`` maps its area to
    the heading as printed in the body.
    """
    for row in rows:
        title = (titles or {}).get(row.area, row.area_as_printed)
        found_heading = heading(text, title, start, end)
        if not found_heading:
            continue
        where = f"section '{title}' (line {text.line_number(found_heading.start())})"
        grade, body = heading_grade(text, found_heading, end)
        word = HEADING_GRADE_RE.search(grade or "")
        if grade and word and vocab.grade_slug(word["word"], scale) != row.grade:
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
        if sentence and vocab.grade_slug(sentence["word"], scale) != row.grade:
            report.warnings.append(
                f"{row.area}: Record of main findings grades it '{row.grade_as_printed}' "
                f"but the first sentence of {where} says '{sentence.group(0).rstrip('.')}'"
                + (f" (its heading prints '{squash(grade)}')" if grade else "")
                + f"; kept '{row.grade}'"
            )


def areas_for_improvement(
    text: SourceText, start: int, end: int, items: ItemSplitter | None = None
) -> list[Recommendation]:
    """Items of the "Areas for improvement" in clean ``[start, end)``, by timescale.

    ``items`` splits a timescale's block into items (default :func:`dash_items`).
    """
    clean = text.clean
    split = items or dash_items
    found_heading = improvement_heading(text, start, end)
    if not found_heading:
        return []
    first_block = TIMESCALE_RE.search(clean, found_heading.end(), end)
    lead_in = clean[found_heading.end() : first_block.start() if first_block else end]
    partners = re.search(
        r"(?:local\s+authority|council)\s+and\s+(?:its\s+)?partners\s+should", lead_in, re.I
    )
    addressee = "local-authority-and-partners" if partners else "local-authority"
    # (start, end, timescale) of each block: under each timescale heading, or the whole
    # list without a timescale when no heading divides it.
    blocks: list[tuple[int, int, str | None]] = []
    block: re.Match[str] | None = first_block
    if not first_block:
        blocks.append((found_heading.end(), end, None))
    while block:
        following = TIMESCALE_RE.search(clean, block.end(), end)
        slug = "-".join(_TIMESCALE_WORDS.get(w, w) for w in block["t"].lower().split())
        blocks.append((block.end(), following.start() if following else end, slug))
        block = following
    found: list[Recommendation] = []
    for block_start, stop, timescale in blocks:
        for item_start, item_end in split(clean, block_start, stop):
            span = text.span(item_start, item_end)
            body = re.sub(r"\n\s*\n\s*(?:[-\u2022]\s+)?", " ", clean[item_start:item_end])
            found.append(Recommendation(squash(body), addressee, span, timescale))
    return found


def dash_items(clean: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clean (start, end) of each "- " / "•" item between ``start`` and ``end`` (text files).

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


# What opens a section after a list: its grade under the heading ("Grade 3 (Adequate)"),
# a numbered paragraph ("24. The ...").
_SECTION_OPENS_RE = re.compile(
    rf"[ \t]*(?:{HEADING_GRADE_RE.pattern}[ \t]*$|\d{{1,3}}\.[ \t]+[A-Z])", re.I
)


_SENTENCE_END_RE = re.compile(r"[.;][ \t]*$", re.M)


def _last_sentence_end(clean: str, start: int, end: int) -> int:
    """The end of the last line in clean ``[start, end)`` that closes a sentence (a full
    stop or semicolon ends it), else ``end``."""
    closing = [m.end() for m in _SENTENCE_END_RE.finditer(clean, start, end)]
    return closing[-1] if closing else end


def glyph_items(clean: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clean (start, end) of each bullet-glyph item between ``start`` and ``end`` (PDFs).

    A line opening with a bullet glyph (U+F0A7 and kin, or the "- " the normaliser may
    put in its place) starts an item, without its bullet;
    every other non-blank line continues the item above it (PDF lines are hard-wrapped,
    so a continuation may start with a capital). Text before the first bullet is ignored.
    """
    items: list[list[int]] = []
    bullet = re.compile(r"[ \t]*-[ \t]*(?P<body>[^\n]*)")  # glyphs are "-" (source.text)
    paragraphs: list[list[int]] = []  # the text's blank-line-separated runs, bullets aside
    bare = 0  # bullets alone on their lines
    after_blank = True
    for line in re.finditer(r"^[^\n]*$", clean[:end], re.M):
        if line.start() < start:
            continue
        if not line.group().strip():
            after_blank = True
            continue
        if items and _SECTION_OPENS_RE.match(line.group()):
            # a graded section or a numbered paragraph under a heading the caller does not
            # know: the list ended with its last full stop, the heading's lines after it
            items[-1][1] = _last_sentence_end(clean, *items[-1])
            break
        marked = bullet.fullmatch(line.group())
        if marked and not marked["body"].strip():
            bare, after_blank = bare + 1, True
            continue
        if (
            marked
            and marked.group().lstrip().startswith("-")
            and not re.match(r"[ \t]*-[ \t]", line.group())
        ):
            marked = None  # a hyphen that starts a word ("-based"), not a bullet
        if marked:
            items.append([line.start() + marked.start("body"), line.end()])
        elif items:
            items[-1][1] = line.end()
        if not marked:
            if after_blank or not paragraphs:
                paragraphs.append([line.start(), line.end()])
            else:
                paragraphs[-1][1] = line.end()
        after_blank = False
    if bare:
        # Bullets printed apart from their texts (pdfminer: "-" / "-" / "-", then the
        # texts): as many texts as bullets are the items, in order; else none is told
        # from the next (an item made of several would say what the report does not).
        texts = paragraphs if len(paragraphs) == bare else []
        return [(s, e) for s, e in texts]
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


def previous_inspections(text: SourceText, end: int, scale: str) -> list[PreviousInspection]:
    """Earlier inspections of the adoption and fostering services and of the front door.

    The 2007-2010 inspections of regulated services used "satisfactory", a grade on a
    different scale from these frameworks' "adequate"; such a grade is kept as None
    rather than silently equated.
    """
    found: dict[tuple[str, str | None], PreviousInspection] = {}
    for match in _PREVIOUS_RE.finditer(text.clean, 0, end):
        rest = match["rest"]
        when = month_year(rest)
        graded = _PREVIOUS_GRADE_RE.search(rest)
        if not (when and graded and "inspect" in rest.lower()):
            continue
        grade = vocab.grade_slug(graded["g"], scale)  # None for "satisfactory"
        key: tuple[str, str | None] = (match["kind"].lower(), when)
        if key not in found:
            found[key] = PreviousInspection(key[0], text.match_span(match), when, grade)
    for match in _UNANNOUNCED_RE.finditer(text.clean, 0, end):
        key = ("unannounced-contact-referral-assessment", month_year(match["when"]))
        if key not in found:
            found[key] = PreviousInspection(key[0], text.match_span(match), key[1])
    return list(found.values())


def service_figures(
    text: SourceText, end: int, start_date: date, patterns: Iterable[tuple[str, re.Pattern[str]]]
) -> list[KeyFigure]:
    """Key figures of the "Service information" section (numbers as printed).

    Each pattern has a ``value`` group (alternatives name theirs ``value2``, ...); the
    first match of each measure counts. A figure
    whose sentence says "at the time of the inspection" is dated to the first day of the
    inspection; others carry no date.
    """
    section = heading(text, "Service information", 0, end)
    if not section:
        return []
    figures = []
    for measure, pattern in patterns:
        match = pattern.search(text.clean, section.end(), end)
        if not match:
            continue
        sentence_start = text.clean.rfind(".", section.end(), match.start()) + 1
        sentence = text.clean[sentence_start : match.start()]
        as_at = start_date if "at the time of the inspection" in squash(sentence).lower() else None
        printed = next(v for k, v in match.groupdict().items() if k.startswith("value") and v)
        value = Decimal(printed.replace(",", ""))
        figures.append(KeyFigure(measure, value, text.match_span(match), as_at))
    return figures
