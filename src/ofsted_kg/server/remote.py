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
replace the server's data with nothing; so is a data graph IRI that is (or stages into) the
ontology graph's. URLs must be http(s) URLs with a host.

Every request goes through :func:`ofsted_kg.server.transport.send` (requests + urllib3's Retry):
no redirects, a total deadline per request, a response size limit, and what is retried
(connection failures; HTTP 429/502/503/504 for queries, ``PUT`` and ``DELETE``; never the
``MOVE`` after it was sent, never a request that timed out). A push interrupted with
Ctrl-C removes its staging graphs like a failed one and raises
:class:`~ofsted_kg.errors.Interrupted`; a ``MOVE`` sent whose answer never came raises
:class:`~ofsted_kg.errors.NoAnswer` saying the server may have applied it.

Without an update endpoint (``update_endpoint=None`` and none derivable from the URL) each
graph is PUT straight to its final IRI: each PUT replaces one graph atomically on oxigraph
and Fuseki, but the data and ontology graphs are replaced one after the other. PUT replaces,
so pushing twice leaves the same triples (idempotent).

:class:`RemoteEngine` runs queries by the SPARQL 1.1 Protocol (an HTML form POST) and returns
what the embedded engines return (:class:`~ofsted_kg.store.engines.SelectResult` of lexical
strings, an rdflib graph, a bool). Queries use no ``GRAPH``/``FROM``, so the server must
expose the union of its named graphs as the default graph: ``oxigraph serve
--union-default-graph``, or Fuseki with ``tdb2:unionDefaultGraph true``. Credentials come
from the URL's userinfo or the environment (``OFSTED_KG_USER``, ``OFSTED_KG_PASSWORD``;
HTTP basic auth); errors show URLs without them. A SELECT with no rows on a server whose
default graph is empty while its named graphs hold data (no union default graph) warns
with :class:`EmptyDefaultGraphWarning`.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse
import warnings
from dataclasses import dataclass

from rdflib import Graph
from rdflib.exceptions import ParserError

from ofsted_kg.errors import EndpointError, GraphError, Interrupted, NoAnswer
from ofsted_kg.rdf.serialise import ntriples_bytes
from ofsted_kg.server.endpoints import (
    check_query_endpoint,
    check_store_endpoint,
    query_endpoint_for,
)
from ofsted_kg.resources import ontology_graph
from ofsted_kg.server.transport import (
    DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES,
    RETRIES,
    check_url,
    credentials,
    redact,
    send,
)
from ofsted_kg.store.engines import SelectResult

__all__ = [
    "DEFAULT_GRAPH_IRI",
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "ONTOLOGY_GRAPH_IRI",
    "EmptyDefaultGraphWarning",
    "PushResult",
    "RemoteEngine",
    "check_url",
    "count_triples",
    "credentials",
    "push",
    "redact",
    "sparql_update",
    "update_endpoint_for",
]

DEFAULT_GRAPH_IRI = "https://w3id.org/ofsted-kg/graph/data"
ONTOLOGY_GRAPH_IRI = "https://w3id.org/ofsted-kg/graph/ontology"
# Graph store URL suffix -> SPARQL Update URL suffix, for the servers we document.
_UPDATE_FOR_STORE = {"/store": "/update", "/data": "/update"}
CLEANUP_TIMEOUT = 5.0  # seconds for each staging-graph DELETE after a failure or Ctrl-C
SELECT_TYPES = "application/sparql-results+json"
GRAPH_TYPES = "application/n-triples"


