"""A SPARQL 1.1 server as the graph's home: push it there, query it there.

:func:`push` loads the built graph and the ontology into named graphs of any server that
speaks the SPARQL 1.1 Graph Store HTTP Protocol (oxigraph ``/store``, Fuseki ``/ds/data``):

1. each graph is serialised as N-Triples and sent by HTTP ``PUT`` to a *staging* graph
   (``<graph IRI>/staging``), which the PUT replaces whole;
2. one SPARQL Update request, ``MOVE`` staging -> final for every graph, swaps them in; a
   server runs one update request as one transaction, so readers see the old data or the
   new, never half of it, and the data never goes without its ontology;
3. if anything fails, the staging graphs are removed with Graph Store ``DELETE`` requests
   on ``endpoint`` (best effort; a 404 is fine) and then :class:`EndpointError` is raised;
   the final graphs are untouched. The ``MOVE`` is not ``SILENT``: should a staging graph be
   gone, the whole update fails instead of emptying a final graph. A server killed mid-push
   keeps its old final graphs; the next push replaces the leftover staging graphs (PUT
   replaces) and moves them.

A graph with no triples is refused (:class:`~ofsted_kg.errors.GraphError`): pushing it would
replace the server's data with nothing. URLs must be http(s) URLs with a host.

Idempotent requests (queries, Graph Store ``PUT``/``DELETE``) are retried after a connection
error or HTTP 502/503/504, up to :data:`RETRIES` times after 0.2, 0.4, 0.8 s; SPARQL Update
requests (``MOVE``), 4xx answers and time-outs (the server may still be working on the
request) are never retried.

Without an update endpoint (``update_endpoint=None`` and none derivable from the URL) each
graph is PUT straight to its final IRI: each PUT replaces one graph atomically on oxigraph
and Fuseki, but the data and ontology graphs are replaced one after the other. PUT replaces,
so pushing twice leaves the same triples (idempotent).

:class:`RemoteEngine` runs queries through SPARQLWrapper and returns what the embedded
engines return (:class:`~ofsted_kg.engines.SelectResult` of lexical strings, an rdflib
graph, a bool). Queries use no ``GRAPH``/``FROM``, so the server must expose the union of
its named graphs as the default graph: ``oxigraph serve --union-default-graph``, or Fuseki
with ``tdb2:unionDefaultGraph true``. Credentials come only from the environment
(``OFSTED_KG_USER``, ``OFSTED_KG_PASSWORD``; HTTP basic auth). A SELECT with no rows on a
server whose default graph is empty while its named graphs hold data (no union default
graph) warns with :class:`EmptyDefaultGraphWarning`.
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from rdflib import Graph
from rdflib.exceptions import ParserError
from SPARQLWrapper import ASK, CONSTRUCT, JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from .engines import SelectResult
from .errors import EndpointError, GraphError
from .resources import ontology_graph
from .serialise import ntriples_bytes

DEFAULT_GRAPH_IRI = "https://w3id.org/ofsted-kg/graph/data"
ONTOLOGY_GRAPH_IRI = "https://w3id.org/ofsted-kg/graph/ontology"
DEFAULT_TIMEOUT = 30.0
USER_ENV, PASSWORD_ENV = "OFSTED_KG_USER", "OFSTED_KG_PASSWORD"
# Graph store URL suffix -> SPARQL Update URL suffix, for the servers we document.
_UPDATE_FOR_STORE = {"/store": "/update", "/data": "/update"}
_NETWORK_ERRORS = (urllib.error.URLError, http.client.HTTPException, OSError)
RETRIES = 3  # retries of an idempotent request, after BACKOFF, 2 * BACKOFF, 4 * BACKOFF s
BACKOFF = 0.2
RETRY_STATUS = frozenset({502, 503, 504})  # the gateway or server is (briefly) unavailable
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})
T = TypeVar("T")


class EmptyDefaultGraphWarning(UserWarning):
    """A query found nothing on a server whose default graph is empty but named graphs not."""


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` loaded: triples per named graph, and whether it staged + moved."""

    graphs: dict[str, int]
    staged: bool

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def credentials() -> tuple[str, str] | None:
    """(user, password) from the environment, or None when no user is set."""
    user = os.environ.get(USER_ENV)
    return (user, os.environ.get(PASSWORD_ENV, "")) if user else None


