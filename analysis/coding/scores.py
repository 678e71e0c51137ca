"""The coder's committed scores: what ``benchmarks/eval_arabic_coder.py --write-scores`` measured.

The texts the coder is scored on are not redistributed (the seed reports and the
articles of the development corpus), so a machine without them cannot rerun the
evaluation. The benchmark therefore writes what it counted to a small JSON file
(``benchmarks/results/coder_scores.json``, integer counts only, so the file is the same
on every machine), and notebook 06 reads that file instead of running the coder on texts
it may not have. A test compares the file with a live evaluation wherever the texts are
present, so it cannot go stale unnoticed.

The file holds, per corpus part, the counts of :class:`~analysis.coding.evaluate.Evaluation`
(reports, required gold incidents, incidents found, found at the right site, drafts,
spurious drafts, out-of-scope reports and those of them with drafts), and for the seed
reports the same totals plus the per-field and per-report tables.
``benchmarks/coder_corpus/parts.csv`` (written by hand, never by the benchmark) records
each held-back part's *first look*: its counts when the coder first ran on it, before
any rule was written for it. Those are the honest out-of-sample figures; a part's later
scores are development scores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .evaluate import Evaluation, wilson

__all__ = ["score_counts", "write_scores", "load_scores", "CoderScores", "COUNT_COLUMNS",
           "TARGETS", "meets_targets"]

#: The integer counts kept per corpus part (and for the seed reports).
COUNT_COLUMNS = ("reports", "gold_required", "found", "found_site", "drafts", "spurious",
                 "out_of_scope", "out_of_scope_with_drafts")

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
        From :func:`~analysis.coding.evaluate.evaluate_corpus` or
        :func:`~analysis.coding.evaluate.evaluate_seeds`.

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
        ``path``. The file has sorted keys and integer values only, so the same
        counts give the same bytes on any machine.
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if corpus:
        data.setdefault("corpus", {}).update({p: score_counts(ev) for p, ev in corpus.items()})
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


def _with_rates(counts: pd.DataFrame, alpha: float) -> pd.DataFrame:
    out = counts.copy()
    for name, (k, n) in _RATES.items():
        est, lo, hi = [], [], []
        for kk, nn in zip(out[k], out[n]):
            a, b = wilson(kk, nn, alpha)
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
        ``incident_recall``, ``right_site``, ``spurious_share`` with Wilson bounds
        (``*_lower``, ``*_upper``).
    first_looks : DataFrame
        The held-back parts' first looks from ``parts.csv`` (same counts and rates).
    seeds : dict or None
        Seed-report totals (counts), None when the file has no seed entry.
    seed_fields : DataFrame or None
        Per-field ``tp``, ``n_draft``, ``n_gold``, ``precision``, ``recall``.
    seed_reports : DataFrame or None
        Per seed report, as :attr:`Evaluation.reports`.
    """

    corpus: pd.DataFrame
    first_looks: pd.DataFrame
    seeds: dict | None
    seed_fields: pd.DataFrame | None
    seed_reports: pd.DataFrame | None

    @property
    def pooled_first_looks(self) -> pd.Series:
        """The first looks of every held-back part added up: the coder's record on text
        it had never been developed on, with Wilson bounds (incidents treated as
        independent)."""
        fl = self.first_looks
        tot = fl[list(COUNT_COLUMNS)].sum().to_frame("pooled").T
        return _with_rates(tot, 0.05).iloc[0]

    def plot_scores(self, ax=None):
        """Incident recall, right-site recall and the spurious share of drafts, with 95%
        Wilson intervals: each held-back part at its first look, the first looks pooled,
        and every part as the current coder scores it (development scores for all but a
        part not yet looked at). Dotted lines mark the targets (0.90, 0.85, 0.10).
        Returns the Axes."""
        import numpy as np

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
            err = np.clip([est - lo, hi - est], 0, None)   # Wilson bounds round around k = 0 or n
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
        ax.set_xlabel("share (95% Wilson interval); dotted: targets")
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=1, frameon=False)
        return ax


def load_scores(path, parts=None, *, alpha: float = 0.05) -> CoderScores:
    """Read the committed scores file (and the parts' first looks).

    Parameters
    ----------
    path : path-like
        ``benchmarks/results/coder_scores.json``.
    parts : path-like, optional
        ``benchmarks/coder_corpus/parts.csv``: ``part, role, gold_commit`` and the
        first-look counts ``first_<count>`` of each held-back part (blank for a part
        not yet looked at and for the development part).
    alpha : float
        Level of the Wilson intervals.

    Raises
    ------
    FileNotFoundError
        When ``path`` (or ``parts``) does not exist, naming it.
    ValueError
        When the file lacks a count, naming the file, part and count.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no coder scores file; write it with "
                                "`python benchmarks/eval_arabic_coder.py --corpus --write-scores`")
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for part, c in data.get("corpus", {}).items():
        missing = [k for k in COUNT_COLUMNS if k not in c]
        if missing:
            raise ValueError(f"{path}: part {part!r} lacks the count(s) {missing}")
        rows.append({"part": part, **{k: int(c[k]) for k in COUNT_COLUMNS}})
    corpus = pd.DataFrame(rows, columns=["part", *COUNT_COLUMNS]).set_index("part")
    first = pd.DataFrame(columns=["part", "role", *COUNT_COLUMNS]).set_index("part")
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
    seeds = fields = reports = None
    if "seeds" in data:
        s = data["seeds"]
        seeds = {k: int(v) for k, v in s["totals"].items()}
        fields = pd.DataFrame(s["fields"]).set_index("field").astype(int)
        fields["precision"] = fields["tp"] / fields["n_draft"].where(fields["n_draft"] > 0)
        fields["recall"] = fields["tp"] / fields["n_gold"].where(fields["n_gold"] > 0)
        reports = pd.DataFrame(s["reports"])
    return CoderScores(_with_rates(corpus, alpha), _with_rates(first, alpha) if len(first)
                       else first, seeds, fields, reports)
