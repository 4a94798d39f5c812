"""The graph on a real SPARQL server: push to ``oxigraph serve`` (started here on a free
127.0.0.1 port, stopped at the end) and check every stored query answers as it does on the
embedded store, with and without the union default graph; plus the errors users meet when a
server is down, slow or failing (engines on the small misbehaving servers read the server's
own dataset, ``graph_iri=None``: those servers know no named graphs to ask about)."""

from __future__ import annotations

import collections
import contextlib
import http.server
import itertools
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from ofsted_kg.cli import main
from ofsted_kg.errors import EndpointError, GraphError
from ofsted_kg.query.catalogue import catalogue, example_params, run_query
from ofsted_kg.server.remote import (
    DEFAULT_GRAPH_IRI,
    ONTOLOGY_GRAPH_IRI,
    EmptyDefaultGraphWarning,
    RemoteEngine,
    count_triples,
    push,
    sparql_update,
    update_endpoint_for,
)
from ofsted_kg.store.engines import OxigraphEngine

QUERIES = catalogue()
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_oxigraph(location: Path, union: bool = True) -> tuple[subprocess.Popen, str]:
    """``oxigraph serve`` on ``location`` (with the union default graph unless ``union`` is
    false): process, base URL."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI package 'oxigraph') is not installed")
    port = free_port()
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
        + (["--union-default-graph"] if union else []),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                return process, base
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RuntimeError(
                    "oxigraph serve did not start: " + process.stderr.read().decode()[-500:]
                ) from None
            time.sleep(0.1)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``oxigraph serve`` with a temporary store and the union default graph; its base URL."""
    process, base = start_oxigraph(tmp_path_factory.mktemp("oxigraph-store"))
    try:
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="session")
def pushed(server, built_graph):
    result = push(built_graph, f"{server}/store", timeout=60)
    assert result.staged
    return result


@pytest.fixture(scope="session")
def remote(server, pushed):
    return RemoteEngine(f"{server}/query", timeout=60)


@pytest.fixture(scope="session")
def plain_server(tmp_path_factory):
    """``oxigraph serve`` as it comes: an empty default graph (no --union-default-graph)."""
    process, base = start_oxigraph(tmp_path_factory.mktemp("plain-store"), union=False)
    try:
        yield base
    finally:
        stop(process)


@pytest.fixture(scope="session")
def plain_remote(plain_server, built_graph):
    push(built_graph, f"{plain_server}/store", timeout=60)
    return RemoteEngine(f"{plain_server}/query", timeout=60)


@pytest.fixture(scope="session")
def local(built_graph):
    return OxigraphEngine.from_graph(built_graph)


def test_push_loads_data_and_ontology_into_named_graphs(server, pushed, built_graph):
    counts = count_triples(f"{server}/query")
    assert counts == {
        DEFAULT_GRAPH_IRI: len(built_graph),
        ONTOLOGY_GRAPH_IRI: pushed.graphs[ONTOLOGY_GRAPH_IRI],
    }


def test_second_push_is_idempotent(server, pushed, built_graph):
    before = count_triples(f"{server}/query")
    again = push(built_graph, f"{server}/store", timeout=60)
    assert again.graphs == pushed.graphs
    assert count_triples(f"{server}/query") == before  # no staging graphs left behind


# The guard of a query's branch for a parameter asked for (queries/README.md, "A council
# asked for, or all"): a row only when the parameter is bound.
GUARD = re.compile(r"\{\s*SELECT \?param_(\w+) WHERE \{\s*FILTER \(BOUND\(\?param_\1\)\)\s*\}\s*\}")


def guarded(query) -> set[str]:
    """The parameters ``query`` has a branch for, taken when they are bound."""
    return set(GUARD.findall(query.text))


def branched(queries) -> list[str]:
    """The names of the queries with a branch for one council."""
    return sorted(name for name, query in queries.items() if "authority" in guarded(query))


