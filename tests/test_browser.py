"""The website in a real browser: headless Chromium (Debian's ``chromium``, driven by
Playwright) loads the index, a council page and an inspection page from a local HTTP
server; no console errors, no request leaves 127.0.0.1, every link on them resolves,
the chart renders, sorting and search work. Screenshots are saved for a person to look
at (``OFSTED_KG_SCREENSHOTS=folder`` keeps them). The site is the whole development
corpus's when ../shared/pdfs is here, else the bundled reports'."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from click.testing import CliRunner

from graph_files import PDFS, corpus_graph, small_graph
from ofsted_kg.cli import main

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')"
)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium; .ci/run does it as root)",
)
TRAFFORD = "id/authority/E08000009.html"
TRAFFORD_2022 = "id/inspection/E08000009/2022-11-21.html"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test reads the answers, not the log
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    graph = corpus_graph() if PDFS.is_dir() else small_graph()
    out = tmp_path_factory.mktemp("browser") / "site"
    result = CliRunner().invoke(main, ["site", "--graph", str(graph), "-o", str(out)])
    assert result.exit_code == 0, result.output
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = os.environ.get("OFSTED_KG_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


class Visit:
    """A page loaded in Chromium, with what it logged and requested."""

    def __init__(self, browser, url: str, width: int = 1200) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.on(
            "console", lambda m: m.type in ("error", "warning") and self.errors.append(m.text)
        )
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        response = self.page.goto(url)
        assert response is not None and response.ok, url

    def check(self, base: str) -> None:
        assert self.errors == []
        assert [u for u in self.requests if not u.startswith(base)] == []
        hrefs = self.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for href in sorted(set(hrefs)):
            if urlsplit(href).hostname != "127.0.0.1":
                continue
            target = href.split("#")[0]
            assert requests.head(target, timeout=10).status_code == 200, href


def test_index_lists_councils_sorts_filters_and_searches(browser, site_url, shots):
    visit = Visit(browser, site_url + "index.html")
    page = visit.page
    assert page.locator("#councils tbody tr").count() == 158
    page.screenshot(path=str(shots / "index.png"), full_page=False)
    # sort by overall effectiveness: an Outstanding council comes first
    page.click("th button[data-sort='4']")
    first = page.locator("#councils tbody tr").first
    assert first.locator(".grade").first.inner_text() == "Outstanding"
    # only the councils inspected are shown at first; then all of them; then one region
    visible = page.locator("#councils tbody tr:visible")
    inspected = page.locator("#councils tbody tr[data-inspected='1']").count()
    assert 0 < visible.count() == inspected < 158
    page.uncheck("#inspected-only")
    assert visible.count() == 158
    page.select_option("#region-filter", "North West")
    assert visible.count() == page.locator("#councils tbody tr[data-region='North West']").count()
    # search by name, then follow the result
    page.fill("#search", "traff")
    page.wait_for_selector("#search-results a")
    assert page.locator("#search-results a").first.inner_text() == "Trafford"
    page.click("#search-results a >> text=Trafford")
    page.wait_for_url("**/" + TRAFFORD)
    visit.check(site_url)


def test_council_page_draws_its_chart(browser, site_url, shots):
    visit = Visit(browser, site_url + TRAFFORD)
    chart = visit.page.locator("svg.chart")
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    assert chart.locator("circle").count() >= 10
    assert chart.locator("line.change").count() == 2
    assert "Trafford" in visit.page.locator("h1").inner_text()
    visit.page.screenshot(path=str(shots / "council.png"), full_page=False)
    phone = Visit(browser, site_url + TRAFFORD, width=390)
    assert phone.page.locator("svg.chart").bounding_box()["width"] <= 390
    phone.page.screenshot(path=str(shots / "council-phone.png"), full_page=False)
    phone.check(site_url)
    visit.check(site_url)


def test_inspection_page_shows_quotes(browser, site_url, shots):
    visit = Visit(browser, site_url + TRAFFORD_2022)
    page = visit.page
    quotes = page.locator("figure.evidence blockquote")
    assert quotes.count() >= 10  # 4 judgements and 6 recommendations at least
    assert "The support for homeless children over 16." in page.inner_text("main")
    assert "6462076199134dad5928ac2339ad845f4d2ea7448fd7599f5f9bbda2888b5199" in page.inner_text(
        "main"
    )
    page.screenshot(path=str(shots / "inspection.png"), full_page=False)
    print(f"screenshots in {shots}")
    visit.check(site_url)
