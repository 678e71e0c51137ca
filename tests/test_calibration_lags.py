"""Response lags in the regime study (issue 18): the self-exciting count fit simulated as
a cluster process (every event with its parent), and the design that measures the
response-lag intervals, on small designs."""

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import CountHawkes, SpecificationError, response_lags, simulate_count_hawkes
from analysis.models.calibration import simulate_parents
from analysis.models.calibration.lags import kernel_lag_truth, response_lag_design


@pytest.fixture(scope="module")
def fit():
    y = simulate_count_hawkes(400, [0.15, 0.1], [[0.2, 0.4], [0.3, 0.1]], max_lag=7,
                              kernel_params=0.6, family="poisson", sides=["a", "b"],
                              rng=11)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CountHawkes(y, max_lag=7, family="poisson").fit(n_starts=1)


def test_every_parent_precedes_its_event(fit):
    ev = simulate_parents(fit, rng=1, stated={"a": 0.5})
    counts = fit.model.counts
    # the events are the simulated counts (pre-sample as observed)
    got = ev.groupby(["date", "side"]).size().unstack(fill_value=0)
    assert got.reindex(counts.index, fill_value=0)[["a", "b"]].sum().sum() == len(ev)
    kid = ev[ev["parent_id"].notna()]
    par = ev.set_index("incident_id").loc[kid["parent_id"].astype(str)]
    lag = (kid["date"].to_numpy() - par["date"].to_numpy()) / np.timedelta64(1, "D")
    assert len(kid) > 50 and (lag >= 1).all() and (lag <= fit.model.max_lag).all()
    assert (lag == kid["lag"].to_numpy(float)).all()
    assert (par["side"].to_numpy() == kid["parent_side"].to_numpy()).all()
    # a stated trigger is the event's parent, of the other side, only for side "a"
    st = ev[ev["retaliation_for"].notna()]
    assert len(st) > 0 and (st["side"] == "a").all() and (st["parent_side"] == "b").all()
    assert (st["retaliation_for"] == st["parent_id"]).all()
    # the pre-sample days' events have no parent
    pre = ev["date"] < counts.index[fit.model.max_lag]
    assert ev.loc[pre, "parent_id"].isna().all()


def test_lags_recover_the_kernel(fit):
    paths = simulate_parents(fit, 40, rng=2, stated={"a": 1.0})
    ev = pd.concat(paths)
    cross = ev[(ev["side"] == "a") & (ev["parent_side"] == "b")]
    lags = cross["lag"].to_numpy(float)
    truth = kernel_lag_truth(fit, "a", "b", [1, 3])
    assert len(lags) > 600
    assert np.median(lags) == truth["median"]
    assert abs(np.mean(lags <= 1) - truth[1]) < 0.05
    assert abs(np.mean(lags <= 3) - truth[3]) < 0.05
    # with every trigger stated, response_lags reads the true lags back
    res = response_lags(paths[0], "a", "b", triggers="stated", n_boot=0)
    kids = paths[0][(paths[0]["side"] == "a") & (paths[0]["parent_side"] == "b")]
    assert sorted(res.lags["lag"].dropna().astype(int)) == sorted(kids["lag"].astype(int))


def test_rng_and_arguments_are_checked(fit):
    with pytest.raises(SpecificationError, match="rng"):
        simulate_parents(fit, rng=None)
    with pytest.raises(SpecificationError, match="stated"):
        simulate_parents(fit, rng=1, stated={"c": 0.5})
    with pytest.raises(SpecificationError, match="probability"):
        simulate_parents(fit, rng=1, stated={"a": 1.5})
    with pytest.raises(SpecificationError, match="CountHawkes"):
        simulate_parents(object(), rng=1)


def test_same_records_for_any_n_jobs(fit):
    one = simulate_parents(fit, 3, rng=7, stated={"b": 0.3}, n_jobs=1, progress=False)
    two = simulate_parents(fit, 3, rng=7, stated={"b": 0.3}, n_jobs=2, progress=False)
    for x, y in zip(one, two):
        pd.testing.assert_frame_equal(x, y)
    assert not one[0].equals(one[1])


def test_lag_design_records_each_interval_with_its_truth(fit):
    idx = fit.model.counts.index
    spec = dict(responder="a", trigger="b", ks=[1, 3], start=idx[0], end=idx[-1],
                phases=[idx[200]], block_length=2, n_boot=50)
    d = response_lag_design(fit, [spec], {"a": 0.2}, n_truth=6, rng=3)
    assert 0 < d.stated["a"] <= 1 and d.stated.get("b", 0) == 0
    assert d.truth["median_lag[a<-b]"] == kernel_lag_truth(fit, "a", "b", [1])["median"]
    assert 0 < d.truth["lift[a<-b] k1"] and 0 < d.truth["response_prob[a<-b] k3"] < 1
    rng = np.random.default_rng(4)
    rec = d.measure(d.simulate(rng), 0.05, rng)
    assert set(rec) == {q.name for q in d.quantities}
    for name, r in rec.items():
        assert r["truth"] == d.truth[name]
        assert np.isnan(r["lower"]) or r["lower"] <= r["upper"], name


def test_bounds_make_no_sampling_claim(tmp_path):
    from analysis.models.calibration_report import (NO_CLAIM, NO_CLAIM_KEY,
                                                    NOT_MEASURED_KEY, REPORTED,
                                                    calibration_report,
                                                    label_values, measured_label,
                                                    reported_inference)
    ref = next(r.after for r in REPORTED if r.key == "response_lift_matched/us after militia/k1")
    t = pd.DataFrame([(ref[0], "after", ref[1], "coverage", 0.95, 0.9, "counts", "fit",
                       0.01, 500)],
                     columns=["study", "version", "quantity", "kind", "nominal",
                              "empirical", "family", "design", "mc_se", "n"])
    path = tmp_path / "regime.csv"
    t.to_csv(path, index=False)
    nb = "10-identification"
    inv = reported_inference(nb, path=path).set_index("key")
    assert inv.loc["ordering_bounds", "status"] == NO_CLAIM
    assert inv.loc["response_lift_matched/us after militia/k1", "status"] == "out of band"
    values = {"ordering_bounds": {"q": {"low": 0.1, "high": 0.3}},
              "response_lift_matched": {"us after militia": {"k1": {"lift": 2.0}}}}
    out = label_values(values, nb, path=path)
    assert "ordering_bounds" in out[NO_CLAIM_KEY]
    assert "ordering_bounds" not in out.get(NOT_MEASURED_KEY, {})
    assert out["response_lift_matched"]["us after militia"]["k1_measured_coverage"] == 0.9
    assert "no sampling claim" in measured_label(nb, "ordering_bounds", path=path)
    facts = dict(calibration_report(nb, path=path).info)
    assert [v for k, v in facts.items() if k.startswith("No sampling claim")] == [1]
