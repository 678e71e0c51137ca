"""Headlines (issue 19): the Headline object, circular-shift placebos, the out-of-sample
gain, the cross-effect checks; the reaction-function and VAR-identification helpers the
thin notebooks call. Simulated data where the truth is known; small designs."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis as ea
from analysis.exceptions import SpecificationError
from analysis.headline_checks import (cross_effect_checks, lag_placebo, predictive_gain,
                                      shift_placebo)
from analysis.headlines import (Headline, headline_table, headline_values, said, sign_word,
                                spec_from_table, spec_label, stored_spec_curve)


def _pair(rng, n=900, effect=0.8, start="2020-01-01"):
    """a ~ Poisson(0.3); b ~ Poisson(0.08 + effect * a the day before): b responds to a."""
    a = rng.poisson(0.3, n)
    b = rng.poisson(0.08 + effect * np.r_[0, a[:-1]])
    return pd.DataFrame({"a": a, "b": b}, index=pd.date_range(start, periods=n, freq="D"))


def _incidents(counts):
    rows = [{"date": d, "side": s, "confirmation": "confirmed" if i % 2 else "claimed"}
            for s in counts.columns for d, k in counts[s].items() for i in range(int(k))]
    return pd.DataFrame(rows)


# -- the Headline object ------------------------------------------------------------------
def _headline(**kw):
    base = dict(key="h", claim="B rises after A days", estimand="extra B days in 7 days",
                assumptions="no common shocks given phase", estimate=0.04, lower=0.01,
                upper=0.07, interval="HAC CI")
    return Headline(**{**base, **kw})


def test_headline_renders_every_item_and_writes_its_numbers(tmp_path):
    h = _headline(spec={"label": "fragile", "share_same_sign": 0.989,
                        "share_excludes_zero": 0.783, "specifications": 180,
                        "scope": "full grid"},
                  placebo={"percentile": 0.995, "n": 99, "kind": "circular shifts of a"},
                  score={"difference": 8.65, "lower": 3.18, "upper": 15.3, "what": "NB"})
    md = h._repr_markdown_()
    for part in ("**B rises after A days**", "*[fragile]*", "Estimand", "Assumptions",
                 "0.040 (95% HAC CI 0.010 to 0.070)", "78.3% exclude 0", "percentile 0.995",
                 "+8.7 (95% CI +3.2 to +15.3)", "not needed"):
        assert part in md, part
    assert "B rises after A days [fragile]" in str(h)
    vals = h.to_values()
    assert vals["estimate"] == {"estimate": 0.04, "lower": 0.01, "upper": 0.07}
    assert vals["spec_curve"]["label"] == "fragile"
    path = ea.save_values({"headlines": headline_values([h])}, "00-h", directory=tmp_path)
    got = json.loads(path.read_text())["headlines"]["h"]
    assert got["score_difference"] == {"estimate": 8.7, "lower": 3.2, "upper": 15.3,
                                       "what": "NB"}          # 3 significant digits
    assert got["placebo"]["percentile"] == 0.995


def test_headline_whose_bounds_disagree_in_sign_is_a_range():
    h = _headline(bounds={"a first": -0.12, "b first": 0.31, "stated": 0.05})
    assert h.stands_at_both_bounds is False
    assert h.statement().startswith("range -0.12 to 0.31")
    assert "0.040" not in h.statement()
    assert "bounds disagree in sign" in h.as_markdown()
    ok = _headline(key="ok", bounds={"a first": 0.12, "b first": 0.31})
    assert ok.stands_at_both_bounds is True and ok.statement().startswith("0.040")
    assert _headline().stands_at_both_bounds is None
    assert "interval" not in _headline(lower=None, upper=None).to_values()
    t = headline_table([h, ok, _headline(key="x")])
    assert list(t["ordering"]) == ["range only", "stands at both bounds", "n/a"]


def test_headline_refuses_incomplete_input():
    with pytest.raises(SpecificationError, match="estimate or ordering bounds"):
        _headline(estimate=None)
    with pytest.raises(SpecificationError, match="finite"):
        _headline(bounds={"a first": float("nan"), "b first": 1.0})
    with pytest.raises(SpecificationError, match="difference"):
        _headline(score={"lower": 1.0})
    with pytest.raises(SpecificationError, match="used twice"):
        headline_values([_headline(), _headline()])


def test_words_helpers():
    row = {"estimate": 0.2345, "lower": -0.1, "upper": 0.41}
    assert said(row, "bootstrap interval") == "0.23 (95% bootstrap interval -0.10 to 0.41)"
    assert sign_word(row) == "not distinguishable from zero"
    assert sign_word({"lower": 0.1, "upper": 0.2}) == "positive"


def test_spec_labels():
    t = pd.DataFrame({"estimate": [0.5] * 9 + [-0.1], "lower": [0.1] * 9 + [-0.3],
                      "upper": [0.9] * 9 + [0.1]})
    s = spec_from_table(t)
    assert s["label"] == "robust" and s["share_same_sign"] == 0.9
    hr = pd.DataFrame({"estimate": [0.8, 0.9], "lower": [0.6, 0.7], "upper": [0.95, 1.1]})
    s = spec_from_table(hr, null=1.0)
    assert s["label"] == "fragile" and s["share_excludes_zero"] == 0.5
    tie = pd.DataFrame({"estimate": [1.01, 0.77, 0.95, 1.06, 0.85, 1.01],
                        "lower": [0.77, 0.6, 0.76, 0.78, 0.64, 0.78],
                        "upper": [1.34, 0.975, 1.2, 1.44, 1.13, 1.32]})
    s = spec_from_table(tie, null=1.0)         # median 0.98: the deterrent side
    assert s["share_same_sign"] == 0.5 and s["share_excludes_zero"] == pytest.approx(1 / 6)
    stored = {"label": "fragile", "share_same_sign": 0.99, "share_excludes_zero": 0.78,
              "specifications": 180}
    assert spec_label(stored, scope="full grid")["scope"] == "full grid"
    assert "other data" in spec_label({**stored, "current": False}, scope="full grid")["scope"]
    with pytest.raises(SpecificationError, match="lacks"):
        spec_label({"label": "robust"})
    assert stored_spec_curve("incidence", path="/nonexistent.json") is None


# -- placebos -----------------------------------------------------------------------------
def test_shift_placebo_puts_a_planted_response_in_the_upper_tail(rng):
    c = _pair(rng, n=600)
    lagcor = lambda d: float(np.corrcoef(d["a"].to_numpy()[:-1], d["b"].to_numpy()[1:])[0, 1])  # noqa: E731
    p = shift_placebo(c, "a", lagcor, rng=1, n_shifts=49)
    assert p.percentile == 1.0 and p.n == 49 and (p.shifts >= 30).all()
    # a statistic that ignores the shifted column: every placebo ties with it
    flat = shift_placebo(c, "a", lambda d: float(d["b"].sum()), rng=1, n_shifts=9)
    assert flat.percentile == 0.5
    with pytest.raises(SpecificationError, match="rng"):
        shift_placebo(c, "a", lagcor, rng=None)
    with pytest.raises(SpecificationError, match="allow"):
        shift_placebo(c.iloc[:80], "a", lagcor, rng=1, n_shifts=50)
    with pytest.raises(SpecificationError, match="not in the table"):
        shift_placebo(c, "z", lagcor, rng=1)


def test_lag_placebo_matches_the_count_model_and_detects_the_effect(rng):
    c = _pair(rng)
    p = lag_placebo(c, "b", "a", transform="log1p", rng=2, n_shifts=29)
    fit = ea.CountModel(c, "b", lags=[(1, 7)], family="poisson", lag_transform="log1p").fit()
    assert p.observed == pytest.approx(float(fit.params["a.L1-7"]), rel=1e-6)
    assert p.percentile >= 0.98                # above every shift
    q = lag_placebo(c, "a", "b", outcome="incidence", rng=2, n_shifts=29)   # a ignores b
    assert 0.03 < q.percentile < 0.97


# -- out of sample and the combined checks -----------------------------------------------
def test_predictive_gain_is_positive_where_the_other_side_helps(rng):
    c = _pair(rng, n=700, effect=1.0)
    g = predictive_gain(c, "poisson", options={"lags": [(1, 1), (2, 3)]},
                        start=c.index[350], refit_every=180, n_boot=99, rng=3)
    assert g.loc["b", "lower"] > 0 and g.loc["b", "difference"] > 5
    assert g.loc["a", "lower"] < 0.5 * g.loc["b", "difference"]


def test_cross_effect_checks_fill_a_headline(rng):
    c = _pair(rng, n=700, effect=1.0)
    chk = cross_effect_checks(c, _incidents(c), incidence=["b"], family="poisson",
                              options={"lags": [(1, 1), (2, 3)]}, forecast_start=c.index[350],
                              refit_every=180, n_shifts=29, n_boot=50, rng=4)
    assert set(chk.placebo) == {("a", "count"), ("b", "count"), ("b", "incidence")}
    assert chk.placebo[("b", "count")].percentile >= 0.95
    assert chk.spec[("b", "count")]["label"] == "robust"
    h = chk.headline("b_after_a", "b follows a", "extra b", "none", {"estimate": 0.8,
                     "lower": 0.5, "upper": 1.1}, response="b")
    assert h.score["difference"] == chk.gain.loc["b", "difference"] and h.spec["label"] == "robust"
    assert set(chk.table().index) == {"a (count)", "b (count)", "b (incidence)"}
    with pytest.raises(SpecificationError, match="no checks"):
        chk.headline("x", "x", "x", "x", response="a", outcome="incidence")


# -- the thin notebooks' helpers ----------------------------------------------------------
def test_reaction_helpers_fit_bootstrap_and_draw(rng):
    from analysis.reactions import (extrapolates, fit_reactions, plot_reaction_coefficients,
                                    plot_reaction_curves, reaction_curves, window_getter)
    c = _pair(rng, n=500)
    nb = fit_reactions(c, ["a", "b"], lags=3, family="negbin")
    pml = fit_reactions(c, ["a", "b"], lags=3, family="poisson")
    ext = {s: extrapolates(nb[s]) for s in nb}
    assert ext["b"]["observed"] == int(c["b"].max()) and not ext["b"]["extrapolates"]
    boot, curves, curves_boot, table = reaction_curves({"poisson": pml}, 3, n_boot=20,
                                                       block_length=14, seeds={"a": 1, "b": 2})
    row = table.loc[("HAC", "poisson", "a -> b")]
    assert row["lower"] > 0                                    # b responds to a
    assert row["estimate"] == pytest.approx(curves["poisson", "b"].iloc[-1]["estimate"])
    assert plot_reaction_curves(nb, pml, boot, 3, unstable=ext) is not None
    assert plot_reaction_coefficients(nb, ylabel="coefficient") is not None
    tab = pd.DataFrame({"estimate": [0.1], "lower": [0.0], "upper": [0.2],
                        "note": ["expects 40 events"]},
                       index=pd.MultiIndex.from_tuples([("a -> b", "all", "all")]))
    assert window_getter(tab)(("a", "b"), "all", "all") == (0.1, 0.0, 0.2, "unstable")
    plt.close("all")


def test_irf_by_lag_rule_refits_at_each_rule(rng):
    from analysis.models.var_identification import (irf_by_lag_rule, irf_identifications,
                                                    lag_rule_bounds, total_response_table)
    c = ea.simulate_count_hawkes(700, [0.3, 0.2], [[0.2, 0.0], [0.4, 0.1]],
                                 sides=["a", "b"], family="poisson", rng=5)
    res = ea.VARModel(c, lags="bic", maxlags=6).fit()
    boot = res.bootstrap(30, method="block", block_length=14, rng=6)
    t = irf_by_lag_rule(res, horizon=7, n_boot=30, rng=7, bootstraps={"bic": boot})
    sel = res.lag_order.attrs["selected"]
    assert t.xs("bic", level="rule")["lags"].unique().tolist() == [sel["bic"]]
    assert t.xs("aic", level="rule")["lags"].unique().tolist() == [max(1, sel["aic"])]
    direct = total_response_table(irf_identifications(res, 7, boot))
    assert t.loc[("bic", "a first", "a -> b"), "estimate"] == pytest.approx(
        direct.loc[("a first", "a -> b", "days 1-7"), "estimate"])
    b = lag_rule_bounds(t, "a -> b")
    assert len(b) == 4 and all(k.startswith(("BIC", "AIC")) for k in b)
    with pytest.raises(SpecificationError, match="information criterion"):
        irf_by_lag_rule(ea.VARModel(c, lags=2).fit(), rng=1)
