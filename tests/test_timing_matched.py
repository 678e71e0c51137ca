"""The matched baseline and lift of response_lags resampled by blocks of calendar days
(``matched_bootstrap="days"``: trigger and control days together, the control shares
recomputed in every draw), on small simulated records where the lift is 1 by
construction."""

import numpy as np
import pandas as pd
import pytest

from analysis import SpecificationError, response_lags

START = pd.Timestamp("2022-01-01")
PHASES = ["2022-10-28"]          # day 300


def _bursty(n, rate, rng):
    """Days with an event: a two-state (quiet / hot) Markov chain, so events cluster."""
    hot = np.zeros(n, bool)
    for t in range(1, n):
        hot[t] = rng.random() < (0.9 if hot[t - 1] else 0.05)
    return rng.random(n) < np.where(hot, 4 * rate, rate / 2)


def _record(rng, n=600):
    """Two sides drawn independently (so the lift is 1), each bursty, rates higher in
    the second phase."""
    second = np.arange(n) >= 300
    rows = []
    for side, base in (("a", 0.06), ("b", 0.05)):
        on = _bursty(n, 1.0, rng) & (rng.random(n) < np.where(second, 3 * base, base))
        rows += [(f"{side}{d}", START + pd.Timedelta(days=int(d)), side, None)
                 for d in np.flatnonzero(on)]
    return pd.DataFrame(rows, columns=["incident_id", "date", "side", "retaliation_for"])


def _fit(inc, how, rng):
    return response_lags(inc, "b", "a", k=[3], phases=PHASES, n_boot=300, block_length=3,
                         start=START, end=START + pd.Timedelta(days=599),
                         matched_bootstrap=how, day_block_length=14, rng=rng)


@pytest.fixture(scope="module")
def lifts():
    rng = np.random.default_rng(20261206)
    out = {"trigger_days": [], "days": []}
    for _ in range(40):
        inc = _record(rng)
        seed = int(rng.integers(2**31))
        for how in out:
            w = _fit(inc, how, seed).within.loc[3]
            out[how].append((w["lift"], w["lift_lower"], w["lift_upper"],
                             w["matched_baseline_lower"], w["matched_baseline_upper"]))
    return {k: np.array(v) for k, v in out.items()}


def test_days_bootstrap_widens_the_matched_intervals(lifts):
    # the control days' sampling variation enters: wider intervals for the baseline
    # and the lift than with the control shares held fixed
    width = {k: np.nanmean(v[:, 2] - v[:, 1]) for k, v in lifts.items()}
    bw = {k: np.nanmean(v[:, 4] - v[:, 3]) for k, v in lifts.items()}
    assert width["days"] > width["trigger_days"]
    assert bw["days"] > 1.5 * bw["trigger_days"]


def test_days_bootstrap_covers_a_lift_of_one(lifts):
    v = lifts["days"]
    covered = (v[:, 1] <= 1) & (v[:, 2] >= 1)
    assert covered.mean() >= 0.85
    # the estimate itself is the same whichever bootstrap
    assert np.allclose(v[:, 0], lifts["trigger_days"][:, 0], equal_nan=True)


def test_days_bootstrap_is_reproducible_and_checked():
    inc = _record(np.random.default_rng(3))
    a, b = (_fit(inc, "days", 11).within for _ in range(2))
    pd.testing.assert_frame_equal(a, b)
    assert "calendar days" in _fit(inc, "days", 11).summary().as_text()
    with pytest.raises(SpecificationError, match="matched_bootstrap"):
        _fit(inc, "controls", 1)
    with pytest.raises(SpecificationError, match="day_block_length"):
        response_lags(inc, "b", "a", k=[3], phases=PHASES, n_boot=10, rng=1,
                      matched_bootstrap="days", day_block_length=0)
