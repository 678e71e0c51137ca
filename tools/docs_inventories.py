"""Write the intersphinx inventories of docs/_inv/ from the installed, locked libraries.

``python tools/docs_inventories.py``

The documentation build must not reach the network, so it cannot download each
project's ``objects.inv``. This recipe makes equivalent inventories offline: it walks
the public API of the versions pinned in ``requirements.lock`` (as installed in the
venv) and gives each object the address its project's documentation uses for it (the
URL layouts of the autosummary-generated API pages of numpy, scipy, pandas, statsmodels
and matplotlib, distributed's API page and the Python library reference, below). An
object that is not in the installed version gets no entry, so a reference to it fails
the build (``nitpicky``) instead of linking to nothing. The output is deterministic:
rerun it after ``make lock`` changes a version, and commit the result.

The inventories cover the modules this package builds on, not all of each library; a
reference to an object outside them fails the build, and the object's module (or the
object) is added below.
"""

from __future__ import annotations

import importlib
import inspect
import sys
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "docs" / "_inv"


def _public(obj):
    names = getattr(obj, "__all__", None)
    if names is None:
        names = [n for n in dir(obj) if not n.startswith("_")]
    return sorted(n for n in names if not n.startswith("_"))


def _role(obj, in_class: bool) -> str | None:
    if inspect.isclass(obj):
        return "py:exception" if issubclass(obj, BaseException) else "py:class"
    if in_class:
        if isinstance(obj, property) or inspect.isdatadescriptor(obj):
            return "py:attribute"
        if callable(obj):
            return "py:method"
        return None
    if callable(obj):
        return "py:function"
    return None


class Inventory:
    def __init__(self, project: str, version: str):
        self.project, self.version = project, version
        self.entries: dict[tuple[str, str], str] = {}

    def add(self, name: str, role: str, uri: str) -> None:
        self.entries.setdefault((name, role), uri)

    def add_module(self, module: str, uri: str) -> None:
        self.add(module, "py:module", uri)

    def write(self, path: Path) -> None:
        lines = []
        for (name, role), uri in sorted(self.entries.items()):
            if uri.endswith("#" + name):
                uri = uri[: -len(name)] + "$"
            lines.append(f"{name} {role} 1 {uri} -")
        body = zlib.compress(("\n".join(lines) + "\n").encode(), 9)
        header = ("# Sphinx inventory version 2\n"
                  f"# Project: {self.project}\n"
                  f"# Version: {self.version}\n"
                  "# The remainder of this file is compressed using zlib.\n").encode()
        path.write_bytes(header + body)


def _walk_class(inv, cls, fullname, page_of_member):
    for m in _public(cls):
        if m not in cls.__dict__ and not any(m in b.__dict__ for b in cls.__mro__[1:-1]):
            continue
        try:
            obj = inspect.getattr_static(cls, m)
        except AttributeError:
            continue
        role = _role(obj, in_class=True)
        if role:
            inv.add(f"{fullname}.{m}", role, page_of_member(f"{fullname}.{m}"))


def numpy_inventory():
    import numpy as np

    inv = Inventory("NumPy", np.__version__)
    gen = "reference/generated/{}.html"
    for n in _public(np):
        obj = getattr(np, n, None)
        if inspect.ismodule(obj) or obj is None:
            continue
        role = _role(obj, in_class=False)
        if role:
            inv.add(f"numpy.{n}", role, gen.format(f"numpy.{n}"))
    _walk_class(inv, np.ndarray, "numpy.ndarray", gen.format)
    rnd = "reference/random/generator.html#{}"
    inv.add("numpy.random.Generator", "py:class", rnd.format("numpy.random.Generator"))
    inv.add("numpy.random.default_rng", "py:function", rnd.format("numpy.random.default_rng"))
    _walk_class(inv, np.random.Generator, "numpy.random.Generator",
                "reference/random/generated/{}.html".format)
    inv.add("numpy.random.SeedSequence", "py:class",
            "reference/random/bit_generators/generated/numpy.random.SeedSequence.html")
    inv.add_module("numpy", "reference/index.html#module-numpy")
    inv.add("numpy.random.RandomState", "py:class",
            "reference/random/legacy.html#numpy.random.RandomState")
    for c in ("inf", "nan"):
        inv.add(f"numpy.{c}", "py:data", f"reference/constants.html#numpy.{c}")
    inv.add("array_like", "std:term", "glossary.html#term-array_like")
    inv.add("arrays.scalars", "std:label", "reference/arrays.scalars.html#arrays-scalars")
    return inv


