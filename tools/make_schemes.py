"""Generate the SKOS concept schemes and the key figures' Data Cube structure from the
vocabulary (:mod:`ofsted_kg.model.vocab`).

``python tools/make_schemes.py`` (``make schemes``) rewrites ``ontology/schemes.ttl``; a
test fails when the committed file differs from what this module generates, so the
vocabulary the parsers emit and the concepts the graph points to cannot drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from ofsted_kg.model import expectations as coverage
from ofsted_kg.model import namespaces as ns
from ofsted_kg.model import themes, vocab

SCHEMES_ONTOLOGY = URIRef(str(ns.CONCEPT))


def _concept(graph: Graph, iri: URIRef, scheme: URIRef, term: vocab.Term) -> None:
    graph.add((iri, RDF.type, SKOS.Concept))
    graph.add((iri, SKOS.prefLabel, Literal(term.label, lang="en")))
    graph.add((iri, SKOS.inScheme, scheme))
    graph.add((iri, SKOS.notation, Literal(term.slug)))
    if term.comment:
        graph.add((iri, SKOS.definition, Literal(term.comment, lang="en")))


def _scheme(graph: Graph, iri: URIRef, label: str, kind: URIRef | None = None) -> None:
    graph.add((iri, RDF.type, SKOS.ConceptScheme))
    if kind is not None:
        graph.add((iri, RDF.type, kind))
    graph.add((iri, SKOS.prefLabel, Literal(label, lang="en")))


def _flat_scheme(graph: Graph, kind: str, label: str, terms: dict[str, vocab.Term], iri_of) -> None:
    scheme = ns.concept_scheme_iri(kind)
    _scheme(graph, scheme, label)
    for term in terms.values():
        iri = iri_of(term.slug)
        _concept(graph, iri, scheme, term)
        graph.add((scheme, SKOS.hasTopConcept, iri))


def concept_graph() -> Graph:
    """Every concept scheme and concept, and the key figures' structure, as an rdflib graph."""
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.add((SCHEMES_ONTOLOGY, RDF.type, OWL.Ontology))
    graph.add(
        (
            SCHEMES_ONTOLOGY,
            RDFS.label,
            Literal("Ofsted children's services inspection concept schemes", lang="en"),
        )
    )
    graph.add(
        (
            SCHEMES_ONTOLOGY,
            DCTERMS.source,
            Literal("Generated from src/ofsted_kg/model/vocab.py by tools/make_schemes.py"),
        )
    )

    for scale, grades in vocab.GRADE_SCALES.items():
        scheme = ns.grade_scheme_iri(scale)
        _scheme(graph, scheme, vocab.GRADE_SCALE_LABELS[scale], ns.OFS.GradeScale)
        for term in grades.values():
            iri = ns.grade_iri(scale, term.slug)
            _concept(graph, iri, scheme, term)
            graph.add((scheme, SKOS.hasTopConcept, iri))
            graph.add((iri, ns.OFS.rank, Literal(term.rank, datatype=XSD.integer)))
    # Same rank on different scales: close matches ("Adequate" ~ "Requires improvement").
    scales = list(vocab.GRADE_SCALES)
    for i, left in enumerate(scales):
        for right in scales[i + 1 :]:
            for lterm in vocab.GRADE_SCALES[left].values():
                for rterm in vocab.GRADE_SCALES[right].values():
                    if lterm.rank == rterm.rank:
                        match = SKOS.exactMatch if lterm.slug == rterm.slug else SKOS.closeMatch
                        graph.add(
                            (ns.grade_iri(left, lterm.slug), match, ns.grade_iri(right, rterm.slug))
                        )

    for scheme_key, areas in vocab.AREA_SCHEMES.items():
        scheme = ns.area_scheme_iri(scheme_key)
        _scheme(graph, scheme, vocab.AREA_SCHEME_LABELS[scheme_key], ns.OFS.AreaScheme)
        for term in areas.values():
            iri = ns.area_iri(scheme_key, term.slug)
            _concept(graph, iri, scheme, term)
            if term.broader:
                graph.add((iri, SKOS.broader, ns.area_iri(scheme_key, term.broader)))
            else:
                graph.add((scheme, SKOS.hasTopConcept, iri))
    for (ls, la), (rs, ra) in vocab.AREA_CLOSE_MATCHES:
        graph.add((ns.area_iri(ls, la), SKOS.closeMatch, ns.area_iri(rs, ra)))
    common = ns.area_scheme_iri("common")
    _scheme(graph, common, "Areas compared across frameworks")
    for term in vocab.COMMON_AREAS.values():
        iri = ns.area_iri("common", term.slug)
        _concept(graph, iri, common, term)
        graph.add((common, SKOS.hasTopConcept, iri))
    for (scheme_key, area), commons in vocab.COMMON_AREA_OF.items():
        for slug in commons:
            graph.add(
                (ns.area_iri(scheme_key, area), ns.OFS.comparableArea, ns.area_iri("common", slug))
            )

    frameworks = ns.frameworks_scheme_iri()
    _scheme(
        graph, frameworks, "Ofsted inspection frameworks for local authority children's services"
    )
    for term in vocab.FRAMEWORKS.values():
        iri = ns.framework_iri(term.slug)
        _concept(graph, iri, frameworks, term)
        graph.add((frameworks, SKOS.hasTopConcept, iri))
        graph.add((iri, ns.OFS.gradeScale, ns.grade_scheme_iri(vocab.FRAMEWORK_SCALE[term.slug])))
        graph.add((iri, ns.OFS.areaScheme, ns.area_scheme_iri(vocab.FRAMEWORK_AREAS[term.slug])))
        gives = term.slug not in vocab.NO_OVERALL_JUDGEMENT
        graph.add((iri, ns.OFS.givesOverallJudgement, Literal(gives)))

    _flat_scheme(graph, "role", "Inspection team roles", vocab.ROLES, ns.role_iri)
    _flat_scheme(
        graph, "addressee", "Addressees of recommendations", vocab.ADDRESSEES, ns.addressee_iri
    )
    _flat_scheme(
        graph, "timescale", "Timescales of recommendations", vocab.TIMESCALES, ns.timescale_iri
    )
    _flat_scheme(graph, "post", "Posts reports mention", vocab.POSTS, ns.post_type_iri)
    for term in vocab.POSTS.values():
        graph.add((ns.post_type_iri(term.slug), RDF.type, ns.ORG.Role))
    _flat_scheme(
        graph,
        "national-framework",
        "Children's Social Care National Framework: outcomes, enablers and principles",
        vocab.NATIONAL_FRAMEWORK,
        ns.national_framework_iri,
    )
    _theme_schemes(graph)
    _flat_scheme(
        graph,
        "build-status",
        "What a build did with an input file",
        vocab.BUILD_STATUSES,
        ns.build_status_iri,
    )
    gaps = {
        slug: vocab.Term(slug, expectation.missing[:1].upper() + expectation.missing[1:])
        for slug, expectation in sorted(coverage.expectations().items())
    }
    _flat_scheme(
        graph,
        "coverage-gap",
        "Coverage gaps: what a framework's reports print and one report lacks",
        gaps,
        ns.coverage_gap_iri,
    )

    _flat_scheme(
        graph,
        "measure",
        "Key figures a report prints in its description of the area",
        vocab.MEASURES,
        ns.measure_iri,
    )
    _data_structure(graph)
    return graph


