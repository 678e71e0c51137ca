"""Replay the first looks of the Arabic coder, one row per required gold incident.

    python benchmarks/replay_first_looks.py [--pages DIR] [--part heldout6 ...] [--jobs N] [--check]

Each held-back part of ``benchmarks/coder_corpus`` was scored once by the coder of its
moment, before anyone developed on it (``parts.csv``, ``first_*``); only the totals were
kept. This script rebuilds the per-incident outcomes of those looks: for each part it
checks out the commit whose coder made the look (:data:`LOOKS`) in a detached temporary
worktree (``git worktree add --detach /tmp/replay/<part> <commit>``, removed after), runs
**that commit's own** ``analysis.coding.evaluate.evaluate_corpus`` on the part (with that
commit's coder, gold, gazetteer and scoring rule; the interpreter is the one running this
script, normally ``/work/main/.venv/bin/python``), and writes

``benchmarks/coder_corpus/first_looks.csv``
    one row per gold incident required at the look: ``part, look_commit, report,
    incident_key``, the incident's ``side, weapon, main_or_background`` in the gold of the
    look, ``found, found_site`` (0/1, as the look's ``evaluate`` scored them) and
    ``failure``, the look's kind of failure for the incident (``missed: not drafted``,
    ``missed: wrong date``, ``missed: wrong field``, ``missed: side inverted``,
    ``site: missed|wrong|extra``; blank when found at the right site), sorted by part (the
    order of ``parts.csv``), report and key;
``benchmarks/coder_corpus/first_look_reports.csv``
    one row per report scored at the look (out-of-scope reports included): ``part,
    report, gold_required, found, found_site, drafts, spurious`` as the look's
    ``evaluate`` counted them, sorted by part and report: the clusters of the
    report-clustered intervals (:mod:`analysis.coding.intervals`);
``benchmarks/coder_corpus/first_look_totals.csv``
    one row per part: the look's counts as replayed (``reports, gold_required, found,
    found_site, drafts, spurious, out_of_scope, out_of_scope_with_drafts``) and
    ``reproduces`` (``yes`` when every one equals the part's ``first_*`` in
    ``parts.csv``, else the counts that differ, ``name replayed/recorded``).

No text is written, only keys and counts, so both files are the same on every machine
with the pages. The texts are read from ``--pages`` (default
``~/.cache/escalation-analysis/coder_pages``, as ``eval_arabic_coder.py``); a part with an
absent text is not replayed (said, and its rows are kept from the existing files), so the
script is not part of ``make test``. ``--check`` exits 1 when a replayed part does not
reproduce ``parts.csv``. Nothing is adjusted by hand: a count that differs stays in the
totals file and the corpus README says why.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "coder_corpus"

#: The commit whose coder made each part's first look: the commit that recorded the look
#: (its README section, and from heldout6 on its ``parts.csv`` row and scores), which
#: changes nothing under ``analysis/`` or ``data/``, so its coder is the one that ran.
LOOKS = {
    "heldout": "26b51cc",    # "Coder corpus: results before/after on the dev and held-back parts"
    "heldout2": "3991c4e",   # "... the first look at the second held-back part (recall 0.58 ...)"
    "heldout3": "fe12623",   # "... the third held-back part scored once at the end ..."
    "heldout4": "4830a7d",   # "... the fourth held-back part scored once at the end ..."
    "heldout5": "81bed34",   # "Merged coder6 ...; heldout5 scored once ..."
    "heldout6": "ef1d30d",   # "Coder corpus: the one look at heldout6 ..."
    "heldout7": "1eadc63",   # "Coder corpus: the one look at heldout7 ..."
    "heldout8": "98c9027",   # "Merge gold8 ... after coder13 and coder14; the one look at heldout8 ..."
    "heldout9": "78ad7c4",   # "The one look at heldout9 and heldout10 ..."
    "heldout10": "78ad7c4",
    "heldout11": "2f69952",  # "The one look at heldout11 and heldout12 ..."
    "heldout12": "2f69952",
}

COUNTS = ("reports", "gold_required", "found", "found_site", "drafts", "spurious",
          "out_of_scope", "out_of_scope_with_drafts")

#: The per-report counts written to ``first_look_reports.csv`` (after ``part``).
REPORT_COUNTS = ("report", "gold_required", "found", "found_site", "drafts", "spurious")

# Run inside the look's worktree (its own analysis package first on the path).
_DRIVER = r"""
import json, sys, warnings
from analysis.coding.evaluate import evaluate_corpus, load_corpus
corpus, pages, part = sys.argv[1:4]
gold = load_corpus(corpus)[1].set_index("incident_key")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    ev, absent = evaluate_corpus(corpus, pages, part=part)
pairs = ev.pairs[ev.pairs["gold"].notna()]
fails = ev.failures[ev.failures["gold"].notna()]
print(json.dumps({
    "absent": list(absent),
    "failures": [{"report": str(r["report"]), "gold": str(r["gold"]), "kind": str(r["kind"])}
                 for _, r in fails.iterrows()],
    "pairs": [{"report": str(r["report"]), "gold": str(r["gold"]), "required": bool(r["required"]),
               "found": bool(r["found"]), "wrong": str(r["wrong"] or ""),
               **{c: str(gold.loc[r["gold"], c]) for c in ("side", "weapon", "main_or_background")}}
              for _, r in pairs.iterrows()],
    "reports": [{k: (str(v) if k == "report" else int(v)) for k, v in r.items()}
                for r in ev.reports.to_dict("records")]}))
