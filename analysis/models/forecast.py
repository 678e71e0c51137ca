r"""Out-of-sample skill: rolling one-step-ahead forecasts of daily counts, proper scores.

"X helps predict Y" is a score difference, not an in-sample p-value. This module gives
every model family that yields a predictive distribution of the next period's counts a
common forecasting interface (:class:`Forecaster`), runs rolling one-step-ahead
forecasts with an expanding window (:func:`one_step_ahead`), and scores them with the
proper scoring rules of R's ``surveillance`` package (``oneStepAhead``, ``scores``,
``calibrationTest``; Czado, Gneiting & Held 2009; Wei & Held 2014): the logarithmic
score, the ranked probability score, the Dawid-Sebastiani score and the Brier score of
the event "at least one event". Results (:class:`ForecastResults`) give score
differences against climatology and own-history baselines with month-block bootstrap
intervals, "predictive Granger" differences (a model with the other sides' history minus
the same model without it), PIT histograms and calibration tests.

Families and their predictive distributions (all sides are arguments; nothing is tied
to one dyad):

* ``"climatology"``: negative binomial (Poisson when not overdispersed) with the
  training window's mean and variance (moments), ignoring all history: the reference.
* ``"negbin"``, ``"poisson"``: :class:`~analysis.CountModel` distributed-lag count
  regressions; the predictive distribution is the fitted NB2 (or Poisson) at the
  day's lagged counts.
* ``"count_hawkes"``: :class:`~analysis.CountHawkes`, the self-exciting count model;
  NB2 (or Poisson) with the fitted conditional mean :math:`\lambda_{i,t}`.
* ``"signed_count_hawkes"``: :class:`~analysis.SignedCountHawkes` (log-linear, signed
  cross-effects); NB2 (or Poisson) with the fitted conditional mean.
* ``"var"``: :class:`~analysis.VARModel`. The VAR is Gaussian; its one-step predictive
  :math:`N(\hat\mu_{i,t}, \hat\sigma_{ii})` (the fitted conditional mean and residual
  variance of equation :math:`i`) is put on the integers by rounding: the mass below
  0.5 goes to 0 and :math:`P(Y = y) = \Phi((y + .5 - \mu)/\sigma) - \Phi((y - .5 -
  \mu)/\sigma)` for :math:`y \ge 1`. The continuous-time :class:`~analysis.Hawkes`
  model is not offered: on day-precision data its daily predictive distribution needs
  the order of same-day events, which the data do not have, and
  ``"count_hawkes"`` is its discretisation on exactly these days.

``predictors="own"`` fits the same family to each side's own history only (the
own-history baseline and the restricted model of predictive Granger).

Scores are negatively oriented (smaller is better), as in ``surveillance::scores``.
A score *difference* is reported as reference minus model, summed over the forecast
days, so a positive difference means the model forecasts better ("score points").
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd
from scipy import special, stats

from ..exceptions import AnalysisWarning, ConvergenceWarning, EstimationError, SpecificationError
from ..exceptions import warn as _warn
from ..reporting import HypothesisTest, Summary
from . import _discrete as _d
from .base import (REPLICATE_FAILURES, ModelResults, as_rng, check_alpha, check_choice,
                   check_positive_int, percentile_interval, run_replicates)

__all__ = ["Forecaster", "one_step_ahead", "ForecastResults", "score_counts",
           "calibration_test", "gof_table", "SCORES"]

#: The scoring rules (all negatively oriented: smaller is better).
SCORES = ("logs", "rps", "dss", "brier")
FAMILIES = ("climatology", "negbin", "poisson", "count_hawkes", "signed_count_hawkes",
            "var")
PREDICTORS = ("all", "own")
_TAIL = 1e-10          # predictive mass left beyond the support of the pmf arrays


# --------------------------------------------------------------------------------------
# Predictive distributions on 0..K and the scores
# --------------------------------------------------------------------------------------
def _nb_pmf(mu, alpha, K):
    """pmf on 0..K of NB2(mu, alpha) (Poisson where alpha is None or 0); (n, K+1)."""
    mu = np.asarray(mu, float)[:, None]
    k = np.arange(K + 1)[None, :]
    if alpha is None or np.all(np.asarray(alpha) == 0):
        return np.exp(k * np.log(np.maximum(mu, 1e-300)) - mu - special.gammaln(k + 1))
    size = 1.0 / np.broadcast_to(np.asarray(alpha, float), mu.shape[:1])[:, None]
    return np.exp(special.gammaln(k + size) - special.gammaln(size) - special.gammaln(k + 1)
                  + size * np.log(size / (size + mu)) + k * np.log(mu / (size + mu)))


def _support(mu, alpha, y):
    """Largest count carrying predictive mass above ``_TAIL``, and the observed max."""
    mu = np.asarray(mu, float)
    if alpha is None or np.all(np.asarray(alpha) == 0):      # as _nb_pmf: Poisson
        hi = stats.poisson.ppf(1 - _TAIL, np.max(mu))
    else:
        a = np.broadcast_to(np.asarray(alpha, float), mu.shape)
        size = 1.0 / a
        hi = np.max(stats.nbinom.ppf(1 - _TAIL, size, size / (size + mu)))
    return int(max(np.nanmax(hi) if np.isfinite(hi).all() else 1e4, np.max(y), 1)) + 1


def _normal_pmf(mu, sd, K):
    """A Gaussian N(mu, sd^2) put on 0..K by rounding (mass below 0.5 on 0, above K - 0.5
    on K), computed on the log scale so that far tails stay positive."""
    mu = np.asarray(mu, float)[:, None]
    sd = np.asarray(sd, float)[:, None]
    lo = np.concatenate([np.full((1,), -np.inf), np.arange(K) + 0.5])[None, :]
    hi = np.concatenate([np.arange(K) + 0.5, np.full((1,), np.inf)])[None, :]
    a, b = (lo - mu) / sd, (hi - mu) / sd
    # P(a < Z < b) = Phi(b) - Phi(a) below the mean, Phi(-a) - Phi(-b) above it
    upper = a > 0
    la = np.where(upper, special.log_ndtr(-b), special.log_ndtr(a))
    lb = np.where(upper, special.log_ndtr(-a), special.log_ndtr(b))
    with np.errstate(divide="ignore", invalid="ignore"):
        logp = lb + np.log1p(-np.exp(la - lb))
    return np.exp(logp)


def _scores_from_pmf(pmf, y, which=None):
    """Every score of observation ``y`` (n,) under predictive ``pmf`` (n, K+1), or only
    the score ``which`` (the others need (n, K+1) temporaries)."""
    y = np.asarray(y, int)
    n, K1 = pmf.shape
    k = np.arange(K1)
    p_y = pmf[np.arange(n), y]
    with np.errstate(divide="ignore"):
        logs = -np.log(p_y)
    if which == "logs":
        return {"logs": logs}
    if which == "brier":
        return {"brier": (1.0 - pmf[:, 0] - (y > 0)) ** 2}
    F = np.cumsum(pmf, axis=1)
    rps = np.sum((F - (k[None, :] >= y[:, None])) ** 2, axis=1)
    mean = pmf @ k
    var = pmf @ k ** 2 - mean ** 2
    sd = np.sqrt(np.maximum(var, 1e-300))
    dss = ((y - mean) / sd) ** 2 + 2 * np.log(sd)
    p_pos = 1.0 - pmf[:, 0]
    brier = (p_pos - (y > 0)) ** 2
    return {"logs": logs, "rps": rps, "dss": dss, "brier": brier}


def _score_moments(pmf, which):
    """Expectation and variance of a score under its own predictive (Wei & Held 2014)."""
    n, K1 = pmf.shape
    k = np.arange(K1)
    if which == "logs":
        with np.errstate(divide="ignore", invalid="ignore"):
            lp = np.where(pmf > 0, np.log(pmf), 0.0)
        E = -np.sum(pmf * lp, axis=1)
        V = np.sum(pmf * lp ** 2, axis=1) - E ** 2
    elif which == "dss":
        mean = pmf @ k
        var = pmf @ k ** 2 - mean ** 2
        m4 = np.sum(pmf * (k[None, :] - mean[:, None]) ** 4, axis=1)
        E = 1.0 + np.log(var)
        V = m4 / var ** 2 - 1.0
    elif which == "rps":
        # S(y) = sum_{k<y} F_k^2 + sum_{k>=y} (1 - F_k)^2 for every y in 0..K
        F = np.cumsum(pmf, axis=1)
        below = np.concatenate([np.zeros((n, 1)), np.cumsum(F ** 2, axis=1)[:, :-1]], axis=1)
        above = np.cumsum(((1 - F) ** 2)[:, ::-1], axis=1)[:, ::-1]
        S = below + above
        E = np.sum(pmf * S, axis=1)
        V = np.sum(pmf * S ** 2, axis=1) - E ** 2
    elif which == "brier":
        p = 1.0 - pmf[:, 0]
        E = p * (1 - p) ** 2 + (1 - p) * p ** 2
        V = p * (1 - p) ** 4 + (1 - p) * p ** 4 - E ** 2
    else:
        raise SpecificationError(f"which must be one of {list(SCORES)}, got {which!r}")
    return E, np.maximum(V, 0.0)


def score_counts(y, mu, dispersion=None) -> pd.DataFrame:
    """Proper scores of observed counts under NB2 or Poisson predictions.

    The same definitions as R's ``surveillance::scores`` (``logs``, ``rps``, ``dss``),
    plus the Brier score of the event "at least one event".

    Parameters
    ----------
    y : array-like of int
        Observed counts.
    mu : array-like of float
        Means of the predictive distributions (> 0).
    dispersion : float or array-like, optional
        NB2 dispersion :math:`\\alpha` (variance :math:`\\mu + \\alpha\\mu^2`; R's
        ``size`` is :math:`1/\\alpha`). ``None``: Poisson predictions.

    Returns
    -------
    DataFrame
        One row per observation; columns ``logs`` (:math:`-\\log p(y)`), ``rps``
        (:math:`\\sum_{k \\ge 0} (F(k) - 1[y \\le k])^2`), ``dss``
        (:math:`((y - \\mu)/\\sigma)^2 + 2\\log\\sigma`) and ``brier``
        (:math:`(P(Y > 0) - 1[y > 0])^2`). Smaller is better.

    Examples
    --------
    >>> from analysis.models.forecast import score_counts
    >>> score_counts([0, 2], [1.0, 1.0]).round(4)
         logs     rps  dss   brier
    0  1.0000  0.3996  1.0  0.3996
    1  1.6931  0.3996  1.0  0.1350
    """
    y = np.atleast_1d(np.asarray(y))
    mu = np.broadcast_to(np.asarray(mu, float), y.shape)
    if np.any(y < 0) or np.any(y != np.round(y)):
        raise SpecificationError("y must be non-negative integer counts")
    if np.any(~np.isfinite(mu)) or np.any(mu <= 0):
        raise SpecificationError("mu must be finite and > 0")
    alpha = None if dispersion is None else np.broadcast_to(np.asarray(dispersion, float),
                                                             y.shape)
    if alpha is not None and np.any(alpha <= 0):
        raise SpecificationError("dispersion must be > 0 (None for Poisson predictions)")
    K = _support(mu, alpha, y)
    pmf = _nb_pmf(mu, alpha, K)
    return pd.DataFrame(_scores_from_pmf(pmf, y.astype(int)))


def calibration_test(y, mu=None, dispersion=None, *, which="dss", pmf=None) -> HypothesisTest:
    """Calibration test of count forecasts based on a proper score (Wei & Held 2014).

    Under calibration each score :math:`S_t` has the expectation :math:`E_t` and
    variance :math:`V_t` of the score under its own predictive distribution, so
    :math:`z = n^{-1/2} \\sum_t (S_t - E_t) / \\sqrt{V_t}` is approximately standard
    normal (one-step-ahead scores are martingale differences); two-sided p-value. This
    is ``surveillance::calibrationTest`` with its default ``method = 2`` (reference
    values from R in ``tests/test_forecast.py``).

    Parameters
    ----------
    y : array-like of int
        Observed counts.
    mu, dispersion : array-like, optional
        NB2 (``dispersion`` :math:`\\alpha`) or Poisson (``dispersion=None``)
        predictions, as in :func:`score_counts`.
    which : {"dss", "logs", "rps", "brier"}
        The scoring rule (``"dss"``, as in R, is the default; ``"logs"`` and ``"rps"``
        suit low counts better).
    pmf : ndarray (n, K+1), optional
        Predictive probabilities of 0..K instead of ``mu``/``dispersion``.

    Returns
    -------
    HypothesisTest
        ``statistic`` is :math:`z`, ``df`` the number of forecasts.
    """
    check_choice("which", which, SCORES)
    y = np.atleast_1d(np.asarray(y)).astype(int)
    if pmf is None:
        if mu is None:
            raise SpecificationError("calibration_test needs mu= (and dispersion=) or pmf=")
        mu = np.broadcast_to(np.asarray(mu, float), y.shape)
        alpha = None if dispersion is None else np.broadcast_to(
            np.asarray(dispersion, float), y.shape)
        K = _support(mu, alpha, y)
        # in blocks of rows: a heavy-tailed NB2 needs a long support, and (n, K+1)
        # arrays of every row at once no longer fit in the caches (row by row, the same
        # numbers)
        step = max(1, 2 ** 21 // (K + 1))
        parts = [_calibration_parts(
            _nb_pmf(mu[i:i + step], None if alpha is None else alpha[i:i + step], K),
            y[i:i + step], which) for i in range(0, len(y), step)]
        S, E, V = (np.concatenate(x) for x in zip(*parts))
    else:
        pmf = np.asarray(pmf, float)
        if pmf.shape[0] != len(y):
            raise SpecificationError(f"pmf has {pmf.shape[0]} rows for {len(y)} observations")
        S, E, V = _calibration_parts(pmf, y, which)
    if not np.all(np.isfinite(S)):
        raise EstimationError("an observed count has predictive probability 0, so its "
                              "log score is infinite; the forecasts cannot be calibrated")
    if np.any(V <= 0):
        raise EstimationError("a predictive distribution is degenerate (its score has "
                              "variance 0); the calibration z is not defined")
    z = float(np.sum((S - E) / np.sqrt(V)) / math.sqrt(len(y)))
    return HypothesisTest(z, float(2 * stats.norm.sf(abs(z))), len(y),
                          "the counts are draws from their predictive distributions",
                          f"calibration z ({which.upper()}, Wei & Held 2014)")


def _calibration_parts(pmf, y, which):
    """Observed score, its expectation and variance under its own predictive, per row."""
    return (_scores_from_pmf(pmf, y, which)[which], *_score_moments(pmf, which))


def gof_table(observed, mu, dispersion=None, *, which="logs", alpha=0.05) -> pd.DataFrame:
    """In-sample goodness-of-fit gate of a count model, one row per side.

    The calibration test (:func:`calibration_test`) of each side's observed counts
    against the fitted one-period-ahead NB2 (or Poisson) distributions: a model used for
    attribution or counterfactuals about a side should pass it for that side.

    Parameters
    ----------
    observed, mu : DataFrame
        Observed counts and fitted conditional means, one column per side.
    dispersion : Series or dict, optional
        NB2 :math:`\\alpha` per side (``None``: Poisson).
    which : {"logs", "dss", "rps", "brier"}
    alpha : float
        Level of the gate (``pass`` is ``pvalue >= alpha``).

    Returns
    -------
    DataFrame
        Rows sides; columns ``z``, ``pvalue``, ``pass``.
    """
    alpha = check_alpha(alpha)
    rows = {}
    for s in observed.columns:
        a = None if dispersion is None else float(dispersion[s])
        t = calibration_test(observed[s].to_numpy(), np.maximum(mu[s].to_numpy(), 1e-12), a,
                             which=which)
        rows[s] = {"z": t.statistic, "pvalue": t.pvalue, "pass": bool(t.pvalue >= alpha)}
    out = pd.DataFrame(rows).T
    out.index.name = "side"
    return out.astype({"z": float, "pvalue": float, "pass": bool})


# --------------------------------------------------------------------------------------
# Forecasters: one family, fitted on a training window, predicting later days
# --------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Forecaster:
    """A model family as a one-step-ahead forecaster of daily (or weekly) counts.

    Parameters
    ----------
    family : {"climatology", "negbin", "poisson", "count_hawkes", "signed_count_hawkes", "var"}
        The model (see the module notes for each predictive distribution).
    predictors : {"all", "own"}
        ``"all"``: every side's history predicts every side (the joint model);
        ``"own"``: each side's own history only (fitted side by side). Climatology uses
        no history either way.
    options : dict
        Keyword arguments of the model class, e.g. ``{"lags": 7}`` for
        ``"negbin"``/``"poisson"`` (:class:`~analysis.CountModel`; ``lags``,
        ``lag_transform``), ``{"max_lag": 14}`` for ``"count_hawkes"``
        (:class:`~analysis.CountHawkes`), ``{"lags": 7}`` for ``"var"`` (an integer
        order: a criterion would choose a different order in every window).
    name : str, optional
        Label in tables and plots (default from family and predictors).

    Examples
    --------
    >>> from analysis.models.forecast import Forecaster
    >>> Forecaster("negbin", "own", {"lags": 7}).label
    'negbin (own history)'
    """

    family: str
    predictors: str = "all"
    options: dict = field(default_factory=dict)
    name: str | None = None

    def __post_init__(self):
        check_choice("family", self.family, FAMILIES)
        check_choice("predictors", self.predictors, PREDICTORS)
        if not isinstance(self.options, dict):
            raise SpecificationError(f"options must be a dict of model keyword arguments, "
                                     f"got {type(self.options).__name__}")
        if self.family == "var":
            lags = self.options.get("lags", 7)
            if isinstance(lags, str):
                raise SpecificationError("a VAR forecaster needs an integer lags= (an "
                                         "information criterion would choose another "
                                         "order in every window)")
            if self.predictors == "own":
                raise SpecificationError("a VAR needs two or more sides; use family="
                                         "'negbin' with predictors='own' for an own-history "
                                         "baseline")
        for bad in ("phases", "trend", "exog"):
            if bad in self.options:
                raise SpecificationError(
                    f"options[{bad!r}]: forecasts cannot use terms fixed after the fact "
                    "(phase dates come from hindsight); leave it out")

    @property
    def label(self) -> str:
        """str: the name shown in tables and plots."""
        if self.name:
            return self.name
        if self.family == "climatology":
            return "climatology"
        return self.family + (" (own history)" if self.predictors == "own" else "")

    @property
    def max_lag(self) -> int:
        """int: periods of history the family needs before its first prediction."""
        if self.family == "climatology":
            return 0
        if self.family in ("count_hawkes", "signed_count_hawkes"):
            return int(self.options.get("max_lag", 14))
        lags = self.options.get("lags", 7)
        if isinstance(lags, (list, tuple)):
            return int(max(b for _, b in lags))
        return int(lags)

    # -- fit on a training window: a picklable state -------------------------------------
    def fit_state(self, train: pd.DataFrame):
        """Fit on ``train`` (the counts before the forecast origin); a state for
        :meth:`predict`."""
        sides = list(train.columns)
        if self.family == "climatology":
            out = {}
            for s in sides:
                y = train[s].to_numpy(float)
                m = (y.sum() + 0.5) / (len(y) + 1.0)
                v = y.var(ddof=1) if len(y) > 1 else m
                out[s] = (m, (v - m) / m ** 2 if v > m else None)
            return out
        groups = [sides] if self.predictors == "all" else [[s] for s in sides]
        if self.family == "var":
            from .var import VARModel
            r = VARModel(train, lags=int(self.options.get("lags", 7))).fit()
            return {"intercept": r.intercept, "coefs": r.coefs,
                    "sd": np.sqrt(np.diag(r.sigma_u.to_numpy()))}
        state = {}
        for cols in groups:
            if self.family in ("negbin", "poisson"):
                from .counts import CountModel
                for s in cols:
                    m = CountModel(train[cols], s, family=self.family, **self.options)
                    r = m.fit(cov_type="nonrobust")
                    state[s] = (cols, r.params.to_numpy(float))
            else:
                m = self._hawkes_model(train[cols])
                r = m.fit(n_starts=int(self.options.get("n_starts", 1)))
                for s in cols:
                    state[s] = (cols, r.theta)
        return state

    def _hawkes_model(self, counts):
        opts = {k: v for k, v in self.options.items() if k != "n_starts"}
        if self.family == "count_hawkes":
            from .count_hawkes import CountHawkes
            return CountHawkes(counts, **opts)
        from ._count_hawkes_signed import SignedCountHawkes
        return SignedCountHawkes(counts, **opts)

    def predict(self, state, counts: pd.DataFrame, positions) -> dict:
        """Predictive (mean, dispersion) or pmf for the rows ``positions`` of
        ``counts``, using only rows before each position.

        Returns
        -------
        dict
            side -> ``("nb", mu, alpha)`` (``alpha`` None for Poisson) or
            ``("normal", mu, sd)``.
        """
        positions = np.asarray(positions, int)
        sides = list(counts.columns)
        Y = counts.to_numpy(float)
        out = {}
        if self.family == "climatology":
            for s in sides:
                m, a = state[s]
                out[s] = ("nb", np.full(len(positions), m), a)
            return out
        if self.family == "var":
            p = state["coefs"].shape[0]
            mu = np.tile(state["intercept"], (len(positions), 1))
            for l in range(1, p + 1):
                mu += Y[positions - l] @ state["coefs"][l - 1].T
            for i, s in enumerate(sides):
                out[s] = ("normal", mu[:, i], np.full(len(positions), state["sd"][i]))
            return out
        stop = int(positions.max()) + 1
        done = {}
        for s in sides:
            cols, params = state[s]
            key = tuple(cols)
            if self.family in ("negbin", "poisson"):
                from .counts import CountModel
                m = CountModel(counts.iloc[:stop][cols], s, family=self.family,
                               **{**self.options})
                X = m.exog.to_numpy()[positions - m.lags]
                beta = params[:X.shape[1]]
                mu = np.exp(np.clip(X @ beta, -50, 50))
                alpha = params[-1] if self.family == "negbin" else None
                out[s] = ("nb", mu, alpha)
            else:
                if key not in done:
                    m = self._hawkes_model(counts.iloc[:stop][cols])
                    lam = m._lambda(params)[2][positions - m.max_lag]
                    la = m._unpack(params)[-1]
                    done[key] = (lam, np.exp(la) if m.family == "negbin" else None)
                lam, alpha = done[key]
                i = cols.index(s)
                out[s] = ("nb", np.maximum(lam[:, i], 1e-12),
                          None if alpha is None else float(alpha[i]))
        return out


def _fit_block(forecaster, counts, origin):
    """One refit (a task of :func:`run_replicates`): the state, or None if it failed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                return forecaster.fit_state(counts.iloc[:origin])
            except REPLICATE_FAILURES:
                return None


