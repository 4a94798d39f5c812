"""Recommendations and the inspection team of SIF and LSCB review reports.

Shared by :mod:`.sif` and :mod:`.lscb`. The text reports separate paragraphs with blank
lines; PDF page text is hard-wrapped at about 85 characters with no blank lines, so both
readers work line by line and decide whether a line continues the item (or name list)
above it from its shape, not from blank lines alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ofsted_kg.model import vocab
from ofsted_kg.model.records import Recommendation, Report, TeamMember
from ofsted_kg.parse.common import (
    clean_person_name,
    cue,
    first_in,
    is_person_name,
    name_span,
    names_one_to_a_line,
    role_slug,
    sentences_with,
)
from ofsted_kg.parse.pages import BULLET_RE, ENDS_SENTENCE, first_page_end, page_of
from ofsted_kg.source.text import SourceText, squash

GRADE = r"(?:outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate)"
# The board as a grade line names it: "the Local Safeguarding Children Board (LSCB)", "the
# LSCB", "the Swindon Safeguarding Children Board (SSCB)" (Swindon 2014, Section 2).
# A word every printing of BOARD holds, to find the sentences that may name one.
BOARD_CUE = cue("board", "lscb")
BOARD = (
    r"(?:Local\s+Safeguarding\s+Children(?:'s)?\s+Board|LSCB"
    r"|(?:[A-Z][\w'-]*\s+){1,4}?Safeguarding\s+Children(?:'s)?\s+Board)(?:\s+\([A-Z]{2,8}\))?"
)


def rx(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    """Compile ``pattern`` with every literal space meaning "any whitespace" (PDF wraps).

    A space means ``\\s+``, so write optional words as ``(?:word )?``, never `` ?``.
    """
    return re.compile(pattern.replace(" ", r"\s+"), flags)


def line(pattern: str) -> re.Pattern[str]:
    """A heading that fills its own line, a closing colon printed or not; contents entries
    (ending in a page number) don't.

    The heading is looked for first (its groups unnamed, so it can be written twice):
    most lines fail it in a character or two, while the page-number test reads the line
    to its end (both ways the same matches; parsing 3 ms a report faster)."""
    unnamed = re.sub(r"\(\?P<\w+>", "(?:", pattern)
    return re.compile(
        rf"^(?=[ ]*(?:{unnamed}))(?![^\n]*\s\d{{1,3}}[ ]*$)[ ]*(?:{pattern}):?[ ]*$", re.M | re.I
    )


def grade(printed: str) -> str | None:
    """The SIF grade slug for "Good", "require improvement", "requires improvement to be good"."""
    if re.match(r"requires?\s+improvement", printed, re.I):
        return "requires-improvement"
    return vocab.grade_slug(printed, "sif")


NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        (
            "no",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
} | {"none": 0}


def number(printed: str) -> Decimal | None:
    """``"4,179"`` -> 4179, ``"three"`` -> 3; None for "less than five" and other words."""
    printed = printed.strip()
    if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", printed):
        return Decimal(printed.replace(",", ""))
    value = NUMBER_WORDS.get(printed.lower())
    return Decimal(value) if value is not None else None


# --- pages ------------------------------------------------------------------------------


def heading_body_start(text: SourceText, heading: re.Match[str]) -> int:
    """Where a heading's section starts: after it, or at the top of its page when PDFium put
    the heading (a boxed one) after the page's text as the page's last line."""
    rest = first_page_end(text, heading.end(), len(text.clean))
    if rest >= len(text.clean) or text.clean[heading.end() : rest].strip():
        return heading.end()
    page = page_of(text, heading.start())
    pos = heading.start()
    while pos > 0 and page_of(text, pos - 1) == page:
        pos -= 1
    return pos


# --- recommendations --------------------------------------------------------------------

# A list item's number alone on its line ("11.").
_BARE_NUMBER_RE = re.compile(r"[ \t]*\d{1,3}\.[ \t]*")
_ITEM_RE = re.compile(r"[ \t]*(?:[-\u2022][ \t]+)?(?P<num>\d{1,3})\.[ \t]+(?=\S)")
# "Priority and immediate action" items are to be done at once; "Areas for improvement" not.
_PRIORITY_RE = re.compile(r"^[ ]*Priority\s+and\s+immediate\s+actions?:?[ ]*$", re.I)
_AREAS_RE = re.compile(r"^[ ]*Areas\s+for\s+improvement:?[ ]*$", re.I)
# A numbered line saying there is nothing to do (Swindon 2014: "26. The inspection did not
# find any areas for priority and immediate action."; Portsmouth 2014: "136. No areas were
# identified for immediate improvement.") is not a recommendation.
_NOTHING_RE = re.compile(
    r"(?:The inspection did not (?:find|identify) any|No areas (?:were|have been) identified"
    r"|There (?:are|were) no (?:areas|recommendations))\b",
    re.I,
)


@dataclass
class _Item:
    number: int | None
    start: int
    end: int
    pieces: list[str]
    timescale: str | None
    theme: str | None = None


def _unpunctuated(body: str) -> str:
    """``body`` stripped if it is a short line with no closing punctuation, else ""."""
    body = body.strip()
    return body if len(body) <= 80 and not body.endswith(ENDS_SENTENCE + (",",)) else ""


def _heading_like(body: str) -> bool:
    """A short line that could be a sub-heading: capitalised, no closing punctuation."""
    return _unpunctuated(body)[:1].isupper()


def _heading_end(body: str) -> bool:
    """A line that can end a heading wrapped above it: short, in lower case, no closing
    punctuation ("live in permanent homes", "children")."""
    return _unpunctuated(body)[:1].islower()


# A hyphen left hanging before a conjunction ("pre-" / "and post-adoption") is no compound.
_SUSPENDED_RE = re.compile(r"(?:and|or|to)\b(?!-)")


def _join(pieces: list[str]) -> str:
    """Item text from its lines: whitespace squashed, a line-end compound hyphen kept whole
    unless it hangs before "and", "or" or "to"."""
    text = ""
    for piece in pieces:
        piece = piece.strip()
        if (
            re.search(r"[A-Za-z]-$", text)
            and piece[:1].isalpha()
            and not _SUSPENDED_RE.match(piece)
        ):
            text += piece
        else:
            text = f"{text} {piece}" if text else piece
    return squash(text)


# A section heading after a sentence's end or opening a line, inside a line longer than
# any item (a page joined into one line: "... development plans. Information about this inspection
# Inspectors looked closely at ...", Cambridgeshire 2014 so joined).
_HEADING_INSIDE_RE = re.compile(
    r"(?:(?<=[.!?] )|(?<=\n)|(?<=\n ))(?:Information about this inspection"
    r"|Summary for children and young people|Inspection findings"
    r"|The experiences and progress of|Leadership, management and governance"
    r"|The Local Safeguarding Children Board|Information about (?:this|the) local authority area"
    r"|What does the (?:local authority|LSCB) need to improve)\b"
)
JOINED_LINE_CHARS = 1000  # longer than any list item printed on one line
_JOINED_LINE_RE = re.compile(rf"[^\n]{{{JOINED_LINE_CHARS}}}")


def _joined_section_end(clean: str, start: int, end: int) -> int:
    """``end``, or where a section heading inside a joined page's line ends the list."""
    if not _JOINED_LINE_RE.search(clean, start, end):
        return end  # no line so long: the page's lines are not joined
    for heading in _HEADING_INSIDE_RE.finditer(clean, start, end):
        line_start = clean.rfind("\n", 0, heading.start()) + 1
        line_end = clean.find("\n", heading.end())
        if (len(clean) if line_end < 0 else line_end) - line_start > JOINED_LINE_CHARS:
            return heading.start()
    return end