def both_branches(query) -> list[dict]:
    """Every example of ``query``, and what takes its other branches: each example without
    a guarded parameter it binds (required ones kept), and a council asked for."""
    examples = example_params(query) or [{}]
    runs = list(examples)
    required = {param.name for param in query.params if param.required}
    for name in sorted(guarded(query) - required):
        runs += [{k: v for k, v in e.items() if k != name} for e in examples if name in e]
    if "authority" in guarded(query):
        runs.append({"authority": "Trafford"})
    return [run for at, run in enumerate(runs) if run not in runs[:at]]


def same_answers(query, there, here) -> None:
    """Every example of ``query`` answers alike on the engines ``there`` and ``here``, and
    so does each other branch of a query with a branch per case (:func:`both_branches`)."""
    for params in both_branches(query):
        theirs = run_query(query, there, params)
        ours = run_query(query, here, params)
        if isinstance(ours, Graph):
            assert set(theirs) == set(ours) and len(ours) > 0, query.name
        elif isinstance(ours, bool):
            assert theirs == ours, f"{query.name} {params}"
        else:
            assert (theirs.columns, theirs.rows) == (ours.columns, ours.rows), (
                f"{query.name} {params}"
            )


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_rows_on_a_plain_server(name, plain_remote, local):
    """``oxigraph serve`` as it comes holds the pushed graphs as named graphs only; the
    query names them (default-graph-uri), so no reconfiguration is needed."""
    same_answers(QUERIES[name], plain_remote, local)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_rows_remotely(name, remote, local):
    """The same on a server that serves the union of its graphs as the default graph."""
    same_answers(QUERIES[name], remote, local)


def test_cli_push_and_query(server, pushed, tmp_path, built_graph):
    path = tmp_path / "g.ttl"
    built_graph.serialize(path, format="turtle")
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{server}/store", "--graph", str(path)])
    assert result.exit_code == 0, result.output
    assert f"pushed {pushed.triples} triples" in result.output
    result = runner.invoke(
        main,
        [
            "query",
            "grade-history",
            "-p",
            "authority=Trafford",
            "--endpoint",
            f"{server}/query",
            "--format",
            "csv",
        ],
    )
    assert result.output.splitlines()[1:] == [
        "Trafford,2015-01-27,sif,Good,2,good",
        "Trafford,2022-11-21,ilacs-standard,Requires improvement to be good,3,"
        "Requires improvement to be good",
    ]
    result = runner.invoke(
        main,
        [
            "query",
            "ask-inspected",
            "-p",
            "authority=Bolton",
            "-p",
            "since=2020-01-01",
            "--endpoint",
            f"{server}/query",
        ],
    )
    assert (result.output, result.exit_code) == ("false\n", 1)


def test_hostile_parameter_leaves_the_server_unchanged(server, remote):
    before = count_triples(f"{server}/query")
    result = run_query(QUERIES["recommendations"], remote, {"phrase": "} ; DROP ALL ; {"})
    assert result.rows == []
    assert count_triples(f"{server}/query") == before


