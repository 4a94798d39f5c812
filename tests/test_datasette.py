"""The SQLite export in a real Datasette server on 127.0.0.1: a faceted table page, a
full-text search and a canned query, through Datasette's JSON API."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from graph_files import small_graph
from ofsted_kg.cli import main

pytestmark = pytest.mark.skipif(
    shutil.which("datasette", path=str(Path(sys.executable).parent)) is None
    and shutil.which("datasette") is None,
    reason="datasette is not installed (pip install -e '.[test]')",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "ofsted.db"
    result = CliRunner().invoke(
        main, ["export", "--format", "sqlite", "--graph", str(small_graph()), "-o", str(db)]
    )
    assert result.exit_code == 0, result.output
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            str(db),
            "-m",
            str(folder / "metadata.yml"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/-/versions.json", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"datasette did not start: {process.stderr.read()!r}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_faceted_table_page(server):
    answer = requests.get(
        f"{server}/ofsted/judgements.json",
        params={"council_name": "Trafford", "_shape": "objects", "_size": "max"},
        timeout=30,
    ).json()
    assert answer["filtered_table_rows_count"] == 11  # SIF 2015: 7, ILACS 2022: 4
    facets = answer["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them under "results"
    assert {"region", "framework", "area", "grade", "year", "common_areas"} <= set(facets)
    grades = {item["value"]: item["count"] for item in facets["grade"]["results"]}
    assert grades == {"Good": 5, "Requires improvement to be good": 4, "Outstanding": 2}
    years = {item["value"]: item["count"] for item in facets["year"]["results"]}
    assert years == {2015: 7, 2022: 4}
    assert answer["license"] == "Open Government Licence v3.0"
    overall = next(
        r
        for r in answer["rows"]
        if r["id"].endswith("2022-11-21/judgement/local-authority/overall-effectiveness")
    )
    assert overall["quote"] == "Overall effectiveness\tRequires improvement to be good"


def test_full_text_search(server):
    answer = requests.get(
        f"{server}/ofsted/recommendations.json",
        params={"_search": "homeless", "_shape": "objects"},
        timeout=30,
    ).json()
    texts = {(r["council_name"], r["text"]) for r in answer["rows"]}
    assert ("Trafford", "The support for homeless children over 16.") in texts


def test_canned_query(server):
    answer = requests.get(
        f"{server}/ofsted/grade_history.json",
        params={"council": "E08000009", "_shape": "objects"},
        timeout=30,
    ).json()
    assert [(r["start"], r["framework"], r["overall_grade"]) for r in answer["rows"]] == [
        ("2015-01-27", "sif", "Good"),
        ("2022-11-21", "ilacs-standard", "Requires improvement to be good"),
    ]


def test_table_descriptions_are_served(server):
    page = requests.get(f"{server}/ofsted/judgements", timeout=30).text
    assert "rank on the shared 1-4 scale" in page
