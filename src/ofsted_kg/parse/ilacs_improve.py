"""The "What needs to improve?" list of an ILACS report, and its national framework tags.

From 2025 each item may end with the outcome, enabler or principle of the Children's Social
Care National Framework it serves, printed in many ways: "(Outcome 2, national
framework)", "(outcome four, national framework)", "(Enabler two: National Framework)",
"(enabler: leaders drive conditions for effective practice, National Framework)", "(enabler
2, leaders drive conditions for effective practice)", "(Outcome 3)", "... meetings
(Enabler 1).", in round or square brackets, before or after the full stop, wrapped over
lines or onto a line of its own. The tag's slugs go in
:attr:`~ofsted_kg.model.records.Recommendation.national_framework` and the item's ``text`` drops
the tag; the span still quotes the item as printed, tag included. A footnote marker after
the heading ("What needs to improve?1", or "1" on a line of its own) and the footnote's
text at the foot of the page ("1 The areas for improvement have been cross-referenced ...")
are not items.
"""

from __future__ import annotations

import re

from ofsted_kg.model import vocab
from ofsted_kg.model.records import Recommendation
from ofsted_kg.parse.common import MONTH_RE
from ofsted_kg.parse.pages import first_page_end
from ofsted_kg.source.text import SourceText, squash

# Also after a sentence's end (or the page's number), ending its line (a footnote's mark
# aside), where a copy joins a page's lines and its list's bullets start lines again
# (:mod:`ofsted_kg.source.text`).
IMPROVE_RE = re.compile(
    r"^[ \t]*What\s+needs\s+to\s+improve\b[^\n]*$"
    r"|(?<=[.!?)] |\d )(?-i:What) needs to improve[?:]?(?: ?\d)?[ \t]*$",
    re.I | re.M,
)
# A bulleted line: glyphs starting a line are "-" in the clean text (source.text).
BULLET_RE = re.compile(r"^[ \t]*(?P<mark>[-*])[ \t]+(?P<body>[^\n]*)$", re.M)
# What ends the list: a section heading, a numbered paragraph.
_SECTION_HEADING = (
    r"The\s+experiences\s+and\s+progress|The\s+impact\s+of\s+leaders|Overall\s+effectiveness"
)
_SECTION_HEADING_RE = re.compile(_SECTION_HEADING, re.I)
_ENDS_LIST_RE = re.compile(rf"(?:{_SECTION_HEADING}|\d{{1,3}}\.\s*[A-Z])", re.I)
# A section heading after an item's last sentence on its line: a page joined into one
# line ("... their full entitlements. The experiences and progress of children ...").
# (After an item without its full stop, a heading holding its grade: "... children's
# plans The experiences and progress of ...: good", Newcastle 2022.)
_HEADING_INSIDE_RE = re.compile(
    rf"(?<=[.!?)] )(?-i:{_SECTION_HEADING})"
    rf"|(?<= )(?-i:{_SECTION_HEADING})[^.:\n]{{0,120}}: "
    r"(?:outstanding|good|requires|inadequate)\b",
    re.I,
)
# A line introducing the items, under the heading: "The local authority should:",
# "Inspectors identified the following areas for improvement."
_INTRO_RE = re.compile(r":$|\bfollowing\b|\bshould\b", re.I)
# A footnote at the foot of a page: "1 The areas for improvement have been ...".
# One digit and a sentence ("1 The areas for improvement have been cross-referenced ..."),
# not a wrapped item's "16 Plus team." or "2 March 2020", at the foot of its page.
_FOOTNOTE_RE = re.compile(rf"[1-9][ \t]+(?!{MONTH_RE}\b)[A-Z][a-z]+[ \t]+[a-z]")
_FOOTNOTE_LINES = 6  # lines a footnote and the page's foot take, at most


