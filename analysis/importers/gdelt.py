"""GDELT 2.0 event files -> incidents (:func:`from_gdelt`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _common as C

__all__ = ["from_gdelt", "GDELT_COLUMNS", "MATERIAL_CONFLICT_ROOTS"]

#: The 61 columns of a GDELT 2.0 event file, in their order (GDELT Event Codebook 2.0).
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate", "Actor1Code",
    "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code", "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "Actor2KnownGroupCode", "Actor2EthnicCode", "Actor2Religion1Code",
    "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL")

#: CAMEO root codes read as material conflict: 18 assault, 19 fight, 20 use
#: unconventional mass violence (together with ``QuadClass`` 4, material conflict).
MATERIAL_CONFLICT_ROOTS = ("18", "19", "20")

_NEEDED = ("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "EventCode",
           "EventRootCode", "QuadClass", "SOURCEURL")

_SQL_DATE = "try_strptime(trim(SQLDATE), '%Y%m%d')::DATE"


def _iso(s: pd.Series) -> pd.Series:
    def one(v):
        if v is None:
            return None
        t = str(v).strip()
        if len(t) == 8 and t.isdigit():
            return f"{t[:4]}-{t[4:6]}-{t[6:]}"
        return t
    return s.map(one)


def _format(roots) -> C.Format:
    roots = tuple(str(r).zfill(2) for r in roots)
    root_list = ", ".join(C._sql_str(r) for r in roots)
    return C.Format(
        what="a GDELT 2.0 event file", columns=GDELT_COLUMNS, needed=_NEEDED,
        id_col="GLOBALEVENTID", actor_cols=("Actor1Code", "Actor2Code"),
        date_sql=_SQL_DATE, date_py=lambda raw: _iso(raw["SQLDATE"]),
        keep_outside=("GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "EventCode",
                      "EventRootCode", "QuadClass"),
        sep="\t", header=False, quoting=False,
        filter_sql=(f"trim(EventRootCode) IN ({root_list}) AND trim(QuadClass) = '4'"),
        filter_py=lambda raw: (raw["EventRootCode"].isin(roots)
                               & (raw["QuadClass"] == "4")).to_numpy(bool))


def from_gdelt(source, sides, *, period=None, roots=MATERIAL_CONFLICT_ROOTS,
               root_events_only=False, engine="auto", errors="raise", count_rows=False,
               codebook=None, threads=None):
    """Import GDELT 2.0 event records (material conflict between declared sides).

    What machine-coded event data can and cannot support
        GDELT codes news articles automatically (actor dictionaries and CAMEO verb
        patterns), with no human reading. Its records measure **reporting**, not
        incidents: one real event yields many records (different articles, dates,
        places and actor codes), coding errors are frequent (a report of a past attack,
        an analyst's quote or a denial can be coded as a new attack; actors are often
        coded as their country only), and volumes follow media attention and the
        number of sources GDELT monitors, which changed over time. They can support:
        screening which dyads are in the news and when, coarse (weekly or monthly)
        relative trends of *reported* material conflict, and finding articles to read.
        They cannot support, without human validation against sources: counts of
        attacks, casualty figures, exact dates or day-level response lags, attribution
        of who acted (Actor1 is the grammatical subject of a sentence), or any causal
        claim. Treat models fitted on GDELT-derived counts as models of coverage.

    Parameters
    ----------
    source : path or DataFrame
        A GDELT 2.0 event file (``*.export.CSV``; ``.gz`` and Parquet through DuckDB,
        GDELT's own ``.zip`` through pandas): tab-separated, no header, the 61 columns
        of :data:`GDELT_COLUMNS`; or a DataFrame with those columns (or 61 unnamed ones
        in that order).
    sides : dict
        ``{side_id: actor codes}``: exact CAMEO actor codes (``"USAMIL"``) or patterns
        (``re.compile(r"^USA")``) matched against ``Actor1Code``/``Actor2Code``.
    period : (start, end), optional
        Inclusive dates of ``SQLDATE`` (the event date GDELT assigned).
    roots : sequence of str
        CAMEO root codes kept (default 18, 19, 20); rows must also have ``QuadClass``
        4. Other records are out of scope (filtered in the scan, counted with
        ``count_rows=True``), not rejects: a dyad's non-conflict records are many.
    root_events_only : bool
        Keep only records with ``IsRootEvent = 1`` (the event is in an article's lead
        paragraph; fewer spurious codings, fewer records). Others are rejected.
    engine, errors, count_rows, codebook, threads
        As in :func:`from_acled`.

    Returns
    -------
    DataFrame, or ImportResult with ``errors="collect"``
        One row per GDELT record whose ``Actor1Code`` belongs to a declared side:
        ``incident_id = "gdelt-" + GLOBALEVENTID``, ``sources = "gdelt:" + id`` and
        ``source_url`` = ``SOURCEURL``; ``date`` from ``SQLDATE`` (day precision);
        ``side`` from ``Actor1Code``, ``target_side`` from ``Actor2Code`` when declared;
        ``location``/``latitude``/``longitude`` from ``ActionGeo_*`` (``country`` is
        GDELT's FIPS country code); CAMEO codes, ``QuadClass``, ``GoldsteinScale``,
        ``NumMentions``, ``NumSources``, ``NumArticles``, ``AvgTone``, ``IsRootEvent``
        and ``DATEADDED`` kept as ``gdelt_*``. Records whose ``Actor1Code`` fits no side
        are rejected with a reason.

    Examples
    --------
    >>> import re
    >>> import pandas as pd
    >>> from analysis import from_gdelt
    >>> from analysis.importers import GDELT_COLUMNS
    >>> rows = pd.DataFrame([dict.fromkeys(GDELT_COLUMNS, "")] * 3)
    >>> rows["GLOBALEVENTID"] = ["11", "12", "13"]
    >>> rows["SQLDATE"] = ["20240103", "20240104", "20240104"]
    >>> rows["Actor1Code"], rows["Actor2Code"] = ["AAAMIL", "BBBREB", "AAAGOV"], ["BBBREB", "AAAMIL", "BBBREB"]
    >>> rows["EventCode"] = ["190", "183", "042"]        # fight, assault, make a visit
    >>> rows["EventRootCode"], rows["QuadClass"] = ["19", "18", "04"], ["4", "4", "1"]
    >>> inc = from_gdelt(rows, sides={"a": re.compile("^AAA"), "b": "BBBREB"})
    >>> list(inc["side"]), list(inc["gdelt_event_code"])
    (['a', 'b'], ['190', '183'])
    """
    C.check_errors(errors)
    matchers = C.parse_sides(sides)
    fmt = _format(roots)
    lo, hi = C.parse_period(period)
    raw, n_out, label = C.read_scoped(source, fmt, matchers, lo, hi, engine=engine,
                                      count_rows=count_rows, threads=threads)
    mapped, rej = _map(raw, matchers, root_events_only)
    return C.finish(mapped, rej, matchers=matchers, id_col_mapped="gdelt_event_id",
                    n_in_scope=len(raw), n_out_of_scope=n_out, errors=errors,
                    codebook=codebook, what="GDELT event file", source_label=label,
                    ints=("gdelt_quad_class", "gdelt_num_mentions", "gdelt_num_sources",
                          "gdelt_num_articles", "gdelt_is_root_event"),
                    floats=("gdelt_goldstein", "gdelt_avg_tone"))


def _map(raw, matchers, root_only):
    n = len(raw)
    reason = np.full(n, None, dtype=object)
    rcol = np.full(n, None, dtype=object)
    outp = ~raw["_in_period"].to_numpy(bool)
    reason[outp], rcol[outp] = "outside the period", "SQLDATE"
    s1 = C.sides_of(raw["Actor1Code"], matchers).tolist()
    s2 = C.sides_of(raw["Actor2Code"], matchers).tolist()
    for i in range(n):
        if reason[i] is not None:
            continue
        if root_only and str(raw["IsRootEvent"].iloc[i]).strip() != "1":
            reason[i], rcol[i] = "not a root event (IsRootEvent 0)", "IsRootEvent"
        elif len(s1[i]) != 1:
            reason[i] = (f"fits no side: Actor1Code {raw['Actor1Code'].iloc[i]!r} matches "
                         "none of the declared sides" if not s1[i] else
                         f"ambiguous: Actor1Code matches the sides {list(s1[i])}")
            rcol[i] = "Actor1Code"
        elif len(s2[i]) > 1:
            reason[i] = f"ambiguous: Actor2Code matches the sides {list(s2[i])}"
            rcol[i] = "Actor2Code"
    bad, rej = C.row_rejects(raw, reason, rcol, id_col="GLOBALEVENTID")
    ok = np.flatnonzero(~bad)
    r = raw.iloc[ok]
    mapped = pd.DataFrame({
        "incident_id": ("gdelt-" + r["GLOBALEVENTID"].astype(str)).to_numpy(dtype=object),
        "date": _iso(r["SQLDATE"]).to_numpy(dtype=object),
        "date_precision": "day",
        "side": [s1[i][0] for i in ok],
        "target_side": [s2[i][0] if s2[i] else None for i in ok],
        "event_type": "attack",
        "actor": r["Actor1Name"].to_numpy(dtype=object),
        "target_actor": r["Actor2Name"].to_numpy(dtype=object),
        "country": r["ActionGeo_CountryCode"].to_numpy(dtype=object),
        "location": r["ActionGeo_FullName"].to_numpy(dtype=object),
        "latitude": r["ActionGeo_Lat"].to_numpy(dtype=object),
        "longitude": r["ActionGeo_Long"].to_numpy(dtype=object),
        "n_attacks": 1,
        "sources": ("gdelt:" + r["GLOBALEVENTID"].astype(str)).to_numpy(dtype=object),
        "source_url": r["SOURCEURL"].to_numpy(dtype=object),
    })
    for src, dst in (("EventCode", "event_code"), ("EventBaseCode", "event_base_code"),
                     ("EventRootCode", "event_root_code"), ("QuadClass", "quad_class"),
                     ("GoldsteinScale", "goldstein"), ("NumMentions", "num_mentions"),
                     ("NumSources", "num_sources"), ("NumArticles", "num_articles"),
                     ("AvgTone", "avg_tone"), ("IsRootEvent", "is_root_event"),
                     ("Actor1Code", "actor1_code"), ("Actor2Code", "actor2_code"),
                     ("DATEADDED", "date_added")):
        mapped[f"gdelt_{dst}"] = r[src].to_numpy(dtype=object)
    mapped["gdelt_event_id"] = r["GLOBALEVENTID"].to_numpy(dtype=object)
    return mapped, rej
