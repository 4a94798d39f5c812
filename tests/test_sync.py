"""``ofsted-kg sync`` against a real HTTP server on 127.0.0.1 (pytest-httpserver).

The server's search and provider pages are HAND-MADE in the structure of Ofsted's reports
site as described in issue #18 (``/search?...&start=&rows=``, ``/provider/44/<URN>``,
``<a class="publication-link" href=".../v1/file/<id>">Label <span class="nonvisual">Label,
pdf - 12 May 2015</span></a>``); the "Report not found" page is Ofsted's real one
(``fixtures/ofsted-site/report-not-found.html``) and the reports are the real PDFs of
``fixtures/pdfs``, each listed with the date Ofsted published it. No test touches the
internet.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from werkzeug.wrappers import Request, Response

from conftest import FIXTURES
from ofsted_kg.cli import main
from ofsted_kg.errors import Interrupted, SiteError
from ofsted_kg.model.councils import load_authorities
from ofsted_kg.model.namespaces import OFS
from ofsted_kg.source.manifest import MANIFEST_NAME
from ofsted_kg.source.sync import USER_AGENT, SyncOptions, sync

PDFS = FIXTURES / "pdfs"
NOT_FOUND = (FIXTURES / "ofsted-site" / "report-not-found.html").read_bytes()
SEARCH_QUERY = "q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"
FAST = {"delay": 0.01, "backoff": 0.02, "timeout": 5.0, "retries": 2}


@dataclass
class Doc:
    """One publication on a provider page, and what the file URL answers."""

    file_id: str
    label: str
    published: str  # as the page prints it: "12 May 2015"
    body: bytes | None = None  # None: the real "Report not found" page
    shown: str = ""  # the visible link text (default: the label)
    suffix: str = ", pdf"  # what the hidden text puts between the label and the date


@dataclass
class Council:
    urn: str
    name: str
    docs: list[Doc] = field(default_factory=list)


def pdf(name: str) -> bytes:
    return (PDFS / name).read_bytes()


def search_page(councils: list[Council]) -> str:
    items = "\n".join(
        f'<li class="search-result"><h3 class="search-result__title heading--sub">'
        f'<a href="/provider/44/{c.urn}">{c.name}</a></h3>'
        f'<ul class="search-result__provider-info"><li>Local Authority Children\'s Services'
        f"</li><li>URN: {c.urn}</li></ul></li>"
        for c in councils
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Search - Find an Inspection Report - '
        f'Ofsted</title></head><body><main id="main"><ul class="results-list">{items}'
        "</ul></main></body></html>"
    )


def provider_page(council: Council, file_base: str) -> str:
    items = "\n".join(
        f'<li class="timeline__day"><a class="publication-link" '
        f'href="{file_base}/v1/file/{d.file_id}" target="_blank">{d.shown or d.label} '
        f'<span class="nonvisual">{d.label}{d.suffix} - {d.published}</span></a></li>'
        for d in council.docs
    )
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{council.name} - Find an Inspection '
        f'Report - Ofsted</title></head><body><main id="main"><h1 class="heading--title">'
        f'{council.name}</h1><ul class="timeline">{items}</ul></main></body></html>'
    )


TRAFFORD = Council(
    "80573",
    "Trafford",
    [
        Doc(
            "50009",
            "Children's services focused visit",
            "14 March 2024",
            pdf("newham-2019-03-25.pdf"),
        ),
        Doc(
            "50001", "Children's services inspection", "12 May 2015", pdf("trafford-2015-05-12.pdf")
        ),
    ],
)
COVENTRY = Council(
    "80456",
    "Coventry",
    [
        Doc(
            "50011",
            "Children's  services inspection",
            "12 August 2022",
            pdf("coventry-2022-08-12.pdf"),
        ),
        Doc(
            "50012",
            "Single inspection of LA children's services",
            "30 March 2014",
            None,
            suffix=" as pdf",
        ),
    ],
)
NEWHAM = Council(
    "80511",
    "Newham",
    [Doc("50021", "Children's services inspection", "25 March 2019", pdf("newham-2019-03-25.pdf"))],
)


class Site:
    """The hand-made site on the test server: councils, their pages, their files."""

    def __init__(self, server: HTTPServer, councils: list[Council]) -> None:
        self.server = server
        self.councils = councils
        self.url = server.url_for("").rstrip("/")
        # What a page or file answers instead (a test's special case), by path.
        self.special: dict[str, Callable[[Request], Response]] = {}
        # The requests this site answered (a slow answer of an earlier test's site that
        # ends late is not among them) and a switch that ends slow answers at teardown.
        self.seen: list[Request] = []
        self.arrived: list[float] = []  # time.monotonic() of each
        self.closing = threading.Event()
        server.expect_request(
            re.compile(r"^/(search|provider/44/\d+|v1/file/\w+)$")
        ).respond_with_handler(self._answer)

    def _answer(self, request: Request) -> Response:
        self.seen.append(request)
        self.arrived.append(time.monotonic())
        if request.path in self.special:
            return self.special[request.path](request)
        if request.path == "/search":
            return self._search(request)
        if request.path.startswith("/provider/"):
            return self._provider(request)
        return self.document(request.path.rsplit("/", 1)[1])

    def once(self, path: str, response: Response) -> None:
        """``path`` answers ``response`` once, then as before."""

        def first(_request: Request) -> Response:
            del self.special[path]
            return response

        self.special[path] = first

    def sleep(self, seconds: float) -> None:
        self.closing.wait(seconds)

    def _search(self, request: Request) -> Response:
        start, rows = int(request.args["start"]), int(request.args["rows"])
        page = search_page(self.councils[start : start + rows])
        return Response(page, content_type="text/html; charset=utf-8")

    def council(self, urn: str) -> Council:
        return next(c for c in self.councils if c.urn == urn)

    def _provider(self, request: Request) -> Response:
        council = self.council(request.path.rsplit("/", 1)[1])
        return Response(provider_page(council, self.url), content_type="text/html; charset=utf-8")

    def document(self, file_id: str) -> Response:
        doc = next(d for c in self.councils for d in c.docs if d.file_id == file_id)
        if doc.body is None:
            return Response(NOT_FOUND, content_type="text/html; charset=utf-8")
        return Response(doc.body, content_type="application/pdf")

    def requests(self, prefix: str = "/v1/file/") -> list[str]:
        return [r.path for r in self.seen if r.path.startswith(prefix)]


@pytest.fixture(scope="module")
def server():
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def site(server):
    server.clear()
    made = Site(server, [TRAFFORD, COVENTRY, NEWHAM])
    yield made
    made.closing.set()
    server.clear()


def options(site: Site, **changes) -> SyncOptions:
    return SyncOptions(site=site.url, **{**FAST, **changes})


def manifest_rows(folder) -> list[dict[str, str]]:
    with (folder / MANIFEST_NAME).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --- the first sync, the second, and the build ---------------------------------------------


def test_sync_downloads_each_inspection_report_into_its_councils_folder(tmp_path, site):
    result = sync(tmp_path, options(site))
    assert [e.path for e in result.new] == [
        "trafford/2015-05-12-inspection-50001.pdf",
        "coventry/2022-08-12-inspection-50011.pdf",
        "newham/2019-03-25-inspection-50021.pdf",
    ]
    assert (tmp_path / "trafford/2015-05-12-inspection-50001.pdf").read_bytes() == pdf(
        "trafford-2015-05-12.pdf"
    )
    assert (tmp_path / "coventry/2022-08-12-inspection-50011.pdf").read_bytes() == pdf(
        "coventry-2022-08-12.pdf"
    )
    # The focused visit is not an inspection: not fetched without --kinds.
    assert "/v1/file/50009" not in site.requests()
    assert result.councils == 3 and result.listed == 4
    # Coventry's 2014 file answers Ofsted's real "Report not found" page: withdrawn, not saved.
    assert [(e.council, e.file_id, e.status) for e in result.withdrawn] == [
        ("Coventry", "50012", "withdrawn")
    ]
    assert sorted(p.name for p in (tmp_path / "coventry").iterdir()) == [
        "2022-08-12-inspection-50011.pdf"
    ]
    assert any("Report not found - Find an Inspection Report - Ofsted" in n for n in result.notes)
    assert result.downloaded_bytes == 467408 + 224322 + 144880


def test_the_manifest_records_where_each_file_came_from(tmp_path, site):
    sync(tmp_path, options(site))
    rows = manifest_rows(tmp_path)
    trafford = next(r for r in rows if r["file_id"] == "50001")
    assert {k: v for k, v in trafford.items() if k != "retrieved"} == {
        "urn": "80573",
        "gss": "E08000009",
        "council": "Trafford",
        "label": "Children's services inspection",
        "kind": "inspection",
        "published": "2015-05-12",
        "file_id": "50001",
        "url": f"{site.url}/v1/file/50001",
        "path": "trafford/2015-05-12-inspection-50001.pdf",
        "sha256": hashlib.sha256(pdf("trafford-2015-05-12.pdf")).hexdigest(),
        "bytes": "467408",
        "status": "downloaded",
    }
    assert trafford["retrieved"].endswith("Z") and trafford["retrieved"][:4] >= "2026"
    coventry = [(r["file_id"], r["label"], r["published"], r["status"]) for r in rows
                if r["gss"] == "E08000026"]  # fmt: skip
    assert coventry == [
        ("50012", "Single inspection of LA children's services", "2014-03-30", "withdrawn"),
        # "Children's  services" (two spaces, as Ofsted prints some) is one label.
        ("50011", "Children's services inspection", "2022-08-12", "downloaded"),
    ]
    # Sorted by council (GSS code), then date: the same downloads give the same bytes.
    assert [r["gss"] for r in rows] == ["E08000009", "E08000026", "E08000026", "E09000025"]


def test_a_second_sync_downloads_nothing(tmp_path, site):
    sync(tmp_path, options(site))
    before = (tmp_path / MANIFEST_NAME).read_bytes()
    site.seen.clear()
    again = sync(tmp_path, options(site))
    assert site.requests() == []  # not even the withdrawn file is asked for again
    assert (again.new, again.changed, again.withdrawn, again.gone, again.failed) == (
        [],
        [],
        [],
        [],
        [],
    )
    assert again.unchanged == 4
    assert again.manifest is None  # nothing changed: the manifest is not rewritten
    assert (tmp_path / MANIFEST_NAME).read_bytes() == before


def test_sync_then_build_gives_the_graph_of_the_served_reports_with_their_ofsted_urls(
    tmp_path, site
):
    reports, graphs = tmp_path / "reports", tmp_path / "graphs"
    runner = CliRunner()
    args = ["sync", "-o", str(reports), "--site", site.url, "--delay", "0.01", "--build",
            "--graphs", str(graphs), "--no-progress"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "3 new (836.6 KB)" not in result.output  # sizes in MB past 100 KB
    assert "3 councils, 4 publications of the chosen kinds listed: 3 new (0.8 MB)" in result.output
    assert f"wrote {graphs / 'ofsted.ttl'}" in result.output
    graph = Graph().parse(graphs / "ofsted.ttl")
    url = URIRef(f"{site.url}/v1/file/50001")
    report = URIRef("https://w3id.org/ofsted-kg/id/inspection/E08000009/2015-01-27/report")
    assert (report, PROV.hadPrimarySource, url) in graph
    assert (url, RDF.type, OFS.PublishedFile) in graph
    assert graph.value(url, DCTERMS.issued) == Literal(date(2015, 5, 12), datatype=XSD.date)
    assert str(graph.value(url, DCTERMS.title)) == "Children's services inspection"
    # The build record: the source file, its path under the folder, its Ofsted URL.
    source = graph.value(report, OFS.sourceFile)
    assert str(graph.value(source, OFS.relativePath)) == "trafford/2015-05-12-inspection-50001.pdf"
    assert graph.value(source, PROV.hadPrimarySource) == url
    # Every fact of the report leads there: a judgement's evidence -> the report -> the URL.
    judgement = URIRef(
        "https://w3id.org/ofsted-kg/id/inspection/E08000009/2015-01-27/judgement/"
        "local-authority/care-leavers"
    )
    evidence = graph.value(judgement, PROV.wasDerivedFrom)
    assert graph.value(graph.value(evidence, URIRef("http://www.w3.org/ns/oa#hasSource")),
                       PROV.hadPrimarySource) == url  # fmt: skip
    urls = {str(o) for o in graph.objects(None, PROV.hadPrimarySource)}
    assert urls == {f"{site.url}/v1/file/{i}" for i in ("50001", "50011", "50021")}
    # The stored provenance query gives the fact's quote, its file and the real PDF's URL.
    asked = runner.invoke(main, ["query", "provenance", "-p", f"fact={judgement}", "--graph",
                                 str(graphs / "ofsted.ttl"), "--format", "json"])  # fmt: skip
    assert asked.exit_code == 0, asked.output
    (row,) = json.loads(asked.output)
    assert (row["report_file"], row["ofsted_url"]) == (
        "trafford/2015-05-12-inspection-50001.pdf",
        f"{site.url}/v1/file/50001",
    )
    assert (
        " ".join(row["quote"].split()) == "2.2 Experiences and progress of care leavers Outstanding"
    )
    # The manifest is the folder's record, not an input the build lists as skipped.
    assert not [line for line in result.output.splitlines() if line.startswith(MANIFEST_NAME)]


def test_the_same_folder_builds_byte_identical_graphs(tmp_path, site):
    from ofsted_kg.build.pipeline import build

    sync(tmp_path / "reports", options(site))
    build([tmp_path / "reports"], tmp_path / "one", use_cache=False)
    build([tmp_path / "reports"], tmp_path / "two", use_cache=False)
    for name in ("ofsted.ttl", "ofsted.jsonld"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_a_changed_label_on_the_site_rebuilds_the_graph(tmp_path, site):
    from ofsted_kg.build.pipeline import build

    reports, graphs = tmp_path / "reports", tmp_path / "graphs"
    sync(reports, options(site))
    build([reports], graphs)
    site.council("80511").docs[0].label = "Children's services inspection (corrected)"
    try:
        again = sync(reports, options(site))
        assert [(e.path, what) for e, what in again.changed] == [
            (
                "newham/2019-03-25-inspection-50021.pdf",
                'listed as "Children\'s services inspection (corrected)" of 2019-03-25',
            )
        ]
        assert again.new == []
        result = build([reports], graphs)
        assert not result.up_to_date  # the manifest changed: so does the graph
        graph = Graph().parse(graphs / "ofsted.ttl")
        titles = {str(o) for o in graph.objects(URIRef(f"{site.url}/v1/file/50021"), DCTERMS.title)}
        assert titles == {"Children's services inspection (corrected)"}
    finally:
        site.council("80511").docs[0].label = "Children's services inspection"


# --- choosing what to download -------------------------------------------------------------


def test_kinds_since_and_authority_choose_what_is_downloaded(tmp_path, site):
    result = sync(
        tmp_path,
        options(site, authorities=("E08000009",), kinds=("focused-visit",), since=2020),
    )
    assert [(e.path, e.kind) for e in result.new] == [
        ("trafford/2024-03-14-focused-visit-50009.pdf", "focused-visit")
    ]
    # Straight to Trafford's provider page: no search page, no other council.
    assert [r.path for r in site.seen] == ["/provider/44/80573", "/v1/file/50009"]


def test_since_leaves_out_older_publications(tmp_path, site):
    result = sync(tmp_path, options(site, since=2019))
    assert sorted(e.path for e in result.new) == [
        "coventry/2022-08-12-inspection-50011.pdf",
        "newham/2019-03-25-inspection-50021.pdf",
    ]
    assert result.withdrawn == []  # Coventry's 2014 file is older: never asked for


def test_dry_run_lists_what_it_would_download_and_writes_nothing(tmp_path, site):
    runner = CliRunner()
    args = ["sync", "-o", str(tmp_path / "out"), "--site", site.url, "--delay", "0.01",
            "--dry-run", "--authority", "Newham"]  # fmt: skip
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        f"would get  newham/2019-03-25-inspection-50021.pdf  Children's services inspection "
        f"(2019-03-25)  {site.url}/v1/file/50021"
    ) in result.output
    assert "1 to download, 0 new" in result.output
    assert site.requests() == []
    assert not (tmp_path / "out").exists()


def test_every_council_of_england_over_two_search_pages(tmp_path, server):
    """The search lists 100 councils a page: the walk pages on until a page lists fewer."""
    server.clear()
    councils = [
        Council(r.ofsted_urn, r.name, TRAFFORD.docs if r.name == "Trafford" else [])
        for r in load_authorities()
        if r.ofsted_urn
    ]
    councils.append(Council("99999999", "Not A Council"))
    england = Site(server, councils)
    result = sync(tmp_path, SyncOptions(site=england.url, **{**FAST, "delay": 0}))
    searches = [r.query_string.decode() for r in england.seen if r.path == "/search"]
    assert [s.rsplit("&start=", 1)[1] for s in searches] == ["0&rows=100", "100&rows=100"]
    # Every council of the shipped table with an Ofsted URN: 153 of today, 3 former ones.
    assert result.councils == len(councils) - 1 == 156
    assert result.notes[0] == (
        "'Not A Council' (URN 99999999) is not one of England's councils in the shipped table; "
        "skipped"
    )
    assert [e.path for e in result.new] == ["trafford/2015-05-12-inspection-50001.pdf"]
    server.clear()


# --- politeness -----------------------------------------------------------------------------


def test_requests_name_the_tool_are_spaced_by_the_delay_and_carry_no_credentials(
    tmp_path, site, monkeypatch
):
    monkeypatch.setenv("OFSTED_KG_USER", "admin")
    monkeypatch.setenv("OFSTED_KG_PASSWORD", "secret")
    sync(tmp_path, options(site, delay=0.25, authorities=("E09000025", "E08000009")))
    requests = site.seen
    assert len(requests) == 4
    assert all(r.headers["User-Agent"] == USER_AGENT for r in requests)
    assert USER_AGENT.startswith("ofsted-kg/0.1.0 ")
    assert all("Authorization" not in r.headers for r in requests)


def test_the_delay_holds_between_requests(tmp_path, site):
    started = time.monotonic()
    sync(tmp_path, options(site, authorities=("E09000025", "E08000009"), delay=0.4))
    assert [r.path for r in site.seen] == [
        "/provider/44/80511",
        "/v1/file/50021",
        "/provider/44/80573",
        "/v1/file/50001",
    ]
    gaps = [b - a for a, b in zip(site.arrived, site.arrived[1:], strict=False)]
    assert min(gaps) >= 0.4, gaps
    assert site.arrived[0] - started < 0.4  # no pause before the first request


def test_a_refusal_then_an_answer_is_tried_again_after_a_pause(tmp_path, site):
    site.once("/v1/file/50021", Response("Forbidden", status=403))
    heard: list[str] = []
    result = sync(tmp_path, options(site, authorities=("E09000025",)), notify=heard.append)
    assert [e.path for e in result.new] == ["newham/2019-03-25-inspection-50021.pdf"]
    assert site.requests() == ["/v1/file/50021", "/v1/file/50021"]
    assert heard == [
        f"{site.url}/v1/file/50021 (Newham: Children's services inspection, 2019-03-25): "
        "HTTP 403; trying again in 0.02 s"
    ]


def test_a_site_that_refuses_every_try_stops_the_run_keeping_what_it_has(tmp_path, site):
    sync(tmp_path, options(site, authorities=("E09000025",)))
    site.special["/search"] = lambda _r: Response("Too many requests", status=429)
    args = ["sync", "-o", str(tmp_path), "--site", site.url, "--delay", "0.01", "--backoff",
            "0.01", "--retries", "2", "--no-progress"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    search = f"{site.url}/search?{SEARCH_QUERY}&start=0&rows=100"
    assert result.stderr.splitlines()[-1] == (
        f"Error: {search}: HTTP 429 (gave up after 3 tries); the site is refusing requests: "
        "wait a while, then run sync again (it resumes), perhaps with a longer --delay"
    )
    assert len(site.requests("/search")) == 3
    assert manifest_rows(tmp_path)[0]["path"] == "newham/2019-03-25-inspection-50021.pdf"
    assert (tmp_path / "newham/2019-03-25-inspection-50021.pdf").is_file()


# --- failures: slow, truncated, unreachable, changed markup ---------------------------------


def slow_then_fast(site: Site, file_id: str, slow: int, seconds: float) -> dict[str, int]:
    """``file_id`` answers after ``seconds`` for its first ``slow`` requests."""
    calls = {"n": 0}

    def handler(_request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] <= slow:
            site.sleep(seconds)
        return site.document(file_id)

    site.special[f"/v1/file/{file_id}"] = handler
    return calls


def test_a_slow_answer_times_out_and_is_tried_again(tmp_path, site):
    calls = slow_then_fast(site, "50021", slow=1, seconds=1.5)
    heard: list[str] = []
    result = sync(
        tmp_path, options(site, authorities=("E09000025",), timeout=0.5), notify=heard.append
    )
    assert calls["n"] == 2
    assert [e.path for e in result.new] == ["newham/2019-03-25-inspection-50021.pdf"]
    assert heard[0].endswith(": timed out; trying again in 0.02 s")


def test_a_file_that_never_comes_fails_alone_and_the_next_run_fetches_it(tmp_path, site):
    calls = slow_then_fast(site, "50001", slow=3, seconds=1.0)
    args = ["sync", "-o", str(tmp_path), "--site", site.url, "--delay", "0.01", "--backoff",
            "0.01", "--retries", "2", "--timeout", "0.3", "--no-progress"]  # fmt: skip
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 3, first.output
    assert calls["n"] == 3
    assert (
        f"failed     Trafford: Children's services inspection  {site.url}/v1/file/50001 "
        "(Trafford: Children's services inspection, 2015-05-12): timed out (gave up after 3 tries)"
    ) in first.stdout
    assert (
        "2 new (0.4 MB), 0 changed, 0 already here, 1 withdrawn, 0 gone, 1 failed" in first.stdout
    )
    assert first.stderr.splitlines()[-1] == (
        "1 could not be downloaded; the rest is kept: run sync again to try them again."
    )
    assert not (tmp_path / "trafford").exists()
    assert "50001" not in {r["file_id"] for r in manifest_rows(tmp_path)}
    site.seen.clear()
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0, second.output
    assert site.requests() == ["/v1/file/50001"]  # only the one that failed
    assert "1 new (0.5 MB), 0 changed, 3 already here, 0 withdrawn, 0 gone, 0 failed" in (
        second.stdout
    )


def test_a_truncated_pdf_is_never_saved(tmp_path, site):
    whole = pdf("newham-2019-03-25.pdf")
    site.special["/v1/file/50021"] = lambda _r: Response(
        whole[:60_000], content_type="application/pdf"
    )
    result = sync(tmp_path, options(site, authorities=("E09000025",)))
    assert [(f.council, f.what, f.reason) for f in result.failed] == [
        ("Newham", "Children's services inspection", "truncated PDF (no %%EOF marker at the end)")
    ]
    assert not list(tmp_path.rglob("*.pdf"))
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".ofsted-kg.") and
                p.name.endswith(".tmp")]  # fmt: skip
    del site.special["/v1/file/50021"]
    again = sync(tmp_path, options(site, authorities=("E09000025",)))
    assert [e.sha256 for e in again.new] == [hashlib.sha256(whole).hexdigest()]


def test_an_answer_cut_off_mid_body_is_tried_again(tmp_path, site):
    """The server promises the whole PDF (Content-Length) and sends half of it, once."""
    whole = pdf("newham-2019-03-25.pdf")
    calls = {"n": 0}

    def cut(_request: Request) -> Response:
        calls["n"] += 1
        if calls["n"] > 1:
            return site.document("50021")
        response = Response(whole[:50_000], content_type="application/pdf")
        response.headers["Content-Length"] = str(len(whole))
        return response

    site.special["/v1/file/50021"] = cut
    result = sync(tmp_path, options(site, authorities=("E09000025",), timeout=1.0))
    assert calls["n"] == 2
    assert (tmp_path / result.new[0].path).read_bytes() == whole


def test_a_server_error_then_a_file_that_is_not_a_pdf(tmp_path, site):
    site.once("/v1/file/50021", Response("busy", status=503))
    site.special["/v1/file/50001"] = lambda _r: Response(
        b"\x00" * 2000, content_type="application/pdf"
    )
    result = sync(tmp_path, options(site, authorities=("E09000025", "E08000009")))
    assert [e.path for e in result.new] == ["newham/2019-03-25-inspection-50021.pdf"]
    assert [(f.council, f.reason) for f in result.failed] == [
        ("Trafford", "not a PDF (no %PDF- header)")
    ]


def test_a_file_link_that_redirects_is_followed(tmp_path, site):
    """Ofsted's file links may point elsewhere; with no credentials to leak, sync follows."""
    site.special["/v1/file/50021"] = lambda _r: Response(
        status=302, headers={"Location": f"{site.url}/v1/file/5002100"}
    )
    site.special["/v1/file/5002100"] = lambda _r: site.document("50021")
    result = sync(tmp_path, options(site, authorities=("E09000025",)))
    assert site.requests() == ["/v1/file/50021", "/v1/file/5002100"]
    assert (tmp_path / result.new[0].path).read_bytes() == pdf("newham-2019-03-25.pdf")


