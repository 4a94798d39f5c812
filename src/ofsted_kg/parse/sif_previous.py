"""Earlier inspections that SIF and LSCB review reports mention (2013-2018).

A report dates its council's earlier inspections in "Information about this local
authority area" ("The previous inspection of the local authority's arrangements for the
protection of children was in January 2013. The local authority was judged to be
adequate.") and often again in the findings, in other words ("Ofsted's last inspection
of Rochdale's services for looked after children in July 2010 judged the services to be
adequate"). Each inspection is recorded once: a second statement may add the grade or
the month the first lacks; one that gives another month of the same year is a warning.
A grade is the inspection's overall one, never one area's ("judged to be inadequate for
help and protection services").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ofsted_kg.model import vocab
from ofsted_kg.model.records import PreviousInspection, Report
from ofsted_kg.parse.common import (
    MONTH_RE,
    cue,
    finditer_in,
    lowered,
    month_year,
    sentences_with,
)
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.parse.sif_sections import GRADE, grade, line, rx
from ofsted_kg.source.text import SourceText, squash

_WHEN = rf"(?:\d{{1,2}} )?(?:{MONTH_RE} )?\d{{4}}"
_G = rf"(?:{GRADE}|adequate|satisfactory)"
# Not one area's grade ("inadequate for help and protection services"), but "good for
# overall effectiveness" is the whole.
_WHOLE = r"(?! for\b(?! overall effectiveness| both))"
# A statement opens a sentence; "since the last inspection of ... in 2012" inside one is
# only another mention (below).
_PREVIOUS_RE = rx(
    r"\b(?-i:The|Ofsted's) (?:previous|last|most recent) "
    r"(?:(?P<sif>single inspection framework (?:\(SIF\) )?|SIF )|single |stand-alone )?"
    r"(?:Ofsted )?inspection(?: report)? (?:of|for) (?P<what>[^.]{3,160}?) "
    r"(?:was (?:(?P<published>published) (?:in|on)|in|on|carried out in|undertaken in)|in) "
    rf"(?P<when>{_WHEN})"
)
# What may follow the date: the grade, in one of the reports' wordings.
# Also "... and the local authority was judged", ". Overall effectiveness was judged",
# ". Hartlepool was judged", "(judged good)", "found to be", "rated", ". The judgements
# were as follows: Overall effectiveness - inadequate".
_GRADE_TAIL_RE = rx(
    r"(?:\. (?:The (?:local authority|service|council|authority)(?:'s overall quality)?"
    r"|It|(?-i:[A-Z][\w'-]+)(?: (?-i:[A-Z][\w'-]+)){0,3}) was (?:(?:judged|found|rated) )?"
    r"|,? and (?:was )?(?:judged|found|rated) (?:the )?(?:local authority provision |it )?"
    r"|,? and the (?:local authority|council|authority) was (?:judged|found|rated) "
    r"|,? when (?:the local authority|it|they|the services|services|overall effectiveness) "
    r"(?:was|were) (?:judged|found|rated) "
    r"|[.,]? (?:(?:The|when) )?overall effectiveness was (?:judged |found |rated )?"
    r"|,? which (?:judged|found|rated) (?:the )?(?:services?|it) "
    r"| (?:judged|found|rated) (?:the )?(?:services?|local authority|it) "
    r"|,? \((?:judged|rated) "
    r"|\. The judgements (?:for the local authority )?were(?: as follows)?: \W{0,3}"
    r"Overall effectiveness(?::| -| was (?:judged )?) ?)"
    rf"(?:to be |as )?(?P<grade>{_G}){_WHOLE}"
)
# Doncaster 2018, after the areas' grades: "It was overall judged to be inadequate."
_OVERALL_AFTER_RE = rx(rf"\bIt was overall judged to be (?P<grade>{GRADE})")
# Rutland 2017: "... services for safeguarding and children looked after services was in
# October 2011. The local authority was judged to be adequate for safeguarding and good
# for children looked after.": two inspections, one grade each.
_SPLIT_TAIL_RE = rx(
    rf"\. The (?:local authority|council) was judged (?:to be )?(?P<g1>{_G}) for "
    rf"(?P<w1>[^.]{{3,80}}?) and (?:was judged (?:to be )?)?(?P<g2>{_G}) for "
    r"(?P<w2>[^.]{3,80}?)\."
)
# Rotherham 2014: two mentions, then "The local authority was judged to be adequate in
# both inspections."
_BOTH_TAIL_RE = rx(
    rf"\. The (?:local authority|council) was judged (?:to be )?(?P<grade>{_G}) in both "
    r"(?:inspections|cases)"
)
# Doncaster 2018 p.5: "The trust also operates as a voluntary adoption agency and an
# independent fostering agency. Both were inspected in August 2015 and judged to be good."
_BOTH_RE = rx(
    rf"(?P<what>[^.]{{0,160}})\. Both were (?:last )?inspected in (?P<when>{_WHEN}) and "
    rf"(?:were )?judged (?:to be |as )?(?P<grade>{_G}){_WHOLE}"
)
# The words every _BOTH_RE match holds: the scan for it, which tries up to 160 characters
# at every offset, runs only in the reports that have them (a few milliseconds otherwise).
_BOTH_CUE_RE = rx(r"\. Both were (?:last )?inspected in ")
# Other wordings, found anywhere: "Child protection arrangements were last inspected in
# July 2012 and were judged to be adequate" (Rotherham 2014), "an inspection of
# safeguarding and looked after children in 2012, which judged services to be good"
# (Isles of Scilly 2016), "In November 2014 an Ofsted inspection of Surrey County
# Council's services for children in need of help and protection ... found" (Surrey 2015).
# Its cue (words every match holds, found by a fast scan) beside each pattern of a leading
# ``[^.]`` run: the pattern runs only in reports with the cue.
_INSPECT_CUE = cue("inspect")
# Words _OTHER_RES[1] holds, in lower-cased text (:func:`lowered`): without them it cannot
# match, so it is not run (a literal first word lets the scan skip ahead).
_LAST_INSPECTED_CUE_RE = re.compile(r"(?:was|were)\s+last\s+inspected\s+in\s")
_OTHER_RES = (
    rx(
        r"\bthe (?:previous|last|most recent) (?:Ofsted )?inspections? (?:of|for) "
        r"(?P<what>[^.]{3,120}?) (?:was )?(?:(?P<published>published) )?in "
        rf"(?P<when>{_WHEN})(?P<grade>)"
    ),
    rx(
        rf"\b(?P<what>[A-Z][^.]{{3,80}}?) (?:was|were) last inspected in (?P<when>{_WHEN})"
        rf"(?:,? and (?:was |were )?judged (?:to be |as )?(?P<grade>{_G}){_WHOLE})?"
    ),
    rx(
        rf"\ban inspection of (?P<what>[^.]{{3,120}}?) in (?P<when>{_WHEN}),? which judged "
        rf"(?:the )?(?:services?|it|them) (?:to be |as )?(?P<grade>{_G}){_WHOLE}"
    ),
    rx(
        rf"\bIn (?P<when>{_WHEN}),? an? (?:Ofsted )?inspection of (?P<what>[^.]{{3,200}}?) "
        rf"(?:found|judged)(?P<grade>)"
    ),
    # A re-inspection's executive summary, the grade before the year: "This is a
    # re-inspection of children's services in Manchester, following a judgement of
    # inadequate for overall effectiveness in 2014." (Manchester 2017), "..., after they
    # were judged to be inadequate in 2015." (Lambeth 2018).
    rx(
        rf"\bre-inspection of (?P<what>children's services) in [^.,]{{1,80}}?,? "
        r"(?:following|after) (?:an? judgement of |(?:they|the services|services|it) "
        r"(?:were|was) (?:judged|found) (?:to be |as )?)"
        rf"(?P<grade>{_G})(?: for overall effectiveness)? in (?P<when>{_WHEN})"
    ),
    # ... the year before the grade: "following the inspection in 2014, when services
    # were judged to be inadequate" (the wording of the 2013-2017 framework's letters).
    rx(
        rf"\bre-inspection of (?P<what>children's services) in [^.,]{{1,80}}?,? "
        rf"(?:following|after) (?:the|an?|its) (?:previous |last )?inspection in "
        rf"(?P<when>{_WHEN}),? (?:when|which) [^.]{{0,60}}?(?:judged|found) (?:to be |as )?"
        rf"(?P<grade>{_G}){_WHOLE}"
    ),
    # Windsor and Maidenhead 2015: "The inspection of the local authority's fostering
    # service carried out in July 2012 recommended ...".
    rx(
        rf"\b(?-i:The) (?:Ofsted )?inspection of (?P<what>[^.]{{3,120}}?),? (?:carried out|"
        rf"undertaken|conducted) in (?P<when>{_WHEN})"
        rf"(?:,? (?:which |and )?judged (?:the service |it )?(?:to be |as )?(?P<grade>{_G}))?"
    ),
)
# The section that lists the earlier inspections; its statements come first.
_AREA_INFO_RE = line("Information about (?:this|the) (?:local authority )?area")
# The year of the last inspection without its kind ("since the last inspection in 2012",
# "the 2014 inspection"): the visit of an inspection the report dates only by the
# publication of its report.
_LAST_YEAR_RES = (
    rx(r"\b(?:previous|last) (?:Ofsted )?inspection in (?P<year>(?:19|20)\d\d)\b"),
    rx(r"\bthe (?P<year>(?:19|20)\d\d) (?:Ofsted )?inspection\b"),
)
# Kind of an earlier inspection from its printed subject; first hit wins. The 2012-2013
# "inspection of local authority arrangements for the protection of children" is a
# child-protection inspection. "Safeguarding arrangements/arrangements for the protection
# of children" leaves the template's two choices in: the kind is the one the report names
# elsewhere for that year (Cheshire West 2015: "the 2012 child protection inspection"),
# else "safeguarding".
_EITHER = "safeguarding-or-child-protection"
_KINDS = (
    (r"children in need of help and protection", "sif"),
    (r"safeguarding arrangements ?/ ?arrangements for the protection", _EITHER),
    (r"safeguarding\b.*\blooked after|looked after\b.*\bsafeguarding", "safeguarding-lac"),
    (r"safeguarding\b.*\bchildren looked after", "safeguarding-lac"),
    (r"safeguarding arrangements", "safeguarding"),
    (r"protection of children|child protection", "child-protection"),
    (r"safeguarding", "safeguarding"),
    (r"looked after|children in care", "looked-after-children"),
    (r"adoption", "adoption"),
    (r"private fostering", "private-fostering"),
    (r"fostering", "fostering"),
    (r"children's services", "sif"),
)
_SLAC = "safeguarding-and-looked-after-children"
_CHILD_PROTECTION_IN_RE = rx(
    r"\b(?:(?P<y1>(?:19|20)\d\d) child protection inspection|(?:inspection of|inspected) "
    r"(?:the )?(?:arrangements for )?child protection (?:services |arrangements )?in "
    r"(?P<y2>(?:19|20)\d\d))"
)


def _either(text: SourceText, when: str | None) -> str:
    """The kind of a "safeguarding arrangements/arrangements for the protection of
    children" inspection: child protection if the report names one of that year."""
    years = {m["y1"] or m["y2"] for m in _CHILD_PROTECTION_IN_RE.finditer(text.clean)}
    return "child-protection" if when and when[:4] in years else "safeguarding"


