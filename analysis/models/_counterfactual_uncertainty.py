"""Uncertainty and a goodness-of-fit gate for Hawkes counterfactuals.

:meth:`HawkesResults.counterfactual` gives exact expected counts at the point estimate.
Here the same change is applied to every parametric-bootstrap draw
(:meth:`HawkesResults.bootstrap`), giving percentile intervals of the expected change,
and the sides the counterfactual speaks about are checked against the model's
time-rescaling goodness of fit: a counterfactual for a side the data reject says so.
"""

from __future__ import annotations

import warnings

import numpy as np

from ..exceptions import AnalysisWarning, SpecificationError
from ..exceptions import warn as _warn
from . import _hawkes_sim as hsim
from .base import check_alpha

__all__ = []  # private: reached through HawkesResults.counterfactual


def draw_arrays(res, row):
    """(mu, alpha, beta) of one bootstrap parameter row of ``res``'s specification."""
    m = res.model
    D, P = m.n_sides, m.n_phases
    U = res._beta.shape[2]
    row = np.asarray(row, float)
    mu = row[:D * P].reshape(D, P)
    alpha = row[D * P:D * P + D * D * U].reshape(D, D, U)
    if m.estimate_decay:
        beta = row[D * P + D * D * U:][m._bmap]
    else:
        beta = res._beta
    return mu, alpha, beta


def counterfactual_intervals(res, bootstrap, change, table, alpha):
    """Add percentile intervals of the expected change to a counterfactual table.

    ``change(alpha_array) -> alpha_array`` applies the counterfactual to a branching
    array. Columns added: ``percent_change_lower``/``_upper`` and
    ``difference_lower``/``_upper`` (over the bootstrap draws, expectations exact for
    each draw), and ``n_draws``.
    """
    alpha_level = check_alpha(alpha)
    if not hasattr(bootstrap, "params") or list(bootstrap.params.columns) != \
            list(res.params.index):
        raise SpecificationError("bootstrap must be the HawkesBootstrap of this fit "
                                 "(results.bootstrap(n_boot, rng=...))")
    T = np.array([res.end_time], float)
    diffs, pcts = [], []
    for row in bootstrap.params.to_numpy():
        mu, a, beta = draw_arrays(res, row)
        if np.max(np.abs(np.linalg.eigvals(a.sum(axis=2)))) >= 1:
            continue
        fit = hsim.expected_counts(res.model.phase_bounds, mu, a, beta, T)[-1]
        cf = hsim.expected_counts(res.model.phase_bounds, mu, change(a), beta, T)[-1]
        diffs.append(cf - fit)
        pcts.append(100 * (cf - fit) / fit)
    if len(diffs) < 10:
        raise SpecificationError(f"only {len(diffs)} stationary bootstrap draws; use more "
                                 "replicates (n_boot)")
    diffs, pcts = np.array(diffs), np.array(pcts)
    lo, hi = alpha_level / 2, 1 - alpha_level / 2
    out = table.copy()
    out["difference_lower"] = np.quantile(diffs, lo, axis=0)
    out["difference_upper"] = np.quantile(diffs, hi, axis=0)
    out["percent_change_lower"] = np.quantile(pcts, lo, axis=0)
    out["percent_change_upper"] = np.quantile(pcts, hi, axis=0)
    out["n_draws"] = len(diffs)
    return out


def gof_gate(res, sides, table, gof_alpha):
    """Add the time-rescaling KS p-value per side and whether the side passes; warn for
    the ``sides`` the counterfactual speaks about that fail."""
    gof_alpha = check_alpha(gof_alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = res.gof(warn_ties=False).table
    out = table.copy()
    out["gof_pvalue"] = g["pvalue"].reindex(out.index)
    out["gof_pass"] = out["gof_pvalue"] >= gof_alpha
    failed = [s for s in sides if not bool(out.loc[s, "gof_pass"])]
    if failed:
        _warn(
            f"the fitted model fails its goodness-of-fit check (time-rescaling KS, "
            f"p < {gof_alpha:g}) for {failed}: the counterfactual for "
            f"{'that side' if len(failed) == 1 else 'those sides'} rests on a model the "
            "data reject; report it as such (table column gof_pass)", AnalysisWarning)
    return out


def zero_pairs(targets, sources, sides):
    """A change that sets the (target, source) excitations to 0."""
    idx = [(sides.index(t), sides.index(s)) for t in targets for s in sources]

    def change(a):
        a = a.copy()
        for i, j in idx:
            a[i, j] = 0.0
        return a
    return change
