"""Numbers in words and tables: significant digits, LaTeX escaping, the prose helpers
``number``, ``estimate``, ``pvalue`` and ``format_table``.
"""

from __future__ import annotations

import math
import re
import zlib

import numpy as np
import pandas as pd

__all__ = ["latex_escape", "Prose", "number", "estimate", "pvalue", "format_table"]


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
