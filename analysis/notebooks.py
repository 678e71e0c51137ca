"""Execute the notebooks headless: ``python -m analysis.notebooks [--jobs N] [--quick]``.

Every notebook in ``notebooks/`` runs in name order (``01-...`` first; notebooks
after the first run ``--jobs`` at a time, as they depend only on the dataset; a
notebook whose metadata sets ``analysis.runs_after_others`` reads the others' values
files and runs after all of them), each
in its own kernel with a fixed environment (``PYTHONHASHSEED=0``, one BLAS thread,
Jupyter's inline backend, progress bars off), so two runs write byte-identical
figures and values. Before a notebook runs, the figures, figure manifests and values
files carrying its number are removed, so a figure the notebook no longer makes cannot
linger.

The executed copies, with every output (figures inline), are written to
``notebooks/executed/<name>.ipynb``, where a reader of the repository (or the docs
gallery) sees them; the notebooks in ``notebooks/`` stay output-free. The copies are
deterministic: no timings, execution counts 1, 2, ... in order, kernel metadata
reduced to the language name, and the checkout's and the environment's absolute paths
replaced by ``<repo>`` and ``<python>``, so a second run leaves ``git status`` clean.
A ``--quick`` run, or one writing figures elsewhere (``--figures``), puts its copies in
``build/notebooks/`` instead.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import paths
from .reporting import figures_dir

__all__ = ["notebook_paths", "execute_notebook", "normalize_notebook", "run_all",
           "EXECUTED"]

#: Where the executed copies of a full run go.
EXECUTED = paths.NOTEBOOKS / "executed"

#: Environment given to every kernel (on top of the caller's).
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    # the inline backend, as in any Jupyter kernel, so figures become image outputs
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    # progress bars would put timings into the executed copies
    "TQDM_DISABLE": "1",
    "ESCALATION_PROGRESS": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
}


def notebook_paths(directory=None) -> list[Path]:
    """The notebooks to run, in name order."""
    d = Path(directory) if directory else paths.NOTEBOOKS
    return sorted(p for p in d.glob("[0-9][0-9]-*.ipynb"))


def _clean_outputs(nb_path: Path, out_dir: Path) -> None:
    from .figure_checks import MANIFEST_DIR
    prefix = nb_path.name.split("-", 1)[0] + "-"
    for d in (out_dir, out_dir / "values", out_dir / MANIFEST_DIR):
        if d.exists():
            for f in d.glob(prefix + "*"):
                if f.is_file():
                    f.unlink()


def _path_patterns() -> list[tuple[re.Pattern, str]]:
    """Absolute paths that differ between checkouts and machines, longest first."""
    import sysconfig

    subs = {str(paths.ROOT): "<repo>"}
    for key in ("purelib", "platlib", "stdlib", "platstdlib"):
        p = sysconfig.get_paths().get(key)
        if p:
            subs[p] = "<python>"
    for p in (sys.prefix, sys.base_prefix, sys.exec_prefix):
        subs.setdefault(p, "<python>")
    ordered = sorted(subs.items(), key=lambda kv: -len(kv[0]))
    return [(re.compile(re.escape(k) + r"(?=[/\\'\":\s]|$)"), v) for k, v in ordered if k]


def _scrub(text: str, patterns) -> str:
    for pat, rep in patterns:
        text = pat.sub(rep, text)
    # temporary folders (tempfile) have random names; object reprs carry addresses
    text = re.sub(r"/tmp/tmp[\w-]+", "<tmp>", text)
    # warnings raised in a cell name the kernel's temporary cell file
    text = re.sub(r"/tmp/ipykernel_\d+/\d+\.py", "<cell>", text)
    return re.sub(r" at 0x[0-9a-fA-F]+>", ">", text)


def _coalesce_streams(outputs):
    """Consecutive stream outputs of one stream (stdout or stderr) joined into one."""
    merged = []
    for out in outputs:
        if (out.get("output_type") == "stream" and merged
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")):
            prev = merged[-1]
            a = "".join(prev["text"]) if isinstance(prev["text"], list) else prev["text"]
            b = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            prev["text"] = a + b
            continue
        merged.append(out)
    return merged


def normalize_notebook(nb):
    """Make an executed notebook deterministic (in place; returns it).

    Drops per-cell timings and kernel-dependent metadata, numbers the executed code
    cells 1, 2, ... in order, joins consecutive stream outputs of the same stream (how
    the kernel splits a cell's stderr into messages depends on timing, so two runs
    would differ), and replaces absolute paths of the checkout and of the Python
    environment (they appear in warnings and tracebacks) by ``<repo>`` and ``<python>``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.

    Returns
    -------
    nbformat.NotebookNode
        The same notebook.
    """
    patterns = _path_patterns()
    lang = nb.metadata.get("language_info", {})
    nb.metadata = {k: v for k, v in nb.metadata.items()
                   if k not in ("language_info", "kernelspec", "widgets")}
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    nb.metadata["language_info"] = {"name": lang.get("name", "python")}
    count = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = _coalesce_streams(cell.outputs)
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = count
            out.get("metadata", {}).pop("execution", None)
            if out.get("output_type") == "stream":
                out["text"] = _scrub(out["text"], patterns)
            elif out.get("output_type") == "error":
                out["traceback"] = [_scrub(t, patterns) for t in out["traceback"]]
                out["evalue"] = _scrub(out["evalue"], patterns)
            for mime in ("text/plain", "text/html", "text/markdown"):
                data = out.get("data", {})
                if mime in data:
                    text = data[mime]
                    text = "".join(text) if isinstance(text, list) else text
                    data[mime] = _scrub(text, patterns)
    return nb


def execute_notebook(nb_path, *, timeout: int = 1800, quick: bool = False,
                     figures=None, save_to=None):
    """Execute one notebook in a fresh kernel.

    Parameters
    ----------
    nb_path : path-like
        The notebook (its folder is the kernel's working directory).
    timeout : int
        Seconds one cell may take.
    quick : bool
        Set ``ESCALATION_QUICK=1`` (fewer bootstrap draws; for tests).
    figures : path-like, optional
        Folder for figures and values files (``ESCALATION_FIGURES_DIR``).
    save_to : path-like, optional
        Write the executed, normalised notebook (:func:`normalize_notebook`) here.

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook, with outputs, normalised.

    Raises
    ------
    nbclient.exceptions.CellExecutionError
        With the failing cell and its traceback, if a cell fails.
    """
    import nbclient
    import nbformat

    nb_path = Path(nb_path)
    env_update = dict(KERNEL_ENV)
    if quick:
        env_update["ESCALATION_QUICK"] = "1"
    if figures is not None:
        env_update["ESCALATION_FIGURES_DIR"] = str(figures)
    old = {k: os.environ.get(k) for k in env_update}
    os.environ.update(env_update)
    try:
        nb = nbformat.read(nb_path, as_version=4)
        client = nbclient.NotebookClient(
            nb, timeout=timeout, kernel_name="python3", record_timing=False,
            resources={"metadata": {"path": str(nb_path.parent)}})
        client.execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    normalize_notebook(nb)
    if save_to is not None:
        Path(save_to).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save_to)
    return nb


def _run_in_subprocess(nb: Path, quick: bool, figures) -> tuple[Path, int, float, str]:
    cmd = [sys.executable, "-m", "analysis.notebooks", "--one", str(nb)]
    if quick:
        cmd.append("--quick")
    if figures is not None:
        cmd += ["--figures", str(figures)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return nb, proc.returncode, time.perf_counter() - t0, proc.stdout + proc.stderr


def _runs_after_others(path: Path) -> bool:
    """True for a notebook that reads other notebooks' values files (metadata
    ``analysis.runs_after_others``): it runs after all the others."""
    import json
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return bool(meta.get("analysis", {}).get("runs_after_others"))


def run_all(names=None, *, jobs: int = 1, quick: bool = False, figures=None) -> int:
    """Run the notebooks (all, or those whose names start with one of ``names``)."""
    nbs = notebook_paths()
    if names:
        nbs = [p for p in nbs if any(p.name.startswith(n) for n in names)]
    if not nbs:
        print("no notebooks to run")
        return 1
    out_dir = figures_dir(figures)
    for nb in nbs:
        _clean_outputs(nb, out_dir)
    # 01 first; notebooks that read the others' values files (metadata
    # analysis.runs_after_others) last; the rest in between, `jobs` at a time
    last = [p for p in nbs[1:] if _runs_after_others(p)]
    first, rest = nbs[:1], [p for p in nbs[1:] if p not in last]
    failures = 0
    for batch, workers in ((first, 1), (rest, max(1, jobs)), (last, 1)):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for nb, rc, secs, log in pool.map(lambda p: _run_in_subprocess(p, quick, figures),
                                              batch):
                status = "ok" if rc == 0 else "FAILED"
                print(f"{nb.name:<40} {status:>6}  {secs:6.1f} s", flush=True)
                if rc:
                    failures += 1
                    print(log[-6000:], file=sys.stderr)
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Execute the notebooks headless.")
    ap.add_argument("names", nargs="*", help="notebook name prefixes (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="notebooks run at once after 01")
    ap.add_argument("--quick", action="store_true", help="set ESCALATION_QUICK=1")
    ap.add_argument("--figures", type=Path, default=None, help="output folder")
    ap.add_argument("--one", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one is not None:
        full_run = not args.quick and args.figures is None
        folder = EXECUTED if full_run else paths.ROOT / "build" / "notebooks"
        execute_notebook(args.one, quick=args.quick, figures=args.figures,
                         save_to=folder / args.one.name)
        return 0
    return run_all(args.names, jobs=args.jobs, quick=args.quick, figures=args.figures)


if __name__ == "__main__":
    sys.exit(main())
