"""Undo PDF-extraction damage while remembering where every character came from.

Parsers work on :attr:`SourceText.clean` (straight apostrophes, plain hyphens, no ``**``,
no ``<p>``, no superscript footnote markers, ``\\n`` line ends) and turn clean offsets
back into :class:`~ofsted_kg.model.records.Span` objects over the raw text with
:meth:`SourceText.span`, so every quote is an exact slice of the file as shipped.

A PDF's text is the pages' texts joined by form feeds; spans then carry the page number
and offsets within that page's text.
"""

from __future__ import annotations

import bisect
import itertools
import re
from array import array
from collections.abc import Callable, Sequence
from dataclasses import replace

from ofsted_kg.model.records import Span
from ofsted_kg.safe_output import ESCAPE_SEQUENCE_RE

# Characters replaced one for one (offsets unchanged, so in one pass before the rules):
# form feeds and the other line breaks (a vertical tab, Word's line break within a
# paragraph; NEL, U+0085), curly quotes and the other marks some fonts print for an
# apostrophe (the modifier letter U+02BC, an acute accent), dashes and hyphens, no-break
# spaces and the typographic spaces (en, em, thin, hair).
_ONE_FOR_ONE = {
    "\f": "\n",
    "\v": "\n",
    "\x85": "\n",
    **dict.fromkeys("\u2018\u2019\u201b\u2032\u02bc\u00b4\uff07", "'"),
    **dict.fromkeys("\u201c\u201d\u201f", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    **dict.fromkeys(
        "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
        "\u2009\u200a\u202f\u205f\u3000",
        " ",
    ),
}
_ONE_FOR_ONE_RE = re.compile("[" + "".join(map(re.escape, _ONE_FOR_ONE)) + "]")

# Control characters other than the tab and the line breaks above (C0, DEL and C1: ESC
# starting a terminal's escape sequence, BEL, NUL): no report prints them, so the text
# parsers read, and the graph's texts, hold none; a whole escape sequence goes first
# (ESC ] 0 ; title BEL, not only its ESC and BEL). A fact's quote is the file's own text,
# so it keeps them: ofsted_kg.safe_output cleans what is printed.
CONTROL_CHARACTERS = "".join(
    chr(code) for code in (*range(0x20), *range(0x7F, 0xA0)) if chr(code) not in "\t\n\v\f\r\x85"
)

# Characters replaced by others, or by nothing: control characters, a byte order mark and
# zero-width spaces (a converter may leave one at a font change inside a word), the soft
# hyphen, the ellipsis, and the ligatures some fonts' text layers keep ("eﬀective",
# "oﬃcer"). One pass for them all: scanning for a set of characters costs as much as for
# one.
_CHARACTERS = {
    **dict.fromkeys(CONTROL_CHARACTERS, ""),
    **dict.fromkeys("\ufeff\u200b\u200c\u200d\u2060\u00ad", ""),
    "\u2026": "...",
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}


def _inner_spaces(match: re.Match[str]) -> str:
    """A run of spaces (or tabs) inside a line as one space; at a line's start or end,
    unchanged."""
    text, start, end = match.string, match.start(), match.end()
    inside = start > 0 and end < len(text) and not text[start - 1].isspace()
    return " " if inside and not text[end].isspace() else match.group()


def _mid_sentence(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` stops mid-sentence: on a lower-case word or a
    comma (spaces after it aside)."""
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end > 0 and (text[end - 1].islower() or text[end - 1] == ",")


# A numbered paragraph or item inside a line, after its space: "... site. 14. There",
# "Recommendations 1. Ensure".
_NUMBERED_INSIDE = r"(?P<n>\d{1,3})\. (?-i:[A-Z])"
_NUMBERED_RE = re.compile(r"(?<!\S)(\d{1,3})\. [A-Z]")


def _numbered_run(match: re.Match[str]) -> bool:
    """Whether the line holding a numbered paragraph's start (:data:`_NUMBERED_INSIDE`)
    holds the number before or after it too: paragraphs or items joined into one line, not
    a sentence's "in 2015. 2. The ..." alone, nor a contents line's page numbers."""
    text, number = match.string, int(match["n"])
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    numbers = {int(n) for n in _NUMBERED_RE.findall(text, start, len(text) if end < 0 else end)}
    return number - 1 in numbers or number + 1 in numbers


_MARKER_LINE_RE = re.compile(r"[ \t]*(?:\d{1,3}\.|[-\u2022])[ \t]*")


def _after_a_marker(match: re.Match[str]) -> bool:
    """Whether the line before the match's (blank lines between) is a bare list marker."""
    text, end = match.string, match.start()
    while end > 0 and text[end - 1] in " \t\n":
        end -= 1
    start = text.rfind("\n", 0, end) + 1
    return end > 0 and bool(_MARKER_LINE_RE.fullmatch(text, start, end))


# Bullet glyphs, read as "-" where they start a line. The development PDFs print Symbol and
# Wingdings private-use glyphs (U+F06E, U+F0A7, U+F02D; U+F0BE Darlington 2018) and, from
# 2019, U+25FC; Word's other list bullets may print as the Symbol font's U+F0B7, Wingdings'
# arrows, diamonds and ticks (U+F0D8, U+F076, U+F0FC) or the Unicode bullets, squares,
# circles and arrows.
BULLET_GLYPHS = (
    "\uf06e\uf0a7\uf02d\uf0be\uf0b7\uf0d8\uf076\uf0fc\uf0a8"
    "\u2022\u2023\u2043\u2219\u25a0\u25aa\u25cf\u25cb\u25e6\u25fc\u25fe\u27a2"
    # other producers' shapes: diamonds, triangles and arrows, ticks
    "\u25c6\u25c7\u25b6\u25ba\u25b8\u2666\u27a4\u2713\u2714\u2794"
)

# The glyphs of symbol fonts a producer may bullet a list with, beyond those above: the
# private use area (Symbol's and Wingdings' glyphs as a text layer gives them), arrows,
# geometric shapes and dingbats, and the Latin-1 characters Symbol's bullet (0xB7, a middle
# dot) and Wingdings' small square (0xA7, a section sign) come out as in a text layer
# without their font's map. Before a space at a line's start, one is a bullet.
SYMBOL_GLYPHS = "\u00a7\u00b7\ue000-\uf8ff\u2190-\u21ff\u25a0-\u25ff\u2700-\u27bf"

# Each rule: a pattern and what to put in its place (a string or a function of the match).
_Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]

# A page joined into one line, as copies of reports' text print it ("... in Wirral. What
# needs to improve? \u25fc The response to ... \u25fc The awareness-raising ..."): its lines
# start again before each bullet glyph, and before each numbered paragraph or item where
# the line holds the number before or after it too ("... on site. 14. There is ... 15.
# The ..."). Only a space becomes a line break. (One pattern, the space first and the look
# behind last: the regex engine then skips to spaces.) Applied only to a text whose lines
# run long (:func:`_lines_run_long`): it tries every space.
JOINED_LINES_RULE: _Rule = (
    re.compile(f" (?=[{BULLET_GLYPHS}] |{_NUMBERED_INSIDE})(?<=\\S )"),
    lambda m: "\n" if m["n"] is None or _numbered_run(m) else m.group(),
)
# A PDF's lines average well under this many characters; a text joining its pages' lines
# (or printing a paragraph to a line) runs over.
LONG_LINES_AVERAGE = 150


def _lines_run_long(clean: str) -> bool:
    """Whether ``clean``'s lines average over :data:`LONG_LINES_AVERAGE` characters."""
    return len(clean) > LONG_LINES_AVERAGE * (clean.count("\n") + 1)


_RULES: tuple[_Rule, ...] = (
    (ESCAPE_SEQUENCE_RE, ""),
    (
        re.compile("[" + "".join(map(re.escape, _CHARACTERS)) + "]"),
        lambda m: _CHARACTERS[m.group()],
    ),
    (re.compile(r"\r\n?"), "\n"),
    (re.compile(r"</?p>"), " "),
    (re.compile(r"\*\*"), ""),
    # Superscript footnote markers glued to a word ("board¹", "data²").
    # (The marker first, then the look behind: the regex engine then skips to candidates.)
    (
        re.compile("[\u00b9\u00b2\u00b3\u2070-\u2079](?<=\\w.)[\u00b9\u00b2\u00b3\u2070-\u2079]*"),
        "",
    ),
    # Runs of spaces or tabs inside a line (justified text, a converter's columns, a
    # no-break space beside a space, a tab after "Section 2:") are one space: patterns need
    # not expect "Lead  inspector". (Two spaces or a tab first: the regex engine then skips
    # to candidates.)
    (re.compile("(?:  |\t)[ \t]*"), _inner_spaces),
    JOINED_LINES_RULE,
    # A bullet glyph starting a line is "-" (an indented bullet keeps its indent: only the
    # glyph changes), so every reader knows one bullet: see BULLET_GLYPHS; so is any other
    # symbol font's glyph before a space (SYMBOL_GLYPHS).
    (
        re.compile(f"^[ \t]*(?:[{BULLET_GLYPHS}]|[{SYMBOL_GLYPHS}](?=[ \t]))", re.M),
        lambda m: m.group()[:-1] + "-",
    ),
    # Plain footnote digits glued to the last word of a PDF line ("board1", "protection.2"),
    # or to a word inside a line before the sentence goes on in lower case (pdftotext's
    # "all cared for children2 receive", Rochdale 2014).
    (re.compile(r"[1-9](?<=[a-z][a-z.].)(?=[ \t]*$|[ \t]+[a-z])", re.M), ""),
    # Blank lines inside a sentence: after a line that ends mid-sentence (a word, a comma)
    # and before one going on in lower case (pdfminer sets a paragraph's number apart and
    # breaks its text into boxes: "48.  The impact of leaders ... was" / "" / "judged to
    # be good at the time of the last inspection").
    (
        re.compile(r"\n(?:[ \t]*\n)+(?=[ \t]*[a-z])"),
        lambda m: "\n" if _mid_sentence(m.string, m.start()) else m.group(),
    ),
    # A list marker alone on its line, its text on the next after blank lines or none (a
    # converter that sets a hanging number or bullet apart, as pdftotext does: "1." / "" /
    # "Reduce social work caseloads ..."): one line, as printed; a page number set between
    # them ("9." / "4" / "Ensure that ...") is left out. Not when the next line starts a
    # list item of its own ("4." / "71. The virtual school ...": a sentence's end), nor
    # for the last of a run of markers (pdfminer's "1." ... "11." before the items' texts:
    # the text under "11." is the first item's).
    (
        re.compile(
            r"^([ \t]*(?:\d{1,3}\.|[-\u2022]))[ \t]*\n(?:[ \t]*(?:\d{1,3}[ \t]*)?\n)*[ \t]*"
            r"(?=\S)(?!\d{1,3}\.\s|[-\u2022]\s)",
            re.M,
        ),
        lambda m: m.group() if _after_a_marker(m) else m.group(1) + " ",
    ),
)


# The raw offset of each clean character: machine integers, so that the rules below copy
# runs of them as memory blocks (a list of Python ints took 3 ms a report to copy).
Origin = array


_COUNTING: list[Origin] = [array("q")]  # 0, 1, 2, ...: grown as longer texts come


def _offsets(start: int, stop: int) -> Origin:
    """``start .. stop - 1`` as an :data:`Origin`: a slice of a counting array (making
    one from a range converts each number, ten times slower)."""
    if stop > len(_COUNTING[0]):
        _COUNTING[0] = array("q", range(max(stop, 2 * len(_COUNTING[0]))))
    return _COUNTING[0][start:stop]


def _delete_ranges(text: str, ranges: Sequence[tuple[int, int]]) -> tuple[str, Origin]:
    """``text`` without the given ``[start, end)`` ranges, and the origin of each character."""
    pieces: list[str] = []
    origin = array("q")
    last = 0
    for start, end in sorted(ranges):
        if start < last:
            start = last
        if end <= start:
            continue
        pieces.append(text[last:start])
        origin.extend(_offsets(last, start))
        last = end
    pieces.append(text[last:])
    origin.extend(_offsets(last, len(text)))
    return "".join(pieces), origin


_PAGE_NUMBER_RE = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I)
# A list item's number or bullet alone on its line (pdftotext sets them apart): at the top
# of many pages ("12."), but the page's first paragraph's, never a running header.
_LIST_MARKER_RE = re.compile("\\s*(?:\\d{1,3}\\.|[-\u2022\uf06e\uf0a7\uf02d\uf0be\u25fc])\\s*$")
HEAD_LINES, FOOT_LINES = 3, 3


_DIGITS_RE = re.compile(r"\d+")


def _shape(line: str) -> str:
    """A line with digit runs folded, to recognise a running header with a page number."""
    return _DIGITS_RE.sub("#", " ".join(line.split())).lower()


def _edge_lines(page: str, start: int) -> list[tuple[int, int, str, bool]]:
    """``(start, end, line, at the head)`` of a page's first :data:`HEAD_LINES` and last
    :data:`FOOT_LINES` lines that are not blank (found from either end: most of a page is
    never split into lines)."""
    edges: list[tuple[int, int, str, bool]] = []
    pos = 0
    while len(edges) < HEAD_LINES and pos <= len(page):
        stop = page.find("\n", pos)
        stop = len(page) if stop < 0 else stop
        if page[pos:stop].strip():
            edges.append((start + pos, start + stop + 1, page[pos:stop], True))
        pos = stop + 1
    found, end = 0, len(page)
    while found < FOOT_LINES and end >= 0:
        begin = page.rfind("\n", 0, end) + 1
        if page[begin:end].strip():
            edges.append((start + begin, start + end + 1, page[begin:end], False))
            found += 1
        end = begin - 1
    return edges


def page_furniture(pages: Sequence[str], starts: Sequence[int]) -> list[tuple[int, int]]:
    """Raw ranges of running headers, footers and page numbers in joined page texts.

    A line among the first or last few of a page is furniture when it is a bare page
    number ("12", "12 of 30", "Page 12") or when its shape (digits folded) recurs at the
    top or bottom of at least a third of the pages (a list item's bare number, "12.",
    excepted). Page 1 keeps its head lines (its title
    is often the running header of the other pages) except a bare page number; its
    running footer goes like the others'.
    """
    edges = [_edge_lines(page, start) for page, start in zip(pages, starts, strict=True)]
    shapes = {line: _shape(line) for page_edges in edges for _, _, line, _ in page_edges}
    counts: dict[str, int] = {}
    for page_edges in edges:
        for shape in {shapes[line] for _, _, line, _ in page_edges}:
            counts[shape] = counts.get(shape, 0) + 1
    threshold = max(3, len(pages) // 3)
    ranges = []
    for index, page_edges in enumerate(edges):
        for start, end, line, head in page_edges:
            numeric = bool(_PAGE_NUMBER_RE.match(line))
            repeated = (
                counts.get(shapes[line], 0) >= threshold
                and (index > 0 or not head)
                and not _LIST_MARKER_RE.match(line)
            )
            if numeric or repeated:
                ranges.append((start, end))
    ranges += _joined_page_furniture(pages, starts)
    return sorted(set(ranges))


_WORD_RE = re.compile(r"\S+")
HEADER_WORDS = 20  # a running header and its page number, at most


def _joined_page_furniture(pages: Sequence[str], starts: Sequence[int]) -> list[tuple[int, int]]:
    """Raw ranges of the running header and page number that open each page joined into
    one line (a copy of a report's text that drops its line breaks: "Inspection of Halton
    local authority children's services 13 to 24 May 2024 3 The quality ...", "8
    Recommendations 1. Ensure ..."): the longest run of first words, ending in a number,
    whose shape (digits folded) opens at least a third of the joined pages."""
    joined = [
        (index, list(itertools.islice(_WORD_RE.finditer(page), HEADER_WORDS)))
        for index, page in enumerate(pages)
        if "\n" not in page.strip() and len(page) > 200
    ]
    if len(joined) < 3:
        return []
    threshold = max(3, len(pages) // 3)
    best: dict[int, int] = {}  # joined page -> its header's word count
    for length in range(1, HEADER_WORDS + 1):
        shapes: dict[str, list[int]] = {}
        for index, words in joined:
            if len(words) > length and words[length - 1].group().isdigit():
                shape = _shape(" ".join(word.group() for word in words[:length]))
                shapes.setdefault(shape, []).append(index)
        for indexes in shapes.values():
            if len(indexes) >= threshold:
                best.update(dict.fromkeys(indexes, length))
    words_of = dict(joined)
    return [
        (starts[index] + words_of[index][0].start(), starts[index] + words_of[index][n - 1].end())
        for index, n in sorted(best.items())
    ]


_NUMBERED_SHAPE_RE = re.compile(r"(?:^| )#$")  # ends in a number: "... services #", "#"
MIN_REPEATS = 3
# A grade table's cells (a grade, or one line of a wrapped one), which recur beside a
# footnote's mark ("Inadequate" / "1" / "Ofsted produces ..."): never a running header.
_GRADE_CELLS = frozenset(
    {"outstanding", "good", "adequate", "inadequate", "requires", "improvement"}
    | {"requires improvement", "requires improvement to be good", "not judged"}
)


def text_furniture(text: str) -> list[tuple[int, int]]:
    """Ranges of running headers and page numbers in a text with no page breaks (a PDF's
    text pasted or converted without form feeds), where nothing says where pages end.

    A line ending in a number (or only a number) whose shape (digits folded) recurs at
    least :data:`MIN_REPEATS` times is a page number or a header holding one ("Kent County
    Council Inspection of looked after children services 19", "13 to 24 May 2024 4"); so
    is a line without a number beside one of those that recurs on a third of the pages
    ("Inspection of Halton local authority children's services" over "13 to 24 May 2024
    4"), but never a grade. Other lines are never furniture: table labels, headings and
    paragraph ends recur too.
    """
    lines: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((pos, pos + len(line) + 1, _shape(line)))
        pos += len(line) + 1
    counts: dict[str, int] = {}
    for _, _, shape in lines:
        counts[shape] = counts.get(shape, 0) + 1
    numbered = [
        counts[shape] >= MIN_REPEATS
        and len(shape) <= 120
        and bool(_NUMBERED_SHAPE_RE.search(shape))
        for _, _, shape in lines
    ]
    # A running header recurs on a good share of the pages (as many as the commonest
    # numbered line), and holds no number of its own.
    pages = max((counts[lines[i][2]] for i, n in enumerate(numbered) if n), default=0)
    header_repeats = max(MIN_REPEATS, pages // 3)
    ranges = []
    for index, (start, end, shape) in enumerate(lines):
        beside = any(0 <= i < len(lines) and numbered[i] for i in (index - 1, index + 1))
        header = (
            beside
            and "#" not in shape
            and counts[shape] >= header_repeats
            and shape not in _GRADE_CELLS
        )
        if numbered[index] or (header and len(shape) <= 120):
            ranges.append((start, min(end, len(text))))
    return ranges


def _apply(text: str, origin: Origin, rule: _Rule) -> tuple[str, Origin]:
    pattern, replacement = rule
    pieces: list[str] = []
    new_origin = array("q")
    last = 0
    for match in pattern.finditer(text):
        repl = replacement if isinstance(replacement, str) else replacement(match)
        if repl == match.group():
            continue  # left as it is: the text and its origin are not copied for it
        pieces.append(text[last : match.start()])
        new_origin.extend(origin[last : match.start()])
        pieces.append(repl)
        if len(repl) == match.end() - match.start():  # character for character
            new_origin.extend(origin[match.start() : match.end()])
        else:
            new_origin.extend(array("q", (origin[match.start()],)) * len(repl))
        last = match.end()
    if not pieces:
        return text, origin
    pieces.append(text[last:])
    new_origin.extend(origin[last:])
    return "".join(pieces), new_origin


class SourceText:
    """A report's raw text, its cleaned form, and the map between their offsets."""

    def __init__(
        self,
        raw: str,
        page_starts: Sequence[int] | None = None,
        furniture: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.raw = raw
        self.page_starts = list(page_starts) if page_starts else None
        clean, origin = _delete_ranges(raw, furniture)
        clean = _ONE_FOR_ONE_RE.sub(lambda match: _ONE_FOR_ONE[match.group()], clean)
        for rule in _RULES:
            if rule is not JOINED_LINES_RULE or _lines_run_long(clean):
                clean, origin = _apply(clean, origin, rule)
        self.clean = clean
        self._origin = origin

    @classmethod
    def from_text(cls, raw: str) -> SourceText:
        """A text file's report: pages if it holds form feeds (as ``pdftotext`` writes a
        PDF's text), so that running headers and page numbers are known as such and spans
        carry page numbers; else one text, its recurring page numbers and the headers
        holding them left out (:func:`text_furniture`)."""
        if "\f" in raw:
            return cls.from_pages(raw.split("\f"))
        return cls(raw, None, text_furniture(raw))

    @classmethod
    def from_pages(cls, pages: Sequence[str]) -> SourceText:
        """Join page texts with form feeds, remembering where each page starts.

        Running headers, footers and page numbers (see :func:`page_furniture`) are left
        out of :attr:`clean` but stay in :attr:`raw`, so offsets still index page text.
        """
        starts: list[int] = []
        offset = 0
        for page in pages:
            starts.append(offset)
            offset += len(page) + 1
        return cls("\f".join(pages), starts, page_furniture(pages, starts))

    def line_number(self, pos: int) -> int:
        """The 1-based line of the file (the raw text; a page break ends a line too) that
        holds clean offset ``pos``: the line an editor shows, whatever the cleaning joined
        or left out."""
        raw = self._origin[pos] if pos < len(self._origin) else len(self.raw)
        return self.raw.count("\n", 0, raw) + self.raw.count("\f", 0, raw) + 1

    def raw_offsets(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering clean ``[start, end)``."""
        if not 0 <= start < end <= len(self.clean):
            raise ValueError(f"bad clean span {start}:{end}")
        return self._origin[start], self._origin[end - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of clean ``[start, end)``, trimmed of surrounding whitespace; a
        range that runs onto later pages is quoted page by page (:attr:`Span.continued`)."""
        while start < end and self.clean[start].isspace():
            start += 1
        while end > start and self.clean[end - 1].isspace():
            end -= 1
        raw_start, raw_end = self.raw_offsets(start, end)
        if self.page_starts is None:
            return Span(raw_start, raw_end, self.raw[raw_start:raw_end])
        page_index = bisect.bisect_right(self.page_starts, raw_start) - 1
        page_start = self.page_starts[page_index]
        if page_index + 1 < len(self.page_starts):
            next_page = self.page_starts[page_index + 1]
            if raw_end > next_page:
                # The first clean character from the next page on (clean offsets map to
                # raw ones in order): what comes before it is this page's part.
                split = bisect.bisect_left(self._origin, next_page, start, end)
                rest = self.span(split, end)
                if not self.clean[start:split].strip():
                    return rest
                parts = (replace(rest, continued=()), *rest.continued)
                return replace(self.span(start, split), continued=parts)
        quote = self.raw[raw_start:raw_end]
        return Span(raw_start - page_start, raw_end - page_start, quote, page=page_index + 1)

    def match_span(self, match: re.Match[str], group: int | str = 0) -> Span:
        """The :class:`Span` of a regex match (or one of its groups) on :attr:`clean`."""
        return self.span(match.start(group), match.end(group))


def squash(text: str) -> str:
    """Collapse runs of whitespace (newlines, tabs) to single spaces and strip."""
    return " ".join(text.split())
