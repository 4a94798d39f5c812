"""Every IRI and prefix ofsted-kg writes, in one place.

Instance IRIs are built from stable identifiers only (ONS GSS codes, ISO dates, slugs of
names and vocabulary keys), never from counters, so a rebuild gives the same IRIs.
The base is configurable (``OFSTED_KG_BASE`` or the ``base`` argument of
:class:`IRIs`); the ontology and concept IRIs are fixed.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import date
from typing import TYPE_CHECKING

from rdflib import Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rdflib.namespace import DefinedNamespace

DEFAULT_BASE = "https://w3id.org/ofsted-kg/id/"

OFS = Namespace("https://w3id.org/ofsted-kg/ontology#")
CONCEPT = Namespace("https://w3id.org/ofsted-kg/concept/")
SHAPES = Namespace("https://w3id.org/ofsted-kg/shapes#")
OA = Namespace("http://www.w3.org/ns/oa#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
STATGEO = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")
OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
ENGLAND_GSS = "E92000001"
MEDIA_TYPES = Namespace("http://www.iana.org/assignments/media-types/")
CSVW_CONTEXT = "http://www.w3.org/ns/csvw"  # the CSV on the Web metadata context
SVG_NS = "http://www.w3.org/2000/svg"

# The ontology's own IRI: the named graph of the ontology and of the concept schemes in TriG.
ONTOLOGY = URIRef(str(OFS).rstrip("#"))
# Named graphs on a SPARQL server (``ofsted-kg push``): the data and the ontology.
SERVER_GRAPH = Namespace("https://w3id.org/ofsted-kg/graph/")
DATA_GRAPH = SERVER_GRAPH["data"]
ONTOLOGY_GRAPH = SERVER_GRAPH["ontology"]

# Plain strings, for code that compares IRIs as text (query results, N-Triples lines).
XSD_NS = str(XSD)
XSD_STRING = str(XSD.string)
XSD_INTEGER, XSD_BOOLEAN, XSD_DOUBLE, XSD_DATE, XSD_GYEAR, XSD_GYEARMONTH = (
    str(XSD.integer),
    str(XSD.boolean),
    str(XSD.double),
    str(XSD.date),
    str(XSD.gYear),
    str(XSD.gYearMonth),
)
RDF_TYPE = str(RDF.type)


class Terms:
    """A vocabulary's terms by attribute, each made once: ``Terms(PROV).wasDerivedFrom``.

    rdflib makes (and checks) a new term on every ``PROV.wasDerivedFrom``, about 200,000
    times in a build of 450 reports. A closed vocabulary still refuses a misspelt term.
    """

    def __init__(self, namespace: Namespace | type[DefinedNamespace]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term


# rdflib's closed vocabularies (ORG, PROV, ...) are DefinedNamespace classes, not instances.
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "ofs": OFS,
    "concept": CONCEPT,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "schema": SDO,
    "foaf": FOAF,
    "oa": OA,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-measure": SDMX_MEASURE,
    "owl": OWL,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
}


def slug(text: str) -> str:
    """A lower-case ASCII slug: "Marie McGuinness" -> "marie-mcguinness"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def person_key(name: str) -> str:
    """One key per person however a report prints the name: case, accents, hyphens,
    apostrophes and spaces aside, and middle initials dropped ("Brenda Mclaughlin" and
    "Brenda McLaughlin", "Dominic Porter Moore" and "Dominic Porter-Moore", "Jane A Smith"
    and "Jane Smith" are one person)."""
    words = slug(name).split("-")
    if len(words) > 2:
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return "-".join(words)


# --- concepts (fixed, defined in ontology/schemes.ttl) ------------------------------------


def framework_iri(framework: str) -> URIRef:
    return CONCEPT[f"framework/{framework}"]


def frameworks_scheme_iri() -> URIRef:
    return CONCEPT["framework"]


def grade_iri(scale: str, grade: str) -> URIRef:
    return CONCEPT[f"grade/{scale}/{grade}"]


def grade_scheme_iri(scale: str) -> URIRef:
    return CONCEPT[f"grade/{scale}"]


def area_iri(scheme: str, area: str) -> URIRef:
    return CONCEPT[f"area/{scheme}/{area}"]


def area_scheme_iri(scheme: str) -> URIRef:
    return CONCEPT[f"area/{scheme}"]


def role_iri(role: str) -> URIRef:
    return CONCEPT[f"role/{role}"]


def addressee_iri(addressee: str) -> URIRef:
    return CONCEPT[f"addressee/{addressee}"]


def timescale_iri(timescale: str) -> URIRef:
    return CONCEPT[f"timescale/{timescale}"]


def post_type_iri(post: str) -> URIRef:
    return CONCEPT[f"post/{post}"]


def measure_iri(measure: str) -> URIRef:
    """A key-figure measure (children looked after, ...): a concept, the value of an
    observation's ``ofs:measure`` dimension; the number is its ``sdmx-measure:obsValue``."""
    return CONCEPT[f"measure/{measure}"]


def national_framework_iri(item: str) -> URIRef:
    """An outcome, enabler or principle of the Children's Social Care National Framework."""
    return CONCEPT[f"national-framework/{item}"]


def theme_iri(theme: str) -> URIRef:
    """A practice theme of recommendations (``model.themes.THEMES``)."""
    return CONCEPT[f"theme/{theme}"]


def theme_method_iri(method: str) -> URIRef:
    """How a recommendation was linked to a theme: ``rule`` or ``model``."""
    return CONCEPT[f"theme-method/{method}"]


