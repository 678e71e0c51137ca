"""Calibration of what the notebooks report (issue 18): the inventory, the labels written
beside out-of-band numbers, and calibrate() for deterrence fits and Hawkes bootstraps,
on small designs."""

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import (CountHawkes, CountModel, Hawkes, SpecificationError, TiesWarning,
                      deterrence, save_values, simulate_count_hawkes)
from analysis.models._calibration_timing import incidents_from_counts
from analysis.models.calibration import calibrate, measured_coverage
from analysis.models.calibration_report import (NOT_MEASURABLE, NOT_MEASURABLE_KEY,
                                                NOT_MEASURED_KEY, REPORTED,
                                                calibration_report, label_values,
                                                measured_label, reported_inference)
from analysis.reporting import Summary

NB = "02-count-regressions"


@pytest.fixture
def table(tmp_path):
    """A regime table with one out-of-band test, one in-band and one out-of-band
    interval, and a before row."""
    rows = [("pml_null", "after", "granger[us<-militia] score bootstrap", "size", 0.05, 0.078),
            ("pml_null", "before", "granger[us<-militia]", "size", 0.05, 0.076),
            ("nb_ch_null", "after", "granger[militia<-us] score bootstrap", "size", 0.05, 0.056),
            ("nb_fit", "after", "response_7d[militia<-us]", "coverage", 0.95, 0.918),
            ("pml_fit", "before", "response_7d[us<-militia]", "coverage", 0.95, 0.958)]
    t = pd.DataFrame(rows, columns=["study", "version", "quantity", "kind", "nominal",
                                    "empirical"])
    t["family"], t["design"], t["mc_se"], t["n"] = "counts", "fit", 0.01, 500
    path = tmp_path / "regime.csv"
    t.to_csv(path, index=False)
    return path


def test_inventory_reports_status_before_and_after(table):
    inv = reported_inference(NB + ".ipynb", path=table)
    row = inv.set_index("key").loc["main/us/poisson_pml/granger_p"]
    assert row["status"] == "out of band"
    assert row["before"].startswith("7.6%") and row["after"].startswith("7.8%")
    ok = inv.set_index("key").loc["main/militia/negbin/granger_p"]
    assert ok["status"] == "in band"
    # a row with only a before run is read as the latest (the method did not change)
    assert inv.set_index("key").loc["main/us/poisson_pml/response_7d", "status"] == "in band"
    assert (inv["status"] == "not measured").sum() >= 5
    assert set(inv["status"]) <= {"in band", "out of band", "not measured", NOT_MEASURABLE}
    s = calibration_report(NB, path=table)
    assert isinstance(s, Summary) and "main/us/poisson_pml/granger_p" in s.as_text()
    with pytest.raises(SpecificationError, match="no reported inference"):
        reported_inference("99-nothing")


def test_labels_go_beside_out_of_band_numbers_only(table):
    values = {"main": {"us": {"poisson_pml": {"granger_p": 0.012,
                                              "response_7d": {"estimate": 0.1, "lower": 0.0,
                                                              "upper": 0.2}}},
                       "militia": {"negbin": {"granger_p": 0.05,
                                              "response_7d": {"estimate": 0.3, "lower": -0.1,
                                                              "upper": 0.7}}}},
              "by_window": {"us -> militia | all | confirmed": {"estimate": 1.0, "lower": 0.0,
                                                                "upper": 2.0}}}
    out = label_values(values, NB, path=table)
    assert "granger_p_measured_size" not in values["main"]["us"]["poisson_pml"]  # a copy
    assert out["main"]["us"]["poisson_pml"]["granger_p_measured_size"] == 0.078
    assert out["main"]["militia"]["negbin"]["response_7d_measured_coverage"] == 0.918
    assert "granger_p_measured_size" not in out["main"]["militia"]["negbin"]     # in band
    assert "response_7d_measured_coverage" not in out["main"]["us"]["poisson_pml"]
    assert "by_window/us -> militia | all | confirmed" in out[NOT_MEASURED_KEY]
    # other names pass unchanged
    assert label_values(values, "00-example", path=table) is values


def test_save_values_writes_the_labels(tmp_path):
    # the committed table: notebook 03's F test is far out of band (76% at 5%), the wild
    # bootstrap militia -> US in band (5.9%)
    v = {"var": {"granger": {"us -> militia": {"F_p": 0.001},
                             "militia -> us": {"wild_p": 0.2}}}}
    path = save_values(v, "03-var-and-count-hawkes", directory=tmp_path)
    got = json.loads(path.read_text())["var"]["granger"]
    assert got["us -> militia"]["F_p_measured_size"] > 0.5
    assert "wild_p_measured_size" not in got["militia -> us"]


