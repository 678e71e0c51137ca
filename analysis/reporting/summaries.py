"""Result summaries that render as text, HTML and LaTeX (``Summary``), side-by-side
columns (``summary_col``) and test results (``HypothesisTest``).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .formatting import (_MISSING, _fmt_number, _fmt_sig, _is_missing, _latex_float,
                         _slug, latex_escape, number)

__all__ = ["Summary", "HypothesisTest", "summary_col"]


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
