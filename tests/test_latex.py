"""Tables and numbers for papers: booktabs summaries, side-by-side tables, LaTeX macro
files beside every values file, and pdflatex compiling all of them.

The compile tests need ``pdflatex`` with booktabs (Debian: texlive-latex-base and
texlive-latex-recommended; ``tools/latex_debian.sh`` installs them and ``make test``
calls it). Where pdflatex is missing they skip with that reason, unless
``ESCALATION_REQUIRE_LATEX=1`` (set by ``.ci/run``), where they fail instead.
"""

import os
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest

from analysis import CountModel, save_values
from analysis.reporting import Summary, macro_name, save_value_macros, summary_col

PDFLATEX = shutil.which("pdflatex")
REQUIRED = os.environ.get("ESCALATION_REQUIRE_LATEX") == "1"


def _needs_pdflatex():
    if PDFLATEX is None:
        if REQUIRED:
            pytest.fail("pdflatex is required here (ESCALATION_REQUIRE_LATEX=1) but not "
                        "installed: run tools/latex_debian.sh")
        pytest.skip("pdflatex is not installed (Debian: apt-get install "
                    "texlive-latex-base texlive-latex-recommended, or tools/latex_debian.sh)")


def _compile(tmp_path, body: str, name="doc"):
    _needs_pdflatex()
    doc = "\n".join([r"\documentclass{article}", r"\usepackage[T1]{fontenc}",
                     r"\usepackage{booktabs}", r"\begin{document}", body, r"\end{document}"])
    (tmp_path / f"{name}.tex").write_text(doc, encoding="utf-8")
    proc = subprocess.run([PDFLATEX, "-interaction=nonstopmode", "-halt-on-error",
                           "-no-shell-escape", f"{name}.tex"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    log = proc.stdout[-3000:]
    assert proc.returncode == 0, log
    assert "Undefined control sequence" not in log and "Missing" not in log, log
    assert (tmp_path / f"{name}.pdf").stat().st_size > 0
    return proc.stdout


def _nasty_summary():
    table = pd.DataFrame({"coef": [0.41, -1.5, np.nan], "P>|z|": [0.003, 1e-9, np.nan],
                          "[0.025": [0.1, -2.0, np.nan], "0.975]": [0.7, -1.0, np.nan]},
                         index=["us.L1_log1p", "b&c #2", "[start]"])
    s = Summary("Toy model: 50% & more_", info=[("Observations", 100),
                                                 ("Family", "NB2 (alpha ~ 0.7)")],
                tables=[("Coefficients, P>|z|", table), (None, table.iloc[:1])],
                notes=["H0: x ^ 2 < 1 {in} $ terms \\ here"])
    return s.explain_missing("not identified: no event in the window", rows=["[start]"])


def _fit(rng):
    n = 400
    a = rng.poisson(1.0, n)
    b = np.r_[0, rng.poisson(np.exp(-1 + 0.5 * np.log1p(a[:-1])))]
    counts = pd.DataFrame({"a": a, "b": b},
                          index=pd.date_range("2023-01-01", periods=n, freq="D"))
    return (CountModel(counts, "b", lags=1).fit(),
            CountModel(counts, "b", lags=2).fit())


# -- Summary.as_latex ----------------------------------------------------------------------
def test_summary_latex_is_booktabs_with_captions_labels_and_escaped_headers():
    tex = _nasty_summary().as_latex()
    assert tex.count(r"\begin{table}") == 3 == tex.count(r"\label{")
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert r"\hline" not in tex
    assert r"\caption{Toy model: 50\% \& more\_}" in tex
    assert r"\label{tab:toy-model-50-more}" in tex
    assert r"\label{tab:toy-model-50-more-coefficients-p-z}" in tex
    assert r"P\textgreater{}\textbar{}z\textbar{}" in tex and "P>|z|" not in tex
    assert r"{[}start]" in tex                          # not an option of \\
    assert "n/a[1]" in tex and "not identified" in tex   # the missing value explained
    labels = re.findall(r"\\label\{([^}]*)\}", tex)
    assert len(set(labels)) == len(labels)
    assert _nasty_summary().as_latex(label="tab:mine").count(r"\label{tab:mine") == 3


def test_summary_latex_compiles(tmp_path):
    res1, _ = _fit(np.random.default_rng(5))
    body = _nasty_summary().as_latex() + "\n" + res1.summary().as_latex()
    assert "P>|z|" not in body
    _compile(tmp_path, body)


# -- summary_col ---------------------------------------------------------------------------
def test_summary_col_puts_models_side_by_side():
    res1, res2 = _fit(np.random.default_rng(5))
    s = summary_col([res1, res2], names=["1 lag", "2 lags"])
    table = s.tables[0][1]
    assert list(table.columns) == ["1 lag", "2 lags"]
    for p in res2.params.index:                          # estimate, then (SE) under it
        i = list(table.index).index(p)
        assert table.iloc[i + 1, 1] == f"({_number(res2.bse[p])})"
        assert table.iloc[i, 1] == _number(res2.params[p])
    missing = [p for p in res2.params.index if p not in res1.params.index]
    assert missing and all(table.loc[p, "1 lag"] == "" for p in missing)
    assert "Observations" in table.index and "Log-likelihood" in table.index
    text, html = s.as_text(), s.as_html()
    assert "1 lag" in text and "Standard errors in parentheses" in text
    assert "<table" in html and "2 lags" in html
    ci = summary_col([res1, res2], below="ci", alpha=0.1).tables[0][1]
    p = res1.params.index[0]
    lo, hi = res1.conf_int(alpha=0.1).loc[p, ["lower", "upper"]]
    assert ci.iloc[list(ci.index).index(p) + 1, 0] == f"[{_number(lo)}, {_number(hi)}]"
    with pytest.raises(ValueError, match="below must be 'se' or 'ci'"):
        summary_col([res1], below="t")
    with pytest.raises(ValueError, match="names must be 2 distinct names"):
        summary_col([res1, res2], names=["x", "x"])


def _number(x):
    from analysis.reporting import number
    return number(x, 3)


def test_summary_col_latex_compiles(tmp_path):
    res1, res2 = _fit(np.random.default_rng(5))
    tex = summary_col([res1, res2], below="ci").as_latex(label="tab:side")
    assert r"\label{tab:side" in tex and r"\toprule" in tex
    _compile(tmp_path, tex)


# -- macro files ---------------------------------------------------------------------------
VALUES = {"n_events": 502, "nb": {"us_L1": {"estimate": 0.4123, "lower": -0.0501,
                                             "upper": 0.9},
                                  "p-value": 3.2e-7, "note": "50% & more_ {x}"},
          "windows": ["2023-10-17", None], "ok": True, "nObs": 1, "n obs": 2}


def test_every_values_file_gets_a_macro_file(figures_tmp):
    path = save_values(VALUES, "02-toy")
    tex = (figures_tmp / "values" / "02-toy.tex").read_text()
    assert path.with_suffix(".tex").exists()
    macros = dict(re.findall(r"\\newcommand\{\\([^}]*)\}\{(.*)\}\n", tex))
    assert all(re.fullmatch(r"[A-Za-z]+", m) for m in macros)
    assert macros["ZeroTwoToyNEvents"] == "502"
    assert macros["ZeroTwoToyNbUsLOneEstimate"] == "0.412"     # as the JSON states it
    assert macros["ZeroTwoToyNbUsLOneLower"] == r"\ensuremath{-}0.05"
    assert macros["ZeroTwoToyNbPValue"] == r"\ensuremath{3.2\times 10^{-7}}"
    assert macros["ZeroTwoToyWindowsOne"] == "n/a"
    # "n obs" and "nObs" both map to NObs: the later path (sorted) gets a B
    assert macros["ZeroTwoToyNObs"] == "2" and macros["ZeroTwoToyNObsB"] == "1"
    assert "% nb.us_L1.estimate" in tex
    # byte-identical on a rerun, no timestamps
    save_values(VALUES, "02-toy")
    assert (figures_tmp / "values" / "02-toy.tex").read_text() == tex


def test_macro_names_are_letters_only_and_deterministic():
    assert macro_name("01-dataset", "n_events") == "ZeroOneDatasetNEvents"
    assert macro_name("x", "é-2", 10) == "XETwoOneZero"
    assert macro_name("x", "%%") == "XX"
    with pytest.raises(TypeError, match="values must be a dict"):
        save_value_macros([1], "x")


def test_macro_file_compiles_and_prints_the_numbers(tmp_path, figures_tmp):
    save_values(VALUES, "02-toy")
    tex = (figures_tmp / "values" / "02-toy.tex").read_text()
    (tmp_path / "values.tex").write_text(tex, encoding="utf-8")
    body = "\n".join([r"\input{values.tex}",
                      r"Events: \ZeroTwoToyNEvents; estimate \ZeroTwoToyNbUsLOneEstimate "
                      r"(\ZeroTwoToyNbUsLOneLower{} to \ZeroTwoToyNbUsLOneUpper); "
                      r"p \ZeroTwoToyNbPValue; \ZeroTwoToyNbNote; \ZeroTwoToyWindowsZero."])
    _compile(tmp_path, body)


def test_summaries_of_several_model_families_compile(tmp_path):
    import analysis as ea

    sides = ["north", "south"]
    counts = ea.simulate_count_hawkes(300, [0.3, 0.2], [[0.2, 0.1], [0.15, 0.1]], max_lag=5,
                                      family="poisson", sides=sides, start="2022-01-01",
                                      rng=np.random.default_rng(11))
    fits = [ea.CountModel(counts, "north", lags=2, family="poisson").fit(),
            ea.VARModel(counts, lags=2).fit(),
            ea.CountHawkes(counts, max_lag=5, family="poisson").fit()]
    body = "\n".join(r.summary().as_latex() for r in fits)
    assert body.count(r"\toprule") >= 3 and "P>|z|" not in body
    _compile(tmp_path, body + "\n" + summary_col(fits[:1] + fits[2:]).as_latex())
