"""The calibration designs, one per model family: what to simulate in the data's regime,
how to refit, and which tests and intervals to record.
"""

from __future__ import annotations

import copy
import math
import warnings
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from scipy import special, stats

from ...exceptions import SpecificationError


# --------------------------------------------------------------------------------------
# Designs
# --------------------------------------------------------------------------------------
@dataclass
class Quantity:
    """One measured test or interval of a design."""

    name: str
    kind: str                     # "test", "interval", "mean", "share" or "warp"
    null: bool = False            # test: its null is true in the simulation
    truth: float | None = None    # interval: the simulated value (None: per replicate)
    method: str = ""              # warp: the bootstrap interval type (warp.WARP_METHODS)
    scale: str = "linear"         # warp: deviations on this scale
    bounds: tuple | None = None   # warp: the interval clipped to these, as reported


@dataclass
class _Design:
    """How to simulate from one fit and refit; built by a results class's
    ``_calibration_design(null)`` hook. ``simulate(rng)`` returns one data set;
    ``measure(data, alpha, rng)`` refits it and returns ``{name: record}`` with
    ``{"reject": bool}`` for tests and ``{"lower", "upper", "truth"}`` for intervals.
    """

    family: str
    data_kind: str                # "counts" or "events"
    quantities: list
    simulate: object
    measure: object
    facts: list = field(default_factory=list)
    template: object = None       # the data the design simulates (index/columns checks)
    changes: int | None = None    # phase changes in the simulated data (counts designs)
    same_day: bool = True         # simulated sides may move together within a day


def _parse_null(null, sides):
    """``null``: ``(target, source)`` or ``"target<-source"``; ``None`` stays None."""
    if null is None:
        return None
    if isinstance(null, str) and "<-" in null:
        null = tuple(s.strip() for s in null.split("<-", 1))
    if not (isinstance(null, (tuple, list)) and len(null) == 2):
        raise SpecificationError(
            f"null must be (target, source) or 'target<-source', the cross-effect of "
            f"source on target set to zero, e.g. null=('{sides[0]}', '{sides[-1]}'); got "
            f"{null!r}")
    target, source = (str(s) for s in null)
    for what, s in (("target", target), ("source", source)):
        if s not in sides:
            raise SpecificationError(f"null: the {what} {s!r} is not a side of the fit; "
                                     f"sides are {list(sides)}")
    return target, source


def _record_interval(lo, hi, truth):
    return {"lower": float(lo), "upper": float(hi), "truth": float(truth)}


# -- counts ---------------------------------------------------------------------------
def counts_design(results, null=None):
    """The calibration design of a :class:`CountResults` fit (see the module notes)."""
    from ..counts import _window_name
    m = results.model
    if results.cov_type == "bootstrap":
        raise SpecificationError(
            "calibrate() of a cov_type='bootstrap' CountModel fit would run a bootstrap "
            "inside every Monte-Carlo replicate; calibrate the HAC (or nonrobust) fit of "
            "the same model instead")
    null = _parse_null(null, m.sides)
    if null is not None and null[0] != m.response:
        raise SpecificationError(
            f"null: a CountModel of {m.response!r} can only zero effects on its response; "
            f"use null=({m.response!r}, source), got target {null[0]!r}")
    names = list(results.params.index)
    truth = results.params.copy()
    if null is not None:
        for n in names:
            core = n.split(":", 1)[-1]
            if any(core == _window_name(null[1], a, b) for a, b in m.lag_windows):
                truth[n] = 0.0
    theta = truth.to_numpy(float)
    others = [s for s in m.sides if s != m.response]
    horizon = m.lags
    extra = _available(type(results).granger, COUNT_TESTS)
    qs = [Quantity(f"granger[{m.response}<-{s}]{label}", "test",
                   null=bool(np.allclose([truth[n] for n in names if n.split(":", 1)[-1]
                                          in {_window_name(s, a, b)
                                              for a, b in m.lag_windows}], 0.0)))
          for s in others for label in ["", *(f" {x}" for x in extra)]]
    qs += [Quantity(f"coef[{n}]", "interval", truth=float(truth[n])) for n in names]
    qs += [Quantity(f"response_{horizon}d[{m.response}<-{s}]", "interval") for s in others]
    facts = [("Family", f"counts ({m.family}, {results.cov_type} covariance)"),
             ("Simulated", f"{m.response!r} from the fit, {others} as observed")]
    return _Design("counts", "counts", qs,
                   partial(_simulate_counts, m, theta),
                   partial(_measure_counts, results, theta, others, horizon),
                   facts, template=m.counts,
                   changes=sum(str(c).startswith("phase") for c in m.exog_names))


