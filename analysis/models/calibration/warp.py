r"""Warp-speed Monte Carlo of bootstrap intervals (Giacomini, Politis & White 2013).

The coverage of a bootstrap interval is a nested Monte Carlo: every simulated data set
needs its own bootstrap of ``B`` refits, ``n_sim * B`` fits in all. The warp-speed
method draws **one** bootstrap resample per Monte-Carlo replicate and pools the
bootstrap deviations :math:`\hat\theta^*_i - \hat\theta_i` across replicates as the
bootstrap law of every replicate: ``n_sim`` extra fits instead of ``n_sim * B``.

:func:`warp_speed_coverage` turns the per-replicate estimates and single bootstrap
draws into intervals and their coverage; :func:`analysis.models.calibration.calibrate`
with ``nested="warp_speed"`` runs the designs below, which record, per replicate, the
refit's estimate, one bootstrap draw of the method the notebooks report, and the true
value:

``var``
    The residual-based moving-block bootstrap (recursive design) of the VAR's total
    responses (day 0 and days 1..H; each side first and generalised; unit shocks).
``count_hawkes``
    The parametric bootstrap of the branching entries, the spectral radius and the
    attribution shares (an entry the refit puts at the bound 0 keeps its profile
    interval, as ``branching_conf_int`` reports it).
``counts``
    The moving-block bootstrap (refits on resampled rows) of the cumulative response
    over ``L`` days.
``hawkes``
    The re-rounded parametric bootstrap of the branching entries and the spectral
    radius (of one fit, or of a jitter ensemble: the draw comes from a copy picked at
    random, as the pooled bootstrap spreads its replicates over the copies).
"""

from __future__ import annotations

import copy
import math
import warnings
from functools import partial

import numpy as np

from ...exceptions import SpecificationError
from ..base import as_rng, check_alpha, check_choice, guarded

from .designs import Quantity

__all__ = ["warp_speed_coverage", "WARP_METHODS"]

#: The interval types measured by warp speed: the percentile interval
#: :math:`[\hat\theta + q_{\alpha/2}, \hat\theta + q_{1-\alpha/2}]` and the basic
#: interval :math:`[\hat\theta - q_{1-\alpha/2}, \hat\theta - q_{\alpha/2}]`, with
#: :math:`q` the quantiles of the pooled deviations (on the log scale for ``scale="log"``).
WARP_METHODS = ("percentile", "basic")


def _warp_ends(est, pool_est, pool_boot, alpha, method, scale, bounds, se):
    """Interval ends for every estimate ``est`` from the deviations pooled over the
    replicates with both ``pool_est`` and ``pool_boot`` (NaN elsewhere), divided by
    ``se`` before pooling and multiplied back (all ones: plain pooling)."""
    def g(x):
        x = np.asarray(x, float)
        if scale == "linear":
            return x
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(x > 0, np.log(np.where(x > 0, x, 1.0)), np.nan)

    with np.errstate(divide="ignore", invalid="ignore"):
        dev = (g(pool_boot) - g(pool_est)) / se
    dev = dev[np.isfinite(dev)]
    if dev.size < 2:
        nan = np.full(np.shape(est), np.nan)
        return nan, nan.copy(), dev.size
    q_lo, q_hi = np.quantile(dev, [alpha / 2, 1 - alpha / 2])
    ge = g(est)
    lo, hi = (ge + q_lo * se, ge + q_hi * se) if method == "percentile" else \
        (ge - q_hi * se, ge - q_lo * se)
    if scale == "log":
        lo, hi = np.exp(lo), np.exp(hi)
    if bounds is not None:
        lo, hi = np.clip(lo, *bounds), np.clip(hi, *bounds)
    return lo, hi, dev.size


