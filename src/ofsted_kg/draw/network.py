"""The networks behind the drawings, read from the built graph (never from reports):

* :func:`authority_network`: an authority, its inspections, their judgements (with the
  grade's rank, 1 Outstanding .. 4 Inadequate) and the people on each team;
* :func:`inspector_network`: inspectors and the authorities they inspected, edges weighted
  by the number of inspections, communities found by greedy modularity;
* :func:`team_network`: inspectors tied by the inspections they served on together.

:func:`write_network` writes any of them as GraphML or GEXF for Gephi and Cytoscape, with
``label`` and ``type`` node attributes. The pictures are drawn by
:mod:`ofsted_kg.draw.authority` and :mod:`ofsted_kg.draw.inspectors`.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from ofsted_kg.draw.figure import select, short, with_schemes
from ofsted_kg.errors import DrawError
from ofsted_kg.export.formats import authority_iri

NETWORK_FORMATS = ("graphml", "gexf")

__all__ = [
    "NETWORK_FORMATS",
    "DrawError",
    "Visit",
    "authority_network",
    "inspector_network",
    "inspector_visits",
    "team_network",
    "write_network",
]


def authority_network(graph: Graph, name: str) -> nx.DiGraph:
    """Authority -> inspections -> judgements (rank, grade) and team members."""
    graph = with_schemes(graph)
    authority = authority_iri(graph, name)
    label = str(graph.value(authority, SKOS.prefLabel) or name)
    net = nx.DiGraph(name=label)
    net.add_node(str(authority), label=label, type="authority")
    for insp, start, framework in select(graph, "draw-authority-inspections", authority=authority):
        key = str(insp)
        net.add_node(
            key, label=f"{framework or 'inspection'} {start}", type="inspection", start=str(start)
        )
        net.add_edge(str(authority), key, relation="inspected")
        for row in select(graph, "draw-authority-judgements", inspection=insp):
            judgement, _area, area_label, _grade, grade_label, rank = row
            net.add_node(
                str(judgement),
                type="judgement",
                rank=int(rank or 0),
                label=f"{short(str(area_label), 70)}: {grade_label}",
                grade=str(grade_label),
            )
            net.add_edge(key, str(judgement), relation="judgement")
        for person, person_name, role in select(graph, "draw-authority-team", inspection=insp):
            pid = str(person)
            net.add_node(pid, label=str(person_name), type="inspector")
            net.add_edge(key, pid, relation="team", role=str(role))
    return net


@dataclass(frozen=True)
class Visit:
    """One inspector on one inspection."""

    person: str
    name: str
    authority: str
    authority_name: str
    region: str
    inspection: str
    start: date
    led: bool


def inspector_visits(graph: Graph) -> list[Visit]:
    """Every inspector on every inspection, in a stable order."""
    visits = []
    for row in select(graph, "draw-inspected"):
        person, name, authority, authority_name, region, inspection, start, led = row
        if not isinstance(start, Literal):
            continue
        visits.append(
            Visit(
                str(person),
                str(name),
                str(authority),
                str(authority_name),
                str(region or ""),
                str(inspection),
                start.toPython(),
                isinstance(led, Literal) and led.toPython() is True,
            )
        )
    return sorted(visits, key=lambda v: (v.person, v.inspection))


def _number_communities(net: nx.Graph) -> None:
    """``community`` on each node (greedy modularity), 0 the largest, ties by first node."""
    communities = nx.community.greedy_modularity_communities(net, weight="weight")
    ordered = sorted((sorted(c) for c in communities), key=lambda c: (-len(c), c[0]))
    for index, members in enumerate(ordered):
        for node in members:
            net.nodes[node]["community"] = index


def inspector_network(graph: Graph) -> nx.Graph:
    """Inspectors and the authorities they inspected; ``community`` from greedy modularity."""
    net = nx.Graph(name="Inspectors and the authorities they inspected")
    seen: dict[tuple[str, str], set[str]] = {}
    for visit in inspector_visits(graph):
        net.add_node(visit.person, label=visit.name, type="inspector")
        net.add_node(visit.authority, label=visit.authority_name, type="authority")
        seen.setdefault((visit.person, visit.authority), set()).add(visit.inspection)
    if not seen:
        raise DrawError("the graph has no inspection teams to draw")
    inspections: dict[str, set[str]] = {}
    for (person, authority), found in sorted(seen.items()):
        net.add_edge(person, authority, weight=len(found))
        inspections.setdefault(person, set()).update(found)
        inspections.setdefault(authority, set()).update(found)
    for node, found in inspections.items():
        net.nodes[node]["inspections"] = len(found)
    _number_communities(net)
    return net


def team_network(graph: Graph, min_shared: int = 1) -> nx.Graph:
    """Inspectors tied by the inspections they served on together (``weight``), keeping
    ties of at least ``min_shared`` inspections; ``community`` by greedy modularity.

    The graph's ``inspectors`` and ``inspections`` attributes count everyone and every
    inspection with a named team, so a picture can say what it leaves out.
    """
    visits = inspector_visits(graph)
    if not visits:
        raise DrawError("the graph has no inspection teams to draw")
    teams: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    count: dict[str, set[str]] = {}
    led: dict[str, int] = {}
    for visit in visits:
        teams.setdefault(visit.inspection, set()).add(visit.person)
        names[visit.person] = visit.name
        count.setdefault(visit.person, set()).add(visit.inspection)
        led[visit.person] = led.get(visit.person, 0) + visit.led
    ties: dict[tuple[str, str], int] = {}
    for members in teams.values():
        for pair in itertools.combinations(sorted(members), 2):
            ties[pair] = ties.get(pair, 0) + 1
    net = nx.Graph(
        name="Inspectors who served on the same inspections",
        inspectors=len(names),
        inspections=len(teams),
        single=sum(1 for members in teams.values() if len(members) == 1),
        min_shared=min_shared,
    )
    for (first, second), weight in sorted(ties.items()):
        if weight < min_shared:
            continue
        for person in (first, second):
            net.add_node(
                person,
                label=names[person],
                type="inspector",
                inspections=len(count[person]),
                led=led[person],
            )
        net.add_edge(first, second, weight=weight)
    if net.number_of_nodes():
        _number_communities(net)
    return net


def write_network(net: nx.Graph, path: Path, fmt: str) -> None:
    """GraphML or GEXF (atomically), nodes carrying ``label``, ``type`` and their numbers."""
    from ofsted_kg.atomic import atomic_write

    if fmt not in NETWORK_FORMATS:
        raise DrawError(f"unknown network format {fmt!r}; choose graphml or gexf")
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(net, buffer)
    else:
        nx.write_gexf(net, buffer)
    atomic_write(Path(path), buffer.getvalue())