def _simulate_counts(m, theta, rng):
    from ..counts import _TRANSFORMS, _window_name
    g = _TRANSFORMS[m.lag_transform]
    X = m.exog.to_numpy()
    cols = m.exog_names
    ncol = len(cols)
    Y = m.counts.to_numpy().copy()
    r = m.sides.index(m.response)
    L = m.lags
    hurdle = m.family.startswith("hurdle")
    parts = [theta[:ncol]] + ([theta[ncol:2 * ncol]] if hurdle else [])
    own = [cols.index(_window_name(m.response, a, b)) for a, b in m.lag_windows]
    fixed = [X @ p - X[:, own] @ p[own] for p in parts]
    disp = theta[-1] if m.family in ("negbin", "hurdle") else None
    y = Y[:, r].astype(float)
    for t in range(L, len(Y)):
        lagged = g(np.array([y[t - b:t - a + 1].sum() for a, b in m.lag_windows]))
        etas = [f[t - L] + lagged @ p[own] for f, p in zip(fixed, parts)]
        if not hurdle:
            mu = math.exp(min(etas[0], 30.0))
            lam = mu if disp is None or disp <= 1e-8 else rng.gamma(1 / disp, disp * mu)
            y[t] = rng.poisson(lam)
        else:
            if rng.random() >= special.expit(etas[0]):
                y[t] = 0
                continue
            mu = math.exp(min(etas[1], 30.0))
            if disp is None or disp <= 1e-8:
                dist = stats.poisson(mu)
            else:
                dist = stats.nbinom(1 / disp, 1 / (1 + disp * mu))
            p0 = float(dist.pmf(0))
            y[t] = max(1.0, float(dist.ppf(p0 + rng.random() * (1 - p0))))
    Y[:, r] = y.astype(Y.dtype)
    return pd.DataFrame(Y, index=m.counts.index, columns=m.sides)


def _refit_counts(results, counts):
    """The fit's specification on other counts (same index, deterministic terms)."""
    from ..counts import _TRANSFORMS, _window_block
    m = results.model
    values = counts.to_numpy()
    new = copy.copy(m)
    lagged, _ = _window_block(values, m.sides, m.lag_windows)
    X = m.exog.to_numpy().copy()
    X[:, m._n_det:] = _TRANSFORMS[m.lag_transform](lagged)
    new.counts = counts
    new._lags_raw = lagged
    new.exog = pd.DataFrame(X, index=m.exog.index, columns=m.exog.columns)
    new.endog = counts[m.response].iloc[m.lags:].rename(m.response)
    if m.family.startswith("hurdle") and not (new.endog.to_numpy() > 0).any():
        raise SpecificationError("no events of the response in a simulated series")
    return new.fit(cov_type=results.cov_type, hac_lags=results.hac_lags)


def _measure_counts(results, theta, others, horizon, data, alpha, rng, tests_only=False):
    m = results.model
    res = _refit_counts(results, data)
    out = {}
    for s in others:
        out[f"granger[{m.response}<-{s}]"] = {
            "reject": bool(res.granger(s).pvalue < alpha)}
        for label, kw in _available(type(res).granger, COUNT_TESTS).items():
            out[f"granger[{m.response}<-{s}] {label}"] = {
                "reject": bool(res.granger(s, rng=rng, **kw).pvalue < alpha)}
    if tests_only:
        return out
    ci = res.conf_int(alpha)
    for n, v in zip(results.params.index, theta):
        out[f"coef[{n}]"] = _record_interval(ci.loc[n, "lower"], ci.loc[n, "upper"], v)
    for s in others:
        cur = res.response_curve(s, horizon=horizon, alpha=alpha).iloc[-1]
        true = float(np.sum(res._response_vector(theta, s, horizon, "mean")))
        out[f"response_{horizon}d[{m.response}<-{s}]"] = _record_interval(
            cur["lower"], cur["upper"], true)
    return out


