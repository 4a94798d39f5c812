"""Shared fixtures: the bundled reports and their parsed records."""

from __future__ import annotations

from pathlib import Path

import pytest

from ofsted_kg.parse import parse_report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT_FILES = sorted(REPORTS.glob("*.txt"))


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
    from ofsted_kg.graph import build_graph

    return build_graph(all_reports)
