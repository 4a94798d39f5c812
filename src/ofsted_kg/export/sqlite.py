"""The graph's tables as a SQLite database for Datasette, written with sqlite-utils.

:func:`write_database` is the front door: one table per thing people count
(:mod:`ofsted_kg.export.tables`), primary and foreign keys, indexes on the columns people
filter by, full-text search (FTS5, tables ``<name>_fts``) on recommendation texts and
quotes, the view ``latest_inspections``, and beside the database a ``metadata.yml`` for
Datasette: titles, a description of every table and column, licence and source, facets,
and canned queries for the README's questions (their SQL in ``queries/sql/``).

The database is built in a temporary folder and moved into place only when complete, so a
failed export leaves the old file; the same graph gives a byte-identical file (the rows
are sorted, and nothing records a time).
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ofsted_kg.atomic import atomic_write_many, refuse_others_files
from ofsted_kg.export.schema import TABLES, Table
from ofsted_kg.export.tables import Rows, as_json
from ofsted_kg.resources import resource

METADATA_NAME = "metadata.yml"
TABLE_NAMES = tuple(table.name for table in TABLES)
OGL_NAME = "Open Government Licence v3.0"
SOURCE = "Ofsted inspection reports of local authority children's services"
_SQL_TYPES = {"integer": int, "decimal": float, "double": float, "boolean": int}
_HEADER_RE = re.compile(r"^--\s*(?P<key>[a-z]+):\s*(?P<value>.*)$")


@dataclass(frozen=True)
class SqlText:
    """A view or canned query of ``queries/sql/``: its header and its SQL."""

    name: str
    title: str
    description: str
    kind: str  # "view" or "query"
    sql: str


def sql_texts() -> list[SqlText]:
    """The view and canned queries shipped in ``queries/sql/``, by name."""
    out = []
    for entry in sorted(resource("queries", "sql").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        text = entry.read_text(encoding="utf-8")
        header: dict[str, str] = {}
        body: list[str] = []
        for line in text.splitlines():
            match = _HEADER_RE.match(line)
            if match and not body:
                header[match["key"]] = match["value"].strip()
            else:
                body.append(line)
        out.append(
            SqlText(
                entry.name[:-4],
                header.get("title", entry.name[:-4]),
                header.get("description", ""),
                header.get("kind", "query"),
                "\n".join(body).strip() + "\n",
            )
        )
    return out


def _cell(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "list":
        return as_json(value)
    if kind == "decimal" and isinstance(value, Decimal):
        return float(value)
    if kind == "boolean":
        return int(bool(value))
    return value


def _create(db: Any, rows: Rows) -> None:
    table = rows.table
    columns = {c.name: _SQL_TYPES.get(c.kind, str) for c in table.columns}
    pk = table.key[0] if len(table.key) == 1 else table.key
    db[table.name].create(columns, pk=pk, not_null=set(table.key))
    kinds = [c.kind for c in table.columns]
    names = [c.name for c in table.columns]
    db[table.name].insert_all(
        ({n: _cell(k, v) for n, k, v in zip(names, kinds, row, strict=True)} for row in rows.rows),
        batch_size=1000,
    )
    for column in table.indexes:
        db[table.name].create_index([column], index_name=f"idx_{table.name}_{column}")
    if table.search:
        db[table.name].enable_fts(list(table.search), tokenize="porter")


def database_bytes(all_rows: list[Rows]) -> bytes:
    """The SQLite database of these tables, as bytes."""
    import sqlite_utils

    with tempfile.TemporaryDirectory(prefix="ofsted-kg-db-") as folder:
        path = Path(folder) / "ofsted.db"
        connection = sqlite3.connect(path)
        try:
            db = sqlite_utils.Database(connection)
            for rows in all_rows:
                _create(db, rows)
            names = {rows.table.name for rows in all_rows}
            db.add_foreign_keys(
                [
                    (rows.table.name, column.name, column.references, "id")
                    for rows in all_rows
                    for column in rows.table.columns
                    if column.references in names
                ]
            )
            for text in sql_texts():
                if text.kind == "view":
                    db.create_view(text.name, text.sql)
            connection.commit()
            connection.execute("VACUUM")
        finally:
            connection.close()
        return path.read_bytes()


def _table_metadata(table: Table) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": table.title,
        "description": table.doc,
        "columns": {c.name: c.doc for c in table.columns},
    }
    facets: list[Any] = [*table.facets, *({"array": name} for name in table.array_facets)]
    if facets:
        meta["facets"] = facets
    if table.label:
        meta["label_column"] = table.label
    if table.sort:
        meta["sort"] = table.sort
    return meta


def datasette_metadata(database: str, dataset: dict[str, str | None]) -> dict[str, Any]:
    """Datasette's metadata for the database named ``database`` (the file's stem)."""
    texts = sql_texts()
    tables = {table.name: _table_metadata(table) for table in TABLES}
    for text in texts:
        if text.kind == "view":
            tables[text.name] = {
                "title": text.title,
                "description": text.description,
                "facets": ["region", "framework", "overall_grade"],
                "sort": "name",
            }
    return {
        "title": dataset.get("title") or "ofsted-kg",
        "description": (dataset.get("description") or "")
        + " Built by ofsted-kg from the same graph the SPARQL queries see: every fact links "
        "to its report, page and quote.",
        "license": OGL_NAME,
        "license_url": dataset.get("license") or "",
        "source": SOURCE,
        "databases": {
            database: {
                "tables": tables,
                "queries": {
                    text.name: {
                        "title": text.title,
                        "description": text.description,
                        "sql": text.sql,
                    }
                    for text in texts
                    if text.kind == "query"
                },
            }
        },
    }


def metadata_yaml(metadata: dict[str, Any]) -> bytes:
    import yaml

    return yaml.safe_dump(
        metadata, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
    ).encode("utf-8")


def _our_metadata(path: Path) -> bool:
    """Whether ``path`` is a ``metadata.yml`` an export wrote: Datasette metadata
    describing a database of this schema's tables."""
    import yaml

    try:
        metadata = yaml.safe_load(path.read_bytes())
    except (OSError, yaml.YAMLError):
        return False
    databases = metadata.get("databases") if isinstance(metadata, dict) else None
    return isinstance(databases, dict) and any(
        isinstance(db, dict) and set(TABLE_NAMES) <= set(db.get("tables") or ())
        for db in databases.values()
    )


def write_database(all_rows: list[Rows], dataset: dict[str, str | None], output: Path) -> Path:
    """Write the database to ``output`` and Datasette's ``metadata.yml`` beside it (both or
    neither); return the metadata file's path."""
    output = Path(output)
    metadata_path = output.parent / METADATA_NAME
    refuse_others_files([metadata_path], _our_metadata)
    data = database_bytes(all_rows)
    metadata = metadata_yaml(datasette_metadata(output.stem, dataset))
    atomic_write_many({output: data, metadata_path: metadata})
    return metadata_path
