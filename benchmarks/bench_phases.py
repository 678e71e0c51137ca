"""Change points on counts: our exact Poisson PELT against ruptures on the same series.

Series: simulated piecewise-Poisson daily counts of two sides (a quiet start, a surge,
a lull and a resumption, as in tests/test_phases.py), T days. Contenders:

* ``ours``: ``detect_phases(family="poisson", penalty="mbic", min_size=14)`` (exact PELT,
  numba);
* ``rpt-l2-jump5``: ruptures ``Pelt(model="l2", min_size=14)`` with its default
  ``jump=5`` and a BIC-type penalty on the squared-error scale,
  ``(S + 1) * sigma2 * log T`` with ``sigma2`` the within-phase variance estimated from
  first differences - what a user without a Poisson cost would run (ruptures #262);
* ``rpt-l2-jump1``: the same with every day a candidate;
* ``rpt-poisson``: ruptures ``Pelt(jump=1)`` with our Poisson cost plugged in as a
  custom ``BaseCost`` and the BIC penalty, i.e. the same objective as ``ours-bic``
  (``penalty="bic"``): a like-for-like speed comparison of the two PELT
  implementations (its breakpoints are checked against ours).

Printed per contender: mean seconds per series, the ratio to ``ours``, the mean
absolute error in the number of changes, and F1 of the change locations within a
margin of 5 days. Run alone (``python benchmarks/bench_phases.py [--quick]``) or through
``make bench``. ruptures is imported if present (``pip install ruptures`` into the
benchmark environment); without it only ``ours`` is timed.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import detect_phases  # noqa: E402

RATES = np.array([[0.2, 0.05], [2.0, 0.5], [0.2, 0.02], [1.5, 0.4]])
MARGIN = 5
MIN_SIZE = 14


def simulate(rng, T):
    truth = [int(T * f) for f in (0.25, 0.53, 0.75)]
    bounds = [0, *truth, T]
    mu = np.concatenate([np.tile(r, (b - a, 1)) for r, a, b in
                         zip(RATES, bounds[:-1], bounds[1:])])
    return rng.poisson(mu).astype(float), truth


def f1(found, truth, margin=MARGIN):
    if not found and not truth:
        return 1.0
    used, tp = set(), 0
    for t in truth:
        close = [f for f in found if abs(f - t) <= margin and f not in used]
        if close:
            used.add(min(close, key=lambda f: abs(f - t)))
            tp += 1
    prec = tp / len(found) if found else 0.0
    rec = tp / len(truth) if truth else 0.0
    return 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)


def contenders():
    out = {"ours": lambda y: detect_phases(pd.DataFrame(y), family="poisson", penalty="mbic",
                                           min_size=MIN_SIZE).breakpoints,
           "ours-bic": lambda y: detect_phases(pd.DataFrame(y), family="poisson",
                                               penalty="bic", min_size=MIN_SIZE).breakpoints}
    try:
        import ruptures as rpt
        from ruptures.base import BaseCost
    except ImportError:
        print("ruptures is not installed: timing ours only (pip install ruptures)")
        return out

    def l2(jump):
        def run(y):
            T, S = y.shape
            sigma2 = float(np.mean(np.var(np.diff(y, axis=0), axis=0) / 2))
            pen = (S + 1) * sigma2 * math.log(T)
            bk = rpt.Pelt(model="l2", min_size=MIN_SIZE, jump=jump).fit(y).predict(pen=pen)
            return bk[:-1]
        return run

    class PoissonCost(BaseCost):
        model = "poisson"
        min_size = MIN_SIZE

        def fit(self, signal):
            self.signal = signal
            self.cs = np.vstack([np.zeros((1, signal.shape[1])), np.cumsum(signal, 0)])
            return self

        def error(self, start, end):
            Y = self.cs[end] - self.cs[start]
            n = end - start
            pos = Y > 0
            return float(np.sum(Y[pos] - Y[pos] * np.log(Y[pos] / n)))

    def poisson(y):
        T, S = y.shape
        pen = (S + 1) / 2 * math.log(T)
        algo = rpt.Pelt(custom_cost=PoissonCost(), min_size=MIN_SIZE, jump=1).fit(y)
        return algo.predict(pen=pen)[:-1]

    out.update({"rpt-l2-jump5": l2(5), "rpt-l2-jump1": l2(1), "rpt-poisson": poisson})
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    T, reps = (500, 3) if args.quick else (1800, 10)
    rng = np.random.default_rng(20240128)
    series = [simulate(rng, T) for _ in range(reps)]
    runs = contenders()
    runs["ours"](series[0][0])          # compile the numba kernel outside the timing
    rows, found_by = {}, {}
    for name, fn in runs.items():
        secs, nerr, f1s, found_all = [], [], [], []
        for y, truth in series:
            t0 = time.perf_counter()
            found = [int(f) for f in fn(y)]
            secs.append(time.perf_counter() - t0)
            nerr.append(abs(len(found) - len(truth)))
            f1s.append(f1(found, truth))
            found_all.append(found)
        found_by[name] = found_all
        rows[name] = {"seconds": np.mean(secs), "abs error n_changes": np.mean(nerr),
                      f"F1 (+/-{MARGIN} d)": np.mean(f1s)}
    table = pd.DataFrame(rows).T
    table.insert(1, "time / ours", table["seconds"] / table.loc["ours", "seconds"])
    print(f"{reps} piecewise-Poisson series of {T} days, 2 sides, 3 true changes")
    print(table.to_string(float_format=lambda v: f"{v:.4g}"))
    if "rpt-poisson" in found_by:
        same = all(a == b for a, b in zip(found_by["rpt-poisson"], found_by["ours-bic"]))
        print(f"ruptures PELT with our Poisson cost finds the same change points as "
              f"ours (BIC): {same}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