"""


def _git(*args, cwd=ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def replay_part(part: str, commit: str, pages: Path, tmp: Path) -> dict:
    """Replay one first look; returns ``{"rows": [...], "totals": {...}}`` or
    ``{"absent": [...]}`` when texts are missing."""
    wt = tmp / part
    _git("worktree", "add", "--detach", str(wt), commit)
    try:
        full = _git("rev-parse", commit).strip()
        env = {**os.environ, "PYTHONPATH": str(wt), "MPLBACKEND": "Agg"}
        env.pop("ESCALATION_SEEDS", None)
        res = subprocess.run([sys.executable, "-c", _DRIVER, str(wt / "benchmarks" / "coder_corpus"),
                              str(pages), part], cwd=wt, env=env, capture_output=True, text=True)
        if res.returncode:
            raise RuntimeError(f"part {part!r} at {commit}: the look's evaluation failed:\n"
                               f"{res.stderr[-3000:]}")
        out = json.loads(res.stdout.strip().splitlines()[-1])
    finally:
        _git("worktree", "remove", "--force", str(wt))
    if out["absent"]:
        return {"absent": out["absent"]}
    kinds = {}
    for f in out["failures"]:
        if (f["report"], f["gold"]) in kinds:
            raise RuntimeError(f"part {part!r}: two failures for {f['gold']}")
        kinds[(f["report"], f["gold"])] = f["kind"]
    rows = []
    for p in out["pairs"]:
        if not p["required"]:
            continue
        wrong = {w.strip() for w in p["wrong"].split(",")}
        rows.append({"part": part, "look_commit": full[:7], "report": p["report"],
                     "incident_key": p["gold"], "side": p["side"], "weapon": p["weapon"],
                     "main_or_background": p["main_or_background"], "found": int(p["found"]),
                     "found_site": int(p["found"] and "location" not in wrong),
                     "failure": kinds.get((p["report"], p["gold"]), "")})
    reps = out["reports"]
    # the per-incident outcomes must add up to the look's own per-report counts
    for r in reps:
        mine = [x for x in rows if x["report"] == r["report"]]
        got = (len(mine), sum(x["found"] for x in mine), sum(x["found_site"] for x in mine))
        want = (r["gold_required"], r["found"], r["found_site"])
        # and the look's failure kinds must agree with them: none for an incident found
        # at its site, a "site: ..." kind for one found elsewhere, "missed: ..." otherwise
        for x in mine:
            k = x["failure"]
            expect = ("" if x["found_site"] else "site:" if x["found"] else "missed:")
            if not k.startswith(expect) or (expect == "" and k):
                raise RuntimeError(f"part {part!r}: {x['incident_key']} has failure {k!r} "
                                   f"but found={x['found']}, found_site={x['found_site']}")
        if got != want:
            raise RuntimeError(f"part {part!r}, report {r['report']}: per-incident outcomes "
                               f"{got} do not add up to the look's counts {want}")
    oos = [r for r in reps if r["gold_required"] + r["gold_optional"] == 0]
    totals = {"part": part, "look_commit": full[:7], "reports": len(reps),
              **{k: sum(r[k] for r in reps) for k in ("gold_required", "found", "found_site",
                                                      "drafts", "spurious")},
              "out_of_scope": len(oos),
              "out_of_scope_with_drafts": sum(r["drafts"] > 0 for r in oos)}
    per_report = [{"part": part, **{k: (str(r[k]) if k == "report" else int(r[k]))
                                    for k in REPORT_COUNTS}} for r in reps]
    return {"rows": rows, "totals": totals, "reports": per_report}


def main(argv=None) -> int:
    import pandas as pd
    from tqdm.auto import tqdm

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", default=str(Path.home() / ".cache" / "escalation-analysis"
                                           / "coder_pages"))
    ap.add_argument("--part", nargs="*", default=list(LOOKS), choices=list(LOOKS))
    ap.add_argument("--jobs", type=int, default=1, help="parts replayed at once (default 1)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a replayed part does not reproduce parts.csv")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error(f"--jobs must be at least 1, got {args.jobs}")
    pages = Path(args.pages)
    if not pages.is_dir() or not any(pages.glob("*.txt")):
        print(f"corpus texts not found in {pages}: nothing to replay (the articles are not "
              "redistributed; pass --pages PATH)")
        return 0
    parts = pd.read_csv(CORPUS / "parts.csv", dtype=str, keep_default_na=False).set_index("part")
    order = [p for p in parts.index if p in LOOKS]
    tmp = Path("/tmp/replay")
    tmp.mkdir(exist_ok=True)
    busy = [str(tmp / p) for p in args.part if (tmp / p).exists()]
    if busy:
        print(f"{', '.join(busy)} already exist(s): remove with `git worktree remove --force PATH`")
        return 2
    with ThreadPoolExecutor(args.jobs) as pool:
        futs = {p: pool.submit(replay_part, p, LOOKS[p], pages, tmp) for p in args.part}
        results = {p: f.result() for p, f in tqdm(futs.items(), desc="first looks",
                                                  total=len(futs))}
    rows_path, tot_path = CORPUS / "first_looks.csv", CORPUS / "first_look_totals.csv"
    rep_path = CORPUS / "first_look_reports.csv"
    old_rows = pd.read_csv(rows_path, dtype=str) if rows_path.exists() else None
    old_tot = pd.read_csv(tot_path, dtype=str) if tot_path.exists() else None
    old_rep = pd.read_csv(rep_path, dtype=str) if rep_path.exists() else None
    rows, tots, reps, failed = [], [], [], False
    for p in order:
        res = results.get(p)
        if res is None or "absent" in res:
            if res is not None:
                print(f"{p}: text(s) absent ({', '.join(res['absent'])}): not replayed")
            if old_rows is not None:
                rows += old_rows[old_rows["part"] == p].to_dict("records")
                tots += old_tot[old_tot["part"] == p].to_dict("records")
            if old_rep is not None:
                reps += old_rep[old_rep["part"] == p].to_dict("records")
            continue
        t = res["totals"]
        diff = [f"{k} {t[k]}/{parts.loc[p, 'first_' + k]}" for k in COUNTS
                if str(t[k]) != parts.loc[p, f"first_{k}"]]
        t["reproduces"] = "yes" if not diff else "; ".join(diff)
        failed |= bool(diff)
        print(f"{p} at {t['look_commit']}: found {t['found']}/{t['gold_required']}, site "
              f"{t['found_site']}, drafts {t['drafts']}, spurious {t['spurious']}, "
              f"out of scope {t['out_of_scope_with_drafts']}/{t['out_of_scope']}: "
              f"{'reproduces parts.csv' if not diff else 'differs: ' + t['reproduces']}")
        rows += res["rows"]
        reps += res["reports"]
        tots.append(t)
    rank = {p: i for i, p in enumerate(order)}
    r = pd.DataFrame(rows, columns=["part", "look_commit", "report", "incident_key", "side",
                                    "weapon", "main_or_background", "found", "found_site",
                                    "failure"])
    r = r.sort_values(["part", "report", "incident_key"],
                      key=lambda s: s.map(rank) if s.name == "part" else s)
    r.to_csv(rows_path, index=False, lineterminator="\n")
    t = pd.DataFrame(tots, columns=["part", "look_commit", *COUNTS, "reproduces"])
    t.to_csv(tot_path, index=False, lineterminator="\n")
    pr = pd.DataFrame(reps, columns=["part", *REPORT_COUNTS])
    pr = pr.sort_values(["part", "report"], key=lambda s: s.map(rank) if s.name == "part" else s)
    pr.to_csv(rep_path, index=False, lineterminator="\n")
    print(f"written {rows_path.relative_to(ROOT)} ({len(r)} rows), "
          f"{rep_path.relative_to(ROOT)} ({len(pr)} rows) and {tot_path.relative_to(ROOT)}")
    return 1 if (args.check and failed) else 0


if __name__ == "__main__":
    sys.exit(main())
