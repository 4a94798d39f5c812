"""Plain records that the parsers produce and the graph builder consumes.

Nothing here knows about RDF. Every fact carries a :class:`Span` so that a reader can
check it against the report: ``source_text[span.start:span.end] == span.quote``.
Vocabulary keys (framework, area, grade, role, ...) are short slugs; the ontology
defines the concept behind each slug, and :mod:`ofsted_kg.model.vocab` lists the valid ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Span:
    """Where a fact sits in its report: 0-based ``[start, end)`` offsets and the exact quote.

    For text files the offsets index the file's decoded text. For PDFs ``page`` is the
    1-based page number and the offsets index that page's extracted text; the words a fact
    carries on to the next pages (a recommendation split by a page break) are the spans in
    ``continued``, one a page, the running header and page number between them left out.
    """

    start: int
    end: int
    quote: str
    page: int | None = None
    continued: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Authority:
    """The council as the report names it (``name``) plus other printed names."""

    name: str
    span: Span
    aliases: tuple[str, ...] = ()
    trust: str | None = None  # a children's trust the report names as running the services
    trust_span: Span | None = None  # where it names the trust (its title, or a sentence)


@dataclass(frozen=True)
class TeamMember:
    """A named member of the inspection team.

    ``role`` is a slug from :data:`ofsted_kg.model.vocab.ROLES`; ``role_as_printed`` keeps the
    report's own words; ``additional_inspector`` marks "(Additional Inspector)" / "AI".
    """

    name: str
    role: str
    role_as_printed: str
    span: Span
    additional_inspector: bool = False


@dataclass(frozen=True)
class Judgement:
    """One graded judgement.

    ``scope`` says what was judged ("local-authority", "lscb", "safeguarding",
    "looked-after-children"); ``area`` is a slug from the framework's area scheme and
    ``grade`` a slug from the framework's grade scheme.
    """

    scope: str
    area: str
    area_as_printed: str
    grade: str
    grade_as_printed: str
    span: Span


@dataclass(frozen=True)
class Recommendation:
    """A recommendation or area for improvement, verbatim (whitespace and damage cleaned)."""

    text: str
    addressee: str
    span: Span
    timescale: str | None = None
    number: int | None = None
    # National framework outcomes/enablers/principles the report tags the item with
    # (slugs of vocab.NATIONAL_FRAMEWORK), e.g. "(Outcome 2, national framework)".
    national_framework: tuple[str, ...] = ()
    # The theme heading a SIF report prints above a group of bulleted recommendations.
    theme: str | None = None


@dataclass(frozen=True)
class Post:
    """A post the report mentions with its tenure, e.g. the Director of Children's Services."""

    post: str
    span: Span
    since: str | None = None  # "YYYY-MM" or "YYYY"
    holder: str | None = None
    acting: bool = False  # the holder printed as interim or acting


@dataclass(frozen=True)
class PreviousInspection:
    """An earlier inspection the report refers to."""

    kind: str
    span: Span
    when: str | None = None  # "YYYY-MM" or "YYYY"
    grade: str | None = None  # grade slug, where the report gives one
    published: str | None = None  # when its report was published, where printed instead


@dataclass(frozen=True)
class KeyFigure:
    """A number from "Information about this local authority area" / "Service information"."""

    measure: str
    value: Decimal
    span: Span
    as_at: date | None = None
    rate_per_10000: Decimal | None = None


@dataclass(frozen=True)
class DatedFact:
    """A date printed in the report, with where it was printed."""

    value: date
    span: Span


@dataclass
class Report:
    """Everything parsed from one inspection report."""

    source: str
    framework: str
    authority: Authority
    start: DatedFact
    end: DatedFact
    published: DatedFact | None = None
    team: list[TeamMember] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    previous: list[PreviousInspection] = field(default_factory=list)
    figures: list[KeyFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source_sha256: str = ""
    # Whether the report includes a review of the LSCB (a SIF report's title says so);
    # None where the framework has no such part.
    lscb_review: bool | None = None


# --- plain data (JSON) ---------------------------------------------------------------------
# The cache keeps records as JSON (data only: nothing in a cache file can run code), and
# ``ofsted-kg parse`` prints the same form.


_LEAVES = (str, int, float, bool, type(None))  # as they are in JSON (most values: first)


def _plain(value):
    if type(value) in _LEAVES:
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    return value


def report_to_data(report: Report) -> dict:
    """``report`` as JSON-ready data: dates ISO strings, decimals strings, tuples lists."""
    return _plain(report)


def _span(data: dict) -> Span:
    return Span(int(data["start"]), int(data["end"]), str(data["quote"]), data.get("page"))


def _decimal_or_none(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def _date_or_none(value) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _dated(data: dict | None) -> DatedFact | None:
    return (
        None if data is None else DatedFact(date.fromisoformat(data["value"]), _span(data["span"]))
    )


def report_from_data(data: dict) -> Report:
    """The :class:`Report` that :func:`report_to_data` gave ``data`` for.

    Raises ``KeyError``, ``TypeError`` or ``ValueError`` on data of another shape.
    """
    a = data["authority"]
    start, end = _dated(data["start"]), _dated(data["end"])
    if start is None or end is None:
        raise ValueError("a report needs its start and end dates")
    report = Report(
        source=data["source"],
        framework=data["framework"],
        authority=Authority(
            a["name"],
            _span(a["span"]),
            tuple(a["aliases"]),
            a.get("trust"),
            _span(a["trust_span"]) if a.get("trust_span") else None,
        ),
        start=start,
        end=end,
        published=_dated(data["published"]),
        warnings=list(data["warnings"]),
        source_sha256=data["source_sha256"],
        lscb_review=data.get("lscb_review"),
    )
    report.team = [
        TeamMember(
            m["name"], m["role"], m["role_as_printed"], _span(m["span"]), m["additional_inspector"]
        )
        for m in data["team"]
    ]
    report.judgements = [
        Judgement(
            j["scope"],
            j["area"],
            j["area_as_printed"],
            j["grade"],
            j["grade_as_printed"],
            _span(j["span"]),
        )
        for j in data["judgements"]
    ]
    report.recommendations = [
        Recommendation(
            r["text"],
            r["addressee"],
            _span(r["span"]),
            r["timescale"],
            r["number"],
            tuple(r.get("national_framework", ())),
            r.get("theme"),
        )
        for r in data["recommendations"]
    ]
    report.posts = [
        Post(p["post"], _span(p["span"]), p["since"], p["holder"], bool(p.get("acting")))
        for p in data["posts"]
    ]
    report.previous = [
        PreviousInspection(p["kind"], _span(p["span"]), p["when"], p["grade"], p["published"])
        for p in data["previous"]
    ]
    report.figures = [
        KeyFigure(
            f["measure"],
            Decimal(f["value"]),
            _span(f["span"]),
            _date_or_none(f["as_at"]),
            _decimal_or_none(f["rate_per_10000"]),
        )
        for f in data["figures"]
    ]
    return report
