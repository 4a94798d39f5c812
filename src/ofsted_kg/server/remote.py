"""A SPARQL 1.1 server as the graph's home: push it there, query it there.

:func:`push` loads the built graph and the ontology into named graphs of any server that
speaks the SPARQL 1.1 Graph Store HTTP Protocol (oxigraph ``/store``, Fuseki ``/ds/data``,
Virtuoso ``/sparql-graph-crud-auth``):

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

Every request goes through :func:`ofsted_kg.net.send` (requests + urllib3's Retry):
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
strings, an rdflib graph, a bool). Each query names the graphs ``push`` wrote with the
protocol's ``default-graph-uri`` / ``named-graph-uri``, so a server needs no union default
graph (see the class). Credentials come from the URL's userinfo or the environment
(``OFSTED_KG_USER``, ``OFSTED_KG_PASSWORD``), answer the server's Basic or Digest challenge
(Virtuoso's ``/sparql-graph-crud-auth`` asks for Digest); errors show URLs without them. An
answer the server cut at its row cap or time limit (Virtuoso's ``X-SPARQL-MaxRows``, HTTP 206)
is an :class:`EndpointError`; a SELECT that could not have seen the data warns
(:class:`MissingGraphWarning`, :class:`EmptyDefaultGraphWarning`).
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

from ofsted_kg.errors import EndpointError, GraphError, Interrupted, NoAnswer, QueryError
from ofsted_kg.model.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH
from ofsted_kg.net import (
    DEFAULT_TIMEOUT,
    MAX_RESPONSE_BYTES,
    RETRIES,
    check_url,
    credentials,
    redact,
    send,
)
from ofsted_kg.query.analysis import analyse
from ofsted_kg.rdf.serialise import ntriples_bytes
from ofsted_kg.resources import internal_query, ontology_graph
from ofsted_kg.store.engines import SelectResult, canonical_lexical

__all__ = [
    "DEFAULT_GRAPH_IRI",
    "DEFAULT_TIMEOUT",
    "MAX_RESPONSE_BYTES",
    "ONTOLOGY_GRAPH_IRI",
    "EmptyDefaultGraphWarning",
    "MissingGraphWarning",
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

DEFAULT_GRAPH_IRI = str(DATA_GRAPH)
ONTOLOGY_GRAPH_IRI = str(ONTOLOGY_GRAPH)
# The endpoints of the servers we document, by the last segment of the URL's path: graph
# store -> update (oxigraph /store, Fuseki /ds/data, Virtuoso /sparql-graph-crud[-auth]),
# query -> update and update -> query (Virtuoso answers both on /sparql, /sparql-auth).
_UPDATE_FOR_STORE = {
    "store": "update",
    "data": "update",
    "sparql-graph-crud": "sparql",
    "sparql-graph-crud-auth": "sparql-auth",
}
_UPDATE_FOR_QUERY = {"query": "update", "sparql": "sparql", "sparql-auth": "sparql-auth"}
_QUERY_FOR_UPDATE = {"update": "query", "sparql": "sparql", "sparql-auth": "sparql"}
CLEANUP_TIMEOUT = 5.0  # seconds for each staging-graph DELETE after a failure or Ctrl-C
SELECT_TYPES = "application/sparql-results+json"
_VIRTUOSO_ASK = "__ASK_RETVAL"
GRAPH_TYPES = "application/n-triples"


class EmptyDefaultGraphWarning(UserWarning):
    """A query of the server's default graph found nothing; the default graph is empty but
    named graphs hold data."""


class MissingGraphWarning(UserWarning):
    """A query found nothing, and the server has no data graph of the IRI it read."""


def _internal(name: str, **iris: str) -> str:
    """The text of one of this module's queries (``queries/internal/server-NAME.rq``),
    each IRI bound to ``?param_KEY`` in a ``VALUES`` block, never spliced into the text."""
    import pyoxigraph

    from ofsted_kg.query.params import with_values

    text = internal_query(f"server-{name}")
    return with_values(text, {key: pyoxigraph.NamedNode(iri) for key, iri in iris.items()})


def _has_dataset_clause(text: str) -> bool:
    """Whether a query names its own dataset (``FROM``, ``FROM NAMED``), by rdflib's parse
    (a text it cannot parse is sent as it is: the server says what is wrong)."""
    from ofsted_kg.query.analysis import analyse

    try:
        return analyse(text).dataset
    except QueryError:
        return False


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` loaded: triples per named graph, and whether it staged + moved."""

    graphs: dict[str, int]
    staged: bool

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


_IRI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")


