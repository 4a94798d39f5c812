"""``ofsted-kg site``: the graph as a static website."""

from __future__ import annotations

from pathlib import Path

import click

from ofsted_kg.cli import graph_option, handles_errors


@click.command(name="site")
@graph_option
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Folder to write the site into (replaced as a whole; a folder of other files is refused).",
)
@handles_errors
def site(graph_path: Path, folder: Path) -> None:
    """Build a static website of the graph: councils, inspections, inspectors, grades.

    Every page carries its entity's JSON-LD and links to its .ttl and .jsonld; paths
    mirror the IRIs, so publishing the folder at the base IRI's parent makes them resolve.

    Example: ofsted-kg site --graph graphs/ofsted.ttl -o site/
    """
    from ofsted_kg.site.pages import build_site

    pages = build_site(graph_path, folder)
    listing = ", ".join(f"{count} {kind}" for kind, count in pages.items())
    click.echo(f"wrote {folder} ({sum(pages.values())} pages: {listing})")
    click.echo(f"open it: {folder / 'index.html'}")
