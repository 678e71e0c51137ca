"""The figure system: whole-figure style, print sizes, one side registry and colour rule,
neutral encodings, and the checks save_figure runs (each shown to fail on a deliberately
bad figure and to pass on a good one)."""

import re
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

import analysis
from analysis import plotting, sides
from analysis.exceptions import FigureError, FigureWarning
from analysis.plotting import (PRINT_WIDTHS, SIZES, TEXT_SIZE_RANGE, apply_style,
                               check_figure, neutral_fills, neutral_styles, new_figure,
                               save_figure)

ROOT = Path(__file__).resolve().parents[1]


def _kinds(fig):
    return sorted({p.kind for p in check_figure(fig)})


def _good(size="single"):
    fig, ax = new_figure(size)
    x = np.arange(30)
    ax.plot(x, np.sqrt(x), label="attacks per week")
    ax.set_xlabel("weeks since 17 Oct 2023")
    ax.set_ylabel("attacks per week")
    ax.set_title("Iran-aligned militias")
    ax.legend(loc="lower right")
    return fig


# -- sizes and style -----------------------------------------------------------------------
def test_every_standard_size_is_a_print_width():
    assert set(PRINT_WIDTHS.values()) == {3.5, 7.2}
    assert {w for w, _ in SIZES.values()} == {3.5, 7.2}
    fig, _ = new_figure("single", height=2.0)
    assert fig.get_size_inches().tolist() == [3.5, 2.0]
    with pytest.raises(ValueError, match="size must be one of"):
        new_figure("a4")
    with pytest.raises(ValueError, match="height must be"):
        new_figure("single", height=30)


def test_style_reaches_text_made_outside_the_style():
    # the figure of the issue: titles, legends, colour bars, suptitle made at matplotlib's
    # defaults (12 pt titles, 10 pt legends) or with hard-coded sizes
    fig, ax = plt.subplots(figsize=(7.2, 3.0))
    im = ax.imshow(np.arange(12).reshape(3, 4))
    cb = fig.colorbar(im, ax=ax)
    cb.set_label("branching ratio", fontsize=14)
    ax.plot([0, 3], [0, 2], label="a line")
    ax.legend(fontsize=6, title="legend title")
    ax.set_title("a title")
    fig.suptitle("a suptitle", fontsize=16)
    ax.text(0, 0, "tiny note", fontsize=4)
    lo, hi = TEXT_SIZE_RANGE
    assert ax.title.get_fontsize() == 12                 # matplotlib's default
    apply_style(fig)
    from matplotlib.text import Text
    sizes = {t.get_text(): t.get_fontsize() for t in fig.findobj(Text) if t.get_text()}
    assert all(lo <= s <= hi for s in sizes.values()), sizes
    assert sizes["a title"] == plotting._RC["axes.titlesize"]
    assert sizes["a suptitle"] == plotting._RC["figure.titlesize"]
    assert sizes["a line"] == sizes["legend title"] == plotting._RC["legend.fontsize"]
    assert sizes["branching ratio"] == plotting._RC["axes.labelsize"]
    assert sizes["tiny note"] == lo
    assert not [p for p in check_figure(fig) if p.kind == "text size"]


def test_save_figure_carries_the_style(tmp_path):
    fig, ax = new_figure("single")
    ax.plot([0, 1], [0, 1], label="a")
    ax.set_title("made after new_figure")            # outside the style: 10-12 pt
    ax.legend(loc="lower right")
    assert ax.title.get_fontsize() > TEXT_SIZE_RANGE[1]
    save_figure(fig, "00-x", directory=tmp_path, close=False)
    assert ax.title.get_fontsize() == plotting._RC["axes.titlesize"]
    assert ax.get_legend().get_texts()[0].get_fontsize() == plotting._RC["legend.fontsize"]


def test_tight_layout_keeps_constrained_layout_with_colour_bars():
    fig, ax = new_figure("single")
    fig.colorbar(ax.imshow(np.eye(3)), ax=ax)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.tight_layout()                   # matplotlib alone: RuntimeError / warning
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    fig2, ax2 = new_figure("single", layout=None)
    ax2.plot([0, 1])
    fig2.tight_layout()
    assert type(fig2.get_layout_engine()).__name__ != "ConstrainedLayoutEngine"


