"""Simulation and expected counts of exponential-kernel Hawkes processes (private).

Two exact simulators with an explicit ``numpy.random.Generator``:

* ``branching``: the cluster representation. Immigrants arrive as a Poisson process
  with the (piecewise-constant) baseline; every event of side ``j`` has
  ``Poisson(alpha[i, j, u])`` children on side ``i`` through component ``u``, each after
  an ``Exponential(beta[i, j, u])`` delay; generations repeat until none fall before
  ``T``. Vectorised numpy, one generation at a time.
* ``thinning``: Ogata's thinning (numba), one candidate at a time.

Expected counts solve the linear ODE of the mean intensity exactly (matrix
exponential), so counterfactual comparisons need no simulation noise.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg

from . import _hawkes_core as core


def simulate_branching(rng, bounds, mu, alpha, beta, max_events):
    """Returns (times, sides, overflow) sorted by time."""
    D, _, U = beta.shape
    P = bounds.size - 1
    T = bounds[-1]
    times, sides = [], []
    for i in range(D):
        for p in range(P):
            lo, hi = bounds[p], bounds[p + 1]
            n = rng.poisson(mu[i, p] * (hi - lo))
            times.append(rng.uniform(lo, hi, n))
            sides.append(np.full(n, i, np.int64))
    gen_t = np.concatenate(times)
    gen_s = np.concatenate(sides)
    all_t, all_s = [gen_t], [gen_s]
    total = gen_t.size
    while gen_t.size:
        nt, ns = [], []
        for j in range(D):
            parents = gen_t[gen_s == j]
            if parents.size == 0:
                continue
            for i in range(D):
                for u in range(U):
                    a = alpha[i, j, u]
                    if a <= 0.0:
                        continue
                    k = rng.poisson(a, parents.size)
                    n = int(k.sum())
                    if n == 0:
                        continue
                    child = np.repeat(parents, k) + rng.exponential(1.0 / beta[i, j, u], n)
                    child = child[child < T]
                    nt.append(child)
                    ns.append(np.full(child.size, i, np.int64))
        if not nt:
            break
        gen_t = np.concatenate(nt)
        gen_s = np.concatenate(ns)
        total += gen_t.size
        all_t.append(gen_t)
        all_s.append(gen_s)
        if total > max_events:
            t = np.concatenate(all_t)
            s = np.concatenate(all_s)
            o = np.argsort(t, kind="stable")
            return t[o], s[o], True
    t = np.concatenate(all_t)
    s = np.concatenate(all_s)
    o = np.argsort(t, kind="stable")
    return t[o], s[o], False


def simulate(rng, bounds, mu, alpha, beta, method="branching", max_events=10_000_000):
    bounds = np.asarray(bounds, dtype=float)
    if method == "branching":
        return simulate_branching(rng, bounds, mu, alpha, beta, max_events)
    t, s, over = core.simulate_thinning(rng, bounds, np.ascontiguousarray(mu),
                                        np.ascontiguousarray(alpha),
                                        np.ascontiguousarray(beta), max_events)
    return t, s, over


def expected_counts(bounds, mu, alpha, beta, grid):
    """Expected cumulative counts ``E N_i(s)`` [len(grid), D] from an empty history.

    The mean excitation ``e_iju(s) = E[alpha beta sum_l exp(-beta (s - t_l))]`` obeys
    ``de/ds = -beta e + alpha beta m_j(s)`` with mean intensity
    ``m_j = mu_j(s) + sum e_j..``, and ``dc_i/ds = m_i``; with a constant baseline in each
    phase this is a linear ODE, solved exactly by matrix exponentials.
    """
    D, _, U = beta.shape
    P = bounds.size - 1
    ne = D * D * U
    n = ne + D
    A = np.zeros((n, n))
    # index of e_iju
    def ei(i, j, u):
        return (i * D + j) * U + u
    for i in range(D):
        for j in range(D):
            for u in range(U):
                r = ei(i, j, u)
                A[r, r] -= beta[i, j, u]
                # + alpha beta * (sum_{j', u'} e_{j j' u'})
                for j2 in range(D):
                    for u2 in range(U):
                        A[r, ei(j, j2, u2)] += alpha[i, j, u] * beta[i, j, u]
    for i in range(D):
        for j2 in range(D):
            for u2 in range(U):
                A[ne + i, ei(i, j2, u2)] += 1.0
    grid = np.asarray(grid, dtype=float)
    out = np.empty((grid.size, D))
    y = np.zeros(n)
    s = bounds[0]
    p = 0
    order = np.argsort(grid)
    for g in order:
        target = grid[g]
        while s < target:
            while p < P - 1 and s >= bounds[p + 1]:
                p += 1
            nxt = target if p == P - 1 else min(bounds[p + 1], target)
            b = np.zeros(n)
            for i in range(D):
                for j in range(D):
                    for u in range(U):
                        b[ei(i, j, u)] = alpha[i, j, u] * beta[i, j, u] * mu[j, p]
                b[ne + i] = mu[i, p]
            M = np.zeros((n + 1, n + 1))
            M[:n, :n] = A
            M[:n, n] = b
            E = linalg.expm(M * (nxt - s))
            y = E[:n, :n] @ y + E[:n, n]
            s = nxt
        out[g] = y[ne:]
    return out
