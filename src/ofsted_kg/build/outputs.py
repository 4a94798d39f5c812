"""The build's outputs: the graph files rendered and written to temporary files while
the graph is validated, the query store staged, and all put in place together with the
cache's manifest once it conforms."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ofsted_kg.atomic import PendingWrite, atomic_write_many, build_lock
from ofsted_kg.build.cache import Processed, ReportCache
from ofsted_kg.build.delta import LINES_LOG, SOURCES, LineLog, Sources
from ofsted_kg.build.outcome import BuildResult
from ofsted_kg.build.previous import (
    DOCUMENTS_INDEX,
    DOCUMENTS_LINES,
    GRAPH_JSONLD,
    GRAPH_TURTLE,
    MANIFEST,
)
from ofsted_kg.rdf.documents import Block, Documents, render_documents
from ofsted_kg.rdf.ntriples import ntriples_document, subject_run
from ofsted_kg.rdf.serialise import PREFIX_MAP, jsonld_context
from ofsted_kg.source.files import file_identity
from ofsted_kg.store.disk import StagedStore, StoreDelta


def render_and_stage(
    out_dir: Path,
    written: list[str],
    data: bytes,
    previous: Documents | None,
    ahead: dict[str, Block] | None = None,
) -> tuple[Documents, StagedStore]:
    """The graph files of the :func:`written_lines` lines and bytes, reusing ``previous`` and
    the blocks written ``ahead`` where it can, and their query store, loading in a thread."""
    path = out_dir / GRAPH_TURTLE
    if previous is None:  # the whole store to load: start it first
        staged = StagedStore(path, data)
        return render_documents(written, PREFIX_MAP, jsonld_context(), None, ahead), staged
    documents = render_documents(written, PREFIX_MAP, jsonld_context(), previous, ahead)
    delta = StoreDelta(previous.turtle, documents.changed, ntriples_document(documents.fresh_lines))
    return documents, StagedStore(path, data, delta)


def stage_edit(
    out_dir: Path, written: list[str], previous: Documents, touched: set[str]
) -> StagedStore:
    """The query store of the ``written`` lines, staged from the last one (of ``previous``)
    with the lines of the ``touched`` subjects replaced, as the files' rendering would."""
    subjects = sorted(touched)
    gone = [subject for subject in subjects if subject in previous.index.position]
    fresh = [line for subject in subjects for line in subject_run(written, subject)]
    delta = StoreDelta(previous.turtle, gone, ntriples_document(fresh))
    return StagedStore(out_dir / GRAPH_TURTLE, functools.partial(ntriples_document, written), delta)


@dataclass
class KeptLines:
    """The lines a build keeps for the next to edit: the base file written anew
    (``ntriples``; the ``log`` then empty), or the last one kept (``base_sha``, its hash)
    with the ``log`` of the lines edited since."""

    ntriples: bytes | None
    log: LineLog
    base_sha: str | None = None
    # The base file's identity as the last build recorded it (it is recorded again only if
    # the file still has it: another build may have written the file since).
    base_identity: list[int] | None = None

    @classmethod
    def anew(cls, ntriples: bytes) -> KeptLines:
        return cls(ntriples, LineLog([], []))


@dataclass
class GraphFiles:
    """A build's graph files (and, with a cache, the index of their blocks and the lines
    they render) written to temporary files, with their hashes, to be put in place with
    the manifest by :func:`commit_outputs`; ``kept``: files the last build wrote, kept as
    they are."""

    pending: PendingWrite
    hashes: dict[str, str]
    documents: Documents
    out_dir: Path
    cache_dir: Path | None
    kept: dict[Path, list[int] | None] = field(default_factory=dict)  # with their identities

    @classmethod
    def now(
        cls,
        documents: Documents,
        lines: KeptLines,
        out_dir: Path,
        cache_dir: Path | None,
        sources: Sources | None,
    ) -> GraphFiles:
        outputs = {
            out_dir / GRAPH_TURTLE: documents.turtle,
            out_dir / GRAPH_JSONLD: documents.jsonld,
        }
        kept: dict[Path, list[int] | None] = {}
        if cache_dir is not None:
            index = json.dumps(documents.index.to_json(), separators=(",", ":")).encode()
            outputs[cache_dir / DOCUMENTS_INDEX] = index
            if lines.ntriples is not None:
                outputs[cache_dir / DOCUMENTS_LINES] = lines.ntriples
            else:
                kept[cache_dir / DOCUMENTS_LINES] = lines.base_identity
            outputs[cache_dir / LINES_LOG] = lines.log.to_bytes()
            if sources is not None:
                outputs[cache_dir / SOURCES] = sources.to_bytes()
        hashes = {path.name: hashlib.sha256(data).hexdigest() for path, data in outputs.items()}
        if lines.base_sha is not None:
            hashes[DOCUMENTS_LINES] = lines.base_sha
        return cls(PendingWrite(outputs), hashes, documents, out_dir, cache_dir, kept)

    @property
    def paths(self) -> list[Path]:
        return list(self.pending.temps)

    def discard(self) -> None:
        self.pending.discard()


def commit_outputs(
    result: BuildResult,
    files: GraphFiles,
    cache: ReportCache | None,
    manifest: dict | None,
    processed: list[Processed],
    notify: Callable[[str], None] | None,
    staged: StagedStore,
    identities: dict[str, list[int]],
) -> None:
    """Put the graph files (written ahead) in place with the cache's manifest, all
    together, and the query store, under the build lock."""
    cache_dir, hashes = files.cache_dir, files.hashes
    outputs = [files.out_dir / GRAPH_TURTLE, files.out_dir / GRAPH_JSONLD]
    paths = files.paths
    with build_lock(files.out_dir, notify=notify):
        if cache is not None and cache_dir is not None and manifest is not None:
            manifest["validated"] = result.validation is not None
            manifest["outputs"] = {path.name: hashes[path.name] for path in outputs}
            manifest["documents_index"] = hashes[DOCUMENTS_INDEX]
            manifest["documents_lines"] = hashes[DOCUMENTS_LINES]
            manifest["documents_edits"] = hashes[LINES_LOG]
            manifest["sources"] = hashes.get(SOURCES)
            manifest["identities"] = identities
            manifest["files"] = [[o.name, o.status, o.record().reason] for o in result.outcomes]
            manifest["notes"] = result.notes
            # One build's outputs are replaced together or not at all, its record too.
            files.pending.commit({cache_dir / MANIFEST: json.dumps(manifest, indent=1).encode()})
            # Then the files' identities, for the next build to know them unchanged without
            # hashing 170 MB at England's size (killed before this, it hashes them).
            manifest["written"] = {path.name: file_identity(path.stat()) for path in paths}
            for path, identity in files.kept.items():  # if untouched since it was read
                with contextlib.suppress(OSError):
                    if identity is not None and file_identity(path.stat()) == identity:
                        manifest["written"][path.name] = identity
            atomic_write_many({cache_dir / MANIFEST: json.dumps(manifest, indent=1).encode()})
            cache.prune(processed)
        else:
            files.pending.commit()
        staged.commit(files.documents.turtle)
    result.written.extend(outputs)
    result.reused = files.documents.reused
