"""What an ILACS report says about the past: earlier inspections and posts with tenure.

Earlier inspections are printed in prose, with or without their grade:
"Following the last inspection in 2019, when Trafford was judged to be inadequate",
"the single inspection framework (SIF) inspection in 2015", "Halton was inspected in March
2020 and was judged to be requires improvement to be good", "since the last inspection in
2022, when overall effectiveness was inadequate", "Services ... require improvement to be
good, as was the case at the last inspection in May 2018". A grade is kept only when it is
the overall one: a sentence about one area ("Services for children in care have
deteriorated since the previous inspection in 2015, when they were judged to be good")
gives the mention without a grade. Visits are printed as "Two focused visits, in April 2019
and August 2021", "In July 2021, a focused visit noted ...", "the 2018 focused visit".

One inspection printed with and without its month ("the last inspection, in March 2020",
"the inspection in 2020") is recorded once, dated. An inspection of a predecessor council
("Children's services in the predecessor local authority, Northamptonshire County Council,
were judged inadequate in 2019"; "unitary authorities came into being on 1 April 2021") is
not this council's and is left out.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ofsted_kg.model import vocab
from ofsted_kg.model.records import Post, PreviousInspection
from ofsted_kg.parse.common import (
    MONTH_RE,
    MONTH_YEAR_RE,
    cue,
    finditer_in,
    first_in,
    month_number,
    month_year,
    sentences_with,
)
from ofsted_kg.source.text import SourceText, squash

_YEAR = r"(?:19|20)\d\d"
# "in May 2023", "in 2023", "in spring 2023".
_WHEN = rf"(?:(?:{MONTH_RE}|spring|summer|autumn|winter)\s+)?{_YEAR}"
_GRADE = r"outstanding|good|requir(?:es?|ing)\s+improvement(?:\s+to\s+be\s+good)?|inadequate"
_TYPE_WORDS = (
    r"last|previous|most\s+recent|full|judgement|Ofsted|local\s+authority|standard|short|"
    r"ILACS|SIF|single\s+inspection\s+framework|single|\((?:SIF|ILACS)\)"
)
# "the last inspection in 2019", "the last ILACS in 2022", "the last inspection of services
# for children in need of help and protection, children looked after and care leavers in 2016".
# After "the", "its", "their" or a possessive ("the local authority's", "Ofsted's",
# "Brent's last inspection in 2023").
_PREVIOUS_RE = re.compile(
    r"(?:(?<=\bthe\s)|(?<=\bthe\s\s)|(?<=\bits\s)|(?<=\bits\s\s)|(?<=\btheir\s)|(?<='s\s))"
    rf"(?P<type>(?:(?:{_TYPE_WORDS})\s+)*(?:inspection|ILACS\b(?!\s+framework)|SIF\b))"
    r"(?P<of>\s+of\s+(?:services\s+for\s+children\s+in\s+need[^.]{0,120}?|[^.,]{0,60}?)"
    r"|\s+carried\s+out\s+by\s+Ofsted|\s+(?:was|took\s+place)"
    # "the last inspection, carried out in 2016", "..., which took place in 2016"
    r"|,?\s+(?:which\s+|that\s+)?(?:was\s+)?(?:carried\s+out|undertaken|conducted|took\s+place))?"
    r",?\s+in\s+"
    rf"(?P<when>{_WHEN})\b(?P<rest>[^.]{{0,160}})",
    re.I,
)
# "Halton was inspected in March 2020 and was judged ...", "were also inspected in ...".
# "Ofsted last inspected the local authority in 2019".
_INSPECTED_RE = re.compile(
    r"\b(?:(?:was|were|been)\s+(?:(?:last|also|previously|most\s+recently)\s+)?inspected"
    # "Ofsted last inspected the council in", "when Ofsted last inspected in 2016"
    r"|Ofsted\s+(?:last\s+|previously\s+)?inspected(?:\s+(?:the\s+)?[^.,]{0,40}?)?)\s+"
    # "inspected under the single inspection framework in 2016"
    r"(?:by\s+Ofsted\s+)?(?:under\s+the\s+[^.,]{3,60}?\s+)?"
    rf"in\s+(?P<when>{_WHEN})\b(?P<rest>[^.]{{0,160}})",
    re.I,
)
# Islington 2025: "Since the 2020 inspection, ...": an earlier full inspection by its year.
_YEAR_FIRST_RE = re.compile(
    rf"\b(?:the|its)\s+(?P<when>{_YEAR})\s+(?P<type>(?:(?:{_TYPE_WORDS})\s+)*)inspection\b"
    r"(?P<rest>[^.]{0,160})",
    re.I,
)
# "In 2019, Ofsted judged children's services in Luton to be inadequate."
_OFSTED_JUDGED_RE = re.compile(
    rf"\bIn\s+(?P<when>{_WHEN}),?\s+Ofsted\s+(?:judged|found|rated)\s+[^.]{{0,80}}?\s+"
    rf"(?:to\s+be\s+|as\s+)?'?(?P<g>{_GRADE})\b(?P<rest>)",
    re.I,
)
_JUDGED_RE = re.compile(
    r"\b(?:judged|found|rated|graded)\s+(?:(?:all\s+)?services\s+)?(?:overall\s+)?"
    r"(?:to\s+be\s+|to\s+|as\s+)?"
    rf"'?(?P<g>{_GRADE})\b"
    rf"|\boverall\s+effectiveness(?:\s+judgement|\s+of\s+services)?\s+(?:was|of)\s+"
    rf"(?:judged\s+)?(?:to\s+be\s+|as\s+)?'?(?P<o>{_GRADE})\b"
    rf"|\bjudgement\s+of\s+'?(?P<j>{_GRADE})\b"
    # "..., when all judgements were good", "in 2022 (requires improvement to be good)".
    r"|\ball\s+(?:of\s+)?(?:the\s+|its\s+)?(?:judgements|areas)\s+were\s+(?:judged\s+)?"
    rf"(?:to\s+be\s+|as\s+)?'?(?P<a>{_GRADE})\b"
    rf"|^\s*\(\s*'?(?P<b>{_GRADE})'?\s*\)",
    re.I,
)


def _judged_grade(judged: re.Match[str]) -> str:
    """The grade a :data:`_JUDGED_RE` match printed, whichever wording."""
    return next(g for g in (judged[k] for k in "gojab") if g)


# "services were first judged inadequate in 2015" (Surrey 2022): a judgement by its year.
_JUDGED_IN_RE = re.compile(
    r"\b(?:was|were|been|being)\s+(?:(?:first|last|previously|also)\s+)?(?:judged|rated|found)\s+"
    r"(?:to\s+be\s+|as\s+)?"
    rf"'?(?P<g>{_GRADE})'?\s+(?:overall\s+)?in\s+(?P<when>{_WHEN})\b(?P<rest>)",
    re.I,
)
# The sentence after "The last full inspection was in August 2015." (Stoke-on-Trent 2019):
# "All of the judgements were requires improvements to be good, ...".
_ALL_JUDGED_RE = re.compile(
    r"\.\s+All\s+(?:of\s+)?(?:the\s+|its\s+)?(?:judgements|areas)\s+(?:were|was)\s+(?:judged\s+)?"
    rf"(?:to\s+be\s+|as\s+)?'?(?P<g>{_GRADE.replace('improvement', 'improvements?')})\b",
    re.I,
)
# "Services have remained good since [the last inspection]": its grade too.
_REMAINED_SINCE_RE = re.compile(
    r"\b(?:remained|remains?|(?:continued?|continues)\s+to\s+be)\s+"
    rf"'?(?P<g>{_GRADE})\b'?(?:\s+overall)?\s+since\s+(?:the\s+|its\s+|their\s+|\S+'s\s+)?$",
    re.I,
)
# "Services ... require improvement to be good, as was the case at [the last inspection]".
_AS_THEN_RE = re.compile(
    rf"\b(?:are|is|remain|remains|continues?\s+to\s+be|(?=requires?\b))\s*'?(?P<g>{_GRADE})\b'?"
    r"[^.]{0,30}?,?\s+as\s+"
    r"(?:was\s+the\s+case|(?:it|they)\s+(?:was|were))\s+at\s+(?:the\s+|its\s+)?$",
    re.I,
)
# Words that make a sentence about one judgement area rather than the whole service.
_AREA_WORDS_RE = re.compile(
    r"children\s+in\s+care|care\s+leavers|help\s+and\s+protection|impact\s+of\s+leaders"
    r"|looked\s+after|adoption",
    re.I,
)
# Inspections of other services, not of the council's children's services.
_OTHER_SERVICE_RE = re.compile(
    r"fostering|adoption|children's\s+homes?|residential|SEND|special\s+educational|school"
    r"|youth\s+(?:offending|justice)|secure|nursery|college|health",
    re.I,
)

# A word every match of the five mention patterns holds (none matches a full stop).
_MENTION_CUE = cue("inspect", "ILACS", "SIF", "judged", "rated", "found", "Ofsted")


# A sentence grading, at the last inspection, an area only the SIF judged (Lambeth 2022:
# "Services for children who need adoption have improved since the last inspection, when
# they were inadequate"): that inspection was a SIF one.
_SIF_AREA_THEN_RE = re.compile(
    r"\b(?:adoption|achieving\s+permanence|LSCB|Local\s+Safeguarding\s+Children'?s?\s+Board"
    r"|leadership,\s+management\s+and\s+governance)\b[^.]{0,200}?\b(?:last|previous)\s+"
    rf"inspection\b[^.]{{0,80}}?\b(?:was|were|judged)\s+(?:to\s+be\s+)?'?(?:{_GRADE})\b",
    re.I,
)
_SIF_AREA_CUE = cue("adoption", "permanence", "lscb", "safeguarding children", "governance")
# 2018 saw both the SIF's last re-inspections and the first ILACS inspections: an
# inspection of that year whose framework the report does not name is recorded as either.
SIF_OR_ILACS = "sif-or-ilacs"


def _family(year: int, printed: str = "", sif_areas_then: bool = False) -> tuple[str, str]:
    """(kind, grade scale) of an earlier full inspection: as printed ("ILACS", "SIF",
    "single inspection framework"), else by its year; one of 2018 is a SIF one if the
    report grades a SIF-only area at the last inspection (``sif_areas_then``), else
    either."""
    if "ilacs" in printed:
        return "ilacs", "ilacs"
    if "sif" in printed or "single" in printed:
        return "sif", "sif"
    if year >= 2019:
        return "ilacs", "ilacs"
    if year == 2018:
        return ("sif", "sif") if sif_areas_then else (SIF_OR_ILACS, "ilacs")
    if year >= 2013:
        return "sif", "sif"
    return "safeguarding-lac-2012", "adequate-scale"


def _sif_areas_then(text: SourceText, start: int) -> bool:
    """Whether the report grades a SIF-only area at the last inspection (after ``start``)."""
    runs = sentences_with(text.clean, _SIF_AREA_CUE, start)
    return first_in(_SIF_AREA_THEN_RE, text.clean, runs) is not None


def earlier(text: SourceText, start: int, year: int) -> list[PreviousInspection]:
    """Every earlier inspection and visit of this council printed after clean offset
    ``start`` (the end of the judgement table), for an inspection that began in ``year``:
    full inspections before that year, visits up to it; one per kind and date."""
    found = _continued_grade(text, start, previous(text, start, year))
    found = _undated_last(text, start, found)
    found += visits(text, start, year + 1)
    return _not_other_councils(text, _one_per_date(found))


def previous(text: SourceText, start: int, before_year: int) -> list[PreviousInspection]:
    """Earlier full inspections printed after clean offset ``start`` with a year before
    ``before_year``, one per kind and date (a graded mention beats an ungraded one).

    ``kind`` is the framework family by date unless printed: 2019 on "ilacs", 2013-2017
    "sif", earlier "safeguarding-lac-2012"; 2018 "sif-or-ilacs" unless the report grades a
    SIF-only area at the last inspection. The grade is read on that family's scale.
    """
    found: dict[tuple[str, str | None], PreviousInspection] = {}
    runs = sentences_with(text.clean, _MENTION_CUE, start)
    mentions = [
        *(
            (m, (m["type"] or "").lower())
            for pattern in (_PREVIOUS_RE, _YEAR_FIRST_RE)
            for m in finditer_in(pattern, text.clean, runs)
            if not _OTHER_SERVICE_RE.search(m.groupdict().get("of") or "")
        ),
        *(
            (m, "")
            for pattern in (_INSPECTED_RE, _JUDGED_IN_RE, _OFSTED_JUDGED_RE)
            for m in finditer_in(pattern, text.clean, runs)
            if not _OTHER_SERVICE_RE.search(_sentence_before(text.clean, start, m.start()))
        ),
    ]
    sif_then: bool | None = None  # looked for when a mention of 2018 needs it
    for match, printed in sorted(mentions, key=lambda pair: pair[0].start()):
        year = int(match["when"][-4:])
        if year >= before_year:
            continue
        if year == 2018 and sif_then is None:
            sif_then = _sif_areas_then(text, start)
        kind, scale = _family(year, printed, bool(sif_then))
        when = month_year(match["when"])
        if (kind, when) in found and found[(kind, when)].grade:
            continue
        mention = _graded_mention(text, start, match, kind, scale, when)
        if mention.grade or (kind, when) not in found:
            found[(kind, when)] = mention
    return list(found.values())


# "Services for children in Lewisham continue to require improvement overall" (2019): the
# last full inspection had that overall grade too.
_CONTINUES_RE = re.compile(
    rf"\b(?:continues?|remains?)\s+(?:to\s+)?(?:be\s+)?'?(?P<g>{_GRADE})'?\s+overall\b", re.I
)

_CONTINUES_CUE = cue("continue", "remain")  # what every _CONTINUES_RE match holds


def _continued_grade(
    text: SourceText, start: int, found: list[PreviousInspection]
) -> list[PreviousInspection]:
    """``found`` with the latest full inspection graded when it has no grade and the report
    says the service "continues to" have its overall grade."""
    said = first_in(_CONTINUES_RE, text.clean, sentences_with(text.clean, _CONTINUES_CUE, start))
    if not said or not found:
        return found
    latest = max(found, key=lambda p: p.when or "")
    grade = _grade(said["g"], _family(int((latest.when or "0")[:4]), latest.kind)[1])
    if latest.grade or grade is None:
        return found
    return [replace(p, grade=grade) if p is latest else p for p in found]


# The last inspection's overall grade in a sentence without its date: "Since its last
# inspection, when services overall were judged to be outstanding, ..." (Derby 2025, whose
# report dates it nowhere: nothing is recorded). "Sustained outstanding services since the
# last inspection" (Bracknell Forest 2026) implies a grade but does not print one: not read.
_UNDATED_LAST_RE = re.compile(
    r"\b(?:since|at|following|after)\s+(?:the|its)\s+(?:last|previous|most\s+recent)\s+"
    r"(?:full\s+|standard\s+)?(?:inspection|ILACS)\b(?P<rest>[^.]{0,200})",
    re.I,
)
_UNDATED_CUE = cue("inspection", "ILACS")
FULL_KINDS = ("ilacs", "sif", SIF_OR_ILACS)


def _undated_last(
    text: SourceText, start: int, found: list[PreviousInspection]
) -> list[PreviousInspection]:
    """``found`` with the last inspection's overall grade printed in a sentence without a
    year: the latest full inspection found (dated elsewhere) gets it when it has none. A
    sentence about one area gives nothing."""
    full = [p for p in found if p.kind in FULL_KINDS]
    if not full:
        return found  # an inspection the report does not date is not recorded
    latest = max(full, key=lambda p: p.when or "")
    if latest.grade:
        return found
    scale = _family(int((latest.when or "0")[:4]), latest.kind)[1]
    for match in finditer_in(
        _UNDATED_LAST_RE, text.clean, sentences_with(text.clean, _UNDATED_CUE, start)
    ):
        prefix = _sentence_before(text.clean, start, match.start())
        judged = _first_judged(match["rest"])
        if re.search(_YEAR, prefix + match.group()) or not judged:
            continue  # a dated mention is previous()'s
        if _AREA_WORDS_RE.search(prefix + match["rest"][: judged.start()]):
            continue
        grade = _grade(_judged_grade(judged), scale)
        if grade:
            return [replace(p, grade=grade) if p is latest else p for p in found]
    return found


def _about_one_area(words: str, judged: re.Match[str]) -> bool:
    """Whether ``words`` (a sentence up to the grade ``judged`` printed) is about one
    judgement area; not when the grade is said to be the overall one ("Children in care
    have made progress since the previous inspection in 2023, when services overall were
    judged to be good")."""
    clause = words[: len(words) - len(judged.group())]
    if re.search(r"\boverall\b[^,;]{0,40}$", clause, re.I) or "overall" in judged.group().lower():
        return False
    return bool(_AREA_WORDS_RE.search(clause))


def _sentence_before(clean: str, floor: int, pos: int) -> str:
    """The words from the start of the sentence to ``pos``."""
    begin = max(clean.rfind(".", floor, pos), clean.rfind("\n\n", floor, pos), floor - 1)
    return clean[begin + 1 : pos]


def _graded_mention(
    text: SourceText, floor: int, match: re.Match[str], kind: str, scale: str, when: str | None
) -> PreviousInspection:
    """The mention with the overall grade printed after it ("..., when X was judged to be
    inadequate") or before it in the same sentence, unless the sentence is about one area."""
    prefix = _sentence_before(text.clean, floor, match.start())
    begin, end, grade = match.start(), match.start("rest"), None
    judged = _first_judged(match["rest"])
    following = _ALL_JUDGED_RE.match(text.clean, match.end("rest"))
    graded = match.groupdict().get("g")  # "were first judged inadequate in 2015"
    if graded and not _AREA_WORDS_RE.search(prefix):
        end, grade = max(match.end("when"), match.end("g")), _grade(graded, scale)
    elif judged and not _about_one_area(prefix + match["rest"][: judged.end()], judged):
        end = match.start("rest") + judged.end()
        grade = _grade(_judged_grade(judged), scale)
    elif following and not _AREA_WORDS_RE.search(prefix + match["rest"]):
        end, grade = following.end(), _grade(following["g"], scale)
    elif not judged and not _AREA_WORDS_RE.search(prefix):
        before = [
            *_JUDGED_RE.finditer(prefix),
            *_AS_THEN_RE.finditer(prefix),
            *_REMAINED_SINCE_RE.finditer(prefix),
        ]
        if before:
            last = max(before, key=lambda m: m.start())
            begin = match.start() - len(prefix) + last.start()
            grade = _grade(last.group(last.lastgroup or 0), scale)
    return PreviousInspection(kind, text.span(begin, end), when, grade)


# Visits and joint inspections between full inspections, ungraded: "A focused visit
# undertaken in February 2019", "Two focused visits, in April 2019 and August 2021",
# "focused visits in January and December 2019", "the focused visit of 2018", "the focused
# assurance visit in 2021", "In July 2021, a focused visit noted", "During 2018, a focused
# visit by Ofsted", "the 2018 focused visit"; "Since the joint targeted inspection (JTAI) in
# 2016", "the joint area targeted inspection (JTAI) in 2017", "the more recent JTAI in 2017".
_DATE_LIST = (
    rf"(?:{MONTH_RE}(?:\s+{_YEAR})?|{_YEAR})"
    rf"(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?:{MONTH_RE}(?:\s+{_YEAR})?|{_YEAR}))*"
)
_VISIT = r"(?:assurance\s+)?focused\s+(?:assurance\s+)?visits?"
_JTAI = (
    r"(?:\bjoint\s+(?:targeted\s+area|area\s+targeted|targeted)\s+inspection(?:\s+\(JTAI\))?"
    r"|\bJTAI)"
)
_DONE = (
    r"(?:(?:(?:that|which)\s+)?(?:was\s+)?(?:took\s+place|undertaken|carried\s+out|conducted)\s+)?"
)
# "a focused visit to the front door in 2021", "the focused visit looking at care leavers in".
_VISIT_OF = r"(?:\s+(?:to|looking\s+at|that\s+looked\s+at|focusing\s+on|on)\s+[^.,]{1,60}?)?"
# "on 12 and 13 January 2021": the days go, the month stays.
_DAYS = r"(?:\d{1,2}(?:\s*(?:and|-|to)\s*\d{1,2})?\s+)?"
_VISITS = (
    (
        "focused-visit",
        re.compile(
            rf"\b{_VISIT}(?:\s+by\s+Ofsted)?{_VISIT_OF},?\s+(?:{_DONE}(?:in|of|on\s+{_DAYS})\s*"
            rf"|\(\s*)(?P<when>{_DATE_LIST})",
            re.I,
        ),
    ),
    (
        "focused-visit",
        re.compile(
            rf"\b(?:In|During)\s+(?P<when>{_WHEN}),?\s+(?:(?:Ofsted|inspectors|HMI|we)\s+"
            rf"(?:conducted|carried\s+out|undertook|completed)\s+)?(?:an?|the)\s+(?:Ofsted\s+)?"
            rf"{_VISIT}\b",
            re.I,
        ),
    ),
    ("focused-visit", re.compile(rf"\bthe\s+(?P<when>{_WHEN})\s+{_VISIT}\b", re.I)),
    (
        "jtai",
        re.compile(
            rf"{_JTAI}(?:\s+of\s+[^.,]{{0,80}}?)?,?\s+{_DONE}in\s+(?P<when>{_DATE_LIST})", re.I
        ),
    ),
    ("jtai", re.compile(rf"\bthe\s+(?P<when>{_WHEN})\s+{_JTAI}", re.I)),
)


# A word every visit pattern's match holds (none matches a full stop).
_VISIT_CUE = cue("visit", "joint", "JTAI")


def visits(text: SourceText, start: int, before_year: int) -> list[PreviousInspection]:
    """Focused visits and joint targeted area inspections printed after clean offset
    ``start`` with a year before ``before_year``, one per kind and date."""
    found: dict[tuple[str, str], PreviousInspection] = {}
    runs = sentences_with(text.clean, _VISIT_CUE, start)
    hits = [(m, kind) for kind, pattern in _VISITS for m in finditer_in(pattern, text.clean, runs)]
    for match, kind in sorted(hits, key=lambda hit: hit[0].start()):
        for when in _dates(match["when"]):
            if int(when[:4]) < before_year and (kind, when) not in found:
                found[(kind, when)] = PreviousInspection(kind, text.match_span(match), when)
    return [p for p in found.values() if (p.kind, _month_before(p.when)) not in found]


def _month_before(when: str | None) -> str | None:
    """The month before "YYYY-MM". One visit printed with two adjacent months (Wokingham
    2019: "A focused visit in November 2018 concluded ..." and "Ofsted's focused visit in
    October 2018") is the earlier one: visits to one council are never a month apart, and
    the later month is when its letter came out."""
    if not when or len(when) != 7:
        return None
    year, month = int(when[:4]), int(when[5:])
    return f"{year - (month == 1)}-{(month - 2) % 12 + 1:02d}"


def _dates(phrase: str) -> list[str]:
    """ "YYYY-MM" or "YYYY" for each date of a list ("January and December 2019" gives
    2019-01 and 2019-12); a month with no year after it is dropped."""
    found: list[str] = []
    waiting: list[int] = []
    for item in re.finditer(
        rf"(?P<m>{MONTH_RE})(?:\s+(?P<y>{_YEAR}))?|(?P<year>{_YEAR})", phrase, re.I
    ):
        if item["m"] and not item["y"]:
            waiting.append(month_number(item["m"]))
            continue
        year = item["y"] or item["year"]
        found += [f"{year}-{month:02d}" for month in waiting]
        waiting = []
        found.append(month_year(item.group()) or year)
    return found


def _one_per_date(found: list[PreviousInspection]) -> list[PreviousInspection]:
    """Drop a year-only mention when the same kind is dated to a month of that year; its
    grade, if the dated mention has none, goes to the dated one."""
    months = {(p.kind, p.when[:4]) for p in found if p.when and len(p.when) == 7}
    grades = {(p.kind, p.when): p.grade for p in found if p.grade and (p.kind, p.when) in months}
    kept = []
    for mention in found:
        if (mention.kind, mention.when) in months:
            continue  # the year-only twin of a dated mention
        year = (mention.kind, (mention.when or "")[:4])
        if not mention.grade and year in grades and year in months:
            mention = replace(mention, grade=grades[year])
        kept.append(mention)
    return kept


# "Children's services in the predecessor local authority, Northamptonshire County Council,
# were judged inadequate in 2019"; "North Northamptonshire and West Northamptonshire unitary
# authorities came into being on 1 April 2021".
_PREDECESSOR_RE = re.compile(r"\bpredecessor\b", re.I)
_PREDECESSOR_CUE = cue("predecessor")
_CREATED_RE = re.compile(
    r"(?:council|authority|authorities)\s+(?:came\s+into\s+being|(?:was|were)\s+(?:created|"
    rf"formed|established))\s+(?:on\s+\d{{1,2}}\s+|in\s+)?(?P<when>{_WHEN})",
    re.I,
)


# Words every _CREATED_RE match holds (it matches no full stop).
_CREATED_CUE = cue("came", "created", "formed", "established")


def _not_other_councils(
    text: SourceText, found: list[PreviousInspection]
) -> list[PreviousInspection]:
    """``found`` without the inspections of a predecessor council: those of a year printed
    in a sentence about the predecessor, or dated before the council came into being."""
    clean = text.clean
    # The sentences (runs between full stops) that name a predecessor, found from the word:
    # a ``[^.]*predecessor[^.]*`` scan of the whole text tried every offset (0.1 s a report).
    sentences = {
        (clean.rfind(".", 0, m.start()) + 1, _sentence_end(clean, m.end()))
        for m in finditer_in(_PREDECESSOR_RE, clean, sentences_with(clean, _PREDECESSOR_CUE))
    }
    years = {y for a, b in sentences for y in re.findall(rf"\b{_YEAR}\b", clean[a:b])}
    created = first_in(_CREATED_RE, text.clean, sentences_with(text.clean, _CREATED_CUE))
    since = month_year(created["when"]) if created else None
    return [
        p
        for p in found
        if (p.when or "")[:4] not in years and not (since and _before(p.when or since, since))
    ]


def _sentence_end(clean: str, offset: int) -> int:
    """The offset of the full stop ending the sentence at ``offset`` (or the text's end)."""
    stop = clean.find(".", offset)
    return len(clean) if stop < 0 else stop


def _before(when: str, since: str) -> bool:
    """Whether a "YYYY" / "YYYY-MM" date is surely before ``since``."""
    if when[:4] != since[:4]:
        return when[:4] < since[:4]
    return len(when) == 7 and len(since) == 7 and when < since


def _first_judged(words: str) -> re.Match[str] | None:
    """The first "judged to be X" (or "overall effectiveness was X", "all judgements were
    X", "(X)") in ``words``, else the first "judgement of X"."""
    hits = list(_JUDGED_RE.finditer(words))
    return next((m for m in hits if not m["j"]), hits[0] if hits else None)


def _grade(printed: str, scale: str) -> str | None:
    words = re.sub(r"^requir(?:e|ing)\b", "requires", squash(printed).lower())
    words = re.sub(r"\bimprovements\b", "improvement", words)
    slug = vocab.grade_slug(words, scale)
    if slug is None and scale == "ilacs":
        slug = vocab.grade_slug(words + " to be good", scale)
    if slug is None and scale != "ilacs":
        slug = vocab.grade_slug(re.sub(r"\s+to be good$", "", words), scale)
    return slug


# --- posts with tenure -------------------------------------------------------------------

_DCS = (
    r"(?:(?:executive|corporate|strategic|statutory)\s+)?director\s+(?:of|for)\s+children'?s\s+"
    r"services(?:\s+\(DCS\))?|director\s+(?:of|for)\s+[^.,()]{1,50}?\s+\(DCS\)|\bDCS\b"
)
_CHIEF = r"chief\s+executive(?:\s+officer)?(?:\s+\(CEO\))?"
# A start date: "July 2020", "2019", "late 2024", "the end of 2020", and relative to the
# inspection: "November last year" (Wokingham 2019), "the first day of this inspection"
# (Stoke-on-Trent 2019), "autumn 2024".
_LOOSE_WHEN = (
    r"(?:(?:early|mid|late|the\s+(?:end|start|beginning|middle)\s+of)\s+|mid-)?"
    rf"(?:(?:{MONTH_RE}|spring|summer|autumn|winter)\s+)?(?:{_YEAR}|(?:last|this)\s+year)"
    r"|the\s+(?:first\s+day|start)\s+of\s+(?:this|the)\s+inspection"
)
_QUALIFIED = (
    r"(?:(?:new|current|permanent|interim|acting|substantive|experienced|newly\s+appointed)"
    r"\s+)*"
)
_ABBREVIATION = r"(?:\s*\([A-Z]{2,5}\))?"


def _tenure_patterns(post: str) -> tuple[re.Pattern[str], ...]:
    """The ways a report dates the start of the current holder of ``post``."""
    verbs = (
        r"(?:(?:has|had)\s+been\s+|was\s+|were\s+|is\s+)?(?:(?:newly|recently|permanently|"
        r"quickly|subsequently|formally)\s+)?(?:appointed|in\s+post|took\s+up\s+(?:the\s+|her\s+|"
        r"his\s+|their\s+)?(?:post|role|position)|came\s+into\s+post|started(?:\s+in\s+post)?|"
        r"joined(?:\s+the\s+(?:council|local\s+authority))?|arrived|in\s+place"
        r"|in\s+(?:the\s+|her\s+|his\s+|their\s+)?role)"
    )
    return tuple(
        re.compile(pattern, re.I)
        for pattern in (
            # "The current permanent DCS took up post in November 2023", "The DCS, appointed
            # in March 2022", "the director of children's services (DCS), newly in post in 2019"
            rf"\b{_QUALIFIED}(?:{post}){_ABBREVIATION},?\s+(?:who\s+)?(?:[^.,]{{3,60}},\s+)?{verbs}"
            rf"(?:\s+permanently)?"
            rf"\s+(?:in|since|from|during|at|on)\s+(?:\d{{1,2}}\s+)?(?P<when>{_LOOSE_WHEN})\b",
            # "the appointment of a new director of children's services (DCS), in July 2020",
            # "the appointment of the director of children's services (DCS) at the end of 2020",
            # "Since the arrival of the new DCS in June 2022"
            rf"\b(?:appointment|arrival)\s+of\s+(?:an?\s+|the\s+)?{_QUALIFIED}(?:{post}){_ABBREVIATION},?\s+"
            rf"(?:in|from|at|during)\s+(?P<when>{_LOOSE_WHEN})\b",
            # "When appointed in 2016, the executive director for children's services (DCS)",
            # "After her appointment in 2016, the DCS"
            rf"\b(?:When|After|Following|Since|On)\s+(?:(?:her|his|their|its)\s+)?(?:appointment|"
            rf"arrival|appointed)\s+in\s+(?P<when>{_LOOSE_WHEN}),?\s+the\s+{_QUALIFIED}(?:{post})",
            # "In 2023, the arrival of a new chief executive", "Since 2023, with the permanent
            # appointments of the chief executive"
            rf"\b(?:In|Since|From)\s+(?P<when>{_LOOSE_WHEN}),?\s+(?:with\s+)?the\s+(?:(?:permanent|"
            rf"new)\s+)?(?:appointments?|arrival)\s+of\s+(?:an?\s+|the\s+)?{_QUALIFIED}(?:{post})",
            # "Since the DCS's appointment in 2021", "was appointed as DCS in March 2022"
            rf"\b(?:{post})'s\s+(?:appointment|arrival)\s+in\s+(?P<when>{_LOOSE_WHEN})\b",
            rf"\bappointed\s+as\s+(?:the\s+)?{_QUALIFIED}(?:{post}){_ABBREVIATION}\s+"
            rf"(?:in|from|on)\s+(?:\d{{1,2}}\s+)?(?P<when>{_LOOSE_WHEN})\b",
            # "In October 2021, the interim director resigned and the current DCS was quickly
            # appointed"
            rf"\bIn\s+(?P<when>{_LOOSE_WHEN}),\s+[^.]{{0,80}}?\b(?:the|an?)\s+(?:current|new|permanent)\s+"
            rf"(?:{post}){_ABBREVIATION}\s+was\s+(?:\w+ly\s+)?appointed\b",
            # "Since taking up post in June 2021, the DCS"; "The recently appointed DCS (June 2021)"
            rf"\bSince\s+(?:taking\s+up\s+(?:the\s+)?post|(?:her|his|their)\s+appointment)\s+"
            rf"in\s+(?P<when>{_LOOSE_WHEN}),\s+the\s+{_QUALIFIED}(?:{post})",
            rf"\b(?:recently\s+|newly\s+)?appointed\s+{_QUALIFIED}(?:{post}){_ABBREVIATION}\s+"
            rf"\((?P<when>{_LOOSE_WHEN})\)",
            # "Since January 2025, a new DCS has led the service"
            rf"\bSince\s+(?P<when>{_LOOSE_WHEN}),?\s+(?:an?|the)\s+(?:new|permanent|current)\s+"
            rf"(?:{post}){_ABBREVIATION}\s+(?:has|have)\b",
        )
    )


# Each post with a word every printing of it holds: the patterns (none matches a full
# stop) scan only the sentences with that word.
_POSTS = tuple(
    (slug, cue(*words), _tenure_patterns(name))
    for slug, words, name in (
        ("director-of-childrens-services", ("director", "DCS"), _DCS),
        ("chief-executive", ("chief",), _CHIEF),
    )
)


def _since(printed: str, start: date) -> str | None:
    """ "YYYY-MM" or "YYYY" of a printed start date, relative ones read from ``start``."""
    words = squash(printed).lower()
    if words.endswith("inspection"):
        return f"{start.year}-{start.month:02d}"
    relative = re.search(r"(last|this) year$", words)
    if relative:
        year = start.year - (relative[1] == "last")
        month = MONTH_YEAR_RE.search(f"{words[: relative.start()]} {year}")
        return month_year(month.group()) if month else str(year)
    return month_year(printed)


# A holder who is gone: "the departure of the previous DCS at the end of 2024".
_FORMER_RE = re.compile(r"\b(?:previous|former|outgoing|departing|then|last)\s+$", re.I)


def posts(text: SourceText, start: date) -> list[Post]:
    """The director of children's services and the chief executive when the report dates
    the current holder's start; one per post, the first printed (a month beats a bare year
    of the same year printed later). ``start`` (the inspection's first day) dates "last
    year" and "the first day of this inspection"."""
    found: dict[str, Post] = {}
    for slug, words, patterns in _POSTS:
        runs = sentences_with(text.clean, words)
        hits = [m for p in patterns for m in finditer_in(p, text.clean, runs)]
        for match in sorted(hits, key=lambda m: m.start()):
            if _FORMER_RE.search(text.clean, max(0, match.start() - 20), match.start()):
                continue
            since = _since(match["when"], start)
            known = found.get(slug)
            if known is None or (known.since == (since or "")[:4] and since != known.since):
                found[slug] = Post(slug, text.match_span(match), since=since)
    return list(found.values())
