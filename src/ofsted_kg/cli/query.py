"""``ofsted-kg queries`` and ``ofsted-kg query``: the stored-query catalogue, and running a
query with its answer in the format people or scripts want.

The output format follows the file name (``-o answer.csv``, ``.json``, ``.md``, ``.xlsx``,
``.txt`` for the aligned table; ``.ttl``/``.jsonld`` for a CONSTRUCT), as ``draw`` does, or
``--format``. When the build that made the graph refused or quarantined files that may be
about what was asked, the answer says so: a footer under a table or Markdown table, a
``notes`` sheet in a workbook, and a ``note:`` line on stderr wherever the notes are not
already on screen (CSV and JSON stay plain data). What is printed on the terminal holds
no escape sequence or other control character a report's text may carry
(:func:`~ofsted_kg.safe_output.terminal_text`); a file gets the data as it is.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ofsted_kg.cli import (
    endpoint_options,
    fail,
    graph_option,
    handles_errors,
    refuse_graph_as_output,
)
from ofsted_kg.safe_output import terminal_text

if TYPE_CHECKING:
    from ofsted_kg.store.engines import Engine

SELECT_FORMATS = ("table", "csv", "json", "markdown", "xlsx")
GRAPH_FORMATS = ("ttl", "jsonld")
# File suffix -> output format.
SUFFIX_FORMATS = {
    ".txt": "table",
    ".csv": "csv",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "xlsx",
    ".ttl": "ttl",
    ".jsonld": "jsonld",
}
# Topic of each group ``ofsted-kg queries`` lists, in order; data checks come last.
TOPICS = (
    "grades and comparisons",
    "inspections and reports",
    "recommendations",
    "inspectors",
    "councils and figures",
    "the build and its coverage",
)
CHECKS = "data checks (must return no rows)"


def output_format(fmt: str | None, output: Path | None) -> str | None:
    """The format asked for, or told by ``output``'s suffix; an error when they disagree."""
    if output is None:
        if fmt == "xlsx":
            fail("--format xlsx writes a workbook: give the file, e.g. -o answer.xlsx")
        return fmt
    if output.is_dir():
        fail(f"{output}: cannot write: Is a directory")
    suffix = output.suffix.lower()
    by_suffix = SUFFIX_FORMATS.get(suffix)
    if fmt is None:
        if by_suffix is None:
            known = ", ".join(SUFFIX_FORMATS)
            fail(
                f"{output}: cannot tell the format from the suffix "
                f"{suffix or '(none)'!r}; give --format, or a file ending {known}"
            )
        return by_suffix
    if by_suffix is not None and by_suffix != fmt:
        fail(f"--format {fmt} does not match the file name {output} (a {by_suffix} file)")
    return fmt


@click.command(name="queries")
@click.argument("name", required=False)
@handles_errors
def list_queries(name: str | None) -> None:
    """List the stored queries by topic, one line each; with NAME, one query in full.

    Example: ofsted-kg queries latest-judgements
    """
    from ofsted_kg.query.catalogue import catalogue, load_query

    if name:
        query = load_query(name)
        click.echo(click.style(query.name, bold=True) + f"  {query.title}")
        click.echo(f"  {query.question}")
        for param in query.params:
            default = "required" if param.required else f"default {param.default!r}"
            many = "; repeat -p for several" if param.many else ""
            click.echo(f"  -p {param.name}=<{param.type}>  {param.doc} ({default}{many})")
        if query.columns:
            click.echo(f"  columns: {', '.join(query.columns)}")
        for example in query.examples:
            click.echo(f"  example: {example}")
        return
    groups: dict[str, list] = {}
    for query in catalogue().values():
        topic = CHECKS if query.name.endswith("-violation") else query.topic or TOPICS[1]
        groups.setdefault(topic, []).append(query)
    width = max(len(q) for q in catalogue())
    for topic in [*TOPICS, CHECKS]:
        if topic not in groups:
            continue
        click.echo(click.style(topic[0].upper() + topic[1:], bold=True))
        for query in groups[topic]:
            params = f"  [-p {', '.join(p.name for p in query.params)}]" if query.params else ""
            click.echo(f"  {query.name.ljust(width)}  {query.title}{params}")
    click.echo("ofsted-kg queries NAME shows one query's question, parameters and examples.")


def _values(params: tuple[str, ...]) -> dict[str, str | list[str]]:
    """``-p NAME=VALUE`` options as a dict; a name given more than once gets a list."""
    values: dict[str, str | list[str]] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(f"bad parameter {item!r}: write NAME=VALUE")
        key = key.strip()
        if key in values:
            before = values[key]
            values[key] = [*([before] if isinstance(before, str) else before), value]
        else:
            values[key] = value
    return values


