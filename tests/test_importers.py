"""Importers of ACLED, UCDP GED and GDELT 2.0 exports: every mapping rule and pitfall of
issue 11, on synthetic fixtures in the published formats (tests/fixtures/importers)."""

from __future__ import annotations

import csv
import gzip
import re
import shutil
import warnings

import pandas as pd
import pytest

from analysis.exceptions import DataError, DataWarning, SpecificationError
from analysis.importers import (ACLED_COLUMNS, GDELT_COLUMNS, GED_COLUMNS, acled_dyads,
                                acled_to_parquet, from_acled, from_gdelt, from_ucdp_ged,
                                scan_acled)
from analysis.importers import _common

from pathlib import Path

FIX = Path(__file__).parent / "fixtures" / "importers"
ACLED = FIX / "acled_pitfalls.csv"
GED = FIX / "ged_pitfalls.csv"
GDELT = FIX / "gdelt_pitfalls.export.CSV"

NORTH = "Military Forces of Northland (2019-)"
SLF = "Southland Liberation Front"
SIDES = {"north": re.compile(r"^Military Forces of Northland"), "south": SLF}
PERIOD = ("2024-01-01", None)


def acled(**kw):
    kw.setdefault("period", PERIOD)
    kw.setdefault("errors", "collect")
    return from_acled(ACLED, SIDES, **kw)


def row(frame, incident_id):
    hit = frame[frame["incident_id"] == incident_id]
    assert len(hit) == 1, incident_id
    return hit.iloc[0]


def reason_of(res, source_id):
    hit = res.rejected[res.rejected["source_id"].astype(str) == str(source_id)]
    assert len(hit) == 1, source_id
    return hit.iloc[0]["reason"]


# ---------------------------------------------------------------------------------------
# the fixtures are in the published formats
# ---------------------------------------------------------------------------------------
def test_fixtures_have_the_published_columns_in_order():
    with ACLED.open(newline="", encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == ACLED_COLUMNS
    assert len(ACLED_COLUMNS) == 31
    with GED.open(newline="", encoding="utf-8") as fh:
        assert tuple(next(csv.reader(fh))) == GED_COLUMNS
    assert len(GED_COLUMNS) == 49
    lines = GDELT.read_text(encoding="utf-8").splitlines()
    assert len(GDELT_COLUMNS) == 61
    assert all(len(line.split("\t")) == 61 for line in lines)
    assert not lines[0].startswith("GLOBALEVENTID")          # no header row
    # ACLED's export-tool date form and a quoted note with doubled quotes
    text = ACLED.read_text(encoding="utf-8")
    assert ",03 January 2024,2024,1," in text
    assert '""intercepted""' in text


def test_fixtures_are_regenerated_byte_identically(tmp_path, monkeypatch):
    import importlib.util
    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "HERE", tmp_path)
    mod.main()
    for name in ("acled_pitfalls.csv", "acled_api_dates.csv", "ged_pitfalls.csv",
                 "gdelt_pitfalls.export.CSV"):
        assert (tmp_path / name).read_bytes() == (FIX / name).read_bytes(), name


# ---------------------------------------------------------------------------------------
# ACLED mapping rules
# ---------------------------------------------------------------------------------------
def test_acled_interception_is_credited_to_the_launcher():
    res = acled()
    r = row(res.kept, "acled-NTH102")           # Disrupted weapons use, actor1 = Northland
    assert (r["side"], r["target_side"]) == ("south", "north")
    assert r["actor"] == SLF and r["target_actor"] == NORTH
    assert r["event_type"] == "interception"
    # the naive actor1 -> side reading credits the interceptor: the pitfall of the issue
    naive = row(acled(interceptions="actor1").kept, "acled-NTH102")
    assert naive["side"] == "north"
    # an interception whose launcher is unknown fits no side: reported, not dropped
    assert "launcher" in reason_of(res, "NTH108") and "fits no side" in reason_of(res, "NTH108")
    assert "empty (not known)" in reason_of(res, "NTH108")


def test_acled_time_precision_to_date_precision():
    k = acled().kept
    assert row(k, "acled-NTH101")["date_precision"] == "day"
    assert row(k, "acled-NTH103")["date_precision"] == "week"
    assert row(k, "acled-NTH104")["date_precision"] == "month"
    assert row(k, "acled-NTH103")["date"] == pd.Timestamp("2024-01-10")   # ACLED's date kept


