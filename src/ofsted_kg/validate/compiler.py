"""SHACL shapes compiled to SPARQL, run on Oxigraph: the fast validator for large graphs.

pySHACL is the reference implementation, but it evaluates constraints focus node by focus
node through rdflib's SPARQL engine: minutes for a graph of hundreds of reports. Here each
constraint of ``shapes/`` becomes one SELECT over the whole graph that returns the focus
nodes (and values) that break it, run by Oxigraph in milliseconds. Only the SHACL features
our shapes use are compiled; any other feature raises :class:`UnsupportedShape`, so a new
shape can never be skipped silently. Tests check that both validators report the same
(focus node, message) pairs on the valid graph and on every invalid fixture.

Kept rather than pySHACL alone, measured in one run (``benchmarks/serialisers.py``, CPU
seconds): the compiled shapes validate 450 generated reports (252,792 triples, the store
loaded included) in 5.26 s and 50 reports in 0.32 s; pySHACL takes 32.70 s for the 50,
three times the 10 s target for 450, and grows faster than the graph. The compiler is
generic: each SHACL parameter becomes one query, with no case for a particular shape.
"""

from __future__ import annotations

import re
from collections.abc import Collection as Nodes
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from ofsted_kg.errors import UnsupportedShape
from ofsted_kg.model.namespaces import SHAPES
from ofsted_kg.processes import cpu_count

_SUPPORTED = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.pattern,
    SH.flags,
    SH.minLength,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH["or"],
    SH.minInclusive,
    SH.nodeKind,
    SH.message,
    SH.name,
    SH.description,
    RDF.type,
}


UNION_OF = 10  # constraints run as one query (see find_violations)

# Marks a SPARQL constraint that reads only its focus node's neighbourhood (shapes/).
NEIGHBOURHOOD_ONLY = SHAPES.neighbourhoodOnly

