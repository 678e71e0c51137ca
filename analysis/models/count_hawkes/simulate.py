"""Simulating the count-Hawkes model (``simulate_count_hawkes``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import warn as _warn, ExplosiveWarning, SpecificationError
from .. import _discrete as _d
from ..base import renamed_keyword

from .spec import FAMILIES, KERNELS, _kernel_phi, _kernel_weights, _n_kernel_params

__all__ = ["simulate_count_hawkes"]


def _simulate_batch(rng, n_paths, nu, a, Wp, presample, alpha):
    """Simulate ``n_paths`` paths; nu (T, k), a (k, k), Wp (L, k, k) per-pair weights,
    presample (L, k) (most recent last). Returns (n_paths, T, k) integer counts."""
    T, k = nu.shape
    L = Wp.shape[0]
    hist = np.broadcast_to(presample[::-1][None].astype(float), (n_paths, L, k)).copy()
    K = a[None] * Wp                                                         # (L, k, k)
    out = np.empty((n_paths, T, k), dtype=np.int64)
    for t in range(T):
        lam = nu[t][None, :] + np.einsum("rlj,lij->ri", hist, K)
        if alpha is None:
            y = rng.poisson(lam)
        else:
            th = 1.0 / alpha[None, :]
            y = rng.poisson(rng.gamma(th, lam / th))
        out[:, t] = y
        hist[:, 1:] = hist[:, :-1]
        hist[:, 0] = y
    return out


def simulate_count_hawkes(n_periods, baseline=None, branching=None, *, max_lag=14,
                          kernel="geometric", kernel_params=0.5, family="negbin",
                          dispersion=1.0, sides=None, start="2020-01-01", freq="D",
                          burn=None, allow_explosive=False, rng, **renamed):
    r"""Simulate the self-exciting count model of :class:`CountHawkes`.

    Draws daily counts of every side from a background rate plus excitation by
    recent counts.

    Parameters
    ----------
    n_periods : int
        Length of the returned series.
    baseline : float, array (k,) or array (n_periods, k)
        Endemic (background) rates :math:`\nu_{i,t}` (constant or per period).
    branching : array (k, k)
        Branching matrix :math:`a_{ij}` (row: target, column: source).
    max_lag : int
        :math:`L`.
    kernel : {"geometric", "exponential", "gamma"}
    kernel_params : float, (shape, mean_lag), or a (k, k) array of them
        Geometric decay ratio in (0, 1); gamma ``(shape, mean_lag)``. A (k, k) array
        (geometric) or (k, k, 2) array (gamma) sets one kernel per pair.
    family : {"negbin", "poisson"}
    dispersion : float or array (k,)
        NB2 :math:`\alpha_i` (ignored for Poisson).
    sides : list of str, optional
        Column names (default ``side0, side1, ...``).
    start, freq
        First date and frequency of the index (``start=None`` gives a RangeIndex).
    burn : int, optional
        Periods simulated and discarded first, from an empty history (default
        ``10 * max_lag``); with a per-period ``baseline`` its first row is used
        during the burn-in.
    allow_explosive : bool
        Simulate even when the spectral radius is >= 1 (counts then grow without bound).
    rng : Generator or int

    Returns
    -------
    DataFrame
        Integer counts, one column per side.

    See Also
    --------
    analysis.CountHawkes : Fit this model.

    Notes
    -----
    .. math::

        \lambda_{i,t} = \nu_{i,t} + \sum_j a_{ij}\sum_{l=1}^{L} w(l;\theta)\,y_{j,t-l},
        \qquad y_{i,t} \sim \text{NB2}(\lambda_{i,t}, \alpha_i) \text{ or Poisson}.
    """
    if renamed:
        renamed_keyword(renamed, "simulate_count_hawkes",
                        {"nu": "baseline", "excitation": "branching"})
    if baseline is None or branching is None:
        raise SpecificationError("simulate_count_hawkes needs baseline= and branching=")
    rng = _d.as_rng(rng)
    n_periods = _d.check_positive_int("n_periods", n_periods)
    max_lag = _d.check_positive_int("max_lag", max_lag)
    _d.check_choice("kernel", kernel, KERNELS)
    _d.check_choice("family", family, FAMILIES)
    A = np.atleast_2d(np.asarray(branching, float))
    k = A.shape[0]
    if A.shape != (k, k) or np.any(A < 0) or not np.all(np.isfinite(A)):
        raise SpecificationError("branching must be a square (k, k) array of finite "
                                 f"values >= 0, got shape {A.shape}")
    nu_arr = np.asarray(baseline, float)
    if nu_arr.ndim == 0:
        nu_arr = np.full((n_periods, k), float(nu_arr))
    elif nu_arr.ndim == 1:
        if nu_arr.shape != (k,):
            raise SpecificationError(f"baseline must have {k} entries (one per side)")
        nu_arr = np.tile(nu_arr, (n_periods, 1))
    elif nu_arr.shape != (n_periods, k):
        raise SpecificationError(f"baseline must be a float, (k,) or ({n_periods}, {k}) "
                                 "array")
    if np.any(nu_arr <= 0):
        raise SpecificationError("the baseline (endemic) rates must be > 0")
    radius = float(np.max(np.abs(np.linalg.eigvals(A))))
    if radius >= 1:
        msg = (f"the branching matrix has spectral radius {radius:.3f} >= 1, so the "
               "process is explosive (counts grow without bound); scale the excitation "
               "down")
        if not allow_explosive:
            raise SpecificationError(msg + " or pass allow_explosive=True")
        _warn(msg, ExplosiveWarning)
    kp = np.asarray(kernel_params, float)
    nk = _n_kernel_params(kernel)
    if (nk == 1 and kp.ndim == 0) or (nk == 2 and kp.shape == (2,)):
        w = _kernel_weights(kernel, _kernel_phi(kernel, kp), max_lag)
        Wp = np.broadcast_to(w[:, None, None], (max_lag, k, k)).copy()
    elif kp.shape == ((k, k) if nk == 1 else (k, k, 2)):
        Wp = np.empty((max_lag, k, k))
        for i in range(k):
            for j in range(k):
                Wp[:, i, j] = _kernel_weights(kernel, _kernel_phi(kernel, kp[i, j]),
                                              max_lag)
    else:
        raise SpecificationError(
            "kernel_params must be a decay ratio (geometric) or (shape, mean_lag) "
            "(gamma), or a per-pair (k, k) array of them")
    alpha = None
    if family == "negbin":
        alpha = np.broadcast_to(np.asarray(dispersion, float), (k,)).copy()
        if np.any(alpha <= 0):
            raise SpecificationError("dispersion (NB2 alpha) must be > 0; use "
                                     "family='poisson' for none")
    burn = 10 * max_lag if burn is None else _d.check_positive_int("burn", burn, 0)
    nu_full = np.vstack([np.tile(nu_arr[0], (burn, 1)), nu_arr])
    sims = _simulate_batch(rng, 1, nu_full, A, Wp, np.zeros((max_lag, k)), alpha)[0]
    sims = sims[burn:]
    names = list(sides) if sides is not None else [f"side{i}" for i in range(k)]
    if len(names) != k:
        raise SpecificationError(f"sides must name the {k} sides")
    index = (pd.RangeIndex(n_periods) if start is None else
             pd.date_range(start, periods=n_periods, freq=freq, name="date"))
    return pd.DataFrame(sims, index=index, columns=names)
