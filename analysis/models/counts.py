"""Distributed-lag count regressions: Poisson, negative binomial and hurdle models.

The reaction-function regressions of Jaeger & Paserman (2008) and Haushofer, Biletzki &
Kanwisher (2010) on daily (or weekly) counts: one side's count on lags ``1..L`` of every
side's counts, with an optional trend, phase dummies and covariates. The key output is
the cumulative response curve, the expected extra events of one side over the next
``k`` days after one event of another side.

statsmodels does the Poisson, negative-binomial and logit fits (``statsmodels.discrete``,
with the dispersion estimated; its GLM ``NegativeBinomial`` family would silently fix
alpha at 1). This module adds what statsmodels lacks for this use: a hurdle model whose
zero part is a logit (the "probability of any event" of Haushofer et al.), a
zero-truncated count part that keeps alpha > 0 and fails loudly instead of returning NaN,
a joint HAC sandwich or a moving-block bootstrap for every family, and response curves
with confidence intervals.

Why over 800 lines: one model family (CountModel and its results) whose three
estimators (NB, hurdle logit + zero-truncated count, Poisson) share one design, one
sandwich/bootstrap and one response-curve machinery; splitting the estimators from the
results would scatter one likelihood over modules.
"""

from __future__ import annotations

import math
import warnings
from functools import partial

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ..exceptions import (warn as _warn, ConvergenceWarning, DataWarning, EstimationError,
                          SpecificationError)
from ..reporting import HypothesisTest, Summary
from . import _discrete as _d
from .base import ModelResults, guarded, renamed_keyword, run_replicates

__all__ = ["CountModel", "CountResults"]

FAMILIES = ("negbin", "poisson", "hurdle", "hurdle-poisson")
COV_TYPES = ("HAC", "nonrobust", "bootstrap")
PARTS = ("mean", "incidence", "number")
LAG_TRANSFORMS = ("log1p", "identity", "indicator")
_TRANSFORMS = {"log1p": np.log1p, "identity": lambda v: v,
               "indicator": lambda v: (v > 0).astype(float)}
_ALPHA_FLOOR = 1e-8     # dispersion below this is "no overdispersion" (Poisson)
_ETA_MAX = 30.0         # linear predictors are clipped here (exp(30) ~ 1e13 events)
_LLF_GAIN_MIN = 1e-6    # an NB fit gaining less log-likelihood than this over Poisson
                        # sits at the boundary alpha = 0
_COEF_BOUND = 15.0      # |coefficient| of the zero-truncated number part; a coefficient
                        # that reaches it is not identified (quasi-separation)


