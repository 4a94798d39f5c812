"""What became of each input file in a build, and of the build as a whole.

An :class:`Outcome` per file (read, skipped, refused, quarantined or a duplicate of
another file about the same inspection) and the :class:`BuildResult` the CLI summarises;
:func:`deduplicate` keeps one report per inspection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from ofsted_kg.build.cache import Processed
from ofsted_kg.model.councils import council_of, inspection_key
from ofsted_kg.model.records import Report
from ofsted_kg.rdf.buildrecord import FileRecord
from ofsted_kg.rdf.graph import graph_of
from ofsted_kg.source.manifest import Origin
from ofsted_kg.validate.validator import ValidationResult


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
            gss = council_of(self.report, self.name).gss
        if self.report is not None and self.status == "read" and self.origin is not None:
            inspection = (
                council_of(self.report, self.name).gss,
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


def result_of(processed: list[Processed], found: dict[str, Origin], strict: bool) -> BuildResult:
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
