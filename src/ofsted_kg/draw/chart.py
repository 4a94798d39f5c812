"""Grade history of an authority: one small panel per area compared across frameworks.

Each framework names its areas differently; the ontology says which area compared across
frameworks each one speaks for (``ofs:comparableArea``: the SIF's "Leadership, management
and governance" and ILACS's "The impact of leaders ..." both speak for *leadership*;
ILACS's one row for children in care and care leavers, to 2023, speaks for both). The
chart follows that mapping, never the areas' names. Grades compare on the shared rank
(``ofs:rank``: 1 Outstanding .. 4 Inadequate).

Honest by construction:

* one panel per area, so no two lines or markers can hide each other;
* a line joins two inspections only when no inspection between them judged the same
  organisation (the council, or its LSCB) without grading the area: such an inspection is
  marked, and the line stops there;
* a line that crosses a change of framework (ILACS from January 2018, the April 2026
  framework without an overall judgement) is dashed, and the changes are drawn;
* grades of areas with no counterpart in other frameworks (2009-2013) are counted at each
  rank in a panel of their own, not put on any line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from ofsted_kg.draw.figure import (
    RANK_COLOURS,
    fit_text,
    new_figure,
    picture_format,
    save_figure,
    select,
    text_width,
    with_schemes,
)
from ofsted_kg.errors import DrawError
from ofsted_kg.export.formats import authority_iri
from ofsted_kg.model import vocab

# Families of frameworks: grades compare within a family without a caveat; a line from
# one family to the next is dashed. (SIF re-inspections ran into 2018, so the family is
# the framework's, not the date's.)
FAMILIES: dict[str, int] = {
    "safeguarding-lac-2012": 0,
    "child-protection-2012": 0,
    "lac-2013": 0,
    "sif": 1,
    "sif-reinspection": 1,
    "lscb-review": 1,
    "ilacs-standard": 2,
    "ilacs-short": 2,
    "ilacs-2026": 3,
}
FAMILY_NAMES = (
    "2009-2013 frameworks",
    "SIF (from Nov 2013)",
    "ILACS (from Jan 2018)",
    "ILACS from 27 Apr 2026: no overall judgement",
)
# Short names for the x axis, and a marker shape per family of frameworks.
FRAMEWORK_SHORT = {
    "safeguarding-lac-2012": "2009-12",
    "child-protection-2012": "CP 2012",
    "lac-2013": "LAC 2013",
    "sif": "SIF",
    "sif-reinspection": "SIF re-inspection",
    "lscb-review": "LSCB review",
    "ilacs-standard": "ILACS",
    "ilacs-short": "ILACS short",
    "ilacs-2026": "ILACS 2026",
}
FRAMEWORK_MARKERS = {
    "safeguarding-lac-2012": "v",
    "child-protection-2012": "<",
    "lac-2013": "^",
    "sif": "o",
    "sif-reinspection": "o",
    "lscb-review": "o",
    "ilacs-standard": "s",
    "ilacs-short": "s",
    "ilacs-2026": "D",
}
RANK_TICKS = {1: "Outstanding", 2: "Good", 3: "Requires improvement\n/ adequate", 4: "Inadequate"}
OTHER = "other"  # the panel of areas with no counterpart in other frameworks
LINE_COLOUR = "#444444"
UNGRADED_COLOUR = "#9e9e9e"


@dataclass(frozen=True)
class Visit:
    """One inspection of the authority: when, under which framework, whom it judged."""

    iri: str
    start: date
    framework: str
    framework_label: str
    judged: frozenset[str]  # the organisations it graded (the council, its LSCB)
    grades_areas: frozenset[str]  # the areas compared across frameworks its framework grades


@dataclass(frozen=True)
class Grade:
    """One graded judgement, placed in a panel."""

    start: date
    rank: int
    grade: str  # the framework's grade label ("Requires improvement to be good")
    area: str  # the framework's own area label
    organisation: str
    framework: str


@dataclass(frozen=True)
class Segment:
    """A line between two grades of one area; dashed when a framework era changed between."""

    first: Grade
    second: Grade
    dashed: bool


def family(framework: str) -> int:
    """The framework's family (:data:`FAMILIES`); unknown frameworks are a family each."""
    return FAMILIES.get(framework, len(FAMILY_NAMES))


