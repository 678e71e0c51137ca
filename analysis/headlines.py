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
  versions of it, e.g. :func:`analysis.headline_checks.shift_placebo`);
* the **out-of-sample score difference** (log-score gain of a forecast with the other
  side's history over the same model without it,
  :func:`analysis.headline_checks.predictive_gain`).

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
from .reporting import estimate as _estimate
from .reporting import number

__all__ = ["Headline", "headline_values", "headline_table", "spec_label", "spec_from_table",
           "stored_spec_curve", "said", "sign_word"]


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
    est = t["estimate"].to_numpy(float)
    d = np.sign(est - null)
    # the majority side, as SpecificationCurve: the sign of the median estimate
    sign = int(np.sign(np.median(est) - null)) or int(np.sign(est.mean() - null)) or 1
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
        (:mod:`analysis.headline_checks`)
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
        return float(self.placebo["percentile"] if isinstance(self.placebo, dict)
                     else self.placebo.percentile)

    def _placebo_dict(self) -> dict | None:
        if self.placebo is None:
            return None
        if not isinstance(self.placebo, dict):           # a ShiftPlacebo
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
