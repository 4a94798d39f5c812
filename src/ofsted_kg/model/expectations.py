"""What each framework's reports always contain, and which parsed reports lack it.

:data:`EXPECTED` is the table: per framework, the facts every report of that framework
prints (read off the development set, see ``docs/pdf-layouts.md``). :func:`gaps` lists
what one parsed :class:`~ofsted_kg.model.records.Report` lacks; the build summary prints each
gap as a ``coverage:`` warning. A gap is either a parser miss or a report that really
differs from its framework's norm; the README's list of known gaps says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ofsted_kg.model.records import Report


@dataclass(frozen=True)
class Expectation:
    """One thing a framework's reports always have: a check and what to say if it fails.

    ``slug`` names the gap in the graph (``concept:coverage-gap/<slug>``, a SKOS concept
    generated from this table); ``missing`` says it in words.
    """

    slug: str  # e.g. "lead-inspector"
    missing: str  # e.g. "no lead inspector"
    check: Callable[[Report], bool]


def _role(role: str) -> Callable[[Report], bool]:
    return lambda r: any(m.role == role for m in r.team)


def _area(area: str, scope: str = "local-authority") -> Callable[[Report], bool]:
    return lambda r: any(j.area == area and j.scope == scope for j in r.judgements)


def _recommendations(addressee: str | None = None) -> Callable[[Report], bool]:
    return lambda r: any(addressee in (None, x.addressee) for x in r.recommendations)


LEAD = Expectation("lead-inspector", "no lead inspector", _role("lead-inspector"))
JUDGED = Expectation("judgements", "no graded judgement", lambda r: bool(r.judgements))
PUBLISHED = Expectation("published-date", "no published date", lambda r: r.published is not None)
OVERALL = Expectation(
    "overall-effectiveness", "no overall effectiveness judgement", _area("overall-effectiveness")
)
# A SIF report whose title announces no LSCB review (its review was published apart, as
# Surrey's in 2015) is not expected to judge the LSCB.
LSCB_JUDGED = Expectation(
    "lscb-judgement",
    "no LSCB judgement",
    lambda r: r.lscb_review is False or _area("lscb-effectiveness", "lscb")(r),
)
IMPROVE = Expectation("improvement-points", "no 'What needs to improve' items", _recommendations())
RECOMMENDED = Expectation("recommendations", "no recommendations", _recommendations())

# Per framework, what every report prints. ILACS reports print no publication date.
EXPECTED: dict[str, tuple[Expectation, ...]] = {
    "safeguarding-lac-2012": (
        LEAD,
        JUDGED,
        PUBLISHED,
        Expectation(
            "safeguarding-overall-effectiveness",
            "no safeguarding overall effectiveness judgement",
            _area("safeguarding-overall-effectiveness"),
        ),
        Expectation(
            "lac-overall-effectiveness",
            "no looked after children overall effectiveness judgement",
            _area("lac-overall-effectiveness"),
        ),
        Expectation(
            "timescaled-recommendations",
            "no 'Areas for improvement' with timescales",
            lambda r: any(x.timescale for x in r.recommendations),
        ),
    ),
    "child-protection-2012": (
        LEAD,
        JUDGED,
        PUBLISHED,
        OVERALL,
        Expectation(
            "timescaled-recommendations",
            "no 'Areas for improvement' with timescales",
            lambda r: any(x.timescale for x in r.recommendations),
        ),
    ),
    "lac-2013": (
        LEAD,
        JUDGED,
        PUBLISHED,
        OVERALL,
        Expectation(
            "capacity-to-improve", "no capacity to improve judgement", _area("capacity-to-improve")
        ),
        Expectation(
            "timescaled-recommendations",
            "no 'Areas for improvement' with timescales",
            lambda r: any(x.timescale for x in r.recommendations),
        ),
    ),
    "sif": (
        LEAD,
        JUDGED,
        PUBLISHED,
        OVERALL,
        Expectation(
            "team", "no team list (only the lead inspector named)", lambda r: len(r.team) >= 2
        ),
        Expectation(
            "local-authority-recommendations",
            "no recommendations to the local authority",
            _recommendations("local-authority"),
        ),
        LSCB_JUDGED,
    ),
    # Re-inspections of authorities judged inadequate, without an LSCB review.
    "sif-reinspection": (
        LEAD,
        JUDGED,
        PUBLISHED,
        OVERALL,
        Expectation(
            "team", "no team list (only the lead inspector named)", lambda r: len(r.team) >= 2
        ),
        Expectation(
            "local-authority-recommendations",
            "no recommendations to the local authority",
            _recommendations("local-authority"),
        ),
    ),
    "lscb-review": (
        LEAD,
        PUBLISHED,
        LSCB_JUDGED,
        RECOMMENDED,
    ),
    "ilacs-standard": (
        LEAD,
        JUDGED,
        OVERALL,
        IMPROVE,
    ),
    "ilacs-short": (
        LEAD,
        JUDGED,
        OVERALL,
        IMPROVE,
    ),
    # From 27 April 2026: no overall effectiveness judgement by design (not a gap).
    "ilacs-2026": (
        LEAD,
        JUDGED,
        IMPROVE,
    ),
}


def missing(report: Report) -> list[Expectation]:
    """What ``report`` lacks that every report of its framework has, in table order."""
    return [e for e in EXPECTED.get(report.framework, (LEAD, JUDGED)) if not e.check(report)]


def gaps(report: Report) -> list[str]:
    """:func:`missing`, in words ("no lead inspector")."""
    return [e.missing for e in missing(report)]


def expectations() -> dict[str, Expectation]:
    """Every kind of gap, by slug (the concept scheme of coverage gaps)."""
    return {e.slug: e for table in EXPECTED.values() for e in table}


def found(report: Report) -> dict[str, int]:
    """Counts of what was found: judgements, recommendations, team, figures, posts."""
    return {
        "judgements": len(report.judgements),
        "recommendations": len(report.recommendations),
        "team": len(report.team),
        "figures": len(report.figures),
        "posts": len(report.posts),
    }
