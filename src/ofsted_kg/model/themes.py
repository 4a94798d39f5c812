"""Practice themes of recommendations: the concept scheme ``concept:theme``.

What inspectors keep asking for, in the words improvement teams use. The scheme was built by
reading the 1,139 recommendations and improvement points of the development corpus (108
report PDFs and five texts, 2012-2026, every framework); each theme has a definition
(``skos:definition``), keywords (``skos:altLabel``: the words a reader would search for) and,
where one matches, the outcome, enabler or principle of the Children's Social Care National
Framework (``skos:closeMatch`` for the same idea, ``skos:relatedMatch`` for an overlapping one).

No RDF here: ``tools/make_schemes.py`` writes the scheme into ``ontology/schemes.ttl``; IRIs
are minted in :mod:`ofsted_kg.model.namespaces`; the classifier that links recommendations
to themes is :mod:`ofsted_kg.themes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ofsted_kg.model.vocab import Term


@dataclass(frozen=True)
class Theme:
    """One practice theme: slug, label, definition, keywords and national framework links."""

    slug: str
    label: str
    definition: str
    keywords: tuple[str, ...] = ()
    close: tuple[str, ...] = ()  # national framework items meaning the same (skos:closeMatch)
    related: tuple[str, ...] = ()  # overlapping national framework items (skos:relatedMatch)


THEME_SCHEME_LABEL = "Practice themes of recommendations and improvement points"

THEMES: dict[str, Theme] = {
    t.slug: t
    for t in (
        Theme(
            "management-oversight",
            "Management oversight and supervision",
            "How managers oversee children's cases and support social workers: regular, "
            "reflective supervision; recorded management decisions and their rationale; "
            "frontline managers' challenge of drift and delay.",
            ("management oversight", "supervision", "managerial oversight", "decision-making"),
            related=("enabler-2", "enabler-3"),
        ),
        Theme(
            "assessment-and-planning",
            "Quality of assessments and plans",
            "The quality, analysis and timeliness of social work assessments and of children's "
            "plans (child in need, child protection and care plans): specific, measurable "
            "actions and timescales, contingency plans, reviews that track progress.",
            ("assessment", "assessments", "plans", "care plans", "planning", "contingency plan"),
            related=("outcome-1", "outcome-3"),
        ),
        Theme(
            "child-protection",
            "Child protection enquiries, strategy discussions and conferences",
            "The multi-agency child protection process: strategy discussions and meetings, "
            "section 47 enquiries, child protection conferences, core groups and repeat or "
            "long-running child protection plans; the response to children at risk of harm.",
            (
                "child protection",
                "strategy discussion",
                "strategy meeting",
                "section 47",
                "core group",
                "significant harm",
            ),
            close=("outcome-3",),
        ),
        Theme(
            "care-leavers",
            "Care leavers: pathway plans, support and accommodation",
            "Services for young people leaving care and care leavers: pathway plans, personal "
            "advisers, keeping in touch, entitlements and the local offer, education, "
            "employment and training, staying put, suitable accommodation, support after 21.",
            (
                "care leavers",
                "care leaver",
                "pathway plan",
                "pathway plans",
                "personal adviser",
                "leaving care",
                "local offer",
                "staying put",
            ),
            related=("outcome-4",),
        ),
        Theme(
            "exploitation-and-missing",
            "Exploitation and missing children",
            "Children at risk of sexual or criminal exploitation and children who go missing "
            "from home, care or education: return home interviews, risk assessment and "
            "safety plans, profiles of exploitation, extra-familial harm.",
            (
                "exploitation",
                "sexual exploitation",
                "missing",
                "return home interviews",
                "extra-familial harm",
                "CSE",
                "running away",
            ),
            close=("outcome-3",),
        ),
        Theme(
            "pre-proceedings",
            "Pre-proceedings and the Public Law Outline",
            "Legal planning for children who may need to come into care: the pre-proceedings "
            "stage of the Public Law Outline (PLO), timely care proceedings, letters before "
            "proceedings and the tracking of cases in proceedings.",
            ("pre-proceedings", "Public Law Outline", "PLO", "care proceedings"),
            related=("outcome-2",),
        ),
        Theme(
            "permanence",
            "Permanence, adoption and kinship care",
            "Securing permanent homes for children without delay: permanence planning, "
            "adoption and adoption support, special guardianship, foster to adopt, "
            "connected persons (family and friends) carers, children placed with parents.",
            (
                "permanence",
                "adoption",
                "special guardianship",
                "connected persons",
                "kinship",
                "placed with parents",
            ),
            related=("outcome-2", "outcome-4", "principle-4"),
        ),
        Theme(
            "placement-sufficiency",
            "Placement sufficiency and stability",
            "Enough suitable homes for children in care, close to home: the sufficiency "
            "strategy and commissioning, recruiting and supporting foster carers, placement "
            "choice, matching and stability, unregistered or unregulated placements.",
            (
                "sufficiency",
                "placement",
                "placements",
                "foster carers",
                "placement stability",
                "unregistered",
            ),
            close=("outcome-4",),
        ),
        Theme(
            "health",
            "Health assessments and emotional health",
            "The health of children in care and care leavers: timely initial and review health "
            "assessments, dental checks, health histories and passports, emotional and mental "
            "health support (CAMHS, strengths and difficulties questionnaires).",
            (
                "health assessment",
                "health assessments",
                "health",
                "mental health",
                "CAMHS",
                "health histories",
            ),
            related=("outcome-4",),
        ),
        Theme(
            "education",
            "Education of children in care",
            "The education of children in care and care leavers: personal education plans "
            "(PEPs), the virtual school, attainment and progress, attendance and exclusions, "
            "pupil premium, education, employment and training.",
            ("education", "personal education plans", "PEP", "virtual school", "attainment"),
            related=("outcome-4",),
        ),
        Theme(
            "disabled-children",
            "Disabled children",
            "Social work with disabled children and their families: assessments that consider "
            "the impact of disability, the disabled children's team, safeguarding disabled "
            "children, transitions to adult services.",
            ("disabled children", "disability", "disabilities"),
            related=("outcome-1",),
        ),
        Theme(
            "workforce",
            "Workforce stability, caseloads and training",
            "A stable, skilled and sufficient workforce: manageable caseloads, recruitment and "
            "retention, fewer changes of social worker, capacity of teams, induction, "
            "training and professional development.",
            (
                "workforce",
                "caseloads",
                "caseload",
                "workloads",
                "recruitment",
                "training",
                "changes of social worker",
                "turnover",
                "staffing",
            ),
            close=("enabler-3",),
        ),
        Theme(
            "corporate-parenting",
            "Corporate parenting",
            "The council as corporate parent of children in care and care leavers: the "
            "corporate parenting board or panel, elected members' scrutiny of outcomes for "
            "children in care, the pledge and the children in care council.",
            ("corporate parenting", "corporate parent", "pledge", "elected members"),
            related=("outcome-4", "enabler-2"),
        ),
        Theme(
            "private-fostering",
            "Private fostering",
            "Children in privately arranged fostering: raising awareness, notifications, "
            "timely assessments of carers, visits and safeguarding checks.",
            ("private fostering", "privately fostered"),
            related=("outcome-3",),
        ),
        Theme(
            "early-help-and-front-door",
            "Early help, thresholds and the front door",
            "Help when needs first emerge and the response to contacts and referrals: early "
            "help services and assessments, thresholds of need, the multi-agency safeguarding "
            "hub (MASH) and front door, out-of-hours services, stepping cases up and down, "
            "edge of care support.",
            (
                "early help",
                "thresholds",
                "threshold",
                "front door",
                "MASH",
                "referrals",
                "contacts",
                "step down",
                "out of hours",
            ),
            close=("outcome-1",),
        ),
        Theme(
            "homeless-16-17",
            "Homeless 16- and 17-year-olds",
            "The response to 16- and 17-year-olds who present as homeless: joint housing "
            "protocols, assessments, their rights and entitlements (section 20), emergency "
            "accommodation.",
            ("homeless", "homelessness", "16- and 17-year-olds"),
            related=("outcome-3", "outcome-4"),
        ),
        Theme(
            "quality-assurance",
            "Quality assurance, audit and performance information",
            "How leaders know the quality of practice: case file audits and their learning, "
            "the quality assurance framework, accurate performance data and its analysis, "
            "self-evaluation, multi-agency audits.",
            (
                "quality assurance",
                "audit",
                "audits",
                "performance information",
                "performance data",
                "data",
            ),
            related=("enabler-2",),
        ),
        Theme(
            "childrens-voice",
            "Children's voice and participation",
            "Hearing children and acting on what they say: their wishes and feelings in "
            "assessments and plans, seeing children alone, advocacy and independent visitors, "
            "participation in reviews and in shaping services, complaints.",
            (
                "voice of the child",
                "views",
                "wishes and feelings",
                "participation",
                "advocacy",
                "independent visitors",
                "complaints",
            ),
            close=("principle-2",),
        ),
        Theme(
            "life-story-work",
            "Life-story work",
            "Helping children in care and adopted children understand their history: "
            "life-story work and books, later-life letters, direct work about their identity "
            "and origins.",
            ("life-story work", "life story", "later-life letters"),
            related=("outcome-4",),
        ),
        Theme(
            "partnership-working",
            "Partnership working and multi-agency arrangements",
            "How agencies work together for children: the police, health and schools taking "
            "part in strategy meetings, information sharing, MARAC and joint protocols, "
            "strategic partnerships (Health and Wellbeing Board, Family Justice Board).",
            (
                "partnership",
                "partners",
                "multi-agency",
                "information sharing",
                "police",
                "partner agencies",
            ),
            close=("enabler-1",),
        ),
        Theme(
            "neglect",
            "Neglect",
            "Recognising and responding to neglect: the cumulative impact of long-term or "
            "chronic neglect, tools for assessing it, timely action when it persists.",
            ("neglect", "neglectful"),
            related=("outcome-1", "outcome-3"),
        ),
        Theme(
            "domestic-abuse",
            "Domestic abuse",
            "Children living with domestic abuse and parental risks: notifications from the "
            "police, MARAC, services for children who witness domestic abuse, the 'toxic "
            "trio' of domestic abuse, substance misuse and parental mental ill-health.",
            ("domestic abuse", "domestic violence", "MARAC"),
            related=("outcome-3",),
        ),
        Theme(
            "independent-reviewing",
            "Independent reviewing officers and child protection chairs",
            "Independent scrutiny of children's plans: independent reviewing officers (IROs) "
            "and child protection conference chairs, their capacity, caseloads, challenge and "
            "escalation, timely reviews of children in care.",
            (
                "independent reviewing officer",
                "IRO",
                "IROs",
                "child protection chairs",
                "conference chairs",
            ),
            related=("enabler-3",),
        ),
        Theme(
            "leadership-and-governance",
            "Leadership, governance and strategic planning",
            "Senior leaders and the council's governance of children's services: strategic and "
            "improvement plans, commissioning, the pace of improvement, elected members' and "
            "chief executives' accountability, corporate responsibility.",
            (
                "leadership",
                "leaders",
                "senior leaders",
                "governance",
                "strategy",
                "improvement plan",
                "commissioning",
            ),
            close=("enabler-2",),
        ),
        Theme(
            "safeguarding-board",
            "The safeguarding board's effectiveness",
            "The Local Safeguarding Children Board or safeguarding partnership itself: its "
            "business plan and priorities, annual report, sub-groups, monitoring and "
            "challenge of partner agencies, resources, evaluation of multi-agency training.",
            ("LSCB", "safeguarding board", "the board", "annual report", "business plan"),
            related=("enabler-1",),
        ),
        Theme(
            "allegations-lado",
            "Allegations against professionals (LADO)",
            "Managing allegations against people who work with children: the local authority "
            "designated officer (LADO), timely investigations, recording and awareness of "
            "the role.",
            ("LADO", "designated officer", "allegations"),
            related=("outcome-3",),
        ),
        Theme(
            "diversity-and-identity",
            "Equality, diversity and identity",
            "Children's identity and the diversity of their needs: ethnicity, culture, faith, "
            "language and other protected characteristics considered in assessments, plans "
            "and services; diverse communities.",
            ("diversity", "equality", "identity", "culture", "cultural", "ethnicity"),
            related=("principle-1",),
        ),
        Theme(
            "case-recording",
            "Case recording and recording systems",
            "Records that tell the child's story: the quality, timeliness and accuracy of case "
            "recording, chronologies, and electronic case management systems fit for purpose.",
            ("recording", "case records", "chronologies", "electronic recording system"),
        ),
        Theme(
            "learning-from-reviews",
            "Learning from serious case reviews and child deaths",
            "Learning when things go wrong: serious case reviews and local learning reviews, "
            "their action plans and dissemination, the child death overview panel.",
            (
                "serious case review",
                "serious case reviews",
                "SCR",
                "child death",
                "learning reviews",
            ),
        ),
    )
}

# How a recommendation was linked to a theme (``concept:theme-method``).
THEME_METHODS: dict[str, Term] = {
    t.slug: t
    for t in (
        Term(
            "rule",
            "Phrase rule",
            comment="A phrase rule of the theme matched the recommendation's text (the phrase "
            "is recorded); written by reading the development corpus, so a reader can check it.",
        ),
        Term(
            "model",
            "Embedding model",
            comment="No rule matched, but the recommendation's text is close in meaning to the "
            "theme's definition and keywords (cosine similarity of WordLlama embeddings at or "
            "above the threshold; the similarity is recorded as the score).",
        ),
    )
}