def _auth_headers() -> dict[str, str]:
    creds = credentials()
    if creds is None:
        return {}
    token = base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def check_url(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else one :class:`EndpointError` line."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port raises ValueError when not a number
        ok = parts.scheme in ("http", "https") and bool(host)
    except ValueError:
        ok = False
    if not ok:
        raise EndpointError(
            f"{url!r} is not a valid http(s) URL (e.g. http://127.0.0.1:7878/query)"
        )
    return url


def _cause(exc: BaseException) -> BaseException:
    """The OS error inside a :class:`urllib.error.URLError` (not an HTTP error), or ``exc``."""
    if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError):
        return exc.reason if isinstance(exc.reason, BaseException) else exc
    return exc


def _reason(exc: BaseException) -> str:
    """One short line saying why a request failed."""
    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read().decode("utf-8", "replace").strip().splitlines()
        return f"HTTP {exc.code} {exc.reason}" + (f": {body[0][:200]}" if body else "")
    exc = _cause(exc)
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def _retryable(exc: BaseException) -> bool:
    """A connection error or 502/503/504: worth trying again.

    A 4xx is not, nor a time-out: the server may still be busy with the request, and sending
    it again would only add to its load.
    """
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code in RETRY_STATUS
    exc = _cause(exc)
    # RemoteDisconnected is a ConnectionResetError; other HTTPExceptions are bad answers.
    return isinstance(exc, OSError) and not isinstance(exc, TimeoutError | socket.timeout)


def with_retries(what: str, attempt: Callable[[], T], timeout: float, retries: int = RETRIES) -> T:
    """``attempt()``, tried again up to ``retries`` times when :func:`_retryable`.

    The pauses are 0.2, 0.4, 0.8 s (each at most ``timeout``); the final failure is one
    :class:`EndpointError` line naming ``what`` (method and URL) and the attempts made.
    """
    for number in range(retries + 1):
        try:
            return attempt()
        except _NETWORK_ERRORS as exc:
            if number == retries or not _retryable(exc):
                tries = f" (gave up after {number + 1} attempts)" if number else ""
                raise EndpointError(f"{what}: {_reason(exc)}{tries}") from None
            time.sleep(min(BACKOFF * 2**number, timeout))
    raise AssertionError("unreachable")


def _request(
    url: str,
    method: str,
    body: bytes | None,
    content_type: str | None,
    timeout: float,
    retries: int = RETRIES,
    missing_ok: bool = False,
) -> int:
    """Send one HTTP request; the status, or :class:`EndpointError` naming ``url``.

    Only idempotent methods (GET, HEAD, PUT, DELETE) are retried; ``missing_ok`` takes a
    404 answer for a success.
    """
    headers = _auth_headers()
    if content_type:
        headers["Content-Type"] = content_type

    def attempt() -> int:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            if missing_ok and exc.code == 404:
                return exc.code
            raise

    return with_retries(f"{method} {url}", attempt, timeout, retries if method in IDEMPOTENT else 0)


def _graph_url(store: str, graph_iri: str) -> str:
    joiner = "&" if "?" in store else "?"
    return f"{store}{joiner}{urllib.parse.urlencode({'graph': graph_iri})}"


def update_endpoint_for(store: str) -> str | None:
    """The SPARQL Update URL next to a graph store URL (oxigraph, Fuseki), if known."""
    parts = urllib.parse.urlsplit(store)
    for suffix, update in _UPDATE_FOR_STORE.items():
        if parts.path.endswith(suffix):
            path = parts.path[: -len(suffix)] + update
            return urllib.parse.urlunsplit(parts._replace(path=path, query=""))
    return None


