"""A SELECT query's answer for Python: typed values, rows as dicts, a pandas DataFrame.

:func:`~ofsted_kg.query.catalogue.run_query` returns a :class:`QueryResult`. It is the
engines' :class:`~ofsted_kg.store.engines.SelectResult` (``columns``, ``rows`` of lexical
strings, which the command line prints as they are) with more for a Python caller:

- iterating gives one ``dict`` per row, each value typed from its literal's datatype
  (``xsd:integer`` -> ``int``, ``xsd:decimal`` -> ``Decimal``, ``xsd:double`` -> ``float``,
  ``xsd:date`` -> ``datetime.date``, ``xsd:boolean`` -> ``bool``; text and IRIs stay ``str``,
  unbound cells are ``None``);
- :meth:`QueryResult.to_dataframe` when pandas is installed (``pip install ofsted-kg[pandas]``);
- :attr:`QueryResult.unread`: the files the build refused or quarantined that may be about
  what was asked, so an answer that could be incomplete says so
  (:mod:`ofsted_kg.query.staleness`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from ofsted_kg.errors import QueryError
from ofsted_kg.model.namespaces import XSD_NS
from ofsted_kg.store.engines import SelectResult

if TYPE_CHECKING:
    from ofsted_kg.query.staleness import UnreadFile

XSD = XSD_NS
INTEGERS = frozenset(
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
)  # fmt: skip
DECIMAL = XSD + "decimal"
FLOATS = frozenset((XSD + "double", XSD + "float"))
DATE = XSD + "date"
DATETIME = XSD + "dateTime"
BOOLEAN = XSD + "boolean"

Value = str | int | float | Decimal | date | datetime | bool | None


def typed_value(lexical: str | None, datatype: str | None) -> Value:
    """The Python value of a literal (its lexical form when it is not a valid one)."""
    if lexical is None or datatype is None:
        return lexical
    try:
        if datatype in INTEGERS:
            return int(lexical)
        if datatype == DECIMAL:
            return Decimal(lexical)
        if datatype in FLOATS:
            number = float(lexical)
            return number if math.isfinite(number) else lexical
        if datatype == DATE:
            return date.fromisoformat(lexical[:10]) if len(lexical) == 10 else lexical
        if datatype == DATETIME:
            return datetime.fromisoformat(lexical)
        if datatype == BOOLEAN and lexical in ("true", "false", "1", "0"):
            return lexical in ("true", "1")
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


@dataclass
class QueryResult(SelectResult):
    """A SELECT's answer: :class:`SelectResult` plus typed values and the unread files."""

    unread: list[UnreadFile] = field(default_factory=list)

    @classmethod
    def of(cls, result: SelectResult, unread: list[UnreadFile] | None = None) -> QueryResult:
        return cls(result.columns, result.rows, result.datatypes, list(unread or []))

    @property
    def values(self) -> list[list[Value]]:
        """The rows with typed values (lexical strings where the engine gave no datatypes)."""
        types = self.datatypes or [[None] * len(self.columns)] * len(self.rows)
        return [
            [typed_value(v, t) for v, t in zip(row, kinds, strict=True)]
            for row, kinds in zip(self.rows, types, strict=True)
        ]

    def records(self) -> list[dict[str, Value]]:
        """One dict per row, column -> typed value."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.values]

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self.records())

    def __len__(self) -> int:
        return len(self.rows)

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of the typed values (dates as ``datetime64``; needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise QueryError(
                "to_dataframe() needs pandas: pip install 'ofsted-kg[pandas]'"
            ) from None
        frame = pd.DataFrame(self.values, columns=self.columns)
        for column in frame.columns:
            cells = [v for v in frame[column] if v is not None]
            if cells and all(isinstance(v, date) for v in cells):
                frame[column] = pd.to_datetime(frame[column])
            elif cells and all(isinstance(v, Decimal) for v in cells):
                frame[column] = frame[column].astype("float64")
        return frame
