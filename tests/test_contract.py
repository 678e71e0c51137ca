"""One contract over every model family: specify -> fit -> results -> summary -> plots.

Each model takes data for *any* sides (here three made-up ones). ``fit()`` returns a new
results object and leaves the model untouched (every attribute); every results object
has the shared names (``model``, ``sides``, ``nobs``, ``params``, ``conf_int(alpha)``
with columns ``lower``, ``upper``, ``summary(alpha)``; ``bse``/``cov_params()`` and
``llf``/``aic``/``bic`` where the family has them), ``summary()`` renders as text, HTML
and LaTeX, every ``plot*`` method draws on the Axes it is given and returns it, every
function that draws refuses ``rng=None`` with one message, the same seed gives identical
results, and ``n_jobs=1`` and ``n_jobs=2`` give identical results. Forecasting has no
model class (``one_step_ahead`` compares several forecasters); its results object is held
to the same names, renderings and plots in a test of its own.
"""

import copy
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis as ea
from analysis.models.base import RNG_REQUIRED, ModelResults
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


@pytest.fixture(scope="module")
def events(incidents):
    return ea.to_events(incidents).jitter(np.random.default_rng(3))


# family -> (make model, fit method name, fit kwargs, has a likelihood)
def _families(counts, incidents, events):
    tied = ea.to_events(incidents)
    return {
        "CountModel": (lambda: ea.CountModel(counts, "north", lags=3, family="negbin"),
                       "fit", {}, True),
        "VARModel": (lambda: ea.VARModel(counts, lags=2), "fit", {}, True),
        "CountHawkes": (lambda: ea.CountHawkes(counts, max_lag=7, family="poisson"),
                        "fit", {}, True),
        "Hawkes": (lambda: ea.Hawkes(events, decay=1.0), "fit", {}, True),
        "HawkesJitter": (lambda: ea.Hawkes(tied, decay=1.0), "fit_jitter",
                         {"n_jitter": 3, "rng": 5}, True),
        "ChangePointModel": (lambda: ea.ChangePointModel(counts, family="poisson",
                                                         min_size=14), "fit", {}, True),
        "BayesianChangePoint": (lambda: ea.BayesianChangePoint(counts, max_changes=3,
                                                               min_size=30), "fit", {}, False),
        "ResponseLagModel": (lambda: ea.ResponseLagModel(incidents, "south", "north"), "fit",
                             {"n_boot": 50, "rng": 1}, False),
        "DeterrenceModel": (lambda: ea.DeterrenceModel(incidents, "north", "south"), "fit",
                            {}, True),
        "SignedCountHawkes": (lambda: ea.SignedCountHawkes(counts, max_lag=7,
                                                           family="poisson"), "fit", {}, True),
    }


FAMILIES = ["CountModel", "VARModel", "CountHawkes", "Hawkes", "HawkesJitter",
            "ChangePointModel", "BayesianChangePoint", "ResponseLagModel", "DeterrenceModel",
            "SignedCountHawkes"]


def _same(a, b, path="model", seen=None):
    """Deep equality of two snapshots of an object graph (DataFrames, arrays, objects)."""
    seen = set() if seen is None else seen
    if id(a) in seen:
        return
    seen.add(id(a))
    if isinstance(a, (pd.DataFrame, pd.Series, pd.Index)):
        assert type(a) is type(b), path
        if isinstance(a, pd.Index):
            pd.testing.assert_index_equal(a, b, obj=path)
        elif isinstance(a, pd.Series):
            pd.testing.assert_series_equal(a, b, obj=path)
        else:
            pd.testing.assert_frame_equal(a, b, obj=path)
    elif isinstance(a, np.ndarray):
        np.testing.assert_array_equal(a, b, err_msg=path)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _same(a[k], b[k], f"{path}[{k!r}]", seen)
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]", seen)
    elif hasattr(a, "__dict__") and not isinstance(a, type) and not callable(a):
        _same(vars(a), vars(b), path, seen)
    elif isinstance(a, float) and np.isnan(a):
        assert isinstance(b, float) and np.isnan(b), path
    else:
        assert a == b, path


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
            elif p.name == "intervals":
                # change-date intervals: the table's columns, one row around mid-series
                idx = results.counts.index
                i = len(idx) // 2
                kwargs[p.name] = pd.DataFrame({"estimate": [idx[i]], "lower": [idx[i - 3]],
                                               "upper": [idx[i + 3]]})
            elif p.name not in kwargs:
                raise AssertionError(f"{name} needs {p.name}; extend the contract test")
        yield name, meth, kwargs


