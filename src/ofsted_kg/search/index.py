"""Search recommendations and judgements by meaning, with an index kept beside the graph.

The index holds every recommendation and graded judgement of a graph file (its text, the
quote, council, region, framework, date, page, report, themes) and one WordLlama embedding
per passage (:mod:`ofsted_kg.themes.embed`). It lives in
``<graph folder>/.search/<graph name>/index-<digest>/``, named by the SHA-256 of the graph's
bytes, the shipped ontology and the model, so it is rebuilt only when the graph (or the
model) changes, as the query store is (:mod:`ofsted_kg.store.disk`): built in a temporary
folder renamed into place when complete, one process at a time (a lock file), with a
``stamp.json`` that remembers the digest of a file at a given size and modification time.

A search embeds the words asked for and ranks passages by cosine similarity, plus
:data:`THEME_BOOST` for a passage on a theme the words name (a theme's phrase rule or
keyword matches them, or the model finds them clearly closest to one theme; see
:func:`~ofsted_kg.themes.classify.query_themes`): "children running away" finds return home
interviews, "kids in care doing badly at school" personal education plans. Filters
(council, region, framework, years, kind, theme) narrow the passages before ranking.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ofsted_kg.atomic import atomic_write
from ofsted_kg.errors import OfstedKGError, SearchError
from ofsted_kg.model.themes import THEMES
from ofsted_kg.resources import internal_query
from ofsted_kg.store.disk import known_digest, open_store
from ofsted_kg.themes.classify import query_themes
from ofsted_kg.themes.embed import embed, model_version

if TYPE_CHECKING:
    import numpy as np

SEARCH_DIR = ".search"
INDEX_FORMAT = "1"
THEME_BOOST = 0.15  # added to the similarity of a passage on a theme the words name
KINDS = ("recommendation", "judgement")
MAX_LIMIT = 10_000
_YEARS_RE = re.compile(r"(?P<first>\d{4})?(?P<dash>-)?(?P<last>\d{4})?")


@dataclass(frozen=True)
class Passage:
    """One recommendation or judgement, as search shows it."""

    fact: str
    kind: str
    text: str
    quote: str
    page: int | None
    council: str
    gss: str
    region: str
    framework: str
    start: str
    source: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    """A passage and its score (cosine similarity plus any theme boost)."""

    score: float
    passage: Passage


@dataclass(frozen=True)
class Filters:
    """What to search among; None (or empty) means everything."""

    council: str | None = None  # a GSS code (see :func:`resolve_filters`)
    region: str | None = None
    framework: str | None = None
    years: tuple[int, int] | None = None
    kind: str | None = None
    theme: str | None = None
    notes: list[str] = field(default_factory=list)


def _select(store, name: str):
    """The solutions of an internal SELECT query."""
    import pyoxigraph

    answer = store.query(internal_query(name))
    if not isinstance(answer, pyoxigraph.QuerySolutions):
        raise SearchError(f"internal query {name} is not a SELECT")
    return answer


def passages(graph_path: Path) -> list[Passage]:
    """Every recommendation and graded judgement of a graph file, in IRI order."""
    store = open_store(graph_path)
    themes: dict[str, list[str]] = {}
    for row in _select(store, "search-themes"):
        themes.setdefault(row["fact"].value, []).append(row["theme"].value)
    found = []
    for row in _select(store, "search-passages"):
        fact = row["fact"].value
        page = row["page"]
        found.append(
            Passage(
                fact=fact,
                kind=row["kind"].value,
                text=row["text"].value,
                quote=row["quote"].value,
                page=int(page.value) if page is not None else None,
                council=row["council"].value,
                gss=row["gss"].value,
                region=row["region"].value,
                framework=row["framework"].value,
                start=row["start"].value,
                source=row["source"].value,
                themes=tuple(themes.get(fact, ())),
            )
        )
    return found


# --- the index on disk ------------------------------------------------------------------------


def _identity(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _digest(data: bytes) -> str:
    from ofsted_kg.resources import ontology_turtle

    digest = hashlib.sha256(data)
    digest.update(hashlib.sha256(ontology_turtle()).digest())
    digest.update(f"{model_version()} format {INDEX_FORMAT}".encode())
    return digest.hexdigest()[:32]


def _folder(graph_path: Path) -> Path:
    return graph_path.parent / SEARCH_DIR / graph_path.name


class SearchIndex:
    """The passages of one graph and their embeddings, ready to search many times."""

    def __init__(self, items: list[Passage], vectors: np.ndarray) -> None:
        import numpy as np

        self.passages = items
        self.vectors = vectors
        self._columns = {
            name: np.array([getattr(p, name) for p in items], dtype=object)
            for name in ("gss", "region", "framework", "kind")
        }
        self._years = np.array([int(p.start[:4]) for p in items], dtype=np.int32)
        self._themes = {
            slug: np.array([slug in p.themes for p in items], dtype=bool) for slug in THEMES
        }

    @classmethod
    def build(cls, graph_path: Path) -> SearchIndex:
        """Read and embed the passages of a graph file (in memory; see :func:`open_index`)."""
        items = passages(graph_path)
        return cls(items, embed([f"{p.text}" for p in items]))

    def save(self, folder: Path) -> None:
        import numpy as np

        with (folder / "vectors.npy").open("wb") as handle:
            np.save(handle, self.vectors, allow_pickle=False)
        data = [asdict(p) for p in self.passages]
        (folder / "passages.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        import numpy as np

        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
        data = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
        items = [Passage(**{**p, "themes": tuple(p["themes"])}) for p in data]
        if len(items) != len(vectors):
            raise ValueError("passages and vectors differ in length")
        return cls(items, vectors)

    def search(self, words: str, filters: Filters | None = None, limit: int = 10) -> list[Hit]:
        """The ``limit`` passages closest in meaning to ``words`` that pass ``filters``."""
        import numpy as np

        words = " ".join(words.split())
        if not words:
            raise SearchError('give some words to search for, e.g. "homeless young people"')
        mask = self._mask(filters or Filters())
        chosen = np.flatnonzero(mask)
        if not len(chosen) or limit <= 0:
            return []
        scores = self.vectors[chosen] @ embed([words])[0]
        for slug in sorted(query_themes(words)):
            scores = scores + THEME_BOOST * self._themes[slug][chosen]
        scores = np.round(scores.astype(np.float64), 4)
        # Highest score first; ties in index (IRI) order, so the answer is the same each run.
        order = np.lexsort((chosen, -scores))[:limit]
        return [Hit(float(scores[i]), self.passages[chosen[i]]) for i in order]

    def _mask(self, filters: Filters):
        import numpy as np

        mask = np.ones(len(self.passages), dtype=bool)
        if filters.council:
            mask &= self._columns["gss"] == filters.council
        if filters.region:
            wanted = filters.region.lower()
            mask &= np.array([r.lower() == wanted for r in self._columns["region"]], dtype=bool)
        if filters.framework:
            wanted = filters.framework
            mask &= np.array(
                [f == wanted or f.startswith(wanted + "-") for f in self._columns["framework"]],
                dtype=bool,
            )
        if filters.years:
            first, last = filters.years
            mask &= (self._years >= first) & (self._years <= last)
        if filters.kind:
            mask &= self._columns["kind"] == filters.kind
        if filters.theme:
            mask &= self._themes[filters.theme]
        return mask


def open_index(graph_path: Path) -> SearchIndex:
    """The search index of a graph file, built (once per content) if need be.

    A graph file that is missing, empty or broken raises the store's ``GraphError``; when
    the folder cannot be written the index is built in memory for this search only.
    """
    graph_path = Path(graph_path)
    open_store(graph_path)  # checks the file (missing, empty, broken) with one clear error
    folder = _folder(graph_path)
    identity = _identity(graph_path)
    known = known_digest(folder, identity)
    if known is not None and (folder / f"index-{known}").is_dir():
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return SearchIndex.load(folder / f"index-{known}")
    digest = _digest(graph_path.read_bytes())
    try:
        return _open_or_build(graph_path, folder, digest, identity)
    except OSError:
        return SearchIndex.build(graph_path)


def _open_or_build(graph_path: Path, folder: Path, digest: str, identity: list[int]):
    from filelock import FileLock

    folder.mkdir(parents=True, exist_ok=True)
    current = folder / f"index-{digest}"
    with FileLock(str(folder / "index.lock")):
        index = None
        if current.is_dir():
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                index = SearchIndex.load(current)
        if index is None:
            for leftover in folder.glob("tmp-*"):
                shutil.rmtree(leftover, ignore_errors=True)
            shutil.rmtree(current, ignore_errors=True)  # a damaged index
            fresh = Path(tempfile.mkdtemp(prefix="tmp-", dir=folder))
            try:
                index = SearchIndex.build(graph_path)
                index.save(fresh)
                os.replace(fresh, current)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            for old in folder.glob("index-*"):
                if old != current:
                    shutil.rmtree(old, ignore_errors=True)
        with contextlib.suppress(OfstedKGError):
            atomic_write(
                folder / "stamp.json",
                json.dumps({"identity": identity, "digest": digest}).encode(),
            )
    return index


# --- parameters --------------------------------------------------------------------------------


def parse_years(value: str) -> tuple[int, int]:
    """``2015`` -> (2015, 2015); ``2015-2019``; ``2015-`` (from); ``-2019`` (until)."""
    match = _YEARS_RE.fullmatch(value.strip())
    if not match or not (match["first"] or match["last"]):
        raise SearchError(f"--years {value!r}: write a year or a range, e.g. 2022 or 2015-2019")
    first = int(match["first"]) if match["first"] else 0
    last = int(match["last"]) if match["last"] else (9999 if match["dash"] else first)
    if first > last:
        raise SearchError(f"--years {value!r}: the first year is after the last")
    return first, last


def resolve_filters(
    *,
    council: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    years: str | None = None,
    kind: str | None = None,
    theme: str | None = None,
) -> Filters:
    """Check the filters people type and turn them into :class:`Filters`; a value that
    names nothing raises :class:`SearchError` with what it could be."""
    from ofsted_kg.model.councils import UnknownAuthority, council_named, load_authorities
    from ofsted_kg.model.vocab import FRAMEWORKS

    gss = None
    if council:
        try:
            gss = council_named(council).gss
        except UnknownAuthority:
            raise SearchError(
                f"--council {council!r} names none of England's councils; give its name "
                "or ONS GSS code (e.g. Trafford or E08000009)"
            ) from None
    if region:
        regions = sorted({a.region for a in load_authorities()})
        if region.strip().lower() not in {r.lower() for r in regions}:
            raise SearchError(f"--region {region!r} is not a region; one of: {', '.join(regions)}")
    if framework:
        families = sorted({f.split("-")[0] for f in FRAMEWORKS} | set(FRAMEWORKS))
        if framework not in families:
            raise SearchError(f"--framework {framework!r}: one of {', '.join(families)}")
    if kind and kind not in KINDS:
        raise SearchError(f"--kind {kind!r}: one of {', '.join(KINDS)}")
    if theme and theme not in THEMES:
        raise SearchError(f"--theme {theme!r} is not a theme; one of: {', '.join(THEMES)}")
    return Filters(
        council=gss,
        region=region.strip() if region else None,
        framework=framework or None,
        years=parse_years(years) if years else None,
        kind=kind or None,
        theme=theme or None,
    )


def search(
    graph_path: Path,
    words: str,
    *,
    limit: int = 10,
    council: str | None = None,
    region: str | None = None,
    framework: str | None = None,
    years: str | None = None,
    kind: str | None = None,
    theme: str | None = None,
) -> list[Hit]:
    """The recommendations and judgements of a graph file closest in meaning to ``words``.

    Example: ``search(Path("graphs/ofsted.ttl"), "homeless young people", years="2020-")``.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise SearchError(f"--limit {limit}: give 1 to {MAX_LIMIT:,}")
    filters = resolve_filters(
        council=council, region=region, framework=framework, years=years, kind=kind, theme=theme
    )
    return open_index(graph_path).search(words, filters, limit)


COLUMNS = (
    "rank", "score", "council", "region", "start", "framework", "kind", "page", "themes",
    "quote", "report", "fact",
)  # fmt: skip


BRIEF_COLUMNS = ("rank", "score", "council", "start", "framework", "page", "quote")


def hit_rows(hits: list[Hit], brief: bool = False) -> tuple[list[str], list[list[str | None]]]:
    """Columns and rows of a search answer, as the query renderers take them (``brief``:
    the columns a table for people shows)."""
    rows: list[list[str | None]] = []
    for rank, hit in enumerate(hits, start=1):
        p = hit.passage
        rows.append(
            [
                str(rank),
                f"{hit.score:.3f}",
                p.council,
                p.region,
                p.start,
                p.framework,
                p.kind,
                None if p.page is None else str(p.page),
                " ".join(p.themes),
                p.quote,
                p.source,
                p.fact,
            ]
        )
    if brief:
        keep = [COLUMNS.index(name) for name in BRIEF_COLUMNS]
        return list(BRIEF_COLUMNS), [[row[i] for i in keep] for row in rows]
    return list(COLUMNS), rows