def _graph_url(store: str, graph_iri: str) -> str:
    joiner = "&" if "?" in store else "?"
    return f"{store}{joiner}{urllib.parse.urlencode({'graph': graph_iri})}"


def _swap_last_segment(url: str, table: dict[str, str], default: str | None) -> str | None:
    """``url`` with the last segment of its path replaced as ``table`` says (else by
    ``default``, or None), and no query string."""
    parts = urllib.parse.urlsplit(url)
    head, _, last = parts.path.rpartition("/")
    name = table.get(last, default)
    if name is None:
        return None
    return urllib.parse.urlunsplit(parts._replace(path=f"{head}/{name}", query=""))


# A push to a query endpoint, or a query to a graph store, gets a 404/405 or 415 that does
# not name the mix-up: these say it before anything is sent, by the URL's last segment.
_QUERY_ONLY = ("query",)  # Virtuoso's /sparql takes queries and updates: not a mix-up
_STORE_ONLY = ("store", "data", "sparql-graph-crud", "sparql-graph-crud-auth")
MIX_UP = "queries go to /query, push to /store (Fuseki: /ds/query and /ds/data)"


def _last_segment(url: str) -> str:
    return urllib.parse.urlsplit(url).path.rstrip("/").rpartition("/")[2].lower()


def update_endpoint_for(store: str) -> str | None:
    """The SPARQL Update URL next to a graph store URL (oxigraph, Fuseki, Virtuoso), if known."""
    return _swap_last_segment(store, _UPDATE_FOR_STORE, None)


