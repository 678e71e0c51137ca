r"""A self-exciting count model: the discrete-time multivariate Hawkes process.

The endemic-epidemic model of R's ``surveillance::hhh4`` (Held, Hohle & Hofmann 2005;
Meyer & Held 2017) and the INGARCH models of R's ``tscount`` (Liboschik, Fokianos &
Fried 2017), for any number of sides: each side's expected count today is a background
("endemic") rate plus the excitation carried by every side's recent counts, weighted by
a parametric lag kernel whose decay is estimated. On daily counts it is the
discrete-time analogue of a multivariate Hawkes process (Kirchner 2016), and needs no
event times, so day-precision dates raise no tie problem. No Python library had it
(statsmodels issue #4232).

Why over 800 lines: one model family (CountHawkes, its results and its simulator) whose
likelihood, analytic score, parametrisation and delta-method/profile intervals are one
piece; the results class needs the model's private layout of the parameter vector.
"""

from __future__ import annotations

from .spec import (_LOG_ALPHA_STARTS, _best_start, _count_loglike_obs, _decay_start,
                   _kernel_names, _kernel_natural, _kernel_phi, _kernel_weights, _kernel_weights_derivative,
                   _log_alpha_score, _minimize_nll, _n_kernel_params, _param_layout,
                   _sum_quantiles)
from .simulate import simulate_count_hawkes
from .results import CountHawkesResults
from .model import CountHawkes

__all__ = ["CountHawkes", "CountHawkesResults", "simulate_count_hawkes"]
