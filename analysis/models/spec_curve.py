r"""Specification curves: one estimate over a grid of defensible specifications.

:func:`specification_curve` fits :class:`analysis.CountModel` of one side on the lagged
events of another over every combination of lag window, lag transform, family,
background (how the slow-moving level of the outcome is modelled) and sample, and
returns a :class:`SpecificationCurve`: the table of estimates with intervals, the
shares of specifications with the majority sign and with an interval excluding 0, the
label ``"robust"`` (same sign in >= 90% of specifications and an interval excluding 0
in >= 80%) or ``"fragile"``, and the curve (Simonsohn, Simmons & Nelson 2020): sorted
estimates with their intervals above, the specification indicator panel below.

The estimate of one specification is the coefficient of the summed lag window of the
cause, :math:`\beta` in :math:`\log \mu_t = \mathbf d_t'\delta + \beta\,
g(\sum_{l=a}^{b} y_{A,t-l}) + \dots` (own lags of the response in the same window),
with its HAC (Newey-West) Wald interval. Its sign is comparable across
specifications; its size is not (it depends on the transform :math:`g`).
"""

from __future__ import annotations

import itertools
import warnings
from functools import partial

import numpy as np
import pandas as pd

from ..data import to_counts
from ..exceptions import (AnalysisWarning, DataError, EstimationError, SpecificationError)
from ..reporting import Summary
from .base import check_alpha, check_choice, run_replicates

__all__ = ["specification_curve", "SpecificationCurve", "data_fingerprint", "WINDOWS",
           "TRANSFORMS",
           "FAMILIES", "BACKGROUNDS", "SAMPLES", "ROBUST_SIGN", "ROBUST_EXCLUDES_ZERO"]

#: Default lag windows (first, last day).
WINDOWS = ((1, 2), (1, 3), (1, 7), (1, 14))
#: Default lag transforms (``CountModel(lag_transform=)``; "identity" = raw counts).
TRANSFORMS = ("identity", "log1p", "indicator")
#: Default families: Poisson pseudo-ML (consistent for the mean) and NB2.
FAMILIES = ("poisson", "negbin")
#: Backgrounds: none; the given external phases; PELT phases of the sample's counts;
#: one level per calendar year; a cubic B-spline in time (one interior knot a year).
#: PELT and yearly phases without any event of the response join the phase before.
BACKGROUNDS = ("none", "phases", "pelt", "yearly", "spline")
#: Samples by the ``confirmation`` column.
SAMPLES = {"all": None, "confirmed": ("confirmed",),
           "confirmed+claimed": ("confirmed", "claimed")}
#: The labelling rule: "robust" needs the majority sign in at least ROBUST_SIGN of the
#: specifications and an interval excluding 0 (on that side) in ROBUST_EXCLUDES_ZERO.
ROBUST_SIGN, ROBUST_EXCLUDES_ZERO = 0.9, 0.8

_OUTCOMES = ("count", "incidence")


def _spline_basis(index: pd.DatetimeIndex, per_year: float = 1.0) -> pd.DataFrame:
    """Cubic B-spline basis in time (one interior knot per ``1/per_year`` years), the
    first column dropped (the constant spans the basis)."""
    from scipy.interpolate import BSpline
    t = np.asarray((index - index[0]) / pd.Timedelta(days=365.25), float)
    inner = np.arange(1.0 / per_year, t[-1], 1.0 / per_year)
    knots = np.concatenate([[t[0]] * 4, inner, [t[-1]] * 4])
    B = BSpline.design_matrix(t, knots, 3).toarray()
    return pd.DataFrame(B[:, 1:], index=index,
                        columns=[f"spline{i}" for i in range(1, B.shape[1])])


def _merge_empty(y: pd.Series, starts) -> list | None:
    """Phase starts with every phase holding at least one event of ``y`` (a phase with
    none makes its dummy run to minus infinity): an empty phase joins the one before."""
    idx = y.index
    starts = sorted(pd.Timestamp(s) for s in starts if idx[0] < pd.Timestamp(s) <= idx[-1])
    changed = True
    while changed and starts:
        changed = False
        edges = [idx[0]] + starts + [idx[-1] + pd.Timedelta(days=1)]
        for i in range(len(edges) - 1):
            if y[(idx >= edges[i]) & (idx < edges[i + 1])].sum() == 0:
                del starts[max(i - 1, 0)]
                changed = True
                break
    return starts or None


