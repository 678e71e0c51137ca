"""Every saved figure read back from its files (issue 12, section 5).

The checks of ``analysis.plotting.check_figure`` run on the live figure before it is
saved; these read what was written: the PDF (pdfminer.six: every character's font size
at print size, overlaps, the page), the PNG (Pillow: pixels = page x dpi) and the
manifest ``figures/manifest/<name>.json`` that ``save_figure`` writes beside them
(legend boxes and the plotted data near them, the values plotted, the SHA-256 of both
files, so a manifest of an older figure fails). Each figure's headline numbers are
compared with its notebook's values file (``FIGURE_NUMBERS``); the figures that show no
headline number say why (``NO_NUMBERS``). The second half breaks each rule on a small
synthetic figure and shows the read-back catches it.
"""

import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from analysis.figure_checks import (MANIFEST_DIR, check_saved_figure, check_shown_numbers,
                                    read_manifest, read_pdf_chars, values_leaves)
from analysis.plotting import new_figure, save_figure

ROOT = Path(__file__).resolve().parents[1]
FIGURES = ROOT / "figures"
NAMES = sorted(p.stem for p in FIGURES.glob("*.pdf"))

#: figure -> the values-file keys (fnmatch patterns over "part/part/..." keys) whose
#: numbers the figure plots: each must equal, at the precision the values file states,
#: a value plotted in the figure (the manifest's ``marks``) or declared with ``shows=``.
def _lit(key):
    """A values key as an fnmatch pattern of itself ("a[i<-j]" is no character class)."""
    return key.replace("[", "[[]")


_EST = ("estimate", "lower", "upper")
FIGURE_NUMBERS = {
    "01-official-tallies": ["campaign_militia_attacks/*"],
    "02-by-window": [f"by_window/*/{k}" for k in _EST],
    "02-incidence-vs-number": [f"hurdle/*/*/{k}" for k in _EST],
    "02-response-curves": ["main/militia/negbin/response_7d/*", "main/militia/negbin/response_day1/*",
                           "main/us/poisson_pml/response_7d/*", "main/us/poisson_pml/response_day1/*"],
    "03-reproduction": ["hawkes/reproduction/*/hessian/*", "hawkes/reproduction/*/bootstrap/*"],
    "03-attribution": ["hawkes/attribution/*/bootstrap/*", "hawkes/mean_lag_days"],
    "03-hawkes-by-window": [_lit("hawkes/by_window/*/a[militia<-us]*"),
                            _lit("hawkes/by_window/*/a[us<-militia]*")],
    "03-irf": ["var/total_response/militia first | us -> militia | day 0/*",
               "var/total_response/us first | militia -> us | day 0/*"],
    "03-irf-cumulative": ["var/total_response/* | days 1-14/*"],
    "03-fevd": ["var/fevd_14d/militia first/militia <- us", "var/fevd_14d/militia first/us <- militia",
                "var/fevd_14d/us first/militia <- us", "var/fevd_14d/us first/us <- militia"],
    "04-binned": ["all_all/branching/*/*", "campaign_all/branching/*/*",
                  "count_hawkes/all/reproduction/*/*", "count_hawkes/campaign/reproduction/*/*"],
    "04-confirmed": ["*_all/branching/*/*", "*_confirmed/branching/*/*"],
    "04-qq": ["all_all/gof_median_pvalue/*", "campaign_all/gof_median_pvalue/*"],
    "04-branching": ["all_all/branching/*/*", "campaign_all/branching/*/*"],
    "04-counterfactual": ["counterfactual/*/*/counterfactual", "counterfactual/*/*/fitted"],
    "05-phases": ["phases_campaign/*/rate_militia", "phases_campaign/*/rate_us"],
    "05-response-lags": ["lag_*_within/k*/response_prob*", "lag_*_within/k*/baseline*",
                         "lag_us_after_militia_sources/stated",
                         "lag_us_after_militia_sources/nearest"],
    "05-bayes-changepoints": ["bayes_expected_changes", "bayes_max_changes"],
    "05-survival": ["deterrence_hr/*/hr", "deterrence_hr/*/lower", "deterrence_hr/*/upper"],
    "06-coder-scores": ["first_looks_pooled/*", "first_look_heldout*/*"],
    "06-first-look-constructions": ["first_look_by_construction/*/recall*",
                                    "first_look_by_construction/*/right_site*"],
    "07-acled-response": ["north_after_south_7d (launcher)/estimate",
                          "north_after_south_7d (launcher)/lower",
                          "north_after_south_7d (launcher)/upper"],
    "09-comparison": ["hawkes_branching/*", "hawkes_branching_case1/*",
                      "lag_houthi_after_us_uk_median_ci/*", "lag_us_uk_after_houthi_median_ci/*"],
    "09-lags-and-survival": ["deterrence_hr", "deterrence_hr_ci/*"],
    "10-event-study": ["event_study/attack days/day_plus_1/*",
                       "event_study/casualty attack days/day_plus_1/*"],
    "10-ordering-bounds": ["ordering_bounds/*"],
    "10-deterrence": ["deterrence_strike_vs_quiet/*", "deterrence_answered/1/HR",
                      "deterrence_answered/1/lower", "deterrence_answered/1/upper"],
    "11-signed-effects": ["signed_effects/*"],
    "11-pit": [f"calibration_p_logs/{m}[[]{s}]" for m in ("self-exciting", "NB own history")
               for s in ("militia", "us")],
    "11-forecast-skill": ["skill_logs_vs_climatology/NB*", "skill_logs_vs_climatology/self-exciting*",
                          "predictive_granger_logs/*"],
    "12-cross-effects": [f"cross_effects/*/{k}" for k in _EST],
}

