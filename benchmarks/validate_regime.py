"""Data-calibrated Monte Carlo: size of the reported tests and coverage of the reported
intervals in the regime of the bundled case (issue 18, item 5).

Every design is fitted to the bundled data (``analysis.load_incidents()``, the
militia-US dyad, daily counts 2019-12-01 to 2024-12-31, three phases; event times
day-rounded as ``to_events`` gives them) and run through
:func:`analysis.models.calibration.calibrate`: simulate from the fit (``fit``) or from
the fit with one cross-effect set to zero (``null target<-source``), refit with the
notebook's specification, and count rejections at 5% and coverage of 95% intervals.

    python benchmarks/validate_regime.py                 # the committed run
    python benchmarks/validate_regime.py --reps 20       # a quick look
    python benchmarks/validate_regime.py --only var_ch_null --reps 50
    python benchmarks/validate_regime.py --list          # the designs and their cost; no run

Writes ``benchmarks/results/validate_regime.csv`` (one row per design and quantity:
family, design, quantity, kind, nominal, empirical, mc_se, n, n_sim, n_failed, data:
the table the design was fitted on, ...) and
``benchmarks/results/validate_regime.md`` (the table for the closing note), rewriting
the rows of the designs it ran and keeping the others. No timestamps; the same seed
gives the same files for any ``--jobs``.

Cost of each design (seconds per replication, one process, ``--jobs 1``, on the shared
2-core machine with 6-8 other jobs; measured by calib7 with ``--reps 5``, which includes
building the fit on first use and reads whole seconds, so 0.0 means under 0.2 s; in
brackets, where run, the mean over a full run of n replications; marked 'load 15':
calib10's runs beside 14-18 other processes, about three times slower). hawkes_boot and
hawkes_jitter_boot (99 bootstrap refits per replicate) were not timed here (calib8's
designs); 'all failed': every replicate failed to refit, as in the committed table.
var_ch_null 0.2 (0.25 over 1000); ch_null 0.4 (0.24 over 500); ch_fit 0.4 (0.66 over
500); nb_ch_null 0.4 (0.43 over 1000); pml_null 0.2 (0.11 over 500); pml_fit 0.0 (0.10
over 500); nb_fit 0.4 (0.29 over 500); var_fit 0.2 (0.13 over 500); hawkes_fit 3.6;
hawkes_boot not timed; hawkes_jitter 0.2; hawkes_jitter_boot not timed; phases_ch 0.8
(0.34 over 500, load 15; before: 0.23 over 500, load 15);
phases_fit 0.2 (0.12 over 500); det_pooled_null 3.4 (3.37 over 500); det_phases_null 0.4
(0.23 over 500); det_campaign_null 0.2 (0.14 over 500); phases_ch_x2 0.2 (0.21 over
1000); nb_us_ch_null (1.31 over 100, load 15; 99 failed); pml_militia_ch_null 0.2
(0.23 over 500);
pml_militia_fit 0.0 (0.10 over 500); hurdle_us_null 0.2 (0.73 over 1500, load 15);
hurdle_militia_null 0.4 (0.26 over 500); hurdle_us_fit 0.2 (0.17 over 500);
hurdle_militia_fit 0.6 (1.77 over 500, load 15); pml_boot_fit 0.4;
event_study_null 0.4 (0.27 over 500); var_ch_null_us 0.2 (0.14 over 500);
det_answered_null 0.2 (0.14 over 500); ch_campaign_fit 0.2 (0.60 over 500);
ch_before_campaign_fit 4.8 (13.3 over the first 122 of 500, load 15; run cut);
ch_campaign7_fit 0.2 (0.29 over 500); ch_after_campaign_fit
0.8 (4.50 over 500, load 15); var7_all_ch_null_us 0.2 (0.16 over 500);
var7_all_ch_null_militia 0.2 (0.15 over 500); var7_before_campaign_ch_null_us all
failed; var7_before_campaign_ch_null_militia
0.2 (0.14 over 500); var7_campaign_ch_null_us 0.0 (0.04 over 500);
var7_campaign_ch_null_militia 0.0 (0.03 over 500); var7_after_campaign_ch_null_us 0.0
(0.05 over 500); var7_after_campaign_ch_null_militia 0.0 (0.05 over 500); signed_fit
0.8 (2.56 over 750, load 15); det_redsea_null 0.2 (0.10 over 500); cw_us_all_null 0.2
(0.25 over 500);
cw_militia_all_null 0.2 (0.19 over 500); cw_us_before_campaign_null (0.30 over
400, load 15; 382 failed);
cw_militia_before_campaign_null 0.2 (0.11 over 500); cw_us_campaign_null 0.0 (0.07 over
500); cw_militia_campaign_null 0.0 (0.06 over 500); cw_us_after_campaign_null 0.0 (0.11
over 500); cw_militia_after_campaign_null 0.0 (0.08 over 500); phases_dates 13.4;
phases_dates_iid 12.0. Issue 18, calib12 (whole runs, one process beside 4-5 other
Monte Carlo processes and the other engineers' jobs, load 12-15 on 2 cores, so about 3-5
times the quiet cost): gof_pit_ch_fit 4.3 over 500; gof_pit_ch_poisson 6.0 over 200;
gof_pit_signed_fit 11 over 250; event_study_nocross_null 2.0 over 500; forecast_ch_fit
12 over 300; thinning_ch_fit 6.5 over 500. Issue 18, calib11 (load 14-17 on the 2
cores; mean over the run, n in brackets): cw_us_all_confirmed_null 1.2 (500),
cw_militia_all_confirmed_null 2.2 (500), cw_us_before_campaign_confirmed_null 0.8 (500),
cw_militia_before_campaign_confirmed_null 1.4 (500), cw_militia_campaign_confirmed_null
0.4 (500), cw_us_after_campaign_confirmed_null 0.4 (500),
cw_militia_after_campaign_confirmed_null 0.6 (500), var7_all_confirmed_ch_null_us 3.3
(200; 0.5 over 500 at load 2), var7_all_confirmed_ch_null_militia 3.4 (200; 0.14 over 500
at load 2), var7_before_campaign_confirmed_ch_null_us 1.8 (200; 0.1 over 500 at load 2),
var7_before_campaign_confirmed_ch_null_militia 2.1 (200; 0.08 over 500 at load 2),
var7_campaign_confirmed_ch_null_us 0.3 (500), var7_campaign_confirmed_ch_null_militia 0.3
(500), var7_after_campaign_confirmed_ch_null_us 0.15 (500),
var7_after_campaign_confirmed_ch_null_militia 0.3 (500), var7_campaign_confirmed_boot_fit
0.2 (500), var7_after_campaign_confirmed_boot_fit 0.3 (500),
var7_before_campaign_confirmed_boot_fit 1.3 (500), var7_all_confirmed_boot_fit 0.7 (500),
ch_confirmed_fit 4.9 (100), ch_before_campaign_confirmed_fit 0.2 (500 at load 2),
ch_campaign7_confirmed_fit 8.4 (100),
ch_after_campaign_confirmed_fit 7.7 (100),
lags_ch_days14_fit 9.8 (300, after about 10 min building the truths). Issue 18, calib13
(whole runs with notebook 04's KS gate, one process, load 6-8 on the 2 cores; mean over
the run, n in brackets): hawkes_jitter_warp 0.60 (500), hawkes_jitter_campaign_all_warp
0.36 (500), hawkes_jitter_all_confirmed_warp 0.67 (500),
hawkes_jitter_campaign_confirmed_warp 0.40 (500), hawkes_jitter_gate_fdb 0.66 (500),
hawkes_jitter_all_confirmed_gate_fdb 0.65 (500), hawkes_jitter_campaign_all_gate_fdb 0.50
(500), hawkes_jitter_campaign_confirmed_gate_fdb 0.60 (500).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the study's pieces, one concept per module (benchmarks/regime/); the names stay
# importable from this script (and the case's constants the designs are built from)
from analysis.casestudy import PHASE_STARTS, SIDES, WINDOWS  # noqa: E402,F401
from analysis.models.calibration_data import RED_SEA  # noqa: E402,F401
from benchmarks.regime import OUT, SEED  # noqa: E402,F401
from benchmarks.regime.designs import (DESIGNS, LABEL, case_of,  # noqa: E402,F401
                                       window_designs)
from benchmarks.regime.fits import (CH_OF_WINDOW, EVENT_STUDY_PHASES,  # noqa: E402,F401
                                    MATCHED_DAY_BLOCKS, NOT_ESTIMABLE, fits,
                                    window_builders)
from benchmarks.regime.io import (DUAL, NOT_RECORDED, duals, inventory,  # noqa: E402,F401
                                  markdown, merge, run, write)
from benchmarks.regime.simulated_truths import (FORECAST, LAG_SPECS,  # noqa: E402,F401
                                                THINNING, ForecastFit, LagFit,
                                                ThinningFit, stated_shares,
                                                thinning_shares)
from benchmarks.regime.wrappers import (COUNT_BOOT, EVENT_STUDY,  # noqa: E402,F401
                                        GOF_GATE_TESTS, PHASE_DATES, SIGNED_RUNAWAY,
                                        VAR_BOOT, WINDOW_BOOT, CountBootFit,
                                        CountWindowFit, EventStudyFit, GofFit,
                                        HurdleFit, PhaseDatesFit, SignedFit, VarBootFit)


#: the parts of the cost table above and who measured them (the loads differ)
COST_SOURCES = (("Cost of each design", "calib7"),
                ("Issue 18, calib12", "calib12, whole runs, load 12-15"),
                ("Issue 18, calib11", "calib11, whole runs, load 14-17"),
                ("Issue 18, calib13", "calib13, whole runs, load 6-8"))


def costs(doc=__doc__):
    """Each design's cost as the docstring's table states it (seconds per replication;
    brackets: the mean over a full run), with the part of the table it comes from:
    design -> (cost, source). Designs the table does not name are left out."""
    found = [(doc.index(marker), source) for marker, source in COST_SOURCES if marker in doc]
    parts = [start for start, _ in found]
    out = {}
    for i, (start, source) in enumerate(found):
        text = " ".join(doc[start:parts[i + 1] if i + 1 < len(parts) else None].split())
        for name in DESIGNS:
            for m in re.finditer(rf"(?<!\w){re.escape(name)} ", text):
                rest = text[m.end():]
                if not re.match(r"[\d(]|not timed|all failed", rest):
                    continue        # a mention, not a cost
                depth, j = 0, 0     # the cost ends at , ; or . outside brackets
                while j < len(rest) and not (depth == 0 and (rest[j] in ",;" or (
                        rest[j] == "." and rest[j + 1:j + 2] in ("", " ")))):
                    depth += {"(": 1, ")": -1}.get(rest[j], 0)
                    j += 1
                out[name] = (rest[:j].strip(), source)
    return out


def listing(path=None):
    """The designs (``--only`` names) in the order they run: family (as recorded in the
    table at ``path``, default the committed one; ``not run`` where it has no row), the
    fit's label, the design's label (what is simulated) and the cost from the
    docstring's table (``not in the cost table`` where it names none)."""
    path = OUT / "validate_regime.csv" if path is None else Path(path)
    table = pd.read_csv(path) if path.is_file() else None
    family = ({} if table is None else
              table.groupby("study", sort=False)["family"].first().to_dict())
    cost = costs()
    rows = [{"design": name, "family": family.get(name, "not run"), "fit": LABEL[fit],
             "label": design,
             "cost (s per replication)": cost.get(name, ("not in the cost table",))[0],
             "cost measured by": cost.get(name, ("", ""))[1]}
            for name, (fit, design, _) in DESIGNS.items()]
    return pd.DataFrame(rows)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reps", type=int, default=500, help="replications per design")
    p.add_argument("--rep", action="append", default=[], metavar="DESIGN=N",
                   help="replications of one design (repeatable)")
    p.add_argument("--only", action="append", choices=list(DESIGNS),
                   help="run only these designs (repeatable)")
    p.add_argument("--jobs", type=int, default=2, help="processes (results identical)")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--out", default=None, help="results folder (default benchmarks/results)")
    p.add_argument("--version", choices=["before", "after"], default="after",
                   help="label of the run: before or after the repairs of issue 18")
    p.add_argument("--merge", default=None, metavar="CSV",
                   help="only merge the rows of another run's validate_regime.csv")
    p.add_argument("--list", action="store_true",
                   help="list the designs (family, labels, cost from the docstring); no run")
    a = p.parse_args(argv)
    if a.list:
        print(listing().to_csv(sep="\t", index=False), end="")
        return 0
    if a.merge:
        merge(a.merge, a.version, a.out)
        return 0
    reps = {"default": a.reps, **{k: int(v) for k, v in (r.split("=") for r in a.rep)}}
    run(a.only or list(DESIGNS), reps, a.jobs, a.seed, a.version, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
