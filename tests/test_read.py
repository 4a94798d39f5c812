"""Loading report files: PDF page texts, spans into pages, text decoding, bad inputs.

The expected facts were read from the fixture PDFs in ``tests/fixtures/pdfs/``.
Broken inputs (truncated, encrypted, image-only PDFs, binary files) are made in tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdf
import pypdfium2
import pytest
from matplotlib.figure import Figure

from ofsted_kg.errors import ReadError
from ofsted_kg.source.files import iter_inputs, read_pdf_pages, read_source, read_text

PDFS = Path(__file__).resolve().parent / "fixtures" / "pdfs"
TRAFFORD = PDFS / "trafford-2015-05-12.pdf"

PAGE_COUNTS = {
    "coventry-2022-08-12.pdf": 10,
    "doncaster-2018-01-19.pdf": 18,
    "kent-2013-08-23.pdf": 21,
    "newham-2019-03-25.pdf": 13,
    "nottinghamshire-2024-07-12.pdf": 11,
    "surrey-2015-08-03.pdf": 15,
    "trafford-2015-05-12.pdf": 46,
}

# (file, 1-based page, text seen on that page of the extracted text)
PHRASES = [
    (
        "trafford-2015-05-12.pdf",
        1,
        "Trafford Metropolitan Borough Council\n"
        "Inspection of services for children in need of help and \n",
    ),
    ("trafford-2015-05-12.pdf", 1, "2.2 Experiences and progress of care leavers Outstanding\n"),
    ("trafford-2015-05-12.pdf", 40, "What does the LSCB need to improve?\nAreas for improvement\n"),
    ("trafford-2015-05-12.pdf", 45, "Lead inspector: Gary Lamb\n"),
    (
        "kent-2013-08-23.pdf",
        1,
        "Inspection of looked after children \nservices\nKent County Council\n",
    ),
    ("kent-2013-08-23.pdf", 1, "Reporting inspector Helen Cawston HMI\n"),
    ("kent-2013-08-23.pdf", 8, "Areas for improvement\n"),
    (
        "kent-2013-08-23.pdf",
        21,
        "Record of main findings\nServices for looked after children\n"
        "Overall effectiveness Adequate\nCapacity to improve Good\n",
    ),
    (
        "newham-2019-03-25.pdf",
        1,
        "London Borough of Newham \nInspection of children’s social care services\n",
    ),
    ("newham-2019-03-25.pdf", 1, "Lead inspector: Dawn Godfrey\nHer Majesty’s Inspector\n"),
    ("newham-2019-03-25.pdf", 1, "Overall effectiveness Inadequate"),
    ("coventry-2022-08-12.pdf", 1, "Lead inspector: Nick Bennison, Her Majesty’s Inspector\n"),
    (
        "coventry-2022-08-12.pdf",
        3,
        "Inspection of Coventry local authority children’s services\n20 June to 1 July 2022 3\n",
    ),
    (
        "nottinghamshire-2024-07-12.pdf",
        1,
        "Inspection of Nottinghamshire County \nCouncil local authority children’s \nservices \n",
    ),
    (
        "nottinghamshire-2024-07-12.pdf",
        1,
        "The experiences and progress of care \nleavers\nGood \n",
    ),
    ("nottinghamshire-2024-07-12.pdf", 2, "What needs to improve?"),
    (
        "surrey-2015-08-03.pdf",
        1,
        "Surrey Safeguarding Children Board\n"
        "Review of the effectiveness of the Local Safeguarding Children \n",
    ),
    ("surrey-2015-08-03.pdf", 1, "The Local Safeguarding Children Board requires improvement \n"),
    (
        "doncaster-2018-01-19.pdf",
        1,
        "Re-inspection of services for children in need of help and \n",
    ),
    ("doncaster-2018-01-19.pdf", 7, "Recommendations\n"),
    ("doncaster-2018-01-19.pdf", 17, "Lead inspector: Neil Penswick\n"),
]


@pytest.fixture(scope="module")
def pages(pdf_pages):
    return pdf_pages


def message(excinfo: pytest.ExceptionInfo[ReadError]) -> str:
    return str(excinfo.value)


# --- real PDFs ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "count"), sorted(PAGE_COUNTS.items()))
def test_page_count(pages, name, count):
    assert len(pages(name)) == count


@pytest.mark.parametrize(("name", "page", "phrase"), PHRASES)
def test_phrase_on_page(pages, name, page, phrase):
    found = [number for number, text in enumerate(pages(name), 1) if phrase in text]
    assert page in found


@pytest.mark.parametrize("name", sorted(PAGE_COUNTS))
def test_page_text_is_normalised(pages, name):
    for text in pages(name):
        assert "\r" not in text
        assert "\ufffe" not in text
        assert "\f" not in text


def test_pdfium_line_end_hyphen_marker_becomes_hyphen_newline(pages):
    # PDFium writes "well\ufffecoordinated" for "well-" at a line end + "coordinated".
    assert "good quality, well-\ncoordinated services" in pages("trafford-2015-05-12.pdf")[9]


def test_read_source_joins_pages_with_form_feeds(pages):
    text = read_source(TRAFFORD)
    assert text.raw == "\f".join(pages(TRAFFORD.name))
    assert len(text.page_starts) == 46


@pytest.mark.parametrize(
    ("quote", "page"),
    [
        ("Lead inspector: Gary Lamb", 45),
        ("Trafford Metropolitan Borough Council", 1),
        ("Ofsted’s expectation", 1),
    ],
)
def test_span_offsets_index_the_page_text(pages, quote, page):
    text = read_source(TRAFFORD)
    clean_quote = quote.replace("’", "'")
    start = text.clean.index(clean_quote)
    span = text.span(start, start + len(clean_quote))
    assert span.page == page
    assert span.quote == quote
    assert pages(TRAFFORD.name)[page - 1][span.start : span.end] == quote


def test_read_source_accepts_str_path_and_upper_case_suffix(tmp_path):
    copy = tmp_path / "TRAFFORD.PDF"
    copy.write_bytes(TRAFFORD.read_bytes())
    assert len(read_source(str(copy)).page_starts) == 46


# --- text files -----------------------------------------------------------------------


def test_utf8_text_keeps_line_ends(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes("Children’s services\r\nin Trafford\n".encode())
    text = read_source(path)
    assert text.raw == "Children’s services\r\nin Trafford\n"
    assert text.clean == "Children's services\nin Trafford\n"
    assert text.page_starts is None


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfTrafford")
    assert read_text(path) == "Trafford"


def test_windows_1252_fallback(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Children\x92s services \x96 caf\xe9")
    assert read_text(path) == "Children’s services – café"


def test_bytes_neither_utf8_nor_cp1252(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(b"abc \x81 def")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == (
        "odd.txt: not a text file: the bytes are neither UTF-8 nor "
        "Windows-1252 (byte 0x81 at offset 4)"
    )


# --- bad inputs -----------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(ReadError) as excinfo:
        read_source(tmp_path / "nowhere.txt")
    assert message(excinfo) == "nowhere.txt: file not found"
    assert excinfo.value.source == "nowhere.txt"
    assert excinfo.value.reason == "file not found"


def test_missing_pdf(tmp_path):
    with pytest.raises(ReadError) as excinfo:
        read_source(tmp_path / "nowhere.pdf")
    assert message(excinfo) == "nowhere.pdf: file not found"


def test_empty_text_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "empty.txt: the file is empty (0 bytes)"


def test_whitespace_only_text_file(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n\t\n", encoding="utf-8")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "blank.txt: the file is empty (only whitespace)"


def test_empty_pdf(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "empty.pdf: the file is empty (0 bytes)"


def test_binary_file_with_nul_bytes(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "image.txt: binary file (contains NUL bytes), not a text report"


def test_binary_file_without_nul_bytes(tmp_path):
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 10 + b"text")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert (
        message(excinfo) == "noise.txt: binary file (80 control characters in 84), not a "
        "text report"
    )


def test_unknown_extension(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == (
        "report.docx: unsupported file type ('.docx'); expected a .txt or .pdf report"
    )


def test_no_extension(tmp_path):
    path = tmp_path / "README"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == (
        "README: unsupported file type (no extension); expected a .txt or .pdf report"
    )


def test_text_file_named_pdf(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_text("Inspection of children's services\n", encoding="utf-8")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "fake.pdf: not a PDF file (no %PDF- header)"


def test_truncated_pdf(tmp_path):
    data = TRAFFORD.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "half.pdf: truncated PDF (no %%EOF marker at the end of the file)"


def test_corrupt_pdf_with_end_marker(tmp_path):
    data = TRAFFORD.read_bytes()
    path = tmp_path / "mangled.pdf"
    path.write_bytes(data[: len(data) // 2] + b"\n%%EOF\n")
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == "mangled.pdf: truncated or corrupt PDF (PDFium cannot parse it)"


def test_encrypted_pdf(tmp_path):
    writer = pypdf.PdfWriter(clone_from=PDFS / "newham-2019-03-25.pdf")
    writer.encrypt("secret")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == (
        "locked.pdf: the PDF is encrypted (password-protected); save an unprotected copy"
    )


def test_owner_password_only_pdf_is_readable(tmp_path):
    writer = pypdf.PdfWriter(clone_from=PDFS / "newham-2019-03-25.pdf")
    writer.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "restricted.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    assert read_pdf_pages(path)[0].startswith("London Borough of Newham \n")


def test_image_only_pdf(tmp_path):
    figure = Figure(figsize=(4, 4))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.imshow(np.arange(64 * 64).reshape(64, 64))
    axes.axis("off")
    path = tmp_path / "scan.pdf"
    figure.savefig(path, format="pdf")
    document = pypdfium2.PdfDocument(path)
    assert len(document) == 1
    document.close()
    with pytest.raises(ReadError) as excinfo:
        read_source(path)
    assert message(excinfo) == (
        "scan.pdf: the PDF has no text layer (1 page(s) of images "
        "only, e.g. a scan); run OCR on it first"
    )


# --- inputs ---------------------------------------------------------------------------


def test_iter_inputs_expands_folders_and_subfolders_sorted(tmp_path):
    """Ofsted's downloads come one folder per council; hidden folders (.cache) are left out."""
    for name in ("b.txt", "a.pdf", "c.PDF", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_bytes(b"x")
    for folder in ("trafford", ".cache"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "d.txt").write_bytes(b"x")
    listed = iter_inputs([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in listed] == [
        "a.pdf",
        "b.txt",
        "c.PDF",
        "trafford/d.txt",
    ]


def test_iter_inputs_keeps_order_and_named_files_once(tmp_path):
    for name in ("a.txt", "z.txt", "odd.docx"):
        (tmp_path / name).write_bytes(b"x")
    listed = iter_inputs([tmp_path / "z.txt", tmp_path, tmp_path / "odd.docx"])
    assert [p.name for p in listed] == ["z.txt", "a.txt", "odd.docx"]


def test_iter_inputs_refuses_a_missing_path(tmp_path):
    with pytest.raises(ReadError, match=r"nope: no such file or folder$"):
        iter_inputs([tmp_path / "nope"])


def test_iter_inputs_refuses_a_folder_without_reports(tmp_path):
    (tmp_path / "notes.md").write_bytes(b"x")
    with pytest.raises(ReadError, match=r"no \.txt or \.pdf reports in this folder$"):
        iter_inputs([tmp_path])


def test_iter_inputs_on_fixtures_is_deterministic():
    names = [p.name for p in iter_inputs([PDFS])]
    assert names == sorted(PAGE_COUNTS)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_with_byte_order_mark(tmp_path, encoding):
    """Windows' "Unicode" text files: UTF-16 with a byte order mark."""
    text = "Inspection of Trafford local authority children’s services\r\n"
    path = tmp_path / "r.txt"
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""
    path.write_bytes(bom + text.encode(encoding))
    assert read_text(path) == text


def test_parse_text_takes_a_string_too():
    from conftest import read_report
    from ofsted_kg.parse import parse_text

    report = parse_text(read_report("trafford-2022-ilacs.txt"), "trafford-2022-ilacs.txt")
    assert (report.framework, report.start.value.isoformat()) == ("ilacs-standard", "2022-11-21")
