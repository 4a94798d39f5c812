"""Exports: every format reloads to the built graph (or the expected subgraph), bytes are stable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyld import jsonld as pyld
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SDO, SKOS

from ofsted_kg.cli import main
from ofsted_kg.errors import ExportError
from ofsted_kg.export.formats import concepts_used, export, split_graph
from ofsted_kg.model import namespaces as ns
from ofsted_kg.rdf.graph import report_graph
from ofsted_kg.rdf.serialise import turtle_bytes
from ofsted_kg.resources import ontology_graph, resource

ROOT = Path(__file__).resolve().parents[1]
OFS = ns.OFS
TRAFFORD = URIRef("https://w3id.org/ofsted-kg/id/authority/E08000009")
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def reload(data: bytes, fmt: str) -> Graph:
    return Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])


def pyld_triples(data: bytes) -> Graph:
    """Expand the JSON-LD with pyld (not rdflib) and read its N-Quads."""
    nquads = pyld.to_rdf(json.loads(data), {"format": "application/n-quads"})
    return Graph().parse(data=nquads, format="nt")


def report_part(report, built) -> Graph:
    """One report's triples as the graph builder makes them, plus its dataset link."""
    part = report_graph(report)
    for s in part.subjects(RDF.type, OFS.InspectionReport):
        part += built.triples((s, DCTERMS.isPartOf, None))
    # An inspector's name is chosen across all reports, so it is the built graph's.
    for person in set(part.subjects(RDF.type, OFS.Inspector)):
        part += built.triples((person, SDO.name, None))
        part += built.triples((person, SKOS.altLabel, None))
    return part


@pytest.fixture(scope="module")
def trafford_expected(all_reports, built_graph) -> Graph:
    """Trafford's subgraph computed from the reports: what --authority Trafford must give."""
    expected = Graph()
    for report in all_reports:
        if report.source.startswith("trafford"):
            expected += report_part(report, built_graph)
    expected += built_graph.triples((TRAFFORD, None, None))
    for dataset in ("dataset", "figures"):
        expected += built_graph.triples((URIRef(ns.DEFAULT_BASE + dataset), None, None))
    expected += concepts_used(expected)
    return expected


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_reloads_to_the_built_graph(built_graph, fmt):
    data = export(built_graph, fmt)
    assert isomorphic(reload(data, fmt), built_graph)


def test_jsonld_expands_with_pyld_to_the_same_triples(built_graph):
    assert set(pyld_triples(export(built_graph, "jsonld"))) == set(built_graph)


def test_jsonld_is_plain_json_for_a_developer(built_graph):
    """Every key is a context term, values use native JSON where the RDF allows."""
    document = json.loads(export(built_graph, "jsonld"))
    context = document["@context"]
    keys: set[str] = set()

    def walk(value):
        if isinstance(value, dict):
            keys.update(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document["@graph"])
    assert {key for key in keys if key not in context and not key.startswith("@")} == set()
    trafford = next(node for node in document["@graph"] if node["id"] == str(TRAFFORD))
    assert trafford["prefLabel"] == "Trafford"
    assert trafford["current"] is True
    assert trafford["type"] == ["FormalOrganization", "LocalAuthority"]
    inspection = next(
        node
        for node in document["@graph"]
        if node["id"].endswith("/inspection/E08000009/2015-01-27")
    )
    assert inspection["startDate"] == "2015-01-27"
    assert len(inspection["team"]) == 9


def test_trig_has_one_named_graph_per_report(built_graph, all_reports):
    dataset = Dataset()
    dataset.parse(data=export(built_graph, "trig"), format="trig")
    graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    reports = sorted(name for name in graphs if name.endswith("/report"))
    assert len(reports) == len(all_reports) == 5
    assert set(graphs) == {
        *reports,
        ns.DEFAULT_BASE + "reference",
        str(ns.ONTOLOGY),
        str(ns.CONCEPT),
    }
    data = Graph()
    for name in [*reports, ns.DEFAULT_BASE + "reference"]:
        data += graphs[name]
    assert isomorphic(data, built_graph)
    ontology = Graph().parse(data=resource("ontology", "ofsted.ttl").read_text(), format="ttl")
    schemes = Graph().parse(data=resource("ontology", "schemes.ttl").read_text(), format="ttl")
    assert isomorphic(graphs[str(ns.ONTOLOGY)], ontology)
    assert isomorphic(graphs[str(ns.CONCEPT)], schemes)


