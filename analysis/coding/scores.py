"""The coder's committed scores: what ``benchmarks/eval_arabic_coder.py --write-scores`` measured.

The texts the coder is scored on are not redistributed (the seed reports and the
articles of the development corpus), so a machine without them cannot rerun the
evaluation. The benchmark therefore writes what it counted to a small JSON file
(``benchmarks/results/coder_scores.json``, integer counts only, so the file is the same
on every machine), and notebook 06 reads that file instead of running the coder on texts
it may not have. A test compares the file with a live evaluation wherever the texts are
present, so it cannot go stale unnoticed.

The file holds, per corpus part, the counts of ``analysis.coding.evaluate.Evaluation``
(reports, required gold incidents, incidents found, found at the right site, drafts,
spurious drafts, out-of-scope reports and those of them with drafts) and, under
``per_report``, the same counts of each report (:data:`REPORT_COUNTS`, sorted by report:
the clusters of the intervals), and for the seed reports the same totals plus the
per-field and per-report tables.
``benchmarks/coder_corpus/parts.csv`` (written by hand, never by the benchmark) records
each held-back part's *first look*: its counts when the coder first ran on it, before
any rule was written for it. Those are the honest out-of-sample figures; a part's later
scores are development scores. ``benchmarks/replay_first_looks.py`` replays each look at
its own commit and keeps its per-incident outcomes (``first_looks.csv``), which
:func:`first_look_recall` breaks down by the construction that tells the incident
(``constructions.csv``) or by any other column, and its per-report counts
(``first_look_reports.csv``).

Every interval here is clustered by report
(:func:`~analysis.coding.intervals.clustered_wilson`): the incidents (drafts) of one
report share its wording and the coder's one reading of it, so they are not independent;
the coverage is measured in ``benchmarks/validate_coder_intervals.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .evaluate import Evaluation
from .intervals import clustered_wilson

__all__ = ["score_counts", "write_scores", "load_scores", "CoderScores", "COUNT_COLUMNS",
           "TARGETS", "meets_targets", "first_look_recall", "plot_first_look_recall",
           "load_first_looks", "CONSTRUCTIONS", "REPORT_COUNTS"]

#: The integer counts kept per corpus part (and for the seed reports).
COUNT_COLUMNS = ("reports", "gold_required", "found", "found_site", "drafts", "spurious",
                 "out_of_scope", "out_of_scope_with_drafts")

#: The counts kept per report (``per_report`` of each part in the scores file, and the
#: columns of ``first_look_reports.csv`` after ``part``): the clusters of the intervals.
REPORT_COUNTS = ("report", "gold_required", "found", "found_site", "drafts", "spurious")

#: Issue 14's targets: incident recall and right-site recall at least, spurious share of
#: drafts at most (and no draft from an out-of-scope report, see :func:`meets_targets`).
TARGETS = {"incident_recall": 0.90, "right_site": 0.85, "spurious_share": 0.10}

_RATES = {"incident_recall": ("found", "gold_required"),
          "right_site": ("found_site", "gold_required"),
          "spurious_share": ("spurious", "drafts")}


def score_counts(ev: Evaluation) -> dict:
    """The integer counts of one evaluation (one corpus part, or the seed reports).

    Parameters
    ----------
    ev : Evaluation
        From ``analysis.coding.evaluate.evaluate_corpus`` or
        ``analysis.coding.evaluate.evaluate_seeds``.

    Returns
    -------
    dict
        ``{name: int}`` for every name in :data:`COUNT_COLUMNS`. A report is out of
        scope when its gold has no incident (required or optional).
    """
    r = ev.reports
    oos = r[(r["gold_required"] + r["gold_optional"]) == 0]
    return {"reports": int(len(r)), "gold_required": int(r["gold_required"].sum()),
            "found": int(r["found"].sum()), "found_site": int(r["found_site"].sum()),
            "drafts": int(r["drafts"].sum()), "spurious": int(r["spurious"].sum()),
            "out_of_scope": int(len(oos)),
            "out_of_scope_with_drafts": int((oos["drafts"] > 0).sum())}


def meets_targets(counts) -> bool:
    """Whether counts (of :func:`score_counts`, or a row of :class:`CoderScores`) meet
    :data:`TARGETS` and no out-of-scope report gave a draft. No required incident counts
    as recall 0; no draft as spurious share 0."""
    req, drafts = int(counts["gold_required"]), int(counts["drafts"])
    return (int(counts["found"]) / max(req, 1) >= TARGETS["incident_recall"]
            and int(counts["found_site"]) / max(req, 1) >= TARGETS["right_site"]
            and (int(counts["spurious"]) / drafts if drafts else 0.0) <= TARGETS["spurious_share"]
            and int(counts["out_of_scope_with_drafts"]) == 0)


def _per_report(ev: Evaluation) -> list:
    """The per-report counts of one evaluation, sorted by report (the file stays
    byte-stable whatever order the reports were scored in)."""
    rows = [{k: (str(r[k]) if k == "report" else int(r[k])) for k in REPORT_COUNTS}
            for r in ev.reports.to_dict("records")]
    return sorted(rows, key=lambda r: r["report"])


def write_scores(path, *, corpus: dict | None = None, seeds: Evaluation | None = None) -> Path:
    """Write (or update) the committed scores file.

    Parameters
    ----------
    path : path-like
        The JSON file (``benchmarks/results/coder_scores.json``).
    corpus : dict, optional
        ``{part: Evaluation}``; each given part replaces its entry, other parts stay.
    seeds : Evaluation, optional
        The evaluation on the seed reports; when None the file's seed entry stays as
        it is (a machine without the seed reports cannot update it).

    Returns
    -------
    Path
        ``path``. The file has sorted keys and integer values only (report names
        aside), so the same counts give the same bytes on any machine. Each part's
        entry has its :data:`COUNT_COLUMNS` and ``per_report``, one record of
        :data:`REPORT_COUNTS` per report sorted by report (the clusters of the
        intervals of :func:`load_scores`).
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if corpus:
        data.setdefault("corpus", {}).update({p: {**score_counts(ev), "per_report": _per_report(ev)}
                                              for p, ev in corpus.items()})
    if seeds is not None:
        f = seeds.fields
        data["seeds"] = {
            "totals": score_counts(seeds),
            "fields": [{"field": str(name), "tp": int(row["tp"]), "n_draft": int(row["n_draft"]),
                        "n_gold": int(row["n_gold"])} for name, row in f.iterrows()],
            "reports": [{k: (int(v) if k != "report" else str(v)) for k, v in row.items()}
                        for row in seeds.reports.to_dict("records")]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def _with_rates(counts: pd.DataFrame, alpha: float, per_report) -> pd.DataFrame:
    """The rates of each row of ``counts`` with intervals clustered by report;
    ``per_report`` maps each row name to its per-report counts (:data:`REPORT_COUNTS`),
    which must add up to the row's counts."""
    out = counts.copy()
    for row in out.index:
        reps = per_report.get(row)
        if reps is None:
            raise ValueError(f"part {row!r}: no per-report counts, so no interval clustered "
                             "by report; rewrite the scores with `python benchmarks/"
                             "eval_arabic_coder.py --corpus --part PART --write-scores` (first "
                             "looks: `python benchmarks/replay_first_looks.py`)")
        for c in ("gold_required", "found", "found_site", "drafts", "spurious"):
            if int(reps[c].sum()) != int(out.loc[row, c]):
                raise ValueError(f"part {row!r}: the per-report {c} add up to "
                                 f"{int(reps[c].sum())}, not {int(out.loc[row, c])}")
    for name, (k, n) in _RATES.items():
        est, lo, hi = [], [], []
        for row in out.index:
            kk, nn = int(out.loc[row, k]), int(out.loc[row, n])
            reps = per_report[row]
            a, b = clustered_wilson(reps[k], reps[n], alpha) if len(reps) else (np.nan, np.nan)
            est.append(kk / nn if nn else float("nan"))
            lo.append(a)
            hi.append(b)
        out[name], out[f"{name}_lower"], out[f"{name}_upper"] = est, lo, hi
    return out


@dataclass
class CoderScores:
    """The committed scores, read by :func:`load_scores`.

    Attributes
    ----------
    corpus : DataFrame
        One row per corpus part (in the order of ``parts.csv``, then any other part):
        the counts of :data:`COUNT_COLUMNS`, ``role`` from ``parts.csv``, and
        ``incident_recall``, ``right_site``, ``spurious_share`` with bounds clustered
        by report (``*_lower``, ``*_upper``;
        :func:`~analysis.coding.intervals.clustered_wilson`).
    first_looks : DataFrame
        The held-back parts' first looks from ``parts.csv`` (same counts and rates; the
        clusters from ``first_look_reports.csv``).
    seeds : dict or None
        Seed-report totals (counts), None when the file has no seed entry.
    seed_fields : DataFrame or None
        Per-field ``tp``, ``n_draft``, ``n_gold``, ``precision``, ``recall``.
    seed_reports : DataFrame or None
        Per seed report, as ``Evaluation.reports``.
    corpus_reports : DataFrame or None
        Per report of every corpus part as the current coder scores it: ``part`` and
        :data:`REPORT_COUNTS`.
    first_look_reports : DataFrame or None
        Per report of every first look (``first_look_reports.csv``): ``part`` and
        :data:`REPORT_COUNTS`.
    """

    corpus: pd.DataFrame
    first_looks: pd.DataFrame
    seeds: dict | None
    seed_fields: pd.DataFrame | None
    seed_reports: pd.DataFrame | None
    corpus_reports: pd.DataFrame | None = None
    first_look_reports: pd.DataFrame | None = None

    @property
    def pooled_first_looks(self) -> pd.Series:
        """The first looks of every held-back part added up: the coder's record on text
        it had never been developed on, with 95% bounds clustered by report (the reports
        of every look are the clusters)."""
        fl = self.first_looks
        tot = fl[list(COUNT_COLUMNS)].sum().to_frame("pooled").T
        reps = self.first_look_reports
        reps = reps[reps["part"].isin(fl.index)] if reps is not None else None
        return _with_rates(tot, 0.05, {} if reps is None else {"pooled": reps}).iloc[0]

    def plot_scores(self, ax=None):
        """Incident recall, right-site recall and the spurious share of drafts, with 95%
        intervals clustered by report: each held-back part at its first look, the first
        looks pooled, and every part as the current coder scores it (development scores
        for all but a part not yet looked at). Dotted lines mark the targets (0.90, 0.85,
        0.10). Returns the Axes."""

        from ..plotting import new_figure, neutral_styles

        rows = [(f"{p}, first look", r) for p, r in self.first_looks.iterrows()]
        if len(self.first_looks):
            rows.append(("first looks pooled", self.pooled_first_looks))
        rows += [(f"{p}, now", r) for p, r in self.corpus.iterrows()]
        if ax is None:                 # a column wide, a line of text per row plus the legend
            _, ax = new_figure("single", height=min(9.5, 1.6 + 0.2 * len(rows)))
        measures = [("incident_recall", "incidents found", TARGETS["incident_recall"]),
                    ("right_site", "at the right site", TARGETS["right_site"]),
                    ("spurious_share", "spurious share of drafts", TARGETS["spurious_share"])]
        styles = neutral_styles(len(measures))
        y = np.arange(len(rows))[::-1].astype(float)
        for k, ((col, label, target), st) in enumerate(zip(measures, styles)):
            est = np.array([r[col] for _, r in rows], dtype=float)
            lo = np.array([r[f"{col}_lower"] for _, r in rows], dtype=float)
            hi = np.array([r[f"{col}_upper"] for _, r in rows], dtype=float)
            yy = y + (1 - k) * 0.22
            err = np.clip([est - lo, hi - est], 0, None)   # bounds round around k = 0 or n
            ax.errorbar(est, yy, xerr=err, fmt=st["marker"], color=st["color"],
                        markerfacecolor=st["markerfacecolor"], markeredgecolor=st["markeredgecolor"],
                        markersize=3.5, elinewidth=0.8, capsize=0, label=label)
            ax.axvline(target, color=st["color"], linestyle=":", linewidth=0.8)
        n_first = len(rows) - len(self.corpus)
        if 0 < n_first < len(rows):                # first looks above, current scores below
            ax.axhline(y[n_first - 1] - 0.5, color="0.6", linewidth=0.5)
        ax.set_yticks(y)
        ax.set_yticklabels([name for name, _ in rows])
        ax.set_xlim(0, 1)
        ax.set_xlabel("share (95% interval, clustered by report)\ndotted: targets")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=1, frameon=False)
        return ax