def test_measured_label_phrases(table):
    assert measured_label(NB, "main/us/poisson_pml/granger_p", path=table) == \
        "measured size 7.8%"
    assert measured_label(NB, "main/militia/negbin/response_7d", path=table) == \
        "measured coverage 92%"
    assert measured_label(NB, "main/militia/negbin/granger_p", path=table) == ""
    assert measured_label(NB, "main/militia/negbin/granger_p", path=table,
                          always=True) == "measured size 5.6%"
    assert "not measured" in measured_label(NB, "hurdle/us/mean", path=table)
    with pytest.raises(SpecificationError, match="matches no reported"):
        measured_label(NB, "nope/granger_p", path=table)


def test_every_measured_inventory_row_exists_in_the_committed_table():
    t = pd.read_csv(analysis.models.calibration.REGIME_RESULTS)
    have = set(zip(t["study"], t["quantity"]))
    studies_run = set(t["study"])
    for r in REPORTED:
        for ref in (r.after, r.before):
            # designs added after the last committed run are allowed to be missing
            if ref is not None and ref[0] in studies_run:
                assert (ref[0], ref[1]) in have, (r.key, ref)


def test_measured_coverage_picks_a_study(table):
    got = measured_coverage("counts", "response_7d[militia<-us]", path=table, study="nb_fit")
    assert got["empirical"] == pytest.approx(0.918) and got["study"] == "nb_fit"
    with pytest.raises(SpecificationError, match="study='pml_fit'"):
        measured_coverage("var", "x", path=table, study="pml_fit")


@pytest.fixture(scope="module")
def ch_null():
    counts = simulate_count_hawkes(300, [0.3, 0.15], [[0.3, 0.0], [0.4, 0.1]], max_lag=5,
                                   kernel_params=0.5, sides=["a", "s"], rng=21,
                                   start="2020-01-01")
    return counts, CountHawkes(counts, max_lag=5, family="poisson").fit(n_starts=1)


def test_deterrence_tests_are_calibrated_against_a_simulator(ch_null):
    counts, ch = ch_null
    inc = incidents_from_counts(counts)
    assert len(inc) == int(counts.to_numpy().sum())
    assert (inc.groupby("side").size() == counts.sum()).all()
    det = deterrence(inc, "a", "s", horizon=14)
    cal = calibrate(det, 3, rng=1, simulator=ch, null=("a", "s"), n_boot=50,
                    progress=False)
    t = cal.table
    assert list(t.index) == ["hazard_ratio[a<-s] (cluster-robust)",
                             "hazard_ratio[a<-s] (block bootstrap)"]
    assert (t["kind"] == "size").all() and (t["n"] + cal.n_failed == 3).all()
    with pytest.raises(SpecificationError, match="simulates nothing"):
        calibrate(det, 3, rng=1)
    with pytest.raises(SpecificationError, match="n_boot"):
        calibrate(CountModel(counts, "a", lags=2, family="poisson").fit(), 3, rng=1,
                  n_boot=10)


def test_hawkes_bootstrap_and_log_wald_intervals_are_measured(day_rounded_events):
    data = day_rounded_events(120, 3, rng=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TiesWarning)
        fit = Hawkes(data).fit()
        cal = calibrate(fit, 2, rng=3, n_boot=5, progress=False)
    t = cal.table
    for name in ["branching[a<-b] log-Wald", "branching[a<-b] bootstrap percentile",
                 "spectral_radius bootstrap basic", "spectral_radius bootstrap bc"]:
        assert t.loc[name, "kind"] == "coverage", name
    # the log-scale Wald interval: estimate * exp(+- z se / estimate), NaN at 0
    log_ci, z = fit.conf_int(scale="log"), 1.959963984540054
    b = "branching[a<-b]"
    assert log_ci.loc[b, "upper"] == pytest.approx(
        fit.params[b] * np.exp(z * fit.bse[b] / fit.params[b]))
    assert log_ci.loc[b, "lower"] * log_ci.loc[b, "upper"] == pytest.approx(
        fit.params[b] ** 2)
    with pytest.raises(SpecificationError, match="scale"):
        fit.conf_int(scale="logit")
    rho = max(abs(np.linalg.eigvals(fit.branching_matrix.to_numpy())))
    d = fit._calibration_design(None)
    assert not any("bootstrap" in q.name for q in d.quantities)   # only with n_boot
    from analysis.models.calibration import hawkes_design
    truth = {q.name: q.truth for q in hawkes_design(fit, None, n_boot=5).quantities}
    assert truth["spectral_radius bootstrap percentile"] == pytest.approx(rho)


def test_public_names():
    for name in ["calibration_report", "reported_inference", "measured_label",
                 "label_values"]:
        assert getattr(analysis, name) is globals()[name]


