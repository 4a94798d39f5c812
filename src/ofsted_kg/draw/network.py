"""Pictures of the graph with networkx and matplotlib (Agg backend, no display needed).

Two networks, both read from the built graph through SPARQL (rdflib), never from reports:

* :func:`authority_network`: an authority, its inspections, their judgements (with the
  grade's rank, 1 Outstanding .. 4 Inadequate) and the people on each team;
* :func:`inspector_network`: inspectors and the authorities they inspected, edges weighted
  by the number of inspections, communities found by greedy modularity.

:func:`draw_network` renders either as PNG or SVG; :func:`write_network` writes GraphML or
GEXF for Gephi and Cytoscape, with ``label`` and ``type`` node attributes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from rdflib import Graph
from rdflib.namespace import SKOS
from rdflib.query import Result, ResultRow

from ofsted_kg.errors import DrawError
from ofsted_kg.export.formats import authority_iri
from ofsted_kg.model.namespaces import OFS
from ofsted_kg.resources import internal_query

RANK_COLOURS = {1: "#1a9850", 2: "#91cf60", 3: "#fdae61", 4: "#d73027"}
RANK_NAMES = {1: "Outstanding", 2: "Good", 3: "Requires improvement / adequate", 4: "Inadequate"}
TYPE_COLOURS = {"authority": "#4c72b0", "inspection": "#8172b2", "inspector": "#cccccc"}
NETWORK_FORMATS = ("graphml", "gexf")


def with_schemes(graph: Graph) -> Graph:
    """The built graph plus the concept schemes (grade ranks and area labels live there)."""
    from ofsted_kg.resources import ontology_graph

    if any(graph.triples((None, OFS.rank, None))):
        return graph
    combined = Graph()
    combined += graph
    combined += ontology_graph()
    return combined


def _rows(result: Result) -> Iterator[ResultRow]:
    """A SELECT result's rows (rdflib types a result's items as rows, triples or booleans)."""
    return (row for row in result if isinstance(row, ResultRow))


def _short(text: str, width: int = 44) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def authority_network(graph: Graph, name: str) -> nx.DiGraph:
    """Authority -> inspections -> judgements (rank, grade) and team members."""
    graph = with_schemes(graph)
    authority = authority_iri(graph, name)
    label = str(graph.value(authority, SKOS.prefLabel) or name)
    net = nx.DiGraph(name=label)
    net.add_node(str(authority), label=label, type="authority")
    for insp, start, framework in _rows(
        graph.query(internal_query("draw-inspections"), initBindings={"authority": authority})
    ):
        key = str(insp)
        net.add_node(
            key, label=f"{framework or 'inspection'} {start}", type="inspection", start=str(start)
        )
        net.add_edge(str(authority), key, relation="inspected")
        for row in _rows(
            graph.query(internal_query("draw-judgements"), initBindings={"inspection": insp})
        ):
            judgement, _area, area_label, _grade, grade_label, rank = row
            net.add_node(
                str(judgement),
                type="judgement",
                rank=int(rank or 0),
                label=f"{_short(str(area_label), 58)}: {grade_label}",
                grade=str(grade_label),
            )
            net.add_edge(key, str(judgement), relation="judgement")
        for person, person_name, role in _rows(
            graph.query(internal_query("draw-team"), initBindings={"inspection": insp})
        ):
            pid = str(person)
            net.add_node(pid, label=str(person_name), type="inspector")
            net.add_edge(key, pid, relation="team", role=str(role))
    return net


def inspector_network(graph: Graph) -> nx.Graph:
    """Inspectors and the authorities they inspected; ``community`` from greedy modularity."""
    net = nx.Graph(name="Inspectors and the authorities they inspected")
    visits: dict[tuple[str, str], set[str]] = {}
    for person, name, authority, authority_name, inspection in _rows(
        graph.query(internal_query("draw-inspected"))
    ):
        net.add_node(str(person), label=str(name), type="inspector")
        net.add_node(str(authority), label=str(authority_name), type="authority")
        visits.setdefault((str(person), str(authority)), set()).add(str(inspection))
    if not visits:
        raise DrawError("the graph has no inspection teams to draw")
    inspections: dict[str, set[str]] = {}
    for (person_key, authority_key), seen in sorted(visits.items()):
        net.add_edge(person_key, authority_key, weight=len(seen))
        inspections.setdefault(person_key, set()).update(seen)
        inspections.setdefault(authority_key, set()).update(seen)
    for node, seen in inspections.items():
        net.nodes[node]["inspections"] = len(seen)
    communities = nx.community.greedy_modularity_communities(net, weight="weight")
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    for index, members in enumerate(ordered):
        for node in members:
            net.nodes[node]["community"] = index
    return net


def write_network(net: nx.Graph, path: Path, fmt: str) -> None:
    """GraphML or GEXF (atomically), nodes carrying ``label``, ``type`` and their numbers."""
    from ofsted_kg.rdf.serialise import atomic_write

    if fmt not in NETWORK_FORMATS:
        raise DrawError(f"unknown network format {fmt!r}; choose graphml or gexf")
    import io

    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(net, buffer)
    else:
        nx.write_gexf(net, buffer)
    atomic_write(Path(path), buffer.getvalue())


# --- rendering ----------------------------------------------------------------------------


def _figure(size: tuple[int, int], dpi: int = 100):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    return fig, plt


def save_figure(fig, path: Path) -> None:
    """PNG or SVG by suffix, written atomically, exactly the figure's pixel size."""
    import io

    import matplotlib

    from ofsted_kg.rdf.serialise import atomic_write

    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise DrawError(f"{path}: pictures are .png or .svg")
    buffer = io.BytesIO()
    # No date and fixed element ids: the same graph gives the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "ofsted-kg"}):
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=metadata)
    atomic_write(path, buffer.getvalue())


