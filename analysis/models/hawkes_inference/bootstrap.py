"""Goodness of fit by time rescaling (``HawkesGoF``), Wald intervals and the parametric
bootstrap (``HawkesBootstrap``) with its replicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ...reporting import HypothesisTest, Summary
from ..base import as_rng, check_bootstrap_failures, guarded, run_replicates

from .plots import _ax


BOOT_METHODS = ("percentile", "basic", "bc")


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
        from ...plotting import side_label
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
    from ..base import check_choice
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
            from ...exceptions import SpecificationError
            raise SpecificationError(f"method must be one of {list(BOOT_METHODS)}, got {method!r}")
        if not 0 < alpha < 1:
            from ...exceptions import SpecificationError
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
