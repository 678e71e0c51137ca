"""Calibration designs of issue 18's third pass: the VAR's instantaneous-causality test,
notebook 02's window count fits, the designs' fits of the regime study, and inventory
keys that contain brackets (small designs)."""

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import CountHawkes, CountModel, VARModel, simulate_count_hawkes
from analysis.models.calibration import calibrate
from analysis.models.calibration_report import (NOT_MEASURED_KEY, label_values,
                                                reported_inference)
from test_calibration_report import _regime_script


@pytest.fixture(scope="module")
def counts():
    # a: responds to b; b: self-exciting only; no same-day dependence
    return simulate_count_hawkes(400, [0.3, 0.25], [[0.2, 0.4], [0.0, 0.2]], max_lag=5,
                                 kernel_params=0.5, sides=["a", "b"], rng=11,
                                 start="2020-01-01")


def test_instantaneous_test_is_a_size_only_where_the_simulator_has_no_same_day_link(counts):
    var = VARModel(counts, lags=2).fit()
    name = "instantaneous[a,b] Wald"
    # resampled VAR residual rows keep their same-day correlation: a rejection rate
    own = calibrate(var, 3, rng=1, progress=False)
    assert own.table.loc[name, "kind"] == "rejection rate"
    # the count model draws the sides independently given the past: a size
    ch = CountHawkes(counts, max_lag=5, family="poisson").fit(n_starts=1)
    cal = calibrate(var, 3, rng=2, null=("a", "b"), simulator=ch, progress=False)
    assert cal.table.loc[name, "kind"] == "size"
    assert cal.table.loc["granger[a<-b] F (OLS)", "kind"] == "size"
    assert cal.table.loc[name, "n"] == 3
    assert cal.table.loc[name + " (HC0)", "kind"] == "size"


def test_robust_instantaneous_test(counts):
    from analysis import SpecificationError
    var = VARModel(counts, lags=2).fit()
    t = var.instantaneous_causality("a", "b", cov_type="HC0")
    assert t.df == 1 and 0 < t.pvalue < 1 and "HC0" in t.method
    # the statistic: n mean(p)^2 / var(p) of the residual products
    u = var.resid[["a", "b"]].to_numpy()
    p = u[:, 0] * u[:, 1]
    assert t.statistic == pytest.approx(len(p) * p.mean() ** 2 / p.var())
    assert var.instantaneous_causality("b", "a", cov_type="HC0").statistic == \
        pytest.approx(t.statistic)
    with pytest.raises(SpecificationError, match="cov_type"):
        var.instantaneous_causality("a", "b", cov_type="HC3")


def test_window_count_design_measures_the_notebook_test_and_interval(counts):
    V = _regime_script()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = CountModel(counts, "a", lags=[(1, 3), (4, 7)], family="poisson").fit()
        cal = calibrate(V.CountWindowFit(fit), 2, rng=3, null=("a", "b"), progress=False)
    t = cal.table
    assert list(t.index) == ["granger[a<-b] score bootstrap (notebook blocks)",
                             "response_7d[a<-b]"]
    assert list(t["kind"]) == ["size", "coverage"]
    rec = cal.records[cal.records["quantity"] == "response_7d[a<-b]"]
    assert np.allclose(rec["truth"].astype(float), 0.0)     # no effect of b under the null


def test_every_design_names_fits_the_script_can_build():
    V = _regime_script()
    F = V.fits()        # nothing is fitted until a design asks for it
    for name, (fit, design, kw) in V.DESIGNS.items():
        assert fit in F._builders, name
        assert fit in V.LABEL, name
        if "simulator" in kw:
            assert kw["simulator"] in F._builders, name
    # the window designs cover every window in both directions
    for w in V.WINDOWS:
        for t in ("us", "militia"):
            assert f"var7_{w}_ch_null_{t}" in V.DESIGNS
            assert f"cw_{t}_{w}_null" in V.DESIGNS
            # and the confirmed-incident windows, but for the fit the data cannot
            # estimate (the notebook reports no number there)
            assert f"var7_{w}_confirmed_ch_null_{t}" in V.DESIGNS
            assert (f"cw_{t}_{w}_confirmed_null" in V.DESIGNS) == \
                (("cw", t, w, True) not in V.NOT_ESTIMABLE)
    # every window entry of the inventory names a design of the script (no wildcard)
    from analysis.models.calibration_report import REPORTED
    for r in REPORTED:
        if "by_window" in r.key:
            assert "*" not in r.key, r.key
            assert r.after is None and r.unmeasurable or r.after[0] in V.DESIGNS, r.key


def test_inventory_keys_with_brackets_match_literally(tmp_path):
    t = pd.DataFrame([{"study": "ch_campaign7_fit", "version": "after",
                       "quantity": "branching[us<-militia]", "kind": "coverage",
                       "nominal": 0.95, "empirical": 0.80, "mc_se": 0.02, "n": 300,
                       "family": "count_hawkes", "design": "fit"}])
    path = tmp_path / "regime.csv"
    t.to_csv(path, index=False)
    nb = "03-var-and-count-hawkes"
    values = {"hawkes": {"by_window": {"campaign | all": {"a[us<-militia]": 0.2,
                                                          "a[us<-militia] lower": 0.0,
                                                          "a[us<-militia] upper": 0.4},
                                       "campaign | confirmed": {"a[us<-militia]": 0.1}}}}
    out = label_values(values, nb, path=path)
    got = out["hawkes"]["by_window"]["campaign | all"]
    assert got["a[us<-militia]_measured_coverage"] == 0.80
    assert "a[us<-militia] lower_measured_coverage" not in got
    # what is not measured is listed with its reason
    reasons = out[NOT_MEASURED_KEY]
    key = "hawkes/by_window/campaign | confirmed/a[us<-militia]"
    assert isinstance(reasons, dict) and key in reasons
    assert "ch_campaign7_confirmed_fit" in reasons[key]      # its design, not run here
    inv = reported_inference(nb, path=path).set_index("key")
    assert inv.loc["hawkes/by_window/campaign | all/a[us<-militia]", "status"] == \
        "out of band"
