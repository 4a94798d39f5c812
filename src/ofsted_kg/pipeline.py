"""The build: read inputs, parse, build the graph, validate, write ``graphs/`` atomically.

Each report is read, parsed and turned into sorted N-Triples on its own (in parallel
across the machine's cores, and from ``graphs/.cache`` when its bytes have not changed);
the lines are merged, loaded into Oxigraph for validation, and written as Turtle and
JSON-LD. One bad file is recorded and the others go on, so a run reports every problem;
nothing is written unless every input parsed and the graph conforms (or the caller
allows a partial build), so the previous graph is never replaced by a broken one. An Ofsted
letter that is not an inspection report (a monitoring visit, ...) is skipped with a note
and is not a failure.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .atomic import atomic_write, atomic_write_many, build_lock
from .cache import CACHE_DIR, Processed, ReportCache, code_fingerprint
from .errors import OfstedKGError
from .graph import graph_of, reference_triples
from .jsonld import jsonld_from_lines
from .namespaces import IRIs
from .ntriples import ntriples_lines, turtle_from_lines
from .read import iter_inputs
from .records import Report
from .resources import ontology_graph
from .serialise import PREFIX_MAP, jsonld_context
from .validate import ValidationResult, validate_graph
from .work import file_sha256, parse_file, process

__all__ = ["BuildResult", "Outcome", "build", "deduplicate", "parse_file", "process_all"]

GRAPH_TURTLE = "ofsted.ttl"
GRAPH_JSONLD = "ofsted.jsonld"
MANIFEST = "manifest.json"
PARALLEL_FROM = 8  # fewer files than this are parsed in-process (workers cost ~0.2 s)


@dataclass
class Outcome:
    """What became of one input file (``skipped``: why it is not a report)."""

    path: Path
    report: Report | None = None
    error: str | None = None
    cached: bool = False
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class BuildResult:
    """Everything a build did, for the CLI to summarise."""

    outcomes: list[Outcome]
    lines: list[str] = field(default_factory=list)
    validation: ValidationResult | None = None
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    up_to_date: bool = False
    _graph: Graph | None = None

    @property
    def reports(self) -> list[Report]:
        return [o.report for o in self.outcomes if o.report is not None]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok and not o.skipped]

    @property
    def skipped(self) -> list[Outcome]:
        """Files that are not inspection reports (a note each, not a failure)."""
        return [o for o in self.outcomes if o.skipped]

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


def deduplicate(reports: list[Report]) -> tuple[list[Report], list[str]]:
    """One report per inspection (council and start date), and a note for each one dropped.

    The same inspection given twice (the PDF and a text copy of it) is kept once, the PDF
    preferred as Ofsted's original publication, when both give the same judgements; two
    files that disagree about one inspection are an error.
    """
    from .authorities import resolve_authority

    chosen: dict[tuple[str, str], Report] = {}
    notes = []
    for report in reports:
        key = (
            resolve_authority(report.authority.name, report.source).gss,
            report.start.value.isoformat(),
        )
        other = chosen.get(key)
        if other is None:
            chosen[key] = report
            continue
        if _judgement_key(other) != _judgement_key(report) or other.end.value != report.end.value:
            raise OfstedKGError(
                f"{report.source}: same inspection as {other.source} "
                f"({report.authority.name}, {key[1]}) but different judgements "
                "or dates; give only one of them"
            )
        keep, drop = sorted(
            (other, report), key=lambda r: (not r.source.lower().endswith(".pdf"), r.source)
        )
        chosen[key] = keep
        notes.append(
            f"{drop.source} is the same inspection as {keep.source} "
            f"(same judgements); used {keep.source}"
        )
    kept = {id(r) for r in chosen.values()}
    return [r for r in reports if id(r) in kept], notes


def process_all(
    paths: list[Path],
    *,
    base: str | None = None,
    cache: ReportCache | None = None,
    strict: bool = False,
    jobs: int | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[Processed]:
    """Process every file, from the cache where possible, the rest in parallel."""
    hashes = [file_sha256(path) for path in paths]
    done: dict[int, Processed] = {}
    todo = []
    for index, (path, sha) in enumerate(zip(paths, hashes, strict=True)):
        hit = cache.get(path, sha) if cache and sha else None
        if hit is not None:
            done[index] = hit
            if progress:
                progress(path)
        else:
            todo.append(index)
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers > 1 and len(todo) >= PARALLEL_FROM:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(
                process,
                [paths[i] for i in todo],
                [hashes[i] for i in todo],
                [base] * len(todo),
                chunksize=4,
            )
            for index, processed in zip(todo, results, strict=True):
                done[index] = _finish(processed, cache, strict, progress)
    else:
        for index in todo:
            done[index] = _finish(
                process(paths[index], hashes[index], base), cache, strict, progress
            )
    return [done[index] for index in range(len(paths))]


def _finish(
    processed: Processed,
    cache: ReportCache | None,
    strict: bool,
    progress: Callable[[Path], None] | None,
) -> Processed:
    if progress:
        progress(processed.path)
    if processed.error and strict:
        raise OfstedKGError(processed.error)
    if cache is not None:
        cache.put(processed)
    return processed


def merged_lines(processed: Iterable[Processed], base: str | None) -> list[str]:
    """Sorted unique N-Triples lines of the reference data and every report."""
    runs = [ntriples_lines(reference_triples(IRIs(base)))]
    runs += [p.lines for p in processed if p.lines]
    merged: list[str] = []
    for line in heapq.merge(*runs):
        if not merged or merged[-1] != line:
            merged.append(line)
    return merged


def load_store(lines: list[str]) -> ox.Store:
    """An in-memory Oxigraph store with the graph and the ontology (for validation)."""
    from .serialise import ntriples_bytes

    store = ox.Store()
    store.bulk_load(("\n".join(lines) + "\n").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    store.bulk_load(ntriples_bytes(ontology_graph()), ox.RdfFormat.N_TRIPLES)
    return store


def _manifest(paths: list[Path], base: str | None) -> dict:
    return {
        "code": code_fingerprint(),
        "base": IRIs(base).base,
        "inputs": [[p.name, file_sha256(p)] for p in paths],
    }


def _outputs_match(out_dir: Path, recorded: dict) -> bool:
    return all(
        (out_dir / name).is_file() and file_sha256(out_dir / name) == sha
        for name, sha in recorded.items()
    ) and bool(recorded)


def build(
    inputs: Iterable[Path],
    out_dir: Path | None,
    *,
    base: str | None = None,
    validate: bool = True,
    strict: bool = False,
    allow_partial: bool = False,
    progress: Callable[[Path], None] | None = None,
    notify: Callable[[str], None] | None = None,
    jobs: int | None = None,
    use_cache: bool = True,
    validator: str = "sparql",
) -> BuildResult:
    """Build the graph from report files and (unless ``out_dir`` is None) write it.

    Nothing is written when an input failed (unless ``allow_partial``) or the graph does
    not conform to the shapes; the files already in ``out_dir`` then stay as they were.
    When nothing changed since the last build of ``out_dir`` (same inputs, same code, the
    outputs untouched) the build reports from its cache and writes nothing.
    Builds into the same folder are serialised by a lock (``notify`` hears of a wait).
    """
    paths = iter_inputs(list(inputs))
    cache_dir = out_dir / CACHE_DIR if out_dir is not None else None
    cache = ReportCache(cache_dir, IRIs(base).base) if cache_dir and use_cache else None
    manifest = _manifest(paths, base) if cache else None
    previous = _read_manifest(cache_dir) if cache_dir and cache else None
    processed = process_all(
        paths, base=base, cache=cache, strict=strict, jobs=jobs, progress=progress
    )
    result = BuildResult(
        [Outcome(p.path, p.report, p.error, p.cached, p.skipped) for p in processed]
    )
    if (
        previous
        and manifest
        and out_dir is not None
        and not result.failures
        and {k: previous.get(k) for k in manifest} == manifest
        and _outputs_match(out_dir, previous.get("outputs", {}))
    ):
        result.up_to_date = True
        result.notes = previous.get("notes", [])
        result.validation = ValidationResult(True, [], validator) if validate else None
        return result
    kept, result.notes = deduplicate(result.reports)
    kept_ids = {id(report) for report in kept}
    result.lines = merged_lines([p for p in processed if id(p.report) in kept_ids], base)
    if validate:
        store = load_store(result.lines)
        graph = result.graph if validator == "pyshacl" else None
        result.validation = validate_graph(graph, validator=validator, store=store)
    if out_dir is None:
        return result
    if result.failures and not allow_partial:
        return result
    if result.validation is not None and not result.validation.conforms:
        return result
    outputs = {
        out_dir / GRAPH_TURTLE: turtle_from_lines(result.lines, PREFIX_MAP),
        out_dir / GRAPH_JSONLD: jsonld_from_lines(result.lines, jsonld_context()),
    }
    with build_lock(out_dir, notify=notify):
        atomic_write_many(outputs)
        if cache is not None and cache_dir is not None and manifest is not None:
            cache.prune([p for p in processed if p.report is not None or p.skipped])
            if not result.failures:
                manifest["outputs"] = {
                    path.name: hashlib.sha256(data).hexdigest() for path, data in outputs.items()
                }
                manifest["notes"] = result.notes
                atomic_write(cache_dir / MANIFEST, json.dumps(manifest, indent=1).encode())
    result.written.extend(outputs)
    return result


def _read_manifest(cache_dir: Path) -> dict | None:
    try:
        return json.loads((cache_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