class _ListReader:
    """Reads a recommendations section line by line (see :func:`recommendations`)."""

    def __init__(self, text: SourceText, start: int, end: int) -> None:
        self.text, self.start = text, start
        end = _joined_section_end(text.clean, start, end)
        self.lines = [
            m
            for m in re.finditer(r"[^\n]*\S[^\n]*", text.clean[start:end])
            if not m.group().strip().isdigit()  # stray page numbers
        ]
        self.numbered = any(_ITEM_RE.match(m.group()) for m in self.lines)
        self.bulleted = not self.numbered  # whether a bullet starts an item
        self.items: list[_Item] = []
        self.current: _Item | None = None
        self.timescale: str | None = None
        self.theme: str | None = None
        self.theme_line = -2  # index of the line that last set the theme
        self.numbers_apart = self.numbers_set_apart()

    def numbers_set_apart(self) -> dict[int, int]:
        """Items whose numbers a converter printed together before their texts (pdfminer:
        "1." ... "11.", then the eleven paragraphs): the index of each paragraph's first
        line and its number, when the run's numbers go up by one and as many paragraphs
        (blank lines between) follow before the section ends or a numbered line; else
        none (which number is whose would be a guess)."""
        found: dict[int, int] = {}
        index = 0
        while index < len(self.lines):
            run = []
            while index < len(self.lines) and _BARE_NUMBER_RE.fullmatch(self.printed(index)):
                run.append(int(self.printed(index).strip()[:-1]))
                index += 1
            if len(run) < 2 or run != list(range(run[0], run[0] + len(run))):
                index += 1
                continue
            starts: list[int] = []
            while index < len(self.lines) and not _ITEM_RE.match(self.printed(index)):
                if _BARE_NUMBER_RE.fullmatch(self.printed(index)):
                    break
                if not starts or self.gap_before(index):
                    starts.append(index)
                index += 1
            if len(starts) == len(run):
                found.update(zip(starts, run, strict=True))
        return found

    def printed(self, index: int) -> str:
        return self.lines[index].group()

    def starts_item(self, index: int) -> bool:
        if index >= len(self.lines):
            return True  # the section ends: a last short line is a heading, not text
        printed = self.printed(index)
        if self.numbered and _ITEM_RE.match(printed):
            return True
        return self.bulleted and bool(BULLET_RE.match(printed))

    def is_heading(self, index: int) -> bool:
        """A short capitalised line followed by an item, or by one or two more lines of a
        heading (another such line, or the heading's wrapped end: "Enable looked after
        children and young people to" / "live in permanent homes") and then an item."""
        if not _heading_like(self.printed(index)):
            return False
        for following in range(index + 1, index + 4):
            if self.starts_item(following):
                return True
            if not _heading_like(self.printed(following)) and not _heading_end(
                self.printed(following)
            ):
                return False
        return False

    def is_theme_item(self, index: int, item: re.Match[str]) -> bool:
        """A numbered line that heads bullets ("1. Leadership and governance" over "- Ensure
        ...", "- Improve ..."): a theme, not an item."""
        body = self.printed(index)[item.end() :]
        following = index + 1 < len(self.lines) and BULLET_RE.match(self.printed(index + 1))
        return _heading_like(body) and not body.rstrip().endswith(":") and bool(following)

    def gap_before(self, index: int) -> bool:
        if index == 0:
            return False
        between = self.text.clean[
            self.start + self.lines[index - 1].end() : self.start + self.lines[index].start()
        ]
        return "\n" in between.replace("\n", "", 1)

    def set_theme(self, index: int, words: str) -> None:
        """The theme heading for the items below; a heading wrapped over two lines (the first
        nearly full) is joined."""
        words = squash(words)
        wrapped = self.theme_line == index - 1 and (
            len(self.printed(index - 1)) > 60 or _heading_end(words)
        )
        self.theme = f"{self.theme} {words}" if wrapped and self.theme else words
        self.theme_line = index

    def read(self) -> list[_Item]:
        for index, found in enumerate(self.lines):
            self.read_line(index, found.group())
        return self.items

    def read_line(self, index: int, printed: str) -> None:
        if _PRIORITY_RE.match(printed) or _AREAS_RE.match(printed):
            self.timescale = "immediately" if _PRIORITY_RE.match(printed) else None
            self.current, self.theme = None, None
            return
        if index in self.numbers_apart:
            start = self.start + self.lines[index].start() + len(printed) - len(printed.lstrip())
            end = self.start + self.lines[index].end()
            number = self.numbers_apart[index]
            self.current = _Item(number, start, end, [printed], self.timescale, self.theme)
            self.items.append(self.current)
            return
        if self.numbers_apart and _BARE_NUMBER_RE.fullmatch(printed):
            return
        bullet = BULLET_RE.match(printed)
        body = printed[bullet.end() :] if bullet else printed.lstrip()
        item = _ITEM_RE.match(printed) if self.numbered else None
        if item and self.is_theme_item(index, item):
            self.current, self.bulleted = None, True
            self.set_theme(index, printed[item.end() :])
            return
        if item:
            self.bulleted = False
        current = self.current
        continues = (
            current is not None
            and not item
            and not (bullet and self.bulleted)
            and (
                body[:1].islower()
                or not current.pieces[-1].rstrip().endswith(ENDS_SENTENCE)
                or (not self.gap_before(index) and not bullet and not self.is_heading(index))
            )
        )
        marker = item or (bullet if self.bulleted and not continues else None)
        if marker:
            self.current = _Item(
                int(item["num"]) if item else None,
                self.start + self.lines[index].start() + marker.end(),
                self.start + self.lines[index].end(),
                [printed[marker.end() :]],
                self.timescale,
                self.theme,
            )
            self.items.append(self.current)
        elif continues and current is not None:
            current.end = self.start + self.lines[index].end()
            # A sub-bullet of a numbered item keeps its marker (Medway 2015's "Ensure that:
            # - the senior management review ... - the senior management review ..."): the
            # first follows a colon. A dash after a page break carries on the sentence.
            listed = current.pieces[-1].rstrip().endswith(":") or any(
                piece.startswith("- ") for piece in current.pieces
            )
            current.pieces.append(f"- {body}" if bullet and listed else body)
        else:
            self.current = None
            if self.is_heading(index) or (self.theme_line == index - 1 and _heading_end(printed)):
                self.set_theme(index, body)


