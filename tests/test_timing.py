"""Response lags (hand-checked on a tiny table) and deterrence (episode construction,
Kaplan-Meier and Cox against independent computations, direction on simulated data)."""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize
from statsmodels.duration.hazard_regression import PHReg
from statsmodels.duration.survfunc import SurvfuncRight

from analysis import DataError, SpecificationError, deterrence, response_lags


@pytest.fixture
def tiny():
    rows = [
        ("u0", "2023-12-31", "us", None),
        ("m1", "2024-01-01", "militia", None),
        ("m2", "2024-01-03", "militia", None),
        ("u1", "2024-01-04", "us", "m1"),
        ("u2", "2024-01-04", "us", None),
        ("m3", "2024-01-10", "militia", "u1;u2"),
        ("u3", "2024-01-10", "us", None),
        ("u4", "2024-01-12", "us", "m9"),
        ("u5", "2024-01-12", "us", "m1; m2"),
    ]
    df = pd.DataFrame(rows, columns=["incident_id", "date", "side", "retaliation_for"])
    df["date"] = pd.to_datetime(df["date"])
    return df


def _row(res, iid):
    return res.lags.set_index("incident_id").loc[iid]


def test_response_lags_by_hand(tiny, rng):
    res = response_lags(tiny, "us", "militia", k=(1, 2), n_boot=200, rng=rng)
    lag = res.lags.set_index("incident_id")
    assert list(lag.index) == ["u0", "u1", "u2", "u3", "u4", "u5"]
    assert list(lag["source"]) == ["none", "stated", "nearest", "nearest", "nearest", "stated"]
    assert lag["lag"].tolist()[1:] == [3, 1, 7, 2, 9]
    assert pd.isna(lag.loc["u0", "lag"])
    assert lag.loc["u5", "lag_first"] == 11            # from m1
    assert lag.loc["u5", "trigger_ids"] == "m1;m2"
    assert lag.loc["u4", "unmatched_ids"] == "m9"       # falls back to the nearest (m3)
    assert lag.loc["u4", "trigger_ids"] == "m3"
    assert res.median_lag == 3.0
    w = res.within
    assert w.loc[1, "share_of_responses"] == pytest.approx(1 / 5)
    assert w.loc[2, "share_of_responses"] == pytest.approx(2 / 5)
    # trigger days 01-01, 01-03, 01-10; US days 12-31, 01-04, 01-10, 01-12
    assert w.loc[1, "response_prob"] == pytest.approx(1 / 3)
    assert w.loc[2, "response_prob"] == pytest.approx(2 / 3)
    assert w.loc[1, "baseline"] == pytest.approx(3 / 12)   # 01-03, 01-09, 01-11 of 12
    assert w.loc[1, "n_trigger_days"] == 3
    assert w.loc[1, "response_prob_lower"] <= 1 / 3 <= w.loc[1, "response_prob_upper"]


def test_response_lag_options(tiny):
    same = response_lags(tiny, "us", "militia", same_day=True, n_boot=0)
    assert _row(same, "u3")["lag"] == 0 and _row(same, "u3")["trigger_ids"] == "m3"
    capped = response_lags(tiny, "us", "militia", max_lag=5, n_boot=0)
    assert _row(capped, "u3")["source"] == "none"
    stated = response_lags(tiny, "us", "militia", triggers="stated", n_boot=0)
    assert list(stated.lags["source"]) == ["none", "stated", "none", "none", "none", "stated"]
    nearest = response_lags(tiny, "us", "militia", triggers="nearest", n_boot=0)
    assert _row(nearest, "u1")["lag"] == 1 and _row(nearest, "u1")["source"] == "nearest"
    # the other direction: m3 names u1 and u2 (both 01-04): lag 6
    back = response_lags(tiny, "militia", "us", n_boot=0)
    assert _row(back, "m3")["lag"] == 6 and _row(back, "m3")["source"] == "stated"
    assert _row(back, "m1")["lag"] == 1                 # nearest: u0 on 12-31
    assert back.median_lag_ci is None


