"""The graph's N-Triples lines: the kept reports' merged with the common lines, or the
last build's edited (:mod:`ofsted_kg.build.delta`), and the lines the files hold."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ofsted_kg.build.cache import ReportCache
from ofsted_kg.build.delta import Sources, Update, merge, update
from ofsted_kg.build.outcome import Outcome
from ofsted_kg.model.namespaces import IRIs
from ofsted_kg.rdf.buildrecord import build_record_triples
from ofsted_kg.rdf.graph import people_triples, reference_triples
from ofsted_kg.rdf.ntriples import ntriples_document, ntriples_lines
from ofsted_kg.rdf.vocabulary import standalone_lines


def common_lines(outcomes: Iterable[Outcome], base: str | None) -> list[str]:
    """Sorted unique N-Triples lines of the reference data, the names of the kept
    reports' inspectors and the build record of every file."""
    outcomes = list(outcomes)
    iris = IRIs(base)
    return ntriples_lines(
        reference_triples(iris)
        | people_triples([o.report for o in kept_outcomes(outcomes) if o.report])
        | build_record_triples([o.record() for o in outcomes], iris)
    )


def kept_outcomes(outcomes: Iterable[Outcome]) -> list[Outcome]:
    """The outcomes whose facts are in the graph (a cached one's lines may be unloaded)."""
    return [o for o in outcomes if o.ok and (o.lines is None or o.lines)]


def graph_lines(outcomes: list[Outcome], base: str | None) -> tuple[list[str], Sources | None]:
    """Sorted unique N-Triples lines of the common lines (:func:`common_lines`) and every
    kept report's, and what they came from (None if two kept files share a name)."""
    kept = kept_outcomes(outcomes)
    common = common_lines(outcomes, base)
    lines, shared = merge(common, [o.lines for o in kept if o.lines])
    reports = {o.name: o.sha256 for o in kept}
    sources = Sources(reports, common, shared) if len(reports) == len(kept) else None
    return lines, sources


def written_lines(lines: list[str]) -> tuple[list[str], bytes]:
    """The lines the graph files hold (the data with the ontology and concept schemes to
    read it: they stand alone, :func:`standalone_lines`), and as N-Triples."""
    written = standalone_lines(lines)
    return written, ntriples_document(written)


def edited_lines(
    outcomes: list[Outcome],
    base: str | None,
    last: Sources,
    last_written: list[str],
    cache: ReportCache,
) -> Update | None:
    """The graph's lines edited from the last build's (:func:`delta.update`), or None."""
    kept = kept_outcomes(outcomes)
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
