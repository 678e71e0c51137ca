"""Evaluate the Arabic report coder on the seed reports, or on the development corpus.

    python benchmarks/eval_arabic_coder.py [--seeds ../shared/seeds] [--gold tests/gold/seed_incidents.csv]
    python benchmarks/eval_arabic_coder.py --corpus [--part dev|heldout|heldout2|heldout3|heldout4|heldout5|all] [--pages DIR] [--failures]

``--corpus`` scores the 93 real reports of ``benchmarks/coder_corpus`` (five parts) (URLs, publication
dates and hand-coded gold only; see its README): the texts are read from ``--pages``
(default ``~/.cache/escalation-analysis/coder_pages``), one ``<report>.txt`` per report.
It prints incident recall, right-site recall and the spurious share of drafts (95%
Wilson intervals clustered by report), whether the out-of-scope reports gave drafts, and
how many failures fall under each pattern (``--failures`` lists them). ``--check`` exits 1
when a target of issue 14 is missed (recall >= 0.90, right site >= 0.85, spurious <= 0.10, no draft
from an out-of-scope report).

Runs ``analysis.code_report`` on every seed report named in the gold file (with the
gold's publication date and ``seed:<file>`` as source) and prints per-field precision
and recall, incident recall (gold incidents found with the right date, side, country
and weapon; and how many of them at the right site too) and spurious drafts per report.
Gold incidents and drafts are per site (the dataset's granularity: a strike round that
hits two sites is two incidents). The matching rule is stated in
``analysis/coding/evaluate.py``. The seed reports are not redistributed with the
project: when the folder is absent the script says so and exits 0.

``--write-scores`` (with ``--corpus``; the seed reports are scored too when present)
writes the counts (per part, and per report under ``per_report``: the clusters of the
intervals) to ``benchmarks/results/coder_scores.json``, which notebook 06 reads:
a machine without the texts then shows the same scores (see ``analysis/coding/scores.py``).
Parts not scored keep their entry; without the seed reports the seed entry is kept.

Options: ``--no-published`` codes the reports without their publication date (the
coder then infers it from the text); ``--pairs`` prints the gold-draft matching;
``--check`` exits 1 when the targets (incident recall >= 0.90, at most one spurious
draft per report) are not met.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", default=os.environ.get("ESCALATION_SEEDS", "").strip()
                    or str(ROOT.parent / "shared" / "seeds"),
                    help="folder with the seed reports (default: $ESCALATION_SEEDS, else "
                         "../shared/seeds)")
    ap.add_argument("--gold", default=str(ROOT / "tests" / "gold" / "seed_incidents.csv"))
    ap.add_argument("--no-published", action="store_true",
                    help="do not pass the publication date to code_report")
    ap.add_argument("--pairs", action="store_true", help="print the gold-draft matching")
    ap.add_argument("--check", action="store_true", help="exit 1 if the targets are not met")
    ap.add_argument("--quick", action="store_true", help="accepted for `make bench`; no effect")
    ap.add_argument("--corpus", nargs="?", const=str(ROOT / "benchmarks" / "coder_corpus"),
                    default=None, help="evaluate on the development corpus (folder)")
    ap.add_argument("--part", default="all", choices=["dev", "dev2", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "all"])
    ap.add_argument("--pages", default=str(Path.home() / ".cache" / "escalation-analysis"
                                           / "coder_pages"),
                    help="folder with the corpus texts, <report>.txt")
    ap.add_argument("--failures", action="store_true", help="list every failure")
    ap.add_argument("--write-scores", nargs="?", default=None,
                    const=str(ROOT / "benchmarks" / "results" / "coder_scores.json"),
                    help="write the counts for notebook 06 (default "
                         "benchmarks/results/coder_scores.json)")
    args = ap.parse_args(argv)
    if args.corpus:
        return _corpus(args)
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


def _corpus(args) -> int:
    pages = Path(args.pages)
    if not pages.is_dir() or not any(pages.glob("*.txt")):
        print(f"corpus texts not found in {pages}: nothing to evaluate (the articles are not "
              "redistributed with the project; store each page's text as <report>.txt and "
              "pass --pages PATH)")
        return 0
    sys.path.insert(0, str(ROOT))
    from analysis.coding.evaluate import FAILURE_KINDS, evaluate_corpus, load_corpus
    from analysis.coding.scores import meets_targets, score_counts

    reports, _ = load_corpus(args.corpus)
    parts = list(dict.fromkeys(reports["part"])) if args.part == "all" else [args.part]
    failed = False
    scored = {}
    for part in parts:
        ev, absent = evaluate_corpus(args.corpus, pages, part=part,
                                     use_published=not args.no_published)
        if absent and args.write_scores:
            print(f"part {part!r}: {len(absent)} text(s) absent ({', '.join(absent)}); "
                  "its scores are not written")
        elif args.write_scores:
            scored[part] = ev
        r = ev.reports
        print(f"== part '{part}': {len(r)} reports"
              + (f" ({len(absent)} without text: {', '.join(absent)})" if absent else ""))
        tally = score_counts(ev)
        rt = ev.rates()
        for m in ("incident recall", "right site", "spurious share"):
            x = rt.loc[m]
            print(f"  {m:<16}{int(x['k']):>4}/{int(x['n']):<4} {x['estimate']:.2f}  "
                  f"[{x['lower']:.2f}, {x['upper']:.2f}]")
        print(f"  out-of-scope reports with drafts: {tally['out_of_scope_with_drafts']}/"
              f"{tally['out_of_scope']}")
        counts = ev.failure_counts()
        print("  failures by pattern:")
        for k in FAILURE_KINDS:
            if k in counts.index:
                print(f"    {k:<26}{int(counts[k]):>4}   {FAILURE_KINDS[k]}")
        if args.failures and len(ev.failures):
            print(ev.failures.to_string(index=False))
        if args.pairs:
            print(ev.pairs.to_string(index=False))
        failed |= not meets_targets(tally)
        print()
    if args.write_scores:
        from analysis.coding.evaluate import evaluate_seeds
        from analysis.coding.scores import write_scores

        seeds = Path(args.seeds)
        seed_ev = (evaluate_seeds(seeds, args.gold, use_published=not args.no_published)
                   if seeds.is_dir() and any(seeds.glob("*.txt")) else None)
        out = write_scores(args.write_scores, corpus=scored, seeds=seed_ev)
        print(f"scores of {len(scored)} part(s)"
              + (" and the seed reports" if seed_ev is not None else
                 " (seed reports absent: their entry kept)") + f" written to {out}")
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