# --------------------------------------------------------------------------------------
def one_step_ahead(counts, forecasters, *, start=None, refit_every=28, min_train=180,
                   n_jobs=1, progress=None) -> "ForecastResults":
    """Rolling one-step-ahead forecasts of every side's counts by several models.

    Expanding window: at each *refit origin* :math:`s` (the first forecast day, then
    every ``refit_every`` periods) each model is fitted to all periods before
    :math:`s`; with those parameters it predicts each period :math:`t` in
    :math:`[s, s + \\text{refit\\_every})` from the observed history before :math:`t`
    (a one-step-ahead forecast with parameters at most ``refit_every - 1`` periods
    old). ``refit_every=1`` refits every day, as R's ``oneStepAhead(type="rolling")``;
    larger values trade a little staleness for cost.

    Parameters
    ----------
    counts : DataFrame
        Integer counts, one column per side, complete regular index.
    forecasters : dict or list of Forecaster
        Models to compare (a dict maps labels to forecasters). A climatology
        forecaster is added if absent (the reference of score differences).
    start : date or int, optional
        First forecast period (label or position). Default: ``min_train`` periods in.
    refit_every : int
        Periods between refits.
    min_train : int
        Smallest training window (periods) allowed.
    n_jobs : int
        Processes for the refits (-1: every core); the result does not depend on it.
    progress : bool, optional
        Progress bar (default: on, except under pytest).

    Returns
    -------
    ForecastResults

    Notes
    -----
    A refit that fails numerically (e.g. a side with no events yet in the training
    window) keeps the previous refit's parameters (climatology before the first
    success); ``ForecastResults.failed_refits`` counts them and a warning says so.

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.models.forecast import Forecaster
    >>> sim = ea.simulate_count_hawkes(400, [0.3, 0.2], [[0.2, 0.0], [0.3, 0.1]],
    ...                                max_lag=5, sides=["a", "b"], rng=1)
    >>> fc = ea.one_step_ahead(sim, [Forecaster("negbin", options={"lags": 5}),
    ...                              Forecaster("negbin", "own", {"lags": 5})],
    ...                        start=200, refit_every=100)
    >>> fc.nobs
    200
    """
    values = _d.check_counts(counts, what="one_step_ahead", min_sides=1, integer=True)
    refit_every = check_positive_int("refit_every", refit_every)
    min_train = check_positive_int("min_train", min_train, minimum=10)
    if isinstance(forecasters, Forecaster):
        forecasters = [forecasters]
    if isinstance(forecasters, dict):
        items = []
        for k, f in forecasters.items():
            if not isinstance(f, Forecaster):
                raise SpecificationError(f"forecasters[{k!r}] must be a Forecaster, got "
                                         f"{type(f).__name__}")
            items.append(Forecaster(f.family, f.predictors, f.options, str(k)))
    else:
        items = list(forecasters)
        for f in items:
            if not isinstance(f, Forecaster):
                raise SpecificationError(f"forecasters must be Forecaster objects, got "
                                         f"{type(f).__name__}")
    if not any(f.family == "climatology" for f in items):
        items.insert(0, Forecaster("climatology"))
    labels = [f.label for f in items]
    if len(set(labels)) != len(labels):
        raise SpecificationError(f"two forecasters share a label: {labels}; pass a dict "
                                 "or name= to tell them apart")
    n = len(values)
    if start is None:
        s0 = min_train
    elif isinstance(start, (int, np.integer)) and not isinstance(start, bool):
        s0 = int(start)
    else:
        s0 = int(values.index.searchsorted(pd.Timestamp(start)))
    need = max(min_train, max(f.max_lag for f in items) + 10)
    if s0 < need or s0 >= n:
        raise SpecificationError(
            f"start={start!r} leaves {s0} training periods; need at least {need} "
            f"(min_train, and enough for the longest lag) and a period to forecast "
            f"(the counts have {n})")
    origins = list(range(s0, n, refit_every))
    tasks = [(f, o) for f in items for o in origins]
    states = run_replicates(partial(_fit_task, values), tasks, n_jobs=n_jobs,
                            progress=progress, desc="one-step-ahead refits")
    preds, failed = {}, {}
    clim = [f for f in items if f.family == "climatology"][0]
    for f in items:
        last, nfail = None, 0
        parts = {s: [] for s in values.columns}
        for b, o in enumerate(origins):
            st = states[items.index(f) * len(origins) + b]
            pos = np.arange(o, min(o + refit_every, n))
            if st is None:
                nfail += 1
                fb = f if last is not None else clim
                st = last if last is not None else clim.fit_state(values.iloc[:o])
            else:
                fb, last = f, st
            with np.errstate(all="ignore"):
                pr = fb.predict(st, values, pos)
            for s in values.columns:
                parts[s].append(pr[s])
        failed[f.label] = nfail
        preds[f.label] = {s: parts[s] for s in values.columns}
    bad = {k: v for k, v in failed.items() if v}
    if bad:
        _warn(f"refits failed and kept the previous parameters: {bad} (of "
                      f"{len(origins)} refits each)", ConvergenceWarning)
    return ForecastResults(values, s0, refit_every, items, preds, failed)


