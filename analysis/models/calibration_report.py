"""Which reported numbers are calibrated: the inventory of the tests and intervals the
bundled notebooks report, each with its size or coverage measured in the data's regime.

The data-calibrated Monte Carlo of ``benchmarks/validate_regime.py`` (``make validate``)
measures the empirical size of tests and the coverage of intervals in simulations
calibrated to the bundled case (table :data:`~analysis.models.calibration.REGIME_RESULTS`).
This module maps every test and 95% interval that notebooks 02-05 (and 09-11) write to
their values files onto the row of that table that measures it (:data:`REPORTED`), so

* :func:`calibration_report` prints, for one notebook, each reported test and interval
  with its method, its measured size or coverage before and after the repairs of
  issue 18, and whether it is in the band (size 3-7% at 5%, coverage 93-97% at 95%),
  out of band (then labelled) or not measured;
* :func:`label_values` (called by :func:`analysis.save_values`) writes the measured
  value beside every reported number whose measurement is out of band:
  ``<key>_measured_size`` beside a p-value, ``<key>_measured_coverage`` beside an
  interval (3 significant digits, as every value);
* :func:`measured_label` gives the short phrase for one reported number ("measured
  coverage 78%"), for a sentence in a notebook.

A number with no measurement is listed as "not measured" with the reason (usually: a
bootstrap inside every Monte-Carlo replicate costs more than the machine time of the
study). The inventory is about the bundled case; for your own data run
:func:`analysis.calibrate` on your fits.
"""

from __future__ import annotations

import fnmatch
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..exceptions import AnalysisWarning, SpecificationError
from ..reporting import Summary
from .calibration import COVERAGE_BAND, REGIME_RESULTS, SIZE_BAND

__all__ = ["REPORTED", "ReportedNumber", "calibration_report", "reported_inference",
           "label_values", "measured_label"]


@dataclass(frozen=True)
class ReportedNumber:
    """One test or interval a notebook reports (a row of :data:`REPORTED`).

    ``key`` is a path in the notebook's values file (keys joined by ``/``, each part a
    shell pattern: ``*`` matches one key); ``after`` and ``before`` are ``(study,
    quantity)`` rows of the regime table measuring the method the notebook reports now
    and the one it reported before issue 18 (``None``: not measured; ``note`` says
    why or how the measurement maps)."""

    notebook: str
    key: str
    label: str
    kind: str                          # "test", "interval" or "bounds" (no sampling claim)
    method: str
    after: tuple | None = None
    before: tuple | None = None
    note: str = ""
    band: str = "two-sided"            # "two-sided" or "at most" (rate <= nominal)


def _R(notebook, key, label, kind, method, after=None, before=None, note="",
       band="two-sided"):
    return ReportedNumber(notebook, key, label, kind, method, after, before, note, band)


_PAIRS = [("militia", "us"), ("us", "militia"), ("militia", "militia"), ("us", "us")]
_NO_BOOT = ("bootstrap inside every Monte-Carlo replicate not run (machine time)")
_DUAL = "hazard_ratio[militia<-us] 95% interval ({}), at HR = 1"
_DUAL_NOTE = ("coverage at HR = 1 derived from the test's size in the same replicates: the "
              "interval is exp(beta +- 1.96 se) with the test's se, so HR = 1 lies outside "
              "it exactly when the test rejects at 5% (coverage = 1 - size); coverage at "
              "other HRs is not simulated")
#: response lags (notebooks 05, 09, 10): design lags_ch_fit / lags_rs_fit, records of
#: the case's CountHawkes fit simulated as a cluster process (every event with its parent;
#: the parent stated in retaliation_for for the data's share of each side's incidents)
_LAG_SIM = ("records of the CountHawkes fit simulated as a cluster process, each event "
            "with its parent, the parent stated for the data's share of each side's "
            "incidents (us: 25 of 63 name a militia trigger, militia: 4 of 387 a US "
            "strike; an offspring of the other side states it with probability 0.56 "
            "(us), 0.12 (militia)); simulated events are attack units (n_attacks), the "
            "data's rows incidents; lags of 1-14 days (the model has no same-day "
            "excitation; 4 of the 25 stated US lags are 0 days); 1000 bootstrap draws "
            "per replicate")
_LAG_KERNEL = ("; truth: the kernel's value (fitted shared geometric kernel: median lag "
               "3 days, P(lag <= 1, 3, 7) = 0.277, 0.625, 0.904), the response lag the "
               "sentence is about. The stated-or-nearest lag is not that lag: an "
               "unstated response takes the nearest earlier event of the other side "
               "(no later than its true trigger), and events that respond to nothing "
               "(background, own side) get one too, so the interval is centred on the "
               "statistic's population value ({pop}; stated-or-nearest lags pooled over "
               "300 simulated records), whose coverage is the row '{q} (population)' of "
               "design lags_ch_fit")
_LAG_BEFORE = ("; before: the same bootstrap with blocks of 3 (the notebooks until "
               "issue 18's measurement; design lags_ch_fit)")
#: population values of the stated-or-nearest statistics (300 simulated records)
_LAG_POP_VALUES = {"us<-militia": "median 2 days, P(lag <= 1, 3, 7) = 0.439, 0.740, "
                                  "0.923",
                   "militia<-us": "median 10 days, P(lag <= 1, 3, 7) = 0.095, 0.240, "
                                  "0.423"}
_LAG_POP = ("; truth: the statistic's population value, pooled over 300 simulated "
            "records (trigger days pooled; the lift a ratio of pooled shares)")
_LAG_MATCHED = ("; the bootstrap resamples trigger days with their matched baselines and "
                "holds each stratum's control-day share fixed, so the sampling variation "
                "of the control days is left out of the matched baseline and the lift")
_RS_SIM = ("records of the Red Sea CountHawkes fit (houthi, us_uk) simulated as a "
           "cluster process, each event with its parent; no Red Sea incident states a "
           "trigger (retaliation_for is empty), so the simulated records state none and "
           "every lag is to the nearest earlier event of the other side, as in the data; "
           "notebook 09's iid bootstrap (200 draws); moving blocks of 14 (design "
           "lags_rs_block14_fit) cover better but not within the band either, so the "
           "notebook keeps the iid bootstrap")
_CH_BOOT = (_NO_BOOT + ": 200 CountHawkes refits inside every replicate, each as costly "
            "as one replicate of design ch_fit (about 1-5 s, profile limits aside)")
_WINDOWS = ("all", "before_campaign", "campaign", "after_campaign")
_CW_NOTE = "NB window fit simulated without the cross-effect; failed refits left out"
_DEGENERATE = ("not measurable: the window's CountHawkes fit puts the US background "
               "before the campaign at its bound 0 (every US strike excited by militia "
               "attacks), so series without the militia -> US effect have no US strikes "
               "and the VAR cannot be refitted (design var7_before_campaign_ch_null_us: "
               "every replicate failed)")
