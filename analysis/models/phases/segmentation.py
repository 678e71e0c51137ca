"""Segment costs and the exact searches (PELT, binary segmentation) of the change-point
model, with the input checks they share.
"""

from __future__ import annotations

import math
import numbers

import numba
import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ...exceptions import (warn as _warn, DataError, DataWarning, EstimationError,
                           SpecificationError)
from .. import _discrete as _d
from ..base import check_choice

__all__ = ["segment_cost", "FAMILIES"]


#: Count families of the segment likelihood (``family=`` of :func:`detect_phases`).
FAMILIES = ("poisson", "negbin")


_DISPERSIONS = ("within", "global")


# ---------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------
def _as_counts(counts) -> tuple[np.ndarray, pd.Index, list]:
    """(T x S float array, index, column labels) from a DataFrame, Series or array."""
    if isinstance(counts, pd.DataFrame):
        if counts.shape[1] == 0:
            raise DataError("the counts table has no columns: give one column per side "
                            "(e.g. analysis.to_counts(incidents))")
        y = counts.to_numpy(dtype=float, na_value=np.nan)
        index, cols = counts.index, [str(c) for c in counts.columns]
    elif isinstance(counts, pd.Series):
        y = counts.to_numpy(dtype=float, na_value=np.nan)[:, None]
        index, cols = counts.index, [str(counts.name) if counts.name is not None else "y"]
    else:
        arr = np.asarray(counts, dtype=float)
        if arr.ndim == 1:
            arr = arr[:, None]
        if arr.ndim != 2:
            raise DataError(f"counts must be 1- or 2-dimensional, got shape {arr.shape}")
        y = arr
        index = pd.RangeIndex(len(arr), name="t")
        cols = [f"y{j}" for j in range(arr.shape[1])] if arr.shape[1] > 1 else ["y"]
    if len(set(cols)) != len(cols):
        raise DataError(f"the counts columns must have distinct names, got {cols}")
    if not index.is_unique or not index.is_monotonic_increasing:
        raise DataError("the counts index must be sorted and without duplicate periods; "
                        "use analysis.to_counts(), which gives a complete daily index")
    _d.check_period_index(index, what="change-point detection")
    if not np.isfinite(y).all():
        bad = int((~np.isfinite(y)).any(axis=1).sum())
        raise DataError(f"{bad} periods have missing or infinite counts; counts from "
                        "analysis.to_counts are complete (zero-filled) - fill or drop them")
    if (y < 0).any():
        raise DataError("counts must be non-negative")
    if isinstance(index, pd.DatetimeIndex):
        if not index.is_monotonic_increasing or index.has_duplicates:
            raise DataError("the counts index must be increasing without duplicate dates")
    return np.ascontiguousarray(y), index, cols


def _check_family(family) -> str:
    if family in ("nb", "cost"):
        raise SpecificationError(f"family={family!r}: the negative-binomial family is "
                                 "family='negbin' (cost='nb' was renamed; see CHANGELOG.md)")
    if family == "gaussian":
        raise SpecificationError("family must be 'poisson' or 'negbin' (a Gaussian cost on "
                                 "counts is deliberately not offered)")
    return check_choice("family", family, FAMILIES)


def _check_min_size(min_size, T: int, need_change: bool = True) -> int:
    if isinstance(min_size, bool) or not isinstance(min_size, numbers.Integral) \
            or min_size < 1:
        raise SpecificationError(f"min_size must be a positive integer (days), got "
                                 f"{min_size!r}")
    min_size = int(min_size)
    if min_size > T:
        raise SpecificationError(
            f"min_size={min_size} is larger than the series ({T} periods): lower min_size "
            "or give a longer series")
    if need_change and T < 2 * min_size:
        raise DataError(
            f"the series has {T} periods, too short for any change point with "
            f"min_size={min_size} (at least {2 * min_size} are needed); lower min_size "
            "or give a longer series")
    return min_size


def _check_events(y: np.ndarray, cols: list) -> None:
    if y.sum() == 0:
        raise DataError("the series has no events (all counts are zero): there is "
                        "nothing to segment; check the window and the sides")
    empty = [c for c, tot in zip(cols, y.sum(axis=0)) if tot == 0]
    if empty:
        _warn(f"side(s) {empty} have no events in the series; they add nothing to "
              "the cost and their rate is 0 in every phase. Drop the column(s) "
              "unless that is intended", DataWarning)


# ---------------------------------------------------------------------------------------
# Costs
# ---------------------------------------------------------------------------------------
@numba.njit(cache=True)
def _seg_cost(cs, a, b, alpha, seg_coef):
    """Cost of segment (a, b] (days a .. b-1) from the cumulative sums ``cs``."""
    n = b - a
    total = 0.0
    for s in range(cs.shape[1]):
        Y = cs[b, s] - cs[a, s]
        if Y <= 0.0:
            continue
        mu = Y / n
        al = alpha[s]
        if al <= 0.0:
            total += Y - Y * math.log(mu)
        else:
            total += (n / al + Y) * math.log1p(al * mu) - Y * math.log(al * mu)
    if seg_coef != 0.0:
        total += seg_coef * math.log(n)
    return total


