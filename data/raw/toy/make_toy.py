"""Write the synthetic toy table (data/raw/toy/incidents.csv) of the docstring examples.

Two neutral sides, ``a`` and ``b``, over 120 days of 2021. Daily counts follow a small
discrete-time mutually exciting process (each side's attacks raise the other side's
rate over the next days) drawn with a fixed seed; every row is simulated, none is an
observed incident (source ``synthetic:toy``). Run from the repository root:

    python data/raw/toy/make_toy.py

The committed CSV is the output; the build only validates and copies it.
"""

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("incidents.csv")
DAYS = 120
START = np.datetime64("2021-01-01")
BASE = {"a": 0.12, "b": 0.06}
CROSS = {"a": 0.25, "b": 0.35}         # response of each side to the other's recent attacks
DECAY = 0.6
WEAPONS = {"a": ["rocket", "drone", "mortar"], "b": ["airstrike", "drone_strike"]}


def main() -> None:
    rng = np.random.default_rng(20210101)
    excite = {"a": 0.0, "b": 0.0}
    rows = []
    for d in range(DAYS):
        date = str(START + np.timedelta64(d, "D"))
        today = {}
        for side, other in (("a", "b"), ("b", "a")):
            lam = BASE[side] + CROSS[side] * excite[other]
            k = int(rng.poisson(lam))
            today[side] = k
            if k:
                etype = "attack" if side == "a" else "strike"
                rows.append({
                    "incident_id": f"{date.replace('-', '')}-{side}",
                    "date": date, "date_precision": "day", "side": side, "target_side": other,
                    "event_type": etype,
                    "weapon": WEAPONS[side][int(rng.integers(len(WEAPONS[side])))],
                    "target_kind": "base" if side == "a" else "infrastructure",
                    "n_attacks": k,
                    "target_killed": int(rng.binomial(3, 0.1)) if rng.random() < 0.7 else "",
                    "sources": "synthetic-toy",
                    "note": "synthetic row (data/raw/toy/make_toy.py), not an observed incident",
                })
        for side in excite:
            excite[side] = DECAY * excite[side] + today[side]
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"{OUT}: {len(rows)} rows")


if __name__ == "__main__":
    main()
