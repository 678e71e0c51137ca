"""Results of a Hawkes fit: :class:`HawkesResults` (estimates, standard errors,
intensities, simulation, refits, bootstrap, goodness of fit, counterfactuals, plots).

Made by :meth:`analysis.Hawkes.fit` and :meth:`analysis.Hawkes.fix`; the inference
containers it returns live in :mod:`analysis.models.hawkes_inference`.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..data import EventTimes
from ..exceptions import (warn as _warn, ConvergenceWarning, EstimationError, ExplosiveWarning,
                          SpecificationError, TiesWarning)
from ..reporting import Summary
from . import _hawkes_core as core
from . import _hawkes_fit as hf
from . import _hawkes_sim as hsim
from ._hawkes_spec import SIM_METHODS, _explosive_message, _spectral_radius, _to_array
from .base import ModelResults, as_rng, check_positive_int
from .hawkes_inference import (HawkesBootstrap, HawkesCounterfactual, HawkesGoF, wald_interval,
                               bootstrap_draws, day_precision_share,
                               plot_branching_matrix)

__all__ = ["HawkesResults"]


class HawkesResults(ModelResults):
    """A fitted (or fixed) Hawkes process. Made by :meth:`Hawkes.fit` / :meth:`Hawkes.fix`.

    Attributes
    ----------
    baseline : Series [D] (constant) or DataFrame [D, P] (phases)
    branching_components : DataFrame [D, D] (target x source); for ``sumexp`` columns
        are ``(source, component)``
    decay : DataFrame, same shape as ``branching_components`` (per day)
    branching_matrix : DataFrame [D, D]
        Kernel integrals ``int phi_ij`` (= branching_components summed over components).
    spectral_radius : float
    llf, aic, bic : float
    params : Series
        Every estimated parameter, labelled (``baseline[side]``,
        ``branching[target<-source]``, ``decay...``).
    bse : Series
        Hessian (observed information) standard errors; NaN for parameters on their
        bound (a branching ratio of exactly 0) and unidentified decays: use
        :meth:`bootstrap` there.
    converged : bool (None for fixed parameters); n_iter; message
    """

    _renamed = {"adjacency": "branching_components", "loglik": "llf"}

    def __init__(self, model: Hawkes, mu, alpha, beta, theta, loglik, *, converged, n_iter,
                 message, fitted, decay_at_bound=None):
        self.model = model
        self._mu = np.asarray(mu, dtype=float)
        self._alpha = np.asarray(alpha, dtype=float)
        self._beta = np.asarray(beta, dtype=float)
        self._theta = np.asarray(theta, dtype=float)
        self.llf = float(loglik)
        self.converged = converged
        self.n_iter = n_iter
        self.message = message
        self.fitted = fitted
        self.decay_at_bound = (np.zeros(0, bool) if decay_at_bound is None
                               else np.asarray(decay_at_bound, bool))
        self.end_time = model.end_time
        self._cov = None
        self._cov_note = None
        self._gof = None

    # -- labelled parameters -----------------------------------------------------------
    @property
    def kernel(self):
        """str: the kernel of the model (``"exp"`` or ``"sumexp"``)."""
        return self.model.kernel

    @property
    def kernel_label(self) -> str:
        """str: the kernel and how its decays were obtained, in words."""
        k = "exponential" if self.kernel == "exp" else f"sum of {self._beta.shape[2]} exponentials"
        d = (f"decay estimated ({self.model.decay_structure})" if self.model.estimate_decay
             else "decay fixed")
        return f"{k}, {d}"

    def _kernel_frame(self, arr3) -> pd.DataFrame:
        D, _, U = arr3.shape
        idx = pd.Index(self.sides, name="target")
        if U == 1:
            return pd.DataFrame(arr3[:, :, 0], index=idx,
                                columns=pd.Index(self.sides, name="source"))
        cols = pd.MultiIndex.from_product([self.sides, range(U)], names=["source", "component"])
        return pd.DataFrame(arr3.reshape(D, D * U), index=idx, columns=cols)

    @property
    def baseline(self):
        """Series [D] (constant) or DataFrame [D, P] (phases): the baselines
        :math:`\\mu_{i,p}` (events per day)."""
        if self.model.n_phases == 1:
            return pd.Series(self._mu[:, 0], index=pd.Index(self.sides, name="side"),
                             name="baseline")
        return pd.DataFrame(self._mu, index=pd.Index(self.sides, name="side"),
                            columns=pd.Index(self.model.phase_labels, name="phase"))

    @property
    def branching_components(self) -> pd.DataFrame:
        """DataFrame [D, D] (target x source): :math:`\\alpha_{iju}`, the expected number of
        target events directly triggered by one source event through each kernel
        component (columns ``(source, component)`` for ``sumexp``)."""
        return self._kernel_frame(self._alpha)

    @property
    def decay(self) -> pd.DataFrame:
        """DataFrame, shaped as ``branching_components``: decay rates per day (mean
        delay ``1 / decay``)."""
        return self._kernel_frame(self._beta)

    @property
    def branching_matrix(self) -> pd.DataFrame:
        """DataFrame [D, D] (target x source): kernel integrals, the expected number of
        target events directly triggered by one source event."""
        return pd.DataFrame(self._alpha.sum(axis=2), index=pd.Index(self.sides, name="target"),
                            columns=pd.Index(self.sides, name="source"))

    @property
    def spectral_radius(self) -> float:
        """float: spectral radius of ``branching_matrix`` (stationary if < 1)."""
        return _spectral_radius(self._alpha.sum(axis=2))

    def _param_names(self):
        D, P, U = self.model.n_sides, self.model.n_phases, self._beta.shape[2]
        s = self.sides
        names = []
        for i in range(D):
            for p in range(P):
                names.append(f"baseline[{s[i]}]" if P == 1
                             else f"baseline[{s[i]}, {self.model.phase_labels[p]}]")
        for i in range(D):
            for j in range(D):
                for u in range(U):
                    names.append(f"branching[{s[i]}<-{s[j]}]" if U == 1
                                 else f"branching[{s[i]}<-{s[j]}, {u}]")
        if self.model.estimate_decay:
            st = self.model.decay_structure
            for b in range(self.model._n_b):
                if st == "shared":
                    names.append("decay" if U == 1 else f"decay[{b}]")
                elif st == "by_source":
                    j, u = divmod(b, U)
                    names.append(f"decay[<-{s[j]}]" if U == 1 else f"decay[<-{s[j]}, {u}]")
                else:
                    ij, u = divmod(b, U)
                    i, j = divmod(ij, D)
                    names.append(f"decay[{s[i]}<-{s[j]}]" if U == 1
                                 else f"decay[{s[i]}<-{s[j]}, {u}]")
        return names

    @property
    def params(self) -> pd.Series:
        """Series: every parameter, labelled (``baseline[side]``,
        ``branching[target<-source]``, ``decay...``)."""
        vals = [self._mu.ravel(), self._alpha.ravel()]
        if self.model.estimate_decay:
            vals.append(np.exp(self._theta))
        return pd.Series(np.concatenate(vals), index=self._param_names(), name="params")

    # -- standard errors ---------------------------------------------------------------
    def _free_mask(self):
        free_mu = (self._mu > 0).ravel()
        free_a = (self._alpha > 1e-10).ravel()
        parts = [free_mu, free_a]
        if self.model.estimate_decay:
            used = np.zeros(self.model._n_b, bool)
            np.logical_or.at(used, self.model._bmap.ravel(), (self._alpha > 1e-10).ravel())
            ok = used.copy()
            if self.decay_at_bound.size:
                ok &= ~self.decay_at_bound
            parts.append(ok)
        return np.concatenate(parts)

    def cov_params(self) -> pd.DataFrame:
        """Inverse observed information over the parameters not on a bound (others NaN)."""
        if not self.fitted:
            raise SpecificationError("standard errors need fitted results, not fixed parameters")
        if self._cov is None:
            m = self.model
            # observed information in (baselines, adjacency, decays themselves)
            H, _, _ = hf.hessian(m._prepared(), self._mu, self._alpha, self._beta, m._bmap,
                                 m._n_b, m.estimate_decay)
            free = self._free_mask()
            n = free.size
            cov = np.full((n, n), np.nan)
            Hf = -H[np.ix_(free, free)]
            try:
                L = np.linalg.cholesky(Hf)
                inv = np.linalg.inv(L)
                cov[np.ix_(free, free)] = inv.T @ inv
                note = None
            except np.linalg.LinAlgError:
                note = ("the observed information is not positive definite at the estimate "
                        "(a flat or saddle direction); Hessian standard errors are unavailable, "
                        "use bootstrap()")
            if (~free).any():
                bound = [nm for nm, f in zip(self._param_names(), free) if not f]
                extra = (f"{len(bound)} parameter(s) on their bound or unidentified "
                         f"({', '.join(bound[:4])}{' ...' if len(bound) > 4 else ''}) have no "
                         "Hessian standard error (NaN); use bootstrap() for their intervals")
                note = extra if note is None else note + "; " + extra
            self._cov = cov
            self._cov_note = note
        names = self._param_names()
        return pd.DataFrame(self._cov, index=names, columns=names)

    @property
    def bse(self) -> pd.Series:
        """Series: Hessian (observed-information) standard errors; NaN for parameters
        on their bound and unidentified decays (use :meth:`bootstrap` there)."""
        cov = self.cov_params()
        return pd.Series(np.sqrt(np.diag(cov.to_numpy())), index=cov.index, name="bse")

    def conf_int(self, alpha: float = 0.05, scale: str = "linear") -> pd.DataFrame:
        """Wald intervals from the Hessian: ``estimate +- z se`` with the lower bound
        truncated at 0 (every parameter is non-negative), or with ``scale="log"``
        ``estimate * exp(+- z se / estimate)`` (the delta method on the log scale;
        NaN for an estimate of 0). Parameters on their bound get NaN.

        In day-rounded data calibrated to the bundled case (``make validate``, design
        ``hawkes_boot``, 200 replications) one fit to the tied times gave branching
        intervals covering 71-99% (linear), 93-99.5% (log scale) and 31-96% (re-rounded
        parametric bootstrap, percentile); fits pooled over jittered copies
        (:meth:`Hawkes.fit_jitter`) calibrate far better (design ``hawkes_jitter``); see
        :func:`analysis.calibration_report`."""
        if not 0 < alpha < 1:
            raise SpecificationError(f"alpha must be in (0, 1), got {alpha!r}")
        return wald_interval(self.params, self.bse, alpha, scale)

    # -- warnings ----------------------------------------------------------------------
    def _warn_problems(self, maxiter):
        if not self.converged:
            _warn(
                f"the Hawkes optimiser did not converge ({self.message}). Raise "
                f"fit(maxiter=...) (now {maxiter}), fix the decay (Hawkes(..., decay=...)), "
                "or use decay_structure='shared'", ConvergenceWarning)
        if self.decay_at_bound.size and self.decay_at_bound.any():
            lo, hi = self.model.decay_bounds
            vals = np.exp(self._theta[self.decay_at_bound])
            _warn(
                f"estimated decay(s) {np.round(vals, 6).tolist()} sit on their bound "
                f"({lo:g}, {hi:g}): the data do not pin down the time scale of excitation. "
                "Fix the decay (decay=...) or widen decay_bounds=...; with day-precision "
                "data a very fast decay is usually an artefact of tied times",
                ConvergenceWarning)
        rho = self.spectral_radius
        if rho >= 1:
            _warn(_explosive_message(rho), ExplosiveWarning)

    # -- intensities, kernels, compensator ---------------------------------------------
    def intensity(self, times) -> pd.DataFrame:
        """Conditional intensities ``lambda_i(s)`` (events per day, given the history
        strictly before ``s``) at the given times; one column per side."""
        s = np.asarray(times, dtype=float)
        order = np.argsort(s, kind="stable")
        prep = self.model._prepared()
        vals = core.intensity_on_grid(prep.t, prep.m, s[order], prep.bounds, self._mu,
                                      self._alpha, self._beta)
        out = np.empty_like(vals)
        out[order] = vals
        return pd.DataFrame(out, index=pd.Index(s, name="time"),
                            columns=pd.Index(self.sides, name="side"))

    def kernel_values(self, lags) -> pd.DataFrame:
        """``phi_ij(s)`` at the given lags; columns ``(target, source)``."""
        s = np.asarray(lags, dtype=float)[:, None]
        cols, vals = [], []
        for i, tgt in enumerate(self.sides):
            for j, src in enumerate(self.sides):
                v = (self._alpha[i, j] * self._beta[i, j] * np.exp(-self._beta[i, j] * s)).sum(1)
                cols.append((tgt, src))
                vals.append(v)
        return pd.DataFrame(np.column_stack(vals), index=pd.Index(s[:, 0], name="lag"),
                            columns=pd.MultiIndex.from_tuples(cols, names=["target", "source"]))

    def compensator_residuals(self) -> dict:
        """Rescaled inter-event times ``Lambda_i(t_k) - Lambda_i(t_{k-1})`` per side."""
        prep = self.model._prepared()
        lam = core.compensator_at_events(prep.t, prep.m, prep.bounds, self._mu, self._alpha,
                                         self._beta)
        out = {}
        for i, side in enumerate(self.sides):
            c = lam[prep.m == i]
            out[side] = np.diff(np.concatenate([[0.0], c]))
        return out

    def gof(self, *, warn_ties: bool = True) -> HawkesGoF:
        """Time-rescaling goodness of fit per side (KS test, QQ plot); see
        :class:`HawkesGoF`. Warns TiesWarning on tied times (zero rescaled gaps)."""
        if warn_ties and self.model.n_tied():
            _warn(
                f"{self.model.n_tied()} tied event times give zero rescaled inter-event "
                "times, which the KS test counts against the model; test the fits of "
                "Hawkes.fit_jitter(...) instead (HawkesJitterResults.gof())", TiesWarning)
        return self._gof_table()

    def _gof_table(self) -> HawkesGoF:
        if self._gof is None:
            self._gof = HawkesGoF.from_residuals(self.compensator_residuals(),
                                                 {s: self.side_color(s) for s in self.sides})
        return self._gof

    def _calibration_design(self, null=None):
        # how analysis.models.calibration.calibrate() simulates from and refits this fit
        from .calibration import hawkes_design
        return hawkes_design(self, null)

    # -- simulation, bootstrap, counterfactuals ----------------------------------------
    def simulate_times(self, rng, *, method: str = "branching",
                       max_events: int = 10_000_000):
        """One realisation as a list of event-time arrays (one per side, in the order of
        ``sides``), or ``None`` if it would exceed ``max_events`` events. The plain
        form of :meth:`simulate`, used by the bootstrap and counterfactual simulations.
        """
        rng = as_rng(rng)
        t, s, over = hsim.simulate(rng, self.model.phase_bounds, self._mu, self._alpha,
                                   self._beta, method, max_events)
        if over:
            return None
        return [t[s == i] for i in range(self.model.n_sides)]

    def simulate(self, rng, *, method: str = "branching",
                 max_events: int = 10_000_000) -> EventTimes:
        """One realisation of the fitted process on the same window and phases, as an
        :class:`~analysis.EventTimes` with the model's origin (times exact)."""
        if method not in SIM_METHODS:
            raise SpecificationError(f"method must be one of {list(SIM_METHODS)}, got {method!r}")
        arr = self.simulate_times(as_rng(rng), method=method, max_events=max_events)
        if arr is None:
            raise EstimationError(f"the simulation exceeded max_events={max_events}; the "
                                  "process is explosive or the window very long")
        return EventTimes(dict(zip(self.sides, arr)), self.model.origin, self.end_time,
                          {s: np.ones(a.size, bool) for s, a in zip(self.sides, arr)})

    def refit(self, events) -> "HawkesResults":
        """Fit the same specification to other event times (same window and phases;
        see :meth:`Hawkes.with_events`), warm-started from these estimates, without
        warnings (the bootstrap reports failures and non-convergence once)."""
        return self.model.with_events(events)._fit(start=self, warn=False)

    def bootstrap(self, n_boot: int = 200, *, rng, max_events: int | None = None,
                  n_jobs: int = 1, progress=None, reround: bool = True) -> HawkesBootstrap:
        """Parametric bootstrap: simulate the fitted process ``n_boot`` times (same
        window and phases), refit each with the same specification (decays estimated if
        they were), and keep the estimates. Intervals via
        :meth:`HawkesBootstrap.branching_conf_int` etc. ``rng``: Generator or seed.
        A simulated data set with more than ``max_events`` events (default 50 times the
        observed number) or a side without events counts as a failed replicate.
        With ``reround`` (the default) each simulated data set is degraded to the data's
        precision before the refit: the share of each side's events that the data know
        only to the day is moved to the middle of its day, as :func:`analysis.to_events`
        placed them (so the replicates carry the same ties).
        Every replicate is simulated from ``rng`` first; the refits run on ``n_jobs``
        processes (-1: every core) with a progress bar (``progress``), and the result
        is the same for any ``n_jobs``."""
        n_boot = check_positive_int("n_boot", n_boot, 2)
        if self.spectral_radius >= 1:
            raise EstimationError(_explosive_message(self.spectral_radius) +
                                  " (cannot bootstrap an explosive fit)")
        if max_events is None:
            max_events = 50 * self.nobs + 10_000
        share = day_precision_share(self.model) if reround else None
        rows, br, rho, failed, nc = bootstrap_draws([self], n_boot, rng, max_events,
                                                    n_jobs=n_jobs, progress=progress,
                                                    day_share=share, jitter=False)
        if not rows:
            raise EstimationError("every bootstrap replicate failed (sides without events in "
                                  "the simulated data?); the window may be too short")
        return HawkesBootstrap(pd.DataFrame(rows, columns=self._param_names()), np.stack(br),
                               np.array(rho), self.params, self.branching_matrix,
                               self.spectral_radius, int(n_boot), failed, nc)

    def expected_counts(self, times) -> pd.DataFrame:
        """Expected cumulative events ``E N_i(s)`` of the process from an empty history
        at time 0, at the given times (exact, via the mean-intensity ODE)."""
        s = np.asarray(times, dtype=float)
        vals = hsim.expected_counts(self.model.phase_bounds, self._mu, self._alpha,
                                    self._beta, s)
        return pd.DataFrame(vals, index=pd.Index(s, name="time"),
                            columns=pd.Index(self.sides, name="side"))

    def counterfactual(self, *, source=None, target=None, branching=None, n_sim: int = 0,
                       rng=None, n_points: int = 200, bootstrap=None, alpha: float = 0.05,
                       gof_alpha: float = 0.05) -> HawkesCounterfactual:
        """The fitted process with some excitation switched off, compared with the fit.

        Give ``source`` and ``target`` (side names; lists allowed) to set
        ``branching[target, source]`` to 0, e.g. ``source="militia", target="us"``: US
        strikes no longer respond to militia attacks. Or pass a full replacement
        ``branching`` ([D, D] or [D, D, U]). Baselines and decays stay as fitted. The table holds exact expected
        counts over the window for both processes; ``n_sim > 0`` adds 5-95% quantiles of
        simulated counts (needs ``rng``).

        ``bootstrap`` (from :meth:`bootstrap`) adds parameter uncertainty: the same
        change applied to every draw gives percentile intervals at level ``1 - alpha``
        (columns ``difference_lower``/``_upper``, ``percent_change_lower``/``_upper``).
        Goodness-of-fit gate: columns ``gof_pvalue`` (time-rescaling KS) and
        ``gof_pass`` (``p >= gof_alpha``); an AnalysisWarning names the changed
        (target) sides whose fit the data reject. Kernels are non-negative, so a
        counterfactual can only remove excitation: it cannot show deterrence (see
        :class:`~analysis.SignedCountHawkes`); the within-day ordering and the
        background (phases) are not varied here, so report their sensitivity beside it.
        """
        if branching is not None:
            if source is not None or target is not None:
                raise SpecificationError("give either branching or source/target, not both")
            new = _to_array(branching, None, "branching")
            if new.ndim == 2:
                new = new[:, :, None]
            if new.shape != self._alpha.shape:
                raise SpecificationError(f"branching must have shape {self._alpha.shape[:2]}")
            desc = "branching matrix replaced"
        else:
            if source is None or target is None:
                raise SpecificationError("give source= and target= (sides), or branching=")
            srcs = [source] if isinstance(source, str) else list(source)
            tgts = [target] if isinstance(target, str) else list(target)
            for x in srcs + tgts:
                if x not in self.sides:
                    raise SpecificationError(f"unknown side {x!r}; sides are {self.sides}")
            new = self._alpha.copy()
            for sname in srcs:
                for tname in tgts:
                    new[self.sides.index(tname), self.sides.index(sname)] = 0.0
            desc = (f"excitation of {', '.join(tgts)} by {', '.join(srcs)} switched off")
        cf = HawkesResults(self.model, self._mu, new, self._beta, self._theta,
                           self.model._loglik_arrays(self._mu, new, self._beta),
                           converged=None, n_iter=0, message=desc, fitted=False)
        T = self.end_time
        grid = np.linspace(0.0, T, int(n_points))
        e_fit = self.expected_counts(grid)
        e_cf = cf.expected_counts(grid)
        obs = np.array([a.size for a in self.model._arrays], float)
        tab = pd.DataFrame({"observed": obs, "expected_fitted": e_fit.iloc[-1].to_numpy(),
                            "expected_counterfactual": e_cf.iloc[-1].to_numpy()},
                           index=pd.Index(self.sides, name="side"))
        tab["difference"] = tab["expected_counterfactual"] - tab["expected_fitted"]
        tab["percent_change"] = 100 * tab["difference"] / tab["expected_fitted"]
        if n_sim:
            g = as_rng(rng)          # n_sim > 0 draws: rng= required
            for name, res in (("fitted", self), ("counterfactual", cf)):
                counts = []
                for _ in range(int(n_sim)):
                    arr = res.simulate_times(g)
                    if arr is not None:
                        counts.append([a.size for a in arr])
                c = np.array(counts, float)
                tab[f"{name}_q05"] = np.quantile(c, 0.05, axis=0)
                tab[f"{name}_q95"] = np.quantile(c, 0.95, axis=0)
        from . import _counterfactual_uncertainty as cfu
        if bootstrap is not None:
            change = (cfu.zero_pairs(tgts, srcs, self.sides) if branching is None
                      else (lambda a: new.copy()))
            tab = cfu.counterfactual_intervals(self, bootstrap, change, tab, alpha)
        tab = cfu.gof_gate(self, self.sides if branching is not None else tgts, tab,
                           gof_alpha)
        index = self._time_index(grid)
        curves = pd.concat({"fitted": e_fit.set_axis(index), "counterfactual": e_cf.set_axis(index)},
                           axis=1)
        return HawkesCounterfactual(self, cf, tab, curves, desc)

    # -- presentation ------------------------------------------------------------------
    def side_color(self, side):
        """The colour of ``side`` in every figure (:func:`analysis.plotting.side_color`)."""
        from ..plotting import side_color
        return side_color(side, self.sides)

    def _time_index(self, t):
        o = self.model.origin
        if o is not None and not pd.isna(o):
            return pd.DatetimeIndex(o + pd.to_timedelta(np.asarray(t) * 86400.0, unit="s"),
                                    name="date")
        return pd.Index(np.asarray(t), name="time")

    def summary(self, alpha: float = 0.05, bootstrap: HawkesBootstrap | None = None) -> Summary:
        """Estimates, standard errors, intervals, the branching matrix and the fit.

        With ``bootstrap`` (from :meth:`bootstrap`) the branching matrix gets bootstrap
        intervals."""
        m = self.model
        info = [("sides", ", ".join(self.sides)),
                ("events", ", ".join(f"{s}: {a.size}" for s, a in zip(self.sides, m._arrays))),
                ("window (days)", f"0 - {self.end_time:g}"),
                ("kernel", self.kernel_label),
                ("baseline", "constant" if m.n_phases == 1 else f"{m.n_phases} phases"),
                ("tied events", m.n_tied()),
                ("log-likelihood", self.llf), ("AIC", self.aic), ("BIC", self.bic),
                ("spectral radius", self.spectral_radius),
                ("converged", "fixed parameters" if self.converged is None else self.converged)]
        if m.origin is not None and not pd.isna(m.origin):
            info.insert(3, ("origin", m.origin.strftime("%Y-%m-%d")))
        tables, notes = [], []
        par = self.params.to_frame()
        if self.fitted:
            par["se"] = self.bse
            ci = self.conf_int(alpha)
            par["lower"] = ci["lower"]
            par["upper"] = ci["upper"]
            if self._cov_note:
                notes.append(self._cov_note)
        tables.append((f"Parameters ({100 * (1 - alpha):g}% Wald intervals)", par))
        if bootstrap is not None:
            tables.append((f"Branching matrix (target <- source), {100 * (1 - alpha):g}% "
                           "bootstrap intervals", bootstrap.branching_conf_int(alpha)))
        else:
            tables.append(("Branching matrix (target <- source)", self.branching_matrix))
        notes.append("branching[i<-j] is the expected number of side-i events directly "
                     "triggered by one side-j event; decays are per day (mean delay 1/decay).")
        if m.n_tied() and m._jitter_copy:
            notes.append(f"{m.n_tied()} events of this jittered copy share a time given by "
                         "the sources (simultaneous batches; they do not excite one another).")
        elif m.n_tied():
            notes.append(f"{m.n_tied()} events have tied times: prefer Hawkes.fit_jitter().")
        if self.spectral_radius >= 1:
            notes.append("explosive fit (spectral radius >= 1): see the ExplosiveWarning.")
        return Summary("Hawkes process, maximum likelihood", info, tables, notes)

    def __repr__(self):
        return (f"<HawkesResults: {', '.join(self.sides)}; llf {self.llf:.3f}; "
                f"spectral radius {self.spectral_radius:.3f}>")

    def plot_intensity(self, ax=None, sides=None, n_points: int = 2000, events: bool = True):
        """Fitted intensities over the window (events per day), one line per side, with
        the events as ticks. Returns the Axes."""
        from .hawkes_inference import _ax
        ax = _ax(ax, "wide")
        sides = self.sides if sides is None else list(sides)
        grid = np.linspace(0.0, self.end_time, int(n_points))
        prep = self.model._prepared()
        grid = np.unique(np.concatenate([grid, prep.t, np.nextafter(prep.t, np.inf)]))
        grid = grid[grid <= self.end_time]
        lam = self.intensity(grid)
        x = self._time_index(grid)
        top = float(lam[sides].to_numpy().max())
        for k, side in enumerate(sides):
            c = self.side_color(side)
            ax.plot(x, lam[side].to_numpy(), color=c, lw=0.8, label=side)
            if events:
                i = self.sides.index(side)
                ev = self._time_index(self.model._arrays[i])
                y = -top * (0.04 + 0.05 * k)
                ax.plot(ev, np.full(len(ev), y), "|", color=c, ms=4, mew=0.6)
        ax.set_ylabel("intensity (events per day)")
        ax.legend(frameon=False)
        return ax

    def plot_kernels(self, ax=None, max_lag: float | None = None, n_points: int = 300):
        """The kernels ``phi_ij(s)`` against the lag, one line per (source -> target)."""
        from .hawkes_inference import _ax, plot_kernel_lines
        ax = _ax(ax)
        if max_lag is None:
            max_lag = float(min(5.0 / self._beta.min(), self.end_time))
        lags = np.linspace(0.0, max_lag, int(n_points))
        return plot_kernel_lines(ax, lags, self.kernel_values(lags), self.side_color, self.sides)

    def plot_branching(self, ax=None, bootstrap: HawkesBootstrap | None = None,
                       alpha: float = 0.05, cmap: str = "Greys"):
        """The branching matrix as a heat map (rows: target, columns: source), each cell
        annotated with the estimate and, with ``bootstrap``, its interval."""
        ci = bootstrap.branching_conf_int(alpha) if bootstrap is not None else None
        return plot_branching_matrix(self.branching_matrix, ci, ax=ax, cmap=cmap)

    def plot_qq(self, ax=None):
        """QQ plot of the rescaled inter-event times per side (see :meth:`gof`)."""
        return self.gof().plot_qq(ax)

