"""The graph on Debian's Virtuoso (``virtuoso-t``, started here in its own folder on free
127.0.0.1 ports with a random DBA password, stopped at the end): ``push`` through the Graph
Store Protocol with Digest authentication, then every stored query answers as on the
embedded store; and the whole development corpus on Virtuoso and on a plain ``oxigraph
serve``. Skips, saying why, where Virtuoso is not installed (``.ci/run`` installs it)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sparql_servers import Unavailable, oxigraph, oxigraph_program, virtuoso, virtuoso_program

from conftest import ROOT
from graph_files import corpus_graph
from ofsted_kg.cli import main
from ofsted_kg.errors import EndpointError
from ofsted_kg.query.catalogue import catalogue, run_query
from ofsted_kg.resources import ontology_graph
from ofsted_kg.server.remote import (
    DEFAULT_GRAPH_IRI,
    ONTOLOGY_GRAPH_IRI,
    RemoteEngine,
    count_triples,
    push,
)
from ofsted_kg.store.engines import OxigraphEngine
from test_remote import same_answers

QUERIES = catalogue()
PDFS = ROOT.parent / "shared" / "pdfs"


PROGRAMS = {virtuoso: virtuoso_program, oxigraph: oxigraph_program}


def require(kind) -> None:
    """Skip, naming what is missing, unless the server ``kind`` starts can run here."""
    try:
        PROGRAMS[kind]()
    except Unavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require(virtuoso)
    with virtuoso(tmp_path_factory.mktemp("virtuoso")) as running:
        yield running


def ours(query_url: str) -> dict[str, int]:
    """Triples per graph, leaving out Virtuoso's own graphs (virtrdf#, ldp#, ...)."""
    return {
        iri: count
        for iri, count in count_triples(query_url, timeout=60).items()
        if iri.startswith("https://w3id.org/ofsted-kg/")
    }


@pytest.fixture(scope="module")
def pushed(server, built_graph):
    return push(built_graph, server.store, timeout=120)


@pytest.fixture(scope="module")
def remote(server, pushed):
    return RemoteEngine(server.query, timeout=120)


@pytest.fixture(scope="module")
def local(built_graph):
    return OxigraphEngine.from_graph(built_graph)


def test_push_with_digest_credentials_fills_both_named_graphs(server, pushed, built_graph):
    assert pushed.staged  # PUT to staging graphs, then one MOVE update on /sparql-auth
    assert ours(server.query) == {
        DEFAULT_GRAPH_IRI: len(built_graph),
        ONTOLOGY_GRAPH_IRI: pushed.graphs[ONTOLOGY_GRAPH_IRI],
    }
    assert pushed.graphs[ONTOLOGY_GRAPH_IRI] > 800


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_gives_the_same_rows_on_virtuoso(name, remote, local):
    same_answers(QUERIES[name], remote, local)


def test_cli_push_and_query_with_the_password_in_the_environment(
    server, pushed, built_graph, tmp_path, monkeypatch
):
    path = tmp_path / "g.ttl"
    built_graph.serialize(path, format="turtle")
    monkeypatch.setenv("OFSTED_KG_USER", server.user)
    monkeypatch.setenv("OFSTED_KG_PASSWORD", server.password)
    store = server.store.replace(f"{server.user}:{server.password}@", "")
    runner = CliRunner()
    result = runner.invoke(main, ["push", "--endpoint", store, "--graph", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"pushed {pushed.triples} triples to {store} (staged and moved in one update)"
    )
    assert server.password not in result.output
    monkeypatch.delenv("OFSTED_KG_USER")
    query = ["query", "grade-history", "-p", "authority=Trafford", "--endpoint", server.query]
    result = runner.invoke(main, [*query, "--format", "csv"])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "authority,start,framework,overall,rank,grade_as_printed",
        "Trafford,2015-01-27,sif,Good,2,good",
        "Trafford,2022-11-21,ilacs-standard,Requires improvement to be good,3,"
        "Requires improvement to be good",
    ]
    # ASK: Virtuoso answers in a result set of its own; true exits 0, false 1
    ask = ["query", "ask-inspected", "--endpoint", server.query]
    result = runner.invoke(main, [*ask, "-p", "authority=Trafford", "-p", "framework=sif"])
    assert (result.output, result.exit_code) == ("true\n", 0)
    result = runner.invoke(main, [*ask, "-p", "authority=Bolton", "-p", "since=2020-01-01"])
    assert (result.output, result.exit_code) == ("false\n", 1)
    assert ours(server.query)[DEFAULT_GRAPH_IRI] == len(built_graph)  # replaced, not added


def test_wrong_password_is_one_line_and_changes_nothing(server, pushed, built_graph):
    before = ours(server.query)
    wrong = server.store.replace(server.password, "not-the-password")
    with pytest.raises(EndpointError) as caught:
        push(built_graph, wrong, timeout=30)
    assert str(caught.value).startswith("PUT http://***@127.0.0.1:")
    assert str(caught.value).endswith("staging: HTTP 401 Unauthorized")
    assert ours(server.query) == before


def test_updates_need_the_authenticated_endpoint(server, pushed):
    """Virtuoso's open /sparql refuses SPARQL Update from anonymous users."""
    with pytest.raises(EndpointError, match=r"/sparql: HTTP \d{3}"):
        RemoteEngine(server.query).update(f"DROP GRAPH <{DEFAULT_GRAPH_IRI}>")
    assert ours(server.query)[DEFAULT_GRAPH_IRI] > 0


# --- the whole development corpus ---------------------------------------------------------


@pytest.fixture(scope="module")
def corpus():
    if not PDFS.is_dir():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    from ofsted_kg.store.disk import load_graph

    return load_graph(corpus_graph())


@pytest.mark.parametrize("kind", [virtuoso, oxigraph], ids=["virtuoso", "oxigraph-plain"])
def test_every_stored_query_alike_on_the_development_corpus(kind, corpus, tmp_path):
    """112 inspections on Virtuoso and on ``oxigraph serve`` as it comes: every example
    of every stored query answers as on the embedded store."""
    require(kind)
    here = OxigraphEngine.from_graph(corpus)
    with kind(tmp_path / "store") as running:
        result = push(corpus, running.store, timeout=300)
        # The vocabulary the graph file carries goes to the ontology graph only.
        data = corpus - ontology_graph()
        assert result.graphs[DEFAULT_GRAPH_IRI] == len(data) > 60_000
        there = RemoteEngine(running.query, timeout=300)
        assert len(run_query(QUERIES["inspections"], there).rows) == 112
        for query in QUERIES.values():
            same_answers(query, there, here)
