"""The files that ship with the package: ontology, concept schemes, shapes, queries.

They live at the top of the repository (``ontology/``, ``shapes/``, ``queries/``) for
readers and inside the package (``ofsted_kg/resources/``) for code, found through
:mod:`importlib.resources`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY_FILES = ("ofsted.ttl", "schemes.ttl")


def resource(*parts: str) -> Traversable:
    """A shipped file or folder, e.g. ``resource("queries", "judgements.rq")``."""
    node = resources.files("ofsted_kg").joinpath("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def _turtle(*parts: str) -> Graph:
    from rdflib import Graph

    graph = Graph()
    graph.parse(data=resource(*parts).read_text(encoding="utf-8"), format="turtle")
    return graph


def internal_query(name: str, **values: Iterable[str]) -> str:
    """The text of an internal SPARQL query, ``queries/internal/{name}.rq``: the queries
    ofsted-kg runs for its own work (not stored queries: ``ofsted-kg queries`` does not
    list them). ``values``: for each variable, the terms (in SPARQL syntax) that fill the
    query's empty ``VALUES ?variable { }`` block."""
    text = _internal_text(name)
    for variable, terms in values.items():
        empty = f"VALUES ?{variable} {{ }}"
        if empty not in text:
            raise ValueError(f"queries/internal/{name}.rq has no {empty} block")
        text = text.replace(empty, f"VALUES ?{variable} {{ {' '.join(terms)} }}")
    return text


@cache
def _internal_text(name: str) -> str:
    return resource("queries", "internal", f"{name}.rq").read_text(encoding="utf-8")


@cache
def ontology_graph() -> Graph:
    """The ontology (``ontology/ofsted.ttl``) and concept schemes (``ontology/schemes.ttl``)."""
    graph = _turtle("ontology", ONTOLOGY_FILES[0])
    for name in ONTOLOGY_FILES[1:]:
        graph += _turtle("ontology", name)
    return graph


def ontology_turtle() -> bytes:
    """The ontology and concept-scheme files' Turtle, for loading without rdflib."""
    return b"\n".join(resource("ontology", name).read_bytes() for name in ONTOLOGY_FILES)


@cache
def shapes_graph() -> Graph:
    """Every SHACL shapes file in ``shapes/``."""
    from rdflib import Graph

    graph = Graph()
    for entry in sorted(resource("shapes").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".ttl"):
            graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
    return graph
