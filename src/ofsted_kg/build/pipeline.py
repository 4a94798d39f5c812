"""The build: read inputs, parse, build the graph, validate, write ``graphs/`` atomically.

Each file is read, parsed and turned into sorted N-Triples on its own (in parallel across
the machine's cores, and from ``graphs/.cache`` when its bytes have not changed); the
lines are merged, loaded into Oxigraph for validation, and written as Turtle and JSON-LD,
each report's part of those files written as it comes in (:mod:`ofsted_kg.build.ahead`)
and every unchanged subject's copied from the last build's files
(:mod:`ofsted_kg.rdf.documents`). The files are written to temporary files while the graph
is validated, and put in place, with the cache's manifest, only if it conforms.

One bad file never costs the others. A file that is not an inspection report (a
monitoring visit letter, a ``.docx``) is *skipped*; one that cannot be read, or whose
council or dates cannot be found, is *refused*; a report whose facts break the shapes (or
contradict another file about the same inspection) is *quarantined*: its facts stay out of
the graph. The graph of every other report is written, with a build record saying what
became of each file (:mod:`ofsted_kg.rdf.buildrecord`). ``strict`` keeps all-or-nothing.
Violations that no report is to blame for write nothing, so a broken graph never replaces
a good one.

The steps are modules of their own, run here in order: :mod:`~ofsted_kg.build.reading`
(every file read, from the cache or by the workers), :mod:`~ofsted_kg.build.outcome` (what
became of each), :mod:`~ofsted_kg.build.lines` (the graph's lines, merged or edited),
:mod:`~ofsted_kg.build.check` (validation and quarantine) and
:mod:`~ofsted_kg.build.outputs` (the files and the query store, put in place together).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ofsted_kg.build.ahead import BlocksAhead
from ofsted_kg.build.cache import CACHE_DIR, ReportCache
from ofsted_kg.build.check import Changes, changes_since, check, quarantine
from ofsted_kg.build.delta import Update, few_changed
from ofsted_kg.build.lines import edited_lines, graph_lines, written_lines
from ofsted_kg.build.outcome import BuildResult, Outcome, deduplicate, result_of
from ofsted_kg.build.outputs import (
    GraphFiles,
    KeptLines,
    commit_outputs,
    render_and_stage,
    stage_edit,
)
from ofsted_kg.build.per_file import parse_file
from ofsted_kg.build.previous import (
    DOCUMENTS_LINES,
    hash_inputs,
    last_sources,
    manifest_of,
    previous_documents,
    previous_inputs,
    previous_log,
    read_manifest,
    recorded_identity,
    up_to_date,
)
from ofsted_kg.build.reading import cached_records, load_lines, process_all
from ofsted_kg.errors import Interrupted, WriteError
from ofsted_kg.model.namespaces import IRIs
from ofsted_kg.rdf.documents import Documents, render_documents
from ofsted_kg.rdf.ntriples import ntriples_document
from ofsted_kg.rdf.serialise import PREFIX_MAP, jsonld_context
from ofsted_kg.rdf.vocabulary import standalone_lines
from ofsted_kg.source.files import input_files
from ofsted_kg.source.manifest import origins
from ofsted_kg.store.disk import StagedStore
from ofsted_kg.validate.validator import ValidationResult

__all__ = ["BuildResult", "Outcome", "build", "deduplicate", "parse_file", "process_all"]


def _restore(result: BuildResult, previous: dict, validate: bool, validator: str) -> None:
    """An up-to-date build reports what the last one found (its quarantines and notes)."""
    statuses = {name: (status, reason) for name, status, reason in previous.get("files", [])}
    for outcome in result.outcomes:
        status, reason = statuses.get(outcome.name, ("read", None))
        if status == "quarantined" and reason:
            outcome.quarantined = reason.split("; ")
        elif status == "duplicate" and reason:
            outcome.duplicate_of = reason.removeprefix("the same inspection as ").split(",")[0]
    result.notes = previous.get("notes", [])
    result.up_to_date = True
    result.validation = ValidationResult(True, [], validator) if validate else None


def build(
    inputs: Iterable[Path],
    out_dir: Path | None,
    *,
    base: str | None = None,
    validate: bool = True,
    strict: bool = False,
    allow_partial: bool = True,
    progress: Callable[[Path], None] | None = None,
    notify: Callable[[str], None] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    validator: str = "sparql",
) -> BuildResult:
    """Build the graph from report files and (unless ``out_dir`` is None) write it.

    The graph of every report read is written, refused and quarantined files listed in
    its build record; with ``strict`` (or without ``allow_partial``) nothing is written
    unless every report was read and kept. Nothing is written either when the graph has
    violations no report is to blame for: the files already in ``out_dir`` stay as they
    were. When nothing changed since the last build of ``out_dir`` (same inputs, same
    code, the outputs untouched, validated if asked for) the build reports from its cache
    and writes nothing. Builds into the same folder are serialised by a lock (``notify``
    hears of a wait).
    """
    try:
        return _build(
            inputs,
            out_dir,
            base=base,
            validate=validate,
            strict=strict,
            allow_partial=allow_partial,
            progress=progress,
            notify=notify,
            jobs=jobs,
            use_cache=use_cache,
            validator=validator,
        )
    except KeyboardInterrupt as exc:
        if isinstance(exc, Interrupted):
            raise
        raise Interrupted("interrupted (Ctrl-C); nothing more was written") from None


def _build(
    inputs: Iterable[Path],
    out_dir: Path | None,
    *,
    base: str | None,
    validate: bool,
    strict: bool,
    allow_partial: bool,
    progress: Callable[[Path], None] | None,
    notify: Callable[[str], None] | None,
    jobs: int | None,
    use_cache: bool,
    validator: str,
) -> BuildResult:
    inputs = list(inputs)
    files = input_files(inputs)
    found, origin_notes = origins(inputs)  # from ofsted-kg sync's manifests, if any
    cache_dir = out_dir / CACHE_DIR if out_dir is not None else None
    cache = ReportCache(cache_dir, IRIs(base).base) if cache_dir and use_cache else None
    previous = read_manifest(cache_dir) if cache_dir and cache else None
    hashes, identities = hash_inputs(files, previous)
    manifest = manifest_of(files, hashes, base, found) if cache else None
    if (
        cache is not None
        and manifest
        and out_dir is not None
        and up_to_date(previous, manifest, out_dir, validate)
        and (unchanged := cached_records(files, hashes, cache, progress)) is not None
    ):
        # Nothing changed: each file's records, not its triples, and nothing written.
        result = result_of(unchanged, found, strict or not allow_partial)
        _restore(result, previous or {}, validate, validator)  # its notes include origin_notes
        return result
    ahead = BlocksAhead()  # filled only when there are files to write
    # Few files changed since the last build: its lines are edited, not every report's
    # merged (:mod:`ofsted_kg.build.delta`).
    last = last_sources(cache_dir, previous, base) if cache_dir is not None and cache else None
    now = {file.name: sha for file, sha in zip(files, hashes, strict=True)}
    if last is not None and not few_changed(previous_inputs(previous), now):
        last = None
    processed = process_all(
        files,
        base=base,
        cache=cache,
        jobs=jobs,
        progress=progress,
        hashes=hashes,
        on_read=ahead.add if out_dir is not None else None,
        cached_lines=last is None,
    )
    result = result_of(processed, found, strict or not allow_partial)
    result.notes = deduplicate(result.outcomes) + origin_notes
    reusable: Documents | None = None
    edit: Update | None = None
    last_log = previous_log(cache_dir, previous) if cache_dir is not None else None
    if last is not None and out_dir is not None and cache_dir is not None and cache:
        reusable = previous_documents(out_dir, cache_dir, previous, last_log)
        if reusable is not None and reusable.lines is not None:
            edit = edited_lines(result.outcomes, base, last, reusable.lines, cache)
    previous_validated = bool((previous or {}).get("validated"))
    if edit is None:
        load_lines(result.outcomes, files, hashes, cache, base)
        lines, sources = graph_lines(result.outcomes, base)
        written = standalone_lines(lines)
    else:
        lines, sources, written = edit.data, edit.sources, edit.written
        result.edited = (len(edit.removed), len(edit.added))
    # The new lines as the last base file's edited (by an edit), and whether that file is
    # kept, with the log of lines edited since, or written anew (the log then empty).
    since_base = last_log.then(edit.removed, edit.added) if edit and last_log is not None else None
    keep_base = since_base is not None and not since_base.is_long(len(written))
    staged: StagedStore | None = None
    documents: Documents | None = None
    files_ahead: GraphFiles | None = None
    kept_in = cache_dir if cache is not None else None  # where the blocks' index is kept
    try:
        with ThreadPoolExecutor(1, thread_name_prefix="ofsted-kg validation") as pool:
            changes: Future[Changes | None] = Future()
            edited = None
            data: bytes | None = None
            if edit is not None and reusable is not None and reusable.lines is not None:
                # The query store is copied and edited now, and the validation checks the
                # nodes the edit can affect on it if the last graph conformed (in memory,
                # the whole graph would have to be loaded first: 1 s at 450 reports).
                base_iri = IRIs(base).base
                scope = edit.scope(reusable.lines, base_iri) if previous_validated else None
                changes.set_result(scope)
                if out_dir and result.reports and not (result.strict and not result.complete):
                    staged = stage_edit(out_dir, written, reusable, edit.subjects())
                    edited = staged.opened if scope is not None else None
            else:
                data = ntriples_document(written)
            checking = (
                pool.submit(check, lines, validator, data, changes, edited) if validate else None
            )
            if keep_base and since_base is not None:
                last_build = previous or {}
                base_sha = str(last_build.get("documents_lines"))
                base_identity = recorded_identity(last_build, DOCUMENTS_LINES)
                kept_lines = KeptLines(None, since_base, base_sha, base_identity)
            else:  # the base file of lines written anew
                kept_lines = KeptLines.anew(
                    data if data is not None else ntriples_document(written)
                )
            try:
                if reusable is None and out_dir is not None and cache_dir is not None:
                    reusable = previous_documents(out_dir, cache_dir, previous, last_log)
                # Files the last build left are reused only if this code wrote them, so
                # their verdict holds for these shapes if that build validated them.
                if (reusable is None or not previous_validated) and not changes.done():
                    changes.set_result(None)  # all to check: no need to wait for the writers
                refused = result.strict and not result.complete
                if out_dir is not None and result.reports and not refused:
                    # While the graph is validated, write it as if it conforms: the query
                    # store loads in a thread of its own, the serialisers run here.
                    if staged is not None and edit is not None:  # staged from the edit
                        documents = render_documents(
                            written, PREFIX_MAP, jsonld_context(), reusable, ahead.blocks,
                            edit.subjects(),
                        )  # fmt: skip
                    elif kept_lines.ntriples is not None:
                        documents, staged = render_and_stage(
                            out_dir, written, kept_lines.ntriples, reusable, ahead.blocks
                        )
                    # The documents hold them now: a graph with reports quarantined is
                    # rendered anew (about 25 MB of the build's peak at 450 reports).
                    ahead.blocks.clear()
                if reusable is not None and not changes.done():
                    changes.set_result(changes_since(documents, reusable, IRIs(base).base))
                if documents is not None and out_dir is not None:
                    # Written ahead if they can be (the build says why one cannot only if
                    # the graph is to be written: below).
                    with contextlib.suppress(WriteError):
                        files_ahead = GraphFiles.now(
                            documents, kept_lines, out_dir, kept_in, sources
                        )
            finally:
                if not changes.done():  # the validation thread waits for it
                    changes.set_result(None)
            if checking is not None:
                verdict = checking.result()
                if not verdict.conforms:  # the reports to blame are found by their lines
                    load_lines(result.outcomes, files, hashes, cache, base)
                result.lines, sources, result.validation = quarantine(
                    result.outcomes, base, validator, lines, sources, verdict
                )
            else:
                result.lines = lines
        if out_dir is None or not result.reports:
            return result  # nothing read: a graph of the reference data alone says nothing
        if result.strict and not result.complete:
            return result
        if result.validation is not None and not result.validation.conforms:
            return result
        if documents is None or staged is None or result.lines is not lines:
            # Reports were quarantined: another graph to write.
            if staged is not None:
                staged.discard()
            if files_ahead is not None:
                files_ahead.discard()
            written, data = written_lines(result.lines)
            kept_lines = KeptLines.anew(data)
            documents, staged = render_and_stage(out_dir, written, data, reusable, ahead.blocks)
            files_ahead = None
        graph_files = files_ahead or GraphFiles.now(
            documents, kept_lines, out_dir, kept_in, sources
        )
        files_ahead = None
        commit_outputs(result, graph_files, cache, manifest, processed, notify, staged, identities)
        staged = None
    finally:
        if staged is not None:
            staged.discard()
        if files_ahead is not None:
            files_ahead.discard()
    return result