def warp_speed_coverage(estimates, boot, truth, *, rng, alpha=0.05, method="percentile",
                        scale="linear", bounds=None, fixed=None, se=None,
                        n_se=200) -> dict:
    r"""Coverage of a bootstrap interval by the warp-speed Monte Carlo.

    Giacomini, Politis & White (2013, *Econometric Theory* 29(3), 567-589): in each of
    ``n`` Monte-Carlo replicates :math:`i` the statistic :math:`\hat\theta_i` is computed
    on the simulated data and **one** bootstrap resample gives :math:`\hat\theta^*_i`.
    The deviations :math:`D_i = \hat\theta^*_i - \hat\theta_i` of all replicates,
    pooled, stand for the bootstrap law of every replicate, so replicate :math:`i`'s
    interval is :math:`[\hat\theta_i + q_{\alpha/2}(D), \hat\theta_i +
    q_{1-\alpha/2}(D)]` (percentile) or :math:`[\hat\theta_i - q_{1-\alpha/2}(D),
    \hat\theta_i - q_{\alpha/2}(D)]` (basic), and the coverage is the share of
    replicates whose interval contains the true value. Assumption: the bootstrap law of
    the deviation varies little across replicates (it depends on the simulated data
    only through quantities that are nearly constant across them); where it varies
    (e.g. with the estimate near a bound) the warp-speed coverage is that of an
    interval whose width is averaged over replicates, and it over-states the nested
    coverage where the bootstrap's width varies from one data set to the next (in
    small or sparse samples: a Poisson mean of 12 observations, nested 91.8%, plain
    warp speed 95.4%). With ``se`` (a standard error of the estimate in each
    replicate, e.g. its Wald or HAC s.e.) the deviations are divided by it before
    pooling and multiplied back, :math:`[\hat\theta_i + \hat s_i q_{\alpha/2}(D/\hat
    s), \ldots]`: the intervals keep the replicate-to-replicate variation of the
    bootstrap's width as far as :math:`\hat s_i` tracks it (the same Poisson mean:
    90.4%). ``n`` fits instead of the ``n * B`` of the nested Monte Carlo.

    Parameters
    ----------
    estimates, boot, truth : array-like
        Per replicate: the estimate, its one bootstrap draw (NaN: the draw failed; left
        out of the pool) and the true value.
    rng : numpy.random.Generator or int
        For the Monte-Carlo standard error (``None`` is refused): the replicates are
        resampled ``n_se`` times and the whole computation (pooled quantiles and
        coverage) repeated, so the s.e. includes the error of the pooled quantiles
        (about :math:`\sqrt 2` times the binomial :math:`\sqrt{p(1-p)/n}`).
    alpha : float
        Intervals at level ``1 - alpha``.
    method : {"percentile", "basic"}
    scale : {"linear", "log"}
        Deviations of :math:`\log\hat\theta` (positive quantities; an estimate or draw
        of 0 has no log and is left out).
    bounds : (float, float), optional
        The interval is clipped to these (e.g. ``(0, inf)`` for a branching entry, as
        the reported interval is).
    fixed : array of (lower, upper), optional
        Per replicate, an interval given directly (NaN where the warp-speed interval
        applies), e.g. the profile interval of an estimate at its bound, which the
        reported interval uses whatever the bootstrap gives; those replicates are left
        out of the pool.
    se : array-like, optional
        Per replicate, a standard error of the estimate on the scale of the deviations
        (studentised pooling, above); a replicate whose ``se`` is not positive and
        finite has no interval (counted in ``undefined``) unless ``fixed`` gives one.
    n_se : int
        Resamples for the Monte-Carlo standard error.

    Returns
    -------
    dict
        ``coverage``, ``mc_se``, ``n`` (replicates with a defined interval),
        ``n_pool`` (deviations pooled), ``undefined`` (share of replicates without an
        interval), ``miss_below``/``miss_above``, ``mean_width``, and per replicate
        ``lower``/``upper`` (arrays).

    Raises
    ------
    SpecificationError
        ``rng=None``, arrays of different lengths, an unknown method or scale, fewer
        than 2 usable deviations.
    """
    rng = as_rng(rng)
    alpha = check_alpha(alpha)
    check_choice("method", method, list(WARP_METHODS))
    check_choice("scale", scale, ["linear", "log"])
    est = np.asarray(estimates, float).ravel()
    bt = np.asarray(boot, float).ravel()
    tr = np.asarray(truth, float).ravel()
    if not (est.size == bt.size == tr.size):
        raise SpecificationError(
            f"estimates, boot and truth must have one value per replicate; got lengths "
            f"{est.size}, {bt.size}, {tr.size}")
    fx = np.full((est.size, 2), np.nan) if fixed is None else \
        np.asarray(fixed, float).reshape(est.size, 2)
    given = np.isfinite(fx).all(axis=1)
    s = np.ones(est.size) if se is None else np.asarray(se, float).ravel()
    if s.size != est.size:
        raise SpecificationError(f"se must have one value per replicate ({est.size}); got "
                                 f"{s.size}")
    s = np.where(np.isfinite(s) & (s > 0), s, np.nan)
    pool_est, pool_boot = np.where(given, np.nan, est), np.where(given, np.nan, bt)

    def ends(idx):
        lo, hi, n_pool = _warp_ends(est[idx], pool_est[idx], pool_boot[idx], alpha,
                                    method, scale, bounds, s[idx])
        return (np.where(given[idx], fx[idx, 0], lo), np.where(given[idx], fx[idx, 1], hi),
                n_pool)

    def cov(idx):
        lo, hi, _ = ends(idx)
        t = tr[idx]
        ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(t)
        tol = 1e-9 * np.maximum(1.0, np.abs(t[ok]))
        return float(np.mean((lo[ok] - tol <= t[ok]) & (t[ok] <= hi[ok] + tol))) \
            if ok.any() else np.nan

    all_idx = np.arange(est.size)
    lo, hi, n_pool = ends(all_idx)
    if n_pool < 2:
        raise SpecificationError(
            f"warp speed needs at least 2 replicates with an estimate and a bootstrap "
            f"draw; got {n_pool}")
    ok = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(tr)
    n = int(ok.sum())
    tol = 1e-9 * np.maximum(1.0, np.abs(tr[ok]))
    inside = (lo[ok] - tol <= tr[ok]) & (tr[ok] <= hi[ok] + tol)
    p = float(inside.mean()) if n else np.nan
    reps = [cov(rng.integers(0, est.size, est.size)) for _ in range(int(n_se))]
    se = float(np.nanstd(reps, ddof=1)) if n else np.nan
    return {"coverage": p, "mc_se": se, "n": n, "n_pool": int(n_pool),
            "undefined": 1 - n / est.size if est.size else np.nan,
            "miss_below": float(np.mean(tr[ok] < lo[ok] - tol)) if n else np.nan,
            "miss_above": float(np.mean(tr[ok] > hi[ok] + tol)) if n else np.nan,
            "mean_width": float(np.mean(hi[ok] - lo[ok])) if n else np.nan,
            "lower": lo, "upper": hi}


