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
lags_ch_days14_fit 9.8 (300, after about 10 min building the truths).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis import (CountHawkes, CountModel, Hawkes, VARModel, detect_phases,  # noqa: E402
                      deterrence, to_events)
from analysis.casestudy import (PHASE_STARTS, SIDES, WINDOWS, dyad_incidents,  # noqa: E402
                                window, window_counts)
from analysis.exceptions import SpecificationError  # noqa: E402
from analysis.models.calibration import calibrate  # noqa: E402
# notebook 09's Red Sea case (window, dyad, phases) and the data the designs are fitted
# on, with its fingerprint (one home: the report compares it with the current data)
from analysis.models.calibration_data import (RED_SEA, case_data,  # noqa: E402
                                              case_fingerprint)

OUT = ROOT / "benchmarks" / "results"
SEED = 20261205


def _signed_fit():
    """Notebook 11's SignedCountHawkes fit: the dyad's counts over its own span, marks
    = casualty-producing militia attacks per day, max lag 14, the campaign phase."""
    from analysis import SignedCountHawkes, to_counts
    inc = dyad_incidents()
    counts = to_counts(inc, sides=SIDES)
    hurt = inc["target_killed"].fillna(0) + inc["target_wounded"].fillna(0)
    cas = inc[(inc["side"] == "militia") & (hurt > 0)]
    marks = to_counts(cas, sides=["militia"]).reindex(counts.index, fill_value=0)
    return SignedCountHawkes(counts, max_lag=14, phases=PHASE_STARTS[:1], marks=marks).fit()


def _casualty_share():
    """Casualty-producing militia attacks (killed or wounded > 0) per militia attack unit
    of the daily counts (notebook 10's casualty days)."""
    _, dyad, days = case_data("iraq_syria")
    mil = dyad[dyad["side"] == "militia"]
    hurt = (mil["target_killed"].fillna(0) > 0) | (mil["target_wounded"].fillna(0) > 0)
    return float(hurt.sum() / days["militia"].sum())


def _red_sea():
    """Notebook 09's daily counts (every incident counts 1) and incidents (claim-only
    rows left out)."""
    _, real, days = case_data("red_sea")
    return days, real