class EmptyDefaultGraphWarning(UserWarning):
    """A query found nothing on a server whose default graph is empty but named graphs not."""


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` loaded: triples per named graph, whether it staged + moved, and
    a warning when the server's queries will not see the pushed graphs."""

    graphs: dict[str, int]
    staged: bool
    hidden: str | None = None  # why a query without GRAPH will not find the pushed data

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


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


def sparql_update(
    endpoint: str, update: str, timeout: float = DEFAULT_TIMEOUT, retries: int = RETRIES
) -> None:
    """POST one SPARQL Update request (``application/sparql-update``).

    Tried again only when no connection could be made; :class:`NoAnswer` when it was sent
    but its answer did not come (the server may have applied it).
    """
    send(
        "POST",
        endpoint,
        what=f"POST {endpoint}",
        body=update.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
        timeout=timeout,
        idempotent=False,
        retries=retries,
    )


def _put(url: str, data: bytes, timeout: float, retries: int) -> None:
    send(
        "PUT",
        url,
        what=f"PUT {url}",
        body=data,
        headers={"Content-Type": "application/n-triples"},
        timeout=timeout,
        idempotent=True,
        retries=retries,
    )


def _check_graph_iris(graph_iri: str, ontology_iri: str | None) -> None:
    """Absolute IRIs, and no two of the graphs and their staging graphs the same."""
    iris = [graph_iri] if ontology_iri is None else [graph_iri, ontology_iri]
    for iri in iris:
        if not _IRI_RE.fullmatch(iri):
            raise EndpointError(
                f"graph IRI {iri!r} is not an absolute IRI (e.g. {DEFAULT_GRAPH_IRI})"
            )
    if ontology_iri is not None and {graph_iri, f"{graph_iri}/staging"} & {
        ontology_iri,
        f"{ontology_iri}/staging",
    }:
        raise EndpointError(
            f"graph IRI <{graph_iri}> is (or stages into) the ontology graph "
            f"<{ontology_iri}>: pushing would replace the data with the ontology; "
            "choose another --graph-iri"
        )


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
    is refused with :class:`GraphError`, a ``graph_iri`` that is the ontology graph's with
    :class:`EndpointError`. ``timeout`` bounds each request. On Ctrl-C the staging graphs
    are removed and :class:`Interrupted` raised.
    """
    check_url(endpoint)
    check_store_endpoint(endpoint, redact(endpoint))
    if update_endpoint:
        check_url(update_endpoint)
    _check_graph_iris(graph_iri, ontology_iri)
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
        try:
            for iri, data in payloads.items():
                _put(_graph_url(endpoint, iri), data, timeout, retries)
        except KeyboardInterrupt:
            raise Interrupted(
                f"push to {redact(endpoint)} interrupted: with no update endpoint each graph "
                "is PUT in place, so some graphs may already be replaced"
            ) from None
        return PushResult(counts, staged=False, hidden=hidden_graphs(endpoint, graph_iri, timeout))
    staging = {iri: f"{iri}/staging" for iri in payloads}
    moving = False
    try:
        for iri, data in payloads.items():
            _put(_graph_url(endpoint, staging[iri]), data, timeout, retries)
        moving = True
        sparql_update(
            update,
            " ;\n".join(f"MOVE GRAPH <{staging[iri]}> TO GRAPH <{iri}>" for iri in payloads),
            timeout,
            retries,
        )
    except (EndpointError, KeyboardInterrupt) as exc:
        # A second Ctrl-C during the clean-up ends it: the next push replaces what is left.
        _delete_graphs(endpoint, list(staging.values()), min(timeout, CLEANUP_TIMEOUT), retries)
        query_url = redact(_sibling(update, "query"))
        check = f"check with: ofsted-kg query inspections --endpoint {query_url}"
        if isinstance(exc, KeyboardInterrupt):
            if moving:
                raise Interrupted(
                    f"push to {redact(endpoint)} interrupted while the server was moving the "
                    f"staging graphs into place: the server may have applied the update; {check}"
                ) from None
            raise Interrupted(
                f"push to {redact(endpoint)} interrupted; its staging graphs were removed and "
                "the server's graphs are as they were"
            ) from None
        if moving and isinstance(exc, NoAnswer):
            raise NoAnswer(f"{exc}; the server may have applied the update; {check}") from None
        raise
    return PushResult(counts, staged=True, hidden=hidden_graphs(endpoint, graph_iri, timeout))


def hidden_graphs(store: str, graph_iri: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
    """Why the server's queries (which use no ``GRAPH``) will not see ``graph_iri`` after a
    push, or None: the named graph holds data but the default graph does not show it
    (oxigraph serve without ``--union-default-graph``). Best effort: None when the query
    endpoint next to ``store`` is not known or does not answer."""
    query_url = query_endpoint_for(store)
    if query_url is None:
        return None
    engine = RemoteEngine(query_url, min(timeout, CLEANUP_TIMEOUT), retries=0)
    try:
        if not engine.ask(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"):
            return None
        if engine.ask(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} ?s ?p ?o }}"):
            return None
    except EndpointError:
        return None
    return (
        f"{redact(query_url)} answers from its default graph, which does not show the pushed "
        f"graph <{graph_iri}>: 'ofsted-kg query' will find nothing there; serve the union of "
        "the named graphs as the default graph (oxigraph serve --union-default-graph; Fuseki "
        "tdb2:unionDefaultGraph true)"
    )


def _delete_graphs(store: str, iris: list[str], timeout: float, retries: int) -> None:
    """Graph Store ``DELETE`` each graph (a 404, no such graph, is fine), best effort.

    The first failure ends it: the server is gone or failing, and the next push replaces
    leftover staging graphs anyway.
    """
    with contextlib.suppress(EndpointError):
        for iri in iris:
            url = _graph_url(store, iri)
            send(
                "DELETE",
                url,
                what=f"DELETE {url}",
                timeout=timeout,
                idempotent=True,
                retries=retries,
                accept_status=frozenset({404}),
            )


class RemoteEngine:
    """Queries on a SPARQL 1.1 query endpoint (oxigraph ``/query``, Fuseki ``/ds/query``)."""

    name = "remote"
    typed = True  # SELECT results carry each literal's datatype (typed values)

    def __init__(
        self,
        endpoint: str,
        timeout: float = DEFAULT_TIMEOUT,
        update_endpoint: str | None = None,
        retries: int = RETRIES,
        max_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self.endpoint = check_url(endpoint)
        self.shown = redact(endpoint)
        check_query_endpoint(endpoint, self.shown)
        self.timeout = timeout
        self.retries = retries
        self.max_bytes = max_bytes
        self.update_endpoint = check_url(update_endpoint or _sibling(endpoint, "update"))

    def update(self, text: str) -> None:
        """Run SPARQL Update on the server's update endpoint (``--allow-update`` only)."""
        sparql_update(self.update_endpoint, text, self.timeout, self.retries)

    def _fetch(self, text: str, accept: str) -> bytes:
        """The answer's bytes; a read query is idempotent, so it may be retried."""
        return send(
            "POST",
            self.endpoint,
            body=urllib.parse.urlencode({"query": text}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            timeout=self.timeout,
            idempotent=True,
            retries=self.retries,
            max_bytes=self.max_bytes,
        ).body

    def _json(self, text: str) -> dict:
        raw = self._fetch(text, SELECT_TYPES)
        try:
            data = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise EndpointError(
                f"{self.shown}: the answer is not SPARQL JSON results: {raw[:80]!r}"
            ) from None
        if not isinstance(data, dict):
            raise EndpointError(f"{self.shown}: the answer is not SPARQL JSON results")
        return data

    def select(self, text: str) -> SelectResult:
        data = self._json(text)
        try:
            columns = list(data["head"]["vars"])
            bindings = data["results"]["bindings"]
            rows = [[b[c]["value"] if c in b else None for c in columns] for b in bindings]
            datatypes = (
                [[b[c].get("datatype") if c in b else None for c in columns] for b in bindings]
                if self.typed
                else None
            )
        except (KeyError, TypeError, AttributeError):
            raise EndpointError(
                f"{self.shown}: malformed SELECT results (no head.vars or results.bindings)"
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
                f"{self.shown}: no rows, and the server's default graph is empty while its "
                "named graphs hold data; serve their union as the default graph (oxigraph "
                "serve --union-default-graph; Fuseki tdb2:unionDefaultGraph true)",
                EmptyDefaultGraphWarning,
                stacklevel=3,
            )

    def ask(self, text: str) -> bool:
        data = self._json(text)
        if not isinstance(data.get("boolean"), bool):
            raise EndpointError(f"{self.shown}: malformed ASK result (no boolean)")
        return data["boolean"]

    def run(self, text: str) -> SelectResult | Graph | bool:
        """The answer of any read query, its form told by rdflib's parse of ``text``."""
        from ofsted_kg.query.catalogue import analyse

        form = analyse(text).form
        if form == "select":
            return self.select(text)
        if form == "ask":
            return self.ask(text)
        if form in ("construct", "describe"):
            return self.construct(text)
        raise EndpointError(f"{self.shown}: run() answers read queries; use update()")

    def construct(self, text: str) -> Graph:
        raw = self._fetch(text, GRAPH_TYPES)
        graph = Graph()
        try:
            graph.parse(data=raw.decode("utf-8"), format="nt")
        except (ParserError, SyntaxError, ValueError) as exc:
            raise EndpointError(
                f"{self.shown}: malformed N-Triples answer: {str(exc).splitlines()[0][:200]}"
            ) from None
        return graph


def count_triples(endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, int]:
    """Triples per named graph on a query endpoint (to check a push)."""
    result = RemoteEngine(endpoint, timeout).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    return {g: int(n) for g, n in result.rows if g is not None and n is not None}
