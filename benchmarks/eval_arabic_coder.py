"""Evaluate the Arabic report coder on the seed reports against the gold labels.

    python benchmarks/eval_arabic_coder.py [--seeds ../shared/seeds] [--gold tests/gold/seed_incidents.csv]

Runs ``analysis.code_report`` on every seed report named in the gold file (with the
gold's publication date and ``seed:<file>`` as source) and prints per-field precision
and recall, incident recall (gold incidents found with the right date, side, country
and weapon; and how many of them at the right site too) and spurious drafts per report.
Gold incidents and drafts are per site (the dataset's granularity: a strike round that
hits two sites is two incidents). The matching rule is stated in
``analysis/coding/evaluate.py``. The seed reports are not redistributed with the
project: when the folder is absent the script says so and exits 0.

Options: ``--no-published`` codes the reports without their publication date (the
coder then infers it from the text); ``--pairs`` prints the gold-draft matching;
``--check`` exits 1 when the targets (incident recall >= 0.90, at most one spurious
draft per report) are not met.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"),
                    help="folder with the seed reports (default: ../shared/seeds)")
    ap.add_argument("--gold", default=str(ROOT / "tests" / "gold" / "seed_incidents.csv"))
    ap.add_argument("--no-published", action="store_true",
                    help="do not pass the publication date to code_report")
    ap.add_argument("--pairs", action="store_true", help="print the gold-draft matching")
    ap.add_argument("--check", action="store_true", help="exit 1 if the targets are not met")
    ap.add_argument("--quick", action="store_true", help="accepted for `make bench`; no effect")
    args = ap.parse_args(argv)
    seeds = Path(args.seeds)
    if not seeds.is_dir() or not any(seeds.glob("*.txt")):
        print(f"seed reports not found in {seeds}: nothing to evaluate (they are not "
              "redistributed with the project; pass --seeds PATH)")
        return 0
    sys.path.insert(0, str(ROOT))
    from analysis.coding.evaluate import evaluate_seeds

    ev = evaluate_seeds(seeds, args.gold, use_published=not args.no_published)
    print(f"Arabic report coder on {len(ev.reports)} seed reports ({seeds})")
    print(f"published dates: {'not given (inferred from the text)' if args.no_published else 'from the gold file'}\n")
    print(ev.summary())
    if args.pairs:
        print("\nMatching (gold incident -> draft; fields that differ)")
        print(ev.pairs.to_string(index=False))
    if args.check and (ev.incident_recall < 0.9 or ev.max_spurious > 1):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
