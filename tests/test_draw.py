"""Drawings and charts show what the graph says: the council's name, the grades, a marker
per grade and a line only where one is honest; no label runs off the picture; the networks
reload with the expected counts. Pictures are checked through their SVG text and element
ids (and through the figure's own text boxes), never through pixel statistics."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.text
import networkx as nx
import pytest
from click.testing import CliRunner
from matplotlib.image import imread
from rdflib import URIRef

from ofsted_kg.cli import main
from ofsted_kg.draw.authority import authority_figure
from ofsted_kg.draw.chart import draw_chart, grade_history
from ofsted_kg.draw.inspectors import choose_min_shared, inspectors_figure
from ofsted_kg.draw.network import authority_network, inspector_network, team_network
from ofsted_kg.draw.part import authority_part
from ofsted_kg.store.disk import load_graph

ROOT = Path(__file__).resolve().parents[1]
GRAPH = str(ROOT / "graphs" / "ofsted.ttl")
AUTHORITIES = ["Bolton", "Cheshire West and Chester", "Tameside", "Trafford"]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def graph():
    return load_graph(Path(GRAPH))


@pytest.fixture(scope="module")
def corpus(dev_corpus_graph):
    return load_graph(dev_corpus_graph)


def run(*args: str, graph: str = GRAPH) -> str:
    result = CliRunner().invoke(main, [*args, "--graph", graph])
    assert result.exit_code == 0, result.output
    return result.output


def svg(path: Path) -> tuple[str, list[str]]:
    """The SVG's text (every <text>, in order) and the ids of its elements."""
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    texts = [" ".join("".join(t.itertext()).split()) for t in root.iter(SVG + "text")]
    ids = [e.get("id", "") for e in root.iter()]
    return "\n".join(texts), ids


def starting(ids: list[str], prefix: str) -> list[str]:
    return sorted(i for i in ids if i.startswith(prefix))


def texts_outside(fig) -> list[str]:
    """Every text of a figure that is not wholly inside it."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bounds = fig.bbox
    out = []
    for text in fig.findobj(matplotlib.text.Text):
        if not text.get_text() or not text.get_visible():
            continue
        box = text.get_window_extent(renderer)
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > bounds.x1 + 0.5 or box.y1 > bounds.y1 + 0.5:
            out.append(text.get_text())
    return out


def _corners(text, renderer) -> list[tuple[float, float]]:
    """The four corners of a (possibly rotated) text's box on screen: the box is measured
    unrotated, then turned about its anchor as matplotlib turns it (rotation_mode anchor)."""
    angle = text.get_rotation()
    text.set_rotation(0)
    box = text.get_window_extent(renderer)
    text.set_rotation(angle)
    align = text.get_horizontalalignment()
    x = {"left": box.x0, "right": box.x1}.get(align, (box.x0 + box.x1) / 2)
    y = (box.y0 + box.y1) / 2
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    points = [(box.x0, box.y0), (box.x1, box.y0), (box.x1, box.y1), (box.x0, box.y1)]
    if text.get_rotation_mode() != "anchor" or not angle:
        return points
    return [
        (x + (px - x) * cos - (py - y) * sin, y + (px - x) * sin + (py - y) * cos)
        for px, py in points
    ]


def _separated(first, second) -> bool:
    """Whether two convex quadrilaterals are apart by at least a pixel (separating axes)."""
    for shape in (first, second):
        for i in range(4):
            (x1, y1), (x2, y2) = shape[i], shape[(i + 1) % 4]
            nx_, ny_ = y2 - y1, x1 - x2
            length = math.hypot(nx_, ny_) or 1.0
            a = [(px * nx_ + py * ny_) / length for px, py in first]
            b = [(px * nx_ + py * ny_) / length for px, py in second]
            if max(a) <= min(b) + 1 or max(b) <= min(a) + 1:
                return True
    return False


def overlapping(fig, texts: set[str]) -> list[tuple[str, str]]:
    """Pairs of the given labels that overprint each other."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    shapes = [
        (t.get_text(), _corners(t, renderer))
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_text() in texts
    ]
    return [
        (a, b)
        for i, (a, shape) in enumerate(shapes)
        for b, other in shapes[i + 1 :]
        if not _separated(shape, other)
    ]


# --- the grade chart ----------------------------------------------------------------------


