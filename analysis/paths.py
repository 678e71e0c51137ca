"""Where things live. Constants only; nothing is read or created on import."""

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
