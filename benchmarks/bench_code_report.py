"""Benchmark: the Arabic coder's time per megabyte of report text, and its size guard.

Issue 9 section 3: ``code_report`` took 47-85 s per MB on long inputs and had no size
limit. It now refuses reports longer than ``MAX_REPORT_CHARS`` (100,000 characters, a
long news report is 5-15,000) with a clear error. This script times ``code_report`` on
texts of growing length built from the seed reports (read at run time from
``../shared/seeds``; their text is not redistributed) and checks the guard:

    python benchmarks/bench_code_report.py [--seeds DIR]

It prints seconds per report, characters per second and seconds per MB for each length.
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    from analysis import SpecificationError, code_report
    from analysis.coding.extract import MAX_REPORT_CHARS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not texts:
        print(f"no seed reports in {args.seeds}: nothing to time")
        return 0
    corpus = "\n\n".join(texts)
    print(f"{'characters':>11} {'seconds':>8} {'chars/s':>9} {'s per MB':>9}")
    warnings.simplefilter("ignore")
    for n in (5_000, 25_000, 50_000, MAX_REPORT_CHARS):
        text = (corpus * (n // len(corpus) + 1))[:n]
        t0 = time.perf_counter()
        code_report(text, published="2024-01-30")
        dt = time.perf_counter() - t0
        mb = len(text.encode("utf-8")) / 2**20
        print(f"{n:>11,} {dt:>8.2f} {n / dt:>9,.0f} {dt / mb:>9.1f}")
    try:
        code_report("ا" * (MAX_REPORT_CHARS + 1), published="2024-01-30")
    except SpecificationError as e:
        print(f"size guard: a report of {MAX_REPORT_CHARS + 1:,} characters is refused ({e})")
    else:
        print("size guard: NOT ENFORCED")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