def recommendations(text: SourceText, start: int, end: int, addressee: str) -> list[Recommendation]:
    """Numbered items in clean ``[start, end)``; bullets if none is numbered.

    A line continues the current item when it starts in lower case, when the item so far
    does not end a sentence, or (PDF wraps) when no blank line comes between and the line
    is not a sub-heading, i.e. a short capitalised line followed by an item or by another
    such line. A sub-heading is the theme of the items under it (Devon 2015: "Quality of
    work with children and young people" over items 1-4), as is a numbered line heading
    bullets, each bullet then an item. Any other line (a remark, a footnote after a blank
    line) closes the item. Items under "Priority and immediate action" get the timescale
    "immediately"; a line saying there is nothing to do is not an item.
    """
    return [
        Recommendation(
            _join(i.pieces),
            addressee,
            text.span(i.start, i.end),
            timescale=i.timescale,
            number=i.number,
            theme=i.theme,
        )
        for i in _ListReader(text, start, end).read()
        if not _NOTHING_RE.match(_join(i.pieces))
    ]


# --- team -------------------------------------------------------------------------------

# "The inspection team", as the reports print it; "Inspection team", "The inspection
# team:" and "The inspection team (all HMI unless stated)" read the same.
_TEAM_RE = line(r"(?:The )?inspection team(?: \([^)\n]*\))?:?")
_REPEATED_RE = line(r"(?:The )?inspection team(?: \(continued\))?:?")
# A role line: "Lead inspector: Jane Smith", "Team inspectors (all HMI unless otherwise
# stated): ...", or a known role without its colon as a table prints it ("Lead inspector
# Jane Smith", "Deputy lead inspector - John Doe", "Lead inspector" / "Jane Smith HMI").
_KNOWN_ROLE = (
    r"(?:(?:Deputy\s+)?lead|Reporting|Shadow|Team|Additional)\s+inspectors?"
    r"|(?:Shadow\s+)?Senior\s+data\s+analysts?|Quality\s+assurance\s+managers?"
)
_ROLE_LINE_RE = re.compile(
    r"^[ ]*(?:(?P<role>[A-Z][A-Za-z ]{2,40}?)[ ]*(?P<note>\([^)\n]*\))?[ ]*:"
    # a known role alone on its line, its names on the lines under it (a table's cells)
    rf"|(?P<known>(?i:{_KNOWN_ROLE}))(?:(?:[ ]+-)?[ ]+(?=[A-Z])|[ \t]*$))[ \t]*"
)
_LIST_SEP_RE = re.compile(r",\s*(?:and\s+)?|\s+and\s+|;\s*")
# Words printed after a name that say what kind of inspector it is, not who: "(HMI)",
# "Senior HMI", "HMI designate", "Designated HMI", "SHMI", "AI", "(OI)", "Associate
# Inspector", "Senior Her Majesty's Inspector (SHMI)". Darlington 2018 prints no comma
# between entries ("Karen Wareing (HMI) Fiona Millns (OI)"): a marker also ends an entry.
_MARKER_RE = re.compile(
    r"\([^)\n]*(?:\n[^)\n]*)?\)"
    r"|(?i:\bSenior\s+(?:HMI|H(?:er|is)\s+Majesty's\s+Inspector)\b)"
    r"|(?i:\bH(?:er|is)\s+Majesty's\s+Inspector\b)"
    r"|(?i:\bDesignated?\s+HMI\b)"
    r"|\bS?HMI\b(?i:\s+designated?\b)?"
    r"|(?i:\b(?:Contracted|Seconded|Associate|Additional|Regulatory|Ofsted)\s+Inspector\b)"
    r"|\b(?:AI|OI)\b"
    r"|(?i:\bdesignated?\b)\)?"
)
# Not one of HMI: "(Additional Inspector)", "AI", "Associate Inspector" (Havering 2016),
# "(Contracted Inspector)" (Plymouth 2015), and from 2015 "(OI)", "Ofsted Inspector"
# (Darlington 2018, Wigan 2017: the contracted inspectors' name since then).
_ADDITIONAL_RE = re.compile(
    r"\b(?:Additional|Associate|Contracted|Ofsted)\s+Inspector\b|\b(?-i:AI|OI)\b", re.I
)
# Roles the common table does not know: (slug, additional inspector).
_OTHER_ROLES = {
    "additional inspector": ("team-inspector", True),  # Wigan 2017
    "shadow senior data analyst": ("senior-data-analyst", False),  # Thurrock 2016
    # The same roles as other teams label them: "Inspectors:", the non-HMI inspectors.
    "inspector": ("team-inspector", False),
    "associate inspector": ("team-inspector", True),
    "ofsted inspector": ("team-inspector", True),
    "contracted inspector": ("team-inspector", True),
    "social care regulatory inspector": ("team-inspector", True),
}
# The HMI, and the other inspectors after them: "and two additional inspectors" (Enfield
# 2015, after ", from Ofsted"), "and one Social Care Regulatory Inspector (SCRI)" (Hackney
# 2016), "and a contracted inspector" (Plymouth 2015), "from Ofsted and one additional
# contracted inspector" (Swindon 2014).
_TEAM_SIZE_RE = rx(
    r"The inspection team consisted of (?P<hmi>\w+) (?:of )?(?:Her|His) "
    r"Majesty's Inspectors(?: \(HMI\))?(?: from Ofsted)?,?(?: and (?P<ai>\w+) "
    r"(?:[A-Za-z-]+ ){0,3}?inspectors?\b)?"
)
_TEAM_SIZE_CUE = cue("consisted")  # in every _TEAM_SIZE_RE match (none holds a full stop)
_NAME_WORDS = ("and", "de", "da", "du", "der", "den", "van", "von", "la", "le")
# The words of a marker broken over two lines ("Michael McCracken additional" / "inspector").
_MARKER_WORDS = (
    "additional",
    "associate",
    "contracted",
    "seconded",
    "regulatory",
    "designate",
    "designated",
    "inspector",
    "senior",
)


