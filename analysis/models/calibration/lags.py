r"""Response lags in the data's regime: a self-exciting count simulation that knows every
event's parent, and the calibration design of :func:`analysis.response_lags`.

The count model of :class:`~analysis.CountHawkes` is a cluster process: on day
:math:`t` the events of side :math:`i` are the superposition of background events
(rate :math:`\nu_{i,t}`) and the offspring of every earlier event (rate
:math:`a_{ij} w(l)` for an event of side :math:`j` on day :math:`t-l`). With the
negative-binomial family a common gamma factor multiplies all of them, so given the
day's count each event's parent is drawn from the background and the earlier events
in proportion to their contributions (a multinomial draw). :func:`simulate_parents`
returns every simulated event with its parent: for a share of the offspring of the
other side it writes the parent into ``retaliation_for``, as sources state triggers.
Its lag, in days, is the kernel's: the true response-lag distribution of the
simulation is the fitted kernel of that pair, normalised over lags ``1 .. max_lag``.

:func:`response_lag_design` (private to the regime study) simulates such incident
tables, reruns :func:`analysis.response_lags` with a notebook's specification and
records each reported interval (median lag, within-``k`` probabilities, matched lifts)
with two truths: the kernel's value (the response lag the sentence is about) and the
population value of the statistic (pooled over many simulated records: what the
bootstrap targets).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ...exceptions import SpecificationError
from ..base import as_rng, check_positive_int, replicate_seeds, run_replicates

__all__ = ["simulate_parents"]


def _check_fit(results):
    from ..count_hawkes import CountHawkesResults
    if not isinstance(results, CountHawkesResults):
        raise SpecificationError("simulate_parents needs a CountHawkes fit "
                                 f"(CountHawkesResults), got {type(results).__name__}")
    return results.model


def _check_stated(stated, sides):
    stated = {} if stated is None else dict(stated)
    for s, p in stated.items():
        if s not in sides:
            raise SpecificationError(f"stated: {s!r} is not a side of the fit; sides are "
                                     f"{list(sides)}")
        if not (isinstance(p, (int, float)) and 0.0 <= float(p) <= 1.0):
            raise SpecificationError(f"stated[{s!r}] must be a probability in [0, 1], "
                                     f"got {p!r}")
    return {s: float(stated.get(s, 0.0)) for s in sides}


def _kernel(m, theta):
    """Background (T, k) and per-lag excitation K[l-1, i, j] of the fit."""
    beta, a, phi, la = m._unpack(np.asarray(theta, float))
    nu = np.exp(np.clip(m._Z @ beta.T, -50, 50))
    K = a[None] * m._weights(phi)[:, m._gidx]
    alpha = np.exp(la) if m.family == "negbin" else None
    return nu, K, alpha


def _one_path(m, theta, stated, seed):
    """One simulated record with parents: (date index, side index, parent id, stated)."""
    rng = np.random.default_rng(seed)
    nu, K, alpha = _kernel(m, theta)
    L, k = m.max_lag, m.k
    T = nu.shape[0]
    y = np.zeros((L + T, k), np.int64)
    y[:L] = m._Y[:L]
    first = np.zeros((L + T, k), np.int64)       # id of the first event of (day, side)
    n_ev = int(y[:L].sum())
    first[:L] = (np.cumsum(y[:L].ravel()) - y[:L].ravel()).reshape(L, k)
    parents = [np.full(n_ev, -1, np.int64)]
    th = None if alpha is None else 1.0 / alpha
    p_state = np.array([stated[s] for s in m.sides])
    for t in range(T):
        tt = L + t
        hist = y[tt - L:tt][::-1]                                     # hist[l-1, j]
        contrib = K * hist[:, None, :]                                # [l-1, i, j]
        lam = nu[t] + contrib.sum(axis=(0, 2))
        g = 1.0 if th is None else rng.gamma(th, 1.0 / th)
        n = rng.poisson(g * lam)
        y[tt] = n
        ids = n_ev + np.concatenate([[0], np.cumsum(n)[:-1]])
        first[tt] = ids
        n_ev += int(n.sum())
        for i in range(k):
            if n[i] == 0:
                continue
            w = np.concatenate([[nu[t, i]], contrib[:, i, :].ravel()])
            alloc = rng.multinomial(n[i], w / w.sum())
            par = np.full(n[i], -1, np.int64)
            pos = int(alloc[0])
            for c in np.flatnonzero(alloc[1:]):
                lag, j = divmod(int(c), k)
                day = tt - (lag + 1)
                cnt = int(alloc[1 + c])
                par[pos:pos + cnt] = first[day, j] + rng.integers(0, y[day, j], cnt)
                pos += cnt
            parents.append(rng.permutation(par))
    parent = np.concatenate(parents)
    day_of = np.repeat(np.repeat(np.arange(L + T), k), y.ravel())
    side_of = np.repeat(np.tile(np.arange(k), L + T), y.ravel())
    has = parent >= 0
    cross = np.zeros(len(parent), bool)
    cross[has] = side_of[parent[has]] != side_of[has]
    state = cross & (rng.random(len(parent)) < p_state[side_of])
    return day_of, side_of, parent, state


def _table(m, path):
    day_of, side_of, parent, state = path
    ids = np.array([f"s{i}" for i in range(len(day_of))], dtype=object)
    has = parent >= 0
    dates = m.counts.index.to_numpy()[day_of]
    sides = np.asarray(m.sides, dtype=object)
    out = pd.DataFrame({"incident_id": ids, "date": dates, "side": sides[side_of]})
    pid = np.where(has, parent, 0)
    out["parent_id"] = pd.array(np.where(has, ids[pid], None), dtype="string")
    out["parent_side"] = pd.array(np.where(has, sides[side_of[pid]], None),
                                  dtype="string")
    out["lag"] = pd.array(np.where(has, day_of - day_of[pid], 0), dtype="Int64")
    out.loc[~has, "lag"] = pd.NA
    out["retaliation_for"] = pd.array(np.where(state, ids[pid], None), dtype="string")
    return out


def simulate_parents(results, n_paths=1, *, rng, stated=None, theta=None, n_jobs=1,
                     progress=None):
    r"""Simulate a self-exciting count fit as a cluster process: every event with its
    parent (a stated trigger with a known lag).

    Parameters
    ----------
    results : CountHawkesResults
        The fit to simulate (its window, phases, dispersion and observed pre-sample).
    n_paths : int
        Simulated records.
    rng : numpy.random.Generator or int
        Source of the draws (``None`` is refused). Each record draws from its own seed,
        drawn up front: the result is the same for any ``n_jobs``.
    stated : dict, optional
        ``{side: p}``: an event of ``side`` whose parent is an event of *another* side
        names it in ``retaliation_for`` with probability ``p`` (default: none stated).
        Sources state a trigger for a share of the responses only.
    theta : array, optional
        Other parameters (e.g. the fit with one effect set to zero); default the fit's.
    n_jobs : int
        Processes (-1: every core).
    progress : bool, optional
        A progress bar (default: on, except under pytest).

    Returns
    -------
    DataFrame or list of DataFrame
        One row per simulated event (the pre-sample days' events as observed, without
        a parent): ``incident_id``, ``date`` (the day), ``side``, ``parent_id``,
        ``parent_side`` and ``lag`` (days since the parent; missing for background
        events), ``retaliation_for`` (the parent's id where the event states it). A
        list when ``n_paths > 1``.

    Raises
    ------
    SpecificationError
        ``rng`` is None, ``results`` is not a CountHawkes fit, or ``stated`` names an
        unknown side or a value outside [0, 1].

    Notes
    -----
    On day :math:`t`, side :math:`i` has :math:`\lambda_{i,t} = \nu_{i,t} +
    \sum_{j,l} a_{ij} w_{ij}(l) y_{j,t-l}` (times a gamma factor with mean 1 for the
    negative binomial); the day's events are drawn, then each event's parent from the
    background and the events of day :math:`t-l` in proportion to the terms. Lags are
    whole days from 1 to ``max_lag`` (the model has no same-day excitation), and the
    true lag distribution of offspring of side :math:`j` among events of side
    :math:`i` is :math:`w_{ij}(l)`.

    Examples
    --------
    >>> import analysis
    >>> from analysis.models.calibration import simulate_parents
    >>> y = analysis.simulate_count_hawkes(300, [0.2, 0.1], [[0.2, 0.3], [0.2, 0.1]],
    ...                                    max_lag=7, sides=["a", "b"], rng=1)
    >>> fit = analysis.CountHawkes(y, max_lag=7).fit()       # doctest: +SKIP
    >>> ev = simulate_parents(fit, rng=2, stated={"a": 0.4})  # doctest: +SKIP
    """
    rng = as_rng(rng)
    m = _check_fit(results)
    n_paths = check_positive_int("n_paths", n_paths)
    st = _check_stated(stated, m.sides)
    th = results.theta if theta is None else np.asarray(theta, float)
    seeds = replicate_seeds(rng, n_paths)
    paths = run_replicates(partial(_one_path, m, th, st), seeds, n_jobs=n_jobs,
                           progress=progress, desc="simulate with parents")
    out = [_table(m, p) for p in paths]
    return out[0] if n_paths == 1 else out


# --------------------------------------------------------------------------------------
# The calibration design of response_lags (used by benchmarks/validate_regime.py)
# --------------------------------------------------------------------------------------
def kernel_lag_truth(results, responder, trigger, ks):
    """The kernel's median lag and P(lag <= k) of ``responder`` after ``trigger``."""
    m = results.model
    _, K, _ = _kernel(m, results.theta)
    i, j = m.sides.index(responder), m.sides.index(trigger)
    w = K[:, i, j]
    if not w.sum() > 0:
        return None
    cdf = np.cumsum(w) / w.sum()
    med = float(np.argmax(cdf >= 0.5 - 1e-12) + 1)
    return {"median": med, **{int(k_): float(cdf[min(k_, len(cdf)) - 1]) for k_ in ks}}


def _spec_quantities(spec):
    r, t = spec["responder"], spec["trigger"]
    pair = f"[{r}<-{t}]"
    names = [f"median_lag{pair}", f"median_lag{pair} (population)"]
    for k_ in spec["ks"]:
        names += [f"share_of_responses{pair} k{k_}", f"share_of_responses{pair} k{k_} "
                  "(population)", f"response_prob{pair} k{k_}", f"baseline{pair} k{k_}"]
        if spec.get("phases") is not None:
            names += [f"matched_baseline{pair} k{k_}", f"lift{pair} k{k_}"]
    return names


def _fit_spec(spec, inc, n_boot, rng):
    from ..timing import response_lags
    return response_lags(inc, spec["responder"], spec["trigger"], k=spec["ks"],
                         start=spec["start"], end=spec["end"], phases=spec.get("phases"),
                         block_length=spec.get("block_length", 1), n_boot=n_boot,
                         rng=rng, **{k: spec[k] for k in ("matched_bootstrap",
                                                          "day_block_length") if k in spec})


def _population(results, specs, stated, n_paths, rng):
    """Pooled values of each spec's statistics over ``n_paths`` simulated records: the
    median of the pooled lags, shares as ratios of sums over responses / trigger days,
    the every-day baseline as the mean over records (each has the same days)."""
    paths = simulate_parents(results, n_paths, rng=rng, stated=stated, progress=False)
    out = {}
    for spec in specs:
        pair = f"[{spec['responder']}<-{spec['trigger']}]"
        fits = [_fit_spec(spec, inc, 0, None) for inc in paths]
        pooled = np.concatenate([f._lag_vals for f in fits])
        out[f"median_lag{pair} (population)"] = float(np.median(pooled))
        for k_ in spec["ks"]:
            w = pd.DataFrame([f.within.loc[k_] for f in fits])
            n = w["n_trigger_days"].to_numpy(float)
            hits = (n * w["response_prob"]).sum()
            out[f"share_of_responses{pair} k{k_} (population)"] = float(np.mean(pooled <= k_))
            out[f"response_prob{pair} k{k_}"] = float(hits / n.sum())
            out[f"baseline{pair} k{k_}"] = float(w["baseline"].mean())
            if spec.get("phases") is not None:
                mb = (n * w["matched_baseline"]).sum()
                out[f"matched_baseline{pair} k{k_}"] = float(mb / n.sum())
                out[f"lift{pair} k{k_}"] = float(hits / mb)
    return out, paths


def stated_probability(paths, shares):
    """``{side: p}`` such that simulated records state a trigger for the data's share of
    each side's events: ``p = share / (share of the side's events whose parent is of
    another side)``, capped at 1."""
    out = {}
    allev = pd.concat(paths)
    for side, share in shares.items():
        ev = allev[allev["side"] == side]
        cross = (ev["parent_side"].notna() & (ev["parent_side"] != side)).mean()
        out[side] = float(min(1.0, share / cross)) if cross > 0 else 0.0
    return out


def response_lag_design(results, specs, shares, *, n_truth=300, rng):
    """The calibration design of notebook response-lag specifications.

    ``specs``: dicts with ``responder``, ``trigger``, ``ks``, ``start``, ``end``,
    ``phases``, ``block_length``, ``n_boot`` and optionally ``matched_bootstrap``,
    ``day_block_length`` (as the notebook calls :func:`analysis.response_lags`); ``shares``: ``{side: share of its events that
    state a trigger in the data}``. A pilot of records without statements gives the
    share of each side's events whose parent is of the other side, hence the
    probability that such an event states its parent (:func:`stated_probability`);
    ``n_truth`` records with statements give the population values. The kernel's
    values are the truths of the median lag and of ``share_of_responses``; the
    population values those of every statistic (rows ``... (population)`` for the
    two with a kernel truth).
    """
    from .designs import Quantity, _Design
    rng = as_rng(rng)
    m = _check_fit(results)
    n_truth = check_positive_int("n_truth", n_truth, 2)
    for spec in specs:
        for s in (spec["responder"], spec["trigger"]):
            if s not in m.sides:
                raise SpecificationError(f"specs: side {s!r} is not a side of the fit "
                                         f"({m.sides})")
    pilot = simulate_parents(results, max(20, n_truth // 3), rng=rng, progress=False)
    stated = stated_probability(pilot, shares)
    truth, _ = _population(results, specs, stated, n_truth, rng)
    for spec in specs:
        pair = f"[{spec['responder']}<-{spec['trigger']}]"
        kt = kernel_lag_truth(results, spec["responder"], spec["trigger"], spec["ks"])
        if kt is None:
            # no excitation of this pair in the fit: no response to time, only the
            # population values of the statistics are truths
            continue
        truth[f"median_lag{pair}"] = kt["median"]
        truth.update({f"share_of_responses{pair} k{k_}": kt[k_] for k_ in spec["ks"]})
    qs = [Quantity(n, "interval", truth=truth[n]) for spec in specs
          for n in _spec_quantities(spec) if n in truth]
    facts = [("Family", "response lags (block bootstrap of days)"),
             ("Simulated", "CountHawkes fit as a cluster process, every event with its "
                           "parent; stated triggers with probability "
                           + ", ".join(f"{s}: {p:.3g}" for s, p in stated.items()))]
    design = _Design("response_lags", "events", qs,
                     partial(_simulate_record, results, stated),
                     partial(_measure_lags, specs, truth), facts)
    design.stated, design.truth = stated, truth
    return design


def _simulate_record(results, stated, rng):
    return simulate_parents(results, rng=rng, stated=stated, progress=False)


def _interval(w, k_, col, truth):
    lo, hi = w.loc[k_].get(f"{col}_lower", np.nan), w.loc[k_].get(f"{col}_upper", np.nan)
    return {"lower": float(lo), "upper": float(hi), "truth": float(truth)}


def _measure_lags(specs, truth, data, alpha, rng, tests_only=False):
    out = {}
    for spec in specs:
        pair = f"[{spec['responder']}<-{spec['trigger']}]"
        res = _fit_spec(spec, data, spec["n_boot"], rng)
        ci = res.median_lag_ci or (np.nan, np.nan)
        for n in (f"median_lag{pair}", f"median_lag{pair} (population)"):
            if n in truth:
                out[n] = {"lower": float(ci[0]), "upper": float(ci[1]), "truth": truth[n]}
        w = res.within
        for k_ in spec["ks"]:
            for n in _spec_quantities({**spec, "ks": [k_]})[2:]:
                if n in truth:
                    out[n] = _interval(w, k_, n.split("[", 1)[0], truth[n])
    return out
