r"""Calibration as a feature: the size of every test and the coverage of every interval,
measured in the regime of *your* data.

:func:`calibrate` takes a fitted results object of any supported family, simulates
``n_sim`` data sets from the fit (or from a stated null: the fit with one cross-effect
set to zero), refits each with the same specification, and reports how often each test
the family reports rejects at the nominal level (its *empirical size* where its null is
true) and how often each interval covers the value it was simulated with (its *empirical
coverage*), each with its Monte-Carlo standard error. The simulated data keep what makes
the regime hard: the same window and phases, the fitted dispersion, the observed
pre-sample and, for event times, day rounding (events without a time of day are placed
at the middle of their day, as :func:`analysis.to_events` does, in the share of the data).

Families and what is simulated and measured (the *design*, provided by each results
class as a private ``_calibration_design`` hook):

``counts`` (:class:`~analysis.models.counts.CountResults`: negative binomial, Poisson PML, hurdle)
    The response side is simulated recursively from the fitted conditional distribution
    (its own lags feed back), the other sides are held as observed (the regression
    conditions on them). Measured: the Granger Wald test of every other side, the
    interval of every coefficient and of the cumulative response over ``L`` days (its
    true value recomputed on each simulated series).
``var`` (:class:`~analysis.models.var.VARResults`)
    Recursive simulation with the fitted coefficients and resampled residual rows (the
    heavy tails of the data kept; the lag order is re-selected by the model's criterion
    in every refit). Measured: the Granger F (OLS) and HC1 Wald tests in every
    direction, and the intervals of the lag-1 coefficients.
``count_hawkes`` (:class:`~analysis.models.count_hawkes.CountHawkesResults`)
    :meth:`CountHawkesResults.simulate` (phases, NB dispersion, observed pre-sample).
    Measured: "excitation > 0" (the Hessian interval of an off-diagonal entry excludes
    0), the Hessian intervals of the branching entries, of the spectral radius, of the
    attribution shares and of the other parameters.
``hawkes`` (:class:`~analysis.models.hawkes_results.HawkesResults` and :class:`~analysis.models.hawkes_inference.HawkesJitterResults`)
    :meth:`HawkesResults.simulate_times`, then the data's day rounding; refitted as the
    results were (one fit, or ``fit_jitter`` with the same number of copies). Measured:
    "excitation > 0" (Wald interval of an off-diagonal entry excludes 0), the Wald
    (or Rubin) intervals of every parameter and their log-scale form (``log-Wald``);
    with ``n_boot``, the re-rounded parametric bootstrap intervals (percentile, basic,
    bias-corrected) of the branching entries and the spectral radius.

``phases`` (:class:`~analysis.models.phases.PhaseResults`)
    Piecewise-constant Poisson/NB counts with the fitted phases and dispersion (or, with
    ``simulator=``, e.g. a self-exciting CountHawkes fit with phases, the regime where
    change-point methods find spurious changes). Measured: the mean number of changes
    found and of spurious ones, the share of replicates with more changes than
    simulated (the spurious-change rate, read as a size at 5%) and with fewer.

``deterrence`` (:class:`~analysis.models.deterrence.DeterrenceResults`)
    Simulates nothing itself: daily counts come from ``simulator=`` (e.g. the
    self-exciting count model with the striker's effect on the attacker set to zero),
    each event an incident row dated to its day; refitted with the same specification.
    Measured: the Wald test of HR = 1 (cluster-robust; with ``n_boot``, also with the
    block-bootstrap standard error of the clocks), as a size where the simulator has no
    effect of the striker on the attacker.

Not covered yet: response lags; bootstrap intervals other than the Hawkes and
deterrence ones of ``n_boot`` (a bootstrap inside every Monte-Carlo replicate). The data-calibrated study of ``benchmarks/validate_regime.py``
(``make validate``) runs these designs on the bundled case; its committed table is read
by :func:`measured_coverage`.

``simulator=``: the data may come from another family's fit (e.g. a VAR's Granger tests
under a null simulated from the self-exciting count model, the regime the VAR does not
assume). Then only the tests are measured (the target's parameters have no true value
in another model), each as a size where its null is true in the simulator.
"""

