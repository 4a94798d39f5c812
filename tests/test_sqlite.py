"""The graph as tables and as a SQLite database for Datasette: the rows say what the
reports say, with their quotes; keys, foreign keys, indexes, full-text search, the view
and canned queries work; metadata.yml describes every table and column; the same graph
gives a byte-identical database."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from graph_files import small_graph
from ofsted_kg.cli import main
from ofsted_kg.export.schema import TABLES
from ofsted_kg.export.sqlite import sql_texts
from ofsted_kg.export.tables import graph_tables

TRAFFORD_2022 = "inspection/E08000009/2022-11-21"


@pytest.fixture(scope="module")
def tables():
    info, rows = graph_tables(small_graph())
    return info, {r.table.name: r.dicts() for r in rows}


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    out = tmp_path_factory.mktemp("db") / "ofsted.db"
    result = CliRunner().invoke(
        main, ["export", "--format", "sqlite", "--graph", str(small_graph()), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    connection = sqlite3.connect(out)
    connection.row_factory = sqlite3.Row
    yield out, connection
    connection.close()


def test_dataset_base_and_licence_come_from_the_graph(tables):
    info, _ = tables
    assert info["base"] == "https://w3id.org/ofsted-kg/id/"
    assert info["license"] == (
        "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )


def test_inspection_row_has_the_report_facts(tables):
    _, t = tables
    row = next(r for r in t["inspections"] if r["id"] == TRAFFORD_2022)
    assert row["iri"] == "https://w3id.org/ofsted-kg/id/" + TRAFFORD_2022
    assert (row["council_name"], row["region"], row["framework"]) == (
        "Trafford",
        "North West",
        "ilacs-standard",
    )
    assert (row["start"], row["end"], row["year"]) == ("2022-11-21", "2022-12-02", 2022)
    assert (row["overall_grade"], row["overall_rank"]) == ("Requires improvement to be good", 3)
    assert row["lead_inspector"] == "person/nick-bennison"
    assert row["published"] is None  # ILACS reports print no publication date
    assert row["report_file"] == "trafford-2022-ilacs.txt"
    assert row["sha256"] == "6462076199134dad5928ac2339ad845f4d2ea7448fd7599f5f9bbda2888b5199"
    assert (row["quote"], row["start_offset"], row["end_offset"]) == (
        "21 November to 2 December 2022",
        80,
        110,
    )


def test_judgement_row_has_grade_rank_and_quote(tables):
    _, t = tables
    row = next(
        r
        for r in t["judgements"]
        if r["id"] == TRAFFORD_2022 + "/judgement/local-authority/overall-effectiveness"
    )
    assert row["grade_concept"] == "grade/ilacs/requires-improvement-to-be-good"
    assert (row["grade"], row["grade_rank"]) == ("Requires improvement to be good", 3)
    assert row["common_areas"] == ["Overall effectiveness"]
    assert row["quote"] == "Overall effectiveness\tRequires improvement to be good"
    assert (row["page"], row["start_offset"], row["end_offset"]) == (None, 489, 542)


def test_counts_match_the_reports(tables):
    _, t = tables
    by_inspection = {}
    for row in t["recommendations"]:
        by_inspection[row["inspection"]] = by_inspection.get(row["inspection"], 0) + 1
    assert by_inspection["inspection/E08000001/2014-01-14"] == 18  # Bolton 2014
    assert by_inspection[TRAFFORD_2022] == 6
    tameside = [r for r in t["judgements"] if r["inspection"].startswith("inspection/E08000008")]
    assert len(tameside) == 22
    team = [
        r for r in t["team_memberships"] if r["inspection"] == "inspection/E08000009/2015-01-27"
    ]
    assert len(team) == 9
    assert {r["name"] for r in team if r["role"] == "Lead inspector"} == {"Gary Lamb"}
    people = {r["id"]: r for r in t["people"]}
    gary = people["person/gary-lamb"]
    # led Trafford 2015, and joined Cheshire West and Chester 2015 ("Mekki and Gary Lamb AI")
    assert (gary["inspections"], gary["led"], gary["first_start"]) == (2, 1, "2015-01-27")
    assert (people["person/ali-mekki"]["inspections"], people["person/ali-mekki"]["led"]) == (2, 0)


def test_key_figure_with_rate_and_quote(tables):
    _, t = tables
    row = next(
        r
        for r in t["key_figures"]
        if r["id"] == "inspection/E08000009/2015-01-27/figure/children-looked-after/2014-12-31"
    )
    assert (row["value"], row["rate_per_10000"], row["period"]) == (338, 63.8, "2014-12-31")
    assert row["measure"] == "Children looked after by the local authority"
    assert row["quote"].startswith("At 31st December 2014, 338 children were being looked after")


def test_every_table_is_filled_and_keyed(tables):
    _, t = tables
    for table in TABLES:
        assert t[table.name] or table.name == "national_framework_tags", table.name
        keys = [tuple(row[k] for k in table.key) for row in t[table.name]]
        assert len(keys) == len(set(keys)), table.name


def test_database_has_keys_foreign_keys_and_indexes(database):
    _, db = database
    info = {row["name"]: row["pk"] for row in db.execute("PRAGMA table_info(judgements)")}
    assert info["id"] == 1
    foreign = {(r["from"], r["table"]) for r in db.execute("PRAGMA foreign_key_list(judgements)")}
    assert {
        ("inspection", "inspections"),
        ("council", "councils"),
        ("grade_concept", "concepts"),
    } <= foreign
    indexes = {r["name"] for r in db.execute("PRAGMA index_list(judgements)")}
    assert {"idx_judgements_grade", "idx_judgements_year", "idx_judgements_council"} <= indexes
    (bad,) = db.execute("SELECT COUNT(*) FROM pragma_foreign_key_check").fetchone()
    assert bad == 0


def test_full_text_search_finds_recommendations_and_quotes(database):
    _, db = database
    found = db.execute(
        "SELECT council_name, text FROM recommendations WHERE rowid IN "
        "(SELECT rowid FROM recommendations_fts WHERE recommendations_fts MATCH ?)",
        ['"care leavers know"'],
    ).fetchall()
    assert [tuple(r) for r in found] == [
        (
            "Bolton",
            "Ensure that all children in care and care leavers know and understand their "
            "entitlements.",
        )
    ]
    quotes = db.execute(
        "SELECT id, kind FROM quotes WHERE rowid IN "
        "(SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
        ['"out-of-hours service provision"'],
    ).fetchall()
    assert [tuple(r) for r in quotes] == [
        (TRAFFORD_2022 + "/recommendation/local-authority/1", "Recommendation")
    ]


def test_view_and_canned_queries_answer_the_readme_questions(database):
    _, db = database
    latest = {r["name"]: tuple(r) for r in db.execute("SELECT * FROM latest_inspections")}
    assert latest["Trafford"][5] == "2022-11-21"
    assert latest["Trafford"][8] == "Requires improvement to be good"
    queries = {q.name: q.sql for q in sql_texts() if q.kind == "query"}
    history = db.execute(queries["grade_history"], {"council": "trafford"}).fetchall()
    assert [(r["start"], r["framework"], r["overall_rank"]) for r in history] == [
        ("2015-01-27", "sif", 2),
        ("2022-11-21", "ilacs-standard", 3),
    ]
    declined = db.execute(queries["overall_declined"]).fetchall()
    assert [
        (r["council_name"], r["previous_grade"], r["overall_grade"], r["rank_change"])
        for r in declined
    ] == [("Trafford", "Good", "Requires improvement to be good", 1)]
    about = db.execute(queries["recommendations_about"], {"phrase": "supervision"}).fetchall()
    assert ("Trafford", "The quality and frequency of supervision.") in {
        (r["council_name"], r["text"]) for r in about
    }
    for sql in queries.values():  # every canned query runs
        params = {"council": "Trafford", "phrase": "care"}
        db.execute(sql, {k: v for k, v in params.items() if f":{k}" in sql}).fetchall()


def test_metadata_describes_every_table_and_column(database):
    out, _ = database
    metadata = yaml.safe_load((out.parent / "metadata.yml").read_text(encoding="utf-8"))
    assert metadata["license"] == "Open Government Licence v3.0"
    assert metadata["license_url"].endswith("/open-government-licence/version/3/")
    assert "Ofsted" in metadata["source"]
    tables = metadata["databases"]["ofsted"]["tables"]
    for table in TABLES:
        meta = tables[table.name]
        assert meta["title"] and meta["description"]
        assert set(meta["columns"]) == {c.name for c in table.columns}
        assert all(meta["columns"].values())
    assert tables["judgements"]["facets"] == [
        "region",
        "framework",
        "area",
        "grade",
        "year",
        {"array": "common_areas"},
    ]
    assert set(metadata["databases"]["ofsted"]["queries"]) == {
        "grade_history",
        "looked_after_rate",
        "neighbours_latest",
        "overall_declined",
        "recommendations_about",
        "repeat_lead_inspectors",
    }


def test_database_is_byte_identical_on_rebuild(database, tmp_path):
    out, _ = database
    again = tmp_path / "ofsted.db"
    result = CliRunner().invoke(
        main, ["export", "--format", "sqlite", "--graph", str(small_graph()), "-o", str(again)]
    )
    assert result.exit_code == 0, result.output
    assert (
        hashlib.sha256(again.read_bytes()).hexdigest()
        == hashlib.sha256(out.read_bytes()).hexdigest()
    )
    assert (tmp_path / "metadata.yml").read_bytes() == (out.parent / "metadata.yml").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "sqlite"], "--format sqlite writes files: give -o FILE"),
        (["--format", "csvw"], "--format csvw writes files: give -o FOLDER"),
        (
            ["--format", "sqlite", "--authority", "Trafford", "-o", "x.db"],
            "exports the whole graph",
        ),
        (
            ["--format", "sqlite", "--graph", "missing.ttl", "-o", "x.db"],
            "missing.ttl: no such graph file",
        ),
    ],
)
def test_export_errors_are_one_line(args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["export", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert result.output.count("Error:") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_database_that_cannot_be_written_leaves_nothing(tmp_path):
    (tmp_path / "taken").mkdir()
    target: Path = tmp_path / "taken"
    result = CliRunner().invoke(
        main, ["export", "--format", "sqlite", "--graph", str(small_graph()), "-o", str(target)]
    )
    assert result.exit_code == 2
    assert "cannot write" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
