"""What the table says beyond counts: stated triggers (who answered what) and phase
boundaries (``phase_changes``, ``phase_of``).
"""

from __future__ import annotations

import pandas as pd

from ..exceptions import SpecificationError
from ..schema import LIST_SEPARATOR

__all__ = ["stated_triggers", "phase_changes", "phase_of"]


def stated_triggers(incidents: pd.DataFrame) -> pd.DataFrame:
    """Who answered what: one row per (incident, stated trigger) pair.

    Uses ``retaliation_for`` (the incidents the acting side or officials named as the
    trigger). Columns: ``incident_id``, ``date``, ``side``, ``location``,
    ``event_type``, ``trigger_id``, ``trigger_date``, ``trigger_side``,
    ``trigger_location``, ``lag_days`` (local days from trigger to response; 0 = the
    same day). Incidents whose triggers are outside ``incidents`` are kept with empty
    trigger fields, so filtering the table first does not silently drop a response.

    Parameters
    ----------
    incidents : DataFrame
        An incident table (``incident_id``, ``date``, ``side``, ``retaliation_for``).

    Returns
    -------
    DataFrame
        One row per (incident, stated trigger), columns as above.

    Examples
    --------
    >>> import analysis as ea
    >>> pairs = ea.stated_triggers(ea.load_incidents())
    >>> bool((pairs["lag_days"].dropna() >= 0).all())
    True
    """
    need = {"incident_id", "date", "side", "retaliation_for"}
    if not need <= set(incidents.columns):
        raise KeyError(f"stated_triggers needs the columns {sorted(need)}")
    by_id = incidents.set_index("incident_id")
    rows = []
    for r in incidents[incidents["retaliation_for"].notna()].itertuples(index=False):
        for tid in str(r.retaliation_for).split(LIST_SEPARATOR):
            tid = tid.strip()
            if not tid:
                continue
            t = by_id.loc[tid] if tid in by_id.index else None
            rows.append({
                "incident_id": r.incident_id, "date": r.date, "side": r.side,
                "location": getattr(r, "location", None), "event_type": getattr(r, "event_type", None),
                "trigger_id": tid,
                "trigger_date": None if t is None else t["date"],
                "trigger_side": None if t is None else t["side"],
                "trigger_location": None if t is None else t.get("location"),
            })
    out = pd.DataFrame(rows, columns=["incident_id", "date", "side", "location", "event_type",
                                      "trigger_id", "trigger_date", "trigger_side",
                                      "trigger_location"])
    out["trigger_date"] = pd.to_datetime(out["trigger_date"])
    out["lag_days"] = (pd.to_datetime(out["date"]) - out["trigger_date"]).dt.days.astype("Int64")
    return out


def phase_changes(phases) -> list:
    """The dates (or times) on which a new phase begins, from either form of phases.

    ``phases`` is a sequence of the dates on which a *new* phase begins, a single date,
    or a phase table with a ``start`` column (as ``detect_phases(...).phases``) whose
    first row is phase 0 (so its first start is not a change).
    """
    if isinstance(phases, pd.DataFrame):
        if "start" not in phases.columns:
            raise SpecificationError("a phase table needs a 'start' column (the first day of "
                                     "each phase), as detect_phases(...).phases has")
        return list(phases["start"])[1:]
    if isinstance(phases, (str, pd.Timestamp)) or not hasattr(phases, "__iter__"):
        return [phases]
    return list(phases)


def phase_of(dates, phases) -> pd.Series:
    """Phase number (0, 1, ...) of each date.

    Phase ``k`` covers ``[changes[k-1], changes[k])`` where
    ``changes = phase_changes(phases)``.

    Parameters
    ----------
    dates : date-like or sequence of dates
    phases : list of dates or DataFrame
        The dates on which a new phase begins, or a phase table with a ``start``
        column (e.g. ``detect_phases(...).phases``).

    Returns
    -------
    Series
        Phase numbers indexed by the dates.

    Examples
    --------
    >>> import analysis as ea
    >>> ea.phase_of(["2023-01-01", "2023-10-17", "2024-03-01"],
    ...             ["2023-10-17", "2024-02-05"]).tolist()
    [0, 1, 2]
    """
    try:
        cp = pd.DatetimeIndex(pd.to_datetime(phase_changes(phases))).sort_values()
        d = pd.DatetimeIndex(pd.to_datetime(dates))
    except (ValueError, TypeError) as e:
        raise SpecificationError(
            "phases must be a list of the dates on which a new phase begins, or a phase "
            f"table with a 'start' column ({e})") from None
    return pd.Series(cp.searchsorted(d, side="right"), index=d, name="phase")