# -- VAR ------------------------------------------------------------------------------
#: The Granger tests the VAR design measures: label -> keywords of VARResults.granger
#: (those of a bootstrap p-value also get the replicate's ``rng``). 199 bootstrap draws
#: per test and replicate: enough for the rejection decision at 5% (a p-value's
#: resolution of 1/200), where the notebooks use 999.
VAR_TESTS = {"F (OLS)": {"kind": "f", "cov_type": "nonrobust"},
             "Wald (HC1)": {"kind": "wald", "cov_type": "HC1"},
             "Wald (HC3)": {"kind": "wald", "cov_type": "HC3"},
             "wild bootstrap (HC3)": {"kind": "wald", "cov_type": "HC3", "bootstrap": "wild",
                                      "n_boot": 199}}
#: The VAR's instantaneous-causality tests: label -> keywords.
INST_TESTS = {"Wald": {}, "Wald (HC0)": {"cov_type": "HC0"}}
#: The extra Granger tests of a CountModel fit (the default is the fit's Wald test).
COUNT_TESTS = {"score bootstrap": {"bootstrap": "score", "n_boot": 199}}


def _available(method, tests):
    """The tests whose keywords ``method`` accepts (older versions lack some)."""
    import inspect
    params = inspect.signature(method).parameters
    out = {}
    for label, kw in tests.items():
        if kw.get("cov_type") == "HC3" and "HC3" not in (method.__doc__ or ""):
            continue
        if all(k in params for k in kw):
            out[label] = kw
    return out


def var_design(results, null=None):
    """The calibration design of a :class:`VARResults` fit (see the module notes)."""
    m = results.model
    null = _parse_null(null, m.sides)
    B = results._B.copy()                      # (m, k): rows terms, columns equations
    k, p, nd = results.k, results.k_ar, results.n_det
    if null is not None:
        i, j = m.sides.index(null[0]), m.sides.index(null[1])
        for lag in range(1, p + 1):
            B[nd + (lag - 1) * k + j, i] = 0.0
    pairs = [(a, b) for a in m.sides for b in m.sides if a != b]
    qs = []
    for a, b in pairs:
        ia, ib = m.sides.index(a), m.sides.index(b)
        is_null = bool(np.allclose([B[nd + (lag - 1) * k + ib, ia]
                                    for lag in range(1, p + 1)], 0.0))
        qs += [Quantity(f"granger[{a}<-{b}] {label}", "test", null=is_null)
               for label in _available(type(results).granger, VAR_TESTS)]
    # the instantaneous-causality Wald test of every pair: resampled residual rows keep
    # the same-day correlation of the fit, so its null holds only where that is 0
    corr = np.corrcoef(results._resid, rowvar=False)
    qs += [Quantity(_instantaneous_name(a, b, label), "test",
                    null=bool(abs(corr[m.sides.index(a), m.sides.index(b)]) < 1e-12))
           for a, b in _unordered(m.sides)
           for label in _available(type(results).instantaneous_causality, INST_TESTS)]
    for a in m.sides:
        for b in m.sides:
            qs.append(Quantity(f"coef[{a}: {b}.L1]", "interval",
                               truth=float(B[nd + m.sides.index(b), m.sides.index(a)])))
    facts = [("Family", f"var (VAR({p}), lags re-selected by "
                        f"{m.criterion or 'none (fixed)'} in each refit)"),
             ("Simulated", "fitted coefficients, resampled residual rows")]
    return _Design("var", "counts", qs, partial(_simulate_var, results, B),
                   partial(_measure_var, results, pairs, B), facts, template=m.counts)


