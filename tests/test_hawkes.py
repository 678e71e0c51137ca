"""Hawkes process: likelihood, estimation, inference, ties, bad input, presentation.

Tolerances are stated where they are used. Recovery checks use the model's own
standard errors (|estimate - truth| < 4 SE: a false failure has probability ~1e-4
per parameter under correct SEs) together with an absolute ceiling on the SE, so a test
cannot pass by having useless standard errors.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import optimize

import analysis
from analysis import (AnalysisWarning, ConvergenceWarning, DataError, ExplosiveWarning,
                      Hawkes, SpecificationError, TiesWarning, simulate_hawkes)
from analysis.models import _hawkes_core as core
from analysis.models import _hawkes_fit as hf
from warning_checks import expect_warning

MU = np.array([0.5, 0.3])
ADJ = np.array([[0.3, 0.2], [0.4, 0.1]])      # target x source
DECAY = 1.2


# ---------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------
def direct_loglik(arrays, T, bounds, mu, alpha, beta):
    """O(N^2) log-likelihood straight from the definition (strict history)."""
    D = len(arrays)
    ll = 0.0
    for i in range(D):
        for tk in arrays[i]:
            p = np.searchsorted(bounds[1:-1], tk, side="right")
            lam = mu[i, p]
            for j in range(D):
                past = arrays[j][arrays[j] < tk]
                for u in range(beta.shape[2]):
                    lam += np.sum(alpha[i, j, u] * beta[i, j, u]
                                  * np.exp(-beta[i, j, u] * (tk - past)))
            ll += np.log(lam)
        ll -= np.sum(mu[i] * np.diff(bounds))
        for j in range(D):
            for u in range(beta.shape[2]):
                ll -= alpha[i, j, u] * np.sum(1 - np.exp(-beta[i, j, u] * (T - arrays[j])))
    return ll


def _sim(rng, T, mu=MU, adj=ADJ, decay=DECAY, **kw):
    return simulate_hawkes(mu, adj, decay, T, rng, sides=["a", "b"][:len(mu)]
                           if len(mu) <= 2 else None, **kw)


def _full(prep, mu, alpha, beta, hess=False):
    return core.loglik_full(prep.t, prep.m, prep.ph_stream, prep.T, prep.seglen, mu, alpha,
                            beta, hess)


# ---------------------------------------------------------------------------------------
# likelihood and derivatives
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", ["exp", "sumexp_pair_phases", "ties"])
def test_loglik_matches_direct_quadratic_implementation(rng, case):
    D = 3 if case != "exp" else 2
    U = 2 if case == "sumexp_pair_phases" else 1
    T = 60.0
    arrays = [np.sort(rng.uniform(0, T, n)) for n in (40, 25, 30)[:D]]
    if case == "ties":   # day precision: mid-day times with many ties within and across sides
        arrays = [np.sort(np.floor(a) + 0.5) for a in arrays]
    bounds = np.array([0.0, 20.0, 45.0, T]) if U == 2 else np.array([0.0, T])
    mu = rng.uniform(0.2, 0.6, (D, bounds.size - 1))
    alpha = rng.uniform(0.0, 0.3, (D, D, U))
    beta = rng.uniform(0.3, 3.0, (D, D, U))
    prep = hf.prepare(arrays, T, bounds)
    ours = _full(prep, mu, alpha, beta)[0]
    ref = direct_loglik(arrays, T, bounds, mu, alpha, beta)
    assert ours == pytest.approx(ref, rel=1e-12, abs=1e-9)
    # the public API gives the same number
    model = Hawkes(arrays, kernel="sumexp" if U == 2 else "exp", decay=beta, end_time=T,
                   phases=list(bounds[1:-1]) if U == 2 else None)
    assert model.loglik(mu, alpha, beta) == pytest.approx(ref, rel=1e-12)


def test_loglik_matches_tick_reference():
    """Independent software: tick 0.8.0.2's log-likelihood losses on a fixed data set,
    produced by ``python benchmarks/bench_hawkes_tick.py --reference``. tick's loss is
    ``(-loglik - D T) / N`` (it leaves out a constant, tick issues #112/#468)."""
    ref = {"T": 294.93103463222394, "loss_exp_decay_1.5": 0.0030495655477485823,
           "loss_sumexp_decays_0.5_3": -3.076034222115393e-05}
    g = np.random.default_rng(5)
    a = np.cumsum(g.exponential(1.0, 300))
    b = np.cumsum(g.exponential(2.0, 150))
    T = float(max(a[-1], b[-1]) + 1.0)
    assert T == ref["T"]
    N, D = 450, 2
    exp = Hawkes([a, b], decay=1.5, end_time=T)
    ll = exp.loglik([0.4, 0.2], [[0.3, 0.1], [0.2, 0.05]])
    assert ll == pytest.approx(-N * ref["loss_exp_decay_1.5"] - D * T, rel=1e-12)
    c = np.array([0.1, 0.2, 0.05, 0.03, 0.15, 0.05, 0.02, 0.04]).reshape(2, 2, 2)
    sumexp = Hawkes([a, b], kernel="sumexp", decay=[0.5, 3.0], end_time=T)
    assert sumexp.loglik([0.4, 0.2], c) == pytest.approx(
        -N * ref["loss_sumexp_decays_0.5_3"] - D * T, rel=1e-12)


def test_gradient_and_hessian_match_finite_differences(rng):
    D, U, T = 2, 2, 80.0
    arrays = [np.sort(rng.uniform(0, T, n)) for n in (60, 45)]
    bounds = np.array([0.0, 30.0, T])
    prep = hf.prepare(arrays, T, bounds)
    mu = rng.uniform(0.2, 0.6, (D, 2))
    alpha = rng.uniform(0.05, 0.3, (D, D, U))
    beta = rng.uniform(0.3, 3.0, (D, D, U))
    ll, g_mu, g_a, g_b, blocks = _full(prep, mu, alpha, beta, hess=True)
    x0 = np.concatenate([mu.ravel(), alpha.ravel(), beta.ravel()])
    n_mu, n_a = mu.size, alpha.size

    def unpack(x):
        return (x[:n_mu].reshape(mu.shape), x[n_mu:n_mu + n_a].reshape(alpha.shape),
                x[n_mu + n_a:].reshape(beta.shape))

    def f(x):
        return _full(prep, *unpack(x))[0]

    def grad(x):
        _, a, b, c, _ = _full(prep, *unpack(x))
        return np.concatenate([a.ravel(), b.ravel(), c.ravel()])

    g = grad(x0)
    h = 1e-6
    fd = np.array([(f(x0 + h * e) - f(x0 - h * e)) / (2 * h) for e in np.eye(x0.size)])
    # central differences: error O(h^2 f''') + O(eps |f| / h) ~ 1e-7 here
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-5)
    # Hessian blocks (per target) against differences of the analytic gradient
    Hfd = np.array([(grad(x0 + h * e) - grad(x0 - h * e)) / (2 * h) for e in np.eye(x0.size)])
    P, DU = 2, D * U
    for i in range(D):
        idx = np.concatenate([i * P + np.arange(P), n_mu + i * DU + np.arange(DU),
                              n_mu + n_a + i * DU + np.arange(DU)])
        np.testing.assert_allclose(blocks[i], Hfd[np.ix_(idx, idx)], rtol=1e-5, atol=1e-4)


