"""Pieces every framework's parser shares: dates, names, team lines, grade words."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date
from typing import NamedTuple

from ofsted_kg.errors import ParseError, UnknownAuthority
from ofsted_kg.model.councils import resolve_authority
from ofsted_kg.model.records import DatedFact, Post, Span, TeamMember
from ofsted_kg.source.text import SourceText, squash


def _english_month_names() -> list[str]:
    """The month names, "january" .. "december": calendar's names in the C locale, which are English
    whatever locale the process runs in (reports are printed in English)."""
    with calendar.different_locale(("C", None)):  # (language, encoding): "C"
        return [calendar.month_name[number].lower() for number in range(1, 13)]


MONTHS = {name: number for number, name in enumerate(_english_month_names(), start=1)}


def _month_pattern(name: str) -> str:
    """A month's name in full or cut to three letters ("Jan", "Jan."), September's to four
    too ("Sept"), as a table or a form abbreviates it; never the start of a longer word
    ("Marie", "Decision")."""
    full, short = name.capitalize(), name[:3].capitalize()
    if full == short:  # May
        return full
    sept = "t?" if name == "september" else ""
    return rf"(?:{full}|{short}{sept}\.?)(?![A-Za-z])"


MONTH_RE = "(?:" + "|".join(_month_pattern(m) for m in MONTHS) + ")"

# "19 - 26 March 2012", "14 January - 5 February 2014", "24 November 2015 - 17 December 2015",
# "21 November to 2 December 2022", "8 to 19 July 2019"; a weekday before a day or a comma
# before a year ("Monday 15 to Friday 19 July, 2013") as letters and forms print them.
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATE_RANGE_RE = re.compile(
    rf"{_WEEKDAY}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<m1>{MONTH_RE})?(?:\s*,?\s*(?P<y1>\d{{4}}))?"
    # the dash may be lost after a month, as a copy of the text drops it ("18 November 10
    # December 2014", Hull's LSCB review, 2014)
    rf"(?:\s*(?:-|to|until|and)\s*|(?<=[A-Za-z.])\s+(?=\d)){_WEEKDAY}"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<m2>{MONTH_RE})\s*,?\s*(?P<y2>\d{{4}})",
    re.I,
)
SINGLE_DATE_RE = re.compile(
    rf"{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{MONTH_RE}),?\s+(?P<y>\d{{4}})", re.I
)
MONTH_YEAR_RE = re.compile(rf"(?P<m>{MONTH_RE})\s+(?P<y>\d{{4}})", re.I)
# Dates written in figures, day first as in England ("19/06/2017 to 30/06/2017",
# "19.06.2017 - 30.06.2017"), as a form or a copy may print them: read where no date in
# words is printed.
NUMERIC_RANGE_RE = re.compile(
    r"(?P<d1>\d{1,2})(?P<s1>[/.])(?P<m1>\d{1,2})(?P=s1)(?P<y1>\d{4})\s*(?:-|to|until)\s*"
    r"(?P<d2>\d{1,2})(?P<s2>[/.])(?P<m2>\d{1,2})(?P=s2)(?P<y2>\d{4})"
)


def end_of_line(clean: str, pos: int, limit: int) -> int:
    """Where the line holding ``pos`` ends (its newline), or ``limit`` if sooner."""
    newline = clean.find("\n", pos, limit)
    return newline if newline >= 0 else limit


# Page 1's dates label (2009-2018 reports): "Inspection dates:", "Inspection date",
# "Dates of inspection:", "Inspection dates -".
DATES_LABEL = r"Inspection\s+dates?\s*[:-]?|Dates?\s+of\s+(?:the\s+)?inspection\s*[:-]?"


def month_number(name: str) -> int:
    """1-12 for a month's name, in full or abbreviated ("Sept." is 9), or its number as
    printed in a date in figures ("06"; a number past 12 is 0, an impossible month)."""
    lower = name.lower()
    if lower.isdigit():
        return int(lower) if 1 <= int(lower) <= 12 else 0
    return MONTHS[lower] if lower in MONTHS else _MONTH_BY_ABBREVIATION[lower[:3]]


_MONTH_BY_ABBREVIATION = {name[:3]: number for name, number in MONTHS.items()}


def parse_date_range(
    text: SourceText, start: int, end: int, source: str
) -> tuple[DatedFact, DatedFact]:
    """Find the first date range in clean ``[start, end)``; the year may be printed once."""
    match = DATE_RANGE_RE.search(text.clean, start, end) or NUMERIC_RANGE_RE.search(
        text.clean, start, end
    )
    if not match:
        raise ParseError(source, "no inspection date range found")
    first, last = _range_dates(match, source)
    span = text.match_span(match)
    return DatedFact(first, span), DatedFact(last, span)


# Between the ranges of an inspection printed in parts: "... 2024 and 13 to 16 January 2025".
_RANGE_JOIN = r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)"
_RANGE_JOIN_RE = re.compile(_RANGE_JOIN, re.I)
# A first part printed without its year, the year printed once at the end: "7 to 11 March
# and 21 to 25 March 2022", "2-6 and 16-20 May 2016".
_YEARLESS_RANGE_RE = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<m1>{MONTH_RE})?\s*(?:-|to)\s*"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<m2>{MONTH_RE})?{_RANGE_JOIN}",
    re.I,
)


class InspectionDates(NamedTuple):
    """An inspection's first and last days, and its days on site: every day of each part
    it was printed in ("8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019":
    7 days, not the 32 from first to last)."""

    start: DatedFact
    end: DatedFact
    days_on_site: int


def parse_date_ranges(text: SourceText, start: int, end: int, source: str) -> InspectionDates:
    """The first day of the first date range in clean ``[start, end)`` and the last day of
    the last range joined to it by "and" or a comma (an inspection paused and resumed:
    "30 September to 11 October 2024 and 13 to 16 January 2025"; the first part may print
    no year: "7 to 11 March and 21 to 25 March 2022"); the span covers them all.
    """
    match = DATE_RANGE_RE.search(text.clean, start, end) or NUMERIC_RANGE_RE.search(
        text.clean, start, end
    )
    if not match:
        raise ParseError(source, "no inspection date range found")
    first, last = _range_dates(match, source)
    days = (last - first).days + 1
    begin, stop = match.start(), match.end()
    yearless = next(
        (
            m
            for m in _YEARLESS_RANGE_RE.finditer(text.clean, start, match.start())
            if m.end() == match.start()
        ),
        None,
    )
    if yearless:
        month = month_number(yearless["m1"] or yearless["m2"] or match["m1"] or match["m2"])
        later = month_number(yearless["m2"] or yearless["m1"] or match["m1"] or match["m2"])
        year = first.year - 1 if month > first.month else first.year  # "December and ... January"
        try:
            first = date(year, month, int(yearless["d1"]))
            part_end = date(year + (later < month), later, int(yearless["d2"]))
        except ValueError as exc:
            raise ParseError(source, f"impossible inspection date: {exc}") from None
        days += (part_end - first).days + 1
        begin = yearless.start()
    while (join := _RANGE_JOIN_RE.match(text.clean, stop, end)) and (
        following := DATE_RANGE_RE.match(text.clean, join.end(), end)
    ):
        part_start, last = _range_dates(following, source)
        days += (last - part_start).days + 1
        stop = following.end()
    span = text.span(begin, stop)
    return InspectionDates(DatedFact(first, span), DatedFact(last, span), days)


def _range_dates(match: re.Match[str], source: str) -> tuple[date, date]:
    """The two dates of a :data:`DATE_RANGE_RE` match; the first's month and year default
    to the second's (the year before when its month is later)."""
    y2 = int(match["y2"])
    m2 = month_number(match["m2"])
    m1 = month_number(match["m1"]) if match["m1"] else m2
    y1 = int(match["y1"]) if match["y1"] else (y2 if m1 <= m2 else y2 - 1)
    try:
        return date(y1, m1, int(match["d1"])), date(y2, m2, int(match["d2"]))
    except ValueError as exc:
        raise ParseError(source, f"impossible inspection date: {exc}") from None


