"""Execute the notebooks headless: ``python -m analysis.notebooks [--jobs N] [--quick]``.

Every notebook in ``notebooks/`` runs, ``--jobs`` at a time, as they depend only on
the dataset; the longest expected first (:data:`EXPECTED_SECONDS`), so the workers
finish together; a notebook whose metadata sets ``analysis.runs_after_others`` reads
the others' values files and runs after all of them. Each runs in its own kernel with
a fixed environment (``PYTHONHASHSEED=0``, one BLAS thread, Jupyter's inline backend,
progress bars off), so two runs write byte-identical figures and values. With several
notebooks at once, ``n_jobs=-1`` inside a notebook means the cores left per notebook
(joblib's ``LOKY_MAX_CPU_COUNT``, set to ``cores // jobs``): nested process pools on
the same cores only add start-up and pickling; results are identical for any
``n_jobs``. Before a notebook runs, the figures, figure manifests and values files
carrying its number are removed, so a figure the notebook no longer makes cannot
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
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import paths
from .reporting import figures_dir

__all__ = ["notebook_paths", "execute_notebook", "normalize_notebook", "run_all",
           "EXECUTED", "EXPECTED_SECONDS"]

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


#: CPU seconds each notebook (by its number) is expected to take, measured with
#: ``benchmarks/bench_figures.py``; only the order in which :func:`run_all` starts
#: them depends on it (longest first). A notebook not listed counts as 10 s.
EXPECTED_SECONDS = {"01": 12, "02": 40, "03": 41, "04": 39, "05": 16, "06": 5, "07": 6,
                    "08": 16, "09": 11, "10": 25, "11": 22, "12": 3}


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


#: a logging line with a wall-clock time stamp, e.g. dask's "Worker process still alive"
#: at cluster shutdown, which appears or not depending on the machine's load
_TIMED_LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ - [\w.]+ - [A-Z]+ - .*\n?",
                             re.M)


def _drop_timed_log_lines(out):
    """A stderr output without time-stamped logging lines (None if nothing is left)."""
    if out.get("output_type") != "stream" or out.get("name") != "stderr":
        return out
    text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
    kept = _TIMED_LOG_LINE.sub("", text)
    if not kept.strip():
        return None
    out["text"] = kept
    return out


def normalize_notebook(nb):
    """Make an executed notebook deterministic (in place; returns it).

    Drops per-cell timings and kernel-dependent metadata, numbers the executed code
    cells 1, 2, ... in order, joins consecutive stream outputs of the same stream (how
    the kernel splits a cell's stderr into messages depends on timing, so two runs
    would differ), drops time-stamped logging lines from stderr (dask's shutdown
    notices appear or not with the machine's load), and replaces absolute paths of the checkout and of the Python
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
        cell.outputs = [o for o in map(_drop_timed_log_lines, _coalesce_streams(cell.outputs))
                        if o is not None]
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


def _run_in_subprocess(nb: Path, quick: bool, figures, env=None):
    """Run one notebook in a child process: ``(nb, returncode, wall s, CPU s, log)``.

    The CPU time is the child's user + system time and its kernel's (every process
    it waited for), from ``os.wait4``."""
    import tempfile
    cmd = [sys.executable, "-m", "analysis.notebooks", "--one", str(nb)]
    if quick:
        cmd.append("--quick")
    if figures is not None:
        cmd += ["--figures", str(figures)]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True,
                                env=env)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
        else:                                        # pragma: no cover (Windows)
            proc.wait()
            cpu = float("nan")
        wall = time.perf_counter() - t0
        log.seek(0)
        return nb, proc.returncode, wall, cpu, log.read()


def _runs_after_others(path: Path) -> bool:
    """True for a notebook that reads other notebooks' values files (metadata
    ``analysis.runs_after_others``): it runs after all the others."""
    import json
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    return bool(meta.get("analysis", {}).get("runs_after_others"))


def _expected_seconds(path: Path) -> float:
    """The expected CPU seconds of a notebook (:data:`EXPECTED_SECONDS`; 10 if unknown)."""
    return float(EXPECTED_SECONDS.get(Path(path).name.split("-", 1)[0], 10))


def run_all(names=None, *, jobs: int = 1, quick: bool = False, figures=None,
            timings=None) -> int:
    """Run the notebooks (all, or those whose names start with one of ``names``).

    ``jobs`` notebooks at once, the longest expected first; those whose metadata sets
    ``analysis.runs_after_others`` after all the others. ``timings``: a list to which
    ``(name, status, wall seconds, CPU seconds)`` is appended for every notebook, in
    the order they finish (times go to the terminal only, never into the outputs).
    """
    nbs = notebook_paths()
    if names:
        nbs = [p for p in nbs if any(p.name.startswith(n) for n in names)]
    if not nbs:
        print("no notebooks to run")
        return 1
    out_dir = figures_dir(figures)
    for nb in nbs:
        _clean_outputs(nb, out_dir)
    jobs = max(1, jobs)
    last = [p for p in nbs if _runs_after_others(p)]
    rest = sorted((p for p in nbs if p not in last), key=lambda p: (-_expected_seconds(p), p.name))
    env = dict(os.environ)
    # n_jobs=-1 inside a notebook: the cores left for it, not every core again
    env.setdefault("LOKY_MAX_CPU_COUNT", str(max(1, (os.cpu_count() or 1) // jobs)))
    failures = 0
    for batch, workers in ((rest, jobs), (last, 1)):
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_run_in_subprocess, p, quick, figures, env) for p in batch]
            for fut in as_completed(futures):
                nb, rc, secs, cpu, log = fut.result()
                status = "ok" if rc == 0 else "FAILED"
                print(f"{nb.name:<40} {status:>6}  {secs:6.1f} s  (CPU {cpu:6.1f} s)",
                      flush=True)
                if timings is not None:
                    timings.append((nb.name, status, secs, cpu))
                if rc:
                    failures += 1
                    print(log[-6000:], file=sys.stderr)
    return 1 if failures else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Execute the notebooks headless.")
    ap.add_argument("names", nargs="*", help="notebook name prefixes (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="notebooks run at once")
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
