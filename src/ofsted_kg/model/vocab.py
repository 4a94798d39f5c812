"""The controlled vocabularies: every slug a parser may emit, with its printed label.

This module is the one list of frameworks, service areas, grades, roles, addressees,
timescales, posts and key-figure measures. The ontology's concept schemes
(``ontology/schemes.ttl``) are generated from it by ``tools/make_schemes.py`` and a test
fails when the two disagree. No RDF here: IRIs are minted in :mod:`ofsted_kg.model.namespaces`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One concept: its slug, preferred label, optional broader slug and rank."""

    slug: str
    label: str
    broader: str | None = None
    rank: int | None = None
    comment: str = ""


# --- frameworks -------------------------------------------------------------------------

FRAMEWORKS: dict[str, Term] = {
    t.slug: t
    for t in (
        Term(
            "safeguarding-lac-2012",
            "Inspection of safeguarding and looked after children services (2009-2012)",
            comment="Joint inspection of safeguarding and of services for looked after children.",
        ),
        Term(
            "child-protection-2012",
            "Inspection of local authority arrangements for the protection of children (2012-2013)",
            comment="Unannounced inspection of the arrangements to help and protect children, "
            "from June 2012 until the single inspection framework.",
        ),
        Term(
            "lac-2013",
            "Inspection of looked after children services (2013)",
            comment="Short-lived 2013 framework for services for looked after children.",
        ),
        Term(
            "sif",
            "Single inspection framework (2013-2017)",
            comment="Inspection of services for children in need of help and protection, "
            "children looked after and care leavers.",
        ),
        Term(
            "sif-reinspection",
            "Re-inspection under the single inspection framework (2017-2018)",
            comment="Re-inspection of services for children in need of help and protection, "
            "children looked after and care leavers, without an LSCB review.",
        ),
        Term(
            "lscb-review",
            "Review of the Local Safeguarding Children Board (2013-2018)",
            comment="Review of the effectiveness of the LSCB, usually combined with a SIF report.",
        ),
        Term(
            "ilacs-standard",
            "Inspection of local authority children's services: standard inspection (2018-)",
        ),
        Term(
            "ilacs-short",
            "Inspection of local authority children's services: short inspection (2018-)",
        ),
        Term(
            "ilacs-2026",
            "Inspection of local authority children's services: April 2026 framework",
            comment="ILACS as changed on 27 April 2026: the four area judgements, and no "
            "overall effectiveness judgement by design.",
        ),
    )
}

# Frameworks that give no overall effectiveness judgement by design (not a gap).
NO_OVERALL_JUDGEMENT = frozenset({"lscb-review", "ilacs-2026"})
# The first day of the April 2026 framework: later ILACS reports have no overall row.
ILACS_2026_FROM = "2026-04-27"

# Which grade scale each framework uses.
FRAMEWORK_SCALE: dict[str, str] = {
    "safeguarding-lac-2012": "adequate-scale",
    "child-protection-2012": "adequate-scale",
    "lac-2013": "adequate-scale",
    "sif": "sif",
    "sif-reinspection": "sif",
    "lscb-review": "sif",
    "ilacs-standard": "ilacs",
    "ilacs-short": "ilacs",
    "ilacs-2026": "ilacs",
}

# Which area scheme each framework's judgements use.
FRAMEWORK_AREAS: dict[str, str] = {
    "safeguarding-lac-2012": "safeguarding-lac-2012",
    "child-protection-2012": "child-protection-2012",
    "lac-2013": "lac-2013",
    "sif": "sif",
    "sif-reinspection": "sif",
    "lscb-review": "lscb-review",
    "ilacs-standard": "ilacs",
    "ilacs-short": "ilacs",
    "ilacs-2026": "ilacs",
}

# --- grades -----------------------------------------------------------------------------

