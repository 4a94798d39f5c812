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
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ofsted_kg.atomic import atomic_write
from ofsted_kg.errors import GraphError, WriteError
from ofsted_kg.source.files import file_identity
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


def _store_folder(path: Path) -> Path:
    """Where the stores of a graph file live: ``<graph folder>/.store/<graph name>/``."""
    key = path.stem if path.suffix.lower() not in _OX_FORMATS else path.name
    return path.parent / STORE_DIR / key


def _content_digest(data: bytes) -> str:
    """The name of the store holding a graph file of these bytes (and the ontology)."""
    return hashlib.sha256(data + _ontology_digest().encode()).hexdigest()[:32]


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
    folder = _store_folder(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise _broken(path, exc) from None
    with handle:
        identity = file_identity(os.fstat(handle.fileno()))
        known = known_digest(folder, identity)
        if known is not None and (folder / f"db-{known}").is_dir():
            try:
                return ox.Store.read_only(str(folder / f"db-{known}"))
            except OSError:
                pass  # a store damaged on disk: rebuild it below
        data = handle.read()
    digest = _content_digest(data)
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
    folder = _store_folder(path)
    try:
        with path.open("rb") as handle:
            identity = file_identity(os.fstat(handle.fileno()))
            known = known_digest(folder, identity)
            if known is not None and (folder / f"db-{known}").is_dir():
                return folder / f"db-{known}"
            data = handle.read()
    except OSError as exc:
        raise _broken(path, exc) from None
    digest = _content_digest(data)
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
    folder = _store_folder(path)
    digest = _content_digest(data)
    try:
        identity = file_identity(path.stat())
        _open_or_build(path, folder, data, digest, identity)
    except OSError:
        return


def known_digest(folder: Path, identity: list[int]) -> str | None:
    """The digest ``folder/stamp.json`` records for a file of this ``identity``
    (:func:`~ofsted_kg.source.files.file_identity`), or None when the stamp is missing,
    unreadable or of another file."""
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
        _write_stamp(folder, identity, digest)
    return ox.Store.read_only(str(current))


def _write_stamp(folder: Path, identity: list[int], digest: str) -> None:
    """Remember which store holds the file of this ``identity`` (only a shortcut: without
    it the next query hashes the file again)."""
    with contextlib.suppress(WriteError):
        atomic_write(
            folder / "stamp.json", json.dumps({"identity": identity, "digest": digest}).encode()
        )


def _remove_leftovers(folder: Path) -> None:
    """Temporary folders of builds that were killed: all but those a live build is
    staging (``tmp-<pid>-...``, see :class:`StagedStore`)."""
    for leftover in folder.glob("tmp-*"):
        if not _staged_by_live_process(leftover.name):
            shutil.rmtree(leftover, ignore_errors=True)


def _staged_by_live_process(name: str) -> bool:
    match = re.fullmatch(r"tmp-(\d+)-.*", name)
    if match is None:
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's live process, or a number no process has: keep it
    return True


@dataclass(frozen=True)
class StoreDelta:
    """How a graph file differs from the one written before it (``previous``, its bytes):
    the subjects whose triples all go (changed or gone), and the triples to add (those of
    every changed or new subject, N-Triples)."""

    previous: bytes
    removed: list[str]
    added: bytes


class StagedStore:
    """The on-disk store of a graph file about to be written, loaded in a thread while the
    build validates and serialises the same graph (Oxigraph releases the GIL while it
    loads). With a :class:`StoreDelta` the previous file's store is copied (hard links to
    its immutable files) and only the difference applied. :meth:`commit`, once the file
    is written, names it after the file's bytes as :func:`open_store` would;
    :meth:`discard` drops it. A store that cannot be staged (a read-only folder, no space)
    is built by :meth:`commit` the usual way, or not at all, as with
    :func:`prepare_store`. ``ntriples``: the graph file's N-Triples (the data with the
    vocabulary, :func:`~ofsted_kg.rdf.vocabulary.standalone_lines`, as the file holds
    them), or how to make them (for a store loaded whole, when there is no store to copy)."""

    def __init__(
        self, path: Path, ntriples: bytes | Callable[[], bytes], delta: StoreDelta | None = None
    ) -> None:
        self.path = Path(path)
        self.folder = _store_folder(self.path)
        self.fresh: Path | None = None
        self._thread = threading.Thread(
            target=self._load, args=(ntriples, delta), name="ofsted-kg store", daemon=True
        )
        self._thread.start()

    def _load(self, ntriples: bytes | Callable[[], bytes], delta: StoreDelta | None) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fresh = Path(tempfile.mkdtemp(prefix=f"tmp-{os.getpid()}-", dir=self.folder))
        except OSError:
            return
        try:
            if delta is None or not self._copy_with(fresh, delta):
                shutil.rmtree(fresh, ignore_errors=True)
                store = ox.Store(str(fresh))
                try:
                    data = ntriples if isinstance(ntriples, bytes) else ntriples()
                    # The graph file's triples hold the ontology already (it stands alone):
                    # loading it again made a second set of files to compact (0.1 s at 108
                    # reports, 0.3-0.45 s at 450), where one bulk load leaves none.
                    store.bulk_load(data, ox.RdfFormat.N_TRIPLES)
                    store.flush()
                    store.optimize()
                finally:
                    del store
        except (OSError, SyntaxError, ValueError):
            shutil.rmtree(fresh, ignore_errors=True)
            return
        self.fresh = fresh

    def _copy_with(self, fresh: Path, delta: StoreDelta) -> bool:
        """Copy the previous file's store to ``fresh`` and apply ``delta``; False when
        there is no such store (or a subject is a blank node, which has no name to find
        it by in another store)."""
        digest = _content_digest(delta.previous)
        previous = self.folder / f"db-{digest}"
        if not previous.is_dir() or any(s.startswith("_:") for s in delta.removed):
            return False
        try:
            source = ox.Store.read_only(str(previous))
        except OSError:
            return False
        fresh.rmdir()  # the copy makes the folder
        source.backup(str(fresh))
        del source
        store = ox.Store(str(fresh))
        try:
            for subject in delta.removed:
                for quad in list(store.quads_for_pattern(ox.NamedNode(subject), None, None)):
                    store.remove(quad)
            store.load(delta.added, ox.RdfFormat.N_TRIPLES)
            store.flush()
            # Not optimize(): 0.3-0.45 s at 450 reports for the few small files a delta
            # adds (4 for a changed report), which RocksDB compacts itself as they come
            # (9-12 files after 12 rebuilds of one store, 5 when compacted).
        finally:
            del store
        return True

    def opened(self) -> ox.Store | None:
        """The staged store, open, once loaded (None if it could not be staged): to read
        before :meth:`commit`, which needs it closed (every reference dropped)."""
        self._thread.join()
        if self.fresh is None:
            return None
        try:
            return ox.Store(str(self.fresh))
        except OSError:
            return None

    def commit(self, data: bytes) -> None:
        """Name the staged store after ``data``, the bytes just written to the file."""
        from filelock import FileLock

        self._thread.join()
        fresh, self.fresh = self.fresh, None
        if fresh is None:
            prepare_store(self.path, data)
            return
        digest = _content_digest(data)
        current = self.folder / f"db-{digest}"
        try:
            identity = file_identity(self.path.stat())
            with FileLock(str(self.folder / "store.lock")):
                if current.is_dir():
                    shutil.rmtree(fresh, ignore_errors=True)
                else:
                    fresh.rename(current)
                _prune(self.folder, keep=current)
                _remove_leftovers(self.folder)
                _write_stamp(self.folder, identity, digest)
        except OSError:
            shutil.rmtree(fresh, ignore_errors=True)

    def discard(self) -> None:
        """Drop the staged store (the graph was not written)."""
        self._thread.join()
        if self.fresh is not None:
            shutil.rmtree(self.fresh, ignore_errors=True)
            self.fresh = None


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