def test_an_unreachable_site_is_one_error_line(tmp_path):
    args = ["sync", "-o", str(tmp_path / "out"), "--site", "http://127.0.0.1:9", "--no-progress"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: http://127.0.0.1:9/search?{SEARCH_QUERY}&start=0&rows=100: "
        "connection refused (is the server running?)"
    ]
    assert not (tmp_path / "out" / MANIFEST_NAME).exists()


def test_a_search_page_without_provider_links_says_the_markup_changed(tmp_path, site):
    site.special["/search"] = lambda _r: Response(
        "<html><body><div class='results'>Trafford</div></body></html>", content_type="text/html"
    )
    with pytest.raises(SiteError, match="no link to a council's provider page .* on the first "
                       "search page; Ofsted's site may have changed its markup"):  # fmt: skip
        sync(tmp_path, options(site))


def test_publication_links_without_dates_say_the_markup_changed(tmp_path, site):
    site.council("80511").docs[0].published = "2019"
    try:
        args = ["sync", "-o", str(tmp_path), "--site", site.url, "--delay", "0.01",
                "--authority", "E09000025", "--no-progress"]  # fmt: skip
        result = CliRunner().invoke(main, args)
    finally:
        site.council("80511").docs[0].published = "25 March 2019"
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {site.url}/provider/44/80511: none of its 1 publication links reads as "
        "'<label>, pdf - <day month year>' with a /file/<id> link; Ofsted's site may have "
        "changed its markup"
    ]


