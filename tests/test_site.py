"""The static website: a page per council, inspection, inspector and concept at the path
of its IRI, each with its JSON-LD and its .ttl and .jsonld; every link resolves, nothing
is fetched from elsewhere, missing values say why, and the same graph gives the same
bytes."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from graph_files import small_graph
from ofsted_kg.cli import main
from ofsted_kg.model.namespaces import OFS

ID = "https://w3id.org/ofsted-kg/id/"
TRAFFORD_2022 = "id/inspection/E08000009/2022-11-21.html"


class Links(HTMLParser):
    """The links, assets, ids and JSON-LD of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()
        self.jsonld: list[str] = []
        self._in_jsonld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if tag in ("script", "img") and "src" in attrs:
            self.assets.append(attrs["src"])
        if tag == "link" and "href" in attrs:
            self.assets.append(attrs["href"])
        self._in_jsonld = tag == "script" and attrs.get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld.append(data)

    def handle_endtag(self, tag):
        self._in_jsonld = False


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def build(out: Path, graph: Path | None = None):
    return CliRunner().invoke(
        main, ["site", "--graph", str(graph or small_graph()), "-o", str(out)]
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    result = build(out)
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "5 inspection" in result.output
    return out


def test_pages_mirror_the_iris(site):
    for path in (
        "index.html",
        "id/authority/E08000009.html",
        TRAFFORD_2022,
        "id/person/nick-bennison.html",
        "concept/grade/ilacs/requires-improvement-to-be-good.html",
        "concept/area/common/care-leavers.html",
        "concept/framework/sif.html",
    ):
        assert (site / path).is_file(), path
    for stem in ("id/authority/E08000009", "id/inspection/E08000009/2022-11-21", "id/dataset"):
        assert (site / f"{stem}.ttl").is_file() and (site / f"{stem}.jsonld").is_file()
    councils = len(list((site / "id" / "authority").glob("*.html")))
    assert councils == 158  # every council, inspected or not


def test_every_link_resolves_and_nothing_is_fetched_from_elsewhere(site):
    pages = sorted(site.rglob("*.html"))
    ids = {page: parse(page).ids for page in pages}
    for page in pages:
        links = parse(page)
        for asset in links.assets:
            assert not urlsplit(asset).scheme or asset.startswith("data:"), (page, asset)
            if not asset.startswith("data:"):
                assert (page.parent / asset).resolve().is_file(), (page, asset)
        for href in links.links:
            if urlsplit(href).scheme:  # a link out (the licence), never loaded by the page
                assert href.startswith("http://www.nationalarchives.gov.uk/"), (page, href)
                continue
            target, fragment = urldefrag(href)
            file = (page.parent / target).resolve() if target else page
            assert file.is_file(), (page, href)
            if fragment and file.suffix == ".html":
                assert fragment in ids[file], (page, href)


def test_inspection_page_quotes_each_fact_with_its_place(site):
    html = (site / TRAFFORD_2022).read_text(encoding="utf-8")
    assert "The support for homeless children over 16." in html
    assert "characters 2833–2875 of the report's text file" in html
    assert "6462076199134dad5928ac2339ad845f4d2ea7448fd7599f5f9bbda2888b5199" in html
    assert re.search(r"<dt>Published</dt><dd>not printed in the report</dd>", html)
    assert 'id="judgement/local-authority/overall-effectiveness"' in html
    assert ">Nick Bennison</a>" in html


def test_pdf_facts_say_the_page(tmp_path):
    """The bundled texts have no pages; a PDF report's facts say "page N of the report"."""
    pdf = Path(__file__).parent / "fixtures" / "pdfs"
    report = next(iter(sorted(pdf.glob("*.pdf"))), None)
    if report is None:
        pytest.skip("no fixture PDF")
    from ofsted_kg.build.pipeline import build as build_graph

    build_graph([report], tmp_path / "graph")
    result = build(tmp_path / "site", tmp_path / "graph" / "ofsted.ttl")
    assert result.exit_code == 0, result.output
    pages = list((tmp_path / "site" / "id" / "inspection").rglob("*.html"))
    assert len(pages) == 1
    assert re.search(r"page \d+ of the report", pages[0].read_text(encoding="utf-8"))


def test_inspection_pages_name_the_trust_and_the_interim_holders(tmp_path):
    """Richmond upon Thames 2025 p.1 delegates its children's social care "to a trust
    arrangement with Achieving for Children (AFC)"; Stoke-on-Trent 2019 p.8: "a new interim
    Director of Children's Services started on the first day of this inspection"."""
    pdfs = Path(__file__).parents[1].parent / "shared" / "pdfs"
    stems = ("richmond-upon-thames-2025-08-12", "stoke-on-trent-2019-03-18")
    if not all((pdfs / f"{stem}.pdf").is_file() for stem in stems):
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    from ofsted_kg.build.pipeline import build as build_graph

    build_graph([pdfs / f"{stem}.pdf" for stem in stems], tmp_path / "graph")
    result = build(tmp_path / "site", tmp_path / "graph" / "ofsted.ttl")
    assert result.exit_code == 0, result.output
    pages = {
        page.parts[-2]: page.read_text(encoding="utf-8")
        for page in (tmp_path / "site" / "id" / "inspection").rglob("*.html")
    }
    richmond, stoke = pages["E09000027"], pages["E06000021"]
    assert "<dt>Services run by</dt><dd>Achieving for Children (a children" in richmond
    assert "Director of Children&#39;s Services (interim or acting): in post since 2019-02" in stoke
    assert "Services run by" not in stoke


def test_index_carries_the_dataset_description(site):
    (text,) = parse(site / "index.html").jsonld
    nodes = {node["id"]: node for node in json.loads(text)["@graph"]}
    assert nodes[ID + "dataset"]["license"] == (
        "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    )


def test_page_json_ld_is_the_entity_description(site):
    links = parse(site / TRAFFORD_2022)
    (text,) = links.jsonld
    document = json.loads(text)
    assert document == json.loads((site / TRAFFORD_2022.replace(".html", ".jsonld")).read_text())
    ids = {node["id"] for node in document["@graph"]}
    assert ID + "inspection/E08000009/2022-11-21" in ids
    assert (
        ID + "inspection/E08000009/2022-11-21/judgement/local-authority/overall-effectiveness"
        in ids
    )
    turtle = Graph().parse(site / TRAFFORD_2022.replace(".html", ".ttl"))
    judgement = URIRef(
        ID + "inspection/E08000009/2022-11-21/judgement/local-authority/overall-effectiveness"
    )
    assert set(turtle.objects(judgement, OFS.grade)) == {
        URIRef("https://w3id.org/ofsted-kg/concept/grade/ilacs/requires-improvement-to-be-good")
    }


def test_council_page_has_chart_history_and_neighbours(site):
    html = (site / "id/authority/E08000009.html").read_text(encoding="utf-8")
    svg = re.search(r"<svg class=\"chart\".*?</svg>", html, re.S).group(0)
    # 2015 (SIF) and 2022 (ILACS): help and protection, children in care, care leavers,
    # leadership and overall effectiveness each time.
    assert svg.count("<circle") == 10
    assert "ILACS, 2018" in svg and "April 2026 framework" in svg
    assert "2022-11-21: Overall effectiveness: Requires improvement to be good" in svg
    neighbours = html.split("<h2>Statistical neighbours</h2>", 1)[1]
    assert neighbours.count("<tr><td><a href=") == 10
    assert "Cheshire East" in neighbours


def test_missing_values_say_why(site):
    tameside = (site / "id/authority/E08000008.html").read_text(encoding="utf-8")
    # 2009-2012: no single overall grade, one for safeguarding and one for children looked after
    assert (
        'Safeguarding: overall effectiveness: <span class="grade requires-improvement">Adequate'
        in tameside
    )
    barnet = (site / "id/authority/E09000003.html").read_text(encoding="utf-8")
    assert "No inspection of Barnet in this collection." in barnet
    index = (site / "index.html").read_text(encoding="utf-8")
    # 158 councils, four of them inspected in the five bundled reports
    assert index.count('<span class="missing">no inspection in this collection</span>') == 154


def test_a_council_page_says_when_a_reorganisation_ended_or_formed_it(site):
    bournemouth = (site / "id/authority/E06000028.html").read_text(encoding="utf-8")
    assert "<dt>Abolished</dt><dd>1 April 2019: its children's services passed to " in bournemouth
    assert (
        '<a href="../../id/authority/E06000058.html">Bournemouth, Christchurch and Poole</a>'
        in (bournemouth)
    )
    assert "<dt>Ofsted URN</dt>" not in bournemouth  # not known: no empty row
    bcp = (site / "id/authority/E06000058.html").read_text(encoding="utf-8")
    formed = bcp.split("<dt>Formed</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert formed.startswith("1 April 2019, taking over from ")
    assert ">Bournemouth</a> and <a" in formed and ">Poole</a>" in formed
    cumberland = (site / "id/authority/E06000063.html").read_text(encoding="utf-8")
    assert "<dt>Formed</dt><dd>1 April 2023, taking over from " in cumberland
    poole = (site / "id/authority/E06000029.html").read_text(encoding="utf-8")
    assert "<dt>Type</dt><dd>Unitary Authority (a former council)</dd>" in poole


def test_search_index_names_councils_and_inspectors(site):
    text = (site / "search-index.js").read_text(encoding="utf-8")
    items = json.loads(text.removeprefix("window.OFSTED_SEARCH = ").rstrip(";\n"))
    assert {"k": "council", "n": "Trafford", "u": "id/authority/E08000009.html"} in items
    assert {"k": "inspector", "n": "Gary Lamb", "u": "id/person/gary-lamb.html"} in items


def test_site_is_byte_identical_on_rebuild(site, tmp_path):
    again = tmp_path / "again"
    assert build(again).exit_code == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_rebuild_replaces_its_own_site_but_never_someone_elses_folder(tmp_path):
    out = tmp_path / "site"
    assert build(out).exit_code == 0
    (out / "old-page.html").write_text("left from before", encoding="utf-8")
    assert build(out).exit_code == 0
    assert not (out / "old-page.html").exists()
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    result = build(theirs)
    assert result.exit_code == 2
    assert "did not write; give a new or empty folder" in result.output
    assert sorted(p.name for p in theirs.iterdir()) == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "theirs"]  # no leftovers


def test_missing_graph_is_one_error_line(tmp_path):
    result = build(tmp_path / "site", tmp_path / "nothing.ttl")
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == f"Error: {tmp_path / 'nothing.ttl'}: no such graph file; run 'ofsted-kg build' first"
    )
    assert not (tmp_path / "site").exists()


def test_a_graph_not_built_by_ofsted_kg_is_one_error_line(tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    result = build(tmp_path / "site", other)
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {other}: no dataset node; is it a graph built by ofsted-kg?"
    )
    assert not (tmp_path / "site").exists()
    database = CliRunner().invoke(
        main, ["export", "--format", "sqlite", "--graph", str(other), "-o", str(tmp_path / "x.db")]
    )
    assert database.exit_code == 2
    assert f"{other}: no dataset node" in database.output


def test_a_recommendations_themes_link_to_pages_listing_the_recommendations(site):
    """Trafford's 2022 recommendation on homeless 16- and 17-year-olds is themed so; the
    theme links to its page, which lists that recommendation with a link back to it."""
    page = (site / TRAFFORD_2022).read_text(encoding="utf-8")
    link = '../../../concept/theme/homeless-16-17.html">Homeless 16- and 17-year-olds</a>'
    assert f'theme: <a href="{link}' in page
    theme = (site / "concept/theme/homeless-16-17.html").read_text(encoding="utf-8")
    assert "Recommendations tagged with it (1)" in theme
    back = parse(site / "concept/theme/homeless-16-17.html").links
    assert any(href.startswith("../../id/inspection/E08000009/2022-11-21.html#") for href in back)
    assert "homeless 16- and 17-year-olds" in theme.lower()
    index = (site / "concepts.html").read_text(encoding="utf-8")
    assert "<h2>Recommendation themes</h2>" in index
