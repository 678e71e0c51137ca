"""The figures of the field (map, annotated timeline, data quality, cross-effect forest,
predictive checks): they draw, label their axes with units, and use the side colours of
the registry (colour marks the acting side; categories that are not sides are grey)."""

import warnings

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

import analysis as ea
from analysis.casestudy import DIRECTIONS, SIDES, dyad_incidents
from analysis.paths import RAW
from analysis.plotting import (check_figure, new_figure, plot_cross_effects, plot_data_quality,
                               plot_event_timeline, plot_gap_check, plot_incident_map,
                               plot_predictive_check, read_boundaries, side_color)

BOUNDARIES = RAW / "boundaries" / "admin0_110m.geojson"


def _hex(c):
    return mcolors.to_hex(c)


@pytest.fixture(scope="module")
def dyad():
    return dyad_incidents(ea.load_incidents())


def test_boundaries_are_committed_and_read():
    shapes = read_boundaries(BOUNDARIES)
    assert {"Iraq", "Syria", "Jordan"} <= set(shapes)
    ring = shapes["Iraq"][0]
    assert ring.shape[1] == 2 and 38 < ring[:, 0].mean() < 48 and 29 < ring[:, 1].mean() < 38


def test_read_boundaries_names_the_file_on_bad_input(tmp_path):
    bad = tmp_path / "x.geojson"
    bad.write_text("{}")
    with pytest.raises(ValueError, match="x.geojson"):
        read_boundaries(bad)


def test_incident_map_sizes_discs_by_count_in_the_acting_sides_colour(dyad):
    fig, axes = new_figure("wide", ncols=2)
    periods = {"before": ("2019-12-01", "2023-10-16"), "campaign": ("2023-10-17", "2024-02-04")}
    plot_incident_map(dyad, BOUNDARIES, periods=periods, sides=SIDES, ax=axes)
    for ax in axes:
        assert ax.get_xlabel() == "longitude (degrees east)"
        edge = {_hex(c.get_edgecolor()[0]) for c in ax.collections if len(c.get_offsets())}
        assert edge == {side_color(s).lower() for s in SIDES}
    assert axes[0].get_ylabel() == "latitude (degrees north)"
    # the disc areas are proportional to the counts: the largest disc is the busiest place
    camp = dyad[(dyad["date"] >= "2023-10-17") & (dyad["date"] <= "2024-02-04")]
    located = camp.dropna(subset=["latitude", "longitude"])
    n = located.assign(lat=located["latitude"].round(1), lon=located["longitude"].round(1)) \
        .groupby(["side", "lat", "lon"]).size()
    sizes = np.concatenate([c.get_sizes() for c in axes[1].collections if len(c.get_offsets())])
    assert sizes.max() / sizes.min() == pytest.approx(n.max() / n.min())
    # each panel says how many incidents it could place
    assert f"{len(located)} of {len(camp)}" in axes[1].get_title()


def test_incident_map_refuses_a_table_without_coordinates(dyad):
    with pytest.raises(ValueError, match="latitude"):
        plot_incident_map(dyad.drop(columns=["latitude"]), BOUNDARIES)


def test_event_timeline_numbers_the_events_and_draws_severity(dyad):
    weekly = ea.to_counts(dyad, freq="W", columns=SIDES)
    sev = ea.to_counts(dyad, freq="W", columns=SIDES, weight=ea.SeverityIndex())
    events = [("2024-01-28", "attack on Tower 22"), ("2020-01-03", "strike at Baghdad airport")]
    axes = plot_event_timeline(weekly, events, severity=sev)
    numbers = [t.get_text() for t in axes[0].texts if t.get_text().isdigit()]
    assert numbers == ["1", "2"]
    key = "\n".join(t.get_text() for t in axes[-1].texts)
    assert "1  3 Jan 2020  strike at Baghdad airport" in key      # sorted by date
    assert axes[1].get_ylabel() == "severity index per week"
    assert {_hex(line.get_color()) for line in axes[1].lines if len(line.get_xdata()) > 2} \
        == {side_color(s).lower() for s in SIDES}
    with pytest.raises(ValueError, match="date"):
        plot_event_timeline(weekly, pd.DataFrame({"when": [], "label": []}))


def test_data_quality_uses_greys_not_side_colours():
    inc = ea.load_incidents()
    axes = plot_data_quality(inc, ea.load_sources())
    assert [a.get_title(loc="left") for a in axes] == ["confirmation", "date precision", "source language",
                                             "claimed by"]
    assert axes[0].get_ylabel() == "incidents per month"
    side_colours = {side_color(s).lower() for s in SIDES}
    for a in axes:
        for c in a.collections:
            fc = c.get_facecolor()[0]
            assert np.allclose(fc[0], fc[1]) and np.allclose(fc[1], fc[2])     # grey
            assert _hex(fc) not in side_colours
    # every incident is counted once in the confirmation panel
    monthly = pd.crosstab(inc["date"].dt.to_period("M"), inc["confirmation"]).to_numpy().sum()
    assert monthly == len(inc)


def _effects():
    rows = []
    for s, t in DIRECTIONS:
        rows += [dict(method="A", source=s, target=t, sample="all", estimate=0.2, lower=0.0,
                      upper=0.4),
                 dict(method="A", source=s, target=t, sample="confirmed", estimate=np.nan,
                      lower=np.nan, upper=np.nan, note="not fitted"),
                 dict(method="B", source=s, target=t, sample="all", estimate=1.0, lower=-2.0,
                      upper=4.0, note="unstable")]
    return pd.DataFrame(rows)


