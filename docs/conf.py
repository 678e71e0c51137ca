"""Sphinx configuration of the escalation-analysis documentation site.

Build with ``make docs`` (warnings are errors). Nothing here reaches the network:
MathJax is served from the build (``sphinx-mathjax-offline``), intersphinx reads the
inventories committed in ``docs/_inv/`` (recipe: ``tools/docs_inventories.py``), and
the notebooks of the gallery are rendered from their executed copies without running
them again.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(DOCS / "_ext"))
os.environ.setdefault("MPLBACKEND", "Agg")

import analysis  # noqa: E402

# numpydoc warns (a Python warning, not a Sphinx one) about a docstring section it does
# not know, then drops its text; escalation_docs moves such sections into Notes before
# numpydoc renders them, so the text is kept and the repeated warning is noise.
warnings.filterwarnings("ignore", message="Unknown section", category=UserWarning,
                        module="numpydoc")

project = "escalation-analysis"
author = "escalation-analysis contributors"
copyright = "2026, escalation-analysis contributors"
version = release = analysis.__version__
language = "en"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.linkcode",      # [source] links to the code on GitHub
    "numpydoc",
    "myst_nb",
    "sphinx-mathjax-offline",   # MathJax 3 copied into the build: no CDN
    "escalation_docs",          # API pages by task, codebook tables, gallery
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "_inv/README.md", "README.md"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["escalation.css"]

# -- API reference ---------------------------------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autodoc_default_options = {"members": True}   # classes: see _templates/autosummary
autodoc_typehints = "none"          # the numpydoc sections carry the types
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = True
numpydoc_xref_aliases = {
    "DataFrame": "pandas.DataFrame",
    "Series": "pandas.Series",
    "Index": "pandas.Index",
    "Timestamp": "pandas.Timestamp",
    "Timedelta": "pandas.Timedelta",
    "ndarray": "numpy.ndarray",
    "Generator": "numpy.random.Generator",
    "Axes": "matplotlib.axes.Axes",
    "Figure": "matplotlib.figure.Figure",
    "Path": "pathlib.Path",
}
# Only the words below (and numpydoc's defaults: str, int, bool, ...) become links in
# the types of a Parameters section; other words in a type ("of shape (k, k)") stay text.
numpydoc_xref_ignore = "all"
import escalation_docs  # noqa: E402

numpydoc_xref_aliases.update({short: full for short, full in
                              escalation_docs.api_targets(analysis).items()})
numpydoc_validation_checks = set()

# -- Cross-references to the libraries the package builds on ----------------------------
# Offline and reproducible: committed inventories, regenerated from the locked versions
# by tools/docs_inventories.py (see docs/_inv/README.md). No download at build time.
intersphinx_mapping = {
    name: (url, str(DOCS / "_inv" / f"{name}.inv"))
    for name, url in {
        "python": "https://docs.python.org/3/",
        "numpy": "https://numpy.org/doc/stable/",
        "scipy": "https://docs.scipy.org/doc/scipy/",
        "pandas": "https://pandas.pydata.org/docs/",
        "statsmodels": "https://www.statsmodels.org/stable/",
        "matplotlib": "https://matplotlib.org/stable/",
        "distributed": "https://distributed.dask.org/en/stable/",
    }.items()
}

intersphinx_timeout = 1

# -- Notebooks: rendered from their executed copies, never run here ----------------------
nb_execution_mode = "off"
nb_merge_streams = True
nb_output_stderr = "show"      # warnings a cell printed stay visible
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "amsmath"]
myst_heading_anchors = 3
myst_footnote_transition = False

# -- HTML ----------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "escalation-analysis"
html_theme_options = {
    "navbar_align": "left",
    "show_toc_level": 2,
    "navigation_with_keys": False,
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "show_version_warning_banner": False,
    "check_switcher": False,
}
html_sidebars = {"index": [], "changelog": []}
html_context = {"default_mode": "auto"}   # the theme logs a console error when unset
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None       # no timestamps in outputs
html_show_sourcelink = False
html_copy_source = False

nitpicky = True
suppress_warnings = [
    "mystnb.unknown_mime_type",     # widget and other rich outputs we do not render
]


def linkcode_resolve(domain, info):
    """The GitHub address of the source lines of a documented object."""
    import importlib
    import inspect

    if domain != "py" or not info.get("module"):
        return None
    try:
        obj = importlib.import_module(info["module"])
        for part in info["fullname"].split("."):
            obj = getattr(obj, part)
        obj = inspect.unwrap(obj)
        if isinstance(obj, property):
            obj = obj.fget
        path = Path(inspect.getsourcefile(obj)).resolve().relative_to(ROOT)
        lines, first = inspect.getsourcelines(obj)
    except (AttributeError, ImportError, TypeError, OSError, ValueError):
        return None
    return (f"{escalation_docs.REPO_URL}/blob/main/{path.as_posix()}"
            f"#L{first}-L{first + len(lines) - 1}")