def _names_continue(previous: str, printed: str) -> bool:
    """Whether ``printed`` carries on the name list that ``previous`` ended: the list ends
    in a comma, "and" or inside brackets ("(regulatory" / "inspector)"), or the line holds
    only capitalised words and markers, or only markers carried over from the name above
    ("John Roughton" / "HMI", "Michael McCracken" / "additional inspector"), or a marker's
    words broken over the lines ("Michael McCracken additional" / "inspector")."""
    if _ROLE_LINE_RE.match(printed):
        return False
    if re.search(r"(?:,|\band)\s*$", previous) or previous.count("(") > previous.count(")"):
        return True
    words = re.sub(r"[,.()]", " ", _MARKER_RE.sub(" ", printed)).split()
    if not words:
        return bool(_MARKER_RE.search(printed))
    return len(printed) <= 90 and all(
        w[:1].isupper() or w in _NAME_WORDS or w.lower() in _MARKER_WORDS for w in words
    )


def _role(printed: str) -> tuple[str | None, bool]:
    """The role slug of a printed role label, and whether it marks an additional inspector."""
    slug = role_slug(printed)
    if slug:
        return slug, False
    return _OTHER_ROLES.get(" ".join(printed.lower().split()).rstrip("s"), (None, False))


# The heading on a joined page's line, its first role after it, or after the team-size
# sentence ("... from Ofsted. The inspection team Lead inspector: Sue Myers HMI Deputy
# lead inspector: ...").
_TEAM_JOINED_RE = re.compile(
    r"(?:(?<=[.!?] )|(?<=\n)|(?<=\n ))(?:The )?inspection team(?: \([^)\n]*\))?:? "
    r"(?:The inspection team )?"  # printed twice (Darlington 2018)
    r"(?=(?:[^.\n]{0,200}\. )?(?:Lead|Reporting) inspector\b)",
    re.I,
)
_ROLE_LABEL_RE = re.compile(rf"(?:{_KNOWN_ROLE})(?: \([^)\n]*\))?:", re.I)