def test_provider_pages_without_publication_links_say_the_markup_changed(tmp_path, site):
    """Never "gone" because a page's markup changed: the files stay downloaded."""
    sync(tmp_path, options(site))
    bare = "<html><body><h1>A council</h1><p>Reports: see below</p></body></html>"
    for urn in ("80573", "80456", "80511"):
        site.special[f"/provider/44/{urn}"] = lambda _r: Response(bare, content_type="text/html")
    with pytest.raises(SiteError) as caught:
        sync(tmp_path, options(site))
    assert str(caught.value) == (
        f"{site.url}: not one of 3 provider pages lists a publication "
        '(<a class="publication-link">); Ofsted\'s site may have changed its markup'
    )
    assert {r["status"] for r in manifest_rows(tmp_path)} == {"downloaded", "withdrawn"}


# --- resuming, gone, a hand-edited manifest -----------------------------------------------


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path, site):
    def stop_after_first(done: int, _total: int, _name: str) -> None:
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(Interrupted, match="the 1 reports downloaded so far are kept"):
        sync(tmp_path, options(site), progress=stop_after_first)
    assert [r["path"] for r in manifest_rows(tmp_path)] == [
        "trafford/2015-05-12-inspection-50001.pdf"
    ]
    site.seen.clear()
    again = sync(tmp_path, options(site))
    assert sorted(site.requests()) == ["/v1/file/50011", "/v1/file/50012", "/v1/file/50021"]
    assert again.unchanged == 1 and len(again.new) == 2


