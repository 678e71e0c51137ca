"""Score drafts from :func:`analysis.code_report` against gold incident labels.

Gold labels are a CSV with one row per incident a report tells, at the dataset's
granularity: one per acting side, local day and **site** (a strike round the report
places at two sites is two incidents; districts of one city or localities of one desert
area are one site; a country where the report names no site is one incident). The
project's own are in ``tests/gold/seed_incidents.csv``: ``seed_file, incident_key,
published, date, date_precision, side, country, location, site_id, weapon, n_attacks
(optional column), target_killed, target_wounded, actor_killed, actor_wounded (casualties
by role, as in the incident schema; optional columns), main_or_background, required,
note``. A gold file with the old side-named columns (``us_killed``, ``us_wounded``,
``militia_killed``) is converted on reading (each figure to the role of its side in the
row; a :class:`~analysis.DataWarning` says so). ``site_id`` may list accepted
alternatives separated by ``|`` and is blank when the report names no gazetteer site.
Rows with ``required = optional`` are incidents a draft may, but need not, find.

Matching rule (per report)
    A draft and a gold incident are *comparable* when they have the same acting side
    and at least one of these holds: same country; dates agree (below). A draft whose
    side is wrong is therefore never paired with the incident: it is *spurious*, and the
    incident it tells is *missed* (a strike drafted as an attack on the striker's base
    is two errors, not one half-right draft). Comparable pairs are scored (side 3, dates
    agree 3, country 3, location 2, dates within 31 days 1, weapon 1) and matched one to
    one by maximum total score (Hungarian algorithm). Location weighs more than weapon
    so that, among the per-site drafts of one round (same side, date and country), each
    is matched to the gold incident of its own site. A draft matched to no gold
    incident (required or optional) is *spurious*; a round drafted as one draft where
    the gold has two sites finds one of them and misses the other.
Dates agree
    both day precision and at most one day apart (reports date by US time or by the
    announcement as often as by the local day); or either is month precision and the
    calendar month is the same; or either is week precision and they are at most six
    days apart. ``date (exact)`` counts only the same day and precision.
Per-field precision and recall
    precision = correct values / drafts giving a value (unmatched drafts count as
    wrong); recall = correct values / required gold incidents with a value. A value is
    correct when the matched gold incident has the same value (location: the draft's
    ``site_id`` is one of the gold alternatives, or both are blank; casualties: the
    same count, 0 included).
    ``n_attacks``: the same count (scored when the gold file has the column).
Incident recall
    share of required gold incidents matched by a draft with the right date, side,
    country and weapon. ``found_site`` in the per-report table also requires the right
    site (location as above).
Precision (of drafts)
    share of drafts matched to a gold incident (required or optional); the spurious
    share is its complement.
Intervals
    95% intervals clustered by report (:func:`~analysis.coding.intervals.clustered_wilson`:
    Wilson on the Korn-Graubard effective sample size) for incident recall, right-site
    recall, draft precision and the spurious share (:meth:`Evaluation.rates`): incidents
    (drafts) of one report share its wording, so they are not independent. Every field's
    precision and recall keeps the plain Wilson interval
    (:func:`~analysis.coding.intervals.wilson`, moved there; ``evaluate.wilson`` still
    works), which treats drafts as independent: a lower bound on the uncertainty.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .frames import CASUALTY_FIELDS
from .intervals import clustered_wilson, wilson
from .lexicon import OPPOSITE, UNATTRIBUTED, US
from ..exceptions import warn as _warn

__all__ = ["load_gold", "evaluate", "evaluate_seeds", "evaluate_corpus", "load_corpus",
           "Evaluation", "FIELDS", "dates_agree", "wilson", "FAILURE_KINDS", "seeds_dir",
           "SEEDS_ENV"]

#: Environment variable naming the folder of the seed reports (not redistributed).
SEEDS_ENV = "ESCALATION_SEEDS"


def seeds_dir() -> Path:
    """The folder of the seed reports: ``$ESCALATION_SEEDS`` when set, else
    ``../shared/seeds`` beside the checkout (a git worktree elsewhere sets the variable)."""
    import os

    from ..paths import ROOT

    env = os.environ.get(SEEDS_ENV, "").strip()
    return Path(env) if env else ROOT.parent / "shared" / "seeds"

#: Kinds of failure :func:`evaluate` tells apart (``Evaluation.failures``).
FAILURE_KINDS = {
    "missed: side inverted": "a draft of the other side tells this incident (same date "
                             "and country)",
    "missed: drafted unattributed": "a draft of side unattributed tells this US strike "
                                    "(same date and country): the report's attribution "
                                    "was not read",
    "missed: not drafted": "no draft of this side within the dates rule",
    "missed: wrong date": "a draft of this side, country and site, dated outside the rule",
    "missed: wrong field": "matched, but the country or weapon differs",
    "site: missed": "found, but the draft names no site where the gold has one",
    "site: wrong": "found, at another site (a reference point, a neighbouring place)",
    "site: extra": "found, with a site where the report names none",
    "spurious: actor inferred": "a US draft of a strike the gold codes unattributed (same "
                                "date and country): an actor the report does not state "
                                "was inferred",
    "spurious: side inverted": "a draft whose side is the opposite of a gold incident of "
                               "the same date and country",
    "spurious: country-level": "an unmatched draft with no site",
    "spurious: other": "an unmatched draft with a site",
}

#: Fields scored, in the order printed.
FIELDS = ("date", "date (exact)", "side", "country", "location", "weapon", "n_attacks",
          *CASUALTY_FIELDS, "main_or_background")
#: Fields scored only when the gold file has their column.
_OPTIONAL_FIELDS = ("n_attacks", *CASUALTY_FIELDS)


def load_gold(path) -> pd.DataFrame:
    """Read a gold-label CSV (see the module docstring)."""
    g = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if "report" in g.columns and "seed_file" not in g.columns:
        g = g.rename(columns={"report": "seed_file"})
    need = {"seed_file", "incident_key", "date", "date_precision", "side", "country",
            "site_id", "weapon"}
    missing = need - set(g.columns)
    if missing:
        raise ValueError(f"{path}: missing gold column(s) {sorted(missing)}")
    if "required" not in g.columns:
        g["required"] = "yes"
    return _roles_of_gold(g, path)


def _roles_of_gold(g: pd.DataFrame, path) -> pd.DataFrame:
    """Gold written with side-named casualty columns (``<side>_killed``, before the
    generic schema): each figure to ``target_*`` or ``actor_*`` by the row's sides (its
    ``target_side``, else the side the acting side's action is against by default)."""
    from ..data import roles_from_side_columns
    from ..exceptions import DataWarning

    ids = sorted({*g["side"], *OPPOSITE.values()} - {""})
    old = [c for c in g.columns for s in ids
           if c.startswith(f"{s}_") and c[len(s) + 1:].split("_")[0] in ("killed", "wounded")]
    if not old:
        return g
    t = g.copy()
    had_target = "target_side" in t.columns
    if not had_target:
        t["target_side"] = t["side"].map(OPPOSITE).fillna("")
    t, unplaced = roles_from_side_columns(t, ids)
    if unplaced:
        u = unplaced[0]
        raise ValueError(f"{path}: row {u['pos'] + 2}: {u['column']} = {u['value']} is a figure "
                         "of a side that is neither the actor nor the target of the row")
    if not had_target:
        t = t.drop(columns="target_side")
    _warn(f"{path}: old casualty columns {old} read as the role columns "
          f"{[c for c in t.columns if c.startswith(('target_', 'actor_'))]}; rewrite "
          "the gold file with them", DataWarning)
    return t.fillna("")


