"""The ``ofsted-kg`` command: a thin click layer over the library.

Exit codes follow pySHACL: 0 ok / conforms, 1 SHACL violations, 2 error. Named library
errors become one readable line; anything else is a bug and keeps its traceback. A reader
that stops reading (``ofsted-kg build | head``) ends the command quietly, exit code 0.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import click

from ofsted_kg import __version__
from ofsted_kg.errors import NAMED_ERRORS, ExitCode, exit_code

# The exit codes (their table is ofsted_kg.errors.ExitCode and EXIT_CODES).
EXIT_OK = ExitCode.OK
EXIT_VIOLATIONS = ExitCode.VIOLATIONS
EXIT_ERROR = ExitCode.ERROR
EXIT_PARTIAL = ExitCode.PARTIAL

DEFAULT_GRAPHS: Path = Path("graphs")
DEFAULT_REPORTS: Path = Path("reports")
PROGRESS_MIN_FILES = 3  # a build of more files shows a progress bar on a terminal
CONTEXT: dict[str, object] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _printable(text: str) -> str:
    """``text`` with undecodable bytes of a command-line argument shown as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def fail(message: str, hint: str | None = None, code: int = EXIT_ERROR) -> None:
    """Print one error line (and a hint) to stderr and exit."""
    click.echo(f"Error: {_printable(message)}", err=True)
    if hint:
        click.echo(f"Hint: {_printable(hint)}", err=True)
    sys.exit(code)


def handles_errors(func):
    """The one place errors become exit codes (by :data:`ofsted_kg.errors.EXIT_CODES`): the
    library's named errors one line and exit code 2, Ctrl-C one line and 130; anything
    else is a bug and keeps its traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NAMED_ERRORS as exc:
            # Interrupted (Ctrl-C) says what was cleaned up; a bare Ctrl-C says nothing.
            fail(str(exc) or "interrupted (Ctrl-C); nothing more was written", code=exit_code(exc))

    return wrapper


@contextlib.contextmanager
def _closed_pipe_ends_quietly() -> Iterator[None]:
    """A closed stdout (``| head`` has read enough: BrokenPipeError, EPIPE) ends the command
    with exit code 0 and nothing on stderr, as it ends ``cat`` or ``grep``; click would
    exit 1, which here means "violations" or "no". stdout is pointed at the null device,
    as Python's documentation advises, so the interpreter's last flush of what is still
    buffered does not fail again at exit."""
    try:
        yield
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError, AttributeError):  # no file descriptor
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        sys.exit(EXIT_OK)


class _Commands(click.Group):
    """The ``ofsted-kg`` group: every command, and its help, under
    :func:`_closed_pipe_ends_quietly` (click's own handler exits 1)."""

    def make_context(self, *args, **kwargs):
        with _closed_pipe_ends_quietly():  # --help, --version
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx):
        with _closed_pipe_ends_quietly():
            return super().invoke(ctx)


def graph_option(func):
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(path_type=Path),
        default=DEFAULT_GRAPHS / "ofsted.ttl",
        show_default=True,
        help="Built graph (Turtle) to use.",
    )(func)


def refuse_graph_as_output(output: Path | None, graph_path: Path) -> None:
    """An output never replaces the graph it is made from, nor that build's other graph
    file beside it (``ofsted.ttl`` / ``ofsted.jsonld``): one line and exit 2."""
    from ofsted_kg.build.previous import GRAPH_JSONLD, GRAPH_TURTLE

    if output is None:
        return
    built = [graph_path]
    if graph_path.name in (GRAPH_TURTLE, GRAPH_JSONLD):
        built += [graph_path.with_name(GRAPH_TURTLE), graph_path.with_name(GRAPH_JSONLD)]
    target = output.resolve()
    if any(target == path.resolve() for path in built):
        fail(f"{output}: is the built graph read ({graph_path}) or its twin; write elsewhere")


def endpoint_options(func):
    """``--endpoint URL`` and ``--timeout SECONDS``, shared by the server commands."""
    func = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1, max=86_400),
        default=None,
        metavar="SECONDS",
        help="Seconds for each request to the server, retries included [default: 30]; "
        "'query' without --endpoint stops the query after this long [default: no limit].",
    )(func)
    return click.option(
        "--endpoint",
        metavar="URL",
        help="SPARQL server URL (credentials from the URL's user:password@ or "
        "OFSTED_KG_USER / OFSTED_KG_PASSWORD).",
    )(func)


