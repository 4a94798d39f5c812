"""The build record: which files a build was given and what became of each, as RDF.

It is part of the graph, so that coverage is a query away: a user can ask which reports
were refused or quarantined, why, and which council they were about. Each file is an
``ofs:SourceFile`` identified by its path under the input folder and the SHA-256 of its
bytes; the build (``ofs:Build``, a ``prov:Activity``) used every one of them. No dates or
times of the build: the same files give the same record.

A file that ``ofsted-kg sync`` downloaded names the file Ofsted published
(``prov:hadPrimarySource``, an ``ofs:PublishedFile`` whose IRI is its download URL, with
its publication date and label from the sync manifest), and so does the report read
from it, so that every fact leads to the real PDF on Ofsted's site.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from ofsted_kg.model import namespaces as ns
from ofsted_kg.rdf.graph import Triple


@dataclass(frozen=True)
class FileRecord:
    """What a build did with one input file."""

    name: str  # path under its input folder, as in the graph's dcterms:source
    sha256: str  # of its bytes; "" when they could not be read
    status: str  # a slug of vocab.BUILD_STATUSES
    reason: str | None = None
    authority_gss: str | None = None  # the council a quarantined or duplicate report is about
    origin_url: str | None = None  # Ofsted's URL of the file (from a sync manifest)
    origin_label: str | None = None  # its label on Ofsted's site
    published_online: date | None = None  # when Ofsted published it
    inspection: tuple[str, date] | None = None  # (GSS, start) of the report read from it


def build_record_triples(files: list[FileRecord], iris: ns.IRIs) -> set[Triple]:
    """The build and its files (sorted output makes this deterministic anyway)."""
    OFS = ns.OFS
    build = iris.build()
    triples: set[Triple] = {
        (build, RDF.type, OFS.Build),
        (build, RDF.type, PROV.Activity),
        (build, RDFS.label, Literal("The ofsted-kg build that made this graph", lang="en")),
        (iris.dataset(), PROV.wasGeneratedBy, build),
    }
    for record in files:
        node = iris.source_file(record.name)
        triples |= {
            (build, PROV.used, node),
            (node, RDF.type, OFS.SourceFile),
            (node, RDF.type, PROV.Entity),
            (node, RDFS.label, Literal(record.name)),
            (node, OFS.relativePath, Literal(record.name)),
            (node, OFS.buildStatus, ns.build_status_iri(record.status)),
        }
        if record.sha256:
            triples.add((node, OFS.sha256, Literal(record.sha256)))
        if record.reason:
            triples.add((node, OFS.statusReason, Literal(record.reason)))
        if record.authority_gss:
            triples.add((node, OFS.aboutAuthority, iris.authority(record.authority_gss)))
        if record.origin_url:
            triples |= _origin_triples(node, record, iris)
    return triples


def _origin_triples(node: URIRef, record: FileRecord, iris: ns.IRIs) -> set[Triple]:
    """The file Ofsted published that ``record``'s file was downloaded from."""
    url = URIRef(record.origin_url or "")
    triples: set[Triple] = {
        (node, PROV.hadPrimarySource, url),
        (url, RDF.type, ns.OFS.PublishedFile),
        (url, RDF.type, PROV.Entity),
    }
    if record.published_online is not None:
        triples.add((url, DCTERMS.issued, Literal(record.published_online)))
    if record.origin_label:
        triples.add((url, DCTERMS.title, Literal(record.origin_label, lang="en")))
    if record.inspection is not None:
        report = iris.report(iris.inspection(*record.inspection))
        triples.add((report, PROV.hadPrimarySource, url))
    return triples
