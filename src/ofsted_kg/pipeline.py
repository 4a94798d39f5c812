"""The build: read inputs, parse, build the graph, validate, write ``graphs/`` atomically.

:func:`parse_files` keeps going past a bad file and records why it failed, so one run
reports every problem; :func:`build` writes nothing unless every input parsed and the
graph conforms (or the caller allows a partial build), so the previous graph is never
replaced by a broken one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from .atomic import atomic_write_many, build_lock
from .authorities import UnknownAuthority
from .errors import OfstedKGError
from .graph import build_graph
from .parse import parse_text
from .read import iter_inputs, read_source
from .records import Report
from .serialise import jsonld_bytes, turtle_bytes
from .validate import ValidationResult, validate_graph

GRAPH_TURTLE = "ofsted.ttl"
GRAPH_JSONLD = "ofsted.jsonld"


@dataclass
class Outcome:
    """What became of one input file."""

    path: Path
    report: Report | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.report is not None


@dataclass
class BuildResult:
    """Everything a build did, for the CLI to summarise."""

    outcomes: list[Outcome]
    graph: Graph | None = None
    validation: ValidationResult | None = None
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def reports(self) -> list[Report]:
        return [o.report for o in self.outcomes if o.report is not None]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def parse_file(path: Path) -> Report:
    """Read and parse one ``.txt`` or ``.pdf`` report."""
    return parse_text(read_source(path), path.name)


def parse_files(paths: Iterable[Path], strict: bool = False,
                progress: Callable[[Path], None] | None = None) -> list[Outcome]:
    """Parse every file; a failure is recorded (or raised at once when ``strict``)."""
    outcomes = []
    for path in paths:
        if progress:
            progress(path)
        try:
            outcomes.append(Outcome(path, report=parse_file(path)))
        except OfstedKGError as exc:
            if strict:
                raise
            outcomes.append(Outcome(path, error=str(exc)))
    return outcomes


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
        key = (resolve_authority(report.authority.name, report.source).gss,
               report.start.value.isoformat())
        other = chosen.get(key)
        if other is None:
            chosen[key] = report
            continue
        if _judgement_key(other) != _judgement_key(report) or other.end.value != report.end.value:
            raise OfstedKGError(f"{report.source}: same inspection as {other.source} "
                                f"({report.authority.name}, {key[1]}) but different judgements "
                                "or dates; give only one of them")
        keep, drop = sorted((other, report),
                            key=lambda r: (not r.source.lower().endswith(".pdf"), r.source))
        chosen[key] = keep
        notes.append(f"{drop.source} is the same inspection as {keep.source} "
                     f"(same judgements); used {keep.source}")
    kept = {id(r) for r in chosen.values()}
    return [r for r in reports if id(r) in kept], notes


def build(inputs: Iterable[Path], out_dir: Path | None, *, base: str | None = None,
          validate: bool = True, strict: bool = False, allow_partial: bool = False,
          progress: Callable[[Path], None] | None = None,
          notify: Callable[[str], None] | None = None) -> BuildResult:
    """Build the graph from report files and (unless ``out_dir`` is None) write it.

    Nothing is written when an input failed (unless ``allow_partial``) or the graph does
    not conform to the shapes; the files already in ``out_dir`` then stay as they were.
    Builds into the same folder are serialised by a lock (``notify`` hears of a wait).
    """
    paths = iter_inputs(list(inputs))
    result = BuildResult(parse_files(paths, strict=strict, progress=progress))
    reports = result.reports
    try:
        reports, result.notes = deduplicate(reports)
        result.graph = build_graph(reports, base=base)
    except UnknownAuthority as exc:
        raise OfstedKGError(str(exc)) from None
    if validate:
        result.validation = validate_graph(result.graph)
    if out_dir is None:
        return result
    if result.failures and not allow_partial:
        return result
    if result.validation is not None and not result.validation.conforms:
        return result
    outputs = {out_dir / GRAPH_TURTLE: turtle_bytes(result.graph),
               out_dir / GRAPH_JSONLD: jsonld_bytes(result.graph)}
    with build_lock(out_dir, notify=notify):
        atomic_write_many(outputs)
    result.written.extend(outputs)
    return result
