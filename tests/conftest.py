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


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def pytest_configure(config):
    os.environ.setdefault("MPLBACKEND", "Agg")
