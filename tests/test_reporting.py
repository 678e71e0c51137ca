"""Results that display themselves, help that helps, and a public API without clutter."""

import inspect

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import HypothesisTest, Summary, save_figure
from analysis.plotting import SavedFigure, new_figure


def test_hypothesis_test_shows_one_readable_line():
    t = HypothesisTest(26.881304479117784, 0.00035007680036966654, 4,
                       "lags of 'militia' do not help predict 'us'", "Wald chi2")
    r = repr(t)
    assert r == ("<Wald chi2 test: statistic=26.88, df=4, p-value=0.00035; "
                 "H0: lags of 'militia' do not help predict 'us'>")
    assert "HypothesisTest(" not in r
    f = HypothesisTest(3.2, 0.04, (2, 100), "H", "F test")
    assert repr(f).startswith("<F test: statistic=3.2, df=(2, 100), p-value=0.04;")


def _summary_with_nans():
    coef = pd.DataFrame({"estimate": [0.41, 0.0, 1.2], "se": [0.12, np.nan, np.nan]},
                        index=["us.L1", "militia.L1", "alpha"])
    rates = pd.DataFrame({"rate": [np.nan]}, index=["phase 2"])
    return Summary("Toy", info=[("Log-likelihood", np.nan), ("Observations", 10)],
                   tables=[("Coefficients", coef), ("Rates", rates)])


def test_nan_in_a_summary_carries_its_reason_in_every_rendering():
    s = _summary_with_nans()
    s.explain_missing("on a bound: the estimate is 0, where no Wald standard error exists",
                      table="Coefficients", rows=["militia.L1"], columns=["se"])
    s.explain_missing("not identified: no event in phase 2", table=1)
    text = s.as_text()
    assert "nan" not in text.lower().replace("n/a", "")
    lines = {ln.split()[0]: ln for ln in text.splitlines() if ln.strip()}
    assert lines["militia.L1"].endswith("n/a[1]")
    assert "Note: [1] n/a: on a bound" in text
    assert "Note: [2] n/a: not identified: no event in phase 2" in text
    # alpha's se and the log-likelihood have no recorded reason: still not silent
    assert lines["alpha"].endswith("n/a[?]") and "Log-likelihood  n/a[?]" in text
    assert "[?] n/a: a value that could not be computed; no reason was recorded" in text
    html, latex = s.as_html(), s.as_latex()
    for out in (html, latex):
        assert "n/a[1]" in out and "on a bound" in out and "n/a[?]" in out
    assert s._repr_html_() == html


def test_summary_without_nans_has_no_missing_notes():
    s = Summary("Toy", tables=[("T", pd.DataFrame({"a": [1.0]}))])
    assert "n/a" not in s.as_text() and "Note" not in s.as_text()


def test_summary_help_is_there():
    for name in ("as_text", "as_html", "as_latex", "explain_missing"):
        doc = inspect.getdoc(getattr(Summary, name))
        assert doc and len(doc.splitlines()) >= 3, name
    assert "LaTeX" in inspect.getdoc(Summary)


def test_dir_lists_only_the_public_api():
    names = dir(analysis)
    assert "annotations" not in names and "importlib" not in names
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    assert set(analysis.__all__) <= set(names)
    for n in names:                               # everything listed is reachable
        assert getattr(analysis, n) is not None
    assert analysis.plotting.save_figure is save_figure


def test_save_figure_returns_a_quiet_list_and_closes_only_without_a_display(tmp_path):
    fig, ax = new_figure("single")
    ax.plot([0, 1])
    files = save_figure(fig, "01-x", directory=tmp_path)
    assert isinstance(files, SavedFigure) and [p.suffix for p in files] == [".png", ".pdf"]
    assert repr(files) == f"SavedFigure({str(tmp_path / '01-x')!r}: png, pdf)"
    assert files._ipython_display_() is None            # nothing echoes in Jupyter
    assert not plt.fignum_exists(fig.number)            # Agg: nothing would show it
    fig2, _ = new_figure("single")
    save_figure(fig2, "01-y", directory=tmp_path, close=False)
    assert plt.fignum_exists(fig2.number)


def test_style_keeps_interactive_mode():
    from analysis.plotting import style

    was = plt.isinteractive()
    try:
        plt.ioff()
        with style():
            plt.ion()           # what loading Jupyter's inline backend does
        assert plt.isinteractive()
    finally:
        plt.interactive(was)


@pytest.mark.parametrize("name", ["save_figure", "save_values", "to_counts", "to_events",
                                  "load_incidents", "load_sources", "load_sites", "load_actors",
                                  "load_official_tallies", "load_sides", "stated_triggers",
                                  "phase_of", "read_incidents", "validate_incidents",
                                  "side_label", "side_color"])
def test_public_docstrings_follow_numpydoc_with_examples(name):
    doc = inspect.getdoc(getattr(analysis, name))
    heads = [h for h in ("Parameters", "Returns", "Examples") if f"\n{h}\n---" in doc]
    assert heads == ["Parameters", "Returns", "Examples"], name
    assert ">>> " in doc


def test_prose_helpers_format_from_values():
    from analysis.reporting import Prose, estimate, number, pvalue

    assert [number(v) for v in (61.021099, 7.523611e-03, 1234.5, 12, 3.0, np.nan, None)] == \
        ["61.0", "0.00752", "1,234", "12", "3", "n/a", "n/a"]
    assert estimate(0.2345, 0.1234, 0.4101) == "0.23 (95% CI 0.12 to 0.41)"
    assert estimate(1.348, 0.9465, 1.9205, sig=3, level=0.9) == "1.35 (90% CI 0.95 to 1.92)"
    assert estimate(0.5, np.nan, 1.0) == "0.50"                  # no half interval
    assert [pvalue(p) for p in (0.0343, 0.00035, 1e-9, 0.27)] == \
        ["p = 0.034", "p = 0.00035", "p < 0.0001", "p = 0.27"]
    p = Prose(f"median {number(2.0)} days")
    assert p._repr_markdown_() == "median 2 days" and isinstance(p, str)


def test_format_table_is_deterministic_and_sensible():
    from analysis.reporting import format_table

    df = pd.DataFrame({"rate": [61.021099, 7.523611e-03, np.nan], "n": [1, 2, 3],
                       "share": [0.5, 0.25, 0.125]}, index=["a", "b", "c"])
    a = format_table(df, percent=["share"], caption="Rates").to_html()
    b = format_table(df.copy(), percent=["share"], caption="Rates").to_html()
    assert a == b                                           # no random uuid
    for text in ("61.0", "0.00752", "n/a", "50%", "Rates", ">1<"):
        assert text in a, text
    assert "61.021099" not in a and "7.523611e-03" not in a
    assert format_table(df, decimals={"rate": 1}).to_html().count("61.0") == 1


def test_read_result_displays_its_accounting(tmp_path):
    import analysis as ea

    inc = ea.load_incidents("toy")
    bad = inc.head(5).astype({"date": str})
    bad.loc[bad.index[1], "date"] = "not a date"
    bad.to_csv(tmp_path / "t.csv", index=False)
    res = ea.read_incidents(tmp_path / "t.csv", sides=ea.load_sides("toy"), errors="collect")
    assert repr(res) == "<ReadResult: 4 rows kept, 1 rejected (of 5 read)>"
    html = res._repr_html_()
    assert "Rejected rows" in html and "not a date" in html
    kept, rejected = res                                   # still unpacks
    assert len(kept) == 4
