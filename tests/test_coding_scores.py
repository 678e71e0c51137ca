"""The coder's committed scores (benchmarks/results/coder_scores.json), read by notebook 06.

The texts are not redistributed, so notebook 06 reads what the benchmark counted. These
tests check the file's round trip and, wherever the texts are present, that the committed
counts are what the current coder scores (the file cannot go stale unnoticed)."""

from pathlib import Path

import matplotlib
import pandas as pd
import pytest

from analysis.coding.evaluate import Evaluation, evaluate_corpus, evaluate_seeds, seeds_dir
from analysis.coding.intervals import clustered_wilson
from analysis.coding.scores import (COUNT_COLUMNS, REPORT_COUNTS, load_scores, score_counts,
                                    write_scores)

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
SCORES = ROOT / "benchmarks" / "results" / "coder_scores.json"
PARTS = ROOT / "benchmarks" / "coder_corpus" / "parts.csv"
CORPUS = ROOT / "benchmarks" / "coder_corpus"
PAGES = Path.home() / ".cache" / "escalation-analysis" / "coder_pages"
GOLD = ROOT / "tests" / "gold" / "seed_incidents.csv"
SEEDS = seeds_dir()


def _ev(rows):
    reports = pd.DataFrame(rows, columns=["report", "gold_required", "gold_optional", "drafts",
                                          "found", "found_site", "spurious"])
    fields = pd.DataFrame({"tp": [3, 2], "n_draft": [4, 2], "n_gold": [3, 3]},
                          index=["date", "location"])
    return Evaluation(fields, pd.DataFrame(), reports)


def test_counts_round_trip_and_intervals_clustered_by_report(tmp_path):
    a = _ev([("r3", 0, 0, 0, 0, 0, 0), ("r1", 3, 0, 4, 3, 2, 1), ("r2", 0, 0, 1, 0, 0, 1)])
    c = score_counts(a)
    assert c == {"reports": 3, "gold_required": 3, "found": 3, "found_site": 2, "drafts": 5,
                 "spurious": 2, "out_of_scope": 2, "out_of_scope_with_drafts": 1}
    path = write_scores(tmp_path / "s.json", corpus={"p1": a}, seeds=a)
    s = load_scores(path)
    row = s.corpus.loc["p1"]
    assert [int(row[k]) for k in COUNT_COLUMNS] == [c[k] for k in COUNT_COLUMNS]
    assert row["spurious_share"] == pytest.approx(0.4)
    # the drafts of two reports (1 of 4 and 1 of 1 spurious) are the clusters
    assert (row["spurious_share_lower"], row["spurious_share_upper"]) == \
        pytest.approx(clustered_wilson([1, 1], [4, 1]))
    assert row["incident_recall"] == 1.0
    assert (row["incident_recall_lower"], row["incident_recall_upper"]) == (0.0, 1.0)  # one report
    reps = s.corpus_reports                                    # sorted by report
    assert list(reps["report"]) == ["r1", "r2", "r3"] and list(reps.columns) == ["part", *REPORT_COUNTS]
    assert reps.loc[0, ["gold_required", "found", "found_site", "drafts", "spurious"]].tolist() == \
        [3, 3, 2, 4, 1]
    assert s.seed_fields.loc["date", "precision"] == pytest.approx(0.75)
    assert list(s.seed_reports["report"]) == ["r3", "r1", "r2"]          # as evaluated


def test_writing_keeps_what_it_was_not_given_and_is_byte_stable(tmp_path):
    a = _ev([("r1", 2, 0, 2, 2, 2, 0)])
    b = _ev([("r9", 5, 1, 7, 4, 3, 2)])
    path = tmp_path / "s.json"
    write_scores(path, corpus={"p1": a}, seeds=a)
    first = path.read_bytes()
    write_scores(path, corpus={"p2": b})                     # no seeds here: the entry stays
    s = load_scores(path)
    assert list(s.corpus.index) == ["p1", "p2"] and s.seeds["found"] == 2
    write_scores(path, corpus={"p2": b})
    again = path.read_bytes()
    write_scores(path, corpus={"p2": b})
    assert path.read_bytes() == again and again != first