def _simulate_var(results, B, rng):
    m = results.model
    Y = m.counts.to_numpy(float).copy()
    k, p, nd = results.k, results.k_ar, results.n_det
    det = results._z[:, :nd]
    resid = results._resid
    draw = resid[rng.integers(0, len(resid), size=len(det))]
    A = B[nd:]                                              # (k p, k)
    for t in range(p, len(Y)):
        lags = Y[t - p:t][::-1].ravel()                     # y_{t-1}, ..., y_{t-p}
        Y[t] = det[t - p] @ B[:nd] + lags @ A + draw[t - p]
    return pd.DataFrame(Y, index=m.counts.index, columns=m.sides)


def _measure_var(results, pairs, B, data, alpha, rng, tests_only=False):
    m = copy.copy(results.model)
    m.counts = data.astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = m.fit()
    out = {}
    for a, b in pairs:
        for label, kw in _available(type(res).granger, VAR_TESTS).items():
            if "bootstrap" in kw:
                kw = {**kw, "rng": rng}
            out[f"granger[{a}<-{b}] {label}"] = {
                "reject": bool(res.granger(a, b, **kw).pvalue < alpha)}
    for a, b in _unordered(m.sides):
        for label, kw in _available(type(res).instantaneous_causality, INST_TESTS).items():
            out[_instantaneous_name(a, b, label)] = {
                "reject": bool(res.instantaneous_causality(a, b, **kw).pvalue < alpha)}
    if tests_only:
        return out
    ci = res.conf_int(alpha)
    nd = results.n_det
    for a in m.sides:
        for b in m.sides:
            row = _var_coef_row(res, a, b)
            true = float(B[nd + m.sides.index(b), m.sides.index(a)])
            out[f"coef[{a}: {b}.L1]"] = _record_interval(
                ci.iloc[row]["lower"], ci.iloc[row]["upper"], true)
    return out


def _unordered(sides):
    return [(a, b) for i, a in enumerate(sides) for b in sides[i + 1:]]


def _instantaneous_name(a, b, label="Wald"):
    """The test of zero same-day residual covariance of ``a`` and ``b`` (symmetric)."""
    return f"instantaneous[{a},{b}] {label}"


def _var_coef_row(res, eq, side):
    """Position in ``res.params`` of the lag-1 coefficient of ``side`` in ``eq``'s
    equation (equation-major, as ``VARResults.params``)."""
    mcols = res._z.shape[1]
    return res.sides.index(eq) * mcols + res.n_det + res.sides.index(side)


# -- CountHawkes ----------------------------------------------------------------------
def count_hawkes_design(results, null=None):
    """The calibration design of a :class:`CountHawkesResults` fit."""
    m = results.model
    null = _parse_null(null, m.sides)
    theta = results.theta.copy()
    a_sl = m._layout()[0]["a"]
    if null is not None:
        theta[a_sl.start + m.sides.index(null[0]) * m.k + m.sides.index(null[1])] = 0.0
    a = theta[a_sl]
    truth = pd.Series(results._natural(theta), index=results.params.index)
    qs = []
    for i, t in enumerate(m.sides):
        for j, s in enumerate(m.sides):
            if i != j:
                qs.append(Quantity(f"excitation[{t}<-{s}] > 0", "test",
                                   null=bool(a[i * m.k + j] == 0.0)))
    qs += [Quantity(f"{n}", "interval", truth=float(v)) for n, v in truth.items()]
    qs.append(Quantity("spectral_radius", "interval",
                       truth=float(np.max(np.abs(np.linalg.eigvals(a.reshape(m.k, m.k)))))))
    qs += [Quantity(f"attribution[{t}<-{s}]", "interval")
           for t in m.sides for s in ["endemic"] + m.sides]
    facts = [("Family", f"count_hawkes ({m.family}, max_lag {m.max_lag})"),
             ("Simulated", "CountHawkesResults.simulate (phases, dispersion, pre-sample)")]
    # the kernels start at lag 1 and the sides are drawn independently given the past:
    # no same-day dependence (the null of the VAR's instantaneous-causality test)
    return _Design("count_hawkes", "counts", qs, partial(_simulate_count_hawkes, results, theta),
                   partial(_measure_count_hawkes, results, theta), facts, template=m.counts,
                   changes=sum(str(c).startswith("phase") for c in m.endemic_names[1:]),
                   same_day=False)