def test_trig_report_graph_is_what_the_builder_made_of_that_report(built_graph, all_reports):
    """Only the authority's alternative names a report taught us move to the reference graph."""
    parts, _ = split_graph(built_graph)
    for report in all_reports:
        expected = report_part(report, built_graph)
        name = next(expected.subjects(RDF.type, OFS.InspectionReport))
        missing = set(expected) - set(parts[name])
        assert {(p, type(o)) for _, p, o in missing} <= {(SKOS.altLabel, Literal)}
        assert set(parts[name]) <= set(expected)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_authority_export_is_the_authority_subgraph(built_graph, trafford_expected, fmt):
    graph = reload(export(built_graph, fmt, authority="Trafford"), fmt)
    assert isomorphic(graph, trafford_expected)
    assert len(set(graph.subjects(RDF.type, OFS.Inspection))) == 2


def test_authority_trig_adds_only_the_ontology(built_graph, trafford_expected):
    dataset = Dataset()
    dataset.parse(data=export(built_graph, "trig", authority="E08000009"), format="trig")
    union = Graph()
    for graph in dataset.graphs():
        if str(graph.identifier) != str(ns.ONTOLOGY):
            union += graph
    assert isomorphic(union, trafford_expected)
    assert sum(1 for g in dataset.graphs() if str(g.identifier).endswith("/report")) == 2


def test_framed_inspections_nest_their_facts(built_graph):
    data = export(built_graph, "jsonld", frame="inspection")
    document = json.loads(data)
    inspections = {node["id"].rsplit("/inspection/", 1)[1]: node for node in document["@graph"]}
    assert sorted(inspections) == [
        "E06000050/2015-11-24",
        "E08000001/2014-01-14",
        "E08000008/2012-03-19",
        "E08000009/2015-01-27",
        "E08000009/2022-11-21",
    ]
    trafford = inspections["E08000009/2015-01-27"]
    assert len(trafford["team"]) == 9
    assert trafford["inspectedAuthority"]["prefLabel"] == "Trafford"
    assert all(member["agent"]["name"] for member in trafford["team"])
    for key, node in inspections.items():
        iri = URIRef(node["id"])
        judgements = set(built_graph.subjects(RDF.type, OFS.Judgement)) & set(
            built_graph.subjects(ns.PROV.wasGeneratedBy, iri)
        )
        assert len(node["judgements"]) == len(judgements), key
        recommendations = set(built_graph.subjects(RDF.type, OFS.Recommendation)) & set(
            built_graph.subjects(ns.PROV.wasGeneratedBy, iri)
        )
        assert len(node.get("recommendations", [])) == len(recommendations), key
        assert all(j["type"] == "Judgement" for j in node["judgements"])
    # The framed document states only true triples (of the graph, or of the concepts it
    # embeds from the vocabulary), and all of each report's but the LSCB's description (a
    # judgement names the board it judged, by IRI).
    triples = set(pyld_triples(data))
    assert triples <= set(built_graph) | set(ontology_graph())
    boards = set(built_graph.subjects(RDF.type, OFS.SafeguardingBoard))
    parts, _ = split_graph(built_graph)
    for part in parts.values():
        assert {t for t in part if t[0] not in boards} <= triples


def test_exports_are_byte_identical_on_rebuild(all_reports, built_graph):
    from ofsted_kg.rdf.graph import build_graph

    again = build_graph(all_reports)
    for fmt in ("ttl", "nt", "jsonld", "trig"):
        assert export(again, fmt) == export(built_graph, fmt), fmt
    assert export(all_reports, "ttl") == turtle_bytes(built_graph)