def test_update_refused_without_allow_update(server, tmp_path):
    update = tmp_path / "drop.rq"
    update.write_text("DROP ALL\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(update), "--endpoint", f"{server}/query"])
    assert result.exit_code == 2 and "SPARQL Update is refused" in result.output


def test_update_allowed_with_allow_update(server, pushed, tmp_path):
    update = tmp_path / "insert.rq"
    update.write_text(
        "INSERT DATA { GRAPH <urn:x:scratch> { <urn:x:a> <urn:x:b> 1 } }\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["query", str(update), "--endpoint", f"{server}/query", "--allow-update"]
    )
    assert result.exit_code == 0, result.output
    assert count_triples(f"{server}/query")["urn:x:scratch"] == 1
    RemoteEngine(f"{server}/query").update("DROP GRAPH <urn:x:scratch>")


def named_graphs(base: str) -> set[str]:
    """The named graphs the server at ``base`` holds (empty ones too)."""
    server = RemoteEngine(f"{base}/query", graph_iri=None)  # every graph, not only ours
    result = server.select("SELECT ?g WHERE { GRAPH ?g {} }")
    return {row[0] for row in result.rows}


def test_failed_push_removes_its_staging_graphs(server, pushed, built_graph, tmp_path):
    final = {DEFAULT_GRAPH_IRI, ONTOLOGY_GRAPH_IRI}
    assert named_graphs(server) == final
    with pytest.raises(EndpointError, match=r"^POST .*/nope: HTTP 404"):
        push(built_graph, f"{server}/store", timeout=30, update_endpoint=f"{server}/nope")
    assert named_graphs(server) == final  # both staging graphs were written, then deleted
    path = tmp_path / "g.nt"
    built_graph.serialize(path, format="nt", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["push", "--endpoint", f"{server}/store", "--update-endpoint", f"{server}/nope"]
        + ["--graph", str(path)],
    )
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: POST {server}/nope: HTTP 404")
    assert named_graphs(server) == final
    again = push(built_graph, f"{server}/store", timeout=60)
    assert count_triples(f"{server}/query") == {
        DEFAULT_GRAPH_IRI: len(built_graph),
        ONTOLOGY_GRAPH_IRI: again.graphs[ONTOLOGY_GRAPH_IRI],
    }


def test_empty_graph_is_refused(server, pushed, tmp_path):
    before = count_triples(f"{server}/query")
    with pytest.raises(GraphError) as caught:
        push(Graph(), f"{server}/store", timeout=30)
    assert str(caught.value) == (
        f"refusing to push an empty graph (0 triples) to <{DEFAULT_GRAPH_IRI}>: "
        "it would replace the server's data with nothing"
    )
    path = tmp_path / "empty.ttl"
    path.write_text("@prefix ofs: <https://w3id.org/ofsted-kg/ontology#> .\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["push", "--endpoint", f"{server}/store", "--graph", str(path)]
    )
    # one line (the graph file's loader may refuse it first, naming the file)
    assert result.exit_code == 2 and len(result.output.splitlines()) == 1
    assert result.output.startswith("Error: ") and "empty" in result.output
    assert count_triples(f"{server}/query") == before


@pytest.mark.parametrize("bad", ["not-a-url", "ftp://127.0.0.1/store", "http://", "http://h:x/"])
def test_endpoint_must_be_an_http_url(bad, tmp_path):
    message = f"{bad!r} is not a valid http(s) URL (e.g. http://127.0.0.1:7878/query)"
    graph = Graph()
    graph.add((URIRef("urn:x:a"), URIRef("urn:x:b"), Literal(1)))
    good = f"http://127.0.0.1:{free_port()}"  # never contacted: the URL is checked first
    for call in (
        lambda: RemoteEngine(bad),
        lambda: RemoteEngine(f"{good}/query", update_endpoint=bad),
        lambda: push(graph, bad),
        lambda: push(graph, f"{good}/store", update_endpoint=bad),
        lambda: sparql_update(bad, "DROP ALL"),
    ):
        with pytest.raises(EndpointError) as caught:
            call()
        assert str(caught.value) == message
    path = tmp_path / "g.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    for args in (
        ["query", "judgements", "--endpoint", bad],
        ["push", "--endpoint", bad, "--graph", str(path)],
    ):
        result = CliRunner().invoke(main, args)
        assert (result.exit_code, result.output) == (2, f"Error: {message}\n")


def test_update_endpoint_is_found_next_to_the_store():
    assert update_endpoint_for("http://h:7878/store") == "http://h:7878/update"
    assert update_endpoint_for("http://h/ds/data") == "http://h/ds/update"
    assert update_endpoint_for("http://h/gsp") is None
    # Virtuoso: the authenticated Graph Store next to the authenticated SPARQL endpoint
    assert (
        update_endpoint_for("http://h:8890/sparql-graph-crud-auth") == "http://h:8890/sparql-auth"
    )
    assert update_endpoint_for("http://h:8890/sparql-graph-crud") == "http://h:8890/sparql"
    assert RemoteEngine("http://h:8890/sparql").update_endpoint == "http://h:8890/sparql"
    assert RemoteEngine("http://h/ds/query").update_endpoint == "http://h/ds/update"


# --- failures: one line naming the URL, exit code 2 --------------------------------------------


