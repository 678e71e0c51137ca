"""Which reported numbers are calibrated: the inventory of the tests and intervals the
bundled notebooks report, each with its size or coverage measured in the data's regime.

The data-calibrated Monte Carlo of ``benchmarks/validate_regime.py`` (``make validate``)
measures the empirical size of tests and the coverage of intervals in simulations
calibrated to the bundled case (table :data:`~analysis.models.calibration.REGIME_RESULTS`).
This module maps every test and 95% interval that notebooks 02-05 (and 09-11) write to
their values files onto the row of that table that measures it (:data:`REPORTED`, whose
entries live in :mod:`analysis.models.calibration_registry`), so

* :func:`calibration_report` prints, for one notebook, each reported test and interval
  with its method, its measured size or coverage before and after the repairs of
  issue 18, and whether it is in the band (size 3-7% at 5%, coverage 93-97% at 95%),
  out of band (then labelled) or not measured;
* :func:`label_values` (called by :func:`analysis.save_values`) writes the measured
  value beside every reported number whose measurement is out of band:
  ``<key>_measured_size`` beside a p-value, ``<key>_measured_coverage`` beside an
  interval (3 significant digits, as every value);
* :func:`measured_label` gives the short phrase for one reported number ("measured
  coverage 78%"), for a sentence in a notebook.

A number with no measurement is listed as "not measured" with the reason (usually: a
bootstrap inside every Monte-Carlo replicate costs more than the machine time of the
study). The inventory is about the bundled case; for your own data run
:func:`analysis.calibrate` on your fits.
"""

from __future__ import annotations

import fnmatch
import warnings
from pathlib import Path

import pandas as pd

from ..exceptions import AnalysisWarning, SpecificationError
from ..reporting import Summary
from .calibration import COVERAGE_BAND, REGIME_RESULTS, SIZE_BAND
from .calibration_registry import REPORTED, ReportedNumber

__all__ = ["REPORTED", "ReportedNumber", "calibration_report", "reported_inference",
           "label_values", "measured_label"]



#: Top-level key of a values file: {pattern: reason} of the reported numbers without a
#: measurement.
NOT_MEASURED_KEY = "calibration_not_measured"

#: Top-level key of a values file: {pattern: data note} of the reported numbers whose
#: measurement was made on an older build of the data than the current one.
OLDER_DATA_KEY = "calibration_measured_on_older_data"

#: Status of a reported range that makes no sampling claim (e.g. bounds over the
#: unknown within-day order): not a test or interval, so neither measured nor not.
NO_CLAIM = "no sampling claim"

#: Top-level key of a values file: {pattern: reason} of the reported ranges that make no
#: sampling claim (listed apart from the unmeasured ones).
NO_CLAIM_KEY = "calibration_no_sampling_claim"

#: suffixes of the measured size / coverage that :func:`label_values` writes beside a number
MEASURED_SUFFIXES = ("_measured_size", "_measured_coverage")

#: Status of a reported number whose size or coverage cannot be measured in the data's
#: regime (its refits fail in data simulated like the data): stated next to the number.
NOT_MEASURABLE = "not measurable: stated"

#: Suffix of the label :func:`label_values` writes beside a number that is not
#: measurable (``<key>_calibration``: the reason, starting "not measurable").
NOT_MEASURABLE_SUFFIX = "_calibration"

#: Top-level key of a values file: {pattern: reason} of the reported numbers that are not
#: measurable (listed apart from those not measured for lack of machine time).
NOT_MEASURABLE_KEY = "calibration_not_measurable"

_TABLE_CACHE: dict = {}


def _table(path=None) -> pd.DataFrame | None:
    path = Path(path) if path is not None else REGIME_RESULTS
    if not path.is_file():
        return None
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _TABLE_CACHE:
        _TABLE_CACHE.clear()
        _TABLE_CACHE[key] = pd.read_csv(path)
    return _TABLE_CACHE[key]


def _lookup(table, ref, version):
    """The row measuring ``ref = (study, quantity[, version])``: the given version if
    the table has it, else the latest run."""
    if ref is None or table is None:
        return None
    study, quantity = ref[0], ref[1]
    version = ref[2] if len(ref) > 2 else version
    rows = table[(table["study"] == study) & (table["quantity"] == quantity)]
    if rows.empty:
        return None
    exact = rows[rows["version"] == version]
    if not exact.empty:
        return exact.iloc[-1]
    order = rows["version"].map({"before": 0, "after": 1})
    return rows.iloc[int(order.to_numpy().argmax())]


