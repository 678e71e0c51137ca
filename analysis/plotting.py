"""Figure style and deterministic saving.

Every figure of the project goes through :func:`save_figure`, which fixes the size, the
dpi and the style and strips the metadata that would make two runs differ (PNG
``Software``, PDF ``CreationDate``/``Producer``, SVG date and random ids). Running the
notebooks twice therefore writes byte-identical files.
"""

from __future__ import annotations

import zlib
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

from .reporting import figures_dir

__all__ = ["style", "new_figure", "save_figure", "SIZES", "SIDE_COLORS", "side_color"]

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
    written = []
    with mpl.rc_context(_RC):
        for fmt in formats:
            path = out_dir / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata[fmt])
            written.append(path)
    if close:
        plt.close(fig)
    return written