GRADE_SCALES: dict[str, dict[str, Term]] = {
    "adequate-scale": {
        t.slug: t
        for t in (
            Term("outstanding", "Outstanding", rank=1),
            Term("good", "Good", rank=2),
            Term("adequate", "Adequate", rank=3),
            Term("inadequate", "Inadequate", rank=4),
        )
    },
    "sif": {
        t.slug: t
        for t in (
            Term("outstanding", "Outstanding", rank=1),
            Term("good", "Good", rank=2),
            Term("requires-improvement", "Requires improvement", rank=3),
            Term("inadequate", "Inadequate", rank=4),
        )
    },
    "ilacs": {
        t.slug: t
        for t in (
            Term("outstanding", "Outstanding", rank=1),
            Term("good", "Good", rank=2),
            Term("requires-improvement-to-be-good", "Requires improvement to be good", rank=3),
            Term("inadequate", "Inadequate", rank=4),
        )
    },
}

GRADE_SCALE_LABELS = {
    "adequate-scale": "Four-point scale with 'Adequate' (2009-2013)",
    "sif": "Single inspection framework grades (2013-2017)",
    "ilacs": "ILACS grades (2018-)",
}


def grade_slug(printed: str, scale: str) -> str | None:
    """The grade slug on ``scale`` for a printed grade ("Requires improvement"), or None."""
    wanted = " ".join(printed.lower().replace("-", " ").split())
    for term in GRADE_SCALES[scale].values():
        if term.label.lower() == wanted:
            return term.slug
    return None


# --- service areas ----------------------------------------------------------------------


def _scheme(*terms: Term) -> dict[str, Term]:
    return {t.slug: t for t in terms}


AREA_SCHEMES: dict[str, dict[str, Term]] = {
    "safeguarding-lac-2012": _scheme(
        Term("safeguarding-services", "Safeguarding services"),
        Term(
            "safeguarding-overall-effectiveness",
            "Safeguarding: overall effectiveness",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-capacity-for-improvement",
            "Safeguarding: capacity for improvement",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-outcomes",
            "Safeguarding outcomes for children and young people",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-safe-and-feel-safe",
            "Children and young people are safe and feel safe",
            "safeguarding-outcomes",
        ),
        Term(
            "safeguarding-quality-of-provision",
            "Safeguarding: quality of provision",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-health-contribution",
            "The contribution of health agencies to keeping children and young people safe",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-ambition-and-prioritisation",
            "Safeguarding: ambition and prioritisation",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-leadership-and-management",
            "Safeguarding: leadership and management",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-performance-management",
            "Safeguarding: performance management and quality assurance",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-partnership-working",
            "Safeguarding: partnership working",
            "safeguarding-services",
        ),
        Term(
            "safeguarding-equality-and-diversity",
            "Safeguarding: equality and diversity",
            "safeguarding-services",
        ),
        Term("lac-services", "Services for looked after children"),
        Term(
            "lac-overall-effectiveness",
            "Looked after children: overall effectiveness",
            "lac-services",
        ),
        Term(
            "lac-capacity-for-improvement",
            "Looked after children: capacity for improvement",
            "lac-services",
        ),
        Term("lac-outcomes", "Outcomes for looked after children and care leavers", "lac-services"),
        Term("lac-being-healthy", "Being healthy", "lac-outcomes"),
        Term("lac-staying-safe", "Staying safe", "lac-outcomes"),
        Term("lac-enjoying-and-achieving", "Enjoying and achieving", "lac-outcomes"),
        Term(
            "lac-positive-contribution",
            "Making a positive contribution, including user engagement",
            "lac-outcomes",
        ),
        Term("lac-economic-wellbeing", "Economic well-being", "lac-outcomes"),
        Term(
            "lac-quality-of-provision",
            "Looked after children: quality of provision",
            "lac-services",
        ),
        Term(
            "lac-ambition-and-prioritisation",
            "Looked after children: ambition and prioritisation",
            "lac-services",
        ),
        Term(
            "lac-leadership-and-management",
            "Looked after children: leadership and management",
            "lac-services",
        ),
        Term(
            "lac-performance-management",
            "Looked after children: performance management and quality assurance",
            "lac-services",
        ),
        Term(
            "lac-equality-and-diversity",
            "Looked after children: equality and diversity",
            "lac-services",
        ),
    ),
    "child-protection-2012": _scheme(
        Term("overall-effectiveness", "Overall effectiveness"),
        Term(
            "help-and-protection",
            "The effectiveness of the help and protection provided to children, young people, "
            "families and carers",
        ),
        Term("quality-of-practice", "The quality of practice"),
        Term("leadership-and-governance", "Leadership and governance"),
    ),
    "lac-2013": _scheme(
        Term(
            "overall-effectiveness",
            "Overall effectiveness of services for looked after children and young people",
        ),
        Term("capacity-to-improve", "Capacity to improve"),
        Term("outcomes", "Outcomes for looked after children and young people"),
        Term("quality-of-provision", "Quality of provision"),
        Term("leadership-and-management", "Leadership and management"),
    ),
    "sif": _scheme(
        Term("overall-effectiveness", "Overall effectiveness"),
        Term("help-and-protection", "Children who need help and protection"),
        Term("looked-after-and-permanence", "Children looked after and achieving permanence"),
        Term("adoption-performance", "Adoption performance", "looked-after-and-permanence"),
        Term(
            "care-leavers",
            "Experiences and progress of care leavers",
            "looked-after-and-permanence",
        ),
        Term("leadership-management-governance", "Leadership, management and governance"),
    ),
    "lscb-review": _scheme(
        Term("lscb-effectiveness", "The effectiveness of the Local Safeguarding Children Board"),
    ),
    "ilacs": _scheme(
        Term("overall-effectiveness", "Overall effectiveness"),
        Term(
            "leaders-impact",
            "The impact of leaders on social work practice with children and families",
        ),
        Term(
            "help-and-protection",
            "The experiences and progress of children who need help and protection",
        ),
        Term(
            "children-in-care-and-care-leavers",
            "The experiences and progress of children in care and care leavers",
        ),
        Term(
            "children-in-care",
            "The experiences and progress of children in care",
            comment="Judged apart from care leavers from 2024.",
        ),
        Term(
            "care-leavers",
            "The experiences and progress of care leavers",
            comment="Judged apart from children in care from 2024.",
        ),
    ),
}