def coverage_gap_iri(gap: str) -> URIRef:
    """A kind of coverage gap: something a framework's reports print that one lacks."""
    return CONCEPT[f"coverage-gap/{gap}"]


def build_status_iri(status: str) -> URIRef:
    return CONCEPT[f"build-status/{status}"]


def concept_scheme_iri(kind: str) -> URIRef:
    """Scheme of roles, addressees, timescales, posts or scopes."""
    return CONCEPT[kind]


# --- instances ------------------------------------------------------------------------------


_BASE_RE = re.compile(r"https?://[^\s<>\"{}|\\^`/]+/[^\s<>\"{}|\\^`]*")


def base_problem(base: str) -> str | None:
    """Why ``base`` cannot be the base of instance IRIs, or None if it can."""
    if not _BASE_RE.fullmatch(base if base.endswith(("/", "#")) else base + "/"):
        return f"{base!r} is not an http(s) IRI such as https://example.org/ofsted/ (no spaces)"
    return None


BASE_ENV = "OFSTED_KG_BASE"


class IRIs:
    """Mints instance IRIs under one base (an http(s) IRI; ValueError otherwise, a
    :class:`~ofsted_kg.errors.ConfigError` naming ``OFSTED_KG_BASE`` when it came from there)."""

    def __init__(self, base: str | None = None) -> None:
        from_env = not base and bool(os.environ.get(BASE_ENV))
        base = base or os.environ.get(BASE_ENV) or DEFAULT_BASE
        if problem := base_problem(base):
            if from_env:
                from ofsted_kg.errors import ConfigError

                raise ConfigError(f"environment variable {BASE_ENV}: {problem}")
            raise ValueError(problem)
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = Namespace(base)

    def dataset(self) -> URIRef:
        return self.base["dataset"]

    def distribution(self, fmt: str) -> URIRef:
        """One of the dataset's files, by format slug (``turtle``, ``jsonld``)."""
        return self.base[f"dataset/{fmt}"]

    def authority(self, gss: str) -> URIRef:
        return self.base[f"authority/{gss}"]

    def reorganisation(self, day: date, successors: Iterable[str]) -> URIRef:
        """The day councils were abolished and their successors (GSS codes) took over."""
        return self.base[f"reorganisation/{day.isoformat()}/{'-'.join(sorted(successors))}"]

    def trust(self, gss: str, name: str) -> URIRef:
        """A children's trust that runs the council's children's services."""
        return self.base[f"authority/{gss}/trust/{slug(name)}"]

    def build(self) -> URIRef:
        """The build that made the graph (its record: which files, what became of them)."""
        return self.base["build"]

    def source_file(self, name: str) -> URIRef:
        """An input file by its name in the build (path under its input folder)."""
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
        return self.base[f"source/{digest}"]

    def lscb(self, gss: str) -> URIRef:
        return self.base[f"authority/{gss}/lscb"]

    def post(self, gss: str, post: str) -> URIRef:
        return self.base[f"authority/{gss}/post/{post}"]

    def inspection(self, gss: str, start: date) -> URIRef:
        return self.base[f"inspection/{gss}/{start.isoformat()}"]

    def _under(self, inspection: URIRef, *parts: str) -> URIRef:
        return URIRef(str(inspection) + "/" + "/".join(parts))

    def report(self, inspection: URIRef) -> URIRef:
        return self._under(inspection, "report")

    def judgement(self, inspection: URIRef, scope: str, area: str) -> URIRef:
        return self._under(inspection, "judgement", scope, area)

    def recommendation(self, inspection: URIRef, addressee: str, index: int) -> URIRef:
        """``index`` is the recommendation's place among its addressee's, from 1, as printed."""
        return self._under(inspection, "recommendation", addressee, str(index))

    def theme_assignment(self, recommendation: str, theme: str) -> URIRef:
        """How ``recommendation`` was linked to ``theme`` (one node per theme)."""
        return URIRef(f"{recommendation}/theme/{theme}")

    def association(self, inspection: URIRef, person_slug: str, role: str) -> URIRef:
        return self._under(inspection, "team", person_slug, role)

    def tenure(self, inspection: URIRef, post: str) -> URIRef:
        return self._under(inspection, "tenure", post)

    def trust_statement(self, inspection: URIRef) -> URIRef:
        """What the report says of the trust that runs the inspected services."""
        return self._under(inspection, "trust")

    def previous(
        self, inspection: URIRef, kind: str, when: str | None, published: str | None = None
    ) -> URIRef:
        dated = when or (f"published-{published}" if published else "undated")
        return self._under(inspection, "previous", kind, dated)

    def observation(self, inspection: URIRef, measure: str, as_at: date | None) -> URIRef:
        return self._under(inspection, "figure", measure, as_at.isoformat() if as_at else "undated")

    def warning(self, inspection: URIRef, index: int) -> URIRef:
        return self._under(inspection, "warning", str(index))

    def evidence(self, fact: str, part: int = 1) -> URIRef:
        """The Web Annotation specific resource that locates ``fact`` in its report; a
        quote's ``part`` 2, 3, ... the words it carries on to the next pages."""
        return URIRef(str(fact) + ("/evidence" if part == 1 else f"/evidence/{part}"))

    def person(self, name: str) -> URIRef:
        return self.base[f"person/{person_key(name)}"]

    def dsd(self) -> URIRef:
        return self.base["figures/structure"]

    def figures_dataset(self) -> URIRef:
        return self.base["figures"]


def statistical_geography(gss: str) -> URIRef:
    return STATGEO[gss]