def validator_option(func):
    return click.option(
        "--validator",
        type=click.Choice(["sparql", "pyshacl"]),
        default="sparql",
        show_default=True,
        help="SHACL engine: the shapes compiled to SPARQL on Oxigraph (fast), "
        "or pySHACL (the reference; slow on large graphs).",
    )(func)


@click.group(cls=_Commands, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="ofsted-kg")
def main() -> None:
    """Ofsted children's services inspection reports as a linked-data knowledge graph.

    Example: ofsted-kg build && ofsted-kg query judgements
    """


def _check_base(value: str | None) -> str | None:
    from ofsted_kg.model.namespaces import base_problem

    if value is not None and (problem := base_problem(value)):
        fail(f"--base: {problem}")
    return value


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPHS,
    show_default=True,
    help="Folder for ofsted.ttl and ofsted.jsonld.",
)
@click.option(
    "--base",
    callback=lambda _ctx, _param, value: _check_base(value),
    help="Base IRI for instance IRIs (default https://w3id.org/ofsted-kg/id/).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="All or nothing: write nothing unless every report is read and kept "
    "(exit 2 for a refused file, 1 for a quarantined report).",
)
@click.option(
    "--allow-partial",
    is_flag=True,
    hidden=True,
    help="Kept for old scripts: writing the graph of the good files is the default.",
)
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal and there "
    f"are more than {PROGRESS_MIN_FILES} files).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes for reading and parsing [default: one per core].",
)
@click.option("--no-cache", is_flag=True, help="Re-read every report (ignore graphs/.cache).")
@validator_option
@handles_errors
def build(
    inputs, out_dir, base, strict, allow_partial, no_validate, progress, jobs, no_cache, validator
) -> None:
    """Parse reports (.txt, .pdf, folders), build, validate and write the graph.

    Example: ofsted-kg build reports/ -o graphs/
    """
    from ofsted_kg.build.pipeline import build as run_build
    from ofsted_kg.build.summary import build_summary
    from ofsted_kg.source.files import input_files

    inputs = list(inputs or [DEFAULT_REPORTS])
    paths = input_files(inputs)
    if progress is None:
        progress = sys.stderr.isatty() and len(paths) > PROGRESS_MIN_FILES
    options = {
        "base": base,
        "validate": not no_validate,
        "strict": strict,
        "jobs": jobs,
        "use_cache": not no_cache,
        "validator": validator,
        "notify": lambda message: click.echo(message, err=True),
    }
    if progress:

        def show(path: Path | None) -> str | None:
            return path.name if path else None

        with click.progressbar(
            length=len(paths), label="Parsing", file=sys.stderr, item_show_func=show
        ) as bar:
            result = run_build(
                inputs, out_dir, **options, progress=lambda path: bar.update(1, path)
            )
    else:
        result = run_build(inputs, out_dir, **options)
    click.echo(build_summary(result), nl=False)
    if not result.reports and not result.up_to_date:
        click.echo("no report read; nothing written.", err=True)
        sys.exit(EXIT_ERROR)
    if result.validation is not None and not result.validation.conforms:
        for violation in result.validation.violations:
            click.echo(f"Violation: {violation.line()}", err=True)
        click.echo("Graph does not conform; nothing written.", err=True)
        sys.exit(EXIT_VIOLATIONS)
    if result.strict and not result.complete:
        click.echo(
            f"--strict: {_incomplete(result)} of {len(result.outcomes)} files; nothing written.",
            err=True,
        )
        sys.exit(EXIT_VIOLATIONS if result.quarantined else EXIT_ERROR)
    for path in result.written:
        click.echo(f"wrote {path}")
    if not result.complete:
        verb = "wrote the graph of the others" if result.written else "nothing written"
        click.echo(f"{_incomplete(result)} of {len(result.outcomes)} files; {verb}.", err=True)
        sys.exit(EXIT_PARTIAL)


def _incomplete(result) -> str:
    parts = []
    if result.failures:
        parts.append(f"{len(result.failures)} refused")
    if result.quarantined:
        parts.append(f"{len(result.quarantined)} quarantined")
    return ", ".join(parts)


@main.command()
@click.argument(
    "graph_file",
    required=False,
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPHS / "ofsted.ttl",
)
@handles_errors
def validate(graph_file: Path) -> None:
    """Check a built graph against the SHACL shapes (exit 1 on violations).

    Example: ofsted-kg validate graphs/ofsted.ttl
    """
    from ofsted_kg.validate.validator import validate_file

    result = validate_file(graph_file)
    if result.conforms:
        click.echo(f"{graph_file}: conforms")
        return
    for violation in result.violations:
        click.echo(violation.line())
    click.echo(f"{graph_file}: {len(result.violations)} violation(s)")
    sys.exit(EXIT_VIOLATIONS)