class CountModel:
    r"""Distributed-lag regression of one side's counts on every side's recent counts.

    A Poisson, negative-binomial or hurdle count regression with distributed lags;
    its response curve says how many extra events of one side follow one event of another.

    Parameters
    ----------
    counts : DataFrame
        Counts, one column per side, on a complete regular index (from
        :func:`analysis.to_counts`, daily or weekly). Two or more sides in the usual
        use; one side gives a pure self-response model.
    response : str
        The column whose counts are modelled.
    lags : int or list of (first, last)
        :math:`L`, the number of lags of every side (days for daily counts); or lag
        windows whose counts are summed into one regressor each, e.g.
        ``[(1, 1), (2, 3), (4, 7)]`` (columns ``"<side>.L1"``, ``"<side>.L2-3"``,
        ``"<side>.L4-7"``): fewer coefficients, and no separation when events are rare.
    family : {"negbin", "poisson", "hurdle", "hurdle-poisson"}
    lag_transform : {"log1p", "identity", "indicator"}
        :math:`g`, applied to every lagged count.
    trend : bool
        Add a linear time trend to :math:`\mathbf{d}_t`.
    phases : list of dates or DataFrame, optional
        Dates on which a new phase begins (or a phase table with a ``start`` column);
        one dummy per phase after the first.
    exog : DataFrame, optional
        Covariates on the index of ``counts`` (values at day :math:`t`, known before
        :math:`t` by assumption).

    See Also
    --------
    analysis.VARModel : Gaussian vector autoregression on the same counts.
    analysis.CountHawkes : Self-exciting count model with feedback.

    Notes
    -----
    For the response side :math:`B` and sides :math:`j = 1..k` (the columns of
    ``counts``), day :math:`t` and lags :math:`l = 1..L`:

    .. math::

        \log \mu_t = \mathbf{d}_t'\boldsymbol\delta
                     + \sum_{j=1}^{k}\sum_{l=1}^{L} \beta_{j,l}\, g(y_{j,t-l}),
        \qquad E[y_{B,t} \mid \mathcal F_{t-1}] = \mu_t

    with the lag transform :math:`g(y) = \log(1 + y)` by default (``lag_transform``).
    Lagged counts enter log-linear count models on the log scale (Zeger & Qaqish 1988;
    Fokianos & Tjostheim 2011; R's ``tscount`` with ``link="log"``): with raw counts,
    :math:`\exp(\beta y)` makes one busy day multiply the expected response by
    thousands, and the fit explodes. ``"identity"`` (raw counts, as in Jaeger &
    Paserman's linear models) and ``"indicator"`` (:math:`g(y) = 1[y > 0]`, any event
    that day) are available.

    * ``family="poisson"``: :math:`y_{B,t} \sim \text{Poisson}(\mu_t)`.
    * ``family="negbin"``: NB2, :math:`\operatorname{Var} = \mu_t + \alpha\mu_t^2`, with
      :math:`\alpha` estimated by maximum likelihood (as R's ``MASS::glm.nb``, where
      :math:`\theta = 1/\alpha`).
    * ``family="hurdle"`` (or ``"hurdle-poisson"``): two parts with their own
      coefficients. The *incidence* part
      :math:`\pi_t = P(y_{B,t} > 0) = \operatorname{logit}^{-1}(\mathbf{x}_t'\boldsymbol\gamma)`
      and the *number* part, a zero-truncated NB2 (or Poisson) with
      :math:`\log\mu_t = \mathbf{x}_t'\boldsymbol\beta` for the days with events, so
      :math:`E[y_{B,t}] = \pi_t\,\mu_t / (1 - P_0(\mu_t))`. Lagged events can raise the
      probability of a response without raising its size (Haushofer et al. 2010).

    Symbols and attributes (results of :meth:`fit`): :math:`\mathbf{d}_t` holds the
    deterministic terms (``const``; ``trend`` in years since the first day;
    ``phase1..`` dummies; covariate columns); :math:`\mathbf{x}_t` is the whole row of
    ``model.exog`` (``(nobs, n_terms)`` DataFrame, lag columns named ``"<side>.L<l>"``);
    :math:`\beta_{j,l}` is ``results.params["<side>.L<l>"]`` (hurdle:
    ``"incidence:<side>.L<l>"`` and ``"number:<side>.L<l>"``); :math:`\alpha` is
    ``results.params["dispersion"]`` (hurdle: ``"number:dispersion"``). The first ``L`` periods
    are the pre-sample, so ``nobs = len(counts) - L``.

    The *response curve* (:meth:`CountResults.response_curve`) to one event of side
    :math:`A` is the average over the sample days of the change in the expected count
    of :math:`B`, :math:`h` days later, when :math:`y_{A,t-h}` is one higher and all
    other counts are as observed:
    :math:`\Delta_h = \frac{1}{n}\sum_t [E(y_{B,t}\mid y_{A,t-h}+1) - E(y_{B,t})]`;
    its cumulative sum over :math:`h = 1..k` is the expected number of extra events of
    :math:`B` in the ``k`` days after one event of :math:`A`. It is a direct effect: the
    feedback through later events is what :class:`~analysis.VARModel` and
    :class:`~analysis.CountHawkes` add.

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> counts = analysis.to_counts(dyad_incidents())
    >>> model = analysis.CountModel(counts, "us", lags=[(1, 3), (4, 7)], family="negbin",
    ...                             phases=["2023-10-17", "2024-02-05"])
    >>> res = model.fit()                                   # HAC standard errors
    >>> curve = res.response_curve("militia", horizon=7)   # extra US strikes after one attack
    >>> res.summary()                                       # doctest: +SKIP
    """

    def __init__(self, counts, response, lags=7, family="negbin", *,
                 lag_transform="log1p", trend=False, phases=None, exog=None):
        self.family = _d.check_choice("family", family, FAMILIES)
        self.lag_transform = _d.check_choice("lag_transform", lag_transform, LAG_TRANSFORMS)
        self.lag_windows = _lag_windows(lags)
        self.lags = self.lag_windows[-1][1]            # L: the pre-sample length
        self.trend = bool(trend)
        values = _d.check_counts(counts, what="CountModel", min_sides=1, integer=True)
        self.sides = list(values.columns)
        if str(response) not in self.sides:
            raise SpecificationError(f"response must be one of the columns {self.sides}, "
                                     f"got {response!r}")
        self.response = str(response)
        n = len(values)
        if n <= self.lags + 2:
            raise SpecificationError(
                f"{n} periods leave no sample after {self.lags} lags; use fewer lags, "
                "weekly counts or a longer window")
        det = _d.deterministic_terms(values.index, trend=self.trend, phases=phases,
                                     exog=exog).iloc[self.lags:]
        lagged, lag_names = _window_block(values.to_numpy(), self.sides, self.lag_windows)
        self._lags_raw = lagged
        self._n_det = det.shape[1]
        X = np.column_stack([det.to_numpy(), _TRANSFORMS[self.lag_transform](lagged)])
        names = list(det.columns) + lag_names
        _d.check_rank(X, names, what=f"CountModel({self.response!r}, lags={lags})",
                      fix="use fewer lags, weekly counts or a longer window, or drop "
                          "phases/covariates")
        _check_separation(X, names, values[str(response)].to_numpy()[self.lags:],
                          str(response), self.family)
        self.counts = values
        self.phases = phases
        self.exog = pd.DataFrame(X, index=values.index[self.lags:], columns=names)
        self.endog = values[self.response].iloc[self.lags:].rename(self.response)
        self.nobs = len(self.endog)
        y = self.endog.to_numpy()
        if self.family.startswith("hurdle"):
            pos = y > 0
            if pos.all():
                raise SpecificationError(
                    f"{self.response!r} has events in every period, so the incidence part "
                    "of a hurdle model is not identified; use family='negbin'")
            _d.check_rank(X[pos], names,
                          what=f"the number part of the hurdle model ({int(pos.sum())} "
                               f"periods with events of {self.response!r})",
                          fix="use fewer lags or a longer window, or family='negbin'")

    # ----------------------------------------------------------------------------------
    def __repr__(self):
        return (f"CountModel(response={self.response!r}, lags={self.lag_windows}, "
                f"family={self.family!r}, lag_transform={self.lag_transform!r}, "
                f"sides={self.sides}, nobs={self.nobs})")

    @property
    def exog_names(self) -> list:
        return list(self.exog.columns)

    def param_names(self) -> list:
        names = self.exog_names
        if self.family == "poisson":
            return names
        if self.family == "negbin":
            return names + ["dispersion"]
        extra = ["number:dispersion"] if self.family == "hurdle" else []
        return ([f"incidence:{c}" for c in names] + [f"number:{c}" for c in names]
                + extra)

    def fit(self, cov_type="HAC", *, hac_lags=None, n_boot=499, block_length=None,
            rng=None, maxiter=500, n_jobs=1, progress=None, **renamed) -> "CountResults":
        """Maximum-likelihood fit; returns a new :class:`CountResults`.

        Parameters
        ----------
        cov_type : {"HAC", "nonrobust", "bootstrap"}
            ``"HAC"``: Newey-West sandwich (Bartlett kernel, ``hac_lags`` lags of the
            scores; default floor(4 (nobs/100)^(2/9))). ``"nonrobust"``: inverse observed
            information. ``"bootstrap"``: moving-block bootstrap of the rows
            ``(y_t, x_t)``: ``n_boot`` refits on blocks of ``block_length`` periods
            (default ``max(2 L, nobs^(1/3))``); ``bse`` is the bootstrap standard
            deviation and intervals are percentile intervals.
        hac_lags : int, optional
            Lags of the HAC sandwich (``cov_type="HAC"``).
        n_boot, block_length : int
            Bootstrap refits and block length (``cov_type="bootstrap"``).
        rng : Generator or int
            Needed for ``cov_type="bootstrap"`` (``None`` is refused there).
        maxiter : int
            Iterations of the optimiser.
        n_jobs : int
            Processes for the bootstrap refits (-1: every core); the resampled rows
            are drawn from ``rng`` up front, so the result is the same for any
            ``n_jobs``.
        progress : bool, optional
            Progress bar for the bootstrap (default: on, except under pytest).
        """
        if renamed:
            renamed_keyword(renamed, "CountModel.fit", {"maxlags": "hac_lags"})
        _d.check_choice("cov_type", cov_type, COV_TYPES)
        y = self.endog.to_numpy()
        X = self.exog.to_numpy()
        est = _estimate(self.family, y, X, maxiter=maxiter, response=self.response)
        hl = hac_lags if hac_lags is not None else _d.newey_west_lags(self.nobs)
        if hac_lags is not None:
            _d.check_positive_int("hac_lags", hac_lags, minimum=0)
        boot = None
        if cov_type == "nonrobust":
            cov = est.cov_nonrobust()
            cov_desc = "nonrobust (inverse observed information)"
        elif cov_type == "HAC":
            cov = est.cov_hac(hl)
            cov_desc = f"HAC (Newey-West, Bartlett kernel, {hl} lags)"
        else:
            rng = _d.as_rng(rng)
            n_boot = _d.check_positive_int("n_boot", n_boot, minimum=20)
            bl = block_length if block_length is not None else \
                max(2 * self.lags, int(math.ceil(self.nobs ** (1 / 3))))
            bl = _d.check_positive_int("block_length", bl)
            boot = _block_bootstrap(self.family, y, X, est, n_boot, bl, rng, maxiter,
                                    n_jobs=n_jobs, progress=progress)
            cov = np.cov(boot, rowvar=False)
            cov_desc = f"bootstrap (moving blocks of {bl} periods, {len(boot)} replications)"
        params = est.params_natural()
        names = self.param_names()
        if not np.all(np.isfinite(cov)) or np.any(np.diag(cov) < 0):
            raise EstimationError(
                f"the covariance of the {self.family} fit of {self.response!r} is not "
                "finite and positive (some coefficient is not identified by these data: "
                "quasi-separation or a flat likelihood); use fewer lags or wider lag "
                "windows, a longer window or a simpler family")
        res = CountResults(self, pd.Series(params, index=names, name="params"),
                           pd.DataFrame(cov, index=names, columns=names), est,
                           cov_type=cov_type, cov_desc=cov_desc, hac_lags=hl,
                           bootstrap_draws=None if boot is None else
                           pd.DataFrame(boot, columns=names))
        fv = res.fittedvalues
        if fv.max() > 10 * max(1.0, y.max()):
            _warn(
                f"the {self.family} fit of {self.response!r} expects {fv.max():.3g} events "
                f"on {_label(fv.idxmax())}, though no period has more than {y.max():g}: the mean "
                "model is extrapolating (with a large NB dispersion it can trade the mean "
                "for variance), so averaged responses are unstable. Compare "
                "family='poisson' (pseudo-ML, consistent for the mean, with HAC errors), "
                "wider lag windows or phases=", DataWarning)
        return res


def _label(stamp):
    return str(stamp.date()) if isinstance(stamp, pd.Timestamp) else str(stamp)


def _lag_windows(lags):
    """``lags`` as a list of (first, last) lag windows."""
    if isinstance(lags, (int, np.integer)) and not isinstance(lags, bool):
        L = _d.check_positive_int("lags", lags)
        return [(l, l) for l in range(1, L + 1)]
    try:
        windows = [(int(a), int(b)) for a, b in lags]
    except (TypeError, ValueError):
        raise SpecificationError(
            f"lags must be an integer L >= 1 (lags 1..L) or a list of (first, last) lag "
            f"windows such as [(1, 1), (2, 3), (4, 7)], got {lags!r}") from None
    if not windows:
        raise SpecificationError("lags is an empty list of windows")
    prev = 0
    for a, b in windows:
        if a < 1 or b < a or a <= prev:
            raise SpecificationError(
                f"lag windows must be sorted, non-overlapping (first, last) pairs with "
                f"1 <= first <= last, got {windows}")
        prev = b
    return windows


def _window_name(side, a, b):
    return f"{side}.L{a}" if a == b else f"{side}.L{a}-{b}"


def _window_block(values, names, windows):
    """Sums of each side's counts over each lag window, rows L..n-1."""
    n = values.shape[0]
    L = windows[-1][1]
    cols, labels = [], []
    for j, side in enumerate(names):
        for a, b in windows:
            cols.append(sum(values[L - l:n - l, j] for l in range(a, b + 1)))
            labels.append(_window_name(side, a, b))
    return np.column_stack(cols), labels


