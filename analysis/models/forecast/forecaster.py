"""Forecasters (one family, fitted on a training window, predicting later days) and the
rolling ``one_step_ahead`` evaluation.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from ...exceptions import ConvergenceWarning, SpecificationError, warn as _warn
from .. import _discrete as _d
from ..base import REPLICATE_FAILURES, check_choice, check_positive_int, run_replicates

from .results import ForecastResults

__all__ = ["Forecaster", "one_step_ahead"]


FAMILIES = ("climatology", "negbin", "poisson", "count_hawkes", "signed_count_hawkes",
            "var")
PREDICTORS = ("all", "own")


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
            from ..var import VARModel
            r = VARModel(train, lags=int(self.options.get("lags", 7))).fit()
            return {"intercept": r.intercept, "coefs": r.coefs,
                    "sd": np.sqrt(np.diag(r.sigma_u.to_numpy()))}
        state = {}
        for cols in groups:
            if self.family in ("negbin", "poisson"):
                from ..counts import CountModel
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
            from ..count_hawkes import CountHawkes
            return CountHawkes(counts, **opts)
        from .._count_hawkes_signed import SignedCountHawkes
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
                from ..counts import CountModel
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