#: keywords that set a font size anywhere, and ``size=<number>`` inside a call that draws
#: or styles text (elsewhere ``size=`` is a sample size, e.g. ``rng.integers(..., size=2)``)
_FONT_KEYWORD = re.compile(r"\b(?:fontsize|labelsize|titlesize)\s*=")
_TEXT_CALL_SIZE = re.compile(
    r"\b(?:text|annotate|suptitle|supxlabel|supylabel|set_title|set_xlabel|set_ylabel|"
    r"set_label|legend|table|tick_params|FontProperties|clabel)\s*\(.*[(,]\s*size\s*=\s*\d")


def _font_size_offence(line):
    return "figsize" not in line and bool(_FONT_KEYWORD.search(line)
                                          or _TEXT_CALL_SIZE.search(line))


def test_font_size_guard_tells_text_sizes_from_sample_sizes():
    for line in ('ax.text(0, 0, "x", size=8)', 'ax.set_title("t", fontsize=5)',
                 "ax.tick_params(labelsize=6)", 'ax.annotate("a", (0, 0), size=7)',
                 'ax.legend(loc="upper left", prop=FontProperties(size=6))'):
        assert _font_size_offence(line), line
    for line in ("gen.integers(0, 2 ** 31, size=2)", "rng.normal(size=3)",
                 "fig, ax = plt.subplots(figsize=(3.5, 2.6))", "ax.text(0, 0, label)"):
        assert not _font_size_offence(line), line


def test_no_hard_coded_font_sizes_in_the_package():
    offenders = []
    for path in (ROOT / "analysis").rglob("*.py"):
        if path.parent.name == "plotting" and path.stem in ("styles", "checks"):
            continue                    # the style itself and its checks
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _font_size_offence(line):
                offenders.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


# -- sides and colour ----------------------------------------------------------------------
def test_one_home_for_side_colours_and_labels():
    assert plotting.side_color is sides.side_color is analysis.side_color
    assert plotting.side_label is sides.side_label is analysis.side_label


def test_registry_names_and_colours_come_from_the_sides_tables():
    reg = sides.registry()
    for case in analysis.list_cases():
        for sid, side in analysis.load_sides(case).items():
            assert reg[sid].color in (side.color,)
            assert sides.side_label(sid) == reg[sid].name
    assert sides.side_label("us") == "US forces"           # never lowercase "us"
    # a model's plain list of ids is an order, not a declaration: registry colours win
    assert sides.side_color("us", ["militia", "us"]) == reg["us"].color
    assert sides.side_color("x", ["x", "y"]) == sides.PALETTE[0]
    assert sides.side_color("y", order=["x", "y"]) == sides.PALETTE[1]
    # a declaration passed in wins over the registry
    assert sides.side_color("us", {"us": {"name": "Us", "color": "#000000"}}) == "#000000"


def test_colour_marks_the_acting_side():
    assert sides.acting_color("militia", "us") == sides.side_color("us")
    assert sides.acting_color("us", "militia") == sides.side_color("militia")
    doc = sides.__doc__ + plotting.__doc__
    assert "acting side" in doc


def test_palette_is_colour_blind_safe_okabe_ito():
    okabe_ito = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2",
                 "#D55E00", "#CC79A7"}
    assert set(sides.PALETTE) == okabe_ito


def test_neutral_styles_use_no_side_colour():
    styles = neutral_styles(6)
    side_colours = set(sides.registry().colors().values()) - {"#000000"}
    assert not {s["color"] for s in styles} & side_colours
    keys = {(s["color"], str(s["linestyle"]), s["marker"], s["markerfacecolor"])
            for s in styles}
    assert len(keys) == 6                                # all told apart
    assert styles[0]["markerfacecolor"] != styles[1]["markerfacecolor"]   # filled / open
    assert neutral_styles(2) == styles[:2]               # same category, same encoding
    with pytest.raises(ValueError, match="n must be an integer from 1 to 6"):
        neutral_styles(7)


