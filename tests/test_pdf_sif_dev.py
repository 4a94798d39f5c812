"""The 2013-2018 development PDFs (``../shared/pdfs``): every one parses and its graph
conforms; facts of the reports the parser once refused, read in the PDFs.

Skipped when the development PDFs are not beside the project.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT.parent / "shared" / "pdfs"
OLDER = sorted(p.stem for p in PDFS.glob("*.pdf") if re.search(r"-20(?:1[3-7]|18-0[1-7])-", p.name))
pytestmark = pytest.mark.skipif(not OLDER, reason="the development PDFs are not here")


def _parse(stem: str):
    from ofsted_kg.build.pipeline import parse_file

    return parse_file(PDFS / f"{stem}.pdf")


@pytest.mark.parametrize("stem", OLDER)
def test_parses_and_its_graph_conforms(stem):
    from ofsted_kg.rdf.graph import build_graph
    from ofsted_kg.validate.validator import validate_graph

    report = _parse(stem)
    result = validate_graph(build_graph([report]))
    assert result.conforms, "\n".join(v.line() for v in result.violations)


def test_darlington_2018_team_under_a_repeated_heading():
    report = _parse("darlington-2018-05-21")
    assert [m.name for m in report.team if m.role == "lead-inspector"] == ["Graham Reiter"]
    assert len(report.team) == 10
    assert report.framework == "sif-reinspection"


def test_ofsted_inspectors_marked_oi_are_not_hmi():
    """The marker "(OI)" after a name (Ofsted Inspector, the contracted inspectors' name from 2015)
    marks an additional inspector as "(AI)" did; the printed count ("seven of Her
    Majesty's Inspectors", Wigan 2017) may take them in."""
    darlington = _parse("darlington-2018-05-21")
    assert sorted(m.name for m in darlington.team if m.additional_inspector) == [
        "Fiona Insley",
        "Fiona Millns",
    ]
    wigan = _parse("wigan-2017-03-31")
    assert sorted(m.name for m in wigan.team if m.additional_inspector) == [
        "Kath Townsley",
        "Nick Veysey",
    ]
    assert not any("team lists" in warning for warning in wigan.warnings)


def test_surrey_2015_team_after_the_team_size_sentence():
    report = _parse("surrey-2015-06-03")
    assert [m.name for m in report.team if m.role == "lead-inspector"] == ["Mary Candlin"]
    assert len([m for m in report.team if m.role == "team-inspector"]) == 9


def test_isles_of_scilly_2016_not_judged_areas():
    report = _parse("isles-of-scilly-2016-06-27")
    assert sorted((j.area, j.grade) for j in report.judgements) == [
        ("help-and-protection", "good"),
        ("leadership-management-governance", "good"),
        ("lscb-effectiveness", "requires-improvement"),
        ("overall-effectiveness", "good"),
    ]


def test_kensington_and_chelsea_2016_overall_judgement():
    report = _parse("kensington-and-chelsea-2016-03-29")
    [overall] = [j for j in report.judgements if j.area == "overall-effectiveness"]
    assert overall.grade == "outstanding"
    assert overall.span.page == 1


def test_windsor_and_maidenhead_2015_dcs_tenure_has_one_quote():
    report = _parse("windsor-maidenhead-2015-05-13")
    [dcs] = [p for p in report.posts if p.post == "director-of-childrens-services"]
    assert (dcs.since, dcs.span.quote, dcs.span.page) == (
        "2013-06",
        "The DCS has been in post since June 2013",
        6,
    )


def test_norfolk_2015_chief_executive_under_the_councils_own_title():
    """p.34: "A new Managing Director (Chief Executive) took up post in August 2014": the
    post in brackets after the council's own title."""
    report = _parse("norfolk-2015-10-20")
    [chief] = [p for p in report.posts if p.post == "chief-executive"]
    assert (chief.since, " ".join(chief.span.quote.split()), chief.span.page) == (
        "2014-08",
        "Managing Director (Chief Executive) took up post in August 2014",
        34,
    )
    # the council's title is not read as the Director of Children's Services'
    [dcs] = [p for p in report.posts if p.post == "director-of-childrens-services"]
    assert dcs.since == "2013-07"


def test_listed_figures_of_2016_2017_reports():
    """The placements and the year's orders and leavers, as printed on p.5-6; "None" and
    "none" are nought, never the "one" inside them."""
    telford = {f.measure: f for f in _parse("telford-wrekin-2016-08-26").figures}
    assert " ".join(telford["unaccompanied-asylum-seeking-children"].span.quote.split()) == (
        "none are unaccompanied asylum-seeking children"
    )
    assert telford["unaccompanied-asylum-seeking-children"].value == 0
    assert telford["special-guardianship-orders"].value == 22
    assert telford["looked-after-with-parents"].value == 14
    rutland = {f.measure: f for f in _parse("rutland-2017-02-13").figures}
    assert rutland["looked-after-with-parents"].value == 0  # "None lives with parents"
    assert rutland["looked-after-in-special-schools"].value == 2  # "Two live in ..."
    notifications = rutland["serious-incident-notifications"]
    assert notifications.value == 0
    assert " ".join(notifications.span.quote.split()) == (
        "Since the last inspection, no serious incident notifications have been submitted to Ofsted"
    )
    derby = {f.measure: f.value for f in _parse("derby-2017-06-13").figures}
    # "Approximately 23% of the local authority's children aged under 16 years are living
    # in low-income families."; "260 (or 61%) live outside the local authority area".
    assert (derby["children-in-poverty"], derby["looked-after-outside-area"]) == (23, 260)
    assert (derby["ceased-looked-after"], derby["moved-to-independent-living"]) == (214, 33)


def test_a_recommendation_split_by_a_page_break_is_quoted_on_both_pages():
    """Rutland 2017's tenth recommendation runs from p.8 onto p.9: its whole text, and a
    quote of each page's part (offsets into that page), linked in the graph."""
    from ofsted_kg.model.namespaces import OA, OFS, IRIs
    from ofsted_kg.rdf.graph import build_graph
    from ofsted_kg.source.files import read_pdf_pages

    report = _parse("rutland-2017-02-13")
    item = next(r for r in report.recommendations if r.number == 10)
    assert item.text.endswith("broader service needs.")
    assert item.span.page == 8
    assert " ".join(item.span.quote.split()).endswith("of the young people and take")
    [rest] = item.span.continued
    assert rest.page == 9
    assert " ".join(rest.quote.split()) == (
        "appropriate action. Ensure that the information gathered during return-home "
        "interviews is used to reduce risk and inform individual planning and broader "
        "service needs."
    )
    pages = read_pdf_pages(PDFS / "rutland-2017-02-13.pdf")
    for part in (item.span, rest):
        assert pages[part.page - 1][part.start : part.end] == part.quote
    graph = build_graph([report])
    iris = IRIs()
    fact = iris.recommendation(
        iris.inspection("E06000017", report.start.value), "local-authority", 10
    )
    first = iris.evidence(fact)
    assert graph.value(first, OFS.continuedBy) == iris.evidence(fact, 2)
    assert graph.value(iris.evidence(fact, 2), OFS.pageNumber).toPython() == 9
    assert graph.value(iris.evidence(fact, 2), OFS.continuedBy) is None
    assert (iris.evidence(fact, 2), OA.hasSource, graph.value(first, OA.hasSource)) in graph


def test_an_authoritys_subgraph_takes_in_its_quotes_later_parts_and_nothing_else():
    """construct-authority on Rutland 2017 beside Medway 2015 (each with a quote over a
    page break): Rutland's second part and its selectors, nothing of Medway."""
    from ofsted_kg.query.catalogue import catalogue, run_query
    from ofsted_kg.rdf.graph import build_graph
    from ofsted_kg.store.engines import OxigraphEngine

    reports = [_parse("rutland-2017-02-13"), _parse("medway-2015-11-27")]
    engine = OxigraphEngine.from_graph(build_graph(reports))
    graph = run_query(catalogue()["construct-authority"], engine, {"authority": "Rutland"})
    subjects = {str(s) for s in graph.subjects()}
    assert not any("E06000035" in s for s in subjects)  # nothing of Medway
    rutland = "https://w3id.org/ofsted-kg/id/inspection/E06000017/2016-11-14"
    part = f"{rutland}/recommendation/local-authority/10/evidence/2"
    assert {part, f"{part}/quote", f"{part}/position"} <= subjects
