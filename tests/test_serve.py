"""``ofsted-kg serve``: the built graph as a read-only SPARQL endpoint on 127.0.0.1, run
as a real process (``python -m ofsted_kg serve``) and spoken to through HTTP: the SPARQL
1.1 Protocol at /query (GET and POST), the query page at /, writes refused, Ctrl-C stops
it with one line, a busy port or a missing graph is one error line, and the server never
outlives the command."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from ofsted_kg.cli import main
from ofsted_kg.query.catalogue import catalogue
from ofsted_kg.server.remote import RemoteEngine
from ofsted_kg.store.disk import open_engine
from test_remote import same_answers

GRAPH = ROOT / "graphs" / "ofsted.ttl"
QUERIES = catalogue()
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    """A copy of the committed graph of the five bundled reports (its store is built
    beside it, not in the repository)."""
    path = tmp_path_factory.mktemp("served") / "ofsted.ttl"
    shutil.copyfile(GRAPH, path)
    return path


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ofsted_kg", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def announced(process: subprocess.Popen) -> list[str]:
    """The three lines serve prints once the endpoint answers."""
    lines = [process.stdout.readline().rstrip("\n") for _ in range(3)]
    assert all(lines), (lines, process.stderr.read() if process.poll() is not None else "")
    return lines


@pytest.fixture(scope="module")
def served(graph):
    """A running ``ofsted-kg serve --port 0`` on the graph: (process, query URL, page URL)."""
    process = start("--graph", str(graph), "--port", "0")
    try:
        lines = announced(process)
        query_url = lines[0].removeprefix("SPARQL endpoint: ")
        page_url = lines[1].removeprefix("query page:      ")
        yield process, query_url, page_url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()


def get(url: str, accept: str = "application/sparql-results+json") -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def post(url: str, fields: dict[str, str], accept: str = "application/sparql-results+json"):
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


TRAFFORD_GRADES = """\
PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?start ?grade WHERE {
  ?inspection ofs:inspectedAuthority/ofs:gssCode "E08000009" ; ofs:startDate ?start ;
      ofs:overallJudgement/ofs:grade/skos:prefLabel ?grade .
} ORDER BY ?start"""


def test_serve_prints_its_urls_and_answers_the_sparql_protocol(served):
    _, query_url, page_url = served
    assert query_url.startswith("http://127.0.0.1:") and query_url.endswith("/query")
    assert page_url == query_url.removesuffix("query")
    # GET with ?query=
    status, kind, body = get(f"{query_url}?{urllib.parse.urlencode({'query': TRAFFORD_GRADES})}")
    assert (status, kind) == (200, "application/sparql-results+json")
    rows = [
        (b["start"]["value"], b["grade"]["value"]) for b in json.loads(body)["results"]["bindings"]
    ]
    assert rows == [("2015-01-27", "Good"), ("2022-11-21", "Requires improvement to be good")]
    # POST form, CSV
    status, body = post(query_url, {"query": TRAFFORD_GRADES}, accept="text/csv")
    assert status == 200
    assert body.decode().splitlines() == [
        "start,grade",
        "2015-01-27,Good",
        "2022-11-21,Requires improvement to be good",
    ]


def test_the_query_page_is_served(served):
    _, _, page_url = served
    status, kind, body = get(page_url, accept="text/html")
    assert status == 200 and kind.startswith("text/html")
    assert b"yasgui" in body.lower()


def test_serve_is_read_only(served, graph):
    _, query_url, _ = served
    base = query_url.removesuffix("/query")
    status, body = post(f"{base}/update", {"update": "DROP ALL"})
    assert status == 403 and b"read-only" in body
    request = urllib.request.Request(
        f"{base}/store?default",
        data=b"<urn:x:a> <urn:x:b> <urn:x:c> .\n",
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 403
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    status, body = post(query_url, {"query": count})
    here = open_engine(graph).select(count).rows[0][0]
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == here


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_stored_query_through_the_endpoint(name, served, graph):
    """``query --endpoint`` on serve's URL needs no flag: the endpoint has no graph that
    push writes, so the queries read its default graph, which holds the whole graph."""
    _, query_url, _ = served
    engine = RemoteEngine(query_url, timeout=60)
    same_answers(QUERIES[name], engine, open_engine(graph))


def test_cli_query_on_the_endpoint(served):
    _, query_url, _ = served
    result = CliRunner().invoke(
        main,
        ["query", "lscb-below-good", "--endpoint", query_url, "--format", "csv"],
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "authority,start,board,grade,rank",
        "Bolton,2014-01-14,Bolton Local Safeguarding Children Board,Requires improvement,3",
    ]


def test_ctrl_c_stops_it_with_one_line(graph):
    process = start("--graph", str(graph), "--port", "0")
    try:
        query_url = announced(process)[0].removeprefix("SPARQL endpoint: ")
        assert get(f"{query_url}?query=ASK%7B%7D")[0] == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (process.returncode, out, err) == (0, "", f"stopped the endpoint at {query_url}\n")
    port = int(urllib.parse.urlsplit(query_url).port or 0)
    with socket.socket() as sock:  # nothing listens there any more
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def server_children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
def test_the_server_dies_with_the_command(graph):
    """SIGKILL leaves no clean-up to ofsted-kg: the kernel ends the server (PDEATHSIG)."""
    process = start("--graph", str(graph), "--port", "0")
    query_url = announced(process)[0].removeprefix("SPARQL endpoint: ")
    children = server_children(process.pid)
    assert len(children) == 1
    process.kill()
    process.wait()
    stat = Path(f"/proc/{children[0]}/stat")

    def running() -> bool:  # gone, or a zombie waiting for init to reap it: not running
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 10
    while running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running()
    with pytest.raises(OSError):  # refused, or reset by the server as it died
        urllib.request.urlopen(f"{query_url}?query=ASK%7B%7D", timeout=5)


def test_a_busy_port_is_one_error_line(served, graph):
    _, query_url, _ = served
    port = urllib.parse.urlsplit(query_url).port
    result = CliRunner().invoke(main, ["serve", "--graph", str(graph), "--port", str(port)])
    assert (result.exit_code, result.output) == (
        2,
        f"Error: 127.0.0.1:{port} is in use (another server?); give another --port\n",
    )


def test_a_missing_graph_is_one_error_line(tmp_path):
    missing = tmp_path / "ofsted.ttl"
    result = CliRunner().invoke(main, ["serve", "--graph", str(missing), "--port", "0"])
    assert (result.exit_code, result.output) == (
        2,
        f"Error: {missing}: no such graph file; run 'ofsted-kg build' first\n",
    )
