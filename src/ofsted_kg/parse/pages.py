"""Where a report's pages and its contents list end, in clean offsets.

Shared by every reader: spans are page-relative, so a quote cannot run onto the next page
(:func:`first_page_end`), and a heading is looked for after the contents list, whose
entries read like the headings themselves (:func:`contents_end`).
"""

from __future__ import annotations

import re

from ofsted_kg.source.text import SourceText, squash

# A bulleted line ("- Ensure ...", "\u2022 Ensure ..."), and how a sentence or an item ends.
BULLET_RE = re.compile(r"[ \t]*[-\u2022][ \t]*(?=\S)")
ENDS_SENTENCE = (".", "!", "?", ")", ";", ":")


def page_of(text: SourceText, pos: int) -> int:
    """The 0-based page of clean offset ``pos`` (0 for a text file)."""
    if text.page_starts is None:
        return 0
    raw = text.raw_offsets(pos, pos + 1)[0]
    return sum(1 for start in text.page_starts if start <= raw) - 1


def first_page_end(text: SourceText, start: int, end: int) -> int:
    """``end``, or where the page of clean ``start`` ends if that is earlier (spans are
    page-relative, so a quote cannot run onto the next page)."""
    if text.page_starts is None or end <= start:
        return end
    page = page_of(text, start)
    if page_of(text, end - 1) == page:
        return end
    low, high = start, end - 1  # the first offset on a later page lies in (low, high]
    while high - low > 1:
        middle = (low + high) // 2
        if page_of(text, middle) == page:
            low = middle
        else:
            high = middle
    return high


# "Contents" on a line of its own, or before the first entry ("Contents Section 1: the
# local authority 3", Bolton 2014's text).
_CONTENTS_LINE_RE = re.compile(r"^[ \t]*Contents\b[ \t]*(?=$|[^\n]*\s\d{1,3}[ \t]*$)", re.M)
_PAGE_NUMBERED_RE = re.compile(r"(?:^|\s)\d{1,3}[ \t]*$")


def contents_end(text: SourceText) -> int:
    """Where the contents list ends (clean offset; 0 when the report has none).

    Its entries end in a page number; an entry too long for its line is wrapped, its page
    number on the line below ("Section 2: The effectiveness of the Local Safeguarding" /
    "Children Board 31"), so its first line reads like the heading itself. The page
    numbers never go down: a body line ending in a number ("under the age of 18") after
    the list is not an entry.
    """
    clean = text.clean
    found = _CONTENTS_LINE_RE.search(clean, 0, 12000)
    if not found:
        return 0
    # The list fills a page at most: its lines are looked for in the next 6,000 characters.
    lines = list(re.finditer(r"[^\n]*\S[^\n]*", clean[found.end() : found.end() + 6000]))
    end, index, page = found.end(), 0, 0
    while index < len(lines):
        # an entry's page number on its line, or one or two lines below (a wrapped entry;
        # a converter's number set apart); an entry's lines are not the body's text
        entry = (
            n
            for n in (1, 2, 3)
            if index + n <= len(lines)
            and (n == 1 or all(map(_entry_like, lines[index : index + n])))
        )
        taken = next((n for n in entry if _page_number(lines[index + n - 1])), 0)
        if not taken or _page_number(lines[index + taken - 1]) < page:
            break
        page = _page_number(lines[index + taken - 1])
        end = found.end() + lines[index + taken - 1].end()
        index += taken
    end = _first_heading_again(clean, lines, found.end(), end)
    return _rest_of_page(text, lines, found.end(), end)


def _entry_like(line: re.Match[str]) -> bool:
    """A line that can be (part of) a contents entry: short, not bulleted, not a sentence's
    end (a bulleted line "- ... under the age of 18" ends in a number too); a question
    may be a heading ("What does the LSCB need to improve?")."""
    printed = line.group().strip()
    return (
        len(printed) <= 90
        and not printed.endswith((".", "!", ";"))
        and not BULLET_RE.match(printed)
    )


def _rest_of_page(text: SourceText, lines: list[re.Match[str]], offset: int, end: int) -> int:
    """``end``, or the end of the contents page when only entries and page numbers follow
    ``end`` on it: a converter may print the page numbers apart from their entries and out
    of order (pdftotext: "Leadership, management and governance" / "The Local Safeguarding
    Children Board (LSCB)" / "4" / "31" / "38"), which stops the list at a number lower than
    the last. A text without page breaks keeps ``end``."""
    if text.page_starts is None or end >= len(text.clean):
        return end
    page = page_of(text, end)
    last = end
    for line in lines:
        start = offset + line.start()
        if start < end:
            continue
        if page_of(text, start) != page:
            return last
        if not _entry_like(line):
            return end  # the body's text: the list ended where its numbers said
        last = offset + line.end()
    return end


def _first_heading_again(clean: str, lines: list[re.Match[str]], offset: int, end: int) -> int:
    """``end``, or later when entries without page numbers (a converter may drop them)
    follow the numbered ones: the list then ends where the body prints its first entry's
    heading again ("Section 1: the local authority"), if only short heading-like lines
    come between."""
    if not lines:
        return end
    first = squash(_PAGE_NUMBERED_RE.sub("", lines[0].group())).lower()
    for line in lines:
        start = offset + line.start()
        if start < end:
            continue
        printed = line.group()
        if squash(printed).lower() == first:
            return start
        if len(printed) > 90 or printed.rstrip().endswith(ENDS_SENTENCE):
            return end
    return end


def _page_number(entry: re.Match[str]) -> int:
    """The page number a contents line ends with; 0 if none."""
    number = _PAGE_NUMBERED_RE.search(entry.group())
    return int(number.group()) if number else 0
