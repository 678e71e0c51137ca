"""Shared result rendering: model summaries (text, HTML, LaTeX), test results, values files.

Every model's ``summary()`` returns a :class:`Summary`. It prints as plain text, renders
as HTML in Jupyter (``_repr_html_``) and gives LaTeX for a paper (``as_latex()``).
Nothing in a summary depends on the clock, so summaries are reproducible.

The helpers at the end (:class:`Prose`, :func:`number`, :func:`estimate`,
:func:`pvalue`, :func:`format_table`) let a notebook state its findings in sentences
built from the computed values (never typed) and show tables at sensible precision.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

__all__ = ["Summary", "HypothesisTest", "summary_col", "save_values", "save_value_macros",
           "macro_name", "latex_escape", "figures_dir", "stated_unit", "Prose", "number",
           "estimate", "pvalue", "format_table"]


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
        if x.is_integer():                  # counts stored as floats: 24, not 24.0000
            return str(int(x))
        return f"{x:.{digits}f}"
    return str(x)


def _fmt_sig(x, sig: int) -> str:
    """``x`` to ``sig`` significant digits (for one-line reprs)."""
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(x):
        return str(x)
    return f"{x:.{sig}g}"


def _is_missing(v) -> bool:
    return isinstance(v, (float, np.floating)) and math.isnan(v)


_MISSING = "n/a"


@dataclass
class Summary:
    """A model summary: a title, key-value facts, labelled tables and notes.

    Every model's ``summary()`` returns one. It prints as plain text (``print(s)`` or
    :meth:`as_text`), renders as HTML in Jupyter (:meth:`as_html`) and gives LaTeX
    for a paper (:meth:`as_latex`). A value that could not be computed (NaN) shows
    as ``n/a[k]``, where note ``[k]`` says why (see :meth:`explain_missing`); a NaN
    whose reason nobody recorded still gets a note, so none is silent.

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
    missing : list of dict, optional
        Reasons for missing values, as :meth:`explain_missing` records them.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from analysis import Summary
    >>> table = pd.DataFrame({"coef": [0.41, 0.0], "se": [0.12, np.nan]},
    ...                      index=["us.L1", "militia.L1"])
    >>> s = Summary("Toy model", info=[("Observations", 100)],
    ...             tables=[("Coefficients", table)])
    >>> s = s.explain_missing("the estimate is on the bound 0, where the Wald "
    ...                       "standard error is not defined", rows=["militia.L1"])
    >>> print(s)
    Toy model
    ====================
    Observations  100
    <BLANKLINE>
    Coefficients
    ------------
                  coef      se
    us.L1       0.4100  0.1200
    militia.L1       0  n/a[1]
    <BLANKLINE>
    Note: [1] n/a: the estimate is on the bound 0, where the Wald standard error is not defined
    """

    title: str
    info: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    digits: int = 4
    missing: list = field(default_factory=list)

    # -- missing values ----------------------------------------------------------------
    def explain_missing(self, reason: str, *, table=None, rows=None,
                        columns=None) -> "Summary":
        """Record why some values are missing (NaN); returns the summary itself.

        Parameters
        ----------
        reason : str
            Why, in plain words (e.g. "not identified: no event of this side in the
            window", "on a bound: the estimate is 0, where no Wald standard error
            exists").
        table : str or int, optional
            The caption or position of the table it applies to, or ``"info"`` for
            the key-value facts (default: every table and the facts).
        rows, columns : list, optional
            The row labels (index values) and columns it applies to (default: all).

        Returns
        -------
        Summary
            ``self``, so calls chain.
        """
        self.missing.append({"reason": str(reason), "table": table,
                             "rows": None if rows is None else list(rows),
                             "columns": None if columns is None else list(columns)})
        return self

    def _reason(self, pos, caption, row, col):
        for i, m in enumerate(self.missing):
            t = m["table"]
            if t is not None and t != pos and t != caption:
                continue
            if m["rows"] is not None and row not in m["rows"]:
                continue
            if m["columns"] is not None and col not in m["columns"]:
                continue
            return i
        return None

    def _rendered(self):
        """(info, tables, notes) with NaNs replaced by ``n/a[k]`` and notes for them."""
        used: dict = {}
        unexplained = [False]

        def mark(pos, caption, row, col):
            i = self._reason(pos, caption, row, col)
            if i is None:
                unexplained[0] = True
                key = "?"
            else:
                used.setdefault(i, len(used) + 1)
                key = str(used[i])
            return f"{_MISSING}[{key}]"

        info = [(k, mark("info", "info", k, None) if _is_missing(v)
                 else _fmt_number(v, self.digits)) for k, v in self.info]
        tables = []
        for pos, (caption, df) in enumerate(self.tables):
            out = df.copy().astype(object)
            for r_i, row in enumerate(df.index):
                for c_i, col in enumerate(df.columns):
                    v = df.iat[r_i, c_i]
                    if _is_missing(v):
                        out.iat[r_i, c_i] = mark(pos, caption, row, col)
                    elif not isinstance(v, str):
                        out.iat[r_i, c_i] = _fmt_number(v, self.digits)
            tables.append((caption, out))
        notes = list(self.notes)
        for i, k in sorted(used.items(), key=lambda kv: kv[1]):
            notes.append(f"[{k}] {_MISSING}: {self.missing[i]['reason']}")
        if unexplained[0]:
            notes.append(f"[?] {_MISSING}: a value that could not be computed; no reason "
                         "was recorded with it (see the notes above and the fit's warnings).")
        return info, tables, notes

    # -- text --------------------------------------------------------------------------
    def as_text(self) -> str:
        """The summary as plain text (what ``print(summary)`` shows).

        Returns
        -------
        str
            Title, facts, each table under its caption, then the notes.
        """
        info, tables, notes = self._rendered()
        lines = [self.title, "=" * max(len(self.title), 20)]
        if info:
            width = max(len(str(k)) for k, _ in info)
            for k, v in info:
                lines.append(f"{str(k):<{width}}  {v}")
        for caption, df in tables:
            lines.append("")
            if caption:
                lines.append(caption)
                lines.append("-" * len(caption))
            lines.append(df.to_string())
        if notes:
            lines.append("")
            lines.extend(f"Note: {n}" for n in notes)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()

    def __repr__(self) -> str:
        return self.as_text()

    # -- HTML --------------------------------------------------------------------------
    def as_html(self) -> str:
        """The summary as an HTML fragment (what Jupyter shows).

        Returns
        -------
        str
            A ``<div class="escalation-summary">`` with the title, a table of facts,
            each table under its caption and the notes; every text is escaped.
        """
        info, tables, notes = self._rendered()
        parts = [f"<div class='escalation-summary'><h4>{html.escape(self.title)}</h4>"]
        if info:
            parts.append("<table>")
            for k, v in info:
                parts.append(f"<tr><th style='text-align:left'>{html.escape(str(k))}</th>"
                             f"<td>{html.escape(v)}</td></tr>")
            parts.append("</table>")
        for caption, df in tables:
            if caption:
                parts.append(f"<p><b>{html.escape(caption)}</b></p>")
            parts.append(df.to_html(escape=True))
        for n in notes:
            parts.append(f"<p><i>Note: {html.escape(n)}</i></p>")
        parts.append("</div>")
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        return self.as_html()

    # -- LaTeX -------------------------------------------------------------------------
    def as_latex(self, *, label: str | None = None, position: str = "htbp") -> str:
        r"""The summary as LaTeX for a paper: booktabs tables with captions and labels.

        The facts become one ``table`` float captioned with the title; each table
        becomes a ``table`` float with its caption. Every float has a ``\label``, the
        rules are booktabs' (``\toprule``, ``\midrule``, ``\bottomrule``), and
        every text (headers such as ``P>|z|``, labels, cells, notes) is escaped for
        LaTeX. The notes, including why a value is ``n/a``, follow the last table.
        Built with pandas' ``Styler.to_latex``.

        Parameters
        ----------
        label : str, optional
            Label of the facts table; table ``k`` gets ``<label>-<caption slug>`` (or
            ``<label>-<k>`` without a caption). Default: ``"tab:"`` and a slug of the
            title.
        position : str
            Float placement.

        Returns
        -------
        str
            LaTeX source for a document loading ``booktabs``
            (``\usepackage{booktabs}``).

        Examples
        --------
        >>> import pandas as pd
        >>> from analysis import Summary
        >>> s = Summary("Toy", tables=[("Rates", pd.DataFrame({"P>|z|": [0.5]}, index=["a_1"]))])
        >>> tex = s.as_latex()
        >>> r"\label{tab:toy-rates}" in tex, r"P\textgreater{}\textbar{}z\textbar{}" in tex
        (True, True)
        >>> [line for line in tex.splitlines() if line.startswith("a")]
        ['a\\_1 & 0.5000 \\\\']
        """
        info, tables, notes = self._rendered()
        base = label if label is not None else "tab:" + (_slug(self.title) or "summary")
        floats = []
        if info:
            facts = pd.DataFrame({"": [v for _, v in info]}, index=[str(k) for k, _ in info])
            floats.append(_latex_float(facts, self.title, base, position, header=False))
        used = {base}
        for k, (caption, body) in enumerate(tables, start=1):
            lab = f"{base}-{_slug(caption) or k}"
            if lab in used:
                lab = f"{base}-{k}"
            used.add(lab)
            cap = caption if caption else (self.title if not info else None)
            floats.append(_latex_float(body, cap, lab, position))
        if notes and floats:
            note_text = "\n".join(rf"\par{{\footnotesize Note: {latex_escape(n)}}}"
                                   for n in notes)
            floats[-1] = floats[-1].replace(r"\end{table}", note_text + "\n" + r"\end{table}")
        out = [f"% {latex_escape(self.title)}"] + floats
        return "\n".join(out)


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                  "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
                  "|": r"\textbar{}", "\n": " "}


def latex_escape(text) -> str:
    r"""``text`` safe in a LaTeX document (text mode, any encoding pdflatex loads).

    Every special character is replaced by its text command (``P>|z|`` becomes
    ``P\textgreater{}\textbar{}z\textbar{}``, ``_`` becomes ``\_``), and a leading
    ``[`` is braced so that it is not read as an option of a preceding ``\\``.

    Parameters
    ----------
    text : object
        Converted with ``str``.

    Returns
    -------
    str

    Examples
    --------
    >>> from analysis.reporting import latex_escape
    >>> latex_escape("P>|z|"), latex_escape("us.L1_x"), latex_escape("[0.1, 0.2]")
    ('P\\textgreater{}\\textbar{}z\\textbar{}', 'us.L1\\_x', '{[}0.1, 0.2]')
    """
    out = "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))
    return "{[}" + out[1:] if out.startswith("[") else out


def _slug(text) -> str:
    import unicodedata
    if text is None:
        return ""
    ascii_ = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:40].strip("-")


def _latex_float(df: pd.DataFrame, caption, label, position, *, header=True) -> str:
    """One booktabs ``table`` float of ``df`` (already formatted as strings)."""
    def esc_labels(labels):
        if isinstance(labels, pd.MultiIndex):
            return pd.MultiIndex.from_tuples(
                [tuple(latex_escape(x) for x in t) for t in labels], names=labels.names)
        return pd.Index([latex_escape(x) for x in labels])

    def cell(v):
        text = latex_escape(v)
        # a minus sign, not a hyphen, before a number
        return "$-$" + text[1:] if re.match(r"^-[0-9.]", text) else text

    body = df.copy().astype(object).map(cell)
    body.index = esc_labels(body.index)
    body.columns = esc_labels(body.columns)
    body.index.names = [None] * body.index.nlevels
    body.columns.names = [None] * body.columns.nlevels
    styler = body.style
    if not header:
        styler = styler.hide(axis="columns")
    ncols = body.shape[1] + body.index.nlevels
    tex = styler.to_latex(
        environment="table", hrules=True, position=position, position_float="centering",
        caption=latex_escape(caption) if caption else None, label=label,
        column_format="l" * body.index.nlevels + "r" * body.shape[1],
        multicol_align="c", siunitx=False)
    del ncols
    if not header:                                   # no header row: no rule under it
        tex = tex.replace("\\toprule\n\\midrule\n", "\\toprule\n")
    return tex.rstrip("\n")


def _flat(x, what: str, k: int) -> pd.Series:
    if isinstance(x, pd.DataFrame):              # one column per equation
        x = x.stack()
        x.index = [f"{b}: {a}" for a, b in x.index]
    if not isinstance(x, pd.Series):
        raise TypeError(f"result {k} has {what} of type {type(x).__name__}; summary_col "
                        "needs labelled estimates (a pandas Series, as every model's "
                        "results object gives)")
    x = x.copy()
    x.index = [" / ".join(map(str, i)) if isinstance(i, tuple) else str(i) for i in x.index]
    return x.astype(float)


_STATS = {"nobs": "Observations", "llf": "Log-likelihood", "aic": "AIC", "bic": "BIC"}


def summary_col(results, *, names=None, below: str = "se", alpha: float = 0.05,
                stats=("nobs", "llf", "aic"), title: str = "Estimates side by side",
                sig: int = 3) -> Summary:
    """Several fitted models side by side: one column per model, like statsmodels'
    ``summary_col``.

    Each parameter is a row with its estimate, and under it the standard error in
    parentheses (``below="se"``) or the confidence interval in brackets
    (``below="ci"``). A parameter a model does not have is left blank; an estimate
    that could not be computed shows as ``n/a`` with a note. The fit statistics
    (``stats``) close the table. The result is a :class:`Summary`, so it prints as
    text, shows as HTML in Jupyter and gives booktabs LaTeX (:meth:`Summary.as_latex`).

    Parameters
    ----------
    results : sequence of results objects
        Anything with ``params`` (Series, or DataFrame with one column per equation),
        and ``bse`` or ``conf_int(alpha=...)`` (columns ``lower``, ``upper``), as
        every model's ``fit()`` returns.
    names : sequence of str, optional
        Column names (default ``(1)``, ``(2)``, ...).
    below : {"se", "ci"}
        What goes under each estimate.
    alpha : float
        1 - coverage of the intervals (``below="ci"``).
    stats : sequence of {"nobs", "llf", "aic", "bic"}
        Fit statistics shown at the bottom (blank where a model has none).
    title : str
    sig : int
        Significant digits of the numbers.

    Returns
    -------
    Summary

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> from analysis.reporting import summary_col
    >>> a = SimpleNamespace(params=pd.Series({"x": 0.512, "const": 1.0}),
    ...                     bse=pd.Series({"x": 0.101, "const": 0.2}), nobs=100)
    >>> b = SimpleNamespace(params=pd.Series({"x": 0.47}), bse=pd.Series({"x": 0.12}),
    ...                     nobs=80)
    >>> table = summary_col([a, b], names=["NB", "Poisson"], stats=["nobs"])
    >>> print(table.as_text())  # doctest: +NORMALIZE_WHITESPACE
    Estimates side by side
    ======================
    <BLANKLINE>
                       NB  Poisson
    x               0.512    0.470
                  (0.101)  (0.120)
    const               1
                  (0.200)
    Observations      100       80
    <BLANKLINE>
    Note: Standard errors in parentheses.
    """
    results = list(results)
    if not results:
        raise ValueError("results must hold at least one fitted model")
    if below not in ("se", "ci"):
        raise ValueError(f"below must be 'se' or 'ci', got {below!r}")
    bad = [s for s in stats if s not in _STATS]
    if bad:
        raise ValueError(f"stats must be among {sorted(_STATS)}, got {bad}")
    if not 0 < float(alpha) < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
    names = [f"({k + 1})" for k in range(len(results))] if names is None else \
        [str(n) for n in names]
    if len(names) != len(results) or len(set(names)) != len(names):
        raise ValueError(f"names must be {len(results)} distinct names, got {names}")
    columns, order = {}, []
    for k, (name, r) in enumerate(zip(names, results)):
        est = _flat(r.params, "params", k)
        if below == "se":
            se = _flat(r.bse, "bse", k).reindex(est.index)
            under = {p: "" if not math.isfinite(v) else f"({number(v, sig)})"
                     for p, v in se.items()}
        else:
            ci = r.conf_int(alpha=alpha)
            if not isinstance(ci, pd.DataFrame) or not {"lower", "upper"} <= set(ci.columns):
                raise TypeError(f"result {k} ({name}): conf_int() must give a DataFrame "
                                "with columns 'lower' and 'upper'")
            lo, hi = _flat(ci["lower"], "conf_int", k), _flat(ci["upper"], "conf_int", k)
            under = {p: "" if not (math.isfinite(lo.get(p, np.nan))
                                   and math.isfinite(hi.get(p, np.nan)))
                     else f"[{number(lo[p], sig)}, {number(hi[p], sig)}]" for p in est.index}
        columns[name] = (est, under)
        order += [p for p in est.index if p not in order]
    rows, labels = [], []
    for p in order:
        rows.append([np.nan if (p in est.index and not math.isfinite(est[p]))
                     else (number(est[p], sig) if p in est.index else "")
                     for est, _ in columns.values()])
        rows.append([under.get(p, "") for _, under in columns.values()])
        labels += [p, ""]
    for stat in stats:
        vals = []
        for r in results:
            v = getattr(r, stat, None)
            try:
                v = None if v is None else float(v() if callable(v) else v)
            except (TypeError, ValueError):
                v = None
            vals.append("" if v is None or not math.isfinite(v) else number(v, sig))
        rows.append(vals)
        labels.append(_STATS[stat])
    table = pd.DataFrame(rows, index=labels, columns=names, dtype=object)
    note = ("Standard errors in parentheses." if below == "se" else
            f"{100 * (1 - float(alpha)):g}% confidence intervals in brackets (each model's "
            "own conf_int).")
    return Summary(title, tables=[(None, table)], notes=[note])


@dataclass(frozen=True)
class HypothesisTest:
    """The result of a hypothesis test: no verdict, just the numbers and H0 in words.

    It shows as one line, like statsmodels' tests:
    ``<F test: statistic=3.2, df=(2, 100), p-value=0.04; H0: ...>``; ``print()`` gives
    two lines and :meth:`to_dict` the numbers for a values file.

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

    Examples
    --------
    >>> from analysis import HypothesisTest
    >>> HypothesisTest(26.881304479117784, 0.00035007680036966654, 4,
    ...                "lags of 'militia' do not help predict 'us'", "Wald chi2")
    <Wald chi2 test: statistic=26.88, df=4, p-value=0.00035; H0: lags of 'militia' do not help predict 'us'>
    """

    statistic: float
    pvalue: float
    df: object
    null_hypothesis: str
    method: str

    def _df_text(self) -> str:
        if isinstance(self.df, (tuple, list)):
            return "(" + ", ".join(_fmt_sig(d, 4) for d in self.df) + ")"
        return _fmt_sig(self.df, 4) if self.df is not None else "None"

    def __repr__(self) -> str:
        method = self.method if self.method.lower().endswith("test") else f"{self.method} test"
        return (f"<{method}: statistic={_fmt_sig(self.statistic, 4)}, df={self._df_text()}, "
                f"p-value={_fmt_sig(self.pvalue, 2)}; H0: {self.null_hypothesis}>")

    def __str__(self) -> str:
        return (f"{self.method}: statistic = {_fmt_number(self.statistic)}, "
                f"df = {self.df}, p-value = {_fmt_number(self.pvalue)}\n"
                f"H0: {self.null_hypothesis}")

    def _repr_pretty_(self, p, cycle):
        p.text(repr(self))

    def to_dict(self) -> dict:
        """The numbers and H0 as a dict (``df`` a list for F tests), for :func:`save_values`."""
        df = list(self.df) if isinstance(self.df, tuple) else self.df
        return {"statistic": float(self.statistic), "pvalue": float(self.pvalue), "df": df,
                "null_hypothesis": self.null_hypothesis, "method": self.method}


def figures_dir(directory=None) -> Path:
    """The folder figures and values files go to.

    Parameters
    ----------
    directory : path-like, optional
        Returned as a Path if given.

    Returns
    -------
    pathlib.Path
        ``directory`` if given, else the ``ESCALATION_FIGURES_DIR`` environment
        variable (read at call time; the tests use it to write to a temporary
        folder), else ``figures/`` in the repository (source checkout) or, when the
        package is installed, ``figures/`` under the current working directory (never
        inside the installed package).

    Examples
    --------
    >>> from analysis.reporting import figures_dir
    >>> figures_dir("/tmp/figs").as_posix()
    '/tmp/figs'
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
                significant: int = SIGNIFICANT, primary=None) -> Path:
    """Write the numbers a notebook quotes to ``figures/values/<name>.json``.

    Keys are sorted and floats are stated to ``significant`` (default 3) significant
    digits; an ``estimate`` with its ``lower``/``upper`` bounds is stated to one decimal
    place, that of the largest of the three. That is the precision the methods support:
    the sampling uncertainty of every estimate here is far above 0.1%, and digits
    beyond it differ between BLAS kernels and thread counts (flat likelihoods of sparse
    data). So the file is byte-identical across reruns and across machines, and
    ``tests/test_reproducibility.py`` checks the notebooks' headline numbers against it
    under several BLAS configurations.

    Parameters
    ----------
    values : dict
        Nested dicts and lists of numbers, strings, dates, None, Series and
        DataFrames. Non-finite floats are refused: report a missing estimate as None
        with a note saying why.
    name : str
        File stem, conventionally the notebook's name (``"01-dataset"``).
    directory : path-like, optional
        Folder holding ``values/`` (default :func:`figures_dir`).
    significant : int
        Significant digits stated for floats (see above).
    primary : list of str, optional
        The notebook's primary hypotheses: paths of their p-values (keys joined by
        ``/``). When given, every other p-value gets a Benjamini-Hochberg q-value
        beside it (:func:`analysis.multiplicity.add_qvalues`).
        Every reported test or interval of a bundled notebook whose size or coverage,
        measured in the data's regime, is out of band gets ``<key>_measured_size`` or
        ``<key>_measured_coverage`` beside it (:func:`analysis.label_values`).

    Returns
    -------
    pathlib.Path
        The file written. The same numbers, as written there, also go to
        ``values/<name>.tex`` as LaTeX macros (:func:`save_value_macros`), so a paper
        can cite them.

    Examples
    --------
    >>> import json, tempfile
    >>> from analysis import save_values
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_values({"rate": 2 / 3, "n": 12}, "00-example", directory=tmp)
    ...     json.loads(path.read_text())
    {'n': 12, 'rate': 0.667}
    """
    if primary is not None:
        from .multiplicity import add_qvalues
        values = add_qvalues(values, primary)
    from .models.calibration_report import label_values   # measured size/coverage beside
    values = label_values(values, name)                    # out-of-band reported numbers
    out_dir = figures_dir(directory) / "values"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.json"
    text = json.dumps(_jsonable(values, significant), indent=2, sort_keys=True,
                      ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    save_value_macros(json.loads(text), name, directory=directory)   # <name>.tex beside it
    return path


_DIGIT_WORDS = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight",
                "Nine")


def macro_name(*keys) -> str:
    """The LaTeX macro name (letters only) of a value at the path ``keys``.

    The mapping, applied to each key (dict key or list position) and joined:

    1. accents are dropped (``é`` -> ``e``), other non-ASCII characters removed;
    2. the key is split into runs of letters and runs of digits; everything else
       (``_``, ``-``, ``.``, spaces, ``%``) separates runs;
    3. a run of letters keeps its letters with the first upper-cased (``nb`` -> ``Nb``,
       ``pValue`` -> ``PValue``, ``KS`` -> ``KS``);
    4. each digit becomes its English word (``L1`` -> ``LOne``, ``2024`` ->
       ``TwoZeroTwoFour``, list position 0 -> ``Zero``);
    5. a key with no letter or digit becomes ``X``.

    Distinct paths can map to one name (``n_obs`` and ``nObs``): :func:`save_value_macros`
    then appends ``B``, ``C``, ... to the later ones, in sorted order of the paths.

    Parameters
    ----------
    *keys : str or int
        The path of the value: the notebook name, then the keys down to the value.

    Returns
    -------
    str
        Letters only (a valid name for ``\newcommand``).

    Examples
    --------
    >>> from analysis.reporting import macro_name
    >>> macro_name("02-count-regressions", "nb", "us_L1", "estimate")
    'ZeroTwoCountRegressionsNbUsLOneEstimate'
    >>> macro_name("01-dataset", "n_events"), macro_name("x", "ks p-value", 0)
    ('ZeroOneDatasetNEvents', 'XKsPValueZero')
    """
    import unicodedata

    out = []
    for key in keys:
        text = unicodedata.normalize("NFKD", str(key)).encode("ascii", "ignore").decode()
        runs = re.findall(r"[A-Za-z]+|[0-9]+", text)
        part = ""
        for run in runs:
            if run.isdigit():
                part += "".join(_DIGIT_WORDS[int(d)] for d in run)
            else:
                part += run[0].upper() + run[1:]
        out.append(part or "X")
    return "".join(out)


def _macro_value(v) -> str:
    if v is None:
        return _MISSING
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return (r"\ensuremath{-}" if v < 0 else "") + str(abs(v))
    if isinstance(v, float):
        text = repr(abs(v)) if not v.is_integer() or abs(v) >= 1e15 else str(int(abs(v)))
        if "e" in text:
            mantissa, exponent = text.split("e")
            text = rf"\ensuremath{{{mantissa}\times 10^{{{int(exponent)}}}}}"
        return (r"\ensuremath{-}" if v < 0 else "") + text
    return latex_escape(v)


def _leaves(x, path=()):
    if isinstance(x, dict):
        for k in sorted(x, key=str):
            yield from _leaves(x[k], path + (str(k),))
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _leaves(v, path + (i,))
    else:
        yield path, x


def save_value_macros(values: dict, name: str, *, directory=None, prefix=None) -> Path:
    r"""Write the numbers of a values file as LaTeX macros: ``figures/values/<name>.tex``.

    Every value (each leaf of the nested dicts and lists) becomes one
    ``\newcommand{\<Name>}{<value>}``, preceded by a comment with its path in the
    values file, so a paper can ``\input{figures/values/02-count-regressions.tex}`` and
    write ``\ZeroTwoCountRegressionsNbUsLOneEstimate`` where it quotes the number; it
    then changes whenever the figures are rebuilt. :func:`save_values` calls this for
    every values file, with the numbers exactly as the JSON file states them.

    Macro names are letters only (LaTeX's rule): the prefix (the notebook name), then
    each key of the path, mapped by :func:`macro_name`; colliding names get ``B``,
    ``C``, ... appended in sorted order of their paths. Numbers are written as stated
    in the values file (negative signs and exponents in math mode), strings escaped,
    None as ``n/a``.

    Parameters
    ----------
    values : dict
        Nested dicts and lists of numbers, strings and None (a values file's content).
    name : str
        File stem, conventionally the notebook's name.
    directory : path-like, optional
        Folder holding ``values/`` (default :func:`figures_dir`).
    prefix : str, optional
        Prefix of every macro name (default: ``name``), mapped by :func:`macro_name`.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> from analysis.reporting import save_value_macros
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = save_value_macros({"n": 12, "rate": {"estimate": -0.25}}, "00-example",
    ...                              directory=tmp)
    ...     print(path.read_text())
    % Numbers quoted by 00-example (values/00-example.json), as LaTeX macros.
    % Generated by analysis.reporting.save_value_macros: do not edit.
    % n
    \newcommand{\ZeroZeroExampleN}{12}
    % rate.estimate
    \newcommand{\ZeroZeroExampleRateEstimate}{\ensuremath{-}0.25}
    <BLANKLINE>
    """
    if not isinstance(values, dict):
        raise TypeError(f"values must be a dict (a values file's content), got "
                        f"{type(values).__name__}")
    head = macro_name(name if prefix is None else prefix)
    lines = [f"% Numbers quoted by {latex_escape(name)} (values/{latex_escape(name)}.json), "
             "as LaTeX macros.",
             "% Generated by analysis.reporting.save_value_macros: do not edit."]
    taken: set = set()
    letters = "BCDEFGHIJKLMNOPQRSTUVWXYZ"
    for path, v in _leaves(values):
        base = head + macro_name(*path) if path else head
        macro, k = base, 0
        while macro in taken:                     # B, C, ..., Z, BB, CC, ...
            macro = base + letters[k % len(letters)] * (k // len(letters) + 1)
            k += 1
        taken.add(macro)
        where = ".".join(str(p) for p in path) or "(value)"
        lines.append("% " + where.replace("\n", " ").replace("\r", " "))
        lines.append(rf"\newcommand{{\{macro}}}{{{_macro_value(v)}}}")
    out_dir = figures_dir(directory) / "values"
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}.tex"
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------
# findings in prose, tables at sensible precision
# ---------------------------------------------------------------------------------------
class Prose(str):
    """Markdown text that Jupyter renders as Markdown (a ``str`` otherwise).

    A notebook builds its findings from the computed values, e.g.
    ``Prose(f"The median lag is {number(lag)} days.")``, so no number is typed.

    Examples
    --------
    >>> from analysis.reporting import Prose, number
    >>> Prose(f"**{number(2 / 3)}** of the days")
    '**0.667** of the days'
    """

    def _repr_markdown_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return str.__repr__(self)


def number(x, sig: int = 3) -> str:
    """A number at ``sig`` significant digits, without exponent for everyday sizes.

    Integers, whole floats and floats >= 10**sig print as whole numbers with thousands
    separators; values below 0.001 in scientific notation; NaN/None as ``n/a``.

    Parameters
    ----------
    x : float, int or None
    sig : int
        Significant digits.

    Returns
    -------
    str

    Examples
    --------
    >>> from analysis.reporting import number
    >>> [number(v) for v in (61.021099, 7.523611e-03, 1234.5, 12, 3.0, 0.000123, float("nan"))]
    ['61.0', '0.00752', '1,234', '12', '3', '1.2e-04', 'n/a']
    """
    if x is None or x is pd.NA:
        return _MISSING
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, (int, np.integer)):
        return f"{int(x):,}"
    try:
        x = float(x)
    except (TypeError, ValueError):
        return str(x)
    if not math.isfinite(x):
        return _MISSING if math.isnan(x) else str(x)
    a = abs(x)
    if a == 0:
        return "0"
    if a >= 10 ** sig or (x.is_integer() and a < 1e15):
        return f"{x:,.0f}"
    if a < 1e-3:
        return f"{x:.{max(sig - 2, 0)}e}" if sig > 2 else f"{x:.0e}"
    decimals = max(sig - 1 - int(math.floor(math.log10(a))), 0)
    return f"{x:.{decimals}f}"


