"""Fits as calibrate() sees them whose truth is itself simulated: notebook 11's forecast
gains (the mean of the replicates' estimates) and thinning scenarios (the pseudo-true
value of stacked thinned series), and the response lags of notebooks 05, 09 and 10 (the
population values of simulated records)."""

from __future__ import annotations

import warnings
import zlib

import numpy as np

from analysis import CountModel
from analysis.casestudy import PHASE_STARTS, SIDES, WINDOWS, dyad_incidents
from analysis.models.calibration_data import RED_SEA
from benchmarks.regime import SEED
from benchmarks.regime.wrappers import _Wrapper


#: notebook 11's rolling one-step-ahead design (its forecasters, start, lag windows);
#: here parameters are fitted once, at the first forecast day (the notebook: every 182
#: days; ``refit_every``), and 199 month-block bootstrap draws (the notebook: 999)
FORECAST = {"start": "2022-07-01", "refit_every": 10_000, "n_boot": 199,
            "lags": [(1, 1), (2, 3), (4, 7)],
            "pairs": {"NB": "NB own history", "self-exciting": "self-exciting own history"}}


def _forecasters():
    from analysis import Forecaster
    # the notebook's VAR(7) is left out: its rounded Gaussian gives some simulated counts
    # probability 0 (2 of 3 trial replicates), so its log-score difference is undefined
    lags = FORECAST["lags"]
    return {"NB": Forecaster("negbin", options={"lags": lags}),
            "NB own history": Forecaster("negbin", "own", {"lags": lags}),
            "self-exciting": Forecaster("count_hawkes", options={"max_lag": 14}),
            "self-exciting own history": Forecaster("count_hawkes", "own", {"max_lag": 14})}


class ForecastFit(_Wrapper):
    """Notebook 11's forecast-skill intervals as calibrate() sees them: daily counts
    simulated by the CountHawkes fit (notebook 03's, with its phases), the notebook's
    rolling one-step-ahead forecasts (:data:`FORECAST`) and month-block bootstrap
    intervals of the summed log-score differences: skill against climatology of every
    model and predictive Granger (the model minus its own-history version). Truth: the
    expected score difference over the forecast days under the simulator, estimated by
    the mean of the replicates' point estimates (``truth_at_mean``: set after the run;
    itself a Monte-Carlo estimate, of heavy-tailed gains)."""

    truth_at_mean = True

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity
        base = self._results._calibration_design(null)
        sides = self._results.model.sides
        qs = [Quantity(f"skill_logs {m}[{s}]", "interval", truth=np.nan)
              for m in _forecasters() for s in sides]
        qs += [Quantity(f"predictive_granger_logs {m}[{s}]", "interval", truth=np.nan)
               for m in FORECAST["pairs"] for s in sides]
        base.quantities, base.family = qs, "forecast"
        base.measure = partial(_measure_forecast, qs)
        base.facts.append(("Forecasts", f"from {FORECAST['start']}, parameters fitted once "
                           f"(refit_every={FORECAST['refit_every']}), "
                           f"{FORECAST['n_boot']} month-block bootstrap draws"))
        return base


def _measure_forecast(qs, data, alpha, rng, tests_only=False):
    from analysis import one_step_ahead
    from analysis.exceptions import EstimationError
    fc = one_step_ahead(data, _forecasters(), start=FORECAST["start"],
                        refit_every=FORECAST["refit_every"], progress=False)
    seed = int(rng.integers(2 ** 31))
    out = {}
    for q in qs:
        kind, rest = q.name.split(" ", 1)
        model, side = rest[:-1].split("[")
        ref = FORECAST["pairs"][model] if kind == "predictive_granger_logs" else "climatology"
        try:
            t = fc.score_difference(model, ref, score="logs", n_boot=FORECAST["n_boot"],
                                    alpha=alpha, rng=seed).loc[side]
        except EstimationError:      # a zero predictive probability
            out[q.name] = {"lower": np.nan, "upper": np.nan, "truth": np.nan,
                           "estimate": np.nan}
            continue
        out[q.name] = {"lower": float(t["lower"]), "upper": float(t["upper"]),
                       "truth": np.nan, "estimate": float(t["difference"])}
    return out


