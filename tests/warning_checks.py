"""Warning assertions that check the warning they mean, whatever else is raised.

``pytest.warns`` re-emits every *other* warning when its block ends, and the test
configuration turns the package's warnings into errors, so a test written as
``with pytest.warns(ExplosiveWarning)`` fails on a machine where the optimiser also
warns ``ConvergenceWarning`` first (issue 9). :func:`expect_warning` records every
warning in its block and asserts that one of them is the expected one; the others are
recorded, not raised.
"""

from __future__ import annotations

import re
import warnings
from contextlib import contextmanager


@contextmanager
def expect_warning(category, match: str | None = None):
    """Assert that the block warns ``category`` (message matching the regex ``match``).

    Yields the list of recorded warnings.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    hits = [w for w in caught if issubclass(w.category, category)
            and (match is None or re.search(match, str(w.message)))]
    if not hits:
        seen = [f"{w.category.__name__}: {w.message}" for w in caught]
        raise AssertionError(f"expected {category.__name__} matching {match!r}; "
                             f"warnings raised: {seen}")
