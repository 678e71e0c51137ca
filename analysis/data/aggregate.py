"""Series for the models: daily/weekly/monthly counts per side (``to_counts``,
optionally severity-weighted) and event times (``to_events``, ``EventTimes``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..exceptions import warn as _warn, DataError, DataWarning

__all__ = ["to_counts", "to_events", "EventTimes"]


#: Guards of to_counts/to_events against tables that would overflow or exhaust memory.
MAX_TOTAL_WEIGHT = 2.0 ** 53
MAX_CELLS = 200_000_000
MAX_EVENTS = 50_000_000


# ---------------------------------------------------------------------------------------
# Series for the models
# ---------------------------------------------------------------------------------------
_FREQS = {"D": "D", "W": "W-MON", "MS": "MS"}


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    if freq == "D":
        return dates
    if freq == "W":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.start_time


def _row_weights(incidents: pd.DataFrame, weight) -> pd.Series:
    if weight is None:
        if "n_attacks" in incidents.columns:
            w = incidents["n_attacks"]
        else:
            return pd.Series(1, index=incidents.index, dtype="int64")
    elif isinstance(weight, str):
        if weight not in incidents.columns:
            raise KeyError(f"weight column {weight!r} is not in the table; columns: "
                           f"{list(incidents.columns)}")
        w = incidents[weight]
    elif callable(weight):
        w = weight(incidents)
        if not isinstance(w, pd.Series):
            w = pd.Series(np.asarray(w), index=incidents.index)
        if len(w) != len(incidents):
            raise ValueError("the weight function must return one weight per incident row")
        w = w.set_axis(incidents.index)
    else:
        raise TypeError("weight must be None, a column name or a function of the table")
    w = pd.to_numeric(w, errors="raise")
    n_na = int(w.isna().sum())
    if n_na:
        _warn(
            f"{n_na} of {len(w)} incidents have no value for the weight "
            f"{weight if isinstance(weight, str) else '(function)'} and count as 0; "
            "filter them out first if missing should not mean zero", DataWarning)
        w = w.fillna(0)
    if (w < 0).any():
        raise ValueError("weights must be non-negative")
    if pd.api.types.is_integer_dtype(w):
        return w.astype("int64")
    return w.astype("float64")


def _select_sides(incidents: pd.DataFrame, by, sides, columns):
    """The rows of ``sides`` (values of the ``by`` column) and the columns to build."""
    if sides is None:
        return incidents, columns
    if isinstance(sides, str) or not all(isinstance(x, str) for x in sides):
        raise TypeError(f"sides must be a list of side names, got {sides!r}")
    if not isinstance(by, str):
        raise ValueError("sides= selects values of one column; with several `by` "
                         "columns, filter the incidents first")
    if by not in incidents.columns:
        raise KeyError(f"the incident table has no {by!r} column")
    if columns is not None and list(columns) != list(sides):
        raise ValueError(f"give sides= or columns=, not both (got sides={list(sides)}, "
                         f"columns={list(columns)})")
    keep = incidents[by].astype("string").isin(list(sides)).fillna(False).to_numpy(bool)
    return incidents[keep], list(sides)


def to_counts(incidents: pd.DataFrame, freq: str = "D", by="side", weight=None, *,
              start=None, end=None, columns=None, sides=None) -> pd.DataFrame:
    """Count incidents per day (or week, or month) and side, zero-filling empty periods.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and the ``by`` column(s); ``n_attacks`` if present.
    freq : {"D", "W", "MS"}
        Day; week Monday-Sunday labelled by its Monday; calendar month labelled by its
        first day. Incidents of week or month date precision count at their coded
        date (see the codebook).
    by : str or list of str
        Column(s) whose values become the columns of the result (default ``"side"``;
        e.g. ``["side", "country"]`` gives a two-level column index).
    weight : None, str or callable
        ``None``: each incident counts ``n_attacks`` (1 if there is no such column).
        A column name: the sum of that column (e.g. ``"target_wounded"``). A function
        ``f(incidents) -> Series`` of one weight per row, e.g. a
        :class:`~analysis.severity.SeverityIndex`. Missing weights count as 0 with a
        warning.
    start, end : date-like, optional
        First and last day covered (default: the first and last incident). The index is
        complete between them.
    columns : list, optional
        Columns to include even when they have no events (e.g. ``["militia", "us"]``),
        in this order. Default: the values present, sorted.
    sides : list of str, optional
        Keep only the incidents whose ``by`` value is one of these (e.g. the two sides
        of a dyad), one column each in this order; the other rows are left out.

    Returns
    -------
    DataFrame
        Index: complete ``DatetimeIndex`` named ``date`` with ``freq`` set; one column per
        value of ``by``; integer counts (float when weighted with non-integers).
        ``result.sum().sum()`` equals the sum of the row weights (``n_attacks``).

    Examples
    --------
    >>> import analysis as ea
    >>> inc = ea.load_incidents()
    >>> weekly = ea.to_counts(inc, freq="W", sides=["militia", "us"])
    >>> list(weekly.columns), weekly.index.freqstr
    (['militia', 'us'], 'W-MON')
    """
    incidents, columns = _select_sides(incidents, by, sides, columns)
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {sorted(_FREQS)}, got {freq!r}")
    keys = [by] if isinstance(by, str) else list(by)
    for k in ["date"] + keys:
        if k not in incidents.columns:
            raise KeyError(f"the incident table has no {k!r} column")
    for k in keys:
        n_na = int(incidents[k].isna().sum())
        if n_na:
            raise DataError(f"{n_na} incidents have no value in {k!r}; they would be "
                            "dropped from the counts. Fill or filter them first", column=k)
    dates = pd.to_datetime(incidents["date"]).dt.normalize()
    if dates.isna().any():
        raise DataError("some incidents have no date", column="date")
    w = _row_weights(incidents, weight)
    if len(w) and float(np.abs(w.to_numpy(dtype=float)).sum()) > MAX_TOTAL_WEIGHT:
        raise DataError(f"the weights add up to more than {MAX_TOTAL_WEIGHT:.0e}: the counts "
                        "would overflow 64-bit integers (check n_attacks / the weight column; "
                        "the schema allows at most 10,000 attacks per incident)", column=
                        weight if isinstance(weight, str) else "n_attacks")
    frame = pd.DataFrame({"period": _period_start(dates, freq).to_numpy(), "w": w.to_numpy()})
    for k in keys:
        frame[k] = incidents[k].astype(str).to_numpy()
    grouped = frame.groupby(["period"] + keys, sort=True)["w"].sum()
    table = grouped.unstack(keys, fill_value=0) if len(frame) else \
        pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    lo = pd.Timestamp(start).normalize() if start is not None else dates.min()
    hi = pd.Timestamp(end).normalize() if end is not None else dates.max()
    if pd.isna(lo) or pd.isna(hi):
        raise DataError("no incidents and no start/end given: cannot build a time index")
    if hi < lo:
        raise ValueError(f"end ({hi.date()}) is before start ({lo.date()})")
    lo_p = _period_start(pd.Series([lo]), freq).iloc[0]
    hi_p = _period_start(pd.Series([hi]), freq).iloc[0]
    index = pd.date_range(lo_p, hi_p, freq=_FREQS[freq], name="date")
    n_cols = max(len(table.columns), len(columns) if columns is not None else 0)
    if len(index) * max(n_cols, 1) > MAX_CELLS:
        raise DataError(f"the count table would have {len(index):,} periods x {n_cols:,} "
                        f"columns (more than {MAX_CELLS:,} cells): choose a coarser freq, a "
                        "shorter start/end window or fewer `by` values")
    outside = ~table.index.isin(index)
    if outside.any():
        dropped = float(table[outside].to_numpy().sum())
        raise ValueError(f"{dropped:g} events fall outside start/end "
                         f"({lo.date()} - {hi.date()}); widen the window or filter first")
    table = table.reindex(index, fill_value=0)
    if columns is not None:
        extra = [c for c in table.columns if c not in columns]
        if extra:
            raise ValueError(f"columns={list(columns)} leaves out {extra}, which have events; "
                             f"select sides with sides={list(columns)} (the other rows "
                             "are left out) or filter the incidents first")
        table = table.reindex(columns=list(columns), fill_value=0)
    table.columns.name = keys[0] if len(keys) == 1 else None
    if isinstance(table.columns, pd.MultiIndex):
        table.columns.names = keys
    table.index.freq = _FREQS[freq]
    return table


class EventTimes(Mapping):
    """Event times per side, in days since ``origin`` (a read-only mapping).

    ``events[side]`` is a sorted float array. Attributes: ``origin`` (Timestamp, the
    midnight that is time 0), ``end_time`` (end of the observation window in days),
    ``exact`` (side -> boolean array: True where a source gave the time of day).
    :func:`to_events` builds one.

    Examples
    --------
    >>> import analysis as ea
    >>> ev = ea.to_events(ea.load_incidents(), sides=["militia", "us"])
    >>> ev.n_tied() > 0, list(ev)
    (True, ['militia', 'us'])
    """

    def __init__(self, times: dict, origin, end_time: float, exact: dict | None = None):
        self._times = {k: np.asarray(v, dtype=float) for k, v in times.items()}
        self.origin = pd.Timestamp(origin)
        self.end_time = float(end_time)
        self.exact = exact or {k: np.zeros(len(v), bool) for k, v in self._times.items()}
        self.unit = "days"

    def __getitem__(self, key):
        return self._times[key]

    def __iter__(self):
        return iter(self._times)

    def __len__(self):
        return len(self._times)

    def __repr__(self):
        parts = ", ".join(f"{k}: {len(v)} events" for k, v in self._times.items())
        return (f"EventTimes({parts}; origin {self.origin.date()}, "
                f"end_time {self.end_time:g} days)")

    def as_list(self, order=None) -> list[np.ndarray]:
        """The arrays as a list, in ``order`` (default: the mapping's order)."""
        return [self._times[k] for k in (order or list(self._times))]

    def n_tied(self) -> int:
        """Number of events that share their time with another event of any side."""
        allt = np.concatenate(self.as_list()) if len(self) else np.array([])
        _, counts = np.unique(allt, return_counts=True)
        return int(counts[counts > 1].sum())

    def jitter(self, rng) -> "EventTimes":
        """A copy in which every event without a known time of day is placed uniformly
        at random within its day (``floor(t) + U(0, 1)``); times from sources are kept.
        ``rng`` is a :class:`numpy.random.Generator` (or a seed); ``None`` is refused
        with the message every drawing function gives."""
        from ..models.base import as_rng      # the one rng check (models import data)

        rng = as_rng(rng)
        out, exact = {}, {}
        for k, t in self._times.items():
            ex = self.exact[k]
            new = t.copy()
            new[~ex] = np.floor(t[~ex]) + rng.random(int((~ex).sum()))
            order = np.argsort(new, kind="stable")
            out[k], exact[k] = new[order], ex[order]
        return EventTimes(out, self.origin, self.end_time, exact)


def to_events(incidents: pd.DataFrame, by="side", *, origin=None, end=None,
              columns=None, sides=None) -> EventTimes:
    """Event times per side for point-process models.

    Time is measured in days since ``origin`` (midnight). An incident on local date
    ``d`` with no time of day is placed at the **middle of its day**,
    ``(d - origin).days + 0.5``; with ``time_local`` ``HH:MM`` it is placed at
    ``(d - origin).days + (60 HH + MM) / 1440``. An incident with ``n_attacks = k``
    gives ``k`` events at the same time, so **ties are kept** (day-precision data has
    many); see :meth:`EventTimes.jitter` and the Hawkes model's tie handling.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and ``by``; uses ``n_attacks`` and ``time_local`` when present.
    by : str
        Column whose values are the dimensions (default ``"side"``).
    origin : date-like, optional
        Time 0 (default: midnight of the first incident's date).
    end : date-like, optional
        Last day observed; ``end_time`` is the end of that day in days since origin
        (default: the last incident's date).
    columns : list, optional
        Dimensions to include even without events, in this order (default: sorted).
    sides : list of str, optional
        Keep only the incidents whose ``by`` value is one of these (e.g. the two sides
        of a dyad), in this order; the other rows are left out.

    Returns
    -------
    EventTimes
        A mapping ``side -> sorted float array`` with ``origin`` and ``end_time``.

    Examples
    --------
    >>> import analysis as ea
    >>> events = ea.to_events(ea.load_incidents(), sides=["militia", "us"])
    >>> list(events)
    ['militia', 'us']
    """
    incidents, columns = _select_sides(incidents, by, sides, columns)
    for k in ("date", by):
        if k not in incidents.columns:
            raise KeyError(f"the incident table has no {k!r} column")
    dates = pd.to_datetime(incidents["date"]).dt.normalize()
    if dates.isna().any():
        raise DataError("some incidents have no date", column="date")
    if incidents[by].isna().any():
        raise DataError(f"some incidents have no value in {by!r}", column=by)
    t0 = pd.Timestamp(origin).normalize() if origin is not None else dates.min()
    last = pd.Timestamp(end).normalize() if end is not None else dates.max()
    days = (dates - t0).dt.days.to_numpy(dtype=float)
    if (days < 0).any():
        raise ValueError(f"incidents before origin {t0.date()}; choose an earlier origin")
    end_time = float((last - t0).days + 1)
    if len(days) and days.max() >= end_time:
        raise ValueError(f"incidents after end {last.date()}; choose a later end")
    frac = np.full(len(days), 0.5)
    exact = np.zeros(len(days), bool)
    if "time_local" in incidents.columns:
        tl = incidents["time_local"].astype("string")
        ok = tl.notna().to_numpy() & tl.fillna("").str.fullmatch(
            r"(?:[01][0-9]|2[0-3]):[0-5][0-9]").to_numpy(bool)
        bad = tl.notna().to_numpy() & ~ok
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError("time_local must be HH:MM between 00:00 and 23:59 (or empty)",
                            row=i + 1, column="time_local", value=tl.iloc[i])
        if ok.any():
            hm = tl[ok].str.split(":", expand=True).astype(int)
            frac[ok] = (hm[0].to_numpy() * 60 + hm[1].to_numpy()) / 1440.0
            exact[ok] = True
    if "n_attacks" in incidents.columns:
        na = pd.to_numeric(incidents["n_attacks"], errors="coerce")
        if (na < 1).any() or (na.notna() & (na != np.floor(na))).any() or \
                (incidents["n_attacks"].notna() & na.isna()).any():
            i = int(np.flatnonzero(~((na >= 1) & (na == np.floor(na))) &
                                   incidents["n_attacks"].notna().to_numpy())[0])
            raise DataError("n_attacks must be a whole number >= 1 (missing counts as 1)",
                            row=i + 1, column="n_attacks", value=incidents["n_attacks"].iloc[i])
        total = float(na.fillna(1).sum())
        if total > MAX_EVENTS:
            raise DataError(f"the incidents stand for {total:,.0f} events, more than "
                            f"{MAX_EVENTS:,} event times fit in memory here; check n_attacks "
                            "(the schema allows at most 10,000 per incident) or use to_counts",
                            column="n_attacks")
        reps = na.fillna(1).astype("int64").to_numpy()
    else:
        reps = np.ones(len(days), int)
    t = np.repeat(days + frac, reps)
    ex = np.repeat(exact, reps)
    labels = np.repeat(incidents[by].astype(str).to_numpy(), reps)
    keys = list(columns) if columns is not None else sorted(set(labels))
    missing = sorted(set(labels) - set(keys))
    if missing:
        raise ValueError(f"columns={keys} leaves out {missing}, which have events; select "
                         f"sides with sides={keys} (the other rows are left out) or "
                         "filter the incidents first")
    times, exacts = {}, {}
    for k in keys:
        m = labels == k
        order = np.argsort(t[m], kind="stable")
        times[k], exacts[k] = t[m][order], ex[m][order]
    return EventTimes(times, t0, end_time, exacts)