def scipy_inventory():
    import scipy

    inv = Inventory("SciPy", scipy.__version__)
    for sub in ("stats", "optimize", "special", "linalg", "signal", "sparse", "integrate",
                "interpolate"):
        mod = importlib.import_module(f"scipy.{sub}")
        inv.add_module(f"scipy.{sub}", f"reference/{sub}.html#module-scipy.{sub}")
        for n in _public(mod):
            obj = getattr(mod, n, None)
            if obj is None or inspect.ismodule(obj):
                continue
            role = _role(obj, in_class=False) or "py:data"
            inv.add(f"scipy.{sub}.{n}", role, f"reference/generated/scipy.{sub}.{n}.html")
    return inv


def pandas_inventory():
    import pandas as pd

    inv = Inventory("pandas", pd.__version__)
    page = "reference/api/{}.html".format
    for n in _public(pd):
        obj = getattr(pd, n, None)
        if obj is None or inspect.ismodule(obj):
            continue
        role = _role(obj, in_class=False)
        if role:
            inv.add(f"pandas.{n}", role, page(f"pandas.{n}"))
    for cls in ("DataFrame", "Series", "Index", "DatetimeIndex", "MultiIndex",
                "Timestamp", "Timedelta", "Period", "PeriodIndex", "Categorical"):
        _walk_class(inv, getattr(pd, cls), f"pandas.{cls}", page)
    for n in ("DataFrameGroupBy", "SeriesGroupBy"):
        cls = getattr(importlib.import_module("pandas.api.typing"), n)
        inv.add(f"pandas.api.typing.{n}", "py:class", page(f"pandas.api.typing.{n}"))
    inv.add_module("pandas", "reference/index.html#module-pandas")
    return inv


def statsmodels_inventory():
    import statsmodels

    inv = Inventory("statsmodels", statsmodels.__version__)
    seen = set()
    for ns in ("statsmodels.api", "statsmodels.tsa.api", "statsmodels.discrete.discrete_model",
               "statsmodels.genmod.families", "statsmodels.duration.api",
               "statsmodels.tsa.vector_ar.var_model", "statsmodels.tsa.vector_ar.irf",
               "statsmodels.regression.linear_model", "statsmodels.stats.api"):
        mod = importlib.import_module(ns)
        for n in _public(mod):
            obj = getattr(mod, n, None)
            if obj is None or inspect.ismodule(obj):
                continue
            role = _role(obj, in_class=False)
            home = getattr(obj, "__module__", None) or ""
            if not role or not home.startswith("statsmodels") or not hasattr(obj, "__qualname__"):
                continue
            canonical = f"{home}.{obj.__qualname__}"
            uri = f"generated/{canonical}.html"
            inv.add(canonical, role, uri)
            inv.add(f"{ns}.{n}", role, uri)
            if inspect.isclass(obj) and canonical not in seen:
                seen.add(canonical)
                _walk_class(inv, obj, canonical, f"generated/{{}}.html".format)
    return inv


