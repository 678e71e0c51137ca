"""``HawkesJitterResults``: the ensemble of fits over within-day jittered event times."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import SpecificationError
from ...reporting import Summary
from ..base import ModelResults, as_rng, check_alpha, check_positive_int, monte_carlo_pvalue

from .plots import _ax, _kernel_draws, plot_branching_matrix, plot_kernel_lines
from .bootstrap import HawkesBootstrap, bootstrap_draws, day_precision_share, wald_interval
from .counterfactual import HawkesCounterfactual


# ---------------------------------------------------------------------------------------
# Jitter ensemble
# ---------------------------------------------------------------------------------------
def _gate_null_law(null, sides) -> dict:
    """Side -> the simulated median KS p-values of :meth:`HawkesJitterResults.gof`'s
    ``null`` (a CalibrationResults of a warp-speed design, or a dict), checked."""
    if hasattr(null, "records"):             # calibrate(..., nested="warp_speed")
        from ..calibration.warp import GOF_GATE
        rec = null.records
        if "pvalue" not in rec:
            raise SpecificationError(
                "null: these calibration results carry no gate p-values; use "
                "calibrate(ensemble, n_sim, rng=..., nested='warp_speed')")
        null = {s: rec.loc[rec["quantity"] == GOF_GATE.format(s), "pvalue"].to_numpy()
                for s in sides}
    if not isinstance(null, dict):
        raise SpecificationError("null must be a CalibrationResults of calibrate(..., "
                                 "nested='warp_speed') or {side: simulated p-values}; got "
                                 f"{type(null).__name__}")
    law = {}
    for s in sides:
        if s not in null:
            raise SpecificationError(f"null has no p-values for side {s!r}; sides are "
                                     f"{list(sides)}")
        v = np.asarray(null[s], float).ravel()
        if v.size < 19 or not np.all((v >= 0) & (v <= 1)):
            raise SpecificationError(
                f"null[{s!r}] must hold at least 19 simulated p-values in [0, 1] (a Monte "
                f"Carlo p-value below 0.05 needs 19); got {v.size}"
                + ("" if np.all((v >= 0) & (v <= 1)) else ", some outside [0, 1] or NaN"))
        law[s] = v
    return law


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
        from ..calibration import hawkes_design
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
            from ...exceptions import EstimationError
            raise EstimationError("every bootstrap replicate failed; check the fits")
        return HawkesBootstrap(pd.DataFrame(rows, columns=self.params_by_copy.columns),
                               np.stack(br), np.array(rho), self.params,
                               self.branching_matrix, self.spectral_radius, n_boot, failed, nc)

    def gof(self, null=None) -> pd.DataFrame:
        """Time-rescaling KS p-values of every copy, summarised per side: median,
        min, max and the share of copies with p < 0.05 (events that stay tied in the
        copies, see :meth:`Hawkes.fit_jitter`, enter with zero rescaled gaps).

        The median p is not a p-value: fitted parameters and the median over copies
        pull it up. In data simulated from notebook 04's fits and refitted (``make
        validate``, designs ``hawkes_jitter*_warp`` and ``hawkes_jitter*_gate_fdb``, 500
        replications each) it fell below 0.05 in 1 of 4,000 replicate-sides (size about
        0%): read as a gate at 5%, it almost never rejects a correct model. ``null``
        calibrates it: in the same designs the Monte Carlo test rejected 1.8-5.4% of the
        time (fast double bootstrap).

        Parameters
        ----------
        null : CalibrationResults or dict, optional
            The median p's null law: ``calibrate(this, n_sim, rng=...,
            nested="warp_speed")`` (each replicate's median p, in data simulated from
            this fit and refitted the same way), or ``{side: p-values}`` of such
            replicates (e.g. :func:`analysis.models.calibration.measured_null_pvalues`
            of the bundled case). Adds ``mc_pvalue``, the Monte Carlo p-value
            :math:`(1 + \\#\\{p^*_r \\le p\\}) / (R + 1)` of the observed median p
            against the ``R`` simulated ones (a parametric-bootstrap test: its size is
            the nominal one when the data come from the fitted parameters; simulating at
            estimates rather than the true values is the usual bootstrap
            approximation), and ``n_null`` (``R``, at least 19 so that 5% is reachable).

        Returns
        -------
        DataFrame
            Index the sides; columns ``median_pvalue``, ``min_pvalue``, ``max_pvalue``,
            ``share_below_0.05`` (and ``mc_pvalue``, ``n_null`` with ``null``).
        """
        p = pd.DataFrame([f.gof(warn_ties=False).table["pvalue"] for f in self.fits])
        out = pd.DataFrame({"median_pvalue": p.median(), "min_pvalue": p.min(),
                            "max_pvalue": p.max(), "share_below_0.05": (p < 0.05).mean()})
        if null is not None:
            law = _gate_null_law(null, self.sides)
            out["mc_pvalue"] = [monte_carlo_pvalue(out.loc[s, "median_pvalue"], law[s],
                                                   tail="lower") for s in out.index]
            out["n_null"] = [law[s].size for s in out.index]
        return out

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
        from ...plotting import side_label
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
        from ...plotting import side_label
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
