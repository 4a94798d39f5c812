"""The tables people count, described: each column's kind, description and the triple of
the graph it maps back to.

One table per thing people count (councils, inspections, judgements, recommendations, ...),
each filled by one SPARQL SELECT in ``queries/tables/`` (:mod:`ofsted_kg.export.tables`).
The SQLite database, its Datasette metadata, the CSV on the Web metadata and the website
are all written from these descriptions.

Values are stored as people read them: IRIs of instances as their path under the
dataset's base (``inspection/E08000009/2022-11-21``: the same path the website gives
the page), IRIs of concepts as their path under ``concept/`` (``grade/sif/good``) beside
their label, the full IRI of each row's subject in its ``iri`` column.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDFS, SDO, SKOS

from ofsted_kg.model import namespaces as ns

OFS, OA, QB, SDMX = ns.OFS, ns.OA, ns.QB, ns.SDMX_DIMENSION
# Where a fact's evidence lives: {fact}/evidence, and its selectors (rdf/graph.py mints them).
EVIDENCE = "/evidence"
QUOTE_SELECTOR = "/evidence/quote"
POSITION_SELECTOR = "/evidence/position"

# Column kinds: how a query's lexical value is stored.
KINDS = (
    "iri",  # the full IRI (the row's subject)
    "ref",  # an instance IRI, stored as its path under the dataset base
    "concept",  # a concept IRI, stored as its path under concept/
    "text",
    "integer",
    "decimal",
    "double",  # an xsd:double (the key figures' numbers)
    "boolean",
    "date",
    "period",  # a gYear or gYearMonth, as printed: 2019 or 2019-06
    "list",  # several values, stored as a JSON array of strings
)


@dataclass(frozen=True)
class Triple:
    """How a column's value maps back to one triple of the graph.

    The subject is the IRI in column ``about`` (plus ``suffix``, for evidence nodes);
    the predicate ``prop``, or the IRI in column ``prop_column``; the object the cell
    itself, or the IRI in column ``value``.
    """

    prop: URIRef | None = None
    about: str = "iri"
    suffix: str = ""
    value: str | None = None
    prop_column: str | None = None


@dataclass(frozen=True)
class Column:
    """One column: name, kind, what it holds, and where it comes from in the graph."""

    name: str
    kind: str
    doc: str
    triple: Triple | None = None  # None: derived (a count, a year), not a triple
    references: str | None = None  # table whose ``id`` this column holds
    lang: str | None = None  # language tag of the graph's literal (``en``)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class Table:
    """One table: its query, its columns, its key and what people filter it by."""

    name: str
    title: str
    doc: str
    query: str  # file name in queries/tables/
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    facets: tuple[str, ...] = ()
    array_facets: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()
    search: tuple[str, ...] = ()  # columns of the full-text index (``<name>_fts``)
    label: str | None = None  # the column Datasette shows for a row referred to
    sort: str | None = None
    rdf_type: URIRef | None = None  # the class of the rows' subjects (``iri``)
    # Triples every row also gives, made of its IRI columns alone (CSVW virtual columns).
    links: tuple[Triple, ...] = ()

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


# --- the columns ----------------------------------------------------------------------------


def _id(what: str) -> Column:
    return Column("id", "ref", f"The {what}'s key: its IRI's path under the dataset base.")


def _iri(what: str) -> Column:
    return Column("iri", "iri", f"The {what}'s IRI in the graph.")


def _ref(name: str, table: str, doc: str, triple: Triple | None = None) -> Column:
    return Column(name, "ref", doc, triple, references=table)


def _evidence() -> tuple[Column, ...]:
    return (
        Column(
            "quote",
            "text",
            "The report's words the fact is read from, verbatim (PDF line breaks kept).",
            Triple(OA.exact, suffix=QUOTE_SELECTOR),
        ),
        Column(
            "page",
            "integer",
            "The report's page the quote is on (PDF reports; empty for text files).",
            Triple(OFS.pageNumber, suffix=EVIDENCE),
        ),
        Column(
            "start_offset",
            "integer",
            "Where the quote starts: a 0-based character offset into the page's text "
            "(into the whole file for text reports).",
            Triple(OA.start, suffix=POSITION_SELECTOR),
        ),
        Column(
            "end_offset",
            "integer",
            "Where the quote ends (exclusive), as start_offset.",
            Triple(OA.end, suffix=POSITION_SELECTOR),
        ),
    )


def _context(region: bool = True, name: bool = True) -> tuple[Column, ...]:
    """The inspection a fact belongs to, and the council, region, framework and date."""
    columns = [
        _ref(
            "inspection",
            "inspections",
            "The inspection that made the fact.",
            Triple(PROV.wasGeneratedBy),
        ),
        _ref(
            "council",
            "councils",
            "The council inspected.",
            Triple(OFS.inspectedAuthority, about="inspection"),
        ),
    ]
    if name:
        columns.append(
            Column(
                "council_name",
                "text",
                "The council's name.",
                Triple(SKOS.prefLabel, about="council"),
                lang="en",
            )
        )
    if region:
        columns.append(
            Column(
                "region",
                "text",
                "The council's English region.",
                Triple(OFS.region, about="council"),
            )
        )
    columns += [
        Column(
            "framework",
            "text",
            "The inspection's framework: sif, ilacs-standard, ilacs-short, ilacs-2026, "
            "lac-2013, safeguarding-lac-2012, ...",
        ),
        Column(
            "start",
            "date",
            "The inspection's first day on site.",
            Triple(OFS.startDate, about="inspection"),
        ),
        Column("year", "integer", "The year of the inspection's first day (for facets)."),
    ]
    return tuple(columns)


def _concept(name: str, doc: str, prop: URIRef, about: str = "iri") -> tuple[Column, Column]:
    """A concept's path under concept/ and its label."""
    return (
        Column(
            f"{name}_concept",
            "concept",
            f"{doc} (its concept).",
            Triple(prop, about=about),
            references="concepts",
        ),
        Column(
            name,
            "text",
            f"{doc}.",
            Triple(SKOS.prefLabel, about=f"{name}_concept"),
            lang="en",
        ),
    )


