"""One home for the Monte Carlo p-value (code health from issue 18): ``monte_carlo_pvalue``
against the five expressions it replaced, compared exactly (``==``, not approx), on
draws with ties at the observed value, both tails, arrays, zero and negative statistics;
and its errors."""

import numpy as np
import pytest

from analysis import SpecificationError, monte_carlo_pvalue


# -- the five expressions as they stood before (verbatim but for the variable names) -----
def old_counts_score(lm, lmstar):                 # counts/bootstrap.py, _score_bootstrap
    n_boot = len(lmstar)
    return float((1 + np.sum(lmstar >= lm * (1 - 1e-12))) / (1 + n_boot))


def old_var_wild(W, Wstar):                       # var/results.py, granger(bootstrap="wild")
    n_boot = len(Wstar)
    return float((1 + np.sum(Wstar >= W * (1 - 1e-12))) / (1 + n_boot))


def old_event_placebo(obs, placebo):              # event_study.py, placebo_test
    return float((1 + np.sum(placebo >= obs)) / (1 + len(placebo)))


def old_jitter_gate(median_pvalue, law):          # hawkes_inference/jitter.py, gof(null=)
    return (1 + int(np.sum(law <= median_pvalue))) / (law.size + 1)


def old_calibration_fdb(p, inner):                # calibration/results.py, _fdb_row
    law = np.sort(inner)
    return (1 + np.searchsorted(law, p, side="right")) / (law.size + 1)


def _draws_with_ties(rng, obs, n=199):
    """Draws around ``obs``: many exact ties, values a few ulps and a few 1e-12 (relative)
    either side, and spread-out values."""
    a = abs(obs) if obs else 1.0
    near = obs + a * np.array([-2e-12, -1e-12, -5e-13, -1e-15, 1e-15, 5e-13, 2e-12])
    band = np.array([obs * (1 - 1e-12), obs * (1 + 1e-12), np.nextafter(obs, -np.inf),
                     np.nextafter(obs, np.inf)])
    spread = obs + a * rng.normal(size=n)
    d = np.concatenate([np.full(9, obs), near, band, spread, np.round(spread)])
    return rng.permutation(d)


OBSERVED = [3.7, 1e-3, 12345.678, 1.0, 0.0, -0.0]


@pytest.mark.parametrize("obs", OBSERVED)
def test_rtol_sites_are_reproduced_exactly(rng, obs):
    d = _draws_with_ties(rng, obs)
    assert monte_carlo_pvalue(obs, d, rtol=1e-12) == old_counts_score(obs, d)
    assert monte_carlo_pvalue(obs, d, rtol=1e-12) == old_var_wild(obs, d)
    # the tolerance matters here: some draws sit just below obs
    if obs > 0:
        assert monte_carlo_pvalue(obs, d, rtol=1e-12) > monte_carlo_pvalue(obs, d)


@pytest.mark.parametrize("obs", OBSERVED + [-2.5])
def test_exact_sites_are_reproduced_exactly(rng, obs):
    d = _draws_with_ties(rng, obs)
    assert monte_carlo_pvalue(obs, d) == old_event_placebo(obs, d)
    assert monte_carlo_pvalue(obs, d, tail="lower") == old_jitter_gate(obs, d)
    assert monte_carlo_pvalue(obs, d, tail="lower") == old_calibration_fdb(obs, d)


def test_array_observed_reproduces_the_fast_double_bootstrap_exactly(rng):
    inner = rng.uniform(size=300).round(2)         # p-values with many ties
    p = np.concatenate([rng.uniform(size=250).round(2), inner[:50], [0.0, 1.0]])
    new = monte_carlo_pvalue(p, inner, tail="lower")
    old = old_calibration_fdb(p, inner)
    assert isinstance(new, np.ndarray) and new.shape == p.shape and new.dtype == float
    np.testing.assert_array_equal(new, old)
    assert np.array_equal(new.view(np.int64), old.view(np.int64))      # bit for bit
    # every entry as a scalar gives the same number
    assert [monte_carlo_pvalue(x, inner, tail="lower") for x in p[:20]] == list(new[:20])


def test_array_observed_both_tails_match_the_definition(rng):
    d = rng.integers(0, 10, size=57).astype(float)
    obs = rng.integers(-1, 12, size=(4, 6)).astype(float)
    up = monte_carlo_pvalue(obs, d)
    lo = monte_carlo_pvalue(obs, d, tail="lower")
    assert up.shape == lo.shape == (4, 6)
    for i in np.ndindex(obs.shape):
        assert up[i] == (1 + np.sum(d >= obs[i])) / 58
        assert lo[i] == (1 + np.sum(d <= obs[i])) / 58
    assert up.min() >= 1 / 58 and up.max() == 1.0


