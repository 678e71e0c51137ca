r"""A self-exciting count model: the discrete-time multivariate Hawkes process.

The endemic-epidemic model of R's ``surveillance::hhh4`` (Held, Hohle & Hofmann 2005;
Meyer & Held 2017) and the INGARCH models of R's ``tscount`` (Liboschik, Fokianos &
Fried 2017), for any number of sides: each side's expected count today is a background
("endemic") rate plus the excitation carried by every side's recent counts, weighted by
a parametric lag kernel whose decay is estimated. On daily counts it is the
discrete-time analogue of a multivariate Hawkes process (Kirchner 2016), and needs no
event times, so day-precision dates raise no tie problem. No Python library had it
(statsmodels issue #4232).

Why over 800 lines: one model family (CountHawkes, its results and its simulator) whose
likelihood, analytic score, parametrisation and delta-method/profile intervals are one
piece; the results class needs the model's private layout of the parameter vector.
"""

from __future__ import annotations

import math
import warnings
from functools import partial

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ..exceptions import (warn as _warn, ConvergenceWarning, DataWarning, EstimationError,
                          ExplosiveWarning, SpecificationError)
from ..reporting import Summary
from . import _discrete as _d
from .base import ModelResults, guarded, renamed_keyword, run_replicates

__all__ = ["CountHawkes", "CountHawkesResults", "simulate_count_hawkes"]

FAMILIES = ("negbin", "poisson")
KERNELS = ("geometric", "exponential", "gamma")
DECAY_STRUCTURES = ("shared", "by_source", "by_pair")
CI_METHODS = ("hessian", "bootstrap")

_BOUNDS = {"beta": (-20.0, 20.0), "a": (0.0, 50.0), "logit_rho": (-9.0, 9.0),
           "log_shape": (-2.5, 4.0), "log_alpha": (-12.0, 6.0)}
