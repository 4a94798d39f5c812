"""Each entity's own triples, as the Turtle and JSON-LD files beside its page.

The graph's triples (with the ontology's, for concepts) are read once from the Oxigraph
store as sorted N-Triples lines and grouped by subject; an entity's description is every
subject at or under its IRI (an inspection's judgements, evidence, team...; a council's
posts and LSCB), and for a person the team memberships naming them. The writers are the
project's own deterministic ones (:mod:`ofsted_kg.rdf.ntriples`, :mod:`ofsted_kg.rdf.jsonld`).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

import pyoxigraph as ox

from ofsted_kg.model.namespaces import PROV


class Descriptions:
    """The store's triples grouped by subject, for cutting out one entity's description."""

    def __init__(self, store: ox.Store) -> None:
        by_subject: dict[str, list[str]] = {}
        agents: dict[str, list[str]] = {}
        agent = str(PROV.agent)
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            subject = quad.subject
            if not isinstance(subject, ox.NamedNode):
                continue  # none of ours are blank; someone else's graph may have them
            line = f"{subject} {quad.predicate} {quad.object} ."
            by_subject.setdefault(subject.value, []).append(line)
            if quad.predicate.value == agent and isinstance(quad.object, ox.NamedNode):
                agents.setdefault(quad.object.value, []).append(subject.value)
        self._lines = {s: sorted(set(lines)) for s, lines in by_subject.items()}
        self._subjects = sorted(self._lines)
        self._agents = agents

    def subjects_under(self, iri: str) -> list[str]:
        """``iri`` and every subject whose IRI lies under it (``iri/...``)."""
        out = [iri] if iri in self._lines else []
        start = bisect.bisect_left(self._subjects, iri + "/")
        for subject in self._subjects[start:]:
            if not subject.startswith(iri + "/"):
                break
            out.append(subject)
        return out

    def lines(self, subjects: Iterable[str]) -> list[str]:
        return sorted({line for s in subjects for line in self._lines.get(s, ())})

    def entity(self, iri: str) -> list[str]:
        """The description of an instance: its own triples and those of everything under it."""
        return self.lines(self.subjects_under(iri))

    def person(self, iri: str) -> list[str]:
        """A person, and each team membership naming them (with its evidence)."""
        subjects = [iri]
        for membership in sorted(set(self._agents.get(iri, ()))):
            subjects += self.subjects_under(membership)
        return self.lines(subjects)

    def concept(self, iri: str) -> list[str]:
        """A concept's own triples (from the concept schemes)."""
        return self.lines([iri])


def turtle(lines: list[str]) -> bytes:
    from ofsted_kg.rdf.serialise import PREFIX_MAP, turtle_from_lines

    return turtle_from_lines(lines, PREFIX_MAP)


def jsonld(lines: list[str]) -> bytes:
    from ofsted_kg.rdf.jsonld import jsonld_from_lines
    from ofsted_kg.rdf.serialise import jsonld_context

    return jsonld_from_lines(lines, jsonld_context())