def _query_endpoint_for(update: str) -> str:
    """``http://h/ds/update`` -> ``http://h/ds/query``; Virtuoso's ``/sparql-auth`` ->
    ``/sparql`` (for the hint after an interrupted push)."""
    return _swap_last_segment(update, _QUERY_FOR_UPDATE, "query") or update


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
    ``/data`` -> ``/update``). ``ontology_iri=None`` pushes the data only (with the
    vocabulary the built graph carries); else the vocabulary goes to ``ontology_iri`` alone.
    An empty ``graph`` is refused with :class:`GraphError`, a ``graph_iri`` that is the
    ontology graph's with :class:`EndpointError`. ``timeout`` bounds each request. On
    Ctrl-C the staging graphs are removed and :class:`Interrupted` raised.
    """
    check_url(endpoint)
    if _last_segment(endpoint) in _QUERY_ONLY:
        raise EndpointError(
            f"{redact(endpoint)} is a query endpoint; push loads graphs through the graph "
            f"store: {MIX_UP}"
        )
    if update_endpoint:
        check_url(update_endpoint)
    _check_graph_iris(graph_iri, ontology_iri)
    if len(graph) == 0:
        raise GraphError(
            f"refusing to push an empty graph (0 triples) to <{graph_iri}>: "
            "it would replace the server's data with nothing"
        )
    if ontology_iri:
        # A built graph carries the vocabulary it uses (it stands alone); on a server that
        # vocabulary lives in the ontology graph only, so a union of the two has no twins.
        vocabulary = ontology_graph()
        own = Graph()
        for triple in graph:
            if triple not in vocabulary:
                own.add(triple)
        payloads = {graph_iri: ntriples_bytes(own), ontology_iri: ntriples_bytes(vocabulary)}
    else:
        payloads = {graph_iri: ntriples_bytes(graph)}
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
        return PushResult(counts, staged=False)
    staging = {iri: f"{iri}/staging" for iri in payloads}
    if credentials(endpoint):
        # A request with no body first: it removes what a killed push left and learns
        # the scheme the server wants the credentials in, so each graph is sent once.
        _delete_graphs(endpoint, list(staging.values()), min(timeout, CLEANUP_TIMEOUT), retries)
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
        query_url = redact(_query_endpoint_for(update))
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
    return PushResult(counts, staged=True)


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
    """Queries on a SPARQL 1.1 query endpoint (oxigraph ``/query``, Fuseki ``/ds/query``,
    Virtuoso ``/sparql``).

    By default each query names its dataset with the protocol's ``default-graph-uri`` and
    ``named-graph-uri`` parameters: the data graph ``graph_iri`` and the ontology graph
    ``ontology_iri`` that :func:`push` wrote, so any server answers the same rows as it
    comes (no union default graph needed). Before its first query the engine asks the
    server (one ASK) whether it has the graph ``graph_iri``; when it has not (``ofsted-kg
    serve``, data loaded some other way) the queries read the server's own default graph,
    unless ``fallback`` is false (a graph the user named). ``graph_iri=None`` reads the
    server's default graph without asking. A query text with its own ``FROM`` or ``FROM
    NAMED`` keeps its own dataset.
    """

    name = "remote"
    typed = False  # True: SELECT results carry each literal's datatype (for JSON output)

    def __init__(
        self,
        endpoint: str,
        timeout: float = DEFAULT_TIMEOUT,
        update_endpoint: str | None = None,
        retries: int = RETRIES,
        max_bytes: int = MAX_RESPONSE_BYTES,
        graph_iri: str | None = DEFAULT_GRAPH_IRI,
        ontology_iri: str | None = ONTOLOGY_GRAPH_IRI,
        fallback: bool = True,
    ) -> None:
        self.endpoint = check_url(endpoint)
        self.shown = redact(endpoint)
        if _last_segment(endpoint) in _STORE_ONLY:
            raise EndpointError(f"{self.shown} is a graph store, not a query endpoint: {MIX_UP}")
        self.timeout = timeout
        self.retries = retries
        self.max_bytes = max_bytes
        self.update_endpoint = check_url(
            update_endpoint or _swap_last_segment(endpoint, _UPDATE_FOR_QUERY, "update") or ""
        )
        if graph_iri is not None:
            _check_graph_iris(graph_iri, None)
        if ontology_iri is not None:
            _check_graph_iris(ontology_iri, None)
        self.graph_iri = graph_iri
        self.fallback = fallback and graph_iri is not None
        self.fell_back = False  # True once the server turned out to lack graph_iri
        self.graph_seen = False  # True once the server was seen to hold graph_iri
        self._last_cap = ""  # the X-SPARQL-MaxRows header of the last answer
        self.dataset = [] if graph_iri is None else [graph_iri, *filter(None, [ontology_iri])]

    def _server(self) -> RemoteEngine:
        """This endpoint without a dataset: the server's own default and named graphs."""
        return RemoteEngine(
            self.endpoint,
            self.timeout,
            self.update_endpoint,
            self.retries,
            self.max_bytes,
            graph_iri=None,
        )

    def _choose_dataset(self) -> None:
        """Once, before the first query: read the server's default graph instead of the
        pushed graphs when the server has no graph ``graph_iri``."""
        if not self.fallback:
            return
        self.fallback = False
        self.graph_seen = self._server_has_graph()
        if not self.graph_seen:
            self.dataset, self.fell_back = [], True

    def _server_has_graph(self) -> bool:
        """Whether the server holds a triple in the graph ``graph_iri``."""
        if self.graph_iri is None:
            return False
        return self._server().ask(_internal("graph-has-data", graph=self.graph_iri))

    def update(self, text: str) -> None:
        """Run SPARQL Update on the server's update endpoint (``--allow-update`` only)."""
        sparql_update(self.update_endpoint, text, self.timeout, self.retries)

    def _form(self, text: str) -> list[tuple[str, str]]:
        """The form fields of a query: the text, and the dataset unless the text has one."""
        fields = [("query", text)]
        if self.dataset and not _has_dataset_clause(text):
            fields += [("default-graph-uri", iri) for iri in self.dataset]
            fields += [("named-graph-uri", iri) for iri in self.dataset]
        return fields

    def _fetch(self, text: str, accept: str) -> bytes:
        """The answer's bytes; a read query is idempotent, so it may be retried."""
        self._choose_dataset()
        answer = send(
            "POST",
            self.endpoint,
            body=urllib.parse.urlencode(self._form(text)).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            timeout=self.timeout,
            idempotent=True,
            retries=self.retries,
            max_bytes=self.max_bytes,
        )
        self._last_cap = answer.headers.get("x-sparql-maxrows", "")
        if answer.status == 206 or answer.headers.get("x-sql-state"):
            # Virtuoso's "anytime" answer: what it found before its time limit (HTTP 206,
            # or 200 with the X-SQL-State header in older versions)
            said = " ".join(
                filter(
                    None, [answer.headers.get("x-sql-state"), answer.headers.get("x-sql-message")]
                )
            )
            raise EndpointError(
                f"{self.shown}: the server answered only part of the query before its time "
                f"limit (HTTP {answer.status}{': ' + said[:200] if said else ''}); raise "
                "Virtuoso's MaxQueryExecutionTime in virtuoso.ini [SPARQL]"
            )
        return answer.body

    def _check_columns(self, text: str, columns: list[str]) -> None:
        """The answer's columns must be the ones the query lists (a server answering
        another query's, or a proxy's canned answer, is not this query's answer)."""
        try:
            asked = analyse(text).variables
        except QueryError:
            return  # a query rdflib's parser cannot read (a server's own syntax)
        if asked and tuple(columns) != asked:
            raise EndpointError(
                f"{self.shown}: the answer's columns ({', '.join(columns) or 'none'}) are "
                f"not the query's ({', '.join(asked)}): not this query's answer"
            )

    def _check_cap(self, count: int, what: str) -> None:
        """An answer with as many rows (or triples) as the server's cap may be cut short:
        Virtuoso stops at ResultSetMaxRows (10,000 in Debian's virtuoso.ini) and says so
        only in the ``X-SPARQL-MaxRows`` header."""
        if self._last_cap.isdigit() and count >= int(self._last_cap):
            raise EndpointError(
                f"{self.shown}: the server stops every answer at {int(self._last_cap):,} "
                f"{what} and this one has {count:,}: it may be cut short; raise Virtuoso's "
                "ResultSetMaxRows in virtuoso.ini [SPARQL]"
            )

    def _json(self, text: str) -> dict:
        raw = self._fetch(text, SELECT_TYPES)
        try:
            data = json.loads(raw)
        except RecursionError:
            raise EndpointError(
                f"{self.shown}: the answer is nested too deeply to be SPARQL JSON results"
            ) from None
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
            rows = [
                [
                    canonical_lexical(b[c]["value"], b[c].get("datatype")) if c in b else None
                    for c in columns
                ]
                for b in bindings
            ]
            datatypes = (
                [[b[c].get("datatype") if c in b else None for c in columns] for b in bindings]
                if self.typed
                else None
            )
        except (KeyError, TypeError, AttributeError):
            raise EndpointError(
                f"{self.shown}: malformed SELECT results (no head.vars or results.bindings)"
            ) from None
        self._check_columns(text, columns)
        self._check_cap(len(rows), "rows")
        if not rows:
            self._warn_if_no_data()
        return SelectResult(columns, rows, datatypes)

    def _warn_if_no_data(self) -> None:
        """After a SELECT with no rows: warn when the query could not have seen the data."""
        server = self._server()
        with contextlib.suppress(EndpointError):
            if self.dataset:
                if not self.graph_seen and not self._server_has_graph():
                    warnings.warn(
                        f"{self.shown}: no rows, and the server has no graph <{self.graph_iri}>:"
                        " push the graph there first (ofsted-kg push), name the graph it is in "
                        "(--graph-iri IRI), or read the server's default graph "
                        "(--server-default-graph)",
                        MissingGraphWarning,
                        stacklevel=3,
                    )
                return
            if server.ask(_internal("default-graph-has-data")):
                return
            if self.fell_back:
                warnings.warn(
                    f"{self.shown}: no rows: the server has no graph <{self.graph_iri}> and its "
                    "default graph is empty; push the graph there first (ofsted-kg push)",
                    MissingGraphWarning,
                    stacklevel=3,
                )
            elif server.ask(_internal("named-graphs-have-data")):
                warnings.warn(
                    f"{self.shown}: no rows, and the server's default graph is empty while its "
                    "named graphs hold data; read the graphs ofsted-kg push wrote (leave out "
                    "--server-default-graph) or serve their union as the default graph",
                    EmptyDefaultGraphWarning,
                    stacklevel=3,
                )

    def ask(self, text: str) -> bool:
        data = self._json(text)
        if isinstance(data.get("boolean"), bool):
            return data["boolean"]
        # Virtuoso 7 answers ASK in JSON as a result set: one row of __ASK_RETVAL 1 for
        # true, no row for false (openlink/virtuoso-opensource#1016).
        head, results = data.get("head"), data.get("results")
        if (
            isinstance(head, dict)
            and head.get("vars") == [_VIRTUOSO_ASK]
            and isinstance(results, dict)
            and isinstance(results.get("bindings"), list)
        ):
            return any(
                isinstance(row, dict) and row.get(_VIRTUOSO_ASK, {}).get("value") == "1"
                for row in results["bindings"]
            )
        raise EndpointError(f"{self.shown}: malformed ASK result (no boolean)")

    def run(self, text: str) -> SelectResult | Graph | bool:
        """The answer of any read query, its form told by rdflib's parse of ``text``."""
        from ofsted_kg.query.analysis import analyse

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
        self._check_cap(len(graph), "triples")
        return graph


def count_triples(endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> dict[str, int]:
    """Triples per named graph on a query endpoint (to check a push)."""
    result = RemoteEngine(endpoint, timeout, graph_iri=None).select(_internal("triples-per-graph"))
    return {g: int(n) for g, n in result.rows if g is not None and n is not None}
