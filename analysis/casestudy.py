"""The case study of the bundled data: Iran-aligned militias and US forces, 2019-2024.

Only the notebooks use this module. It gathers the choices that several notebooks
share (which sides form the dyad, the named windows), so every notebook makes them the
same way. The models themselves take any sides from any incident table.
"""

from __future__ import annotations

import pandas as pd

from .data import load_incidents

__all__ = ["SIDES", "WINDOWS", "dyad_incidents", "window", "phase_of"]

#: The two sides of the dyad, in the order used in tables and figures.
SIDES = ["militia", "us"]

#: Named windows (first and last local day, inclusive).
WINDOWS = {
    "all": ("2019-12-01", "2024-12-31"),
    "before_campaign": ("2019-12-01", "2023-10-16"),
    "campaign": ("2023-10-17", "2024-02-04"),
    "after_campaign": ("2024-02-05", "2024-12-31"),
}


def dyad_incidents(incidents: pd.DataFrame | None = None, *, confirmed_only: bool = False,
                   iran_as_militia: bool = True, include_convoys: bool = False,
                   include_partner: bool = False) -> pd.DataFrame:
    """The incidents of the militia-US dyad.

    Attacks by Iran's own forces (the two ballistic-missile attacks of 8 Jan 2020) count
    as the militia side when ``iran_as_militia`` (the US answered both with the same
    strikes); strikes nobody was shown to have made (side ``unattributed``) are left
    out. ``confirmed_only`` keeps the incidents that the targeted side or an official
    source confirmed (claims inflate counts).

    Attacks on logistics convoys (``target_kind == "convoy"``: roadside bombs on
    Iraqi-driven trucks carrying coalition-contracted supplies, 2020-2022) are left out
    unless ``include_convoys``: the coalition said in 2021 that they were not its
    convoys, and the official tallies count attacks on bases and facilities only.
    Attacks on partner forces (``target_side == "partner"``) are left out unless
    ``include_partner``; attacks whose target is not US (``target_side == "other"``)
    always are.
    """
    inc = load_incidents() if incidents is None else incidents
    inc = inc.copy()
    if iran_as_militia:
        inc["side"] = inc["side"].replace({"iran": "militia"})
    inc = inc[inc["side"].isin(SIDES)]
    targets = {"us", "militia"} | ({"partner"} if include_partner else set())
    inc = inc[inc["target_side"].isin(targets)]
    if not include_convoys:
        inc = inc[inc["target_kind"].fillna("") != "convoy"]
    if confirmed_only:
        inc = inc[inc["confirmation"] == "confirmed"]
    return inc.reset_index(drop=True)


def window(incidents: pd.DataFrame, name: str) -> pd.DataFrame:
    """The incidents inside one of :data:`WINDOWS` (by local date)."""
    if name not in WINDOWS:
        raise ValueError(f"window must be one of {sorted(WINDOWS)}, got {name!r}")
    lo, hi = map(pd.Timestamp, WINDOWS[name])
    d = pd.to_datetime(incidents["date"])
    return incidents[(d >= lo) & (d <= hi)].reset_index(drop=True)


def phase_of(dates, changes) -> "pd.Series":
    """Phase number (0, 1, ...) of each date.

    ``changes`` is a sequence of the dates on which a *new* phase begins (phase ``k``
    covers ``[changes[k-1], changes[k])``), or a phase table with a ``start`` column
    (as ``detect_phases(...).phases``), whose first row is phase 0.
    """
    if isinstance(changes, pd.DataFrame):
        changes = list(changes["start"])[1:]
    cp = pd.DatetimeIndex(pd.to_datetime(list(changes))).sort_values()
    d = pd.DatetimeIndex(pd.to_datetime(dates))
    return pd.Series(cp.searchsorted(d, side="right"), index=d, name="phase")