def _truth_at_mean(cal):
    """Rows of a ``truth_at_mean`` design: coverage at the mean of the replicates' point
    estimates (the expected score difference), recomputed from the records."""
    from analysis.models.calibration import Quantity
    rec = cal.records
    for name, g in rec.groupby("quantity", sort=False):
        est = g["estimate"].to_numpy(float)
        truth = float(np.nanmean(est)) if np.isfinite(est).any() else np.nan
        vals = [{"lower": lo, "upper": hi, "truth": truth}
                for lo, hi in zip(g["lower"], g["upper"])]
        row = cal._row(Quantity(name, "interval", truth=truth), vals)
        for k, v in row.items():
            cal.table.loc[name, k] = v
        cal.table.loc[name, "nominal"] = row["nominal"]
    return cal


#: notebook 11's reporting scenarios: the US response to an attack day (NB, attack-day
#: indicators at lag 1 and 2-7, the case's phases) on thinned counts; truths from
#: ``n_truth`` simulated series stacked into one NB2 fit (the pseudo-true value)
THINNING = {"lags": [(1, 1), (2, 7)], "coef": "militia.L1", "n_truth": 100}


def thinning_shares():
    """Each side's share of incidents kept by each of notebook 11's thinning scenarios
    (``analysis.reporting_bias.thinning_scenarios`` of the dyad's incidents)."""
    from analysis.reporting_bias import thinning_scenarios
    inc = dyad_incidents()
    n = inc.groupby("side").size()
    return {k: {s: float((v["side"] == s).sum() / n[s]) for s in SIDES}
            for k, v in thinning_scenarios(inc).items()}


def _thin(counts, shares, rng):
    """Binomial thinning of each side's daily counts at its share (1: kept whole)."""
    out = counts.copy()
    for s, p in shares.items():
        if p < 1:
            out[s] = rng.binomial(counts[s].to_numpy(np.int64), p)
    return out


def _thin_model(counts):
    return CountModel(counts, "us", lags=THINNING["lags"], family="negbin",
                      lag_transform="indicator", phases=PHASE_STARTS)


class ThinningFit(_Wrapper):
    """Notebook 11's thinning scenarios as calibrate() sees them: the full daily series
    simulated by the CountHawkes fit, each scenario's reporting process simulated by
    binomial thinning of each side's counts at the scenario's share of the data's
    incidents (:func:`thinning_shares`; random thinning, whereas confirmation tracks
    casualties; every simulated date exact, so no imputation: Rubin's rules over
    identical copies give the plain Wald interval), refitted as the notebook does
    (:func:`_thin_model`). Truth of each scenario: the NB2 pseudo-true value of
    ``militia.L1`` under thinning, fitted on ``n_truth`` simulated thinned series
    stacked."""

    def _calibration_design(self, null):
        from functools import partial

        from statsmodels.discrete.discrete_model import NegativeBinomial

        from analysis.models.calibration import Quantity
        base = self._results._calibration_design(null)
        shares = thinning_shares()
        rng = np.random.default_rng([SEED, zlib.crc32(b"truth thinning")])
        sims = [base.simulate(rng) for _ in range(THINNING["n_truth"])]
        qs = []
        from analysis.exceptions import EstimationError
        for k, sh in shares.items():
            ms = []
            for d in sims:       # series whose lag-1 indicator is separated left out
                try:
                    ms.append(_thin_model(_thin(d, sh, rng)))
                except EstimationError:
                    pass
            X = np.vstack([m.exog.to_numpy() for m in ms])
            y = np.concatenate([m.endog.to_numpy() for m in ms])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = NegativeBinomial(y, X, loglike_method="nb2").fit(disp=0, maxiter=200)
            truth = float(fit.params[list(ms[0].exog.columns).index(THINNING["coef"])])
            print(f"thinning {k}: shares {sh}; truth {THINNING['coef']} = {truth:.4g} "
                  f"({len(ms)} of {len(sims)} series)", flush=True)
            qs.append(Quantity(f"scenario {k}: {THINNING['coef']}", "interval", truth=truth))
        base.quantities, base.family = qs, "thinning"
        base.measure = partial(_measure_thinning, qs, shares)
        base.facts.append(("Thinning", "; ".join(f"{k}: " + ", ".join(
            f"{s} {v:.3g}" for s, v in sh.items()) for k, sh in shares.items())))
        return base