def _regime_script():
    import importlib.util
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "benchmarks" / "validate_regime.py"
    spec = importlib.util.spec_from_file_location("validate_regime", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_interval_coverage_derived_from_its_dual_test():
    V = _regime_script()
    test = "hazard_ratio[militia<-us] (cluster-robust)"
    t = pd.DataFrame([{"study": "det_phases_null", "version": "after", "quantity": test,
                       "kind": "size", "nominal": 0.05, "empirical": 0.0988, "mc_se": 0.0228,
                       "n": 172, "within_band": False},
                      {"study": "nb_fit", "version": "after", "quantity": test,
                       "kind": "size", "nominal": 0.05, "empirical": 0.5, "mc_se": 0.01,
                       "n": 5, "within_band": False}])
    d = V.duals(t)
    assert len(d) == 1                              # only the mapped study
    row = d.iloc[0]
    assert row["kind"] == "coverage" and row["nominal"] == 0.95
    assert row["empirical"] == pytest.approx(1 - 0.0988)
    assert row["mc_se"] == 0.0228 and row["n"] == 172 and not row["within_band"]
    # the inventory reads exactly the derived names
    derived = set(V.DUAL.values())
    refs = [r.after for r in REPORTED if r.key.startswith("deterrence_hr/")
            and r.kind == "interval"]
    assert len(refs) == 3 and all(ref[1] in derived for ref in refs)


def test_hurdle_design_measures_each_part():
    V = _regime_script()
    counts = simulate_count_hawkes(300, [0.3, 0.2], [[0.3, 0.2], [0.3, 0.1]], max_lag=5,
                                   kernel_params=0.5, sides=["a", "s"], rng=5,
                                   start="2020-01-01")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = CountModel(counts, "a", lags=[(1, 3)], family="hurdle").fit()
        cal = calibrate(V.HurdleFit(fit), 2, rng=2, null=("a", "s"), progress=False)
    t = cal.table
    parts = ("incidence", "number", "mean")
    assert [f"wald[a<-s] {p}" for p in parts] == [q for q in t.index if q.startswith("wald")]
    assert (t.loc[[f"wald[a<-s] {p}" for p in parts], "kind"] == "size").all()
    assert (t.loc[[f"response_3d[a<-s] {p}" for p in parts], "kind"] == "coverage").all()
    # under the null every part's true response is 0
    rec = cal.records[cal.records["quantity"].str.startswith("response")]
    assert np.allclose(rec["truth"].astype(float), 0.0)


def test_notebooks_09_to_11_are_in_the_inventory(table):
    for nb in ("09-red-sea", "10-identification", "11-forecast-skill"):
        inv = reported_inference(nb, path=table)
        assert len(inv) >= 3 and (inv["note"] != "").all(), nb
    values = {"event_study": {"attack days": {"post": {"estimate": 0.1, "lower": 0.0,
                                                       "upper": 0.2}}},
              "predictive_granger_logs": {"NB[us]": {"ci": [1.0, 2.0], "estimate": 1.5}}}
    assert "event_study/attack days/post" in label_values(
        values, "10-identification", path=table)[NOT_MEASURED_KEY]


def test_not_measurable_numbers_say_so_beside_them(table):
    # the NB US equation: its refits fail in series simulated like the data, so no size
    # or coverage can be measured; the values file says so next to each number, the
    # inventory counts it apart from "not measured" (machine time), and the phrase for
    # the notebook says it is not calibratable
    values = {"main": {"us": {"negbin": {"granger_p": 0.3,
                                         "response_7d": {"estimate": 1.0, "lower": -1.0,
                                                         "upper": 3.0}}}}}
    out = label_values(values, NB, path=table)
    got = out["main"]["us"]["negbin"]
    assert got["granger_p_calibration"].startswith("not measurable")
    assert got["response_7d_calibration"].startswith("not measurable")
    assert "main/us/negbin/granger_p" in out[NOT_MEASURABLE_KEY]
    assert "main/us/negbin/granger_p" not in out.get(NOT_MEASURED_KEY, {})
    inv = reported_inference(NB, path=table).set_index("key")
    assert inv.loc["main/us/negbin/granger_p", "status"] == NOT_MEASURABLE
    assert inv.loc["main/us/negbin/granger_p", "after"] == "not measurable"
    assert measured_label(NB, "main/us/negbin/granger_p", path=table).startswith(
        "not calibratable: size not measurable")
    assert "Not measurable" in calibration_report(NB, path=table).as_text()
    # every such entry gives its reason, and the reason says "not measurable"
    for r in REPORTED:
        assert not r.unmeasurable or r.unmeasurable.startswith("not measurable"), r.key