def load_scores(path, parts=None, *, alpha: float = 0.05,
                first_look_reports=None) -> CoderScores:
    """Read the committed scores file (and the parts' first looks), with intervals
    clustered by report.

    Parameters
    ----------
    path : path-like
        ``benchmarks/results/coder_scores.json``.
    parts : path-like, optional
        ``benchmarks/coder_corpus/parts.csv``: ``part, role, gold_commit`` and the
        first-look counts ``first_<count>`` of each held-back part (blank for a part
        not yet looked at and for the development part).
    alpha : float
        1 - the level of the intervals, which are clustered by report
        (:func:`~analysis.coding.intervals.clustered_wilson` on each part's
        ``per_report`` counts).
    first_look_reports : path-like, optional
        The per-report counts of the first looks (``part`` and :data:`REPORT_COUNTS`,
        written by ``benchmarks/replay_first_looks.py``); default
        ``first_look_reports.csv`` beside ``parts``. Read only with ``parts``.

    Raises
    ------
    FileNotFoundError
        When ``path`` (or ``parts``, or the first looks' per-report file) does not
        exist, naming it.
    ValueError
        When the file lacks a count or a part's per-report counts, or these do not add
        up to the part's counts, naming the file, part and count.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no coder scores file; write it with "
                                "`python benchmarks/eval_arabic_coder.py --corpus --write-scores`")
    data = json.loads(path.read_text(encoding="utf-8"))
    rows, per_report = [], []
    for part, c in data.get("corpus", {}).items():
        missing = [k for k in COUNT_COLUMNS if k not in c]
        if missing:
            raise ValueError(f"{path}: part {part!r} lacks the count(s) {missing}")
        if "per_report" not in c:
            raise ValueError(f"{path}: part {part!r} lacks its per-report counts (per_report); "
                             "rewrite it with `python benchmarks/eval_arabic_coder.py --corpus "
                             f"--part {part} --write-scores`")
        rows.append({"part": part, **{k: int(c[k]) for k in COUNT_COLUMNS}})
        per_report += [{"part": part, **r} for r in c["per_report"]]
    corpus = pd.DataFrame(rows, columns=["part", *COUNT_COLUMNS]).set_index("part")
    first = pd.DataFrame(columns=["part", "role", *COUNT_COLUMNS]).set_index("part")
    corpus_reports = _report_table(pd.DataFrame(per_report, columns=["part", *REPORT_COUNTS]),
                                   path)
    first_reports = None
    corpus["role"] = ""
    if parts is not None:
        parts = Path(parts)
        if not parts.exists():
            raise FileNotFoundError(f"{parts}: no parts file")
        p = pd.read_csv(parts, dtype=str, keep_default_na=False).set_index("part")
        order = [x for x in p.index if x in corpus.index] + \
                [x for x in corpus.index if x not in p.index]
        corpus = corpus.loc[order]
        corpus["role"] = [p["role"].get(x, "") for x in corpus.index]
        looked = p[p[f"first_{COUNT_COLUMNS[0]}"] != ""]
        first = looked[["role"]].copy()
        for k in COUNT_COLUMNS:
            first[k] = pd.to_numeric(looked[f"first_{k}"], errors="raise").astype(int)
        if len(first):
            fr = Path(parts.parent / "first_look_reports.csv" if first_look_reports is None
                      else first_look_reports)
            if not fr.exists():
                raise FileNotFoundError(f"{fr}: no per-report counts of the first looks "
                                        "(written by benchmarks/replay_first_looks.py)")
            first_reports = _report_table(pd.read_csv(fr, dtype=str, keep_default_na=False),
                                          fr, "row", 2)
    seeds = fields = reports = None
    if "seeds" in data:
        s = data["seeds"]
        seeds = {k: int(v) for k, v in s["totals"].items()}
        fields = pd.DataFrame(s["fields"]).set_index("field").astype(int)
        fields["precision"] = fields["tp"] / fields["n_draft"].where(fields["n_draft"] > 0)
        fields["recall"] = fields["tp"] / fields["n_gold"].where(fields["n_gold"] > 0)
        reports = pd.DataFrame(s["reports"])
    return CoderScores(_with_rates(corpus, alpha, _by_part(corpus_reports)),
                       _with_rates(first, alpha, _by_part(first_reports)) if len(first) else first,
                       seeds, fields, reports, corpus_reports, first_reports)


def _report_table(t: pd.DataFrame, where, row: str = "per_report record", first: int = 1
                  ) -> pd.DataFrame:
    """Per-report counts (``part`` and :data:`REPORT_COUNTS`) as integers, or a
    ValueError naming the file, row (``row`` numbered from ``first``), column and value."""
    missing = [c for c in ("part", *REPORT_COUNTS) if c not in t.columns]
    if missing:
        raise ValueError(f"{where}: missing per-report column(s) {missing}")
    t = t[["part", *REPORT_COUNTS]].reset_index(drop=True)
    for c in REPORT_COUNTS[1:]:
        v = pd.to_numeric(t[c], errors="coerce")
        bad = v.isna() | (v < 0) | (v != v.round())
        if bad.any():
            i = int(bad.idxmax())
            raise ValueError(f"{where}: {row} {i + first} ({t.loc[i, 'part']}, "
                             f"{t.loc[i, 'report']}), column {c}: {str(t.loc[i, c])!r} is not a "
                             "count")
        t[c] = v.astype(int)
    return t


def _by_part(t) -> dict:
    return {} if t is None else {p: g for p, g in t.groupby("part", sort=False)}


#: The construction classes of ``benchmarks/coder_corpus/constructions.csv`` (rules in the
#: corpus README), in the order :func:`first_look_recall` shows them.
CONSTRUCTIONS = ("single", "round_item", "list_item", "recalled", "interception")

_CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / "coder_corpus"
_OUTCOMES = ("found", "found_site")
_BINARY = {"0": 0, "1": 1, "0.0": 0, "1.0": 1, "False": 0, "True": 1}


def load_first_looks(corpus=None) -> pd.DataFrame:
    """The replayed first looks, one row per required gold incident, with its construction.

    Parameters
    ----------
    corpus : path-like, optional
        Folder of ``first_looks.csv`` (written by ``benchmarks/replay_first_looks.py``)
        and ``constructions.csv`` (the tags); default ``benchmarks/coder_corpus``.

    Returns
    -------
    DataFrame
        ``first_looks.csv`` (``part, look_commit, report, incident_key, side, weapon,
        main_or_background, found, found_site, failure``, as strings; ``failure`` blank
        when the incident was found at the right site) with ``construction``.

    Raises
    ------
    FileNotFoundError
        When a file is absent, naming it.
    ValueError
        When a column is missing, a tag is not one of :data:`CONSTRUCTIONS`, a key is
        tagged twice, or the two files do not cover the same incidents (naming them).
    """
    corpus = Path(_CORPUS if corpus is None else corpus)
    paths = [corpus / "first_looks.csv", corpus / "constructions.csv"]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path}: not found (first_looks.csv is written by "
                                    "benchmarks/replay_first_looks.py; constructions.csv by hand)")
    looks = pd.read_csv(paths[0], dtype=str, keep_default_na=False)
    tags = pd.read_csv(paths[1], dtype=str, keep_default_na=False)
    for path, t, cols in ((paths[0], looks, ("incident_key", *_OUTCOMES)),
                          (paths[1], tags, ("incident_key", "construction"))):
        missing = [c for c in cols if c not in t.columns]
        if missing:
            raise ValueError(f"{path}: missing column(s) {missing}")
    dup = tags.loc[tags["incident_key"].duplicated(), "incident_key"].tolist()
    if dup:
        raise ValueError(f"{paths[1]}: incident_key tagged twice: {dup[:5]}")
    bad = tags[~tags["construction"].isin(CONSTRUCTIONS)]
    if len(bad):
        i = bad.index[0]
        raise ValueError(f"{paths[1]}: row {i + 2}, column construction: "
                         f"{bad.loc[i, 'construction']!r} is not one of {list(CONSTRUCTIONS)}")
    untagged = sorted(set(looks["incident_key"]) - set(tags["incident_key"]))
    extra = sorted(set(tags["incident_key"]) - set(looks["incident_key"]))
    if untagged or extra:
        raise ValueError(f"{paths[1]} and {paths[0]} disagree: "
                         + (f"untagged incident(s) {untagged[:5]}" if untagged else "")
                         + ("; " if untagged and extra else "")
                         + (f"tag(s) of no first-look incident {extra[:5]}" if extra else ""))
    return looks.merge(tags, on="incident_key", how="left", validate="one_to_one")


def first_look_recall(by: str = "construction", *, table=None, corpus=None,
                      alpha: float = 0.05, cluster: str | None = "report") -> pd.DataFrame:
    """Incident recall and right-site recall of the coder's first looks, per class.

    The first looks (each held-back part scored once, by the coder of that moment,
    before anyone developed on it) are the coder's only blind record. This pools their
    per-incident outcomes (``benchmarks/coder_corpus/first_looks.csv``, replayed by
    ``benchmarks/replay_first_looks.py``) and splits them by a column: by default the
    construction that tells the incident (``constructions.csv``: ``single``,
    ``round_item``, ``list_item``, ``recalled``, ``interception``; rules in the corpus
    README), or ``main_or_background``, ``side``, ``weapon``, ``part``.

    Parameters
    ----------
    by : str
        The column to split by.
    table : DataFrame, optional
        One row per required gold incident with ``found`` and ``found_site`` (0/1, or
        booleans) and the column ``by``; default: the committed ``first_looks.csv``
        joined with ``constructions.csv``.
    corpus : path-like, optional
        Folder of those two files (default ``benchmarks/coder_corpus``); only read when
        ``table`` is None.
    alpha : float
        1 - the level of the intervals (0.05: 95%).
    cluster : str or None
        The column naming each incident's report: the clusters of the intervals
        (:func:`~analysis.coding.intervals.clustered_wilson`; incidents of one report
        share its wording and the coder's reading of it). None treats every incident
        as independent (plain Wilson intervals, too narrow for the coder's incidents).

    Returns
    -------
    DataFrame
        Indexed by class (the :data:`CONSTRUCTIONS` order for ``construction``, else by
        decreasing ``n``), then a row ``all`` pooling every incident: ``n`` incidents,
        ``found``, ``recall`` with ``recall_lower``, ``recall_upper``, ``found_site``,
        ``right_site`` with ``right_site_lower``, ``right_site_upper`` (Wilson
        intervals on the effective sample size, clustered by report: within a class,
        the clusters are the class's incidents of each report).

    Raises
    ------
    ValueError
        When ``by`` or ``cluster`` is not a column, a value of ``found``/``found_site``
        is not 0 or 1, a report is blank
        (or an incident is found at the right site without being found), a class is
        blank, ``alpha`` is outside (0, 1), or the committed files disagree (naming the
        file, row and value).
    FileNotFoundError
        When a committed file is absent, naming it.

    Examples
    --------
    >>> from analysis.coding.scores import first_look_recall
    >>> first_look_recall("construction")[["n", "found", "recall"]]  # doctest: +SKIP
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    if table is None:
        table = load_first_looks(corpus)
        where = "first_looks.csv"
    else:
        if not isinstance(table, pd.DataFrame):
            raise TypeError(f"table must be a DataFrame, got {type(table).__name__}")
        where = "table"
    if not isinstance(by, str) or by not in table.columns:
        raise ValueError(f"by={by!r} is not a column of {where}; columns: {list(table.columns)}")
    missing = [c for c in _OUTCOMES if c not in table.columns]
    if missing:
        raise ValueError(f"{where}: missing column(s) {missing}")
    if cluster is not None and (not isinstance(cluster, str) or cluster not in table.columns):
        raise ValueError(f"cluster={cluster!r} is not a column of {where} (the report of each "
                         "incident; cluster=None treats incidents as independent); columns: "
                         f"{list(table.columns)}")
    if not len(table):
        raise ValueError(f"{where}: no incident")
    t = table.reset_index(drop=True)
    out = {}
    for c in _OUTCOMES:
        v = t[c].map(lambda x: _BINARY.get(str(x).strip()))
        if v.isna().any():
            i = int(v.index[v.isna()][0])
            raise ValueError(f"{where}: row {i + 2}, column {c}: {str(t.loc[i, c])!r} is not 0 or 1")
        out[c] = v.astype(int)
    if (out["found_site"] > out["found"]).any():
        i = int((out["found_site"] > out["found"]).idxmax())
        raise ValueError(f"{where}: row {i + 2}: found_site is 1 but found is 0")
    cls = t[by].astype("string").str.strip()
    if (cls.isna() | (cls == "")).any():
        i = int((cls.isna() | (cls == "")).idxmax())
        raise ValueError(f"{where}: row {i + 2}, column {by}: blank class")
    if cluster is None:
        rep = pd.Series(np.arange(len(t)).astype(str), index=t.index)
    else:
        rep = t[cluster].astype("string").str.strip()
        if (rep.isna() | (rep == "")).any():
            i = int((rep.isna() | (rep == "")).idxmax())
            raise ValueError(f"{where}: row {i + 2}, column {cluster}: blank report")
    d = pd.DataFrame({"cls": cls, "rep": rep, **out})
    g = d.groupby("cls", sort=False).agg(n=("found", "size"), found=("found", "sum"),
                                         found_site=("found_site", "sum"))
    if by == "construction":
        order = [c for c in CONSTRUCTIONS if c in g.index] + \
                sorted(c for c in g.index if c not in CONSTRUCTIONS)
    else:
        order = sorted(g.index, key=lambda c: (-int(g.loc[c, "n"]), str(c)))
    g = g.loc[order]
    g.loc["all"] = [len(d), int(d["found"].sum()), int(d["found_site"].sum())]
    g = g.astype(int)
    res = pd.DataFrame(index=pd.Index(g.index, name=by))
    res["n"] = g["n"]
    per = d.groupby(["cls", "rep"], sort=False).agg(n=("found", "size"), found=("found", "sum"),
                                                    found_site=("found_site", "sum"))
    pooled = d.groupby("rep", sort=False).agg(n=("found", "size"), found=("found", "sum"),
                                              found_site=("found_site", "sum"))
    for k, name in (("found", "recall"), ("found_site", "right_site")):
        res[k] = g[k]
        bounds = [clustered_wilson(*((pooled if c == "all" else per.loc[c])[[k, "n"]]
                                     .to_numpy().T), alpha) for c in g.index]
        res[name] = g[k] / g["n"]
        res[f"{name}_lower"] = [b[0] for b in bounds]
        res[f"{name}_upper"] = [b[1] for b in bounds]
    return res


def plot_first_look_recall(recall: pd.DataFrame, ax=None):
    """Incident recall and right-site recall per class with their intervals (clustered by
    report), the
    pooled ``all`` row last, below a rule: the figure of :func:`first_look_recall`.

    Parameters
    ----------
    recall : DataFrame
        From :func:`first_look_recall`.
    ax : matplotlib Axes, optional
        Drawn on a new column-wide figure when None.

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        When ``recall`` lacks a column of :func:`first_look_recall`, naming it.
    """
    import numpy as np

    from ..plotting import new_figure, neutral_styles

    need = ["n", "found", "recall", "recall_lower", "recall_upper", "right_site",
            "right_site_lower", "right_site_upper"]
    missing = [c for c in need if c not in getattr(recall, "columns", [])]
    if missing:
        raise ValueError(f"recall lacks column(s) {missing}; pass the DataFrame of "
                         "first_look_recall")
    rows = recall
    if ax is None:
        _, ax = new_figure("single", height=1.6 + 0.3 * len(rows))
    y = np.arange(len(rows))[::-1].astype(float)
    styles = neutral_styles(2)
    for k, ((col, label), st) in enumerate(zip((("recall", "incidents found"),
                                                ("right_site", "at the right site")), styles)):
        est = rows[col].to_numpy(float)
        err = np.clip([est - rows[f"{col}_lower"].to_numpy(float),
                       rows[f"{col}_upper"].to_numpy(float) - est], 0, None)
        ax.errorbar(est, y + (0.5 - k) * 0.3, xerr=err, fmt=st["marker"], color=st["color"],
                    markerfacecolor=st["markerfacecolor"], markeredgecolor=st["markeredgecolor"],
                    markersize=3.5, elinewidth=0.8, capsize=0, label=label)
    if "all" in rows.index and len(rows) > 1:       # the pooled row below a rule
        ax.axhline(y[list(rows.index).index("all")] + 0.5, color="0.6", linewidth=0.5)
    ax.set_yticks(y)
    ax.set_yticklabels([f"{str(c).replace('_', ' ')} ({int(r['found'])}/{int(r['n'])})"
                        for c, r in rows.iterrows()])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share (95% interval, clustered by report)")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=1, frameon=False)
    return ax