def test_newton_solution_equals_generic_optimiser(rng):
    """The fixed-decay projected Newton finds the same maximum as L-BFGS-B on the
    exact log-likelihood (an independent route)."""
    ev = _sim(rng, 400.0)
    model = Hawkes(ev, decay=DECAY)
    res = model.fit()
    prep = model._prepared()
    beta = np.full((2, 2, 1), DECAY)

    def negll(x):
        ll, gm, ga, _, _ = _full(prep, x[:2].reshape(2, 1), x[2:].reshape(2, 2, 1), beta)
        if not np.isfinite(ll):
            return 1e10, np.zeros(6)
        return -ll, -np.concatenate([gm.ravel(), ga.ravel()])

    out = optimize.minimize(negll, np.full(6, 0.3), jac=True, method="L-BFGS-B",
                            bounds=[(1e-9, None)] * 6, options={"ftol": 1e-15, "gtol": 1e-10})
    assert res.llf >= -out.fun - 1e-9            # Newton is at least as good ...
    assert res.llf == pytest.approx(-out.fun, abs=1e-6)   # ... and it is the same maximum
    np.testing.assert_allclose(res.params.to_numpy(), out.x, atol=2e-4)


def test_estimated_decay_is_the_profile_maximum(rng):
    """The envelope-gradient optimiser lands on the maximum of the profile likelihood
    computed independently by fixed-decay fits on a grid."""
    ev = _sim(rng, 600.0)
    res = Hawkes(ev).fit()
    b_hat = float(res.params["decay"])
    grid = b_hat * np.exp(np.linspace(-0.05, 0.05, 11))
    prof = [Hawkes(ev, decay=b).fit().llf for b in grid]
    assert int(np.argmax(prof)) == 5
    assert res.llf >= max(prof) - 1e-7