def test_connection_refused(built_graph):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(EndpointError, match=r"127\.0\.0\.1.*connection refused"):
        RemoteEngine(f"{url}/query", timeout=5, graph_iri=None).select(
            "SELECT * WHERE { ?s ?p ?o }"
        )
    with pytest.raises(EndpointError, match="connection refused"):
        push(built_graph, f"{url}/store", timeout=5)
    result = CliRunner().invoke(main, ["query", "judgements", "--endpoint", f"{url}/query"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {url}/query: connection refused")


SELECT_ONE = (
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", '
    b'"value": "1"}}]}}'
)


class _Handler(http.server.BaseHTTPRequestHandler):
    """A misbehaving server: /slow never answers in time, /error fails, /junk answers junk.

    ``/flaky/STATUS/N/KEY/...`` answers HTTP STATUS (or, for ``hang``, nothing for 3 s) to
    the first N requests under KEY, then succeeds; :attr:`seen` lists each KEY's methods.
    """

    seen: ClassVar[dict[str, list[str]]] = collections.defaultdict(list)

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
            self.wfile.write(body)

    def _flaky(self) -> None:
        _, _, status, failures, key, *_ = self.path.split("/")
        self.seen[key].append(self.command)
        if len(self.seen[key]) <= int(failures):
            if status == "hang":
                time.sleep(3)
            self._send(503 if status == "hang" else int(status), b"try later")
        elif self.command == "PUT" or self.headers.get("Content-Type", "").startswith(
            "application/sparql-update"
        ):
            self._send(204, b"")
        else:
            self._send(200, SELECT_ONE, "application/sparql-results+json")

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.startswith("/flaky/"):
            self._flaky()
            return
        if self.path.startswith("/slow"):
            time.sleep(3)
        if self.path.startswith("/error"):
            self._send(503, b"overloaded, try later")
        else:
            self._send(200, b"<html>not SPARQL</html>", "application/sparql-results+json")

    do_GET = do_POST = do_PUT = do_DELETE = _answer


@pytest.fixture(scope="module")
def bad_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_timeout(bad_server, built_graph):
    with pytest.raises(EndpointError, match="/slow/query: timed out"):
        RemoteEngine(f"{bad_server}/slow/query", timeout=0.5, graph_iri=None).select(
            "SELECT * WHERE {}"
        )
    with pytest.raises(EndpointError, match="timed out"):
        push(built_graph, f"{bad_server}/slow/store", timeout=0.5)
    result = CliRunner().invoke(
        main, ["query", "judgements", "--endpoint", f"{bad_server}/slow/query", "--timeout", "0.5"]
    )
    assert result.exit_code == 2 and "timed out" in result.output


def test_http_error(bad_server, built_graph):
    with pytest.raises(EndpointError, match=r"/error/store.*HTTP 503.*overloaded"):
        push(built_graph, f"{bad_server}/error/store", timeout=5)
    with pytest.raises(EndpointError, match="/error/query"):
        RemoteEngine(f"{bad_server}/error/query", timeout=5, graph_iri=None).select(
            "SELECT * WHERE {}"
        )


def test_malformed_answer(bad_server):
    engine = RemoteEngine(f"{bad_server}/junk/query", timeout=5, graph_iri=None)
    with pytest.raises(EndpointError, match="not SPARQL JSON results"):
        engine.select("SELECT * WHERE {}")
    with pytest.raises(EndpointError, match="malformed N-Triples"):
        engine.construct("CONSTRUCT WHERE { ?s ?p ?o }")


_keys = itertools.count()


def flaky(base: str, status: str, failures: int) -> tuple[str, str]:
    """A fresh ``/flaky/...`` URL prefix on the bad server and its key in ``_Handler.seen``."""
    key = f"k{next(_keys)}"
    return f"{base}/flaky/{status}/{failures}/{key}", key


def test_query_succeeds_after_transient_503s(bad_server):
    url, key = flaky(bad_server, "503", 2)
    result = RemoteEngine(f"{url}/query", timeout=5, graph_iri=None).select("SELECT ?x WHERE {}")
    assert (result.columns, result.rows) == (["x"], [["1"]])
    assert _Handler.seen[key] == ["POST", "POST", "POST"]  # 503, 503, then the answer


@pytest.mark.parametrize("status", ["502", "504"])
def test_query_is_retried_on_gateway_errors(bad_server, status):
    url, key = flaky(bad_server, status, 1)
    result = RemoteEngine(f"{url}/query", timeout=5, graph_iri=None).select("SELECT ?x WHERE {}")
    assert result.rows == [["1"]] and len(_Handler.seen[key]) == 2


def test_timed_out_requests_are_not_retried(bad_server, built_graph):
    url, key = flaky(bad_server, "hang", 1)
    with pytest.raises(EndpointError) as caught:
        RemoteEngine(f"{url}/query", timeout=0.5, graph_iri=None).select("SELECT ?x WHERE {}")
    assert str(caught.value) == f"{url}/query: timed out"
    assert _Handler.seen[key] == ["POST"]
    url, key = flaky(bad_server, "hang", 1)
    with pytest.raises(EndpointError, match=r"^PUT .*staging: timed out$"):
        push(built_graph, f"{url}/store", timeout=0.5)
    # the PUT once (the server may have stored it), then the staging graphs are deleted
    assert _Handler.seen[key] == ["PUT", "DELETE", "DELETE"]


CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_slow_query_times_out_once(tmp_path, parsed):
    """A query the server is still computing is not sent again (its own server: the query
    keeps a core busy until the server is stopped)."""
    from ofsted_kg.rdf.graph import build_graph

    process, base = start_oxigraph(tmp_path / "store")
    try:
        push(build_graph([parsed("bolton-2014-sif.txt")]), f"{base}/store", timeout=30)
        started = time.monotonic()
        with pytest.raises(EndpointError) as caught:
            RemoteEngine(f"{base}/query", timeout=1).select(CROSS_PRODUCT)
        assert time.monotonic() - started < 3
        assert str(caught.value) == f"{base}/query: timed out"
    finally:
        process.kill()
        process.wait()


def test_a_plain_server_answers_what_the_book_says(plain_server, plain_remote):
    """Trafford's grades, through the CLI, from a server whose default graph is empty."""
    result = CliRunner().invoke(
        main,
        ["query", "grade-history", "-p", "authority=Trafford", "--endpoint",
         f"{plain_server}/query", "--format", "csv"],
    )  # fmt: skip
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1:] == [
        "Trafford,2015-01-27,sif,Good,2,good",
        "Trafford,2022-11-21,ilacs-standard,Requires improvement to be good,3,"
        "Requires improvement to be good",
    ]
    default = RemoteEngine(f"{plain_server}/query", graph_iri=None)
    assert default.ask("ASK { ?s ?p ?o }") is False  # the server's default graph is empty


def test_a_query_with_its_own_dataset_keeps_it(plain_server, plain_remote, built_graph):
    """FROM in the text wins: only the data graph is counted, not the ontology."""
    count = f"SELECT (COUNT(*) AS ?n) FROM <{DEFAULT_GRAPH_IRI}> WHERE {{ ?s ?p ?o }}"
    assert plain_remote.select(count).rows == [[str(len(built_graph))]]
    both = plain_remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(both) > len(built_graph) + 800  # the ontology graph too


def test_no_rows_from_the_servers_default_graph_warns(plain_server, plain_remote, remote):
    nothing = "SELECT ?s WHERE { ?s <urn:x:none> ?o }"
    engine = RemoteEngine(f"{plain_server}/query", timeout=30, graph_iri=None)
    with pytest.warns(EmptyDefaultGraphWarning) as caught:
        assert engine.select(nothing).rows == []
    assert len(caught) == 1
    said = (
        f"{plain_server}/query: no rows, and the server's default graph is empty while its "
        "named graphs hold data; read the graphs ofsted-kg push wrote (leave out "
        "--server-default-graph) or serve their union as the default graph"
    )
    assert str(caught[0].message) == said
    result = CliRunner().invoke(
        main, ["query", "inspections", "--endpoint", f"{plain_server}/query",
               "--server-default-graph"],
    )  # fmt: skip
    assert result.exit_code == 0 and "(0 rows)" in result.stdout
    assert result.stderr == f"warning: {said}\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plain_remote.select(nothing).rows == []  # the pushed graphs are there
        assert remote.select(nothing).rows == []  # the union default graph holds data


def test_no_rows_from_a_graph_the_server_lacks_warns(plain_server, plain_remote):
    result = CliRunner().invoke(
        main, ["query", "inspections", "--endpoint", f"{plain_server}/query",
               "--graph-iri", "https://example.org/graph/release-2"],
    )  # fmt: skip
    assert result.exit_code == 0 and "(0 rows)" in result.stdout
    assert result.stderr == (
        f"warning: {plain_server}/query: no rows, and the server has no graph "
        "<https://example.org/graph/release-2>: push the graph there first (ofsted-kg push), "
        "name the graph it is in (--graph-iri IRI), or read the server's default graph "
        "(--server-default-graph)\n"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--graph-iri", "urn:x:g"], "--graph-iri and --server-default-graph are for a server"),
        (["--server-default-graph"], "--graph-iri and --server-default-graph are for a server"),
        (
            ["--endpoint", "http://127.0.0.1:1/query", "--graph-iri", "urn:x:g",
             "--server-default-graph"],
            "give --graph-iri IRI or --server-default-graph, not both",
        ),
        (
            ["--endpoint", "http://127.0.0.1:1/query", "--graph-iri", "not an iri"],
            "graph IRI 'not an iri' is not an absolute IRI",
        ),
    ],
)  # fmt: skip
def test_dataset_options_are_checked_first(args, message):
    result = CliRunner().invoke(main, ["query", "inspections", *args])
    assert result.exit_code == 2 and result.output.startswith(f"Error: {message}")
    assert len(result.output.splitlines()) == 1


