"""Which nodes a change to a conforming graph can make break a shape (incremental checks).

A property shape's verdict on a focus node depends on the node's types and triples, the
triples naming it (inverse paths) and the types of its values (``sh:class``). So when the
triples of some subjects change, only these nodes can change verdict: the changed
subjects, every IRI their triples named before or name now, and every node with a triple
naming a changed subject. So too for a SPARQL constraint that reads only a node's
neighbourhood (marked ``shapes:neighbourhoodOnly``: its triples, the triples naming it
and those of the nodes either names). Other SPARQL constraints, which may look anywhere,
and the data checks across reports always read the whole graph. A test holds the verdict
to a full validation's on a break of every constraint so marked and every broken fixture.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ofsted_kg.rdf.ntriples import named_iris
from ofsted_kg.resources import internal_query


def change_scope(
    changed: set[str], lines: Iterable[str], base: str
) -> tuple[set[str], set[str]] | None:
    """What :func:`nodes_to_check` needs of a change to a graph that conformed: the
    ``changed`` subjects and the IRIs their ``lines``, old and new, name. None when the
    change is not to data alone (a subject not under the data's ``base``: a blank node,
    the ontology's or a scheme's IRIs, which say what the data's types mean): then every
    node is checked."""
    if not all(subject.startswith(base) for subject in changed):
        return None
    return changed, named_iris(lines)


def nodes_to_check(store: ox.Store, changed: Iterable[str], named: Iterable[str]) -> set[str]:
    """The focus nodes to check in ``store`` (the new graph): the ``changed`` subjects,
    the IRIs their old and new triples ``named``, and the nodes naming a changed one."""
    changed = set(changed)
    nodes = changed | set(named)
    if changed:
        terms = [str(ox.NamedNode(node)) for node in sorted(changed)]
        query = internal_query("nodes-naming", changed=terms)
        answer = store.query(query)
        if isinstance(answer, ox.QuerySolutions):
            nodes.update(
                row["node"].value for row in answer if isinstance(row["node"], ox.NamedNode)
            )
    return nodes