def test_ties_do_not_excite_each_other():
    # two events at the same time: the second one's intensity is the baseline only
    m = Hawkes({"a": [1.0, 1.0]}, decay=1.0, end_time=2.0)
    with expect_warning(TiesWarning, match="share their time"):
        m.fit()
    ll = m.loglik([0.5], [[0.5]])
    expected = 2 * np.log(0.5) - 0.5 * 2.0 - 2 * 0.5 * (1 - np.exp(-1.0))
    assert ll == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------------------------------
# estimation: recovery on simulated data with known truth
# ---------------------------------------------------------------------------------------
def _within(res, truth: dict, k=4.0, max_se=None):
    est, se = res.params, res.bse
    for name, value in truth.items():
        assert abs(est[name] - value) < k * se[name], (name, est[name], value, se[name])
        if max_se is not None:
            assert se[name] < max_se, (name, se[name])


def test_recovery_with_estimated_decay(rng):
    ev = _sim(rng, 10_000.0)                     # ~15,000 events
    res = Hawkes(ev).fit()
    assert res.converged
    truth = {"baseline[a]": MU[0], "baseline[b]": MU[1], "decay": DECAY}
    for i, t in enumerate("ab"):
        for j, s in enumerate("ab"):
            truth[f"branching[{t}<-{s}]"] = ADJ[i, j]
    _within(res, truth, max_se=0.08)
    assert res.spectral_radius == pytest.approx(np.max(np.abs(np.linalg.eigvals(ADJ))), abs=0.05)
    # conventions: rows target, columns source; components == branching for one component
    assert list(res.branching_matrix.index) == ["a", "b"]
    assert res.branching_matrix.index.name == "target"
    pd.testing.assert_frame_equal(res.branching_components, res.branching_matrix)


def test_recovery_three_sides_sum_of_exponentials_and_phases(rng):
    D = 3
    mu = np.array([[0.2, 0.6], [0.3, 0.1], [0.25, 0.25]])      # two phases
    adj = np.zeros((D, D, 2))
    adj[:, :, 0] = [[0.2, 0.0, 0.1], [0.15, 0.1, 0.0], [0.0, 0.2, 0.1]]
    adj[:, :, 1] = [[0.1, 0.1, 0.0], [0.0, 0.1, 0.05], [0.1, 0.0, 0.1]]
    decays = [0.2, 3.0]
    T = 8000.0
    ev = simulate_hawkes(mu, adj, decays, T, rng, sides=["x", "y", "z"], phases=[3000.0])
    res = Hawkes(ev, kernel="sumexp", decay=decays, phases=[3000.0]).fit()
    assert res.baseline.shape == (3, 2)
    assert res.branching_components.shape == (3, 6)
    est = res.params.to_numpy()
    truth = np.concatenate([mu.ravel(), adj.ravel()])
    se = res.bse.to_numpy()
    ok = np.isfinite(se)
    # every parameter with a Wald SE within 4 SE; true zeros estimated small
    assert np.all(np.abs(est[ok] - truth[ok]) < 4 * se[ok])
    assert np.all(np.abs(est - truth) < 0.12)
    # branching matrix (sum over components) within 0.1 of the truth
    np.testing.assert_allclose(res.branching_matrix.to_numpy(), adj.sum(2), atol=0.1)


