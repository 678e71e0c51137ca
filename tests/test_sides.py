"""Side labels in figure text."""
from analysis.sides import _with_article


def test_figure_labels_take_the_right_indefinite_article():
    assert _with_article("Iran-aligned militias") == "an Iran-aligned militias"
    assert _with_article("US forces") == "a US forces"          # a leading U is read "you"
    assert _with_article("Houthis") == "a Houthis"
    assert _with_article("Israel") == "an Israel"
