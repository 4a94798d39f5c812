"""What every picture shares: the grade colours, the drawing queries, a figure of an exact
pixel size, and writing it as PNG or SVG with the same bytes for the same graph.

Matplotlib runs on its Agg backend (no display needed). SVG keeps its text as ``<text>``
elements (searchable, readable by screen readers and by the tests) and fixed element ids.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.query import Result, ResultRow

from ofsted_kg.errors import DrawError
from ofsted_kg.model.namespaces import OFS

RANK_COLOURS = {1: "#1a9850", 2: "#91cf60", 3: "#fdae61", 4: "#d73027"}
RANK_NAMES = {1: "Outstanding", 2: "Good", 3: "Requires improvement / adequate", 4: "Inadequate"}
PICTURE_FORMATS = ("png", "svg")


def select(graph: Graph, name: str, **bindings: Any) -> Iterator[ResultRow]:
    """The rows of the drawing query ``name`` (``queries/internal/NAME.rq``) on ``graph``,
    with its parameters bound."""
    from ofsted_kg.resources import internal_query

    return rows(graph.query(internal_query(name), initBindings=bindings))


def rows(result: Result) -> Iterator[ResultRow]:
    """A SELECT result's rows (rdflib types a result's items as rows, triples or booleans)."""
    return (row for row in result if isinstance(row, ResultRow))


def with_schemes(graph: Graph) -> Graph:
    """The graph with the concept schemes (grade ranks, area labels). A graph built by this
    version carries them; an older one gets the shipped schemes added."""
    from ofsted_kg.resources import ontology_graph

    if any(graph.triples((None, OFS.rank, None))) and any(
        graph.triples((None, OFS.comparableArea, None))
    ):
        return graph
    combined = Graph()
    combined += graph
    combined += ontology_graph()
    return combined


def short(text: str, width: int = 44) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@cache
def _renderer(dpi: float):
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, dpi)


def text_width(text: str, size: float, dpi: float, bold: bool = False) -> float:
    """The width in pixels of one line of ``text`` at ``size`` points, as Agg draws it
    (hinting makes small text wider than its outline), with 4% to spare for SVG viewers."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    width, _, _ = _renderer(dpi).get_text_width_height_descent(text, prop, ismath=False)
    return width * 1.04


def fit_text(text: str, size: float, dpi: float, width: float) -> str:
    """``text`` cut (with an ellipsis) to fit ``width`` pixels at ``size`` points."""
    if text_width(text, size, dpi) <= width:
        return text
    cut = len(text)
    while cut > 1 and text_width(text[:cut].rstrip() + "…", size, dpi) > width:
        cut -= 1
    return text[:cut].rstrip() + "…"


def new_figure(size: tuple[int, int], dpi: int = 100):
    """A matplotlib figure of exactly ``size`` pixels, and pyplot (to close it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure(figsize=(size[0] / dpi, size[1] / dpi), dpi=dpi)
    return fig, plt


def picture_format(path: Path) -> str:
    """``png`` or ``svg`` from the file name, else a :class:`DrawError`."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in PICTURE_FORMATS:
        raise DrawError(f"{path}: pictures are .png or .svg")
    return fmt


def save_figure(fig, path: Path) -> None:
    """PNG or SVG by suffix, written atomically, exactly the figure's pixel size."""
    import matplotlib

    from ofsted_kg.atomic import atomic_write

    path = Path(path)
    fmt = picture_format(path)
    buffer = io.BytesIO()
    # No date and fixed element ids: the same graph gives the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "ofsted-kg", "svg.fonttype": "none"}):
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=metadata)
    atomic_write(path, buffer.getvalue())
