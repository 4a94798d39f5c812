"""A static website of the graph: plain HTML and CSS, one page per entity.

:func:`build_site` is the front door: from the built graph's tables
(:mod:`ofsted_kg.export.tables`, the same rows as the database) it renders, with Jinja2,

* ``index.html``: England's councils with their latest grades, sortable, by region;
* ``id/authority/{gss}.html``: a council: its grade history as an SVG chart, every
  inspection with its judgements, team, recommendations, posts and key figures, and its
  statistical neighbours' latest grades;
* ``id/inspection/{gss}/{date}.html``: an inspection, each fact with its quote, "page N
  of the report" and the report's SHA-256;
* ``id/person/{name}.html``: an inspector's inspections, led and joined;
* ``concept/...html``: a framework, grade, judgement area or national framework item;

and beside each entity page its ``.ttl`` and ``.jsonld``, its JSON-LD inside the page too.
Paths mirror the IRIs (``…/id/authority/E08000009`` is ``id/authority/E08000009.html``), so
the folder published at the base IRI's parent makes the IRIs resolve. Every link is
relative and nothing is fetched from elsewhere, so the folder also reads from disk.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ofsted_kg.export.tables import Rows
from ofsted_kg.model.namespaces import CONCEPT
from ofsted_kg.site import chart
from ofsted_kg.site.describe import Descriptions, jsonld, turtle

# Concept schemes whose concepts get a page (others, such as roles, are named, not linked).
PAGE_SCHEMES = ("framework", "grade/", "area/", "national-framework", "theme")
RANK_CLASS = {1: "outstanding", 2: "good", 3: "requires-improvement", 4: "inadequate"}
NOT_JUDGED = "not judged under this framework"
NOT_PRINTED = "not printed in the report"


def _by(rows: Iterable[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def has_page(concept: str | None) -> bool:
    """Whether a concept (its path under concept/) has a page of its own."""
    return concept is not None and any(
        concept == s or concept.startswith(s if s.endswith("/") else s + "/") for s in PAGE_SCHEMES
    )


def long_date(text: str | None) -> str:
    """``2022-11-21`` as ``21 November 2022`` (a year or month as printed stays so)."""
    if not text:
        return ""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return text
    return f"{day.day} {day:%B %Y}"


def number(value: Any) -> str:
    """A figure as people write it: 1,234 for a whole number, 63.8 otherwise."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float) and value == int(value):
        return f"{int(value):,}"
    return str(value)


# The order facts are shown in on a page (the tables are sorted by IRI, where "10" < "2").
ROLE_ORDER = ("role/lead-inspector", "role/deputy-lead-inspector")
ORDER = {
    "judgements": lambda r: (
        r["judged"],
        r["area_concept"].endswith("overall-effectiveness"),
        r["area_as_printed"] or r["area"],
    ),
    "recommendations": lambda r: (r["addressee_concept"] or "", r["number"] or 0, r["id"]),
    "team_memberships": lambda r: (
        ROLE_ORDER.index(r["role_concept"]) if r["role_concept"] in ROLE_ORDER else 9,
        r["role"],
        r["name"],
    ),
    "key_figures": lambda r: (r["measure"] or "", r["period"] or ""),
}


@dataclass
class Data:
    """The tables, indexed the ways the pages look them up."""

    info: dict[str, str | None]
    tables: dict[str, list[dict[str, Any]]]
    councils: dict[str, dict[str, Any]] = field(default_factory=dict)
    concepts: dict[str, dict[str, Any]] = field(default_factory=dict)
    inspections: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_inspection: dict[str, dict[Any, list[dict[str, Any]]]] = field(default_factory=dict)
    inspections_of: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)
    neighbours: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)
    ended: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)  # by former council
    formed: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)  # by successor
    memberships_of: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    theme_concepts: dict[str, str] = field(default_factory=dict)  # a theme's label: its id

    @classmethod
    def from_rows(cls, info: dict[str, str | None], all_rows: list[Rows]) -> Data:
        tables = {rows.table.name: rows.dicts() for rows in all_rows}
        data = cls(info, tables)
        data.councils = {row["id"]: row for row in tables["councils"]}
        data.concepts = {row["id"]: row for row in tables["concepts"]}
        data.inspections = {row["id"]: row for row in tables["inspections"]}
        data.people = {row["id"]: row for row in tables["people"]}
        data.theme_concepts = {
            row["label"]: row["id"] for row in tables["concepts"] if row["id"].startswith("theme/")
        }
        for name in (
            "judgements",
            "recommendations",
            "team_memberships",
            "tenures",
            "previous_inspections",
            "key_figures",
            "coverage_gaps",
            "warnings",
        ):
            order = ORDER.get(name, lambda r: r.get("id") or "")
            data.by_inspection[name] = _by(sorted(tables[name], key=order), "inspection")
        data.inspections_of = _by(
            sorted(tables["inspections"], key=lambda r: r["start"]), "council"
        )
        data.neighbours = _by(tables["neighbours"], "council")
        data.ended = _by(tables["reorganisations"], "former")
        data.formed = _by(tables["reorganisations"], "successor")
        data.memberships_of = _by(
            sorted(tables["team_memberships"], key=lambda r: r["start"]), "person"
        )
        return data

    def facts(self, kind: str, inspection: str) -> list[dict[str, Any]]:
        return self.by_inspection[kind].get(inspection, [])

    def overall_parts(self, inspection: str) -> list[dict[str, Any]]:
        """Where a framework gave no single overall grade but several (2009-2012: one for
        safeguarding, one for looked-after children), those judgements."""
        return [
            j
            for j in self.facts("judgements", inspection)
            if j["area_concept"].endswith("overall-effectiveness")
        ]

    def latest(self, council: str) -> dict[str, Any] | None:
        mine = self.inspections_of.get(council)
        return mine[-1] if mine else None

    def latest_overall(self, council: str) -> dict[str, Any] | None:
        """The latest inspection of the council that gave an overall grade."""
        graded = [i for i in self.inspections_of.get(council, []) if i["overall_rank"]]
        return graded[-1] if graded else None