def test_a_file_written_but_not_recorded_is_recorded_without_downloading(tmp_path, site):
    """A run killed between writing a file and recording it: the file is whole (atomic)."""
    target = tmp_path / "newham" / "2019-03-25-inspection-50021.pdf"
    target.parent.mkdir()
    target.write_bytes(pdf("newham-2019-03-25.pdf"))
    result = sync(tmp_path, options(site, authorities=("E09000025",)))
    assert site.requests() == []
    assert [(e.path, e.bytes) for e in result.new] == [
        (target.relative_to(tmp_path).as_posix(), "144880")
    ]


def test_a_damaged_copy_is_downloaded_again(tmp_path, site):
    sync(tmp_path, options(site, authorities=("E09000025",)))
    copy = tmp_path / "newham" / "2019-03-25-inspection-50021.pdf"
    copy.write_bytes(b"%PDF-1.4 edited")
    site.seen.clear()
    result = sync(tmp_path, options(site, authorities=("E09000025",)))
    assert site.requests() == ["/v1/file/50021"]
    assert [(e.path, what) for e, what in result.changed] == [
        ("newham/2019-03-25-inspection-50021.pdf", "the local copy was missing or altered")
    ]
    assert copy.read_bytes() == pdf("newham-2019-03-25.pdf")


