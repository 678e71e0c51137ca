r"""Event study against matched control days: the outcome around treatment days.

:class:`EventStudy` (wrapped by :func:`event_study`) compares the rate (or incidence)
of one side's events on the days around *treatment days* (e.g. the days with an attack
by the other side, or only the casualty-producing attack days, see :func:`event_days`)
with the same days around *matched control days*: days without treatment from the same
phase and the same day of the week. :meth:`EventStudy.fit` returns an
:class:`EventStudyResults` with the effect on every relative day, a post-window and a
lead (pre-trend) summary, block-bootstrap intervals over clusters of treatment days and
a placebo distribution from treatment days shifted in time (or matched placebo dates).

:func:`matched_controls` is the one home of the matching (phase x day-of-week strata),
also used by the answered-vs-unanswered deterrence design and the phase-matched
response-lag baseline.

Phases used for matching must come from events outside the outcome (a ceasefire, a
declared campaign) or be fixed before looking at the treatment; phases detected from
the outcome series absorb the very changes the design is meant to measure.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..data import phase_of
from ..exceptions import DataError, DataWarning, EstimationError, SpecificationError, warn
from ..reporting import HypothesisTest, Summary
from .base import (ModelResults, as_rng, check_alpha, check_choice, check_positive_int,
                   monte_carlo_pvalue, percentile_interval, replicate_seeds, run_replicates)

__all__ = ["EventStudy", "event_study", "EventStudyResults", "event_days",
           "matched_controls"]

MEASURES = ("rate", "incidence")
PLACEBOS = ("shift", "dates")


# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------
def event_days(incidents: pd.DataFrame, side: str, *, index=None, where=None) -> pd.Series:
    """Boolean daily series: the days with at least one event of ``side``.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and ``side``.
    side : str
        The value of ``side`` whose days are marked.
    index : DatetimeIndex, optional
        The daily index of the result (e.g. ``counts.index``); default: every day from
        the first to the last incident.
    where : boolean Series or array, optional
        Keep only these incidents (aligned with ``incidents``), e.g.
        ``incidents["target_killed"].fillna(0) > 0`` for casualty-producing attacks.

    Returns
    -------
    Series of bool
        Named ``side`` (with ``"*"`` appended when ``where`` selects).

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.casestudy import dyad_incidents
    >>> inc = dyad_incidents()
    >>> deadly = ea.event_days(inc, "militia", where=inc["target_killed"].fillna(0) > 0)
    >>> int(deadly.sum()) > 0
    True
    """
    for c in ("date", "side"):
        if c not in incidents.columns:
            raise DataError(f"the incident table has no {c!r} column")
    if side not in set(incidents["side"].astype(str)):
        raise SpecificationError(f"side {side!r} is not in the table; sides present: "
                                 f"{sorted(set(incidents['side'].astype(str)))}")
    dates = pd.to_datetime(incidents["date"]).dt.normalize()
    keep = incidents["side"].astype(str).to_numpy() == side
    if where is not None:
        w = np.asarray(where)
        if w.dtype != bool or len(w) != len(incidents):
            raise SpecificationError(f"where must be a boolean array with one entry per "
                                     f"incident ({len(incidents)}), got dtype {w.dtype} "
                                     f"and length {len(w)}")
        keep &= w
    if index is None:
        index = pd.date_range(dates.min(), dates.max(), freq="D")
    index = pd.DatetimeIndex(index)
    marked = pd.DatetimeIndex(dates[keep].unique())
    return pd.Series(index.isin(marked), index=index,
                     name=side + ("*" if where is not None else ""))


def _phase_numbers(index: pd.DatetimeIndex, phases) -> np.ndarray:
    if phases is None:
        raise SpecificationError(
            "phases= is required: pass the dates on which a new phase begins (from "
            "external events, fixed before looking at the treatment), or [] for one phase")
    if isinstance(phases, (list, tuple)) and len(phases) == 0:
        return np.zeros(len(index), int)
    return phase_of(index, phases).to_numpy(int)


def matched_controls(index, treated, phases, *, match_weekday: bool = True,
                     eligible=None) -> pd.DataFrame:
    """Strata of matched controls: phase x day of the week.

    Parameters
    ----------
    index : DatetimeIndex
        Consecutive days.
    treated : array of bool
        Treatment days on ``index``.
    phases : list of dates or phase table
        Dates on which a new phase begins (``[]`` for one phase). They must come from
        outside the outcome (external events, or fixed before looking at the treatment):
        phases detected from the outcome absorb the effect the design measures.
    match_weekday : bool
        Match on the day of the week as well as the phase.
    eligible : array of bool, optional
        Days that may serve (treated or as controls) at all (e.g. with a full window).

    Returns
    -------
    DataFrame
        One row per day: ``stratum`` (int), ``treated`` and ``control`` (bool: an
        eligible untreated day).
    """
    index = pd.DatetimeIndex(index)
    treated = np.asarray(treated, bool)
    if len(treated) != len(index):
        raise SpecificationError(f"treated has {len(treated)} entries for {len(index)} days")
    ph = _phase_numbers(index, phases)
    stratum = ph * 7 + (index.day_of_week.to_numpy() if match_weekday else 0)
    ok = np.ones(len(index), bool) if eligible is None else np.asarray(eligible, bool)
    return pd.DataFrame({"stratum": stratum, "treated": treated & ok,
                         "control": (~treated) & ok}, index=index)


def _clusters(pos: np.ndarray, block: int) -> np.ndarray:
    """Cluster number (0, 1, ...) of each sorted treatment position: the calendar block
    of ``block`` days it falls in (blocks without treatment days are skipped)."""
    if len(pos) == 0:
        return np.zeros(0, int)
    b = pos // block
    return np.concatenate([[0], np.cumsum(np.diff(b) > 0)])


# --------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------
class EventStudy:
    r"""The outcome around treatment days against matched control days.

    Parameters
    ----------
    counts : DataFrame
        Daily counts on a complete index (:func:`analysis.to_counts`).
    outcome : str
        The column whose events are the outcome (e.g. ``"us"``).
    treatment : str or boolean Series
        A column of ``counts`` (treatment days: days with at least one event) or a
        boolean Series on ``counts.index`` (e.g. :func:`event_days` with ``where=``
        for casualty-producing attacks).
    phases : list of dates or phase table
        Required. Dates on which a new phase begins (``[]``: one phase). Controls come
        from the same phase. Phases must come from external events or be fixed before
        looking at the treatment, never be derived from the outcome (a change point
        placed right after a strike round absorbs its effect).
    window : int
        Relative days :math:`k = -W..W` shown (default 14).
    post : (int, int)
        First and last relative day of the post summary (default ``(1, 7)``); the lead
        summary uses the mirrored days ``(-7, -1)``.
    measure : {"rate", "incidence"}
        Outcome per day: the count of events or the indicator of any event.
    match_weekday : bool
        Match on the day of the week as well as the phase (default True).
    block_length : int, optional
        Calendar blocks of this many days are the clusters of the bootstrap: treatment
        days in one block are resampled together (default ``2 window + 1``).

    See Also
    --------
    analysis.event_study : Build and fit in one call.
    analysis.matched_controls : The matching.

    Notes
    -----
    **Estimand.** Let :math:`Y_t` be the outcome on day :math:`t`, :math:`D` the set of
    treatment days whose window :math:`[d-W, d+W]` lies inside the data, and
    :math:`C_s` the untreated days of stratum :math:`s` (phase x day of the week) with a
    full window. For relative day :math:`k`

    .. math::

        \tau_k = \frac{1}{|D|}\sum_{d \in D}\Big(Y_{d+k}
                 - \frac{1}{|C_{s(d)}|}\sum_{c \in C_{s(d)}} Y_{c+k}\Big),

    the average difference between the outcome :math:`k` days after a treatment day and
    :math:`k` days after a matched control day. ``post`` is the mean of :math:`\tau_k`
    over the post window (:math:`k = a..b`), ``pre`` over the mirrored leads.

    **Identifying assumption.** Conditional on phase and day of the week, the outcome
    path around a treatment day would have matched the path around control days
    without the treatment (no unmeasured confounder that both selects treatment days
    and moves the outcome). Treatment days cluster in hot spells, so the assumption is
    checked, not assumed: a lead effect (``pre`` not 0) says the treatment days were
    already different before the treatment (reverse causation or confounding), and the
    placebos say how large ``post`` is when the "treatment" days are shifted in time.

    **Intervals.** Block bootstrap over clusters of treatment days: the treatment days
    of one calendar block of ``block_length`` days form a cluster, and clusters are
    resampled with replacement (nearby treatment days share outcome days, so they are
    not independent), with the control profiles held fixed: percentile intervals.
    **Placebos** (``fit(placebo=)``): by default each replicate shifts the treatment
    days of every phase together by a random number of days, circularly within the
    phase, recomputes the matching and ``post``; the shift keeps the clustering of the
    treatment days. With ``placebo="dates"`` each placebo
    replicate replaces every treatment day by a random control day of its stratum and
    recomputes ``post``; ``EventStudyResults.placebo_percentile`` is the share of
    placebo values below the observed one.

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.casestudy import dyad_incidents, PHASE_STARTS
    >>> counts = ea.to_counts(dyad_incidents())
    >>> res = ea.EventStudy(counts, "us", "militia", phases=PHASE_STARTS,
    ...                     measure="incidence").fit(rng=1, n_boot=199, n_placebo=199)
    >>> bool(res.params["post"] > 0)
    True
    """

    def __init__(self, counts, outcome: str, treatment, *, phases, window: int = 14,
                 post=(1, 7), measure: str = "rate", match_weekday: bool = True,
                 block_length: int | None = None):
        if not isinstance(counts, pd.DataFrame) or not isinstance(counts.index,
                                                                   pd.DatetimeIndex):
            raise DataError("counts must be a DataFrame of daily counts on a DatetimeIndex "
                            "(analysis.to_counts(incidents))")
        idx = counts.index
        if len(idx) > 1 and not ((idx[1:] - idx[:-1]) == pd.Timedelta(days=1)).all():
            raise DataError("counts must be daily on a complete index (no missing days); "
                            "use analysis.to_counts(incidents, freq='D')")
        if outcome not in counts.columns:
            raise SpecificationError(f"outcome must be one of the columns "
                                     f"{list(counts.columns)}, got {outcome!r}")
        self.window = check_positive_int("window", window, 1)
        a, b = post
        a, b = check_positive_int("post[0]", a, 0), check_positive_int("post[1]", b, 0)
        if not a <= b <= self.window:
            raise SpecificationError(f"post must be (first, last) with 0 <= first <= last "
                                     f"<= window ({self.window}), got {post!r}")
        self.post = (a, b)
        self.measure = check_choice("measure", measure, MEASURES)
        if isinstance(treatment, str):
            if treatment not in counts.columns:
                raise SpecificationError(f"treatment must be a column of counts "
                                         f"{list(counts.columns)} or a boolean Series, got "
                                         f"{treatment!r}")
            treated = counts[treatment].to_numpy() > 0
            self.treatment_name = treatment
        else:
            tr = pd.Series(treatment)
            if tr.dtype != bool:
                raise SpecificationError(f"treatment must be a column name or a boolean "
                                         f"Series, got dtype {tr.dtype}")
            if not tr.index.equals(idx):
                tr = tr.reindex(idx)
                if tr.isna().any():
                    raise SpecificationError("the treatment Series does not cover every day "
                                             "of counts.index")
            treated = tr.to_numpy(bool)
            self.treatment_name = str(tr.name) if tr.name is not None else "treatment"
        self.outcome = outcome
        self.phases = phases
        self.match_weekday = bool(match_weekday)
        self.block_length = 2 * self.window + 1 if block_length is None else \
            check_positive_int("block_length", block_length, 1)
        y = counts[outcome].to_numpy(float)
        self.y = (y > 0).astype(float) if self.measure == "incidence" else y
        T, W = len(idx), self.window
        eligible = np.zeros(T, bool)
        eligible[W:T - W] = True
        m = matched_controls(idx, treated, phases, match_weekday=self.match_weekday,
                             eligible=eligible)
        self._phase = _phase_numbers(idx, phases)
        self._treated_all, self._eligible = treated, eligible
        self.index = idx
        self.design = m
        tpos = np.flatnonzero(m["treated"].to_numpy())
        strata = m["stratum"].to_numpy()
        cpos = np.flatnonzero(m["control"].to_numpy())
        offsets = np.arange(-W, W + 1)
        # control profile per stratum
        prof = {}
        for s in np.unique(strata[cpos]):
            cs = cpos[strata[cpos] == s]
            prof[s] = self.y[cs[:, None] + offsets[None, :]].mean(axis=0)
        has = np.array([strata[p] in prof for p in tpos], bool)
        self.n_unmatched = int((~has).sum())
        tpos = tpos[has]
        if len(tpos) < 2:
            raise DataError(f"{len(tpos)} treatment days have a full +-{W}-day window and "
                            "matched controls; at least 2 are needed (shorter window, fewer "
                            "phases or match_weekday=False)")
        if len(tpos) < 10:
            warn(f"only {len(tpos)} treatment days have a full +-{W}-day window and matched "
                 "controls: the cluster bootstrap has few clusters and its intervals are "
                 "unreliable; report the treatment days themselves", DataWarning)
        self.n_dropped_edge = int(treated.sum() - m["treated"].sum())
        self._tpos, self._cpos, self._strata, self._prof = tpos, cpos, strata, prof
        self._offsets = offsets
        self.treated_paths = self.y[tpos[:, None] + offsets[None, :]]
        self.control_paths = np.vstack([prof[strata[p]] for p in tpos])
        self.clusters = _clusters(tpos, self.block_length)

    @property
    def sides(self) -> list:
        """list of str: ``[treatment, outcome]``."""
        return [self.treatment_name, self.outcome]

    @property
    def nobs(self) -> int:
        """int: treatment days with a full window and matched controls."""
        return int(len(self._tpos))

    def __repr__(self) -> str:
        return (f"EventStudy(outcome={self.outcome!r}, treatment={self.treatment_name!r}, "
                f"window={self.window}, measure={self.measure!r}, {self.nobs} treatment "
                f"days)")

    def fit(self, *, rng, n_boot: int = 999, n_placebo: int = 999, alpha: float = 0.05,
            placebo: str = "shift", n_jobs: int = 1, progress=None) -> "EventStudyResults":
        """Effects, cluster-bootstrap intervals and placebo dates; a new results object.

        Parameters
        ----------
        rng : numpy.random.Generator or int
            Source of the bootstrap and placebo draws (``None`` is refused).
        n_boot : int
            Bootstrap replicates (resampled clusters of treatment days).
        n_placebo : int
            Placebo replicates.
        placebo : {"shift", "dates"}
            ``"shift"`` (default): the treatment days of each phase shifted together by
            a random number of days, circularly within the phase, and the whole design
            recomputed - placebo treatments keep the clustering of the real ones.
            ``"dates"``: every treatment day replaced by an independent random matched
            control day; this ignores the clustering and is too liberal when treatment
            days come in bursts (``benchmarks/validate_event_study.py``).
        alpha : float
            1 - confidence level.
        n_jobs : int
            Processes (results are identical for any ``n_jobs``).
        progress : bool, optional
            Progress bar (default: on, except under pytest).

        Returns
        -------
        EventStudyResults
        """
        gen = as_rng(rng)
        n_boot = check_positive_int("n_boot", n_boot, 20)
        n_placebo = check_positive_int("n_placebo", n_placebo, 20)
        alpha = check_alpha(alpha)
        check_choice("placebo", placebo, PLACEBOS)
        seeds = replicate_seeds(gen, n_boot + n_placebo)
        chunks = [("boot", seeds[i:i + 100]) for i in range(0, n_boot, 100)] + \
            [("placebo", seeds[n_boot + i:n_boot + i + 100]) for i in range(0, n_placebo, 100)]
        payload = {"diff": self.treated_paths - self.control_paths,
                   "clusters": self.clusters, "y": self.y, "tpos": self._tpos,
                   "cpos": self._cpos, "strata": self._strata, "prof": self._prof,
                   "offsets": self._offsets, "placebo": placebo, "phase": self._phase,
                   "treated": self._treated_all, "eligible": self._eligible,
                   "match_weekday": self.match_weekday,
                   "weekday": self.index.day_of_week.to_numpy()}
        out = run_replicates(partial(_replicate_chunk, payload), chunks, n_jobs=n_jobs,
                             progress=progress, desc="event study")
        boot = np.vstack([o for (kind, _), o in zip(chunks, out) if kind == "boot"])
        placebos = np.vstack([o for (kind, _), o in zip(chunks, out) if kind == "placebo"])
        ok = np.isfinite(placebos).all(axis=1)
        if not ok.any():
            raise EstimationError(
                f"all {len(placebos)} placebo replicates (placebo={placebo!r}) failed: no "
                "placebo treatment day had matched control days, so the placebo percentile "
                "and test are undefined; try placebo='shift', a shorter window or "
                "match_weekday=False")
        return EventStudyResults(self, boot, placebos[ok], alpha=alpha, placebo_kind=placebo,
                                 n_placebo_failed=int((~ok).sum()))


def _replicate_chunk(payload, task):
    """One chunk of bootstrap or placebo replicates: rows of tau_k (one per seed)."""
    kind, seeds = task
    rows = []
    if kind == "boot":
        diff, cl = payload["diff"], payload["clusters"]
        n_cl = int(cl.max()) + 1
        members = [np.flatnonzero(cl == c) for c in range(n_cl)]
        for s in seeds:
            r = np.random.default_rng(s)
            pick = r.integers(0, n_cl, size=n_cl)
            rows.append(diff[np.concatenate([members[c] for c in pick])].mean(axis=0))
    elif payload["placebo"] == "dates":
        y, tpos, cpos, strata = payload["y"], payload["tpos"], payload["cpos"], \
            payload["strata"]
        prof, offsets = payload["prof"], payload["offsets"]
        pool = {s: cpos[strata[cpos] == s] for s in prof}
        ts = strata[tpos]
        ctrl = np.vstack([prof[s] for s in ts])
        for s in seeds:
            r = np.random.default_rng(s)
            fake = np.array([pool[k][r.integers(0, len(pool[k]))] for k in ts])
            rows.append((y[fake[:, None] + offsets[None, :]] - ctrl).mean(axis=0))
    else:
        y, offsets, phase = payload["y"], payload["offsets"], payload["phase"]
        treated, eligible = payload["treated"], payload["eligible"]
        T = len(y)
        win = np.zeros((T, len(offsets)))
        ok = np.flatnonzero(eligible)
        win[ok] = y[ok[:, None] + offsets[None, :]]
        bounds = np.flatnonzero(np.diff(phase)) + 1
        segs = list(zip(np.concatenate([[0], bounds]), np.concatenate([bounds, [T]])))
        for s in seeds:
            r = np.random.default_rng(s)
            fake = np.zeros(T, bool)
            for a, b in segs:
                fake[a:b] = np.roll(treated[a:b], int(r.integers(1, max(b - a, 2))))
            rows.append(_matched_profile(win, fake & eligible, ~fake & eligible, phase,
                                         payload["weekday"], payload["match_weekday"]))
    return np.vstack(rows)


def _matched_profile(win, treated, control, phase, weekday, match_weekday):
    """Mean over treated days of (outcome window - mean window of the matched controls
    of its stratum); NaN when no treated day has controls."""
    strata = phase * 7 + (weekday if match_weekday else 0)
    n_s = int(strata.max()) + 1
    cpos, tpos = np.flatnonzero(control), np.flatnonzero(treated)
    sums = np.zeros((n_s, win.shape[1]))
    np.add.at(sums, strata[cpos], win[cpos])
    cnt = np.bincount(strata[cpos], minlength=n_s)
    tpos = tpos[cnt[strata[tpos]] > 0]
    if len(tpos) == 0:
        return np.full(win.shape[1], np.nan)
    return (win[tpos] - sums[strata[tpos]] / cnt[strata[tpos], None]).mean(axis=0)


def event_study(counts, outcome: str, treatment, *, phases, rng, window: int = 14,
                post=(1, 7), measure: str = "rate", match_weekday: bool = True,
                block_length: int | None = None, n_boot: int = 999, n_placebo: int = 999,
                alpha: float = 0.05, placebo: str = "shift", n_jobs: int = 1,
                progress=None) -> "EventStudyResults":
    """Event study in one call: ``EventStudy(...).fit(rng=..., ...)``.

    See :class:`EventStudy` for the estimand, the identifying assumption and the
    placebos; ``phases`` are required and must not be derived from the outcome.

    Returns
    -------
    EventStudyResults

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.casestudy import dyad_incidents, PHASE_STARTS
    >>> res = ea.event_study(ea.to_counts(dyad_incidents()), "us", "militia",
    ...                      phases=PHASE_STARTS, rng=1, n_boot=99, n_placebo=99)
    >>> res.plot()                                    # doctest: +SKIP
    """
    return EventStudy(counts, outcome, treatment, phases=phases, window=window, post=post,
                      measure=measure, match_weekday=match_weekday,
                      block_length=block_length).fit(rng=rng, n_boot=n_boot,
                                                   n_placebo=n_placebo, alpha=alpha,
                                                   placebo=placebo,
                                                   n_jobs=n_jobs, progress=progress)


# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------
class EventStudyResults(ModelResults):
    r"""Effects around treatment days against matched control days (from :meth:`EventStudy.fit`).

    Attributes
    ----------
    profile : DataFrame
        Index ``k`` (relative day, :math:`-W..W`): ``treated`` (mean outcome after
        treatment days), ``control`` (after matched control days), ``effect``
        (:math:`\tau_k`), ``lower``, ``upper`` (bootstrap percentile interval).
    params : Series
        ``post`` (mean :math:`\tau_k` over the post window), ``pre`` (over the mirrored
        leads), ``post_minus_pre`` (their difference: the rise beyond any lead, a
        difference-in-differences contrast) and ``day<k>`` for every relative day.
    bse : Series
        Bootstrap standard deviations.
    n_placebo_failed : int
        Placebo replicates dropped because no placebo treatment day had matched control
        days (``placebo`` holds the others; :meth:`EventStudy.fit` raises when none is
        left).
    placebo : ndarray
        ``post`` under each placebo replicate (``placebo_kind``: ``"shift"``, treatment
        days shifted circularly within phases; ``"dates"``, matched placebo dates).
    placebo_percentile : float
        Share of placebo values below the observed ``post`` (ties count half).
    n_clusters : int
        Clusters of treatment days resampled by the bootstrap.
    model : EventStudy
    """

    def __init__(self, model, boot, placebo, *, alpha, placebo_kind="shift",
                 n_placebo_failed=0):
        self.placebo_kind = placebo_kind
        self.n_placebo_failed = n_placebo_failed
        self.model = model
        self.alpha = alpha
        self.outcome, self.treatment = model.outcome, model.treatment_name
        self.window, self.post_window, self.measure = model.window, model.post, model.measure
        k = model._offsets
        a, b = model.post
        post_m = (k >= a) & (k <= b)
        pre_m = (k >= -b) & (k <= -a) if a > 0 else (k >= -b) & (k < 0)
        self._post_m, self._pre_m = post_m, pre_m
        diff = model.treated_paths - model.control_paths
        tau = diff.mean(axis=0)
        names = ["post", "pre", "post_minus_pre"] + [f"day{int(v):+d}" for v in k]

        def summarise(t):
            t = np.atleast_2d(t)
            post, pre = t[:, post_m].mean(axis=1), t[:, pre_m].mean(axis=1)
            return np.column_stack([post, pre, post - pre, t])

        self.params = pd.Series(summarise(tau)[0], index=names, name="params")
        self._draws = pd.DataFrame(summarise(boot), columns=names)
        self.placebo = summarise(placebo)[:, 0]
        obs = float(self.params["post"])
        self.placebo_percentile = float(np.mean(self.placebo < obs)
                                        + 0.5 * np.mean(self.placebo == obs))
        lo, hi = percentile_interval(boot, alpha)
        self.profile = pd.DataFrame({"treated": model.treated_paths.mean(axis=0),
                                     "control": model.control_paths.mean(axis=0),
                                     "effect": tau, "lower": lo, "upper": hi},
                                    index=pd.Index(k, name="k"))
        self.n_clusters = int(model.clusters.max()) + 1
        self.n_boot, self.n_placebo = len(boot), len(placebo)

    @property
    def llf(self):
        """Not defined: an event study is a matched comparison, not a likelihood fit."""
        raise AttributeError("EventStudyResults has no likelihood (llf, aic, bic): its "
                             "effects are matched differences with bootstrap intervals")

    def cov_params(self) -> pd.DataFrame:
        """Bootstrap covariance of ``params`` (over resampled clusters of treatment days)."""
        return self._draws.cov()

    @property
    def bse(self) -> pd.Series:
        """Series: bootstrap standard deviations of ``params``."""
        return self._draws.std(ddof=1).rename("bse")

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Bootstrap percentile intervals of ``params`` (cluster bootstrap).

        Parameters
        ----------
        alpha : float, optional
            1 - confidence level (default: the level of the fit).

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        alpha = self.alpha if alpha is None else check_alpha(alpha)
        lo, hi = percentile_interval(self._draws.to_numpy(), alpha)
        return pd.DataFrame({"lower": lo, "upper": hi}, index=self.params.index)

    def pretrend_test(self) -> HypothesisTest:
        """Bootstrap test of no lead effect (``pre = 0``): Wald with the bootstrap s.e."""
        from scipy import stats
        z = float(self.params["pre"] / self.bse["pre"]) if self.bse["pre"] > 0 else 0.0
        a, b = self.post_window
        return HypothesisTest(z ** 2, float(stats.chi2.sf(z ** 2, 1)), 1,
                              f"no lead effect: the outcome on days -{b}..-{max(a, 1)} "
                              "before treatment days equals that before matched control "
                              "days", "Wald chi2 (cluster bootstrap s.e.)")

    def placebo_test(self) -> HypothesisTest:
        """Placebo-date test: the Monte Carlo p-value of the observed ``post`` against
        the placebo ``post`` values, ``(1 + #{placebo >= post}) / (1 + n_placebo)``
        (:func:`~analysis.monte_carlo_pvalue`; one-sided; statistic: the observed
        ``post``)."""
        obs = float(self.params["post"])
        p = monte_carlo_pvalue(obs, self.placebo)
        return HypothesisTest(obs, p, None,
                              "the post-window effect is no larger than under placebo "
                              "treatment days (" + ("circular shifts within phases"
                                                     if self.placebo_kind == "shift" else
                                                     "matched placebo dates") + ")",
                              "post effect")

    def summary(self, alpha: float | None = None) -> Summary:
        """Post and lead effects with intervals, the placebo percentile, and the profile.

        Parameters
        ----------
        alpha : float, optional
            1 - confidence level of the intervals (default: the level of the fit).
        """
        alpha = self.alpha if alpha is None else check_alpha(alpha)
        ci = self.conf_int(alpha)
        a, b = self.post_window
        m = self.model
        unit = "events per day" if self.measure == "rate" else "P(any event) per day"
        info = [("Outcome", f"{self.outcome} ({unit})"),
                ("Treatment days", f"{self.treatment} ({m.nobs} with a full window; "
                                   f"{m.n_dropped_edge} at the edges, {m.n_unmatched} "
                                   "without controls, dropped)"),
                ("Controls", "untreated days of the same phase"
                 + (" and day of the week" if m.match_weekday else "")),
                ("Clusters (bootstrap)", f"{self.n_clusters} (calendar blocks of "
                                         f"{m.block_length} days)"),
                ("Post effect, days {}..{}".format(a, b),
                 f"{self.params['post']:.4g} ({1 - alpha:.0%} CI "
                 f"{ci.loc['post', 'lower']:.4g} to {ci.loc['post', 'upper']:.4g})"),
                ("Lead effect, days -{}..-{}".format(b, max(a, 1)),
                 f"{self.params['pre']:.4g} ({1 - alpha:.0%} CI "
                 f"{ci.loc['pre', 'lower']:.4g} to {ci.loc['pre', 'upper']:.4g})"),
                ("Post minus lead", f"{self.params['post_minus_pre']:.4g} ({1 - alpha:.0%} CI "
                                    f"{ci.loc['post_minus_pre', 'lower']:.4g} to "
                                    f"{ci.loc['post_minus_pre', 'upper']:.4g})"),
                ("Placebo percentile of post", f"{self.placebo_percentile:.3f} "
                                               f"({self.n_placebo} placebos: "
                                               + ("circular shifts within phases"
                                                  if self.placebo_kind == "shift"
                                                  else "matched dates") + ")")]
        notes = ["Effect: mean outcome k days after treatment days minus after matched "
                 "control days (same phase and weekday); association unless no unmeasured "
                 "confounder selects treatment days.",
                 "A lead effect different from 0 means treatment days already differed "
                 "before the treatment (reverse causation or confounding).",
                 "Intervals: percentile block bootstrap over clusters of treatment days, "
                 "control profiles held fixed."]
        return Summary(f"Event study: {self.outcome} around {self.treatment} days",
                       info, [("Effect by relative day", self.profile)], notes)

    def plot(self, ax=None):
        """Effect by relative day with its bootstrap band; post window shaded. Returns Axes."""
        from ..plotting import new_figure, side_color, side_label, style

        if ax is None:
            _, ax = new_figure("single")
        with style():
            p = self.profile
            try:
                col = side_color(self.outcome)
            except Exception:  # an outcome that is not a declared side
                col = "0.2"
            a, b = self.post_window
            ax.axvspan(a - 0.5, b + 0.5, color="0.9", lw=0)
            ax.axhline(0, color="0.5", lw=0.6)
            ax.axvline(0, color="0.5", lw=0.6, ls=":")
            ax.fill_between(p.index, p["lower"], p["upper"], color=col, alpha=0.2, lw=0,
                            label=f"{1 - self.alpha:.0%} cluster bootstrap")
            ax.plot(p.index, p["effect"], "o-", color=col, ms=2.5, lw=1,
                    label="treated - matched control")
            try:
                who = side_label(self.outcome)
            except Exception:  # an outcome that is not a declared side
                who = self.outcome
            name = side_label(self.treatment)
            ax.set_xlabel(f"days relative to a day with an event by {name}"
                          if name != str(self.treatment) else
                          f"days relative to a {self.treatment} day")
            ax.set_ylabel(f"{who}: treated - control\n"
                          + ("events per day" if self.measure == "rate"
                             else "P(any event) per day"))
            ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2))
        return ax

    def plot_placebo(self, ax=None):
        """Histogram of the placebo post effects with the observed one. Returns Axes."""
        from ..plotting import new_figure, style

        if ax is None:
            _, ax = new_figure("single")
        with style():
            ax.hist(self.placebo, bins=30, color="0.7", edgecolor="white", lw=0.3,
                    label=f"{self.n_placebo} placebos")
            ax.axvline(self.params["post"], color="0.1", lw=1.2,
                       label=f"observed (percentile {self.placebo_percentile:.2f})")
            ax.set_xlabel("post-window effect")
            ax.set_ylabel("placebo replicates")
            ax.legend(frameon=False)
        return ax

    def __repr__(self) -> str:
        return (f"<EventStudyResults: {self.outcome} around {self.treatment} days; "
                f"post={self.params['post']:.3g}, pre={self.params['pre']:.3g}, "
                f"nobs={self.nobs}>")
