"""Hostile queries on the built graph: UPDATE and SERVICE are refused, a query that runs
forever is stopped by --timeout; and a report that contradicts itself is kept as a warning.

``tests/fixtures/queries/runaway.rq`` is a real runaway query (a three-way cartesian
product of every triple, about 5 x 10^11 rows on the bundled graph).
"""

from __future__ import annotations

import multiprocessing
import time

import pytest
from click.testing import CliRunner
from rdflib import Graph

from conftest import FIXTURES, REPORTS
from ofsted_kg.cli import main
from ofsted_kg.errors import QueryError
from ofsted_kg.limits import run_with_timeout
from ofsted_kg.pipeline import build
from ofsted_kg.queries import catalogue, example_params, load_query, run_query
from ofsted_kg.store import open_engine

RUNAWAY = FIXTURES / "queries" / "runaway.rq"
QUERIES = catalogue()


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    """The bundled reports built into a graph file (no validation: not the point here)."""
    out = tmp_path_factory.mktemp("graphs")
    build([REPORTS], out, validate=False)
    return out / "ofsted.ttl"


@pytest.fixture(scope="module")
def engine(graph_file):
    return open_engine(graph_file)


@pytest.mark.parametrize("engine_name", ["oxigraph", "rdflib"])
def test_runaway_query_is_stopped_by_timeout(graph_file, engine_name):
    started = time.monotonic()
    result = CliRunner().invoke(
        main,
        [
            "query",
            str(RUNAWAY),
            "--graph",
            str(graph_file),
            "--engine",
            engine_name,
            "--timeout",
            "2",
        ],
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 2
    assert result.output == f"Error: {RUNAWAY}: query stopped after 2 s (--timeout)\n"
    assert elapsed < 2 + 2 + (1 if engine_name == "rdflib" else 0)  # rdflib loads for ~1 s
    assert multiprocessing.active_children() == []  # the child was killed and reaped


def test_runaway_query_is_stopped_in_the_library(engine):
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"runaway\.rq: query stopped after 0\.5 s"):
        run_query(load_query(str(RUNAWAY)), engine, timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_query_with_timeout_gives_the_same_rows(graph_file):
    args = [
        "query",
        "judgements",
        "-p",
        "authority=Trafford",
        "--graph",
        str(graph_file),
        "--format",
        "csv",
    ]
    plain = CliRunner().invoke(main, args)
    limited = CliRunner().invoke(main, [*args, "--timeout", "30"])
    assert plain.exit_code == limited.exit_code == 0
    assert limited.output == plain.output
    assert len(plain.output.splitlines()) == 1 + 7 + 4  # Trafford: SIF 2015 and ILACS 2022


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_stored_query_answers_the_same_in_a_child_process(name, engine):
    query = QUERIES[name]
    for params in example_params(query):
        here = run_query(query, engine, params)
        there = run_query(query, engine, params, timeout=60)
        if isinstance(here, Graph):
            assert isinstance(there, Graph) and set(there) == set(here)
        elif isinstance(here, bool):
            assert there is here
        else:
            assert (there.columns, there.rows) == (here.columns, here.rows), f"{name} {params}"


def test_ask_false_with_timeout_still_exits_1(graph_file):
    result = CliRunner().invoke(
        main,
        [
            "query",
            "ask-inspected",
            "-p",
            "authority=Bolton",
            "-p",
            "since=2020-01-01",
            "--graph",
            str(graph_file),
            "--timeout",
            "30",
        ],
    )
    assert (result.output, result.exit_code) == ("false\n", 1)


def test_no_timeout_runs_in_process(engine, monkeypatch):
    def no_fork(*args, **kwargs):
        raise AssertionError("forked without a timeout")

    monkeypatch.setattr(multiprocessing, "get_context", no_fork)
    result = run_query(QUERIES["judgements"], engine, {"authority": "Bolton"})
    assert len(result.rows) == 7
    assert run_with_timeout(engine, "ask", "ASK { ?s ?p ?o }", None) is True


def test_named_error_in_the_child_comes_back_as_a_query_error(engine):
    with pytest.raises(QueryError, match="^malformed SPARQL"):
        run_with_timeout(engine, "select", "SELECT WHERE {", 30)


HOSTILE = {
    "drop.rq": (
        "DROP ALL\n",
        "SPARQL Update is refused; queries are read-only unless --allow-update is given",
    ),
    "federated.rq": (
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }\n",
        "SERVICE (federated query to another host) is refused",
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_query_file_is_refused_before_it_runs(graph_file, tmp_path, name):
    text, reason = HOSTILE[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["query", str(path), "--graph", str(graph_file), "--timeout", "5"]
    )
    assert (result.exit_code, result.output) == (2, f"Error: {path}: {reason}\n")


def test_contradiction_is_a_report_warning_in_the_graph(engine):
    """Tameside 2012: the table says Adequate, the leadership paragraph 'good'; the table's
    grade is kept and the warning is in the graph (ofs:ReportWarning)."""
    result = run_query(QUERIES["report-warnings"], engine, {"authority": "Tameside"})
    assert [row[:3] for row in result.rows] == [
        ["Tameside", "2012-03-19", "tameside-2012-safeguarding-lac.txt"]
    ]
    assert result.rows[0][3].startswith(
        "safeguarding-leadership-and-management: Record of main findings grades it "
        "'Adequate' but the first sentence of section 'Leadership and management' "
        "(line 176) says 'are good'"
    )
    assert result.rows[0][3].endswith("kept 'adequate'")
