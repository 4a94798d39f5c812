"""Blank nodes, which ofsted-kg never makes but a user's CONSTRUCT or DESCRIBE, a graph of
someone else's or a pushed file may hold: written as ``_:`` labels on every path."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ofsted_kg.cli import main
from ofsted_kg.rdf.serialise import jsonld_bytes, ntriples_bytes, turtle_bytes
from ofsted_kg.server.remote import DEFAULT_GRAPH_IRI, push
from test_remote import count_triples, start_oxigraph, stop

OFS = "https://w3id.org/ofsted-kg/ontology#"
WRAP = (
    'CONSTRUCT { _:w <urn:x:wraps> ?i . _:w <urn:x:note> "wrapped" } '
    f"WHERE {{ ?i a <{OFS}Inspection> }}\n"
)


def with_blank_nodes(graph: Graph) -> Graph:
    """``graph`` plus a blank node with a nested one, and one whose id is no safe label."""
    out = Graph()
    out += graph
    outer, inner, odd = BNode("outer"), BNode(), BNode("has space/and:colon")
    out.add((outer, URIRef("urn:x:p"), inner))
    out.add((inner, URIRef("urn:x:q"), Literal("deep")))
    out.add((URIRef("urn:x:s"), URIRef("urn:x:r"), odd))
    out.add((odd, URIRef("urn:x:q"), Literal(1)))
    return out


def test_writers_label_blank_nodes():
    graph = with_blank_nodes(Graph())
    for data, fmt in ((ntriples_bytes(graph), "nt"), (turtle_bytes(graph), "turtle")):
        assert isomorphic(Graph().parse(data=data.decode(), format=fmt), graph)
    assert b"_:outer <urn:x:p> _:" in ntriples_bytes(graph)
    parsed = Graph().parse(data=jsonld_bytes(graph).decode(), format="json-ld")
    assert isomorphic(parsed, graph)


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory, built_graph):
    path = tmp_path_factory.mktemp("bnodes") / "ofsted.ttl"
    path.write_bytes(turtle_bytes(with_blank_nodes(built_graph)))
    return path


@pytest.mark.parametrize("extra", [[], ["--timeout", "30"]], ids=["in-process", "child"])
@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_construct_with_blank_nodes(graph_file, tmp_path, fmt, extra):
    path = tmp_path / "wrap.rq"
    path.write_text(WRAP, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["query", str(path), "--graph", str(graph_file), "-f", fmt, *extra]
    )
    assert result.exit_code == 0, result.output
    got = Graph().parse(data=result.output, format="turtle" if fmt == "ttl" else "json-ld")
    wrappers = set(got.subjects(URIRef("urn:x:note"), Literal("wrapped")))
    assert len(wrappers) == 5 and all(isinstance(w, BNode) for w in wrappers)


def test_describe_reaches_a_blank_node(graph_file, tmp_path):
    path = tmp_path / "describe.rq"
    path.write_text("DESCRIBE <urn:x:s>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(path), "--graph", str(graph_file)])
    assert result.exit_code == 0, result.output
    got = Graph().parse(data=result.output, format="turtle")
    (odd,) = got.objects(URIRef("urn:x:s"), URIRef("urn:x:r"))
    assert isinstance(odd, BNode)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig"])
def test_export_with_blank_nodes(graph_file, fmt):
    result = CliRunner().invoke(main, ["export", "--graph", str(graph_file), "--format", fmt])
    assert result.exit_code == 0, result.output[-300:]
    if fmt == "trig":
        from rdflib import Dataset

        dataset = Dataset()
        dataset.parse(data=result.output, format="trig")
        assert any(isinstance(s, BNode) for s, _, _, _ in dataset.quads((None, None, None, None)))
        return
    rdflib_format = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    got = Graph().parse(data=result.output, format=rdflib_format)
    expected = Graph().parse(graph_file, format="turtle")
    if fmt == "jsonld":
        json.loads(result.output)
    assert isomorphic(got, expected)


def test_push_and_remote_construct_with_blank_nodes(tmp_path, graph_file, built_graph):
    process, base = start_oxigraph(tmp_path / "store")
    try:
        result = CliRunner().invoke(
            main, ["push", "--endpoint", f"{base}/store", "--graph", str(graph_file)]
        )
        assert result.exit_code == 0, result.output
        assert count_triples(f"{base}/query")[DEFAULT_GRAPH_IRI] == len(built_graph) + 4
        path = tmp_path / "wrap.rq"
        path.write_text(WRAP, encoding="utf-8")
        result = CliRunner().invoke(main, ["query", str(path), "--endpoint", f"{base}/query"])
        assert result.exit_code == 0, result.output
        got = Graph().parse(data=result.output, format="turtle")
        assert len(set(got.subjects(URIRef("urn:x:note"), Literal("wrapped")))) == 5
        push(with_blank_nodes(built_graph), f"{base}/store")  # the library path too
    finally:
        stop(process)
