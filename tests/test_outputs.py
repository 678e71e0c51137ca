"""Deterministic figures and values; summaries render as text, HTML and LaTeX."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from analysis import save_figure, save_values
from analysis.plotting import new_figure, plot_stacked_bars, plot_timeline
from analysis.reporting import HypothesisTest, Summary


def _figure(rng):
    fig, ax = new_figure("single")
    x = rng.normal(size=200)
    ax.plot(np.cumsum(x), label="walk")
    ax.set_title("Ümlaut and عربي")
    ax.legend()
    return fig


@pytest.mark.parametrize("fmt", ["png", "pdf", "svg"])
def test_save_figure_is_byte_identical(tmp_path, fmt):
    a = save_figure(_figure(np.random.default_rng(1)), "a", directory=tmp_path / "1", formats=(fmt,))
    b = save_figure(_figure(np.random.default_rng(1)), "a", directory=tmp_path / "2", formats=(fmt,))
    assert a[0].read_bytes() == b[0].read_bytes()
    # the manifest beside the figure (figures/manifest/, analysis.figure_checks) too
    assert (tmp_path / "1" / "manifest" / "a.json").read_bytes() == \
        (tmp_path / "2" / "manifest" / "a.json").read_bytes()
    raw = a[0].read_bytes()
    assert b"CreationDate" not in raw and b"Matplotlib version" not in raw
    if fmt == "png":
        assert b"Software" not in raw


def test_save_figure_uses_env_folder(figures_tmp, rng):
    paths = save_figure(_figure(rng), "01-x")
    assert {p.parent for p in paths} == {figures_tmp}
    assert sorted(p.suffix for p in paths) == [".pdf", ".png"]
    with pytest.raises(ValueError, match="formats must be among"):
        save_figure(_figure(rng), "x", formats=("jpg",))


def test_save_values_sorted_rounded_and_finite(figures_tmp):
    p = save_values({"b": np.float64(1 / 3), "a": {"z": np.int64(2), "y": [0.1, 2]},
                     "d": pd.Timestamp("2024-01-28")}, "01-test")
    text = p.read_text()
    assert json.loads(text) == {"a": {"y": [0.1, 2], "z": 2}, "b": 0.333, "d": "2024-01-28"}   # 3 significant digits
    assert text.index('"a"') < text.index('"b"')
    assert save_values({"b": 1 / 3}, "01-again").read_text() == save_values({"b": 1 / 3}, "01-again").read_text()
    with pytest.raises(ValueError, match="finite numbers only"):
        save_values({"x": float("nan")}, "01-bad")


def test_summary_renders_three_ways():
    table = pd.DataFrame({"coef": [0.12345, -1.5], "p": [0.04, 1e-9]}, index=["a_1", "b&c"])
    s = Summary("Test model", info=[("Observations", 10), ("Log-likelihood", -12.3456)],
                tables=[("Coefficients", table)], notes=["H0 holds 50% of the time"])
    text = s.as_text()
    assert "Test model" in text and "0.1235" in text and "1.000e-09" in text and "Observations" in text
    html = s._repr_html_()
    assert "<table" in html and "b&amp;c" in html
    latex = s.as_latex()
    assert r"\begin{tabular}" in latex and r"b\&c" in latex and r"a\_1" in latex and r"50\%" in latex


def test_hypothesis_test_result():
    t = HypothesisTest(3.2, 0.04, (2, 100), "lags of 'us' do not help predict 'militia'", "F")
    assert "H0: lags of 'us' do not help predict 'militia'" in str(t)
    assert t.to_dict()["df"] == [2, 100]


def test_plots_return_axes(rng):
    idx = pd.date_range("2024-01-01", periods=30, freq="D")
    counts = pd.DataFrame({"a": rng.poisson(1, 30), "b": rng.poisson(0.5, 30)}, index=idx)
    ax = plot_timeline(counts)
    assert len(ax.patches) == 60
    fig, ax2 = plt.subplots()
    assert plot_timeline(counts.assign(c=1), ax=ax2) is ax2          # 3 sides: step lines
    assert len(ax2.lines) == 3
    with pytest.raises(ValueError, match="mirror=True needs exactly two sides"):
        plot_timeline(counts.assign(c=1), mirror=True)
    assert len(plot_stacked_bars(counts).patches) == 60