def test_a_file_no_longer_listed_is_gone_and_kept(tmp_path, site):
    sync(tmp_path, options(site))
    trafford = site.council("80573")
    kept = trafford.docs.pop()
    try:
        result = sync(tmp_path, options(site))
    finally:
        trafford.docs.append(kept)
    assert [(e.path, e.status) for e in result.gone] == [
        ("trafford/2015-05-12-inspection-50001.pdf", "gone")
    ]
    assert (tmp_path / "trafford/2015-05-12-inspection-50001.pdf").is_file()
    back = sync(tmp_path, options(site))
    assert [what for _, what in back.changed] == ["listed again"]
    assert {r["status"] for r in manifest_rows(tmp_path)} == {"downloaded", "withdrawn"}


def test_a_hand_broken_manifest_is_one_error_line(tmp_path, site):
    sync(tmp_path, options(site, authorities=("E09000025",)))
    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")
    (tmp_path / MANIFEST_NAME).write_text(text.replace(",2019-03-25,", ",25/03/2019,"))
    args = ["sync", "-o", str(tmp_path), "--site", site.url, "--delay", "0.01", "--no-progress"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / MANIFEST_NAME}: line 2: '25/03/2019' is not a date"
    ]


def test_a_broken_manifest_costs_a_build_only_its_urls(tmp_path, site):
    from ofsted_kg.build.pipeline import build

    sync(tmp_path / "reports", options(site, authorities=("E09000025",)))
    (tmp_path / "reports" / MANIFEST_NAME).write_text("urn,gss\n80511,E09000025\n")
    result = build([tmp_path / "reports"], tmp_path / "graphs")
    assert [o.status for o in result.outcomes] == ["read"]
    assert result.notes == [
        f"{tmp_path / 'reports' / MANIFEST_NAME}: not a sync manifest: no column council, "
        "label, kind, published, file_id, url, path, sha256, bytes, retrieved, status; its "
        "reports are built without their Ofsted URLs"
    ]


