"""``ofsted-kg export --format sqlite|csvw``: the graph's tables for Datasette and
spreadsheets (the ``export`` command hands these two formats here)."""

from __future__ import annotations

from pathlib import Path

import click


def export_tables(fmt: str, graph_path: Path, output: Path | None, authority, frame) -> None:
    """Write the SQLite database (and metadata.yml) or the CSVW folder."""
    from ofsted_kg.cli import fail
    from ofsted_kg.export.tables import graph_tables

    if authority or frame:
        fail(f"--format {fmt} exports the whole graph; --authority and --frame are for ttl/jsonld")
    if output is None:
        where = "FILE, e.g. -o ofsted.db" if fmt == "sqlite" else "FOLDER, e.g. -o csv/"
        return fail(f"--format {fmt} writes files: give -o {where}")
    info, tables = graph_tables(graph_path)
    rows = sum(len(t.rows) for t in tables)
    if fmt == "sqlite":
        from ofsted_kg.export.sqlite import write_database

        metadata = write_database(tables, info, output)
        click.echo(f"wrote {output} ({len(tables)} tables, {rows:,} rows) and {metadata}")
        click.echo(f"open it: datasette {output} -m {metadata}")
        return
    from ofsted_kg.export.csvw import write_csvw

    written = write_csvw(tables, info, output)
    click.echo(f"wrote {len(written) - 1} CSV files ({rows:,} rows) and {written[-1]}")
