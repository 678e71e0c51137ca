"""Draw a stratified random sample of incidents and write an audit checklist.

``python -m analysis.audit --sample 30 --seed N [--out build/audit] [--data data/processed]``

The sample is stratified by period. The default strata (those of issue 13) are

* ``before``:   incidents dated before 17 Oct 2023;
* ``campaign``: 17 Oct 2023 - 4 Feb 2024 (both days included);
* ``after``:    incidents dated after 4 Feb 2024.

Each stratum gets a share of the sample proportional to its size (largest remainders),
and at least one row when it holds any incident. Rows are drawn without replacement with
``numpy.random.default_rng(seed)``; the same table and seed give the same sample and
byte-identical files. The checklist (``checklist.csv`` and ``checklist.md``) lists, for
each sampled incident, the coded fields to check and the sources to open (URLs from
``sources.csv`` via ``incident_sources.csv``), with empty columns for the auditor's
verdict.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

#: The default strata: (name, first day, last day); None = open end.
STRATA = (("before", None, "2023-10-16"),
          ("campaign", "2023-10-17", "2024-02-04"),
          ("after", "2024-02-05", None))

#: The coded fields an auditor checks against the sources, in checklist order.
CHECK_FIELDS = ("date", "date_precision", "side", "target_side", "event_type", "location",
                "site_id", "weapon", "n_attacks", "actor", "claimed_by", "target_actor",
                "target_killed", "target_wounded", "actor_killed", "confirmation",
                "retaliation_for_text")


def stratum_of(dates: pd.Series, strata=STRATA) -> pd.Series:
    """The stratum name of each ISO date (raises on a date no stratum covers)."""
    out = pd.Series("", index=dates.index, dtype=object)
    for name, lo, hi in strata:
        m = pd.Series(True, index=dates.index)
        if lo:
            m &= dates >= lo
        if hi:
            m &= dates <= hi
        out[m & (out == "")] = name
    missing = out == ""
    if missing.any():
        bad = dates[missing].iloc[0]
        raise ValueError(f"incidents.csv: date {bad!r} (row {dates[missing].index[0]}) "
                         f"falls in no stratum {[s[0] for s in strata]}")
    return out


def allocate(sizes: dict, n: int) -> dict:
    """Proportional allocation by largest remainders, at least 1 per non-empty stratum,
    never more than a stratum holds."""
    total = sum(sizes.values())
    if n < 1:
        raise ValueError(f"--sample must be >= 1, got {n}")
    if n > total:
        raise ValueError(f"--sample {n} exceeds the {total} incidents in the table")
    exact = {k: n * v / total for k, v in sizes.items()}
    alloc = {k: min(sizes[k], max(1 if sizes[k] else 0, int(np.floor(e)))) for k, e in exact.items()}
    order = sorted(sizes, key=lambda k: (-(exact[k] - np.floor(exact[k])), k))
    while sum(alloc.values()) < n:
        for k in order:
            if sum(alloc.values()) < n and alloc[k] < sizes[k]:
                alloc[k] += 1
    while sum(alloc.values()) > n:        # the minimum of 1 may overshoot
        k = max(alloc, key=lambda k: (alloc[k] - exact[k], k))
        alloc[k] -= 1
    return alloc


def draw(incidents: pd.DataFrame, n: int, *, rng: np.random.Generator,
         strata=STRATA) -> pd.DataFrame:
    """A stratified sample of ``n`` incidents (rows of ``incidents.csv``) with a
    ``stratum`` column, sorted by stratum order then date and id."""
    if rng is None or not isinstance(rng, np.random.Generator):
        raise TypeError("draw() needs rng=np.random.default_rng(seed)")
    df = incidents.sort_values("incident_id").reset_index(drop=True)
    df["stratum"] = stratum_of(df["date"].astype(str), strata)
    names = [s[0] for s in strata]
    sizes = {k: int((df["stratum"] == k).sum()) for k in names}
    alloc = allocate(sizes, n)
    picked = []
    for k in names:                        # fixed order: the draws are reproducible
        idx = df.index[df["stratum"] == k].to_numpy()
        if alloc[k]:
            picked.extend(rng.choice(idx, size=alloc[k], replace=False).tolist())
    out = df.loc[picked].copy()
    out["_order"] = out["stratum"].map({k: i for i, k in enumerate(names)})
    return out.sort_values(["_order", "date", "incident_id"]).drop(columns="_order") \
        .reset_index(drop=True)


def checklist(sample: pd.DataFrame, links: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """One row per sampled incident and field to check, with the sources to open."""
    url = dict(zip(sources["source_id"], sources["url"]))
    rows = []
    for _, inc in sample.iterrows():
        lk = links[links["incident_id"] == inc["incident_id"]]
        lk = lk.assign(_p=lk["role"] != "primary").sort_values(["_p", "source_id"])
        srcs = [f"{sid} {url.get(sid, '(not in sources.csv)')}" for sid in lk["source_id"]]
        if not srcs:
            raise ValueError(f"incident_sources.csv: incident {inc['incident_id']} has no source")
        for f in CHECK_FIELDS:
            v = inc.get(f, "")
            rows.append({"stratum": inc["stratum"], "incident_id": inc["incident_id"],
                         "field": f, "coded_value": "" if pd.isna(v) else str(v),
                         "sources": " ; ".join(srcs), "verdict": "", "evidence": ""})
    return pd.DataFrame(rows)


def _markdown(sample: pd.DataFrame, check: pd.DataFrame, seed: int, strata) -> str:
    lines = [f"# Audit checklist (seed {seed}, {len(sample)} incidents)", "",
             "Strata: " + "; ".join(f"{n} = {lo or '...'} to {hi or '...'}" for n, lo, hi in strata),
             "", "For each incident open the sources, then mark each field right / wrong "
             "(give the right value and the page) / cannot check.", ""]
    for iid, g in check.groupby("incident_id", sort=False):
        lines += [f"## {iid} ({g['stratum'].iloc[0]})", "", "Sources:", ""]
        lines += [f"- {s}" for s in g["sources"].iloc[0].split(" ; ")]
        note = sample.loc[sample["incident_id"] == iid, "note"].iloc[0]
        lines += ["", f"Note: {'' if pd.isna(note) else note}", "",
                  "| field | coded | verdict |", "|---|---|---|"]
        lines += [f"| {r.field} | {r.coded_value.replace('|', '/')} | |" for r in g.itertuples()]
        lines.append("")
    return "\n".join(lines)


def run(n: int, seed: int, out: Path, data: Path = None, strata=STRATA) -> pd.DataFrame:
    """Draw the sample from the tables in ``data`` and write the checklist to ``out``."""
    data = Path(data or paths.PROCESSED)
    read = lambda name: pd.read_csv(data / name, dtype=str, keep_default_na=False)
    incidents = read("incidents.csv")
    sample = draw(incidents, n, rng=np.random.default_rng(seed), strata=strata)
    check = checklist(sample, read("incident_sources.csv"), read("sources.csv"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    check.to_csv(out / "checklist.csv", index=False, lineterminator="\n")
    (out / "checklist.md").write_text(_markdown(sample, check, seed, strata), encoding="utf-8")
    return check


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=30, help="incidents to draw (default 30)")
    ap.add_argument("--seed", type=int, required=True, help="seed of numpy's default_rng")
    ap.add_argument("--out", type=Path, default=Path("build/audit"),
                    help="folder for checklist.csv and checklist.md (default build/audit)")
    ap.add_argument("--data", type=Path, default=None,
                    help="folder of the processed tables (default data/processed)")
    a = ap.parse_args(argv)
    try:
        check = run(a.sample, a.seed, a.out, a.data)
    except (ValueError, FileNotFoundError) as e:
        print(f"analysis.audit: {e}", file=sys.stderr)
        return 2
    n = check["incident_id"].nunique()
    print(f"{n} incidents, {len(check)} checks -> {a.out / 'checklist.csv'}, {a.out / 'checklist.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
