"""The children's trust that runs a council's children's services, where the report says so
in its text rather than its title.

Reports whose title names the council print the trust in a sentence: "The local authority
has delegated its statutory children's social care functions to a trust arrangement with
Achieving for Children (AFC)" (Richmond upon Thames 2025), "RBWM delegated their statutory
children's social care functions, under Part 1 of the Children and Young Persons Act 2008,
to Achieving for Children (AfC)" (Windsor and Maidenhead 2020), "where the delivery of
children's services statutory functions have been delegated to Together for Children (TfC)"
(Sunderland 2025), "Children's social care and targeted early help services are delivered
by Northamptonshire Children's Trust (NCT)" (West Northamptonshire 2026), "transferred the
provision of children's social care services to Northamptonshire Children's Trust (NCT)"
(North Northamptonshire 2022), "An independent provider, Doncaster Children's Services
Trust, delivers all services for children in need" (Doncaster 2018). A sentence saying the
arrangement ended ("took the decision to decommission the Doncaster Children's Service
Trust", Doncaster 2025) names none.
"""

from __future__ import annotations

import re

from ofsted_kg.model.records import Span
from ofsted_kg.parse.common import cue, finditer_in, sentences_with
from ofsted_kg.source.text import SourceText, squash

# The words that end a trust's name ("Bradford Children and Families Trust", "Slough
# Children First", "Sandwell Children's Trust").
TRUST_WORDS = (
    r"Children\s+and\s+Families\s+Trust|Children'?s\s+Services\s+Trust|Children'?s\s+Trust"
    r"|Children\s+First(?:\s+Trust)?"
)
# An organisation's name: two to seven capitalised words, "for", "of" or "and" between
# them ("Achieving for Children", "Northamptonshire Children's Trust").
_WORDS = r"[A-Z][\w'-]*(?:\s+(?:(?:for|of|and)\s+)?[A-Z][\w'-]*){1,6}"
_NAME = rf"(?P<trust>{_WORDS})"
_ABBREVIATION = r"(?:\s+\([A-Za-z]{2,6}\))?"
# A name the sentence shows is an organisation's: followed by its abbreviation, or a
# trust's by its words ("Northamptonshire Children's Trust", "Achieving for Children").
_ORGANISATION = (
    rf"(?:the\s+)?(?:{_NAME}\s+\([A-Za-z]{{2,6}}\)"
    rf"|(?P<named>(?:[A-Z][\w'-]*\s+){{0,4}}?(?:{TRUST_WORDS})|(?:Achieving|Together)\s+for\s+"
    rf"Children){_ABBREVIATION})"
)
_SERVICES = r"children'?s\s+(?:social\s+care\s+)?(?:services\s+)?(?:statutory\s+)?"
_TRUST_RES = (
    re.compile(
        rf"\bdelegated\s+(?:its|their)\s+(?:statutory\s+)?{_SERVICES}(?:functions|services)"
        rf"(?:,[^.,]{{0,100}},)?(?:\s+and\s+transferred\s+the\s+provision\s+of\s+{_SERVICES}"
        rf"services)?\s+to\s+(?:a\s+trust\s+arrangement\s+with\s+)?{_NAME}{_ABBREVIATION}"
    ),
    re.compile(
        rf"\bthe\s+delivery\s+of\s+{_SERVICES}(?:functions|services)\s+(?:has|have)\s+been\s+"
        rf"delegated\s+to\s+{_NAME}{_ABBREVIATION}"
    ),
    # "has delegated the delivery of children's social care to ...".
    re.compile(
        rf"\bdelegated\s+the\s+delivery\s+of\s+{_SERVICES}(?:functions|services)?\s*to\s+"
        rf"{_ORGANISATION}"
    ),
    # "services are delivered by X (ABC)", "which are delivered by the X Trust", "services
    # have been delivered on the council's behalf by X".
    re.compile(
        r"\bservices,?\s+(?:which\s+)?(?:are|have\s+been|were)\s+(?:delivered|provided|run)\s+"
        rf"(?:on\s+(?:the\s+council's|its|their)\s+behalf\s+)?by\s+{_ORGANISATION}"
    ),
    re.compile(rf"\bAn\s+independent\s+provider,\s+{_NAME},\s+delivers\s+all\s+services\b"),
)
_TRUST_CUE = cue("delegated", "delivered", "provided", "run", "independent")
# "Northamptonshire Children's Trust (NCT) delivers children's social care services": read
# only in the sentences with its verb (its name, tried at every capital, costs the rest).
_ACTIVE_RE = re.compile(rf"{_ORGANISATION}\s+(?:delivers|provides|runs)\s+(?:all\s+)?{_SERVICES}")
_ACTIVE_CUE = cue("delivers", "provides", "runs")
# A sentence about an arrangement that ended.
_ENDED_RE = re.compile(r"\b(?:decommission|returned|brought\s+back|ended)", re.I)


def delivering_trust(text: SourceText) -> tuple[str, Span] | None:
    """The trust a sentence of the report says runs the council's children's services,
    and where it is named; None if no sentence says so."""
    runs = sentences_with(text.clean, _TRUST_CUE)
    found = [m for pattern in _TRUST_RES for m in finditer_in(pattern, text.clean, runs)]
    found += finditer_in(_ACTIVE_RE, text.clean, sentences_with(text.clean, _ACTIVE_CUE))
    for match in sorted(found, key=lambda m: m.start()):
        sentence_start = text.clean.rfind(".", 0, match.start()) + 1
        group = "trust" if match["trust"] else "named"  # by its abbreviation, or its words
        if _ENDED_RE.search(text.clean, sentence_start, match.start(group)):
            continue
        return squash(match[group]), text.match_span(match)
    return None