def _fit_task(counts, task):
    f, origin = task
    return _fit_block(f, counts, origin)


# --------------------------------------------------------------------------------------
class _ForecastModel:
    """What :class:`ForecastResults` evaluates (the ``model`` of the results contract)."""

    def __init__(self, counts, start, refit_every, forecasters):
        self.counts = counts
        self.sides = list(counts.columns)
        self.start = start
        self.refit_every = refit_every
        self.forecasters = forecasters
        self.nobs = len(counts) - start

    def __repr__(self):
        return (f"one_step_ahead(sides={self.sides}, start={self.counts.index[self.start]}, "
                f"refit_every={self.refit_every}, models={[f.label for f in self.forecasters]})")


class ForecastResults(ModelResults):
    """Rolling one-step-ahead forecasts and their scores (from :func:`one_step_ahead`).

    Attributes
    ----------
    model : object
        The design: ``sides``, ``counts``, ``start``, ``refit_every``, ``forecasters``.
    labels : list of str
        The models, climatology first.
    index : Index
        The forecast periods.
    observed : DataFrame
        The observed counts on the forecast periods.
    scores : DataFrame
        Per-period scores, columns (model, side, score); smaller is better.
    mean_scores : DataFrame
        Mean score per period, rows (model, side), columns ``logs``, ``rps``, ``dss``,
        ``brier``.
    params : Series
        Total log-score difference of every model against climatology, per side
        (positive: the model forecasts better), indexed ``"<model>[<side>]"``.
    failed_refits : dict
        Refits per model that failed and kept the previous parameters.
    llf : float
        Not defined (forecasts have no joint likelihood); use ``scores``.

    Notes
    -----
    Predictive distributions are held on the counts 0..K with
    :math:`K = \\max(200, 20 \\max_t y_t)` per side at most; the predictive mass above
    :math:`K` is put on :math:`K`. Log scores are exact (the observed count is always
    below :math:`K`); the RPS and DSS of a forecast with mass far above :math:`K` (an
    exploding conditional mean) are then understated, never overstated.
    """

    def __init__(self, counts, start, refit_every, forecasters, preds, failed):
        self.model = _ForecastModel(counts, start, refit_every, forecasters)
        self.labels = [f.label for f in forecasters]
        self.index = counts.index[start:]
        self.observed = counts.iloc[start:]
        self.failed_refits = dict(failed)
        Y = self.observed.to_numpy().astype(int)
        self._pmf = {}
        cols, data = [], []
        for lab in self.labels:
            for i, s in enumerate(self.model.sides):
                y = Y[:, i]
                blocks = []
                for kind, a, b in preds[lab][s]:
                    blocks.append((kind, np.asarray(a, float), b))
                K = int(max(y.max(), 1)) + 1
                for kind, a, b in blocks:
                    if kind == "nb":
                        K = max(K, _support(a, None if b is None else np.full(len(a), b), y))
                    else:
                        K = max(K, int(np.max(a + 12 * b)) + 1)
                # an exploding forecast (mean far above anything observed) would need a
                # huge support: its mass above the cap sits on the cap (see Notes)
                K = min(K, max(200, 20 * int(y.max()) + 1))
                pm = []
                for kind, a, b in blocks:
                    if kind == "nb":
                        pm.append(_nb_pmf(a, None if b is None else np.full(len(a), b), K))
                    else:
                        pm.append(_normal_pmf(a, b, K))
                P = np.vstack(pm)
                P[:, -1] += np.clip(1.0 - P.sum(axis=1), 0.0, None)
                self._pmf[(lab, s)] = P
                sc = _scores_from_pmf(P, y)
                for name in SCORES:
                    cols.append((lab, s, name))
                    data.append(sc[name])
        self.scores = pd.DataFrame(np.column_stack(data), index=self.index,
                                   columns=pd.MultiIndex.from_tuples(
                                       cols, names=["model", "side", "score"]))
        inf = ~np.isfinite(self.scores.to_numpy())
        if inf.any():
            where = sorted({c[0] for c in self.scores.columns[inf.any(axis=0)]})
            _warn(f"{where} gave an observed count predictive probability 0 "
                          "(infinite log score); their log-score differences are infinite",
                          AnalysisWarning)
        self.params = self._skill_series()

    # -- contract ------------------------------------------------------------------------
    @property
    def llf(self):
        raise AttributeError("ForecastResults has no likelihood; the forecasts are scored "
                             "by ForecastResults.scores (log score = -log p(y))")

    @property
    def aic(self):
        raise AttributeError("ForecastResults has no AIC; compare models by their scores")

    bic = aic

    def _skill_series(self):
        vals, idx = [], []
        ref = self.labels[0]
        for lab in self.labels[1:]:
            for s in self.model.sides:
                d = self.scores[(ref, s, "logs")] - self.scores[(lab, s, "logs")]
                vals.append(float(d.sum()))
                idx.append(f"{lab}[{s}]")
        return pd.Series(vals, index=idx, name="params", dtype=float)

    @property
    def mean_scores(self) -> pd.DataFrame:
        """DataFrame: mean score per forecast period, rows (model, side), columns scores."""
        m = self.scores.mean().unstack("score")
        return m.reindex(columns=list(SCORES))

    def pmf(self, model, side) -> pd.DataFrame:
        """Predictive probabilities of 0..K, one row per forecast period.

        Parameters
        ----------
        model : str
            A label of ``labels``.
        side : str

        Returns
        -------
        DataFrame
            Index the forecast periods, columns the counts 0..K.
        """
        self._check(model, side)
        P = self._pmf[(model, side)]
        return pd.DataFrame(P, index=self.index, columns=pd.RangeIndex(P.shape[1],
                                                                        name="count"))

    def _check(self, model, side=None):
        if model not in self.labels:
            raise SpecificationError(f"model must be one of {self.labels}, got {model!r}")
        if side is not None and side not in self.model.sides:
            raise SpecificationError(f"side must be one of {self.model.sides}, got {side!r}")

    # -- score differences ---------------------------------------------------------------
    def score_difference(self, model, reference=None, *, score="logs", sides=None,
                         n_boot=999, block="MS", alpha=0.05, rng) -> pd.DataFrame:
        """Total score of ``reference`` minus ``model`` over the forecast periods,
        with a block-bootstrap interval.

        Positive: ``model`` forecasts better. The interval resamples whole calendar
        blocks (``block="MS"``: months) of the per-period differences with
        replacement (their serial dependence stays inside a block) and scales the mean
        resampled difference by the number of forecast periods (percentile interval).

        Parameters
        ----------
        model, reference : str
            Labels of ``labels`` (``reference`` default: climatology).
        score : {"logs", "rps", "dss", "brier"}
        sides : list of str, optional
            Sides to report (default all).
        n_boot : int
            Bootstrap replications.
        block : str or int
            A pandas frequency for calendar blocks (``"MS"`` months, ``"W"`` weeks), or
            a block length in periods (for a RangeIndex).
        alpha : float
            1 - confidence level.
        rng : Generator or int

        Returns
        -------
        DataFrame
            Rows sides; columns ``difference``, ``lower``, ``upper``, ``per_period``,
            ``share_better`` (share of bootstrap replicates > 0), ``n``.
        """
        rng = as_rng(rng)
        reference = self.labels[0] if reference is None else reference
        self._check(model)
        self._check(reference)
        check_choice("score", score, SCORES)
        alpha = check_alpha(alpha)
        n_boot = check_positive_int("n_boot", n_boot, minimum=50)
        sides = self.model.sides if sides is None else list(sides)
        groups = self._blocks(block)
        G = groups.max() + 1
        draws = rng.integers(0, G, size=(n_boot, G))
        rows = {}
        for s in sides:
            self._check(model, s)
            d = (self.scores[(reference, s, score)] - self.scores[(model, s, score)]).to_numpy()
            if not np.all(np.isfinite(d)):
                raise EstimationError(f"{score} differences of {model!r} vs {reference!r} "
                                      f"for {s!r} are not finite (a zero predictive "
                                      "probability); use score='rps'")
            bsum = np.bincount(groups, weights=d, minlength=G)
            blen = np.bincount(groups, minlength=G).astype(float)
            tot = bsum[draws].sum(axis=1) / blen[draws].sum(axis=1) * len(d)
            lo, hi = percentile_interval(tot, alpha)
            rows[s] = {"difference": float(d.sum()), "lower": float(lo), "upper": float(hi),
                       "per_period": float(d.mean()), "share_better": float(np.mean(tot > 0)),
                       "n": len(d)}
        out = pd.DataFrame(rows).T
        out.index.name = "side"
        out["n"] = out["n"].astype(int)
        return out

    def _blocks(self, block):
        if isinstance(block, (int, np.integer)) and not isinstance(block, bool):
            b = check_positive_int("block", block)
            return np.arange(len(self.index)) // b
        if not isinstance(self.index, pd.DatetimeIndex):
            raise SpecificationError("block must be a block length (int) for a "
                                     "non-date index")
        try:
            per = self.index.to_period(pd.tseries.frequencies.to_offset(block).rule_code
                                       .replace("MS", "M"))
        except (ValueError, AttributeError):
            raise SpecificationError(f"block must be a pandas frequency such as 'MS' or "
                                     f"'W', or an int, got {block!r}") from None
        return pd.factorize(per)[0]

    def skill_table(self, reference=None, *, score="logs", n_boot=999, block="MS",
                    alpha=0.05, rng) -> pd.DataFrame:
        """:meth:`score_difference` of every other model against ``reference``.

        Returns
        -------
        DataFrame
            Rows (model, side); columns as :meth:`score_difference`. One ``rng`` draws
            the blocks for every row (the same resamples, so rows are comparable).
        """
        rng = as_rng(rng)
        reference = self.labels[0] if reference is None else reference
        seed = int(rng.integers(0, 2 ** 63 - 1))
        out = {}
        for lab in self.labels:
            if lab == reference:
                continue
            out[lab] = self.score_difference(lab, reference, score=score, n_boot=n_boot,
                                             block=block, alpha=alpha, rng=seed)
        return pd.concat(out, names=["model", "side"])

    def predictive_granger(self, with_others, own, *, score="logs", n_boot=999,
                           block="MS", alpha=0.05, rng) -> pd.DataFrame:
        """"Predictive Granger": score of the own-history model minus the model with
        the other sides' history (positive: the other sides' past helps predict).

        Parameters
        ----------
        with_others, own : str
            Labels of the same family with ``predictors="all"`` and ``"own"``.

        Returns
        -------
        DataFrame
            As :meth:`score_difference`, rows the predicted side.
        """
        return self.score_difference(with_others, own, score=score, n_boot=n_boot,
                                     block=block, alpha=alpha, rng=rng)

    # -- calibration ---------------------------------------------------------------------
    def pit(self, model, side, *, rng) -> pd.Series:
        """Randomised PIT values :math:`F(y-1) + V\\,p(y)`, :math:`V \\sim U(0, 1)`:
        uniform on (0, 1) if the forecasts are calibrated (Smith 1985; Czado et al.
        2009).

        Returns
        -------
        Series
            One value per forecast period.
        """
        rng = as_rng(rng)
        self._check(model, side)
        P = self._pmf[(model, side)]
        y = self.observed[side].to_numpy().astype(int)
        F = np.cumsum(P, axis=1)
        Fy = F[np.arange(len(y)), y]
        Fm = np.where(y > 0, F[np.arange(len(y)), np.maximum(y - 1, 0)], 0.0)
        u = Fm + rng.random(len(y)) * (Fy - Fm)
        return pd.Series(np.clip(u, 0, 1), index=self.index, name=f"{model}[{side}]")

    def pit_histogram(self, model, side, bins=10) -> pd.Series:
        """Non-randomised PIT histogram (Czado, Gneiting & Held 2009; as
        ``surveillance::pit``): the mean over periods of the predictive probability
        that the PIT falls in each of ``bins`` equal bins (density scale: 1 is flat).

        Returns
        -------
        Series
            Index the bin upper edges.
        """
        self._check(model, side)
        bins = check_positive_int("bins", bins, minimum=2)
        P = self._pmf[(model, side)]
        y = self.observed[side].to_numpy().astype(int)
        F = np.cumsum(P, axis=1)
        Fy = F[np.arange(len(y)), y]
        Fm = np.where(y > 0, F[np.arange(len(y)), np.maximum(y - 1, 0)], 0.0)
        u = np.linspace(0, 1, bins + 1)
        width = np.maximum(Fy - Fm, 1e-300)
        Fu = np.clip((u[None, :] - Fm[:, None]) / width[:, None], 0, 1)
        dens = np.diff(Fu, axis=1).mean(axis=0) * bins
        return pd.Series(dens, index=pd.Index(np.round(u[1:], 6), name="pit"),
                         name=f"{model}[{side}]")

    def calibration_test(self, model, side, which="logs") -> HypothesisTest:
        """:func:`calibration_test` of one model's forecasts of one side."""
        self._check(model, side)
        return calibration_test(self.observed[side].to_numpy(), which=which,
                                pmf=self._pmf[(model, side)])

    def calibration_table(self, which="logs") -> pd.DataFrame:
        """Calibration z and p-value for every model and side.

        Returns
        -------
        DataFrame
            Rows (model, side); columns ``z``, ``pvalue``.
        """
        rows = {}
        for lab in self.labels:
            for s in self.model.sides:
                try:
                    t = self.calibration_test(lab, s, which)
                    rows[(lab, s)] = {"z": t.statistic, "pvalue": t.pvalue}
                except EstimationError:
                    rows[(lab, s)] = {"z": np.inf, "pvalue": 0.0}
        out = pd.DataFrame(rows).T
        out.index.names = ["model", "side"]
        return out

    # -- reporting -----------------------------------------------------------------------
    def conf_int(self, alpha=0.05, *, n_boot=999, block="MS", rng) -> pd.DataFrame:
        """Month-block bootstrap intervals of ``params`` (log-score differences against
        climatology); see :meth:`score_difference`.

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        t = self.skill_table(n_boot=n_boot, block=block, alpha=alpha, rng=rng)
        idx = [f"{m}[{s}]" for m, s in t.index]
        return pd.DataFrame({"lower": t["lower"].to_numpy(), "upper": t["upper"].to_numpy()},
                            index=idx).reindex(self.params.index)

    def summary(self, alpha=0.05) -> Summary:
        """Mean scores, calibration tests and the design (no bootstrap: use
        :meth:`skill_table` for intervals)."""
        m = self.model
        idx = self.index
        sample = (f"{idx[0].date()} - {idx[-1].date()}" if isinstance(idx, pd.DatetimeIndex)
                  else f"{idx[0]} - {idx[-1]}")
        info = [("Sides", ", ".join(m.sides)), ("Forecast periods", sample),
                ("Forecasts per side", len(idx)),
                ("Scheme", f"expanding window, refit every {m.refit_every} periods"),
                ("Models", ", ".join(self.labels))]
        if any(self.failed_refits.values()):
            info.append(("Failed refits (kept previous)", ", ".join(
                f"{k}: {v}" for k, v in self.failed_refits.items() if v)))
        skill = pd.DataFrame({"log-score difference vs climatology": self.params})
        notes = ["Scores are negatively oriented (smaller is better): logs = -log p(y), "
                 "rps = ranked probability score, dss = Dawid-Sebastiani, brier = Brier "
                 "score of P(count > 0).",
                 "Differences are climatology minus model, summed over forecast periods "
                 "(positive: the model forecasts better); ForecastResults.skill_table(rng=...) "
                 "gives month-block bootstrap intervals.",
                 "Calibration: Wei & Held (2014) z-test on the log score (|z| > 1.96: "
                 "miscalibrated at 5%)."]
        return Summary(title="One-step-ahead forecast evaluation", info=info,
                       tables=[("Mean score per period", self.mean_scores),
                               ("Skill", skill),
                               ("Calibration (log score)", self.calibration_table("logs"))],
                       notes=notes)

    def plot_score_differences(self, table=None, *, ax=None, xlabel=None):
        """Dot-and-interval plot of score differences; returns the Axes.

        Parameters
        ----------
        table : DataFrame, optional
            From :meth:`skill_table`, :meth:`score_difference` or a concatenation of
            them (rows (label, side)); default: the point differences of ``params``
            without intervals.
        """
        from ..plotting import new_figure, side_color, side_label
        if table is None:
            table = pd.DataFrame({"difference": self.params.to_numpy()},
                                 index=pd.MultiIndex.from_tuples(
                                     [(k.rsplit("[", 1)[0], k.rsplit("[", 1)[1][:-1])
                                      for k in self.params.index]))
        if ax is None:
            _, ax = new_figure("single")
        labels = []
        for n, (key, row) in enumerate(table.iterrows()):
            label, side = key if isinstance(key, tuple) else ("", key)
            c = side_color(side, self.model.sides)
            if "lower" in row:
                ax.errorbar(row["difference"], n,
                            xerr=[[row["difference"] - row["lower"]],
                                  [row["upper"] - row["difference"]]],
                            fmt="o", color=c, markersize=3, capsize=2)
            else:
                ax.plot(row["difference"], n, "o", color=c, markersize=3)
            labels.append(f"{label}: {side_label(side)}" if label else side_label(side))
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.axvline(0, color="0.5", linewidth=0.6)
        ax.set_xlabel(xlabel or "score difference (positive: better forecasts)")
        return ax

    def plot_pit(self, model, side, *, bins=10, ax=None):
        """Non-randomised PIT histogram of one model's forecasts of one side; returns
        the Axes (a flat histogram at 1 means calibrated; U: too narrow; hump: too
        wide)."""
        from ..plotting import new_figure, side_color, side_label
        h = self.pit_histogram(model, side, bins)
        if ax is None:
            _, ax = new_figure("single")
        w = 1.0 / len(h)
        ax.bar(h.index.to_numpy() - w / 2, h.to_numpy(), width=w * 0.95,
               color=side_color(side, self.model.sides), alpha=0.8)
        ax.axhline(1.0, color="0.3", linewidth=0.7, linestyle="--")
        ax.set_xlim(0, 1)
        ax.set_xlabel("PIT")
        ax.set_ylabel("density")
        t = self.calibration_test(model, side, "logs")
        ax.set_title(f"{model}: {side_label(side)} (calibration p = {t.pvalue:.2g})")
        return ax
