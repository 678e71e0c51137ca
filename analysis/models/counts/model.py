"""``CountModel``: the distributed-lag count regression (data and specification) whose
``fit()`` returns a ``CountResults``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ...exceptions import warn as _warn, DataWarning, EstimationError, SpecificationError
from .. import _discrete as _d
from ..base import renamed_keyword

from .design import (LAG_TRANSFORMS, _TRANSFORMS, _check_separation, _label, _lag_windows,
                     _window_block)
from .estimation import _estimate
from .bootstrap import _block_bootstrap
from .results import CountResults

__all__ = ["CountModel"]


FAMILIES = ("negbin", "poisson", "hurdle", "hurdle-poisson")
COV_TYPES = ("HAC", "nonrobust", "bootstrap")


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
