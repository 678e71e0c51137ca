r"""Retaliation timing: response lags and the hazard of the next attack after a strike.

* :func:`response_lags` - for every event of a responding side, the lag in days since
  the event(s) of the other side that triggered it: the triggers the sources name
  (``retaliation_for``) where there are any, otherwise the nearest preceding event of
  the other side (the output says which). With the lag distribution, the probability
  of a response within ``k`` days with bootstrap intervals, and the same probability
  for an arbitrary day (the baseline a "response" must beat).
  :class:`ResponseLagModel` holds the lags; its ``fit()`` (the bootstrap) returns
  :class:`ResponseLags`; :func:`response_lags` is the one-call wrapper.
* :mod:`analysis.models.deterrence` - does a strike deter or provoke the next attack?
  (:class:`~analysis.models.deterrence.DeterrenceModel`, :func:`deterrence`).

Both take an incident table (``analysis.load_incidents()`` or a user's table with
``date``, ``side`` and, for stated triggers, ``incident_id`` and ``retaliation_for``)
and any two sides. Days are local calendar days; the order of two events on the same
day is unknown, so by default a trigger must fall on an *earlier* day.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd

from ..exceptions import warn as _warn, DataError, DataWarning, SpecificationError
from ..reporting import Summary
from .base import (ModelResults, as_rng, check_alpha, check_choice, check_positive_int,
                   renamed_keyword)

__all__ = ["ResponseLagModel", "response_lags", "ResponseLags", "TRIGGER_RULES",
           "MATCHED_BOOTSTRAP", "DeterrenceModel", "deterrence", "DeterrenceResults"]

#: How triggers are found (``triggers=`` of :func:`response_lags`).
TRIGGER_RULES = ("stated_or_nearest", "stated", "nearest")

#: How the bootstrap resamples the matched baseline and the lift
#: (``matched_bootstrap=`` of :meth:`ResponseLagModel.fit`): ``"trigger_days"`` resamples
#: trigger days with their matched baselines, each stratum's control share held fixed;
#: ``"days"`` resamples moving blocks of calendar days, trigger and control days
#: together, and recomputes the control shares in every draw.
MATCHED_BOOTSTRAP = ("trigger_days", "days")


def __getattr__(name):
    # the deterrence model lives in its own module (imported on first use: no cycle)
    if name in ("DeterrenceModel", "deterrence", "DeterrenceResults"):
        from . import deterrence as _det
        return getattr(_det, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ---------------------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------------------
def _prepare(incidents: pd.DataFrame, sides: list[str]) -> pd.DataFrame:
    if not isinstance(incidents, pd.DataFrame):
        raise DataError("incidents must be a DataFrame (e.g. analysis.load_incidents())")
    missing = [c for c in ("date", "side") if c not in incidents.columns]
    if missing:
        raise DataError(f"the incident table has no {missing} column(s)")
    inc = incidents.copy()
    inc["date"] = pd.to_datetime(inc["date"]).dt.normalize()
    if inc["date"].isna().any():
        raise DataError("some incidents have no date", column="date")
    if inc["side"].isna().any():
        raise DataError("some incidents have no side", column="side")
    inc["side"] = inc["side"].astype(str)
    present = sorted(inc["side"].unique())
    for s in sides:
        if not isinstance(s, str):
            raise SpecificationError(f"sides are strings, got {s!r}")
        if s not in present:
            raise SpecificationError(f"side {s!r} is not in the table; sides present: "
                                     f"{present}")
    if len(set(sides)) != len(sides):
        raise SpecificationError(f"the two sides must differ, got {sides}")
    return inc


def _window(inc: pd.DataFrame, start, end):
    lo = pd.Timestamp(start).normalize() if start is not None else inc["date"].min()
    hi = pd.Timestamp(end).normalize() if end is not None else inc["date"].max()
    if hi < lo:
        raise SpecificationError(f"end ({hi.date()}) is before start ({lo.date()})")
    return lo, hi


def _boot_indices(n: int, n_boot: int, block: int, rng) -> np.ndarray:
    """(n_boot, n) resampled positions: iid (block=1) or moving blocks in time order."""
    if block <= 1 or n <= 1:
        return rng.integers(0, n, size=(n_boot, n))
    block = min(block, n)
    n_blocks = math.ceil(n / block)
    starts = rng.integers(0, n - block + 1, size=(n_boot, n_blocks))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n_boot, -1)
    return idx[:, :n]


def _pct_ci(samples: np.ndarray, alpha: float):
    return (float(np.quantile(samples, alpha / 2)), float(np.quantile(samples, 1 - alpha / 2)))


def _matched_days_boot(hit, is_trig, is_ctrl, strata, n_boot, block, rng):
    """Matched baselines and lifts over ``n_boot`` moving-block resamples of calendar
    days (positions with full follow-up): each draw takes the trigger and control days
    of the drawn blocks together, recomputes every stratum's control share from the
    drawn control days and averages it over the drawn trigger days (trigger days whose
    stratum has no drawn control day are left out, as in the estimate). Returns
    ``(matched_baseline, lift)``, arrays of ``n_boot`` (NaN where a draw has no usable
    trigger day or a zero baseline)."""
    n = len(hit)
    idx = _boot_indices(n, n_boot, block, rng)
    codes = np.unique(strata, return_inverse=True)[1].reshape(-1)
    n_s = int(codes.max()) + 1
    cell = codes[idx] + np.arange(n_boot)[:, None] * n_s      # (draw, stratum) cells
    h = hit[idx].astype(float)
    c = is_ctrl[idx]
    n_c = np.bincount(cell[c], minlength=n_boot * n_s)
    h_c = np.bincount(cell[c], weights=h[c], minlength=n_boot * n_s)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n_c > 0, h_c / np.maximum(n_c, 1), np.nan)
    t = is_trig[idx] & (n_c[cell] > 0)
    n_t = t.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mb = np.where(t, share[cell], 0.0).sum(axis=1) / n_t
        th = np.where(t, h, 0.0).sum(axis=1) / n_t
        lift = np.where(mb > 0, th / mb, np.nan)
    return mb, lift


# ---------------------------------------------------------------------------------------
# Response lags
# ---------------------------------------------------------------------------------------
class ResponseLagModel:
    r"""Lags between each event of ``responder`` and the event(s) that triggered it.

    How long one side takes to respond, and how likely a response is within
    ``k`` days, with bootstrap intervals.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and ``side``; ``incident_id`` and ``retaliation_for`` for stated
        triggers; ``n_attacks`` and ``date_precision`` are carried along if present.
    responder, trigger_side : str
        Values of ``side``, e.g. ``"us"`` and ``"militia"`` for US strikes after militia
        attacks, or the reverse.
    triggers : {"stated_or_nearest", "stated", "nearest"}
    same_day : bool
        Let an event on the same day count as the nearest trigger (off by default: the
        order within a day is unknown). Stated triggers may always be on the same day.
    max_lag : int, optional
        Nearest triggers further back than this many days do not count (``"none"``).
    start, end : date-like, optional
        The observation window for ``response_prob`` and ``baseline`` (default: first
        and last incident of the table).
    phases : list of dates or phase table, optional
        Adds the phase-matched baseline (``matched_baseline``, ``lift``): phases from
        external events or fixed before looking at the responses, never derived from
        them (``[]`` matches on the day of the week only).

    See Also
    --------
    analysis.response_lags : Build and fit this model in one call.

    Notes
    -----
    The model finds the triggers and the lags (``lags``); :meth:`fit` computes the
    distribution and the within-``k`` probabilities with bootstrap intervals and returns
    a :class:`ResponseLags`. :func:`response_lags` does both in one call.

    **Triggers.** For a responding incident on day :math:`d_r`:

    * ``"stated"``: the incidents of ``trigger_side`` named in its ``retaliation_for``
      (';'-separated ``incident_id``; ids that are not in the table, of another side or
      later than :math:`d_r` are ignored and listed in ``unmatched_ids``). The lag is
      :math:`d_r - d_g` for the *most recent* stated trigger :math:`g` (``lag``) and for
      the earliest (``lag_first``); a stated trigger on the same day gives lag 0.
    * ``"nearest"``: the most recent day :math:`d_g < d_r` (:math:`\le` with
      ``same_day=True``) with an event of ``trigger_side``; lag :math:`d_r - d_g`.
    * ``"stated_or_nearest"`` (default): stated triggers where the sources name any,
      the nearest event otherwise. Column ``source`` says which (``"stated"``,
      ``"nearest"``) or ``"none"`` (no earlier event, or none within ``max_lag``; the lag
      is then missing).

    **Probability of a response within k days.** Two quantities, for each ``k``:

    * ``share_of_responses``: :math:`P(\text{lag} \le k)` among the responding events
      with a trigger (the empirical CDF of the lags);
    * ``response_prob``: among the *days* with an event of ``trigger_side`` (and at
      least ``k`` days of follow-up before ``end``), the share followed by at least
      one ``responder`` event on days :math:`d+1 .. d+k` (:math:`d .. d+k` with
      ``same_day=True``), whether or not the sources link the two;
    * ``baseline``: the same share over *every* day of the window - the chance of a
      ``responder`` event within ``k`` days of an arbitrary day. A response probability
      close to the baseline says little about responsiveness.
    * ``matched_baseline`` (with ``phases``): the same share over *matched control
      days* - days without a ``trigger_side`` event from the same phase and day of the
      week as each trigger day (:func:`analysis.matched_controls`), averaged over the
      trigger days; ``lift`` = ``response_prob / matched_baseline``. The unmatched
      baseline mixes hot and quiet periods, so a lift against it partly measures that
      trigger days fall in hot periods; the matched one compares within phases.

    Intervals are bootstrap percentile intervals: over responding events for the lag
    quantities, over trigger days for ``response_prob`` (iid, or moving blocks of
    ``block`` consecutive trigger days to respect clustering in time).

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> res = analysis.ResponseLagModel(dyad_incidents(), "us", "militia").fit(rng=1)
    >>> res.median_lag, res.within                 # doctest: +SKIP
    >>> res.plot()                                  # doctest: +SKIP
    """

    def __init__(self, incidents: pd.DataFrame, responder: str, trigger_side: str, *,
                 triggers: str = "stated_or_nearest", same_day: bool = False,
                 max_lag: int | None = None, start=None, end=None, phases=None):
        check_choice("triggers", triggers, TRIGGER_RULES)
        if max_lag is not None:
            max_lag = check_positive_int("max_lag", max_lag, 0)
        inc = _prepare(incidents, [responder, trigger_side])
        if triggers != "nearest":
            for c in ("incident_id", "retaliation_for"):
                if c not in inc.columns:
                    if triggers == "stated":
                        raise DataError(f"triggers='stated' needs the {c!r} column")
                    _warn(f"the table has no {c!r} column: every trigger is the "
                          "nearest preceding event (triggers='nearest')", DataWarning)
                    triggers = "nearest"
                    break
        lo, hi = _window(inc, start, end)
        resp = inc[inc["side"] == responder].sort_values("date", kind="stable")
        trig = inc[inc["side"] == trigger_side].sort_values("date", kind="stable")
        if len(resp) == 0:
            raise DataError(f"no events of the responding side {responder!r}")
        if len(trig) == 0:
            raise DataError(f"no events of the trigger side {trigger_side!r}")
        self.responder, self.trigger_side = responder, trigger_side
        self.triggers, self.same_day, self.max_lag = triggers, bool(same_day), max_lag
        self.window = (lo, hi)
        self.phases = phases
        self.lags = _lag_table(resp, trig, triggers, same_day, max_lag)
        self._resp, self._trig = resp, trig

    @property
    def sides(self) -> list:
        """list of str: ``[responder, trigger_side]``."""
        return [self.responder, self.trigger_side]

    @property
    def nobs(self) -> int:
        """int: responding events."""
        return int(len(self.lags))

    def __repr__(self) -> str:
        return (f"ResponseLagModel({self.responder!r} after {self.trigger_side!r}, "
                f"triggers={self.triggers!r}, {self.nobs} responding events)")

    def fit(self, k=(1, 2, 3, 7, 14), *, n_boot: int = 1000, alpha: float = 0.05,
            block_length: int = 1, matched_bootstrap: str = "trigger_days",
            day_block_length: int = 14, rng=None, **renamed) -> "ResponseLags":
        """Lag distribution and within-``k`` probabilities with bootstrap intervals.

        Parameters
        ----------
        k : sequence of int
            Horizons in days for the within-k probabilities.
        n_boot : int
            Bootstrap replications (0 for no intervals; then ``rng`` is not needed).
        alpha : float
            1 - confidence level.
        block_length : int
            Block length (in trigger days / responding events) of the moving-block
            bootstrap (1: iid).
        matched_bootstrap : {"trigger_days", "days"}
            How the intervals of ``matched_baseline`` and ``lift`` (with ``phases``)
            resample (:data:`MATCHED_BOOTSTRAP`): ``"trigger_days"`` (default) resamples
            trigger days with their matched baselines and holds each stratum's
            control-day share fixed, so the sampling variation of the control days is
            left out; ``"days"`` resamples moving blocks of ``day_block_length``
            calendar days, trigger and control days together, and recomputes the
            control shares in every draw (numerator and baseline of the lift from the
            same draw).
        day_block_length : int
            Block length in calendar days of ``matched_bootstrap="days"`` (at least
            ``k + 1`` for each horizon ``k``: the follow-up windows overlap).
        rng : numpy.random.Generator or int
            Source of the bootstrap draws; required when ``n_boot > 0`` (``None`` is
            refused).

        Returns
        -------
        ResponseLags
        """
        if renamed:
            renamed_keyword(renamed, "ResponseLagModel.fit", {"block": "block_length"})
        ks = [check_positive_int("k", v, 1) for v in np.atleast_1d(k).tolist()]
        if not ks:
            raise SpecificationError("k must name at least one horizon in days")
        n_boot = check_positive_int("n_boot", n_boot, 0)
        block = check_positive_int("block_length", block_length, 1)
        alpha = check_alpha(alpha)
        check_choice("matched_bootstrap", matched_bootstrap, MATCHED_BOOTSTRAP)
        day_block = check_positive_int("day_block_length", day_block_length, 1)
        gen = as_rng(rng) if n_boot else None
        return ResponseLags(self, ks=ks, n_boot=n_boot, alpha=alpha, block=block, rng=gen,
                            matched=(matched_bootstrap, day_block))


def response_lags(incidents: pd.DataFrame, responder: str, trigger_side: str, *,
                  triggers: str = "stated_or_nearest", same_day: bool = False,
                  max_lag: int | None = None, k=(1, 2, 3, 7, 14), start=None, end=None,
                  phases=None, n_boot: int = 1000, alpha: float = 0.05, block_length: int = 1,
                  matched_bootstrap: str = "trigger_days", day_block_length: int = 14,
                  rng=None, **renamed) -> "ResponseLags":
    """Response lags in one call: ``ResponseLagModel(...).fit(k, ...)``.

    ``ResponseLagModel(incidents, responder, trigger_side, ...).fit(k, ...)`` in one
    call.

    See Also
    --------
    analysis.ResponseLagModel : The definitions of triggers, lags and probabilities.

    Notes
    -----
    See :class:`ResponseLagModel` for the definitions and
    :meth:`ResponseLagModel.fit` for ``k``, ``n_boot``, ``alpha``, ``block_length``,
    ``matched_bootstrap``, ``day_block_length`` and ``rng`` (required when
    ``n_boot > 0``).

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> res = analysis.response_lags(dyad_incidents(), "us", "militia", rng=1)
    >>> res.median_lag, res.within                 # doctest: +SKIP
    """
    if renamed:
        renamed_keyword(renamed, "response_lags", {"block": "block_length"})
    model = ResponseLagModel(incidents, responder, trigger_side, triggers=triggers,
                             same_day=same_day, max_lag=max_lag, start=start, end=end,
                             phases=phases)
    return model.fit(k, n_boot=n_boot, alpha=alpha, block_length=block_length,
                     matched_bootstrap=matched_bootstrap, day_block_length=day_block_length,
                     rng=rng)


def _split_ids(v) -> list[str]:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return []
    return [p.strip() for p in str(v).split(";") if p.strip()]


def _lag_table(resp, trig, triggers, same_day, max_lag) -> pd.DataFrame:
    trig_dates = trig["date"].to_numpy(dtype="datetime64[ns]")
    trig_ids = trig["incident_id"].astype(str).to_numpy() if "incident_id" in trig else \
        np.array([""] * len(trig))
    by_id = dict(zip(trig_ids, trig_dates))
    rows = []
    for _, r in resp.iterrows():
        d = np.datetime64(r["date"], "ns")
        stated = _split_ids(r.get("retaliation_for")) if triggers != "nearest" else []
        matched = [i for i in stated if i in by_id and by_id[i] <= d]
        unmatched = [i for i in stated if i not in matched]
        rec = {"incident_id": r.get("incident_id", pd.NA), "date": r["date"],
               "stated_ids": ";".join(stated) if stated else pd.NA,
               "unmatched_ids": ";".join(unmatched) if unmatched else pd.NA}
        if matched:
            dates = np.array([by_id[i] for i in matched])
            rec.update(source="stated", trigger_ids=";".join(matched),
                       trigger_date=pd.Timestamp(dates.max()),
                       lag=int((d - dates.max()) / np.timedelta64(1, "D")),
                       lag_first=int((d - dates.min()) / np.timedelta64(1, "D")))
        elif triggers == "stated":
            rec.update(source="none", trigger_ids=pd.NA, trigger_date=pd.NaT, lag=pd.NA,
                       lag_first=pd.NA)
        else:
            pos = np.searchsorted(trig_dates, d, side="right" if same_day else "left") - 1
            if pos >= 0:
                g = trig_dates[pos]
                lag = int((d - g) / np.timedelta64(1, "D"))
                if max_lag is not None and lag > max_lag:
                    pos = -1
            if pos >= 0:
                ids = trig_ids[trig_dates == g]
                rec.update(source="nearest", trigger_ids=";".join(ids),
                           trigger_date=pd.Timestamp(g), lag=lag, lag_first=lag)
            else:
                rec.update(source="none", trigger_ids=pd.NA, trigger_date=pd.NaT,
                           lag=pd.NA, lag_first=pd.NA)
        for c in ("n_attacks", "date_precision"):
            if c in r.index:
                rec[c] = r[c]
        rows.append(rec)
    out = pd.DataFrame(rows)
    cols = ["incident_id", "date", "source", "lag", "lag_first", "trigger_date",
            "trigger_ids", "stated_ids", "unmatched_ids"] + \
        [c for c in ("n_attacks", "date_precision") if c in out.columns]
    out = out[cols]
    out["lag"] = out["lag"].astype("Int64")
    out["lag_first"] = out["lag_first"].astype("Int64")
    out["source"] = pd.Categorical(out["source"], categories=["stated", "nearest", "none"])
    return out.reset_index(drop=True)


class ResponseLags(ModelResults):
    r"""Response lags of one side to another (returned by :func:`response_lags`).

    Attributes
    ----------
    lags : DataFrame
        One row per responding incident: ``incident_id``, ``date``, ``source``
        (``stated``/``nearest``/``none``), ``lag`` (days since the most recent
        trigger; missing when ``source == "none"``), ``lag_first`` (since the earliest
        stated trigger), ``trigger_date``, ``trigger_ids``, ``stated_ids`` (as coded),
        ``unmatched_ids`` (stated ids not usable: absent, other side, or later), and
        ``n_attacks`` / ``date_precision`` when the table has them.
    distribution : DataFrame
        Count, mean, quartiles and maximum of the lags, for all responses with a trigger
        and by source.
    median_lag : float
        Median lag over responses with a trigger; ``median_lag_ci`` its bootstrap
        interval (None without bootstrap).
    within : DataFrame
        Index ``k`` (days): ``share_of_responses`` (:math:`P(\text{lag}\le k)`),
        ``response_prob`` (share of trigger days followed by a response within ``k``
        days), ``baseline`` (the same for every day), each with ``_lower``/``_upper``
        bootstrap bounds, and ``n_trigger_days`` with full follow-up.
    model : ResponseLagModel
    params : Series
        The point estimates: ``median_lag`` and, for each ``k``,
        ``share_of_responses[k]``, ``response_prob[k]``, ``baseline[k]``;
        :meth:`conf_int` gives their bootstrap percentile intervals.
    responder, trigger_side, triggers, same_day, max_lag, window, alpha, n_boot, block_length
        The specification.
    matched_bootstrap, day_block_length
        How the matched baseline and the lift were resampled
        (:meth:`ResponseLagModel.fit`).
    """

    _renamed = {"plot_lags": "plot", "block": "block_length"}

    def __init__(self, model, *, ks, n_boot, alpha, block, rng,
                 matched=("trigger_days", 14)):
        # called by ResponseLagModel.fit() only
        self.model = model
        lags, resp, trig = model.lags, model._resp, model._trig
        responder, trigger_side = model.responder, model.trigger_side
        self.lags = lags
        self.responder, self.trigger_side = responder, trigger_side
        self.triggers, self.same_day, self.max_lag = (model.triggers, model.same_day,
                                                      model.max_lag)
        self.window, self.n_boot, self.alpha = model.window, n_boot, alpha
        self.block_length = block
        self.matched_bootstrap, self.day_block_length = matched
        has = lags["lag"].notna().to_numpy()
        lag_vals = lags.loc[has, "lag"].to_numpy(dtype=float)
        self._lag_vals = lag_vals
        self.distribution = self._describe()
        if len(lag_vals) == 0:
            _warn(f"no {responder!r} event has a trigger of {trigger_side!r}; the "
                  "lag distribution is empty (check triggers=, max_lag=)",
                  DataWarning)
            self.median_lag, self.median_lag_ci = None, None
        else:
            self.median_lag = float(np.median(lag_vals))
            self.median_lag_ci = None
        self.within = self._within(resp, trig, ks, rng)

    def _describe(self) -> pd.DataFrame:
        rows = {}
        groups = [("all", self.lags["lag"].notna())] + \
            [(s, self.lags["source"] == s) for s in ("stated", "nearest")]
        for name, m in groups:
            v = self.lags.loc[m, "lag"].dropna().to_numpy(dtype=float)
            if len(v) == 0:
                rows[name] = {"n": 0, "mean": None, "q25": None, "median": None,
                              "q75": None, "max": None}
                continue
            rows[name] = {"n": len(v), "mean": v.mean(), "q25": np.quantile(v, 0.25),
                          "median": np.median(v), "q75": np.quantile(v, 0.75),
                          "max": v.max()}
        out = pd.DataFrame(rows).T
        out.index.name = "triggers"
        out.loc["none", "n"] = int((self.lags["source"] == "none").sum())
        return out

    def _within(self, resp, trig, ks, rng) -> pd.DataFrame:
        lo, hi = self.window
        days = pd.date_range(lo, hi, freq="D")
        T = len(days)
        rd = resp["date"]
        rd = rd[(rd >= lo) & (rd <= hi)]
        has_resp = np.zeros(T, bool)
        has_resp[((rd - lo).dt.days).to_numpy()] = True
        cum = np.concatenate([[0], np.cumsum(has_resp)])
        td = trig["date"]
        td = np.unique(((td[(td >= lo) & (td <= hi)] - lo).dt.days).to_numpy())
        first = 0 if self.same_day else 1
        phases = self.model.phases
        if phases is not None:
            from .event_study import matched_controls
            is_trig = np.zeros(T, bool)
            is_trig[td] = True
            strata = matched_controls(days, is_trig, phases)["stratum"].to_numpy()
        lag_vals = self._lag_vals
        rows = []
        boot_lag = _boot_indices(len(lag_vals), self.n_boot, self.block_length, rng) \
            if self.n_boot and len(lag_vals) else None
        if boot_lag is not None:
            med = np.median(lag_vals[boot_lag], axis=1)
            self.median_lag_ci = _pct_ci(med, self.alpha)
        for k in ks:
            # any response on days d+first .. d+k (positions), only with full follow-up
            def hit(d):
                return (cum[np.minimum(d + k + 1, T)] - cum[d + first]) > 0
            all_days = np.arange(T - k)
            base = hit(all_days) if len(all_days) else np.array([], bool)
            tdays = td[td + k <= T - 1]
            th = hit(tdays) if len(tdays) else np.array([], bool)
            rec = {"k": k,
                   "share_of_responses": float(np.mean(lag_vals <= k)) if len(lag_vals)
                   else np.nan,
                   "response_prob": float(th.mean()) if len(th) else np.nan,
                   "baseline": float(base.mean()) if len(base) else np.nan,
                   "n_trigger_days": int(len(th))}
            if phases is not None:
                # per trigger day: the share of its matched control days (same phase and
                # weekday, no trigger, full follow-up) followed by a response
                ctrl = np.flatnonzero(~is_trig[:T - k]) if T > k else np.array([], int)
                ch = hit(ctrl) if len(ctrl) else np.array([], bool)
                by_s = pd.Series(ch.astype(float)).groupby(strata[ctrl]).mean()
                mb = by_s.reindex(strata[tdays]).to_numpy() if len(tdays) else np.array([])
                keep = np.isfinite(mb)
                thm, mb = th[keep].astype(float), mb[keep]
                rec["matched_baseline"] = float(mb.mean()) if len(mb) else np.nan
                rec["lift"] = (float(thm.mean() / mb.mean()) if len(mb) and mb.mean() > 0
                               else np.nan)
            if self.n_boot:
                if len(lag_vals):
                    b = np.mean(lag_vals[boot_lag] <= k, axis=1)
                    rec["share_of_responses_lower"], rec["share_of_responses_upper"] = \
                        _pct_ci(b, self.alpha)
                if len(th):
                    idx = _boot_indices(len(th), self.n_boot, self.block_length, rng)
                    rec["response_prob_lower"], rec["response_prob_upper"] = \
                        _pct_ci(th[idx].mean(axis=1), self.alpha)
                if phases is not None and len(mb) and self.matched_bootstrap == "days":
                    # blocks of calendar days, trigger and control days together
                    pos = np.arange(T - k)
                    bm, bl = _matched_days_boot(
                        hit(pos), is_trig[:T - k], ~is_trig[:T - k], strata[:T - k],
                        self.n_boot, max(self.day_block_length, k + 1), rng)
                    if np.isfinite(bm).any():
                        rec["matched_baseline_lower"], rec["matched_baseline_upper"] = \
                            _pct_ci(bm[np.isfinite(bm)], self.alpha)
                    if np.isfinite(bl).any():
                        rec["lift_lower"], rec["lift_upper"] = _pct_ci(
                            bl[np.isfinite(bl)], self.alpha)
                elif phases is not None and len(mb):
                    # trigger days resampled with their matched baselines
                    idx = _boot_indices(len(mb), self.n_boot, self.block_length, rng)
                    bm = mb[idx].mean(axis=1)
                    rec["matched_baseline_lower"], rec["matched_baseline_upper"] = \
                        _pct_ci(bm, self.alpha)
                    ok = bm > 0
                    if ok.any():
                        rec["lift_lower"], rec["lift_upper"] = _pct_ci(
                            thm[idx].mean(axis=1)[ok] / bm[ok], self.alpha)
                if len(base):
                    # baseline: moving blocks of days (block = k + 1 covers the overlap)
                    idx = _boot_indices(len(base), self.n_boot, max(self.block_length, k + 1), rng)
                    rec["baseline_lower"], rec["baseline_upper"] = \
                        _pct_ci(base[idx].mean(axis=1), self.alpha)
            rows.append(rec)
        out = pd.DataFrame(rows).set_index("k")
        order = ["share_of_responses", "share_of_responses_lower",
                 "share_of_responses_upper", "response_prob", "response_prob_lower",
                 "response_prob_upper", "baseline", "baseline_lower", "baseline_upper",
                 "matched_baseline", "matched_baseline_lower", "matched_baseline_upper",
                 "lift", "lift_lower", "lift_upper", "n_trigger_days"]
        return out[[c for c in order if c in out.columns]]

    # -- the shared results interface ------------------------------------------------
    _PARAMS = ("share_of_responses", "response_prob", "baseline", "matched_baseline",
               "lift")

    @property
    def params(self) -> pd.Series:
        """Series: ``median_lag`` and the within-``k`` probabilities (labels
        ``"<quantity>[<k>]"``); quantities without data are left out."""
        vals = {} if self.median_lag is None else {"median_lag": self.median_lag}
        for q in self._PARAMS:
            if q not in self.within:
                continue
            for k, v in self.within[q].items():
                if pd.notna(v):
                    vals[f"{q}[{k}]"] = float(v)
        return pd.Series(vals, name="params", dtype=float)

    @property
    def llf(self):
        """Not defined: response lags are descriptive statistics, not a likelihood fit."""
        raise AttributeError("ResponseLags has no likelihood (llf, aic, bic): its "
                             "quantities are descriptive, with bootstrap intervals")

    def cov_params(self) -> pd.DataFrame:
        """Not defined: the intervals are bootstrap percentiles; use :meth:`conf_int`."""
        raise AttributeError("ResponseLags has no covariance matrix: its intervals are "
                             "bootstrap percentile intervals (conf_int())")

    @property
    def bse(self):
        """Not defined: see :meth:`cov_params`."""
        return self.cov_params()

    def _check_level(self, alpha):
        if alpha is not None and check_alpha(alpha) != self.alpha:
            raise SpecificationError(f"the bootstrap intervals were computed at "
                                     f"alpha={self.alpha}; refit with alpha={alpha}")

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Bootstrap percentile intervals of ``params`` (columns ``lower``, ``upper``).

        Parameters
        ----------
        alpha : float, optional
            Must be the level of the fit, if given (the bootstrap was summarised at it).
        """
        self._check_level(alpha)
        if not self.n_boot:
            raise SpecificationError("no bootstrap intervals: fit with n_boot > 0 and rng=")
        rows = {}
        if self.median_lag_ci is not None:
            rows["median_lag"] = self.median_lag_ci
        for q in self._PARAMS:
            if f"{q}_lower" in self.within:
                for k, r in self.within.iterrows():
                    if pd.notna(r[q]) and pd.notna(r[f"{q}_lower"]):
                        rows[f"{q}[{k}]"] = (r[f"{q}_lower"], r[f"{q}_upper"])
        out = pd.DataFrame.from_dict(rows, orient="index", columns=["lower", "upper"])
        return out.reindex([i for i in self.params.index if i in out.index])

    # -- reporting ---------------------------------------------------------------------
    def summary(self, alpha: float | None = None) -> Summary:
        """Lag distribution and within-``k`` probabilities with their intervals.

        Parameters
        ----------
        alpha : float, optional
            Must be the level of the fit, if given (the bootstrap was summarised at it).
        """
        self._check_level(alpha)
        src = self.lags["source"].value_counts().reindex(["stated", "nearest", "none"],
                                                         fill_value=0)
        ci = (f" ({1 - self.alpha:.0%} CI {self.median_lag_ci[0]:g}-"
              f"{self.median_lag_ci[1]:g})" if self.median_lag_ci else "")
        info = [("Responding side", self.responder),
                ("Trigger side", self.trigger_side),
                ("Trigger rule", self.triggers + (", same day allowed" if self.same_day
                                                  else "")),
                ("Responding events", len(self.lags)),
                ("Stated / nearest / none", f"{src['stated']} / {src['nearest']} / "
                                            f"{src['none']}"),
                ("Median lag (days)", "-" if self.median_lag is None else
                 f"{self.median_lag:g}{ci}"),
                ("Window", f"{self.window[0]:%Y-%m-%d} to {self.window[1]:%Y-%m-%d}"),
                ("Bootstrap", f"{self.n_boot} replications, block {self.block_length}"
                 + (f"; matched baseline and lift: blocks of {self.day_block_length} "
                    "calendar days (trigger and control days resampled together)"
                    if self.model.phases is not None and self.matched_bootstrap == "days"
                    else "") if self.n_boot else "none")]
        notes = ["share_of_responses: P(lag <= k) among responses with a trigger. "
                 "response_prob: share of trigger days followed by a response within k "
                 "days; baseline: the same for an arbitrary day.",
                 "Lags are in calendar days; 'nearest' triggers are a proximity rule, "
                 "not evidence of a link."]
        out = Summary(f"Response lags: {self.responder} after {self.trigger_side}", info,
                      [("Lag distribution (days)", self.distribution),
                       ("Probability of a response within k days", self.within)], notes)
        empty = [r for r in self.distribution.index
                 if self.distribution.loc[r].drop("n", errors="ignore").isna().all()]
        if empty:
            out.explain_missing("no responding event has a trigger of this kind (n = 0), "
                                "so its lags have no mean or quantiles",
                                table="Lag distribution (days)", rows=empty)
        return out

    def plot(self, ax=None, *, max_days: int | None = 30):
        """Histogram of the lags (days), stacked by trigger source. Returns the Axes."""
        from ..plotting import new_figure, side_color, side_label, style

        if ax is None:
            _, ax = new_figure("single")
        with style():
            v = self.lags.dropna(subset=["lag"])
            top = int(v["lag"].max()) if len(v) else 1
            top = min(top, max_days) if max_days else top
            bins = np.arange(-0.5, top + 1.5, 1.0)
            data, labels, colors = [], [], []
            base = side_color(self.responder)
            for s, c in (("stated", base), ("nearest", "0.65")):
                x = v.loc[v["source"] == s, "lag"].to_numpy(dtype=float)
                data.append(np.minimum(x, top))
                labels.append(f"{s} trigger (n={len(x)})")
                colors.append(c)
            ax.hist(data, bins=bins, stacked=True, color=colors, label=labels,
                    edgecolor="white", linewidth=0.3)
            ax.set_xlabel(f"days since the {side_label(self.trigger_side)} event"
                          + (f"\n(>= {top} pooled)" if max_days and top == max_days else ""))
            ax.set_ylabel(f"{side_label(self.responder)} events")
            ax.set_title(f"{side_label(self.responder)} after {side_label(self.trigger_side)}")
            ax.legend(frameon=False)
        return ax

    def plot_within(self, ax=None):
        """P(response within k days) with intervals against the baseline. Returns Axes."""
        from ..plotting import new_figure, side_color, side_label, style
        from ..sides import _with_article

        if ax is None:
            _, ax = new_figure("single")
        w = self.within
        with style():
            col = side_color(self.responder)
            ax.plot(w.index, w["response_prob"], "o-", color=col, ms=3,
                    label=f"after {_with_article(side_label(self.trigger_side))} event day")
            if "response_prob_lower" in w:
                ax.fill_between(w.index, w["response_prob_lower"], w["response_prob_upper"],
                                color=col, alpha=0.2, lw=0)
            ax.plot(w.index, w["baseline"], "s--", color="0.4", ms=3,
                    label="after an arbitrary day")
            if "baseline_lower" in w:
                ax.fill_between(w.index, w["baseline_lower"], w["baseline_upper"],
                                color="0.4", alpha=0.15, lw=0)
            ax.set_xlabel("k (days)")
            ax.set_ylabel(f"P({side_label(self.responder)} event\nwithin k days)")
            ax.set_ylim(0, 1)
            ax.fill_between([], [], [], color="0.5", alpha=0.3, lw=0,
                            label=f"pointwise {100 * (1 - self.alpha):g}% bootstrap interval")
            ax.legend(frameon=False)
        return ax

    def __repr__(self) -> str:
        return (f"ResponseLags({self.responder} after {self.trigger_side}: "
                f"{len(self.lags)} events, median lag {self.median_lag})")
