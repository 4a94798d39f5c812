"""Text from reports made safe for where it is shown: the one home of two rules.

Report text is data, never instructions, but two kinds of reader may take it for some:

:func:`spreadsheet_text`
    A spreadsheet opening a CSV file reads a cell starting with ``=``, ``+``, ``-`` or
    ``@`` as a formula (``=cmd|' /C calc'!A0`` runs a program in old Excel; ``=HYPERLINK``
    sends data away), and a leading tab or carriage return can hide such a start. As
    OWASP's "CSV Injection" advice says, such a text cell is written with a single quote
    before it, which a spreadsheet shows as text; a cell that is a whole number (``-3``,
    ``-0.5``, ``+44``) is left as it is. Every CSV writer of the package uses it: ``query
    -f csv``, ``search -f csv``, ``export -f csvw`` and the ``sync`` manifest (whose
    reader drops the quote again, :func:`from_spreadsheet_text`). Workbooks need no
    quote: :mod:`ofsted_kg.query.spreadsheet` writes every text cell as a string cell,
    never a formula.

:func:`terminal_text`
    A terminal obeys escape sequences in what it prints: CSI (``ESC [``: colours, cursor
    moves, clearing the screen), OSC (``ESC ]``: a window title, OSC 52 the clipboard, OSC
    8 links), DCS and the other strings, and their one-byte C1 forms (U+009B ...). Text
    printed by ``query`` and ``search`` loses every such sequence and every other control
    character but newline and tab. (JSON keeps every character, escaped:
    :func:`json_controls_escaped`.) The report reader already leaves control characters
    out of the text parsers read (:mod:`ofsted_kg.source.text`), but a fact's quote is an
    exact slice of the file as shipped, so it keeps them; this is where they stop.
"""

from __future__ import annotations

import re

# A cell starting with one of these is a formula to a spreadsheet (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

# Escape sequences (ECMA-48), ESC and C1 forms alike: CSI with its parameters; a control
# string (OSC, DCS, SOS, PM, APC) up to its terminator (BEL, ESC \ or ST) on its line;
# any other ESC and the bytes that complete it. A sequence cut short loses its introducer
# to _CONTROL_RE, so nothing can start one. (Each branch starts with the introducer's
# character, so the regex engine skips to candidates: a quarter of a millisecond for a
# 100 kB report.)
_CSI = r"[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
_STRING = r"[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
ESCAPE_SEQUENCE_RE = re.compile(
    r"[\x1b\x90\x98\x9b\x9d-\x9f](?:"
    rf"(?<=\x1b)(?:\[{_CSI}|[\]PX^_]{_STRING}|[\x20-\x2f]*[\x30-\x7e])"
    rf"|(?<=\x9b){_CSI}"
    rf"|(?<=[\x90\x98\x9d-\x9f]){_STRING})"
)
# Control characters but newline and tab: C0, DEL and C1.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# DEL and the C1 controls, which json.dumps writes as they are (it escapes C0 only).
_JSON_UNESCAPED_RE = re.compile(r"[\x7f-\x9f]")


def spreadsheet_text(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text: a quote before a formula's
    start (``'=cmd|...``), and before a text that is already such a quote and a formula's
    start (``'=x`` is ``''=x``, so that :func:`from_spreadsheet_text` gives it back whole);
    a number (``-3``) and any other text unchanged."""
    formula = text.startswith(FORMULA_STARTS) and not _NUMBER_RE.fullmatch(text)
    if formula or (text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS)):
        return "'" + text
    return text


def from_spreadsheet_text(cell: str) -> str:
    """The text :func:`spreadsheet_text` made ``cell`` of: its quote dropped when it is
    one that function adds (for a CSV the package reads back, the ``sync`` manifest)."""
    if cell.startswith("'") and spreadsheet_text(cell[1:]) == cell:
        return cell[1:]
    return cell


def json_controls_escaped(json_text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with DEL and the C1 controls as
    ``\\u`` escapes too: the same strings to a JSON reader, and no escape sequence on a
    terminal. (Outside strings JSON holds no such character.)"""
    return _JSON_UNESCAPED_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def terminal_text(text: str) -> str:
    """``text`` without escape sequences and control characters (newlines and tabs
    kept), safe to print on a terminal."""
    if not _CONTROL_RE.search(text):  # the common case (ESC and the C1 forms are controls)
        return text
    return _CONTROL_RE.sub("", ESCAPE_SEQUENCE_RE.sub("", text))
