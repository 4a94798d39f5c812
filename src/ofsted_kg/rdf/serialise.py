"""Deterministic serialisations of a graph: Turtle, N-Triples, JSON-LD.

The same graph always gives the same bytes (no blank nodes, sorted output), so the
committed ``graphs/`` diff meaningfully. The writers live in :mod:`ofsted_kg.rdf.ntriples`
and :mod:`ofsted_kg.rdf.jsonld`; writing files atomically is :mod:`ofsted_kg.atomic`'s job.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from rdflib import Graph

from ofsted_kg.atomic import atomic_write
from ofsted_kg.model.namespaces import PREFIXES
from ofsted_kg.rdf.ntriples import ntriples_lines, ntriples_text, turtle_from_lines

PREFIX_MAP = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}

__all__ = [
    "atomic_write",
    "jsonld_bytes",
    "jsonld_context",
    "ntriples_bytes",
    "turtle_bytes",
    "turtle_from_lines",
    "PREFIX_MAP",
]


def turtle_bytes(graph: Graph) -> bytes:
    """Turtle grouped by subject, sorted, with the project's prefixes."""
    return turtle_from_lines(ntriples_lines(graph), PREFIX_MAP)


def ntriples_bytes(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    return ntriples_text(graph)


@cache
def _context_text() -> str:
    return (
        resources.files("ofsted_kg")
        .joinpath("resources/ontology/context.jsonld")
        .read_text(encoding="utf-8")
    )


def jsonld_context() -> dict[str, Any]:
    """The shipped ``ontology/context.jsonld`` as a dict (its ``@context`` value)."""
    return json.loads(_context_text())["@context"]


def jsonld_bytes(graph: Graph) -> bytes:
    """Compact JSON-LD under the shipped context, canonically ordered."""
    from ofsted_kg.rdf.jsonld import jsonld_from_lines

    return jsonld_from_lines(ntriples_lines(graph), jsonld_context())
