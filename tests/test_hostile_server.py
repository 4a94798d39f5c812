"""A hostile or broken server: redirects, passwords in URLs, a slow drip, an endless answer,
Ctrl-C in the middle of a push, a server that dies after committing, a graph IRI that is the
ontology's. Every server here is a real one on 127.0.0.1: small ``http.server`` handlers,
TCP proxies in front of ``oxigraph serve``, and ``ofsted-kg`` itself in a subprocess.
Engines on the small handlers read the server's own dataset (``graph_iri=None``): they
know no named graphs to ask about."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.server
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from ofsted_kg.cli import main
from ofsted_kg.errors import EndpointError, Interrupted, NoAnswer
from ofsted_kg.server.remote import (
    DEFAULT_GRAPH_IRI,
    ONTOLOGY_GRAPH_IRI,
    RemoteEngine,
    push,
    sparql_update,
)
from test_remote import SELECT_ONE, count_triples, start_oxigraph, stop

ROOT = Path(__file__).resolve().parents[1]


class Recorder(http.server.BaseHTTPRequestHandler):
    """Answers every request by ``self.server.answer(handler)``; records (method, path,
    headers) in ``self.server.seen``."""

    def log_message(self, *args) -> None:
        pass

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.seen.append((self.command, self.path, dict(self.headers)))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.server.answer(self)

    do_GET = do_POST = do_PUT = do_DELETE = _any


@contextlib.contextmanager
def serving(answer: Callable[[Recorder], None]):
    """A threaded HTTP server on 127.0.0.1 answering with ``answer``: (base URL, seen)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    httpd.daemon_threads = True
    httpd.seen = []
    httpd.answer = answer
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", httpd.seen
    finally:
        httpd.shutdown()
        httpd.server_close()


def answering(body: bytes) -> Callable[[Recorder], None]:
    """An answer of SPARQL JSON results ``body``, HTTP 200."""

    def answer(handler: Recorder) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


select_one = answering(SELECT_ONE)


def redirect_to(location: str) -> Callable[[Recorder], None]:
    def answer(handler: Recorder) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("OFSTED_KG_USER", "analyst")
    monkeypatch.setenv("OFSTED_KG_PASSWORD", "s3cret-pw")
    return "s3cret-pw"


def test_redirect_is_refused_and_credentials_never_leave(secret, built_graph, tmp_path):
    """A 302 from the query, store or update endpoint is an error naming the endpoint; the
    host it points at never hears from us (it would have got the password), nor does an
    ftp: target; push does not claim success."""
    with serving(select_one) as (elsewhere, seen):
        for target in (f"{elsewhere}/query", "ftp://127.0.0.1/x"):
            with serving(redirect_to(target)) as (base, _):
                with pytest.raises(EndpointError) as caught:
                    RemoteEngine(f"{base}/query", timeout=5, graph_iri=None).select(
                        "SELECT ?x WHERE {}"
                    )
                assert str(caught.value) == (
                    f"{base}/query: the server redirected the request (HTTP 302) to "
                    f"{target}; redirects are not followed (they could carry credentials "
                    "or data elsewhere): give the final URL"
                )
                with pytest.raises(EndpointError, match=r"^POST .*/update: the server redir"):
                    sparql_update(f"{base}/update", "DROP ALL", timeout=5)
                path = tmp_path / "g.nt"
                built_graph.serialize(path, format="nt", encoding="utf-8")
                result = CliRunner().invoke(
                    main, ["push", "--endpoint", f"{base}/store", "--graph", str(path)]
                )
                assert result.exit_code == 2
                assert result.output.startswith(f"Error: PUT {base}/store?graph=")
                assert "redirected the request (HTTP 302)" in result.output
                assert "pushed" not in result.output
        assert seen == []


def test_redirected_move_fails_the_push_and_cleans_up(secret, tmp_path, built_graph):
    """The staging PUTs reach a real store, the MOVE is redirected elsewhere: the push
    fails (no false success), the staging graphs are deleted, the password stays home."""
    process, base = start_oxigraph(tmp_path / "store")
    try:
        with (
            serving(select_one) as (elsewhere, seen),
            serving(redirect_to(f"{elsewhere}/update")) as (redirector, _),
        ):
            with pytest.raises(EndpointError, match=r"^POST .*/update: the server redirected"):
                push(built_graph, f"{base}/store", update_endpoint=f"{redirector}/update")
            assert seen == []
        assert count_triples(f"{base}/query") == {}  # staging graphs gone, nothing moved
    finally:
        stop(process)


