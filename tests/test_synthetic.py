"""Synthetic many-dyad tables: reproducible, ACLED's format, power-law activity, the
truth table agrees with the events, planted reciprocity shows in the data."""

import numpy as np
import pandas as pd
import pytest

from analysis.exceptions import SpecificationError
from analysis.importers import ACLED_COLUMNS
from analysis.synthetic import ACLED_DATE_FORMAT, simulate_dyads, synthetic_acled

KW = dict(n_pairs=120, n_countries=6, start="2018-01-01", end="2021-12-31")


@pytest.fixture(scope="module")
def sim():
    return simulate_dyads(40_000, planted_share=0.5, planted_min_events=200, rng=11, **KW)


def test_reproducible_and_rng_required():
    a = simulate_dyads(3000, rng=4, **KW)
    b = simulate_dyads(3000, rng=np.random.default_rng(4), **KW)
    pd.testing.assert_frame_equal(a.events, b.events)
    pd.testing.assert_frame_equal(a.truth, b.truth)
    c = simulate_dyads(3000, rng=5, **KW)
    assert not a.events[["side", "target_side"]].equals(c.events[["side", "target_side"]])
    with pytest.raises(SpecificationError, match="rng"):
        simulate_dyads(3000, rng=None, **KW)


def test_bad_arguments_are_refused():
    with pytest.raises(SpecificationError, match="stationary"):
        simulate_dyads(1000, self_excitation=(0, 0.7), planted_size=0.4, rng=1, **KW)
    with pytest.raises(SpecificationError, match="n_countries"):
        simulate_dyads(1000, n_pairs=5, n_countries=6, rng=1)
    with pytest.raises(SpecificationError, match="decay"):
        simulate_dyads(1000, decay=1.0, rng=1, **KW)


def test_truth_agrees_with_events(sim):
    ev, truth = sim.events, sim.truth
    assert len(truth) == 2 * KW["n_pairs"]
    counts = ev.groupby(["country", "side", "target_side"]).size()
    t = truth.set_index(["country", "side", "target_side"])["events"]
    pd.testing.assert_series_equal(counts.reindex(t.index, fill_value=0), t,
                                   check_names=False)
    assert ev["date"].is_monotonic_increasing
    assert (ev["side"] != ev["target_side"]).all()
    # the expected total is n_events; simulated totals scatter around expectations
    assert abs(truth["events"].sum() / 40_000 - 1) < 0.15
    big = truth[truth["expected_events"] > 500]
    assert np.median(big["events"] / big["expected_events"]) == pytest.approx(1, abs=0.1)


def test_activity_has_a_heavy_tail(sim):
    per_pair = sim.truth.groupby(["country", sim.truth[["side", "target_side"]].min(axis=1)
                                  + "|" + sim.truth[["side", "target_side"]].max(axis=1)]
                                 )["events"].sum().sort_values(ascending=False)
    top = per_pair.iloc[: len(per_pair) // 10].sum() / per_pair.sum()
    assert top > 0.4                        # the busiest 10% of pairs carry > 40%
    assert (per_pair < 20).mean() > 0.2     # and many pairs are nearly silent


def test_planted_reciprocity(sim):
    truth = sim.truth
    planted = truth[truth["planted"]]
    assert len(planted) >= 3
    assert (planted["reciprocity"] == 0.4).all()
    assert (truth.loc[~truth["planted"], "reciprocity"] == 0).all()
    # eligibility: both directions of a planted pair expect >= planted_min_events
    key = truth.set_index(["country", "side", "target_side"])["expected_events"]
    for r in planted.itertuples():
        assert key[(r.country, r.side, r.target_side)] >= 200
        assert key[(r.country, r.target_side, r.side)] >= 200
    # the planted direction follows the reverse one: events of the responder rise on
    # the day after an event of the trigger, more than on other days
    ev = sim.events
    r = planted.iloc[0]
    days = pd.date_range(KW["start"], KW["end"])
    resp = ev[(ev.side == r.side) & (ev.target_side == r.target_side)].groupby("date") \
        .size().reindex(days, fill_value=0).to_numpy()
    trig = ev[(ev.side == r.target_side) & (ev.target_side == r.side)].groupby("date") \
        .size().reindex(days, fill_value=0).to_numpy()
    after = resp[1:][trig[:-1] > 0].mean()
    other = resp[1:][trig[:-1] == 0].mean()
    assert after > 1.2 * other


def test_acled_format():
    out = synthetic_acled(4000, rng=3, **KW)
    ev = out.events
    assert list(ev.columns) == list(ACLED_COLUMNS)
    dates = pd.to_datetime(ev["event_date"], format=ACLED_DATE_FORMAT)
    assert dates.min() >= pd.Timestamp(KW["start"]) and dates.max() <= pd.Timestamp(KW["end"])
    assert ev["event_date"].iloc[0].split()[1] in {"January", "February", "March"}
    assert ev["event_id_cnty"].is_unique
    assert (ev["year"] == dates.dt.year).all()
    assert set(ev["time_precision"]) <= {1, 2, 3} and (ev["time_precision"] == 1).mean() > 0.9
    assert set(ev["inter1"]) <= {1, 2, 3, 4}
    assert (ev["interaction"] == 10 * np.minimum(ev.inter1, ev.inter2)
            + np.maximum(ev.inter1, ev.inter2)).all()
    assert ev["iso"].between(900, 999).all()
    assert ev["notes"].str.contains("not a real incident").all()
    # the same events as the generic generator with the same rng
    gen = simulate_dyads(4000, rng=3, **KW).events
    assert (ev["actor1"].to_numpy() == gen["side"].to_numpy()).all()
    assert (ev["actor2"].to_numpy() == gen["target_side"].to_numpy()).all()
    assert {"actor1", "actor2", "planted", "reciprocity"} <= set(out.truth.columns)
    # two runs are identical (no wall-clock timestamps)
    again = synthetic_acled(4000, rng=3, **KW).events
    pd.testing.assert_frame_equal(ev, again)