def _backgrounds(counts, names, phases, response):
    out = {}
    idx = counts.index
    y = counts[response]
    for b in names:
        if b == "none":
            out[b] = (None, None)
        elif b == "phases":
            if phases is None:
                raise SpecificationError("the background 'phases' needs phases= (dates from "
                                         "external events, fixed before looking at the "
                                         "outcome)")
            out[b] = (phases, None)
        elif b == "pelt":
            from ..data import phase_changes
            from .phases import detect_phases
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", AnalysisWarning)
                ph = detect_phases(counts, family="poisson", min_size=14).phases
            out[b] = (_merge_empty(y, phase_changes(ph)), None)
        elif b == "yearly":
            years = pd.date_range(idx[0], idx[-1], freq="YS")
            out[b] = (_merge_empty(y, years), None)
        else:
            out[b] = (None, _spline_basis(idx))
    return out


def data_fingerprint(incidents: pd.DataFrame, columns=("date", "side", "confirmation")) -> str:
    """A short hash of the rows a specification grid reads, to tell whether a stored grid
    result was computed on the current data.

    Parameters
    ----------
    incidents : DataFrame
    columns : sequence of str
        The columns hashed (those present), rows sorted first.

    Returns
    -------
    str
        16 hexadecimal digits.
    """
    import hashlib
    cols = [c for c in columns if c in incidents.columns]
    rows = incidents[cols].astype(str).sort_values(cols).to_csv(index=False)
    return hashlib.sha256(rows.encode()).hexdigest()[:16]


def _fit_spec(data, spec):
    from .counts import CountModel
    counts = data["counts"][spec["sample"]]
    phases, exog = data["backgrounds"][spec["sample"]][spec["background"]]
    cause = data["cause"]
    row = dict(spec)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalysisWarning)
        with np.errstate(all="ignore"):
            try:
                res = CountModel(counts, data["response"], lags=[spec["window"]],
                                 family=spec["family"], lag_transform=spec["transform"],
                                 phases=phases, exog=exog).fit()
                # hurdle families: the incidence part (P(any event))
                prefix = ("incidence:" if spec["family"].startswith("hurdle") else "") + \
                    f"{cause}.L"
                name = next(n for n in res.params.index if n.startswith(prefix))
                ci = res.conf_int(data["alpha"]).loc[name]
                row.update(estimate=float(res.params[name]), lower=float(ci["lower"]),
                           upper=float(ci["upper"]), note="")
            except (EstimationError, SpecificationError, DataError, ValueError,
                    np.linalg.LinAlgError) as e:
                row.update(estimate=np.nan, lower=np.nan, upper=np.nan,
                           note=f"{type(e).__name__}: {e}")
    warned = [f"{w.category.__name__}: {w.message}" for w in caught
              if issubclass(w.category, AnalysisWarning)]
    if warned and not row["note"]:
        row["note"] = " | ".join(warned)
    if np.isfinite(row["estimate"]) and not (np.isfinite(row["lower"])
                                             and np.isfinite(row["upper"])):
        row.update(estimate=np.nan, note="no finite interval | " + row["note"])
    return row


