"""Date intervals for penalised change points (``PhaseResults.changepoint_conf_int``).

A parametric bootstrap: simulate series from a model fitted with the detected phases
(by default the self-exciting :class:`~analysis.CountHawkes` count model, so bursts
inside a phase are reproduced), run the same segmentation (family, penalty, scale,
minimum phase, dispersion rule) on every series, match each refit change to the nearest
detected one and turn the matched locations into an interval.
"""

from __future__ import annotations

import copy
import math
import warnings
from functools import partial

import numpy as np
import pandas as pd

from ...exceptions import SpecificationError, warn as _warn, DataWarning
from ..base import (as_rng, check_alpha, check_bootstrap_failures, check_choice,
                    check_n_jobs, check_positive_int, guarded, run_replicates)

__all__: list = []

#: Interval types: ``basic`` (reflected around the estimate) and ``percentile``.
INTERVALS = ("basic", "percentile")
#: Bootstrap simulators: the self-exciting count model or independent phase counts.
SIMULATORS = ("count_hawkes", "phases")


def _refit_positions(model, alpha_fixed, y):
    """The change positions the segmentation of ``model`` finds in counts ``y``
    (same family, penalty, scale, minimum phase, method and dispersion rule)."""
    new = copy.copy(model)
    new.y = np.asarray(y, dtype=float)
    if new.family == "negbin":
        alpha = alpha_fixed if alpha_fixed is not None else new._estimate_alpha()
    else:
        alpha = np.zeros(new.S)
    cps, _ = new._run(np.asarray(alpha, dtype=float))
    return np.array(cps, dtype=np.int64)


def match_changes(found, changes) -> tuple[np.ndarray, int]:
    """Match the changes ``found`` in one refit to the ``changes`` of the fit.

    Each found change is assigned to the nearest change of the fit; each change of the
    fit takes the nearest of those assigned to it (NaN where none is: *unmatched*).
    Returns the matched positions (shape ``(m,)``) and the number of found changes left
    over (assigned to a change that has a nearer one: extra changes).
    """
    changes = np.asarray(changes, dtype=float)
    found = np.asarray(found, dtype=float)
    out = np.full(changes.shape, np.nan)
    if not len(found) or not len(changes):
        return out, int(len(found))
    d = np.abs(found[:, None] - changes[None, :])
    owner = d.argmin(axis=1)
    for j in range(len(changes)):
        mine = np.flatnonzero(owner == j)
        if len(mine):
            out[j] = found[mine[np.argmin(d[mine, j])]]
    return out, int(len(found) - np.isfinite(out).sum())


def _simulate_phases(results, rng, n):
    lam = results.fitted.to_numpy(float)
    alpha = results.dispersion.to_numpy(float)[None, :]
    out = []
    for _ in range(n):
        mu = lam
        if results.family == "negbin":
            a = np.maximum(alpha, 1e-8)
            mu = np.where(lam > 0, rng.gamma(1 / a, a * np.maximum(lam, 1e-300)), 0.0)
        out.append(rng.poisson(mu))
    return out


def _simulate_count_hawkes(results, rng, n, max_lag):
    from ..count_hawkes import CountHawkes
    y = results.counts
    if not np.allclose(y.to_numpy(), np.round(y.to_numpy())):
        raise SpecificationError(
            "simulator='count_hawkes' needs integer counts; for a weighted (severity) "
            "series use simulator='phases'")
    if not isinstance(y.index, pd.DatetimeIndex):
        raise SpecificationError(
            "simulator='count_hawkes' needs counts with a DatetimeIndex (its phases are "
            "dates); for a series without dates use simulator='phases'")
    ph = list(results.changes) if results.n_changes else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = CountHawkes(y.astype(np.int64), max_lag=max_lag,
                          family="negbin" if results.family == "negbin" else "poisson",
                          phases=ph).fit()
    return [s.to_numpy() for s in fit.simulate(rng, n_paths=max(n, 2))][:n], fit


def _bootstrap_matched(results, n_boot, rng, simulator, max_lag, n_jobs, progress):
    """Refit change locations matched to the fit's changes: an ``(n_ok, m)`` array
    (NaN: unmatched), the extra changes per refit and the number of failed refits."""
    if simulator == "count_hawkes":
        sims, _ = _simulate_count_hawkes(results, rng, n_boot, max_lag)
    else:
        sims = _simulate_phases(results, rng, n_boot)
    draws = run_replicates(partial(guarded, _refit_positions, results.model, None), sims,
                           n_jobs=n_jobs, progress=progress,
                           desc="change-point bootstrap")
    ok = [d for d in draws if d is not None]
    n_failed = n_boot - len(ok)
    check_bootstrap_failures(n_failed, n_boot, minimum=20,
                             advice="Use simulator='phases' or a longer minimum phase.")
    tau = np.array(results.breakpoints, dtype=float)
    matched = np.full((len(ok), len(tau)), np.nan)
    extra = np.zeros(len(ok))
    for r, found in enumerate(ok):
        matched[r], extra[r] = match_changes(found, tau)
    return matched, extra, n_failed