def test_estimated_sum_of_exponential_decays_and_pair_decays(rng):
    ev = _sim(rng, 6000.0)
    res = Hawkes(ev, decay_structure="by_pair").fit()
    assert res.decay.shape == (2, 2)
    assert set(res.params.index) >= {"decay[a<-b]", "decay[b<-a]"}
    se = res.bse
    for name in ["decay[a<-a]", "decay[b<-a]", "decay[a<-b]"]:
        assert abs(res.params[name] - DECAY) < 4 * se[name]
    src = Hawkes(ev, decay_structure="by_source").fit()
    assert list(src.params.index[-2:]) == ["decay[<-a]", "decay[<-b]"]
    assert (src.decay["a"] == src.decay.loc["a", "a"]).all()      # one decay per source
    assert src.llf <= res.llf + 1e-6 and src.llf >= Hawkes(ev).fit().llf - 1e-6
    two = Hawkes(ev, kernel="sumexp", n_components=2).fit()
    # a sum of two exponentials nests one: the likelihood cannot be lower
    one = Hawkes(ev).fit()
    assert two.llf >= one.llf - 1e-6
    np.testing.assert_allclose(two.branching_matrix.to_numpy(), ADJ, atol=0.1)


def test_phase_baseline_absorbs_a_regime_shift(rng):
    """A baseline that jumps 5-fold is read as excitation by a constant-baseline fit;
    the phase baseline recovers the (weak) true excitation."""
    mu = np.array([[0.05, 0.5], [0.05, 0.5]])
    adj = np.array([[0.1, 0.0], [0.1, 0.1]])
    ev = simulate_hawkes(mu, adj, 0.05, 4000.0, rng, sides=["a", "b"], phases=[2000.0])
    const = Hawkes(ev).fit()
    phased = Hawkes(ev, phases=[2000.0]).fit()
    assert const.spectral_radius > 0.45            # spurious excitation
    assert phased.spectral_radius < 0.25
    assert phased.aic < const.aic - 10


def test_phase_dates_and_phase_tables_use_the_origin(rng):
    ev = _sim(rng, 300.0, origin="2023-01-01")
    by_dates = Hawkes(ev, phases=["2023-03-01", "2023-07-01"])
    np.testing.assert_allclose(by_dates.phase_bounds, [0, 59, 181, 300])
    assert by_dates.phase_labels == ["from 2023-01-01", "from 2023-03-01", "from 2023-07-01"]
    table = pd.DataFrame({"start": pd.to_datetime(["2022-06-01", "2023-03-01", "2023-07-01"])})
    np.testing.assert_allclose(Hawkes(ev, phases=table).phase_bounds, [0, 59, 181, 300])
    # starts outside the window are ignored
    assert Hawkes(ev, phases=["2024-05-01"]).n_phases == 1
    with pytest.raises(SpecificationError, match="origin"):
        Hawkes([ev["a"], ev["b"]], phases=["2023-03-01"])
    with pytest.raises(SpecificationError, match="'start' column"):
        Hawkes(ev, phases=pd.DataFrame({"begin": [1]}))


def test_fit_returns_new_results_and_leaves_model_untouched(rng):
    ev = _sim(rng, 300.0)
    model = Hawkes(ev)
    before = dict(model.__dict__)
    r1, r2 = model.fit(), model.fit()
    assert r1 is not r2 and r1.model is model
    assert model.__dict__.keys() == before.keys()
    assert r1.llf == r2.llf
    assert isinstance(r1.summary(), analysis.Summary)


def test_inputs_mapping_list_and_one_side(rng):
    ev = _sim(rng, 300.0)
    a = Hawkes(ev).fit()
    b = Hawkes([ev["a"], ev["b"]], end_time=300.0, sides=["a", "b"]).fit()
    assert a.llf == pytest.approx(b.llf, rel=1e-10)
    one = simulate_hawkes([0.4], [[0.5]], 2.0, 2000.0, rng)
    r = Hawkes(one).fit()
    assert r.sides == ["0"] and r.branching_matrix.shape == (1, 1)
    assert abs(r.params["branching[0<-0]"] - 0.5) < 4 * r.bse["branching[0<-0]"]


