r"""Bayesian escalation phases: exact posterior over change points in daily counts.

:func:`bayesian_changepoints` (engine :class:`BayesianChangePoint`): a conjugate
Gamma-Poisson multiple change-point model whose posterior over at most ``K`` changes is
computed **exactly** by forward-backward recursions over all segmentations (Fearnhead
2006): the posterior probability that a new phase begins on each day, the posterior of
the number of changes and the posterior mean rate of each day. The penalised-likelihood
segmentation is in :mod:`analysis.models.phases`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd
from scipy import special

from ..exceptions import DataError, SpecificationError
from ..reporting import Summary
from .base import ModelResults, check_alpha
from .phases import _as_counts, _check_events, _check_min_size, _fmt_label, _phase_table, _plot_phases

__all__ = ["bayesian_changepoints", "BayesianChangePoint", "BayesianPhaseResults"]


# ---------------------------------------------------------------------------------------
# Bayesian change points (exact)
# ---------------------------------------------------------------------------------------
def _lse(x: np.ndarray, axis: int) -> np.ndarray:
    """log-sum-exp along ``axis`` that returns -inf for all -inf slices, quietly."""
    m = np.max(x, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    m0 = np.where(finite, m, 0.0)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        out = np.log(np.sum(np.exp(x - m0), axis=axis, keepdims=True)) + m0
    out = np.where(finite, out, -np.inf)
    return np.squeeze(out, axis=axis)


class BayesianChangePoint:
    r"""Bayesian Poisson multiple change points with an exact posterior.

    Gives the posterior probability of each number of changes and of a new phase
    beginning on each day.

    Parameters
    ----------
    counts : DataFrame, Series or array
        One column per side; complete, non-negative integer counts.
    max_changes : int
        :math:`K`, the largest number of changes considered (default 6).
    min_size : int
        :math:`L`, minimum phase length (default 7).
    prior : None, (a, b) or mapping side -> (a, b)
    prior_changes : "uniform" or sequence of K + 1 non-negative weights

    See Also
    --------
    analysis.bayesian_changepoints : Build and fit this model in one call.
    analysis.ChangePointModel : Penalised-likelihood change points.

    Notes
    -----
    **Model.** Counts :math:`y_{ts}` (days :math:`t=1..T`, sides :math:`s=1..S`). Given
    :math:`m` changes at :math:`\tau_1 < \dots < \tau_m` (every phase at least
    ``min_size`` days long), phase :math:`i` has rates :math:`\lambda_{is}` and

    .. math::

        y_{ts} \mid \lambda \sim \mathrm{Poisson}(\lambda_{is}),\quad
        \lambda_{is} \sim \mathrm{Gamma}(a_s, b_s)\ \text{(shape, rate; independent)},

    .. math::

        p(\tau \mid m) = 1 / N_m,\quad
        N_m = \binom{T - (m+1)L + m}{m}\ \text{(admissible configurations, } L =
        \text{min\_size)},\qquad p(m) \text{ on } \{0, \dots, K\}.

    **Priors.** :math:`a_s = 1` and :math:`b_s = 1/\bar y_s` by default (an exponential
    prior whose mean is the side's overall rate: weakly informative and scale-free; an
    empirical-Bayes choice, stated here because it uses the data's mean). ``prior``
    overrides it with ``(a, b)`` or a mapping side -> ``(a, b)``. ``prior_changes``:
    ``"uniform"`` on :math:`0..K` (default) or a sequence of :math:`K+1` weights.

    **Computation.** The rates integrate out in closed form: a phase of length
    :math:`n` with totals :math:`Y_s` has marginal likelihood
    :math:`\prod_s \frac{b_s^{a_s}}{\Gamma(a_s)} \frac{\Gamma(a_s + Y_s)}{(b_s + n)^{a_s +
    Y_s}} \prod_t \frac{1}{y_{ts}!}`. Forward sums :math:`A_j(t)` over the segmentations
    of days :math:`1..t` into :math:`j+1` phases and backward sums over those of
    :math:`t+1..T` (Fearnhead 2006) give, exactly and in :math:`O(K T^2)` time,

    * :math:`p(m \mid y) \propto p(m)\, A_m(T) / N_m`;
    * :math:`P(\text{a new phase begins on day } t \mid y)`;
    * :math:`E[\lambda_{ts} \mid y]` (posterior mean rate of every day);
    * the joint posterior mode :math:`(\hat m, \hat\tau)` (Viterbi).

    Memory is :math:`O(T^2)`: about 30 MB for 1,850 days.

    **Reading it.** With the uniform location prior an extra change is penalised only
    weakly (averaging over its position offsets most of the Occam factor of its
    rates), so :math:`p(m \mid y)` tends to spread over :math:`m` and beyond the true
    number; with overdispersed (bursty) counts it piles up at :math:`K`, because a
    Poisson model can only explain bursts by more phases. The robust outputs are the
    location probabilities (``prob_change``, ``p_near_start``) and the modal
    segmentation; use :func:`detect_phases` with ``family="negbin"`` to count phases in
    bursty data.

    Examples
    --------
    >>> import analysis
    >>> from analysis.models.phases import bayesian_changepoints
    >>> from analysis.casestudy import dyad_incidents, SIDES
    >>> counts = analysis.to_counts(dyad_incidents(), columns=SIDES)
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     post = bayesian_changepoints(counts, max_changes=6, min_size=14)
    >>> "piles up at the largest allowed" in str(caught[-1].message)  # bursty data
    True
    >>> post.prob_change.nlargest(5)        # doctest: +SKIP
    """

    def __init__(self, counts, max_changes: int = 6, min_size: int = 7, prior=None,
                 prior_changes="uniform"):
        self.y, self.index, self.sides = _as_counts(counts)
        self.T, self.S = self.y.shape
        self.nobs = int(self.T)
        if self.T < 2:
            raise DataError(f"the series has {self.T} period(s); at least 2 are needed")
        if not np.allclose(self.y, np.round(self.y)):
            raise DataError("the Bayesian Poisson model needs integer counts; for a "
                            "weighted (severity) series use detect_phases(family='negbin')")
        self.min_size = _check_min_size(min_size, self.T)
        _check_events(self.y, self.sides)
        if isinstance(max_changes, bool) or not isinstance(max_changes, numbers.Integral) \
                or max_changes < 0:
            raise SpecificationError(f"max_changes must be an integer >= 0, got "
                                     f"{max_changes!r}")
        kmax = self.T // self.min_size - 1
        if max_changes > kmax:
            raise SpecificationError(
                f"max_changes={max_changes} is impossible with {self.T} periods and "
                f"min_size={self.min_size}: at most {kmax}")
        self.K = int(max_changes)
        self.prior = self._priors(prior)
        if isinstance(prior_changes, str):
            if prior_changes != "uniform":
                raise SpecificationError("prior_changes must be 'uniform' or a sequence of "
                                         f"max_changes + 1 weights, got {prior_changes!r}")
            w = np.ones(self.K + 1)
        else:
            w = np.asarray(prior_changes, dtype=float)
            if w.shape != (self.K + 1,) or (w < 0).any() or w.sum() <= 0 \
                    or not np.isfinite(w).all():
                raise SpecificationError(f"prior_changes must have {self.K + 1} "
                                         "non-negative finite weights, not all zero")
        self.prior_changes = pd.Series(w / w.sum(), index=pd.RangeIndex(self.K + 1,
                                                                         name="changes"))
        self.counts = pd.DataFrame(self.y, index=self.index, columns=self.sides)

    def _priors(self, prior) -> pd.DataFrame:
        means = self.y.mean(axis=0)
        if prior is None:
            ab = {s: (1.0, 1.0 / m if m > 0 else 1.0) for s, m in zip(self.sides, means)}
        elif isinstance(prior, dict):
            missing = [s for s in self.sides if s not in prior]
            if missing:
                raise SpecificationError(f"prior has no (a, b) for side(s) {missing}")
            ab = {s: tuple(map(float, prior[s])) for s in self.sides}
        else:
            try:
                a, b = map(float, prior)
            except (TypeError, ValueError):
                raise SpecificationError("prior must be None, (a, b) or a mapping side -> "
                                         f"(a, b), got {prior!r}") from None
            ab = {s: (a, b) for s in self.sides}
        for s, (a, b) in ab.items():
            if not (a > 0 and b > 0 and math.isfinite(a) and math.isfinite(b)):
                raise SpecificationError(f"prior (a, b) for {s!r} must be positive, got "
                                         f"{(a, b)}")
        return pd.DataFrame(ab, index=["a", "b"]).T

    def _log_ml(self) -> np.ndarray:
        """L[a, b]: log marginal likelihood of phase (a, b] without the 1/y! terms."""
        T, L = self.T, self.min_size
        cs = np.vstack([np.zeros((1, self.S)), np.cumsum(self.y, axis=0)])
        pos = np.arange(T + 1)
        n = (pos[None, :] - pos[:, None]).astype(float)
        ok = n >= L
        nn = np.where(ok, n, 1.0)
        out = np.zeros((T + 1, T + 1))
        for j, s in enumerate(self.sides):
            a, b = self.prior.loc[s, "a"], self.prior.loc[s, "b"]
            Y = cs[None, :, j] - cs[:, None, j]
            Y = np.where(ok, Y, 0.0)
            out += (a * math.log(b) - special.gammaln(a) + special.gammaln(a + Y)
                    - (a + Y) * np.log(b + nn))
        out[~ok] = -np.inf
        return out

    def fit(self) -> "BayesianPhaseResults":
        """Compute the exact posterior; returns a new :class:`BayesianPhaseResults`."""
        T, K, L = self.T, self.K, self.min_size
        Lm = self._log_ml()
        # forward: A[j, t] = log sum over segmentations of (0, t] into j + 1 phases
        A = np.full((K + 1, T + 1), -np.inf)
        A[0] = Lm[0]
        for j in range(1, K + 1):
            A[j] = _lse(A[j - 1][:, None] + Lm, axis=0)
        # backward: B[j, t] = log sum over segmentations of (t, T] into j + 1 phases
        B = np.full((K + 1, T + 1), -np.inf)
        B[0] = Lm[:, T]
        for j in range(1, K + 1):
            B[j] = _lse(Lm + B[j - 1][None, :], axis=1)
        m = np.arange(K + 1)
        log_N = (special.gammaln(T - (m + 1) * L + m + 1) - special.gammaln(m + 1)
                 - special.gammaln(T - (m + 1) * L + 1))
        const = -float(special.gammaln(self.y + 1).sum())
        log_ev_m = A[:, T] - log_N + const               # log p(y | m)
        with np.errstate(divide="ignore"):
            log_prior_m = np.log(self.prior_changes.to_numpy())
        log_joint = log_ev_m + log_prior_m
        log_ev = float(_lse(log_joint, axis=0))
        post_m = np.exp(log_joint - log_ev)
        # P(new phase begins at t | y): prefix with i >= 1 phases ends at t, suffix with
        # k >= 1 phases starts there, i + k = m + 1
        log_pc = np.full(T + 1, -np.inf)
        for mm in range(1, K + 1):
            if post_m[mm] == 0:
                continue
            terms = np.stack([A[i] + B[mm - 1 - i] for i in range(mm)])
            lt = _lse(terms, axis=0) - A[mm, T] + math.log(post_m[mm])
            log_pc = np.logaddexp(log_pc, lt)
        prob_change = np.exp(log_pc[1:T])
        # P(phase (a, b] | y), as a T+1 x T+1 matrix, for the posterior mean rates
        P = self._segment_probs(Lm, A, B, post_m)
        rate = self._posterior_rates(P)
        # joint posterior mode by Viterbi
        mode_m, mode_cps = self._viterbi(Lm, log_N, log_prior_m)
        return BayesianPhaseResults(self, prob_change, post_m, log_ev_m, log_ev, rate,
                                    mode_m, mode_cps, P)

    def _segment_probs(self, Lm, A, B, post_m) -> np.ndarray:
        T, K = self.T, self.K
        # prefix: pre[i, a] = log sum over segmentations of (0, a] into i phases
        pre = np.full((K + 1, T + 1), -np.inf)
        pre[0, 0] = 0.0
        pre[1:] = A[:K]
        suf = np.full((K + 1, T + 1), -np.inf)
        suf[0, T] = 0.0
        suf[1:] = B[:K]
        W = np.full((K + 1, K + 1), -np.inf)
        with np.errstate(divide="ignore"):
            for i in range(K + 1):
                for k in range(K + 1 - i):
                    mm = i + k
                    if post_m[mm] > 0:
                        W[i, k] = math.log(post_m[mm]) - A[mm, T]
        cF = np.max(pre, axis=0)
        cG = np.max(suf, axis=0)
        cW = np.max(W[np.isfinite(W)]) if np.isfinite(W).any() else 0.0
        Fs = np.exp(pre - np.where(np.isfinite(cF), cF, 0.0))        # (K+1, T+1)
        Gs = np.exp(suf - np.where(np.isfinite(cG), cG, 0.0))
        Ws = np.exp(W - cW)
        core = Fs.T @ Ws @ Gs                                           # (T+1, T+1)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            logP = (Lm + np.log(core) + np.where(np.isfinite(cF), cF, -np.inf)[:, None]
                    + np.where(np.isfinite(cG), cG, -np.inf)[None, :] + cW)
            P = np.exp(logP)
        P[~np.isfinite(P)] = 0.0
        return P

    def _posterior_rates(self, P) -> np.ndarray:
        T = self.T
        cs = np.vstack([np.zeros((1, self.S)), np.cumsum(self.y, axis=0)])
        pos = np.arange(T + 1)
        n = np.maximum(pos[None, :] - pos[:, None], 0).astype(float)
        out = np.empty((T, self.S))
        for j, s in enumerate(self.sides):
            a, b = self.prior.loc[s, "a"], self.prior.loc[s, "b"]
            Y = np.maximum(cs[None, :, j] - cs[:, None, j], 0.0)
            Q = P * (a + Y) / (b + n)
            # E[rate on day u] = sum_{a <= u < b} Q[a, b]
            R = np.cumsum(Q[:, ::-1], axis=1)[:, ::-1]      # R[a, b] = sum_{b' >= b} Q[a, b']
            R = np.cumsum(R, axis=0)                          # sum_{a' <= a}
            out[:, j] = R[pos[:T], pos[:T] + 1]
        return out

    def _viterbi(self, Lm, log_N, log_prior_m):
        T, K = self.T, self.K
        V = np.full((K + 1, T + 1), -np.inf)
        arg = np.full((K + 1, T + 1), -1, dtype=int)
        V[0] = Lm[0]
        arg[0] = 0
        for j in range(1, K + 1):
            M = V[j - 1][:, None] + Lm
            arg[j] = np.argmax(M, axis=0)
            V[j] = M[arg[j], np.arange(T + 1)]
        with np.errstate(invalid="ignore"):
            score = V[:, T] - log_N + log_prior_m
        mm = int(np.argmax(score))
        cps, t = [], T
        for j in range(mm, 0, -1):
            t = int(arg[j, t])
            cps.append(t)
        return mm, sorted(cps)


def bayesian_changepoints(counts, max_changes: int = 6, min_size: int = 7, *, prior=None,
                          prior_changes="uniform") -> "BayesianPhaseResults":
    """Exact Bayesian Poisson change points: ``BayesianChangePoint(...).fit()``.

    See Also
    --------
    analysis.BayesianChangePoint : The model and priors.
    analysis.BayesianPhaseResults : What is returned.

    Notes
    -----
    See :class:`BayesianChangePoint` for the model and priors and
    :class:`BayesianPhaseResults` for what is returned.
    """
    return BayesianChangePoint(counts, max_changes=max_changes, min_size=min_size,
                               prior=prior, prior_changes=prior_changes).fit()


class BayesianPhaseResults(ModelResults):
    r"""The exact posterior of :class:`BayesianChangePoint`.

    Attributes
    ----------
    prob_change : Series
        :math:`P(\text{a new phase begins on day } t \mid y)` for every day but the
        first, shape ``(T - 1,)``. It sums to :math:`E[m \mid y]`.
    prob_n_changes : Series
        :math:`p(m \mid y)`, :math:`m = 0..K`.
    expected_changes : float
        :math:`E[m \mid y]`.
    log_evidence : float
        :math:`\log p(y)` (all constants included); ``log_evidence_m`` (Series) the
        :math:`\log p(y \mid m)`.
    rate : DataFrame
        :math:`E[\lambda_{ts} \mid y]`, the posterior mean rate of each day and side,
        averaged over all segmentations.
    changes : Index
        The change days of the joint posterior mode :math:`(\hat m, \hat\tau)`.
    n_changes : int
        :math:`\hat m`.
    phases : DataFrame
        The phase table of the posterior mode (as in :class:`PhaseResults`), with
        ``rate_<side>`` the posterior mean rate given that segmentation and
        ``p_near_start``: the posterior expected number of changes within ``+/- w``
        days of the phase start, ``w = (min_size - 1) // 2`` capped at 7 (a
        probability, since at most one change fits in that window).
    fitted : DataFrame
        The modal phase's posterior mean rate on every day.
    window : int
        :math:`w` above.
    params : Series
        Posterior mean rate of each phase of the posterior mode and side, indexed by
        (phase, side); :meth:`conf_int` gives equal-tailed Gamma credible intervals and
        ``bse`` the posterior standard deviations (given that segmentation).
    model : BayesianChangePoint
    prior, prior_changes, min_size, max_changes, counts
        The specification.
    """

    _renamed = {"plot_prob_change": "plot"}

    def __init__(self, model, prob_change, post_m, log_ev_m, log_ev, rate, mode_m,
                 mode_cps, P):
        self.model = model
        self.counts = model.counts
        self.min_size, self.max_changes = model.min_size, model.K
        self.prior, self.prior_changes = model.prior, model.prior_changes
        idx = model.index
        self.prob_change = pd.Series(prob_change, index=idx[1:], name="prob_change")
        self.prob_n_changes = pd.Series(post_m, index=pd.RangeIndex(model.K + 1,
                                                                    name="changes"),
                                        name="posterior")
        self.expected_changes = float(np.dot(np.arange(len(post_m)), post_m))
        if len(post_m) > 1 and post_m[-1] > 0.05:
            from ..exceptions import DataWarning, warn
            warn(
                f"the posterior of the number of changes piles up at the largest allowed, "
                f"K = {model.K} (p(m = K | y) = {post_m[-1]:.2f}, E[m | y] = "
                f"{self.expected_changes:.2f}): the number of changes is not estimated. "
                "A Poisson model explains bursts and self-excitation by extra phases; "
                "report where the changes are (prob_change), not how many, or raise "
                "max_changes", DataWarning)
        self.log_evidence_m = pd.Series(log_ev_m, index=self.prob_n_changes.index,
                                        name="log_evidence")
        self.log_evidence = log_ev
        self.rate = pd.DataFrame(rate, index=idx, columns=self.sides)
        self.n_changes = mode_m
        self.breakpoints = [int(c) for c in mode_cps]
        self.changes = idx[self.breakpoints]
        bounds = np.array([0, *self.breakpoints, model.T])
        y = model.y
        tab = _phase_table(y, idx, self.sides, bounds)
        for j, s in enumerate(self.sides):
            a, b = model.prior.loc[s, "a"], model.prior.loc[s, "b"]
            tab[f"rate_{s}"] = [(a + y[lo:hi, j].sum()) / (b + hi - lo)
                                for lo, hi in zip(bounds[:-1], bounds[1:])]
            prev = tab[f"rate_{s}"].shift(1)
            tab[f"ratio_{s}"] = tab[f"rate_{s}"] / prev
        w = min(7, (self.min_size - 1) // 2)
        pc = np.concatenate([[0.0], prob_change])
        near = [np.nan] + [float(pc[max(1, t - w):t + w + 1].sum())
                           for t in self.breakpoints]
        tab["p_near_start"] = near
        self.window = w
        self.phases = tab
        fitted = np.empty_like(y, dtype=float)
        for i, (lo, hi) in enumerate(zip(bounds[:-1], bounds[1:])):
            fitted[lo:hi] = tab[[f"rate_{s}" for s in self.sides]].to_numpy()[i]
        self.fitted = pd.DataFrame(fitted, index=idx, columns=self.sides)
        self._P = P
        # posterior of each modal phase's rate: Gamma(a + sum y, b + n) per side
        idx = pd.MultiIndex.from_product([tab.index, self.sides], names=["phase", "side"])
        shape, rate = [], []
        for lo, hi in zip(bounds[:-1], bounds[1:]):
            for j, s in enumerate(self.sides):
                shape.append(model.prior.loc[s, "a"] + y[lo:hi, j].sum())
                rate.append(model.prior.loc[s, "b"] + hi - lo)
        self._post = (np.asarray(shape, float), np.asarray(rate, float))
        self.params = pd.Series(self._post[0] / self._post[1], index=idx, name="params")

    @property
    def bse(self) -> pd.Series:
        """Series: posterior standard deviations of ``params`` (Gamma: sqrt(a) / b)."""
        return pd.Series(np.sqrt(self._post[0]) / self._post[1], index=self.params.index,
                         name="bse")

    def cov_params(self) -> pd.DataFrame:
        """Posterior covariance of ``params`` given the modal segmentation (diagonal:
        phases and sides have independent Gamma posteriors)."""
        return pd.DataFrame(np.diag(self.bse.to_numpy() ** 2), index=self.params.index,
                            columns=self.params.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Equal-tailed ``1 - alpha`` posterior (Gamma) credible intervals of ``params``,
        given the modal segmentation.

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        from scipy import stats
        alpha = check_alpha(alpha)
        a, b = self._post
        return pd.DataFrame({"lower": stats.gamma.ppf(alpha / 2, a) / b,
                             "upper": stats.gamma.ppf(1 - alpha / 2, a) / b},
                            index=self.params.index)

    @property
    def llf(self):
        """Not defined: a Bayesian fit has a log evidence (``log_evidence``), not a
        maximised likelihood, so no llf/aic/bic."""
        raise AttributeError("BayesianPhaseResults has no maximised likelihood (llf, aic, "
                             "bic); use log_evidence")

    def summary(self, alpha: float = 0.05) -> Summary:
        """Posterior of the number of changes, the modal phases and the likeliest change
        days; with ``alpha``, the credible intervals of the modal phase rates.

        Parameters
        ----------
        alpha : float
            1 - credibility of the rate intervals.
        """
        info = [("Sides", ", ".join(self.sides)),
                ("Periods", len(self.counts)),
                ("Minimum phase length", self.min_size),
                ("Largest number of changes K", self.max_changes),
                ("Rate priors (shape a, rate b)", "; ".join(
                    f"{s}: Gamma({r.a:.3g}, {r.b:.3g})" for s, r in self.prior.iterrows())),
                ("Prior on number of changes", "uniform" if np.allclose(
                    self.prior_changes, self.prior_changes.iloc[0]) else "user weights"),
                ("Posterior mean number of changes", self.expected_changes),
                ("Posterior mode: changes", self.n_changes),
                ("Log evidence", self.log_evidence)]
        tab = self.phases.copy()
        tab["start"] = [_fmt_label(v) for v in tab["start"]]
        tab["end"] = [_fmt_label(v) for v in tab["end"]]
        pm = pd.DataFrame({"p(m | y)": self.prob_n_changes,
                           "log p(y | m)": self.log_evidence_m})
        notes = [f"p_near_start: posterior probability of a change within +/- "
                 f"{self.window} periods of the phase start.",
                 "Rates are posterior means given the modal segmentation; "
                 "results.rate averages over all segmentations."]
        if self.prob_n_changes.iloc[-1] > 0.05:
            notes.append(f"p(m = K | y) = {self.prob_n_changes.iloc[-1]:.2f}: the posterior "
                         "piles up at the largest number of changes allowed, so the "
                         "number of changes (E[m | y] at the cap) is not estimated and is "
                         "not to be reported; bursts read as phases. Raise max_changes.")
        ci = self.conf_int(alpha)
        rates = pd.DataFrame({"rate": self.params, "posterior sd": self.bse,
                              "lower": ci["lower"], "upper": ci["upper"]})
        return Summary("Bayesian Poisson change points (exact posterior)", info,
                       [("Posterior modal phases", tab), ("Number of changes", pm),
                        (f"Modal phase rates, {100 * (1 - alpha):g}% credible intervals",
                         rates)], notes)

    def plot(self, ax=None, *, window: int = 0):
        """Posterior probability that a new phase begins on each day (``window=0``, the
        default: one stem per day), or the posterior expected number of changes within
        ``+/- window`` days (an expectation, not clipped to 1). The modal changes are
        dashed. When the posterior of the number of changes piles up at the largest
        number allowed (``p(m = K | y) > 0.05``), the panel says so: the bound binds and
        ``max_changes`` should be raised. Returns the Axes."""
        from ..plotting import new_figure, style

        if ax is None:
            _, ax = new_figure("wide")
        w = int(window)
        if w < 0:
            raise SpecificationError(f"window must be >= 0 days, got {window!r}")
        p = self.prob_change
        if w > 0:
            p = p.rolling(2 * w + 1, center=True, min_periods=1).sum()
        with style():
            for c in self.changes:
                ax.axvline(c, color="0.6", lw=0.5, ls="--", zorder=0)
            if w == 0:
                ax.vlines(p.index, 0, p.to_numpy(), color="0.0", lw=0.8, zorder=2)
            else:
                ax.fill_between(p.index, 0, p.to_numpy(), step="mid", color="0.3", lw=0)
            ax.set_ylim(0, 1 if w == 0 else max(1.0, float(p.max()) * 1.05))
            ax.set_ylabel("P(new phase begins on the day)" if w == 0 else
                          f"expected changes within +/- {w} days")
            ax.set_title(f"Posterior change-point probability (E[m | y] = "
                         f"{self.expected_changes:.1f} of at most {self.max_changes}; "
                         "dashed: posterior mode)")
            p_top = float(self.prob_n_changes.iloc[-1])
            if p_top > 0.05:
                t = ax.text(0.5, 0.97, f"p(m = {self.max_changes} | y) = {p_top:.2f}: the "
                            "posterior piles up at the largest number of changes\nallowed "
                            f"(max_changes = {self.max_changes}); more changes are likely: "
                            "raise max_changes",
                            transform=ax.transAxes, ha="center", va="top", color="0.0",
                            bbox={"fc": "white", "ec": "0.3", "lw": 0.5, "pad": 2})
                t.set_in_layout(False)
        return ax

    def plot_rate(self, ax=None, *, smooth: int | None = 7, sides=None):
        """Posterior mean daily rates over the (smoothed) counts. Returns the Axes."""
        return _plot_phases(self.counts, self.rate, self.changes, ax=ax, smooth=smooth,
                            sides=sides, shade=True, fit_label="posterior mean rate",
                            title="Posterior mean rate (Bayesian change points)")

    def __repr__(self) -> str:
        return (f"BayesianPhaseResults(E[m|y]={self.expected_changes:.2f}, "
                f"mode {self.n_changes} changes, K={self.max_changes})")