def test_acled_event_type_kept_under_another_name_and_id_as_source():
    k = acled().kept
    r = row(k, "acled-NTH104")
    assert r["acled_event_type"] == "Battles" and r["acled_sub_event_type"] == "Armed clash"
    assert r["event_type"] == "attack"
    assert set(k["event_type"]) == {"attack", "interception"}
    assert (k["sources"] == "acled:" + k["acled_event_id"]).all()
    assert (k["incident_id"] == "acled-" + k["acled_event_id"]).all()


def test_acled_fatalities_keep_acleds_meaning():
    k = acled().kept
    assert int(row(k, "acled-NTH103")["acled_fatalities"]) == 4
    # ACLED's total is not attributed to a side: no per-side casualty column is derived
    assert not [c for c in k.columns if c.endswith("_killed") or c == "killed"]


def test_acled_rows_fitting_no_side_are_reported_not_dropped():
    res = acled(count_rows=True)
    assert "fits no side" in reason_of(res, "NTH105")
    assert "Eastland" in reason_of(res, "NTH105")
    assert "no event type" in reason_of(res, "NTH106")          # a protest
    assert reason_of(res, "NTH109") == "outside the period"
    acc = res.accounting
    assert acc["in_scope"] == acc["kept"] + acc["rejected"] == 11
    assert acc["out_of_scope"] == 1                              # the Eastland riot
    assert acled().accounting["out_of_scope"] is None            # DuckDB: not counted
    assert acled(engine="pandas").accounting["out_of_scope"] == 1
    n_rows = sum(1 for _ in ACLED.open(encoding="utf-8")) - 1
    assert acc["in_scope"] + acc["out_of_scope"] == n_rows
    # without errors="collect" the same rows are announced in one warning
    clean = ACLED_ROWS_WITHOUT("NTH111")
    with pytest.warns(DataWarning, match=r"4 of 10 rows .* fits no side"):
        kept = from_acled(clean, SIDES, period=PERIOD)
    assert len(kept) == 6


def ACLED_ROWS_WITHOUT(*ids):
    df = pd.read_csv(ACLED, dtype=str, keep_default_na=False)
    return df[~df["event_id_cnty"].isin(ids)]


def test_acled_validation_rejects_share_the_accounting():
    res = acled()
    rej = res.rejected.set_index("source_id")
    assert rej.loc["NTH111", "stage"] == "validate"               # time_precision 4
    assert rej.loc["NTH111", "column"] == "date_precision"
    with pytest.raises(DataError, match="date_precision"):
        from_acled(ACLED, SIDES, period=PERIOD)


def test_acled_associated_actors_only_when_the_name_matches_no_side():
    k = acled().kept
    assert row(k, "acled-NTH107")["side"] == "south"       # 'Unidentified ...' + assoc SLF
    with_west = dict(SIDES, west="Military Forces of Westland (2020-)")
    k2 = from_acled(ACLED, with_west, period=PERIOD, errors="collect").kept
    assert row(k2, "acled-NTH103")["side"] == "north"      # actor1's own name decides


def test_acled_event_types_extend_and_exclude():
    res = acled(event_types={"Peaceful protest": "other", "Armed clash": None})
    assert row(res.kept, "acled-NTH106")["event_type"] == "other"
    assert "no event type" in reason_of(res, "NTH104")


def test_acled_duplicate_event_ids_are_rejected_rows():
    df = pd.read_csv(ACLED, dtype=str, keep_default_na=False)
    df = pd.concat([df, df[df["event_id_cnty"] == "NTH101"]], ignore_index=True)
    res = from_acled(df, SIDES, period=PERIOD, errors="collect")
    dup = res.rejected[res.rejected["source_id"] == "NTH101"]
    assert len(dup) == 1 and dup.iloc[0]["stage"] == "validate"
    assert "duplicate" in dup.iloc[0]["reason"]
    assert int(row(res.kept, "acled-NTH101")["acled_fatalities"]) == 0
    assert res.accounting["in_scope"] == res.accounting["kept"] + res.accounting["rejected"]
    with pytest.raises(ValueError, match="errors must be"):
        from_acled(ACLED, SIDES, errors="ignore")


