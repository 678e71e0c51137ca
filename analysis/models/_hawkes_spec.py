"""Input handling shared by the Hawkes model, its results and the simulator (private)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..data import EventTimes, phase_changes
from ..exceptions import DataError, SpecificationError

KERNELS = ("exp", "sumexp")
SIM_METHODS = ("branching", "thinning")


# ---------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------
def _as_event_arrays(events, sides=None):
    """(sides, list of float arrays, origin or None, exact flags or None)."""
    origin, exact = None, None
    if isinstance(events, EventTimes):
        origin = events.origin
        exact = [np.asarray(events.exact[k], bool) for k in events]
    if isinstance(events, Mapping):
        names = [str(k) for k in events]
        arrays = [events[k] for k in events]
    elif isinstance(events, np.ndarray) and events.ndim == 1:
        names, arrays = ["0"], [events]
    elif isinstance(events, (list, tuple)):
        if len(events) and np.ndim(events[0]) == 0:
            names, arrays = ["0"], [np.asarray(events)]
        else:
            names = [str(i) for i in range(len(events))]
            arrays = list(events)
    else:
        raise SpecificationError(
            "events must be a mapping side -> sorted times (as analysis.to_events gives), "
            f"a list of arrays or one array; got {type(events).__name__}")
    if sides is not None:
        if len(sides) != len(arrays):
            raise SpecificationError(f"sides has {len(sides)} names for {len(arrays)} "
                                     "event arrays")
        names = [str(s) for s in sides]
    if len(arrays) == 0:
        raise DataError("no sides: events is empty; pass at least one side's event times")
    if len(set(names)) != len(names):
        raise SpecificationError(f"side names must be distinct, got {names}")
    out = []
    for name, a in zip(names, arrays):
        kind = getattr(getattr(a, "dtype", None), "kind", None)
        if kind in ("M", "m"):
            # numpy casts datetime64 to float silently (nanoseconds or days since 1970,
            # depending on the unit): refuse rather than fit on that scale
            raise SpecificationError(
                f"the event times of side {name!r} are dates ({a.dtype}); Hawkes takes "
                "times in days since an origin: use analysis.to_events(incidents), or "
                "(times - origin) / np.timedelta64(1, 'D')")
        try:
            a = np.asarray(a, dtype=float)
        except (TypeError, ValueError):
            raise DataError(f"the event times of side {name!r} are not numbers; pass "
                            "times in days since the origin (analysis.to_events)") from None
        if a.ndim != 1:
            raise DataError(f"the event times of side {name!r} must be one-dimensional, "
                            f"got shape {a.shape}")
        if a.size == 0:
            raise DataError(
                f"side {name!r} has no events in the window: its baseline and kernels "
                "cannot be estimated. Drop it (to_events(..., columns=[...]) or leave it "
                "out of the mapping) or widen the window")
        if not np.all(np.isfinite(a)):
            bad = int((~np.isfinite(a)).sum())
            raise DataError(f"side {name!r} has {bad} missing or infinite times (NaN/inf); "
                            "drop those events or give them a time")
        if a[0] < 0 or (a < 0).any():
            raise DataError(f"side {name!r} has negative times (first {a[a < 0][0]:g}); times "
                            "are measured from the origin, so choose an earlier origin "
                            "(to_events(..., origin=...)) or shift the times")
        if np.any(np.diff(a) < 0):
            k = int(np.argmax(np.diff(a) < 0))
            raise DataError(f"the times of side {name!r} are not sorted (position {k + 1}: "
                            f"{a[k]:g} then {a[k + 1]:g}); sort them first (np.sort)")
        out.append(a)
    return names, out, origin, exact


def _phase_changes(baseline, origin, T):
    """Phase boundaries [P + 1] within (0, T) and labels for the phases."""
    if isinstance(baseline, str):
        if baseline != "constant":
            raise SpecificationError(
                f"phases must be None or the phases (a list of the dates on which a "
                f"new phase begins, or a phase table with a 'start' column); got {baseline!r}")
        return np.array([0.0, T]), ["constant"]
    if not isinstance(baseline, pd.DataFrame) and not hasattr(baseline, "__iter__"):
        raise SpecificationError(
            "phases must be None, a list of phase start dates (or times) or a "
            f"phase table; got {type(baseline).__name__}")
    changes = phase_changes(baseline)
    if len(changes) == 0:
        return np.array([0.0, T]), ["constant"]
    numeric = all(isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)
                  for c in changes)
    if numeric:
        times = np.asarray(changes, dtype=float)
    else:
        if origin is None or pd.isna(origin):
            raise SpecificationError(
                "phase dates need the events' origin: pass an EventTimes from to_events(), "
                "or give the phase starts as times in days since the origin")
        try:
            d = pd.to_datetime(pd.Series(changes))
        except (ValueError, TypeError):
            raise SpecificationError(f"cannot read the phase starts {changes!r} as dates") from None
        times = ((d - origin) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    if not np.all(np.isfinite(times)):
        raise SpecificationError("phase starts must be finite dates or times")
    times = np.unique(times[(times > 0) & (times < T)])
    bounds = np.concatenate([[0.0], times, [T]])
    labels = []
    for a in bounds[:-1]:
        if origin is not None and not pd.isna(origin):
            labels.append("from " + (origin + pd.Timedelta(days=float(a))).strftime("%Y-%m-%d"))
        else:
            labels.append(f"from t={a:g}")
    return bounds, labels


def _decay_array(decay, D, U, kernel):
    """A fixed decay specification -> [D, D, U] array."""
    if isinstance(decay, pd.DataFrame):
        decay = decay.to_numpy()
    try:
        b = np.asarray(decay, dtype=float)
    except (TypeError, ValueError):
        raise SpecificationError(f"decay must be None (estimate it) or positive numbers, "
                                 f"got {decay!r}") from None
    if b.ndim == 0:
        out = np.full((D, D, U), float(b))
    elif b.ndim == 1 and kernel == "sumexp":
        out = np.broadcast_to(b, (D, D, b.size)).copy()
    elif b.ndim == 2 and b.shape == (D, D) and kernel == "exp":
        out = b[:, :, None].copy()
    elif b.ndim == 3 and b.shape[:2] == (D, D):
        out = b.copy()
    else:
        raise SpecificationError(
            f"decay has shape {b.shape}; allowed: a number, [n_components] (kernel='sumexp'), "
            f"[{D}, {D}] (kernel='exp', target x source) or [{D}, {D}, n_components]")
    if not np.all(np.isfinite(out)) or np.any(out <= 0):
        raise SpecificationError("decays must be positive and finite (in 1/time units, e.g. "
                                 "per day)")
    return out


def _to_array(x, shape_hint, name):
    if isinstance(x, (pd.DataFrame, pd.Series)):
        x = x.to_numpy()
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise SpecificationError(f"{name} must be numbers, got {x!r}") from None
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise SpecificationError(f"{name} must be non-negative and finite")
    return a


def _spectral_radius(M) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(np.asarray(M, dtype=float))))) if np.size(M) else 0.0


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------


def _explosive_message(rho, what="fit"):
    return (f"the fitted process is explosive: spectral radius {rho:.3f} >= 1 ({what}). "
            "Excitation alone would make activity grow without bound, which usually means a "
            "change in the background rate is being read as excitation. Fit a phase baseline "
            "(phases=<phase start dates>, e.g. from detect_phases), a shorter window, or fix "
            "a slower decay; simulations and counterfactuals of this fit are not meaningful")
