"""Markdown documentation generated from the ontology, concept schemes and shapes files.

:func:`render_docs` returns ``{file name: Markdown}``; :func:`write_docs` writes them. The
text comes only from the shipped Turtle files (labels, comments, domains, ranges, concept
ranks and hierarchies, shape constraints and messages), so a test can regenerate the
pages and fail when the committed ones are stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Identifier, Node

from ofsted_kg.model import namespaces as ns

PAGES = ("index.md", "classes-and-properties.md", "concept-schemes.md", "shapes.md")


def _name(graph: Graph, node) -> str:
    """``prefix:local`` for IRIs (``ofs:Inspection``), the value for literals."""
    if isinstance(node, Literal):
        return str(node)
    try:
        return graph.namespace_manager.normalizeUri(node)
    except ValueError:
        return f"<{node}>"


def _text(graph: Graph, node, prop) -> str:
    value = graph.value(node, prop)
    return " ".join(str(value).split()) if value is not None else ""


def _sorted(nodes: Iterable[Node]) -> list[Identifier]:
    """Graph terms in rdflib's order (rdflib types them as ``Node``, which has none)."""
    return sorted(node for node in nodes if isinstance(node, Identifier))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _bind(graph: Graph) -> Graph:
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    graph.bind("sh", SH)
    graph.bind("shapes", ns.SHAPES)
    return graph


def classes_and_properties(ontology: Graph) -> str:
    """Every ofs: class and property with label, comment, superclass, domain and range."""
    ofs = str(ns.OFS)
    lines = [
        "# Classes and properties",
        "",
        "Generated from `ontology/ofsted.ttl` by `make docs`.",
        "",
    ]
    onto = URIRef(ofs.rstrip("#"))
    lines += [
        f"**{_text(ontology, onto, RDFS.label)}**: {_text(ontology, onto, RDFS.comment)}",
        "",
        "## Classes",
        "",
    ]
    for cls in _sorted(
        c for c in set(ontology.subjects(RDF.type, OWL.Class)) if str(c).startswith(ofs)
    ):
        supers = ", ".join(
            f"`{_name(ontology, s)}`" for s in _sorted(ontology.objects(cls, RDFS.subClassOf))
        )
        lines += [
            f"### {_text(ontology, cls, RDFS.label)} (`{_name(ontology, cls)}`)",
            "",
            _text(ontology, cls, RDFS.comment),
            "",
        ]
        if supers:
            lines += [f"Subclass of {supers}.", ""]
    lines += [
        "## Properties",
        "",
        "| Property | Label | Kind | Domain | Range | Comment |",
        "|---|---|---|---|---|---|",
    ]
    kinds = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "data"}
    props = {
        p for kind in kinds for p in ontology.subjects(RDF.type, kind) if str(p).startswith(ofs)
    }
    for prop in _sorted(props):
        kind = next(kinds[k] for k in kinds if (prop, RDF.type, k) in ontology)
        domain = ontology.value(prop, RDFS.domain)
        rng = ontology.value(prop, RDFS.range)
        lines.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    f"`{_name(ontology, prop)}`",
                    _text(ontology, prop, RDFS.label),
                    kind,
                    f"`{_name(ontology, domain)}`" if domain else "",
                    f"`{_name(ontology, rng)}`" if rng else "",
                    _text(ontology, prop, RDFS.comment),
                )
            )
            + " |"
        )
    return "\n".join(lines) + "\n"


