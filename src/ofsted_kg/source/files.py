"""Load report files (``.txt`` or ``.pdf``) as :class:`~ofsted_kg.source.text.SourceText`.

Text files
    Decoded as UTF-8 (a leading byte-order mark is dropped), or as Windows-1252 when the
    bytes are not UTF-8 and hold no NUL. Line ends are kept as they are in the file, so
    span offsets index ``path.read_bytes().decode(encoding)`` exactly, the same text as
    ``open(path, encoding="utf-8-sig", newline="").read()``; the normaliser maps ``\\r\\n``
    to ``\\n`` in the cleaned text only.

PDF files
    Read with pypdfium2, one page at a time. A page's *page text* is
    ``PdfTextPage.get_text_range()`` of that page with two changes:

    * ``"\\r\\n"`` (and any lone ``"\\r"``) becomes ``"\\n"``;
    * U+FFFE, which PDFium puts in place of a hyphen that ends a line (dropping the hyphen
      and the line break), becomes ``"-\\n"``, as printed.

    Nothing else is changed: page furniture (running headers, "12 of 30" footers, page
    numbers), trailing spaces and private-use bullet glyphs stay. The report text is the
    page texts joined by ``"\\f"``; a :class:`~ofsted_kg.model.records.Span` then carries a
    1-based ``page`` and offsets into that page's text, so that
    ``read_pdf_pages(path)[span.page - 1][span.start:span.end] == span.quote``.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from ofsted_kg.errors import ReadError
from ofsted_kg.source.manifest import MANIFEST_NAME
from ofsted_kg.source.text import SourceText

SUFFIXES = (".txt", ".pdf")

# PDFium's marker for "a hyphen stood here at the end of a line".
_PDFIUM_LINE_HYPHEN = "\ufffe"
# Readers look for the header in the first and the end-of-file marker in the last KiB.
_PDF_HEADER = b"%PDF-"
_PDF_EOF = b"%%EOF"
_PDF_PROBE = 1024
# A decoded file with more C0 control characters than this share is not text.
_MAX_CONTROL_SHARE = 0.01
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# Real reports are under 1 MB of PDF and 200 KB of text; far larger files are not reports,
# and refusing them up front keeps memory bounded.
MAX_TEXT_BYTES = 10_000_000
MAX_PDF_BYTES = 100_000_000


def _source(path: Path) -> str:
    return path.name or str(path)


def read_source(path: Path | str) -> SourceText:
    """Load one report file as a :class:`SourceText`; raise :class:`ReadError` if we can't.

    ``.txt`` gives a single text (spans without page numbers), or its pages if it holds
    form feeds; ``.pdf`` gives the page texts joined by form feeds (spans with page
    numbers), see the module docstring.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise ReadError(_source(path), "is a folder, not a report file")
    if suffix not in SUFFIXES and path.exists():
        shown = f"'{path.suffix}'" if path.suffix else "no extension"
        raise ReadError(
            _source(path), f"unsupported file type ({shown}); expected a .txt or .pdf report"
        )
    _check_file(path)
    if suffix == ".pdf":
        return SourceText.from_pages(read_pdf_pages(path))
    return SourceText.from_text(read_text(path))


