"""Execute the notebooks headless: ``python -m analysis.notebooks [--jobs N] [--quick]``.

Every notebook in ``notebooks/`` runs in name order (``01-...`` first; notebooks
after the first run ``--jobs`` at a time, as they depend only on the dataset), each
in its own kernel with a fixed environment (``PYTHONHASHSEED=0``, one BLAS thread,
the Agg backend), so two runs write byte-identical figures and values. Before a
notebook runs, the figures and values files carrying its number are removed, so a
figure the notebook no longer makes cannot linger. Executed copies (with outputs) go
to ``build/notebooks/`` for inspection; the committed notebooks stay output-free.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import paths
from .reporting import figures_dir

__all__ = ["notebook_paths", "execute_notebook", "run_all"]

#: Environment given to every kernel (on top of the caller's).
KERNEL_ENV = {
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
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
    prefix = nb_path.name.split("-", 1)[0] + "-"
    for d in (out_dir, out_dir / "values"):
        if d.exists():
            for f in d.glob(prefix + "*"):
                if f.is_file():
                    f.unlink()


def execute_notebook(nb_path, *, timeout: int = 1800, quick: bool = False,
                     figures=None, save_to=None) -> float:
    """Execute one notebook in a fresh kernel; return the seconds it took.

    Raises ``nbclient.exceptions.CellExecutionError`` (with the failing cell and its
    traceback) if a cell fails.
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
    t0 = time.perf_counter()
    try:
        nb = nbformat.read(nb_path, as_version=4)
        client = nbclient.NotebookClient(
            nb, timeout=timeout, kernel_name="python3",
            resources={"metadata": {"path": str(nb_path.parent)}})
        client.execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if save_to is not None:
        Path(save_to).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save_to)
    return time.perf_counter() - t0


def _run_in_subprocess(nb: Path, quick: bool, figures) -> tuple[Path, int, float, str]:
    cmd = [sys.executable, "-m", "analysis.notebooks", "--one", str(nb)]
    if quick:
        cmd.append("--quick")
    if figures is not None:
        cmd += ["--figures", str(figures)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    return nb, proc.returncode, time.perf_counter() - t0, proc.stdout + proc.stderr


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
    first, rest = nbs[:1], nbs[1:]
    failures = 0
    for batch, workers in ((first, 1), (rest, max(1, jobs))):
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
        execute_notebook(args.one, quick=args.quick, figures=args.figures,
                         save_to=paths.ROOT / "build" / "notebooks" / args.one.name)
        return 0
    return run_all(args.names, jobs=args.jobs, quick=args.quick, figures=args.figures)


if __name__ == "__main__":
    sys.exit(main())
