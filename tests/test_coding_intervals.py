"""The coder's intervals clustered by report (analysis.coding.intervals): analytic cases,
edge cases and bad input. Their coverage is measured in
benchmarks/validate_coder_intervals.py, not here."""

import numpy as np
import pytest
from scipy.stats import t as student_t
from statsmodels.stats.proportion import proportion_confint

import analysis
from analysis.coding import evaluate
from analysis.coding.intervals import clustered_wilson, design_effect, effective_size, wilson


def test_one_incident_per_report_is_exactly_the_plain_wilson_interval():
    k = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
    n = [1] * 10
    assert design_effect(k, n) == pytest.approx(1.0, abs=1e-12)
    assert effective_size(k, n) == 10
    assert clustered_wilson(k, n) == wilson(7, 10)
    assert clustered_wilson(k, n, alpha=0.1) == wilson(7, 10, alpha=0.1)


def test_a_perfectly_clustered_case_widens_by_the_expected_factor():
    # 200 reports of 3 incidents each, every report all found or all missed: the
    # information is that of 200 trials, not 600.
    m, s = 200, 3
    k = np.r_[[s] * 120, [0] * 80]
    n = np.full(m, s)
    N = m * s
    assert design_effect(k, n) == pytest.approx((N - 1) / (m - 1))
    df = (student_t.ppf(0.975, N - 1) / student_t.ppf(0.975, m - 1)) ** 2
    n_eff = N * (m - 1) / (N - 1) * df
    assert effective_size(k, n) == pytest.approx(n_eff)
    lo, hi = clustered_wilson(k, n)
    assert (lo, hi) == pytest.approx(proportion_confint(0.6 * n_eff, n_eff, method="wilson"))
    plo, phi = wilson(360, 600)
    # the width grows by sqrt(N / n_eff), about sqrt(s) (Wilson widths scale ~ 1/sqrt(n))
    assert (hi - lo) / (phi - plo) == pytest.approx(np.sqrt(N / n_eff), rel=0.01)
    assert (hi - lo) / (phi - plo) == pytest.approx(np.sqrt(s), rel=0.02)
    assert lo < plo and hi > phi


def test_independent_looking_spread_gives_no_widening_below_one():
    # reports of two incidents, each exactly one found: less spread than binomial
    k, n = [1] * 10, [2] * 10
    assert design_effect(k, n) == 1.0                       # floored, not 0
    df = (student_t.ppf(0.975, 19) / student_t.ppf(0.975, 9)) ** 2
    assert clustered_wilson(k, n) == pytest.approx(
        proportion_confint(0.5 * 20 * df, 20 * df, method="wilson"))
    lo, hi = clustered_wilson(k, n)
    assert hi - lo >= np.subtract(*wilson(10, 20)[::-1])      # never narrower than plain


def test_all_found_or_none_found_keeps_a_nondegenerate_interval():
    n = [3, 1, 2, 4]
    lo, hi = clustered_wilson(n, n)                           # p = 1
    assert hi == pytest.approx(1.0) and 0.5 < lo < wilson(10, 10)[0]
    lo, hi = clustered_wilson([0, 0, 0, 0], n)                # p = 0
    assert lo == pytest.approx(0.0) and wilson(0, 10)[1] < hi < 0.5
    assert design_effect(n, n) == 1.0


def test_one_report_gives_the_whole_range_and_empty_reports_do_not_count():
    assert clustered_wilson([2], [5]) == (0.0, 1.0)
    assert clustered_wilson([2, 0, 0], [5, 0, 0]) == (0.0, 1.0)
    with pytest.raises(ValueError, match="1 cluster with a trial"):
        effective_size([2], [5])
    # reports with no trial (e.g. no draft) are not clusters
    assert clustered_wilson([1, 0, 1, 0], [2, 0, 1, 0]) == clustered_wilson([1, 1], [2, 1])
    lo, hi = clustered_wilson([0, 0], [0, 0])                 # no trial: no proportion
    assert np.isnan(lo) and np.isnan(hi)
    with pytest.raises(ValueError, match="no trial"):
        design_effect([0], [0])


@pytest.mark.parametrize("k, n, match", [
    ([1, -1], [2, 2], r"k\[1\] = -1 is not a non-negative whole count"),
    ([1, 1], [2, -2], r"n\[1\] = -2 is not a non-negative whole count"),
    ([3, 0], [2, 1], r"k\[0\] = 3 exceeds n\[0\] = 2"),
    ([1], [1, 2], r"differ in length \(1 and 2 clusters\)"),
    (["a"], [1], r"k\[0\] = 'a' is not a count"),
    ([0.5], [1], r"k\[0\] = 0.5 is not a non-negative whole count"),
    ([np.nan], [1], r"k\[0\] = nan is not"),
    ([], [], "no cluster"),
])
def test_bad_counts_are_refused_naming_position_and_value(k, n, match):
    with pytest.raises(ValueError, match=match):
        clustered_wilson(k, n)
    with pytest.raises(ValueError, match=match):
        design_effect(k, n)


def test_bad_alpha_is_refused():
    for a in (0, 1, 1.5, "0.05"):
        with pytest.raises(ValueError, match="alpha must be in"):
            clustered_wilson([1, 2], [2, 2], alpha=a)


def test_wilson_moved_keeps_its_old_path_and_the_name_is_exported():
    assert evaluate.wilson is wilson
    assert analysis.clustered_wilson is clustered_wilson
    assert np.isnan(wilson(0, 0)[0])
