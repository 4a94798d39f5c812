"""Posts with tenure and key figures of SIF reports (earlier inspections: :mod:`.sif_previous`).

Shared by :mod:`.sif` and :mod:`.lscb`: sentences found anywhere in the cleaned text,
every pattern tolerant of line wraps.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal

from ofsted_kg.model.records import KeyFigure, Post, Report
from ofsted_kg.parse.common import (
    MONTH_RE,
    MONTH_YEAR_RE,
    MONTHS,
    SINGLE_DATE_RE,
    cue,
    finditer_in,
    month_number,
    month_year,
    sentences_with,
)
from ofsted_kg.parse.pages import contents_end
from ofsted_kg.parse.sif_sections import NUMBER_WORDS, line, number, rx
from ofsted_kg.source.text import SourceText, squash

_WHEN = rf"(?:\d{{1,2}}(?:st|nd|rd|th)? )?(?:{MONTH_RE} )?\d{{4}}"
# The posts by the names the reports give them: "Director of Children's Services",
# "Executive Director of Children, Families and Adult Services" (Cambridgeshire 2014),
# "Director of Schools and Children's Services" (Enfield 2015), "Chair of the Enfield
# Safeguarding Children Board", "LSCB chair", "chief executive".
# Also "Strategic Director for Children's Services", "Corporate Director, Children and
# Young People's Services", "Deputy Chief Executive and Director of ...", "chief executive
# of the council", "chair of Wigan LSCB".
_POST_NAMES = (
    r"(?:deputy chief executive and )?(?:executive |corporate |strategic )?"
    r"director(?: of| for|,) (?:[a-z']+,? (?:and )?){0,4}?children(?:'s)?"
    r"(?:,? (?:and )?[a-z']+){0,4}? services"
    r"|DCS"
    r"|(?:independent )?chair of (?:the )?(?:(?:[A-Z][a-z]+ )?LSCB"
    r"|[a-z' ]{0,40}?Safeguarding Children(?:'s)? Board)"
    r"|(?:independent )?LSCB chair"
    # (not "chief executive of the trust": a trust's, Doncaster 2018, not the council's)
    r"|chief executive(?: officer)?(?: of (?:the (?:council|local authority)"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,3} Council))?"
    # A council's own title, the post it holds in brackets: "Managing Director (Chief
    # Executive)" (Norfolk 2015).
    r"|(?-i:[A-Z][a-z]+)(?: (?-i:[A-Z][a-z]+)){0,3} "
    r"\((?:chief executive|director of children's services|DCS)\)"
)
_ABBREVIATION = r"(?: \((?:DCS|[A-Z]*SCB|CEO)\))?"
_TENURE_RE = rx(
    rf"\b(?:The|An?) (?:(?:council|authority|LSCB|board)'s )?"
    rf"(?:new |current |interim |acting |permanent |substantive |independent )?"
    rf"(?P<post>{_POST_NAMES}){_ABBREVIATION}"
    # ", who ...,", or the holder's name (", Jane Smith,").
    rf"(?:, who [^.,]{{0,120}},|, [A-Z][a-z'-]+(?: [A-Z][a-z'-]+){{1,3}},)?"
    # Hackney 2016: "The director of children's services is interim and has been in post".
    rf"(?: is (?:interim|acting) and)? has been in (?:the )?post since (?P<when>{_WHEN})"
)
# Redbridge 2016, after the chair's tenure: "At the time of the inspection, an interim chair
# had been in post since August 2016": the post's holder during the inspection.
_INTERIM_RE = rx(
    rf"\W{{0,3}}(?P<statement>At the time of the inspection, an? (?:interim|acting) "
    rf"(?:chair|director|DCS|chief executive) had been in post since (?P<when>{_WHEN}))"
)
# Plymouth 2015: "The Chair of the LSCB retired in August 2014. An interim Chair has been in
# post since October 2014.": a bare "chair" is the board's when the sentence before names it.
_BARE_CHAIR_RE = rx(
    rf"(?P<before>[^.]*(?:LSCB|Safeguarding Children(?:'s)? Board)[^.]*\.\s+)"
    rf"(?P<post>(?-i:An?|The) (?:interim |acting |new )?chair) has been in post since "
    rf"(?P<when>{_WHEN})"
)
# What every _BARE_CHAIR_RE match ends with: the whole pattern (a ``[^.]*`` run tried at
# every offset, 0.1 s a report) runs only where these words are.
_BARE_CHAIR_CUE_RE = rx(
    rf"(?-i:An?|The) (?:interim |acting |new )?chair has been in post since (?:{_WHEN})"
)
_ARRIVED = r"(?:new |permanent |substantive |interim |acting )?"
# When a post's holder came, where no tenure is printed: "appointed ... a new chief
# executive in September 2015" (Thurrock 2016), "A new chief executive and lead member for
# children's services were appointed in May 2016" (Havering 2016), "Following her
# appointment in June 2014, the chief executive" (Worcestershire 2017), "an experienced
# independent chair who took up post in September 2011" (Surrey's LSCB review, 2015).
# Thurrock 2016: "appointed a new permanent head of children's social care in October
# 2014, a new chief executive in September 2015 and an interim director of children's
# services (DCS) in late January 2016": each post listed after "appointed".
_APPOINTED_RE = rx(r"\bappointed [^.]{0,400}")
# Words every _TENURE_RE and _APPOINTED_RE match holds (neither matches a full stop).
_TENURE_CUE, _APPOINTED_CUE = cue("post"), cue("appointed")
_LISTED_RE = rx(
    rf"\b(?:a|the|an) {_ARRIVED}(?P<post>{_POST_NAMES}){_ABBREVIATION} in "
    rf"(?:early |late |mid-)?(?P<when>{_WHEN})"
)
_ARRIVAL_RES = (
    rx(
        rf"\b(?-i:A|The) {_ARRIVED}(?P<post>{_POST_NAMES}){_ABBREVIATION}"
        rf"(?: and [^.]{{0,60}}?)? (?:was|were) (?:permanently |formally )?appointed in "
        rf"(?P<when>{_WHEN})"
    ),
    rx(rf"\bnewly appointed (?P<post>{_POST_NAMES}) \((?P<when>{_WHEN})\)"),
    rx(
        rf"\bFollowing (?:her|his|their) appointment in (?P<when>{_WHEN}), the "
        rf"(?P<post>{_POST_NAMES})\b"
    ),
    rx(
        rf"\b(?P<post>{_POST_NAMES}|independent chair){_ABBREVIATION},? (?:who )?took up "
        rf"(?:the )?post in (?P<when>{_WHEN})"
    ),
)

# A word every post name holds: the arrival patterns (none matches a full stop) scan only
# the sentences with one.
_POST_CUE = cue("director", "DCS", "chair", "chief")


def _post_slug(printed: str) -> str:
    printed = squash(printed).lower()
    if printed.endswith(")"):  # a council's own title, the post in brackets
        printed = printed[printed.rindex("(") + 1 : -1]
    if "director" in printed or printed == "dcs":
        return "director-of-childrens-services"
    return "lscb-chair" if "chair" in printed else "chief-executive"


def _bare_chair(clean: str) -> re.Match[str] | None:
    """The first :data:`_BARE_CHAIR_RE` match: tried only from the start of the sentence
    before each place its closing words are (its ``[^.]*`` runs cannot cross a full stop),
    not at every offset of the text (14 ms on a report with those words)."""
    for closing in _BARE_CHAIR_CUE_RE.finditer(clean):
        before = clean.rfind(".", 0, closing.start())  # ends the sentence before
        start = clean.rfind(".", 0, before) + 1 if before >= 0 else 0
        if match := _BARE_CHAIR_RE.search(clean, start, closing.end()):
            return match
    return None


def posts(text: SourceText, report: Report) -> None:
    """One tenure per post, the first printed (Windsor and Maidenhead 2015 states the
    DCS's twice: p.6 and p.11); a later statement giving another date is a warning.
    Where no tenure is printed, when the holder was appointed or took up post."""
    found: dict[str, Post] = {}
    tenures = sentences_with(text.clean, _TENURE_CUE)
    for m in finditer_in(_TENURE_RE, text.clean, tenures):
        post = _post_slug(m["post"])
        if interim := _INTERIM_RE.match(text.clean, m.end()):
            span = text.span(interim.start("statement"), interim.end())
            tenure = Post(post, span, since=month_year(interim["when"]))
        else:
            tenure = Post(post, text.match_span(m), since=month_year(m["when"]))
        kept = found.setdefault(post, tenure)
        # Enfield 2015: "since 2009" (p.6) and "since January 2009" (p.11): the month kept.
        if kept.since and tenure.since and tenure.since.startswith(f"{kept.since}-"):
            found[post] = tenure
            continue
        if kept.since != tenure.since:
            report.warnings.append(
                f"{post}: '{squash(kept.span.quote)}' but also '{squash(tenure.span.quote)}'; "
                f"kept {kept.since}"
            )
    if "lscb-chair" not in found and (bare := _bare_chair(text.clean)):
        span = text.span(bare.start("post"), bare.end())
        found["lscb-chair"] = Post("lscb-chair", span, since=month_year(bare["when"]))
    listed = [
        m
        for appointed in finditer_in(
            _APPOINTED_RE, text.clean, sentences_with(text.clean, _APPOINTED_CUE)
        )
        for m in _LISTED_RE.finditer(text.clean, appointed.start(), appointed.end())
    ]
    runs = sentences_with(text.clean, _POST_CUE)
    arrivals = sorted(
        [*listed, *(m for pattern in _ARRIVAL_RES for m in finditer_in(pattern, text.clean, runs))],
        key=lambda m: m.start(),
    )
    for m in arrivals:
        post, since = _post_slug(m["post"]), month_year(m["when"])
        known = found.get(post)
        if known is None:
            found[post] = Post(post, text.match_span(m), since=since)
        elif known.since and since and not _same_month(known.since, since):
            # Stoke-on-Trent 2015: "in post since April 2015" (p.5), "took up post in March
            # 2015" (p.41): the tenure is kept, the other date told.
            report.warnings.append(
                f"{post}: '{squash(known.span.quote)}' but also '{squash(m.group())}'; "
                f"kept {known.since}"
            )
    report.posts += found.values()


def _same_month(one: str, other: str) -> bool:
    """Whether two partial dates can be the same ("2014" and "2014-12" can)."""
    return one.startswith(other) or other.startswith(one)


_AREA_INFO_END_RE = line(
    r"Inspection judgements? about the local authority|Recommendations|Executive summary"
    r"|Summary for children and young people|What does the local authority need to improve\?"
    r"|The experiences and progress[^\t\n]*"
)
# "At 31 March 2014,", "At December 2014," (Lambeth 2015: no day, so no date kept), "At the
# time of the inspection," (Middlesbrough 2016: the first day of the inspection); in
# figures, day first, as a council's own table may print it ("At 31/03/2014,").
_DATE = rf"(?P<date>(?:\d{{1,2}}(?:st|nd|rd|th)? )?{MONTH_RE} \d{{4}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})"
_IN_FIGURES_RE = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})")
# Every wording starts with "At", "As", "On", a day or a month: the look-ahead turns away
# any other offset at one test instead of trying each wording (and month) there in turn.
_AT_START = "(?=[0-9" + "".join(sorted({m[0].upper() for m in MONTHS} | {"A", "O"})) + "])"
# Also "At 16 January 2017 (the start of the inspection),", "At the time of inspection,",
# "At the start of the inspection,".
_AT = (
    rf"{_AT_START}(?:(?:(?:At|As at|On|At the end of) )?{_DATE}(?: \([^()]{{1,60}}\))?"
    r"|(?P<now>At the (?:time|start) of (?:the )?inspection)),?"
)
# A count in figures or in words ("two children"; "less than five", told as not a number);
# never another word ("42 completed adoptions" is 42), nor a word's end ("none" is no "one").
_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"\b(?P<v>\d[\d,]*|(?:less than |fewer than )[a-z]+|(?:{_NUMBER_WORD})\b)"
_PCT = r"(?P<v>\d+(?:\.\d+)?)"
_RATE = r"(?: \((?:a rate of )?(?P<rate>\d+(?:\.\d+)?) per 10,000)?"


def _compiled(
    wordings: tuple[tuple[str, tuple[str, ...]], ...],
) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """Each measure with its wordings compiled (:func:`rx`)."""
    return tuple((measure, tuple(rx(p) for p in patterns)) for measure, patterns in wordings)


# Each measure's wordings; the first printed counts.
_FIGURE_RES = _compiled(
    (
        (
            "children-under-18",
            # "under the age of 18", "under 18 years old"; "aged under 18" too.
            # "aged 0 to 17", "aged 0-17" too.
            (
                rf"{_NUM} children and young people (?:aged )?"
                r"(?:under (?:the age of )?18\b|0 ?(?:-|\u2013|to) ?17\b)",
            ),
        ),
        (
            "children-in-need",
            (
                # Swindon 2014: "1,470 children who were open to children's social care
                # (this includes ...) had been identified ...".
                rf"{_AT} {_NUM} children (?:and young people )?(?:who [^.]{{0,160}}? )?"
                rf"(?:had been|were|have been) "
                rf"(?:identified (?:through assessment )?|assessed )"
                rf"as (?:being )?(?:formally )?in need",
            ),
        ),
        (
            "child-protection-plans",
            # Wigan 2017: "224 children were the subject of ...".
            (
                # "the subject of a child protection plan"; "subject to", "on" one too.
                # "there were 224 children", "had a child protection plan", "(CP) plan".
                rf"{_AT} (?:there were )?{_NUM} children (?:and young people )?"
                rf"(?:(?:(?:were|are) )?(?:the )?subjects? (?:of|to)|(?:were|are) on|had) (?:a )?"
                rf"child protection (?:\(CP\) )?plans?{_RATE}",
            ),
        ),
        (
            "private-fostering",
            # North Yorkshire 2014: "lived in a privately arranged foster placement";
            # Thurrock 2016: "two children live in ...".
            (
                rf"{_AT} {_NUM} (?:children|child)(?: and young (?:people|person))? "
                rf"(?:lived|live|lives|were living|are living|were|was|are|is) "
                rf"in (?:a )?(?:privately arranged foster(?:ing)? (?:placements?|care)"
                rf"|private fostering arrangements?)",
                rf"{_AT} {_NUM} (?:children|child) (?:were|was|are|is) privately fostered",
            ),
        ),
        (
            "children-looked-after",
            # Islington 2017: no rate; Isles of Scilly 2016: "no children were being ...".
            (
                # "by the trust", "by Wigan Council" too.
                rf"{_AT} {_NUM} children (?:and young people )?(?:are|were) (?:being )?"
                rf"looked after by (?:the (?:local authority|authority|LA|council|trust)"
                rf"|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,3}} Council){_RATE}",
                # Windsor and Maidenhead 2015.
                rf"{_AT} {_NUM} children (?:are|were) in the care of the "
                rf"(?:local authority|LA|council){_RATE}",
            ),
        ),
        (
            "minority-ethnic-children",
            (
                rf"minority ethnic (?:\(BME\) )?groups (?:account for|make up) "
                rf"(?:approximately |around |about )?{_PCT}(?:%| per cent)",
            ),
        ),
        (
            "adoptions",
            (
                rf"{_NUM} (?:completed )?(?:adoptions\b|adoption orders\b"
                rf"|children (?:and young people )?(?:have been|were) adopted)",
                # Rutland 2017: "there has been one adoption".
                r"\bthere (?:has|have) been (?P<v>one|1|no) adoptions?\b",
            ),
        ),
    )
)
# Figures the 2015-2017 reports print and earlier ones mostly do not: read where printed,
# no warning where not. Each wording is the list's own; a placement's count is never one
# taken from another's "of whom" clause.
# The placements: "no children live in ...", "one lives in a residential special school",
# "there is one child currently living in ...", "one child is placed in ...".
_WHO = r"(?:children (?:looked after |and young people )?|child )?"
_LIVE = r"(?:currently )?(?:live|lives|living|(?:is|are) (?:living|placed))"
_PLACED = rf"(?:there (?:is|are) )?{_NUM} {_WHO}{_LIVE}"
_YOUNG = r"(?:children (?:and|or) )?young (?:people|person) (?:who )?(?:have |has )?"
_LISTED_FIGURE_RES = _compiled(
    (
        # "This is 22% of the total population in the area." after the children's count.
        (
            "children-share-of-population",
            (rf"{_PCT}\s*% of the total population (?:in|of) the area",),
        ),
        (
            "children-in-poverty",
            # "aged under 16 years are living in low-income families" (Derby 2017 and others).
            (
                rf"{_PCT}\s*% of the (?:local authority|council)'s children "
                r"(?:\([^()]{1,30}\) |aged [^.%]{1,30}? )?(?:are|were) living in "
                r"(?:poverty|low[ -]income families)",
            ),
        ),
        (
            "looked-after-outside-area",
            # "Of this number, 195 (or 41.4%) live outside the local authority area".
            (
                rf"(?<!whom\s){_NUM}(?: \((?:or )?[\d.]+\s*%\))? (?:live|lives|are living) "
                r"outside the (?:local )?authority area",
            ),
        ),
        (
            "looked-after-in-childrens-homes",
            (rf"{_PLACED} in (?:a )?residential children's homes?",),
        ),
        (
            "looked-after-in-special-schools",
            (rf"{_PLACED} in (?:a )?residential special schools?",),
        ),
        (
            "looked-after-with-foster-families",
            (rf"{_PLACED} with (?:a )?foster famil(?:ies|y)",),
        ),
        (
            "looked-after-with-parents",
            (rf"{_PLACED} with (?:their )?parents",),
        ),
        (
            "unaccompanied-asylum-seeking-children",
            # "1 child is an unaccompanied asylum-seeker", "four are children who are ...".
            (
                rf"{_NUM} (?:children (?:and young people )?|child |are children who )?"
                r"(?:are|were|is|was) (?:an )?(?:unaccompanied asylum[- ]seek"
                r"(?:ing child(?:ren)?|ers?)\b|(?-i:UASC)\b)",
                rf"\bthere (?:are|were) {_NUM} unaccompanied asylum[- ]seeking children",
            ),
        ),
        (
            "special-guardianship-orders",
            (
                rf"{_NUM} (?:children|child) (?:who )?became (?:the )?subjects? (?:of|to) "
                r"(?:a )?special guardianship orders?",
            ),
        ),
        (
            "ceased-looked-after",
            # "185 ceased to be looked after, of whom", "there were 150 who have ceased"; not
            # those who "ceased to be looked after and moved on to independent living".
            (
                rf"{_NUM} (?:children )?(?:who )?(?:have )?ceased to be (?:looked after|in care)"
                r"(?! and\b| as\b)",
            ),
        ),
        (
            "moved-to-independent-living",
            (
                rf"{_NUM} {_YOUNG}ceased to be (?:looked after|in care) and moved on to "
                r"independent living",
            ),
        ),
        (
            "living-in-multiple-occupation",
            # "one young person ... is now living in a house in multiple occupation", "No
            # young people who have ceased to be looked after live in houses of ...".
            (
                rf"{_NUM} {_YOUNG}(?:ceased to be looked after (?:and )?)?(?:(?:are|is) (?:now )?)?"
                r"(?:living|live|lives) in (?:a )?houses? (?:of|in) multiple occupation",
                # Stoke-on-Trent 2015: "of the children and young people who ceased to be
                # looked after, none are living in houses of multiple occupation".
                rf"\bof the [^.]{{0,40}}?ceased to be looked after, {_NUM} (?:are|is) living in "
                r"houses? (?:of|in) multiple occupation",
            ),
        ),
        (
            "serious-incident-notifications",
            (
                # With the period the count covers, which opens the sentence: "Since the
                # last inspection, five ...", "In the two years before the inspection, ...".
                r"(?:(?-i:Since|In|Over|Between|During) [^.,]{3,80}, )?"
                rf"{_NUM} serious incident notifications? (?:have|has|had|were|was) "
                r"(?:been )?submitted(?: to Ofsted)?",
            ),
        ),
    )
)
# Percentages printed as two sub-bullets under an introducing line.
_SPLIT_FIGURE_RES = (
    (rx(r"entitled to free school meals"), "free-school-meals"),
    (rx(r"English as an additional language"), "eal"),
)
# Rutland 2017 prints the minority ethnic share so too, by phase, instead of one share of
# all children ("Children and young people from minority ethnic groups:" / "- in primary
# schools is 9% ..."): read when the one share is not printed.
_ETHNIC_SPLIT_RE = rx(r"from minority ethnic groups:")
# Portsmouth 2014: "in primary and nursery schools is 21.3%"; "in nursery and primary".
_PHASE_RE = rx(
    rf"in (?:nursery and )?(?P<phase>primary|secondary)(?: and nursery)? schools "
    rf"(?:is|was) {_PCT}(?:%| per cent)"
)
# Swindon 2014 has no section heading: its first sub-heading opens the section.
_AREA_START_RE = line(
    r"Information about (?:this|the) (?:local authority )?area|Children living in this area"
)


def _area_section(text: SourceText) -> tuple[int, int] | None:
    """Clean (start, end) of "Information about this local authority area" (after the
    contents list, whose entry may stand on a line of its own)."""
    heading = _AREA_START_RE.search(text.clean, contents_end(text))
    if not heading:
        return None
    stop = _AREA_INFO_END_RE.search(text.clean, heading.end())
    return heading.end(), stop.start() if stop else min(len(text.clean), heading.end() + 8000)


def _first(patterns: tuple[re.Pattern[str], ...], clean: str, start: int, end: int):
    found = [m for p in patterns if (m := p.search(clean, start, end))]
    return min(found, key=lambda m: m.start(), default=None)


def figures(text: SourceText, report: Report) -> None:
    """The key figures of "Information about this local authority area"."""
    clean = text.clean
    section = _area_section(text)
    if not section:
        report.warnings.append("no 'Information about this local authority area' section")
        return
    start, end = section
    for measure, patterns in _FIGURE_RES:
        m = _first(patterns, clean, start, end)
        if not m:
            report.warnings.append(f"key figure '{measure}' not found")
            continue
        value = number(m["v"])
        if value is None:
            report.warnings.append(
                f"key figure '{measure}' printed as '{squash(m['v'])}', not a number: not recorded"
            )
            continue
        groups = m.groupdict()
        month_end = (
            bool(groups.get("date"))
            and "end of" in squash(clean[m.start() : m.start("date")]).lower()
        )
        as_at = report.start.value if groups.get("now") else _date(groups.get("date"), month_end)
        rate = Decimal(m["rate"]) if groups.get("rate") else None
        report.figures.append(KeyFigure(measure, value, text.match_span(m), as_at, rate))
    for measure, patterns in _LISTED_FIGURE_RES:
        m = _first(patterns, clean, start, end)
        if m and (value := number(m["v"])) is not None:
            report.figures.append(KeyFigure(measure, value, text.match_span(m)))
    for intro_re, prefix in _SPLIT_FIGURE_RES:
        if not _phase_figures(text, intro_re, prefix, (start, end), report):
            report.warnings.append(f"key figures '{prefix}-*' not found")
    ethnic = "key figure 'minority-ethnic-children' not found"
    if ethnic in report.warnings and _phase_figures(
        text, _ETHNIC_SPLIT_RE, "minority-ethnic", (start, end), report
    ):
        report.warnings.remove(ethnic)


def _phase_figures(
    text: SourceText,
    intro_re: re.Pattern[str],
    prefix: str,
    section: tuple[int, int],
    report: Report,
) -> bool:
    """The "in primary schools is N%" / "in secondary schools is N%" lines under the
    line ``intro_re`` finds in ``section``, as ``prefix``-primary and -secondary figures;
    whether the line was found."""
    clean = text.clean
    start, end = section
    intro = intro_re.search(clean, start, end)
    if not intro:
        return False
    phases: set[str] = set()
    for m in _PHASE_RE.finditer(clean, intro.end(), min(end, intro.end() + 400)):
        phase = m["phase"].lower()
        if phase in phases:
            break  # Rutland 2017: the next list ("minority ethnic groups:") begins
        phases.add(phase)
        report.figures.append(KeyFigure(f"{prefix}-{phase}", Decimal(m["v"]), text.match_span(m)))
    return True


def _date(printed: str | None, month_end: bool = False) -> date | None:
    """The day printed; with ``month_end`` ("At the end of February 2014", Swindon 2014) a
    month without a day is its last day. A month alone is no day ("At December 2014")."""
    m = SINGLE_DATE_RE.search(printed or "") or _IN_FIGURES_RE.fullmatch(printed or "")
    if not m:
        month = MONTH_YEAR_RE.search(printed or "") if month_end else None
        if month is None:
            return None
        year, month_no = int(month["y"]), month_number(month["m"])
        return date(year, month_no, calendar.monthrange(year, month_no)[1])
    try:
        return date(int(m["y"]), month_number(m["m"]), int(m["d"]))
    except ValueError:
        return None