def _simulate_count_hawkes(results, theta, rng):
    return results.simulate(rng, theta=theta)


def _refit_count_hawkes(results, counts):
    m = results.model
    L = m.max_lag
    Y = counts.to_numpy()
    if np.any(Y[L:].sum(axis=0) == 0):
        raise SpecificationError("a side has no events in a simulated series")
    new = copy.copy(m)
    n = len(Y)
    new.counts = counts
    new._Y, new._y = Y, Y[L:]
    new._Ylag = np.stack([Y[L - l:n - l] for l in range(1, L + 1)], axis=1)
    # the bootstrap's refit: one optimisation started at the estimates, restarted where
    # the line search stopped (CountHawkes.bootstrap)
    from ..count_hawkes import CountHawkesResults
    best = new._optimize(results.theta)
    if not best.success:
        again = new._optimize(best.x)
        best = again if again.fun <= best.fun else best
    if not np.isfinite(best.fun) or best.fun >= 1e299:
        raise SpecificationError("the likelihood could not be evaluated on a simulated series")
    return CountHawkesResults(new, best.x, optimizer=best, _quiet=True)


def _measure_count_hawkes(results, theta, data, alpha, rng, tests_only=False):
    res = _refit_count_hawkes(results, data)
    m = res.model
    out = {}
    # "excitation > 0": the Hessian interval's lower end (0 for an entry on its bound)
    _, lo_a, _, _ = res._interval("a", alpha, "hessian")
    a_start = m._layout()[0]["a"].start
    for i, t in enumerate(m.sides):
        for j, s in enumerate(m.sides):
            if t != s:
                n = i * m.k + j
                out[f"excitation[{t}<-{s}] > 0"] = {
                    "reject": bool(not res._fixed[a_start + n] and lo_a[n] > 0)}
    if tests_only:
        return out
    # an excitation whose true value is 0 and whose estimate sits on the bound 0 has
    # the interval [0, profile upper limit], which contains 0 whatever the upper limit:
    # its (expensive) profile is not computed here, and its width is not counted
    true_a = theta[m._layout()[0]["a"]]
    for n in range(m.k * m.k):
        if res._fixed[a_start + n] and true_a[n] == 0.0:
            res._profile_cache[(a_start + n, alpha)] = np.inf
    br = res.branching_conf_int(alpha)
    for (t, s), row in br.iterrows():
        out[f"branching[{t}<-{s}]"] = _record_interval(row["lower"], row["upper"],
                                                        true_a[m.sides.index(t) * m.k
                                                               + m.sides.index(s)])
    ci = res.conf_int(alpha)
    true = results._natural(theta)
    for n, v in zip(results.params.index, true):
        out[n] = _record_interval(ci.loc[n, "lower"], ci.loc[n, "upper"], v)
    lo, hi = res.spectral_radius_conf_int(alpha)
    a = res._derived(theta, "a").reshape(m.k, m.k)
    out["spectral_radius"] = _record_interval(lo, hi, np.max(np.abs(np.linalg.eigvals(a))))
    att = res.attribution(alpha)
    att_true = res._derived(theta, "attribution")
    for (row, v) in zip(att.iterrows(), att_true):
        (t, s), r = row
        out[f"attribution[{t}<-{s}]"] = _record_interval(r["lower"], r["upper"], v)
    return out


