"""The coder's blind recall by construction (issue 14): ``first_look_recall`` on small
synthetic tables, and the committed replay of the ten first looks against ``parts.csv``."""

from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import analysis
from analysis.coding.evaluate import wilson
from analysis.coding.intervals import clustered_wilson
from analysis.coding.scores import CONSTRUCTIONS, first_look_recall, plot_first_look_recall

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "coder_corpus"


def _table():
    # recalled 1/4 found (0 at the site), single 3/3 (2 at the site), list_item 1/2;
    # reports: r1 tells a1 and b1, r7 tells c1 and c2, every other incident its own report
    rows = [("a1", "r1", "recalled", "us", 1, 0), ("a2", "r2", "recalled", "militia", 0, 0),
            ("a3", "r3", "recalled", "militia", 0, 0), ("a4", "r4", "recalled", "militia", 0, 0),
            ("b1", "r1", "single", "militia", 1, 1), ("b2", "r5", "single", "us", 1, 1),
            ("b3", "r6", "single", "militia", 1, 0), ("c1", "r7", "list_item", "militia", 1, 1),
            ("c2", "r7", "list_item", "militia", 0, 0)]
    return pd.DataFrame(rows, columns=["incident_key", "report", "construction", "side", "found",
                                       "found_site"])


def test_intervals_are_clustered_by_report_within_each_class_and_pooled():
    r = first_look_recall(table=_table())
    # per report over all classes: r1 2/2, r2-r4 0/1, r5 1/1, r6 1/1, r7 1/2
    k, n = [2, 0, 0, 0, 1, 1, 1], [2, 1, 1, 1, 1, 1, 2]
    assert (r.loc["all", "recall_lower"], r.loc["all", "recall_upper"]) == \
        pytest.approx(clustered_wilson(k, n))
    assert (r.loc["list_item", "recall_lower"], r.loc["list_item", "recall_upper"]) == (0.0, 1.0)
    plain = first_look_recall(table=_table(), cluster=None)     # incidents independent
    assert (plain.loc["all", "recall_lower"], plain.loc["all", "recall_upper"]) == \
        pytest.approx(wilson(5, 9))
    assert (plain.loc["all", "recall_upper"] - plain.loc["all", "recall_lower"]
            < r.loc["all", "recall_upper"] - r.loc["all", "recall_lower"])
    with pytest.raises(ValueError, match=r"cluster='url' is not a column of table"):
        first_look_recall(table=_table(), cluster="url")
    with pytest.raises(ValueError, match=r"row 3, column report: blank report"):
        first_look_recall(table=_table().assign(report=["r1", ""] + ["r9"] * 7))


def test_counts_rates_and_clustered_bounds_per_class_with_a_pooled_row():
    r = first_look_recall(table=_table())
    assert list(r.index) == ["single", "list_item", "recalled", "all"]   # vocabulary order
    assert r.loc["recalled", ["n", "found", "found_site"]].tolist() == [4, 1, 0]
    assert r.loc["single", "recall"] == 1.0 and r.loc["single", "right_site"] == pytest.approx(2 / 3)
    assert r.loc["all", ["n", "found", "found_site"]].tolist() == [9, 5, 3]
    lo, hi = wilson(1, 4)                  # four reports of one incident: plain Wilson
    assert (r.loc["recalled", "recall_lower"], r.loc["recalled", "recall_upper"]) == \
        pytest.approx((lo, hi))
    assert r.loc["recalled", "right_site_lower"] == 0.0 < r.loc["recalled", "right_site_upper"]
    narrow = first_look_recall(table=_table(), alpha=0.5)
    assert narrow.loc["all", "recall_lower"] > r.loc["all", "recall_lower"]


def test_other_columns_are_ordered_by_size_and_booleans_are_accepted():
    t = _table()
    t["found"] = t["found"].astype(bool)
    r = first_look_recall("side", table=t)
    assert list(r.index) == ["militia", "us", "all"] and r.index.name == "side"
    assert r.loc["us", ["n", "found"]].tolist() == [2, 2]


@pytest.mark.parametrize("change, match", [
    (lambda t: t.assign(found=[2] + [1] * 8), r"row 2, column found: '2' is not 0 or 1"),
    (lambda t: t.assign(found_site=[1] * 9), r"row 3: found_site is 1 but found is 0"),
    (lambda t: t.assign(construction=[""] + ["single"] * 8), r"row 2, column construction: blank"),
    (lambda t: t.drop(columns="found_site"), r"missing column\(s\) \['found_site'\]"),
    (lambda t: t.iloc[:0], "no incident"),
])
def test_bad_tables_are_refused_naming_row_column_and_value(change, match):
    with pytest.raises(ValueError, match=match):
        first_look_recall(table=change(_table()))


def test_bad_arguments_are_refused_by_name():
    with pytest.raises(ValueError, match=r"by='weapon' is not a column of table"):
        first_look_recall("weapon", table=_table())
    with pytest.raises(ValueError, match="alpha must be in"):
        first_look_recall(table=_table(), alpha=1.5)
    with pytest.raises(TypeError, match="table must be a DataFrame"):
        first_look_recall(table=[1, 2])


