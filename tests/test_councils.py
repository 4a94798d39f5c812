"""Councils by the names reports print, and the reorganisations that ended some of them.

Facts from ONS and DfE: Bournemouth (E06000028, LA 837), Poole (E06000029) and Dorset
County Council (E10000009, LA 835) were abolished on 1 April 2019, when Bournemouth,
Christchurch and Poole (E06000058) and Dorset Council (E06000059, a new LA number, 838)
took over; Cumbria (E10000006) on 1 April 2023 (Cumberland, Westmorland and Furness).
Dorset Council's first inspection started on 27 September 2021 (Ofsted's list of its
reports) and BCP's on 6 December 2021 (its report); the other days are any day before or
after the change.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, RDF

from ofsted_kg.errors import UnknownAuthority
from ofsted_kg.model.councils import (
    council_named,
    council_of,
    load_authorities,
    resolve_authority,
)
from ofsted_kg.model.namespaces import OFS, IRIs
from ofsted_kg.parse import parse_text
from ofsted_kg.rdf.graph import reference_graph
from ofsted_kg.source.files import read_source

IRI = IRIs()
DEV_PDFS = Path(__file__).resolve().parents[2] / "shared" / "pdfs"


@pytest.mark.parametrize(
    ("printed", "on", "gss"),
    [
        ("Dorset", date(2016, 10, 3), "E10000009"),
        ("Dorset County Council", date(2016, 10, 3), "E10000009"),
        ("Dorset Council", date(2021, 9, 27), "E06000059"),
        ("Dorset", date(2021, 9, 27), "E06000059"),
        ("Dorset", None, "E06000059"),  # no day: the council of that name today
        ("Dorset County Council", None, "E10000009"),  # its own name: that council
        ("Bournemouth Borough Council", date(2017, 1, 9), "E06000028"),
        ("Bournemouth", None, "E06000028"),  # never a name of BCP
        ("Bournemouth, Christchurch and Poole Council", date(2021, 12, 6), "E06000058"),
        ("BCP", None, "E06000058"),
        ("Borough of Poole", date(2015, 1, 1), "E06000029"),
        ("Cumbria County Council", date(2015, 1, 1), "E10000006"),
        ("North Yorkshire County Council", date(2014, 4, 30), "E06000065"),  # one LA, 815
        # A name of decoration words only, "the" before it as a title may print it.
        ("City of London", None, "E09000001"),
        ("the City of London", None, "E09000001"),
    ],
)
def test_a_name_is_the_council_in_office_that_day(printed, on, gss):
    assert resolve_authority(printed, "test", on).gss == gss


def test_a_report_of_bcp_is_of_bcp():
    pdf = DEV_PDFS / "bournemouth-christchurch-poole-2022-02-11.pdf"
    if not pdf.is_file():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    report = parse_text(read_source(pdf), pdf.name)
    assert report.start.value == date(2021, 12, 6)
    assert council_of(report).gss == "E06000058"


def test_every_former_council_ends_in_a_reorganisation_to_current_councils():
    councils = {record.gss: record for record in load_authorities()}
    former = sorted(gss for gss, record in councils.items() if not record.current)
    assert former == ["E06000028", "E06000029", "E10000006", "E10000009", "E10000021"]
    for gss in former:
        assert councils[gss].ended is not None
        assert all(councils[successor].current for successor in councils[gss].successors)


def test_reorganisations_in_the_graph_use_w3c_org():
    graph = reference_graph(IRI)
    bcp = IRI.authority("E06000058")
    (event,) = graph.objects(bcp, ORG.resultedFrom)
    assert (event, RDF.type, ORG.ChangeEvent) in graph
    assert graph.value(event, DCTERMS.date) == Literal(date(2019, 4, 1))
    assert set(graph.objects(event, ORG.originalOrganization)) == {
        IRI.authority("E06000028"),
        IRI.authority("E06000029"),
    }
    assert graph.value(IRI.authority("E06000028"), ORG.changedBy) == event
    (cumbria_end,) = graph.objects(IRI.authority("E10000006"), ORG.changedBy)
    assert set(graph.objects(cumbria_end, ORG.resultingOrganization)) == {
        IRI.authority("E06000063"),
        IRI.authority("E06000064"),
    }
    assert graph.value(cumbria_end, DCTERMS.date) == Literal(date(2023, 4, 1))
    # No Ofsted URN is known for Bournemouth: none is made up.
    assert graph.value(IRI.authority("E06000028"), OFS.ofstedURN) is None
    assert graph.value(IRI.authority("E06000028"), OFS.laNumber) == Literal("837")


# --- a council a person names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Trafford", "Trafford"),
        ("e08000009", "Trafford"),
        ("Trafford Metropolitan Borough Council", "Trafford"),
        ("East Riding", "East Riding of Yorkshire"),  # one council's first words
        ("BCP", "Bournemouth, Christchurch and Poole"),
        ("the City of London", "City of London"),
    ],
)
def test_a_council_a_person_names(typed, name):
    assert council_named(typed).name == name


@pytest.mark.parametrize("typed", ["Bolton and Trafford", "Trafford xyz", "Kingston", ""])
def test_a_name_with_words_added_or_fitting_two_councils_is_none(typed):
    """A report's "Somerset County Council Re-inspection" is Somerset, but a person who
    types "Bolton and Trafford" asked for two councils, and "Trafford xyz" for none:
    before, the parameter answered Bolton's inspections alone, and Trafford's."""
    with pytest.raises(UnknownAuthority):
        council_named(typed)


def test_a_parameter_naming_two_councils_is_refused():
    from test_one_line_errors import refused

    graph = str(Path(__file__).resolve().parents[1] / "graphs" / "ofsted.ttl")
    assert refused(
        "query", "inspections", "--graph", graph, "-p", "authority=Bolton and Trafford"
    ) == [
        "Error: parameter authority='Bolton and Trafford' names none of England's councils; "
        "give its name or ONS GSS code (e.g. Trafford or E08000009)"
    ]
