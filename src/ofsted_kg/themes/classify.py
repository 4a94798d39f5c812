"""Link each recommendation to the practice themes it is about (zero, one or more).

Two steps, each recorded with the link so a reader can tell them apart:

1. **Rules** (:mod:`ofsted_kg.themes.rules`): every theme whose phrase rule matches the text;
   score 1, with the words that matched.
2. **Model**: a recommendation no rule matches gets the one theme whose description (label,
   definition and keywords, embedded by :mod:`ofsted_kg.themes.embed`) is closest in
   meaning, if the cosine similarity is at least :data:`MODEL_THRESHOLD`; the similarity,
   rounded to three places, is the score.

Measured on 262 recommendations labelled by hand (``benchmarks/themes.py``): the two steps
beat :func:`keyword_themes`, a keyword-only baseline that matches each theme's keywords.
The model is loaded only when some text matches no rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from ofsted_kg.model.themes import THEMES
from ofsted_kg.themes.rules import normalise, rule_matches

MODEL_THRESHOLD = 0.40  # cosine similarity; chosen on the labelled set (benchmarks/README.md)
# A search's words name a theme by the model when it is this close and this far ahead.
QUERY_THRESHOLD, QUERY_MARGIN = 0.45, 0.10


@dataclass(frozen=True)
class ThemeLink:
    """One theme of one text, and how it was found."""

    theme: str  # slug of model.themes.THEMES
    method: str  # "rule" or "model" (model.themes.THEME_METHODS)
    score: float  # 1.0 for a rule; the cosine similarity for the model
    evidence: str = ""  # the words a rule matched


def theme_text(slug: str) -> str:
    """The words that describe a theme to the model: label, definition, keywords."""
    theme = THEMES[slug]
    return f"{theme.label}. {theme.definition} {', '.join(theme.keywords)}"


@cache
def _prototypes():
    from ofsted_kg.themes.embed import embed

    return embed([theme_text(slug) for slug in THEMES])


def model_scores(texts: Sequence[str]) -> list[dict[str, float]]:
    """For each text, ``{theme: cosine similarity}`` rounded to three places."""
    from ofsted_kg.themes.embed import embed

    if not texts:
        return []
    similarity = embed(list(texts)) @ _prototypes().T
    slugs = list(THEMES)
    return [
        {slug: round(float(value), 3) for slug, value in zip(slugs, row, strict=True)}
        for row in similarity
    ]


def _best(scores: dict[str, float]) -> ThemeLink | None:
    slug = max(scores, key=lambda s: (scores[s], s))
    if scores[slug] < MODEL_THRESHOLD:
        return None
    return ThemeLink(slug, "model", scores[slug])


def classify_many(items: Sequence[tuple[str, str | None]]) -> list[list[ThemeLink]]:
    """The theme links of each ``(text, addressee)``, sorted by theme; one model call for
    all the texts no rule matched."""
    links: list[list[ThemeLink]] = []
    unmatched: list[int] = []
    for index, (text, addressee) in enumerate(items):
        found = rule_matches(text, addressee)
        links.append([ThemeLink(t, "rule", 1.0, words) for t, words in sorted(found.items())])
        if not found:
            unmatched.append(index)
    if unmatched:
        for index, scores in zip(
            unmatched, model_scores([items[i][0] for i in unmatched]), strict=True
        ):
            best = _best(scores)
            if best is not None:
                links[index].append(best)
    return links


def classify(text: str, addressee: str | None = None) -> list[ThemeLink]:
    """The theme links of one recommendation (see the module notes)."""
    return classify_many([(text, addressee)])[0]


@cache
def _keyword_patterns() -> dict[str, tuple[re.Pattern[str], ...]]:
    return {
        theme.slug: tuple(
            re.compile(r"(?<![a-z0-9])" + re.escape(keyword.lower()) + r"(?![a-z0-9])")
            for keyword in theme.keywords
        )
        for theme in THEMES.values()
    }


def keyword_themes(text: str) -> set[str]:
    """The keyword-only baseline: every theme one of whose keywords (``skos:altLabel``)
    the text contains as a word or phrase."""
    plain = normalise(text)
    return {
        slug
        for slug, patterns in _keyword_patterns().items()
        if any(p.search(plain) for p in patterns)
    }


def query_themes(words: str) -> set[str]:
    """The themes a search's words name: a rule or keyword matches them, or the model's
    nearest theme is at least :data:`QUERY_THRESHOLD` close and :data:`QUERY_MARGIN` ahead
    of the next ("kids in care doing badly at school" names education)."""
    named = set(rule_matches(words)) | keyword_themes(words)
    scores = model_scores([words])[0]
    first, second = sorted(scores.values(), reverse=True)[:2]
    if first >= QUERY_THRESHOLD and first - second >= QUERY_MARGIN:
        named.add(max(scores, key=lambda s: (scores[s], s)))
    return named