# ---------------------------------------------------------------------------------------
# simulation and expected counts
# ---------------------------------------------------------------------------------------
def test_simulators_agree_with_exact_expected_counts(rng):
    T = 200.0
    fixed = Hawkes(_sim(rng, T), decay=DECAY).fix(MU, ADJ)
    expected = fixed.expected_counts([T]).to_numpy()[0]
    # long-run check of the ODE: E N(T)/T -> (I - A)^-1 mu
    long = Hawkes(_sim(rng, T), decay=DECAY, end_time=T).fix(MU, ADJ)
    stat = np.linalg.solve(np.eye(2) - ADJ, MU)
    assert long.expected_counts([1e5]).to_numpy()[0] / 1e5 == pytest.approx(stat, rel=1e-3)
    for method in ("branching", "thinning"):
        counts = np.array([[len(v) for v in simulate_hawkes(MU, ADJ, DECAY, T, rng,
                                                            method=method).values()]
                           for _ in range(300)])
        se = counts.std(0, ddof=1) / np.sqrt(len(counts))
        assert np.all(np.abs(counts.mean(0) - expected) < 4 * se), method
    # with a phase baseline and a sum of two exponentials
    mu2 = np.array([[0.2, 1.0], [0.5, 0.1]])
    adj2 = np.stack([ADJ * 0.5, ADJ * 0.4], axis=2)
    model = Hawkes(_sim(rng, T), kernel="sumexp", decay=[0.3, 3.0], end_time=T,
                   phases=[80.0])
    expected = model.fix(mu2, adj2).expected_counts([T]).to_numpy()[0]
    for method in ("branching", "thinning"):
        counts = np.array([[len(v) for v in simulate_hawkes(
            mu2, adj2, [0.3, 3.0], T, rng, phases=[80.0], method=method).values()]
            for _ in range(300)])
        se = counts.std(0, ddof=1) / np.sqrt(len(counts))
        assert np.all(np.abs(counts.mean(0) - expected) < 4 * se), method


def test_simulation_is_reproducible_and_exact(rng):
    a = simulate_hawkes(MU, ADJ, DECAY, 100.0, 7, sides=["a", "b"])
    b = simulate_hawkes(MU, ADJ, DECAY, 100.0, np.random.default_rng(7), sides=["a", "b"])
    for s in "ab":
        np.testing.assert_array_equal(a[s], b[s])
        assert a.exact[s].all() and np.all(np.diff(a[s]) >= 0) and a[s].max() < 100
    assert isinstance(a, analysis.EventTimes)


# ---------------------------------------------------------------------------------------
# inference: standard errors, bootstrap, coverage, goodness of fit
# ---------------------------------------------------------------------------------------
def test_wald_coverage_small_monte_carlo(rng):
    """Hessian intervals of the branching matrix cover the truth about 95% of the time
    (120 data sets of ~1,600 events; the 95% binomial band for 480 intervals is
    0.93-0.97, we accept 0.90-0.99)."""
    hits = []
    for _ in range(120):
        res = Hawkes(_sim(rng, 1000.0), decay=DECAY).fit()
        ci = res.conf_int()
        for i, t in enumerate("ab"):
            for j, s in enumerate("ab"):
                name = f"branching[{t}<-{s}]"
                hits.append(ci.loc[name, "lower"] <= ADJ[i, j] <= ci.loc[name, "upper"])
    cover = np.mean(hits)
    assert 0.90 <= cover <= 0.99, cover


def test_bootstrap_coverage_small_monte_carlo(rng):
    """Percentile bootstrap intervals of the spectral radius and the branching matrix
    cover the truth close to 95% (40 data sets x 100 replicates; with 40 data sets the
    spectral-radius coverage has sd ~0.035, so we accept >= 0.82; the larger study is
    benchmarks/validate_hawkes.py)."""
    rho = np.max(np.abs(np.linalg.eigvals(ADJ)))
    hit_rho, hit_b = [], []
    for _ in range(40):
        res = Hawkes(_sim(rng, 800.0), decay=DECAY).fit()
        boot = res.bootstrap(100, rng=rng)
        lo, hi = boot.spectral_radius_conf_int()
        hit_rho.append(lo <= rho <= hi)
        ci = boot.branching_conf_int()
        hit_b.extend((ci["lower"].to_numpy() <= ADJ.ravel()) & (ADJ.ravel() <= ci["upper"].to_numpy()))
    assert np.mean(hit_rho) >= 0.82, np.mean(hit_rho)
    assert 0.85 <= np.mean(hit_b) <= 1.0, np.mean(hit_b)