def _interval_ends(matched, tau, alpha, interval, T):
    """Interval ends (positions, ``(m, 2)``) from matched refit locations; NaN where
    fewer than 10 refits matched the change."""
    out = np.full((len(tau), 2), np.nan)
    for j in range(len(tau)):
        x = matched[:, j]
        x = x[np.isfinite(x)]
        if len(x) < 10:
            continue
        qlo, qhi = np.quantile(x, [alpha / 2, 1 - alpha / 2])
        if interval == "basic":
            qlo, qhi = 2 * tau[j] - qhi, 2 * tau[j] - qlo
        # whole periods, rounded outwards, containing the estimate; a change lies in
        # 1 .. T - 1
        out[j] = [min(max(math.floor(qlo + 1e-9), 1), tau[j]),
                  max(min(math.ceil(qhi - 1e-9), T - 1), tau[j])]
    return out


def changepoint_conf_int(results, alpha=0.05, *, n_boot=199, rng, interval="basic",
                         simulator="count_hawkes", max_lag=14, n_jobs=1, progress=None):
    """See :meth:`PhaseResults.changepoint_conf_int`."""
    alpha = check_alpha(alpha)
    rng = as_rng(rng)
    n_boot = check_positive_int("n_boot", n_boot, minimum=20)
    check_choice("interval", interval, INTERVALS)
    check_choice("simulator", simulator, SIMULATORS)
    max_lag = check_positive_int("max_lag", max_lag)
    n_jobs = check_n_jobs(n_jobs)
    m, T = results.n_changes, results.T
    tau = np.array(results.breakpoints, dtype=float)
    index = results.counts.index
    cols = ["estimate", "lower", "upper", "lower_days", "upper_days", "n_matched",
            "n_unmatched"]
    if m == 0:
        empty = pd.DataFrame(columns=cols, index=pd.RangeIndex(0, name="change"))
        empty.attrs.update(alpha=alpha, n_boot=n_boot, n_failed=0, interval=interval,
                           simulator=simulator, mean_extra=float("nan"))
        return empty
    matched, extra, n_failed = _bootstrap_matched(results, n_boot, rng, simulator,
                                                  max_lag, n_jobs, progress)
    n_ok = n_boot - n_failed
    ends = _interval_ends(matched, tau, alpha, interval, T)
    rows = []
    for j in range(m):
        lo, hi = ends[j]
        n_un = int(np.isnan(matched[:, j]).sum())
        rows.append({"estimate": index[int(tau[j])],
                     "lower": index[int(lo)] if np.isfinite(lo) else pd.NaT,
                     "upper": index[int(hi)] if np.isfinite(hi) else pd.NaT,
                     "lower_days": lo - tau[j], "upper_days": hi - tau[j],
                     "n_matched": int(n_ok - n_un), "n_unmatched": n_un})
    out = pd.DataFrame(rows, index=pd.RangeIndex(1, m + 1, name="change"))[cols]
    if not isinstance(index, pd.DatetimeIndex):
        out[["lower", "upper"]] = out[["lower", "upper"]].astype(object).where(
            out[["lower", "upper"]].notna(), None)
    unmatched = out["n_unmatched"] / max(n_ok, 1)
    if (unmatched > alpha).any():
        bad = [str(i) for i in out.index[unmatched > alpha]]
        _warn(f"change(s) {', '.join(bad)}: in more than {alpha:g} of the {n_ok} "
              "bootstrap refits no change was found near them (see 'n_unmatched'); "
              "their intervals describe the refits that found one", DataWarning)
    if out["lower"].isna().any():
        _warn("fewer than 10 refits matched some change: its interval is NaT (NaN); see "
              "'n_matched'", DataWarning)
    out.attrs.update(alpha=alpha, n_boot=n_boot, n_failed=n_failed, interval=interval,
                     simulator=simulator, mean_extra=float(extra.mean()) if n_ok else
                     float("nan"))
    return out


def bayes_changepoint_intervals(results, alpha=0.05):
    """Equal-tailed credible intervals of each detected change's location from the
    exact Bayesian Gamma-Poisson posterior with the number of changes fixed at the
    detected one (each change's posterior restricted to the days nearer to it than
    to its neighbours). Positions ``(m, 2)``; used to compare interval methods."""
    from ...models.bayesian_phases import BayesianChangePoint
    m = results.n_changes
    if m == 0:
        return np.empty((0, 2))
    w = np.zeros(m + 1)
    w[m] = 1.0
    with warnings.catch_warnings():     # the number of changes is fixed here
        warnings.simplefilter("ignore")
        post = BayesianChangePoint(results.counts, max_changes=m,
                                   min_size=results.min_size, prior_changes=w).fit()
    p = post.prob_change.to_numpy(float)
    tau = np.array(results.breakpoints, dtype=float)
    mids = np.concatenate([[0], (tau[:-1] + tau[1:]) / 2, [len(p)]])
    out = np.full((m, 2), np.nan)
    pos = np.arange(len(p))
    for j in range(m):
        sel = (pos >= mids[j]) & (pos < mids[j + 1])
        q = p[sel]
        if q.sum() <= 0:
            continue
        c = np.cumsum(q) / q.sum()
        days = pos[sel]
        out[j] = [days[np.searchsorted(c, alpha / 2)],
                  days[min(np.searchsorted(c, 1 - alpha / 2), len(days) - 1)]]
    return out