def test_rtol_on_an_array_matches_the_scalar_rule(rng):
    obs = np.array([2.0, 0.0, 1e-9])
    d = np.concatenate([obs * (1 - 1e-12), obs * (1 - 3e-12), rng.uniform(size=20)])
    new = monte_carlo_pvalue(obs, d, rtol=1e-12)
    assert list(new) == [old_counts_score(o, d) for o in obs]


def test_zero_statistic_old_and_new_agree(rng):
    d = np.array([-1e-300, -0.0, 0.0, 0.0, 1e-300, 2.0, -3.0])
    for obs in (0.0, -0.0):
        assert monte_carlo_pvalue(obs, d, rtol=1e-12) == old_counts_score(obs, d) == 6 / 8
        assert monte_carlo_pvalue(obs, d, rtol=1e-12) == old_var_wild(obs, d)


def test_negative_statistic_agrees_except_for_ties_which_now_count(rng):
    """The old ``W * (1 - 1e-12)`` moved the threshold the wrong way for W < 0 (above W):
    an exact tie did not count. The helper widens toward the less extreme side for either
    sign. W and the LM statistic are quadratic forms (>= 0), so the sites never differ;
    for a negative statistic the two agree unless a draw lies within 1e-12 |W| below W."""
    obs = -2.5
    d = obs + rng.normal(size=500)
    d = d[np.abs(d - obs) > 1e-9]                  # no draw near obs: same answer
    assert monte_carlo_pvalue(obs, d, rtol=1e-12) == old_counts_score(obs, d)
    tie = np.append(d, obs)
    n = len(tie) + 1
    assert monte_carlo_pvalue(obs, tie, rtol=1e-12) == (1 + np.sum(d >= obs) + 1) / n
    assert old_counts_score(obs, tie) == (1 + np.sum(d >= obs)) / n          # tie lost
    # the same tie counts without a tolerance, old and new
    assert monte_carlo_pvalue(obs, tie) == old_event_placebo(obs, tie)
    # lower tail mirrors: a draw just above a negative observed is a tie
    assert monte_carlo_pvalue(obs, [obs * (1 - 1e-12)], tail="lower", rtol=1e-12) == 1.0
    assert monte_carlo_pvalue(obs, [obs * (1 - 1e-12)], tail="lower") == 0.5


def test_infinite_values_are_ordinary(rng):
    d = np.array([np.inf, -np.inf, 1.0, 2.0])
    assert monte_carlo_pvalue(np.inf, d) == 2 / 5
    assert monte_carlo_pvalue(-np.inf, d) == 1.0
    assert monte_carlo_pvalue(1.5, d, tail="lower") == 3 / 5
    assert monte_carlo_pvalue(np.inf, d, rtol=1e-12) == old_counts_score(np.inf, d)


def test_returns_a_float_for_a_scalar(rng):
    d = rng.normal(size=19)
    for obs in (0.3, np.float64(0.3), np.array(0.3), 1):
        p = monte_carlo_pvalue(obs, d)
        assert type(p) is float and 1 / 20 <= p <= 1
    assert monte_carlo_pvalue(0.3, list(d)) == monte_carlo_pvalue(0.3, d)


def test_errors_name_the_argument_and_the_fix():
    with pytest.raises(SpecificationError, match="draws must be a one-dimensional.*got "
                                                 r"shape \(0,\).*19 or more"):
        monte_carlo_pvalue(1.0, [])
    with pytest.raises(SpecificationError, match=r"draws must be.*shape \(2, 2\)"):
        monte_carlo_pvalue(1.0, np.ones((2, 2)))
    with pytest.raises(SpecificationError, match=r"draws holds 2 NaN of 4 \(first at "
                                                 "position 1\\).*drop the failed"):
        monte_carlo_pvalue(1.0, [0.0, np.nan, 2.0, np.nan])
    with pytest.raises(SpecificationError, match="observed is NaN: the statistic"):
        monte_carlo_pvalue(np.nan, [1.0, 2.0])
    with pytest.raises(SpecificationError, match=r"observed is NaN at position \[1\]"):
        monte_carlo_pvalue([0.5, np.nan], [1.0, 2.0])
    with pytest.raises(SpecificationError, match="tail must be one of .'upper', 'lower'."):
        monte_carlo_pvalue(1.0, [1.0], tail="two-sided")
    for bad in (-1e-12, 1.0, True, "1e-12", np.nan):
        with pytest.raises(SpecificationError, match=r"rtol .* must be a number in \[0, 1\)"):
            monte_carlo_pvalue(1.0, [1.0], rtol=bad)
    with pytest.raises(SpecificationError, match="draws must be numeric.*got str"):
        monte_carlo_pvalue(1.0, "abc")
    with pytest.raises(SpecificationError, match="observed must be numeric.*got NoneType"):
        monte_carlo_pvalue(None, [1.0])
    with pytest.raises(SpecificationError, match="draws must be numeric.*got NoneType"):
        monte_carlo_pvalue(1.0, None)
