"""The graph as tables, for people who use spreadsheets, Datasette and web pages.

Each table of :mod:`ofsted_kg.export.schema` is filled by one SPARQL SELECT in
``queries/tables/`` run on the built graph and its ontology (the same graph the stored
queries see), so every number still leads back to its quote. :func:`graph_tables` is the
front door; the rows are converted to Python values by column kind and sorted by key, so
the same graph always gives the same tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ofsted_kg.errors import TableError
from ofsted_kg.export.schema import TABLES, Column, Table
from ofsted_kg.model import namespaces as ns
from ofsted_kg.resources import resource
from ofsted_kg.store.engines import Engine, SelectResult

LIST_SEPARATOR = "|"  # GROUP_CONCAT's separator in the table queries
# A fact's evidence, read once by queries/tables/quotes.rq and joined to each fact table.
EVIDENCE_COLUMNS = ("quote", "page", "start_offset", "end_offset")


# --- filling them -------------------------------------------------------------------------


@dataclass
class Rows:
    """One table's rows, as Python values in column order."""

    table: Table
    rows: list[list[Any]] = field(default_factory=list)

    def dicts(self) -> list[dict[str, Any]]:
        names = [c.name for c in self.table.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]


class Paths:
    """Turns IRIs into the paths the tables store, and back."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.concepts = str(ns.CONCEPT)

    def ref(self, iri: str) -> str:
        if not iri.startswith(self.base):
            raise TableError(f"{iri} is not under the dataset base {self.base}")
        return iri[len(self.base) :]

    def concept(self, iri: str) -> str:
        if not iri.startswith(self.concepts):
            raise TableError(f"{iri} is not a concept under {self.concepts}")
        return iri[len(self.concepts) :]


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise TableError(f"{text!r} is not a number") from None


def convert(column: Column, value: str | None, paths: Paths) -> Any:
    """A query's lexical value as the column stores it (None stays None)."""
    if value is None:
        return [] if column.kind == "list" else None
    kind = column.kind
    if kind == "ref":
        return paths.ref(value)
    if kind == "concept":
        return paths.concept(value)
    if kind == "integer":
        return int(_decimal(value))
    if kind == "decimal":
        return _decimal(value)
    if kind == "double":
        return float(value)
    if kind == "boolean":
        return value == "true"
    if kind == "list":
        return sorted({item for item in value.split(LIST_SEPARATOR) if item})
    return value


def query_text(table: Table) -> str:
    return resource("queries", "tables", f"{table.query}.rq").read_text(encoding="utf-8")


def _year(row: dict[str, Any]) -> int | None:
    start = row.get("start")
    return int(start[:4]) if isinstance(start, str) and start[:4].isdigit() else None


def _run(table: Table, engine: Engine) -> SelectResult:
    return engine.select(query_text(table))


def fill(
    table: Table,
    answer: SelectResult,
    paths: Paths,
    evidence: dict[str, list[str | None]] | None = None,
) -> Rows:
    """Convert a table query's answer to rows, sorted by key so output is stable; the
    evidence columns the query leaves out come from ``evidence`` (by the fact's IRI)."""
    names = [c.name for c in table.columns]
    index = {name: i for i, name in enumerate(answer.columns)}
    derived = {"id", "year", *(EVIDENCE_COLUMNS if evidence is not None else ())}
    missing = [n for n in names if n not in index and n not in derived]
    if missing:
        raise TableError(f"queries/tables/{table.query}.rq gives no column {', '.join(missing)}")
    out = Rows(table)
    seen: set[tuple[Any, ...]] = set()
    none: list[str | None] = [None] * len(EVIDENCE_COLUMNS)
    for raw in answer.rows:
        values: dict[str, Any] = {}
        found = (evidence or {}).get(raw[index["iri"]] or "", none) if "iri" in index else none
        for column in table.columns:
            if column.name == "id":
                source = raw[index["iri"]]
            elif column.name == "year":
                continue
            elif column.name in index:
                source = raw[index[column.name]]
            else:
                source = found[EVIDENCE_COLUMNS.index(column.name)]
            values[column.name] = convert(column, source, paths)
        if "year" in names:
            values["year"] = _year(values)
        key = tuple(values[k] for k in table.key)
        if key in seen:
            raise TableError(f"table {table.name}: two rows have the key {key}")
        seen.add(key)
        out.rows.append([values[n] for n in names])
    key_index = [names.index(k) for k in table.key]
    out.rows.sort(key=lambda row: tuple(str(row[i]) for i in key_index))
    return out


def extract(engine: Engine, base: str, tables: Iterable[Table] = TABLES) -> list[Rows]:
    """Every table's rows from the graph behind ``engine`` (with the ontology loaded).

    The queries run two at a time (Oxigraph answers without holding Python's lock). A
    fact's evidence is read once, by the quotes table's query, and joined to each fact
    table by the fact's IRI.
    """
    from concurrent.futures import ThreadPoolExecutor

    paths = Paths(base)
    tables = list(tables)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda table: _run(table, engine), tables))
    evidence: dict[str, list[str | None]] = {}
    for table, answer in zip(tables, answers, strict=True):
        if table.name == "quotes":
            where = [answer.columns.index(name) for name in ("iri", *EVIDENCE_COLUMNS)]
            for raw in answer.rows:
                evidence[raw[where[0]] or ""] = [raw[i] for i in where[1:]]
    return [
        fill(table, answer, paths, evidence if evidence else None)
        for table, answer in zip(tables, answers, strict=True)
    ]


def as_json(values: list[str]) -> str:
    """A list column's cell: a JSON array."""
    return json.dumps(values, ensure_ascii=False)


def dataset(engine: Engine, source: str = "the graph") -> dict[str, str | None]:
    """The graph's dataset description: ``dataset`` (its IRI), ``base`` (the base of
    instance IRIs), ``title``, ``description``, ``license``, ``source``."""
    answer = engine.select(resource("queries", "tables", "dataset.rq").read_text(encoding="utf-8"))
    if not answer.rows:
        raise TableError(f"{source}: no dataset node; is it a graph built by ofsted-kg?")
    row: dict[str, str | None] = dict(zip(answer.columns, answer.rows[0], strict=True))
    iri = row["dataset"] or ""
    row["base"] = iri[: -len("dataset")]
    return row


def graph_tables(graph_path: Path) -> tuple[dict[str, str | None], list[Rows]]:
    """The dataset description and every table of the built graph file ``graph_path``."""
    from ofsted_kg.store.disk import open_engine

    engine = open_engine(graph_path)
    info = dataset(engine, str(graph_path))
    return info, extract(engine, info["base"] or "")