def improvements(
    text: SourceText, heading: re.Match[str], warnings: list[str] | None = None
) -> list[Recommendation]:
    """The bulleted items under the "What needs to improve" ``heading``; without bullets
    (:func:`_unbulleted_offsets`), the items one to a line, told in ``warnings``.

    A line that is not a bullet continues the item when it starts in lower case or with a
    bracket (a framework tag on a line of its own), or when the item has no closing full
    stop yet; sub-bullets printed with another mark (Devon 2020: "- sufficiency of ...")
    continue it too. The list ends at a blank line after an item (text files), a section
    heading, a numbered paragraph or a capitalised line after a finished item, unless the
    list resumes with another bullet within a few lines (the item's next sentences).
    """
    offsets = _item_offsets(text, heading.end() + 1)
    if not offsets:
        offsets = _unbulleted_offsets(text, heading.end() + 1)
        if offsets and warnings is not None:
            warnings.append(
                f"'What needs to improve' is printed without bullets: {len(offsets)} "
                "item(s) read one to a line"
            )
    return [_item(text, start, end) for start, end in offsets]


def _item_offsets(text: SourceText, start: int) -> list[tuple[int, int]]:
    """Clean ``(start, end)`` of each item, from the line after the heading."""
    clean = text.clean
    items: list[list[int]] = []
    mark = None
    intro = False  # a line introducing the list, read past once
    skip_to = -1  # the end of a footnote's page
    for line in re.finditer(r"^[^\n]*$", clean[start:], re.M):
        begin, finish = start + line.start(), start + line.end()
        body = line.group().strip()
        if begin < skip_to:
            continue
        if not body:
            if items and text.page_starts is None:
                break  # text files leave a blank line after the list
            continue
        if re.fullmatch(r"\d{1,3}", body):
            continue  # the heading's footnote marker, a stray page number
        if _FOOTNOTE_RE.match(body) and _at_page_foot(text, begin):
            skip_to = _page_end(text, begin)
            continue
        bullet = BULLET_RE.match(clean, begin, finish)
        printed = _raw_char(text, bullet.start("mark")) if bullet else None
        if bullet and mark in (None, printed):
            mark = printed
            if heading := _HEADING_INSIDE_RE.search(clean, bullet.start("body"), finish):
                items.append([bullet.start("body"), heading.start()])  # a joined page's
                break
            items.append([bullet.start("body"), finish])
        elif not items and not intro and _INTRO_RE.search(body):
            intro = True  # "Inspectors identified these areas for improvement:"
        elif not items or _ENDS_LIST_RE.match(body):
            break
        elif _continues(body, clean[items[-1][0] : items[-1][1]], bullet is not None) or (
            _list_resumes(text, finish, mark)
        ):
            items[-1][1] = finish
        else:
            break
    return [(s, e) for s, e in items]


# A sentence ending inside an item and another starting on the same line: a paragraph.
_SENTENCE_INSIDE_RE = re.compile(r"[.!?][)\"']?[ \t]+[A-Z]")


def _unbulleted_offsets(text: SourceText, start: int) -> list[tuple[int, int]]:
    """Clean ``(start, end)`` of items printed without bullets (a text layer that drops
    the bullet glyphs, a copy pasted from a viewer): each starts a line with a capital
    after the last one's full stop (a framework tag may follow it), up to where a bulleted
    list ends. Sentences starting inside a line in half the items or more are a
    paragraph's, not a list's (North Lincolnshire 2022 writes one there): then none; so is
    a lone sentence saying there is nothing to improve ("There are no areas ...").
    An item whose full stop (or tag) is missing runs on into the next (Hackney 2019's
    fifth)."""
    clean = text.clean
    items: list[list[int]] = []
    skip_to = -1
    for line in re.finditer(r"^[^\n]*$", clean[start:], re.M):
        begin, finish = start + line.start(), start + line.end()
        body = line.group().strip()
        if begin < skip_to or re.fullmatch(r"\d{1,3}", body):
            continue  # a footnote's page foot, the heading's footnote marker
        if not body:
            if items and text.page_starts is None:
                break  # text files leave a blank line after the list
            continue
        if _FOOTNOTE_RE.match(body) and _at_page_foot(text, begin):
            skip_to = _page_end(text, begin)
            continue
        if _ENDS_LIST_RE.match(body):
            break
        if not items and body.endswith(":"):
            continue  # "The local authority should:"
        if body[0].isupper() and (not items or _item_done(clean[slice(*items[-1])])):
            items.append([begin + len(line.group()) - len(line.group().lstrip()), finish])
        elif items:
            items[-1][1] = finish
        else:
            return []
    inside = sum(bool(_SENTENCE_INSIDE_RE.search(_untagged(clean[s:e]))) for s, e in items)
    if inside * 2 >= len(items) or (len(items) == 1 and _SAYS_NONE_RE.match(clean, items[0][0])):
        return []
    return [(s, e) for s, e in items]


