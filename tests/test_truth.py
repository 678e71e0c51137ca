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


# ---------------------------------------------------------------------------------------
# confirmation from evidence (issue 13, "confirmation from evidence, not keywords")
# ---------------------------------------------------------------------------------------
import csv  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

from analysis.build import (CaseRules, RawRow, apply_coding_rules,  # noqa: E402
                            confirmation_from_evidence, duplicates_by_default)

RANK = {"confirmed": 3, "claimed": 2, "reported": 1}


@pytest.fixture(scope="module")
def evidence():
    return pd.read_csv(paths.PROCESSED / "evidence.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def rules():
    return CaseRules.read(paths.RAW / "case.json")


def _rule(kinds: set) -> str:
    """The codebook's rule, written out independently of the build."""
    if "denial" in kinds:
        return "reported"
    if "official" in kinds:
        return "confirmed"
    if "claim" in kinds:
        return "claimed"
    return "reported"


def test_every_incident_has_evidence_and_its_sources_are_the_incidents(inc, evidence):
    assert set(evidence["incident_id"]) == set(inc.index)
    assert (evidence.groupby("incident_id")["kind"].apply(lambda k: "report" in set(k))).all()
    for iid, g in evidence[evidence["source_id"] != ""].groupby("incident_id"):
        assert set(g["source_id"]) <= set(inc.loc[iid, "sources"].split(";")), iid


def test_confirmation_follows_from_the_evidence(inc, evidence):
    """Single-row incidents: the rule on their evidence is their confirmation. Every
    incident: confirmed needs an official record and no denial, claimed a claim."""
    kinds = evidence.groupby("incident_id")["kind"].apply(set)
    single = inc[~inc["raw_rows"].str.contains(";")]
    wrong = [i for i in single.index if single.loc[i, "confirmation"] != _rule(kinds[i])]
    assert not wrong, wrong[:10]
    for iid, row in inc.iterrows():
        if row["confirmation"] == "confirmed":
            assert "official" in kinds[iid], iid
        elif row["confirmation"] == "claimed":
            assert "claim" in kinds[iid], iid
        if "denial" in kinds[iid] and not ";" in row["raw_rows"]:
            assert row["confirmation"] == "reported" and "DISPUTED" in row["note"], iid


def test_confirmation_rule_orders_denial_official_claim():
    ev = [("claim", "https://a", "IRI", "x"), ("official", "https://b", "CENTCOM", "x")]
    assert confirmation_from_evidence(ev)[0] == "confirmed"
    assert confirmation_from_evidence(ev + [("denial", None, "SMC", "x")])[0] == "reported"
    assert confirmation_from_evidence(ev[:1])[0] == "claimed"
    assert confirmation_from_evidence([("report", "https://c", "SOHR", "x")])[0] == "reported"
    basis = confirmation_from_evidence(ev[1:])[1]
    assert "CENTCOM" in basis and "in " in basis            # names the source id
    assert "source not recorded" in confirmation_from_evidence(
        [("official", None, "US officials", "note")])[1]


@pytest.mark.parametrize("iid", [
    "20191227-militia-k1", "20200311-militia-camp-taji", "20200314-militia-camp-taji",
    "20231121-militia-ain-al-asad", "20231225-militia-erbil-airbase",
    "20240120-militia-ain-al-asad", "20240207-us-baghdad", "20240910-militia-baghdad-airport",
])
def test_official_statements_found_are_recorded_with_their_source(inc, evidence, iid):
    assert inc.loc[iid, "confirmation"] == "confirmed"
    off = evidence[(evidence["incident_id"] == iid) & (evidence["kind"] == "official")]
    assert (off["source_id"] != "").any(), iid


def test_denied_strike_is_reported_and_disputed(inc, evidence):
    iid = "20240108-unattributed-ain-al-asad"
    assert inc.loc[iid, "confirmation"] == "reported"
    assert "denial" in set(evidence.loc[evidence["incident_id"] == iid, "kind"])


# ---------------------------------------------------------------------------------------
# coding rules enforced by the build
# ---------------------------------------------------------------------------------------
def _row(note, decided=(), file="reference/x.csv"):
    return RawRow(file, 2, {"note": note}, decided=set(decided))


def _inc(note, **kw):
    base = dict(event_type="attack", n_attacks=1, weapon="drone", date_precision="day",
                us_killed=None, us_wounded=None, note=note)
    base.update(kw)
    return base


def test_salvo_rule_for_every_weapon(rules):
    for weapon in ("drone", "rocket", "mortar", "ballistic_missile"):
        i = _inc("four drones shot down together before reaching the base", n_attacks=4,
                 weapon=weapon)
        assert apply_coding_rules(_row(i["note"]), i, rules) and i["n_attacks"] == 1
    i = _inc("two separate attacks, at dawn and at night", n_attacks=2)
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["n_attacks"] == 2
    i = _inc("four drones", n_attacks=4)                       # a decision set it: kept
    apply_coding_rules(_row(i["note"], decided={"n_attacks"}), i, rules)
    assert i["n_attacks"] == 4


def test_mixed_when_the_note_names_weapons_used_together(rules):
    i = _inc("SOHR: 11 rockets plus simultaneous drones", weapon="rocket")
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["weapon"] == "mixed"
    i = _inc("rockets and drones", weapon="rocket")
    apply_coding_rules(_row(i["note"], decided={"weapon"}), i, rules)
    assert i["weapon"] == "rocket"
    i = _inc("two drones shot down", weapon="drone")
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["weapon"] == "drone"


def test_day_precision_only_where_a_source_gives_the_day(rules):
    i = _inc("exact day not in excerpt")
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["date_precision"] == "week"
    i = _inc("Tuesday evening, 19:15")
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["date_precision"] == "day"


def test_zero_only_where_a_source_says_none(rules):
    i = _inc("drone shot down", us_killed=0, us_wounded=0)
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["us_killed"] is None and i["us_wounded"] is None
    i = _inc("drone shot down, no casualties", us_killed=0, us_wounded=0)
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["us_killed"] == 0 and i["us_wounded"] == 0


def test_zero_follows_recorded_casualty_evidence(rules):
    """A zero that a casualty-evidence record supports is kept although the note says
    nothing; an empty column such a record covers becomes 0; other columns are left."""
    i = _inc("drone shot down", us_killed=0, us_wounded=None)
    row = _row(i["note"])
    row.none_stated = {"us_killed": ("https://a.example/x", "officials: no casualties"),
                       "us_wounded": ("https://a.example/x", "officials: no casualties")}
    done = apply_coding_rules(row, i, rules)
    assert i["us_killed"] == 0 and i["us_wounded"] == 0
    assert any("empty -> 0" in d for d in done)
    i = _inc("drone shot down", us_killed=0, us_wounded=0)
    row = _row(i["note"])
    row.none_stated = {"us_killed": ("https://a.example/x", "none killed")}
    apply_coding_rules(row, i, rules)
    assert i["us_killed"] == 0 and i["us_wounded"] is None


def test_casualty_evidence_file_is_checked(tmp_path):
    from analysis.build import read_casualty_evidence
    cur = tmp_path / "curation"
    cur.mkdir()
    head = "raw_file,raw_line,columns,statement,source_url,note\n"
    (cur / "casualty_evidence.csv").write_text(head + "a.csv,2,us_killed,none,not-a-url,x\n")
    with pytest.raises(ValueError, match="source_url"):
        read_casualty_evidence(tmp_path, ("us_killed",))
    (cur / "casualty_evidence.csv").write_text(head + "a.csv,2,us_dead,none,https://a.example,x\n")
    with pytest.raises(ValueError, match="columns"):
        read_casualty_evidence(tmp_path, ("us_killed",))
    (cur / "casualty_evidence.csv").write_text(head + "a.csv,2,us_killed,few,https://a.example,x\n")
    with pytest.raises(ValueError, match="statement"):
        read_casualty_evidence(tmp_path, ("us_killed",))


def test_stated_trigger_needs_a_claimant_or_an_official(rules):
    i = _inc("rockets on the base", retaliation_for_text="US strikes 2023-03-24",
             claimed_by="", _evidence=[("report", "https://a", "x", "y")])
    done = apply_coding_rules(_row(i["note"]), i, rules)
    assert i["retaliation_for_text"] == "" and any("stated trigger" in d for d in done)
    i = _inc("IRI claim", retaliation_for_text="Israel-Gaza war", claimed_by="IRI",
             _evidence=[("claim", "https://a", "IRI", "y")])
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["retaliation_for_text"] == "Israel-Gaza war"
    i = _inc("SOHR: coalition shelled, not confirmed by US", event_type="strike",
             retaliation_for_text="rocket attack same day", claimed_by="",
             _evidence=[("unconfirmed", None, "not confirmed by US", "y")])
    apply_coding_rules(_row(i["note"]), i, rules)
    assert i["retaliation_for_text"] == ""
    i = _inc("part of the round", event_type="strike", retaliation_for_text="Tower 22",
             claimed_by="", _evidence=[("report", "https://a", "x", "y")])
    apply_coding_rules(_row(i["note"]), i, rules)           # no denial: the round's trigger
    assert i["retaliation_for_text"] == "Tower 22"
    i = _inc("rockets", retaliation_for_text="US strikes", claimed_by="", _evidence=[])
    apply_coding_rules(_row(i["note"], decided={"described_as_retaliation_for"}), i, rules)
    assert i["retaliation_for_text"] == "US strikes"        # a decision set it: kept


def test_a_second_pass_keeps_a_trigger_only_when_it_checked_the_trigger(rules):
    def unclaimed():
        return _inc("rockets on the base", retaliation_for_text="US strikes", claimed_by="",
                    _evidence=[("report", "https://a", "x", "y")])
    for checked, kept in ((False, False), (True, True)):
        row, i = _row("rockets on the base"), unclaimed()
        row.checked_against, row.checked_trigger = ["https://a"], checked
        apply_coding_rules(row, i, rules)
        assert (i["retaliation_for_text"] == "US strikes") is kept


def test_a_report_time_is_not_the_event_time():
    from analysis.build import time_from_note
    assert time_from_note("IRI statement posted 01:26 on 7 Nov claimed drones") == ""
    assert time_from_note("Anadolu item (republished 17 Dec 2023 17:34): drones") == ""
    assert time_from_note("statement posted 01:26; the rockets hit at 21:30") == "21:30"
    assert time_from_note("CJTF-OIR: about 14 rockets at 21:30 local") == "21:30"


def test_a_decision_emptying_the_time_wins_over_the_note(rules):
    from analysis.build import SiteMatcher, normalise, read_gazetteer, time_from_note
    note = "projectiles near the airport at 08:16 (a later page: early in the morning)"
    assert time_from_note(note) == "08:16"
    cells = {"note": note, "direction": "militia_on_us", "weapon": "rocket",
             "event_date": "2021-01-23", "time_local": ""}
    sites = SiteMatcher(read_gazetteer(paths.RAW))
    times = [normalise(RawRow("reference/x.csv", 2, dict(cells), decided=set(dec)), sites,
                       rules)["time_local"] for dec in ((), ("time_local",))]
    assert times == ["08:16", ""]


def test_a_note_denying_us_confirmation_voids_its_us_mentions(rules):
    from analysis.build import first_official_mention
    note = "the day after the Pentagon tally, rockets hit the base; not confirmed by US"
    assert first_official_mention(note, rules) is None
    note = "Iraqi army officer said minor damage; claimed by IRI, not confirmed by US"
    assert first_official_mention(note, rules).group(0) == "Iraqi army"
    assert first_official_mention("the Pentagon said two drones hit", rules).group(0) == "Pentagon"


def test_merge_rule_never_adds_a_possible_duplicate(rules):
    ref = _row("rockets on the base", file="reference/incidents_reference.csv")
    add = _row("IRI claim; may be the same attack as the SOHR report",
               file="additions/x.csv")
    plain = _row("a second attack that evening", file="additions/x.csv")
    assert duplicates_by_default(ref, add, rules)                 # one attack
    assert not duplicates_by_default(ref, plain, rules)           # a further attack


def _raw_notes():
    notes, decided = {}, {}
    for f in sorted(paths.RAW.glob("reference/*.csv")) + sorted(paths.RAW.glob("seeds/*.csv")) \
            + sorted(paths.RAW.glob("additions/*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for n, row in enumerate(csv.DictReader(fh), start=2):
                notes[f"{f.relative_to(paths.RAW).as_posix()}:{n}"] = row
    with (paths.RAW / "curation" / "decisions.csv").open(encoding="utf-8", newline="") as fh:
        for d in csv.DictReader(fh):
            if d["action"] == "set":
                decided.setdefault(f"{d['raw_file']}:{d['raw_line']}", set()).add(d["field"])
    return notes, decided


def test_built_table_obeys_the_salvo_and_zero_rules(inc):
    cfg = json.loads((paths.RAW / "case.json").read_text(encoding="utf-8"))
    sep = re.compile(cfg["coding_rules"]["separate_attacks"]["pattern"], re.I)
    none = re.compile(cfg["no_casualties"]["pattern"], re.I)
    notes, decided = _raw_notes()
    with (paths.RAW / "curation" / "casualty_evidence.csv").open(encoding="utf-8",
                                                                newline="") as fh:
        for d in csv.DictReader(fh):
            decided.setdefault(f"{d['raw_file']}:{d['raw_line']}", set()).update(
                d["columns"].split(";"))
    single = inc[(~inc["raw_rows"].str.contains(";")) & (inc["event_type"] == "attack")]
    for iid, row in single.iterrows():
        key = row["raw_rows"]
        if int(row["n_attacks"]) > 1:
            assert sep.search(row["note"]) or "n_attacks" in decided.get(key, set()), iid
        for col, raw in (("target_killed", "us_killed"), ("target_wounded", "us_wounded")):
            if row[col] == "0" and row["target_side"] == "us":
                assert none.search(row["note"]) or raw in decided.get(key, set()), (iid, col)


def test_build_report_accounts_for_every_raw_row(inc):
    notes, _ = _raw_notes()
    rep = pd.read_csv(paths.PROCESSED / "build_report.csv", dtype=str, keep_default_na=False)
    rep = rep[~rep["raw_file"].str.contains("/") | rep["raw_file"].str.match(
        r"(reference|seeds|additions)/")]
    keys = set(rep["raw_file"] + ":" + rep["raw_line"])
    assert keys == set(notes)
    counts = rep["outcome"].value_counts()
    assert counts["kept"] == len(inc)
    assert counts.sum() == len(notes)
    assert set(rep.loc[rep["outcome"] == "rejected", "reason"]) and \
        (rep.loc[rep["outcome"] == "rejected", "reason"] != "").all()


def test_second_pass_checks_are_recorded_in_the_rows(inc):
    links = pd.read_csv(paths.PROCESSED / "incident_sources.csv", dtype=str)
    src = pd.read_csv(paths.PROCESSED / "sources.csv", dtype=str).set_index("url")["source_id"]
    with (paths.RAW / "curation" / "second_pass.csv").open(encoding="utf-8", newline="") as fh:
        checks = list(csv.DictReader(fh))
    assert checks
    for c in checks:
        key = f"{c['raw_file']}:{c['raw_line']}"
        hit = inc[inc["raw_rows"].str.split(";").apply(lambda ks: key in ks)]
        assert len(hit) == 1, key
        assert src[c["checked_against"]] in hit.iloc[0]["checked_against"].split(";"), key
    assert set(links["source_id"]) >= {s for v in inc["checked_against"] if v for s in v.split(";")}


@pytest.mark.parametrize("seed", ["4177", "5309", "8623", "8365", "5725", "3776", "6820", "2129", "7706"])
def test_audit_record_is_complete_and_its_corrections_exist(inc, seed):
    """Each committed audit: 30 rows, a result for each, a page for every checked row,
    and every correction it cites is a decision on that incident's rows; the codebook
    quotes its result."""
    with (paths.RAW / "curation" / f"audit_{seed}.csv").open(encoding="utf-8", newline="") as fh:
        audit = list(csv.DictReader(fh))
    with (paths.RAW / "curation" / "decisions.csv").open(encoding="utf-8", newline="") as fh:
        dec = {n: d for n, d in enumerate(csv.DictReader(fh), start=2)}
    with (paths.RAW / "curation" / "casualty_evidence.csv").open(encoding="utf-8",
                                                                newline="") as fh:
        evidence_rows = list(csv.DictReader(fh))
    assert len(audit) == 30 and {a["seed"] for a in audit} == {seed}
    assert {a["result"] for a in audit} <= {"right", "wrong_field", "contradicted", "uncheckable"}
    raw_of = {k: iid for iid, rr in inc["raw_rows"].items() for k in rr.split(";")}
    for a in audit:
        if a["result"] in ("right", "wrong_field", "contradicted"):
            assert a["checked_against"].startswith("http"), a["incident_id"]
        if a["result"] == "wrong_field":
            assert a["fields_wrong"] and a["decisions"], a["incident_id"]
        cited = [r.strip() for r in a["decisions"].split(";") if r.strip()]
        refs = [dec[int(r.split(":")[1])] for r in cited if r.startswith("decisions.csv:")]
        # the audited incident's raw rows (recorded with the audit; corrections may
        # change its id since), else the rows of the incident of that id today
        audited = a.get("raw_rows", "").split(";") if a.get("raw_rows") else None
        if any(r.startswith("casualty_evidence.csv") for r in cited):
            rows = audited or [k for k, v in raw_of.items() if v == a["incident_id"]]
            assert {f"{e['raw_file']}:{e['raw_line']}" for e in evidence_rows} & set(rows), \
                a["incident_id"]
        assert len(refs) + sum(r.startswith("casualty_evidence.csv") for r in cited) \
            == len(cited), cited
        merged = any(d["action"] == "same_as" for d in refs)   # the audited row was folded
        for d in refs:
            key = f"{d['raw_file']}:{d['raw_line']}"
            iid = raw_of[key]
            if audited:
                assert key in audited or merged, (d, a["incident_id"])
            elif merged:
                assert iid in inc.index and a["incident_id"] not in inc.index, (d, iid)
            else:
                assert iid.split("-", 1)[1] == a["incident_id"].split("-", 1)[1], (d, iid)
    right = sum(a["result"] == "right" for a in audit)
    codebook = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert f"seed {seed}" in codebook and f"{right} of 30 right in every field" in codebook


def test_a_reference_point_or_road_end_is_not_the_site():
    from analysis.build import SiteMatcher
    gaz = pd.DataFrame({
        "site_id": ["baghdad", "babil", "camp-taji", "erbil"],
        "name": ["Baghdad city", "Babil", "Camp Taji", "Erbil city"],
        "kind": ["city", "region", "base", "city"], "country": ["Iraq"] * 4,
        "aliases_en": ["Baghdad", "Babel", "Taji base", "Erbil"], "aliases_ar": [""] * 4})
    sites = SiteMatcher(gaz)
    assert sites.match("Baghdad, near the airport road", "Iraq") == "baghdad"
    assert sites.match("Yusufiyah, south of Baghdad", "Iraq") == ""
    assert sites.match("Latifiya, outskirts of Baghdad (convoy)", "Iraq") == ""
    assert sites.match("Nasiriyah-Baghdad road", "Iraq") == ""
    assert sites.match("Babil-Diwaniyah highway", "Iraq") == ""
    assert sites.match("Babil highway north of Hillah (convoy)", "Iraq") == "babil"
    assert sites.match("east of Camp Taji", "Iraq") == "camp-taji"   # a base stays the site
    assert sites.match("Erbil, then rockets north of Baghdad", "Iraq") == "erbil"
