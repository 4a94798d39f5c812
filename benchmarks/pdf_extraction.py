"""Compare PDF text extractors on a folder of Ofsted reports: speed and text quality.

Usage::

    .venv/bin/python benchmarks/pdf_extraction.py /path/to/pdfs [--libs pypdfium2,pypdf]

For each library it extracts every page of every ``*.pdf`` in the folder and prints the
pages, the wall-clock seconds, and counters that hint at text quality:

* ``lig``: ligature code points left in the text (U+FB00-U+FB06, e.g. "ﬁ");
* ``hyph``: lines ending in a letter plus "-" (possible word breaks to re-join);
* ``glued``: lower-case letter directly followed by an upper-case one ("careLeavers"),
  a sign of words run together across columns or lines;
* ``cids``: "(cid:NN)" placeholders for glyphs with no Unicode mapping;
* ``order``: reports whose page-1 title ("Inspection of ...") appears before the first
  judgement line, i.e. the reading order of the title block is kept.

pdfminer.six and pdfplumber are optional: libraries that are not installed are skipped.
This script is a development tool; the package itself only uses pypdfium2.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LIGATURES = re.compile("[\ufb00-\ufb06]")
HYPHEN_BREAK = re.compile(r"[a-z]-\r?\n")
GLUED = re.compile(r"[a-z][A-Z][a-z]")
CID = re.compile(r"\(cid:\d+\)")
TITLE = re.compile(r"Inspection of ", re.I)
JUDGEMENT = re.compile(r"\b(Outstanding|Good|Requires improvement|Inadequate)\b")


def pages_pypdfium2(path: Path) -> Iterator[str]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(path)
    try:
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            # As ofsted_kg.source.files: PDFium writes U+FFFE for a hyphen that ended a line.
            text = textpage.get_text_range().replace("\r\n", "\n")
            yield text.replace("\ufffe", "-\n")
            textpage.close()
            page.close()
    finally:
        doc.close()


def pages_pypdf(path: Path) -> Iterator[str]:
    import pypdf

    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        yield page.extract_text()


def pages_pdfminer(path: Path) -> Iterator[str]:
    from pdfminer.high_level import extract_text

    # extract_text ends every page with a form feed.
    yield from extract_text(path).split("\f")[:-1]


def pages_pdfplumber(path: Path) -> Iterator[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            yield page.extract_text()
            page.close()


LIBRARIES: dict[str, Callable[[Path], Iterator[str]]] = {
    "pypdfium2": pages_pypdfium2,
    "pypdf": pages_pypdf,
    "pdfminer.six": pages_pdfminer,
    "pdfplumber": pages_pdfplumber,
}
MODULES = {
    "pypdfium2": "pypdfium2",
    "pypdf": "pypdf",
    "pdfminer.six": "pdfminer",
    "pdfplumber": "pdfplumber",
}


def available(name: str) -> bool:
    try:
        __import__(MODULES[name])
    except ImportError:
        return False
    return True


def run(name: str, files: list[Path]) -> dict[str, float]:
    extract = LIBRARIES[name]
    stats = dict.fromkeys(("pages", "chars", "lig", "hyph", "glued", "cids", "order"), 0.0)
    started = time.perf_counter()
    texts: list[list[str]] = [list(extract(path)) for path in files]
    stats["seconds"] = time.perf_counter() - started
    for pages in texts:
        stats["pages"] += len(pages)
        whole = "\n".join(pages)
        stats["chars"] += len(whole)
        stats["lig"] += len(LIGATURES.findall(whole))
        stats["hyph"] += len(HYPHEN_BREAK.findall(whole))
        stats["glued"] += len(GLUED.findall(whole))
        stats["cids"] += len(CID.findall(whole))
        first = pages[0] if pages else ""
        title, grade = TITLE.search(first), JUDGEMENT.search(first)
        if title and (grade is None or title.start() < grade.start()):
            stats["order"] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of PDF files")
    parser.add_argument(
        "--libs",
        default=",".join(LIBRARIES),
        help="comma-separated libraries to run (default: all installed)",
    )
    args = parser.parse_args(argv)
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        print(f"no PDF files in {args.folder}", file=sys.stderr)
        return 2
    print(f"{len(files)} PDFs, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")
    header = (
        f"{'library':<13}{'pages':>6}{'seconds':>9}{'ms/page':>9}{'chars':>10}"
        f"{'lig':>6}{'hyph':>6}{'glued':>7}{'cids':>6}{'order':>7}"
    )
    print(header)
    for name in args.libs.split(","):
        if not available(name):
            print(f"{name:<13} not installed, skipped")
            continue
        s = run(name, files)
        print(
            f"{name:<13}{s['pages']:>6.0f}{s['seconds']:>9.2f}"
            f"{1000 * s['seconds'] / s['pages']:>9.1f}{s['chars']:>10.0f}{s['lig']:>6.0f}"
            f"{s['hyph']:>6.0f}{s['glued']:>7.0f}{s['cids']:>6.0f}"
            f"{s['order']:>4.0f}/{len(files)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
