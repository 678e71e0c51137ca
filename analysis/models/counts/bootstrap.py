"""Bootstraps of the count regressions: the score (wild) bootstrap and the block
bootstrap by refitting.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from ...exceptions import EstimationError, SpecificationError
from .. import _discrete as _d
from ..base import guarded, monte_carlo_pvalue, run_replicates

from .estimation import _BoundaryAlphaEstimate, _estimate


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
    from ..var import _wild_weights
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
    pval = monte_carlo_pvalue(lm, lmstar, rtol=1e-12)
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