def estimate(value, lower=None, upper=None, *, sig: int = 2, level: float = 0.95,
             interval: str = "CI") -> str:
    """An estimate with its interval in words: ``"0.23 (95% CI 0.12 to 0.41)"``.

    Parameters
    ----------
    value : float
    lower, upper : float, optional
        The interval; left out of the text when missing.
    sig : int
        Significant digits of the estimate (the bounds get the same decimals).
    level : float
        Coverage of the interval, for the label.
    interval : str
        Its name ("CI", "percentile interval", "bootstrap interval", ...).

    Returns
    -------
    str

    Examples
    --------
    >>> from analysis.reporting import estimate
    >>> estimate(0.2345, 0.1234, 0.4101)
    '0.23 (95% CI 0.12 to 0.41)'
    >>> estimate(3.0, 1.5, 6.25, sig=2, level=0.9, interval="bootstrap interval")
    '3.0 (90% bootstrap interval 1.5 to 6.2)'
    """
    v = float(value)
    bounds = [] if lower is None or upper is None else [float(lower), float(upper)]
    if not math.isfinite(v):
        return _MISSING
    ref = abs(v) or max([abs(b) for b in bounds if math.isfinite(b)] + [0.0])
    if ref == 0 or ref < 1e-3 or ref >= 1e6:
        fmt = (lambda x: number(x, sig))
    else:
        decimals = max(sig - 1 - int(math.floor(math.log10(ref))), 0)
        fmt = (lambda x: f"{x:,.{decimals}f}")
    text = fmt(v)
    if len(bounds) == 2 and math.isfinite(bounds[0]) and bounds[1] == math.inf:
        # a confidence limit the data do not give (e.g. beyond a parameter bound)
        return f"{text} ({100 * level:g}% {interval} {fmt(bounds[0])} to unbounded)"
    if len(bounds) < 2 or not all(math.isfinite(b) for b in bounds):
        return text
    return f"{text} ({100 * level:g}% {interval} {fmt(bounds[0])} to {fmt(bounds[1])})"