def _check_separation(X, names, y, response, family):
    """A non-negative regressor that is positive only on days without events sends its
    coefficient to minus infinity: the likelihood has no maximum."""
    bad = []
    for j, name in enumerate(names):
        col = X[:, j]
        if name == "const" or np.any(col < 0) or np.all(col == col[0]):
            continue
        on = col > 0
        if on.any() and y[on].sum() == 0:
            bad.append(f"{name} ({int(on.sum())} periods)")
    if bad:
        raise EstimationError(
            f"{response!r} has no events in any period where {', '.join(bad)} is positive, "
            "so that coefficient runs to minus infinity (separation) and the "
            f"{family} fit has no maximum. Use fewer lags, wider lag windows (e.g. "
            "lags=[(1, 3), (4, 7)]), weekly counts, or a longer window")


# --------------------------------------------------------------------------------------
# Estimation engines (one per family), in a common interface
# --------------------------------------------------------------------------------------
class _Estimate:
    """Fitted parameters with score and Hessian, in the *natural* parametrisation."""

    def __init__(self, family, params, llf, score_obs, hessian, converged, pos=None):
        self.family = family
        self.params = np.asarray(params, float)
        self.llf = float(llf)
        self._score_obs = score_obs        # (nobs, n_params) at params
        self._hessian = hessian            # (n_params, n_params) at params
        self.converged = converged
        # parameters held at a bound of the parameter space (not identified): no
        # standard error; the covariance of the others is computed with them fixed
        self.fixed = np.zeros(len(self.params), bool)

    def params_natural(self):
        return self.params

    def _free_block(self, compute):
        free = ~self.fixed
        cov = np.zeros((len(self.params), len(self.params)))
        cov[np.ix_(free, free)] = compute(free)
        return cov

    def cov_nonrobust(self):
        try:
            return self._free_block(
                lambda f: np.linalg.inv(-self._hessian[np.ix_(f, f)]))
        except np.linalg.LinAlgError:
            raise EstimationError(
                "the information matrix is singular (a coefficient is not identified); "
                "use fewer lags or a longer window") from None

    def cov_hac(self, maxlags):
        try:
            return self._free_block(lambda f: _d.sandwich(
                self._hessian[np.ix_(f, f)], _d.hac_meat(self._score_obs[:, f], maxlags)))
        except np.linalg.LinAlgError:
            raise EstimationError(
                "the Hessian is singular (a coefficient is not identified); use fewer "
                "lags or a longer window") from None


def _sm_fit(model, start, maxiter, what, polish=True):
    """Fit a statsmodels discrete model; translate its warnings into ours."""
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="ignore"):
            try:
                res = model.fit(start_params=start, method="bfgs", maxiter=maxiter,
                                disp=0, gtol=1e-9)
                if polish:       # Newton steps (not for NB: they can push alpha below 0)
                    res = model.fit(start_params=np.asarray(res.params, float),
                                    method="newton", maxiter=100, disp=0, tol=1e-12)
            except np.linalg.LinAlgError:
                raise EstimationError(f"{what}: the Hessian is singular; use fewer lags "
                                      "or a longer window") from None
    separation = any(issubclass(w.category, PerfectSeparationWarning) for w in caught)
    if separation:
        raise EstimationError(
            f"{what}: perfect separation (some lag pattern predicts the outcome exactly), "
            "so the coefficients are infinite; use fewer lags or a longer window")
    converged = bool(res.mle_retvals.get("converged", False))
    return res, converged


def _estimate(family, y, X, *, maxiter, response, warm=None):
    """The ML fit of ``family``. ``warm``: the natural parameters of a fit of the same
    model on the full sample, for a bootstrap refit (:func:`_refit_params`): the
    optimisers start there, and only the parameters, log-likelihood and convergence
    are computed (no scores or Hessian: a refit needs none)."""
    what = f"the {family} fit of {response!r}"
    if family in ("poisson", "negbin"):
        from statsmodels.discrete.discrete_model import NegativeBinomial, Poisson
        pois = Poisson(y, X)
        pp = None
        if warm is not None:
            # Newton from the full-sample estimate; where it does not reach a regular
            # optimum (e.g. a coefficient running off to infinity in this resample),
            # the fit from scratch below
            pp, conv = _poisson_newton(y, X, np.asarray(warm, float)[:X.shape[1]])
            pconv = conv
            if not conv:
                pp = None
        if pp is None:
            rp, conv = _sm_fit(pois, np.r_[math.log(max(y.mean(), 1e-3)),
                                           np.zeros(X.shape[1] - 1)]
                               if _has_const(X) else None, maxiter, what)
            pp = np.asarray(rp.params, float)
            pconv = bool(rp.mle_retvals.get("converged", True))

        def light(fam, p, llf, cv):
            return _Estimate(fam, p, llf, None, None, cv)
        if family == "poisson":
            p = pp
            _check_finite(p, what)
            _warn_unconverged(conv, what)
            if warm is not None:
                return light(family, p, pois.loglike(p), conv)
            return _Estimate(family, p, pois.loglike(p), pois.score_obs(p), pois.hessian(p),
                             conv)
        nb = NegativeBinomial(y, X, loglike_method="nb2")
        mu = np.exp(np.clip(X @ pp, -_ETA_MAX, _ETA_MAX))
        a0 = max(0.1, float(np.mean(((y - mu) ** 2 - y) / mu ** 2)))
        p = None
        if warm is not None and warm[-1] > 0:
            # from the full-sample optimum (alpha > 0); a statsmodels NB model reads
            # the last parameter as log(alpha) until it has been fitted, ours is alpha.
            # Kept only if it converged to an interior optimum; otherwise the refit
            # takes the path of a fit from scratch, as without warm
            nb._transparams = False
            p, conv = _nb_log_alpha_fit(nb, np.asarray(warm, float), maxiter,
                                        objective=_nb2_objective(y, X))
            if not (conv and np.all(np.isfinite(p)) and p[-1] >= 1e-5
                    and nb.loglike(p) - pois.loglike(pp) >= _LLF_GAIN_MIN):
                p = None
        if p is None:
            # statsmodels' bfgs (on log alpha), then a tight L-BFGS polish on log
            # alpha: statsmodels' newton steps alpha through zero on under-dispersed
            # data, and its trigamma at a negative 1/alpha then takes minutes
            rn, _ = _sm_fit(nb, np.r_[pp, a0], maxiter, what, polish=False)
            start = np.asarray(rn.params, float)
            if not np.all(np.isfinite(start)) or start[-1] <= 0:
                start = np.r_[pp, a0]
            p, conv = _nb_log_alpha_fit(nb, start, maxiter)
        _check_finite(p, what)
        if p[-1] < 1e-5 or nb.loglike(p) - pois.loglike(pp) < _LLF_GAIN_MIN:
            # alpha > 0 does not raise the likelihood above Poisson's: the optimum is
            # the boundary alpha = 0, where the likelihood is flat in alpha and an
            # interior stopping point (and its covariance) would depend on the CPU
            # the NB2 likelihood peaks at its boundary alpha = 0 (no overdispersion);
            # there it is the Poisson likelihood, numerically flat in alpha
            _warn(
                f"{what}: no overdispersion (alpha at its lower bound 0, held there with "
                "no standard error); the negative binomial reduces to Poisson. Use "
                "family='poisson'", DataWarning)
            if warm is not None:
                return _BoundaryAlphaEstimate(light("poisson", pp, pois.loglike(pp), pconv))
            return _BoundaryAlphaEstimate(
                _Estimate("poisson", pp, pois.loglike(pp), pois.score_obs(pp),
                          pois.hessian(pp), pconv))
        _warn_unconverged(conv, what)
        if warm is not None:
            return light(family, p, nb.loglike(p), conv)
        return _Estimate(family, p, nb.loglike(p), nb.score_obs(p), nb.hessian(p), conv)
    return _estimate_hurdle(family, y, X, maxiter=maxiter, what=what)


class _BoundaryAlphaEstimate(_Estimate):
    """An NB2 fit whose alpha sits at 0: the Poisson fit plus alpha = 0 (fixed)."""

    def __init__(self, inner):
        self.inner = inner
        self.family = "negbin"
        self.params = np.r_[inner.params, 0.0]
        self.llf = inner.llf
        self.converged = inner.converged
        self.fixed = np.r_[np.zeros(len(inner.params), bool), True]

    def _pad(self, cov):
        k = len(self.params)
        out = np.zeros((k, k))
        out[:-1, :-1] = cov
        return out

    def cov_nonrobust(self):
        return self._pad(self.inner.cov_nonrobust())

    def cov_hac(self, maxlags):
        return self._pad(self.inner.cov_hac(maxlags))


