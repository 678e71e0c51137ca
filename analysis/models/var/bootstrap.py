"""The VAR bootstrap container and the algebra its replicates use: companion form, MA
representation, wild weights, HC3 blocks.
"""

from __future__ import annotations

import numpy as np

__all__ = ["VARBootstrap"]


class VARBootstrap:
    """Bootstrap replications of a VAR fit: ``coefs`` (n_boot, p, k, k) and ``sigmas``
    (n_boot, k, k); pass to :meth:`VARResults.irf` / :meth:`VARResults.fevd`."""

    def __init__(self, results, coefs, sigmas, method, design):
        self.results = results
        self.coefs = coefs
        self.sigmas = sigmas
        self.method = method
        self.design = design
        self.n_boot = len(coefs)
        comp = _companion(coefs)
        self.n_unstable = int(np.sum(np.max(np.abs(np.linalg.eigvals(comp)), axis=-1) >= 1))

    def __repr__(self):
        return (f"<VARBootstrap {self.method}/{self.design}, {self.n_boot} replications, "
                f"{self.n_unstable} unstable>")


def _companion(coefs):
    R, p, k, _ = coefs.shape
    C = np.zeros((R, k * p, k * p))
    C[:, :k, :] = np.concatenate(list(np.moveaxis(coefs, 1, 0)), axis=-1)
    if p > 1:
        C[:, k:, :-k] = np.eye(k * (p - 1))
    return C


def _ma_rep(coefs, horizon):
    """Phi_0..Phi_H for a batch: coefs (R, p, k, k) -> (R, H+1, k, k)."""
    R, p, k, _ = coefs.shape
    Phi = np.zeros((R, horizon + 1, k, k))
    Phi[:, 0] = np.eye(k)
    for h in range(1, horizon + 1):
        acc = np.zeros((R, k, k))
        for l in range(1, min(h, p) + 1):
            acc += Phi[:, h - l] @ coefs[:, l - 1]
        Phi[:, h] = acc
    return Phi


_WEBB = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])


def _wild_weights(rng, weights, shape):
    """Wild-bootstrap multipliers (mean 0, variance 1): Rademacher or Webb (2014)."""
    if weights == "rademacher":
        return rng.choice(np.array([-1.0, 1.0]), size=shape)
    return _WEBB[rng.integers(0, 6, size=shape)]


def _hc3_block(G, U, lev):
    """Robust covariance of the tested coefficients for a batch of residuals.

    G (qs, T): rows of (Z'Z)^-1 Z' of the tested columns; U (R, T, c): residuals of the
    c caused equations; lev (T,): per-day factor (HC3: 1/(1-h)^2). Returns (R, c*qs,
    c*qs), equation-major."""
    R, T, c = U.shape
    qs = G.shape[0]
    V = np.empty((R, c * qs, c * qs))
    for i in range(c):
        for j in range(i, c):
            blk = np.einsum("at,rt,bt->rab", G, U[:, :, i] * U[:, :, j] * lev, G,
                            optimize=True)
            V[:, i * qs:(i + 1) * qs, j * qs:(j + 1) * qs] = blk
            if j != i:
                V[:, j * qs:(j + 1) * qs, i * qs:(i + 1) * qs] = np.swapaxes(blk, 1, 2)
    return V
