"""Maximum likelihood for the Hawkes model: data preparation, fixed-decay and
estimated-decay solvers, the observed information. Private to ``hawkes.py``.

Strategy. For fixed decays the log-likelihood is concave in the baselines and the
adjacency and separates by target side, so each side is one small projected-Newton
problem on stored history sums (memory O(N D U)); this is exact and fast. With the
decays estimated, the outer problem is over the log-decays only (L-BFGS-B with bounds):
its objective is the log-likelihood *profiled* over baselines and adjacency, whose
gradient, by the envelope theorem, is the partial derivative of the log-likelihood in
the decays at the inner optimum (one extra recursion ``S``). The Hessian for standard
errors comes from one exact O(N) pass (``loglik_full``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

from . import _hawkes_core as core

DECAY_STRUCTURES = ("shared", "by_source", "by_pair")


@dataclass
class Prepared:
    """Event data laid out for the numba kernels."""

    sizes: np.ndarray       # [D] events per side
    offsets: np.ndarray     # [D + 1] side i in flat[offsets[i]:offsets[i+1]]
    flat: np.ndarray        # [N] times grouped by side
    t: np.ndarray           # [N] merged, time order
    m: np.ndarray           # [N] side of each event
    pos: np.ndarray         # [N] index in flat of each event
    T: float
    bounds: np.ndarray      # [P + 1] phase boundaries, 0 ... T
    seglen: np.ndarray      # [P]
    ph_flat: np.ndarray     # [N] phase of each event, grouped by side
    ph_stream: np.ndarray   # [N] phase of each event, time order
    n_same: int = 0         # events whose time equals the previous event's

    @property
    def D(self) -> int:
        return int(self.sizes.size)

    @property
    def N(self) -> int:
        return int(self.flat.size)

    @property
    def P(self) -> int:
        return int(self.seglen.size)

    def rows(self, i: int) -> slice:
        return slice(int(self.offsets[i]), int(self.offsets[i + 1]))

    def side_times(self, i: int) -> np.ndarray:
        return self.flat[self.rows(i)]

    def counts_by_phase(self) -> np.ndarray:
        """[D, P] number of events of each side in each phase."""
        out = np.zeros((self.D, self.P))
        for i in range(self.D):
            out[i] = np.bincount(self.ph_flat[self.rows(i)], minlength=self.P)
        return out


def prepare(arrays, T: float, bounds) -> Prepared:
    arrays = [np.ascontiguousarray(a, dtype=float) for a in arrays]
    sizes = np.array([a.size for a in arrays], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    flat = np.concatenate(arrays) if arrays else np.empty(0)
    t, m, pos, n_same = core.merge_sorted(flat, offsets)
    bounds = np.asarray(bounds, dtype=float)
    seglen = np.diff(bounds)
    if bounds.size == 2:
        ph_flat = np.zeros(flat.size, np.int64)
        ph_stream = ph_flat
    else:
        ph_flat = np.searchsorted(bounds[1:-1], flat, side="right").astype(np.int64)
        ph_stream = ph_flat[pos]
    return Prepared(sizes, offsets, flat, t, m, pos, float(T), bounds, seglen, ph_flat,
                    ph_stream, int(n_same))


def decay_map(structure: str, D: int, U: int) -> tuple[np.ndarray, int]:
    """Index of the free decay parameter of every kernel component [D, D, U]."""
    i, j, u = np.meshgrid(np.arange(D), np.arange(D), np.arange(U), indexing="ij")
    if structure == "shared":
        return u.astype(np.int64), U
    if structure == "by_source":
        return (j * U + u).astype(np.int64), D * U
    if structure == "by_pair":
        return ((i * D + j) * U + u).astype(np.int64), D * D * U
    raise ValueError(structure)


@dataclass
class FitOutput:
    mu: np.ndarray          # [D, P]
    alpha: np.ndarray       # [D, D, U]
    beta: np.ndarray        # [D, D, U]
    theta: np.ndarray       # [n_b] free decays (empty when fixed)
    loglik: float
    converged: bool
    n_iter: int
    message: str
    decay_at_bound: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))


def default_start(prep: Prepared, U: int) -> np.ndarray:
    """[D, P + D U] start: half the phase rates as baselines, a moderate adjacency."""
    D, P = prep.D, prep.P
    rate = prep.counts_by_phase() / prep.seglen
    W = np.empty((D, P + D * U))
    W[:, :P] = 0.5 * rate
    W[:, P:] = 0.5 / (D * U)
    return W


SUBSAMPLE = 20_000


def solve_fixed(prep: Prepared, beta: np.ndarray, W: np.ndarray | None = None, *,
                maxit: int = 100, tol: float = 1e-12, want_s: bool = False):
    """Inner problem: baselines and adjacency for fixed decays ``beta`` [D, D, U].

    ``tol`` bounds the gap to the maximum relative to the number of events of each
    target (absolute gap ``tol * n_i``).

    Returns ``(W, loglik, converged, n_iter, (R, S, G, H))``; ``W`` [D, P + D U] holds
    each target's ``[mu_i, alpha_i.ravel()]``. ``W`` is updated in place if given.
    """
    D = prep.D
    U = beta.shape[2]
    bvals, bidx = core.distinct_decays(beta)
    R, S, G, H = core.features(prep.t, prep.m, prep.pos, beta, prep.T, want_s, bvals, bidx)
    cold = W is None
    if cold:
        W = default_start(prep, U)
    ll = 0.0
    conv = True
    iters = 0
    for i in range(D):
        rows = prep.rows(i)
        Rf = R[rows].reshape(-1, D * U)
        w = W[i]
        n_i = Rf.shape[0]
        if cold and n_i > 4 * SUBSAMPLE:
            # a cold start on many events: first solve on every s-th event (objective
            # scaled by 1/s), which lands within sampling error of the maximum, so the
            # full Newton then needs fewer passes over the data
            step = n_i // SUBSAMPLE
            core.newton_target(np.ascontiguousarray(Rf[::step]), beta[i].ravel(),
                               np.ascontiguousarray(prep.ph_flat[rows][::step]),
                               prep.seglen / step, G[i].ravel() / step, w, maxit,
                               tol * max(1.0, n_i / step))
        f, it, ok = core.newton_target(Rf, beta[i].ravel(), prep.ph_flat[rows],
                                       prep.seglen, G[i].ravel(), w, maxit,
                                       tol * max(1.0, n_i))
        if not np.isfinite(f):     # a start outside the domain: restart from the default
            w[:] = default_start(prep, U)[i]
            f, it, ok = core.newton_target(Rf, beta[i].ravel(), prep.ph_flat[rows],
                                           prep.seglen, G[i].ravel(), w, maxit,
                                           tol * max(1.0, n_i))
        ll += f
        conv = conv and ok
        iters = max(iters, it)
    return W, ll, conv, iters, (R, S, G, H)


def unpack_W(W: np.ndarray, P: int, D: int, U: int):
    return W[:, :P].copy(), W[:, P:].reshape(D, D, U).copy()


def fit_fixed(prep: Prepared, beta: np.ndarray, *, W0=None, maxit: int = 100,
              tol: float = 1e-12) -> FitOutput:
    D, P, U = prep.D, prep.P, beta.shape[2]
    W = None if W0 is None else np.array(W0, dtype=float)
    W, ll, conv, it, _ = solve_fixed(prep, beta, W, maxit=maxit, tol=tol)
    mu, alpha = unpack_W(W, P, D, U)
    msg = "converged" if conv else f"Newton did not converge in {maxit} iterations"
    return FitOutput(mu, alpha, beta.copy(), np.zeros(0), float(ll), bool(conv), int(it), msg)


def _component_pattern(U: int) -> np.ndarray:
    """Relative spacing of the start decays of U components (a factor 10 apart)."""
    if U == 1:
        return np.ones(1)
    return 10.0 ** (np.arange(U) - (U - 1) / 2.0)


def fit_decay(prep: Prepared, bmap: np.ndarray, n_b: int, U: int, log_bounds, *,
              theta0=None, W0=None, maxiter: int = 200, inner_maxit: int = 100,
              tol: float = 1e-12, grid: int = 7, pilot: int = 20000) -> FitOutput:
    """Maximum likelihood with the decays estimated (profile over log-decays)."""
    D, P, N = prep.D, prep.P, prep.N
    lo, hi = log_bounds
    pattern = np.log(_component_pattern(U))

    def beta_of(theta):
        return np.exp(theta)[bmap]

    def theta_of_base(lb):
        # a base log-decay -> every free decay (components spread around it)
        th = np.empty(n_b)
        th[:] = lb
        comp = np.arange(n_b) % U
        return np.clip(th + pattern[comp], lo, hi)

    W = None if W0 is None else np.array(W0, dtype=float)
    warm = theta0 is not None
    if theta0 is None and N > pilot:
        # start from the estimate on a prefix window holding `pilot` events (cheap);
        # the profile likelihood is smooth, so the full fit then needs few steps
        cut = float(prep.t[pilot])
        sub = prepare([prep.side_times(i)[prep.side_times(i) < cut] for i in range(D)],
                      cut, np.concatenate([prep.bounds[prep.bounds < cut], [cut]]))
        if np.all(sub.sizes > 0) and sub.P == P:
            first = fit_decay(sub, bmap, n_b, U, log_bounds, maxiter=maxiter,
                              inner_maxit=inner_maxit, tol=tol, grid=grid, pilot=pilot)
            theta0 = first.theta
            warm = True
            if W is None:
                W = np.concatenate([first.mu, first.alpha.reshape(D, -1)], axis=1)
    if theta0 is None:
        rate = N / prep.T
        base = np.log(rate) + np.linspace(np.log(0.05), np.log(100.0), grid)
        base = np.clip(base, lo + 1e-9, hi - 1e-9)
        best, best_ll, best_W = None, -np.inf, None
        Wg = None
        for lb in base:
            th = theta_of_base(lb)
            Wg, llg, _, _, _ = solve_fixed(prep, beta_of(th), Wg, maxit=30, tol=1e-7)
            if llg > best_ll:
                best, best_ll, best_W = th, llg, Wg.copy()
        theta0 = best if best is not None else theta_of_base(0.5 * (lo + hi))
        if W is None:
            W = best_W
    theta0 = np.clip(np.asarray(theta0, dtype=float), lo, hi)
    if W is None:
        W = default_start(prep, U)
    state = {"W": W, "inner_ok": True}

    def fun(theta):
        beta = beta_of(theta)
        Wc = state["W"].copy()
        Wc, ll, ok, _, (R, S, G, H) = solve_fixed(prep, beta, Wc, maxit=inner_maxit,
                                                 tol=tol, want_s=True)
        if not np.isfinite(ll):
            return np.inf, np.zeros_like(theta)
        state["W"] = Wc
        state["inner_ok"] = ok
        grad = np.zeros(n_b)
        for i in range(D):
            rows = prep.rows(i)
            gb = core.beta_gradient_target(R[rows], S[rows], prep.ph_flat[rows], Wc[i],
                                           beta[i], H[i], P)
            np.add.at(grad, bmap[i].ravel(), (gb * beta[i]).ravel())
        return -ll / N, -grad / N

    if n_b == 1:
        theta, conv_outer, nit, msg = _minimize_1d(fun, float(theta0[0]), lo, hi, maxiter,
                                                   step0=0.1 if warm else 0.25)
        theta = np.array([theta])
    else:
        res = optimize.minimize(fun, theta0, jac=True, method="L-BFGS-B",
                                bounds=[(lo, hi)] * n_b,
                                options={"maxiter": maxiter, "ftol": 1e-13, "gtol": 1e-7,
                                         "maxcor": 20})
        theta = res.x
        # Converged: the optimiser's own criteria, or no further progress possible
        # (ABNORMAL line-search ends happen at optima flat to machine precision).
        conv_outer = bool(res.success) or (
            "ABNORMAL" in str(res.message) and np.max(np.abs(res.jac)) < 1e-6)
        nit, msg = int(res.nit), str(res.message)
    theta = np.clip(theta, lo, hi)
    beta = beta_of(theta)
    Wf, ll, ok, it, _ = solve_fixed(prep, beta, state["W"].copy(), maxit=inner_maxit,
                                    tol=tol)
    mu, alpha = unpack_W(Wf, P, D, U)
    width = (hi - lo)
    at_bound = (theta <= lo + 1e-6 * width) | (theta >= hi - 1e-6 * width)
    # a decay whose kernels all vanish is unidentified, not "at a bound"
    used = np.zeros(n_b, bool)
    np.logical_or.at(used, bmap.ravel(), (alpha > 1e-10).ravel())
    at_bound &= used
    return FitOutput(mu, alpha, beta, theta, float(ll), bool(conv_outer and ok),
                     int(nit), msg, at_bound)


def _minimize_1d(fun, x0, lo, hi, maxiter, step0=0.25):
    """Minimise a smooth function of one variable on [lo, hi] from its derivative:
    bracket a sign change of the derivative by expanding steps downhill, then Brent's
    root finder on the derivative. ``fun(x) -> (value, array([derivative]))``.
    Returns ``(x, converged, n_evaluations, message)`` (scipy's L-BFGS-B has a large
    fixed cost per call for one variable)."""
    cache = {}

    def g(x):
        if x not in cache:
            cache[x] = float(fun(np.array([x]))[1][0])
        return cache[x]

    g0 = g(x0)
    if not np.isfinite(g0):
        return x0, False, len(cache), "the start is outside the domain"
    if abs(g0) < 1e-13:
        return x0, True, len(cache), "stationary at the start"
    direction = -np.sign(g0)
    a, step = x0, step0
    for _ in range(maxiter):
        b = min(max(a + direction * step, lo), hi)
        gb = g(b)
        if not np.isfinite(gb):
            step *= 0.5
            continue
        if gb == 0.0:
            return b, True, len(cache), "stationary point found"
        if np.sign(gb) != np.sign(g0):
            lo_b, hi_b = min(a, b), max(a, b)
            try:
                x, r = optimize.brentq(g, lo_b, hi_b, xtol=1e-9, rtol=1e-12,
                                       maxiter=maxiter, full_output=True, disp=False)
            except ValueError as e:      # pragma: no cover - sign change guaranteed
                return b, False, len(cache), str(e)
            return x, bool(r.converged), len(cache), \
                "derivative root found (bracketing + Brent)"
        if b in (lo, hi):
            return b, True, len(cache), "optimum at the bound"
        a = b
        step *= 2.0
    return a, False, len(cache), f"no optimum bracketed in {maxiter} steps"


def hessian(prep: Prepared, mu, alpha, beta, bmap, n_b: int, estimate_decay: bool):
    """Observed Hessian of the log-likelihood over the parameter vector
    ``[mu.ravel(), alpha.ravel(), decays]`` (decays only when estimated)."""
    D, P = prep.D, prep.P
    U = beta.shape[2]
    DU = D * U
    ll, g_mu, g_alpha, g_beta, blocks = core.loglik_full(
        prep.t, prep.m, prep.ph_stream, prep.T, prep.seglen, mu, alpha, beta, True)
    n_mu, n_a = D * P, D * D * U
    n = n_mu + n_a + (n_b if estimate_decay else 0)
    Hm = np.zeros((n, n))
    for i in range(D):
        idx = np.empty(P + 2 * DU, dtype=np.int64)
        idx[:P] = i * P + np.arange(P)
        idx[P:P + DU] = n_mu + i * DU + np.arange(DU)
        if estimate_decay:
            idx[P + DU:] = n_mu + n_a + bmap[i].ravel()
            keep = np.arange(P + 2 * DU)
        else:
            keep = np.arange(P + DU)
        sub = blocks[i][np.ix_(keep, keep)]
        ii = idx[keep]
        np.add.at(Hm, (ii[:, None], ii[None, :]), sub)
    grad = np.concatenate([g_mu.ravel(), g_alpha.ravel()])
    if estimate_decay:
        gb = np.zeros(n_b)
        np.add.at(gb, bmap.ravel(), g_beta.ravel())
        grad = np.concatenate([grad, gb])
    return Hm, grad, ll
