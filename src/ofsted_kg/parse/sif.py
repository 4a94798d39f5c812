"""Parser for single inspection framework (SIF, 2013-2017) reports with their LSCB review.

The reports open with the authority's name, the title, the inspection dates and a grade
table; the body repeats each grade in its section heading, which we use to cross-check
the table (or stand in for it when PDF extraction has mangled it). Layouts vary between
years, so every pattern allows any run of whitespace between words and finds headings as
whole lines rather than by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .. import vocab
from ..errors import ParseError
from ..normalise import SourceText, squash
from ..records import (
    Authority,
    Judgement,
    KeyFigure,
    Post,
    PreviousInspection,
    Recommendation,
    Report,
    TeamMember,
)
from .common import (
    MONTH_RE,
    SINGLE_DATE_RE,
    clean_person_name,
    month_number,
    month_year,
    parse_date_range,
    parse_single_date,
)

FRAMEWORK = "sif"
SCALE = vocab.FRAMEWORK_SCALE[FRAMEWORK]

GRADE = r"(?:outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
_TITLE_RE = re.compile(r"Inspection\s+of\s+services\s+for\s+children\s+in\s+need", re.I)
_LSCB_TITLE_RE = re.compile(r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+"
                            r"safeguarding\s+children\s+board", re.I)


def _rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    """Compile ``pattern`` with every literal space meaning "any whitespace" (PDF wraps).

    A space means ``\\s+``, so write optional words as ``(?:word )?``, never `` ?``.
    """
    return re.compile(pattern.replace(" ", r"\s+"), flags)


def _line(pattern: str) -> re.Pattern[str]:
    """A heading that fills its own line (contents entries end in tabs/page numbers)."""
    return re.compile(rf"^[ ]*(?:{pattern})[ ]*$", re.M | re.I)


def _grade(printed: str) -> str | None:
    """The SIF grade slug for "Good", "require improvement", "requires improvement to be good"."""
    if re.match(r"requires?\s+improvement", printed, re.I):
        return "requires-improvement"
    return vocab.grade_slug(printed, SCALE)


_NUMBER_WORDS = {w: i for i, w in enumerate((
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty"))}


def _number(printed: str) -> Decimal | None:
    """``"4,179"`` -> 4179, ``"three"`` -> 3; None for "less than five" and other words."""
    printed = printed.strip()
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", printed):
        return Decimal(printed.replace(",", ""))
    value = _NUMBER_WORDS.get(printed.lower())
    return Decimal(value) if value is not None else None


# --- authority and dates ----------------------------------------------------------------

_COUNCIL_SUFFIX_RE = re.compile(
    r"\s+(?:Metropolitan\s+)?(?:Borough\s+|City\s+|County\s+|District\s+)?Council$", re.I)
_COUNCIL_PREFIX_RE = re.compile(r"^(?:(?:London|Royal)\s+Borough\s+of|City\s+of|"
                                r"Council\s+of\s+the)\s+", re.I)


def _authority(text: SourceText, source: str) -> Authority:
    """The authority's name: the last non-empty line printed above the report title."""
    title = _TITLE_RE.search(text.clean)
    if not title:
        raise ParseError(source, "no SIF report title")
    lines = list(re.finditer(r"[^\n]*\S[^\n]*", text.clean[: title.start()]))
    if not lines:
        raise ParseError(source, "no authority name above the report title")
    name_match = lines[-1]
    name = squash(name_match.group())
    plain = _COUNCIL_PREFIX_RE.sub("", _COUNCIL_SUFFIX_RE.sub("", name))
    rest = text.clean[title.start():]
    aliases: list[str] = []
    if plain != name and re.search(rf"\b{re.escape(plain)}\b", rest):
        aliases.append(plain)
    words = plain.split()
    acronym = "".join(w[0].upper() for w in words)
    if len(words) >= 3 and acronym.isalpha() and re.search(rf"\b{acronym}\b", rest):
        aliases.append(acronym)  # "CWAC" for Cheshire West and Chester
    span = text.span(name_match.start(), name_match.end())
    return Authority(name, span, tuple(aliases))


_DATES_LABEL_RE = re.compile(r"Inspection\s+dates?\s*:", re.I)
_PUBLISHED_LABEL_RE = re.compile(r"Report\s+published\s*:", re.I)


