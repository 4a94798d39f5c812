"""Inspectors' names: one rule (``common.is_person_name``) for every parser and the SHACL
shape, and the SIF team lists as real reports print them.

Names and team lists are verbatim from the development reports named beside them.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from conftest import ROOT, read_report
from ofsted_kg.parse import parse_report
from ofsted_kg.parse.common import (
    NAME_PATTERN,
    NOT_NAME_PATTERN,
    clean_person_name,
    is_person_name,
)
from ofsted_kg.validate.validator import validate_graph

# Real names of every shape, as the development reports print them.
REAL_NAMES = [
    "Brenda McLaughlin",  # Enfield 2015
    "Brenda Mclaughlin",  # Norfolk 2015, Wokingham 2016
    "Karen McKeown",  # Portsmouth 2014
    "Dominic Porter-Moore",  # Enfield 2015
    "Dominic Porter Moore",  # Swindon 2014
    "Marianick Ellender-Gele",  # Cambridgeshire 2014
    "Sandra Jacobs-Walls",  # Havering 2016
    "Teresa Lavelle-Hill",  # Devon 2015
    "Debora Barazetti-Scott",  # Swindon 2014
    "Dick O'Brien",  # Lancashire 2015
    "Lolly Rascagneres",  # Telford 2016
    "Ty Yousaf",  # Rochdale 2014
    "Máire Atherton",  # the accented spelling of Windsor and Maidenhead 2020's lead
    "Nicholas McMullen",
    # Shapes the development set does not print but real names have.
    "Anna D'Inverno",
    "Siobhán O'Neill",
    "Ana de Souza",
    "Pieter van der Berg",
    "J Smith",
    "Mary Ann Smith",
    "Anna De La Cruz",
    "Rhys ap Gwilym",
]
NOT_NAMES = [
    "Brenda",  # a first name alone
    "acting",
    "Interim",
    "HMI",
    "Jane Smith HMI",
    "Senior HMI",
    "Dr Kenneth Jones",  # a title (clean_person_name drops it first)
    "n/a",
    "N/A",
    "J",
    "Pauline Turner S",  # a name cut after a marker's first letter ("SHMI")
    "Jane Smith and John Doe",
    "Jane Smith John Doe",  # two people from a table, run together
    "Deputy Director Social Care Inspection",  # Kensington and Chelsea 2016's QA line
    "Additional Inspector",
    "Margaret Burke Designated",
    "smith jones",
]


@pytest.mark.parametrize("name", REAL_NAMES)
def test_real_names_are_person_names(name):
    assert is_person_name(name)


@pytest.mark.parametrize("name", NOT_NAMES)
def test_markers_titles_and_merged_names_are_not(name):
    assert not is_person_name(name)


@pytest.mark.parametrize(
    ("printed", "name", "additional"),
    [
        ("Paula Thomson- Jones", "Paula Thomson-Jones", False),  # Lancashire 2015
        ("Karen Wareing (HMI)", "Karen Wareing", False),  # Rutland 2017
        ("Simon Rushall SHMI", "Simon Rushall", False),  # Plymouth 2015
        ("Dean Jennings (Additional Inspector)", "Dean Jennings", True),  # Trafford 2015
        ("Fiona Millns (OI)", "Fiona Millns", True),  # Darlington 2018
        ("Kath Townsley (Ofsted Inspector)", "Kath Townsley", True),
        ("Joi Oiwa", "Joi Oiwa", False),  # "oi" inside a name is no marker
        ("Ms J. Smith", "J Smith", False),
        ("Dick O\u2019Brien", "Dick O'Brien", False),
    ],
)
def test_clean_person_name(printed, name, additional):
    assert clean_person_name(printed) == (name, additional)


def _shape_text() -> str:
    return (ROOT / "shapes" / "ofsted-shapes.ttl").read_text(encoding="utf-8")


def test_the_shape_uses_the_parsers_patterns():
    shapes = Graph().parse(data=_shape_text(), format="turtle")
    patterns = {str(o) for o in shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#pattern"))}
    assert NAME_PATTERN in patterns
    assert f'"{NOT_NAME_PATTERN}", "i"' in _shape_text()


INSPECTOR_MESSAGES = (
    "An inspector needs exactly one full name (given name and surname, capitalised; "
    "not two people).",
    "An inspector's name holds a title, role or marker (Dr, acting, HMI, n/a), not only "
    "the person's name.",
)


def _inspector_violations(names: list[str], validator: str) -> set[str]:
    graph = Graph()
    ofs = "https://w3id.org/ofsted-kg/ontology#"
    for index, name in enumerate(names):
        person = URIRef(f"https://w3id.org/ofsted-kg/id/person/p{index}")
        graph.add((person, RDF.type, URIRef(f"{ofs}Inspector")))
        graph.add((person, URIRef("https://schema.org/name"), Literal(name)))
    result = validate_graph(graph, validator=validator)
    return {
        str(graph.value(URIRef(v.focus), URIRef("https://schema.org/name")))
        for v in result.violations
        if v.message in INSPECTOR_MESSAGES
    }


@pytest.mark.parametrize("validator", ["sparql", "pyshacl"])
def test_the_shape_accepts_real_names_and_refuses_markers(validator):
    assert _inspector_violations(REAL_NAMES, validator) == set()
    assert _inspector_violations(NOT_NAMES, validator) == set(NOT_NAMES)


# --- SIF team lists ----------------------------------------------------------------------

BOLTON_TEAM = (
    "The inspection team\n\nLead inspector: Robert Hackeson\n\nTeam inspectors: Neil Penswick, "
    "Fiona Parker, Linda Steele, Sarah Urding, Shirley Bailey, Margaret Farrow.\n"
)


def _team_of(block: str):
    text = read_report("bolton-2014-sif.txt")
    assert BOLTON_TEAM in text
    report = parse_report(text.replace(BOLTON_TEAM, block), "bolton-variant.txt")
    return report, [(m.name, m.role, m.additional_inspector) for m in report.team]


def test_team_heading_printed_twice_and_entries_without_commas():
    """Darlington 2018 p.19: the heading twice; entries separated only by their markers."""
    report, team = _team_of(
        "The inspection team\nThe inspection team\n"
        "Lead inspector: Graham Reiter, HMI\n"
        "Deputy lead inspector: Nigel Parkes, HMI\n"
        "Team inspectors: Pauline Higham (HMI), Karen Wareing (HMI) Fiona Millns (OI) \n"
        "Fiona Insley (OI) Claire Brown (HMI), Matthew Reed (HMI)\n"
        "Senior data analyst: Peter McLaughlin\n"
        "Quality assurance manager: Sarah Urding, Senior Her Majesty's Inspector (SHMI)\n"
    )
    assert team == [
        ("Graham Reiter", "lead-inspector", False),
        ("Nigel Parkes", "deputy-lead-inspector", False),
        ("Pauline Higham", "team-inspector", False),
        ("Karen Wareing", "team-inspector", False),
        ("Fiona Millns", "team-inspector", True),
        ("Fiona Insley", "team-inspector", True),
        ("Claire Brown", "team-inspector", False),
        ("Matthew Reed", "team-inspector", False),
        ("Peter McLaughlin", "senior-data-analyst", False),
        ("Sarah Urding", "quality-assurance-manager", False),
    ]


def test_team_size_sentence_under_the_heading():
    """Surrey 2015 p.37: "The inspection team consisted of ..." between heading and list."""
    _, team = _team_of(
        "The inspection team\n"
        "The inspection team consisted of 11 of Her Majesty's Inspectors (HMI) from Ofsted.\n"
        "Lead inspector: Mary Candlin\n"
        "Deputy lead inspector: Brenda McLaughlin\n"
        "Team inspectors: Louise Hocking, Tina Shepherd, Michael Ferguson, Jon Bowman, \n"
        "Karen Wareing, Susan Myers, Dominic Stevens, Pietro Battista, Karen McKeown\n"
        "Quality assurance manager: Nick McMullen\n"
    )
    assert team[:2] == [
        ("Mary Candlin", "lead-inspector", False),
        ("Brenda McLaughlin", "deputy-lead-inspector", False),
    ]
    assert len(team) == 12
    assert team[-2:] == [
        ("Karen McKeown", "team-inspector", False),
        ("Nick McMullen", "quality-assurance-manager", False),
    ]


HACKNEY_2016_TEAM = (
    "The inspection team\n"
    "Lead inspector: Jansy Kelly\n"
    "Deputy lead inspector: Donna Marriott\n"
    "Team inspectors: Anji Parker, Anne Waterman, Linda Steele, Derrick Baughan, Louise \n"
    "Hocking, Tara Geere, Natalie Trentham, Christy Wannop\n"
    "Senior data analyst: Judith Swindell\n"
    "Quality assurance manager: Sean Tarpey\n"
)


@pytest.mark.parametrize(
    ("size", "warned"),
    [
        # Hackney 2016 p.43, as printed: 9 HMI and 1 SCRI, 10 inspectors listed.
        ("The inspection team consisted of nine of Her Majesty's Inspectors (HMI) and one \n"
         "Social Care Regulatory Inspector (SCRI) from Ofsted.", False),
        # The wordings of Enfield 2015, Plymouth 2015 and Swindon 2014 with Hackney's counts.
        ("The inspection team consisted of eight of Her Majesty's Inspectors (HMI) from "
         "Ofsted, and two additional inspectors.", False),
        ("The inspection team consisted of nine of Her Majesty's Inspectors (HMI) and a "
         "contracted inspector from Ofsted.", False),
        ("The inspection team consisted of nine of Her Majesty's Inspectors (HMI) from Ofsted "
         "and one additional contracted inspector.", False),
        # A count the list does not hold is still a warning.
        ("The inspection team consisted of nine of Her Majesty's Inspectors (HMI) from "
         "Ofsted.", True),
    ],
)  # fmt: skip
def test_team_size_counts_the_inspectors_printed_after_the_hmi(size, warned):
    bolton = "The inspection team consisted of seven of Her Majesty's Inspectors (HMI) from Ofsted."
    text = read_report("bolton-2014-sif.txt")
    assert bolton in text
    text = text.replace(bolton, size).replace(BOLTON_TEAM, HACKNEY_2016_TEAM)
    report = parse_report(text, "bolton-variant.txt")
    team = [(m.name, m.role, m.additional_inspector) for m in report.team]
    assert sum(role.endswith("inspector") for _, role, _ in team) == 10
    warnings = [w for w in report.warnings if "but the team lists" in w]
    assert bool(warnings) is warned


def test_a_list_line_opening_with_the_end_of_a_marker_carries_on():
    """Rutland 2017 p.32: "Pauline Higham HMI \\ndesignate), Russ Henry (HMI), ..."."""
    _, team = _team_of(
        "The inspection team\n"
        "Lead inspector: Karen Wareing (HMI)\n"
        "Deputy lead inspector: Nigel Parkes HMI\n"
        "Team inspectors: Susan Myers (HMI), Lisa Summers (HMI), Pauline Higham HMI \n"
        "designate), Russ Henry (HMI), Rosemary Chapman, John Mitchell (Senior HMI)\n"
        "Senior data analyst: Neil Powling\n"
        "Quality assurance managers: Sarah Urding (Senior HMI), Nick McMullen (Senior HMI)\n"
    )
    names = [name for name, _, _ in team]
    assert names == [
        "Karen Wareing",
        "Nigel Parkes",
        "Susan Myers",
        "Lisa Summers",
        "Pauline Higham",
        "Russ Henry",
        "Rosemary Chapman",
        "John Mitchell",
        "Neil Powling",
        "Sarah Urding",
        "Nick McMullen",
    ]


def test_markers_after_names_are_not_names():
    """Plymouth 2015, Wokingham 2016, Worcestershire 2017, Kensington and Chelsea 2016,
    Stoke-on-Trent 2015 and Wigan 2017 print these markers and job titles after names."""
    report, team = _team_of(
        "The inspection team\n"
        "Lead inspector: Linda Steele HMI\n"
        "Deputy lead inspectors: Emmy Tomsett HMI, Helen Cawston Senior HMI\n"
        "Team inspectors: Peter McEntee HMI, Emmy Tomsett HMI, Paula Thomson-Jones\n"
        "HMI, Martin Parry HMI, Wendy Radcliffe HMI, Dominic Porter-Moore (Contracted \n"
        "Inspector), Ty Yousaf, Associate\nInspector\n"
        "Shadow inspectors: Margaret Burke Designated HMI\n"
        "Additional inspector: Nick Veysey\n"
        "Senior data analyst: Stewart Hartshorne\n"
        "Quality assurance manager: Paul Armitage HMI Deputy Director Social Care\n"
        "Inspection\n"
    )
    assert ("Dominic Porter-Moore", "team-inspector", True) in team  # contracted: not HMI
    assert ("Ty Yousaf", "team-inspector", True) in team
    assert ("Margaret Burke", "shadow-inspector", False) in team
    assert ("Nick Veysey", "team-inspector", True) in team
    assert ("Paul Armitage", "quality-assurance-manager", False) in team
    assert ("Wendy Radcliffe", "team-inspector", False) in team
    assert all(is_person_name(name) for name, _, _ in team)
    assert (
        "team entry 'Deputy Director Social Care Inspection' (Quality assurance manager) "
        "is not a full name: skipped"
    ) in report.warnings


def test_no_lead_inspector_is_a_warning_not_a_refusal():
    from ofsted_kg.model.expectations import gaps

    report, team = _team_of("The inspection team\nTeam inspectors: Neil Penswick, Fiona Parker\n")
    assert [name for name, _, _ in team] == ["Neil Penswick", "Fiona Parker"]
    assert "no lead inspector named in 'The inspection team'" in report.warnings
    assert "no lead inspector" in gaps(report)


def test_team_list_over_a_page_break():
    """A team list broken by a page, its heading printed again on the next page (Darlington
    2018 prints it twice); the names go on after the break."""
    _, team = _team_of(
        "The inspection team\n"
        "Lead inspector: Graham Reiter, HMI\n"
        "Deputy lead inspector: Nigel Parkes, HMI\n"
        "Team inspectors: Pauline Higham (HMI), Karen Wareing (HMI),\n\f"
        "The inspection team\n"
        "Fiona Millns (OI), Fiona Insley (OI)\n"
        "Senior data analyst: Peter McLaughlin\n"
    )
    assert [name for name, _, _ in team] == [
        "Graham Reiter",
        "Nigel Parkes",
        "Pauline Higham",
        "Karen Wareing",
        "Fiona Millns",
        "Fiona Insley",
        "Peter McLaughlin",
    ]


def test_team_table_without_colons():
    """The team as a two-column table reads (role, then names, no colon); names from
    Derby 2017's team."""
    _, team = _team_of(
        "The inspection team\n"
        "Lead inspector Karen Wareing\n"
        "Deputy lead inspector - Julie Knight\n"
        "Team inspectors Carolyn Spray, Stella Elliott\n"
        "Russ Henry\n"
        "Quality assurance manager Nick McMullen\n"
    )
    assert team == [
        ("Karen Wareing", "lead-inspector", False),
        ("Julie Knight", "deputy-lead-inspector", False),
        ("Carolyn Spray", "team-inspector", False),
        ("Stella Elliott", "team-inspector", False),
        ("Russ Henry", "team-inspector", False),
        ("Nick McMullen", "quality-assurance-manager", False),
    ]
