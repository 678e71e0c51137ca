"""The incident table: bundled data, validation of users' files, derived series."""

import csv
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis
from analysis import DataError, load_incidents, read_incidents, to_counts, to_events
from analysis.data import EventTimes, validate_incidents
from analysis.exceptions import DataWarning

# ---------------------------------------------------------------------------------------
# a small valid table written by the tests themselves
# ---------------------------------------------------------------------------------------
HEADER = ["incident_id", "date", "date_precision", "side", "target_side", "event_type",
          "weapon", "n_attacks", "target_wounded", "time_local", "confirmation", "sources"]
GOOD = [
    ["a1", "2024-01-01", "day", "red", "blue", "attack", "rocket", "1", "", "", "confirmed", "s1"],
    ["a2", "2024-01-01", "day", "red", "blue", "attack", "drone", "2", "3", "21:30", "claimed", "s1;s2"],
    ["a3", "2024-01-03", "day", "blue", "red", "strike", "airstrike", "1", "", "", "confirmed", "s2"],
    ["a4", "2024-01-06", "week", "green", "red", "other", "unknown", "1", "0", "", "reported", "s2"],
]


def write_csv(path, rows, header=HEADER, *, encoding="utf-8", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_sources(path):
    pd.DataFrame({"source_id": ["s1", "s2"], "url": ["https://a.example/1", "https://b.example/2"],
                  "kind": ["web", "web"]}).to_csv(path, index=False)
    return path


SIDES = {"red": "Red", "blue": "Blue", "green": "Green"}


def read(path, **kw):
    """read_incidents with the test table's sides declared and its sources.csv checked."""
    kw.setdefault("sides", SIDES)
    kw.setdefault("sources", True if (Path(path).parent / "sources.csv").exists() else None)
    return read_incidents(path, **kw)


@pytest.fixture
def good_csv(tmp_path):
    write_sources(tmp_path / "sources.csv")
    return write_csv(tmp_path / "incidents.csv", GOOD)


# ---------------------------------------------------------------------------------------
# reading valid files
# ---------------------------------------------------------------------------------------
def test_read_valid_csv_types(good_csv):
    inc = read(good_csv)
    assert len(inc) == 4
    assert pd.api.types.is_datetime64_any_dtype(inc["date"])
    assert str(inc["n_attacks"].dtype) == "Int64"
    assert inc["target_wounded"].isna().tolist() == [True, False, True, False]
    assert inc.loc[1, "time_local"] == "21:30"


def test_utf8_with_bom_reads(tmp_path):
    write_sources(tmp_path / "sources.csv")
    p = write_csv(tmp_path / "bom.csv", GOOD, bom=True)
    assert list(read(p)["incident_id"]) == ["a1", "a2", "a3", "a4"]


def test_parquet_roundtrip(good_csv, tmp_path):
    inc = read(good_csv)
    pq = tmp_path / "p" / "inc.parquet"
    pq.parent.mkdir()
    inc.to_parquet(pq)
    back = read(pq)
    pd.testing.assert_frame_equal(back[inc.columns], inc, check_dtype=False)


def test_validate_dataframe_in_memory(good_csv):
    inc = read(good_csv)
    assert len(validate_incidents(inc)) == 4
    bad = inc.copy()
    bad.loc[2, "n_attacks"] = -1
    with pytest.raises(DataError, match=r"<DataFrame>, row 3, column 'n_attacks', value -1"):
        validate_incidents(bad)


# ---------------------------------------------------------------------------------------
# bad input: each case names file, row, column and value
# ---------------------------------------------------------------------------------------
BAD_CASES = {
    "impossible date": (1, "date", "2024-02-30", "not a valid calendar date"),
    "unparseable date": (2, "date", "last Tuesday", "not a date (write YYYY-MM-DD"),
    "unknown category": (3, "event_type", "bombardment", "unknown category"),
    "negative count": (0, "n_attacks", "-2", "must be >= 1"),
    "non-integer count": (1, "n_attacks", "1.5", "expected an integer"),
    "bad time": (0, "time_local", "25:00", "does not match the pattern"),
    "negative casualties": (2, "target_wounded", "-1", "must be >= 0"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_value_names_file_row_column_value(tmp_path, case):
    row, col, value, reason = BAD_CASES[case]
    rows = [r[:] for r in GOOD]
    rows[row][HEADER.index(col)] = value
    write_sources(tmp_path / "sources.csv")
    p = write_csv(tmp_path / "inc.csv", rows)
    with pytest.raises(DataError) as ei:
        read(p)
    e = ei.value
    assert (e.row, e.line, e.column, e.value) == (row + 1, row + 2, col, value)
    msg = str(e)
    assert str(p) in msg and f"row {row + 1}" in msg and f"'{col}'" in msg and value in msg
    assert reason in msg
    # collect mode: the same row is rejected, the others kept, nothing lost
    kept, rejects = read(p, errors="collect")
    assert len(kept) + len(rejects) == len(rows)
    assert rejects["row"].tolist() == [row + 1]
    assert reason in rejects.loc[0, "reason"]
    assert rejects.loc[0, f"input.{col}"] == value


def test_missing_required_column(tmp_path):
    header = [h for h in HEADER if h != "side"]
    rows = [[v for h, v in zip(HEADER, r) if h != "side"] for r in GOOD]
    p = write_csv(tmp_path / "inc.csv", rows, header)
    with pytest.raises(DataError, match=r"missing required column\(s\) \['side'\]") as ei:
        read(p)
    assert ei.value.line == 1


def test_duplicate_incident_id(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[3][0] = "a2"
    write_sources(tmp_path / "sources.csv")
    p = write_csv(tmp_path / "inc.csv", rows)
    with pytest.raises(DataError, match=r"row 4 \(line 5\), column 'incident_id', value 'a2': "
                                        r"duplicate value; first seen in row 2"):
        read(p)
    kept, rej = read(p, errors="collect")
    assert kept["incident_id"].tolist() == ["a1", "a2", "a3"] and rej["row"].tolist() == [4]


def test_dangling_source_reference(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[2][-1] = "s2;s9"
    write_sources(tmp_path / "sources.csv")
    p = write_csv(tmp_path / "inc.csv", rows)
    with pytest.raises(DataError, match=r"row 3 .*column 'sources', value 's9': refers to an id "
                                        r"that is not in the sources table"):
        read(p)
    # without a sources table nothing can dangle
    assert len(read(p, sources=None)) == 4


def test_not_utf8(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[1][HEADER.index("side")] = "ميليشيا"
    p = write_csv(tmp_path / "inc.csv", rows, encoding="cp1256")
    with pytest.raises(DataError, match=r"not UTF-8.*re-save it as UTF-8") as ei:
        read(p)
    assert ei.value.line == 3 and str(p) in str(ei.value)


def test_truncated_file_mid_row(tmp_path, good_csv):
    raw = good_csv.read_bytes()
    cut = tmp_path / "cut.csv"
    cut.write_bytes(raw[: raw.rindex(b",reported")])        # ends mid-row, no newline
    with pytest.raises(DataError, match=r"line 5.*fields but the header has 12; the file seems "
                                        r"truncated"):
        read(cut)
    kept, rej = read(cut, errors="collect")
    assert len(kept) == 3 and rej["line"].tolist() == [5]


def test_unbalanced_quote(tmp_path, good_csv):
    p = tmp_path / "q.csv"
    p.write_bytes(good_csv.read_bytes() + b'a5,"2024-01-09,day')
    with pytest.raises(DataError, match=r"line 6: the file cannot be parsed as CSV here"):
        read(p)


def test_huge_file_refused_clearly(good_csv):
    with pytest.raises(DataError, match=r"more than max_bytes=100; pass a larger max_bytes"):
        read(good_csv, max_bytes=100)


def test_empty_and_unsupported_files(tmp_path):
    e = tmp_path / "empty.csv"
    e.write_bytes(b"")
    with pytest.raises(DataError, match="the file is empty"):
        read(e)
    x = tmp_path / "inc.xlsx"
    x.write_bytes(b"PK")
    with pytest.raises(DataError, match=r"not a readable Excel file"):
        read(x)


def test_corrupt_parquet(tmp_path, good_csv):
    inc = read(good_csv)
    p = tmp_path / "inc.parquet"
    inc.to_parquet(p)
    p.write_bytes(p.read_bytes()[:200])
    with pytest.raises(DataError, match="not a readable Parquet file"):
        read(p)


def test_collect_accounts_for_every_row(tmp_path):
    rows = [r[:] for _ in range(3) for r in GOOD]
    for i, r in enumerate(rows):
        r[0] = f"id{i}"
    rows[4][1] = "2023-13-01"
    rows[7][HEADER.index("weapon")] = "catapult"
    rows[7][HEADER.index("n_attacks")] = "0"       # two problems, one rejected row
    write_sources(tmp_path / "sources.csv")
    p = write_csv(tmp_path / "inc.csv", rows)
    kept, rej = read(p, errors="collect")
    assert len(kept) + len(rej) == len(rows) == 12
    assert rej["row"].tolist() == [5, 8]
    assert "weapon" in rej.loc[1, "reason"] and "n_attacks" in rej.loc[1, "reason"]
    with pytest.raises(DataError, match=r"and 2 more problems"):
        read(p)


def test_errors_option_is_validated(good_csv):
    with pytest.raises(ValueError, match="errors must be 'raise' or 'collect'"):
        read(good_csv, errors="ignore")
    with pytest.raises(TypeError, match=r"read_incidents\(path, errors='collect'\)"):
        read_incidents(good_csv, "collect")


# ---------------------------------------------------------------------------------------
# to_counts
# ---------------------------------------------------------------------------------------
def test_counts_complete_index_and_sums(good_csv):
    inc = read(good_csv)
    c = to_counts(inc)
    assert list(c.columns) == ["blue", "green", "red"]
    assert c.index[0] == pd.Timestamp("2024-01-01") and c.index[-1] == pd.Timestamp("2024-01-06")
    assert len(c) == 6 and c.index.freqstr == "D"
    assert c.loc["2024-01-01", "red"] == 3          # n_attacks 1 + 2
    assert c.to_numpy().sum() == inc["n_attacks"].sum()
    assert c.loc["2024-01-02"].sum() == 0


def test_counts_weekly_weighted_and_columns(good_csv):
    inc = read(good_csv)
    w = to_counts(inc, freq="W", columns=["red", "blue", "green", "white"])
    assert list(w.columns) == ["red", "blue", "green", "white"]
    assert w.index.tolist() == [pd.Timestamp("2024-01-01")]     # Monday of that week
    assert w["white"].sum() == 0
    with pytest.warns(DataWarning, match="2 of 4 incidents have no value"):
        ww = to_counts(inc, weight="target_wounded")
    assert ww.to_numpy().sum() == 3
    f = to_counts(inc, weight=lambda d: (d["event_type"] == "attack") * 2.5)
    assert f["red"].sum() == 5.0 and f["blue"].sum() == 0


def test_counts_by_two_columns_and_window(good_csv):
    inc = read(good_csv)
    c = to_counts(inc, by=["side", "weapon"], start="2023-12-30", end="2024-01-10")
    assert c.columns.names == ["side", "weapon"]
    assert len(c) == 12 and c[("red", "drone")].sum() == 2
    with pytest.raises(ValueError, match="fall outside start/end"):
        to_counts(inc, end="2024-01-02")
    with pytest.raises(ValueError, match="freq must be one of"):
        to_counts(inc, freq="H")


def test_counts_missing_side_raises(good_csv):
    inc = read(good_csv)
    inc.loc[0, "side"] = pd.NA
    with pytest.raises(DataError, match="1 incidents have no value in 'side'"):
        to_counts(inc)


incident_rows = st.lists(
    st.tuples(st.integers(0, 60), st.sampled_from(["a", "b", "c"]), st.integers(1, 4)),
    min_size=1, max_size=40)


@given(incident_rows, st.sampled_from(["D", "W", "MS"]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_counts_properties(rows, freq):
    base = pd.Timestamp("2021-03-01")
    inc = pd.DataFrame({"date": [base + pd.Timedelta(days=d) for d, _, _ in rows],
                        "side": [s for _, s, _ in rows], "n_attacks": [n for *_, n in rows]})
    c = to_counts(inc, freq=freq)
    assert c.to_numpy().sum() == inc["n_attacks"].sum()          # nothing lost
    assert not c.index.has_duplicates and c.index.is_monotonic_increasing
    expected = pd.date_range(c.index[0], c.index[-1], freq=c.index.freq)
    assert c.index.equals(expected)                               # no missing periods
    assert (c.to_numpy() >= 0).all()
    for side, g in inc.groupby("side"):
        assert c[side].sum() == g["n_attacks"].sum()


@given(incident_rows)
@settings(max_examples=60, deadline=None)
def test_events_properties(rows):
    base = pd.Timestamp("2021-03-01")
    inc = pd.DataFrame({"date": [base + pd.Timedelta(days=d) for d, _, _ in rows],
                        "side": [s for _, s, _ in rows], "n_attacks": [n for *_, n in rows]})
    ev = to_events(inc)
    assert sum(len(v) for v in ev.values()) == inc["n_attacks"].sum()
    for side, t in ev.items():
        assert np.all(np.diff(t) >= 0)
        assert np.all((t % 1) == 0.5)                 # mid-day, ties kept
        assert t.min() >= 0 and t.max() < ev.end_time
        days = np.sort(np.repeat(
            (inc.loc[inc.side == side, "date"] - ev.origin).dt.days.to_numpy(),
            inc.loc[inc.side == side, "n_attacks"].to_numpy()))
        np.testing.assert_array_equal(np.floor(t), days)


def test_events_time_of_day_and_jitter(good_csv, rng):
    inc = read(good_csv)
    ev = to_events(inc)
    assert isinstance(ev, EventTimes) and ev.origin == pd.Timestamp("2024-01-01")
    assert ev.end_time == 6.0
    np.testing.assert_allclose(ev["red"], [0.5, 21.5 / 24, 21.5 / 24])
    assert ev.exact["red"].tolist() == [False, True, True]
    assert ev.n_tied() == 2
    j = ev.jitter(rng)
    assert np.all(np.floor(j["red"]) == np.floor(ev["red"]))
    assert np.sum(np.isclose(j["red"], 21.5 / 24)) == 2              # known times kept
    assert ev["red"][0] == 0.5                                        # the original untouched
    with pytest.raises(ValueError, match="incidents before origin"):
        to_events(inc, origin="2024-01-02")


# ---------------------------------------------------------------------------------------
# the bundled data
# ---------------------------------------------------------------------------------------
def test_bundled_data_loads_and_is_complete():
    inc = load_incidents()
    assert len(inc) >= 350
    assert inc["incident_id"].is_unique
    for col in ("date", "date_precision", "side", "target_side", "event_type", "weapon",
                "n_attacks", "sources", "confirmation", "country", "location", "raw_rows"):
        assert inc[col].notna().all(), col
    assert set(inc["side"]) >= {"militia", "us"}
    assert (inc["n_attacks"] >= 1).all()
    assert inc["date"].min() >= pd.Timestamp("2019-12-01")
    assert inc["date"].max() <= pd.Timestamp("2024-12-31")


def test_bundled_sources_resolve():
    inc, src = load_incidents(), analysis.load_sources()
    ids = set(src["source_id"])
    for s in inc["sources"]:
        assert s.split(";") and set(s.split(";")) <= ids
    assert src["url"].str.match(r"^(https?://|seed:)").all()
    triggers = {x for v in inc["retaliation_for"].dropna() for x in v.split(";")}
    assert triggers <= set(inc["incident_id"])


def test_bundled_incident_ids_follow_the_pattern():
    inc = load_incidents()
    pat = r"^\d{8}-[a-z_]+-[a-z0-9-]+$"
    assert inc["incident_id"].str.match(pat).all()
    assert (inc["incident_id"].str[:8] == inc["date"].dt.strftime("%Y%m%d")).all()


# ---------------------------------------------------------------------------------------
# the generic front door (issue 11 §1, §2, §5)
# ---------------------------------------------------------------------------------------
def test_plain_table_in_few_lines():
    """A table with a date, a side and free text goes in with columns= and sides=."""
    user = pd.DataFrame({
        "When": ["2024-01-12", "14 January 2024", "2024-01-14", "2024-02-03"],
        "Who": ["houthis", "us_uk", "houthis", "us_uk"],
        "Against": ["us_uk", "houthis", "merchant", "houthis"],
        "What happened": ["missile at a ship", "strikes", "USV at a merchant ship", "strikes"],
    })
    with pytest.warns(DataWarning, match="n_attacks = 1 for every row"):
        inc = read_incidents(user, columns={"When": "date", "Who": "side",
                                            "Against": "target_side", "What happened": "note"},
                             sides={"houthis": "Houthis", "us_uk": "US/UK",
                                    "merchant": "Merchant shipping"},
                             today="2025-01-01")
    assert len(inc) == 4 and inc["n_attacks"].tolist() == [1, 1, 1, 1]
    assert inc["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-01-12", "2024-01-14", "2024-01-14", "2024-02-03"]
    assert to_counts(inc).sum().to_dict() == {"houthis": 2, "us_uk": 2}
    from analysis.sides import side_color, side_label
    assert side_label("us_uk", inc) == "US/UK"
    assert side_color("houthis", inc) != side_color("us_uk", inc)


def test_defaults_announced_once(tmp_path):
    t = pd.DataFrame({"date": ["2024-01-01", "2024-01-02"], "side": ["a", "b"],
                      "n_attacks": ["2", ""]})
    with pytest.warns(DataWarning) as rec:
        inc = read_incidents(t, sides=["a", "b"])
    ours = [w for w in rec if issubclass(w.category, DataWarning)]
    assert len(ours) == 1
    msg = str(ours[0].message)
    assert "n_attacks = 1 for 1 row(s)" in msg and "date_precision = 'day'" in msg
    assert "incident_id" in msg
    assert inc["n_attacks"].tolist() == [2, 1]
    assert set(inc.attrs["defaults"]) == {"n_attacks", "date_precision", "incident_id"}
    # a complete table with declared sides applies no default and warns nothing
    full = inc.drop(columns=[]).astype({"n_attacks": "Int64"})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        read_incidents(full, sides=["a", "b"])


def test_undeclared_sides_are_announced_and_typos_refused():
    t = pd.DataFrame({"date": ["2024-01-01"] * 3, "side": ["militia", "militia", "milita"],
                      "n_attacks": [1, 1, 1], "date_precision": ["day"] * 3,
                      "incident_id": ["x", "y", "z"]})
    with pytest.warns(DataWarning, match=r"sides not declared; taken from the data: "
                                         r"milita \(1 rows\), militia \(2 rows\)"):
        read_incidents(t)
    with pytest.raises(DataError, match=r"row 3, column 'side', value 'milita': unknown side; "
                                        r"did you mean 'militia'"):
        read_incidents(t, sides=["militia", "us"])


def test_codebook_as_table_and_new_vocabulary():
    t = pd.DataFrame({"incident_id": ["1", "2"], "date": ["2024-01-01", "2024-01-02"],
                      "side": ["a", "b"], "n_attacks": [1, 1], "date_precision": ["day", "day"],
                      "weapon": ["anti_ship_ballistic_missile", "rpg"],
                      "target_kind": ["merchant_ship", "warship"]})
    with pytest.raises(DataError, match="unknown category.*codebook="):
        read_incidents(t, sides=["a", "b"])
    cb = pd.DataFrame({"field": ["weapon"], "value": ["rpg"], "label": ["RPG"]})
    assert len(read_incidents(t, sides=["a", "b"], codebook=cb)) == 2


def test_sources_beside_file_only_when_asked(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[2][-1] = "s9"
    write_sources(tmp_path / "sources.csv")
    p = write_csv(tmp_path / "inc.csv", rows)
    assert len(read_incidents(p, sides=SIDES)) == 4              # not checked unless asked
    with pytest.raises(DataError, match="not in the sources table"):
        read_incidents(p, sides=SIDES, sources=True)


def test_site_id_foreign_key(good_csv):
    t = read(good_csv).assign(site_id=["base-1", "", "base-9", ""])
    sites = pd.DataFrame({"site_id": ["base-1"], "name": ["Base One"]})
    kept, rej = read_incidents(t, sides=SIDES, sites=sites, errors="collect")
    assert rej["row"].tolist() == [3] and "not in the sites table" in rej.loc[0, "reason"]


def test_retaliation_for_refers_to_incidents(good_csv):
    t = read(good_csv).assign(retaliation_for=["", "", "a1;a2", "a7"])
    kept, rej = read_incidents(t, sides=SIDES, errors="collect")
    assert rej["row"].tolist() == [4] and "not in the incident table" in rej.loc[0, "reason"]


def test_tsv_gzip_excel_and_dataframe_agree(good_csv, tmp_path):
    ref = read(good_csv, sources=None)
    tsv = tmp_path / "t.tsv"
    pd.read_csv(good_csv, dtype=str, keep_default_na=False).to_csv(tsv, sep="\t", index=False)
    gz = tmp_path / "t.csv.gz"
    gz.write_bytes(__import__("gzip").compress(good_csv.read_bytes(), mtime=0))
    xl = tmp_path / "t.xlsx"
    ref.to_excel(xl, index=False)
    for src in (tsv, gz, xl, ref):
        got = read_incidents(src, sides=SIDES)
        pd.testing.assert_frame_equal(got[ref.columns], ref, check_dtype=False)


def test_error_line_after_quoted_newline(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[0][HEADER.index("event_type")] = "attack"
    header = HEADER + ["note"]
    rows = [r + ["one\ntwo\nthree" if i == 0 else ""] for i, r in enumerate(rows)]
    rows[2][HEADER.index("n_attacks")] = "0"
    p = write_csv(tmp_path / "q.csv", rows, header)
    with pytest.raises(DataError) as ei:
        read_incidents(p, sides=SIDES)
    assert (ei.value.row, ei.value.line) == (3, 6)


def test_bundled_cases_and_sides():
    assert analysis.list_cases()[:1] == ["iraq_syria"] and "toy" in analysis.list_cases()
    toy = analysis.load_example()
    assert set(toy["side"]) == {"a", "b"} and (toy["sources"] == "synthetic-toy").all()
    assert list(toy.attrs["sides"]) == ["a", "b"]
    sides = analysis.load_sides()
    assert sides.label("us") == "US forces" and sides.color("militia") == "#D55E00"
    assert {"militia", "us", "iran", "unattributed", "partner", "other"} == set(sides)
    with pytest.raises(ValueError, match="no bundled case 'nowhere'"):
        load_incidents("nowhere")
    inc = load_incidents()
    assert "us_killed" not in inc.columns and int(inc["target_killed"].sum()) > 0


def test_sides_declarations():
    from analysis.sides import PALETTE, Sides, side_color, side_label
    s = Sides(pd.DataFrame({"side_id": ["x", "y"], "name": ["Ex", "Why"],
                            "color": ["", "#123456"]}))
    assert s.label("x") == "Ex" and s.color("y") == "#123456" and s.color("x") == PALETTE[0]
    assert side_label("zzz") == "zzz" and side_color("zzz") in PALETTE
    assert side_color("zzz") == side_color("zzz")
    with pytest.raises(ValueError, match="not valid"):
        Sides(["has space"])
    with pytest.raises(ValueError, match="declared twice"):
        Sides(["a", "a"])
    with pytest.raises(ValueError, match="#RRGGBB"):
        Sides({"a": {"color": "red"}})


def test_legacy_side_casualty_columns():
    from analysis.data import roles_from_side_columns
    t = pd.DataFrame({"date": ["2024-01-01"] * 3, "side": ["militia", "us", "iran"],
                      "target_side": ["us", "militia", "other"],
                      "us_killed": ["3", "0", "0"], "militia_killed": ["", "5", ""]})
    with pytest.raises(DataError, match="target_killed"):
        read_incidents(t, sides=["militia", "us", "iran", "other"])
    out, unplaced = roles_from_side_columns(t, ["militia", "us", "iran", "other"])
    assert out["target_killed"].tolist() == ["3", "5", ""]
    assert out["actor_killed"].tolist() == ["", "0", ""]
    assert unplaced == [{"pos": 2, "column": "us_killed", "value": "0"}]


def test_model_series_refuse_overflow_and_bad_times():
    t = pd.DataFrame({"date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                      "side": ["a", "b"], "n_attacks": pd.array([1, 10 ** 9], dtype="Int64")})
    with pytest.raises(DataError, match="fit in memory"):
        to_events(t)
    big = t.assign(n_attacks=pd.array([2 ** 62, 2 ** 62], dtype="Int64"))
    with pytest.raises(DataError, match="overflow"):
        to_counts(big)
    with pytest.raises(DataError, match="00:00 and 23:59"):
        to_events(t.assign(n_attacks=[1, 1], time_local=["24:00", None]))
    with pytest.raises(DataError, match="whole number >= 1"):
        to_events(t.assign(n_attacks=[0, 1]))
    wide = pd.DataFrame({"date": pd.to_datetime(["1900-01-01", "2025-01-01"]),
                         "side": ["a", "b"]})
    with pytest.raises(DataError, match="cells"):
        to_counts(wide, by="date", columns=[f"c{i}" for i in range(5000)])


def test_save_location_when_installed(tmp_path, monkeypatch):
    from analysis import paths
    from analysis.reporting import figures_dir
    monkeypatch.delenv("ESCALATION_FIGURES_DIR", raising=False)
    assert figures_dir() == paths.FIGURES            # a checkout: the repository's figures/
    monkeypatch.setattr(paths, "ROOT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    assert figures_dir() == tmp_path / "figures"     # installed: under the working directory


def test_event_jitter_refuses_rng_none():
    from analysis import SpecificationError, load_example, to_events
    inc = load_example()
    ev = to_events(inc, sides=sorted(inc["side"].unique())[:2])
    with pytest.raises(SpecificationError, match="rng=None is refused"):
        ev.jitter(None)
    a, b = ev.jitter(5), ev.jitter(5)
    assert all(np.array_equal(a[k], b[k]) for k in a)
