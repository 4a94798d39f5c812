"""Which URL of a SPARQL server does what, so a mix-up gets one line that says so.

A server offers (at least) two URLs: a query endpoint (oxigraph ``/query``, Fuseki
``/ds/query``, Virtuoso ``/sparql``) and a Graph Store Protocol endpoint that takes whole
graphs (oxigraph ``/store``, Fuseki ``/ds/data``). ``push`` to a query endpoint gets an
HTTP 404 or 405, ``query`` against a graph store an HTTP 415 or 400: neither names the
mix-up. These checks name it before anything is sent, from the URL's last path segment.
"""

from __future__ import annotations

import urllib.parse

from ofsted_kg.errors import EndpointError

QUERY_SUFFIXES = ("/query", "/sparql")
STORE_SUFFIXES = ("/store", "/data")
MIX_UP = "queries go to /query, push to /store (Fuseki: /ds/query and /ds/data)"


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path.rstrip("/").lower()


def check_store_endpoint(url: str, shown: str) -> None:
    """:class:`EndpointError` when ``url`` is a query endpoint, not a graph store."""
    if _path(url).endswith(QUERY_SUFFIXES):
        raise EndpointError(
            f"{shown} is a query endpoint; push loads graphs through the graph store: {MIX_UP}"
        )


def check_query_endpoint(url: str, shown: str) -> None:
    """:class:`EndpointError` when ``url`` is a graph store, not a query endpoint."""
    if _path(url).endswith(STORE_SUFFIXES):
        raise EndpointError(f"{shown} is a graph store, not a query endpoint: {MIX_UP}")


def query_endpoint_for(store: str) -> str | None:
    """The query URL next to a graph store URL (``/store`` or ``/data`` -> ``/query``)."""
    parts = urllib.parse.urlsplit(store)
    path = parts.path.rstrip("/")
    for suffix in STORE_SUFFIXES:
        if path.lower().endswith(suffix):
            query_path = path[: -len(suffix)] + "/query"
            return urllib.parse.urlunsplit(parts._replace(path=query_path, query=""))
    return None
