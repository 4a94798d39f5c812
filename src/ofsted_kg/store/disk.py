"""Open a built graph for validation, export or querying.

Queries run on a persistent Oxigraph store kept beside the graph file
(``graphs/.store/``), rebuilt only when the graph file or the shipped ontology changed,
so ``ofsted-kg query`` does not re-parse the whole graph every time it starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ofsted_kg.atomic import atomic_write
from ofsted_kg.errors import GraphError, WriteError
from ofsted_kg.store.engines import Engine, OxigraphEngine, load_ontology

if TYPE_CHECKING:
    from rdflib import Graph

STORE_DIR = ".store"


# Graph files by extension; anything else is read as Turtle.
_OX_FORMATS = {".jsonld": ox.RdfFormat.JSON_LD, ".nt": ox.RdfFormat.N_TRIPLES}


def _format(path: Path) -> ox.RdfFormat:
    return _OX_FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)


def _missing(path: Path) -> GraphError:
    return GraphError(f"{path}: no such graph file; run 'ofsted-kg build' first")


def _empty(path: Path) -> GraphError:
    return GraphError(f"{path}: the graph is empty")


def _broken(path: Path, exc: BaseException) -> GraphError:
    lines = str(exc).splitlines()
    reason = (exc.strerror if isinstance(exc, OSError) else None) or (
        lines[0] if lines and lines[0] else type(exc).__name__
    )
    return GraphError(f"{path}: cannot load graph: {reason}")


def _check_file(path: Path) -> None:
    """A graph file must exist, be a file and hold something."""
    if path.is_dir():
        raise GraphError(
            f"{path}: is a folder; give the graph file in it (e.g. {path / 'ofsted.ttl'})"
        )
    if not path.is_file():
        raise _missing(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _broken(path, exc) from None
    if size == 0:
        raise _empty(path)


def load_graph(path: Path) -> Graph:
    """Load a Turtle (or JSON-LD, N-Triples) graph file into rdflib.

    Oxigraph parses (clear messages on bad input, and fast); :mod:`ofsted_kg.store.bridge`
    hands its triples to rdflib."""
    from ofsted_kg.store.bridge import rdflib_graph

    path = Path(path)
    _check_file(path)
    try:
        with path.open("rb") as handle:
            graph = rdflib_graph(ox.parse(handle, _format(path)))
    except (SyntaxError, OSError) as exc:
        raise _broken(path, exc) from None
    if len(graph) == 0:
        raise _empty(path)
    return graph


def load_file(store: ox.Store, path: Path) -> None:
    """Bulk-load a Turtle, JSON-LD (``.jsonld``) or N-Triples (``.nt``) file into ``store``.

    A missing, empty or broken file raises :class:`GraphError`; an :class:`OSError` while
    loading is the store's (a full or read-only disk), not the file's, and is raised as is.
    """
    path = Path(path)
    _check_file(path)
    fmt = _format(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _broken(path, exc) from None
    was_empty = _is_empty(store)
    with handle:
        try:
            store.bulk_load(handle, fmt)
        except SyntaxError as exc:
            raise _broken(path, exc) from None
    if was_empty and _is_empty(store):
        raise _empty(path)


def _is_empty(store: ox.Store) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None)), None) is None


def _identity(stat: os.stat_result) -> list[int]:
    """Which file this is, as the filesystem says: replaced or edited files differ."""
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _ontology_digest() -> str:
    from ofsted_kg.resources import ontology_turtle

    return hashlib.sha256(ontology_turtle()).hexdigest()


def open_store(path: Path) -> ox.Store:
    """A read-only Oxigraph store holding the graph file and the ontology.

    Stores live in ``<graph folder>/.store/<graph name>/`` (``ofsted`` for ``ofsted.ttl``,
    ``ofsted.jsonld`` for that file: the two do not evict each other), one folder per
    content: ``db-<sha256 of the graph's bytes and the ontology's>``. A store is built
    from the very bytes its name is the hash of, into a temporary folder that is renamed
    into place when complete, by one process at a time (a lock file): a store's name
    can never vouch for other content, and a killed build leaves only a temporary
    folder that the next build removes. ``stamp.json`` only remembers which content the
    file had at a given size and modification time, to skip hashing it next time. When
    the folder cannot be written (read-only filesystem, no permission, no space) the
    graph is loaded into memory instead.
    """
    path = Path(path)
    _check_file(path)
    key = path.stem if path.suffix.lower() not in _OX_FORMATS else path.name
    folder = path.parent / STORE_DIR / key
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _broken(path, exc) from None
    with handle:
        identity = _identity(os.fstat(handle.fileno()))
        known = known_digest(folder, identity)
        if known is not None and (folder / f"db-{known}").is_dir():
            try:
                return ox.Store.read_only(str(folder / f"db-{known}"))
            except OSError:
                pass  # a store damaged on disk: rebuild it below
        data = handle.read()
    digest = hashlib.sha256(data + _ontology_digest().encode()).hexdigest()[:32]
    try:
        return _open_or_build(path, folder, data, digest, identity)
    except OSError:
        return _in_memory(path, data)


def store_folder(path: Path) -> Path:
    """The folder of the graph file's on-disk store (``db-<hash>``, built first when the
    graph changed), for another program to open read-only; :class:`GraphError` when it
    cannot be built beside the graph (a read-only folder, no space)."""
    path = Path(path)
    _check_file(path)
    key = path.stem if path.suffix.lower() not in _OX_FORMATS else path.name
    folder = path.parent / STORE_DIR / key
    try:
        with path.open("rb") as handle:
            identity = _identity(os.fstat(handle.fileno()))
            known = known_digest(folder, identity)
            if known is not None and (folder / f"db-{known}").is_dir():
                return folder / f"db-{known}"
            data = handle.read()
    except OSError as exc:
        raise _broken(path, exc) from None
    digest = hashlib.sha256(data + _ontology_digest().encode()).hexdigest()[:32]
    try:
        store = _open_or_build(path, folder, data, digest, identity)
    except OSError as exc:
        raise GraphError(
            f"{folder}: cannot build the graph's store there ({exc.strerror or exc})"
        ) from None
    del store  # the caller's program opens it
    return folder / f"db-{digest}"


def prepare_store(path: Path, data: bytes) -> None:
    """Build the on-disk store of a graph file just written with ``data`` (so the first
    query is as fast as the rest); a folder that cannot be written is left alone."""
    path = Path(path)
    key = path.stem if path.suffix.lower() not in _OX_FORMATS else path.name
    folder = path.parent / STORE_DIR / key
    digest = hashlib.sha256(data + _ontology_digest().encode()).hexdigest()[:32]
    try:
        identity = _identity(path.stat())
        _open_or_build(path, folder, data, digest, identity)
    except OSError:
        return


def known_digest(folder: Path, identity: list[int]) -> str | None:
    """The digest ``folder/stamp.json`` records for a file of this ``identity`` (inode,
    size, mtime), or None when the stamp is missing, unreadable or of another file."""
    try:
        stamp = json.loads((folder / "stamp.json").read_text(encoding="utf-8"))
        if stamp.get("identity") == identity and isinstance(stamp.get("digest"), str):
            return stamp["digest"]
    except (OSError, ValueError, AttributeError):
        pass
    return None


def _open_or_build(
    path: Path, folder: Path, data: bytes, digest: str, identity: list[int]
) -> ox.Store:
    """The store named by ``digest``, built from ``data`` under the folder's lock if no
    process has built it yet."""
    from filelock import FileLock

    folder.mkdir(parents=True, exist_ok=True)
    current = folder / f"db-{digest}"
    with FileLock(str(folder / "store.lock")):
        if not current.is_dir():
            _remove_leftovers(folder)
            fresh = Path(tempfile.mkdtemp(prefix="tmp-", dir=folder))
            try:
                store = ox.Store(str(fresh))
                try:
                    _load_bytes(store, path, data)
                    load_ontology(store)
                    store.flush()
                    # Compacting after the bulk load makes reads ~20% faster.
                    store.optimize()
                finally:
                    del store
                fresh.rename(current)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            _prune(folder, keep=current)
        # Only a shortcut: without it the next query hashes the file again.
        with contextlib.suppress(WriteError):
            atomic_write(
                folder / "stamp.json",
                json.dumps({"identity": identity, "digest": digest}).encode(),
            )
    return ox.Store.read_only(str(current))


def _remove_leftovers(folder: Path) -> None:
    """Temporary folders of builds that were killed (only lock holders make them)."""
    for leftover in folder.glob("tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _prune(folder: Path, keep: Path, spare: int = 1) -> None:
    """Delete older stores, sparing the ``spare`` most recent (a query may have one open)."""
    others = sorted(
        (p for p in folder.glob("db-*") if p != keep and p.is_dir()),
        key=lambda p: p.stat().st_mtime_ns,
        reverse=True,
    )
    for old in [*others[spare:], *folder.glob("db"), *folder.glob("db.*")]:
        shutil.rmtree(old, ignore_errors=True)


def _load_bytes(store: ox.Store, path: Path, data: bytes) -> None:
    try:
        store.bulk_load(data, _format(path))
    except SyntaxError as exc:
        raise _broken(path, exc) from None
    if _is_empty(store):
        raise _empty(path)


def _in_memory(path: Path, data: bytes) -> ox.Store:
    store = ox.Store()
    _load_bytes(store, path, data)
    load_ontology(store)
    return store


def open_engine(path: Path, engine: str = "oxigraph") -> Engine:
    """A query engine over the graph file plus the shipped ontology."""
    if engine == "oxigraph":
        return OxigraphEngine(open_store(Path(path)))
    from ofsted_kg.store.engines import RdflibEngine

    return RdflibEngine(load_graph(path))
