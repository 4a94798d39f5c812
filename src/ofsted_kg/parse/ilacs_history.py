"""What an ILACS report says about the past: earlier inspections and posts with tenure.

Earlier inspections are printed in prose, with or without their grade:
"Following the last inspection in 2019, when Trafford was judged to be inadequate",
"the single inspection framework (SIF) inspection in 2015", "At the last full inspection
in 2017, services were ... judged to require improvement", "Since a judgement of
inadequate for overall effectiveness at the last inspection in 2019". A grade is kept only
when it is the overall one: a sentence about one area ("Services for children in care have
deteriorated since the previous inspection in 2015, when they were judged to be good")
gives the mention without a grade.
"""

from __future__ import annotations

import re

from .. import vocab
from ..normalise import SourceText, squash
from ..records import Post, PreviousInspection
from .common import MONTH_RE, find_posts, month_year

_GRADE = r"outstanding|good|requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate"
_TYPE_WORDS = (
    r"last|previous|most\s+recent|full|judgement|Ofsted|local\s+authority|standard|short|"
    r"ILACS|SIF|single\s+inspection\s+framework|\((?:SIF|ILACS)\)"
)
_PREVIOUS_RE = re.compile(
    rf"(?:(?<=\bthe\s)|(?<=\bthe\s\s)|(?<=\bits\s)|(?<=\bits\s\s))(?P<type>(?:(?:{_TYPE_WORDS})\s+)*)inspection"
    r"(?:\s+of\s+[^.,]{0,60}?|\s+carried\s+out\s+by\s+Ofsted)?,?\s+in\s+"
    rf"(?P<when>(?:{MONTH_RE}\s+)?(?:19|20)\d\d)\b(?P<rest>[^.]{{0,160}})",
    re.I,
)
_JUDGED_RE = re.compile(
    rf"\b(?:judged|found|rated|graded)\s+(?:services\s+)?(?:to\s+be\s+|to\s+|as\s+)?"
    rf"(?P<g>{_GRADE})\b|\bjudgement\s+of\s+(?P<j>{_GRADE})\b",
    re.I,
)
# Words that make a sentence about one judgement area rather than the whole service.
_AREA_WORDS_RE = re.compile(
    r"children\s+in\s+care|care\s+leavers|help\s+and\s+protection|impact\s+of\s+leaders"
    r"|looked\s+after|adoption",
    re.I,
)


def _family(year: int, printed: str = "") -> tuple[str, str]:
    """(kind, grade scale) of an earlier full inspection: as printed ("ILACS", "SIF",
    "single inspection framework"), else by its year."""
    if "ilacs" in printed or year >= 2018:
        return "ilacs", "ilacs"
    if "sif" in printed or "single" in printed or year >= 2013:
        return "sif", "sif"
    return "safeguarding-lac-2012", "adequate-scale"


def previous(text: SourceText, start: int, before_year: int) -> list[PreviousInspection]:
    """Earlier inspections printed after clean offset ``start`` (the end of the judgement
    table) with a year before ``before_year``, one per kind and date (a graded mention
    beats an ungraded one).

    ``kind`` is the framework family by date unless printed: 2018 on "ilacs", 2013-2017
    "sif", earlier "safeguarding-lac-2012". The grade is read on that family's scale.
    """
    clean = text.clean
    found: dict[tuple[str, str | None], PreviousInspection] = {}
    for match in _PREVIOUS_RE.finditer(clean, start):
        year = int(match["when"][-4:])
        if year >= before_year:
            continue
        kind, scale = _family(year, match["type"].lower())
        when = month_year(match["when"])
        if (kind, when) in found and found[(kind, when)].grade:
            continue
        sentence = max(
            clean.rfind(".", start, match.start()),
            clean.rfind("\n\n", start, match.start()),
            start - 1,
        )
        begin, end, grade = match.start(), match.end("when"), None
        prefix = clean[sentence + 1 : match.start()]
        judged = _first_judged(match["rest"])
        if judged and not _AREA_WORDS_RE.search(prefix + match["rest"][: judged.start()]):
            end = match.start("rest") + judged.end()
            grade = _grade(judged["g"] or judged["j"], scale)
        elif not judged and not _AREA_WORDS_RE.search(prefix):
            before = list(_JUDGED_RE.finditer(prefix))
            if before:
                begin = sentence + 1 + before[-1].start()
                grade = _grade(before[-1]["g"] or before[-1]["j"], scale)
        if grade or (kind, when) not in found:
            found[(kind, when)] = PreviousInspection(kind, text.span(begin, end), when, grade)
    return list(found.values())


