"""ofsted-kg: Ofsted children's services inspection reports as a linked-data knowledge graph.

The pipeline, one public function per step::

    read_source(path) -> SourceText            # .txt or .pdf
    parse_report(text, source) -> Report       # plain records with source spans
    build_graph(reports) -> rdflib.Graph
    validate_graph(graph) -> ValidationResult
    run_query(load_query(name), engine, params)

Imports are lazy so that ``ofsted-kg --help`` starts fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "read_source": "ofsted_kg.source.files",
    "parse_report": "ofsted_kg.parse",
    "parse_text": "ofsted_kg.parse",
    "build_graph": "ofsted_kg.rdf.graph",
    "report_graph": "ofsted_kg.rdf.graph",
    "validate_graph": "ofsted_kg.validate.validator",
    "load_query": "ofsted_kg.query.catalogue",
    "run_query": "ofsted_kg.query.catalogue",
    "catalogue": "ofsted_kg.query.catalogue",
    "build": "ofsted_kg.build.pipeline",
    "load_graph": "ofsted_kg.store.disk",
    "search": "ofsted_kg.search.index",
    "classify": "ofsted_kg.themes.classify",
    "open_engine": "ofsted_kg.store.disk",
    "ParseError": "ofsted_kg.errors",
    "ReadError": "ofsted_kg.errors",
    "QueryError": "ofsted_kg.errors",
    "OfstedKGError": "ofsted_kg.errors",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'ofsted_kg' has no attribute {name!r}")
