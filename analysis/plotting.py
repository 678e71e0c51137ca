"""Figure style and deterministic saving.

Every figure of the project goes through :func:`save_figure`, which fixes the size, the
dpi and the style and strips the metadata that would make two runs differ (PNG
``Software``, PDF ``CreationDate``/``Producer``, SVG date and random ids). Running the
notebooks twice therefore writes byte-identical files.
"""

from __future__ import annotations

import contextlib

import zlib
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .reporting import figures_dir

__all__ = ["style", "new_figure", "save_figure", "SIZES", "SIDE_COLORS", "side_color",
           "plot_timeline", "plot_stacked_bars", "plot_cumulative_vs_tallies"]

#: Figure sizes in inches (width, height): one journal column, two columns, square panel.
SIZES = {
    "single": (3.5, 2.6),
    "wide": (7.2, 3.0),
    "double": (7.2, 4.8),
    "tall": (7.2, 8.0),
    "square": (4.0, 4.0),
}

#: Colours (colour-blind safe, Okabe-Ito) assigned to sides in order of appearance;
#: the common sides get fixed colours so every figure agrees.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
            "#000000"]
SIDE_COLORS = {"militia": "#D55E00", "us": "#0072B2", "iran": "#009E73"}

_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "standard",
    "svg.hashsalt": "escalation-analysis",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "image.cmap": "viridis",
}


def side_color(side: str, order=None) -> str:
    """The colour of ``side``: fixed for common sides, else by position in ``order``."""
    if side in SIDE_COLORS:
        return SIDE_COLORS[side]
    order = list(order) if order is not None else []
    # zlib.crc32, not hash(): str hashes change between processes (PYTHONHASHSEED)
    i = order.index(side) if side in order else zlib.crc32(side.encode()) % len(_PALETTE)
    return _PALETTE[i % len(_PALETTE)]


@contextmanager
def style():
    """Context manager applying the package's figure style (restores rcParams after)."""
    with mpl.rc_context(_RC):
        yield


