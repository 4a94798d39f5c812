"""Turn parsed :class:`~ofsted_kg.model.records.Report` objects into RDF.

:func:`build_graph` is the front door. It never reads report files: it takes records and
the authority table. Each report's triples come from :func:`report_graph`, so a caller can
keep one report's part apart (named graphs, caches) and the union is the whole graph.
Every fact links by ``prov:wasDerivedFrom`` to an ``oa:SpecificResource`` that locates
its quote in the report. No blank nodes: every node has an IRI minted from stable keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as vocabularies
from rdflib.term import Node

from ofsted_kg.errors import ParseError
from ofsted_kg.model import expectations as coverage
from ofsted_kg.model import namespaces as ns
from ofsted_kg.model import vocab
from ofsted_kg.model.councils import AuthorityRecord, load_authorities, resolve_authority
from ofsted_kg.model.records import Report, Span
from ofsted_kg.rdf.themes import theme_triples

# Each term made once (:class:`~ofsted_kg.model.namespaces.Terms`): a report adds thousands.
OFS, OA, QB, DIM = (ns.Terms(v) for v in (ns.OFS, ns.OA, ns.QB, ns.SDMX_DIMENSION))
DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD = (
    ns.Terms(getattr(vocabularies, name))
    for name in ("DCAT", "DCTERMS", "ORG", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD")
)

Resolver = Callable[[str, str], AuthorityRecord]
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


def _partial_date(value: str) -> Literal:
    """ "2010-07" -> xsd:gYearMonth, "2010" -> xsd:gYear."""
    return Literal(value, datatype=XSD.gYearMonth if len(value) == 7 else XSD.gYear)


def _double(value: Decimal | float | int) -> Literal:
    """xsd:double written as Python writes the float ("268.0", "4.3"): what rdflib reads
    back from the JSON number a JSON-LD export gives it, so the export round-trips."""
    return Literal(float(value), datatype=XSD.double)


def _date(value: date) -> Literal:
    """xsd:date, made from the date itself (from its text rdflib parses it again, 0.25 ms)."""
    return Literal(value)


class _ReportBuilder:
    """Adds one report's triples to a set (plain tuples of rdflib terms: fast to build)."""

    def __init__(
        self, triples: set[Triple], report: Report, iris: ns.IRIs, authority: AuthorityRecord
    ) -> None:
        self.g = triples
        self.report = report
        self.iris = iris
        self.authority = authority
        self.authority_iri = iris.authority(authority.gss)
        self.inspection = iris.inspection(authority.gss, report.start.value)
        self.report_iri = iris.report(self.inspection)

    def add(self, s: URIRef, p: URIRef, o) -> None:
        self.g.add((s, p, o))

    def evidence(self, fact: URIRef, span: Span) -> None:
        """Locate ``fact``'s quote in the report (Web Annotation selectors)."""
        target = self.iris.evidence(fact)
        position = URIRef(f"{target}/position")
        quote = URIRef(f"{target}/quote")
        self.add(fact, PROV.wasDerivedFrom, target)
        self.add(target, RDF.type, OA.SpecificResource)
        self.add(target, OA.hasSource, self.report_iri)
        self.add(target, OA.hasSelector, position)
        self.add(target, OA.hasSelector, quote)
        if span.page is not None:
            self.add(target, OFS.pageNumber, Literal(span.page, datatype=XSD.integer))
        self.add(position, RDF.type, OA.TextPositionSelector)
        self.add(position, OA.start, Literal(span.start, datatype=XSD.integer))
        self.add(position, OA.end, Literal(span.end, datatype=XSD.integer))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(span.quote))

    def generated(self, fact: URIRef, cls: URIRef, span: Span) -> None:
        self.add(fact, RDF.type, cls)
        self.add(fact, PROV.wasGeneratedBy, self.inspection)
        self.evidence(fact, span)

    def build(self) -> None:
        self.inspection_and_report()
        self.judgements()
        self.team()
        self.recommendations()
        self.posts()
        self.previous()
        self.figures()
        self.warnings()
        self.coverage_gaps()

    def inspection_and_report(self) -> None:
        r, insp = self.report, self.inspection
        framework = vocab.FRAMEWORKS[r.framework]
        self.add(insp, RDF.type, OFS.Inspection)
        self.add(
            insp,
            RDFS.label,
            Literal(
                f"{self.authority.name}: {framework.label.split(' (')[0]}, "
                f"{r.start.value.isoformat()}",
                lang="en",
            ),
        )
        self.add(insp, OFS.inspectedAuthority, self.authority_iri)
        self.add(insp, OFS.framework, ns.framework_iri(r.framework))
        self.add(insp, OFS.startDate, _date(r.start.value))
        self.add(insp, OFS.endDate, _date(r.end.value))
        self.evidence(insp, r.start.span)

        rep = self.report_iri
        self.add(rep, RDF.type, OFS.InspectionReport)
        self.add(rep, PROV.wasGeneratedBy, insp)
        self.add(rep, DCTERMS.conformsTo, ns.framework_iri(r.framework))
        self.add(rep, DCTERMS.source, Literal(r.source))
        self.add(
            rep,
            DCTERMS.title,
            Literal(f"{framework.label.split(' (')[0]}: {r.authority.name}", lang="en"),
        )
        self.add(rep, DCTERMS.license, ns.OGL)
        if r.source_sha256:
            self.add(rep, OFS.sha256, Literal(r.source_sha256))
        self.add(rep, OFS.sourceFile, self.iris.source_file(r.source))
        if r.published is not None:
            self.add(rep, DCTERMS.issued, _date(r.published.value))
        if r.authority.name != self.authority.name:
            self.add(self.authority_iri, SKOS.altLabel, Literal(r.authority.name, lang="en"))
        for alias in r.authority.aliases:
            if alias != self.authority.name:
                self.add(self.authority_iri, SKOS.altLabel, Literal(alias, lang="en"))
        if r.authority.trust:
            self.trust(r.authority.trust)

    def trust(self, name: str) -> None:
        """The children's trust the title names: its own organisation, linked to the
        council whose services it runs, and to the inspection as their provider."""
        trust = self.iris.trust(self.authority.gss, name)
        self.add(trust, RDF.type, OFS.ChildrensServicesTrust)
        self.add(trust, RDF.type, ORG.FormalOrganization)
        self.add(trust, SKOS.prefLabel, Literal(name, lang="en"))
        self.add(trust, OFS.runsChildrensServicesOf, self.authority_iri)
        self.add(self.inspection, OFS.servicesRunBy, trust)

    def lscb(self) -> URIRef:
        board = self.iris.lscb(self.authority.gss)
        self.add(board, RDF.type, OFS.SafeguardingBoard)
        self.add(board, RDF.type, ORG.FormalOrganization)
        self.add(board, OFS.safeguardingBoardOf, self.authority_iri)
        self.add(
            board,
            SKOS.prefLabel,
            Literal(f"{self.authority.name} Local Safeguarding Children Board", lang="en"),
        )
        return board

    def judgements(self) -> None:
        framework = self.report.framework
        for j in self.report.judgements:
            if j.scope == "lscb":
                judged, area_scheme, scale = self.lscb(), "lscb-review", "sif"
            else:
                judged = self.authority_iri
                area_scheme = vocab.FRAMEWORK_AREAS[framework]
                scale = vocab.FRAMEWORK_SCALE[framework]
            fact = self.iris.judgement(self.inspection, j.scope, j.area)
            self.generated(fact, OFS.Judgement, j.span)
            self.add(fact, OFS.judgedOrganisation, judged)
            self.add(fact, OFS.area, ns.area_iri(area_scheme, j.area))
            self.add(fact, OFS.grade, ns.grade_iri(scale, j.grade))
            self.add(fact, OFS.areaAsPrinted, Literal(j.area_as_printed))
            self.add(fact, OFS.gradeAsPrinted, Literal(j.grade_as_printed))
            if j.area == "overall-effectiveness" and j.scope == "local-authority":
                self.add(self.inspection, OFS.overallJudgement, fact)

    def team(self) -> None:
        """Team memberships; the person's name as printed stays on the membership (one
        report's words), the person's one ``schema:name`` is chosen across reports by
        :func:`people_triples`."""
        for member in self.report.team:
            person = self.iris.person(member.name)
            self.add(person, RDF.type, OFS.Inspector)
            self.add(self.inspection, PROV.wasAssociatedWith, person)
            fact = self.iris.association(self.inspection, ns.person_key(member.name), member.role)
            if (fact, RDF.type, OFS.TeamMembership) in self.g:
                continue  # the same person printed twice in the same role
            self.add(self.inspection, PROV.qualifiedAssociation, fact)
            self.add(fact, RDF.type, OFS.TeamMembership)
            self.add(fact, RDF.type, PROV.Association)
            self.add(fact, PROV.agent, person)
            self.add(fact, PROV.hadRole, ns.role_iri(member.role))
            self.add(fact, OFS.roleAsPrinted, Literal(member.role_as_printed))
            self.add(fact, OFS.nameAsPrinted, Literal(member.name))
            self.add(fact, OFS.additionalInspector, Literal(member.additional_inspector))
            self.evidence(fact, member.span)

    def recommendations(self) -> None:
        counters: dict[str, int] = {}
        themed: list[tuple[URIRef, str, str]] = []
        for rec in self.report.recommendations:
            counters[rec.addressee] = counters.get(rec.addressee, 0) + 1
            fact = self.iris.recommendation(self.inspection, rec.addressee, counters[rec.addressee])
            themed.append((fact, rec.text, rec.addressee))
            self.generated(fact, OFS.Recommendation, rec.span)
            self.add(fact, SDO.text, Literal(rec.text, lang="en"))
            self.add(fact, OFS.addressee, ns.addressee_iri(rec.addressee))
            self.add(
                fact,
                OFS.number,
                Literal(
                    rec.number if rec.number is not None else counters[rec.addressee],
                    datatype=XSD.integer,
                ),
            )
            if rec.timescale:
                self.add(fact, OFS.timescale, ns.timescale_iri(rec.timescale))
            for item in rec.national_framework:
                self.add(fact, OFS.nationalFrameworkItem, ns.national_framework_iri(item))
            if rec.theme:
                self.add(fact, OFS.themeAsPrinted, Literal(rec.theme, lang="en"))
        self.g.update(theme_triples(self.iris, themed))  # practice themes (rdf/themes.py)

    def posts(self) -> None:
        for post in self.report.posts:
            post_iri = self.iris.post(self.authority.gss, post.post)
            self.add(post_iri, RDF.type, ORG.Post)
            self.add(post_iri, ORG.postIn, self.authority_iri)
            self.add(post_iri, ORG.role, ns.post_type_iri(post.post))
            self.add(
                post_iri,
                SKOS.prefLabel,
                Literal(f"{vocab.POSTS[post.post].label}, {self.authority.name}", lang="en"),
            )
            fact = self.iris.tenure(self.inspection, post.post)
            self.generated(fact, OFS.TenureStatement, post.span)
            self.add(fact, OFS.post, post_iri)
            if post.since:
                self.add(fact, OFS.inPostSince, _partial_date(post.since))
            if post.holder:
                self.add(fact, OFS.holderName, Literal(post.holder))

    def previous(self) -> None:
        for mention in self.report.previous:
            fact = self.iris.previous(
                self.inspection, mention.kind, mention.when, mention.published
            )
            if (fact, RDF.type, OFS.PreviousInspectionMention) in self.g:
                continue  # the same earlier inspection mentioned twice
            self.generated(fact, OFS.PreviousInspectionMention, mention.span)
            self.add(fact, OFS.previousKind, Literal(mention.kind))
            if mention.when:
                self.add(fact, OFS.previousWhen, _partial_date(mention.when))
            if mention.published:
                self.add(fact, OFS.previousPublished, _partial_date(mention.published))
            if mention.grade:
                self.add(fact, OFS.previousGrade, Literal(mention.grade))

    def figures(self) -> None:
        for figure in self.report.figures:
            fact = self.iris.observation(self.inspection, figure.measure, figure.as_at)
            if (fact, RDF.type, OFS.KeyFigureObservation) in self.g:
                continue
            self.generated(fact, OFS.KeyFigureObservation, figure.span)
            self.add(fact, RDF.type, QB.Observation)
            self.add(fact, QB.dataSet, self.iris.figures_dataset())
            self.add(fact, DIM.refArea, self.authority_iri)
            self.add(fact, DIM.refPeriod, _date(figure.as_at or self.report.start.value))
            # False: the report prints no "as at" date, so the inspection's start stands in.
            self.add(fact, OFS.refPeriodPrinted, Literal(figure.as_at is not None))
            # One shape for every figure: the measure as a dimension, the number as the one
            # measure (a double: a JSON number in JSON-LD, read back exactly).
            self.add(fact, OFS.measure, ns.measure_iri(figure.measure))
            self.add(fact, ns.SDMX_MEASURE.obsValue, _double(figure.value))
            if figure.rate_per_10000 is not None:
                self.add(fact, OFS.ratePer10000, _double(figure.rate_per_10000))

    def coverage_gaps(self) -> None:
        """What this report lacks that its framework's reports print (see coverage.py)."""
        for gap in coverage.missing(self.report):
            self.add(self.inspection, OFS.coverageGap, ns.coverage_gap_iri(gap.slug))

    def warnings(self) -> None:
        for index, text in enumerate(self.report.warnings, start=1):
            fact = self.iris.warning(self.inspection, index)
            self.add(fact, RDF.type, OFS.ReportWarning)
            self.add(fact, PROV.wasGeneratedBy, self.inspection)
            self.add(fact, OFS.warningText, Literal(text))