#: Largest excitation the profile likelihood is searched to (the optimiser's bound):
#: a profile that has not dropped there gives no upper limit (reported as inf).
_PROFILE_MAX = _BOUNDS["a"][1]


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
class CountHawkes:
    r"""Multivariate self-exciting (endemic-epidemic) count model.

    Each side's expected count is a background level plus the events directly
    triggered by recent events of every side (the branching matrix).

    Parameters
    ----------
    counts : DataFrame
        Integer counts, one column per side (one or more), complete regular index.
    max_lag : int
        :math:`L`, the longest lag carrying excitation (days for daily counts).
    family : {"negbin", "poisson"}
    kernel : {"geometric", "exponential", "gamma"}
    decay_structure : {"shared", "by_source", "by_pair"}
        Whether :math:`\theta_{ij}` is one for all pairs (default; robust on sparse
        data), one per source side :math:`j`, or one per (target, source) pair. A decay whose
        excitation is estimated as zero is not identified (you get a warning).
    trend : bool
        Linear trend in the endemic part.
    phases : list of dates or DataFrame, optional
        Phase effects in the endemic part: a changing background mistaken for
        contagion is the classic bias of self-exciting fits (Lewis et al. 2012).
    exog : DataFrame, optional
        Covariates of the endemic part, on the index of ``counts``.

    See Also
    --------
    analysis.Hawkes : The same idea in continuous time.
    analysis.CountModel : Distributed-lag count regression.

    Notes
    -----
    For sides :math:`i, j = 1..k` and periods :math:`t`:

    .. math::

        \lambda_{i,t} = E[y_{i,t} \mid \mathcal F_{t-1}]
            = \nu_{i,t} + \sum_{j=1}^{k} a_{ij} \sum_{l=1}^{L} w(l; \theta_{ij})\,
              y_{j,t-l},
        \qquad \nu_{i,t} = \exp(\mathbf{z}_t'\boldsymbol\beta_i),

    with :math:`y_{i,t} \mid \mathcal F_{t-1} \sim \text{NB2}(\lambda_{i,t}, \alpha_i)`
    (variance :math:`\lambda + \alpha_i\lambda^2`) or Poisson. The lag weights sum to
    one, :math:`\sum_{l=1}^{L} w(l;\theta) = 1`, so :math:`a_{ij} \ge 0` is the expected
    number of side-:math:`i` events directly triggered by one side-:math:`j` event: the
    *branching* matrix :math:`\mathbf{A} = [a_{ij}]` (target :math:`i` x source :math:`j`). The process is
    stationary when its spectral radius :math:`\rho(\mathbf{A}) < 1`.

    Symbols and attributes (results of :meth:`fit`):
    :math:`\mathbf{A}` is ``results.branching_matrix`` (``(k, k)`` DataFrame, rows =
    target side :math:`i`, columns = source side :math:`j`);
    :math:`\rho(\mathbf{A})` is ``results.spectral_radius``;
    :math:`\nu_{i,t}` is ``results.endemic`` (``(nobs, k)``);
    :math:`\lambda_{i,t}` is ``results.fittedvalues`` (``(nobs, k)``);
    :math:`w(l;\theta)` is ``results.kernel_weights`` (``(L, groups)``);
    :math:`\boldsymbol\beta_i` are ``results.params["baseline[<side>]:<term>"]`` with
    :math:`\mathbf{z}_t` = ``const`` (or, with ``phases``, one indicator per phase,
    ``phase0``, ``phase1``, ..., so each phase has its own background level), optional
    ``trend`` (per year) and covariates; :math:`a_{ij}` is ``params["branching[<i><-<j>]"]``;
    :math:`\alpha_i` (the NB2 dispersion) is ``params["dispersion[<side>]"]``.

    Lag kernels (``kernel``):

    * ``"geometric"``: :math:`w(l) \propto \delta^{\,l-1}`, decay ratio
      :math:`\delta \in (0, 1)` (``params["decay_ratio"]``). This is also the discretised
      exponential kernel (the mass of an Exp(:math:`\beta`) density on
      :math:`(l-1, l]` is geometric with :math:`\delta = e^{-\beta}`), so
      ``"exponential"`` is accepted as a synonym (hhh4's ``geometric`` lag).
    * ``"gamma"``: :math:`w(l) \propto F(l) - F(l-1)` for a gamma distribution with
      ``shape`` and mean ``mean_lag`` (days); shape > 1 gives a delayed, humped response.

    The kernel is truncated at ``max_lag`` and renormalised; the first ``max_lag``
    periods are the pre-sample (the likelihood conditions on them).

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> counts = analysis.to_counts(dyad_incidents())
    >>> res = analysis.CountHawkes(counts, max_lag=14,  # doctest: +SKIP
    ...                            phases=["2023-10-17", "2024-02-05"]).fit()
    >>> res.branching_matrix                         # doctest: +SKIP
    >>> res.attribution()                               # doctest: +SKIP
    """

    def __init__(self, counts, max_lag=14, family="negbin", *, kernel="geometric",
                 decay_structure="shared", trend=False, phases=None, exog=None, **renamed):
        if renamed:
            renamed_keyword(renamed, "CountHawkes", {"decay": "decay_structure"})
        self.family = _d.check_choice("family", family, FAMILIES)
        self.kernel = _d.check_choice("kernel", kernel, KERNELS)
        if decay_structure in ("source", "pair"):
            raise SpecificationError(f"decay_structure={decay_structure!r} was renamed "
                                     f"'by_{decay_structure}' (see CHANGELOG.md)")
        self.decay_structure = _d.check_choice("decay_structure", decay_structure,
                                               DECAY_STRUCTURES)
        self.max_lag = _d.check_positive_int("max_lag", max_lag)
        values = _d.check_counts(counts, what="CountHawkes", min_sides=1, integer=True)
        self.sides = list(values.columns)
        k = self.k = len(self.sides)
        n = len(values)
        L = self.max_lag
        Z = _d.deterministic_terms(values.index, trend=trend, phases=phases, exog=exog,
                                   phase_means=True)
        self.endemic_names = list(Z.columns)
        self.trend = bool(trend)
        self.phases = phases
        self.counts = values
        if n - L < 3 * (Z.shape[1] + k + 2):
            raise SpecificationError(
                f"{n} periods leave {n - L} after the {L}-period pre-sample, too few for "
                f"{self.n_params_hint(Z.shape[1])} parameters; use a shorter max_lag, "
                "weekly counts or a longer window")
        _d.check_rank(Z.to_numpy()[L:], self.endemic_names, what="the endemic part",
                      fix="drop phases/covariates that do not vary in this window")
        Y = values.to_numpy()
        for j, s in enumerate(self.sides):
            if Y[L:, j].sum() == 0:
                raise SpecificationError(
                    f"side {s!r} has no events after the {L}-period pre-sample; drop it or "
                    "choose a longer window")
        self._Y = Y
        self._Z = Z.to_numpy()[L:]
        self._y = Y[L:]
        self._index = values.index[L:]
        # Ylag[t, l-1, j] = y_{j, L + t - l}
        self._Ylag = np.stack([Y[L - l:n - l] for l in range(1, L + 1)], axis=1)
        if decay_structure == "shared":
            self._gidx = np.zeros((k, k), int)
            self.group_labels = ["all"]
        elif decay_structure == "by_source":
            self._gidx = np.tile(np.arange(k), (k, 1))
            self.group_labels = [f"from {s}" for s in self.sides]
        else:
            self._gidx = np.arange(k * k).reshape(k, k)
            self.group_labels = [f"{si}<-{sj}" for si in self.sides for sj in self.sides]
        self.n_groups = len(self.group_labels)
        self._nk = _n_kernel_params(self.kernel)

    def _phase_mean(self, c, ybar):
        """Mean counts in the periods where endemic column c is 1 (for start values)."""
        col = self._Z[:, c]
        if self.endemic_names[c] == "const" or not np.any(col > 0):
            return ybar
        return np.maximum(self._y[col > 0].mean(axis=0), 1e-3)

    def n_params_hint(self, q):
        return self.k * q + self.k ** 2 + self.k + 2

    def __repr__(self):
        return (f"CountHawkes(sides={self.sides}, max_lag={self.max_lag}, "
                f"family={self.family!r}, kernel={self.kernel!r}, "
                f"decay_structure={self.decay_structure!r})")

    # -- parameter vector layout --------------------------------------------------------
    @property
    def nobs(self):
        return len(self._y)

    def _layout(self):
        k, q, G, nk = self.k, self._Z.shape[1], self.n_groups, self._nk
        return _param_layout([("beta", k * q), ("a", k * k), ("phi", G * nk),
                              ("log_alpha", k if self.family == "negbin" else 0)])

    def _unpack(self, theta):
        lay, _ = self._layout()
        k, q = self.k, self._Z.shape[1]
        beta = theta[lay["beta"]].reshape(k, q)
        a = theta[lay["a"]].reshape(k, k)
        phi = theta[lay["phi"]].reshape(self.n_groups, self._nk)
        la = theta[lay["log_alpha"]]
        return beta, a, phi, la

    def param_names(self):
        names = [f"baseline[{s}]:{t}" for s in self.sides for t in self.endemic_names]
        names += [f"branching[{si}<-{sj}]" for si in self.sides for sj in self.sides]
        kn = _kernel_names(self.kernel)
        for g in self.group_labels:
            for n in kn:
                names.append(n if self.n_groups == 1 else f"{n}[{g}]")
        if self.family == "negbin":
            names += [f"dispersion[{s}]" for s in self.sides]
        return names

    def _bounds(self):
        lay, size = self._layout()
        b = [None] * size
        for i in range(lay["beta"].start, lay["beta"].stop):
            b[i] = _BOUNDS["beta"]
        for i in range(lay["a"].start, lay["a"].stop):
            b[i] = _BOUNDS["a"]
        for g in range(self.n_groups):
            base = lay["phi"].start + g * self._nk
            if self._nk == 1:
                b[base] = _BOUNDS["logit_rho"]
            else:
                b[base] = _BOUNDS["log_shape"]
                b[base + 1] = (math.log(0.2), math.log(5.0 * self.max_lag))
        for i in range(lay["log_alpha"].start, lay["log_alpha"].stop):
            b[i] = _BOUNDS["log_alpha"]
        return b

    # -- likelihood ---------------------------------------------------------------------
    def _weights(self, phi):
        return np.stack([_kernel_weights(self.kernel, phi[g], self.max_lag)
                         for g in range(self.n_groups)], axis=1)            # (L, G)

    def _excitation_inputs(self, phi, Ylag=None):
        """X[t, i, j] = sum_l w(l; theta_ij) y_{j,t-l}."""
        Ylag = self._Ylag if Ylag is None else Ylag
        S = np.matmul(Ylag.transpose(0, 2, 1), self._weights(phi))          # (T, k, G)
        k = self.k
        return S[:, np.arange(k)[None, :], self._gidx]                      # (T, k, k)

    def _lambda(self, theta, Z=None, Ylag=None):
        beta, a, phi, _ = self._unpack(theta)
        Z = self._Z if Z is None else Z
        nu = np.exp(np.clip(Z @ beta.T, -40, 40))                           # (T, k)
        X = self._excitation_inputs(phi, Ylag)
        return nu, X, nu + np.einsum("tij,ij->ti", X, a)

    def _loglike_obs(self, theta, y=None, Z=None, Ylag=None):
        y = self._y if y is None else y
        _, _, lam, = self._lambda(theta, Z, Ylag)[0:3]
        lam = np.maximum(lam, 1e-300)
        return _count_loglike_obs(y, lam, self._unpack(theta)[3], self.family)

    def _score(self, theta, y=None, Z=None, Ylag=None):
        """Analytic gradient of the total log-likelihood."""
        y = self._y if y is None else y
        Z = self._Z if Z is None else Z
        Ylag = self._Ylag if Ylag is None else Ylag
        beta, a, phi, la = self._unpack(theta)
        nu, X, lam = self._lambda(theta, Z, Ylag)
        lam = np.maximum(lam, 1e-300)
        if self.family == "poisson":
            r = y / lam - 1.0
        else:
            alpha = np.exp(la)[None, :]
            r = (y - lam) / (lam * (1.0 + alpha * lam))
        g_beta = (r * nu).T @ Z                                             # (k, q)
        g_a = np.einsum("ti,tij->ij", r, X)
        # kernel parameters: numeric derivative of the weights, analytic chain rule
        g_phi = np.zeros_like(phi)
        L = self.max_lag
        for g in range(self.n_groups):
            for p in range(self._nk):
                dw = _kernel_weights_derivative(self.kernel, phi[g], L, p)
                dS = np.tensordot(Ylag, dw, axes=(1, 0))                     # (T, k)
                mask = self._gidx == g
                # sum over (i, j) in group g of a_ij sum_t r_ti dS_tj
                g_phi[g, p] = np.sum((r.T @ dS) * a * mask)
        parts = [g_beta.ravel(), g_a.ravel(), g_phi.ravel()]
        if self.family == "negbin":
            parts.append(_log_alpha_score(y, lam, la))
        return np.concatenate(parts)

    # -- fitting ------------------------------------------------------------------------
    def _starts(self, n_starts):
        lay, size = self._layout()
        k, q = self.k, self._Z.shape[1]
        ybar = np.maximum(self._y.mean(axis=0), 1e-3)
        starts = []
        for s in range(n_starts):
            theta = np.zeros(size)
            beta = np.zeros((k, q))
            frac = [0.5, 0.8, 0.3][s % 3]
            for c, name in enumerate(self.endemic_names):
                if name == "const" or name.startswith("phase"):
                    beta[:, c] = np.log(frac * self._phase_mean(c, ybar))
            theta[lay["beta"]] = beta.ravel()
            a = np.full((k, k), [0.05, 0.02, 0.15][s % 3])
            a[np.diag_indices(k)] = [0.3, 0.1, 0.5][s % 3]
            theta[lay["a"]] = a.ravel()
            phi0 = ([0.0, 1.5, -1.0][s % 3] if self._nk == 1 else None)
            for g in range(self.n_groups):
                base = lay["phi"].start + g * self._nk
                if self._nk == 1:
                    theta[base] = phi0
                else:
                    theta[base] = [0.0, 0.7, 0.0][s % 3]
                    theta[base + 1] = math.log([2.0, 4.0, 1.5][s % 3])
            theta[lay["log_alpha"]] = [0.0, -1.0, 1.0][s % 3]
            starts.append(theta)
        return starts

    def _optimize(self, start, y=None, Z=None, Ylag=None, maxiter=3000, bounds=None):
        return _minimize_nll(lambda th: self._loglike_obs(th, y, Z, Ylag),
                             lambda th: self._score(th, y, Z, Ylag), start,
                             self._bounds() if bounds is None else bounds,
                             len(self._y if y is None else y), maxiter)

    def _is_converged(self, theta, y=None, Z=None, Ylag=None, tol=1e-5):
        """Projected gradient of the per-observation log-likelihood below ``tol``."""
        n = len(self._y if y is None else y)
        with np.errstate(all="ignore"):
            g = -self._score(theta, y, Z, Ylag) / max(1, n)
        if not np.all(np.isfinite(g)):
            return False
        for i, (lo, hi) in enumerate(self._bounds()):
            if lo is not None and theta[i] <= lo + 1e-7 and g[i] > 0:
                g[i] = 0.0
            if hi is not None and theta[i] >= hi - 1e-7 and g[i] < 0:
                g[i] = 0.0
        return bool(np.max(np.abs(g)) < tol)

    def fit(self, *, n_starts=3, start_params=None, maxiter=3000) -> "CountHawkesResults":
        """Maximum (conditional) likelihood; returns a new :class:`CountHawkesResults`.

        Parameters
        ----------
        n_starts : int
            Optimiser starts (different decays and excitation); the best is kept.
        start_params : array-like, optional
            An extra start, in the internal parametrisation (``results.theta``).
        maxiter : int
        """
        n_starts = _d.check_positive_int("n_starts", n_starts)
        starts = self._starts(n_starts)
        if start_params is not None:
            starts.insert(0, np.asarray(start_params, float))
        best = _best_start(partial(self._optimize, maxiter=maxiter), starts,
                           "check the counts (extreme values?) or use family='negbin'")
        if not best.success:       # L-BFGS-B line-search stops: restart from there
            again = self._optimize(best.x, maxiter=maxiter)
            if again.fun <= best.fun:
                best = again
        return CountHawkesResults(self, best.x, optimizer=best)