def _note(r, table, row) -> str:
    """The entry's note; where it names a design whose rows the table does not have
    (not run yet), says so first: the note describes the design, not a result."""
    if table is None:
        return r.note or "no regime table (run make validate)"
    if row is None and r.after is not None:
        return (f"not run: design {r.after[0]} is defined in benchmarks/validate_regime.py "
                f"but has no rows in the table (machine time); when run: {r.note}")
    return r.note


def _in_band(row, band) -> bool:
    e = float(row["empirical"])
    if row["kind"] == "coverage":
        return COVERAGE_BAND[0] <= e <= COVERAGE_BAND[1]
    if band == "at most":
        return e <= float(row["nominal"])
    return SIZE_BAND[0] <= e <= SIZE_BAND[1]


def _data_note(row) -> str:
    """``""`` for a row measured on the current data (its ``data`` fingerprint equals the
    bundled case's now, :func:`~analysis.models.calibration_data.case_fingerprint`),
    else the one wording for "measured on an older table", e.g. ``"older data table: 572
    incidents; now 677"``. A table without the ``data`` column (written before it
    existed, or by hand) is not compared: ``""``."""
    import re
    from .calibration_data import case_fingerprint
    if "data" not in row.index:
        return ""
    data = "" if pd.isna(row["data"]) else str(row["data"])
    m = re.search(r"(\w+): (\d+) incidents", data)
    try:
        now = case_fingerprint(m.group(1) if m else "iraq_syria")
    except (OSError, SpecificationError, ValueError):   # no bundled data (installed copy)
        return "data of the measurement not compared (no bundled data)"
    if data == now:
        return ""
    was = f"{m.group(2)} incidents" if m else "table not recorded"
    was += "" if not m or data.startswith(m.group(1)) else " (inferred from its commit)"
    n_now = re.search(r"(\d+) incidents", now).group(1)
    return f"older data table: {was}; now {n_now}"


def _fmt(row) -> str:
    if row is None:
        return "not measured"
    return (f"{100 * row['empirical']:.1f}% ({100 * row['mc_se']:.1f}; "
            f"n={int(row['n'])})")


def _notebooks():
    return sorted({r.notebook for r in REPORTED})


def _check_notebook(notebook):
    nb = str(notebook).removesuffix(".ipynb").removesuffix(".json")
    if nb not in _notebooks():
        raise SpecificationError(f"notebook {notebook!r} has no reported inference in the "
                                 f"inventory; notebooks: {_notebooks()}")
    return nb


def reported_inference(notebook, *, path=None) -> pd.DataFrame:
    """The inventory of one notebook's reported tests and intervals, with their
    measured size or coverage.

    Parameters
    ----------
    notebook : str
        Notebook name, e.g. ``"02-count-regressions"`` (``.ipynb`` may be given).
    path : str or Path, optional
        Another regime table (default :data:`~analysis.models.calibration.REGIME_RESULTS`).

    Returns
    -------
    DataFrame
        One row per reported number (patterns of values keys): ``key``, ``quantity``,
        ``kind``, ``method``, ``measured_as`` (the table row), ``before``, ``after``
        (size or coverage, MC s.e. in brackets), ``empirical`` (after, a float or NaN),
        ``status`` (``"in band"``, ``"out of band"``, ``"not measured"``, ``"not
        measurable: stated"`` (``NOT_MEASURABLE``: refits fail in data like these,
        said next to the number), or ``"no sampling claim"`` for a reported range that
        is not a confidence interval, e.g. bounds over the unknown within-day order) and
        ``note``.

    Raises
    ------
    SpecificationError
        A notebook without entries (the message lists those with entries).
    """
    nb = _check_notebook(notebook)
    table = _table(path)
    rows = []
    for r in REPORTED:
        if r.notebook != nb:
            continue
        after = _lookup(table, r.after, "after")
        before = _lookup(table, r.before, "before")
        status = (NO_CLAIM if r.kind == "bounds" else NOT_MEASURABLE if r.unmeasurable
                  else "not measured" if after is None
                  else "in band" if _in_band(after, r.band) else "out of band")
        rows.append({"key": r.key, "quantity": r.label, "kind": r.kind, "method": r.method,
                     "measured_as": "" if r.after is None else f"{r.after[0]}: {r.after[1]}",
                     "before": NO_CLAIM if r.kind == "bounds" else _fmt(before),
                     "after": NO_CLAIM if r.kind == "bounds" else "not measurable"
                     if r.unmeasurable else _fmt(after),
                     "data": "" if after is None else (_data_note(after) or "current"),
                     "empirical": float("nan") if after is None else float(after["empirical"]),
                     "status": status, "note": "; ".join(
                         x for x in (r.unmeasurable, _note(r, table, after)) if x)})
    return pd.DataFrame(rows)


