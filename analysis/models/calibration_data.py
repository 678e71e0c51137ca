"""The bundled cases' data as the regime study (``benchmarks/validate_regime.py``) fits
them, and their fingerprints (:func:`~analysis.models.calibration.data_fingerprint`):
one home for "which table was this measured on", used by the study to stamp its rows and
by :mod:`analysis.models.calibration_report` to compare them with the current data.
"""

from __future__ import annotations

import pandas as pd

from ..exceptions import SpecificationError
from .calibration.provenance import data_fingerprint

#: notebook 09's Red Sea case: window, the dyad of its models, the phases of its
#: self-exciting count model
RED_SEA = {"start": "2023-10-19", "end": "2025-05-31", "sides": ["houthi", "us_uk"],
           "phases": ["2025-01-19", "2025-03-15"]}

#: the bundled cases the regime study fits
CASES = ("iraq_syria", "red_sea")

_CACHE: dict = {}


def case_data(case: str = "iraq_syria"):
    """``(table, incidents, days)`` of a bundled case as the regime study models it:
    the whole incident table, the incidents modelled and their daily counts.

    ``iraq_syria``: the militia-US dyad (:func:`analysis.casestudy.dyad_incidents`),
    daily counts of the whole record (``window_counts()[("all", "all")]``).
    ``red_sea``: notebook 09's incidents (claim-only rows left out), every incident
    counting 1, over :data:`RED_SEA`'s window, columns houthi, us_uk, israel.
    """
    from ..data import load_incidents, to_counts
    if case == "iraq_syria":
        from ..casestudy import SIDES, WINDOWS, dyad_incidents, window
        table = load_incidents()
        dyad = window(dyad_incidents(table), "all")
        lo, hi = WINDOWS["all"]
        return table, dyad, to_counts(dyad, start=lo, end=hi, columns=SIDES)
    if case == "red_sea":
        table = load_incidents("red_sea")
        real = table[table["confirmation"] != "claimed"]
        days = to_counts(real, weight=lambda inc: pd.Series(1, index=inc.index,
                                                            dtype="int64"),
                         start=RED_SEA["start"], end=RED_SEA["end"],
                         columns=["houthi", "us_uk", "israel"])
        return table, real, days
    raise SpecificationError(f"case must be one of {list(CASES)}; got {case!r}")


def case_fingerprint(case: str = "iraq_syria") -> str:
    """The fingerprint of a bundled case's modelled daily series as the data stand now
    (:func:`~analysis.models.calibration.data_fingerprint`; computed once per process
    and data build)."""
    if case not in CASES:
        raise SpecificationError(f"case must be one of {list(CASES)}; got {case!r}")
    key = (case, _stamp(case))
    if key not in _CACHE:
        table, _, days = case_data(case)
        _CACHE[key] = data_fingerprint(days, len(table), name=case)
    return _CACHE[key]


def _stamp(case):
    """Modification time of the case's incident table (a rebuilt table is re-read)."""
    from ..data.bundled import _case_dir
    path = _case_dir(None if case == "iraq_syria" else case) / "incidents.csv"
    return path.stat().st_mtime_ns
