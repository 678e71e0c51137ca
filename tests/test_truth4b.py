"""Issue 13, second pass truth4b (20 Feb - 13 Dec 2021): the corrections of this pass and
its additions hold in the built table (run after ``python -m analysis.build``)."""

import pandas as pd
import pytest

from analysis import paths

ADDITIONS = "additions/truth4b.csv"


@pytest.fixture(scope="module")
def inc():
    return pd.read_csv(paths.PROCESSED / "incidents.csv", dtype=str,
                       keep_default_na=False).set_index("incident_id")


@pytest.mark.parametrize("iid, field, value", [
    # official statements the rows lacked
    ("20210220-militia-balad", "confirmation", "confirmed"),        # Security Media Cell
    ("20210220-militia-balad", "target_wounded", "0"),
    ("20210502-militia-baghdad-airport", "confirmation", "confirmed"),  # Iraqi military
    ("20210502-militia-baghdad-airport", "target_killed", "0"),
    ("20210318-militia-babil", "confirmation", "confirmed"),        # security source
    ("20210904-militia-babil", "confirmation", "confirmed"),
    # a denial by the coalition: reported, not confirmed
    ("20210704-militia-mss-green-village", "confirmation", "reported"),
    # weapons from the pages
    ("20210706-militia-erbil-airbase", "weapon", "drone"),          # no rockets, one drone
    ("20211020-militia-al-tanf", "weapon", "mixed"),                # UAS and rocket IDF
    ("20210613-militia-near-samawah", "weapon", "unknown"),         # list names no weapon
    ("20210824-militia-yusufiyah", "weapon", "ied"),
    # triggers only where named
    ("20210707-militia-ain-al-asad", "retaliation_for_text", ""),
    ("20210303-militia-ain-al-asad", "retaliation_for_text", ""),
    ("20211020-militia-al-tanf", "retaliation_for_text", "Israeli airstrikes in Syria"),
    # claimants, bounds, zeros, dates
    ("20210723-militia-harir", "claimed_by", "Liwa al-Thaireen"),
    ("20210711-militia-basra", "claimed_by", "Saraya Awliya al-Dam"),
    ("20210711-militia-diwaniyah", "confirmation", "claimed"),
    ("20210628-us-albukamal", "target_killed_high", "9"),
    ("20210329-militia-dhi-qar", "target_killed", "0"),
    ("20210801-militia-diwaniyah", "date_precision", "week"),
])
def test_truth4b_row_fixes(inc, iid, field, value):
    assert inc.loc[iid, field] == value


def test_redated_convoys_leave_no_old_ids(inc):
    """The three convoy rows reported on Sunday 11 Jul 2021 are no longer coded 12 Jul."""
    assert not [i for i in inc.index if i.startswith("20210712-")]


def test_truth4b_additions_are_sourced_and_kept(inc):
    raw = pd.read_csv(paths.RAW / ADDITIONS, dtype=str, keep_default_na=False)
    links = pd.read_csv(paths.PROCESSED / "incident_sources.csv", dtype=str)
    src = pd.read_csv(paths.PROCESSED / "sources.csv", dtype=str).set_index("source_id")["url"]
    members = inc["raw_rows"].str.split(";")
    for i, row in raw.iterrows():
        key = f"{ADDITIONS}:{i + 2}"
        hit = inc[members.apply(lambda ks: key in ks)]
        assert len(hit) == 1, key
        assert hit.iloc[0]["date"] == row["event_date"], key
        assert hit.iloc[0]["target_kind"] in ("convoy", "base"), key
        urls = set(src[links.loc[links["incident_id"] == hit.index[0], "source_id"]])
        assert row["source_url"] in urls, key