def pvalue(p) -> str:
    """A p-value as text: ``"p = 0.034"``, ``"p = 0.00035"``, ``"p < 0.0001"``.

    Examples
    --------
    >>> from analysis.reporting import pvalue
    >>> pvalue(0.0343), pvalue(0.00035007), pvalue(1e-9), pvalue(0.5)
    ('p = 0.034', 'p = 0.00035', 'p < 0.0001', 'p = 0.50')
    """
    p = float(p)
    if math.isnan(p):
        return "p = n/a"
    if p < 1e-4:
        return "p < 0.0001"
    return f"p = {p:.2g}" if p < 0.1 else f"p = {p:.2f}"


def format_table(df, sig: int = 3, *, decimals=None, percent=None, caption=None):
    """A table shown at sensible precision in Jupyter (a pandas ``Styler``).

    Floats get ``sig`` significant digits (:func:`number`), integers print whole,
    NaN shows as ``n/a``; the HTML is deterministic (its ids come from the table,
    not from a random uuid), so executed notebooks do not change between runs.

    Parameters
    ----------
    df : DataFrame or Series
    sig : int
        Significant digits of floats.
    decimals : dict, optional
        Column -> fixed number of decimals, overriding ``sig``.
    percent : list, optional
        Columns of shares (0-1) shown as percentages.
    caption : str, optional

    Returns
    -------
    pandas.io.formats.style.Styler
        ``.data`` is the unformatted table.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.reporting import format_table
    >>> t = format_table(pd.DataFrame({"rate": [61.021099, 7.523611e-03]}))
    >>> "61.0" in t.to_html() and "0.00752" in t.to_html()
    True
    """
    frame = df.to_frame() if isinstance(df, pd.Series) else df
    decimals = dict(decimals or {})
    percent = set(percent or [])

    def fmt_for(col):
        if col in percent:
            return lambda v: _MISSING if _is_missing(v) else f"{number(100 * float(v), sig)}%"
        if col in decimals:
            d = decimals[col]
            return lambda v: _MISSING if _is_missing(v) else (
                f"{v:,.{d}f}" if isinstance(v, (int, float, np.integer, np.floating))
                and not isinstance(v, (bool, np.bool_)) else str(v))
        return lambda v: number(v, sig) if isinstance(
            v, (int, float, np.integer, np.floating)) else (_MISSING if v is None else str(v))

    formats = {c: fmt_for(c) for c in frame.columns}
    # the id comes from the table as shown (digits past the displayed precision, which
    # differ between BLAS builds, must not change the executed notebook)
    shown = pd.DataFrame({i: frame.iloc[:, i].map(formats[c])
                          for i, c in enumerate(frame.columns)})
    shown.index = frame.index
    uid = f"t{zlib.crc32((shown.to_csv() + str(list(frame.columns))).encode()):08x}"
    styler = frame.style.format(formats).set_uuid(uid)
    if caption:
        styler = styler.set_caption(caption)
    return styler
