r"""Retaliation timing: response lags and the hazard of the next attack after a strike.

* :func:`response_lags` - for every event of a responding side, the lag in days since
  the event(s) of the other side that triggered it: the triggers the sources name
  (``retaliation_for``) where there are any, otherwise the nearest preceding event of
  the other side (the output says which). With the lag distribution, the probability
  of a response within ``k`` days with bootstrap intervals, and the same probability
  for an arbitrary day (the baseline a "response" must beat).
* :func:`deterrence` - does a strike deter or provoke the next attack? Kaplan-Meier
  curves of the time to the next attack from strike days and from quiet days, and a
  Cox model (statsmodels ``PHReg``) with cluster-robust errors.

Both take an incident table (``analysis.load_incidents()`` or a user's table with
``date``, ``side`` and, for stated triggers, ``incident_id`` and ``retaliation_for``)
and any two sides. Days are local calendar days; the order of two events on the same
day is unknown, so by default a trigger must fall on an *earlier* day.
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np
import pandas as pd
from scipy import stats

from ..data import phase_of
from ..exceptions import DataError, DataWarning, EstimationError, SpecificationError
from ..reporting import HypothesisTest, Summary

__all__ = ["response_lags", "ResponseLags", "deterrence", "DeterrenceResults",
           "TRIGGER_RULES"]

#: How triggers are found (``triggers=`` of :func:`response_lags`).
TRIGGER_RULES = ("stated_or_nearest", "stated", "nearest")
_TIES = ("efron", "breslow")


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


def _rng(rng) -> np.random.Generator:
    return rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)


def _check_int(name, v, lo=0):
    if isinstance(v, bool) or not isinstance(v, numbers.Integral) or v < lo:
        raise SpecificationError(f"{name} must be an integer >= {lo}, got {v!r}")
    return int(v)


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


# ---------------------------------------------------------------------------------------
# Response lags
# ---------------------------------------------------------------------------------------
def response_lags(incidents: pd.DataFrame, responder: str, trigger_side: str, *,
                  triggers: str = "stated_or_nearest", same_day: bool = False,
                  max_lag: int | None = None, k=(1, 2, 3, 7, 14), start=None, end=None,
                  n_boot: int = 1000, alpha: float = 0.05, block: int = 1,
                  rng=None) -> "ResponseLags":
    r"""Lags between each event of ``responder`` and the event(s) that triggered it.

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

    Intervals are bootstrap percentile intervals: over responding events for the lag
    quantities, over trigger days for ``response_prob`` (iid, or moving blocks of
    ``block`` consecutive trigger days to respect clustering in time).

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
    k : sequence of int
        Horizons in days for the within-k probabilities.
    start, end : date-like, optional
        The observation window for ``response_prob`` and ``baseline`` (default: first
        and last incident of the table).
    n_boot : int
        Bootstrap replications (0 for no intervals).
    alpha : float
        1 - confidence level.
    block : int
        Block length (in trigger days / responding events) of the moving-block bootstrap.
    rng : numpy.random.Generator or seed
        Source of the bootstrap draws.

    Returns
    -------
    ResponseLags

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> res = analysis.response_lags(dyad_incidents(), "us", "militia", rng=1)
    >>> res.median_lag, res.within                 # doctest: +SKIP
    >>> res.plot()                                  # doctest: +SKIP
    """
    if triggers not in TRIGGER_RULES:
        raise SpecificationError(f"triggers must be one of {list(TRIGGER_RULES)}, got "
                                 f"{triggers!r}")
    if max_lag is not None:
        max_lag = _check_int("max_lag", max_lag, 0)
    ks = [_check_int("k", v, 1) for v in np.atleast_1d(k).tolist()]
    if not ks:
        raise SpecificationError("k must name at least one horizon in days")
    n_boot = _check_int("n_boot", n_boot, 0)
    block = _check_int("block", block, 1)
    if not 0 < alpha < 1:
        raise SpecificationError(f"alpha must be in (0, 1), got {alpha}")
    inc = _prepare(incidents, [responder, trigger_side])
    if triggers != "nearest":
        for c in ("incident_id", "retaliation_for"):
            if c not in inc.columns:
                if triggers == "stated":
                    raise DataError(f"triggers='stated' needs the {c!r} column")
                warnings.warn(f"the table has no {c!r} column: every trigger is the "
                              "nearest preceding event (triggers='nearest')", DataWarning,
                              stacklevel=2)
                triggers = "nearest"
                break
    lo, hi = _window(inc, start, end)
    resp = inc[inc["side"] == responder].sort_values("date", kind="stable")
    trig = inc[inc["side"] == trigger_side].sort_values("date", kind="stable")
    if len(resp) == 0:
        raise DataError(f"no events of the responding side {responder!r}")
    if len(trig) == 0:
        raise DataError(f"no events of the trigger side {trigger_side!r}")
    lags = _lag_table(resp, trig, triggers, same_day, max_lag)
    return ResponseLags(lags, resp, trig, responder=responder, trigger_side=trigger_side,
                        triggers=triggers, same_day=same_day, max_lag=max_lag, ks=ks,
                        window=(lo, hi), n_boot=n_boot, alpha=alpha, block=block,
                        rng=_rng(rng))


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


class ResponseLags:
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
    responder, trigger_side, triggers, same_day, max_lag, window, alpha, n_boot, block
        The specification.
    """

    def __init__(self, lags, resp, trig, *, responder, trigger_side, triggers, same_day,
                 max_lag, ks, window, n_boot, alpha, block, rng):
        self.lags = lags
        self.responder, self.trigger_side = responder, trigger_side
        self.triggers, self.same_day, self.max_lag = triggers, same_day, max_lag
        self.window, self.n_boot, self.alpha, self.block = window, n_boot, alpha, block
        has = lags["lag"].notna().to_numpy()
        lag_vals = lags.loc[has, "lag"].to_numpy(dtype=float)
        self._lag_vals = lag_vals
        self.distribution = self._describe()
        if len(lag_vals) == 0:
            warnings.warn(f"no {responder!r} event has a trigger of {trigger_side!r}; the "
                          "lag distribution is empty (check triggers=, max_lag=)",
                          DataWarning, stacklevel=3)
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
        lag_vals = self._lag_vals
        rows = []
        boot_lag = _boot_indices(len(lag_vals), self.n_boot, self.block, rng) \
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
            if self.n_boot:
                if len(lag_vals):
                    b = np.mean(lag_vals[boot_lag] <= k, axis=1)
                    rec["share_of_responses_lower"], rec["share_of_responses_upper"] = \
                        _pct_ci(b, self.alpha)
                if len(th):
                    idx = _boot_indices(len(th), self.n_boot, self.block, rng)
                    rec["response_prob_lower"], rec["response_prob_upper"] = \
                        _pct_ci(th[idx].mean(axis=1), self.alpha)
                if len(base):
                    # baseline: moving blocks of days (block = k + 1 covers the overlap)
                    idx = _boot_indices(len(base), self.n_boot, max(self.block, k + 1), rng)
                    rec["baseline_lower"], rec["baseline_upper"] = \
                        _pct_ci(base[idx].mean(axis=1), self.alpha)
            rows.append(rec)
        out = pd.DataFrame(rows).set_index("k")
        order = ["share_of_responses", "share_of_responses_lower",
                 "share_of_responses_upper", "response_prob", "response_prob_lower",
                 "response_prob_upper", "baseline", "baseline_lower", "baseline_upper",
                 "n_trigger_days"]
        return out[[c for c in order if c in out.columns]]

    # -- reporting ---------------------------------------------------------------------
    def summary(self) -> Summary:
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
                ("Bootstrap", f"{self.n_boot} replications, block {self.block}"
                 if self.n_boot else "none")]
        notes = ["share_of_responses: P(lag <= k) among responses with a trigger. "
                 "response_prob: share of trigger days followed by a response within k "
                 "days; baseline: the same for an arbitrary day.",
                 "Lags are in calendar days; 'nearest' triggers are a proximity rule, "
                 "not evidence of a link."]
        return Summary(f"Response lags: {self.responder} after {self.trigger_side}", info,
                       [("Lag distribution (days)", self.distribution),
                        ("Probability of a response within k days", self.within)], notes)

    def plot(self, ax=None, *, max_days: int | None = 30):
        """Histogram of the lags (days), stacked by trigger source. Returns the Axes."""
        from ..plotting import new_figure, side_color, style

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
            ax.set_xlabel(f"days since the {self.trigger_side} event"
                          + (f" (>= {top} pooled)" if max_days and top == max_days else ""))
            ax.set_ylabel(f"{self.responder} events")
            ax.set_title(f"{self.responder} after {self.trigger_side}")
            ax.legend(frameon=False)
        return ax

    plot_lags = plot

    def plot_within(self, ax=None):
        """P(response within k days) with intervals against the baseline. Returns Axes."""
        from ..plotting import new_figure, side_color, style

        if ax is None:
            _, ax = new_figure("single")
        w = self.within
        with style():
            col = side_color(self.responder)
            ax.plot(w.index, w["response_prob"], "o-", color=col, ms=3,
                    label=f"after a {self.trigger_side} event day")
            if "response_prob_lower" in w:
                ax.fill_between(w.index, w["response_prob_lower"], w["response_prob_upper"],
                                color=col, alpha=0.2, lw=0)
            ax.plot(w.index, w["baseline"], "s--", color="0.4", ms=3,
                    label="after an arbitrary day")
            if "baseline_lower" in w:
                ax.fill_between(w.index, w["baseline_lower"], w["baseline_upper"],
                                color="0.4", alpha=0.15, lw=0)
            ax.set_xlabel("k (days)")
            ax.set_ylabel(f"P({self.responder} event within k days)")
            ax.set_ylim(0, 1)
            ax.legend(frameon=False)
        return ax

    def __repr__(self) -> str:
        return (f"ResponseLags({self.responder} after {self.trigger_side}: "
                f"{len(self.lags)} events, median lag {self.median_lag})")