def _role_segments(clean: str, start: int) -> list[tuple[int, int]]:
    """The team's line from ``start`` (a joined page's) cut before each role label: the
    lines a page prints them on."""
    end = clean.find("\n", start)
    end = len(clean) if end < 0 else end
    cuts = [m.start() for m in _ROLE_LABEL_RE.finditer(clean, start, end)] or [start]
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], end], strict=True)]


def _first_role_line(lines: list[str]) -> int:
    """Index of the first role line, skipping a repeated heading or the team-size sentence
    printed under the heading (Darlington 2018, Surrey 2015); 0 if none comes soon."""
    for index, printed in enumerate(lines[:4]):
        if _ROLE_LINE_RE.match(printed):
            return index
    return 0


def _list_lines(
    clean: str, lines: list[tuple[int, int]], index: int, start: int
) -> tuple[list[tuple[int, int]], int]:
    """The clean ranges of the names of the role line at ``index`` (names from ``start``),
    over the lines that carry on its list, and the index of the line after them. The team
    heading printed again over a page break splits the list into two ranges."""
    segments = [(start, lines[index][1])]
    index += 1
    while index < len(lines):
        if _REPEATED_RE.match(clean[slice(*lines[index])]) and index + 1 < len(lines):
            following = clean[slice(*lines[index + 1])]
            if _names_continue(clean[slice(*segments[-1])], following):
                segments.append(lines[index + 1])
                index += 2
                continue
        before, printed = clean[slice(*segments[-1])], clean[slice(*lines[index])]
        if not _names_continue(before, printed):
            break
        if _break_separates(before, printed):
            segments.append(lines[index])
        else:
            segments[-1] = (segments[-1][0], lines[index][1])
        index += 1
    return segments, index


