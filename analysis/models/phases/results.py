"""``PhaseResults``: the phases found, their rates and intervals, summaries and the
phase plot.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import special, stats

from ...exceptions import SpecificationError
from ...reporting import Summary
from ..base import ModelResults, check_alpha

from typing import TYPE_CHECKING

if TYPE_CHECKING:   # annotations only (not evaluated)
    from .model import ChangePointModel

__all__ = ["PhaseResults"]


def _phase_table(y, index, sides, bounds) -> pd.DataFrame:
    rows = []
    prev = None
    for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        row = {"phase": i, "start": index[a], "end": index[b - 1], "days": int(b - a)}
        rates = y[a:b].mean(axis=0)
        for j, s in enumerate(sides):
            row[f"n_{s}"] = float(y[a:b, j].sum())
        for j, s in enumerate(sides):
            row[f"rate_{s}"] = float(rates[j])
        for j, s in enumerate(sides):
            if prev is None:
                ratio = np.nan
            elif prev[j] == 0:
                ratio = np.inf if rates[j] > 0 else np.nan
            else:
                ratio = rates[j] / prev[j]
            row[f"ratio_{s}"] = float(ratio)
        prev = rates
        rows.append(row)
    return pd.DataFrame(rows).set_index("phase")


class PhaseResults(ModelResults):
    r"""The phases found by :class:`ChangePointModel` (returned by :func:`detect_phases`).

    Attributes
    ----------
    phases : DataFrame
        One row per phase (index ``phase`` = 0, 1, ...): ``start`` and ``end`` (first and
        last day, inclusive), ``days``, and for each side ``n_<side>`` (events),
        ``rate_<side>`` (:math:`\hat\lambda_{is}`, events per day) and ``ratio_<side>``
        (rate over the previous phase's rate; NaN for phase 0 and for 0/0, ``inf`` when
        the previous rate was 0). Pass it as ``phases=`` to other models.
    changes : Index
        The days on which a new phase begins (``phases.start[1:]``), shape ``(m,)``.
    breakpoints : list of int
        The same as positions in the series (:math:`\tau_1..\tau_m`).
    n_changes : int
        :math:`m`.
    params : Series
        :math:`\hat\lambda_{is}`, indexed by (phase, side).
    bse : Series
        Standard errors of the rates *given the change points*: Poisson
        :math:`\sqrt{\hat\lambda/n_i}`, NB :math:`\sqrt{(\hat\lambda + \alpha\hat\lambda^2)
        /n_i}`.
    dispersion : Series
        :math:`\alpha_s` per side (0 for the Poisson family).
    fitted : DataFrame
        The phase rate of every day and side (same shape as the counts).
    beta : float
        The penalty per change used, on the negative-log-likelihood scale.
    objective : float
        The minimised penalised cost.
    llf : float
        Log-likelihood at the estimates (including the constant terms).
    model : ChangePointModel
    family, penalty, min_size, method, counts
        The specification.
    """

    _renamed = {"plot_phases": "plot", "cost": "family", "alpha": "dispersion"}

    def __init__(self, model: ChangePointModel, cps, objective, alpha):
        self.model = model
        self.counts = model.counts
        self.family, self.penalty, self.min_size = model.family, model.penalty, model.min_size
        self.method = model.method
        self.beta = model.penalty_value()
        self.objective = objective
        self.breakpoints = [int(c) for c in cps]
        self.n_changes = len(self.breakpoints)
        self.T = model.T
        y, index = model.y, model.index
        self._bounds = np.array([0, *self.breakpoints, self.T])
        self.dispersion = pd.Series(alpha, index=self.sides, name="dispersion")
        self.phases = _phase_table(y, index, self.sides, self._bounds)
        self.changes = index[self.breakpoints]
        fitted = np.empty_like(y)
        for a, b in zip(self._bounds[:-1], self._bounds[1:]):
            fitted[a:b] = y[a:b].mean(axis=0)
        self.fitted = pd.DataFrame(fitted, index=index, columns=self.sides)
        # parameters
        idx = pd.MultiIndex.from_product([self.phases.index, self.sides],
                                         names=["phase", "side"])
        rates = self.phases[[f"rate_{s}" for s in self.sides]].to_numpy().ravel()
        n = np.repeat(self.phases["days"].to_numpy(), self.S)
        al = np.tile(alpha, len(self.phases))
        self.params = pd.Series(rates, index=idx, name="params")
        self._bse = pd.Series(np.sqrt((rates + al * rates ** 2) / n), index=idx, name="bse")
        self.llf = self._loglik(y, fitted, alpha)

    @property
    def S(self) -> int:
        """int: number of sides."""
        return len(self.sides)

    @property
    def bse(self) -> pd.Series:
        """Series: standard errors of the phase rates given the change points."""
        return self._bse.copy()

    def cov_params(self) -> pd.DataFrame:
        """Diagonal covariance of the phase rates given the change points (phases are
        disjoint and sides independent under the model)."""
        return pd.DataFrame(np.diag(self._bse.to_numpy() ** 2), index=self.params.index,
                            columns=self.params.index)

    def _loglik(self, y, mu, alpha) -> float:
        ll = 0.0
        for j in range(y.shape[1]):
            yj, mj, al = y[:, j], mu[:, j], alpha[j]
            if al <= 0:
                with np.errstate(divide="ignore", invalid="ignore"):
                    term = np.where(yj > 0, yj * np.log(np.where(mj > 0, mj, 1.0)), 0.0)
                ll += float((term - mj - special.gammaln(yj + 1)).sum())
            else:
                r = 1.0 / al
                with np.errstate(divide="ignore", invalid="ignore"):
                    term = np.where(yj > 0, yj * (np.log(al * np.where(mj > 0, mj, 1.0))
                                                  - np.log1p(al * mj)), 0.0)
                ll += float((special.gammaln(yj + r) - special.gammaln(r)
                             - special.gammaln(yj + 1) - r * np.log1p(al * mj) + term).sum())
        return ll

    @property
    def df_model(self) -> int:
        """Number of estimated quantities: rates, change locations, dispersions."""
        return (self.n_changes + 1) * self.S + self.n_changes + \
            (int((self.dispersion > 0).sum()) if self.family == "negbin" else 0)

    @property
    def n_params(self) -> int:
        """int: rates, change locations and dispersions (``df_model``)."""
        return self.df_model

    @property
    def aic(self) -> float:
        """AIC at the detected change points (treats them as estimated parameters)."""
        return -2 * self.llf + 2 * self.df_model

    @property
    def bic(self) -> float:
        """BIC at the detected change points (``log(T)`` per estimated quantity)."""
        return -2 * self.llf + math.log(self.T) * self.df_model

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Confidence intervals of the phase rates, *given the change points*.

        Poisson family: exact (Garwood) intervals for a Poisson total over the phase
        (exact for integer counts). Negative binomial: Wald intervals on the log scale with the NB
        variance. Both ignore the uncertainty in the change points themselves (see
        :func:`bayesian_changepoints` for that).
        """
        alpha = check_alpha(alpha)
        n = np.repeat(self.phases["days"].to_numpy(), self.S).astype(float)
        lam = self.params.to_numpy()
        if self.family == "poisson":
            tot = lam * n
            lo = np.where(tot > 0, stats.chi2.ppf(alpha / 2, 2 * tot) / 2, 0.0) / n
            hi = stats.chi2.ppf(1 - alpha / 2, 2 * tot + 2) / 2 / n
        else:
            z = stats.norm.ppf(1 - alpha / 2)
            with np.errstate(divide="ignore", invalid="ignore"):
                se_log = np.where(lam > 0, self.bse.to_numpy() / np.where(lam > 0, lam, 1), 0)
            lo = lam * np.exp(-z * se_log)
            hi = lam * np.exp(z * se_log)
            # a phase without events: the Poisson upper bound (NB variance is 0 there)
            hi = np.where(lam > 0, hi, -np.log(alpha / 2) / n)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.index)

    def changepoint_conf_int(self, alpha: float = 0.05, *, n_boot: int = 199, rng,
                             interval: str = "basic", simulator: str = "count_hawkes",
                             max_lag: int = 14, n_jobs: int = 1,
                             progress=None) -> pd.DataFrame:
        r"""Date intervals for the change points: a parametric bootstrap.

        Simulates ``n_boot`` series from a model fitted with the detected phases, runs
        the same segmentation on each (this fit's family, penalty and its scale,
        ``min_size``, search and dispersion rule, the dispersion re-estimated), and
        matches every change found in a refit to the nearest detected change; each
        detected change takes the nearest of the refit changes matched to it.

        * ``simulator="count_hawkes"`` (default): the self-exciting count model
          :class:`~analysis.CountHawkes` (``max_lag`` days, geometric kernel, NB or
          Poisson as this fit's family) with the detected phases as its background
          phases, so bursts *within* a phase are reproduced. Needs integer counts.
        * ``simulator="phases"``: independent Poisson/NB counts with the phase rates
          and dispersions (no self-excitation; too narrow for bursty series).

        With ``interval="basic"`` (default) the interval is the bootstrap distribution
        of the refit location :math:`\hat\tau^*` reflected around the estimate,
        :math:`[2\hat\tau - q_{1-\alpha/2},\ 2\hat\tau - q_{\alpha/2}]`, which
        corrects the lag with which a self-exciting series shows a change of its
        background; ``"percentile"`` is :math:`[q_{\alpha/2}, q_{1-\alpha/2}]`. Ends are
        rounded outwards to whole periods and contain the estimate. The coverage of
        both, of the percentile one from independent counts and of Bayesian credible
        intervals was measured in simulations calibrated to the bundled case
        (``benchmarks/validate_regime.py``, designs ``phases_dates`` and
        ``phases_dates_iid``; see :func:`analysis.calibration_report`): for its two
        changes the default covered 88.6% and 94.3% (MC s.e. 1.7 and 1.2, 350
        replications), the percentile interval 90.0% and 81.4%, the bootstrap from
        independent counts 60-84% and Bayesian credible intervals 56-61%. The interval
        of a sharp jump can be too narrow: label it with its measured coverage.

        A refit with no change near a detected one is *unmatched*: it is counted in
        ``n_unmatched``, not dropped silently; the interval describes the refits that
        found the change, and a warning says when more than ``alpha`` of them did not.

        Parameters
        ----------
        alpha : float
            1 - confidence level.
        n_boot : int
            Bootstrap series (at least 20; 199 or more for 95% intervals).
        rng : numpy.random.Generator or int
            Seed (``None`` is refused). Every series is drawn up front, so the result
            is the same for any ``n_jobs``.
        interval : {"basic", "percentile"}
        simulator : {"count_hawkes", "phases"}
        max_lag : int
            Kernel length of the CountHawkes simulator (periods).
        n_jobs : int
            Processes for the refits (-1: every core).
        progress : bool, optional
            A tqdm progress bar (default: on, except under pytest).

        Returns
        -------
        DataFrame
            One row per change (index ``change`` = 1..m): ``estimate``, ``lower``,
            ``upper`` (dates, or positions for a series without dates),
            ``lower_days`` and ``upper_days`` (the ends minus the estimate, in
            periods), ``n_matched`` and ``n_unmatched`` (refits that did / did not find
            the change). ``attrs``: ``alpha``, ``n_boot``, ``n_failed`` (refits that
            failed numerically), ``interval``, ``simulator``, ``mean_extra`` (refit
            changes per series matched to no detected change). No rows when the fit
            has no change.

        Raises
        ------
        SpecificationError
            ``rng=None``, a bad ``alpha``, ``n_boot``, ``interval``, ``simulator``,
            ``max_lag`` or ``n_jobs``; ``simulator="count_hawkes"`` on a weighted
            series or one without dates (use ``simulator="phases"``).

        Examples
        --------
        >>> import analysis
        >>> from analysis.casestudy import dyad_incidents, SIDES
        >>> counts = analysis.to_counts(dyad_incidents(), columns=SIDES)
        >>> res = analysis.detect_phases(counts, family="negbin", min_size=14,
        ...                              penalty_scale=2.0)
        >>> res.changepoint_conf_int(rng=1)        # doctest: +SKIP
        """
        from .intervals import changepoint_conf_int
        return changepoint_conf_int(self, alpha, n_boot=n_boot, rng=rng, interval=interval,
                                    simulator=simulator, max_lag=max_lag, n_jobs=n_jobs,
                                    progress=progress)

    def phase_of(self, dates) -> pd.Series:
        """Phase number of each date (or position): 0 before the first change, etc."""
        cps = pd.Index(self.changes)
        vals = pd.DatetimeIndex(pd.to_datetime(dates)) if isinstance(
            self.counts.index, pd.DatetimeIndex) else pd.Index(dates)
        return pd.Series(cps.searchsorted(vals, side="right"), index=vals, name="phase")

    def _calibration_design(self, null=None):
        # how analysis.models.calibration.calibrate() simulates from and refits this fit
        from ..calibration import phases_design
        return phases_design(self, null)

    # -- reporting ---------------------------------------------------------------------
    def summary(self, alpha: float = 0.05) -> Summary:
        """Penalty, change points, the phase table and the phase rates with intervals.

        Parameters
        ----------
        alpha : float
            1 - confidence level of the rate intervals (given the change points).
        """
        pen = self.penalty if isinstance(self.penalty, str) else "user value"
        info = [("Family", {"poisson": "Poisson", "negbin": "negative binomial (NB2)"}[
                    self.family]),
                ("Sides", ", ".join(self.sides)),
                ("Periods", self.T),
                ("First day", _fmt_label(self.counts.index[0])),
                ("Last day", _fmt_label(self.counts.index[-1])),
                ("Penalty", f"{pen} (beta = {self.beta:.3f} per change)"),
                ("Minimum phase length", self.min_size),
                ("Search", {"pelt": "PELT (exact)", "opt": "optimal partitioning"}[
                    self.method]),
                ("Change points", self.n_changes),
                ("Penalised cost", self.objective),
                ("Log-likelihood", self.llf)]
        if self.family == "negbin":
            info.append(("Dispersion alpha", ", ".join(
                f"{s}: {a:.3g}" for s, a in self.dispersion.items())))
        table = self.phases.copy()
        table["start"] = [_fmt_label(v) for v in table["start"]]
        table["end"] = [_fmt_label(v) for v in table["end"]]
        notes = ["rate = events per period in the phase; ratio = rate / previous phase's "
                 "rate (nan: first phase or 0/0; inf: previous rate 0).",
                 "Change points are common to all sides. Rate intervals from conf_int() "
                 "are conditional on the change points."]
        ci = self.conf_int(alpha)
        rates = pd.DataFrame({"rate": self.params, "bse": self.bse, "lower": ci["lower"],
                              "upper": ci["upper"]})
        out = Summary("Escalation phases (penalised change points)", info,
                      [("Phases", table),
                       (f"Phase rates, {100 * (1 - alpha):g}% intervals given the change "
                        "points", rates)], notes)
        ratio_cols = [c for c in table.columns if str(c).startswith("ratio")]
        if ratio_cols and len(table):
            out.explain_missing("first phase: there is no previous phase to compare with",
                                table="Phases", rows=[table.index[0]], columns=ratio_cols)
            later = table.index[1:][table[ratio_cols].iloc[1:].isna().any(axis=1).to_numpy()]
            if len(later):
                out.explain_missing("0/0: no events in this phase or in the one before",
                                    table="Phases", rows=list(later), columns=ratio_cols)
        return out

    def plot(self, ax=None, *, smooth: int | None = 7, sides=None, shade: bool = True,
             intervals=None):
        """The counts (a centred moving average over ``smooth`` periods; None for raw),
        the phase rates as steps, and the phase boundaries. Returns the Axes.

        ``intervals``: the table of :meth:`changepoint_conf_int`, drawn as a band and a
        bracket on the date axis around every change (:meth:`plot_change_intervals`).
        """
        ax = _plot_phases(self.counts, self.fitted, self.changes, ax=ax, smooth=smooth,
                          sides=sides, shade=shade,
                          title=f"Phases ({self.family}, {self.n_changes} changes)")
        if intervals is not None:
            self.plot_change_intervals(intervals, ax=ax)
        return ax

    def plot_change_intervals(self, intervals, ax=None, *, label: str | None = None):
        """Draw change-date intervals on a time axis: a grey band from ``lower`` to
        ``upper`` and a bracket with a marker at the estimate near the top of the axes.

        Parameters
        ----------
        intervals : DataFrame
            The table of :meth:`changepoint_conf_int` (columns ``estimate``, ``lower``,
            ``upper``).
        ax : Axes, optional
            Default: a new wide figure.
        label : str, optional
            Legend entry of the brackets (default: the interval level and method).

        Returns
        -------
        Axes
        """
        from ...plotting import new_figure, style
        missing = [c for c in ("estimate", "lower", "upper") if c not in getattr(
            intervals, "columns", [])]
        if missing:
            raise SpecificationError(f"intervals must be the table of "
                                     f"changepoint_conf_int(); it has no column(s) {missing}")
        if ax is None:
            _, ax = new_figure("wide")
        lvl = 100 * (1 - float(intervals.attrs.get("alpha", 0.05)))
        label = (f"change date, {lvl:g}% interval ({intervals.attrs.get('interval', '')} "
                 "bootstrap)" if label is None else label)
        tr = ax.get_xaxis_transform()
        with style():
            for i, (_, r) in enumerate(intervals.dropna(subset=["lower", "upper"]).iterrows()):
                lo, hi, est = r["lower"], r["upper"], r["estimate"]
                ax.axvspan(lo, hi, color="0.55", alpha=0.3, lw=0, zorder=1,
                           label=label if i == 0 else "_nolegend_")
                ax.plot([lo, hi], [0.96, 0.96], color="0.15", lw=1.0, transform=tr,
                        zorder=5, label="_nolegend_")
                ax.plot([lo, hi], [0.96, 0.96], ls="none", marker="|", ms=7,
                        color="0.15", transform=tr, zorder=5, label="_nolegend_")
                ax.plot([est], [0.96], ls="none", marker="v", ms=4, color="0.15",
                        transform=tr, zorder=5, label="_nolegend_")
        return ax

    def __repr__(self) -> str:
        return (f"PhaseResults({self.n_changes} changes, family={self.family!r}, "
                f"penalty={self.penalty!r}, min_size={self.min_size})")


