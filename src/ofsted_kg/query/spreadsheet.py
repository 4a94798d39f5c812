"""A SELECT query's answer as an Excel workbook (``ofsted-kg query NAME -o answer.xlsx``).

openpyxl writes the workbook: numbers as numbers, dates as dates (shown YYYY-MM-DD),
booleans as booleans, so a spreadsheet sorts and sums them without conversion; every text
is a string cell, never a formula (openpyxl makes a text starting with "=" a formula, and a
report's text is data: see :mod:`ofsted_kg.safe_output`), so it needs no quote; the header
row is bold and frozen. Notes about the answer (files the build did not read) go on a
second sheet, ``notes``. The same answer gives the same bytes: the document's dates and
the zip entries' times are fixed (openpyxl stamps both with the time of writing).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from typing import Any

from ofsted_kg.query.results import QueryResult, Value
from ofsted_kg.store.engines import SelectResult

FIXED_TIME = datetime(2000, 1, 1)  # the document's created/modified dates
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
MAX_WIDTH = 80  # characters: a column is never wider
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 refuses


def _cell(value: Value) -> Value:
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _append(sheet: Any, values: list[Any]) -> None:
    """Append a row of cells, each text a string cell (openpyxl would make a text starting
    with "=" a formula, and one like "#N/A" an error)."""
    sheet.append([_cell(v) for v in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def render_xlsx(result: SelectResult, notes: list[str] | None = None) -> bytes:
    """The answer as the bytes of an ``.xlsx`` workbook (sheet ``answer``, and ``notes``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    values: list[list[Any]] = QueryResult.of(result).values if result.datatypes else result.rows
    book = Workbook()
    book.properties.creator = "ofsted-kg"
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    sheet = book.active
    sheet.title = "answer"
    _append(sheet, result.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(c) for c in result.columns]
    for line in values:
        _append(sheet, line)
        widths = [
            max(w, len(str(v)) if v is not None else 0) for w, v in zip(widths, line, strict=True)
        ]
    for index, cells in enumerate(values, start=2):
        for column, value in enumerate(cells, start=1):
            if isinstance(value, date) and not isinstance(value, datetime):
                sheet.cell(index, column).number_format = "yyyy-mm-dd"
    for column, width in enumerate(widths, start=1):
        letter = sheet.cell(1, column).column_letter
        sheet.column_dimensions[letter].width = min(width, MAX_WIDTH) + 2
    if notes:
        extra = book.create_sheet("notes")
        _append(extra, ["note"])
        extra["A1"].font = Font(bold=True)
        for note in notes:
            _append(extra, [note])
        extra.column_dimensions["A"].width = MAX_WIDTH * 2
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's time fixed and the core properties' dates fixed."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + stamp.encode() + rb"\g<2>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
