"""Figure style, deterministic saving and the plots of the data.

Every figure of the project goes through :func:`save_figure`, which fixes the size, the
dpi and the style and strips the metadata that would make two runs differ (PNG
``Software``, PDF ``CreationDate``/``Producer``, SVG date and random ids). Running the
notebooks twice therefore writes byte-identical files.

In Jupyter the package's figures show inline like any other: the style is applied
without touching matplotlib's interactive mode, and :func:`save_figure` leaves the
figure open for the kernel to display (it closes it only on non-interactive backends
such as Agg, where nothing would show it).
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .reporting import figures_dir

__all__ = ["style", "new_figure", "save_figure", "SavedFigure", "SIZES", "side_color",
           "side_label", "plot_timeline", "plot_stacked_bars", "plot_cumulative_vs_tallies"]

#: Figure sizes in inches (width, height): one journal column, two columns, square panel.
SIZES = {
    "single": (3.5, 2.6),
    "wide": (7.2, 3.0),
    "double": (7.2, 4.8),
    "tall": (7.2, 8.0),
    "square": (4.0, 4.0),
}

#: Colours (colour-blind safe, Okabe-Ito) handed out to undeclared sides in order.
_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
            "#000000"]


def __getattr__(name):
    if name == "SIDE_COLORS":
        raise AttributeError(
            "analysis.plotting.SIDE_COLORS was removed: side colours are declared by the "
            "data (the case's sides table). Use analysis.side_color(side, sides) or "
            "analysis.load_sides().colors()")
    raise AttributeError(f"module 'analysis.plotting' has no attribute {name!r}")


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
    "figure.dpi": 120,          # inline in Jupyter: a "double" figure is ~860 px wide
    "savefig.dpi": 200,
    "savefig.bbox": "standard",
    "svg.hashsalt": "escalation-analysis",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "path.simplify": True,
    "image.cmap": "viridis",
}


@functools.lru_cache(maxsize=1)
def _default_sides():
    """The sides declared by the bundled default case (its sides table), or None."""
    try:
        from .data import load_sides
        return load_sides()
    except Exception:                      # no bundled data (e.g. a stripped install)
        return None


def _declared(sides):
    from . import sides as _sides
    if sides is not None:
        return _sides._resolve(sides)
    return _default_sides()


def side_color(side: str, order=None, sides=None) -> str:
    """The colour of a side: as declared by the data, else by position in ``order``.

    Parameters
    ----------
    side : str
        A value of the ``side`` column.
    order : sequence of str, optional
        The sides of the figure in order; an undeclared side gets the colour of its
        position in the colour-blind-safe palette (Okabe-Ito). Without ``order``, the
        colour is derived from the id (stable across processes).
    sides : declaration or incident table, optional
        The sides declaration (see :class:`analysis.sides.Sides`), or a table from
        :func:`analysis.read_incidents` / :func:`analysis.load_incidents` carrying one.
        Default: the bundled case's sides table.

    Returns
    -------
    str
        A hex colour.

    Examples
    --------
    >>> from analysis.plotting import side_color
    >>> side_color("a", order=["a", "b"]), side_color("b", order=["a", "b"])
    ('#0072B2', '#D55E00')
    >>> side_color("a", sides={"a": {"name": "Side A", "color": "#000000"}})
    '#000000'
    """
    declared = _declared(sides)
    if declared is not None and side in declared:
        return declared.color(side)
    order = list(order) if order is not None else []
    # zlib.crc32, not hash(): str hashes change between processes (PYTHONHASHSEED)
    i = order.index(side) if side in order else zlib.crc32(str(side).encode()) % len(_PALETTE)
    return _PALETTE[i % len(_PALETTE)]


def side_label(side, sides=None) -> str:
    """The display name of a side, as declared by the data (else the id itself).

    Parameters
    ----------
    side : str
    sides : declaration or incident table, optional
        As for :func:`side_color` (default: the bundled case's sides table).

    Returns
    -------
    str

    Examples
    --------
    >>> from analysis.plotting import side_label
    >>> side_label("a", sides={"a": "Side A"}), side_label("zz", sides={"a": "Side A"})
    ('Side A', 'zz')
    """
    declared = _declared(sides)
    return declared.label(side) if declared is not None and side in declared else str(side)


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


def new_figure(size: str = "single", nrows: int = 1, ncols: int = 1, **kwargs):
    """A new figure and axes in the package style and one of the standard sizes.

    Parameters
    ----------
    size : {"single", "wide", "double", "tall", "square"}
        A key of :data:`SIZES` (one journal column, two columns, ...).
    nrows, ncols : int
        The grid of axes.
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
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {sorted(SIZES)}, got {size!r}")
    with style():
        fig, ax = plt.subplots(nrows, ncols, figsize=SIZES[size], **kwargs)
    return fig, ax


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
                dpi: int = 200, close: bool | None = None) -> SavedFigure:
    """Save a figure as ``<figures>/<name>.<fmt>`` for each format, deterministically.

    Metadata that would differ between runs (software versions, dates, random SVG ids)
    is stripped, so saving the same figure twice gives byte-identical files.

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
        A key of :data:`SIZES` or inches; if given the figure is resized first.
    dpi : int
        Resolution of raster output.
    close : bool, optional
        Close the figure after saving. The default closes it only on a
        non-interactive backend (Agg in scripts and tests, where it would only use
        memory); in Jupyter the figure stays open so that it shows inline below the
        cell, and the kernel closes it after display.

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
        fig.set_size_inches(SIZES[size] if isinstance(size, str) else size)
    out_dir = figures_dir(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    metadata = {
        "png": {"Software": None},
        "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
        "svg": {"Creator": None, "Date": None},
    }
    _snap_figure(fig)
    written = SavedFigure()
    with style(), _pdf_coordinates_to(PDF_DECIMALS):
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt])
            written.append(path)
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
    colors = colors or {c: side_color(str(c), cols, declared) for c in cols}
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
                    va="top", ha="left", fontsize=6, color="0.35")
    if mirror:
        a, b = cols
        ax.bar(x, counts[a].to_numpy(), width=width, color=colors[a], label=labels[a], lw=0)
        ax.bar(x, -counts[b].to_numpy(), width=width, color=colors[b], label=labels[b], lw=0)
        ax.axhline(0, color="0.3", lw=0.5)
        top = max(1, float(np.nanmax(counts.to_numpy())))
        ax.set_ylim(-top * 1.05, top * 1.05)
        ticks = ax.get_yticks()
        ax.set_yticks(ticks)
        ax.set_yticklabels([f"{abs(t):g}" for t in ticks])
        ax.set_ylim(-top * 1.05, top * 1.05)
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
        Category -> colour (default: seaborn's colour-blind palette in column order).
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
