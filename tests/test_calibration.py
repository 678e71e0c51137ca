"""calibrate(): size and coverage by simulation from a fit, on small designs (issue 18)."""

import warnings

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import (CountHawkes, CountModel, Hawkes, SpecificationError, TiesWarning,
                      VARModel, simulate_count_hawkes)
from analysis.models.calibration import (CalibrationResults, calibrate,
                                         measured_coverage)
from analysis.reporting import Summary


@pytest.fixture(scope="module")
def counts():
    # a: responds to b (0.4); b: self-exciting only
    return simulate_count_hawkes(500, [0.3, 0.25], [[0.2, 0.4], [0.0, 0.2]], max_lag=5,
                                 kernel_params=0.5, dispersion=[0.3, 0.3], sides=["a", "b"],
                                 rng=11)


@pytest.fixture(scope="module")
def poisson_fit(counts):
    # a correctly specified design: calibrate() simulates from this very model
    return CountModel(counts, "a", lags=[(1, 2), (3, 5)], family="poisson").fit(
        cov_type="nonrobust")


@pytest.fixture(scope="module")
def null_cal(poisson_fit):
    return calibrate(poisson_fit, 150, rng=5, null=("a", "b"))


def test_wald_test_of_a_correctly_specified_model_has_nominal_size(null_cal):
    row = null_cal.table.loc["granger[a<-b]"]
    assert row["kind"] == "size" and row["n"] >= 140
    # nominal 5% within 3.5 Monte-Carlo standard errors of 5% (sd 1.8 points at n=150)
    se = np.sqrt(0.05 * 0.95 / row["n"])
    assert abs(row["empirical"] - 0.05) <= 3.5 * se, row
    cov = null_cal.coverages()
    coefs = cov.loc[[q for q in cov.index if q.startswith("coef[")]]
    pooled = np.average(coefs["empirical"], weights=coefs["n"])
    assert abs(pooled - 0.95) <= 3.5 * np.sqrt(0.05 * 0.95 / coefs["n"].min()), coefs
    # the cumulative response of a to b is 0 under the null, and its interval covers it
    assert null_cal.table.loc["response_5d[a<-b]", "empirical"] >= 0.85


def test_the_same_test_has_power_where_the_effect_is_real(poisson_fit):
    cal = calibrate(poisson_fit, 20, rng=6)
    row = cal.table.loc["granger[a<-b]"]
    assert row["kind"] == "rejection rate"
    assert row["empirical"] >= 0.8


def test_null_really_zeroes_the_cross_effect(counts):
    fit = CountHawkes(counts, max_lag=5, family="poisson").fit(n_starts=1)
    assert fit.branching_matrix.loc["a", "b"] > 0.25
    design = fit._calibration_design(("a", "b"))
    truth = {q.name: q.truth for q in design.quantities if q.kind == "interval"}
    assert truth["branching[a<-b]"] == 0.0
    assert truth["branching[b<-a]"] == pytest.approx(fit.branching_matrix.loc["b", "a"])
    tests = {q.name: q.null for q in design.quantities if q.kind == "test"}
    # a test measures size where its effect is 0 in the simulation (zeroed, or fitted 0)
    assert tests == {"excitation[a<-b] > 0": True,
                     "excitation[b<-a] > 0": bool(fit.branching_matrix.loc["b", "a"] == 0)}
    # refits of series simulated under the null find (almost) no effect of b on a
    refits = [CountHawkes(design.simulate(np.random.default_rng(s)), max_lag=5, family="poisson")
              .fit(n_starts=1).branching_matrix.loc["a", "b"] for s in range(3)]
    assert np.mean(refits) < 0.1, refits
    # the counts design zeroes every lag of b (both windows) in the simulated truth
    cm = CountModel(counts, "a", lags=[(1, 2), (3, 5)], family="negbin").fit()
    d = cm._calibration_design("a<-b")
    truth = {q.name: q.truth for q in d.quantities if q.kind == "interval"}
    assert truth["coef[b.L1-2]"] == 0.0 and truth["coef[b.L3-5]"] == 0.0
    assert truth["coef[a.L1-2]"] == pytest.approx(cm.params["a.L1-2"])