def _break_separates(before: str, printed: str) -> bool:
    """Whether the line break between a list and its next line ``printed`` separates two
    people: a full name ends the one and starts the other ("Stella Elliott" / "Russ
    Henry", a table's one name a line), not a name broken in two ("Charles" / "Searle")
    or a marker carried over ("Paula Thomson-Jones" / "HMI, Martin Parry")."""
    if re.search(r"(?:,|\band|;)\s*$", before):
        return False
    tail = re.split(r",|;|\band\b", before)[-1]
    head = re.split(r",|;|\band\b", printed)[0]
    if _MARKER_RE.match(head.strip()):
        return False
    tail_name = clean_person_name(_MARKER_RE.sub(" ", tail))[0]
    head_name = clean_person_name(_MARKER_RE.sub(" ", head))[0]
    return is_person_name(tail_name) and is_person_name(head_name)


def team(text: SourceText, report: Report) -> None:
    """The members listed under "The inspection team", one per name, roles as printed."""
    clean = text.clean
    heading = _TEAM_RE.search(clean)
    if heading:
        offset = heading.end()
        lines = [
            (offset + m.start(), offset + m.end())
            for m in re.finditer(r"[^\n]*\S[^\n]*", clean[offset : offset + 2000])
        ]
    elif joined := _TEAM_JOINED_RE.search(clean):
        lines = _role_segments(clean, joined.end())
    else:
        report.warnings.append("no 'The inspection team' section")
        return
    index = _first_role_line([clean[s:e] for s, e in lines])
    while index < len(lines):
        printed_line = clean[slice(*lines[index])]
        label = _ROLE_LINE_RE.match(printed_line)
        if not label and _REPEATED_RE.match(printed_line):
            index += 1  # the heading again at the top of the next page
            continue
        if not label:
            break
        segments, index = _list_lines(clean, lines, index, lines[index][0] + label.end())
        printed = squash(label["role"] or label["known"])
        role, additional = _role(printed)
        if role is None:
            report.warnings.append(f"unknown team role '{printed}'")
            continue
        for segment in segments:
            _add_members(text, report, segment, (role, printed), additional)
    if not any(m.role == "lead-inspector" for m in report.team):
        report.warnings.append("no lead inspector named in 'The inspection team'")
    _check_team_size(clean, report)