@numba.njit(cache=True)
def _segment(cs, alpha, beta, min_size, seg_coef, K, prune):
    """Penalised optimal partitioning; PELT when ``prune``.

    Minimises ``sum_i C(tau_i, tau_{i+1}) + beta * m`` over segmentations of
    (0, T] with segments of at least ``min_size``. Returns (F, last): F[s] the optimal
    value for (0, s] (plus ``-beta``), last[s] the start of its last segment.

    PELT with a minimum segment length: a candidate t that satisfies
    F(t) + C(t, s) + K >= F(s) at step s can be beaten by s for every s' >= s + min_size
    only (the segment (s, s'] must be admissible), so its removal is delayed until then.
    """
    T = cs.shape[0] - 1
    F = np.full(T + 1, np.inf)
    F[0] = -beta
    last = np.full(T + 1, -1, dtype=np.int64)
    cand = np.empty(T + 1, dtype=np.int64)
    pruned_at = np.full(T + 1, np.iinfo(np.int64).max, dtype=np.int64)
    vals = np.empty(T + 1)
    n_cand = 0
    for s in range(min_size, T + 1):
        t_new = s - min_size
        if F[t_new] < np.inf:
            cand[n_cand] = t_new
            n_cand += 1
        # drop candidates whose pruning has taken effect
        if prune:
            j = 0
            for i in range(n_cand):
                t = cand[i]
                if pruned_at[t] > s - min_size:
                    cand[j] = t
                    j += 1
            n_cand = j
        best = np.inf
        arg = -1
        for i in range(n_cand):
            t = cand[i]
            v = F[t] + _seg_cost(cs, t, s, alpha, seg_coef) + beta
            vals[i] = v
            if v < best:
                best = v
                arg = t
        F[s] = best
        last[s] = arg
        if prune:
            for i in range(n_cand):
                t = cand[i]
                if pruned_at[t] == np.iinfo(np.int64).max and vals[i] - beta + K >= best:
                    pruned_at[t] = s
    return F, last


def _check_n_changes(n) -> int:
    """``n_changes``: an integer >= 0."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
        raise SpecificationError(f"n_changes must be an integer >= 0, got {n!r}")
    return int(n)


def _backtrack(last: np.ndarray) -> list[int]:
    """Phase starts (positions > 0) from the ``last`` array of :func:`_segment`."""
    out = []
    s = len(last) - 1
    while s > 0:
        t = int(last[s])
        if t < 0:
            raise EstimationError("no admissible segmentation found (internal error)")
        if t > 0:
            out.append(t)
        s = t
    return sorted(out)


def segment_cost(counts, start: int, stop: int, family: str = "poisson",
                 dispersion=None) -> float:
    r"""The cost :math:`C` of the segment ``counts[start:stop]`` (for checks and tests).

    See Also
    --------
    analysis.ChangePointModel : The segmentation that minimises these costs.

    Notes
    -----
    Poisson: :math:`C = \sum_s [Y_s - Y_s\log(Y_s/n)]`; negative binomial with
    dispersion :math:`\alpha_s`: :math:`C = \sum_s [(n/\alpha_s + Y_s)\log(1 + \alpha_s
    \bar y_s) - Y_s \log(\alpha_s \bar y_s)]`, where :math:`Y_s` is the segment total of
    side :math:`s`, :math:`n` its length and :math:`\bar y_s = Y_s/n`. Both are the
    negative log-likelihood at the segment's maximum-likelihood rate without the terms
    that do not depend on the segmentation.
    """
    y, _, cols = _as_counts(counts)
    cs = np.vstack([np.zeros((1, y.shape[1])), np.cumsum(y, axis=0)])
    family = _check_family(family)
    alpha = _alpha_array(dispersion, cols) if family == "negbin" else np.zeros(len(cols))
    return float(_seg_cost(cs, int(start), int(stop), alpha, 0.0))


def _alpha_array(dispersion, cols) -> np.ndarray:
    if isinstance(dispersion, dict) or isinstance(dispersion, pd.Series):
        missing = [c for c in cols if c not in dispersion]
        if missing:
            raise SpecificationError(f"dispersion has no value for side(s) {missing}")
        a = np.array([float(dispersion[c]) for c in cols])
    elif isinstance(dispersion, numbers.Real) and not isinstance(dispersion, bool):
        a = np.full(len(cols), float(dispersion))
    else:
        raise SpecificationError(
            f"dispersion must be one of {list(_DISPERSIONS)}, a number >= 0 or a mapping "
            f"side -> number, got {dispersion!r}")
    if not np.all(np.isfinite(a)) or (a < 0).any():
        raise SpecificationError(f"dispersion values must be finite and >= 0, got {a}")
    return a


def _nb_alpha_profile(y: np.ndarray, bounds: np.ndarray) -> float:
    """Maximum-likelihood NB2 dispersion of one series given segment means (profile).

    With the mean of each segment at its sample mean (the MLE for any alpha), maximise
    the full NB log-likelihood over alpha in [0, 1e4]; 0 is the Poisson boundary.
    """
    mu = np.empty_like(y)
    for a, b in zip(bounds[:-1], bounds[1:]):
        mu[a:b] = y[a:b].mean()
    keep = mu > 0
    yk, mk = y[keep], mu[keep]
    if len(yk) == 0:
        return 0.0

    def nll(log_alpha):
        al = math.exp(log_alpha)
        r = 1.0 / al
        ll = (special.gammaln(yk + r) - special.gammaln(r) - special.gammaln(yk + 1)
              - r * np.log1p(al * mk) + yk * (np.log(al * mk) - np.log1p(al * mk)))
        return -float(ll.sum())

    pois = -float(stats.poisson.logpmf(np.round(yk), mk).sum()) \
        if np.allclose(yk, np.round(yk)) else None
    res = optimize.minimize_scalar(nll, bounds=(math.log(1e-6), math.log(1e4)),
                                   method="bounded", options={"xatol": 1e-6})
    al = math.exp(res.x)
    if pois is not None and pois <= res.fun + 1e-9:
        return 0.0          # no overdispersion: the Poisson boundary
    return al
