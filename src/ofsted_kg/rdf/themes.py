"""The theme links of a report's recommendations, as triples (part of each report's graph).

Each link is stated twice: plainly (``dcterms:subject`` the theme concept) for simple
queries, and as an ``ofs:ThemeAssignment`` saying how it was made (rule or model), its score
and, for a rule, the words that matched, so a reader can tell a rule's link from the
model's and check either. Themes come from :func:`ofsted_kg.themes.classify.classify_many`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib import namespace as vocabularies

from ofsted_kg.model import namespaces as ns
from ofsted_kg.themes.classify import classify_many

OFS, DCTERMS, RDF, XSD = (
    ns.Terms(v) for v in (ns.OFS, vocabularies.DCTERMS, vocabularies.RDF, vocabularies.XSD)
)

Triple = tuple[URIRef, URIRef, URIRef | Literal]


def _score(value: float) -> Literal:
    """xsd:decimal in canonical form: "1.0", "0.452"."""
    text = format(Decimal(str(round(value, 3))), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def theme_triples(iris: ns.IRIs, items: Sequence[tuple[URIRef, str, str]]) -> set[Triple]:
    """Triples linking each ``(recommendation IRI, text, addressee)`` to its themes."""
    triples: set[Triple] = set()
    links = classify_many([(text, addressee) for _, text, addressee in items])
    for (fact, _, _), found in zip(items, links, strict=True):
        for link in found:
            theme = ns.theme_iri(link.theme)
            node = iris.theme_assignment(fact, link.theme)
            triples.add((fact, DCTERMS.subject, theme))
            triples.add((fact, OFS.themeAssignment, node))
            triples.add((node, RDF.type, OFS.ThemeAssignment))
            triples.add((node, OFS.assignedTheme, theme))
            triples.add((node, OFS.assignmentMethod, ns.theme_method_iri(link.method)))
            triples.add((node, OFS.assignmentScore, _score(link.score)))
            if link.evidence:
                triples.add((node, OFS.matchedWords, Literal(link.evidence)))
    return triples
