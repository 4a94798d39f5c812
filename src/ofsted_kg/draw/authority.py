"""The authority picture: its inspections side by side, under each its judgements coloured
by grade (best first) and its team.

Laid out in pixels from the measured width of every label, so no label runs into the next
column or off the picture: the font shrinks until the columns fit, and below the smallest
readable size long labels wrap onto a second line.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ofsted_kg.draw.figure import (
    RANK_COLOURS,
    RANK_NAMES,
    new_figure,
    picture_format,
    save_figure,
    text_width,
)

TYPE_COLOURS = {"authority": "#4c72b0", "inspection": "#8172b2", "inspector": "#cccccc"}
MARGIN = 24  # pixels round the picture
HEADER = 160  # title, authority and the inspections' row
FOOTER = 44  # the legend
COLUMN_GAP = 36
INDENT = 16  # from an inspection's spine to its children's markers
DEFAULT_WIDTH = 1800
DPI = 100
FONT_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)


@dataclass
class _Column:
    inspection: str
    title: str
    children: list[tuple[str, list[str]]]  # (node, label lines); "" is a gap row
    width: float = 0.0


def _columns(net: nx.DiGraph) -> list[_Column]:
    """Each inspection, oldest first, with its judgements (best first), a gap, its team."""
    root = next(n for n, d in net.nodes(data=True) if d["type"] == "authority")
    columns = []
    for inspection in sorted(net.successors(root), key=lambda n: net.nodes[n]["start"]):
        children = sorted(
            net.successors(inspection),
            key=lambda n: (
                net.nodes[n]["type"] != "judgement",
                net.nodes[n].get("rank", 0),
                net.nodes[n]["label"],
            ),
        )
        rows: list[tuple[str, list[str]]] = []
        for child in children:
            after_judgements = (
                rows and rows[-1][0] and net.nodes[rows[-1][0]]["type"] == "judgement"
            )
            if after_judgements and net.nodes[child]["type"] == "inspector":
                rows.append(("", []))
            rows.append((child, [net.nodes[child]["label"]]))
        columns.append(_Column(inspection, net.nodes[inspection]["label"], rows))
    return columns


def _wrap(columns: list[_Column], limit: float, size: float, dpi: float) -> None:
    """Wrap each label wider than ``limit`` pixels onto as many lines as it needs."""
    per_char = text_width("x" * 40, size, dpi) / 40
    width = max(12, int(limit / per_char))
    for column in columns:
        column.children = [
            (node, textwrap.wrap(lines[0], width) if lines else lines)
            for node, lines in column.children
        ]


def _measure(columns: list[_Column], font: float, dpi: float) -> float:
    """Set each column's width in pixels at ``font``; their sum."""
    for column in columns:
        labels = [text_width(line, font, dpi) for _, lines in column.children for line in lines]
        title = text_width(column.title, 10.5, dpi, bold=True)
        column.width = max([INDENT + 14 + width for width in labels] + [title + 14])
    return sum(column.width for column in columns)


def _lines(columns: list[_Column]) -> int:
    return max(sum(max(1, len(lines)) for _, lines in c.children) for c in columns)


def _fit(columns: list[_Column], size: tuple[int, int], dpi: float) -> tuple[float, float]:
    """The font size and line height that fit every column across and down the picture:
    the largest font that fits, else the smallest with long labels wrapped."""
    across = size[0] - 2 * MARGIN - COLUMN_GAP * (len(columns) - 1)
    down = size[1] - HEADER - FOOTER - MARGIN
    for font in FONT_SIZES:
        if (
            _measure(columns, font, dpi) <= across
            and _lines(columns) * font * dpi / 72 * 1.3 <= down
        ):
            break
    else:
        font = FONT_SIZES[-1]
        _wrap(columns, across / len(columns) - INDENT - 14, font, dpi)
        _measure(columns, font, dpi)
    line_height = min(font * dpi / 72 * 1.8, down / _lines(columns))
    return font, line_height