def _measure_thinning(qs, shares, data, alpha, rng, tests_only=False):
    from analysis.exceptions import EstimationError
    out = {}
    for q, (k, sh) in zip(qs, shares.items()):
        thinned = _thin(data, sh, rng)
        try:        # separated (no US strike after a lag-1 attack day): no estimate, as
            res = _thin_model(thinned).fit()        # the notebook's fit would stop too
        except EstimationError:
            continue
        ci = res.conf_int(alpha)
        c = THINNING["coef"]
        out[q.name] = {"lower": float(ci.loc[c, "lower"]), "upper": float(ci.loc[c, "upper"]),
                       "truth": q.truth}
    return out


#: the response-lag specifications of the notebooks: notebook 05 (and 10, the same
#: fits with 1000 draws) and notebook 09 (Red Sea, 200 draws, iid, no phases); the
#: bootstrap inside every replicate uses 1000 draws for notebook 05 (it: 2000)
LAG_SPECS = {
    "iraq_syria": [dict(responder=r, trigger=t, ks=[1, 3, 7], start=WINDOWS["all"][0],
                        end=WINDOWS["all"][1], phases=["2023-10-07"], block_length=3,
                        n_boot=1000) for r, t in (("us", "militia"), ("militia", "us"))],
    "red_sea": [dict(responder=r, trigger=t, ks=[1, 7], start=RED_SEA["start"],
                     end=RED_SEA["end"], phases=None, block_length=1, n_boot=200)
                for r, t in (("us_uk", "houthi"), ("houthi", "us_uk"))],
}


def stated_shares(case):
    """The share of each responding side's incidents that state a trigger of the other
    side in the data (as ``response_lags`` reads ``retaliation_for``)."""
    from analysis import response_lags
    from analysis.models.calibration_data import case_data
    _, inc, _ = case_data(case)
    out = {}
    for spec in LAG_SPECS[case]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = response_lags(inc, spec["responder"], spec["trigger"], n_boot=0,
                                start=spec["start"], end=spec["end"])
        out[spec["responder"]] = float((res.lags["source"] == "stated").mean())
    return out


class LagFit:
    """The response lags of notebooks 05, 09 and 10 as calibrate() sees them: records
    of the case's CountHawkes fit simulated as a cluster process
    (:func:`analysis.models.calibration.simulate_parents`), the parent stated for the
    data's share of each side's incidents, refitted with each notebook specification
    (:data:`LAG_SPECS`). Truths: the kernel's median lag and P(lag <= k); the pooled
    value of each statistic over 300 simulated records (``(population)``)."""

    def __init__(self, results, case, block_length=None, **matched):
        # block_length: a variant of the notebooks' bootstrap blocks (same truths);
        # matched: matched_bootstrap= and day_block_length= of response_lags
        self._results, self._case, self._block = results, case, block_length
        self._matched = matched

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from analysis.models.calibration.lags import response_lag_design
        shares = stated_shares(self._case)
        rng = np.random.default_rng([SEED, zlib.crc32(f"truth {self._case}".encode())])
        specs = [dict(s, block_length=self._block or s["block_length"], **self._matched)
                 for s in LAG_SPECS[self._case]]
        d = response_lag_design(self._results, specs, shares, n_truth=300, rng=rng)
        d.facts.append(("Stated in the data", ", ".join(f"{s}: {v:.3g}"
                                                       for s, v in shares.items())))
        print(f"{self._case}: stated shares in the data {shares}; stated probability of "
              f"an offspring of the other side {d.stated}", flush=True)
        print("truths: " + ", ".join(f"{k} = {v:.4g}" for k, v in d.truth.items()),
              flush=True)
        return d
