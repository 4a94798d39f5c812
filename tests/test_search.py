"""``ofsted-kg search`` and :func:`ofsted_kg.search.index.search` on the bundled reports'
graph (and, when ../shared/pdfs is here, the whole development corpus): answers read in the
reports, filters, the index beside the graph, and one-line errors for bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT
from ofsted_kg.cli import main
from ofsted_kg.search.index import SEARCH_DIR, open_index, parse_years, search

GRAPH = ROOT / "graphs" / "ofsted.ttl"


@pytest.fixture()
def graph(tmp_path):
    """A private copy of the committed graph of the five bundled reports."""
    copy = tmp_path / "ofsted.ttl"
    shutil.copyfile(GRAPH, copy)
    return copy


def run(*args):
    return CliRunner().invoke(main, ["search", *map(str, args)])


def test_homeless_young_people_finds_trafford_2022(graph):
    hits = search(graph, "homeless young people", limit=3)
    top = hits[0].passage
    assert (top.council, top.start, top.framework) == ("Trafford", "2022-11-21", "ilacs-standard")
    assert top.quote == "The support for homeless children over 16."
    assert top.page is None and top.source == "trafford-2022-ilacs.txt"
    assert top.themes == ("homeless-16-17",)
    assert top.fact.endswith("/E08000009/2022-11-21/recommendation/local-authority/2")


def test_the_words_theme_lifts_passages_on_it(graph):
    """ "doing badly at school" names no rule's phrase; the model finds the words closest to
    the education theme, so Cheshire West and Chester's virtual school recommendation comes
    first."""
    top = search(graph, "kids in care doing badly at school", limit=1)[0].passage
    assert (top.council, top.start, top.themes) == (
        "Cheshire West and Chester",
        "2015-11-24",
        ("education",),
    )
    assert top.quote.startswith("Continue with and strengthen the work done by the virtual school")


def test_council_filter_bolton_care_leavers(graph):
    hits = search(graph, "care leavers entitlements", council="Bolton", limit=3)
    assert {hit.passage.council for hit in hits} == {"Bolton"}
    assert hits[0].passage.quote.startswith(
        "Ensure that all children in care and care leavers know and understand their"
    )


def test_years_framework_region_kind_and_theme_filters(graph):
    recent = search(graph, "supervision", years="2020-", limit=20)
    assert recent and {h.passage.start for h in recent} == {"2022-11-21"}
    sif = search(graph, "supervision", framework="sif", limit=50)
    assert {h.passage.framework for h in sif} == {"sif"}
    north_west = search(graph, "supervision", region="north west", limit=400)
    assert {h.passage.region for h in north_west} == {"North West"}
    judgements = search(graph, "care leavers", kind="judgement", limit=3)
    quotes = {(h.passage.council, " ".join(h.passage.quote.split())) for h in judgements}
    assert ("Trafford", "2.2 Experiences and progress of care leavers Outstanding") in quotes
    assert all("care leavers" in h.passage.text.lower() for h in judgements)
    themed = search(graph, "children", theme="care-leavers", limit=50)
    assert len(themed) == 4 and all("care-leavers" in h.passage.themes for h in themed)


def test_the_same_search_gives_the_same_answer(graph):
    first = run("care leavers", "--graph", graph, "--format", "json")
    second = run("care leavers", "--graph", graph, "--format", "json")
    assert first.exit_code == 0 and first.output == second.output
    rows = json.loads(first.output)
    assert len(rows) == 10 and rows[0]["rank"] == "1"
    assert set(rows[0]) >= {"council", "start", "page", "quote", "report", "fact", "themes"}


def test_index_is_built_once_beside_the_graph_and_again_when_it_changes(graph):
    open_index(graph)
    folder = graph.parent / SEARCH_DIR / graph.name
    (first,) = list(folder.glob("index-*"))
    open_index(graph)
    assert list(folder.glob("index-*")) == [first]
    graph.write_bytes(graph.read_bytes() + b"\n")  # new bytes: a new index, the old one gone
    open_index(graph)
    (second,) = list(folder.glob("index-*"))
    assert second != first
    assert not list(folder.glob("tmp-*"))


def test_table_shows_council_date_page_and_quote(graph):
    result = run("homeless young people", "--graph", graph, "--limit", "1")
    assert result.exit_code == 0, result.output
    header, _, row, count = result.output.splitlines()
    assert header.split() == ["rank", "score", "council", "start", "framework", "page", "quote"]
    assert row.startswith("1 ") and "Trafford  2022-11-21  ilacs-standard" in row
    assert row.endswith("The support for homeless children over 16.")
    assert count == "(1 row)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--years", "20x5"], "--years '20x5': write a year or a range"),
        (["--years", "2019-2015"], "--years '2019-2015': the first year is after the last"),
        (["--council", "Narnia"], "--council 'Narnia' names none of England's councils"),
        (["--region", "Atlantis"], "--region 'Atlantis' is not a region"),
        (["--framework", "ofsted"], "--framework 'ofsted': one of"),
        (["--theme", "astrology"], "--theme 'astrology' is not a theme"),
        (["--limit", "0"], "--limit 0: give 1 to 10,000"),
    ],
)
def test_bad_parameter_is_one_line_and_exit_2(graph, args, message):
    result = run("care leavers", "--graph", graph, *args)
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {message}"), result.output
    assert len(result.output.splitlines()) == 1
    assert not (graph.parent / SEARCH_DIR).exists()  # nothing built for a bad question


def test_empty_words_are_refused(graph):
    result = run("   ", "--graph", graph)
    assert result.exit_code == 2 and "give some words to search for" in result.output


def test_missing_and_empty_graphs_are_named(tmp_path):
    missing = run("care", "--graph", tmp_path / "nothing.ttl")
    assert missing.exit_code == 2
    assert f"{tmp_path / 'nothing.ttl'}: no such graph file" in missing.output
    empty = tmp_path / "empty.ttl"
    empty.write_bytes(b"")
    result = run("care", "--graph", empty)
    assert result.exit_code == 2 and f"{empty}: the graph is empty" in result.output


def test_output_file_is_written_whole(graph, tmp_path):
    out = tmp_path / "answer.csv"
    result = run("care leavers", "--graph", graph, "--format", "csv", "-o", out)
    assert result.exit_code == 0 and result.output == f"wrote {out}\n"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("rank,score,council,region,start,framework,kind,page,themes,quote")


def test_parse_years():
    assert parse_years("2015") == (2015, 2015)
    assert parse_years("2015-2019") == (2015, 2019)
    assert parse_years("2020-") == (2020, 9999)
    assert parse_years("-2014") == (0, 2014)
