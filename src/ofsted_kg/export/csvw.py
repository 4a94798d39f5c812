"""The graph's tables as CSV on the Web: a CSV file per table and ``csv-metadata.json``.

:func:`write_csvw` is the front door. The CSVs are the SQLite database's tables
(:mod:`ofsted_kg.export.tables`), one header row, UTF-8. The metadata file (W3C "Metadata
Vocabulary for Tabular Data") describes every table and column (titles, descriptions,
datatypes, keys, foreign keys) and says how each cell maps back to the graph: its
``aboutUrl`` (the subject, a URI template over the row's columns), ``propertyUrl`` (the
graph's predicate) and ``valueUrl`` (an IRI value), so a CSVW processor in minimal mode
(https://www.w3.org/TR/csv2rdf/) gives back the graph's own triples; columns derived for
people (a year, a count, a JSON list) are ``suppressOutput``. :func:`read_csvw` is such a
processor for the features these files use, built on :mod:`uritemplate` (RFC 6570); the
tests compare its triples with the graph, and check the metadata with the ``csvw`` library.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from ofsted_kg.atomic import atomic_write_many, refuse_others_files
from ofsted_kg.errors import CsvwError
from ofsted_kg.export.schema import EVIDENCE, POSITION_SELECTOR, QUOTE_SELECTOR, Column, Table
from ofsted_kg.export.tables import Rows, as_json
from ofsted_kg.model import namespaces as ns
from ofsted_kg.safe_output import spreadsheet_text

OA = ns.OA

METADATA_NAME = "csv-metadata.json"
CSVW_CONTEXT = ns.CSVW_CONTEXT
_DATATYPES = {
    "integer": "integer",
    "decimal": "decimal",
    "double": "double",
    "boolean": "boolean",
    "date": "date",
}


def _template(table: Table, name: str, base: str) -> str:
    """The URI template giving the IRI held in column ``name``."""
    try:
        column = table.column(name)
    except KeyError:
        raise CsvwError(f"table {table.name}: no column {name!r} to make an IRI from") from None
    if column.kind == "iri":
        return f"{{+{name}}}"
    if column.kind == "ref":
        return f"{base}{{+{name}}}"
    if column.kind == "concept":
        return f"{ns.CONCEPT}{{+{name}}}"
    raise CsvwError(f"table {table.name}: column {name!r} holds no IRI")


def _column(table: Table, column: Column, base: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": column.name,
        "titles": column.name,
        "dc:description": column.doc,
        "datatype": _DATATYPES.get(column.kind, "string"),
    }
    if column.lang:
        out["lang"] = column.lang
    triple = column.triple
    if triple is None:
        out["suppressOutput"] = True
        return out
    out["aboutUrl"] = _template(table, triple.about, base) + triple.suffix
    out["propertyUrl"] = (
        _template(table, triple.prop_column, base) if triple.prop_column else str(triple.prop)
    )
    if triple.value is not None:
        out["valueUrl"] = _template(table, triple.value, base)
    elif column.kind in ("iri", "ref", "concept"):
        out["valueUrl"] = _template(table, column.name, base)
    return out


def _virtual(about: str, prop: URIRef, value: str) -> dict[str, Any]:
    """A virtual column: a triple every row gives, made of templates only."""
    return {"virtual": True, "aboutUrl": about, "propertyUrl": str(prop), "valueUrl": value}


def _evidence_links(table: Table, base: str) -> list[dict[str, Any]]:
    """The Web Annotation nodes linking a fact to its report and its two selectors (the
    quote and offsets are columns)."""
    fact = "{+iri}"
    evidence = fact + EVIDENCE
    report = (
        f"{base}{{+report}}" if table.name == "inspections" else f"{base}{{+inspection}}/report"
    )
    return [
        _virtual(fact, PROV.wasDerivedFrom, evidence),
        _virtual(evidence, RDF.type, str(OA.SpecificResource)),
        _virtual(evidence, OA.hasSource, report),
        _virtual(evidence, OA.hasSelector, fact + QUOTE_SELECTOR),
        _virtual(evidence, OA.hasSelector, fact + POSITION_SELECTOR),
        _virtual(fact + QUOTE_SELECTOR, RDF.type, str(OA.TextQuoteSelector)),
        _virtual(fact + POSITION_SELECTOR, RDF.type, str(OA.TextPositionSelector)),
    ]


def table_metadata(table: Table, base: str) -> dict[str, Any]:
    """One table's description: its columns, keys and foreign keys."""
    columns = [_column(table, column, base) for column in table.columns]
    if table.rdf_type is not None:
        columns.append(_virtual("{+iri}", RDF.type, str(table.rdf_type)))
    for link in table.links:
        if link.prop is None or link.value is None:
            raise CsvwError(f"table {table.name}: a link needs a property and a value column")
        about = _template(table, link.about, base) + link.suffix
        columns.append(_virtual(about, link.prop, _template(table, link.value, base)))
    if any(c.name == "quote" for c in table.columns):
        columns += _evidence_links(table, base)
    schema: dict[str, Any] = {
        "columns": columns,
        "primaryKey": list(table.key) if len(table.key) > 1 else table.key[0],
    }
    foreign = [
        {
            "columnReference": column.name,
            "reference": {"resource": f"{column.references}.csv", "columnReference": "id"},
        }
        for column in table.columns
        if column.references
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "url": f"{table.name}.csv",
        "dc:title": table.title,
        "dc:description": table.doc,
        "tableSchema": schema,
    }