def test_stacked_bars_keep_colour_for_sides():
    inc = analysis.load_incidents()
    by_country = analysis.to_counts(inc, freq="MS", by="country")
    ax = plotting.plot_stacked_bars(by_country)
    side_colours = {c.lower() for c in sides.registry().colors().values()} - {"#000000"}
    from matplotlib.colors import to_hex
    used = {to_hex(p.get_facecolor()) for p in ax.patches}
    assert not used & side_colours                       # countries: greys and hatches
    assert used <= {f["color"].lower() for f in neutral_fills(10)}
    by_side = analysis.to_counts(inc, freq="MS", sides=["militia", "us"])
    ax = plotting.plot_stacked_bars(by_side)
    assert {to_hex(p.get_facecolor()) for p in ax.patches} == \
        {sides.side_color("militia").lower(), sides.side_color("us").lower()}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == \
        ["Iran-aligned militias", "US forces"]
    fills = neutral_fills(10)
    assert len({(f["color"], f["hatch"]) for f in fills}) == 10


# -- the checks: each fails on a bad figure and passes on a good one -----------------------
def test_good_figures_pass_every_check():
    assert check_figure(_good("single")) == []
    assert check_figure(_good("wide")) == []


def test_width_check():
    fig, ax = plt.subplots(figsize=(6.4, 4.8))           # matplotlib's default size
    apply_style(fig)
    assert _kinds(fig) == ["width"]


def test_text_size_check():
    fig, ax = plt.subplots(figsize=(3.5, 2.6), layout="constrained")     # no style
    ax.plot([0, 1], [0, 1])
    assert _kinds(fig) == ["text size"]                  # matplotlib's 10 pt ticks
    assert "7 to 9 pt" in str(check_figure(fig)[0])
    apply_style(fig)
    assert check_figure(fig) == []
    ax.set_title("too small", fontsize=5)
    msg = [str(p) for p in check_figure(fig)]
    assert msg == ["text size: text 'too small' is 5 pt; the style allows 7 to 9 pt at the "
                   "printed size (do not set fontsize=; save_figure applies the style)"]


def test_new_figure_carries_the_style_whenever_it_is_drawn():
    fig = _good()
    ax = fig.axes[0]
    ax.set_title("set after new_figure", fontsize=12)
    ax.text(0.1, 0.1, "note", fontsize=3)
    assert check_figure(fig) == []                       # drawing applies the style
    assert ax.title.get_fontsize() == plotting._RC["axes.titlesize"]
    assert ax.texts[0].get_fontsize() == TEXT_SIZE_RANGE[0]


def test_text_overlap_check():
    fig = _good()
    ax = fig.axes[0]
    ax.text(0.3, 0.5, "militia attack", transform=ax.transAxes, fontsize=8)
    assert check_figure(fig) == []
    ax.text(0.35, 0.5, "US strike", transform=ax.transAxes, fontsize=8)
    problems = check_figure(fig)
    assert [p.kind for p in problems] == ["text overlap"]
    assert "'militia attack'" in problems[0].message and "'US strike'" in problems[0].message


def test_rotated_labels_overlap_only_where_the_glyphs_do():
    fig, ax = new_figure("single")
    ax.plot(np.arange(10), np.arange(10))
    ax.set_xticks(range(10), [f"a tick label {i}" for i in range(10)], rotation=45,
                  ha="right")
    # the bounding boxes of neighbouring 45-degree labels overlap, the labels do not
    renderer = plotting._renderer(fig)
    a, b = (t.get_window_extent(renderer) for t in ax.get_xticklabels()[:2])
    assert a.overlaps(b)
    assert check_figure(fig) == []
    ax.set_xticks(range(10), [f"a much longer label {i}" for i in range(10)], rotation=10,
                  ha="right")
    assert _kinds(fig) == ["text overlap"]


