"""VARModel: agreement with statsmodels, recovery, bootstrap correctness, bad input."""

import numpy as np
import pandas as pd
import pytest

from analysis import DataError, ExplosiveWarning, SpecificationError, VARModel
from analysis.reporting import HypothesisTest, Summary
from warning_checks import expect_warning

A1 = np.array([[0.30, 0.15], [0.25, 0.10]])
A2 = np.array([[0.10, 0.00], [0.05, 0.05]])
NU = np.array([0.5, 0.3])
SIGMA = np.array([[1.0, 0.3], [0.3, 0.5]])


def simulate_var(rng, n, burn=200):
    L = np.linalg.cholesky(SIGMA)
    y = np.zeros((n + burn, 2))
    for t in range(2, n + burn):
        y[t] = NU + A1 @ y[t - 1] + A2 @ y[t - 2] + L @ rng.standard_normal(2)
    idx = pd.date_range("2020-01-01", periods=n, freq="D", name="date")
    return pd.DataFrame(y[burn:], index=idx, columns=["a", "b"])


@pytest.fixture(scope="module")
def var_data():
    return simulate_var(np.random.default_rng(11), 3000)


@pytest.fixture(scope="module")
def var_res(var_data):
    return VARModel(var_data, lags=2).fit()


@pytest.fixture(scope="module")
def sm_res(var_data):
    from statsmodels.tsa.api import VAR
    return VAR(var_data).fit(2)


