"""A council's grade history as an inline SVG chart: plain markup, no script, no fonts.

Time runs left to right from the first inspection's year to the last's (at least 2009 to
2026), the shared grade scale top to bottom (1 Outstanding ... 4 Inadequate), one line per
area compared across frameworks (overall effectiveness drawn thickest), and dashed lines
where the frameworks changed: ILACS in January 2018 and the April 2026 framework, which
gives no overall judgement. Every point has a ``<title>`` (its date, area and grade as
printed), so a screen reader or a hover tells what it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from ofsted_kg.model.namespaces import SVG_NS

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 150, 20, 20, 56
JITTER = 5  # pixels between the series' points of one inspection
RANKS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}
# The framework changes marked on every chart.
CHANGES = ((date(2018, 1, 1), "ILACS, 2018"), (date(2026, 4, 27), "April 2026 framework"))
# Areas compared across frameworks, drawn in this order (overall last, on top).
SERIES = (
    ("Children who need help and protection", "#1d70b8", "help and protection"),
    ("Children in care (looked after)", "#4c2c92", "children in care"),
    ("Care leavers", "#f47738", "care leavers"),
    ("Leadership and its impact on practice", "#00703c", "leadership"),
    ("Overall effectiveness", "#0b0c0c", "overall effectiveness"),
)


@dataclass(frozen=True)
class Point:
    """One judgement to plot: when, which compared area, its rank and its words."""

    when: date
    area: str  # the compared area's label (a SERIES name)
    rank: int
    text: str  # for the point's title: "2022-11-21: Overall effectiveness: Good"


def _x(when: date, first: int, last: int) -> float:
    span = (date(last + 1, 1, 1) - date(first, 1, 1)).days
    return LEFT + (WIDTH - LEFT - RIGHT) * (when - date(first, 1, 1)).days / span


def _y(rank: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (rank - 1) / 3


def grade_chart(points: Sequence[Point], title: str) -> str:
    """The SVG markup (``<svg>...</svg>``) of ``points``; empty when there are none."""
    if not points:
        return ""
    first = min(2009, *(p.when.year for p in points))
    last = max(2026, *(p.when.year for p in points))
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" xmlns="{SVG_NS}">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for rank, label in RANKS.items():
        y = _y(rank)
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{LEFT - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
    for year in range(first, last + 2, 2 if last - first > 12 else 1):
        x = _x(date(year, 1, 1), first, last)
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'text-anchor="middle">{year}</text>'
        )
    for when, label in CHANGES:
        x = _x(when, first, last)
        right = x > (WIDTH - RIGHT) * 0.75  # label to the left of a line near the edge
        parts.append(
            f'<line class="change" x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" '
            f'y2="{HEIGHT - BOTTOM}"/><text class="change-label" '
            f'x="{x - 4 if right else x + 4:.1f}" y="{HEIGHT - 12}" '
            f'text-anchor="{"end" if right else "start"}">{escape(label)}</text>'
        )
    for index, (area, colour, short) in enumerate(SERIES):
        mine = sorted((p for p in points if p.area == area), key=lambda p: p.when)
        if not mine:
            continue
        width = 3.5 if area == SERIES[-1][0] else 1.8
        # Areas graded alike on one day would hide each other: each series a little apart.
        shift = (index - (len(SERIES) - 1) / 2) * JITTER

        def xy(p: Point, shift: float = shift) -> tuple[float, float]:
            return _x(p.when, first, last) + shift, _y(p.rank)

        coords = " ".join("{:.1f},{:.1f}".format(*xy(p)) for p in mine)
        if len(mine) > 1:
            parts.append(
                f'<polyline class="series" points="{coords}" stroke="{colour}" '
                f'stroke-width="{width}" data-area="{escape(short)}"/>'
            )
        for p in mine:
            x, y = xy(p)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{width + 2:.1f}" fill="{colour}">'
                f"<title>{escape(p.text)}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def legend() -> list[tuple[str, str]]:
    """(colour, label) of each series, for the page's key under the chart."""
    return [(colour, short) for _, colour, short in SERIES]