def test_touching_tick_labels_count_as_overlapping():
    fig, ax = new_figure("single", layout=None)
    ax.plot([0, 5], [0, 1])
    ax.set_xticks(range(6), ["2020"] * 6)
    ax.set_xlim(0, 5)
    renderer = plotting._renderer(fig)
    label_w = ax.get_xticklabels()[0].get_window_extent(renderer).width
    for gap_pt, bad in ((-0.2, True), (0.2, True), (1.5, False)):
        # an axes width that leaves neighbouring labels gap_pt apart
        width_px = 5 * (label_w + gap_pt * fig.dpi / 72)
        ax.set_position([0.1, 0.2, width_px / fig.bbox.width, 0.7])
        renderer = plotting._renderer(fig)
        b = [t.get_window_extent(renderer) for t in ax.get_xticklabels()]
        assert abs((b[1].x0 - b[0].x1) * 72 / fig.dpi - gap_pt) < 0.05
        assert ("text overlap" in _kinds(fig)) is bad, gap_pt


def test_off_canvas_check():
    fig, ax = new_figure("single", layout=None)
    ax.plot([0, 1], [0, 1])
    ax.text(0.9, 0.5, "a label running off the page", transform=ax.transAxes, fontsize=8)
    assert _kinds(fig) == ["off canvas"]
    ax.texts[0].set_x(0.05)
    assert check_figure(fig) == []


def test_legend_over_data_check():
    fig, ax = new_figure("single")
    x = np.linspace(0, 10, 200)
    ax.plot(x, 5 + 0 * x, label="flat line across the top")
    ax.plot(x, x / 10, label="rising")
    ax.set_ylim(0, 6)
    ax.legend(loc="upper center")
    problems = check_figure(fig)
    assert [p.kind for p in problems] == ["legend over data"]
    ax.legend(loc="center right")                      # where there are no data
    assert check_figure(fig) == []


@pytest.mark.parametrize("kind", ["bars", "band", "scatter"])
def test_legend_over_bars_bands_and_markers(kind):
    fig, ax = new_figure("single")
    x = np.arange(10)
    if kind == "bars":
        ax.bar(x, np.full(10, 5.8), label="strikes")
    elif kind == "band":
        ax.fill_between(x, 3, 5.8, label="95% pointwise band")
    else:
        ax.scatter(x, np.full(10, 5.7), label="days")
    ax.set_ylim(0, 6)
    ax.legend(loc="upper left")
    assert "legend over data" in _kinds(fig)
    ax.set_ylim(0, 12)                                 # room above the data
    assert check_figure(fig) == []


def test_side_ids_are_not_labels():
    fig = _good()
    ax = fig.axes[0]
    ax.set_title("one us event \u2192 extra militia events")
    problems = check_figure(fig)
    assert [p.kind for p in problems] == ["side id"]
    assert "'US forces'" in problems[0].message
    ax.set_xlabel(f"days after a {analysis.side_label('us')} strike (us_uk)")
    assert [p.kind for p in check_figure(fig)] == ["side id", "side id"]
    ax.set_title("US forces respond; a campaign; thus")      # words, not ids
    ax.set_xlabel("days after a strike by US forces")
    assert check_figure(fig) == []


def test_reference_lines_and_spans_are_not_data():
    fig = _good()
    ax = fig.axes[0]
    ax.axhline(0.5, color="0.5")
    ax.axvspan(20, 29, color="0.9", zorder=0)
    assert check_figure(fig) == []


def test_save_figure_warns_by_default_and_raises_when_strict(tmp_path, monkeypatch):
    def bad():
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot([0, 1])
        return fig
    monkeypatch.delenv(plotting.FIGURE_CHECK_ENV, raising=False)
    with pytest.warns(FigureWarning, match=r"'00-bad' fails 1 check(?s:.)*width: the figure is 5 in"):
        save_figure(bad(), "00-bad", directory=tmp_path)
    with warnings.catch_warnings(record=True) as caught:      # names the caller's line
        warnings.simplefilter("always")
        save_figure(bad(), "00-bad", directory=tmp_path)
    assert [w.filename for w in caught] == [__file__]
    monkeypatch.setenv(plotting.FIGURE_CHECK_ENV, "error")
    with pytest.raises(FigureError, match="width"):
        save_figure(bad(), "00-bad", directory=tmp_path / "strict")
    assert not list((tmp_path / "strict").glob("00-bad.*"))     # no file of it is left
    monkeypatch.setenv(plotting.FIGURE_CHECK_ENV, "off")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        save_figure(bad(), "00-bad", directory=tmp_path)
    monkeypatch.setenv(plotting.FIGURE_CHECK_ENV, "error")
    save_figure(_good(), "00-good", directory=tmp_path)        # a good figure passes