def test_password_in_the_url_is_used_but_never_shown(monkeypatch, tmp_path, built_graph):
    monkeypatch.delenv("OFSTED_KG_USER", raising=False)
    path = tmp_path / "g.nt"
    built_graph.serialize(path, format="nt", encoding="utf-8")
    with serving(basic_challenge("alice", "top secret")) as (base, seen):
        url = base.replace("//", "//alice:top%20secret@") + "/query"
        assert RemoteEngine(url, timeout=5, graph_iri=None).select("SELECT ?x WHERE {}").rows == [
            ["1"]
        ]
        # asked first (401), then basic auth of alice:top secret; no userinfo in the path
        assert "Authorization" not in seen[0][2]
        assert seen[1][2]["Authorization"] == "Basic YWxpY2U6dG9wIHNlY3JldA=="
        assert [path for _, path, _ in seen] == ["/query", "/query"]
        # the host asked for Basic once: the next request carries it at once
        assert RemoteEngine(url, timeout=5, graph_iri=None).select("SELECT ?x WHERE {}").rows == [
            ["1"]
        ]
        assert len(seen) == 3 and seen[2][2]["Authorization"].startswith("Basic ")
    nobody = base.replace("//", "//alice:top%20secret@") + "/query"  # the server is gone
    for args in (
        ["query", "judgements", "--endpoint", nobody],
        ["query", "judgements", "--endpoint", "http://alice:top%20secret@h:port/query"],
        ["query", "judgements", "--endpoint", nobody.replace("top%20secret", "top@secret")],
        ["push", "--endpoint", nobody.replace("/query", "/store"), "--graph", str(path)],
    ):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert "secret" not in result.output and "alice" not in result.output
        assert "***@" in result.output


