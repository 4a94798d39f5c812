"""Turn parsed :class:`~ofsted_kg.model.records.Report` objects into RDF.

:func:`build_graph` is the front door. It never reads report files: it takes records and
the authority table. Each report's triples come from :func:`report_lines` (N-Triples
lines, what a build's workers return) or :func:`report_graph` (an rdflib graph), so a
caller can keep one report's part apart (named graphs, caches) and the union is the whole
graph.
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
from ofsted_kg.model.councils import AuthorityRecord, council_of, load_authorities
from ofsted_kg.model.records import Report, Span
from ofsted_kg.rdf.ntriples import iri_nt, literal_nt, ntriples_document
from ofsted_kg.rdf.themes import theme_statements

# Each term made once (:class:`~ofsted_kg.model.namespaces.Terms`): a report adds thousands.
OFS, OA, QB, DIM = (ns.Terms(v) for v in (ns.OFS, ns.OA, ns.QB, ns.SDMX_DIMENSION))
DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SDO, SKOS, XSD = (
    ns.Terms(getattr(vocabularies, name))
    for name in ("DCAT", "DCTERMS", "ORG", "PROV", "RDF", "RDFS", "SDO", "SKOS", "XSD")
)

Resolver = Callable[[Report], AuthorityRecord]
Triple = tuple[URIRef, URIRef, URIRef | Literal]


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound."""
    graph = Graph()
    for prefix, namespace in ns.PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


# Objects in N-Triples syntax (with :func:`~ofsted_kg.rdf.ntriples.iri_nt`), as rdflib
# writes its terms (a test holds each to rdflib's form): a report has thousands of
# statements, and making each an rdflib term first cost three times as much as writing
# the line (2.9 + 1.1 ms a report, measured).
def _text(value: str) -> str:
    return literal_nt(value)


def _english(value: str) -> str:
    return literal_nt(value, lang="en")


def _integer(value: int) -> str:
    return literal_nt(str(int(value)), datatype=ns.XSD_INTEGER)


def _boolean(value: bool) -> str:
    return literal_nt("true" if value else "false", datatype=ns.XSD_BOOLEAN)


def _partial_date(value: str) -> str:
    """ "2010-07" -> xsd:gYearMonth, "2010" -> xsd:gYear."""
    return literal_nt(value, datatype=ns.XSD_GYEARMONTH if len(value) == 7 else ns.XSD_GYEAR)


def _double(value: Decimal | float | int) -> str:
    """xsd:double written as Python writes the float ("268.0", "4.3"): what rdflib reads
    back from the JSON number a JSON-LD export gives it, so the export round-trips."""
    return literal_nt(repr(float(value)), datatype=ns.XSD_DOUBLE)


def _date(value: date) -> str:
    return literal_nt(value.isoformat(), datatype=ns.XSD_DATE)