# --- the command's options -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--authority", "Narnia"],
            "Invalid value for '--authority': 'Narnia' is not one of England's councils",
        ),
        (
            ["--authority", "E99999999"],
            "Invalid value for '--authority': 'E99999999' is not one of England's councils",
        ),
        (
            ["--kinds", "inspection,visits"],
            "Invalid value for '--kinds': 'visits' is not one of inspection, focused-visit, "
            "jtai, monitoring-visit, send, other, or all",
        ),
        (
            ["--delay", "0.5"],
            "Error: --delay: at least 1 second between requests to Ofsted's own site (be polite)",
        ),
        (
            ["--site", "ftp://example.org"],
            "Error: 'ftp://example.org' is not a valid http(s) URL (e.g. http://127.0.0.1:7878/query)",
        ),
    ],
)
def test_bad_options_are_one_error_line(tmp_path, args, message):
    result = CliRunner().invoke(main, ["sync", "-o", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].endswith(message)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_kinds_all_downloads_every_kind(tmp_path, site):
    result = sync(tmp_path, options(site, authorities=("E08000009",), kinds=("all",)))
    assert result.failed == [] and result.new == []  # "all" is the CLI's word, not a kind

    args = ["sync", "-o", str(tmp_path), "--site", site.url, "--delay", "0.01", "--kinds",
            "all", "--authority", "Trafford", "--no-progress"]  # fmt: skip
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in (tmp_path / "trafford").iterdir()) == [
        "2015-05-12-inspection-50001.pdf",
        "2024-03-14-focused-visit-50009.pdf",
    ]


