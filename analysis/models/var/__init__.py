r"""Vector autoregressions on counts: lag selection, Granger tests, IRFs, FEVD, bootstrap bands.

The Gaussian VAR on daily counts is the replication baseline of Jaeger & Paserman (2008)
and Haushofer et al. (2010). statsmodels estimates it (``statsmodels.tsa.api.VAR``,
least squares) and selects the lag order; this module adds what its VAR lacks for
reciprocity analysis:

* Granger tests in every direction as :class:`~analysis.reporting.HypothesisTest`
  objects, with H0 in words and an optional heteroskedasticity-robust (HC1) covariance
  (daily counts are strongly heteroskedastic);
* impulse responses orthogonalised under *any* Cholesky ordering (the same-day order of
  attack and strike is unknown, so report both), generalised IRFs (Pesaran & Shin
  1998; no ordering) and reduced-form IRFs, scaled to one event or one standard
  deviation;
* forecast-error variance decompositions under any ordering, or generalised;
* bootstrap bands (residual, wild or residual-based moving-block bootstrap; recursive
  or fixed design), which
  statsmodels does not have (its issue #4548). The replications are vectorised: the
  recursive simulation and the cross-products of each pseudo-sample run in one compiled
  loop (numba), the least-squares refits are a batched solve, and the IRFs come from the
  companion recursion on all replications at once. See ``benchmarks/bench_var_bands.py``
  for the speed against statsmodels' ``irf_errband_mc``.
"""

from __future__ import annotations

from ..var_irf import FEVDResults, IRFResults, plot_irfs

from .bootstrap import VARBootstrap, _wild_weights
from .results import VARResults
from .model import VARModel, CRITERIA

__all__ = ["VARModel", "VARResults", "VARBootstrap", "IRFResults", "FEVDResults",
           "plot_irfs"]