def csvw_metadata(tables: list[Table], dataset: dict[str, str | None]) -> dict[str, Any]:
    """The table group's metadata (``csv-metadata.json``)."""
    base = dataset.get("base") or ""
    out: dict[str, Any] = {
        "@context": CSVW_CONTEXT,
        "dc:title": dataset.get("title") or "ofsted-kg",
        "dc:description": dataset.get("description") or "",
        "dc:source": dataset.get("source") or "",
        "dialect": {"trim": False},
        "tables": [table_metadata(table, base) for table in tables],
    }
    if dataset.get("license"):
        out["dc:license"] = {"@id": dataset["license"]}
    return out


def _text(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "list":
        return as_json(value)
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_bytes(rows: Rows) -> bytes:
    """One table as CSV: a header row of column names, then its rows.

    These CSVs are opened in spreadsheets as often as they are read by CSVW processors,
    so a text cell a spreadsheet would take for a formula (one starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return, not a number) is written with a quote
    before it, as every CSV the package writes
    (:func:`~ofsted_kg.safe_output.spreadsheet_text`). The metadata cannot say "drop the
    quote", so a CSVW processor reads such a value back with its quote: the one place
    where the tables' triples and the graph's may differ. No real report's text starts
    a value so (a fact's text, quote, name or label starts with a letter, a digit or a
    bracket, and numbers, dates and IRIs are left alone), so on real reports the tables
    still give back the graph's own triples; only a value made to start a formula reads
    back as the text a spreadsheet shows, quote and all.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_text(c.name) for c in rows.table.columns])
    kinds = [c.kind for c in rows.table.columns]
    for row in rows.rows:
        writer.writerow(
            [spreadsheet_text(_text(kind, value)) for kind, value in zip(kinds, row, strict=True)]
        )
    return buffer.getvalue().encode("utf-8")


def _described_in(folder: Path):
    """Whether a file in ``folder`` is one a CSVW export wrote: its metadata is there and
    lists the file (or is the metadata itself)."""
    try:
        metadata = json.loads((folder / METADATA_NAME).read_bytes())
        listed = {table["url"] for table in metadata["tables"]} | {METADATA_NAME}
    except (OSError, ValueError, KeyError, TypeError):
        listed = set()
    return lambda path: path.name in listed


def write_csvw(all_rows: list[Rows], dataset: dict[str, str | None], folder: Path) -> list[Path]:
    """Write every table's CSV and the metadata into ``folder`` (all or nothing); return
    the paths written, the metadata file last."""
    folder = Path(folder)
    outputs = {folder / f"{rows.table.name}.csv": csv_bytes(rows) for rows in all_rows}
    refuse_others_files([*outputs, folder / METADATA_NAME], _described_in(folder))
    metadata = csvw_metadata([rows.table for rows in all_rows], dataset)
    outputs[folder / METADATA_NAME] = (
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    atomic_write_many(outputs)
    return list(outputs)


# --- reading it back -------------------------------------------------------------------------


def _literal(text: str, column: dict[str, Any]) -> Literal:
    datatype = column.get("datatype", "string")
    if datatype == "string":
        return Literal(text, lang=column.get("lang"))
    return Literal(text, datatype=XSD[datatype])


@lru_cache(maxsize=1024)
def _parsed(template: str) -> Any:
    import uritemplate

    return uritemplate.URITemplate(template)


def _expand(template: str, values: dict[str, str | None]) -> URIRef:
    names = sorted(_parsed(template).variable_names)
    return _expanded(template, tuple((name, values[name]) for name in names))


@lru_cache(maxsize=65_536)
def _expanded(template: str, values: tuple[tuple[str, str | None], ...]) -> URIRef:
    return URIRef(_parsed(template).expand(dict(values)))


def _cells(template: str) -> set[str]:
    return _parsed(template).variable_names


def read_csvw(metadata_path: Path) -> Graph:
    """The triples a CSVW processor in minimal mode makes of the tables ``metadata_path``
    describes (the features our files use: aboutUrl, propertyUrl, valueUrl, datatype,
    lang, suppressOutput and virtual columns; empty cells are null)."""
    metadata_path = Path(metadata_path)
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CsvwError(f"{metadata_path}: cannot read CSVW metadata ({exc})") from None
    graph = Graph()
    for table in metadata.get("tables", []):
        columns = table["tableSchema"]["columns"]
        path = metadata_path.parent / table["url"]
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CsvwError(f"{path}: cannot read ({exc.strerror})") from None
        for row in csv.DictReader(io.StringIO(text, newline="")):
            values = {name: (cell if cell != "" else None) for name, cell in row.items()}
            for column in columns:
                if column.get("suppressOutput"):
                    continue
                about = column.get("aboutUrl", table["tableSchema"].get("aboutUrl"))
                needed = [about, column.get("propertyUrl", ""), column.get("valueUrl", "")]
                if any(values.get(name) is None for t in needed for name in _cells(t)):
                    continue  # a template over an empty cell: no triple
                cell = None if column.get("virtual") else values.get(column["name"])
                if not column.get("virtual") and cell is None:
                    continue
                subject = _expand(about, values)
                predicate = _expand(column["propertyUrl"], values)
                if "valueUrl" in column:
                    graph.add((subject, predicate, _expand(column["valueUrl"], values)))
                elif cell is not None:
                    graph.add((subject, predicate, _literal(cell, column)))
    return graph
