"""Predictive distributions on 0..K and their scores: log score, RPS, Dawid-Sebastiani,
Brier; ``score_counts``, the Wei-Held ``calibration_test``, the randomised-PIT test
``pit_test`` and ``gof_table``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import special, stats

from ...exceptions import EstimationError, SpecificationError
from ...reporting import HypothesisTest
from ..base import as_rng, check_alpha, check_choice

__all__ = ["score_counts", "calibration_test", "pit_test", "gof_table", "SCORES", "GOF_TESTS"]


#: The scoring rules (all negatively oriented: smaller is better).
SCORES = ("logs", "rps", "dss", "brier")


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
    0  1.0000  0.4762  1.0  0.3996
    1  1.6931  0.6835  1.0  0.1353
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


def _pit_bounds(y, mu=None, alpha=None, pmf=None):
    """:math:`F(y-1)` and :math:`F(y)` of counts ``y`` under their predictive
    distributions: the rows of a pmf matrix ``pmf`` (row ``t`` the probabilities of
    0, 1, ... for ``y[t]``), or NB2(``mu``, ``alpha``) (Poisson where ``alpha`` is None)."""
    if pmf is not None:
        F = np.cumsum(pmf, axis=1)
        rows = np.arange(len(y))
        return np.where(y > 0, F[rows, np.maximum(y - 1, 0)], 0.0), F[rows, y]
    if alpha is None:
        return stats.poisson.cdf(y - 1, mu), stats.poisson.cdf(y, mu)
    size = 1.0 / np.broadcast_to(np.asarray(alpha, float), mu.shape)
    p = size / (size + mu)
    return stats.nbinom.cdf(y - 1, size, p), stats.nbinom.cdf(y, size, p)


def _randomised_pit(y, rng, mu=None, alpha=None, pmf=None):
    """Randomised PIT :math:`F(y-1) + V (F(y) - F(y-1))`, :math:`V \\sim U(0,1)` (one
    draw per count, in order), of counts ``y`` under the predictive distributions of
    :func:`_pit_bounds`; clipped to [0, 1] (a pmf's cumulative sum can pass 1 by
    rounding). The one home of the formula: :func:`pit_test` and
    ``ForecastResults.pit`` both call it."""
    Fm, F = _pit_bounds(y, mu, alpha, pmf)
    return np.clip(Fm + rng.random(len(y)) * (F - Fm), 0, 1)


def _check_pmf(pmf, y):
    """A predictive pmf matrix for counts ``y``: one row per count, non-negative, wide
    enough for the largest count."""
    pmf = np.asarray(pmf, float)
    if pmf.ndim != 2 or pmf.shape[0] != len(y):
        raise SpecificationError(f"pmf must be a matrix with one row per count ({len(y)}); "
                                 f"got shape {pmf.shape}")
    if np.any(~np.isfinite(pmf)) or np.any(pmf < 0):
        raise SpecificationError("pmf must hold finite probabilities >= 0")
    if y.max() >= pmf.shape[1]:
        t = int(np.argmax(y >= pmf.shape[1]))
        raise SpecificationError(f"pmf covers the counts 0..{pmf.shape[1] - 1}, but count "
                                 f"{t} is {int(y[t])}: give columns up to the largest count")
    return pmf


def pit_test(y, mu=None, dispersion=None, *, rng, part="all", pmf=None) -> HypothesisTest:
    """Randomised-PIT test of count forecasts: uniform and independent PIT values.

    If each count is a draw from its one-step-ahead predictive distribution, the
    randomised PIT values :math:`u_t = F_t(y_t - 1) + V_t\\,p_t(y_t)` (:math:`V_t` iid
    uniform; Smith 1985, Brockwell 2007) are *iid* uniform on (0, 1), ties of the counts
    included. The test is Berkowitz's (2001) likelihood-ratio test on
    :math:`z_t = \\Phi^{-1}(u_t)`: the Gaussian AR(1) :math:`z_t = c + \\rho z_{t-1} +
    \\sigma e_t` (conditional likelihood) against :math:`c = 0, \\rho = 0, \\sigma = 1`,
    chi-squared with 3 degrees of freedom. It rejects a wrong mean or spread of the
    predictive distributions (:math:`c`, :math:`\\sigma`) and serial dependence the
    model leaves in its forecasts (:math:`\\rho`: bursts it does not anticipate).
    Unlike the score-moment :func:`calibration_test`, it keeps power in sample, where
    the fitted dispersion matches the score's mean and variance to the data.
    ``part="dependence"`` tests :math:`\\rho = 0` alone (mean and spread free; 1 degree
    of freedom): in sample, where fitted parameters shrink the mean and spread parts
    towards their null values, it keeps its nominal size.

    Parameters
    ----------
    y : array-like of int
        Observed counts, in time order.
    mu, dispersion : array-like, optional
        NB2 (``dispersion`` :math:`\\alpha`) or Poisson (``dispersion=None``)
        predictive distributions, as in :func:`score_counts`. Give these or ``pmf``.
    rng : int or numpy.random.Generator
        Draws the randomisation :math:`V_t` (required: the p-value depends on it).
    part : {"all", "dependence"}
        Berkowitz's joint test (3 df) or its serial-dependence part (1 df).
    pmf : array-like (n, K + 1), optional
        The predictive distributions as a matrix instead of ``mu``/``dispersion``: row
        ``t`` holds the probabilities of the counts 0..K for ``y[t]`` (any family, e.g.
        ``ForecastResults``' forecasts; K at least the largest count). The PIT values
        are the same as ``ForecastResults.pit`` draws with the same ``rng``.

    Returns
    -------
    HypothesisTest
        ``statistic`` the likelihood ratio, ``df`` 3 (``part="dependence"``: 1).

    Raises
    ------
    SpecificationError
        ``rng=None``, fewer than 10 counts, counts that are not non-negative integers,
        both or neither of ``mu`` and ``pmf``, a bad ``mu``/``dispersion``, or a
        ``pmf`` without one row per count or too few columns.

    Examples
    --------
    >>> import numpy as np
    >>> y = np.random.default_rng(0).negative_binomial(2, 0.5, size=400)
    >>> t = pit_test(y, np.full(400, 2.0), 0.5, rng=1)
    >>> t.df
    3
    >>> from scipy import stats
    >>> P = stats.nbinom.pmf(np.arange(60)[None, :], 2, np.full((400, 1), 0.5))
    >>> round(pit_test(y, pmf=P, rng=1).pvalue, 6) == round(t.pvalue, 6)
    True
    """
    gen = as_rng(rng)
    check_choice("part", part, ("all", "dependence"))
    y = np.atleast_1d(np.asarray(y))
    if np.any(y < 0) or np.any(y != np.round(y)):
        raise SpecificationError("y must be non-negative integer counts")
    y = y.astype(np.int64)
    if len(y) < 10:
        raise SpecificationError(f"pit_test needs at least 10 forecasts; got {len(y)}")
    if (mu is None) == (pmf is None):
        raise SpecificationError("pit_test needs the predictive distributions: mu= (and "
                                 "dispersion=) or pmf=, not " + ("both" if pmf is not None
                                                                 else "neither"))
    if pmf is not None:
        if dispersion is not None:
            raise SpecificationError("dispersion= goes with mu=; a pmf= is the whole "
                                     "predictive distribution")
        u = _randomised_pit(y, gen, pmf=_check_pmf(pmf, y))
    else:
        mu = np.broadcast_to(np.asarray(mu, float), y.shape)
        if np.any(~np.isfinite(mu)) or np.any(mu <= 0):
            raise SpecificationError("mu must be finite and > 0")
        alpha = None if dispersion is None else np.broadcast_to(
            np.asarray(dispersion, float), y.shape)
        if alpha is not None and np.any(~(alpha > 0)):
            raise SpecificationError("dispersion must be > 0 (None for Poisson predictions)")
        u = _randomised_pit(y, gen, mu, alpha)
    z = stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12))
    x, w = z[:-1], z[1:]
    X = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(X, w, rcond=None)
    s2 = float(np.mean((w - X @ coef) ** 2))
    if not s2 > 0:
        raise EstimationError("the PIT values have no spread (every forecast certain); "
                              "the PIT test is not defined")
    n = len(w)
    if part == "all":
        lr, df = float(np.sum(w ** 2) - n * (np.log(s2) + 1)), 3
        h0 = "the counts are independent draws from their predictive distributions (PIT iid uniform)"
    else:
        lr, df = float(n * np.log(np.var(w) / s2)), 1
        h0 = "the PIT values of successive forecasts are independent"
    lr = max(lr, 0.0)
    return HypothesisTest(lr, float(stats.chi2.sf(lr, df)), df, h0,
                          "randomised-PIT LR (Berkowitz 2001)"
                          + ("" if part == "all" else ", serial dependence"))


#: the tests :func:`gof_table` offers: the randomised-PIT test or a score's calibration z
GOF_TESTS = ("pit", "pit_dependence") + SCORES


def gof_table(observed, mu, dispersion=None, *, which="logs", alpha=0.05,
              rng=None) -> pd.DataFrame:
    """In-sample goodness-of-fit gate of a count model, one row per side.

    ``which="pit"``: the randomised-PIT test (:func:`pit_test`) of each side's observed
    counts against the fitted one-period-ahead NB2 (or Poisson) distributions, the gate
    that can fail in sample (``"pit_dependence"``: its serial-dependence part); a score (``"logs"``, ...): its calibration z-test
    (:func:`calibration_test`), which in sample hardly ever rejects (the fitted
    dispersion adapts the predictive distributions to the score's moments). A model used
    for attribution or counterfactuals about a side should pass it for that side.

    Parameters
    ----------
    observed, mu : DataFrame
        Observed counts and fitted conditional means, one column per side.
    dispersion : Series or dict, optional
        NB2 :math:`\\alpha` per side (``None``: Poisson).
    which : {"pit", "pit_dependence", "logs", "dss", "rps", "brier"}
    alpha : float
        Level of the gate (``pass`` is ``pvalue >= alpha``).
    rng : int or numpy.random.Generator
        The PIT's randomisation (required for the PIT tests; one stream, sides in
        column order).

    Returns
    -------
    DataFrame
        Rows sides; columns ``statistic`` (the PIT tests' likelihood ratio; ``z``, the
        calibration z, for a score), ``pvalue``, ``pass``.
    """
    alpha = check_alpha(alpha)
    check_choice("which", which, GOF_TESTS)
    pit = which.startswith("pit")
    gen = as_rng(rng) if pit else None
    stat = "statistic" if pit else "z"
    rows = {}
    for s in observed.columns:
        a = None if dispersion is None else float(dispersion[s])
        m = np.maximum(mu[s].to_numpy(), 1e-12)
        t = (pit_test(observed[s].to_numpy(), m, a, rng=gen,
                      part="all" if which == "pit" else "dependence") if pit else
             calibration_test(observed[s].to_numpy(), m, a, which=which))
        rows[s] = {stat: t.statistic, "pvalue": t.pvalue, "pass": bool(t.pvalue >= alpha)}
    out = pd.DataFrame(rows).T
    out.index.name = "side"
    return out.astype({stat: float, "pvalue": float, "pass": bool})