_CW_NONE = ("not measurable: the window's NB fit of US strikes without the militia "
            "effect simulates almost no US strikes; 386 of 400 refits failed (design "
            "cw_us_before_campaign_null)")
_CONFIRMED = ("window fits of confirmed incidents only not simulated (machine time); "
              "the same windows of all incidents are")
_DET_PHASES_NOTE = ("measured with the plain MBIC phases, which notebook 05 used before "
                    "(on the current data they give a Cox stratum without events): not "
                    "re-measured with the calibrated phases")
_DATES_NOTE = ("before: no interval; CountHawkes series whose background changes on the "
               "two campaign days, 99 refits per replicate (the notebook: 199); coverage "
               "of the true day by the interval of the nearest change found")
#: notebook 10's other phase sets of the attack-day event study: design suffix -> the
#: name in its values file (PHASE_SETS)
_ES_SETS = {"kh": "+ KH suspension 30 Jan 2024", "case": "case-study starts (outcome-dated)",
            "none": "none", "casualty": "7 Oct 2023"}
_NB02, _NB03, _NB04, _NB05 = ("02-count-regressions", "03-var-and-count-hawkes",
                              "04-hawkes", "05-phases-and-timing")


def _registry():
    r = [
        # -- 02: count regressions ------------------------------------------------------
        _R(_NB02, "main/us/poisson_pml/granger_p", "Granger militia -> US (Poisson PML, "
           "primary)", "test", "wild-cluster score bootstrap",
           ("pml_null", "granger[us<-militia] score bootstrap"),
           ("pml_null", "granger[us<-militia]")),
        _R(_NB02, "main/militia/negbin/granger_p", "Granger US -> militia (NB, primary)",
           "test", "wild-cluster score bootstrap",
           ("nb_ch_null", "granger[militia<-us] score bootstrap"),
           ("nb_ch_null", "granger[militia<-us]")),
        _R(_NB02, "main/us/negbin/granger_p", "Granger militia -> US (NB)", "test",
           "wild-cluster score bootstrap",
           note="not measurable: in design nb_us_ch_null the NB US refit failed in 99 of "
           "100 simulated series (covariance not finite: 7 separate lags of a sparse "
           "side with dispersion ~20); the PML test of the same direction is the primary "
           "one"),
        _R(_NB02, "main/militia/poisson_pml/granger_p", "Granger US -> militia (Poisson "
           "PML)", "test", "wild-cluster score bootstrap",
           ("pml_militia_ch_null", "granger[militia<-us] score bootstrap"),
           ("pml_militia_ch_null", "granger[militia<-us]"),
           note="before: the HAC Wald test"),
        _R(_NB02, "main/militia/negbin/response_7d", "7-day response of militia to US (NB)",
           "interval", "HAC Wald", ("nb_fit", "response_7d[militia<-us]"),
           ("nb_fit", "response_7d[militia<-us]")),
        _R(_NB02, "main/us/poisson_pml/response_7d", "7-day response of US to militia "
           "(Poisson PML)", "interval", "HAC Wald", ("pml_fit", "response_7d[us<-militia]"),
           ("pml_fit", "response_7d[us<-militia]")),
        _R(_NB02, "main/militia/negbin/response_day1", "Day-1 response of militia to US (NB)",
           "interval", "HAC Wald (delta method)", ("nb_fit", "coef[us.L1]"),
           ("nb_fit", "coef[us.L1]"), note="measured on the Wald interval of coef[us.L1]"),
        _R(_NB02, "main/us/poisson_pml/response_day1", "Day-1 response of US to militia "
           "(Poisson PML)", "interval", "HAC Wald (delta method)",
           ("pml_fit", "coef[militia.L1-3]"), ("pml_fit", "coef[militia.L1-3]"),
           note="measured on the Wald interval of coef[militia.L1-3]"),
        _R(_NB02, "main/us/poisson_pml/response_7d_bootstrap", "7-day response of US to "
           "militia (Poisson PML), bootstrap", "interval",
           "moving-block bootstrap (299 refits), percentile",
           ("pml_boot_fit", "response_7d[us<-militia] bootstrap (99)"),
           note="measured with 99 refits inside each replicate (the notebook: 299) and "
           "few replicates (about 20 s each): see n"),
        _R(_NB02, "main/*/*/response_7d_bootstrap", "7-day responses, bootstrap", "interval",
           "moving-block bootstrap (299 refits)", note=_NO_BOOT + "; the NB refits take "
           "about 5 min per replicate"),
        _R(_NB02, "main/militia/poisson_pml/response_7d", "7-day response of militia to "
           "US (Poisson PML)", "interval", "HAC Wald",
           ("pml_militia_fit", "response_7d[militia<-us]"),
           ("pml_militia_fit", "response_7d[militia<-us]")),
        _R(_NB02, "main/militia/poisson_pml/response_day1", "Day-1 response of militia to "
           "US (Poisson PML)", "interval", "HAC Wald (delta method)",
           ("pml_militia_fit", "coef[us.L1-3]"), ("pml_militia_fit", "coef[us.L1-3]"),
           note="measured on the Wald interval of coef[us.L1-3]"),
        _R(_NB02, "main/us/negbin/response_*", "Responses of US to militia (NB)", "interval",
           "HAC Wald", note="the NB US fit extrapolates (dispersion ~20) and its refit "
           "fails in simulated series (design nb_us_ch_null): not measurable"),
    ]
    for side, other in (("us", "militia"), ("militia", "us")):
        for part in ("incidence", "number", "mean"):
            r += [_R(_NB02, f"hurdle/{side}/{part}/wald_p", f"Hurdle {part} part, Wald "
                     f"test {other} -> {side}", "test", "HAC Wald",
                     (f"hurdle_{side}_null", f"wald[{side}<-{other}] {part}"),
                     (f"hurdle_{side}_null", f"wald[{side}<-{other}] {part}"),
                     note="mean: both parts jointly; replicates whose refit is separated "
                     "(no estimate, as in the notebook) are left out (n_failed)"),
                  _R(_NB02, f"hurdle/{side}/{part}", f"Hurdle {part} part, 7-day "
                     f"response of {side} to {other}", "interval", "HAC Wald",
                     (f"hurdle_{side}_fit", f"response_7d[{side}<-{other}] {part}"),
                     (f"hurdle_{side}_fit", f"response_7d[{side}<-{other}] {part}"),
                     note="replicates whose refit is separated are left out (n_failed)")]
    # notebook 02's window fits of all incidents: designs cw_<response>_<window>_null
    for w in _WINDOWS:
        for src, tgt in (("militia", "us"), ("us", "militia")):
            key = f"by_window/{src} -> {tgt} | {w} | all"
            # US strikes before the campaign: the NB window fit without the militia
            # effect simulates almost no US strikes; nearly every refit fails
            none = (w, tgt) == ("before_campaign", "us")
            r += [_R(_NB02, f"{key}/granger_p", f"Granger {src} -> {tgt}, window {w}",
                     "test", "wild-cluster score bootstrap",
                     None if none else (f"cw_{tgt}_{w}_null",
                                        f"granger[{tgt}<-{src}] score bootstrap "
                                        "(notebook blocks)"),
                     note=_CW_NONE if none else _CW_NOTE),
                  _R(_NB02, key, f"7-day response of {tgt} to {src}, window {w}",
                     "interval", "HAC Wald",
                     None if none else (f"cw_{tgt}_{w}_null", f"response_7d[{tgt}<-{src}]"),
                     note=_CW_NONE if none else
                     _CW_NOTE + "; coverage at the true response 0")]
    r += [
        _R(_NB02, "by_window/*/granger_p", "Granger by window, confirmed incidents", "test",
           "wild-cluster score bootstrap", note=_CONFIRMED),
        _R(_NB02, "by_window/*", "7-day response by window, confirmed incidents",
           "interval", "HAC Wald", note=_CONFIRMED),
        # -- 03: VAR and CountHawkes ---------------------------------------------------
        _R(_NB03, "var/granger/us -> militia/wild_p", "VAR Granger US -> militia", "test",
           "restricted wild bootstrap (HC3)",
           ("var_ch_null", "granger[militia<-us] wild bootstrap (HC3)"),
           ("var_ch_null", "granger[militia<-us] F (OLS)"),
           note="before: the OLS F test the notebook reported (AIC lags)"),
        _R(_NB03, "var/granger/us -> militia/F_p", "VAR Granger US -> militia, F", "test",
           "OLS F (shown as not calibrated)",
           ("var_ch_null", "granger[militia<-us] F (OLS)"),
           ("var_ch_null", "granger[militia<-us] F (OLS)")),
        _R(_NB03, "var/granger/us -> militia/hc1_p", "VAR Granger US -> militia, HC1",
           "test", "HC1 Wald (shown as not calibrated)",
           ("var_ch_null", "granger[militia<-us] Wald (HC1)"),
           ("var_ch_null", "granger[militia<-us] Wald (HC1)")),
        _R(_NB03, "var/granger/militia -> us/wild_p", "VAR Granger militia -> US "
           "(primary)", "test", "restricted wild bootstrap (HC3)",
           ("var_ch_null_us", "granger[us<-militia] wild bootstrap (HC3)"),
           note="CountHawkes series without a militia effect on US strikes"),
        _R(_NB03, "var/granger/militia -> us/F_p", "VAR Granger militia -> US, F", "test",
           "OLS F (shown as not calibrated)",
           ("var_ch_null_us", "granger[us<-militia] F (OLS)"),
           note="CountHawkes series without a militia effect on US strikes"),
        _R(_NB03, "var/granger/militia -> us/hc1_p", "VAR Granger militia -> US, HC1",
           "test", "HC1 Wald (shown as not calibrated)",
           ("var_ch_null_us", "granger[us<-militia] Wald (HC1)"),
           note="CountHawkes series without a militia effect on US strikes"),
        _R(_NB03, "var/instantaneous_p", "VAR instantaneous causality", "test",
           "Wald, heteroskedasticity-robust (HC0)",
           ("var_ch_null_us", "instantaneous[militia,us] Wald (HC0)"),
           ("var_ch_null_us", "instantaneous[militia,us] Wald"),
           note="before: the normal-theory Wald test (statsmodels); null simulated: no "
           "same-day dependence (CountHawkes series: kernels from lag 1, the sides drawn "
           "independently given the past; also without a militia effect on US strikes)"),
        _R(_NB03, "var/total_response/*", "VAR cumulative responses", "interval",
           "moving-block bootstrap (1000 refits)", note=_NO_BOOT + ": 1000 VAR refits "
           "and impulse responses inside every replicate"),
    ]
    # notebook 03's window VARs (7 lags): designs var7_<window>_ch_null_<target>
    for w in _WINDOWS:
        for src, tgt in (("militia", "us"), ("us", "militia")):
            r.append(_R(_NB03, f"var/by_window/{src} -> {tgt} | {w} | all/granger_wild_p",
                        f"VAR Granger {src} -> {tgt}, window {w}", "test",
                        "restricted wild bootstrap (HC3)",
                        (f"var7_{w}_ch_null_{tgt}",
                         f"granger[{tgt}<-{src}] wild bootstrap (HC3)"),
                        note=_DEGENERATE if (w, tgt) == ("before_campaign", "us") else
                        f"series of the window's CountHawkes fit without the "
                        f"{src} -> {tgt} effect"))
    r += [
        _R(_NB03, "var/by_window/*/granger_wild_p", "VAR Granger by window, confirmed "
           "incidents", "test", "restricted wild bootstrap", note=_CONFIRMED),
        _R(_NB03, "var/by_window/*", "VAR responses by window", "interval",
           "moving-block bootstrap", note=_NO_BOOT + ": 500 VAR refits inside every "
           "replicate of every window fit"),
    ]
    for t, s in _PAIRS:
        r.append(_R(_NB03, f"hawkes/reproduction/{t} <- {s}/hessian",
                    f"CountHawkes reproduction {t} <- {s}", "interval",
                    "Hessian (profile at 0)", ("ch_fit", f"branching[{t}<-{s}]"),
                    ("ch_fit", f"branching[{t}<-{s}]")))
    for t in ("militia", "us"):
        for s in ("endemic", "militia", "us"):
            r.append(_R(_NB03, f"hawkes/attribution/{t} <- {s}/hessian",
                        f"CountHawkes attribution {t} <- {s}", "interval",
                        "Hessian, logit scale", ("ch_fit", f"attribution[{t}<-{s}]"),
                        ("ch_fit", f"attribution[{t}<-{s}]"),
                        note="before: Wald clipped at [0, 1]"))
    r += [
        _R(_NB03, "hawkes/spectral_radius/hessian", "CountHawkes spectral radius",
           "interval", "Hessian (delta method)", ("ch_fit", "spectral_radius"),
           ("ch_fit", "spectral_radius")),
        _R(_NB03, "hawkes/reproduction/*/bootstrap", "CountHawkes reproduction, bootstrap",
           "interval", "parametric bootstrap (200 refits)", note=_CH_BOOT),
        _R(_NB03, "hawkes/attribution/*/bootstrap", "CountHawkes attribution, bootstrap",
           "interval", "parametric bootstrap (200 refits)", note=_CH_BOOT),
        _R(_NB03, "hawkes/spectral_radius/bootstrap", "CountHawkes spectral radius, "
           "bootstrap", "interval", "parametric bootstrap (200 refits)", note=_CH_BOOT),
    ]
    # notebook 03's window fits of the self-exciting count model (all incidents; the
    # whole record is the main fit, design ch_fit)
    for w, study in (("all", "ch_fit"), ("before_campaign", "ch_before_campaign_fit"),
                     ("campaign", "ch_campaign7_fit"),
                     ("after_campaign", "ch_after_campaign_fit")):
        for t, s_ in _PAIRS:
            r.append(_R(_NB03, f"hawkes/by_window/{w} | all/a[{t}<-{s_}]",
                        f"CountHawkes reproduction {t} <- {s_}, window {w}", "interval",
                        "Hessian (profile at 0)", (study, f"branching[{t}<-{s_}]"),
                        note="the interval's ends are the keys ' lower' and ' upper'; "
                        "an entry the window fit puts at 0 is simulated at 0, where the "
                        "interval [0, profile limit] covers by construction"))
    r.append(_R(_NB03, "hawkes/by_window/*", "CountHawkes by window, confirmed incidents",
                "interval", "Hessian / profile", note=_CONFIRMED))
    # -- 04: continuous-time Hawkes -----------------------------------------------------
    _HAWKES_OTHER = ("all_confirmed, campaign_all and campaign_confirmed not run: each "
                     "replicate refits 40 jittered copies and 99 re-rounded bootstrap "
                     "series (as design hawkes_jitter_boot does for all_all, 100 "
                     "replicates); machine time")
    boot_note = ("measured with 99 re-rounded refits pooled over 40 jittered copies "
                 "per replicate (the notebook: 400); log-scale Rubin intervals "
                 "(conf_int(scale='log')) calibrate better: design hawkes_jitter")
    for t, s in _PAIRS:
        r.append(_R(_NB04, f"all_all/branching/{s}->{t}", f"Hawkes branching {t} <- {s}",
                    "interval", "re-rounded parametric bootstrap, percentile",
                    ("hawkes_jitter_boot", f"branching[{t}<-{s}] bootstrap percentile"),
                    note=boot_note))
    r += [
        _R(_NB04, "all_all/spectral_radius", "Hawkes spectral radius", "interval",
           "re-rounded parametric bootstrap, percentile",
           ("hawkes_jitter_boot", "spectral_radius bootstrap percentile"), note=boot_note),
        _R(_NB04, "*_*/branching/*", "Hawkes branching, other windows and samples",
           "interval", "re-rounded parametric bootstrap", note=_HAWKES_OTHER),
        _R(_NB04, "*_*/spectral_radius", "Hawkes spectral radius, other windows and samples",
           "interval", "re-rounded parametric bootstrap", note=_HAWKES_OTHER),
        _R(_NB04, "*_*/gof_median_pvalue/*", "Hawkes time-rescaling KS tests", "test",
           "median KS p over jittered copies", note="goodness-of-fit gate: its size under "
           "the fit needs the 40 jittered refits of every replicate (design "
           "hawkes_jitter) plus the KS test of each copy; not added to that design "
           "(machine time)"),
    ]
    for t, s in _PAIRS:
        r.append(_R(_NB04, f"count_hawkes/all/reproduction/{s}->{t}",
                    f"CountHawkes reproduction {t} <- {s}", "interval",
                    "Hessian (profile at 0)", ("ch_fit", f"branching[{t}<-{s}]"),
                    ("ch_fit", f"branching[{t}<-{s}]")))
    for t, s in _PAIRS:
        r.append(_R(_NB04, f"count_hawkes/campaign/reproduction/{s}->{t}",
                    f"CountHawkes reproduction {t} <- {s}, campaign", "interval",
                    "Hessian (profile at 0)", ("ch_campaign_fit", f"branching[{t}<-{s}]"),
                    note="an entry the fit puts at 0 is simulated at 0, where the interval "
                    "[0, profile limit] covers by construction"))
    # -- 05: phases and timing ----------------------------------------------------------
    r += [
        _R(_NB05, "deterrence_hr/pooled/p", "Deterrence HR = 1, pooled (primary)", "test",
           "Wald, 30-day block bootstrap of the clocks",
           ("det_pooled_null", "hazard_ratio[militia<-us] (block bootstrap)"),
           ("det_pooled_null", "hazard_ratio[militia<-us] (cluster-robust)"),
           note="before: cluster-robust se; the interval is the test's dual"),
        _R(_NB05, "deterrence_hr/within phases/p", "Deterrence HR = 1, within the "
           "calibrated phases (MBIC x 2)", "test", "Wald, cluster-robust",
           ("det_phases_null", "hazard_ratio[militia<-us] (cluster-robust)"),
           ("det_phases_null", "hazard_ratio[militia<-us] (cluster-robust)"),
           note=_DET_PHASES_NOTE),
        _R(_NB05, "deterrence_hr/campaign only/p", "Deterrence HR = 1, campaign only",
           "test", "Wald, cluster-robust",
           ("det_campaign_null", "hazard_ratio[militia<-us] (cluster-robust)"),
           ("det_campaign_null", "hazard_ratio[militia<-us] (cluster-robust)")),
        _R(_NB05, "deterrence_hr/pooled", "Deterrence HR, pooled, 95% interval", "interval",
           "Wald, 30-day block bootstrap se",
           ("det_pooled_null", _DUAL.format("block bootstrap")),
           ("det_pooled_null", _DUAL.format("cluster-robust")), note=_DUAL_NOTE),
        _R(_NB05, "deterrence_hr/within phases", "Deterrence HR, within the calibrated "
           "phases (MBIC x 2), 95% interval", "interval", "Wald, cluster-robust",
           ("det_phases_null", _DUAL.format("cluster-robust")),
           ("det_phases_null", _DUAL.format("cluster-robust")),
           note=_DUAL_NOTE + "; " + _DET_PHASES_NOTE),
        _R(_NB05, "deterrence_hr/campaign only", "Deterrence HR, campaign only, 95% "
           "interval", "interval", "Wald, cluster-robust",
           ("det_campaign_null", _DUAL.format("cluster-robust")),
           ("det_campaign_null", _DUAL.format("cluster-robust")), note=_DUAL_NOTE),
        _R(_NB05, "phases_nb", "NB-PELT phases (MBIC)", "test",
           "spurious changes: share of series with more changes than simulated",
           ("phases_ch", "more changes than true", "before"),
           ("phases_ch", "more changes than true", "before"), band="at most",
           note="the notebook's MBIC segmentation is the 'before' penalty"),
        _R(_NB05, "phases_calibrated_changes", "NB-PELT phases (MBIC x 2)", "test",
           "spurious changes: share of series with more changes than simulated",
           ("phases_ch_x2", "more changes than true"), band="at most",
           note="share of series with any extra change (stricter than INFERENCE.md item 9, "
                "spurious changes among those found: 0.103 of 2.10 a series in the same "
                "run, 4.9%); within 1 MC s.e. of 5%"),
        _R(_NB05, "phases_calibrated_change_dates/change_1", "Change date 1 (NB-PELT, "
           "MBIC x 2), 95% interval", "interval", "parametric bootstrap (CountHawkes "
           "simulator, same segmentation), basic",
           ("phases_dates", "change 1 (2023-10-17) date, bootstrap count_hawkes basic"),
           note=_DATES_NOTE),
        _R(_NB05, "phases_calibrated_change_dates/change_2", "Change date 2 (NB-PELT, "
           "MBIC x 2), 95% interval", "interval", "parametric bootstrap (CountHawkes "
           "simulator, same segmentation), basic",
           ("phases_dates", "change 2 (2024-02-05) date, bootstrap count_hawkes basic"),
           note=_DATES_NOTE),
    ]
    r += _lag_entries()
    r += _registry_09_11()
    return r


