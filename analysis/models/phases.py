r"""Escalation phases: change points in daily counts of one or more sides.

Two tools live here.

* :func:`detect_phases` (engine :class:`ChangePointModel`): penalised maximum
  likelihood segmentation with a **Poisson** or **negative-binomial** cost, solved
  exactly by PELT (Killick, Fearnhead & Eckley 2012) or by optimal partitioning
  (Jackson et al. 2005). ruptures has no Poisson cost (its issue #262) and its PELT
  only looks at every fifth point by default (``jump=5``, its issue #324); here every
  day is a candidate and the pruning is valid for the cost, so PELT returns the same
  optimum as the exhaustive search.
* :func:`bayesian_changepoints` (engine :class:`BayesianChangePoint`): a conjugate
  Gamma-Poisson multiple change-point model whose posterior over at most ``K`` changes
  is computed **exactly** by forward-backward recursions over all segmentations
  (Fearnhead 2006), giving the posterior probability that a new phase begins on each
  day, the posterior of the number of changes and the posterior mean rate of each day.

A change point is common to all sides: a phase is a stretch of days in which *every*
side has a constant rate. Use one column for a univariate analysis.

The phase table (``results.phases``) has a ``start`` column, so it can be passed as
``phases=`` to the other models of the package (see ``CONTRIBUTING.md``).
"""

from __future__ import annotations

import math
import numbers
import warnings

import numba
import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ..exceptions import warn as _warn, DataError, DataWarning, EstimationError, SpecificationError
from ..reporting import Summary
from . import _discrete as _d
from .base import ModelResults, check_alpha, check_choice, renamed_keyword

__all__ = ["detect_phases", "ChangePointModel", "PhaseResults", "segment_cost", "PENALTIES",
           "FAMILIES", "bayesian_changepoints", "BayesianChangePoint", "BayesianPhaseResults"]

#: Count families of the segment likelihood (``family=`` of :func:`detect_phases`).
FAMILIES = ("poisson", "negbin")
#: Named penalty criteria; a non-negative number is also accepted.
PENALTIES = ("bic", "mbic", "aic")
_METHODS = ("pelt", "opt")
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