def test_response_lags_report_and_plots(tiny, rng):
    import matplotlib.pyplot as plt
    res = response_lags(tiny, "us", "militia", n_boot=100, rng=rng)
    text = str(res.summary())
    assert "Median lag" in text and "stated" in text
    fig, ax = plt.subplots(2)
    assert res.plot(ax=ax[0]) is ax[0]
    assert res.plot_within(ax=ax[1]) is ax[1]
    # bootstrap draws come from rng only
    a = response_lags(tiny, "us", "militia", n_boot=100, rng=7).within
    b = response_lags(tiny, "us", "militia", n_boot=100, rng=7).within
    pd.testing.assert_frame_equal(a, b)


def test_response_lags_bad_input(tiny):
    with pytest.raises(SpecificationError, match="sides present"):
        response_lags(tiny, "usa", "militia")
    with pytest.raises(SpecificationError, match="differ"):
        response_lags(tiny, "us", "us")
    with pytest.raises(SpecificationError, match="stated_or_nearest"):
        response_lags(tiny, "us", "militia", triggers="closest")
    with pytest.raises(SpecificationError, match="k must"):
        response_lags(tiny, "us", "militia", k=0)
    with pytest.raises(DataError, match="date"):
        response_lags(tiny.drop(columns="date"), "us", "militia")


# ------------------------------------------------------------------------------------
# deterrence
# ------------------------------------------------------------------------------------
def _simulate(rng, T=3000, p_attack=0.12, p_strike=0.03, after=None, days_after=5):
    """Daily attack/strike days; after a strike the attack probability is ``after``
    for ``days_after`` days (None: strikes change nothing)."""
    attack, strike = np.zeros(T, bool), np.zeros(T, bool)
    last_strike = -10 ** 6
    for d in range(T):
        p = p_attack if (after is None or d - last_strike > days_after) else after
        attack[d] = rng.random() < p
        strike[d] = rng.random() < p_strike
        if strike[d]:
            last_strike = d
    days = pd.date_range("2010-01-01", periods=T, freq="D")
    rows = [(days[d], "attacker") for d in np.flatnonzero(attack)] + \
           [(days[d], "striker") for d in np.flatnonzero(strike)]
    return pd.DataFrame(rows, columns=["date", "side"]).sort_values("date"), days


def _episodes_by_hand(inc, days, horizon, recent):
    """An independent construction of the deterrence episodes."""
    a_days = set(inc.loc[inc["side"] == "attacker", "date"])
    s_days = set(inc.loc[inc["side"] == "striker", "date"])
    attack_list = sorted(a_days)
    out = []
    for i in range(recent - 1, len(days) - 1):
        d = days[i]
        if d in s_days:
            g = "strike"
        elif d not in a_days:
            g = "quiet"
        else:
            continue
        later = [x for x in attack_list if x > d][:1]
        follow = min(horizon, (days[-1] - d).days)
        if later and (later[0] - d).days <= follow:
            out.append((d, g, (later[0] - d).days, 1))
        else:
            out.append((d, g, follow, 0))
    return pd.DataFrame(out, columns=["origin", "group", "duration", "event"])


def _km(durations, events):
    times = np.unique(durations[events == 1])
    s, out = 1.0, []
    for t in times:
        at_risk = (durations >= t).sum()
        d = ((durations == t) & (events == 1)).sum()
        s *= 1 - d / at_risk
        out.append(s)
    return times, np.array(out)


