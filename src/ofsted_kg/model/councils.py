"""England's local authorities and the names reports print for them.

The table ships with the package (``data/authorities.csv``, built from the DfE/ONS/Ofsted
lookup by ``tools/make_authorities.py``): ONS GSS code, DfE LA number, Ofsted URN, region,
type, statistical neighbours and the other names each council goes by; for a council
abolished in a reorganisation, the day its successors took over and who they are. A name
two councils have had ("Dorset": the county council until 2019, Dorset Council since) is
read as the council in office on the day an inspection started (:func:`council_of`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from ofsted_kg.errors import UnknownAuthority

if TYPE_CHECKING:
    from ofsted_kg.model.records import Report


@dataclass(frozen=True)
class AuthorityRecord:
    """One council of the shipped table."""

    gss: str
    name: str
    la_number: str
    ofsted_urn: str
    region: str
    region_gss: str
    la_type: str
    current: bool
    aliases: tuple[str, ...]
    stat_neighbours: tuple[str, ...]
    ended: date | None = None  # a former council: the day its successors took over
    successors: tuple[str, ...] = ()  # their GSS codes


# Words that decorate a council's name in reports without changing which council it is.
_DECORATION = re.compile(
    r"\b(?:the|council|metropolitan|borough|city|county|royal|district|of|london|"
    r"local authority|children's services|mbc)\b",
    re.I,
)


def name_key(name: str) -> str:
    """A comparison key: lower case, '&' as 'and', decoration words and punctuation dropped."""
    text = name.lower().replace("&", " and ").replace("\u2019", "'")
    stripped = " ".join(re.sub(r"[^a-z0-9 ]+", " ", _DECORATION.sub(" ", text)).split())
    # a name of decoration words only ("City of London", "the City of London"): all but "the"
    return stripped or " ".join(re.sub(r"[^a-z0-9 ]+|^\s*the\b", " ", text).split())


@cache
def load_authorities() -> tuple[AuthorityRecord, ...]:
    """Every council in the shipped table, sorted by GSS code."""
    table = resources.files("ofsted_kg").joinpath("data/authorities.csv")
    with io.TextIOWrapper(table.open("rb"), encoding="utf-8", newline="") as handle:
        return tuple(
            AuthorityRecord(
                gss=row["gss"],
                name=row["name"],
                la_number=row["la_number"],
                ofsted_urn=row["ofsted_urn"],
                region=row["region"],
                region_gss=row["region_gss"],
                la_type=row["la_type"],
                current=row["current"] == "yes",
                aliases=tuple(a for a in row["aliases"].split(";") if a),
                stat_neighbours=tuple(n for n in row["stat_neighbours"].split(";") if n),
                ended=date.fromisoformat(row["ended"]) if row["ended"] else None,
                successors=tuple(s for s in row["successors"].split(";") if s),
            )
            for row in csv.DictReader(handle)
        )


@cache
def _index() -> dict[str, tuple[AuthorityRecord, ...]]:
    """Name key -> the councils of that name, current ones last."""
    index: dict[str, dict[str, AuthorityRecord]] = {}
    for record in sorted(load_authorities(), key=lambda r: r.current):
        for name in (record.name, *record.aliases):
            index.setdefault(name_key(name), {})[record.gss] = record
    return {key: tuple(records.values()) for key, records in index.items()}


@cache
def _began() -> dict[str, date]:
    """A council that succeeded others: the day it took over from them."""
    return {
        successor: record.ended
        for record in load_authorities()
        if record.ended
        for successor in record.successors
    }


def _in_office(records: tuple[AuthorityRecord, ...], on: date | None) -> AuthorityRecord:
    """Of the councils one name fits, the one in office ``on`` that day (no day, or none
    in office then: the current one, else the last to end)."""
    if on is not None:
        for record in records:
            began = _began().get(record.gss)
            if (began is None or began <= on) and (record.ended is None or on < record.ended):
                return record
    return records[-1]


# A children's trust's name around its council's ("Bradford Children and Families Trust",
# "Doncaster Children's Services Trust", "Worcestershire Children First").
_TRUST_WORDS = re.compile(
    r"\s*(?:children'?s?\s+(?:and\s+families\s+|services\s+)?trust|children\s+first"
    r"|children\s+and\s+families\s+trust)\s*$",
    re.I,
)
# Trusts whose names do not contain their council's.
TRUST_COUNCILS = {
    "together for children": "E08000024",  # Sunderland
    "brighter futures for children": "E06000038",  # Reading
}


def _words_start(words: tuple[str, ...], prefix: tuple[str, ...]) -> bool:
    return len(prefix) <= len(words) and words[: len(prefix)] == prefix


@cache
def _name_words() -> tuple[tuple[str, ...], ...]:
    """Every name key as a tuple of words."""
    return tuple(tuple(key.split()) for key in _index())


def _one_council(keys: list[tuple[str, ...]], on: date | None) -> AuthorityRecord | None:
    """The council the name keys ``keys`` fit: one council, or one name two councils have
    had (the one in office ``on``); None for none or several."""
    councils = {r.gss for key in keys for r in _index()[" ".join(key)]}
    for key in keys:
        records = _index()[" ".join(key)]
        if len(records) == len(councils):
            return _in_office(records, on)
    return None


def _by_words(key: str, on: date | None) -> AuthorityRecord | None:
    """The one council whose name the printed words begin ("Newcastle" for Newcastle upon
    Tyne, "East Riding" for East Riding of Yorkshire), or whose name begins them ("Somerset
    County Council Re-inspection"): a printed name cut short or carrying extra words.
    None when no council, or more than one, fits ("Kingston": upon Hull or upon Thames?)."""
    words = tuple(key.split())
    if not words:
        return None
    longer = [k for k in _name_words() if _words_start(k, words)]
    if longer:
        return _one_council(longer, on)
    shorter = [k for k in _name_words() if _words_start(words, k)]
    if not shorter:
        return None
    best = max(len(k) for k in shorter)
    return _one_council([k for k in shorter if len(k) == best], on)


def resolve_authority(printed: str, source: str = "", on: date | None = None) -> AuthorityRecord:
    """The council a printed name refers to ("Trafford Metropolitan Borough Council" -> Trafford).

    Tries the name and the names each council goes by; then a children's trust's name
    (its council's name inside it, or the few trusts named otherwise); then a name cut
    short or with extra words that fits one council only. A name two councils have had
    is the one in office ``on`` that day (no day: the current one; a council's exact
    name, such as "Dorset County Council", is that council). Raises
    :class:`UnknownAuthority` when no council, or more than one, matches.
    """
    key = name_key(printed)
    records = _index().get(key)
    if records is not None:
        exact = [r for r in records if r.name.casefold() == printed.strip().casefold()]
        return exact[0] if on is None and len(exact) == 1 else _in_office(records, on)
    trust = " ".join(printed.lower().replace("\u2019", "'").split())
    if trust in TRUST_COUNCILS:
        return by_gss(TRUST_COUNCILS[trust])
    council = _TRUST_WORDS.sub("", printed)
    if council != printed:
        return resolve_authority(council, source, on)
    record = _by_words(key, on)
    if record is None:
        raise UnknownAuthority(printed, source)
    return record


def council_named(value: str, source: str = "") -> AuthorityRecord:
    """The council a person names (a parameter, an option): its ONS GSS code, its name or
    another name it goes by, decoration aside ("Trafford Council"), or the first words of
    one council's name ("East Riding"); never a name with words added, which
    :func:`resolve_authority` reads in a report ("Bolton and Trafford" is not Bolton,
    "Trafford xyz" not Trafford). :class:`UnknownAuthority` otherwise."""
    wanted = value.strip()
    for record in load_authorities():
        if record.gss.casefold() == wanted.casefold():
            return record
    key = name_key(wanted)
    trust = " ".join(wanted.lower().replace("\u2019", "'").split())
    if key in _index() or trust in TRUST_COUNCILS:
        return resolve_authority(wanted, source)
    words = tuple(key.split())
    first_words = _one_council([k for k in _name_words() if _words_start(k, words)], None)
    if not words or first_words is None:
        raise UnknownAuthority(value, source)
    return first_words


def council_of(report: Report, source: str = "") -> AuthorityRecord:
    """The council a report is of: the name it prints, as of the day its inspection
    started (``source`` names the file in errors; default: the report's)."""
    return resolve_authority(report.authority.name, source or report.source, report.start.value)


def inspection_key(report: Report, source: str = "") -> tuple[str, str]:
    """The inspection a report is of: its council's GSS code and its start date (ISO),
    the same for every file of one inspection (``source`` names the file in errors)."""
    return council_of(report, source).gss, report.start.value.isoformat()


def by_gss(gss: str) -> AuthorityRecord:
    """The council with this ONS GSS code."""
    for record in load_authorities():
        if record.gss == gss:
            return record
    raise KeyError(gss)
