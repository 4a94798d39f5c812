"""Themes and search on the whole development corpus (108 PDFs in ../shared/pdfs and the five
bundled texts): the questions of issue 17, answered with facts read in the reports. Skips
when the PDFs are not here."""

from __future__ import annotations

import pytest

from conftest import ROOT
from graph_files import corpus_graph
from ofsted_kg.query.catalogue import load_query, run_query
from ofsted_kg.search.index import search
from ofsted_kg.store.disk import open_engine

PDFS = ROOT.parent / "shared" / "pdfs"
pytestmark = pytest.mark.skipif(
    not PDFS.is_dir(), reason="the development PDFs (../shared/pdfs) are not here"
)


@pytest.fixture(scope="module")
def graph():
    return corpus_graph()


def rows(graph, name, **params):
    return run_query(load_query(name), open_engine(graph), params).rows


def test_councils_told_the_same_as_trafford_about_homeless_16_and_17_year_olds(graph):
    found = {(r[1], r[2]): r[3] for r in rows(graph, "same-themes", authority="Trafford",
                                               theme="homeless-16-17")}  # fmt: skip
    assert len(found) == 20
    assert found[("St. Helens", "2023-07-10")] == (
        "The response to 16- and 17-year-olds who are homeless."
    )
    assert found[("Knowsley", "2021-10-11")] == "The response to children who present as homeless."
    assert ("Trafford", "2022-11-21") not in found


def test_homeless_share_of_2022_inspections(graph):
    by_year = {r[0]: r[3:] for r in rows(graph, "theme-shares-by-year", theme="homeless-16-17")}
    assert by_year["2022"] == ["6", "13", "46"]


def test_permanence_is_far_more_common_after_an_inadequate_judgement(graph):
    table = {r[0]: r for r in rows(graph, "themes-inadequate")}
    assert table["permanence"][2:] == ["19", "24", "79", "27", "88", "31"]


def test_children_running_away_finds_missing_children(graph):
    hits = search(graph, "children running away", limit=5)
    assert all("exploitation-and-missing" in hit.passage.themes for hit in hits)
    assert {hit.passage.council for hit in hits} >= {"Herefordshire", "Halton"}


def test_search_by_council_and_years(graph):
    hits = search(graph, "care leavers in custody", years="2025-", limit=3)
    assert [(h.passage.council, h.passage.start) for h in hits] == [
        ("Kent", "2025-11-03"),
        ("Doncaster", "2025-01-20"),
        ("North Lincolnshire", "2026-03-16"),
    ]
    kent = search(graph, "accommodation for care leavers", council="Kent", years="2025-", limit=1)
    passage = kent[0].passage
    assert " ".join(passage.quote.split()) == (
        "The quality and choice of accommodation for care leavers. (outcome 4, national framework)"
    )
    assert (passage.page, passage.source) == (3, "kent-2026-02-02.pdf")