def kind_of(what: str, when: str | None = None) -> str | None:
    """The kind of an earlier inspection from the words naming it; None if unknown (an
    inspection of "children's services" before the SIF began in November 2013)."""
    lowered = squash(what).lower()
    for words, kind in _KINDS:
        if re.search(words, lowered):
            if kind == "sif" and when and when < "2013-11":
                return None
            return _SLAC if kind == "safeguarding-lac" else kind
    return None


@dataclass
class _Mention:
    kind: str
    start: int
    end: int
    when: str | None = None
    published: str | None = None
    grade: str | None = None  # as printed


def _grade_slug(report: Report, kind: str, printed: str | None) -> str | None:
    """A printed grade's slug; "satisfactory" (adoption and fostering before 2014) kept."""
    if not printed:
        return None
    lowered = squash(printed).lower()
    slug = (
        grade(printed)
        or vocab.grade_slug(printed, "adequate-scale")
        or ("satisfactory" if lowered == "satisfactory" else None)
    )
    if slug is None:
        report.warnings.append(f"previous {kind} grade '{printed}' is on no scale")
    return slug


def _from_statement(text: SourceText, m: re.Match[str], report: Report) -> list[_Mention]:
    """The mention(s) of one "The previous inspection of ... was in ..." statement."""
    when = month_year(m["when"])
    # "The previous single inspection framework (SIF) inspection of the local authority"
    kind = kind_of(m["what"], when) or (kind_of("children's services", when) if m["sif"] else None)
    if kind is None:
        report.warnings.append(f"previous inspection of unknown kind: '{squash(m.group())}'")
        return []
    if kind == _EITHER:
        kind = _either(text, when)
    dated = {"published": when} if m["published"] else {"when": when}
    split = _SPLIT_TAIL_RE.match(text.clean, m.end()) if kind == _SLAC else None
    if split:
        parts = [(kind_of(split[f"w{n}"]), split[f"g{n}"]) for n in "12"]
        if all(part for part, _ in parts):
            end = split.end()
            return [_Mention(str(part), m.start(), end, grade=g, **dated) for part, g in parts]
    tail = _GRADE_TAIL_RE.match(text.clean, m.end()) or _BOTH_TAIL_RE.match(text.clean, m.end())
    if tail is None:
        following = _PREVIOUS_RE.search(text.clean, m.end())
        stop = min(m.end() + 600, following.start() if following else len(text.clean))
        tail = _OVERALL_AFTER_RE.search(text.clean, m.end(), stop)
    return [
        _Mention(
            kind, m.start(), tail.end() if tail else m.end(), grade=tail and tail["grade"], **dated
        )
    ]


