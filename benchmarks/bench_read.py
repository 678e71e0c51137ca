"""Benchmark: read_incidents (with full validation) against pandas.read_csv(dtype=str).

Issue 9 section 3: on a 1,000,000-row incident CSV, ``read_incidents`` must be within 2x
of ``pandas.read_csv(dtype=str)`` (no validation) in time and in peak memory. Both run
on the same synthetic file, each in a fresh subprocess (peak resident memory from
``VmHWM`` in ``/proc/self/status``, wall time around the call only), in one run.

    python benchmarks/bench_read.py                # 1,000,000 rows (about 300 MB)
    python benchmarks/bench_read.py --rows 100000  # quick

The file is synthetic (random valid rows over sides a/b/c, every column of the schema
that a large export would have, free-text notes of 150-250 characters); it is written to
a temporary folder and deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def write_file(path: Path, n: int, seed: int = 1) -> None:
    rng = np.random.default_rng(seed)
    chunk = 200_000
    words = np.array(["attack", "drone", "base", "reported", "claimed", "near", "the", "rocket",
                      "officials", "said", "no", "injuries", "convoy", "strike", "facility"])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        first = True
        for start in range(0, n, chunk):
            m = min(chunk, n - start)
            days = rng.integers(0, 365 * 20, m)
            dates = (np.datetime64("2003-01-01") + days.astype("timedelta64[D]")).astype(str)
            side = rng.choice(["a", "b", "c"], m)
            target = np.where(side == "a", "b", "a")
            nw = rng.integers(25, 40, m)
            notes = [" ".join(words[rng.integers(0, len(words), k)]) for k in nw]
            df = pd.DataFrame({
                "incident_id": [f"i{start + i}" for i in range(m)],
                "date": dates,
                "date_precision": rng.choice(["day", "day", "day", "week"], m),
                "time_local": np.where(rng.random(m) < 0.2, "13:45", ""),
                "confirmation": rng.choice(["confirmed", "claimed", "reported"], m),
                "side": side, "target_side": target,
                "event_type": np.where(side == "a", "attack", "strike"),
                "actor": rng.choice(["Group One", "Group Two", ""], m),
                "target_kind": rng.choice(["base", "convoy", "ship", ""], m),
                "country": rng.choice(["Iraq", "Syria", "Yemen"], m),
                "admin1": rng.choice(["North", "South", ""], m),
                "location": rng.choice(["Camp X", "Port Y", "Town Z"], m),
                "latitude": np.round(rng.uniform(12, 37, m), 4),
                "longitude": np.round(rng.uniform(35, 50, m), 4),
                "weapon": rng.choice(["drone", "rocket", "airstrike", "unknown"], m),
                "n_attacks": rng.integers(1, 4, m),
                "target_killed": np.where(rng.random(m) < 0.3, rng.integers(0, 5, m).astype(str), ""),
                "target_wounded": np.where(rng.random(m) < 0.3, rng.integers(0, 9, m).astype(str), ""),
                "sources": [f"s{k}" for k in rng.integers(0, 5000, m)],
                "note": notes,
            })
            df.to_csv(fh, index=False, header=first, lineterminator="\n")
            first = False


CHILD = r"""
import json, resource, sys, time, warnings
import pandas as pd
path, which = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if which == "pandas":
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
else:
    from analysis import read_incidents
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = read_incidents(path, sides=["a", "b", "c"], max_bytes=None, today="2026-01-01")
dt = time.perf_counter() - t
# VmHWM (peak resident memory of this process image), not ru_maxrss, which Linux carries
# over from the parent across fork/exec
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")]
peak = int(hwm[0].split()[1]) / 1024 if hwm else \
    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": len(df), "seconds": dt, "peak_rss_mib": peak}))
"""


def run(path: Path, which: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), which], check=True,
                         capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--write", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.write:
        write_file(args.write, args.rows)
        return 0
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "incidents.csv"
        t = time.perf_counter()
        # written by a child process, so that this process stays small
        subprocess.run([sys.executable, __file__, "--write", str(path), "--rows",
                        str(args.rows)], check=True)
        size = path.stat().st_size
        print(f"file: {args.rows:,} rows, {size / 2**20:.0f} MiB (written in "
              f"{time.perf_counter() - t:.0f} s)")
        res = {"pandas": [], "read_incidents": []}
        for _ in range(args.repeat):
            for which in res:
                res[which].append(run(path, which))
        best = {k: min(v, key=lambda r: r["seconds"]) for k, v in res.items()}
        for k, r in best.items():
            print(f"{k:15s} {r['seconds']:7.2f} s   peak RSS {r['peak_rss_mib']:7.0f} MiB   "
                  f"rows {r['rows']:,}")
        p, ri = best["pandas"], best["read_incidents"]
        print(f"ratio read_incidents / pandas.read_csv(dtype=str): time "
              f"{ri['seconds'] / p['seconds']:.2f}x, peak memory "
              f"{ri['peak_rss_mib'] / p['peak_rss_mib']:.2f}x (goal: <= 2x both)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