# --- judgements -------------------------------------------------------------------------

# Area slug from words in the printed label; most specific first.
_AREA_WORDS = (
    ("adoption", "adoption-performance"),
    ("care leavers", "care-leavers"),
    ("help and protection", "help-and-protection"),
    ("leadership", "leadership-management-governance"),
    ("looked after", "looked-after-and-permanence"),
)
_AREA_NUMBERS = {"1": "help-and-protection", "2": "looked-after-and-permanence",
                 "2.1": "adoption-performance", "2.2": "care-leavers",
                 "3": "leadership-management-governance"}
_LA_AREAS = tuple(_AREA_NUMBERS.values())

_TABLE_ROW_RE = re.compile(
    rf"^[ \t]*(?P<num>[123](?:\.[12])?)\.?[ \t]+(?P<label>[A-Z][^\n\t]*?)[ \t]+"
    rf"(?P<grade>{GRADE})[ \t]*$", re.M | re.I)
_CONTENTS_RE = re.compile(r"^[ ]*Contents\b", re.M)
# Section headings in the body that restate a grade ("... are good", "...\n\nGood").
_BODY_AREA_RE = re.compile(
    r"^[ ]*(?P<label>(?:The\s+experiences\s+and\s+progress\s+of\s+)?children\s+(?:who\s+need"
    r"\s+help\s+and\s+protection|looked\s+after\s+and\s+achieving\s+permanence)"
    r"|Leadership,\s+management\s+and\s+governance)"
    rf"(?:[ \t]+|[ \t]*\n\s*)(?:(?:is|are)\s+)?(?P<grade>{GRADE})\.?[ ]*$",
    re.M | re.I)
_GRADED_SENTENCE_RE = _rx(
    rf"The graded judge?ment (?:for|about) (?:the )?(?P<label>adoption performance"
    rf"|experiences? and progress of care leavers) is (?:that it is )?(?P<grade>{GRADE})")
_OVERALL_RES = (
    _rx(rf"(?P<label>The overall judgement) is (?:that )?(?:(?:the )?children's services "
        rf"(?:are|is) )?(?P<grade>{GRADE})"),
    _rx(rf"(?P<label>Children's services in [A-Z][^\n.]{{1,80}}?) (?:are|is) (?P<grade>{GRADE})"),
)
_LSCB_RE = re.compile(
    r"^[ ]*(?P<label>(?:The\s+effectiveness\s+of\s+)?the\s+(?:Local\s+Safeguarding\s+Children"
    r"\s+Board|LSCB)(?:\s+\(LSCB\))?)\s+(?:is\s+)?"
    rf"(?P<grade>{GRADE})\b",
    re.M | re.I)


def _area_of(label: str) -> str | None:
    lowered = squash(label).lower()
    return next((slug for words, slug in _AREA_WORDS if words in lowered), None)


def _judgement(text: SourceText, match: re.Match[str], scope: str, area: str,
               label: str) -> Judgement | None:
    grade = _grade(match["grade"])
    if grade is None:
        return None
    return Judgement(scope, area, squash(label), grade, squash(match["grade"]),
                     text.match_span(match))


