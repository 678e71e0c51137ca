"""Issue 13, second passes of Dec 2026 (truth4b: 20 Feb - 13 Dec 2021; truth4c: Dec 2021 -
Oct 2023): the build keeps a casualty field that a curation decision emptied, and each
pass's corrections and additions hold in the built table."""

import pandas as pd
import pytest

from analysis import paths
from analysis.build import CaseRules, RawRow, SiteMatcher, normalise, read_gazetteer

ADDITIONS = "additions/truth4b.csv"


@pytest.fixture(scope="module")
def rules():
    return CaseRules.read(paths.RAW / "case.json")


@pytest.fixture(scope="module")
def sites():
    return SiteMatcher(read_gazetteer(paths.RAW))


@pytest.fixture(scope="module")
def inc():
    return pd.read_csv(paths.PROCESSED / "incidents.csv", dtype=str,
                       keep_default_na=False).set_index("incident_id")


def _cells(note):
    return {"event_date": "2022-06-08", "date_precision": "day", "direction": "militia_on_us",
            "country": "Iraq", "location": "Erbil", "admin1": "Erbil", "weapon": "drone",
            "n_attacks": "1", "claimed_by": "", "us_killed": "", "us_wounded": "",
            "militia_killed": "", "described_as_retaliation_for": "",
            "source_url": "https://a.example/x", "note": note}


def test_note_without_decision_gives_zero(rules, sites):
    """The note's statement of no casualties fills the empty columns with 0 ..."""
    inc = normalise(RawRow("reference/x.csv", 2, _cells("drone attack, no casualties reported")),
                    sites, rules)
    assert inc["us_killed"] == 0 and inc["us_wounded"] == 0


def test_decision_emptying_a_casualty_column_is_kept(rules, sites):
    """... but not where a curation decision emptied a column (a later page contradicts
    the note); the undecided column still follows the note."""
    row = RawRow("reference/x.csv", 2, _cells("drone attack, no casualties reported"),
                 decided={"us_killed"})
    inc = normalise(row, sites, rules)
    assert inc["us_killed"] is None and inc["us_wounded"] == 0


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
    ("20210801-militia-diwaniyah", "date_precision", "day"),   # sweepi: Anadolu/Syria TV give Sunday 1 Aug
    # truth4e (second check of the rows truth4a/4b added, 2020 - May 2021)
    ("20201220-militia-nasiriyah-road-convoy", "date_precision", "day"),   # "last Sunday"
    ("20210130-militia-diwaniyah-convoy", "date_precision", "week"),       # reported Sat night
    ("20210122-militia-dhi-qar-nasiriyah-convoy", "confirmation", "confirmed"),
    ("20210330-militia-nasiriyah", "claimed_by", "International Resistance Faction"),
    ("20210330-militia-nasiriyah", "target_wounded", "0"),
    ("20210217-militia-nasiriyah-highway-convoy", "target_wounded", "0"),  # added
    ("20210227-militia-near-diwaniyah-two-convoys", "n_attacks", "2"),     # added: two convoys
    ("20210303-militia-samawah-convoy", "confirmation", "claimed"),        # added
    ("20210131-militia-hillah-convoy", "weapon", "unknown"),               # added: no device named
    ("20210406-militia-babil", "n_attacks", "2"),                          # added: one convoy hit twice
    ("20210429-militia-muthanna-convoy", "date_precision", "week"),        # added: day uncertain
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


@pytest.mark.parametrize("iid, field, value", [
    ("20220608-militia-us-consulate-erbil", "target_wounded", ""),   # no page says no US hurt
    ("20220608-militia-us-consulate-erbil", "target_killed", ""),
    ("20220109-militia-al-mushahada-tarmiyah-near-al", "confirmation", "confirmed"),
    ("20220128-militia-baghdad-airport", "confirmation", "confirmed"),
    ("20220128-militia-baghdad-airport", "target_wounded", "0"),
    ("20220105-militia-mss-green-village", "target_wounded", "0"),
    ("20220113-militia-us-embassy-baghdad", "target_killed", "0"),
    ("20211219-militia-us-embassy-baghdad", "date_precision", "day"),
    ("20220115-us-mss-green-village", "weapon", "mixed"),
    ("20220824-militia-mss-conoco", "target_wounded_low", "1"),
    ("20220918-militia-mss-green-village", "weapon", "rocket"),
    ("20221108-unattributed-albukamal", "target_killed_low", "2"),
    ("20221108-unattributed-albukamal", "target_killed_high", "25"),
    ("20230129-unattributed-al-hiri", "target_killed_low", "0"),     # strikes o: no casualties per Al-Mayadeen (was 10)
    ("20230218-militia-mss-green-village", "target_wounded", "0"),
    ("20230323-militia-hasakah", "target_wounded_high", "9"),
    ("20230324-militia-mss-conoco", "confirmation", "confirmed"),
    ("20230404-militia-babil", "date_precision", "day"),
    # truth4f: second check of the truth4b-d additions, and its own additions
    ("20210615-militia-baghdad-airport", "claimed_by", "International Resistance Faction"),
    ("20210615-militia-baghdad-airport", "confirmation", "claimed"),
    ("20210615-militia-baghdad-airport", "n_attacks", "1"),          # al-Latifiya split off
    ("20210615-militia-al-latifiya-south-of-the", "date_precision", "week"),
    ("20210912-militia-diwaniyah", "weapon", "ied"),
    ("20220108-militia-mss-green-village", "weapon", "rocket"),      # was 9 Jan, unknown
    ("20220111-militia-diwaniyah", "target_wounded", "0"),
    ("20220301-militia-samawah-nasiriyah-highway", "confirmation", "confirmed"),
    ("20210217-militia-nasiriyah-highway-convoy", "n_attacks", "1"),  # truth4e + truth4f rows folded
    # strikes o: US strike rows against all their pages
    ("20220824-us-ayyash", "target_killed_low", "0"),               # CENTCOM: no one killed (initial)
    ("20220728-us-deir-ez-zor-gov", "retaliation_for_text", ""),    # US never announced the fire
    ("20221108-unattributed-albukamal", "weapon", "drone_strike"),  # Iraqi officials: a drone
])
def test_truth4c_row_fixes(inc, iid, field, value):
    assert inc.loc[iid, field] == value


def test_insider_blast_is_not_a_militia_attack(inc):
    """The 7 Apr 2022 Green Village blasts were charges placed inside the base (a US
    airman was detained), not indirect fire: the row is rejected."""
    assert "20220407-militia-mss-green-village" not in inc.index


def test_reconnaissance_overflight_is_not_an_attack(inc):
    """CENTCOM: the UAV shot down over MSS Conoco on 14 Feb 2023 was attempting
    reconnaissance; no attack was reported, so the row is rejected."""
    assert "20230214-militia-mss-conoco" not in inc.index
