"""The SPARQL-compiled validator agrees with pySHACL, the reference, on every fixture."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from conftest import FIXTURES
from ofsted_kg.errors import UnsupportedShape
from ofsted_kg.model.namespaces import OFS
from ofsted_kg.resources import shapes_graph
from ofsted_kg.validate.compiler import compile_shapes
from ofsted_kg.validate.validator import validate_graph

INVALID = sorted((FIXTURES / "shapes" / "invalid").glob("*.ru"))


def _pairs(result):
    return {(v.focus, v.message, v.report) for v in result.violations}


def test_both_validators_find_the_built_graph_conforms(built_graph):
    for validator in ("sparql", "pyshacl"):
        result = validate_graph(built_graph, validator=validator)
        assert result.conforms, [v.line() for v in result.violations]


@pytest.fixture(scope="module")
def broken_everywhere(built_graph):
    """The bundled reports' graph with every fixture's mutation applied."""
    broken = Graph()
    broken += built_graph
    for mutation in INVALID:
        broken.update(mutation.read_text(encoding="utf-8"))
    return broken


@pytest.mark.parametrize("mutation", INVALID, ids=lambda p: p.stem)
def test_each_broken_graph_is_found_broken(built_graph, mutation):
    broken = Graph()
    broken += built_graph
    broken.update(mutation.read_text(encoding="utf-8"))
    result = validate_graph(broken, validator="sparql")
    assert not result.conforms, mutation.stem


def test_validators_agree_on_every_broken_graph(broken_everywhere):
    """pySHACL takes some 15 s a graph: both validators check one graph holding every
    fixture's mutation (each is found on its own above), violation for violation."""
    fast = validate_graph(broken_everywhere, validator="sparql")
    reference = validate_graph(broken_everywhere, validator="pyshacl")
    assert len(fast.violations) >= len(INVALID) > 10
    assert _pairs(fast) == _pairs(reference)


# The SHACL parameters that are each one constraint of a property shape.
_PARAMETERS = {
    SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["class"], SH.pattern,
    SH.minLength, SH.minInclusive, SH.lessThan, SH.lessThanOrEquals, SH["or"],
    SH.qualifiedMinCount, SH.qualifiedMaxCount,
}  # fmt: skip


def test_every_shipped_constraint_compiles_to_one_query():
    shapes = shapes_graph()
    compiled = compile_shapes(shapes)
    node_shapes = list(shapes.subjects(RDF.type, SH.NodeShape))
    parameters = sum(
        1
        for shape in node_shapes
        for prop in shapes.objects(shape, SH.property)
        for predicate in shapes.predicates(prop)
        if predicate in _PARAMETERS
    )
    sparql = sum(1 for shape in node_shapes for _ in shapes.objects(shape, SH.sparql))
    assert parameters > 0 and sparql > 0
    assert len(compiled) == parameters + sparql
    assert all(c.message for c in compiled)
    # One of them, as the shapes file writes it: start on or before end.
    (dates,) = (
        c
        for c in compiled
        if c.path == str(OFS.startDate) and "<=" in c.query and c.shape.endswith("#InspectionShape")
    )
    assert (
        dates.message == "An inspection needs one start date (xsd:date) on or before its end date."
    )
    assert f"?this <{OFS.endDate}> ?other . FILTER (!(?value <= ?other))" in dates.query


def test_an_unsupported_feature_is_refused_not_skipped():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:hasValue ex:v ; sh:message "m" ] .
    """,
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="hasValue"):
        compile_shapes(shapes)