def test_trafford_chart_follows_the_area_mapping(tmp_path):
    """Trafford 2015 (SIF) and 2022 (ILACS): the SIF's 'Leadership, management and
    governance' (Outstanding) and ILACS's 'The impact of leaders ...' (Requires improvement
    to be good) are one panel; ILACS's one row for children in care and care leavers
    speaks for both panels. Every line crosses the 2018 framework change: dashed."""
    run("chart", "--authority", "Trafford", "-o", str(tmp_path / "c.svg"))
    text, ids = svg(tmp_path / "c.svg")
    assert "Trafford: grades by area across inspections and frameworks" in text
    for panel in (
        "Overall effectiveness",
        "Leadership and its impact on practice",
        "Children who need help and protection",
        "Children in care (looked after)",
        "Care leavers",
        "Adoption performance",
        "The Local Safeguarding Children Board",
    ):
        assert panel in text
    assert "Outstanding" in text and "Inadequate" in text
    assert starting(ids, "grade-leadership-") == [
        "grade-leadership-2015-01-27-rank-1",
        "grade-leadership-2022-11-21-rank-3",
    ]
    assert starting(ids, "grade-children-in-care-") == [
        "grade-children-in-care-2015-01-27-rank-2",
        "grade-children-in-care-2022-11-21-rank-3",
    ]
    assert starting(ids, "grade-care-leavers-") == [
        "grade-care-leavers-2015-01-27-rank-1",
        "grade-care-leavers-2022-11-21-rank-3",
    ]
    assert starting(ids, "grade-lscb-") == ["grade-lscb-2015-01-27-rank-2"]
    assert len(starting(ids, "grade-")) == 7 + 5
    assert len(starting(ids, "line-dashed-")) == 5
    assert starting(ids, "line-solid-") == []


def test_tameside_2012_areas_are_counted_not_lined_up(graph, tmp_path):
    """The 2009-2012 framework's 22 grades have no counterpart in later frameworks: they
    are counted at each grade (2 outstanding, 17 good, 3 adequate), on no line."""
    history = grade_history(graph, "Tameside")
    assert list(history.panels) == ["other"]
    ranks = [g.rank for g in history.grades("other")]
    assert (ranks.count(1), ranks.count(2), ranks.count(3), len(ranks)) == (2, 17, 3, 22)
    run("chart", "--authority", "Tameside", "-o", str(tmp_path / "t.svg"))
    text, ids = svg(tmp_path / "t.svg")
    assert {"2 areas", "17 areas", "3 areas"} <= set(text.splitlines())
    assert starting(ids, "line-") == []


def test_chart_across_three_frameworks_on_the_development_corpus(
    corpus, dev_corpus_graph, tmp_path
):
    """Trafford 2015 SIF, 2022 ILACS, 2026 (the framework without an overall judgement):
    the 2026 leadership and help and protection grades are Inadequate, children in care
    Good; no overall grade in 2026 and no line to it."""
    history = grade_history(corpus, "Trafford")
    assert [(v.start.isoformat(), v.framework) for v in history.visits] == [
        ("2015-01-27", "sif"),
        ("2022-11-21", "ilacs-standard"),
        ("2026-06-08", "ilacs-2026"),
    ]
    assert [(g.start.year, g.rank) for g in history.grades("leadership")] == [
        (2015, 1),
        (2022, 3),
        (2026, 4),
    ]
    assert [(g.start.year, g.rank) for g in history.grades("overall-effectiveness")] == [
        (2015, 2),
        (2022, 3),
    ]
    # The 2026 framework gives no overall judgement by design: not a gap to mark.
    assert history.gaps("overall-effectiveness") == []
    out = tmp_path / "trafford.svg"
    run("chart", "--authority", "Trafford", "-o", str(out), graph=str(dev_corpus_graph))
    text, ids = svg(out)
    assert "ILACS from 27 Apr 2026: no overall judgement" in text
    assert len(starting(ids, "grade-")) == 16
    assert len(starting(ids, "line-dashed-")) == 9 and starting(ids, "line-solid-") == []
    assert "grade-help-and-protection-2026-06-08-rank-4" in ids
    assert "grade-children-in-care-2026-06-08-rank-2" in ids