# ---------------------------------------------------------------------------------------
# Frequentist segmentation
# ---------------------------------------------------------------------------------------
class ChangePointModel:
    r"""Penalised-likelihood change points in counts of one or more sides.

    Cuts the days into phases with constant event rates, choosing the number and
    places of the changes by a penalised likelihood.

    Parameters
    ----------
    counts : DataFrame, Series or array
        One column per side (from :func:`analysis.to_counts`), complete and
        non-negative. A ``DatetimeIndex`` gives dated phases.
    family : {"poisson", "negbin"}
        The count distribution whose negative log-likelihood is the segment cost.
    penalty : {"bic", "mbic", "aic"} or float
    min_size : int
        Minimum phase length in periods (days). Default 7.
    method : {"pelt", "opt"}
    dispersion : {"within", "global"}, float or mapping
        NB dispersion :math:`\alpha_s` (ignored for the Poisson cost).
    penalty_scale : float
        Multiplies the penalty (default 1); see :meth:`calibrate_penalty`.

    See Also
    --------
    analysis.detect_phases : Build and fit this model in one call.
    analysis.BayesianChangePoint : Exact Bayesian change points.

    Notes
    -----
    **Model.** Days :math:`t = 1..T`, sides :math:`s = 1..S`, counts :math:`y_{ts}`.
    Change points :math:`0 = \tau_0 < \tau_1 < \dots < \tau_m < \tau_{m+1} = T` cut the
    days into :math:`m + 1` phases; in phase :math:`i` (days
    :math:`\tau_i < t \le \tau_{i+1}`, length :math:`n_i \ge` ``min_size``) side
    :math:`s` has rate :math:`\lambda_{is}`:

    * ``family="poisson"``: :math:`y_{ts} \sim \mathrm{Poisson}(\lambda_{is})`;
    * ``family="negbin"``: :math:`y_{ts} \sim \mathrm{NB}(\lambda_{is}, \alpha_s)` with mean
      :math:`\lambda_{is}` and variance :math:`\lambda_{is} + \alpha_s\lambda_{is}^2`.

    The change points are common to all sides. The estimate minimises

    .. math::  \sum_{i=0}^{m} C(\tau_i, \tau_{i+1}) + \beta\, m ,

    where :math:`C` is the negative log-likelihood of the segment at its MLE rates
    (:math:`\hat\lambda_{is} = Y_{is}/n_i`, the segment mean, for both costs), summed
    over sides and without the terms that do not depend on the segmentation:

    .. math::

        C_{\mathrm{Pois}} = \sum_s \big[Y_{is} - Y_{is}\log(Y_{is}/n_i)\big],\qquad
        C_{\mathrm{NB}} = \sum_s \Big[\big(\tfrac{n_i}{\alpha_s} + Y_{is}\big)
        \log(1 + \alpha_s\hat\lambda_{is}) - Y_{is}\log(\alpha_s\hat\lambda_{is})\Big],

    with :math:`0\log 0 = 0` (:func:`segment_cost`).

    **Penalty** (``penalty``, on the negative-log-likelihood scale):

    * ``"bic"``: :math:`\beta = \tfrac{S+1}{2}\log T` (each change adds :math:`S` rates
      and one location; Schwarz's BIC = :math:`-2\ell + k\log T`, halved).
    * ``"mbic"``: the modified BIC of Zhang & Siegmund (2007), extended to :math:`S`
      sides: :math:`\beta = \log T` per change plus :math:`\tfrac{S}{2}\log n_i` for
      every phase (one Laplace factor per rate), i.e. the criterion is
      :math:`\sum_i C_i + \tfrac{S}{2}\sum_i \log n_i + m\log T`. More conservative
      than BIC for long series; the default.
    * ``"aic"``: :math:`\beta = S + 1`. Permissive; for exploration.
    * a number :math:`\beta \ge 0`: used as given.

    ``penalty_scale`` multiplies the whole penalty (:math:`\beta` and the MBIC segment
    term); :meth:`calibrate_penalty` finds the scale that keeps spurious changes in
    simulations from a stated (e.g. self-exciting) null at 5%.

    **Dispersion** (NB only), :math:`\alpha_s` is estimated *once* and then held fixed
    (so the cost stays additive and PELT exact):

    * ``"within"`` (default): fit the Poisson segmentation with the same penalty and
      ``min_size``, then maximise the NB likelihood of each side over :math:`\alpha_s`
      with the phase means held at their sample means (profile likelihood). Bursts
      explained by the Poisson phases then do not inflate :math:`\alpha_s`.
    * ``"global"``: the same with a single phase; larger, so fewer changes.
    * a number or a mapping side -> number: fixed by the user (0 = Poisson).

    **Search.** ``method="pelt"`` (default) is PELT with every day a candidate; the
    pruning uses :math:`K = 0` (Poisson and NB costs satisfy
    :math:`C(a,t) + C(t,b) \le C(a,b)`) or :math:`K = -\tfrac{S}{2}\log(T/2)` with the
    MBIC segment term, and a candidate pruned at step :math:`s` stays available until
    :math:`s +` ``min_size``, which keeps PELT exact with a minimum segment length.
    ``method="opt"`` is the :math:`O(T^2)` optimal partitioning; both give the same
    optimum (tested against brute-force enumeration).

    Weighted series (e.g. ``to_counts(weight=SeverityIndex())``) are accepted: the
    costs are then quasi-likelihoods and the penalty's scale is that of counts; the
    NB cost (whose dispersion absorbs the scale) is the safer choice for them.

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents, SIDES
    >>> counts = analysis.to_counts(dyad_incidents(), columns=SIDES)
    >>> res = analysis.detect_phases(counts, family="negbin", penalty="mbic", min_size=14)
    >>> res.phases[["start", "end", "rate_militia", "rate_us"]]   # doctest: +SKIP
    """

    def __init__(self, counts, family: str = "poisson", penalty="mbic", min_size: int = 7,
                 method: str = "pelt", dispersion="within", penalty_scale: float = 1.0,
                 **renamed):
        if renamed:
            renamed_keyword(renamed, "ChangePointModel", {"cost": "family"})
        family = _check_family(family)
        if method not in _METHODS:
            raise SpecificationError(f"method must be one of {list(_METHODS)}, got {method!r}")
        if isinstance(penalty, str):
            if penalty not in PENALTIES:
                raise SpecificationError(f"penalty must be one of {list(PENALTIES)} or a "
                                         f"number >= 0, got {penalty!r}")
        elif not (isinstance(penalty, numbers.Real) and not isinstance(penalty, bool)
                  and math.isfinite(penalty) and penalty >= 0):
            raise SpecificationError(f"penalty must be one of {list(PENALTIES)} or a "
                                     f"number >= 0, got {penalty!r}")
        if family == "negbin" and isinstance(dispersion, str) and dispersion not in _DISPERSIONS:
            raise SpecificationError(f"dispersion must be one of {list(_DISPERSIONS)}, a "
                                     f"number >= 0 or a mapping, got {dispersion!r}")
        self.y, self.index, self.sides = _as_counts(counts)
        self.T, self.S = self.y.shape
        if self.T < 2:
            raise DataError(f"the series has {self.T} period(s); at least 2 are needed")
        self.min_size = _check_min_size(min_size, self.T)
        _check_events(self.y, self.sides)
        if family == "negbin" and not isinstance(dispersion, str):
            _alpha_array(dispersion, self.sides)
        self.counts = pd.DataFrame(self.y, index=self.index, columns=self.sides)
        self.family, self.penalty, self.method, self.dispersion = (family, penalty, method,
                                                                   dispersion)
        if isinstance(penalty_scale, bool) or not isinstance(penalty_scale, numbers.Real) \
                or not math.isfinite(penalty_scale) or penalty_scale <= 0:
            raise SpecificationError(f"penalty_scale must be a number > 0, got "
                                     f"{penalty_scale!r}")
        self.penalty_scale = float(penalty_scale)

    @property
    def nobs(self) -> int:
        """int: periods in the series."""
        return int(self.T)

    # -- pieces ------------------------------------------------------------------------
    def penalty_value(self) -> float:
        """:math:`\\beta`, the penalty per change on the negative-log-likelihood scale."""
        T, S = self.T, self.S
        c = getattr(self, "penalty_scale", 1.0)
        if not isinstance(self.penalty, str):
            return c * float(self.penalty)
        return c * {"bic": (S + 1) / 2 * math.log(T), "mbic": math.log(T),
                    "aic": float(S + 1)}[self.penalty]

    def _seg_coef(self) -> float:
        return getattr(self, "penalty_scale", 1.0) * self.S / 2 \
            if self.penalty == "mbic" else 0.0

    def _run(self, alpha: np.ndarray):
        cs = np.vstack([np.zeros((1, self.S)), np.cumsum(self.y, axis=0)])
        beta = self.penalty_value()
        seg_coef = self._seg_coef()
        K = -seg_coef * math.log(max(self.T / 2, 1.0)) if seg_coef else 0.0
        F, last = _segment(cs, np.ascontiguousarray(alpha, dtype=float), float(beta),
                           int(self.min_size), float(seg_coef), float(K),
                           self.method == "pelt")
        if not np.isfinite(F[-1]):
            raise EstimationError("no admissible segmentation found; check min_size")
        return _backtrack(last), float(F[-1])

    def _estimate_alpha(self) -> np.ndarray:
        if not isinstance(self.dispersion, str):
            return _alpha_array(self.dispersion, self.sides)
        if self.dispersion == "global":
            bounds = np.array([0, self.T])
        else:
            cps, _ = self._run(np.zeros(self.S))
            bounds = np.array([0, *cps, self.T])
        return np.array([_nb_alpha_profile(self.y[:, j], bounds) for j in range(self.S)])

    def calibrate_penalty(self, null_series, changes, *, level: float = 0.05,
                          criterion: str = "share", tolerance: int | None = None,
                          scales=None) -> pd.DataFrame:
        r"""The penalty scale that keeps spurious changes at ``level`` in null series.

        Penalties from information criteria assume independent counts; bursty,
        self-exciting series make them find too many changes (in simulations
        calibrated to the bundled data NB-PELT with MBIC found 3.2 changes on average
        where the self-exciting series had 2). This calibrates the penalty against
        series simulated from a null the user states, e.g. a self-exciting count model
        with known phases: ``CountHawkes(counts, phases=changes).fit().simulate(rng,
        n_paths)``.

        A change found in a null series is *spurious* when it lies more than
        ``tolerance`` periods from every true change; a true change is *found* when a
        change lies within ``tolerance`` of it. The segmentation (this model's
        family, ``min_size`` and method; for the NB cost the dispersion estimated on
        the data, held fixed) is run on every null series at each penalty scale
        :math:`c` in ``scales`` (:math:`c\,eta` per change and, for MBIC, :math:`c`
        times its segment term). The calibrated scale is the smallest :math:`c \ge 1`
        at which

        * ``criterion="share"``: spurious changes are at most ``level`` of all the
          changes found (pooled over the series; INFERENCE.md item 9), or
        * ``criterion="any"``: at most ``level`` of the series have any spurious change.

        Use it as ``detect_phases(counts, ..., penalty_scale=c)``. The table says what
        it costs: the share of true changes still found (power) at every scale.

        Parameters
        ----------
        null_series : list of DataFrame
            Simulated series with the columns of ``counts`` (at least 20).
        changes : list of dates or positions
            The true changes of the null (the first day of each new phase).
        level : float
            Largest spurious share.
        criterion : {"share", "any"}
        tolerance : int, optional
            Periods within which a found change counts as a true one (default
            ``min_size``).
        scales : list of float, optional
            Penalty scales tried (default 1 to 16, geometric, 17 values).

        Returns
        -------
        DataFrame
            One row per scale: ``mean_changes``, ``mean_spurious``, ``spurious_share``
            (spurious / found), ``any_spurious`` (share of series), ``power`` (share of
            true changes found). ``attrs["penalty_scale"]`` is the calibrated scale
            (NaN with a warning when no scale tried reaches ``level``), and
            ``attrs["n_sim"]``, ``attrs["criterion"]``, ``attrs["level"]``.
        """
        level = check_alpha(level)
        check_choice("criterion", criterion, ["share", "any"])
        tol = self.min_size if tolerance is None else int(tolerance)
        scales = np.geomspace(1, 16, 17) if scales is None else np.asarray(scales, float)
        null_series = list(null_series)
        if len(null_series) < 20:
            raise SpecificationError(f"null_series has {len(null_series)} series; at least "
                                     "20 are needed to calibrate a penalty")
        true = []
        for c in list(changes):
            if isinstance(c, (numbers.Integral, np.integer)):
                true.append(int(c))
            else:
                pos = self.index.get_indexer([pd.Timestamp(c)])[0]
                if pos < 0:
                    raise SpecificationError(f"change {c!r} is not a period of counts")
                true.append(int(pos))
        true = np.array(true, dtype=float)
        alpha = self._estimate_alpha() if self.family == "negbin" else np.zeros(self.S)
        beta0, seg0 = self.penalty_value(), self._seg_coef()
        n_found = np.zeros((len(null_series), len(scales)))
        n_spur = np.zeros_like(n_found)
        n_true = np.zeros_like(n_found)
        for r, sim in enumerate(null_series):
            y, _, _ = _as_counts(sim)
            if y.shape[1] != self.S:
                raise SpecificationError(f"null_series[{r}] has {y.shape[1]} columns; the "
                                         f"model has {self.S} ({self.sides})")
            cs = np.vstack([np.zeros((1, self.S)), np.cumsum(y, axis=0)])
            for j, c in enumerate(scales):
                seg = seg0 * c
                K = -seg * math.log(max(len(y) / 2, 1.0)) if seg else 0.0
                _, last = _segment(cs, np.ascontiguousarray(alpha, dtype=float),
                                   float(beta0 * c), int(self.min_size), float(seg),
                                   float(K), self.method == "pelt")
                found = np.array(_backtrack(last), dtype=float)
                n_found[r, j] = len(found)
                if len(found) and len(true):
                    d = np.abs(found[:, None] - true[None])
                    n_spur[r, j] = np.sum(d.min(axis=1) > tol)
                    n_true[r, j] = np.sum(d.min(axis=0) <= tol)
                else:
                    n_spur[r, j] = len(found)
        tot = n_found.sum(axis=0)
        table = pd.DataFrame({
            "mean_changes": n_found.mean(axis=0), "mean_spurious": n_spur.mean(axis=0),
            "spurious_share": np.where(tot > 0, n_spur.sum(axis=0) / np.maximum(tot, 1), 0.0),
            "any_spurious": (n_spur > 0).mean(axis=0),
            "power": n_true.mean(axis=0) / max(len(true), 1)},
            index=pd.Index(scales, name="penalty_scale"))
        col = "spurious_share" if criterion == "share" else "any_spurious"
        ok = table.index[table[col] <= level]
        if len(ok):
            scale = float(ok[0])
        else:
            scale = float("nan")
            _warn(f"no penalty scale up to {scales.max():g} keeps the {col} of "
                  f"spurious changes at {level:g}; no penalty is calibrated for this "
                  "null", DataWarning)
        table.attrs.update(penalty_scale=scale, n_sim=len(null_series),
                           criterion=criterion, level=level, tolerance=tol)
        return table

    # -- fit ---------------------------------------------------------------------------
    def fit(self) -> "PhaseResults":
        """Find the optimal segmentation; returns a new :class:`PhaseResults`."""
        alpha = self._estimate_alpha() if self.family == "negbin" else np.zeros(self.S)
        cps, objective = self._run(alpha)
        return PhaseResults(self, cps, objective, alpha)


