"""Parser for one framework (being written)."""

from __future__ import annotations

from ..errors import ParseError
from ..normalise import SourceText
from ..records import Report


def parse(text: SourceText, source: str) -> Report:
    """Parse a report of this framework."""
    raise ParseError(source, "parser for this framework is not written yet")