@main.command()
@click.argument("report_file", type=click.Path(path_type=Path))
@handles_errors
def parse(report_file: Path) -> None:
    """Parse one report and print its records as JSON (for debugging parsers).

    Example: ofsted-kg parse reports/bolton-2014-sif.txt
    """
    from ofsted_kg.build.pipeline import parse_file
    from ofsted_kg.safe_output import json_controls_escaped

    report = parse_file(report_file)
    text = json.dumps(asdict(report), indent=2, default=str, ensure_ascii=False)
    click.echo(json_controls_escaped(text))


@main.command()
@endpoint_options
@click.option(
    "--graph-iri",
    default=None,
    metavar="IRI",
    help="Named graph to replace [default: https://w3id.org/ofsted-kg/graph/data].",
)
@click.option(
    "--update-endpoint",
    metavar="URL",
    help="SPARQL Update URL for the atomic swap [default: next to --endpoint].",
)
@graph_option
@handles_errors
def push(endpoint, timeout, graph_iri, update_endpoint, graph_path) -> None:
    """Load the built graph and the ontology into a SPARQL server's named graphs.

    URL is the Graph Store Protocol endpoint (oxigraph /store, Fuseki /ds/data).

    Example: ofsted-kg push --endpoint http://127.0.0.1:7878/store
    """
    from ofsted_kg.server.remote import DEFAULT_GRAPH_IRI, DEFAULT_TIMEOUT, redact
    from ofsted_kg.server.remote import push as push_graph
    from ofsted_kg.store.disk import load_graph

    if not endpoint:
        fail("push needs --endpoint URL (the graph store, e.g. http://127.0.0.1:7878/store)")
    result = push_graph(
        load_graph(graph_path),
        endpoint,
        graph_iri or DEFAULT_GRAPH_IRI,
        timeout or DEFAULT_TIMEOUT,
        update_endpoint=update_endpoint,
    )
    for iri, count in result.graphs.items():
        click.echo(f"{iri}: {count} triples")
    how = "staged and moved in one update" if result.staged else "PUT directly (no update URL)"
    click.echo(f"pushed {result.triples} triples to {redact(endpoint)} ({how})")


@main.command()
@click.option(
    "-f",
    "--format",
    "fmt",
    default="ttl",
    show_default=True,
    type=click.Choice(["ttl", "jsonld", "nt", "trig", "sqlite", "csvw"]),
    help="Serialisation; sqlite (a database for Datasette, with metadata.yml) and csvw "
    "(CSV on the Web: a folder of CSVs) give the graph as tables.",
)
@click.option("--authority", help="Only this authority's subgraph (name or GSS code).")
@click.option(
    "--frame",
    type=click.Choice(["inspection"]),
    help="JSON-LD only: nest each inspection's judgements, team, recommendations.",
)
@graph_option
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
@handles_errors
def export(fmt, authority, frame, graph_path, output) -> None:
    """Export the built graph as Turtle, JSON-LD, N-Triples, TriG (a graph per report),
    a SQLite database for Datasette, or CSV on the Web.

    \b
    Example: ofsted-kg export --format jsonld --frame inspection --authority Trafford
    """
    refuse_graph_as_output(output, graph_path)
    if fmt in ("sqlite", "csvw"):
        from ofsted_kg.cli.tables import export_tables

        return export_tables(fmt, graph_path, output, authority, frame)
    from ofsted_kg.export.formats import export as run_export
    from ofsted_kg.rdf.serialise import atomic_write
    from ofsted_kg.store.disk import load_graph

    data = run_export(load_graph(graph_path), fmt, authority=authority, frame=frame)
    if output:
        atomic_write(output, data)
        click.echo(f"wrote {output}")
    else:
        click.echo(data.decode("utf-8"), nl=False)


MAX_PICTURE_SIDE = 10_000  # pixels: a bigger picture takes gigabytes to draw


def _size(value: str) -> tuple[int, int]:
    width, _, height = value.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        fail(f"--size {value!r} is not WIDTHxHEIGHT in pixels, e.g. 1800x1400")
    if not all(100 <= int(side) <= MAX_PICTURE_SIDE for side in (width, height)):
        fail(f"--size {value!r}: each side must be 100 to {MAX_PICTURE_SIDE:,} pixels")
    return int(width), int(height)


