"""``CalibrationResults``: measured sizes and coverages with their Monte-Carlo bands,
summaries and plots.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from ...exceptions import SpecificationError
from ...reporting import Summary
from ..base import ModelResults, check_alpha, monte_carlo_pvalue

__all__ = ["CalibrationResults"]


#: The acceptance bands of the inference standard (size 3-7% at 5%, coverage 93-97% at
#: 95%), scaled to other levels as the same relative tolerance.
SIZE_BAND = (0.03, 0.07)
COVERAGE_BAND = (0.93, 0.97)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
class CalibrationResults(ModelResults):
    """Results of :func:`calibrate` (do not construct directly).

    Attributes
    ----------
    model : the calibrated fit's model
    calibrated : results
        The fit that was calibrated.
    family : str
        ``"counts"``, ``"var"``, ``"count_hawkes"`` or ``"hawkes"``.
    alpha : float
        Nominal level of the tests (intervals at ``1 - alpha``).
    n_sim : int
        Replications run; ``n_failed`` of them failed to simulate or refit (a side
        without events, a refit that did not converge) and are left out.
    table : DataFrame
        One row per test and interval (index: its name). Columns ``kind`` (``"size"``:
        a test whose null holds in the simulation; ``"rejection rate"``: one whose
        null does not; ``"coverage"``), ``nominal``, ``empirical``, ``mc_se`` (the
        Monte-Carlo standard error :math:`\\sqrt{p(1-p)/n}`), ``n`` (replicates with
        a defined value), ``undefined`` (share of replicates where the interval was
        not defined, e.g. a parameter on its bound), ``miss_below``/``miss_above``
        (share where the truth lies below the lower / above the upper end),
        ``mean_width`` and ``within_band`` (size in 3-7% / coverage in 93-97% at the
        default level, the inference standard; NaN for rejection rates).
    params, bse : Series
        ``table["empirical"]`` and ``table["mc_se"]``.
    records : DataFrame
        Per replicate and quantity: ``reject`` or ``lower``/``upper``/``truth``.
    """

    def __init__(self, results, quantities, records, *, alpha, facts, family,
                 warp_seed=None):
        self.calibrated = results
        self.model = results.model
        self.family = family
        self.alpha = alpha
        self.n_sim = len(records)
        ok = [r for r in records if r is not None]
        self.n_failed = self.n_sim - len(ok)
        if not ok:
            raise SpecificationError(
                f"all {self.n_sim} calibration replicates failed to simulate or refit; the "
                "fit is too rich for data like these (simplify the specification)")
        self._facts = facts
        self._warp_seed = warp_seed
        rows, recs = {}, []
        for q in quantities:
            vals = [r.get(q.name) for r in ok]
            for i, v in enumerate(vals):
                if v is not None:
                    recs.append({"replicate": i, "quantity": q.name, **v})
            rows[q.name] = self._row(q, vals)
        self.table = pd.DataFrame.from_dict(rows, orient="index")
        self.table.index.name = "quantity"
        self.records = pd.DataFrame(recs)
        self.params = self.table["empirical"].rename("params")

    def _bands(self) -> tuple[tuple, tuple]:
        """The bands of size and coverage at this ``alpha``: SIZE_BAND and COVERAGE_BAND
        (stated at 5%) scaled to it."""
        a = self.alpha
        return ((SIZE_BAND[0] * a / 0.05, SIZE_BAND[1] * a / 0.05),
                (1 - (1 - COVERAGE_BAND[0]) * a / 0.05, 1 - (1 - COVERAGE_BAND[1]) * a / 0.05))

    def _row(self, q, vals):
        a = self.alpha
        if q.kind in ("test", "share"):
            rej = np.array([v["reject"] for v in vals if v is not None], float)
            n = rej.size
            p = float(rej.mean()) if n else np.nan
            kind = "share" if q.kind == "share" else "size" if q.null else "rejection rate"
            band = self._bands()[0]
            return {"kind": kind, "nominal": a if q.kind == "test" else np.nan,
                    "empirical": p,
                    "mc_se": math.sqrt(p * (1 - p) / n) if n else np.nan, "n": n,
                    "undefined": np.nan, "miss_below": np.nan, "miss_above": np.nan,
                    "mean_width": np.nan,
                    "within_band": (band[0] <= p <= band[1]) if kind == "size" and n
                    else np.nan}
        if q.kind == "warp":
            return self._warp_row(q, vals)
        if q.kind == "fdb":
            return self._fdb_row(q, vals)
        if q.kind == "mean":
            x = np.array([v["value"] for v in vals if v is not None], float)
            n = x.size
            return {"kind": "mean", "nominal": q.truth, "empirical": float(x.mean()),
                    "mc_se": float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else np.nan,
                    "n": n, "undefined": np.nan, "miss_below": np.nan, "miss_above": np.nan,
                    "mean_width": np.nan, "within_band": np.nan}
        lo = np.array([v["lower"] for v in vals if v is not None], float)
        hi = np.array([v["upper"] for v in vals if v is not None], float)
        tr = np.array([v["truth"] for v in vals if v is not None], float)
        defined = np.isfinite(lo) & ~np.isnan(hi)
        n = int(defined.sum())
        lo, hi, tr = lo[defined], hi[defined], tr[defined]
        tol = 1e-9 * np.maximum(1.0, np.abs(tr))
        cov = (lo - tol <= tr) & (tr <= hi + tol)
        p = float(cov.mean()) if n else np.nan
        w = 1 - a
        band = self._bands()[1]
        return {"kind": "coverage", "nominal": w, "empirical": p,
                "mc_se": math.sqrt(p * (1 - p) / n) if n else np.nan, "n": n,
                "undefined": 1 - n / len(defined) if len(defined) else np.nan,
                "miss_below": float(np.mean(tr < lo - tol)) if n else np.nan,
                "miss_above": float(np.mean(tr > hi + tol)) if n else np.nan,
                "mean_width": float(np.mean((hi - lo)[np.isfinite(hi - lo)]))
                if np.isfinite(hi - lo).any() else np.nan,
                "within_band": (band[0] <= p <= band[1]) if n else np.nan}

    def _row_rng(self, q):
        """The generator of a row's pooled resampling (warp-speed coverage, the fast
        double bootstrap's s.e.): fixed by the run's seed and the quantity's name, so a
        row does not depend on which other rows are measured."""
        import zlib
        return np.random.default_rng([int(self._warp_seed or 0), zlib.crc32(q.name.encode())])

    def _fdb_row(self, q, vals, n_se=200):
        """Size of a Monte Carlo test by a fast double bootstrap: each replicate's
        statistic ``pvalue`` against the second-level draws ``inner`` of every replicate
        (its Monte Carlo p-value ``(1 + #{inner <= pvalue}) / (R + 1)`` below
        ``alpha``); MC s.e. by resampling the replicates (draws and law together)."""
        v = [x for x in vals if x is not None]
        p = np.array([x["pvalue"] for x in v], float)
        inner = np.array([x["inner"] for x in v], float)

        def size(idx):
            mc = monte_carlo_pvalue(p[idx], inner[idx], tail="lower")
            return float(np.mean(mc < self.alpha))

        n = p.size
        band = self._bands()[0]
        if n < 19:
            return {"kind": "size", "nominal": self.alpha, "empirical": np.nan,
                    "mc_se": np.nan, "n": n, "undefined": np.nan, "miss_below": np.nan,
                    "miss_above": np.nan, "mean_width": np.nan, "within_band": np.nan}
        e = size(np.arange(n))
        g = self._row_rng(q)
        se = float(np.std([size(g.integers(0, n, n)) for _ in range(n_se)], ddof=1))
        return {"kind": "size", "nominal": self.alpha, "empirical": e, "mc_se": se,
                "n": n, "undefined": np.nan, "miss_below": np.nan, "miss_above": np.nan,
                "mean_width": np.nan, "within_band": bool(band[0] <= e <= band[1])}

    def _warp_row(self, q, vals):
        """Coverage of a bootstrap interval by warp speed (:func:`warp_speed_coverage`):
        the replicates' estimates and single bootstrap draws, pooled."""
        from .warp import SCALED, warp_speed_coverage
        v = [x for x in vals if x is not None]
        fixed = np.array([x.get("fixed", (np.nan, np.nan)) for x in v], float)
        se = ([x.get("se", np.nan) for x in v] if q.name.endswith(SCALED) else None)
        usable = [x for x, s in zip(v, se or [1.0] * len(v))
                  if np.isfinite(x["estimate"]) and np.isfinite(x["boot"]) and np.isfinite(s)
                  and s > 0 and "fixed" not in x]
        if len(usable) < 2:        # nothing to pool (e.g. no s.e. in any replicate)
            return {"kind": "coverage", "nominal": 1 - self.alpha, "empirical": np.nan,
                    "mc_se": np.nan, "n": 0, "undefined": 1.0, "miss_below": np.nan,
                    "miss_above": np.nan, "mean_width": np.nan, "within_band": np.nan}
        w = warp_speed_coverage([x["estimate"] for x in v], [x["boot"] for x in v],
                                [x["truth"] for x in v], alpha=self.alpha, method=q.method,
                                scale=q.scale, bounds=q.bounds,
                                fixed=fixed if len(v) else None, se=se,
                                rng=self._row_rng(q))
        a = self.alpha
        band = self._bands()[1]
        p, n = w["coverage"], w["n"]
        return {"kind": "coverage", "nominal": 1 - a, "empirical": p, "mc_se": w["mc_se"],
                "n": n, "undefined": 1 - n / len(vals) if len(vals) else np.nan,
                "miss_below": w["miss_below"], "miss_above": w["miss_above"],
                "mean_width": w["mean_width"],
                "within_band": (band[0] <= p <= band[1]) if n else np.nan}

    @property
    def nobs(self) -> int:
        """int: replicates that simulated and refitted (``n_sim - n_failed``)."""
        return self.n_sim - self.n_failed

    @property
    def bse(self) -> pd.Series:
        """Series: Monte-Carlo standard errors of ``params`` (named ``"bse"``)."""
        return self.table["mc_se"].rename("bse")

    def cov_params(self) -> pd.DataFrame:
        """Diagonal covariance of ``params``: squared Monte-Carlo standard errors
        (the rates of different quantities are estimated from the same replicates, so
        they are correlated; the diagonal is what ``conf_int`` uses)."""
        se = self.bse
        return pd.DataFrame(np.diag(se.to_numpy() ** 2), index=se.index, columns=se.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wilson intervals for the empirical rates (Monte-Carlo uncertainty).

        Parameters
        ----------
        alpha : float
            1 - confidence level.

        Returns
        -------
        DataFrame
            Index the quantities; columns ``lower``, ``upper``.
        """
        alpha = check_alpha(alpha)
        z = stats.norm.ppf(1 - alpha / 2)
        p, n = self.table["empirical"].to_numpy(float), self.table["n"].to_numpy(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            c = (p + z * z / (2 * n)) / (1 + z * z / n)
            h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return pd.DataFrame({"lower": c - h, "upper": c + h}, index=self.table.index)

    def sizes(self) -> pd.DataFrame:
        """The rows of ``table`` for tests (size or rejection rate)."""
        return self.table[self.table["kind"].isin(["size", "rejection rate"])]

    def coverages(self) -> pd.DataFrame:
        """The rows of ``table`` for intervals."""
        return self.table[self.table["kind"] == "coverage"]

    def summary(self, alpha: float | None = None) -> Summary:
        """The calibration as an :class:`analysis.reporting.Summary` (text, HTML, LaTeX).

        Parameters
        ----------
        alpha : float, optional
            Unused (the levels are those of :func:`calibrate`); accepted for the
            common ``summary(alpha)`` signature.

        Returns
        -------
        analysis.reporting.Summary
        """
        cols = ["kind", "nominal", "empirical", "mc_se", "n", "within_band"]
        t = self.table[cols].copy()
        t["within_band"] = t["within_band"].map(
            lambda v: "" if not isinstance(v, (bool, np.bool_)) else ("yes" if v else "NO"))
        info = [*self._facts, ("Replications", f"{self.nobs} of {self.n_sim} "
                                               f"({self.n_failed} failed)"),
                ("Nominal", f"tests at {self.alpha:g}, intervals at {1 - self.alpha:g}")]
        notes = ["Empirical size: share of replicates in which the test rejects although "
                 "its null holds in the simulation; coverage: share in which the interval "
                 "contains the simulated value; mc_se: Monte-Carlo standard error. "
                 "within_band: size 3-7% / coverage 93-97% (at 5%), the inference "
                 "standard. A rejection rate (a test whose null is false in the "
                 "simulation) is power, not size."]
        und = self.table["undefined"].fillna(0)
        if (und > 0).any():
            notes.append("Intervals not defined in some replicates (parameter on its "
                         "bound) are left out of their coverage: see table['undefined'].")
        s = Summary(f"Calibration ({self.family}): size and coverage in the fit's regime",
                    info=info, tables=[(None, t)], notes=notes)
        for kind, why in [("rejection rate", "a test whose null is false in the "
                                             "simulation has a power, not a size"),
                          ("share", "a share of replicates with no nominal level"),
                          ("mean", "a mean over replicates (nominal: the simulated value)")]:
            rows = [r for r in t.index[t["kind"] == kind] if pd.isna(t.loc[r, "nominal"])]
            if rows:
                s = s.explain_missing(why, rows=rows, columns=["nominal"])
        return s

    def plot_calibration(self, ax=None):
        """Empirical size and coverage with +-2 Monte-Carlo s.e., against the band.

        Parameters
        ----------
        ax : matplotlib Axes or sequence of two, optional
            Axes for the sizes and the coverages (new figure if omitted).

        Returns
        -------
        ndarray of Axes
        """
        from ...plotting import new_figure
        if ax is None:
            _, ax = new_figure("wide", 1, 2)
        axes = np.atleast_1d(ax)
        if axes.size != 2:
            raise SpecificationError("ax must be two axes (sizes, coverages)")
        size_band, coverage_band = self._bands()
        for a_, part, nominal, band in [
                (axes[0], self.sizes(), self.alpha, size_band),
                (axes[1], self.coverages(), 1 - self.alpha, coverage_band)]:
            y = np.arange(len(part))
            a_.axvspan(*band, color="0.9", zorder=0)
            a_.axvline(nominal, color="0.5", lw=0.8)
            a_.errorbar(part["empirical"], y, xerr=2 * part["mc_se"].fillna(0), fmt="o",
                        color="k", ms=3, lw=0.8)
            a_.set_yticks(y)
            a_.set_yticklabels(list(part.index))
            a_.invert_yaxis()
        axes[0].set_xlabel(f"rejection rate at {self.alpha:g} (size where the null holds)")
        axes[1].set_xlabel(f"coverage of {100 * (1 - self.alpha):g}% intervals")
        return axes

    def __repr__(self):
        return (f"<CalibrationResults {self.family}: {len(self.sizes())} tests, "
                f"{len(self.coverages())} intervals; {self.nobs} of {self.n_sim} "
                "replicates>")
