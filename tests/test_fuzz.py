"""Fuzzing the parsers with mutations of the real reports (hypothesis).

Whatever the mutation, ``parse_report`` returns a report or raises ``ParseError``; nothing
else escapes. A report that comes back never states a grade or a date that its (mutated)
text does not print: every judgement carries the quote it was read from.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPORT_FILES, read_report
from ofsted_kg.errors import ParseError
from ofsted_kg.parse import parse_report

TEXTS = {path.name: read_report(path.name) for path in REPORT_FILES}
NAMES = sorted(TEXTS)
EXAMPLES = 200  # x 5 strategies = 1,000 generated cases


def _squash(text: str) -> str:
    return " ".join(text.replace("*", "").split()).lower()


def _check(text: str, name: str) -> None:
    """Parse; only ParseError may escape, and every stated fact is quoted from ``text``."""
    try:
        report = parse_report(text, name)
    except ParseError:
        return
    for judgement in report.judgements:
        span = judgement.span
        assert text[span.start : span.end] == span.quote
        printed = _squash(judgement.grade_as_printed)
        assert printed and printed in _squash(span.quote), (judgement, span.quote)
    for fact in (report.start, report.end):
        assert text[fact.span.start : fact.span.end] == fact.span.quote
        assert str(fact.value.day) in re.findall(r"\d+", fact.span.quote)
        assert str(fact.value.year) in fact.span.quote or str(fact.value.year) in text


def _lines(name: str) -> list[str]:
    return TEXTS[name].split("\n")


names = st.sampled_from(NAMES)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(names, st.floats(min_value=0.0, max_value=1.0))
def test_truncated_anywhere(name, fraction):
    text = TEXTS[name]
    _check(text[: int(len(text) * fraction)], name)


@SETTINGS
@given(names, st.data())
def test_lines_deleted_or_duplicated(name, data):
    lines = _lines(name)
    count = data.draw(st.integers(min_value=1, max_value=40))
    for _ in range(count):
        index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1))
        if data.draw(st.booleans()):
            del lines[index]
        else:
            lines.insert(index, lines[index])
        if not lines:
            break
    _check("\n".join(lines), name)


@SETTINGS
@given(names, st.randoms(use_true_random=False))
def test_sections_shuffled(name, rng):
    blocks = re.split(r"\n\s*\n", TEXTS[name])
    rng.shuffle(blocks)
    _check("\n\n".join(blocks), name)


@SETTINGS
@given(names, st.data())
def test_unicode_noise_and_encodings(name, data):
    text = TEXTS[name]
    noise = data.draw(st.text(min_size=1, max_size=20))
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    text = text[:position] + noise + text[position:]
    if data.draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if data.draw(st.booleans()):
        text = "\ufeff" + text
    if data.draw(st.booleans()):
        # Windows-1252 bytes read as Latin-1: curly quotes become C1 controls.
        text = text.encode("cp1252", errors="replace").decode("latin-1")
    _check(text, name)


@SETTINGS
@given(names, st.data())
def test_grade_words_removed(name, data):
    """Drop or alter grade words: the parser must not invent the missing grade."""
    grade = data.draw(
        st.sampled_from(
            [
                "Good",
                "Outstanding",
                "Inadequate",
                "Adequate",
                "Requires improvement",
                "good",
                "requires improvement",
            ]
        )
    )
    replacement = data.draw(st.sampled_from(["", "Goo", "Excellent", "Grade"]))
    _check(TEXTS[name].replace(grade, replacement), name)


@pytest.mark.parametrize("name", NAMES)
def test_grade_table_dropped(name):
    text = TEXTS[name]
    for pattern in (
        r"\n[^\n]*\t(?:Good|Outstanding|Inadequate|Adequate|Requires[^\n]*)\n",
        r"\n\d\.\d?[^\n]*(?:Good|Outstanding|Inadequate|improvement)[^\n]*\n",
    ):
        _check(re.sub(pattern, "\n", text), name)


def test_a_50_megabyte_file_is_parsed_or_refused_in_bounded_memory():
    import tracemalloc

    text = TEXTS["trafford-2022-ilacs.txt"]
    big = text + ("Social workers visit children regularly. " * 25 + "\n") * 50_000
    assert len(big) > 50_000_000
    tracemalloc.start()
    with pytest.raises(ParseError, match="big.txt: too long for an inspection report"):
        parse_report(big, "big.txt")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10_000_000


def test_a_50_megabyte_file_is_refused_before_it_is_read(tmp_path):
    from ofsted_kg.errors import ReadError
    from ofsted_kg.source.files import read_source

    big = tmp_path / "big.txt"
    big.write_bytes(TEXTS["trafford-2022-ilacs.txt"].encode() * 1600)
    with pytest.raises(ReadError, match=r"big.txt: too large for an inspection report \(52 MB"):
        read_source(big)