@main.command()
@click.option("--authority", help="Draw this authority's inspections, judgements and teams.")
@click.option("--inspectors", is_flag=True, help="Draw inspectors and the authorities they saw.")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["png", "svg", "graphml", "gexf"]),
    help="Output format (default: from the file suffix).",
)
@click.option(
    "--size",
    help="Picture size in pixels, WIDTHxHEIGHT [default: --inspectors 1800x1400; "
    "--authority 1800 wide and as tall as its columns need].",
)
@click.option(
    "--min-shared",
    type=click.IntRange(min=1),
    metavar="N",
    help="--inspectors picture: draw ties of N or more inspections together "
    "[default: 2 on a graph of 30 or more inspections with named teams, else 1].",
)
@graph_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write (.png, .svg, .graphml, .gexf).",
)
@handles_errors
def draw(authority, inspectors, fmt, size, min_shared, graph_path, output) -> None:
    """Draw an authority's history or the inspectors' network (networkx).

    Example: ofsted-kg draw --authority Trafford -o trafford.png
    """
    from ofsted_kg.draw import network as drawing
    from ofsted_kg.draw.part import authority_part
    from ofsted_kg.store.disk import load_graph

    if bool(authority) == inspectors:
        fail("give exactly one of --authority NAME or --inspectors")
    suffix = output.suffix.lstrip(".").lower()
    fmt = fmt or suffix
    if fmt not in ("png", "svg", *drawing.NETWORK_FORMATS):
        fail(f"{output}: draw writes .png, .svg, .graphml or .gexf files")
    if suffix != fmt:
        fail(f"--format {fmt} does not match the file name {output}")
    picture_size = _size(size) if size else None
    if authority:  # one council's part of the graph, not all of it
        net = drawing.authority_network(authority_part(graph_path, authority), authority)
    else:
        graph = load_graph(graph_path)
        if fmt in drawing.NETWORK_FORMATS:
            net = drawing.inspector_network(graph)
    if fmt in drawing.NETWORK_FORMATS:
        drawing.write_network(net, output, fmt)
    elif authority:
        from ofsted_kg.draw.authority import draw_authority

        draw_authority(net, output, picture_size)
    else:
        from ofsted_kg.draw.inspectors import draw_inspectors

        net = draw_inspectors(graph, output, picture_size or (1800, 1400), min_shared)
    click.echo(f"wrote {output} ({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)")


@main.command()
@click.option("--authority", help="Authority whose grades to chart.")
@click.option("--themes", is_flag=True, help="Chart recommendation themes' shares over time.")
@click.option(
    "--theme", "theme_slugs", multiple=True, help="With --themes: this theme (repeatable)."
)
@click.option("--size", default="1600x900", show_default=True, help="Picture size in pixels.")
@graph_option
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Picture to write (.png or .svg).",
)
@handles_errors
def chart(authority, themes, theme_slugs, size, graph_path, output) -> None:
    """Chart an authority's grade history, or recommendation themes over time (--themes).

    Example: ofsted-kg chart --authority Trafford -o trafford-grades.svg
    """
    if bool(authority) == themes:
        fail("give exactly one of --authority NAME or --themes")
    if themes:
        from ofsted_kg.draw.themes import draw_theme_chart

        drawn = draw_theme_chart(graph_path, output, _size(size), list(theme_slugs) or None)
        click.echo(f"wrote {output} ({len(drawn)} themes: {', '.join(drawn)})")
        return
    from ofsted_kg.draw.chart import draw_chart
    from ofsted_kg.draw.figure import picture_format
    from ofsted_kg.draw.part import authority_part

    picture_format(output)
    picture_size = _size(size)
    draw_chart(authority_part(graph_path, authority), authority, output, picture_size)
    click.echo(f"wrote {output}")


def _register() -> None:
    """Commands kept in their own modules (one line each)."""
    from ofsted_kg.cli.query import list_queries, query
    from ofsted_kg.cli.search import search
    from ofsted_kg.cli.serve import serve
    from ofsted_kg.cli.site import site
    from ofsted_kg.cli.sync import sync

    main.add_command(list_queries)
    main.add_command(query)
    main.add_command(search)
    main.add_command(serve)
    main.add_command(site)
    main.add_command(sync)


_register()

if __name__ == "__main__":
    main()
