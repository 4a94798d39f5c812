"""The build's validation: the graph checked against the shapes (only the nodes a change
can affect, when the last graph conformed), and the reports to blame quarantined until
it conforms."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import Future

import pyoxigraph as ox
from rdflib import Graph

from ofsted_kg.build.delta import Sources
from ofsted_kg.build.lines import graph_lines, written_lines
from ofsted_kg.build.outcome import Outcome
from ofsted_kg.rdf.documents import Documents, previous_lines
from ofsted_kg.rdf.ntriples import subject_groups
from ofsted_kg.validate.scope import change_scope, nodes_to_check
from ofsted_kg.validate.validator import ValidationResult, Violation, validate_graph

# What a rebuild changed in a graph that conformed: the subjects whose triples changed,
# and the IRIs they named before or name now (see :mod:`ofsted_kg.validate.scope`).
Changes = tuple[set[str], set[str]]
QUARANTINE_ROUNDS = 3  # validate, quarantine the reports to blame, validate again...


def load_store(lines: list[str], data: bytes | None = None) -> ox.Store:
    """An in-memory Oxigraph store with the graph and the ontology (for validation);
    ``data``: the lines with the vocabulary as N-Triples (:func:`written_lines`), if made."""
    store = ox.Store()
    # load, not bulk_load: as fast in memory (1.0 s for 358,507 triples), and 80 MB less
    # at the build's peak, when the query store is bulk-loaded beside it.
    store.load(data if data is not None else written_lines(lines)[1], ox.RdfFormat.N_TRIPLES)
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


def check(
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


def changes_since(documents: Documents | None, previous: Documents, base: str) -> Changes | None:
    """What the new ``documents`` changed since ``previous`` (a validated graph), as
    :func:`change_scope` says it (None: check in full)."""
    if documents is None:
        return None
    changed = set(subject_groups(documents.fresh_lines)) | set(documents.changed)
    old = previous_lines(previous, documents.changed)
    return change_scope(changed, itertools.chain(documents.fresh_lines, old), base)


def quarantine(
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
        verdict = check(lines, validator if round_ < QUARANTINE_ROUNDS - 1 else "sparql")
    return lines, sources, verdict