#: the bootstrap blocks of each direction's response lags (notebooks 05 and 10): US
#: strikes after attacks with blocks of 14 (design lags_ch_block14_fit; before: 3, design
#: lags_ch_fit), militia attacks after strikes with blocks of 3 (lags_ch_fit), the lengths
#: whose intervals cover best in the regime study
_LAG_BLOCKS = {"us<-militia": (14, "lags_ch_block14_fit", "lags_ch_fit"),
               "militia<-us": (3, "lags_ch_fit", None)}


def _lag_refs(pair, q):
    """(method suffix, after, before) of one response-lag quantity."""
    block, study, before = _LAG_BLOCKS[pair]
    return (f"(blocks of {block})", (study, q),
            None if before is None else (before, q))


def _lag_entries():
    """Notebook 05's response lags: the median lag and the within-k probabilities of
    each direction (designs lags_ch_fit, lags_ch_block14_fit)."""
    what = {"share_of_responses": "share of responses with lag <= {k} d",
            "response_prob": "P(response within {k} d of a trigger day)",
            "baseline": "P(response within {k} d of any day)",
            "matched_baseline": "P(response within {k} d of a matched day)",
            "lift": "lift over matched days, {k} d"}
    r = []
    for key, (resp, trig) in (("us_after_militia", ("us", "militia")),
                              ("militia_after_us", ("militia", "us"))):
        pair = f"{resp}<-{trig}"
        q = f"median_lag[{pair}]"
        blocks, after, before = _lag_refs(pair, q)
        kernel_note = _LAG_KERNEL.format(q=q, pop=_LAG_POP_VALUES[pair])
        r.append(_R(_NB05, f"lag_{key}_median_ci", f"Median response lag, {resp} after "
                    f"{trig}", "interval", "block bootstrap of responding events " + blocks,
                    after, before, note=_LAG_SIM + kernel_note + _LAG_BEFORE * bool(before)))
        for k in (1, 3, 7):
            for col, label in what.items():
                q = f"{col}[{pair}] k{k}"
                blocks, after, before = _lag_refs(pair, q)
                if col == "share_of_responses":
                    truth = _LAG_KERNEL.format(q=q, pop=_LAG_POP_VALUES[pair])
                else:
                    truth = _LAG_POP + (_LAG_MATCHED if col in ("matched_baseline", "lift")
                                        else "")
                r.append(_R(_NB05, f"lag_{key}_within/k{k}/{col}",
                            f"{resp} after {trig}: " + label.format(k=k), "interval",
                            "block bootstrap of days " + blocks, after, before,
                            note=_LAG_SIM + truth + _LAG_BEFORE * bool(before)))
    return r


