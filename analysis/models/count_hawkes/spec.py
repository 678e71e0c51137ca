"""The specification of the count-Hawkes model: families, kernels, decay structures,
parameter bounds, the lag-kernel weights, the count log-likelihood and the optimiser
it is fitted with (shared with the signed model), quantiles of sums of its counts.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special, stats

from ...exceptions import EstimationError, SpecificationError
from .. import _discrete as _d


FAMILIES = ("negbin", "poisson")
KERNELS = ("geometric", "exponential", "gamma")
DECAY_STRUCTURES = ("shared", "by_source", "by_pair")


_BOUNDS = {"beta": (-20.0, 20.0), "a": (0.0, 50.0), "logit_rho": (-9.0, 9.0),
           "log_shape": (-2.5, 4.0), "log_alpha": (-12.0, 6.0)}


# --------------------------------------------------------------------------------------
# Lag kernels: unconstrained parameters -> normalised weights on lags 1..L
# --------------------------------------------------------------------------------------
def _n_kernel_params(kernel):
    return 1 if kernel in ("geometric", "exponential") else 2


def _count_loglike_obs(y, lam, log_alpha, family):
    """Per-day, per-side log-likelihood of counts ``y`` with means ``lam``: Poisson, or
    NB2 with dispersion ``exp(log_alpha)`` per side (one home for both count-Hawkes
    models)."""
    if family == "poisson":
        return y * np.log(lam) - lam - special.gammaln(y + 1)
    th = np.exp(-log_alpha)[None, :]
    return (special.gammaln(y + th) - special.gammaln(th) - special.gammaln(y + 1)
            - th * np.log1p(lam / th) + y * (np.log(lam) - np.log(th + lam)))


def _log_alpha_score(y, lam, log_alpha):
    """Gradient of the NB2 log-likelihood with respect to each side's log dispersion."""
    th = np.exp(-log_alpha)[None, :]
    dth = (special.digamma(y + th) - special.digamma(th)
           + np.log(th) - np.log(th + lam) + 1.0 - (y + th) / (th + lam))
    return (-th * dth).sum(axis=0)


def _kernel_weights_derivative(kernel, phi, max_lag, p, h=1e-6):
    """Central-difference derivative of the lag weights with respect to ``phi[p]``."""
    pp, pm = phi.copy(), phi.copy()
    pp[p] += h
    pm[p] -= h
    return (_kernel_weights(kernel, pp, max_lag) - _kernel_weights(kernel, pm, max_lag)) / (2 * h)

def _kernel_weights(kernel, phi, L):
    """Weights w(1..L) (sum 1) from unconstrained kernel parameters ``phi``."""
    lags = np.arange(1, L + 1, dtype=float)
    if kernel in ("geometric", "exponential"):
        rho = special.expit(phi[0])
        logw = (lags - 1) * math.log(max(rho, 1e-300))
        w = np.exp(logw - logw.max())
    else:
        shape, mean = math.exp(phi[0]), math.exp(phi[1])
        rate = shape / mean
        cdf = special.gammainc(shape, rate * np.r_[0.0, lags])
        w = np.diff(cdf)
        if w.sum() <= 1e-300:      # all mass beyond L: put it on the last lag
            w = np.zeros(L)
            w[-1] = 1.0
    return w / w.sum()


def _kernel_natural(kernel, phi):
    """Reported kernel parameters: geometric ratio, or gamma shape and mean (days)."""
    if kernel in ("geometric", "exponential"):
        return np.array([special.expit(phi[0])])
    return np.exp(np.asarray(phi, float))


def _kernel_names(kernel):
    return ["decay_ratio"] if kernel in ("geometric", "exponential") else ["shape", "mean_lag"]


