"""Identification designs (issue 19): event study, answered-vs-unanswered deterrence,
phase-matched response-lag baseline, within-day ordering bounds, specification curves.
Simulated data where the truth is known; small designs."""

from functools import partial

import numpy as np
import pandas as pd
import pytest

import analysis as ea
from analysis.exceptions import SpecificationError

DAYS = pd.date_range("2020-01-01", periods=1200, freq="D")
CHANGE = DAYS[600]            # an external phase change


def _counts(rng, *, effect=0.0, lead=0.0, phase_confound=False):
    """Treatment a ~ Bernoulli; outcome b ~ Poisson(base + effect on days d+1..d+3 after
    a treatment day (+ lead on d-3..d-1)); optionally a second phase with a higher base
    rate and more treatment days (a confounder that phase matching removes)."""
    T = len(DAYS)
    hot = np.arange(T) >= 600 if phase_confound else np.zeros(T, bool)
    a = rng.random(T) < np.where(hot, 0.25, 0.06)
    rate = np.where(hot, 0.8, 0.1)
    for d in np.flatnonzero(a):
        rate[d + 1:d + 4] += effect
        rate[max(d - 3, 0):d] += lead
    b = rng.poisson(rate)
    return pd.DataFrame({"a": a.astype(int), "b": b}, index=DAYS)


def test_event_study_recovers_planted_rise_without_pretrend(rng):
    c = _counts(rng, effect=0.4)
    res = ea.event_study(c, "b", "a", phases=[], rng=1, n_boot=300, n_placebo=300)
    truth = 0.4 * 3 / 7                       # +0.4 on days 1-3 of the 1-7 window
    lo, hi = res.conf_int().loc["post"]
    assert lo < truth < hi and lo > 0
    lo, hi = res.conf_int().loc["pre"]
    assert lo < 0 < hi                        # no lead effect planted, none found
    assert res.placebo_percentile > 0.99
    assert res.placebo_test().pvalue < 0.01
    assert res.profile.loc[2, "lower"] > 0.2
    assert res.profile.loc[5:14, "effect"].abs().max() < 0.15
    assert list(res.conf_int().columns) == ["lower", "upper"]
    assert res.bse.index.equals(res.params.index)
    res.summary().as_text()
    res.plot()
    res.plot_placebo()


def test_event_study_null_and_leads(rng):
    c = _counts(rng)
    res = ea.event_study(c, "b", "a", phases=[], rng=2, n_boot=300, n_placebo=300)
    lo, hi = res.conf_int().loc["post"]
    assert lo < 0 < hi
    assert 0.02 < res.placebo_percentile < 0.98
    # a planted lead (the outcome rises before treatment days) shows as a pre-trend
    c = _counts(np.random.default_rng(5), lead=0.4)
    res = ea.event_study(c, "b", "a", phases=[], rng=3, n_boot=300, n_placebo=300)
    assert res.conf_int().loc["pre", "lower"] > 0
    assert res.pretrend_test().pvalue < 0.01


def test_event_study_phase_matching_removes_confounding(rng):
    c = _counts(rng, phase_confound=True)     # no effect; hot phase has more treatment
    naive = ea.event_study(c, "b", "a", phases=[], rng=1, n_boot=300, n_placebo=100)
    matched = ea.event_study(c, "b", "a", phases=[CHANGE], rng=1, n_boot=300,
                             n_placebo=100)
    assert naive.conf_int().loc["post", "lower"] > 0          # confounded
    lo, hi = matched.conf_int().loc["post"]
    assert lo < 0 < hi


def test_event_study_refuses_and_is_identical_for_n_jobs(rng):
    c = _counts(rng, effect=0.3)
    model = ea.EventStudy(c, "b", "a", phases=[])
    with pytest.raises(SpecificationError, match="rng"):
        model.fit(rng=None)
    with pytest.raises(SpecificationError, match="phases"):
        ea.EventStudy(c, "b", "a", phases=None)
    with pytest.raises(SpecificationError, match="outcome"):
        ea.EventStudy(c, "x", "a", phases=[])
    with pytest.raises(SpecificationError, match="placebo"):
        model.fit(rng=1, placebo="circular")
    dates = model.fit(rng=7, n_boot=50, n_placebo=100, placebo="dates")
    assert dates.placebo_percentile > 0.95 and len(dates.placebo) == 100
    r1 = model.fit(rng=7, n_boot=200, n_placebo=200, n_jobs=1)
    r2 = model.fit(rng=7, n_boot=200, n_placebo=200, n_jobs=2)
    pd.testing.assert_frame_equal(r1.conf_int(), r2.conf_int())
    np.testing.assert_array_equal(r1.placebo, r2.placebo)


