"""The randomised-PIT goodness-of-fit test (analysis.pit_test; issue 18): uniform p-values
for correct forecasts, power against a wrong dispersion and against serial dependence the
forecasts leave out, clear errors."""

import numpy as np
import pytest

import analysis as ea
from analysis.models.forecast import GOF_TESTS, gof_table


def _nb(rng, mu, alpha, n):
    size = 1.0 / alpha
    return rng.negative_binomial(size, size / (size + mu), size=n)


def test_correct_forecasts_reject_at_about_the_nominal_rate():
    rng = np.random.default_rng(11)
    mu = np.exp(rng.normal(-1.0, 0.8, size=600))        # sparse, varying means
    p_all, p_dep = [], []
    for _ in range(200):
        y = _nb(rng, mu, 1.5, mu.size)
        p_all.append(ea.pit_test(y, mu, 1.5, rng=rng).pvalue)
        p_dep.append(ea.pit_test(y, mu, 1.5, rng=rng, part="dependence").pvalue)
    # 200 draws: the rejection rate at 5% is within 4 binomial s.e. (1.5%) of 5%
    assert 0.0 <= np.mean(np.array(p_all) < 0.05) <= 0.11
    assert 0.0 <= np.mean(np.array(p_dep) < 0.05) <= 0.11
    assert 0.4 < np.median(p_all) < 0.6


def test_power_against_wrong_dispersion_and_left_out_dependence():
    rng = np.random.default_rng(3)
    mu = np.full(800, 0.5)
    y = _nb(rng, mu, 2.0, 800)
    assert ea.pit_test(y, mu, None, rng=1).pvalue < 1e-4       # Poisson for NB counts
    # persistent bursts: the counts follow a latent AR(1) the forecasts ignore
    x = np.zeros(800)
    for t in range(1, 800):
        x[t] = 0.9 * x[t - 1] + rng.normal(0, 0.5)
    lam = 0.5 * np.exp(x - x.var() / 2)
    y = rng.poisson(lam)
    t = ea.pit_test(y, np.full(800, y.mean()), None, rng=1, part="dependence")
    assert t.pvalue < 1e-3 and t.df == 1


def test_same_rng_same_p_value_and_clear_errors():
    y = np.array([0, 1, 0, 2, 0, 0, 3, 1, 0, 0, 1, 0])
    a = ea.pit_test(y, 0.7, 1.0, rng=5)
    assert a.pvalue == ea.pit_test(y, 0.7, 1.0, rng=5).pvalue and a.df == 3
    with pytest.raises(ea.SpecificationError, match="rng=None is refused"):
        ea.pit_test(y, 0.7, 1.0, rng=None)
    with pytest.raises(ea.SpecificationError, match="part"):
        ea.pit_test(y, 0.7, 1.0, rng=1, part="mean")
    with pytest.raises(ea.SpecificationError, match="at least 10"):
        ea.pit_test(y[:5], 0.7, 1.0, rng=1)
    with pytest.raises(ea.SpecificationError, match="mu must be"):
        ea.pit_test(y, 0.0, 1.0, rng=1)
    with pytest.raises(ea.SpecificationError, match="non-negative integer"):
        ea.pit_test(y - 1, 0.7, 1.0, rng=1)
    assert GOF_TESTS[:2] == ("pit", "pit_dependence")
    import pandas as pd
    obs = pd.DataFrame({"a": y})
    g = gof_table(obs, pd.DataFrame({"a": np.full(12, 0.7)}), {"a": 1.0}, which="pit", rng=5)
    assert g.loc["a", "pvalue"] == a.pvalue
    with pytest.raises(ea.SpecificationError, match="rng=None is refused"):
        gof_table(obs, pd.DataFrame({"a": np.full(12, 0.7)}), {"a": 1.0}, which="pit")