class _Fits(dict):
    """Fits built on first use (a run of one design fits only what it needs)."""

    def __init__(self, builders):
        super().__init__()
        self._builders = builders

    def __missing__(self, name):
        if name not in self._builders:
            raise KeyError(name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self[name] = self._builders[name]()
        return self[name]


def fits(version="after"):
    """The notebooks' fits on the bundled case (notebooks 02, 03, 04, 05 and 10), built
    on first use; ``after`` the repairs of issue 18 the notebooks pick the VAR's lags by
    BIC over 1..7 (AIC over 1..14 before) and scale the change-point penalty by 4
    (calibrated against a self-exciting null)."""
    import inspect
    after = version == "after"
    var_lags = dict(lags="bic", maxlags=7) if after else dict(lags="aic", maxlags=14)
    has_scale = "penalty_scale" in inspect.signature(detect_phases).parameters
    scale = {"penalty_scale": 4.0} if after and has_scale else {}
    wc = window_counts()
    days = wc[("all", "all")]
    lo, hi = WINDOWS["all"]
    dyad = dyad_incidents()
    clocks = dict(horizon=30, start=lo, end=hi)
    c0, c1 = WINDOWS["campaign"]

    def ev():
        return to_events(window(dyad, "all"), origin=lo, end=hi, columns=SIDES)

    def mbic():
        return detect_phases(days, family="negbin", penalty="mbic", min_size=14)

    B = {
        "nb_militia": lambda: CountModel(days, "militia", lags=7, family="negbin",
                                         phases=PHASE_STARTS).fit(),
        "pml_us": lambda: CountModel(days, "us", lags=[(1, 3), (4, 7)], family="poisson",
                                     phases=PHASE_STARTS).fit(),
        # notebook 02's other equations: NB US, Poisson PML militia, hurdle
        "nb_us": lambda: CountModel(days, "us", lags=7, family="negbin",
                                    phases=PHASE_STARTS).fit(),
        "pml_militia": lambda: CountModel(days, "militia", lags=[(1, 3), (4, 7)],
                                          family="poisson", phases=PHASE_STARTS).fit(),
        "hurdle_us": lambda: CountModel(days, "us", lags=[(1, 7)], family="hurdle",
                                        phases=PHASE_STARTS).fit(),
        "hurdle_militia": lambda: CountModel(days, "militia", lags=[(1, 7)],
                                             family="hurdle", phases=PHASE_STARTS).fit(),
        "var": lambda: VARModel(days, phases=PHASE_STARTS, **var_lags).fit(),
        "ch": lambda: CountHawkes(days, max_lag=14, phases=PHASE_STARTS).fit(),
        "hawkes": lambda: Hawkes(ev(), phases=PHASE_STARTS).fit(),
        # notebook 04 pools 40 jittered copies
        "hawkes_jitter": lambda: Hawkes(ev(), phases=PHASE_STARTS).fit_jitter(
            40, rng=4041, progress=False),
        "phases": lambda: detect_phases(days, family="negbin", penalty="mbic", min_size=14,
                                        **scale),
        # notebook 05's deterrence fits: pooled, within its MBIC phases, campaign only
        "det_pooled": lambda: deterrence(dyad, "militia", "us", **clocks),
        "det_phases": lambda: deterrence(dyad, "militia", "us", phases=mbic().phases,
                                         **clocks),
        "det_campaign": lambda: deterrence(window(dyad, "campaign"), "militia", "us",
                                           horizon=30, start=c0, end=c1),
        # notebook 10's primary deterrence design: attack days answered by a US strike
        # within 1 day vs unanswered, phases at 7 Oct 2023 (fixed before the treatment)
        "det_answered": lambda: deterrence(dyad, "militia", "us",
                                           design="answered_vs_unanswered",
                                           answer_within=1, phases=EVENT_STUDY["phases"],
                                           start=lo, end=hi),
        # notebook 04's daily count model of the campaign (max lag 14, no phases)
        "ch_campaign": lambda: CountHawkes(wc[("all", "campaign")], max_lag=14).fit(),
    }
    # notebook 04's other jitter ensembles (40 copies; phases in the whole record only)
    for w, conf in (("campaign", False), ("all", True), ("campaign", True)):
        key = f"hawkes_jitter_{w}_{'confirmed' if conf else 'all'}"
        B[key] = (lambda w=w, conf=conf: Hawkes(to_events(
            window(dyad_incidents(confirmed_only=conf), w), origin=WINDOWS[w][0],
            end=WINDOWS[w][1], columns=SIDES), phases=PHASE_STARTS if w == "all" else None)
            .fit_jitter(40, rng=4041, progress=False))
    if has_scale:    # notebook 05's calibrated segmentation (MBIC x 2)
        B["phases_x2"] = lambda: detect_phases(days, family="negbin", penalty="mbic",
                                               min_size=14, penalty_scale=2.0)
    # notebooks 02 and 03's window fits, of all incidents and of confirmed ones
    for conf in (False, True):
        B.update(window_builders(wc, conf))
    # notebook 09 (the Red Sea case): its self-exciting count model (houthi, us_uk; max
    # lag 14; its phases) and its deterrence fit (claim-only rows left out)
    B["rs_ch"] = lambda: CountHawkes(_red_sea()[0][RED_SEA["sides"]], max_lag=14,
                                     phases=RED_SEA["phases"]).fit(n_starts=1)
    B["det_redsea"] = lambda: deterrence(_red_sea()[1], "houthi", "us_uk", horizon=30,
                                         start=RED_SEA["start"], end=RED_SEA["end"])
    # notebook 11's signed-kernel count model with casualty marks (7 Oct phase only)
    B["signed"] = lambda: SignedFit(_signed_fit())
    # the wrappers measuring what the notebooks report of some fits
    B.update({f"{k}_hurdle": (lambda k=k: HurdleFit(_fits[k])) for k in
              ("hurdle_us", "hurdle_militia")})
    B["event_study"] = lambda: EventStudyFit(_fits["ch"])
    # notebook 10's sensitivity specifications: attack days with other phase sets
    B.update({f"event_study_{k}": (lambda p=p: EventStudyFit(_fits["ch"], phases=p))
              for k, p in EVENT_STUDY_PHASES.items()})
    B["event_study_casualty"] = lambda: EventStudyFit(_fits["ch"],
                                                      casualty_share=_casualty_share())
    B["pml_us_boot"] = lambda: CountBootFit(_fits["pml_us"])
    B["phase_dates"] = lambda: PhaseDatesFit(_fits["ch"], [
        "bootstrap count_hawkes basic", "bootstrap count_hawkes percentile",
        "Bayes credible"])
    B["var_boot"] = lambda: VarBootFit(_fits["var"], 14)
    B.update({f"var7_{w}{_sfx(c)}_boot": (lambda k=f"var7_{w}{_sfx(c)}": VarBootFit(
        _fits[k], 7)) for w in WINDOWS for c in (False, True)})
    B["phase_dates_iid"] = lambda: PhaseDatesFit(_fits["ch"], [
        "bootstrap phases percentile", "bootstrap phases basic"])
    # notebooks 05, 09 and 10: response lags and matched lifts, simulated from the
    # CountHawkes fits as cluster processes (every event with its parent) with the
    # data's share of stated triggers
    B["lags_ch"] = lambda: LagFit(_fits["ch"], "iraq_syria")
    B["lags_rs"] = lambda: LagFit(_fits["rs_ch"], "red_sea")
    B["lags_ch_block14"] = lambda: LagFit(_fits["ch"], "iraq_syria", block_length=14)
    B["lags_rs_block14"] = lambda: LagFit(_fits["rs_ch"], "red_sea", block_length=14)
    # the matched baseline and lift resampled by blocks of calendar days (trigger and
    # control days together) instead of trigger days with fixed control shares
    B.update({f"lags_ch_days{L}": (lambda L=L: LagFit(_fits["ch"], "iraq_syria",
                                                       matched_bootstrap="days",
                                                       day_block_length=L))
              for L in MATCHED_DAY_BLOCKS})
    B["gof_ch"] = lambda: GofFit(_fits["ch"])
    B["gof_signed"] = lambda: GofFit(_fits["signed"]._results, signed=True)
    # notebook 11's randomised-PIT gate (issue 18): its size, and its power against a
    # Poisson refit of NB data
    B["gof_pit_ch"] = lambda: GofFit(_fits["ch"], gate="pit")
    B["gof_pit_ch_poisson"] = lambda: GofFit(_fits["ch"], gate="pit", misspecified="poisson")
    B["gof_pit_signed"] = lambda: GofFit(_fits["signed"]._results, signed=True, gate="pit")
    # notebook 10's event study with both cross-effects of the CountHawkes fit set to
    # zero: the lead's truth is 0 too (no US effect on militia attacks to precede them)
    B["event_study_nocross"] = lambda: EventStudyFit(_fits["ch"], both_null=True)
    B.update({f"event_study_nocross_{k}": (lambda p=p: EventStudyFit(_fits["ch"], phases=p,
                                                                     both_null=True))
              for k, p in EVENT_STUDY_PHASES.items()})
    B["event_study_nocross_casualty"] = lambda: EventStudyFit(
        _fits["ch"], casualty_share=_casualty_share(), both_null=True)
    # notebook 11's skill and predictive-Granger intervals
    B["forecast"] = lambda: ForecastFit(_fits["ch"])
    # notebook 11's thinning scenarios (the reporting process simulated too)
    B["thinning"] = lambda: ThinningFit(_fits["ch"])
    _fits = _Fits(B)
    return _fits


def _sfx(confirmed):
    """Suffix of the fits and designs of the confirmed-incident windows."""
    return "_confirmed" if confirmed else ""


#: window fits the notebooks cannot estimate (no row to measure): (fit kind, response,
#: window, confirmed); notebook 02's NB of US strikes in the campaign's confirmed
#: incidents is separated (no US strike where its lags 4-7 are positive)
NOT_ESTIMABLE = {("cw", "us", "campaign", True)}


def window_builders(wc, confirmed=False):
    """The window fits of notebooks 02 and 03 for one source of incidents (all, or the
    confirmed ones only: ``confirmed``), as builders of :func:`fits`: notebook 03's
    self-exciting count model (count_hawkes_by_window: the whole record with max lag 14
    and the phases, the windows with max lag 7 and none; the whole record of all
    incidents is the main fit ``ch``), notebook 02's NB fits (count_model_by_window:
    lags 1-3 and 4-7 summed, phases in the whole-record fit only, both directions) and
    notebook 03's VARs (var_by_window: 7 lags, phases in the whole record only)."""
    src, sfx = ("confirmed" if confirmed else "all"), _sfx(confirmed)
    B = {}
    if confirmed:
        B["ch_confirmed"] = lambda: CountHawkes(wc[(src, "all")], max_lag=14,
                                                phases=PHASE_STARTS).fit()
    for w in WINDOWS:
        if w != "all":
            B[CH_OF_WINDOW[w] + sfx] = (lambda w=w: CountHawkes(wc[(src, w)],
                                                                max_lag=7).fit())
        for resp in SIDES:
            if ("cw", resp, w, confirmed) not in NOT_ESTIMABLE:
                B[f"cw_{resp}_{w}{sfx}"] = (lambda w=w, resp=resp: CountWindowFit(
                    CountModel(wc[(src, w)], resp, lags=[(1, 3), (4, 7)], family="negbin",
                               phases=PHASE_STARTS if w == "all" else None).fit()))
        B[f"var7_{w}{sfx}"] = (lambda w=w: VARModel(wc[(src, w)], lags=7, phases=(
            PHASE_STARTS if w == "all" else None)).fit())
    return B


def window_designs(confirmed=False):
    """The designs of the window fits of one source (:func:`window_builders`):
    notebook 03's CountHawkes windows simulated from their fits (Hessian/profile
    intervals; the whole record of all incidents is design ``ch_fit``), its window VARs'
    Granger tests in series of the window's CountHawkes fit without the cross-effect
    tested, and the VARs' total responses by the nested bootstrap; notebook 02's window
    NB fits simulated without the cross-effect (score-bootstrap Granger test and the
    7-day HAC interval at the true response 0)."""
    sfx = _sfx(confirmed)
    ch = [CH_OF_WINDOW[w] + sfx for w in WINDOWS if confirmed or w != "all"]
    return {
        "ch": {f"{k}_fit": (k, "fit", {}) for k in ch},
        "var7": {f"var7_{w}{sfx}_ch_null_{t}": (
            f"var7_{w}{sfx}", f"null {t}<-{o} (CountHawkes of the window)",
            {"null": (t, o), "simulator": CH_OF_WINDOW[w] + sfx})
            for w in WINDOWS for t, o in (("us", "militia"), ("militia", "us"))},
        "cw": {f"cw_{r}_{w}{sfx}_null": (f"cw_{r}_{w}{sfx}", f"null {r}<-{o}", {"null": (r, o)})
               for w in WINDOWS for r, o in (("us", "militia"), ("militia", "us"))
               if ("cw", r, w, confirmed) not in NOT_ESTIMABLE},
        "var7_boot": {f"var7_{w}{sfx}_boot_fit": (f"var7_{w}{sfx}_boot",
                                                  "fit (with bootstrap)", {})
                      for w in WINDOWS}}


#: block lengths (calendar days) of the response lags' matched bootstrap by days
#: (``response_lags(matched_bootstrap="days")``) measured by designs lags_ch_days<L>_fit
MATCHED_DAY_BLOCKS = (14,)


#: notebook 10's other phase sets of the attack-day event study (its PHASE_SETS)
EVENT_STUDY_PHASES = {"kh": ["2023-10-07", "2024-01-30"], "case": list(PHASE_STARTS),
                      "none": []}

#: the CountHawkes fit simulating each window's counts (the whole record: notebook 03's
#: main fit; the windows: count_hawkes_by_window's, max lag 7, no phases)
CH_OF_WINDOW = {"all": "ch", "before_campaign": "ch_before_campaign",
                "campaign": "ch_campaign7", "after_campaign": "ch_after_campaign"}

#: name -> (fitted model, design label, calibrate keywords (simulator as a fit name)),
#: in the order they run (the headline tests first).
DESIGNS = {
    "var_ch_null": ("var", "null militia<-us (CountHawkes)",
                    {"null": ("militia", "us"), "simulator": "ch"}),
    "ch_null": ("ch", "null militia<-us", {"null": ("militia", "us"), "what": "tests"}),
    "ch_fit": ("ch", "fit", {}),
    "nb_ch_null": ("nb_militia", "null militia<-us (CountHawkes)",
                   {"null": ("militia", "us"), "simulator": "ch"}),
    "pml_null": ("pml_us", "null us<-militia", {"null": ("us", "militia")}),
    "pml_fit": ("pml_us", "fit", {}),
    "nb_fit": ("nb_militia", "fit", {}),
    "var_fit": ("var", "fit", {}),
    "hawkes_fit": ("hawkes", "fit", {}),
    # the Wald, log-Wald and re-rounded parametric bootstrap (99 refits per replicate)
    # intervals of one fit: the interval type notebook 04 reports
    "hawkes_boot": ("hawkes", "fit (with bootstrap)", {"n_boot": 99}),
    # Rubin's rules over 40 jittered copies, linear and log scale; and the re-rounded
    # parametric bootstrap pooled over the copies, the intervals notebook 04 reports
    "hawkes_jitter": ("hawkes_jitter", "fit", {}),
    "hawkes_jitter_boot": ("hawkes_jitter", "fit (with bootstrap)", {"n_boot": 99}),
    "phases_ch": ("phases", "CountHawkes with 3 phases (2 changes)", {"simulator": "ch"}),
    "phases_fit": ("phases", "fit", {}),
    # deterrence (notebook 05): the Wald test of HR = 1 in data without a US effect on
    # militia attacks (cluster-robust before; 30-day block bootstrap of the clocks after)
    "det_pooled_null": ("det_pooled", "null militia<-us (CountHawkes)",
                        {"null": ("militia", "us"), "simulator": "ch", "n_boot": 50}),
    "det_phases_null": ("det_phases", "null militia<-us (CountHawkes)",
                        {"null": ("militia", "us"), "simulator": "ch"}),
    "det_campaign_null": ("det_campaign", "null militia<-us (CountHawkes)",
                          {"null": ("militia", "us"), "simulator": "ch"}),
    "phases_ch_x2": ("phases_x2", "CountHawkes with 3 phases (2 changes)",
                     {"simulator": "ch"}),
    # issue 18, second pass (calib4): the other equations of notebook 02
    "nb_us_ch_null": ("nb_us", "null us<-militia (CountHawkes)",
                      {"null": ("us", "militia"), "simulator": "ch"}),
    "pml_militia_ch_null": ("pml_militia", "null militia<-us (CountHawkes)",
                            {"null": ("militia", "us"), "simulator": "ch"}),
    "pml_militia_fit": ("pml_militia", "fit", {}),
    "hurdle_us_null": ("hurdle_us_hurdle", "null us<-militia", {"null": ("us", "militia")}),
    "hurdle_militia_null": ("hurdle_militia_hurdle", "null militia<-us",
                            {"null": ("militia", "us")}),
    "hurdle_us_fit": ("hurdle_us_hurdle", "fit", {}),
    "hurdle_militia_fit": ("hurdle_militia_hurdle", "fit", {}),
    # notebook 10: the event study (US strike days after militia attack days) in
    # CountHawkes data without a militia effect on US strikes
    # notebook 02's moving-block bootstrap interval of the PML 7-day response, with 99
    # refits inside every replicate (the notebook: 299); about 20 s a replicate on a
    # shared core (the NB militia one: about 5 min, not a design)
    "pml_boot_fit": ("pml_us_boot", "fit (with bootstrap)", {}),
    "event_study_null": ("event_study", "null us<-militia (CountHawkes)",
                         {"null": ("us", "militia")}),
    # issue 18, third pass (calib5): the VAR's Granger tests militia -> US (a primary
    # hypothesis of notebook 03) and its instantaneous-causality test in CountHawkes
    # series without a militia effect on US strikes (and, by construction of the
    # CountHawkes simulator, without any same-day dependence between the sides)
    "var_ch_null_us": ("var", "null us<-militia (CountHawkes)",
                       {"null": ("us", "militia"), "simulator": "ch"}),
    # notebook 10's primary deterrence design (answered vs unanswered attack days)
    "det_answered_null": ("det_answered", "null militia<-us (CountHawkes)",
                          {"null": ("militia", "us"), "simulator": "ch"}),
    # the daily self-exciting count model of the campaign (notebook 04) and of the
    # windows of notebook 03, each simulated from its own fit
    "ch_campaign_fit": ("ch_campaign", "fit", {}),
    **window_designs()["ch"],
    # notebook 03's window VARs: their Granger tests (the notebook reports the wild
    # bootstrap) in series of the window's own CountHawkes fit (max lag 7; the whole
    # record: the fit "ch") without the cross-effect tested
    **window_designs()["var7"],
    # notebook 11: the signed-kernel model's Wald intervals, simulated from its fit
    "signed_fit": ("signed", "fit", {}),
    # notebook 09: the Red Sea deterrence test (Cox, HR = 1, cluster-robust) in daily
    # counts simulated by the Red Sea CountHawkes fit without a US/UK effect on Houthi
    # attacks (its estimate is already at 0)
    "det_redsea_null": ("det_redsea", "null houthi<-us_uk (CountHawkes, Red Sea)",
                        {"null": ("houthi", "us_uk"), "simulator": "rs_ch"}),
    # notebook 02's window fits (all incidents), simulated from the window fit without
    # the cross-effect: the size of the score-bootstrap Granger test and the coverage
    # of the 7-day HAC interval at the true response 0 (one design for both)
    **window_designs()["cw"],
    # issue 18 (calib6): notebook 05's change dates (NB-PELT, MBIC x 2) and their
    # intervals, in CountHawkes series whose background changes on the two campaign
    # days; 99 bootstrap refits per replicate
    "phases_dates": ("phase_dates", "CountHawkes with 3 phases (2 changes)", {}),
    "phases_dates_iid": ("phase_dates_iid", "CountHawkes with 3 phases (2 changes)", {}),
    # issue 18 (calib8): the bootstrap intervals the notebooks report, by the warp-speed
    # Monte Carlo (Giacomini, Politis & White 2013): one bootstrap resample per
    # replicate, the deviations pooled across replicates (calibrate(nested=...))
    "var_warp": ("var", "fit (warp-speed bootstrap)",
                 {"nested": "warp_speed", "nested_options": {"horizon": 14,
                                                             "block_length": 14}}),
    "ch_warp": ("ch", "fit (warp-speed bootstrap)", {"nested": "warp_speed"}),
    "hawkes_jitter_warp": ("hawkes_jitter", "fit (warp-speed bootstrap)",
                           {"nested": "warp_speed"}),
    "hawkes_warp": ("hawkes", "fit (warp-speed bootstrap)", {"nested": "warp_speed"}),
    "pml_us_warp": ("pml_us", "fit (warp-speed bootstrap)", {"nested": "warp_speed"}),
    "nb_militia_warp": ("nb_militia", "fit (warp-speed bootstrap)",
                        {"nested": "warp_speed"}),
    "pml_militia_warp": ("pml_militia", "fit (warp-speed bootstrap)",
                         {"nested": "warp_speed"}),
    **{f"hawkes_jitter_{w}_{c}_warp": (f"hawkes_jitter_{w}_{c}", "fit (warp-speed bootstrap)",
                                       {"nested": "warp_speed"})
       for w, c in (("campaign", "all"), ("all", "confirmed"), ("campaign", "confirmed"))},
    # the same VAR intervals by the full nested Monte Carlo (199 draws per replicate;
    # cheap for a VAR), and those of notebook 03's window VARs (var_by_window: 7 lags,
    # generalised responses, blocks of 7 days)
    "var_boot_fit": ("var_boot", "fit (with bootstrap)", {}),
    **window_designs()["var7_boot"],
    # issue 18 (calib9): the response lags of notebooks 05 and 10 (median lag, within-k
    # probabilities, matched lifts) and 09 (Red Sea median lags), in records of the
    # CountHawkes fit simulated as a cluster process with stated triggers
    "lags_ch_fit": ("lags_ch", "fit (cluster process, stated triggers)", {}),
    "lags_rs_fit": ("lags_rs", "fit (cluster process, stated triggers, Red Sea)", {}),
    # notebook 11's goodness-of-fit gates: their size in data simulated from the fit
    # (the additive CountHawkes of notebook 03 and the signed-kernel model)
    "gof_ch_fit": ("gof_ch", "fit", {}),
    # the response lags with blocks of 14 days / responding events (the notebooks: 3)
    "lags_ch_block14_fit": ("lags_ch_block14", "fit (cluster process, stated triggers)",
                            {}),
    "lags_rs_block14_fit": ("lags_rs_block14", "fit (cluster process, stated triggers, "
                            "Red Sea)", {}),
    # notebook 10's event study of attack days with its other phase sets
    **{f"event_study_{k}_null": (f"event_study_{k}", "null us<-militia (CountHawkes)",
                                 {"null": ("us", "militia")}) for k in EVENT_STUDY_PHASES},
    # notebook 10's casualty-producing attack days: each simulated attack marked with the
    # data's share of casualty-producing attacks (no effect of marks under the null)
    "event_study_casualty_null": ("event_study_casualty", "null us<-militia (CountHawkes)",
                                  {"null": ("us", "militia")}),
    "gof_signed_fit": ("gof_signed", "fit", {}),
    # issue 18 (calib11): notebooks 05 and 10's matched baselines and lifts with the
    # bootstrap that resamples control days too (blocks of calendar days)
    **{f"lags_ch_days{L}_fit": (f"lags_ch_days{L}", "fit (cluster process, stated "
                                "triggers)", {}) for L in MATCHED_DAY_BLOCKS},
    # issue 18 (calib11): the same window designs for notebooks 02 and 03's fits of
    # confirmed incidents only (the cheap ones first)
    **{k: v for part in ("cw", "var7", "ch", "var7_boot")
       for k, v in window_designs(confirmed=True)[part].items()},
    # issue 18, calib12: notebook 11's randomised-PIT gate (size; power against a
    # Poisson refit) and notebook 10's event study under no cross-effects at all
    "gof_pit_ch_fit": ("gof_pit_ch", "fit", {}),
    "gof_pit_ch_poisson": ("gof_pit_ch_poisson", "fit, refitted as Poisson (power)", {}),
    "gof_pit_signed_fit": ("gof_pit_signed", "fit", {}),
    "event_study_nocross_null": ("event_study_nocross", "null us<-militia and militia<-us "
                                 "(CountHawkes)", {"null": ("us", "militia")}),
    **{f"event_study_nocross_{k}_null": (f"event_study_nocross_{k}", "null us<-militia and "
                                         "militia<-us (CountHawkes)",
                                         {"null": ("us", "militia")})
       for k in [*EVENT_STUDY_PHASES, "casualty"]},
    "forecast_ch_fit": ("forecast", "fit (CountHawkes)", {}),
    "thinning_ch_fit": ("thinning", "fit (CountHawkes), binomially thinned", {}),
}
LABEL = {"nb_militia": "NB, militia, lags 1-7", "pml_us": "Poisson PML, US, lags 1-3, 4-7",
         "nb_us": "NB, US, lags 1-7", "pml_militia": "Poisson PML, militia, lags 1-3, 4-7",
         "pml_us_boot": "Poisson PML, US, lags 1-3, 4-7 (moving-block bootstrap)",
         "event_study": "Event study (notebook 10), US strike days after militia "
                        "attack days, phases at 7 Oct 2023, 199 bootstrap/placebo draws",
         "hurdle_us": "Hurdle (logit + truncated NB), US, lags 1-7 summed",
         "hurdle_militia": "Hurdle (logit + truncated NB), militia, lags 1-7 summed",
         "var": "VAR (AIC over 1-14 lags before, BIC over 1-7 after)", "ch": "CountHawkes",
         "hawkes": "Hawkes (one fit)",
         "hawkes_jitter": "Hawkes (40 jittered copies, Rubin's rules)",
         "phases": "NB-PELT change points (mBIC, x4 after; min 14 days)",
         "phases_x2": "NB-PELT change points (mBIC x 2, notebook 05; min 14 days)",
         "det_pooled": "Deterrence Cox, pooled (horizon 30)",
         "det_phases": "Deterrence Cox, within MBIC phases (horizon 30)",
         "det_campaign": "Deterrence Cox, campaign only (horizon 30)",
         "det_answered": "Deterrence Cox, answered (US strike within 1 day) vs unanswered "
                         "attack days, phases at 7 Oct 2023 (notebook 10)",
         "ch_campaign": "CountHawkes, campaign window (max lag 14, no phases; notebook 04)",
         "ch_before_campaign": "CountHawkes, window before the campaign (max lag 7, no "
                               "phases; notebook 03)",
         "ch_campaign7": "CountHawkes, campaign window (max lag 7, no phases; notebook 03)",
         "ch_after_campaign": "CountHawkes, window after the campaign (max lag 7, no "
                              "phases; notebook 03)",
         "phase_dates": "NB-PELT change dates (mBIC x 2, notebook 05; min 14 days), "
                        "interval methods",
         "phase_dates_iid": "NB-PELT change dates (mBIC x 2, notebook 05; min 14 days), "
                            "bootstrap from independent phase counts"}
LABEL.update({f"{k}_hurdle": LABEL[k] for k in ("hurdle_us", "hurdle_militia")})
LABEL.update({f"var7_{w}": f"VAR(7), window {w} (notebook 03's var_by_window)"
              for w in WINDOWS})
LABEL["var_boot"] = LABEL["var"] + ", moving-block bootstrap (199 draws per replicate)"
LABEL.update({f"var7_{w}_boot": f"VAR(7), window {w}, moving-block bootstrap (199 draws "
              "per replicate)" for w in WINDOWS})
LABEL["signed"] = ("SignedCountHawkes (notebook 11: casualty marks of militia attacks, "
                   "max lag 14, campaign phase)")
LABEL.update({"det_redsea": "Deterrence Cox, Red Sea (houthi after us_uk strikes, horizon "
                            "30; notebook 09)",
              "rs_ch": "CountHawkes, Red Sea (max lag 14, phases 19 Jan, 15 Mar 2025)"})
LABEL.update({"lags_ch_block14": "Response lags (notebooks 05 and 10), blocks of 14 "
                                 "instead of 3",
              "lags_rs_block14": "Response lags (notebook 09), moving blocks of 14 instead "
                                 "of the iid bootstrap",
              "event_study_casualty": LABEL["event_study"].replace(
                  "militia attack days", "casualty-producing attack days (marks drawn with "
                  "the data's share)"),
              **{f"event_study_{k}": LABEL["event_study"].replace(
                  "phases at 7 Oct 2023", f"phases {p or 'none'}")
                 for k, p in EVENT_STUDY_PHASES.items()}})
LABEL.update({f"lags_ch_days{L}": f"Response lags (notebooks 05 and 10), matched baseline "
              f"and lift resampled by blocks of {L} calendar days (trigger and control "
              "days together)" for L in MATCHED_DAY_BLOCKS})
LABEL.update({"gof_ch": "Goodness-of-fit gate of the CountHawkes fit (notebooks 03, 11)",
              "gof_signed": "Goodness-of-fit gate of the SignedCountHawkes fit (notebook "
                            "11)",
              "gof_pit_ch": "Randomised-PIT gate of the CountHawkes fit (notebook 11)",
              "gof_pit_ch_poisson": "Randomised-PIT gate of the CountHawkes fit refitted "
                                    "as Poisson (notebook 11; power)",
              "gof_pit_signed": "Randomised-PIT gate of the SignedCountHawkes fit "
                                "(notebook 11)",
              "event_study_nocross": LABEL["event_study"] + " (no cross-effects)",
              **{f"event_study_nocross_{k}": LABEL[f"event_study_{k}"] + " (no "
                 "cross-effects)" for k in [*EVENT_STUDY_PHASES, "casualty"]},
              "forecast": "Rolling one-step-ahead forecasts (notebook 11): NB, "
                          "self-exciting, own-history versions, climatology; "
                          "parameters fitted once on the days before 2022-07-01, 199 "
                          "month-block bootstrap draws",
              "thinning": "NB, US on militia attack-day indicators (lag 1, 2-7), the "
                          "case's phases, on thinned counts (notebook 11's scenarios)"})
LABEL.update({"lags_ch": "Response lags (notebooks 05 and 10): us after militia and "
                         "militia after us, 7 Oct phases, blocks of 3 days",
              "lags_rs": "Response lags (notebook 09): us_uk after houthi and houthi "
                         "after us_uk, iid bootstrap"})
LABEL.update({f"cw_{r}_{w}": f"NB, {r}, lags 1-3, 4-7 summed, window {w} (notebook 02)"
              for w in WINDOWS for r in SIDES})
#: the confirmed-incident window fits: their label, of confirmed incidents only
_CONF = ", confirmed incidents only"
LABEL.update({f"{k}_confirmed": LABEL[k] + _CONF
              for k in [f"cw_{r}_{w}" for w in WINDOWS for r in SIDES]
              + [f"var7_{w}" for w in WINDOWS] + [CH_OF_WINDOW[w] for w in WINDOWS
                                                  if w != "all"]})
LABEL.update({f"var7_{w}_confirmed_boot": LABEL[f"var7_{w}_boot"] + _CONF for w in WINDOWS})
LABEL["ch_confirmed"] = "CountHawkes (max lag 14, phases)" + _CONF
LABEL.update({f"hawkes_jitter_{w}_{c}": f"Hawkes, {w} / {c} (40 jittered copies; notebook 04)"
              for w, c in (("campaign", "all"), ("all", "confirmed"),
                           ("campaign", "confirmed"))})


class HurdleFit:
    """A hurdle CountResults fit as calibrate() sees it: the counts design (simulation
    and refit unchanged) measuring what notebook 02 reports of a hurdle model: the HAC
    Wald test of each part (incidence, number) and of both (``mean``), and the 95% HAC
    intervals of the 7-day response by part (``response_table``). The package's counts
    design also asks for the score bootstrap, which the hurdle family does not have."""

    def __init__(self, results):
        self._results = results

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity, counts_design
        base = counts_design(self._results, null)
        m = self._results.model
        theta = np.array([q.truth for q in base.quantities if q.name.startswith("coef[")])
        src = [s for s in m.sides if s != m.response][0]
        is_null = bool(null is not None and tuple(null) == (m.response, src))
        parts = ("incidence", "number", "mean")
        qs = [Quantity(f"wald[{m.response}<-{src}] {p}", "test", null=is_null) for p in parts]
        qs += [Quantity(f"response_{m.lags}d[{m.response}<-{src}] {p}", "interval",
                        truth=float(np.sum(self._results._response_vector(
                            theta, src, m.lags, p)))) for p in parts]
        base.quantities = qs
        base.measure = partial(_measure_hurdle, self._results, src, qs)
        return base


def _measure_hurdle(results, src, qs, data, alpha, rng, tests_only=False):
    from analysis.models.calibration.designs import _refit_counts
    res = _refit_counts(results, data)
    tab = res.response_table(src, results.model.lags, alpha=alpha)
    out = {}
    for q in qs:
        part = q.name.rsplit(" ", 1)[1]
        if q.kind == "test":
            out[q.name] = {"reject": bool(tab.loc[part, "wald_p"] < alpha)}
        elif not tests_only:
            out[q.name] = {"lower": float(tab.loc[part, "lower"]),
                           "upper": float(tab.loc[part, "upper"]), "truth": q.truth}
    return out


#: notebook 10's event study: outcome US strike days, treatment militia attack days,
#: phases at 7 Oct 2023 (fixed before looking at the treatment); bootstrap and placebo
#: draws per replicate (the notebook: 999 each; 199 resolve a 5% decision to 1/200)
EVENT_STUDY = {"phases": ["2023-10-07"], "n_boot": 199, "n_placebo": 199}


class EventStudyFit:
    """Notebook 10's event study as calibrate() sees it: daily counts simulated by the
    CountHawkes fit with ``null`` (no effect of militia attacks on US strikes: the
    causal effect the event study estimates is 0), the event study refitted on each
    series. Measured: coverage of 0 by the 95% cluster-bootstrap intervals of ``post``,
    ``day+1`` and ``post - lead``, and the size of the placebo-date test. The event
    study's estimand (treated minus matched control days) is 0 here only if the
    matching removes the confounding by bursts: the coverage measures bias and
    interval together, which is what the reported interval claims."""

    def __init__(self, results, phases=None, casualty_share=None, both_null=False):
        # phases: a sensitivity specification's phase set (default the primary one);
        # casualty_share: treat casualty-producing attack days instead, each simulated
        # attack producing casualties with this probability (the data's share);
        # both_null: also set the US effect on militia attacks to zero (with null
        # us<-militia: no cross-effect at all, so the lead's truth is 0 as well)
        self._results = results
        self._phases = EVENT_STUDY["phases"] if phases is None else phases
        self._casualty = casualty_share
        self._both = both_null

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity
        base = self._results._calibration_design(null)
        is_null = null is not None and tuple(null) == ("us", "militia")
        if self._both:
            if not is_null:
                raise SpecificationError("both_null needs null=('us', 'militia')")
            from analysis.models.calibration.designs import _simulate_count_hawkes
            r = self._results
            m = r.model
            theta = r.theta.copy()
            a0 = m._layout()[0]["a"].start
            for t, src in (("us", "militia"), ("militia", "us")):
                theta[a0 + m.sides.index(t) * m.k + m.sides.index(src)] = 0.0
            base.simulate = partial(_simulate_count_hawkes, r, theta)
            base.facts.append(("Null", "no cross-effect: us<-militia and militia<-us "
                               "both set to zero"))
        qs = [Quantity("event_study post", "interval", truth=0.0),
              Quantity("event_study day+1", "interval", truth=0.0),
              Quantity("event_study post - lead", "interval", truth=0.0),
              Quantity("placebo-date test", "test", null=is_null),
              Quantity("lead (pre-trend) test", "test", null=self._both)]
        if self._both:
            qs.append(Quantity("event_study lead", "interval", truth=0.0))
        base.quantities = qs
        base.measure = partial(_measure_event_study, qs, phases=self._phases,
                               casualty_share=self._casualty)
        base.family = "event_study"
        return base


def _measure_event_study(qs, data, alpha, rng, tests_only=False, phases=None,
                         casualty_share=None):
    from analysis import EventStudy
    e = EVENT_STUDY
    phases = e["phases"] if phases is None else phases
    treat = "militia"
    if casualty_share is not None:
        hurt = rng.binomial(data["militia"].to_numpy(np.int64), casualty_share) > 0
        treat = pd.Series(hurt, index=data.index, name="casualty-producing attack")
    res = EventStudy(data, "us", treat, phases=phases, measure="incidence").fit(
        rng=int(rng.integers(2 ** 31)), n_boot=e["n_boot"], n_placebo=e["n_placebo"],
        alpha=alpha, progress=False)
    ci = res.conf_int()
    out = {"placebo-date test": {"reject": bool(res.placebo_test().pvalue < alpha)},
           "lead (pre-trend) test": {"reject": bool(res.pretrend_test().pvalue < alpha)}}
    for q, p in [("event_study post", "post"), ("event_study day+1", "day+1"),
                 ("event_study post - lead", "post_minus_pre"), ("event_study lead", "pre")]:
        if q not in {x.name for x in qs}:
            continue
        out[q] = {"lower": float(ci.loc[p, "lower"]), "upper": float(ci.loc[p, "upper"]),
                  "truth": 0.0}
    return out


#: inner moving-block bootstrap of notebook 02's 7-day responses inside each replicate
#: (the notebook: 299 refits; here fewer, to fit the machine time)
COUNT_BOOT = {"n_boot": 99, "block_length": 14}


class CountBootFit(HurdleFit):
    """A CountModel fit whose 7-day response interval is the moving-block bootstrap
    notebook 02 reports (``fit(cov_type="bootstrap")``, blocks of 14 days, percentile
    interval), measured with :data:`COUNT_BOOT` refits inside every replicate."""

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity, counts_design
        base = counts_design(self._results, null)
        m = self._results.model
        theta = np.array([q.truth for q in base.quantities if q.name.startswith("coef[")])
        src = [s for s in m.sides if s != m.response][0]
        name = f"response_{m.lags}d[{m.response}<-{src}] bootstrap ({COUNT_BOOT['n_boot']})"
        q = Quantity(name, "interval", truth=float(np.sum(
            self._results._response_vector(theta, src, m.lags, "mean"))))
        base.quantities = [q]
        base.measure = partial(_measure_count_boot, self._results, src, q)
        return base


def _measure_count_boot(results, src, q, data, alpha, rng, tests_only=False):
    from analysis.models.calibration.designs import _refit_counts
    res = _refit_counts(results, data)
    boot = res.model.fit(cov_type="bootstrap", rng=int(rng.integers(2 ** 31)), n_jobs=1,
                         progress=False, **COUNT_BOOT)
    cur = boot.response_curve(src, horizon=results.model.lags, alpha=alpha).iloc[-1]
    return {q.name: {"lower": float(cur["lower"]), "upper": float(cur["upper"]),
                     "truth": q.truth}}


#: the full nested VAR bootstrap: block-bootstrap draws per replicate (the notebook:
#: 1000; 199 resolve 2.5% quantiles), horizon and blocks as notebook 03
VAR_BOOT = {"n_boot": 199, "horizon": 14}


class VarBootFit(HurdleFit):
    """A VAR fit whose total responses (day 0 and days 1-14, each side first and
    generalised) carry notebook 03's residual-based moving-block bootstrap interval,
    measured with the full nested Monte Carlo: :data:`VAR_BOOT` draws inside every
    replicate (cheap for a VAR: one vectorised pass), percentile and basic. The
    warp-speed rows of design ``var_warp`` measure the same intervals with one draw."""

    def __init__(self, results, block_length):
        super().__init__(results)
        self.block_length = block_length

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity
        from analysis.models.calibration.warp import _var_name, _var_truth
        r = self._results
        base = r._calibration_design(null)
        H = VAR_BOOT["horizon"]
        truth = _var_truth(r, base, H)
        keys = list(truth)
        base.quantities = [Quantity(f"{_var_name(key, H)} bootstrap ({VAR_BOOT['n_boot']}) "
                                    f"{how}", "interval", truth=float(truth[key][0]))
                           for key in keys for how in ("percentile", "basic")]
        base.measure = partial(_measure_var_boot, r, keys, truth, self.block_length)
        return base


def _measure_var_boot(results, keys, truth, block_length, data, alpha, rng,
                      tests_only=False):
    from analysis.models.calibration.warp import _var_name, _var_refit_draws
    H, nb = VAR_BOOT["horizon"], VAR_BOOT["n_boot"]
    est, draws = _var_refit_draws(results, data, H, block_length, nb, rng)
    out = {}
    for key in keys:
        lo, hi = np.quantile(draws[key], [alpha / 2, 1 - alpha / 2])
        e, name = float(est[key][0]), f"{_var_name(key, H)} bootstrap ({nb})"
        t = float(truth[key][0])
        out[f"{name} percentile"] = {"lower": float(lo), "upper": float(hi), "truth": t}
        out[f"{name} basic"] = {"lower": 2 * e - float(hi), "upper": 2 * e - float(lo),
                                "truth": t}
    return out


#: a simulated signed-kernel series with more than this many times the observed events
#: has run away (explosive) and counts as a failed replicate
SIGNED_RUNAWAY = 10


class SignedFit:
    """Notebook 11's signed-kernel count model (:class:`analysis.SignedCountHawkes`,
    casualty marks of militia attacks) as calibrate() sees it: daily counts and marks
    simulated recursively from the fit (observed pre-sample and phases; each simulated
    event of a marked side marked with the observed share of marked events), refitted
    with the notebook's specification; measured: the 95% Wald intervals of every
    effect and mark effect (``effects_table``), which notebook 11 reports."""

    def __init__(self, results):
        self._results = results

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity, _Design
        if null is not None:
            raise SpecificationError("null= is not supported for the signed-kernel design")
        r = self._results
        names = [n for n in r.params.index if n.startswith(("effect[", "mark_effect["))]
        qs = [Quantity(n, "interval", truth=float(r.params[n])) for n in names]
        facts = [("Family", "signed_count_hawkes (Wald intervals)"),
                 ("Simulated", "the fit's recursion, marks drawn with the observed share")]
        return _Design("signed_count_hawkes", "counts", qs, partial(_simulate_signed, r),
                       partial(_measure_signed, r, qs), facts)


def _simulate_signed(r, rng):
    from analysis.models._count_hawkes_signed import _TR
    from analysis.models.count_hawkes import _kernel_weights
    m = r.model
    L = m.max_lag
    beta, c, d, phi, la = m._unpack(r.theta)
    w = _kernel_weights(m.kernel, phi, L)
    g = _TR[m.transform]
    Y = m.counts.to_numpy(float).copy()
    base = m._Z @ beta.T
    alpha = np.exp(la)
    M = None if m.marks is None else m.marks.to_numpy(float).copy()
    if M is not None:
        idx = [m.sides.index(s) for s in m.mark_sides]
        share = M[L:].sum(axis=0) / np.maximum(Y[L:, idx].sum(axis=0), 1.0)
    for t in range(L, len(Y)):
        eta = base[t - L] + c @ (w @ g(Y[t - L:t][::-1]))
        if M is not None:
            eta = eta + d @ (w @ M[t - L:t][::-1])
        lam = np.exp(np.minimum(eta, 10.0))
        y = (rng.poisson(lam) if m.family == "poisson"
             else rng.poisson(rng.gamma(1.0 / alpha, lam * alpha)))
        Y[t] = y
        if M is not None:
            M[t] = rng.binomial(y[idx].astype(np.int64), share)
    # the log-linear recursion is super-linear in a side's own counts (effects > 1 on
    # log(1 + y)): a path that runs away is not the data's regime (a failed replicate)
    if Y[L:].sum() > SIGNED_RUNAWAY * m.counts.to_numpy()[L:].sum():
        raise SpecificationError("a simulated series ran away (explosive)")
    counts = pd.DataFrame(Y.astype(np.int64), index=m.counts.index, columns=m.sides)
    marks = None if M is None else pd.DataFrame(M, index=m.counts.index,
                                                columns=m.mark_sides)
    return counts, marks


def _measure_signed(r, qs, data, alpha, rng, tests_only=False):
    from analysis import SignedCountHawkes
    m = r.model
    counts, marks = data
    res = SignedCountHawkes(counts, max_lag=m.max_lag, family=m.family, kernel=m.kernel,
                            transform=m.transform, marks=marks, phases=m.phases).fit()
    tab = res.effects_table(alpha)
    return {q.name: {"lower": float(tab.loc[q.name, "lower"]),
                     "upper": float(tab.loc[q.name, "upper"]), "truth": q.truth}
            for q in qs}


#: score bootstrap draws of the window fits' Granger tests per replicate (the
#: notebook: 999; 199 resolve a 5% decision to 1/200)
WINDOW_BOOT = 199


class CountWindowFit(HurdleFit):
    """A window fit of notebook 02's ``count_model_by_window`` (NB, lags 1-3 and 4-7
    summed) as calibrate() sees it: the counts design, measuring what the notebook
    reports of it: the wild-cluster score-bootstrap Granger test with the notebook's
    blocks (``max(1, min(2 L, nobs // 10))`` days) and Webb weights, and the 95% HAC
    interval of the 7-day response."""

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity, counts_design
        base = counts_design(self._results, null)
        m = self._results.model
        src = [s for s in m.sides if s != m.response][0]
        test = [q for q in base.quantities if q.name == f"granger[{m.response}<-{src}]"][0]
        qs = [Quantity(f"granger[{m.response}<-{src}] score bootstrap (notebook blocks)",
                       "test", null=test.null),
              Quantity(f"response_{m.lags}d[{m.response}<-{src}]", "interval")]
        theta = np.array([q.truth for q in base.quantities if q.name.startswith("coef[")])
        base.quantities = qs
        base.measure = partial(_measure_window, self._results, src, theta, qs)
        return base


def _measure_window(results, src, theta, qs, data, alpha, rng, tests_only=False):
    from analysis.models.calibration.designs import _refit_counts
    res = _refit_counts(results, data)
    bl = max(1, min(2 * res.model.lags, res.nobs // 10))
    p = res.granger(src, bootstrap="score", n_boot=WINDOW_BOOT, block_length=bl,
                    weights="webb", rng=rng).pvalue
    out = {qs[0].name: {"reject": bool(p < alpha)}}
    if not tests_only:
        cur = res.response_curve(src, horizon=res.model.lags, alpha=alpha).iloc[-1]
        true = float(np.sum(res._response_vector(theta, src, res.model.lags, "mean")))
        out[qs[1].name] = {"lower": float(cur["lower"]), "upper": float(cur["upper"]),
                           "truth": true}
    return out


#: notebook 05's calibrated segmentation (NB-PELT, MBIC x 2, minimum phase 14 days) and
#: the bootstrap refits per replicate of its change-date intervals (the notebook: 199)
PHASE_DATES = {"penalty_scale": 2.0, "min_size": 14, "n_boot": 99}


class PhaseDatesFit:
    """Notebook 05's change dates as calibrate() sees them: daily counts simulated by
    the CountHawkes fit with the two campaign changes (``PHASE_STARTS``: the background
    rates change on those days), segmented by NB-PELT with MBIC x 2; each true change
    is matched to the nearest change found (none found near it: the interval is
    undefined, counted in ``undefined``) and the coverage of the true day is measured
    for the interval methods in ``methods``: the parametric bootstrap of
    ``PhaseResults.changepoint_conf_int`` from the CountHawkes simulator (basic and
    percentile, the same refits), from independent phase counts (percentile), and the
    Bayesian Gamma-Poisson credible interval with the number of changes fixed."""

    def __init__(self, results, methods):
        self._results = results
        self.methods = tuple(methods)

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity
        base = self._results._calibration_design(null)
        index = self._results.model.counts.index
        truth = [int(index.get_loc(pd.Timestamp(d))) for d in PHASE_STARTS]
        qs = []
        for j, d in enumerate(PHASE_STARTS, start=1):
            qs += [Quantity(f"change {j} ({d}) date, {m}", "interval", truth=float(truth[j - 1]))
                   for m in self.methods]
            qs.append(Quantity(f"change {j} ({d}) not found", "share"))
        qs.append(Quantity("changes found (mean)", "mean", truth=float(len(truth))))
        base.quantities = qs
        base.measure = partial(_measure_phase_dates, qs, truth, self.methods)
        base.family = "phases"
        return base


def _measure_phase_dates(qs, truth, methods, data, alpha, rng, tests_only=False):
    from analysis.models.phases.intervals import (_bootstrap_matched, _interval_ends,
                                                  bayes_changepoint_intervals,
                                                  match_changes)
    e = PHASE_DATES
    ph = detect_phases(data, family="negbin", penalty="mbic", min_size=e["min_size"],
                       penalty_scale=e["penalty_scale"])
    tau = np.array(ph.breakpoints, dtype=float)
    ends = {}
    for sim in ("count_hawkes", "phases"):
        wanted = [m for m in methods if m.startswith(f"bootstrap {sim} ")]
        if wanted and len(tau):
            matched, _, _ = _bootstrap_matched(ph, e["n_boot"], rng, sim, 14, 1, False)
            for m in wanted:
                ends[m] = _interval_ends(matched, tau, alpha, m.rsplit(" ", 1)[1], ph.T)
    if "Bayes credible" in methods and len(tau):
        ends["Bayes credible"] = bayes_changepoint_intervals(ph, alpha)
    # each true change: the nearest change found (NaN where none is nearer to it)
    hit, _ = match_changes(tau, truth)
    out = {"changes found (mean)": {"value": float(len(tau))}}
    for j, (t, h) in enumerate(zip(truth, hit), start=1):
        d = PHASE_STARTS[j - 1]
        out[f"change {j} ({d}) not found"] = {"reject": bool(np.isnan(h))}
        k = int(np.flatnonzero(tau == h)[0]) if np.isfinite(h) else None
        for m in methods:
            lo, hi = (ends[m][k] if k is not None else (np.nan, np.nan))
            out[f"change {j} ({d}) date, {m}"] = {"lower": float(lo), "upper": float(hi),
                                                  "truth": float(t)}
    return out


class GofFit:
    """Notebook 11's goodness-of-fit gate as calibrate() sees it: data simulated from the
    fit itself (the gate's null: the model is right; ``signed``: the signed-kernel
    design's simulator, runaway paths failed), refitted with the same specification;
    measured: the rejection rate of each side's gate at 5% (its size). ``gate``:
    ``"logs"`` the in-sample calibration z-test of the log score (``gof(which="logs")``,
    before issue 18's repair), ``"pit"`` the randomised-PIT tests (``gof(which="pit")``,
    Berkowitz's joint LR, and ``"pit_dependence"``, its serial-dependence part, in the
    same replicates). ``misspecified="poisson"``: the refit is the same model with
    Poisson counts (no overdispersion), so the rejection rate is the gate's power
    against that misspecification."""

    def __init__(self, results, signed=False, gate="logs", misspecified=None):
        self._results, self._signed = results, signed
        self._gate, self._mis = gate, misspecified

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity
        if null is not None:
            raise SpecificationError("null= is not supported for the gate's design")
        r = self._results
        base = (SignedFit(r) if self._signed else r)._calibration_design(None)
        tests = GOF_GATE_TESTS[self._gate]
        qs = [Quantity(f"gof[{s}] {lab}", "test", null=self._mis is None)
              for s in r.model.sides for lab in tests.values()]
        base.quantities, base.family = qs, "gof_gate"
        base.measure = partial(_measure_gof, r, self._signed, self._gate, self._mis)
        if self._mis is not None:
            base.facts.append(("Refit", f"misspecified: family={self._mis!r}"))
        return base


#: the gates measured by GofFit: gof(which=...) -> quantity label
GOF_GATE_TESTS = {"logs": {"logs": "calibration test"},
                  "pit": {"pit": "PIT test (Berkowitz)",
                          "pit_dependence": "PIT serial-dependence test"}}


def _measure_gof(r, signed, gate, misspecified, data, alpha, rng, tests_only=False):
    m = r.model
    if signed:
        from analysis import SignedCountHawkes
        counts, marks = data
        res = SignedCountHawkes(counts, max_lag=m.max_lag, family=misspecified or m.family,
                                kernel=m.kernel, transform=m.transform, marks=marks,
                                phases=m.phases).fit()
    elif misspecified is not None:
        from analysis import CountHawkes
        if np.any(data.to_numpy()[m.max_lag:].sum(axis=0) == 0):
            raise SpecificationError("a side has no events in a simulated series")
        res = CountHawkes(data, max_lag=m.max_lag, family=misspecified, kernel=m.kernel,
                          phases=PHASE_STARTS).fit(n_starts=1)
    else:
        from analysis.models.calibration.designs import _refit_count_hawkes
        res = _refit_count_hawkes(r, data)
    out = {}
    for which, lab in GOF_GATE_TESTS[gate].items():
        seed = None if which == "logs" else int(rng.integers(2 ** 31))
        g = res.gof(which=which, alpha=alpha, rng=seed)
        out.update({f"gof[{s}] {lab}": {"reject": bool(g.loc[s, "pvalue"] < alpha)}
                    for s in g.index})
    return out


#: notebook 11's rolling one-step-ahead design (its forecasters, start, lag windows);
#: here parameters are fitted once, at the first forecast day (the notebook: every 182
#: days; ``refit_every``), and 199 month-block bootstrap draws (the notebook: 999)
FORECAST = {"start": "2022-07-01", "refit_every": 10_000, "n_boot": 199,
            "lags": [(1, 1), (2, 3), (4, 7)],
            "pairs": {"NB": "NB own history", "self-exciting": "self-exciting own history"}}


def _forecasters():
    from analysis import Forecaster
    # the notebook's VAR(7) is left out: its rounded Gaussian gives some simulated counts
    # probability 0 (2 of 3 trial replicates), so its log-score difference is undefined
    lags = FORECAST["lags"]
    return {"NB": Forecaster("negbin", options={"lags": lags}),
            "NB own history": Forecaster("negbin", "own", {"lags": lags}),
            "self-exciting": Forecaster("count_hawkes", options={"max_lag": 14}),
            "self-exciting own history": Forecaster("count_hawkes", "own", {"max_lag": 14})}


class _Wrapper:
    """A fit as calibrate() sees it, with a design of its own (attributes pass
    through to the results)."""

    def __init__(self, results):
        self._results = results

    def __getattr__(self, name):
        return getattr(self._results, name)


class ForecastFit(_Wrapper):
    """Notebook 11's forecast-skill intervals as calibrate() sees them: daily counts
    simulated by the CountHawkes fit (notebook 03's, with its phases), the notebook's
    rolling one-step-ahead forecasts (:data:`FORECAST`) and month-block bootstrap
    intervals of the summed log-score differences: skill against climatology of every
    model and predictive Granger (the model minus its own-history version). Truth: the
    expected score difference over the forecast days under the simulator, estimated by
    the mean of the replicates' point estimates (``truth_at_mean``: set after the run;
    itself a Monte-Carlo estimate, of heavy-tailed gains)."""

    truth_at_mean = True

    def _calibration_design(self, null):
        from functools import partial

        from analysis.models.calibration import Quantity
        base = self._results._calibration_design(null)
        sides = self._results.model.sides
        qs = [Quantity(f"skill_logs {m}[{s}]", "interval", truth=np.nan)
              for m in _forecasters() for s in sides]
        qs += [Quantity(f"predictive_granger_logs {m}[{s}]", "interval", truth=np.nan)
               for m in FORECAST["pairs"] for s in sides]
        base.quantities, base.family = qs, "forecast"
        base.measure = partial(_measure_forecast, qs)
        base.facts.append(("Forecasts", f"from {FORECAST['start']}, parameters fitted once "
                           f"(refit_every={FORECAST['refit_every']}), "
                           f"{FORECAST['n_boot']} month-block bootstrap draws"))
        return base


def _measure_forecast(qs, data, alpha, rng, tests_only=False):
    from analysis import one_step_ahead
    from analysis.exceptions import EstimationError
    fc = one_step_ahead(data, _forecasters(), start=FORECAST["start"],
                        refit_every=FORECAST["refit_every"], progress=False)
    seed = int(rng.integers(2 ** 31))
    out = {}
    for q in qs:
        kind, rest = q.name.split(" ", 1)
        model, side = rest[:-1].split("[")
        ref = FORECAST["pairs"][model] if kind == "predictive_granger_logs" else "climatology"
        try:
            t = fc.score_difference(model, ref, score="logs", n_boot=FORECAST["n_boot"],
                                    alpha=alpha, rng=seed).loc[side]
        except EstimationError:      # a zero predictive probability
            out[q.name] = {"lower": np.nan, "upper": np.nan, "truth": np.nan,
                           "estimate": np.nan}
            continue
        out[q.name] = {"lower": float(t["lower"]), "upper": float(t["upper"]),
                       "truth": np.nan, "estimate": float(t["difference"])}
    return out


def _truth_at_mean(cal):
    """Rows of a ``truth_at_mean`` design: coverage at the mean of the replicates' point
    estimates (the expected score difference), recomputed from the records."""
    from analysis.models.calibration import Quantity
    rec = cal.records
    for name, g in rec.groupby("quantity", sort=False):
        est = g["estimate"].to_numpy(float)
        truth = float(np.nanmean(est)) if np.isfinite(est).any() else np.nan
        vals = [{"lower": lo, "upper": hi, "truth": truth}
                for lo, hi in zip(g["lower"], g["upper"])]
        row = cal._row(Quantity(name, "interval", truth=truth), vals)
        for k, v in row.items():
            cal.table.loc[name, k] = v
        cal.table.loc[name, "nominal"] = row["nominal"]
    return cal


#: notebook 11's reporting scenarios: the US response to an attack day (NB, attack-day
#: indicators at lag 1 and 2-7, the case's phases) on thinned counts; truths from
#: ``n_truth`` simulated series stacked into one NB2 fit (the pseudo-true value)
THINNING = {"lags": [(1, 1), (2, 7)], "coef": "militia.L1", "n_truth": 100}


def thinning_shares():
    """Each side's share of incidents kept by each of notebook 11's thinning scenarios
    (``analysis.reporting_bias.thinning_scenarios`` of the dyad's incidents)."""
    from analysis.reporting_bias import thinning_scenarios
    inc = dyad_incidents()
    n = inc.groupby("side").size()
    return {k: {s: float((v["side"] == s).sum() / n[s]) for s in SIDES}
            for k, v in thinning_scenarios(inc).items()}


def _thin(counts, shares, rng):
    """Binomial thinning of each side's daily counts at its share (1: kept whole)."""
    out = counts.copy()
    for s, p in shares.items():
        if p < 1:
            out[s] = rng.binomial(counts[s].to_numpy(np.int64), p)
    return out


def _thin_model(counts):
    return CountModel(counts, "us", lags=THINNING["lags"], family="negbin",
                      lag_transform="indicator", phases=PHASE_STARTS)


class ThinningFit(_Wrapper):
    """Notebook 11's thinning scenarios as calibrate() sees them: the full daily series
    simulated by the CountHawkes fit, each scenario's reporting process simulated by
    binomial thinning of each side's counts at the scenario's share of the data's
    incidents (:func:`thinning_shares`; random thinning, whereas confirmation tracks
    casualties; every simulated date exact, so no imputation: Rubin's rules over
    identical copies give the plain Wald interval), refitted as the notebook does
    (:func:`_thin_model`). Truth of each scenario: the NB2 pseudo-true value of
    ``militia.L1`` under thinning, fitted on ``n_truth`` simulated thinned series
    stacked."""

    def _calibration_design(self, null):
        from functools import partial

        from statsmodels.discrete.discrete_model import NegativeBinomial

        from analysis.models.calibration import Quantity
        base = self._results._calibration_design(null)
        shares = thinning_shares()
        rng = np.random.default_rng([SEED, zlib.crc32(b"truth thinning")])
        sims = [base.simulate(rng) for _ in range(THINNING["n_truth"])]
        qs = []
        from analysis.exceptions import EstimationError
        for k, sh in shares.items():
            ms = []
            for d in sims:       # series whose lag-1 indicator is separated left out
                try:
                    ms.append(_thin_model(_thin(d, sh, rng)))
                except EstimationError:
                    pass
            X = np.vstack([m.exog.to_numpy() for m in ms])
            y = np.concatenate([m.endog.to_numpy() for m in ms])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = NegativeBinomial(y, X, loglike_method="nb2").fit(disp=0, maxiter=200)
            truth = float(fit.params[list(ms[0].exog.columns).index(THINNING["coef"])])
            print(f"thinning {k}: shares {sh}; truth {THINNING['coef']} = {truth:.4g} "
                  f"({len(ms)} of {len(sims)} series)", flush=True)
            qs.append(Quantity(f"scenario {k}: {THINNING['coef']}", "interval", truth=truth))
        base.quantities, base.family = qs, "thinning"
        base.measure = partial(_measure_thinning, qs, shares)
        base.facts.append(("Thinning", "; ".join(f"{k}: " + ", ".join(
            f"{s} {v:.3g}" for s, v in sh.items()) for k, sh in shares.items())))
        return base


def _measure_thinning(qs, shares, data, alpha, rng, tests_only=False):
    from analysis.exceptions import EstimationError
    out = {}
    for q, (k, sh) in zip(qs, shares.items()):
        thinned = _thin(data, sh, rng)
        try:        # separated (no US strike after a lag-1 attack day): no estimate, as
            res = _thin_model(thinned).fit()        # the notebook's fit would stop too
        except EstimationError:
            continue
        ci = res.conf_int(alpha)
        c = THINNING["coef"]
        out[q.name] = {"lower": float(ci.loc[c, "lower"]), "upper": float(ci.loc[c, "upper"]),
                       "truth": q.truth}
    return out


#: the response-lag specifications of the notebooks: notebook 05 (and 10, the same
#: fits with 1000 draws) and notebook 09 (Red Sea, 200 draws, iid, no phases); the
#: bootstrap inside every replicate uses 1000 draws for notebook 05 (it: 2000)
LAG_SPECS = {
    "iraq_syria": [dict(responder=r, trigger=t, ks=[1, 3, 7], start=WINDOWS["all"][0],
                        end=WINDOWS["all"][1], phases=["2023-10-07"], block_length=3,
                        n_boot=1000) for r, t in (("us", "militia"), ("militia", "us"))],
    "red_sea": [dict(responder=r, trigger=t, ks=[1, 7], start=RED_SEA["start"],
                     end=RED_SEA["end"], phases=None, block_length=1, n_boot=200)
                for r, t in (("us_uk", "houthi"), ("houthi", "us_uk"))],
}


def stated_shares(case):
    """The share of each responding side's incidents that state a trigger of the other
    side in the data (as ``response_lags`` reads ``retaliation_for``)."""
    from analysis import response_lags
    from analysis.models.calibration_data import case_data
    _, inc, _ = case_data(case)
    out = {}
    for spec in LAG_SPECS[case]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = response_lags(inc, spec["responder"], spec["trigger"], n_boot=0,
                                start=spec["start"], end=spec["end"])
        out[spec["responder"]] = float((res.lags["source"] == "stated").mean())
    return out


class LagFit:
    """The response lags of notebooks 05, 09 and 10 as calibrate() sees them: records
    of the case's CountHawkes fit simulated as a cluster process
    (:func:`analysis.models.calibration.simulate_parents`), the parent stated for the
    data's share of each side's incidents, refitted with each notebook specification
    (:data:`LAG_SPECS`). Truths: the kernel's median lag and P(lag <= k); the pooled
    value of each statistic over 300 simulated records (``(population)``)."""

    def __init__(self, results, case, block_length=None, **matched):
        # block_length: a variant of the notebooks' bootstrap blocks (same truths);
        # matched: matched_bootstrap= and day_block_length= of response_lags
        self._results, self._case, self._block = results, case, block_length
        self._matched = matched

    def __getattr__(self, name):
        return getattr(self._results, name)

    def _calibration_design(self, null):
        from analysis.models.calibration.lags import response_lag_design
        shares = stated_shares(self._case)
        rng = np.random.default_rng([SEED, zlib.crc32(f"truth {self._case}".encode())])
        specs = [dict(s, block_length=self._block or s["block_length"], **self._matched)
                 for s in LAG_SPECS[self._case]]
        d = response_lag_design(self._results, specs, shares, n_truth=300, rng=rng)
        d.facts.append(("Stated in the data", ", ".join(f"{s}: {v:.3g}"
                                                       for s, v in shares.items())))
        print(f"{self._case}: stated shares in the data {shares}; stated probability of "
              f"an offspring of the other side {d.stated}", flush=True)
        print("truths: " + ", ".join(f"{k} = {v:.4g}" for k, v in d.truth.items()),
              flush=True)
        return d


def run(names, reps, jobs, seed, version, out=None):
    F = fits(version)
    rows = []
    # the data every design is fitted on, stamped on its rows (read once, before the fits)
    data = {c: case_fingerprint(c) for c in dict.fromkeys(case_of(n) for n in names)}
    for i, name in enumerate(names):
        fit_name, design, kw = DESIGNS[name]
        kw = dict(kw)
        if "simulator" in kw:
            kw["simulator"] = F[kw["simulator"]]
        n = reps.get(name, reps["default"])
        t = time.perf_counter()
        # each design's seed depends on its name only (not on which designs run)
        rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        try:
            cal = calibrate(F[fit_name], n, rng=rng, n_jobs=jobs,
                            progress=True, **kw)
        except SpecificationError as e:     # every replicate failed: say so, go on
            print(f"{name}: not measured: {e}", flush=True)
            continue
        if getattr(F[fit_name], "truth_at_mean", False):
            cal = _truth_at_mean(cal)
        secs = time.perf_counter() - t
        tab = cal.table.reset_index()
        tab.insert(0, "design", design)
        tab.insert(0, "fit", LABEL[fit_name])
        tab.insert(0, "family", cal.family)
        tab.insert(0, "study", name)
        tab.insert(1, "version", version)
        tab["n_sim"] = cal.n_sim
        tab["n_failed"] = cal.n_failed
        tab["data"] = data[case_of(name)]
        rows.append(tab)
        if "pvalue" in cal.records:   # gates' p-values per replicate: their simulated null law
            pv = cal.records.dropna(subset=["pvalue"])[["quantity", "replicate", "pvalue"]]
            (OUT if out is None else Path(out)).joinpath("validate_regime_pvalues").mkdir(
                parents=True, exist_ok=True)
            pv.round(6).to_csv((OUT if out is None else Path(out)) / "validate_regime_pvalues"
                               / f"{name}.csv", index=False)
        print(f"{name}: {n} replications in {secs:.0f} s ({cal.n_failed} failed)", flush=True)
        print(cal.table[["kind", "empirical", "mc_se", "n"]].to_string(), flush=True)
        write(pd.concat(rows), [r['study'].iloc[0] for r in rows], version, out)
    return pd.concat(rows) if rows else None


#: the ``data`` of rows whose run did not record the table it was fitted on
NOT_RECORDED = "not recorded"


def case_of(name):
    """The bundled case a design is fitted on (``iraq_syria`` unless its fit or
    simulator is notebook 09's Red Sea fit)."""
    fit_name, _, kw = DESIGNS[name]
    return "red_sea" if {fit_name, kw.get("simulator")} & {"rs_ch", "det_redsea", "lags_rs", "lags_rs_block14"} \
        else "iraq_syria"


def write(new, ran, version, out=None):
    out = OUT if out is None else Path(out)
    path = out / "validate_regime.csv"
    out.mkdir(parents=True, exist_ok=True)
    old = pd.read_csv(path) if path.is_file() else None
    if old is not None:
        old = old[~(old["study"].isin(ran) & (old["version"] == version))]
        new = pd.concat([old, new])
    # rows of runs that did not record their data say so (never a guessed fingerprint)
    new["data"] = new["data"].fillna(NOT_RECORDED) if "data" in new else NOT_RECORDED
    new = pd.concat([new[~new["quantity"].isin(DUAL.values())], duals(new)])
    order = {k: i for i, k in enumerate(DESIGNS)}
    # studies of other runs (e.g. var_ch_null_aic14) sort after the design they extend
    order.update({k: max(v + 0.5 for d, v in order.items() if k.startswith(d))
                  for k in new["study"].unique() if k not in order
                  and any(k.startswith(d) for d in order)})
    new = new.sort_values(["study", "version"], kind="stable", key=lambda s: s.map(
        order if s.name == "study" else {"before": 0, "after": 1}))
    num = ["nominal", "empirical", "mc_se", "undefined", "miss_below", "miss_above",
           "mean_width"]
    new[num] = new[num].astype(float).round(4)
    new.to_csv(path, index=False)
    (out / "validate_regime.md").write_text(markdown(new))
    (out / "reported_inference.md").write_text(inventory(path))


#: Intervals whose coverage follows from a measured test: (study, test) -> interval.
#: The deterrence interval is exp(beta +- 1.96 se) with the se of the Wald test of
#: HR = 1, so in every replicate HR = 1 lies outside the interval exactly when the test
#: rejects at 5%: where the simulated HR is 1 (the null designs) the interval's
#: coverage is 1 - size, replicate by replicate, with the same MC s.e. It says nothing
#: about coverage where the HR is not 1 (not simulated: the simulator has no HR).
DUAL = {(f"det_{w}_null", f"hazard_ratio[{p}] ({se})"):
        f"hazard_ratio[{p}] 95% interval ({se}), at HR = 1"
        for w, p in (("pooled", "militia<-us"), ("phases", "militia<-us"),
                     ("campaign", "militia<-us"), ("answered", "militia<-us"),
                     ("redsea", "houthi<-us_uk"))
        for se in ("cluster-robust", "block bootstrap")}


def duals(t):
    """The coverage rows derived from their tests by :data:`DUAL` (kind
    ``coverage (dual)`` while derived, written as ``coverage``)."""
    t = t[~t["quantity"].isin(DUAL.values())]
    rows = []
    for (study, test), name in DUAL.items():
        for _, r in t[(t["study"] == study) & (t["quantity"] == test)].iterrows():
            r = r.copy()
            r["quantity"], r["kind"], r["nominal"] = name, "coverage", 0.95
            r["empirical"] = 1 - float(r["empirical"])
            r["within_band"] = bool(0.93 <= r["empirical"] <= 0.97)
            rows.append(r)
    return pd.DataFrame(rows, columns=t.columns) if rows else t.iloc[:0]


def merge(path, version, out=None):
    """Merge the rows of another run's table (``--out`` elsewhere, e.g. a second
    process) into the results, as if this run had made them."""
    new = pd.read_csv(path)
    new = new[(new["version"] == version) & ~new["quantity"].isin(DUAL.values())]
    write(new, list(new["study"].unique()), version, out)


def inventory(path):
    """The closing-note table: every test and interval notebooks 02-05 report, with its
    size/coverage before and after the repairs (``analysis.reported_inference``)."""
    from analysis.models.calibration_report import REPORTED, reported_inference
    lines = ["# The tests and intervals the notebooks report, measured in the data's regime",
             "",
             "Written by `benchmarks/validate_regime.py` from `validate_regime.csv` and the",
             "inventory `analysis.models.calibration_report.REPORTED`; in a notebook:",
             "`analysis.calibration_report(name)`. Size at nominal 5% (band 3-7%), coverage",
             "of 95% intervals (band 93-97%); MC s.e. and replications in brackets. Out of",
             "band: `save_values` writes the measured value beside the number",
             "(`<key>_measured_size` / `<key>_measured_coverage`). Data: `current` where",
             "the measurement (after) was fitted on the data as they stand, else the older",
             "table it was fitted on (the `data` column of `validate_regime.csv`; values",
             "files list these under `calibration_measured_on_older_data`).", ""]
    for nb in dict.fromkeys(r.notebook for r in REPORTED):
        inv = reported_inference(nb, path=path)
        lines += [f"## {nb}", "",
                  "| values key | quantity | method | before | after | status | data | note |",
                  "|---|---|---|---|---|---|---|---|"]
        for _, r in inv.iterrows():
            lines.append(f"| `{r['key']}` | {r['quantity']} | {r['method']} | {r['before']} "
                         f"| {r['after']} | {r['status']} | {r['data']} | {r['note']} |")
        lines.append("")
    return "\n".join(lines)


def _data_summary(t):
    """Which designs (latest version) were fitted on the current data and which still
    describe an older table (from the ``data`` column)."""
    latest = t.sort_values("version", key=lambda s: s.map({"before": 0, "after": 1}),
                           kind="stable").groupby("study", sort=False).tail(1)
    now = {c: case_fingerprint(c) for c in ("iraq_syria", "red_sea")}
    cur = [s for s, d in zip(latest["study"], latest["data"]) if d in now.values()]
    old = [s for s in latest["study"] if s not in cur]
    return ["## Which data", "",
            f"Current data: {now['iraq_syria']}; {now['red_sea']}.", "",
            f"Fitted on the current data ({len(cur)} designs): "
            + (", ".join(f"`{s}`" for s in cur) or "none") + ".", "",
            f"Still describing an older table ({len(old)} designs; see each design's "
            "`Data:` line): " + (", ".join(f"`{s}`" for s in old) or "none") + ".", ""]


def markdown(t):
    lines = ["# Size and coverage in the regime of the bundled case",
             "",
             "Written by `benchmarks/validate_regime.py` (`make validate`); read by",
             "`analysis.models.calibration.measured_coverage`. Size: share of replicates",
             "rejecting at 5% where the null holds in the simulation (band 3-7%);",
             "rejection rate: the same where it does not (power); coverage: share of",
             "95% intervals containing the simulated value (band 93-97%). MC s.e. in",
             "brackets; n = replicates with a defined value (of n_sim run).",
             "Mean: the average over replicates (nominal: the simulated value).",
             "`before`: the package's tests and intervals before the repairs of issue 18;",
             "`after`: rerun after them. Designs with fewer than 500 replications were",
             "cut to fit the machine time of the run (their MC s.e. is larger). The",
             "`before` rows were drawn with seeds by position in",
             "their run (the script now seeds by design name), so a rerun draws other",
             "replicates: equal within Monte-Carlo error, not digit for digit.",
             "The before runs shared 2 cores with 8 other jobs, hence their smaller n.",
             "`var_ch_null_aic14` is the after run of the VAR with the lag rule used",
             "before (AIC over 1-14), to separate the test repair from the lag rule.",
             "`hawkes_boot`: Wald, log-scale Wald and the re-rounded parametric",
             "bootstrap (99 refits per replicate; percentile, basic, bias-corrected) of",
             "one fit. `det_*_null`: notebook 05's deterrence tests (Cox, HR = 1) in",
             "daily counts simulated by the CountHawkes fit without a US effect on",
             "militia attacks (cluster-robust se; block bootstrap of the clocks with 50",
             "refits per replicate for the pooled fit, the notebook's test; the campaign",
             "window has 41 clocks, too few for 30-day blocks). These",
             "designs ran with 4 processes sharing 2 cores with about 15 other jobs,",
             "hence their n below 500.",
             "Second pass (calib4): `nb_us_ch_null`, `pml_militia_ch_null`: notebook 02's",
             "other Granger tests in CountHawkes series without that cross-effect (the",
             "NB US refit fails in simulated series: no row means every replicate",
             "failed); `pml_militia_fit`; `hurdle_*`: the hurdle parts' HAC Wald tests",
             "(null: the fit without the cross-effect) and 7-day response intervals by",
             "part, simulated from the hurdle fit (separated refits, which the notebook",
             "also cannot estimate, are counted as failed); `event_study_null`: notebook",
             "10's event study (US strike days after militia attack days, 7 Oct phases)",
             "in CountHawkes series without a militia effect on US strikes, 199",
             "bootstrap and placebo draws per replicate (the notebook: 999);",
             "`pml_boot_fit`: notebook 02's moving-block bootstrap interval of the PML",
             "US 7-day response with 99 refits per replicate (the notebook: 299), few",
             "replicates (about 20 s each on a shared core). Rows",
             "`... 95% interval ..., at HR = 1` are derived, not simulated: the",
             "deterrence interval uses the Wald test's se, so in every null replicate",
             "it excludes HR = 1 exactly when the test rejects (coverage = 1 - size,",
             "same n and MC s.e.). These designs ran with about 10 other jobs on 2",
             "cores; where n < 500 the run was cut to the session's time.",
             "Third pass (calib5; about 10 other jobs on the 2 cores, hence n < 500",
             "where the run was cut to the session's time): `var_ch_null_us`: the VAR's",
             "Granger tests militia -> US and its instantaneous-causality test in",
             "CountHawkes series without a militia effect on US strikes (no same-day",
             "dependence either: the CountHawkes kernels start at lag 1);",
             "`det_answered_null`: notebook 10's answered-vs-unanswered deterrence",
             "(answer within 1 day, 7 Oct phases) in CountHawkes series without a US",
             "effect on militia attacks; `det_redsea_null`: notebook 09's Red Sea",
             "deterrence test in series of the Red Sea CountHawkes fit (houthi, us_uk)",
             "without a US/UK effect on Houthi attacks; `ch_campaign_fit` (notebook 04,",
             "max lag 14) and `ch_<window>_fit` (notebook 03's window fits, max lag 7):",
             "the CountHawkes Hessian/profile intervals simulated from each window's",
             "fit; `var7_<window>_ch_null_<target>`: notebook 03's window VARs (7 lags)",
             "in series of the window's CountHawkes fit without one cross-effect;",
             "`cw_<response>_<window>_null`: notebook 02's window NB fits (lags 1-3,",
             "4-7) simulated without the cross-effect: the score-bootstrap Granger test",
             "(the notebook's blocks and Webb weights, 199 draws) and the HAC interval",
             "of the 7-day response at its true value 0; `signed_fit`: notebook 11's",
             "signed-kernel count model simulated from its fit (casualty marks drawn",
             "with the observed share), its effects' Wald intervals (runaway paths of",
             "the log-linear recursion, 10 times the observed events, count as failed;",
             "750 replications leave about 500);",
             "`det_phases_null`, `det_campaign_null`, the hurdle designs: rerun with",
             "500 replications (`hurdle_us_null` with 1500: about two in three of its",
             "refits are separated and left out). The third-pass runs used the data of",
             "main at d902233.",
             "Change dates (calib6): `phases_dates` and `phases_dates_iid`: CountHawkes",
             "series whose background rates change on the two campaign days, segmented",
             "as notebook 05 (NB-PELT, MBIC x 2, minimum 14 days); each true day is",
             "matched to the nearest change found and covered (or not) by that change's",
             "95% interval: parametric bootstrap with 99 refits per replicate from the",
             "CountHawkes fit with the detected phases (basic and percentile, the same",
             "refits) or from independent phase counts, and the Bayesian Gamma-Poisson",
             "credible interval with the number of changes fixed at the detected one.",
             "`phases_dates` pools two runs (seeds 20261205 and 20261206, by design",
             "name), n summed, coverage the n-weighted mean.",
             "Data (calib7): every row records the table its design was fitted on",
             "(column `data`: the bundled case, its incident count and the first 8 hex",
             "digits of the SHA-256 of the modelled daily series,",
             "`analysis.models.calibration.data_fingerprint`); the report compares it",
             "with the current data (`analysis.models.calibration_data.case_fingerprint`)",
             "and says where a measurement comes from an older table. Rows of runs",
             "before the column existed: the third pass (calib5: commits 3a85fe9,",
             "8a0c5f4, 050788d, 1db13c2) states its data, main at d902233, whose",
             "fingerprints were rebuilt there with that commit's code (iraq_syria: 572",
             "incidents, series 16eaeed7; red_sea: 371 incidents, series 5dd7fa2a, the",
             "Red Sea table as it is now); the other rows read `not recorded; commit",
             "<c> held ...`: the commit that wrote the row (git blame) and the data in",
             "its tree, which the run probably, not certainly, used.",
             "Bootstrap intervals (calib8): `*_warp`: the warp-speed Monte Carlo",
             "(Giacomini, Politis & White 2013; `calibrate(nested=\"warp_speed\")`): one",
             "bootstrap resample per replicate, the deviations pooled across replicates;",
             "`(studentised)` rows divide each deviation by the replicate's own s.e.",
             "(Hessian, delta-method, HAC or Rubin) before pooling. Plain pooling",
             "averages the bootstrap's width over replicates and over-states the nested",
             "coverage where that width varies (the VAR: plain warp speed 95-96%, the",
             "full nested bootstrap 90-91% for the same days 1-14 intervals;",
             "tests/test_calibration_warp.py shows the same on a Poisson mean); its",
             "MC s.e. resamples the replicates (it includes the error of the pooled",
             "quantiles). `var_boot_fit`, `var7_<window>_boot_fit`: notebook 03's VAR",
             "total responses by the full nested Monte Carlo (199 moving-block draws per",
             "replicate; cheap for a VAR), simulated from the VAR itself.",
             "These ran with --jobs 1 on a shared core (load 6-9 on 2 cores): `ch_warp`",
             "was cut to 200 replications (two CountHawkes fits a replicate, 6-30 s with",
             "the profile limits of entries at 0); `var_warp` was run before the `data`",
             "column existed in this branch, on the same tree as `var_boot_fit` (its",
             "`data` copied from those rows).",
             "Response lags, gates, event-study specifications (calib9): `lags_ch_fit`,",
             "`lags_ch_block14_fit` (notebooks 05 and 10), `lags_rs_fit`,",
             "`lags_rs_block14_fit` (notebook 09): records of the case's CountHawkes fit",
             "simulated as a cluster process (`simulate_parents`: every event with its",
             "parent), the parent stated for the data's share of each side's incidents,",
             "refitted with `response_lags` as the notebooks call it (1000 bootstrap",
             "draws; Red Sea 200) with blocks of 3 (14); intervals scored at the",
             "kernel's value (median lag, share of responses) and at each statistic's",
             "population value pooled over 300 simulated records (rows `(population)`",
             "and the probabilities, baselines and lifts). `gof_*_fit`: notebook 11's",
             "in-sample goodness-of-fit gates in data simulated from each fit.",
             "`event_study_<set>_null`: notebook 10's event study with its other phase",
             "sets and with casualty-producing attack days (marks drawn with the data's",
             "share), as `event_study_null`, 500 replications each.",
             "Issue 18, calib12: `gof_pit_ch_fit`, `gof_pit_signed_fit`: notebook 11's",
             "randomised-PIT gate (Berkowitz LR, and its serial-dependence part) in data",
             "simulated from each fit (its size); `gof_pit_ch_poisson`: the same data",
             "refitted with Poisson counts (its power against no overdispersion);",
             "`event_study_nocross*_null`: notebook 10's event study in CountHawkes data",
             "with both cross-effects 0, so the lead's truth is 0 too (the lead test's",
             "size, the lead's coverage); `forecast_ch_fit`: notebook 11's rolling",
             "forecasts with parameters fitted once at 2022-07-01 (the notebook: every",
             "182 days), coverage of the expected score gain (mean of the replicates'",
             "estimates); `thinning_ch_fit`: notebook 11's thinning scenarios, the",
             "reporting process simulated by binomial thinning at each scenario's share,",
             "truth the NB2 pseudo-true value of 100 stacked thinned series.",
             "Reruns on the current table (calib7; one process beside 6-8 other jobs):",
             "the notebooks' primary designs first, then `det_pooled_null` and the",
             "rest by cost until the session's time ran out (the section below lists",
             "which designs are current). `var_ch_null`, `nb_ch_null` and",
             "`phases_ch_x2` ran 1000 replications (the primary tests US -> militia",
             "and the calibrated penalty moved from inside the band to just outside",
             "it; 1000 replications bring the MC s.e. to 0.8-0.9 points);",
             "`det_redsea_null` reproduced its",
             "committed rows digit for digit (the Red Sea table has not changed).",
             "Confirmed-only windows and matched lifts (calib11; load 14-17 on the 2",
             "cores, hence `ch_confirmed_fit`, `ch_campaign7_confirmed_fit` and",
             "`ch_after_campaign_confirmed_fit` cut to 100 replications and",
             "`lags_ch_days14_fit` to 300):",
             "`cw_<response>_<window>_confirmed_null`,",
             "`var7_<window>_confirmed_ch_null_<target>`, `ch_confirmed_fit`,",
             "`ch_<window>_confirmed_fit`, `var7_<window>_confirmed_boot_fit`: the",
             "window designs above for notebooks 02 and 03's fits of confirmed",
             "incidents only (built by the same functions, `window_builders` and",
             "`window_designs`, with `confirmed=True`; the NB fit of US strikes in the",
             "campaign's confirmed incidents is separated and has no design, as the",
             "notebook reports no number); designs without rows were not run (machine",
             "time). `lags_ch_days<L>_fit`: `lags_ch_fit` with the matched baseline",
             "and lift resampled by moving blocks of L calendar days, trigger and",
             "control days together (`response_lags(matched_bootstrap=\"days\")`).",
             "Provenance and last reruns (calib10; one or two processes beside 14-18",
             "others on the 2 cores): every `not recorded; commit <c> held ...` label",
             "was checked by recomputing the fingerprint from the data in the trees",
             "of <c> and of its branch's earlier commits (`git archive <c>",
             "data/processed` into a temporary folder, `case_data` and",
             "`data_fingerprint` on it) against the commit times and run lengths.",
             "`phases_dates`, `phases_dates_iid` and `ch_before_campaign_fit` ran",
             "before the merge that brought their commit's table into their branch",
             "(runs of 20-45 min committed 10-30 min after it): relabelled `probably",
             "... 572 incidents`. `signed_fit` (750 replications) reproduced its",
             "committed rows digit for digit on the current table, so they were",
             "fitted on it. Rerun on the current table: `hurdle_us_null` (1500),",
             "`hurdle_militia_fit`, `ch_after_campaign_fit` and `phases_ch` (both",
             "versions; `before` is the plain MBIC notebook 05 reports as",
             "`phases_nb`), 500 each. `ch_before_campaign_fit` (about 13 s a",
             "replication at that load), `ch_warp` to 500 and the change-date",
             "designs did not fit the session's machine time. The not-measurable",
             "`nb_us_ch_null` (99 of 100 refits failed) and",
             "`cw_us_before_campaign_null` (382 of 400) were rerun to check that",
             "they still fail on the current table.",
             ""]
    lines += _data_summary(t)
    for (study, version, fit, design), g in t.groupby(["study", "version", "fit", "design"],
                                                      sort=False):
        lines += [f"## {fit}: {design}, {version} ({int(g['n_sim'].iloc[0])} replications, "
                  f"{int(g['n_failed'].iloc[0])} failed)", "",
                  f"Data: {g['data'].iloc[0]}.", "",
                  "| quantity | kind | empirical | MC s.e. | n | in band |",
                  "|---|---|---|---|---|---|"]
        for _, r in g.iterrows():
            band = "" if pd.isna(r["within_band"]) else (
                "yes" if str(r["within_band"]) in ("True", "1.0", "1") else "**no**")
            lines.append(f"| {r['quantity']} | {r['kind']} | {100 * r['empirical']:.1f}% | "
                         f"{100 * r['mc_se']:.1f} | {int(r['n'])} | {band} |")
        lines.append("")
    return "\n".join(lines)


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
    a = p.parse_args(argv)
    if a.merge:
        merge(a.merge, a.version, a.out)
        return 0
    reps = {"default": a.reps, **{k: int(v) for k, v in (r.split("=") for r in a.rep)}}
    run(a.only or list(DESIGNS), reps, a.jobs, a.seed, a.version, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
