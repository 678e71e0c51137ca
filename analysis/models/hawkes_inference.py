"""Inference containers of the Hawkes model (private): goodness of fit, parametric
bootstrap, jitter ensemble, counterfactuals. Built by ``HawkesResults`` methods."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..exceptions import SpecificationError
from ..reporting import HypothesisTest, Summary
from .base import (ModelResults, as_rng, check_alpha, check_bootstrap_failures,
                   check_positive_int, guarded, run_replicates)


BOOT_METHODS = ("percentile", "basic", "bc")


def _ax(ax, size="single"):
    if ax is None:
        from ..plotting import new_figure
        _, ax = new_figure(size)
    return ax


def plot_kernel_lines(ax, lags, kernels, color_of, sides, bands=None, band_label=None):
    """Draw kernel curves (a DataFrame with (target, source) columns) on ``ax``: the
    colour of the target (the acting side, whose events the kernel counts), one line
    style per source. ``bands``: ``(lower, upper)`` DataFrames of the same shape, drawn
    as shaded pointwise intervals (``band_label`` names them in the legend)."""
    from ..plotting import side_label
    styles = ["-", "--", ":", "-."]
    for (tgt, src), col in kernels.items():
        ax.plot(lags, col.to_numpy(), color=color_of(tgt),
                ls=styles[sides.index(src) % len(styles)], lw=1.1,
                label=f"{side_label(src)} \u2192 {side_label(tgt)}")
        if bands is not None:
            ax.fill_between(lags, bands[0][(tgt, src)].to_numpy(),
                            bands[1][(tgt, src)].to_numpy(), color=color_of(tgt),
                            alpha=0.12, lw=0)
    if bands is not None and band_label:
        ax.fill_between([], [], [], color="0.5", alpha=0.25, lw=0, label=band_label)
    ax.set_xlabel("days after the triggering event")
    ax.set_ylabel("kernel (events per day per triggering event)")
    ax.legend(frameon=False)
    return ax


def _kernel_draws(params: pd.DataFrame, sides, lags, fixed_decay=None) -> np.ndarray:
    """Kernels ``phi_ij(s)`` of each bootstrap draw (single exponential kernels):
    array (n_draws, len(lags), D*D), columns in (target, source) order."""
    s = np.asarray(lags, dtype=float)
    out = []
    for tgt in sides:
        for src in sides:
            a_name = f"branching[{tgt}<-{src}]"
            if a_name not in params.columns:
                raise SpecificationError("kernel bands need single-exponential kernels "
                                         f"(no parameter {a_name!r} in the bootstrap draws)")
            a = params[a_name].to_numpy()[:, None]
            for name in (f"decay[{tgt}<-{src}]", f"decay[<-{src}]", "decay"):
                if name in params.columns:
                    b = params[name].to_numpy()[:, None]
                    break
            else:
                if fixed_decay is None:
                    raise SpecificationError("no decay in the bootstrap draws and none given")
                b = np.full_like(a, float(fixed_decay.loc[tgt, src]))
            out.append(a * b * np.exp(-b * s[None, :]))
    return np.stack(out, axis=2)


# ---------------------------------------------------------------------------------------
# Goodness of fit (time rescaling)
# ---------------------------------------------------------------------------------------
@dataclass
class HawkesGoF:
    """Time-rescaling goodness of fit, one test per side.

    Under the fitted model the compensator increments between consecutive events of a
    side, ``tau_k = Lambda_i(t_k) - Lambda_i(t_{k-1})``, are independent Exponential(1)
    (Brown et al. 2002). ``tests[side]`` is a Kolmogorov-Smirnov test of that; with
    estimated parameters it is somewhat conservative.

    Attributes
    ----------
    residuals : dict side -> ndarray
        The rescaled inter-event times ``tau`` of each side.
    tests : dict side -> HypothesisTest
    table : DataFrame
        One row per side: ``n``, ``ks_statistic``, ``pvalue``, ``mean_tau`` (1 under H0).
    """

    residuals: dict
    tests: dict
    table: pd.DataFrame = field(repr=False)
    colors: dict = field(default_factory=dict, repr=False)

    @classmethod
    def from_residuals(cls, residuals: dict, colors: dict) -> "HawkesGoF":
        tests, rows = {}, []
        for side, tau in residuals.items():
            ks = stats.kstest(tau, "expon")
            tests[side] = HypothesisTest(
                statistic=float(ks.statistic), pvalue=float(ks.pvalue), df=int(tau.size),
                null_hypothesis=(f"the rescaled inter-event times of {side!r} are "
                                 "i.i.d. Exponential(1), i.e. the fitted model is the "
                                 "process that generated them"),
                method="Kolmogorov-Smirnov (time rescaling)")
            rows.append({"side": side, "n": int(tau.size), "ks_statistic": float(ks.statistic),
                         "pvalue": float(ks.pvalue), "mean_tau": float(np.mean(tau))})
        table = pd.DataFrame(rows).set_index("side")
        return cls(residuals, tests, table, colors)

    def plot_qq(self, ax=None, *, quantiles=None, pvalues=None, note=""):
        """QQ plot of the rescaled inter-event times against Exponential(1), with
        pointwise 95% bands of the order statistics. ``quantiles`` (side -> sorted
        values) and ``pvalues`` (side -> KS p) replace this fit's own (e.g. medians over
        jittered copies; ``note`` says so in the legend). Returns the Axes."""
        from ..plotting import side_label
        ax = _ax(ax)
        top = 0.0
        for side, tau in self.residuals.items():
            n = tau.size
            q = np.sort(tau) if quantiles is None else np.asarray(quantiles[side])
            p = self.tests[side].pvalue if pvalues is None else pvalues[side]
            pp = (np.arange(1, n + 1) - 0.5) / n
            theo = stats.expon.ppf(pp)
            k = np.arange(1, n + 1)
            lo = stats.expon.ppf(stats.beta.ppf(0.025, k, n - k + 1))
            hi = stats.expon.ppf(stats.beta.ppf(0.975, k, n - k + 1))
            color = self.colors.get(side)
            ax.fill_between(theo, lo, hi, color=color, alpha=0.15, lw=0)
            ax.plot(theo, q, ".", ms=2.5, color=color,
                    label=f"{side_label(side)}, KS p = {p:.2g}")
            top = max(top, theo.max(), q.max())
        ax.plot([0, top], [0, top], color="0.3", lw=0.8, ls="--")
        ax.fill_between([], [], [], color="0.5", alpha=0.3, lw=0,
                        label="pointwise 95% band under the model")
        if note:
            ax.plot([], [], ls="none", label=note)
        ax.set_xlabel("Exponential(1) quantile")
        ax.set_ylabel("rescaled inter-event time")
        ax.legend(frameon=False, loc="lower right")
        return ax


def wald_interval(est: pd.Series, se: pd.Series, alpha: float, scale: str = "linear"
                  ) -> pd.DataFrame:
    """Wald intervals of non-negative parameters: linear (lower bound truncated at 0)
    or on the log scale (``est * exp(+- z se / est)``, NaN where ``est`` is 0)."""
    from .base import check_choice
    check_choice("scale", scale, ["linear", "log"])
    z = stats.norm.ppf(1 - alpha / 2)
    if scale == "linear":
        return pd.DataFrame({"lower": np.maximum(est - z * se, 0.0), "upper": est + z * se})
    pos = est > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        f = np.exp(z * se / est.where(pos))
    return pd.DataFrame({"lower": (est / f).where(pos), "upper": (est * f).where(pos)})


# ---------------------------------------------------------------------------------------
# Parametric bootstrap
# ---------------------------------------------------------------------------------------
@dataclass
class HawkesBootstrap:
    """Parametric bootstrap of a fitted Hawkes process.

    Each replicate simulates the fitted process on the same window (same phases) and
    refits the same specification (decays estimated if they were). Intervals are
    percentile intervals of the replicates (``method="basic"`` reflects them around the
    estimate instead).

    Attributes
    ----------
    params : DataFrame [n_ok, n_params]
        Refitted parameters of the successful replicates.
    branching : ndarray [n_ok, D, D]
        Branching matrices (kernel integrals), target x source.
    spectral_radius : ndarray [n_ok]
    estimate : Series
        The estimates the replicates were drawn from (``params`` of the fit; pooled
        means for a jitter ensemble).
    branching_estimate : DataFrame [D, D]; spectral_radius_estimate : float
    n_boot, n_failed, n_not_converged : int
        Requested replicates; replicates dropped (a simulated side without events, or
        a failed fit); kept replicates whose optimiser did not report convergence.
    """

    params: pd.DataFrame
    branching: np.ndarray
    spectral_radius: np.ndarray
    estimate: pd.Series
    branching_estimate: pd.DataFrame
    spectral_radius_estimate: float
    n_boot: int
    n_failed: int
    n_not_converged: int

    @property
    def sides(self):
        return list(self.branching_estimate.index)

    def _interval(self, draws, est, alpha, method):
        if method not in BOOT_METHODS:
            from ..exceptions import SpecificationError
            raise SpecificationError(f"method must be one of {list(BOOT_METHODS)}, got {method!r}")
        if not 0 < alpha < 1:
            from ..exceptions import SpecificationError
            raise SpecificationError(f"alpha must be in (0, 1), got {alpha!r}")
        draws = np.asarray(draws, dtype=float)
        est = np.asarray(est, dtype=float)
        if method == "bc":
            # bias-corrected percentile (Efron 1981): shift the quantiles by the share
            # of replicates below the estimate
            below = np.mean(draws < est, axis=0) + 0.5 * np.mean(draws == est, axis=0)
            z0 = stats.norm.ppf(np.clip(below, 1.0 / (2 * len(draws)), 1 - 1.0 / (2 * len(draws))))
            z = stats.norm.ppf(1 - alpha / 2)
            q_lo, q_hi = stats.norm.cdf(2 * z0 - z), stats.norm.cdf(2 * z0 + z)
            lo = np.empty_like(est)
            hi = np.empty_like(est)
            for k in np.ndindex(est.shape):
                col = draws[(slice(None),) + k]
                lo[k], hi[k] = np.nanquantile(col, [q_lo[k], q_hi[k]])
            return lo, hi
        lo_q, hi_q = np.nanquantile(draws, [alpha / 2, 1 - alpha / 2], axis=0)
        if method == "percentile":
            return lo_q, hi_q
        return np.maximum(2 * est - hi_q, 0.0), 2 * est - lo_q

    def conf_int(self, alpha: float = 0.05, method: str = "percentile") -> pd.DataFrame:
        """Bootstrap intervals of every parameter: columns ``lower``, ``upper``."""
        lo, hi = self._interval(self.params.to_numpy(), self.estimate.to_numpy(), alpha,
                                method)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.columns)

    def branching_conf_int(self, alpha: float = 0.05, method: str = "percentile"):
        """The branching matrix with bootstrap intervals: a DataFrame indexed by
        ``(target, source)`` with columns ``estimate``, ``lower``, ``upper``, ``se``."""
        est = self.branching_estimate.to_numpy()
        lo, hi = self._interval(self.branching, est, alpha, method)
        sides = self.sides
        idx = pd.MultiIndex.from_product([sides, sides], names=["target", "source"])
        return pd.DataFrame({"estimate": est.ravel(), "lower": lo.ravel(),
                             "upper": hi.ravel(),
                             "se": np.nanstd(self.branching, axis=0, ddof=1).ravel()},
                            index=idx)

    def spectral_radius_conf_int(self, alpha: float = 0.05,
                                 method: str = "percentile") -> tuple[float, float]:
        lo, hi = self._interval(self.spectral_radius, self.spectral_radius_estimate, alpha,
                                method)
        return float(lo), float(hi)

    def summary(self, alpha: float = 0.05) -> Summary:
        lo, hi = self.spectral_radius_conf_int(alpha)
        info = [("replicates", self.n_boot), ("failed", self.n_failed),
                ("not converged", self.n_not_converged),
                ("spectral radius", self.spectral_radius_estimate),
                (f"spectral radius {100 * (1 - alpha):g}% CI", f"[{lo:.3f}, {hi:.3f}]")]
        ci = self.conf_int(alpha)
        ci.insert(0, "estimate", self.estimate)
        ci["se"] = self.params.std(ddof=1)
        tables = [(f"Branching matrix (target <- source), {100 * (1 - alpha):g}% "
                   "percentile intervals", self.branching_conf_int(alpha)),
                  ("Parameters", ci)]
        return Summary("Hawkes parametric bootstrap", info, tables,
                       ["Each replicate simulates the fitted process and refits it."])

    def plot_spectral_radius(self, ax=None, alpha: float = 0.05):
        """Histogram of the bootstrap spectral radii with the estimate and the interval."""
        ax = _ax(ax)
        ax.hist(self.spectral_radius, bins=30, color="0.6")
        lo, hi = self.spectral_radius_conf_int(alpha)
        ax.axvline(self.spectral_radius_estimate, color="k", lw=1)
        for v in (lo, hi):
            ax.axvline(v, color="k", lw=0.8, ls="--")
        ax.set_xlabel("spectral radius of the branching matrix")
        ax.set_ylabel("replicates")
        return ax


def _bootstrap_replicate(task):
    """Refit one simulated data set: (params, branching matrix, spectral radius,
    converged), or None for a failed replicate (too many events, a side without events,
    or a numerical failure of the refit: the shared policy of :func:`base.guarded`)."""
    res, ev = task
    if ev is None or any(a.size == 0 for a in ev):
        return None
    rep = guarded(res.refit, ev)
    if rep is None:
        return None
    return (rep.params.to_numpy(), rep.branching_matrix.to_numpy(), rep.spectral_radius,
            bool(rep.converged))


def day_precision_share(model):
    """Per side, the share of the data's events known only to the day (``None`` when
    the model was given plain arrays, with no day precision recorded)."""
    exact = getattr(model, "_exact", None)
    if exact is None:
        return None
    return [float(1 - np.mean(e)) if len(e) else 0.0 for e in exact]


def reround(events, share, end_time, rng, *, jitter=True):
    """Degrade simulated exact times as the data are: on each side a random share
    ``share[i]`` of the events is rounded to its day and placed uniformly within it again
    (``jitter``, as :meth:`analysis.EventTimes.jitter` does to the data before each fit
    of a jitter ensemble) or at the middle of the day (as :func:`analysis.to_events`
    places a day-precision event, for a fit to the tied data)."""
    out = []
    for t, sh in zip(events, share):
        t = np.array(t, dtype=float)
        if sh > 0 and t.size:
            pick = rng.random(t.size) < sh
            within = rng.random(int(pick.sum())) if jitter else 0.5
            new = np.floor(t[pick]) + within
            t[pick] = np.minimum(new, np.nextafter(end_time, 0.0))
            t = np.sort(t, kind="stable")
        out.append(t)
    return out


def bootstrap_draws(results_list, n_boot: int, rng, max_events: int, *, n_jobs: int = 1,
                    progress=None, day_share=None, jitter=True):
    """Replicates from each fitted results in turn (n_boot in all, spread evenly).

    Every replicate is simulated from ``rng`` first (in order); the refits then run on
    ``n_jobs`` processes, so the draws are the same for any ``n_jobs``. Failures follow
    the shared policy (:func:`base.check_bootstrap_failures`). With ``day_share`` (per
    side, from :func:`day_precision_share`) the simulated times are degraded to the
    data's precision before the refit (:func:`reround`).
    """
    rng = as_rng(rng)
    per = np.full(len(results_list), n_boot // len(results_list))
    per[: n_boot % len(results_list)] += 1
    tasks = []
    for res, nb in zip(results_list, per):
        for _ in range(int(nb)):
            ev = res.simulate_times(rng, max_events=max_events)
            if ev is not None and day_share is not None:
                ev = reround(ev, day_share, res.end_time, rng, jitter=jitter)
            tasks.append((res, ev))
    out = run_replicates(_bootstrap_replicate, tasks, n_jobs=n_jobs, progress=progress,
                         desc="bootstrap refits")
    ok = [o for o in out if o is not None]
    failed = n_boot - len(ok)
    check_bootstrap_failures(failed, n_boot, minimum=min(10, n_boot), stacklevel=3,
                             advice="Fix the decay (decay=...), use phases= or a "
                                    "shorter window")
    rows = [o[0] for o in ok]
    br = [o[1] for o in ok]
    rho = [o[2] for o in ok]
    not_conv = sum(not o[3] for o in ok)
    return rows, br, rho, failed, not_conv


# ---------------------------------------------------------------------------------------
# Jitter ensemble
# ---------------------------------------------------------------------------------------
class HawkesJitterResults(ModelResults):
    """Fits of the same model to R jittered copies of tied (day-precision) event times.

    A Hawkes process has no simultaneous events, so day-precision data cannot be fitted
    as they are. Each copy places every event without a known time of day uniformly at
    random within its day (``EventTimes.jitter``); the ensemble pools the estimates
    (``estimate``: the mean over copies) and reports the spread that the unknown
    within-day order adds (``spread``: the standard deviation over copies).
    ``conf_int`` combines the per-copy Hessian variance with the between-copy variance
    (Rubin's rules: ``W + (1 + 1/R) B``); ``bootstrap`` draws replicates from every copy,
    so its intervals include the jitter spread too.

    Attributes
    ----------
    model : Hawkes
        The model whose events were jittered.
    fits : list of HawkesResults
        One fit per copy.
    params : Series
        Pooled estimates (means over the copies).
    params_by_copy : DataFrame [R, n_params]
        The estimates of every copy.
    spread : Series
        Standard deviation of the estimates over the copies.
    branching_matrix, branching_spread : DataFrame [D, D] (target x source)
    spectral_radius : float (mean); spectral_radius_values : ndarray [R]
    llf : float
        Mean log-likelihood over the copies (each copy is a different data set; AIC and
        BIC follow from it and compare specifications fitted to the same copies only).
    llf_values : ndarray [R]
    """

    _renamed = {"estimate": "params", "loglik": "llf_values"}

    def __init__(self, fits, n_tied, *, model=None):
        self.fits = list(fits)
        self.n_tied = n_tied
        self.model = model if model is not None else self.fits[0].model
        self.params_by_copy = pd.DataFrame([f.params for f in self.fits]).reset_index(drop=True)
        self.params = self.params_by_copy.mean().rename("params")
        self.spread = (self.params_by_copy.std(ddof=1) if len(self.fits) > 1
                       else self.params_by_copy.iloc[0] * 0).rename("spread")
        B = np.stack([f.branching_matrix.to_numpy() for f in self.fits])
        ref = self.fits[0].branching_matrix
        self.branching_values = B
        self.branching_matrix = pd.DataFrame(B.mean(0), index=ref.index, columns=ref.columns)
        self.branching_spread = pd.DataFrame(B.std(0, ddof=1) if len(B) > 1 else B[0] * 0,
                                             index=ref.index, columns=ref.columns)
        self.spectral_radius_values = np.array([f.spectral_radius for f in self.fits])
        self.spectral_radius = float(self.spectral_radius_values.mean())
        self.llf_values = np.array([f.llf for f in self.fits])
        self.llf = float(self.llf_values.mean())

    def _calibration_design(self, null=None):
        # how analysis.models.calibration.calibrate() simulates from and refits this fit
        from .calibration import hawkes_design
        return hawkes_design(self, null)

    @property
    def n_jitter(self) -> int:
        """int: number of jittered copies."""
        return len(self.fits)

    def cov_params(self) -> pd.DataFrame:
        """Rubin's rules: ``W + (1 + 1/R) B``, with ``W`` the mean of the copies' Hessian
        covariances and ``B`` the covariance of the estimates over the copies."""
        R = self.n_jitter
        W = sum(f.cov_params() for f in self.fits) / R
        B = self.params_by_copy.cov(ddof=1) if R > 1 else W * 0
        return (W + (1 + 1 / R) * B).loc[self.params.index, self.params.index]

    def conf_int(self, alpha: float = 0.05, scale: str = "linear") -> pd.DataFrame:
        """Intervals combining the per-copy Hessian variance with the between-copy
        variance (Rubin's rules): ``se = sqrt(W + (1 + 1/R) B)`` with ``W`` the mean squared
        standard error and ``B`` the variance of the estimates over copies; interval
        ``params +- z se``, the lower bound truncated at 0 (every parameter is >= 0), or
        with ``scale="log"`` ``params * exp(+- z se / params)`` (delta method on the log
        scale, NaN for an estimate of 0). In the data-calibrated study of the bundled
        case (``make validate``, design ``hawkes_jitter``: 40 copies, 400 replications)
        the branching intervals covered 92.5-97.2% (linear) and 94.7-98.3% (log scale),
        the decay's 93.5% and 97%. A parameter on its bound in any copy has no Wald
        standard error (NaN): use :meth:`bootstrap`.

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        alpha = check_alpha(alpha)
        return wald_interval(self.params, self.bse, alpha, scale)

    def bootstrap(self, n_boot: int, rng, *, max_events: int | None = None, n_jobs: int = 1,
                  progress=None, reround: bool = True) -> HawkesBootstrap:
        """Parametric bootstrap pooled over the copies (``n_boot`` replicates spread
        evenly): the intervals then include the within-day jitter spread. Replicates
        with more than ``max_events`` events (default 50 times the observed number; a
        copy fitted near or beyond criticality) count as failed. With ``reround`` (the
        default) each simulated data set is degraded to the data's precision before
        the refit: the share of each side's events that the data know only to the day
        is rounded to its day and re-jittered, as the data were."""
        n_boot = check_positive_int("n_boot", n_boot, 2)
        if max_events is None:
            max_events = 50 * self.fits[0].nobs + 10_000
        share = day_precision_share(self.model) if reround and self.model is not None \
            else None
        rows, br, rho, failed, nc = bootstrap_draws(self.fits, n_boot, rng, max_events,
                                                    n_jobs=n_jobs, progress=progress,
                                                    day_share=share)
        if not rows:
            from ..exceptions import EstimationError
            raise EstimationError("every bootstrap replicate failed; check the fits")
        return HawkesBootstrap(pd.DataFrame(rows, columns=self.params_by_copy.columns),
                               np.stack(br), np.array(rho), self.params,
                               self.branching_matrix, self.spectral_radius, n_boot, failed, nc)

    def gof(self) -> pd.DataFrame:
        """Time-rescaling KS p-values of every copy, summarised per side: median,
        min, max and the share of copies with p < 0.05 (events that stay tied in the
        copies, see :meth:`Hawkes.fit_jitter`, enter with zero rescaled gaps)."""
        p = pd.DataFrame([f.gof(warn_ties=False).table["pvalue"] for f in self.fits])
        return pd.DataFrame({"median_pvalue": p.median(), "min_pvalue": p.min(),
                             "max_pvalue": p.max(), "share_below_0.05": (p < 0.05).mean()})

    def plot_branching(self, ax=None, bootstrap: HawkesBootstrap | None = None,
                       alpha: float = 0.05, cmap: str = "Greys"):
        """The pooled branching matrix as a heat map, with intervals from ``bootstrap``
        (e.g. :meth:`bootstrap` of this ensemble)."""
        ci = bootstrap.branching_conf_int(alpha) if bootstrap is not None else None
        return plot_branching_matrix(self.branching_matrix, ci, ax=ax, cmap=cmap)

    def kernel_values(self, lags) -> pd.DataFrame:
        """The kernels averaged over the copies; columns ``(target, source)``."""
        return sum(f.kernel_values(lags) for f in self.fits) / self.n_jitter

    def plot_kernels(self, ax=None, max_lag: float | None = None, n_points: int = 300,
                     bootstrap: HawkesBootstrap | None = None, alpha: float = 0.05):
        """The kernels averaged over the copies, against the lag (days); with
        ``bootstrap`` (single-exponential kernels), pointwise ``1 - alpha`` percentile
        bands of the parametric-bootstrap kernels."""
        ax = _ax(ax)
        f0 = self.fits[0]
        if max_lag is None:
            max_lag = float(min(5.0 / min(f.decay.to_numpy().min() for f in self.fits),
                                f0.end_time))
        lags = np.linspace(0.0, max_lag, int(n_points))
        kv = self.kernel_values(lags)
        bands = label = None
        if bootstrap is not None:
            draws = _kernel_draws(bootstrap.params, f0.sides, lags, f0.decay)
            lo, hi = np.nanquantile(draws, [alpha / 2, 1 - alpha / 2], axis=0)
            bands = (pd.DataFrame(lo, index=kv.index, columns=kv.columns),
                     pd.DataFrame(hi, index=kv.index, columns=kv.columns))
            label = (f"pointwise {100 * (1 - alpha):g}% band, parametric bootstrap "
                     f"({bootstrap.n_boot} refits)")
        return plot_kernel_lines(ax, lags, kv, f0.side_color, f0.sides, bands, label)

    def qq_quantiles(self) -> dict:
        """Side -> the median over the copies of each sorted rescaled inter-event time
        (the pooled QQ curve), and side -> the median KS p-value over the copies."""
        gofs = [f.gof(warn_ties=False) for f in self.fits]
        q = {s: np.median(np.sort(np.vstack([g.residuals[s] for g in gofs]), axis=1), axis=0)
             for s in self.sides}
        p = {s: float(np.median([g.tests[s].pvalue for g in gofs])) for s in self.sides}
        return q, p

    def plot_qq(self, ax=None, copy: int | None = None):
        """QQ plot of the rescaled inter-event times: medians over the jittered copies of
        each order statistic, with the median KS p-value over the copies (the numbers
        :meth:`gof` reports); ``copy=k`` draws one copy instead."""
        if copy is not None:
            return self.fits[copy].gof(warn_ties=False).plot_qq(ax)
        q, p = self.qq_quantiles()
        return self.fits[0].gof(warn_ties=False).plot_qq(
            ax, quantiles=q, pvalues=p,
            note=f"points and p: medians over {self.n_jitter} jittered copies")

    def predictive_check(self, n_sim: int, rng, *, freq: str = "W") -> dict:
        """Simulated against observed counts per period and gaps between events.

        Draw ``n_sim`` realisations of the fitted process (realisation ``k`` from
        jittered copy ``k mod n_jitter``, so the check carries the jitter spread), round
        every time down to its day as the data are, and count events per period
        (``freq``: ``"D"`` or ``"W"``, weeks from Monday) and the gaps in days between
        consecutive events of each side.

        Parameters
        ----------
        n_sim : int
        rng : int or numpy Generator (None refused)
        freq : {"D", "W"}

        Returns
        -------
        dict
            ``observed`` (DataFrame periods x sides), ``simulated`` (array n_sim x
            periods x sides), ``observed_gaps`` and ``simulated_gaps`` (side -> array;
            side -> list of arrays).
        """
        n_sim = check_positive_int("n_sim", n_sim)
        if freq not in ("D", "W"):
            raise SpecificationError(f"freq must be one of ['D', 'W'], got {freq!r}")
        g = as_rng(rng)
        f0 = self.fits[0]
        origin = f0.model.origin
        if origin is None or pd.isna(origin):
            raise SpecificationError("predictive_check needs event times with a date origin "
                                     "(analysis.to_events)")
        n_days = int(np.ceil(f0.end_time))
        days = pd.date_range(pd.Timestamp(origin).normalize(), periods=n_days, freq="D")
        key = days.to_period("W-SUN").start_time if freq == "W" else days

        def binned(arrays):
            out = np.zeros((n_days, len(self.sides)))
            for i, t in enumerate(arrays):
                d = np.clip(np.floor(t).astype(int), 0, n_days - 1)
                np.add.at(out[:, i], d, 1.0)
            return pd.DataFrame(out, index=days, columns=self.sides).groupby(key).sum()

        def gaps(arrays):
            return {s: np.diff(np.sort(np.floor(t))) for s, t in zip(self.sides, arrays)}

        observed = [np.floor(a) for a in f0.model._arrays]     # jitter is within the day
        obs = binned(observed)
        sims, sim_gaps = [], {s: [] for s in self.sides}
        for k in range(n_sim):
            arr = self.fits[k % self.n_jitter].simulate_times(g)
            if arr is None:
                continue
            sims.append(binned(arr).to_numpy())
            for s, v in gaps(arr).items():
                sim_gaps[s].append(v)
        obs.index.name = "period"
        return {"observed": obs, "simulated": np.stack(sims), "observed_gaps": gaps(observed),
                "simulated_gaps": sim_gaps}

    def plot_intensity(self, ax=None, sides=None, n_points: int = 2000, events: bool = True,
                       start=None, end=None):
        """Fitted intensities (events per day): the median over the jittered copies on a
        common time grid, with the range of the middle 90% of the copies shaded (the
        spread that jittering adds), and the events as ticks. ``start``/``end`` (days
        from the origin, or dates) restrict the window. Returns the Axes."""
        from ..plotting import side_label
        ax = _ax(ax, "wide")
        f0 = self.fits[0]
        sides = self.sides if sides is None else list(sides)
        def to_time(v):
            if isinstance(v, (int, float, np.number)):
                return float(v)
            return (pd.Timestamp(v) - pd.Timestamp(f0.model.origin)) / pd.Timedelta(days=1)
        lo_t = 0.0 if start is None else to_time(start)
        hi_t = f0.end_time if end is None else min(f0.end_time, to_time(end))
        grid = np.linspace(lo_t, hi_t, int(n_points))
        lam = np.stack([f.intensity(grid)[sides].to_numpy() for f in self.fits])
        med = np.median(lam, axis=0)
        q05, q95 = np.quantile(lam, [0.05, 0.95], axis=0)
        x = f0._time_index(grid)
        top = float(med.max())
        for k, side in enumerate(sides):
            c = f0.side_color(side)
            ax.fill_between(x, q05[:, k], q95[:, k], color=c, alpha=0.2, lw=0)
            ax.plot(x, med[:, k], color=c, lw=0.7, label=side_label(side))
            if events:
                i = self.sides.index(side)
                t = f0.model._arrays[i]
                ev = f0._time_index(t[(t >= lo_t) & (t <= hi_t)])
                ax.plot(ev, np.full(len(ev), -top * (0.04 + 0.05 * k)), "|", color=c, ms=4,
                        mew=0.6)
        ax.fill_between([], [], [], color="0.5", alpha=0.3, lw=0,
                        label=f"middle 90% of {self.n_jitter}\njittered copies")
        ax.set_ylabel("intensity (events per day)")
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax

    def counterfactual(self, **kwargs) -> "HawkesCounterfactual":
        """:meth:`HawkesResults.counterfactual` of every copy, averaged: the table and
        the curves are means over the copies (the table adds ``difference_jitter_sd``,
        the spread of the difference over copies); ``fitted`` and ``counterfactual``
        are those of the first copy. Takes the same arguments (``n_sim`` simulates
        from every copy)."""
        if kwargs.get("n_sim"):
            kwargs["rng"] = as_rng(kwargs.get("rng"))       # one stream for every copy
        each = [f.counterfactual(**kwargs) for f in self.fits]
        tabs = pd.concat([c.table for c in each], keys=range(len(each)))
        table = tabs.groupby(level=1, sort=False).mean()
        table["difference_jitter_sd"] = tabs["difference"].groupby(level=1, sort=False).std(ddof=1) \
            if len(each) > 1 else 0.0
        curves = sum(c.curves for c in each) / len(each)
        return HawkesCounterfactual(each[0].fitted, each[0].counterfactual, table, curves,
                                    f"{each[0].description} (mean over {len(each)} "
                                    "jittered copies)")

    def summary(self, alpha: float = 0.05) -> Summary:
        """Pooled estimates with Rubin intervals and jitter spread, and the pooled
        branching matrix.

        Parameters
        ----------
        alpha : float
            1 - confidence level of the intervals.
        """
        f0 = self.fits[0]
        info = [("sides", ", ".join(map(str, self.sides))),
                ("jittered copies", self.n_jitter),
                ("tied events in the data", self.n_tied),
                ("kernel", f0.kernel_label),
                ("spectral radius (mean over copies)", self.spectral_radius),
                ("spectral radius (sd over copies)",
                 float(self.spectral_radius_values.std(ddof=1)) if self.n_jitter > 1 else 0.0),
                ("log-likelihood (mean)", self.llf)]
        tab = pd.concat([self.params.rename("estimate"), self.bse.rename("se"),
                         self.conf_int(alpha), self.spread.rename("jitter_sd")], axis=1)
        idx = pd.MultiIndex.from_product([self.sides, self.sides], names=["target", "source"])
        br = pd.DataFrame({"estimate": self.branching_matrix.to_numpy().ravel(),
                           "jitter_sd": self.branching_spread.to_numpy().ravel()}, index=idx)
        notes = ["Each copy places day-precision events uniformly within their day; "
                 "'jitter_sd' is the spread this adds, the intervals combine it with the "
                 "per-copy standard errors (Rubin's rules)."]
        return Summary("Hawkes jitter ensemble", info,
                       [("Parameters (pooled over copies)", tab),
                        ("Branching matrix (target <- source)", br)], notes)

    def plot_spread(self, ax=None):
        """Each branching-matrix entry over the copies (points) with its mean (bar)."""
        from ..plotting import side_label
        ax = _ax(ax)
        sides = self.sides
        labels = []
        k = 0
        for a, tgt in enumerate(sides):
            for b, src in enumerate(sides):
                v = self.branching_values[:, a, b]
                x = k + np.linspace(-0.2, 0.2, v.size) if v.size > 1 else np.array([k])
                ax.plot(x, v, ".", ms=3, color="0.45")
                ax.plot([k - 0.3, k + 0.3], [v.mean()] * 2, color="k", lw=1.2)
                labels.append(f"{side_label(src)} \u2192 {side_label(tgt)}")
                k += 1
        ax.set_xticks(range(k))
        ax.set_xticklabels(labels, rotation=30, ha="right")
        ax.set_ylabel("branching ratio")
        return ax


# ---------------------------------------------------------------------------------------
# Counterfactuals
# ---------------------------------------------------------------------------------------
@dataclass
class HawkesCounterfactual:
    """Expected counts of the fitted process and of a modified one on the same window.

    Attributes
    ----------
    fitted, counterfactual : HawkesResults
        The fitted process and the modified one (same baseline, decays and window).
    table : DataFrame
        Per side: ``observed`` events, ``expected_fitted``, ``expected_counterfactual``
        (exact expectations from an empty history), ``difference`` and
        ``percent_change``; with simulations also 5% and 95% quantiles of simulated
        counts under each process.
    curves : DataFrame
        Expected cumulative counts over time, columns ``(scenario, side)``.
    description : str
    """

    fitted: object
    counterfactual: object
    table: pd.DataFrame
    curves: pd.DataFrame
    description: str

    def summary(self) -> Summary:
        return Summary("Hawkes counterfactual", [("change", self.description)],
                       [("Expected events in the window", self.table)],
                       ["Expectations are exact for the model (mean-intensity ODE) and "
                        "start from an empty history at the window's start."])

    def plot(self, ax=None, *, caveat: bool = True):
        """Expected cumulative counts per side: fitted (solid) and counterfactual
        (dashed); where the table has simulated 5% and 95% quantiles, their range at the
        end of the window is drawn as an interval (filled: fitted, open:
        counterfactual). With ``caveat``, a note says that with non-negative kernels
        removing a response can only lower the counts, so the figure cannot show
        deterrence. Returns the Axes."""
        from ..plotting import side_label
        ax = _ax(ax)
        x = self.curves.index
        end = x[-1]
        cols = {c.lower(): c for c in self.table.columns}
        simulated = False
        for k, side in enumerate(self.fitted.sides):
            c = self.fitted.side_color(side)
            name = side_label(side)
            ax.plot(x, self.curves[("fitted", side)], color=c, lw=1.2, label=f"{name}: fitted")
            ax.plot(x, self.curves[("counterfactual", side)], color=c, lw=1.2, ls="--",
                    label=f"{name}: counterfactual")
            for scen, filled, dx in (("fitted", True, 0), ("counterfactual", False, 1)):
                lo, hi = (cols.get(f"{scen}_q05"), cols.get(f"{scen}_q95"))
                if lo is None or hi is None:
                    continue
                simulated = True
                mid = float(self.curves[(scen, side)].iloc[-1])
                r = self.table.loc[side]
                xpos = end + (x[-1] - x[0]) * (0.02 + 0.025 * dx) if hasattr(end, "year") \
                    else end * (1.02 + 0.025 * dx)
                ax.errorbar([xpos], [mid], yerr=[[mid - r[lo]], [r[hi] - mid]], fmt="o",
                            ms=3, color=c, mfc=c if filled else "white", capsize=1.5, lw=0.8)
        if simulated:
            ax.plot([], [], "o", color="0.3", ms=3, label="5-95% of simulated counts")
        ax.set_ylabel("expected cumulative events")
        ax.legend(frameon=False, loc="center left")
        if caveat:
            t = ax.text(0.02, 0.98, "kernels are non-negative:\nremoving a response can only\n"
                        "lower the counts, so this\ncannot show deterrence",
                        transform=ax.transAxes, ha="left", va="top", color="0.3")
            t.set_in_layout(False)
        return ax


def plot_branching_intervals(intervals: dict, ax=None, sides=None, *, legend: bool = True):
    """Forest plot comparing branching matrices: ``intervals`` maps a label to a
    DataFrame indexed by ``(target, source)`` with ``estimate``, ``lower`` and ``upper``
    (as :meth:`HawkesBootstrap.branching_conf_int` returns; other models' reproduction
    matrices can be given the same shape). One row per matrix entry, one marker per
    label.

    Colour marks the acting side (the row's target, whose events the ratio counts);
    the labels (models, samples) are told apart by neutral encodings (filled/open
    markers; :func:`analysis.plotting.neutral_styles`), named in a legend right of
    the panel (``legend=False``: none, e.g. on all but the last panel of a figure).
    Returns the Axes."""
    from matplotlib.lines import Line2D
    from ..plotting import neutral_styles, side_label
    from ..sides import acting_color
    ax = _ax(ax, "wide")
    labels = list(intervals)
    first = intervals[labels[0]]
    entries = list(first.index) if sides is None else [(t, s) for t in sides for s in sides]
    order = list(dict.fromkeys([e for pair in entries for e in pair]))
    n = len(labels)
    offs = np.linspace(-0.2, 0.2, n) if n > 1 else np.zeros(1)
    styles = neutral_styles(min(n, 6))
    for k, lab in enumerate(labels):
        df = intervals[lab]
        st = styles[k % len(styles)]
        for i, (t, s) in enumerate(entries):
            r = df.loc[(t, s)]
            est, lo, hi = (float(r[c]) for c in ("estimate", "lower", "upper"))
            color = acting_color(s, t, order)
            ax.errorbar([est], [i + offs[k]], xerr=[[est - lo], [hi - est]],
                        fmt=st["marker"], ms=3.5, lw=0.9, capsize=2, color=color,
                        mfc=color if st["markerfacecolor"] != "white" else "white",
                        mec=color, ls="none")
    ax.set_yticks(range(len(entries)))
    ax.set_yticklabels([f"{side_label(s)}\n\u2192 {side_label(t)}" for t, s in entries])
    ax.axvline(0, color="0.7", lw=0.6)
    ax.set_ylim(len(entries) - 0.5, -0.5)
    ax.set_xlabel("branching ratio\n(events per triggering event)")
    if legend:
        handles = [Line2D([], [], marker=st["marker"], ls="none", color="0.2", ms=3.5,
                          mfc="0.2" if st["markerfacecolor"] != "white" else "white",
                          label=lab) for lab, st in zip(labels, styles * n)]
        ax.legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  borderaxespad=0.2)
    return ax


def plot_branching_matrix(B: pd.DataFrame, ci: pd.DataFrame | None = None, ax=None,
                          cmap: str = "Greys"):
    """Heat map of a branching matrix (rows: target, columns: source) with each cell's
    estimate and, if ``ci`` (indexed by ``(target, source)``, columns ``lower``,
    ``upper``) is given, its interval. Returns the Axes."""
    ax = _ax(ax, "square")
    sides = list(B.index)
    M = B.to_numpy()
    D = M.shape[0]
    top = max(1.0, float(M.max()))
    im = ax.imshow(M, cmap=cmap, vmin=0, vmax=top)
    for i in range(D):
        for j in range(D):
            txt = f"{M[i, j]:.2f}"
            if ci is not None:
                r = ci.loc[(sides[i], sides[j])]
                txt += f"\n[{r['lower']:.2f}, {r['upper']:.2f}]"
            ax.text(j, i, txt, ha="center", va="center",
                    color="white" if M[i, j] > 0.6 * top else "black")
    from ..plotting import side_label
    ax.set_xticks(range(D))
    ax.set_xticklabels([side_label(x).replace(" ", "\n", 1) for x in sides])
    ax.set_yticks(range(D))
    ax.set_yticklabels([side_label(x).replace(" ", "\n", 1) for x in sides])
    ax.set_xlabel("source (exciting side)")
    ax.set_ylabel("target (responding side)")
    cb = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    cb.set_label("branching ratio")
    return ax