def specification_curve(incidents: pd.DataFrame, response: str, cause: str, *,
                        phases=None, windows=WINDOWS, transforms=TRANSFORMS,
                        families=FAMILIES, backgrounds=BACKGROUNDS, samples=SAMPLES,
                        outcome: str = "count", start=None, end=None, alpha: float = 0.05,
                        n_jobs: int = 1, progress=None) -> "SpecificationCurve":
    """Fit the effect of ``cause`` on ``response`` over a grid of specifications.

    Parameters
    ----------
    incidents : DataFrame
        Incident table (``date``, ``side``; ``confirmation`` for the samples).
    response, cause : str
        The modelled side and the side whose lagged events are the regressor.
    phases : list of dates or phase table, optional
        The external phases of the ``"phases"`` background (required when it is in
        ``backgrounds``): from external events, never derived from the outcome.
    windows : sequence of (int, int)
        Lag windows (first, last day) summed into one regressor.
    transforms : sequence of {"identity", "log1p", "indicator"}
    families : sequence of {"poisson", "negbin", "hurdle", "hurdle-poisson"}
        ``"poisson"`` is pseudo-ML (consistent for the mean with HAC errors); for the
        hurdle families the estimate is the coefficient of the incidence part.
    backgrounds : sequence of {"none", "phases", "pelt", "yearly", "spline"}
    samples : dict
        ``name -> None`` (every row) or a tuple of ``confirmation`` values to keep.
    outcome : {"count", "incidence"}
        Model the daily count of ``response``, or its incidence (1 if any event; use
        ``families=["poisson"]``: the coefficient is then a log relative risk, and a 0/1
        outcome has no overdispersion for NB to model).
    start, end : date-like, optional
        The window (default: first and last incident of the table).
    alpha : float
        1 - confidence level of the Wald (HAC) intervals.
    n_jobs : int
        Processes for the grid (results identical for any ``n_jobs``).
    progress : bool, optional
        Progress bar (default: on, except under pytest).

    Returns
    -------
    SpecificationCurve

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.casestudy import dyad_incidents, PHASE_STARTS
    >>> sc = ea.specification_curve(dyad_incidents(), "us", "militia",
    ...                             phases=PHASE_STARTS, windows=[(1, 7)],
    ...                             transforms=["indicator"], families=["poisson"],
    ...                             backgrounds=["none", "phases"], samples={"all": None})
    >>> sc.label
    'robust'
    """
    alpha = check_alpha(alpha)
    check_choice("outcome", outcome, _OUTCOMES)
    for t in transforms:
        check_choice("transforms", t, TRANSFORMS)
    for f in families:
        check_choice("families", f, ("poisson", "negbin", "hurdle", "hurdle-poisson"))
    for b in backgrounds:
        check_choice("backgrounds", b, BACKGROUNDS)
    windows = [tuple(int(v) for v in w) for w in windows]
    for w in windows:
        if len(w) != 2 or not 1 <= w[0] <= w[1]:
            raise SpecificationError(f"windows are (first, last) with 1 <= first <= last, "
                                     f"got {w}")
    if not isinstance(samples, dict) or not samples:
        raise SpecificationError("samples must be a non-empty dict name -> None or a tuple "
                                 "of confirmation values")
    for c in ("date", "side"):
        if c not in incidents.columns:
            raise DataError(f"the incident table has no {c!r} column")
    dates = pd.to_datetime(incidents["date"])
    start = dates.min() if start is None else pd.Timestamp(start)
    end = dates.max() if end is None else pd.Timestamp(end)
    counts, bgs = {}, {}
    for name, keep in samples.items():
        inc = incidents
        if keep is not None:
            if "confirmation" not in incidents.columns:
                raise DataError(f"sample {name!r} needs the 'confirmation' column")
            inc = incidents[incidents["confirmation"].isin(list(keep))]
        c = to_counts(inc, start=start, end=end, columns=[response, cause],
                      sides=[response, cause])
        if outcome == "incidence":
            c[response] = (c[response] > 0).astype(int)
        counts[name] = c
        bgs[name] = _backgrounds(c, backgrounds, phases, response)
    specs = [{"window": w, "transform": t, "family": f, "background": b, "sample": s}
             for w, t, f, b, s in itertools.product(windows, transforms, families,
                                                    backgrounds, list(samples))]
    data = {"counts": counts, "backgrounds": bgs, "response": response, "cause": cause,
            "alpha": alpha}
    rows = run_replicates(partial(_fit_spec, data), specs, n_jobs=n_jobs, progress=progress,
                          desc="specifications")
    table = pd.DataFrame(rows)
    table["window"] = [f"{a}-{b}" for a, b in table["window"]]
    return SpecificationCurve(table, response=response, cause=cause, outcome=outcome,
                              alpha=alpha, dims={"window": [f"{a}-{b}" for a, b in windows],
                                                 "transform": list(transforms),
                                                 "family": list(families),
                                                 "background": list(backgrounds),
                                                 "sample": list(samples)})