COUNCILS = Table(
    "councils",
    "Councils",
    "England's councils with children's services, inspected or not: ONS GSS code, "
    "region, type, DfE and Ofsted numbers.",
    "councils",
    (
        _id("council"),
        _iri("council"),
        Column("gss", "text", "ONS GSS code, e.g. E08000009.", Triple(OFS.gssCode)),
        Column("name", "text", "The council's name.", Triple(SKOS.prefLabel), lang="en"),
        Column("region", "text", "English region (ONS).", Triple(OFS.region)),
        Column(
            "type",
            "text",
            "County, London Borough, Metropolitan District or Unitary Authority.",
            Triple(OFS.authorityType),
        ),
        Column("la_number", "text", "DfE local authority number.", Triple(OFS.laNumber)),
        Column("ofsted_urn", "text", "Ofsted's reference number.", Triple(OFS.ofstedURN)),
        Column(
            "current",
            "boolean",
            "False for councils that no longer exist (e.g. Northamptonshire; see reorganisations).",
            Triple(OFS.current),
        ),
    ),
    facets=("region", "type"),
    indexes=("gss", "region"),
    label="name",
    sort="name",
    rdf_type=OFS.LocalAuthority,
)

NEIGHBOURS = Table(
    "neighbours",
    "Statistical neighbours",
    "Each council's ten statistical neighbours: the councils the DfE treats as most similar.",
    "neighbours",
    (
        _ref("council", "councils", "The council."),
        _ref(
            "neighbour",
            "councils",
            "One of its statistical neighbours.",
            Triple(OFS.statisticalNeighbour, about="council", value="neighbour"),
        ),
    ),
    key=("council", "neighbour"),
)

REORGANISATIONS = Table(
    "reorganisations",
    "Reorganisations",
    "Councils abolished on a day and the councils that took over their children's services "
    "(Bournemouth and Poole to Bournemouth, Christchurch and Poole, 2019; ...): one row per "
    "council abolished and successor.",
    "reorganisations",
    (
        _id("reorganisation"),
        _iri("reorganisation"),
        Column(
            "date",
            "date",
            "The day the successors took over.",
            Triple(DCTERMS.date),
        ),
        _ref("former", "councils", "A council it abolished.", Triple(ORG.originalOrganization)),
        _ref(
            "successor",
            "councils",
            "A council that took over.",
            Triple(ORG.resultingOrganization),
        ),
    ),
    key=("id", "former", "successor"),
    sort="date",
    rdf_type=ORG.ChangeEvent,
    links=(
        Triple(ORG.changedBy, about="former", value="iri"),
        Triple(ORG.resultedFrom, about="successor", value="iri"),
    ),
)