def _registry_09_11():
    """Notebooks 09-11: what of them the regime study measures."""
    nb09, nb10, nb11 = "09-red-sea", "10-identification", "11-forecast-skill"
    red_note = ("daily counts simulated by notebook 09's CountHawkes fit (houthi, us_uk; "
                "max lag 14; its phases) without a US/UK effect on Houthi attacks")
    es = "event_study/attack days"
    es_note = ("CountHawkes series without a militia effect on US strikes (true causal "
               "effect 0); 199 bootstrap/placebo draws per replicate (the notebook: 999)")
    r = [
        _R(nb09, "deterrence_p", "Red Sea deterrence HR = 1", "test", "Wald, cluster-robust",
           ("det_redsea_null", "hazard_ratio[houthi<-us_uk] (cluster-robust)"),
           note=red_note),
        _R(nb09, "deterrence_hr_ci", "Red Sea deterrence HR, 95% interval", "interval",
           "Wald, cluster-robust",
           ("det_redsea_null", "hazard_ratio[houthi<-us_uk] 95% interval (cluster-robust), "
            "at HR = 1"), note=red_note + "; " + _DUAL_NOTE),
        _R(nb09, "lag_us_uk_after_houthi_median_ci", "Red Sea median response lag, us_uk "
           "after houthi", "interval", "bootstrap of responding events (iid)",
           ("lags_rs_fit", "median_lag[us_uk<-houthi]"),
           note=_RS_SIM + "; truth: the kernel's median lag of US/UK strikes after Houthi "
           "attacks (5 days; the nearest-event statistic's population value is 3 days: "
           "its coverage is the row 'median_lag[us_uk<-houthi] (population)')"),
        _R(nb09, "lag_houthi_after_us_uk_median_ci", "Red Sea median response lag, houthi "
           "after us_uk", "interval", "bootstrap of responding events (iid)",
           ("lags_rs_fit", "median_lag[houthi<-us_uk] (population)"),
           note=_RS_SIM + "; the fit has no us_uk -> houthi excitation (estimate 0), so "
           "no Houthi attack responds to a strike in the simulation and there is no "
           "true response lag: truth is the statistic's population value (the lag to the "
           "nearest earlier strike, pooled over 300 simulated records: 6 days)"),
        _R(nb10, f"{es}/post", "Event study: post effect, attack days (7 Oct phases)",
           "interval", "cluster block bootstrap", ("event_study_null", "event_study post"),
           note=es_note),
        _R(nb10, f"{es}/day_plus_1", "Event study: day +1, attack days (7 Oct phases)",
           "interval", "cluster block bootstrap", ("event_study_null", "event_study day+1"),
           note=es_note),
        _R(nb10, f"{es}/post_minus_pre", "Event study: post - lead, attack days (7 Oct "
           "phases)", "interval", "cluster block bootstrap",
           ("event_study_null", "event_study post - lead"), note=es_note),
        _R(nb10, f"{es}/placebo_percentile", "Event study: placebo-date test, attack days",
           "test", "placebo dates (circular shifts)",
           ("event_study_null", "placebo-date test"),
           note=es_note + "; measured on the placebo test's p-value at 5%"),
        _R(nb10, f"{es}/pre", "Event study: lead (pre-trend), attack days", "interval",
           "cluster block bootstrap", note="its truth in the simulation is not 0 (US "
           "strikes excite militia attacks, so they precede them): no coverage target; "
           "the lead test's rejection rate is in the table (event_study_null)"),
    ]
    # the sensitivity specifications of attack days (notebook 10's other phase sets;
    # 199 draws there too): designs event_study_<set>_null
    for k, phase_set in _ES_SETS.items():
        key = (f"event_study/attack days, {phase_set}" if k != "casualty" else
               "event_study/casualty attack days")
        sens = (es_note + "; each simulated attack produces casualties with the data's "
                "share (21 of 415 attack units), independently of everything (under the "
                "null the marks change nothing)" if k == "casualty" else
                es_note.replace(" (the notebook: 999)", "") + f"; phases: {phase_set}")
        who = ("casualty-producing attack days (7 Oct phases)" if k == "casualty" else
               f"attack days ({phase_set})")
        r += [_R(nb10, f"{key}/{p}", f"Event study: {what}, {who}",
                 "interval", "cluster block bootstrap",
                 (f"event_study_{k}_null", f"event_study {q}"), note=sens)
              for p, what, q in (("post", "post effect", "post"),
                                 ("day_plus_1", "day +1", "day+1"),
                                 ("post_minus_pre", "post - lead", "post - lead"))]
        r.append(_R(nb10, f"{key}/placebo_percentile", f"Event study: placebo-date test, "
                    f"{who}", "test", "placebo dates (circular shifts)",
                    (f"event_study_{k}_null", "placebo-date test"),
                    note=sens + "; measured on the placebo test's p-value at 5%"))
    r += [
        _R(nb10, "event_study/*/*", "Event study: leads (pre) of the other "
           "specifications", "interval", "cluster block bootstrap",
           note="their truth in the simulation is not 0 (US strikes excite militia "
           "attacks, so they precede them): no coverage target"),
        _R(nb10, "deterrence_strike_vs_quiet", "Deterrence HR strike vs quiet days, 95% "
           "interval", "interval", "Wald, cluster-robust",
           ("det_pooled_null", _DUAL.format("cluster-robust")), note=_DUAL_NOTE),
        _R(nb10, "deterrence_answered", "Deterrence answered vs unanswered (primary row: 7 Oct "
           "phases, answered within 1 day), 95% interval", "interval", "Wald, cluster-robust",
           ("det_answered_null", _DUAL.format("cluster-robust")),
           note=_DUAL_NOTE + "; CountHawkes series without a US effect on militia attacks; "
           "the table's other 11 rows (phase sets, answer windows 0 and 2 days) not "
           "simulated"),
    ]
    for resp, trig in (("us", "militia"), ("militia", "us")):
        for k in (1, 7):
            blocks, after, before = _lag_refs(f"{resp}<-{trig}", f"lift[{resp}<-{trig}] k{k}")
            r.append(_R(nb10, f"response_lift_matched/{resp} after {trig}/k{k}",
                        f"Matched response lift, {resp} after {trig}, {k} d", "interval",
                        "block bootstrap of trigger days " + blocks, after, before,
                        note=_LAG_SIM + _LAG_POP + _LAG_MATCHED + "; the same fits as "
                        "notebook 05's (notebook 10: 1000 draws)"
                        + _LAG_BEFORE * bool(before)))
    r += [
        _R(nb10, "ordering_bounds", "Same-day ordering bounds", "bounds",
           "bounds over orders (not a sampling interval)",
           note="no sampling claim: the low and high ends are the estimate under the two "
           "extreme within-day orders, not a confidence interval; nothing to calibrate"),
        _R(nb11, "predictive_granger_logs/*/ci", "Predictive Granger: log-score gain, 95% "
           "interval", "interval", "month-block bootstrap of score differences",
           note="rolling refits inside every replicate: benchmarks/validate_forecast.py "
           "(stylised simulator, 200 series; not in the regime table) found the interval "
           "excludes 0 in 11.5% (nominal 5%) under no effect"),
        _R(nb11, "skill_logs_vs_climatology/*/ci", "Skill vs climatology, 95% interval",
           "interval", "month-block bootstrap of score differences",
           note="rolling one-step-ahead refits (every 365 days over 915 days) and the "
           "month-block bootstrap inside every replicate: not run (machine time)"),
    ]
    for n in ("effect[militia<-militia]", "effect[militia<-us]", "effect[us<-militia]",
              "effect[us<-us]", "mark_effect[militia<-militia]", "mark_effect[us<-militia]"):
        r.append(_R(nb11, f"signed_effects/{n}/ci", f"Signed-kernel {n}, 95% interval",
                    "interval", "Wald (Hessian)", ("signed_fit", n),
                    note="simulated from the signed-kernel fit (casualty marks drawn with "
                    "the observed share); about 3 in 10 simulated paths run away (the "
                    "fitted log-linear recursion is explosive with positive probability) "
                    "and are left out (n_failed): coverage given a non-explosive path"))
    r += [
        _R(nb11, "scenarios_us_after_attack_day_L1/*/ci", "Thinning scenarios, 95% "
           "interval", "interval", "HAC Wald",
           note="fits on thinned copies of the data (scenarios calibrated to official "
           "tallies): a design would have to simulate the reporting process as well as "
           "the counts; not built"),
    ]
    gof_note = ("size of the gate in data simulated from the fit itself (its null: the "
                "model is right), refitted with the same specification; {}. In sample the "
                "gate's log-score z stays close to 0 (the fitted parameters, dispersion "
                "included, adapt the predictive distributions to the very counts they are "
                "scored on), so it almost never rejects: passing it says little; the "
                "out-of-sample calibration tests of this notebook are the informative "
                "check")
    for model, study, how in (
            ("additive (notebook 03)", "gof_ch_fit", "the CountHawkes fit of the whole "
             "record (max lag 14, the case-study phases)"),
            ("signed (this notebook)", "gof_signed_fit", "the signed-kernel fit; runaway "
             "simulated paths left out (n_failed), as in design signed_fit")):
        for side in ("militia", "us"):
            r.append(_R(nb11, f"gof_gate/{model}[{side}]/pvalue", f"Goodness-of-fit "
                        f"gate, {model.split(' ')[0]} model, {side}", "test",
                        "calibration test of the log score (in sample)",
                        (study, f"gof[{side}] calibration test"),
                        note=gof_note.format(how)))
    return r