class _ReportBuilder:
    """Writes one report's N-Triples lines: subjects and predicates are IRIs, objects are
    already in N-Triples syntax (:func:`~ofsted_kg.rdf.ntriples.iri_nt`, :func:`_text`, ...)."""

    def __init__(
        self, lines: set[str], report: Report, iris: ns.IRIs, authority: AuthorityRecord
    ) -> None:
        self.lines = lines
        self.report = report
        self.iris = iris
        self.authority = authority
        self.authority_iri = iris.authority(authority.gss)
        self.inspection = iris.inspection(authority.gss, report.start.value)
        self.report_iri = iris.report(self.inspection)

    @staticmethod
    def line(s: str, p: str, o: str) -> str:
        """The N-Triples line of subject and predicate IRIs and an object in N-Triples."""
        return f"<{s}> <{p}> {o} ."

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.add(self.line(s, p, o))

    def typed(self, s: str, cls: str) -> None:
        self.add(s, RDF.type, iri_nt(cls))

    def has_type(self, s: str, cls: str) -> bool:
        return self.line(s, RDF.type, iri_nt(cls)) in self.lines

    def evidence(self, fact: str, span: Span) -> None:
        """Locate ``fact``'s quote in the report (Web Annotation selectors); a quote that
        runs onto the next pages continues in one specific resource a page."""
        parts = (span, *span.continued)
        targets = [self.iris.evidence(fact, number) for number in range(1, len(parts) + 1)]
        self.add(fact, PROV.wasDerivedFrom, iri_nt(targets[0]))
        for part, target, following in zip(parts, targets, [*targets[1:], None], strict=True):
            self.quote(target, part)
            if following is not None:
                self.add(target, OFS.continuedBy, iri_nt(following))

    def quote(self, target: str, span: Span) -> None:
        """The specific resource ``target``: ``span``'s page, offsets and exact words."""
        position = f"{target}/position"
        quote = f"{target}/quote"
        self.typed(target, OA.SpecificResource)
        self.add(target, OA.hasSource, iri_nt(self.report_iri))
        self.add(target, OA.hasSelector, iri_nt(position))
        self.add(target, OA.hasSelector, iri_nt(quote))
        if span.page is not None:
            self.add(target, OFS.pageNumber, _integer(span.page))
        self.typed(position, OA.TextPositionSelector)
        self.add(position, OA.start, _integer(span.start))
        self.add(position, OA.end, _integer(span.end))
        self.typed(quote, OA.TextQuoteSelector)
        self.add(quote, OA.exact, _text(span.quote))

    def generated(self, fact: str, cls: str, span: Span) -> None:
        self.typed(fact, cls)
        self.add(fact, PROV.wasGeneratedBy, iri_nt(self.inspection))
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
        self.typed(insp, OFS.Inspection)
        self.add(
            insp,
            RDFS.label,
            _english(
                f"{self.authority.name}: {framework.label.split(' (')[0]}, "
                f"{r.start.value.isoformat()}"
            ),
        )
        self.add(insp, OFS.inspectedAuthority, iri_nt(self.authority_iri))
        self.add(insp, OFS.framework, iri_nt(ns.framework_iri(r.framework)))
        self.add(insp, OFS.startDate, _date(r.start.value))
        self.add(insp, OFS.endDate, _date(r.end.value))
        self.evidence(insp, r.start.span)

        rep = self.report_iri
        self.typed(rep, OFS.InspectionReport)
        self.add(rep, PROV.wasGeneratedBy, iri_nt(insp))
        self.add(rep, DCTERMS.conformsTo, iri_nt(ns.framework_iri(r.framework)))
        self.add(rep, DCTERMS.source, _text(r.source))
        self.add(
            rep,
            DCTERMS.title,
            _english(f"{framework.label.split(' (')[0]}: {r.authority.name}"),
        )
        self.add(rep, DCTERMS.license, iri_nt(ns.OGL))
        if r.source_sha256:
            self.add(rep, OFS.sha256, _text(r.source_sha256))
        self.add(rep, OFS.sourceFile, iri_nt(self.iris.source_file(r.source)))
        if r.published is not None:
            self.add(rep, DCTERMS.issued, _date(r.published.value))
        if r.authority.name != self.authority.name:
            self.add(self.authority_iri, SKOS.altLabel, _english(r.authority.name))
        for alias in r.authority.aliases:
            if alias != self.authority.name:
                self.add(self.authority_iri, SKOS.altLabel, _english(alias))
        if r.authority.trust:
            self.trust(r.authority.trust, r.authority.trust_span)

    def trust(self, name: str, span: Span | None) -> None:
        """The children's trust the report names: its own organisation, linked to the
        council whose services it runs, and to the inspection as their provider; where
        the report names it, a statement that quotes it."""
        trust = self.iris.trust(self.authority.gss, name)
        self.typed(trust, OFS.ChildrensServicesTrust)
        self.typed(trust, ORG.FormalOrganization)
        self.add(trust, SKOS.prefLabel, _english(name))
        self.add(trust, OFS.runsChildrensServicesOf, iri_nt(self.authority_iri))
        self.add(self.inspection, OFS.servicesRunBy, iri_nt(trust))
        if span is not None:
            fact = self.iris.trust_statement(self.inspection)
            self.generated(fact, OFS.TrustStatement, span)
            self.add(fact, OFS.trust, iri_nt(trust))

    def lscb(self) -> str:
        board = self.iris.lscb(self.authority.gss)
        self.typed(board, OFS.SafeguardingBoard)
        self.typed(board, ORG.FormalOrganization)
        self.add(board, OFS.safeguardingBoardOf, iri_nt(self.authority_iri))
        self.add(
            board,
            SKOS.prefLabel,
            _english(f"{self.authority.name} Local Safeguarding Children Board"),
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
            self.add(fact, OFS.judgedOrganisation, iri_nt(judged))
            self.add(fact, OFS.area, iri_nt(ns.area_iri(area_scheme, j.area)))
            self.add(fact, OFS.grade, iri_nt(ns.grade_iri(scale, j.grade)))
            self.add(fact, OFS.areaAsPrinted, _text(j.area_as_printed))
            self.add(fact, OFS.gradeAsPrinted, _text(j.grade_as_printed))
            if j.area == "overall-effectiveness" and j.scope == "local-authority":
                self.add(self.inspection, OFS.overallJudgement, iri_nt(fact))

    def team(self) -> None:
        """Team memberships; the person's name as printed stays on the membership (one
        report's words), the person's one ``schema:name`` is chosen across reports by
        :func:`people_triples`."""
        for member in self.report.team:
            person = self.iris.person(member.name)
            self.typed(person, OFS.Inspector)
            self.add(self.inspection, PROV.wasAssociatedWith, iri_nt(person))
            fact = self.iris.association(self.inspection, ns.person_key(member.name), member.role)
            if self.has_type(fact, OFS.TeamMembership):
                continue  # the same person printed twice in the same role
            self.add(self.inspection, PROV.qualifiedAssociation, iri_nt(fact))
            self.typed(fact, OFS.TeamMembership)
            self.typed(fact, PROV.Association)
            self.add(fact, PROV.agent, iri_nt(person))
            self.add(fact, PROV.hadRole, iri_nt(ns.role_iri(member.role)))
            self.add(fact, OFS.roleAsPrinted, _text(member.role_as_printed))
            self.add(fact, OFS.nameAsPrinted, _text(member.name))
            self.add(fact, OFS.additionalInspector, _boolean(member.additional_inspector))
            self.evidence(fact, member.span)

    def recommendations(self) -> None:
        counters: dict[str, int] = {}
        themed: list[tuple[str, str, str]] = []
        for rec in self.report.recommendations:
            counters[rec.addressee] = counters.get(rec.addressee, 0) + 1
            fact = self.iris.recommendation(self.inspection, rec.addressee, counters[rec.addressee])
            themed.append((fact, rec.text, rec.addressee))
            self.generated(fact, OFS.Recommendation, rec.span)
            self.add(fact, SDO.text, _english(rec.text))
            self.add(fact, OFS.addressee, iri_nt(ns.addressee_iri(rec.addressee)))
            number = rec.number if rec.number is not None else counters[rec.addressee]
            self.add(fact, OFS.number, _integer(number))
            if rec.timescale:
                self.add(fact, OFS.timescale, iri_nt(ns.timescale_iri(rec.timescale)))
            for item in rec.national_framework:
                self.add(fact, OFS.nationalFrameworkItem, iri_nt(ns.national_framework_iri(item)))
            if rec.theme:
                self.add(fact, OFS.themeAsPrinted, _english(rec.theme))
        for statement in theme_statements(self.iris, themed):  # practice themes (rdf/themes.py)
            self.add(*statement)

    def posts(self) -> None:
        for post in self.report.posts:
            post_iri = self.iris.post(self.authority.gss, post.post)
            self.typed(post_iri, ORG.Post)
            self.add(post_iri, ORG.postIn, iri_nt(self.authority_iri))
            self.add(post_iri, ORG.role, iri_nt(ns.post_type_iri(post.post)))
            self.add(
                post_iri,
                SKOS.prefLabel,
                _english(f"{vocab.POSTS[post.post].label}, {self.authority.name}"),
            )
            fact = self.iris.tenure(self.inspection, post.post)
            self.generated(fact, OFS.TenureStatement, post.span)
            self.add(fact, OFS.post, iri_nt(post_iri))
            if post.since:
                self.add(fact, OFS.inPostSince, _partial_date(post.since))
            if post.holder:
                self.add(fact, OFS.holderName, _text(post.holder))
            if post.acting:
                self.add(fact, OFS.interimHolder, _boolean(True))

    def previous(self) -> None:
        for mention in self.report.previous:
            fact = self.iris.previous(
                self.inspection, mention.kind, mention.when, mention.published
            )
            if self.has_type(fact, OFS.PreviousInspectionMention):
                continue  # the same earlier inspection mentioned twice
            self.generated(fact, OFS.PreviousInspectionMention, mention.span)
            self.add(fact, OFS.previousKind, _text(mention.kind))
            if mention.when:
                self.add(fact, OFS.previousWhen, _partial_date(mention.when))
            if mention.published:
                self.add(fact, OFS.previousPublished, _partial_date(mention.published))
            if mention.grade:
                self.add(fact, OFS.previousGrade, _text(mention.grade))

    def figures(self) -> None:
        for figure in self.report.figures:
            fact = self.iris.observation(self.inspection, figure.measure, figure.as_at)
            if self.has_type(fact, OFS.KeyFigureObservation):
                continue
            self.generated(fact, OFS.KeyFigureObservation, figure.span)
            self.typed(fact, QB.Observation)
            self.add(fact, QB.dataSet, iri_nt(self.iris.figures_dataset()))
            self.add(fact, DIM.refArea, iri_nt(self.authority_iri))
            self.add(fact, DIM.refPeriod, _date(figure.as_at or self.report.start.value))
            # False: the report prints no "as at" date, so the inspection's start stands in.
            self.add(fact, OFS.refPeriodPrinted, _boolean(figure.as_at is not None))
            # One shape for every figure: the measure as a dimension, the number as the one
            # measure (a double: a JSON number in JSON-LD, read back exactly).
            self.add(fact, OFS.measure, iri_nt(ns.measure_iri(figure.measure)))
            self.add(fact, ns.SDMX_MEASURE.obsValue, _double(figure.value))
            if figure.rate_per_10000 is not None:
                self.add(fact, OFS.ratePer10000, _double(figure.rate_per_10000))

    def coverage_gaps(self) -> None:
        """What this report lacks that its framework's reports print (see coverage.py)."""
        for gap in coverage.missing(self.report):
            self.add(self.inspection, OFS.coverageGap, iri_nt(ns.coverage_gap_iri(gap.slug)))

    def warnings(self) -> None:
        for index, text in enumerate(self.report.warnings, start=1):
            fact = self.iris.warning(self.inspection, index)
            self.typed(fact, OFS.ReportWarning)
            self.add(fact, PROV.wasGeneratedBy, iri_nt(self.inspection))
            self.add(fact, OFS.warningText, _text(text))


def report_lines(
    report: Report, iris: ns.IRIs | None = None, resolver: Resolver = council_of
) -> list[str]:
    """The sorted N-Triples lines of one report (not the reference data), including its
    place in the dataset (``dcterms:isPartOf``): what a build's worker returns."""
    iris = iris or ns.IRIs()
    authority = resolver(report)
    _check_vocabulary(report)
    lines: set[str] = set()
    builder = _ReportBuilder(lines, report, iris, authority)
    builder.build()
    builder.add(builder.report_iri, DCTERMS.isPartOf, iri_nt(iris.dataset()))
    return sorted(lines)


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
    report: Report, iris: ns.IRIs | None = None, resolver: Resolver = council_of
) -> Graph:
    """The triples of one report (not the reference data), as an rdflib graph."""
    return lines_graph(report_lines(report, iris, resolver))