def test_bootstrap_is_reproducible_and_labelled(rng):
    res = Hawkes(_sim(rng, 300.0)).fit()
    b1 = res.bootstrap(20, rng=11)
    b2 = res.bootstrap(20, rng=11)
    pd.testing.assert_frame_equal(b1.params, b2.params)
    assert b1.params.shape == (20 - b1.n_failed, res.n_params)
    ci = b1.branching_conf_int()
    assert ci.index.names == ["target", "source"]
    assert (ci["lower"] <= ci["upper"]).all()
    assert "Branching" in b1.summary().as_text()
    with pytest.raises(SpecificationError, match="n_boot"):
        res.bootstrap(1, rng=1)


def test_gof_accepts_true_model_and_rejects_poisson(rng):
    ev = _sim(rng, 3000.0)
    model = Hawkes(ev, decay=DECAY)
    for res in (model.fit(), model.fix(MU, ADJ)):
        g = res.gof()
        # p-values of a correct model are uniform; 0.01 keeps false failures rare
        assert (g.table["pvalue"] > 0.01).all(), g.table
        assert g.table["mean_tau"].to_numpy() == pytest.approx([1, 1], abs=0.06)
    # a Poisson process with the right mean rate misses the clustering
    rates = np.array([len(ev["a"]), len(ev["b"])]) / 3000.0
    poisson = model.fix(rates, np.zeros((2, 2)))
    assert (poisson.gof().table["pvalue"] < 1e-4).all()
    assert isinstance(poisson.gof().tests["a"], analysis.HypothesisTest)


# ---------------------------------------------------------------------------------------
# ties: warning, jitter ensemble
# ---------------------------------------------------------------------------------------
def _day_precision(ev):
    """Round simulated times to mid-day like to_events does for day-precision dates."""
    return analysis.EventTimes({k: np.floor(ev[k]) + 0.5 for k in ev}, "2023-01-01",
                               ev.end_time)


def test_tied_times_warn_and_jitter_ensemble_recovers(rng):
    ev = _sim(rng, 3000.0, decay=0.5)
    days = _day_precision(ev)
    model = Hawkes(days)
    assert model.n_tied() > 100
    with expect_warning(TiesWarning, match="fit_jitter"):
        model.fit()
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # the jittered fits raise no warning
        ens = model.fit_jitter(n_jitter=8, rng=rng)
    assert ens.n_jitter == 8 and ens.n_tied == model.n_tied()
    # jittering within days is nearly lossless when the kernel lasts ~2 days
    np.testing.assert_allclose(ens.branching_matrix.to_numpy(), ADJ, atol=0.08)
    assert abs(ens.params["decay"] - 0.5) < 0.15
    assert (ens.spread > 0).all() and (ens.spread < 0.1).all()
    ci = ens.conf_int()
    assert (ci["lower"] < ci["upper"]).all()
    assert set(ens.gof().columns) == {"median_pvalue", "min_pvalue", "max_pvalue",
                                      "share_below_0.05"}
    boot = ens.bootstrap(16, rng=rng)
    assert boot.params.shape[0] == 16 - boot.n_failed
    assert "jitter" in ens.summary().as_text()
    # pooled counterfactual: the mean of the copies' tables
    cf = ens.counterfactual(source="a", target="b")
    each = [f.counterfactual(source="a", target="b").table for f in ens.fits]
    assert cf.table.loc["b", "expected_counterfactual"] == pytest.approx(
        np.mean([t.loc["b", "expected_counterfactual"] for t in each]))
    assert (cf.table["difference_jitter_sd"] >= 0).all()
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 4)
    assert ens.plot_spread(ax=axes[0]) is axes[0]
    assert ens.plot_branching(ax=axes[1], bootstrap=boot) is axes[1]
    assert ens.plot_kernels(ax=axes[2]) is axes[2]
    assert ens.plot_qq(ax=axes[3]) is axes[3]


def test_jitter_keeps_exact_times_and_warns_about_simultaneous_batches(rng):
    exact = {"a": np.array([False, False, True, True, False]), "b": np.array([False, False])}
    ev = analysis.EventTimes({"a": np.array([0.5, 0.5, 1.25, 1.25, 3.5]),
                              "b": np.array([1.5, 2.5])}, "2024-01-01", 5.0, exact)
    m = Hawkes(ev, decay=1.0)
    a = m._jittered_arrays(rng, 1.0)[0]
    # day-precision events move within their day; times from sources stay (and tie)
    assert np.sum(a == 1.25) == 2
    assert np.sum(np.floor(a) == 0) == 2 and np.sum(np.floor(a) == 3) == 1
    with expect_warning(TiesWarning, match="simultaneous batch"):
        m.fit_jitter(n_jitter=2, rng=rng)


