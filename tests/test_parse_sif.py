"""The SIF parser against the three bundled SIF reports.

Expected facts were written from reading the reports, not from the parser's output.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import read_report, report_spans
from ofsted_kg.errors import ParseError
from ofsted_kg.model import vocab
from ofsted_kg.parse import parse_report

BOLTON = "bolton-2014-sif.txt"
TRAFFORD = "trafford-2015-sif.txt"
CWAC = "cheshire-west-and-chester-2015-sif.txt"
SIF_REPORTS = [BOLTON, TRAFFORD, CWAC]

RI, GOOD, OUT = "requires-improvement", "good", "outstanding"

EXPECTED = {
    BOLTON: dict(
        authority="Bolton Council",
        alias="Bolton",
        start=date(2014, 1, 14),
        end=date(2014, 2, 5),
        published=None,
        grades=(RI, RI, GOOD, GOOD, GOOD, RI, RI),
        recs=(12, 6),
        numbers=(list(range(21, 33)), list(range(139, 145))),
        dcs="2007-01",
        chair="2010-01",
    ),
    TRAFFORD: dict(
        authority="Trafford Metropolitan Borough Council",
        alias="Trafford",
        start=date(2015, 1, 27),
        end=date(2015, 2, 18),
        published=date(2015, 5, 12),
        grades=(GOOD, GOOD, GOOD, GOOD, OUT, OUT, GOOD),
        recs=(6, 5),
        numbers=(list(range(1, 7)), list(range(119, 124))),
        dcs="2010-07",
        chair="2010-01",
    ),
    CWAC: dict(
        authority="Cheshire West and Chester",
        alias="CWAC",
        start=date(2015, 11, 24),
        end=date(2015, 12, 17),
        published=date(2016, 2, 19),
        grades=(GOOD, GOOD, GOOD, OUT, GOOD, OUT, GOOD),
        recs=(5, 4),
        numbers=(list(range(1, 6)), list(range(103, 107))),
        dcs="2011-01",
        chair="2014-01",
    ),
}

# Order of EXPECTED[...]["grades"].
AREAS = (
    ("local-authority", "overall-effectiveness"),
    ("local-authority", "help-and-protection"),
    ("local-authority", "looked-after-and-permanence"),
    ("local-authority", "adoption-performance"),
    ("local-authority", "care-leavers"),
    ("local-authority", "leadership-management-governance"),
    ("lscb", "lscb-effectiveness"),
)

LEAD, DEPUTY, TEAM = "lead-inspector", "deputy-lead-inspector", "team-inspector"
TEAMS = {
    BOLTON: [
        ("Robert Hackeson", LEAD, "Lead inspector", False),
        ("Neil Penswick", TEAM, "Team inspectors", False),
        ("Fiona Parker", TEAM, "Team inspectors", False),
        ("Linda Steele", TEAM, "Team inspectors", False),
        ("Sarah Urding", TEAM, "Team inspectors", False),
        ("Shirley Bailey", TEAM, "Team inspectors", False),
        ("Margaret Farrow", TEAM, "Team inspectors", False),
    ],
    TRAFFORD: [
        ("Gary Lamb", LEAD, "Lead inspector", False),
        ("Lynn Radley", DEPUTY, "Deputy lead inspector", False),
        ("Sheena Doyle", TEAM, "Team inspectors", False),
        ("Simon Rushall", TEAM, "Team inspectors", False),
        ("Ali Mekki", TEAM, "Team inspectors", False),
        ("Katheryn Gethin", TEAM, "Team inspectors", False),
        ("Dean Jennings", TEAM, "Team inspectors", True),
        ("Judith Nelson", TEAM, "Team inspectors", True),
        ("Simone White", "quality-assurance-manager", "Quality assurance manager", False),
    ],
    CWAC: [
        ("Sue Myers", LEAD, "Lead inspector", False),
        ("Peter McEntee", DEPUTY, "Deputy lead inspector", False),
        ("Shirley Bailey", TEAM, "Team inspectors", False),
        ("Paula Thomson-Jones", TEAM, "Team inspectors", False),
        ("Cath McEvoy", TEAM, "Team inspectors", False),
        ("Russ Henry", TEAM, "Team inspectors", False),
        ("Ali Mekki", TEAM, "Team inspectors", False),  # printed "Ali\n\nMekki"
        ("Gary Lamb", TEAM, "Team inspectors", True),  # printed "Gary Lamb AI"
        ("Hywel Benbow", "senior-data-analyst", "Senior data analyst", False),
        ("Lynn Radley", "quality-assurance-manager", "Quality assurance manager", False),
    ],
}

PREVIOUS = {
    BOLTON: [
        ("safeguarding", "2012-03", GOOD),
        ("looked-after-children", "2012-03", GOOD),
        ("adoption", "2009-06", GOOD),
        ("fostering", "2012-11", GOOD),
    ],
    TRAFFORD: [
        ("safeguarding", "2010-05", GOOD),
        ("looked-after-children", "2010-05", GOOD),
        ("adoption", "2011-03", GOOD),
        ("fostering", "2011-06", GOOD),
    ],
    CWAC: [
        ("child-protection", "2012-10", "adequate"),
        ("looked-after-children", "2010-11", "inadequate"),
    ],
}

RECOMMENDATIONS = [
    (
        BOLTON,
        "local-authority",
        21,
        "Ensure that the police, and other agencies where relevant, are involved in strategy "
        "discussions and meetings, and local authority designated officer (LADO) meetings.",
    ),
    (
        BOLTON,
        "local-authority",
        29,
        "Ensure that all children in care and care leavers know and understand their entitlements.",
    ),
    (
        BOLTON,
        "lscb",
        143,
        "Improve the attendance at child protection training and resolve the issues that have "
        "resulted in cancellation of sessions.",
    ),
    (
        TRAFFORD,
        "local-authority",
        1,
        "Ensure delay is eliminated for prospective adopters at stages one and two of the "
        "recruitment process.",
    ),
    (
        TRAFFORD,
        "local-authority",
        6,
        "Ensure that all looked after children who can benefit from an independent visitor have "
        "access to this provision so that there is a special adult who sees them routinely to "
        "support their development.",
    ),
    (
        TRAFFORD,
        "lscb",
        122,
        "Develop a plan to raise safeguarding awareness in the wider community and in faith "
        "groups and the voluntary and community sector.",
    ),
    (
        CWAC,
        "local-authority",
        3,
        "Ensure that children looked after's health needs are assessed in a timely way and "
        "extend the health passport scheme to all care leavers (paragraph 53)",
    ),
    (
        CWAC,
        "lscb",
        106,
        "The LSCB should expedite the work in relation to female genital mutilation so that it "
        "can quickly analyse and report on the prevalence and hold agencies to account for their "
        "practice in protecting girls who are potentially at risk or who are at risk "
        "(paragraph 128).",
    ),
]

M31_2013, D31_2014, O31_2015 = date(2013, 3, 31), date(2014, 12, 31), date(2015, 10, 31)
FIGURES = [
    (BOLTON, "children-under-18", "65250", None, None),
    (BOLTON, "children-in-need", "4179", M31_2013, None),
    (BOLTON, "child-protection-plans", "215", M31_2013, None),
    (BOLTON, "private-fostering", "13", M31_2013, None),
    (BOLTON, "children-looked-after", "540", M31_2013, "83"),
    (BOLTON, "free-school-meals-primary", "19", None, None),
    (BOLTON, "eal-primary", "26", None, None),
    (BOLTON, "eal-secondary", "20", None, None),
    (BOLTON, "minority-ethnic-children", "29", None, None),
    (TRAFFORD, "children-under-18", "52728", None, None),
    (TRAFFORD, "children-in-need", "1346", D31_2014, None),
    (TRAFFORD, "child-protection-plans", "258", D31_2014, None),
    (TRAFFORD, "children-looked-after", "338", D31_2014, "63.8"),
    (TRAFFORD, "free-school-meals-secondary", "10", None, None),
    (TRAFFORD, "eal-secondary", "9", None, None),
    (CWAC, "children-under-18", "66157", None, None),
    (CWAC, "children-in-need", "2088", O31_2015, None),
    (CWAC, "child-protection-plans", "268", O31_2015, None),
    (CWAC, "private-fostering", "3", O31_2015, None),  # printed "three"
    (CWAC, "children-looked-after", "471", O31_2015, "71"),
    (CWAC, "free-school-meals-primary", "12.3", None, None),
    (CWAC, "minority-ethnic-children", "4", None, None),
    (CWAC, "eal-secondary", "2.9", None, None),
]
# The lists of 2014-2015 (placements, the year's orders and leavers): no as-at date, no rate.
LISTED = {
    TRAFFORD: {
        "children-share-of-population": "23",
        "children-in-poverty": "15",
        "looked-after-outside-area": "93",
        "looked-after-in-childrens-homes": "15",
        "looked-after-in-special-schools": "9",
        "looked-after-with-foster-families": "233",
        "looked-after-with-parents": "46",
        "unaccompanied-asylum-seeking-children": "0",
        "special-guardianship-orders": "2",
        "ceased-looked-after": "112",
        "moved-to-independent-living": "30",
        "living-in-multiple-occupation": "0",  # printed "no children and young people"
    },
    BOLTON: {
        "children-share-of-population": "23",
        "children-in-poverty": "23",
        "looked-after-outside-area": "100",
        "looked-after-in-childrens-homes": "30",
        "looked-after-in-special-schools": "5",  # printed "Five"
        "looked-after-with-foster-families": "395",
        "looked-after-with-parents": "60",
        "unaccompanied-asylum-seeking-children": "0",
        "special-guardianship-orders": "10",
        "ceased-looked-after": "150",  # "there were 150 who have ceased to be looked after"
        "moved-to-independent-living": "20",
    },
    CWAC: {
        "children-share-of-population": "19.9",
        "children-in-poverty": "15.7",
        "serious-incident-notifications": "5",  # "Since the last inspection, five ..."
        "looked-after-outside-area": "195",
        "looked-after-in-childrens-homes": "17",
        "looked-after-in-special-schools": "12",
        "looked-after-with-foster-families": "310",
        "looked-after-with-parents": "69",
        "unaccompanied-asylum-seeking-children": "1",  # "one child is an ..."
        "special-guardianship-orders": "40",
        "ceased-looked-after": "175",
        "moved-to-independent-living": "10",
        "living-in-multiple-occupation": "8",
    },
}
FIGURES += [
    (name, measure, value, None, None)
    for name, figures in LISTED.items()
    for measure, value in figures.items()
]


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_authority_and_dates(parsed, name):
    report, expected = parsed(name), EXPECTED[name]
    assert report.framework == "sif"
    assert report.authority.name == expected["authority"]
    assert expected["alias"] in report.authority.aliases
    assert report.start.value == expected["start"]
    assert report.end.value == expected["end"]
    published = report.published.value if report.published else None
    assert published == expected["published"]


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_judgements(parsed, name):
    report = parsed(name)
    got = [(j.scope, j.area, j.grade) for j in report.judgements]
    want = [(*area, grade) for area, grade in zip(AREAS, EXPECTED[name]["grades"], strict=True)]
    assert got == want
    for j in report.judgements:
        assert j.grade in vocab.GRADE_SCALES["sif"]
        assert j.area in vocab.AREA_SCHEMES["sif"] or j.area == "lscb-effectiveness"
        assert j.grade_as_printed.lower() in j.span.quote.lower()


@pytest.mark.parametrize(
    ("name", "area", "quote"),
    [
        (BOLTON, "adoption-performance", "2.1 Adoption performance\tGood"),
        (BOLTON, "overall-effectiveness", "The overall judgement is **requires improvement"),
        (TRAFFORD, "care-leavers", "2.2 Experiences and progress of care leavers\tOutstanding"),
        (TRAFFORD, "lscb-effectiveness", "The Local Safeguarding Children Board is good"),
        (
            CWAC,
            "overall-effectiveness",
            "Children's services in Cheshire West and Chester are good",
        ),
        (
            CWAC,
            "leadership-management-governance",
            "3. Leadership, management and governance Outstanding",
        ),
    ],
)
def test_judgement_spans_quote_the_printed_row(parsed, name, area, quote):
    [judgement] = [j for j in parsed(name).judgements if j.area == area]
    assert judgement.span.quote == quote


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_team(parsed, name):
    got = [(m.name, m.role, m.role_as_printed, m.additional_inspector) for m in parsed(name).team]
    assert got == TEAMS[name]
    assert all(m.role in vocab.ROLES for m in parsed(name).team)


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_recommendation_counts_and_numbers(parsed, name):
    recs = parsed(name).recommendations
    la = [r.number for r in recs if r.addressee == "local-authority"]
    lscb = [r.number for r in recs if r.addressee == "lscb"]
    assert (len(la), len(lscb)) == EXPECTED[name]["recs"]
    assert (la, lscb) == EXPECTED[name]["numbers"]
    assert all(r.timescale is None for r in recs)


@pytest.mark.parametrize(("name", "addressee", "number", "text"), RECOMMENDATIONS)
def test_recommendation_texts(parsed, name, addressee, number, text):
    [rec] = [r for r in parsed(name).recommendations if r.number == number]
    assert (rec.addressee, rec.text) == (addressee, text)
    assert " ".join(rec.span.quote.split()) == text


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_posts(parsed, name):
    posts = {p.post: p.since for p in parsed(name).posts}
    assert posts == {
        "director-of-childrens-services": EXPECTED[name]["dcs"],
        "lscb-chair": EXPECTED[name]["chair"],
    }


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_previous_inspections(parsed, name):
    got = [(p.kind, p.when, p.grade) for p in parsed(name).previous]
    assert got == PREVIOUS[name]


@pytest.mark.parametrize(("name", "measure", "value", "as_at", "rate"), FIGURES)
def test_key_figures(parsed, name, measure, value, as_at, rate):
    [figure] = [f for f in parsed(name).figures if f.measure == measure]
    assert figure.value == Decimal(value)
    assert figure.as_at == as_at
    assert figure.rate_per_10000 == (Decimal(rate) if rate else None)
    assert measure in vocab.MEASURES


def test_private_fostering_less_than_five_is_a_warning_not_a_figure(parsed):
    report = parsed(TRAFFORD)
    assert not [f for f in report.figures if f.measure == "private-fostering"]
    assert any("less than five" in w for w in report.warnings)


def test_missing_publication_date_is_a_warning(parsed):
    assert any("published" in w for w in parsed(BOLTON).warnings)


@pytest.mark.parametrize("name", SIF_REPORTS)
def test_every_span_quotes_the_raw_text(parsed, name):
    raw = read_report(name)
    for span in report_spans(parsed(name)):
        assert raw[span.start : span.end] == span.quote


def test_page_break_continuation_joins_its_recommendation():
    """A page break inside a recommendation leaves "- the rest..." on the next page."""
    raw = read_report(BOLTON)
    broken = raw.replace(
        "including improving the use of strength",
        "including improving\n\n\n\n- the use of strength",
    )
    assert broken != raw
    report = parse_report(broken, BOLTON)
    la = [r for r in report.recommendations if r.addressee == "local-authority"]
    assert len(la) == 12
    [rec30] = [r for r in la if r.number == 30]
    assert rec30.text.endswith(
        "including improving the use of strength and difficulties questionnaires."
    )
    assert broken[rec30.span.start : rec30.span.end] == rec30.span.quote


def test_grade_table_disagreeing_with_body_is_a_warning():
    raw = read_report(TRAFFORD).replace(
        "2.2 Experiences and progress of care leavers\tOutstanding",
        "2.2 Experiences and progress of care leavers\tGood",
    )
    report = parse_report(raw, TRAFFORD)
    [leavers] = [j for j in report.judgements if j.area == "care-leavers"]
    assert leavers.grade == "good"
    assert any("Experiences and progress of care leavers" in w for w in report.warnings)


def test_body_headings_stand_in_for_a_missing_grade_table():
    raw = read_report(CWAC).replace("2.1 Adoption performance Outstanding", "")
    [adoption] = [j for j in parse_report(raw, CWAC).judgements if j.area == "adoption-performance"]
    assert adoption.grade == "outstanding"
    assert adoption.span.quote.startswith("The graded judgement for adoption performance")


def test_missing_lscb_judgement_is_a_warning_and_a_coverage_gap():
    from ofsted_kg.model.expectations import gaps

    raw = read_report(TRAFFORD).replace("The Local Safeguarding Children Board is good", "")
    raw = raw.replace("The LSCB is good because", "The LSCB because")
    report = parse_report(raw, TRAFFORD)
    assert not any(j.scope == "lscb" for j in report.judgements)
    assert len(report.judgements) == 6  # the local authority's are all kept
    assert "no LSCB effectiveness judgement found" in report.warnings
    assert "no LSCB judgement" in gaps(report)


def test_missing_dates_raise():
    raw = read_report(BOLTON).replace("14 January – 5 February 2014", "to be confirmed")
    with pytest.raises(ParseError):
        parse_report(raw, BOLTON)


def test_key_figure_and_tenure_wordings_of_other_sif_reports(parsed):
    """Regression: Medway 2015, Devon 2015, Havering/Walsall, Surrey 2018 and Hartlepool 2014
    print these facts in wordings the first parser missed (checked in their PDFs)."""
    from conftest import read_report
    from ofsted_kg.parse import parse_report

    text = read_report("bolton-2014-sif.txt")
    variants = {
        # Devon 2015: "are being looked after by the LA"; Medway 2015: no "At".
        "■ At 31 March 2013, 540 children were being looked after by the local authority": (
            "- 31 March 2013, 540 children are being looked after by the LA"
        ),
        # Havering 2016 / Walsall 2017: no "a", number in words.
        "At 31 March 2013, 13 children lived in a privately arranged fostering placement": (
            "At 31 March 2013, three children lived in privately arranged fostering placements"
        ),
        # Hartlepool 2014: a day in the date; Surrey 2018: "interim ... (DCS)".
        "The Director of Children's Services has been in post since January 2007": (
            "The interim director of children's services (DCS) has been in post since "
            "21 January 2007"
        ),
    }
    for old, new in variants.items():
        assert old in text
        text = text.replace(old, new)
    report = parse_report(text, "bolton-variant.txt")
    figures = {f.measure: f for f in report.figures}
    assert figures["children-looked-after"].value == 540
    assert figures["children-looked-after"].rate_per_10000 == 83
    assert figures["private-fostering"].value == 3
    dcs = next(p for p in report.posts if p.post == "director-of-childrens-services")
    assert dcs.since == "2007-01"


def test_previous_inspections_posts_and_rates_in_wordings_found_by_the_audit():
    """Regression: wordings of Walsall 2017, Surrey 2018, Hartlepool 2014, Derby 2017,
    Redbridge 2016 and Cambridgeshire 2014 (checked in their PDFs) the parser missed."""
    from conftest import read_report
    from ofsted_kg.parse import parse_report

    text = read_report("bolton-2014-sif.txt")
    variants = {
        # Walsall 2017 p.5: the date the earlier report was published, not of the visit.
        "The previous inspection of Bolton's safeguarding arrangements was in March 2012. "
        "The local authority was judged to be Good.": (
            "The previous inspection of the local authority's arrangements for the protection "
            "of \nchildren was published in August 2013. The local authority was judged to be "
            "\nadequate."
        ),
        # Surrey 2018 p.5: a list of judgements after "was published in".
        "The previous inspection of Bolton's services for looked after children was in March "
        "2012. The local authority was judged to be Good.": (
            "The last inspection report for the local authority's children's services was "
            "\npublished in August 2015. The judgements for the local authority were:\n"
            "- Overall effectiveness: Inadequate\n- Children who need help and protection: "
            "Inadequate"
        ),
        # Hartlepool 2014 p.8: "The service was judged to be satisfactory".
        "The previous inspection of Bolton's adoption service was in June 2009. The local "
        "authority was judged to be Good.": (
            "The previous inspection of Hartlepool's adoption service was in January \n2012. "
            "The service was judged to be satisfactory."
        ),
        # Walsall 2017 p.6: the rate of child protection plans.
        "215 children and young people were the subject of a child protection plan.": (
            "215 children and young people were the subject of a child \nprotection plan (a "
            "rate of 51 per 10,000 children)."
        ),
        # Cambridgeshire 2014 p.8: the DCS under another title.
        "The Director of Children's Services has been in post since January 2007.": (
            "The Executive Director of Children, Families and Adult Services has been in \n"
            "post since July 2010."
        ),
        # Derby 2017 p.5 "(LSCB)"; Redbridge 2016 p.5: an interim chair at the inspection.
        "The chair of the LSCB has been in post since January 2010.": (
            "The chair of the Local Safeguarding Children Board (LSCB) has been in post since "
            "August \n2014. At the time of the inspection, an interim chair had been in post "
            "since \nAugust 2016, as the substantive chair was acting as the interim DCS."
        ),
    }
    for old, new in variants.items():
        assert old in text
        text = text.replace(old, new)
    report = parse_report(text, "bolton-variant.txt")
    previous = {(p.kind, p.when, p.published, p.grade) for p in report.previous}
    assert ("child-protection", None, "2013-08", "adequate") in previous
    assert ("sif", None, "2015-08", "inadequate") in previous
    assert ("adoption", "2012-01", None, "satisfactory") in previous
    figures = {f.measure: f for f in report.figures}
    assert figures["child-protection-plans"].value == 215
    assert figures["child-protection-plans"].rate_per_10000 == 51
    posts = {p.post: p for p in report.posts}
    assert posts["director-of-childrens-services"].since == "2010-07"
    chair = posts["lscb-chair"]
    assert chair.since == "2016-08"
    assert chair.span.quote.startswith("At the time of the inspection, an interim chair")
    assert text[chair.span.start : chair.span.end] == chair.span.quote


def test_sub_bullets_of_a_numbered_recommendation_keep_their_markers():
    """Regression: Medway 2015's recommendation 5 ran its two sub-bullets together."""
    from conftest import read_report
    from ofsted_kg.parse import parse_report

    raw = read_report(BOLTON)
    old = "including improving the use of strength"
    assert old in raw
    text = raw.replace(
        old,
        "including:\n- improving the senior management review of all children (paragraph 42).\n"
        "- improving the use of strength",
    )
    report = parse_report(text, BOLTON)
    [rec30] = [r for r in report.recommendations if r.number == 30]
    assert "including: - improving the senior management review of all children " in rec30.text
    assert "(paragraph 42). - improving the use of strength" in rec30.text


