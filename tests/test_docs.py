"""The committed ontology documentation is what `make docs` (tools/make_docs.py) writes now."""

from __future__ import annotations

from pathlib import Path

import pytest
from make_docs import PAGES, render_docs

DOCS = Path(__file__).resolve().parents[1] / "docs" / "ontology"


@pytest.fixture(scope="module")
def pages():
    return render_docs()


@pytest.mark.parametrize("name", PAGES)
def test_committed_docs_are_fresh(pages, name):
    assert (DOCS / name).read_text(encoding="utf-8") == pages[name], (
        "docs/ontology is stale: run 'make docs'"
    )


def test_docs_cover_classes_ranks_and_messages(pages):
    assert "### Inspection (`ofs:Inspection`)" in pages["classes-and-properties.md"]
    assert (
        "| `ofs:startDate` | start date | data | `ofs:Inspection` | `xsd:date` |"
        in pages["classes-and-properties.md"]
    )
    assert "| `requires-improvement` | Requires improvement | 3 |  |" in pages["concept-schemes.md"]
    assert "An inspection must have exactly one report." in pages["shapes.md"]