def _judgements(text: SourceText, source: str, report: Report, has_lscb: bool) -> None:
    """Overall, the five area grades and the LSCB grade, cross-checked against the body."""
    clean = text.clean
    contents = _CONTENTS_RE.search(clean, 0, 8000)
    head_end = contents.start() if contents else min(len(clean), 8000)

    overall = [m for pattern in _OVERALL_RES for m in pattern.finditer(clean)]
    overall.sort(key=lambda m: m.start())
    if not overall:
        raise ParseError(source, "no overall effectiveness judgement")
    first = overall[0]
    found = [_judgement(text, first, "local-authority", "overall-effectiveness",
                        first["label"])]
    _cross_check(report, "overall effectiveness", first, overall[1:])

    table: dict[str, re.Match[str]] = {}
    body_start = 0
    for row in _TABLE_ROW_RE.finditer(clean, 0, head_end):
        numbered = _AREA_NUMBERS.get(row["num"])
        area = _area_of(row["label"]) or numbered
        if area is None:
            continue
        body_start = row.end()
        if area != numbered:
            report.warnings.append(f"grade table row {row['num']} '{squash(row['label'])}' "
                                   f"does not match its number")
        table.setdefault(area, row)
    body: dict[str, list[re.Match[str]]] = {}
    for pattern in (_BODY_AREA_RE, _GRADED_SENTENCE_RE):
        for m in pattern.finditer(clean, body_start):
            stated = _area_of(m["label"])
            if stated:
                body.setdefault(stated, []).append(m)
    for area in _LA_AREAS:
        statements = body.get(area, [])
        chosen = table.get(area) or (statements[0] if statements else None)
        if chosen is None:
            raise ParseError(source, f"no judgement for {vocab.AREA_SCHEMES['sif'][area].label}")
        found.append(_judgement(text, chosen, "local-authority", area, chosen["label"]))
        _cross_check(report, vocab.AREA_SCHEMES["sif"][area].label, chosen, statements)

    lscb = list(_LSCB_RE.finditer(clean))
    if lscb:
        found.append(_judgement(text, lscb[0], "lscb", "lscb-effectiveness", lscb[0]["label"]))
        _cross_check(report, "LSCB effectiveness", lscb[0], lscb[1:])
    elif has_lscb:
        raise ParseError(source, "no LSCB effectiveness judgement")
    for judgement, where in zip(found, ["overall effectiveness", *_LA_AREAS, "LSCB"],
                                strict=False):
        if judgement is None:
            raise ParseError(source, f"unknown grade for {where}")
        report.judgements.append(judgement)


def _cross_check(report: Report, what: str, chosen: re.Match[str],
                 others: list[re.Match[str]]) -> None:
    for other in others:
        if _grade(other["grade"]) != _grade(chosen["grade"]):
            report.warnings.append(
                f"{what}: '{squash(chosen.group())}' but also '{squash(other.group())}'")


# --- recommendations --------------------------------------------------------------------

_LA_RECS_RE = _line(r"What does the local authority need to improve\?|Recommendations")
_LSCB_SECTION_RE = _line(r"Section 2:[^\t\n]*|The Local Safeguarding Children Board \(LSCB\)")
_LSCB_RECS_RE = _line(r"What does the LSCB need to improve\?|Recommendations"
                      r"|Areas for improvement")
_STOP_RE = _line(
    r"The local authority'?s strengths|Information about this (?:inspection|local authority area)"
    r"|Summary for children and young people|Progress since the last inspection"
    r"|Inspection (?:judgements?|findings)\b[^\t\n]*|Key strengths and weaknesses[^\t\n]*"
    r"|What the inspection judge?ments mean[^\t\n]*|Summary of (?:key )?findings"
    r"|Executive summary|Section \d+:[^\t\n]*|The experiences and progress[^\t\n]*"
    r"|The Local Safeguarding Children Board \(LSCB\)|What does the LSCB need to improve\?")
_ITEM_RE = re.compile(r"[ \t]*(?:[-\u2022][ \t]+)?(?P<num>\d{1,3})\.[ \t]+(?=\S)")
_BULLET_RE = re.compile(r"[ \t]*[-\u2022][ \t]+(?=\S)")


@dataclass
class _Item:
    number: int | None
    start: int
    end: int
    pieces: list[str]


def _recommendations(text: SourceText, start: int, end: int, addressee: str
                     ) -> list[Recommendation]:
    """Numbered items in clean ``[start, end)``; bullets if none is numbered.

    A line that starts in lower case, or follows an item not ended by a full stop, continues
    that item (page breaks leave such continuations looking like "- their suitability...").
    Any other line (a sub-heading, a remark) closes the current item.
    """
    lines = [m for m in re.finditer(r"[^\n]*\S[^\n]*", text.clean[start:end])
             if not m.group().strip().isdigit()]  # skip running page numbers
    numbered = any(_ITEM_RE.match(m.group()) for m in lines)
    items: list[_Item] = []
    current: _Item | None = None
    for line in lines:
        printed = line.group()
        bullet = _BULLET_RE.match(printed)
        body = printed[bullet.end():] if bullet else printed.lstrip()
        continues = current is not None and (
            body[:1].islower() or not current.pieces[-1].rstrip().endswith((".", "!", "?", ")")))
        item = _ITEM_RE.match(printed) if numbered else (None if continues else bullet)
        if item:
            number = int(item["num"]) if numbered else None
            current = _Item(number, start + line.start() + item.end(), start + line.end(),
                            [printed[item.end():]])
            items.append(current)
        elif continues and current is not None:
            current.end = start + line.end()
            current.pieces.append(body)
        else:
            current = None
    return [Recommendation(squash(" ".join(i.pieces)), addressee, text.span(i.start, i.end),
                           number=i.number) for i in items]