def _first_look_reports(path, rows=None):
    rows = rows or ["h1,a1,6,5,5,6,1", "h1,a2,4,3,2,4,0", "h2,b1,5,5,5,6,1", "h2,b2,5,4,4,6,2"]
    path.write_text("part,report,gold_required,found,found_site,drafts,spurious\n"
                    + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_first_looks_are_read_from_the_parts_file_and_pooled(tmp_path):
    a = _ev([("r1", 2, 0, 2, 2, 2, 0), ("r2", 1, 0, 1, 1, 1, 0)])
    path = write_scores(tmp_path / "s.json", corpus={"dev": a, "h1": a})
    parts = tmp_path / "parts.csv"
    cols = ",".join(f"first_{k}" for k in COUNT_COLUMNS)
    parts.write_text(f"part,role,gold_commit,{cols}\n"
                     "h1,held back,abc,2,10,8,7,10,1,1,0\n"
                     "dev,development,abc,,,,,,,,\n"
                     "h2,held back,def,3,10,9,9,12,3,1,1\n", encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="first_look_reports.csv"):
        load_scores(path, parts)
    _first_look_reports(tmp_path / "first_look_reports.csv")
    s = load_scores(path, parts)
    assert list(s.corpus.index) == ["h1", "dev"]              # the parts file's order
    assert list(s.first_looks.index) == ["h1", "h2"]
    pooled = s.pooled_first_looks
    assert pooled["found"] == 17 and pooled["gold_required"] == 20
    assert pooled["incident_recall"] == pytest.approx(0.85)
    assert pooled["spurious_share"] == pytest.approx(4 / 22)
    # clustered over the four reports of both looks
    assert (pooled["incident_recall_lower"], pooled["incident_recall_upper"]) == \
        pytest.approx(clustered_wilson([5, 3, 5, 4], [6, 4, 5, 5]))
    h1 = s.first_looks.loc["h1"]
    assert (h1["right_site_lower"], h1["right_site_upper"]) == \
        pytest.approx(clustered_wilson([5, 2], [6, 4]))
    ax = s.plot_scores()
    assert len(ax.containers) == 3                            # one errorbar set per measure
    assert len(ax.get_yticklabels()) == 2 + 1 + 2            # first looks, pooled, current
    matplotlib.pyplot.close(ax.figure)


def test_bad_files_give_clear_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="write-scores"):
        load_scores(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"corpus": {"p1": {"reports": 1}}}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"'p1' lacks the count\(s\) \['gold_required'"):
        load_scores(bad)
    counts = ", ".join(f'"{k}": 1' for k in COUNT_COLUMNS)
    bad.write_text('{"corpus": {"p1": {%s}}}' % counts, encoding="utf-8")
    with pytest.raises(ValueError, match=r"'p1' lacks its per-report counts .*--part p1"):
        load_scores(bad)
    rec = ", ".join(f'"{k}": 1' for k in REPORT_COUNTS[1:])
    bad.write_text('{"corpus": {"p1": {%s, "per_report": [{"report": "x", %s}, '
                   '{"report": "y", %s}]}}}' % (counts, rec, rec), encoding="utf-8")
    with pytest.raises(ValueError, match=r"'p1': the per-report gold_required add up to 2, not 1"):
        load_scores(bad)
    a = _ev([("r1", 2, 0, 2, 2, 2, 0)])
    path = write_scores(tmp_path / "s.json", corpus={"h1": a})
    parts = tmp_path / "parts.csv"
    cols = ",".join(f"first_{k}" for k in COUNT_COLUMNS)
    parts.write_text(f"part,role,gold_commit,{cols}\nh1,held back,abc,2,10,8,7,10,1,1,0\n",
                     encoding="utf-8")
    _first_look_reports(tmp_path / "first_look_reports.csv", ["h1,a1,6,5,5,6,-1"])
    with pytest.raises(ValueError, match=r"csv: row 2 \(h1, a1\), column spurious: '-1' is not a count"):
        load_scores(path, parts)


