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


def _by_subject(lines: list[str]) -> dict[str, set[str]]:
    from ofsted_kg.rdf.ntriples import subject_groups

    return {subject: set(group) for subject, group in subject_groups(lines).items()}


# Breaks whose violations fall on nodes that did not change: the evidence citing a report
# that lost its type (found as nodes naming a changed one), and a theme assignment its
# recommendation no longer names (found as an IRI the changed subject named before).
_ELSEWHERE = {
    "report-loses-its-type": """
        PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>
        DELETE { ?report a ofs:InspectionReport } WHERE {
          ?report a ofs:InspectionReport . FILTER (CONTAINS(STR(?report), "E08000009")) }""",
    "recommendation-drops-a-theme-assignment": """
        PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>
        DELETE { ?recommendation ofs:themeAssignment ?assignment } WHERE {
          { SELECT ?recommendation ?assignment WHERE {
              ?recommendation ofs:themeAssignment ?assignment } ORDER BY ?assignment LIMIT 1 } }""",
}
_MUTATIONS = {path.stem: path.read_text(encoding="utf-8") for path in INVALID} | _ELSEWHERE


@pytest.mark.parametrize("name", sorted(_MUTATIONS))
def test_checking_only_the_nodes_a_change_can_affect_finds_what_a_full_check_finds(
    built_graph, name
):
    """Incremental validation (a rebuild with a few reports changed): the property shapes
    check only the changed subjects, the IRIs they named before and name now, and the
    nodes naming them; on each broken fixture that finds every violation a full check
    finds, while checking a small part of the graph."""
    from ofsted_kg.rdf.ntriples import named_iris, ntriples_lines
    from ofsted_kg.store.engines import OxigraphEngine
    from ofsted_kg.validate.scope import nodes_to_check

    broken = Graph()
    broken += built_graph
    broken.update(_MUTATIONS[name])
    before, after = _by_subject(ntriples_lines(built_graph)), _by_subject(ntriples_lines(broken))
    changed = {s for s in before.keys() | after.keys() if before.get(s) != after.get(s)}
    named = named_iris(line for s in changed for line in before.get(s, set()) | after.get(s, set()))
    store = OxigraphEngine.from_graph(broken).store
    nodes = nodes_to_check(store, changed, named)
    assert changed and len(nodes) < len(after) / 10
    full = validate_graph(broken)
    partial = validate_graph(None, store=store, nodes=nodes)
    assert not full.conforms
    assert _pairs(partial) == _pairs(full)
    if name in _ELSEWHERE:  # the violations are on nodes that did not change
        assert {v.focus for v in full.violations}.isdisjoint(changed)
    # Nothing changed: nothing for the property shapes to look at, and the graph conforms.
    assert validate_graph(built_graph.__class__() + built_graph, nodes=set()).conforms


def test_every_constraint_checked_on_a_neighbourhood_has_a_break_checked_so():
    """Each SPARQL constraint marked shapes:neighbourhoodOnly (checked, on a rebuild, on
    the nodes a change can affect alone) is broken by one of the mutations above, so the
    test before holds its scoped verdict to a full check's."""
    from ofsted_kg.validate.compiler import NEIGHBOURHOOD_ONLY

    shapes = shapes_graph()
    marked = {
        str(shapes.value(constraint, SH.message))
        for constraint in shapes.subjects(NEIGHBOURHOOD_ONLY, None)
    }
    headed = {
        text.split("\n", 1)[0].removeprefix("# message: ")
        for text in _MUTATIONS.values()
        if text.startswith("# message: ")
    }
    assert len(marked) == 12
    assert marked <= headed, sorted(marked - headed)