def _section_end(text: SourceText, start: int) -> int:
    stop = _STOP_RE.search(text.clean, start)
    return stop.start() if stop else len(text.clean)


# --- team -------------------------------------------------------------------------------

_TEAM_RE = _line("The inspection team")
_ROLE_RE = re.compile(r"^[ ]*(?P<role>[A-Z][A-Za-z ]{2,40}?)[ ]*:[ \t]*", re.M)
_ROLES = {
    "lead inspector": "lead-inspector",
    "deputy lead inspector": "deputy-lead-inspector",
    "team inspector": "team-inspector",
    "team inspectors": "team-inspector",
    "senior data analyst": "senior-data-analyst",
    "quality assurance manager": "quality-assurance-manager",
    "shadow inspector": "shadow-inspector",
    "shadow inspectors": "shadow-inspector",
}
_LIST_SEP_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+|;\s*")
_TEAM_SIZE_RE = _rx(r"The inspection team consisted of (?P<hmi>\w+) of (?:Her|His) Majesty's "
                    r"Inspectors(?: \(HMI\))?(?: from Ofsted)?(?: and (?P<ai>\w+) additional "
                    r"inspectors?)?")


def _names_end(clean: str, start: int, limit: int) -> int:
    """Where a name list starting at ``start`` ends: at a blank line, unless the list broke
    there inside a name ("... Russ Henry, Ali\\n\\nMekki and Gary Lamb AI")."""
    end = start
    for para in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", clean[start:limit]):
        if end > start:
            last_piece = _LIST_SEP_RE.split(clean[start:end])[-1].split()
            if len(last_piece) != 1 or not para.group()[:1].isupper():
                break
        end = start + para.end()
    return end


def _team(text: SourceText, report: Report) -> None:
    clean = text.clean
    heading = _TEAM_RE.search(clean)
    if not heading:
        report.warnings.append("no 'The inspection team' section")
        return
    limit = min(len(clean), heading.end() + 1500)
    labels = [m for m in _ROLE_RE.finditer(clean, heading.end(), limit)]
    for i, label in enumerate(labels):
        printed = squash(label["role"])
        role = _ROLES.get(printed.lower())
        if role is None:
            report.warnings.append(f"unknown team role '{printed}'")
            continue
        next_start = labels[i + 1].start() if i + 1 < len(labels) else limit
        end = _names_end(clean, label.end(), next_start)
        piece_start = label.end()
        for sep in [*_LIST_SEP_RE.finditer(clean, label.end(), end), None]:
            piece_end = sep.start() if sep else end
            name, additional = clean_person_name(clean[piece_start:piece_end])
            if name[:1].isupper():
                words = r"\s+".join(re.escape(w) for w in name.split())
                found = re.compile(words).search(clean, piece_start, piece_end)
                span = text.match_span(found) if found else text.span(piece_start, piece_end)
                report.team.append(TeamMember(name, role, printed, span, additional))
            piece_start = sep.end() if sep else end
    _check_team_size(clean, report)


def _check_team_size(clean: str, report: Report) -> None:
    size = _TEAM_SIZE_RE.search(clean)
    if not size:
        return
    inspectors = [m for m in report.team
                  if m.role in ("lead-inspector", "deputy-lead-inspector", "team-inspector")]
    hmi = _number(size["hmi"])
    ai = _number(size["ai"]) if size["ai"] else Decimal(0)
    n_ai = sum(m.additional_inspector for m in inspectors)
    if hmi != len(inspectors) - n_ai or ai != n_ai:
        report.warnings.append(f"'{squash(size.group())}' but the team lists "
                               f"{len(inspectors) - n_ai} HMI and {n_ai} additional inspectors")


# --- posts, previous inspections, key figures -------------------------------------------