class Renderer:
    """The Jinja2 environment and the helpers every template uses."""

    def __init__(self, data: Data) -> None:
        from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

        self.data = data
        self.env = Environment(
            loader=PackageLoader("ofsted_kg.site", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["long_date"] = long_date
        self.env.filters["number"] = number
        self.env.globals.update(
            rank_class=lambda rank: RANK_CLASS.get(rank or 0, "none"),
            has_page=has_page,
            concept_path=lambda concept: f"concept/{concept}.html",
            page_path=lambda ref: f"id/{ref}.html",
            NOT_JUDGED=NOT_JUDGED,
            NOT_PRINTED=NOT_PRINTED,
            data=data,
            dataset=data.info,
            overall_parts=data.overall_parts,
        )

    def page(self, template: str, path: str, **context: Any) -> bytes:
        depth = path.count("/")
        root = "../" * depth
        html = self.env.get_template(template).render(root=root, path=path, **context)
        return html.encode("utf-8")


def _reorganisation(
    data: Data, rows: list[dict[str, Any]], other: str
) -> tuple[str, list[dict[str, Any]]] | None:
    """The day of a council's reorganisation and the councils on its ``other`` side (its
    successors, or those it was formed from), or None."""
    if not rows:
        return None
    councils = {
        row[other]: data.councils[row[other]] for row in rows if row[other] in data.councils
    }
    return rows[0]["date"], sorted(councils.values(), key=lambda c: c["name"])


def _script_json(document: bytes) -> str:
    """JSON-LD for a ``<script>`` element: ``<`` escaped so no text can close the element."""
    return document.decode("utf-8").replace("<", "\\u003c").strip()


def _points(data: Data, council: str) -> list[chart.Point]:
    common = {c["label"]: c for c in data.concepts.values() if c["scheme"] == "area/common"}
    points = []
    for inspection in data.inspections_of.get(council, []):
        when = date.fromisoformat(inspection["start"])
        for judgement in data.facts("judgements", inspection["id"]):
            if judgement["judged"] != council or judgement["grade_rank"] is None:
                continue  # an LSCB's judgement is not the council's
            for area in judgement["common_areas"]:
                if area in common:
                    points.append(
                        chart.Point(
                            when,
                            area,
                            judgement["grade_rank"],
                            f"{inspection['start']}: {judgement['area']}: {judgement['grade']}",
                        )
                    )
    return points


def _search_index(data: Data) -> bytes:
    items = [
        {"n": c["name"], "k": "council", "u": f"id/{c['id']}.html"}
        for c in sorted(data.councils.values(), key=lambda c: c["name"])
    ]
    items += [
        {"n": p["name"], "k": "inspector", "u": f"id/{p['id']}.html"}
        for p in sorted(data.people.values(), key=lambda p: p["name"])
    ]
    text = json.dumps(items, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"window.OFSTED_SEARCH = {text};\n".encode()


def _static(name: str) -> bytes:
    from importlib.resources import files

    return files("ofsted_kg.site").joinpath("static", name).read_bytes()


def _with_files(
    files: dict[str, bytes], path: str, lines: list[str], render: Any, **context: Any
) -> None:
    """An entity's page, with its Turtle and JSON-LD beside it (and inside it)."""
    stem = path[: -len(".html")]
    document = jsonld(lines)
    files[f"{stem}.ttl"] = turtle(lines)
    files[f"{stem}.jsonld"] = document
    files[path] = render(
        path, jsonld=_script_json(document), ttl=f"{stem.rsplit('/', 1)[-1]}.ttl", **context
    )


def render_site(data: Data, descriptions: Descriptions) -> dict[str, bytes]:
    """Every file of the site, by path."""
    r = Renderer(data)
    files: dict[str, bytes] = {}
    base = data.info.get("base") or ""
    councils = sorted(data.councils.values(), key=lambda c: c["name"])
    latest = {c["id"]: data.latest(c["id"]) for c in councils}
    latest_overall = {c["id"]: data.latest_overall(c["id"]) for c in councils}
    grade_counts = Counter(i["overall_grade"] for i in latest_overall.values() if i)
    dataset_lines = descriptions.entity(data.info.get("dataset") or "")
    files["id/dataset.ttl"] = turtle(dataset_lines)
    files["id/dataset.jsonld"] = dataset_document = jsonld(dataset_lines)
    files["index.html"] = r.page(
        "index.html",
        "index.html",
        jsonld=_script_json(dataset_document),
        ttl="id/dataset.ttl",
        councils=councils,
        latest=latest,
        latest_overall=latest_overall,
        regions=sorted({c["region"] for c in councils if c["region"]}),
        grade_counts=grade_counts,
    )
    files["inspectors.html"] = r.page(
        "inspectors.html",
        "inspectors.html",
        people=sorted(data.people.values(), key=lambda p: p["name"]),
    )
    files["concepts.html"] = r.page(
        "concepts.html",
        "concepts.html",
        concepts=[c for c in data.concepts.values() if has_page(c["id"])],
    )
    for council in councils:
        path = f"id/{council['id']}.html"
        points = _points(data, council["id"])

        def council_page(path: str, council: dict[str, Any] = council, **context: Any) -> bytes:
            return r.page(
                "council.html",
                path,
                council=council,
                inspections=list(reversed(data.inspections_of.get(council["id"], []))),
                neighbours=sorted(
                    (
                        data.councils[n["neighbour"]]
                        for n in data.neighbours.get(council["id"], [])
                        if n["neighbour"] in data.councils
                    ),
                    key=lambda c: c["name"],
                ),
                ended=_reorganisation(data, data.ended.get(council["id"], []), "successor"),
                formed=_reorganisation(data, data.formed.get(council["id"], []), "former"),
                **context,
            )

        _with_files(
            files,
            path,
            descriptions.entity(base + council["id"]),
            council_page,
            svg=chart.grade_chart(points, f"Grade history of {council['name']}"),
            legend=chart.legend(),
        )
    for inspection in data.inspections.values():
        path = f"id/{inspection['id']}.html"

        def inspection_page(path: str, inspection: dict[str, Any] = inspection, **ctx: Any):
            return r.page("inspection.html", path, inspection=inspection, **ctx)

        _with_files(files, path, descriptions.entity(inspection["iri"]), inspection_page)
    for person in data.people.values():
        path = f"id/{person['id']}.html"

        def person_page(path: str, person: dict[str, Any] = person, **ctx: Any) -> bytes:
            mine = data.memberships_of.get(person["id"], [])
            return r.page(
                "person.html",
                path,
                person=person,
                led=[m for m in mine if m["role_concept"] == "role/lead-inspector"],
                joined=[m for m in mine if m["role_concept"] != "role/lead-inspector"],
                **ctx,
            )

        _with_files(files, path, descriptions.person(person["iri"]), person_page)
    judgements = data.tables["judgements"]
    for concept in data.concepts.values():
        if not has_page(concept["id"]):
            continue
        path = f"concept/{concept['id']}.html"
        key = concept["id"]

        def concept_page(path: str, concept: dict[str, Any] = concept, key: str = key, **ctx):
            label = concept["label"]
            return r.page(
                "concept.html",
                path,
                concept=concept,
                judgements=sorted(
                    (
                        j
                        for j in judgements
                        if key in (j["grade_concept"], j["area_concept"])
                        or (key.startswith("area/common/") and label in j["common_areas"])
                    ),
                    key=lambda j: (j["start"], j["council_name"], j["id"]),
                ),
                inspections=sorted(
                    (i for i in data.tables["inspections"] if i["framework_concept"] == key),
                    key=lambda i: (i["start"], i["council_name"]),
                ),
                recommendations=[
                    rec
                    for rec in data.tables["recommendations"]
                    if (
                        key.startswith("national-framework/")
                        and concept["notation"] in rec["national_framework"]
                    )
                    or key in (data.theme_concepts.get(theme) for theme in rec["themes"])
                ],
                **ctx,
            )

        _with_files(files, path, descriptions.concept(str(CONCEPT) + key), concept_page)
    files["search-index.js"] = _search_index(data)
    files["style.css"] = _static("style.css")
    files["site.js"] = _static("site.js")
    return files


def build_site(graph_path: Path, folder: Path) -> dict[str, int]:
    """Build the website of the graph file ``graph_path`` into ``folder``; counts of pages."""
    from ofsted_kg.export.tables import dataset, extract
    from ofsted_kg.site.output import publish
    from ofsted_kg.store.disk import open_store
    from ofsted_kg.store.engines import OxigraphEngine

    store = open_store(Path(graph_path))
    engine = OxigraphEngine(store)
    info = dataset(engine, str(graph_path))
    data = Data.from_rows(info, extract(engine, info["base"] or ""))
    files = render_site(data, Descriptions(store))
    publish(folder, files)
    kinds = {"authority": "councils", "inspection": "inspections", "person": "inspectors"}
    pages: Counter[str] = Counter()
    for name in files:
        if name.endswith(".html"):
            parts = name.split("/")
            kind = parts[1] if parts[0] == "id" else "concepts" if parts[0] == "concept" else ""
            pages[kinds.get(kind, kind) or "lists"] += 1
    return dict(sorted(pages.items()))
