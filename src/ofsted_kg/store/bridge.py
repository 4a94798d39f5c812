"""Between rdflib and Oxigraph: the one place graphs and terms cross from one to the other.

rdflib -> Oxigraph goes through our sorted N-Triples (:mod:`ofsted_kg.rdf.ntriples`) and
Oxigraph's bulk loader; Oxigraph -> rdflib converts each term (:func:`to_rdflib`).

oxrdflib (an rdflib store, parsers and serialisers backed by Oxigraph) is not used, for
two reasons (``tests/test_bridge.py`` holds the first): its parsers and result conversion
give every plain string an explicit ``xsd:string`` datatype, which rdflib holds to be a
different term from the plain literal its own parsers, our graph builder and its SPARQL
engine make (``Literal("x") != Literal("x", datatype=XSD.string)``, so
``(s, p, Literal("x")) in graph`` is false on a graph loaded through it); and its term
converters are private (``oxrdflib._converter``). Measured in one run
(``benchmarks/serialisers.py --steps bridge``, 450 generated reports, 252,792 triples, CPU
seconds): reading the graph file into rdflib takes 9.96 s here, 8.27 s through oxrdflib's
``ox-turtle`` parser and 12.08 s with rdflib's own; an rdflib graph into Oxigraph 2.30 s
here, 3.42 s through oxrdflib's store.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:  # rdflib is imported only where needed: it costs 0.1 s at start-up
    from rdflib import Graph
    from rdflib.term import Node


@cache
def _converter() -> Callable[[object], Node]:
    """Oxigraph term -> rdflib term, with rdflib's classes bound once (it runs per term)."""
    from rdflib import BNode, Literal, URIRef

    from ofsted_kg.model.namespaces import XSD_STRING

    named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal

    def convert(term: object) -> Node:
        kind = type(term)
        if kind is named:
            return URIRef(term.value)  # type: ignore[attr-defined]
        if kind is literal:
            value, language = term.value, term.language  # type: ignore[attr-defined]
            if language:
                return Literal(value, lang=language)
            datatype = term.datatype.value  # type: ignore[attr-defined]
            if datatype == XSD_STRING:  # a simple literal, as rdflib parses it
                return Literal(value)
            return Literal(value, datatype=URIRef(datatype))
        if kind is blank:
            return BNode(term.value)  # type: ignore[attr-defined]
        raise TypeError(f"not an RDF term rdflib can hold: {term!r}")

    return convert


def to_rdflib(term: object) -> Node:
    """An Oxigraph IRI, blank node or literal as the rdflib term rdflib's parsers make
    (a simple literal without a datatype)."""
    return _converter()(term)


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """An rdflib graph of Oxigraph triples (or quads' triples: graph names are dropped).

    The graph is held in rdflib's ``SimpleMemory`` store, which has no named graphs to
    index: a graph fills 2.4 times faster than in the default ``Memory`` store (1,236
    triples of ``construct-authority``: 3.2 ms instead of 7.5 ms)."""
    from rdflib import Graph

    convert = _converter()
    made: dict[object, Node] = {}

    def term(node: object) -> Node:  # each distinct term converted once (most repeat)
        found = made.get(node)
        if found is None:
            found = made[node] = convert(node)
        return found

    graph = Graph(store="SimpleMemory")
    # Straight into the store: Graph.addN would check again, triple by triple, that each
    # term is an rdflib node (they are made above) and the context this graph (1 ms of 6).
    add = graph.store.add
    for t in triples:
        add((term(t.subject), term(t.predicate), term(t.object)), graph, False)
    return graph


def oxigraph_triples(graph: Graph) -> list[ox.Triple]:
    """The triples of an rdflib graph as Oxigraph triples, in sorted N-Triples order
    (blank nodes keep their labels)."""
    from ofsted_kg.rdf.serialise import ntriples_bytes

    return [quad.triple for quad in ox.parse(ntriples_bytes(graph), ox.RdfFormat.N_TRIPLES)]


def load_into(store: ox.Store, graph: Graph) -> None:
    """Bulk-load an rdflib graph into an Oxigraph store."""
    from ofsted_kg.rdf.serialise import ntriples_bytes

    store.bulk_load(ntriples_bytes(graph), ox.RdfFormat.N_TRIPLES)
