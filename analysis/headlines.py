r"""Headlines: one home for a claim and everything a methods referee asks of it.

A *headline* is a causal-sounding or summary claim a notebook makes ("US strike
incidence rises after militia attack days"). :class:`Headline` holds it together with
what makes it checkable (``/work/shared/INFERENCE.md``, issue 19):

* the **estimand** and the **identifying assumptions**;
* the **estimate** with its interval;
* **ordering bounds** where same-day order matters (the quantity with one side first on
  every shared day, with the other first, and at the stated-trigger order): a claim
  whose bounds disagree in sign is stated as a range, not a number;
* the **specification-curve label** ("robust"/"fragile", :mod:`analysis.models.spec_curve`)
  with its shares;
* the **placebo percentile** (where the observed statistic falls among placebo
  versions of it, e.g. :func:`shift_placebo`);
* the **out-of-sample score difference** (log-score gain of a forecast with the other
  side's history over the same model without it, :func:`predictive_gain`).

A headline renders as Markdown in Jupyter (``_repr_markdown_``), as plain text
(``str``), and gives its numbers as a dict for :func:`analysis.save_values`
(:meth:`Headline.to_values`, :func:`headline_values`), which states them to three
significant digits.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .exceptions import SpecificationError
from .models.base import as_rng, check_positive_int
from .reporting import estimate as _estimate
from .reporting import number

__all__ = ["Headline", "headline_values", "shift_placebo", "ShiftPlacebo",
           "predictive_gain", "spec_label", "stored_spec_curve", "said", "sign_word", "lag_placebo", "headline_table", "spec_from_table",
           "cross_effect_checks", "CrossEffectChecks", "hawkes_ordering_bounds"]


def _finite(x) -> bool:
    return x is not None and isinstance(x, (int, float, np.integer, np.floating)) \
        and math.isfinite(float(x))


def said(row, interval: str = "CI", *, scale: float = 1.0, sig: int = 2,
         level: float = 0.95) -> str:
    """An estimate with its interval in words, from a row with ``estimate``, ``lower``,
    ``upper`` (times ``scale``): ``"0.23 (95% CI 0.12 to 0.41)"``.

    Examples
    --------
    >>> from analysis.headlines import said
    >>> said({"estimate": 0.2345, "lower": 0.1234, "upper": 0.4101}, "HAC CI")
    '0.23 (95% HAC CI 0.12 to 0.41)'
    """
    return _estimate(scale * row["estimate"], scale * row["lower"], scale * row["upper"],
                     sig=sig, level=level, interval=interval)


def sign_word(row) -> str:
    """``"positive"``, ``"negative"`` or ``"not distinguishable from zero"``: where a
    row's interval (``lower``, ``upper``) lies relative to 0.

    Examples
    --------
    >>> from analysis.headlines import sign_word
    >>> sign_word({"lower": -0.1, "upper": 0.3})
    'not distinguishable from zero'
    """
    return ("positive" if row["lower"] > 0 else "negative" if row["upper"] < 0
            else "not distinguishable from zero")


def spec_label(curve, *, scope: str = "") -> dict:
    """The label and shares of a specification curve, as :class:`Headline` takes them.

    Parameters
    ----------
    curve : SpecificationCurve or dict
        A fitted curve (:func:`analysis.specification_curve`) or a stored one (a dict
        with ``label``, ``share_same_sign``, ``share_excludes_zero``,
        ``specifications``, as :func:`stored_spec_curve` returns).
    scope : str
        Which grid it is (e.g. ``"full grid"``), for the text.

    Returns
    -------
    dict
        ``label``, ``share_same_sign``, ``share_excludes_zero``, ``specifications``,
        ``scope``.
    """
    if isinstance(curve, dict):
        missing = {"label", "share_same_sign", "share_excludes_zero", "specifications"} - set(curve)
        if missing:
            raise SpecificationError(f"spec_label: the stored curve lacks {sorted(missing)}")
        out = {k: curve[k] for k in ("label", "share_same_sign", "share_excludes_zero",
                                     "specifications")}
        if curve.get("current") is False:       # a stored grid of other data
            scope = (scope + "; " if scope else "") + ("computed on other data than the "
                                                       "current table: rerun the grid")
    else:
        out = {"label": curve.label, "share_same_sign": curve.share_same_sign,
               "share_excludes_zero": curve.share_excludes_zero,
               "specifications": curve.n_specs}
    out["scope"] = scope
    return out


def spec_from_table(table: pd.DataFrame, *, null: float = 0.0, scope: str = "") -> dict:
    """The specification-curve label of a small table of estimates (one per specification).

    The rule of :mod:`analysis.models.spec_curve`: the majority sign (relative to
    ``null``) in >= 90% of the specifications and an interval excluding ``null`` on that
    side in >= 80% make it "robust"; otherwise "fragile".

    Parameters
    ----------
    table : DataFrame
        Columns ``estimate``, ``lower``, ``upper`` (rows with a missing estimate are
        left out, as failed fits).
    null : float
        The no-effect value (0 for a coefficient, 1 for a hazard or rate ratio).
    scope : str
        Which grid it is, for the text.

    Returns
    -------
    dict
        As :func:`spec_label`.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.headlines import spec_from_table
    >>> t = pd.DataFrame({"estimate": [0.8, 0.9, 1.1], "lower": [0.6, 0.7, 0.9],
    ...                   "upper": [0.98, 1.2, 1.3]})
    >>> spec_from_table(t, null=1.0)["label"]
    'fragile'
    """
    from .models.spec_curve import ROBUST_EXCLUDES_ZERO, ROBUST_SIGN

    missing = {"estimate", "lower", "upper"} - set(table.columns)
    if missing:
        raise SpecificationError(f"spec_from_table: the table lacks {sorted(missing)}")
    t = table.dropna(subset=["estimate"])
    if t.empty:
        raise SpecificationError("spec_from_table: no specification has an estimate")
    d = np.sign(t["estimate"].to_numpy(float) - null)
    sign = int(np.sign(np.median(d))) or int(np.sign(d.mean())) or 1
    same = float(np.mean(d == sign))
    excl = float(np.mean(t["lower"] > null) if sign > 0 else np.mean(t["upper"] < null))
    label = "robust" if same >= ROBUST_SIGN and excl >= ROBUST_EXCLUDES_ZERO else "fragile"
    return {"label": label, "share_same_sign": same, "share_excludes_zero": excl,
            "specifications": int(len(table)), "scope": scope}


def stored_spec_curve(key: str, incidents: pd.DataFrame | None = None, path=None) -> dict | None:
    """A curve of the full specification grid stored by ``benchmarks/spec_curve_full.py``.

    Parameters
    ----------
    key : str
        ``"incidence"`` or ``"count"``.
    incidents : DataFrame, optional
        The incident table the notebook uses: when given, ``current`` says whether the
        stored grid was computed on these rows (:func:`analysis.models.spec_curve.data_fingerprint`).
    path : path-like, optional
        The stored file (default ``benchmarks/results/spec_curve_full.json``).

    Returns
    -------
    dict or None
        The stored curve (``label``, the shares, ``specifications``, ``failed``,
        ``share_excludes_zero_without_pelt``, ``current``), or None when the grid has not
        been run.
    """
    from . import paths
    from .models.spec_curve import data_fingerprint

    p = paths.ROOT / "benchmarks" / "results" / "spec_curve_full.json" if path is None else path
    try:
        stored = json.loads(open(p, encoding="utf-8").read())
    except FileNotFoundError:
        return None
    if key not in stored.get("curves", {}):
        raise SpecificationError(f"stored_spec_curve: no curve {key!r} in {p}; stored: "
                                 f"{sorted(stored.get('curves', {}))}")
    c = {k: v for k, v in stored["curves"][key].items() if k != "by"}
    c["current"] = None if incidents is None else stored.get("data") == data_fingerprint(incidents)
    return c


@dataclass
class ShiftPlacebo:
    """Where an observed statistic falls among circularly shifted placebo versions.

    Attributes
    ----------
    observed : float
    placebo : ndarray
        The statistic with the shifted column moved by each shift.
    shifts : ndarray
        The shifts (days).
    percentile : float
        Share of placebo values below the observed one (ties count half).
    kind : str
        What was shifted, in words.
    """

    observed: float
    placebo: np.ndarray
    shifts: np.ndarray
    percentile: float
    kind: str

    @property
    def n(self) -> int:
        """Number of placebo replicates."""
        return int(len(self.placebo))

    def __repr__(self) -> str:
        return (f"<ShiftPlacebo: observed {number(self.observed)}, percentile "
                f"{number(self.percentile)} of {self.n} {self.kind}>")


def shift_placebo(counts: pd.DataFrame, column: str, statistic, *, rng, n_shifts: int = 99,
                  min_shift: int = 30) -> ShiftPlacebo:
    """Placebo distribution of a statistic under circular time shifts of one column.

    The column (e.g. the triggering side's daily counts) is rotated by ``s`` days,
    ``min_shift <= s <= n - min_shift``, which keeps its own clustering and the other
    columns untouched but breaks its timing relative to them; the statistic is
    recomputed on each shifted table. A response to the column's events should sit in
    the upper tail of the placebo distribution (percentile near 1).

    Parameters
    ----------
    counts : DataFrame
        Daily counts (one column per side).
    column : str
        The column to shift.
    statistic : callable
        ``statistic(counts) -> float``; called once on the observed table and once per
        shift. A fit that fails on a shifted table must raise; it is not skipped.
    rng : numpy Generator or int
        Draws the shifts (distinct, without replacement). Required.
    n_shifts : int
        Placebo replicates (at most ``n - 2 min_shift + 1``).
    min_shift : int
        Smallest shift in days, so that a shift does not keep the response window.

    Returns
    -------
    ShiftPlacebo

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from analysis.headlines import shift_placebo
    >>> r = np.random.default_rng(0)
    >>> a = r.poisson(0.3, 400)
    >>> b = r.poisson(0.1 + 0.8 * np.r_[0, a[:-1]])
    >>> c = pd.DataFrame({"a": a, "b": b})
    >>> lagcor = lambda d: float(np.corrcoef(d["a"].to_numpy()[:-1], d["b"].to_numpy()[1:])[0, 1])
    >>> shift_placebo(c, "a", lagcor, rng=1, n_shifts=49).percentile
    1.0
    """
    if column not in counts.columns:
        raise SpecificationError(f"shift_placebo: column {column!r} is not in the table "
                                 f"(columns: {list(counts.columns)})")
    n = len(counts)
    n_shifts = check_positive_int("n_shifts", n_shifts)
    min_shift = check_positive_int("min_shift", min_shift)
    possible = n - 2 * min_shift + 1
    if possible < n_shifts:
        raise SpecificationError(f"shift_placebo: {n} days allow {max(possible, 0)} shifts of "
                                 f"at least {min_shift} days, n_shifts={n_shifts} asked; "
                                 "lower n_shifts or min_shift")
    shifts = np.sort(as_rng(rng).choice(np.arange(min_shift, n - min_shift + 1), n_shifts,
                                        replace=False))
    observed = float(statistic(counts))
    col = counts[column].to_numpy()
    placebo = np.empty(n_shifts)
    for i, s in enumerate(shifts):
        shifted = counts.copy()
        shifted[column] = np.roll(col, int(s))
        placebo[i] = float(statistic(shifted))
    if not (math.isfinite(observed) and np.isfinite(placebo).all()):
        raise SpecificationError("shift_placebo: the statistic returned a non-finite value; "
                                 "it must raise when it cannot be computed")
    pct = float(np.mean(placebo < observed) + 0.5 * np.mean(placebo == observed))
    return ShiftPlacebo(observed, placebo, shifts, pct,
                        f"circular shifts of {column} ({min_shift}-{n - min_shift} days)")


def lag_placebo(counts: pd.DataFrame, response: str, cause: str, *, window=(1, 7),
                transform: str = "indicator", outcome: str = "count", phases=None, rng,
                n_shifts: int = 99, min_shift: int = 30) -> ShiftPlacebo:
    """:func:`shift_placebo` of a count regression's lag coefficient, fast.

    The statistic is the Poisson pseudo-ML coefficient of ``cause``'s summed lag window
    in :class:`analysis.CountModel` of ``response`` (own lags in the same window, the
    phase dummies), the estimate of :func:`analysis.specification_curve`. The model is
    built once; each shift recomputes only the cause's column of the design and refits
    the Poisson GLM (statsmodels), milliseconds per shift.

    Parameters
    ----------
    counts : DataFrame
        Daily counts.
    response, cause : str
        The modelled side and the side whose events are shifted.
    window : (int, int)
        First and last lag summed.
    transform : {"identity", "log1p", "indicator"}
        The lag transform (``CountModel(lag_transform=)``).
    outcome : {"count", "incidence"}
        Model the count of ``response`` or whether it had any event.
    phases : list of dates, optional
        Phase dummies.
    rng, n_shifts, min_shift
        As :func:`shift_placebo`.

    Returns
    -------
    ShiftPlacebo
    """
    import statsmodels.api as sm

    from .models.base import check_choice
    from .models.counts import CountModel

    check_choice("outcome", outcome, ("count", "incidence"))
    check_choice("transform", transform, ("identity", "log1p", "indicator"))
    c = counts.copy()
    if outcome == "incidence":
        c[response] = (c[response] > 0).astype(int)
    model = CountModel(c, response, lags=[tuple(window)], family="poisson",
                       lag_transform=transform, phases=phases)
    X = model.exog.copy()
    names = [n for n in X.columns if n.startswith(f"{cause}.L")]
    if len(names) != 1:
        raise SpecificationError(f"lag_placebo: expected one lag column of {cause!r}, "
                                 f"found {names}")
    name = names[0]
    a, b = (int(v) for v in window)

    pos = c.index.get_indexer(X.index)
    if (pos - b < 0).any():
        raise SpecificationError("lag_placebo: the design starts before the lag window")

    def column(x):
        cs = np.concatenate([[0.0], np.cumsum(np.asarray(x, float))])
        s = cs[pos - a + 1] - cs[pos - b]              # sum of lags a..b
        return {"identity": s, "log1p": np.log1p(s), "indicator": (s > 0).astype(float)}[transform]

    if not np.allclose(column(c[cause]), X[name].to_numpy()):
        raise SpecificationError("lag_placebo: the lag column could not be rebuilt from the "
                                 "counts (an unsupported CountModel option?)")
    y, j = model.endog.to_numpy(float), list(X.columns).index(name)
    Xa = np.array(X.to_numpy(float), copy=True)

    start = {}

    def statistic(d):
        Xa[:, j] = column(d[cause])
        fit = sm.GLM(y, Xa, family=sm.families.Poisson()).fit(start_params=start.get("p"))
        start.setdefault("p", fit.params)             # warm start: the observed fit
        return float(fit.params[j])

    out = shift_placebo(c, cause, statistic, rng=rng, n_shifts=n_shifts, min_shift=min_shift)
    out.kind += (f"; statistic: the Poisson PML coefficient of {cause}'s lags {a}-{b} "
                 f"({transform}) on {response}{' incidence' if outcome == 'incidence' else ''}")
    return out


def predictive_gain(counts: pd.DataFrame, family: str = "negbin", *, options=None,
                    start=None, refit_every: int = 365, n_boot: int = 199, rng,
                    n_jobs: int = 1) -> pd.DataFrame:
    """Out-of-sample log-score gain of each side's forecast from the other sides' history.

    Rolling one-step-ahead forecasts (:func:`analysis.one_step_ahead`) of the family with
    every side's history and with the side's own history only; the difference of their
    summed log scores (own-history minus full, so positive means the other sides' past
    helps predict), with a month-block bootstrap interval
    (:meth:`ForecastResults.predictive_granger`). A cheap configuration (yearly refits)
    suits a headline; notebook 11 runs the full comparison.

    Parameters
    ----------
    counts : DataFrame
        Daily counts, one column per side.
    family : str
        A :class:`analysis.Forecaster` family with an own-history version
        (``"negbin"``, ``"poisson"``, ``"count_hawkes"``, ...).
    options : dict, optional
        Family options (e.g. ``{"lags": [(1, 1), (2, 3), (4, 7)]}``).
    start : date-like, optional
        First forecast day (default: as :func:`analysis.one_step_ahead`).
    refit_every : int
        Days between refits.
    n_boot : int
        Month-block bootstrap replicates of the score difference.
    rng : numpy Generator or int
        Required (the bootstrap draws).
    n_jobs : int
        Processes for the refits (same result for any value).

    Returns
    -------
    DataFrame
        Index: side; ``difference`` (log-score points summed over the forecast days),
        ``lower``, ``upper`` (95%), ``n`` (forecast days) and more
        (:meth:`ForecastResults.predictive_granger`).
    """
    from .models.forecast import Forecaster, one_step_ahead

    opts = dict(options or {})
    fc = one_step_ahead(counts, {"full": Forecaster(family, options=opts),
                                 "own": Forecaster(family, "own", opts)},
                        start=start, refit_every=refit_every, n_jobs=n_jobs, progress=False)
    return fc.predictive_granger("full", "own", n_boot=n_boot, rng=rng)


def _pct(x) -> str:
    return f"{number(100 * float(x), 3)}%"


@dataclass
class Headline:
    """A claim with its estimand, assumptions, estimate, bounds, robustness and skill.

    Parameters
    ----------
    key : str
        Short name, the key in the values file (``"incidence_after_attacks"``).
    claim : str
        The claim in the codebook's words.
    estimand : str
        What is estimated, in words.
    assumptions : str
        The identifying assumptions under which the estimate answers the claim.
    estimate : float, optional
        The estimate (None: only bounds or a range are reported).
    lower, upper : float, optional
        Its interval.
    interval : str
        The interval's kind ("HAC CI", "bootstrap interval", ...).
    level : float
        Its coverage (default 0.95).
    bounds : dict, optional
        Ordering bounds where same-day order matters: order name -> value (e.g.
        ``{"militia first": .., "us first": .., "stated order": ..}``). When the values
        disagree in sign the claim's sign is not identified and the headline is stated as
        the range.
    spec : dict, optional
        :func:`spec_label` of the specification curve of this estimate.
    placebo : ShiftPlacebo or dict, optional
        The placebo comparison (a dict with ``percentile``, ``n``, ``kind``).
    score : dict or Series, optional
        Out-of-sample score difference: ``difference``, ``lower``, ``upper`` (log-score
        points, positive = the claimed predictor helps), and ``what`` (which forecasts).
    notes : str
        Anything else the reader needs (a failed fit gate, a constraint on the sign).

    Examples
    --------
    >>> from analysis.headlines import Headline
    >>> h = Headline("x", "A rises after B", "change in P(A) on days 1-7 after a B day",
    ...              "no common shocks given phase", 0.04, 0.01, 0.07,
    ...              bounds={"A first": -0.1, "B first": 0.3})
    >>> h.stands_at_both_bounds
    False
    >>> "range" in h.statement()
    True
    """

    key: str
    claim: str
    estimand: str
    assumptions: str
    estimate: float | None = None
    lower: float | None = None
    upper: float | None = None
    interval: str = "CI"
    level: float = 0.95
    bounds: dict | None = None
    spec: dict | None = None
    placebo: object = None
    score: object = None
    notes: str = ""
    sig: int = field(default=2, repr=False)

    def __post_init__(self):
        if not self.key or not isinstance(self.key, str):
            raise SpecificationError("Headline: key must be a non-empty string")
        if self.estimate is None and not self.bounds:
            raise SpecificationError(f"Headline {self.key!r}: give an estimate or ordering "
                                     "bounds")
        if self.bounds is not None:
            bad = {k: v for k, v in self.bounds.items() if not _finite(v)}
            if bad:
                raise SpecificationError(f"Headline {self.key!r}: ordering bounds must be "
                                         f"finite numbers, got {bad}")
        if isinstance(self.score, pd.Series):
            self.score = self.score.to_dict()
        if self.score is not None and "difference" not in self.score:
            raise SpecificationError(f"Headline {self.key!r}: score needs 'difference' "
                                     "(and 'lower', 'upper')")

    # -- what the headline says -------------------------------------------------------
    @property
    def bounds_range(self) -> tuple | None:
        """(smallest, largest) of the ordering bounds, or None."""
        if not self.bounds:
            return None
        v = [float(x) for x in self.bounds.values()]
        return min(v), max(v)

    @property
    def stands_at_both_bounds(self) -> bool | None:
        """True when every ordering bound has the same (non-zero) sign; None without bounds."""
        r = self.bounds_range
        if r is None:
            return None
        return bool(r[0] > 0 or r[1] < 0)

    @property
    def placebo_percentile(self) -> float | None:
        """The placebo percentile, or None."""
        if self.placebo is None:
            return None
        return float(self.placebo.percentile if isinstance(self.placebo, ShiftPlacebo)
                     else self.placebo["percentile"])

    def _placebo_dict(self) -> dict | None:
        if self.placebo is None:
            return None
        if isinstance(self.placebo, ShiftPlacebo):
            return {"percentile": self.placebo.percentile, "n": self.placebo.n,
                    "kind": self.placebo.kind}
        return dict(self.placebo)

    def statement(self) -> str:
        """The estimate in words: a number with its interval, or a range when the
        ordering bounds disagree in sign."""
        if self.stands_at_both_bounds is False:
            lo, hi = self.bounds_range
            return (f"range {number(lo, self.sig)} to {number(hi, self.sig)} over within-day "
                    "order (its sign is not identified at day precision)")
        if self.estimate is None:
            lo, hi = self.bounds_range
            return f"{number(lo, self.sig)} to {number(hi, self.sig)} over within-day order"
        return _estimate(self.estimate, self.lower, self.upper, sig=self.sig,
                         level=self.level, interval=self.interval)

    def _lines(self) -> list[tuple[str, str]]:
        out = [("Estimand", self.estimand), ("Assumptions", self.assumptions),
               ("Estimate", self.statement())]
        if self.bounds:
            b = "; ".join(f"{k} {number(v, self.sig)}" for k, v in self.bounds.items())
            verdict = ("the same sign at every bound" if self.stands_at_both_bounds
                       else "the bounds disagree in sign: only the range is stated")
            out.append(("Ordering bounds", f"{b} ({verdict})"))
        else:
            out.append(("Ordering bounds", "not needed (no same-day order enters)"))
        if self.spec:
            s = self.spec
            out.append(("Specification curve",
                        f"{s['label']} ({_pct(s['share_same_sign'])} same sign, "
                        f"{_pct(s['share_excludes_zero'])} exclude 0; {s['specifications']} "
                        f"specifications{', ' + s['scope'] if s.get('scope') else ''})"))
        else:
            out.append(("Specification curve", "not run for this quantity"))
        p = self._placebo_dict()
        out.append(("Placebo", "none" if p is None else
                    f"percentile {float(p['percentile']):.3f} among {p['n']} {p['kind']}"))
        if self.score is not None:
            sc = self.score
            what = sc.get("what", "")
            out.append(("Out of sample", f"log-score gain {float(sc['difference']):+.1f}"
                        + (f" (95% CI {float(sc['lower']):+.1f} to {float(sc['upper']):+.1f})"
                           if _finite(sc.get("lower")) and _finite(sc.get("upper")) else "")
                        + (f", {what}" if what else "")))
        else:
            out.append(("Out of sample", "no forecast comparison"))
        if self.notes:
            out.append(("Notes", self.notes))
        return out

    def as_markdown(self) -> str:
        """The headline as a Markdown block (claim in bold, one bullet per item)."""
        label = f" *[{self.spec['label']}]*" if self.spec else ""
        return (f"**{self.claim}**{label}\n\n"
                + "\n".join(f"* *{k}:* {v}" for k, v in self._lines()) + "\n")

    def _repr_markdown_(self) -> str:
        return self.as_markdown()

    def __str__(self) -> str:
        label = f" [{self.spec['label']}]" if self.spec else ""
        return "\n".join([f"{self.claim}{label}"] + [f"  {k}: {v}" for k, v in self._lines()])

    def __repr__(self) -> str:
        return f"<Headline {self.key!r}: {self.claim} - {self.statement()}>"

    # -- numbers for the values file ---------------------------------------------------
    def to_values(self) -> dict:
        """The headline's numbers (and claim, estimand, labels) for :func:`analysis.save_values`."""
        out: dict = {"claim": self.claim, "estimand": self.estimand}
        if self.estimate is not None:
            out["estimate"] = {"estimate": float(self.estimate)}
            if _finite(self.lower) and _finite(self.upper):
                out["estimate"].update(lower=float(self.lower), upper=float(self.upper))
                out["interval"] = f"{100 * self.level:g}% {self.interval}"
        if self.bounds:
            out["ordering_bounds"] = {k: float(v) for k, v in self.bounds.items()}
            out["stands_at_both_bounds"] = self.stands_at_both_bounds
        if self.spec:
            out["spec_curve"] = dict(self.spec)
        p = self._placebo_dict()
        if p is not None:
            out["placebo"] = p
        if self.score is not None:
            out["score_difference"] = {"estimate": float(self.score["difference"]),
                                       **{k: float(self.score[k]) for k in ("lower", "upper")
                                          if _finite(self.score.get(k))}}
            if self.score.get("what"):
                out["score_difference"]["what"] = self.score["what"]
        return out


def headline_values(headlines) -> dict:
    """``{key: headline.to_values()}`` for a list of headlines (keys must be unique)."""
    out = {}
    for h in headlines:
        if h.key in out:
            raise SpecificationError(f"headline_values: key {h.key!r} used twice")
        out[h.key] = h.to_values()
    return out


def headline_table(headlines) -> pd.DataFrame:
    """One row per headline: the claim, its statement, the ordering verdict, the
    specification-curve label, the placebo percentile and the out-of-sample gain.

    Parameters
    ----------
    headlines : sequence of Headline

    Returns
    -------
    DataFrame
        Index ``key``; columns ``claim``, ``statement``, ``ordering``, ``spec curve``,
        ``placebo percentile``, ``log-score gain``.
    """
    rows = {}
    for h in headlines:
        if h.key in rows:
            raise SpecificationError(f"headline_table: key {h.key!r} used twice")
        sc = h.score
        rows[h.key] = {
            "claim": h.claim, "statement": h.statement(),
            "ordering": ("n/a" if h.bounds is None else
                         "stands at both bounds" if h.stands_at_both_bounds else "range only"),
            "spec curve": "not run" if not h.spec else (
                f"{h.spec['label']} ({_pct(h.spec['share_same_sign'])} same sign, "
                f"{_pct(h.spec['share_excludes_zero'])} exclude 0)"),
            "placebo percentile": h.placebo_percentile,
            "log-score gain": "n/a" if sc is None else (
                f"{float(sc['difference']):+.1f}" + (
                    f" [{float(sc['lower']):+.1f}, {float(sc['upper']):+.1f}]"
                    if _finite(sc.get("lower")) and _finite(sc.get("upper")) else "")),
        }
    out = pd.DataFrame(rows).T
    out.index.name = "key"
    return out


@dataclass
class CrossEffectChecks:
    """The checks of a dyad's cross-effect headlines, computed once per notebook.

    Attributes
    ----------
    placebo : dict
        (response, outcome) -> :class:`ShiftPlacebo` of the lag coefficient
        (:func:`lag_placebo`; the cause's series shifted).
    spec : dict
        (response, outcome) -> :func:`spec_label` of its specification curve.
    gain : DataFrame
        :func:`predictive_gain` (index: side).
    what : str
        Which forecasts the gain compares, in words.
    """

    placebo: dict
    spec: dict
    gain: pd.DataFrame
    what: str

    def headline(self, key: str, claim: str, estimand: str, assumptions: str, row=None, *,
                 response: str, outcome: str = "count", **kwargs) -> Headline:
        """A :class:`Headline` about ``response``'s reaction with these checks filled in.

        ``row`` (a Series or dict with ``estimate``, ``lower``, ``upper``) gives the
        estimate; other keyword arguments go to :class:`Headline` (``interval``,
        ``bounds``, ``notes``, ...).
        """
        if (response, outcome) not in self.placebo:
            raise SpecificationError(f"no checks for ({response!r}, {outcome!r}); computed: "
                                     f"{sorted(self.placebo)}")
        est = {} if row is None else {k: float(row[k]) for k in ("estimate", "lower", "upper")}
        return Headline(key, claim, estimand, assumptions, **est, **kwargs,
                        spec=self.spec[(response, outcome)],
                        placebo=self.placebo[(response, outcome)],
                        score={**self.gain.loc[response].to_dict(), "what": self.what})

    def table(self) -> pd.DataFrame:
        """Placebo percentile, specification label and log-score gain per check."""
        return pd.DataFrame({f"{r} ({o})": {
            "observed coefficient": p.observed, "placebo percentile": p.percentile,
            "shifts": p.n, "spec curve": self.spec[(r, o)]["label"],
            "same sign": self.spec[(r, o)]["share_same_sign"],
            "exclude 0": self.spec[(r, o)]["share_excludes_zero"],
            "log-score gain": float(self.gain.loc[r, "difference"])}
            for (r, o), p in self.placebo.items()}).T


def cross_effect_checks(counts: pd.DataFrame, incidents: pd.DataFrame, *, phases=None,
                        spec_phases=None, stored=None, incidence=(), family: str = "negbin",
                        options=None, forecast_start=None, refit_every: int = 365,
                        n_shifts: int = 99, n_boot: int = 999, rng) -> CrossEffectChecks:
    """Placebos, specification labels and out-of-sample gains of a dyad's cross-effects.

    For each side as the response (the other as the cause): :func:`lag_placebo` of the
    Poisson PML coefficient of the cause's lags 1-7 (log(1 + count); for the sides in
    ``incidence`` also of its incidence, 0/1, on whether the cause acted), the label of
    its specification curve (a stored full grid where ``stored`` has one, else a subset
    run here: lag window 1-7 x transforms raw/log/indicator x backgrounds none/phases/
    yearly x samples all/confirmed, Poisson PML), and :func:`predictive_gain`.

    Parameters
    ----------
    counts : DataFrame
        Daily counts of the two sides.
    incidents : DataFrame
        The incident table behind ``counts`` (for the specification curves' samples).
    phases : list of dates, optional
        Phase dummies of the placebo regressions.
    spec_phases : list of dates, optional
        External phase dates of the curves' ``"phases"`` background (left out when None).
    stored : dict, optional
        (response, outcome) -> a stored curve (:func:`stored_spec_curve`) used instead of
        a subset run.
    incidence : sequence of str
        Responding sides whose incidence is checked as well.
    family, options, forecast_start, refit_every
        The forecasts of :func:`predictive_gain`.
    n_shifts, n_boot : int
        Placebo shifts; bootstrap replicates of the score difference.
    rng : numpy Generator or int
        Required: seeds the shifts and the score bootstrap.

    Returns
    -------
    CrossEffectChecks
    """
    from .models.spec_curve import specification_curve

    sides = list(counts.columns)
    if len(sides) != 2:
        raise SpecificationError(f"cross_effect_checks takes the counts of two sides, got "
                                 f"{sides}")
    gen = as_rng(rng)
    seed_placebo, seed_gain = (int(v) for v in gen.integers(2 ** 31, size=2))
    stored = dict(stored or {})
    placebo, spec = {}, {}
    backgrounds = ["none", "yearly"] if spec_phases is None else ["none", "phases", "yearly"]
    samples = ({"all": None, "confirmed": ("confirmed",)} if "confirmation" in incidents
               else {"all": None})
    for response in sides:
        cause = next(s for s in sides if s != response)
        for outcome in ["count"] + (["incidence"] if response in incidence else []):
            placebo[(response, outcome)] = lag_placebo(
                counts, response, cause, outcome=outcome, phases=phases,
                transform="log1p" if outcome == "count" else "indicator", rng=seed_placebo,
                n_shifts=n_shifts)
            if stored.get((response, outcome)) is not None:
                spec[(response, outcome)] = spec_label(stored[(response, outcome)],
                                                       scope="full grid")
            else:
                spec[(response, outcome)] = spec_label(specification_curve(
                    incidents, response, cause, phases=spec_phases, windows=[(1, 7)],
                    families=["poisson"], backgrounds=backgrounds, samples=samples,
                    outcome=outcome, start=counts.index[0], end=counts.index[-1],
                    progress=False), scope="lag window 1-7, subset")
    gain = predictive_gain(counts, family, options=options, start=forecast_start,
                           refit_every=refit_every, n_boot=n_boot, rng=seed_gain)
    what = (f"{family} forecasts with vs without the other side's history, "
            f"{int(gain['n'].iloc[0])} days, refitted every {refit_every} days")
    return CrossEffectChecks(placebo, spec, gain, what)


def hawkes_ordering_bounds(incidents: pd.DataFrame, sides, *, phases=None, start=None,
                           end=None, decay=None, n_jobs: int = 1):
    """Ordering bounds of a continuous-time Hawkes model's same-day-sensitive quantities.

    For each within-day order (:func:`analysis.ordering_bounds`: each side first on every
    shared day, and the order the data state) the incidents become event times
    (:func:`analysis.to_events`), one :class:`analysis.Hawkes` fit (exponential kernels,
    decay estimated, ``phases`` as baseline phases) gives the branching entries between
    the two sides, and its exact counterfactual without one direction of excitation
    gives the share of each side's events the model attributes to the other.

    Parameters
    ----------
    incidents : DataFrame
        Incident table with ``date``, ``side`` (and ``time_local``, stated triggers for
        the stated order).
    sides : sequence of two str
    phases : list of dates, optional
    start, end : date-like, optional
        The window of the event times.
    decay : float, optional
        A fixed decay per day (e.g. a jitter ensemble's pooled estimate): each order's fit
        then estimates baselines and branching only, several times faster; default:
        estimated in each fit.
    n_jobs : int
        Processes (one order each; same result for any value).

    Returns
    -------
    OrderingBounds
        Rows ``"branching <source> -> <target>"`` and ``"share of <target> events
        attributed to <source>"``.
    """
    from functools import partial

    from .models.ordering import ordering_bounds

    sides = list(sides)
    if len(sides) != 2:
        raise SpecificationError(f"hawkes_ordering_bounds takes two sides, got {sides}")
    return ordering_bounds(incidents, sides,
                           partial(_hawkes_quantities, sides, phases, start, end, decay),
                           n_jobs=n_jobs, progress=False)


def _hawkes_quantities(sides, phases, start, end, decay, incidents) -> pd.Series:
    import warnings

    from .data import to_events
    from .exceptions import AnalysisWarning
    from .models.hawkes import Hawkes

    ev = to_events(incidents, sides=sides, origin=start, end=end)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalysisWarning)     # ties: the point here
        fit = Hawkes(ev, phases=phases, decay=decay).fit()
        for s, t in (sides, sides[::-1]):
            out[f"branching {s} -> {t}"] = float(fit.branching_matrix.loc[t, s])
            cf = fit.counterfactual(source=s, target=t).table
            out[f"share of {t} events attributed to {s}"] = \
                -float(cf.loc[t, "percent_change"]) / 100
    return pd.Series(out)