def fitted_height(net: nx.DiGraph, width: int = DEFAULT_WIDTH) -> int:
    """The height in pixels that shows the picture at ``width`` without empty space."""
    columns = _columns(net)
    font, _ = _fit(columns, (width, 10_000), DPI)
    return int(HEADER + FOOTER + MARGIN + _lines(columns) * font * DPI / 72 * 1.8 + 20)


def authority_figure(net: nx.DiGraph, size: tuple[int, int] | None = None):
    """The matplotlib figure of the authority picture (see :func:`draw_authority`)."""
    from matplotlib.patches import Patch

    if size is None:
        size = (DEFAULT_WIDTH, fitted_height(net))
    fig, plt = new_figure(size, DPI)
    dpi = fig.dpi
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, size[0])
    ax.set_ylim(size[1], 0)
    ax.axis("off")
    columns = _columns(net)
    font, line_height = _fit(columns, size, dpi)
    used = sum(c.width for c in columns) + COLUMN_GAP * (len(columns) - 1)
    left = max(MARGIN, (size[0] - used) / 2)
    root = next(n for n, d in net.nodes(data=True) if d["type"] == "authority")
    root_xy = (size[0] / 2, 78)
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    markers: dict[str, list] = {"x": [], "y": [], "c": [], "s": []}

    def marker(x: float, y: float, colour: str, area: float) -> None:
        markers["x"].append(x)
        markers["y"].append(y)
        markers["c"].append(colour)
        markers["s"].append(area)

    marker(*root_xy, TYPE_COLOURS["authority"], 420)
    ax.annotate(
        net.nodes[root]["label"],
        root_xy,
        xytext=(0, 12),
        textcoords="offset points",
        ha="center",
        fontsize=12,
        fontweight="bold",
    )
    for column in columns:
        spine = left + 7
        top = HEADER - 20.0
        lines.append(((root_xy[0], spine), (root_xy[1], top)))
        marker(spine, top, TYPE_COLOURS["inspection"], 220)
        ax.annotate(
            column.title,
            (spine, top),
            xytext=(-7, 10),
            textcoords="offset points",
            ha="left",
            fontsize=10.5,
            fontweight="bold",
        )
        y = HEADER + line_height / 2
        last = top
        for node, label_lines in column.children:
            if not node:
                y += line_height
                continue
            data = net.nodes[node]
            height = line_height * max(1, len(label_lines))
            centre = y + (height - line_height) / 2
            x = spine + INDENT
            lines.append(((spine, x), (centre, centre)))
            last = centre
            colour = (
                RANK_COLOURS.get(data.get("rank", 0), "#999999")
                if data["type"] == "judgement"
                else TYPE_COLOURS[data["type"]]
            )
            marker(x, centre, colour, 45)
            ax.annotate(
                "\n".join(label_lines),
                (x, centre),
                xytext=(7, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=font,
                linespacing=1.15,
                style="italic" if data["type"] == "inspector" else "normal",
            )
            y += height
        lines.append(((spine, spine), (top, last)))
        left += column.width + COLUMN_GAP
    for xs, ys in lines:
        ax.plot(xs, ys, color="#bbbbbb", linewidth=0.7, zorder=1)
    ax.scatter(
        markers["x"],
        markers["y"],
        c=markers["c"],
        s=markers["s"],
        edgecolors="#555555",
        linewidths=0.5,
        zorder=2,
    )
    legend = [Patch(color=RANK_COLOURS[r], label=f"{r} {RANK_NAMES[r]}") for r in RANK_COLOURS]
    legend.append(Patch(color=TYPE_COLOURS["inspector"], label="Inspection team member"))
    fig.legend(handles=legend, loc="lower center", ncol=5, fontsize=9, frameon=False)
    fig.suptitle(
        f"{net.graph['name']}: inspections, judgements and teams",
        fontsize=14,
        y=1 - 12 / size[1],
        va="top",
    )
    return fig, plt


def draw_authority(net: nx.DiGraph, path: Path, size: tuple[int, int] | None = None) -> None:
    """The authority picture as PNG or SVG: judgements coloured by grade rank, with a legend.
    Without a ``size``, 1800 pixels wide and as tall as the columns need."""
    picture_format(path)
    fig, plt = authority_figure(net, size)
    save_figure(fig, path)
    plt.close(fig)
