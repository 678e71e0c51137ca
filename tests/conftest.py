"""Shared fixtures. Randomness comes only from the seeded ``rng`` fixture."""

import os

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")


@pytest.fixture
def rng():
    """A fresh, seeded generator for each test."""
    return np.random.default_rng(20240128)


@pytest.fixture
def figures_tmp(tmp_path, monkeypatch):
    """Send save_figure/save_values output to a temporary folder."""
    monkeypatch.setenv("ESCALATION_FIGURES_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def day_rounded_events():
    """A factory of two-side Hawkes event times in which all but every ``exact_every``-th
    event is rounded to the middle of its day, as ``to_events`` gives day-precision
    incidents: ``day_rounded_events(T, exact_every, rng)`` -> EventTimes."""
    from analysis import EventTimes, simulate_hawkes

    def make(T, exact_every, rng):
        ev = simulate_hawkes([0.3, 0.2], [[0.2, 0.3], [0.1, 0.2]], 1.0, float(T), rng=rng,
                             sides=["a", "b"])
        exact = {s: np.arange(len(ev[s])) % exact_every == 0 for s in ev}
        times = {s: np.where(exact[s], ev[s], np.floor(ev[s]) + 0.5) for s in ev}
        order = {s: np.argsort(times[s], kind="stable") for s in ev}
        return EventTimes({s: times[s][order[s]] for s in ev}, "2020-01-01", float(T),
                          {s: exact[s][order[s]] for s in ev})
    return make


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
