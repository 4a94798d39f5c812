"""The HTTP front of ``ofsted-kg serve``: the port the user sees, in front of the
``oxigraph serve-read-only`` child, whose own port only the front talks to.

Oxigraph runs any query it is sent, a ``SERVICE`` call to any URL included (echoing the
answer in its error), and answers whatever Host header a request carries; any web page
the user visits can send it requests. So the front, on ``127.0.0.1:<port>``:

- refuses (403) a request whose Host header is not ``127.0.0.1:<port>`` or
  ``localhost:<port>`` (DNS rebinding) and one whose Origin header names another site;
- refuses (403) ``/update`` and every method but GET, HEAD and POST to ``/query``: the
  endpoint is read-only;
- refuses (400) what oxigraph might read otherwise than the front: a request target that
  is not a plain path (``%XX`` or dot segments in it, non-ASCII, a fragment), several
  Host, Origin, Content-Type or Content-Length headers, an Accept or Content-Type that is
  not printable ASCII, a chunked body (411) or one over oxigraph's 1 MiB (413);
- reads the query of a ``/query`` request as oxigraph does (GET ``?query=``, POST
  ``application/x-www-form-urlencoded`` or ``application/sparql-query``) and refuses
  (400) what :func:`~ofsted_kg.query.analysis.check_query` refuses (``SERVICE``,
  ``LOAD``, updates, malformed text), a ``FROM`` or ``FROM NAMED`` clause and the
  protocol's ``default-graph-uri`` and ``named-graph-uri``: the graph and the ontology
  are both in the default graph, so a query needs no dataset;
- passes everything else to oxigraph as it came (method, path and query string, body,
  Host, Accept and Content-Type) and streams its answer back unchanged.

Every refusal is one line of ``text/plain``. A request never reaches oxigraph unless the
front has read all of it.
"""

from __future__ import annotations

import http.client
import http.server
import re
import socketserver
import threading
import urllib.parse
from typing import NamedTuple

from ofsted_kg.errors import QueryError
from ofsted_kg.query.analysis import check_query

HOST = "127.0.0.1"
QUERY_PATH = "/query"
MAX_BODY = 1_048_576  # oxigraph's own limit on a SPARQL request body (bytes)
# A query's length, at most: 10,000 "FILTER(1)" in a row (100 kB) overflow oxigraph's stack
# and end the server, and rdflib's check of a long flat query holds the others for seconds
# (300 kB: 40 s). A query typed or sent by a program is far shorter.
MAX_QUERY_CHARS = 32_768
CHUNK = 65_536
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
FORWARDED = ("Accept", "Content-Type")  # the request's headers oxigraph gets, with Host
PLAIN_PATH = re.compile(r"/|(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+")
ONE_DATASET = "this endpoint serves one dataset, the graph and its ontology in the default graph"
# headers about one connection, not the answer: never passed on (RFC 9110 section 7.6.1)
HOP_BY_HOP = frozenset(
    {
        "connection",
        "content-length",  # set by the front as it sends the body
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
    }
)
_CHECKING = threading.Lock()  # rdflib's parser (pyparsing) is not documented thread-safe


class Refusal(NamedTuple):
    """Why the front answers a request itself: an HTTP status and one line."""

    status: int
    reason: str