# A sentence saying there is nothing to improve, not an item.
_SAYS_NONE_RE = re.compile(r"(?:There|Inspectors|This|It)\b|[^.\n]*\bno\s+(?:areas?|further)\b")


def _item_done(item: str) -> bool:
    """Whether an item printed without a bullet has ended: at its full stop, or at its
    framework tag (Trafford 2026 prints no full stops)."""
    tag = _LAST_TAG_RE.search(item)
    return _finished(_untagged(item)) or bool(tag and is_tag(tag["body"]))


def _untagged(item: str) -> str:
    """An item without its national framework tags."""
    return TAG_RE.sub(lambda tag: "" if is_tag(tag["body"]) else tag.group(), item)


_LOOK_AHEAD = 3  # lines: an item's further sentences before the next bullet
_LOOK_AHEAD_CHARS = 2000  # within which those lines and a page break's furniture lie


def _list_resumes(text: SourceText, pos: int, mark: str | None) -> bool:
    """Whether another item (a bullet with ``mark``) follows within a few lines of clean
    ``pos``, with no section heading or numbered paragraph between, or the section heading
    that follows a PDF's list does: a capitalised line after a finished item is then the
    item's next sentence ("... without delay." / "This includes the effectiveness of
    ..."), not the end of the list."""
    clean = text.clean
    seen = 0
    for line in re.finditer(r"^[^\n]*$", clean[pos + 1 : pos + 1 + _LOOK_AHEAD_CHARS], re.M):
        body = line.group().strip()
        if not body:
            if text.page_starts is None:
                return False  # text files leave a blank line after the list
            continue
        bullet = BULLET_RE.match(clean, pos + 1 + line.start(), pos + 1 + line.end())
        if bullet:
            return _raw_char(text, bullet.start("mark")) == mark
        seen += 1
        if seen <= _LOOK_AHEAD and _SECTION_HEADING_RE.match(body):
            return True  # the last item's sentences run to the section after the list
        if seen > _LOOK_AHEAD or _ENDS_LIST_RE.match(body) or _FOOTNOTE_RE.match(body):
            return False
    return False


def _continues(line: str, item: str, sub_bullet: bool) -> bool:
    """Whether a non-bullet ``line`` belongs to the ``item`` above it."""
    return sub_bullet or line[0].islower() or line[0] in "([" or not _finished(item)


def _at_page_foot(text: SourceText, pos: int) -> bool:
    """Whether clean ``pos`` is in the last few lines of its page (a text file's: of its
    paragraph)."""
    foot = text.clean[pos : _page_end(text, pos)]
    return sum(1 for line in foot.splitlines() if line.strip()) <= _FOOTNOTE_LINES


def _page_end(text: SourceText, pos: int) -> int:
    """Where the page of clean ``pos`` ends; a text file's footnote ends at a blank line."""
    if text.page_starts is None:
        blank = text.clean.find("\n\n", pos)
        return blank if blank >= 0 else len(text.clean)
    return first_page_end(text, pos, len(text.clean))


def _item(text: SourceText, start: int, end: int) -> Recommendation:
    printed = _verbatim(text.clean[start:end])
    tags = list(TAG_RE.finditer(printed))
    slugs = [slug for tag in tags if is_tag(tag["body"]) for slug in framework_slugs(tag["body"])]
    plain = printed
    for tag in reversed(tags):
        if is_tag(tag["body"]):
            plain = plain[: tag.start()] + plain[tag.end() :]
    span = text.span(start, end)
    return Recommendation(
        _tidy(plain), "local-authority", span, national_framework=tuple(dict.fromkeys(slugs))
    )


