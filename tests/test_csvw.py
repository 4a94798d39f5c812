"""CSV on the Web: the same tables as the database, and metadata whose aboutUrl,
propertyUrl and valueUrl give back the graph's own triples (checked by converting the
CSVs to RDF and comparing with the graph); the metadata is valid for the csvw library."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from decimal import Decimal

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from graph_files import PDFS, corpus_graph, small_graph
from ofsted_kg.cli import main
from ofsted_kg.export.csvw import METADATA_NAME, read_csvw
from ofsted_kg.export.schema import TABLES
from ofsted_kg.model.namespaces import OA, OFS, SDMX_MEASURE, SDO
from ofsted_kg.resources import ontology_graph
from ofsted_kg.store.disk import load_graph

ID = "https://w3id.org/ofsted-kg/id/"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("csvw")
    result = CliRunner().invoke(
        main, ["export", "--format", "csvw", "--graph", str(small_graph()), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def back(folder):
    return read_csvw(folder / METADATA_NAME)


def _canonical(triples):
    """Numbers by value: the CSVs write 338 where the graph may write 338.0."""
    out = set()
    for s, p, o in triples:
        if isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.integer):
            o = Literal(Decimal(str(o)).normalize(), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def test_one_csv_per_table_with_a_header(folder):
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([METADATA_NAME, *(f"{t.name}.csv" for t in TABLES)])
    rows = list(csv.reader(io.StringIO((folder / "judgements.csv").read_text(encoding="utf-8"))))
    header = [c.name for c in next(t for t in TABLES if t.name == "judgements").columns]
    assert rows[0] == header
    trafford = next(
        r
        for r in rows
        if r[0].endswith("2022-11-21/judgement/local-authority/overall-effectiveness")
    )
    row = dict(zip(header, trafford, strict=True))
    assert (row["grade"], row["grade_rank"], row["quote"]) == (
        "Requires improvement to be good",
        "3",
        "Overall effectiveness\tRequires improvement to be good",
    )


def test_every_triple_from_the_csvs_is_in_the_graph(back):
    graph = load_graph(small_graph()) + ontology_graph()
    extra = _canonical(back) - _canonical(graph)
    assert sorted(extra)[:5] == []
    assert len(back) > 5000


def test_the_graph_comes_back_from_the_csvs(back):
    """Every fact, its evidence (quote, page, offsets, selectors, report) and its place
    (inspection, council, grade, area, person) comes back; what does not is named."""
    # The graph file carries the vocabulary it uses (it stands alone); the tables hold the
    # data and the concepts (table concepts), not the ontology's classes and properties.
    data = load_graph(small_graph())
    missing = _canonical(data) - _canonical(back) - _canonical(ontology_graph())
    left = Counter(str(p) for _, p, _ in missing)
    for predicate in (
        OA.exact,
        OA.start,
        OA.end,
        OA.hasSource,
        OA.hasSelector,
        OFS.grade,
        OFS.area,
        OFS.gradeAsPrinted,
        SDO.text,
        OFS.number,
        OFS.startDate,
        OFS.inspectedAuthority,
        OFS.overallJudgement,
        OFS.sha256,
        OFS.ratePer10000,
        OFS.statisticalNeighbour,
        OFS.gssCode,
        OFS.region,
    ):
        assert left[str(predicate)] == 0, predicate
    # Not in the tables: second types, dataset and build records, and the dates printed
    # to a year or a month (one CSV column cannot hold both xsd:gYear and xsd:gYearMonth).
    assert set(left) <= {
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
        "http://www.w3.org/ns/prov#wasAssociatedWith",
        "http://purl.org/linked-data/cube#dataSet",
        "http://purl.org/linked-data/cube#structure",
        str(OFS.previousWhen),
        str(OFS.previousPublished),
        str(OFS.inPostSince),
        "http://purl.org/dc/terms/spatial",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://www.w3.org/ns/prov#used",
        "http://purl.org/dc/terms/license",
        "http://purl.org/dc/terms/conformsTo",
        "http://purl.org/dc/terms/isPartOf",
        "http://www.w3.org/2004/02/skos/core#altLabel",
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        str(OFS.safeguardingBoardOf),
        "http://www.w3.org/ns/dcat#keyword",
        "http://purl.org/dc/terms/title",
        "http://www.w3.org/ns/dcat#mediaType",
        "http://www.w3.org/ns/dcat#distribution",
        "http://purl.org/dc/terms/description",
        "http://purl.org/dc/terms/publisher",
        "http://www.w3.org/ns/prov#wasGeneratedBy",
        "http://purl.org/dc/terms/source",
    }


@pytest.mark.skipif(not PDFS.is_dir(), reason="the development PDFs (../shared/pdfs) are not here")
def test_the_corpus_comes_back_from_its_csvs(tmp_path):
    graph_file = corpus_graph()
    result = CliRunner().invoke(
        main, ["export", "--format", "csvw", "--graph", str(graph_file), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    back = _canonical(read_csvw(tmp_path / METADATA_NAME))
    data = _canonical(load_graph(graph_file)) - _canonical(ontology_graph())
    assert back - _canonical(load_graph(graph_file) + ontology_graph()) == set()
    # Not in the tables: the later pages' parts of a quote that runs onto them (the graph's
    # ofs:continuedBy; two recommendations of the 108 PDFs); each fact's first part is.
    parts = {t for t in data if re.search(r"/evidence/\d+(?:/|$)", str(t[0]))}
    parts |= {t for t in data if t[1] == OFS.continuedBy}
    assert len(parts) < 40
    missing = data - back - parts
    assert len(missing) < len(data) * 0.06  # 72,188 of 75,760 come back on 2026-12-03
    for predicate in (
        OA.exact,
        OFS.grade,
        SDO.text,
        OFS.pageNumber,
        OFS.measure,
        SDMX_MEASURE.obsValue,
        DCTERMS.subject,
        OFS.assignedTheme,
    ):
        assert not [t for t in missing if t[1] == predicate], predicate


def test_a_recommendation_comes_back_with_its_evidence(back):
    rec = URIRef(ID + "inspection/E08000009/2022-11-21/recommendation/local-authority/2")
    assert (rec, SDO.text, Literal("The support for homeless children over 16.", lang="en")) in back
    quote = URIRef(f"{rec}/evidence/quote")
    assert (quote, OA.exact, Literal("The support for homeless children over 16.")) in back
    position = URIRef(f"{rec}/evidence/position")
    assert {int(o) for o in back.objects(position, OA.start)} == {2833}
    source = URIRef(ID + "inspection/E08000009/2022-11-21/report")
    assert (URIRef(f"{rec}/evidence"), OA.hasSource, source) in back


def test_metadata_is_valid_csvw(folder):
    from csvw import CSVW

    # strict=False: a null foreign key (an inspection without an overall judgement) is
    # allowed by the CSVW spec; the csvw library's strict mode refuses it.
    assert CSVW(str(folder / METADATA_NAME), validate=True, strict=False).is_valid


def test_metadata_names_the_licence_and_each_column(folder):
    metadata = json.loads((folder / METADATA_NAME).read_text(encoding="utf-8"))
    assert metadata["@context"] == "http://www.w3.org/ns/csvw"
    assert metadata["dc:license"] == {
        "@id": "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
    }
    judgements = next(t for t in metadata["tables"] if t["url"] == "judgements.csv")
    columns = {c.get("name"): c for c in judgements["tableSchema"]["columns"]}
    assert (
        columns["grade_rank"]["aboutUrl"] == "https://w3id.org/ofsted-kg/concept/{+grade_concept}"
    )
    assert columns["grade_rank"]["propertyUrl"] == str(OFS.rank)
    assert (
        columns["grade_concept"]["valueUrl"]
        == "https://w3id.org/ofsted-kg/concept/{+grade_concept}"
    )
    assert columns["year"]["suppressOutput"] is True
    assert all(
        c.get("dc:description")
        for c in judgements["tableSchema"]["columns"]
        if not c.get("virtual")
    )


def test_csvw_files_are_byte_identical_on_rebuild(folder, tmp_path):
    result = CliRunner().invoke(
        main, ["export", "--format", "csvw", "--graph", str(small_graph()), "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    for path in folder.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