def calibration_report(notebook, *, path=None) -> Summary:
    """The size or coverage, measured in the data's regime, of every test and interval
    a notebook reports: the table a methods referee asks for.

    Parameters
    ----------
    notebook : str
        Notebook name, e.g. ``"02-count-regressions"``.
    path : str or Path, optional
        Another regime table (default :data:`~analysis.models.calibration.REGIME_RESULTS`).

    Returns
    -------
    Summary
        Facts (how many reported numbers are in band, out of band and labelled, not
        measured, or make no sampling claim) and the table of :func:`reported_inference` (prints as text, renders
        as HTML in Jupyter).

    Examples
    --------
    >>> from analysis import calibration_report
    >>> print(calibration_report("02-count-regressions"))   # doctest: +SKIP
    """
    inv = reported_inference(notebook, path=path)
    counts = inv["status"].value_counts()
    info = [("Notebook", _check_notebook(notebook)),
            ("Reported tests and intervals (patterns)", len(inv)),
            ("In band", int(counts.get("in band", 0))),
            ("Out of band (measured value beside them in the values file)",
             int(counts.get("out of band", 0))),
            ("Not measured", int(counts.get("not measured", 0))),
            ("Not measurable (refits fail in data like these; said next to the number)",
             int(counts.get(NOT_MEASURABLE, 0))),
            ("No sampling claim (bounds over orders, not intervals: nothing to "
             "calibrate)", int(counts.get(NO_CLAIM, 0))),
            ("Measured on an older data table than the current one",
             int(((inv["data"] != "current") & (inv["data"] != "")).sum())),
            ("Table", "benchmarks/results/validate_regime.csv (make validate)")]
    shown = inv[["quantity", "method", "before", "after", "status", "data", "note"]].copy()
    shown.index = inv["key"]
    notes = ["Size: share of simulated data sets where the test rejects at 5% while its "
             "null holds (band 3-7%); coverage: share of 95% intervals containing the "
             "simulated value (band 93-97%). MC s.e. and replications in brackets. "
             "Before: the method the notebook reported before issue 18; after: now. "
             "Data: 'current' where the measurement was made on the data as they stand, "
             "else the older table it was made on.",
             "Out-of-band numbers carry '<key>_measured_size' or "
             "'<key>_measured_coverage' beside them in the values file; numbers that are "
             "not measurable carry '<key>_calibration' with the reason."]
    return Summary(f"Calibration of the reported inference: {info[0][1]}", info,
                   [("Reported tests and intervals", shown)], notes)


def _split(key):
    return key.split("/")


def _match(pattern, parts):
    # "*" matches one key; "[" is literal (keys such as "a[us<-militia]")
    pat = [q.replace("[", "[[]") for q in _split(pattern)]
    return len(pat) == len(parts) and all(fnmatch.fnmatchcase(p, q)
                                          for p, q in zip(parts, pat))


def _walk(d, parts=()):
    if isinstance(d, dict):
        for k, v in d.items():
            yield parts + (str(k),), d, k
            yield from _walk(v, parts + (str(k),))


