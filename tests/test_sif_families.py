"""Wordings of SIF reports (2013-2018) the parser reads, one family per test.

Each excerpt is verbatim from the development report named in its test (line breaks as
the PDF text has them), set under the front page of Wigan 2017 so that it parses as a
SIF report. The expected facts were read in the reports. The last section's excerpts are
the development reports' sentences (Wigan 2017's figures, Surrey's 2015 review) printed in
the other wordings of their family, as reports not in the development set may print them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import FIXTURES
from ofsted_kg.model.expectations import gaps
from ofsted_kg.parse import parse_report
from ofsted_kg.parse.common import holder_acting
from ofsted_kg.source.files import read_source

# Wigan 2017, page 1, verbatim.
WIGAN_HEAD = """Wigan
Inspection of services for children in need of help and protection, children
looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children Board
Inspection date: 16 January 2017-9 February 2017
Report published: 31 March 2017
Children's services in Wigan are good
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Good
"""
AREA = "Information about this local authority area\n"


def sif(*parts: str, head: str = WIGAN_HEAD):
    return parse_report("\n".join([head, *parts]), "excerpt.txt")


# --- front page ---------------------------------------------------------------------------


def test_not_judged_rows_are_left_out_and_the_other_grades_kept():
    """Isles of Scilly 2016 p.1: a council with no children looked after."""
    report = sif(
        head="""Isles of Scilly
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 11 April 2016 - 28 April 2016
Report published: 27 June 2016
Children's services in the Isles of Scilly are good
1. Children who need help and protection Good
2. Children looked after and achieving
permanence
Not Judged
2.1 Adoption performance Not Judged
2.2 Experiences and progress of care leavers Not Judged
3. Leadership, management and governance Good
"""
    )
    assert sorted((j.area, j.grade) for j in report.judgements) == [
        ("help-and-protection", "good"),
        ("leadership-management-governance", "good"),
        ("overall-effectiveness", "good"),
    ]
    assert (
        "'Children looked after and achieving permanence' is printed 'Not Judged': "
        "no grade recorded"
    ) in report.warnings


def test_headline_wrapped_inside_the_councils_name():
    """Kensington and Chelsea 2016 p.1."""
    report = sif(
        head="""Royal Borough of Kensington and
Chelsea
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board
Inspection date: 11 January 2016 to 4 February 2016
Report published: 29 March 2016
Children's services in the Royal Borough of Kensington and
Chelsea are outstanding
1. Children who need help and protection Good
"""
    )
    assert report.authority.name == "Royal Borough of Kensington and Chelsea"
    [overall] = [j for j in report.judgements if j.area == "overall-effectiveness"]
    assert overall.grade == "outstanding"
    assert "no overall effectiveness judgement" not in gaps(report)


def test_missing_judgements_are_warnings_and_gaps():
    report = sif(head=WIGAN_HEAD.split("Children's services in Wigan")[0])
    assert report.judgements == []
    assert "no overall effectiveness judgement found" in report.warnings
    assert "no judgement found for Children who need help and protection" in report.warnings
    assert {"no overall effectiveness judgement", "no LSCB judgement"} <= set(gaps(report))


# --- recommendations ----------------------------------------------------------------------


def test_theme_headings_over_numbered_recommendations():
    """Devon 2015 p.6: themes under the "Priority and immediate action" tier."""
    report = sif(
        """What does the local authority need to improve?
