"""Every command's ``--help`` gives an example that is a valid command line for it, and the
README's command table is the one the command line writes (``tools/make_commands.py``)."""

from __future__ import annotations

import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from make_commands import README, commands, examples, readme_with_table, table

from ofsted_kg.cli import main
from ofsted_kg.model.namespaces import DATA_GRAPH, DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {usage.split(" [")[0].split(" ")[1]: command for usage, command, _ in commands()}


def resolve(line: str) -> tuple[click.Command, list[str], click.Context]:
    """The command a command line names, its arguments, and the context it parses in."""
    words = shlex.split(line)
    assert words[0] == "ofsted-kg", line
    context = click.Context(main, info_name="ofsted-kg")
    command: click.Command = main
    words = words[1:]
    while isinstance(command, click.Group) and words and not words[0].startswith("-"):
        found = command.get_command(context, words[0])
        assert found is not None, f"{line}: no command {words[0]!r}"
        context = click.Context(found, info_name=words[0], parent=context)
        command, words = found, words[1:]
    return command, words, context


def test_every_command_is_listed():
    assert set(COMMANDS) >= {"build", "validate", "parse", "queries", "query", "export"}
    assert set(COMMANDS) == set(main.list_commands(click.Context(main)))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_has_an_example_that_parses_as_that_command(name, monkeypatch):
    monkeypatch.chdir(ROOT)  # examples name the project's own files (reports/, graphs/)
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    shown = [line.strip() for line in result.output.splitlines() if "Example:" in line]
    assert shown, f"ofsted-kg {name} --help has no Example: line"
    for example in examples(COMMANDS[name]):
        assert f"Example: {example}" in shown
        command, args, context = resolve(example)
        assert command is COMMANDS[name], f"{example!r} is not an example of {name}"
        # Options and arguments parsed and converted as click would, nothing run.
        command.parse_args(context, args)


def test_the_main_help_example_parses():
    (example,) = examples(main)
    for line in example.split("&&"):
        command, args, context = resolve(line.strip())
        command.parse_args(context, args)


def test_an_example_that_does_not_parse_is_caught():
    """The check above can fail: a misspelt option is refused by the parse."""
    command, args, context = resolve("ofsted-kg query judgements --formt csv")
    with pytest.raises(click.NoSuchOption):
        command.parse_args(context, args)


def test_readme_command_table_matches_the_cli():
    text = README.read_text(encoding="utf-8")
    assert readme_with_table(text) == text, "run: python tools/make_commands.py (make docs)"
    assert "| `ofsted-kg query NAME` | Run a stored query (by NAME)" in table()


def test_help_defaults_are_the_namespaces_iris():
    """The IRIs the help shows as defaults are those namespaces.py mints."""
    build_help = CliRunner().invoke(main, ["build", "--help"]).output
    push_help = CliRunner().invoke(main, ["push", "--help"]).output
    assert DEFAULT_BASE in " ".join(build_help.split())
    assert str(DATA_GRAPH) in " ".join(push_help.split())
