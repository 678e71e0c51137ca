"""Helpers shared by the discrete-time models (counts, var, count_hawkes).

Input checks that name the fix, lag and deterministic design blocks, HAC sandwiches,
numerical Jacobians and percentile intervals. Private: the public API is in the model
modules.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..exceptions import DataError, SpecificationError
from .base import (as_rng, block_bootstrap_indices, check_alpha, check_bootstrap_failures,  # noqa: F401
                   check_choice, check_positive_int, percentile_interval)

__all__ = []  # private module


def check_period_index(index, *, what: str) -> None:
    """Refuse an index that is not a gap-free run of periods.

    A counts table is indexed by consecutive periods: a ``DatetimeIndex`` (or
    ``PeriodIndex``) with one step throughout, as :func:`analysis.to_counts` gives, or
    consecutive integers. Lags, phases and change points count rows as periods, so a
    missing day, an integer index with holes or a text index would silently join
    periods that are not adjacent.
    """
    n = len(index)
    if isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        if n > 2 and len(np.unique(np.diff(index.asi8))) > 1:
            raise DataError(
                "the counts index has gaps (periods with no row): lags would join "
                "non-adjacent periods. Use analysis.to_counts(), which zero-fills every "
                "day, or counts.asfreq('D', fill_value=0)")
        return
    if pd.api.types.is_integer_dtype(index.dtype):
        steps = np.diff(np.asarray(index, dtype=np.int64))
        if n > 1 and not np.all(steps == 1):
            first = int(np.flatnonzero(steps != 1)[0])
            raise DataError(
                f"the counts index runs {index[first]} -> {index[first + 1]}: integer "
                "periods must be consecutive (no gaps), or lags would join non-adjacent "
                "periods. Use a complete index (analysis.to_counts() gives dates)")
        return
    raise SpecificationError(
        f"{what} needs counts indexed by dates (a DatetimeIndex, as analysis.to_counts() "
        f"gives) or consecutive integers, got an index of {index.dtype} "
        f"(e.g. {index[0]!r}). Convert it with counts.index = pd.to_datetime(counts.index) "
        "and fill missing days with counts.asfreq('D', fill_value=0)")


def check_counts(counts, *, what: str, min_sides: int = 1, integer: bool = False,
                 allow_constant: bool = False, allow_negative: bool = False) -> pd.DataFrame:
    """Validate a counts table (from :func:`analysis.to_counts`) and return it as floats.

    Checks: a DataFrame with unique string-like columns, a sorted unique index, no
    missing values, numbers >= 0 (unless ``allow_negative``: signed scores such as
    Goldstein net cooperation), (``integer``) whole numbers, at least ``min_sides``
    columns, and every side with at least one event and not constant. Each failure
    raises :class:`DataError` or :class:`SpecificationError` naming the fix.
    """
    if isinstance(counts, pd.Series):
        counts = counts.to_frame(counts.name if counts.name is not None else "count")
    if not isinstance(counts, pd.DataFrame):
        raise SpecificationError(
            f"{what} takes a counts DataFrame (one column per side, e.g. "
            f"analysis.to_counts(incidents)), got {type(counts).__name__}")
    if isinstance(counts.columns, pd.MultiIndex):
        raise SpecificationError(
            f"{what} needs one column level (one column per side); flatten the columns "
            "first, e.g. counts.columns = ['/'.join(c) for c in counts.columns]")
    names = [str(c) for c in counts.columns]
    if len(set(names)) != len(names):
        raise SpecificationError(f"duplicate side names in the columns: {names}")
    if counts.shape[1] < min_sides:
        raise SpecificationError(
            f"{what} needs at least {min_sides} side(s) (columns), got {counts.shape[1]}: "
            f"{names}")
    if len(counts) == 0:
        raise DataError(f"the counts table is empty; {what} needs a series of counts")
    if not counts.index.is_unique or not counts.index.is_monotonic_increasing:
        raise DataError("the counts index must be sorted and without duplicate dates; "
                        "use analysis.to_counts(), which gives a complete daily index")
    check_period_index(counts.index, what=what)
    try:
        values = counts.astype("float64")
    except (TypeError, ValueError) as e:
        raise DataError(f"counts must be numbers ({e})") from None
    values.columns = names
    arr = values.to_numpy()
    bad = np.isnan(arr)
    if bad.any():
        col = names[int(np.where(bad.any(axis=0))[0][0])]
        first = values.index[bad.any(axis=1)][0]
        raise DataError(
            f"{int(bad.sum())} missing count(s), the first on {first}; counts from "
            "to_counts() are complete: fill missing periods with 0 (fillna(0)) or cut the "
            "window", column=col)
    if np.isinf(arr).any():
        raise DataError("counts contain infinite values")
    if not allow_negative and (arr < 0).any():
        col = names[int(np.where((arr < 0).any(axis=0))[0][0])]
        raise DataError("counts must be >= 0", column=col)
    if integer and not np.allclose(arr, np.round(arr)):
        col = names[int(np.where((arr != np.round(arr)).any(axis=0))[0][0])]
        raise DataError(
            f"{what} models counts, and this column has non-integer values (weighted "
            "counts?). Use unweighted to_counts() for count families, or VARModel for "
            "weighted series", column=col)
    for j, name in enumerate(names):
        col = arr[:, j]
        if np.all(col == 0):
            raise DataError(
                f"side {name!r} has no events in these {len(col)} periods, so nothing about "
                f"it can be estimated; drop it (counts.drop(columns=[{name!r}])) or choose "
                "a window in which it acts", column=name)
        if not allow_constant and np.all(col == col[0]):
            raise DataError(
                f"side {name!r} is constant ({col[0]:g} in every period), so its effects "
                "are not identified; drop it or use a longer window", column=name)
    return values


def phase_numbers(index, phases) -> np.ndarray:
    """Phase number of each period; ``phases`` as in CONTRIBUTING (dates or a table)."""
    from ..data import phase_of
    if not isinstance(index, pd.DatetimeIndex):
        raise SpecificationError("phases need a DatetimeIndex on the counts (dates)")
    return phase_of(index, phases).to_numpy()


def deterministic_terms(index, *, const: bool = True, trend: bool = False, phases=None,
                        exog=None, phase_means: bool = False) -> pd.DataFrame:
    """Constant, linear trend (per year on a DatetimeIndex, else per period), phase
    dummies and covariates.

    Phase dummies are contrasts with phase 0 (absorbed by the constant), or, with
    ``phase_means``, one indicator per phase in place of the constant (a level per
    phase: ``phase0``, ``phase1``, ...).
    """
    out = {}
    if const and not (phase_means and phases is not None):
        out["const"] = np.ones(len(index))
    if trend:
        if isinstance(index, pd.DatetimeIndex):
            days = (index - index[0]) / pd.Timedelta(days=1)
            out["trend"] = np.asarray(days, float) / 365.25
        else:
            out["trend"] = np.arange(len(index), dtype=float)
    if phases is not None:
        ph = phase_numbers(index, phases)
        present = np.unique(ph)
        for p in (present if phase_means else present[present > 0]):
            out[f"phase{int(p)}"] = (ph == p).astype(float)
        if len(present) == 1:
            raise SpecificationError(
                "phases= puts every period in the same phase, so a phase effect is not "
                "identified; check the dates or leave phases out")
    frame = pd.DataFrame(out, index=index)
    if exog is not None:
        if isinstance(exog, pd.Series):
            exog = exog.to_frame()
        if not isinstance(exog, pd.DataFrame):
            raise SpecificationError("exog must be a DataFrame of covariates on the "
                                     "index of the counts")
        ex = exog.reindex(index)
        if ex.isna().any().any():
            raise DataError("exog has missing values (or lacks some dates of the counts); "
                            "align it on the counts' index and fill or cut the window")
        ex.columns = [str(c) for c in ex.columns]
        clash = set(ex.columns) & set(frame.columns)
        if clash:
            raise SpecificationError(f"exog column names clash with built-in terms: "
                                     f"{sorted(clash)}; rename them")
        try:
            ex = ex.astype(float)
        except (TypeError, ValueError) as e:
            raise DataError(f"exog must be numeric ({e})") from None
        frame = pd.concat([frame, ex], axis=1)
    return frame


def check_rank(X: np.ndarray, names, *, what: str, fix: str):
    """Raise if the design ``X`` is rank deficient, naming the collinear columns."""
    if X.shape[0] <= X.shape[1]:
        raise SpecificationError(
            f"{what} has {X.shape[1]} coefficients per equation but only {X.shape[0]} "
            f"usable observations; {fix}")
    rank = np.linalg.matrix_rank(X)
    if rank < X.shape[1]:
        const_cols = [names[i] for i in range(X.shape[1])
                      if np.all(X[:, i] == X[0, i]) and names[i] != "const"]
        hint = f" (constant in the sample: {const_cols})" if const_cols else ""
        raise SpecificationError(
            f"the regressors of {what} are collinear (rank {rank} < {X.shape[1]})"
            f"{hint}; {fix}")


def newey_west_lags(n: int) -> int:
    """The Newey-West (1994) rule floor(4 (n/100)^(2/9))."""
    return int(math.floor(4 * (n / 100.0) ** (2.0 / 9.0)))


def hac_meat(scores: np.ndarray, maxlags: int) -> np.ndarray:
    """Bartlett-kernel HAC estimate of the long-run covariance of the scores."""
    s = np.asarray(scores, float)
    S = s.T @ s
    for lag in range(1, maxlags + 1):
        w = 1.0 - lag / (maxlags + 1.0)
        g = s[lag:].T @ s[:-lag]
        S += w * (g + g.T)
    return S


def sandwich(hessian: np.ndarray, meat: np.ndarray) -> np.ndarray:
    """H^{-1} S H^{-1} for the Hessian ``hessian`` of the log-likelihood."""
    Hinv = np.linalg.inv(hessian)
    return Hinv @ meat @ Hinv.T


def numeric_jacobian(f, x: np.ndarray, rel_step: float = 1e-6, *, steps=None,
                     stencil: int = 3) -> np.ndarray:
    """Central-difference Jacobian of a vector function ``f`` at ``x`` (rows: outputs).

    ``stencil=3``: (f(x+h) - f(x-h)) / 2h with h = ``rel_step`` * max(1, |x_i|).
    ``stencil=5``: the fourth-order five-point rule, which allows a 100-fold larger step
    for the same truncation error and so 100-fold less rounding noise (the noise is what
    an ill-conditioned information matrix amplifies into CPU-dependent standard
    errors). ``steps`` gives the step of each coordinate instead (e.g. kept inside a
    bound).
    """
    x = np.asarray(x, float)
    f0 = np.atleast_1d(np.asarray(f(x), float))
    J = np.empty((f0.size, x.size))
    for i in range(x.size):
        h = steps[i] if steps is not None else rel_step * max(1.0, abs(x[i]))

        def at(k):
            xx = x.copy()
            xx[i] += k * h
            return np.ravel(f(xx))

        if stencil == 5:
            J[:, i] = (8 * (at(1) - at(-1)) - (at(2) - at(-2))) / (12 * h)
        else:
            J[:, i] = (at(1) - at(-1)) / (2 * h)
    return J


def normal_interval(est, se, alpha: float):
    from scipy import stats
    z = stats.norm.ppf(1 - alpha / 2)
    return est - z * se, est + z * se


def newton_polish(grad, x, bounds=None, *, steps: int = 30, rel_step: float = 1e-5):
    """Newton steps on the coordinates of ``x`` off their bounds, to the root of ``grad``.

    Quasi-Newton optimisers (L-BFGS-B, BFGS) stop where their path first meets the
    tolerance, and that path differs between BLAS kernels and thread counts; on the flat
    likelihoods of sparse data the difference reaches the reported digits. A few Newton
    steps (numeric Hessian of the analytic gradient) take every machine to the same root.
    Coordinates on a bound (within 1e-6, gradient pointing out) are set exactly to the
    bound and held there. ``grad`` is the gradient of the function being *minimised*.
    A step that leaves the box or does not shrink the gradient ends the polish, so the
    result is never worse than ``x``. Returns ``(x, free)``.
    """
    x = np.array(x, float)
    n = len(x)
    lo = np.full(n, -np.inf)
    hi = np.full(n, np.inf)
    if bounds is not None:
        for i, (a, b) in enumerate(bounds):
            lo[i] = -np.inf if a is None else a
            hi[i] = np.inf if b is None else b
    with np.errstate(all="ignore"):
        g0 = np.asarray(grad(x), float)
    at_lo = (x <= lo + 1e-6) & ~(g0 < 0)
    at_hi = (x >= hi - 1e-6) & ~(g0 > 0)
    x[at_lo] = lo[at_lo]
    x[at_hi] = hi[at_hi]
    free = ~(at_lo | at_hi | (lo == hi))
    if not free.any() or not np.all(np.isfinite(g0)):
        return x, free
    f = np.flatnonzero(free)

    def gfree(v):
        xx = x.copy()
        xx[f] = v
        return np.asarray(grad(xx), float)[f]

    v = x[f]
    with np.errstate(all="ignore"):
        g = gfree(v)
        for _ in range(steps):
            H = numeric_jacobian(gfree, v, rel_step=rel_step)
            H = 0.5 * (H + H.T)
            try:
                step = np.linalg.solve(H, g)
            except np.linalg.LinAlgError:
                break
            v_new = v - step
            if (not np.all(np.isfinite(v_new)) or np.any(v_new < lo[f])
                    or np.any(v_new > hi[f])):
                break
            g_new = gfree(v_new)
            if not np.all(np.isfinite(g_new)) or np.max(np.abs(g_new)) > np.max(np.abs(g)):
                break
            v, g = v_new, g_new
            if np.max(np.abs(step)) <= 1e-13 * (1.0 + np.max(np.abs(v))):
                break
    x[f] = v
    return x, free


def polish_optimum(f, grad, result, bounds=None):
    """Take an optimiser's ``result`` (``.x``, ``.fun``) to the root of ``grad``.

    :func:`newton_polish`, accepted on the gradient: near an optimum the objective is
    flat to within its own rounding (which is what stalls L-BFGS-B there), so the
    polished point is kept when its free gradient is no larger and its objective no
    worse than 1e-9 relative. ``result`` is updated in place and returned.
    """
    if not (np.isfinite(result.fun) and result.fun < 1e299):
        return result
    x, free = newton_polish(grad, result.x, bounds)
    if not free.any():
        return result
    fx = f(x)
    if (fx <= result.fun + 1e-9 * max(1.0, abs(result.fun))
            and np.max(np.abs(grad(x)[free])) <= np.max(np.abs(grad(result.x)[free]))):
        result.x, result.fun = x, fx
    return result

