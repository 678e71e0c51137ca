"""Which data a calibration was fitted on: a short, reproducible fingerprint of the
modelled daily series, written beside every row of a regime table so that a reader (or
:mod:`analysis.models.calibration_report`) can tell a measurement made on the current
data from one made on an older build of the table.
"""

from __future__ import annotations

import hashlib
import numbers

import pandas as pd

from ...exceptions import SpecificationError

__all__ = ["data_fingerprint"]


def data_fingerprint(counts: pd.DataFrame, n_incidents: int, *, name: str = "data") -> str:
    """A short fingerprint of the data a design was fitted on.

    The text names the data (``name``), the number of incidents of the table the
    counts were built from, and the first 8 hex digits of the SHA-256 of the modelled
    daily series (dates, column names and counts, written as CSV text: the same
    series gives the same hash on any machine; any changed day changes it).

    Parameters
    ----------
    counts : DataFrame
        The modelled count series (e.g. :func:`analysis.to_counts`): a date index and
        one integer column per side.
    n_incidents : int
        Rows of the incident table the counts come from (e.g. ``len(load_incidents())``).
    name : str
        What the data are (e.g. the bundled case's name, ``"iraq_syria"``).

    Returns
    -------
    str
        ``"<name>: <n_incidents> incidents, daily series <hash>"``, e.g.
        ``"iraq_syria: 677 incidents, daily series 3f9a1c2e"``.

    Raises
    ------
    SpecificationError
        ``counts`` is not a non-empty DataFrame with a date index, holds missing or
        non-integer counts, or ``n_incidents`` is not a non-negative integer.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.models.calibration import data_fingerprint
    >>> days = pd.DataFrame({"a": [0, 2, 1]}, index=pd.date_range("2024-01-01", periods=3))
    >>> data_fingerprint(days, 3, name="toy")
    'toy: 3 incidents, daily series 2682bf97'
    """
    if not isinstance(counts, pd.DataFrame) or counts.empty:
        raise SpecificationError(f"counts must be a non-empty DataFrame of daily counts; "
                                 f"got {type(counts).__name__}"
                                 + (" (empty)" if isinstance(counts, pd.DataFrame) else ""))
    if not isinstance(counts.index, pd.DatetimeIndex):
        raise SpecificationError(f"counts must have a date index; got "
                                 f"{type(counts.index).__name__}")
    if (isinstance(n_incidents, bool) or not isinstance(n_incidents, numbers.Integral)
            or n_incidents < 0):
        raise SpecificationError(f"n_incidents must be a non-negative integer; got "
                                 f"{n_incidents!r}")
    values = counts.to_numpy()
    if pd.isna(values).any():
        bad = counts.columns[pd.isna(counts).any()].tolist()
        raise SpecificationError(f"counts hold missing values (columns {bad}): a "
                                 "fingerprint needs the complete series")
    try:
        as_int = counts.astype("int64")
    except (TypeError, ValueError) as e:
        raise SpecificationError(f"counts must be integers: {e}") from None
    if not (as_int.to_numpy() == values).all():
        raise SpecificationError("counts must be whole numbers (a daily count series)")
    text = as_int.to_csv(date_format="%Y-%m-%d", lineterminator="\n")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return f"{name}: {int(n_incidents)} incidents, daily series {digest}"
