"""Phrase rules: for each theme, the phrases that put a recommendation in it.

Written by reading the 1,139 recommendations of the development corpus. A rule is a regular
expression over the text in lower case with curly quotes and dashes made plain; ``unless``
(optional) is checked on the words around the match (:data:`WINDOW` characters either side)
and vetoes it, e.g. "training" in "education, employment and training" is not workforce
training. A recommendation addressed to the LSCB is about the board's work by definition.
The matched words are recorded with each link, so a reader can see why it was made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # the standard library's pattern parser, to find the literal cues of a rule
    from re import _parser  # type: ignore[attr-defined]  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10 and older
    import sre_parse as _parser  # type: ignore[no-redef]

WINDOW = 40  # characters either side of a match that ``unless`` reads


@dataclass(frozen=True)
class Rule:
    """A phrase (regular expression), an optional veto read around the match, and the
    literal words one of which every match starts with (``cues``: empty when unknown)."""

    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None = None
    cues: tuple[str, ...] = ()

    def find(self, text: str) -> str | None:
        """The first match the veto does not cancel, or None."""
        for match in self.pattern.finditer(text):
            around = text[max(0, match.start() - WINDOW) : match.end() + WINDOW]
            if self.unless is None or not self.unless.search(around):
                return match.group(0)
        return None


def _prefixes(items) -> set[str]:
    """The literal texts that every match of a parsed pattern starts with, one or more
    (``""`` among them when some branch starts with something else: a class, a repeat,
    an optional). The parser factors a prefix the branches share out of them ("life
    story|later life" is "l" then a branch): it is joined back on."""
    literal, at, branch, subpattern = (_parser.LITERAL, _parser.AT, _parser.BRANCH,
                                       _parser.SUBPATTERN)  # fmt: skip
    text = ""
    for op, arg in items:
        if op is at:
            continue  # \b and the like match no characters
        if op is literal:
            text += chr(arg)
            continue
        if op is branch or op is subpattern:
            alternatives = arg[1] if op is branch else [arg[3]]
            return {text + rest for one in alternatives for rest in _prefixes(list(one))}
        break
    return {text}


def _cues(pattern: str) -> tuple[str, ...]:
    """Literal cues of a rule (see :class:`Rule`), read from the parsed pattern: none
    when some match could start with fewer than two known letters."""
    found = _prefixes(list(_parser.parse(pattern)))
    if any(len(cue) < 2 for cue in found):
        return ()
    # A cue holding a shorter one is found only where that one is: the shorter suffices.
    return tuple(sorted(c for c in found if not any(c != o and c.startswith(o) for o in found)))


def _rule(pattern: str, unless: str | None = None) -> Rule:
    return Rule(re.compile(pattern), re.compile(unless) if unless else None, _cues(pattern))


_NOT_SOCIAL_WORK_ASSESSMENT = (
    r"health assess|early help assess|carers?'? assess|assessments? of (the )?(carers|foster|"
    r"prospective|adopter|connected|temporarily)|adopters|section 11|risk assess|training needs|"
    r"needs assessment and commissioning|pathway assess|special guardianship assess|"
    r"connected persons?'? assess|friends and family assess|viability"
)

RULES: dict[str, tuple[Rule, ...]] = {
    "management-oversight": (
        _rule(r"management oversight|managerial oversight|managers'? oversight|manager oversight"),
        _rule(r"oversight (and|of|by)[a-z ,]{0,40}(frontline|first[ -]line|team|senior) managers"),
        _rule(r"\bsupervis(ion|ed)\b", r"supervised contact|supervised and supported"),
        _rule(r"(frontline|first[ -]line|team) managers"),
        _rule(r"management (decisions|decision[ -]making|grip|direction)|managers'? decisions"),
        _rule(r"oversight and grip|grip (across|on)|case oversight"),
        _rule(r"managers? (clearly )?record their decisions|managers (regularly )?review"),
    ),
    "assessment-and-planning": (
        _rule(r"\bassessments?\b", _NOT_SOCIAL_WORK_ASSESSMENT),
        _rule(
            r"(child in need|children in need|\bcin\b|child protection|care|children's|child's|"
            r"written|their|a) (and [a-z ]{1,30})?plans?\b"
        ),
        _rule(
            r"(quality|timeliness|consistency|effectiveness|impact|clarity) of (the )?"
            r"(children's |child in need |child protection |care )?(plans|planning)\b"
        ),
        _rule(r"care planning|planning for (all )?children|contingency (plans?|planning|arrang)"),
        _rule(r"\bplans (are|that|so that|contain|have|should|include|clearly|focus)"),
        _rule(r"specific,? (and )?measurable|measurable (outcomes|actions)|outcome[ -]focused"),
        _rule(r"child in need (plans|reviews|planning|meetings)|plans and planning"),
    ),
    "child-protection": (
        _rule(r"child protection", r"child protection (training|medicals?)"),
        _rule(r"strategy (discussions?|meetings?)|section 47|\bs47\b|core groups?"),
        _rule(r"significant harm|risk of harm|immediate risk|protection enquiries"),
    ),
    "care-leavers": (
        _rule(r"care[ -]leavers?|leaving care|left care|throughcare|next steps service|16\+"),
        _rule(r"pathway (plans?|planning|assessments?)|personal advis[eo]rs?\b|\bpas\b"),
        _rule(r"staying put|local offer|care[ -]experienced|post[ -]21|\b(over|aged) 21\b"),
        _rule(r"transition to (independence|adulthood)|independence skills|live independently"),
        _rule(r"preparing for their transition|preparation for adulthood"),
    ),
    "exploitation-and-missing": (
        _rule(r"exploit|\bcse\b|\bmase\b|traffick|\bgangs?\b|extra[ -]familial|county lines"),
        _rule(r"\bmissing\b|\brun(ning)? away\b|\brunaways?\b"),
        _rule(r"return (home )?(interviews?|visits?)|return[ -]home interviews?"),
    ),
    "pre-proceedings": (
        _rule(r"pre[ -]proceedings|public law outline|\bplo\b|care proceedings"),
        _rule(r"legal (processes|process|planning|framework|advice|status|gateway|protection)"),
        _rule(r"\bproceedings\b|\bcourt\b|section 20\b|\bs20\b", r"homeless"),
    ),
    "permanence": (
        _rule(r"permanen"),
        _rule(r"adopt", r"unaccompanied|adopted children's|adopters? ?'? records"),
        _rule(r"special guardianship|\bsgos?\b|kinship|connected (person|carer)"),
        _rule(r"family and friends|friends and family|friends or family"),
        _rule(r"placed (at home )?with (their )?parents|placed with parents|revocation"),
        _rule(r"long[ -]term foster|matched with carers"),
    ),
    "placement-sufficiency": (
        _rule(r"sufficien(cy|t)[a-z ]{0,30}(placements?|homes|accommodation|foster|carers)"),
        _rule(
            r"sufficiency strategy|placement (choice|stability|sufficiency|moves|matching|"
            r"options|needs|breakdown)|stability of (short[ -]term )?placements"
        ),
        _rule(
            r"foster carers?|fostering (service|panel|support)|emergency foster",
            r"former foster carers|stay(ing)? put",
        ),
        _rule(r"unregistered|unregulated|unlawful|children's homes|houses of multiple"),
        _rule(
            r"out of (the )?(area|borough|county)|at a distance|outside (of )?the "
            r"(local authority|authority's)|local placements?|placements? (within|in) the "
            r"borough|emergency (placements|accommodation)|placement choice"
        ),
        _rule(
            r"stability of care|stable (homes|placements)|suitable (local )?homes|"
            r"accommodation (available )?for (care leavers|young people)|choice of accommodation"
        ),
    ),
    "health": (
        _rule(
            r"health (assessments?|needs|histor|passports?|checks?|outcomes|records|"
            r"information|concerns|services|team|status|files|care)",
            r"health and well[ -]?being board",
        ),
        _rule(
            r"\bcamhs?\b|mental health|emotional (health|well[ -]?being|support)|therapeutic",
            r"parent|adult mental health services are involved",
        ),
        _rule(r"dental|dentist|dentistry|immunisation|strengths? and difficult|medical assess"),
    ),
    "education": (
        _rule(r"personal education plan|\bpeps?\b|virtual (school|head|college)|pupil premium"),
        _rule(
            r"attainment|educational (progress|outcomes|achievement|goals)|education outcomes|"
            r"key stages?|\bgcse|exclusions|school age|attendance at school"
        ),
        _rule(
            r"education, employment|employment, education|education or employment|"
            r"(employment|education),? (or|and) training|\beet\b|\bneet\b|apprenticeship|"
            r"university|higher education|post[ -]16 (learning|options)"
        ),
    ),
    "disabled-children": (
        _rule(r"disab(led|ility|ilities)"),
        _rule(r"from children's to adult services"),
    ),
    "workforce": (
        _rule(r"caseloads?|case loads?|workloads?|workforce|retention|turnover|staffing"),
        _rule(
            r"changes? of (social workers?|personal advis)|stab(le|ility)[a-z' ]{0,24}"
            r"(staff|social workers?|workforce)|consistency of social worker"
        ),
        _rule(
            r"(social work|managerial|staffing|team) capacity|sufficient (experienced )?"
            r"(social workers|staff)|agency staff|permanent staff|newly qualified|\basye\b"
        ),
        _rule(
            r"\btraining\b|induction|professional development|principal social worker",
            r"(employment|education),? (and|or) training|education, training|independence "
            r"training|foster carers|engaging in|in education",
        ),
        _rule(r"skills and (development|experience)|skilled|knowledge and confidence"),
    ),
    "corporate-parenting": (
        _rule(r"corporate parent|elected members|lead member|scrutiny committee|councillors"),
        _rule(r"\bpledge\b|children in care council|celebrat"),
    ),
    "private-fostering": (_rule(r"private(ly)?[ -]foster"),),
    "early-help-and-front-door": (
        _rule(r"early help|\bcaf\b|common assessment framework|team around the (child|family)"),
        _rule(r"thresholds?|level(s)? of need|needs and response framework|lead professional"),
        _rule(r"front door|\bmash\b|multi-agency safeguarding hub|starting point|single point"),
        _rule(
            r"referrals?|contacts (and|to|from|made)|progression of contacts|"
            r"quality of contacts|screening decisions"
        ),
        _rule(
            r"step(ped|ping)?[ -](up|down)|edge of care|out[ -]of[ -]hours|emergency duty|"
            r"\bedt\b|\beds\b|at night and at weekends|close (a |the )?cases?"
        ),
    ),
    "homeless-16-17": (_rule(r"homeless"),),
    "quality-assurance": (
        _rule(r"quality[ -]assur|audit"),
        _rule(
            r"performance (management|information|data|monitoring|reporting|reports)|"
            r"management information|performance of"
        ),
        _rule(r"\bdata\b|data[ -]?set|self[ -]evaluation|trackers?|tracking"),
        _rule(
            r"(analysis|analyse|analysed|understanding) (of )?(trends|patterns)|"
            r"trends and patterns|patterns and trends"
        ),
    ),
    "childrens-voice": (
        _rule(r"voices?\b", r"partners have their voice"),
        _rule(
            r"(children's|child's|young people's|their) (views|wishes|experiences and views)|"
            r"wishes and feelings|feelings and wishes|views (and wishes|of children|of young "
            r"people|of the child)|children's and families' views|views are"
        ),
        _rule(r"participat", r"participate in (education|the forum)"),
        _rule(
            r"advoca|independent visitors?|seen alone|young inspectors|children in care "
            r"council|complaints|influence (the |service|wider)|involve(ment)? (of )?"
            r"(children|young people)|feedback (from|provided by) children"
        ),
    ),
    "life-story-work": (
        _rule(r"life[ -]stor(y|ies)|later[ -]life letters?"),
        _rule(
            r"understand (their|what has happened in their) (life |care )?(history|lives)|"
            r"history and origins"
        ),
    ),
    "partnership-working": (
        _rule(
            r"partner agencies|(all|relevant|other|key) (relevant )?agencies|"
            r"partnership (working|arrangements|work)|multi[ -]agency (working|work|response|"
            r"arrangements|practice|decision|support|reviews|child protection)"
        ),
        _rule(
            r"(with|and|by) (its |their )?partners\b|partners (understand|fully|engage|to)|"
            r"(engage|engagement of|involve) [a-z ]{0,20}partner"
        ),
        _rule(
            r"\bpolice\b|health (professionals|partners|colleagues|commissioners)|"
            r"information[ -]sharing|share information|\bmarac\b|\bmappa\b|"
            r"health and well[ -]?being board|family justice (board|council)|"
            r"clinical commissioning|adult (mental health )?services|think family|schools"
        ),
    ),
    "neglect": (_rule(r"neglect"),),
    "domestic-abuse": (
        _rule(r"domestic (abuse|violence)|\bmarac\b|toxic trio"),
        _rule(r"parental (mental|substance)|substance misuse|drugs? (or|and) alcohol"),
    ),
    "independent-reviewing": (
        _rule(r"independent reviewing|\biros?\b|\bicros?\b|reviewing officers?|iro's"),
        _rule(r"(child protection|conference) chairs?|dispute resolution"),
        _rule(
            r"looked after (children )?(statutory )?reviews|reviews (undertaken )?within "
            r"statutory timescales|independent review(ing)? service"
        ),
    ),
    "leadership-and-governance": (
        _rule(
            r"leaders(hip)?\b|senior (managers|management|officers)|chief executive|"
            r"director of children|\bdcs\b|elected members|corporate responsibility"
        ),
        _rule(
            r"governance|strategic (plan|priorit|vision|management|planning|arrangements|"
            r"oversight and grip)|improvement (plan|board|work)|service (and action )?plans|"
            r"commissioning|pace of|practice framework|framework to support",
            r"\b(lscb|board's|scb|sscb|bscb|hscb|kscb|mscb|twscb|the board)\b",
        ),
    ),
    "safeguarding-board": (
        _rule(
            r"\blscbs?\b|\b[a-z]{1,4}scb\b|safeguarding (children )?(board|partnership)|"
            r"safeguarding children's partnership|the board's|annual report|business plan"
        ),
    ),
    "allegations-lado": (_rule(r"\blado\b|designated officer|allegations"),),
    "diversity-and-identity": (
        _rule(
            r"divers|equalit|ethnic|cultur|identity|faith|religio|\brace\b|asylum|heritage|"
            r"honour[ -]based|protected characteristics|gender"
        ),
        _rule(r"\blanguage\b", r"straightforward language|accessible language|clear and"),
    ),
    "case-recording": (
        _rule(
            r"case record|recording|records\b|chronolog|electronic|case management system|"
            r"case files?\b|minutes|documented|database"
        ),
        _rule(
            r"(clearly|well|fully|accurately|appropriately|properly) recorded|recorded "
            r"(fully|clearly|in a timely)"
        ),
    ),
    "learning-from-reviews": (
        _rule(r"serious case reviews?|\bscrs?\b|case reviews|learning reviews?|lessons learn"),
        _rule(
            r"child deaths?|death overview|\bcdop\b|rapid response|critical incident|"
            r"learning and improvement framework|management reviews"
        ),
    ),
}

# Addressees whose every recommendation is about a theme: the LSCB's are about the board.
ADDRESSEE_THEMES = {"lscb": ("safeguarding-board", "addressed to the LSCB")}

_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-", "\u2011": "-"})


def normalise(text: str) -> str:
    """Lower case, plain quotes and dashes, one space between words."""
    return " ".join(text.translate(_PLAIN).lower().split())


def _trie(words: list[str]) -> str:
    """A pattern matching any of ``words``, the longest where several start at one place,
    written as a tree of their letters: the engine tries a handful of letters at each
    place, not every word."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> str:
        options = [re.escape(char) + branches(node[char]) for char in sorted(node) if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        return f"(?:{body})?" if "" in node else body

    return branches(tree)


_ORDERED = [(theme, rule) for theme, rules in RULES.items() for rule in rules]
_CUES = sorted({cue for _, rule in _ORDERED for cue in rule.cues})
# Every place a cue starts (a lookahead: cues overlap), the longest cue there.
_CUE_SCAN = re.compile("(?=(" + _trie(_CUES) + "))")
# The rules a cue found lets run: those with a cue it starts with (all found with it).
_RULES_CUED = {
    cue: frozenset(
        index
        for index, (_, rule) in enumerate(_ORDERED)
        if any(cue.startswith(own) for own in rule.cues)
    )
    for cue in _CUES
}


def rule_matches(text: str, addressee: str | None = None) -> dict[str, str]:
    """``{theme slug: the words that matched}`` for every theme a rule puts ``text`` in.
    A rule with cues runs only if one of them is in the text: one scan finds them all
    (a substring test per cue took half the time)."""
    plain = normalise(text)
    cued: set[int] = set()
    for match in _CUE_SCAN.finditer(plain):
        cued |= _RULES_CUED[match[1]]
    found: dict[str, str] = {}
    for index, (theme, rule) in enumerate(_ORDERED):
        if theme in found or (rule.cues and index not in cued):
            continue
        words = rule.find(plain)
        if words is not None:
            found[theme] = words
    if addressee in ADDRESSEE_THEMES:
        theme, reason = ADDRESSEE_THEMES[addressee]
        found.setdefault(theme, reason)
    return found
