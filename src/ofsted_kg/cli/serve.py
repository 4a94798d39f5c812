"""``ofsted-kg serve``: the built graph as a read-only SPARQL endpoint with a query page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ofsted_kg.cli import graph_option, handles_errors

DEFAULT_PORT = 7878  # as ofsted_kg.server.local (imported only when the command runs)


@click.command()
@click.option(
    "--port",
    type=click.IntRange(min=0, max=65_535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@graph_option
@handles_errors
def serve(port: int, graph_path: Path) -> None:
    """Serve the built graph as a read-only SPARQL endpoint on 127.0.0.1, with a query page.

    The SPARQL 1.1 Protocol answers at /query (for scripts, notebooks, other tools), a
    query page at /. As with 'ofsted-kg query', SERVICE, LOAD and updates are refused, and
    so are requests from other web sites. Ctrl-C stops it.

    Example: ofsted-kg serve --port 7878
    """
    from ofsted_kg.errors import EndpointError
    from ofsted_kg.server.local import start_endpoint

    endpoint = start_endpoint(graph_path, port)
    try:
        click.echo(f"SPARQL endpoint: {endpoint.query_url}")
        click.echo(f"query page:      {endpoint.ui_url}")
        click.echo(f"serving {graph_path} read-only; Ctrl-C stops it")
        status = endpoint.wait()
    except KeyboardInterrupt:
        endpoint.stop()
        click.echo(f"stopped the endpoint at {endpoint.query_url}", err=True)
        sys.exit(0)
    said = endpoint.said()
    endpoint.stop()
    raise EndpointError(
        f"the endpoint at {endpoint.query_url} stopped (exit status {status})"
        + (f": {said}" if said else "")
    )