class SpecificationCurve:
    """Estimates over a grid of specifications, labelled robust or fragile.

    Attributes
    ----------
    table : DataFrame
        One row per specification: ``window``, ``transform``, ``family``,
        ``background``, ``sample``, ``estimate``, ``lower``, ``upper`` and ``note``
        (why a fit failed - estimate missing - or its warnings).
    sign : int
        The majority sign of the fitted estimates (+1 or -1; 0 if none).
    share_same_sign, share_excludes_zero : float
        Shares of the fitted specifications with the majority sign, and with an interval
        excluding 0 on that side.
    n_failed : int
        Specifications whose fit failed (left out of the shares; listed in ``table``).
    label : {"robust", "fragile"}
        ``"robust"`` when ``share_same_sign >= 0.9`` and ``share_excludes_zero >= 0.8``.
    """

    def __init__(self, table, *, response, cause, outcome, alpha, dims):
        self.table = table
        self.response, self.cause, self.outcome, self.alpha = response, cause, outcome, alpha
        self.dims = dims
        ok = table["estimate"].notna()
        self.n_specs, self.n_failed = int(len(table)), int((~ok).sum())
        est = table.loc[ok, "estimate"].to_numpy()
        if len(est) == 0:
            raise EstimationError("every specification failed; see the notes: "
                                  + "; ".join(table["note"].head(3)))
        self.sign = int(np.sign(np.median(est))) or int(np.sign(est.mean()))
        self.share_same_sign = float(np.mean(np.sign(est) == self.sign))
        lo, hi = table.loc[ok, "lower"].to_numpy(), table.loc[ok, "upper"].to_numpy()
        excl = lo > 0 if self.sign > 0 else hi < 0
        self.share_excludes_zero = float(np.mean(excl))
        self.label = ("robust" if self.share_same_sign >= ROBUST_SIGN
                      and self.share_excludes_zero >= ROBUST_EXCLUDES_ZERO else "fragile")

    def by(self, dimension: str) -> pd.DataFrame:
        """Shares by one dimension: specifications, fitted, same sign, interval excluding 0."""
        check_choice("dimension", dimension, list(self.dims))
        t = self.table.assign(fitted=self.table["estimate"].notna(),
                              same=np.sign(self.table["estimate"]) == self.sign,
                              excl=(self.table["lower"] > 0) if self.sign > 0
                              else (self.table["upper"] < 0))
        g = t.groupby(dimension, sort=False)
        return pd.DataFrame({"specifications": g.size(), "fitted": g["fitted"].sum(),
                             "same_sign": g["same"].sum(), "excludes_zero": g["excl"].sum()})

    def summary(self) -> Summary:
        """The label, the shares and the shares by dimension."""
        info = [("Estimate", f"coefficient of {self.cause} events (summed lag window) on "
                             f"{self.response} {self.outcome}"),
                ("Specifications", f"{self.n_specs} ({self.n_failed} failed, left out)"),
                ("Majority sign", "+" if self.sign > 0 else "-"),
                ("Same sign", f"{self.share_same_sign:.1%}"),
                (f"{1 - self.alpha:.0%} interval excludes 0", f"{self.share_excludes_zero:.1%}"),
                ("Label", self.label)]
        notes = [f"robust: same sign in >= {ROBUST_SIGN:.0%} of the fitted specifications "
                 f"and an interval excluding 0 in >= {ROBUST_EXCLUDES_ZERO:.0%}; otherwise "
                 "fragile.", "Intervals: Wald with HAC (Newey-West) standard errors."]
        return Summary(f"Specification curve: {self.response} after {self.cause}", info,
                       [(f"By {d}", self.by(d)) for d in self.dims], notes)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def plot(self, ax=None):
        """The curve: sorted estimates with intervals above, the indicator panel below.

        Parameters
        ----------
        ax : pair of Axes, optional
            (curve, indicators); default: a new page-wide figure with both.

        Returns
        -------
        (Axes, Axes)
        """
        from ..plotting import new_figure, style

        if ax is None:
            fig, ax = new_figure("double", nrows=2, sharex=True,
                                 gridspec_kw={"height_ratios": [1, 1.4]})
        top, bottom = ax
        t = self.table[self.table["estimate"].notna()].sort_values("estimate").reset_index(
            drop=True)
        x = np.arange(len(t))
        with style():
            excl = (t["lower"] > 0) | (t["upper"] < 0)
            top.axhline(0, color="0.5", lw=0.6)
            for filled in (True, False):
                m = excl == filled
                top.vlines(x[m], t.loc[m, "lower"], t.loc[m, "upper"], color="0.2" if filled
                           else "0.65", lw=0.6)
                top.plot(x[m], t.loc[m, "estimate"], "o", ms=2.5,
                         mfc="0.1" if filled else "white", mec="0.1" if filled else "0.5",
                         ls="none", label=f"{1 - self.alpha:.0%} HAC interval "
                         + ("excludes 0" if filled else "includes 0"))
            top.set_ylabel("coefficient")
            top.set_title(f"{self.label}: {self.share_same_sign:.0%} same sign, "
                          f"{self.share_excludes_zero:.0%} exclude 0", loc="left")
            top.legend(frameon=False, loc="upper left")
            labels, ys = [], []
            y = 0
            for d, opts in self.dims.items():
                if len(opts) < 2:
                    continue
                for o in opts:
                    m = (t[d] == o).to_numpy()
                    bottom.plot(x[m], np.full(m.sum(), -y), "s", color="0.2", ms=2)
                    labels.append(f"{d}: {o}")
                    ys.append(-y)
                    y += 1
                y += 0.5
            bottom.set_yticks(ys)
            bottom.set_yticklabels(labels)
            bottom.set_ylim(min(ys) - 0.7, 0.7)
            bottom.set_xlabel("specification (sorted by estimate)")
        return top, bottom

    def __repr__(self) -> str:
        return (f"<SpecificationCurve: {self.response} after {self.cause}; {self.label} "
                f"({self.share_same_sign:.0%} same sign, {self.share_excludes_zero:.0%} "
                f"exclude 0, {self.n_specs} specifications, {self.n_failed} failed)>")