class Front(http.server.ThreadingHTTPServer):
    """The front, listening on ``127.0.0.1:port`` (0: a free port) once made; it serves
    from :meth:`start` (in a daemon thread) until :meth:`stop`."""

    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__((HOST, port), _Handler)
        self.port: int = self.server_address[1]
        self.upstream_port = 0  # oxigraph's port, set by start()
        names = [f"{HOST}:{self.port}", f"localhost:{self.port}"]
        if self.port == 80:  # a browser leaves out the default port
            names += [HOST, "localhost"]
        self.hosts = frozenset(names)
        self.origins = frozenset(f"http://{name}" for name in names)
        self._thread: threading.Thread | None = None

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the address (``getfqdn``)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = self.server_address[1]

    def start(self, upstream_port: int) -> None:
        """Serve, passing what is allowed to oxigraph on ``127.0.0.1:upstream_port``."""
        self.upstream_port = upstream_port
        self._thread = threading.Thread(
            target=self.serve_forever, name="ofsted-kg serve front", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the port (a request being answered is cut off)."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join()
            self._thread = None
        self.server_close()


def _parameters(encoded: str) -> list[tuple[str, str]] | Refusal:
    """``name=value&...`` decoded as oxigraph decodes it (``+`` a space, ``%XX`` a byte),
    or a refusal when the bytes so decoded are not UTF-8 (oxigraph would read them
    otherwise than this check does)."""
    try:
        return urllib.parse.parse_qsl(
            encoded, keep_blank_values=True, encoding="utf-8", errors="strict"
        )
    except UnicodeDecodeError:
        return Refusal(400, "the request's parameters are not UTF-8 once decoded")


def query_refusal(
    method: str, query_string: str, content_type: str | None, body: bytes
) -> Refusal | None:
    """Why a request to ``/query`` is refused, or None: the query oxigraph would run is
    read from the same parameters oxigraph reads (the URL's, then a form body's) and
    checked by :func:`~ofsted_kg.query.analysis.check_query`. A request with no query
    (the service description, or oxigraph's own error) is passed on."""
    parameters = _parameters(query_string)
    if isinstance(parameters, Refusal):
        return parameters
    if method == "POST":
        kind = (content_type or "").split(";", 1)[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return Refusal(400, "the request's body is not UTF-8")
        if kind == FORM:
            more = _parameters(text)
            if isinstance(more, Refusal):
                return more
            parameters += more
        elif kind == SPARQL_QUERY:
            parameters.append(("query", text))
        else:
            return Refusal(415, f"POST {QUERY_PATH} takes a body of {FORM} or {SPARQL_QUERY}")
    for name in DATASET_PARAMETERS:
        if any(key == name for key, _ in parameters):
            return Refusal(400, f"the {name} parameter is refused: {ONE_DATASET}")
    queries = [value for key, value in parameters if key == "query"]
    if len(queries) > 1:
        return Refusal(400, "more than one query in one request")
    if not queries:
        return None
    if len(queries[0]) > MAX_QUERY_CHARS:
        return Refusal(
            413, f"the query is over {MAX_QUERY_CHARS:,} characters: this endpoint runs shorter"
        )
    try:
        with _CHECKING:
            analysis = check_query(queries[0], "the query")
    except QueryError as exc:
        return Refusal(400, str(exc))
    if analysis.dataset:
        return Refusal(400, f"the query: FROM and FROM NAMED are refused: {ONE_DATASET}")
    return None


class _Handler(http.server.BaseHTTPRequestHandler):
    """One request: refused with one line, or passed to oxigraph and its answer back."""

    server: Front
    protocol_version = "HTTP/1.1"  # chunked answers, so a cut-off answer shows as one
    timeout = 60  # seconds a client may stall reading or writing, as oxigraph's own

    def version_string(self) -> str:
        """The Server header of the front's own answers (no Python version)."""
        return "ofsted-kg"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Quiet: ``serve`` prints its URLs and nothing for each request."""

    def _serve(self) -> None:
        self.close_connection = True  # one request a connection: nothing left unread
        try:
            refusal, body = self._read()
            if refusal is not None:
                self._refuse(refusal)
            else:
                self._forward(body)
        except (ConnectionError, TimeoutError):
            pass  # the client went away

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _serve

    def _one(self, name: str) -> str | None | Refusal:
        """The request's one ``name`` header, None without one, a refusal for several."""
        values = self.headers.get_all(name) or []
        if len(values) > 1:
            return Refusal(400, f"more than one {name} header")
        return values[0] if values else None

    def _body(self) -> bytes | Refusal:
        """The request's body, read whole first (a refusal leaves nothing unread, which
        would make the connection's close a reset that loses the answer)."""
        if self.headers.get("Transfer-Encoding") is not None:
            return Refusal(411, "send the body with a Content-Length, not chunked")
        length = self._one("Content-Length")
        if isinstance(length, Refusal):
            return length
        if length is None:
            return Refusal(411, "a POST needs a Content-Length") if self.command == "POST" else b""
        if not length.isdigit():
            return Refusal(400, "the Content-Length is not a number")
        if int(length) > MAX_BODY:
            return Refusal(413, f"the body is over {MAX_BODY:,} bytes")
        body = self.rfile.read(int(length))
        if len(body) < int(length):
            return Refusal(400, "the body is shorter than its Content-Length")
        return body

    def _read(self) -> tuple[Refusal | None, bytes]:
        """Why the request is refused (None: it may pass) and its body."""
        body = self._body()
        if isinstance(body, Refusal):
            return body, b""
        server = self.server
        host = self._one("Host")
        if isinstance(host, Refusal) or host is None or host.lower() not in server.hosts:
            return Refusal(
                403,
                f"the Host header must be {HOST}:{server.port} or localhost:{server.port} "
                "(this endpoint answers this machine's own pages and programs only)",
            ), b""
        origin = self._one("Origin")
        if isinstance(origin, Refusal):
            return origin, b""
        if origin is not None and origin not in server.origins:
            return Refusal(
                403, f"a request from another site (Origin {origin[:100]}) is refused"
            ), b""
        path, _, query_string = self.path.partition("?")
        if (
            not PLAIN_PATH.fullmatch(path)
            or "#" in query_string
            or not (query_string.isascii() and query_string.isprintable())
        ):
            # nothing for oxigraph to read otherwise than the front: no %XX, no dot segments
            return Refusal(400, f"the request target {self.path[:100]!r} is not a plain path"), b""
        for name in FORWARDED:
            for value in self.headers.get_all(name) or []:
                if not (value.isascii() and value.isprintable()):
                    return Refusal(400, f"the {name} header is not printable ASCII"), b""
        method = self.command
        if (
            path == "/update"
            or method not in ("GET", "HEAD", "POST")
            or (method == "POST" and path != QUERY_PATH)
        ):
            return Refusal(
                403,
                f"{method} {path} is refused: this endpoint is read-only "
                f"(GET and HEAD, and POST to {QUERY_PATH})",
            ), b""
        if path != QUERY_PATH:
            return None, b""
        content_type = self._one("Content-Type")
        if isinstance(content_type, Refusal):
            return content_type, b""
        return query_refusal(method, query_string, content_type, body), body

    def _refuse(self, refusal: Refusal) -> None:
        line = (" ".join(refusal.reason.split()) + "\n").encode("utf-8")
        self.send_response(refusal.status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(line)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(line)

    def _forward(self, body: bytes) -> None:
        """Send the request to oxigraph as it came; stream its answer back."""
        upstream = http.client.HTTPConnection(HOST, self.server.upstream_port)
        try:
            try:
                upstream.putrequest(
                    self.command, self.path, skip_host=True, skip_accept_encoding=True
                )
                # as it came, so oxigraph takes the same base IRI as on the user's port
                upstream.putheader("Host", self.headers["Host"])
                for name in FORWARDED:
                    for value in self.headers.get_all(name) or []:
                        upstream.putheader(name, value)
                if self.command == "POST":
                    upstream.putheader("Content-Length", str(len(body)))
                upstream.endheaders(body if self.command == "POST" else None)
                answer = upstream.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
                self._refuse(Refusal(502, f"the SPARQL server is not answering: {reason}"))
                return
            self._stream(answer)
        finally:
            upstream.close()

    def _stream(self, answer: http.client.HTTPResponse) -> None:
        """Oxigraph's status, headers and body, as it sent them. An answer of unknown
        length goes out chunked; one that breaks off ends the connection without the
        last chunk, so the client sees it incomplete, as it would from oxigraph."""
        self.send_response_only(answer.status, answer.reason)
        for name, value in answer.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        length = answer.getheader("Content-Length")
        bodiless = self.command == "HEAD" or answer.status in (204, 304) or answer.status < 200
        chunked = not bodiless and length is None
        if length is not None:
            self.send_header("Content-Length", length)
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        if bodiless:
            return
        try:
            while chunk := answer.read1(CHUNK):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        except (OSError, http.client.HTTPException):
            return  # oxigraph's answer broke off (or the client left): no last chunk
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
