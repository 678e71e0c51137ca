"""Numerical policies that make results the same on every machine."""

import numpy as np
import pandas as pd
import pytest

from analysis import CountModel, DataWarning
from analysis.models import _discrete as _d
from analysis.reporting import _jsonable, stated_unit


def test_newton_polish_reaches_the_root_from_where_a_quasi_newton_path_stopped():
    # f(x) = sum c_i (x_i - t_i)^2 / 2 with a nearly flat direction
    c = np.array([1.0, 1e-4, 10.0])
    t = np.array([0.3, -2.0, 1.5])

    def grad(x):
        return c * (x - t)

    x0 = t + np.array([1e-3, 0.4, -2e-4])        # gradient already below 1e-4
    x, free = _d.newton_polish(grad, x0)
    assert free.all()
    np.testing.assert_allclose(x, t, rtol=0, atol=1e-10)


def test_newton_polish_holds_coordinates_on_a_bound_and_never_leaves_the_box():
    t = np.array([-1.0, 2.0])

    def grad(x):
        return x - t

    x, free = _d.newton_polish(grad, np.array([3e-7, 1.9]), [(0.0, None), (None, 5.0)])
    assert x[0] == 0.0 and not free[0]             # gradient points out: held at 0
    assert free[1] and abs(x[1] - 2.0) < 1e-12
    # a Newton step that would leave the box is not taken
    x, free = _d.newton_polish(grad, np.array([0.5, 1.0]), [(0.0, 1.0), (None, None)])
    assert 0.0 <= x[0] <= 1.0


def _days(n):
    return pd.date_range("2020-01-01", periods=n, freq="D")


def test_hurdle_coefficient_running_to_infinity_is_held_with_no_standard_error(rng):
    n = 900
    idx = _days(n)
    a = rng.poisson(0.4, n)
    b = rng.poisson(0.3, n) * rng.integers(1, 4, n)
    phase2 = idx >= idx[600]
    b[phase2] = (b[phase2] > 0).astype(int)        # every event day of phase 2 has one event
    data = pd.DataFrame({"a": a, "b": b}, index=idx)
    with pytest.warns(DataWarning, match="run to infinity.*not\\s+identified"):
        res = CountModel(data, "b", lags=[(1, 3)], family="hurdle",
                         phases=[idx[600]]).fit()
    name = [p for p in res.params.index if p.startswith("number:phase")][0]
    assert res.params[name] == -15.0
    assert np.isnan(res.bse[name])
    others = res.bse.drop(name).drop([p for p in res.bse.index if p.endswith("dispersion")],
                                     errors="ignore")
    assert np.all(np.isfinite(others)) and np.all(others > 0)
    rc = res.response_curve("a", horizon=3, part="number")
    assert np.all(np.isfinite(rc[["estimate", "lower", "upper"]].to_numpy()))


def test_negbin_with_no_gain_over_poisson_is_the_poisson_fit(rng):
    # 8 events in 400 days: alpha > 0 does not raise the likelihood
    n = 400
    data = pd.DataFrame({"a": rng.poisson(0.05, n), "b": rng.poisson(0.02, n)},
                        index=_days(n))
    with pytest.warns(DataWarning, match="no overdispersion"):
        nb = CountModel(data, "b", lags=[(1, 3)], family="negbin").fit()
    po = CountModel(data, "b", lags=[(1, 3)], family="poisson").fit()
    assert nb.params["dispersion"] == 0.0
    np.testing.assert_allclose(nb.params.drop("dispersion"), po.params, rtol=1e-6)
    np.testing.assert_allclose(nb.bse.drop("dispersion"), po.bse, rtol=1e-6)


def test_values_are_stated_to_three_digits_and_intervals_to_one_decimal_place():
    v = _jsonable({"r": {"estimate": 0.10083, "lower": 0.0028449, "upper": 0.19883,
                         "p": 0.0093545}, "llf": -2485.67, "tiny": 1.52409e-13, "n": 7}, 3)
    assert v == {"r": {"estimate": 0.101, "lower": 0.003, "upper": 0.199, "p": 0.00935},
                 "llf": -2486.0, "tiny": 1.52e-13, "n": 7}
    assert stated_unit(0.10083) == pytest.approx(0.001)
    assert stated_unit(-2485.67) == 1.0


def test_save_figure_snaps_plotted_noise_so_files_agree(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt

    from analysis.plotting import save_figure

    monkeypatch.setenv("ESCALATION_FIGURE_CHECK", "off")   # a bare test figure, not print

    def draw(eps, directory):
        fig, ax = plt.subplots(figsize=(3, 2))
        x = np.arange(50) / 64.0                 # float32-exact grid values ...
        y = np.round(np.sin(3 * x) * 256) / 256
        y = y * (1 + eps)                        # ... with BLAS-sized noise on top
        ax.plot(x, y)
        ax.fill_between(x, y - 0.25 * (1 + eps), y + 0.25)
        ax.errorbar([0.375], [0.5 * (1 + eps)], yerr=[[0.125], [0.25 * (1 + eps)]], fmt="o")
        ax.bar([0.625], [0.375 * (1 + eps)], width=0.125)
        ax.scatter([0.25], [0.75 * (1 + eps)])
        save_figure(fig, "snap", directory=directory, close=False)
        return fig

    f1, f2 = draw(0.0, tmp_path / "a"), draw(3e-13, tmp_path / "b")

    def data(fig):
        ax = fig.axes[0]
        out = [l.get_ydata() for l in ax.lines]
        out += [p.vertices for c in ax.collections if hasattr(c, "get_paths")
                for p in c.get_paths()]
        out += [np.ravel(c.get_offsets()) for c in ax.collections]
        out += [np.array([r.get_height()]) for r in ax.patches]
        return out

    for u, v in zip(data(f1), data(f2), strict=True):
        np.testing.assert_array_equal(u, v)
    for ext in ("png", "pdf"):
        assert ((tmp_path / "a" / f"snap.{ext}").read_bytes()
                == (tmp_path / "b" / f"snap.{ext}").read_bytes())


@pytest.mark.parametrize("make", [
    lambda d: CountModel(d, "b", lags=1, family="poisson"),
    lambda d: __import__("analysis").VARModel(d, lags=1),
    lambda d: __import__("analysis").CountHawkes(d, max_lag=3),
    lambda d: __import__("analysis").ChangePointModel(d["a"]),
])
def test_every_family_refuses_counts_that_skip_periods(make, rng):
    from analysis import DataError, SpecificationError
    n = 200
    d = pd.DataFrame({"a": rng.poisson(1, n), "b": rng.poisson(1, n)}, index=_days(n))
    with pytest.raises(DataError, match="gaps"):
        make(d.drop(d.index[50:55]))
    as_int = d.reset_index(drop=True)
    make(as_int)                                            # consecutive integers: fine
    with pytest.raises(DataError, match="consecutive"):
        make(as_int.drop(range(50, 55)))
    as_text = d.copy()
    as_text.index = as_text.index.strftime("%Y-%m-%d")
    with pytest.raises(SpecificationError, match="indexed by dates"):
        make(as_text)


def test_hawkes_refuses_datetime64_times():
    from analysis import Hawkes, SpecificationError
    t = np.array(["2024-01-01", "2024-01-03"], dtype="datetime64[D]")
    with pytest.raises(SpecificationError, match="days since an origin"):
        Hawkes({"a": t, "b": np.array([0.5, 2.5])})