def _public_properties(cls):
    for klass in cls.__mro__:
        for name, attr in vars(klass).items():
            if isinstance(attr, property) and not name.startswith("_"):
                yield name, attr


@pytest.fixture(scope="module")
def fitted(counts, incidents, events):
    out = {}
    for name, (make, method, kwargs, has_llf) in _families(counts, incidents, events).items():
        model = make()
        before = copy.deepcopy(model)
        res1 = getattr(model, method)(**kwargs)
        res2 = getattr(model, method)(**kwargs)
        out[name] = (model, before, res1, res2, has_llf)
    return out


@pytest.mark.parametrize("family", FAMILIES)
def test_fit_leaves_the_model_untouched(family, fitted):
    model, before, res1, res2, _ = fitted[family]
    assert res1 is not res2 and res1 is not model
    _same(vars(before), vars(model))


@pytest.mark.parametrize("family", FAMILIES)
def test_results_names(family, fitted):
    model, _, res, res2, has_llf = fitted[family]
    assert isinstance(res, ModelResults)
    assert res.model is model
    assert [str(s) for s in res.sides] == [str(s) for s in model.sides]
    assert isinstance(res.nobs, int) and res.nobs > 0
    assert isinstance(res.params, pd.Series) and len(res.params) > 0
    pd.testing.assert_series_equal(res.params, res2.params)   # deterministic
    ci = res.conf_int(0.1) if family != "ResponseLagModel" else res.conf_int()
    assert list(ci.columns) == ["lower", "upper"]
    assert set(ci.index) <= set(res.params.index) and len(ci) > 0
    est = res.params.reindex(ci.index)
    ok = ci.notna().all(axis=1)
    assert ((ci["lower"][ok] <= est[ok] + 1e-12) & (est[ok] <= ci["upper"][ok] + 1e-12)).all()
    if family not in ("ResponseLagModel",):
        assert isinstance(res.bse, pd.Series)
        cov = res.cov_params()
        assert list(cov.index) == list(res.params.index) == list(cov.columns)
    if has_llf:
        for name in ("llf", "aic", "bic"):
            assert np.isfinite(getattr(res, name)), name
    else:
        with pytest.raises(AttributeError, match="no .*likelihood"):
            res.llf
    assert type(res).__name__ in repr(res) or type(res).__name__[:-7] in repr(res)


@pytest.mark.parametrize("family", FAMILIES)
def test_summary_renders_three_ways_and_is_documented(family, fitted):
    _, _, res, _, _ = fitted[family]
    s = res.summary() if family == "ResponseLagModel" else res.summary(alpha=0.1)
    assert isinstance(s, Summary)
    assert s.as_text() and "<table" in s._repr_html_() and "tabular" in s.as_latex()
    assert "<table" in res._repr_html_()
    assert inspect.getdoc(type(res).summary)
    undocumented = [n for n, p in _public_properties(type(res)) if not p.__doc__]
    assert not undocumented, f"{type(res).__name__}: properties without docstring: {undocumented}"


@pytest.mark.parametrize("family", FAMILIES)
def test_every_plot_draws_on_the_given_axes(family, fitted):
    _, _, res, _, _ = fitted[family]
    n_plots = 0
    for name, meth, kwargs in _plot_calls(res):
        fig, ax = plt.subplots()
        out = meth(ax=ax, **kwargs)
        assert out is ax, f"{family}.{name} must return the Axes it drew on"
        assert ax.has_data() or ax.images or ax.collections or ax.texts, name
        plt.close(fig)
        n_plots += 1
    assert n_plots >= 1