@click.command()
@click.argument("name")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query parameter (repeatable; a parameter marked 'repeat' takes several).",
)
@graph_option
@click.option(
    "-f",
    "--format",
    "fmt",
    default=None,
    type=click.Choice([*SELECT_FORMATS, *GRAPH_FORMATS]),
    help="Output format [default: from the -o file's suffix, else table; ttl for CONSTRUCT "
    "queries, which also take jsonld].",
)
@click.option(
    "--engine",
    default="oxigraph",
    show_default=True,
    type=click.Choice(["oxigraph", "rdflib"]),
    help="Embedded query engine.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to a file (.txt, .csv, .json, .md, .xlsx; .ttl or .jsonld for CONSTRUCT).",
)
@endpoint_options
@click.option("--allow-update", is_flag=True, help="Allow SPARQL Update (on --endpoint only).")
@click.option(
    "--graph-iri",
    metavar="IRI",
    help="With --endpoint: the data graph push wrote, read with the ontology graph "
    "[default: https://w3id.org/ofsted-kg/graph/data, or the server's default graph when "
    "it has no such graph].",
)
@click.option(
    "--server-default-graph",
    is_flag=True,
    help="With --endpoint: read the server's own default graph, not the graphs push wrote.",
)
@click.option(
    "--max-response",
    type=click.IntRange(min=1, max=65_536),
    default=None,
    metavar="MIB",
    help="Refuse a server's answer larger than this many MiB [default: 256].",
)
@handles_errors
def query(
    name,
    params,
    graph_path,
    fmt,
    engine,
    output,
    endpoint,
    timeout,
    allow_update,
    graph_iri,
    server_default_graph,
    max_response,
) -> None:
    """Run a stored query (by NAME) or a .rq file on the built graph or a SPARQL server.

    \b
    Example: ofsted-kg query latest-judgements -p region="North West" -o latest.xlsx
    """
    from ofsted_kg.query.catalogue import load_query, run_query, unread_for
    from ofsted_kg.store.disk import open_engine

    values = _values(params)
    refuse_graph_as_output(output, graph_path)
    fmt = output_format(fmt, output)
    stored = load_query(name)
    target: Engine
    if (graph_iri or server_default_graph) and not endpoint:
        fail("--graph-iri and --server-default-graph are for a server (--endpoint URL)")
    if graph_iri and server_default_graph:
        fail("give --graph-iri IRI or --server-default-graph, not both")
    if endpoint:
        from ofsted_kg.server.remote import (
            DEFAULT_GRAPH_IRI,
            DEFAULT_TIMEOUT,
            MAX_RESPONSE_BYTES,
            RemoteEngine,
        )

        target = RemoteEngine(
            endpoint,
            timeout or DEFAULT_TIMEOUT,
            max_bytes=max_response * 2**20 if max_response else MAX_RESPONSE_BYTES,
            graph_iri=None if server_default_graph else graph_iri or DEFAULT_GRAPH_IRI,
            fallback=not graph_iri,  # a graph the user named, or nothing
        )
    else:
        target = open_engine(graph_path, engine)
    target.typed = fmt in ("json", "xlsx")  # numbers, dates and booleans as such
    with warnings.catch_warnings(record=True) as heard:
        warnings.simplefilter("always")
        answer = run_query(
            stored, target, values, allow_update=allow_update, timeout=None if endpoint else timeout
        )
    for warning in heard:
        if warning.category.__module__.startswith("ofsted_kg"):  # ours: one plain line
            click.echo(f"warning: {terminal_text(str(warning.message))}", err=True)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    unread = getattr(answer, "unread", None)
    if unread is None and answer is not True:  # an ASK or CONSTRUCT (not an update)
        unread = unread_for(stored, target, values)
    notes = [file.note() for file in unread or []]
    data, shown = _format_answer(answer, fmt, notes)
    if output:
        from ofsted_kg.atomic import atomic_write

        atomic_write(output, data)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(terminal_text(data.decode("utf-8")), nl=False)
    if not (shown and output is None):
        for note in notes:
            click.echo(f"note: {terminal_text(note)}", err=True)
    if isinstance(answer, bool) and not answer:
        sys.exit(1)
    if stored.name.endswith("-violation") and getattr(answer, "rows", None):
        sys.exit(1)  # a data check that found something, like SHACL violations


def _format_answer(answer, fmt: str | None, notes: list[str]) -> tuple[bytes, bool]:
    """The answer's bytes in ``fmt``, and whether the notes are in them (a table footer,
    a Markdown note, a workbook's notes sheet)."""
    from ofsted_kg.query.render import render, render_notes
    from ofsted_kg.store.engines import SelectResult

    if isinstance(answer, bool):
        if fmt not in (None, "table"):
            fail(f"--format {fmt} is for SELECT queries; an ASK query prints true or false")
        return (("true" if answer else "false") + "\n").encode(), False
    if not isinstance(answer, SelectResult):  # a CONSTRUCT's graph
        from ofsted_kg.rdf.serialise import jsonld_bytes, turtle_bytes

        if fmt not in (None, *GRAPH_FORMATS):
            fail(f"--format {fmt} is for SELECT queries; a CONSTRUCT gives ttl or jsonld")
        return (jsonld_bytes(answer) if fmt == "jsonld" else turtle_bytes(answer)), False
    if fmt in GRAPH_FORMATS:
        fail(f"--format {fmt} is for CONSTRUCT queries; use {', '.join(SELECT_FORMATS)}")
    if fmt == "xlsx":
        from ofsted_kg.query.spreadsheet import render_xlsx

        return render_xlsx(answer, notes), bool(notes)
    fmt = fmt or "table"
    text = render(answer, fmt)
    if fmt in ("table", "markdown"):
        return (text + render_notes(notes, fmt)).encode("utf-8"), True
    return text.encode("utf-8"), False