from __future__ import annotations

import copy
import math
import warnings
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import special, stats

from ..exceptions import SpecificationError
from ..reporting import Summary
from .base import (ModelResults, as_rng, check_alpha, check_choice, check_positive_int,
                   guarded, replicate_seeds, run_replicates)

__all__ = ["calibrate", "CalibrationResults", "measured_coverage", "REGIME_RESULTS"]

#: The committed table of the data-calibrated Monte Carlo (``make validate``).
REGIME_RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / \
    "validate_regime.csv"

#: The acceptance bands of the inference standard (size 3-7% at 5%, coverage 93-97% at
#: 95%), scaled to other levels as the same relative tolerance.
SIZE_BAND = (0.03, 0.07)
COVERAGE_BAND = (0.93, 0.97)


# --------------------------------------------------------------------------------------
# Designs
# --------------------------------------------------------------------------------------
@dataclass
class Quantity:
    """One measured test or interval of a design."""

    name: str
    kind: str                     # "test", "interval", "mean" or "share"
    null: bool = False            # test: its null is true in the simulation
    truth: float | None = None    # interval: the simulated value (None: per replicate)


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
    from .counts import _window_name
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
    from .counts import _TRANSFORMS, _window_name
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
    from .counts import _TRANSFORMS, _window_block
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
    return _Design("count_hawkes", "counts", qs, partial(_simulate_count_hawkes, results, theta),
                   partial(_measure_count_hawkes, results, theta), facts, template=m.counts,
                   changes=sum(str(c).startswith("phase") for c in m.endemic_names[1:]))


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
    from .count_hawkes import CountHawkesResults
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
    from .phases import ChangePointModel
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
    from ..data import EventTimes
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
    from .hawkes import Hawkes
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


# --------------------------------------------------------------------------------------
# The runner
# --------------------------------------------------------------------------------------
def _design_of(results, null):
    hook = getattr(results, "_calibration_design", None)
    if hook is None:
        raise SpecificationError(
            f"calibrate() supports counts (CountResults), var (VARResults), count_hawkes "
            f"(CountHawkesResults), hawkes (HawkesResults, HawkesJitterResults), phases "
            f"(PhaseResults) and deterrence (DeterrenceResults) fits; "
            f"got {type(results).__name__}")
    return hook(null)


def _one(sim_design, target_design, tests_only, alpha, seed):
    rng = np.random.default_rng(seed)
    data = guarded(sim_design.simulate, rng)
    if data is None:
        return None
    return guarded(target_design.measure, data, alpha, rng, tests_only=tests_only)


