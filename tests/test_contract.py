"""One contract over every model family: specify -> fit -> summary -> plots.

Each model takes data for *any* sides (here three made-up ones), ``fit()`` returns a new
results object and leaves the model untouched, ``summary()`` renders as text, HTML and
LaTeX, and every ``plot*`` method draws on the Axes it is given and returns it.
"""

import copy
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis as ea
from analysis.reporting import Summary

SIDES = ["north", "south", "west"]


@pytest.fixture(scope="module")
def counts():
    rng = np.random.default_rng(7)
    sim = ea.simulate_count_hawkes(
        600, [0.3, 0.2, 0.15], [[0.2, 0.1, 0.0], [0.15, 0.1, 0.05], [0.0, 0.1, 0.2]],
        max_lag=7, family="negbin", dispersion=0.5, sides=SIDES, start="2022-01-01", rng=rng)
    assert list(sim.columns) == SIDES and isinstance(sim.index, pd.DatetimeIndex)
    return sim


@pytest.fixture(scope="module")
def incidents(counts):
    rows = []
    for day, row in counts.iterrows():
        for side in SIDES:
            if row[side] > 0:
                rows.append({"incident_id": f"{day:%Y%m%d}-{side}", "date": day, "side": side,
                             "target_side": SIDES[(SIDES.index(side) + 1) % 3],
                             "event_type": "attack" if side != "south" else "strike",
                             "n_attacks": int(row[side]), "retaliation_for": np.nan})
    return pd.DataFrame(rows)


def _models(counts, incidents):
    events = ea.to_events(incidents)
    return {
        "CountModel": (ea.CountModel(counts, "north", lags=3, family="negbin"), {}),
        "VARModel": (ea.VARModel(counts, lags=2), {}),
        "CountHawkes": (ea.CountHawkes(counts, max_lag=7, family="poisson"), {}),
        "Hawkes": (ea.Hawkes(events.jitter(np.random.default_rng(3)), decay=1.0), {}),
        "ChangePointModel": (ea.ChangePointModel(counts, family="poisson", min_size=14), {}),
    }


def _plot_calls(results):
    """Every public plot method whose required arguments (besides ax) can be filled."""
    for name in dir(results):
        if not name.startswith("plot"):
            continue
        meth = getattr(results, name)
        if not callable(meth):
            continue
        params = inspect.signature(meth).parameters
        if "ax" not in params:
            raise AssertionError(f"{type(results).__name__}.{name} has no ax= argument")
        required = [p for n, p in params.items() if n != "ax" and p.default is p.empty
                    and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        # one panel: name the series where the method can draw a single one
        kwargs = {n: v for n, v in (("response", "north"), ("impulse", "south"))
                  if n in params}
        for p in required:
            if p.name in ("impulse", "side"):
                kwargs[p.name] = "south"
            elif p.name not in kwargs:
                raise AssertionError(f"{name} needs {p.name}; extend the contract test")
        yield name, meth, kwargs


@pytest.mark.parametrize("family", ["CountModel", "VARModel", "CountHawkes", "Hawkes",
                                    "ChangePointModel"])
def test_fit_summary_plots(family, counts, incidents):
    model, fit_kwargs = _models(counts, incidents)[family]
    before = copy.deepcopy(model.__dict__)
    res1 = model.fit(**fit_kwargs)
    res2 = model.fit(**fit_kwargs)
    assert res1 is not res2 and res1 is not model
    for k, v in before.items():                       # fit() leaves the model untouched
        now = model.__dict__[k]
        if isinstance(v, (pd.DataFrame, pd.Series)):
            pd.testing.assert_frame_equal(pd.DataFrame(now), pd.DataFrame(v))
        elif isinstance(v, np.ndarray):
            np.testing.assert_array_equal(now, v)
    s = res1.summary()
    assert isinstance(s, Summary)
    assert s.as_text() and "<table" in s._repr_html_() and "tabular" in s.as_latex()
    n_plots = 0
    for name, meth, kwargs in _plot_calls(res1):
        fig, ax = plt.subplots()
        out = meth(ax=ax, **kwargs)
        assert out is ax, f"{family}.{name} must return the Axes it drew on"
        assert ax.has_data() or ax.images or ax.collections or ax.texts, name
        plt.close(fig)
        n_plots += 1
    assert n_plots >= 1


def test_timing_contract(incidents):
    lags = ea.response_lags(incidents, "south", "north", rng=1, n_boot=50)
    det = ea.deterrence(incidents, "north", "south")
    for res in (lags, det):
        assert isinstance(res.summary(), Summary)
        for name, meth, kwargs in _plot_calls(res):
            fig, ax = plt.subplots()
            assert meth(ax=ax, **kwargs) is ax, name
            plt.close(fig)
