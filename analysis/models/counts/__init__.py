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

from .design import _TRANSFORMS, _window_block, _window_name
from .estimation import _nb2_objective
from .bootstrap import _refit_params
from .results import CountResults
from .model import CountModel

__all__ = ["CountModel", "CountResults"]