def test_make_figures_runs_the_checks_strictly():
    makefile = (ROOT / "Makefile").read_text()
    block = makefile.split("\nfigures:", 1)[1].split("\n\n", 1)[0]
    assert f"{plotting.FIGURE_CHECK_ENV}=error" in block


def test_package_plots_pass_the_checks():
    weekly = analysis.to_counts(analysis.load_incidents(), freq="W", sides=["militia", "us"])
    ax = plotting.plot_timeline(weekly, spans=[("2023-10-17", "2024-02-04", "campaign")])
    apply_style(ax.figure)
    assert check_figure(ax.figure) == []


# -- the self-exciting count model's fit figure carries its predictive interval ----------
def test_sum_quantiles_equal_simulation_and_poisson_closed_form():
    from scipy import stats

    from analysis.models.count_hawkes import _sum_quantiles
    lam = np.array([0.3, 1.2, 0.1, 2.0, 0.5, 0.0, 0.7])
    assert _sum_quantiles(lam, 0.0, (0.05, 0.95)) == list(stats.poisson(lam.sum()).ppf([0.05, 0.95]))
    n = 1 / 0.8                                   # NB2, Var = lam + 0.8 lam^2, each day
    sims = np.random.default_rng(5).poisson(
        np.random.default_rng(6).gamma(n, lam / n, size=(100_000, 7))).sum(axis=1)
    assert _sum_quantiles(lam, 0.8, (0.05, 0.5, 0.95)) == list(np.quantile(sims, [0.05, 0.5, 0.95]))


def test_hawkes_fit_plot_draws_a_labelled_predictive_interval(rng):
    import pandas as pd

    from analysis import CountHawkes, simulate_count_hawkes
    y = simulate_count_hawkes(365, [0.3, 0.1], [[0.3, 0.2], [0.4, 0.1]], max_lag=7,
                              kernel_params=0.6, dispersion=[0.5, 0.5], sides=["a", "b"],
                              rng=rng)
    y.index = pd.date_range("2023-01-01", periods=len(y), freq="D")
    with warnings.catch_warnings():            # a short series: a dispersion may sit at 0
        warnings.simplefilter("ignore", analysis.ConvergenceWarning)
        res = CountHawkes(y, max_lag=7).fit()
    band = res.predictive_interval(0.9, freq="W")
    m = res.model
    weekly = pd.DataFrame(m._y, index=m._index, columns=m.sides).resample("W").sum()
    inside = ((weekly >= band.xs("lower", axis=1, level=1))
              & (weekly <= band.xs("upper", axis=1, level=1))).to_numpy().mean()
    assert 0.8 <= inside <= 1.0                    # a 90% interval, on the fitted data
    assert (band.xs("lower", axis=1, level=1) <= res.fittedvalues.resample("W").sum()
            + 1e-9).all().all()
    ax = res.plot_fit(freq="W", level=0.9)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert sum("90% one-day-ahead predictive interval" in t for t in labels) == 2
    with pytest.raises(Exception, match="level must be in"):
        res.predictive_interval(1.5)


def test_shown_numbers_leave_out_the_measured_labels():
    from analysis.figure_checks import check_shown_numbers
    manifest = {"marks": [[0.5, 1.25]], "printed": [], "shows": {}}
    from decimal import Decimal
    values = {"a/ci": Decimal("0.5"), "a/ci_measured_coverage": Decimal("0.868"),
              "b/ci": Decimal("1.25")}
    assert check_shown_numbers(manifest, values, expected=["*/ci*"]) == []
    # a label named on its own is still checked
    assert check_shown_numbers(manifest, values, expected=["a/ci_measured_coverage"])