def test_var_design_zeroes_the_granger_coefficients(counts):
    fit = VARModel(counts, lags=2).fit()
    cal = calibrate(fit, 6, rng=3, null=("a", "b"))
    t = cal.table
    assert t.loc["granger[a<-b] F (OLS)", "kind"] == "size"
    assert t.loc["granger[b<-a] Wald (HC1)", "kind"] == "rejection rate"
    truth = cal.records.set_index("quantity").loc["coef[a: b.L1]", "truth"]
    assert np.all(truth == 0.0)


def test_simulator_from_another_family_measures_tests_only(counts, poisson_fit):
    ch = CountHawkes(counts, max_lag=5, family="poisson").fit(n_starts=1)
    cal = calibrate(poisson_fit, 5, rng=2, null=("a", "b"), simulator=ch)
    # the Wald test (and, where the package has it, its score bootstrap): tests only
    assert "granger[a<-b]" in cal.table.index
    assert all(q.startswith("granger[a<-b]") for q in cal.table.index)
    assert (cal.table["kind"] == "size").all()
    short = CountHawkes(counts.iloc[:300], max_lag=5, family="poisson").fit(n_starts=1)
    with pytest.raises(SpecificationError, match="same index"):
        calibrate(poisson_fit, 5, rng=2, simulator=short)


def test_rng_none_is_refused(poisson_fit):
    with pytest.raises(SpecificationError, match="rng=None is refused"):
        calibrate(poisson_fit, 5, rng=None)


def test_identical_for_any_n_jobs(poisson_fit):
    one = calibrate(poisson_fit, 6, rng=9, null="a<-b", n_jobs=1)
    two = calibrate(poisson_fit, 6, rng=9, null="a<-b", n_jobs=2)
    pd.testing.assert_frame_equal(one.table, two.table)
    pd.testing.assert_frame_equal(one.records, two.records)


def test_bad_arguments_get_clear_errors(poisson_fit, counts):
    with pytest.raises(SpecificationError, match="n_sim must be an integer >= 2"):
        calibrate(poisson_fit, 1, rng=1)
    with pytest.raises(SpecificationError, match="alpha"):
        calibrate(poisson_fit, 5, rng=1, alpha=1.5)
    with pytest.raises(SpecificationError, match="null must be"):
        calibrate(poisson_fit, 5, rng=1, null="a")
    with pytest.raises(SpecificationError, match="'c' is not a side"):
        calibrate(poisson_fit, 5, rng=1, null=("a", "c"))
    with pytest.raises(SpecificationError, match="only zero effects on its response"):
        calibrate(poisson_fit, 5, rng=1, null=("b", "a"))
    with pytest.raises(SpecificationError, match="supports counts"):
        calibrate(object(), 5, rng=1)
    boot = CountModel(counts, "a", lags=[(1, 5)], family="poisson").fit(
        cov_type="bootstrap", n_boot=20, rng=1)
    with pytest.raises(SpecificationError, match="bootstrap"):
        calibrate(boot, 5, rng=1)