def test_wrappers_equal_their_models(incidents, counts):
    a = ea.response_lags(incidents, "south", "north", n_boot=50, rng=1)
    b = ea.ResponseLagModel(incidents, "south", "north").fit(n_boot=50, rng=1)
    pd.testing.assert_frame_equal(a.within, b.within)
    c = ea.deterrence(incidents, "north", "south")
    d = ea.DeterrenceModel(incidents, "north", "south").fit()
    pd.testing.assert_series_equal(c.params, d.params)
    pd.testing.assert_series_equal(ea.detect_phases(counts, min_size=14).params,
                                   ea.ChangePointModel(counts, min_size=14).fit().params)


# --------------------------------------------------------------------------------------
# Randomness: rng required, same seed -> same result, any n_jobs -> same result
# --------------------------------------------------------------------------------------
def _drawing_calls(counts, incidents, events):
    """name -> f(rng, n_jobs): every function that draws random numbers."""
    cm = ea.CountModel(counts, "north", lags=2, family="poisson")
    ch = ea.CountHawkes(counts, max_lag=5, family="poisson").fit()
    hk = ea.Hawkes(events, decay=1.0).fit()
    tied = ea.Hawkes(ea.to_events(incidents), decay=1.0)
    var = ea.VARModel(counts, lags=1).fit()
    det = ea.DeterrenceModel(incidents, "north", "south").fit()
    fc = _forecasts(counts)
    return {
        "CountModel.fit(bootstrap)": lambda rng, n_jobs=1: cm.fit(
            cov_type="bootstrap", n_boot=20, block_length=10, rng=rng,
            n_jobs=n_jobs).bootstrap_draws,
        "CountHawkesResults.bootstrap": lambda rng, n_jobs=1: ch.bootstrap(
            10, rng=rng, n_jobs=n_jobs).bootstrap_params,
        "Hawkes.fit_jitter": lambda rng, n_jobs=1: tied.fit_jitter(
            3, rng=rng, n_jobs=n_jobs).params_by_copy,
        "HawkesResults.bootstrap": lambda rng, n_jobs=1: hk.bootstrap(
            6, rng=rng, n_jobs=n_jobs).params,
        "VARResults.bootstrap": lambda rng, n_jobs=1: var.bootstrap(
            30, method="block", rng=rng, n_jobs=n_jobs).coefs,
        "CountHawkesResults.simulate": lambda rng, n_jobs=1: ch.simulate(rng),
        "HawkesResults.simulate": lambda rng, n_jobs=1: hk.simulate(rng)["north"],
        "HawkesResults.counterfactual": lambda rng, n_jobs=1: hk.counterfactual(
            source="north", target="south", n_sim=5, rng=rng).table,
        "simulate_hawkes": lambda rng, n_jobs=1: ea.simulate_hawkes(
            [0.2], [[0.3]], 1.0, 50.0, rng)["0"],
        "simulate_count_hawkes": lambda rng, n_jobs=1: ea.simulate_count_hawkes(
            50, [0.3], [[0.2]], rng=rng),
        "response_lags": lambda rng, n_jobs=1: ea.response_lags(
            incidents, "south", "north", n_boot=30, rng=rng).within,
        "DeterrenceResults.bootstrap": lambda rng, n_jobs=1: det.bootstrap(
            50, rng=rng, n_jobs=n_jobs).bootstrap_params,
        "simulate_signed_count_hawkes": lambda rng, n_jobs=1: ea.simulate_signed_count_hawkes(
            50, [0.3, 0.2], [[0.2, -0.3], [0.1, 0.0]], rng=rng),
        "ForecastResults.conf_int": lambda rng, n_jobs=1: fc.conf_int(0.1, n_boot=50,
                                                                      rng=rng),
        "ForecastResults.pit": lambda rng, n_jobs=1: fc.pit(fc.labels[1], "north", rng=rng),
    }


@pytest.fixture(scope="module")
def drawing(counts, incidents, events):
    return _drawing_calls(counts, incidents, events)


@pytest.mark.parametrize("name", ["CountModel.fit(bootstrap)", "CountHawkesResults.bootstrap",
                                  "Hawkes.fit_jitter", "HawkesResults.bootstrap",
                                  "VARResults.bootstrap", "CountHawkesResults.simulate",
                                  "HawkesResults.simulate", "HawkesResults.counterfactual",
                                  "simulate_hawkes", "simulate_count_hawkes", "response_lags",
                                  "DeterrenceResults.bootstrap", "simulate_signed_count_hawkes",
                                  "ForecastResults.conf_int", "ForecastResults.pit"])
