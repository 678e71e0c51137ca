"""``CountHawkesResults``: reproduction matrix, attribution, profile and bootstrap
intervals, summaries and plots of a fitted model.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from ...exceptions import (warn as _warn, ConvergenceWarning, DataWarning,
                           ExplosiveWarning, SpecificationError)
from ...reporting import Summary
from .. import _discrete as _d
from ..base import ModelResults, guarded, run_replicates

from .spec import _BOUNDS, _kernel_natural, _sum_quantiles
from .simulate import _simulate_batch

__all__ = ["CountHawkesResults"]


CI_METHODS = ("hessian", "bootstrap")


#: Largest excitation the profile likelihood is searched to (the optimiser's bound):
#: a profile that has not dropped there gives no upper limit (reported as inf).
_PROFILE_MAX = _BOUNDS["a"][1]


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
        from ..calibration import count_hawkes_design
        return count_hawkes_design(self, null)

    def gof(self, which="pit", alpha=0.05, *, rng=None) -> pd.DataFrame:
        """Goodness-of-fit gate per side (use before :meth:`attribution`): a test of the
        observed counts against the fitted one-period-ahead distributions
        (:func:`analysis.models.forecast.gof_table`; default ``which="pit"``, the
        randomised-PIT test, drawn from ``rng``, which is required for it; ``"logs"``,
        the log score's calibration z, hardly ever rejects in sample); columns
        ``statistic`` (``z`` for a score), ``pvalue``, ``pass``. Attribution for a side
        that fails rests on a model the data reject."""
        from ..forecast import gof_table
        m = self.model
        disp = None if self.family == "poisson" else {
            s: self.params[f"dispersion[{s}]"] for s in m.sides}
        return gof_table(pd.DataFrame(m._y, index=m._index, columns=m.sides),
                         self.fittedvalues, disp, which=which, alpha=alpha, rng=rng)

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
        from ...plotting import new_figure, side_color
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
        from ...plotting import side_label
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
        from ...plotting import new_figure, side_color, side_label
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
        from ...plotting import new_figure, side_color, side_label
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
        from ...plotting import new_figure
        W = self.kernel_weights
        if ax is None:
            _, ax = new_figure("single")
        from ...plotting import neutral_styles
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