def new_figure(size: str = "single", nrows: int = 1, ncols: int = 1, **kwargs):
    """``plt.subplots`` in the package style and one of the :data:`SIZES`."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, got {size!r}")
    with mpl.rc_context(_RC):
        fig, ax = plt.subplots(nrows, ncols, figsize=SIZES[size], **kwargs)
    return fig, ax


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
                dpi: int = 200, close: bool = True) -> list[Path]:
    """Save ``fig`` as ``<figures>/<name>.<fmt>`` for each format, deterministically.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        File stem, conventionally ``"<notebook number>-<what>"``, e.g. ``"01-timeline"``.
    directory : path-like, optional
        Defaults to :func:`analysis.reporting.figures_dir` (``figures/``).
    formats : sequence of {"png", "pdf", "svg"}
    size : str or (float, float), optional
        A key of :data:`SIZES` or inches; if given the figure is resized first.
    dpi : int
        Resolution of raster output.
    close : bool
        Close the figure after saving (notebooks then do not render it twice).

    Returns
    -------
    list of Path
        The files written.
    """
    allowed = {"png", "pdf", "svg"}
    bad = set(formats) - allowed
    if bad:
        raise ValueError(f"formats must be among {sorted(allowed)}, got {sorted(bad)}")
    if size is not None:
        fig.set_size_inches(SIZES[size] if isinstance(size, str) else size)
    out_dir = figures_dir(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
        "svg": {"Creator": None, "Date": None},
    }
    _snap_figure(fig)
    written = []
    with mpl.rc_context(_RC), _pdf_coordinates_to(PDF_DECIMALS):
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt])
            written.append(path)
    if close:
        plt.close(fig)
    return written


# ---------------------------------------------------------------------------------------
# plots of the data (every function takes ax=None and returns the Axes)
# ---------------------------------------------------------------------------------------
def _ax(ax, size="wide"):
    if ax is None:
        _, ax = new_figure(size)
    return ax


def plot_timeline(counts, ax=None, *, mirror: bool | None = None, colors=None,
                  spans=None, ylabel: str = "events per day"):
    """Counts per side over time (``counts`` as :func:`analysis.to_counts` gives).

    With exactly two sides and ``mirror`` (the default for two sides) the first side is
    drawn above the axis and the second below it, so the rhythm of attack and response
    reads at a glance; otherwise each side is a step line. ``spans`` is an optional
    list of ``(start, end, label)`` windows shaded in grey.
    """
    ax = _ax(ax)
    cols = list(counts.columns)
    mirror = (len(cols) == 2) if mirror is None else mirror
    if mirror and len(cols) != 2:
        raise ValueError("mirror=True needs exactly two sides")
    colors = colors or {c: side_color(str(c), cols) for c in cols}
    x = counts.index
    width = (x[1] - x[0]) if len(x) > 1 else pd.Timedelta(days=1)
    for spec in spans or []:
        ax.axvspan(spec[0], spec[1], color="0.92", zorder=0, lw=0)
        if len(spec) > 2 and spec[2]:
            ax.text(spec[0], 1.0, f" {spec[2]}", transform=ax.get_xaxis_transform(),
                    va="top", ha="left", fontsize=6, color="0.35")
    if mirror:
        a, b = cols
        ax.bar(x, counts[a].to_numpy(), width=width, color=colors[a], label=str(a), lw=0)
        ax.bar(x, -counts[b].to_numpy(), width=width, color=colors[b], label=str(b), lw=0)
        ax.axhline(0, color="0.3", lw=0.5)
        top = max(1, float(np.nanmax(counts.to_numpy())))
        ax.set_ylim(-top * 1.05, top * 1.05)
        ticks = ax.get_yticks()
        ax.set_yticks(ticks)
        ax.set_yticklabels([f"{abs(t):g}" for t in ticks])
        ax.set_ylim(-top * 1.05, top * 1.05)
    else:
        for c in cols:
            ax.step(x, counts[c].to_numpy(), where="post", color=colors[c], label=str(c), lw=0.8)
    ax.set_ylabel(ylabel + (f" ({cols[0]} up, {cols[1]} down)" if mirror else ""))
    ax.legend(frameon=False, loc="best")
    return ax


def plot_stacked_bars(table, ax=None, *, colors=None, ylabel: str = "incidents"):
    """Stacked bars of a period x category table (e.g. ``to_counts(inc, "MS", by="country")``)."""
    import seaborn as sns

    ax = _ax(ax)
    x = table.index
    width = ((x[1] - x[0]) * 0.85) if len(x) > 1 else pd.Timedelta(days=1) * 20
    bottom = np.zeros(len(table))
    palette = sns.color_palette("colorblind", len(table.columns))
    for i, c in enumerate(table.columns):
        color = (colors or {}).get(c, palette[i])
        vals = table[c].to_numpy(dtype=float)
        ax.bar(x, vals, width=width, bottom=bottom, color=color, label=str(c), lw=0)
        bottom += vals
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, ncol=min(4, len(table.columns)), loc="upper left")
    return ax


def plot_cumulative_vs_tallies(incidents, tallies, *, side: str, since, until=None,
                               ax=None, groups=None):
    """Cumulative attacks in the incident table against official cumulative tallies.

    ``groups`` maps a label to a filter of the incidents (default: all incidents,
    confirmed or claimed, confirmed only); each becomes a step line of the cumulative
    sum of ``n_attacks`` of ``side`` from ``since``. Tallies are points (open markers
    where the official figure is a lower bound).
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
    ax.plot(t.loc[~lb, "as_of_date"], t.loc[~lb, "total"], "o", color=side_color(side),
            ms=3.5, label="official tally")
    ax.plot(t.loc[lb, "as_of_date"], t.loc[lb, "total"], "o", mfc="none",
            color=side_color(side), ms=3.5, label="official tally (lower bound)")
    ax.set_ylabel(f"cumulative attacks since {since:%d %b %Y}")
    ax.legend(frameon=False, loc="upper left")
    return ax