# Visits and joint inspections between full inspections, ungraded: "A focused visit
# undertaken in February 2019", "The last focused visit, in 2022", "the focused visit of
# 2018" (Hackney 2019, Wirral 2024, Newham 2019, ...); "Since the joint targeted inspection
# (JTAI) in 2016", "Following the JTAI in 2016" (Liverpool 2018).
_VISITS = (
    (
        "focused-visit",
        re.compile(
            r"\bfocused\s+visit,?\s+(?:undertaken\s+|carried\s+out\s+)?(?:in|of)\s+"
            rf"(?P<when>(?:{MONTH_RE}\s+)?(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    (
        "jtai",
        re.compile(
            r"(?:\bjoint\s+targeted\s+(?:area\s+)?inspection(?:\s+\(JTAI\))?|\bJTAI)"
            rf",?\s+in\s+(?P<when>(?:{MONTH_RE}\s+)?(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
)
# Islington 2025: "Since the 2020 inspection, ...": an earlier full inspection by its year.
_YEAR_FIRST_RE = re.compile(
    r"\b(?:the|its)\s+(?P<when>(?:19|20)\d\d)\s+(?:(?:ILACS|SIF|full|standard|short)\s+)?"
    r"inspection\b",
    re.I,
)


def visits(text: SourceText, start: int, before_year: int) -> list[PreviousInspection]:
    """Focused visits and joint targeted area inspections printed after clean offset
    ``start`` with a year before ``before_year``, one per kind and date."""
    found: dict[tuple[str, str | None], PreviousInspection] = {}
    for kind, pattern in _VISITS:
        for match in pattern.finditer(text.clean, start):
            when = month_year(match["when"])
            if int(match["when"][-4:]) < before_year and (kind, when) not in found:
                found[(kind, when)] = PreviousInspection(kind, text.match_span(match), when)
    # "the focused visit in 2018" and "a focused visit in December 2018": one visit.
    dated = {(kind, when[:4]) for kind, when in found if when and len(when) == 7}
    return [p for key, p in found.items() if key not in dated]


def inspections_by_year(
    text: SourceText, start: int, before_year: int, known: list[PreviousInspection]
) -> list[PreviousInspection]:
    """Earlier full inspections named by their year ("the 2020 inspection"), ungraded, that
    :func:`previous` did not already find."""
    seen = {(p.kind, (p.when or "")[:4]) for p in known}
    found = []
    for match in _YEAR_FIRST_RE.finditer(text.clean, start):
        year = int(match["when"])
        if year >= before_year:
            continue
        kind, _ = _family(year)
        if (kind, match["when"]) not in seen:
            seen.add((kind, match["when"]))
            found.append(PreviousInspection(kind, text.match_span(match), match["when"]))
    return found


def _first_judged(words: str) -> re.Match[str] | None:
    """The first "judged to be X" in ``words``, else the first "judgement of X"."""
    hits = list(_JUDGED_RE.finditer(words))
    return next((m for m in hits if m["g"]), hits[0] if hits else None)


def _grade(printed: str, scale: str) -> str | None:
    words = re.sub(r"^require\b", "requires", squash(printed).lower())
    slug = vocab.grade_slug(words, scale)
    if slug is None and scale == "ilacs":
        slug = vocab.grade_slug(words + " to be good", scale)
    if slug is None and scale != "ilacs":
        slug = vocab.grade_slug(re.sub(r"\s+to be good$", "", words), scale)
    return slug


# "the appointment of a new director of children's services (DCS), in July 2020",
# "The interim director of children's services, appointed in December 2021",
# "the permanent appointment of the current director of children's services in January 2023",
# "the appointment of the director of children's services (DCS) at the end of 2020".
_DCS_RE = re.compile(
    r"(?:appointment\s+of\s+(?:a\s+|the\s+)?(?:new\s+|current\s+|permanent\s+)?|"
    r"\b(?:The\s+)?(?:new\s+|interim\s+|current\s+)?)"
    r"(?:director\s+of\s+children's\s+services(?:\s+\(DCS\))?|DCS)"
    r",?\s+(?:(?:who\s+was\s+)?appointed\s+)?(?:in|from|since|at\s+the\s+end\s+of)\s+"
    rf"(?P<when>(?:{MONTH_RE}\s+)?(?:19|20)\d\d)\b",
    re.I,
)


def posts(text: SourceText) -> list[Post]:
    """Posts with tenure: :func:`~.common.find_posts`, plus the ILACS wording of a director
    of children's services' appointment when that finds none."""
    found = find_posts(text, 0, len(text.clean))
    if any(p.post == "director-of-childrens-services" for p in found):
        return found
    match = _DCS_RE.search(text.clean)
    if match:
        found.append(
            Post(
                "director-of-childrens-services",
                text.match_span(match),
                since=month_year(match["when"]),
            )
        )
    return found