@dataclass
class GradeHistory:
    """An authority's grades, by area compared across frameworks (in vocabulary order)."""

    authority: str
    visits: list[Visit]
    panels: dict[str, tuple[str, list[Grade]]] = field(default_factory=dict)

    def grades(self, panel: str) -> list[Grade]:
        return self.panels[panel][1] if panel in self.panels else []

    def not_graded(self, panel: str) -> list[Visit]:
        """Inspections that judged the panel's organisation without grading its area."""
        grades = self.grades(panel)
        if panel == OTHER or not grades:
            return []
        organisations = {g.organisation for g in grades}
        graded = {g.start for g in grades}
        return [v for v in self.visits if v.judged & organisations and v.start not in graded]

    def gaps(self, panel: str) -> list[Visit]:
        """Of :meth:`not_graded`, those whose framework grades the area: a missing grade
        (the report did not grade it, e.g. "not judged"), not a framework's design."""
        return [v for v in self.not_graded(panel) if panel in v.grades_areas]

    def segments(self, panel: str) -> list[Segment]:
        """Lines between consecutive grades with no inspection between them that judged
        the same organisation without grading the area."""
        if panel == OTHER:
            return []
        grades = sorted(self.grades(panel), key=lambda g: g.start)
        stops = [v.start for v in self.not_graded(panel)]
        lines = []
        for first, second in zip(grades, grades[1:], strict=False):
            if any(first.start < stop < second.start for stop in stops):
                continue
            lines.append(
                Segment(first, second, family(first.framework) != family(second.framework))
            )
        return lines


def grade_history(graph: Graph, name: str) -> GradeHistory:
    """The grades of one authority's inspections, by area compared across frameworks."""
    graph = with_schemes(graph)
    authority = authority_iri(graph, name)
    label = graph.value(authority, SKOS.prefLabel)
    graded_by: dict[str, set[str]] = {}
    for framework, common in select(graph, "chart-framework-areas"):
        graded_by.setdefault(str(framework), set()).add(str(common))
    visits_by_iri: dict[str, tuple[date, str, str]] = {}
    for inspection, start, framework, framework_label in select(
        graph, "chart-inspections", authority=authority
    ):
        if isinstance(start, Literal):
            visits_by_iri[str(inspection)] = (
                start.toPython(),
                str(framework),
                str(framework_label),
            )
    judged: dict[str, set[str]] = {iri: set() for iri in visits_by_iri}
    found: dict[str, tuple[str, dict[tuple[str, str], Grade]]] = {}
    for row in select(graph, "chart-grades", authority=authority):
        inspection, organisation, area, common, common_label, rank, grade = row
        if str(inspection) not in visits_by_iri:
            continue
        day, slug, _ = visits_by_iri[str(inspection)]
        judged[str(inspection)].add(str(organisation))
        point = Grade(day, int(rank), str(grade), str(area), str(organisation), slug)
        key = str(common) if common is not None else OTHER
        title = str(common_label) if common is not None else OTHER
        grades = found.setdefault(key, (title, {}))[1]
        # One grade per inspection in a panel (the other panel keeps every area).
        slot = (str(inspection), point.area if key == OTHER else "")
        if slot not in grades or point.rank > grades[slot].rank:
            grades[slot] = point
    history = GradeHistory(
        str(label or name),
        [
            Visit(
                iri,
                start,
                framework,
                framework_label,
                frozenset(judged[iri]),
                frozenset(graded_by.get(framework, ())),
            )
            for iri, (start, framework, framework_label) in sorted(
                visits_by_iri.items(), key=lambda item: (item[1][0], item[0])
            )
        ],
    )
    for key in [*vocab.COMMON_AREAS, OTHER]:
        if key in found:
            title, grades = found[key]
            history.panels[key] = (title, sorted(grades.values(), key=lambda g: (g.start, g.area)))
    return history


# --- rendering ----------------------------------------------------------------------------

ERA_SHADES = ("#ffffff", "#f1f3f7")