INSPECTIONS = Table(
    "inspections",
    "Inspections",
    "Every inspection: council, framework, dates, overall judgement, lead inspector, and "
    "the report (file and SHA-256) every fact is quoted from.",
    "inspections",
    (
        _id("inspection"),
        _iri("inspection"),
        _ref("council", "councils", "The council inspected.", Triple(OFS.inspectedAuthority)),
        Column(
            "council_name",
            "text",
            "The council's name.",
            Triple(SKOS.prefLabel, about="council"),
            lang="en",
        ),
        Column("region", "text", "The council's English region.", Triple(OFS.region, "council")),
        Column(
            "framework_concept",
            "concept",
            "The inspection framework (its concept).",
            Triple(OFS.framework),
            references="concepts",
        ),
        Column(
            "framework",
            "text",
            "The framework's short name: sif, ilacs-standard, ilacs-short, ilacs-2026, ...",
            Triple(SKOS.notation, about="framework_concept"),
        ),
        Column(
            "framework_label",
            "text",
            "The framework's name.",
            Triple(SKOS.prefLabel, about="framework_concept"),
            lang="en",
        ),
        Column(
            "gives_overall",
            "boolean",
            "Whether the framework gives an overall effectiveness judgement (false for the "
            "April 2026 framework and stand-alone LSCB reviews: 'not judged under this "
            "framework').",
            Triple(OFS.givesOverallJudgement, about="framework_concept"),
        ),
        Column("start", "date", "First day on site.", Triple(OFS.startDate)),
        Column("end", "date", "Last day on site.", Triple(OFS.endDate)),
        Column("year", "integer", "The year of the first day (for facets)."),
        Column(
            "published",
            "date",
            "When the report was published, where it prints the date (ILACS reports do not).",
            Triple(DCTERMS.issued, about="report"),
        ),
        Column("title", "text", "The inspection's label.", Triple(RDFS.label), lang="en"),
        Column(
            "trust",
            "text",
            "The children's trust that ran the inspected services, where the report names "
            "one (in its title or a sentence).",
        ),
        _ref(
            "overall",
            "judgements",
            "The overall effectiveness judgement, where the framework gives one.",
            Triple(OFS.overallJudgement),
        ),
        Column(
            "overall_grade_concept",
            "concept",
            "The overall grade (its concept).",
            Triple(OFS.grade, about="overall"),
            references="concepts",
        ),
        Column(
            "overall_grade",
            "text",
            "The overall effectiveness grade.",
            Triple(SKOS.prefLabel, about="overall_grade_concept"),
            lang="en",
        ),
        Column(
            "overall_rank",
            "integer",
            "The overall grade on the shared scale: 1 Outstanding, 2 Good, 3 Requires "
            "improvement / Adequate, 4 Inadequate.",
            Triple(OFS.rank, about="overall_grade_concept"),
        ),
        _ref("lead_inspector", "people", "The lead inspector, where the report names one."),
        Column("lead_inspector_name", "text", "The lead inspector's name."),
        Column(
            "report",
            "ref",
            "The published report the facts are read from.",
            Triple(PROV.wasGeneratedBy, about="report", value="iri"),
        ),
        Column(
            "report_title",
            "text",
            "The report's title.",
            Triple(DCTERMS.title, about="report"),
            lang="en",
        ),
        Column(
            "report_file",
            "text",
            "The report's file name as given to the build.",
            Triple(DCTERMS.source, about="report"),
        ),
        Column(
            "sha256",
            "text",
            "SHA-256 of the report file's bytes: which copy was read.",
            Triple(OFS.sha256, about="report"),
        ),
        _ref(
            "source",
            "sources",
            "The build's record of the file.",
            Triple(OFS.sourceFile, about="report"),
        ),
        *_evidence(),
    ),
    facets=("region", "framework", "year", "overall_grade"),
    indexes=("council", "framework", "start", "year", "overall_rank"),
    label="title",
    sort="start",
    rdf_type=OFS.Inspection,
)

