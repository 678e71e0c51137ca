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
