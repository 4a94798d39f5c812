"""Grade history of an authority: one line per judgement area, over its inspections.

Grades are compared on the shared four-point rank (``ofs:rank``: 1 Outstanding .. 4
Inadequate), so a SIF "Requires improvement" and a 2012 "Adequate" sit on the same line.
Areas are matched across frameworks by their notation ("overall-effectiveness" is one line
from 2012 to 2022). Read through SPARQL on the built graph plus the concept schemes.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from rdflib import Graph

from ofsted_kg.draw.network import (
    RANK_NAMES,
    _figure,
    _rows,
    save_figure,
    with_schemes,
)
from ofsted_kg.errors import DrawError
from ofsted_kg.export.formats import authority_iri
from ofsted_kg.resources import internal_query


def grade_history(graph: Graph, name: str) -> dict[str, list[tuple[date, int, str]]]:
    """``{area label: [(start date, rank, grade label), ...]}`` for one authority."""
    graph = with_schemes(graph)
    authority = authority_iri(graph, name)
    lines: dict[str, list[tuple[date, int, str]]] = defaultdict(list)
    labels: dict[str, str] = {}
    for start, notation, label, rank, grade in _rows(
        graph.query(internal_query("chart-grade-history"), initBindings={"authority": authority})
    ):
        # ofs:startDate is an xsd:date (the shapes check it): an ISO date's text
        lines[str(notation)].append((date.fromisoformat(str(start)), int(rank), str(grade)))
        labels[str(notation)] = str(label)  # the latest framework's wording
    return {labels[key]: points for key, points in sorted(lines.items())}


def draw_chart(graph: Graph, name: str, path: Path, size: tuple[int, int] = (1600, 900)) -> None:
    """Plot :func:`grade_history` as PNG or SVG; y axis 1 Outstanding (top) .. 4 Inadequate."""
    import matplotlib

    history = grade_history(graph, name)
    if not history:
        raise DrawError(f"no graded judgements of {name!r} in the graph")
    fig, plt = _figure(size)
    ax = fig.add_axes((0.15, 0.14, 0.45, 0.76))
    palette = matplotlib.colormaps["tab20"]
    markers = "os^Dv<>pP*Xh"
    offsets = {label: (index % 7 - 3) * 0.035 for index, label in enumerate(history)}
    for index, (label, points) in enumerate(history.items()):
        dates = [p[0] for p in points]
        ranks = [p[1] + offsets[label] for p in points]
        ax.plot(
            dates,
            ranks,
            marker=markers[index % len(markers)],
            color=palette(index % 20),
            linewidth=1.6,
            markersize=7,
            label=label if len(label) <= 60 else label[:59] + "…",
        )
    ax.set_ylim(4.4, 0.6)
    ax.set_yticks(
        [1, 2, 3, 4], [f"{r} {RANK_NAMES[r]}".replace(" / ", "\n/ ") for r in (1, 2, 3, 4)]
    )
    starts = sorted({p[0] for points in history.values() for p in points})
    ax.set_xticks(starts, [d.isoformat() for d in starts], rotation=30, ha="right")
    pad = max(180, (starts[-1] - starts[0]).days // 10) if len(starts) > 1 else 180
    from datetime import timedelta

    ax.set_xlim(starts[0] - timedelta(days=pad), starts[-1] + timedelta(days=pad))
    ax.grid(axis="y", color="#dddddd")
    ax.set_xlabel("Inspection start date")
    ax.set_ylabel("Grade rank")
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=8,
        frameon=False,
        title="Judgement area",
    )
    ax.set_title(f"{name}: grade history by judgement area")
    save_figure(fig, path)
    plt.close(fig)
