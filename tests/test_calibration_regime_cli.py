"""The regime study's command line (benchmarks/validate_regime.py): ``--list`` names every
design with its family, labels and the cost the docstring's table states, without a run."""

import pandas as pd
import pytest

from test_calibration_report import _regime_script


@pytest.fixture(scope="module")
def V():
    return _regime_script()


def test_costs_are_read_from_the_docstring_table(V):
    c = V.costs()
    assert c["var_ch_null"] == ("0.2 (0.25 over 1000)", "calib7")
    # a bracket with commas and semicolons, and a line break inside the entry
    assert c["phases_ch"][0] == "0.8 (0.34 over 500, load 15; before: 0.23 over 500, load 15)"
    assert c["ch_after_campaign_fit"][0] == "0.8 (4.50 over 500, load 15)"
    # a mention of a design is not its cost; whole words only
    assert c["hawkes_jitter_boot"][0] == "not timed" and c["hawkes_jitter"][0] == "0.2"
    assert c["phases_dates_iid"][0] == "12.0"        # ends at the sentence's full stop
    assert c["gof_pit_ch_fit"] == ("4.3 over 500", "calib12, whole runs, load 12-15")
    assert c["var7_campaign_confirmed_ch_null_us"][1].startswith("calib11")
    assert "var_warp" not in c                      # the table does not name it
    doc = ("x\n\nCost of each design: a_fit 1.5 (2.0 over 10,\nload 3); a 0.1. "
           "Issue 18, calib12 (...): b 4 over 5. Issue 18, calib11 (...): c all failed.")
    old = dict(V.DESIGNS)
    try:
        V.DESIGNS.clear()
        V.DESIGNS.update({k: None for k in ("a", "a_fit", "b", "c")})
        got = V.costs(doc)
    finally:
        V.DESIGNS.clear()
        V.DESIGNS.update(old)
    assert got == {"a_fit": ("1.5 (2.0 over 10, load 3)", "calib7"), "a": ("0.1", "calib7"),
                   "b": ("4 over 5", "calib12, whole runs, load 12-15"),
                   "c": ("all failed", "calib11, whole runs, load 14-17")}


def test_list_prints_every_design_without_running(V, monkeypatch, capsys, tmp_path):
    def refuse(*args, **kwargs):
        raise AssertionError("--list ran a design")
    monkeypatch.setattr(V, "run", refuse)
    monkeypatch.setattr(V, "fits", refuse)
    assert V.main(["--list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t") == ["design", "family", "fit", "label",
                                  "cost (s per replication)", "cost measured by"]
    rows = dict((line.split("\t")[0], line.split("\t")[1:]) for line in out[1:])
    assert list(rows) == list(V.DESIGNS)           # every design once, in run order
    fam, fit, label, cost, by = rows["var_ch_null"]
    assert (fit, label) == (V.LABEL["var"], V.DESIGNS["var_ch_null"][1])
    assert (cost, by) == ("0.2 (0.25 over 1000)", "calib7")
    assert rows["var_warp"][3] == "not in the cost table"
    # the family as the table at path records it; a design without rows: not run
    pd.DataFrame([{"study": "ch_fit", "family": "count_hawkes"}]).to_csv(
        tmp_path / "t.csv", index=False)
    t = V.listing(tmp_path / "t.csv").set_index("design")
    assert t.loc["ch_fit", "family"] == "count_hawkes"
    assert t.loc["var_ch_null", "family"] == "not run"
