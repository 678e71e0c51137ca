r"""The self-exciting count model with signed (inhibitory) effects and marks.

:class:`~analysis.CountHawkes` adds non-negative excitation to a background rate, so a
deterrent effect (one side's events *lowering* the other's rate) cannot be estimated:
the constraint fixes the sign. Here the recent counts act on the log scale, as in the
log-linear INGARCH models of R's ``tscount`` (``link = "log"``; Fokianos & Tjostheim
2011) with the lag kernel of :class:`~analysis.CountHawkes`, so each effect can take
either sign, and optional *marks* (casualties, severity) of the source side's events
change the effect (Jaeger & Paserman 2008: fatalities drive retaliation).

Kept beside ``count_hawkes`` (which stays the additive, branching-ratio model) and
reached as :class:`analysis.SignedCountHawkes`.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..exceptions import ConvergenceWarning, SpecificationError
from ..exceptions import warn as _warn
from ..reporting import Summary
from . import _discrete as _d
from .base import ModelResults
from .count_hawkes import (_LOG_ALPHA_STARTS, _best_start, _count_loglike_obs,
                           _decay_start, _kernel_natural, _kernel_names, _kernel_phi, _kernel_weights, _kernel_weights_derivative,
                           _log_alpha_score, _minimize_nll, _n_kernel_params, _param_layout)

__all__ = ["SignedCountHawkes", "SignedCountHawkesResults", "simulate_signed_count_hawkes"]

FAMILIES = ("negbin", "poisson")
KERNELS = ("geometric", "gamma")
TRANSFORMS = ("log1p", "indicator")
_TR = {"log1p": np.log1p, "indicator": lambda y: (np.asarray(y) > 0).astype(float)}
_BOUNDS = {"beta": (-20.0, 20.0), "c": (-15.0, 15.0), "logit_rho": (-9.0, 9.0),
           "log_shape": (-2.5, 4.0), "log_alpha": (-12.0, 6.0)}


class SignedCountHawkes:
    r"""Log-linear self-exciting count model: signed effects, optional marks.

    Each side's expected count is a background rate multiplied by the rate ratios of
    every side's recent (kernel-weighted) events; an effect below zero is inhibition
    (deterrence), above zero excitation.

    Parameters
    ----------
    counts : DataFrame
        Integer counts, one column per side, complete regular index.
    max_lag : int
        :math:`L`, the longest lag carrying an effect.
    family : {"negbin", "poisson"}
    kernel : {"geometric", "gamma"}
        The lag kernel :math:`w(l;\theta)` (one for all pairs), as in
        :class:`~analysis.CountHawkes`.
    transform : {"log1p", "indicator"}
        :math:`g`: a day's events enter as :math:`\log(1 + y)` or as "any event".
    marks : DataFrame, optional
        Daily marks of some sides' events on the index of ``counts`` (columns named
        after sides; e.g. the number of casualty-producing attacks that day, or the
        log of one plus the casualties). Each gets its own effect per target side.
    phases : list of dates, optional
        Phase levels of the background (fixed dates, never derived from the outcome).

    See Also
    --------
    analysis.CountHawkes : The additive (non-negative) model with branching ratios.

    Notes
    -----
    .. math::

        \log\lambda_{i,t} = \mathbf z_t'\boldsymbol\beta_i
            + \sum_j c_{ij} \sum_{l=1}^{L} w(l;\theta)\, g(y_{j,t-l})
            + \sum_{j \in \text{marked}} d_{ij} \sum_{l=1}^{L} w(l;\theta)\, m_{j,t-l},

    with :math:`y_{i,t} \mid \mathcal F_{t-1} \sim \text{NB2}(\lambda_{i,t}, \alpha_i)`
    or Poisson. :math:`c_{ij}` is ``params["effect[<i><-<j>]"]``: the log rate ratio of
    side :math:`i` after a unit of kernel-weighted :math:`g(y_j)` (with ``"indicator"``:
    :math:`e^{c_{ij}}` is the rate ratio when side :math:`j` had an event on every day
    of the kernel's support; after one event day at lag :math:`l` the ratio is
    :math:`e^{c_{ij} w(l)}`). :math:`d_{ij}` is ``params["mark_effect[<i><-<j>]"]``,
    the extra log rate ratio per unit of mark. Negative :math:`c_{ij}`: the events of
    :math:`j` lower the rate of :math:`i` (deterrence). The weights sum to one, so the
    effects do not depend on the kernel's scale; the decay is
    ``params["decay_ratio"]`` (geometric) or ``shape``/``mean_lag`` (gamma).
    """

    def __init__(self, counts, max_lag=14, family="negbin", *, kernel="geometric",
                 transform="log1p", marks=None, phases=None):
        self.family = _d.check_choice("family", family, FAMILIES)
        self.kernel = _d.check_choice("kernel", kernel, KERNELS)
        self.transform = _d.check_choice("transform", transform, TRANSFORMS)
        self.max_lag = L = _d.check_positive_int("max_lag", max_lag)
        values = _d.check_counts(counts, what="SignedCountHawkes", min_sides=1, integer=True)
        self.sides = list(values.columns)
        self.k = k = len(self.sides)
        n = len(values)
        Z = _d.deterministic_terms(values.index, phases=phases, phase_means=True)
        self.endemic_names = list(Z.columns)
        self.phases = phases
        self.counts = values
        if marks is not None:
            if not isinstance(marks, pd.DataFrame):
                raise SpecificationError("marks must be a DataFrame with one column per "
                                         "marked side, on the index of counts")
            extra = [c for c in marks.columns if c not in self.sides]
            marks = marks[[c for c in marks.columns if c in self.sides]]
            if extra and marks.shape[1] == 0:
                raise SpecificationError(f"marks columns {extra} are not sides of the "
                                         f"counts {self.sides}")
            mk = marks.reindex(values.index)
            if mk.isna().any().any():
                raise SpecificationError("marks lack some periods of the counts (or have "
                                         "missing values); give 0 where a side had no marks")
            if mk.shape[1] == 0:
                mk = None
            marks = mk
        self.marks = marks
        self.mark_sides = [] if marks is None else list(marks.columns)
        self.n_marks = len(self.mark_sides)
        q = Z.shape[1]
        n_par = k * q + k * k + k * self.n_marks + _n_kernel_params(kernel) + k
        if n - L < 3 * n_par:
            raise SpecificationError(
                f"{n} periods leave {n - L} after the {L}-period pre-sample, too few for "
                f"{n_par} parameters; use a shorter max_lag or a longer window")
        _d.check_rank(Z.to_numpy()[L:], self.endemic_names, what="the background",
                      fix="drop phases that do not vary in this window")
        Y = values.to_numpy()
        for j, s in enumerate(self.sides):
            if Y[L:, j].sum() == 0:
                raise SpecificationError(f"side {s!r} has no events after the {L}-period "
                                         "pre-sample; drop it or use a longer window")
        self._Y = Y
        self._Z = Z.to_numpy()[L:]
        self._y = Y[L:]
        self._index = values.index[L:]
        G = _TR[self.transform](Y)
        self._Glag = np.stack([G[L - l:n - l] for l in range(1, L + 1)], axis=1)   # (T,L,k)
        if marks is not None:
            M = marks.to_numpy(float)
            if np.any(~np.isfinite(M)):
                raise SpecificationError("marks must be finite numbers")
            self._Mlag = np.stack([M[L - l:n - l] for l in range(1, L + 1)], axis=1)
        else:
            self._Mlag = None
        self._nk = _n_kernel_params(kernel)

    def __repr__(self):
        return (f"SignedCountHawkes(sides={self.sides}, max_lag={self.max_lag}, "
                f"family={self.family!r}, transform={self.transform!r}, "
                f"marks={self.mark_sides})")

    @property
    def nobs(self):
        return len(self._y)

    # -- parameters -----------------------------------------------------------------------
    def _layout(self):
        k, q, m = self.k, self._Z.shape[1], self.n_marks
        return _param_layout([("beta", k * q), ("c", k * k), ("d", k * m), ("phi", self._nk),
                              ("log_alpha", k if self.family == "negbin" else 0)])

    def _unpack(self, theta):
        lay, _ = self._layout()
        k, q = self.k, self._Z.shape[1]
        return (theta[lay["beta"]].reshape(k, q), theta[lay["c"]].reshape(k, k),
                theta[lay["d"]].reshape(k, self.n_marks), theta[lay["phi"]],
                theta[lay["log_alpha"]])

    def param_names(self):
        names = [f"baseline[{s}]:{t}" for s in self.sides for t in self.endemic_names]
        names += [f"effect[{si}<-{sj}]" for si in self.sides for sj in self.sides]
        names += [f"mark_effect[{si}<-{sj}]" for si in self.sides for sj in self.mark_sides]
        names += _kernel_names(self.kernel)
        if self.family == "negbin":
            names += [f"dispersion[{s}]" for s in self.sides]
        return names

    def _bounds(self):
        lay, size = self._layout()
        b = [None] * size
        for name, key in (("beta", "beta"), ("c", "c"), ("d", "c"), ("log_alpha", "log_alpha")):
            for i in range(lay[name].start, lay[name].stop):
                b[i] = _BOUNDS[key]
        base = lay["phi"].start
        if self._nk == 1:
            b[base] = _BOUNDS["logit_rho"]
        else:
            b[base] = _BOUNDS["log_shape"]
            b[base + 1] = (math.log(0.2), math.log(5.0 * self.max_lag))
        return b

    # -- likelihood -----------------------------------------------------------------------
    def _inputs(self, phi, Glag=None, Mlag=None):
        w = _kernel_weights(self.kernel, phi, self.max_lag)
        Glag = self._Glag if Glag is None else Glag
        X = np.einsum("tlj,l->tj", Glag, w)
        Mlag = self._Mlag if Mlag is None else Mlag
        M = None if Mlag is None else np.einsum("tlj,l->tj", Mlag, w)
        return w, X, M

    def _lambda(self, theta, Z=None, Glag=None, Mlag=None):
        beta, c, d, phi, _ = self._unpack(theta)
        Z = self._Z if Z is None else Z
        _, X, M = self._inputs(phi, Glag, Mlag)
        eta = Z @ beta.T + X @ c.T
        if M is not None:
            eta = eta + M @ d.T
        nu = np.exp(np.clip(Z @ beta.T, -40, 40))
        return nu, eta, np.exp(np.clip(eta, -40, 40))

    def _loglike_obs(self, theta, y=None, Z=None, Glag=None, Mlag=None):
        y = self._y if y is None else y
        lam = np.maximum(self._lambda(theta, Z, Glag, Mlag)[2], 1e-300)
        return _count_loglike_obs(y, lam, self._unpack(theta)[4], self.family)

    def _score(self, theta, y=None, Z=None, Glag=None, Mlag=None):
        y = self._y if y is None else y
        Z = self._Z if Z is None else Z
        Glag = self._Glag if Glag is None else Glag
        Mlag = self._Mlag if Mlag is None else Mlag
        beta, c, d, phi, la = self._unpack(theta)
        lam = np.maximum(self._lambda(theta, Z, Glag, Mlag)[2], 1e-300)
        if self.family == "poisson":
            r = y - lam
        else:
            r = (y - lam) / (1.0 + np.exp(la)[None, :] * lam)
        _, X, M = self._inputs(phi, Glag, Mlag)
        parts = [(r.T @ Z).ravel(), (r.T @ X).ravel()]
        parts.append((r.T @ M).ravel() if M is not None else np.zeros(0))
        g_phi = np.zeros(self._nk)
        for p in range(self._nk):
            dw = _kernel_weights_derivative(self.kernel, phi, self.max_lag, p)
            deta = np.einsum("tlj,l->tj", Glag, dw) @ c.T
            if M is not None:
                deta = deta + np.einsum("tlj,l->tj", Mlag, dw) @ d.T
            g_phi[p] = np.sum(r * deta)
        parts.append(g_phi)
        if self.family == "negbin":
            parts.append(_log_alpha_score(y, lam, la))
        return np.concatenate(parts)

    # -- fitting --------------------------------------------------------------------------
    def _starts(self, n_starts):
        lay, size = self._layout()
        k, q = self.k, self._Z.shape[1]
        ybar = np.maximum(self._y.mean(axis=0), 1e-3)
        starts = []
        for s in range(n_starts):
            theta = np.zeros(size)
            beta = np.zeros((k, q))
            for col, name in enumerate(self.endemic_names):
                zc = self._Z[:, col]
                if name == "const":
                    beta[:, col] = np.log(ybar)
                elif name.startswith("phase") and np.any(zc > 0):
                    beta[:, col] = np.log(np.maximum(self._y[zc > 0].mean(axis=0), 1e-3))
            theta[lay["beta"]] = beta.ravel()
            theta[lay["c"]] = [0.0, 0.3, -0.3][s % 3]
            _decay_start(theta, lay["phi"].start, self._nk, s)
            theta[lay["log_alpha"]] = _LOG_ALPHA_STARTS[s % 3]
            starts.append(theta)
        return starts

    def _optimize(self, start, bounds=None, maxiter=3000):
        return _minimize_nll(self._loglike_obs, self._score, start,
                             self._bounds() if bounds is None else bounds, self.nobs, maxiter)

    def fit(self, *, n_starts=3, maxiter=3000) -> "SignedCountHawkesResults":
        """Maximum (conditional) likelihood; returns a new
        ``SignedCountHawkesResults``.

        Parameters
        ----------
        n_starts : int
            Optimiser starts (different effects and decays); the best is kept.
        maxiter : int
        """
        n_starts = _d.check_positive_int("n_starts", n_starts)
        best = _best_start(lambda s: self._optimize(s, maxiter=maxiter),
                           self._starts(n_starts), "check the counts and marks (extreme values?)")
        return SignedCountHawkesResults(self, best.x, optimizer=best)


class SignedCountHawkesResults(ModelResults):
    """Results of :meth:`SignedCountHawkes.fit` (do not construct directly).

    Attributes
    ----------
    model : SignedCountHawkes
    params : Series
        Natural-scale estimates (``model.param_names()``): baselines (log scale),
        signed effects and mark effects (log rate ratios), kernel parameters,
        dispersions.
    bse : Series
        Delta-method standard errors from the observed information.
    theta : ndarray
        Estimates in the internal parametrisation.
    llf, aic, bic : float
    converged : bool
    effects : DataFrame (k, k)
        :math:`c_{ij}` (rows target, columns source).
    fittedvalues : DataFrame (nobs, k)
        One-period-ahead conditional means :math:`\\lambda_{i,t}`.
    """

    def __init__(self, model, theta, *, optimizer=None):
        self.model = model
        self.theta = np.asarray(theta, float)
        self.family = model.family
        self._opt = optimizer
        self.llf = float(np.sum(model._loglike_obs(self.theta)))
        self.params = pd.Series(self._natural(self.theta), index=model.param_names(),
                                name="params")
        b = model._bounds()
        self._at_bound = np.array([abs(t - lo) < 1e-7 or abs(t - hi) < 1e-7
                                   for t, (lo, hi) in zip(self.theta, b)])
        with np.errstate(all="ignore"):
            g = model._score(self.theta) / max(1, model.nobs)
        g = np.where(self._at_bound, 0.0, g)
        self.converged = bool(np.all(np.isfinite(g)) and np.max(np.abs(g)) < 1e-5)
        self._cov_theta = self._hessian_cov()
        if not self.converged:
            _warn("the SignedCountHawkes fit did not converge; raise n_starts= or "
                          "maxiter=, or use a shorter max_lag", ConvergenceWarning)

    def _natural(self, theta):
        m = self.model
        beta, c, d, phi, la = m._unpack(theta)
        return np.concatenate([beta.ravel(), c.ravel(), d.ravel(),
                               _kernel_natural(m.kernel, phi), np.exp(la)])

    def _hessian_cov(self):
        m = self.model
        bounds = m._bounds()
        steps = np.array([min(1e-3 * max(1.0, abs(t)),
                              *[abs(t - b) / 3 for b in (lo, hi) if abs(t - b) > 0])
                          for t, (lo, hi) in zip(self.theta, bounds)])
        H = _d.numeric_jacobian(lambda th: m._score(th), self.theta, steps=steps, stencil=5)
        H = 0.5 * (H + H.T)
        free = ~self._at_bound
        lay, _ = m._layout()
        c = m._unpack(self.theta)[1]
        d = m._unpack(self.theta)[2]
        if np.all(np.abs(c) < 1e-8) and np.all(np.abs(d) < 1e-8):
            free[lay["phi"]] = False          # a decay with no effect is not identified
        cov = np.zeros((len(self.theta), len(self.theta)))
        Hf = -H[np.ix_(free, free)]
        ev = np.linalg.eigvalsh(Hf) if Hf.size else np.array([1.0])
        self._singular = bool(ev.min() <= 1e-10 * max(1.0, ev.max()))
        cov[np.ix_(free, free)] = np.linalg.pinv(Hf) if self._singular else np.linalg.inv(Hf)
        if self._singular:
            _warn("the information matrix is singular: some effect is not "
                          "identified by these data (intervals use a generalised inverse); "
                          "use transform='indicator', a shorter max_lag or fewer marks",
                          ConvergenceWarning)
        return cov

    def cov_params(self) -> pd.DataFrame:
        """Delta-method covariance of the natural-scale ``params``."""
        J = _d.numeric_jacobian(self._natural, self.theta)
        C = J @ self._cov_theta @ J.T
        return pd.DataFrame(C, index=self.params.index, columns=self.params.index)

    def conf_int(self, alpha=0.05) -> pd.DataFrame:
        """Wald intervals for ``params``: effects and baselines on their own scale,
        kernel parameters and dispersions on the scale where they are estimated
        (logit/log), transformed back.

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        alpha = _d.check_alpha(alpha)
        se_t = np.sqrt(np.maximum(np.diag(self._cov_theta), 0))
        lo, hi = _d.normal_interval(self.theta, se_t, alpha)
        lo, hi = self._natural(lo), self._natural(hi)
        return pd.DataFrame({"lower": np.minimum(lo, hi), "upper": np.maximum(lo, hi)},
                            index=self.params.index)

    @property
    def effects(self) -> pd.DataFrame:
        """DataFrame (k, k): the signed effects :math:`c_{ij}` (rows target, columns
        source); below 0: inhibition."""
        c = self.model._unpack(self.theta)[1]
        return pd.DataFrame(c, index=pd.Index(self.model.sides, name="target"),
                            columns=pd.Index(self.model.sides, name="source"))

    def effects_table(self, alpha=0.05) -> pd.DataFrame:
        """Every effect and mark effect with its interval and rate ratio.

        Returns
        -------
        DataFrame
            Rows the ``effect[...]`` and ``mark_effect[...]`` parameters; columns
            ``estimate``, ``lower``, ``upper``, ``se``, ``rate_ratio`` (:math:`e^{c}`),
            ``pvalue`` (Wald, H0: effect 0).
        """
        from scipy import stats
        ci = self.conf_int(alpha)
        se = self.bse
        rows = [n for n in self.params.index if n.startswith(("effect[", "mark_effect["))]
        est = self.params[rows]
        z = est / se[rows].replace(0, np.nan)
        return pd.DataFrame({"estimate": est, "lower": ci.loc[rows, "lower"],
                             "upper": ci.loc[rows, "upper"], "se": se[rows],
                             "rate_ratio": np.exp(est),
                             "pvalue": 2 * stats.norm.sf(np.abs(z.fillna(0.0)))})

    @property
    def fittedvalues(self) -> pd.DataFrame:
        """DataFrame (nobs, k): the one-period-ahead conditional means."""
        lam = self.model._lambda(self.theta)[2]
        return pd.DataFrame(lam, index=self.model._index, columns=self.model.sides)

    def gof(self, which="pit", alpha=0.05, *, rng=None) -> pd.DataFrame:
        """Goodness-of-fit gate per side: a test of the observed counts against the
        fitted one-period-ahead distributions (see
        :func:`analysis.models.forecast.gof_table`; default ``which="pit"``, the
        randomised-PIT test, drawn from ``rng``, which is required for it); columns
        ``statistic`` (``z`` for a score), ``pvalue``, ``pass``."""
        from .forecast import gof_table
        m = self.model
        obs = pd.DataFrame(m._y, index=m._index, columns=m.sides)
        disp = None if self.family == "poisson" else {
            s: self.params[f"dispersion[{s}]"] for s in m.sides}
        return gof_table(obs, self.fittedvalues, disp, which=which, alpha=alpha, rng=rng)

    def summary(self, alpha=0.05) -> Summary:
        m = self.model
        ci = self.conf_int(alpha)
        level = f"{100 * (1 - alpha):g}%"
        table = pd.DataFrame({"estimate": self.params, "std err": self.bse,
                              f"[{level}": ci["lower"], f"{level}]": ci["upper"]})
        idx = m._index
        sample = (f"{idx[0].date()} - {idx[-1].date()}" if isinstance(idx, pd.DatetimeIndex)
                  else f"{idx[0]} - {idx[-1]}")
        info = [("Sides", ", ".join(m.sides)), ("Family", self.family),
                ("Kernel", f"{m.kernel}, max lag {m.max_lag}, g = {m.transform}"),
                ("Marks", ", ".join(m.mark_sides) or "none"), ("Sample", sample),
                ("Observations", self.nobs), ("Log-likelihood", self.llf),
                ("AIC", self.aic), ("BIC", self.bic), ("Converged", self.converged)]
        notes = ["effect[i<-j]: log rate ratio of side i per unit of side j's kernel-weighted "
                 "recent events; below 0 is inhibition (deterrence), above 0 excitation.",
                 "Intervals: Wald from the observed information (not calibrated by "
                 "simulation in this regime; see benchmarks/)."]
        if m.mark_sides:
            notes.append("mark_effect[i<-j]: extra log rate ratio per unit of side j's "
                         "kernel-weighted marks.")
        return Summary(title="Signed self-exciting count model (log-linear)", info=info,
                       tables=[("Parameters", table),
                               ("Effects", self.effects_table(alpha))], notes=notes)

    def plot_effects(self, *, alpha=0.05, ax=None):
        """Dot-and-interval plot of the effects and mark effects; returns the Axes."""
        from ..plotting import new_figure, side_color, side_label
        t = self.effects_table(alpha)
        if ax is None:
            _, ax = new_figure("single")
        for n, (name, row) in enumerate(t.iterrows()):
            # colour marks the acting side: the target, whose events the effect moves
            tgt = name.split("[", 1)[1].split("<-")[0]
            ax.errorbar(row["estimate"], n, xerr=[[row["estimate"] - row["lower"]],
                                                  [row["upper"] - row["estimate"]]],
                        fmt="o" if name.startswith("effect") else "s",
                        color=side_color(tgt, self.model.sides), markersize=3, capsize=2)

        def label(n):
            kind, pair = n.rstrip("]").split("[", 1)
            tgt, src = pair.split("<-")
            what = "marks of " if kind == "mark_effect" else ""
            return f"{what}{side_label(src)} \u2192 {side_label(tgt)}"
        ax.set_yticks(range(len(t)))
        ax.set_yticklabels([label(n) for n in t.index])
        ax.invert_yaxis()
        ax.axvline(0, color="0.5", linewidth=0.6)
        ax.set_xlabel("log rate ratio (below 0: inhibition)")
        return ax