JUDGEMENTS = Table(
    "judgements",
    "Judgements",
    "Every graded judgement: the area judged, the grade as printed and as a concept, its "
    "rank on the shared 1-4 scale (so grades compare across frameworks), and its quote.",
    "judgements",
    (
        _id("judgement"),
        _iri("judgement"),
        *_context(),
        Column(
            "judged",
            "ref",
            "The organisation judged: the council, or its Local Safeguarding Children Board.",
            Triple(OFS.judgedOrganisation),
        ),
        *_concept("area", "The area judged, in the framework's own scheme", OFS.area),
        Column(
            "area_as_printed", "text", "The report's words for the area.", Triple(OFS.areaAsPrinted)
        ),
        Column(
            "common_areas",
            "list",
            "The areas compared across frameworks that this area speaks for (help and "
            "protection, children in care, care leavers, adoption, leadership, LSCB, overall "
            "effectiveness).",
        ),
        *_concept("grade", "The grade", OFS.grade),
        Column(
            "grade_rank",
            "integer",
            "The grade on the shared scale: 1 Outstanding, 2 Good, 3 Requires improvement / "
            "Adequate, 4 Inadequate.",
            Triple(OFS.rank, about="grade_concept"),
        ),
        Column(
            "grade_as_printed",
            "text",
            "The report's words for the grade.",
            Triple(OFS.gradeAsPrinted),
        ),
        *_evidence(),
    ),
    facets=("region", "framework", "area", "grade", "year"),
    array_facets=("common_areas",),
    indexes=("inspection", "council", "framework", "area", "grade", "grade_rank", "year"),
    search=("quote", "area_as_printed"),
    sort="start",
    rdf_type=OFS.Judgement,
)

RECOMMENDATIONS = Table(
    "recommendations",
    "Recommendations",
    "Every recommendation and area for improvement, verbatim, with who must act, the "
    "timescale (2009-2012), the national framework tags (2026) and its quote.",
    "recommendations",
    (
        _id("recommendation"),
        _iri("recommendation"),
        *_context(),
        *_concept("addressee", "Who must act", OFS.addressee),
        *_concept("timescale", "When it must be met (2009-2012 reports)", OFS.timescale),
        Column(
            "number",
            "integer",
            "Its number as printed, or its place in its list.",
            Triple(OFS.number),
        ),
        Column("text", "text", "The recommendation, in full.", Triple(SDO.text), lang="en"),
        Column(
            "theme_as_printed",
            "text",
            "The heading the report prints above it, verbatim.",
            Triple(OFS.themeAsPrinted),
            lang="en",
        ),
        Column(
            "national_framework",
            "list",
            "The national framework outcomes, enablers and principles it is tagged with "
            "(outcome-1 ... ; the table national_framework_tags has them one a row).",
        ),
        Column(
            "themes",
            "list",
            "Practice themes of the recommendation (dcterms:subject; the theme scheme).",
        ),
        *_evidence(),
    ),
    facets=("region", "framework", "addressee", "year"),
    array_facets=("national_framework", "themes"),
    indexes=("inspection", "council", "framework", "year"),
    search=("text", "theme_as_printed"),
    sort="start",
    rdf_type=OFS.Recommendation,
)

NATIONAL_FRAMEWORK_TAGS = Table(
    "national_framework_tags",
    "National framework tags",
    "Which outcome, enabler or principle of the Children's Social Care National Framework "
    "each recommendation is tagged with.",
    "national-framework-tags",
    (
        _ref("recommendation", "recommendations", "The recommendation."),
        Column(
            "item_concept",
            "concept",
            "The national framework item (its concept).",
            Triple(OFS.nationalFrameworkItem, about="recommendation"),
            references="concepts",
        ),
        Column(
            "item",
            "text",
            "The item's short name (outcome-1, enabler-2, ...).",
            Triple(SKOS.notation, about="item_concept"),
        ),
        Column(
            "item_label",
            "text",
            "The item's words.",
            Triple(SKOS.prefLabel, about="item_concept"),
            lang="en",
        ),
    ),
    key=("recommendation", "item_concept"),
    facets=("item",),
)

