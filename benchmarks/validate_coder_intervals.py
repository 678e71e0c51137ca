"""Coverage of the coder's 95% intervals when the incidents of one report are correlated.

Every share the package reports for the Arabic coder (incident recall, right-site recall,
spurious share of drafts) is a ratio of sums over reports. This measures, by simulation,
how often the plain Wilson interval (incidents independent,
:func:`analysis.coding.intervals.wilson`) and the interval clustered by report
(:func:`analysis.coding.intervals.clustered_wilson`) cover the true share, in the regime
of the coder's blind record, the first looks:

* the model: each report ``i`` has its own success probability ``p_i ~ Beta`` with mean
  the true share and intra-report correlation ``rho``, and ``k_i ~ Binomial(n_i, p_i)``
  (beta-binomial); ``rho`` is fitted by maximum likelihood to the first looks'
  per-report counts (``benchmarks/coder_corpus/first_look_reports.csv``: found of
  required incidents for recall, spurious of drafts for the spurious share);
* the designs: the cluster sizes of the pooled first looks (every report with a required
  incident) and of one part (heldout10's first look, 52 incidents; a part near 50), and
  for the spurious share the reports' drafts (pooled, and heldout10: 64);
* the truths: recall near 0.5, 0.68 (the pooled first looks) and 0.9 (the target);
  spurious share 0.1 (the target), 0.2 (the pooled first looks) and 0.3;
* two sensitivities (``scenario``): the same cells with ``rho`` doubled (reports twice
  as alike as fitted), and with each report's mean depending on its size,
  ``logit(mu_i) = a + b log(n_i)``, ``b`` and ``rho`` fitted by maximum likelihood
  (e.g. long lists missed more often: the coder loses a list it cannot parse whole) and ``a``
  set so that the incident-weighted share ``sum(n_i mu_i) / sum(n_i)``, the estimand of
  the ratio, is the truth.

    python benchmarks/validate_coder_intervals.py              # 5000 replications per cell
    python benchmarks/validate_coder_intervals.py --quick      # 200, printed, nothing written

Writes ``benchmarks/results/validate_coder_intervals.csv`` and ``.md`` (3 significant
digits; Monte-Carlo s.e. ``sqrt(c (1 - c) / reps)``) and rewrites the table between the
``validate_coder_intervals`` markers of ``benchmarks/coder_corpus/README.md``. One seed
(``--seed``), the same files for any ``--jobs``; no timestamps.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "coder_corpus"
RESULTS = ROOT / "benchmarks" / "results"
README = CORPUS / "README.md"
MARK = ("<!-- validate_coder_intervals: begin (written by benchmarks/validate_coder_intervals.py) -->",
        "<!-- validate_coder_intervals: end -->")
#: The part whose first-look cluster sizes stand for "one part" (52 required incidents).
PART = "heldout10"
#: (measure, successes, trials, truths)
MEASURES = (("recall", "found", "gold_required", (0.5, 0.68, 0.9)),
            ("spurious share", "spurious", "drafts", (0.1, 0.2, 0.3)))
CHUNK = 100                      # replications per task
#: The scenarios: (name, rho factor, size slope fitted or 0)
SCENARIOS = (("fitted", 1.0, False), ("rho doubled", 2.0, False),
             ("mean varies with size", 1.0, True))


def fit_rho(k, n) -> tuple[float, float]:
    """Maximum-likelihood beta-binomial fit to per-report counts: ``(mean, rho)`` with
    ``rho = 1 / (a + b + 1)`` the intra-report correlation."""
    from scipy.optimize import minimize
    from scipy.special import expit
    from scipy.stats import betabinom

    k, n = np.asarray(k), np.asarray(n)

    def nll(x):
        mu, rho = expit(x[0]), expit(x[1])
        s = (1 - rho) / rho
        return -betabinom.logpmf(k, n, mu * s, (1 - mu) * s).sum()

    p0 = k.sum() / n.sum()
    best = min((minimize(nll, [np.log(p0 / (1 - p0)), r0], method="Nelder-Mead",
                         options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000})
                for r0 in (-4.0, -2.0, 0.0)), key=lambda r: r.fun)
    return float(expit(best.x[0])), float(expit(best.x[1]))


def fit_slope(k, n) -> tuple[float, float, float]:
    """Maximum-likelihood beta-binomial fit with ``logit(mu_i) = a + b log(n_i)``:
    ``(a, b, rho)``."""
    from scipy.optimize import minimize
    from scipy.special import expit
    from scipy.stats import betabinom

    k, n = np.asarray(k), np.asarray(n)
    z = np.log(n)

    def nll(x):
        mu, rho = expit(x[0] + x[1] * z), expit(x[2])
        s = (1 - rho) / rho
        return -betabinom.logpmf(k, n, mu * s, (1 - mu) * s).sum()

    p0 = k.sum() / n.sum()
    best = min((minimize(nll, [np.log(p0 / (1 - p0)), 0.0, r0], method="Nelder-Mead",
                         options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 6000})
                for r0 in (-4.0, -2.0, 0.0)), key=lambda r: r.fun)
    return float(best.x[0]), float(best.x[1]), float(expit(best.x[2]))


def report_means(sizes, truth: float, slope: float) -> np.ndarray:
    """Each report's mean ``expit(a + slope log(n_i))`` with ``a`` such that the
    incident-weighted mean is ``truth``."""
    from scipy.optimize import brentq
    from scipy.special import expit

    z = np.log(np.asarray(sizes, dtype=float))
    if slope == 0:
        return np.full(len(z), truth)
    a = brentq(lambda a: np.sum(sizes * expit(a + slope * z)) / np.sum(sizes) - truth, -40, 40)
    return expit(a + slope * z)


def _cells(reports: pd.DataFrame):
    """(measure, design, scenario, truth, rho, slope, sizes) of every cell."""
    out = []
    for measure, k, n, truths in MEASURES:
        r = reports[reports[n] > 0]
        _, rho = fit_rho(r[k], r[n])
        _, slope, rho_slope = fit_slope(r[k], r[n])
        for scenario, factor, sized in SCENARIOS:
            for design, sizes in (("pooled first looks", r[n].to_numpy()),
                                  (f"one part ({PART})", r.loc[r["part"] == PART, n].to_numpy())):
                for p in truths:
                    out.append({"measure": measure, "design": design, "scenario": scenario,
                                "truth": p, "rho": (rho_slope if sized else rho) * factor,
                                "slope": slope if sized else 0.0, "sizes": sizes})
    return out


def one_chunk(task, *, cells):
    """Coverage counts of ``CHUNK`` replications of one cell: ``(cell index, plain
    covered, clustered covered, plain width sum, clustered width sum)``."""
    from analysis.coding.intervals import clustered_wilson, wilson

    c, seed = task
    cell = cells[c]
    rng = np.random.default_rng(seed)
    sizes, p, rho = cell["sizes"], cell["truth"], cell["rho"]
    mu = report_means(sizes, p, cell["slope"])
    s = (1 - rho) / rho
    cover = [0, 0]
    width = [0.0, 0.0]
    for _ in range(CHUNK):
        pi = rng.beta(mu * s, (1 - mu) * s)
        k = rng.binomial(sizes, pi)
        for j, (lo, hi) in enumerate((wilson(int(k.sum()), int(sizes.sum())),
                                      clustered_wilson(k, sizes))):
            cover[j] += lo <= p <= hi
            width[j] += hi - lo
    return c, cover[0], cover[1], width[0], width[1]


def run(reps: int, seed: int, n_jobs: int) -> pd.DataFrame:
    from analysis.models.base import replicate_seeds, run_replicates

    reports = pd.read_csv(CORPUS / "first_look_reports.csv", dtype={"part": str, "report": str})
    cells = _cells(reports)
    chunks = -(-reps // CHUNK)
    seeds = replicate_seeds(np.random.default_rng(seed), len(cells) * chunks)
    tasks = [(c, seeds[c * chunks + j]) for c in range(len(cells)) for j in range(chunks)]
    res = run_replicates(partial(one_chunk, cells=cells), tasks, n_jobs=n_jobs,
                         desc="coverage")
    total = chunks * CHUNK
    rows = []
    for c, cell in enumerate(cells):
        mine = [r for r in res if r[0] == c]
        plain = sum(r[1] for r in mine) / total
        clus = sum(r[2] for r in mine) / total
        rows.append({"measure": cell["measure"], "design": cell["design"],
                     "clusters": len(cell["sizes"]), "trials": int(cell["sizes"].sum()),
                     "scenario": cell["scenario"], "rho": cell["rho"], "slope": cell["slope"],
                     "truth": cell["truth"],
                     "plain_coverage": plain, "plain_mc_se": np.sqrt(plain * (1 - plain) / total),
                     "clustered_coverage": clus,
                     "clustered_mc_se": np.sqrt(clus * (1 - clus) / total),
                     "plain_width": sum(r[3] for r in mine) / total,
                     "clustered_width": sum(r[4] for r in mine) / total, "reps": total})
    return pd.DataFrame(rows)


def _sig(x) -> str:
    from analysis.reporting import number

    return number(float(x), 3)


def markdown(t: pd.DataFrame, seed: int) -> str:
    lines = [f"Coverage of nominal 95% intervals, {int(t['reps'].iloc[0])} replications per row "
             f"(seed {seed}; Monte-Carlo s.e. in brackets); beta-binomial report effect with "
             "the intra-report correlation rho fitted to the first looks, doubled, or fitted "
             "with each report's mean depending on its size (logit slope b on log size) "
             "(`benchmarks/validate_coder_intervals.py`).", "",
             "| measure | design (clusters, trials) | scenario | rho | slope b | true share | "
             "plain Wilson | clustered by report | mean width plain / clustered |",
             "|---|---|---|---|---|---|---|---|---|"]
    for _, r in t.iterrows():
        lines.append(f"| {r['measure']} | {r['design']} ({int(r['clusters'])}, {int(r['trials'])}) "
                     f"| {r['scenario']} | {_sig(r['rho'])} | {_sig(r['slope'])} | {_sig(r['truth'])} | {_sig(r['plain_coverage'])} "
                     f"({_sig(r['plain_mc_se'])}) | {_sig(r['clustered_coverage'])} "
                     f"({_sig(r['clustered_mc_se'])}) | {_sig(r['plain_width'])} / "
                     f"{_sig(r['clustered_width'])} |")
    return "\n".join(lines) + "\n"


def write(t: pd.DataFrame, seed: int) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = t.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            out[c] = [_sig(x) for x in out[c]]
    out.to_csv(RESULTS / "validate_coder_intervals.csv", index=False, lineterminator="\n")
    md = markdown(t, seed)
    (RESULTS / "validate_coder_intervals.md").write_text(md, encoding="utf-8")
    text = README.read_text(encoding="utf-8")
    if MARK[0] in text and MARK[1] in text:
        head, rest = text.split(MARK[0], 1)
        _, tail = rest.split(MARK[1], 1)
        README.write_text(f"{head}{MARK[0]}\n{md}{MARK[1]}{tail}", encoding="utf-8")
    else:
        print(f"{README}: no {MARK[0]!r} marker: table not written there")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5000, help="replications per cell")
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--quick", action="store_true",
                    help="200 replications, printed only (no file written)")
    args = ap.parse_args(argv)
    if args.reps < 1:
        ap.error(f"--reps must be at least 1, got {args.reps}")
    sys.path.insert(0, str(ROOT))
    t = run(200 if args.quick else args.reps, args.seed, args.jobs)
    if not args.quick:
        write(t, args.seed)
    print(markdown(t, args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
