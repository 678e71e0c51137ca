"""Issue 18 (calib13): the Benjamini-Hochberg family without the p-values a notebook labels
not calibratable, and the size of notebook 04's goodness-of-fit gate (the median KS p over
jittered copies) measured in the jittered-ensemble calibration design."""

import json

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from analysis import SpecificationError, save_values
from analysis.multiplicity import add_qvalues


# -- BH family without the not-calibratable p-values -----------------------------------
def _values():
    return {"main": {"us": {"negbin": {"granger_p": 0.001}, "poisson_pml": {"granger_p": 0.013}},
                     "militia": {"negbin": {"granger_p": 0.07},
                                 "poisson_pml": {"granger_p": 0.24}}},
            "hurdle": {"us": {"wald_p": 0.03}, "militia": {"wald_p": 0.6}},
            "by_window": {"w1": {"granger_p": 0.002}, "w2": {"granger_p": 0.75}}}


PRIMARY = ["main/us/poisson_pml/granger_p", "main/militia/negbin/granger_p"]
WHY = "shown as not calibratable: size not measurable (refits fail)"


def test_excluded_pvalue_keeps_its_value_gets_a_reason_and_leaves_the_family():
    out = add_qvalues(_values(), PRIMARY, exclude={"main/us/negbin/granger_p": WHY})
    nb = out["main"]["us"]["negbin"]
    assert nb["granger_p"] == 0.001                       # stays in the values file
    assert "granger_q" not in nb                          # no q-value, no NaN
    assert nb["granger_q_excluded"] == f"no BH q-value: left out of the family ({WHY})"
    # the other q-values are BH over the remaining family only (4 p-values, not 5)
    rest = [("main/militia/poisson_pml", 0.24), ("hurdle/us", 0.03), ("hurdle/militia", 0.6),
            ("by_window/w1", 0.002), ("by_window/w2", 0.75)]
    q = multipletests([p for _, p in rest], method="fdr_bh")[1]

    def qv(path):
        node = out
        for k in path.split("/"):
            node = node[k]
        return node.get("granger_q", node.get("wald_q"))
    np.testing.assert_allclose([qv(p) for p, _ in rest], q)
    assert out["multiplicity"]["n_adjusted"] == 5
    assert out["multiplicity"]["excluded"] == {"main/us/negbin/granger_p": WHY}
    # with it in the family, the smallest p-values' q-values differ (the family changed)
    full = add_qvalues(_values(), PRIMARY)
    assert full["multiplicity"]["n_adjusted"] == 6
    assert full["by_window"]["w1"]["granger_q"] != out["by_window"]["w1"]["granger_q"]


def test_exclude_errors_name_the_problem():
    with pytest.raises(SpecificationError, match="not in the values"):
        add_qvalues(_values(), PRIMARY, exclude={"main/us/negbin/nope_p": WHY})
    with pytest.raises(SpecificationError, match="primary"):
        add_qvalues(_values(), PRIMARY, exclude={PRIMARY[0]: WHY})
    with pytest.raises(SpecificationError, match="reason"):
        add_qvalues(_values(), PRIMARY, exclude={"main/us/negbin/granger_p": ""})
    with pytest.raises(SpecificationError, match="dict"):
        add_qvalues(_values(), PRIMARY, exclude=["main/us/negbin/granger_p"])


def test_save_values_passes_exclude(figures_tmp):
    path = save_values({"a": {"p": 0.01}, "b": {"p": 0.04}, "c": {"p": 0.02}}, "00-qx",
                       primary=[], exclude={"c/p": "not calibratable"})
    data = json.loads(path.read_text())
    assert data["a"]["q"] == 0.02 and data["b"]["q"] == 0.04
    assert "q" not in data["c"] and data["c"]["p"] == 0.02
    assert "not calibratable" in data["c"]["q_excluded"]
    with pytest.raises(SpecificationError, match="primary"):
        save_values({"a": {"p": 0.01}}, "00-qy", exclude={"a/p": "x"})


# -- notebook 04's KS gate in the jittered-ensemble design ------------------------------
@pytest.fixture(scope="module")
def ens():
    import warnings

    from analysis import EventTimes, Hawkes, simulate_hawkes
    rng = np.random.default_rng(8)
    ev = simulate_hawkes([0.3, 0.2], [[0.2, 0.3], [0.1, 0.2]], 1.0, 300.0, rng=rng,
                         sides=["a", "b"])
    exact = {s: np.arange(len(ev[s])) % 3 == 0 for s in ev}
    times = {s: np.where(exact[s], ev[s], np.floor(ev[s]) + 0.5) for s in ev}
    order = {s: np.argsort(times[s], kind="stable") for s in ev}
    data = EventTimes({s: times[s][order[s]] for s in ev}, "2020-01-01", 300.0,
                      {s: exact[s][order[s]] for s in ev})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return Hawkes(data).fit_jitter(4, rng=3, progress=False)


@pytest.fixture(scope="module")
def cal(ens):
    from analysis import calibrate
    return calibrate(ens, 20, rng=5, nested="warp_speed", progress=False)