def test_committed_file_covers_every_corpus_part():
    """Every part of the corpus has committed scores and a line in parts.csv (a new part
    is scored once, its first look recorded, when it is merged)."""
    reports = pd.read_csv(CORPUS / "reports.csv", dtype=str)
    s = load_scores(SCORES, PARTS)
    assert set(s.corpus.index) == set(reports["part"])
    parts = pd.read_csv(PARTS, dtype=str, keep_default_na=False)
    assert set(parts["part"]) == set(reports["part"])
    for part, fl in s.first_looks.iterrows():                # a first look counts that part
        n = reports[reports["part"] == part]
        assert fl["reports"] == len(n), part


@pytest.mark.skipif(not SEEDS.is_dir(),
                    reason="seed reports not present (../shared/seeds; set $ESCALATION_SEEDS)")
def test_committed_seed_scores_are_the_current_coders():
    s = load_scores(SCORES)
    live = evaluate_seeds(SEEDS, GOLD)
    assert s.seeds == score_counts(live), \
        "rerun `python benchmarks/eval_arabic_coder.py --corpus --write-scores`"
    assert (s.seed_fields[["tp", "n_draft", "n_gold"]] == live.fields[["tp", "n_draft", "n_gold"]]
            .astype(int)).all().all()


@pytest.mark.skipif(not PAGES.is_dir() or not any(PAGES.glob("*.txt")),
                    reason="corpus texts not present (~/.cache/escalation-analysis/coder_pages)")
def test_committed_corpus_scores_are_the_current_coders():
    s = load_scores(SCORES)
    for part in s.corpus.index:
        ev, absent = evaluate_corpus(CORPUS, PAGES, part=part)
        if absent:
            continue                         # a machine with only some of the texts
        assert score_counts(ev) == {k: int(s.corpus.loc[part, k]) for k in COUNT_COLUMNS}, \
            f"part {part}: rerun `python benchmarks/eval_arabic_coder.py --corpus --write-scores`"
        mine = s.corpus_reports[s.corpus_reports["part"] == part].drop(columns="part")
        live = ev.reports[list(REPORT_COUNTS)].sort_values("report")
        assert mine.to_numpy().tolist() == live.to_numpy().tolist(), part


def test_committed_first_look_reports_add_up_to_parts_csv():
    """first_look_reports.csv (the clusters of the first looks' intervals) has one row
    per report of each look, adding up to the look's counts in parts.csv."""
    s = load_scores(SCORES, PARTS)
    got = s.first_look_reports.groupby("part").agg(
        reports=("report", "size"), **{c: (c, "sum") for c in REPORT_COUNTS[1:]})
    for part, fl in s.first_looks.iterrows():
        assert [int(got.loc[part, c]) for c in got.columns] == \
            [int(fl[c]) for c in got.columns], part


def test_targets_have_one_home():
    from analysis.coding.scores import TARGETS, meets_targets
    ok = {"gold_required": 20, "found": 18, "found_site": 17, "drafts": 20, "spurious": 2,
          "out_of_scope_with_drafts": 0}
    assert meets_targets(ok)                                  # exactly at every target
    assert TARGETS == {"incident_recall": 0.90, "right_site": 0.85, "spurious_share": 0.10}
    for change in ({"found": 17}, {"found_site": 16}, {"spurious": 3},
                   {"out_of_scope_with_drafts": 1}):
        assert not meets_targets({**ok, **change}), change
    assert not meets_targets({**ok, "gold_required": 0, "found": 0, "found_site": 0})
    assert meets_targets({**ok, "drafts": 0, "spurious": 0, "found": 18})