def _d(v):
    if v is None or v is pd.NaT or (isinstance(v, float) and np.isnan(v)) or v == "":
        return None
    return pd.Timestamp(v).date()


def dates_agree(d1, p1, d2, p2, exact: bool = False) -> bool:
    """The date rule of the module docstring."""
    d1, d2 = _d(d1), _d(d2)
    if d1 is None or d2 is None:
        return False
    if exact:
        return d1 == d2 and p1 == p2
    if p1 == "day" and p2 == "day":
        return abs((d1 - d2).days) <= 1
    if "month" in (p1, p2):
        return (d1.year, d1.month) == (d2.year, d2.month)
    return abs((d1 - d2).days) <= 6


def _blank(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == ""


def _int(v):
    if _blank(v):
        return None
    try:
        return int(float(v))
    except (TypeError, ValueError):
        return None


def _field_value(row, f, gold=False):
    if f in ("date", "date (exact)"):
        return None if _blank(row["date"]) else (row["date"], row["date_precision"])
    if f == "location":
        v = row.get("site_id")
        return "" if _blank(v) else str(v)
    if f in _OPTIONAL_FIELDS:
        return _int(row.get(f))
    if f == "main_or_background":
        v = row.get("main_or_background" if gold else "report_role")
        return None if _blank(v) else str(v)
    v = row.get(f)
    return None if _blank(v) else str(v)


def _correct(f, dv, gv) -> bool:
    if dv is None or gv is None:
        return False
    if f == "date":
        return dates_agree(dv[0], dv[1], gv[0], gv[1])
    if f == "date (exact)":
        return dates_agree(dv[0], dv[1], gv[0], gv[1], exact=True)
    if f == "location":
        alts = [a.strip() for a in gv.split("|")] if gv else [""]
        return dv in alts
    return dv == gv


def _score(d, g) -> tuple[float, bool]:
    side = str(d["side"]) == g["side"]
    country = (not _blank(d["country"])) and str(d["country"]) == g["country"]
    dd, gd = _d(d["date"]), _d(g["date"])
    agree = dates_agree(d["date"], d["date_precision"], g["date"], g["date_precision"])
    close = dd is not None and gd is not None and abs((dd - gd).days) <= 31
    loc = _correct("location", _field_value(d, "location"), _field_value(g, "location", True))
    weapon = (not _blank(d["weapon"])) and str(d["weapon"]) == g["weapon"]
    ok = side and (country or agree)
    return 3 * side + 3 * agree + 3 * country + 2 * loc + close + weapon, ok


@dataclass
class Evaluation:
    """Result of :func:`evaluate`.

    ``fields``: DataFrame indexed by field with ``tp``, ``n_draft``, ``n_gold``,
    ``precision``, ``recall``. ``pairs``: one row per gold incident and per draft with
    the match. ``reports``: per report the number of gold incidents, drafts, incidents
    found (right date, side, country, weapon), of these with the right site too
    (``found_site``), and spurious drafts.
    """

    fields: pd.DataFrame
    pairs: pd.DataFrame
    reports: pd.DataFrame
    failures: pd.DataFrame = None

    def failure_counts(self) -> pd.Series:
        """How many misses, wrong sites and spurious drafts fall under each kind of
        failure (see :func:`evaluate`)."""
        if self.failures is None or not len(self.failures):
            return pd.Series(dtype="int64", name="count")
        return self.failures["kind"].value_counts().rename("count")

    @property
    def incident_recall(self) -> float:
        r = self.reports
        return float(r["found"].sum() / max(r["gold_required"].sum(), 1))

    @property
    def site_recall(self) -> float:
        r = self.reports
        return float(r["found_site"].sum() / max(r["gold_required"].sum(), 1))

    @property
    def precision(self) -> float:
        """Share of drafts matched to a gold incident (1 - spurious share)."""
        r = self.reports
        n = r["drafts"].sum()
        return float((n - r["spurious"].sum()) / n) if n else float("nan")

    @property
    def spurious_share(self) -> float:
        return 1.0 - self.precision

    def rates(self, alpha: float = 0.05) -> pd.DataFrame:
        """Incident recall, right-site recall, draft precision and per-field precision
        and recall, each with ``k``, ``n``, the estimate and an interval (``lower``,
        ``upper``): clustered by report for the first four
        (:func:`~analysis.coding.intervals.clustered_wilson`), plain Wilson for the
        fields (no per-report field counts are kept)."""
        r = self.reports
        per_report = {"incident recall": (r["found"], r["gold_required"]),
                      "right site": (r["found_site"], r["gold_required"]),
                      "draft precision": (r["drafts"] - r["spurious"], r["drafts"]),
                      "spurious share": (r["spurious"], r["drafts"])}
        rows = {name: (k.sum(), n.sum()) for name, (k, n) in per_report.items()}
        for f, fr in self.fields.iterrows():
            rows[f"{f} precision"] = (fr["tp"], fr["n_draft"])
            rows[f"{f} recall"] = (fr["tp"], fr["n_gold"])
        out = []
        for name, (k, n) in rows.items():
            lo, hi = (clustered_wilson(*per_report[name], alpha) if name in per_report and len(r)
                      else wilson(k, n, alpha))
            out.append({"measure": name, "k": int(k), "n": int(n),
                        "estimate": k / n if n else float("nan"), "lower": lo, "upper": hi})
        return pd.DataFrame(out).set_index("measure")

    @property
    def max_spurious(self) -> int:
        return int(self.reports["spurious"].max()) if len(self.reports) else 0

    def summary(self) -> str:
        lines = ["Per-field precision and recall (matched drafts vs gold incidents)",
                 f"{'field':<20}{'precision':>10}{'recall':>10}{'correct':>9}{'drafts':>8}"
                 f"{'gold':>6}"]
        for f, r in self.fields.iterrows():
            p = "-" if np.isnan(r["precision"]) else f"{r['precision']:.2f}"
            rc = "-" if np.isnan(r["recall"]) else f"{r['recall']:.2f}"
            lines.append(f"{f:<20}{p:>10}{rc:>10}{int(r['tp']):>9}{int(r['n_draft']):>8}"
                         f"{int(r['n_gold']):>6}")
        lines.append("")
        lines.append("Per report")
        lines.append(self.reports.to_string(index=False))
        lines.append("")
        lines.append(f"incident recall (right date, side, country and weapon): "
                     f"{self.reports['found'].sum()}/{self.reports['gold_required'].sum()} = "
                     f"{self.incident_recall:.2f}   (target >= 0.90)")
        lines.append(f"incidents found at the right site too: {self.reports['found_site'].sum()}/"
                     f"{self.reports['gold_required'].sum()}")
        lines.append(f"spurious drafts per report: max {self.max_spurious}, total "
                     f"{int(self.reports['spurious'].sum())} of {int(self.reports['drafts'].sum())}"
                     f" drafts")
        lines.append("")
        lines.append("Rates with 95% Wilson intervals clustered by report (Korn-Graubard)")
        rt = self.rates()
        for m in ("incident recall", "right site", "draft precision", "spurious share"):
            x = rt.loc[m]
            est = "-" if np.isnan(x["estimate"]) else f"{x['estimate']:.2f}"
            ci = "" if np.isnan(x["lower"]) else f"  [{x['lower']:.2f}, {x['upper']:.2f}]"
            lines.append(f"  {m:<18}{int(x['k']):>4}/{int(x['n']):<4} {est}{ci}")
        return "\n".join(lines)


def evaluate(drafts: dict, gold: pd.DataFrame) -> Evaluation:
    """Score drafts against gold labels.

    Parameters
    ----------
    drafts : dict
        ``{report file name: drafts DataFrame from code_report}``.
    gold : DataFrame
        From :func:`load_gold`; only reports present in ``drafts`` are scored.
    """
    from scipy.optimize import linear_sum_assignment

    pair_rows, rep_rows, fail_rows = [], [], []
    fields_ = [f for f in FIELDS if f not in _OPTIONAL_FIELDS or f in gold.columns]
    tp = {f: 0 for f in FIELDS}
    n_draft = {f: 0 for f in FIELDS}
    n_gold = {f: 0 for f in FIELDS}
    for rep, d in drafts.items():
        g = gold[gold["seed_file"] == rep].reset_index(drop=True)
        d = d.reset_index(drop=True)
        req = (g["required"].str.lower() != "optional").to_numpy()
        S = np.full((len(d), len(g)), -1.0)
        for i in range(len(d)):
            for j in range(len(g)):
                s, ok = _score(d.iloc[i], g.iloc[j])
                if ok:
                    S[i, j] = s
        match_d, match_g = {}, {}
        if len(d) and len(g):
            r, c = linear_sum_assignment(-S)
            for i, j in zip(r, c):
                if S[i, j] >= 0:
                    match_d[i], match_g[j] = j, i
        found = found_site = 0
        fail_rows.extend(_classify(rep, d, g, req, match_d, match_g))
        for j in range(len(g)):
            gr = g.iloc[j]
            i = match_g.get(j)
            dr = d.iloc[i] if i is not None else None
            ok_all = dr is not None and all(
                _correct(f, _field_value(dr, f), _field_value(gr, f, True))
                for f in ("date", "side", "country", "weapon"))
            if req[j]:
                found += ok_all
                found_site += ok_all and _correct("location", _field_value(dr, "location"),
                                                  _field_value(gr, "location", True))
                for f in fields_:
                    gv = _field_value(gr, f, True)
                    if gv is not None:
                        n_gold[f] += 1
            pair_rows.append({"report": rep, "gold": gr["incident_key"],
                              "required": bool(req[j]), "draft": None if dr is None
                              else dr["draft_id"], "found": bool(ok_all),
                              "wrong": "" if dr is None else ", ".join(
                                  f for f in fields_
                                  if not _correct(f, _field_value(dr, f),
                                                  _field_value(gr, f, True))
                                  and not (_field_value(dr, f) is None
                                           and _field_value(gr, f, True) is None))})
        spurious = 0
        for i in range(len(d)):
            dr = d.iloc[i]
            j = match_d.get(i)
            if j is None:
                spurious += 1
                pair_rows.append({"report": rep, "gold": None, "required": False,
                                  "draft": dr["draft_id"], "found": False, "wrong": "spurious"})
            elif not req[j]:
                continue                         # matched an optional incident: neutral
            gr = g.iloc[j] if j is not None else None
            for f in fields_:
                dv = _field_value(dr, f)
                if dv is None:
                    continue
                n_draft[f] += 1
                if gr is not None and _correct(f, dv, _field_value(gr, f, True)):
                    tp[f] += 1
        rep_rows.append({"report": rep, "gold_required": int(req.sum()),
                         "gold_optional": int((~req).sum()), "drafts": len(d),
                         "found": found, "found_site": found_site, "spurious": spurious})
    fields = pd.DataFrame({"tp": tp, "n_draft": n_draft, "n_gold": n_gold})
    fields["precision"] = fields["tp"] / fields["n_draft"].where(fields["n_draft"] > 0)
    fields["recall"] = fields["tp"] / fields["n_gold"].where(fields["n_gold"] > 0)
    fields = fields.astype({"precision": "float64", "recall": "float64"})
    return Evaluation(fields.loc[fields_], pd.DataFrame(pair_rows), pd.DataFrame(rep_rows),
                      pd.DataFrame(fail_rows, columns=["report", "kind", "gold", "draft", "detail"]))


def _classify(rep, d, g, req, match_d, match_g) -> list[dict]:
    """One row per failure of one report, of a kind in :data:`FAILURE_KINDS`."""
    out = []

    def agree(dr, gr):
        return dates_agree(dr["date"], dr["date_precision"], gr["date"], gr["date_precision"])

    def desc(dr):
        return (f"{dr['side']} {'' if _blank(dr['country']) else dr['country']} "
                f"{'' if _blank(dr.get('site_id')) else dr['site_id']} "
                f"{'' if _blank(dr['date']) else str(pd.Timestamp(dr['date']).date())} "
                f"{'' if _blank(dr['weapon']) else dr['weapon']}").split()

    for j in range(len(g)):
        if not req[j]:
            continue
        gr = g.iloc[j]
        i = match_g.get(j)
        gsite = _field_value(gr, "location", True)
        if i is not None:
            dr = d.iloc[i]
            ok = all(_correct(f, _field_value(dr, f), _field_value(gr, f, True))
                     for f in ("date", "side", "country", "weapon"))
            if not ok:
                kind = "missed: wrong date" if not agree(dr, gr) else "missed: wrong field"
                out.append({"report": rep, "kind": kind, "gold": gr["incident_key"],
                            "draft": dr["draft_id"], "detail": " ".join(desc(dr))})
                continue
            dsite = _field_value(dr, "location")
            if not _correct("location", dsite, gsite):
                kind = ("site: missed" if dsite == "" else
                        "site: extra" if gsite == "" else "site: wrong")
                out.append({"report": rep, "kind": kind, "gold": gr["incident_key"],
                            "draft": dr["draft_id"], "detail": f"{dsite or '-'} for {gsite}"})
            continue
        inverted = [k for k in range(len(d)) if k not in match_d
                    and str(d.iloc[k]["side"]) != gr["side"]
                    and agree(d.iloc[k], gr) and str(d.iloc[k]["country"]) == gr["country"]]
        same = [k for k in range(len(d)) if str(d.iloc[k]["side"]) == gr["side"]
                and str(d.iloc[k]["country"]) == gr["country"]
                and _correct("location", _field_value(d.iloc[k], "location"), gsite)]
        unattributed = [k for k in inverted if str(d.iloc[k]["side"]) == UNATTRIBUTED]
        if gr["side"] == US and unattributed:
            kind, k = "missed: drafted unattributed", unattributed[0]
        elif inverted:
            kind, k = "missed: side inverted", inverted[0]
        elif same:
            kind, k = "missed: wrong date", same[0]
        else:
            kind, k = "missed: not drafted", None
        out.append({"report": rep, "kind": kind, "gold": gr["incident_key"],
                    "draft": None if k is None else d.iloc[k]["draft_id"],
                    "detail": "" if k is None else " ".join(desc(d.iloc[k]))})
    for i in range(len(d)):
        if i in match_d:
            continue
        dr = d.iloc[i]
        inv = {g.iloc[j]["side"] for j in range(len(g))
               if str(dr["side"]) != g.iloc[j]["side"] and agree(dr, g.iloc[j])
               and str(dr["country"]) == g.iloc[j]["country"]}
        kind = ("spurious: actor inferred" if str(dr["side"]) == US and UNATTRIBUTED in inv else
                "spurious: side inverted" if inv else
                "spurious: country-level" if _field_value(dr, "location") == "" else
                "spurious: other")
        out.append({"report": rep, "kind": kind, "gold": None, "draft": dr["draft_id"],
                    "detail": " ".join(desc(dr))})
    return out


def load_corpus(corpus_dir) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The development corpus of ``benchmarks/coder_corpus``: ``(reports, gold)``; see
    its README. ``reports`` has ``report, part, published, url`` (and more); ``gold`` is
    in the form of :func:`load_gold`."""
    corpus_dir = Path(corpus_dir)
    reports = pd.read_csv(corpus_dir / "reports.csv", dtype=str, keep_default_na=False)
    gold = load_gold(corpus_dir / "gold.csv")
    unknown = set(gold["seed_file"]) - set(reports["report"])
    if unknown:
        raise ValueError(f"{corpus_dir / 'gold.csv'}: report(s) {sorted(unknown)} not in reports.csv")
    return reports, gold


def evaluate_corpus(corpus_dir, pages_dir, *, part: str = "all",
                    use_published: bool = True) -> tuple[Evaluation, list]:
    """Run :func:`analysis.code_report` on the corpus reports of ``part`` (``dev``,
    ``heldout`` or ``all``) whose text is in ``pages_dir`` (``<report>.txt``) and score
    them; out-of-scope reports (no gold rows) are scored too (each draft is spurious).
    Returns the evaluation and the list of reports whose text is absent."""
    import warnings

    from .extract import code_report

    reports, gold = load_corpus(corpus_dir)
    if part != "all":
        reports = reports[reports["part"] == part]
    pages_dir = Path(pages_dir)
    drafts, absent = {}, []
    for _, r in reports.iterrows():
        p = pages_dir / f"{r['report']}.txt"
        if not p.exists():
            absent.append(r["report"])
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            drafts[r["report"]] = code_report(p.read_bytes(),
                                              published=(r["published"] or None) if use_published
                                              else None, source=r["url"])
    return evaluate(drafts, gold[gold["seed_file"].isin(list(drafts))]), absent


def evaluate_seeds(seeds_dir, gold_path, *, use_published: bool = True) -> Evaluation:
    """Run :func:`analysis.code_report` on every report named in the gold file that is
    present in ``seeds_dir`` (with the gold's ``published`` date and ``seed:<file>``
    as source) and score the drafts."""
    from .extract import code_report

    gold = load_gold(gold_path)
    seeds_dir = Path(seeds_dir)
    drafts = {}
    for rep in sorted(gold["seed_file"].unique()):
        p = seeds_dir / rep
        if not p.exists():
            continue
        pub = gold.loc[gold["seed_file"] == rep, "published"].iloc[0] \
            if "published" in gold.columns and use_published else None
        pub = pub or None
        drafts[rep] = code_report(p.read_bytes(), published=pub, source=f"seed:{rep}")
    if not drafts:
        raise FileNotFoundError(f"none of the reports named in {gold_path} is in {seeds_dir}")
    return evaluate(drafts, gold[gold["seed_file"].isin(list(drafts))])

