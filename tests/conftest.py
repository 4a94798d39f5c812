"""Shared fixtures: the bundled reports and their parsed records."""

from __future__ import annotations

import sys
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # the build-time generators (make_schemes, ...)

from ofsted_kg.parse import parse_report  # noqa: E402

REPORTS = ROOT / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT_FILES = sorted(REPORTS.glob("*.txt"))


def correct_trafford_2022(folder: Path) -> None:
    """Ofsted corrects Trafford's 2022 report in ``folder``: overall effectiveness, printed
    as requiring improvement to be good, becomes good."""
    trafford = folder / "trafford-2022-ilacs.txt"
    printed = "Overall effectiveness\tRequires improvement to be good"
    text = trafford.read_text("utf-8")
    assert printed in text
    trafford.write_text(text.replace(printed, "Overall effectiveness\tGood", 1), "utf-8")


def read_report(name: str) -> str:
    """The text of a bundled report, exactly as shipped."""
    return (REPORTS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def parsed():
    """Parse a bundled report once per session: ``parsed("bolton-2014-sif.txt")``."""
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = parse_report(read_report(name), name)
        return cache[name]

    return get


@pytest.fixture(scope="session")
def all_reports(parsed):
    """Every bundled report, parsed."""
    return [parsed(path.name) for path in REPORT_FILES]


@pytest.fixture(scope="session")
def built_graph(all_reports):
    """The graph of the five bundled reports (data only, no ontology)."""
    from ofsted_kg.rdf.graph import build_graph

    return build_graph(all_reports)


def report_spans(obj):
    """Every Span reachable from a record (a Report, a judgement, a list of them...)."""
    from ofsted_kg.model.records import Span

    if isinstance(obj, Span):
        yield obj
        yield from obj.continued  # the parts on the next pages
    elif is_dataclass(obj):
        for f in fields(obj):
            yield from report_spans(getattr(obj, f.name))
    elif isinstance(obj, list | tuple):
        for item in obj:
            yield from report_spans(item)


@pytest.fixture(scope="session")
def pdf_pages():
    """Page texts of a fixture PDF, read once: ``pdf_pages("coventry-2022-08-12.pdf")``."""
    from ofsted_kg.source.files import read_pdf_pages

    cache: dict[str, list[str]] = {}

    def get(name: str) -> list[str]:
        if name not in cache:
            cache[name] = read_pdf_pages(FIXTURES / "pdfs" / name)
        return cache[name]

    return get


DEV_PDFS = ROOT.parent / "shared" / "pdfs"


@pytest.fixture(scope="session")
def dev_corpus_graph() -> Path:
    """The graph file of the development corpus (../shared/pdfs and the bundled texts),
    built once per session; skips when the PDFs are not here."""
    if not DEV_PDFS.is_dir():
        pytest.skip("the development PDFs (../shared/pdfs) are not here")
    from graph_files import corpus_graph

    return corpus_graph()