#: Every test and interval of the bundled notebooks, mapped to its measurement.
REPORTED: list = _registry()

#: Top-level key of a values file: {pattern: reason} of the reported numbers without a
#: measurement.
NOT_MEASURED_KEY = "calibration_not_measured"

#: Top-level key of a values file: {pattern: data note} of the reported numbers whose
#: measurement was made on an older build of the data than the current one.
OLDER_DATA_KEY = "calibration_measured_on_older_data"

#: Status of a reported range that makes no sampling claim (e.g. bounds over the
#: unknown within-day order): not a test or interval, so neither measured nor not.
NO_CLAIM = "no sampling claim"

#: Top-level key of a values file: {pattern: reason} of the reported ranges that make no
#: sampling claim (listed apart from the unmeasured ones).
NO_CLAIM_KEY = "calibration_no_sampling_claim"

#: suffixes of the measured size / coverage that :func:`label_values` writes beside a number
MEASURED_SUFFIXES = ("_measured_size", "_measured_coverage")

_TABLE_CACHE: dict = {}


def _table(path=None) -> pd.DataFrame | None:
    path = Path(path) if path is not None else REGIME_RESULTS
    if not path.is_file():
        return None
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _TABLE_CACHE:
        _TABLE_CACHE.clear()
        _TABLE_CACHE[key] = pd.read_csv(path)
    return _TABLE_CACHE[key]