def test_retries_give_up_with_one_line_naming_the_url_and_the_attempts(bad_server):
    url, key = flaky(bad_server, "503", 99)
    started = time.monotonic()
    with pytest.raises(EndpointError) as caught:
        RemoteEngine(f"{url}/query", timeout=5, graph_iri=None).select("SELECT ?x WHERE {}")
    assert str(caught.value) == (
        f"{url}/query: HTTP 503 Service Unavailable: try later (gave up after 4 attempts)"
    )
    assert len(_Handler.seen[key]) == 4
    assert 1.2 <= time.monotonic() - started < 5  # urllib3 paused 0, 0.4, 0.8 s
    result = CliRunner().invoke(main, ["query", "judgements", "--endpoint", f"{url}/query"])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"Error: {url}/query: HTTP 503 Service Unavailable: try later (gave up after 4 attempts)"
    )


def test_client_errors_are_not_retried(bad_server, built_graph):
    url, key = flaky(bad_server, "404", 99)
    with pytest.raises(EndpointError, match="404"):
        RemoteEngine(f"{url}/query", timeout=5, graph_iri=None).select("SELECT ?x WHERE {}")
    assert _Handler.seen[key] == ["POST"]
    url, key = flaky(bad_server, "400", 99)
    with pytest.raises(
        EndpointError,
        match=r"^PUT .*/store\?graph=.*staging: HTTP 400 Bad "
        r"Request: try later$",
    ):
        push(built_graph, f"{url}/store", timeout=5)
    # the staging PUT once, then one Graph Store DELETE: its 400 ends the clean-up
    assert _Handler.seen[key] == ["PUT", "DELETE"]
    url, key = flaky(bad_server, "404", 99)
    with pytest.raises(EndpointError, match=r"^PUT .*staging: HTTP 404 Not Found"):
        push(built_graph, f"{url}/store", timeout=5)
    # a 404 (no such staging graph) is fine: each staging graph is deleted once
    assert _Handler.seen[key] == ["PUT", "DELETE", "DELETE"]