#: figure -> why it shows no number of its values file.
NO_NUMBERS = {
    "01-timeline": "data: weekly and daily counts of the table",
    "01-monthly": "data: monthly counts by country and weapon",
    "01-map": "data: incident locations",
    "01-escalation-timeline": "data: weekly counts, severity and dated key events",
    "01-data-quality": "data: monthly shares of confirmation, date precision, language",
    "02-coefficients": "lag coefficients; the values file quotes the responses built from "
                       "them (02-response-curves), not the coefficients",
    "03-hawkes-fit": "weekly fitted counts and their predictive interval; the values file "
                     "quotes the model's parameters, not weekly counts",
    "04-intensity": "intensity paths over time (medians over jittered copies)",
    "04-kernels": "kernel curves; their parameters are quoted, not the curves",
    "04-jitter-spread": "spread of every jittered copy's estimate; the values file quotes "
                        "its standard deviation",
    "04-predictive-check": "weekly series and gap distributions against simulation bands; "
                           "the values file's summaries (largest week, share of empty "
                           "weeks) are not drawn",
    "06-draft-confidence": "one example report's drafted fields; the values file quotes "
                           "corpus scores",
    "08-scan-reciprocity": "every dyad's estimate (a caterpillar); the values file "
                           "quotes counts and rates over the scan",
    "09-weekly-counts": "data: weekly counts of the second case",
    "09-phases": "data and detected phases of the second case (dates)",
    "10-spec-curve-counts": "every specification's estimate; the values file quotes "
                            "counts of specifications (integers: matching them against "
                            "plotted values would be coincidence)",
    "10-spec-curve-incidence": "as 10-spec-curve-counts",
}


def _values(name):
    files = sorted((FIGURES / "values").glob(f"{name.split('-')[0]}-*.json"))
    assert len(files) == 1, f"one values file for notebook {name.split('-')[0]}: {files}"
    return values_leaves(files[0])