def _fmt_label(v):
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return v


def _plot_phases(counts, fitted, changes, *, ax=None, smooth=7, sides=None, shade=True,
                 title=None, fit_label="phase rate"):
    from ...plotting import new_figure, side_color, side_label, style

    if ax is None:
        _, ax = new_figure("wide")
    sides = list(counts.columns) if sides is None else list(sides)
    unknown = [s for s in sides if s not in counts.columns]
    if unknown:
        raise SpecificationError(f"sides {unknown} are not in the counts "
                                 f"({list(counts.columns)})")
    x = counts.index
    with style():
        bounds = [x[0], *list(changes)]
        ends = list(changes) + [x[-1]]
        if shade:
            for i, (a, b) in enumerate(zip(bounds, ends)):
                if i % 2 == 1:
                    ax.axvspan(a, b, color="0.92", lw=0, zorder=0)
        for c in changes:
            ax.axvline(c, color="0.45", lw=0.6, ls="--", zorder=1)
        order = list(counts.columns)
        f = getattr(x, "freqstr", None) or (pd.infer_freq(x) if len(x) > 2 else None)
        unit = {"D": "day", "W": "week"}.get(str(f or "")[:1], "period")
        for s in sides:
            col = side_color(s, order)
            data = counts[s]
            if smooth:
                data = data.rolling(int(smooth), center=True, min_periods=1).mean()
            # one legend entry per side; the legend title says which line is which
            ax.plot(x, data.to_numpy(), color=col, lw=0.6, alpha=0.45,
                    label="_nolegend_" if fitted is not None else side_label(s), zorder=2)
            if fitted is not None:
                ax.plot(x, fitted[s].to_numpy(), color=col, lw=1.5, drawstyle="steps-post",
                        label=side_label(s), zorder=3)
        thin = f"{smooth}-{unit} mean" if smooth else "counts"
        ax.set_ylabel(f"events per {unit}")
        ax.set_ylim(bottom=0)
        if title:
            ax.set_title(title)
        ax.legend(frameon=False, loc="upper left",
                  title=f"thick: {fit_label}; thin: {thin}" if fitted is not None else thin)
    return ax
