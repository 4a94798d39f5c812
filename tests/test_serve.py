"""``ofsted-kg serve``: the built graph as a read-only SPARQL endpoint on 127.0.0.1, run
as a real process (``python -m ofsted_kg serve``) and spoken to through HTTP: the SPARQL
1.1 Protocol at /query (GET and POST), the query page at /, writes refused, Ctrl-C stops
it with one line, a busy port or a missing graph is one error line, and the server never
outlives the command. Its front refuses what would reach out of the machine (SERVICE,
LOAD: the server a test starts never hears a thing), updates, dataset clauses, another
Host header (DNS rebinding) and another site's Origin, and passes the rest to oxigraph,
whose answers come back byte for byte."""

from __future__ import annotations

import http.client
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
from ofsted_kg.server.local import start_endpoint
from ofsted_kg.server.remote import RemoteEngine
from ofsted_kg.store.disk import open_engine
from test_hostile_server import serving
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


def request(
    url: str,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    port: int | None = None,
) -> tuple[int, str, bytes]:
    """(status, Content-Type, body) of one request sent as given (Host included, when
    ``headers`` has one), to ``port`` if given instead of the URL's."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, port or parts.port, timeout=30)
    try:
        headers = dict(headers or {})
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.putrequest(method, target, skip_host="Host" in headers)
        for name, value in headers.items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        answer = connection.getresponse()
        return answer.status, answer.getheader("Content-Type", ""), answer.read()
    finally:
        connection.close()


def three_ways(query_url: str, text: str) -> list[tuple[str, str, bytes, dict[str, str]]]:
    """A query sent the protocol's three ways: (method, URL, body, headers)."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return [
        ("GET", f"{query_url}?{urllib.parse.urlencode({'query': text})}", b"", {}),
        ("POST", query_url, urllib.parse.urlencode({"query": text}).encode(), form),
        ("POST", query_url, text.encode(), {"Content-Type": "application/sparql-query"}),
    ]


SERVICE_REFUSED = b"the query: SERVICE (federated query to another host) is refused\n"


@pytest.mark.parametrize(
    "pattern",
    [
        "SERVICE <{base}/x> {{ ?s ?p ?o }}",
        "SERVICE SILENT <{base}/x> {{ ?s ?p ?o }}",
        "service <{base}/x> {{ ?s ?p ?o }}",
        "SERV\\u0049CE <{base}/x> {{ ?s ?p ?o }}",  # a codepoint escape, as SPARQL allows
        "?s ?p ?o OPTIONAL {{ SERVICE <{base}/x> {{ ?s ?p ?o }} }}",
        # rdflib read "\u00000022" as a quote (8 hex digits), Oxigraph as a NUL and "0022",
        # as SPARQL says: the SERVICE call hid in a string rdflib alone saw, and was made.
        'OPTIONAL {{ ?s ?p "a\\u00000022 . ?s ?p " }} SERVICE <{base}/x> {{ ?a ?b ?c }} # " }}\n',
    ],
)
def test_service_is_refused_and_the_other_server_hears_nothing(served, pattern):
    """A web page could send the endpoint a SERVICE call to any URL, and read the answer
    in the error: the front refuses it before oxigraph sees it."""
    _, query_url, _ = served
    with serving(lambda handler: handler.send_error(500)) as (base, seen):
        text = f"SELECT * WHERE {{ {pattern.format(base=base)} }}"
        for method, url, body, headers in three_ways(query_url, text):
            status, kind, answer = request(url, method, body or None, headers)
            assert (status, kind, answer) == (400, "text/plain; charset=utf-8", SERVICE_REFUSED)
        assert seen == []