def test_previous_overall_grade_not_taken_from_one_area():
    """Regression: Doncaster 2018 p.4 grades the areas of its last inspection first ("judged
    to be inadequate for help and protection services. It was judged to require improvement
    for ...") and the whole last: "It was overall judged to be inadequate"."""
    from conftest import read_report
    from ofsted_kg.parse import parse_report

    old = (
        "The previous inspection of Bolton's safeguarding arrangements was in March 2012. "
        "The local authority was judged to be Good."
    )
    doncaster = (
        "The previous inspection of the local authority's services for children in need of "
        "\nhelp and protection, including children in care, was in September 2015. The local "
        "\nauthority was judged to be good for help and protection services. It was \njudged "
        "to require improvement for services for children looked after. It was overall "
        "judged to be inadequate."
    )
    text = read_report("bolton-2014-sif.txt")
    assert old in text
    report = parse_report(text.replace(old, doncaster), "bolton-variant.txt")
    [mention] = [p for p in report.previous if p.kind == "sif"]
    assert (mention.when, mention.grade) == ("2015-09", "inadequate")
    assert mention.span.quote.endswith("It was overall judged to be inadequate")


def test_two_months_for_one_earlier_inspection_is_a_warning():
    """Regression: Rochdale 2014 dates its last looked after children inspection "August
    2010" in the summary (p.11) and "July 2010" in the findings (p.8)."""
    from conftest import read_report
    from ofsted_kg.parse import parse_report

    text = read_report("bolton-2014-sif.txt")
    findings = "Inspection judgements about the local authority"
    assert text.count(findings) >= 1
    text = text.replace(
        findings,
        "Ofsted's last inspection of Bolton's services for looked after children in February "
        "2012\njudged the services to be good.\n" + findings,
        1,
    )
    report = parse_report(text, "bolton-variant.txt")
    assert (
        "the previous looked-after-children inspection is dated 2012-03 and, elsewhere, "
        "2012-02 ('Ofsted's last inspection of Bolton's services for looked after children in "
        "February 2012 judged the services to be good'); kept 2012-03"
    ) in report.warnings
    assert parse_report(read_report("bolton-2014-sif.txt"), "b.txt").warnings == [
        "no 'Report published' date printed"
    ]