def simulate_signed_count_hawkes(n_periods, baseline, effects, *, max_lag=14,
                                 kernel_params=0.5, family="negbin", dispersion=1.0,
                                 transform="log1p", mark_prob=None, mark_effects=None,
                                 sides=None, start="2020-01-01", burn=None, rng):
    r"""Simulate :class:`SignedCountHawkes` (geometric kernel).

    Parameters
    ----------
    n_periods : int
    baseline : float or array (k,)
        Background rates :math:`e^{\beta_i}` (> 0).
    effects : array (k, k)
        Signed effects :math:`c_{ij}` (row target, column source).
    max_lag : int
    kernel_params : float
        Geometric decay ratio in (0, 1).
    family : {"negbin", "poisson"}
    dispersion : float or array (k,)
        NB2 :math:`\alpha_i`.
    transform : {"log1p", "indicator"}
    mark_prob : array (k,), optional
        Each event of side :math:`j` is marked with probability ``mark_prob[j]``; the
        daily mark is the number of marked events. Needs ``mark_effects``.
    mark_effects : array (k, k), optional
        :math:`d_{ij}` (row target, column marked source).
    sides : list of str, optional
    start : date or None
    burn : int, optional
        Discarded first periods (default ``10 * max_lag``).
    rng : Generator or int

    Returns
    -------
    DataFrame or (DataFrame, DataFrame)
        The counts; with ``mark_prob``, the counts and the marks.
    """
    rng = _d.as_rng(rng)
    n_periods = _d.check_positive_int("n_periods", n_periods)
    L = _d.check_positive_int("max_lag", max_lag)
    _d.check_choice("family", family, FAMILIES)
    _d.check_choice("transform", transform, TRANSFORMS)
    C = np.atleast_2d(np.asarray(effects, float))
    k = C.shape[0]
    if C.shape != (k, k) or not np.all(np.isfinite(C)):
        raise SpecificationError(f"effects must be a finite (k, k) array, got {C.shape}")
    nu = np.broadcast_to(np.asarray(baseline, float), (k,)).copy()
    if np.any(nu <= 0):
        raise SpecificationError("baseline rates must be > 0")
    w = _kernel_weights("geometric", _kernel_phi("geometric", kernel_params), L)
    D = None
    if mark_prob is not None:
        if mark_effects is None:
            raise SpecificationError("mark_prob needs mark_effects= (k, k)")
        D = np.atleast_2d(np.asarray(mark_effects, float))
        p = np.broadcast_to(np.asarray(mark_prob, float), (k,))
        if D.shape != (k, k) or np.any((p < 0) | (p > 1)):
            raise SpecificationError("mark_effects must be (k, k) and mark_prob in [0, 1]")
    alpha = np.broadcast_to(np.asarray(dispersion, float), (k,))
    burn = 10 * L if burn is None else _d.check_positive_int("burn", burn, 0)
    T = burn + n_periods
    Y = np.zeros((T + L, k))
    M = np.zeros((T + L, k))
    g = _TR[transform]
    for t in range(L, T + L):
        x = w @ g(Y[t - L:t][::-1])
        eta = np.log(nu) + C @ x
        if D is not None:
            eta = eta + D @ (w @ M[t - L:t][::-1])
        lam = np.exp(np.minimum(eta, 10.0))
        if family == "poisson":
            y = rng.poisson(lam)
        else:
            y = rng.poisson(rng.gamma(1.0 / alpha, lam * alpha))
        Y[t] = y
        if D is not None:
            M[t] = rng.binomial(y.astype(np.int64), p)
    names = list(sides) if sides is not None else [f"side{i}" for i in range(k)]
    index = (pd.RangeIndex(n_periods) if start is None else
             pd.date_range(start, periods=n_periods, freq="D", name="date"))
    counts = pd.DataFrame(Y[L + burn:].astype(np.int64), index=index, columns=names)
    if D is None:
        return counts
    return counts, pd.DataFrame(M[L + burn:], index=index, columns=names)