def _lookup(table, ref, version):
    """The row measuring ``ref = (study, quantity[, version])``: the given version if
    the table has it, else the latest run."""
    if ref is None or table is None:
        return None
    study, quantity = ref[0], ref[1]
    version = ref[2] if len(ref) > 2 else version
    rows = table[(table["study"] == study) & (table["quantity"] == quantity)]
    if rows.empty:
        return None
    exact = rows[rows["version"] == version]
    if not exact.empty:
        return exact.iloc[-1]
    order = rows["version"].map({"before": 0, "after": 1})
    return rows.iloc[int(order.to_numpy().argmax())]


def _in_band(row, band) -> bool:
    e = float(row["empirical"])
    if row["kind"] == "coverage":
        return COVERAGE_BAND[0] <= e <= COVERAGE_BAND[1]
    if band == "at most":
        return e <= float(row["nominal"])
    return SIZE_BAND[0] <= e <= SIZE_BAND[1]


def _data_note(row) -> str:
    """``""`` for a row measured on the current data (its ``data`` fingerprint equals the
    bundled case's now, :func:`~analysis.models.calibration_data.case_fingerprint`),
    else the one wording for "measured on an older table", e.g. ``"older data table: 572
    incidents; now 677"``. A table without the ``data`` column (written before it
    existed, or by hand) is not compared: ``""``."""
    import re
    from .calibration_data import case_fingerprint
    if "data" not in row.index:
        return ""
    data = "" if pd.isna(row["data"]) else str(row["data"])
    m = re.search(r"(\w+): (\d+) incidents", data)
    try:
        now = case_fingerprint(m.group(1) if m else "iraq_syria")
    except (OSError, SpecificationError, ValueError):   # no bundled data (installed copy)
        return "data of the measurement not compared (no bundled data)"
    if data == now:
        return ""
    was = f"{m.group(2)} incidents" if m else "table not recorded"
    was += "" if not m or data.startswith(m.group(1)) else " (inferred from its commit)"
    n_now = re.search(r"(\d+) incidents", now).group(1)
    return f"older data table: {was}; now {n_now}"


