"""Issue 13 (data truth): the row fixes and additions hold in the built table."""

import pandas as pd
import pytest

from analysis import paths


@pytest.fixture(scope="module")
def inc():
    return pd.read_csv(paths.PROCESSED / "incidents.csv", dtype=str,
                       keep_default_na=False).set_index("incident_id")


@pytest.mark.parametrize("iid, field, value", [
    ("20231209-militia-erbil-airbase", "n_attacks", "1"),        # item 2: salvo rule
    ("20231209-militia-erbil-airbase", "site_id", "erbil-airbase"),  # item 6
    ("20240116-militia-erbil-airbase", "n_attacks", "1"),
    ("20240929-militia-mss-conoco", "weapon", "mixed"),          # item 3
    ("20241203-unattributed-mss-conoco", "weapon", "mixed"),     # items 3 and 6
    ("20231230-militia-mss-green-village", "weapon", "mixed"),
    ("20240212-militia-mss-green-village", "weapon", "mixed"),
    ("20241119-us-al-quriyah", "date_precision", "day"),         # item 5: date errors
    ("20240725-militia-ain-al-asad", "date_precision", "day"),
    ("20231026-militia-mss-conoco", "date_precision", "week"),   # item 5: approximate
    ("20240123-militia-mss-conoco", "date_precision", "week"),
    ("20240102-militia-mss-green-village", "n_attacks", "1"),    # item 4
    ("20240108-unattributed-ain-al-asad", "confirmation", "reported"),  # item 1: denied
    ("20240910-militia-baghdad-airport", "confirmation", "confirmed"),
    ("20200613-militia-camp-taji", "target_wounded", ""),        # item 8
])
def test_issue13_row_fixes(inc, iid, field, value):
    assert inc.loc[iid, field] == value


def test_no_unstated_gaza_trigger(inc):
    """Item 7: a trigger needs a claim or an official naming it."""
    bad = inc[(inc["retaliation_for_text"] == "Israel-Gaza war") & (inc["claimed_by"] == "")]
    assert bad.empty, list(bad.index)


def test_issue13_additions_are_sourced(inc):
    raw = pd.read_csv(paths.RAW / "additions" / "issue13_missing_incidents.csv", dtype=str,
                      keep_default_na=False)
    links = pd.read_csv(paths.PROCESSED / "incident_sources.csv", dtype=str)
    src = pd.read_csv(paths.PROCESSED / "sources.csv", dtype=str).set_index("source_id")["url"]
    for i, row in raw.iterrows():
        key = f"additions/issue13_missing_incidents.csv:{i + 2}"
        hit = inc[inc["raw_rows"].str.split(";").apply(lambda ks: key in ks)]
        assert len(hit) == 1, key
        assert hit.iloc[0]["date"] == row["event_date"]
        urls = set(src[links.loc[links["incident_id"] == hit.index[0], "source_id"]])
        assert row["source_url"] in urls
