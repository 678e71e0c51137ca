"""Write the first-look tables of README.md and the corpus README from the committed files.

    python benchmarks/first_look_tables.py           # rewrite the marked blocks
    python benchmarks/first_look_tables.py --check   # exit 1 when a block is stale

The tables of the coder's blind record (``analysis.first_look_recall`` by construction,
report role, acting side and weapon; the pooled first looks of
``analysis.coding.scores.load_scores``), with intervals clustered by report, are never
typed: this script renders them from ``benchmarks/coder_corpus/first_looks.csv``,
``first_look_reports.csv``, ``constructions.csv`` and ``parts.csv`` between the
``first_look_tables`` markers, and rewrites the pooled figures of the README's coder line
(``0.68 [0.62, 0.73] of 354 pooled``). ``tests/test_coding_first_looks.py`` fails when a
block differs from what this writes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CORPUS_README = ROOT / "benchmarks" / "coder_corpus" / "README.md"

#: What each construction class is (the rules are in the corpus README).
CONSTRUCTION_LABELS = {
    "single": "`single`: the report's own one incident",
    "round_item": "`round_item`: one site of a round told together",
    "list_item": "`list_item`: an item of a list, tally or chronology",
    "recalled": "`recalled`: an older incident recounted in passing",
    "interception": "`interception`: an attack told as shot down",
    "all": "all first-look incidents",
}
#: (block name, first_look_recall's ``by``, first column's header, file(s))
BLOCKS = (("construction", "construction", "construction", (README, CORPUS_README)),
          ("main_or_background", "main_or_background", "report role", (CORPUS_README,)),
          ("side", "side", "acting side", (CORPUS_README,)),
          ("weapon", "weapon", "weapon", (CORPUS_README,)))


def _ci(est, lo, hi) -> str:
    from analysis.reporting import number

    return f"{number(est, 2)} [{number(lo, 2)}, {number(hi, 2)}]"


def table(by: str, header: str) -> str:
    """The markdown table of ``first_look_recall(by)``."""
    from analysis.coding.scores import first_look_recall

    r = first_look_recall(by)
    lines = [f"| {header} | found | recall [95%] | at the right site | [95%] |",
             "|---|---|---|---|---|"]
    for c, x in r.iterrows():
        name = CONSTRUCTION_LABELS.get(c, c) if by == "construction" else c
        lines.append(f"| {name} | {int(x['found'])}/{int(x['n'])} | "
                     f"{_ci(x['recall'], x['recall_lower'], x['recall_upper'])} | "
                     f"{int(x['found_site'])}/{int(x['n'])} | "
                     f"{_ci(x['right_site'], x['right_site_lower'], x['right_site_upper'])} |")
    return "\n".join(lines) + "\n"


def pooled():
    """The pooled first looks (:attr:`CoderScores.pooled_first_looks`)."""
    from analysis.coding.scores import load_scores

    return load_scores(ROOT / "benchmarks" / "results" / "coder_scores.json",
                       ROOT / "benchmarks" / "coder_corpus" / "parts.csv").pooled_first_looks


def render(text: str, name: str, block: str) -> str:
    begin = f"<!-- first_look_tables: {name} (written by benchmarks/first_look_tables.py) -->"
    end = f"<!-- first_look_tables: {name} end -->"
    if begin not in text or end not in text:
        raise ValueError(f"no {begin!r} ... {end!r} markers")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{block}{end}{tail}"


def render_all(texts: dict) -> dict:
    """``{path: text}`` -> the same with every block (and the README's pooled figures)
    rewritten."""
    out = dict(texts)
    for name, by, header, files in BLOCKS:
        block = table(by, header)
        for f in files:
            out[f] = render(out[f], name, block)
    p = pooled()
    rec = (f"({_ci(p['incident_recall'], p['incident_recall_lower'], p['incident_recall_upper'])}"
           f" of {int(p['gold_required'])} pooled")
    spur = f"({_ci(p['spurious_share'], p['spurious_share_lower'], p['spurious_share_upper'])} pooled)"
    text, k1 = re.subn(r"\(\d\.\d+(?: \[[^\]]*\])? of \d+ pooled", rec, out[README], count=1)
    text, k2 = re.subn(r"\(\d\.\d+(?: \[[^\]]*\])? pooled\)", spur, text, count=1)
    if not (k1 and k2):
        raise ValueError(f"{README}: the coder line's pooled figures were not found")
    out[README] = text
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="exit 1 when a block is stale")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    texts = {f: f.read_text(encoding="utf-8") for f in (README, CORPUS_README)}
    new = render_all(texts)
    stale = [str(f.relative_to(ROOT)) for f in texts if new[f] != texts[f]]
    if args.check:
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    for f in texts:
        if new[f] != texts[f]:
            f.write_text(new[f], encoding="utf-8")
    print("rewritten: " + (", ".join(stale) if stale else "nothing (up to date)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
