"""Drawings and charts are real pictures; the networks reload with the expected counts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from matplotlib.image import imread

from ofsted_kg.cli import main
from ofsted_kg.draw.chart import grade_history
from ofsted_kg.draw.network import authority_network, inspector_network
from ofsted_kg.store.disk import load_graph

ROOT = Path(__file__).resolve().parents[1]
GRAPH = str(ROOT / "graphs" / "ofsted.ttl")
AUTHORITIES = ["Bolton", "Cheshire West and Chester", "Tameside", "Trafford"]


@pytest.fixture(scope="module")
def graph():
    return load_graph(Path(GRAPH))


def run(*args: str) -> None:
    result = CliRunner().invoke(main, [*args, "--graph", GRAPH])
    assert result.exit_code == 0, result.output


def assert_picture(path: Path, width: int, height: int) -> None:
    assert imread(path).shape[:2] == (height, width)


def svg_texts(path: Path) -> list[str]:
    """The texts drawn in a matplotlib SVG, in drawing order (each glyph run is preceded by
    a comment holding its text)."""
    return re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"))


# What each bundled report shows (README's build table): inspections as "framework start",
# graded judgements, team members.
DRAWN = {
    "Bolton": (["sif 2014-01-14"], 7, 7),
    "Cheshire West and Chester": (["sif 2015-11-24"], 7, 10),
    "Tameside": (["safeguarding-lac-2012 2012-03-19"], 22, 1),
    "Trafford": (["sif 2015-01-27", "ilacs-standard 2022-11-21"], 7 + 4, 9 + 1),
}
LEGEND = [
    "Grade rank",
    "1 Outstanding",
    "2 Good",
    "3 Requires improvement / adequate",
    "4 Inadequate",
    "Inspection team member",
]


@pytest.mark.parametrize("authority", AUTHORITIES)
def test_authority_drawing_and_chart_for_every_bundled_authority(tmp_path, authority):
    """The picture names the council, its inspections, one label per judgement and per team
    member, the legend and the title; the chart plots the council's inspection dates."""
    run("draw", "--authority", authority, "--size", "900x700", "-o", str(tmp_path / "a.png"))
    assert_picture(tmp_path / "a.png", 900, 700)
    run("draw", "--authority", authority, "--size", "900x700", "-o", str(tmp_path / "a.svg"))
    texts = svg_texts(tmp_path / "a.svg")
    inspections, judgements, team = DRAWN[authority]
    assert texts[0] == authority
    assert [t for t in texts if t in inspections] == inspections
    assert texts[-1] == f"{authority}: inspections, judgements and teams"
    assert texts[-1 - len(LEGEND) : -1] == LEGEND
    assert len(texts) == 1 + len(inspections) + judgements + team + len(LEGEND) + 1
    run("chart", "--authority", authority, "--size", "800x500", "-o", str(tmp_path / "c.png"))
    assert_picture(tmp_path / "c.png", 800, 500)
    run("chart", "--authority", authority, "--size", "800x500", "-o", str(tmp_path / "c.svg"))
    chart = svg_texts(tmp_path / "c.svg")
    assert f"{authority}: grade history by judgement area" in chart
    assert chart[: len(inspections)] == [i.split()[-1] for i in inspections]  # x axis dates


def test_trafford_chart_has_one_line_per_area(tmp_path):
    """Trafford 2015 (SIF) and 2022 (ILACS): the council's six SIF areas and the three ILACS
    ones, 'Overall effectiveness' and help and protection shared: eight lines."""
    run("chart", "--authority", "Trafford", "-o", str(tmp_path / "c.svg"))
    texts = svg_texts(tmp_path / "c.svg")
    areas = texts[texts.index("Judgement area") + 1 :]
    assert len(areas) == 8
    assert {"Overall effectiveness", "Adoption performance"} <= set(areas)


def test_svg_pictures_parse_as_xml(tmp_path):
    run("draw", "--authority", "Trafford", "-o", str(tmp_path / "t.svg"))
    run("draw", "--inspectors", "-o", str(tmp_path / "i.svg"))
    run("chart", "--authority", "Trafford", "-o", str(tmp_path / "c.svg"))
    for name in ("t.svg", "i.svg", "c.svg"):
        assert ET.parse(tmp_path / name).getroot().tag.endswith("svg")


def test_inspectors_png(tmp_path):
    run("draw", "--inspectors", "--size", "1200x900", "-o", str(tmp_path / "i.png"))
    assert_picture(tmp_path / "i.png", 1200, 900)


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


def test_trafford_grade_history(graph):
    history = grade_history(graph, "Trafford")
    assert [(d.isoformat(), rank) for d, rank, _ in history["Overall effectiveness"]] == [
        ("2015-01-27", 2),
        ("2022-11-21", 3),
    ]


def test_draw_errors():
    result = CliRunner().invoke(main, ["draw", "--graph", GRAPH, "-o", "x.png"])
    assert result.exit_code == 2
    result = CliRunner().invoke(
        main, ["draw", "--authority", "Kent", "--graph", GRAPH, "-o", "x.png"]
    )
    assert result.exit_code == 2 and "no inspections" in result.output


def test_same_graph_same_picture_bytes(tmp_path):
    """No date and fixed element ids in SVG, no software version in PNG."""
    for suffix in ("svg", "png"):
        run("draw", "--authority", "Trafford", "-o", str(tmp_path / f"1.{suffix}"))
        run("draw", "--authority", "Trafford", "-o", str(tmp_path / f"2.{suffix}"))
        assert (tmp_path / f"1.{suffix}").read_bytes() == (tmp_path / f"2.{suffix}").read_bytes()


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
