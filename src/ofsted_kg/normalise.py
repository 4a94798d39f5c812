"""Undo PDF-extraction damage while remembering where every character came from.

Parsers work on :attr:`SourceText.clean` (straight apostrophes, plain hyphens, no ``**``,
no ``<p>``, no superscript footnote markers, ``\\n`` line ends) and turn clean offsets
back into :class:`~ofsted_kg.records.Span` objects over the raw text with
:meth:`SourceText.span`, so every quote is an exact slice of the file as shipped.

A PDF's text is the pages' texts joined by form feeds; spans then carry the page number
and offsets within that page's text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence

from .records import Span

# Each rule: a pattern and what to put in its place (a string or a function of the match).
_Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]

_RULES: tuple[_Rule, ...] = (
    (re.compile("\ufeff"), ""),
    (re.compile(r"\r\n?"), "\n"),
    (re.compile(r"</?p>"), " "),
    (re.compile(r"\*\*"), ""),
    (re.compile("[\u2018\u2019\u201b\u2032]"), "'"),
    (re.compile("[\u201c\u201d\u201f]"), '"'),
    (re.compile("[\u2010\u2011\u2012\u2013\u2014\u2212]"), "-"),
    (re.compile("[\u00a0\u2007\u202f]"), " "),
    (re.compile("\u00ad"), ""),  # soft hyphen
    (re.compile("\u2026"), "..."),
    # Superscript footnote markers glued to a word ("board¹", "data²").
    (re.compile("(?<=\\w)[\u00b9\u00b2\u00b3\u2070-\u2079]+"), ""),
    (re.compile("\ufb01"), "fi"),
    (re.compile("\ufb02"), "fl"),
)


def _apply(text: str, origin: list[int], rule: _Rule) -> tuple[str, list[int]]:
    pattern, replacement = rule
    pieces: list[str] = []
    new_origin: list[int] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(text[last : match.start()])
        new_origin.extend(origin[last : match.start()])
        repl = replacement if isinstance(replacement, str) else replacement(match)
        pieces.append(repl)
        new_origin.extend([origin[match.start()]] * len(repl))
        last = match.end()
    if not pieces:
        return text, origin
    pieces.append(text[last:])
    new_origin.extend(origin[last:])
    return "".join(pieces), new_origin


class SourceText:
    """A report's raw text, its cleaned form, and the map between their offsets."""

    def __init__(self, raw: str, page_starts: Sequence[int] | None = None) -> None:
        self.raw = raw
        self.page_starts = list(page_starts) if page_starts else None
        clean = raw
        origin = list(range(len(raw)))
        for rule in _RULES:
            clean, origin = _apply(clean, origin, rule)
        self.clean = clean
        self._origin = origin

    @classmethod
    def from_pages(cls, pages: Sequence[str]) -> SourceText:
        """Join page texts with form feeds, remembering where each page starts."""
        starts: list[int] = []
        offset = 0
        for page in pages:
            starts.append(offset)
            offset += len(page) + 1
        return cls("\f".join(pages), starts)

    def raw_offsets(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering clean ``[start, end)``."""
        if not 0 <= start < end <= len(self.clean):
            raise ValueError(f"bad clean span {start}:{end}")
        return self._origin[start], self._origin[end - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """The :class:`Span` of clean ``[start, end)``, trimmed of surrounding whitespace."""
        while start < end and self.clean[start].isspace():
            start += 1
        while end > start and self.clean[end - 1].isspace():
            end -= 1
        raw_start, raw_end = self.raw_offsets(start, end)
        quote = self.raw[raw_start:raw_end]
        if self.page_starts is None:
            return Span(raw_start, raw_end, quote)
        page_index = bisect.bisect_right(self.page_starts, raw_start) - 1
        page_start = self.page_starts[page_index]
        return Span(raw_start - page_start, raw_end - page_start, quote, page=page_index + 1)

    def match_span(self, match: re.Match[str], group: int | str = 0) -> Span:
        """The :class:`Span` of a regex match (or one of its groups) on :attr:`clean`."""
        return self.span(match.start(group), match.end(group))


def squash(text: str) -> str:
    """Collapse runs of whitespace (newlines, tabs) to single spaces and strip."""
    return " ".join(text.split())
