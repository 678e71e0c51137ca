"""The figure system: one style, two print sizes, one colour rule, checked figures.

**Style.** One style (:func:`style`, 7-9 pt text, :data:`TEXT_SIZE_RANGE`) for the
whole figure: :func:`new_figure` creates figures in it, and :func:`save_figure` applies
it again to every text of the figure (:func:`apply_style`): titles, axis and tick
labels, legends and their titles, colour bars, suptitles and free text, wherever and
whenever they were made. No plotting code sets a font size of its own.

**Sizes.** Every figure is drawn and saved at the size it is printed: one column
(3.5 in wide) or the full page (7.2 in), :data:`PRINT_WIDTHS`; :data:`SIZES` gives the
standard width-height pairs, and ``new_figure(size, height=...)`` any other height.

**Colour.** Colour marks the acting side and nothing else: a mark is drawn in the
colour of the side whose actions it counts (attacks by A in A's colour; the response
of B to A in B's colour, :func:`acting_color`). Sides, their display names and colours
come from one registry, :mod:`analysis.sides` (the data's sides tables;
:func:`side_color` and :func:`side_label` are re-exported here). The palette is
Okabe & Ito's, safe for colour-blind readers. Models, samples, orderings and windows
get neutral encodings, :func:`neutral_styles` (black and greys, filled and open
markers, line styles).

**Checks.** :func:`check_figure` measures the drawn figure (bounding boxes of the
drawn artists): text sizes within :data:`TEXT_SIZE_RANGE`, no text overlapping other
text or leaving the canvas, no legend over plotted data, a print width. Every
:func:`save_figure` runs it: a problem warns (:class:`FigureWarning`), or raises when
the environment variable ``ESCALATION_FIGURE_CHECK=error`` (``make figures`` sets it).

**Reproducible files.** :func:`save_figure` fixes the size, the dpi and the style and
strips the metadata that would make two runs differ (PNG ``Software``, PDF
``CreationDate``/``Producer``, SVG date and random ids). Running the notebooks twice
therefore writes byte-identical files.

In Jupyter the package's figures show inline like any other: the style is applied
without touching matplotlib's interactive mode, and :func:`save_figure` leaves the
figure open for the kernel to display (it closes it only on non-interactive backends
such as Agg, where nothing would show it).
"""

from __future__ import annotations

from ..exceptions import FigureError, FigureWarning
from ..sides import acting_color, side_color, side_label

from .styles import (style, apply_style, new_figure, SIZES, PRINT_WIDTHS, TEXT_SIZE_RANGE,
                     neutral_styles, neutral_fills, _RC)
from .checks import (check_figure, FigureProblem, FIGURE_CHECK_ENV, _data_artists,
                     _drawn_texts, _rectangles_overlap, _renderer)
from .saving import save_figure, SavedFigure
from .incidents import (plot_timeline, plot_stacked_bars, plot_cumulative_vs_tallies,
                        plot_event_timeline, plot_data_quality)
from .maps import read_boundaries, plot_incident_map
from .diagnostics import plot_gap_check, plot_cross_effects, plot_predictive_check

__all__ = ["style", "apply_style", "new_figure", "save_figure", "SavedFigure", "SIZES",
           "PRINT_WIDTHS", "TEXT_SIZE_RANGE", "side_color", "side_label", "acting_color",
           "neutral_styles", "neutral_fills", "check_figure", "FigureProblem",
           "FigureWarning", "FigureError", "FIGURE_CHECK_ENV", "plot_timeline",
           "plot_stacked_bars", "plot_cumulative_vs_tallies", "plot_gap_check",
           "read_boundaries", "plot_incident_map", "plot_event_timeline",
           "plot_data_quality", "plot_cross_effects", "plot_predictive_check"]


# Removed names -> the error naming the new one (public names are a contract).
_REMOVED = {
    "SIDE_COLORS": "analysis.plotting.SIDE_COLORS was removed: side colours are declared by "
                   "the data (the case's sides table). Use analysis.side_color(side, sides) "
                   "or analysis.load_sides().colors()",
    "_PALETTE": "analysis.plotting._PALETTE was removed: use analysis.sides.PALETTE",
}


def __getattr__(name):
    if name in _REMOVED:
        raise AttributeError(_REMOVED[name])
    raise AttributeError(f"module 'analysis.plotting' has no attribute {name!r}")
