"""Size of the Granger tests in this data's regime (VAR and count-model Granger).

The null is simulated from the self-exciting NB count model (``CountHawkes``, 14-day
geometric kernel, three phases) fitted to the bundled daily counts, with the
US -> militia excitation set to 0 (so US strikes do not Granger-cause militia
attacks; militia -> US and self-excitation as fitted, day-rounded counts). Each
series is refitted and the test of "lags of US strikes help predict militia attacks"
is run at nominal 5%:

* VAR: OLS F, HC1 and HC3 Wald (asymptotic) and the restricted wild bootstrap of the
  HC3 Wald (``VARResults.granger(..., bootstrap="wild")``); lag order by AIC and BIC
  (1..14), BIC (1..7) and a fixed 7 lags, and the lag orders picked.
* CountModel (negative binomial and Poisson PML, lags summed into days 1-3, 4-7): the
  HAC Wald test and the wild-cluster score bootstrap (``CountResults.granger(...,
  bootstrap="score")``).

    python benchmarks/validate_granger.py               # 500 series
    python benchmarks/validate_granger.py --quick       # 100 series

Prints the empirical size of each test with its Monte-Carlo standard error
sqrt(p (1 - p) / n_sim). One seed (--seed), so the run is reproducible.
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd


#: VAR lag rules compared: (label, lags, maxlags)
VAR_SPECS = [("aic14", "aic", 14), ("bic7", "bic", 7), ("fixed7", 7, 7)]


def null_model():
    """The fitted CountHawkes of the bundled data and its parameters with US -> militia
    excitation set to 0."""
    from analysis import CountHawkes
    from analysis.casestudy import PHASE_STARTS, window_counts
    counts = window_counts()[("all", "all")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = CountHawkes(counts, max_lag=14, phases=PHASE_STARTS).fit()
    theta = fit.theta.copy()
    theta[fit.model.param_names().index("branching[militia<-us]")] = 0.0
    return fit, theta


def one(fit, theta, seed, n_boot, families):
    from analysis import CountModel, VARModel
    from analysis.casestudy import PHASE_STARTS
    rng = np.random.default_rng(seed)
    y = fit.simulate(rng, theta=theta)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for crit, lags, maxlags in VAR_SPECS:
            var = VARModel(y, lags=lags, maxlags=maxlags, phases=PHASE_STARTS).fit()
            out[f"var_{crit}_lags"] = var.k_ar
            out[f"var_{crit}_F_ols"] = var.granger("militia", "us", cov_type="nonrobust").pvalue
            out[f"var_{crit}_wald_HC1"] = var.granger("militia", "us", kind="wald",
                                                      cov_type="HC1").pvalue
            out[f"var_{crit}_wald_HC3"] = var.granger("militia", "us", kind="wald").pvalue
            out[f"var_{crit}_wild_HC3"] = var.granger("militia", "us", kind="wald",
                                                      bootstrap="wild", n_boot=n_boot,
                                                      rng=rng).pvalue
        for fam in families:
            try:
                res = CountModel(y, "militia", lags=[(1, 3), (4, 7)], family=fam,
                                 phases=PHASE_STARTS).fit()
                out[f"count_{fam}_HAC"] = res.granger("us").pvalue
                out[f"count_{fam}_score_boot"] = res.granger(
                        "us", bootstrap="score", n_boot=n_boot, rng=rng).pvalue
            except Exception as e:                    # a failed fit is a missing value
                out[f"count_{fam}_error"] = type(e).__name__
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-sim", type=int, default=500)
    ap.add_argument("--quick", action="store_true", help="100 series")
    ap.add_argument("--n-boot", type=int, default=399)
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--families", default="negbin,poisson")
    ap.add_argument("--skip-var", action="store_true")
    args = ap.parse_args(argv)
    n_sim = 100 if args.quick else args.n_sim
    fit, theta = null_model()
    seeds = np.random.default_rng(args.seed).integers(0, 2**63 - 1, size=n_sim)
    fams = [f for f in args.families.split(",") if f]
    t0 = time.time()
    rows = [one(fit, theta, int(s), args.n_boot, fams) for s in seeds]
    df = pd.DataFrame(rows)
    print(f"{n_sim} null series, {args.n_boot} bootstrap draws, {time.time() - t0:.0f} s")
    for crit, _, _ in VAR_SPECS:
        print(f"lag order by {crit}:", df[f"var_{crit}_lags"].value_counts().sort_index()
              .to_dict())
    for c in df.columns:
        if c.endswith("_lags") or c.endswith("_error"):
            continue
        p = df[c].dropna()
        size = float((p < 0.05).mean())
        se = float(np.sqrt(size * (1 - size) / len(p)))
        print(f"{c:28s} size {100 * size:5.1f}%  (MC s.e. {100 * se:.1f}; n={len(p)})")
    errs = [c for c in df.columns if c.endswith("_error")]
    for c in errs:
        print(c, df[c].value_counts().to_dict())


if __name__ == "__main__":
    main()
