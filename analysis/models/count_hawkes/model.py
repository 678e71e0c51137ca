"""``CountHawkes``: the model object (data and specification) whose ``fit()`` returns a
``CountHawkesResults``.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from ...exceptions import SpecificationError
from .. import _discrete as _d
from ..base import renamed_keyword

from .spec import (DECAY_STRUCTURES, FAMILIES, KERNELS, _BOUNDS, _LOG_ALPHA_STARTS,
                   _best_start, _decay_start,
                   _count_loglike_obs, _kernel_names, _kernel_weights,
                   _kernel_weights_derivative, _log_alpha_score, _minimize_nll,
                   _n_kernel_params, _param_layout)
from .results import CountHawkesResults

__all__ = ["CountHawkes"]


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
            for g in range(self.n_groups):
                _decay_start(theta, lay["phi"].start + g * self._nk, self._nk, s)
            theta[lay["log_alpha"]] = _LOG_ALPHA_STARTS[s % 3]
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
