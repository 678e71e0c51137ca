"""CountModel: R agreement (MASS::glm.nb), recovery on simulated data, inference, bad input."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from analysis import CountModel, DataError, DataWarning, EstimationError, SpecificationError
from analysis.reporting import HypothesisTest, Summary
from warning_checks import expect_warning

REF = Path(__file__).parent / "reference"


# --------------------------------------------------------------------------------------
# Simulated data with known truth
# --------------------------------------------------------------------------------------
def _index(n):
    return pd.date_range("2020-01-01", periods=n, freq="D", name="date")


def simulate_nb_lags(rng, n, *, const_b=-1.5, a1=0.8, a2=0.4, b1=0.3, alpha=0.7):
    """Side a: Poisson autoregression; side b: NB2 on log1p lags of a and b."""
    a = np.zeros(n, int)
    b = np.zeros(n, int)
    for t in range(2, n):
        a[t] = rng.poisson(np.exp(-1.0 + 0.5 * np.log1p(a[t - 1])))
        mu = np.exp(const_b + a1 * np.log1p(a[t - 1]) + a2 * np.log1p(a[t - 2])
                    + b1 * np.log1p(b[t - 1]))
        b[t] = rng.poisson(rng.gamma(1 / alpha, alpha * mu)) if alpha else rng.poisson(mu)
    return pd.DataFrame({"a": a, "b": b}, index=_index(n))


def simulate_hurdle(rng, n, gamma, beta, alpha):
    """Logit incidence and zero-truncated NB2 number, both on log1p(a_{t-1}), log1p(b_{t-1})."""
    a = rng.poisson(0.6, n)
    b = np.zeros(n, int)
    for t in range(1, n):
        x = np.array([1.0, np.log1p(a[t - 1]), np.log1p(b[t - 1])])
        if rng.random() < special.expit(x @ gamma):
            mu = np.exp(x @ beta)
            y = 0
            while y == 0:
                y = rng.poisson(rng.gamma(1 / alpha, alpha * mu))
            b[t] = y
    return pd.DataFrame({"a": a, "b": b}, index=_index(n))


@pytest.fixture(scope="module")
def nb_data():
    return simulate_nb_lags(np.random.default_rng(7), 5000)


# --------------------------------------------------------------------------------------
# Agreement with R's MASS::glm.nb (tests/reference/glm_nb.R)
# --------------------------------------------------------------------------------------
R_MODELS = [
    ("us_log1p_phases", "us", 3, "log1p", {"phases": ["2023-10-17", "2024-02-05"]}),
    ("militia_identity_trend", "militia", 2, "identity", {"trend": True}),
]


@pytest.mark.parametrize("name,response,lags,transform,kw", R_MODELS,
                         ids=[m[0] for m in R_MODELS])
def test_negbin_agrees_with_r_glm_nb(name, response, lags, transform, kw):
    counts = pd.read_csv(REF / "glm_nb_counts.csv", parse_dates=["date"],
                         index_col="date").asfreq("D")
    ref = pd.read_csv(REF / "glm_nb_reference.csv")
    ref = ref[ref.model == name].set_index("term")
    # both reference fits put extreme means on a few campaign days (which R does too);
    # the package says so
    with expect_warning(DataWarning, match="extrapolating"):
        res = CountModel(counts, response, lags=lags, lag_transform=transform,
                         **kw).fit(cov_type="nonrobust")
    coef = res.params.drop("dispersion")
    assert list(coef.index) == [t for t in ref.index if t not in
                                ("theta", "SE.theta", "loglik")]
    # the requirement is 1e-4 relative; the fits agree to ~1e-7
    np.testing.assert_allclose(coef, ref.loc[coef.index, "estimate"], rtol=1e-5)
    theta = 1 / res.params["dispersion"]
    np.testing.assert_allclose(theta, ref.loc["theta", "estimate"], rtol=1e-5)
    np.testing.assert_allclose(res.llf, ref.loc["loglik", "estimate"], rtol=1e-8)
    # R's standard errors: expected information of the coefficients at fixed theta,
    # (X'WX)^-1 with W = mu / (1 + mu / theta); SE(theta) from theta.ml's information
    X = res.model.exog.to_numpy()
    y = res.model.endog.to_numpy()
    mu = res.fittedvalues.to_numpy()
    w = mu / (1 + mu / theta)
    se = np.sqrt(np.diag(np.linalg.inv(X.T @ (X * w[:, None]))))
    np.testing.assert_allclose(se, ref.loc[coef.index, "std_error"], rtol=1e-5)
    info = np.sum(-special.polygamma(1, theta + y) + special.polygamma(1, theta) - 1 / theta
                  + 2 / (mu + theta) - (y + theta) / (mu + theta) ** 2)
    # glm.nb evaluates SE(theta) at the means of its previous IRLS pass, hence ~1e-4
    np.testing.assert_allclose(np.sqrt(1 / info), ref.loc["SE.theta", "estimate"], rtol=1e-3)


def test_hac_matches_statsmodels(nb_data):
    from statsmodels.discrete.discrete_model import NegativeBinomial
    model = CountModel(nb_data, "b", lags=2)
    res = model.fit(cov_type="HAC", hac_lags=5)
    sm = NegativeBinomial(model.endog.to_numpy(), model.exog.to_numpy()).fit(
        start_params=res.params.to_numpy(), method="newton", disp=0, cov_type="HAC",
        cov_kwds={"maxlags": 5})
    np.testing.assert_allclose(res.params, sm.params, rtol=1e-6)
    np.testing.assert_allclose(res.bse, sm.bse, rtol=1e-5)


# --------------------------------------------------------------------------------------
# Recovery
# --------------------------------------------------------------------------------------
def test_negbin_recovers_parameters(nb_data):
    res = CountModel(nb_data, "b", lags=2, family="negbin").fit()
    truth = pd.Series({"const": -1.5, "a.L1": 0.8, "a.L2": 0.4, "b.L1": 0.3, "b.L2": 0.0,
                       "dispersion": 0.7})
    z = (res.params[truth.index] - truth) / res.bse[truth.index]
    assert res.converged
    assert np.all(np.abs(z) < 3.5), z.round(2).to_dict()
    assert res.bse["a.L1"] < 0.1 and res.bse["dispersion"] < 0.15   # informative enough to test
    ci = res.conf_int()
    assert (ci["lower"] < truth).all() and (ci["upper"] > truth).all()


def test_poisson_recovers_parameters(rng):
    data = simulate_nb_lags(rng, 4000, alpha=None)
    res = CountModel(data, "b", lags=2, family="poisson").fit(cov_type="nonrobust")
    truth = pd.Series({"const": -1.5, "a.L1": 0.8, "a.L2": 0.4, "b.L1": 0.3, "b.L2": 0.0})
    z = (res.params[truth.index] - truth) / res.bse[truth.index]
    assert np.all(np.abs(z) < 3.5), z.round(2).to_dict()


def test_hurdle_recovers_both_parts(rng):
    gamma = np.array([-1.0, 0.9, 0.5])
    beta = np.array([0.3, 0.4, -0.2])
    data = simulate_hurdle(rng, 6000, gamma, beta, alpha=0.5)
    res = CountModel(data, "b", lags=1, family="hurdle").fit()
    est_g = res.params[["incidence:const", "incidence:a.L1", "incidence:b.L1"]].to_numpy()
    est_b = res.params[["number:const", "number:a.L1", "number:b.L1"]].to_numpy()
    se_g = res.bse[["incidence:const", "incidence:a.L1", "incidence:b.L1"]].to_numpy()
    se_b = res.bse[["number:const", "number:a.L1", "number:b.L1"]].to_numpy()
    assert np.all(np.abs((est_g - gamma) / se_g) < 3.5)
    assert np.all(np.abs((est_b - beta) / se_b) < 3.5)
    assert abs(res.params["number:dispersion"] - 0.5) < 3.5 * res.bse["number:dispersion"]
    # E[y] = pi * mu / (1 - P0) averages to the sample mean within sampling error
    assert abs(res.fittedvalues.mean() - res.model.endog.mean()) < 0.02


def test_response_curve_is_the_average_discrete_change(nb_data):
    res = CountModel(nb_data, "b", lags=2, lag_transform="identity").fit()
    mu = res.fittedvalues.to_numpy()
    b = res.params
    rc = res.response_curve("a", horizon=4, cumulative=False)
    # identity lags: one more event at lag h multiplies mu by exp(beta_h)
    np.testing.assert_allclose(rc["estimate"].iloc[:2],
                               [mu.mean() * np.expm1(b["a.L1"]), mu.mean() * np.expm1(b["a.L2"])],
                               rtol=1e-12)
    assert (rc["estimate"].iloc[2:] == 0).all()           # no direct effect beyond L
    cum = res.response_curve("a", horizon=4)
    np.testing.assert_allclose(cum["estimate"], np.cumsum(rc["estimate"]), rtol=1e-12)
    assert (cum["lower"] < cum["estimate"]).all() and (cum["upper"] > cum["estimate"]).all()


def test_response_curve_recovers_truth(nb_data):
    """Estimated cumulative response vs the same quantity at the true parameters."""
    res = CountModel(nb_data, "b", lags=2).fit()
    model = res.model
    truth = np.r_[-1.5, 0.8, 0.4, 0.3, 0.0, 0.7]
    true_curve = np.cumsum(res._response_vector(truth, "a", 2, "mean"))
    rc = res.response_curve("a", horizon=2)
    assert model.exog_names == ["const", "a.L1", "a.L2", "b.L1", "b.L2"]
    assert np.all(np.abs(rc["estimate"] - true_curve) < 3 * rc["se"])
    assert rc["se"].iloc[-1] < 0.25 * rc["estimate"].iloc[-1]


def test_hurdle_parts_of_the_response(rng):
    data = simulate_hurdle(rng, 4000, np.array([-1.0, 0.9, 0.5]), np.array([0.3, 0.4, -0.2]),
                           alpha=0.5)
    res = CountModel(data, "b", lags=1, family="hurdle").fit()
    inc = res.response_curve("a", part="incidence", cumulative=False)["estimate"].iloc[0]
    num = res.response_curve("a", part="number", cumulative=False)["estimate"].iloc[0]
    mean = res.response_curve("a", part="mean", cumulative=False)["estimate"].iloc[0]
    assert inc > 0 and num > 0 and mean > inc       # more events and more likely
    pi, m, _ = res._parts(res.params.to_numpy(), res.model.exog.to_numpy())
    X1 = res.model.exog.to_numpy().copy()
    X1[:, 1] = np.log1p(res.model._lags_raw[:, 0] + 1)
    pi1, m1, _ = res._parts(res.params.to_numpy(), X1)
    assert inc == pytest.approx(np.mean(pi1 - pi), rel=1e-12)
    assert mean == pytest.approx(np.mean(pi1 * m1 - pi * m), rel=1e-12)


def test_block_bootstrap_inference(nb_data, rng):
    data = nb_data.iloc[:2000]
    hac = CountModel(data, "b", lags=1).fit()
    boot = CountModel(data, "b", lags=1).fit(cov_type="bootstrap", n_boot=60, rng=rng)
    assert boot.bootstrap_draws.shape == (60, 4)
    np.testing.assert_allclose(boot.params, hac.params)
    ratio = boot.bse / hac.bse
    assert ((ratio > 0.6) & (ratio < 1.6)).all(), ratio.round(2).to_dict()
    ci = boot.conf_int()
    assert (ci["lower"] < boot.params).all() and (ci["upper"] > boot.params).all()
    rc = boot.response_curve("a")
    assert rc["lower"].iloc[0] < rc["estimate"].iloc[0] < rc["upper"].iloc[0]


def test_granger_wald_test(nb_data):
    res = CountModel(nb_data, "b", lags=2).fit()
    t = res.granger("a")
    assert isinstance(t, HypothesisTest) and t.df == 2 and t.pvalue < 1e-10
    assert t.null_hypothesis == "lags 1-2 of 'a' do not help predict 'b'"
    V = res.cov_params().loc[["a.L1", "a.L2"], ["a.L1", "a.L2"]].to_numpy()
    b = res.params[["a.L1", "a.L2"]].to_numpy()
    assert t.statistic == pytest.approx(b @ np.linalg.solve(V, b))


def test_fit_returns_new_results_and_leaves_model(nb_data):
    model = CountModel(nb_data, "b", lags=2)
    exog_before = model.exog.copy()
    r1 = model.fit(cov_type="HAC")
    r2 = model.fit(cov_type="nonrobust")
    assert r1 is not r2 and r1.cov_type == "HAC" and r2.cov_type == "nonrobust"
    pd.testing.assert_frame_equal(model.exog, exog_before)
    assert not np.allclose(r1.bse, r2.bse)


def test_summary_and_plot(nb_data):
    res = CountModel(nb_data, "b", lags=2, trend=True).fit()
    s = res.summary()
    assert isinstance(s, Summary)
    text = s.as_text()
    assert "a.L1" in text and "trend" in text and "HAC" in text and "dispersion" in text
    assert "<table" in s._repr_html_() and r"\begin{tabular}" in s.as_latex()
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    assert res.plot_response("a", ax=ax) is ax
    assert len(ax.lines) >= 1


def test_weekly_counts_and_three_sides(rng):
    n = 300
    idx = pd.date_range("2020-01-06", periods=n, freq="W-MON", name="date")
    counts = pd.DataFrame({"x": rng.poisson(2, n), "y": rng.poisson(1, n),
                           "z": rng.poisson(0.5, n)}, index=idx)
    res = CountModel(counts, "z", lags=2, family="poisson").fit()
    assert [c for c in res.params.index if c.endswith(".L1")] == ["x.L1", "y.L1", "z.L1"]
    # independent series: no lag helps (Wald tests at the 0.1% level)
    assert all(res.granger(s).pvalue > 1e-3 for s in ["x", "y"])


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------
def test_bad_input_errors_name_the_fix(rng):
    idx = _index(100)
    good = pd.DataFrame({"a": rng.poisson(1, 100), "b": rng.poisson(1, 100)}, index=idx)
    with pytest.raises(SpecificationError, match=r"family must be one of \['negbin'"):
        CountModel(good, "a", 2, family="zinb")
    with pytest.raises(SpecificationError, match="response must be one of the columns"):
        CountModel(good, "c", 2)
    with pytest.raises(DataError, match="side 'b' has no events.*drop it"):
        CountModel(good.assign(b=0), "a", 2)
    with pytest.raises(DataError, match="side 'b' is constant"):
        CountModel(good.assign(b=2), "a", 2)
    with pytest.raises(SpecificationError, match="use fewer lags"):
        CountModel(good.iloc[:10], "a", 5)
    with pytest.raises(DataError, match="non-integer"):
        CountModel(good.assign(a=good["a"] + 0.5), "a", 2)
    with pytest.raises(DataError, match="missing count"):
        CountModel(good.astype(float).mask(good.index.to_series().eq(idx[5]), axis=0), "a", 2)
    with pytest.raises(DataError, match="has gaps"):
        CountModel(good.drop(idx[10]), "a", 2)
    with pytest.raises(SpecificationError, match="lags must be an integer"):
        CountModel(good, "a", 0)
    with pytest.raises(SpecificationError, match="lag_transform must be one of"):
        CountModel(good, "a", 2, lag_transform="sqrt")
    with pytest.raises(SpecificationError, match="cov_type must be one of"):
        CountModel(good, "a", 2, family="poisson").fit(cov_type="HC0")
    with pytest.raises(SpecificationError, match="pass rng="):
        CountModel(good, "a", 2, family="poisson").fit(cov_type="bootstrap")
    with pytest.raises(SpecificationError, match="events in every period"):
        CountModel(good.assign(a=good["a"] + 1), "a", 2, family="hurdle")
    with pytest.raises(SpecificationError, match="impulse must be one of"):
        CountModel(good, "a", 2, family="poisson").fit().response_curve("c")


def test_no_overdispersion_warns(rng):
    # binomial counts are under-dispersed: the NB2 likelihood peaks at alpha = 0
    n = 3000
    data = pd.DataFrame({"a": rng.poisson(1, n), "b": rng.binomial(3, 0.3, n)},
                        index=_index(n))
    with expect_warning(DataWarning, match="no overdispersion.*family='poisson'"):
        res = CountModel(data, "b", lags=1, family="negbin").fit()
    assert res.params["dispersion"] == 0 and np.isnan(res.bse["dispersion"])   # held, no s.e.
    pois = CountModel(data, "b", lags=1, family="poisson").fit()
    np.testing.assert_allclose(res.params.drop("dispersion"), pois.params, rtol=1e-12)
    np.testing.assert_allclose(res.bse.drop("dispersion"), pois.bse, rtol=1e-12)


def test_hurdle_with_too_few_event_days_errors(rng):
    idx = _index(200)
    b = np.zeros(200, int)
    b[[20, 80, 150]] = [1, 2, 1]
    data = pd.DataFrame({"a": rng.poisson(1, 200), "b": b}, index=idx)
    with pytest.raises((SpecificationError, EstimationError), match="fewer lags"):
        CountModel(data, "b", lags=3, family="hurdle")


def test_separation_is_detected_and_lag_windows_fix_it(rng):
    n = 600
    idx = _index(n)
    a = rng.poisson(0.5, n)
    b = np.zeros(n, int)
    b[::37] = 1                                    # pairs of days: b strikes the day after
    b[1::37] = 1                                   # itself, never three days after
    data = pd.DataFrame({"a": a, "b": b}, index=idx)
    with pytest.raises(EstimationError, match=r"b.L3 .* is positive.*separation.*lags=\[\(1, 3\)"):
        CountModel(data, "b", lags=3, family="poisson")
    res = CountModel(data, "b", lags=[(1, 3)], family="poisson").fit()
    assert list(res.params.index) == ["const", "a.L1-3", "b.L1-3"]
    X = res.model.exog
    np.testing.assert_array_equal(X["a.L1-3"].to_numpy(),
                                  np.log1p(a[2:-1] + a[1:-2] + a[:-3]))
    # one more event at any lag 1..3 moves the same window: the same direct effect
    rc = res.response_curve("a", cumulative=False)
    assert rc["estimate"].nunique() == 1


def test_degenerate_hurdle_number_part_errors(rng):
    n = 800
    data = pd.DataFrame({"a": rng.poisson(0.5, n), "b": (rng.random(n) < 0.1).astype(int)},
                        index=_index(n))
    with pytest.raises(EstimationError, match="exactly one.*number part needs"):
        CountModel(data, "b", lags=1, family="hurdle").fit()


# --------------------------------------------------------------------------------------
# Bootstrap refits start at the full-sample estimate: same optimum as a fit from scratch
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("family", ["negbin", "poisson"])
def test_warm_started_refits_match_refits_from_scratch(family):
    from analysis.models import _discrete as _d
    from analysis.models.counts import _refit_params

    data = simulate_nb_lags(np.random.default_rng(11), 600)
    model = CountModel(data, "b", lags=2, family=family)
    y, X = model.endog.to_numpy(), model.exog.to_numpy()
    warm = model.fit()._est.params_natural()
    rng = np.random.default_rng(3)
    for _ in range(5):
        idx = _d.block_bootstrap_indices(len(y), 20, rng)
        cold = _refit_params(family, y, X, 500, None, idx)
        hot = _refit_params(family, y, X, 500, warm, idx)
        assert cold is not None and hot is not None
        np.testing.assert_allclose(hot, cold, rtol=1e-7, atol=1e-9)


def test_nb2_objective_matches_statsmodels():
    from statsmodels.discrete.discrete_model import NegativeBinomial

    from analysis.models.counts import _nb2_objective

    rng = np.random.default_rng(5)
    X = np.column_stack([np.ones(300), rng.normal(size=(300, 2))])
    y = rng.poisson(np.exp(X @ [0.3, 0.4, -0.2]) * rng.gamma(2.0, 0.5, 300))
    nb = NegativeBinomial(y, X)
    nb._transparams = False                   # parameters in alpha, as ours
    f, g = _nb2_objective(y, X)
    q = np.array([0.2, 0.3, -0.1, np.log(0.6)])
    p = np.r_[q[:-1], 0.6]
    score = nb.score(p)
    score[-1] *= 0.6                          # d/d log(alpha)
    assert f(q) == pytest.approx(-nb.loglike(p), rel=1e-12)
    np.testing.assert_allclose(g(q), -score, rtol=1e-9, atol=1e-9)