def test_hawkes_design_rounds_times_to_the_day_in_the_data_share(counts, day_rounded_events):
    # day precision for most events, as to_events gives them (middle of the day)
    data = day_rounded_events(300, 4, rng=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TiesWarning)     # the ties are the point here
        fit = Hawkes(data).fit()
    design = fit._calibration_design(("a", "b"))
    sim = design.simulate(np.random.default_rng(1))
    for s in ["a", "b"]:
        frac = np.asarray(sim[s]) % 1
        rounded = ~sim.exact[s]
        assert np.all(frac[rounded] == 0.5)
        assert 0.1 < rounded.mean() < 0.95           # ~3/4 of the events
    cal = calibrate(fit, 3, rng=2, null=("a", "b"))
    assert cal.table.loc["excitation[a<-b] > 0", "kind"] == "size"
    assert cal.table.loc["branching[a<-b]", "kind"] == "coverage"
    with pytest.raises(SpecificationError, match="simulates events"):
        calibrate(VARModel(counts, lags=1).fit(), 5, rng=1, simulator=fit)
    # a jitter ensemble is simulated from its pooled estimates and refitted the same way
    ens = Hawkes(data).fit_jitter(2, rng=3)
    d = ens._calibration_design("a<-b")
    truth = {q.name: q.truth for q in d.quantities if q.kind == "interval"}
    assert truth["branching[a<-b]"] == 0.0
    assert truth["branching[b<-a]"] == pytest.approx(ens.params["branching[b<-a]"])
    cal = calibrate(ens, 2, rng=4, null="a<-b")
    assert cal.nobs == 2


def test_results_follow_the_conventions(null_cal, tmp_path):
    assert isinstance(null_cal, CalibrationResults)
    assert null_cal.params.index.equals(null_cal.table.index)
    assert (null_cal.bse.dropna() >= 0).all()
    ci = null_cal.conf_int()
    assert list(ci.columns) == ["lower", "upper"]
    ok = null_cal.table["n"] > 0
    assert (ci["lower"][ok] <= null_cal.params[ok] + 1e-12).all()
    s = null_cal.summary()
    assert isinstance(s, Summary) and "granger[a<-b]" in s.as_text()
    axes = null_cal.plot_calibration()
    assert len(axes) == 2
    assert "granger[a<-b]" in repr(null_cal) or "tests" in repr(null_cal)
    # the lookup reads a committed-style table
    t = null_cal.table.reset_index()
    t.insert(0, "design", "fit")
    t.insert(0, "family", "counts")
    t.to_csv(tmp_path / "t.csv", index=False)
    got = measured_coverage("counts", "granger[a<-b]", path=tmp_path / "t.csv")
    assert got["empirical"] == pytest.approx(null_cal.table.loc["granger[a<-b]", "empirical"])
    with pytest.raises(SpecificationError, match="no quantity"):
        measured_coverage("counts", "nope", path=tmp_path / "t.csv")
    with pytest.raises(SpecificationError, match="no rows for family"):
        measured_coverage("var", "nope", path=tmp_path / "t.csv")
    with pytest.raises(SpecificationError, match="no calibration table"):
        measured_coverage("var", "nope", path=tmp_path / "missing.csv")


def test_public_names():
    assert analysis.calibrate is calibrate
    assert analysis.measured_coverage is measured_coverage


def test_phases_count_changes_found_against_the_simulated_number(counts):
    from analysis import detect_phases
    # two clear phases: rates 0.2 then 1.5 per day
    rng = np.random.default_rng(8)
    y = pd.DataFrame({"a": np.r_[rng.poisson(0.2, 200), rng.poisson(1.5, 200)],
                      "b": rng.poisson(0.5, 400)},
                     index=pd.date_range("2020-01-01", periods=400, freq="D"))
    ph = detect_phases(y, family="poisson", min_size=14)
    assert ph.n_changes == 1
    cal = calibrate(ph, 20, rng=3)
    t = cal.table
    assert t.loc["changes found (mean)", "nominal"] == 1.0
    assert abs(t.loc["changes found (mean)", "empirical"] - 1.0) < 0.3
    assert t.loc["more changes than true", "kind"] == "size"
    assert t.loc["more changes than true", "empirical"] <= 0.2
    with pytest.raises(SpecificationError, match="null= does not apply"):
        calibrate(ph, 5, rng=1, null=("a", "b"))


def test_tests_only(poisson_fit):
    cal = calibrate(poisson_fit, 3, rng=4, null=("a", "b"), what="tests")
    assert (cal.table["kind"] == "size").all() and "granger[a<-b]" in cal.table.index
    with pytest.raises(SpecificationError, match="what must be one of"):
        calibrate(poisson_fit, 3, rng=4, what="intervals")