def test_update_is_not_retried(bad_server):
    url, key = flaky(bad_server, "503", 1)
    with pytest.raises(
        EndpointError,
        match=r"^POST .*/update: HTTP 503 Service Unavailable: "
        r"try later$",
    ):
        sparql_update(f"{url}/update", "DROP ALL", timeout=5)
    assert _Handler.seen[key] == ["POST"]
    url, key = flaky(bad_server, "503", 1)
    with pytest.raises(EndpointError, match="HTTP 503"):
        RemoteEngine(f"{url}/query", timeout=5, graph_iri=None).update("DROP ALL")
    assert _Handler.seen[key] == ["POST"]


def test_push_retries_its_puts_but_not_its_move(bad_server, built_graph):
    url, key = flaky(bad_server, "503", 1)
    result = push(built_graph, f"{url}/store", timeout=5)
    assert result.staged
    # data staging PUT: 503 then done; ontology staging PUT; one MOVE update
    assert _Handler.seen[key] == ["PUT", "PUT", "PUT", "POST"]
    store, store_key = flaky(bad_server, "503", 0)
    update, key = flaky(bad_server, "503", 99)
    with pytest.raises(EndpointError, match=r"^POST .*/update: HTTP 503"):
        push(built_graph, f"{store}/store", timeout=5, update_endpoint=f"{update}/update")
    assert _Handler.seen[key] == ["POST"]  # the MOVE once
    # the staging graphs are deleted on the store, not with an update
    assert _Handler.seen[store_key] == ["PUT", "PUT", "DELETE", "DELETE"]