# --------------------------------------------------------------------------------------
# Agreement with statsmodels
# --------------------------------------------------------------------------------------
def test_estimates_match_statsmodels(var_res, sm_res):
    np.testing.assert_allclose(var_res.params_table.to_numpy(), sm_res.params.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(var_res.bse_table.to_numpy(), sm_res.bse.to_numpy(), rtol=1e-12)
    np.testing.assert_allclose(var_res.sigma_u.to_numpy(), sm_res.sigma_u, rtol=1e-12)
    assert var_res.llf == pytest.approx(sm_res.llf, rel=1e-12)
    assert list(var_res.params_table.index) == ["const", "a.L1", "b.L1", "a.L2", "b.L2"]
    assert list(var_res.params.index[:5]) == [("a", t) for t in ["const", "a.L1", "b.L1", "a.L2", "b.L2"]]
    np.testing.assert_allclose(np.sqrt(np.diag(var_res.cov_params())), var_res.bse, rtol=1e-10)
    assert var_res.is_stable


@pytest.mark.parametrize("kind", ["f", "wald"])
def test_granger_matches_statsmodels(var_res, sm_res, kind):
    for caused, causing in [("a", "b"), ("b", "a")]:
        ours = var_res.granger(caused, causing, kind=kind, cov_type="nonrobust")
        theirs = sm_res.test_causality(caused, causing, kind=kind)
        assert ours.statistic == pytest.approx(theirs.test_statistic, rel=1e-10)
        assert ours.pvalue == pytest.approx(theirs.pvalue, rel=1e-8, abs=1e-300)
        assert tuple(np.atleast_1d(ours.df)) == tuple(np.atleast_1d(theirs.df))
        assert ours.null_hypothesis == f"lags 1-2 of '{causing}' do not help predict '{caused}'"


def test_robust_granger_is_the_hc1_wald_test(var_res):
    """HC1 Wald statistic from a hand-built White covariance of one equation."""
    Z, u = var_res._z, var_res._resid[:, 0]
    T, m = Z.shape
    ZtZi = np.linalg.inv(Z.T @ Z)
    V = ZtZi @ (Z.T * u ** 2) @ Z @ ZtZi * T / (T - m)
    idx = [2, 4]                                   # b.L1, b.L2 in the equation of a
    b = var_res.params_table["a"].to_numpy()[idx]
    W = b @ np.linalg.solve(V[np.ix_(idx, idx)], b)
    t = var_res.granger("a", "b", kind="wald", cov_type="HC1")
    assert t.statistic == pytest.approx(W, rel=1e-10) and t.df == 2


def test_lag_selection_matches_statsmodels(var_data):
    from statsmodels.tsa.api import VAR
    model = VARModel(var_data, lags="bic", maxlags=8)
    table = model.select_order()
    sel = VAR(var_data).select_order(8)
    np.testing.assert_allclose(table["aic"], sel.ics["aic"], rtol=1e-12)
    assert table.attrs["selected"]["bic"] == sel.selected_orders["bic"] == 2
    assert model.fit().k_ar == 2


def test_irf_and_fevd_match_statsmodels(var_res, sm_res):
    np.testing.assert_allclose(var_res.irf(12, scale="sd").irfs, sm_res.orth_ma_rep(12),
                               atol=1e-14)
    np.testing.assert_allclose(var_res.irf(12, kind="reduced").irfs, sm_res.ma_rep(12),
                               atol=1e-14)
    np.testing.assert_allclose(var_res.irf(12, kind="reduced", cumulative=True).irfs,
                               np.cumsum(sm_res.ma_rep(12), axis=0), atol=1e-14)
    ours = var_res.fevd(10).decomp                    # (h, response, shock)
    np.testing.assert_allclose(np.transpose(ours, (1, 0, 2)), sm_res.fevd(10).decomp,
                               atol=1e-14)


def test_reversed_ordering_equals_statsmodels_on_reversed_columns(var_data, var_res):
    from statsmodels.tsa.api import VAR
    rev = VAR(var_data[["b", "a"]]).fit(2).orth_ma_rep(8)          # [h, (b, a), (b, a)]
    ours = var_res.irf(8, ordering=["b", "a"], scale="sd").irfs   # [h, (a, b), (a, b)]
    np.testing.assert_allclose(ours, rev[:, ::-1, ::-1], atol=1e-14)
    fe = var_res.fevd(6, ordering=["b", "a"]).decomp
    np.testing.assert_allclose(fe, np.transpose(VAR(var_data[["b", "a"]]).fit(2).fevd(6).decomp,
                                                (1, 0, 2))[:, ::-1, ::-1], atol=1e-14)


def test_generalized_irf_identities(var_res):
    """A GIRF of side j equals the Cholesky IRF with j first (Pesaran & Shin 1998)."""
    g = var_res.irf(8, kind="generalized", scale="sd").irfs
    oa = var_res.irf(8, ordering=["a", "b"], scale="sd").irfs
    ob = var_res.irf(8, ordering=["b", "a"], scale="sd").irfs
    np.testing.assert_allclose(g[:, :, 0], oa[:, :, 0], atol=1e-14)
    np.testing.assert_allclose(g[:, :, 1], ob[:, :, 1], atol=1e-14)
    unit = var_res.irf(8, kind="generalized").irfs
    np.testing.assert_allclose(np.diagonal(unit[0]), [1.0, 1.0], atol=1e-14)
    gf = var_res.fevd(5, kind="generalized").decomp
    np.testing.assert_allclose(gf.sum(axis=-1), 1.0, atol=1e-14)


def test_instantaneous_causality_matches_statsmodels(var_res, sm_res):
    t = var_res.instantaneous_causality("a", "b")
    assert t.statistic == pytest.approx(sm_res.test_inst_causality("a").test_statistic)
    assert t.pvalue < 1e-10                      # true same-day correlation 0.42


# --------------------------------------------------------------------------------------
# Recovery and bootstrap
# --------------------------------------------------------------------------------------
def test_recovers_coefficients(var_res):
    truth = np.vstack([NU, A1.T, A2.T])            # rows: const, lag-1 (a, b), lag-2 (a, b)
    z = (var_res.params_table.to_numpy() - truth) / var_res.bse_table.to_numpy()
    assert np.all(np.abs(z) < 3.5), z.round(2)
    np.testing.assert_allclose(var_res.sigma_u.to_numpy(), SIGMA, atol=0.06)


def _replicate_recursive(res, idx, eta):
    """One recursive-design replication the slow way: simulate, then statsmodels OLS."""
    from statsmodels.tsa.api import VAR
    y = np.asarray(res.sm_results.endog, float).copy()
    p, U = res.k_ar, res._resid
    u = U - U.mean(axis=0) if eta is None else U * eta[:, None]
    if eta is None:
        u = u[idx]
    for t in range(p, len(y)):
        y[t] = res.intercept + sum(res.coefs[l] @ y[t - 1 - l] for l in range(p)) + u[t - p]
    sm = VAR(y).fit(p)
    return sm.coefs, sm.sigma_u


@pytest.mark.parametrize("method", ["residual", "wild"])
def test_bootstrap_replication_equals_slow_recursion(var_res, method):
    boot = var_res.bootstrap(3, method=method, rng=5)
    rng = np.random.default_rng(5)                 # the same draws, in the same order
    T = var_res.nobs
    if method == "residual":
        idx, eta = rng.integers(0, T, size=(3, T)), None
    else:
        idx, eta = None, rng.choice(np.array([-1.0, 1.0]), size=(3, T))
    for r in range(3):
        coefs, sigma = _replicate_recursive(var_res, None if idx is None else idx[r],
                                            None if eta is None else eta[r])
        np.testing.assert_allclose(boot.coefs[r], coefs, atol=1e-10)
        np.testing.assert_allclose(boot.sigmas[r], sigma, atol=1e-10)


def test_block_bootstrap_replication(var_res):
    """Moving blocks of residual vectors, centred position by position (Bruggemann,
    Jentsch & Trenkler 2016), fed to the same recursion."""
    from analysis.models import _discrete as _d
    boot = var_res.bootstrap(2, method="block", block_length=10, rng=8)
    rng = np.random.default_rng(8)
    T, U = var_res.nobs, var_res._resid
    centre = np.array([U[s:s + T - 10 + 1].mean(axis=0) for s in range(10)])
    for r in range(2):
        idx = _d.block_bootstrap_indices(T, 10, rng)
        ustar = U[idx] - centre[np.arange(T) % 10]
        from statsmodels.tsa.api import VAR
        y = np.asarray(var_res.sm_results.endog, float).copy()
        for t in range(2, len(y)):
            y[t] = var_res.intercept + var_res.coefs[0] @ y[t - 1] + var_res.coefs[1] @ y[t - 2] \
                + ustar[t - 2]
        sm = VAR(y).fit(2)
        np.testing.assert_allclose(boot.coefs[r], sm.coefs, atol=1e-10)
        np.testing.assert_allclose(boot.sigmas[r], sm.sigma_u, atol=1e-10)


def test_wild_bootstrap_does_not_vary_sigma(var_res):
    """Rademacher signs leave u u' unchanged, so Sigma barely varies across wild draws,
    unlike residual and block draws (why 'block' is the choice for impact bands)."""
    sd = {m: var_res.bootstrap(200, method=m, rng=6).sigmas[:, 0, 1].std()
          for m in ["wild", "residual", "block"]}
    assert sd["wild"] < 0.2 * sd["residual"] and sd["block"] > 0.5 * sd["residual"]


def test_fixed_design_replication(var_res):
    boot = var_res.bootstrap(2, method="residual", design="fixed", rng=9)
    rng = np.random.default_rng(9)
    idx = rng.integers(0, var_res.nobs, size=(2, var_res.nobs))
    U = var_res._resid - var_res._resid.mean(axis=0)
    for r in range(2):
        ystar = var_res._z @ var_res._B + U[idx[r]]
        B, *_ = np.linalg.lstsq(var_res._z, ystar, rcond=None)
        e = ystar - var_res._z @ B
        np.testing.assert_allclose(boot.coefs[r, 0], B[1:3].T, atol=1e-12)
        np.testing.assert_allclose(boot.sigmas[r], e.T @ e / (var_res.nobs - 5), atol=1e-12)


def test_bootstrap_spread_matches_ols_standard_errors(var_res):
    """With i.i.d. Gaussian errors the residual-bootstrap SD of each lag coefficient is
    the OLS standard error up to Monte Carlo error (sd of an SD estimate from 400 draws
    is ~3.5%)."""
    boot = var_res.bootstrap(400, rng=3)
    sd = boot.coefs.std(axis=0, ddof=1)                      # (p, k, k): [l, i, j]
    bse = var_res.bse_table.to_numpy()[1:].reshape(2, 2, 2)        # [l, j, i]
    ratio = sd / np.swapaxes(bse, 1, 2)
    assert np.all((ratio > 0.85) & (ratio < 1.15)), ratio.round(3)
    assert boot.n_unstable == 0


def test_irf_bands(var_res):
    boot = var_res.bootstrap(200, method="wild", rng=4)
    i1 = var_res.irf(10, ordering=["a", "b"], bootstrap=boot)
    i2 = var_res.irf(10, ordering=["b", "a"], bootstrap=boot)
    assert i1.draws.shape == (200, 11, 2, 2) and i1.bootstrap is boot
    # unit scaling: the shocked side moves by one on impact, exactly, in every draw
    np.testing.assert_allclose(i1.lower[0].diagonal(), 1.0)
    np.testing.assert_allclose(i1.upper[0].diagonal(), 1.0)
    # ordering: the side placed second cannot move the first on impact
    assert i1.irfs[0, 0, 1] == 0 and i1.upper[0, 0, 1] == 0
    assert i2.irfs[0, 1, 0] == 0 and i2.irfs[0, 0, 1] > 0
    inside = (i1.lower <= i1.irfs + 1e-12) & (i1.irfs <= i1.upper + 1e-12)
    assert inside.mean() > 0.95
    # the band of the response of b to a at horizon 1 covers the true response
    P = np.linalg.cholesky(SIGMA)
    true1 = (A1 @ (P / np.diag(P)))[1, 0]
    r = i1.response("b", "a").loc[1]
    assert r["lower"] < true1 < r["upper"]
    frame = i1.to_frame()
    assert frame.shape == (2 * 2 * 11, 3)
    tot = i1.total_response("b", "a", first=1, last=10)
    assert tot["estimate"] == pytest.approx(i1.irfs[1:, 1, 0].sum())
    np.testing.assert_allclose([tot["lower"], tot["upper"]],
                               np.quantile(i1.draws[:, 1:, 1, 0].sum(axis=1), [0.025, 0.975]))
    fe = var_res.fevd(5, bootstrap=boot)
    assert fe.lower.shape == (5, 2, 2) and np.all(fe.lower <= fe.decomp + 1e-12)


def test_bootstrap_is_reproducible(var_res):
    a = var_res.irf(5, bootstrap="residual", n_boot=50, rng=1)
    b = var_res.irf(5, bootstrap="residual", n_boot=50, rng=1)
    np.testing.assert_array_equal(a.draws, b.draws)


# --------------------------------------------------------------------------------------
# Counts, deterministic terms, reporting
# --------------------------------------------------------------------------------------
def test_three_sides_with_phases_and_trend(rng):
    n = 600
    idx = pd.date_range("2021-01-01", periods=n, freq="D", name="date")
    counts = pd.DataFrame({"x": rng.poisson(1.0, n), "y": rng.poisson(0.5, n),
                           "z": rng.poisson(0.2, n)}, index=idx)
    counts.loc["2021-08-01":, "x"] += rng.poisson(2.0, (idx >= "2021-08-01").sum())
    res = VARModel(counts, lags=2, trend="ct", phases=["2021-08-01"]).fit()
    assert res.term_names[:3] == ["const", "trend", "phase1"]
    assert res.params.loc[("x", "phase1")] == pytest.approx(2.0, abs=0.4)
    assert len(res.granger_table()) == 6
    assert res.irf(5, ordering=["z", "x", "y"]).irfs.shape == (6, 3, 3)


def test_summary_and_plots(var_res):
    import matplotlib.pyplot as plt
    s = var_res.summary()
    assert isinstance(s, Summary) and "Granger" in s.as_text() and "<table" in s.as_html()
    irf = var_res.irf(6, bootstrap="residual", n_boot=30, rng=2)
    fig, axes = plt.subplots(2, 2)
    out = irf.plot(ax=axes)
    assert out.shape == (2, 2) and len(axes[1, 0].lines) >= 2
    fig, ax = plt.subplots()
    assert irf.plot("b", "a", ax=ax) is ax
    ax2 = var_res.plot_fevd(6)
    assert len(ax2) == 2
    from analysis.models.var import plot_irfs
    grid = plot_irfs([irf, var_res.irf(6, ordering=["b", "a"])])
    assert grid.shape == (2, 2)
    assert isinstance(var_res.granger("a", "b"), HypothesisTest)


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------
def test_bad_input(rng):
    idx = pd.date_range("2020-01-01", periods=200, freq="D", name="date")
    good = pd.DataFrame({"a": rng.poisson(1, 200), "b": rng.poisson(1, 200)}, index=idx)
    with pytest.raises(SpecificationError, match="at least 2 side"):
        VARModel(good[["a"]])
    with pytest.raises(DataError, match="side 'b' is constant"):
        VARModel(good.assign(b=3))
    with pytest.raises(DataError, match="side 'b' has no events"):
        VARModel(good.assign(b=0))
    with pytest.raises(SpecificationError, match=r"lags must be one of \['aic', 'bic'"):
        VARModel(good, lags="aicc")
    with pytest.raises(SpecificationError, match="at most .* lags fit"):
        VARModel(good.iloc[:30], lags=12)
    res = VARModel(good, lags=1).fit()
    with pytest.raises(SpecificationError, match="permutation of"):
        res.irf(5, ordering=["a", "c"])
    with pytest.raises(SpecificationError, match="does not depend on an ordering"):
        res.irf(5, kind="generalized", ordering=["b", "a"])
    with pytest.raises(SpecificationError, match=r"method must be one of \['residual'"):
        res.bootstrap(20, method="pairs", rng=1)
    with pytest.raises(SpecificationError, match="pass rng="):
        res.bootstrap(20)
    with pytest.raises(SpecificationError, match="causing must be among"):
        res.granger("a", "c")


def test_unstable_fit_warns(rng):
    n = 400
    idx = pd.date_range("2020-01-01", periods=n, freq="D", name="date")
    walk = pd.DataFrame({"a": np.cumsum(rng.poisson(1, n)), "b": np.cumsum(rng.poisson(1, n))},
                        index=idx)
    with expect_warning(ExplosiveWarning, match="not stable.*phases"):
        VARModel(walk, lags=1).fit()
