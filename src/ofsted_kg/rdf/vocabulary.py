"""A built graph that stands alone: the data with the vocabulary needed to read it.

A consumer who loads ``graphs/ofsted.ttl`` (or ``ofsted.jsonld``) into rdflib, a triple
store or a JSON-LD tool gets the grades' ranks and labels, the areas' labels and the areas
they compare with across frameworks, the frameworks, roles and measures (the concept
schemes, ``ontology/schemes.ttl``) and the labels and comments of every class and property
(``ontology/ofsted.ttl``): 1,182 triples, written beside the data. ``export --format trig``
puts them back in named graphs of their own.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import cache

from ofsted_kg.model.namespaces import XSD_STRING
from ofsted_kg.rdf.ntriples import quote


@cache
def vocabulary_lines() -> tuple[str, ...]:
    """The ontology and concept schemes as sorted, unique N-Triples lines (read by
    Oxigraph: fifty times faster than rdflib, and every build needs them)."""
    import pyoxigraph as ox

    from ofsted_kg.resources import ontology_turtle

    return tuple(
        sorted(
            {
                f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} ."
                for q in ox.parse(ontology_turtle(), ox.RdfFormat.TURTLE)
            }
        )
    )


def _term(term) -> str:
    """An Oxigraph term as :func:`ofsted_kg.rdf.ntriples.term_nt` writes an rdflib one."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = quote(term.value)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{text}^^<{term.datatype.value}>"
        return text
    raise ValueError(f"the vocabulary has a blank node or a quoted triple: {term}")


def standalone_lines(lines: Iterable[str]) -> list[str]:
    """Sorted unique ``lines`` (sorted themselves) merged with :func:`vocabulary_lines`."""
    # Sorting two sorted runs end to end merges them (Python's sort finds the runs): a
    # tenth of heapq.merge's time at 300,000 lines.
    merged = sorted(itertools.chain(lines, vocabulary_lines()))
    merged = [line for at, line in enumerate(merged) if not at or merged[at - 1] != line]
    return merged
