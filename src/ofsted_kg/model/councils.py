"""England's local authorities and the names reports print for them.

The table ships with the package (``data/authorities.csv``, built from the DfE/ONS/Ofsted
lookup by ``tools/make_authorities.py``): ONS GSS code, DfE LA number, Ofsted URN, region,
type, statistical neighbours and the other names each council goes by.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
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
    return stripped or " ".join(re.sub(r"[^a-z0-9 ]+", " ", text).split())


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
            )
            for row in csv.DictReader(handle)
        )


@cache
def _index() -> dict[str, AuthorityRecord]:
    index: dict[str, AuthorityRecord] = {}
    # Former councils first so that a current council with the same name wins.
    for record in sorted(load_authorities(), key=lambda r: r.current):
        for name in (record.name, *record.aliases):
            index[name_key(name)] = record
    return index


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
def _keys() -> tuple[tuple[tuple[str, ...], AuthorityRecord], ...]:
    return tuple((tuple(key.split()), record) for key, record in _index().items())


def _by_words(key: str) -> AuthorityRecord | None:
    """The one council whose name the printed words begin ("Newcastle" for Newcastle upon
    Tyne, "East Riding" for East Riding of Yorkshire), or whose name begins them ("Somerset
    County Council Re-inspection"): a printed name cut short or carrying extra words.
    None when no council, or more than one, fits."""
    words = tuple(key.split())
    if not words:
        return None
    longer = {r.gss: r for k, r in _keys() if _words_start(k, words)}
    if len(longer) == 1:
        return next(iter(longer.values()))
    if longer:
        return None  # "Kingston": upon Hull or upon Thames?
    shorter = [(len(k), r) for k, r in _keys() if _words_start(words, k)]
    if not shorter:
        return None
    best = max(length for length, _ in shorter)
    found = {r.gss: r for length, r in shorter if length == best}
    return next(iter(found.values())) if len(found) == 1 else None


def resolve_authority(printed: str, source: str = "") -> AuthorityRecord:
    """The council a printed name refers to ("Trafford Metropolitan Borough Council" -> Trafford).

    Tries the name and the names each council goes by; then a children's trust's name
    (its council's name inside it, or the few trusts named otherwise); then a name cut
    short or with extra words that fits one council only. Raises
    :class:`UnknownAuthority` when no council, or more than one, matches.
    """
    key = name_key(printed)
    record = _index().get(key)
    if record is None:
        trust = " ".join(printed.lower().replace("\u2019", "'").split())
        if trust in TRUST_COUNCILS:
            return by_gss(TRUST_COUNCILS[trust])
        council = _TRUST_WORDS.sub("", printed)
        if council != printed:
            return resolve_authority(council, source)
        record = _by_words(key)
    if record is None:
        raise UnknownAuthority(printed, source)
    return record


def inspection_key(report: Report, source: str = "") -> tuple[str, str]:
    """The inspection a report is of: its council's GSS code and its start date (ISO),
    the same for every file of one inspection (``source`` names the file in errors)."""
    return resolve_authority(report.authority.name, source).gss, report.start.value.isoformat()


def by_gss(gss: str) -> AuthorityRecord:
    """The council with this ONS GSS code."""
    for record in load_authorities():
        if record.gss == gss:
            return record
    raise KeyError(gss)
