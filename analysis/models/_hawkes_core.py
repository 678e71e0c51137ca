"""Numerical core of :mod:`analysis.models.hawkes`: O(N) recursions compiled with numba.

Private module. Every function here works on plain arrays; the public model in
``hawkes.py`` validates input and labels output.

Notation (shapes in brackets; ``D`` sides, ``U`` exponential components per kernel,
``P`` baseline phases, ``N`` events of all sides):

* ``t`` [N], ``m`` [N]: all event times merged in time order and the side of each.
* ``mu`` [D, P]: baseline of side ``i`` in phase ``p``.
* ``alpha`` [D, D, U], ``beta`` [D, D, U]: the kernel of source ``j`` on target ``i`` is
  ``phi_ij(s) = sum_u alpha[i, j, u] * beta[i, j, u] * exp(-beta[i, j, u] * s)``.
* ``R[k, j, u] = sum_{l in j, t_l < t_k} exp(-beta[m_k, j, u] (t_k - t_l))`` and
  ``S``, ``Q`` the same sums weighted by ``(t_k - t_l)`` and ``(t_k - t_l)**2``.

Ties: only *strictly* earlier events enter the history; events at the same time do not
excite one another (their contributions are held back until the time advances).

Nothing is compiled at import: numba compiles each function on its first call and
caches the machine code on disk (``cache=True``: ``__pycache__`` beside this file, or
numba's user-wide cache where that is read-only), so later processes skip the
compilation. The cache holds compiled code, never results: it changes no number.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = []


# ---------------------------------------------------------------------------------------
# Merging the sides into one time-ordered stream
# ---------------------------------------------------------------------------------------
@njit(cache=True, error_model="numpy")
def merge_sorted(flat, offsets):
    """Merge D sorted arrays (concatenated in ``flat``, side ``i`` at
    ``flat[offsets[i]:offsets[i+1]]``) into one ordered stream. O(N D).

    Returns ``t`` [N], ``m`` [N] (side of each event), ``pos`` [N] (the index of the
    event in ``flat``, so per-side arrays grouped by side can be filled in stream order)
    and the number of events whose time equals the previous event's. Ties keep side
    order (side 0 first)."""
    D = offsets.size - 1
    N = flat.size
    t = np.empty(N)
    m = np.empty(N, np.int64)
    pos = np.empty(N, np.int64)
    head = offsets[:-1].copy()
    val = np.empty(D)
    for i in range(D):
        val[i] = flat[head[i]] if head[i] < offsets[i + 1] else np.inf
    n_same = 0
    prev = -np.inf
    for k in range(N):
        best = 0
        bt = val[0]
        for i in range(1, D):
            if val[i] < bt:
                bt = val[i]
                best = i
        t[k] = bt
        m[k] = best
        h = head[best]
        pos[k] = h
        h += 1
        head[best] = h
        val[best] = flat[h] if h < offsets[best + 1] else np.inf
        if bt == prev:
            n_same += 1
        prev = bt
    return t, m, pos, n_same


# ---------------------------------------------------------------------------------------
# Recursions
# ---------------------------------------------------------------------------------------
def distinct_decays(beta):
    """The distinct decay values of ``beta`` [D, D, U] and the index of each
    component's value in them (so each recursion step needs one ``exp`` per distinct
    decay, e.g. one for a shared decay)."""
    vals, inv = np.unique(beta.ravel(), return_inverse=True)
    return vals.astype(np.float64), inv.reshape(beta.shape).astype(np.int64)


@njit(cache=True, error_model="numpy")
def features(t, m, pos, beta, T, want_s, bvals, bidx):
    """History sums at every event, grouped by side (row ``pos[k]`` for event ``k``).

    Returns ``R`` [N, D, U], ``S`` [N, D, U] (shape [0, D, U] unless ``want_s``), and
    the compensator sums for every kernel ``(i, j, u)``:
    ``G = sum_{l in j} (1 - exp(-beta (T - t_l)))`` and
    ``H = sum_{l in j} (T - t_l) exp(-beta (T - t_l))``, each [D, D, U] (the state of
    the same recursions carried to ``T``; ``H`` is zero unless ``want_s``).
    ``bvals``, ``bidx`` from :func:`distinct_decays`: the recursion state is kept per
    source side and distinct decay, so a shared decay costs one ``exp`` per event.
    """
    N = t.size
    D, _, U = beta.shape
    nb = bvals.size
    R = np.empty((N, D, U))
    S = np.empty((N if want_s else 0, D, U))
    Rst = np.zeros((D, nb))
    Sst = np.zeros((D, nb))
    cnt = np.zeros(D)
    pend = np.zeros(D)
    ex = np.empty(nb)
    tcur = t[0] if N > 0 else 0.0
    for k in range(N + 1):
        tk = t[k] if k < N else T
        if tk > tcur:
            dt = tk - tcur
            for b in range(nb):
                ex[b] = np.exp(-bvals[b] * dt)
            for j in range(D):
                pj = pend[j]
                cnt[j] += pj
                for b in range(nb):
                    r0 = Rst[j, b] + pj
                    if want_s:
                        Sst[j, b] = ex[b] * (Sst[j, b] + dt * r0)
                    Rst[j, b] = ex[b] * r0
                pend[j] = 0.0
            tcur = tk
        if k == N:
            break
        i = m[k]
        r = pos[k]
        for j in range(D):
            for u in range(U):
                b = bidx[i, j, u]
                R[r, j, u] = Rst[j, b]
                if want_s:
                    S[r, j, u] = Sst[j, b]
        pend[i] += 1.0
    for j in range(D):          # events exactly at T
        cnt[j] += pend[j]
        for b in range(nb):
            Rst[j, b] += pend[j]
    G = np.empty((D, D, U))
    H = np.empty((D, D, U))
    for i in range(D):
        for j in range(D):
            for u in range(U):
                b = bidx[i, j, u]
                G[i, j, u] = cnt[j] - Rst[j, b]
                H[i, j, u] = Sst[j, b]
    return R, S, G, H


@njit(cache=True, error_model="numpy")
def loglik_full(t, m, ph, T, seglen, mu, alpha, beta, want_hess):
    """Log-likelihood, its gradient and (optionally) its Hessian, in one O(N) pass.

    ``ph`` [N] is the baseline phase of each event (stream order), ``seglen`` [P] the
    phase lengths. Returns ``ll``, ``g_mu`` [D, P], ``g_alpha`` [D, D, U],
    ``g_beta`` [D, D, U] and ``hess`` [D, K, K] with ``K = P + 2 D U``: for each target
    ``i`` the Hessian over its own parameters in the order ``mu[i, :]``,
    ``alpha[i].ravel()``, ``beta[i].ravel()`` (the log-likelihood separates by target
    for fixed kernels, so the full Hessian is block diagonal in these coordinates).
    Returns ``ll = -inf`` if an intensity at an event is not positive.
    """
    N = t.size
    D, _, U = beta.shape
    P = seglen.size
    DU = D * U
    K = P + 2 * DU
    Rs = np.zeros((D, D, U))
    Ss = np.zeros((D, D, U))
    Qs = np.zeros((D, D, U))
    pend = np.zeros(D)
    g_mu = np.zeros((D, P))
    g_alpha = np.zeros((D, D, U))
    g_beta = np.zeros((D, D, U))
    hess = np.zeros((D if want_hess else 0, K, K))
    v = np.zeros(K)
    ll = 0.0
    tcur = t[0] if N > 0 else 0.0
    for k in range(N):
        tk = t[k]
        if tk > tcur:
            for j in range(D):
                if pend[j] > 0.0:
                    for i in range(D):
                        for u in range(U):
                            Rs[i, j, u] += pend[j]
                    pend[j] = 0.0
            dt = tk - tcur
            for i in range(D):
                for j in range(D):
                    for u in range(U):
                        e = np.exp(-beta[i, j, u] * dt)
                        r0 = Rs[i, j, u]
                        s0 = Ss[i, j, u]
                        if want_hess:
                            Qs[i, j, u] = e * (Qs[i, j, u] + 2.0 * dt * s0 + dt * dt * r0)
                        Ss[i, j, u] = e * (s0 + dt * r0)
                        Rs[i, j, u] = e * r0
            tcur = tk
        i = m[k]
        p = ph[k]
        lam = mu[i, p]
        for j in range(D):
            for u in range(U):
                lam += alpha[i, j, u] * beta[i, j, u] * Rs[i, j, u]
        if not lam > 0.0:
            return -np.inf, g_mu, g_alpha, g_beta, hess
        ll += np.log(lam)
        inv = 1.0 / lam
        g_mu[i, p] += inv
        for j in range(D):
            for u in range(U):
                a = alpha[i, j, u]
                b = beta[i, j, u]
                r = Rs[i, j, u]
                s = Ss[i, j, u]
                g_alpha[i, j, u] += b * r * inv
                g_beta[i, j, u] += a * (r - b * s) * inv
        if want_hess:
            for q in range(K):
                v[q] = 0.0
            v[p] = 1.0
            for j in range(D):
                for u in range(U):
                    c = j * U + u
                    a = alpha[i, j, u]
                    b = beta[i, j, u]
                    r = Rs[i, j, u]
                    s = Ss[i, j, u]
                    v[P + c] = b * r
                    v[P + DU + c] = a * (r - b * s)
                    # second derivatives of lambda (within one kernel component)
                    hess[i, P + c, P + DU + c] += (r - b * s) * inv
                    hess[i, P + DU + c, P + c] += (r - b * s) * inv
                    hess[i, P + DU + c, P + DU + c] += a * (b * Qs[i, j, u] - 2.0 * s) * inv
            inv2 = inv * inv
            for q1 in range(K):
                if v[q1] != 0.0:
                    for q2 in range(K):
                        hess[i, q1, q2] -= v[q1] * v[q2] * inv2
        pend[i] += 1.0
    # compensator: int_0^T lambda_i = sum_p mu_ip len_p + sum_ju alpha G
    for i in range(D):
        for p in range(P):
            ll -= mu[i, p] * seglen[p]
            g_mu[i, p] -= seglen[p]
    for k in range(N):
        j = m[k]
        tau = T - t[k]
        for i in range(D):
            for u in range(U):
                a = alpha[i, j, u]
                b = beta[i, j, u]
                e = np.exp(-b * tau)
                ll -= a * (1.0 - e)
                g_alpha[i, j, u] -= 1.0 - e
                g_beta[i, j, u] -= a * tau * e
                if want_hess:
                    c = j * U + u
                    hess[i, P + c, P + DU + c] -= tau * e
                    hess[i, P + DU + c, P + c] -= tau * e
                    hess[i, P + DU + c, P + DU + c] += a * tau * tau * e
    return ll, g_mu, g_alpha, g_beta, hess


@njit(cache=True, error_model="numpy")
def compensator_at_events(t, m, bounds, mu, alpha, beta):
    """``Lambda_i(t_k)`` for every event ``k`` (stream order; ``i = m[k]``).

    ``Lambda_i(t) = int_0^t mu_i + sum_{j,u} alpha_iju * sum_{l in j, t_l < t}
    (1 - exp(-beta_iju (t - t_l)))``. ``bounds`` [P + 1] are the phase boundaries.
    """
    N = t.size
    D, _, U = beta.shape
    P = bounds.size - 1
    Rs = np.zeros((D, D, U))
    cnt = np.zeros(D)
    pend = np.zeros(D)
    out = np.empty(N)
    tcur = t[0] if N > 0 else 0.0
    for k in range(N):
        tk = t[k]
        if tk > tcur:
            for j in range(D):
                if pend[j] > 0.0:
                    cnt[j] += pend[j]
                    for i in range(D):
                        for u in range(U):
                            Rs[i, j, u] += pend[j]
                    pend[j] = 0.0
            dt = tk - tcur
            for i in range(D):
                for j in range(D):
                    for u in range(U):
                        Rs[i, j, u] *= np.exp(-beta[i, j, u] * dt)
            tcur = tk
        i = m[k]
        acc = 0.0
        for p in range(P):
            lo = bounds[p]
            hi = min(bounds[p + 1], tk)
            if hi > lo:
                acc += mu[i, p] * (hi - lo)
        for j in range(D):
            for u in range(U):
                acc += alpha[i, j, u] * (cnt[j] - Rs[i, j, u])
        out[k] = acc
        pend[i] += 1.0
    return out


@njit(cache=True, error_model="numpy")
def intensity_on_grid(t, m, grid, bounds, mu, alpha, beta):
    """``lambda_i(s)`` for every side ``i`` at the sorted times ``grid`` [G] (history
    strictly before ``s``). Returns [G, D]."""
    N = t.size
    D, _, U = beta.shape
    P = bounds.size - 1
    Gn = grid.size
    out = np.empty((Gn, D))
    Rs = np.zeros((D, D, U))
    tcur = 0.0
    k = 0
    for g in range(Gn):
        s = grid[g]
        # add every event strictly before s
        while k < N and t[k] < s:
            dt = t[k] - tcur
            for i in range(D):
                for j in range(D):
                    for u in range(U):
                        Rs[i, j, u] *= np.exp(-beta[i, j, u] * dt)
            tcur = t[k]
            j = m[k]
            for i in range(D):
                for u in range(U):
                    Rs[i, j, u] += 1.0
            k += 1
        dt = s - tcur
        p = 0
        while p < P - 1 and s >= bounds[p + 1]:
            p += 1
        for i in range(D):
            lam = mu[i, p]
            for j in range(D):
                for u in range(U):
                    lam += alpha[i, j, u] * beta[i, j, u] * Rs[i, j, u] * np.exp(
                        -beta[i, j, u] * dt)
            out[g, i] = lam
    return out


# ---------------------------------------------------------------------------------------
# Fixed kernels: the likelihood is concave in (mu, alpha) -> projected Newton per target
# ---------------------------------------------------------------------------------------
@njit(cache=True, error_model="numpy")
def _target_eval(Rf, bf, ph, seglen, c, w, lam, g, H, x):
    """One pass: objective at ``w`` (``-inf`` outside the domain), and its gradient
    ``g`` and (upper triangle of the negated) Hessian ``H`` filled in place."""
    n, Kz = Rf.shape
    P = seglen.size
    K = P + Kz
    for q in range(K):
        g[q] = 0.0
        for q2 in range(K):
            H[q, q2] = 0.0
    f = 0.0
    for k in range(n):
        p = ph[k]
        lk = w[p]
        for q in range(Kz):
            z = Rf[k, q] * bf[q]
            x[q] = z
            lk += z * w[P + q]
        lam[k] = lk
        if not lk > 0.0:
            return -np.inf
        f += np.log(lk)
        inv = 1.0 / lk
        inv2 = inv * inv
        g[p] += inv
        H[p, p] += inv2
        for q in range(Kz):
            z = x[q]
            g[P + q] += z * inv
            H[p, P + q] += z * inv2
            zq = z * inv2
            for q2 in range(q, Kz):
                H[P + q, P + q2] += zq * x[q2]
    for p in range(P):
        f -= w[p] * seglen[p]
        g[p] -= seglen[p]
    for q in range(Kz):
        f -= w[P + q] * c[q]
        g[P + q] -= c[q]
    for q in range(K):
        for q2 in range(q):
            H[q, q2] = H[q2, q]
    return f


@njit(cache=True, error_model="numpy")
def newton_target(Rf, bf, ph, seglen, c, w, maxit, tol):
    """Maximise ``f(w) = sum_k log(x_k . w) - w . [seglen, c]`` over ``w >= 0``.

    ``x_k = [onehot(ph_k), Rf[k] * bf]``: ``Rf`` [n, D U] are the history sums ``R`` of
    the target's events (flattened over sources and components), ``bf`` [D U] the
    target's decays, ``ph`` the events' phases, ``c`` [D U] the compensator sums ``G``;
    ``w = [mu_i (P), alpha_i (D U)]`` is the start (updated in place).
    Projected Newton with an active set (Bertsekas 1982) and Armijo backtracking; the
    problem is concave, so this converges to the global maximum. ``tol`` bounds the
    remaining gap in the objective (log-likelihood units).
    Returns ``(f, n_iter, converged)``.
    """
    n, Kz = Rf.shape
    P = seglen.size
    K = P + Kz
    lam = np.empty(n)
    g = np.empty(K)
    H = np.empty((K, K))
    gn = np.empty(K)
    Hn = np.empty((K, K))
    x = np.empty(Kz)
    wn = np.empty(K)
    f = _target_eval(Rf, bf, ph, seglen, c, w, lam, g, H, x)
    if not np.isfinite(f):
        return f, 0, False
    for it in range(maxit):
        # active set: at the bound and pushed outwards
        free = np.ones(K, np.bool_)
        for q in range(K):
            if w[q] <= 0.0 and g[q] <= 0.0:
                free[q] = False
        idx = np.nonzero(free)[0]
        nf = idx.size
        if nf == 0:
            return f, it, True
        A = np.empty((nf, nf))
        b = np.empty(nf)
        tr = 0.0
        for a1 in range(nf):
            tr = max(tr, H[idx[a1], idx[a1]])
        for a1 in range(nf):
            b[a1] = g[idx[a1]]
            for a2 in range(nf):
                A[a1, a2] = H[idx[a1], idx[a2]]
            A[a1, a1] += 1e-12 * tr + 1e-300
        d = np.linalg.solve(A, b)
        dec = 0.0
        for a1 in range(nf):
            dec += d[a1] * b[a1]
        # Stopping rule from self-concordance (-log is self-concordant): with Newton
        # decrement dec = g' (-H)^-1 g the gap to the maximum is about dec / 2 now and
        # at most 4 dec**2 after a full step.
        if dec < 2.0 * tol:
            return f, it, True
        # backtracking along the projected path
        step = 1.0
        accepted = False
        fn = -np.inf
        for _ in range(60):
            for q in range(K):
                wn[q] = w[q]
            for a1 in range(nf):
                q = idx[a1]
                wn[q] = max(w[q] + step * d[a1], 0.0)
            fn = _target_eval(Rf, bf, ph, seglen, c, wn, lam, gn, Hn, x)
            if np.isfinite(fn):
                gain = 0.0
                for q in range(K):
                    gain += g[q] * (wn[q] - w[q])
                if fn - f >= 1e-4 * gain:
                    accepted = True
                    break
            step *= 0.5
        if not accepted:
            # no ascent possible at machine precision: converged if the decrement is tiny
            _target_eval(Rf, bf, ph, seglen, c, w, lam, g, H, x)
            return f, it, dec < 1e-6 * max(1.0, abs(f))
        for q in range(K):
            w[q] = wn[q]
            g[q] = gn[q]
            for q2 in range(K):
                H[q, q2] = Hn[q, q2]
        f = fn
        if step == 1.0 and 4.0 * dec * dec < tol:
            return f, it + 1, True
    return f, maxit, False


@njit(cache=True, error_model="numpy")
def beta_gradient_target(R, S, ph, w, beta_i, H_i, P):
    """d loglik / d beta_i[j, u] at ``w`` for one target, from the stored features.

    ``R``, ``S`` [n, D, U] (this target's rows), ``beta_i`` [D, U], ``H_i`` [D, U] the
    compensator sums. Returns [D, U]."""
    n, D, U = R.shape
    out = np.zeros((D, U))
    for k in range(n):
        lam = w[ph[k]]
        for j in range(D):
            for u in range(U):
                lam += w[P + j * U + u] * beta_i[j, u] * R[k, j, u]
        inv = 1.0 / lam
        for j in range(D):
            for u in range(U):
                out[j, u] += w[P + j * U + u] * (R[k, j, u] - beta_i[j, u] * S[k, j, u]) * inv
    for j in range(D):
        for u in range(U):
            out[j, u] -= w[P + j * U + u] * H_i[j, u]
    return out


# ---------------------------------------------------------------------------------------
# Simulation by thinning (Ogata); the branching simulator is vectorised numpy
# ---------------------------------------------------------------------------------------
@njit(cache=True, error_model="numpy")
def simulate_thinning(rng, bounds, mu, alpha, beta, max_events):
    """Ogata's thinning for exponential kernels. Returns (times, sides, overflow)."""
    D, _, U = beta.shape
    P = bounds.size - 1
    cap = 1024
    times = np.empty(cap)
    sides = np.empty(cap, np.int64)
    n = 0
    E = np.zeros((D, D, U))    # excitation alpha*beta*R of each kernel at time s
    s = bounds[0]
    p = 0
    lam = np.empty(D)
    while True:
        while p < P - 1 and s >= bounds[p + 1]:
            p += 1
        tot = 0.0
        for i in range(D):
            tot += mu[i, p]
            for j in range(D):
                for u in range(U):
                    tot += E[i, j, u]
        # the excitation only decays until the next event; the baseline is constant
        # until the next phase boundary
        nxt = bounds[p + 1]
        if tot <= 0.0:
            dt = nxt - s
            cand = nxt
        else:
            dt = rng.exponential(1.0 / tot)
            cand = s + dt
        if cand >= nxt:
            # move to the boundary (no event) and re-bound
            for i in range(D):
                for j in range(D):
                    for u in range(U):
                        E[i, j, u] *= np.exp(-beta[i, j, u] * (nxt - s))
            s = nxt
            if p == P - 1:
                break
            p += 1
            continue
        for i in range(D):
            for j in range(D):
                for u in range(U):
                    E[i, j, u] *= np.exp(-beta[i, j, u] * dt)
        s = cand
        tot2 = 0.0
        for i in range(D):
            lam[i] = mu[i, p]
            for j in range(D):
                for u in range(U):
                    lam[i] += E[i, j, u]
            tot2 += lam[i]
        v = rng.random() * tot
        if v < tot2:
            # accept; pick the side
            acc = 0.0
            side = D - 1
            for i in range(D):
                acc += lam[i]
                if v < acc:
                    side = i
                    break
            if n == cap:
                cap *= 2
                t2 = np.empty(cap)
                s2 = np.empty(cap, np.int64)
                t2[:n] = times[:n]
                s2[:n] = sides[:n]
                times = t2
                sides = s2
            times[n] = s
            sides[n] = side
            n += 1
            if n >= max_events:
                return times[:n], sides[:n], True
            for i in range(D):
                for u in range(U):
                    E[i, side, u] += alpha[i, side, u] * beta[i, side, u]
    return times[:n], sides[:n], False