def matplotlib_inventory():
    import matplotlib
    import matplotlib.axes
    import matplotlib.figure
    import matplotlib.pyplot as plt

    inv = Inventory("Matplotlib", matplotlib.__version__)
    page = "api/_as_gen/{}.html".format
    inv.add("matplotlib.axes.Axes", "py:class", "api/_as_gen/matplotlib.axes.Axes.html")
    _walk_class(inv, matplotlib.axes.Axes, "matplotlib.axes.Axes", page)
    inv.add("matplotlib.figure.Figure", "py:class",
            "api/_as_gen/matplotlib.figure.Figure.html")
    _walk_class(inv, matplotlib.figure.Figure, "matplotlib.figure.Figure", page)
    for n in _public(plt):
        obj = getattr(plt, n, None)
        if inspect.isfunction(obj) and getattr(obj, "__module__", "") == "matplotlib.pyplot":
            inv.add(f"matplotlib.pyplot.{n}", "py:function", page(f"matplotlib.pyplot.{n}"))
    return inv


def distributed_inventory():
    import distributed

    inv = Inventory("Dask.distributed", distributed.__version__)
    for n in ("Client", "LocalCluster", "Future", "as_completed", "wait", "progress",
              "get_client", "SpecCluster", "Worker", "Scheduler", "Nanny"):
        obj = getattr(distributed, n, None)
        role = _role(obj, in_class=False) if obj is not None else None
        if role:
            inv.add(f"distributed.{n}", role, f"api.html#distributed.{n}")
    _walk_class(inv, distributed.Client, "distributed.Client",
                lambda name: f"api.html#{name}")
    return inv


def python_inventory():
    v = f"{sys.version_info.major}.{sys.version_info.minor}"
    inv = Inventory("Python", v)
    for t in ("str", "int", "float", "bool", "dict", "list", "tuple", "set", "bytes",
              "object"):
        inv.add(t, "py:class", f"library/stdtypes.html#{t}")
    inv.add("None", "py:data", "library/constants.html#None")
    for e in ("ValueError", "TypeError", "KeyError", "Exception", "Warning",
              "UserWarning", "RuntimeWarning", "FileNotFoundError", "OSError"):
        inv.add(e, "py:exception", f"library/exceptions.html#{e}")
    inv.add("pathlib.Path", "py:class", "library/pathlib.html#pathlib.Path")
    inv.add("os.PathLike", "py:class", "library/os.html#os.PathLike")
    for n in ("date", "datetime", "timedelta"):
        inv.add(f"datetime.{n}", "py:class", f"library/datetime.html#datetime.{n}")
    for n in ("Mapping", "Sequence", "Iterable", "Callable"):
        inv.add(f"collections.abc.{n}", "py:class",
                f"library/collections.abc.html#collections.abc.{n}")
    inv.add("dataclasses.dataclass", "py:function",
            "library/dataclasses.html#dataclasses.dataclass")
    # the targets numpydoc's default type aliases point to (numpydoc.xref.DEFAULT_LINKS)
    for c in ("True", "False"):
        inv.add(c, "py:data", f"library/constants.html#{c}")
    inv.add("callable", "py:function", "library/functions.html#callable")
    inv.add("contextlib.contextmanager", "py:function",
            "library/contextlib.html#contextlib.contextmanager")
    inv.add("collections.namedtuple", "py:function",
            "library/collections.html#collections.namedtuple")
    inv.add("bltin-boolean-values", "std:label", "library/stdtypes.html#bltin-boolean-values")
    for t in ("iterable", "sequence", "generator", "mapping"):
        inv.add(t, "std:term", f"glossary.html#term-{t}")
    return inv


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in (("python", python_inventory), ("numpy", numpy_inventory),
                       ("scipy", scipy_inventory), ("pandas", pandas_inventory),
                       ("statsmodels", statsmodels_inventory),
                       ("matplotlib", matplotlib_inventory),
                       ("distributed", distributed_inventory)):
        inv = make()
        inv.write(OUT / f"{name}.inv")
        print(f"docs/_inv/{name}.inv: {inv.project} {inv.version}, "
              f"{len(inv.entries)} entries, {(OUT / f'{name}.inv').stat().st_size} bytes")


if __name__ == "__main__":
    main()
