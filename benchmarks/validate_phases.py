"""Spurious change points in this data's regime, and the penalty that calibrates them.

Simulates the self-exciting NB count model (``CountHawkes``, 14-day geometric kernel)
fitted to the bundled daily counts with the two campaign changes
(``casestudy.PHASE_STARTS``) as its only phases, and segments every series with
NB-PELT (MBIC, minimum phase 14 days, as notebook 05) at penalty scales 1..16
(``ChangePointModel.calibrate_penalty``). A change more than 14 days from both true
changes is spurious. Prints, per scale, the mean number of changes, of spurious
changes, the spurious share of the changes found, the share of series with any, and the
power (share of the true changes found); then the calibrated scale (spurious share at
most 5%) and the segmentation of the data at that scale.

    python benchmarks/validate_phases.py             # 200 series
    python benchmarks/validate_phases.py --n-sim 40  # quick
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd


def main(argv=None):
    from analysis import ChangePointModel, CountHawkes, detect_phases, to_counts
    from analysis.casestudy import PHASE_STARTS, SIDES, WINDOWS, dyad_incidents
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-sim", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20261206)
    args = ap.parse_args(argv)
    days = to_counts(dyad_incidents(), start=WINDOWS["all"][0], end=WINDOWS["all"][1],
                     columns=SIDES)
    t0 = time.time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        null = CountHawkes(days, max_lag=14, phases=PHASE_STARTS).fit()
    sims = null.simulate(np.random.default_rng(args.seed), n_paths=args.n_sim)
    model = ChangePointModel(days, family="negbin", penalty="mbic", min_size=14)
    table = model.calibrate_penalty(sims, PHASE_STARTS, level=0.05)
    pd.set_option("display.width", 120)
    n = args.n_sim
    print(f"{n} self-exciting null series with 2 true changes, {time.time() - t0:.0f} s")
    print(table.round(3).to_string())
    print("MC s.e. of a share p: sqrt(p (1 - p) / n), e.g. "
          f"{np.sqrt(0.05 * 0.95 / n):.3f} at p = 0.05")
    c = table.attrs["penalty_scale"]
    print(f"calibrated penalty scale ({table.attrs['criterion']} <= 5%): {c}")
    if np.isfinite(c):
        ph = detect_phases(days, family="negbin", penalty="mbic", min_size=14,
                           penalty_scale=c)
        print(f"data at that scale: {ph.n_changes} changes: "
              f"{[str(d.date()) for d in ph.changes]}")


if __name__ == "__main__":
    main()