def _record(estimate, draw, truth, fixed=None, se=None):
    """One replicate of a warp-speed quantity (``se``: its standard error, for the
    studentised rows)."""
    out = {"estimate": float(estimate), "boot": float(draw), "truth": float(truth)}
    if fixed is not None:
        out["fixed"] = (float(fixed[0]), float(fixed[1]))
    if se is not None:
        out["se"] = float(se)
    return out


#: suffix of the rows pooled after dividing by each replicate's standard error
SCALED = " (studentised)"


def _quantities(names, truths, scale="linear", bounds=None, scaled=True):
    """Rows of every interval type (plain pooling, and studentised where the design
    records a standard error)."""
    return [Quantity(f"{n} warp-speed {how}{sfx}", "warp", truth=t, method=how,
                     scale=scale, bounds=bounds)
            for n, t in zip(names, truths) for sfx in ("", SCALED)[:1 + bool(scaled)]
            for how in WARP_METHODS]


def _spread(out, name, rec):
    """The same record under every interval type of ``name``."""
    for how in WARP_METHODS:
        out[f"{name} warp-speed {how}"] = rec
        if "se" in rec:
            out[f"{name} warp-speed {how}{SCALED}"] = rec


def warp_design(results, null=None, *, simulator=None, **options):
    """The warp-speed design of a fit: its family's simulation (from the fit, or from
    ``null``), and per replicate the refit's estimate and one bootstrap draw of the
    quantities listed in the module notes. ``options``: ``horizon`` and
    ``block_length`` (VAR: 14 and 14; counts: the model's ``L`` and ``2 L``); for a
    Hawkes jitter ensemble ``gate_inner=True``: its goodness-of-fit gate only, with one
    second-level draw per replicate (:func:`_hawkes_gate_fdb`)."""
    base = results._calibration_design(null)
    fam = base.family
    builders = {"var": _var, "count_hawkes": _count_hawkes, "counts": _counts,
                "hawkes": _hawkes}
    if fam not in builders:
        raise SpecificationError(
            f"nested='warp_speed' measures the bootstrap intervals of var, count_hawkes, "
            f"counts and hawkes fits; got a {fam} fit")
    allowed = {"var": {"horizon", "block_length"}, "counts": {"horizon", "block_length"},
               "count_hawkes": set(), "hawkes": {"gate_inner"}}[fam]
    bad = sorted(set(options) - allowed)
    if bad:
        raise SpecificationError(f"nested_options {bad} do not apply to a {fam} fit; "
                                 f"it takes {sorted(allowed) or 'none'}")
    return builders[fam](results, base, **options)


