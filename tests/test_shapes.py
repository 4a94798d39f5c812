"""SHACL: the built graph conforms; each broken graph fails with a message naming its report."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from conftest import FIXTURES
from ofsted_kg.resources import shapes_graph
from ofsted_kg.validate.validator import validate_graph

INVALID = sorted((FIXTURES / "shapes" / "invalid").glob("*.ru"))


def _header(path, key):
    return re.search(rf"^# {key}: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)


def test_built_graph_conforms(built_graph):
    result = validate_graph(built_graph)
    assert result.conforms, "\n".join(v.line() for v in result.violations)
    assert result.violations == []


@pytest.mark.parametrize("mutation", INVALID, ids=lambda p: p.stem)
def test_broken_graph_fails_naming_the_report(built_graph, mutation):
    broken = Graph()
    broken += built_graph
    before = len(broken)
    broken.update(mutation.read_text(encoding="utf-8"))
    assert len(broken) != before or "INSERT" in mutation.read_text()
    result = validate_graph(broken)
    assert not result.conforms
    message, report = _header(mutation, "message"), _header(mutation, "report")
    matching = [v for v in result.violations if v.message == message]
    assert matching, [v.line() for v in result.violations]
    expected_report = None if report == "graph" else report
    assert matching[0].report == expected_report
    assert matching[0].line().startswith(report)


def test_every_shape_is_named_after_its_class_and_every_constraint_has_a_message():
    shapes = shapes_graph()
    node_shapes = set(shapes.subjects(RDF.type, SH.NodeShape))
    assert len(node_shapes) >= 15
    for shape in node_shapes:
        target = shapes.value(shape, SH.targetClass)
        local = str(target).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        assert str(shape).endswith(f"#{local}Shape")
        for constraint in [*shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]:
            assert shapes.value(constraint, SH.message) is not None, (shape, constraint)


def test_a_recorded_gap_answers_for_a_missing_lead_inspector(built_graph):
    """A report that names no lead inspector is honest when its inspection records the gap."""
    graph = Graph()
    graph += built_graph
    trafford = "<https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21>"
    graph.update(
        "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        f"DELETE {{ {trafford} prov:qualifiedAssociation ?a . ?a ?p ?o }}\n"
        f"WHERE {{ {trafford} prov:qualifiedAssociation ?a . ?a ?p ?o }}"
    )
    assert not validate_graph(graph).conforms
    graph.update(
        "PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>\n"
        f"INSERT DATA {{ {trafford} ofs:coverageGap "
        "<https://w3id.org/ofsted-kg/concept/coverage-gap/lead-inspector> }"
    )
    result = validate_graph(graph)
    assert result.conforms, [v.line() for v in result.violations]
