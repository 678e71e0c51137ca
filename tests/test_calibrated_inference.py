"""Calibrated tests and intervals (issue 18): size under a known null on small designs,
boundary handling, BH q-values, power, re-rounding; every draw from a seeded rng."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from analysis import (CountModel, DataWarning, SpecificationError, VARModel,
                      bayesian_changepoints, deterrence, simulate_count_hawkes)
from analysis.models import count_hawkes as ch
from analysis.models.hawkes_inference import reround
from analysis.models.phases import ChangePointModel
from analysis.multiplicity import add_qvalues, bh_qvalues
from analysis.reporting import estimate
from warning_checks import expect_warning


def _bursty_var(rng, T, effect=0.0):
    """Two series with bursty (heavy-tailed, heteroskedastic) innovations; b -> a only
    when ``effect`` != 0; a -> b always."""
    y = np.zeros((T, 2))
    scale = np.exp(rng.normal(0, 1.0, size=(T, 2)))            # bursty variances
    e = rng.standard_t(3, size=(T, 2)) * scale
    for t in range(1, T):
        y[t, 0] = 0.3 * y[t - 1, 0] + effect * y[t - 1, 1] + e[t, 0]
        y[t, 1] = 0.2 * y[t - 1, 1] + 0.3 * y[t - 1, 0] + e[t, 1]
    return pd.DataFrame(y, columns=["a", "b"])


# -- VAR Granger -----------------------------------------------------------------------
def test_var_wild_granger_size_and_power(rng):
    """Rejections of a true null at 5% (tolerance: 3 MC s.e. plus 4 points, both
    sides); a real effect is found."""
    n_sim, reject_wild = 60, 0
    for _ in range(n_sim):
        res = VARModel(_bursty_var(rng, 250), lags=1).fit()
        reject_wild += res.granger("a", "b", kind="wald", bootstrap="wild", n_boot=99,
                                   rng=rng).pvalue < 0.05
    size = reject_wild / n_sim
    assert abs(size - 0.05) <= 3 * math.sqrt(0.05 * 0.95 / n_sim) + 0.04
    res = VARModel(_bursty_var(rng, 400, effect=0.4), lags=1).fit()
    assert res.granger("a", "b", bootstrap="wild", n_boot=199, rng=rng).pvalue < 0.05


def test_var_wild_granger_refuses_none_and_is_reproducible(rng):
    res = VARModel(_bursty_var(rng, 200), lags=2).fit()
    with pytest.raises(SpecificationError, match="rng"):
        res.granger("a", "b", bootstrap="wild")
    p1 = res.granger("a", "b", bootstrap="wild", n_boot=99, rng=5).pvalue
    p2 = res.granger("a", "b", bootstrap="wild", n_boot=99, rng=5).pvalue
    assert p1 == p2 and 0 < p1 <= 1
    t = res.granger(["a", "b"], "b", bootstrap="wild", n_boot=49, weights="webb", rng=1)
    assert 0 < t.pvalue <= 1 and "wild bootstrap" in t.method


def test_var_hc3_wald_by_hand(rng):
    res = VARModel(_bursty_var(rng, 300), lags=2).fit()
    Z, u = res._z, res._resid[:, 0]
    ZtZi = np.linalg.inv(Z.T @ Z)
    h = np.einsum("tm,mn,tn->t", Z, ZtZi, Z)
    V = ZtZi @ (Z.T * (u ** 2 / (1 - h) ** 2)) @ Z @ ZtZi
    idx = [2, 4]                                   # b.L1, b.L2 in the equation of a
    b = res.params_table["a"].to_numpy()[idx]
    W = b @ np.linalg.solve(V[np.ix_(idx, idx)], b)
    assert res.granger("a", "b", kind="wald").statistic == pytest.approx(W, rel=1e-10)


def test_var_default_lag_rule_is_bic_up_to_a_week(rng):
    m = VARModel(_bursty_var(rng, 300))
    assert m.criterion == "bic" and m.maxlags == 7


# -- CountModel Granger ------------------------------------------------------------------
def test_count_score_bootstrap_size_on_a_poisson_null(rng):
    """Two independent self-exciting count series: no cross effect; the score-bootstrap
    test rejects near 5%."""
    n_sim, rejects = 60, 0
    A = np.array([[0.3, 0.0], [0.0, 0.3]])
    for _ in range(n_sim):
        y = simulate_count_hawkes(400, [0.4, 0.4], A, max_lag=5, kernel_params=0.5,
                                  dispersion=[0.5, 0.5], sides=["a", "b"], rng=rng)
        res = CountModel(y, "a", lags=[(1, 2), (3, 5)], family="poisson").fit()
        rejects += res.granger("b", bootstrap="score", n_boot=99, block_length=10,
                               rng=rng).pvalue < 0.05
    assert rejects / n_sim <= 0.05 + 3 * math.sqrt(0.05 * 0.95 / n_sim) + 0.04


def test_count_score_bootstrap_power_and_checks(rng):
    A = np.array([[0.2, 0.5], [0.0, 0.3]])
    y = simulate_count_hawkes(800, [0.3, 0.4], A, max_lag=5, kernel_params=0.5,
                              dispersion=[0.5, 0.5], sides=["a", "b"], rng=rng)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = CountModel(y, "a", lags=[(1, 2), (3, 5)], family="negbin").fit()
    t = res.granger("b", bootstrap="score", n_boot=199, rng=3)
    assert t.pvalue < 0.05 and t.df == 2 and "score" in t.method
    assert t.pvalue == res.granger("b", bootstrap="score", n_boot=199, rng=3).pvalue
    with pytest.raises(SpecificationError, match="rng"):
        res.granger("b", bootstrap="score")
    with pytest.raises(SpecificationError, match="blocks"):
        res.granger("b", bootstrap="score", block_length=400, rng=1)
    hurdle = CountModel(y, "a", lags=[(1, 5)], family="hurdle-poisson").fit()
    with pytest.raises(SpecificationError, match="negbin"):
        hurdle.granger("b", bootstrap="score", rng=1)


# -- multiplicity ------------------------------------------------------------------------
def test_bh_qvalues_equal_statsmodels_and_sit_beside_the_pvalues():
    values = {"main": {"us": {"granger_p": 0.001, "x": 1.0},
                       "militia": {"granger_p": 0.04, "hc1_p": 0.2}},
              "rows": [{"p": 0.03}, {"p": 0.5, "note": "n"}],
              "gof_median_pvalue": 0.01, "flag": True, "lost": {"p": None}}
    out = add_qvalues(values, primary=["main/us/granger_p"])
    ps = [0.04, 0.2, 0.03, 0.5]
    q = multipletests(ps, method="fdr_bh")[1]
    got = [out["main"]["militia"]["granger_q"], out["main"]["militia"]["hc1_q"],
           out["rows"][0]["q"], out["rows"][1]["q"]]
    np.testing.assert_allclose(got, q)
    np.testing.assert_allclose(bh_qvalues(ps), q)
    assert "granger_q" not in out["main"]["us"]           # the primary is not adjusted
    assert "gof_median_qvalue" not in out                   # a summary, not a test
    assert out["multiplicity"]["primary"] == ["main/us/granger_p"]
    assert out["multiplicity"]["n_adjusted"] == 4
    assert "granger_q" not in values["main"]["militia"]     # the input is not changed
    with pytest.raises(SpecificationError, match="not in the values"):
        add_qvalues(values, primary=["main/us/nope_p"])
    with pytest.raises(SpecificationError, match="list"):
        add_qvalues(values, primary="main/us/granger_p")
    with pytest.raises(SpecificationError, match=r"\[0, 1\]"):
        bh_qvalues([0.2, 1.5])


def test_bh_qvalues_cover_a_dict_of_pvalues_under_a_pvalue_key():
    # one p-value per side under a p-value key (notebook 04's gof_mc_pvalue): each is
    # in the family, its q-value in a dict under the q-value key; None is skipped
    values = {"fit": {"gof_mc_pvalue": {"us": 0.002, "militia": 0.06, "x": None}},
              "granger_p": 0.03, "gof_median_pvalue": {"us": 0.001}}
    out = add_qvalues(values, primary=[])
    q = multipletests([0.002, 0.06, 0.03], method="fdr_bh")[1]
    np.testing.assert_allclose([out["fit"]["gof_mc_qvalue"]["us"],
                                out["fit"]["gof_mc_qvalue"]["militia"], out["granger_q"]], q)
    assert "x" not in out["fit"]["gof_mc_qvalue"]
    assert "gof_median_qvalue" not in out                  # a summary, not a test
    assert out["multiplicity"]["n_adjusted"] == 3
    out = add_qvalues(values, primary=["fit/gof_mc_pvalue/us"],
                      exclude={"fit/gof_mc_pvalue/militia": "a model check"})
    assert "us" not in out["fit"].get("gof_mc_qvalue", {})
    assert out["fit"]["gof_mc_qvalue_excluded"]["militia"].endswith("(a model check)")
    assert out["granger_q"] == pytest.approx(0.03)
    with pytest.raises(SpecificationError, match="already used"):
        add_qvalues({"a_pvalue": {"us": 0.1}, "a_qvalue": {"us": 0.2}}, primary=[])


def test_save_values_writes_qvalues(figures_tmp):
    import json
    from analysis import save_values
    path = save_values({"a": {"p": 0.01}, "b": {"p": 0.04}}, "00-q", primary=[])
    data = json.loads(path.read_text())
    assert data["a"]["q"] == 0.02 and data["b"]["q"] == 0.04


# -- CountHawkes boundaries --------------------------------------------------------------
@pytest.fixture(scope="module")
def boundary_fit():
    """b does not excite a: the estimate of a[a<-b] sits at 0."""
    A = np.array([[0.4, 0.0], [0.3, 0.2]])
    y = simulate_count_hawkes(1500, [0.3, 0.2], A, max_lag=7, kernel_params=0.6,
                              dispersion=[0.3, 0.3], sides=["a", "b"],
                              rng=np.random.default_rng(11))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return ch.CountHawkes(y, max_lag=7).fit()


def test_attribution_intervals_on_the_logit_scale(boundary_fit):
    at = boundary_fit.attribution()
    inner = at[(at["estimate"] > 1e-6) & (at["estimate"] < 1 - 1e-6)
               & (at["interval"] == "Wald, logit scale")]
    assert len(inner) >= 3
    assert ((inner["lower"] > 0) & (inner["upper"] < 1)).all()
    assert ((inner["lower"] < inner["estimate"]) & (inner["estimate"] < inner["upper"])).all()


def test_excitation_at_zero_gets_a_profile_interval(boundary_fit):
    rc = boundary_fit.branching_conf_int()
    if rc.loc[("a", "b"), "estimate"] > 1e-6:
        pytest.skip("the simulated estimate is not on the bound")
    row = rc.loc[("a", "b")]
    assert row["lower"] == 0 and 0 < row["upper"] < 1
    assert row["interval"].startswith("profile likelihood")
    share = boundary_fit.attribution().loc[("a", "b")]
    assert share["lower"] == 0 and share["upper"] > 0
    assert share["interval"].startswith("profile likelihood")


def test_profile_limit_beyond_the_bound_is_unbounded(boundary_fit, monkeypatch):
    if boundary_fit.branching_conf_int().loc[("a", "b"), "estimate"] > 1e-6:
        pytest.skip("the simulated estimate is not on the bound")
    monkeypatch.setattr(ch.results, "_PROFILE_MAX", 1e-3)   # a bound the profile passes
    boundary_fit._profile_cache.clear()
    with expect_warning(DataWarning, "no upper limit"):
        rc = boundary_fit.branching_conf_int()
    assert rc.loc[("a", "b"), "upper"] == math.inf
    assert "no upper limit" in rc.loc[("a", "b"), "interval"]
    boundary_fit._profile_cache.clear()
    assert estimate(0.0, 0.0, math.inf).endswith("to unbounded)")


# -- Hawkes re-rounding ------------------------------------------------------------------
def test_reround_degrades_times_to_day_precision(rng):
    ev = [np.sort(rng.uniform(0, 50, 200)), np.sort(rng.uniform(0, 50, 100))]
    mid = reround(ev, [1.0, 0.0], 50.0, np.random.default_rng(1), jitter=False)
    np.testing.assert_array_equal(mid[0], np.sort(np.floor(ev[0]) + 0.5))
    np.testing.assert_array_equal(mid[1], ev[1])
    jit = reround(ev, [1.0, 0.5], 50.0, np.random.default_rng(1))
    np.testing.assert_array_equal(np.floor(jit[0]), np.sort(np.floor(ev[0])))
    assert not np.array_equal(jit[0], ev[0]) and np.all(np.diff(jit[0]) >= 0)
    again = reround(ev, [1.0, 0.5], 50.0, np.random.default_rng(1))
    assert all(np.array_equal(a, b) for a, b in zip(jit, again))


# -- Deterrence: block bootstrap and power -----------------------------------------------
def _deterrence_data(rng, n_days=500):
    days = pd.date_range("2020-01-01", periods=n_days, freq="D")
    rows = [(d, "militia") for d in days[rng.random(n_days) < 0.15]]
    rows += [(d, "us") for d in days[rng.random(n_days) < 0.06]]
    return pd.DataFrame(rows, columns=["date", "side"])


def test_deterrence_block_bootstrap_and_minimum_detectable_effect(rng):
    res = deterrence(_deterrence_data(rng), "militia", "us", horizon=20)
    with pytest.raises(SpecificationError, match="rng"):
        res.bootstrap(50)
    b1 = res.bootstrap(50, block_length=20, rng=7)
    b2 = res.bootstrap(50, block_length=20, rng=7, n_jobs=2)
    pd.testing.assert_frame_equal(b1.bootstrap_params, b2.bootstrap_params)
    assert b1.hazard_ratio == res.hazard_ratio
    assert b1.bse["strike"] != res.bse["strike"]
    assert b1.robust_bse["strike"] == pytest.approx(res.bse["strike"])
    lo, hi = b1.hr_conf_int()
    assert lo < b1.hazard_ratio < hi
    s = b1.survival
    assert ((s["lower"] <= s["surv"] + 1e-12) & (s["surv"] <= s["upper"] + 1e-12)).all()
    mde = b1.minimum_detectable_effect(power=0.8)
    d = (1.959963984540054 + 0.8416212335729143) * b1.bse["strike"]
    assert mde["hr_above"] == pytest.approx(math.exp(d))
    assert mde["hr_below"] == pytest.approx(math.exp(-d))
    assert "block bootstrap" in mde["se_method"]
    assert "Detectable HR" in str(b1.summary())


# -- Phases ------------------------------------------------------------------------------
def test_calibrated_penalty_removes_spurious_changes(rng):
    """Self-exciting series with one true change: MBIC finds spurious ones; the
    calibrated scale keeps their share at 5% (on the same series)."""
    A = np.array([[0.3]])
    sims = []
    for _ in range(25):
        a = simulate_count_hawkes(200, [0.2], A, max_lag=7, kernel_params=0.7,
                                  dispersion=[0.3], sides=["a"], rng=rng)
        b = simulate_count_hawkes(200, [1.0], A, max_lag=7, kernel_params=0.7,
                                  dispersion=[0.3], sides=["a"], rng=rng)
        sims.append(pd.concat([a, b], ignore_index=True))
    model = ChangePointModel(sims[0], family="poisson", penalty="mbic", min_size=10)
    table = model.calibrate_penalty(sims, [200], scales=[1, 2, 4, 8, 16, 32])
    assert table["spurious_share"].iloc[0] > 0.05                      # MBIC is not calibrated
    c = table.attrs["penalty_scale"]
    assert table.loc[c, "spurious_share"] <= 0.05 and c > 1
    assert table.loc[c, "power"] >= 0.8                                 # the true change stays
    assert table["mean_changes"].is_monotonic_decreasing
    with pytest.raises(SpecificationError, match="penalty_scale"):
        ChangePointModel(sims[0], penalty_scale=0)
    with pytest.raises(SpecificationError, match="at least 20"):
        model.calibrate_penalty(sims[:5], [200])


def test_bayesian_number_of_changes_at_its_cap_warns(rng):
    y = pd.DataFrame({"a": np.concatenate([rng.poisson(0.2, 60), rng.poisson(3, 30),
                                           rng.poisson(0.2, 60), rng.poisson(4, 30)])})
    with expect_warning(DataWarning, "piles up at the largest"):
        bayesian_changepoints(y, max_changes=1, min_size=5)