def _verbatim(printed: str) -> str:
    """An item's words: whitespace collapsed, a compound hyphen at a line end kept whole
    ("multi-\\nagency" is "multi-agency"), but not a hyphen left hanging before "and",
    "or" or "to" ("16-\\nand 17-year-olds" is "16- and 17-year-olds")."""
    return squash(re.sub(r"(?<=\w)-[ \t]*\n[ \t]*(?=\w)(?!(?:and|or|to)\b(?!-))", "-", printed))


def _tidy(words: str) -> str:
    """Text left when a tag is cut out: no space before a full stop, none doubled, no
    footnote digit left after the closing full stop ("decisions.1")."""
    return squash(re.sub(r"\s+(?=[.,;])", "", re.sub(r"(?<=[.)\]])\d{1,2}$", "", words)))


def _finished(item: str) -> bool:
    return bool(re.search(r"[.!?][)\"']?\s*$", item))


def _raw_char(text: SourceText, clean_offset: int) -> str:
    start, _ = text.raw_offsets(clean_offset, clean_offset + 1)
    return text.raw[start]


# --- national framework tags ----------------------------------------------------------

TAG_RE = re.compile(r"\s*[(\[](?P<body>[^()\[\]]{1,240})[)\]]")
_LAST_TAG_RE = re.compile(TAG_RE.pattern + r"\.?\s*$")  # a tag ending an item
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBER = r"\d|one|two|three|four|five|six"
_KIND_RE = re.compile(
    rf"\b(?P<kind>outcome|enabler|principle)s?(?![a-z])[ \t]*(?P<numbers>(?:(?:{_NUMBER})\b"
    rf"(?:\s*(?:,|and|&|/)\s*(?=(?:{_NUMBER})\b))?)*)",
    re.I,
)
# "(Outcome 3)", "(outcome1, ...)" as a text layer may drop the space, "(NF outcome 1)".
_KEYWORD_FIRST_RE = re.compile(
    rf"\s*(?:NF\s+)?(?:outcome|enabler|principle)s?\s*(?:{_NUMBER}|:)", re.I
)


def is_tag(body: str) -> bool:
    """Whether a bracketed ``body`` is a national framework tag: it names the framework, or
    opens with an outcome, enabler or principle and its number ("Outcome 3")."""
    return "national framework" in squash(body).lower() or bool(_KEYWORD_FIRST_RE.match(body))


def framework_slugs(body: str) -> list[str]:
    """Slugs of :data:`~ofsted_kg.model.vocab.NATIONAL_FRAMEWORK` a tag names, by number
    ("outcome four", "outcomes 2 and 3") or, when no number is printed, by the name."""
    words = squash(body)
    slugs: list[str] = []
    for mention in _KIND_RE.finditer(words):
        kind = mention["kind"].lower()
        numbers = re.findall(_NUMBER, mention["numbers"], re.I)
        if numbers:
            slugs += [f"{kind}-{_NUMBERS.get(n.lower(), n)}" for n in numbers]
        elif found := _by_name(words[mention.end() :], kind):
            slugs.append(found)
    if not slugs and (found := _by_name(words, "")):
        slugs.append(found)
    return [s for s in slugs if s in vocab.NATIONAL_FRAMEWORK]


def _content_words(phrase: str) -> set[str]:
    words = set(re.findall(r"[a-z]+", phrase.lower()))
    return words - {"national", "framework", "the", "and", "are", "is", "of", "for", "in"}


def _by_name(printed: str, kind: str) -> str | None:
    """The term of ``kind`` (any kind if empty) whose label the printed name matches: at
    least four of its words and most of the name's words are in the label."""
    name = _content_words(printed.split(",")[0] if kind else printed)
    if len(name) < 3:
        name = _content_words(printed)
    best: tuple[int, str] | None = None
    for slug, term in vocab.NATIONAL_FRAMEWORK.items():
        if kind and not slug.startswith(kind):
            continue
        shared = len(name & _content_words(term.label.split(":", 1)[-1]))
        matches = shared >= max(2, min(4, len(name))) and shared * 3 >= len(name) * 2
        if matches and (best is None or shared > best[0]):
            best = (shared, slug)
    return best[1] if best else None