# ---------------------------------------------------------------------------------------
# Deterrence / provocation: time to the next attack
# ---------------------------------------------------------------------------------------
def _phase_numbers(days: pd.DatetimeIndex, phases) -> np.ndarray:
    return phase_of(days, phases).to_numpy()


def deterrence(incidents: pd.DataFrame, attacker: str, striker: str, *,
               horizon: int | None = 30, recent: int = 7, adjust: bool = True,
               phases=None, start=None, end=None, ties: str = "efron",
               alpha: float = 0.05) -> "DeterrenceResults":
    r"""Time to the next attack after a strike day versus after a quiet day.

    **Set-up.** On the daily grid of the window, let :math:`A_d` be the number of
    ``attacker`` incidents and :math:`S_d` of ``striker`` incidents on day :math:`d`.
    Every day :math:`d` starts a clock ("origin") if it is

    * a **strike day**: :math:`S_d > 0` (whatever else happened that day), or
    * a **quiet day**: :math:`S_d = 0` and :math:`A_d = 0`.

    Days with an attack but no strike are not origins. The duration is the gap time
    :math:`G_d = \min\{j \ge 1: A_{d+j} > 0\}` to the next attack day, censored at the
    end of the window and, with ``horizon``, at ``horizon`` days (event indicator
    :math:`\delta_d`). The first ``recent - 1`` days are not origins (their recent
    history is incomplete), nor is the last day (no follow-up).

    **Kaplan-Meier.** :math:`\hat S_g(t) = \prod_{u \le t}(1 - e_{gu}/r_{gu})` for
    origin group :math:`g \in \{\text{strike}, \text{quiet}\}` (statsmodels
    ``SurvfuncRight``), with pointwise log-log intervals from Greenwood's variance:
    the probability that no attack has happened :math:`t` days after the clock starts.

    **Cox model** (statsmodels ``PHReg``):

    .. math::

        h_d(t) = h_{0,k(d)}(t)\,\exp\big(\beta_1\,\mathrm{strike}_d + \beta_2\,
        R_d\big),

    where :math:`R_d` is the number of attack days among :math:`d-\text{recent}+1 .. d`
    (the recent intensity; dropped with ``adjust=False``) and :math:`k(d)` the phase
    of :math:`d` when ``phases`` is given (a stratified baseline hazard, so strike and
    quiet days are compared within phases). The hazard ratio
    :math:`\exp(\beta_1)` > 1 means attacks come *sooner* after strike days
    (provocation, or simply strikes falling in hot periods); < 1 *later* (deterrence,
    incapacitation, or pauses). Durations are whole days, so ties are many; Efron's
    approximation is the default. Clocks started on nearby days share their next
    attack and are strongly dependent, so standard errors are **cluster-robust** with
    one cluster per next-attack day (per censoring day for censored clocks); the
    log-rank test ignores this dependence and is shown for reference only.

    **What it does not show.** Strikes are not randomly assigned: they answer attacks
    and come in hot periods, so the hazard ratio mixes any effect of strikes with the
    conditions that prompted them; adjusting for recent attacks and phases removes
    only the measured part. The comparison is between kinds of days, not between what
    happened and what would have happened without the strike: it does **not** estimate
    the causal effect of a strike, cannot separate deterrence from incapacitation,
    pre-planned pauses or reporting lulls, and depends on which attacks get reported.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and ``side``.
    attacker, striker : str
        Values of ``side``: whose next attack is timed, and whose strikes start clocks.
    horizon : int or None
        Administrative censoring in days (default 30: "within a month"); None for none.
    recent : int
        Days in the recent-intensity window :math:`R_d` (default 7).
    adjust : bool
        Include :math:`R_d` in the Cox model.
    phases : list of dates or phase table, optional
        Stratify the baseline hazard by phase (e.g. ``detect_phases(...).phases``).
    start, end : date-like, optional
        The window (default: first and last incident in the table).
    ties : {"efron", "breslow"}
    alpha : float
        1 - confidence level of the intervals.

    Returns
    -------
    DeterrenceResults

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> res = analysis.deterrence(dyad_incidents(), attacker="militia", striker="us")
    >>> res.hazard_ratio, res.hr_conf_int()       # doctest: +SKIP
    >>> res.plot()                                 # doctest: +SKIP
    """
    if ties not in _TIES:
        raise SpecificationError(f"ties must be one of {list(_TIES)}, got {ties!r}")
    if horizon is not None:
        horizon = _check_int("horizon", horizon, 1)
    recent = _check_int("recent", recent, 1)
    if not 0 < alpha < 1:
        raise SpecificationError(f"alpha must be in (0, 1), got {alpha}")
    inc = _prepare(incidents, [attacker, striker])
    lo, hi = _window(inc, start, end)
    inside = (inc["date"] >= lo) & (inc["date"] <= hi)
    inc = inc[inside]
    days = pd.date_range(lo, hi, freq="D")
    T = len(days)
    pos = lambda s: ((inc.loc[inc["side"] == s, "date"] - lo).dt.days).to_numpy()  # noqa: E731
    A = np.bincount(pos(attacker), minlength=T)[:T]
    S = np.bincount(pos(striker), minlength=T)[:T]
    if A.sum() == 0:
        raise DataError(f"no {attacker!r} attacks in the window {lo.date()} - {hi.date()}")
    if S.sum() == 0:
        raise DataError(f"no {striker!r} events in the window {lo.date()} - {hi.date()}")
    if T < recent + 2:
        raise DataError(f"the window has {T} days; at least recent + 2 = {recent + 2} "
                        "are needed")
    attack_day = A > 0
    # next attack day strictly after d
    nxt = np.full(T, -1)
    upcoming = -1
    for d in range(T - 1, -1, -1):
        nxt[d] = upcoming
        if attack_day[d]:
            upcoming = d
    R = np.convolve(attack_day.astype(int), np.ones(recent, int))[:T]
    rows = []
    for d in range(recent - 1, T - 1):
        if S[d] > 0:
            group = "strike"
        elif A[d] == 0:
            group = "quiet"
        else:
            continue
        follow = T - 1 - d
        if horizon is not None:
            follow = min(follow, horizon)
        if nxt[d] >= 0 and nxt[d] - d <= follow:
            dur, ev, cluster = nxt[d] - d, 1, int(nxt[d])
        else:
            dur, ev, cluster = follow, 0, -(d + follow) - 1
        rows.append((days[d], group, dur, ev, int(R[d]), int(A[d]), int(S[d]), cluster))
    ep = pd.DataFrame(rows, columns=["origin", "group", "duration", "event", "recent_attacks",
                                     "attacks_that_day", "strikes_that_day", "cluster"])
    if phases is not None:
        ep["phase"] = _phase_numbers(pd.DatetimeIndex(ep["origin"]), phases)
    n_g = ep["group"].value_counts()
    for g in ("strike", "quiet"):
        if n_g.get(g, 0) == 0:
            raise DataError(f"no {g} days can start a clock in the window; widen it")
    if ep.loc[ep["group"] == "strike", "event"].sum() == 0:
        raise DataError("no attack follows any strike day within the horizon: the hazard "
                        "ratio is not estimable; raise horizon or widen the window")
    return DeterrenceResults(ep, attacker=attacker, striker=striker, horizon=horizon,
                             recent=recent, adjust=adjust, ties=ties, alpha=alpha,
                             window=(lo, hi), stratified=phases is not None)