@pytest.mark.parametrize("fmt", ["trig", "jsonld"])
def test_exports_are_byte_identical_across_processes(tmp_path, fmt):
    """Set and dict order differ between interpreter runs (hash seeds); the bytes must not."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.{fmt}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ofsted_kg.cli",
                "export",
                "--format",
                fmt,
                "--graph",
                str(ROOT / "graphs" / "ofsted.ttl"),
                "-o",
                str(out),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_cli_export_writes_file(tmp_path):
    out = tmp_path / "trafford.trig"
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--format",
            "trig",
            "--authority",
            "Trafford",
            "--graph",
            str(ROOT / "graphs" / "ofsted.ttl"),
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"@prefix ")
    assert [p.name for p in tmp_path.iterdir()] == ["trafford.trig"]  # no temporary left


@pytest.mark.parametrize(
    "args, message",
    [
        (["--authority", "Atlantis"], "not one of England's councils"),
        (["--authority", "Kent"], "has no inspections in the graph"),
        (["--format", "nt", "--frame", "inspection"], "jsonld only"),
    ],
)
def test_cli_export_errors(args, message):
    result = CliRunner().invoke(
        main, ["export", "--graph", str(ROOT / "graphs" / "ofsted.ttl"), *args]
    )
    assert result.exit_code == 2
    assert message in result.output


@pytest.fixture
def graph_copy(tmp_path):
    """The shipped graph's two files in a folder of their own."""
    folder = tmp_path / "graphs"
    folder.mkdir()
    for name in ("ofsted.ttl", "ofsted.jsonld"):
        (folder / name).write_bytes((ROOT / "graphs" / name).read_bytes())
    return folder / "ofsted.ttl"


@pytest.mark.parametrize(
    "command, output",
    [
        (["export", "--authority", "Bolton"], "ofsted.ttl"),
        (["export", "--format", "jsonld"], "ofsted.jsonld"),
        (["export", "--format", "sqlite"], "ofsted.ttl"),
        (["query", "inspections", "--format", "csv"], "./ofsted.ttl"),
        (["search", "supervision", "--format", "csv"], "ofsted.jsonld"),
    ],
)
def test_an_output_never_replaces_the_graph_it_is_made_from(graph_copy, command, output):
    """Before, ``export --authority Bolton -o graphs/ofsted.ttl`` replaced the built graph
    with Bolton's part (exit 0); later queries answered 1 inspection of 5."""
    before = {p.name: p.read_bytes() for p in graph_copy.parent.iterdir()}
    target = graph_copy.parent / output
    result = CliRunner().invoke(main, [*command, "--graph", str(graph_copy), "-o", str(target)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: {target}: is the built graph read ({graph_copy}) or its twin; write elsewhere"
    ]
    assert {p.name: p.read_bytes() for p in graph_copy.parent.iterdir()} == before


@pytest.mark.parametrize(
    "fmt, output, theirs",
    [("sqlite", "ofsted.db", "metadata.yml"), ("csvw", ".", "councils.csv")],
)
def test_an_export_never_replaces_a_users_own_file_it_was_not_told_of(
    tmp_path, fmt, output, theirs
):
    """``-o ofsted.db`` writes ``metadata.yml`` beside it and ``-o folder`` a CSV a table:
    a user's own file of the name stays (before, both were replaced, exit 0); the export's
    own files from an earlier run are replaced."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / theirs).write_text("MINE\n", encoding="utf-8")
    graph = str(ROOT / "graphs" / "ofsted.ttl")
    args = ["export", "--format", fmt, "--graph", graph, "-o"]
    result = CliRunner().invoke(main, [*args, str(mine / output)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"Error: {mine / theirs}: a file ofsted-kg did not write is in the way of the export; "
        "move it, or write the export to another folder"
    ]
    assert [p.name for p in mine.iterdir()] == [theirs]
    assert (mine / theirs).read_text(encoding="utf-8") == "MINE\n"
    ours = tmp_path / "ours"
    ours.mkdir()
    for _ in range(2):
        result = CliRunner().invoke(main, [*args, str(ours / output)])
        assert result.exit_code == 0, result.output
    assert (ours / theirs).read_bytes() != b"MINE\n"


def test_unknown_format_is_a_named_error(built_graph):
    with pytest.raises(ExportError, match="unknown format"):
        export(built_graph, "rdfxml")


def test_fast_jsonld_writer_is_byte_identical_to_pyld_compaction(built_graph):
    from ofsted_kg.export.formats import jsonld, jsonld_pyld

    assert jsonld(built_graph) == jsonld_pyld(built_graph)