def test_cross_effects_forest_colours_the_responding_side_and_writes_notes():
    axes = plot_cross_effects(_effects())
    assert len(axes) == 2
    for ax, (s, t) in zip(axes, DIRECTIONS):
        lines = [line for line in ax.lines if line.get_marker() == "o"]
        colours = {_hex(line.get_color()) for line in lines}
        assert side_color(t).lower() in colours          # acting side = the responder
        assert side_color(s).lower() not in colours
        texts = " ".join(x.get_text() for x in ax.texts)
        assert "not fitted" in texts and "unstable" in texts
        assert "per event" in ax.get_xlabel()
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["A", "B"]


def test_cross_effects_refuses_missing_columns():
    with pytest.raises(ValueError, match="upper"):
        plot_cross_effects(_effects().drop(columns="upper"))


def test_predictive_checks_draw_bands_and_refuse_bad_shapes():
    g = np.random.default_rng(7)
    obs = pd.Series(g.poisson(2, 30), index=pd.date_range("2024-01-01", periods=30, freq="W-MON"))
    sims = g.poisson(2, size=(40, 30))
    ax = plot_predictive_check(obs, sims, sides="us", ylabel="events per week")
    assert ax.get_ylabel() == "events per week"
    assert _hex([line for line in ax.lines if line.get_label() == "observed"][0].get_color()) \
        == side_color("us").lower()
    with pytest.raises(ValueError, match="simulated"):
        plot_predictive_check(obs, sims[:, :5])
    ax = plot_gap_check(g.exponential(3, 60), [g.exponential(3, 60) for _ in range(30)], side="militia")
    assert ax.get_xlabel() == "days between consecutive events"
    assert ax.get_ylim() == (0.0, 1.0)


def test_new_figures_pass_the_figure_checks(dyad):
    fig, axes = new_figure("wide", ncols=2)
    plot_incident_map(dyad, BOUNDARIES, sides=SIDES, ax=axes,
                      periods={"Before": ("2019-12-01", "2023-10-16"),
                               "Campaign": ("2023-10-17", "2024-02-04")})
    fig2, axes2 = new_figure("wide", ncols=2, sharey=True, height=3.2)
    plot_cross_effects(_effects(), ax=axes2)
    for f in (fig, fig2):
        assert [str(p) for p in check_figure(f)] == []


# --------------------------------------------------------------------------------------
# Fixed figures: what they draw (issue 12, section 2)
# --------------------------------------------------------------------------------------
def _var_counts(rng, n=1500):
    """Two mutually exciting daily count series (small, fast)."""
    y = np.zeros((n, 2))
    for t in range(1, n):
        lam = np.array([0.3, 0.1]) + np.array([[0.3, 0.2], [0.3, 0.1]]) @ y[t - 1]
        y[t] = rng.poisson(np.minimum(lam, 5))
    idx = pd.date_range("2020-01-01", periods=n, freq="D")
    return pd.DataFrame(y, index=idx, columns=["militia", "us"])


def test_irf_day0_is_not_drawn_as_a_response_and_cumulates_from_day1(rng):
    from analysis import VARModel
    res = VARModel(_var_counts(rng), lags=2).fit()
    irf = res.irf(5, bootstrap="residual", n_boot=20, rng=3)
    cum = res.irf(5, bootstrap="residual", n_boot=20, rng=3, cumulative=True)
    fig, ax = new_figure("single")
    irf.plot("us", "militia", ax=ax)
    curve, day0 = [line for line in ax.lines if len(line.get_xdata()) > 1][0], \
        [line for line in ax.lines if list(line.get_xdata()) == [0]][0]
    assert curve.get_xdata()[0] == 1                       # the response starts on day 1
    assert day0.get_markerfacecolor() == "white"           # day 0: open marker
    assert _hex(curve.get_color()) == side_color("us").lower()   # the responding side
    fig, ax = new_figure("single")
    cum.plot("us", "militia", ax=ax)
    y = [line for line in ax.lines if len(line.get_xdata()) > 1][0].get_ydata()
    total = irf.total_response("us", "militia", 1, 5)["estimate"]
    assert y[-1] == pytest.approx(total)                   # the values files' number


def test_bayes_changepoint_panel_warns_when_the_bound_binds(rng):
    from analysis.models.phases import bayesian_changepoints
    y = np.concatenate([rng.poisson(0.2, 60), rng.poisson(3, 30), rng.poisson(0.2, 60),
                        rng.poisson(3, 30), rng.poisson(0.2, 60)])
    counts = pd.DataFrame({"a": y}, index=pd.date_range("2020-01-01", periods=len(y)))
    from analysis.exceptions import DataWarning
    with pytest.warns(DataWarning, match="raise max_changes"):    # the fit warns too
        post = bayesian_changepoints(counts, max_changes=1, min_size=7)
    ax = post.plot()
    assert "raise max_changes" in " ".join(t.get_text() for t in ax.texts)
    assert ax.get_ylabel() == "P(new phase begins on the day)"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)       # whether it binds is the test
        roomy = bayesian_changepoints(counts, max_changes=12, min_size=14)
    warned = any("raise" in t.get_text() for t in roomy.plot().texts)
    assert warned == (roomy.prob_n_changes.iloc[-1] > 0.05)


def test_response_curve_drawn_in_the_responding_sides_colour(rng):
    from analysis import CountModel
    counts = _var_counts(rng, 800)
    res = CountModel(counts, "us", lags=3, family="poisson").fit()
    ax = res.plot_response("militia", 3, linestyle="--", filled=False)
    line = [line for line in ax.lines if len(line.get_xdata()) > 2][0]
    assert _hex(line.get_color()) == side_color("us").lower()
    assert line.get_linestyle() == "--" and line.get_markerfacecolor() == "white"
    assert ax.get_xlabel() == "days after one Iran-aligned militias event"
    assert ax.get_ylabel() == "cumulative extra\nUS forces events"
