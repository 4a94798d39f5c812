"""Check a graph against the SHACL shapes; name the report and place of every violation.

:func:`validate_graph` is the one front door (as pySHACL's ``validate()``). Two validators
give the same answers (a test holds them to it on every fixture):

- ``"sparql"`` (default): the shapes compiled to SPARQL and run on Oxigraph
  (:mod:`ofsted_kg.validate.compiler`), fast enough for every report since 2009;
- ``"pyshacl"``: pySHACL, the reference implementation, slow on large graphs.

Each :class:`Violation` says the report file, where in it (page, character offsets,
quote) and the shape's message.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from ofsted_kg.errors import GraphError, ValidationSetupError
from ofsted_kg.resources import internal_query, ontology_graph, shapes_graph
from ofsted_kg.store.engines import OxigraphEngine

VALIDATORS = ("sparql", "pyshacl")


@dataclass(frozen=True)
class Violation:
    """One SHACL result, located in its report."""

    focus: str
    message: str
    severity: str = "Violation"
    path: str | None = None
    value: str | None = None
    report: str | None = None
    place: str | None = None

    def line(self) -> str:
        """One readable line: ``report [place]: message (path) <focus>``."""
        return f"{self.report or 'graph'}{self.detail()}"

    def detail(self) -> str:
        """The line without the report: `` [place]: message (path) <focus>``."""
        where = f" [{self.place}]" if self.place else ""
        path = f" ({self.path})" if self.path else ""
        return f"{where}: {self.message}{path} <{self.focus}>"


@dataclass
class ValidationResult:
    """What :func:`validate_graph` found."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    validator: str = "sparql"
    # How many focus nodes the property shapes checked, when a rebuild checked only those
    # its changes can affect (None: every node).
    checked: int | None = None


def _locate(store: ox.Store, focus: str) -> tuple[str | None, str | None]:
    """The report file and a "page 3, chars 120-161, 'quote'" place for a focus IRI."""
    if not focus.startswith(("http://", "https://")):
        return None, None
    # The IRI comes from the graph and is written by Oxigraph's own term syntax.
    answer = store.query(
        internal_query("locate-violation").replace("?focus", str(ox.NamedNode(focus)))
    )
    solutions = list(answer) if isinstance(answer, ox.QuerySolutions) else []
    if not solutions:
        return None, None
    row = solutions[0]
    value = {
        name: (row[name].value if row[name] is not None else None)
        for name in ("source", "page", "start", "end", "exact")
    }
    parts = []
    if value["page"] is not None:
        parts.append(f"page {value['page']}")
    if value["start"] is not None:
        parts.append(f"chars {value['start']}-{value['end']}")
    if value["exact"] is not None:
        short = " ".join(value["exact"].split())
        parts.append(repr(short if len(short) <= 60 else short[:57] + "..."))
    return value["source"], ", ".join(parts) or None


def _pyshacl_results(graph: Graph) -> list[tuple[str, str, str | None, str | None]]:
    from pyshacl import validate

    data = Graph()
    data += graph
    data += ontology_graph()
    _, results, _ = validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        message = results.value(result, SH.resultMessage)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        found.append(
            (
                str(results.value(result, SH.focusNode)),
                str(message) if message is not None else "constraint violated",
                str(path) if isinstance(path, URIRef) else None,
                None if value is None else str(value),
            )
        )
    return found


def _sparql_results(
    store: ox.Store, nodes: Collection[str] | None = None
) -> list[tuple[str, str, str | None, str | None]]:
    from ofsted_kg.validate.compiler import find_violations

    return [
        (focus, constraint.message, constraint.path, value)
        for constraint, focus, value in find_violations(store, nodes=nodes)
    ]


def _data_check_results(store: ox.Store) -> list[tuple[str, str, str | None, str | None]]:
    """The rows of the ``*-violation`` stored queries: the checks across reports that a
    shape, seeing one focus node at a time, cannot make. A row's first value is the focus
    node; the query's title is the message."""
    from ofsted_kg.query.catalogue import catalogue

    found: list[tuple[str, str, str | None, str | None]] = []
    for name, query in catalogue().items():
        if not name.endswith("-violation"):
            continue
        answer = store.query(query.text)
        if isinstance(answer, ox.QuerySolutions):
            variable = answer.variables[0]
            for row in answer:
                focus = row[variable]
                if focus is not None:
                    found.append((focus.value, f"{query.title} ({name})", None, None))
    return found


def validate_graph(
    graph: Graph | None,
    validator: str = "sparql",
    store: ox.Store | None = None,
    nodes: Collection[str] | None = None,
) -> ValidationResult:
    """Validate ``graph`` (data only; the ontology and schemes are added) with the shapes
    and the data checks across reports (the ``*-violation`` stored queries).

    ``store`` may be an Oxigraph store already holding the graph and the ontology; the
    SPARQL validator then needs no rdflib graph at all. ``nodes`` (SPARQL validator): a
    graph that conformed has changed, and only these nodes' verdicts can have
    (:func:`ofsted_kg.validate.scope.nodes_to_check`): the property shapes check them
    alone; SPARQL constraints and the data checks still read the whole graph.
    """
    if validator not in VALIDATORS:
        raise ValidationSetupError(
            f"unknown validator {validator!r}; use one of {', '.join(VALIDATORS)}"
        )
    if store is None:
        if graph is None:
            raise ValidationSetupError("validate_graph needs a graph or a store")
        store = OxigraphEngine.from_graph(graph).store
    if validator == "pyshacl":
        if graph is None:
            raise ValidationSetupError("the pyshacl validator needs an rdflib graph")
        raw = _pyshacl_results(graph)
    else:
        raw = _sparql_results(store, nodes)
    raw += _data_check_results(store)
    violations = []
    for focus, message, path, value in sorted(set(raw), key=lambda r: tuple(x or "" for x in r)):
        report, place = _locate(store, focus)
        violations.append(Violation(focus, message, "Violation", path, value, report, place))
    violations.sort(key=lambda v: (v.report or "", v.focus, v.message, v.value or ""))
    return ValidationResult(not violations, violations, validator)


def validate_file(path, validator: str = "sparql") -> ValidationResult:
    """Validate a graph file (Turtle, N-Triples or JSON-LD)."""
    from pathlib import Path

    from ofsted_kg.model.namespaces import OFS
    from ofsted_kg.store.disk import load_file, load_graph
    from ofsted_kg.store.engines import load_ontology

    path = Path(path)
    report = str(OFS.InspectionReport)
    if validator == "pyshacl":
        graph = load_graph(path)
        _holds_reports(path, any(graph.triples((None, RDF.type, URIRef(report)))))
        return validate_graph(graph, validator=validator)
    store = ox.Store()  # straight into Oxigraph: no rdflib graph on the way
    load_file(store, path)
    typed = store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(report))
    _holds_reports(path, next(iter(typed), None) is not None)
    load_ontology(store)
    return validate_graph(None, validator=validator, store=store)


def _holds_reports(path, holds: bool) -> None:
    """A graph of no inspection report is none ofsted-kg built: the shapes, which check
    reports and what hangs from them, would find nothing to check, and say it conforms."""
    if not holds:
        raise GraphError(
            f"{path}: holds no inspection report (ofs:InspectionReport): not a graph "
            "ofsted-kg built, so there is nothing to check; give graphs/ofsted.ttl"
        )
