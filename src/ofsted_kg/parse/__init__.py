"""Parsers: one module per inspection framework behind :func:`parse_report`.

The parsers never import rdflib; they return :class:`ofsted_kg.model.records.Report` objects.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from ofsted_kg.errors import NotAReport, ParseError
from ofsted_kg.model.records import Report
from ofsted_kg.parse import child_protection, ilacs, lac2013, lscb, safeguarding_lac, sif
from ofsted_kg.parse.common import holder_acting
from ofsted_kg.parse.trusts import delivering_trust
from ofsted_kg.source.text import SourceText

# (framework detector, parser) in the order they are tried. Each detector looks at the
# first few thousand characters of the cleaned text.
_DETECTORS = (
    (child_protection.TITLE_RE, child_protection.parse),
    (lac2013.TITLE_RE, lac2013.parse),
    (safeguarding_lac.TITLE_RE, safeguarding_lac.parse),
    # Also matches "Re-inspection of services ..." (sif.parse tells the two apart).
    (
        re.compile(
            r"Inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+"
            r"and\s+protection",
            re.I,
        ),
        sif.parse,
    ),
    # The stand-alone LSCB review; a combined SIF report is caught by the line above.
    (lscb.TITLE_RE, lscb.parse),
    # ILACS; also a title naming the children's trust that runs the council's services
    # ("Inspection of Bradford Children and Families Trust"), at the start of a line.
    (
        re.compile(
            r"Inspection\s+of\s.{0,80}?(local\s+authority\s+)?children'?s\s+"
            r"(social\s+care\s+)?services"
            rf"|^[ \t]*(?:Re-?)?Inspection\s+of\s+.{{0,60}}?\s(?:{ilacs.TRUST_WORDS})\b",
            re.I | re.S | re.M,
        ),
        ilacs.parse,
    ),
)

# Ofsted letters that are not inspection reports, by the wording of their first page
# ("Monitoring visit to Trafford local authority children's services"). A report may
# mention such a visit too, so a letter is recognised only before any report title.
_NOT_REPORTS = (
    (re.compile(r"\bMonitoring\s+visit\s+(?:to|of)\s", re.I), "a monitoring visit letter"),
    (re.compile(r"\bFocused\s+visit\s+(?:to|of)\s", re.I), "a focused visit letter"),
    # The 2020-2021 visits between inspections ("Assurance visit to ... children's services").
    (re.compile(r"\bAssurance\s+visit\s+(?:to|of)\s", re.I), "an assurance visit letter"),
    (
        re.compile(r"\bJoint\s+targeted\s+area\s+inspection\b", re.I),
        "a joint targeted area inspection letter",
    ),
    (re.compile(r"\bannual\s+engagement\s+meeting\b", re.I), "an annual engagement letter"),
)

# Inspection reports of frameworks no parser reads yet: refused with what they are, not
# as unknown files ((pattern, what it is) pairs; none today).
_UNREAD_FRAMEWORKS: tuple[tuple[re.Pattern[str], str], ...] = ()

HEAD_CHARS = 4000
MIN_LETTERS = 200  # fewer in the first pages: no text layer to speak of


def detect_framework_parser(text: SourceText, source: str):
    """The parser function for ``text``; :class:`NotAReport` for an Ofsted letter that is
    not an inspection report, :class:`ParseError` for anything else unknown."""
    head = text.clean[:HEAD_CHARS]
    found = [
        (match.start(), parser) for pattern, parser in _DETECTORS if (match := pattern.search(head))
    ]
    title_at = min((start for start, _ in found), default=len(head))
    letters = [
        (match.start(), kind)
        for pattern, kind in _NOT_REPORTS
        if (match := pattern.search(head, 0, title_at))
    ]
    if letters:
        raise NotAReport(source, min(letters)[1])
    if found:
        # The title printed first (a stand-alone LSCB review may cite the SIF's title
        # further on); at one place, the first detector in _DETECTORS order.
        return min(found, key=lambda hit: hit[0])[1]
    for pattern, what in _UNREAD_FRAMEWORKS:
        if pattern.search(head):
            raise ParseError(source, what)
    alphabetic = sum(ch.isalpha() for ch in head)
    if alphabetic < MIN_LETTERS:
        raise ParseError(
            source,
            f"no text to read ({alphabetic} letters in its first pages): a scanned image? "
            "ofsted-kg reads the text of reports, not pictures of them",
        )
    begins = " ".join(head.split())[:60]
    raise ParseError(
        source,
        "not an Ofsted children's services inspection report "
        f"(no known report title in its first page, which begins {begins!r})",
    )


def parse_text(text: SourceText | str, source: str) -> Report:
    """Parse an already loaded :class:`SourceText` (text file or PDF pages) or a string."""
    if isinstance(text, str):
        text = SourceText.from_text(text)
    if not text.clean.strip():
        raise ParseError(source, "the file is empty")
    parser = detect_framework_parser(text, source)
    report = parser(text, source)
    report.posts = [replace(post, acting=holder_acting(post.span.quote)) for post in report.posts]
    if report.authority.trust is None and (trust := delivering_trust(text)):
        report.authority = replace(report.authority, trust=trust[0], trust_span=trust[1])
    report.source_sha256 = hashlib.sha256(text.raw.encode("utf-8")).hexdigest()
    return report


# Real reports are under 200,000 characters; refusing far larger texts bounds memory.
MAX_CHARS = 5_000_000


def parse_report(raw: str, source: str) -> Report:
    """Parse one report's text. ``source`` names it in errors and provenance (file name)."""
    if len(raw) > MAX_CHARS:
        raise ParseError(
            source,
            f"too long for an inspection report ({len(raw):,} characters; "
            f"the limit is {MAX_CHARS:,})",
        )
    return parse_text(SourceText.from_text(raw), source)