def _entries(clean: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, markers) of each entry of a name list: the text between separators
    and markers, with the markers printed after it."""
    entries: list[tuple[int, int, str]] = []
    piece_start = start
    for sep in [*_LIST_SEP_RE.finditer(clean, start, end), None]:
        piece_end = sep.start() if sep else end
        pos = piece_start
        for marker in [*_MARKER_RE.finditer(clean, piece_start, piece_end), None]:
            stop = marker.start() if marker else piece_end
            printed = marker.group() if marker else ""
            if clean[pos:stop].strip(" \n.,)") or not entries:
                entries.append((pos, stop, printed))
            else:  # a marker after a marker, or one after a comma ("Ty Yousaf, Associate
                # Inspector"): it belongs to the entry before
                entries[-1] = (*entries[-1][:2], f"{entries[-1][2]} {printed}")
            pos = marker.end() if marker else piece_end
        piece_start = sep.end() if sep else end
    return entries


def _add_members(
    text: SourceText,
    report: Report,
    where: tuple[int, int],
    role: tuple[str, str],
    additional: bool,
) -> None:
    """Team members of one role line; an entry that is not a person's full name is left
    out with a warning."""
    entries = []
    for start, end, markers in _entries(text.clean, *where):
        name = clean_person_name(text.clean[start:end])[0]
        lines = None if is_person_name(name) else names_one_to_a_line(text.clean, start, end)
        if lines:  # names one to a line: the entry's markers are its last name's
            entries += [(line_start, line_end, "") for line_start, line_end in lines[:-1]]
            entries.append((*lines[-1], markers))
        else:
            entries.append((start, end, markers))
    for start, end, markers in entries:
        name, marked = clean_person_name(text.clean[start:end])
        if not name:
            continue
        if not is_person_name(name):
            report.warnings.append(f"team entry '{name}' ({role[1]}) is not a full name: skipped")
            continue
        flagged = additional or marked or bool(_ADDITIONAL_RE.search(markers))
        span = name_span(text, start, end, name)
        report.team.append(TeamMember(name, role[0], role[1], span, flagged))


def _check_team_size(clean: str, report: Report) -> None:
    """Warn when the printed team size matches the listed inspectors neither without nor
    with the shadow inspectors, nor without some or all of those marked additional or
    associate (lists do not always mark which are additional)."""
    size = first_in(_TEAM_SIZE_RE, clean, sentences_with(clean, _TEAM_SIZE_CUE))
    if not size:
        return
    ai = size["ai"] or "no"
    printed = (number(size["hmi"]) or 0) + (1 if ai.lower() in ("a", "an") else number(ai) or 0)
    inspectors = sum(
        m.role in ("lead-inspector", "deputy-lead-inspector", "team-inspector") for m in report.team
    )
    shadows = sum(m.role == "shadow-inspector" for m in report.team)
    # Havering 2016: "seven of Her Majesty's Inspectors" and an eighth, marked "(associate
    # inspector)" in the list, whom the printed count leaves out.
    marked = sum(
        m.additional_inspector
        for m in report.team
        if m.role in ("lead-inspector", "deputy-lead-inspector", "team-inspector")
    )
    # Wigan 2017: "seven of Her Majesty's Inspectors" and eight listed, one "(OI)" and one
    # "Additional inspector": the count takes in some of those marked.
    if not inspectors - marked <= printed <= inspectors and printed != inspectors + shadows:
        report.warnings.append(
            f"'{squash(size.group())}' but the team lists {inspectors} "
            f"inspectors and {shadows} shadow inspectors"
        )
