"""Headline numbers of the notebooks, recomputed in a subprocess for the reproducibility
check (``tests/test_reproducibility.py``): ``python tests/reproducibility_headlines.py``
prints them as JSON, keyed ``"<values file>:<path in it>"``.

The quantities are those whose last digits used to depend on the CPU's BLAS kernel
(flat likelihoods of sparse windows, boundary estimates, quasi-separation), plus one of
each model family, so that a regression anywhere shows here first. Each entry must
equal the committed values file to the precision the file states.
"""

from __future__ import annotations

import json
import sys
import warnings


def headlines() -> dict:
    from analysis import CountHawkes, CountModel, VARModel
    from analysis.casestudy import PHASE_STARTS, window_counts

    warnings.simplefilter("ignore")
    counts = window_counts()
    out = {}

    # NB whose dispersion sits at its boundary (6 US events in the window)
    key = "militia -> us | after_campaign | confirmed"
    res = CountModel(counts[("confirmed", "after_campaign")], "us", lags=[(1, 3), (4, 7)],
                     family="negbin").fit()
    rc = res.response_curve("militia", horizon=7).iloc[-1]
    for q in ("estimate", "lower", "upper"):
        out[f"02-count-regressions:by_window/{key}/{q}"] = float(rc[q])
    # (its granger_p is now a score-bootstrap p-value drawn from one stream shared by all
    # window fits, so it is checked by the notebook's own rerun, not recomputed here)

    # hurdle: a number-part coefficient that runs to -inf
    hur = CountModel(counts[("all", "all")], "us", lags=[(1, 7)], family="hurdle",
                     phases=PHASE_STARTS).fit()
    for part in ("incidence", "number", "mean"):
        rc = hur.response_curve("militia", horizon=7, part=part).iloc[-1]
        for q in ("estimate", "lower", "upper"):
            out[f"02-count-regressions:hurdle/us/{part}/{q}"] = float(rc[q])

    # self-exciting count model on a short window (flat likelihood)
    ch = CountHawkes(counts[("confirmed", "after_campaign")], max_lag=7).fit()
    rci = ch.branching_conf_int()
    wkey = "after_campaign | confirmed"
    for i, j in [("us", "militia"), ("militia", "us"), ("militia", "militia")]:
        out[f"03-var-and-count-hawkes:hawkes/by_window/{wkey}/a[{i}<-{j}]"] = float(
            rci.loc[(i, j), "estimate"])
        out[f"03-var-and-count-hawkes:hawkes/by_window/{wkey}/a[{i}<-{j}] upper"] = float(
            rci.loc[(i, j), "upper"])
    out[f"03-var-and-count-hawkes:hawkes/by_window/{wkey}/spectral radius"] = float(
        ch.spectral_radius)

    # VAR on the whole record
    var = VARModel(counts[("all", "all")], lags="bic", maxlags=7, phases=PHASE_STARTS).fit()
    hc = var.granger_table(kind="wald", cov_type="HC1")
    out["03-var-and-count-hawkes:var/lags"] = int(var.k_ar)
    for caused, causing in [("us", "militia"), ("militia", "us")]:
        t = var.granger(caused, causing, kind="wald", cov_type="HC1")
        out[f"03-var-and-count-hawkes:var/granger/{causing} -> {caused}/hc1_p"] = float(
            t.pvalue)
    return out


if __name__ == "__main__":
    json.dump(headlines(), sys.stdout, indent=1, sort_keys=True)
