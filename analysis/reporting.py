"""Shared result rendering: model summaries (text, HTML, LaTeX), test results, values files.

Every model's ``summary()`` returns a :class:`Summary`. It prints as plain text, renders
as HTML in Jupyter (``_repr_html_``) and gives LaTeX for a paper (``as_latex()``).
Nothing in a summary depends on the clock, so summaries are reproducible.
"""

from __future__ import annotations

import html
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

__all__ = ["Summary", "HypothesisTest", "save_values", "figures_dir", "stated_unit"]


def _fmt_number(x, digits: int = 4) -> str:
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, (float, np.floating)):
        if not math.isfinite(x):
            return str(x)
        if x != 0 and (abs(x) < 10 ** (-digits) or abs(x) >= 1e6):
            return f"{x:.{digits - 1}e}"
        return f"{x:.{digits}f}"
    return str(x)


def _format_table(df: pd.DataFrame, digits: int) -> pd.DataFrame:
    out = df.copy()
    for c in out.columns:
        out[c] = [_fmt_number(v, digits) if not isinstance(v, str) else v for v in out[c]]
    return out


@dataclass
class Summary:
    """A model summary: a title, key-value facts, labelled tables and notes.

    Parameters
    ----------
    title : str
    info : list of (label, value)
        Facts about the model and the fit (sample, family, log-likelihood ...).
    tables : list of (caption or None, DataFrame)
    notes : list of str
        Plain-language remarks (warnings, how to read a table).
    digits : int
        Decimals for floats in text/HTML/LaTeX output.
    """

    title: str
    info: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    digits: int = 4

    # -- text --------------------------------------------------------------------------
    def as_text(self) -> str:
        lines = [self.title, "=" * max(len(self.title), 20)]
        if self.info:
            width = max(len(str(k)) for k, _ in self.info)
            for k, v in self.info:
                lines.append(f"{str(k):<{width}}  {_fmt_number(v, self.digits)}")
        for caption, df in self.tables:
            lines.append("")
            if caption:
                lines.append(caption)
                lines.append("-" * len(caption))
            lines.append(_format_table(df, self.digits).to_string())
        if self.notes:
            lines.append("")
            lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    # -- HTML --------------------------------------------------------------------------
    def as_html(self) -> str:
        parts = [f"<div class='escalation-summary'><h4>{html.escape(self.title)}</h4>"]
        if self.info:
            parts.append("<table>")
            for k, v in self.info:
                parts.append(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
                             f"<td>{html.escape(_fmt_number(v, self.digits))}</td></tr>")
            parts.append("</table>")
        for caption, df in self.tables:
            if caption:
                parts.append(f"<p><b>{html.escape(caption)}</b></p>")
            parts.append(_format_table(df, self.digits).to_html(escape=True))
        for n in self.notes:
            parts.append(f"<p><i>Note: {html.escape(n)}</i></p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.as_html()

    # -- LaTeX -------------------------------------------------------------------------
    def as_latex(self) -> str:
        def esc(s: str) -> str:
            rep = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$",
                   "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                   "^": r"\textasciicircum{}"}
            return "".join(rep.get(ch, ch) for ch in s)

        out = [f"% {esc(self.title)}"]
        if self.info:
            out.append(r"\begin{tabular}{ll}")
            out.append(r"\hline")
            for k, v in self.info:
                out.append(f"{esc(str(k))} & {esc(_fmt_number(v, self.digits))} \\\\")
            out.append(r"\hline")
            out.append(r"\end{tabular}")
        for caption, df in self.tables:
            body = _format_table(df, self.digits)
            cols = "l" + "r" * body.shape[1]
            out.append(r"\begin{table}[htbp]\centering")
            if caption:
                out.append(rf"\caption{{{esc(caption)}}}")
            out.append(rf"\begin{{tabular}}{{{cols}}}")
            out.append(r"\hline")
            out.append(" & ".join([""] + [esc(str(c)) for c in body.columns]) + r" \\")
            out.append(r"\hline")
            for idx, row in body.iterrows():
                label = " / ".join(map(str, idx)) if isinstance(idx, tuple) else str(idx)
                out.append(" & ".join([esc(label)] + [esc(str(v)) for v in row]) + r" \\")
            out.append(r"\hline")
            out.append(r"\end{tabular}")
            out.append(r"\end{table}")
        for n in self.notes:
            out.append(f"% Note: {esc(n)}")
        return "\n".join(out)


@dataclass(frozen=True)
class HypothesisTest:
    """The result of a hypothesis test: no verdict, just the numbers and H0 in words.

    Attributes
    ----------
    statistic : float
    pvalue : float
    df : float or tuple
        Degrees of freedom (a tuple for F tests).
    null_hypothesis : str
        H0 in plain words, e.g. "lags of 'us' do not help predict 'militia'".
    method : str
        e.g. "Wald chi2", "F", "Kolmogorov-Smirnov".
    """

    statistic: float
    pvalue: float
    df: object
    null_hypothesis: str
    method: str

    def __str__(self) -> str:
        return (f"{self.method}: statistic = {_fmt_number(self.statistic)}, "
                f"df = {self.df}, p-value = {_fmt_number(self.pvalue)}\n"
                f"H0: {self.null_hypothesis}")

    def to_dict(self) -> dict:
        df = list(self.df) if isinstance(self.df, tuple) else self.df
        return {"statistic": float(self.statistic), "pvalue": float(self.pvalue), "df": df,
                "null_hypothesis": self.null_hypothesis, "method": self.method}


def figures_dir(directory=None) -> Path:
    """The folder figures and values files go to.

    ``directory`` if given, else the ``ESCALATION_FIGURES_DIR`` environment variable
    (read at call time; the tests use it to write to a temporary folder), else
    ``figures/`` in the repository (source checkout) or, when the package is installed,
    ``figures/`` under the current working directory (never inside the installed package).
    """
    if directory is not None:
        return Path(directory)
    env = os.environ.get("ESCALATION_FIGURES_DIR")
    return Path(env) if env else paths.figures_dir()


#: Significant digits of the numbers in a values file (see :func:`save_values`).
SIGNIFICANT = 3
#: Keys that make a group stated to one decimal place (an estimate and its interval).
INTERVAL_KEYS = ("estimate", "lower", "upper")


def stated_unit(x: float, significant: int = SIGNIFICANT) -> float:
    """The last stated digit's unit for ``x``: ``significant`` digits, but no digit of
    the integer part is rounded away (a log-likelihood of -2485.67 is -2486)."""
    if x == 0 or not math.isfinite(x):
        return 0.0
    return min(1.0, 10.0 ** (math.floor(math.log10(abs(x))) - significant + 1))


def _round_to(x: float, unit: float) -> float:
    if unit == 0.0:
        return x
    k = -int(round(math.log10(unit)))
    return float(round(x, k)) if k > 0 else float(round(x / unit) * unit)


def _interval_group(x: dict) -> bool:
    return (sum(k in x for k in INTERVAL_KEYS) >= 2
            and all(isinstance(x.get(k), (float, np.floating)) for k in INTERVAL_KEYS
                    if k in x))


def _jsonable(x, sig: int):
    if isinstance(x, dict) and _interval_group(x):
        # an estimate and its interval are stated to one decimal place: that of the
        # largest of them at ``sig`` digits (a bound near 0 is not given more digits
        # than the estimate; its last digits would be rounding noise)
        vals = [float(x[k]) for k in INTERVAL_KEYS if k in x]
        if all(math.isfinite(v) for v in vals):
            unit = stated_unit(max(abs(v) for v in vals), sig)
            out = {str(k): _jsonable(v, sig) for k, v in x.items()
                   if k not in INTERVAL_KEYS}
            out.update({k: _round_to(float(x[k]), unit) for k in INTERVAL_KEYS if k in x})
            return out
    if isinstance(x, dict):
        return {str(k): _jsonable(v, sig) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v, sig) for v in x]
    if isinstance(x, (pd.Series,)):
        return _jsonable(x.to_dict(), sig)
    if isinstance(x, pd.DataFrame):
        return _jsonable({str(k): v for k, v in x.to_dict(orient="index").items()}, sig)
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist(), sig)
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if not math.isfinite(x):
            raise ValueError(f"values files hold finite numbers only, got {x}; "
                             "report a missing estimate as None with a note instead")
        return _round_to(x, stated_unit(x, sig))
    if isinstance(x, (pd.Timestamp,)):
        return x.strftime("%Y-%m-%d")
    if x is None or isinstance(x, str):
        return x
    if x is pd.NA or x is pd.NaT:
        return None
    raise TypeError(f"cannot write {type(x).__name__} to a values file")


def save_values(values: dict, name: str, *, directory=None,
                significant: int = SIGNIFICANT) -> Path:
    """Write the numbers a notebook quotes to ``figures/values/<name>.json``.

    Keys are sorted and floats are stated to ``significant`` (default 3) significant
    digits; an ``estimate`` with its ``lower``/``upper`` bounds is stated to one decimal
    place, that of the largest of the three. That is the precision the methods support:
    the sampling uncertainty of every estimate here is far above 0.1%, and digits
    beyond it differ between BLAS kernels and thread counts (flat likelihoods of sparse
    data). So the file is byte-identical across reruns and across machines, and
    ``tests/test_reproducibility.py`` checks the notebooks' headline numbers against it
    under several BLAS configurations.
    """
    out_dir = figures_dir(directory) / "values"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    text = json.dumps(_jsonable(values, significant), indent=2, sort_keys=True,
                      ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path