def parse_single_date(text: SourceText, start: int, end: int, source: str) -> DatedFact | None:
    """The first "5 February 2014" style date in clean ``[start, end)``, or None."""
    match = SINGLE_DATE_RE.search(text.clean, start, end)
    if not match:
        return None
    try:
        value = date(int(match["y"]), month_number(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise ParseError(source, f"impossible date: {exc}") from None
    return DatedFact(value, text.match_span(match))


def month_year(phrase: str) -> str | None:
    """``"July 2010"`` -> ``"2010-07"``; a bare year -> ``"2010"``; else None."""
    match = MONTH_YEAR_RE.search(phrase)
    if match:
        return f"{match['y']}-{month_number(match['m']):02d}"
    year = re.search(r"\b(19|20)\d\d\b", phrase)
    return year.group(0) if year else None


# --- people's names -------------------------------------------------------------------

# Letters of names as printed: ASCII, Latin-1 and Latin Extended-A (Máire, Zoë, Łucja).
_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u017f"
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u017f"
# Particles inside a surname ("de Souza", "van der Berg", "ap Gwilym"), printed in lower
# case or capitalised ("Anna De La Cruz"): not counted as capitalised words.
_PARTICLE_WORDS = [
    "de",
    "da",
    "di",
    "do",
    "du",
    "del",
    "della",
    "der",
    "den",
    "des",
    "dos",
    "das",
    "la",
    "le",
    "van",
    "von",
    "ten",
    "ter",
    "bin",
    "al",
    "el",
    "ap",
    "ab",
]
_PARTICLES = "|".join([*_PARTICLE_WORDS, *(w.capitalize() for w in _PARTICLE_WORDS)])
_WORD = rf"[{_UPPER}][{_LETTER}'-]*"  # "J", "McLaughlin", "O'Neill", "Porter-Moore"
_LAST = rf"[{_UPPER}][{_LETTER}'-]*[{_LETTER}]"  # a surname: two letters at least
# A full name: a capitalised first word, at most one more capitalised given name, the
# surname, and particles between. Four capitalised words are two people run together.
# The SHACL shape of an inspector's name uses this same pattern (no look-arounds: the
# SPARQL validator runs it in Oxigraph, the pyshacl one in Python).
# Plain groups only, for every regex engine that runs it.
NAME_PATTERN = rf"^{_WORD}( ({_PARTICLES}))*( {_WORD}( ({_PARTICLES}))*)? {_LAST}$"
# Words that say what a person is, never who: titles, markers, roles.
# Matched case-insensitively; the shape's SPARQL constraint uses it too.
NOT_NAME_PATTERN = (
    r"^(mr|mrs|ms|miss|mx|dr|prof)[.]? "
    r"|(^| )(hmi|shmi|ai|oi|inspectors?|additional|associate|contracted|seconded"
    r"|designated?|acting|interim|majesty's|deputy|director|manager|regulatory|ofsted"
    r"|analyst|n/a|social|care|children|services|council|team)( |$)"
)
_NAME_RE = re.compile(NAME_PATTERN)
_NOT_NAME_RE = re.compile(NOT_NAME_PATTERN, re.I)


def is_person_name(name: str) -> bool:
    """Whether ``name`` (as :func:`clean_person_name` leaves it) is one person's full name.

    Accepted: "Brenda McLaughlin", "Dominic Porter-Moore", "Máire O'Neill", "Ana de Souza",
    "J Smith". Refused: a first name alone, a role or marker ("acting", "HMI"), a title,
    "n/a", a single letter, and two names run together ("Jane Smith John Doe").
    """
    return bool(_NAME_RE.match(name)) and not _NOT_NAME_RE.search(name)


# Markers printed after a name: "(Additional Inspector)", "AI", "(OI)" (an Ofsted Inspector,
# the contracted inspectors' name from 2015), "HMI", "His Majesty's Inspector".
_AI_RE = re.compile(
    r"\s*\((?:Additional Inspector|Ofsted Inspector|AI|OI)\)|\s+(?-i:AI|OI)\b", re.I
)
_TITLE_RE = re.compile(
    r",?\s*(?:Senior\s+(?:HMI|H(?:er|is)\s+Majesty's\s+Inspector)|\(?S?HMI\)?|"
    r"Her\s+Majesty's\s+Inspector|His\s+Majesty's\s+Inspector|"
    r"Social Care Regulatory Inspector|Ofsted Inspector)\b\)?",
    re.I,
)
_NAME_SPLIT_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+|;\s*|\s*\n\s*\n\s*")
# Honorifics before a name ("Ms Jane Smith", "Dr. A Patel").
_HONORIFIC_RE = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+(?=[A-Z])")


def clean_person_name(raw_name: str) -> tuple[str, bool]:
    """A printed name in one normal form, and whether it was an additional inspector.

    The same person printed differently in two reports must give the same name (person
    IRIs are minted from it): markers ("HMI", "Senior HMI", "(Additional Inspector)") and
    honorifics ("Ms", "Dr") go, curly apostrophes become straight, a hyphen broken over a
    line is rejoined ("Jacobs- Walls"), and initials lose their full stops ("J. Smith").
    The result may still be no name at all: check it with :func:`is_person_name`.
    """
    name = re.sub("[\u2018\u2019\u02bc]", "'", raw_name)
    name = re.sub("[\u2010\u2011\u2013]", "-", name)
    additional = bool(_AI_RE.search(name))
    name = _AI_RE.sub("", name)
    name = _TITLE_RE.sub("", name)
    name = squash(name).strip(" .,:;()")
    name = _HONORIFIC_RE.sub("", name)
    name = re.sub(r"\s*-\s+|\s+-\s*", "-", name)
    name = re.sub(r"\b([A-Z])\.\s*(?=[A-Z])", r"\1 ", name)
    return name, additional


# What follows a masthead's names, where a copy joins page 1's lines ("Lead inspector: Joy
# Howick Her Majesty's Inspector Judgement Grade The impact ...", "Reporting inspector
# Helen Cawston HMI Age group: All"): the names end there.
_MASTHEAD_NAMES_END_RE = re.compile(
    r"\s(?:H(?:is|er)\s+Majesty['\u2019]s\s+Inspector|Judgements?\s+Grades?|Age\s+group"
    r"|Inspection\s+dates?)\b",
    re.I,
)


def masthead_names_end(clean: str, start: int, end: int) -> int:
    """Where the names after a masthead's role label at ``start`` end: ``end``, or before
    the words that follow them on a joined line (:data:`_MASTHEAD_NAMES_END_RE`)."""
    found = _MASTHEAD_NAMES_END_RE.search(clean, start, end)
    return found.start() if found else end


def team_members(
    text: SourceText, start: int, end: int, role: str, role_as_printed: str
) -> list[TeamMember]:
    """Every person's name in clean ``[start, end)``, a list like "A, B (Additional
    Inspector) and C"; pieces that are not a full name (markers, titles) are left out.

    A name broken over a line comes out whole: line breaks inside the list are spaces.
    """
    members: list[TeamMember] = []
    piece_start = start
    for separator in [*_NAME_SPLIT_RE.finditer(text.clean, start, end), None]:
        piece_end = separator.start() if separator else end
        piece = text.clean[piece_start:piece_end]
        name, additional = clean_person_name(piece)
        if is_person_name(name):
            span = name_span(text, piece_start, piece_end, name)
            members.append(TeamMember(name, role, role_as_printed, span, additional))
        if separator:
            piece_start = separator.end()
    return members


def names_one_to_a_line(clean: str, start: int, end: int) -> list[tuple[int, int]] | None:
    """A list entry ``[start, end)`` that is no one name but names one to a line
    ("Katheryn Gethin" / "Dean" / "Jennings"): each name's clean offsets, a line joined to
    the next while it is no full name alone (a name wrapped over a line). None when its
    lines are not names so."""
    lines = [
        (start + m.start(), start + m.end())
        for m in re.finditer(r"[^\n]*\S[^\n]*", clean[start:end])
    ]
    names: list[tuple[int, int]] = []
    begin = None
    for line_start, line_end in lines:
        begin = line_start if begin is None else begin
        if is_person_name(clean_person_name(clean[begin:line_end])[0]):
            names.append((begin, line_end))
            begin = None
    return names if len(names) > 1 and begin is None else None


def name_span(text: SourceText, start: int, limit: int, name: str) -> Span:
    """Span from ``start`` that covers ``name`` even when its words are split by a line
    break (or its hyphen, "Porter-\nMoore"); the whole piece if the name is not found."""
    words = [re.escape(w).replace(r"\-", r"-\s*") for w in name.split()]
    match = re.compile(r"\s+".join(words)).search(text.clean, start, limit)
    if match:
        return text.match_span(match)
    return text.span(start, limit)


# Printed team roles, most specific first, and their slugs in vocab.ROLES.
ROLE_SLUGS: tuple[tuple[str, str], ...] = (
    ("deputy lead inspector", "deputy-lead-inspector"),
    ("reporting inspector", "lead-inspector"),
    ("lead inspector", "lead-inspector"),
    ("shadow inspector", "shadow-inspector"),
    ("team inspector", "team-inspector"),
    ("senior data analyst", "senior-data-analyst"),
    ("quality assurance manager", "quality-assurance-manager"),
)
ROLE_RE = re.compile(
    r"\b(?P<role>" + "|".join(p.replace(" ", r"\s+") for p, _ in ROLE_SLUGS) + r")s?\b"
    r"(?:\s*[:-](?!\w))?",  # "Lead inspector:", "Lead inspector - Jane Smith"
    re.I,
)


def role_slug(printed: str) -> str | None:
    """``"Reporting inspector"`` -> ``"lead-inspector"``; None for an unknown role."""
    wanted = " ".join(printed.lower().split()).rstrip("s:")
    for phrase, slug in ROLE_SLUGS:
        if wanted == phrase:
            return slug
    return None


# "The Director of Children's Services has been in post since July 2010",
# "The DCS was appointed in April 2013", "the chief executive, in post since 2015".
_POST_NAMES: tuple[tuple[str, str], ...] = (
    (
        r"Director\s+of\s+Children'?s\s+Services(?:\s+\(DCS\))?|\bDCS\b",
        "director-of-childrens-services",
    ),
    (
        r"(?:independent\s+)?[Cc]hair\s+of\s+the\s+(?:Local\s+Safeguarding\s+Children\s+Board"
        r"|LSCB)(?:\s+\(LSCB\))?|LSCB\s+chair",
        "lscb-chair",
    ),
    (r"[Cc]hief\s+[Ee]xecutive", "chief-executive"),
)
_TENURE_RE = re.compile(
    r"[^.]{0,60}?(?:in\s+post|appointed|in\s+(?:the|this)\s+role)[^.]{0,30}?"
    rf"\b(?:since|from|in)\s+(?P<when>(?:{MONTH_RE}\s+)?(?:19|20)\d\d)\b",
    re.I,
)


# A holder printed as interim or acting in the post's own statement ("The interim director
# of children's services (DCS) has been in post since August 2016", "The Acting Director
# of Children's Services", "The director of children's services is interim", "An interim
# Chair"), unless the statement also names a current or permanent holder: Herefordshire
# 2022's "the interim director resigned and the current DCS was quickly appointed".
_ACTING_RE = re.compile(r"\b(?:interim|acting)\b", re.I)
_PERMANENT_RE = re.compile(r"\b(?:current|permanent|substantive)\b", re.I)


def holder_acting(statement: str) -> bool:
    """Whether a post's statement prints its holder as interim or acting."""
    return bool(_ACTING_RE.search(statement)) and not _PERMANENT_RE.search(statement)


def find_posts(text: SourceText, start: int, end: int) -> list[Post]:
    """Posts named with their tenure in clean ``[start, end)``, one per post (first wins)."""
    posts: dict[str, Post] = {}
    for pattern, slug in _POST_NAMES:
        for match in re.compile(pattern).finditer(text.clean, start, end):
            if slug in posts:
                break
            tenure = _TENURE_RE.match(text.clean, match.end(), end)
            if tenure:
                span = text.span(match.start(), tenure.end())
                posts[slug] = Post(slug, span, since=month_year(tenure["when"]))
    return list(posts.values())


class Cue(tuple[str, ...]):
    """Plain words (lower case, no full stop) one of which every match of some pattern
    holds: :func:`sentences_with` finds the sentences holding one of them."""


def cue(*words: str) -> Cue:
    """A :class:`Cue` of ``words``, found in any case."""
    if any("." in word for word in words):
        raise ValueError(f"a cue word cannot hold a full stop: {words}")
    return Cue(word.lower() for word in words)


@functools.lru_cache(maxsize=2)
def lowered(clean: str) -> str:
    """``clean`` in lower case, character for character (its offsets are the text's)."""
    low = clean.lower()
    if len(low) == len(clean):
        return low
    # A few letters lower into two characters ("İ"): those are kept as they are.
    return "".join(char.lower() if len(char.lower()) == 1 else char for char in clean)


def _places(low: str, word: str, start: int) -> list[int]:
    """Every offset at or after ``start`` where ``word`` begins in ``low``."""
    found = []
    at = low.find(word, start)
    while at >= 0:
        found.append(at)
        at = low.find(word, at + 1)
    return found


def sentences_with(clean: str, words: Cue, start: int = 0) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of text between full stops (from ``start`` on) that holds
    one of the :func:`cue` ``words``, in order.

    A pattern that cannot match a full stop finds the same matches in these runs as in the
    whole text, if every one of its matches holds one of the words: the long patterns
    then scan a few sentences, not the whole report (lookbehinds and ``\\b`` still see the
    text before a run). Each word is looked for on its own (a plain substring search is
    several times faster than a regular expression of alternatives).
    """
    low = lowered(clean)
    places = sorted({at for word in words for at in _places(low, word, start)})
    runs: list[tuple[int, int]] = []
    end = start  # where the last run ended: a word found before it is in that run
    for at in places:
        if at < end:
            continue
        stop = clean.find(".", at)  # no word holds a full stop: the one after the word
        runs.append((max(start, clean.rfind(".", 0, at) + 1), len(clean) if stop < 0 else stop))
        if stop < 0:
            break
        end = stop
    return runs


def first_in(
    pattern: re.Pattern[str], clean: str, runs: list[tuple[int, int]]
) -> re.Match[str] | None:
    """The first match of ``pattern`` in the ``runs`` of ``clean`` (see :func:`sentences_with`)."""
    for begin, end in runs:
        if match := pattern.search(clean, begin, end):
            return match
    return None


def finditer_in(
    pattern: re.Pattern[str], clean: str, runs: list[tuple[int, int]]
) -> list[re.Match[str]]:
    """Every match of ``pattern`` in the ``runs`` of ``clean`` (see :func:`sentences_with`)."""
    return [match for begin, end in runs for match in pattern.finditer(clean, begin, end)]


def names_a_council(printed: str) -> bool:
    """Whether ``printed`` (lines of a page, squashed) is a name of one of England's
    councils: words above a council's name (a logo's, a reference) are not part of it."""
    try:
        resolve_authority(squash(printed))
    except UnknownAuthority:
        return False
    return True
