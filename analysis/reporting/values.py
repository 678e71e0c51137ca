"""Where figures go and the values files: every number a notebook quotes, with its
stated precision, as JSON and as LaTeX macros.
"""

from __future__ import annotations

import json
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths

from .formatting import _MISSING, latex_escape

__all__ = ["save_values", "save_value_macros", "macro_name", "figures_dir", "stated_unit"]


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
                significant: int = SIGNIFICANT, primary=None, exclude=None) -> Path:
    """Write the numbers a notebook quotes to ``figures/values/<name>.json``.

    Keys are sorted and floats are stated to ``significant`` (default 3) significant
    digits; an ``estimate`` with its ``lower``/``upper`` bounds is stated to one decimal
    place, that of the largest of the three. That is the precision the methods support:
    the sampling uncertainty of every estimate here is far above 0.1%, and digits
    beyond it differ between BLAS kernels and thread counts (flat likelihoods of sparse
    data). So the file is byte-identical across reruns and across machines, and
    ``tests/test_reproducibility.py`` checks the notebooks' headline numbers against it
    under several BLAS configurations.

    Every reported test or interval of a bundled notebook whose size or coverage,
    measured in the data's regime, is out of band gets ``<key>_measured_size`` or
    ``<key>_measured_coverage`` beside it (:func:`analysis.label_values`).

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
    exclude : dict, optional
        With ``primary``: ``{path: reason}`` of p-values left out of the
        Benjamini-Hochberg family (e.g. labelled not calibratable); they get
        ``<name>_q_excluded`` with the reason instead of a q-value.

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
        from ..multiplicity import add_qvalues
        values = add_qvalues(values, primary, exclude=exclude)
    elif exclude:
        from ..exceptions import SpecificationError
        raise SpecificationError("exclude= leaves p-values out of the Benjamini-Hochberg "
                                 "family: it needs primary= (a list, may be empty)")
    from ..models.calibration_report import label_values   # measured size/coverage beside
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