_WHEN = rf"(?:{MONTH_RE} )?\d{{4}}"
_POST_RE = _rx(
    rf"The (?P<post>director of children's services|DCS|(?:independent )?chair of the "
    rf"(?:LSCB|Local Safeguarding Children Board)|(?:independent )?LSCB chair|chief executive)"
    rf"(?: \(DCS\))? has been in post since (?P<when>{_WHEN})")
_PREVIOUS_RE = re.compile(
    (r"\bThe (?i:previous|last) (?i:Ofsted )?(?i:inspection) of (?P<what>[^.]{3,160}?) "
     rf"(?i:was) (?i:in|on|carried out in) (?P<when>{_WHEN})"
     r"(?:(?:\. The local authority was judged (?:to be )?|,? and (?:was )?judged "
     r"(?:the )?(?:local authority provision |it )?(?:as |to be )?)"
     rf"(?P<grade>{GRADE}|adequate|satisfactory))?").replace(" ", r"\s+"),
    re.I)
# Kind of an earlier inspection from its printed subject; first hit wins. The 2012-2013
# "inspection of local authority arrangements for the protection of children" is a
# child-protection inspection (the Cheshire West report calls it "the 2012 child
# protection inspection").
_PREVIOUS_KINDS = (
    ("safeguarding and looked after", "safeguarding-and-looked-after-children"),
    ("protection of children", "child-protection"),
    ("child protection", "child-protection"),
    ("safeguarding", "safeguarding"),
    ("looked after", "looked-after-children"),
    ("children in care", "looked-after-children"),
    ("adoption", "adoption"),
    ("fostering", "fostering"),
)


def _posts(text: SourceText, report: Report) -> None:
    for m in _POST_RE.finditer(text.clean):
        printed = squash(m["post"]).lower()
        post = ("director-of-childrens-services" if "director" in printed or printed == "dcs"
                else "lscb-chair" if "chair" in printed else "chief-executive")
        report.posts.append(Post(post, text.match_span(m), since=month_year(m["when"])))


def _previous(text: SourceText, report: Report) -> None:
    seen: set[tuple[str, str | None]] = set()
    for m in _PREVIOUS_RE.finditer(text.clean):
        what = squash(m["what"]).lower()
        kind = next((k for words, k in _PREVIOUS_KINDS if words in what), None)
        if kind is None:
            report.warnings.append(f"previous inspection of unknown kind: '{squash(m.group())}'")
            continue
        grade = None
        if m["grade"]:
            grade = _grade(m["grade"]) or vocab.grade_slug(m["grade"], "adequate-scale")
            if grade is None:
                report.warnings.append(f"previous {kind} grade '{m['grade']}' is on no scale")
        when = month_year(m["when"])
        if (kind, when) not in seen:
            seen.add((kind, when))
            report.previous.append(PreviousInspection(kind, text.match_span(m), when, grade))


_AREA_INFO_RE = _line("Information about this local authority area")
_AREA_INFO_END_RE = _line(
    r"Inspection judgements? about the local authority|Recommendations|Summary for children "
    r"and young people|What does the local authority need to improve\?"
    r"|The experiences and progress[^\t\n]*")
_DATE = rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)? {MONTH_RE} \d{{4}})"
_NUM = r"(?P<v>\d[\d,]*|(?:less than |fewer than )?[a-z]+)"
_PCT = r"(?P<v>\d+(?:\.\d+)?)"
_FIGURE_RES = tuple((measure, _rx(pattern)) for measure, pattern in (
    ("children-under-18", rf"{_NUM} children and young people under the age of 18"),
    ("children-in-need", rf"At {_DATE},? {_NUM} children had been identified through "
                         rf"assessment as being formally in need"),
    ("child-protection-plans", rf"At {_DATE},? {_NUM} children and young people were the "
                               rf"subject of a child protection plan"),
    ("private-fostering", rf"At {_DATE},? {_NUM} (?:children|child) lived in a privately "
                          rf"arranged fostering placement"),
    ("children-looked-after", rf"At {_DATE},? {_NUM} children (?:are|were) being looked after "
                              rf"by the local authority \(a rate of (?P<rate>\d+(?:\.\d+)?) "
                              rf"per 10,000"),
    ("minority-ethnic-children", rf"minority ethnic groups account for {_PCT}%"),
    ("adoptions", rf"\b{_NUM} adoptions\b"),
))
# Percentages printed as two sub-bullets under an introducing line.
_SPLIT_FIGURE_RES = (
    (_rx(r"entitled to free school meals"), "free-school-meals"),
    (_rx(r"English as an additional language"), "eal"),
)
_PHASE_RE = _rx(rf"in (?P<phase>primary|secondary) schools is {_PCT}%")


