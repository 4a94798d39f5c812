"""The build record: which files a build was given and what became of each, as RDF.

It is part of the graph, so that coverage is a query away: a user can ask which reports
were refused or quarantined, why, and which council they were about. Each file is an
``ofs:SourceFile`` identified by its path under the input folder and the SHA-256 of its
bytes; the build (``ofs:Build``, a ``prov:Activity``) used every one of them. No dates or
times: the same files give the same record.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal
from rdflib.namespace import PROV, RDF, RDFS

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
    return triples
