"""Where things live. Constants and path look-ups; nothing is read or created on import."""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding ``pyproject.toml``) in a source checkout.
ROOT = Path(__file__).resolve().parent.parent
#: Raw inputs (never edited) and generated tables.
DATA = ROOT / "data"
RAW = DATA / "raw"
PROCESSED = DATA / "processed"
#: Generated figures and the values files that notebooks write.
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
#: Copies of ``data/processed`` and the schema that are packed into the wheel.
BUNDLED = Path(__file__).resolve().parent / "_bundled"


def is_checkout() -> bool:
    """True in a source checkout (``pyproject.toml`` beside the package), False when the
    package is installed (then ``ROOT`` is site-packages and must not be written to)."""
    return (ROOT / "pyproject.toml").is_file() and (ROOT / "analysis").is_dir()


def figures_dir() -> Path:
    """``figures/`` of the checkout, else ``figures/`` under the current working directory."""
    return FIGURES if is_checkout() else Path.cwd() / "figures"