def _authority_layout(net: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Inspections in a row; under each, its judgements (best first), a gap, then its team."""
    root = next(n for n, d in net.nodes(data=True) if d["type"] == "authority")
    inspections = sorted(net.successors(root), key=lambda n: net.nodes[n]["start"])
    pos = {root: ((len(inspections) - 1) / 2, 4.0)}
    for column, insp in enumerate(inspections):
        pos[insp] = (column, 1.5)
        children = sorted(
            net.successors(insp),
            key=lambda n: (
                net.nodes[n]["type"] != "judgement",
                net.nodes[n].get("rank", 0),
                net.nodes[n]["label"],
            ),
        )
        row = 0
        for child in children:
            if (
                row
                and net.nodes[child]["type"] == "inspector"
                and net.nodes[children[children.index(child) - 1]]["type"] == "judgement"
            ):
                row += 1
            if child not in pos:
                pos[child] = (column + 0.03, -row)
            row += 1
    return pos


def draw_authority(net: nx.DiGraph, path: Path, size: tuple[int, int] = (1800, 1400)) -> None:
    """The authority picture: judgements coloured by grade rank, with a legend."""
    from matplotlib.patches import Patch

    pos = _authority_layout(net)
    rows = max(1.0, max(-y for _, y in pos.values()))
    fig, plt = _figure((size[0], size[1]))
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.92))
    colours = [
        RANK_COLOURS.get(d.get("rank", 0), "#999999")
        if d["type"] == "judgement"
        else TYPE_COLOURS[d["type"]]
        for _, d in net.nodes(data=True)
    ]
    sizes = [
        {"authority": 500, "inspection": 300}.get(d["type"], 60) for _, d in net.nodes(data=True)
    ]
    nx.draw_networkx_edges(net, pos, ax=ax, edge_color="#bbbbbb", width=0.6, arrows=False)
    nx.draw_networkx_nodes(
        net, pos, ax=ax, node_color=colours, node_size=sizes, edgecolors="#555555", linewidths=0.5
    )
    font = max(5.5, min(9.5, 0.55 * size[1] / rows / 1.4 / 1.0 * 72 / 100))
    for node, (x, y) in pos.items():
        data = net.nodes[node]
        if data["type"] in ("authority", "inspection"):
            ax.annotate(
                data["label"],
                (x, y),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                fontsize=11,
                fontweight="bold",
            )
        else:
            ax.annotate(
                data["label"],
                (x, y),
                xytext=(6, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=font,
                style="italic" if data["type"] == "inspector" else "normal",
            )
    xs = [x for x, _ in pos.values()]
    ax.set_xlim(min(xs) - 0.1, max(max(xs) + 0.95, 1.9))
    ax.set_ylim(min(y for _, y in pos.values()) - 0.8, 4.6)
    ax.axis("off")
    legend = [Patch(color=RANK_COLOURS[r], label=f"{r} {RANK_NAMES[r]}") for r in RANK_COLOURS]
    legend.append(Patch(color=TYPE_COLOURS["inspector"], label="Inspection team member"))
    ax.legend(handles=legend, loc="upper right", fontsize=9, title="Grade rank", frameon=True)
    fig.suptitle(f"{net.graph['name']}: inspections, judgements and teams", fontsize=14)
    save_figure(fig, path)
    plt.close(fig)


def _packed_layout(net: nx.Graph) -> dict[str, tuple[float, float]]:
    """Spring layout per connected component, components side by side (largest first),
    so a team that shares nobody is not flung to a corner."""
    pos: dict[str, tuple[float, float]] = {}
    left = 0.0
    components = sorted(
        (sorted(c) for c in nx.connected_components(net)), key=lambda c: (-len(c), c[0])
    )
    for members in components:
        sub = net.subgraph(members)
        radius = max(0.35, 0.5 * len(members) ** 0.5)
        layout = nx.spring_layout(
            sub,
            seed=7,
            k=2.2 / len(members) ** 0.5,
            iterations=300,
            weight=None,
            center=(0, 0),
            scale=radius,
        )
        for node, (x, y) in layout.items():
            pos[node] = (left + radius + float(x), float(y))
        left += 2 * radius + 0.6
    return pos


OTHER_COMMUNITIES = "#bdbdbd"
CROWDED_NODES = 60  # above this, one-off inspectors are drawn without their names


def draw_inspectors(net: nx.Graph, path: Path, size: tuple[int, int] = (1800, 1400)) -> None:
    """The inspectors' network: node size by inspections, colour by community."""
    import matplotlib
    from matplotlib.lines import Line2D

    fig, plt = _figure(size)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.93))
    pos = _packed_layout(net)
    palette = matplotlib.colormaps["tab20"]

    def colour(community: int):
        """One of 20 colours for the 20 largest communities (tab20's ten strong colours
        first, then their light pairs), grey for the rest."""
        if community >= palette.N:
            return OTHER_COMMUNITIES
        return palette((2 * community) % palette.N + community // (palette.N // 2))

    colours = [colour(d.get("community", 0)) for _, d in net.nodes(data=True)]
    sizes = [
        (260 if d["type"] == "authority" else 90) * d.get("inspections", 1)
        for _, d in net.nodes(data=True)
    ]
    shapes = {"authority": "s", "inspector": "o"}
    nx.draw_networkx_edges(
        net, pos, ax=ax, edge_color="#bbbbbb", width=[d["weight"] for *_, d in net.edges(data=True)]
    )
    for kind, marker in shapes.items():
        nodes = [n for n, d in net.nodes(data=True) if d["type"] == kind]
        nx.draw_networkx_nodes(
            net,
            pos,
            nodelist=nodes,
            ax=ax,
            node_shape=marker,
            node_color=[colours[list(net).index(n)] for n in nodes],
            node_size=[sizes[list(net).index(n)] for n in nodes],
            edgecolors="#333333",
            linewidths=0.6,
        )
    # On a big network, name the authorities and the inspectors seen more than once: a
    # label for each of hundreds of one-off team members would cover the picture.
    crowded = net.number_of_nodes() > CROWDED_NODES
    for node, (x, y) in pos.items():
        data = net.nodes[node]
        bold = data["type"] == "authority"
        if crowded and not bold and data.get("inspections", 1) < 2:
            continue
        ax.annotate(
            data["label"],
            (x, y),
            xytext=(0, 9 if bold else 6),
            textcoords="offset points",
            ha="center",
            fontsize=11 if bold else 7.5,
            fontweight="bold" if bold else "normal",
        )
    ax.margins(0.08)
    ax.axis("off")
    legend = [
        Line2D(
            [],
            [],
            marker="s",
            ls="",
            color="#777777",
            markersize=10,
            label="Authority (size: inspections)",
        ),
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            color="#777777",
            markersize=7,
            label="Inspector (size: inspections)",
        ),
    ]
    communities = sorted({d["community"] for _, d in net.nodes(data=True)})
    legend += [
        Line2D([], [], marker="o", ls="", color=colour(c), markersize=8, label=f"Community {c + 1}")
        for c in communities
        if c < palette.N
    ]
    if communities and communities[-1] >= palette.N:
        legend.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color=OTHER_COMMUNITIES,
                markersize=8,
                label=f"{communities[-1] + 1 - palette.N} smaller communities",
            )
        )
    ax.legend(handles=legend, loc="lower left", fontsize=9, frameon=True)
    fig.suptitle(
        "Inspectors and the authorities they inspected (communities by greedy modularity)"
        + ("\ninspectors named where they took part in two or more inspections" if crowded else ""),
        fontsize=14,
    )
    save_figure(fig, path)
    plt.close(fig)