def _x_limits(history: GradeHistory) -> tuple[date, date]:
    starts = [v.start for v in history.visits]
    span = (max(starts) - min(starts)).days
    pad = timedelta(days=max(240, span // 10))
    return min(starts) - pad, max(starts) + pad


def _eras(history: GradeHistory, limits: tuple[date, date]) -> list[tuple[date, date, int]]:
    """Bands of consecutive inspections of one family of frameworks: (from, to, family),
    each band reaching halfway to the next inspection."""
    bands: list[list] = []
    for visit in history.visits:
        kind = family(visit.framework)
        if bands and bands[-1][2] == kind:
            bands[-1][1] = visit.start
        else:
            bands.append([visit.start, visit.start, kind])
    out = []
    for index, (first, last, kind) in enumerate(bands):
        low = limits[0] if index == 0 else bands[index - 1][1] + (first - bands[index - 1][1]) / 2
        high = limits[1] if index == len(bands) - 1 else last + (bands[index + 1][0] - last) / 2
        out.append((low, high, kind))
    return out


def _marker(ax, key: str, grade: Grade, count: int | None = None) -> None:
    ax.scatter(
        [grade.start],
        [grade.rank],
        s=70,
        marker=FRAMEWORK_MARKERS.get(grade.framework, "o"),
        color=RANK_COLOURS[grade.rank],
        edgecolors="#222222",
        linewidths=0.7,
        zorder=3,
        gid=f"grade-{key}-{grade.start.isoformat()}-rank-{grade.rank}",
    )
    if count is not None:
        ax.annotate(
            f"{count} area{'s' if count > 1 else ''}",
            (grade.start, grade.rank),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
        )


def _draw_panel(
    ax, history: GradeHistory, key: str, limits: tuple[date, date], top_row: bool
) -> None:
    title, grades = history.panels[key]
    for index, (low, high, _kind) in enumerate(_eras(history, limits)):
        ax.axvspan(low, high, color=ERA_SHADES[(index + 1) % 2], zorder=0, linewidth=0)
    for visit in history.visits:
        ax.axvline(visit.start, color="#dddddd", linewidth=0.8, zorder=0)
    if key == OTHER:
        counts = Counter((g.start, g.rank, g.framework) for g in grades)
        for (start, rank, framework), count in sorted(counts.items()):
            _marker(ax, key, Grade(start, rank, "", "", "", framework), count)
        title = "Areas with no counterpart in other frameworks: how many at each grade"
    else:
        for segment in history.segments(key):
            ax.plot(
                [segment.first.start, segment.second.start],
                [segment.first.rank, segment.second.rank],
                color=LINE_COLOUR,
                linewidth=1.4,
                linestyle=(0, (3, 2)) if segment.dashed else "-",
                zorder=2,
                gid=f"line-{'dashed' if segment.dashed else 'solid'}-{key}-"
                f"{segment.first.start.isoformat()}-{segment.second.start.isoformat()}",
            )
        for grade in grades:
            _marker(ax, key, grade)
        gaps = history.gaps(key)
        if gaps:
            ax.scatter(
                [v.start for v in gaps],
                [0.75] * len(gaps),
                s=36,
                marker="x",
                color=UNGRADED_COLOUR,
                linewidths=1.2,
                zorder=3,
                gid=f"not-graded-{key}",
            )
    width = ax.get_position().width * ax.figure.bbox.width
    ax.set_title(
        fit_text(title, 10, ax.figure.dpi, width), fontsize=10, loc="left", pad=26 if top_row else 6
    )
    ax.set_ylim(4.45, 0.55)
    ax.set_yticks([1, 2, 3, 4], [RANK_TICKS[r] for r in (1, 2, 3, 4)], fontsize=7.5)
    ax.grid(axis="y", color="#e4e4e4", zorder=1)
    ax.set_xlim(*limits)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def framework_name(label: str) -> str:
    """A framework's label, with ILACS's long name shortened."""
    return label.replace("Inspection of local authority children's services: ", "ILACS ")


def _legend_handles(history: GradeHistory) -> list:
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(color=RANK_COLOURS[r], label=f"{r} {RANK_TICKS[r].replace(chr(10), ' ')}")
        for r in RANK_COLOURS
    ]
    frameworks: dict[str, str] = {}
    for visit in history.visits:
        frameworks.setdefault(visit.framework, visit.framework_label)
    handles += [
        Line2D(
            [],
            [],
            marker=FRAMEWORK_MARKERS.get(slug, "o"),
            ls="",
            color="#ffffff",
            markeredgecolor="#222222",
            markersize=8,
            label=framework_name(label),
        )
        for slug, label in frameworks.items()
    ]
    segments = [segment for key in history.panels for segment in history.segments(key)]
    if any(not segment.dashed for segment in segments):
        handles.append(Line2D([], [], color=LINE_COLOUR, lw=1.4, label="same family of frameworks"))
    if any(segment.dashed for segment in segments):
        handles.append(
            Line2D(
                [], [], color=LINE_COLOUR, lw=1.4, ls=(0, (3, 2)), label="across a framework change"
            )
        )
    if any(history.gaps(key) for key in history.panels):
        handles.append(
            Line2D(
                [],
                [],
                marker="x",
                ls="",
                color=UNGRADED_COLOUR,
                markersize=7,
                label="inspected, this area not graded (the line stops)",
            )
        )
    return handles


def _legend_columns(handles: list, width: int, dpi: float) -> int:
    """As many legend columns (up to 3) as fit across the picture."""
    column = max(text_width(h.get_label(), 8, dpi) for h in handles) + 45
    return max(1, min(3, int((width - 20) // column)))


BAND_FONT = 7.5


def _band_labels(
    history: GradeHistory, limits: tuple[date, date], width: float, dpi: float
) -> list[tuple[str, float, int]]:
    """Each band's family name, where it goes (a fraction of the panel's width, left
    aligned) and on which row above the panel: from the band's start, moved left to stay
    inside the panel, and up a row where it would run into the name before it."""
    span = (limits[1] - limits[0]).days
    placed: list[tuple[str, float, int]] = []
    ends = [-8.0, -8.0]  # where each row's last name ends, in pixels
    for low, _high, kind in _eras(history, limits):
        label = FAMILY_NAMES[kind] if kind < len(FAMILY_NAMES) else ""
        size = text_width(label, BAND_FONT, dpi)
        start = (low - limits[0]).days / span * width + (3 if placed else 0)
        x = max(0.0, min(start, width - size))
        row = 0 if x >= ends[0] + 8 else 1
        if row:
            x = max(x, ends[1] + 8)
        ends[row] = x + size
        placed.append((label, x / width, row))
    return placed


def _tick_labels(history: GradeHistory, limits: tuple[date, date]) -> list[str]:
    """Each inspection's date and framework; a label too close to the one before it is
    moved down a line, so neighbouring labels do not overprint."""
    span = (limits[1] - limits[0]).days
    labels = []
    lowered = False
    for index, visit in enumerate(history.visits):
        label = (
            f"{visit.start.isoformat()}\n{FRAMEWORK_SHORT.get(visit.framework, visit.framework)}"
        )
        close = index and (visit.start - history.visits[index - 1].start).days < span * 0.09
        lowered = bool(close) and not lowered
        labels.append("\n\n" + label if lowered else label)
    return labels


def draw_chart(graph: Graph, name: str, path: Path, size: tuple[int, int] = (1600, 900)) -> None:
    """Draw :func:`grade_history` as PNG or SVG: a panel per area, 1 Outstanding at the top."""
    picture_format(path)
    fig, plt = chart_figure(graph, name, size)
    save_figure(fig, path)
    plt.close(fig)


def chart_figure(graph: Graph, name: str, size: tuple[int, int] = (1600, 900)):
    """The matplotlib figure of :func:`draw_chart`, and pyplot (to close it)."""
    history = grade_history(graph, name)
    if not history.panels:
        raise DrawError(f"no graded judgements of {name!r} in the graph")
    keys = list(history.panels)
    columns = 1 if len(keys) <= 3 else 2
    rows = max(2, -(-len(keys) // columns))  # one panel alone is not stretched over the page
    fig, plt = new_figure(size)
    handles = _legend_handles(history)
    legend_columns = _legend_columns(handles, size[0], fig.dpi)
    legend_height = 16 * -(-len(handles) // legend_columns) + 20
    limits = _x_limits(history)
    ticks = _tick_labels(history, limits)
    tick_height = 45 + (26 if any(t.startswith("\n") for t in ticks) else 0)
    # Room for the grade names left of each column of panels, measured.
    names = max(
        text_width(line, 7.5, fig.dpi) for r in RANK_TICKS.values() for line in r.split("\n")
    )
    gutter = names + 22
    right = size[0] * 0.97
    panel = (right - gutter - (gutter + 12) * (columns - 1)) / columns
    axes = fig.subplots(
        rows,
        columns,
        sharex=True,
        squeeze=False,
        gridspec_kw={
            "left": gutter / size[0],
            "right": 0.97,
            "top": 1 - 100 / size[1],
            "bottom": (legend_height + tick_height) / size[1],
            "hspace": 0.6,
            "wspace": (gutter + 12) / panel,
        },
    )
    starts = [v.start for v in history.visits]
    for index, ax in enumerate(axes.flat):
        if index >= len(keys):
            ax.remove()
            axes.flat[index - columns].tick_params(labelbottom=True)
            continue
        _draw_panel(ax, history, keys[index], limits, index < columns)
        ax.set_xticks(starts, ticks, fontsize=7.5)
    bands = _band_labels(history, limits, axes.flat[0].get_position().width * size[0], fig.dpi)
    for ax in axes[0][: len(keys)]:
        for label, x, row in bands:
            ax.annotate(
                label,
                (x, 1),
                xycoords="axes fraction",
                xytext=(0, 3 + 10 * row),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=BAND_FONT,
                color="#555555",
                annotation_clip=False,
            )
    fig.suptitle(
        f"{history.authority}: grades by area across inspections and frameworks",
        fontsize=13,
        y=1 - 14 / size[1],
        va="top",
    )
    fig.legend(handles=handles, loc="lower center", ncol=legend_columns, fontsize=8, frameon=False)
    return fig, plt