def test_rng_required_and_same_seed_same_result(name, drawing):
    f = drawing[name]
    with pytest.raises(ea.SpecificationError) as err:
        f(None)
    assert RNG_REQUIRED in str(err.value)
    _same(f(11), f(11), name)
    _same(f(np.random.default_rng(11)), f(11), name)


@pytest.mark.parametrize("name", ["CountModel.fit(bootstrap)", "CountHawkesResults.bootstrap",
                                  "Hawkes.fit_jitter", "HawkesResults.bootstrap",
                                  "VARResults.bootstrap", "DeterrenceResults.bootstrap"])
def test_n_jobs_does_not_change_results(name, drawing):
    f = drawing[name]
    _same(f(23, n_jobs=1), f(23, n_jobs=2), name)


def test_forecast_refits_n_jobs(counts):
    a, b = _forecasts(counts, n_jobs=1), _forecasts(counts, n_jobs=2)
    pd.testing.assert_frame_equal(a.scores, b.scores)
    pd.testing.assert_series_equal(a.params, b.params)


# --------------------------------------------------------------------------------------
# Forecasting: a results family without a model class (one_step_ahead compares several)
# --------------------------------------------------------------------------------------
def _forecasts(counts, n_jobs=1, forecasters=None):
    from analysis.models.forecast import Forecaster
    forecasters = forecasters or [Forecaster("poisson", options={"lags": 3})]
    return ea.one_step_ahead(counts[["north", "south"]], forecasters, start=400,
                             refit_every=100, n_jobs=n_jobs, progress=False)


@pytest.mark.filterwarnings("error::RuntimeWarning")     # no numpy warning reaches the user
def test_forecast_results_follow_the_contract(counts):
    from analysis.models.forecast import Forecaster
    forecasters = [Forecaster("poisson", options={"lags": 3}),
                   Forecaster("negbin", "own", {"lags": 3})]
    before = copy.deepcopy(forecasters)
    res = _forecasts(counts, forecasters=forecasters)
    _same(vars(before[0]), vars(forecasters[0]), "forecaster")     # left untouched
    _same(vars(before[1]), vars(forecasters[1]), "forecaster")
    assert isinstance(res, ModelResults)
    assert res.model.sides == ["north", "south"] and res.nobs == 200
    assert isinstance(res.params, pd.Series) and len(res.params) == 4
    pd.testing.assert_series_equal(res.params, _forecasts(counts, forecasters=forecasters).params)
    ci = res.conf_int(0.1, n_boot=50, rng=1)
    assert list(ci.columns) == ["lower", "upper"] and set(ci.index) <= set(res.params.index)
    est = res.params.reindex(ci.index)
    assert ((ci["lower"] <= est + 1e-12) & (est <= ci["upper"] + 1e-12)).all()
    for name in ("llf", "aic", "bic"):
        with pytest.raises(AttributeError, match="no (likelihood|AIC)"):
            getattr(res, name)
    s = res.summary(alpha=0.1)
    assert isinstance(s, Summary)
    assert s.as_text() and "<table" in s._repr_html_() and "tabular" in s.as_latex()
    assert "<table" in res._repr_html_()
    draws = {"plot_score_differences": {}, "plot_pit": {"model": res.labels[1],
                                                        "side": "north"}}
    assert sorted(n for n in dir(res) if n.startswith("plot")) == sorted(draws)
    for name, kwargs in draws.items():
        fig, ax = plt.subplots()
        assert getattr(res, name)(ax=ax, **kwargs) is ax, name
        assert ax.has_data() or ax.patches or ax.collections, name
        plt.close(fig)


def test_jitter_bootstrap_n_jobs(incidents):
    ens = ea.Hawkes(ea.to_events(incidents), decay=1.0).fit_jitter(2, rng=4)
    a = ens.bootstrap(4, rng=9, n_jobs=1)
    b = ens.bootstrap(4, rng=9, n_jobs=2)
    pd.testing.assert_frame_equal(a.params, b.params)
    with pytest.raises(ea.SpecificationError, match="rng="):
        ens.bootstrap(4, rng=None)