# sh:nodeKind values and the SPARQL test a value fails.
_NODE_KIND_FAILS = {
    SH.IRI: "!isIRI(?value)",
    SH.Literal: "!isLiteral(?value)",
    SH.BlankNode: "!isBlank(?value)",
    SH.BlankNodeOrIRI: "isLiteral(?value)",
    SH.IRIOrLiteral: "isBlank(?value)",
    SH.BlankNodeOrLiteral: "isIRI(?value)",
}


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint as a SELECT returning ?this (and ?value) for each violation.

    ``focus``: the pattern in ``query`` that finds the focus nodes, for a constraint whose
    verdict on a node depends only on its neighbourhood (a property shape: the node's own
    triples, the triples naming it and its values' types; a SPARQL constraint marked
    :data:`NEIGHBOURHOOD_ONLY`): :meth:`for_nodes` may restrict it. None for a SPARQL
    constraint not so marked, which may look anywhere."""

    shape: str
    message: str
    path: str | None
    query: str
    focus: str | None = None

    def for_nodes(self, nodes: Nodes[str]) -> str:
        """The query, its focus nodes restricted to ``nodes`` (IRIs) if it can be."""
        if self.focus is None:
            return self.query
        values = " ".join(f"<{node}>" for node in sorted(nodes))
        return self.query.replace(self.focus, f"VALUES ?this {{ {values} }} {self.focus}", 1)


def _term(node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"blank node {node} where an IRI or literal was expected")


def _path(shapes: Graph, path) -> str:
    if isinstance(path, URIRef):
        return _term(path)
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return f"^{_term(inverse)}"
    raise UnsupportedShape(f"property path {path} (only IRIs and sh:inversePath compile)")


def _has_class(var: str, cls: URIRef) -> str:
    return f"{var} <{RDF.type}>/<{RDFS.subClassOf}>* {_term(cls)}"


def _values_query(focus: str, path: str, condition: str) -> str:
    return (
        f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} ?value . "
        f"FILTER ({condition}) }}"
    )


def _count_query(focus: str, path: str, test: str, value_filter: str = "") -> str:
    if test == "< 1":  # "at least one": no need to count them (twice as fast)
        return (
            f"SELECT DISTINCT ?this WHERE {{ {focus} "
            f"FILTER NOT EXISTS {{ ?this {path} ?v . {value_filter} }} }}"
        )
    return (
        f"SELECT DISTINCT ?this WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) "
        f"WHERE {{ {focus} OPTIONAL {{ ?this {path} ?v . {value_filter} }} }} "
        f"GROUP BY ?this }} FILTER (?n {test}) }}"
    )


def _property_constraints(shapes: Graph, prop, focus: str) -> list[tuple[str, str]]:
    """(label, query) pairs for each constraint of one property shape."""
    for predicate in set(shapes.predicates(prop)):
        if predicate not in _SUPPORTED:
            raise UnsupportedShape(f"property shape uses {predicate}")
    path = _path(shapes, shapes.value(prop, SH.path))
    value = shapes.value
    out: list[tuple[str, str]] = []
    if (n := value(prop, SH.minCount)) is not None:
        out.append(("minCount", _count_query(focus, path, f"< {int(n)}")))
    if (n := value(prop, SH.maxCount)) is not None:
        out.append(("maxCount", _count_query(focus, path, f"> {int(n)}")))
    if (datatype := value(prop, SH.datatype)) is not None:
        out.append(
            (
                "datatype",
                _values_query(
                    focus, path, f"!isLiteral(?value) || datatype(?value) != {_term(datatype)}"
                ),
            )
        )
    if (kind := value(prop, SH.nodeKind)) is not None:
        if kind not in _NODE_KIND_FAILS:
            raise UnsupportedShape(f"sh:nodeKind {kind}")
        out.append(("nodeKind", _values_query(focus, path, _NODE_KIND_FAILS[kind])))
    if (cls := value(prop, SH["class"])) is not None:
        out.append(
            ("class", _values_query(focus, path, f"NOT EXISTS {{ {_has_class('?value', cls)} }}"))
        )
    if (pattern := value(prop, SH.pattern)) is not None:
        flags = value(prop, SH.flags)
        args = f"{Literal(str(pattern)).n3()}" + (f", {Literal(str(flags)).n3()}" if flags else "")
        out.append(
            (
                "pattern",
                _values_query(focus, path, f"isBlank(?value) || !REGEX(STR(?value), {args})"),
            )
        )
    if (n := value(prop, SH.minLength)) is not None:
        out.append(
            (
                "minLength",
                _values_query(focus, path, f"isBlank(?value) || STRLEN(STR(?value)) < {int(n)}"),
            )
        )
    if (n := value(prop, SH.minInclusive)) is not None:
        out.append(("minInclusive", _values_query(focus, path, f"!(?value >= {_term(n)})")))
    for name, operator in (("lessThan", "<"), ("lessThanOrEquals", "<=")):
        if (other := value(prop, SH[name])) is not None:
            out.append(
                (
                    name,
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this {path} "
                    f"?value . ?this {_term(other)} ?other . "
                    f"FILTER (!(?value {operator} ?other)) }}",
                )
            )
    if (alternatives := value(prop, SH["or"])) is not None:
        datatypes = []
        for member in Collection(shapes, alternatives):
            datatype = value(member, SH.datatype)
            if datatype is None or len(set(shapes.predicates(member))) != 1:
                raise UnsupportedShape("sh:or of anything but sh:datatype alternatives")
            datatypes.append(f"datatype(?value) = {_term(datatype)}")
        out.append(
            ("or", _values_query(focus, path, f"!isLiteral(?value) || !({' || '.join(datatypes)})"))
        )
    if (qualified := value(prop, SH.qualifiedValueShape)) is not None:
        cls = value(qualified, SH["class"])
        if cls is None or len(set(shapes.predicates(qualified))) != 1:
            raise UnsupportedShape("sh:qualifiedValueShape other than [ sh:class C ]")
        conforming = f"FILTER EXISTS {{ {_has_class('?v', cls)} }}"
        if (n := value(prop, SH.qualifiedMinCount)) is not None:
            out.append(("qualifiedMinCount", _count_query(focus, path, f"< {int(n)}", conforming)))
        if (n := value(prop, SH.qualifiedMaxCount)) is not None:
            out.append(("qualifiedMaxCount", _count_query(focus, path, f"> {int(n)}", conforming)))
    return out


def _sparql_constraint(shapes: Graph, constraint, focus: str) -> str:
    select = str(shapes.value(constraint, SH.select))
    prefixes = []
    declarer = shapes.value(constraint, SH.prefixes)
    if declarer is not None:
        for declaration in shapes.objects(declarer, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            prefixes.append(f"PREFIX {prefix}: <{namespace}>")
    # Pre-bind $this as SHACL does: the focus pattern opens the query's own WHERE group.
    query = select.replace("$this", "?this")
    where = re.search(r"\bWHERE\s*\{", query, re.I)
    if where is None:
        raise UnsupportedShape("a SPARQL constraint without a WHERE group")
    query = query[: where.end()] + f" {focus} " + query[where.end() :]
    return "\n".join(prefixes) + "\n" + query


def compile_shapes(shapes: Graph) -> list[CompiledConstraint]:
    """Every constraint of every node shape, as SPARQL."""
    compiled = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = list(shapes.objects(shape, SH.targetClass))
        if len(targets) != 1 or isinstance(targets[0], BNode):
            raise UnsupportedShape(f"{shape}: exactly one sh:targetClass IRI is supported")
        focus = f"?this <{RDF.type}> {_term(targets[0])} ."
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            message = str(shapes.value(prop, SH.message) or "constraint violated")
            path = shapes.value(prop, SH.path)
            for _label, query in _property_constraints(shapes, prop, focus):
                compiled.append(
                    CompiledConstraint(
                        str(shape),
                        message,
                        str(path) if isinstance(path, URIRef) else None,
                        query,
                        focus,
                    )
                )
        for constraint in sorted(shapes.objects(shape, SH.sparql), key=str):
            message = str(shapes.value(constraint, SH.message) or "constraint violated")
            query = _sparql_constraint(shapes, constraint, focus)
            local = shapes.value(constraint, NEIGHBOURHOOD_ONLY) == Literal(True)
            compiled.append(
                CompiledConstraint(str(shape), message, None, query, focus if local else None)
            )
    return compiled


@cache
def shipped_constraints() -> tuple[CompiledConstraint, ...]:
    """The shipped shapes, compiled once per process."""
    from ofsted_kg.resources import shapes_graph

    return tuple(compile_shapes(shapes_graph()))


def find_violations(
    store, constraints=None, nodes: Nodes[str] | None = None
) -> list[tuple[CompiledConstraint, str, str | None]]:
    """Run every constraint on an Oxigraph store: (constraint, focus IRI, value) triples.

    ``nodes``: the only focus nodes whose verdict can have changed since the graph last
    conformed (:func:`ofsted_kg.validate.scope.nodes_to_check`); the property shapes and
    the SPARQL constraints that read only a node's neighbourhood then check those alone,
    the other SPARQL constraints everything.

    The constraints run :data:`UNION_OF` to a query: a thread asks for the GIL back after
    each query, and while the build's other threads run Python it waits up to 5 ms each
    time (220 queries on a few nodes: 0.03 s alone, 0.8-1 s beside a busy thread,
    measured)."""
    import pyoxigraph as ox

    constraints = list(constraints or shipped_constraints())
    if nodes is not None and not nodes:  # nothing changed: the whole-graph ones alone
        constraints = [constraint for constraint in constraints if constraint.focus is None]

    def run(batch: list[int]) -> list[tuple[int, str, str | None]]:
        found = []
        for solution in store.query(_union(constraints, batch, nodes)):
            focus, value = solution["this"], solution["value"]
            found.append(
                (
                    int(solution["constraint"].value),
                    focus.value if isinstance(focus, ox.NamedNode) else str(focus),
                    None if value is None else value.value,
                )
            )
        return found

    # Oxigraph evaluates queries without the GIL: one thread per core, each query the UNION
    # of a few constraints (planning a UNION grows faster than its parts: 220 constraints
    # on 58 nodes, measured, take 0.09 s one by one, 0.11 s ten at a time, 3.7 s at once).
    batches = [
        list(range(start, min(start + UNION_OF, len(constraints))))
        for start in range(0, len(constraints), UNION_OF)
    ]
    if not batches:
        return []
    with ThreadPoolExecutor(
        min(cpu_count(), len(batches)), thread_name_prefix="ofsted-kg shapes"
    ) as pool:
        found = [violation for part in pool.map(run, batches) for violation in part]
    found.sort(key=lambda violation: violation[0])  # in the constraints' order
    return [(constraints[index], focus, value) for index, focus, value in found]


_PREFIX_RE = re.compile(r"^\s*PREFIX\s+([\w-]*):\s*<([^>]*)>\s*$", re.I | re.M)
_SELECT_RE = re.compile(r"\bSELECT\s+(?:DISTINCT\s+)?", re.I)


def _union(constraints: list[CompiledConstraint], batch: list[int], nodes) -> str:
    """One SELECT of ``?constraint ?this ?value``: the UNION of the ``batch``'s queries
    (restricted to ``nodes`` where they can be), each a sub-SELECT naming its constraint
    by its place in ``constraints``."""
    prefixes: dict[str, str] = {}
    parts = []
    for index in batch:
        constraint = constraints[index]
        query = constraint.query if nodes is None else constraint.for_nodes(nodes)
        for name, namespace in _PREFIX_RE.findall(query):
            if prefixes.setdefault(name, namespace) != namespace:
                raise UnsupportedShape(f"the prefix {name}: names two namespaces in the shapes")
        body = _PREFIX_RE.sub("", query)
        select = _SELECT_RE.search(body)
        if select is None:
            raise UnsupportedShape(f"{constraint.shape}: a constraint that is not a SELECT")
        named = f"{body[: select.end()]}({index} AS ?constraint) {body[select.end() :]}"
        parts.append("{ " + named.strip() + " }")
    declared = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in prefixes.items())
    return f"{declared}SELECT ?constraint ?this ?value WHERE {{\n" + "\nUNION\n".join(parts) + "\n}"
