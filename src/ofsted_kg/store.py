"""Open a built graph file for validation, export or querying."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from .engines import Engine, OxigraphEngine, RdflibEngine
from .errors import GraphError


def load_graph(path: Path) -> Graph:
    """Load a Turtle (or JSON-LD, N-Triples) graph file into rdflib."""
    path = Path(path)
    if not path.is_file():
        raise GraphError(f"{path}: no such graph file; run 'ofsted-kg build' first")
    fmt = {".jsonld": "json-ld", ".nt": "nt"}.get(path.suffix, "turtle")
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise GraphError(f"{path}: cannot load graph: {str(exc).splitlines()[0]}") from None
    return graph


def open_engine(path: Path, engine: str = "oxigraph") -> Engine:
    """A query engine over the graph file plus the shipped ontology."""
    if engine == "oxigraph":
        return OxigraphEngine.from_file(Path(path))
    return RdflibEngine(load_graph(path))
