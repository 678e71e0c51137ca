r"""The checks a headline carries, computed cheaply: placebos, out-of-sample gain, bounds.

* :func:`shift_placebo` (any statistic) and :func:`lag_placebo` (a count regression's lag
  coefficient, milliseconds per shift): where the observed statistic falls among circular
  time shifts of the triggering side's series.
* :func:`predictive_gain`: the out-of-sample log-score gain of one-step-ahead forecasts
  from the other sides' history (a cheap configuration of :func:`analysis.one_step_ahead`).
* :func:`cross_effect_checks`: both of them and the specification-curve label for each
  direction of a dyad, once per notebook, filling :class:`analysis.Headline` objects.
* :func:`hawkes_ordering_bounds`: a continuous-time Hawkes model's same-day-sensitive
  quantities at both within-day orders and the stated order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .exceptions import SpecificationError
from .headlines import Headline, spec_label
from .models.base import as_rng, check_positive_int
from .reporting import number

__all__ = ["shift_placebo", "ShiftPlacebo", "lag_placebo", "predictive_gain",
           "cross_effect_checks", "CrossEffectChecks", "hawkes_ordering_bounds"]


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
    >>> from analysis.headline_checks import shift_placebo
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
    seed_placebo, seed_gain = (int(v) for v in gen.integers(0, 2 ** 31, size=2))
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