def test_gate_rows_are_sizes_of_the_notebook_gate(ens, cal):
    from analysis.models.calibration.warp import GOF_GATE, _gof_gate
    for s in ("a", "b"):
        row = cal.table.loc[GOF_GATE.format(s)]
        assert row["kind"] == "size" and row["nominal"] == 0.05 and row["n"] == cal.nobs
        rec = cal.records[cal.records["quantity"] == GOF_GATE.format(s)]
        assert len(rec) == cal.nobs and rec["pvalue"].between(0, 1).all()
        assert row["empirical"] == pytest.approx(float((rec["pvalue"] < 0.05).mean()))
    # the record is the notebook's number: ens.gof().loc[side, "median_pvalue"] < 0.05
    out = {}
    _gof_gate(ens, out)
    for s in ("a", "b"):
        p = float(ens.gof().loc[s, "median_pvalue"])
        assert out[GOF_GATE.format(s)] == {"reject": p < 0.05, "pvalue": p}


def test_gate_draws_nothing_from_the_rng(ens, cal, monkeypatch):
    # without the gate the other rows of the design are the same, digit for digit
    from analysis import calibrate
    from analysis.models.calibration import warp
    monkeypatch.setattr(warp, "_gof_gate", lambda res, out, level=0.05: None)
    monkeypatch.setattr(warp, "GOF_GATE", "no gate {}")
    bare = calibrate(ens, 20, rng=5, nested="warp_speed", progress=False)
    rows = [q for q in cal.table.index if not q.startswith("gof KS")]
    assert sorted(rows) == sorted(q for q in bare.table.index if not q.startswith("no gate"))
    a = cal.table.loc[rows].astype(str)
    b = bare.table.loc[rows].astype(str)
    assert a.equals(b)


def test_gof_null_gives_the_monte_carlo_pvalue(ens, cal):
    from analysis.models.calibration.warp import GOF_GATE
    g = ens.gof(null=cal)
    for s in ("a", "b"):
        sim = cal.records.loc[cal.records["quantity"] == GOF_GATE.format(s), "pvalue"]
        p = g.loc[s, "median_pvalue"]
        assert g.loc[s, "mc_pvalue"] == (1 + (sim <= p).sum()) / (len(sim) + 1)
        assert g.loc[s, "n_null"] == len(sim)
    # a law entirely above the observed median p: the smallest MC p-value, 1 / (R + 1)
    hi = {s: np.linspace(0.999, 1.0, 39) for s in ("a", "b")}
    low = ens.gof(null={s: np.full(39, 0.0) for s in ("a", "b")})
    assert (ens.gof(null=hi)["mc_pvalue"] == 1 / 40).all() and (low["mc_pvalue"] == 1).all()
    assert list(ens.gof().columns) == ["median_pvalue", "min_pvalue", "max_pvalue",
                                       "share_below_0.05"]
    with pytest.raises(SpecificationError, match="at least 19"):
        ens.gof(null={"a": [0.5] * 5, "b": [0.5] * 30})
    with pytest.raises(SpecificationError, match="side 'b'"):
        ens.gof(null={"a": [0.5] * 30})
    with pytest.raises(SpecificationError, match="outside"):
        ens.gof(null={"a": [1.5] * 30, "b": [0.5] * 30})
    with pytest.raises(SpecificationError, match="CalibrationResults"):
        ens.gof(null=[0.5] * 30)


def test_measured_null_pvalues_reads_the_committed_laws(tmp_path):
    from analysis.models.calibration import measured_null_pvalues
    (tmp_path / "d.csv").write_text("quantity,replicate,pvalue\nq,1,0.5\nq,0,0.25\nr,0,0.9\n")
    np.testing.assert_array_equal(measured_null_pvalues("d", "q", directory=tmp_path),
                                  [0.25, 0.5])
    with pytest.raises(SpecificationError, match="no p-values of 'x'"):
        measured_null_pvalues("d", "x", directory=tmp_path)
    with pytest.raises(SpecificationError, match="--only nope"):
        measured_null_pvalues("nope", "q", directory=tmp_path)


def test_fast_double_bootstrap_size_of_the_calibrated_gate(ens):
    from analysis import calibrate
    from analysis.models.calibration.warp import GOF_GATE, GOF_GATE_MC
    fdb = calibrate(ens, 24, rng=6, nested="warp_speed", nested_options={"gate_inner": True},
                    progress=False)
    assert list(fdb.table.index) == [GOF_GATE.format("a"), GOF_GATE.format("b"),
                                     GOF_GATE_MC.format("a"), GOF_GATE_MC.format("b")]
    for s in ("a", "b"):
        row = fdb.table.loc[GOF_GATE_MC.format(s)]
        rec = fdb.records[fdb.records["quantity"] == GOF_GATE_MC.format(s)]
        law = rec["inner"].to_numpy()
        mc = [(1 + np.sum(law <= p)) / (law.size + 1) for p in rec["pvalue"]]
        assert row["kind"] == "size" and row["n"] == len(rec) == fdb.nobs
        assert row["empirical"] == pytest.approx(np.mean(np.array(mc) < 0.05))
        assert 0 < row["mc_se"] < 0.2 or row["empirical"] in (0.0, 1.0)
        # the first-level statistic is the plain gate's median p of the same replicate
        plain = fdb.records[fdb.records["quantity"] == GOF_GATE.format(s)]
        np.testing.assert_array_equal(plain["pvalue"].to_numpy(), rec["pvalue"].to_numpy())
    with pytest.raises(SpecificationError, match="gate_inner"):
        calibrate(ens, 3, rng=6, nested="warp_speed", nested_options={"nope": 1})