def calibrate(results, n_sim=500, *, rng, null=None, simulator=None, alpha=0.05,
              what="all", n_boot=0, n_jobs=1, progress=None) -> "CalibrationResults":
    r"""Empirical size of the tests and coverage of the intervals of a fit, in its regime.

    Simulates ``n_sim`` data sets from the fitted model (or from ``null``, the fit with
    one cross-effect set to zero), refits each with the same specification, and counts
    how often each reported test rejects at level ``alpha`` and how often each interval
    at level ``1 - alpha`` covers the value the data were simulated with. What each
    family simulates and measures is listed in :mod:`analysis.models.calibration`.

    Parameters
    ----------
    results : CountResults, VARResults, CountHawkesResults, HawkesResults, HawkesJitterResults or PhaseResults
        A fit to calibrate (its specification is reused for every refit).
    n_sim : int
        Monte-Carlo replications (at least 2; 500 or more for a table that a referee
        reads: the Monte-Carlo standard error of a 5% size is then about 1 point).
    rng : numpy.random.Generator or int
        Seed of the whole study (``None`` is refused). Each replicate draws from its
        own seed, drawn up front, so the result does not depend on ``n_jobs``.
    null : (target, source) or "target<-source", optional
        Simulate with the effect of ``source`` on ``target`` set to zero (the other
        parameters as fitted): tests of that effect then measure their size.
    simulator : results, optional
        Another fit that supplies the simulated data (same data kind: counts with the
        same index and columns, or events); ``null`` applies to it. Only tests are
        measured then.
    alpha : float
        Nominal level of the tests (intervals at ``1 - alpha``).
    what : {"all", "tests"}
        Measure tests and intervals, or tests only (faster where intervals need a
        profile likelihood, e.g. CountHawkes excitations estimated at 0).
    n_boot : int
        Also measure the bootstrap with ``n_boot`` refits inside every replicate (0: not
        measured; the cost is ``n_sim * n_boot`` extra fits): for continuous-time Hawkes
        fits the re-rounded parametric bootstrap intervals (percentile, basic,
        bias-corrected) of the branching entries and the spectral radius; for deterrence
        fits the Wald test with the block-bootstrap standard error of the clocks.
    n_jobs : int
        Processes (-1: every core); results identical for any ``n_jobs``.
    progress : bool, optional
        A progress bar (default: on, except under pytest).

    Returns
    -------
    CalibrationResults
        ``table`` with one row per test and interval: empirical size (tests whose null
        holds) or rejection rate (others), empirical coverage, Monte-Carlo standard
        errors; ``summary()``, ``plot_calibration()``.

    Raises
    ------
    SpecificationError
        ``rng=None``, an unsupported results object, a bad ``null``, ``n_sim`` or
        ``alpha``, or a ``simulator`` whose data do not fit the model.

    Examples
    --------
    >>> import analysis
    >>> from analysis.models.calibration import calibrate
    >>> y = analysis.simulate_count_hawkes(400, [0.3, 0.2], [[0.2, 0.0], [0.3, 0.1]],
    ...                                    max_lag=5, sides=["a", "b"], rng=1)
    >>> fit = analysis.CountModel(y, "a", lags=[(1, 5)], family="poisson").fit()
    >>> cal = calibrate(fit, n_sim=20, rng=2, null=("a", "b"))   # doctest: +SKIP
    >>> cal.table.loc["granger[a<-b]", "empirical"]              # doctest: +SKIP
    """
    rng = as_rng(rng)
    n_sim = check_positive_int("n_sim", n_sim, minimum=2)
    alpha = check_alpha(alpha)
    check_choice("what", what, ["all", "tests"])
    target = _design_of(results, None if simulator is not None else null)
    if target.simulate is None and simulator is None:
        raise SpecificationError(f"a {target.family} fit simulates nothing: pass simulator= "
                                 "(e.g. a CountHawkes fit, with null=)")
    if n_boot:
        n_boot = check_positive_int("n_boot", n_boot, minimum=2)
        if target.family == "hawkes" and simulator is None:
            target = hawkes_design(results, null, n_boot=n_boot)
        elif target.family == "deterrence":
            from ._calibration_timing import deterrence_design
            target = deterrence_design(results, n_boot=n_boot)
        else:
            raise SpecificationError(
                "n_boot: bootstrap tests and intervals are measured for continuous-time "
                "Hawkes fits (simulated from themselves) and deterrence fits only; got a "
                f"{target.family} fit" + (" with simulator=" if simulator is not None else ""))
    if simulator is not None:
        source = _design_of(simulator, null)
        if source.data_kind != target.data_kind:
            raise SpecificationError(
                f"simulator: a {source.family} fit simulates {source.data_kind}, but a "
                f"{target.family} fit needs {target.data_kind}")
        if source.template is not None and target.template is not None and not (
                source.template.index.equals(target.template.index)
                and list(source.template.columns) == list(target.template.columns)):
            raise SpecificationError(
                "simulator: its counts must have the same index (days) and columns "
                f"(sides) as the calibrated fit's; got columns "
                f"{list(source.template.columns)} over {len(source.template)} periods vs "
                f"{list(target.template.columns)} over {len(target.template)}")
        if target.family == "phases":
            if source.changes is None:
                raise SpecificationError(
                    f"simulator: a {source.family} fit has no phases to compare the "
                    "changes found with; use a CountModel or CountHawkes fit with phases=")
            target = phases_design(results, n_true=source.changes)
            quantities, tests_only = target.quantities, False
        else:
            # a test's null holds where the simulator has no effect of that source on
            # that target: read it off the simulator's design
            null_pairs = {_pair_of(q.name) for q in source.quantities
                          if q.kind == "test" and q.null}
            quantities = [Quantity(q.name, "test", null=_pair_of(q.name) in null_pairs)
                          for q in target.quantities if q.kind == "test"]
            tests_only = True
    else:
        tests_only = what == "tests"
        source = target
        quantities = [q for q in target.quantities if q.kind == "test" or not tests_only]
    seeds = replicate_seeds(rng, n_sim)
    records = run_replicates(partial(_one, source, target, tests_only, alpha), seeds,
                             n_jobs=n_jobs, progress=progress,
                             desc=f"calibrate {target.family}")
    facts = list(target.facts)
    if simulator is not None:
        facts[1:] = [("Simulated", f"from the {source.family} fit: "
                                   + dict(source.facts).get("Simulated", ""))]
    facts.append(("Null", "none (the fit as estimated)" if null is None
                  else f"{_parse_null(null, (results if simulator is None else simulator).model.sides)[1]} "
                       f"-> {_parse_null(null, (results if simulator is None else simulator).model.sides)[0]} "
                       "set to 0"))
    return CalibrationResults(results, quantities, records, alpha=alpha, facts=facts,
                              family=target.family)