def test_event_days_with_marks():
    inc = pd.DataFrame({"date": ["2020-01-02", "2020-01-02", "2020-01-05"],
                        "side": ["a", "a", "b"], "killed": [0, 2, 0]})
    idx = pd.date_range("2020-01-01", "2020-01-06")
    d = ea.event_days(inc, "a", index=idx, where=(inc["killed"] > 0).to_numpy())
    assert d.tolist() == [False, True, False, False, False, False]
    with pytest.raises(SpecificationError, match="side"):
        ea.event_days(inc, "c")


def _incidents(a_days, b_days, *, confirmation=None):
    rows = [{"date": d, "side": "a"} for d in a_days] + [{"date": d, "side": "b"}
                                                         for d in b_days]
    inc = pd.DataFrame(rows)
    inc["incident_id"] = [f"i{i}" for i in range(len(inc))]
    if confirmation is not None:
        inc["confirmation"] = confirmation(len(inc))
    return inc


def test_answered_vs_unanswered_recovers_a_deterrent(rng):
    """Attacks fall to a fifth for a week after a strike: answered attack days are
    followed by later next attacks (HR < 1); the strike-vs-quiet design says HR > 1."""
    T = 1500
    attack, strike = np.zeros(T, bool), np.zeros(T, bool)
    last_strike = -100
    for d in range(T):
        p = 0.04 if d - last_strike <= 7 else 0.2
        attack[d] = rng.random() < p
        if attack[d] and rng.random() < 0.35:
            strike[d] = True
            last_strike = d
    days = pd.date_range("2020-01-01", periods=T, freq="D")
    inc = _incidents(days[attack], days[strike])
    res = ea.deterrence(inc, "a", "b", design="answered_vs_unanswered", answer_within=0)
    assert res.hr_conf_int()[1] < 1 and res.hazard_ratio < 0.6
    assert set(res.episodes["group"]) == {"answered", "unanswered"}
    assert "answered" in res.params.index
    res.summary()
    res.plot()
    with pytest.raises(SpecificationError, match="design"):
        ea.deterrence(inc, "a", "b", design="x")


def test_phase_matched_response_baseline_removes_phase_confounding(rng):
    """No response at all, but both sides are busier in the second phase: the lift
    against every day is > 1, against matched days it is not."""
    T = 1000
    hot = np.arange(T) >= 500
    a = rng.random(T) < np.where(hot, 0.3, 0.03)
    b = rng.random(T) < np.where(hot, 0.3, 0.03)
    days = pd.date_range("2020-01-01", periods=T, freq="D")
    inc = _incidents(days[a], days[b])
    res = ea.response_lags(inc, "b", "a", triggers="nearest", phases=[days[500]], rng=1,
                           n_boot=300, k=(1, 3))
    w = res.within
    assert (w["response_prob"] / w["baseline"]).min() > 1.3
    assert (w["lift_lower"] < 1).all() and (w["lift_upper"] > 1).all()
    assert "lift[1]" in res.params.index and "lift[1]" in res.conf_int().index


def _same_day_incidents(rng, n_days=400):
    """Shared days with a random true order, recorded in time_local."""
    rows = []
    for d in pd.date_range("2021-01-01", periods=n_days, freq="D"):
        u = rng.random()
        if u < 0.15:              # shared day, true order random
            ta, tb = ("07:00", "19:00") if rng.random() < 0.4 else ("19:00", "07:00")
            rows += [{"date": d, "side": "a", "time_local": ta},
                     {"date": d, "side": "b", "time_local": tb}]
        elif u < 0.35:
            rows.append({"date": d, "side": "a", "time_local": "12:00"})
        elif u < 0.5:
            rows.append({"date": d, "side": "b", "time_local": "12:00"})
    inc = pd.DataFrame(rows)
    inc["incident_id"] = [f"i{i}" for i in range(len(inc))]
    inc["retaliation_for"] = None
    return inc


def test_ordering_bounds_bracket_the_truth(rng):
    inc = _same_day_incidents(rng)
    stat = partial(ea.response_share, responder="b", trigger_side="a", within=1.0)
    truth = stat(inc)
    blind = inc.assign(time_local=None)            # day precision: order unknown
    b = ea.ordering_bounds(blind, ["a", "b"], stat)
    lo, hi = b.table.loc["value", ["low", "high"]]
    assert lo < truth < hi and hi - lo > 0.1
    assert b.table.loc["value", "a first"] == hi      # a first: every shared b answers a
    # with the times known, every order gives the truth
    known = ea.ordering_bounds(inc, ["a", "b"], stat)
    assert known.table.loc["value", ["a first", "b first", "stated"]].tolist() == \
        pytest.approx([truth] * 3)
    assert b.stands(0.0).loc["value"]
    assert not b.stands(lo + (hi - lo) / 2).loc["value"]
    assert b.statement(lo + (hi - lo) / 2).loc["value", "verdict"] == "range"
    b.summary()
    b.plot()


