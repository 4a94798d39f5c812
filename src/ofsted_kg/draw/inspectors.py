"""The inspectors' picture: who served with whom, readable at a hundred reports and more.

Drawing every inspector and every authority gives a hairball once there are more than a
few dozen reports. This picture keeps the strongest ties instead: inspectors who served
on at least ``min_shared`` inspections together (:func:`ofsted_kg.draw.network.team_network`).
Each community (greedy modularity) is drawn as a block of its own and labelled by what it
is: the years and the regions of the inspections its members did together, and the
councils. The subtitle says how many inspectors and inspections the ties leave out
(ILACS reports name only the lead inspector, so they tie nobody).
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ofsted_kg.draw.figure import new_figure, picture_format, save_figure
from ofsted_kg.draw.network import Visit, inspector_visits, team_network
from ofsted_kg.errors import DrawError

AUTO_MIN_SHARED_FROM = 30  # inspections with a named team: from this many, ties of 2 or more
PALETTE = (
    "#4c72b0",
    "#dd8452",
    "#55a868",
    "#c44e52",
    "#8172b3",
    "#937860",
    "#da8bc3",
    "#8c8c8c",
    "#ccb974",
    "#64b5cd",
)
MARGIN = 30
HEADER = 90


@dataclass
class Community:
    """One community of inspectors and what its members did together."""

    index: int
    members: list[str]
    inspections: int
    first_year: int
    last_year: int
    regions: list[tuple[str, int]]
    authorities: list[str]

    def describe(self) -> tuple[str, str]:
        """Two lines: who and when; where."""
        years = (
            str(self.first_year)
            if self.first_year == self.last_year
            else f"{self.first_year}-{self.last_year}"
        )
        head = (
            f"{len(self.members)} inspectors, {self.inspections} inspection"
            f"{'s' if self.inspections != 1 else ''} together, {years}"
        )
        where = ", ".join(f"{region} {count}" for region, count in self.regions[:3])
        if len(self.regions) > 3:
            where += f" (+{len(self.regions) - 3} regions)"
        return head, where


def choose_min_shared(graph: Graph) -> int:
    """2 when the graph has many inspections with named teams, else 1 (every team tie)."""
    inspections = {visit.inspection for visit in inspector_visits(graph)}
    return 2 if len(inspections) >= AUTO_MIN_SHARED_FROM else 1


def communities(net: nx.Graph, visits: list[Visit]) -> list[Community]:
    """Each community of ``net`` with the inspections two or more of its members did together."""
    teams: dict[str, set[str]] = {}
    where: dict[str, Visit] = {}
    for visit in visits:
        teams.setdefault(visit.inspection, set()).add(visit.person)
        where[visit.inspection] = visit
    groups: dict[int, list[str]] = {}
    for node, data in net.nodes(data=True):
        groups.setdefault(data["community"], []).append(node)
    out = []
    for index in sorted(groups):
        members = sorted(groups[index], key=lambda n: net.nodes[n]["label"])
        together = sorted(i for i, team in teams.items() if len(team & set(members)) >= 2)
        years = [where[i].start.year for i in together] or [0]
        regions = Counter(where[i].region or "no region" for i in together)
        out.append(
            Community(
                index,
                members,
                len(together),
                min(years),
                max(years),
                sorted(regions.items(), key=lambda item: (-item[1], item[0])),
                sorted({where[i].authority_name for i in together}),
            )
        )
    return out


def _circle_order(net: nx.Graph, members: list[str]) -> list[str]:
    """Members in an order round the circle that keeps strong ties side by side: from the
    most connected, each next the one most tied to the last three placed."""
    sub = net.subgraph(members)
    left = set(members)
    order = [max(members, key=lambda n: (sub.degree(n, weight="weight"), n))]
    left.discard(order[0])
    while left:
        recent = order[-3:]
        nearest = max(
            sorted(left),
            key=lambda n: (
                sum(sub[n][m]["weight"] for m in recent if sub.has_edge(n, m)),
                sub.degree(n, weight="weight"),
            ),
        )
        order.append(nearest)
        left.discard(nearest)
    return order


@dataclass
class _Block:
    community: Community
    radius: float  # of the circle of members, pixels
    size: float  # the square the circle and its names take
    x: float = 0.0  # top left
    y: float = 0.0


LABEL_ROOM = 118  # pixels beyond the circle for the names, written along the radius
SPACING = 15  # pixels at least between neighbours round the circle
HEADING = 40  # the community's label above its square
FONT = 7.0


def _blocks(groups: list[Community], scale: float) -> list[_Block]:
    out = []
    for group in groups:
        count = len(group.members)
        # Small communities do not grow with the page: a pair on a wide circle says nothing.
        radius = max(36.0 * min(scale, 1.4), count * SPACING * scale / (2 * math.pi))
        out.append(_Block(group, radius, 2 * (radius + LABEL_ROOM)))
    return out


def _pack(blocks: list[_Block], width: float) -> float:
    """Place the blocks in rows, each row centred; the height used."""
    rows: list[list[_Block]] = [[]]
    used = 0.0
    for block in blocks:
        if rows[-1] and used + block.size > width:
            rows.append([])
            used = 0.0
        rows[-1].append(block)
        used += block.size
    y = 0.0
    for row in rows:
        x = (width - sum(b.size for b in row)) / 2
        tallest = max(b.size for b in row) + HEADING
        for block in row:
            block.x, block.y = x, y + (tallest - HEADING - block.size) / 2
            x += block.size
        y += tallest
    return y


def _heading(group: Community, width: float) -> str:
    """The community's label, wrapped to the width of its block."""
    head, where = group.describe()
    chars = max(20, int(width / 5.8))
    return "\n".join(textwrap.wrap(head, chars) + textwrap.wrap(where, chars))