THEME_ASSIGNMENTS = Table(
    "theme_assignments",
    "Recommendation themes",
    "Which practice themes each recommendation is on, and how each link was made: by a "
    "phrase rule (score 1) or by the embedding model (its similarity score).",
    "theme-assignments",
    (
        _id("theme assignment"),
        _iri("theme assignment"),
        _ref(
            "recommendation",
            "recommendations",
            "The recommendation.",
            Triple(OFS.themeAssignment, about="recommendation", value="iri"),
        ),
        Column(
            "theme_concept",
            "concept",
            "The theme (its concept).",
            Triple(OFS.assignedTheme),
            references="concepts",
        ),
        Column(
            "theme",
            "text",
            "The theme.",
            Triple(SKOS.prefLabel, about="theme_concept"),
            lang="en",
        ),
        *_concept("method", "How the link was made (rule or model)", OFS.assignmentMethod),
        Column(
            "score",
            "decimal",
            "1 for a phrase rule; the model's similarity for a model link.",
            Triple(OFS.assignmentScore),
        ),
        Column(
            "matched_words",
            "text",
            "The words a rule matched.",
            Triple(OFS.matchedWords),
        ),
    ),
    facets=("theme", "method"),
    indexes=("recommendation", "theme_concept"),
    rdf_type=OFS.ThemeAssignment,
    # The graph's shortcut from a recommendation to each of its themes.
    links=(Triple(DCTERMS.subject, about="recommendation", value="theme_concept"),),
)

TEAM_MEMBERSHIPS = Table(
    "team_memberships",
    "Team memberships",
    "Every person named in an inspection team, with the role the report gives them.",
    "team-memberships",
    (
        _id("team membership"),
        _iri("team membership"),
        _ref(
            "inspection",
            "inspections",
            "The inspection.",
            Triple(PROV.qualifiedAssociation, about="inspection", value="iri"),
        ),
        _ref(
            "council",
            "councils",
            "The council inspected.",
            Triple(OFS.inspectedAuthority, about="inspection"),
        ),
        Column("framework", "text", "The inspection's framework."),
        Column(
            "start",
            "date",
            "The inspection's first day.",
            Triple(OFS.startDate, about="inspection"),
        ),
        Column("year", "integer", "The year of the inspection's first day (for facets)."),
        _ref("person", "people", "The person.", Triple(PROV.agent)),
        Column(
            "name",
            "text",
            "The person's name (one form across reports).",
            Triple(SDO.name, about="person"),
        ),
        Column(
            "name_as_printed",
            "text",
            "The name as this report prints it.",
            Triple(OFS.nameAsPrinted),
        ),
        *_concept("role", "The role in the team", PROV.hadRole),
        Column(
            "role_as_printed",
            "text",
            "The role in the report's words.",
            Triple(OFS.roleAsPrinted),
        ),
        Column(
            "additional_inspector",
            "boolean",
            "True where the report marks the person an Additional (contracted) Inspector.",
            Triple(OFS.additionalInspector),
        ),
        *_evidence(),
    ),
    facets=("role", "framework", "year"),
    indexes=("inspection", "person", "council", "role"),
    sort="start",
    rdf_type=OFS.TeamMembership,
)

PEOPLE = Table(
    "people",
    "People",
    "Every inspector the reports name, one row a person however the reports print the "
    "name, with how many inspections they led and joined.",
    "people",
    (
        _id("person"),
        _iri("person"),
        Column("name", "text", "The person's name.", Triple(SDO.name)),
        Column("other_names", "list", "Other ways the reports print the name."),
        Column("inspections", "integer", "How many inspections of the graph name them."),
        Column("led", "integer", "How many of those they led."),
        Column("first_start", "date", "The first day of their earliest inspection."),
        Column("last_start", "date", "The first day of their latest inspection."),
    ),
    indexes=("name",),
    search=("name",),
    label="name",
    sort="name",
    rdf_type=OFS.Inspector,
)

POSTS = Table(
    "posts",
    "Posts",
    "The posts (Director of Children's Services, LSCB chair) of each council that a report "
    "speaks of.",
    "posts",
    (
        _id("post"),
        _iri("post"),
        _ref("council", "councils", "The council.", Triple(ORG.postIn)),
        *_concept("role", "The post", ORG.role),
        Column("label", "text", "The post and council.", Triple(SKOS.prefLabel), lang="en"),
    ),
    facets=("role",),
    indexes=("council",),
    label="label",
    rdf_type=ORG.Post,
)