def _manifest(name):
    path = FIGURES / MANIFEST_DIR / f"{name}.json"
    assert path.exists(), (f"{path.relative_to(ROOT)} is missing: save_figure writes it; "
                           "regenerate the figures (make figures)")
    return read_manifest(path)


# -- every committed figure ------------------------------------------------------------
def test_figures_are_there():
    assert len(NAMES) >= 30, NAMES
    pngs = sorted(p.stem for p in FIGURES.glob("*.png"))
    assert pngs == NAMES, "every figure is written as PNG and PDF"


def test_one_manifest_per_figure():
    manifests = sorted(p.stem for p in (FIGURES / MANIFEST_DIR).glob("*.json"))
    assert manifests == NAMES, "a manifest without its figure, or a figure without one"


@pytest.mark.parametrize("name", NAMES)
def test_saved_figure_reads_back(name):
    problems = check_saved_figure(FIGURES / f"{name}.pdf", FIGURES / f"{name}.png",
                                  _manifest(name))
    assert not problems, f"{name}:\n  " + "\n  ".join(map(str, problems))


def test_every_figure_declares_its_numbers_or_why_not():
    assert not set(FIGURE_NUMBERS) & set(NO_NUMBERS)
    assert sorted(set(FIGURE_NUMBERS) | set(NO_NUMBERS)) == NAMES


@pytest.mark.parametrize("name", sorted(FIGURE_NUMBERS))
def test_headline_numbers_equal_the_values_file(name):
    problems = check_shown_numbers(_manifest(name), _values(name),
                                   expected=FIGURE_NUMBERS[name])
    assert not problems, f"{name}:\n  " + "\n  ".join(map(str, problems))


def test_declared_shown_numbers_equal_the_values_file():
    for name in NAMES:
        m = _manifest(name)
        if m.get("shows"):
            problems = check_shown_numbers(m, _values(name))
            assert not problems, f"{name}:\n  " + "\n  ".join(map(str, problems))


# -- each rule, broken on purpose ------------------------------------------------------
def _kinds(problems):
    return sorted({p.kind for p in problems})


def _save(fig, tmp_path, name="00-t", monkeypatch=None, **kw):
    save_figure(fig, name, directory=tmp_path, close=True, **kw)
    return tmp_path / f"{name}.pdf", tmp_path / f"{name}.png"


def _good():
    fig, ax = new_figure("single")
    x = np.arange(30)
    ax.plot(x, np.sqrt(x), label="attacks per week")
    ax.set_xlabel("weeks since 17 Oct 2023")
    ax.set_ylabel("attacks per week")
    ax.legend(loc="lower right")
    return fig


def test_a_good_figure_passes(tmp_path):
    pdf, png = _save(_good(), tmp_path)
    assert check_saved_figure(pdf, png) == []
    chars, (w, h) = read_pdf_chars(pdf)
    assert (w, h) == pytest.approx((3.5 * 72, 2.6 * 72))
    assert "".join(c.text for c in chars).count("attacks per week") == 2
    assert {round(c.size, 1) for c in chars} <= {7.0, 7.5, 8.0, 8.5, 9.0}


def test_manifest_is_byte_identical_and_has_no_time(tmp_path):
    _save(_good(), tmp_path / "a")
    _save(_good(), tmp_path / "b")
    a = (tmp_path / "a" / MANIFEST_DIR / "00-t.json").read_bytes()
    assert a == (tmp_path / "b" / MANIFEST_DIR / "00-t.json").read_bytes()
    m = json.loads(a)
    assert set(m) == {"name", "size_in", "dpi", "files", "legends", "marks", "printed",
                      "shows"}


def test_overlapping_text_is_caught(tmp_path, monkeypatch):
    monkeypatch.setenv("ESCALATION_FIGURE_CHECK", "off")      # the live check would stop it
    fig = _good()
    fig.axes[0].text(10, 2, "first note")
    fig.axes[0].text(10.5, 2.05, "second note")
    pdf, png = _save(fig, tmp_path)
    assert "text overlap" in _kinds(check_saved_figure(pdf, png))