def _figures(text: SourceText, report: Report) -> None:
    clean = text.clean
    heading = _AREA_INFO_RE.search(clean)
    if not heading:
        report.warnings.append("no 'Information about this local authority area' section")
        return
    stop = _AREA_INFO_END_RE.search(clean, heading.end())
    end = stop.start() if stop else min(len(clean), heading.end() + 8000)
    for measure, pattern in _FIGURE_RES:
        m = pattern.search(clean, heading.end(), end)
        if not m:
            report.warnings.append(f"key figure '{measure}' not found")
            continue
        value = _number(m["v"])
        if value is None:
            report.warnings.append(f"key figure '{measure}' printed as '{squash(m['v'])}', "
                                   f"not a number: not recorded")
            continue
        as_at = _date(m["date"]) if "date" in pattern.groupindex else None
        rate = Decimal(m["rate"]) if "rate" in pattern.groupindex else None
        report.figures.append(KeyFigure(measure, value, text.match_span(m), as_at, rate))
    for intro_re, prefix in _SPLIT_FIGURE_RES:
        intro = intro_re.search(clean, heading.end(), end)
        if not intro:
            report.warnings.append(f"key figures '{prefix}-*' not found")
            continue
        for m in _PHASE_RE.finditer(clean, intro.end(), min(end, intro.end() + 400)):
            report.figures.append(KeyFigure(f"{prefix}-{m['phase'].lower()}", Decimal(m["v"]),
                                            text.match_span(m)))


def _date(printed: str) -> date | None:
    m = SINGLE_DATE_RE.search(printed)
    if not m:
        return None
    try:
        return date(int(m["y"]), month_number(m["m"]), int(m["d"]))
    except ValueError:
        return None


# --- the report -------------------------------------------------------------------------


def parse(text: SourceText, source: str) -> Report:
    """Parse a SIF report (with its LSCB review, when combined) into a :class:`Report`."""
    authority = _authority(text, source)
    clean = text.clean
    label = _DATES_LABEL_RE.search(clean, 0, 8000)
    window = (label.end(), label.end() + 120) if label else (0, min(len(clean), 4000))
    start, end = parse_date_range(text, *window, source)
    report = Report(source, FRAMEWORK, authority, start, end)
    if start.value > end.value:
        report.warnings.append(f"inspection starts after it ends: '{start.span.quote}'")
    published = _PUBLISHED_LABEL_RE.search(clean, 0, 8000)
    if published:
        report.published = parse_single_date(text, published.end(), published.end() + 60,
                                             source)
    if report.published is None:
        report.warnings.append("no 'Report published' date printed")
    elif report.published.value < end.value:
        report.warnings.append("report published before the inspection ended")

    has_lscb = bool(_LSCB_TITLE_RE.search(clean, 0, 4000))
    _judgements(text, source, report, has_lscb)
    _team(text, report)

    # Contents entries end in tabs or page numbers, so these whole-line headings skip them.
    lscb_section = _LSCB_SECTION_RE.search(clean)
    lscb_start = lscb_section.start() if lscb_section else len(clean)
    la_heading = _LA_RECS_RE.search(clean, 0, lscb_start)
    if la_heading:
        report.recommendations += _recommendations(
            text, la_heading.end(), _section_end(text, la_heading.end()), "local-authority")
    if not any(r.addressee == "local-authority" for r in report.recommendations):
        report.warnings.append("no recommendations to the local authority found")
    lscb_heading = _LSCB_RECS_RE.search(clean, lscb_start) if lscb_section else None
    if lscb_heading:
        report.recommendations += _recommendations(
            text, lscb_heading.end(), _section_end(text, lscb_heading.end()), "lscb")
    if has_lscb and not any(r.addressee == "lscb" for r in report.recommendations):
        report.warnings.append("no recommendations to the LSCB found")

    _posts(text, report)
    if not any(p.post == "director-of-childrens-services" for p in report.posts):
        report.warnings.append("no Director of Children's Services tenure printed")
    _previous(text, report)
    _figures(text, report)
    return report

