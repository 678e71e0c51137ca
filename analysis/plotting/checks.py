"""The strict figure checks: text sizes in print, text over data, overlapping labels and
raw ids, measured on the laid-out figure (``check_figure``; ``save_figure`` enforces
them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from ..exceptions import FigureError, FigureWarning, warn
from ..sides import side_label

from .styles import PRINT_WIDTHS, TEXT_SIZE_RANGE, _axes_axis

__all__ = ["check_figure", "FigureProblem", "FIGURE_CHECK_ENV"]


#: Environment variable: ``"error"`` makes :func:`save_figure` raise on a figure that
#: fails :func:`check_figure` (``make figures`` sets it); ``"off"`` skips the check;
#: anything else (the default) warns with :class:`FigureWarning`.
FIGURE_CHECK_ENV = "ESCALATION_FIGURE_CHECK"


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

    from ..sides import registry
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