def _poisson_newton(y, X, start, *, maxiter=100, tol=1e-12):
    """Poisson ML by Newton-Raphson with step halving from ``start`` (a bootstrap
    refit's warm start): the root that statsmodels' bfgs + newton polish reaches, in a
    few analytic steps. Returns ``(params, ok)``; ``ok`` is False (the caller then fits
    from scratch) unless every coordinate's last step is below ``tol`` (statsmodels'
    newton criterion) at a finite, regular optimum that does not fit every count
    exactly (statsmodels' perfect-prediction check)."""
    b = np.array(start, float)
    if not np.all(np.isfinite(b)):
        return b, False

    def ll(v):
        eta = X @ v
        return float(np.sum(y * eta - np.exp(eta)))
    with np.errstate(all="ignore"):
        f = ll(b)
        for _ in range(maxiter):
            mu = np.exp(X @ b)
            try:
                step = np.linalg.solve((X * mu[:, None]).T @ X, X.T @ (y - mu))
            except np.linalg.LinAlgError:
                return b, False
            t = 1.0
            while True:
                b_new = b + t * step
                f_new = ll(b_new)
                if (np.isfinite(f_new) and f_new >= f - 1e-12 * abs(f)) or t < 1e-8:
                    break
                t *= 0.5
            b, f = b_new, f_new
            if not np.all(np.isfinite(b)):
                return b, False
            if np.all(np.abs(t * step) < tol):
                break
        else:
            return b, False
        if np.allclose(np.exp(X @ b) - y, 0):
            return b, False
    return b, True


def _nb2_objective(y, X):
    """``(f, g)``: minus the NB2 log-likelihood of ``(y, X)`` on ``q = (beta, log
    alpha)`` and its gradient, by statsmodels' formulas (``NegativeBinomial._ll_nbin``,
    ``_score_nbin``) without its per-call overhead: for the many evaluations of
    bootstrap refits. The last evaluation is cached (L-BFGS-B asks for f and g at the
    same point)."""
    y = np.asarray(y, float)
    lgy1 = special.gammaln(y + 1)
    cache = {}

    def parts(q):
        key = q.tobytes()
        if key not in cache:
            cache.clear()
            alpha = math.exp(q[-1])
            a1 = 1.0 / alpha
            mu = np.exp(X @ q[:-1])
            prob = a1 / (a1 + mu)
            ll = (special.gammaln(a1 + y) - lgy1 - special.gammaln(a1)
                  + a1 * np.log(prob) + y * np.log(1 - prob))
            dparams = X.T @ (a1 * (y - mu) / (mu + a1))
            dalpha = np.sum(special.digamma(y + a1) - special.digamma(a1) + np.log(a1)
                            - np.log(a1 + mu) - (y - mu) / (a1 + mu)) * -(alpha ** -2)
            cache[key] = (-np.sum(ll), -np.r_[dparams, dalpha * alpha])
        return cache[key]

    def f(q):
        v = parts(np.asarray(q, float))[0]
        return v if np.isfinite(v) else 1e300

    def g(q):
        return parts(np.asarray(q, float))[1].copy()
    return f, g


def _nb_log_alpha_fit(nb, start, maxiter, objective=None):
    """NB2 fit on log alpha from ``start`` (natural parameters); ``objective``:
    ``(f, g)`` of :func:`_nb2_objective` instead of ``nb``'s own (bootstrap refits)."""
    def f(q):
        p = np.r_[q[:-1], math.exp(q[-1])]
        v = -nb.loglike(p)
        return v if np.isfinite(v) else 1e300

    def g(q):
        p = np.r_[q[:-1], math.exp(q[-1])]
        s = nb.score(p)
        s[-1] *= p[-1]
        return -s
    if objective is not None:
        f, g = objective

    q0 = np.r_[start[:-1], math.log(max(start[-1], 1e-4))]
    bounds = [(None, None)] * (len(q0) - 1) + [(math.log(_ALPHA_FLOOR), 10.0)]
    with np.errstate(all="ignore"):
        r = optimize.minimize(f, q0, jac=g, method="L-BFGS-B", bounds=bounds,
                              options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-9})
        _d.polish_optimum(f, g, r, bounds)          # the same optimum on every CPU
        gr = g(r.x)
    if r.x[-1] <= bounds[-1][0] + 1e-8 and gr[-1] > 0:
        gr[-1] = 0.0                      # alpha at its floor: a boundary optimum
    # an end on the placeholder 1e300 (a non-finite likelihood) is no optimum, however
    # small the tolerance scaled by that objective makes the gradient look
    converged = bool(np.isfinite(r.fun) and r.fun < 1e299 and np.all(np.isfinite(gr))
                     and np.max(np.abs(gr)) < 1e-4 * max(1.0, abs(r.fun) / len(q0)))
    return np.r_[r.x[:-1], math.exp(r.x[-1])], converged


def _has_const(X):
    return X.shape[1] > 0 and np.all(X[:, 0] == 1.0)


def _check_finite(p, what):
    if not np.all(np.isfinite(p)):
        raise EstimationError(
            f"{what} gave non-finite estimates (the likelihood has no maximum for these "
            "data); use fewer lags, family='poisson', or a longer window")


def _warn_unconverged(converged, what):
    if not converged:
        _warn(f"{what} did not converge; raise maxiter=, or use fewer lags or a "
              "longer window", ConvergenceWarning)


# ---- zero-truncated NB2 / Poisson for the number part of the hurdle -------------------
def _trunc_loglike_obs(beta, log_alpha, y, X, poisson):
    eta = np.clip(X @ beta, -_ETA_MAX, _ETA_MAX)
    mu = np.exp(eta)
    if poisson:
        log_p0 = -mu
        ll = y * eta - mu - special.gammaln(y + 1)
    else:
        theta = math.exp(-log_alpha)
        log_p0 = theta * (np.log(theta) - np.log(theta + mu))
        ll = (special.gammaln(y + theta) - special.gammaln(theta) - special.gammaln(y + 1)
              + log_p0 + y * (eta - np.log(theta + mu)))
    return ll - np.log(-np.expm1(log_p0))


def _trunc_score_obs(beta, log_alpha, y, X, poisson):
    eta = np.clip(X @ beta, -_ETA_MAX, _ETA_MAX)
    mu = np.exp(eta)
    if poisson:
        log_p0 = -mu
        dlogf_dmu = y / mu - 1.0
        dlogp0_dmu = -np.ones_like(mu)
    else:
        theta = math.exp(-log_alpha)
        log_p0 = theta * (np.log(theta) - np.log(theta + mu))
        dlogf_dmu = y / mu - (y + theta) / (theta + mu)
        dlogp0_dmu = -theta / (theta + mu)
    odds0 = np.exp(log_p0) / (-np.expm1(log_p0))       # P0 / (1 - P0)
    dl_dmu = dlogf_dmu + odds0 * dlogp0_dmu
    sb = (dl_dmu * mu)[:, None] * X
    if poisson:
        return sb
    ratio = np.log(theta) - np.log(theta + mu)
    dlogf_dth = (special.digamma(y + theta) - special.digamma(theta) + ratio + 1.0
                 - (y + theta) / (theta + mu))
    dlogp0_dth = ratio + mu / (theta + mu)
    dl_dth = dlogf_dth + odds0 * dlogp0_dth
    return np.column_stack([sb, -theta * dl_dth])     # d/d log(alpha) = -theta d/d theta