def test_lines_within_a_framework_are_solid(corpus, dev_corpus_graph, tmp_path):
    """Surrey: SIF 2014 and its SIF re-inspection of 2018 are one family (solid lines, six
    areas), the 2022 ILACS inspection another (dashed, five areas: ILACS grades no
    adoption); the stand-alone LSCB review of 2015 judged only the board."""
    out = tmp_path / "surrey.svg"
    run("chart", "--authority", "Surrey", "-o", str(out), graph=str(dev_corpus_graph))
    _, ids = svg(out)
    assert len(starting(ids, "line-solid-")) == 6
    assert all("2014-10-21-2018-02-26" in i for i in starting(ids, "line-solid-"))
    assert len(starting(ids, "line-dashed-")) == 5
    assert all("2018-02-26-2022-01-17" in i for i in starting(ids, "line-dashed-"))
    assert starting(ids, "grade-lscb-") == ["grade-lscb-2015-06-15-rank-3"]


def test_no_line_across_an_inspection_that_did_not_grade_the_area(corpus, tmp_path):
    """Regression: a line joined grades across an inspection that did not grade the area.
    Trafford's 2022 help-and-protection judgement taken out (as a report printing 'Not
    judged' would leave it): the 2015 and 2026 grades stay unjoined, 2022 is marked."""
    from rdflib import Graph

    judgement = URIRef(
        "https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21/judgement/"
        "local-authority/help-and-protection"
    )
    cut = Graph()
    cut += corpus
    cut.remove((judgement, None, None))
    cut.remove((None, None, judgement))
    history = grade_history(cut, "Trafford")
    assert [g.start.year for g in history.grades("help-and-protection")] == [2015, 2026]
    assert history.segments("help-and-protection") == []
    assert [v.start.isoformat() for v in history.gaps("help-and-protection")] == ["2022-11-21"]
    assert len(history.segments("leadership")) == 2  # the other areas keep their lines


def test_authorities_with_two_inspections_or_more_chart_without_labels_cut(corpus):
    from ofsted_kg.draw.chart import FAMILY_NAMES, chart_figure

    for name in ("Trafford", "Surrey", "Kent", "Devon", "Wokingham"):
        for size in ((1600, 900), (900, 700)):
            fig, plt = chart_figure(corpus, name, size)
            try:
                assert texts_outside(fig) == [], (name, size)
                assert overlapping(fig, set(FAMILY_NAMES)) == [], (name, size)
            finally:
                plt.close(fig)


# --- the authority picture ----------------------------------------------------------------


@pytest.mark.parametrize("authority", AUTHORITIES)
def test_authority_picture_and_chart_for_every_bundled_authority(tmp_path, authority):
    run("draw", "--authority", authority, "--size", "900x700", "-o", str(tmp_path / "a.png"))
    assert imread(tmp_path / "a.png").shape[:2] == (700, 900)
    run("chart", "--authority", authority, "--size", "800x500", "-o", str(tmp_path / "c.png"))
    assert imread(tmp_path / "c.png").shape[:2] == (500, 800)
    run("draw", "--authority", authority, "-o", str(tmp_path / "a.svg"))
    text, _ = svg(tmp_path / "a.svg")
    assert f"{authority}: inspections, judgements and teams" in text


def test_trafford_picture_names_every_judgement_and_member(tmp_path):
    run("draw", "--authority", "Trafford", "-o", str(tmp_path / "t.svg"))
    text, _ = svg(tmp_path / "t.svg")
    lines = set(text.splitlines())
    assert "Overall effectiveness: Requires improvement to be good" in lines
    assert "Experiences and progress of care leavers: Outstanding" in lines
    assert {"Nick Bennison", "Gary Lamb", "Simone White", "Lynn Radley"} <= lines


@pytest.mark.parametrize("size", [None, (900, 700), (1200, 500)])
def test_authority_labels_stay_inside_the_picture(graph, size):
    """Regression: labels of the last column ran off the right edge."""
    for name in AUTHORITIES:
        net = authority_network(graph, name)
        fig, plt = authority_figure(net, size)
        try:
            assert texts_outside(fig) == [], (name, size)
            labels = {d["label"] for _, d in net.nodes(data=True) if d["type"] == "judgement"}
            assert overlapping(fig, labels) == [], (name, size)
        finally:
            plt.close(fig)


def test_authority_labels_stay_inside_on_the_development_corpus(corpus):
    """Surrey's four inspections (SIF, LSCB review, SIF re-inspection, ILACS) and
    Trafford's three, with the longest ILACS area names."""
    for name in ("Surrey", "Trafford", "Devon", "Windsor and Maidenhead"):
        fig, plt = authority_figure(authority_network(corpus, name))
        try:
            assert texts_outside(fig) == [], name
        finally:
            plt.close(fig)


