"""``ofsted-kg sync``: download every council's reports from Ofsted's site (then build)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ofsted_kg.cli import (
    CONTEXT,
    DEFAULT_GRAPHS,
    DEFAULT_REPORTS,
    EXIT_PARTIAL,
    fail,
    handles_errors,
)
from ofsted_kg.safe_output import terminal_text

KIND_HELP = "inspection, focused-visit, jtai, monitoring-visit, send, other, or all"


def _kinds(_ctx, _param, value: str) -> tuple[str, ...]:
    from ofsted_kg.source.ofsted_site import KINDS

    chosen = [kind.strip() for kind in value.split(",") if kind.strip()]
    if chosen == ["all"]:
        return KINDS
    for kind in chosen:
        if kind not in KINDS:
            raise click.BadParameter(f"{kind!r} is not one of {KIND_HELP}")
    if not chosen:
        raise click.BadParameter(f"give one or more of {KIND_HELP}, comma-separated")
    return tuple(dict.fromkeys(chosen))


def _authorities(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
    """GSS codes of the councils named (by name, alias or GSS code), each checked."""
    from ofsted_kg.model.councils import UnknownAuthority, council_named

    codes = []
    for value in values:
        try:
            record = council_named(value, "--authority")
        except UnknownAuthority as exc:
            raise click.BadParameter(f"{value!r} is not one of England's councils") from exc
        if not record.ofsted_urn:
            raise click.BadParameter(f"{record.name} has no Ofsted URN in the council table")
        codes.append(record.gss)
    return tuple(dict.fromkeys(codes))


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 100_000 else f"{count / 1e3:.0f} KB"


def summary(result, dry_run: bool) -> str:
    """One line per file that is new, changed, withdrawn, gone or failed; then the counts."""
    lines = []
    for entry in result.new:
        lines.append(f"new        {entry.path}  {entry.label} ({entry.published})")
    for entry, what in result.changed:
        lines.append(f"changed    {entry.path}  {what}")
    for entry in result.planned:
        lines.append(f"would get  {entry.path}  {entry.label} ({entry.published})  {entry.url}")
    for entry in result.withdrawn:
        lines.append(f"withdrawn  {entry.council}: {entry.label} ({entry.published})  {entry.url}")
    for entry in result.gone:
        lines.append(f"gone       {entry.path}  no longer listed by Ofsted (the copy is kept)")
    for failure in result.failed:
        lines.append(f"failed     {failure.council}: {failure.what}  {failure.reason}")
    counts = [
        f"{len(result.new)} new" + (f" ({_size(result.downloaded_bytes)})" if result.new else ""),
        f"{len(result.changed)} changed",
        f"{result.unchanged} already here",
        f"{len(result.withdrawn)} withdrawn",
        f"{len(result.gone)} gone",
        f"{len(result.failed)} failed",
    ]
    if dry_run:
        counts.insert(0, f"{len(result.planned)} to download")
    lines.append(
        f"{result.councils} council{'' if result.councils == 1 else 's'}, {result.listed} "
        f"publication{'' if result.listed == 1 else 's'} of the chosen kinds listed: "
        + ", ".join(counts)
        + f" ({result.requests} requests)"
    )
    return "\n".join(lines) + "\n"


@click.command(context_settings=CONTEXT)
@click.option(
    "-o",
    "--out",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_REPORTS,
    show_default=True,
    help="Folder for the reports (one subfolder per council) and ofsted-manifest.csv.",
)
@click.option(
    "--authority",
    "authorities",
    multiple=True,
    callback=_authorities,
    metavar="NAME",
    help="Only this council (name or GSS code; repeatable) [default: every council].",
)
@click.option(
    "--since",
    type=click.IntRange(min=2000, max=2100),
    metavar="YEAR",
    help="Only publications of this year or later.",
)
@click.option(
    "--kinds",
    default="inspection",
    show_default=True,
    callback=_kinds,
    help=f"Kinds of publication, comma-separated: {KIND_HELP}.",
)
@click.option(
    "--site",
    default=None,
    metavar="URL",
    help="Ofsted's reports site [default: https://reports.ofsted.gov.uk].",
)
@click.option(
    "--delay",
    type=click.FloatRange(min=0, max=600),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Pause between requests (at least 1 s against Ofsted's own site).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=3600),
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Seconds for one try of one request.",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0, max=10),
    default=4,
    show_default=True,
    help="Tries again after HTTP 403/429/5xx or a time-out, each pause twice the last.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(min=0, max=3600),
    default=10.0,
    show_default=True,
    metavar="SECONDS",
    help="Pause before the first retry.",
)
@click.option("--dry-run", is_flag=True, help="List what would be downloaded; write nothing.")
@click.option("--build", "then_build", is_flag=True, help="Then build the graph of the folder.")
@click.option(
    "--graphs",
    type=click.Path(path_type=Path),
    default=DEFAULT_GRAPHS,
    show_default=True,
    help="With --build: the folder for the graph.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bar on stderr (default: when stderr is a terminal).",
)
@click.pass_context
@handles_errors
def sync(
    ctx,
    folder,
    authorities,
    since,
    kinds,
    site,
    delay,
    timeout,
    retries,
    backoff,
    dry_run,
    then_build,
    graphs,
    progress,
) -> None:
    """Download every council's inspection reports from Ofsted that are not here yet.

    Incremental: a second run downloads only what Ofsted published since. Then
    `ofsted-kg build FOLDER` (or --build) brings the graph up to date.

    Example: ofsted-kg sync -o reports/ --authority Trafford --since 2015 --build
    """
    from ofsted_kg.source.ofsted_site import DEFAULT_SITE
    from ofsted_kg.source.sync import SyncOptions
    from ofsted_kg.source.sync import sync as run_sync

    if site is None:
        site = DEFAULT_SITE
    if site.rstrip("/") == DEFAULT_SITE and delay < 1:
        fail("--delay: at least 1 second between requests to Ofsted's own site (be polite)")
    options = SyncOptions(
        site=site,
        authorities=authorities,
        since=since,
        kinds=kinds,
        delay=delay,
        dry_run=dry_run,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
    )

    def notify(message: str) -> None:
        click.echo(terminal_text(message), err=True)

    if progress is None:
        progress = sys.stderr.isatty()
    if progress:
        bars: list = []

        def show(done: int, total: int, name: str) -> None:
            if not bars:
                bars.append(
                    click.progressbar(length=total, label="Syncing", file=sys.stderr).__enter__()
                )
            bar = bars[0]
            bar.label = f"Syncing {name}" if name else "Synced"
            bar.update(done - bar.pos)

        try:
            result = run_sync(folder, options, progress=show, notify=notify)
        finally:
            if bars:
                bars[0].__exit__(None, None, None)
    else:
        result = run_sync(folder, options, notify=notify)
    # The site's words (labels, links, page titles) carry no escape sequence to the terminal.
    click.echo(terminal_text(summary(result, dry_run)), nl=False)
    for note in result.notes:
        click.echo(f"note: {terminal_text(note)}", err=True)
    if result.manifest is not None:
        click.echo(f"wrote {result.manifest}")
    if then_build and not dry_run:
        from ofsted_kg.cli import build

        ctx.invoke(build, inputs=(folder,), out_dir=graphs)
    if not result.complete:
        click.echo(
            f"{len(result.failed)} could not be downloaded; the rest is kept: run sync again "
            "to try them again.",
            err=True,
        )
        sys.exit(EXIT_PARTIAL)