def test_deterrence_episodes_km_and_cox_by_hand(rng):
    inc, days = _simulate(rng, T=800)
    res = deterrence(inc, "attacker", "striker", horizon=20, recent=5, ties="breslow",
                     start=days[0], end=days[-1])
    hand = _episodes_by_hand(inc, days, 20, 5)
    ep = res.episodes[["origin", "group", "duration", "event"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(ep, hand, check_dtype=False)
    # Kaplan-Meier: product-limit by hand and statsmodels on the same data
    for g in ("strike", "quiet"):
        e = hand[hand["group"] == g]
        t, s = _km(e["duration"].to_numpy(), e["event"].to_numpy())
        km = res.survival[res.survival["group"] == g]
        km = km[km["n_events"] > 0]
        np.testing.assert_allclose(km["time"], t)
        np.testing.assert_allclose(km["surv"], s, rtol=1e-12)
        sf = SurvfuncRight(e["duration"].to_numpy(float), e["event"].to_numpy(float))
        np.testing.assert_allclose(res.km[g].surv_prob, sf.surv_prob)
        assert (km["lower"] <= km["surv"] + 1e-12).all()
        assert (km["surv"] <= km["upper"] + 1e-12).all()
    # Cox: statsmodels PHReg directly, and an independent Breslow partial likelihood
    X = np.column_stack([(hand["group"] == "strike").astype(float),
                         res.episodes["recent_attacks"].astype(float)])
    dur, ev = hand["duration"].to_numpy(float), hand["event"].to_numpy(float)
    direct = PHReg(dur, X, status=ev, ties="breslow").fit(
        groups=res.episodes["cluster"].to_numpy())
    np.testing.assert_allclose(res.params, direct.params, rtol=1e-8)
    np.testing.assert_allclose(res.bse, direct.bse, rtol=1e-8)

    def neg_pl(beta):
        eta = X @ beta
        ll = 0.0
        for t in np.unique(dur[ev == 1]):
            dead = (dur == t) & (ev == 1)
            risk = dur >= t
            ll += eta[dead].sum() - dead.sum() * np.log(np.exp(eta[risk]).sum())
        return -ll

    opt = optimize.minimize(neg_pl, np.zeros(2), method="BFGS", options={"gtol": 1e-8})
    np.testing.assert_allclose(res.params, opt.x, atol=1e-4)
    assert res.llf == pytest.approx(-opt.fun, abs=1e-6)


def test_deterrence_detects_direction(rng):
    inc, _ = _simulate(rng, after=0.02)            # strikes suppress attacks for 5 days
    res = deterrence(inc, "attacker", "striker", adjust=False)
    lo, hi = res.hr_conf_int()
    assert hi < 1 and res.test().pvalue < 0.01
    inc, _ = _simulate(rng, after=0.5)             # strikes provoke
    res = deterrence(inc, "attacker", "striker")
    assert res.hr_conf_int()[0] > 1
    inc, _ = _simulate(rng)                        # no effect
    res = deterrence(inc, "attacker", "striker")
    lo, hi = res.hr_conf_int()
    assert lo < 1 < hi


def test_deterrence_report_phases_and_plot(rng):
    import matplotlib.pyplot as plt
    inc, days = _simulate(rng, T=1000)
    res = deterrence(inc, "attacker", "striker", phases=[days[400], days[700]])
    assert set(res.episodes["phase"]) == {0, 1, 2}
    text = str(res.summary())
    assert "Hazard ratio" in text and "not the causal effect" in text
    assert res.test().df == 1 and 0 <= res.logrank.pvalue <= 1
    sa = res.survival_at((1, 7))
    assert (sa.diff().dropna() <= 0).all().all()
    fig, ax = plt.subplots()
    assert res.plot(ax=ax) is ax


def test_deterrence_bad_input(rng):
    inc, days = _simulate(rng, T=200)
    with pytest.raises(SpecificationError, match="efron"):
        deterrence(inc, "attacker", "striker", ties="exact")
    with pytest.raises(SpecificationError, match="horizon"):
        deterrence(inc, "attacker", "striker", horizon=0)
    with pytest.raises(SpecificationError, match="sides present"):
        deterrence(inc, "attacker", "us")
    only = inc[inc["side"] == "attacker"]
    with pytest.raises(SpecificationError, match="sides present"):
        deterrence(only, "attacker", "striker")
    no_strikes = pd.concat([only, pd.DataFrame({"date": [days[-1] + pd.Timedelta(days=30)],
                                                "side": ["striker"]})])
    with pytest.raises(DataError, match="no 'striker' events"):
        deterrence(no_strikes, "attacker", "striker", end=days[-1])
    with pytest.raises(SpecificationError, match="before start"):
        deterrence(inc, "attacker", "striker", start=days[50], end=days[10])
