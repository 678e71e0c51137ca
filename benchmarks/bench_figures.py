"""Time ``make figures``: the dataset build and every notebook, wall and CPU seconds.

    python benchmarks/bench_figures.py [--jobs 2] [--quick] [--out build/bench_figures.md] [NAMES...]

Runs ``python -m analysis.build`` and then the notebooks exactly as ``make figures``
does (:func:`analysis.notebooks.run_all`, strict figure checks on), and writes a table
of each notebook's wall time and CPU time (user + system of its process and kernel)
to ``--out`` and the terminal. On a machine shared with other work, wall times vary
with the load; the CPU times are the comparable numbers (``analysis.notebooks``
orders notebooks by them, :data:`analysis.notebooks.EXPECTED_SECONDS`). ``--quick``
runs the small versions (``ESCALATION_QUICK=1``) into a temporary folder, so the
committed figures are not touched. No timing is written into any output of the
notebooks themselves.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _timed(cmd, env=None):
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    return (os.waitstatus_to_exitcode(status), time.perf_counter() - t0,
            usage.ru_utime + usage.ru_stime)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="notebook name prefixes (default: all)")
    ap.add_argument("--jobs", type=int, default=2, help="notebooks at once (make figures: 2)")
    ap.add_argument("--quick", action="store_true", help="small versions, temporary folder")
    ap.add_argument("--no-build", action="store_true", help="skip the dataset build")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench_figures.md")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from analysis import notebooks

    os.environ.setdefault("ESCALATION_FIGURE_CHECK", "error")
    os.environ.setdefault("MPLBACKEND", "Agg")
    rows = []
    t_start = time.perf_counter()
    if not args.no_build:
        rc, wall, cpu = _timed([sys.executable, "-m", "analysis.build"])
        rows.append(("build (analysis.build)", "ok" if rc == 0 else "FAILED", wall, cpu))
    t_nb = time.perf_counter()
    timings = []
    with tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) if args.quick else None
        rc = notebooks.run_all(args.names, jobs=args.jobs, quick=args.quick, figures=figures,
                               timings=timings)
    end = time.perf_counter()
    rows += sorted(timings)
    total_cpu = sum(r[3] for r in rows)
    lines = [f"make figures timing: --jobs {args.jobs}{' --quick' if args.quick else ''}, "
             f"{os.cpu_count()} cores, load average at the end "
             f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}", "",
             "| step | status | wall s | CPU s |", "|---|---|---:|---:|"]
    lines += [f"| {name} | {status} | {wall:.1f} | {cpu:.1f} |" for name, status, wall, cpu in rows]
    lines += [f"| notebooks (wall, scheduled) | | {end - t_nb:.1f} | "
              f"{sum(r[3] for r in timings):.1f} |",
              f"| total | | {end - t_start:.1f} | {total_cpu:.1f} |"]
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print("\n" + text + f"written to {args.out}")
    return rc


if __name__ == "__main__":
    sys.exit(main())
