"""Theme shares over time (``ofsted-kg chart --themes``): one line per practice theme, the
share of each year's inspections that got a recommendation on it.

The numbers are the stored query ``theme-shares-by-year`` run on the graph file, so the
picture and ``ofsted-kg query theme-shares-by-year`` always agree. Pictures are PNG or SVG
by the file's suffix, written atomically, byte-identical for the same graph (no dates or
random ids in the file).
"""

from __future__ import annotations

import io
from pathlib import Path

from ofsted_kg.atomic import atomic_write
from ofsted_kg.errors import GraphError, OfstedKGError
from ofsted_kg.query.catalogue import load_query, run_query
from ofsted_kg.store.disk import open_engine

DEFAULT_TOP = 8  # themes drawn when none are named: the most common over all years


def theme_shares(
    graph_path: Path,
) -> tuple[dict[str, tuple[str, dict[int, float]]], dict[int, int]]:
    """``{theme slug: (label, {year: per cent of that year's inspections})}`` and the
    number of inspections of each year."""
    answer = run_query(load_query("theme-shares-by-year"), open_engine(Path(graph_path)))
    shares: dict[str, tuple[str, dict[int, float]]] = {}
    totals: dict[int, int] = {}
    for year, theme, label, with_theme, inspections, _ in answer.rows:
        entry = shares.setdefault(theme, (label, {}))
        entry[1][int(year)] = 100 * int(with_theme) / int(inspections)
        totals[int(year)] = int(inspections)
    return shares, totals


def draw_theme_chart(
    graph_path: Path,
    path: Path,
    size: tuple[int, int] = (1600, 900),
    themes: list[str] | None = None,
    top: int = DEFAULT_TOP,
) -> list[str]:
    """Plot the shares of ``themes`` (default: the ``top`` most common) as PNG or SVG;
    the themes drawn, in legend order."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise OfstedKGError(f"{path}: pictures are .png or .svg")
    shares, totals = theme_shares(graph_path)
    if not shares:
        raise GraphError(
            f"{graph_path}: no recommendation themes in the graph; rebuild it with "
            "'ofsted-kg build' to link recommendations to themes"
        )
    if themes:
        unknown = sorted(set(themes) - set(shares))
        if unknown:
            raise OfstedKGError(
                f"--theme {', '.join(unknown)}: no recommendation in the graph is on it; "
                f"themes found: {', '.join(sorted(shares))}"
            )
        chosen = list(dict.fromkeys(themes))
    else:
        years = {year for _, points in shares.values() for year in points}

        def mean(slug: str) -> float:
            points = shares[slug][1]
            return sum(points.get(year, 0.0) for year in years) / len(years)

        chosen = sorted(shares, key=lambda slug: (-mean(slug), slug))[:top]
    _plot(shares, totals, chosen, path, fmt, size)
    return chosen


def _plot(shares, totals, chosen: list[str], path: Path, fmt: str, size: tuple[int, int]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = sorted(totals)
    with matplotlib.rc_context({"svg.hashsalt": "ofsted-kg", "font.size": 10}):
        fig = plt.figure(figsize=(size[0] / 100, size[1] / 100), dpi=100)
        try:
            ax = fig.add_axes((0.07, 0.12, 0.6, 0.78))
            palette = matplotlib.colormaps["tab10"]
            markers = "os^Dv<>pP*"
            for index, slug in enumerate(chosen):
                label, points = shares[slug]
                ax.plot(
                    years,
                    [points.get(year, 0.0) for year in years],
                    marker=markers[index % len(markers)],
                    color=palette(index % 10),
                    linewidth=1.8,
                    label=label if len(label) <= 55 else label[:54] + "…",
                )
            ax.set_xticks(years, [f"{year}\n{totals[year]} insp." for year in years])
            ax.set_ylim(0, 100)
            ax.set_ylabel("Inspections with a recommendation on the theme (%)")
            ax.set_xlabel("Year the inspection started (and how many inspections started then)")
            ax.grid(axis="y", color="#dddddd")
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, title="Theme")
            ax.set_title("What inspectors keep asking for: recommendation themes over time")
            buffer = io.BytesIO()
            metadata = {"Date": None} if fmt == "svg" else {"Software": None}
            fig.savefig(buffer, format=fmt, dpi=100, metadata=metadata)
        finally:
            plt.close(fig)
    atomic_write(path, buffer.getvalue())
