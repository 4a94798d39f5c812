"""One council's part of a built graph, for its picture and chart: read from the graph's
on-disk store (its nodes by ``queries/internal/authority-nodes.rq``, their triples by direct
look-ups), not by loading the whole graph into rdflib (6.5 s and 340 MB for England's 450
reports; the part of one council is about a thousand triples)."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pyoxigraph as ox
from rdflib import Graph

from ofsted_kg.export.formats import authority_gss
from ofsted_kg.resources import internal_query
from ofsted_kg.store.bridge import rdflib_graph
from ofsted_kg.store.disk import open_store


def authority_part(path: Path, name: str) -> Graph:
    """The triples of the council ``name`` (a name, another printed name or its GSS code)
    that its picture and chart read, from the graph file ``path``."""
    query = internal_query("authority-nodes", gss=[str(ox.Literal(authority_gss(name)))])
    store = open_store(Path(path))
    nodes = [solution[0] for solution in cast(ox.QuerySolutions, store.query(query))]
    return rdflib_graph(
        quad for node in nodes for quad in store.quads_for_pattern(node, None, None)
    )
