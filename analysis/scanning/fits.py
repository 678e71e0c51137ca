"""The fits of one dyad (run on a worker): each model family's fit guarded so a failure
or warning becomes a status, not an exception.
"""

from __future__ import annotations

import warnings

import numpy as np


# --------------------------------------------------------------------------------------
# Status: warnings and errors of one fit, as text
# --------------------------------------------------------------------------------------
def _clean(text) -> str:
    return " ".join(str(text).split())


def _status(caught, error=None) -> str:
    if error is not None:
        return f"error: {type(error).__name__}: {_clean(error)}"
    if caught:
        first = caught[0]
        more = f" (+{len(caught) - 1} more)" if len(caught) > 1 else ""
        return f"warning: {first.category.__name__}: {_clean(first.message)}{more}"
    return "ok"


def _guarded(fn, empty_rows):
    """Run ``fn() -> rows``; on an exception return ``empty_rows`` with the error as
    status; on warnings set them as status of every row."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rows = fn()
        except Exception as e:  # noqa: BLE001 - a failing fit must not stop the scan
            rows, err = empty_rows, e
        else:
            err = None
    status = _status(caught, err)
    for r in rows:
        r["status"] = status
    return rows


def _row(quantity, trigger=None, responder=None, estimate=np.nan, lower=np.nan,
         upper=np.nan, pvalue=np.nan):
    return {"trigger": trigger, "responder": responder, "quantity": quantity,
            "estimate": float(estimate), "lower": float(lower), "upper": float(upper),
            "pvalue": float(pvalue)}


# --------------------------------------------------------------------------------------
# The fits of one pair (run on a worker)
# --------------------------------------------------------------------------------------
def _opt(opts, name, freq):
    v = opts[name]
    return v[freq] if isinstance(v, dict) else v


def _fit_count(counts, a, b, opts, freq, rows_in, rng):
    from ..models.counts import CountModel
    out = []
    lags = _opt(opts, "lags", freq)
    for trig, resp in ((a, b), (b, a)):
        def fit(trig=trig, resp=resp):
            res = CountModel(counts, resp, lags=lags, family="poisson",
                             lag_transform=opts["lag_transform"]).fit(cov_type="HAC")
            last = res.response_curve(trig, alpha=opts["alpha"]).iloc[-1]
            test = res.granger(trig)
            return [_row("response", trig, resp, last["estimate"], last["lower"],
                         last["upper"], test.pvalue)]
        out += _guarded(fit, [_row("response", trig, resp)])
    return out


def _fit_hawkes(counts, a, b, opts, freq, rows_in, rng):
    from ..models.count_hawkes import CountHawkes

    def fit():
        res = CountHawkes(counts, max_lag=_opt(opts, "max_lag", freq),
                          family=opts["family"], kernel=opts["kernel"]).fit(
            n_starts=opts["n_starts"])
        conf = getattr(res, "branching_conf_int", None) or res.reproduction_conf_int
        ci = conf(alpha=opts["alpha"])
        rows = []
        for trig, resp in ((a, b), (b, a), (a, a), (b, b)):
            r = ci.loc[(resp, trig)]
            rows.append(_row("branching", trig, resp, r["estimate"], r["lower"],
                             r["upper"]))
        lo, hi = res.spectral_radius_conf_int(alpha=opts["alpha"])
        rows.append(_row("spectral_radius", estimate=res.spectral_radius, lower=lo,
                         upper=hi))
        return rows
    return _guarded(fit, _empty_rows("hawkes", a, b))


def _fit_lags(counts, a, b, opts, freq, rows_in, rng):
    from ..models.timing import response_lags
    triggers = opts["triggers"]
    if triggers is None:
        triggers = ("stated_or_nearest" if {"incident_id", "retaliation_for"}
                    <= set(rows_in.columns) else "nearest")
    k = int(opts["k"])
    lo, hi = counts.index[0], counts.index[-1]
    out = []
    for trig, resp in ((a, b), (b, a)):
        def fit(trig=trig, resp=resp):
            res = response_lags(rows_in, resp, trig, triggers=triggers, k=(k,),
                                n_boot=opts["n_boot"], alpha=opts["alpha"], rng=rng,
                                start=lo, end=hi)
            w = res.within.loc[k]
            med_lo, med_hi = res.median_lag_ci or (np.nan, np.nan)
            return [_row("median_lag", trig, resp,
                         np.nan if res.median_lag is None else res.median_lag,
                         med_lo, med_hi),
                    _row("response_prob", trig, resp, w["response_prob"],
                         w.get("response_prob_lower", np.nan),
                         w.get("response_prob_upper", np.nan)),
                    _row("baseline_prob", trig, resp, w["baseline"],
                         w.get("baseline_lower", np.nan), w.get("baseline_upper", np.nan))]
        out += _guarded(fit, [_row(q, trig, resp) for q in
                              ("median_lag", "response_prob", "baseline_prob")])
    return out


def _fit_changepoints(counts, a, b, opts, freq, rows_in, rng):
    import inspect

    from ..models.phases import detect_phases

    def fit():
        kw = {"penalty": opts["penalty"], "min_size": _opt(opts, "min_size", freq)}
        params = inspect.signature(detect_phases).parameters
        kw["family" if "family" in params else "cost"] = "poisson"
        res = detect_phases(counts, **kw)
        ph = res.phases
        rows = [_row("n_changes", estimate=res.n_changes)]
        for side in (a, b):
            first, last = ph[f"rate_{side}"].iloc[0], ph[f"rate_{side}"].iloc[-1]
            ratio = last / first if first > 0 else (np.inf if last > 0 else np.nan)
            rows.append(_row("rate_ratio_last", None, side, ratio))
        return rows
    return _guarded(fit, _empty_rows("changepoints", a, b))


_FITTERS = {"count": _fit_count, "hawkes": _fit_hawkes, "lags": _fit_lags,
            "changepoints": _fit_changepoints}


def _fit_pair(task, models, options, freq):
    """All the rows of one pair: ``task`` = (key, a, b, window, seed, rows)."""
    from ..data import to_counts
    key, a, b, (lo, hi), seed, rows_in = task
    out = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")      # a doubtful count is a failed pair
            counts = to_counts(rows_in, freq=freq, by="side", start=lo, end=hi,
                               columns=[a, b])
    except Exception as e:  # noqa: BLE001
        counts, count_error = None, e
    for name in models:
        rng = np.random.default_rng(seed)
        if counts is None:
            rows = [dict(r, status=_status([], count_error))
                    for r in _empty_rows(name, a, b)]
        else:
            rows = _FITTERS[name](counts, a, b, options[name], freq, rows_in, rng)
        for r in rows:
            r["model"] = name
        out += rows
    return key, out


def _empty_rows(name, a, b):
    if name == "count":
        return [_row("response", a, b), _row("response", b, a)]
    if name == "hawkes":
        return [_row("branching", t, r) for t, r in ((a, b), (b, a), (a, a), (b, b))] + \
            [_row("spectral_radius")]
    if name == "lags":
        return [_row(q, t, r) for t, r in ((a, b), (b, a))
                for q in ("median_lag", "response_prob", "baseline_prob")]
    return [_row("n_changes"), _row("rate_ratio_last", None, a),
            _row("rate_ratio_last", None, b)]


def _run_batch(tasks, models, options, freq):
    """Fit a batch of pairs in one BLAS thread (identical numbers in every mode)."""
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1):
        return [_fit_pair(t, models, options, freq) for t in tasks]