AREA_SCHEME_LABELS = {
    "safeguarding-lac-2012": "Judgement areas of the 2009-2012 safeguarding and LAC inspections",
    "child-protection-2012": "Judgement areas of the 2012-2013 child protection inspections",
    "lac-2013": "Judgement areas of the 2013 looked after children inspections",
    "sif": "Judgement areas of the single inspection framework",
    "lscb-review": "Judgement areas of the LSCB review",
    "ilacs": "Judgement areas of ILACS",
}

# Areas that are the same thing across frameworks (skos:closeMatch).
AREA_CLOSE_MATCHES: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("sif", "overall-effectiveness"), ("ilacs", "overall-effectiveness")),
    (("sif", "help-and-protection"), ("ilacs", "help-and-protection")),
    (("sif", "looked-after-and-permanence"), ("ilacs", "children-in-care-and-care-leavers")),
    (("sif", "care-leavers"), ("ilacs", "care-leavers")),
    (("sif", "leadership-management-governance"), ("ilacs", "leaders-impact")),
    (("lac-2013", "overall-effectiveness"), ("safeguarding-lac-2012", "lac-overall-effectiveness")),
    (
        ("lac-2013", "capacity-to-improve"),
        ("safeguarding-lac-2012", "lac-capacity-for-improvement"),
    ),
    (("lac-2013", "outcomes"), ("safeguarding-lac-2012", "lac-outcomes")),
    (("lac-2013", "quality-of-provision"), ("safeguarding-lac-2012", "lac-quality-of-provision")),
    (
        ("lac-2013", "leadership-and-management"),
        ("safeguarding-lac-2012", "lac-leadership-and-management"),
    ),
)

