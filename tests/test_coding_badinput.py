"""Bad input to the coder (issue 9): a missing or impossible publication date, a future
one, HTML character references, UTF-16 bytes, a text over the size limit."""

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import DataWarning, SpecificationError, code_report
from analysis.coding.dates import parse_published
from analysis.coding.extract import MAX_REPORT_CHARS

REPORT = ("أعلنت المقاومة الإسلامية في العراق اليوم الأحد أنها استهدفت قاعدة حرير في أربيل "
          "بطائرة مسيرة.")


def _key(d):
    return list(zip(d["side"], d["site_id"], d["date"].astype(str)))


@pytest.mark.parametrize("bad,msg", [(pd.NaT, "NaT"), (np.nan, "NaN"), (float("nan"), "NaN"),
                                     ("1850-01-01", "out of range"), (dt.date(1500, 1, 1), "out of range"),
                                     ("9999-12-31", "out of range")])
def test_published_missing_or_out_of_range_is_a_clear_error(bad, msg):
    with pytest.raises(SpecificationError, match=msg):
        code_report(REPORT, published=bad)


def test_future_published_warns_and_still_codes():
    today = dt.date.today()
    fut = today + dt.timedelta(days=30)
    with pytest.warns(DataWarning, match="in the future"):
        d = code_report(REPORT, published=fut)
    assert len(d) == 1
    assert parse_published("2024-01-07", today=dt.date(2024, 1, 1)) == dt.date(2024, 1, 7)
    with pytest.raises(ValueError, match="out of range"):
        parse_published("2026-01-07", today=dt.date(2024, 1, 1))


def test_html_entities_are_unescaped():
    html = REPORT.replace("المقاومة الإسلامية", "&quot;المقاومة الإسلامية&quot;").replace(
        "حرير", "&#1581;&#1585;&#1610;&#1585;")
    with pytest.warns(DataWarning, match="HTML"):
        d = code_report(html, published="2024-01-07")
    ref = code_report(REPORT, published="2024-01-07")
    assert _key(d) == _key(ref) and list(d["site_id"]) == ["harir"]
    assert "&quot;" not in d.attrs["text"]


@pytest.mark.parametrize("enc", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_bytes_are_decoded_and_named(enc):
    with pytest.warns(DataWarning, match="UTF-16"):
        d = code_report(REPORT.encode(enc), published="2024-01-07")
    assert _key(d) == _key(code_report(REPORT, published="2024-01-07"))


def test_broken_utf16_is_named():
    raw = b"\xff\xfe" + REPORT.encode("utf-16-le") + b"\x41"     # BOM, then an odd byte out
    with pytest.raises(SpecificationError, match="UTF-16"):
        code_report(raw, published="2024-01-07")


def test_size_limit_is_stated_and_enforced():
    assert MAX_REPORT_CHARS == 100_000
    big = (REPORT + "\n") * (MAX_REPORT_CHARS // len(REPORT) + 2)
    with pytest.raises(SpecificationError, match="max_chars=100,000"):
        code_report(big, published="2024-01-07")
    with pytest.raises(SpecificationError, match="max_chars"):
        code_report(big.encode("utf-8"), published="2024-01-07")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert len(code_report(REPORT * 3, published="2024-01-07", max_chars=1000)) >= 1
    with pytest.raises(SpecificationError, match="max_chars must be"):
        code_report(REPORT, max_chars=0)
