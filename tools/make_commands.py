"""Write the README's command table from the command line itself.

Run ``python tools/make_commands.py`` (``make docs``) after adding or changing a command; a
test fails when the README's table differs from what this module writes. The table lies
between the two marker comments below; each row is a command's usage, the first sentence
of its help and the example its help gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ofsted_kg.cli import main as cli

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- commands: written by tools/make_commands.py (make docs); do not edit by hand -->"
END = "<!-- end of commands -->"


def examples(command: click.Command) -> list[str]:
    """The command lines after ``Example:`` in a command's help."""
    return [
        line.strip()[len("Example:") :].strip()
        for line in (command.help or "").splitlines()
        if line.strip().startswith("Example:")
    ]


def commands(
    group: click.Group = cli, prefix: str = "ofsted-kg"
) -> list[tuple[str, click.Command, str]]:
    """``(usage, command, summary)`` of every command (a group's subcommands under it), by
    name."""
    context = click.Context(group, info_name=prefix)
    rows = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            rows += commands(command, path)
            continue
        pieces = command.collect_usage_pieces(click.Context(command, info_name=name))
        usage = " ".join([path, *(p for p in pieces if p != "[OPTIONS]")])
        rows.append((usage, command, command.get_short_help_str(limit=300)))
    return rows


def table() -> str:
    """The Markdown table, between its markers."""
    lines = [START, "", "| command | what it does | example |", "|---|---|---|"]
    lines += [
        f"| `{usage}` | {summary} | {'<br>'.join(f'`{e}`' for e in examples(command))} |"
        for usage, command, summary in commands()
    ]
    return "\n".join([*lines, "", END])


def readme_with_table(text: str) -> str:
    """``text`` (the README) with the part between the markers replaced by :func:`table`."""
    if START not in text or END not in text:
        raise SystemExit(f"{README}: the command table's markers are missing")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return head + table() + tail


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = readme_with_table(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print(f"wrote {README.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