@pytest.mark.parametrize("name", ["Trafford", "Surrey", "Hartlepool"])
def test_one_council_part_draws_as_the_whole_graph(corpus, dev_corpus_graph, tmp_path, name):
    """draw and chart --authority read the council's part from the on-disk store, not the
    whole graph: the same network node for node and the same chart byte for byte, on the
    development corpus, and no other council's inspection in the part."""
    part = authority_part(dev_corpus_graph, name)
    whole, alone = authority_network(corpus, name), authority_network(part, name)
    assert sorted(alone.nodes(data=True), key=str) == sorted(whole.nodes(data=True), key=str)
    assert sorted(alone.edges(data=True), key=str) == sorted(whole.edges(data=True), key=str)
    ofs = "https://w3id.org/ofsted-kg/ontology#"
    councils = set(part.objects(None, URIRef(ofs + "inspectedAuthority")))
    assert len(councils) == 1
    assert len(part) < len(corpus) / 20
    draw_chart(corpus, name, tmp_path / "whole.svg", (900, 600))
    draw_chart(part, name, tmp_path / "part.svg", (900, 600))
    assert (tmp_path / "part.svg").read_bytes() == (tmp_path / "whole.svg").read_bytes()


def test_trafford_network_counts(graph):
    """Trafford: 2 inspections; 7 judgements and 9 people in 2015, 4 judgements and the lead
    inspector in 2022: 1 + 2 + 11 + 10 nodes, each hanging from one parent."""
    net = authority_network(graph, "Trafford")
    kinds = [d["type"] for _, d in net.nodes(data=True)]
    assert kinds.count("inspection") == 2
    assert kinds.count("judgement") == 7 + 4
    assert kinds.count("inspector") == 9 + 1
    assert net.number_of_nodes() == 24 and net.number_of_edges() == 23


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_authority_network_files_reload(tmp_path, fmt):
    path = tmp_path / f"trafford.{fmt}"
    run("draw", "--authority", "Trafford", "--format", fmt, "-o", str(path))
    net = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert (net.number_of_nodes(), net.number_of_edges()) == (24, 23)
    labels = {d["label"] for _, d in net.nodes(data=True)}
    assert {"Trafford", "Nick Bennison", "Simone White"} <= labels
    assert {d["type"] for _, d in net.nodes(data=True)} == {
        "authority",
        "inspection",
        "judgement",
        "inspector",
    }


# --- the inspectors' picture --------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_inspector_network_files_reload(tmp_path, graph, fmt):
    """24 inspectors and 4 authorities; one edge per inspector and authority they inspected:
    28, as Ali Mekki, Gary Lamb, Lynn Radley and Shirley Bailey each saw two authorities."""
    path = tmp_path / f"inspectors.{fmt}"
    run("draw", "--inspectors", "--format", fmt, "-o", str(path))
    net = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    kinds = [d["type"] for _, d in net.nodes(data=True)]
    assert kinds.count("authority") == 4
    assert kinds.count("inspector") == 24
    assert net.number_of_edges() == 28
    trafford = next(n for n, d in net.nodes(data=True) if d["label"] == "Trafford")
    assert int(net.nodes[trafford]["inspections"]) == 2
    assert all("community" in d for _, d in net.nodes(data=True))


def test_inspector_communities(graph):
    net = inspector_network(graph)
    tameside = next(n for n, d in net.nodes(data=True) if d["label"] == "Tameside")
    lead = next(n for n, d in net.nodes(data=True) if d["label"] == "Marie McGuinness")
    assert net.nodes[tameside]["community"] == net.nodes[lead]["community"]


def _tie(net, first: str, second: str) -> int:
    by_name = {d["label"]: n for n, d in net.nodes(data=True)}
    return net[by_name[first]][by_name[second]]["weight"]


def test_bundled_teams_picture(graph, tmp_path):
    """Five reports: every tie is drawn. Gary Lamb and Lynn Radley served on Trafford 2015
    and Cheshire West and Chester 2015; the two teams of one (Tameside's reporting
    inspector, Trafford 2022's lead) tie nobody: 22 of 24 inspectors."""
    assert choose_min_shared(graph) == 1
    out = tmp_path / "i.svg"
    output = run("draw", "--inspectors", "-o", str(out))
    net = team_network(graph, 1)
    assert _tie(net, "Gary Lamb", "Lynn Radley") == 2
    assert "Marie McGuinness" not in {d["label"] for _, d in net.nodes(data=True)}
    assert f"({net.number_of_nodes()} nodes, {net.number_of_edges()} edges)" in output
    text, _ = svg(out)
    assert "Inspectors who served together on 1 or more inspections: 22 of 24 inspectors" in text
    assert {"Gary Lamb", "Lynn Radley", "Shirley Bailey"} <= set(text.splitlines())


