"""The case study of the bundled data: Iran-aligned militias and US forces, 2019-2024.

Only the notebooks use this module. It gathers the choices that several notebooks
share (which sides form the dyad, the named windows), so every notebook makes them the
same way. The models themselves take any sides from any incident table.
"""

from __future__ import annotations

import pandas as pd

import warnings

from .data import load_incidents, phase_of, to_counts
from .exceptions import AnalysisWarning, DataError, EstimationError, SpecificationError

__all__ = ["SIDES", "WINDOWS", "PHASE_STARTS", "dyad_incidents", "window", "window_counts",
           "fit_or_reason", "phase_of"]

#: The two sides of the dyad, in the order used in tables and figures.
SIDES = ["militia", "us"]

#: Named windows (first and last local day, inclusive).
WINDOWS = {
    "all": ("2019-12-01", "2024-12-31"),
    "before_campaign": ("2019-12-01", "2023-10-16"),
    "campaign": ("2023-10-17", "2024-02-04"),
    "after_campaign": ("2024-02-05", "2024-12-31"),
}

#: Dates on which a new phase of the record begins (the campaign; the lull after it).
PHASE_STARTS = [WINDOWS["campaign"][0], WINDOWS["after_campaign"][0]]


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


def window_counts(freq: str = "D") -> dict:
    """Counts of the dyad per window and source: ``{(source, window): counts}`` for
    source in (``"all"``, ``"confirmed"``) and every window of :data:`WINDOWS`, each
    with a complete index over the whole window and both sides as columns."""
    sources = {"all": dyad_incidents(), "confirmed": dyad_incidents(confirmed_only=True)}
    return {(src, win): to_counts(window(inc, win), freq=freq, start=WINDOWS[win][0],
                                  end=WINDOWS[win][1], columns=SIDES)
            for src, inc in sources.items() for win in WINDOWS}


def fit_or_reason(make):
    """Run ``make()`` (a fit); return ``(results, notes)`` or ``(None, reason)``.

    For tables of many fits (windows x sources) where some samples cannot support the
    model: the package's errors become the reason the cell is empty, and its warnings
    become notes beside the estimate, instead of stopping the notebook.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalysisWarning)
        try:
            res = make()
        except (EstimationError, SpecificationError, DataError) as e:
            return None, str(e).split(". ")[0]
    return res, "; ".join(str(w.message).split(". ")[0] for w in caught
                          if issubclass(w.category, AnalysisWarning))
