"""The severity index: weights by hand, presets, use through to_counts, bad input."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import (DataError, DataWarning, SeverityIndex, SpecificationError,
                      detect_phases, load_incidents, to_counts)
from analysis.severity import DEFAULT_WEAPON_WEIGHTS, GOLDSTEIN_WEAPON_CODES
from warning_checks import expect_warning


@pytest.fixture
def table():
    return pd.DataFrame({
        "date": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-02", "2024-01-04"]),
        "side": ["militia", "us", "militia", "militia"],
        "weapon": ["rocket", "airstrike", "drone", "ballistic_missile"],
        "n_attacks": pd.array([2, 3, 1, 1], dtype="Int64"),
        "target_killed": pd.array([pd.NA, 5, 3, 0], dtype="Int64"),
        "target_wounded": pd.array([pd.NA, pd.NA, 40, 110], dtype="Int64"),
        "actor_killed": pd.array([pd.NA, 0, pd.NA, pd.NA], dtype="Int64"),
    })


def test_default_weights_by_hand(table):
    w = SeverityIndex()(table)
    expected = [2 * 1.0,                                       # two rocket attacks
                3 * 2.0 + 3.0 * math.log1p(5),                  # 3 strikes, 5 killed
                1.5 + 3.0 * math.log1p(3) + 1.0 * math.log1p(40),
                3.0 + 1.0 * math.log1p(110)]
    np.testing.assert_allclose(w, expected)
    assert w.index.equals(table.index) and w.name == "severity"
    lin = SeverityIndex(transform="linear", casualty_weights={"target_wounded": 0.1})(table)
    np.testing.assert_allclose(lin, [2, 6 + 15, 1.5 + 9 + 4, 3 + 11])


def test_updates_and_presets(table):
    w = SeverityIndex(weapon_weights={"drone": 4.0}, casualty_weights={"target_killed": 0})
    assert w.weapon_weights["rocket"] == DEFAULT_WEAPON_WEIGHTS["rocket"]
    assert "target_killed" not in w.casualty_weights
    assert w(table)[2] == pytest.approx(4.0 + math.log1p(40))
    ev = SeverityIndex(preset="events")(table)
    np.testing.assert_allclose(ev, table["n_attacks"].astype(float))
    g = SeverityIndex(preset="goldstein")
    # every kinetic CAMEO code scores -10 on the Goldstein scale: the preset is a count
    np.testing.assert_allclose(g(table), table["n_attacks"].astype(float))
    assert set(GOLDSTEIN_WEAPON_CODES) == set(DEFAULT_WEAPON_WEIGHTS) - {"none"}
    assert "CAMEO 195" in " ".join(g.table()["note"])


def test_through_to_counts_and_models(table):
    sev = SeverityIndex()
    daily = to_counts(table, weight=sev, columns=["militia", "us"])
    assert daily.loc["2024-01-01", "militia"] == pytest.approx(2.0)
    assert daily.to_numpy().sum() == pytest.approx(sev(table).sum())
    assert sev.counts(table, columns=["militia", "us"]).equals(daily)
    inc = load_incidents()
    inc = inc[inc["side"].isin(["militia", "us"])]
    series = to_counts(inc, weight=sev, columns=["militia", "us"])
    assert (series.to_numpy() >= 0).all() and series.to_numpy().sum() > len(inc)
    res = detect_phases(series, family="negbin", min_size=14)
    assert res.n_changes >= 1


def test_missing_and_bad_input(table):
    with pytest.raises(DataError, match="target_killed"):
        SeverityIndex(missing="raise")(table)
    with pytest.raises(SpecificationError, match="default"):
        SeverityIndex(preset="cameo")
    with pytest.raises(SpecificationError, match="log1p"):
        SeverityIndex(transform="sqrt")
    with pytest.raises(SpecificationError, match=">= 0"):
        SeverityIndex(weapon_weights={"drone": -1})
    with pytest.raises(SpecificationError, match="mapping"):
        SeverityIndex(casualty_weights=[1, 2])
    odd = table.assign(weapon=["rocket", "laser", "drone", "rocket"])
    with pytest.raises(SpecificationError, match="laser"):
        SeverityIndex()(odd)
    assert SeverityIndex(weapon_weights={"laser": 2.0})(odd)[1] > 0
    with pytest.raises(DataError, match="weapon"):
        SeverityIndex()(table.drop(columns="weapon"))
    none = table.assign(weapon=["none", "airstrike", "drone", "rocket"])
    with expect_warning(DataWarning, match="no CAMEO"):
        g = SeverityIndex(preset="goldstein")(none)
    assert g[0] == 0.0


def test_non_numeric_casualty_figures_are_refused_not_counted_as_zero():
    from analysis import DataError, SeverityIndex, load_example
    inc = load_example().copy()
    inc["target_killed"] = inc["target_killed"].astype(object)
    inc.loc[inc.index[3], "target_killed"] = "dozens"
    with pytest.raises(DataError, match="not numbers.*'dozens'"):
        SeverityIndex(missing="zero")(inc)


def test_default_weights_cover_every_weapon_of_the_bundled_tables():
    """Every weapon a bundled incident table uses has a default weight (the notebooks
    compute severity with the defaults)."""
    import analysis
    for case in ("iraq_syria",):
        used = set(analysis.load_incidents(case)["weapon"].dropna())
        assert used <= set(DEFAULT_WEAPON_WEIGHTS), used - set(DEFAULT_WEAPON_WEIGHTS)
