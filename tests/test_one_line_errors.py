"""Errors that used to end in a traceback: one line now, exit code 2 (130 for Ctrl-C)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph

from ofsted_kg.cli import main
from ofsted_kg.errors import GraphError, QueryError
from ofsted_kg.store.engines import OxigraphEngine
from ofsted_kg.validate.validator import validate_file


def test_bad_base_in_the_environment_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("OFSTED_KG_BASE", "not a base")
    result = CliRunner().invoke(
        main, ["build", "reports/trafford-2022-ilacs.txt", "-o", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: environment variable OFSTED_KG_BASE: 'not a base' is not an http(s) IRI "
        "such as https://example.org/ofsted/ (no spaces)"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (  # Oxigraph raises OSError
            "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
            "The port 1 is not allowed",
        ),
        (  # ... and RuntimeError
            "SELECT * WHERE { SERVICE ?x { ?s ?p ?o } }",
            "The variable encoding the service name is unbound",
        ),
    ],
)
def test_oxigraph_failures_are_query_errors(text, reason):
    """The engine itself (the CLI refuses SERVICE before it gets here)."""
    engine = OxigraphEngine.from_graph(Graph(), with_ontology=False)
    for run in (engine.select, engine.run):
        with pytest.raises(QueryError, match=f"^Oxigraph cannot evaluate this query: {reason}"):
            run(text)


@pytest.fixture(scope="module")
def bundled_graph(tmp_path_factory):
    """The graph of the five bundled reports, built as a user builds it."""
    out = tmp_path_factory.mktemp("graph")
    result = CliRunner().invoke(main, ["build", "reports", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out / "ofsted.ttl"


def refused(*args: str) -> list[str]:
    """The lines ``ofsted-kg ARGS`` prints, which must end it with exit code 2."""
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 2, result.output
    return result.output.splitlines()


def _nested(depth: int) -> str:
    return "SELECT ?s WHERE { ?s ?p ?o FILTER(" + "(" * depth + "1" + ")" * depth + ") } LIMIT 1"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_nested_too_deeply_is_one_line(engine, bundled_graph, tmp_path):
    """Before, 25 brackets inside one another ended in 3,000 lines of RecursionError from
    the parser that checks a query (exit 1, which says "no"); 200 run now, 2,000 are
    refused by name."""
    deep = tmp_path / "deep.rq"
    deep.write_text(_nested(2000), encoding="utf-8")
    assert refused("query", str(deep), "--graph", str(bundled_graph), "--engine", engine) == [
        f"Error: {deep}: the query is nested too deeply (brackets or braces inside one "
        "another) for the SPARQL parser to check it; it is refused"
    ]
    fine = tmp_path / "fine.rq"
    fine.write_text(_nested(200), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["query", str(fine), "--graph", str(bundled_graph), "--engine", "oxigraph"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "(1 row)"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_query_naming_its_dataset_is_refused_alike_on_both_engines(
    engine, bundled_graph, tmp_path
):
    """Before, rdflib ended in a traceback on FROM NAMED and answered rows for FROM <url>
    where Oxigraph answered none: the built graph is one default graph."""
    for clause in ("FROM NAMED <http://x/g>", "FROM <http://x/g>"):
        text = tmp_path / "named.rq"
        text.write_text(f"SELECT * {clause} WHERE {{ ?s ?p ?o }} LIMIT 1", encoding="utf-8")
        assert refused("query", str(text), "--graph", str(bundled_graph), "--engine", engine) == [
            f"Error: {text}: FROM and FROM NAMED are refused on the built graph (one default "
            "graph, the ontology in it): remove the clause; on a SPARQL server, use --endpoint"
        ]


@pytest.mark.parametrize(
    "text", ["", "# a title\n", "PREFIX ofs: <https://w3id.org/ofsted-kg/ontology#>\n"]
)
def test_a_query_file_without_a_query_says_so(text, bundled_graph, tmp_path):
    """Before, an empty .rq file was "SPARQL Update is refused" (rdflib's parse of an empty
    update has no request, and its CompValue.get answered the key's name)."""
    path = tmp_path / "empty.rq"
    path.write_text(text, encoding="utf-8")
    assert refused("query", str(path), "--graph", str(bundled_graph)) == [
        f"Error: {path}: no query in it: nothing but comments and prefixes (give a SELECT, "
        "CONSTRUCT, ASK or DESCRIBE)"
    ]


def test_a_foreign_graph_is_not_said_to_conform(tmp_path):
    """A graph with no inspection report gave the shapes nothing to check: "conforms"."""
    path = tmp_path / "foreign.ttl"
    path.write_text("<http://x/a> <http://x/b> <http://x/c> .\n", encoding="utf-8")
    said = (
        f"{path}: holds no inspection report (ofs:InspectionReport): not a graph "
        "ofsted-kg built, so there is nothing to check; give graphs/ofsted.ttl"
    )
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.output.splitlines()) == (2, [f"Error: {said}"])
    with pytest.raises(GraphError) as caught:
        validate_file(path, validator="pyshacl")
    assert str(caught.value) == said


def test_a_bad_whole_number_parameter_reads_as_english(bundled_graph):
    graph = str(bundled_graph)
    assert refused("query", "repeat-lead-inspectors", "--graph", graph, "-p", "minimum=2x") == [
        "Error: parameter minimum='2x' is not a valid integer: give a whole number of at most "
        "18 ASCII digits, e.g. 42 or -3"
    ]


def test_a_service_call_hidden_by_an_escape_rdflib_reads_otherwise_is_refused(
    bundled_graph, tmp_path
):
    """rdflib read "\\u00000022" as a quote (eight hex digits after \\u), Oxigraph, as SPARQL
    says, as a NUL and "0022": the SERVICE call was in a string to the check and ran on
    the store. The text is expanded as the standard says before it is checked."""
    hidden = tmp_path / "hidden.rq"
    hidden.write_text(
        'SELECT * WHERE { OPTIONAL { ?s ?p "a\\u00000022 . ?s ?p " } '
        'SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } # " }\n}',
        encoding="utf-8",
    )
    assert refused("query", str(hidden), "--graph", str(bundled_graph)) == [
        f"Error: {hidden}: SERVICE (federated query to another host) is refused"
    ]
    twice = tmp_path / "twice.rq"
    twice.write_text('SELECT * WHERE { ?s ?p "\\u005Cu0041" }', encoding="utf-8")
    assert refused("query", str(twice), "--graph", str(bundled_graph)) == [
        f"Error: {twice}: a \\u or \\U escape that is not four or eight hex digits, or that "
        "makes another escape, is refused: the check and the store could read it otherwise"
    ]
