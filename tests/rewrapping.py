"""Real reports laid out again: a PDF's paragraphs broken at another line width.

Ofsted's PDFs differ in their margins, fonts and table widths, so an unseen report breaks
its lines in other places than the reports the parsers were written on: a name and its
marker on two lines ("John Roughton" / "HMI"), a contents entry over two lines, an item's
second sentence on a line of its own. :func:`rewrap_page` re-breaks the running text of a
page at ``width`` characters (0: one line a paragraph, as a text layer without hard wraps
gives it) and leaves alone what a layout does not re-break: headings and other short
lines, running headers, lines that start a bullet, a numbered paragraph or a labelled
entry ("Lead inspector: ..."), and line ends at a sentence's end.
"""

from __future__ import annotations

import re
import textwrap

from ofsted_kg.source.text import page_furniture

# A line that starts something of its own: a bullet glyph or dash, a numbered paragraph,
# a label ("Team inspectors:"), a role.
_STARTS_RE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z ()]{2,40}:|[\uf06e\uf0a7\uf02d\u25fc\u2022\u2212\u2013\u2015-]"
    r"|\d+(?:\.\d+)*\.?\s|[A-Z][a-z]+ inspector)"
)
_SENTENCE_END_RE = re.compile(r"[.:;?!)]['\")]?\s*$")
SHORT = 60  # characters: a shorter line ends its paragraph (or is a heading)


def _ends_paragraph(index: int, line: str) -> bool:
    return index == 0 or len(line.rstrip()) < SHORT or bool(_SENTENCE_END_RE.search(line))


def _starts_paragraph(line: str) -> bool:
    body = line.strip()
    return not body or bool(_STARTS_RE.match(line)) or (len(body) < SHORT and body[0].isupper())


def rewrap_page(page: str, width: int) -> str:
    """``page`` with each run of wrapped lines joined and broken again at ``width``."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        lead = re.match(r"\s*", run[0]).group()
        joined = ""
        for line in run:
            # A compound's hyphen at a line end stays ("up-" / "to-date" is "up-to-date").
            glue = "" if re.search(r"\w-$", joined) or not joined else " "
            joined += glue + line.strip()
        if width:
            wrapped = textwrap.wrap(
                joined,
                width,
                initial_indent=lead,
                break_long_words=False,
                break_on_hyphens=False,
            )
            out.extend(wrapped or [""])
        else:
            out.append(lead + joined)
        run.clear()

    for index, line in enumerate(page.split("\n")):
        if run and _starts_paragraph(line):
            flush()
        run.append(line)
        if _ends_paragraph(index, line):
            flush()
    flush()
    return "\n".join(out)


def facts(report) -> dict[str, object]:
    """What a report states, without where: the same report laid out otherwise must give
    the same."""
    return {
        "framework": report.framework,
        "authority": report.authority.name,
        "dates": (report.start.value, report.end.value),
        "published": report.published.value if report.published else None,
        "judgements": sorted((j.area, j.grade) for j in report.judgements),
        "team": sorted((m.name, m.role, m.additional_inspector) for m in report.team),
        "recommendations": [
            (r.text, r.addressee, r.timescale, r.number, r.theme, r.national_framework)
            for r in report.recommendations
        ],
        "posts": sorted((p.post, p.since or "", p.holder or "", p.acting) for p in report.posts),
        "previous": sorted(
            (p.kind, p.when or "", p.grade or "", p.published or "") for p in report.previous
        ),
        "figures": sorted(
            (f.measure, f.value, str(f.as_at), str(f.rate_per_10000)) for f in report.figures
        ),
    }


def as_pdf_pages(text: str, width: int, lines_per_page: int = 45) -> list[str]:
    """A text report (the bundled 2009-2012 Tameside text) laid out as its PDF would give
    it: bullets as the PDF's glyph (U+F0A7), paragraphs hard-wrapped at ``width`` with no
    blank lines between them, pages of ``lines_per_page`` lines each ending in a running
    footer with its page number (page breaks fall mid-sentence)."""
    body = re.sub(r"(?m)^- (?=\d+\.)", "", text)  # the converter's dash before a paragraph
    body = re.sub(r"(?m)^(?:- | (?=[a-z]))", "\uf0a7 ", body)
    lines = [
        wrapped
        for paragraph in body.split("\n")
        if paragraph.strip()
        for wrapped in textwrap.wrap(paragraph, width, break_on_hyphens=False)
    ]
    return [
        "\n".join([*lines[i : i + lines_per_page], f"Inspection report {i // lines_per_page + 1}"])
        for i in range(0, len(lines), lines_per_page)
    ]


def move_page_breaks(pages: list[str], shift: int) -> list[str]:
    """``pages`` with every page break ``shift`` lines later (earlier if negative): each
    page keeps its running header and footer (as :func:`page_furniture` finds them), and
    the lines between move across the breaks, as on paper of another size."""
    starts, pos = [], 0
    for page in pages:
        starts.append(pos)
        pos += len(page) + 1
    furniture = page_furniture(pages, starts)
    heads, bodies, feet = [], [], []
    for page, start in zip(pages, starts, strict=True):
        lines, offsets, offset = page.split("\n"), [], start
        for line in lines:
            offsets.append(offset)
            offset += len(line) + 1
        edge = [any(a <= o < b for a, b in furniture) or not line.strip()
                for o, line in zip(offsets, lines, strict=True)]  # fmt: skip
        top = next((i for i, e in enumerate(edge) if not e), len(lines))
        bottom = len(lines) - next((i for i, e in enumerate(reversed(edge)) if not e), 0)
        heads.append(lines[:top])
        bodies.append(lines[top:bottom])
        feet.append(lines[bottom:])
    stream = [line for body in bodies for line in body]
    cuts = [0]
    for body in bodies:
        cuts.append(cuts[-1] + len(body))
    bounds = [0, *(min(max(c + shift, 0), len(stream)) for c in cuts[1:-1]), len(stream)]
    return [
        "\n".join(heads[k] + stream[bounds[k] : bounds[k + 1]] + feet[k]) for k in range(len(pages))
    ]