def detect_phases(counts, family: str = "poisson", penalty="mbic", min_size: int = 7, *,
                  method: str = "pelt", dispersion="within", penalty_scale: float = 1.0,
                  **renamed) -> "PhaseResults":
    """Escalation phases of daily counts: ``ChangePointModel(...).fit()``.

    See Also
    --------
    analysis.ChangePointModel : The model, the families, the penalty criteria and the
        dispersion options.
    analysis.PhaseResults : What is returned.

    Notes
    -----
    See :class:`ChangePointModel` for the model, the families, the penalty criteria and the
    dispersion options, and :class:`PhaseResults` for what is returned.

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents, SIDES
    >>> counts = analysis.to_counts(dyad_incidents(), columns=SIDES)
    >>> res = analysis.detect_phases(counts, family="poisson", penalty="mbic", min_size=14)
    >>> res.summary()          # doctest: +SKIP
    >>> res.plot()             # doctest: +SKIP
    """
    if renamed:
        renamed_keyword(renamed, "detect_phases", {"cost": "family"})
    return ChangePointModel(counts, family=family, penalty=penalty, min_size=min_size,
                            method=method, dispersion=dispersion,
                            penalty_scale=penalty_scale).fit()


def _phase_table(y, index, sides, bounds) -> pd.DataFrame:
    rows = []
    prev = None
    for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        row = {"phase": i, "start": index[a], "end": index[b - 1], "days": int(b - a)}
        rates = y[a:b].mean(axis=0)
        for j, s in enumerate(sides):
            row[f"n_{s}"] = float(y[a:b, j].sum())
        for j, s in enumerate(sides):
            row[f"rate_{s}"] = float(rates[j])
        for j, s in enumerate(sides):
            if prev is None:
                ratio = np.nan
            elif prev[j] == 0:
                ratio = np.inf if rates[j] > 0 else np.nan
            else:
                ratio = rates[j] / prev[j]
            row[f"ratio_{s}"] = float(ratio)
        prev = rates
        rows.append(row)
    return pd.DataFrame(rows).set_index("phase")


