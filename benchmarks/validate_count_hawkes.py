"""Monte-Carlo coverage of the CountHawkes 95% intervals (the larger study).

Simulates the bivariate self-exciting NB count model many times at known parameters,
fits each series and counts how often the 95% intervals cover the truth: Hessian
(Wald, on the scales described in ``CountHawkesResults.conf_int``) for every
parameter and the spectral radius, and optionally the parametric bootstrap.

    python benchmarks/validate_count_hawkes.py              # 400 series of 1,000 days
    python benchmarks/validate_count_hawkes.py --quick      # 60 series
    python benchmarks/validate_count_hawkes.py --bootstrap  # + bootstrap coverage (slow)

Prints coverage per parameter, the pooled coverage and its Monte-Carlo standard error.
The test suite runs a small version (tests/test_count_hawkes.py).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np

A = np.array([[0.30, 0.20], [0.40, 0.10]])
NU = np.array([0.3, 0.1])
DECAY, ALPHA, MAX_LAG = 0.6, np.array([0.5, 0.5]), 10
TRUTH = {"baseline[a]:const": np.log(0.3), "baseline[b]:const": np.log(0.1), "branching[a<-a]": 0.3,
         "branching[a<-b]": 0.2, "branching[b<-a]": 0.4, "branching[b<-b]": 0.1, "decay_ratio": DECAY, "dispersion[a]": 0.5,
         "dispersion[b]": 0.5}
RHO = float(np.max(np.abs(np.linalg.eigvals(A))))


def one(rng, n, n_boot):
    from analysis import CountHawkes, simulate_count_hawkes
    y = simulate_count_hawkes(n, NU, A, max_lag=MAX_LAG, kernel_params=DECAY,
                              dispersion=ALPHA, sides=["a", "b"], rng=rng)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = CountHawkes(y, max_lag=MAX_LAG).fit(n_starts=1)
        out = {"warned": bool(caught), "hessian": {}, "bootstrap": {}}
        ci = res.conf_int()
        for k, v in TRUTH.items():
            out["hessian"][k] = ci.loc[k, "lower"] <= v <= ci.loc[k, "upper"]
        lo, hi = res.spectral_radius_conf_int()
        out["hessian"]["spectral radius"] = lo <= RHO <= hi
        if n_boot:
            rb = res.bootstrap(n_boot, rng=rng)
            ci = rb.conf_int(method="bootstrap")
            for k, v in TRUTH.items():
                out["bootstrap"][k] = ci.loc[k, "lower"] <= v <= ci.loc[k, "upper"]
            lo, hi = rb.spectral_radius_conf_int(method="bootstrap")
            out["bootstrap"]["spectral radius"] = lo <= RHO <= hi
    return out


def report(label, rows, reps):
    keys = list(rows[0])
    cov = {k: np.mean([r[k] for r in rows]) for k in keys}
    pooled = np.mean([v for r in rows for v in r.values()])
    print(f"\n{label} 95% intervals, {reps} series")
    for k in keys:
        se = np.sqrt(cov[k] * (1 - cov[k]) / reps)
        print(f"  {k:18s} {100 * cov[k]:5.1f}%  (MC s.e. {100 * se:.1f})")
    print(f"  {'pooled':18s} {100 * pooled:5.1f}%")
    return pooled


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 series")
    parser.add_argument("--reps", type=int, default=None)
    parser.add_argument("--n", type=int, default=1000, help="days per series")
    parser.add_argument("--bootstrap", action="store_true",
                        help="also bootstrap intervals (100 series x 100 refits)")
    parser.add_argument("--seed", type=int, default=20240128)
    args = parser.parse_args(argv)
    reps = args.reps or (60 if args.quick else 400)
    rng = np.random.default_rng(args.seed)
    print(f"CountHawkes coverage study: {reps} series of {args.n} days; truth: A = "
          f"{A.tolist()}, nu = {NU.tolist()}, decay {DECAY}, alpha {ALPHA.tolist()}, "
          f"spectral radius {RHO:.3f}")
    t = time.perf_counter()
    results = [one(rng, args.n, 0) for _ in range(reps)]
    pooled = report("Hessian", [r["hessian"] for r in results], reps)
    warned = sum(r["warned"] for r in results)
    print(f"  ({warned} fits warned, e.g. a dispersion on its bound; they count as fitted)")
    print(f"  {time.perf_counter() - t:.0f} s")
    if args.bootstrap:
        nb = min(reps, 30 if args.quick else 100)
        t = time.perf_counter()
        boot = [one(rng, args.n, 100) for _ in range(nb)]
        report("Parametric bootstrap (100 refits)", [r["bootstrap"] for r in boot], nb)
        print(f"  {time.perf_counter() - t:.0f} s")
    print(f"COVERAGE (Hessian, pooled): {100 * pooled:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