def _statements(text: SourceText, report: Report) -> list[_Mention]:
    """Mentions from the "previous/last inspection of ..." statements, those in
    "Information about this local authority area" first; "in both inspections" also
    grades the mention before."""
    found: list[_Mention] = []
    # Every statement holds the word and none a full stop: only those sentences are read.
    for m in finditer_in(_PREVIOUS_RE, text.clean, sentences_with(text.clean, _INSPECT_CUE)):
        both = _BOTH_TAIL_RE.match(text.clean, m.end())
        if both and found and found[-1].grade is None and m.start() - found[-1].end < 400:
            found[-1].grade = both["grade"]
        found += _from_statement(text, m, report)
    both_mentions = _BOTH_RE.finditer(text.clean) if _BOTH_CUE_RE.search(text.clean) else ()
    for m in both_mentions:
        when = month_year(m["when"])
        found += [
            _Mention(kind, m.start("what"), m.end(), when, grade=m["grade"])
            for kind in ("adoption", "fostering")
            if re.search(rf"\b{kind}\b", m["what"], re.I)
        ]
    info = _AREA_INFO_RE.search(text.clean, contents_end(text))
    if info:
        found.sort(key=lambda mention: (mention.start < info.start(), mention.start))
    return found


def _other_mentions(text: SourceText) -> list[_Mention]:
    found = []
    runs = sentences_with(text.clean, _INSPECT_CUE)  # every pattern holds the word
    for pattern in _OTHER_RES:
        if pattern is _OTHER_RES[1] and not _LAST_INSPECTED_CUE_RE.search(lowered(text.clean)):
            continue
        for m in finditer_in(pattern, text.clean, runs):
            when = month_year(m["when"])
            kind = kind_of(m["what"], when)
            if kind == _EITHER:
                kind = _either(text, when)
            if kind:
                published = m.groupdict().get("published")
                dated = {"published": when} if published else {"when": when}
                found.append(_Mention(kind, m.start(), m.end(), grade=m["grade"], **dated))
    return found


