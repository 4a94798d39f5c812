"""The graph on a real SPARQL server: push to ``oxigraph serve`` (started here on a free
127.0.0.1 port, stopped at the end) and check every stored query answers as it does on the
embedded store; plus the errors users meet when a server is down, slow or failing."""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from ofsted_kg.cli import main
from ofsted_kg.engines import OxigraphEngine
from ofsted_kg.errors import EndpointError
from ofsted_kg.queries import catalogue, example_params, run_query
from ofsted_kg.remote import (
    DEFAULT_GRAPH_IRI,
    ONTOLOGY_GRAPH_IRI,
    RemoteEngine,
    count_triples,
    push,
    update_endpoint_for,
)

QUERIES = catalogue()
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """``oxigraph serve`` with a temporary store and the union default graph; its base URL."""
    if not Path(OXIGRAPH).exists():
        pytest.skip("the oxigraph CLI (PyPI package 'oxigraph') is not installed")
    port = free_port()
    location = tmp_path_factory.mktemp("oxigraph-store")
    process = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oxigraph serve did not start: "
                                       + process.stderr.read().decode()[-500:]) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def pushed(server, built_graph):
    result = push(built_graph, f"{server}/store", timeout=60)
    assert result.staged
    return result


@pytest.fixture(scope="session")
def remote(server, pushed):
    return RemoteEngine(f"{server}/query", timeout=60)


@pytest.fixture(scope="session")
def local(built_graph):
    return OxigraphEngine.from_graph(built_graph)


def test_push_loads_data_and_ontology_into_named_graphs(server, pushed, built_graph):
    counts = count_triples(f"{server}/query")
    assert counts == {DEFAULT_GRAPH_IRI: len(built_graph),
                      ONTOLOGY_GRAPH_IRI: pushed.graphs[ONTOLOGY_GRAPH_IRI]}


def test_second_push_is_idempotent(server, pushed, built_graph):
    before = count_triples(f"{server}/query")
    again = push(built_graph, f"{server}/store", timeout=60)
    assert again.graphs == pushed.graphs
    assert count_triples(f"{server}/query") == before  # no staging graphs left behind


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_rows_remotely(name, remote, local):
    query = QUERIES[name]
    for params in example_params(query):
        there = run_query(query, remote, params)
        here = run_query(query, local, params)
        if isinstance(here, Graph):
            assert set(there) == set(here) and len(here) > 0, name
        elif isinstance(here, bool):
            assert there == here
        else:
            assert (there.columns, there.rows) == (here.columns, here.rows), f"{name} {params}"


def test_cli_push_and_query(server, pushed, tmp_path, built_graph):
    path = tmp_path / "g.ttl"
    built_graph.serialize(path, format="turtle")
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", f"{server}/store", "--graph", str(path)])
    assert result.exit_code == 0, result.output
    assert f"pushed {pushed.triples} triples" in result.output
    result = runner.invoke(main, ["query", "grade-history", "-p", "authority=Trafford",
                                  "--endpoint", f"{server}/query", "--format", "csv"])
    assert result.output.splitlines()[1:] == [
        "Trafford,2015-01-27,sif,Good,2,good",
        "Trafford,2022-11-21,ilacs-standard,Requires improvement to be good,3,"
        "Requires improvement to be good"]
    result = runner.invoke(main, ["query", "ask-inspected", "-p", "authority=Bolton",
                                  "-p", "since=2020-01-01", "--endpoint", f"{server}/query"])
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
    update.write_text("INSERT DATA { GRAPH <urn:x:scratch> { <urn:x:a> <urn:x:b> 1 } }\n",
                      encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(update), "--endpoint", f"{server}/query",
                                       "--allow-update"])
    assert result.exit_code == 0, result.output
    assert count_triples(f"{server}/query")["urn:x:scratch"] == 1
    RemoteEngine(f"{server}/query").update("DROP GRAPH <urn:x:scratch>")


def test_update_endpoint_is_found_next_to_the_store():
    assert update_endpoint_for("http://h:7878/store") == "http://h:7878/update"
    assert update_endpoint_for("http://h/ds/data") == "http://h/ds/update"
    assert update_endpoint_for("http://h/gsp") is None


# --- failures: one line naming the URL, exit code 2 --------------------------------------------


def test_connection_refused(built_graph):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    with pytest.raises(EndpointError, match=r"127\.0\.0\.1.*connection refused"):
        RemoteEngine(f"{url}/query", timeout=5).select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(EndpointError, match="connection refused"):
        push(built_graph, f"{url}/store", timeout=5)
    result = CliRunner().invoke(main, ["query", "judgements", "--endpoint", f"{url}/query"])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {url}/query: connection refused")


class _Handler(http.server.BaseHTTPRequestHandler):
    """A misbehaving server: /slow never answers in time, /error fails, /junk answers junk."""

    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.startswith("/slow"):
            time.sleep(3)
        if self.path.startswith("/error"):
            self.send_response(503, "Service Unavailable")
            body = b"overloaded, try later"
            content_type = "text/plain"
        else:
            self.send_response(200)
            body = b"<html>not SPARQL</html>"
            content_type = "application/sparql-results+json"
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # client gave up
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer


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
        RemoteEngine(f"{bad_server}/slow/query", timeout=0.5).select("SELECT * WHERE {}")
    with pytest.raises(EndpointError, match="timed out"):
        push(built_graph, f"{bad_server}/slow/store", timeout=0.5)
    result = CliRunner().invoke(main, ["query", "judgements", "--endpoint",
                                       f"{bad_server}/slow/query", "--timeout", "0.5"])
    assert result.exit_code == 2 and "timed out" in result.output


def test_http_error(bad_server, built_graph):
    with pytest.raises(EndpointError, match=r"/error/store.*HTTP 503.*overloaded"):
        push(built_graph, f"{bad_server}/error/store", timeout=5)
    with pytest.raises(EndpointError, match="/error/query"):
        RemoteEngine(f"{bad_server}/error/query", timeout=5).select("SELECT * WHERE {}")


def test_malformed_answer(bad_server):
    engine = RemoteEngine(f"{bad_server}/junk/query", timeout=5)
    with pytest.raises(EndpointError, match="not SPARQL JSON results"):
        engine.select("SELECT * WHERE {}")
    with pytest.raises(EndpointError, match="malformed N-Triples"):
        engine.construct("CONSTRUCT WHERE { ?s ?p ?o }")


def test_credentials_come_from_the_environment(monkeypatch):
    from ofsted_kg.remote import _auth_headers, credentials

    monkeypatch.delenv("OFSTED_KG_USER", raising=False)
    assert credentials() is None and _auth_headers() == {}
    monkeypatch.setenv("OFSTED_KG_USER", "analyst")
    monkeypatch.setenv("OFSTED_KG_PASSWORD", "s3cret")
    assert credentials() == ("analyst", "s3cret")
    assert _auth_headers() == {"Authorization": "Basic YW5hbHlzdDpzM2NyZXQ="}