def test_acled_own_numeric_columns_are_typed_or_the_row_rejected():
    df = pd.read_csv(ACLED, dtype=str, keep_default_na=False)
    df.loc[df["event_id_cnty"] == "NTH103", "fatalities"] = "4 or 5"
    res = from_acled(df, SIDES, period=PERIOD, errors="collect")
    rej = res.rejected.set_index("source_id")
    assert rej.loc["NTH103", "column"] == "acled_fatalities"
    assert "expected an integer" in rej.loc["NTH103", "reason"]
    assert str(res.kept["acled_fatalities"].dtype) == "Int64"
    assert res.accounting["in_scope"] == res.accounting["kept"] + res.accounting["rejected"]


def test_acled_target_side_empty_when_the_target_is_no_side():
    r = row(acled().kept, "acled-NTH110")
    assert r["side"] == "south" and pd.isna(r["target_side"])
    assert r["acled_civilian_targeting"] == "Civilian targeting"


@pytest.mark.parametrize("variant", ["pandas", "dataframe", "gzip", "parquet", "api_dates"])
def test_acled_duckdb_and_pandas_paths_agree(variant, tmp_path):
    ref = acled(engine="duckdb")
    if variant == "pandas":
        got = acled(engine="pandas")
    elif variant == "dataframe":
        got = from_acled(pd.read_csv(ACLED, dtype=str, keep_default_na=False), SIDES,
                         period=PERIOD, errors="collect")
    elif variant == "gzip":
        gz = tmp_path / "acled.csv.gz"
        with ACLED.open("rb") as src, gzip.open(gz, "wb") as dst:
            shutil.copyfileobj(src, dst)
        got = from_acled(gz, SIDES, period=PERIOD, errors="collect")
    elif variant == "parquet":
        pq = tmp_path / "acled.parquet"
        pd.read_csv(ACLED, dtype=str, keep_default_na=False).to_parquet(pq)
        got = from_acled(pq, SIDES, period=PERIOD, errors="collect")
    else:
        got = from_acled(FIX / "acled_api_dates.csv", SIDES, period=PERIOD, errors="collect")
    pd.testing.assert_frame_equal(got.kept, ref.kept)
    differ = ["input.event_date", "value"]      # the raw date text differs by design
    pd.testing.assert_frame_equal(got.rejected.drop(columns=differ),
                                  ref.rejected.drop(columns=differ))
    assert got.accounting["kept"] == ref.accounting["kept"]


def test_acled_file_saved_with_a_byte_order_mark(tmp_path):
    bom = tmp_path / "acled_bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + ACLED.read_bytes())
    ref = acled()
    for engine in ("duckdb", "pandas"):
        got = from_acled(bom, SIDES, period=PERIOD, errors="collect", engine=engine)
        pd.testing.assert_frame_equal(got.kept, ref.kept)