# -- VAR: total responses, moving-block bootstrap ------------------------------------
_VAR_SPANS = ("day 0", "days 1-H")


def _var_idents(sides):
    return {**{f"{s} first": ("orthogonalized", [s] + [o for o in sides if o != s])
               for s in sides}, "generalized": ("generalized", None)}


def _var_totals(res, coefs, sigma, horizon):
    """Total responses (day 0, days 1..H) of every identification and direction for
    coefficient arrays ``coefs`` (R, p, k, k) and covariances ``sigma`` (R, k, k)."""
    from ..var.bootstrap import _ma_rep
    Phi = _ma_rep(coefs, horizon)
    out = {}
    for ident, (kind, order) in _var_idents(res.sides).items():
        oi = None if order is None else [res.sides.index(s) for s in order]
        M = res._impact(sigma, kind, oi, "unit")
        th = Phi @ M[:, None]                                     # (R, H+1, k, k)
        for imp in res.sides:
            for resp in res.sides:
                if imp == resp:
                    continue
                i, j = res.sides.index(resp), res.sides.index(imp)
                out[(ident, imp, resp, "day 0")] = th[:, 0, i, j]
                out[(ident, imp, resp, "days 1-H")] = th[:, 1:, i, j].sum(axis=1)
    return out


def _var_name(key, horizon):
    ident, imp, resp, span = key
    return f"total_response[{ident} | {imp} -> {resp} | {span.replace('H', str(horizon))}]"


def _var_truth(results, base, horizon):
    """The total responses of the VAR the design simulates (its coefficients ``B``,
    the fit's residual covariance; unit shocks do not depend on the covariance's scale)."""
    sim_B = base.simulate.args[1]
    k, p, nd = results.k, results.k_ar, results.n_det
    coefs = np.swapaxes(sim_B[nd:].reshape(p, k, k), 1, 2)[None]      # (1, p, k, k)
    return _var_totals(results, coefs, results._sigma[None], horizon)