TENURES = Table(
    "tenures",
    "Tenures",
    "What each report says about how long a post has been held, as at the inspection.",
    "tenures",
    (
        _id("tenure statement"),
        _iri("tenure statement"),
        *_context(region=False, name=False),
        _ref("post", "posts", "The post.", Triple(OFS.post)),
        Column("role", "text", "The post's role."),
        Column(
            "in_post_since",
            "period",
            "When the holder took up the post, to the precision printed (2019 or 2019-06).",
        ),
        Column(
            "holder_name",
            "text",
            "The holder's name, where printed (rarely).",
            Triple(OFS.holderName),
        ),
        Column(
            "interim_holder",
            "boolean",
            "True where the report prints the holder as interim or acting, else empty.",
            Triple(OFS.interimHolder),
        ),
        *_evidence(),
    ),
    facets=("role", "framework", "year"),
    indexes=("inspection", "council", "post"),
    sort="start",
    rdf_type=OFS.TenureStatement,
)

PREVIOUS_INSPECTIONS = Table(
    "previous_inspections",
    "Previous inspections",
    "The earlier inspections each report mentions: what kind, when, and the grade they gave.",
    "previous-inspections",
    (
        _id("mention"),
        _iri("mention"),
        *_context(region=False, name=False),
        Column(
            "kind",
            "text",
            "What the earlier inspection covered (safeguarding, looked-after-children, sif, "
            "ilacs, focused-visit, jtai, ...; sif-or-ilacs for a 2018 inspection whose "
            "framework the report does not name).",
            Triple(OFS.previousKind),
        ),
        Column("when", "period", "When it took place, to the precision printed."),
        Column(
            "published",
            "period",
            "When its report was published, where that is printed instead.",
        ),
        Column("grade", "text", "The grade it gave, as a slug.", Triple(OFS.previousGrade)),
        *_evidence(),
    ),
    facets=("kind", "grade", "framework"),
    indexes=("inspection", "council"),
    sort="start",
    rdf_type=OFS.PreviousInspectionMention,
)

KEY_FIGURES = Table(
    "key_figures",
    "Key figures",
    "The numbers each report prints about its area (children looked after, child "
    "protection plans, ...), with the rate per 10,000 children where printed.",
    "key-figures",
    (
        _id("key figure"),
        _iri("key figure"),
        *_context(name=False)[:1],
        _ref("council", "councils", "The council (the figure's area).", Triple(SDMX.refArea)),
        *_context(name=False)[2:],
        *_concept("measure", "What is counted", OFS.measure),
        Column(
            "value",
            "double",
            "The number printed.",
            Triple(ns.SDMX_MEASURE.obsValue),
        ),
        Column(
            "rate_per_10000",
            "double",
            "The rate per 10,000 children printed beside it.",
            Triple(OFS.ratePer10000),
        ),
        Column(
            "period",
            "date",
            "The date the figure is as at (the inspection's first day where none is printed).",
            Triple(SDMX.refPeriod),
        ),
        Column(
            "period_printed",
            "boolean",
            "Whether the report prints that date.",
            Triple(OFS.refPeriodPrinted),
        ),
        *_evidence(),
    ),
    facets=("measure", "region", "year"),
    indexes=("inspection", "council", "measure"),
    sort="start",
    rdf_type=OFS.KeyFigureObservation,
)

COVERAGE_GAPS = Table(
    "coverage_gaps",
    "Coverage gaps",
    "What each inspection's report lacks that every report of its framework prints: the "
    "graph says what it does not know instead of guessing.",
    "coverage-gaps",
    (
        _ref("inspection", "inspections", "The inspection."),
        _ref(
            "council",
            "councils",
            "The council inspected.",
            Triple(OFS.inspectedAuthority, about="inspection"),
        ),
        Column("framework", "text", "The inspection's framework."),
        Column(
            "start",
            "date",
            "The inspection's first day.",
            Triple(OFS.startDate, about="inspection"),
        ),
        Column("year", "integer", "The year of the inspection's first day (for facets)."),
        *_concept("gap", "What is missing", OFS.coverageGap, about="inspection"),
    ),
    key=("inspection", "gap_concept"),
    facets=("gap", "framework"),
)

