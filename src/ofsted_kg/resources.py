"""The files that ship with the package: ontology, concept schemes, shapes, queries.

They live at the top of the repository (``ontology/``, ``shapes/``, ``queries/``) for
readers and inside the package (``ofsted_kg/resources/``) for code, found through
:mod:`importlib.resources`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from rdflib import Graph


def resource(*parts: str) -> Traversable:
    """A shipped file or folder, e.g. ``resource("queries", "judgements.rq")``."""
    node = resources.files("ofsted_kg").joinpath("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def _turtle(*parts: str) -> Graph:
    graph = Graph()
    graph.parse(data=resource(*parts).read_text(encoding="utf-8"), format="turtle")
    return graph


@cache
def ontology_graph() -> Graph:
    """The ontology (``ontology/ofsted.ttl``) and concept schemes (``ontology/schemes.ttl``)."""
    graph = _turtle("ontology", "ofsted.ttl")
    graph += _turtle("ontology", "schemes.ttl")
    return graph


@cache
def shapes_graph() -> Graph:
    """Every SHACL shapes file in ``shapes/``."""
    graph = Graph()
    for entry in sorted(resource("shapes").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttl"):
            graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph
