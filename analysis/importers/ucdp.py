"""UCDP Georeferenced Event Dataset (GED) exports -> incidents (:func:`from_ucdp_ged`)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ..exceptions import warn as _warn, DataWarning, SpecificationError
from . import _common as C

__all__ = ["from_ucdp_ged", "GED_COLUMNS"]

#: UCDP GED's published columns, in their order (GED 23.1 - 25.1, 49 columns).
GED_COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence",
    "conflict_dset_id", "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id",
    "dyad_name", "side_a_dset_id", "side_a_new_id", "side_a", "side_b_dset_id",
    "side_b_new_id", "side_b", "number_of_sources", "source_article", "source_office",
    "source_date", "source_headline", "source_original", "where_prec", "where_coordinates",
    "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec",
    "date_start", "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown",
    "best", "high", "low", "gwnoa", "gwnob")

_NEEDED = ("id", "side_a", "side_b", "date_prec", "date_start", "date_end", "best", "high",
           "low")

#: GED ``date_prec`` -> our ``date_precision`` (5: known only within a year -> rejected).
_PRECISION = {"1": "day", "2": "week", "3": "week", "4": "month"}
_ORDER = {"day": 0, "week": 1, "month": 2}

_SQL_DATE = "try_cast(left(trim(date_start), 10) AS DATE)"


def _iso(s: pd.Series) -> pd.Series:
    """'2024-01-03 00:00:00.000' (GED's CSV) or '2024-01-03' -> '2024-01-03'; anything
    else passes unchanged (the validator reports it)."""
    def one(v):
        if v is None:
            return None
        t = str(v).strip()
        head = t[:10]
        try:
            return pd.Timestamp(head).date().isoformat() if len(head) == 10 and \
                head[4] == "-" and head[7] == "-" else t
        except ValueError:
            return t
    return s.map(one)


_FORMAT = C.Format(
    what="a UCDP GED export", columns=GED_COLUMNS, needed=_NEEDED, id_col="id",
    actor_cols=("side_a", "side_b"), date_sql=_SQL_DATE,
    date_py=lambda raw: _iso(raw["date_start"]),
    keep_outside=("id", "side_a", "side_b", "date_start", "date_end", "type_of_violence"))

_REFUSE = (
    "UCDP GED does not say which side acted: an event is lethal violence between side_a "
    "and side_b (side_a is the government or the first party of the dyad, not the "
    "attacker), and only events with at least one death are recorded. Say how to credit "
    "each event: acting='side_a', acting='side_b', or a function row -> 'side_a', "
    "'side_b' or None (None rejects the row) that states your rule")


def from_ucdp_ged(source, sides, *, acting=None, period=None, engine="auto",
                  errors="raise", count_rows=False, codebook=None, threads=None):
    """Import a UCDP GED export (CSV, gzip, Parquet or a DataFrame) as an incident table.

    GED does not record **which side acted** in an event, and it records **only events
    with at least one death** (counts of GED events are counts of lethal events, not of
    attacks). The importer therefore needs an explicit rule for the acting side and
    refuses without one; it says so in a :class:`~analysis.DataWarning` on every call.

    Parameters
    ----------
    source : path or DataFrame
        GED's published columns (:data:`GED_COLUMNS`: ``id, relid, year, active_year,
        ..., side_a, ..., side_b, ..., date_prec, date_start, date_end, deaths_a,
        deaths_b, deaths_civilians, deaths_unknown, best, high, low, ...``); dates as
        GED writes them (``2024-01-03 00:00:00.000``) or ISO.
    sides : dict
        ``{side_id: actors}``: GED actor names (``side_a``/``side_b`` values, exact
        ``str``) or patterns (``re.compile``); see :func:`from_acled`.
    acting : {"side_a", "side_b"} or callable
        The rule for the acting side: every event credited to GED's side A, to side B,
        or ``acting(row) -> "side_a" | "side_b" | None`` for each raw row (a dict of
        GED's columns as text); None rejects that row with a reason. Required.
    period, engine, errors, count_rows, codebook, threads
        As in :func:`from_acled`.

    Returns
    -------
    DataFrame, or ImportResult with ``errors="collect"``
        ``incident_id = "ged-" + id``, ``sources = "ucdp-ged:" + id``; ``date`` =
        ``date_start``; ``date_precision`` from ``date_prec`` (1 day; 2-3 week; 4 month)
        and never finer than the span ``date_start..date_end`` allows (up to 7 days
        week, up to 31 days month); events known only to a longer period
        (``date_prec`` 5) are rejected. Casualties by role (GED's best estimates): ``target_killed`` = the deaths of
        the other party (``deaths_b`` or ``deaths_a``; for one-sided violence,
        ``deaths_civilians``), ``actor_killed`` = the acting party's. GED gives its
        ``low``/``high`` bounds for the event as a whole: they become the
        ``*_killed_low``/``*_killed_high`` of the role that holds every one of the
        event's best-estimate deaths (e.g. the victims of one-sided violence) and stay
        empty otherwise, never split by a guess. The event totals ``best``, ``low``,
        ``high``, GED's per-party deaths (``deaths_a``, ``deaths_b``,
        ``deaths_civilians``, ``deaths_unknown``), ``type_of_violence``,
        ``conflict_new_id``, ``dyad_new_id``, ``side_a``, ``side_b`` are kept as
        ``ged_*``.

    Examples
    --------
    Without a rule for the acting side the importer refuses:

    >>> import pandas as pd
    >>> from analysis import from_ucdp_ged
    >>> rows = pd.DataFrame({"id": ["1"], "side_a": ["Government of A"], "side_b": ["B"],
    ...                      "date_prec": ["1"], "date_start": ["2024-01-03 00:00:00.000"],
    ...                      "date_end": ["2024-01-03 00:00:00.000"], "best": ["2"],
    ...                      "low": ["2"], "high": ["3"]})
    >>> from_ucdp_ged(rows, sides={"a": "Government of A", "b": "B"})
    Traceback (most recent call last):
    ...
    analysis.exceptions.SpecificationError: UCDP GED does not say which side acted: ...

    With one, e.g. ``from_ucdp_ged(rows, sides=..., acting="side_a")``, each event is
    credited to side A (and a DataWarning repeats what GED can and cannot say).
    """
    C.check_errors(errors)
    matchers = C.parse_sides(sides)
    if acting is None:
        raise SpecificationError(_REFUSE)
    if not (acting in ("side_a", "side_b") or callable(acting)):
        raise SpecificationError(f"acting must be 'side_a', 'side_b' or a function; got "
                                 f"{acting!r}. {_REFUSE}")
    lo, hi = C.parse_period(period)
    raw, n_out, label = C.read_scoped(source, _FORMAT, matchers, lo, hi, engine=engine,
                                      count_rows=count_rows, threads=threads)
    mapped, rej = _map(raw, matchers, acting)
    _warn(
        "UCDP GED records only events with at least one death and does not say which side "
        f"acted; the acting side follows your rule ({acting if isinstance(acting, str) else 'function'}). "
        "Counts from it are counts of lethal events", DataWarning)
    return C.finish(mapped, rej, matchers=matchers, id_col_mapped="ged_id",
                    n_in_scope=len(raw), n_out_of_scope=n_out, errors=errors,
                    codebook=codebook, what="UCDP GED export", source_label=label,
                    ints=[f"ged_{c}" for c in ("best", "low", "high", "deaths_a", "deaths_b",
                                               "deaths_civilians", "deaths_unknown",
                                               "type_of_violence", "date_prec",
                                               "where_prec", "event_clarity")])


def _precision(prec, start, end):
    base = _PRECISION.get(str(prec).strip()) if prec is not None else None
    if base is None:
        return None, (f"date_prec {prec!r}: the event is known only to a period longer than "
                      "a month (GED date_prec 5) or the code is not 1-5")
    try:
        span = (pd.Timestamp(end) - pd.Timestamp(start)).days
    except (ValueError, TypeError):
        return base, None        # the validator reports the dates
    by_span = "day" if span <= 0 else "week" if span <= 7 else "month" if span <= 31 else None
    if by_span is None:
        return None, (f"date_start {start} .. date_end {end} spans {span} days: longer than "
                      "a month")
    return max(base, by_span, key=_ORDER.get), None


def _int(v):
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def _casualties(mapped, r, act_col):
    """GED deaths -> the schema's role columns (see from_ucdp_ged, Returns)."""
    cols = {k: [] for k in ("target_killed", "target_killed_low", "target_killed_high",
                            "actor_killed", "actor_killed_low", "actor_killed_high")}
    for rec, who in zip(r.to_dict("records"), act_col):
        da, db, dc = _int(rec["deaths_a"]), _int(rec["deaths_b"]), _int(rec["deaths_civilians"])
        best, low, high = _int(rec["best"]), _int(rec["low"]), _int(rec["high"])
        one_sided = str(rec["type_of_violence"]).strip() == "3"
        tgt_b = dc if one_sided else db
        actor, target = (da, tgt_b) if who == "side_a" else (db, da)
        for role, v in (("target", target), ("actor", actor)):
            cols[f"{role}_killed"].append(v)
            whole = v is not None and best is not None and v == best and v > 0
            cols[f"{role}_killed_low"].append(low if whole else None)
            cols[f"{role}_killed_high"].append(high if whole else None)
    for c, v in cols.items():
        mapped[c] = pd.Series(v, index=mapped.index, dtype=object)


def _map(raw, matchers, acting):
    n = len(raw)
    reason = np.full(n, None, dtype=object)
    rcol = np.full(n, None, dtype=object)
    outp = ~raw["_in_period"].to_numpy(bool)
    reason[outp] = "outside the period"
    rcol[outp] = "date_start"
    sa = C.sides_of(raw["side_a"], matchers).tolist()
    sb = C.sides_of(raw["side_b"], matchers).tolist()
    start, end = _iso(raw["date_start"]), _iso(raw["date_end"])
    start_l, end_l = start.tolist(), end.tolist()
    who = np.full(n, None, dtype=object)
    prec = np.full(n, None, dtype=object)
    records = raw.drop(columns="_in_period").to_dict("records")
    for i in range(n):
        if reason[i] is not None:
            continue
        rec = records[i]
        w = acting if isinstance(acting, str) else acting(dict(rec))
        if w not in ("side_a", "side_b"):
            reason[i] = (f"the acting-side rule gave {w!r} (not 'side_a' or 'side_b') for "
                         "this event")
            rcol[i] = "side_a"
            continue
        who[i] = w
        act, tgt = (sa[i], sb[i]) if w == "side_a" else (sb[i], sa[i])
        if len(act) != 1:
            reason[i] = (f"fits no side: the acting party ({w}) is {rec[w]!r}, which matches "
                         "none of the declared sides" if not act else
                         f"ambiguous: {rec[w]!r} matches the sides {list(act)}")
            rcol[i] = w
            continue
        if len(tgt) > 1:
            other = "side_b" if w == "side_a" else "side_a"
            reason[i] = f"ambiguous: {rec[other]!r} matches the sides {list(tgt)}"
            rcol[i] = other
            continue
        p, why = _precision(rec["date_prec"], start_l[i], end_l[i])
        if why:
            reason[i], rcol[i] = why, "date_prec"
            continue
        prec[i] = p
    bad, rej = C.row_rejects(raw, reason, rcol, id_col="id")
    ok = np.flatnonzero(~bad)
    r = raw.iloc[ok]
    act_col = [who[i] for i in ok]
    a_sides = [(sa[i] if who[i] == "side_a" else sb[i]) for i in ok]
    t_sides = [(sb[i] if who[i] == "side_a" else sa[i]) for i in ok]
    mapped = pd.DataFrame({
        "incident_id": ("ged-" + r["id"].astype(str)).to_numpy(dtype=object),
        "date": start.iloc[ok].to_numpy(dtype=object),
        "date_precision": [prec[i] for i in ok],
        "side": [s[0] for s in a_sides],
        "target_side": [s[0] if s else None for s in t_sides],
        "event_type": "attack",
        "actor": [rec[c] for rec, c in zip(r.to_dict("records"), act_col)],
        "target_actor": [rec["side_b" if c == "side_a" else "side_a"]
                         for rec, c in zip(r.to_dict("records"), act_col)],
        "country": r["country"].to_numpy(dtype=object),
        "admin1": r["adm_1"].to_numpy(dtype=object),
        "location": r["where_coordinates"].to_numpy(dtype=object),
        "latitude": r["latitude"].to_numpy(dtype=object),
        "longitude": r["longitude"].to_numpy(dtype=object),
        "n_attacks": 1,
        "sources": ("ucdp-ged:" + r["id"].astype(str)).to_numpy(dtype=object),
        "note": r["source_headline"].to_numpy(dtype=object),
    })
    _casualties(mapped, r, act_col)
    for c in ("best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians",
              "deaths_unknown", "type_of_violence", "conflict_new_id", "dyad_new_id", "side_a", "side_b",
              "date_prec", "date_end", "where_prec", "event_clarity", "relid"):
        mapped[f"ged_{c}"] = r[c].to_numpy(dtype=object)
    mapped["ged_id"] = r["id"].to_numpy(dtype=object)
    return mapped, rej
