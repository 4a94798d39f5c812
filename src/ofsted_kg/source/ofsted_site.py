"""Ofsted's reports site as data: the search pages, a council's provider page, its labels.

The pages (as of 2026) are plain HTML, parsed with Beautiful Soup (Python's own
``html.parser`` underneath: no C library, tolerant of broken markup):

* the search for local authority children's services providers,
  ``/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types[]=12&start=0&rows=100``,
  lists at most ``rows`` councils a page, each a link to its provider page
  ``/provider/44/<URN>`` (the URN is the council's Ofsted URN in the shipped table);
* a provider page lists its publications, newest first, each as
  ``<a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/<id>">Label
  <span class="nonvisual">Label, pdf - 15 July 2024</span></a>``, the date being the day
  it was published.

The markup may change. A search page without a provider link, or a provider page whose
publication links cannot be read, is one :class:`~ofsted_kg.errors.SiteError` line naming
the page and what was not found, never a traceback.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime

from bs4 import BeautifulSoup, Tag

from ofsted_kg.errors import SiteError

DEFAULT_SITE = "https://reports.ofsted.gov.uk"
PROVIDER_CATEGORY = "44"  # local authority children's services, in /provider/44/<URN>
PAGE_ROWS = 100  # the most the search gives on one page
_SEARCH_QUERY = "q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12"

# Publication kinds, as ``sync --kinds`` names them; the label decides (see classify()).
KINDS = ("inspection", "focused-visit", "jtai", "monitoring-visit", "send", "other")
DEFAULT_KINDS = ("inspection",)
_KIND_WORDS = (  # first match wins: "area SEND full inspection" is SEND, not an inspection
    ("monitoring-visit", re.compile(r"\bmonitoring\b")),
    ("focused-visit", re.compile(r"\bfocused visit")),
    ("jtai", re.compile(r"\bjoint (?:area|targeted)\b|\bjtai\b")),
    ("send", re.compile(r"\bsend\b|special educational needs")),
    ("inspection", re.compile(r"\binspection\b|\breview of the effectiveness\b")),
)

_PROVIDER_RE = re.compile(rf"/provider/{PROVIDER_CATEGORY}/(\d+)/?$")
_FILE_ID_RE = re.compile(r"/file/([0-9A-Za-z_-]+)/?$")
# "children's services inspection, pdf - 15 July 2024"; "... as pdf - 12 May 2015".
_LABEL_DATE_RE = re.compile(r"^(?P<label>.*?)\s*-\s*(?P<date>\d{1,2}\s+[A-Za-z]+\s+\d{4})\s*$")
_PDF_SUFFIX_RE = re.compile(r"(?:,|\s)\s*(?:as\s+)?pdf\s*$", re.I)


@dataclass(frozen=True)
class Provider:
    """A council as the site lists it: its Ofsted URN, the name shown, its page."""

    urn: str
    name: str
    url: str


@dataclass(frozen=True)
class Publication:
    """One document a provider page lists."""

    file_id: str  # Ofsted's id of the file (the last part of its URL)
    url: str
    label: str  # as shown, spaces collapsed, without ", pdf - <date>"
    kind: str  # one of KINDS
    published: date


def search_url(site: str, start: int = 0, rows: int = PAGE_ROWS) -> str:
    """The URL of one page of the search for councils' children's services."""
    return f"{site.rstrip('/')}/search?{_SEARCH_QUERY}&start={start}&rows={rows}"


def provider_url(site: str, urn: str) -> str:
    """A council's provider page, by its Ofsted URN."""
    return f"{site.rstrip('/')}/provider/{PROVIDER_CATEGORY}/{urn}"


def _soup(html: bytes | str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _text(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def _is_web(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def parse_search_page(html: bytes | str, page_url: str) -> list[Provider]:
    """The councils a search page lists, in page order, each once.

    An empty list means the page lists none (past the last page); a page that is not a
    search page at all is the caller's to judge (the first page must list some).
    """
    found: dict[str, Provider] = {}
    for link in _soup(html).find_all("a", href=True):
        href = urllib.parse.urljoin(page_url, str(link["href"]))
        match = _PROVIDER_RE.search(urllib.parse.urlsplit(href).path)
        if match and _is_web(href) and match[1] not in found:
            found[match[1]] = Provider(match[1], _text(link), href)
    return list(found.values())


def classify(label: str) -> str:
    """The kind of a publication, from its label (one of :data:`KINDS`)."""
    text = " ".join(label.lower().split())
    for kind, words in _KIND_WORDS:
        if words.search(text):
            return kind
    return "other"


def parse_date(text: str) -> date | None:
    """``15 July 2024`` (or ``15 Jul 2024``, any case) as a date; None if it is not one."""
    for fmt in ("%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(" ".join(text.split()), fmt).date()
        except ValueError:
            continue
    return None


def parse_label(text: str) -> tuple[str, date] | None:
    """The label and publication date of a link's text (``Label, pdf - 15 July 2024``)."""
    match = _LABEL_DATE_RE.match(" ".join(text.split()))
    if not match:
        return None
    published = parse_date(match["date"])
    if published is None:
        return None
    label = _PDF_SUFFIX_RE.sub("", match["label"]).strip(" ,")
    return (label, published) if label else None


def parse_provider_page(html: bytes | str, page_url: str) -> tuple[list[Publication], list[str]]:
    """The publications a provider page lists (newest first, as shown), and a note for
    each publication link that could not be read.

    Raises :class:`SiteError` when the page has publication links but not one of them
    can be read: the markup has changed.
    """
    publications: list[Publication] = []
    notes: list[str] = []
    links = _soup(html).select("a.publication-link")
    seen: set[str] = set()
    for link in links:
        href = urllib.parse.urljoin(page_url, str(link.get("href") or ""))
        file_id = _FILE_ID_RE.search(urllib.parse.urlsplit(href).path)
        hidden = link.select_one(".nonvisual")
        shown = _text(hidden) if hidden is not None else _text(link)
        parsed = parse_label(shown)
        if not (_is_web(href) and file_id and parsed):
            notes.append(f"{page_url}: publication link {shown!r} ({href}) not understood")
            continue
        if file_id[1] in seen:
            continue
        seen.add(file_id[1])
        label, published = parsed
        publications.append(Publication(file_id[1], href, label, classify(label), published))
    if links and not publications:
        raise SiteError(
            f"{page_url}: none of its {len(links)} publication links reads as "
            "'<label>, pdf - <day month year>' with a /file/<id> link; "
            "Ofsted's site may have changed its markup"
        )
    return publications, notes
