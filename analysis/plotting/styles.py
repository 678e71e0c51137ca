"""The figure style: print sizes, the rc settings, role text sizes, neutral (non-side)
line and fill styles, and the figure factory ``new_figure`` whose style wraps the
whole figure when it is drawn.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

__all__ = ["style", "apply_style", "new_figure", "SIZES", "PRINT_WIDTHS",
           "TEXT_SIZE_RANGE", "neutral_styles", "neutral_fills"]


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