def _pair_of(name):
    """The (target, source) pair of a test named ``...[target<-source]...``."""
    inner = name[name.index("[") + 1:name.index("]")]
    t, s = inner.split("<-", 1)
    return t.split(":")[-1].strip(), s.strip()


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
class CalibrationResults(ModelResults):
    """Results of :func:`calibrate` (do not construct directly).

    Attributes
    ----------
    model : the calibrated fit's model
    calibrated : results
        The fit that was calibrated.
    family : str
        ``"counts"``, ``"var"``, ``"count_hawkes"`` or ``"hawkes"``.
    alpha : float
        Nominal level of the tests (intervals at ``1 - alpha``).
    n_sim : int
        Replications run; ``n_failed`` of them failed to simulate or refit (a side
        without events, a refit that did not converge) and are left out.
    table : DataFrame
        One row per test and interval (index: its name). Columns ``kind`` (``"size"``:
        a test whose null holds in the simulation; ``"rejection rate"``: one whose
        null does not; ``"coverage"``), ``nominal``, ``empirical``, ``mc_se`` (the
        Monte-Carlo standard error :math:`\\sqrt{p(1-p)/n}`), ``n`` (replicates with
        a defined value), ``undefined`` (share of replicates where the interval was
        not defined, e.g. a parameter on its bound), ``miss_below``/``miss_above``
        (share where the truth lies below the lower / above the upper end),
        ``mean_width`` and ``within_band`` (size in 3-7% / coverage in 93-97% at the
        default level, the inference standard; NaN for rejection rates).
    params, bse : Series
        ``table["empirical"]`` and ``table["mc_se"]``.
    records : DataFrame
        Per replicate and quantity: ``reject`` or ``lower``/``upper``/``truth``.
    """

    def __init__(self, results, quantities, records, *, alpha, facts, family):
        self.calibrated = results
        self.model = results.model
        self.family = family
        self.alpha = alpha
        self.n_sim = len(records)
        ok = [r for r in records if r is not None]
        self.n_failed = self.n_sim - len(ok)
        if not ok:
            raise SpecificationError(
                f"all {self.n_sim} calibration replicates failed to simulate or refit; the "
                "fit is too rich for data like these (simplify the specification)")
        self._facts = facts
        rows, recs = {}, []
        for q in quantities:
            vals = [r.get(q.name) for r in ok]
            for i, v in enumerate(vals):
                if v is not None:
                    recs.append({"replicate": i, "quantity": q.name, **v})
            rows[q.name] = self._row(q, vals)
        self.table = pd.DataFrame.from_dict(rows, orient="index")
        self.table.index.name = "quantity"
        self.records = pd.DataFrame(recs)
        self.params = self.table["empirical"].rename("params")

    def _row(self, q, vals):
        a = self.alpha
        if q.kind in ("test", "share"):
            rej = np.array([v["reject"] for v in vals if v is not None], float)
            n = rej.size
            p = float(rej.mean()) if n else np.nan
            kind = "share" if q.kind == "share" else "size" if q.null else "rejection rate"
            band = (SIZE_BAND[0] * a / 0.05, SIZE_BAND[1] * a / 0.05)
            return {"kind": kind, "nominal": a if q.kind == "test" else np.nan,
                    "empirical": p,
                    "mc_se": math.sqrt(p * (1 - p) / n) if n else np.nan, "n": n,
                    "undefined": np.nan, "miss_below": np.nan, "miss_above": np.nan,
                    "mean_width": np.nan,
                    "within_band": (band[0] <= p <= band[1]) if kind == "size" and n
                    else np.nan}
        if q.kind == "mean":
            x = np.array([v["value"] for v in vals if v is not None], float)
            n = x.size
            return {"kind": "mean", "nominal": q.truth, "empirical": float(x.mean()),
                    "mc_se": float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else np.nan,
                    "n": n, "undefined": np.nan, "miss_below": np.nan, "miss_above": np.nan,
                    "mean_width": np.nan, "within_band": np.nan}
        lo = np.array([v["lower"] for v in vals if v is not None], float)
        hi = np.array([v["upper"] for v in vals if v is not None], float)
        tr = np.array([v["truth"] for v in vals if v is not None], float)
        defined = np.isfinite(lo) & ~np.isnan(hi)
        n = int(defined.sum())
        lo, hi, tr = lo[defined], hi[defined], tr[defined]
        tol = 1e-9 * np.maximum(1.0, np.abs(tr))
        cov = (lo - tol <= tr) & (tr <= hi + tol)
        p = float(cov.mean()) if n else np.nan
        w = 1 - a
        band = (1 - (1 - COVERAGE_BAND[0]) * a / 0.05, 1 - (1 - COVERAGE_BAND[1]) * a / 0.05)
        return {"kind": "coverage", "nominal": w, "empirical": p,
                "mc_se": math.sqrt(p * (1 - p) / n) if n else np.nan, "n": n,
                "undefined": 1 - n / len(defined) if len(defined) else np.nan,
                "miss_below": float(np.mean(tr < lo - tol)) if n else np.nan,
                "miss_above": float(np.mean(tr > hi + tol)) if n else np.nan,
                "mean_width": float(np.mean((hi - lo)[np.isfinite(hi - lo)]))
                if np.isfinite(hi - lo).any() else np.nan,
                "within_band": (band[0] <= p <= band[1]) if n else np.nan}

    @property
    def nobs(self) -> int:
        """int: replicates that simulated and refitted (``n_sim - n_failed``)."""
        return self.n_sim - self.n_failed

    @property
    def bse(self) -> pd.Series:
        """Series: Monte-Carlo standard errors of ``params`` (named ``"bse"``)."""
        return self.table["mc_se"].rename("bse")

    def cov_params(self) -> pd.DataFrame:
        """Diagonal covariance of ``params``: squared Monte-Carlo standard errors
        (the rates of different quantities are estimated from the same replicates, so
        they are correlated; the diagonal is what ``conf_int`` uses)."""
        se = self.bse
        return pd.DataFrame(np.diag(se.to_numpy() ** 2), index=se.index, columns=se.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wilson intervals for the empirical rates (Monte-Carlo uncertainty).

        Parameters
        ----------
        alpha : float
            1 - confidence level.

        Returns
        -------
        DataFrame
            Index the quantities; columns ``lower``, ``upper``.
        """
        alpha = check_alpha(alpha)
        z = stats.norm.ppf(1 - alpha / 2)
        p, n = self.table["empirical"].to_numpy(float), self.table["n"].to_numpy(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = (p + z * z / (2 * n)) / (1 + z * z / n)
            h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return pd.DataFrame({"lower": c - h, "upper": c + h}, index=self.table.index)

    def sizes(self) -> pd.DataFrame:
        """The rows of ``table`` for tests (size or rejection rate)."""
        return self.table[self.table["kind"].isin(["size", "rejection rate"])]

    def coverages(self) -> pd.DataFrame:
        """The rows of ``table`` for intervals."""
        return self.table[self.table["kind"] == "coverage"]

    def summary(self, alpha: float | None = None) -> Summary:
        """The calibration as an :class:`analysis.reporting.Summary` (text, HTML, LaTeX).

        Parameters
        ----------
        alpha : float, optional
            Unused (the levels are those of :func:`calibrate`); accepted for the
            common ``summary(alpha)`` signature.

        Returns
        -------
        analysis.reporting.Summary
        """
        cols = ["kind", "nominal", "empirical", "mc_se", "n", "within_band"]
        t = self.table[cols].copy()
        t["within_band"] = t["within_band"].map(
            lambda v: "" if not isinstance(v, (bool, np.bool_)) else ("yes" if v else "NO"))
        info = [*self._facts, ("Replications", f"{self.nobs} of {self.n_sim} "
                                               f"({self.n_failed} failed)"),
                ("Nominal", f"tests at {self.alpha:g}, intervals at {1 - self.alpha:g}")]
        notes = ["Empirical size: share of replicates in which the test rejects although "
                 "its null holds in the simulation; coverage: share in which the interval "
                 "contains the simulated value; mc_se: Monte-Carlo standard error. "
                 "within_band: size 3-7% / coverage 93-97% (at 5%), the inference "
                 "standard. A rejection rate (a test whose null is false in the "
                 "simulation) is power, not size."]
        und = self.table["undefined"].fillna(0)
        if (und > 0).any():
            notes.append("Intervals not defined in some replicates (parameter on its "
                         "bound) are left out of their coverage: see table['undefined'].")
        s = Summary(f"Calibration ({self.family}): size and coverage in the fit's regime",
                    info=info, tables=[(None, t)], notes=notes)
        for kind, why in [("rejection rate", "a test whose null is false in the "
                                             "simulation has a power, not a size"),
                          ("share", "a share of replicates with no nominal level"),
                          ("mean", "a mean over replicates (nominal: the simulated value)")]:
            rows = [r for r in t.index[t["kind"] == kind] if pd.isna(t.loc[r, "nominal"])]
            if rows:
                s = s.explain_missing(why, rows=rows, columns=["nominal"])
        return s

    def plot_calibration(self, ax=None):
        """Empirical size and coverage with +-2 Monte-Carlo s.e., against the band.

        Parameters
        ----------
        ax : matplotlib Axes or sequence of two, optional
            Axes for the sizes and the coverages (new figure if omitted).

        Returns
        -------
        ndarray of Axes
        """
        from ..plotting import new_figure
        if ax is None:
            _, ax = new_figure("wide", 1, 2)
        axes = np.atleast_1d(ax)
        if axes.size != 2:
            raise SpecificationError("ax must be two axes (sizes, coverages)")
        for a_, part, nominal, band in [
                (axes[0], self.sizes(), self.alpha,
                 tuple(b * self.alpha / 0.05 for b in SIZE_BAND)),
                (axes[1], self.coverages(), 1 - self.alpha,
                 tuple(1 - (1 - b) * self.alpha / 0.05 for b in COVERAGE_BAND))]:
            y = np.arange(len(part))
            a_.axvspan(*band, color="0.9", zorder=0)
            a_.axvline(nominal, color="0.5", lw=0.8)
            a_.errorbar(part["empirical"], y, xerr=2 * part["mc_se"].fillna(0), fmt="o",
                        color="k", ms=3, lw=0.8)
            a_.set_yticks(y)
            a_.set_yticklabels(list(part.index))
            a_.invert_yaxis()
        axes[0].set_xlabel(f"rejection rate at {self.alpha:g} (size where the null holds)")
        axes[1].set_xlabel(f"coverage of {100 * (1 - self.alpha):g}% intervals")
        return axes

    def __repr__(self):
        return (f"<CalibrationResults {self.family}: {len(self.sizes())} tests, "
                f"{len(self.coverages())} intervals; {self.nobs} of {self.n_sim} "
                "replicates>")


# --------------------------------------------------------------------------------------
# The committed table
# --------------------------------------------------------------------------------------
def measured_coverage(family, quantity, *, design="fit", version=None, path=None,
                      study=None) -> dict:
    """The size or coverage measured by the data-calibrated study, for labelling a number.

    Reads the committed table of ``benchmarks/validate_regime.py`` (``make validate``),
    so a notebook can print "95% interval (measured coverage 88%)" beside an interval.

    Parameters
    ----------
    family : str
        ``"counts"``, ``"var"``, ``"count_hawkes"`` or ``"hawkes"`` (as the table's
        ``family`` column).
    quantity : str
        The row name, as in ``CalibrationResults.table`` (e.g.
        ``"branching[us<-militia]"`` or ``"granger[militia<-us] Wald (HC1)"``).
    design : str
        The study's design label (the table's ``design`` column), e.g. ``"fit"`` (data
        simulated from the fit) or ``"null militia<-us"``.
    version : {"before", "after"}, optional
        The run before or after the repairs of issue 18 (the table's ``version``
        column); default the latest the table has for this row.
    path : str or Path, optional
        Another results table (default :data:`REGIME_RESULTS`).
    study : str, optional
        The study's name (the table's ``study`` column, e.g. ``"nb_fit"``): picks one
        fit where several share a family and design (the negative binomial and the
        Poisson PML count models are both ``counts``/``fit``).

    Returns
    -------
    dict
        ``kind``, ``nominal``, ``empirical``, ``mc_se``, ``n``, ``design``,
        ``version`` and ``study``.

    Raises
    ------
    SpecificationError
        No table (run ``make validate``), or no row for this family, design and
        quantity (the error lists the rows there are).
    """
    path = Path(path) if path is not None else REGIME_RESULTS
    if not path.is_file():
        raise SpecificationError(
            f"no calibration table at {path}: run `python benchmarks/validate_regime.py` "
            "(make validate) in a source checkout")
    table = pd.read_csv(path)
    sel = table[(table["family"] == family) & (table["design"] == design)]
    if study is not None:
        sel = sel[sel["study"] == study]
    if sel.empty:
        have = sorted(set(zip(table["family"], table["design"])))
        raise SpecificationError(f"{path.name} has no rows for family={family!r}, "
                                 f"design={design!r}" + (f", study={study!r}" if study else "")
                                 + f"; it has {have}")
    row = sel[sel["quantity"] == quantity]
    if row.empty:
        raise SpecificationError(
            f"{path.name} has no quantity {quantity!r} for {family}/{design}; it has "
            f"{list(sel['quantity'])}")
    if "version" in row:
        if version is not None:
            row = row[row["version"] == version]
            if row.empty:
                raise SpecificationError(f"{path.name} has no {version!r} run of "
                                         f"{quantity!r} for {family}/{design}")
        else:
            row = row.sort_values("version", key=lambda v: v.map({"before": 0, "after": 1}))
            row = row.iloc[[-1]]
    r = row.iloc[-1]
    return {"kind": r["kind"], "nominal": float(r["nominal"]),
            "empirical": float(r["empirical"]), "mc_se": float(r["mc_se"]),
            "n": int(r["n"]), "design": design,
            "version": r["version"] if "version" in r else None,
            "study": r["study"] if "study" in r else None}