def _fmt(row) -> str:
    if row is None:
        return "not measured"
    return (f"{100 * row['empirical']:.1f}% ({100 * row['mc_se']:.1f}; "
            f"n={int(row['n'])})")


def _notebooks():
    return sorted({r.notebook for r in REPORTED})


def _check_notebook(notebook):
    nb = str(notebook).removesuffix(".ipynb").removesuffix(".json")
    if nb not in _notebooks():
        raise SpecificationError(f"notebook {notebook!r} has no reported inference in the "
                                 f"inventory; notebooks: {_notebooks()}")
    return nb


def reported_inference(notebook, *, path=None) -> pd.DataFrame:
    """The inventory of one notebook's reported tests and intervals, with their
    measured size or coverage.

    Parameters
    ----------
    notebook : str
        Notebook name, e.g. ``"02-count-regressions"`` (``.ipynb`` may be given).
    path : str or Path, optional
        Another regime table (default :data:`~analysis.models.calibration.REGIME_RESULTS`).

    Returns
    -------
    DataFrame
        One row per reported number (patterns of values keys): ``key``, ``quantity``,
        ``kind``, ``method``, ``measured_as`` (the table row), ``before``, ``after``
        (size or coverage, MC s.e. in brackets), ``empirical`` (after, a float or NaN),
        ``status`` (``"in band"``, ``"out of band"``, ``"not measured"``, or ``"no
        sampling claim"`` for a reported range that is not a confidence interval, e.g.
        bounds over the unknown within-day order) and ``note``.

    Raises
    ------
    SpecificationError
        A notebook without entries (the message lists those with entries).
    """
    nb = _check_notebook(notebook)
    table = _table(path)
    rows = []
    for r in REPORTED:
        if r.notebook != nb:
            continue
        after = _lookup(table, r.after, "after")
        before = _lookup(table, r.before, "before")
        status = (NO_CLAIM if r.kind == "bounds" else "not measured" if after is None
                  else "in band" if _in_band(after, r.band) else "out of band")
        rows.append({"key": r.key, "quantity": r.label, "kind": r.kind, "method": r.method,
                     "measured_as": "" if r.after is None else f"{r.after[0]}: {r.after[1]}",
                     "before": NO_CLAIM if r.kind == "bounds" else _fmt(before),
                     "after": NO_CLAIM if r.kind == "bounds" else _fmt(after),
                     "data": "" if after is None else (_data_note(after) or "current"),
                     "empirical": float("nan") if after is None else float(after["empirical"]),
                     "status": status, "note": r.note if r.note or table is not None
                     else "no regime table (run make validate)"})
    return pd.DataFrame(rows)


