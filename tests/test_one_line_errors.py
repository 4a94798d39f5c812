"""Errors that used to end in a traceback: one line now, exit code 2 (130 for Ctrl-C)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph

from ofsted_kg.cli import main
from ofsted_kg.errors import QueryError
from ofsted_kg.store.engines import OxigraphEngine


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
