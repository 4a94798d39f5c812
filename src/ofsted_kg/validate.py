"""Check a graph against the SHACL shapes; name the report and place of every violation.

:func:`validate_graph` is the one front door (as pySHACL's ``validate()``): it returns a
:class:`ValidationResult` whose ``violations`` say, for each problem, the report file,
where in it (page, character offsets, quote) and the shape's message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH

from . import namespaces as ns
from .resources import ontology_graph, shapes_graph

OA, OFS = ns.OA, ns.OFS


@dataclass(frozen=True)
class Violation:
    """One SHACL result, located in its report."""

    focus: str
    message: str
    severity: str
    path: str | None = None
    value: str | None = None
    report: str | None = None
    place: str | None = None

    def line(self) -> str:
        """One readable line: ``report [place]: message (focus)``."""
        where = self.report or "graph"
        if self.place:
            where += f" [{self.place}]"
        detail = f" ({self.path})" if self.path else ""
        return f"{where}: {self.message}{detail} <{self.focus}>"


@dataclass
class ValidationResult:
    """What :func:`validate_graph` found."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    text: str = ""


def _inspection_of(graph: Graph, node: URIRef) -> URIRef | None:
    """The inspection a node belongs to: itself, its generator, or the IRI it lies under."""
    if (node, RDF.type, OFS.Inspection) in graph:
        return node
    generator = graph.value(node, PROV.wasGeneratedBy)
    if isinstance(generator, URIRef):
        return generator
    text = str(node)
    for inspection in graph.subjects(RDF.type, OFS.Inspection):
        if text.startswith(str(inspection) + "/"):
            return URIRef(inspection)
    return None


def _report_file(graph: Graph, inspection: URIRef | None) -> str | None:
    if inspection is None:
        return None
    for report in graph.subjects(PROV.wasGeneratedBy, inspection):
        if (report, RDF.type, OFS.InspectionReport) in graph:
            source = graph.value(report, DCTERMS.source)
            if source is not None:
                return str(source)
    return None


def _place(graph: Graph, node: URIRef) -> str | None:
    """"page 3, chars 120-161: 'quote'" for a node with evidence, else None."""
    evidence = graph.value(node, PROV.wasDerivedFrom)
    if evidence is None and (node, RDF.type, OA.SpecificResource) in graph:
        evidence = node
    if evidence is None:
        return None
    start = end = quote = None
    for selector in graph.objects(evidence, OA.hasSelector):
        if (selector, RDF.type, OA.TextPositionSelector) in graph:
            start, end = graph.value(selector, OA.start), graph.value(selector, OA.end)
        else:
            quote = graph.value(selector, OA.exact)
    page = graph.value(evidence, OFS.pageNumber)
    parts = []
    if page is not None:
        parts.append(f"page {page}")
    if start is not None:
        parts.append(f"chars {start}-{end}")
    if quote is not None:
        short = " ".join(str(quote).split())
        parts.append(repr(short if len(short) <= 60 else short[:57] + "..."))
    return ", ".join(parts) or None


def validate_graph(graph: Graph) -> ValidationResult:
    """Validate ``graph`` (data only; the ontology and schemes are mixed in) with the shapes."""
    data = Graph()
    data += graph
    data += ontology_graph()
    conforms, results_graph, text = validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    violations = []
    for result in results_graph.subjects(RDF.type, SH.ValidationResult):
        focus = results_graph.value(result, SH.focusNode)
        message = results_graph.value(result, SH.resultMessage)
        path = results_graph.value(result, SH.resultPath)
        value = results_graph.value(result, SH.value)
        severity = results_graph.value(result, SH.resultSeverity)
        inspection = _inspection_of(graph, focus) if isinstance(focus, URIRef) else None
        violations.append(Violation(
            focus=str(focus),
            message=str(message) if message is not None else "constraint violated",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            path=str(path) if isinstance(path, URIRef) else None,
            value=str(value) if value is not None else None,
            report=_report_file(graph, inspection),
            place=_place(graph, focus) if isinstance(focus, URIRef) else None,
        ))
    violations.sort(key=lambda v: (v.report or "", v.focus, v.message))
    return ValidationResult(bool(conforms), violations, str(text))
