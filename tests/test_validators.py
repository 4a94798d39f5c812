"""The SPARQL-compiled validator agrees with pySHACL, the reference, on every fixture."""

from __future__ import annotations

import pytest
from rdflib import Graph

from conftest import FIXTURES
from ofsted_kg.errors import UnsupportedShape
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


@pytest.mark.parametrize("mutation", INVALID, ids=lambda p: p.stem)
def test_validators_agree_on_each_broken_graph(built_graph, mutation):
    broken = Graph()
    broken += built_graph
    broken.update(mutation.read_text(encoding="utf-8"))
    fast = validate_graph(broken, validator="sparql")
    reference = validate_graph(broken, validator="pyshacl")
    assert not fast.conforms
    assert _pairs(fast) == _pairs(reference)


def test_every_shipped_constraint_compiles():
    compiled = compile_shapes(shapes_graph())
    assert len(compiled) > 100
    assert all(c.message for c in compiled)


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
