"""Human-readable summaries of a build: one row per report, then the totals."""

from __future__ import annotations

from collections import Counter

from ofsted_kg.build.outcome import BuildResult
from ofsted_kg.errors import UnknownAuthority
from ofsted_kg.model.councils import council_of
from ofsted_kg.model.expectations import gaps
from ofsted_kg.model.records import Report


def _council(report: Report) -> str:
    """The council's name as the queries show it ("Hull" -> "Kingston Upon Hull, City of")."""
    try:
        return council_of(report).name
    except UnknownAuthority:
        return report.authority.name


def _printable(text: str) -> str:
    """``text`` on one line: a newline or control character in a file name cannot fake
    a summary line."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def build_summary(result: BuildResult) -> str:
    """A table of what each report yielded, its warnings and coverage gaps (see
    :mod:`ofsted_kg.model.expectations`), the failures, and the validation verdict."""
    header = (
        "report",
        "framework",
        "authority",
        "start",
        "judgements",
        "recs",
        "team",
        "figures",
        "warnings",
    )
    rows = []
    for outcome in result.outcomes:
        report = outcome.report
        if report is None or outcome.status in ("quarantined", "duplicate"):
            status = outcome.status.upper()
            rows.append((_printable(outcome.name), status, "", "", "", "", "", "", ""))
            continue
        rows.append(
            (
                _printable(report.source),
                report.framework,
                _council(report),
                report.start.value.isoformat(),
                str(len(report.judgements)),
                str(len(report.recommendations)),
                str(len(report.team)),
                str(len(report.figures)),
                str(len(report.warnings)),
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    frameworks = Counter(r.framework for r in result.reports)
    lines.append("")
    skipped = result.skipped
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(frameworks.items()))
    given = len(result.outcomes) - len(skipped)
    lines.append(
        f"{len(result.reports)} of {given} reports read"
        + (f" ({counts})" if counts else "")
        + (f"; {len(result.failures)} refused" if result.failures else "")
        + (f"; {len(result.quarantined)} quarantined" if result.quarantined else "")
        + (f"; {len(skipped)} file(s) skipped" if skipped else "")
    )
    for report in result.reports:
        for warning in report.warnings:
            lines.append(f"warning: {_printable(report.source)}: {warning}")
    for report in result.reports:
        for gap in gaps(report):
            lines.append(
                f"coverage: {_printable(report.source)}: {gap} "
                f"({report.framework} reports have one)"
            )
    for outcome in skipped:
        lines.append(f"note: skipped {_printable(outcome.name)}: {outcome.skipped}")
    for outcome in result.failures:
        lines.append(f"refused: {_printable(outcome.error or outcome.name)}")
    for outcome in result.quarantined:
        for reason in outcome.quarantined:
            lines.append(f"quarantined: {_printable(outcome.name)}: {_printable(reason)}")
    for note in result.notes:
        lines.append(f"note: {note}")
    if not result.reports:  # nothing parsed: a graph of reference data alone says nothing
        return "\n".join(lines) + "\n"
    if result.up_to_date:
        lines.append("graph up to date: no input or code changed since the last build")
    elif result.lines:
        lines.append(f"{result.triple_count} triples")
    if result.validation is not None:
        verdict = (
            "conforms to the SHACL shapes"
            if result.validation.conforms
            else f"{len(result.validation.violations)} SHACL violation(s)"
        )
        if result.validation.checked is not None:  # a rebuild checked its changes alone
            verdict += (
                f" (shapes checked on the {result.validation.checked} nodes this rebuild's "
                "changes can affect; the rest conformed before)"
            )
        lines.append(f"validation: {verdict}")
    return "\n".join(lines) + "\n"