def test_a_query_too_long_or_a_target_with_a_control_character_is_refused(served):
    """10,000 "FILTER(1)" in a row overflowed oxigraph's stack and ended the server; a
    control character in the query string was a 502 from the front's own client."""
    _, query_url, _ = served
    long = "ASK { " + " ".join("FILTER(1)" for _ in range(10_000)) + " }"
    status, _, answer = request(
        query_url, "POST", long.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert (status, answer) == (
        413,
        b"the query is over 32,768 characters: this endpoint runs shorter\n",
    )
    parts = urllib.parse.urlsplit(query_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as raw:
        raw.sendall(
            f"GET /query?query=ASK%7B%7D&x=\x7f HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "Connection: close\r\n\r\n".encode("latin-1")
        )
        assert raw.recv(12) == b"HTTP/1.1 400"
    status, _, answer = request(f"{query_url}?query=ASK%7B%7D")  # the server still answers
    assert status == 200 and b"true" in answer


def test_a_query_at_another_spelling_of_the_path_never_runs(served):
    """Paths oxigraph might read as /query are refused (or go to it as paths it does not
    know): none runs the SERVICE call."""
    _, query_url, _ = served
    base = query_url.removesuffix("/query")
    with serving(lambda handler: handler.send_error(500)) as (elsewhere, seen):
        text = f"SELECT * WHERE {{ SERVICE <{elsewhere}/x> {{ ?s ?p ?o }} }}"
        encoded = urllib.parse.urlencode({"query": text})
        for path in ("/%71uery", "/./query", "/x/../query", "//query", "/query/", "/Query"):
            status, _, _ = request(f"{base}{path}?{encoded}")
            assert status in (400, 404), path
        assert seen == []


def test_load_and_updates_are_refused(served):
    _, query_url, _ = served
    base = query_url.removesuffix("/query")
    with serving(lambda handler: handler.send_error(500)) as (elsewhere, seen):
        load = f"LOAD <{elsewhere}/data.ttl>"
        for method, url, body, headers in three_ways(query_url, load):
            assert request(url, method, body or None, headers) == (
                400,
                "text/plain; charset=utf-8",
                b"the query: LOAD (the server fetching another URL) is refused\n",
            )
        for text in ("DROP ALL", "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"):
            status, _, answer = post_raw(query_url, {"query": text})
            assert status == 400
            assert answer.startswith(b"the query: SPARQL Update is refused")
        for fields in ({"update": load}, {"update": "DROP ALL"}):
            status, kind, answer = post_raw(f"{base}/update", fields)
            assert (status, kind) == (403, "text/plain; charset=utf-8")
            assert answer == (
                b"POST /update is refused: this endpoint is read-only "
                b"(GET and HEAD, and POST to /query)\n"
            )
        for method in ("PUT", "DELETE", "PATCH"):
            assert request(f"{base}/store?default", method, b"")[0] == 403
        assert seen == []


def post_raw(url: str, fields: dict[str, str]) -> tuple[int, str, bytes]:
    body = urllib.parse.urlencode(fields).encode()
    return request(url, "POST", body, {"Content-Type": "application/x-www-form-urlencoded"})


def test_a_malformed_query_is_one_line(served):
    _, query_url, _ = served
    status, kind, answer = post_raw(query_url, {"query": "SELECT ?x WHERE {"})
    assert (status, kind) == (400, "text/plain; charset=utf-8")
    assert answer.startswith(b"the query: malformed SPARQL: ") and answer.count(b"\n") == 1


def test_another_host_or_site_is_refused(served):
    """DNS rebinding (a page on attacker.example whose name now points at 127.0.0.1)
    sends its own name as the Host; a page elsewhere sends its Origin."""
    _, query_url, _ = served
    port = urllib.parse.urlsplit(query_url).port
    url = f"{query_url}?query=ASK%7B%7D"
    for host in (f"attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}"):
        status, kind, answer = request(url, headers={"Host": host})
        assert (status, kind) == (403, "text/plain; charset=utf-8")
        assert (
            answer
            == (
                f"the Host header must be 127.0.0.1:{port} or localhost:{port} (this endpoint "
                "answers this machine's own pages and programs only)\n"
            ).encode()
        )
    assert request(f"{query_url.removesuffix('query')}", headers={"Host": "evil:1"})[0] == 403
    for origin in ("http://attacker.example", "null", f"http://127.0.0.1:{port}.evil"):
        status, _, answer = request(url, headers={"Origin": origin})
        assert status == 403
        assert answer == f"a request from another site (Origin {origin}) is refused\n".encode()
    # this machine's own page, by either name
    for name in ("127.0.0.1", "localhost"):
        headers = {"Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"}
        assert request(url, headers=headers) == (
            200,
            "application/sparql-results+json",
            b'{"head":{},"boolean":true}',
        )


def test_dataset_clauses_and_parameters_are_refused(served):
    """The graph and the ontology are in the default graph: a query needs no dataset."""
    _, query_url, _ = served
    one = b"this endpoint serves one dataset, the graph and its ontology in the default graph\n"
    for text in (
        "SELECT * FROM <urn:x:g> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <urn:x:g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ):
        status, _, answer = post_raw(query_url, {"query": text})
        assert (status, answer) == (400, b"the query: FROM and FROM NAMED are refused: " + one)
    for name in ("default-graph-uri", "named-graph-uri"):
        fields = {"query": "ASK {}", name: "urn:x:g"}
        status, _, answer = post_raw(query_url, fields)
        assert (status, answer) == (400, f"the {name} parameter is refused: ".encode() + one)
        url = f"{query_url}?{urllib.parse.urlencode({name: 'urn:x:g'})}"
        status, _, _ = request(url, "POST", b"ASK {}", {"Content-Type": "application/sparql-query"})
        assert status == 400
    # two queries (one checked, the other run) are one too many
    url = f"{query_url}?query=ASK%7B%7D"
    status, _, answer = request(
        url, "POST", b"ASK {}", {"Content-Type": "application/sparql-query"}
    )
    assert (status, answer) == (400, b"more than one query in one request\n")


DIRECT_QUERIES = [
    (TRAFFORD_GRADES, "application/sparql-results+json"),
    (TRAFFORD_GRADES, "text/csv"),
    (TRAFFORD_GRADES, "application/sparql-results+xml"),
    (TRAFFORD_GRADES, "text/tab-separated-values"),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 500", "text/turtle"),
    ("DESCRIBE <https://w3id.org/ofsted-kg/ontology#Inspection>", "application/n-triples"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "image/png"),  # 406 from oxigraph
    ("SELECT ?x WHERE { BIND(<relative> AS ?x) }", "text/csv"),  # the base IRI: the Host's
]


def test_the_front_gives_oxigraphs_own_answers(graph):
    """What the front lets through comes back as oxigraph gives it (status, type, bytes),
    oxigraph's errors included; stop() closes both ports."""
    endpoint = start_endpoint(graph, 0)
    try:
        front_port, oxigraph_port = endpoint.port, endpoint.oxigraph_port
        assert front_port != oxigraph_port
        host = {"Host": f"127.0.0.1:{front_port}"}
        compared = []
        for text, accept in DIRECT_QUERIES:
            for method, url, body, headers in three_ways(endpoint.query_url, text):
                headers = {**headers, **host, "Accept": accept}
                front = request(url, method, body or None, headers)
                direct = request(url, method, body or None, headers, port=oxigraph_port)
                assert front == direct, (text, accept, method)
                compared.append(front[0])
        for path in ("/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg", "/nothing"):
            url = f"http://127.0.0.1:{front_port}{path}"
            front = request(url, headers=host)
            assert front == request(url, headers=host, port=oxigraph_port), path
            compared.append(front[0])
        assert set(compared) == {200, 404, 406}
        # the service description (its blank nodes differ each time) names the front
        status, kind, body = request(
            endpoint.query_url, headers={"Accept": "application/n-triples"}
        )
        assert (status, kind) == (200, "application/n-triples")
        assert f"<{endpoint.query_url}>".encode() in body
    finally:
        endpoint.stop()
    for port in (front_port, oxigraph_port):
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0
