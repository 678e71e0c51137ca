"""Which data a regime measurement was fitted on (issue 18, calib7): the fingerprint of
the modelled daily series, its stamp on every row of the regime table, and the report's
wording where a measurement comes from an older table (small designs)."""

import re

import pandas as pd
import pytest

from analysis import SpecificationError, data_fingerprint
from analysis.models.calibration_data import case_data, case_fingerprint
from analysis.models.calibration_report import (OLDER_DATA_KEY, label_values,
                                                measured_label, reported_inference)
from test_calibration_report import _regime_script

NB = "02-count-regressions"
KEY_TEST = "main/us/poisson_pml/granger_p"
KEY_INTERVAL = "main/militia/negbin/response_7d"


def _days(values):
    return pd.DataFrame({"a": values, "b": [0] * len(values)},
                        index=pd.date_range("2024-01-01", periods=len(values)))


def test_fingerprint_names_the_table_and_changes_with_any_day():
    fp = data_fingerprint(_days([0, 2, 1, 0]), 3, name="toy")
    assert re.fullmatch(r"toy: 3 incidents, daily series [0-9a-f]{8}", fp)
    assert data_fingerprint(_days([0, 2, 1, 0]), 3, name="toy") == fp
    assert data_fingerprint(_days([0, 2, 1, 1]), 3, name="toy") != fp      # one day
    assert data_fingerprint(_days([0, 2, 1, 0]).astype(float), 3, name="toy") == fp
    shifted = _days([0, 2, 1, 0]).set_axis(pd.date_range("2024-01-02", periods=4))
    assert data_fingerprint(shifted, 3, name="toy") != fp                 # other dates


@pytest.mark.parametrize("counts, n, match", [
    (pd.DataFrame(), 1, "non-empty"),
    (pd.DataFrame({"a": [1, 2]}), 1, "date index"),
    (_days([1.0, None]), 1, "missing"),
    (_days([1.5, 2.0]), 1, "whole numbers"),
    (_days([1, 2]), -1, "n_incidents"),
    (_days([1, 2]), 2.0, "n_incidents"),
])
def test_fingerprint_refuses_what_is_not_a_count_series(counts, n, match):
    with pytest.raises(SpecificationError, match=match):
        data_fingerprint(counts, n)


def test_bundled_case_fingerprint_is_that_of_its_modelled_series():
    table, dyad, days = case_data("iraq_syria")
    assert case_fingerprint("iraq_syria") == data_fingerprint(days, len(table),
                                                              name="iraq_syria")
    assert list(days.columns) == ["militia", "us"] and len(dyad) <= len(table)
    with pytest.raises(SpecificationError, match="case must be one of"):
        case_fingerprint("atlantis")


@pytest.fixture()
def table(tmp_path):
    now = case_fingerprint("iraq_syria")
    n_now = re.search(r"(\d+) incidents", now).group(1)
    rows = [("pml_null", "granger[us<-militia] score bootstrap", "size", 0.05, 0.078, now),
            ("nb_fit", "response_7d[militia<-us]", "coverage", 0.95, 0.92,
             "iraq_syria: 572 incidents, daily series 16eaeed7"),
            ("nb_ch_null", "granger[militia<-us] score bootstrap", "size", 0.05, 0.056,
             "not recorded; commit abc1234 held iraq_syria: 578 incidents, daily series "
             "f6d260cf")]
    t = pd.DataFrame([{"study": s, "version": "after", "quantity": q, "kind": k,
                       "nominal": nom, "empirical": e, "mc_se": 0.01, "n": 500, "data": d}
                      for s, q, k, nom, e, d in rows])
    path = tmp_path / "regime.csv"
    t.to_csv(path, index=False)
    return path, n_now


def test_report_says_which_measurements_come_from_an_older_table(table):
    path, n_now = table
    assert measured_label(NB, KEY_TEST, path=path) == "measured size 7.8%"   # current data
    assert measured_label(NB, KEY_INTERVAL, path=path) == \
        f"measured coverage 92% (older data table: 572 incidents; now {n_now})"
    assert measured_label(NB, "main/militia/negbin/granger_p", path=path) == ""  # in band
    assert measured_label(NB, "main/militia/negbin/granger_p", path=path, always=True) == \
        f"measured size 5.6% (older data table: 578 incidents (inferred from its commit); " \
        f"now {n_now})"
    inv = reported_inference(NB, path=path).set_index("key")
    assert inv.loc[KEY_TEST, "data"] == "current"
    assert inv.loc[KEY_INTERVAL, "data"].startswith("older data table: 572 incidents")
    assert inv.loc["main/us/negbin/granger_p", "data"] == ""              # not measured
    values = {"main": {"us": {"poisson_pml": {"granger_p": 0.01}},
                       "militia": {"negbin": {"response_7d": 0.2, "granger_p": 0.3}}}}
    out = label_values(values, NB, path=path)
    assert out["main"]["militia"]["negbin"]["response_7d_measured_coverage"] == 0.92
    older = out[OLDER_DATA_KEY]
    assert set(older) == {KEY_INTERVAL, "main/militia/negbin/granger_p"}   # not KEY_TEST
    assert older[KEY_INTERVAL] == f"older data table: 572 incidents; now {n_now}"


def test_regime_study_stamps_its_rows_with_the_data_it_fitted(tmp_path):
    V = _regime_script()
    assert V.case_of("det_redsea_null") == "red_sea"
    assert V.case_of("pml_fit") == "iraq_syria"
    # a row of an earlier run without the column is kept and marked, not guessed
    pd.DataFrame([{"study": "nb_fit", "version": "after", "family": "counts", "fit": "x",
                   "design": "fit", "quantity": "coef[us.L1]", "kind": "coverage",
                   "nominal": 0.95, "empirical": 0.9, "mc_se": 0.01, "n": 10,
                   "undefined": 0, "miss_below": 0.05, "miss_above": 0.05,
                   "mean_width": 1.0, "within_band": False, "n_sim": 10, "n_failed": 0}]
                 ).to_csv(tmp_path / "validate_regime.csv", index=False)
    V.run(["pml_fit"], {"default": 2}, 1, V.SEED, "after", tmp_path)
    t = pd.read_csv(tmp_path / "validate_regime.csv")
    assert set(t.loc[t["study"] == "pml_fit", "data"]) == {case_fingerprint("iraq_syria")}
    assert set(t.loc[t["study"] == "nb_fit", "data"]) == {V.NOT_RECORDED}
    md = (tmp_path / "validate_regime.md").read_text()
    assert f"Data: {case_fingerprint('iraq_syria')}." in md
