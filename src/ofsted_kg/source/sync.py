"""Download every council's inspection reports from Ofsted's reports site, politely.

:func:`sync` walks the search pages (or, for chosen councils, goes straight to their
provider pages), reads each council's list of publications, and downloads each report of
the chosen kinds it does not have yet into one folder per council
(``trafford/2015-05-12-inspection-50001234.pdf``), recording it in the folder's manifest
(:mod:`ofsted_kg.source.manifest`).

* **Incremental.** A file id the manifest lists, whose copy is on disk with the recorded
  SHA-256, is never downloaded again. A file written by a run that was stopped before it
  could record it (the file is complete: every write is atomic) is recorded, not fetched.
  The manifest is rewritten after every download, so an interrupted run resumes.
* **Safe.** A download must be a PDF (``%PDF-`` at the start, ``%%EOF`` at the end): a web
  page ("Report not found", HTTP 200) or a 404 is recorded as *withdrawn* and never
  saved, and asked for again after a week (a passing fault of the site is not taken for
  good); a truncated PDF is a failure, tried again next run. Files are written
  atomically. Requests stay on Ofsted's site (:func:`on_site`): a provider page's link to
  another host is not fetched, a redirect to one not followed.
* **Polite.** One request at a time, at least ``delay`` seconds apart (1 s by default);
  requests name the tool in their ``User-Agent`` and send no credentials.

Requests go through :func:`ofsted_kg.net.send` (requests + urllib3, a total deadline and a
size limit per request). The retries are this module's own, over single tries of ``send``:
urllib3's ``Retry`` counts its pauses inside one request's deadline, makes no pause before
the first retry and does not retry a time-out, while a site that refuses a crawler (HTTP
403/429) wants a long pause first. Here a try that got HTTP 403, 429 or 5xx, or no answer
in time, is tried again after ``backoff``, then twice, four times... as long, at most
``retries`` times; a connection refused or a name that does not resolve fails at once.
A page refused on every try stops the run (:class:`~ofsted_kg.errors.SiteError`); a file
that fails is listed and tried again next run.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bs4 import BeautifulSoup

from ofsted_kg import __version__
from ofsted_kg.atomic import atomic_write, build_lock
from ofsted_kg.errors import (
    EndpointError,
    Interrupted,
    NoAnswer,
    OfstedKGError,
    RedirectRefused,
    SiteError,
    SiteRefused,
)
from ofsted_kg.model.councils import AuthorityRecord, load_authorities
from ofsted_kg.model.namespaces import slug
from ofsted_kg.net import Answer, check_url, send
from ofsted_kg.source.files import MAX_PDF_BYTES, file_sha256
from ofsted_kg.source.manifest import MANIFEST_NAME, Entry, read_manifest, write_manifest
from ofsted_kg.source.ofsted_site import (
    DEFAULT_KINDS,
    DEFAULT_SITE,
    PAGE_ROWS,
    Provider,
    Publication,
    parse_provider_page,
    parse_search_page,
    provider_url,
    search_url,
)

USER_AGENT = (
    f"ofsted-kg/{__version__} (downloads Ofsted's children's services inspection reports "
    "for a knowledge graph; one request at a time)"
)
DEFAULT_DELAY = 1.0  # seconds between requests
DEFAULT_TIMEOUT = 60.0  # seconds for one try of one request
DEFAULT_RETRIES = 4  # tries after the first
DEFAULT_BACKOFF = 10.0  # seconds before the first retry; doubled each time
MAX_PAGE_BYTES = 20 * 2**20
MAX_SEARCH_PAGES = 50  # 5,000 councils: the search is not ending
MAX_REDIRECTS = 3
RETRY_STATUS = frozenset({403, 429, 500, 502, 503, 504})
GONE_STATUS = frozenset({404, 410})
_PDF_PROBE = 1024


@dataclass(frozen=True)
class SyncOptions:
    """What to download, from where, how politely."""

    site: str = DEFAULT_SITE
    authorities: tuple[str, ...] = ()  # GSS codes; none: every council the search lists
    since: int | None = None  # publication year
    kinds: tuple[str, ...] = DEFAULT_KINDS
    delay: float = DEFAULT_DELAY
    dry_run: bool = False
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF


@dataclass(frozen=True)
class Failure:
    """A page or file that could not be had this run (tried again next run)."""

    council: str
    what: str  # a label, or "provider page"
    url: str
    reason: str


@dataclass
class SyncResult:
    """What a run found and did."""

    folder: Path
    councils: int = 0
    listed: int = 0  # publications of the chosen kinds and years
    new: list[Entry] = field(default_factory=list)
    changed: list[tuple[Entry, str]] = field(default_factory=list)  # and what changed
    unchanged: int = 0
    withdrawn: list[Entry] = field(default_factory=list)  # newly found withdrawn
    gone: list[Entry] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    planned: list[Entry] = field(default_factory=list)  # --dry-run: would download
    notes: list[str] = field(default_factory=list)
    requests: int = 0
    downloaded_bytes: int = 0
    manifest: Path | None = None

    @property
    def complete(self) -> bool:
        return not self.failed


Progress = Callable[[int, int, str], None]  # councils done, councils in all, council name


class Fetcher:
    """GET with a pause between requests and retries with back-off (module notes)."""

    def __init__(self, options: SyncOptions, notify: Callable[[str], None] | None = None):
        self.options = options
        self.notify = notify or (lambda _message: None)
        self.requests = 0
        self._last: float | None = None

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def get(self, url: str, what: str, max_bytes: int) -> Answer | None:
        """The answer to ``GET url``; None when the site says it is not there (404/410).

        Raises :class:`SiteError` when every try was refused or failed (``what`` and the
        last reason), :class:`EndpointError` when the site cannot be reached at all.
        """
        options = self.options
        reason = ""
        for attempt in range(options.retries + 1):
            if self._last is not None:
                self._pause(self._last + options.delay - time.monotonic())
            self.requests += 1
            try:
                answer = send(
                    "GET",
                    url,
                    what=what,
                    headers={"User-Agent": USER_AGENT},
                    timeout=options.timeout,
                    idempotent=True,
                    retries=0,
                    max_bytes=max_bytes,
                    accept_status=RETRY_STATUS | GONE_STATUS,
                    send_credentials=False,
                    max_redirects=MAX_REDIRECTS,
                    redirect_allowed=lambda target: on_site(target, options.site),
                )
            except NoAnswer as exc:  # timed out, or the connection dropped mid-answer
                reason = str(exc).removeprefix(f"{what}: ")
            except RedirectRefused as exc:  # this file's fault, not the site's
                raise SiteError(str(exc)) from None
            else:
                if answer.status in GONE_STATUS:
                    return None
                if answer.status not in RETRY_STATUS:
                    return answer
                reason = f"HTTP {answer.status}"
            finally:
                self._last = time.monotonic()
            if attempt < options.retries:
                wait = options.backoff * 2**attempt
                self.notify(f"{what}: {reason}; trying again in {wait:g} s")
                self._pause(wait)
        tries = options.retries + 1
        message = f"{what}: {reason} (gave up after {tries} tr{'ies' if tries > 1 else 'y'})"
        if reason in ("HTTP 403", "HTTP 429"):
            raise SiteRefused(
                f"{message}; the site is refusing requests: wait a while, then run sync again "
                "(it resumes), perhaps with a longer --delay"
            )
        raise SiteError(message)


# A URL's host and port as a site's links print them: a name or an IP address.
_PLAIN_AUTHORITY_RE = re.compile(
    r"(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?"
)


def on_site(url: str, site: str) -> bool:
    """Whether ``url`` is on Ofsted's site ``site``: its host, or another of the same
    domain (reports.ofsted.gov.uk's files are on files.ofsted.gov.uk); a host given as an
    IP address is itself only. A provider page's link or a redirect elsewhere is not
    followed. A host written with anything but letters, digits, dots and hyphens (a
    backslash, which urllib3 ends the host at and Python's parser does not, userinfo) is
    not on any site."""
    parts = urllib.parse.urlsplit(url)
    if not _PLAIN_AUTHORITY_RE.fullmatch(parts.netloc):
        return False
    host = (parts.hostname or "").lower()
    home = (urllib.parse.urlsplit(site).hostname or "").lower()
    if host == home:
        return True
    with contextlib.suppress(ValueError):
        ipaddress.ip_address(home)
        return False
    labels = home.split(".")
    domain = ".".join(labels[1:]) if len(labels) >= 3 else home
    return bool(host) and host.endswith(f".{domain}")


def _councils_by_urn() -> dict[str, AuthorityRecord]:
    return {r.ofsted_urn: r for r in load_authorities() if r.ofsted_urn}


def list_councils(fetcher: Fetcher, site: str) -> list[Provider]:
    """Every council the search pages list, page after page until one lists none new."""
    providers: dict[str, Provider] = {}
    for page in range(MAX_SEARCH_PAGES):
        url = search_url(site, page * PAGE_ROWS, PAGE_ROWS)
        answer = fetcher.get(url, url, MAX_PAGE_BYTES)
        found = parse_search_page(answer.body if answer else b"", url)
        if page == 0 and not found:
            raise SiteError(
                f"{url}: no link to a council's provider page (/provider/44/<URN>) on the "
                "first search page; Ofsted's site may have changed its markup"
            )
        fresh = [p for p in found if p.urn not in providers]
        providers.update((p.urn, p) for p in fresh)
        if len(found) < PAGE_ROWS or not fresh:
            break
    return list(providers.values())


def _is_complete_pdf(data: bytes) -> str | None:
    """Why ``data`` is not a whole PDF, or None."""
    if b"%PDF-" not in data[:_PDF_PROBE]:
        return "not a PDF (no %PDF- header)"
    if b"%%EOF" not in data[-_PDF_PROBE:]:
        return "truncated PDF (no %%EOF marker at the end)"
    return None


def _looks_like_html(answer: Answer) -> bool:
    head = answer.body[:_PDF_PROBE].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return "html" in answer.content_type.lower() or head.startswith((b"<!doctype", b"<html"))


def _page_title(body: bytes) -> str:
    title = BeautifulSoup(body, "html.parser").title
    return " ".join(title.get_text().split()) if title is not None else "a web page"


WITHDRAWN_RECHECK_DAYS = 7  # a file found withdrawn is asked for again after this long


def _due_again(entry: Entry) -> bool:
    """Whether a withdrawn file was last asked for long enough ago to ask again: a 404 or
    an error page may be a passing fault of the site, not a report taken down."""
    try:
        asked = datetime.fromisoformat(entry.retrieved.replace("Z", "+00:00"))
    except ValueError:
        return True
    return (datetime.now(UTC) - asked).days >= WITHDRAWN_RECHECK_DAYS


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def target_path(council: AuthorityRecord, publication: Publication) -> str:
    """Where a publication goes under the synced folder: ``<council>/<date>-<kind>-<id>.pdf``."""
    name = f"{publication.published.isoformat()}-{publication.kind}-{publication.file_id}.pdf"
    return f"{slug(council.name)}/{name}"


def _entry(record: AuthorityRecord, publication: Publication) -> Entry:
    return Entry(
        urn=record.ofsted_urn,
        gss=record.gss,
        council=record.name,
        label=publication.label,
        kind=publication.kind,
        published=publication.published.isoformat(),
        file_id=publication.file_id,
        url=publication.url,
    )


class _Run:
    """One sync run's state: the manifest as it stands, and what happened."""

    def __init__(self, folder: Path, options: SyncOptions, fetcher: Fetcher) -> None:
        self.folder = folder
        self.options = options
        self.fetcher = fetcher
        self.result = SyncResult(folder)
        path = folder / MANIFEST_NAME
        self.entries = {e.file_id: e for e in read_manifest(path)} if path.is_file() else {}
        self.dirty = False
        self.pages_listing = 0  # provider pages that listed a publication

    def save(self) -> None:
        if not self.options.dry_run and self.dirty:
            self.result.manifest = write_manifest(self.folder, self.entries.values())
            self.dirty = False

    def record(self, entry: Entry) -> None:
        self.entries[entry.file_id] = entry
        self.dirty = True

    def _have(self, entry: Entry) -> bool:
        """Whether the manifest's copy of ``entry`` is on disk, with its recorded bytes."""
        path = self.folder / entry.path
        return bool(entry.path) and path.is_file() and file_sha256(path) == entry.sha256

    def council(self, record: AuthorityRecord, url: str) -> None:
        """Read one council's provider page and fetch what is new on it."""
        try:
            answer = self.fetcher.get(url, url, MAX_PAGE_BYTES)
        except SiteRefused:
            raise  # refused on every try: going on would only be refused again
        except SiteError as exc:
            self.result.failed.append(Failure(record.name, "provider page", url, str(exc)))
            return
        if answer is None:
            self.result.notes.append(f"{record.name}: {url} is not found (HTTP 404)")
            return
        publications, notes = parse_provider_page(answer.body, url)
        self.result.notes.extend(notes)
        if not publications:  # never "gone" on a page that lists nothing (its markup?)
            self.result.notes.append(f"{record.name}: {url} lists no publication")
            return
        self.pages_listing += 1
        listed = {p.file_id for p in publications}
        for publication in publications:
            if publication.kind not in self.options.kinds:
                continue
            if self.options.since and publication.published.year < self.options.since:
                continue
            self.result.listed += 1
            self.publication(record, publication)
        for entry in list(self.entries.values()):
            gone = entry.urn == record.ofsted_urn and entry.file_id not in listed
            if gone and entry.status == "downloaded":
                self.record(entry.but(status="gone"))
                self.result.gone.append(self.entries[entry.file_id])
        self.save()

    def publication(self, record: AuthorityRecord, publication: Publication) -> None:
        fresh = _entry(record, publication)
        old = self.entries.get(publication.file_id)
        if old is not None and old.status == "withdrawn" and not _due_again(old):
            self.result.unchanged += 1
            return
        if not on_site(fresh.url, self.options.site):
            self.result.failed.append(
                Failure(record.name, fresh.label, fresh.url, "not on Ofsted's site: not fetched")
            )
            return
        if old is not None and self._have(old):
            listed_as = (fresh.label, fresh.kind, fresh.published, fresh.url)
            if (old.label, old.kind, old.published, old.url) != listed_as:
                what = f"listed as {fresh.label!r} of {fresh.published}"
                self.record(old.but(label=fresh.label, kind=fresh.kind,
                                    published=fresh.published, url=fresh.url,
                                    status="downloaded"))  # fmt: skip
                self.result.changed.append((self.entries[fresh.file_id], what))
            elif old.status == "gone":
                self.record(old.but(status="downloaded"))
                self.result.changed.append((self.entries[fresh.file_id], "listed again"))
            else:
                self.result.unchanged += 1
            return
        path = old.path if old is not None and old.path else target_path(record, publication)
        target = self.folder / path
        if target.is_file() and _is_complete_pdf(_tail_and_head(target)) is None:
            # Written by a run stopped before it could record it (writes are atomic).
            self.record(_saved(fresh, path, target.read_bytes()))
            self.result.new.append(self.entries[fresh.file_id])
            return
        if self.options.dry_run:
            self.result.planned.append(fresh.but(path=path))
            return
        self.download(record, fresh, path, repaired=old is not None and old.status != "withdrawn")

    def download(self, record: AuthorityRecord, fresh: Entry, path: str, repaired: bool) -> None:
        what = f"{fresh.url} ({record.name}: {fresh.label}, {fresh.published})"
        try:
            answer = self.fetcher.get(fresh.url, what, MAX_PDF_BYTES)
        except SiteRefused:
            raise
        except SiteError as exc:
            self.result.failed.append(Failure(record.name, fresh.label, fresh.url, str(exc)))
            return
        if answer is None or _looks_like_html(answer):
            said = "HTTP 404" if answer is None else _page_title(answer.body)
            before = self.entries.get(fresh.file_id)
            self.record(fresh.but(status="withdrawn", retrieved=_now()))
            if before is not None and before.status == "withdrawn":
                self.result.unchanged += 1  # asked again: still not there
                return
            self.result.withdrawn.append(self.entries[fresh.file_id])
            self.result.notes.append(f"{record.name}: {fresh.url} is withdrawn ({said})")
            return
        problem = _is_complete_pdf(answer.body)
        if problem is not None:
            self.result.failed.append(Failure(record.name, fresh.label, fresh.url, problem))
            return
        atomic_write(self.folder / path, answer.body)
        self.result.downloaded_bytes += len(answer.body)
        self.record(_saved(fresh, path, answer.body))
        entry = self.entries[fresh.file_id]
        if repaired:
            self.result.changed.append((entry, "the local copy was missing or altered"))
        else:
            self.result.new.append(entry)
        self.save()


def _tail_and_head(path: Path) -> bytes:
    """The first and last KiB of a file (enough for :func:`_is_complete_pdf`)."""
    with path.open("rb") as handle:
        head = handle.read(_PDF_PROBE)
        handle.seek(max(0, path.stat().st_size - _PDF_PROBE))
        return head + handle.read()


def _saved(entry: Entry, path: str, data: bytes) -> Entry:
    return entry.but(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        bytes=str(len(data)),
        retrieved=_now(),
        status="downloaded",
    )


def sync(
    folder: Path,
    options: SyncOptions | None = None,
    *,
    progress: Progress | None = None,
    notify: Callable[[str], None] | None = None,
) -> SyncResult:
    """Download into ``folder`` every report the site lists that is not there yet.

    Councils are read in the search's order (or ``options.authorities``' order); what was
    downloaded before a failure or Ctrl-C stays, recorded in the manifest. Raises
    :class:`SiteError` when the site's pages cannot be read or it refuses every try,
    :class:`EndpointError` when it cannot be reached, :class:`Interrupted` on Ctrl-C.
    """
    options = options or SyncOptions()
    check_url(options.site)
    fetcher = Fetcher(options, notify)
    # One run at a time per folder; a dry run writes nothing, not even the lock.
    with contextlib.nullcontext() if options.dry_run else build_lock(folder, notify=notify):
        run = _Run(folder, options, fetcher)
        try:
            _walk(run, progress)
        except KeyboardInterrupt:
            run.save()
            raise Interrupted(
                f"interrupted (Ctrl-C); the {len(run.result.new)} reports downloaded so far "
                f"are kept and recorded in {folder / MANIFEST_NAME}: run sync again to resume"
            ) from None
        except (SiteError, EndpointError):
            run.save()
            raise
        run.save()
    run.result.requests = fetcher.requests
    return run.result


def _walk(run: _Run, progress: Progress | None) -> None:
    options = run.options
    by_urn = _councils_by_urn()
    if options.authorities:
        by_gss = {r.gss: r for r in by_urn.values()}
        unknown = [g for g in options.authorities if g not in by_gss]
        if unknown:
            raise OfstedKGError(
                f"authority {unknown[0]!r}: no council with this GSS code has an Ofsted URN"
            )
        chosen = [(by_gss[g], provider_url(options.site, by_gss[g].ofsted_urn))
                  for g in options.authorities]  # fmt: skip
    else:
        chosen = []
        for provider in list_councils(run.fetcher, options.site):
            record = by_urn.get(provider.urn)
            if record is None:
                run.result.notes.append(
                    f"{provider.name!r} (URN {provider.urn}) is not one of England's councils "
                    "in the shipped table; skipped"
                )
            else:
                chosen.append((record, provider.url))
    run.result.councils = len(chosen)
    for done, (record, url) in enumerate(chosen):
        if progress:
            progress(done, len(chosen), record.name)
        run.council(record, url)
    if chosen and not run.pages_listing:
        raise SiteError(
            f"{options.site}: not one of {len(chosen)} provider pages lists a publication "
            '(<a class="publication-link">); Ofsted\'s site may have changed its markup'
        )
    if progress:
        progress(len(chosen), len(chosen), "")
