"""Hostile and odd inputs cost their own file, never the build: each is refused in one line
naming it, before it can block, fill memory or run for ever (real files, real processes)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import FIXTURES, REPORTS, ROOT
from ofsted_kg.build import workers
from ofsted_kg.build.pipeline import build
from ofsted_kg.cli import main

PDF = FIXTURES / "pdfs" / "coventry-2022-08-12.pdf"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def folder(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(REPORTS / "bolton-2014-sif.txt", inputs)
    return inputs


def _refused(result, name):
    return [line for line in result.output.splitlines() if line.startswith(f"refused: {name}")]


def test_a_fifo_in_the_input_folder_is_refused_without_reading_it(folder, tmp_path):
    os.mkfifo(folder / "pipe.txt")
    result = run("build", folder, "-o", tmp_path / "out")  # would hang for ever if read
    assert result.exit_code == 3, result.output
    assert _refused(result, "pipe.txt") == [
        "refused: pipe.txt: a FIFO (named pipe), not a report file"
    ]
    assert "1 of 2 reports read" in result.output


def test_broken_and_looping_symlinks_are_refused_by_name(folder, tmp_path):
    (folder / "gone.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    result = run("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert _refused(result, "gone.pdf") == [
        "refused: gone.pdf: a broken symbolic link (its target is missing)"
    ]
    assert _refused(result, "loop.txt") == ["refused: loop.txt: a loop of symbolic links"]
    assert (tmp_path / "out" / "ofsted.ttl").is_file()


def test_a_device_named_as_a_report_is_refused_before_reading(tmp_path):
    """/dev/zero never ends: reading it whole used to end in MemoryError."""
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    result = run("build", link, REPORTS / "bolton-2014-sif.txt", "-o", tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert _refused(result, "zero.txt") == [
        "refused: zero.txt: a device or socket, not a report file"
    ]


def test_an_oversize_file_is_refused_before_reading(folder, tmp_path):
    big = folder / "big.txt"
    with big.open("wb") as handle:  # a sparse file: 11 MB on paper, nothing on disk
        handle.truncate(11_000_000)
    result = run("build", folder, "-o", tmp_path / "out")
    assert _refused(result, "big.txt") == [
        "refused: big.txt: too large for an inspection report (11 MB; the limit is 10 MB)"
    ]


def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path):
    text = (REPORTS / "trafford-2022-ilacs.txt").read_text(encoding="utf-8")
    path = tmp_path / "trafford-utf16.txt"
    path.write_bytes(text.encode("utf-16-le"))
    result = run("build", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "trafford-utf16.txt  ilacs-standard  Trafford" in result.output


def _pdf_bomb(path: Path, inflated: int) -> None:
    """A one-page PDF whose content stream inflates to ``inflated`` bytes of text-showing
    operators: small on disk, large (and slow) to read."""
    content = b"BT /F1 1 Tf " + b"(x) Tj " * (inflated // 7) + b"ET"
    stream = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))


def test_a_pdf_that_reads_too_slowly_is_stopped_and_refused(folder, tmp_path, monkeypatch):
    """A PDF that keeps its reader busy costs its worker, not the build."""
    _pdf_bomb(folder / "bomb.pdf", 40_000_000)
    assert (folder / "bomb.pdf").stat().st_size < 400_000
    monkeypatch.setattr(workers, "FILE_SECONDS", 2.0)
    shutil.copy(PDF, folder)
    started = time.monotonic()
    result = build([folder], tmp_path / "out")
    assert time.monotonic() - started < 60
    refused = {o.name: o.error for o in result.failures}
    assert refused == {"bomb.pdf": "bomb.pdf: reading it took longer than 2 s; stopped"}
    assert {r.source for r in result.reports} == {"bolton-2014-sif.txt", PDF.name}


def test_files_sent_to_a_stopped_reader_behind_its_file_are_still_read(
    folder, tmp_path, monkeypatch
):
    """A reader is sent its next file before it answers; when it is stopped, the files
    waiting for it go to its replacement. One reader, the slow PDF first in line."""
    _pdf_bomb(folder / "a-bomb.pdf", 40_000_000)
    monkeypatch.setattr(workers, "FILE_SECONDS", 2.0)
    shutil.copy(PDF, folder)
    result = build([folder], tmp_path / "out", jobs=1)
    refused = {o.name: o.error for o in result.failures}
    assert refused == {"a-bomb.pdf": "a-bomb.pdf: reading it took longer than 2 s; stopped"}
    assert {r.source for r in result.reports} == {"bolton-2014-sif.txt", PDF.name}
    coventry = next(r for r in result.reports if r.source == PDF.name)
    assert coventry.start.value.isoformat() == "2022-06-20"  # "20 June to 1 July 2022"


def test_a_pdf_that_needs_too_much_memory_is_stopped_and_refused(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "WORKER_MEMORY", 400 * 1024**2)
    _pdf_bomb(folder / "bomb.pdf", 200_000_000)
    shutil.copy(PDF, folder)
    result = build([folder], tmp_path / "out")
    refused = {o.name: o.error or "" for o in result.failures}
    assert list(refused) == ["bomb.pdf"]
    assert "memory" in refused["bomb.pdf"], refused
    assert {r.source for r in result.reports} == {"bolton-2014-sif.txt", PDF.name}


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split()
        found |= {int(child) for child in children}
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_a_killed_build_leaves_no_reader_processes_behind(tmp_path):
    """Regression: a SIGKILLed build left its worker processes alive (six per killed
    build, found hours later)."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    # 120 distinct files (a comment after %%EOF changes the hash, not the text), so the
    # build reads them all and cannot be done before the signal.
    data = PDF.read_bytes()
    for index in range(120):
        (inputs / f"copy-{index:03d}.pdf").write_bytes(data + f"%copy {index}\n".encode())
    command = [
        sys.executable,
        "-m",
        "ofsted_kg.cli",
        "build",
        str(inputs),
        "-o",
        str(tmp_path / "out"),
        "--no-cache",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    children: set[int] = set()
    deadline = time.monotonic() + 30
    while not children and time.monotonic() < deadline:
        time.sleep(0.05)
        children = _children(process.pid)
    assert children, "the build started no reader"
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{c}").exists() for c in children):
        time.sleep(0.1)
    alive = [
        c
        for c in children
        if Path(f"/proc/{c}/stat").exists()
        and Path(f"/proc/{c}/stat").read_text().split()[2] != "Z"
    ]
    assert alive == []


def test_a_users_own_tmp_files_survive_a_build(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".important.tmp").write_text("mine", encoding="utf-8")
    (out / ".ofsted-kg.999999999.abc.ofsted.ttl.tmp").write_text("a dead build's", encoding="utf-8")
    assert run("build", REPORTS / "bolton-2014-sif.txt", "-o", out).exit_code == 0
    assert (out / ".important.tmp").read_text(encoding="utf-8") == "mine"
    assert not (out / ".ofsted-kg.999999999.abc.ofsted.ttl.tmp").exists()


def test_same_file_name_in_two_council_folders_are_two_sources(tmp_path):
    """Ofsted's folder-per-council downloads repeat file names; each report keeps its own
    path as its source, and the build record lists both."""
    for council, report in (
        ("80573_trafford", "trafford-2022-ilacs.txt"),
        ("80433_bolton", "bolton-2014-sif.txt"),
    ):
        (tmp_path / "reports" / council).mkdir(parents=True)
        shutil.copy(REPORTS / report, tmp_path / "reports" / council / "inspection report.txt")
    out = tmp_path / "out"
    assert run("build", tmp_path / "reports", "-o", out).exit_code == 0
    rows = run("query", "inspections", "--graph", out / "ofsted.ttl", "--format", "csv")
    assert "80433_bolton/inspection report.txt" in rows.output
    assert "80573_trafford/inspection report.txt" in rows.output
    record = run("query", "build-record", "--graph", out / "ofsted.ttl", "--format", "csv")
    assert record.output.count("/inspection report.txt,read,") == 2


def test_a_pdf_without_text_says_so(tmp_path):
    """A report saved as pictures of its pages (a scan) has no text to read."""
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    document.save(tmp_path / "scan.pdf")
    result = run("build", tmp_path / "scan.pdf", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert _refused(result, "scan.pdf") == [
        "refused: scan.pdf: the PDF has no text layer (1 page(s) of images only, e.g. a "
        "scan); run OCR on it first"
    ]


def test_validate_given_a_folder_says_which_file_to_give(tmp_path):
    result = run("validate", tmp_path)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {tmp_path}: is a folder; give the graph file in it (e.g. "
        f"{tmp_path / 'ofsted.ttl'})\n"
    )


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_ctrl_c_during_a_build_is_one_line_and_exit_130(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    # 120 distinct files (a comment after %%EOF changes the hash, not the text), so the
    # build reads them all and cannot be done before the signal.
    data = PDF.read_bytes()
    for index in range(120):
        (inputs / f"copy-{index:03d}.pdf").write_bytes(data + f"%copy {index}\n".encode())
    command = [
        sys.executable,
        "-m",
        "ofsted_kg.cli",
        "build",
        str(inputs),
        "-o",
        str(tmp_path / "out"),
        "--no-cache",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    # Once the build's reader processes are running (Linux lists a process's children),
    # it is reading the files: the signal then comes mid-build, however loaded the machine.
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _children(process.pid):
            break
        time.sleep(0.02)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err == "Error: interrupted (Ctrl-C); nothing more was written\n"
    assert not (tmp_path / "out" / "ofsted.ttl").exists()


def test_a_build_after_no_validate_validates_instead_of_saying_conforms(tmp_path):
    """Regression: 'build --no-validate' wrote a graph with a violation, and the next plain
    build said 'graph up to date ... conforms' and exited 0."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(REPORTS / "bolton-2014-sif.txt", inputs)
    text = (REPORTS / "trafford-2015-sif.txt").read_text(encoding="utf-8")
    first = (
        "1. Ensure delay is eliminated for prospective adopters at stages one and two "
        "of the recruitment process."
    )
    (inputs / "trafford-2015-sif.txt").write_text(text.replace(first, "1. Act now."), "utf-8")
    out = tmp_path / "out"
    unchecked = run("build", inputs, "-o", out, "--no-validate")
    assert unchecked.exit_code == 0 and "conforms" not in unchecked.output
    checked = run("build", inputs, "-o", out)
    assert "graph up to date" not in checked.output
    assert checked.exit_code == 3, checked.output
    assert "quarantined: trafford-2015-sif.txt: violation" in checked.output
    # Now validated: the next build is up to date, and says what it quarantined.
    again = run("build", inputs, "-o", out)
    assert again.exit_code == 3 and "graph up to date" in again.output
    assert "quarantined: trafford-2015-sif.txt: violation" in again.output


def test_a_planted_cache_file_never_runs_code(tmp_path):
    """Regression: graphs/.cache/*.pickle was unpickled, so a planted file ran code on
    the next build. The cache is JSON, checked on load; pickles are never opened."""
    import pickle

    from ofsted_kg.build.cache import CACHE_DIR, ReportCache

    out = tmp_path / "out"
    report = REPORTS / "bolton-2014-sif.txt"
    assert run("build", report, "-o", out).exit_code == 0
    cache = out / CACHE_DIR
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (Path.write_text, (marker, "code ran"))

    for entry in cache.glob("*.json"):
        if len(entry.stem) == 40:  # the reports' entries, not the build's own files
            entry.with_suffix(".pickle").write_bytes(pickle.dumps(Payload()))
            # A tampered entry under the right name: its records are not a report's.
            entry.write_text('{"salt": "x", "report": {"evil": true}}', encoding="utf-8")
    result = run("build", report, "-o", out)
    assert result.exit_code == 0, result.output
    assert not marker.exists()
    assert "bolton-2014-sif.txt  sif" in result.output  # read again, not taken from the cache
    assert not list(cache.glob("*.pickle"))  # and the planted pickles are gone
    from ofsted_kg.source.files import file_sha256

    entry = ReportCache(cache, "https://w3id.org/ofsted-kg/id/").get(
        report, report.name, file_sha256(report)
    )
    assert entry is not None and entry.report is not None and entry.cached