class DeterrenceResults:
    r"""Time to the next attack after strike days vs quiet days (from :func:`deterrence`).

    Attributes
    ----------
    episodes : DataFrame
        One row per origin day: ``origin``, ``group`` (``strike``/``quiet``),
        ``duration`` (days to the next attack or to censoring), ``event`` (1 = an
        attack ended the clock), ``recent_attacks`` (:math:`R_d`), ``attacks_that_day``,
        ``strikes_that_day``, ``cluster`` (the robust-variance cluster) and ``phase``
        when stratified.
    params : Series
        :math:`\hat\beta`: ``strike`` and (with ``adjust``) ``recent_attacks``.
    bse : Series
        Cluster-robust standard errors.
    hazard_ratio : float
        :math:`\exp(\hat\beta_1)`; ``hr_conf_int()`` its interval.
    cox : statsmodels PHRegResults
        The fitted Cox model.
    km : dict
        ``group -> statsmodels SurvfuncRight``.
    survival : DataFrame
        Tidy Kaplan-Meier table: ``group``, ``time``, ``surv``, ``lower``, ``upper``,
        ``n_risk``, ``n_events``.
    median_time : DataFrame
        Kaplan-Meier median time to the next attack per group with interval (None where
        the curve does not reach 0.5).
    logrank : HypothesisTest
        Log-rank test of equal survival curves (ignores the dependence between clocks).
    llf : float
        Cox log partial likelihood.
    attacker, striker, horizon, recent, adjust, ties, alpha, window, stratified
        The specification.
    """

    def __init__(self, episodes, *, attacker, striker, horizon, recent, adjust, ties, alpha,
                 window, stratified):
        from statsmodels.duration.hazard_regression import PHReg
        from statsmodels.duration.survfunc import SurvfuncRight, survdiff

        self.episodes = episodes
        self.attacker, self.striker = attacker, striker
        self.horizon, self.recent, self.adjust = horizon, recent, adjust
        self.ties, self.alpha, self.window = ties, alpha, window
        self.stratified = stratified
        ep = episodes
        X = pd.DataFrame({"strike": (ep["group"] == "strike").astype(float)})
        if adjust:
            X["recent_attacks"] = ep["recent_attacks"].astype(float)
        strata = ep["phase"].to_numpy() if stratified else None
        model = PHReg(ep["duration"].to_numpy(float), X, status=ep["event"].to_numpy(float),
                      strata=strata, ties=ties)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", RuntimeWarning)
                cox = model.fit(groups=ep["cluster"].to_numpy())
        except (np.linalg.LinAlgError, RuntimeWarning, ValueError) as e:
            raise EstimationError(f"the Cox model could not be fitted ({e}); too few "
                                  "events in a group or stratum?") from None
        if not np.all(np.isfinite(cox.params)) or not np.all(np.isfinite(cox.bse)):
            raise EstimationError("the Cox model gave non-finite estimates; too few events "
                                  "in a group or stratum?")
        self.cox = cox
        self.params = pd.Series(cox.params, index=X.columns, name="coef")
        self.bse = pd.Series(cox.bse, index=X.columns, name="robust se")
        self.llf = float(cox.llf)
        self.hazard_ratio = float(np.exp(self.params["strike"]))
        # Kaplan-Meier
        self.km, tabs = {}, []
        for g in ("strike", "quiet"):
            e = ep[ep["group"] == g]
            sf = SurvfuncRight(e["duration"].to_numpy(float), e["event"].to_numpy(float),
                               title=g)
            self.km[g] = sf
            tabs.append(_km_table(sf, g, alpha))
        self.survival = pd.concat(tabs, ignore_index=True)
        med = {}
        for g, sf in self.km.items():
            m = sf.quantile(0.5)
            try:
                # statsmodels takes log(-log S) at S = 0 or 1 here: harmless, quiet it
                with np.errstate(divide="ignore", invalid="ignore"):
                    lo, hi = sf.quantile_ci(0.5, alpha=alpha)
            except Exception:  # statsmodels raises on degenerate curves
                lo, hi = np.nan, np.nan
            med[g] = {"median": None if not np.isfinite(m) else float(m),
                      "lower": None if not np.isfinite(lo) else float(lo),
                      "upper": None if not np.isfinite(hi) else float(hi),
                      "origins": int((ep["group"] == g).sum()),
                      "attacks_ending_clock": int(ep.loc[ep["group"] == g, "event"].sum())}
        self.median_time = pd.DataFrame(med).T
        chi2, p = survdiff(ep["duration"].to_numpy(float), ep["event"].to_numpy(float),
                           ep["group"].to_numpy())
        self.logrank = HypothesisTest(
            float(chi2), float(p), 1,
            f"the time to the next {attacker} attack has the same distribution after "
            f"{striker} strike days and quiet days (log-rank; ignores the dependence "
            "between overlapping clocks)", "log-rank chi2")

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Wald intervals of :math:`\\beta` with cluster-robust standard errors."""
        alpha = self.alpha if alpha is None else alpha
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({"lower": self.params - z * self.bse,
                             "upper": self.params + z * self.bse})

    def hr_conf_int(self, alpha: float | None = None) -> tuple[float, float]:
        """Interval of the hazard ratio of strike vs quiet days."""
        ci = self.conf_int(alpha).loc["strike"]
        return float(np.exp(ci["lower"])), float(np.exp(ci["upper"]))

    def test(self) -> HypothesisTest:
        """Wald test of :math:`\\beta_1 = 0` (HR = 1) with cluster-robust errors."""
        z = self.params["strike"] / self.bse["strike"]
        adj = " given recent attacks" if self.adjust else ""
        adj += " within phases" if self.stratified else ""
        return HypothesisTest(float(z ** 2), float(stats.chi2.sf(z ** 2, 1)), 1,
                              f"the hazard of the next {self.attacker} attack is the same "
                              f"after {self.striker} strike days as after quiet days "
                              f"(HR = 1){adj}", "Wald chi2 (cluster-robust)")

    def survival_at(self, days=(1, 3, 7, 14)) -> pd.DataFrame:
        """:math:`\\hat S_g(t)`: P(no attack yet ``t`` days after the clock starts)."""
        out = {}
        for g, sf in self.km.items():
            t = np.asarray(sf.surv_times)
            s = np.asarray(sf.surv_prob)
            out[g] = [float(s[t <= d][-1]) if (t <= d).any() else 1.0 for d in days]
        return pd.DataFrame(out, index=pd.Index(list(days), name="days"))

    def summary(self) -> Summary:
        lo, hi = self.hr_conf_int()
        t = self.test()
        info = [("Next attack by", self.attacker), ("Clock starts on", f"{self.striker} "
                                                    "strike days vs quiet days"),
                ("Window", f"{self.window[0]:%Y-%m-%d} to {self.window[1]:%Y-%m-%d}"),
                ("Horizon (days)", "none" if self.horizon is None else self.horizon),
                ("Origins (strike / quiet)", "{} / {}".format(
                    *(int((self.episodes["group"] == g).sum()) for g in ("strike", "quiet")))),
                ("Ties", self.ties),
                ("Strata", "phases" if self.stratified else "none"),
                ("Hazard ratio strike vs quiet", f"{self.hazard_ratio:.3f} "
                                                 f"({1 - self.alpha:.0%} CI {lo:.3f}-{hi:.3f})"),
                ("Wald chi2 (robust), p", f"{t.statistic:.3f}, p = {t.pvalue:.4g}"),
                ("Log-rank chi2, p", f"{self.logrank.statistic:.3f}, p = "
                                     f"{self.logrank.pvalue:.4g}"),
                ("Log partial likelihood", self.llf)]
        ci = self.conf_int()
        coef = pd.DataFrame({"coef": self.params, "robust se": self.bse,
                             "HR": np.exp(self.params), "HR lower": np.exp(ci["lower"]),
                             "HR upper": np.exp(ci["upper"])})
        notes = ["HR > 1: the next attack comes sooner after strike days than after quiet "
                 "days; this is an association, not the causal effect of a strike.",
                 "Standard errors are clustered on the next-attack day; the log-rank test "
                 "ignores that dependence."]
        return Summary(f"Time to the next {self.attacker} attack after {self.striker} "
                       "strikes (Cox, Kaplan-Meier)", info,
                       [("Cox model", coef), ("Kaplan-Meier median days to next attack",
                                              self.median_time),
                        ("P(no attack yet)", self.survival_at())], notes)

    def plot(self, ax=None):
        """Kaplan-Meier curves (with pointwise intervals) for both groups. Returns Axes."""
        from ..plotting import new_figure, side_color, style

        if ax is None:
            _, ax = new_figure("single")
        with style():
            cols = {"strike": side_color(self.striker), "quiet": "0.35"}
            for g in ("strike", "quiet"):
                s = self.survival[self.survival["group"] == g]
                x = np.concatenate([[0.0], s["time"].to_numpy()])
                ax.step(x, np.concatenate([[1.0], s["surv"].to_numpy()]), where="post",
                        color=cols[g], lw=1.3,
                        label=f"after {self.striker} strike day" if g == "strike"
                        else "after quiet day")
                ax.fill_between(x, np.concatenate([[1.0], s["lower"].to_numpy()]),
                                np.concatenate([[1.0], s["upper"].to_numpy()]),
                                step="post", color=cols[g], alpha=0.18, lw=0)
            ax.set_xlabel("days since the clock started")
            ax.set_ylabel(f"P(no {self.attacker} attack yet)")
            ax.set_ylim(0, 1.02)
            lo, hi = self.hr_conf_int()
            ax.set_title(f"HR {self.hazard_ratio:.2f} ({lo:.2f}-{hi:.2f})")
            ax.legend(frameon=False)
        return ax

    plot_survival = plot

    def __repr__(self) -> str:
        return (f"DeterrenceResults(HR strike vs quiet = {self.hazard_ratio:.3f}, "
                f"{len(self.episodes)} origins)")


def _km_table(sf, group: str, alpha: float) -> pd.DataFrame:
    s = np.asarray(sf.surv_prob, float)
    se = np.asarray(sf.surv_prob_se, float)
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ll = np.log(-np.log(s))
        se_ll = se / (s * np.abs(np.log(s)))
        lower = np.exp(-np.exp(ll + z * se_ll))
        upper = np.exp(-np.exp(ll - z * se_ll))
    # S = 1 (no events yet) or S = 0: the interval collapses to the estimate
    degenerate = ~np.isfinite(lower) | ~np.isfinite(upper)
    lower = np.where(degenerate, s, lower)
    upper = np.where(degenerate, s, upper)
    return pd.DataFrame({"group": group, "time": np.asarray(sf.surv_times, float),
                         "surv": s, "lower": lower, "upper": upper,
                         "n_risk": np.asarray(sf.n_risk, float),
                         "n_events": np.asarray(sf.n_events, float)})