def test_acled_engines_agree_on_a_larger_synthetic_export(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "bench_import", Path(__file__).parents[1] / "benchmarks" / "bench_import.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / "synthetic_acled.csv"
    bench.generate(path, 20_000)
    sides = {"a": re.compile(r"Northland \(2019"), "b": [bench.B, "Armed Group 0007"],
             "c": re.compile(r"^Allied Group 1[0-9]$")}          # assoc_actor_1 only
    kw = dict(period=("2019-03-01", "2023-06-30"), errors="collect")
    a = from_acled(path, sides, engine="duckdb", count_rows=True, **kw)
    b = from_acled(path, sides, engine="pandas", **kw)
    pd.testing.assert_frame_equal(a.kept, b.kept)
    pd.testing.assert_frame_equal(a.rejected, b.rejected)
    assert a.accounting == b.accounting
    assert len(a.kept) > 20 and {"a", "b", "c"} <= set(a.kept["side"])


def test_acled_patterns_with_flags_agree_across_engines():
    sides = {"north": re.compile(r"northland \(2019", re.IGNORECASE), "south": SLF}
    a = from_acled(ACLED, sides, period=PERIOD, errors="collect", engine="duckdb")
    b = from_acled(ACLED, sides, period=PERIOD, errors="collect", engine="pandas")
    pd.testing.assert_frame_equal(a.kept, b.kept)
    assert (a.kept["side"] == "north").sum() == 1


def test_acled_period_end_and_bad_period():
    k = from_acled(ACLED, SIDES, period=("2024-01-01", "2024-01-10"), errors="collect").kept
    assert k["date"].max() <= pd.Timestamp("2024-01-10")
    with pytest.raises(SpecificationError, match="before its start"):
        from_acled(ACLED, SIDES, period=("2024-02-01", "2024-01-01"))


def test_acled_clear_errors(tmp_path):
    bad = tmp_path / "not_acled.csv"
    bad.write_text("date,side\n2024-01-01,a\n", encoding="utf-8")
    for engine in ("duckdb", "pandas"):
        with pytest.raises(DataError, match=r"not_acled.csv.*not an ACLED export.*event_id_cnty"):
            from_acled(bad, SIDES, engine=engine)
    with pytest.raises(SpecificationError, match="neither an actor name"):
        from_acled(ACLED, {"north": 3})
    with pytest.raises(SpecificationError, match="non-empty dict"):
        from_acled(ACLED, ["north"])
    with pytest.raises(ValueError, match="engine must be one of"):
        from_acled(ACLED, SIDES, engine="spark")
    with pytest.raises(FileNotFoundError, match="no such file"):
        from_acled(tmp_path / "missing.csv", SIDES)
    with pytest.raises(SpecificationError, match="not a pair of dates"):
        from_acled(ACLED, SIDES, period=("last spring", None))
    lookbehind = {"north": re.compile(r"(?<=Forces of )Northland"), "south": SLF}
    with pytest.raises(SpecificationError, match="not supported by DuckDB.*engine='pandas'"):
        from_acled(ACLED, lookbehind)
    k = from_acled(ACLED, lookbehind, engine="pandas", period=PERIOD, errors="collect").kept
    assert (k["side"] == "north").any()


def test_acled_sides_with_display_attributes():
    sides = {"north": {"actors": [SIDES["north"]], "name": "Northland", "colour": "#1b9e77"},
             "south": {"actors": SLF, "name": "SLF", "colour": "#d95f02"}}
    k = from_acled(ACLED, sides, period=PERIOD, errors="collect").kept
    assert set(k["side"]) == {"north", "south"}


def test_acled_dyads_and_scan_for_the_dyad_scan(tmp_path):
    d = acled_dyads(ACLED)
    top = d.iloc[0]
    assert (top["actor_a"], top["actor_b"]) == (NORTH, SLF)
    # NTH101,104,109 by SLF; 102 (interception: launcher SLF); 103,111 by Northland
    assert (top["n_events"], top["n_a_acts"], top["n_b_acts"]) == (6, 2, 4)
    assert (top["first_date"], top["last_date"]) == ("2023-12-28", "2024-01-29")
    assert list(d.columns) == ["actor_a", "actor_b", "n_events", "n_a_acts", "n_b_acts",
                               "first_date", "last_date"]
    assert (acled_dyads(ACLED, min_events=2)["n_events"] >= 2).all()
    raw = scan_acled(ACLED, [NORTH, SLF], period=PERIOD)
    assert list(raw.columns) == list(ACLED_COLUMNS)
    assert "EST201" not in set(raw["event_id_cnty"]) and "NTH109" not in set(raw["event_id_cnty"])
    # the one-off Parquet copy gives the same dyads and rows
    from_pq = acled_to_parquet(ACLED, tmp_path / "acled.parquet")
    pd.testing.assert_frame_equal(acled_dyads(from_pq), d)
    pd.testing.assert_frame_equal(scan_acled(from_pq, [NORTH, SLF], period=PERIOD), raw)
    # a worker maps the shipped rows without touching the file
    via_scan = from_acled(raw, {"north": NORTH, "south": SLF}, errors="collect")
    direct = from_acled(ACLED, {"north": NORTH, "south": SLF}, period=PERIOD,
                        errors="collect")
    pd.testing.assert_frame_equal(via_scan.kept, direct.kept)


# ---------------------------------------------------------------------------------------
# UCDP GED
# ---------------------------------------------------------------------------------------
GSIDES = {"north": "Government of Northland", "south": SLF}


def ged(**kw):
    kw.setdefault("errors", "collect")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return from_ucdp_ged(GED, GSIDES, **kw)


def test_ged_refuses_without_an_acting_side_rule():
    with pytest.raises(SpecificationError, match="does not say which side acted"):
        from_ucdp_ged(GED, GSIDES)
    with pytest.raises(SpecificationError, match="acting must be"):
        from_ucdp_ged(GED, GSIDES, acting="attacker")


def test_ged_says_it_records_only_lethal_events():
    with pytest.warns(DataWarning, match="only events with at least one death"):
        from_ucdp_ged(GED, GSIDES, acting="side_a", errors="collect")
    assert "at least one death" in from_ucdp_ged.__doc__


def test_ged_acting_rules():
    a = ged(acting="side_a")
    r = row(a.kept, "ged-900001")
    assert (r["side"], r["target_side"]) == ("north", "south")
    b = ged(acting="side_b")
    assert (row(b.kept, "ged-900001")["side"]) == "south"
    # one-sided violence: side_b is 'Civilians', which fits no side when credited
    assert "fits no side" in reason_of(b, 900004) and "Civilians" in reason_of(b, 900004)

    def rule(rec):   # a stated rule: one-sided violence by side A; else unknown
        return "side_a" if rec["type_of_violence"] == "3" else None
    c = ged(acting=rule)
    assert list(c.kept["incident_id"]) == ["ged-900004"]
    assert "acting-side rule gave None" in reason_of(c, 900001)


def test_ged_best_low_high_are_the_casualty_bounds():
    k = ged(acting="side_a").kept
    r = row(k, "ged-900002")              # best 5 = deaths_a 1 + deaths_b 4; low 5, high 9
    assert (int(r["ged_low"]), int(r["ged_best"]), int(r["ged_high"])) == (5, 5, 9)
    assert (r["target_killed"], r["actor_killed"]) == (4, 1)
    # the event's bounds are not split between the parties by a guess
    assert pd.isna(r["target_killed_low"]) and pd.isna(r["target_killed_high"])
    # one-sided violence: every death is the target's, so GED's bounds are the target's
    r = row(k, "ged-900004")
    assert (r["target_killed_low"], r["target_killed"], r["target_killed_high"]) == (3, 3, 3)
    r = row(k, "ged-900001")              # all 2 deaths on side B: low 2, high 3
    assert (r["target_killed_low"], r["target_killed"], r["target_killed_high"]) == (2, 2, 3)
    assert r["actor_killed"] == 0 and pd.isna(r["actor_killed_low"])
    # credited the other way round, the roles swap
    r = row(ged(acting="side_b").kept, "ged-900002")
    assert (r["target_killed"], r["actor_killed"]) == (1, 4)


def test_ged_date_precision_and_dates():
    res = ged(acting="side_a", count_rows=True)
    k = res.kept
    assert row(k, "ged-900001")["date_precision"] == "day"
    assert row(k, "ged-900002")["date_precision"] == "week"     # date_prec 2, 5-day span
    assert row(k, "ged-900003")["date_precision"] == "month"    # date_prec 4
    assert row(k, "ged-900001")["date"] == pd.Timestamp("2024-01-03")
    assert "date_prec" in reason_of(res, 900006)                # known only to a half-year
    assert res.accounting["out_of_scope"] == 1                  # the Eastland dyad
    assert (k["sources"] == "ucdp-ged:" + k["ged_id"]).all()


def test_ged_and_gdelt_period():
    res = ged(acting="side_a", period=("2024-01-05", "2024-01-31"))
    assert reason_of(res, 900001) == "outside the period"          # 3 January
    assert res.kept["date"].min() >= pd.Timestamp("2024-01-05")
    g = from_gdelt(GDELT, DSIDES, period=(None, "2024-01-04"), errors="collect")
    assert list(g.kept["incident_id"]) == ["gdelt-1100000001", "gdelt-1100000002"]
    assert reason_of(g, 1100000003) == "outside the period"


def test_ged_engines_agree():
    a, b = ged(acting="side_a", engine="duckdb"), ged(acting="side_a", engine="pandas")
    pd.testing.assert_frame_equal(a.kept, b.kept)
    pd.testing.assert_frame_equal(a.rejected, b.rejected)


# ---------------------------------------------------------------------------------------
# GDELT 2.0
# ---------------------------------------------------------------------------------------
DSIDES = {"north": re.compile(r"^NTH"), "south": "STHREB"}


def test_gdelt_material_conflict_and_actor_codes():
    res = from_gdelt(GDELT, DSIDES, errors="collect", count_rows=True)
    k = res.kept
    assert list(k["incident_id"]) == ["gdelt-1100000001", "gdelt-1100000002",
                                      "gdelt-1100000003", "gdelt-1100000007"]
    assert set(k["gdelt_event_root_code"]) <= {"18", "19", "20"}
    assert set(k["gdelt_quad_class"]) == {4}
    assert list(k["side"]) == ["north", "south", "south", "south"]
    assert pd.isna(row(k, "gdelt-1100000007")["target_side"])
    assert row(k, "gdelt-1100000002")["date"] == pd.Timestamp("2024-01-04")
    assert (k["date_precision"] == "day").all()
    assert k["source_url"].str.startswith("https://").all()
    assert "fits no side" in reason_of(res, 1100000006)
    # the verbal-cooperation record, the root-17 record and the Eastland dyad are out of
    # scope (filtered in the scan), counted
    assert res.accounting["out_of_scope"] == 3
    assert res.accounting["in_scope"] == 5


def test_gdelt_root_events_only_and_engines_agree():
    res = from_gdelt(GDELT, DSIDES, errors="collect", root_events_only=True)
    assert "IsRootEvent" in reason_of(res, 1100000003)
    a = from_gdelt(GDELT, DSIDES, errors="collect", engine="duckdb")
    b = from_gdelt(GDELT, DSIDES, errors="collect", engine="pandas")
    c = from_gdelt(pd.read_csv(GDELT, sep="\t", header=None, dtype=str,
                               keep_default_na=False), DSIDES, errors="collect")
    pd.testing.assert_frame_equal(a.kept, b.kept)
    pd.testing.assert_frame_equal(a.kept, c.kept)
    pd.testing.assert_frame_equal(a.rejected, b.rejected)


def test_gdelt_zip_as_published_goes_through_pandas(tmp_path):
    import zipfile
    z = tmp_path / "20240110000000.export.CSV.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.write(GDELT, "20240110000000.export.CSV")
    a = from_gdelt(z, DSIDES, errors="collect")
    b = from_gdelt(GDELT, DSIDES, errors="collect")
    pd.testing.assert_frame_equal(a.kept, b.kept)


def test_gdelt_docstring_states_what_it_can_and_cannot_support():
    doc = " ".join(from_gdelt.__doc__.split())
    assert "can and cannot support" in doc
    assert "They cannot support" in doc and "They can support" in doc


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------
def test_import_result_pickles_with_its_accounting():
    import pickle
    res = acled()
    back = pickle.loads(pickle.dumps(res))
    assert back.accounting == res.accounting
    pd.testing.assert_frame_equal(back.kept, res.kept)
    kept, rejected = back                      # unpacks like ReadResult
    assert len(kept) + len(rejected) == res.accounting["in_scope"]


def test_sql_patterns_are_escaped():
    m = _common.parse_sides({"a": ["O'Brien's Brigade", re.compile(r"^X'")]})
    sql = _common.sql_match("actor1", m)
    assert "'O''Brien''s Brigade'" in sql and "'^X'''" in sql


# ---------------------------------------------------------------------------------------
# the README's "Your own data" section runs, in the line counts the issue asks for
# ---------------------------------------------------------------------------------------
def _readme_block():
    text = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = text.split("## Your own data", 1)[1].split("\n## ", 1)[0]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_readme_your_own_data_runs(monkeypatch):
    code = _readme_block()
    monkeypatch.chdir(Path(__file__).parents[1])
    scope = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)    # defaults and importer rejects
        exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - our README
    assert list(scope["inc"]["side"]) == ["north", "south"]
    assert scope["inc"]["date"].iloc[0] == pd.Timestamp("2024-01-11")
    assert len(scope["acled"]) == 366 and set(scope["acled"]["side"]) == {"north", "south"}
    assert len(scope["ged"]) == 5 and len(scope["gdelt"]) == 4
    # user code: the plain table in <= 10 lines, each export in one call
    statements = [s for s in code.split("\n\n") if s.strip()]
    plain = [ln for ln in statements[0].splitlines() + statements[1].splitlines() if ln.strip()]
    assert len(plain) <= 10
    assert sum("ea.from_" in ln for ln in code.splitlines()) == 3
