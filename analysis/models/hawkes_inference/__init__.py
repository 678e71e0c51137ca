"""Inference containers of the Hawkes model (private): goodness of fit, parametric
bootstrap, jitter ensemble, counterfactuals. Built by ``HawkesResults`` methods."""

from __future__ import annotations

from .plots import _ax, plot_branching_intervals, plot_branching_matrix, plot_kernel_lines
from .bootstrap import (HawkesBootstrap, HawkesGoF, bootstrap_draws, day_precision_share,
                        reround, wald_interval)
from .counterfactual import HawkesCounterfactual
from .jitter import HawkesJitterResults
