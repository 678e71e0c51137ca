"""``save_figure``: one deterministic writer (style, size, dpi, no metadata, coordinates
snapped so reruns are byte-identical).
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from ..exceptions import FigureError
from ..reporting import figures_dir

from .styles import SIZES, apply_style, style
from .checks import _enforce_checks, _hold_best_legends, _renderer

__all__ = ["save_figure", "SavedFigure"]


@contextlib.contextmanager
def _figure_dpi(fig, dpi):
    original = fig.dpi
    fig.dpi = dpi
    try:
        yield
    finally:
        fig.dpi = original


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
                            from ..figure_checks import figure_manifest
                            record = figure_manifest(fig, _renderer(fig, draw=False),
                                                     name=name, dpi=dpi, shows=shows)
        if record is not None:
            from ..figure_checks import write_manifest
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
