"""Hawkes estimator validation on simulated data with known truth (larger than the tests).

    python benchmarks/validate_hawkes.py           # full study (a few minutes on 2 cores)
    python benchmarks/validate_hawkes.py --quick   # small version

A. Recovery at 1e5 events: R data sets of ~100,000 events from the 2-d process of the
   tick benchmark (baseline [0.5, 0.3], adjacency [[0.3, 0.2], [0.4, 0.1]], decay 1),
   each fitted with the decay estimated. Reported per parameter: relative error of the
   first data set, bias over the R data sets (both in % of the truth), and the ratio of
   the mean Hessian standard error to the empirical standard deviation (1 = calibrated).
B. Coverage: M data sets the size of the bundled campaign (~500 events; baseline
   [0.25, 0.1], adjacency [[0.4, 0.25], [0.15, 0.2]], decay 0.5, T = 500 days), each
   fitted with the decay estimated and bootstrapped (B parametric replicates). Reported:
   how often the nominal 95% intervals (percentile, basic and bias-corrected bootstrap,
   Hessian Wald on
   the log scale) cover the true branching-matrix entries and spectral radius.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis import AnalysisWarning, Hawkes, simulate_hawkes  # noqa: E402

SEED = 20240128
REC = dict(mu=np.array([0.5, 0.3]), adj=np.array([[0.3, 0.2], [0.4, 0.1]]), decay=1.0)
COV = dict(mu=np.array([0.25, 0.1]), adj=np.array([[0.4, 0.25], [0.15, 0.2]]), decay=0.5,
           T=500.0)


def rho(adj):
    return float(np.max(np.abs(np.linalg.eigvals(adj))))


def recovery(n_sets: int, rng) -> pd.DataFrame:
    mu, adj, decay = REC["mu"], REC["adj"], REC["decay"]
    T = 1e5 / np.linalg.solve(np.eye(2) - adj, mu).sum()
    truth = pd.Series(np.concatenate([mu, adj.ravel(), [decay]]),
                      index=["baseline[a]", "baseline[b]", "branching[a<-a]", "branching[a<-b]",
                             "branching[b<-a]", "branching[b<-b]", "decay"])
    est, se, n_ev, secs = [], [], [], []
    for _ in range(n_sets):
        ev = simulate_hawkes(mu, adj, decay, T, rng, sides=["a", "b"])
        t0 = time.perf_counter()
        res = Hawkes(ev).fit()
        secs.append(time.perf_counter() - t0)
        est.append(res.params[truth.index])
        se.append(res.bse[truth.index])
        n_ev.append(res.nobs)
    est, se = pd.DataFrame(est), pd.DataFrame(se)
    out = pd.DataFrame({
        "truth": truth,
        "first_estimate": est.iloc[0],
        "first_rel_error_%": 100 * (est.iloc[0] - truth) / truth,
        "first_within_2%": (abs(est.iloc[0] - truth) / truth) <= 0.02,
        "bias_%": 100 * (est.mean() - truth) / truth,
        "mean_abs_rel_error_%": 100 * (abs(est - truth) / truth).mean(),
        "se_over_sd": se.mean() / est.std(ddof=1) if n_sets > 1 else np.nan,
    })
    print(f"A. recovery: {n_sets} data sets, mean {np.mean(n_ev):,.0f} events, "
          f"mean fit time {np.mean(secs):.3f}s (decay estimated)")
    return out


def coverage(n_sets: int, n_boot: int, rng) -> pd.DataFrame:
    mu, adj, decay, T = COV["mu"], COV["adj"], COV["decay"], COV["T"]
    r_true = rho(adj)
    names = ["a<-a", "a<-b", "b<-a", "b<-b", "spectral radius"]
    truth = np.concatenate([adj.ravel(), [r_true]])
    hits = {k: [] for k in ("percentile", "basic", "bc", "wald")}
    widths = []
    n_ev = []
    for _ in range(n_sets):
        ev = simulate_hawkes(mu, adj, decay, T, rng, sides=["a", "b"])
        n_ev.append(sum(len(v) for v in ev.values()))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", AnalysisWarning)
            res = Hawkes(ev).fit()
            if res.spectral_radius >= 1:
                for k in hits:
                    hits[k].append(np.zeros(5, bool))
                continue
            boot = res.bootstrap(n_boot, rng=rng)
        for method in ("percentile", "basic", "bc"):
            ci = boot.branching_conf_int(method=method)
            lo, hi = boot.spectral_radius_conf_int(method=method)
            low = np.concatenate([ci["lower"].to_numpy(), [lo]])
            up = np.concatenate([ci["upper"].to_numpy(), [hi]])
            hits[method].append((low <= truth) & (truth <= up))
            if method == "percentile":
                widths.append(up - low)
        w = res.conf_int()
        wl = w.loc[[f"branching[{n}]" for n in names[:4]], "lower"].to_numpy()
        wu = w.loc[[f"branching[{n}]" for n in names[:4]], "upper"].to_numpy()
        # boundary estimates have no Wald interval (NaN): they count as not covering
        wald = (wl <= truth[:4]) & (truth[:4] <= wu)
        hits["wald"].append(np.concatenate([wald, [False]]))
    out = pd.DataFrame({f"{k}_coverage": np.mean(v, axis=0) for k, v in hits.items()},
                       index=names)
    out.loc["spectral radius", "wald_coverage"] = np.nan
    out.insert(0, "truth", truth)
    out["percentile_mean_width"] = np.mean(widths, axis=0)
    print(f"B. coverage: {n_sets} data sets (mean {np.mean(n_ev):.0f} events), "
          f"{n_boot} bootstrap replicates each; binomial sd of a 95% coverage estimate "
          f"{np.sqrt(0.95 * 0.05 / n_sets):.3f}")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(SEED)
    pd.set_option("display.width", 160)
    warm = simulate_hawkes(REC["mu"], REC["adj"], 1.0, 200.0, 0, sides=["a", "b"])
    Hawkes(warm).fit().bse                      # compile the numba kernels first
    t0 = time.perf_counter()
    rec = recovery(4 if args.quick else 20, rng)
    print(rec.round(4).to_string())
    ok = (rec["bias_%"].abs() < 2).all()
    print(f"goal: recovery within 2% of the truth at 1e5 events (bias over data sets): "
          f"{'met' if ok else 'NOT met'}; first data set within 2% for "
          f"{int(rec['first_within_2%'].sum())} of {len(rec)} parameters (single-data-set "
          "errors are sampling error of the size the SEs predict)\n")
    cov = coverage(30 if args.quick else 300, 100 if args.quick else 200, rng)
    print(cov.round(3).to_string())
    print(f"\nbootstrap (percentile) 95% coverage: branching entries "
          f"{cov['percentile_coverage'].iloc[:4].mean():.3f} on average, spectral radius "
          f"{cov.loc['spectral radius', 'percentile_coverage']:.3f}; basic: "
          f"{cov['basic_coverage'].iloc[:4].mean():.3f} / "
          f"{cov.loc['spectral radius', 'basic_coverage']:.3f}; bias-corrected: "
          f"{cov['bc_coverage'].iloc[:4].mean():.3f} / "
          f"{cov.loc['spectral radius', 'bc_coverage']:.3f}")
    print(f"total {time.perf_counter() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
