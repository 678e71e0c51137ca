"""Read-back checks of saved figures, and the manifest that makes them possible.

:func:`analysis.plotting.check_figure` measures a live matplotlib figure before it is
written. The functions here check what was *written*: the PDF and PNG files themselves,
read back with pdfminer.six (text, font sizes, page size) and Pillow (pixel size), and a
small manifest that :func:`analysis.plotting.save_figure` writes beside them,
``<figures>/manifest/<name>.json``.

**The manifest** holds what a file alone cannot say: where the legends are and which
plotted data lie near them (in PDF points, page coordinates), the data values every
short data series plots (``marks``, in data units), the numbers declared shown
(``save_figure(..., shows={key: value})``), and the SHA-256 of every file written with
it, so that a manifest left over from an older figure fails the check instead of
vouching for it. It has no timestamps: the same figure gives a byte-identical manifest.

**The checks** (:func:`check_saved_figure`), each a :class:`~analysis.plotting.FigureProblem`:

* ``"stale manifest"``: a file's bytes do not match the manifest's hash;
* ``"page size"``: the PDF page is not a print width (3.5 or 7.2 in) or not the
  manifest's size;
* ``"png size"``: the PNG's pixels are not the page size times the dpi;
* ``"text size"``: a character's size at print size outside :data:`TEXT_SIZE_RANGE`;
* ``"text overlap"``: characters of two different texts overlap;
* ``"off page"``: a character reaches beyond the page;
* ``"legend over data"``: a legend box (manifest; its labels found in the PDF inside
  it) intersects plotted data (the manifest's geometry near it);
* ``"number"``: a declared shown number differs from the values file at its stated
  precision (:func:`check_shown_numbers`).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

__all__ = ["MANIFEST_DIR", "figure_manifest", "write_manifest", "read_manifest",
           "read_pdf_chars", "PdfChar", "check_saved_figure", "check_shown_numbers",
           "values_leaves", "number_tolerance"]

#: Folder (inside the figures folder) of the manifests :func:`save_figure` writes.
MANIFEST_DIR = "manifest"
#: Largest number of values of one artist listed in a manifest's ``marks`` (long series
#: such as daily counts are summaries of data, not quoted numbers).
MAX_MARKS = 400
#: Points of padding around a legend within which plotted geometry is recorded.
_NEAR_PT = 3.0
#: Decimals of page coordinates (points) in a manifest.
_PT_DECIMALS = 2
#: Overlap (points) below which two characters do not count as overlapping.
_TOLERANCE_PT = 0.25
#: Slack (points) around a manifest's legend box when finding its labels in the PDF.
_LEGEND_SLACK_PT = 4.0
#: Side bearing allowed at the page edge, in em: a glyph's advance box is wider than its
#: ink.
_BEARING_EM = 0.15


#: A number as printed in a text (a percentage keeps its per-cent sign).
_NUMBER = __import__("re").compile(
    r"(?:(?<![\w.])-)?(?<![\w.])\d+(?:\.\d+)?(?:[eE][-+]?\d+)?%?")
# (a minus only where it is not a range's hyphen: "0.72-1.85" is 0.72 and 1.85)


def _plain(text: str) -> str:
    """Text with the typographic minus as "-" and no thousands separators."""
    return text.replace("\u2212", "-").replace("\u2009", "").replace(",", " ")


def _printed_value(token: str):
    """(value, half the unit of its last printed digit) of a printed number."""
    pct = token.endswith("%")
    body = token.rstrip("%")
    mantissa, _, exponent = body.lower().partition("e")
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = (0.01 if pct else 1.0) * (10.0 ** int(exponent) if exponent else 1.0)
    if exponent:                        # 9.1e-08: the last digit is 1e-9
        return float(mantissa) * scale, 0.5 * 10.0 ** -decimals * scale
    if decimals == 0 and not pct:
        return float(body), 0.0         # a printed integer is a count: equal or not
    return float(mantissa) * scale, 0.5 * 10.0 ** -decimals * scale


def _problem(kind, message):
    from .plotting import FigureProblem
    return FigureProblem(kind, message)


def _num(v) -> float:
    """A data value for the manifest: 6 significant digits, no -0."""
    v = float(v)
    if not math.isfinite(v):
        return None
    return float(f"{v:.6g}") + 0.0


def _pt(a, scale):
    return np.round(np.asarray(a, dtype=float) / scale, _PT_DECIMALS) + 0.0


# ---------------------------------------------------------------------------------------
# the manifest
# ---------------------------------------------------------------------------------------
def _clip_polygon(poly, box):
    """Sutherland-Hodgman: ``poly`` (n x 2) clipped to ``box`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    edges = [(lambda p: p[0] >= x0, lambda p, q: _cut(p, q, 0, x0)),
             (lambda p: p[0] <= x1, lambda p, q: _cut(p, q, 0, x1)),
             (lambda p: p[1] >= y0, lambda p, q: _cut(p, q, 1, y0)),
             (lambda p: p[1] <= y1, lambda p, q: _cut(p, q, 1, y1))]
    out = [tuple(p) for p in poly]
    for inside, cut in edges:
        if not out:
            break
        src, out = out, []
        for k, q in enumerate(src):
            p = src[k - 1]
            if inside(q):
                if not inside(p):
                    out.append(cut(p, q))
                out.append(q)
            elif inside(p):
                out.append(cut(p, q))
    return out


def _cut(p, q, axis, v):
    t = (v - p[axis]) / (q[axis] - p[axis])
    return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))


def _segments_near(pts, box):
    """Segments (x0, y0, x1, y1) of a polyline whose bounding box meets ``box``."""
    pts = np.asarray(pts, dtype=float)
    if len(pts) < 2:
        return np.empty((0, 4))
    a, b = pts[:-1], pts[1:]
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    near = ok & (hi[:, 0] >= box[0]) & (lo[:, 0] <= box[2]) & (hi[:, 1] >= box[1]) \
        & (lo[:, 1] <= box[3])
    return np.hstack([a[near], b[near]])


def _points_near(pts, box):
    pts = np.asarray(pts, dtype=float).reshape(-1, 2)
    pts = pts[np.isfinite(pts).all(axis=1)]
    inside = (pts[:, 0] >= box[0]) & (pts[:, 0] <= box[2]) & (pts[:, 1] >= box[1]) \
        & (pts[:, 1] <= box[3])
    return pts[inside]


def _geometry_near(artist, box, scale):
    """What of ``artist`` (drawn) lies within ``box`` (points): a list of records."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D

    px = [v * scale for v in box]
    out = []
    label = artist.get_label()
    label = label if label and not label.startswith("_") else type(artist).__name__

    def add(kind, arr):
        arr = np.asarray(arr, dtype=float)
        if arr.size:
            out.append({"artist": label, "kind": kind,
                        "xy": _pt(arr, scale).tolist()})

    def add_path(path, filled):           # a drawn path: polygons clipped, or segments
        for poly in path.to_polygons(closed_only=False):
            if filled:
                clipped = _clip_polygon(poly, px)
                if len(clipped) >= 3:
                    add("polygon", clipped)
            else:
                add("segments", _segments_near(poly, px))

    if isinstance(artist, Line2D):
        xy = np.asarray(artist.get_xydata(), dtype=float)
        if len(xy) == 0:
            return out
        pts = artist.get_transform().transform(xy)
        if artist.get_marker() not in (None, "None", "none", "", " "):
            add("points", _points_near(pts, px))
        if artist.get_linestyle() not in ("None", "none", "", " "):
            add("segments", _segments_near(pts, px))
        return out
    if isinstance(artist, Collection):
        transform = artist.get_transform()
        offsets = np.asarray(artist.get_offsets(), dtype=float)
        if len(offsets) and not transform.contains_branch(artist.axes.transData):
            add("points", _points_near(artist.get_offset_transform().transform(offsets), px))
            return out
        filled = not hasattr(artist, "get_segments")
        for path in artist.get_paths():
            if len(path.vertices):
                add_path(transform.transform_path(path), filled)
        return out
    add_path(artist.get_transform().transform_path(artist.get_path()), artist.get_fill())
    return out


def _marks(artist) -> list:
    """The data values (both coordinates) an artist plots, if it plots few."""
    from matplotlib.collections import Collection, LineCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    if isinstance(artist, Line2D):
        vals = [artist.get_xdata(orig=False), artist.get_ydata(orig=False)]
    elif isinstance(artist, LineCollection):
        vals = [np.asarray(s, dtype=float) for s in artist.get_segments()]
    elif isinstance(artist, Collection):
        vals = [np.asarray(artist.get_offsets(), dtype=float)]
        transform = artist.get_transform()
        if artist.axes is not None and transform.contains_branch(artist.axes.transData):
            vals += [p.vertices for p in artist.get_paths()]
    elif isinstance(artist, Rectangle):
        x, y, w, h = artist.get_x(), artist.get_y(), artist.get_width(), artist.get_height()
        vals = [[x, y, w, h, x + w, y + h]]
    else:
        return []
    try:
        flat = np.concatenate([np.ravel(np.asarray(v, dtype=float)) for v in vals]) \
            if vals else np.empty(0)
    except (TypeError, ValueError):
        return []
    if flat.size > MAX_MARKS:
        return []
    return [v for v in (_num(x) for x in flat) if v is not None]


def _hash(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def figure_manifest(fig, renderer, *, name: str, dpi: int, shows=None) -> dict:
    """The manifest of a figure as drawn by ``renderer`` (without the files' hashes,
    which :func:`write_manifest` adds).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, laid out as in the files (``save_figure`` holds its layout).
    renderer : matplotlib renderer
        The renderer of the last draw; its dpi is ``fig.dpi``.
    name : str
        The figure's file stem.
    dpi : int
        The raster resolution the PNG was written at.
    shows : dict, optional
        ``{values-file key: value}``: numbers the figure shows (keys as
        :func:`values_leaves` names them, parts joined by ``"/"``).

    Returns
    -------
    dict
        JSON-ready; see the module docstring.
    """
    from .plotting import _data_artists

    scale = fig.dpi / 72.0
    w, h = fig.get_size_inches()
    legends = [(ax.get_legend(), [k]) for k, ax in enumerate(fig.axes)
               if ax.get_legend() is not None]
    legends += [(leg, list(range(len(fig.axes)))) for leg in fig.legends]
    out_legends = []
    for legend, axes in legends:
        if not legend.get_visible():
            continue
        box = [float(v) for v in _pt(legend.get_window_extent(renderer).extents, scale)]
        near_box = [box[0] - _NEAR_PT, box[1] - _NEAR_PT, box[2] + _NEAR_PT,
                    box[3] + _NEAR_PT]
        near = []
        for k in axes:
            for artist in _data_artists(fig.axes[k]):
                near += _geometry_near(artist, near_box, scale)
        out_legends.append({"axes": axes, "box": box,
                            "labels": [t.get_text() for t in legend.get_texts()
                                       if t.get_visible() and t.get_text().strip()],
                            "near": near})
    marks = []
    for k, ax in enumerate(fig.axes):
        vals = sorted({v for a in _data_artists(ax) for v in _marks(a)})
        marks.append(vals)
    from .plotting import _drawn_texts
    printed = sorted({n for what, t in _drawn_texts(fig) if not what.startswith("tick label")
                      for n in _NUMBER.findall(_plain(t.get_text()))})
    shown = {}
    for key, value in (shows or {}).items():
        if not isinstance(key, str):
            raise TypeError(f"shows keys must be values-file keys (str, parts joined by "
                            f"'/'), got {key!r}")
        v = _num(value)
        if v is None:
            raise ValueError(f"shows[{key!r}] must be a finite number, got {value!r}")
        shown[key] = v
    return {"name": str(name), "size_in": [float(w), float(h)], "dpi": int(dpi),
            "legends": out_legends, "marks": marks, "printed": printed, "shows": shown}


def write_manifest(manifest: dict, directory, files) -> Path:
    """Write ``manifest`` to ``<directory>/manifest/<name>.json`` with the SHA-256 of
    each of ``files`` (the files it describes), sorted keys and no timestamps:
    byte-identical for the same figure. Returns the path."""
    manifest = {**manifest, "files": {Path(p).suffix.lstrip("."): _hash(p) for p in files}}
    out = Path(directory) / MANIFEST_DIR
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{manifest['name']}.json"
    path.write_text(json.dumps(manifest, sort_keys=True, separators=(",", ":"))
                    + "\n", encoding="utf-8")
    return path


def read_manifest(path) -> dict:
    """Read a manifest written by :func:`write_manifest`."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------
# reading a PDF back
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PdfChar:
    """One character drawn in a PDF, as read back.

    Attributes
    ----------
    text : str
    size : float
        Font size at print size (points), the text matrix's scale included.
    corners : numpy.ndarray
        4 x 2 corners (points, page coordinates) of the glyph's core: baseline minus
        0.2 em to baseline plus 0.72 em, across its advance width, rotated with the text.
    run : int
        Index of the text run the character belongs to: glyphs set one after the other
        on one baseline, less than 0.6 em apart (one line of a text, or texts set that
        close, which read as one line).
    spaced : bool
        A gap wider than 0.15 em (a word space) precedes it within its run.
    """

    text: str
    size: float
    corners: np.ndarray
    run: int
    spaced: bool = False


def read_pdf_chars(path):
    """The characters of the first page of a PDF, and the page size in points.

    Returns
    -------
    chars : list of PdfChar
    page : (float, float)
        Width and height of the page (MediaBox), points.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class _Aggregator(PDFPageAggregator):
        # LTChar keeps the font size only folded into its box: record it as drawn
        def render_char(self, matrix, font, fontsize, scaling, rise, *args, **kwargs):
            adv = super().render_char(matrix, font, fontsize, scaling, rise, *args,
                                      **kwargs)
            self.cur_item._objs[-1].tf_size = float(fontsize)
            self.cur_item._objs[-1].rise = float(rise)
            return adv

    class _TextInterpreter(PDFPageInterpreter):
        # matplotlib draws markers as form XObjects, used once per marker; they hold no
        # text (texts are in the page's own stream), so they are not executed
        def do_Do(self, xobjid):
            return None

    with open(path, "rb") as fh:
        page = next(PDFPage.get_pages(fh))
        manager = PDFResourceManager()
        device = _Aggregator(manager, laparams=None)
        _TextInterpreter(manager, device).process_page(page)
        layout = device.get_result()
        x0, y0, x1, y1 = page.mediabox

    chars: list = []
    run, last = -1, None

    def walk(obj):
        nonlocal run, last
        for item in obj:
            if isinstance(item, LTChar):
                a, b, c, d, e, f = item.matrix
                fs = getattr(item, "tf_size", item.size)
                size = fs * math.hypot(c, d)           # the font size on the page
                advance = item.adv * np.array([a, b])  # text space -> page
                em_y = fs * np.array([c, d])
                origin = np.array([e, f]) + item.rise * np.array([c, d])
                # a new run (text line) where this glyph does not continue the last one
                # (along the baseline: from 0.3 em back, kerning, to 0.6 em on; a text
                # set back over the last one's glyphs starts a run, so it can overlap)
                key = (round(a, 4), round(b, 4), round(c, 4), round(d, 4))
                gap = across = np.inf
                if last is not None and last[0] == key:
                    step = origin - last[1]
                    unit = np.array([a, b]) / max(math.hypot(a, b), 1e-12)
                    gap = float(step @ unit)
                    across = abs(float(step[0] * unit[1] - step[1] * unit[0]))
                if not (-0.3 * size <= gap <= 0.6 * size and across <= 0.5 * size):
                    run, gap = run + 1, 0.0
                lo, hi = -0.2, 0.72
                corners = np.array([origin + lo * em_y, origin + lo * em_y + advance,
                                    origin + hi * em_y + advance, origin + hi * em_y])
                chars.append(PdfChar(item.get_text(), float(size), corners, run,
                                     gap > 0.15 * size))
                last = (key, origin + advance)
            elif hasattr(item, "__iter__"):
                walk(item)

    walk(layout)
    return chars, (float(x1 - x0), float(y1 - y0))


def _overlap(p, q, tol) -> bool:
    from .plotting import _rectangles_overlap
    return _rectangles_overlap(p, q, tol)


def _legend_hits(legend) -> list:
    """Names of the artists whose recorded geometry enters the legend box."""
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Bbox

    x0, y0, x1, y1 = legend["box"]
    box = Bbox([[x0, y0], [x1, y1]])
    hits = []
    for rec in legend["near"]:
        xy = np.asarray(rec["xy"], dtype=float)
        if rec["kind"] == "points":
            hit = bool(box.count_contains(xy))
        elif rec["kind"] == "segments":
            hit = any(MplPath(s.reshape(2, 2)).intersects_bbox(box, filled=False)
                      for s in xy.reshape(-1, 4))
        else:
            hit = MplPath(xy, closed=False).intersects_bbox(box, filled=True)
        if hit and rec["artist"] not in hits:
            hits.append(rec["artist"])
    return hits


def check_saved_figure(pdf, png=None, manifest=None, *, text_sizes=None,
                       widths=None) -> list:
    """Check a saved figure from its files: the PDF, the PNG and the manifest.

    Parameters
    ----------
    pdf : path-like
        The PDF written by :func:`analysis.plotting.save_figure`.
    png : path-like, optional
        The PNG written with it.
    manifest : path-like or dict, optional
        Its manifest (default: ``<pdf folder>/manifest/<stem>.json`` if it exists).
    text_sizes : (float, float), optional
        Allowed font sizes, points (default :data:`~analysis.plotting.TEXT_SIZE_RANGE`).
    widths : iterable of float, optional
        Allowed page widths, inches (default the values of
        :data:`~analysis.plotting.PRINT_WIDTHS`).

    Returns
    -------
    list of FigureProblem
        Empty when the files pass; see the module docstring for the kinds.
    """
    from .plotting import PRINT_WIDTHS, TEXT_SIZE_RANGE

    pdf = Path(pdf)
    lo, hi = text_sizes or TEXT_SIZE_RANGE
    widths = list(widths or PRINT_WIDTHS.values())
    problems = []
    if manifest is None:
        candidate = pdf.parent / MANIFEST_DIR / f"{pdf.stem}.json"
        manifest = candidate if candidate.exists() else None
    if manifest is not None and not isinstance(manifest, dict):
        manifest = read_manifest(manifest)
    if manifest is not None:
        for fmt, path in (("pdf", pdf), ("png", png)):
            if path is None:
                continue
            want = manifest["files"].get(fmt)
            if want is None or want != _hash(path):
                problems.append(_problem(
                    "stale manifest", f"{Path(path).name} is not the file its manifest "
                    "describes (SHA-256 differs): save the figure again"))
    chars, (pw, ph) = read_pdf_chars(pdf)
    w_in, h_in = pw / 72.0, ph / 72.0
    if not any(abs(w_in - w) < 0.01 for w in widths):
        problems.append(_problem("page size", f"the page is {w_in:.2f} in wide, not a "
                                 f"print width ({', '.join(map(str, widths))} in)"))
    if manifest is not None and (abs(w_in - manifest["size_in"][0]) > 0.01
                                 or abs(h_in - manifest["size_in"][1]) > 0.01):
        problems.append(_problem("page size", f"the page is {w_in:.2f} x {h_in:.2f} in, "
                                 f"the manifest says {manifest['size_in']}"))
    if png is not None:
        from PIL import Image
        with Image.open(png) as im:
            size = im.size
            info_dpi = im.info.get("dpi")
        dpi = manifest["dpi"] if manifest is not None else (
            round(info_dpi[0]) if info_dpi else None)
        if dpi is None:
            problems.append(_problem("png size", f"{Path(png).name} states no dpi"))
        else:
            want = (w_in * dpi, h_in * dpi)
            if abs(size[0] - want[0]) > 1 or abs(size[1] - want[1]) > 1:
                problems.append(_problem(
                    "png size", f"{Path(png).name} is {size[0]} x {size[1]} px, the page "
                    f"at {dpi} dpi is {want[0]:.0f} x {want[1]:.0f} px"))
            if info_dpi and abs(info_dpi[0] - dpi) > 0.5:
                problems.append(_problem(
                    "png size", f"{Path(png).name} states {info_dpi[0]:.0f} dpi, "
                    f"written at {dpi}"))
    texts = _run_texts(chars)
    bad: dict = {}
    for c in chars:
        if not lo - 0.05 <= c.size <= hi + 0.05:
            bad.setdefault(round(c.size, 2), []).append(texts[c.run])
    for size, runs in sorted(bad.items()):
        names = list(dict.fromkeys(runs))
        problems.append(_problem("text size", f"{size} pt, outside {lo}-{hi} pt: "
                                 + ", ".join(repr(t) for t in names[:4])
                                 + (", ..." if len(names) > 4 else "")))
    for c in chars:
        # the box runs over the advance width; the ink of a glyph starts and ends up to
        # about 0.15 em inside it (side bearings)
        x, y, tol = c.corners[:, 0], c.corners[:, 1], _BEARING_EM * c.size
        if x.min() < -tol or y.min() < -tol or x.max() > pw + tol or y.max() > ph + tol:
            problems.append(_problem("off page", f"{c.text!r} reaches beyond the page"))
            break
    problems += _char_overlaps(chars)
    if manifest is not None:
        problems += _check_legends(manifest, chars)
        drawn = " ".join(_run_texts(chars).values())
        found = set(_NUMBER.findall(_plain(drawn)))
        missing = [n for n in manifest.get("printed", []) if n not in found]
        if missing:
            problems.append(_problem(
                "stale manifest", f"the numbers {missing[:5]} of the manifest are not "
                "printed in the PDF"))
    return problems


def _run_texts(chars) -> dict:
    texts: dict = {}
    for c in chars:
        texts[c.run] = texts.get(c.run, "") + (" " if c.spaced else "") + c.text
    return texts


def _char_overlaps(chars) -> list:
    """Characters of two different runs that overlap (a run is one text line)."""
    if len(chars) < 2:
        return []
    boxes = np.array([[c.corners[:, 0].min(), c.corners[:, 1].min(),
                       c.corners[:, 0].max(), c.corners[:, 1].max()] for c in chars])
    order = np.argsort(boxes[:, 0])
    texts = _run_texts(chars)
    seen, problems = set(), []
    for n, a in enumerate(order):
        for b in order[n + 1:]:
            if boxes[b, 0] > boxes[a, 2] - _TOLERANCE_PT:
                break
            if chars[a].run == chars[b].run:
                continue
            if min(boxes[a, 3], boxes[b, 3]) - max(boxes[a, 1], boxes[b, 1]) <= _TOLERANCE_PT:
                continue
            pair = tuple(sorted((chars[a].run, chars[b].run)))
            if pair in seen:
                continue
            if _overlap(chars[a].corners, chars[b].corners, _TOLERANCE_PT):
                seen.add(pair)
                problems.append(_problem(
                    "text overlap", f"{texts[pair[0]]!r} overlaps {texts[pair[1]]!r}"))
    return problems


def _check_legends(manifest, chars) -> list:
    problems = []
    for legend in manifest["legends"]:
        x0, y0, x1, y1 = legend["box"]
        # the box was measured by Agg at the PNG's resolution, the PDF sets the text
        # with its own metrics: a few points of slack
        slack = _LEGEND_SLACK_PT
        inside = "".join(c.text for c in chars
                         if x0 - slack <= c.corners[:, 0].mean() <= x1 + slack
                         and y0 - slack <= c.corners[:, 1].mean() <= y1 + slack)
        inside = "".join(inside.split())
        missing = [lab for lab in legend["labels"]
                   if "".join(lab.replace("$", "").split()) not in inside]
        if missing:
            problems.append(_problem(
                "stale manifest", f"the legend labels {missing} are not drawn inside the "
                f"legend box {legend['box']} of the PDF"))
        hits = _legend_hits(legend)
        if hits:
            problems.append(_problem(
                "legend over data", f"the legend {legend['labels'][:3]} covers plotted "
                f"data ({', '.join(map(str, hits[:3]))})"))
    return problems


# ---------------------------------------------------------------------------------------
# numbers shown against the values file
# ---------------------------------------------------------------------------------------
def values_leaves(path) -> dict:
    """The numbers of a values file: ``{"part/part/...": Decimal}`` (decimals kept as
    written, so the stated precision is known)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    out = {}

    def walk(x, key):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, f"{key}/{k}" if key else str(k))
        elif isinstance(x, list):
            for k, v in enumerate(x):
                walk(v, f"{key}/{k}")
        elif isinstance(x, (Decimal, int)) and not isinstance(x, bool):
            out[key] = Decimal(x)

    walk(data, "")
    return out


def number_tolerance(value: Decimal) -> float:
    """Half the unit of the last stated digit of a values-file number: at least the
    number's own 3rd significant digit, at least its last written decimal."""
    from .reporting import stated_unit
    written = 10.0 ** value.as_tuple().exponent if value.as_tuple().exponent < 0 else 1.0
    unit = max(stated_unit(float(value)) or 0.001, written)
    return 0.5 * unit * (1 + 1e-9)


def check_shown_numbers(manifest: dict, values: dict, *, expected=()) -> list:
    """Compare the numbers a figure shows with its notebook's values file.

    Parameters
    ----------
    manifest : dict
        The figure's manifest (:func:`read_manifest`).
    values : dict
        :func:`values_leaves` of the notebook's values file.
    expected : iterable of str
        Values keys the figure is declared to plot (keys, or ``fnmatch`` patterns over
        them): each must equal, at its stated precision, one of the values the figure
        plots (the manifest's ``marks``) or a declared shown number.

    Returns
    -------
    list of FigureProblem
        ``"number"`` problems: a declared shown number (``shows``) that differs from the
        values file or names no key of it, an expected key the figure does not show, a
        pattern that matches no key.
    """
    from fnmatch import fnmatchcase

    problems = []
    for key, shown in manifest.get("shows", {}).items():
        if key not in values:
            problems.append(_problem("number", f"shows names {key!r}, not a key of the "
                                     "values file"))
            continue
        want = values[key]
        if abs(float(shown) - float(want)) > number_tolerance(want):
            problems.append(_problem("number", f"the figure shows {key} = {shown}, the "
                                     f"values file says {want}"))
    plotted = np.array(sorted({v for axes in manifest.get("marks", []) for v in axes}
                              | set(manifest.get("shows", {}).values())), dtype=float)
    printed = [_printed_value(t) for t in manifest.get("printed", [])]
    from .models.calibration_report import MEASURED_SUFFIXES
    for pattern in expected:
        # a pattern matches the figure's numbers, not the measured size or coverage that
        # label_values writes beside them (those are for the text and the values file)
        keys = ([pattern] if pattern in values       # a key itself ("a[i<-j]" is no class)
                else [k for k in values if fnmatchcase(k, pattern)
                      and not k.endswith(MEASURED_SUFFIXES)])
        if not keys:
            problems.append(_problem("number", f"{pattern!r} matches no key of the values "
                                     "file"))
        for key in keys:
            want, tol = float(values[key]), number_tolerance(values[key])
            if plotted.size and np.min(np.abs(plotted - want)) <= tol:
                continue
            # printed at the figure's own precision (0.61 for 0.614, 61% for 0.614); both
            # are roundings of one number, so they differ by up to both half-units
            if any(abs(v - want) <= (tol + half if half else tol) for v, half in printed):
                continue
            problems.append(_problem(
                "number", f"the figure neither plots nor prints {key} = {values[key]}"))
    return problems