def calibration_report(notebook, *, path=None) -> Summary:
    """The size or coverage, measured in the data's regime, of every test and interval
    a notebook reports: the table a methods referee asks for.

    Parameters
    ----------
    notebook : str
        Notebook name, e.g. ``"02-count-regressions"``.
    path : str or Path, optional
        Another regime table (default :data:`~analysis.models.calibration.REGIME_RESULTS`).

    Returns
    -------
    Summary
        Facts (how many reported numbers are in band, out of band and labelled, not
        measured, or make no sampling claim) and the table of :func:`reported_inference` (prints as text, renders
        as HTML in Jupyter).

    Examples
    --------
    >>> from analysis import calibration_report
    >>> print(calibration_report("02-count-regressions"))   # doctest: +SKIP
    """
    inv = reported_inference(notebook, path=path)
    counts = inv["status"].value_counts()
    info = [("Notebook", _check_notebook(notebook)),
            ("Reported tests and intervals (patterns)", len(inv)),
            ("In band", int(counts.get("in band", 0))),
            ("Out of band (measured value beside them in the values file)",
             int(counts.get("out of band", 0))),
            ("Not measured", int(counts.get("not measured", 0))),
            ("No sampling claim (bounds over orders, not intervals: nothing to "
             "calibrate)", int(counts.get(NO_CLAIM, 0))),
            ("Measured on an older data table than the current one",
             int(((inv["data"] != "current") & (inv["data"] != "")).sum())),
            ("Table", "benchmarks/results/validate_regime.csv (make validate)")]
    shown = inv[["quantity", "method", "before", "after", "status", "data", "note"]].copy()
    shown.index = inv["key"]
    notes = ["Size: share of simulated data sets where the test rejects at 5% while its "
             "null holds (band 3-7%); coverage: share of 95% intervals containing the "
             "simulated value (band 93-97%). MC s.e. and replications in brackets. "
             "Before: the method the notebook reported before issue 18; after: now. "
             "Data: 'current' where the measurement was made on the data as they stand, "
             "else the older table it was made on.",
             "Out-of-band numbers carry '<key>_measured_size' or "
             "'<key>_measured_coverage' beside them in the values file."]
    return Summary(f"Calibration of the reported inference: {info[0][1]}", info,
                   [("Reported tests and intervals", shown)], notes)


def _split(key):
    return key.split("/")


def _match(pattern, parts):
    # "*" matches one key; "[" is literal (keys such as "a[us<-militia]")
    pat = [q.replace("[", "[[]") for q in _split(pattern)]
    return len(pat) == len(parts) and all(fnmatch.fnmatchcase(p, q)
                                          for p, q in zip(parts, pat))


def _walk(d, parts=()):
    if isinstance(d, dict):
        for k, v in d.items():
            yield parts + (str(k),), d, k
            yield from _walk(v, parts + (str(k),))


def label_values(values: dict, name: str, *, path=None) -> dict:
    """Write the measured size or coverage beside every out-of-band reported number.

    For each key of ``values`` that the inventory (:data:`REPORTED`) maps to a
    measurement outside the band, adds ``<key>_measured_size`` (tests) or
    ``<key>_measured_coverage`` (intervals) to the same dict, the empirical value as a
    fraction (numbers in band get nothing). The first inventory entry matching a key decides (specific entries come
    before patterns). :func:`analysis.save_values` calls it for every values file.

    Parameters
    ----------
    values : dict
        The nested values of a notebook (not modified; a copy is returned).
    name : str
        The values file's name (the notebook's name); names without inventory entries
        are returned unchanged.
    path : str or Path, optional
        Another regime table.

    Returns
    -------
    dict
        A copy of ``values`` with the labels added, and under ``NOT_MEASURED_KEY``
        (``"calibration_not_measured"``) the inventory patterns of the reported numbers
        that the study does not measure, each with the reason (``{pattern: reason}``;
        :func:`calibration_report` prints the same table), and under ``OLDER_DATA_KEY``
        (``"calibration_measured_on_older_data"``) those whose measurement was made
        on an older build of the data (``{pattern: which table}``).

    Warns
    -----
    AnalysisWarning
        The notebook has inventory entries but the regime table is missing (an
        installed package without ``benchmarks/``): nothing is labelled.
    """
    entries = [r for r in REPORTED if r.notebook == name]
    if not entries or not isinstance(values, dict):
        return values
    table = _table(path)
    if table is None:
        warnings.warn(f"no calibration table at {REGIME_RESULTS}: the reported numbers of "
                      f"{name} are not labelled with their measured size/coverage "
                      "(run `make validate` in a source checkout)", AnalysisWarning,
                      stacklevel=2)
        return values
    import copy
    out = copy.deepcopy(values)
    labels, unmeasured, older, no_claim = [], {}, {}, {}
    for parts, parent, k in _walk(out):
        for r in entries:
            if _match(r.key, parts):
                if r.kind == "bounds":
                    no_claim.setdefault(r.key, r.note)
                    break
                row = _lookup(table, r.after, "after")
                if row is None:
                    unmeasured.setdefault(r.key, r.note or "not in the regime study")
                    break
                if _data_note(row):
                    older.setdefault(r.key, _data_note(row))
                if not _in_band(row, r.band):
                    suffix = MEASURED_SUFFIXES[0] if r.kind == "test" else MEASURED_SUFFIXES[1]
                    labels.append((parent, f"{k}{suffix}", float(row["empirical"])))
                break
    for parent, k, v in labels:
        parent[k] = v
    if unmeasured:
        out[NOT_MEASURED_KEY] = unmeasured
    if older:
        out[OLDER_DATA_KEY] = older
    if no_claim:
        out[NO_CLAIM_KEY] = no_claim
    return out


def measured_label(notebook, key, *, path=None, always=False) -> str:
    """The measured size or coverage of one reported number as a short phrase.

    Parameters
    ----------
    notebook : str
        Notebook name, e.g. ``"02-count-regressions"``.
    key : str
        The number's path in the values file (keys joined by ``/``), e.g.
        ``"main/us/poisson_pml/granger_p"``.
    path : str or Path, optional
        Another regime table.
    always : bool
        Also phrase measurements within the band (default: ``""`` for them).

    Returns
    -------
    str
        E.g. ``"measured size 7.8%"`` or ``"measured coverage 78%"`` (two significant
        digits), followed, where the measurement was made on an older build of the data,
        by which, e.g. ``"measured size 7.8% (older data table: 572 incidents; now
        677)"``; ``"coverage not measured in this regime"`` where the inventory has no
        measurement; ``""`` for an in-band number unless ``always``.

    Raises
    ------
    SpecificationError
        The key matches no inventory entry of the notebook.
    """
    nb = _check_notebook(notebook)
    parts = _split(key)
    for r in REPORTED:
        if r.notebook == nb and _match(r.key, parts):
            if r.kind == "bounds":
                return "bounds, not a confidence interval: no sampling claim"
            what = "size" if r.kind == "test" else "coverage"
            row = _lookup(_table(path), r.after, "after")
            if row is None:
                return f"{what} not measured in this regime"
            if _in_band(row, r.band) and not always:
                return ""
            e = 100 * float(row["empirical"])
            lab = f"measured {what} {e:.2g}%" if e >= 10 else f"measured {what} {e:.1f}%"
            older = _data_note(row)
            return f"{lab} ({older})" if older else lab
    raise SpecificationError(f"{key!r} matches no reported test or interval of {nb}; "
                             f"entries: {[r.key for r in REPORTED if r.notebook == nb]}")