def test_tiny_and_huge_text_is_caught(tmp_path):
    # written without save_figure, which would have brought the sizes into range
    fig, ax = plt.subplots(figsize=(3.5, 2.6))
    ax.set_title("a title", fontsize=14)
    ax.text(0.1, 0.1, "a footnote", fontsize=5)
    fig.savefig(tmp_path / "x.pdf")
    problems = [str(p) for p in check_saved_figure(tmp_path / "x.pdf")]
    assert any("14.0 pt" in p for p in problems) and any("5.0 pt" in p for p in problems)


def test_text_off_the_page_is_caught(tmp_path, monkeypatch):
    monkeypatch.setenv("ESCALATION_FIGURE_CHECK", "off")
    fig = _good()
    fig.text(0.9, 0.5, "a long note that runs off the page")
    pdf, png = _save(fig, tmp_path)
    assert "off page" in _kinds(check_saved_figure(pdf, png))


def test_page_and_png_sizes_are_checked(tmp_path):
    fig, ax = plt.subplots(figsize=(5, 3))                   # not a print width
    ax.plot([0, 1])
    fig.savefig(tmp_path / "x.pdf")
    assert "page size" in _kinds(check_saved_figure(tmp_path / "x.pdf"))
    pdf, _ = _save(_good(), tmp_path)
    fig, ax = plt.subplots(figsize=(3.5, 2.0))               # another figure's PNG
    fig.savefig(tmp_path / "y.png", dpi=200)
    problems = check_saved_figure(pdf, tmp_path / "y.png", manifest=False or None)
    assert "png size" in _kinds(problems)


def test_legend_over_data_is_caught_from_the_manifest(tmp_path, monkeypatch):
    monkeypatch.setenv("ESCALATION_FIGURE_CHECK", "off")
    fig, ax = new_figure("single")
    x = np.linspace(0, 10, 50)
    ax.plot(x, np.full_like(x, 5.0), label="a flat series")
    ax.fill_between(x, 4, 6, alpha=0.3, label="its band")
    ax.set_ylim(0, 10)
    ax.legend(loc="center")
    pdf, png = _save(fig, tmp_path)
    problems = check_saved_figure(pdf, png)
    assert _kinds(problems) == ["legend over data"], problems
    # the same figure with the legend where there are no data passes
    fig, ax = new_figure("single")
    ax.plot(x, np.full_like(x, 5.0), label="a flat series")
    ax.fill_between(x, 4, 6, alpha=0.3, label="its band")
    ax.set_ylim(0, 10)
    ax.legend(loc="upper left")
    pdf, png = _save(fig, tmp_path, "00-u")
    assert check_saved_figure(pdf, png) == []


def test_stale_manifest_is_caught(tmp_path):
    pdf, png = _save(_good(), tmp_path)
    manifest = read_manifest(tmp_path / MANIFEST_DIR / "00-t.json")
    fig = _good()
    fig.axes[0].set_title("changed since")
    save_figure(fig, "00-t", directory=tmp_path, close=True, manifest=False)
    problems = check_saved_figure(pdf, png, manifest)
    assert _kinds(problems) == ["stale manifest"]
    assert len(problems) == 2                                # PDF and PNG


def test_legend_box_must_be_where_the_pdf_draws_the_legend(tmp_path):
    pdf, png = _save(_good(), tmp_path)
    manifest = read_manifest(tmp_path / MANIFEST_DIR / "00-t.json")
    manifest["legends"][0]["box"] = [0.0, 0.0, 20.0, 10.0]   # somewhere else
    problems = check_saved_figure(pdf, None, {**manifest, "files": {
        "pdf": manifest["files"]["pdf"]}})
    assert "stale manifest" in _kinds(problems)