def report_triples(
    report: Report, iris: ns.IRIs | None = None, resolver: Resolver = resolve_authority
) -> set[Triple]:
    """The triples of one report (not the reference data), including its place in the
    dataset (``dcterms:isPartOf``)."""
    iris = iris or ns.IRIs()
    authority = resolver(report.authority.name, report.source)
    _check_vocabulary(report)
    triples: set[Triple] = set()
    builder = _ReportBuilder(triples, report, iris, authority)
    builder.build()
    triples.add((builder.report_iri, DCTERMS.isPartOf, iris.dataset()))
    return triples


def people_triples(reports: Iterable[Report], iris: ns.IRIs | None = None) -> set[Triple]:
    """Each inspector's one ``schema:name`` and other printed forms (``skos:altLabel``).

    The name is the form most reports print (ties: the first in sort order, so
    "McLaughlin" before "Mclaughlin"); it is chosen over every report of the graph, so it
    cannot be part of one report's own triples.
    """
    iris = iris or ns.IRIs()
    forms: dict[URIRef, Counter[str]] = {}
    for report in reports:
        for member in report.team:
            forms.setdefault(iris.person(member.name), Counter())[member.name] += 1
    triples: set[Triple] = set()
    for person, counts in forms.items():
        name, *others = sorted(counts, key=lambda form: (-counts[form], form))
        triples.add((person, SDO.name, Literal(name)))
        triples |= {(person, SKOS.altLabel, Literal(other)) for other in others}
    return triples