def _var_refit_draws(results, data, horizon, block_length, n_boot, rng):
    """Refit the VAR's specification to ``data``: its total responses and those of
    ``n_boot`` moving-block bootstrap draws (the first ``n_boot`` of at least 2)."""
    m = copy.copy(results.model)
    m.counts = data.astype(float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = m.fit()
    est = _var_totals(res, res.coefs[None], res._sigma[None], horizon)
    boot = res.bootstrap(max(2, n_boot), method="block", block_length=block_length,
                         rng=rng, progress=False)
    return est, _var_totals(res, boot.coefs[:n_boot], boot.sigmas[:n_boot], horizon)


def _var(results, base, horizon=14, block_length=14):
    truth = _var_truth(results, base, horizon)
    keys = list(truth)
    # no standard error of a total response per replicate: plain pooling only
    base.quantities = _quantities([_var_name(key, horizon) for key in keys],
                                  [float(truth[key][0]) for key in keys], scaled=False)
    base.measure = partial(_measure_var_warp, results, keys, truth, horizon, block_length)
    base.facts = base.facts + [("Bootstrap", f"moving-block (blocks of {block_length}), "
                                             "one resample per replicate (warp speed)")]
    return base


def _measure_var_warp(results, keys, truth, horizon, block_length, data, alpha, rng,
                      tests_only=False):
    est, draw = _var_refit_draws(results, data, horizon, block_length, 1, rng)
    out = {}
    for key in keys:
        _spread(out, _var_name(key, horizon),
                _record(est[key][0], draw[key][0], truth[key][0]))
    return out


# -- CountHawkes: parametric bootstrap -----------------------------------------------
def _count_hawkes(results, base):
    m = results.model
    theta = base.simulate.args[1]
    a = theta[m._layout()[0]["a"]]
    br = [f"branching[{t}<-{s}]" for t in m.sides for s in m.sides]
    att = [f"attribution[{t}<-{s}]" for t in m.sides for s in ["endemic"] + m.sides]
    rho = float(np.max(np.abs(np.linalg.eigvals(a.reshape(m.k, m.k)))))
    base.quantities = (_quantities(br, list(a), bounds=(0.0, np.inf))
                       + _quantities(["spectral_radius"], [rho], bounds=(0.0, np.inf))
                       + _quantities(att, [None] * len(att), bounds=(0.0, 1.0)))
    base.measure = partial(_measure_count_hawkes_warp, results, theta, br, att)
    base.facts = base.facts + [("Bootstrap", "parametric, one refit per replicate "
                                             "(warp speed)")]
    return base


def _measure_count_hawkes_warp(results, theta, br, att, data, alpha, rng,
                               tests_only=False):
    from ..count_hawkes.results import _bootstrap_refit
    from .designs import _refit_count_hawkes
    res = _refit_count_hawkes(results, data)
    m = res.model
    sims = res._simulate_arrays(rng, 1, res.theta)
    th = _bootstrap_refit(m, res.theta, 1, sims[0])      # None: the refit failed

    def draw(what):
        return res._derived(th, what) if th is not None else \
            np.full(np.size(res._derived(res.theta, what)), np.nan)

    true_a = theta[m._layout()[0]["a"]]
    a_start = m._layout()[0]["a"].start
    out = {}
    est_a, boot_a = res._derived(res.theta, "a"), draw("a")
    se = {w: res._interval(w, alpha, "hessian")[3] for w in ("a", "rho", "attribution")}
    for n, name in enumerate(br):
        fixed = None
        if res._fixed[a_start + n]:
            # at the bound 0 the reported interval is [0, profile limit] whatever the
            # bootstrap gives (branching_conf_int); a true 0 is covered by it
            up = np.inf if true_a[n] == 0.0 else res._profile_upper(a_start + n, alpha)
            fixed = (0.0, up)
        _spread(out, name, _record(est_a[n], boot_a[n], true_a[n], fixed, se["a"][n]))
    est_r, boot_r = res._derived(res.theta, "rho"), draw("rho")
    rho = float(np.max(np.abs(np.linalg.eigvals(true_a.reshape(m.k, m.k)))))
    _spread(out, "spectral_radius", _record(est_r[0], boot_r[0], rho, se=se["rho"][0]))
    est_s, boot_s = res._derived(res.theta, "attribution"), draw("attribution")
    true_s = res._derived(theta, "attribution")
    for n, name in enumerate(att):
        _spread(out, name, _record(est_s[n], boot_s[n], true_s[n], se=se["attribution"][n]))
    return out


# -- counts: moving-block bootstrap of the cumulative response ----------------------
def _counts(results, base, horizon=None, block_length=None):
    m = results.model
    horizon = m.lags if horizon is None else int(horizon)
    bl = block_length if block_length is not None else \
        max(2 * m.lags, int(math.ceil(results.nobs ** (1 / 3))))
    theta = base.measure.args[1]
    others = [s for s in m.sides if s != m.response]
    names = [f"response_{horizon}d[{m.response}<-{s}]" for s in others]
    base.quantities = _quantities(names, [None] * len(names))
    base.measure = partial(_measure_counts_warp, results, theta, others, horizon, int(bl))
    base.facts = base.facts + [("Bootstrap", f"moving-block (blocks of {bl} periods), "
                                             "one refit per replicate (warp speed)")]
    return base


def _measure_counts_warp(results, theta, others, horizon, bl, data, alpha, rng,
                         tests_only=False):
    from ..counts.bootstrap import _refit_params
    from ..base import block_bootstrap_indices
    from .designs import _refit_counts
    res = _refit_counts(results, data)
    mod = res.model
    y, X = mod.endog.to_numpy(), mod.exog.to_numpy()
    est = res.params.to_numpy()
    warm = est if mod.family in ("poisson", "negbin") else None
    idx = block_bootstrap_indices(len(y), bl, rng)
    th = _refit_params(mod.family, y, X, 500, warm, idx)
    out = {}
    for s in others:
        name = f"response_{horizon}d[{mod.response}<-{s}]"
        e = float(np.sum(res._response_vector(est, s, horizon, "mean")))
        b = np.nan if th is None else float(np.sum(res._response_vector(th, s, horizon,
                                                                        "mean")))
        t = float(np.sum(res._response_vector(theta, s, horizon, "mean")))
        hac = float(res.response_curve(s, horizon=horizon, alpha=alpha)["se"].iloc[-1])
        _spread(out, name, _record(e, b, t, se=hac))
    return out


# -- Hawkes: re-rounded parametric bootstrap -----------------------------------------
def _hawkes(results, base, gate_inner=False):
    if gate_inner:
        return _hawkes_gate_fdb(results, base)
    br = [q for q in base.quantities if q.kind == "interval"
          and q.name.startswith("branching[") and not q.name.endswith("log-Wald")]
    sim = base.simulate.args[0]
    rho = float(np.max(np.abs(np.linalg.eigvals(sim._alpha.sum(axis=2)))))
    base.quantities = (_quantities([q.name for q in br], [q.truth for q in br],
                                   bounds=(0.0, np.inf))
                       + _quantities(["spectral_radius"], [rho], bounds=(0.0, np.inf),
                                     scaled=False))
    if hasattr(results, "fits"):
        # notebook 04's goodness-of-fit gate in the same replicates: its null (the model
        # is right) holds in data simulated from the fit
        base.quantities += [Quantity(GOF_GATE.format(s), "test", null=True)
                            for s in results.model.sides]
    base.measure = partial(_measure_hawkes_warp, results, [q.name for q in br],
                           {q.name: q.truth for q in br}, rho)
    base.facts = base.facts + [("Bootstrap", "re-rounded parametric, one refit per "
                                             "replicate (warp speed)")]
    return base


#: The row of notebook 04's goodness-of-fit gate (jitter ensembles): the median over the
#: copies of the time-rescaling KS p-value of a side (``HawkesJitterResults.gof()``),
#: below 0.05. Computed from the refit without drawing from the replicate's rng.
GOF_GATE = "gof KS {} median p < 0.05"


def _gof_gate(res, out, level=0.05):
    """The gate's record per side: ``reject`` (median p below ``level``, as notebook 04
    reads ``ens.gof().loc[side, "median_pvalue"]``) and the median p itself; none where
    no copy has a p-value (the row's ``n`` counts the replicates with one)."""
    g = res.gof()
    for s in res.sides:
        p = float(g.loc[s, "median_pvalue"])
        if np.isfinite(p):
            out[GOF_GATE.format(s)] = {"reject": bool(p < level), "pvalue": p}


def _measure_hawkes_warp(results, names, truth, rho, data, alpha, rng, tests_only=False):
    from ..hawkes import Hawkes
    from ..hawkes_inference.bootstrap import (_bootstrap_replicate, day_precision_share,
                                              reround)
    m = results.model
    model = Hawkes(data, end_time=m.end_time, phases=m.phases, sides=m.sides, **m._spec)
    ens = hasattr(results, "fits")
    res = model.fit_jitter(results.n_jitter, rng=rng, progress=False) if ens else model.fit()
    # the pooled bootstrap of a jitter ensemble spreads its replicates over the copies:
    # one draw comes from a copy picked at random
    src = res.fits[int(rng.integers(len(res.fits)))] if ens else res
    share = day_precision_share(res.model if ens else model)
    ev = src.simulate_times(rng, max_events=50 * src.nobs + 10_000)
    if ev is not None and share is not None:
        ev = reround(ev, share, src.end_time, rng, jitter=ens)
    rep = guarded(_bootstrap_replicate, (src, ev))
    sides = m.sides
    B = res.branching_matrix
    out = {}
    for name in names:
        t, s = name[name.index("[") + 1:name.index("]")].split("<-")
        b = np.nan if rep is None else float(rep[1][sides.index(t), sides.index(s)])
        _spread(out, name, _record(B.loc[t, s], b, truth[name],
                                   se=res.bse.get(name, np.nan)))
    _spread(out, "spectral_radius", _record(res.spectral_radius,
                                            np.nan if rep is None else rep[2], rho))
    if ens:
        _gof_gate(res, out, alpha)
    return out


# -- Hawkes jitter ensembles: the calibrated gate, by a fast double bootstrap -------------
#: The row of the calibrated gate (``HawkesJitterResults.gof(null=...)``: the Monte Carlo
#: p-value of the median KS p against its null law simulated from the fit) below 0.05.
GOF_GATE_MC = "gof KS {} Monte Carlo p < 0.05 (fast double bootstrap)"


def _hawkes_gate_fdb(results, base):
    """Size of the calibrated gate of a jitter ensemble by a fast double bootstrap
    (Davidson & MacKinnon 2007): per replicate the refit's median KS p (the gate's
    statistic, as the plain gate rows record it) and one second-level draw: data simulated
    from the refit (its pooled estimates, day rounding as the data), refitted with as many
    copies, and its median KS p. The second-level draws, pooled over replicates, stand
    for the null law each replicate's Monte Carlo test would simulate from its own fit;
    the row is the share of replicates whose Monte Carlo p-value against that law is
    below ``alpha`` (``CalibrationResults`` kind ``"fdb"``)."""
    if not hasattr(results, "fits"):
        raise SpecificationError("nested_options gate_inner=True measures the gate of a "
                                 "jitter ensemble (Hawkes.fit_jitter); got one fit")
    sides = results.model.sides
    base.quantities = ([Quantity(GOF_GATE.format(s), "test", null=True) for s in sides]
                       + [Quantity(GOF_GATE_MC.format(s), "fdb", null=True) for s in sides])
    base.measure = partial(_measure_gate_fdb, results)
    base.facts = base.facts + [("Gate", "median KS p over the copies; one second-level "
                                        "refit per replicate (fast double bootstrap)")]
    return base


def _measure_gate_fdb(results, data, alpha, rng, tests_only=False):
    from ..hawkes import Hawkes
    from .designs import hawkes_design
    m = results.model

    def refit(d):
        model = Hawkes(d, end_time=m.end_time, phases=m.phases, sides=m.sides, **m._spec)
        return model.fit_jitter(results.n_jitter, rng=rng, progress=False)

    res = refit(data)
    out = {}
    _gof_gate(res, out, alpha)
    inner = {}
    _gof_gate(refit(hawkes_design(res).simulate(rng)), inner, alpha)
    for s in m.sides:
        a, b = out.get(GOF_GATE.format(s)), inner.get(GOF_GATE.format(s))
        if a is not None and b is not None:
            out[GOF_GATE_MC.format(s)] = {"pvalue": a["pvalue"], "inner": b["pvalue"]}
    return out
