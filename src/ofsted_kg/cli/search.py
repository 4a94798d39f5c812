"""``ofsted-kg search``: recommendations and judgements closest in meaning to some words."""

from __future__ import annotations

from pathlib import Path

import click

from ofsted_kg.cli import graph_option, handles_errors, refuse_graph_as_output
from ofsted_kg.safe_output import terminal_text


@click.command()
@click.argument("words")
@graph_option
@click.option("--limit", "-n", type=int, default=10, show_default=True, help="Passages to show.")
@click.option("--council", help="Only this council: its name, another name or GSS code.")
@click.option("--region", help="Only councils of this region, e.g. 'North West'.")
@click.option("--framework", help="Only this framework, e.g. sif, ilacs or ilacs-short.")
@click.option("--years", help="Only inspections starting in these years: 2022, 2015-2019, 2020-.")
@click.option("--kind", type=click.Choice(["recommendation", "judgement"]), help="Only one kind.")
@click.option("--theme", help="Only recommendations on this practice theme (its slug).")
@click.option(
    "-f",
    "--format",
    "fmt",
    default="table",
    show_default=True,
    type=click.Choice(["table", "csv", "json", "markdown"]),
    help="Output format, as for 'query' (the table shows fewer columns than csv and json).",
)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file.")
@handles_errors
def search(
    words, graph_path, limit, council, region, framework, years, kind, theme, fmt, output
) -> None:
    """Find the recommendations and judgements closest in meaning to WORDS.

    Each answer gives the council, the inspection's start date, the page and the quote.
    The first search of a graph builds an index beside it (graphs/.search/); nothing is
    downloaded.

    Example: ofsted-kg search "homeless young people" --years 2020- --limit 5
    """
    from ofsted_kg.query.render import render
    from ofsted_kg.search.index import hit_rows
    from ofsted_kg.search.index import search as run_search
    from ofsted_kg.store.engines import SelectResult

    refuse_graph_as_output(output, graph_path)
    hits = run_search(
        graph_path,
        words,
        limit=limit,
        council=council,
        region=region,
        framework=framework,
        years=years,
        kind=kind,
        theme=theme,
    )
    columns, rows = hit_rows(hits, brief=fmt == "table")
    text = render(SelectResult(columns, rows), fmt)
    if output:
        from ofsted_kg.atomic import atomic_write

        atomic_write(output, text.encode("utf-8"))
        click.echo(f"wrote {output}")
    else:
        click.echo(terminal_text(text), nl=False)  # no report's escape sequence on screen