def concept_schemes(schemes: Graph) -> str:
    """Every concept scheme with its concepts: notation, label, rank, broader concept."""
    lines = [
        "# Concept schemes",
        "",
        "Generated from `ontology/schemes.ttl` by `make docs`. Grades carry "
        "`ofs:rank` (1 Outstanding .. 4 Inadequate); areas nest by `skos:broader`.",
        "",
    ]
    for scheme in _sorted(set(schemes.subjects(RDF.type, SKOS.ConceptScheme))):
        concepts = _sorted(schemes.subjects(SKOS.inScheme, scheme))
        label = _text(schemes, scheme, SKOS.prefLabel) or _text(schemes, scheme, RDFS.label)
        lines += [f"## {label or _name(schemes, scheme)}", "", f"`{scheme}`", ""]
        if not concepts:
            continue
        lines += ["| Notation | Label | Rank | Broader |", "|---|---|---|---|"]

        def depth(concept: Node) -> tuple[str, ...]:
            chain: list[str] = []
            node: Node | None = concept
            while node is not None:
                chain.insert(0, str(schemes.value(node, SKOS.notation) or node))
                node = schemes.value(node, SKOS.broader)
            return tuple(chain)

        for concept in sorted(
            concepts, key=lambda c: (int(str(schemes.value(c, ns.OFS.rank) or 0)), depth(c))
        ):
            broader = schemes.value(concept, SKOS.broader)
            indent = "&nbsp;&nbsp;" * (len(depth(concept)) - 1)
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        f"{indent}`{_text(schemes, concept, SKOS.notation)}`",
                        _text(schemes, concept, SKOS.prefLabel),
                        _text(schemes, concept, ns.OFS.rank),
                        f"`{_text(schemes, broader, SKOS.notation)}`" if broader else "",
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def _path(graph: Graph, path) -> str:
    """A SHACL path: ``prov:wasGeneratedBy`` or ``^prov:wasGeneratedBy`` (inverse)."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _name(graph, path)
    inverse = graph.value(path, SH.inversePath)
    return f"^{_name(graph, inverse)}" if inverse is not None else "(complex path)"


def shapes(graph: Graph) -> str:
    """Every SHACL node shape: its target and each property constraint with its message."""
    lines = [
        "# SHACL shapes",
        "",
        "Generated from `shapes/` by `make docs`. "
        "`ofsted-kg validate` checks a built graph against them.",
        "",
    ]
    skip = {SH.path, SH.message, RDF.type}
    for shape in _sorted(set(graph.subjects(RDF.type, SH.NodeShape))):
        target = graph.value(shape, SH.targetClass)
        lines += [f"## {_name(graph, shape)}", ""]
        if target is not None:
            lines += [f"Target class: `{_name(graph, target)}`.", ""]
        comment = _text(graph, shape, RDFS.comment)
        if comment:
            lines += [comment, ""]
        messages = sorted(_text(graph, q, SH.message) for q in graph.objects(shape, SH.sparql))
        lines += [f"- SPARQL constraint: {message}" for message in messages]
        rows = []
        for prop in graph.objects(shape, SH.property):
            path = graph.value(prop, SH.path)
            constraints = ", ".join(
                f"{_name(graph, p).removeprefix('sh:')} "
                f"{_name(graph, o) if isinstance(o, URIRef | Literal) else '[…]'}"
                for p, o in sorted(graph.predicate_objects(prop))
                if p not in skip
            )
            rows.append((_path(graph, path), constraints, _text(graph, prop, SH.message)))
        if rows:
            lines += ["", "| Path | Constraints | Message |", "|---|---|---|"]
            lines += [
                "| " + " | ".join(_cell(x) for x in (f"`{p}`", c, m)) + " |"
                for p, c, m in sorted(rows)
            ]
        lines.append("")
    return "\n".join(lines) + "\n"


def render_docs() -> dict[str, str]:
    """``{file name: Markdown}`` for the ontology, concept schemes and shapes."""
    from ofsted_kg.resources import resource, shapes_graph

    def turtle(name: str) -> Graph:
        text = resource("ontology", name).read_text(encoding="utf-8")
        return _bind(Graph().parse(data=text, format="turtle"))

    ontology, schemes = turtle("ofsted.ttl"), turtle("schemes.ttl")
    shape_graph = _bind(Graph())
    shape_graph += shapes_graph()
    index = "\n".join(
        [
            "# ofsted-kg ontology documentation",
            "",
            "Generated by `make docs` (tools/make_docs.py) from the shipped files; do not edit.",
            "",
            "- [Classes and properties](classes-and-properties.md) (`ontology/ofsted.ttl`)",
            "- [Concept schemes](concept-schemes.md) (`ontology/schemes.ttl`)",
            "- [SHACL shapes](shapes.md) (`shapes/`)",
            "",
        ]
    )
    return {
        "index.md": index,
        "classes-and-properties.md": classes_and_properties(ontology),
        "concept-schemes.md": concept_schemes(schemes),
        "shapes.md": shapes(shape_graph),
    }


def write_docs(out_dir: Path) -> list[Path]:
    """Write the pages (atomically) and return their paths."""
    from ofsted_kg.atomic import atomic_write

    written = []
    for name, text in render_docs().items():
        path = Path(out_dir) / name
        atomic_write(path, text.encode("utf-8"))
        written.append(path)
    return written


def main() -> None:
    """``python tools/make_docs.py [OUT]`` (``make docs``): write docs/ontology/."""
    import sys

    root = Path(__file__).resolve().parents[1]
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "docs" / "ontology"
    for path in write_docs(out):
        print(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")


if __name__ == "__main__":
    main()
