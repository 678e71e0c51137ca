"""The second bundled case, the Red Sea cycle (issue 15): loadable, sourced, complete
build, coding rules that can fail."""

import filecmp

import pandas as pd
import pytest

from analysis import list_cases, load_incidents, load_sources, paths
from analysis.build import CaseRules, build_tidy

RAW = paths.RAW / "red_sea"
PROCESSED = paths.PROCESSED / "red_sea"
OUTCOMES = {"hit", "missed", "intercepted", "partially_intercepted", "sunk", "seized",
            "failed", "claimed", "unknown"}


@pytest.fixture(scope="module")
def inc():
    return load_incidents("red_sea")


def test_case_is_registered_and_default_unchanged(inc):
    assert "red_sea" in list_cases()
    assert set(load_incidents()["side"]) & {"houthi", "us_uk"} == set()
    assert len(inc) >= 300
    assert inc["incident_id"].is_unique


def test_sides_and_dates(inc):
    assert set(inc["side"]) == {"houthi", "us_uk", "israel"}
    assert set(inc["target_side"]) <= {"houthi", "us_uk", "israel", "shipping"}
    assert (inc["side"] != inc["target_side"]).all()
    assert inc["date"].min() >= pd.Timestamp("2023-10-01")
    assert inc["date"].max() <= pd.Timestamp("2025-05-31")
    sides = inc.attrs["sides"]
    assert sides["houthi"]["name"] == "Houthis" and sides["us_uk"]["color"].startswith("#")


def test_coding_rules(inc):
    strikes = inc[inc["side"].isin(["us_uk", "israel"])]
    assert (strikes["event_type"] == "strike").all()
    assert (strikes["target_side"] == "houthi").all()
    assert (strikes["weapon"] == "airstrike").all()
    houthi = inc[inc["side"] == "houthi"]
    assert set(houthi["event_type"]) <= {"attack", "seizure"}
    # interceptions are coded with the launching side as the actor
    outcome = inc["note"].str.extract(r"^outcome: (\w+)\.")[0]
    assert outcome.notna().all() and set(outcome) <= OUTCOMES
    assert (inc.loc[outcome == "intercepted", "side"] == "houthi").all()
    assert ((outcome == "claimed") == (inc["confirmation"] == "claimed")).all()
    ships = houthi[houthi["target_kind"] == "merchant_ship"]
    assert (ships["target_side"] == "shipping").all()
    assert ships["weapon"].isin(["anti_ship_ballistic_missile", "anti_ship_cruise_missile", "drone",
                                 "uncrewed_surface_vessel", "boarding", "small_arms", "mixed",
                                 "unknown"]).all()


def test_casualty_bounds_bracket_the_chosen_figure(inc):
    for base in ("target_killed", "target_wounded"):
        best, low, high = inc[base], inc[base + "_low"], inc[base + "_high"]
        has = low.notna() | high.notna()
        assert best[has].notna().all(), f"{base}: bounds without a chosen figure"
        assert (low[has] <= best[has]).all() and (best[has] <= high[has]).all()


def test_every_incident_cites_a_public_page(inc):
    src = load_sources("red_sea")
    assert src["url"].str.match(r"^https?://").all()
    assert src["url"].is_unique
    cited = set(inc["sources"].str.split(";").explode())
    assert cited == set(src["source_id"])
    links = pd.read_csv(PROCESSED / "incident_sources.csv", dtype=str)
    primary = links[links["role"] == "primary"]
    assert primary["incident_id"].is_unique and len(primary) == len(inc)


def test_committed_tables_are_what_the_build_makes(tmp_path):
    raw_rows = len(pd.read_csv(RAW / "incidents.csv", dtype=str))
    summary = build_tidy(RAW, tmp_path, CaseRules.read(RAW / "case.json"))
    assert summary["raw_rows"] == raw_rows == summary["incidents"] + summary["rejected"]
    for f in sorted(tmp_path.glob("*.csv")):
        assert filecmp.cmp(f, PROCESSED / f.name, shallow=False), (
            f"data/processed/red_sea/{f.name} is stale: run python -m analysis.build")
    report = pd.read_csv(tmp_path / "build_report.csv", dtype=str, keep_default_na=False)
    assert len(report) == raw_rows and not report.duplicated(["raw_file", "raw_line"]).any()


def test_spot_check_rows_exist_and_are_recorded(inc):
    spot = pd.read_csv(RAW / "spot_check.csv", dtype={"round": int}, keep_default_na=False)
    assert spot.groupby("round").size().to_dict() == {1: 20, 2: 20, 3: 20, 4: 20, 5: 20, 6: 20, 7: 20, 8: 20, 9: 20, 10: 20, 11: 20, 12: 20, 13: 20}
    assert spot["incident_id"].is_unique
    assert set(spot["incident_id"]) <= set(inc["incident_id"])
    assert set(spot["result"]) <= {"right", "wrong"}
    assert (spot.loc[spot["result"] == "wrong", "correction"].str.len() > 10).all()
