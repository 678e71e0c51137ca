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

from .scores import (score_counts, calibration_test, pit_test, gof_table, SCORES, GOF_TESTS,
                     _normal_pmf)
from .results import ForecastResults
from .forecaster import Forecaster, one_step_ahead

__all__ = ["Forecaster", "one_step_ahead", "ForecastResults", "score_counts",
           "calibration_test", "pit_test", "gof_table", "SCORES", "GOF_TESTS"]