def inspectors_figure(graph: Graph, size: tuple[int, int], min_shared: int | None = None):
    """The figure, pyplot, and the network drawn."""
    from matplotlib.lines import Line2D

    shared = min_shared if min_shared is not None else choose_min_shared(graph)
    net = team_network(graph, shared)
    if not net.number_of_nodes():
        raise DrawError(f"no two inspectors served on {shared} or more inspections together")
    groups = communities(net, inspector_visits(graph))
    fig, plt = new_figure(size)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, size[0])
    ax.set_ylim(size[1], 0)
    ax.axis("off")
    width, height = size[0] - 2 * MARGIN, size[1] - HEADER - MARGIN - 30
    # The largest circles that let every block fit on the page.
    scale = 6.0
    blocks = _blocks(groups, scale)
    while _pack(blocks, width) > height and scale > 0.3:
        scale *= 0.95
        blocks = _blocks(groups, scale)
    spare = max(0.0, height - _pack(blocks, width))
    pos: dict[str, tuple[float, float]] = {}
    angle: dict[str, float] = {}
    for block in blocks:
        group = block.community
        cx = MARGIN + block.x + block.size / 2
        top = HEADER + spare / 2 + block.y
        cy = top + HEADING + block.size / 2
        order = _circle_order(net, group.members)
        for index, node in enumerate(order):
            theta = -math.pi / 2 + 2 * math.pi * index / len(order)
            pos[node] = (cx + block.radius * math.cos(theta), cy + block.radius * math.sin(theta))
            angle[node] = theta
        ax.annotate(
            _heading(group, block.size),
            (cx, cy - block.size / 2 + 6),
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=PALETTE[group.index % len(PALETTE)],
            fontweight="bold",
            linespacing=1.2,
        )
    for first, second, data in net.edges(data=True):
        same = net.nodes[first]["community"] == net.nodes[second]["community"]
        ax.plot(
            [pos[first][0], pos[second][0]],
            [pos[first][1], pos[second][1]],
            color="#8a8a8a" if same else "#d0d0d0",
            linewidth=0.6 + 0.7 * (data["weight"] - shared),
            alpha=1.0 if same else 0.45,
            zorder=1 if same else 0,
        )
    nodes = sorted(net.nodes)
    ax.scatter(
        [pos[n][0] for n in nodes],
        [pos[n][1] for n in nodes],
        s=[18 + 14 * net.nodes[n]["inspections"] for n in nodes],
        c=[PALETTE[net.nodes[n]["community"] % len(PALETTE)] for n in nodes],
        edgecolors="#333333",
        linewidths=0.5,
        zorder=2,
    )
    for node in nodes:
        dx, dy = math.cos(angle[node]), math.sin(angle[node])
        degrees = math.degrees(math.atan2(-dy, dx))  # on screen, y grows downwards
        right = dx >= -1e-9
        ax.annotate(
            net.nodes[node]["label"],
            pos[node],
            xytext=(7 * dx, -7 * dy),
            textcoords="offset points",
            ha="left" if right else "right",
            va="center",
            rotation=degrees if right else degrees - 180,
            rotation_mode="anchor",
            fontsize=FONT,
            zorder=3,
        )
    legend = [
        Line2D([], [], marker="o", ls="", color="#777777", markersize=size_, label=label)
        for size_, label in ((4, "1 inspection"), (8, "5 inspections"), (11, "10 inspections"))
    ]
    for extra, line_width in ((0, 0.6), (2, 2.0)):
        ties = shared + extra
        label = f"{ties} inspection{'s' if ties > 1 else ''} together"
        legend.append(Line2D([], [], color="#8a8a8a", lw=line_width, label=label))
    legend.append(Line2D([], [], color="#d0d0d0", lw=0.6, label="a tie between communities"))
    fig.legend(handles=legend, loc="lower center", ncol=6, fontsize=8, frameon=False)
    drawn = net.number_of_nodes()
    fig.suptitle(
        f"Inspectors who served together on {shared} or more inspections: "
        f"{drawn} of {net.graph['inspectors']} inspectors",
        fontsize=14,
        y=1 - 16 / size[1],
        va="top",
    )
    fig.text(
        0.5,
        1 - 46 / size[1],
        "\n".join(
            textwrap.wrap(
                "Each circle is a community (greedy modularity), labelled with the years and "
                "regions of the inspections its members did together. "
                f"{net.graph['single']} of {net.graph['inspections']} inspections name a "
                "single inspector (ILACS reports, among others, name only the lead inspector) "
                "and tie nobody.",
                int(size[0] / 6.5),
            )
        ),
        ha="center",
        va="top",
        fontsize=9,
        color="#444444",
    )
    return fig, plt, net


def draw_inspectors(
    graph: Graph, path: Path, size: tuple[int, int] = (1800, 1400), min_shared: int | None = None
) -> nx.Graph:
    """Draw the inspectors' strongest ties as PNG or SVG; the network drawn."""
    picture_format(path)
    fig, plt, net = inspectors_figure(graph, size, min_shared)
    save_figure(fig, path)
    plt.close(fig)
    return net