def test_teams_picture_is_readable_on_the_development_corpus(corpus, dev_corpus_graph, tmp_path):
    """Over 100 reports only the ties of two or more shared inspections are drawn, every
    name legible and inside the picture; each community says when and where its members
    worked together. Gary Lamb and Lynn Radley served on four inspections together."""
    assert choose_min_shared(corpus) == 2
    fig, plt, net = inspectors_figure(corpus, (1800, 1400))
    try:
        assert texts_outside(fig) == []
        names = {d["label"] for _, d in net.nodes(data=True)}
        assert overlapping(fig, names) == []
    finally:
        plt.close(fig)
    assert all(d["weight"] >= 2 for *_, d in net.edges(data=True))
    assert _tie(net, "Gary Lamb", "Lynn Radley") == 4
    assert _tie(net, "Dominic Stevens", "Lynn Radley") == 4
    drawn, everyone = net.number_of_nodes(), net.graph["inspectors"]
    assert 40 <= drawn < everyone / 2 + 10  # the strongest ties, not everybody
    out = tmp_path / "inspectors.svg"
    run("draw", "--inspectors", "-o", str(out), graph=str(dev_corpus_graph))
    text, _ = svg(out)
    assert f"Inspectors who served together on 2 or more inspections: {drawn} of {everyone}" in (
        text
    )
    assert "Community 1" not in text
    lamb = next(n for n, d in net.nodes(data=True) if d["label"] == "Gary Lamb")
    size = sum(1 for _, d in net.nodes(data=True) if d["community"] == net.nodes[lamb]["community"])
    heading = next(line for line in text.splitlines() if line.startswith(f"{size} inspectors,"))
    assert heading.endswith("2013-2017")
    assert "North West" in text.splitlines()[text.splitlines().index(heading) + 1]


def test_min_shared_option(tmp_path):
    out = tmp_path / "i.svg"
    run("draw", "--inspectors", "--min-shared", "2", "-o", str(out))
    text, _ = svg(out)
    assert "Inspectors who served together on 2 or more inspections" in text


# --- errors and bytes ---------------------------------------------------------------------


def test_draw_errors():
    result = CliRunner().invoke(main, ["draw", "--graph", GRAPH, "-o", "x.png"])
    assert result.exit_code == 2
    result = CliRunner().invoke(
        main, ["draw", "--authority", "Kent", "--graph", GRAPH, "-o", "x.png"]
    )
    assert result.exit_code == 2 and "no inspections" in result.output
    result = CliRunner().invoke(
        main, ["draw", "--inspectors", "--min-shared", "9", "--graph", GRAPH, "-o", "x.png"]
    )
    assert result.exit_code == 2
    assert "no two inspectors served on 9 or more inspections together" in result.output


def test_chart_refuses_a_bad_file_name_before_reading_the_graph(tmp_path):
    result = CliRunner().invoke(
        main, ["chart", "--authority", "Trafford", "--graph", GRAPH, "-o", str(tmp_path / "c.jpg")]
    )
    assert result.exit_code == 2 and "pictures are .png or .svg" in result.output
    assert list(tmp_path.iterdir()) == []


def test_same_graph_same_picture_bytes(tmp_path):
    """No date and fixed element ids in SVG, no software version in PNG."""
    for suffix in ("svg", "png"):
        for args in (["draw", "--authority", "Trafford"], ["chart", "--authority", "Trafford"]):
            run(*args, "-o", str(tmp_path / f"1.{suffix}"))
            run(*args, "-o", str(tmp_path / f"2.{suffix}"))
            first, second = (tmp_path / f"{n}.{suffix}" for n in (1, 2))
            assert first.read_bytes() == second.read_bytes(), (args, suffix)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "100000x100000", "-o", "h.png"], "each side must be 100 to 10,000 pixels"),
        (["-o", "a.jpg"], "a.jpg: draw writes .png, .svg, .graphml or .gexf files"),
        (["--format", "graphml", "-o", "t.png"], "--format graphml does not match the file name"),
    ],
)
def test_draw_refuses_bad_sizes_and_formats_before_drawing(tmp_path, args, message):
    args = [a if not a.endswith(("png", "jpg")) else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(main, ["draw", "--authority", "Trafford", "--graph", GRAPH, *args])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []
