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

import contextlib
import functools
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
import pandas as pd

from .exceptions import FigureError, FigureWarning, warn
from .reporting import figures_dir
from .sides import acting_color, side_color, side_label

__all__ = ["style", "apply_style", "new_figure", "save_figure", "SavedFigure", "SIZES",
           "PRINT_WIDTHS", "TEXT_SIZE_RANGE", "side_color", "side_label", "acting_color",
           "neutral_styles", "neutral_fills", "check_figure", "FigureProblem", "FigureWarning", "FigureError",
           "FIGURE_CHECK_ENV", "plot_timeline", "plot_stacked_bars",
           "plot_cumulative_vs_tallies"]

#: The two print widths of a journal page, in inches: one column and the full text width.
PRINT_WIDTHS = {"single": 3.5, "full": 7.2}

#: Figure sizes in inches (width, height). Every width is a print width (one column,
#: 3.5 in, or the full page, 7.2 in), so text set at 7-9 pt is 7-9 pt in print.
SIZES = {
    "single": (3.5, 2.6),        # one column
    "single_tall": (3.5, 4.2),   # one column, two stacked panels
    "square": (3.5, 3.5),        # one column, square (a matrix, a QQ plot)
    "wide": (7.2, 3.0),          # full width, one row of panels
    "double": (7.2, 4.8),        # full width, two rows
    "tall": (7.2, 8.0),          # full width, a grid of panels
}

#: Smallest and largest font size (points) of any text at the printed size.
TEXT_SIZE_RANGE = (7.0, 9.0)

#: Environment variable: ``"error"`` makes :func:`save_figure` raise on a figure that
#: fails :func:`check_figure` (``make figures`` sets it); ``"off"`` skips the check;
#: anything else (the default) warns with :class:`FigureWarning`.
FIGURE_CHECK_ENV = "ESCALATION_FIGURE_CHECK"

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


_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "legend.title_fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "figure.titlesize": 9,
    "figure.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "lines.linewidth": 1.0,
    "lines.markersize": 3.5,
    "legend.frameon": False,
    "figure.dpi": 120,          # inline in Jupyter: a full-width figure is ~860 px wide
    "savefig.dpi": 200,
    "savefig.bbox": "standard",
    "svg.hashsalt": "escalation-analysis",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "image.cmap": "viridis",
}

#: Font size (points) of each role of text; :func:`apply_style` sets them on a figure.
_ROLE_SIZES = {
    "suptitle": _RC["figure.titlesize"],
    "suplabel": _RC["figure.labelsize"],
    "title": _RC["axes.titlesize"],
    "label": _RC["axes.labelsize"],
    "tick": _RC["xtick.labelsize"],
    "legend": _RC["legend.fontsize"],
    "legend_title": _RC["legend.title_fontsize"],
}

#: Neutral encodings for categories that are not sides (models, samples, orderings):
#: black and greys, filled and open markers, line styles. Never side colours.
_NEUTRAL_COLORS = ("#000000", "#6E6E6E", "#000000", "#6E6E6E", "#A8A8A8", "#A8A8A8")
_NEUTRAL_LINES = ("-", "--", ":", "-.", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 2)))
_NEUTRAL_MARKERS = ("o", "s", "^", "D", "v", "P")


#: (face colour, hatch) of the neutral fills, in the order they are handed out.
_NEUTRAL_FILLS = (("#333333", None), ("#7A7A7A", None), ("#B4B4B4", None),
                  ("#DCDCDC", None), ("#FFFFFF", "////"), ("#DCDCDC", "////"),
                  ("#FFFFFF", "...."), ("#B4B4B4", "...."), ("#FFFFFF", "xxxx"),
                  ("#DCDCDC", "xxxx"))


def neutral_fills(n: int) -> list[dict]:
    """Neutral fills for ``n`` categories of bars or areas that are not sides.

    Four greys from dark to light, then white and light greys hatched (outlined in
    dark grey), with white edges between neighbouring plain segments: countries, weapons or confirmation levels in a stacked bar
    chart without borrowing the sides' colours.

    Parameters
    ----------
    n : int
        Number of categories (1 to 10).

    Returns
    -------
    list of dict
        Keyword arguments for ``ax.bar`` / ``ax.fill_between``: ``color``,
        ``edgecolor``, ``linewidth`` and ``hatch``.

    Examples
    --------
    >>> from analysis.plotting import neutral_fills
    >>> [(f["color"], f["hatch"]) for f in neutral_fills(2)]
    [('#333333', None), ('#7A7A7A', None)]
    >>> neutral_fills(7)[5]["hatch"]
    '////'
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 10:
        raise ValueError(f"n must be an integer from 1 to 10 (categories told apart by "
                         f"greys and hatches), got {n!r}")
    out = []
    for grey, hatch in _NEUTRAL_FILLS[:int(n)]:
        # white edges between plain segments; hatched ones get a dark outline and hatch
        out.append({"color": grey, "edgecolor": "white" if hatch is None else "#333333",
                    "linewidth": 0.4, "hatch": hatch})
    return out


def neutral_styles(n: int, *, filled: bool | None = None) -> list[dict]:
    """Neutral encodings for ``n`` categories that are not sides (models, samples, orderings).

    Colour marks the acting side and nothing else (see :mod:`analysis.sides`); models,
    samples (all vs confirmed), VAR orderings, windows or bootstrap kinds are told apart
    by black and greys, line styles and filled versus open markers instead. Category
    ``k`` always gets the same encoding, so it means the same in every figure of a paper.

    Parameters
    ----------
    n : int
        Number of categories (1 to 6; more would not be told apart in print).
    filled : bool, optional
        Force all markers filled (True) or open (False); default alternates, filled
        first.

    Returns
    -------
    list of dict
        One dict per category with keys ``color``, ``linestyle``, ``marker``,
        ``markerfacecolor`` and ``markeredgecolor``, ready for ``ax.plot(...,
        **style)``; for ``ax.errorbar`` or ``ax.scatter`` pick the keys you need
        (``fmt`` is ``marker``; open markers have ``markerfacecolor="white"``).

    Examples
    --------
    >>> from analysis.plotting import neutral_styles
    >>> [(s["color"], s["linestyle"], s["marker"], s["markerfacecolor"])
    ...  for s in neutral_styles(2)]
    [('#000000', '-', 'o', '#000000'), ('#6E6E6E', '--', 's', 'white')]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 1 <= n <= 6:
        raise ValueError(f"n must be an integer from 1 to 6 (categories told apart by "
                         f"greys, line styles and markers), got {n!r}")
    out = []
    for k in range(int(n)):
        color = _NEUTRAL_COLORS[k]
        is_filled = (k % 2 == 0) if filled is None else bool(filled)
        out.append({"color": color, "linestyle": _NEUTRAL_LINES[k],
                    "marker": _NEUTRAL_MARKERS[k],
                    "markerfacecolor": color if is_filled else "white",
                    "markeredgecolor": color})
    return out


def _load_backend() -> None:
    # Resolve pyplot's backend *before* any rc_context: loading the inline backend of a
    # Jupyter kernel switches interactive mode on, and leaving an rc_context would
    # switch it off again (after which no figure of the session would show).
    get = getattr(plt, "_get_backend_mod", None)
    if get is not None:
        get()


@contextmanager
def style():
    """Context manager applying the package's figure style.

    Every rcParam is restored on exit except matplotlib's interactive mode, which is
    left as it is at the end of the block (so figures keep showing inline in Jupyter).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from analysis.plotting import style
    >>> with style():
    ...     fig, ax = plt.subplots()
    >>> plt.close(fig)
    """
    _load_backend()
    state = {}
    try:
        with mpl.rc_context(_RC):
            try:
                yield
            finally:
                state["interactive"] = mpl.is_interactive()
    finally:
        if "interactive" in state and mpl.is_interactive() != state["interactive"]:
            mpl.interactive(state["interactive"])


class _StyledFigure(Figure):
    """A figure that carries the package style: every draw (on screen, inline in
    Jupyter, in ``savefig``) first applies it to all its text (:func:`apply_style`)."""

    def draw(self, renderer):
        apply_style(self)
        return super().draw(renderer)

    def tight_layout(self, *args, **kwargs):
        """Keep constrained layout if the figure has it (it already does what
        ``tight_layout`` would, colour bars included); otherwise lay out tightly."""
        from matplotlib.layout_engine import ConstrainedLayoutEngine
        if isinstance(self.get_layout_engine(), ConstrainedLayoutEngine):
            return None
        return super().tight_layout(*args, **kwargs)


def new_figure(size: str = "single", nrows: int = 1, ncols: int = 1, *,
               height: float | None = None, layout: str | None = "constrained", **kwargs):
    """A new figure and axes in the package style, at a print size.

    The figure carries the style: whenever it is drawn (inline in Jupyter, saved, or
    checked) every text in it, including titles, legends and colour bars added after
    this call, is set in the style (:func:`apply_style`).

    Parameters
    ----------
    size : {"single", "single_tall", "square", "wide", "double", "tall"}
        A key of :data:`SIZES`: "single", "single_tall" and "square" are one column
        (3.5 in wide), the others the full page (7.2 in).
    nrows, ncols : int
        The grid of axes.
    height : float, optional
        Height in inches, replacing the size's (the width stays a print width).
    layout : {"constrained", "tight", None}
        Matplotlib's layout engine. The default, constrained layout, keeps labels,
        titles and colour bars from overlapping at any size; ``fig.tight_layout()``
        on such a figure keeps it (and does nothing else).
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots` (e.g. ``sharex=True``).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : Axes or array of Axes
        As :func:`matplotlib.pyplot.subplots` returns them.

    Examples
    --------
    >>> from analysis.plotting import new_figure
    >>> fig, axes = new_figure("wide", ncols=2)
    >>> fig.get_size_inches().tolist()
    [7.2, 3.0]
    >>> new_figure("single", height=2.0)[0].get_size_inches().tolist()
    [3.5, 2.0]
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, got {size!r}")
    if layout not in ("constrained", "tight", None):
        raise ValueError(f"layout must be 'constrained', 'tight' or None, got {layout!r}")
    width, h = SIZES[size]
    if height is not None:
        if not (isinstance(height, (int, float)) and 0.5 <= float(height) <= 9.5):
            raise ValueError(f"height must be a number of inches from 0.5 to 9.5 (a page), "
                             f"got {height!r}")
        h = float(height)
    with style():
        fig, ax = plt.subplots(nrows, ncols, figsize=(width, h), layout=layout,
                               FigureClass=_StyledFigure, **kwargs)
    return fig, ax


def _role_texts(fig):
    """(role, Text) for every text of ``fig`` that has a role in the style."""
    out = []
    for name, role in (("_suptitle", "suptitle"), ("_supxlabel", "suplabel"),
                       ("_supylabel", "suplabel")):
        t = getattr(fig, name, None)
        if t is not None:
            out.append((role, t))
    for ax in fig.axes:
        for attr in ("title", "_left_title", "_right_title"):
            t = getattr(ax, attr, None)
            if t is not None:
                out.append(("title", t))
        for axis in _axes_axis(ax):
            out.append(("label", axis.label))
            out.append(("tick", axis.get_offset_text()))
        legend = ax.get_legend()
        if legend is not None:
            out.extend(_legend_texts(legend))
    for legend in fig.legends:
        out.extend(_legend_texts(legend))
    return out


def _axes_axis(ax):
    return [a for a in (getattr(ax, "xaxis", None), getattr(ax, "yaxis", None),
                        getattr(ax, "zaxis", None)) if a is not None]


def _legend_texts(legend):
    out = [("legend", t) for t in legend.get_texts()]
    title = legend.get_title()
    if title is not None:
        out.append(("legend_title", title))
    return out


def apply_style(fig):
    """Apply the package style to every text of ``fig``, wherever it was made.

    Titles, axis labels, tick labels, legends (and their titles), colour-bar labels and
    suptitles get the style's size for their role (whatever size they were created
    with, e.g. outside :func:`style`); other text (annotations, ``ax.text``) keeps its
    size if it is within :data:`TEXT_SIZE_RANGE` and is brought to the nearest bound
    otherwise. :func:`save_figure` calls this, so a saved figure always carries the
    style.

    Parameters
    ----------
    fig : matplotlib.figure.Figure

    Returns
    -------
    matplotlib.figure.Figure
        ``fig`` itself.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from analysis.plotting import apply_style
    >>> fig, ax = plt.subplots(figsize=(3.5, 2.6))      # made outside the style
    >>> _ = ax.set_title("Attacks per week", fontsize=14)
    >>> apply_style(fig).axes[0].title.get_fontsize()
    8.0
    >>> plt.close(fig)
    """
    lo, hi = TEXT_SIZE_RANGE
    family = _RC["font.family"]
    seen = set()
    for role, t in _role_texts(fig):
        seen.add(id(t))
        t.set_fontsize(_ROLE_SIZES[role])
        t.set_fontfamily(family)
    for ax in fig.axes:
        ax.tick_params(axis="both", which="both", labelsize=_ROLE_SIZES["tick"])
        for axis in _axes_axis(ax):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                for t in (tick.label1, tick.label2):
                    seen.add(id(t))
                    t.set_fontfamily(family)
        legend = ax.get_legend()
        if legend is not None:
            _resize_legend(legend)
    for legend in fig.legends:
        _resize_legend(legend)
    from matplotlib.text import Text
    for t in fig.findobj(Text):
        if id(t) in seen:
            continue
        size = float(t.get_fontsize())
        if size < lo or size > hi:
            t.set_fontsize(min(max(size, lo), hi))
        t.set_fontfamily(family)
    return fig


def _resize_legend(legend):
    # spacing inside a legend is in units of its font size, fixed when it was made
    size = _ROLE_SIZES["legend"]
    try:
        legend.prop.set_size(size)
        legend._fontsize = legend.prop.get_size_in_points()
    except AttributeError:              # a matplotlib without these attributes
        pass


# ---------------------------------------------------------------------------------------
# checks of a drawn figure
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FigureProblem:
    """One problem :func:`check_figure` found.

    Attributes
    ----------
    kind : str
        ``"width"``, ``"text size"``, ``"text overlap"``, ``"off canvas"``,
        ``"legend over data"`` or ``"side id"``; the checks of saved files
        (:func:`analysis.figure_checks.check_saved_figure`) add ``"page size"``,
        ``"png size"``, ``"off page"``, ``"stale manifest"`` and ``"number"``.
    message : str
        What is wrong, naming the text or legend, in words.
    """

    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


#: Overlaps and overhangs smaller than this (points) are not counted (anti-aliasing,
#: glyph side bearings).
_TOLERANCE_PT = 0.5
#: Two texts closer than this (points) count as overlapping: touching tick labels
#: ("20202021") are as unreadable as overlapping ones.
_MIN_GAP_PT = 0.5


def _renderer(fig, draw: bool = True):
    if draw:
        fig.draw_without_rendering()      # runs the layout engine, places every text
    get = getattr(fig.canvas, "get_renderer", None)
    return get() if get is not None else fig._get_renderer()


def _drawn_texts(fig):
    """Every text that is drawn: (description, Text)."""
    from matplotlib.text import Text

    tick_labels, skip = set(), set()
    drawn = []
    for ax in fig.axes:
        if not ax.get_visible():
            skip.update(id(t) for t in ax.findobj(Text))
            continue
        for axis in _axes_axis(ax):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                tick_labels.update((id(tick.label1), id(tick.label2)))
            if not ax.axison or not axis.get_visible():
                skip.update(id(t) for t in axis.findobj(Text))
                continue
            try:
                ticks = axis._update_ticks()           # the ticks drawn (in view)
            except AttributeError:                     # pragma: no cover
                ticks = axis.get_major_ticks()
            for tick in ticks:
                if not tick.get_visible():
                    continue
                for t in (tick.label1, tick.label2):
                    if t.get_visible() and t.get_text().strip():
                        drawn.append((f"tick label {t.get_text()!r}", t))
        legend = ax.get_legend()
        if legend is not None and not legend.get_visible():
            skip.update(id(t) for t in legend.findobj(Text))
    for legend in fig.legends:
        if not legend.get_visible():
            skip.update(id(t) for t in legend.findobj(Text))
    for t in fig.findobj(Text):
        if id(t) in tick_labels or id(t) in skip:
            continue
        if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0:
            drawn.append((f"text {t.get_text()!r}", t))
    return drawn


def _data_artists(ax):
    """The artists of ``ax`` that show data (in data coordinates on both axes)."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    out = []
    for artist in list(ax.lines) + list(ax.collections) + list(ax.patches):
        if not artist.get_visible():
            continue
        if not isinstance(artist, (Line2D, Collection, Patch)):
            continue
        # reference lines and shaded spans (axhline, axvspan) use blended transforms;
        # they span the axes by design and are not data a legend could hide
        if isinstance(artist, Patch):
            transform = artist.get_data_transform()          # not the patch's own
            if transform is ax.transData or transform.contains_branch(ax.transData):
                out.append(artist)
            continue
        transform = artist.get_transform()
        if isinstance(artist, Collection) and len(artist.get_offsets()) and \
                not transform.contains_branch(ax.transData):
            transform = artist.get_offset_transform()       # markers placed at data points
        if not transform.contains_branch(ax.transData):
            continue
        out.append(artist)
    return out


def _rectangles_covered(artists, ax, box) -> dict:
    """id -> whether each plain data-space Rectangle (a bar) reaches into ``box``: all at
    once (a bar chart has hundreds)."""
    from matplotlib.patches import Rectangle

    rects = [a for a in artists if type(a) is Rectangle and a.get_angle() == 0
             and a.get_fill() and a.get_data_transform() is ax.transData]
    if not rects:
        return {}
    xy = np.array([[r.get_x(), r.get_y(), r.get_x() + r.get_width(),
                    r.get_y() + r.get_height()] for r in rects], dtype=object)
    conv = [ax.convert_xunits, ax.convert_yunits, ax.convert_xunits, ax.convert_yunits]
    try:
        xy = np.array([[float(c(v)) for c, v in zip(conv, row)] for row in xy])
    except (TypeError, ValueError):
        return {}
    lo = ax.transData.transform(xy[:, :2])
    hi = ax.transData.transform(xy[:, 2:])
    x0, x1 = np.minimum(lo[:, 0], hi[:, 0]), np.maximum(lo[:, 0], hi[:, 0])
    y0, y1 = np.minimum(lo[:, 1], hi[:, 1]), np.maximum(lo[:, 1], hi[:, 1])
    inside = (x1 > box.x0) & (x0 < box.x1) & (y1 > box.y0) & (y0 < box.y1)
    return {id(r): bool(v) for r, v in zip(rects, inside)}


def _covers(artist, box) -> bool:
    """Does ``artist`` (drawn) show data inside ``box`` (display coordinates)?"""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D

    if isinstance(artist, Line2D):
        xy = artist.get_xydata()
        if len(xy) == 0:
            return False
        pts = artist.get_transform().transform(np.asarray(xy, dtype=float))
        pts = pts[np.isfinite(pts).all(axis=1)]
        if artist.get_marker() not in (None, "None", "none", "", " ") and \
                box.count_contains(pts):
            return True
        if artist.get_linestyle() in ("None", "none", "", " ") or len(pts) < 2:
            return False
        from matplotlib.path import Path as MplPath
        return MplPath(pts).intersects_bbox(box, filled=False)
    if isinstance(artist, Collection):
        transform = artist.get_transform()
        offsets = np.asarray(artist.get_offsets(), dtype=float)
        if len(offsets) and not transform.contains_branch(artist.axes.transData):
            # markers (scatter): their centres are the data
            pts = artist.get_offset_transform().transform(offsets)
            return bool(box.count_contains(pts[np.isfinite(pts).all(axis=1)]))
        for path in artist.get_paths():
            if len(path.vertices) == 0:
                continue
            if transform.transform_path(path).intersects_bbox(
                    box, filled=not hasattr(artist, "get_segments")):
                return True
        return False
    # a patch (a bar, a filled polygon)
    path = artist.get_transform().transform_path(artist.get_path())
    return path.intersects_bbox(box, filled=bool(artist.get_fill()))


def _id_patterns():
    """(id, regex) of the registry's side ids that would show as a raw id in a label:
    ids of 2-3 characters or with an underscore (``us``, ``us_uk``), lower case, not a
    word of their own display name."""
    import re

    from .sides import registry
    out = []
    for sid, side in registry().items():
        if not sid.islower() or not (2 <= len(sid) <= 3 or "_" in sid):
            continue
        if re.search(rf"(?<![\w.-]){re.escape(sid)}(?![\w-])", side.name):
            continue
        out.append((sid, re.compile(rf"(?<![A-Za-z0-9_]){re.escape(sid)}(?![A-Za-z0-9_])")))
    return out


def _text_rectangle(t, box, renderer):
    """The drawn rectangle of a text: corners (4 x 2), in display units.

    A rotated text's bounding box is larger than the text; the rectangle itself has the
    same centre as that box and the size of the unrotated text.
    """
    angle = float(t.get_rotation()) % 180.0
    if angle == 0.0:
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1],
                         [box.x0, box.y1]])
    t.set_rotation(0)
    try:
        flat = t.get_window_extent(renderer)
    finally:
        t.set_rotation(angle)
    w, h = flat.width / 2, flat.height / 2
    theta = np.deg2rad(angle)
    c, s = np.cos(theta), np.sin(theta)
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) @ np.array([[c, s], [-s, c]])
    return corners + [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]


def _rectangles_overlap(p, q, tol) -> bool:
    """Separating-axis test of two rectangles (corners), overlap deeper than ``tol``."""
    for poly in (p, q):
        for i in range(4):
            edge = poly[(i + 1) % 4] - poly[i]
            axis = np.array([-edge[1], edge[0]])
            norm = np.hypot(*axis)
            if norm == 0:
                continue
            axis = axis / norm
            a, b = p @ axis, q @ axis
            if min(a.max(), b.max()) - max(a.min(), b.min()) <= tol:
                return False
    return True


def check_figure(fig, *, text_sizes=None) -> list:
    """Check a figure as it will be printed: sizes, overlaps, clipping, legends.

    The figure is laid out and every drawn artist measured (bounding boxes in the
    figure's coordinates, at its current size, which :func:`save_figure` keeps as the
    printed size). Checked:

    * ``"width"``: the width is a print width (:data:`PRINT_WIDTHS`, 3.5 or 7.2 in);
    * ``"text size"``: every drawn text is within ``text_sizes`` points;
    * ``"text overlap"``: no two drawn texts overlap or touch (closer than 0.5 pt);
    * ``"off canvas"``: no text reaches beyond the edge of the figure;
    * ``"legend over data"``: no legend box covers a plotted line, marker, bar or band
      (reference lines and shaded spans drawn with ``axhline``/``axvspan`` excepted);
    * ``"side id"``: no text shows a side's raw id where its display name belongs
      (``us`` for "US forces", ``us_uk`` for "US and UK": ids of the registry of 2-3
      characters or with an underscore, in lower case).

    Overhangs beyond the canvas and legend overlaps under 0.5 pt are ignored.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    text_sizes : (float, float), optional
        Smallest and largest font size in points (default :data:`TEXT_SIZE_RANGE`).

    Returns
    -------
    list of FigureProblem
        Empty when the figure passes.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from analysis.plotting import check_figure, new_figure
    >>> fig, ax = new_figure("single")
    >>> _ = ax.plot([0, 1, 2], [0, 1, 4], label="attacks")
    >>> _ = ax.set_xlabel("days after a strike")
    >>> check_figure(fig)
    []
    >>> plain, _ = plt.subplots()                 # matplotlib's 6.4 in and 10 pt ticks
    >>> [p.kind for p in check_figure(plain)]
    ['width', 'text size']
    >>> plt.close(fig), plt.close(plain)
    (None, None)
    """
    return _check(fig, _renderer(fig), text_sizes)


def _check(fig, renderer, text_sizes=None) -> list:
    """:func:`check_figure` on a figure laid out by its last draw."""
    lo, hi = TEXT_SIZE_RANGE if text_sizes is None else (float(text_sizes[0]),
                                                         float(text_sizes[1]))
    problems = []
    width, height = (float(v) for v in fig.get_size_inches())
    if not any(abs(width - w) <= 0.05 for w in PRINT_WIDTHS.values()):
        problems.append(FigureProblem(
            "width", f"the figure is {width:g} in wide; print widths are "
                     + " and ".join(f"{v:g} in ({k})" for k, v in PRINT_WIDTHS.items())
                     + ": use new_figure(size) or save_figure(..., size=...)"))
    to_pt = 72.0 / fig.dpi
    tol = _TOLERANCE_PT / to_pt                       # in display units (pixels)
    gap = _MIN_GAP_PT / to_pt
    texts = _drawn_texts(fig)
    boxes = []
    wrong: dict = {}
    for what, t in texts:
        size = float(t.get_fontsize())
        if size < lo - 1e-6 or size > hi + 1e-6:
            wrong.setdefault(size, []).append(what)
    for size, whats in sorted(wrong.items()):
        shown = ", ".join(whats[:3]) + (f" and {len(whats) - 3} more" if len(whats) > 3 else "")
        problems.append(FigureProblem(
            "text size", f"{shown} {'is' if len(whats) == 1 else 'are'} {size:g} pt; the "
                         f"style allows {lo:g} to {hi:g} pt at the printed size (do not set "
                         "fontsize=; save_figure applies the style)"))
    for what, t in texts:
        box = t.get_window_extent(renderer)
        boxes.append(box)
        W, H = fig.bbox.width, fig.bbox.height
        if box.x0 < -tol or box.y0 < -tol or box.x1 > W + tol or box.y1 > H + tol:
            problems.append(FigureProblem(
                "off canvas", f"{what} reaches beyond the edge of the figure"))
    ids = _id_patterns()
    for what, t in texts:
        for sid, pattern in ids:
            if pattern.search(t.get_text()):
                problems.append(FigureProblem(
                    "side id", f"{what} names a side by its id {sid!r}: write its display "
                               f"name, side_label({sid!r}) = {side_label(sid)!r}"))
    rects = [_text_rectangle(t, box, renderer) for (_, t), box in zip(texts, boxes)]
    for a in range(len(texts)):
        for b in range(a + 1, len(texts)):
            A, B = boxes[a], boxes[b]
            w = min(A.x1, B.x1) - max(A.x0, B.x0)
            h = min(A.y1, B.y1) - max(A.y0, B.y0)
            if w > -gap and h > -gap and _rectangles_overlap(rects[a], rects[b], -gap):
                problems.append(FigureProblem(
                    "text overlap", f"{texts[a][0]} overlaps {texts[b][0]}"))
    legends = [(ax.get_legend(), [ax]) for ax in fig.axes if ax.get_legend() is not None]
    legends += [(leg, list(fig.axes)) for leg in fig.legends]
    for legend, axes in legends:
        if not legend.get_visible():
            continue
        box = legend.get_window_extent(renderer).padded(-tol)
        for ax in axes:
            artists = _data_artists(ax)
            covered = _rectangles_covered(artists, ax, box)
            for artist in artists:
                if covered.get(id(artist), None) is False:
                    continue
                if covered.get(id(artist)) or _covers(artist, box):
                    label = artist.get_label()
                    name = (f"{label!r}" if label and not label.startswith("_")
                            else type(artist).__name__)
                    problems.append(FigureProblem(
                        "legend over data", f"the legend covers plotted data ({name}); "
                        "place it where there are no data (loc=...) or outside the axes"))
                    break
    return problems


@contextlib.contextmanager
def _figure_dpi(fig, dpi):
    original = fig.dpi
    fig.dpi = dpi
    try:
        yield
    finally:
        fig.dpi = original


def _hold_best_legends(fig) -> list:
    """Fix each ``loc="best"`` legend where its last draw put it; returns what to undo.

    Matplotlib searches the best place again at every draw and every size query (the
    slowest part of drawing a figure with a few hundred bars); held, the check and the
    files see the one place, found once.
    """
    held = []
    renderer = _renderer(fig, draw=False)
    legends = [ax.get_legend() for ax in fig.axes] + list(fig.legends)
    for legend in legends:
        if legend is None or getattr(legend, "_loc", None) != 0:      # 0: "best"
            continue
        try:
            box = legend.get_window_extent(renderer)
            anchor = legend.get_bbox_to_anchor()
            x = (box.x0 - anchor.x0) / anchor.width
            y = (box.y0 - anchor.y0) / anchor.height
        except (AttributeError, ZeroDivisionError):
            continue
        held.append((legend, legend._loc))
        legend._loc = (float(x), float(y))
    return held


def _enforce_checks(fig, name: str) -> None:
    """Check ``fig`` as laid out by its last draw (save_figure has just drawn it)."""
    mode = os.environ.get(FIGURE_CHECK_ENV, "warn").strip().lower()
    if mode == "off":
        return
    problems = _check(fig, _renderer(fig, draw=False))
    if not problems:
        return
    text = (f"figure {name!r} fails {len(problems)} check(s):\n  "
            + "\n  ".join(str(p) for p in problems[:12])
            + ("\n  ..." if len(problems) > 12 else ""))
    if mode == "error":
        raise FigureError(text + f"\n({FIGURE_CHECK_ENV}=error)")
    warn(text, FigureWarning)                # names the user's save_figure line


def _backend_is_interactive() -> bool:
    """True where something (a GUI, or Jupyter's inline backend) will show the figure."""
    backend = str(mpl.get_backend()).lower()
    if "inline" in backend or "ipympl" in backend or "widget" in backend:
        return True
    try:
        from matplotlib.backends import BackendFilter, backend_registry
        non_interactive = set(backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE))
    except ImportError:                                   # matplotlib < 3.9
        non_interactive = set(mpl.rcsetup.non_interactive_bk)
    return backend not in {b.lower() for b in non_interactive}


class SavedFigure(list):
    """The files :func:`save_figure` wrote: a list of :class:`~pathlib.Path`.

    It displays nothing in Jupyter (the figure itself shows inline), so a cell ending
    in ``save_figure(...)`` shows the figure and no list of paths; ``print()`` it, or
    index it, to see the files.
    """

    def __repr__(self) -> str:
        if not self:
            return "SavedFigure([])"
        stem = self[0].with_suffix("")
        exts = ", ".join(p.suffix.lstrip(".") for p in self)
        return f"SavedFigure({str(stem)!r}: {exts})"

    def _ipython_display_(self):
        return None


#: Decimals of the numbers in a PDF's drawing commands (1/1000 pt = 0.35 micrometre).
#: matplotlib writes 10, so a position that differs in its 9th significant digit
#: between two machines' BLAS kernels changed the file; at 3 it does not.
PDF_DECIMALS = 3


def _snap(a):
    """Round float data to float32's 24-bit mantissa (about 7 significant digits)."""
    a = np.asarray(a)
    if a.dtype.kind != "f":
        return a
    with np.errstate(over="ignore"):
        return a.astype(np.float32).astype(a.dtype)


def _snap_figure(fig) -> None:
    """Snap every plotted coordinate of ``fig`` to about 7 significant digits.

    Estimates that agree between two machines' BLAS kernels to 12 digits can still sit
    on different sides of a pixel's anti-aliasing step; snapped to a grid far finer
    than anything visible (1e-7 of the value) and far coarser than that noise, they
    give the same pixels, so a figure is byte-identical wherever it is rebuilt.
    """
    from matplotlib.collections import LineCollection, PathCollection, PolyCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon, Rectangle

    for ax in fig.axes:
        # the view limits come from the unsnapped data (autoscaling): snapped too,
        # leaving autoscaling as it was for whatever is drawn on the Axes later
        if ax.name == "rectilinear":
            ax.set_xlim(*(float(v) for v in _snap(ax.get_xlim())), auto=None)
            ax.set_ylim(*(float(v) for v in _snap(ax.get_ylim())), auto=None)
    for artist in fig.findobj():
        if isinstance(artist, Line2D):
            x, y = artist.get_xdata(orig=False), artist.get_ydata(orig=False)
            if np.asarray(x).dtype.kind == "f" or np.asarray(y).dtype.kind == "f":
                artist.set_data(_snap(x), _snap(y))
        elif isinstance(artist, LineCollection):
            artist.set_segments([_snap(seg) for seg in artist.get_segments()])
        elif isinstance(artist, PolyCollection):
            for path in artist.get_paths():
                if path.vertices.flags.writeable:
                    path.vertices[:] = _snap(path.vertices)
        elif isinstance(artist, PathCollection):
            offsets = artist.get_offsets()
            if np.ma.isMaskedArray(offsets) or np.asarray(offsets).dtype.kind == "f":
                artist.set_offsets(_snap(np.ma.getdata(offsets)))
        elif isinstance(artist, Rectangle):
            x, y = _snap([artist.get_x(), artist.get_y()])
            w, h = _snap([artist.get_width(), artist.get_height()])
            artist.set_bounds(float(x), float(y), float(w), float(h))
        elif isinstance(artist, Polygon):
            artist.set_xy(_snap(artist.get_xy()))


@contextlib.contextmanager
def _pdf_coordinates_to(decimals: int):
    """Write PDF numbers (operands and path coordinates) with ``decimals`` decimals.

    matplotlib offers no setting for this: its number writer and path writer
    (``pdfRepr``, ``PdfFile.pathOperations``, precision 10 and 6) are swapped for the
    duration of a save. ``tests/test_outputs.py`` checks that PDFs stay byte-identical.
    """
    from matplotlib import _path
    from matplotlib.backends import backend_pdf
    from matplotlib.backends.backend_pdf import Op, PdfFile, Verbatim

    original_repr = backend_pdf.pdfRepr
    original_ops = PdfFile.__dict__["pathOperations"]

    def rounded(obj):
        if isinstance(obj, (float, np.floating)) and np.isfinite(obj):
            obj = round(float(obj), decimals) + 0.0      # + 0.0: no "-0"
        return original_repr(obj)

    def path_operations(path, transform, clip=None, simplify=None, sketch=None):
        return [Verbatim(_path.convert_to_string(
            path, transform, clip, simplify, sketch, decimals,
            [Op.moveto.value, Op.lineto.value, b"", Op.curveto.value,
             Op.closepath.value], True))]

    backend_pdf.pdfRepr = rounded
    PdfFile.pathOperations = staticmethod(path_operations)
    try:
        yield
    finally:
        backend_pdf.pdfRepr = original_repr
        PdfFile.pathOperations = original_ops


def save_figure(fig, name: str, *, directory=None, formats=("png", "pdf"), size=None,
                dpi: int = 200, close: bool | None = None, shows=None,
                manifest: bool = True) -> SavedFigure:
    """Save a figure as ``<figures>/<name>.<fmt>`` for each format, deterministically.

    The style is applied to every text of the figure first (:func:`apply_style`), and
    the figure is checked as printed (:func:`check_figure`): a problem warns with
    :class:`FigureWarning`, or raises :class:`FigureError` when the environment
    variable ``ESCALATION_FIGURE_CHECK`` is ``error`` (``make figures`` sets it;
    ``off`` skips the check; under ``error`` no file of the failing figure is left).
    The layout that the first file's drawing settles on is held for the check and the
    other formats, so every file shows exactly what was checked. Metadata that would
    differ between runs (software versions, dates, random SVG ids) is stripped, so
    saving the same figure twice gives byte-identical files.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (e.g. ``ax.figure`` of a package plot).
    name : str
        File stem, conventionally ``"<notebook number>-<what>"``, e.g. ``"01-timeline"``.
    directory : path-like, optional
        Defaults to :func:`analysis.reporting.figures_dir` (``figures/``, or the
        ``ESCALATION_FIGURES_DIR`` environment variable).
    formats : sequence of {"png", "pdf", "svg"}
    size : str or (float, float), optional
        A key of :data:`SIZES` or (width, height) in inches; if given the figure is
        resized first. Give the size the figure is printed at: the checks measure it
        there.
    dpi : int
        Resolution of raster output.
    close : bool, optional
        Close the figure after saving. The default closes it only on a
        non-interactive backend (Agg in scripts and tests, where it would only use
        memory); in Jupyter the figure stays open so that it shows inline below the
        cell, and the kernel closes it after display.
    shows : dict, optional
        ``{values-file key: value}``, the numbers the figure shows, keys with their
        parts joined by ``"/"`` (``"hawkes/reproduction/militia"``); written to the
        manifest, where ``tests/test_figure_readback.py`` compares them with the
        notebook's values file (:func:`analysis.figure_checks.check_shown_numbers`).
    manifest : bool
        Write ``<directory>/manifest/<name>.json`` (:mod:`analysis.figure_checks`):
        legend boxes and the data near them, the values plotted, ``shows`` and the
        SHA-256 of each file, for the checks that read the saved files back.

    Returns
    -------
    SavedFigure
        The files written (a list of paths that displays nothing in Jupyter).

    Examples
    --------
    >>> import tempfile
    >>> from analysis import save_figure
    >>> from analysis.plotting import new_figure
    >>> fig, ax = new_figure("single")
    >>> _ = ax.plot([0, 1, 3])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = save_figure(fig, "00-example", directory=tmp, close=True)
    ...     [p.name for p in files]
    ['00-example.png', '00-example.pdf']
    """
    allowed = {"png", "pdf", "svg"}
    bad = set(formats) - allowed
    if bad:
        raise ValueError(f"formats must be among {sorted(allowed)}, got {sorted(bad)}")
    if size is not None:
        if isinstance(size, str) and size not in SIZES:
            raise ValueError(f"size must be one of {sorted(SIZES)} or (width, height) in "
                             f"inches, got {size!r}")
        fig.set_size_inches(SIZES[size] if isinstance(size, str) else size)
    out_dir = figures_dir(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
        "svg": {"Creator": None, "Date": None},
    }
    apply_style(fig)
    _snap_figure(fig)
    # The first file's draw lays the figure out; that layout (and the place of any
    # loc="best" legend) is then held while the figure is checked and the other formats
    # are written, so every file shows exactly what was checked, with no extra draw.
    engine = fig.get_layout_engine()
    held: list = []
    written = SavedFigure()
    record = None
    try:
        with style(), _pdf_coordinates_to(PDF_DECIMALS):
            for k, fmt in enumerate(formats):
                path = out_dir / f"{name}.{fmt}"
                fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt])
                written.append(path)
                if k == 0:
                    if engine is not None:
                        fig.set_layout_engine("none")
                    # legends and texts keep the places of that draw in its pixels: check
                    # at its resolution (vector formats draw at 72 dpi)
                    with _figure_dpi(fig, dpi if fmt == "png" else 72):
                        held = _hold_best_legends(fig)
                        try:
                            _enforce_checks(fig, name)
                        except FigureError:
                            path.unlink(missing_ok=True)    # no file of a failing figure
                            raise
                        if manifest:                    # measured as checked
                            from .figure_checks import figure_manifest
                            record = figure_manifest(fig, _renderer(fig, draw=False),
                                                     name=name, dpi=dpi, shows=shows)
        if record is not None:
            from .figure_checks import write_manifest
            write_manifest(record, out_dir, written)
    finally:
        for legend, loc in held:
            legend._loc = loc
        if engine is not None:
            fig.set_layout_engine(engine)
    if close is None:
        close = not _backend_is_interactive()
    if close:
        plt.close(fig)
    return written


# ---------------------------------------------------------------------------------------
# plots of the data (every function takes ax=None and returns the Axes)
# ---------------------------------------------------------------------------------------
def _styled(func):
    """Draw in the package style (labels, ticks and legend sizes), wherever ``ax`` is."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with style():
            return func(*args, **kwargs)
    return wrapper


def _ax(ax, size="wide"):
    if ax is None:
        _, ax = new_figure(size)
    return ax


@_styled
def plot_timeline(counts, ax=None, *, mirror: bool | None = None, colors=None,
                  spans=None, ylabel: str = "events per day"):
    """Counts per side over time, the two sides mirrored about the axis.

    With exactly two sides and ``mirror`` (the default for two sides) the first side is
    drawn above the axis and the second below it, so the rhythm of attack and response
    reads at a glance; otherwise each side is a step line.

    Parameters
    ----------
    counts : DataFrame
        One column per side on a regular date index, as :func:`analysis.to_counts`
        gives.
    ax : matplotlib Axes, optional
        Where to draw (default: a new "wide" figure).
    mirror : bool, optional
        Mirror the second side below the axis (default: when there are two sides).
    colors : dict, optional
        Side -> colour (default: :func:`side_color`).
    spans : list of (start, end, label), optional
        Windows shaded in grey, with their label at the top.
    ylabel : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_timeline
    >>> weekly = ea.to_counts(ea.load_incidents(), freq="W", sides=["militia", "us"])
    >>> ax = plot_timeline(weekly, spans=[("2023-10-17", "2024-02-04", "campaign")])
    >>> [bars.get_label() for bars in ax.containers]      # names from the sides table
    ['Iran-aligned militias (up)', 'US forces (down)']
    """
    ax = _ax(ax)
    cols = list(counts.columns)
    mirror = (len(cols) == 2) if mirror is None else mirror
    if mirror and len(cols) != 2:
        raise ValueError("mirror=True needs exactly two sides")
    declared = counts.attrs.get("sides")
    colors = colors or {c: side_color(str(c), declared, order=cols) for c in cols}
    labels = {c: side_label(str(c), declared) for c in cols}
    if mirror:
        labels = {cols[0]: f"{labels[cols[0]]} (up)", cols[1]: f"{labels[cols[1]]} (down)"}
    x = counts.index
    width = (x[1] - x[0]) if len(x) > 1 else pd.Timedelta(days=1)
    for spec in spans or []:
        lo, hi = pd.Timestamp(spec[0]), pd.Timestamp(spec[1])     # strings work too
        ax.axvspan(lo, hi, color="0.92", zorder=0, lw=0)
        if len(spec) > 2 and spec[2]:
            ax.text(lo, 1.0, f" {spec[2]}", transform=ax.get_xaxis_transform(),
                    va="top", ha="left", color="0.35")
    if mirror:
        a, b = cols
        ax.bar(x, counts[a].to_numpy(), width=width, color=colors[a], label=labels[a], lw=0)
        ax.bar(x, -counts[b].to_numpy(), width=width, color=colors[b], label=labels[b], lw=0)
        ax.axhline(0, color="0.3", lw=0.5)
        # each half scaled to its own side's largest count (one unit, so the tick
        # labels stay comparable); a symmetric range would leave the smaller side's
        # half mostly empty
        up = max(1.0, float(np.nanmax(counts[a].to_numpy())))
        down = max(1.0, float(np.nanmax(counts[b].to_numpy())))
        ax.set_ylim(-down * 1.1, up * 1.05)
        ticks = [t for t in ax.get_yticks() if -down * 1.1 <= t <= up * 1.05]
        ax.set_yticks(ticks)
        ax.set_yticklabels([f"{abs(t):g}" for t in ticks])
        ax.set_ylim(-down * 1.1, up * 1.05)
    else:
        for c in cols:
            ax.step(x, counts[c].to_numpy(), where="post", color=colors[c], label=labels[c],
                    lw=0.8)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="best")
    return ax


@_styled
def plot_stacked_bars(table, ax=None, *, colors=None, ylabel: str = "incidents"):
    """Stacked bars of a period x category table.

    Parameters
    ----------
    table : DataFrame
        Periods in rows, categories in columns, e.g. ``to_counts(inc, "MS", by="country")``.
    ax : matplotlib Axes, optional
        Where to draw (default: a new "wide" figure).
    colors : dict, optional
        Category -> colour. Default: where every column is a side, the sides' colours
        (colour marks the acting side); for any other categories (countries, weapons),
        greys and hatches (:func:`neutral_fills`), since colour is kept for sides.
    ylabel : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_stacked_bars
    >>> monthly = ea.to_counts(ea.load_incidents(), freq="MS", by="country")
    >>> ax = plot_stacked_bars(monthly)
    >>> len(ax.patches) == monthly.size
    True
    """
    ax = _ax(ax)
    x = table.index
    width = ((x[1] - x[0]) * 0.85) if len(x) > 1 else pd.Timedelta(days=1) * 20
    bottom = np.zeros(len(table))
    from .sides import registry
    reg = registry()
    cols = [str(c) for c in table.columns]
    are_sides = all(c in reg for c in cols)
    fills = None if are_sides else neutral_fills(min(len(cols), 10)) if cols else []
    for i, c in enumerate(table.columns):
        if colors and c in colors:
            style = {"color": colors[c], "lw": 0}
        elif are_sides:                       # counts by side: colour marks the side
            style = {"color": side_color(str(c)), "lw": 0}
        else:                                 # any other category: greys and hatches
            style = dict(fills[i % len(fills)])
        vals = table[c].to_numpy(dtype=float)
        label = side_label(str(c)) if are_sides else str(c)
        ax.bar(x, vals, width=width, bottom=bottom, label=label, **style)
        bottom += vals
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, ncol=min(4, len(table.columns)), loc="upper left")
    return ax


@_styled
def plot_cumulative_vs_tallies(incidents, tallies, *, side: str, since, until=None,
                               ax=None, groups=None):
    """Cumulative attacks in the incident table against official cumulative tallies.

    Parameters
    ----------
    incidents : DataFrame
        The incident table (``date``, ``side``, ``n_attacks``, ``confirmation``).
    tallies : DataFrame
        Official tallies, as :func:`analysis.load_official_tallies` gives.
    side : str
        The side whose attacks are counted.
    since, until : date-like
        The window; tallies counted from ``since`` are drawn (``until`` defaults to
        the last tally).
    ax : matplotlib Axes, optional
    groups : dict, optional
        Label -> filter of the incidents (default: all incidents, confirmed or claimed,
        confirmed only); each becomes a step line of the cumulative sum of
        ``n_attacks``. Tallies are points (open markers where the official figure is a
        lower bound).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_cumulative_vs_tallies
    >>> ax = plot_cumulative_vs_tallies(ea.load_incidents(), ea.load_official_tallies(),
    ...                                 side="militia", since="2023-10-17", until="2024-02-05")
    >>> [line.get_label() for line in ax.lines][:3]
    ['all incidents', 'confirmed or claimed', 'confirmed']
    """
    ax = _ax(ax)
    since = pd.Timestamp(since)
    until = pd.Timestamp(until) if until is not None else tallies["as_of_date"].max()
    inc = incidents[(incidents["side"] == side) & (incidents["date"] >= since)
                    & (incidents["date"] <= until)]
    groups = groups or {
        "all incidents": lambda d: d,
        "confirmed or claimed": lambda d: d[d["confirmation"] != "reported"],
        "confirmed": lambda d: d[d["confirmation"] == "confirmed"],
    }
    styles = ["-", "--", ":"]
    for i, (label, f) in enumerate(groups.items()):
        sub = f(inc)
        daily = sub.groupby("date")["n_attacks"].sum().astype(float)
        daily = daily.reindex(pd.date_range(since, until, freq="D"), fill_value=0.0).cumsum()
        ax.step(daily.index, daily.to_numpy(), where="post", ls=styles[i % 3], color="0.2",
                lw=0.9, label=label)
    t = tallies[(tallies["since"] == since) & (tallies["as_of_date"] <= until)]
    lb = t["total_is_lower_bound"].astype(bool)
    color = side_color(side, sides=incidents if "sides" in incidents.attrs else None)
    ax.plot(t.loc[~lb, "as_of_date"], t.loc[~lb, "total"], "o", color=color,
            ms=3.5, label="official tally")
    ax.plot(t.loc[lb, "as_of_date"], t.loc[lb, "total"], "o", mfc="none",
            color=color, ms=3.5, label="official tally (lower bound)")
    ax.set_ylabel(f"cumulative attacks since {since:%d %b %Y}")
    ax.legend(frameon=False, loc="upper left")
    return ax


# ---------------------------------------------------------------------------------------
# figures of the field: map, annotated timeline, data quality, synthesis, predictive checks
# ---------------------------------------------------------------------------------------
_GREYS = ["0.15", "0.5", "0.8", "1.0"]
#: Display names of the commonest ISO 639-1 language codes (others print as the code).
_LANGUAGES = {"ar": "Arabic", "en": "English", "fa": "Persian", "fr": "French", "de": "German",
              "es": "Spanish", "ru": "Russian", "tr": "Turkish", "he": "Hebrew", "ku": "Kurdish",
              "it": "Italian", "pt": "Portuguese", "ja": "Japanese", "id": "Indonesian",
              "zh": "Chinese", "uk": "Ukrainian"}
_MAP_KEYS = ("latitude", "longitude")


def read_boundaries(path) -> dict:
    """Country outlines from a GeoJSON file: ``{name: [ring, ...]}`` (rings as (n, 2)
    arrays of lon/lat).

    Parameters
    ----------
    path : str or Path
        A GeoJSON ``FeatureCollection`` of ``Polygon``/``MultiPolygon`` features with a
        ``name`` property (e.g. Natural Earth's Admin 0 countries).

    Returns
    -------
    dict

    Examples
    --------
    >>> from analysis.paths import RAW
    >>> from analysis.plotting import read_boundaries
    >>> "Iraq" in read_boundaries(RAW / "boundaries" / "admin0_110m.geojson")
    True
    """
    import json

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection ({err})") from None
    out = {}
    for k, f in enumerate(features):
        geom = f.get("geometry") or {}
        name = (f.get("properties") or {}).get("name") or f.get("id") or f"feature {k}"
        if geom.get("type") == "Polygon":
            polys = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["coordinates"]
        else:
            raise ValueError(f"{path}: feature {k} ({name}) has geometry type "
                             f"{geom.get('type')!r}; only Polygon and MultiPolygon are drawn")
        out[str(name)] = [np.asarray(ring, dtype=float) for poly in polys for ring in poly[:1]]
    return out


def _overlaps_other_text(ax, text) -> bool:
    """True if ``text`` (at the style's sizes) overlaps another text of ``ax`` or leaves
    the Axes."""
    renderer = ax.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    frame = ax.get_window_extent(renderer)
    if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
        return True
    return any(o is not text and o.get_visible() and o.get_text()
               and box.overlaps(o.get_window_extent(renderer)) for o in ax.texts)


def _locate(incidents):
    """Rows with coordinates, and how many of all rows have them."""
    missing = [c for c in (*_MAP_KEYS, "side", "date") if c not in incidents.columns]
    if missing:
        raise ValueError(f"the incident table has no column(s) {missing}: a map needs "
                         "side, date, latitude and longitude")
    ok = incidents[list(_MAP_KEYS)].notna().all(axis=1)
    return incidents[ok], int(ok.sum())


@_styled
def plot_incident_map(incidents, boundaries, *, periods=None, sides=None, ax=None,
                      decimals: int = 1, max_size: float = 120.0, legend: bool = True,
                      names: int | None = 3, name_column: str = "location", pad: float = 1.5):
    """Where the incidents happened: one map per period, a disc per place and side.

    Incidents are grouped by acting side and by place (coordinates rounded to
    ``decimals`` degrees, 0.1 degree being about 10 km); each group is a disc whose
    *area* is proportional to its number of incidents, in the acting side's colour
    (open discs, so overlapping places stay visible). Country outlines are drawn in
    grey and named.

    Parameters
    ----------
    incidents : DataFrame
        With ``date``, ``side``, ``latitude``, ``longitude`` (rows without coordinates
        are counted, not drawn: each panel says how many it shows).
    boundaries : str, Path or dict
        A GeoJSON file (see :func:`read_boundaries`) or its result.
    periods : dict, optional
        ``{label: (first_day, last_day)}``, one map per period (default: one map of
        every row).
    sides : sequence of str, optional
        The sides to draw, in order (default: those in the table).
    ax : Axes or sequence of Axes, optional
        One Axes per period (default: a new figure, periods side by side).
    decimals : int
        Rounding of the coordinates that defines a place.
    max_size : float
        Marker area (points squared) of the largest group of any panel.
    legend : bool
        Draw the side and size legends on the last panel.
    names : int or None
        Name the ``names`` places with most incidents in each panel (by the commonest
        value of ``name_column`` there); None names none.
    name_column : str
    pad : float
        Degrees of margin around the incidents.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.paths import RAW
    >>> from analysis.plotting import plot_incident_map
    >>> axes = plot_incident_map(ea.load_incidents(), RAW / "boundaries" / "admin0_110m.geojson")
    >>> axes[0].get_xlabel()
    'longitude (degrees east)'
    """
    from matplotlib.lines import Line2D

    shapes = boundaries if isinstance(boundaries, dict) else read_boundaries(boundaries)
    located, _ = _locate(incidents)
    dates = pd.to_datetime(incidents["date"])
    periods = periods or {"": (dates.min(), dates.max())}
    sides = list(sides) if sides is not None else list(pd.unique(incidents["side"]))
    if ax is None:
        _, ax = new_figure("wide", 1, len(periods))
    axes = list(np.atleast_1d(ax))
    if len(axes) != len(periods):
        raise ValueError(f"plot_incident_map needs one Axes per period ({len(periods)}), "
                         f"got {len(axes)}")
    declared = incidents.attrs.get("sides")
    groups, totals = {}, {}
    for label, (lo, hi) in periods.items():
        lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
        inside = (dates >= lo) & (dates <= hi) & incidents["side"].isin(sides)
        rows = located[inside.loc[located.index]]
        totals[label] = (len(rows), int(inside.sum()))
        g = (rows.assign(lat=rows["latitude"].round(decimals), lon=rows["longitude"].round(decimals))
             .groupby(["side", "lat", "lon"]).size().rename("n").reset_index())
        groups[label] = g
    biggest = max([1] + [int(g["n"].max()) for g in groups.values() if len(g)])
    lon = located["longitude"].to_numpy(dtype=float)
    lat = located["latitude"].to_numpy(dtype=float)
    xlim = (np.nanmin(lon) - pad, np.nanmax(lon) + pad) if len(lon) else (-180, 180)
    ylim = (np.nanmin(lat) - pad, np.nanmax(lat) + pad) if len(lat) else (-90, 90)
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Bbox
    view = Bbox([[xlim[0], ylim[0]], [xlim[1], ylim[1]]])
    for a, (label, g) in zip(axes, groups.items()):
        for name, rings in shapes.items():
            for ring in rings:
                # clipped to the map's extent, so no outline reaches past the panel
                path = MplPath(ring, closed=True).clip_to_bbox(view, inside=True)
                if len(path.vertices):
                    a.add_patch(PathPatch(path, facecolor="0.96", edgecolor="0.6", lw=0.5,
                                          zorder=0))
            ring = max(rings, key=len)
            inside = ring[(ring[:, 0] > xlim[0]) & (ring[:, 0] < xlim[1])
                          & (ring[:, 1] > ylim[0]) & (ring[:, 1] < ylim[1])]
            if len(inside) >= 3:            # name the country where its outline shows
                cx, cy = np.median(inside[:, 0]), np.median(inside[:, 1])
                cx = (cx + ring[:, 0].mean()) / 2
                cy = (cy + ring[:, 1].mean()) / 2
                if xlim[0] < cx < xlim[1] and ylim[0] < cy < ylim[1]:
                    a.text(cx, cy, name, ha="center", va="center", color="0.55", style="italic", zorder=1)
        for side in sides:
            s = g[g["side"] == side].sort_values("n", ascending=False)
            if len(s):
                a.scatter(s["lon"], s["lat"], s=max_size * s["n"] / biggest, facecolor="none",
                          edgecolor=side_color(str(side), declared, order=sides), lw=0.8, zorder=3)
        a.set_xlim(*xlim)
        a.set_ylim(*ylim)
        a.set_aspect(1 / np.cos(np.deg2rad(np.mean(ylim))))
        a.set_xlabel("longitude (degrees east)")
        shown, total = totals[label]
        a.set_title(f"{label}\n{shown} of {total} incidents mapped" if label
                    else f"{shown} of {total} incidents mapped")
    axes[0].set_ylabel("latitude (degrees north)")
    if legend:
        handles = [Line2D([], [], marker="o", ls="none", mfc="none", ms=6, mew=0.8,
                          color=side_color(str(s), declared, order=sides),
                          label=side_label(str(s), declared)) for s in sides]
        for n in sorted({1, max(1, biggest // 4), biggest}):
            handles.append(Line2D([], [], marker="o", ls="none", mfc="none", color="0.3",
                                  mew=0.8, ms=np.sqrt(max_size * n / biggest),
                                  label=f"{n} incident{'s' if n > 1 else ''}"))
        axes[-1].legend(handles=handles, frameon=False, loc="upper left",
                        bbox_to_anchor=(1.0, 1.0), borderaxespad=0.2, labelspacing=1.0)
    if names is not None:
        # name the busiest places last, once the layout is final, leaving out a name
        # that would cover another text or leave its panel
        apply_style(axes[0].figure)
        axes[0].figure.draw_without_rendering()
        for a, (label, g) in zip(axes, groups.items()):
            placed = []
            top_places = g.groupby(["lat", "lon"])["n"].sum().sort_values(ascending=False)
            for (py, px), _n in top_places.items():
                if len(placed) >= names:
                    break
                if any(abs(px - qx) + abs(py - qy) < 1.0 for qx, qy in placed):
                    continue                       # too close to a named place
                rows = located[(located["latitude"].round(decimals) == py)
                               & (located["longitude"].round(decimals) == px)]
                t = a.annotate(str(rows[name_column].mode().iloc[0]), (px, py),
                               xytext=(0, -7), textcoords="offset points", ha="center",
                               va="top", color="0.2", zorder=4)
                t.set_in_layout(False)
                if _overlaps_other_text(a, t):
                    t.remove()
                else:
                    placed.append((px, py))
    return axes


@_styled
def plot_event_timeline(counts, events, *, severity=None, ax=None, ylabel="incidents per week",
                        severity_label="severity index per week"):
    """Counts per side over time with numbered key events, and optionally a severity
    series underneath.

    Each event is a vertical line with a number at the top (numbers of events close in
    time are stacked so that they do not overlap); the numbers are explained in a key
    below the last panel ("1  27 Dec 2019  rocket attack on K-1 base").

    Parameters
    ----------
    counts : DataFrame
        One column per side on a regular date index (e.g. weekly
        :func:`analysis.to_counts`); drawn mirrored as :func:`plot_timeline` does.
    events : DataFrame or list of (date, label)
        The events to mark (a DataFrame needs ``date`` and ``label``).
    severity : DataFrame, optional
        One column per side on a date index (e.g. a severity index summed per week),
        drawn as step lines in the sides' colours on a second panel.
    ax : Axes or sequence of two Axes, optional
        One Axes, or two when ``severity`` is given (default: a new figure).
    ylabel, severity_label : str

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_event_timeline
    >>> weekly = ea.to_counts(ea.load_incidents(), freq="W", sides=["militia", "us"])
    >>> axes = plot_event_timeline(weekly, [("2024-01-28", "attack on Tower 22")])
    >>> axes[0].get_ylabel()
    'incidents per week'
    """
    ev = pd.DataFrame(events, columns=["date", "label"]) if not isinstance(events, pd.DataFrame) \
        else events
    if not {"date", "label"} <= set(ev.columns):
        raise ValueError("events needs the columns 'date' and 'label'")
    ev = ev.assign(date=pd.to_datetime(ev["date"])).sort_values("date").reset_index(drop=True)
    n_panels = 1 if severity is None else 2
    if ax is None:
        _, ax = new_figure("double", n_panels, 1, sharex=True,
                           gridspec_kw={"height_ratios": [2, 1][:n_panels]})
    axes = list(np.atleast_1d(ax))
    if len(axes) != n_panels:
        raise ValueError(f"plot_event_timeline needs {n_panels} Axes, got {len(axes)}")
    plot_timeline(counts, ax=axes[0], ylabel=ylabel)
    axes[0].legend(frameon=False, loc="upper left")
    if severity is not None:
        declared = severity.attrs.get("sides") or counts.attrs.get("sides")
        cols = list(severity.columns)
        for c in cols:
            axes[1].step(severity.index, severity[c].to_numpy(dtype=float), where="mid",
                         color=side_color(str(c), declared, order=cols), lw=0.8,
                         label=side_label(str(c), declared))
        axes[1].set_ylabel(severity_label)
        axes[1].set_ylim(bottom=0)
    span = (counts.index.max() - counts.index.min()).days or 1
    rows, last = [], {}
    for d in ev["date"]:                          # stack numbers of nearby events
        row = 0
        while row in last and (d - last[row]).days < span / 45:
            row += 1
        last[row] = d
        rows.append(row)
    for k, (d, row) in enumerate(zip(ev["date"], rows), start=1):
        for a in axes:
            a.axvline(d, color="0.4", lw=0.5, ls=":", zorder=0)
        axes[0].annotate(str(k), (d, 1.0), xycoords=("data", "axes fraction"),
                         xytext=(0, 2 + 9 * row), textcoords="offset points", ha="center",
                         va="bottom",
                         bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": "0.4",
                               "lw": 0.5})
    key = [f"{k}  {d.day} {d:%b %Y}  {lab}" for k, (d, lab) in enumerate(zip(ev["date"], ev["label"]),
                                                                    start=1)]
    half = (len(key) + 1) // 2
    for j, col in enumerate([key[:half], key[half:]]):
        axes[-1].text(0.55 * j, -0.32 if n_panels == 2 else -0.18, "\n".join(col),
                      transform=axes[-1].transAxes, va="top", ha="left", linespacing=1.4)
    return axes


def _monthly_shares(dates, values, order=None, top=None):
    """Month x category counts of ``values`` (a Series aligned with ``dates``)."""
    v = values.fillna("not stated").astype(str)
    if top is not None:
        keep = list(v.value_counts().index[:top])
        order = order or keep
        v = v.where(v.isin(keep), "other")
    t = pd.crosstab(pd.to_datetime(dates).dt.to_period("M").dt.to_timestamp(), v)
    cols = [c for c in (order or []) if c in t.columns] + \
        [c for c in t.columns if c not in (order or []) and c != "other"] + \
        (["other"] if "other" in t.columns else [])
    full = pd.date_range(t.index.min(), t.index.max(), freq="MS")
    return t[cols].reindex(full, fill_value=0)


@_styled
def plot_data_quality(incidents, sources=None, incident_sources=None, *, ax=None, top=3):
    """How well each month of the record is sourced: stacked monthly bars of the
    incidents' confirmation, their date precision, the language of their sources and
    who claimed them.

    Categories are not sides, so they are shades of grey (darkest = the strongest
    evidence: confirmed, dated to the day), never side colours.

    Parameters
    ----------
    incidents : DataFrame
        With ``incident_id``, ``date``, ``confirmation``, ``date_precision``,
        ``claimed_by``.
    sources, incident_sources : DataFrame, optional
        The sources table (``source_id``, ``language``) and the incident-source links
        (``incident_id``, ``source_id``; default: the ``;``-separated ``sources``
        column of ``incidents``): with ``sources``, a panel counts source links by
        language per month.
    ax : sequence of Axes, optional
        One per panel (3 or 4; default: a new figure).
    top : int
        Claimants shown by name (the rest are "other"); languages: ``top - 1`` by
        name.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_data_quality
    >>> axes = plot_data_quality(ea.load_incidents())
    >>> axes[0].get_ylabel()
    'incidents per month'
    """
    need = [c for c in ("incident_id", "date", "confirmation", "date_precision", "claimed_by")
            if c not in incidents.columns]
    if need:
        raise ValueError(f"the incident table has no column(s) {need}")
    panels = [("confirmation", _monthly_shares(incidents["date"], incidents["confirmation"],
                                               ["confirmed", "claimed", "reported"]),
               "incidents per month"),
              ("date precision", _monthly_shares(incidents["date"], incidents["date_precision"],
                                                 ["day", "week", "month"]), "incidents per month")]
    if sources is not None and incident_sources is None and "sources" in incidents.columns:
        incident_sources = (incidents[["incident_id", "sources"]].dropna()
                            .assign(source_id=lambda d: d["sources"].str.split(";"))
                            .explode("source_id"))
        incident_sources["source_id"] = incident_sources["source_id"].str.strip()
    if sources is not None and incident_sources is not None:
        links = (incident_sources[["incident_id", "source_id"]]
                 .merge(sources[["source_id", "language"]], on="source_id", how="left")
                 .merge(incidents[["incident_id", "date"]], on="incident_id", how="inner"))
        lang = links["language"].map(lambda c: _LANGUAGES.get(c, c) if isinstance(c, str) else c)
        panels.append(("source language", _monthly_shares(links["date"], lang, top=top - 1),
                       "source links per month"))
    claimed = incidents[incidents["claimed_by"].notna()]
    panels.append(("claimed by", _monthly_shares(claimed["date"], claimed["claimed_by"],
                                                 top=top), "claimed incidents per month"))
    if ax is None:
        _, ax = new_figure("tall", len(panels), 1, sharex=True)
    axes = list(np.atleast_1d(ax))
    if len(axes) != len(panels):
        raise ValueError(f"plot_data_quality needs {len(panels)} Axes, got {len(axes)}")
    for a, (title, table, ylabel) in zip(axes, panels):
        # one stepped area per category (a month is one step): a few polygons, not
        # hundreds of bars, so the figure stays small and quick to save
        x = pd.DatetimeIndex(list(table.index) + [table.index[-1] + pd.offsets.MonthBegin(1)])
        bottom = np.zeros(len(x))
        for i, c in enumerate(table.columns):
            vals = np.r_[table[c].to_numpy(dtype=float), table[c].to_numpy(dtype=float)[-1:]]
            a.fill_between(x, bottom, bottom + vals, step="post", lw=0.4, ec="0.15",
                           fc=_GREYS[i % len(_GREYS)], hatch=None if i < len(_GREYS) else "////",
                           label=str(c).replace("_", " "))
            bottom = bottom + vals
        a.set_ylim(bottom=0)
        a.set_ylabel(ylabel)
        a.set_title(title, loc="left")
        a.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), borderaxespad=0.2)
    return axes


@_styled
def plot_cross_effects(table, *, ax=None, xlabel="extra events of the responding side\n"
                       "per event of the triggering side", samples=("all", "confirmed")):
    """One forest plot of the cross-effects from several methods and samples.

    Parameters
    ----------
    table : DataFrame
        One row per estimate, with columns ``method``, ``source`` (the triggering side),
        ``target`` (the responding side), ``sample`` (e.g. ``"all"``,
        ``"confirmed"``), ``estimate``, ``lower``, ``upper`` and optionally ``note``:
        a row with a note and no estimate is written as that note (e.g. "not
        estimable"); a row with a note and an estimate is drawn hollow and grey with
        the note beside it (e.g. "unstable").
    ax : sequence of Axes, optional
        One per direction (default: a new figure, directions side by side).
    xlabel : str
        The common scale (say what it is; the figure has one axis per direction).
    samples : sequence of str
        Sample names in drawing order: the first filled, the second open markers.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.plotting import plot_cross_effects
    >>> t = pd.DataFrame({"method": ["A", "A"], "source": ["a", "a"], "target": ["b", "b"],
    ...                   "sample": ["all", "confirmed"], "estimate": [0.2, 0.1],
    ...                   "lower": [0.0, -0.1], "upper": [0.4, 0.3]})
    >>> [a.get_title() for a in plot_cross_effects(t)]
    ['a → b']
    """
    need = [c for c in ("method", "source", "target", "sample", "estimate", "lower", "upper")
            if c not in table.columns]
    if need:
        raise ValueError(f"plot_cross_effects: the table has no column(s) {need}")
    t = table.copy()
    if "note" not in t.columns:
        t["note"] = ""
    t["note"] = t["note"].fillna("")
    directions = list(dict.fromkeys(zip(t["source"], t["target"])))
    methods = list(dict.fromkeys(t["method"]))
    if ax is None:
        _, ax = new_figure("wide", 1, len(directions), sharey=True)
    axes = list(np.atleast_1d(ax))
    if len(axes) != len(directions):
        raise ValueError(f"plot_cross_effects needs {len(directions)} Axes, got {len(axes)}")
    sides = list(dict.fromkeys([s for d in directions for s in d]))
    declared = table.attrs.get("sides")
    offsets = {s: (k - (len(samples) - 1) / 2) * 0.3 for k, s in enumerate(samples)}
    for a, (src, tgt) in zip(axes, directions):
        color = acting_color(str(src), str(tgt), declared)
        sub = t[(t["source"] == src) & (t["target"] == tgt)]
        for r in sub.itertuples():
            y = methods.index(r.method) + offsets.get(r.sample, 0.0)
            filled = r.sample == samples[0]
            if pd.isna(r.estimate):
                a.text(0.0, y, f" {r.note or 'no estimate'}", va="center", ha="left",
                       color="0.4",
                       transform=a.get_yaxis_transform())
                continue
            c = "0.6" if r.note else color
            a.errorbar([r.estimate], [y], xerr=[[r.estimate - r.lower], [r.upper - r.estimate]],
                       fmt="o", ms=3.5, color=c, mfc=c if (filled and not r.note) else "white",
                       mew=0.9, capsize=1.5, lw=0.9)
            if r.note:
                a.annotate(f" {r.note}", (r.upper, y), xytext=(2, 0),
                           textcoords="offset points", va="center", color="0.4")
        a.axvline(0, color="0.5", lw=0.6)
        a.set_title(f"{side_label(str(src), declared)} \u2192 {side_label(str(tgt), declared)}")
        a.set_xlabel(xlabel)
    axes[0].set_yticks(range(len(methods)))
    axes[0].set_yticklabels(methods)
    axes[0].set_ylim(len(methods) - 0.5, -0.5)
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], marker="o", ls="none", color="0.2",
                      mfc="0.2" if k == 0 else "white", label=f"{s} incidents" if s == "all"
                      else f"{s} only") for k, s in enumerate(samples)]
    axes[-1].legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return axes


@_styled
def plot_predictive_check(observed, simulated, *, ax=None, level=0.9, sides=None,
                          ylabel="events per period"):
    """A posterior- (or parametric-) predictive check of a count series: the observed
    counts against the central ``level`` band and median of simulated ones.

    Parameters
    ----------
    observed : Series
        Observed counts on a date (or integer) index.
    simulated : array (n_sim, len(observed))
        Counts simulated from the fitted model on the same periods.
    ax : Axes, optional
    level : float
        Coverage of the band of simulated counts (pointwise quantiles).
    sides : str, optional
        The side whose counts these are (colour of the observed series; default: black).
    ylabel : str

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from analysis.plotting import plot_predictive_check
    >>> obs = pd.Series([1, 0, 2, 3])
    >>> sims = np.random.default_rng(1).poisson(1.5, size=(50, 4))
    >>> plot_predictive_check(obs, sims).get_ylabel()
    'events per period'
    """
    sims = np.asarray(simulated, dtype=float)
    if sims.ndim != 2 or sims.shape[1] != len(observed):
        raise ValueError(f"simulated must be (n_sim, {len(observed)}), got shape {sims.shape}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    ax = _ax(ax)
    lo, med, hi = np.quantile(sims, [(1 - level) / 2, 0.5, (1 + level) / 2], axis=0)
    x = observed.index
    ax.fill_between(x, lo, hi, step="mid", color="0.85", lw=0,
                    label=f"simulated, pointwise {100 * level:g}% band")
    ax.step(x, med, where="mid", color="0.45", lw=0.8, label="simulated, median")
    color = side_color(str(sides)) if sides is not None else "0.0"
    ax.step(x, observed.to_numpy(dtype=float), where="mid", color=color, lw=0.8,
            label="observed")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, loc="upper left")
    return ax


@_styled
def plot_gap_check(observed_gaps, simulated_gaps, *, ax=None, level=0.9, side=None,
                   max_gap=None, xlabel="days between consecutive events"):
    """Distribution of the gaps between consecutive events: the observed empirical
    CDF against the pointwise central ``level`` band of simulated ones.

    Parameters
    ----------
    observed_gaps : array
        Observed gaps (e.g. days between consecutive events of one side).
    simulated_gaps : list of arrays
        The gaps of each simulated realisation.
    ax : Axes, optional
    level : float
        Coverage of the pointwise band.
    side : str, optional
        Whose gaps these are (colour of the observed curve; default black).
    max_gap : float, optional
        Right end of the axis (default: the 99th percentile of the observed gaps).
    xlabel : str

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.plotting import plot_gap_check
    >>> g = np.random.default_rng(0)
    >>> ax = plot_gap_check(g.exponential(3, 50), [g.exponential(3, 50) for _ in range(20)])
    >>> ax.get_ylabel()
    'share of gaps at most x'
    """
    obs = np.asarray(observed_gaps, dtype=float)
    sims = [np.asarray(v, dtype=float) for v in simulated_gaps if len(v)]
    if obs.size == 0 or not sims:
        raise ValueError("plot_gap_check needs observed gaps and at least one simulated set")
    ax = _ax(ax, "single")
    top = float(max_gap) if max_gap is not None else float(np.quantile(obs, 0.99)) + 1
    grid = np.linspace(0, top, 200)
    ecdf = np.array([np.searchsorted(np.sort(v), grid, side="right") / v.size for v in sims])
    lo, hi = np.quantile(ecdf, [(1 - level) / 2, (1 + level) / 2], axis=0)
    ax.fill_between(grid, lo, hi, step="post", color="0.85", lw=0,
                    label=f"simulated, pointwise {100 * level:g}% band")
    o = np.searchsorted(np.sort(obs), grid, side="right") / obs.size
    ax.step(grid, o, where="post", color=side_color(str(side)) if side is not None else "0.0",
            lw=0.9, label="observed")
    ax.set_xlim(0, top)
    ax.set_ylim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share of gaps at most x")
    ax.legend(frameon=False, loc="lower right")
    return ax


__all__ += ["plot_gap_check", "read_boundaries", "plot_incident_map", "plot_event_timeline",
            "plot_data_quality", "plot_cross_effects", "plot_predictive_check"]
