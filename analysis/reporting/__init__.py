"""Shared result rendering: model summaries (text, HTML, LaTeX), test results, values files.

Every model's ``summary()`` returns a :class:`Summary`. It prints as plain text, renders
as HTML in Jupyter (``_repr_html_``) and gives LaTeX for a paper (``as_latex()``).
Nothing in a summary depends on the clock, so summaries are reproducible.

The helpers at the end (:class:`Prose`, :func:`number`, :func:`estimate`,
:func:`pvalue`, :func:`format_table`) let a notebook state its findings in sentences
built from the computed values (never typed) and show tables at sensible precision.
"""

from __future__ import annotations

from .formatting import latex_escape, Prose, number, estimate, pvalue, format_table
from .summaries import Summary, HypothesisTest, summary_col
from .values import (save_values, save_value_macros, macro_name, figures_dir, stated_unit,
                     INTERVAL_KEYS, _jsonable)

__all__ = ["Summary", "HypothesisTest", "summary_col", "save_values", "save_value_macros",
           "macro_name", "latex_escape", "figures_dir", "stated_unit", "Prose", "number",
           "estimate", "pvalue", "format_table"]