def _kernel_phi(kernel, natural):
    natural = np.atleast_1d(np.asarray(natural, float))
    if kernel in ("geometric", "exponential"):
        if natural.shape != (1,) or not 0 < natural[0] < 1:
            raise SpecificationError(
                "the geometric kernel takes one parameter, the decay ratio "
                f"w(l+1)/w(l) in (0, 1), got {natural.tolist()}")
        return special.logit(natural)
    if natural.shape != (2,) or np.any(natural <= 0):
        raise SpecificationError("the gamma kernel takes (shape, mean_lag), both > 0, got "
                                 f"{natural.tolist()}")
    return np.log(natural)


# --------------------------------------------------------------------------------------
# Fitting machinery (shared with the signed model)
# --------------------------------------------------------------------------------------
def _param_layout(sizes):
    """Slices of the parameter vector from ``(block, size)`` pairs, and its length."""
    out, pos = {}, 0
    for name, size in sizes:
        out[name] = slice(pos, pos + size)
        pos += size
    return out, pos


def _decay_start(theta, base, nk, s):
    """Write start number ``s``'s decay parameters of one kernel group (``nk`` of them,
    from position ``base``) into ``theta``: the same three decays in every model."""
    if nk == 1:
        theta[base] = (0.0, 1.5, -1.0)[s % 3]
    else:
        theta[base] = (0.0, 0.7, 0.0)[s % 3]
        theta[base + 1] = math.log((2.0, 4.0, 1.5)[s % 3])


#: start values of the log NB dispersion, cycled over the starts like the decays
_LOG_ALPHA_STARTS = (0.0, -1.0, 1.0)


def _minimize_nll(loglike_obs, score, start, bounds, nobs, maxiter):
    """L-BFGS-B on the mean negative log-likelihood (a non-finite value counts as very
    bad), polished so every CPU stops at the same optimum."""
    scale = 1.0 / max(1, nobs)

    def f(th):
        v = -np.sum(loglike_obs(th))
        return v * scale if np.isfinite(v) else 1e300

    def g(th):
        v = -score(th) * scale
        return v if np.all(np.isfinite(v)) else np.zeros_like(v)

    # one errstate around the whole run: entering it per evaluation is slow
    with np.errstate(all="ignore"):
        r = optimize.minimize(f, start, jac=g, method="L-BFGS-B", bounds=bounds,
                              options={"maxiter": maxiter, "ftol": 1e-14, "gtol": 1e-9,
                                       "maxcor": 30})
        # the same optimum on every CPU, not where L-BFGS-B's path stopped
        _d.polish_optimum(f, g, r, bounds)
    return r


def _best_start(optimize_from, starts, advice):
    """The lowest optimum over ``starts``; an EstimationError ending in ``advice`` when
    the likelihood could not be evaluated at any of them."""
    best = None
    for s in starts:
        r = optimize_from(s)
        if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
            best = r
    if best is None or best.fun >= 1e299:
        raise EstimationError("the likelihood could not be evaluated at any start; " + advice)
    return best


# --------------------------------------------------------------------------------------
# Simulation
# --------------------------------------------------------------------------------------
def _sum_quantiles(lam, alpha, q):
    """Quantiles ``q`` of the sum of independent counts with means ``lam``: Poisson
    (``alpha == 0``) or NB2 with dispersion ``alpha`` (Var = lam + alpha lam^2), by
    convolving their probability functions (exact up to a 1e-12 tail)."""
    lam = np.maximum(np.asarray(lam, dtype=float), 0.0)
    if alpha <= 0:
        dist = stats.poisson(lam.sum())                 # a sum of Poissons is Poisson
        return [float(dist.ppf(p)) for p in q]
    n = 1.0 / alpha
    p = n / (n + lam)
    top = int(stats.nbinom(n, p).isf(1e-12).sum()) + 1
    k = np.arange(top + 1)
    pmf = np.zeros(top + 1)
    pmf[0] = 1.0
    for pk in p:
        pmf = np.convolve(pmf, stats.nbinom.pmf(k, n, pk))[:top + 1]
    cdf = np.cumsum(pmf)
    return [float(np.searchsorted(cdf, v - 1e-12)) for v in q]