# --------------------------------------------------------------------------------------
# Renamed public names raise an error naming the new one (CHANGELOG.md)
# --------------------------------------------------------------------------------------
def test_renamed_names_raise_naming_the_new_one(counts, incidents, fitted):
    cases = [
        (lambda: ea.CountHawkes(counts, decay="shared"), TypeError, "decay_structure="),
        (lambda: ea.CountModel(counts, "north", lags=2).fit(maxlags=3), TypeError,
         "hac_lags="),
        (lambda: ea.detect_phases(counts, cost="poisson"), TypeError, "family="),
        (lambda: ea.ChangePointModel(counts, cost="nb"), TypeError, "family="),
        (lambda: ea.response_lags(incidents, "south", "north", block=2, rng=1), TypeError,
         "block_length="),
        (lambda: ea.simulate_count_hawkes(10, nu=[0.1], excitation=[[0.1]], rng=1),
         TypeError, "baseline="),
        (lambda: ea.simulate_hawkes([0.1], adjacency=[[0.1]], decay=1.0, end_time=5.0,
                                    rng=1), TypeError, "branching="),
        (lambda: fitted["CountHawkes"][2].reproduction_matrix, AttributeError,
         "branching_matrix"),
        (lambda: fitted["CountHawkes"][2].reproduction_conf_int(), AttributeError,
         "branching_conf_int"),
        (lambda: fitted["CountHawkes"][2].plot_reproduction(), AttributeError,
         "plot_branching"),
        (lambda: fitted["CountHawkes"][2].plot_kernel(), AttributeError, "plot_kernels"),
        (lambda: fitted["Hawkes"][2].adjacency, AttributeError, "branching_components"),
        (lambda: fitted["Hawkes"][2].loglik, AttributeError, "llf"),
        (lambda: fitted["HawkesJitter"][2].estimate, AttributeError, "params"),
        (lambda: fitted["VARModel"][2].names, AttributeError, "sides"),
        (lambda: fitted["VARModel"][0].names, AttributeError, "sides"),
        (lambda: fitted["ChangePointModel"][2].plot_phases(), AttributeError, "plot"),
        (lambda: fitted["ChangePointModel"][2].cost, AttributeError, "family"),
        (lambda: fitted["BayesianChangePoint"][2].plot_prob_change(), AttributeError, "plot"),
        (lambda: fitted["ResponseLagModel"][2].plot_lags(), AttributeError, "plot"),
        (lambda: fitted["DeterrenceModel"][2].plot_survival(), AttributeError, "plot"),
    ]
    for call, exc, new in cases:
        with pytest.raises(exc, match=f"renamed to {new}"):
            call()


def _square(x):
    return x * x


def test_replicate_runner_keeps_order_and_checks_its_options(capsys):
    from analysis.models import base
    tasks = list(range(12))
    assert base.run_replicates(_square, tasks, n_jobs=2, progress=True) == [t * t for t in tasks]
    assert base.run_replicates(_square, tasks, n_jobs=1, progress=False) == [t * t for t in tasks]
    for bad in (0, -2, 1.5, True, None):
        with pytest.raises(ea.SpecificationError, match="n_jobs"):
            base.run_replicates(_square, tasks, n_jobs=bad)
    for bad in (None, -1, True, 1.5, "7"):
        with pytest.raises(ea.SpecificationError, match="rng"):
            base.as_rng(bad)
    seeds = base.replicate_seeds(5, 4)
    assert seeds == base.replicate_seeds(np.random.default_rng(5), 4) and len(set(seeds)) == 4
    # the one failure policy: a numerical failure is a failed replicate, a bug propagates
    assert base.guarded(lambda: 1 / 0) is None
    with pytest.raises(KeyError):
        base.guarded(lambda: {}["missing"])
    with pytest.warns(ea.ConvergenceWarning, match="3 of 20"):
        base.check_bootstrap_failures(3, 20, minimum=10, advice="simplify")
    with pytest.raises(ea.EstimationError, match="11 of 20"):
        base.check_bootstrap_failures(11, 20, minimum=10, advice="simplify")