# Areas compared across frameworks ("comparable areas", concept:area/common/...): each
# framework's area says how the council did on these. ILACS graded children in care and
# care leavers in one row until 2023: that row speaks for both.
COMMON_AREAS: dict[str, Term] = {
    t.slug: t
    for t in (
        Term("overall-effectiveness", "Overall effectiveness"),
        Term("leadership", "Leadership and its impact on practice"),
        Term("help-and-protection", "Children who need help and protection"),
        Term("children-in-care", "Children in care (looked after)"),
        Term("care-leavers", "Care leavers"),
        Term("adoption", "Adoption performance"),
        Term("lscb", "The Local Safeguarding Children Board"),
    )
}
COMMON_AREA_OF: dict[tuple[str, str], tuple[str, ...]] = {
    ("sif", "overall-effectiveness"): ("overall-effectiveness",),
    ("child-protection-2012", "overall-effectiveness"): ("overall-effectiveness",),
    ("child-protection-2012", "help-and-protection"): ("help-and-protection",),
    ("child-protection-2012", "leadership-and-governance"): ("leadership",),
    ("sif", "leadership-management-governance"): ("leadership",),
    ("sif", "help-and-protection"): ("help-and-protection",),
    ("sif", "looked-after-and-permanence"): ("children-in-care",),
    ("sif", "care-leavers"): ("care-leavers",),
    ("sif", "adoption-performance"): ("adoption",),
    ("lscb-review", "lscb-effectiveness"): ("lscb",),
    ("ilacs", "overall-effectiveness"): ("overall-effectiveness",),
    ("ilacs", "leaders-impact"): ("leadership",),
    ("ilacs", "help-and-protection"): ("help-and-protection",),
    ("ilacs", "children-in-care-and-care-leavers"): ("children-in-care", "care-leavers"),
    ("ilacs", "children-in-care"): ("children-in-care",),
    ("ilacs", "care-leavers"): ("care-leavers",),
}

# --- people -----------------------------------------------------------------------------

ROLES: dict[str, Term] = {
    t.slug: t
    for t in (
        Term(
            "lead-inspector",
            "Lead inspector",
            comment="Leads the inspection; 'reporting inspector' in 2009-2012 reports.",
        ),
        Term("deputy-lead-inspector", "Deputy lead inspector"),
        Term("team-inspector", "Team inspector"),
        Term("shadow-inspector", "Shadow inspector"),
        Term("senior-data-analyst", "Senior data analyst"),
        Term("quality-assurance-manager", "Quality assurance manager"),
    )
}

# --- recommendations --------------------------------------------------------------------

ADDRESSEES: dict[str, Term] = {
    t.slug: t
    for t in (
        Term("local-authority", "The local authority"),
        Term("local-authority-and-partners", "The local authority and its partners"),
        Term("lscb", "The Local Safeguarding Children Board"),
    )
}

TIMESCALES: dict[str, Term] = {
    t.slug: t
    for t in (
        Term("immediately", "Immediately"),
        Term("within-three-months", "Within three months"),
        Term("within-six-months", "Within six months"),
    )
}

# --- posts and key figures --------------------------------------------------------------

POSTS: dict[str, Term] = {
    t.slug: t
    for t in (
        Term("director-of-childrens-services", "Director of Children's Services"),
        Term("lscb-chair", "Chair of the Local Safeguarding Children Board"),
        Term("chief-executive", "Chief executive"),
    )
}