def test_committed_files_that_disagree_are_named(tmp_path):
    looks = _table()[["incident_key", "report", "found", "found_site"]]
    looks.to_csv(tmp_path / "first_looks.csv", index=False)
    tags = _table()[["incident_key", "construction"]]
    tags.iloc[1:].to_csv(tmp_path / "constructions.csv", index=False)
    with pytest.raises(ValueError, match=r"untagged incident\(s\) \['a1'\]"):
        first_look_recall(corpus=tmp_path)
    tags.assign(construction=["aside"] + ["single"] * 8).to_csv(tmp_path / "constructions.csv",
                                                               index=False)
    with pytest.raises(ValueError, match=r"row 2, column construction: 'aside' is not one of"):
        first_look_recall(corpus=tmp_path)
    (tmp_path / "constructions.csv").unlink()
    with pytest.raises(FileNotFoundError, match="constructions.csv"):
        first_look_recall(corpus=tmp_path)


def test_the_figure_shows_each_class_with_its_counts():
    from analysis.plotting.checks import check_figure

    ax = plot_first_look_recall(first_look_recall(table=_table()))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["single (3/3)", "list item (1/2)", "recalled (1/4)", "all (5/9)"]
    assert check_figure(ax.figure) == []
    with pytest.raises(ValueError, match="lacks column"):
        plot_first_look_recall(pd.DataFrame({"n": [1]}))


def test_public_name_is_exported():
    assert analysis.first_look_recall is first_look_recall


# -- the committed replay (benchmarks/replay_first_looks.py) ----------------------------

def test_committed_first_looks_reproduce_every_parts_csv_first_look():
    """The corpus README says all ten replays reproduce parts.csv exactly: per part, the
    per-incident rows add up to the recorded found / found_site / required counts, and the
    replayed draft totals equal the recorded ones."""
    parts = pd.read_csv(CORPUS / "parts.csv", dtype=str, keep_default_na=False)
    parts = parts[parts["first_reports"] != ""].set_index("part")
    looks = pd.read_csv(CORPUS / "first_looks.csv")
    totals = pd.read_csv(CORPUS / "first_look_totals.csv", dtype=str).set_index("part")
    assert sorted(totals.index) == sorted(parts.index)
    assert (totals["reproduces"] == "yes").all(), totals["reproduces"]
    per_part = looks.groupby("part").agg(n=("found", "size"), found=("found", "sum"),
                                         found_site=("found_site", "sum"))
    for part, p in parts.iterrows():
        got = per_part.loc[part]
        assert [int(got["n"]), int(got["found"]), int(got["found_site"])] == \
            [int(p["first_gold_required"]), int(p["first_found"]), int(p["first_found_site"])], part
        for k in ("reports", "drafts", "spurious", "out_of_scope", "out_of_scope_with_drafts"):
            assert int(totals.loc[part, k]) == int(p[f"first_{k}"]), (part, k)
        assert looks.loc[looks["part"] == part, "look_commit"].nunique() == 1


def test_every_first_look_incident_carries_one_construction_and_the_pool_is_parts_csv():
    tags = pd.read_csv(CORPUS / "constructions.csv")
    looks = pd.read_csv(CORPUS / "first_looks.csv")
    assert tags["incident_key"].is_unique and set(tags["construction"]) <= set(CONSTRUCTIONS)
    assert set(tags["incident_key"]) == set(looks["incident_key"])
    r = first_look_recall()
    parts = pd.read_csv(CORPUS / "parts.csv", dtype=str, keep_default_na=False)
    parts = parts[parts["first_reports"] != ""]
    assert r.loc["all", "n"] == parts["first_gold_required"].astype(int).sum()
    assert r.loc["all", "found"] == parts["first_found"].astype(int).sum()
    assert r.drop(index="all")["n"].sum() == r.loc["all", "n"]


def test_each_committed_failure_kind_agrees_with_the_outcome():
    looks = pd.read_csv(CORPUS / "first_looks.csv", keep_default_na=False)
    blank = looks["failure"] == ""
    assert (blank == (looks["found_site"] == 1)).all()
    site = looks["failure"].str.startswith("site: ")
    assert (site == ((looks["found"] == 1) & (looks["found_site"] == 0))).all()
    assert (looks.loc[looks["found"] == 0, "failure"].str.startswith("missed: ")).all()


def test_loaded_first_looks_carry_the_construction_of_every_incident():
    from analysis.coding.scores import load_first_looks

    t = load_first_looks()
    assert len(t) == t["incident_key"].nunique() and t["construction"].isin(CONSTRUCTIONS).all()
    assert {"part", "look_commit", "found", "found_site", "failure"} <= set(t.columns)


def test_readme_first_look_tables_are_the_generated_ones():
    """The first-look tables of README.md and the corpus README (and the README's pooled
    figures) are written by benchmarks/first_look_tables.py, never typed."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("first_look_tables",
                                                  ROOT / "benchmarks" / "first_look_tables.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    texts = {f: f.read_text(encoding="utf-8") for f in (mod.README, mod.CORPUS_README)}
    new = mod.render_all(texts)
    for f, text in texts.items():
        assert new[f] == text, f"{f} is stale: run `python benchmarks/first_look_tables.py`"
    looks = pd.read_csv(ROOT / "benchmarks" / "coder_corpus" / "first_looks.csv", dtype=str)
    found, n = int((looks["found"] == "1").sum()), len(looks)
    assert f"| all first-look incidents | {found}/{n} |" in texts[mod.README]