def test_gof_on_tied_times_warns(rng):
    days = _day_precision(_sim(rng, 500.0))
    with expect_warning(TiesWarning):
        res = Hawkes(days, decay=1.0).fit()
    with expect_warning(TiesWarning, match="zero rescaled"):
        res.gof()


# ---------------------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("events, match", [
    ({"a": [1.0, 2.0], "b": []}, "no events"),
    ({"a": [2.0, 1.0]}, "not sorted"),
    ({"a": [-1.0, 2.0]}, "negative"),
    ({"a": [1.0, np.nan]}, "NaN"),
    ({"a": [[1.0, 2.0]]}, "one-dimensional"),
    ({}, "no sides"),
])
def test_bad_events_raise_data_error(events, match):
    with pytest.raises(DataError, match=match):
        Hawkes(events, end_time=10.0)


@pytest.mark.parametrize("kwargs, match", [
    ({"kernel": "power"}, r"kernel must be one of \['exp', 'sumexp'\]"),
    ({"decay_structure": "each"}, "decay_structure must be one of"),
    ({"end_time": 2.0}, "before the last event"),
    ({"decay": -1.0}, "positive"),
    ({"decay": [[1.0, 2.0]]}, "shape"),
    ({"kernel": "sumexp", "decay": 1.0}, "one decay per"),
    ({"phases": "weekly"}, "phases must be None or the phases"),
    ({"phases": "constant"}, "now phases=None"),
    ({"decay_bounds": (2.0, 1.0)}, "0 < lo < hi"),
    ({"n_components": 2}, "applies to kernel='sumexp' only"),
])
def test_bad_options_raise_specification_error(kwargs, match):
    with pytest.raises(SpecificationError, match=match):
        Hawkes({"a": [1.0, 2.0, 3.0], "b": [1.5, 2.5]}, **kwargs)


def test_renamed_names_raise_naming_the_new_one():
    ev = {"a": [1.0, 2.0, 3.0], "b": [1.5, 2.5]}
    with pytest.raises(TypeError, match="baseline= was renamed to phases="):
        Hawkes(ev, baseline=[2.0])
    model = Hawkes(ev, decay=1.0)
    with pytest.raises(TypeError, match="adjacency= was renamed to branching="):
        model.fix([0.1, 0.1], adjacency=np.zeros((2, 2)))
    with pytest.raises(TypeError, match="adjacency= was renamed to branching="):
        simulate_hawkes([0.1], adjacency=[[0.2]], decay=1.0, end_time=5.0, rng=1)
    res = model.fix([0.1, 0.1], np.zeros((2, 2)))
    with pytest.raises(AttributeError, match="adjacency was renamed to branching_components"):
        res.adjacency
    with pytest.raises(AttributeError, match="loglik was renamed to llf"):
        res.loglik


def test_explosive_fit_warns_with_the_fix(rng):
    # strong clustering on a short window with a slowly rising rate
    mu = np.array([[0.02, 0.2, 2.0], [0.02, 0.2, 2.0]])
    ev = simulate_hawkes(mu, [[0.5, 0.3], [0.3, 0.5]], 0.02, 600.0, rng, sides=["a", "b"],
                         phases=[200.0, 400.0])
    with expect_warning(ExplosiveWarning, match="phases=<phase start dates>"):
        res = Hawkes(ev, decay=0.02).fit()
    assert res.spectral_radius >= 1
    with pytest.raises(analysis.EstimationError, match="explosive"):
        res.bootstrap(10, rng=1)
    with expect_warning(ExplosiveWarning):
        simulate_hawkes([0.1], [[1.2]], 1.0, 5.0, rng)


def test_non_convergence_warns(rng):
    ev = _sim(rng, 500.0)
    with expect_warning(ConvergenceWarning, match="maxiter"):
        Hawkes(ev).fit(maxiter=1)


def test_decay_at_bound_warns(rng):
    ev = _sim(rng, 500.0)
    with expect_warning(ConvergenceWarning, match="bound"):
        Hawkes(ev, decay_bounds=(0.01, 0.05)).fit()


