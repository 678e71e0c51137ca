"""Date intervals of penalised change points (PhaseResults.changepoint_conf_int)."""

import numpy as np
import pandas as pd
import pytest

from analysis import detect_phases
from analysis.exceptions import SpecificationError
from analysis.models.phases.intervals import match_changes

CHANGE = 120


def _series(seed=3, n=240):
    rng = np.random.default_rng(seed)
    rate = np.where((np.arange(n) < CHANGE)[:, None], [0.3, 0.1], [2.0, 0.8])
    y = rng.poisson(rate)
    idx = pd.date_range("2021-01-01", periods=n, freq="D", name="date")
    return pd.DataFrame(y, index=idx, columns=["a", "b"])


@pytest.fixture(scope="module")
def fit():
    return detect_phases(_series(), family="negbin", penalty="mbic", min_size=14)


@pytest.fixture(scope="module")
def ci(fit):
    return fit.changepoint_conf_int(n_boot=24, rng=7, progress=False)


def test_planted_change_inside_interval(fit, ci):
    day = fit.counts.index[CHANGE]
    assert fit.n_changes == 1
    assert list(ci.columns[:3]) == ["estimate", "lower", "upper"]
    r = ci.loc[1]
    assert r["lower"] <= day <= r["upper"]
    assert r["lower"] <= r["estimate"] <= r["upper"]
    assert r["n_matched"] + r["n_unmatched"] == 24 - ci.attrs["n_failed"]
    assert r["upper_days"] == (r["upper"] - r["estimate"]).days
    assert ci.attrs["simulator"] == "count_hawkes" and ci.attrs["interval"] == "basic"


def test_percentile_and_independent_simulator(fit):
    p = fit.changepoint_conf_int(n_boot=30, rng=7, interval="percentile",
                                 simulator="phases", progress=False)
    day = fit.counts.index[CHANGE]
    assert p.loc[1, "lower"] <= day <= p.loc[1, "upper"]


def test_rng_none_refused(fit):
    with pytest.raises(SpecificationError, match="rng"):
        fit.changepoint_conf_int(n_boot=30, rng=None)


def test_identical_for_n_jobs(fit, ci):
    two = fit.changepoint_conf_int(n_boot=24, rng=7, n_jobs=2, progress=False)
    pd.testing.assert_frame_equal(ci, two)


@pytest.mark.parametrize("kw, word", [({"interval": "bca"}, "interval"),
                                      ({"simulator": "hawkes"}, "simulator"),
                                      ({"n_boot": 5}, "n_boot"),
                                      ({"alpha": 1.5}, "alpha")])
def test_bad_arguments_named(fit, kw, word):
    with pytest.raises(SpecificationError, match=word):
        fit.changepoint_conf_int(**{"n_boot": 30, "rng": 1, **kw})


def test_weighted_series_needs_independent_simulator():
    y = _series().astype(float) * 1.5
    res = detect_phases(y, family="negbin", min_size=14)
    with pytest.raises(SpecificationError, match="simulator='phases'"):
        res.changepoint_conf_int(n_boot=30, rng=1)


def test_series_without_dates_needs_independent_simulator():
    res = detect_phases(_series().to_numpy(), family="negbin", min_size=14)
    with pytest.raises(SpecificationError, match="DatetimeIndex"):
        res.changepoint_conf_int(n_boot=20, rng=1)
    out = res.changepoint_conf_int(n_boot=20, rng=1, simulator="phases", progress=False)
    assert out.loc[1, "lower"] <= CHANGE <= out.loc[1, "upper"]


def test_no_change_gives_empty_table():
    y = _series().iloc[:CHANGE]
    res = detect_phases(y, family="negbin", min_size=14)
    assert res.n_changes == 0
    out = res.changepoint_conf_int(n_boot=30, rng=1)
    assert len(out) == 0 and "lower" in out.columns


def test_matching_counts_unmatched_and_extra():
    got, extra = match_changes([10, 48, 52], [50, 200])
    assert got[0] == 48 and np.isnan(got[1]) and extra == 2
    got, extra = match_changes([], [50])
    assert np.isnan(got[0]) and extra == 0


def test_plot_draws_brackets(fit, ci):
    import matplotlib
    matplotlib.use("Agg")
    ax = fit.plot(intervals=ci)
    assert any("interval" in str(p.get_label()) for p in ax.patches)
    with pytest.raises(SpecificationError, match="changepoint_conf_int"):
        fit.plot_change_intervals(pd.DataFrame({"x": [1]}))