def _sibling(endpoint: str, name: str) -> str:
    """``http://h/ds/query`` -> ``http://h/ds/update`` (oxigraph and Fuseki layouts)."""
    parts = urllib.parse.urlsplit(endpoint)
    head, _, _ = parts.path.rpartition("/")
    return urllib.parse.urlunsplit(parts._replace(path=f"{head}/{name}", query=""))


def sparql_update(endpoint: str, update: str, timeout: float = DEFAULT_TIMEOUT) -> None:
    """POST one SPARQL Update request (``application/sparql-update``); never retried."""
    check_url(endpoint)
    _request(endpoint, "POST", update.encode("utf-8"), "application/sparql-update", timeout)


def push(
    graph: Graph,
    endpoint: str,
    graph_iri: str = DEFAULT_GRAPH_IRI,
    timeout: float = DEFAULT_TIMEOUT,
    update_endpoint: str | None = None,
    ontology_iri: str | None = ONTOLOGY_GRAPH_IRI,
    retries: int = RETRIES,
) -> PushResult:
    """Replace ``graph_iri`` (and ``ontology_iri``) on the graph store at ``endpoint``.

    ``update_endpoint`` defaults to the one next to ``endpoint`` (``/store`` -> ``/update``,
    ``/data`` -> ``/update``); ``ontology_iri=None`` pushes the data only. An empty ``graph``
    is refused with :class:`GraphError`.
    """
    check_url(endpoint)
    if update_endpoint:
        check_url(update_endpoint)
    for iri in (graph_iri, ontology_iri):
        if iri is not None and not _IRI_RE.fullmatch(iri):
            raise EndpointError(
                f"graph IRI {iri!r} is not an absolute IRI (e.g. {DEFAULT_GRAPH_IRI})"
            )
    if len(graph) == 0:
        raise GraphError(
            f"refusing to push an empty graph (0 triples) to <{graph_iri}>: "
            "it would replace the server's data with nothing"
        )
    payloads = {graph_iri: ntriples_bytes(graph)}
    if ontology_iri:
        payloads[ontology_iri] = ntriples_bytes(ontology_graph())
    counts = {
        iri: sum(1 for line in data.splitlines() if line.strip()) for iri, data in payloads.items()
    }
    update = update_endpoint or update_endpoint_for(endpoint)
    if update is None:
        for iri, data in payloads.items():
            _request(
                _graph_url(endpoint, iri), "PUT", data, "application/n-triples", timeout, retries
            )
        return PushResult(counts, staged=False)
    staging = {iri: f"{iri}/staging" for iri in payloads}
    try:
        for iri, data in payloads.items():
            _request(
                _graph_url(endpoint, staging[iri]),
                "PUT",
                data,
                "application/n-triples",
                timeout,
                retries,
            )
        sparql_update(
            update,
            " ;\n".join(f"MOVE GRAPH <{staging[iri]}> TO GRAPH <{iri}>" for iri in payloads),
            timeout,
        )
    except EndpointError:
        _delete_graphs(endpoint, list(staging.values()), timeout, retries)
        raise
    return PushResult(counts, staged=True)


def _delete_graphs(store: str, iris: list[str], timeout: float, retries: int) -> None:
    """Graph Store ``DELETE`` each graph (a 404, no such graph, is fine), best effort.

    The first failure ends it: the server is gone or failing, and the next push replaces
    leftover staging graphs anyway.
    """
    with contextlib.suppress(EndpointError):
        for iri in iris:
            url = _graph_url(store, iri)
            _request(url, "DELETE", None, None, timeout, retries, missing_ok=True)


