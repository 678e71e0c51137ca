"""Every package warning names the user's line, not a line inside the package."""

import warnings

import numpy as np
import pandas as pd

import analysis
from analysis.exceptions import DataWarning, warn


def _inner():
    warn("from inside", DataWarning)


def test_warn_skips_package_frames_only():
    # called from a test file (outside the package): the warning names this file
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _inner()
    assert len(caught) == 1
    assert caught[0].filename == __file__
    assert caught[0].category is DataWarning


def test_model_warning_points_at_the_calling_line():
    # a NB fit on Poisson data warns (no overdispersion) from deep inside counts.py;
    # the warning must name this test file
    rng = np.random.default_rng(3)
    idx = pd.date_range("2020-01-01", periods=300, freq="D")
    counts = pd.DataFrame({"a": rng.poisson(0.8, 300), "b": rng.poisson(0.8, 300)}, index=idx)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis.CountModel(counts, "a", lags=2, family="negbin").fit()
    ours = [w for w in caught if issubclass(w.category, analysis.AnalysisWarning)]
    assert ours, "expected a warning about missing overdispersion"
    assert {w.filename for w in ours} == {__file__}
