"""Regenerate src/ofsted_kg/data/authorities.csv from the DfE/ONS/Ofsted lookup table.

Usage: python tools/make_authorities.py PATH/TO/la-lookup.csv

Run by maintainers only; the package reads the shipped CSV, never the source table.
"""

import csv
import sys
from pathlib import Path

# ONS codes of councils abolished since the lookup was compiled (the source leaves them blank).
FORMER_GSS = {"909": "E10000006", "928": "E10000021", "836": "E06000029"}
# Printed names Ofsted uses that the lookup does not list.
EXTRA_ALIASES = {
    "E06000010": ["Hull", "Kingston upon Hull", "Kingston Upon Hull"],
    "E06000040": ["Windsor and Maidenhead", "Windsor & Maidenhead"],
    "E06000047": ["County Durham"],
    "E06000023": ["Bristol", "City of Bristol"],
    "E06000055": ["Bedford"],
    "E09000001": ["City of London Corporation"],
    "E10000006": ["Cumbria"],
}
# Aliases the lookup lists wrongly: its "[BCP, Bournemouth, Christchurch & Poole]" splits at
# the comma inside the council's own name, which made "Bournemouth" (a council of its own
# until 2019) a name of BCP.
ALIASES = {"E06000058": ["BCP", "Bournemouth, Christchurch & Poole"]}
# The type of former councils the lookup leaves blank.
FORMER_TYPES = {"E06000029": "Unitary Authority", "E10000021": "County"}
# Former councils the lookup does not list at all (ONS GSS code and DfE LA number; their
# Ofsted URNs are not known here, so none is given).
MISSING_FORMER = [
    {
        "gss": "E06000028",
        "name": "Bournemouth",
        "la_number": "837",
        "region": "South West",
        "region_gss": "E12000009",
        "la_type": "Unitary Authority",
        "aliases": [],
    },
    {
        "gss": "E10000009",
        "name": "Dorset County Council",
        "la_number": "835",
        "region": "South West",
        "region_gss": "E12000009",
        "la_type": "County",
        "aliases": ["Dorset"],
    },
]
# Councils abolished in a reorganisation: the day their successors took over children's
# services, and those successors. A council that kept its DfE LA number and Ofsted URN
# through a change (North Yorkshire and Somerset, 2023) is one council here.
REORGANISED = {
    "E06000028": ("2019-04-01", ["E06000058"]),  # Bournemouth -> BCP
    "E06000029": ("2019-04-01", ["E06000058"]),  # Poole -> BCP
    "E10000009": ("2019-04-01", ["E06000059"]),  # Dorset County Council -> Dorset
    "E10000021": ("2021-04-01", ["E06000061", "E06000062"]),  # Northamptonshire
    "E10000006": ("2023-04-01", ["E06000063", "E06000064"]),  # Cumbria
}
OUT = Path(__file__).resolve().parents[1] / "src" / "ofsted_kg" / "data" / "authorities.csv"


def main(source: str) -> None:
    with open(source, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_la_number = {}
    for row in rows:
        gss = row["la_code_new"].strip() or FORMER_GSS.get(row["la_code"].strip(), "")
        if not gss:
            raise SystemExit(f"{source}: no GSS code for {row['local_authority_ons_name']}")
        by_la_number[row["la_code"].strip()] = gss
    out_rows = []
    for row in rows:
        gss = by_la_number[row["la_code"].strip()]
        aliases = [a.strip() for a in row["also_known_as"].strip("[]").split(",") if a.strip()]
        for extra in (row["ltla23nm"], row["utla23nm"]):
            if (
                extra
                and extra != row["local_authority_ons_name"]
                and row["ons_la_type"] != "County"
            ):
                aliases.append(extra)
        aliases = ALIASES.get(gss, aliases) + EXTRA_ALIASES.get(gss, [])
        neighbours = [
            by_la_number[n.strip()]
            for n in row["stat_neighbours"].split(",")
            if n.strip() in by_la_number
        ]
        out_rows.append(
            {
                "gss": gss,
                "name": row["local_authority_ons_name"].strip(),
                "la_number": row["la_code"].strip(),
                "ofsted_urn": row["urn"].strip(),
                "region": row["region_name"].strip(),
                "region_gss": row["rgn22cd"].strip(),
                "la_type": row["ons_la_type"].strip() or FORMER_TYPES.get(gss, ""),
                "current": "no" if row["la_code"].strip() in FORMER_GSS else "yes",
                "aliases": ";".join(
                    sorted(set(aliases) - {row["local_authority_ons_name"].strip()})
                ),
                "stat_neighbours": ";".join(neighbours),
            }
        )
    for former in MISSING_FORMER:
        out_rows.append(
            {
                "gss": former["gss"],
                "name": former["name"],
                "la_number": former["la_number"],
                "ofsted_urn": "",
                "region": former["region"],
                "region_gss": former["region_gss"],
                "la_type": former["la_type"],
                "current": "no",
                "aliases": ";".join(former["aliases"]),
                "stat_neighbours": "",
            }
        )
    for row in out_rows:
        ended, successors = REORGANISED.get(row["gss"], ("", []))
        if (row["current"] == "no") != bool(ended):
            raise SystemExit(f"{row['name']}: a former council needs its end and successors")
        row["ended"], row["successors"] = ended, ";".join(successors)
    out_rows.sort(key=lambda r: r["gss"])
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(out_rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)
    print(f"wrote {len(out_rows)} authorities to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