def test_credentials_come_from_the_url_or_the_environment(monkeypatch):
    from ofsted_kg.server.remote import credentials

    monkeypatch.delenv("OFSTED_KG_USER", raising=False)
    assert credentials() is None and credentials("http://h/query") is None
    monkeypatch.setenv("OFSTED_KG_USER", "analyst")
    monkeypatch.setenv("OFSTED_KG_PASSWORD", "s3cret")
    assert credentials() == ("analyst", "s3cret")
    assert credentials("http://h/query") == ("analyst", "s3cret")
    # the URL's own userinfo wins (percent-encoded characters decoded)
    assert credentials("http://alice:p%40ss@h/query") == ("alice", "p@ss")


# --- a server killed in the middle of a push ---------------------------------------------------


class KillingProxy:
    """A TCP proxy in front of ``oxigraph serve`` that crashes the server mid-push.

    Requests are passed through whole (one per connection: urllib sends ``Connection:
    close``), except the first whose head starts with ``crash_on``: half of its body is
    forwarded, then the server is killed with SIGKILL and the client's connection dropped.
    Later requests find nothing listening and are dropped too.
    """

    def __init__(self, process: subprocess.Popen, target: str, crash_on: bytes) -> None:
        self.process = process
        self.crash_on = crash_on
        self.target = urllib.parse.urlsplit(target).netloc.split(":")
        self.killed_at: int | None = None  # bytes of the staging PUT the server got
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):  # the listener is closed at the end
            while True:
                client, _ = self.listener.accept()
                with client:
                    client.settimeout(10)
                    self._relay(client)

    def _relay(self, client: socket.socket) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            data += client.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            (
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            ),
            0,
        )
        while len(body) < length:
            body += client.recv(1 << 20)
        try:
            upstream = socket.create_connection((self.target[0], int(self.target[1])), 5)
        except OSError:
            return  # the server is dead: drop the client's connection
        with upstream:
            if head.startswith(self.crash_on) and self.killed_at is None:
                upstream.sendall(head + b"\r\n\r\n" + body[: length // 2])
                time.sleep(0.2)  # the server is reading the graph
                self.process.kill()
                self.process.wait()
                self.killed_at = length // 2
                return
            upstream.sendall(head + b"\r\n\r\n" + body)
            while chunk := upstream.recv(65536):
                client.sendall(chunk)

    def close(self) -> None:
        self.listener.close()
        self.thread.join(timeout=5)


def values(graph: Graph) -> set[tuple]:
    """The triples with literals as Python values (the server writes 65250.0 as 65250)."""
    return {(s, p, o.toPython() if isinstance(o, Literal) else o) for s, p, o in graph}


def graph_values(base: str, iri: str) -> set[tuple]:
    return values(
        RemoteEngine(f"{base}/query", timeout=30, graph_iri=None).construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        )
    )


CRASHES = {
    # in the middle of the first staging PUT (oxigraph has half the graph)
    "staging-put": (
        b"PUT /store?graph=" + urllib.parse.quote(f"{DEFAULT_GRAPH_IRI}/staging", safe="").encode(),
        r"PUT .*staging: .*",
    ),
    # both staging graphs loaded, the MOVE update half sent
    "move": (b"POST /update", r"POST .*/update: .*"),
}


@pytest.mark.parametrize("crash", sorted(CRASHES))
def test_server_killed_mid_push_keeps_the_old_graph_and_the_next_push_recovers(
    tmp_path, parsed, built_graph, crash
):
    from ofsted_kg.rdf.graph import build_graph

    crash_on, message = CRASHES[crash]

    first = build_graph([parsed("bolton-2014-sif.txt")])
    assert len(built_graph) > len(first) + 2000
    location = tmp_path / "store"
    process, base = start_oxigraph(location)
    try:
        pushed_first = push(first, f"{base}/store", timeout=30)
        proxy = KillingProxy(process, base, crash_on)
        started = time.monotonic()
        try:
            with pytest.raises(EndpointError, match=message):
                push(built_graph, f"{proxy.url}/store", timeout=5)
        finally:
            proxy.close()
        assert proxy.killed_at and process.returncode == -9
        assert time.monotonic() - started < 10
    finally:
        stop(process)
    process, base = start_oxigraph(location)  # the same store folder
    try:
        counts = count_triples(f"{base}/query")
        # The live graphs hold exactly the first push; a staging graph may be left over.
        assert counts[DEFAULT_GRAPH_IRI] == len(first)
        assert graph_values(base, DEFAULT_GRAPH_IRI) == values(first)
        assert counts[ONTOLOGY_GRAPH_IRI] == pushed_first.graphs[ONTOLOGY_GRAPH_IRI]
        assert set(counts) <= {
            DEFAULT_GRAPH_IRI,
            ONTOLOGY_GRAPH_IRI,
            f"{DEFAULT_GRAPH_IRI}/staging",
            f"{ONTOLOGY_GRAPH_IRI}/staging",
        }
        again = push(built_graph, f"{base}/store", timeout=30)
        assert count_triples(f"{base}/query") == {
            DEFAULT_GRAPH_IRI: len(built_graph),
            ONTOLOGY_GRAPH_IRI: again.graphs[ONTOLOGY_GRAPH_IRI],
        }  # no staging graph left
        assert graph_values(base, DEFAULT_GRAPH_IRI) == values(built_graph)
    finally:
        stop(process)


def test_json_numbers_alike_from_the_server_and_the_embedded_store(server, pushed, built_graph):
    # grade-distribution counts judgements per framework, year and grade: COUNT gives
    # xsd:integer, so JSON shows numbers, from a server as from the built graph.
    runner = CliRunner()
    remote = runner.invoke(
        main, ["query", "grade-distribution", "--endpoint", f"{server}/query", "-f", "json"]
    )
    assert remote.exit_code == 0, remote.output
    rows = json.loads(remote.output)
    ilacs = next(r for r in rows if r["framework"] == "ilacs-standard")
    assert (ilacs["year"], ilacs["rank"], ilacs["judgements"]) == (2022, 3, 4)
    local = runner.invoke(main, ["query", "grade-distribution", "-f", "json"])
    assert json.loads(local.output) == rows


def test_push_to_the_query_url_and_a_query_to_the_store_name_the_mix_up(
    server, pushed, built_graph
):
    """oxigraph answers HTTP 404 to a PUT on /query and 415 to a query on /store; the
    error says which URL does what instead, and the server's graph is untouched."""
    said = r"/query is a query endpoint; push loads graphs through the graph store: queries go"
    with pytest.raises(EndpointError, match=said):
        push(built_graph, f"{server}/query", timeout=30)
    result = CliRunner().invoke(main, ["query", "inspections", "--endpoint", f"{server}/store"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {server}/store is a graph store, not a query endpoint: queries go to "
        "/query, push to /store (Fuseki: /ds/query and /ds/data)\n"
    )
    assert count_triples(f"{server}/query")[DEFAULT_GRAPH_IRI] == len(built_graph)