def _same_inspection(kept: _Mention, other: _Mention) -> bool:
    """Whether two mentions of one kind can be the same inspection (same year)."""
    first = kept.when or kept.published
    second = other.when or other.published
    return bool(first and second and first[:4] == second[:4])


def _merge(
    found: list[_Mention], other: _Mention, text: SourceText, report: Report, new: bool
) -> None:
    """Let ``other`` complete the mention of the same inspection (its grade, its month for
    a bare year; another month of the same year is a warning) or, when ``new`` or no
    mention of its kind is known, record it."""
    same = [k for k in found if k.kind == other.kind and _same_inspection(k, other)]
    if not same:
        if new or not any(k.kind == other.kind for k in found):
            found.append(other)
        return
    kept = same[0]
    kept.grade = kept.grade or other.grade
    if kept.when and other.when and kept.when != other.when:
        if len(kept.when) == 4 and other.when.startswith(kept.when):
            kept.when = other.when  # Rochdale 2014: "in 2012" and "in November 2012"
        elif len(other.when) == 7 and len(kept.when) == 7:
            quote = squash(text.clean[other.start : other.end])
            report.warnings.append(
                f"the previous {kept.kind} inspection is dated {kept.when} and, elsewhere, "
                f"{other.when} ('{quote}'); kept {kept.when}"
            )
    elif not kept.when and other.when and not other.published:
        kept.when = other.when


