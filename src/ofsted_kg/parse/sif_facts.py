"""Posts with tenure and key figures of SIF reports (earlier inspections: :mod:`.sif_previous`).

Shared by :mod:`.sif` and :mod:`.lscb`: sentences found anywhere in the cleaned text,
every pattern tolerant of line wraps.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..normalise import SourceText, squash
from ..records import KeyFigure, Post, Report
from .common import MONTH_RE, SINGLE_DATE_RE, month_number, month_year
from .sif_sections import line, number, rx

_WHEN = rf"(?:\d{{1,2}} )?(?:{MONTH_RE} )?\d{{4}}"
_POST_RE = rx(
    rf"The (?:interim |acting )?(?P<post>director of children's services|DCS|"
    # Cambridgeshire 2014: "The Executive Director of Children, Families and Adult Services".
    rf"(?:executive |corporate )?director of children, [a-z ]{{0,40}}?services|"
    rf"(?:independent )?chair of the (?:LSCB|Local Safeguarding Children(?:'s)? Board)|"
    rf"(?:independent )?LSCB chair|chief executive)"
    rf"(?: \((?:DCS|LSCB)\))?(?:, who [^.,]{{0,120}},)? has been in post since (?P<when>{_WHEN})"
)
# Redbridge 2016, after the chair's tenure: "At the time of the inspection, an interim chair
# had been in post since August 2016": the post's holder during the inspection.
_INTERIM_RE = rx(
    rf"\W{{0,3}}(?P<statement>At the time of the inspection, an? (?:interim|acting) "
    rf"(?:chair|director|DCS|chief executive) had been in post since (?P<when>{_WHEN}))"
)


def posts(text: SourceText, report: Report) -> None:
    """One tenure per post, the first printed (Windsor and Maidenhead 2015 states the
    DCS's twice: p.6 and p.11); a later statement giving another date is a warning."""
    found: dict[str, Post] = {}
    for m in _POST_RE.finditer(text.clean):
        printed = squash(m["post"]).lower()
        post = (
            "director-of-childrens-services"
            if "director" in printed or printed == "dcs"
            else "lscb-chair"
            if "chair" in printed
            else "chief-executive"
        )
        if interim := _INTERIM_RE.match(text.clean, m.end()):
            span = text.span(interim.start("statement"), interim.end())
            tenure = Post(post, span, since=month_year(interim["when"]))
        else:
            tenure = Post(post, text.match_span(m), since=month_year(m["when"]))
        kept = found.setdefault(post, tenure)
        if kept.since != tenure.since:
            report.warnings.append(
                f"{post}: '{squash(kept.span.quote)}' but also '{squash(tenure.span.quote)}'; "
                f"kept {kept.since}"
            )
    report.posts += found.values()


_AREA_INFO_RE = line("Information about (?:this|the) (?:local authority )?area")
_AREA_INFO_END_RE = line(
    r"Inspection judgements? about the local authority|Recommendations|Executive summary"
    r"|Summary for children and young people|What does the local authority need to improve\?"
    r"|The experiences and progress[^\t\n]*"
)
_DATE = rf"(?P<date>\d{{1,2}}(?:st|nd|rd|th)? {MONTH_RE} \d{{4}})"
_NUM = r"(?P<v>\d[\d,]*|(?:less than |fewer than )?[a-z]+)"
_PCT = r"(?P<v>\d+(?:\.\d+)?)"
_FIGURE_RES = tuple(
    (measure, rx(pattern))
    for measure, pattern in (
        (
            "children-under-18",
            rf"{_NUM} children and young people under (?:the age of 18|18 "
            rf"years old)",
        ),
        (
            "children-in-need",
            rf"(?:At )?{_DATE},? {_NUM} children (?:had been|were) identified "
            rf"(?:through assessment )?as (?:being )?(?:formally )?in need",
        ),
        (
            "child-protection-plans",
            rf"(?:At )?{_DATE},? {_NUM} children and young people were "
            rf"the subject of a child protection plan"
            rf"(?: \(a rate of (?P<rate>\d+(?:\.\d+)?) per 10,000)?",
        ),
        (
            "private-fostering",
            rf"(?:At )?{_DATE},? {_NUM} (?:children|child) lived in (?:a )?"
            rf"(?:privately arranged fostering placement|private fostering "
            rf"arrangement)",
        ),
        (
            "children-looked-after",
            rf"(?:At )?{_DATE},? {_NUM} children (?:are|were) being looked "
            rf"after by the (?:local authority|LA) \(a rate of "
            rf"(?P<rate>\d+(?:\.\d+)?) per 10,000",
        ),
        ("minority-ethnic-children", rf"minority ethnic groups account for {_PCT}%"),
        ("adoptions", rf"\b{_NUM} (?:adoptions\b|children (?:have been|were) adopted)"),
    )
)
# Percentages printed as two sub-bullets under an introducing line.
_SPLIT_FIGURE_RES = (
    (rx(r"entitled to free school meals"), "free-school-meals"),
    (rx(r"English as an additional language"), "eal"),
)
_PHASE_RE = rx(rf"in (?P<phase>primary|secondary) schools is {_PCT}%")


def figures(text: SourceText, report: Report) -> None:
    clean = text.clean
    heading = _AREA_INFO_RE.search(clean)
    if not heading:
        report.warnings.append("no 'Information about this local authority area' section")
        return
    stop = _AREA_INFO_END_RE.search(clean, heading.end())
    end = stop.start() if stop else min(len(clean), heading.end() + 8000)
    for measure, pattern in _FIGURE_RES:
        m = pattern.search(clean, heading.end(), end)
        if not m:
            report.warnings.append(f"key figure '{measure}' not found")
            continue
        value = number(m["v"])
        if value is None:
            report.warnings.append(
                f"key figure '{measure}' printed as '{squash(m['v'])}', not a number: not recorded"
            )
            continue
        as_at = _date(m["date"]) if "date" in pattern.groupindex else None
        rate = Decimal(m["rate"]) if "rate" in pattern.groupindex and m["rate"] else None
        report.figures.append(KeyFigure(measure, value, text.match_span(m), as_at, rate))
    for intro_re, prefix in _SPLIT_FIGURE_RES:
        intro = intro_re.search(clean, heading.end(), end)
        if not intro:
            report.warnings.append(f"key figures '{prefix}-*' not found")
            continue
        for m in _PHASE_RE.finditer(clean, intro.end(), min(end, intro.end() + 400)):
            report.figures.append(
                KeyFigure(f"{prefix}-{m['phase'].lower()}", Decimal(m["v"]), text.match_span(m))
            )


def _date(printed: str) -> date | None:
    m = SINGLE_DATE_RE.search(printed)
    if not m:
        return None
    try:
        return date(int(m["y"]), month_number(m["m"]), int(m["d"]))
    except ValueError:
        return None