# --- withdrawn files asked for again; requests that stay on the site -----------------------


def test_a_withdrawn_file_is_asked_for_again_after_a_week(tmp_path, site):
    """Before, one "Report not found" (or a 404, a passing fault of the site) marked a file
    withdrawn for good: it was never asked for again."""
    sync(tmp_path, options(site))
    rows = manifest_rows(tmp_path)
    withdrawn = next(r for r in rows if r["file_id"] == "50012")
    assert withdrawn["status"] == "withdrawn"
    site.special["/v1/file/50012"] = lambda _request: Response(
        pdf("surrey-2015-08-03.pdf"), content_type="application/pdf"
    )
    site.seen.clear()
    sync(tmp_path, options(site))  # within the week: not asked
    assert site.requests() == []
    manifest = tmp_path / MANIFEST_NAME
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace(withdrawn["retrieved"], "2020-01-01T00:00:00Z"), "utf-8")
    again = sync(tmp_path, options(site))
    assert site.requests() == ["/v1/file/50012"]
    assert [(e.file_id, e.status) for e in again.new] == [("50012", "downloaded")]
    saved = tmp_path / next(r for r in manifest_rows(tmp_path) if r["file_id"] == "50012")["path"]
    assert saved.read_bytes() == pdf("surrey-2015-08-03.pdf")