WARNINGS = Table(
    "warnings",
    "Report warnings",
    "Where a report contradicts itself or lacks something its framework always has.",
    "warnings",
    (
        _id("warning"),
        _iri("warning"),
        *_context(region=False, name=False),
        Column("text", "text", "The warning, in words.", Triple(OFS.warningText)),
    ),
    facets=("framework",),
    indexes=("inspection",),
    rdf_type=OFS.ReportWarning,
)

SOURCES = Table(
    "sources",
    "Sources",
    "Every file the build was given: its path, SHA-256, and what the build did with it "
    "(read, refused, quarantined, skipped, duplicate).",
    "sources",
    (
        _id("source file"),
        _iri("source file"),
        Column("path", "text", "The file's path under the folder given.", Triple(OFS.relativePath)),
        Column("sha256", "text", "SHA-256 of the file's bytes.", Triple(OFS.sha256)),
        *_concept("status", "What the build did with the file", OFS.buildStatus),
        Column("reason", "text", "Why it was not read, in words.", Triple(OFS.statusReason)),
        _ref(
            "council",
            "councils",
            "The council a left-out file's report is about.",
            Triple(OFS.aboutAuthority),
        ),
        _ref("inspection", "inspections", "The inspection read from the file."),
    ),
    facets=("status",),
    label="path",
    sort="path",
    rdf_type=OFS.SourceFile,
)

QUOTES = Table(
    "quotes",
    "Quotes",
    "Every fact's evidence in one table, for full-text search: the verbatim quote, its "
    "page and character offsets, and the report it is in (for a quote that runs onto "
    "the next page, its first page's part; the graph holds the rest).",
    "quotes",
    (
        Column("id", "ref", "The fact's key: its IRI's path under the dataset base."),
        Column("iri", "iri", "The fact's IRI in the graph."),
        Column("kind", "text", "What kind of fact (Judgement, Recommendation, ...)."),
        _ref("inspection", "inspections", "The inspection."),
        _ref(
            "council",
            "councils",
            "The council inspected.",
            Triple(OFS.inspectedAuthority, about="inspection"),
        ),
        Column(
            "start",
            "date",
            "The inspection's first day.",
            Triple(OFS.startDate, about="inspection"),
        ),
        Column("year", "integer", "The year of the inspection's first day (for facets)."),
        *_evidence(),
        Column("report_file", "text", "The report's file name."),
    ),
    facets=("kind", "year"),
    indexes=("inspection", "council"),
    search=("quote",),
    sort="start",
)

CONCEPTS = Table(
    "concepts",
    "Concepts",
    "The concepts the other tables name (frameworks, grades, areas, national framework "
    "items, roles, addressees, ...), from the shipped concept schemes.",
    "concepts",
    (
        Column("id", "concept", "The concept's key: its IRI's path under concept/."),
        Column("iri", "iri", "The concept's IRI."),
        Column(
            "scheme",
            "concept",
            "The scheme it belongs to (grade/sif, area/ilacs, framework, ...).",
            Triple(SKOS.inScheme),
        ),
        Column("label", "text", "Its name.", Triple(SKOS.prefLabel), lang="en"),
        Column("notation", "text", "Its short name.", Triple(SKOS.notation)),
        Column("definition", "text", "What it means.", Triple(SKOS.definition), lang="en"),
        Column(
            "rank",
            "integer",
            "For a grade: its place on the shared scale (1 Outstanding to 4 Inadequate).",
            Triple(OFS.rank),
        ),
        Column(
            "gives_overall",
            "boolean",
            "For a framework: whether it gives an overall effectiveness judgement.",
            Triple(OFS.givesOverallJudgement),
        ),
        Column(
            "comparable_areas",
            "list",
            "For an area: the areas compared across frameworks (area/common/...) it speaks for.",
        ),
    ),
    facets=("scheme",),
    label="label",
    sort="id",
)

TABLES: tuple[Table, ...] = (
    COUNCILS,
    NEIGHBOURS,
    REORGANISATIONS,
    INSPECTIONS,
    JUDGEMENTS,
    RECOMMENDATIONS,
    NATIONAL_FRAMEWORK_TAGS,
    THEME_ASSIGNMENTS,
    TEAM_MEMBERSHIPS,
    PEOPLE,
    POSTS,
    TENURES,
    PREVIOUS_INSPECTIONS,
    KEY_FIGURES,
    COVERAGE_GAPS,
    WARNINGS,
    SOURCES,
    QUOTES,
    CONCEPTS,
)
