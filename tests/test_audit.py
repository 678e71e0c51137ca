"""The audit tool: deterministic stratified sample, every sampled incident's sources."""

import numpy as np
import pandas as pd
import pytest

from analysis import audit, paths


def _read(name):
    return pd.read_csv(paths.PROCESSED / name, dtype=str, keep_default_na=False)


def test_same_seed_same_files(tmp_path):
    audit.run(30, 7, tmp_path / "a")
    audit.run(30, 7, tmp_path / "b")
    for f in ("checklist.csv", "checklist.md"):
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    other = audit.run(30, 8, tmp_path / "c")
    first = pd.read_csv(tmp_path / "a" / "checklist.csv", dtype=str)
    assert set(first["incident_id"]) != set(other["incident_id"])


def test_strata_respected():
    inc = _read("incidents.csv")
    s = audit.draw(inc, 30, rng=np.random.default_rng(3))
    assert len(s) == 30 and s["incident_id"].is_unique
    d = s["date"]
    assert (d[s["stratum"] == "before"] < "2023-10-17").all()
    camp = d[s["stratum"] == "campaign"]
    assert ((camp >= "2023-10-17") & (camp <= "2024-02-04")).all()
    assert (d[s["stratum"] == "after"] > "2024-02-04").all()
    sizes = audit.stratum_of(inc["date"]).value_counts()
    alloc = s["stratum"].value_counts()
    for k in ("before", "campaign", "after"):       # proportional within rounding
        assert abs(alloc[k] - 30 * sizes[k] / len(inc)) < 1


def test_every_source_listed(tmp_path):
    check = audit.run(30, 11, tmp_path)
    links, sources = _read("incident_sources.csv"), _read("sources.csv")
    url = dict(zip(sources["source_id"], sources["url"]))
    assert check["incident_id"].nunique() == 30
    for iid, g in check.groupby("incident_id"):
        want = {f"{sid} {url[sid]}" for sid in links.loc[links["incident_id"] == iid, "source_id"]}
        assert want and set(g["sources"].iloc[0].split(" ; ")) == want
        assert list(g["field"]) == list(audit.CHECK_FIELDS)


def test_allocate_and_errors():
    assert audit.allocate({"a": 100, "b": 1, "c": 0}, 10) == {"a": 9, "b": 1, "c": 0}
    with pytest.raises(ValueError, match="exceeds"):
        audit.allocate({"a": 2}, 3)
    with pytest.raises(TypeError, match="rng"):
        audit.draw(_read("incidents.csv"), 5, rng=None)