def lines_graph(lines: list[str], graph: Graph | None = None) -> Graph:
    """N-Triples ``lines`` parsed into ``graph`` (default: a new one, prefixes bound)."""
    graph = new_graph() if graph is None else graph
    if lines:
        graph.parse(data=ntriples_document(lines), format="nt")
    return graph


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


def _reorganisation(former: AuthorityRecord, ended: date, iris: ns.IRIs) -> set[Triple]:
    """The reorganisation that ended a former council on ``ended`` (W3C ORG): the day it
    took effect, the council as its original organisation and its successors as resulting
    ones (the other councils it ended add themselves to the same event)."""
    event = iris.reorganisation(ended, former.successors)
    node = iris.authority(former.gss)
    triples: set[Triple] = {
        (event, RDF.type, ORG.ChangeEvent),
        (event, DCTERMS.date, Literal(ended)),
        (event, ORG.originalOrganization, node),
        (node, ORG.changedBy, event),
    }
    for successor in former.successors:
        triples.add((event, ORG.resultingOrganization, iris.authority(successor)))
        triples.add((iris.authority(successor), ORG.resultedFrom, event))
    return triples


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
        if a.ofsted_urn:  # not known for every former council
            add((node, OFS.ofstedURN, Literal(a.ofsted_urn)))
        add((node, OFS.region, Literal(a.region)))
        if a.la_type:
            add((node, OFS.authorityType, Literal(a.la_type)))
        add((node, OFS.current, Literal(a.current)))
        add((node, DCTERMS.spatial, ns.statistical_geography(a.gss)))
        for neighbour in a.stat_neighbours:
            add((node, OFS.statisticalNeighbour, iris.authority(neighbour)))
        if a.ended:
            triples |= _reorganisation(a, a.ended, iris)
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
    reports: Iterable[Report], base: str | None = None, resolver: Resolver = council_of
) -> Graph:
    """The whole knowledge graph: reference data plus every report's triples."""
    iris = ns.IRIs(base)
    reports = list(reports)
    graph = graph_of(reference_triples(iris) | people_triples(reports, iris))
    lines: set[str] = set()
    for report in reports:
        lines.update(report_lines(report, iris, resolver))
    return lines_graph(list(lines), graph)
