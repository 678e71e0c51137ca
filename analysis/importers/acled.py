"""ACLED exports -> incidents (:func:`from_acled`), and the dyad helpers of the scan
(:func:`acled_dyads`, :func:`scan_acled`)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import SpecificationError
from . import _common as C

__all__ = ["from_acled", "acled_dyads", "scan_acled", "acled_to_parquet", "ACLED_COLUMNS",
           "ACLED_EVENT_TYPES", "ACLED_LAUNCHER_IS_ACTOR2"]

#: ACLED's published export columns, in their order (ACLED codebook 2023-2024).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp")

#: The columns the importer needs (the others are kept when present).
_NEEDED = ("event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type",
           "actor1", "actor2")

#: ACLED sub-event type -> our ``event_type`` (default). Sub-event types not listed
#: (protests, riots, arrests, agreements, ...) are not acts of force between sides and
#: are reported as rejects; pass ``event_types=`` to map them.
ACLED_EVENT_TYPES = {
    # Battles
    "Armed clash": "attack",
    "Government regains territory": "attack",
    "Non-state actor overtakes territory": "attack",
    # Explosions/Remote violence
    "Air/drone strike": "attack",
    "Shelling/artillery/missile attack": "attack",
    "Remote explosive/landmine/IED": "attack",
    "Suicide bomb": "attack",
    "Grenade": "attack",
    "Chemical weapon": "attack",
    # Violence against civilians
    "Attack": "attack",
    "Abduction/forced disappearance": "attack",
    "Sexual violence": "attack",
    # Strategic developments: a launch intercepted or otherwise disrupted (the schema's
    # ``interception``: the acting side is the launcher)
    "Disrupted weapons use": "interception",
}

#: Sub-event types in which ACLED codes the disrupting actor (e.g. the air defence that
#: shot the missile down) as ``actor1`` and the actor whose weapon use was disrupted
#: (the launcher) as ``actor2``: the acting side is the launcher's.
ACLED_LAUNCHER_IS_ACTOR2 = frozenset({"Disrupted weapons use"})

_PRECISION = {"1": "day", "2": "week", "3": "month"}

#: ACLED columns kept under another name (``event_type`` clashes with ours).
_RENAME = {"event_type": "acled_event_type", "sub_event_type": "acled_sub_event_type",
           "disorder_type": "acled_disorder_type", "interaction": "acled_interaction",
           "inter1": "acled_inter1", "inter2": "acled_inter2",
           "civilian_targeting": "acled_civilian_targeting", "source": "acled_source",
           "source_scale": "acled_source_scale", "fatalities": "acled_fatalities",
           "tags": "acled_tags", "geo_precision": "acled_geo_precision",
           "admin2": "admin2", "admin3": "admin3", "region": "region", "iso": "iso",
           "timestamp": "acled_timestamp", "assoc_actor_1": "assoc_actor_1",
           "assoc_actor_2": "assoc_actor_2", "time_precision": "acled_time_precision"}

# SQL: ACLED's two published date forms (export tool '16 May 2025', API '2025-05-16')
_SQL_DATE = ("coalesce(try_strptime(trim(event_date), '%Y-%m-%d'), "
             "try_strptime(trim(event_date), '%d %B %Y'), "
             "try_strptime(trim(event_date), '%d-%B-%Y'))::DATE")


def _parse_acled_dates(s: pd.Series) -> pd.Series:
    """ISO text of ACLED dates ('2024-01-12', '12 January 2024', '12-January-2024');
    anything else is passed on unchanged so the validator reports it."""
    out = []
    for v in s.to_numpy(dtype=object):
        if v is None:
            out.append(None)
            continue
        iso = None
        for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y"):
            try:
                iso = _dt.datetime.strptime(str(v).strip(), fmt).date().isoformat()
                break
            except ValueError:
                continue
        out.append(iso if iso is not None else v)
    return pd.Series(out, index=s.index, dtype=object)


_FORMAT = C.Format(
    what="an ACLED export", columns=ACLED_COLUMNS, needed=_NEEDED, id_col="event_id_cnty",
    actor_cols=("actor1", "actor2"), list_cols=("assoc_actor_1", "assoc_actor_2"),
    date_sql=_SQL_DATE, date_py=lambda raw: _parse_acled_dates(raw["event_date"]),
    keep_outside=("event_id_cnty", "event_date", "actor1", "actor2", "sub_event_type"))


def _map(raw: pd.DataFrame, matchers, event_types, interceptions):
    """Raw in-scope ACLED rows -> (mapped incident rows, importer rejects)."""
    n = len(raw)
    reason = np.full(n, None, dtype=object)
    rcol = np.full(n, None, dtype=object)

    # out of the period: rejected first (their other cells were not read)
    outp = ~raw["_in_period"].to_numpy(bool)
    reason[outp] = "outside the period"
    rcol[outp] = "event_date"

    s1 = C.sides_of(raw["actor1"], matchers)
    s2 = C.sides_of(raw["actor2"], matchers)
    a1 = C.sides_of_list(raw["assoc_actor_1"], matchers)
    a2 = C.sides_of_list(raw["assoc_actor_2"], matchers)
    # the actor's own name decides; its associated actors only when the name matches none
    side1 = [x if x else y for x, y in zip(s1, a1)]
    side2 = [x if x else y for x, y in zip(s2, a2)]

    sub = raw["sub_event_type"].to_numpy(dtype=object)
    swap = np.array([(s in ACLED_LAUNCHER_IS_ACTOR2) for s in sub], bool) \
        if interceptions == "launcher" else np.zeros(n, bool)
    acting = [b if sw else a for a, b, sw in zip(side1, side2, swap)]
    target = [a if sw else b for a, b, sw in zip(side1, side2, swap)]
    act_name = np.where(swap, raw["actor2"].to_numpy(dtype=object),
                        raw["actor1"].to_numpy(dtype=object))
    tgt_name = np.where(swap, raw["actor1"].to_numpy(dtype=object),
                        raw["actor2"].to_numpy(dtype=object))

    et = np.array([event_types.get(s) if s is not None else None for s in sub], dtype=object)
    for i in range(n):
        if reason[i] is not None:
            continue
        if et[i] is None:
            reason[i] = (f"no event type for ACLED sub_event_type {sub[i]!r} (not an act of "
                         "force between sides; map it with event_types= to import it)")
            rcol[i] = "sub_event_type"
        elif len(acting[i]) == 0:
            role = "actor2 (the launcher: ACLED codes the interceptor as actor1)" \
                if swap[i] else "actor1"
            who = "empty (not known)" if act_name[i] is None else repr(act_name[i])
            reason[i] = (f"fits no side: the acting actor, {role}, is {who}, which matches "
                         "none of the declared sides")
            rcol[i] = "actor2" if swap[i] else "actor1"
        elif len(acting[i]) > 1:
            reason[i] = (f"ambiguous: the acting actor {act_name[i]!r} matches the sides "
                         f"{list(acting[i])}; make the side patterns disjoint")
            rcol[i] = "actor2" if swap[i] else "actor1"
        elif len(target[i]) > 1:
            reason[i] = (f"ambiguous: the target actor {tgt_name[i]!r} matches the sides "
                         f"{list(target[i])}; make the side patterns disjoint")
            rcol[i] = "actor1" if swap[i] else "actor2"
    bad, rej = C.row_rejects(raw, reason, rcol, id_col="event_id_cnty")

    ok = ~bad
    r = raw.loc[ok]
    prec = r["time_precision"].map(lambda v: _PRECISION.get(str(v).strip(), v)
                                   if v is not None else None)
    mapped = pd.DataFrame({
        "incident_id": ("acled-" + r["event_id_cnty"].astype(str)).to_numpy(dtype=object),
        "date": _parse_acled_dates(r["event_date"]).to_numpy(dtype=object),
        "date_precision": prec.to_numpy(dtype=object),
        "side": [acting[i][0] for i in np.flatnonzero(ok)],
        "target_side": [target[i][0] if target[i] else None for i in np.flatnonzero(ok)],
        "event_type": et[ok],
        "actor": act_name[ok],
        "target_actor": tgt_name[ok],
        "country": r["country"].to_numpy(dtype=object),
        "admin1": r["admin1"].to_numpy(dtype=object),
        "location": r["location"].to_numpy(dtype=object),
        "latitude": r["latitude"].to_numpy(dtype=object),
        "longitude": r["longitude"].to_numpy(dtype=object),
        "n_attacks": 1,
        "sources": ("acled:" + r["event_id_cnty"].astype(str)).to_numpy(dtype=object),
        "note": r["notes"].to_numpy(dtype=object),
    })
    for src, dst in _RENAME.items():
        if src in r.columns:
            mapped[dst] = r[src].to_numpy(dtype=object)
    mapped["acled_event_id"] = r["event_id_cnty"].to_numpy(dtype=object)
    return mapped, rej


def from_acled(source, sides, *, period=None, event_types=None, interceptions="launcher",
               engine="auto", errors="raise", count_rows=False, codebook=None,
               threads=None):
    """Import an ACLED export (CSV, gzip, Parquet or a DataFrame) as an incident table.

    Parameters
    ----------
    source : path or DataFrame
        A file with ACLED's published export columns (``event_id_cnty, event_date, year,
        time_precision, disorder_type, event_type, sub_event_type, actor1,
        assoc_actor_1, inter1, actor2, assoc_actor_2, inter2, interaction,
        civilian_targeting, iso, region, country, admin1, admin2, admin3, location,
        latitude, longitude, geo_precision, source, source_scale, notes, fatalities,
        tags, timestamp``; see :data:`ACLED_COLUMNS`), or the same as a DataFrame (e.g.
        the raw rows of :func:`scan_acled`). ``event_date`` may be in either published
        form (``12 January 2024`` from the export tool, ``2024-01-12`` from the API).
    sides : dict
        ``{side_id: actors}``: the ACLED actor names (exact ``str``) or patterns
        (``re.compile(...)``, matched anywhere in the name; with DuckDB they must be
        RE2 expressions, i.e. without look-around, which is checked up front) of each
        side, or
        ``{side_id: {"actors": ..., "name": ..., "colour": ...}}`` with display
        attributes. An actor's own name decides its side; its associated actors
        (``assoc_actor_1/2``, ``;``-separated) are used only when the name matches no
        side.
    period : (start, end), optional
        Inclusive dates; either may be None.
    event_types : dict, optional
        ACLED ``sub_event_type`` -> our ``event_type``, merged over
        :data:`ACLED_EVENT_TYPES` (acts of force -> ``"attack"``, "Disrupted weapons
        use" -> ``"interception"``); a value of
        ``None`` excludes that sub-event type (its rows are reported).
    interceptions : {"launcher", "actor1"}
        ``"launcher"`` (default): in "Disrupted weapons use" rows (interceptions,
        weapons seized before use) ACLED codes the *disrupting* actor as ``actor1`` and
        the launcher as ``actor2``; the incident is credited to the launcher's side,
        the interceptor's side is its ``target_side`` and its ``event_type`` is
        ``interception`` (the schema's code for a launch intercepted or disrupted).
        ``"actor1"`` reproduces the naive reading (credit to the interceptor), for
        comparison only.
    engine : {"auto", "duckdb", "pandas"}
        ``"auto"``: DuckDB for files (the actor filter and the period test run as
        DuckDB streams through the file; exports larger than memory are fine), pandas
        for DataFrames and Excel. Both give the same result. To read many dyads of one
        large CSV export, convert it once with :func:`acled_to_parquet`.
    errors : {"raise", "collect"}
        ``"raise"``: a row that breaks the incident schema raises
        :class:`~analysis.DataError`; rows the importer cannot credit to a declared
        side (see Returns) are announced in one :class:`~analysis.DataWarning`.
        ``"collect"``: return an :class:`ImportResult` ``(kept, rejected)`` with the
        row accounting.
    count_rows : bool
        With DuckDB, also count the rows that mention no declared actor (a second pass
        over the file). The pandas reader always counts them.
    codebook : optional
        Passed on to :func:`analysis.read_incidents` (extra vocabularies).
    threads : int, optional
        DuckDB threads (default: DuckDB's, all cores).

    Returns
    -------
    DataFrame, or ImportResult with ``errors="collect"``
        One incident per ACLED event whose acting actor belongs to a declared side.
        Mapping: ``incident_id = "acled-" + event_id_cnty``; ``sources =
        "acled:" + event_id_cnty`` (every row keeps its ACLED id as its source);
        ``time_precision`` 1/2/3 -> ``date_precision`` day/week/month (the date is
        ACLED's coded date); ``side`` from actor1 (actor2 for disrupted weapon use),
        ``target_side`` from the other actor when it is declared; ``actor`` and
        ``target_actor`` the ACLED names; ``n_attacks = 1``; ``note`` = ACLED's notes.
        ACLED's own columns are kept under other names: ``acled_event_type``,
        ``acled_sub_event_type``, ``acled_disorder_type``, ``acled_source``,
        ``acled_fatalities`` (ACLED's meaning: all reported deaths in the event, on any
        side, not attributed to a side; no ``*_killed`` column is derived from it),
        ``acled_time_precision``, ``acled_event_id``, ... .

        Rows that mention a declared actor but cannot be imported are *rejected*, each
        with a reason: the acting actor fits no declared side (e.g. a third party
        attacking one of the sides), two sides match, the sub-event type has no event
        type (protests, arrests, ...), outside ``period``. Rows that mention no
        declared actor are out of scope (counted, not listed).

    Examples
    --------
    Two rows in ACLED's columns (the others may be absent): a strike by side A and an
    interception, which ACLED codes with the interceptor (A) as ``actor1``:

    >>> import pandas as pd
    >>> from analysis import from_acled
    >>> rows = pd.DataFrame({
    ...     "event_id_cnty": ["TOY1", "TOY2"], "event_date": ["03 January 2024", "05 January 2024"],
    ...     "time_precision": ["1", "2"], "event_type": ["Explosions/Remote violence",
    ...                                                "Strategic developments"],
    ...     "sub_event_type": ["Air/drone strike", "Disrupted weapons use"],
    ...     "actor1": ["Side A forces", "Side A forces"], "actor2": ["Side B", "Side B"]})
    >>> inc = from_acled(rows, sides={"a": "Side A forces", "b": "Side B"})
    >>> inc[["incident_id", "side", "target_side", "date_precision", "event_type"]]
      incident_id side target_side date_precision    event_type
    0  acled-TOY1    a           b            day        attack
    1  acled-TOY2    b           a           week  interception

    A file (CSV, ``.csv.gz`` or Parquet) is read the same way, through DuckDB:
    ``from_acled("export.csv", sides={"b": re.compile(r"^Side B")})``.
    """
    C.check_errors(errors)
    matchers = C.parse_sides(sides)
    if interceptions not in ("launcher", "actor1"):
        raise ValueError(f"interceptions must be 'launcher' or 'actor1', got {interceptions!r}")
    ets = dict(ACLED_EVENT_TYPES)
    if event_types:
        ets.update(event_types)
    ets = {k: v for k, v in ets.items() if v is not None}
    lo, hi = C.parse_period(period)
    raw, n_out, label = C.read_scoped(source, _FORMAT, matchers, lo, hi, engine=engine,
                                      count_rows=count_rows, threads=threads)
    mapped, rej = _map(raw, matchers, ets, interceptions)
    return C.finish(mapped, rej, matchers=matchers, id_col_mapped="acled_event_id",
                    n_in_scope=len(raw), n_out_of_scope=n_out, errors=errors,
                    codebook=codebook, what="ACLED export", source_label=label,
                    ints=("acled_fatalities", "acled_time_precision", "acled_timestamp",
                          "acled_geo_precision"))


def scan_acled(source, actors, *, period=None, threads=None) -> pd.DataFrame:
    """The raw ACLED rows (all columns, as text) that mention any of ``actors``, read
    through DuckDB, filtered as DuckDB streams through the file.

    ``actors`` is a list of exact names and/or compiled patterns (as one side of
    ``sides=``). The result can be passed to :func:`from_acled` as ``source`` (one
    dyad's rows for one worker of a scan); rows outside ``period`` come back with only
    their id, date, actors and sub-event type, flagged ``_in_period = False``.
    """
    matchers = C.parse_sides({"_scan": actors})
    lo, hi = C.parse_period(period)
    raw, _, _ = C.read_scoped(source, _FORMAT, matchers, lo, hi, engine="duckdb",
                              threads=threads)
    raw = raw.loc[raw["_in_period"]].drop(columns="_in_period").reset_index(drop=True)
    return raw


def acled_dyads(source, *, period=None, event_types=None, min_events=1,
                threads=None) -> pd.DataFrame:
    """Every pair of ACLED actors that meet in the acts of force of an export, with
    counts, in one DuckDB pass.

    A dyad is an unordered pair ``(actor_a, actor_b)`` (``actor_a < actor_b``) of
    ``actor1``/``actor2`` names, with the acting actor taken as :func:`from_acled` takes
    it (the launcher in "Disrupted weapons use" rows). Rows without ``actor2`` and
    sub-event types without an event type are left out.

    Returns
    -------
    DataFrame
        ``actor_a, actor_b, n_events, n_a_acts, n_b_acts, first_date, last_date``,
        sorted by ``n_events`` (descending) then names; ``n_events >= min_events``.
        ``from_acled(source, sides={"a": actor_a, "b": actor_b})`` imports one.
    """
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    ets = dict(ACLED_EVENT_TYPES)
    if event_types:
        ets.update(event_types)
    subs = sorted(k for k, v in ets.items() if v is not None)
    lo, hi = C.parse_period(period)
    src = C.duckdb_source(path)
    launcher = ", ".join(C._sql_str(s) for s in sorted(ACLED_LAUNCHER_IS_ACTOR2))
    period_sql = C.sql_period(_SQL_DATE, lo, hi) if (lo is not None or hi is not None) \
        else "true"
    sql = f"""
    WITH r AS (
      SELECT CASE WHEN sub_event_type IN ({launcher}) THEN trim(actor2) ELSE trim(actor1) END AS act,
             CASE WHEN sub_event_type IN ({launcher}) THEN trim(actor1) ELSE trim(actor2) END AS tgt,
             {_SQL_DATE} AS d
      FROM {src}
      WHERE sub_event_type IN ({', '.join(C._sql_str(s) for s in subs)})
        AND coalesce(trim(actor1), '') <> '' AND coalesce(trim(actor2), '') <> ''
        AND trim(actor1) <> trim(actor2) AND {period_sql}
    )
    SELECT least(act, tgt) AS actor_a, greatest(act, tgt) AS actor_b,
           count(*) AS n_events,
           count(*) FILTER (WHERE act < tgt) AS n_a_acts,
           count(*) FILTER (WHERE act > tgt) AS n_b_acts,
           strftime(min(d), '%Y-%m-%d') AS first_date, strftime(max(d), '%Y-%m-%d') AS last_date
    FROM r GROUP BY 1, 2 HAVING count(*) >= {int(min_events)}
    ORDER BY n_events DESC, actor_a, actor_b
    """
    out = C.duckdb_query(sql, threads=threads, file=path)
    for c in ("n_events", "n_a_acts", "n_b_acts"):
        out[c] = out[c].astype("int64")
    return out.reset_index(drop=True)


def acled_to_parquet(source, dest, *, threads=None):
    """Convert an ACLED CSV export (or ``.csv.gz``) to Parquet once, with DuckDB.

    Every column is kept as published (as text). Reading one dyad from the Parquet copy
    (:func:`from_acled`, :func:`scan_acled`, :func:`acled_dyads` all take it) touches
    only the compressed actor columns for most rows, which is what a scan of many
    dyads wants; the result of the importers is the same as from the CSV.
    """
    return C.export_to_parquet(source, dest, _FORMAT, threads=threads)