# -- phases (change points) ------------------------------------------------------------
def phases_design(results, null=None, n_true=None):
    """The calibration design of a :class:`PhaseResults` fit: piecewise-constant
    Poisson/NB counts with the fitted phases, rates and dispersions (or, with
    ``simulator=``, the simulator's data and its number of phase changes)."""
    if null is not None:
        raise SpecificationError(
            "null= does not apply to change points (there is no cross-effect); use "
            "simulator= (e.g. a CountHawkes fit) for the number of changes under "
            "self-excitation")
    m = results.model
    n_true = results.n_changes if n_true is None else int(n_true)
    qs = [Quantity("changes found (mean)", "mean", truth=float(n_true)),
          Quantity("spurious changes (mean)", "mean", truth=0.0),
          Quantity("more changes than true", "test", null=True),
          Quantity("fewer changes than true", "share")]
    facts = [("Family", f"phases ({m.family}, penalty {m.penalty!r} x "
                        f"{getattr(m, 'penalty_scale', 1.0):g}, min_size {m.min_size})"),
             ("Simulated", f"the fitted phases ({n_true} changes), rates and dispersion")]
    return _Design("phases", "counts", qs, partial(_simulate_phases, results),
                   partial(_measure_phases, results, n_true), facts,
                   template=m.counts, changes=n_true)


def _simulate_phases(results, rng):
    m = results.model
    lam = results.fitted.to_numpy(float)
    alpha = results.dispersion.to_numpy(float)[None, :]
    if results.family == "negbin":
        a = np.maximum(alpha, 1e-8)
        lam = np.where(lam > 0, rng.gamma(1 / a, a * np.maximum(lam, 1e-300)), 0.0)
    y = rng.poisson(lam)
    return pd.DataFrame(y, index=m.counts.index, columns=m.sides)


def _measure_phases(results, n_true, data, alpha, rng, tests_only=False):
    from ..phases import ChangePointModel
    m = results.model
    extra = ({"penalty_scale": m.penalty_scale} if getattr(m, "penalty_scale", 1.0) != 1.0
             else {})
    new = ChangePointModel(data, family=m.family, penalty=m.penalty, min_size=m.min_size,
                           method=m.method, dispersion=m.dispersion, **extra).fit()
    k = new.n_changes
    return {"changes found (mean)": {"value": float(k)},
            "spurious changes (mean)": {"value": float(max(k - n_true, 0))},
            "more changes than true": {"reject": bool(k > n_true)},
            "fewer changes than true": {"reject": bool(k < n_true)}}


# -- Hawkes ---------------------------------------------------------------------------
def hawkes_design(results, null=None, n_boot=0):
    """The calibration design of a continuous-time Hawkes fit (one fit, or a jitter
    ensemble: refitted the same way). Besides the Wald (or Rubin) intervals it measures
    their log-scale form (``... log-Wald``: ``exp(log est +- z se / est)``, undefined at
    an estimate of 0) and, with ``n_boot``, the re-rounded parametric bootstrap of every
    refit (``... bootstrap percentile`` / ``basic`` / ``bc``, and the spectral radius),
    the intervals notebooks report."""
    ens = hasattr(results, "fits")
    base = results.fits[0] if ens else results
    m = results.model
    null = _parse_null(null, m.sides)
    sim = copy.copy(base)
    sim._alpha = base._alpha.copy()
    if ens:      # simulate from the pooled estimates
        P = m.n_phases
        pooled = results.params
        sim._mu = pooled.iloc[:m.n_sides * P].to_numpy(float).reshape(base._mu.shape).copy()
        sim._alpha = pooled.iloc[m.n_sides * P:m.n_sides * P + base._alpha.size] \
            .to_numpy(float).reshape(base._alpha.shape).copy()
        if m.estimate_decay:
            nb = base._theta.size
            sim._theta = np.log(pooled.iloc[-nb:].to_numpy(float)).copy()
            sim._beta = base._beta * 0 + _beta_from(base, sim._theta)
    truth = sim.params.copy()
    if null is not None:
        i, j = m.sides.index(null[0]), m.sides.index(null[1])
        sim._alpha[i, j] = 0.0
        truth = sim.params.copy()
    exact = [np.asarray(m._exact[i], bool) if m._exact is not None else None
             for i in range(m.n_sides)]
    share_exact = [None if e is None else (float(e.mean()) if e.size else 1.0)
                   for e in exact]
    qs = []
    for i, t in enumerate(m.sides):
        for j, s in enumerate(m.sides):
            if i != j:
                qs.append(Quantity(f"excitation[{t}<-{s}] > 0", "test",
                                   null=bool(np.all(sim._alpha[i, j] == 0))))
    qs += [Quantity(n, "interval", truth=float(v)) for n, v in truth.items()]
    qs += [Quantity(f"{n} log-Wald", "interval", truth=float(v)) for n, v in truth.items()]
    if n_boot:
        rho = float(np.max(np.abs(np.linalg.eigvals(sim._alpha.sum(axis=2)))))
        boot_truth = {**{n: float(v) for n, v in truth.items() if n.startswith("branching")},
                      "spectral_radius": rho}
        qs += [Quantity(f"{n} bootstrap {how}", "interval", truth=v)
               for how in _BOOT_METHODS for n, v in boot_truth.items()]
        truth = (truth, boot_truth)
    how = f"fit_jitter ({results.n_jitter} copies)" if ens else "fit"
    facts = [("Family", f"hawkes ({how})"),
             ("Simulated", "simulate_times, then day rounding in the data's share of "
                           "events without a time of day")]
    if n_boot:
        facts.append(("Bootstrap", f"{n_boot} re-rounded parametric refits per replicate"))
    return _Design("hawkes", "events", qs, partial(_simulate_hawkes, sim, share_exact),
                   partial(_measure_hawkes, results, truth, ens, n_boot), facts)


