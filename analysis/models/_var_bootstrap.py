"""The VAR bootstrap's arithmetic (private): one chunk of replications at a time, so
chunks can run on several processes (:meth:`analysis.VARResults.bootstrap`)."""

from __future__ import annotations

import numba
import numpy as np


def _bootstrap_chunk(spec, Ustar):
    """Coefficients and residual covariances of one chunk of bootstrap replications
    (innovations ``Ustar`` [R, T, k]) of the VAR in ``spec``."""
    design, y0, D, det_part, A, Z, B0, ZtZ, n_det, p, k = spec
    R, T = Ustar.shape[:2]
    m = Z.shape[1]
    if design == "recursive":
        XtX, XtY, YtY = _recursive_crossprods(y0, D, det_part, A, Ustar)
        B = np.linalg.solve(XtX, XtY)                       # (R, m, k)
        S = (YtY - np.einsum("rmi,rmj->rij", XtY, B)) / (T - m)
    else:
        ZtU = np.einsum("tm,rtk->rmk", Z, Ustar)
        dB = np.linalg.solve(ZtZ[None], ZtU)
        B = B0[None] + dB
        S = (np.einsum("rti,rtj->rij", Ustar, Ustar)
             - np.einsum("rmi,rmj->rij", ZtU, dB)) / (T - m)
    lagB = B[:, n_det:, :].reshape(R, p, k, k)              # [r, l, j, i]
    return np.swapaxes(lagB, 2, 3), 0.5 * (S + np.swapaxes(S, 1, 2))


@numba.njit(cache=True)
def _recursive_crossprods(y0, D, det_part, A, Ustar):
    """Simulate recursive-design pseudo-series and accumulate X'X, X'Y, Y'Y.

    y0 (p, k): pre-sample, most recent first; D (T, d): deterministic regressors;
    det_part (T, k) = D @ B_det; A (p, k, k); Ustar (R, T, k): the innovations of each
    replication.
    """
    p, k = A.shape[0], A.shape[1]
    T, d = D.shape
    R = Ustar.shape[0]
    m = d + k * p
    XtX = np.zeros((R, m, m))
    XtY = np.zeros((R, m, k))
    YtY = np.zeros((R, k, k))
    hist = np.empty((p, k))          # hist[l] = y_{t-1-l}
    x = np.empty(m)
    y = np.empty(k)
    for r in range(R):
        for l in range(p):
            for j in range(k):
                hist[l, j] = y0[l, j]
        for t in range(T):
            for a in range(d):
                x[a] = D[t, a]
            for l in range(p):
                for j in range(k):
                    x[d + l * k + j] = hist[l, j]
            for i in range(k):
                v = det_part[t, i] + Ustar[r, t, i]
                for l in range(p):
                    for j in range(k):
                        v += A[l, i, j] * hist[l, j]
                y[i] = v
            for a in range(m):
                xa = x[a]
                for b in range(a, m):
                    XtX[r, a, b] += xa * x[b]
                for i in range(k):
                    XtY[r, a, i] += xa * y[i]
            for i in range(k):
                for j in range(k):
                    YtY[r, i, j] += y[i] * y[j]
            for l in range(p - 1, 0, -1):
                for j in range(k):
                    hist[l, j] = hist[l - 1, j]
            for j in range(k):
                hist[0, j] = y[j]
        for a in range(m):
            for b in range(a + 1, m):
                XtX[r, b, a] = XtX[r, a, b]
    return XtX, XtY, YtY
