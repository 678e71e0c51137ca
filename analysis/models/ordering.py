r"""Within-day ordering bounds: same-day-sensitive quantities at both orders.

Day-precision records do not say which side acted first on a day when both acted. Any
quantity that uses the order of events within a day (continuous-time cross-excitation,
attribution, counterfactuals, the share of responses within a day) is therefore only
*bounded* by the data: :func:`ordering_bounds` computes it with side A placed first on
every shared day, with side B first, and at the order the data imply (stated triggers in
``retaliation_for`` and known ``time_local``). A claim **stands** only where it holds at
both bounds; otherwise it is reported as the range.

* :func:`order_within_days` - the incident table with ``time_local`` set on shared days
  so that :func:`analysis.to_events` (and every model fed by it, e.g.
  :class:`analysis.Hawkes`) sees the chosen order; nothing else changes.
* :func:`ordering_bounds` - a statistic (any function of an incident table returning
  labelled numbers) at the three orders; returns :class:`OrderingBounds`.
* :func:`response_share` - a same-day-sensitive statistic: the share of one side's
  events preceded by an event of the other side within a given time.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..data import to_events
from ..exceptions import DataError, SpecificationError
from ..reporting import Summary
from .base import check_choice, run_replicates

__all__ = ["order_within_days", "ordering_bounds", "OrderingBounds", "response_share",
           "FIRST_TIME", "SECOND_TIME"]

#: Local times given to the first and the second side on a shared day (a third and two
#: thirds of the day; events on other days stay at midday).
FIRST_TIME, SECOND_TIME = "08:00", "16:00"

_KINDS = ("first", "stated")


def _check(incidents, sides):
    if not isinstance(incidents, pd.DataFrame):
        raise DataError("incidents must be a DataFrame (an incident table)")
    for c in ("date", "side"):
        if c not in incidents.columns:
            raise DataError(f"the incident table has no {c!r} column")
    sides = [str(s) for s in sides]
    if len(sides) != 2 or sides[0] == sides[1]:
        raise SpecificationError(f"sides must name two different sides, got {sides}")
    present = set(incidents["side"].astype(str))
    for s in sides:
        if s not in present:
            raise SpecificationError(f"side {s!r} is not in the table; sides present: "
                                     f"{sorted(present)}")
    return sides


def order_within_days(incidents: pd.DataFrame, sides, first: str | None) -> pd.DataFrame:
    """The incidents with one order imposed on the days both sides acted.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and ``side``; ``time_local``, ``incident_id`` and
        ``retaliation_for`` are used when present.
    sides : (str, str)
        The two sides.
    first : str or None
        A side: its events are placed first (at :data:`FIRST_TIME`, the other side's at
        :data:`SECOND_TIME`) on every shared day where not every event has a known time.
        ``None``: the order the data imply - known ``time_local`` where every event of
        the day has one; otherwise a stated trigger of the other side on the same day
        (``retaliation_for``) puts the trigger's side first; otherwise the day stays tied
        (no time: both at midday).

    Returns
    -------
    DataFrame
        A copy with ``time_local`` set on the shared days and a column
        ``within_day_order``: ``"known"`` (times kept), ``"bound"`` (placed by
        ``first``), ``"stated"`` (placed by a stated trigger), ``"tied"`` (order
        unknown) or ``""`` (not a shared day, or another side).

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.casestudy import dyad_incidents
    >>> inc = ea.order_within_days(dyad_incidents(), ["militia", "us"], first="us")
    >>> sorted(inc["within_day_order"].unique())
    ['', 'bound']
    """
    a, b = _check(incidents, sides)
    if first is not None and str(first) not in (a, b):
        raise SpecificationError(f"first must be one of the sides {[a, b]} or None, got "
                                 f"{first!r}")
    inc = incidents.copy()
    day = pd.to_datetime(inc["date"]).dt.normalize()
    side = inc["side"].astype(str)
    if "time_local" in inc.columns:
        tl = inc["time_local"].astype("object")
        tl = tl.where(tl.notna(), None)
    else:
        tl = pd.Series([None] * len(inc), index=inc.index, dtype="object")
    in_dyad = side.isin([a, b])
    shared = set(day[side == a]) & set(day[side == b])
    order = pd.Series("", index=inc.index, dtype="object")
    stated_first = {}
    if first is None and {"incident_id", "retaliation_for"} <= set(inc.columns):
        ids = dict(zip(inc["incident_id"].astype(str), zip(day, side)))
        for r_day, r_side, rf in zip(day, side, inc["retaliation_for"]):
            if r_side not in (a, b) or not isinstance(rf, str) or r_day not in shared:
                continue
            for tid in rf.split(";"):
                t = ids.get(tid.strip())
                if t is not None and t[0] == r_day and t[1] != r_side and t[1] in (a, b):
                    prev = stated_first.get(r_day)
                    stated_first[r_day] = t[1] if prev in (None, t[1]) else "conflict"
    for d in shared:
        rows = in_dyad & (day == d)
        if all(isinstance(v, str) and v for v in tl[rows]):
            order[rows] = "known"
            continue
        lead = first if first is not None else stated_first.get(d)
        if lead in (a, b):
            other = b if lead == a else a
            tl[rows & (side == lead)] = FIRST_TIME
            tl[rows & (side == other)] = SECOND_TIME
            order[rows] = "bound" if first is not None else "stated"
        else:
            tl[rows] = None
            order[rows] = "tied"
    inc["time_local"] = tl
    inc["within_day_order"] = order
    return inc


def response_share(incidents: pd.DataFrame, responder: str, trigger_side: str, *,
                   within: float = 1.0) -> float:
    """Share of ``responder`` events preceded by a ``trigger_side`` event within ``within`` days.

    Uses the event times of :func:`analysis.to_events` (midday, or ``time_local``), so
    the result depends on the order within shared days: pass tables from
    :func:`order_within_days` (through :func:`ordering_bounds`) to bound it. An event
    tied with a trigger (same time) does not count as preceded.

    Parameters
    ----------
    incidents : DataFrame
    responder, trigger_side : str
    within : float
        Window in days (``1.0``: within 24 hours).

    Returns
    -------
    float
    """
    if not within > 0:
        raise SpecificationError(f"within must be a positive number of days, got {within!r}")
    ev = to_events(incidents, sides=[responder, trigger_side])
    r, t = ev[responder], ev[trigger_side]
    if len(r) == 0:
        raise DataError(f"no events of the responding side {responder!r}")
    j = np.searchsorted(t, r, side="left")          # triggers strictly before each response
    prev = np.where(j > 0, t[np.maximum(j - 1, 0)], -np.inf)
    return float(np.mean(r - prev <= within))


def _one_order(statistic, incidents, sides, first):
    out = statistic(order_within_days(incidents, sides, first))
    if isinstance(out, pd.DataFrame):
        if "estimate" not in out.columns:
            raise SpecificationError("a statistic returning a DataFrame needs an 'estimate' "
                                     "column (and optionally 'lower', 'upper')")
        return out
    if isinstance(out, (int, float, np.floating, np.integer)):
        out = pd.Series({"value": float(out)})
    if not isinstance(out, pd.Series):
        raise SpecificationError(f"statistic must return a number, a Series or a DataFrame "
                                 f"with an 'estimate' column, got {type(out).__name__}")
    return pd.DataFrame({"estimate": out.astype(float)})


def ordering_bounds(incidents: pd.DataFrame, sides, statistic, *, n_jobs: int = 1,
                    progress=None) -> "OrderingBounds":
    """A same-day-sensitive statistic at both within-day orders and at the stated order.

    Parameters
    ----------
    incidents : DataFrame
        An incident table (``date``, ``side``; ``time_local``, ``incident_id``,
        ``retaliation_for`` where the data have them).
    sides : (str, str)
        The two sides A and B.
    statistic : callable
        ``statistic(incidents) -> float, Series or DataFrame`` (a DataFrame indexed by
        quantity with ``estimate`` and optionally ``lower``, ``upper``). It is called on
        three tables from :func:`order_within_days`: A first, B first, and the order
        implied by stated triggers and known times. A picklable (module-level or
        ``functools.partial``) function for ``n_jobs > 1``.
    n_jobs : int
        Processes (the three orders are independent; results identical for any
        ``n_jobs``).
    progress : bool, optional
        Progress bar (default: on, except under pytest).

    Returns
    -------
    OrderingBounds

    Notes
    -----
    The bounds are the two extreme orders of a day-precision record: every shared day
    with A first, every shared day with B first (days where every event has a known
    time keep it). For quantities monotone in the number of "A before B" pairs (the
    cross-excitation A -> B, the share of B's events attributed to A, the response
    share) the truth under any mixed order lies between them; for other quantities the
    two orders are the natural extremes but not a proof of bracketing.

    Examples
    --------
    >>> import analysis as ea
    >>> from functools import partial
    >>> from analysis.casestudy import dyad_incidents
    >>> stat = partial(ea.response_share, responder="us", trigger_side="militia")
    >>> b = ea.ordering_bounds(dyad_incidents(), ["militia", "us"], stat)
    >>> b.table                                         # doctest: +SKIP
    """
    a, b = _check(incidents, sides)
    if not callable(statistic):
        raise SpecificationError("statistic must be a function of an incident table")
    orders = [a, b, None]
    outs = run_replicates(partial(_one_order, statistic, incidents, [a, b]), orders,
                          n_jobs=n_jobs, progress=progress, desc="orderings")
    names = [f"{a} first", f"{b} first", "stated"]
    frames = {n: o for n, o in zip(names, outs)}
    shared = order_within_days(incidents, [a, b], None)
    counts = shared.loc[shared["within_day_order"] != ""].groupby(
        pd.to_datetime(shared["date"]).dt.normalize())["within_day_order"].first()
    return OrderingBounds(frames, sides=[a, b], day_counts=counts.value_counts())


class OrderingBounds:
    """A statistic at both within-day orders and at the stated order.

    Attributes
    ----------
    table : DataFrame
        Index: quantity; columns ``"<A> first"``, ``"<B> first"``, ``"stated"`` (the
        estimates), ``low``, ``high`` (the range over the two bounds) and, where the
        statistic gave intervals, ``"<order> lower"`` / ``"<order> upper"``.
    sides : list of str
    orders : list of str
        The three column names of the estimates.
    shared_days : Series
        Shared days by how the stated order placed them (``known``, ``stated``,
        ``tied``).
    """

    def __init__(self, frames: dict, *, sides, day_counts):
        self.sides = sides
        self.orders = list(frames)
        bound = self.orders[:2]
        est = pd.DataFrame({o: f["estimate"] for o, f in frames.items()})
        est["low"] = est[bound].min(axis=1)
        est["high"] = est[bound].max(axis=1)
        for o, f in frames.items():
            if "lower" in f.columns and "upper" in f.columns:
                est[f"{o} lower"], est[f"{o} upper"] = f["lower"], f["upper"]
        self.table = est
        self.shared_days = day_counts

    def stands(self, threshold: float = 0.0, *, direction: str = ">",
               use: str = "estimate") -> pd.Series:
        """Does "quantity > threshold" (or "<") hold at both bounds?

        Parameters
        ----------
        threshold : float
        direction : {">", "<"}
        use : {"estimate", "interval"}
            ``"interval"``: the claim must hold for the whole interval at both bounds
            (lower > threshold, or upper < threshold).

        Returns
        -------
        Series of bool, by quantity.
        """
        check_choice("direction", direction, (">", "<"))
        check_choice("use", use, ("estimate", "interval"))
        t = self.table
        ok = pd.Series(True, index=t.index)
        for o in self.orders[:2]:
            if use == "interval":
                col = f"{o} lower" if direction == ">" else f"{o} upper"
                if col not in t.columns:
                    raise SpecificationError("use='interval' needs a statistic that returns "
                                             "'lower' and 'upper'")
                v = t[col]
            else:
                v = t[o]
            ok &= (v > threshold) if direction == ">" else (v < threshold)
        return ok.rename("stands")

    def statement(self, threshold: float = 0.0, *, direction: str = ">",
                  use: str = "estimate") -> pd.DataFrame:
        """Per quantity: the stated-order estimate, the range, and ``"stands"`` or ``"range"``."""
        s = self.stands(threshold, direction=direction, use=use)
        t = self.table
        return pd.DataFrame({"stated": t["stated"], "low": t["low"], "high": t["high"],
                             "verdict": np.where(s, "stands", "range")})

    def summary(self) -> Summary:
        """The table of estimates at the three orders, with the shared-day counts."""
        info = [("Sides", " and ".join(self.sides)),
                ("Shared days (stated order)", ", ".join(f"{k}: {v}" for k, v in
                                                         self.shared_days.items()) or "none"),
                ("Bounds", f"{self.orders[0]} / {self.orders[1]} on every shared day")]
        notes = ["A claim stands only where it holds at both bounds; otherwise report the "
                 "range low-high.",
                 "stated: known local times, else the side of a stated same-day trigger "
                 "first, else tied (both at midday)."]
        return Summary("Within-day ordering bounds", info, [(None, self.table)], notes)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()

    def plot(self, ax=None, *, labels=None):
        """Each quantity as a bar from one bound to the other, the stated order marked.

        Parameters
        ----------
        ax : Axes, optional
        labels : dict, optional
            Display names of the quantities (default: the index of ``table``).

        Returns
        -------
        Axes
        """
        from ..plotting import new_figure, side_label, style

        if ax is None:
            _, ax = new_figure("wide")
        t = self.table
        first = [f"{side_label(s)} first" for s in self.sides]
        with style():
            y = np.arange(len(t))[::-1]
            for yi, (q, r) in zip(y, t.iterrows()):
                ax.plot([r["low"], r["high"]], [yi, yi], color="0.6", lw=4,
                        solid_capstyle="butt")
                for o, mk in zip(self.orders[:2], ("<", ">")):
                    ax.plot(r[o], yi, marker="o" if o == self.orders[0] else "s",
                            mfc="white" if o == self.orders[0] else "0.2", mec="0.2",
                            ms=4, ls="none")
                    if f"{o} lower" in t.columns:
                        ax.plot([r[f"{o} lower"], r[f"{o} upper"]], [yi, yi], color="0.2",
                                lw=0.6)
                ax.plot(r["stated"], yi, marker="|", color="0.0", ms=9, mew=1.5, ls="none")
            ax.set_yticks(y)
            labels = labels or {}
            ax.set_yticklabels([str(labels.get(q, q)) for q in t.index])
            ax.plot([], [], "o", mfc="white", mec="0.2", ms=4, label=first[0])
            ax.plot([], [], "s", mfc="0.2", mec="0.2", ms=4, label=first[1])
            ax.plot([], [], "|", color="0.0", ms=9, mew=1.5, label="stated order")
            ax.set_xlabel("estimate")
            ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        return ax

    def __repr__(self) -> str:
        return f"<OrderingBounds: {len(self.table)} quantities; {', '.join(self.orders)}>"