def basic_challenge(user: str, password: str) -> Callable[[Recorder], None]:
    """401 with a Basic challenge unless the request carries ``user:password``."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def answer(handler: Recorder) -> None:
        if handler.headers.get("Authorization") == expected:
            select_one(handler)
            return
        handler.send_response(401)
        handler.send_header("WWW-Authenticate", 'Basic realm="sparql"')
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def digest_challenge(user: str, password: str) -> Callable[[Recorder], None]:
    """Virtuoso's way: 401 with a Digest challenge (MD5, qop=auth) unless the request
    carries a right Digest answer; then 201 for a PUT, SPARQL results otherwise."""
    realm, nonce = "SPARQL", secrets.token_hex(16)

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    def answer(handler: Recorder) -> None:
        header = handler.headers.get("Authorization", "")
        if header.startswith("Digest "):
            fields = dict(re.findall(r'(\w+)="?([^",]*)"?', header[7:]))
            ha1 = md5(f"{user}:{realm}:{password}")
            ha2 = md5(f"{handler.command}:{fields['uri']}")
            wanted = md5(f"{ha1}:{nonce}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
            if fields.get("username") == user and fields.get("response") == wanted:
                if handler.command in ("PUT", "DELETE"):
                    handler.send_response(201)
                    handler.send_header("Content-Length", "0")
                    handler.end_headers()
                elif handler.headers.get("Content-Type") == "application/sparql-update":
                    handler.send_response(204)
                    handler.end_headers()
                else:
                    select_one(handler)
                return
        handler.send_response(401)
        handler.send_header(
            "WWW-Authenticate",
            f'Digest realm="{realm}", domain="/sparql-graph-crud-auth", nonce="{nonce}", '
            f'opaque="{secrets.token_hex(8)}", stale="false", qop="auth", algorithm="MD5"',
        )
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def test_digest_credentials_never_go_as_basic_and_each_graph_is_sent_once(built_graph):
    """Virtuoso's /sparql-graph-crud-auth asks for Digest: the password itself never
    crosses the wire, and a push learns the scheme from a request with no body."""
    with serving(digest_challenge("dba", "s3cret-pw")) as (base, seen):
        store = base.replace("//", "//dba:s3cret-pw@") + "/sparql-graph-crud-auth"
        result = push(built_graph, store, timeout=10)
        assert result.staged and result.graphs[DEFAULT_GRAPH_IRI] == len(built_graph)
        said = [headers.get("Authorization", "") for _, _, headers in seen]
        assert not any(value.startswith("Basic") or "s3cret" in value for value in said)
        # DELETE staging (401, then with Digest), the other staging graph, each graph's
        # staging PUT once, the MOVE on /sparql-auth
        assert [(method, path.split("?")[0]) for method, path, _ in seen] == [
            ("DELETE", "/sparql-graph-crud-auth"),
            ("DELETE", "/sparql-graph-crud-auth"),
            ("DELETE", "/sparql-graph-crud-auth"),
            ("PUT", "/sparql-graph-crud-auth"),
            ("PUT", "/sparql-graph-crud-auth"),
            ("POST", "/sparql-auth"),
        ]
        assert said[0] == "" and all(value.startswith("Digest ") for value in said[1:])
        wrong = base.replace("//", "//dba:wrong@") + "/sparql"
        with pytest.raises(EndpointError) as caught:
            RemoteEngine(wrong, timeout=5, graph_iri=None).select("SELECT ?x WHERE {}")
        assert str(caught.value) == f"http://***@{base[7:]}/sparql: HTTP 401 Unauthorized"


def capped(rows: int, status: int = 200, extra: dict[str, str] | None = None):
    """SPARQL results of ``rows`` rows, Virtuoso's X-SPARQL-MaxRows header saying the cap."""
    body = json.dumps(
        {
            "head": {"vars": ["x"]},
            "results": {"bindings": [{"x": {"type": "literal", "value": str(i)}}
                                     for i in range(rows)]},
        }
    ).encode()  # fmt: skip

    def answer(handler: Recorder) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("X-SPARQL-MaxRows", "10000")
        for name, value in (extra or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def test_an_answer_cut_at_the_servers_row_cap_is_an_error_not_fewer_rows():
    """Debian's virtuoso.ini stops every answer at 10,000 rows and says so only in a
    header: as many rows as the cap is an error; fewer is a whole answer."""
    with serving(capped(10_000)) as (base, _):
        with pytest.raises(EndpointError) as caught:
            RemoteEngine(f"{base}/sparql", timeout=10, graph_iri=None).select("SELECT ?x WHERE {}")
        assert str(caught.value) == (
            f"{base}/sparql: the server stops every answer at 10,000 rows and this one has "
            "10,000: it may be cut short; raise Virtuoso's ResultSetMaxRows in virtuoso.ini "
            "[SPARQL]"
        )
        result = CliRunner().invoke(
            main, ["query", "judgements", "--endpoint", f"{base}/sparql", "--server-default-graph"]
        )
        assert (result.exit_code, len(result.output.splitlines())) == (2, 1)
    with serving(capped(9_999)) as (base, _):
        rows = (
            RemoteEngine(f"{base}/sparql", timeout=10, graph_iri=None)
            .select("SELECT ?x WHERE {}")
            .rows
        )
        assert len(rows) == 9_999 and rows[-1] == ["9998"]


@pytest.mark.parametrize(
    "status, extra, said",
    [
        (206, {}, "HTTP 206"),
        (200, {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"},
         "HTTP 200: S1TAT RC...: Returning incomplete results"),
    ],
)  # fmt: skip
def test_a_partial_anytime_answer_is_an_error(status, extra, said):
    """Virtuoso's "anytime" queries answer what was found before the time limit."""
    with serving(capped(3, status, extra)) as (base, _), pytest.raises(EndpointError) as caught:
        RemoteEngine(f"{base}/sparql", timeout=10, graph_iri=None).select("SELECT ?x WHERE {}")
    assert str(caught.value) == (
        f"{base}/sparql: the server answered only part of the query before its time limit "
        f"({said}); raise Virtuoso's MaxQueryExecutionTime in virtuoso.ini [SPARQL]"
    )


# --- a slow drip and an endless answer ----------------------------------------------------


def drip(body_first: bool) -> Callable[[Recorder], None]:
    """A byte every 1.5 s, forever: of the body after the headers, or of the headers."""

    def answer(handler: Recorder) -> None:
        wire = handler.wfile
        if body_first:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/sparql-results+json")
            handler.end_headers()
            handler.wfile.flush()
        else:
            wire.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(200):
            wire.write(b" " if body_first else b"X")
            wire.flush()
            time.sleep(1.5)

    return answer


@pytest.mark.parametrize("body_first", [True, False], ids=["body", "headers"])
def test_slow_drip_is_stopped_at_the_timeout(body_first):
    with serving(drip(body_first)) as (base, _):
        started = time.monotonic()
        result = CliRunner().invoke(
            main, ["query", "judgements", "--endpoint", f"{base}/query", "--timeout", "2"]
        )
        elapsed = time.monotonic() - started
    assert (result.exit_code, result.output) == (2, f"Error: {base}/query: timed out\n")
    assert 2 <= elapsed < 3.5


def endless(handler: Recorder) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/n-triples")
    handler.end_headers()
    chunk = b"<urn:x:a> <urn:x:b> <urn:x:c> .\n" * 2048
    while True:
        handler.wfile.write(chunk)


def claims_too_much(handler: Recorder) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", str(10**12))
    handler.end_headers()


def test_endless_answer_is_refused_at_the_size_limit():
    with serving(endless) as (base, _):
        engine = RemoteEngine(f"{base}/query", timeout=30, max_bytes=2**20, graph_iri=None)
        with pytest.raises(EndpointError) as caught:
            engine.construct("CONSTRUCT WHERE { ?s ?p ?o }")
        assert str(caught.value) == f"{base}/query: the answer is larger than the limit of 1 MiB"
        result = CliRunner().invoke(
            main, ["query", "judgements", "--endpoint", f"{base}/query", "--max-response", "2"]
        )
        assert (result.exit_code, result.output) == (
            2,
            f"Error: {base}/query: the answer is larger than the limit of 2 MiB\n",
        )
    with (
        serving(claims_too_much) as (base, _),
        pytest.raises(EndpointError, match=r"limit of 256 MiB \(Content-Length "),
    ):
        RemoteEngine(f"{base}/query", timeout=5, graph_iri=None).select("SELECT ?x WHERE {}")


def retry_after(status: int, then: Callable[[Recorder], None]) -> Callable[[Recorder], None]:
    """``status`` with ``Retry-After: 86400`` to the first request, then ``then``."""

    def answer(handler: Recorder) -> None:
        if len(handler.server.seen) == 1:
            handler.send_response(status)
            handler.send_header("Retry-After", "86400")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            then(handler)

    return answer


def test_429_is_retried_without_obeying_a_hostile_retry_after():
    with serving(retry_after(429, select_one)) as (base, seen):
        started = time.monotonic()
        assert (
            RemoteEngine(f"{base}/query", timeout=5, graph_iri=None)
            .select("SELECT ?x WHERE {}")
            .rows
        )
        assert len(seen) == 2 and time.monotonic() - started < 2


def hang(handler: Recorder) -> None:
    time.sleep(3)


def test_timed_out_update_is_not_sent_again():
    with serving(hang) as (base, seen):
        with pytest.raises(NoAnswer, match=r"^POST .*/update: timed out$"):
            sparql_update(f"{base}/update", "DROP ALL", timeout=0.5)
        assert [method for method, *_ in seen] == ["POST"]


# --- Ctrl-C in the middle of a push; a server that dies after committing ------------------


class Proxy:
    """A threaded TCP proxy in front of ``target``, one request per connection (the client
    sends ``Connection: close``). A request whose head starts with ``stall`` is held
    forever (``stalled`` is set); one starting with ``swallow`` is passed on and answered
    by the server, but the client's connection is closed without the answer."""

    def __init__(self, target: str, stall: bytes = b"\0", swallow: bytes = b"\0") -> None:
        self.target = urllib.parse.urlsplit(target).netloc.split(":")
        self.stall, self.swallow = stall, swallow
        self.stalled = threading.Event()
        self.swallowed = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        with client, contextlib.suppress(OSError):
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
            if head.startswith(self.stall):
                self.stalled.set()
                time.sleep(3600)
            with socket.create_connection((self.target[0], int(self.target[1])), 10) as up:
                up.sendall(head + b"\r\n\r\n" + body)
                answer = b""
                while chunk := up.recv(65536):
                    answer += chunk
            if head.startswith(self.swallow):
                self.swallowed.set()
                return  # the server committed; the client never hears
            client.sendall(answer)

    def close(self) -> None:
        self.listener.close()


def ofsted_kg(*args: str) -> subprocess.Popen:
    """``ofsted-kg ARGS`` in a subprocess (this checkout's sources)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "ofsted_kg.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )


ONTOLOGY_STAGING = urllib.parse.quote(f"{ONTOLOGY_GRAPH_IRI}/staging", safe="")


def test_ctrl_c_during_push_removes_the_staging_graphs(tmp_path, parsed, built_graph):
    """Ctrl-C while the second staging graph is being sent: the first is already on the
    server, so a union default graph would count the old and the new data together; the
    push deletes it, says so in one line and exits 130."""
    from ofsted_kg.rdf.graph import build_graph

    first = build_graph([parsed("bolton-2014-sif.txt")])
    process, base = start_oxigraph(tmp_path / "store")
    proxy = Proxy(base, stall=b"PUT /store?graph=" + ONTOLOGY_STAGING.encode())
    try:
        push(first, f"{base}/store", timeout=30)
        before = count_triples(f"{base}/query")
        path = tmp_path / "g.nt"
        built_graph.serialize(path, format="nt", encoding="utf-8")
        child = ofsted_kg("push", "--endpoint", f"{proxy.url}/store", "--graph", str(path))
        assert proxy.stalled.wait(60), child.communicate()
        staged = count_triples(f"{base}/query")
        assert staged[f"{DEFAULT_GRAPH_IRI}/staging"] == len(built_graph)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=20)
        assert child.returncode == 130
        assert err.decode() == (
            f"Error: push to {proxy.url}/store interrupted; its staging graphs were removed "
            "and the server's graphs are as they were\n"
        )
        assert count_triples(f"{base}/query") == before
    finally:
        proxy.close()
        stop(process)


def test_server_dying_after_the_move_says_it_may_have_been_applied(tmp_path, built_graph):
    process, base = start_oxigraph(tmp_path / "store")
    proxy = Proxy(base, swallow=b"POST /update")
    try:
        with pytest.raises(NoAnswer) as caught:
            push(built_graph, f"{proxy.url}/store", timeout=5)
        assert proxy.swallowed.is_set()
        assert str(caught.value).startswith(f"POST {proxy.url}/update: ")
        assert str(caught.value).endswith(
            "; the server may have applied the update; check with: ofsted-kg query "
            f"inspections --endpoint {proxy.url}/query"
        )
        assert count_triples(f"{base}/query")[DEFAULT_GRAPH_IRI] == len(built_graph)  # it did
    finally:
        proxy.close()
        stop(process)


def test_graph_iri_of_the_ontology_is_refused(tmp_path, built_graph):
    process, base = start_oxigraph(tmp_path / "store")
    try:
        path = tmp_path / "g.nt"
        built_graph.serialize(path, format="nt", encoding="utf-8")
        for iri in (ONTOLOGY_GRAPH_IRI, f"{ONTOLOGY_GRAPH_IRI}/staging"):
            result = CliRunner().invoke(
                main,
                ["push", "--endpoint", f"{base}/store", "--graph", str(path), "--graph-iri", iri],
            )
            assert result.exit_code == 2
            assert result.output.startswith(
                f"Error: graph IRI <{iri}> is (or stages into) the ontology graph"
            )
        assert count_triples(f"{base}/query") == {}
    finally:
        stop(process)


def test_interrupted_is_a_keyboard_interrupt():
    assert issubclass(Interrupted, KeyboardInterrupt)


def test_load_and_service_are_refused_before_the_server_hears(tmp_path):
    """With --allow-update too: LOAD would have the server fetch a URL of our choosing."""
    with serving(select_one) as (base, seen):
        for text, reason in (
            ("LOAD <http://evil.example/data.ttl>", "LOAD (the server fetching another URL)"),
            (
                "INSERT { ?s ?p ?o } WHERE { SERVICE <http://evil.example/> { ?s ?p ?o } }",
                "SERVICE (federated query to another host)",
            ),
        ):
            path = tmp_path / "call-out.rq"
            path.write_text(text, encoding="utf-8")
            result = CliRunner().invoke(
                main, ["query", str(path), "--endpoint", f"{base}/query", "--allow-update"]
            )
            assert (result.exit_code, result.output) == (2, f"Error: {path}: {reason} is refused\n")
        assert seen == []


def test_an_answer_with_other_columns_is_not_this_querys():
    """A server (or a proxy) answering every query with one canned table: before, the
    check for unread files unpacked its one column as five and ended in a traceback."""
    with serving(select_one) as (base, _):
        result = CliRunner().invoke(
            main, ["query", "inspections", "--endpoint", f"{base}/sparql", "--server-default-graph"]
        )
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: {base}/sparql: the answer's columns (x) are not the query's (authority, "
        "framework, start, end, published, overall, lead_inspector, source): not this "
        "query's answer"
    ]


def test_an_answer_nested_too_deeply_is_one_line():
    """100,000 brackets inside one another: before, Python's JSON reader recursed into a
    traceback."""
    deep = b'{"head":{"vars":["x"]},"results":{"bindings":' + b"[" * 100_000
    body = deep + b"]" * 100_000 + b"}}"
    with serving(answering(body)) as (base, _), pytest.raises(EndpointError) as caught:
        RemoteEngine(f"{base}/sparql", timeout=10, graph_iri=None).select("SELECT ?x {}")
    assert str(caught.value) == (
        f"{base}/sparql: the answer is nested too deeply to be SPARQL JSON results"
    )