def test_a_link_or_a_redirect_to_another_host_is_not_followed(tmp_path, site):
    """A provider page's file link on another host (here "localhost", the site being
    127.0.0.1) is not fetched, and a file's redirect to one is not followed: the other
    host hears nothing. Before, both were."""
    other = site.url.replace("127.0.0.1", "localhost")
    newham = site.council("80511")
    site.special["/provider/44/80511"] = lambda _request: Response(
        provider_page(newham, other), content_type="text/html; charset=utf-8"
    )
    site.special["/v1/file/50001"] = lambda _request: Response(
        status=302, headers={"Location": f"{other}/v1/file/50011"}
    )
    result = sync(tmp_path, options(site))
    assert site.requests() == ["/v1/file/50001", "/v1/file/50011", "/v1/file/50012"]
    assert [r.host.split(":")[0] for r in site.seen] == ["127.0.0.1"] * len(site.seen)
    assert [(f.council, f.url, f.reason) for f in result.failed] == [
        (
            "Trafford",
            f"{site.url}/v1/file/50001",
            f"{site.url}/v1/file/50001 (Trafford: Children's services inspection, "
            f"2015-05-12): the server redirected the request to {other}/v1/file/50011, "
            "another site; not followed",
        ),
        ("Newham", f"{other}/v1/file/50021", "not on Ofsted's site: not fetched"),
    ]


def test_a_host_written_with_a_backslash_is_on_no_site():
    """Python's parser reads "evil.com\\.ofsted.gov.uk" as one host, urllib3 ends it at the
    backslash: the link reached evil.com before."""
    from ofsted_kg.source.sync import on_site

    site = "https://reports.ofsted.gov.uk"
    assert on_site("https://files.ofsted.gov.uk/v1/file/50001234", site)
    assert on_site("https://FILES.ofsted.gov.uk:443/v1/file/1", site)
    for url in (
        "https://evil.com\\.ofsted.gov.uk/v1/file/1",
        "https://files.ofsted.gov.uk@evil.com/v1/file/1",
        "https://files.ofsted.gov.uk.evil.com/v1/file/1",
        "https://evil.com/v1/file/1",
    ):
        assert not on_site(url, site), url


def test_the_sites_words_reach_the_terminal_without_escape_sequences(tmp_path, site):
    """A provider page's label carrying an OSC sequence (it retitles the window; OSC 52
    writes the clipboard) was printed as it came."""
    newham = site.council("80511")
    doc = newham.docs[0]
    hostile = Council(newham.urn, newham.name, [Doc(doc.file_id, doc.label + " \x1b]0;PWNED\x07",
                                                   doc.published, doc.body)])  # fmt: skip
    site.special["/provider/44/80511"] = lambda _request: Response(
        provider_page(hostile, site.url), content_type="text/html; charset=utf-8"
    )
    args = ["sync", "-o", str(tmp_path), "--site", site.url, "--delay", "0.01",
            "--no-progress", "--authority", "Newham"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "new        newham/2019-03-25-inspection-50021.pdf" in result.output