MEASURES: dict[str, Term] = {
    t.slug: t
    for t in (
        Term("children-under-18", "Children and young people under the age of 18"),
        Term("children-0-19", "Children and young people aged 0-19"),
        Term("children-in-need", "Children in need of a specialist children's service"),
        Term("child-protection-plans", "Children who are the subject of a child protection plan"),
        Term("children-looked-after", "Children looked after by the local authority"),
        Term("private-fostering", "Children in privately arranged fostering placements"),
        Term("free-school-meals-primary", "Pupils eligible for free school meals: primary (%)"),
        Term("free-school-meals-secondary", "Pupils eligible for free school meals: secondary (%)"),
        Term("minority-ethnic-children", "Children from minority ethnic groups (%)"),
        Term("minority-ethnic-primary", "Pupils from minority ethnic groups: primary (%)"),
        Term("minority-ethnic-secondary", "Pupils from minority ethnic groups: secondary (%)"),
        Term("eal-primary", "Pupils with English as an additional language: primary (%)"),
        Term("eal-secondary", "Pupils with English as an additional language: secondary (%)"),
        Term("adoptions", "Children adopted in the year"),
        Term("care-leavers", "Care leavers (young people with care leaver status)"),
        Term(
            "children-share-of-population",
            "Children and young people as a share of the area's population (%)",
        ),
        Term("children-in-poverty", "Children living in poverty or in low-income families (%)"),
        Term(
            "looked-after-outside-area", "Children looked after living outside the authority's area"
        ),
        Term(
            "looked-after-in-childrens-homes",
            "Children looked after living in residential children's homes",
        ),
        Term(
            "looked-after-in-special-schools",
            "Children looked after living in residential special schools",
        ),
        Term(
            "looked-after-with-foster-families", "Children looked after living with foster families"
        ),
        Term("looked-after-with-parents", "Children looked after living with their parents"),
        Term(
            "unaccompanied-asylum-seeking-children",
            "Children looked after who are unaccompanied asylum-seeking children",
        ),
        Term(
            "special-guardianship-orders",
            "Children who became the subject of a special guardianship order in the year",
        ),
        Term("ceased-looked-after", "Children who ceased to be looked after in the year"),
        Term(
            "moved-to-independent-living",
            "Young people who left care for independent living in the year",
        ),
        Term(
            "living-in-multiple-occupation",
            "Young people who ceased to be looked after and live in houses in multiple occupation",
        ),
        Term(
            "serious-incident-notifications",
            "Serious incident notifications submitted to Ofsted (in the period the report states)",
        ),
    )
}


# --- the Children's Social Care National Framework (DfE, December 2023) ------------------
# Reports from 2025 tag each improvement point with the outcome, enabler or principle it
# serves: "(Outcome 2, national framework)", "(enabler: leaders drive conditions for
# effective practice, National Framework)". Labels are the framework's own words.

NATIONAL_FRAMEWORK: dict[str, Term] = {
    t.slug: t
    for t in (
        Term(
            "outcome-1",
            "Outcome 1: children, young people and families stay together and get the help "
            "they need",
        ),
        Term(
            "outcome-2",
            "Outcome 2: children and young people are supported by their family network",
        ),
        Term(
            "outcome-3",
            "Outcome 3: children and young people are safe in and outside of their homes",
        ),
        Term("outcome-4", "Outcome 4: children in care and care leavers have stable, loving homes"),
        Term("enabler-1", "Enabler 1: multi-agency working is prioritised and effective"),
        Term("enabler-2", "Enabler 2: leaders drive conditions for effective practice"),
        Term("enabler-3", "Enabler 3: the workforce is equipped and effective"),
        Term("principle-1", "Principle 1: children's welfare is paramount"),
        Term(
            "principle-2",
            "Principle 2: children's wishes and feelings are sought, heard and responded to",
        ),
        Term(
            "principle-3",
            "Principle 3: children's social care works in partnership with whole families",
        ),
        Term(
            "principle-4",
            "Principle 4: children are raised by their families, with their family networks or "
            "in family environments wherever possible",
        ),
        Term("principle-5", "Principle 5 (national framework)"),
        Term("principle-6", "Principle 6 (national framework)"),
    )
}


# --- the build record --------------------------------------------------------------------

BUILD_STATUSES: dict[str, Term] = {
    t.slug: t
    for t in (
        Term("read", "Read", comment="Read and parsed; its facts are in the graph."),
        Term(
            "refused",
            "Refused",
            comment="Not read: unreadable, or an inspection report whose council or dates "
            "could not be found.",
        ),
        Term(
            "quarantined",
            "Quarantined",
            comment="Read, but its facts broke the shapes (or contradict another file about "
            "the same inspection), so they were left out of the graph.",
        ),
        Term(
            "skipped",
            "Skipped",
            comment="Not an inspection report (a monitoring visit letter, a file of another "
            "type): not read on purpose.",
        ),
        Term(
            "duplicate",
            "Duplicate",
            comment="The same inspection as another file with the same judgements; the "
            "other file was used.",
        ),
    )
}
