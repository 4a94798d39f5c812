"""Hostile queries on the built graph: UPDATE and SERVICE are refused, a query that runs
forever is stopped by --timeout; and a report that contradicts itself is kept as a warning.

``tests/fixtures/queries/runaway.rq`` is a real runaway query (a three-way cartesian
product of every triple, about 5 x 10^11 rows on the bundled graph).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from conftest import FIXTURES, REPORTS, ROOT
from ofsted_kg.build.pipeline import build
from ofsted_kg.cli import main
from ofsted_kg.errors import QueryError
from ofsted_kg.query.catalogue import catalogue, example_params, load_query, run_query
from ofsted_kg.query.timeout import run_with_timeout
from ofsted_kg.store.disk import open_engine

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


UPDATE_REFUSED = "SPARQL Update is refused; queries are read-only unless --allow-update is given"
SERVICE_REFUSED = "SERVICE (federated query to another host) is refused"
HOSTILE = {
    "drop.rq": ("DROP ALL\n", UPDATE_REFUSED),
    "federated.rq": (
        "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }\n",
        SERVICE_REFUSED,
    ),
    "service-prefixed-name.rq": (
        "PREFIX ex: <http://evil.example/>\nSELECT * WHERE { SERVICE ex:b { ?s ?p ?o } }\n",
        SERVICE_REFUSED,
    ),
    "service-comment.rq": (
        "SELECT * WHERE { SERVICE # a comment\n<http://evil.example/sparql> { ?s ?p ?o } }\n",
        SERVICE_REFUSED,
    ),
    "service-silent-variable.rq": (
        "SELECT * WHERE { VALUES ?e { <http://evil.example/> } SERVICE SILENT ?e { ?s ?p ?o } }",
        SERVICE_REFUSED,
    ),
    "service-nested.rq": (
        "ASK { { SELECT * WHERE { OPTIONAL { SERVICE <http://evil.example/> { ?s ?p ?o } } } } }",
        SERVICE_REFUSED,
    ),
    "select-keyword-in-a-string.rq": (
        '# a comment that says SELECT\nINSERT DATA { <urn:x:a> <urn:x:b> "SELECT" }\n',
        UPDATE_REFUSED,
    ),
    "load.rq": (
        "LOAD <http://evil.example/data.ttl>\n",
        "LOAD (the server fetching another URL) is refused",
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


def test_service_is_refused_before_anything_calls_out(graph_file, tmp_path):
    """A real server stands where SERVICE points: it must never be called."""
    import http.server
    import threading

    calls = []

    class Record(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            calls.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Record)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    there = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        for text in (
            f"PREFIX ex: <{there}>\nSELECT * WHERE {{ SERVICE ex:sparql {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE # hidden\n<{there}sparql> {{ ?s ?p ?o }} }}",
        ):
            path = tmp_path / "call-out.rq"
            path.write_text(text, encoding="utf-8")
            for engine_name in ("oxigraph", "rdflib"):
                result = CliRunner().invoke(
                    main, ["query", str(path), "--graph", str(graph_file), "--engine", engine_name]
                )
                assert (result.exit_code, result.output) == (
                    2,
                    f"Error: {path}: {SERVICE_REFUSED}\n",
                )
        assert calls == []
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_query_form_comes_from_the_parse(graph_file, tmp_path):
    """``PREFIX ask:`` does not make a SELECT an ASK query."""
    path = tmp_path / "prefix-ask.rq"
    path.write_text(
        "PREFIX ask: <https://w3id.org/ofsted-kg/ontology#>\n"
        "SELECT ?i WHERE { ?i a ask:Inspection } ORDER BY ?i LIMIT 1\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["query", str(path), "--graph", str(graph_file), "-f", "csv"])
    assert (result.exit_code, result.output) == (
        0,
        "i\nhttps://w3id.org/ofsted-kg/id/inspection/E06000050/2015-11-24\n",
    )
    assert load_query(str(path)).form == "select"


def test_shipped_queries_are_plain_reads():
    """The catalogue runs on the embedded store without being parsed at run time: here
    rdflib's parser reads each one (with its examples' parameters bound) instead."""
    from ofsted_kg.query.analysis import analyse
    from ofsted_kg.query.catalogue import prepare

    for name, query in QUERIES.items():
        assert query.shipped
        for params in example_params(query) or [{}]:
            found = analyse(prepare(query, params))
            assert (found.service, found.load) == (False, False), name
            assert found.form == analyse(query.text).form != "update", name


CROSS_PRODUCT = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?v{i} {{ {' '.join(str(n) for n in range(60))} }}" for i in range(6))
    + " }\n"
)


def test_timeout_holds_from_the_start(graph_file, tmp_path):
    """A VALUES cross product (60^6 rows, no data needed) is stopped at --timeout: nothing
    runs it without a limit first (a syntax check is a parse)."""
    path = tmp_path / "values.rq"
    path.write_text(CROSS_PRODUCT, encoding="utf-8")
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["query", str(path), "--graph", str(graph_file), "--timeout", "2"]
    )
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {path}: query stopped after 2 s (--timeout)\n",
    )
    assert time.monotonic() - started < 4


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_query_child_dies_with_its_parent(graph_file):
    """``ofsted-kg query runaway.rq --timeout 60`` killed with SIGKILL: its query process
    (which SIGKILL cannot reach) ends within seconds instead of running on under PID 1."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    parent = subprocess.Popen(
        [sys.executable, "-m", "ofsted_kg.cli", "query", str(RUNAWAY), "--graph", str(graph_file),
         "--timeout", "60"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while not (children := _children(parent.pid)):
            assert time.monotonic() < deadline and parent.poll() is None
            time.sleep(0.1)
        time.sleep(0.5)  # the child is running the query
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        gone_by = time.monotonic() + 3
        while any(_alive(child) for child in children):
            assert time.monotonic() < gone_by, "the query process outlived its parent"
            time.sleep(0.1)
    finally:
        parent.kill()
        parent.wait()
        for child in _children(parent.pid):
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("limit", [["--timeout", "60"], []], ids=["child", "in-process"])
def test_ctrl_c_stops_a_query_with_one_line_and_exit_130(graph_file, limit):
    """With --timeout the query runs in a child, killed on Ctrl-C; without, in a worker
    thread (Oxigraph never returns to Python until done), so Ctrl-C is not held up."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    parent = subprocess.Popen(
        [sys.executable, "-m", "ofsted_kg.cli", "query", str(RUNAWAY), "--graph", str(graph_file),
         *limit],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        if limit:
            deadline = time.monotonic() + 30
            while not (children := _children(parent.pid)):
                assert time.monotonic() < deadline and parent.poll() is None
                time.sleep(0.1)
        else:
            children = []
            time.sleep(3)  # the store is open and the query running
        parent.send_signal(signal.SIGINT)
        interrupted = time.monotonic()
        out, err = parent.communicate(timeout=10)
        assert (parent.returncode, out) == (130, b"")
        assert err == b"Error: interrupted (Ctrl-C); nothing more was written\n"
        assert time.monotonic() - interrupted < 2
        assert not any(_alive(child) for child in children)
    finally:
        parent.kill()
        parent.wait()


def test_local_queries_reuse_an_idle_worker_thread_and_never_wait_for_a_busy_one(engine):
    """A local query runs in a worker thread (for Ctrl-C) kept for the next query: a
    thread made per query paid 3-7 ms a query at 450 reports. The same worker answers
    two queries in turn; two callers at once get two workers, so neither waits for the
    other (a pair run one after the other would break the barrier); the answers are
    Trafford's real grades either way."""
    from ofsted_kg.query.threads import run_interruptibly

    query = catalogue()["judgements"]
    trafford = {"authority": "Trafford"}

    def grades() -> tuple[int, set[str]]:
        rows = run_query(query, engine, trafford).rows
        return threading.get_ident(), {row[-1] for row in rows}

    first, first_grades = run_interruptibly(grades)
    again, again_grades = run_interruptibly(grades)
    assert again == first
    assert first_grades == again_grades and "Requires improvement to be good" in first_grades
    barrier = threading.Barrier(2, timeout=10)

    def together(_) -> int:
        return run_interruptibly(lambda: (barrier.wait(), threading.get_ident())[1])

    with ThreadPoolExecutor(2) as callers:
        assert len(set(callers.map(together, range(2)))) == 2
    with pytest.raises(QueryError, match="malformed SPARQL"):
        run_interruptibly(lambda: engine.run("SELECT * WHERE { ?s ?p }"))


def test_a_forked_child_runs_local_queries_without_the_parents_workers(engine):
    """Workers are threads of the process that made them: a child forked after a query
    (``--timeout`` forks one) starts its own instead of waiting on the parent's for ever."""
    from ofsted_kg.query.threads import run_interruptibly

    run_interruptibly(lambda: None)  # a worker made and idle in this process
    context = multiprocessing.get_context("fork")
    answers = context.Queue()

    def child() -> None:
        answers.put(run_interruptibly(lambda: engine.ask("ASK { ?s ?p ?o }")))

    process = context.Process(target=child)
    process.start()
    process.join(20)
    alive = process.is_alive()
    if alive:
        process.kill()
    assert not alive and answers.get(timeout=5) is True


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