class PhaseResults(ModelResults):
    r"""The phases found by :class:`ChangePointModel` (returned by :func:`detect_phases`).

    Attributes
    ----------
    phases : DataFrame
        One row per phase (index ``phase`` = 0, 1, ...): ``start`` and ``end`` (first and
        last day, inclusive), ``days``, and for each side ``n_<side>`` (events),
        ``rate_<side>`` (:math:`\hat\lambda_{is}`, events per day) and ``ratio_<side>``
        (rate over the previous phase's rate; NaN for phase 0 and for 0/0, ``inf`` when
        the previous rate was 0). Pass it as ``phases=`` to other models.
    changes : Index
        The days on which a new phase begins (``phases.start[1:]``), shape ``(m,)``.
    breakpoints : list of int
        The same as positions in the series (:math:`\tau_1..\tau_m`).
    n_changes : int
        :math:`m`.
    params : Series
        :math:`\hat\lambda_{is}`, indexed by (phase, side).
    bse : Series
        Standard errors of the rates *given the change points*: Poisson
        :math:`\sqrt{\hat\lambda/n_i}`, NB :math:`\sqrt{(\hat\lambda + \alpha\hat\lambda^2)
        /n_i}`.
    dispersion : Series
        :math:`\alpha_s` per side (0 for the Poisson family).
    fitted : DataFrame
        The phase rate of every day and side (same shape as the counts).
    beta : float
        The penalty per change used, on the negative-log-likelihood scale.
    objective : float
        The minimised penalised cost.
    llf : float
        Log-likelihood at the estimates (including the constant terms).
    model : ChangePointModel
    family, penalty, min_size, method, counts
        The specification.
    """

    _renamed = {"plot_phases": "plot", "cost": "family", "alpha": "dispersion"}

    def __init__(self, model: ChangePointModel, cps, objective, alpha):
        self.model = model
        self.counts = model.counts
        self.family, self.penalty, self.min_size = model.family, model.penalty, model.min_size
        self.method = model.method
        self.beta = model.penalty_value()
        self.objective = objective
        self.breakpoints = [int(c) for c in cps]
        self.n_changes = len(self.breakpoints)
        self.T = model.T
        y, index = model.y, model.index
        self._bounds = np.array([0, *self.breakpoints, self.T])
        self.dispersion = pd.Series(alpha, index=self.sides, name="dispersion")
        self.phases = _phase_table(y, index, self.sides, self._bounds)
        self.changes = index[self.breakpoints]
        fitted = np.empty_like(y)
        for a, b in zip(self._bounds[:-1], self._bounds[1:]):
            fitted[a:b] = y[a:b].mean(axis=0)
        self.fitted = pd.DataFrame(fitted, index=index, columns=self.sides)
        # parameters
        idx = pd.MultiIndex.from_product([self.phases.index, self.sides],
                                         names=["phase", "side"])
        rates = self.phases[[f"rate_{s}" for s in self.sides]].to_numpy().ravel()
        n = np.repeat(self.phases["days"].to_numpy(), self.S)
        al = np.tile(alpha, len(self.phases))
        self.params = pd.Series(rates, index=idx, name="params")
        self._bse = pd.Series(np.sqrt((rates + al * rates ** 2) / n), index=idx, name="bse")
        self.llf = self._loglik(y, fitted, alpha)

    @property
    def S(self) -> int:
        """int: number of sides."""
        return len(self.sides)

    @property
    def bse(self) -> pd.Series:
        """Series: standard errors of the phase rates given the change points."""
        return self._bse.copy()

    def cov_params(self) -> pd.DataFrame:
        """Diagonal covariance of the phase rates given the change points (phases are
        disjoint and sides independent under the model)."""
        return pd.DataFrame(np.diag(self._bse.to_numpy() ** 2), index=self.params.index,
                            columns=self.params.index)

    def _loglik(self, y, mu, alpha) -> float:
        ll = 0.0
        for j in range(y.shape[1]):
            yj, mj, al = y[:, j], mu[:, j], alpha[j]
            if al <= 0:
                with np.errstate(divide="ignore", invalid="ignore"):
                    term = np.where(yj > 0, yj * np.log(np.where(mj > 0, mj, 1.0)), 0.0)
                ll += float((term - mj - special.gammaln(yj + 1)).sum())
            else:
                r = 1.0 / al
                with np.errstate(divide="ignore", invalid="ignore"):
                    term = np.where(yj > 0, yj * (np.log(al * np.where(mj > 0, mj, 1.0))
                                                  - np.log1p(al * mj)), 0.0)
                ll += float((special.gammaln(yj + r) - special.gammaln(r)
                             - special.gammaln(yj + 1) - r * np.log1p(al * mj) + term).sum())
        return ll

    @property
    def df_model(self) -> int:
        """Number of estimated quantities: rates, change locations, dispersions."""
        return (self.n_changes + 1) * self.S + self.n_changes + \
            (int((self.dispersion > 0).sum()) if self.family == "negbin" else 0)

    @property
    def n_params(self) -> int:
        """int: rates, change locations and dispersions (``df_model``)."""
        return self.df_model

    @property
    def aic(self) -> float:
        """AIC at the detected change points (treats them as estimated parameters)."""
        return -2 * self.llf + 2 * self.df_model

    @property
    def bic(self) -> float:
        """BIC at the detected change points (``log(T)`` per estimated quantity)."""
        return -2 * self.llf + math.log(self.T) * self.df_model

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Confidence intervals of the phase rates, *given the change points*.

        Poisson family: exact (Garwood) intervals for a Poisson total over the phase
        (exact for integer counts). Negative binomial: Wald intervals on the log scale with the NB
        variance. Both ignore the uncertainty in the change points themselves (see
        :func:`bayesian_changepoints` for that).
        """
        alpha = check_alpha(alpha)
        n = np.repeat(self.phases["days"].to_numpy(), self.S).astype(float)
        lam = self.params.to_numpy()
        if self.family == "poisson":
            tot = lam * n
            lo = np.where(tot > 0, stats.chi2.ppf(alpha / 2, 2 * tot) / 2, 0.0) / n
            hi = stats.chi2.ppf(1 - alpha / 2, 2 * tot + 2) / 2 / n
        else:
            z = stats.norm.ppf(1 - alpha / 2)
            with np.errstate(divide="ignore", invalid="ignore"):
                se_log = np.where(lam > 0, self.bse.to_numpy() / np.where(lam > 0, lam, 1), 0)
            lo = lam * np.exp(-z * se_log)
            hi = lam * np.exp(z * se_log)
            # a phase without events: the Poisson upper bound (NB variance is 0 there)
            hi = np.where(lam > 0, hi, -np.log(alpha / 2) / n)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.index)

    def phase_of(self, dates) -> pd.Series:
        """Phase number of each date (or position): 0 before the first change, etc."""
        cps = pd.Index(self.changes)
        vals = pd.DatetimeIndex(pd.to_datetime(dates)) if isinstance(
            self.counts.index, pd.DatetimeIndex) else pd.Index(dates)
        return pd.Series(cps.searchsorted(vals, side="right"), index=vals, name="phase")

    def _calibration_design(self, null=None):
        # how analysis.models.calibration.calibrate() simulates from and refits this fit
        from .calibration import phases_design
        return phases_design(self, null)

    # -- reporting ---------------------------------------------------------------------
    def summary(self, alpha: float = 0.05) -> Summary:
        """Penalty, change points, the phase table and the phase rates with intervals.

        Parameters
        ----------
        alpha : float
            1 - confidence level of the rate intervals (given the change points).
        """
        pen = self.penalty if isinstance(self.penalty, str) else "user value"
        info = [("Family", {"poisson": "Poisson", "negbin": "negative binomial (NB2)"}[
                    self.family]),
                ("Sides", ", ".join(self.sides)),
                ("Periods", self.T),
                ("First day", _fmt_label(self.counts.index[0])),
                ("Last day", _fmt_label(self.counts.index[-1])),
                ("Penalty", f"{pen} (beta = {self.beta:.3f} per change)"),
                ("Minimum phase length", self.min_size),
                ("Search", {"pelt": "PELT (exact)", "opt": "optimal partitioning"}[
                    self.method]),
                ("Change points", self.n_changes),
                ("Penalised cost", self.objective),
                ("Log-likelihood", self.llf)]
        if self.family == "negbin":
            info.append(("Dispersion alpha", ", ".join(
                f"{s}: {a:.3g}" for s, a in self.dispersion.items())))
        table = self.phases.copy()
        table["start"] = [_fmt_label(v) for v in table["start"]]
        table["end"] = [_fmt_label(v) for v in table["end"]]
        notes = ["rate = events per period in the phase; ratio = rate / previous phase's "
                 "rate (nan: first phase or 0/0; inf: previous rate 0).",
                 "Change points are common to all sides. Rate intervals from conf_int() "
                 "are conditional on the change points."]
        ci = self.conf_int(alpha)
        rates = pd.DataFrame({"rate": self.params, "bse": self.bse, "lower": ci["lower"],
                              "upper": ci["upper"]})
        out = Summary("Escalation phases (penalised change points)", info,
                      [("Phases", table),
                       (f"Phase rates, {100 * (1 - alpha):g}% intervals given the change "
                        "points", rates)], notes)
        ratio_cols = [c for c in table.columns if str(c).startswith("ratio")]
        if ratio_cols and len(table):
            out.explain_missing("first phase: there is no previous phase to compare with",
                                table="Phases", rows=[table.index[0]], columns=ratio_cols)
            later = table.index[1:][table[ratio_cols].iloc[1:].isna().any(axis=1).to_numpy()]
            if len(later):
                out.explain_missing("0/0: no events in this phase or in the one before",
                                    table="Phases", rows=list(later), columns=ratio_cols)
        return out

    def plot(self, ax=None, *, smooth: int | None = 7, sides=None, shade: bool = True):
        """The counts (a centred moving average over ``smooth`` periods; None for raw),
        the phase rates as steps, and the phase boundaries. Returns the Axes."""
        return _plot_phases(self.counts, self.fitted, self.changes, ax=ax, smooth=smooth,
                            sides=sides, shade=shade,
                            title=f"Phases ({self.family}, {self.n_changes} changes)")

    def __repr__(self) -> str:
        return (f"PhaseResults({self.n_changes} changes, family={self.family!r}, "
                f"penalty={self.penalty!r}, min_size={self.min_size})")


def _fmt_label(v):
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return v


def _plot_phases(counts, fitted, changes, *, ax=None, smooth=7, sides=None, shade=True,
                 title=None, fit_label="phase rate"):
    from ..plotting import new_figure, side_color, side_label, style

    if ax is None:
        _, ax = new_figure("wide")
    sides = list(counts.columns) if sides is None else list(sides)
    unknown = [s for s in sides if s not in counts.columns]
    if unknown:
        raise SpecificationError(f"sides {unknown} are not in the counts "
                                 f"({list(counts.columns)})")
    x = counts.index
    with style():
        bounds = [x[0], *list(changes)]
        ends = list(changes) + [x[-1]]
        if shade:
            for i, (a, b) in enumerate(zip(bounds, ends)):
                if i % 2 == 1:
                    ax.axvspan(a, b, color="0.92", lw=0, zorder=0)
        for c in changes:
            ax.axvline(c, color="0.45", lw=0.6, ls="--", zorder=1)
        order = list(counts.columns)
        f = getattr(x, "freqstr", None) or (pd.infer_freq(x) if len(x) > 2 else None)
        unit = {"D": "day", "W": "week"}.get(str(f or "")[:1], "period")
        for s in sides:
            col = side_color(s, order)
            data = counts[s]
            if smooth:
                data = data.rolling(int(smooth), center=True, min_periods=1).mean()
            # one legend entry per side; the legend title says which line is which
            ax.plot(x, data.to_numpy(), color=col, lw=0.6, alpha=0.45,
                    label="_nolegend_" if fitted is not None else side_label(s), zorder=2)
            if fitted is not None:
                ax.plot(x, fitted[s].to_numpy(), color=col, lw=1.5, drawstyle="steps-post",
                        label=side_label(s), zorder=3)
        thin = f"{smooth}-{unit} mean" if smooth else "counts"
        ax.set_ylabel(f"events per {unit}")
        ax.set_ylim(bottom=0)
        if title:
            ax.set_title(title)
        ax.legend(frameon=False, loc="upper left",
                  title=f"thick: {fit_label}; thin: {thin}" if fitted is not None else thin)
    return ax


def __getattr__(name):
    # the Bayesian model lives in bayesian_phases (imported on first use: no cycle)
    if name in ("bayesian_changepoints", "BayesianChangePoint", "BayesianPhaseResults"):
        from . import bayesian_phases
        return getattr(bayesian_phases, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