def _fit_truncated(y, X, poisson, maxiter, what):
    """ML fit of the zero-truncated count part; parameters (beta, log alpha)."""
    b0 = np.zeros(X.shape[1])
    if _has_const(X):
        b0[0] = math.log(max(y.mean() - 0.9, 0.1))
    q0 = b0 if poisson else np.r_[b0, 0.0]
    const = _has_const(X)
    bounds = ([(None, None)] if const else []) + \
        [(-_COEF_BOUND, _COEF_BOUND)] * (X.shape[1] - const) + \
        ([] if poisson else [(math.log(_ALPHA_FLOOR), 8.0)])
    keep = np.ones(len(y), bool)
    for j in range(int(const), X.shape[1]):
        # an indicator (a phase) whose days with events all have exactly one event:
        # its coefficient's MLE is -inf, where those days' probability is 1 and they
        # carry no information on the rest. That limit is fitted exactly: the days are
        # left out of the number part and the coefficient is held at the bound (an
        # optimiser would slow to a stop on the way, at a CPU-dependent point).
        on = X[:, j] == 1.0
        if (np.all((X[:, j] == 0.0) | on) and on.any() and np.all(y[on] == 1)
                and not np.all(y[~on & keep] == 1)):
            bounds[j] = (-_COEF_BOUND, -_COEF_BOUND)
            q0[j] = -_COEF_BOUND
            keep &= ~on
    y, X = y[keep], X[keep]

    def nll(q):
        b, la = (q, 0.0) if poisson else (q[:-1], q[-1])
        v = -np.sum(_trunc_loglike_obs(b, la, y, X, poisson))
        return v if np.isfinite(v) else 1e300

    def grad(q):
        b, la = (q, 0.0) if poisson else (q[:-1], q[-1])
        return -_trunc_score_obs(b, la, y, X, poisson).sum(axis=0)
    with np.errstate(all="ignore"):
        r = optimize.minimize(nll, q0, jac=grad, method="L-BFGS-B", bounds=bounds,
                              options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-8})
    q = r.x
    _check_finite(q, what)
    g = grad(q)
    free = np.ones(len(q), bool)
    k = X.shape[1]
    pinned = np.zeros(len(q), bool)
    pinned[int(const):k] = np.abs(q[int(const):k]) >= _COEF_BOUND - 1e-6
    if pinned.any():
        # quasi-separation: e.g. every day with events in one phase has exactly one
        # event, so that phase's coefficient runs to -inf. Held at the bound; without
        # it the stopping point (and every interval) depends on the CPU's BLAS kernel.
        free &= ~pinned
        q[pinned] = np.sign(q[pinned]) * _COEF_BOUND
        _warn(
            f"{what}: coefficient(s) at positions {np.flatnonzero(pinned).tolist()} of "
            f"the number part run to infinity (quasi-separation); held at "
            f"+/-{_COEF_BOUND:g} with no standard error, so their effect is not "
            "identified. Drop those regressors from the model or merge the phases",
            DataWarning)
    if not poisson and q[-1] <= math.log(_ALPHA_FLOOR) + 1e-6:
        free[-1] = False
        pinned[-1] = True
        q[-1] = math.log(_ALPHA_FLOOR)
    qb = [(q[i], q[i]) if not free[i] else bd for i, bd in enumerate(bounds)]
    q, _ = _d.newton_polish(grad, q, qb)
    g = grad(q)
    if not poisson and pinned[-1]:
        _warn(
            f"{what}: the number part shows no overdispersion (alpha at its lower bound "
            "0); use family='hurdle-poisson'", DataWarning)
    converged = bool(np.max(np.abs(g[free]) / (1 + np.abs(nll(q)))) < 1e-4)
    eta = X @ (q if poisson else q[:-1])
    if np.all(y == 1) or np.max(eta) < -10:
        raise EstimationError(
            f"{what}: the number part is degenerate: "
            + ("every period with events has exactly one, so " if np.all(y == 1) else "")
            + "the size of a response does not vary and the zero-truncated mean runs to "
            "0. The number part needs periods with several events: use family='negbin' "
            "or 'poisson', or a longer window")
    if np.any(np.abs(eta) >= _ETA_MAX - 1e-6):
        raise EstimationError(
            f"{what}: the number part diverges (a linear predictor reached exp({_ETA_MAX:g})"
            "); the days with events are too few for these lags. Use fewer lags, "
            "family='negbin', or a longer window")
    return q, converged, pinned, keep


class _HurdleEstimate(_Estimate):
    """Logit incidence part + zero-truncated count part (parameters concatenated)."""

    def __init__(self, family, gamma, logit_score, logit_hess, logit_llf, q, y, X,
                 converged, number_rows=None):
        self.family = family
        self.poisson = family == "hurdle-poisson"
        self.gamma = gamma
        self.q = q
        self.y, self.X = y, X
        # the rows the number part is fitted on: days with events, less those of an
        # indicator whose coefficient is at its -inf limit (see _fit_truncated)
        pos = y > 0 if number_rows is None else number_rows
        self.pos = pos
        b, la = (q, 0.0) if self.poisson else (q[:-1], q[-1])
        s_t = np.zeros((len(y), len(q)))
        s_t[pos] = _trunc_score_obs(b, la, y[pos], X[pos], self.poisson)

        def total_score(qq):
            bb, ll = (qq, 0.0) if self.poisson else (qq[:-1], qq[-1])
            return _trunc_score_obs(bb, ll, y[pos], X[pos], self.poisson).sum(axis=0)

        H_t = _d.numeric_jacobian(total_score, q, rel_step=1e-5)
        H_t = 0.5 * (H_t + H_t.T)
        llf = logit_llf + float(np.sum(_trunc_loglike_obs(b, la, y[pos], X[pos],
                                                          self.poisson)))
        from scipy.linalg import block_diag
        super().__init__(family, np.r_[gamma, q], llf,
                         np.column_stack([logit_score, s_t]),
                         block_diag(logit_hess, H_t), converged)

    def _jac_natural(self):
        J = np.eye(len(self.params))
        if not self.poisson:
            J[-1, -1] = math.exp(self.q[-1])          # d alpha / d log alpha
        return J

    def params_natural(self):
        p = self.params.copy()
        if not self.poisson:
            p[-1] = math.exp(p[-1])
        return p

    def cov_nonrobust(self):
        J = self._jac_natural()
        return J @ super().cov_nonrobust() @ J.T

    def cov_hac(self, maxlags):
        J = self._jac_natural()
        return J @ super().cov_hac(maxlags) @ J.T


def _estimate_hurdle(family, y, X, *, maxiter, what):
    from statsmodels.discrete.discrete_model import Logit
    d = (y > 0).astype(float)
    logit = Logit(d, X)
    rl, conv1 = _sm_fit(logit, None, maxiter, what + " (incidence part)")
    gamma = np.asarray(rl.params, float)
    _check_finite(gamma, what)
    if np.max(np.abs(X @ gamma)) > 25:
        raise EstimationError(
            f"{what}: the incidence part is (quasi-)separated (some lag pattern predicts "
            "event days almost surely); use fewer lags or a longer window")
    pos = y > 0
    q, conv2, pinned, keep = _fit_truncated(y[pos], X[pos], family == "hurdle-poisson",
                                            maxiter, what + " (number part)")
    conv = conv1 and conv2
    _warn_unconverged(conv, what)
    rows = np.zeros(len(y), bool)
    rows[np.flatnonzero(pos)[keep]] = True
    est = _HurdleEstimate(family, gamma, logit.score_obs(gamma), logit.hessian(gamma),
                          logit.loglike(gamma), q, y, X, conv, number_rows=rows)
    est.fixed[len(gamma):] = pinned
    return est


def _refit_params(family, y, X, maxiter, warm, idx):
    """One bootstrap refit on rows ``idx``, started at the full-sample estimate ``warm``
    (None: from scratch): natural parameters, or None when the refit fails or does not
    converge (the shared failure policy, :func:`base.guarded`)."""
    def refit():
        est = _estimate(family, y[idx], X[idx], maxiter=maxiter, response="bootstrap",
                        warm=warm)
        if not est.converged:
            return None
        p = est.params_natural()
        return p if np.all(np.isfinite(p)) else None
    return guarded(refit)


