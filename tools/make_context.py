"""Generate the JSON-LD context (``ontology/context.jsonld``) from the ontology.

``python tools/make_context.py [OUT]`` (``make schemes``); a test fails when the committed
file differs from what this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ofsted_kg.rdf.context import build_context
from ofsted_kg.resources import ontology_graph

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "ontology" / "context.jsonld"
    document = {"@context": build_context(ontology_graph())}
    target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