def report_graph(
    report: Report, iris: ns.IRIs | None = None, resolver: Resolver = resolve_authority
) -> Graph:
    """The triples of one report (not the reference data), as an rdflib graph."""
    return graph_of(report_triples(report, iris, resolver))


def graph_of(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """An rdflib graph (project prefixes bound) holding ``triples``."""
    graph = new_graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _check_vocabulary(report: Report) -> None:
    """Refuse slugs the ontology does not define: a parser bug, reported with the file."""
    if report.framework not in vocab.FRAMEWORKS:
        raise ParseError(report.source, f"unknown framework {report.framework!r}")
    for j in report.judgements:
        scheme = "lscb-review" if j.scope == "lscb" else vocab.FRAMEWORK_AREAS[report.framework]
        scale = "sif" if j.scope == "lscb" else vocab.FRAMEWORK_SCALE[report.framework]
        if j.area not in vocab.AREA_SCHEMES[scheme] or j.grade not in vocab.GRADE_SCALES[scale]:
            raise ParseError(
                report.source, f"judgement {j.area!r}={j.grade!r} is not on the {scheme} scheme"
            )
    for rec in report.recommendations:
        unknown = set(rec.national_framework) - set(vocab.NATIONAL_FRAMEWORK)
        if unknown:
            raise ParseError(report.source, f"unknown national framework item(s) {sorted(unknown)}")


DATASET_DESCRIPTION = (
    "Ofsted's inspections of English councils' children's services since 2009, read from the "
    "inspection reports: judgements and grades, inspection teams, recommendations, previous "
    "inspections and key figures, each fact with the report, place and words it comes from."
)
DATASET_KEYWORDS = ("children's services", "inspection", "local authority", "Ofsted")
# The files ``ofsted-kg build`` writes: (slug, title, IANA media type).
DISTRIBUTIONS = (
    ("turtle", "The graph as Turtle (ofsted.ttl)", "text/turtle"),
    ("jsonld", "The graph as compact JSON-LD (ofsted.jsonld)", "application/ld+json"),
)


def reference_triples(iris: ns.IRIs | None = None) -> set[Triple]:
    """England's councils, the dataset description and the key-figure data set."""
    iris = iris or ns.IRIs()
    triples: set[Triple] = set()
    add = triples.add
    for a in load_authorities():
        node = iris.authority(a.gss)
        add((node, RDF.type, OFS.LocalAuthority))
        add((node, RDF.type, ORG.FormalOrganization))
        add((node, SKOS.prefLabel, Literal(a.name, lang="en")))
        for alias in a.aliases:
            add((node, SKOS.altLabel, Literal(alias, lang="en")))
        add((node, OFS.gssCode, Literal(a.gss)))
        add((node, OFS.laNumber, Literal(a.la_number)))
        add((node, OFS.ofstedURN, Literal(a.ofsted_urn)))
        add((node, OFS.region, Literal(a.region)))
        if a.la_type:
            add((node, OFS.authorityType, Literal(a.la_type)))
        add((node, OFS.current, Literal(a.current)))
        add((node, DCTERMS.spatial, ns.statistical_geography(a.gss)))
        for neighbour in a.stat_neighbours:
            add((node, OFS.statisticalNeighbour, iris.authority(neighbour)))
    dataset = iris.dataset()
    add((dataset, RDF.type, DCAT.Dataset))
    add(
        (
            dataset,
            DCTERMS.title,
            Literal("Ofsted inspections of English local authority children's services", lang="en"),
        )
    )
    add((dataset, DCTERMS.license, ns.OGL))
    add((dataset, DCTERMS.publisher, Literal("ofsted-kg")))
    add(
        (
            dataset,
            DCTERMS.source,
            Literal("Ofsted inspection reports; DfE, ONS and Ofsted local authority lookups"),
        )
    )
    add((dataset, DCTERMS.description, Literal(DATASET_DESCRIPTION, lang="en")))
    add((dataset, DCTERMS.spatial, ns.statistical_geography(ns.ENGLAND_GSS)))
    for keyword in DATASET_KEYWORDS:
        add((dataset, DCAT.keyword, Literal(keyword, lang="en")))
    for slug, title, media_type in DISTRIBUTIONS:
        distribution = iris.distribution(slug)
        add((dataset, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.title, Literal(title, lang="en")))
        add((distribution, DCAT.mediaType, ns.MEDIA_TYPES[media_type]))
        add((distribution, DCTERMS.license, ns.OGL))
    figures = iris.figures_dataset()
    add((figures, RDF.type, QB.DataSet))
    add((figures, QB.structure, ns.CONCEPT["figures-structure"]))
    add((figures, RDFS.label, Literal("Key figures printed in inspection reports", lang="en")))
    return triples


def reference_graph(iris: ns.IRIs | None = None) -> Graph:
    """The reference data as an rdflib graph."""
    return graph_of(reference_triples(iris))


def build_graph(
    reports: Iterable[Report], base: str | None = None, resolver: Resolver = resolve_authority
) -> Graph:
    """The whole knowledge graph: reference data plus every report's triples."""
    iris = ns.IRIs(base)
    reports = list(reports)
    triples = reference_triples(iris) | people_triples(reports, iris)
    for report in reports:
        triples |= report_triples(report, iris, resolver)
    return graph_of(triples)
