"""The theme links of a report's recommendations, as statements (part of each report's graph).

Each link is stated twice: plainly (``dcterms:subject`` the theme concept) for simple
queries, and as an ``ofs:ThemeAssignment`` saying how it was made (rule or model), its score
and, for a rule, the words that matched, so a reader can tell a rule's link from the
model's and check either. Themes come from :func:`ofsted_kg.themes.classify.classify_many`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rdflib import namespace as vocabularies

from ofsted_kg.model import namespaces as ns
from ofsted_kg.rdf.ntriples import iri_nt, literal_nt
from ofsted_kg.themes.classify import classify_many

OFS, DCTERMS, RDF, XSD = (
    ns.Terms(v) for v in (ns.OFS, vocabularies.DCTERMS, vocabularies.RDF, vocabularies.XSD)
)


def _score(value: float) -> str:
    """xsd:decimal in canonical form: "1.0", "0.452"."""
    text = format(Decimal(str(round(value, 3))), "f")
    return literal_nt(text if "." in text else text + ".0", datatype=XSD.decimal)


def theme_statements(
    iris: ns.IRIs, items: Sequence[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """Statements (subject IRI, predicate IRI, object in N-Triples syntax) linking each
    ``(recommendation IRI, text, addressee)`` to its themes."""
    statements: list[tuple[str, str, str]] = []
    links = classify_many([(text, addressee) for _, text, addressee in items])
    for (fact, _, _), found in zip(items, links, strict=True):
        for link in found:
            theme = iri_nt(ns.theme_iri(link.theme))
            node = iris.theme_assignment(fact, link.theme)
            statements += [
                (fact, DCTERMS.subject, theme),
                (fact, OFS.themeAssignment, iri_nt(node)),
                (node, RDF.type, iri_nt(OFS.ThemeAssignment)),
                (node, OFS.assignedTheme, theme),
                (node, OFS.assignmentMethod, iri_nt(ns.theme_method_iri(link.method))),
                (node, OFS.assignmentScore, _score(link.score)),
            ]
            if link.evidence:
                statements.append((node, OFS.matchedWords, literal_nt(link.evidence)))
    return statements
