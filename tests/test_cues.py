"""The sentences a parser reads for a pattern: those holding one of its cue words
(``parse.common.sentences_with``), read from the bundled reports."""

from __future__ import annotations

import pytest

from conftest import ROOT
from ofsted_kg.parse.common import cue, sentences_with
from ofsted_kg.source.files import read_source


def test_sentences_with_a_cue_word_are_the_report_s_own():
    """Bolton 2014 says its team's size once, in one sentence; the sentence is found
    whatever the case of the cue, and only from the offset given on."""
    text = read_source(ROOT / "reports" / "bolton-2014-sif.txt")
    clean = text.clean
    runs = sentences_with(clean, cue("CONSISTED"))
    assert [clean[a:b].strip() for a, b in runs] == [
        "The inspection team consisted of seven of Her Majesty's Inspectors (HMI) from Ofsted"
    ]
    assert sentences_with(clean, cue("consisted"), runs[0][1]) == []


def test_sentences_with_any_of_several_words_in_order_each_once():
    """Bolton 2014: "inspected" twice (both children's centres sentences) and "Ofsted" in
    the team's sentence; a sentence holding two of the words is one run."""
    text = read_source(ROOT / "reports" / "bolton-2014-sif.txt")
    clean = text.clean
    runs = sentences_with(clean, cue("consisted", "Her Majesty"))
    assert len(runs) == 1
    centres = sentences_with(clean, cue("children's centres inspected"))
    assert [clean[a:b].strip()[:40] for a, b in centres] == [
        "Only two of the ten children's centres i",
        "Only two of the ten children's centres i",
    ]
    assert centres[0][0] < centres[1][0]


def test_a_cue_word_cannot_hold_a_full_stop():
    with pytest.raises(ValueError, match="full stop"):
        cue("e.g. director")
