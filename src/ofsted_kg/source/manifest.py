"""The manifest of a synced folder: what ``sync`` downloaded from Ofsted, and from where.

``ofsted-manifest.csv`` sits at the top of the folder ``sync`` fills, one row per file Ofsted
lists (sorted by council, publication date and file id, so the same downloads give the
same bytes): the council (Ofsted URN, ONS GSS code, name), the label and kind shown on its
provider page, the publication date, Ofsted's file id and URL, the file's path under the
folder, its SHA-256 and size, when it was retrieved (UTC), and its status:

``downloaded``
    the file is in the folder;
``withdrawn``
    Ofsted answered with a web page ("Report not found") instead of a PDF: nothing saved;
``gone``
    downloaded once, no longer listed by Ofsted (the copy is kept).

``build`` reads it (:func:`origins`) so that each synced report carries its Ofsted URL and
publication date; the build's file listing leaves the manifest itself out.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from pathlib import Path

from ofsted_kg.atomic import atomic_write
from ofsted_kg.errors import ReadError
from ofsted_kg.safe_output import from_spreadsheet_text, spreadsheet_text

MANIFEST_NAME = "ofsted-manifest.csv"
STATUSES = ("downloaded", "withdrawn", "gone")
MAX_MANIFEST_BYTES = 50_000_000  # some 200,000 rows; England's history is under 5,000
_URL_RE = re.compile(r"https?://[^\s<>\"{}|\\^`]+")  # an http(s) URL that is a valid IRI


@dataclass(frozen=True)
class Entry:
    """One row of the manifest (dates ISO 8601, sizes in bytes)."""

    urn: str
    gss: str
    council: str
    label: str
    kind: str
    published: str
    file_id: str
    url: str
    path: str = ""  # under the manifest's folder, '/'-separated; "" when nothing was saved
    sha256: str = ""
    bytes: str = ""
    retrieved: str = ""
    status: str = "downloaded"

    @property
    def published_date(self) -> date:
        return date.fromisoformat(self.published)

    def but(self, **changes: str) -> Entry:
        """A copy with some fields changed."""
        return replace(self, **changes)


COLUMNS = tuple(f.name for f in fields(Entry))


def _sort_key(entry: Entry) -> tuple[str, str, str]:
    return (entry.gss, entry.published, entry.file_id)


def manifest_bytes(entries: Iterable[Entry]) -> bytes:
    """The manifest's CSV (a header and one row per entry, sorted; ``\\n`` line ends); a
    text a spreadsheet would take for a formula (a label from Ofsted's page starting with
    "=") has a quote before it, which :func:`read_manifest` drops again."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in sorted(entries, key=_sort_key):
        writer.writerow({name: spreadsheet_text(v) for name, v in asdict(entry).items()})
    return out.getvalue().encode("utf-8")


def write_manifest(folder: Path, entries: Iterable[Entry]) -> Path:
    """Write ``folder``'s manifest atomically; its path."""
    path = folder / MANIFEST_NAME
    atomic_write(path, manifest_bytes(entries))
    return path


def read_manifest(path: Path) -> list[Entry]:
    """The entries of a manifest file; :class:`ReadError` naming it and the line when it is
    not one (missing columns, an unknown status, a bad date)."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            raise ReadError(name, "too large for a sync manifest")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReadError(name, "not a sync manifest: the bytes are not UTF-8 text") from None
    except OSError as exc:
        raise ReadError(name, f"cannot read: {exc.strerror or exc}") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ReadError(name, f"not a sync manifest: no column {', '.join(missing)}")
    entries = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            values = {c: from_spreadsheet_text((row.get(c) or "").strip()) for c in COLUMNS}
            entry = Entry(**values)
            if entry.status not in STATUSES:
                raise ReadError(name, f"{where}: unknown status {entry.status!r}")
            if not entry.file_id or not _URL_RE.fullmatch(entry.url):
                raise ReadError(name, f"{where}: no file id, or {entry.url!r} is not a URL")
            try:
                entry.published_date  # noqa: B018 (a check: ValueError when not a date)
            except ValueError:
                raise ReadError(name, f"{where}: {entry.published!r} is not a date") from None
            if entry.path and (entry.path.startswith("/") or ".." in entry.path.split("/")):
                raise ReadError(name, f"{where}: path {entry.path!r} leaves the folder")
            entries.append(entry)
    except csv.Error as exc:
        raise ReadError(name, f"line {reader.line_num}: {exc}") from None
    return entries


@dataclass(frozen=True)
class Origin:
    """Where a synced report came from: Ofsted's URL, label and publication date."""

    url: str
    label: str
    published: date


def _manifests_under(folder: Path) -> Iterable[Path]:
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        if MANIFEST_NAME in files:
            yield Path(root) / MANIFEST_NAME


def origins(inputs: Iterable[Path]) -> tuple[dict[str, Origin], list[str]]:
    """The origin of every synced file under the input folders, by its name in the build
    (its path under the input folder, as :func:`~ofsted_kg.source.files.input_files`
    names it), and a note for each manifest that cannot be read (its reports are then
    built without their origins; a bad manifest never costs a build)."""
    found: dict[str, Origin] = {}
    notes: list[str] = []
    for item in inputs:
        folder = Path(item)
        if not folder.is_dir():
            continue
        for manifest in _manifests_under(folder):
            prefix = manifest.parent.relative_to(folder).as_posix()
            try:
                entries = read_manifest(manifest)
            except ReadError as exc:
                notes.append(f"{exc}; its reports are built without their Ofsted URLs")
                continue
            for entry in entries:
                if entry.path and entry.status != "withdrawn":
                    name = entry.path if prefix == "." else f"{prefix}/{entry.path}"
                    found[name] = Origin(entry.url, entry.label, entry.published_date)
    return found, notes
