"""One home for the randomised PIT (issue 18, calib13): ``pit_test`` takes a predictive pmf
matrix as well (``pmf=``), and ``ForecastResults.pit`` draws through the same helper, with
the same values for the same rng as before the move."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import analysis as ea
from analysis import Forecaster


@pytest.fixture(scope="module")
def res():
    rng = np.random.default_rng(5)
    counts = pd.DataFrame({"a": rng.poisson(0.8, 300), "b": rng.negative_binomial(1, 0.5, 300)},
                          index=pd.date_range("2020-01-01", periods=300, freq="D"))
    return ea.one_step_ahead(counts, [Forecaster("negbin", "own", {"lags": 1})], start=200,
                             progress=False)


def _old_pit(P, y, rng):
    """ForecastResults.pit as it was written before the move (the reference)."""
    F = np.cumsum(P, axis=1)
    Fy = F[np.arange(len(y)), y]
    Fm = np.where(y > 0, F[np.arange(len(y)), np.maximum(y - 1, 0)], 0.0)
    return np.clip(Fm + rng.random(len(y)) * (Fy - Fm), 0, 1)


@pytest.mark.parametrize("model", ["climatology", "negbin (own history)"])
def test_forecast_pit_identical_to_the_old_formula_for_the_same_rng(res, model):
    for side in ("a", "b"):
        y = res.observed[side].to_numpy().astype(int)
        ref = _old_pit(res.pmf(model, side).to_numpy(), y, np.random.default_rng(7))
        got = res.pit(model, side, rng=7)
        np.testing.assert_array_equal(got.to_numpy(), ref)
        assert got.index.equals(res.index)


def test_pit_test_with_a_pmf_equals_the_test_on_forecastresults_pit(res):
    # the PIT values pit_test draws from a pmf are those ForecastResults.pit draws
    y = res.observed["b"].to_numpy().astype(int)
    P = res.pmf("negbin (own history)", "b")
    t = ea.pit_test(y, pmf=P, rng=3)
    u = res.pit("negbin (own history)", "b", rng=3).to_numpy()
    z = stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12))
    x, w = z[:-1], z[1:]
    X = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(X, w, rcond=None)
    s2 = np.mean((w - X @ coef) ** 2)
    lr = max(float(np.sum(w ** 2) - len(w) * (np.log(s2) + 1)), 0.0)
    assert t.statistic == pytest.approx(lr, rel=1e-12) and t.df == 3
    assert ea.pit_test(y, pmf=P, rng=3, part="dependence").df == 1


def test_pmf_and_parameters_give_the_same_test_and_errors_are_clear():
    rng = np.random.default_rng(0)
    mu, alpha = np.exp(rng.normal(-0.5, 0.6, 300)), 0.8
    size = 1 / alpha
    y = rng.negative_binomial(size, size / (size + mu))
    P = stats.nbinom.pmf(np.arange(200)[None, :], size, (size / (size + mu))[:, None])
    a = ea.pit_test(y, mu, alpha, rng=11)                  # the old call, unchanged
    b = ea.pit_test(y, pmf=P, rng=11)
    assert b.statistic == pytest.approx(a.statistic, rel=1e-6, abs=1e-9)
    with pytest.raises(ea.SpecificationError, match="not both"):
        ea.pit_test(y, mu, alpha, rng=1, pmf=P)
    with pytest.raises(ea.SpecificationError, match="neither"):
        ea.pit_test(y, rng=1)
    with pytest.raises(ea.SpecificationError, match="dispersion= goes with mu="):
        ea.pit_test(y, dispersion=alpha, pmf=P, rng=1)
    with pytest.raises(ea.SpecificationError, match="one row per count"):
        ea.pit_test(y, pmf=P[:-1], rng=1)
    with pytest.raises(ea.SpecificationError, match="largest count"):
        ea.pit_test(y, pmf=P[:, :max(int(y.max()), 1)], rng=1)
    with pytest.raises(ea.SpecificationError, match="probabilities"):
        ea.pit_test(y, pmf=-P, rng=1)
