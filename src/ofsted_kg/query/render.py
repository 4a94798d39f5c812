"""Render query results for people (aligned table, Markdown) and scripts (CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
import math
from functools import cache

from ofsted_kg.safe_output import json_controls_escaped, spreadsheet_text, terminal_text
from ofsted_kg.store.engines import SelectResult

FORMATS = ("table", "csv", "json", "markdown")


def _cells(result: SelectResult) -> list[list[str]]:
    """The cells of a table for people: whitespace runs one space, no control characters
    or escape sequences (a table is read on a terminal, and aligned by what it shows)."""
    return [
        ["" if value is None else " ".join(terminal_text(value).split()) for value in row]
        for row in result.rows
    ]


def _fits(cell: str, max_width: int) -> str:
    """``cell`` cut with an ellipsis when longer than ``max_width``, unless it is an IRI
    (a reader copies those whole, e.g. into ``query provenance -p fact=...``)."""
    if len(cell) <= max_width or (cell.startswith(("http://", "https://")) and " " not in cell):
        return cell
    return cell[: max_width - 1] + "…"


def render_table(result: SelectResult, max_width: int = 60) -> str:
    """An aligned plain-text table; long texts are cut with an ellipsis, IRIs never."""
    rows = [[_fits(c, max_width) for c in row] for row in _cells(result)]
    widths = [len(c) for c in result.columns]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def render_csv(result: SelectResult) -> str:
    """CSV for scripts and spreadsheets: a text cell a spreadsheet would take for a
    formula gets a quote before it (:func:`~ofsted_kg.safe_output.spreadsheet_text`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([spreadsheet_text(c) for c in result.columns])
    writer.writerows(
        [["" if v is None else spreadsheet_text(v) for v in row] for row in result.rows]
    )
    return buffer.getvalue()


_INTEGERS = (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
    "unsignedShort", "unsignedByte",
)  # fmt: skip
_REALS = ("decimal", "double", "float")


@cache
def _kinds() -> dict[str, str]:
    """XSD datatype IRI -> "integer", "real" or "boolean" (the namespaces module loads
    rdflib, so only JSON output pays for it)."""
    from ofsted_kg.model.namespaces import XSD_NS

    kinds = {XSD_NS + name: "integer" for name in _INTEGERS}
    kinds.update({XSD_NS + name: "real" for name in _REALS})
    kinds[XSD_NS + "boolean"] = "boolean"
    return kinds


def _json_value(value: str | None, datatype: str | None) -> object:
    """A JSON number or boolean for a numeric or boolean literal; its text otherwise."""
    if value is None or datatype is None:
        return value
    kind = _kinds().get(datatype)
    try:
        if kind == "integer":
            return int(value)
        if kind == "real":
            number = float(value)
            return number if math.isfinite(number) else value
    except ValueError:
        return value
    if kind == "boolean" and value in ("true", "false", "1", "0"):
        return value in ("true", "1")
    return value


def render_json(result: SelectResult) -> str:
    """One object per row; numbers and booleans typed where the engine gave datatypes.
    Every control character is a ``\\u`` escape (the same string to a JSON reader), so
    the JSON printed on a terminal holds no escape sequence."""
    types = result.datatypes or [[None] * len(result.columns)] * len(result.rows)
    records = [
        {c: _json_value(v, t) for c, v, t in zip(result.columns, row, kinds, strict=True)}
        for row, kinds in zip(result.rows, types, strict=True)
    ]
    return json_controls_escaped(json.dumps(records, indent=2, ensure_ascii=False) + "\n")


def render_markdown(result: SelectResult) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "| " + " | ".join(result.columns) + " |",
        "|" + "|".join("---" for _ in result.columns) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in _cells(result)]
    return "\n".join(lines) + "\n"


def render_notes(notes: list[str], fmt: str) -> str:
    """Notes under a table (``note: ...`` lines) or a Markdown table (quoted notes)."""
    if not notes:
        return ""
    notes = [terminal_text(note) for note in notes]
    if fmt == "markdown":
        return "\n" + "".join(f"> **Note:** {note}\n" for note in notes)
    return "".join(f"note: {note}\n" for note in notes)


def render(result: SelectResult, fmt: str) -> str:
    """``result`` in one of :data:`FORMATS`."""
    return {
        "table": render_table,
        "csv": render_csv,
        "json": render_json,
        "markdown": render_markdown,
    }[fmt](result)
