"""``ForecastResults``: the one-step-ahead forecasts, their scores, skill against a
reference, PIT histograms and plots.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import (AnalysisWarning, EstimationError, SpecificationError,
                           warn as _warn)
from ...reporting import HypothesisTest, Summary
from ..base import (ModelResults, as_rng, check_alpha, check_choice, check_positive_int,
                    percentile_interval)

from .scores import (SCORES, _nb_pmf, _normal_pmf, _pit_bounds, _randomised_pit,
                     _scores_from_pmf, _support, calibration_test)

__all__ = ["ForecastResults"]


# --------------------------------------------------------------------------------------
class _ForecastModel:
    """What :class:`ForecastResults` evaluates (the ``model`` of the results contract)."""

    def __init__(self, counts, start, refit_every, forecasters):
        self.counts = counts
        self.sides = list(counts.columns)
        self.start = start
        self.refit_every = refit_every
        self.forecasters = forecasters
        self.nobs = len(counts) - start

    def __repr__(self):
        return (f"one_step_ahead(sides={self.sides}, start={self.counts.index[self.start]}, "
                f"refit_every={self.refit_every}, models={[f.label for f in self.forecasters]})")


class ForecastResults(ModelResults):
    """Rolling one-step-ahead forecasts and their scores (from :func:`one_step_ahead`).

    Attributes
    ----------
    model : object
        The design: ``sides``, ``counts``, ``start``, ``refit_every``, ``forecasters``.
    labels : list of str
        The models, climatology first.
    index : Index
        The forecast periods.
    observed : DataFrame
        The observed counts on the forecast periods.
    scores : DataFrame
        Per-period scores, columns (model, side, score); smaller is better.
    mean_scores : DataFrame
        Mean score per period, rows (model, side), columns ``logs``, ``rps``, ``dss``,
        ``brier``.
    params : Series
        Total log-score difference of every model against climatology, per side
        (positive: the model forecasts better), indexed ``"<model>[<side>]"``.
    failed_refits : dict
        Refits per model that failed and kept the previous parameters.
    llf : float
        Not defined (forecasts have no joint likelihood); use ``scores``.

    Notes
    -----
    Predictive distributions are held on the counts 0..K with
    :math:`K = \\max(200, 20 \\max_t y_t)` per side at most; the predictive mass above
    :math:`K` is put on :math:`K`. Log scores are exact (the observed count is always
    below :math:`K`); the RPS and DSS of a forecast with mass far above :math:`K` (an
    exploding conditional mean) are then understated, never overstated.
    """

    def __init__(self, counts, start, refit_every, forecasters, preds, failed):
        self.model = _ForecastModel(counts, start, refit_every, forecasters)
        self.labels = [f.label for f in forecasters]
        self.index = counts.index[start:]
        self.observed = counts.iloc[start:]
        self.failed_refits = dict(failed)
        Y = self.observed.to_numpy().astype(int)
        self._pmf = {}
        cols, data = [], []
        for lab in self.labels:
            for i, s in enumerate(self.model.sides):
                y = Y[:, i]
                blocks = []
                for kind, a, b in preds[lab][s]:
                    blocks.append((kind, np.asarray(a, float), b))
                K = int(max(y.max(), 1)) + 1
                for kind, a, b in blocks:
                    if kind == "nb":
                        K = max(K, _support(a, None if b is None else np.full(len(a), b), y))
                    else:
                        K = max(K, int(np.max(a + 12 * b)) + 1)
                # an exploding forecast (mean far above anything observed) would need a
                # huge support: its mass above the cap sits on the cap (see Notes)
                K = min(K, max(200, 20 * int(y.max()) + 1))
                pm = []
                for kind, a, b in blocks:
                    if kind == "nb":
                        pm.append(_nb_pmf(a, None if b is None else np.full(len(a), b), K))
                    else:
                        pm.append(_normal_pmf(a, b, K))
                P = np.vstack(pm)
                P[:, -1] += np.clip(1.0 - P.sum(axis=1), 0.0, None)
                self._pmf[(lab, s)] = P
                sc = _scores_from_pmf(P, y)
                for name in SCORES:
                    cols.append((lab, s, name))
                    data.append(sc[name])
        self.scores = pd.DataFrame(np.column_stack(data), index=self.index,
                                   columns=pd.MultiIndex.from_tuples(
                                       cols, names=["model", "side", "score"]))
        inf = ~np.isfinite(self.scores.to_numpy())
        if inf.any():
            where = sorted({c[0] for c in self.scores.columns[inf.any(axis=0)]})
            _warn(f"{where} gave an observed count predictive probability 0 "
                          "(infinite log score); their log-score differences are infinite",
                          AnalysisWarning)
        self.params = self._skill_series()

    # -- contract ------------------------------------------------------------------------
    @property
    def llf(self):
        raise AttributeError("ForecastResults has no likelihood; the forecasts are scored "
                             "by ForecastResults.scores (log score = -log p(y))")

    @property
    def aic(self):
        raise AttributeError("ForecastResults has no AIC; compare models by their scores")

    bic = aic

    def _skill_series(self):
        vals, idx = [], []
        ref = self.labels[0]
        for lab in self.labels[1:]:
            for s in self.model.sides:
                d = self.scores[(ref, s, "logs")] - self.scores[(lab, s, "logs")]
                vals.append(float(d.sum()))
                idx.append(f"{lab}[{s}]")
        return pd.Series(vals, index=idx, name="params", dtype=float)

    @property
    def mean_scores(self) -> pd.DataFrame:
        """DataFrame: mean score per forecast period, rows (model, side), columns scores."""
        m = self.scores.mean().unstack("score")
        return m.reindex(columns=list(SCORES))

    def pmf(self, model, side) -> pd.DataFrame:
        """Predictive probabilities of 0..K, one row per forecast period.

        Parameters
        ----------
        model : str
            A label of ``labels``.
        side : str

        Returns
        -------
        DataFrame
            Index the forecast periods, columns the counts 0..K.
        """
        self._check(model, side)
        P = self._pmf[(model, side)]
        return pd.DataFrame(P, index=self.index, columns=pd.RangeIndex(P.shape[1],
                                                                        name="count"))

    def _check(self, model, side=None):
        if model not in self.labels:
            raise SpecificationError(f"model must be one of {self.labels}, got {model!r}")
        if side is not None and side not in self.model.sides:
            raise SpecificationError(f"side must be one of {self.model.sides}, got {side!r}")

    # -- score differences ---------------------------------------------------------------
    def score_difference(self, model, reference=None, *, score="logs", sides=None,
                         n_boot=999, block="MS", alpha=0.05, rng) -> pd.DataFrame:
        """Total score of ``reference`` minus ``model`` over the forecast periods,
        with a block-bootstrap interval.

        Positive: ``model`` forecasts better. The interval resamples whole calendar
        blocks (``block="MS"``: months) of the per-period differences with
        replacement (their serial dependence stays inside a block) and scales the mean
        resampled difference by the number of forecast periods (percentile interval).

        Parameters
        ----------
        model, reference : str
            Labels of ``labels`` (``reference`` default: climatology).
        score : {"logs", "rps", "dss", "brier"}
        sides : list of str, optional
            Sides to report (default all).
        n_boot : int
            Bootstrap replications.
        block : str or int
            A pandas frequency for calendar blocks (``"MS"`` months, ``"W"`` weeks), or
            a block length in periods (for a RangeIndex).
        alpha : float
            1 - confidence level.
        rng : Generator or int

        Returns
        -------
        DataFrame
            Rows sides; columns ``difference``, ``lower``, ``upper``, ``per_period``,
            ``share_better`` (share of bootstrap replicates > 0), ``n``.
        """
        rng = as_rng(rng)
        reference = self.labels[0] if reference is None else reference
        self._check(model)
        self._check(reference)
        check_choice("score", score, SCORES)
        alpha = check_alpha(alpha)
        n_boot = check_positive_int("n_boot", n_boot, minimum=50)
        sides = self.model.sides if sides is None else list(sides)
        groups = self._blocks(block)
        G = groups.max() + 1
        draws = rng.integers(0, G, size=(n_boot, G))
        rows = {}
        for s in sides:
            self._check(model, s)
            d = (self.scores[(reference, s, score)] - self.scores[(model, s, score)]).to_numpy()
            if not np.all(np.isfinite(d)):
                raise EstimationError(f"{score} differences of {model!r} vs {reference!r} "
                                      f"for {s!r} are not finite (a zero predictive "
                                      "probability); use score='rps'")
            bsum = np.bincount(groups, weights=d, minlength=G)
            blen = np.bincount(groups, minlength=G).astype(float)
            tot = bsum[draws].sum(axis=1) / blen[draws].sum(axis=1) * len(d)
            lo, hi = percentile_interval(tot, alpha)
            rows[s] = {"difference": float(d.sum()), "lower": float(lo), "upper": float(hi),
                       "per_period": float(d.mean()), "share_better": float(np.mean(tot > 0)),
                       "n": len(d)}
        out = pd.DataFrame(rows).T
        out.index.name = "side"
        out["n"] = out["n"].astype(int)
        return out

    def _blocks(self, block):
        if isinstance(block, (int, np.integer)) and not isinstance(block, bool):
            b = check_positive_int("block", block)
            return np.arange(len(self.index)) // b
        if not isinstance(self.index, pd.DatetimeIndex):
            raise SpecificationError("block must be a block length (int) for a "
                                     "non-date index")
        try:
            per = self.index.to_period(pd.tseries.frequencies.to_offset(block).rule_code
                                       .replace("MS", "M"))
        except (ValueError, AttributeError):
            raise SpecificationError(f"block must be a pandas frequency such as 'MS' or "
                                     f"'W', or an int, got {block!r}") from None
        return pd.factorize(per)[0]

    def skill_table(self, reference=None, *, score="logs", n_boot=999, block="MS",
                    alpha=0.05, rng) -> pd.DataFrame:
        """:meth:`score_difference` of every other model against ``reference``.

        Returns
        -------
        DataFrame
            Rows (model, side); columns as :meth:`score_difference`. One ``rng`` draws
            the blocks for every row (the same resamples, so rows are comparable).
        """
        rng = as_rng(rng)
        reference = self.labels[0] if reference is None else reference
        seed = int(rng.integers(0, 2 ** 63 - 1))
        out = {}
        for lab in self.labels:
            if lab == reference:
                continue
            out[lab] = self.score_difference(lab, reference, score=score, n_boot=n_boot,
                                             block=block, alpha=alpha, rng=seed)
        return pd.concat(out, names=["model", "side"])

    def predictive_granger(self, with_others, own, *, score="logs", n_boot=999,
                           block="MS", alpha=0.05, rng) -> pd.DataFrame:
        """"Predictive Granger": score of the own-history model minus the model with
        the other sides' history (positive: the other sides' past helps predict).

        Parameters
        ----------
        with_others, own : str
            Labels of the same family with ``predictors="all"`` and ``"own"``.

        Returns
        -------
        DataFrame
            As :meth:`score_difference`, rows the predicted side.
        """
        return self.score_difference(with_others, own, score=score, n_boot=n_boot,
                                     block=block, alpha=alpha, rng=rng)

    # -- calibration ---------------------------------------------------------------------
    def pit(self, model, side, *, rng) -> pd.Series:
        """Randomised PIT values :math:`F(y-1) + V\\,p(y)`, :math:`V \\sim U(0, 1)`:
        uniform on (0, 1) if the forecasts are calibrated (Smith 1985; Czado et al.
        2009).

        Returns
        -------
        Series
            One value per forecast period.
        """
        rng = as_rng(rng)
        self._check(model, side)
        y = self.observed[side].to_numpy().astype(int)
        u = _randomised_pit(y, rng, pmf=self._pmf[(model, side)])     # as pit_test(pmf=)
        return pd.Series(u, index=self.index, name=f"{model}[{side}]")

    def pit_histogram(self, model, side, bins=10) -> pd.Series:
        """Non-randomised PIT histogram (Czado, Gneiting & Held 2009; as
        ``surveillance::pit``): the mean over periods of the predictive probability
        that the PIT falls in each of ``bins`` equal bins (density scale: 1 is flat).

        Returns
        -------
        Series
            Index the bin upper edges.
        """
        self._check(model, side)
        bins = check_positive_int("bins", bins, minimum=2)
        y = self.observed[side].to_numpy().astype(int)
        Fm, Fy = _pit_bounds(y, pmf=self._pmf[(model, side)])
        u = np.linspace(0, 1, bins + 1)
        width = np.maximum(Fy - Fm, 1e-300)
        Fu = np.clip((u[None, :] - Fm[:, None]) / width[:, None], 0, 1)
        dens = np.diff(Fu, axis=1).mean(axis=0) * bins
        return pd.Series(dens, index=pd.Index(np.round(u[1:], 6), name="pit"),
                         name=f"{model}[{side}]")

    def calibration_test(self, model, side, which="logs") -> HypothesisTest:
        """:func:`calibration_test` of one model's forecasts of one side."""
        self._check(model, side)
        return calibration_test(self.observed[side].to_numpy(), which=which,
                                pmf=self._pmf[(model, side)])

    def calibration_table(self, which="logs") -> pd.DataFrame:
        """Calibration z and p-value for every model and side.

        Returns
        -------
        DataFrame
            Rows (model, side); columns ``z``, ``pvalue``.
        """
        rows = {}
        for lab in self.labels:
            for s in self.model.sides:
                try:
                    t = self.calibration_test(lab, s, which)
                    rows[(lab, s)] = {"z": t.statistic, "pvalue": t.pvalue}
                except EstimationError:
                    rows[(lab, s)] = {"z": np.inf, "pvalue": 0.0}
        out = pd.DataFrame(rows).T
        out.index.names = ["model", "side"]
        return out

    # -- reporting -----------------------------------------------------------------------
    def conf_int(self, alpha=0.05, *, n_boot=999, block="MS", rng) -> pd.DataFrame:
        """Month-block bootstrap intervals of ``params`` (log-score differences against
        climatology); see :meth:`score_difference`.

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        t = self.skill_table(n_boot=n_boot, block=block, alpha=alpha, rng=rng)
        idx = [f"{m}[{s}]" for m, s in t.index]
        return pd.DataFrame({"lower": t["lower"].to_numpy(), "upper": t["upper"].to_numpy()},
                            index=idx).reindex(self.params.index)

    def summary(self, alpha=0.05) -> Summary:
        """Mean scores, calibration tests and the design (no bootstrap: use
        :meth:`skill_table` for intervals)."""
        m = self.model
        idx = self.index
        sample = (f"{idx[0].date()} - {idx[-1].date()}" if isinstance(idx, pd.DatetimeIndex)
                  else f"{idx[0]} - {idx[-1]}")
        info = [("Sides", ", ".join(m.sides)), ("Forecast periods", sample),
                ("Forecasts per side", len(idx)),
                ("Scheme", f"expanding window, refit every {m.refit_every} periods"),
                ("Models", ", ".join(self.labels))]
        if any(self.failed_refits.values()):
            info.append(("Failed refits (kept previous)", ", ".join(
                f"{k}: {v}" for k, v in self.failed_refits.items() if v)))
        skill = pd.DataFrame({"log-score difference vs climatology": self.params})
        notes = ["Scores are negatively oriented (smaller is better): logs = -log p(y), "
                 "rps = ranked probability score, dss = Dawid-Sebastiani, brier = Brier "
                 "score of P(count > 0).",
                 "Differences are climatology minus model, summed over forecast periods "
                 "(positive: the model forecasts better); ForecastResults.skill_table(rng=...) "
                 "gives month-block bootstrap intervals.",
                 "Calibration: Wei & Held (2014) z-test on the log score (|z| > 1.96: "
                 "miscalibrated at 5%)."]
        return Summary(title="One-step-ahead forecast evaluation", info=info,
                       tables=[("Mean score per period", self.mean_scores),
                               ("Skill", skill),
                               ("Calibration (log score)", self.calibration_table("logs"))],
                       notes=notes)

    def plot_score_differences(self, table=None, *, ax=None, xlabel=None):
        """Dot-and-interval plot of score differences; returns the Axes.

        Parameters
        ----------
        table : DataFrame, optional
            From :meth:`skill_table`, :meth:`score_difference` or a concatenation of
            them (rows (label, side)); default: the point differences of ``params``
            without intervals.
        """
        from ...plotting import new_figure, side_color, side_label
        if table is None:
            table = pd.DataFrame({"difference": self.params.to_numpy()},
                                 index=pd.MultiIndex.from_tuples(
                                     [(k.rsplit("[", 1)[0], k.rsplit("[", 1)[1][:-1])
                                      for k in self.params.index]))
        if ax is None:
            _, ax = new_figure("single")
        labels = []
        for n, (key, row) in enumerate(table.iterrows()):
            label, side = key if isinstance(key, tuple) else ("", key)
            c = side_color(side, self.model.sides)
            if "lower" in row:
                ax.errorbar(row["difference"], n,
                            xerr=[[row["difference"] - row["lower"]],
                                  [row["upper"] - row["difference"]]],
                            fmt="o", color=c, markersize=3, capsize=2)
            else:
                ax.plot(row["difference"], n, "o", color=c, markersize=3)
            labels.append(f"{label}: {side_label(side)}" if label else side_label(side))
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels(labels)
        ax.invert_yaxis()
        ax.axvline(0, color="0.5", linewidth=0.6)
        ax.set_xlabel(xlabel or "score difference (positive: better forecasts)")
        return ax

    def plot_pit(self, model, side, *, bins=10, ax=None):
        """Non-randomised PIT histogram of one model's forecasts of one side; returns
        the Axes (a flat histogram at 1 means calibrated; U: too narrow; hump: too
        wide)."""
        from ...plotting import new_figure, side_color, side_label
        h = self.pit_histogram(model, side, bins)
        if ax is None:
            _, ax = new_figure("single")
        w = 1.0 / len(h)
        ax.bar(h.index.to_numpy() - w / 2, h.to_numpy(), width=w * 0.95,
               color=side_color(side, self.model.sides), alpha=0.8)
        ax.axhline(1.0, color="0.3", linewidth=0.7, linestyle="--")
        ax.set_xlim(0, 1)
        ax.set_xlabel("PIT")
        ax.set_ylabel("density")
        t = self.calibration_test(model, side, "logs")
        ax.set_title(f"{model}: {side_label(side)} (calibration p = {t.pvalue:.2g})")
        return ax