def label_values(values: dict, name: str, *, path=None) -> dict:
    """Write the measured size or coverage beside every out-of-band reported number.

    For each key of ``values`` that the inventory (:data:`REPORTED`) maps to a
    measurement outside the band, adds ``<key>_measured_size`` (tests) or
    ``<key>_measured_coverage`` (intervals) to the same dict, the empirical value as a
    fraction (numbers in band get nothing). The first inventory entry matching a key decides (specific entries come
    before patterns). :func:`analysis.save_values` calls it for every values file.

    Parameters
    ----------
    values : dict
        The nested values of a notebook (not modified; a copy is returned).
    name : str
        The values file's name (the notebook's name); names without inventory entries
        are returned unchanged.
    path : str or Path, optional
        Another regime table.

    Returns
    -------
    dict
        A copy of ``values`` with the labels added, and under ``NOT_MEASURED_KEY``
        (``"calibration_not_measured"``) the inventory patterns of the reported numbers
        that the study does not measure, each with the reason (``{pattern: reason}``;
        :func:`calibration_report` prints the same table), and under ``OLDER_DATA_KEY``
        (``"calibration_measured_on_older_data"``) those whose measurement was made
        on an older build of the data (``{pattern: which table}``). A number whose
        size or coverage is not measurable in this regime (refits fail in data like
        these) gets ``<key>_calibration`` beside it, the reason starting "not
        measurable", and its pattern is listed under ``NOT_MEASURABLE_KEY``
        (``"calibration_not_measurable"``).

    Warns
    -----
    AnalysisWarning
        The notebook has inventory entries but the regime table is missing (an
        installed package without ``benchmarks/``): nothing is labelled.
    """
    entries = [r for r in REPORTED if r.notebook == name]
    if not entries or not isinstance(values, dict):
        return values
    table = _table(path)
    if table is None:
        warnings.warn(f"no calibration table at {REGIME_RESULTS}: the reported numbers of "
                      f"{name} are not labelled with their measured size/coverage "
                      "(run `make validate` in a source checkout)", AnalysisWarning,
                      stacklevel=2)
        return values
    import copy
    out = copy.deepcopy(values)
    labels, unmeasured, older, no_claim, unmeasurable = [], {}, {}, {}, {}
    for parts, parent, k in _walk(out):
        for r in entries:
            if _match(r.key, parts):
                if r.kind == "bounds":
                    no_claim.setdefault(r.key, r.note)
                    break
                if r.unmeasurable:
                    unmeasurable.setdefault(r.key, r.unmeasurable)
                    labels.append((parent, f"{k}{NOT_MEASURABLE_SUFFIX}", r.unmeasurable))
                    break
                row = _lookup(table, r.after, "after")
                if row is None:
                    unmeasured.setdefault(r.key, _note(r, table, row)
                                          or "not in the regime study")
                    break
                if _data_note(row):
                    older.setdefault(r.key, _data_note(row))
                if not _in_band(row, r.band):
                    suffix = MEASURED_SUFFIXES[0] if r.kind == "test" else MEASURED_SUFFIXES[1]
                    labels.append((parent, f"{k}{suffix}", float(row["empirical"])))
                break
    for parent, k, v in labels:
        parent[k] = v
    if unmeasured:
        out[NOT_MEASURED_KEY] = unmeasured
    if older:
        out[OLDER_DATA_KEY] = older
    if no_claim:
        out[NO_CLAIM_KEY] = no_claim
    if unmeasurable:
        out[NOT_MEASURABLE_KEY] = unmeasurable
    return out


def measured_label(notebook, key, *, path=None, always=False) -> str:
    """The measured size or coverage of one reported number as a short phrase.

    Parameters
    ----------
    notebook : str
        Notebook name, e.g. ``"02-count-regressions"``.
    key : str
        The number's path in the values file (keys joined by ``/``), e.g.
        ``"main/us/poisson_pml/granger_p"``.
    path : str or Path, optional
        Another regime table.
    always : bool
        Also phrase measurements within the band (default: ``""`` for them).

    Returns
    -------
    str
        E.g. ``"measured size 7.8%"`` or ``"measured coverage 78%"`` (two significant
        digits), followed, where the measurement was made on an older build of the data,
        by which, e.g. ``"measured size 7.8% (older data table: 572 incidents; now
        677)"``; ``"coverage not measured in this regime"`` where the inventory has no
        measurement; ``"not calibratable: size not measurable: ..."`` (with the reason)
        where refits fail in data like these; ``""`` for an in-band number unless
        ``always``.

    Raises
    ------
    SpecificationError
        The key matches no inventory entry of the notebook.
    """
    nb = _check_notebook(notebook)
    parts = _split(key)
    for r in REPORTED:
        if r.notebook == nb and _match(r.key, parts):
            if r.kind == "bounds":
                return "bounds, not a confidence interval: no sampling claim"
            what = "size" if r.kind == "test" else "coverage"
            if r.unmeasurable:
                return f"not calibratable: {what} {r.unmeasurable}"
            row = _lookup(_table(path), r.after, "after")
            if row is None:
                return f"{what} not measured in this regime"
            if _in_band(row, r.band) and not always:
                return ""
            e = 100 * float(row["empirical"])
            lab = f"measured {what} {e:.2g}%" if e >= 10 else f"measured {what} {e:.1f}%"
            older = _data_note(row)
            return f"{lab} ({older})" if older else lab
    raise SpecificationError(f"{key!r} matches no reported test or interval of {nb}; "
                             f"entries: {[r.key for r in REPORTED if r.notebook == nb]}")
