"""The adversarial corpus (tests/adversarial.py): every bad or edge-case input to
read_incidents has the outcome it must have, and nothing is lost."""

import re
import warnings

import pandas as pd
import pytest

from analysis import DataError, SpecificationError, read_incidents
from analysis.exceptions import DataWarning

from adversarial import BASE, CASES, SIDES, SOURCES, TODAY


def _read(src, case, errors):
    kw = {"sides": SIDES, "sources": SOURCES, "today": TODAY, "errors": errors, **case.kwargs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)   # defaults are announced; not the point here
        return read_incidents(src, **kw)


def test_corpus_names_are_unique():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len(CASES) >= 90


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, tmp_path):
    src = case.make(tmp_path)
    n_in = len(BASE) if case.n_rows is None else case.n_rows
    if case.outcome == "error":
        with pytest.raises(DataError, match=case.match):
            _read(src, case, "collect")
        return
    if case.outcome == "spec":
        with pytest.raises(SpecificationError, match=case.match):
            _read(src, case, "collect")
        return
    kept, rejected = _read(src, case, "collect")
    assert len(kept) + len(rejected) == n_in            # the row accounting
    if case.outcome == "ok":
        assert len(rejected) == 0, rejected["reason"].tolist()
        if case.check is not None:
            assert case.check(kept)
        again = _read(src, case, "raise")
        pd.testing.assert_frame_equal(again, kept)
        return
    assert case.outcome == "reject"
    assert tuple(rejected["row"]) == case.rows, rejected[["row", "reason"]].to_dict("records")
    for r in rejected["reason"]:
        assert re.search(case.match, r), r
    with pytest.raises(DataError, match=case.match) as ei:
        _read(src, case, "raise")
    e = ei.value
    assert e.row == case.rows[0]
    if hasattr(src, "suffix"):
        assert str(src) in str(e)