#: The bootstrap interval types measured with ``calibrate(..., n_boot=)``.
_BOOT_METHODS = ("percentile", "basic", "bc")


def _beta_from(base, theta):
    """Decays per (target, source, component) from the decay parameters ``theta``
    (log scale), with the model's map."""
    m = base.model
    return np.exp(theta)[m._bmap]


def _simulate_hawkes(sim, share_exact, rng):
    from ...data import EventTimes
    m = sim.model
    arr = sim.simulate_times(rng, max_events=max(100_000, 50 * m.nobs))
    if arr is None:
        raise SpecificationError("a simulated series exceeded the event limit (explosive)")
    if m._exact is None and m.origin is None:
        return [np.sort(a) for a in arr]
    times, exact = {}, {}
    for s, a, share in zip(m.sides, arr, share_exact):
        ex = rng.random(a.size) < (1.0 if share is None else share)
        t = np.where(ex, a, np.floor(a) + 0.5)
        order = np.argsort(t, kind="stable")
        times[s], exact[s] = t[order], ex[order]
    return EventTimes(times, m.origin, m.end_time, exact)


def _measure_hawkes(results, truth, ens, n_boot, data, alpha, rng, tests_only=False):
    from ..hawkes import Hawkes
    m = results.model
    model = Hawkes(data, end_time=m.end_time, phases=m.phases, sides=m.sides, **m._spec)
    if ens:
        res = model.fit_jitter(results.n_jitter, rng=rng, progress=False)
    else:
        res = model.fit()
    ci = res.conf_int(alpha)
    out = {}
    for t in m.sides:
        for s in m.sides:
            if t != s:
                lo = ci.filter(like=f"branching[{t}<-{s}]", axis=0)["lower"]
                out[f"excitation[{t}<-{s}] > 0"] = {"reject": bool((lo > 0).any())}
    if tests_only:
        return out
    truth, boot_truth = truth if n_boot else (truth, {})
    log_ci = res.conf_int(alpha, scale="log")
    for n, v in truth.items():
        out[n] = _record_interval(ci.loc[n, "lower"], ci.loc[n, "upper"], v)
        out[f"{n} log-Wald"] = _record_interval(log_ci.loc[n, "lower"],
                                                log_ci.loc[n, "upper"], v)
    if n_boot:
        boot = res.bootstrap(n_boot, rng=rng, progress=False)   # re-rounded (default)
        for how in _BOOT_METHODS:
            b = boot.branching_conf_int(alpha, method=how)
            for n, v in boot_truth.items():
                if n == "spectral_radius":
                    lo, hi = boot.spectral_radius_conf_int(alpha, method=how)
                else:
                    t, s_ = n[n.index("[") + 1:n.index("]")].split("<-")
                    lo, hi = b.loc[(t, s_), "lower"], b.loc[(t, s_), "upper"]
                out[f"{n} bootstrap {how}"] = _record_interval(lo, hi, v)
    return out