def _score_bootstrap(model, idx, n_boot, block_length, weights, rng):
    """Cluster-robust score statistic of H0: params[idx] = 0 and its wild-cluster
    bootstrap p-value (Kline & Santos 2012): returns (LM, p-value, number of blocks)."""
    from statsmodels.discrete.discrete_model import NegativeBinomial, Poisson
    from .var import _wild_weights
    y = model.endog.to_numpy()
    X = model.exog.to_numpy()
    n, m = X.shape
    keep = np.array([j for j in range(m) if j not in set(idx)])
    est = _estimate(model.family, y, X[:, keep], maxiter=500,
                    response=f"{model.response} (restricted under H0)")
    if model.family == "negbin" and not isinstance(est, _BoundaryAlphaEstimate):
        full = np.zeros(m + 1)
        full[keep] = est.params[:-1]
        full[-1] = est.params[-1]
        sm = NegativeBinomial(y, X, loglike_method="nb2")
        # a new statsmodels NB model reads the last parameter as log(alpha) until it
        # has been fitted; ours is alpha
        sm._transparams = False
    else:                   # Poisson, or NB whose dispersion sits at 0 under H0
        full = np.zeros(m)
        full[keep] = est.params[:len(keep)]
        sm = Poisson(y, X)
    with np.errstate(all="ignore"):
        if not np.isclose(sm.loglike(full), est.llf, rtol=1e-8, atol=1e-6):
            raise EstimationError("internal: the restricted fit's log-likelihood does not "
                                  "match its scores' model; please report this")
        s = np.asarray(sm.score_obs(full), float)
        H = np.asarray(sm.hessian(full), float)
    nuis = np.array([j for j in range(len(full)) if j not in set(idx)])
    idx = np.asarray(idx)
    try:
        proj = H[np.ix_(idx, nuis)] @ np.linalg.inv(H[np.ix_(nuis, nuis)])
    except np.linalg.LinAlgError:
        raise EstimationError(
            "the restricted model's information matrix is singular; use fewer lags or "
            "wider lag windows") from None
    eff = s[:, idx] - s[:, nuis] @ proj.T                         # (n, q)
    if not np.all(np.isfinite(eff)):
        raise EstimationError("the scores of the restricted fit are not finite; use "
                              "fewer lags or family='poisson'")
    nb = n // block_length
    if nb < 10:
        raise SpecificationError(
            f"block_length={block_length} leaves {nb} blocks of {n} periods; the "
            "score bootstrap needs at least 10: use a shorter block")
    groups = np.minimum(np.arange(n) // block_length, nb - 1)   # last block absorbs rest
    Sb = np.zeros((nb, eff.shape[1]))
    np.add.at(Sb, groups, eff)
    S = Sb.sum(axis=0)
    V = Sb.T @ Sb
    try:
        lm = float(S @ np.linalg.solve(V, S))
    except np.linalg.LinAlgError:
        raise EstimationError("the score covariance is singular (a tested lag never "
                              "varies); use wider lag windows") from None
    w = _wild_weights(rng, weights, (n_boot, nb))                # every draw first
    Sstar = w @ Sb                                                # (R, q)
    Vstar = np.einsum("rb,bi,bj->rij", w ** 2, Sb, Sb)
    lmstar = np.einsum("ri,ri->r", Sstar, np.linalg.solve(Vstar, Sstar[:, :, None])[:, :, 0])
    pval = float((1 + np.sum(lmstar >= lm * (1 - 1e-12))) / (1 + n_boot))
    return lm, pval, nb


def _block_bootstrap(family, y, X, est, n_boot, block_length, rng, maxiter, *, n_jobs=1,
                     progress=None):
    n = len(y)
    if block_length >= n:
        raise SpecificationError(f"block_length={block_length} is not below the "
                                 f"{n} observations; choose a shorter block")
    # every resample is drawn from rng first, in order: the refits can then run in any
    # order on any number of processes and give the same draws
    samples = [_d.block_bootstrap_indices(n, block_length, rng) for _ in range(n_boot)]
    warm = est.params_natural() if family in ("poisson", "negbin") else None
    out = run_replicates(partial(_refit_params, family, y, X, maxiter, warm), samples,
                         n_jobs=n_jobs, progress=progress, desc="bootstrap refits")
    draws = [p for p in out if p is not None]
    _d.check_bootstrap_failures(
        n_boot - len(draws), n_boot, minimum=20, stacklevel=3,
        advice="Use fewer lags, a simpler family or cov_type='HAC'")
    return np.asarray(draws)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
class CountResults(ModelResults):
    """Results of :meth:`CountModel.fit` (do not construct directly).

    Attributes
    ----------
    model : CountModel
    params, bse, tvalues, pvalues : Series
        Estimates, standard errors, z statistics and two-sided p-values, labelled as
        ``model.param_names()``.
    llf, aic, bic : float
    nobs : int
    cov_type : str
    converged : bool
    fittedvalues : Series
        :math:`E[y_{B,t}]` at the estimates, on the sample dates.
    bootstrap_draws : DataFrame or None
        The bootstrap replications (``cov_type="bootstrap"``).
    """

    def __init__(self, model, params, cov, est, *, cov_type, cov_desc, hac_lags,
                 bootstrap_draws=None):
        self.model = model
        self.family = model.family
        self.params = params
        self._cov = cov
        self._est = est
        self.cov_type = cov_type
        self.cov_description = cov_desc
        self.hac_lags = hac_lags
        self.bootstrap_draws = bootstrap_draws
        self.llf = est.llf
        self.converged = bool(est.converged)
        self.df_model = len(params)

    def __repr__(self):
        return (f"<CountResults {self.family} of {self.model.response!r} on lags 1..."
                f"{self.model.lags} of {self.model.sides}; nobs={self.nobs}, "
                f"llf={self.llf:.2f}>")

    # -- inference --------------------------------------------------------------------
    def cov_params(self) -> pd.DataFrame:
        """Covariance of ``params`` (HAC, nonrobust or bootstrap, as ``cov_type``)."""
        return self._cov.copy()

    @property
    def bse(self) -> pd.Series:
        """Series: standard errors of ``params``; NaN for parameters held at a bound
        (not identified; see the fit's warning)."""
        se = np.sqrt(np.diag(self._cov))
        fixed = getattr(self._est, "fixed", None)
        if fixed is not None and self.cov_type != "bootstrap":
            se = np.where(fixed, np.nan, se)
        return pd.Series(se, index=self.params.index, name="bse")

    @property
    def tvalues(self) -> pd.Series:
        """Series: z statistics ``params / bse``."""
        return (self.params / self.bse).rename("z")

    @property
    def pvalues(self) -> pd.Series:
        """Series: two-sided normal p-values of ``tvalues``."""
        return pd.Series(2 * stats.norm.sf(np.abs(self.tvalues)), index=self.params.index,
                         name="pvalue")

    def conf_int(self, alpha=0.05) -> pd.DataFrame:
        """Intervals at level ``1 - alpha``: Wald (normal) intervals from the covariance,
        or percentile intervals of the bootstrap draws for ``cov_type="bootstrap"``."""
        alpha = _d.check_alpha(alpha)
        if self.bootstrap_draws is not None:
            lo, hi = _d.percentile_interval(self.bootstrap_draws.to_numpy(), alpha)
        else:
            lo, hi = _d.normal_interval(self.params.to_numpy(), self.bse.to_numpy(), alpha)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.index)

    def _calibration_design(self, null=None):
        # how analysis.models.calibration.calibrate() simulates from and refits this fit
        from .calibration import counts_design
        return counts_design(self, null)

    # -- predictions ------------------------------------------------------------------
    def _parts(self, theta, X):
        """(pi, m, mean): P(y>0), E[y | y>0] and E[y] for each row of X."""
        m_cols = X.shape[1]
        if self.family in ("poisson", "negbin"):
            mu = np.exp(np.clip(X @ theta[:m_cols], -_ETA_MAX, _ETA_MAX))
            if self.family == "poisson":
                p0 = np.exp(-mu)
            else:
                a = theta[-1]
                p0 = np.exp(-np.log1p(a * mu) / a) if a > _ALPHA_FLOOR else np.exp(-mu)
            pi = 1 - p0
            return pi, mu / np.where(pi > 0, pi, np.inf), mu
        gamma, beta = theta[:m_cols], theta[m_cols:2 * m_cols]
        pi = special.expit(X @ gamma)
        mu = np.exp(np.clip(X @ beta, -_ETA_MAX, _ETA_MAX))
        if self.family == "hurdle-poisson":
            p0 = np.exp(-mu)
        else:
            a = theta[-1]
            p0 = np.exp(-np.log1p(a * mu) / a) if a > _ALPHA_FLOOR else np.exp(-mu)
        m = mu / (-np.expm1(np.log(np.maximum(p0, 1e-300))))
        return pi, m, pi * m

    @property
    def fittedvalues(self) -> pd.Series:
        """Series: :math:`E[y_{B,t}]` at the estimates, on the sample dates."""
        return pd.Series(self._parts(self.params.to_numpy(), self.model.exog.to_numpy())[2],
                         index=self.model.exog.index, name=f"E[{self.model.response}]")

    @property
    def fitted_incidence(self) -> pd.Series:
        """:math:`P(y_{B,t} > 0)` at the estimates."""
        return pd.Series(self._parts(self.params.to_numpy(), self.model.exog.to_numpy())[0],
                         index=self.model.exog.index, name=f"P({self.model.response}>0)")

    def _response_vector(self, theta, impulse, horizon, part):
        X = self.model.exog.to_numpy()
        base = self._parts(theta, X)
        which = {"incidence": 0, "number": 1, "mean": 2}[part]
        out = np.zeros(horizon)
        names = self.model.exog_names
        g = _TRANSFORMS[self.model.lag_transform]
        for h in range(1, min(horizon, self.model.lags) + 1):
            win = [(a, b) for a, b in self.model.lag_windows if a <= h <= b]
            if not win:
                continue                              # lag h is not in the model
            j = names.index(_window_name(impulse, *win[0]))
            X1 = X.copy()
            X1[:, j] = g(self.model._lags_raw[:, j - self.model._n_det] + 1.0)
            out[h - 1] = np.mean(self._parts(theta, X1)[which] - base[which])
        return out

    def response_curve(self, impulse, horizon=None, *, cumulative=True, part="mean",
                       alpha=0.05) -> pd.DataFrame:
        r"""Expected extra events of the response side after one event of ``impulse``.

        Row ``h`` holds :math:`\Delta_h` (or, with ``cumulative``, :math:`\sum_{s\le h}
        \Delta_s`, the extra events over the next ``h`` periods), with an interval at
        level ``1 - alpha``: delta method on the fit's covariance (HAC or nonrobust), or
        bootstrap percentiles for ``cov_type="bootstrap"``. The effect of one event ends
        at lag ``L``, so the cumulative curve is flat after it.

        Parameters
        ----------
        impulse : str
            The side that has one more event on day 0 (any column, including the
            response itself for self-excitation).
        horizon : int, optional
            Last day after the impulse (default ``L``).
        part : {"mean", "incidence", "number"}
            ``"mean"``: extra expected events. ``"incidence"``: extra probability of at
            least one event on the day (cumulative: expected extra days with events).
            ``"number"``: change in the expected count on days with events,
            :math:`E[y \mid y > 0]`.

        Returns
        -------
        DataFrame
            Index ``horizon`` (1..h), columns ``estimate``, ``lower``, ``upper``, ``se``
            (``se`` is the delta-method or bootstrap standard deviation).
        """
        if str(impulse) not in self.model.sides:
            raise SpecificationError(f"impulse must be one of {self.model.sides}, got "
                                     f"{impulse!r}")
        _d.check_choice("part", part, PARTS)
        alpha = _d.check_alpha(alpha)
        horizon = self.model.lags if horizon is None else \
            _d.check_positive_int("horizon", horizon)
        theta = self.params.to_numpy()

        def f(th):
            v = self._response_vector(th, str(impulse), horizon, part)
            return np.cumsum(v) if cumulative else v

        est = f(theta)
        if self.bootstrap_draws is not None:
            draws = np.array([f(th) for th in self.bootstrap_draws.to_numpy()])
            lo, hi = _d.percentile_interval(draws, alpha)
            se = draws.std(axis=0, ddof=1)
        else:
            J = _d.numeric_jacobian(f, theta)
            se = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", J, self._cov.to_numpy(), J),
                                    0.0))
            lo, hi = _d.normal_interval(est, se, alpha)
        return pd.DataFrame({"estimate": est, "lower": lo, "upper": hi, "se": se},
                            index=pd.RangeIndex(1, horizon + 1, name="horizon"))

    def granger(self, causing, part=None, *, bootstrap=None, n_boot=999,
                block_length=None, weights="rademacher", rng=None) -> HypothesisTest:
        r"""Test that the lags of ``causing`` do not help predict the response.

        Parameters
        ----------
        causing : str or list of str
        part : {"incidence", "number"}, optional
            For hurdle models, test one part only (default: both parts jointly).
        bootstrap : None or "score"
            ``None``: Wald test with the fit's covariance (HAC, nonrobust or
            bootstrap) against chi2. In simulations calibrated to the bundled data (a
            self-exciting NB count process with no cross-excitation) the HAC Wald test
            rejected about 16% of the time at nominal 5%: it is not calibrated for
            sparse, bursty counts. ``"score"``: a wild-cluster score bootstrap (Kline
            & Santos 2012), the calibrated choice. The model is refitted under H0;
            the efficient scores of the tested coefficients at the restricted fit,
            :math:`\tilde s_t = s_{R,t} - H_{RN}H_{NN}^{-1}s_{N,t}`, are summed in
            consecutive blocks of ``block_length`` periods (clusters that keep the
            serial dependence); the statistic is the cluster-robust score (LM)
            statistic :math:`S'V^{-1}S` with :math:`S = \sum_b S_b`,
            :math:`V = \sum_b S_b S_b'`, and its null distribution comes from
            :math:`S^* = \sum_b w_b S_b`, :math:`V^* = \sum_b w_b^2 S_b S_b'` with
            random weights :math:`w_b`: p-value
            :math:`(1 + \#\{LM^* \ge LM\})/(1 + n_{boot})`. No refits, so it is fast.
            Negative-binomial and Poisson families only.
        n_boot : int
            Bootstrap draws (``bootstrap="score"``).
        block_length : int, optional
            Periods per cluster (default ``max(2 L, nobs^(1/3))``, as the block
            bootstrap of :meth:`CountModel.fit`).
        weights : {"rademacher", "webb"}
            Wild weights per block: Rademacher signs or Webb's six-point distribution
            (recommended with fewer than about 20 blocks).
        rng : Generator or int
            Required with ``bootstrap="score"`` (``None`` is refused).

        Returns
        -------
        HypothesisTest
        """
        causing = [causing] if isinstance(causing, str) else list(causing)
        for c in causing:
            if c not in self.model.sides:
                raise SpecificationError(f"causing must be among {self.model.sides}, got "
                                         f"{c!r}")
        hurdle = self.family.startswith("hurdle")
        if part is not None:
            if not hurdle:
                raise SpecificationError("part= applies to hurdle families only")
            _d.check_choice("part", part, ["incidence", "number"])
        if bootstrap is not None:
            _d.check_choice("bootstrap", bootstrap, [None, "score"])
            if hurdle:
                raise SpecificationError(
                    "bootstrap='score' is available for family='negbin' and 'poisson' "
                    f"only, not {self.family!r}; fit a negbin or poisson CountModel for "
                    "a calibrated Granger test")
        prefixes = [""] if not hurdle else (
            [f"{part}:"] if part else ["incidence:", "number:"])
        names = [f"{p}{_window_name(c, a, b)}" for p in prefixes for c in causing
                 for a, b in self.model.lag_windows]
        idx = [self.params.index.get_loc(n) for n in names]
        what = " and ".join(repr(c) for c in causing)
        where = f" ({part} part)" if part else ""
        h0 = (f"lags 1-{self.model.lags} of {what} do not help predict "
              f"{self.model.response!r}{where}")
        if bootstrap == "score":
            n_boot = _d.check_positive_int("n_boot", n_boot, minimum=19)
            _d.check_choice("weights", weights, ("rademacher", "webb"))
            rng = _d.as_rng(rng)
            bl = block_length if block_length is not None else \
                max(2 * self.model.lags, int(math.ceil(self.nobs ** (1 / 3))))
            bl = _d.check_positive_int("block_length", bl)
            stat, pval, nb = _score_bootstrap(self.model, idx, n_boot, bl, weights, rng)
            return HypothesisTest(
                statistic=stat, pvalue=pval, df=len(idx), null_hypothesis=h0,
                method=(f"Granger score (LM) test, wild-cluster bootstrap p ({n_boot} "
                        f"{weights} draws, {nb} blocks of {bl} periods)"))
        b = self.params.to_numpy()[idx]
        V = self._cov.to_numpy()[np.ix_(idx, idx)]
        stat = float(b @ np.linalg.solve(V, b))
        df = len(idx)
        return HypothesisTest(
            statistic=stat, pvalue=float(stats.chi2.sf(stat, df)), df=df,
            null_hypothesis=h0, method=f"Wald chi2 ({self.cov_type} covariance)")

    # -- reporting --------------------------------------------------------------------
    def summary(self, alpha=0.05) -> Summary:
        ci = self.conf_int(alpha)
        level = f"{100 * (1 - alpha):g}%"
        table = pd.DataFrame({"coef": self.params, "std err": self.bse,
                              "z": self.tvalues, "P>|z|": self.pvalues,
                              f"[{level}": ci["lower"], f"{level}]": ci["upper"]})
        idx = self.model.exog.index
        sample = (f"{idx[0].date()} - {idx[-1].date()}" if isinstance(idx, pd.DatetimeIndex)
                  else f"{idx[0]} - {idx[-1]}")
        info = [("Response", self.model.response), ("Family", self.family),
                ("Sides (lagged)", ", ".join(self.model.sides)),
                ("Lags", self.model.lags if all(a == b for a, b in self.model.lag_windows)
                 else ", ".join(f"{a}-{b}" if a != b else str(a)
                                for a, b in self.model.lag_windows)),
                ("Lag transform", {"log1p": "log(1 + y)", "identity": "y",
                                   "indicator": "1[y > 0]"}[self.model.lag_transform]),
                ("Sample", sample), ("Observations", self.nobs),
                ("Events of response", int(self.model.endog.sum())),
                ("Log-likelihood", self.llf), ("AIC", self.aic), ("BIC", self.bic),
                ("Covariance", self.cov_description), ("Converged", self.converged)]
        rows = []
        for side in self.model.sides:
            for part in (["incidence", "mean"] if self.family.startswith("hurdle")
                         else ["mean"]):
                rc = self.response_curve(side, self.model.lags, part=part, alpha=alpha)
                last = rc.iloc[-1]
                rows.append({"impulse": side, "part": part, "estimate": last["estimate"],
                             "lower": last["lower"], "upper": last["upper"]})
        resp = pd.DataFrame(rows).set_index(["impulse", "part"])
        notes = [f"Cumulative response: expected extra events of {self.model.response!r} "
                 f"over the {self.model.lags} periods after one event of the impulse side, "
                 "averaged over the sample, other counts as observed (direct effect)."]
        if self.family == "negbin" or self.family == "hurdle":
            notes.append("dispersion is the NB2 dispersion alpha: Var = mu + alpha mu^2 "
                         "(R's glm.nb reports theta = 1/alpha).")
        if self.family.startswith("hurdle"):
            notes.append("incidence: logit of P(any event); number: zero-truncated "
                         "count on days with events.")
        return Summary(title=f"Distributed-lag {self.family} regression of "
                             f"{self.model.response!r}",
                       info=info, tables=[("Coefficients", table),
                                          (f"Cumulative response at {self.model.lags} "
                                           "periods", resp)],
                       notes=notes)

    def _period_word(self) -> str:
        idx = self.model.counts.index
        f = getattr(idx, "freqstr", None) or (pd.infer_freq(idx) if len(idx) > 2 else None)
        return {"D": "days", "W": "weeks"}.get(str(f or "")[:1], "periods")

    def plot_response(self, impulse, horizon=None, *, cumulative=True, part="mean",
                      alpha=0.05, ax=None, color=None, label=None, band="fill",
                      linestyle="-", marker="o", filled=True):
        """Plot :meth:`response_curve` with its interval; returns the Axes.

        The curve is in the colour of the responding side (the acting side: the curve
        counts its events; :func:`analysis.sides.acting_color`) unless ``color`` is
        given; models or intervals drawn on the same Axes are told apart by
        ``linestyle``, ``marker`` and ``filled`` markers, never by colour.
        ``band="fill"`` draws the curve on a shaded interval; ``band="lines"`` draws
        only the interval bounds, in ``linestyle`` (to overlay a second interval, e.g.
        the bootstrap one, on a curve already drawn); ``band="none"`` the curve only.
        The intervals are pointwise (one per horizon)."""
        _d.check_choice("band", band, ["fill", "lines", "none"])
        from ..plotting import new_figure, side_label
        from ..sides import acting_color
        rc = self.response_curve(impulse, horizon, cumulative=cumulative, part=part,
                                 alpha=alpha)
        if ax is None:
            _, ax = new_figure("single")
        color = color or acting_color(str(impulse), str(self.model.response), self.model.sides)
        h = np.r_[0, rc.index.to_numpy()]
        est = np.r_[0.0, rc["estimate"]] if cumulative else rc["estimate"].to_numpy()
        lo = np.r_[0.0, rc["lower"]] if cumulative else rc["lower"].to_numpy()
        hi = np.r_[0.0, rc["upper"]] if cumulative else rc["upper"].to_numpy()
        x = h if cumulative else rc.index.to_numpy()
        name = f"{side_label(impulse)} \u2192 {side_label(self.model.response)}"
        if band == "lines":       # an interval over a curve already drawn: nothing else
            ax.plot(x, lo, linestyle, color=color, linewidth=0.8)
            ax.plot(x, hi, linestyle, color=color, linewidth=0.8,
                    label=label or f"{name} interval")
            return ax
        if band == "fill":
            ax.fill_between(x, lo, hi, color=color, alpha=0.2, linewidth=0)
        ax.plot(x, est, color=color, ls=linestyle, marker=marker, markersize=2.5,
                mfc=color if filled else "white", label=label or name)
        ax.axhline(0, color="0.5", linewidth=0.6)
        what = {"mean": "events", "incidence": "event days", "number": "events per event day"}
        period = self._period_word()
        ax.set_xlabel(f"{period} after one {side_label(impulse)} event")
        ax.set_ylabel(("cumulative extra\n" if cumulative else "extra\n")
                      + f"{side_label(self.model.response)} {what[part]}")
        return ax

    def response_table(self, impulse, horizon=None, *, alpha=0.05) -> pd.DataFrame:
        """The cumulative response to one event of ``impulse`` at ``horizon``, by part.

        Rows ``part``: ``"mean"`` (every family) and, for hurdle families, also
        ``"incidence"`` and ``"number"`` (see :meth:`response_curve`); columns
        ``estimate``, ``lower``, ``upper`` and ``wald_p``, the p-value of
        :meth:`granger` for that part (both parts jointly for ``"mean"``).
        """
        hurdle = self.family.startswith("hurdle")
        rows = {}
        for part in (["incidence", "number", "mean"] if hurdle else ["mean"]):
            rc = self.response_curve(impulse, horizon, part=part, alpha=alpha).iloc[-1]
            test = self.granger(impulse, part=part if part != "mean" else None)
            rows[part] = {"estimate": rc["estimate"], "lower": rc["lower"],
                          "upper": rc["upper"], "wald_p": test.pvalue}
        return pd.DataFrame.from_dict(rows, orient="index").rename_axis("part")

    def plot_parts(self, impulse, horizon=None, *, alpha=0.05, ax=None):
        """Bars of :meth:`response_table` with their intervals: on one Axes (one bar per
        part), or, given a sequence of Axes, one part per Axes (as many Axes as parts),
        each titled with what the part counts. Returns what it drew on."""
        from ..plotting import new_figure, side_label
        from ..sides import acting_color
        tab = self.response_table(impulse, horizon, alpha=alpha)
        color = acting_color(str(impulse), str(self.model.response), self.model.sides)
        if ax is None:
            _, ax = new_figure("single")
        panels = list(ax) if isinstance(ax, (list, tuple, np.ndarray)) else None
        if panels is not None and len(panels) != len(tab):
            raise SpecificationError(f"plot_parts needs {len(tab)} Axes (one per part: "
                                     f"{list(tab.index)}), got {len(panels)}")
        targets = panels if panels is not None else [ax]
        words = {"incidence": "extra days with events",
                 "number": "change in events per\nday with events", "mean": "extra events"}
        for k, (part, r) in enumerate(tab.iterrows()):
            a, x = (panels[k], 0) if panels is not None else (ax, k)
            a.bar([x], [r["estimate"]], color=color, alpha=0.7, width=0.5)
            a.errorbar([x], [r["estimate"]], yerr=[[r["estimate"] - r["lower"]],
                                                   [r["upper"] - r["estimate"]]],
                       fmt="none", color="0.2", capsize=3)
            if panels is not None:
                a.axhline(0, color="0.5", linewidth=0.6)
                a.set_xlim(-1, 1)
                a.set_xticks([])
                a.set_title(f"{side_label(impulse)} \u2192 {side_label(self.model.response)}:"
                            f"\n{words[part]}")
        h = self.model.lags if horizon is None else horizon
        level = f"{100 * (1 - alpha):g}% {self.cov_type} CI"
        if panels is None:
            ax.axhline(0, color="0.5", linewidth=0.6)
            ax.set_xticks(range(len(tab)))
            ax.set_xticklabels([words[p] for p in tab.index])
        targets[0].set_ylabel(f"over the {h} {self._period_word()} after\none event ({level})")
        return ax

    def plot_coefficients(self, sides=None, *, alpha=0.05, ax=None):
        """The lag coefficients of ``sides`` (default: every side) with their intervals,
        one series per side, slightly offset; returns the Axes."""
        from ..plotting import new_figure, neutral_styles, side_label
        from ..sides import side_color
        sides = self.model.sides if sides is None else [str(s) for s in sides]
        if self.family.startswith("hurdle"):
            raise SpecificationError("plot_coefficients draws one-part models; for hurdle "
                                     "fits use plot_parts or response_curve(part=...)")
        ci = self.conf_int(alpha)
        if ax is None:
            _, ax = new_figure("single")
        windows = self.model.lag_windows
        # every coefficient of this equation is about the response's own events (the
        # acting side's colour); lagged sides are told apart by filled/open markers
        color = side_color(str(self.model.response), self.model.sides)
        styles = neutral_styles(max(1, min(len(sides), 6)))
        for k, side in enumerate(sides):
            names = [_window_name(side, a, b) for a, b in windows]
            x = np.array([(a + b) / 2 for a, b in windows]) + (k - (len(sides) - 1) / 2) * 0.25
            est = self.params[names].to_numpy()
            st = styles[k % len(styles)]
            ax.errorbar(x, est, yerr=[est - ci.loc[names, "lower"], ci.loc[names, "upper"] - est],
                        fmt=st["marker"], markersize=3, capsize=2, color=color,
                        mfc=color if st["markerfacecolor"] != "white" else "white",
                        label=f"lagged {side_label(side)}")
        ax.axhline(0, color="0.5", linewidth=0.6)
        ax.set_title(f"equation of {side_label(self.model.response)}")
        ax.set_xlabel(f"lag ({self._period_word()})")
        return ax
