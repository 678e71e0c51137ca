"""The lag design of the count regressions: lag windows, their names and transforms, and
the separation check.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import EstimationError, SpecificationError
from .. import _discrete as _d


LAG_TRANSFORMS = ("log1p", "identity", "indicator")
_TRANSFORMS = {"log1p": np.log1p, "identity": lambda v: v,
               "indicator": lambda v: (v > 0).astype(float)}


def _label(stamp):
    return str(stamp.date()) if isinstance(stamp, pd.Timestamp) else str(stamp)


def _lag_windows(lags):
    """``lags`` as a list of (first, last) lag windows."""
    if isinstance(lags, (int, np.integer)) and not isinstance(lags, bool):
        L = _d.check_positive_int("lags", lags)
        return [(l, l) for l in range(1, L + 1)]
    try:
        windows = [(int(a), int(b)) for a, b in lags]
    except (TypeError, ValueError):
        raise SpecificationError(
            f"lags must be an integer L >= 1 (lags 1..L) or a list of (first, last) lag "
            f"windows such as [(1, 1), (2, 3), (4, 7)], got {lags!r}") from None
    if not windows:
        raise SpecificationError("lags is an empty list of windows")
    prev = 0
    for a, b in windows:
        if a < 1 or b < a or a <= prev:
            raise SpecificationError(
                f"lag windows must be sorted, non-overlapping (first, last) pairs with "
                f"1 <= first <= last, got {windows}")
        prev = b
    return windows


def _window_name(side, a, b):
    return f"{side}.L{a}" if a == b else f"{side}.L{a}-{b}"


def _window_block(values, names, windows):
    """Sums of each side's counts over each lag window, rows L..n-1."""
    n = values.shape[0]
    L = windows[-1][1]
    cols, labels = [], []
    for j, side in enumerate(names):
        for a, b in windows:
            cols.append(sum(values[L - l:n - l, j] for l in range(a, b + 1)))
            labels.append(_window_name(side, a, b))
    return np.column_stack(cols), labels


def _check_separation(X, names, y, response, family):
    """A non-negative regressor that is positive only on days without events sends its
    coefficient to minus infinity: the likelihood has no maximum."""
    bad = []
    for j, name in enumerate(names):
        col = X[:, j]
        if name == "const" or np.any(col < 0) or np.all(col == col[0]):
            continue
        on = col > 0
        if on.any() and y[on].sum() == 0:
            bad.append(f"{name} ({int(on.sum())} periods)")
    if bad:
        raise EstimationError(
            f"{response!r} has no events in any period where {', '.join(bad)} is positive, "
            "so that coefficient runs to minus infinity (separation) and the "
            f"{family} fit has no maximum. Use fewer lags, wider lag windows (e.g. "
            "lags=[(1, 3), (4, 7)]), weekly counts, or a longer window")
