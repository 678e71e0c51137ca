r"""Escalation phases: change points in daily counts of one or more sides.

Two tools live here.

* :func:`detect_phases` (engine :class:`ChangePointModel`): penalised maximum
  likelihood segmentation with a **Poisson** or **negative-binomial** cost, solved
  exactly by PELT (Killick, Fearnhead & Eckley 2012) or by optimal partitioning
  (Jackson et al. 2005). ruptures has no Poisson cost (its issue #262) and its PELT
  only looks at every fifth point by default (``jump=5``, its issue #324); here every
  day is a candidate and the pruning is valid for the cost, so PELT returns the same
  optimum as the exhaustive search.
* :func:`bayesian_changepoints` (engine :class:`BayesianChangePoint`): a conjugate
  Gamma-Poisson multiple change-point model whose posterior over at most ``K`` changes
  is computed **exactly** by forward-backward recursions over all segmentations
  (Fearnhead 2006), giving the posterior probability that a new phase begins on each
  day, the posterior of the number of changes and the posterior mean rate of each day.

A change point is common to all sides: a phase is a stretch of days in which *every*
side has a constant rate. Use one column for a univariate analysis.

The phase table (``results.phases``) has a ``start`` column, so it can be passed as
``phases=`` to the other models of the package (see ``CONTRIBUTING.md``).
"""

from __future__ import annotations

from .segmentation import segment_cost, FAMILIES, _as_counts, _check_events, _check_min_size
from .results import PhaseResults, _fmt_label, _phase_table, _plot_phases
from .model import detect_phases, ChangePointModel, PENALTIES

__all__ = ["detect_phases", "ChangePointModel", "PhaseResults", "segment_cost",
           "PENALTIES", "FAMILIES", "bayesian_changepoints", "BayesianChangePoint",
           "BayesianPhaseResults"]


def __getattr__(name):
    # the Bayesian model lives in bayesian_phases (imported on first use: no cycle)
    if name in ("bayesian_changepoints", "BayesianChangePoint", "BayesianPhaseResults"):
        from .. import bayesian_phases
        return getattr(bayesian_phases, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