def test_stated_triggers_set_the_order(rng):
    inc = _same_day_incidents(rng).assign(time_local=None)
    shared = inc.groupby("date")["side"].nunique()
    day = shared[shared == 2].index[0]
    ia = inc.loc[(inc["date"] == day) & (inc["side"] == "a"), "incident_id"].iloc[0]
    ib = inc.index[(inc["date"] == day) & (inc["side"] == "b")][0]
    inc.loc[ib, "retaliation_for"] = ia                    # b answered a that day
    o = ea.order_within_days(inc, ["a", "b"], None)
    rows = o[o["date"] == day].set_index("side")
    assert rows.loc["a", "time_local"] < rows.loc["b", "time_local"]
    assert set(rows["within_day_order"]) == {"stated"}
    assert (o.loc[o["within_day_order"] == "tied", "time_local"].isna()).all()
    with pytest.raises(SpecificationError, match="first"):
        ea.order_within_days(inc, ["a", "b"], "c")


def _spec_incidents(rng, beta):
    T = 730
    days = pd.date_range("2021-01-01", periods=T, freq="D")
    a = rng.poisson(0.25, T)
    b = np.zeros(T, int)
    for t in range(T):
        recent = a[max(t - 3, 0):t].sum() > 0
        b[t] = rng.poisson(0.12 * np.exp(beta * recent))
    rows = [{"date": d, "side": s} for s, x in (("a", a), ("b", b))
            for d, n in zip(days, x) for _ in range(n)]
    inc = pd.DataFrame(rows)
    inc["confirmation"] = rng.choice(["confirmed", "claimed", "reported"], len(inc),
                                     p=[0.6, 0.2, 0.2])
    return inc


GRID = dict(windows=[(1, 3), (1, 7)], transforms=["indicator", "log1p"],
            families=["poisson"], backgrounds=["none", "yearly"],
            samples={"all": None, "confirmed+claimed": ("confirmed", "claimed")})


def test_spec_curve_labels_planted_effect_robust_and_null_fragile(rng):
    strong = ea.specification_curve(_spec_incidents(rng, 1.2), "b", "a", **GRID)
    assert strong.label == "robust" and strong.sign == 1
    assert strong.n_specs == 16 and strong.n_failed == 0
    assert strong.share_same_sign == 1.0
    null = ea.specification_curve(_spec_incidents(rng, 0.0), "b", "a", **GRID)
    assert null.label == "fragile" and null.share_excludes_zero < 0.8
    assert set(strong.by("window").index) == {"1-3", "1-7"}
    strong.summary()
    strong.plot()


def test_spec_curve_identical_for_n_jobs_and_checks_options(rng):
    inc = _spec_incidents(rng, 0.8)
    grid = dict(GRID, samples={"all": None})
    s1 = ea.specification_curve(inc, "b", "a", n_jobs=1, **grid)
    s2 = ea.specification_curve(inc, "b", "a", n_jobs=2, **grid)
    pd.testing.assert_frame_equal(s1.table, s2.table)
    with pytest.raises(SpecificationError, match="phases"):
        ea.specification_curve(inc, "b", "a", backgrounds=["phases"], windows=[(1, 2)])
    hurdle = ea.specification_curve(inc, "b", "a", windows=[(1, 3)], transforms=["indicator"],
                                    families=["hurdle"], backgrounds=["none"],
                                    samples={"all": None})
    assert hurdle.n_failed == 0 and hurdle.sign == 1
    with pytest.raises(SpecificationError, match="transforms"):
        ea.specification_curve(inc, "b", "a", transforms=["cube"])


def test_event_study_placebo_failures_are_counted_and_all_failing_raises(rng, monkeypatch):
    from analysis.exceptions import EstimationError
    from analysis.models import event_study as es
    c = _counts(rng, effect=0.3)
    model = ea.EventStudy(c, "b", "a", phases=[])
    ok = model.fit(rng=3, n_boot=20, n_placebo=40)
    assert ok.n_placebo_failed == 0 and len(ok.placebo) == 40
    real = es._replicate_chunk

    def some_fail(payload, task):               # every other placebo replicate fails
        out = real(payload, task)
        if task[0] == "placebo":
            out[::2] = np.nan
        return out

    monkeypatch.setattr(es, "_replicate_chunk", some_fail)
    part = model.fit(rng=3, n_boot=20, n_placebo=40)
    assert part.n_placebo_failed == 20 and len(part.placebo) == 20
    np.testing.assert_array_equal(part.placebo, ok.placebo[1::2])
    assert np.isfinite(part.placebo_percentile)

    def all_fail(payload, task):
        out = real(payload, task)
        if task[0] == "placebo":
            out[:] = np.nan
        return out

    monkeypatch.setattr(es, "_replicate_chunk", all_fail)
    with pytest.raises(EstimationError, match="all 40 placebo replicates"):
        model.fit(rng=3, n_boot=20, n_placebo=40)
