"""The dataset build: deterministic, up to date, schema-valid, nothing lost."""

import csv
import filecmp

import pandas as pd
import pytest

from analysis import paths
from analysis.build import build, raw_files


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    summary = build(paths.RAW, out, verbose=False)
    return out, summary


def test_committed_tables_are_what_the_build_makes(rebuilt):
    out, _ = rebuilt
    built = sorted(out.rglob("*.csv"))
    assert {f.relative_to(out) for f in built} == \
        {f.relative_to(paths.PROCESSED) for f in paths.PROCESSED.rglob("*.csv")}, \
        "data/processed has tables the build does not make (or lacks some): run the build"
    for f in built:
        rel = f.relative_to(out)
        committed = paths.PROCESSED / rel
        assert committed.exists(), f"{rel} is not committed: run `make data`"
        assert filecmp.cmp(f, committed, shallow=False), (
            f"data/processed/{rel} is stale: run `make data` and commit the result")


def test_build_is_deterministic(rebuilt, tmp_path):
    out, _ = rebuilt
    build(paths.RAW, tmp_path, verbose=False)
    for f in out.rglob("*.csv"):
        rel = f.relative_to(out)
        assert f.read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_every_raw_row_is_accounted_for(rebuilt):
    out, summaries = rebuilt
    summary = summaries["iraq_syria"]
    report = pd.read_csv(out / "build_report.csv", dtype=str, keep_default_na=False)
    n_raw = 0
    for path in raw_files(paths.RAW):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            n_raw += sum(1 for _ in csv.DictReader(fh))
    assert len(report) == n_raw == summary["raw_rows"]
    assert set(report["outcome"]) <= {"kept", "merged", "rejected"}
    assert not report.duplicated(["raw_file", "raw_line"]).any()
    inc = pd.read_csv(out / "incidents.csv", dtype=str, keep_default_na=False)
    assert (report["outcome"] == "kept").sum() == len(inc)
    # each incident's provenance lists exactly the rows the report maps to it
    report["key"] = report["raw_file"] + ":" + report["raw_line"]
    mapped = report[report.outcome != "rejected"].groupby("incident_id")["key"].apply(set)
    for iid, rows in zip(inc["incident_id"], inc["raw_rows"]):
        assert set(rows.split(";")) == mapped[iid]
    rejected = report[report.outcome == "rejected"]
    assert (rejected["reason"].str.len() > 10).all()


def test_datapackage_validates_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(paths.DATA / "datapackage.json"))
    errors = [] if report.valid else report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.valid, errors[:20]


def test_every_incident_has_a_public_source():
    inc = pd.read_csv(paths.PROCESSED / "incidents.csv", dtype=str, keep_default_na=False)
    links = pd.read_csv(paths.PROCESSED / "incident_sources.csv", dtype=str)
    src = pd.read_csv(paths.PROCESSED / "sources.csv", dtype=str, keep_default_na=False)
    assert set(links["incident_id"]) == set(inc["incident_id"])
    primary = links[links.role == "primary"]
    assert primary["incident_id"].is_unique and len(primary) == len(inc)
    assert set(links["source_id"]) == set(src["source_id"])
    seeds = src[src.kind == "seed"]["url"].str.removeprefix("seed:")
    assert seeds.str.match(r"^\d{3}_[0-9a-f]{16}\.txt$").all()


def test_codebook_describes_every_column():
    import json
    codebook = (paths.DATA / "README.md").read_text(encoding="utf-8")
    dp = json.loads((paths.DATA / "datapackage.json").read_text(encoding="utf-8"))
    incidents = [r for r in dp["resources"] if r["name"] == "incidents"][0]
    missing = [f["name"] for f in incidents["schema"]["fields"]
               if f"`{f['name']}`" not in codebook
               and not (f["name"].endswith(("_low", "_high")) and "`*_low`" in codebook)]
    assert not missing, f"data/README.md does not describe {missing}"


def test_build_names_no_case():
    """Case rules live in data/raw[/<case>]/case.json, not in the build's code."""
    import re
    src = (paths.ROOT / "analysis" / "build.py").read_text(encoding="utf-8")
    for word in ("militia", "Iraq", "Syria", "Jordan", "CENTCOM", "us_killed", "Houthi"):
        assert not re.search(rf"\b{word}\b", src), word


def test_tidy_case_is_validated_and_accounted(tmp_path):
    """A further case (pipeline "tidy") is validated like read_incidents with its declared
    sides; a bad row is listed in its build report, not dropped silently."""
    import shutil
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW, raw)
    toy = raw / "toy" / "incidents.csv"
    lines = toy.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",a,b,", ",aa,b,", 1) if ",a,b," in lines[3] else \
        lines[3].replace(",b,a,", ",bb,a,", 1)
    toy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "processed"
    summary = build(raw, out, verbose=False)["toy"]
    assert summary["rejected"] == 1 and summary["incidents"] == summary["raw_rows"] - 1
    report = pd.read_csv(out / "toy" / "build_report.csv", dtype=str, keep_default_na=False)
    assert len(report) == summary["raw_rows"]
    bad = report[report["outcome"] == "rejected"]
    assert bad["raw_line"].tolist() == ["4"] and "unknown side" in bad["reason"].iloc[0]


def test_side_casualty_columns_move_to_roles():
    """The case's side-named raw figures go to the role columns; none is lost."""
    from analysis.build import _side_columns_to_roles
    fields = ("us_killed", "us_wounded", "militia_killed")
    attack = {"incident_id": "x", "side": "militia", "target_side": "us", "note": "n",
              "us_killed": 3, "us_killed_low": None, "us_killed_high": None,
              "us_wounded": 47, "us_wounded_low": 34, "us_wounded_high": 47,
              "militia_killed": 2}
    _side_columns_to_roles(attack, fields)
    assert (attack["target_killed"], attack["target_wounded"], attack["target_wounded_low"],
            attack["actor_killed"]) == (3, 47, 34, 2)
    assert not any(k.startswith(("us_", "militia_")) for k in attack)
    third = {"incident_id": "y", "side": "iran", "target_side": "other", "note": "n",
             "us_killed": 0, "us_wounded": 0}
    _side_columns_to_roles(third, fields)
    assert third["note"].startswith("[build] figures of a side that is neither actor nor "
                                    "target: us_killed 0, us_wounded 0")


def test_bundled_casualties_by_role():
    inc = pd.read_csv(paths.PROCESSED / "incidents.csv", dtype=str, keep_default_na=False)
    killed = inc["target_killed"] != ""
    assert set(inc.loc[killed, "target_side"]) <= {"us", "militia"}
    tower22 = inc[inc["incident_id"] == "20240128-militia-tower-22"].iloc[0]
    assert (tower22["target_killed"], tower22["target_wounded_low"]) == ("3", "34")