def _safeguarding_or_child_protection(found: list[_Mention]) -> list[_Mention]:
    """Which of the two a safeguarding inspection was, by the looked after children
    inspection beside it. One in the same month is a SLAC inspection's safeguarding half,
    however the report words it (Middlesbrough 2016: "the protection of children" and the
    looked after children both "in July 2011"). One alone from June 2012, when the child
    protection inspections began, until the SIF (November 2013) was a child protection
    inspection (North Yorkshire 2014: "safeguarding arrangements ... in October 2012", and
    "the child protection inspection in 2012" elsewhere; Worcestershire 2017's "protection
    of children ... in March 2012", its looked after children in October 2010, stays one).
    A bare year is left as printed."""

    def month(k: _Mention) -> str | None:
        return k.when or k.published

    looked_after = {month(k) for k in found if k.kind == "looked-after-children" and month(k)}
    for k in found:
        when = month(k)
        if k.kind == "child-protection" and when in looked_after:
            k.kind = "safeguarding"
        elif (
            k.kind == "safeguarding"
            and when
            and len(when) == 7
            and when not in looked_after
            and "2012-06" <= when < "2013-11"
        ):
            k.kind = "child-protection"
    return found


def _drop_combined(found: list[_Mention]) -> list[_Mention]:
    """A combined safeguarding and looked after children mention that the report also
    states as two (Plymouth 2015) is left out: the two are recorded."""
    years = {(k.kind, (k.when or k.published or "")[:4]) for k in found}
    return [
        k
        for k in found
        if not (
            k.kind == _SLAC
            and ("safeguarding", (k.when or k.published or "")[:4]) in years
            and ("looked-after-children", (k.when or k.published or "")[:4]) in years
        )
    ]


def _visit_year(text: SourceText, mention: _Mention) -> str | None:
    """The year of the visit of an inspection dated only by its report's publication
    (Wigan 2017: "published in July 2012" and, elsewhere, "since the last inspection in
    2012"): the one year printed so, if no later than the publication."""
    years = {m["year"] for pattern in _LAST_YEAR_RES for m in pattern.finditer(text.clean)}
    if not mention.published or len(years) != 1:
        return None
    year = next(iter(years))
    published = int(mention.published[:4])
    return year if published - 1 <= int(year) <= published else None


def previous(text: SourceText, report: Report) -> None:
    """Every earlier inspection the report dates, once each (see the module docstring)."""
    found: list[_Mention] = []
    for mention in _statements(text, report):
        _merge(found, mention, text, report, new=True)
    for other in _other_mentions(text):
        _merge(found, other, text, report, new=False)
    for mention in _drop_combined(_safeguarding_or_child_protection(found)):
        when = mention.when or _visit_year(text, mention)
        report.previous.append(
            PreviousInspection(
                mention.kind,
                text.span(mention.start, mention.end),
                when,
                _grade_slug(report, mention.kind, mention.grade),
                published=mention.published,
            )
        )