class RemoteEngine:
    """Queries on a SPARQL 1.1 query endpoint (oxigraph ``/query``, Fuseki ``/ds/query``)."""

    name = "remote"
    typed = False  # True: SELECT results carry each literal's datatype (for JSON output)

    def __init__(
        self,
        endpoint: str,
        timeout: float = DEFAULT_TIMEOUT,
        update_endpoint: str | None = None,
        retries: int = RETRIES,
    ) -> None:
        self.endpoint = check_url(endpoint)
        self.timeout = timeout
        self.retries = retries
        self.update_endpoint = check_url(update_endpoint or _sibling(endpoint, "update"))

    def update(self, text: str) -> None:
        """Run SPARQL Update on the server's update endpoint (``--allow-update`` only)."""
        sparql_update(self.update_endpoint, text, self.timeout)

    def _wrapper(self, text: str, form: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(self.endpoint)
        sparql.setMethod(POST)
        sparql.setTimeout(int(max(1, round(self.timeout))))
        creds = credentials()
        if creds:
            sparql.setCredentials(*creds)
        sparql.setQuery(text)
        # SPARQLWrapper guesses the form from the text and can take a word in a comment
        # ("# ... addressee") for an update; we know the form.
        sparql.queryType = form
        return sparql

    def _fetch(self, sparql: SPARQLWrapper) -> bytes:
        """The answer's bytes; a read query is idempotent, so it is retried."""

        def attempt() -> bytes:
            try:
                return sparql.query().response.read()
            except SPARQLWrapperException as exc:
                # "QueryBadFormed: <what it means>. Response: b'<what the server said>'"
                said = " ".join(str(exc).replace("\\n", " ").split())
                raise EndpointError(f"{self.endpoint}: {said[:400]}") from None

        return with_retries(self.endpoint, attempt, self.timeout, self.retries)

    def _json(self, text: str, form: str) -> dict:
        sparql = self._wrapper(text, form)
        sparql.setReturnFormat(JSON)
        raw = self._fetch(sparql)
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise EndpointError(
                f"{self.endpoint}: the answer is not SPARQL JSON results: {raw[:80]!r}"
            ) from None
        if not isinstance(data, dict):
            raise EndpointError(f"{self.endpoint}: the answer is not SPARQL JSON results")
        return data

    def select(self, text: str) -> SelectResult:
        data = self._json(text, SELECT)
        try:
            columns = list(data["head"]["vars"])
            bindings = data["results"]["bindings"]
            rows = [[b[c]["value"] if c in b else None for c in columns] for b in bindings]
            datatypes = (
                [[b[c].get("datatype") if c in b else None for c in columns] for b in bindings]
                if self.typed
                else None
            )
        except (KeyError, TypeError):
            raise EndpointError(
                f"{self.endpoint}: malformed SELECT results (no head.vars or results.bindings)"
            ) from None
        if not rows:
            self._warn_if_no_union_graph()
        return SelectResult(columns, rows, datatypes)

    def _warn_if_no_union_graph(self) -> None:
        """Warn when the default graph is empty but named graphs hold data (two ASKs)."""
        with contextlib.suppress(EndpointError):
            if self.ask("ASK { ?s ?p ?o }") or not self.ask("ASK { GRAPH ?g { ?s ?p ?o } }"):
                return
            warnings.warn(
                f"{self.endpoint}: no rows, and the server's default graph is empty while its "
                "named graphs hold data; serve their union as the default graph (oxigraph "
                "serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true)",
                EmptyDefaultGraphWarning,
                stacklevel=3,
            )

    def ask(self, text: str) -> bool:
        data = self._json(text, ASK)
        if not isinstance(data.get("boolean"), bool):
            raise EndpointError(f"{self.endpoint}: malformed ASK result (no boolean)")
        return data["boolean"]

    def construct(self, text: str) -> Graph:
        sparql = self._wrapper(text, CONSTRUCT)
        sparql.addCustomHttpHeader("Accept", "application/n-triples")
        raw = self._fetch(sparql)
        graph = Graph()
        try:
            graph.parse(data=raw.decode("utf-8"), format="nt")
        except (ParserError, SyntaxError, ValueError) as exc:
            raise EndpointError(
                f"{self.endpoint}: malformed N-Triples answer: {str(exc).splitlines()[0][:200]}"
            ) from None
        return graph


def count_triples(endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, int]:
    """Triples per named graph on a query endpoint (to check a push)."""
    result = RemoteEngine(endpoint, timeout).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    return {g: int(n) for g, n in result.rows if g is not None and n is not None}