# --------------------------------------------------------------------------------------
class CountHawkesResults(ModelResults):
    """Results of :meth:`CountHawkes.fit` (do not construct directly).

    Attributes
    ----------
    model : CountHawkes
    params : Series
        Natural-scale estimates (``model.param_names()``).
    bse : Series
        Hessian-based (delta-method) standard errors on the natural scale.
    theta : ndarray
        Estimates in the internal (unconstrained, except a >= 0) parametrisation.
    llf, aic, bic : float
    nobs : int
    converged : bool
    branching_matrix : DataFrame (k, k)
        :math:`a_{ij}`: rows target side, columns source side.
    spectral_radius : float
    kernel_weights : DataFrame (L, groups)
    endemic, fittedvalues : DataFrame (nobs, k)
    bootstrap_params : DataFrame or None
        Parametric-bootstrap draws of ``params`` (after :meth:`bootstrap`).
    """

    _renamed = {"reproduction_matrix": "branching_matrix",
                "reproduction_conf_int": "branching_conf_int",
                "plot_reproduction": "plot_branching", "plot_kernel": "plot_kernels"}

    def __init__(self, model, theta, *, optimizer=None, bootstrap_theta=None,
                 n_boot_failed=0, _cov_theta=None, _quiet=False):
        self.model = model
        self.theta = np.asarray(theta, float)
        self.family = model.family
        self._opt = optimizer
        self.llf = float(np.sum(model._loglike_obs(self.theta)))
        self._profile_cache = {}
        self._bootstrap_theta = bootstrap_theta
        self.n_boot_failed = n_boot_failed
        names = model.param_names()
        self.params = pd.Series(self._natural(self.theta), index=names, name="params")
        self._at_bound = self._active_bounds()
        self.converged = model._is_converged(self.theta)
        if _cov_theta is None:
            _cov_theta = self._hessian_cov(quiet=_quiet)
        self._cov_theta = _cov_theta
        if not _quiet:
            self._warn()

    # -- parametrisation ----------------------------------------------------------------
    def _natural(self, theta):
        m = self.model
        beta, a, phi, la = m._unpack(theta)
        kern = np.concatenate([_kernel_natural(m.kernel, phi[g]) for g in range(m.n_groups)])
        return np.concatenate([beta.ravel(), a.ravel(), kern, np.exp(la)])

    def _active_bounds(self):
        b = self.model._bounds()
        return np.array([lo is not None and abs(t - lo) < 1e-7 or
                         hi is not None and abs(t - hi) < 1e-7
                         for t, (lo, hi) in zip(self.theta, b)])

    def _hessian_cov(self, quiet=False):
        m = self.model
        # five-point rule with steps of 1e-3 (kept a third of the way to a bound): the
        # rounding noise of a 1e-5 step reached the 6th digit of the intervals
        bounds = m._bounds()
        steps = np.array([
            min(1e-3 * max(1.0, abs(t)),
                *[abs(t - b) / 3 for b in (lo, hi) if b is not None and abs(t - b) > 0])
            for t, (lo, hi) in zip(self.theta, bounds)])
        H = _d.numeric_jacobian(lambda th: m._score(th), self.theta, steps=steps, stencil=5)
        H = 0.5 * (H + H.T)
        # parameters on a bound (an excitation at 0, a rate at ~0, a dispersion at ~0)
        # are held fixed: Wald theory does not apply there. Excitations at 0 get a
        # profile-likelihood upper limit instead (see _profile_upper).
        fixed = self._at_bound.copy()
        lay, _ = m._layout()
        a = m._unpack(self.theta)[1]
        for g in range(m.n_groups):        # a decay with no excitation is not identified
            if np.all(a[m._gidx == g] < 1e-6):
                base = lay["phi"].start + g * m._nk
                fixed[base:base + m._nk] = True
        free = ~fixed
        cov = np.zeros((len(self.theta), len(self.theta)))
        Hf = -H[np.ix_(free, free)]
        ev = np.linalg.eigvalsh(Hf) if Hf.size else np.array([1.0])
        if ev.min() <= 1e-10 * max(1.0, ev.max()):
            self._singular = True
            covf = np.linalg.pinv(Hf)
        else:
            self._singular = False
            covf = np.linalg.inv(Hf)
        cov[np.ix_(free, free)] = covf
        self._fixed = fixed
        return cov

    def _profile_upper(self, idx, alpha):
        """Upper limit of an excitation estimated at 0: the value at which the profile
        log-likelihood has dropped by chi2_1(1 - alpha) / 2 (a likelihood-ratio
        interval [0, upper])."""
        key = (idx, alpha)
        if key in self._profile_cache:
            return self._profile_cache[key]
        m = self.model
        crit = stats.chi2.ppf(1 - alpha, 1) / 2

        solved = {}          # value -> the constrained optimum found there

        def drop(value):
            # the constrained likelihood can have several local optima, and a single
            # start from the MLE may land on a lower one at some values: the profile
            # then jumps, and brentq returns the jump (a too-short interval that also
            # differs between machines). Each value starts from the MLE and from the
            # optima found at the two nearest values already evaluated; the best wins.
            bounds = list(m._bounds())
            bounds[idx] = (value, value)
            starts = [self.theta.copy()]
            starts += [solved[v].copy() for v in
                       sorted(solved, key=lambda v: (abs(v - value), v))[:2]]
            best = None
            for start in starts:
                start[idx] = value
                r = m._optimize(start, bounds=bounds)
                if best is None or r.fun < best.fun - 1e-10 * max(1.0, abs(best.fun)):
                    best = r
            solved[value] = best.x
            return self.llf - (-best.fun * self.nobs) - crit

        limit = _PROFILE_MAX
        hi, lo = min(0.05, limit), 0.0
        while drop(hi) < 0:
            if hi >= limit:
                # the optimiser's bound is not a confidence limit: the data give none
                name = m.param_names()[idx]
                _warn(
                    f"{name}: the profile likelihood does not drop by chi2 "
                    f"{crit * 2:.2f} before the parameter bound {limit:g}, so the "
                    f"{100 * (1 - alpha):g}% interval has no upper limit (reported as inf, "
                    f"'>= {limit:g}'): these data do not bound this excitation",
                    DataWarning)
                self._profile_cache[key] = math.inf
                return math.inf
            lo, hi = hi, min(2 * hi, limit)
        # to 1e-12, not 1e-4: where brentq stops within a coarse tolerance depends on
        # the last digits of the profile, i.e. on the CPU
        upper = optimize.brentq(drop, lo, hi, xtol=1e-12)
        self._profile_cache[key] = float(upper)
        return float(upper)

    def _warn(self):
        m = self.model
        if not self.converged:
            _warn(
                f"the CountHawkes fit did not converge ({self._opt.message}); raise "
                "maxiter= or n_starts=, use decay_structure='shared', or a shorter max_lag",
                ConvergenceWarning)
        if self.spectral_radius >= 1:
            _warn(
                f"the fitted process is explosive (spectral radius {self.spectral_radius:.3f}"
                " >= 1): the excitation would make counts grow without bound. A changing "
                "background is probably being read as contagion: add phases=[...] or "
                "trend=True to the endemic part, or fit the phases separately",
                ExplosiveWarning)
        lay, _ = m._layout()
        names = m.param_names()
        a_idx = set(range(lay["a"].start, lay["a"].stop))
        a = self.branching_matrix.to_numpy()
        unidentified = [lab for g, lab in enumerate(m.group_labels)
                        if np.all(a[m._gidx == g] < 1e-6)]
        phi_idx = set(range(lay["phi"].start, lay["phi"].stop))
        edge = [names[i] for i in np.where(self._fixed)[0]
                if i not in a_idx and not (unidentified and i in phi_idx)]
        if unidentified:
            _warn(
                f"the lag decay of {unidentified} is not identified because its "
                "excitation is estimated as 0 (it is held fixed, with no interval)"
                + ("; use decay_structure='shared'" if m.n_groups > 1 else
                   "; the data show no self-excitation"),
                ConvergenceWarning)
        if edge:
            why = []
            if any(e.startswith("baseline[") for e in edge):
                why.append("a background rate of ~0: all those events are attributed to "
                           "excitation")
            if any(e.startswith(("decay_ratio", "shape", "mean_lag")) for e in edge):
                why.append("a lag kernel at the end of its range")
            if any(e.startswith("dispersion[") for e in edge):
                why.append("no overdispersion (family='poisson' fits it)")
            _warn(
                f"{edge} sit at the edge of their range ({'; '.join(why)}), so they are "
                "held fixed and have no Hessian interval; use results.bootstrap() for "
                "intervals, or simplify the model there", ConvergenceWarning)
        if self._singular:
            _warn(
                "the information matrix is singular: some parameter is not identified "
                "by these data (Hessian intervals use a generalised inverse). Use "
                "decay_structure='shared', a shorter max_lag, fewer endemic terms, or "
                "results.bootstrap()", ConvergenceWarning)

    # -- derived quantities as functions of theta ----------------------------------------
    def _derived(self, theta, what):
        m = self.model
        if what == "params":
            return self._natural(theta)
        beta, a, phi, _ = m._unpack(theta)
        if what == "a":
            return a.ravel()
        if what == "rho":
            return np.array([np.max(np.abs(np.linalg.eigvals(a)))])
        if what == "attribution":
            nu, X, lam = m._lambda(theta)
            y = m._y
            contrib = np.concatenate([nu[:, :, None], X * a[None]], axis=2)  # (T, k, 1+k)
            resp = contrib / lam[:, :, None]
            return (np.einsum("ti,tis->is", y, resp) / y.sum(axis=0)[:, None]).ravel()
        raise ValueError(what)

    def _delta_cov(self, what):
        J = _d.numeric_jacobian(lambda th: self._derived(th, what), self.theta)
        C = np.nan_to_num(self._cov_theta)
        return J @ C @ J.T

    # -- public quantities --------------------------------------------------------------
    @property
    def branching_matrix(self) -> pd.DataFrame:
        """DataFrame (k, k): :math:`a_{ij}`, the expected number of target-:math:`i`
        events directly triggered by one source-:math:`j` event (rows target, columns
        source)."""
        a = self.model._unpack(self.theta)[1]
        return pd.DataFrame(a, index=pd.Index(self.model.sides, name="target"),
                            columns=pd.Index(self.model.sides, name="source"))

    @property
    def spectral_radius(self) -> float:
        """float: :math:`\\rho(\\mathbf{A})`, the spectral radius of the branching matrix
        (stationary if < 1)."""
        return float(self._derived(self.theta, "rho")[0])

    @property
    def kernel_weights(self) -> pd.DataFrame:
        """DataFrame (L, groups): the fitted lag weights :math:`w(l)` (each column sums to 1)."""
        W = self.model._weights(self.model._unpack(self.theta)[2])
        return pd.DataFrame(W, index=pd.RangeIndex(1, self.model.max_lag + 1, name="lag"),
                            columns=self.model.group_labels)

    @property
    def mean_lag(self) -> pd.Series:
        """Mean delay of a triggered event (periods), per kernel group."""
        W = self.kernel_weights
        return pd.Series(W.index.to_numpy() @ W.to_numpy(), index=W.columns,
                         name="mean_lag")

    @property
    def endemic(self) -> pd.DataFrame:
        """DataFrame (nobs, k): the endemic (background) rates :math:`\\nu_{i,t}`."""
        nu = self.model._lambda(self.theta)[0]
        return pd.DataFrame(nu, index=self.model._index, columns=self.model.sides)

    @property
    def fittedvalues(self) -> pd.DataFrame:
        """DataFrame (nobs, k): the one-period-ahead intensities :math:`\\lambda_{i,t}`."""
        lam = self.model._lambda(self.theta)[2]
        return pd.DataFrame(lam, index=self.model._index, columns=self.model.sides)

    @property
    def bse(self) -> pd.Series:
        """Series: delta-method standard errors of ``params`` (natural scale)."""
        C = self._delta_cov("params")
        return pd.Series(np.sqrt(np.maximum(np.diag(C), 0)), index=self.params.index,
                         name="bse")

    def cov_params(self) -> pd.DataFrame:
        """Delta-method covariance of the natural-scale ``params``."""
        return pd.DataFrame(self._delta_cov("params"), index=self.params.index,
                            columns=self.params.index)

    @property
    def bootstrap_params(self):
        """DataFrame or None: parametric-bootstrap draws of ``params`` (after
        :meth:`bootstrap`)."""
        if self._bootstrap_theta is None:
            return None
        return pd.DataFrame([self._natural(t) for t in self._bootstrap_theta],
                            columns=self.params.index)

    def _interval(self, what, alpha, method):
        alpha = _d.check_alpha(alpha)
        _d.check_choice("method", method, CI_METHODS)
        est = self._derived(self.theta, what)
        if method == "bootstrap":
            if self._bootstrap_theta is None:
                raise SpecificationError(
                    "no bootstrap draws: call results.bootstrap(n_boot, rng=...) and use "
                    "the results it returns")
            draws = np.array([self._derived(t, what) for t in self._bootstrap_theta])
            lo, hi = _d.percentile_interval(draws, alpha)
            return est, lo, hi, draws.std(axis=0, ddof=1)
        if what == "params":
            return self._param_wald(alpha)
        C = self._delta_cov(what)
        se = np.sqrt(np.maximum(np.diag(C), 0))
        lo, hi = _d.normal_interval(est, se, alpha)
        return est, lo, hi, se

    def _param_wald(self, alpha):
        """Wald intervals: natural scale for beta and a (a truncated at 0); decays,
        shapes and alphas on their unconstrained scale, transformed back."""
        m = self.model
        lay, _ = m._layout()
        C = np.nan_to_num(self._cov_theta)
        se_t = np.sqrt(np.maximum(np.diag(C), 0))
        lo_t, hi_t = _d.normal_interval(self.theta, se_t, alpha)
        lo, hi = self._natural(lo_t), self._natural(hi_t)
        a_sl = lay["a"]
        lo[a_sl] = np.maximum(lo[a_sl], 0.0)
        for i in range(a_sl.start, a_sl.stop):
            if self._fixed[i]:
                hi[i] = self._profile_upper(i, alpha)
        est = self.params.to_numpy()
        return est, np.minimum(lo, hi), np.maximum(lo, hi), self.bse.to_numpy()

    def conf_int(self, alpha=0.05, method="hessian") -> pd.DataFrame:
        """Intervals for ``params`` at level ``1 - alpha``.

        ``"hessian"``: Wald intervals from the observed information, computed on the
        scale where they are most nearly normal (excitations on their own scale,
        truncated at 0; decay ratio on the logit scale; gamma shape, mean lag and
        dispersions on the log scale) and transformed back. ``"bootstrap"``: percentile
        intervals of the parametric bootstrap (after :meth:`bootstrap`).
        """
        est, lo, hi, _ = self._interval("params", alpha, method)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.index)

    def branching_conf_int(self, alpha=0.05, method="hessian") -> pd.DataFrame:
        """:math:`a_{ij}` with intervals.

        Parameters
        ----------
        alpha : float
            1 - confidence level.
        method : {"hessian", "bootstrap"}
            Delta-method/profile intervals, or percentile intervals of :meth:`bootstrap`.

        Returns
        -------
        DataFrame
            Rows ``(target, source)``; columns ``estimate``, ``lower``, ``upper``, ``se``.
        """
        est, lo, hi, se = self._interval("a", alpha, method)
        lo = np.maximum(lo, 0.0)
        kind = np.array(["percentile bootstrap" if method == "bootstrap" else "Wald"] * len(est),
                        dtype=object)
        a_start = self.model._layout()[0]["a"].start
        for n in range(len(est)):
            if self._fixed[a_start + n]:
                # at the bound 0 neither Wald nor the percentile bootstrap is valid
                # (Andrews 2000): the likelihood-ratio interval [0, upper] is reported
                lo[n] = 0.0
                hi[n] = self._profile_upper(a_start + n, alpha)
                kind[n] = "profile likelihood (estimate at bound 0)"
            if not np.isfinite(hi[n]):
                kind[n] += "; no upper limit (>= bound)"
        idx = pd.MultiIndex.from_product([self.model.sides, self.model.sides],
                                         names=["target", "source"])
        return pd.DataFrame({"estimate": est, "lower": lo, "upper": hi, "se": se,
                             "interval": kind}, index=idx)

    def spectral_radius_conf_int(self, alpha=0.05, method="hessian") -> tuple:
        """Interval for :math:`\\rho(\\mathbf{A})` (delta method or bootstrap)."""
        est, lo, hi, _ = self._interval("rho", alpha, method)
        return float(max(lo[0], 0.0)), float(hi[0])

    def attribution(self, alpha=0.05, method="hessian") -> pd.DataFrame:
        r"""Share of each side's events attributable to the background and to each side.

        For side :math:`i` and source :math:`s` (``"endemic"`` or a side :math:`j`), the
        share is :math:`\sum_t y_{i,t}\, c_{is,t}/\lambda_{i,t} \big/ \sum_t y_{i,t}`
        with :math:`c_{i,\text{endemic},t} = \nu_{i,t}` and
        :math:`c_{ij,t} = a_{ij}\sum_l w(l)\, y_{j,t-l}`: each observed event is split
        over its possible causes in proportion to their intensity (the stochastic
        declustering of Zhuang, Ogata & Vere-Jones 2002; direct triggering, first
        generation). Shares sum to one over sources.

        Returns
        -------
        DataFrame
            Rows (side, source); columns ``estimate``, ``lower``, ``upper``, ``se``.
        """
        est, lo, hi, se = self._interval("attribution", alpha, method)
        sources = ["endemic"] + self.model.sides
        idx = pd.MultiIndex.from_product([self.model.sides, sources],
                                         names=["side", "source"])
        kind = np.array(["percentile bootstrap"] * len(est), dtype=object)
        if method == "hessian":
            lo, hi, kind = self._attribution_logit(est, se, alpha, sources)
        return pd.DataFrame({"estimate": est, "lower": np.clip(lo, 0, 1),
                             "upper": np.clip(hi, 0, 1), "se": se, "interval": kind},
                            index=idx)

    def _attribution_logit(self, est, se, alpha, sources):
        """Delta-method intervals of shares on the logit scale (inside (0, 1), never
        clipped); a share from an excitation held at 0 gets [0, share at the
        excitation's profile upper limit]."""
        m = self.model
        z = stats.norm.ppf(1 - alpha / 2)
        k = len(m.sides)
        a_start = m._layout()[0]["a"].start
        lo, hi = np.empty(len(est)), np.empty(len(est))
        kind = np.array(["Wald, logit scale"] * len(est), dtype=object)
        for n, p in enumerate(est):
            i, s = divmod(n, len(sources))
            src = sources[s]
            ai = None if src == "endemic" else a_start + i * k + m.sides.index(src)
            if ai is not None and self._fixed[ai]:
                up = self._profile_upper(ai, alpha)
                th = self.theta.copy()
                th[ai] = min(up, _BOUNDS["a"][1])
                lo[n] = 0.0
                hi[n] = 1.0 if not np.isfinite(up) else \
                    float(self._derived(th, "attribution")[n])
                kind[n] = "profile likelihood (excitation at bound 0)"
            elif 1e-9 < p < 1 - 1e-9:
                sl = se[n] / (p * (1 - p))
                lo[n] = special.expit(special.logit(p) - z * sl)
                hi[n] = special.expit(special.logit(p) + z * sl)
            else:
                lo[n], hi[n] = p, p
                kind[n] = "share at 0 or 1: no interval (a term at its bound)"
        return lo, hi, kind

    def _calibration_design(self, null=None):
        # how analysis.models.calibration.calibrate() simulates from and refits this fit
        from .calibration import count_hawkes_design
        return count_hawkes_design(self, null)

    def gof(self, which="logs", alpha=0.05) -> pd.DataFrame:
        """Goodness-of-fit gate per side (use before :meth:`attribution`): the
        calibration test of the observed counts against the fitted one-period-ahead
        distributions (:func:`analysis.models.forecast.gof_table`); columns ``z``,
        ``pvalue``, ``pass``. Attribution for a side that fails rests on a model the
        data reject."""
        from .forecast import gof_table
        m = self.model
        disp = None if self.family == "poisson" else {
            s: self.params[f"dispersion[{s}]"] for s in m.sides}
        return gof_table(pd.DataFrame(m._y, index=m._index, columns=m.sides),
                         self.fittedvalues, disp, which=which, alpha=alpha)

    # -- simulation and bootstrap -------------------------------------------------------
    def simulate(self, rng, n_paths=1, *, theta=None):
        """Simulate the fitted model over the sample period (pre-sample as observed).

        Returns a counts DataFrame (``n_paths=1``) or a list of them.
        """
        rng = _d.as_rng(rng)
        n_paths = _d.check_positive_int("n_paths", n_paths)
        sims = self._simulate_arrays(rng, n_paths, self.theta if theta is None else theta)
        m = self.model
        out = [pd.DataFrame(np.vstack([m._Y[:m.max_lag], s]).astype(np.int64),
                            index=m.counts.index, columns=m.sides) for s in sims]
        return out[0] if n_paths == 1 else out

    def _simulate_arrays(self, rng, n_paths, theta):
        m = self.model
        beta, a, phi, la = m._unpack(theta)
        nu = np.exp(np.clip(m._Z @ beta.T, -50, 50))
        W = m._weights(phi)
        Wp = W[:, m._gidx]                                                   # (L, k, k)
        alpha = np.exp(la) if m.family == "negbin" else None
        return _simulate_batch(rng, n_paths, nu, a, Wp, m._Y[:m.max_lag], alpha)

    def bootstrap(self, n_boot=200, *, rng, n_starts=1, n_jobs=1,
                  progress=None) -> "CountHawkesResults":
        """Parametric bootstrap: simulate ``n_boot`` series from the fit, refit each.

        Returns a new results object (same estimates) whose ``conf_int``,
        ``branching_conf_int``, ``spectral_radius_conf_int`` and ``attribution``
        accept ``method="bootstrap"`` (percentile intervals; derived quantities are
        evaluated on the observed data at each draw's parameters).

        Every series is simulated from ``rng`` first; the refits then run on ``n_jobs``
        processes (-1: every core) with a progress bar (``progress``, default on except
        under pytest), and the result is the same for any ``n_jobs``.
        """
        rng = _d.as_rng(rng)
        n_boot = _d.check_positive_int("n_boot", n_boot, minimum=10)
        n_starts = _d.check_positive_int("n_starts", n_starts)
        m = self.model
        sims = self._simulate_arrays(rng, n_boot, self.theta)
        out = run_replicates(partial(_bootstrap_refit, m, self.theta, n_starts), list(sims),
                             n_jobs=n_jobs, progress=progress, desc="bootstrap refits")
        draws = [x for x in out if x is not None]
        failed = n_boot - len(draws)
        _d.check_bootstrap_failures(
            failed, n_boot, minimum=10, stacklevel=2,
            advice="Use decay_structure='shared', a shorter max_lag or fewer terms")
        out = CountHawkesResults(m, self.theta, optimizer=self._opt,
                                 bootstrap_theta=np.array(draws), n_boot_failed=failed,
                                 _cov_theta=self._cov_theta, _quiet=True)
        out._fixed, out._singular = self._fixed, self._singular
        out._profile_cache = self._profile_cache       # same fit, same profile limits
        return out

    # -- reporting ----------------------------------------------------------------------
    def _fmt_ci(self, est, lo, hi):
        return f"{est:.3f} [{lo:.3f}, {hi:.3f}]"

    def summary(self, alpha=0.05, method=None) -> Summary:
        """Parameters, reproduction matrix and attribution with intervals; ``method``
        defaults to ``"bootstrap"`` when bootstrap draws exist, else ``"hessian"``."""
        m = self.model
        method = method or ("bootstrap" if self._bootstrap_theta is not None else "hessian")
        level = f"{100 * (1 - alpha):g}%"
        _, lo, hi, se = self._interval("params", alpha, method)
        ci = pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.index)
        se = pd.Series(se, index=self.params.index)
        table = pd.DataFrame({"estimate": self.params, "std err": se,
                              f"[{level}": ci["lower"], f"{level}]": ci["upper"]})
        rc = self.branching_conf_int(alpha, method)
        rm = pd.DataFrame(index=pd.Index(m.sides, name="target \\ source"),
                          columns=m.sides, dtype=object)
        for (i, j), row in rc.iterrows():
            rm.loc[i, j] = self._fmt_ci(row["estimate"], row["lower"], row["upper"])
        at = self.attribution(alpha, method)
        atm = pd.DataFrame(index=pd.Index(m.sides, name="side"),
                           columns=["endemic"] + m.sides, dtype=object)
        for (i, s), row in at.iterrows():
            atm.loc[i, s] = self._fmt_ci(row["estimate"], row["lower"], row["upper"])
        rlo, rhi = self.spectral_radius_conf_int(alpha, method)
        idx = m._index
        sample = (f"{idx[0].date()} - {idx[-1].date()}" if isinstance(idx, pd.DatetimeIndex)
                  else f"{idx[0]} - {idx[-1]}")
        info = [("Sides", ", ".join(m.sides)), ("Family", self.family),
                ("Kernel", f"{m.kernel}, decay structure {m.decay_structure}, max lag {m.max_lag}"),
                ("Endemic terms", ", ".join(m.endemic_names)), ("Sample", sample),
                ("Observations", self.nobs), ("Log-likelihood", self.llf),
                ("AIC", self.aic), ("BIC", self.bic),
                ("Spectral radius", self._fmt_ci(self.spectral_radius, rlo, rhi)),
                ("Mean lag (periods)", ", ".join(f"{v:.2f}" for v in self.mean_lag)),
                ("Intervals", f"{level} {method}" + (
                    f" ({len(self._bootstrap_theta)} replications)"
                    if method == "bootstrap" else "")),
                ("Converged", self.converged)]
        notes = ["branching[i<-j]: expected side-i events directly triggered by one side-j event.",
                 "Attribution: share of each side's observed events due to the background "
                 "(endemic) and to each side's recent events."]
        if self.family == "negbin":
            notes.append("dispersion: NB2 dispersion alpha_i, Var = lambda + alpha_i lambda^2.")
        return Summary(title="Self-exciting count model (discrete-time Hawkes)", info=info,
                       tables=[("Parameters", table),
                               (f"Reproduction matrix [{level}]", rm),
                               (f"Attribution of events [{level}]", atm)],
                       notes=notes)

    def predictive_interval(self, level=0.9, *, freq="W") -> pd.DataFrame:
        """One-period-ahead predictive interval of the counts, summed to ``freq`` periods.

        Each period's count is drawn from the fitted distribution (Poisson, or NB2 with
        the fitted dispersion) at its one-period-ahead intensity (:attr:`fittedvalues`,
        given the *observed* past), and the draws of the periods inside one ``freq``
        bin are summed. The distribution of that sum is computed exactly (the periods'
        probability functions convolved), so the interval needs no random numbers. It
        is pointwise (one bin at a time) and plug-in: parameter uncertainty is not in it.

        Parameters
        ----------
        level : float
            Coverage of the central interval, in (0, 1).
        freq : str or None
            A pandas frequency to sum the periods to (date index only); None keeps
            single periods.

        Returns
        -------
        pandas.DataFrame
            Index the (binned) periods; columns ``(side, "lower")``, ``(side, "upper")``
            (the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles, counts).
        """
        level = float(level)
        if not 0.0 < level < 1.0:
            raise SpecificationError(f"level must be in (0, 1), got {level!r}")
        m = self.model
        lam = self.fittedvalues
        disp = (np.exp(m._unpack(self.theta)[3]) if m.family == "negbin"
                else np.zeros(len(m.sides)))
        if freq is not None and isinstance(m._index, pd.DatetimeIndex):
            pairs = list(lam.resample(freq))
            bins = [frame for _, frame in pairs]
            index = pd.DatetimeIndex([key for key, _ in pairs], name=lam.index.name)
        else:
            bins = [lam.iloc[[t]] for t in range(len(lam))]
            index = lam.index
        q = ((1 - level) / 2, (1 + level) / 2)
        out = {}
        for i, side in enumerate(m.sides):
            rows = [_sum_quantiles(frame[side].to_numpy(float), float(disp[i]), q)
                    for frame in bins]
            arr = np.array(rows, dtype=float).reshape(len(bins), 2)
            out[(side, "lower")], out[(side, "upper")] = arr[:, 0], arr[:, 1]
        return pd.DataFrame(out, index=index)

    def plot_fit(self, side=None, *, freq="W", level=0.9, ax=None):
        """Observed vs fitted counts (summed to ``freq`` periods), with the ``level``
        one-period-ahead predictive interval (:meth:`predictive_interval`) as a band
        labelled as such (``level=None``: no band); returns the Axes."""
        from ..plotting import new_figure, side_color
        m = self.model
        sides = m.sides if side is None else [side]
        for s in sides:
            if s not in m.sides:
                raise SpecificationError(f"side must be one of {m.sides}, got {s!r}")
        if ax is None:
            _, ax = new_figure("wide")
        obs = pd.DataFrame(m._y, index=m._index, columns=m.sides)
        fit = self.fittedvalues
        if freq is not None and isinstance(m._index, pd.DatetimeIndex):
            obs, fit = obs.resample(freq).sum(), fit.resample(freq).sum()
        band = self.predictive_interval(level, freq=freq) if level is not None else None
        from ..plotting import side_label
        unit = {None: "period", "D": "day", "W": "week", "MS": "month", "ME": "month"}
        step = "day" if isinstance(m._index, pd.DatetimeIndex) and \
            m._index.freqstr == "D" else "period"
        for s in sides:
            c = side_color(s, m.sides)
            if band is not None:
                what = f"{level:.0%} one-{step}-ahead predictive interval"
                what = what if len(sides) == 1 else f"{side_label(s)}, {what}"
                ax.fill_between(band.index, band[(s, "lower")], band[(s, "upper")],
                                color=c, alpha=0.2, linewidth=0, step=None, label=what)
            ax.plot(obs.index, obs[s], color=c, linewidth=0.6, alpha=0.6,
                    label=f"{side_label(s)}, observed")
            ax.plot(fit.index, fit[s], color=c, linewidth=1.2, linestyle="--",
                    label=f"{side_label(s)}, fitted")
        ax.set_ylabel(f"events per {unit.get(freq, freq)}")
        if band is not None:
            # head room above the data for the legend's rows (three entries per side)
            top = max(float(obs[sides].max().max()),
                      float(band[[(s, "upper") for s in sides]].max().max()))
            ax.set_ylim(bottom=0, top=1.6 * top)
        ax.legend(frameon=False, ncol=2, loc="upper left")
        return ax

    def plot_branching(self, *, alpha=0.05, method=None, ax=None):
        """Dot-and-interval plot of :math:`a_{ij}`, in the colour of the responding side
        :math:`i` (the acting side, whose events the entry counts); returns the Axes."""
        from ..plotting import new_figure, side_color, side_label
        method = method or ("bootstrap" if self._bootstrap_theta is not None else "hessian")
        rc = self.branching_conf_int(alpha, method)
        if ax is None:
            _, ax = new_figure("single")
        finite = rc["upper"][np.isfinite(rc["upper"])]
        edge = max(float(finite.max()) if len(finite) else 1.0, 1.0) * 1.1
        for n, ((i, j), row) in enumerate(rc.iterrows()):
            c = side_color(i, self.model.sides)
            up = row["upper"] if np.isfinite(row["upper"]) else edge
            ax.errorbar(row["estimate"], n, xerr=[[row["estimate"] - row["lower"]],
                                                  [up - row["estimate"]]],
                        fmt="o", color=c, markersize=3, capsize=2)
            if not np.isfinite(row["upper"]):       # no upper limit: an arrow, no cap
                ax.annotate("", xy=(edge, n), xytext=(row["estimate"], n),
                            arrowprops={"arrowstyle": "->", "color": c, "lw": 0.8})
        ax.set_yticks(range(len(rc)))
        ax.set_yticklabels([f"{side_label(j)}\n\u2192 {side_label(i)}" for i, j in rc.index])
        ax.invert_yaxis()
        ax.axvline(0, color="0.5", linewidth=0.6)
        ax.set_xlabel("events triggered per event (a_ij)")
        return ax

    def plot_attribution(self, *, alpha=0.05, method="hessian", ax=None):
        """Share of each side's events by cause (background or each side's events), with
        ``1 - alpha`` intervals (:meth:`attribution`; ``method`` as there): one row per
        side and cause, in the colour of the side whose events are shared out (the
        acting side); the causes are told apart by marker (open: background). Returns
        the Axes."""
        from ..plotting import new_figure, side_color, side_label
        at = self.attribution(alpha, method)
        sources = ["endemic"] + self.model.sides
        if ax is None:
            _, ax = new_figure("single")
        markers = {"endemic": "o", **{s: m for s, m in zip(self.model.sides, "sD^v")}}
        labels, n = [], 0
        for side in self.model.sides:
            c = side_color(side, self.model.sides)
            for src in sources:
                r = at.loc[(side, src)]
                ax.errorbar([r["estimate"]], [n], xerr=[[r["estimate"] - r["lower"]],
                                                        [r["upper"] - r["estimate"]]],
                            fmt=markers[src], color=c, ms=3.5, capsize=2,
                            mfc="white" if src == "endemic" else c)
                cause = "background" if src == "endemic" else f"{side_label(src)} events"
                labels.append(f"{side_label(side)}: {cause}")
                n += 1
        ax.set_yticks(range(n))
        ax.set_yticklabels(labels)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, 1)
        level = f"{100 * (1 - alpha):g}%"
        ax.set_xlabel(f"share of the side's events ({level} {method} interval)")
        return ax

    def plot_kernels(self, *, ax=None):
        """The fitted lag weights :math:`w(l)`; returns the Axes."""
        from ..plotting import new_figure
        W = self.kernel_weights
        if ax is None:
            _, ax = new_figure("single")
        from ..plotting import neutral_styles
        styles = neutral_styles(max(1, min(W.shape[1], 6)))   # not sides: black and greys
        for k, c in enumerate(W.columns):
            st = styles[k % len(styles)]
            ax.plot(W.index, W[c], marker="o", markersize=2.5, color=st["color"],
                    ls=st["linestyle"], label=c)
        idx = self.model._index
        f = getattr(idx, "freqstr", None) if isinstance(idx, pd.DatetimeIndex) else None
        ax.set_xlabel({"D": "lag (days)", "W": "lag (weeks)"}.get(str(f or "")[:1],
                                                                  "lag (periods)"))
        ax.set_ylabel("weight w(l) (share of a trigger's effect)")
        if W.shape[1] > 1:
            ax.legend(frameon=False)
        return ax


def _bootstrap_refit(m, theta, n_starts, s):
    """Refit model ``m`` to one simulated series ``s`` (starting from ``theta``): the
    estimate, or None when a side has no events or the refit fails or does not converge
    (the shared failure policy, :func:`base.guarded`)."""
    L = m.max_lag
    if np.any(s.sum(axis=0) == 0):
        return None
    Y = np.vstack([m._Y[:L], s])
    n = len(Y)
    Ylag = np.stack([Y[L - l:n - l] for l in range(1, L + 1)], axis=1)

    def refit():
        best = None
        for st in [theta] + m._starts(n_starts)[:max(0, n_starts - 1)]:
            r = m._optimize(st, y=s, Ylag=Ylag)
            if np.isfinite(r.fun) and (best is None or r.fun < best.fun):
                best = r
        if best is None or not m._is_converged(best.x, y=s, Ylag=Ylag):
            return None
        return best.x
    return guarded(refit)


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