def _theme_schemes(graph: Graph) -> None:
    """Practice themes of recommendations (definitions, keywords as skos:altLabel, links to
    the national framework) and the methods that link recommendations to them."""
    scheme = ns.concept_scheme_iri("theme")
    _scheme(graph, scheme, themes.THEME_SCHEME_LABEL)
    for theme in themes.THEMES.values():
        iri = ns.theme_iri(theme.slug)
        _concept(graph, iri, scheme, vocab.Term(theme.slug, theme.label, comment=theme.definition))
        graph.add((scheme, SKOS.hasTopConcept, iri))
        for keyword in theme.keywords:
            graph.add((iri, SKOS.altLabel, Literal(keyword, lang="en")))
        for item in theme.close:
            graph.add((iri, SKOS.closeMatch, ns.national_framework_iri(item)))
        for item in theme.related:
            graph.add((iri, SKOS.relatedMatch, ns.national_framework_iri(item)))
    _flat_scheme(
        graph,
        "theme-method",
        "How a recommendation was linked to a practice theme",
        themes.THEME_METHODS,
        ns.theme_method_iri,
    )


def _data_structure(graph: Graph) -> None:
    """The RDF Data Cube structure of the key figures: area x period x measure, one value.

    The measure is a dimension whose values are concepts (``ofs:measure``) and every
    observation's number is the one measure ``sdmx-measure:obsValue``, so every figure has
    the same shape (and the same keys in JSON-LD) whatever it counts.
    """
    dsd = ns.CONCEPT["figures-structure"]
    graph.add((dsd, RDF.type, ns.QB.DataStructureDefinition))
    graph.add((dsd, RDFS.label, Literal("Structure of the key figures", lang="en")))
    components = [
        ("refArea", ns.QB.dimension, ns.SDMX_DIMENSION.refArea),
        ("refPeriod", ns.QB.dimension, ns.SDMX_DIMENSION.refPeriod),
        ("measure", ns.QB.dimension, ns.OFS.measure),
        ("ratePer10000", ns.QB.attribute, ns.OFS.ratePer10000),
        ("refPeriodPrinted", ns.QB.attribute, ns.OFS.refPeriodPrinted),
        ("obsValue", ns.QB.measure, ns.SDMX_MEASURE.obsValue),
    ]
    for order, (key, kind, prop) in enumerate(components, start=1):
        component = ns.CONCEPT[f"figures-structure/{key}"]
        graph.add((dsd, ns.QB.component, component))
        graph.add((component, RDF.type, ns.QB.ComponentSpecification))
        graph.add((component, kind, prop))
        if kind != ns.QB.measure:
            graph.add((component, ns.QB.order, Literal(order, datatype=XSD.integer)))
        if prop == ns.OFS.measure:
            graph.add((component, ns.QB.codeList, ns.concept_scheme_iri("measure")))


def schemes_path() -> Path:
    return Path(__file__).resolve().parents[1] / "ontology" / "schemes.ttl"


def main() -> None:
    from ofsted_kg.rdf.serialise import turtle_bytes

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else schemes_path()
    target.write_bytes(turtle_bytes(concept_graph()))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
