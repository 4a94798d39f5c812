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
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ofsted_kg.atomic import PendingWrite, atomic_write_many, build_lock
from ofsted_kg.build.ahead import BlocksAhead
from ofsted_kg.build.cache import CACHE_DIR, Processed, ReportCache
from ofsted_kg.build.delta import (
    LINES_LOG,
    SOURCES,
    LineLog,
    Sources,
    Update,
    few_changed,
    merge,
    update,
)
from ofsted_kg.build.per_file import load, parse_file, process
from ofsted_kg.build.previous import (
    DOCUMENTS_INDEX,
    DOCUMENTS_LINES,
    GRAPH_JSONLD,
    GRAPH_TURTLE,
    MANIFEST,
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
from ofsted_kg.build.workers import Failure, WorkerPool
from ofsted_kg.errors import Interrupted, WriteError
from ofsted_kg.model.councils import inspection_key, resolve_authority
from ofsted_kg.model.namespaces import IRIs
from ofsted_kg.model.records import Report
from ofsted_kg.processes import cpu_count
from ofsted_kg.rdf.buildrecord import FileRecord, build_record_triples
from ofsted_kg.rdf.documents import Block, Documents, previous_lines, render_documents
from ofsted_kg.rdf.graph import graph_of, people_triples, reference_triples
from ofsted_kg.rdf.ntriples import ntriples_lines, subject_groups, subject_run
from ofsted_kg.rdf.serialise import PREFIX_MAP, jsonld_context
from ofsted_kg.rdf.vocabulary import standalone_lines
from ofsted_kg.source.files import InputFile, file_identity, file_sha256, input_files
from ofsted_kg.source.manifest import Origin, origins
from ofsted_kg.store.disk import StagedStore, StoreDelta
from ofsted_kg.validate.scope import change_scope, nodes_to_check
from ofsted_kg.validate.validator import ValidationResult, Violation, validate_graph

# What a rebuild changed in a graph that conformed: the subjects whose triples changed,
# and the IRIs they named before or name now (see :mod:`ofsted_kg.validate.scope`).
Changes = tuple[set[str], set[str]]

__all__ = ["BuildResult", "Outcome", "build", "deduplicate", "parse_file", "process_all"]

PARALLEL_FROM = 8  # fewer text files than this are parsed in this process
QUARANTINE_ROUNDS = 3  # validate, quarantine the reports to blame, validate again...


@dataclass
class Outcome:
    """What became of one input file: its status (see :data:`vocab.BUILD_STATUSES`) and
    why, with the report where one was parsed."""

    path: Path
    name: str = ""
    report: Report | None = None
    error: str | None = None  # refused: why
    cached: bool = False
    skipped: str | None = None  # not a report: what it is
    quarantined: list[str] = field(default_factory=list)  # why its facts were left out
    duplicate_of: str | None = None  # the file used for the same inspection
    sha256: str = ""
    lines: list[str] | None = None
    origin: Origin | None = None  # where ofsted-kg sync downloaded it from

    @property
    def status(self) -> str:
        if self.skipped is not None:
            return "skipped"
        if self.report is None:
            return "refused"
        if self.quarantined:
            return "quarantined"
        if self.duplicate_of is not None:
            return "duplicate"
        return "read"

    @property
    def ok(self) -> bool:
        """Its facts are in the graph."""
        return self.status == "read"

    def record(self) -> FileRecord:
        reason = {
            "refused": (self.error or "").removeprefix(f"{self.name}: ") or None,
            "skipped": self.skipped,
            "quarantined": "; ".join(self.quarantined),
            "duplicate": f"the same inspection as {self.duplicate_of}, which was used",
        }.get(self.status)
        gss = inspection = None
        if self.report is not None and self.status in ("quarantined", "duplicate"):
            gss = resolve_authority(self.report.authority.name, self.name).gss
        if self.report is not None and self.status == "read" and self.origin is not None:
            inspection = (
                resolve_authority(self.report.authority.name, self.name).gss,
                self.report.start.value,
            )
        origin = self.origin
        return FileRecord(
            self.name,
            self.sha256,
            self.status,
            reason,
            gss,
            origin_url=origin.url if origin else None,
            origin_label=origin.label if origin else None,
            published_online=origin.published if origin else None,
            inspection=inspection,
        )


@dataclass
class BuildResult:
    """Everything a build did, for the CLI to summarise."""

    outcomes: list[Outcome]
    lines: list[str] = field(default_factory=list)
    validation: ValidationResult | None = None
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    up_to_date: bool = False
    strict: bool = False
    reused: int = 0  # subjects whose text was copied from the files the last build wrote
    # The lines removed and added when the last build's lines were edited (None: merged).
    edited: tuple[int, int] | None = None
    _graph: Graph | None = None

    @property
    def reports(self) -> list[Report]:
        """The reports whose facts are in the graph."""
        return [o.report for o in self.outcomes if o.ok and o.report is not None]

    @property
    def failures(self) -> list[Outcome]:
        """Files refused: unreadable, or no council or dates found."""
        return [o for o in self.outcomes if o.status == "refused"]

    @property
    def quarantined(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "quarantined"]

    @property
    def skipped(self) -> list[Outcome]:
        """Files that are not inspection reports (a note each, not a failure)."""
        return [o for o in self.outcomes if o.status == "skipped"]

    @property
    def complete(self) -> bool:
        """Every report read, none refused or quarantined."""
        return not self.failures and not self.quarantined

    @property
    def triple_count(self) -> int:
        return len(self.lines)

    @property
    def graph(self) -> Graph:
        """The built graph as rdflib (made on first use: large graphs take a while)."""
        if self._graph is None:
            graph = Graph()
            graph.parse(data="\n".join(self.lines), format="nt")
            self._graph = graph_of(graph)
        return self._graph


def _judgement_key(report: Report) -> frozenset[tuple[str, str, str]]:
    return frozenset((j.scope, j.area, j.grade) for j in report.judgements)


def deduplicate(outcomes: list[Outcome]) -> list[str]:
    """One report per inspection (council and start date); a note for each one dropped.

    The same inspection given twice (the PDF and a text copy of it) is kept once, the PDF
    preferred as Ofsted's original publication, when both give the same judgements and
    dates (the other becomes a *duplicate*); two files that disagree about one
    inspection are both quarantined, since neither can be trusted over the other.
    """
    chosen: dict[tuple[str, str], Outcome] = {}
    notes = []
    for outcome in outcomes:
        report = outcome.report
        if report is None or not outcome.ok:
            continue
        key = inspection_key(report, outcome.name)
        other = chosen.get(key)
        if other is None or other.report is None:
            chosen[key] = outcome
            continue
        if (
            _judgement_key(other.report) != _judgement_key(report)
            or other.report.end.value != report.end.value
        ):
            for one, two in ((outcome, other), (other, outcome)):
                one.quarantined.append(
                    f"the same inspection as {two.name} ({report.authority.name}, {key[1]}) "
                    "but different judgements or dates"
                )
            continue
        keep, drop = sorted(
            (other, outcome), key=lambda o: (not o.name.lower().endswith(".pdf"), o.name)
        )
        chosen[key] = keep
        drop.duplicate_of = keep.name
        notes.append(
            f"{drop.name} is the same inspection as {keep.name} (same judgements); used {keep.name}"
        )
    return notes


def process_all(
    files: list[InputFile],
    *,
    base: str | None = None,
    cache: ReportCache | None = None,
    jobs: int | None = None,
    progress: Callable[[Path], None] | None = None,
    hashes: list[str] | None = None,
    on_read: Callable[[Processed], None] | None = None,
    cached_lines: bool = True,
) -> list[Processed]:
    """Process every file, from the cache where possible, the rest in parallel
    (``hashes``: the files' SHA-256, if known). The cached results are loaded while
    the workers read the others (without their N-Triples lines unless ``cached_lines``);
    ``on_read`` is called with each file read, as it comes in."""
    if hashes is None:
        hashes = [file_sha256(file.path) for file in files]
    done: dict[int, Processed] = {}
    hits: list[int] = []
    todo: list[int] = []
    for index, (file, sha) in enumerate(zip(files, hashes, strict=True)):
        known = cache is not None and sha and cache.has(file.name, sha)
        (hits if known else todo).append(index)
    missed: list[int] = []  # entries found broken when loaded: read those files too

    def load_hits() -> None:
        if cache is None:
            return
        for index in hits:
            file = files[index]
            hit = cache.get(file.path, file.name, hashes[index], lines=cached_lines)
            if hit is None:
                missed.append(index)
                continue
            done[index] = hit
            if progress:
                progress(file.path)

    finish = _Finish(cache, progress, on_read)
    _process(files, hashes, todo, done, base, jobs, finish, load_hits)
    _process(files, hashes, missed, done, base, jobs, finish, None)
    return [done[index] for index in range(len(files))]


def _process(
    files: list[InputFile],
    hashes: list[str],
    todo: list[int],
    done: dict[int, Processed],
    base: str | None,
    jobs: int | None,
    finish: _Finish,
    while_waiting: Callable[[], None] | None,
) -> None:
    """Read the files at ``todo`` into ``done``: PDFs, and many files, in worker
    processes (a hostile PDF costs its worker, never the build), while this process
    runs ``while_waiting``."""
    pdfs = any(files[i].path.suffix.lower() == ".pdf" for i in todo)
    if todo and (pdfs or len(todo) >= PARALLEL_FROM):
        # The largest files first: the last ones read are then short, so no worker is
        # left reading a long report while the others wait (results keep their places).
        todo = sorted(todo, key=lambda i: -_size(files[i].path))
        pool = WorkerPool(process, min(jobs or cpu_count(), len(todo)))
        tasks = [(files[i], hashes[i], base) for i in todo]
        for position, value in pool.map(tasks, while_waiting):
            index = todo[position]
            if isinstance(value, Failure):
                file = files[index]
                value = Processed(
                    file.path, hashes[index], file.name, error=f"{file.name}: {value.reason}"
                )
            done[index] = finish(value)
        return
    if while_waiting is not None:
        while_waiting()
    if todo:
        load()
    for index in todo:
        done[index] = finish(process(files[index], hashes[index], base))


def _size(path: Path) -> int:
    """A file's size in bytes (0 if it cannot be read: its worker says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass
class _Finish:
    """What is done with each file read as it comes in: shown, cached, ``on_read``."""

    cache: ReportCache | None
    progress: Callable[[Path], None] | None
    on_read: Callable[[Processed], None] | None

    def __call__(self, processed: Processed) -> Processed:
        if self.progress:
            self.progress(processed.path)
        if self.cache is not None:
            self.cache.put(processed)
        if self.on_read is not None:
            self.on_read(processed)
        return processed


def common_lines(outcomes: Iterable[Outcome], base: str | None) -> list[str]:
    """Sorted unique N-Triples lines of the reference data, the names of the kept
    reports' inspectors and the build record of every file."""
    outcomes = list(outcomes)
    iris = IRIs(base)
    return ntriples_lines(
        reference_triples(iris)
        | people_triples([o.report for o in _kept(outcomes) if o.report])
        | build_record_triples([o.record() for o in outcomes], iris)
    )


def _kept(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """The outcomes whose facts are in the graph (a cached one's lines may be unloaded)."""
    return [o for o in outcomes if o.ok and (o.lines is None or o.lines)]


def graph_lines(outcomes: list[Outcome], base: str | None) -> tuple[list[str], Sources | None]:
    """Sorted unique N-Triples lines of the common lines (:func:`common_lines`) and every
    kept report's, and what they came from (None if two kept files share a name)."""
    kept = _kept(outcomes)
    common = common_lines(outcomes, base)
    lines, shared = merge(common, [o.lines for o in kept if o.lines])
    reports = {o.name: o.sha256 for o in kept}
    sources = Sources(reports, common, shared) if len(reports) == len(kept) else None
    return lines, sources


def load_store(lines: list[str], data: bytes | None = None) -> ox.Store:
    """An in-memory Oxigraph store with the graph and the ontology (for validation);
    ``data``: the lines with the vocabulary as N-Triples (:func:`_written`), if made."""
    store = ox.Store()
    store.bulk_load(data if data is not None else _written(lines)[1], ox.RdfFormat.N_TRIPLES)
    return store


def blame(violations: list[Violation], outcomes: list[Outcome]) -> dict[int, list[Violation]]:
    """Which kept reports each violation is to blame on: those whose own triples have the
    violation's focus node as subject (a node two reports share, such as an inspector,
    blames both). Violations of no report's nodes blame none."""
    if not violations:
        return {}  # a graph that conforms: no need to split every line (0.3 s at 440 reports)
    owners: dict[str, list[int]] = {}
    for index, outcome in enumerate(outcomes):
        if outcome.ok and outcome.lines:
            for subject in {line.split(" ", 1)[0] for line in outcome.lines}:
                owners.setdefault(subject, []).append(index)
    blamed: dict[int, list[Violation]] = {}
    for violation in violations:
        for index in owners.get(f"<{violation.focus}>", []):
            blamed.setdefault(index, []).append(violation)
    return blamed


def _check(
    lines: list[str],
    validator: str,
    data: bytes | None = None,
    changes: Future[Changes | None] | None = None,
    edited: Callable[[], ox.Store | None] | None = None,
) -> ValidationResult:
    """Validate the graph of these lines (Oxigraph releases the GIL while it queries, so
    this runs in a thread beside the serialisers); ``data`` as for :func:`load_store`.
    ``changes``, once the writers know them: what changed since a graph that conformed,
    so that only the nodes it can affect need the property shapes (None: check all).
    ``edited``: a store of the graph made from the last one (None if it cannot be)."""
    store = edited() if edited is not None else None
    if store is None:
        store = load_store(lines, data)
    graph = None
    if validator == "pyshacl":
        graph = Graph()
        graph.parse(data="\n".join(lines), format="nt")
    changed = changes.result() if changes is not None else None
    nodes = nodes_to_check(store, *changed) if changed and validator == "sparql" else None
    result = validate_graph(graph, validator=validator, store=store, nodes=nodes)
    result.checked = None if nodes is None else len(nodes)
    return result


def _changes(documents: Documents | None, previous: Documents, base: str) -> Changes | None:
    """What the new ``documents`` changed since ``previous`` (a validated graph), as
    :func:`change_scope` says it (None: check in full)."""
    if documents is None:
        return None
    changed = set(subject_groups(documents.fresh_lines)) | set(documents.changed)
    old = previous_lines(previous, documents.changed)
    return change_scope(changed, itertools.chain(documents.fresh_lines, old), base)


def _validate(
    outcomes: list[Outcome],
    base: str | None,
    validator: str,
    lines: list[str],
    sources: Sources | None,
    verdict: ValidationResult,
) -> tuple[list[str], Sources | None, ValidationResult]:
    """Given the ``verdict`` on ``lines`` (of these ``sources``), quarantine the reports
    the violations are to blame on and validate again, until the graph conforms or no
    report is to blame; the final lines, sources and verdict (``lines`` itself when no
    report was quarantined). Every kept outcome has its lines."""
    for round_ in range(QUARANTINE_ROUNDS):
        blamed = blame(verdict.violations, outcomes)
        if verdict.conforms or not blamed:
            return lines, sources, verdict
        for index, violations in blamed.items():
            outcomes[index].quarantined.extend(
                sorted({f"violation{v.detail()}" for v in violations})
            )
        lines, sources = graph_lines(outcomes, base)
        verdict = _check(lines, validator if round_ < QUARANTINE_ROUNDS - 1 else "sparql")
    return lines, sources, verdict


def _written(lines: list[str]) -> tuple[list[str], bytes]:
    """The lines the graph files hold (the data with the ontology and concept schemes to
    read it: they stand alone, :func:`standalone_lines`), and as N-Triples."""
    written = standalone_lines(lines)
    return written, _ntriples(written)


def _render_and_stage(
    out_dir: Path,
    written: list[str],
    data: bytes,
    previous: Documents | None,
    ahead: dict[str, Block] | None = None,
) -> tuple[Documents, StagedStore]:
    """The graph files of the :func:`_written` lines and bytes, reusing ``previous`` and
    the blocks written ``ahead`` where it can, and their query store, loading in a thread."""
    path = out_dir / GRAPH_TURTLE
    if previous is None:  # the whole store to load: start it first
        staged = StagedStore(path, data)
        return render_documents(written, PREFIX_MAP, jsonld_context(), None, ahead), staged
    documents = render_documents(written, PREFIX_MAP, jsonld_context(), previous, ahead)
    delta = StoreDelta(previous.turtle, documents.changed, _ntriples(documents.fresh_lines))
    return documents, StagedStore(path, data, delta)


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
        and (unchanged := _cached_records(files, hashes, cache, progress)) is not None
    ):
        # Nothing changed: each file's records, not its triples, and nothing written.
        result = _result(unchanged, found, strict or not allow_partial)
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
    result = _result(processed, found, strict or not allow_partial)
    result.notes = deduplicate(result.outcomes) + origin_notes
    reusable: Documents | None = None
    edit: Update | None = None
    last_log = previous_log(cache_dir, previous) if cache_dir is not None else None
    if last is not None and out_dir is not None and cache_dir is not None and cache:
        reusable = previous_documents(out_dir, cache_dir, previous, last_log)
        if reusable is not None and reusable.lines is not None:
            edit = _edit(result.outcomes, base, last, reusable.lines, cache)
    previous_validated = bool((previous or {}).get("validated"))
    if edit is None:
        _load_lines(result.outcomes, files, hashes, cache, base)
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
    files_ahead: _GraphFiles | None = None
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
                    staged = _stage_edit(out_dir, written, reusable, edit.subjects())
                    edited = staged.opened if scope is not None else None
            else:
                data = _ntriples(written)
            checking = (
                pool.submit(_check, lines, validator, data, changes, edited) if validate else None
            )
            if keep_base and since_base is not None:
                last_build = previous or {}
                base_sha = str(last_build.get("documents_lines"))
                base_identity = recorded_identity(last_build, DOCUMENTS_LINES)
                kept_lines = _KeptLines(None, since_base, base_sha, base_identity)
            else:  # the base file of lines written anew
                kept_lines = _KeptLines.anew(data if data is not None else _ntriples(written))
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
                        documents, staged = _render_and_stage(
                            out_dir, written, kept_lines.ntriples, reusable, ahead.blocks
                        )
                if reusable is not None and not changes.done():
                    changes.set_result(_changes(documents, reusable, IRIs(base).base))
                if documents is not None and out_dir is not None:
                    # Written ahead if they can be (the build says why one cannot only if
                    # the graph is to be written: below).
                    with contextlib.suppress(WriteError):
                        files_ahead = _GraphFiles.now(
                            documents, kept_lines, out_dir, kept_in, sources
                        )
            finally:
                if not changes.done():  # the validation thread waits for it
                    changes.set_result(None)
            if checking is not None:
                verdict = checking.result()
                if not verdict.conforms:  # the reports to blame are found by their lines
                    _load_lines(result.outcomes, files, hashes, cache, base)
                result.lines, sources, result.validation = _validate(
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
            written, data = _written(result.lines)
            kept_lines = _KeptLines.anew(data)
            documents, staged = _render_and_stage(out_dir, written, data, reusable, ahead.blocks)
            files_ahead = None
        graph_files = files_ahead or _GraphFiles.now(
            documents, kept_lines, out_dir, kept_in, sources
        )
        files_ahead = None
        _write(result, graph_files, cache, manifest, processed, notify, staged, identities)
        staged = None
    finally:
        if staged is not None:
            staged.discard()
        if files_ahead is not None:
            files_ahead.discard()
    return result


def _edit(
    outcomes: list[Outcome],
    base: str | None,
    last: Sources,
    last_written: list[str],
    cache: ReportCache,
) -> Update | None:
    """The graph's lines edited from the last build's (:func:`delta.update`), or None."""
    kept = _kept(outcomes)
    reports = {o.name: o.sha256 for o in kept}
    if len(reports) != len(kept):
        return None
    loaded = {(o.name, o.sha256): o.lines for o in kept if o.lines is not None}

    def lines_of(name: str, sha: str) -> list[str] | None:
        if (name, sha) in loaded:
            return loaded[name, sha]
        hit = cache.get(Path(name), name, sha)
        return hit.lines if hit is not None and hit.report is not None else None

    return update(last, last_written, reports, common_lines(outcomes, base), lines_of)


def _stage_edit(
    out_dir: Path, written: list[str], previous: Documents, touched: set[str]
) -> StagedStore:
    """The query store of the ``written`` lines, staged from the last one (of ``previous``)
    with the lines of the ``touched`` subjects replaced, as the files' rendering would."""
    subjects = sorted(touched)
    gone = [subject for subject in subjects if subject in previous.index.position]
    fresh = [line for subject in subjects for line in subject_run(written, subject)]
    delta = StoreDelta(previous.turtle, gone, _ntriples(fresh))
    return StagedStore(out_dir / GRAPH_TURTLE, functools.partial(_ntriples, written), delta)


def _load_lines(
    outcomes: list[Outcome],
    files: list[InputFile],
    hashes: list[str],
    cache: ReportCache | None,
    base: str | None,
) -> None:
    """Give every kept outcome read from the cache without its lines its lines (from the
    cache, or the file read again if its entry has gone meanwhile)."""
    for index, outcome in enumerate(outcomes):
        if not outcome.ok or outcome.lines is not None:
            continue
        file = files[index]
        hit = cache.get(file.path, file.name, hashes[index]) if cache is not None else None
        if hit is None or hit.lines is None:
            hit = process(file, hashes[index], base)
            outcome.report, outcome.error = hit.report, hit.error
        outcome.lines = hit.lines or []


def _ntriples(written: list[str]) -> bytes:
    # Line by line: one non-ASCII character makes a joined str two or four bytes a character,
    # and encoding 68 MB of it cost more than encoding each line (0.25 -> 0.19 s).
    return b"\n".join([line.encode("utf-8") for line in written]) + b"\n"


@dataclass
class _KeptLines:
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
    def anew(cls, ntriples: bytes) -> _KeptLines:
        return cls(ntriples, LineLog([], []))


@dataclass
class _GraphFiles:
    """A build's graph files (and, with a cache, the index of their blocks and the lines
    they render) written to temporary files, with their hashes, to be put in place with
    the manifest by :func:`_write`; ``kept``: files the last build wrote, kept as they are."""

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
        lines: _KeptLines,
        out_dir: Path,
        cache_dir: Path | None,
        sources: Sources | None,
    ) -> _GraphFiles:
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


def _write(
    result: BuildResult,
    files: _GraphFiles,
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


def _cached_records(
    files: list[InputFile],
    hashes: list[str],
    cache: ReportCache,
    progress: Callable[[Path], None] | None,
) -> list[Processed] | None:
    """Every file's cached result without its N-Triples lines, or None if one is missing."""
    found = []
    for file, sha in zip(files, hashes, strict=True):
        hit = cache.get(file.path, file.name, sha, lines=False) if sha else None
        if hit is None:
            return None
        found.append(hit)
        if progress:
            progress(file.path)
    return found


def _result(processed: list[Processed], found: dict[str, Origin], strict: bool) -> BuildResult:
    result = BuildResult(
        [
            Outcome(
                p.path,
                p.name,
                p.report,
                p.error,
                p.cached,
                p.skipped,
                sha256=p.sha256,
                lines=p.lines,
                origin=found.get(p.name),
            )
            for p in processed
        ],
        strict=strict,
    )
    return result