def test_mismatched_numbers_are_caught(tmp_path):
    values_file = tmp_path / "v.json"
    values_file.write_text(json.dumps({"reproduction": {"militia": 0.528, "us": 0.43},
                                       "ci": {"estimate": 0.172, "lower": 0.018}}))
    values = values_leaves(values_file)
    fig, ax = new_figure("single")
    ax.bar([0, 1], [0.5281, 0.40], label="reproduction")    # "us" is drawn wrong
    ax.errorbar([2], [0.1723], yerr=[[0.1723 - 0.0176], [0.1]], fmt="o")
    ax.legend(loc="upper right")
    _save(fig, tmp_path, shows={"reproduction/militia": 0.52})
    m = read_manifest(tmp_path / MANIFEST_DIR / "00-t.json")
    problems = [str(p) for p in check_shown_numbers(
        m, values, expected=["reproduction/*", "ci/*", "nothing/*"])]
    assert any("shows reproduction/militia = 0.52" in p for p in problems), problems
    assert any("reproduction/us = 0.43" in p for p in problems), problems
    assert any("'nothing/*' matches no key" in p for p in problems), problems
    # reproduction/militia (0.5281 vs 0.528) and the interval (0.0176 ~ 0.018 at the
    # group's stated 0.001) are fine
    assert len(problems) == 3, problems


def test_printed_numbers_count_at_their_printed_precision(tmp_path):
    values_file = tmp_path / "v.json"
    values_file.write_text(json.dumps({"share": 0.614, "ratio": 1.56, "n": 43}))
    values = values_leaves(values_file)
    fig, ax = new_figure("single")
    ax.plot([0, 1], [0, 1])
    ax.set_title("61% of attacks; ratio 1.7; 43 strike days")     # the ratio is wrong
    pdf, png = _save(fig, tmp_path)
    m = read_manifest(tmp_path / MANIFEST_DIR / "00-t.json")
    assert m["printed"] == ["1.7", "43", "61%"]
    problems = [str(p) for p in check_shown_numbers(m, values, expected=["*"])]
    assert problems == ["number: the figure neither plots nor prints ratio = 1.56"]
    # the manifest's printed numbers must be in the PDF
    m["printed"].append("0.123")
    m["files"].pop("png")
    assert [p.kind for p in check_saved_figure(pdf, None, m)] == ["stale manifest"]


@pytest.mark.parametrize("kind", ["line", "band", "bars", "markers"])
def test_legend_over_each_kind_of_data_is_caught(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("ESCALATION_FIGURE_CHECK", "off")
    fig, ax = new_figure("single")
    x = np.arange(10.0)
    draw = {"line": lambda: ax.plot(x, np.full_like(x, 5.0), label="data"),
            "band": lambda: ax.fill_between(x, 3, 7, label="data"),
            "bars": lambda: ax.bar(x, np.full_like(x, 6.0), label="data"),
            "markers": lambda: ax.scatter(x, np.full_like(x, 5.0), label="data")}
    draw[kind]()
    ax.set_ylim(0, 10)
    ax.legend(loc="center")
    pdf, png = _save(fig, tmp_path)
    assert _kinds(check_saved_figure(pdf, png)) == ["legend over data"]


def test_a_text_set_back_over_the_end_of_another_is_caught(tmp_path, monkeypatch):
    # the second text starts about 1 em before the first ends, on the same baseline: read as
    # one line it would hide the overlap
    monkeypatch.setenv("ESCALATION_FIGURE_CHECK", "off")
    fig, ax = new_figure("single")
    ax.plot([0, 1], [0, 1])
    first = ax.text(0.1, 0.8, "first note", transform=ax.transAxes)
    fig.draw_without_rendering()
    box = first.get_window_extent().transformed(ax.transAxes.inverted())
    ax.text(box.x1 - 0.04, 0.8, "second", transform=ax.transAxes)
    pdf, png = _save(fig, tmp_path)
    assert "text overlap" in _kinds(check_saved_figure(pdf, png))
