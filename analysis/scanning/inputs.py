"""Splitting an export into dyads: reading ACLED-style events with DuckDB and preparing
one count/event table per pair of sides.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import DataError, SpecificationError

__all__ = ["read_acled_events"]


def read_acled_events(path, *, by=None, period=None, threads=None) -> pd.DataFrame:
    """The acts of force between two actors in an ACLED export, in one DuckDB pass,
    with only the columns a scan needs.

    The rows and the acting actor are those of the importers
    (:func:`analysis.importers.acled_dyads`, :func:`~analysis.importers.from_acled`):
    sub-event types in ``ACLED_EVENT_TYPES``, both actors present and different, the
    launcher as the acting actor of "Disrupted weapons use" rows; dates in either of
    ACLED's published forms, counted at their coded date whatever their
    ``time_precision``. The file (CSV, gzip CSV or Parquet) is never loaded whole:
    DuckDB reads the needed columns and filters in the scan.

    Returns
    -------
    DataFrame
        ``date``, ``side`` (acting actor), ``target_side`` and the ``by`` columns
        (ACLED column names, or ``"year"``); ``attrs["rows_dropped"]`` counts the rows
        of the file that are not acts of force between two actors (or are outside
        ``period``), ``attrs["rows_in_file"]`` all rows.
    """
    import duckdb

    from ..importers import _common as C
    from ..importers.acled import (ACLED_COLUMNS, ACLED_EVENT_TYPES,
                                  ACLED_LAUNCHER_IS_ACTOR2, _SQL_DATE)
    path = Path(path)
    if not path.exists():
        raise DataError("no such file", file=path)
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for c in by_cols:
        if c not in ACLED_COLUMNS and c != "year":
            raise SpecificationError(f"by={c!r} is not an ACLED column (e.g. 'country', "
                                     "'admin1', 'region', or 'year')")
    subs = ", ".join(C._sql_str(k) for k, v in sorted(ACLED_EVENT_TYPES.items())
                     if v is not None)
    launcher = ", ".join(C._sql_str(x) for x in sorted(ACLED_LAUNCHER_IS_ACTOR2))
    lo, hi = C.parse_period(period)
    extra = "".join(", year(d) AS year" if c == "year" else f", trim({c}) AS {c}"
                    for c in by_cols)
    src = C.duckdb_source(path)
    act = f"sub_event_type IN ({launcher})"
    load = f"""
    CREATE TEMP TABLE r AS
    SELECT CASE WHEN {act} THEN trim(actor2) ELSE trim(actor1) END AS side,
           CASE WHEN {act} THEN trim(actor1) ELSE trim(actor2) END AS target_side,
           {_SQL_DATE} AS d{"".join(f", {c}" for c in by_cols if c != "year")},
           (sub_event_type IN ({subs})
            AND coalesce(trim(actor1), '') <> '' AND coalesce(trim(actor2), '') <> ''
            AND trim(actor1) <> trim(actor2)) AS dyadic
    FROM {src}
    """
    select = f"""
    SELECT d AS date, side, target_side{extra} FROM r
    WHERE dyadic AND {C.sql_period("d", lo, hi)}
    """
    con = duckdb.connect(":memory:")
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        try:
            con.execute(load)
            total = con.execute("SELECT count(*) FROM r").fetchone()[0]
            out = con.execute(select).df()
        except duckdb.Error as e:
            raise DataError(f"DuckDB could not read the export ({type(e).__name__}: "
                            f"{str(e).splitlines()[0]})", file=path) from None
    finally:
        con.close()
    if out["date"].isna().any():
        raise DataError("an event_date is in neither of ACLED's forms ('2024-01-28', "
                        "'28 January 2024')", file=path, column="event_date")
    out["date"] = pd.to_datetime(out["date"])
    for c in ("side", "target_side") + tuple(c for c in by_cols if c != "year"):
        out[c] = out[c].astype("category")
    out.attrs.update(rows_in_file=int(total), rows_dropped=int(total - len(out)))
    return out


def _read_table(incidents, by):
    if isinstance(incidents, (str, Path)):
        return read_acled_events(incidents, by=by)
    if not isinstance(incidents, pd.DataFrame):
        raise SpecificationError("incidents must be a DataFrame with columns 'date', "
                                 f"'side' and 'target_side', got {type(incidents).__name__}")
    missing = [c for c in ("date", "side", "target_side") if c not in incidents.columns]
    if missing:
        raise DataError(f"the incident table has no {missing} column(s); scan() needs "
                        "'date', the acting 'side' and its 'target_side'",
                        file="<DataFrame>", column=missing[0])
    return incidents


def _side_codes(side, target):
    """Codes of both side columns into one sorted array of names (missing: -1).

    Categorical columns (as :func:`read_acled_events` returns) are recoded through their
    categories, without materialising a string per row."""
    cat = pd.CategoricalDtype
    if isinstance(side.dtype, cat) and isinstance(target.dtype, cat):
        cs = np.asarray(side.cat.categories.astype(str), dtype=object)
        ct = np.asarray(target.cat.categories.astype(str), dtype=object)
        names = np.unique(np.concatenate([cs, ct]))
        look_s = np.r_[np.searchsorted(names, cs), -1]
        look_t = np.r_[np.searchsorted(names, ct), -1]
        return (look_s[side.cat.codes.to_numpy()], look_t[target.cat.codes.to_numpy()],
                names)
    both = pd.concat([side.astype("string"), target.astype("string")], ignore_index=True)
    codes, names = pd.factorize(both, sort=True)       # NA -> -1
    return codes[:len(side)], codes[len(side):], np.asarray(names, dtype=object)


def _prepare(incidents, by, pairs):
    """The rows of the table that belong to a pair, as integer codes.

    Returns a dict: ``date`` (datetime64 array), ``side``/``a``/``b`` (codes into
    ``names``, sorted, so ``a < b`` orders the names), ``groups`` (codes per ``by``
    column into ``group_values``), ``row`` (position in the table), ``windows`` (group
    code tuple -> (first, last day)) and the row accounting.
    """
    df = incidents
    dates = df["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise DataError("the date is missing or not a date", file="<DataFrame>", row=i + 1,
                        column="date", value=df["date"].iloc[i])
    if df["side"].isna().any():
        i = int(np.flatnonzero(df["side"].isna().to_numpy())[0])
        raise DataError("the acting side is missing", file="<DataFrame>", row=i + 1,
                        column="side")
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    gcodes, gvalues = [], []
    for c in by_cols:
        if c in df.columns:
            col = df[c]
        elif c == "year":
            col = dates.dt.year
        else:
            raise SpecificationError(f"by={c!r} is not a column of the table (columns: "
                                     f"{list(df.columns)}); 'year' is derived from date")
        if col.isna().any():
            raise DataError(f"{int(col.isna().sum())} rows have no value in the group "
                            f"column {c!r}; fill or filter them first", file="<DataFrame>",
                            column=c)
        codes, uniques = pd.factorize(col, sort=True)
        gcodes.append(codes)
        gvalues.append(np.asarray(uniques, dtype=object))
    n = len(df)
    sc, tc, names = _side_codes(df["side"], df["target_side"])
    has_target = (tc >= 0) & (tc != sc)
    day = dates.dt.normalize().to_numpy()
    # the window of each group: its first and last day (all rows, dyadic or not)
    if by_cols:
        gnames = [f"g{i}" for i in range(len(gcodes))]
        g = pd.DataFrame(dict(zip(gnames, gcodes))).assign(d=day) \
            .groupby(gnames, sort=True)["d"].agg(["min", "max"])
        windows = {(k if isinstance(k, tuple) else (k,)): (lo, hi)
                   for k, lo, hi in zip(g.index, g["min"], g["max"])}
    else:
        windows = {(): (day.min(), day.max())}
    keep = has_target
    a = np.minimum(sc, tc)
    b = np.maximum(sc, tc)
    if pairs != "all":
        try:
            wanted = [tuple(sorted((str(p), str(q)))) for p, q in pairs]
        except (TypeError, ValueError):
            raise SpecificationError('pairs must be "all" or a list of (side, side) '
                                     f"pairs, got {pairs!r}") from None
        pos = {v: i for i, v in enumerate(names)}
        wanted_codes = {(pos[p], pos[q]) for p, q in wanted if p in pos and q in pos}
        ncode = len(names) + 1
        want = np.isin(a.astype(np.int64) * ncode + b,
                       [p * ncode + q for p, q in wanted_codes])
        keep = keep & want
    rows = np.flatnonzero(keep)
    out = {"date": day[rows], "side": sc[rows], "a": a[rows], "b": b[rows],
           "groups": [c[rows] for c in gcodes], "row": rows}
    info = {"rows_in": int(n), "rows_without_target": int((~has_target).sum()),
            "rows_in_pairs": int(len(rows))}
    return out, names, by_cols, gvalues, windows, info
