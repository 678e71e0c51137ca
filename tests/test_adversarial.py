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


def _read_fuzzed(src):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        return read_incidents(src, sides=SIDES, sources=SOURCES, today=TODAY,
                              errors="collect")


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


from hypothesis import HealthCheck, given, settings          # noqa: E402
from hypothesis import strategies as st                      # noqa: E402

import csv                                                    # noqa: E402
import io                                                     # noqa: E402

from adversarial import HEADER                                # noqa: E402


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(col=st.sampled_from(HEADER), row=st.integers(0, len(BASE) - 1),
       value=st.text(max_size=30), as_file=st.booleans())
def test_any_cell_gives_a_row_or_a_clear_error(tmp_path_factory, col, row, value, as_file):
    """Whatever text a cell holds, the read returns with every row accounted for, or
    raises a DataError; nothing from inside pandas, numpy or pyarrow reaches the user."""
    rows = [r[:] for r in BASE]
    rows[row][HEADER.index(col)] = value
    if as_file:       # every field quoted, so that a bare \r in a value stays in its field
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([HEADER] + rows)
        src = tmp_path_factory.mktemp("fuzz") / "t.csv"
        src.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))
    else:
        src = pd.DataFrame(rows, columns=HEADER)
    try:
        kept, rejected = _read_fuzzed(src)
    except DataError:
        return
    n_in = len(BASE)
    assert len(kept) + len(rejected) == n_in


# pyarrow prints an "exception ignored" when a ragged row is also not UTF-8 (it cannot
# decode the row for the handler); it then fails the read and the careful reader names the
# byte. The print is noise, not a problem of the read.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.binary(max_size=200), at=st.integers(0, 400))
def test_corrupt_bytes_give_rows_or_a_clear_error(tmp_path_factory, junk, at):
    """Bytes spliced into a valid file: a result or a DataError, never another exception;
    a result accounts for every record the reader saw."""
    data = "\n".join(",".join(r) for r in [HEADER] + BASE).encode() + b"\n"
    src = tmp_path_factory.mktemp("bytes") / "t.csv"
    src.write_bytes(data[:at] + junk + data[at:])
    try:
        kept, rejected = _read_fuzzed(src)
    except DataError:
        return
    assert len(set(rejected["row"])) == len(rejected)
    assert len(kept) + len(rejected) >= 1 or data[:at].count(b"\n") == 0