# ---------------------------------------------------------------------------------------
# counterfactuals, presentation
# ---------------------------------------------------------------------------------------
def test_counterfactual_switching_off_excitation(rng):
    ev = _sim(rng, 500.0)
    res = Hawkes(ev, decay=DECAY).fit()
    cf = res.counterfactual(source="a", target="b", n_sim=200, rng=rng)
    tab = cf.table
    assert tab.loc["b", "expected_counterfactual"] < tab.loc["b", "expected_fitted"]
    assert tab.loc["a", "expected_counterfactual"] < tab.loc["a", "expected_fitted"]
    # the fitted expectation matches the data (MLE of a stationary fit: within 4 sd)
    sd = (tab["fitted_q95"] - tab["fitted_q05"]) / (2 * 1.645)
    assert np.all(np.abs(tab["observed"] - tab["expected_fitted"]) < 4 * sd)
    # switching everything off leaves the baseline: mu * T
    none = res.counterfactual(branching=np.zeros((2, 2)))
    np.testing.assert_allclose(none.table["expected_counterfactual"],
                               res.baseline.to_numpy() * 500.0, rtol=1e-8)
    assert cf.counterfactual.branching_components.loc["b", "a"] == 0
    with pytest.raises(SpecificationError, match="unknown side"):
        res.counterfactual(source="c", target="a")
    assert "switched off" in cf.summary().as_text()


def test_counterfactual_intervals_from_bootstrap_draws_and_gof_gate(rng):
    res = Hawkes(_sim(rng, 400.0), decay=DECAY).fit()
    boot = res.bootstrap(20, rng=3)
    cf = res.counterfactual(source="a", target="b", bootstrap=boot)
    t = cf.table
    assert t.loc["b", "percent_change_lower"] <= t.loc["b", "percent_change"] \
        <= t.loc["b", "percent_change_upper"] < 0
    assert t["gof_pass"].all() and (t["gof_pvalue"] > 0.05).all()  # the true model
    # a model that ignores the excitation fails the gate for the side it speaks about
    poor = Hawkes(_sim(rng, 400.0), decay=DECAY).fix([0.6, 0.6], np.zeros((2, 2)))
    with pytest.warns(AnalysisWarning, match="fails its goodness-of-fit"):
        bad = poor.counterfactual(branching=np.zeros((2, 2)))
    assert not bad.table["gof_pass"].all()


def test_summary_and_plots(rng, figures_tmp):
    import matplotlib.pyplot as plt
    ev = _sim(rng, 200.0, origin="2023-10-17")
    res = Hawkes(ev, phases=["2023-12-01"]).fit()
    text = res.summary().as_text()
    for key in ("log-likelihood", "spectral radius", "branching[b<-a]", "decay", "origin"):
        assert key in text
    assert "<table" in res.summary()._repr_html_()
    boot = res.bootstrap(10, rng=1)
    assert "bootstrap intervals" in res.summary(bootstrap=boot).as_text()
    fig, axes = plt.subplots(2, 3)
    for ax, call in zip(axes.ravel(), [
            lambda ax: res.plot_intensity(ax=ax), lambda ax: res.plot_kernels(ax=ax),
            lambda ax: res.plot_branching(ax=ax, bootstrap=boot),
            lambda ax: res.plot_qq(ax=ax), lambda ax: boot.plot_spectral_radius(ax=ax),
            lambda ax: res.counterfactual(source="a", target="b").plot(ax=ax)]):
        assert call(ax) is ax
    assert res.plot_kernels() is not None         # ax=None makes a figure
    lam = res.intensity([0.0, 50.0])
    assert lam.shape == (2, 2) and (lam.to_numpy() > 0).all()
    np.testing.assert_allclose(lam.iloc[0], res.baseline.iloc[:, 0])


def test_bundled_data_smoke():
    from analysis.casestudy import dyad_incidents, window
    ev = analysis.to_events(window(dyad_incidents(), "campaign"))
    model = Hawkes(ev)
    with expect_warning(TiesWarning, match="fit_jitter"):
        model.fit()
    # the 3 Feb 2024 strikes share a reported time: kept as one simultaneous batch
    with expect_warning(TiesWarning, match="simultaneous batch"):
        ens = model.fit_jitter(n_jitter=3, rng=1)
    assert ens.branching_matrix.shape == (2, 2)
    assert np.isfinite(ens.spectral_radius)
