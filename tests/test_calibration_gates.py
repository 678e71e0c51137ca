"""Issue 18 (calib13): the Benjamini-Hochberg family without the p-values a notebook labels
not calibratable, and the size of notebook 04's goodness-of-fit gate (the median KS p over
jittered copies) measured in the jittered-ensemble calibration design."""

import json

import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from analysis import SpecificationError, save_values
from analysis.multiplicity import add_qvalues


# -- BH family without the not-calibratable p-values -----------------------------------
def _values():
    return {"main": {"us": {"negbin": {"granger_p": 0.001}, "poisson_pml": {"granger_p": 0.013}},
                     "militia": {"negbin": {"granger_p": 0.07},
                                 "poisson_pml": {"granger_p": 0.24}}},
            "hurdle": {"us": {"wald_p": 0.03}, "militia": {"wald_p": 0.6}},
            "by_window": {"w1": {"granger_p": 0.002}, "w2": {"granger_p": 0.75}}}


PRIMARY = ["main/us/poisson_pml/granger_p", "main/militia/negbin/granger_p"]
WHY = "shown as not calibratable: size not measurable (refits fail)"


def test_excluded_pvalue_keeps_its_value_gets_a_reason_and_leaves_the_family():
    out = add_qvalues(_values(), PRIMARY, exclude={"main/us/negbin/granger_p": WHY})
    nb = out["main"]["us"]["negbin"]
    assert nb["granger_p"] == 0.001                       # stays in the values file
    assert "granger_q" not in nb                          # no q-value, no NaN
    assert nb["granger_q_excluded"] == f"no BH q-value: left out of the family ({WHY})"
    # the other q-values are BH over the remaining family only (4 p-values, not 5)
    rest = [("main/militia/poisson_pml", 0.24), ("hurdle/us", 0.03), ("hurdle/militia", 0.6),
            ("by_window/w1", 0.002), ("by_window/w2", 0.75)]
    q = multipletests([p for _, p in rest], method="fdr_bh")[1]

    def qv(path):
        node = out
        for k in path.split("/"):
            node = node[k]
        return node.get("granger_q", node.get("wald_q"))
    np.testing.assert_allclose([qv(p) for p, _ in rest], q)
    assert out["multiplicity"]["n_adjusted"] == 5
    assert out["multiplicity"]["excluded"] == {"main/us/negbin/granger_p": WHY}
    # with it in the family, the smallest p-values' q-values differ (the family changed)
    full = add_qvalues(_values(), PRIMARY)
    assert full["multiplicity"]["n_adjusted"] == 6
    assert full["by_window"]["w1"]["granger_q"] != out["by_window"]["w1"]["granger_q"]


def test_exclude_errors_name_the_problem():
    with pytest.raises(SpecificationError, match="not in the values"):
        add_qvalues(_values(), PRIMARY, exclude={"main/us/negbin/nope_p": WHY})
    with pytest.raises(SpecificationError, match="primary"):
        add_qvalues(_values(), PRIMARY, exclude={PRIMARY[0]: WHY})
    with pytest.raises(SpecificationError, match="reason"):
        add_qvalues(_values(), PRIMARY, exclude={"main/us/negbin/granger_p": ""})
    with pytest.raises(SpecificationError, match="dict"):
        add_qvalues(_values(), PRIMARY, exclude=["main/us/negbin/granger_p"])


def test_save_values_passes_exclude(figures_tmp):
    path = save_values({"a": {"p": 0.01}, "b": {"p": 0.04}, "c": {"p": 0.02}}, "00-qx",
                       primary=[], exclude={"c/p": "not calibratable"})
    data = json.loads(path.read_text())
    assert data["a"]["q"] == 0.02 and data["b"]["q"] == 0.04
    assert "q" not in data["c"] and data["c"]["p"] == 0.02
    assert "not calibratable" in data["c"]["q_excluded"]
    with pytest.raises(SpecificationError, match="primary"):
        save_values({"a": {"p": 0.01}}, "00-qy", exclude={"a/p": "x"})