def _check_file(path: Path) -> None:
    """Refuse what is not a regular report file, before reading a byte of it: a missing
    file, a broken symbolic link or a loop of them, a folder, a FIFO or a device (reading
    them could block for ever or never end), an empty or an over-size file."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise ReadError(
                _source(path), "a broken symbolic link (its target is missing)"
            ) from None
        raise ReadError(_source(path), "file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(_source(path), "a loop of symbolic links") from None
        raise ReadError(_source(path), f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(_source(path), "is a folder, not a report file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        raise ReadError(_source(path), f"{kind}, not a report file")
    size = info.st_size
    if size == 0:
        raise ReadError(_source(path), "the file is empty (0 bytes)")
    limit = MAX_PDF_BYTES if path.suffix.lower() == ".pdf" else MAX_TEXT_BYTES
    if size > limit:
        raise ReadError(
            _source(path),
            f"too large for an inspection report "
            f"({size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB)",
        )


def file_identity(info: os.stat_result) -> list[int]:
    """Which file this is, in which version, as the filesystem says: a file replaced,
    edited or even touched differs (device, inode, size, modification and change times;
    the change time cannot be set back by a program)."""
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def file_sha256(path: Path) -> str:
    """SHA-256 of a report file's bytes; '' for anything :func:`read_source` would refuse
    before reading (it says why)."""
    try:
        _check_file(path)
    except ReadError:
        return ""
    return sha256_of(path)


def sha256_of(path: Path) -> str:
    """SHA-256 of any regular file's bytes, read in blocks ('' if it cannot be read): for
    the files a build wrote, to which no report's size limit applies."""
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def read_text(path: Path | str) -> str:
    """The decoded text of a ``.txt`` report (UTF-8, UTF-16 with its byte order mark, else
    Windows-1252), line ends kept."""
    path = Path(path)
    _check_file(path)
    data = _read_bytes(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows "Unicode" text files
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise ReadError(_source(path), "not a text file: broken UTF-16") from None
    if b"\x00" in data and (utf16 := _utf16_without_bom(data)) is not None:
        data = utf16.encode("utf-8")
    if b"\x00" in data:
        raise ReadError(_source(path), "binary file (contains NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ReadError(
                _source(path),
                "not a text file: the bytes are neither UTF-8 nor "
                f"Windows-1252 (byte 0x{data[error.start]:02x} at offset "
                f"{error.start})",
            ) from None
    controls = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * len(text):
        raise ReadError(
            _source(path),
            f"binary file ({controls} control characters in {len(text)}), not a text report",
        )
    if not text.strip():
        raise ReadError(_source(path), "the file is empty (only whitespace)")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """``data`` as UTF-16 text saved without a byte order mark, if it plainly is: every
    other byte NUL (the high bytes of Latin text) and the rest decoding cleanly."""
    for encoding, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if len(data) % 2 == 0 and zeros.count(0) >= 0.9 * len(zeros):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except PermissionError:
        raise ReadError(_source(path), "permission denied") from None
    except IsADirectoryError:
        raise ReadError(_source(path), "is a folder, not a file") from None


def _check_pdf_ends(path: Path) -> None:
    """Fail early on files that are not PDFs or lack their end-of-file marker."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_PDF_PROBE)
            handle.seek(max(0, path.stat().st_size - _PDF_PROBE))
            tail = handle.read()
    except PermissionError:
        raise ReadError(_source(path), "permission denied") from None
    if _PDF_HEADER not in head:
        raise ReadError(_source(path), "not a PDF file (no %PDF- header)")
    if _PDF_EOF not in tail:
        raise ReadError(_source(path), "truncated PDF (no %%EOF marker at the end of the file)")


def _page_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace(_PDFIUM_LINE_HYPHEN, "-\n")


def read_pdf_pages(path: Path | str) -> list[str]:
    """The page texts of a PDF report, in page order (see the module docstring).

    Raises :class:`ReadError` for an encrypted, truncated or corrupt PDF, and for one
    with no text layer at all (scanned or image-only pages).
    """
    path = Path(path)
    _check_file(path)
    _check_pdf_ends(path)
    source = _source(path)
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as error:
        raise ReadError(source, _load_reason(error)) from None
    pages: list[str] = []
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    pages.append(_page_text(textpage.get_text_range()))
                finally:
                    textpage.close()
            finally:
                page.close()
    except pypdfium2.PdfiumError as error:
        raise ReadError(
            source, f"corrupt PDF: page {len(pages) + 1} cannot be read ({error})"
        ) from None
    finally:
        document.close()
    if not pages:
        raise ReadError(source, "the PDF has no pages")
    if not any(page.strip() for page in pages):
        raise ReadError(
            source,
            f"the PDF has no text layer ({len(pages)} page(s) of images "
            "only, e.g. a scan); run OCR on it first",
        )
    return pages


def _load_reason(error: pypdfium2.PdfiumError) -> str:
    code = error.err_code
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return "the PDF is encrypted (password-protected); save an unprotected copy"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "the PDF uses an unsupported security (encryption) handler"
    if code == pdfium_c.FPDF_ERR_FILE:
        return "the file cannot be opened"
    return "truncated or corrupt PDF (PDFium cannot parse it)"


@dataclass(frozen=True)
class InputFile:
    """One file a build was given: where it is, and its name in the graph.

    ``name`` is the path relative to the folder it was found under (``/``-separated), or
    the file's own name when it was named directly: Ofsted's downloads come one folder per
    council with repeated file names, so the folder is part of a report's identity.
    ``unsupported`` marks a file in a folder that is not a ``.txt`` or ``.pdf`` report
    (listed as skipped, never read).
    """

    path: Path
    name: str
    unsupported: bool = False


def input_files(paths: Iterable[Path | str]) -> list[InputFile]:
    """The files named by ``paths``: files as given, folders expanded.

    A folder gives the files in it and its subfolders (hidden ones such as ``.cache`` left
    out), sorted by path; those without a ``.txt`` or ``.pdf`` suffix (case-insensitive)
    come back ``unsupported``. Files named directly are kept whatever their suffix, so that
    :func:`read_source` can say what is wrong with them. The result keeps the order of
    ``paths`` and lists each file once. A path that does not exist, or a folder with no
    report in it, is a :class:`ReadError`.
    """
    found: list[InputFile] = []
    seen: dict[Path, int] = {}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            members = _files_under(path)
            if not any(not m.unsupported for m in members):
                raise ReadError(str(path), "no .txt or .pdf reports in this folder")
        elif path.exists() or path.is_symlink():
            members = [InputFile(path, path.name or str(path))]
        else:
            raise ReadError(str(path), "no such file or folder")
        for member in members:
            key = Path(os.path.normpath(member.path.absolute()))
            if key not in seen:
                seen[key] = len(found)
                found.append(member)
            elif found[seen[key]].unsupported and not member.unsupported:
                found[seen[key]] = member  # named directly: read it, to say what it is
    return found


def iter_inputs(paths: Iterable[Path | str]) -> list[Path]:
    """The report files named by ``paths`` (see :func:`input_files`), unsupported ones left
    out."""
    return [f.path for f in input_files(paths) if not f.unsupported]


def _files_under(folder: Path) -> list[InputFile]:
    """The files in ``folder`` and its subfolders that are not hidden, by path (a sync
    manifest, ``ofsted-manifest.csv``, is the folder's record, not an input)."""
    found: list[InputFile] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or name == MANIFEST_NAME:
                continue
            path = Path(root, name)
            relative = path.relative_to(folder)
            found.append(
                InputFile(
                    path,
                    relative.as_posix(),
                    unsupported=Path(name).suffix.lower() not in SUFFIXES,
                )
            )
    return sorted(found, key=lambda member: Path(member.name).parts)