Priority and immediate action
Quality of work with children and young people
1. Review all those care leavers about whom the local authority does not have up-
to-date information and ensure that they are safe.
2. Ensure that care leavers receive high quality services to meet their assessed
needs, with a specific focus on pathway planning and review processes, risk
assessments for all young people living in unsuitable accommodation such as
bed and breakfast (B&B) and access to health histories.
Management of service quality and provision
5. Improve the quality of care leaver data and analysis so that the local authority
is able to meet its corporate parenting responsibility to this group of vulnerable
young people.
Information about this inspection
"""
    )
    recs = report.recommendations
    assert [(r.number, r.theme, r.timescale) for r in recs] == [
        (1, "Quality of work with children and young people", "immediately"),
        (2, "Quality of work with children and young people", "immediately"),
        (5, "Management of service quality and provision", "immediately"),
    ]
    assert recs[0].text == (
        "Review all those care leavers about whom the local authority does not have "
        "up-to-date information and ensure that they are safe."
    )


def test_numbered_theme_headings_over_bullets():
    """The layout the issue describes: numbered themes, each over bulleted items (the
    items are Devon 2015's); every bullet is its own recommendation."""
    report = sif(
        """Recommendations
1. Quality of work with children and young people
- Review all those care leavers about whom the local authority does not have up-
to-date information and ensure that they are safe.
- Ensure that care leavers receive high quality services to meet their assessed
needs.
2. Management of service quality and provision
- Improve the quality of care leaver data and analysis.
Information about this inspection
"""
    )
    assert [(r.number, r.theme, r.text[:22]) for r in report.recommendations] == [
        (None, "Quality of work with children and young people", "Review all those care "),
        (None, "Quality of work with children and young people", "Ensure that care leave"),
        (None, "Management of service quality and provision", "Improve the quality of"),
    ]


def test_lscb_strengths_and_nothing_to_improve_are_not_recommendations():
    """Portsmouth 2014 p.30."""
    report = sif(
        """The Local Safeguarding Children Board (LSCB)
What does the LSCB need to improve?
Priority and immediate action
136. No areas were identified for immediate improvement.
Areas for improvement
137. Robustly impress upon key agencies the need to rapidly improve the systemised
collection and collation of comprehensive data about missing children. Further,
ensure that partners work together to improve practice with children missing
and fully understand the local situation.
138. Develop and implement a narrative analysis of performance to support the
multi-agency data set so that there is a shared understanding within the
partnership about trends in performance.
The LSCB's strengths
141. Partners value the strong leadership of the Board, which enables them to take
full responsibility for the contribution and role of their individual agencies.
"""
    )
    assert [r.number for r in report.recommendations if r.addressee == "lscb"] == [137, 138]


def test_lscb_section_heading_without_its_abbreviation():
    """Stoke-on-Trent 2015 p.36; Swindon 2014 p.29 heads its list "Areas for improvement:"."""
    report = sif(
        """The Local Safeguarding Children Board
The Local Safeguarding Children Board requires improvement
Recommendations
144. Ensure that the board's business plan objectives are specific, measurable and
linked with identified weaknesses in practice, and that changes made are
reviewed to increase the understanding of impact.
145. Review agencies' compliance with the thresholds framework and take steps to
improve compliance.
Inspection findings
"""
    )
    assert [r.number for r in report.recommendations if r.addressee == "lscb"] == [144, 145]
    [lscb] = [j for j in report.judgements if j.scope == "lscb"]
    assert lscb.grade == "requires-improvement"


# --- earlier inspections ------------------------------------------------------------------


def _previous(report):
    return sorted((p.kind, p.when, p.grade, p.published) for p in report.previous)


def test_two_inspections_in_one_sentence_with_a_grade_each():
    """Rutland 2017 p.5."""
    report = sif(
        AREA,
        """- The previous inspection of the local authority's services for safeguarding and
children looked after services was in October 2011. The local authority was
judged to be adequate for safeguarding and good for children looked after.""",
    )
    assert _previous(report) == [
        ("looked-after-children", "2011-10", "good", None),
        ("safeguarding", "2011-10", "adequate", None),
    ]


def test_one_grade_for_both_inspections():
    """Rotherham 2014 p.9."""
    report = sif(
        """33. The last inspection of Rotherham's services for looked after children was in July
2010. The last inspection of arrangements for the protection of children was in
July 2012. The local authority was judged to be adequate in both inspections. """
    )
    assert _previous(report) == [
        ("child-protection", "2012-07", "adequate", None),
        ("looked-after-children", "2010-07", "adequate", None),
    ]


def test_combined_statement_and_separate_bullets_recorded_once():
    """Plymouth 2015: one sentence for both (p.9) and a bullet each (p.14)."""
    report = sif(
        """31. The last inspection of Plymouth's safeguarding arrangements and looked after
children was in May 2010. The local authority was judged to be good for both
services. """,
        AREA,
        """- The previous inspection of Plymouth's safeguarding arrangements and
arrangements for the protection of children was in May 2010. The local authority
was judged to be good.
- The previous inspection of Plymouth's services for looked after children was in
May 2010. The local authority was judged to be good. """,
    )
    assert _previous(report) == [
        ("looked-after-children", "2010-05", "good", None),
        ("safeguarding", "2010-05", "good", None),
    ]


def test_combined_inspection_graded_in_another_sentence():
    """Isles of Scilly 2016: the bullet (p.5) has no grade; the summary (p.2) has."""
    report = sif(
        """Following an inspection of
safeguarding and looked after children in 2012, which judged services to be good,
the local authority implemented a successful modernisation and improvement
programme.""",
        AREA,
        """- The previous inspection of the local authority's safeguarding arrangements and
services for looked after children was in May 2012.""",
    )
    assert _previous(report) == [
        ("safeguarding-and-looked-after-children", "2012-05", "good", None)
    ]


def test_inspection_dated_by_its_report_and_by_the_year_of_the_visit():
    """Wigan 2017: "published in July 2012" (p.5), "the last inspection in 2012" (p.2)."""
    report = sif(
        """Strong and effective leadership identified a
decline in the quality of services since the last inspection in 2012 and has planned""",
        AREA,
        """- The previous inspection of the local authority's safeguarding
arrangements/arrangements for the protection of children was published in July
2012. The local authority was judged to be good.
- The previous inspection of the local authority's services for children looked after
was published in July 2012. The local authority was judged to be good.""",
    )
    assert _previous(report) == [
        ("looked-after-children", "2012", "good", "2012-07"),
        ("safeguarding", "2012", "good", "2012-07"),
    ]


def test_one_inspection_printed_with_and_without_its_month_is_recorded_once():
    """Rochdale 2014: "in 2012" in the area section (p.12), "in November 2012" (p.10)."""
    report = sif(
        """Ofsted's last inspection of the arrangements for the protection of children was in
November 2012, when they were judged to be inadequate.""",
        AREA,
        """- The previous inspection of Rochdale's arrangements for the protection of
children was in 2012. The local authority was judged to be inadequate.""",
    )
    assert _previous(report) == [("child-protection", "2012-11", "inadequate", None)]


def test_safeguarding_or_child_protection_by_the_looked_after_children_inspection():
    """A safeguarding inspection in the month of the looked after children one is a SLAC
    inspection's half (Middlesbrough 2016 p.5, "protection of children" in July 2011); one
    alone from June 2012 to the SIF is a child protection inspection (North Yorkshire 2014
    p.8, October 2012; Derby 2017 p.5, January 2013); one alone before, in March 2012,
    stays child protection as printed (Worcestershire 2017 p.6)."""
    middlesbrough = (
        "- The previous inspection of the local authority's arrangements for the protection of \n"
        "children was in July 2011. The local authority was judged to be adequate.\n"
        "- The previous inspection of the local authority's services for children looked after\n"
        "was in July 2011. The local authority was judged to be adequate."
    )
    assert _previous(sif(AREA, middlesbrough)) == [
        ("looked-after-children", "2011-07", "adequate", None),
        ("safeguarding", "2011-07", "adequate", None),
    ]
    north_yorkshire = (
        "- The previous inspection of North Yorkshire's safeguarding arrangements was \n"
        "in October 2012. The local authority was judged to be adequate."
    )
    assert _previous(sif(AREA, north_yorkshire)) == [
        ("child-protection", "2012-10", "adequate", None)
    ]
    derby = """- The last inspection of the local authority's safeguarding arrangements/
arrangements for the protection of children was in January 2013. The local
authority was judged to be good.
- The last inspection of the local authority's services for children looked after was in
June 2011. The local authority was judged to be adequate."""
    assert _previous(sif(AREA, derby)) == [
        ("child-protection", "2013-01", "good", None),
        ("looked-after-children", "2011-06", "adequate", None),
    ]
    worcestershire = """- The previous inspection of the local authority's arrangements for the
protection of children was in March 2012. The local authority was judged to
be adequate.
- The previous inspection of the local authority's services for safeguarding and
children looked after was in October 2010. The local authority was judged to
be inadequate."""
    assert ("child-protection", "2012-03", "adequate", None) in _previous(sif(AREA, worcestershire))


def test_two_agencies_inspected_together():
    """Doncaster 2018 p.5."""
    report = sif(
        AREA,
        """- The trust also operates as a voluntary adoption agency and an independent
fostering agency. Both were inspected in August 2015 and judged to be good.""",
    )
    assert _previous(report) == [
        ("adoption", "2015-08", "good", None),
        ("fostering", "2015-08", "good", None),
    ]


def test_earlier_inspection_wordings_of_adoption_and_fostering():
    """Lambeth 2015 p.10, Rotherham 2014 p.12, Swindon 2014 p.9, Trafford 2015 p.9."""
    report = sif(
        AREA,
        """The last Ofsted inspection of Lambeth's fostering service was undertaken in
December 2012. The service was judged to be outstanding.
- The last stand-alone inspection of the local authority fostering service in July
2013 judged the service as good.
- The most recent inspection of adoption services was in 2009. The service's
overall quality was judged to be outstanding.""",
    )
    assert _previous(report) == [
        ("adoption", "2009", "outstanding", None),
        ("fostering", "2012-12", "outstanding", None),
        ("fostering", "2013-07", "good", None),
    ]


def test_earlier_inspection_carried_out_in():
    """Windsor and Maidenhead 2015 p.9 (no grade printed)."""
    report = sif(
        """38. The inspection of the local authority's fostering service carried out in July 2012
recommended that the authority improve its recruitment of foster carers."""
    )
    assert _previous(report) == [("fostering", "2012-07", None, None)]


@pytest.mark.parametrize(
    ("summary", "when"),
    [
        (
            "This is a re-inspection of children's services in Manchester, following a "
            "judgement of\ninadequate for overall effectiveness in 2014.",
            "2014",
        ),
        # Lambeth 2018 (its title "Inspection of ...").
        (
            "This is a re-inspection of children\u2019s services in Lambeth, after they were "
            "judged to be\ninadequate in 2015.",
            "2015",
        ),
        # The family's other order: the year, then the grade.
        (
            "This is a re-inspection of children's services in Lambeth, following the "
            "inspection in\nFebruary 2015, when services were judged to be inadequate.",
            "2015-02",
        ),
    ],
)
def test_a_reinspections_summary_names_the_inspection_it_follows(summary, when):
    """Manchester 2017 and Lambeth 2018 (re-inspections, not among the development
    reports), their executive summaries: the SIF inspection judged inadequate. Before, it
    was no earlier inspection (Lambeth's wording until this test), and Manchester's
    "children's services in Manchester, ... inadequate" was read as a second headline
    disagreeing with the first."""
    report = sif(
        f"""Executive summary
{summary} Services for children are no
longer inadequate."""
    )
    assert _previous(report) == [("sif", when, "inadequate", None)]
    assert not [w for w in report.warnings if w.startswith("overall effectiveness")]


def test_a_reinspections_summary_naming_one_areas_grade_is_no_overall_grade():
    report = sif(
        """Executive summary
This is a re-inspection of children's services in Lambeth, following the inspection in
February 2015, when services were judged to be inadequate for help and protection."""
    )
    assert _previous(report) == []


def test_an_inadequate_sif_without_lscb_review_is_a_reinspection():
    """Darlington 2018 p.5: titled "Inspection of ...", no LSCB review, after a SIF judged
    inadequate (published in September 2015; "the previous inspection in 2015", p.2)."""
    head = WIGAN_HEAD.replace(
        "and\nReview of the effectiveness of the Local Safeguarding Children Board\n", ""
    )
    report = sif(
        """Leaders and managers have sustained services that were judged to be inadequate at
the previous inspection in 2015 while""",
        AREA,
        """- The previous single inspection of the local authority children's services was
published in September 2015. The judgements for the local authority were:
 Overall effectiveness: inadequate
 Children who need help and protection: inadequate""",
        head=head,
    )
    assert _previous(report) == [("sif", "2015", "inadequate", "2015-09")]
    assert report.framework == "sif-reinspection"
    assert "no LSCB judgement" not in gaps(report)


# --- posts --------------------------------------------------------------------------------


def _posts(report):
    return sorted((p.post, p.since) for p in report.posts)


def test_post_names_and_tenure_wordings():
    """Enfield 2015 p.6 and p.11, Hackney 2016 p.5, Plymouth 2015 p.14 (the new chair who
    is only "due to take up post" is not a tenure)."""
    report = sif(
        """The current DCS has been in post since 2009""",
        AREA,
        """- The Director of Schools and Children's Services has been in post since January
2009.
- The Chair of the Enfield Safeguarding Children Board has been in post since
September 2010.""",
    )
    assert _posts(report) == [
        ("director-of-childrens-services", "2009-01"),
        ("lscb-chair", "2010-09"),
    ]
    report = sif(
        AREA,
        """- The director of children's services is interim and has been in post since January
2016.
- The Chair of the LSCB retired in August 2014. An interim Chair has been in post
since October 2014. A new Chair has been appointed and is due to take up post
in January 2015. """,
    )
    assert _posts(report) == [
        ("director-of-childrens-services", "2016-01"),
        ("lscb-chair", "2014-10"),
    ]


def test_appointments_where_no_tenure_is_printed():
    """Thurrock 2016 p.2, Havering 2016 p.3, Worcestershire 2017 p.24, Surrey's LSCB
    review 2015 p.7."""
    report = sif(
        """The local authority appointed a new permanent head of children's social care in
October 2014, a new chief executive in September 2015 and an interim director of
children's services (DCS) in late January 2016, pending the swift appointment""",
        """The board benefits from the strong leadership of an experienced independent
chair who took up post in September 2011, and from effective business""",
    )
    assert _posts(report) == [
        ("chief-executive", "2015-09"),
        ("director-of-childrens-services", "2016-01"),
        ("lscb-chair", "2011-09"),
    ]
    report = sif(
        "A new chief executive \nand lead member for children's services were appointed in "
        "May 2016."
    )
    assert _posts(report) == [("chief-executive", "2016-05")]
    report = sif(
        "93. Following her appointment in June 2014, the chief executive identified the need"
    )
    assert _posts(report) == [("chief-executive", "2014-06")]


def test_a_tenure_printed_twice_is_one_post():
    """Windsor and Maidenhead 2015 (p.6 and p.11): two records of one post gave its
    evidence two quotes and two pages in the graph."""
    report = sif(
        "30. The DCS has been in post since June 2013 and since her arrival has built a ",
        AREA,
        "- The Director of Children's Services has been in post since June 2013.",
    )
    assert _posts(report) == [("director-of-childrens-services", "2013-06")]
    assert not [w for w in report.warnings if "director" in w]


def test_interim_and_acting_holders():
    """Redbridge 2016 p.5 prints both its DCS and its LSCB chair as interim; Stoke-on-Trent
    2015 p.5 an Acting DCS; Herefordshire 2022 p.8 an interim director who resigned, and
    the current DCS, who is not interim."""
    report = sif(
        AREA,
        "- The interim director of children's services (DCS) has been in post since August \n"
        "2016, following the retirement of the previous DCS, who had been in post since \n"
        "May 2005.\n"
        "- The chair of the Local Safeguarding Children Board has been in post since August \n"
        "2014. At the time of the inspection, an interim chair had been in post since \n"
        "August 2016, as the substantive chair was acting as the interim DCS.",
    )
    assert sorted((p.post, p.since, p.acting) for p in report.posts) == [
        ("director-of-childrens-services", "2016-08", True),
        ("lscb-chair", "2016-08", True),
    ]
    assert holder_acting("The Acting Director of Children's Services has been in post since")
    assert not holder_acting(
        "In October \n2021, the interim director resigned and the current DCS was quickly appointed"
    )
    assert not holder_acting("The Director of Children's Services has been in post since June 2013")


def test_a_tenure_and_an_arrival_of_another_month_are_a_warning():
    """Stoke-on-Trent 2015 (p.5 and p.41) prints the LSCB chair's start twice, a month
    apart: the tenure is kept and the other date told."""
    report = sif(
        AREA,
        "- The chair of the Local Safeguarding Children Board (LSCB) has been in post since \n"
        "April 2015.",
        "152. The new LSCB chair took up post in March 2015 and knows Stoke-on-Trent well \n",
    )
    assert _posts(report) == [("lscb-chair", "2015-04")]
    assert [w for w in report.warnings if w.startswith("lscb-chair")] == [
        "lscb-chair: 'The chair of the Local Safeguarding Children Board (LSCB) has been in "
        "post since April 2015' but also 'LSCB chair took up post in March 2015'; kept 2015-04"
    ]


# --- key figures --------------------------------------------------------------------------


def _figures(report):
    return {f.measure: (f.value, f.as_at, f.rate_per_10000) for f in report.figures}


def test_key_figures_at_the_time_of_the_inspection():
    """Middlesbrough 2016 p.7."""
    report = sif(
        AREA,
        """Child protection in this area
- At the time of the inspection, 2,012 children had been identified through
assessment as being formally in need of a specialist children's service. This is a
reduction from 2,069 at 31 March 2015.
- At the time of the inspection, 219 children and young people were the subject of
a child protection plan. This is a reduction from 231 at 31 March 2015.
- At the time of the inspection, two children lived in a privately arranged fostering
placement. This remains the same as the figure at 31 March 2015.
Children looked after in this area
- At the time of the inspection, 367 children are being looked after by the local
authority (a rate of 115 per 10,000 children).""",
    )
    start = date(2017, 1, 16)
    figures = _figures(report)
    assert figures["children-in-need"] == (Decimal(2012), start, None)
    assert figures["child-protection-plans"] == (Decimal(219), start, None)
    assert figures["private-fostering"] == (Decimal(2), start, None)
    assert figures["children-looked-after"] == (Decimal(367), start, Decimal(115))


def test_key_figures_at_the_end_of_a_month_are_its_last_day():
    """Swindon 2014 p.7: "At the end of February 2014" is 28 February 2014; the private
    fostering figure, "At the end of March 2013", a year earlier than the rest."""
    report = sif(
        AREA,
        """Child protection in this area
- At the end of February 2014, 1,470 children who were open to children's
social care (this includes children who are currently being assessed) had
been identified through assessment as being formally in need of a specialist
children's service. This is an increase from 1,205 at 31 March 2013
- At the end of February 2014, 217 children and young people were the
subject of a child protection plan. This is an increase from 147 at 31 March
2013.
- At the end of March 2013, seven children lived in a privately arranged
fostering placement. This is a reduction from eight in 2011-12.
Children looked after in this area
- At the end of February 2014, 246 children were being looked after by the LA
(a rate of 52.2 per 10,000 children).""",
    )
    figures = _figures(report)
    end_of_february = date(2014, 2, 28)
    assert figures["children-in-need"] == (Decimal(1470), end_of_february, None)
    assert figures["child-protection-plans"] == (Decimal(217), end_of_february, None)
    assert figures["private-fostering"] == (Decimal(7), date(2013, 3, 31), None)
    assert figures["children-looked-after"] == (
        Decimal(246),
        end_of_february,
        Decimal("52.2"),
    )


def test_key_figure_wordings():
    """Islington 2017 (no rate), Isles of Scilly 2016 ("no children"), Wigan 2017,
    North Yorkshire 2014, Lambeth 2015 (a month, no day), Windsor and Maidenhead 2015,
    Rutland 2017 and Portsmouth 2014."""
    figures = _figures(
        sif(
            AREA,
            "- At 31 March 2017, 343 children were being looked after by the local authority. ",
        )
    )
    assert figures["children-looked-after"] == (Decimal(343), date(2017, 3, 31), None)
    figures = _figures(
        sif(AREA, "- At 12 April 2016, no children were being looked after by the local authority.")
    )
    assert figures["children-looked-after"][0] == 0
    figures = _figures(
        sif(
            AREA,
            "- At 16 January 2017, 224 children were the subject of a child protection plan (a \n"
            "rate of 33 per 10,000 children).\n"
            "- At 31 March 2014, 18 children lived in a privately arranged foster placement. \n"
            "- At December 2014, 482 children were being looked after by the local authority (a \n"
            "rate of 78 per 10,000 children).",
        )
    )
    assert figures["child-protection-plans"] == (Decimal(224), date(2017, 1, 16), Decimal(33))
    assert figures["private-fostering"] == (Decimal(18), date(2014, 3, 31), None)
    assert figures["children-looked-after"] == (Decimal(482), None, Decimal(78))
    figures = _figures(
        sif(
            AREA,
            "- At 3 March 2015, 102 children are in the care of the local authority (a rate "
            "of 31 \nper 10,000 children).\n- In the last 12 months:\n- there has been one "
            "adoption\n",
        )
    )
    assert figures["children-looked-after"] == (Decimal(102), date(2015, 3, 3), Decimal(31))
    assert figures["adoptions"][0] == 1


def test_school_percentages_one_per_phase():
    """Rutland 2017 p.6 (a second list follows), Portsmouth 2014 p.9 ("and nursery")."""
    figures = _figures(
        sif(
            AREA,
            """- The proportion of children entitled to free school meals:
- in primary schools is 6% (the national average is 17%)
- in secondary schools is 5% (the national average is 15%).
- Children and young people from minority ethnic groups:
- in primary schools is 9% (the national average is 31%)""",
        )
    )
    assert figures["free-school-meals-primary"][0] == 6
    assert figures["free-school-meals-secondary"][0] == 5
    figures = _figures(
        sif(
            AREA,
            """- The proportion of children entitled to free school meals:
- in primary and nursery schools is 21.3% (the national average is 18%)
- in secondary schools is 20.1% (the national average is 15.7%).""",
        )
    )
    assert figures["free-school-meals-primary"][0] == Decimal("21.3")


def test_area_section_without_its_heading():
    """Swindon 2014 p.8: the figures follow the team under "Children living in this area"."""
    report = sif(
        """Children living in this area
- Approximately 47,100 children and young people under the age of 18 years
live in Swindon. This is 22.5% of the total population in the area. """
    )
    assert _figures(report)["children-under-18"][0] == 47100


def test_re_inspection_title_glued_to_the_councils_name():
    """A re-inspection whose "Re-" ends the council's line (the layout of Doncaster 2018's
    title, with the line broken after "Re-")."""
    report = sif(
        head=WIGAN_HEAD.replace(
            "Wigan\nInspection of services",
            "Somerset County Council Re-\ninspection of services",
        )
    )
    assert report.authority.name == "Somerset County Council"
    assert report.framework == "sif-reinspection"


def test_lscb_grade_line_naming_the_board():
    """Swindon 2014 p.29 (its front page prints the LSCB grade too; here only Section 2's
    line is given)."""
    report = sif(
        """Section 2: The effectiveness of the local safeguarding
children board
The effectiveness of the Swindon Safeguarding Children Board (SSCB) is
good."""
    )
    [lscb] = [j for j in report.judgements if j.scope == "lscb"]
    assert (lscb.grade, lscb.area_as_printed) == (
        "good",
        "The effectiveness of the Swindon Safeguarding Children Board (SSCB)",
    )


def test_overall_effectiveness_as_a_grade_table_row():
    """A front page that grades the whole in its table, as the areas are graded (the
    layout of the 2013 LAC reports' table), not in a headline."""
    head = WIGAN_HEAD.replace(
        "Children's services in Wigan are good\n", "Overall effectiveness Good\n"
    )
    report = sif(head=head)
    [overall] = [j for j in report.judgements if j.area == "overall-effectiveness"]
    assert (overall.grade, overall.span.quote) == ("good", "Overall effectiveness Good")


def test_previous_judgements_are_not_this_reports_overall():
    """Darlington 2018 p.5 lists the previous inspection's judgements; without a headline
    the report's own overall grade is a gap, not the previous one."""
    head = WIGAN_HEAD.replace("Children's services in Wigan are good\n", "")
    report = sif(
        "Contents\n",
        AREA,
        """- The previous single inspection of the local authority children's services was
published in September 2015. The judgements for the local authority were:
Overall effectiveness: inadequate""",
        head=head,
    )
    assert not [j for j in report.judgements if j.area == "overall-effectiveness"]
    assert "no overall effectiveness judgement found" in report.warnings


def _table_row(report, area: str) -> tuple[str, str, str]:
    [row] = [j for j in report.judgements if j.area == area]
    return row.grade_as_printed, row.area_as_printed, row.span.quote


def test_a_table_grade_over_two_lines_is_the_rows():
    """Devon 2015 p.1 (verbatim): a grade broken after its first word. The row's quote is
    the table's, not a body statement's (a guard against a label ending in a grade's cut
    words, "... protection improvement to be" / "good", once took this row for one)."""
    head = WIGAN_HEAD.replace(
        "1. Children who need help and protection Requires improvement\n",
        "1. Children who need help and protection Requires\nImprovement\n",
    )
    assert _table_row(sif(head=head), "help-and-protection") == (
        "Requires Improvement",
        "Children who need help and protection",
        "1. Children who need help and protection Requires\nImprovement",
    )


def test_table_cells_given_column_by_column_are_paired_in_order():
    """Cambridgeshire 2014 p.1 as pdftotext gives it (verbatim): two labels, then their
    two grades. Before, the second row took the first row's grade."""
    head = WIGAN_HEAD.replace(
        "1. Children who need help and protection Requires improvement\n"
        "2. Children looked after and achieving\npermanence\nGood\n",
        "1. Children who need help and protection\n"
        "2. Children looked after and achieving permanence\n\nRequires\nimprovement\nGood\n",
    )
    report = sif(head=head)
    assert _table_row(report, "help-and-protection")[0] == "Requires improvement"
    assert _table_row(report, "looked-after-and-permanence")[:2] == (
        "Good",
        "Children looked after and achieving permanence",
    )


def test_a_label_beside_a_grade_cut_short_is_not_read():
    """Darlington 2018 p.1 as ``pdftotext -layout`` gives it, spaces squashed (verbatim):
    the grade's words lie either side of the label. Before, "good" graded the row; now
    the row is not read from the table (the body's statements grade it, or it is a
    gap), never graded otherwise than the report."""
    head = WIGAN_HEAD.replace(
        "1. Children who need help and protection Requires improvement\n",
        "Requires\n1. Children who need help and protection improvement to be\ngood\n",
    )
    report = sif(head=head)
    assert all(j.grade != "good" for j in report.judgements if j.area == "help-and-protection")


# --- key figures ------------------------------------------------------------------------------

# Trafford 2015's key figures (reports/trafford-2015-sif.txt), and the same figures worded
# as the template's other editions might print them: each variant must give the same value,
# date and rate.
TRAFFORD_FIGURES = {
    "children-under-18": (
        "Approximately 52,728 children and young people under the age of 18 years live in "
        "Trafford.",
        "Approximately 52,728 children and young people aged under 18 live in Trafford.",
        Decimal("52728"),
    ),
    "children-in-need": (
        "At 31st December 2014, 1,346 children had been identified through assessment as being "
        "formally in need of a specialist children's service.",
        "At 31st December 2014, 1,346 children had been assessed as being in need of a "
        "specialist children's service.",
        Decimal("1346"),
    ),
    "child-protection-plans": (
        "At 31st December 2014, 258 children and young people were the subject of a child "
        "protection plan.",
        "At 31st December 2014, 258 children and young people were subject to a child "
        "protection plan.",
        Decimal("258"),
    ),
    "children-looked-after": (
        "At 31st December 2014, 338 children were being looked after by the local authority "
        "(a rate of 63.8 per 10,000 children).",
        "At 31st December 2014, 338 children were looked after by the council (63.8 per "
        "10,000 children).",
        Decimal("338"),
    ),
}


def test_key_figures_in_the_templates_other_wordings():
    from conftest import read_report

    text = read_report("trafford-2015-sif.txt")
    before = {f.measure: f for f in parse_report(text, "trafford.txt").figures}
    for printed, variant, _ in TRAFFORD_FIGURES.values():
        assert printed in text
        text = text.replace(printed, variant, 1)
    after = {f.measure: f for f in parse_report(text, "trafford-variant.txt").figures}
    for measure, (_, variant, value) in TRAFFORD_FIGURES.items():
        assert before[measure].value == after[measure].value == value, measure
        assert after[measure].as_at == before[measure].as_at, measure
        assert " ".join(after[measure].span.quote.split()) in variant, measure
    assert before["children-in-need"].as_at == date(2014, 12, 31)
    assert after["children-looked-after"].rate_per_10000 == Decimal("63.8")
    assert set(after) == set(before)


# --- the template's other wordings, as other councils' reports print them ---------------


def test_key_figures_dated_and_worded_otherwise():
    """The as-at phrase is the council's own ("At the time of inspection", a note after
    the date), and so are the counts' words; "42 completed adoptions" is 42."""
    figures = _figures(
        sif(
            AREA,
            "- At the time of inspection, 2,050 children and young people had been identified\n"
            "through assessment as being formally in need of a specialist children's service.\n"
            "- At 16 January 2017 (the start of the inspection), there were 224 children\n"
            "subject to a child protection plan (a rate of 33 per 10,000 children).\n"
            "- At the start of the inspection, two children and young people were in private\n"
            "fostering arrangements.\n"
            "- At 16 January 2017, 456 children were being looked after by Wigan Council (a\n"
            "rate of 68 per 10,000 children).\n"
            "- Approximately 67,767 children and young people aged 0 to 17 live in Wigan.\n"
            "- Children and young people from minority ethnic groups make up 4% of all\n"
            "children living in the area.\n"
            "- In the last 12 months there have been 42 completed adoptions.\n",
        )
    )
    start, at = date(2017, 1, 16), date(2017, 1, 16)
    assert figures["children-in-need"] == (Decimal(2050), start, None)
    assert figures["child-protection-plans"] == (Decimal(224), at, Decimal(33))
    assert figures["private-fostering"] == (Decimal(2), start, None)
    assert figures["children-looked-after"] == (Decimal(456), at, Decimal(68))
    assert figures["children-under-18"][0] == 67767
    assert figures["minority-ethnic-children"][0] == 4
    assert figures["adoptions"][0] == 42


def test_key_figures_dated_in_figures():
    """A council's own table may print the as-at date in figures, day first: the same
    dates (the 36 SIF and review development reports so printed read the same facts).
    Before, no figure so dated was read."""
    figures = _figures(
        sif(
            AREA,
            "- At 31/03/2016, 224 children were the subject of a child protection plan (a\n"
            "rate of 33 per 10,000 children).\n"
            "- At 16/01/2017, 456 children were being looked after by the local authority (a\n"
            "rate of 68 per 10,000 children).\n",
        )
    )
    assert figures["child-protection-plans"] == (Decimal(224), date(2016, 3, 31), Decimal(33))
    assert figures["children-looked-after"] == (Decimal(456), date(2017, 1, 16), Decimal(68))


@pytest.mark.parametrize(
    ("sentence", "post", "since"),
    [
        (
            "The Strategic Director for Children's Services has been in post since October 2015.",
            "director-of-childrens-services",
            "2015-10",
        ),
        (
            "The Corporate Director, Children and Young People's Services has been in post "
            "since\nOctober 2015.",
            "director-of-childrens-services",
            "2015-10",
        ),
        (
            "The director of children's services, Jane Smith, has been in post since 1st "
            "October 2015.",
            "director-of-childrens-services",
            "2015-10",
        ),
        (
            "The director of children's services has been in the post since October 2015.",
            "director-of-childrens-services",
            "2015-10",
        ),
        (
            "The chief executive of the council has been in post since August 2011.",
            "chief-executive",
            "2011-08",
        ),
        ("The chair of Wigan LSCB has been in post since September 2016.", "lscb-chair", "2016-09"),
    ],
)
def test_posts_named_as_councils_name_them(sentence, post, since):
    assert _posts(sif(AREA, f"- {sentence}")) == [(post, since)]


def test_a_trusts_chief_executive_is_not_the_councils():
    """Doncaster 2018 p.4: "The chief executive of the trust has been in post since July
    2014": the trust's officer, not the council's chief executive."""
    report = sif(AREA, "- The chief executive of the trust has been in post since July 2014.")
    assert _posts(report) == []


def test_lscb_section_and_grade_line_naming_the_board_otherwise():
    report = sif(
        """What does the local authority need to improve?
Recommendations
1. Ensure that return home interviews are offered to every child who goes missing.
Summary for children and young people
The Wigan Safeguarding Children Board (WSCB)
Local Safeguarding Children Board (LSCB) requires improvement
What does the Local Safeguarding Children Board need to improve?
Recommendations
2. Ensure that the board's audits are followed up.
Information about this review
"""
    )
    assert [(r.addressee, r.number) for r in report.recommendations] == [
        ("local-authority", 1),
        ("lscb", 2),
    ]
    [lscb] = [j for j in report.judgements if j.scope == "lscb"]
    assert lscb.grade == "requires-improvement"


def test_an_lscb_review_citing_the_sif_title_is_an_lscb_review():
    """A stand-alone review's summary may name the council's SIF inspection by its title
    before the first 4,000 characters end: the title printed first decides."""
    raw = read_source(FIXTURES / "pdfs" / "surrey-2015-08-03.pdf").raw
    anchor = (
        "The independent chair of the Local Safeguarding Children Board (LSCB) has been \ncentral"
    )
    assert anchor in raw
    cited = (
        "The Ofsted inspection of services for children in need of help and protection, "
        "children looked after and care leavers in Surrey, published in June 2015, judged "
        "services to be inadequate. "
    )
    report = parse_report(raw.replace(anchor, cited + anchor, 1), "surrey-review.pdf")
    assert report.framework == "lscb-review"
    assert report.authority.name == "Surrey"
    assert {r.addressee for r in report.recommendations} == {"lscb"}


@pytest.mark.parametrize(
    "tail",
    [
        # Hartlepool 2014 p.6 prints ". The local authority was judged to be adequate."
        " and the local authority was judged to be adequate.",
        ". Overall effectiveness was judged to be adequate.",
        ". The authority was judged to be adequate.",
        ". Hartlepool was judged to be adequate.",
        ", when overall effectiveness was judged to be adequate.",
        " (judged adequate).",
    ],
)
def test_an_earlier_inspections_grade_in_other_words(tail):
    report = sif(
        AREA,
        "- The previous inspection of the local authority's arrangements for the protection "
        f"of children was in \nJanuary 2013{tail}",
    )
    assert _previous(report) == [("child-protection", "2013-01", "adequate", None)]


def test_the_previous_sif_named_by_its_framework():
    """Darlington 2018 p.4 names its earlier SIF "the previous single inspection of the
    local authority children's services"; named by the framework's full name instead."""
    report = sif(
        AREA,
        "- The previous single inspection framework (SIF) inspection of the local authority "
        "was published in September 2015. The judgements were as follows:\n"
        "- Overall effectiveness - inadequate",
    )
    assert _previous(report) == [("sif", None, "inadequate", "2015-09")]


_CHESHIRE_TEAM = """The inspection team

Lead inspector: Sue Myers

Deputy lead inspector: Peter McEntee

Team inspectors: Shirley Bailey, Paula Thomson-Jones, Cath McEvoy, Russ Henry, Ali

Mekki and Gary Lamb AI

Senior data analyst: Hywel Benbow

Quality assurance manager: Lynn Radley
"""


@pytest.mark.parametrize(
    "printed",
    [
        # Cheshire West and Chester 2015's team (reports/), its labels as other teams print
        # them: "Inspectors:", or each role alone on a line over its names (a table).
        _CHESHIRE_TEAM.replace("Team inspectors:", "Inspectors:"),
        _CHESHIRE_TEAM.replace("Lead inspector: ", "Lead inspector\n").replace(
            "Deputy lead inspector: ", "Deputy lead inspector\n"
        ),
    ],
)
def test_the_team_labelled_otherwise(printed):
    original = sif(_CHESHIRE_TEAM)
    report = sif(printed)
    assert [(m.name, m.role) for m in report.team] == [(m.name, m.role) for m in original.team]
    assert ("Sue Myers", "lead-inspector") in [(m.name, m.role) for m in report.team]
    assert len(report.team) == 10


@pytest.mark.parametrize("pdf", ["doncaster-2018-01-19.pdf", "surrey-2015-08-03.pdf"])
def test_recommendations_headed_for_improvement(pdf):
    """Doncaster 2018 (a SIF re-inspection) and Surrey's 2015 review with each
    "Recommendations" heading printed "Recommendations for improvement": the same items.
    Before, none was read. (Of the 40 SIF and review development reports, the 26 that head
    a list "Recommendations" read the same items so.)"""
    from pathlib import Path

    from ofsted_kg.parse import parse_text
    from ofsted_kg.source.files import read_pdf_pages
    from ofsted_kg.source.text import SourceText

    pages = read_pdf_pages(Path(__file__).parent / "fixtures" / "pdfs" / pdf)
    printed = parse_text(SourceText.from_pages(pages), pdf)
    headed = [
        p.replace("\nRecommendations\n", "\nRecommendations for improvement\n") for p in pages
    ]
    assert headed != pages and printed.recommendations
    again = parse_text(SourceText.from_pages(headed), pdf)
    assert [(r.addressee, r.text) for r in again.recommendations] == [
        (r.addressee, r.text) for r in printed.recommendations
    ]


def test_an_lscb_review_titled_an_inspection_of_the_boards_effectiveness():
    """Hull's 2014 review (not among the development reports) is titled "Inspection of the
    effectiveness of the local safeguarding children board", and a copy of its text lost
    the dash of its dates ("18 November 10 December 2014"). Surrey's 2015 review printed
    so: the same facts. Before, refused as no report ("no known report title")."""
    raw = read_source(FIXTURES / "pdfs" / "surrey-2015-08-03.pdf").raw
    title = "Review of the effectiveness of the Local Safeguarding Children \nBoard"
    assert title in raw and "15 June 2015 \u2013 17 June 2015" in raw
    other = raw.replace(
        title, "Inspection of the effectiveness of the local safeguarding children board"
    ).replace("15 June 2015 \u2013 17 June 2015", "15 June 17 June 2015")
    printed, again = parse_report(raw, "surrey.pdf"), parse_report(other, "surrey.pdf")
    assert again.framework == "lscb-review"
    assert (again.start.value, again.end.value) == (date(2015, 6, 15), date(2015, 6, 17))
    assert [(j.area, j.grade) for j in again.judgements] == [
        ("lscb-effectiveness", "requires-improvement")
    ]
    assert [r.text for r in again.recommendations] == [r.text for r in printed.recommendations]
    assert len(again.recommendations) > 5


# Windsor and Maidenhead 2015 (not among the development reports), its first page and
# the start of its contents as a copy of the text prints them, a number to a line.
_WINDSOR_2015_START = """Windsor and Maidenhead
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the Local Safeguarding Children
Board1
Inspection date: 3 March 2015 \u2013 25 March 2015
Report published: 13 May 2015
The overall judgement is that children\u2019s services require
improvement
The judgements on areas of the service that contribute to overall effectiveness are:
1. Children who need help and protection
Requires
Improvement
2. Children looked after and achieving
permanence
Requires
Improvement
2.1 Adoption performance
Requires
Improvement
2.2 Experiences and progress of care leavers
Requires
Improvement
3. Leadership, management and governance
Requires
Improvement
1
Ofsted produces this report under its power to combine reports in accordance with section 152 of
the Education and Inspections Act 2006.
2
A full description of what the inspection judgements mean can be found at the end of this report.
1
Contents
The local authority
3
Summary of findings
3
What does the local authority need to improve?
4
The local authority\u2019s strengths
5
Progress since the last inspection
6
Summary for children and young people
9
Information about this local authority area
10
Inspection judgements about the local authority
12
"""


def test_a_grade_beside_a_footnotes_mark_is_no_running_header():
    """The last row's "Improvement" stands over the footnote's mark "1", a number alone on
    its line as page numbers are: a line that recurs beside page numbers is a running
    header in a text without page breaks, but a grade never is. Before, the leadership
    grade was left out with the page furniture ("no judgement found")."""
    report = parse_report(_WINDSOR_2015_START, "windsor.txt")
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("overall-effectiveness", "requires-improvement"),
        ("help-and-protection", "requires-improvement"),
        ("looked-after-and-permanence", "requires-improvement"),
        ("adoption-performance", "requires-improvement"),
        ("care-leavers", "requires-improvement"),
        ("leadership-management-governance", "requires-improvement"),
    ]
    assert report.published.value == date(2015, 5, 13)
