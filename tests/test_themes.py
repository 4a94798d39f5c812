"""Recommendation themes: the labelled set, the rules and the model, the links in the graph.

The labelled set (``fixtures/themes/labelled.csv``) is 262 recommendations and improvement
points read and labelled by hand, across every framework from 2012 to 2026; the expected
themes of single recommendations below were read in their reports.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from conftest import FIXTURES, ROOT
from ofsted_kg.build.cache import fingerprint_files
from ofsted_kg.model import namespaces as ns
from ofsted_kg.model.themes import THEME_METHODS, THEMES
from ofsted_kg.resources import ontology_graph
from ofsted_kg.themes.classify import MODEL_THRESHOLD, classify, classify_many, keyword_themes
from ofsted_kg.themes.rules import RULES, normalise, rule_matches

LABELLED = FIXTURES / "themes" / "labelled.csv"
TRAFFORD_2022 = "https://w3id.org/ofsted-kg/id/inspection/E08000009/2022-11-21"


def labelled() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def micro_f1(predicted: list[set[str]], rows: list[dict[str, str]]) -> float:
    tp = fp = fn = 0
    for guess, row in zip(predicted, rows, strict=True):
        gold = set(row["themes"].split())
        tp, fp, fn = tp + len(guess & gold), fp + len(guess - gold), fn + len(gold - guess)
    return 2 * tp / (2 * tp + fp + fn)


def test_labelled_set_spans_frameworks_and_years():
    rows = labelled()
    assert len(rows) == 262
    frameworks = Counter(row["framework"] for row in rows)
    assert set(frameworks) == {
        "safeguarding-lac-2012", "lac-2013", "sif", "sif-reinspection", "lscb-review",
        "ilacs-standard", "ilacs-short", "ilacs-2026",
    }  # fmt: skip
    assert {row["start"][:4] for row in rows} >= {str(y) for y in range(2012, 2027)} - {"2020"}
    for row in rows:
        assert set(row["themes"].split()) <= set(THEMES), row


def test_labelled_tameside_2012_first_recommendation():
    first = labelled()[0]
    assert first["report"] == "tameside-2012-safeguarding-lac.txt" and first["number"] == "1"
    assert first["text"].startswith("ensure that all statutory child protection visits")
    assert first["themes"] == "child-protection childrens-voice"


def test_assignment_beats_the_keyword_baseline_on_the_labelled_set():
    rows = labelled()
    links = classify_many([(row["text"], row["addressee"]) for row in rows])
    ours = micro_f1([{link.theme for link in found} for found in links], rows)
    baseline = micro_f1([keyword_themes(row["text"]) for row in rows], rows)
    assert ours > baseline + 0.05, (ours, baseline)
    assert ours > 0.85


def test_every_theme_has_rules_a_definition_and_keywords():
    assert set(RULES) == set(THEMES)
    for theme in THEMES.values():
        assert theme.definition.endswith(".") and len(theme.definition) > 60, theme.slug
        assert theme.keywords, theme.slug


@pytest.mark.parametrize(
    ("text", "addressee", "theme", "words"),
    [
        ("The support for homeless children over 16.", "local-authority", "homeless-16-17",
         "homeless"),
        ("The completion of mandatory training for approved foster carers.", "local-authority",
         "placement-sufficiency", "foster carers"),
        ("Improve the attendance at child protection training and resolve the issues that have "
         "resulted in cancellation of sessions.", "lscb", "safeguarding-board",
         "addressed to the LSCB"),
        ("The timeliness of entering into pre-proceedings for children who need this support.",
         "local-authority", "pre-proceedings", "pre-proceedings"),
    ],
)  # fmt: skip
def test_rule_links_name_the_words_that_matched(text, addressee, theme, words):
    found = {link.theme: link for link in classify(text, addressee)}
    assert found[theme].method == "rule" and found[theme].score == 1.0
    assert found[theme].evidence == words


def test_every_rule_match_in_the_labelled_set_starts_with_one_of_its_cues():
    """A rule with cues runs only where one is in the text: on the 262 labelled texts,
    every match of every rule starts with one of its cues, and the themes found equal
    those of every rule run on every text."""
    texts = [(normalise(row["text"]), row["addressee"]) for row in labelled()]
    for plain, _ in texts:
        for rule in (rule for rules in RULES.values() for rule in rules if rule.cues):
            for match in rule.pattern.finditer(plain):
                assert plain.startswith(rule.cues, match.start()), (rule.pattern.pattern, plain)
    for plain, addressee in texts:
        everything = {}
        for theme, rules in RULES.items():
            words = next((w for rule in rules if (w := rule.find(plain)) is not None), None)
            if words is not None:
                everything[theme] = words
        assert {t: w for t, w in rule_matches(plain, addressee).items() if t in everything} == (
            everything
        )


def test_rules_whose_branches_share_their_first_letters_have_cues():
    """The pattern parser factors a shared first letter out of branches ("life stor(y|ies)
    or later life letters"): the cues are the whole words."""
    assert RULES["life-story-work"][0].cues == ("later", "life")
    assert RULES["permanence"][3].cues == (
        "family and friends", "friends and family", "friends or family",
    )  # fmt: skip


def test_training_in_education_employment_and_training_is_not_workforce():
    text = "Improve the proportion of care leavers in education, employment or training (EET)."
    assert {link.theme for link in classify(text, "local-authority")} == {
        "care-leavers",
        "education",
    }


def test_a_text_no_rule_matches_gets_the_model_nearest_theme():
    """Trafford 2026's third improvement point, "Quality and impact of safety planning",
    has no phrase of any rule: the model links it, with its similarity as the score."""
    links = classify("Quality and impact of safety planning", "local-authority")
    assert [link.method for link in links] == ["model"]
    assert links[0].theme in THEMES and MODEL_THRESHOLD <= links[0].score < 1


def test_nothing_is_downloaded_the_model_loads_with_the_network_closed():
    """The model and tokenizer come from the wordllama wheel: with Hugging Face offline and
    every proxy pointing at a closed port, embedding still works."""
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "HTTP_PROXY": "http://127.0.0.1:9",
        "PYTHONPATH": str(ROOT / "src"),
    }
    code = (
        "from ofsted_kg.themes.embed import embed; v = embed(['care leavers']); "
        "print(v.shape, round(float((v * v).sum()), 3))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 256) 1.0"


def test_our_embedder_gives_wordllamas_vectors_bit_for_bit():
    """The embedder that skips importing the wordllama package (0.33 s a process) gives
    exactly the vectors of WordLlama's own inference class: the 262 labelled
    recommendations (four batches of 64 and a short one) and one more."""
    from pathlib import Path

    import numpy as np
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    from ofsted_kg.themes import embed as ours

    texts = [row["text"] for row in labelled()]
    texts.append("Ensure that care leavers have access to suitable accommodation.")
    assert len(texts) > 4 * ours.BATCH
    folder = Path(wordllama.__file__).parent
    with safe_open(str(folder / ours._WEIGHTS), framework="np", device="cpu") as handle:
        table = handle.get_tensor("embedding.weight")
    theirs = WordLlamaInference(table, Tokenizer.from_file(str(folder / ours._TOKENIZER)))
    got = ours.embed(texts)
    assert got.dtype == np.float32 and got.shape == (len(texts), ours.DIMENSIONS)
    assert np.array_equal(got, theirs.embed(texts, norm=True))


def test_cache_key_covers_every_stage_not_only_build():
    """Regression: the build cache key hashed only build/*.py, so a changed parser or graph
    builder reused stale cached triples (and no themes appeared)."""
    names = {path.relative_to(path.parents[1]).as_posix() for path in fingerprint_files()}
    names |= {
        path.relative_to(path.parents[2]).as_posix()
        for path in fingerprint_files()
        if len(path.parents) > 2
    }
    assert {"parse/sif.py", "rdf/graph.py", "themes/rules.py", "model/themes.py"} <= names
    # The shapes, the ontology and the data checks too: a rebuild after editing a shape
    # validates every node again, not only those the inputs' changes touched.
    assert {"resources/ontology/ofsted.ttl", "resources/ontology/schemes.ttl"} <= names
    assert any(name.startswith("resources/shapes/") for name in names)
    assert any(name.endswith("-violation.rq") for name in names)


# --- in the graph ---------------------------------------------------------------------------


def test_trafford_2022_homeless_improvement_point_is_linked_by_rule(built_graph):
    rec = URIRef(f"{TRAFFORD_2022}/recommendation/local-authority/2")
    assert built_graph.value(rec, ns.SDO.text) == Literal(
        "The support for homeless children over 16.", lang="en"
    )
    assert set(built_graph.objects(rec, DCTERMS.subject)) == {ns.theme_iri("homeless-16-17")}
    node = URIRef(f"{rec}/theme/homeless-16-17")
    assert (rec, ns.OFS.themeAssignment, node) in built_graph
    assert (node, RDF.type, ns.OFS.ThemeAssignment) in built_graph
    assert built_graph.value(node, ns.OFS.assignmentMethod) == ns.theme_method_iri("rule")
    assert str(built_graph.value(node, ns.OFS.assignmentScore)) == "1.0"
    assert str(built_graph.value(node, ns.OFS.matchedWords)) == "homeless"


def test_every_bundled_recommendation_link_is_in_the_graph(built_graph, all_reports):
    expected = sum(
        len(found)
        for report in all_reports
        for found in classify_many([(r.text, r.addressee) for r in report.recommendations])
    )
    subjects = [
        o
        for o in built_graph.objects(None, DCTERMS.subject)
        if str(o).startswith(str(ns.CONCEPT["theme/"]))
    ]
    assignments = set(built_graph.subjects(RDF.type, ns.OFS.ThemeAssignment))
    assert len(subjects) == len(assignments) == expected > 100


def test_bolton_lscb_recommendations_are_on_the_board_theme(built_graph):
    bolton = "https://w3id.org/ofsted-kg/id/inspection/E08000001/2014-01-14/recommendation/lscb/"
    board = ns.theme_iri("safeguarding-board")
    lscb = {s for s in built_graph.subjects(DCTERMS.subject, board) if str(s).startswith(bolton)}
    assert len(lscb) == 6


def test_the_scheme_has_every_theme_with_its_definition_and_national_framework_match():
    schemes = ontology_graph()
    scheme = ns.concept_scheme_iri("theme")
    concepts = set(schemes.objects(scheme, SKOS.hasTopConcept))
    assert concepts == {ns.theme_iri(slug) for slug in THEMES}
    missing = ns.theme_iri("exploitation-and-missing")
    assert (missing, SKOS.closeMatch, ns.national_framework_iri("outcome-3")) in schemes
    assert str(schemes.value(missing, SKOS.definition)).startswith("Children at risk of sexual")
    assert (missing, SKOS.altLabel, Literal("return home interviews", lang="en")) in schemes
    methods = set(schemes.objects(ns.concept_scheme_iri("theme-method"), SKOS.hasTopConcept))
    assert methods == {ns.theme_method_iri(slug) for slug in THEME_METHODS}


# --- the chart -------------------------------------------------------------------------------


def test_chart_themes_draws_the_named_themes_byte_identically(tmp_path):
    import shutil

    from click.testing import CliRunner

    from ofsted_kg.cli import main

    graph = tmp_path / "ofsted.ttl"
    shutil.copyfile(ROOT / "graphs" / "ofsted.ttl", graph)
    pictures = []
    for name in ("one.svg", "two.svg"):
        out = tmp_path / name
        result = CliRunner().invoke(
            main,
            ["chart", "--themes", "--theme", "care-leavers", "--theme", "homeless-16-17",
             "--graph", str(graph), "-o", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.output == f"wrote {out} (2 themes: care-leavers, homeless-16-17)\n"
        pictures.append(out.read_bytes())
    assert pictures[0] == pictures[1]
    assert b"Homeless 16- and 17-year-olds" in pictures[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--themes", "--authority", "Trafford"],
            "give exactly one of --authority NAME or --themes",
        ),
        (["--themes", "--theme", "astrology"], "--theme astrology: no recommendation in the graph"),
    ],
)
def test_chart_themes_bad_options_are_one_line(tmp_path, args, message):
    from click.testing import CliRunner

    from ofsted_kg.cli import main

    out = tmp_path / "themes.png"
    result = CliRunner().invoke(
        main, ["chart", *args, "--graph", str(ROOT / "graphs" / "ofsted.ttl"), "-o", str(out)]
    )
    assert result.exit_code == 2 and result.output.startswith(f"Error: {message}")
    assert not out.exists()
