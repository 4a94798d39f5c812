"""Generate the JSON-LD ``@context`` (``ontology/context.jsonld``) from the ontology.

Every class and property of the ontology gets a plain term ("Inspection", "startDate"),
object properties are ``@id``-typed, dates and decimals carry their datatype, integers,
doubles and booleans are native JSON and English text needs no language object, so a JSON
developer reads ``"startDate": "2015-01-27"``, ``"value": 471.0``, ``"current": true`` and
``"label": "Trafford"``.
The W3C terms the graph reuses get short names too. ``python tools/make_context.py``
rewrites the file; a test fails when the committed file is stale.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from ofsted_kg.model import namespaces as ns

# Reused W3C terms: (term, IRI, kind) where kind is "@id", "@set" (IRIs, always an array), an
# XSD datatype, "@en" (English text: ``"label": "Trafford"`` needs no language object), or None.
# "team" is a short alias of prov:qualifiedAssociation that compaction prefers.
EXTERNAL_TERMS: tuple[tuple[str, URIRef, str | None], ...] = (
    ("label", RDFS.label, "@en"),
    ("prefLabel", ns.SKOS.prefLabel, "@en"),
    ("altLabel", ns.SKOS.altLabel, "@en"),
    ("definition", ns.SKOS.definition, "@en"),
    ("notation", ns.SKOS.notation, None),
    ("inScheme", ns.SKOS.inScheme, "@id"),
    ("broader", ns.SKOS.broader, "@id"),
    ("closeMatch", ns.SKOS.closeMatch, "@id"),
    ("exactMatch", ns.SKOS.exactMatch, "@id"),
    ("relatedMatch", ns.SKOS.relatedMatch, "@id"),
    ("hasTopConcept", ns.SKOS.hasTopConcept, "@id"),
    ("Concept", ns.SKOS.Concept, None),
    ("ConceptScheme", ns.SKOS.ConceptScheme, None),
    ("wasGeneratedBy", ns.PROV.wasGeneratedBy, "@id"),
    ("wasDerivedFrom", ns.PROV.wasDerivedFrom, "@id"),
    ("wasAssociatedWith", ns.PROV.wasAssociatedWith, "@id"),
    ("qualifiedAssociation", ns.PROV.qualifiedAssociation, "@id"),
    ("team", ns.PROV.qualifiedAssociation, "@set"),
    ("agent", ns.PROV.agent, "@id"),
    ("hadRole", ns.PROV.hadRole, "@id"),
    ("Association", ns.PROV.Association, None),
    ("FormalOrganization", ns.ORG.FormalOrganization, None),
    ("Post", ns.ORG.Post, None),
    ("postIn", ns.ORG.postIn, "@id"),
    ("role", ns.ORG.role, "@id"),
    ("ChangeEvent", ns.ORG.ChangeEvent, None),
    ("changedBy", ns.ORG.changedBy, "@id"),
    ("resultedFrom", ns.ORG.resultedFrom, "@id"),
    ("originalOrganization", ns.ORG.originalOrganization, "@id"),
    ("resultingOrganization", ns.ORG.resultingOrganization, "@id"),
    ("date", ns.DCTERMS.date, str(XSD.date)),
    ("name", ns.SDO.name, None),
    ("text", ns.SDO.text, "@en"),
    ("title", ns.DCTERMS.title, "@en"),
    ("source", ns.DCTERMS.source, None),
    ("issued", ns.DCTERMS.issued, str(XSD.date)),
    ("conformsTo", ns.DCTERMS.conformsTo, "@id"),
    ("license", ns.DCTERMS.license, "@id"),
    ("isPartOf", ns.DCTERMS.isPartOf, "@id"),
    ("spatial", ns.DCTERMS.spatial, "@id"),
    ("subject", ns.DCTERMS.subject, "@id"),
    ("publisher", ns.DCTERMS.publisher, None),
    ("Dataset", ns.DCAT.Dataset, None),
    ("Distribution", ns.DCAT.Distribution, None),
    ("distribution", ns.DCAT.distribution, "@set"),
    ("mediaType", ns.DCAT.mediaType, "@id"),
    ("keyword", ns.DCAT.keyword, "@en"),
    ("description", ns.DCTERMS.description, "@en"),
    ("SpecificResource", ns.OA.SpecificResource, None),
    ("TextPositionSelector", ns.OA.TextPositionSelector, None),
    ("TextQuoteSelector", ns.OA.TextQuoteSelector, None),
    ("hasSource", ns.OA.hasSource, "@id"),
    ("hasSelector", ns.OA.hasSelector, "@id"),
    ("start", ns.OA.start, None),
    ("end", ns.OA.end, None),
    ("exact", ns.OA.exact, None),
    ("Observation", ns.QB.Observation, None),
    ("DataSet", ns.QB.DataSet, None),
    ("dataSet", ns.QB.dataSet, "@id"),
    ("structure", ns.QB.structure, "@id"),
    ("value", ns.SDMX_MEASURE.obsValue, str(XSD.double)),
    ("refArea", ns.SDMX_DIMENSION.refArea, "@id"),
    ("refPeriod", ns.SDMX_DIMENSION.refPeriod, str(XSD.date)),
)

# Reverse terms used by ``export --frame inspection`` to nest what an inspection generated
# (``prov:wasGeneratedBy`` points from the fact to the inspection), one key per kind.
GENERATED_TERMS: tuple[tuple[str, str], ...] = (
    ("judgements", "Judgement"),
    ("recommendations", "Recommendation"),
    ("reports", "InspectionReport"),
    ("tenures", "TenureStatement"),
    ("trustStatements", "TrustStatement"),
    ("previousInspections", "PreviousInspectionMention"),
    ("keyFigures", "KeyFigureObservation"),
    ("warnings", "ReportWarning"),
)


def _local_name(iri: URIRef) -> str:
    return str(iri).rsplit("#", 1)[-1]


def build_context(ontology: Graph) -> dict:
    """The ``@context`` object for the given ontology graph (ofsted.ttl + schemes.ttl)."""
    context: dict[str, object] = {
        prefix: str(namespace) for prefix, namespace in sorted(ns.PREFIXES.items())
    }
    context["id"] = "@id"
    context["type"] = "@type"
    for term, iri, kind in EXTERNAL_TERMS:
        if kind == "@en":
            context[term] = {"@id": str(iri), "@language": "en"}
        elif kind == "@set":
            context[term] = {"@id": str(iri), "@type": "@id", "@container": "@set"}
        else:
            context[term] = {"@id": str(iri), "@type": kind} if kind else str(iri)
    for term, _cls in GENERATED_TERMS:
        context[term] = {"@reverse": str(ns.PROV.wasGeneratedBy), "@container": "@set"}
    ofs = str(ns.OFS)
    for cls in sorted({c for c in ontology.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}):
        if str(cls).startswith(ofs):
            context[_local_name(cls)] = str(cls)
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted({p for p in ontology.subjects(RDF.type, kind) if isinstance(p, URIRef)}):
            if not str(prop).startswith(ofs):
                continue
            entry: dict[str, str] = {"@id": str(prop)}
            if kind == OWL.ObjectProperty:
                entry["@type"] = "@id"
            else:
                # Integers and booleans stay native JSON numbers and booleans; doubles are
                # JSON numbers too, typed so that 71.0 reads back as a double, not 71.
                datatype = ontology.value(prop, RDFS.range)
                if datatype in (XSD.date, XSD.decimal, XSD.double):
                    entry["@type"] = str(datatype)
                elif datatype == RDF.langString:  # English text the graph tags "@en"
                    entry["@language"] = "en"
            context[_local_name(prop)] = entry
    return context
