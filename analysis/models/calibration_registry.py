"""The inventory of the tests and intervals the bundled notebooks report (:data:`REPORTED`).

One :class:`ReportedNumber` per test or 95% interval that notebooks 02-05 and 09-11
write to their values files, mapped onto the row of the regime table
(``benchmarks/results/validate_regime.csv``) that measures it, with the method and a note
saying how the measurement maps or why there is none. :mod:`analysis.models.calibration_report`
reads it (reports, labels in values files, phrases for the notebooks); this module only
holds the entries, so adding a reported number means adding an entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["REPORTED", "ReportedNumber"]


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
    #: why no size or coverage can be measured in this regime (refits fail in data like
    #: these): written next to the number in the values file and the notebook; "" if
    #: measurable
    unmeasurable: str = ""


def _R(notebook, key, label, kind, method, after=None, before=None, note="",
       band="two-sided", unmeasurable=""):
    return ReportedNumber(notebook, key, label, kind, method, after, before, note, band,
                          unmeasurable)


_PAIRS = [("militia", "us"), ("us", "militia"), ("militia", "militia"), ("us", "us")]
_NO_BOOT = ("bootstrap inside every Monte-Carlo replicate not run (machine time)")
_DUAL = "hazard_ratio[militia<-us] 95% interval ({}), at HR = 1"
_DUAL_NOTE = ("coverage at HR = 1 derived from the test's size in the same replicates: the "
              "interval is exp(beta +- 1.96 se) with the test's se, so HR = 1 lies outside "
              "it exactly when the test rejects at 5% (coverage = 1 - size); coverage at "
              "other HRs is not simulated")
_WARP = ("measured by the warp-speed Monte Carlo (Giacomini, Politis & White 2013): one "
         "bootstrap resample per replicate, the deviations pooled across replicates")
_WARP_STUD = (_WARP + ", divided by each replicate's {} s.e. before pooling (studentised: "
              "plain pooling over-states the nested coverage where the bootstrap's width "
              "varies between data sets, tests/test_calibration_warp.py)")
_WARP_PLAIN = (_WARP + "; plain pooling (no s.e. per replicate): it over-states the nested "
               "coverage where the bootstrap's width varies between data sets "
               "(tests/test_calibration_warp.py), so read it as an upper bound")
_VAR_NESTED = ("measured by the full nested Monte Carlo: 199 block-bootstrap draws inside "
               "every replicate (the notebook: {}), data simulated from the VAR (fitted "
               "coefficients, resampled residual rows)")
_CH_CUT = ("; 200 replications (two CountHawkes fits each, 6-30 s on the shared core: "
           "cut to the session's machine time), hence the larger MC s.e.; the package's "
           "CountHawkes bootstrap offers percentile intervals only (basic: see the table, "
           "design ch_warp)")
_CHOLESKY_ZERO = ("exactly 0 by the identification (the later side in a Cholesky ordering "
                  "does not move the earlier one on day 0): not a sampling interval")
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
_LAG_MATCHED = ("; the bootstrap resamples moving blocks of 14 calendar days, trigger and "
                "control days together, and recomputes each stratum's control share in "
                "every draw (response_lags(matched_bootstrap=\"days\"); design "
                "lags_ch_days14_fit, 300 replications: the machine time of the session); "
                "before: trigger days resampled with their matched baselines, each "
                "stratum's control share held fixed (the sampling variation of the "
                "control days left out), blocks of trigger days as the other quantities")
#: the design measuring the matched baselines and lifts (block length in calendar days)
_LAG_MATCHED_STUDY = (14, "lags_ch_days14_fit")
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


def _sfx(source):
    """Suffix of the regime-table designs of a source of incidents."""
    return "" if source == "all" else "_confirmed"


#: (source, window) of notebooks 02 and 03's window fits: all incidents, then confirmed
_SOURCES_WINDOWS = [(c, w) for c in ("all", "confirmed") for w in _WINDOWS]
#: notebook 02's NB window fits the data cannot estimate (separation; the notebook
#: reports no number): (response, window, source)
_NB_NOT_ESTIMABLE = {("us", "campaign", "confirmed")}
#: entries whose size/coverage cannot be measured (refits fail in data like these):
#: (window, response, source) -> the reason written next to the number
_CW_UNMEASURABLE = {
    (w, "us", c): (f"not measurable: the window's NB fit of {what} without the militia "
                   f"effect simulates almost no US strikes; {failed} of {n} refits failed "
                   f"(design cw_us_{w}{_sfx(c)}_null)")
    for w, c, what, failed, n in (
        ("before_campaign", "all", "US strikes", 382, 400),
        ("before_campaign", "confirmed", "confirmed US strikes", 478, 500),
        ("after_campaign", "confirmed", "confirmed US strikes", 469, 500))}
_VAR_UNMEASURABLE = {("before_campaign", "us", "all"): _DEGENERATE}
#: notebook 02's NB fit of US strikes (lags 1-7, whole record)
_NB_US_NONE = ("not measurable: the NB refit of US strikes fails in 99 of 100 series "
               "simulated like the data (design nb_us_ch_null)")

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
#: notebook 10's event-study leads: measured where their truth is 0 (design
#: event_study_nocross_*: no cross-effect either way)
_ES_NOCROSS = ("CountHawkes series with both cross-effects set to 0 (no militia effect on "
               "US strikes and no US effect on militia attacks, so no US strike precedes "
               "an attack by cause: the lead's truth is 0; in the fitted model US strikes "
               "excite militia attacks and the lead's truth is not 0); coverage of 0; "
               "the lead (pre-trend) test's size is the row 'lead (pre-trend) test' of "
               "the same design; 199 bootstrap/placebo draws per replicate (the notebook: "
               "999)")
#: notebook 04's jitter ensembles (window, source)
_NB04_FITS = (("all", "all"), ("campaign", "all"), ("all", "confirmed"),
              ("campaign", "confirmed"))


def _nb04_study(window, source):
    """The warp-speed design of notebook 04's jitter ensemble of ``window``/``source``."""
    return "hawkes_jitter_warp" if (window, source) == ("all", "all") else \
        f"hawkes_jitter_{window}_{source}_warp"


#: 5% quantiles of the median-KS-p null laws of notebook 04's four fits, from
#: benchmarks/results/validate_regime_pvalues/ (calib13's run, 500 replicates each)
_GATE_Q05 = ("militia 0.55, 0.63, 0.51, 0.61 and us 0.53, 0.39, 0.53, 0.28 (all / all, "
             "campaign / all, all / confirmed, campaign / confirmed)")
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
           note="covariance not finite: 7 separate lags of a sparse side with dispersion "
           "~20; the PML test of the same direction is the primary one; the notebook "
           "shows this test as not calibratable, without its p-value",
           unmeasurable=_NB_US_NONE),
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
        *[_R(_NB02, f"main/{side}/{fam}/response_7d_bootstrap", f"7-day response of {side} "
             f"to {other} ({label}), bootstrap", "interval",
             "moving-block bootstrap (299 refits), percentile; warp-speed",
             (f"{study}_warp", f"response_7d[{side}<-{other}] warp-speed percentile"
                               " (studentised)"),
             ("pml_boot_fit", f"response_7d[{side}<-{other}] bootstrap (99)")
             if study == "pml_us" else None,
             note=_WARP_STUD.format("HAC") + "; simulated from the fit (blocks of 14 days)"
             + ("; before: 99 refits nested in 30 replicates (pml_boot_fit)"
                if study == "pml_us" else ""))
          for side, other, fam, label, study in (
              ("us", "militia", "poisson_pml", "Poisson PML", "pml_us"),
              ("militia", "us", "negbin", "NB", "nb_militia"),
              ("militia", "us", "poisson_pml", "Poisson PML", "pml_militia"))],
        _R(_NB02, "main/us/negbin/response_7d_bootstrap", "7-day response of US to militia "
           "(NB), bootstrap", "interval", "moving-block bootstrap (299 refits)",
           note="the NB US fit extrapolates (dispersion ~20)", unmeasurable=_NB_US_NONE),
        _R(_NB02, "main/militia/poisson_pml/response_7d", "7-day response of militia to "
           "US (Poisson PML)", "interval", "HAC Wald",
           ("pml_militia_fit", "response_7d[militia<-us]"),
           ("pml_militia_fit", "response_7d[militia<-us]")),
        _R(_NB02, "main/militia/poisson_pml/response_day1", "Day-1 response of militia to "
           "US (Poisson PML)", "interval", "HAC Wald (delta method)",
           ("pml_militia_fit", "coef[us.L1-3]"), ("pml_militia_fit", "coef[us.L1-3]"),
           note="measured on the Wald interval of coef[us.L1-3]"),
        _R(_NB02, "main/us/negbin/response_*", "Responses of US to militia (NB)", "interval",
           "HAC Wald", note="the NB US fit extrapolates (dispersion ~20)",
           unmeasurable=_NB_US_NONE),
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
    # notebook 02's window fits of all and of confirmed incidents: designs
    # cw_<response>_<window>[_confirmed]_null
    for c, w in _SOURCES_WINDOWS:
        for src, tgt in (("militia", "us"), ("us", "militia")):
            if (tgt, w, c) in _NB_NOT_ESTIMABLE:
                continue            # the notebook reports no estimate (separation)
            key = f"by_window/{src} -> {tgt} | {w} | {c}"
            study = f"cw_{tgt}_{w}{_sfx(c)}_null"
            # US strikes before the campaign: the NB window fit without the militia
            # effect simulates almost no US strikes; nearly every refit fails
            none = _CW_UNMEASURABLE.get((w, tgt, c), "")
            where = "" if c == "all" else ", confirmed incidents"
            r += [_R(_NB02, f"{key}/granger_p", f"Granger {src} -> {tgt}, window {w}{where}",
                     "test", "wild-cluster score bootstrap",
                     None if none else (study, f"granger[{tgt}<-{src}] score bootstrap "
                                               "(notebook blocks)"),
                     note="" if none else _CW_NOTE, unmeasurable=none),
                  _R(_NB02, key, f"7-day response of {tgt} to {src}, window {w}{where}",
                     "interval", "HAC Wald",
                     None if none else (study, f"response_7d[{tgt}<-{src}]"),
                     note="" if none else _CW_NOTE + "; coverage at the true response 0",
                     unmeasurable=none)]
    r += [
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
    ]
    for ident in ("militia first", "us first", "generalized"):
        for imp, resp in (("militia", "us"), ("us", "militia")):
            for days in ("day 0", "days 1-14"):
                key = f"{ident} | {imp} -> {resp} | {days}"
                zero = days == "day 0" and ident == f"{resp} first"
                r.append(_R(_NB03, f"var/total_response/{key}", f"VAR total response "
                            f"{imp} -> {resp}, {days} ({ident})",
                            "bounds" if zero else "interval",
                            "moving-block bootstrap (1000 refits), percentile",
                            None if zero else ("var_boot_fit",
                                               f"total_response[{key}] bootstrap (199) "
                                               "percentile"),
                            note=_CHOLESKY_ZERO if zero else _VAR_NESTED.format(1000)
                            + "; warp speed (one draw per replicate, plain pooling): "
                            "design var_warp"))
    # notebook 03's window VARs (7 lags), all and confirmed incidents: designs
    # var7_<window>[_confirmed]_ch_null_<target>
    for c, w in _SOURCES_WINDOWS:
        for src, tgt in (("militia", "us"), ("us", "militia")):
            none = _VAR_UNMEASURABLE.get((w, tgt, c), "")
            where = "" if c == "all" else ", confirmed incidents"
            r.append(_R(_NB03, f"var/by_window/{src} -> {tgt} | {w} | {c}/granger_wild_p",
                        f"VAR Granger {src} -> {tgt}, window {w}{where}", "test",
                        "restricted wild bootstrap (HC3)",
                        None if none else (f"var7_{w}{_sfx(c)}_ch_null_{tgt}",
                                           f"granger[{tgt}<-{src}] wild bootstrap (HC3)"),
                        note="" if none else f"series of the window's CountHawkes fit "
                        f"without the {src} -> {tgt} effect", unmeasurable=none))
    # their generalised responses over days 1-14 (moving-block bootstrap, blocks of 7)
    for c, w in _SOURCES_WINDOWS:
        for src, tgt in (("militia", "us"), ("us", "militia")):
            where = "" if c == "all" else ", confirmed incidents"
            r.append(_R(_NB03, f"var/by_window/{src} -> {tgt} | {w} | {c}",
                        f"VAR generalised response {src} -> {tgt}, days 1-14, window "
                        f"{w}{where}", "interval",
                        "moving-block bootstrap (blocks of 7 days), percentile",
                        (f"var7_{w}{_sfx(c)}_boot_fit", f"total_response[generalized | "
                                                        f"{src} -> {tgt} | days 1-14] "
                                                        "bootstrap (199) percentile"),
                        note=_VAR_NESTED.format("its n_boot") + " of the window"))
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
        _R(_NB03, "hawkes/spectral_radius/bootstrap", "CountHawkes spectral radius, "
           "bootstrap", "interval", "parametric bootstrap (200 refits), percentile; "
           "warp-speed", ("ch_warp", "spectral_radius warp-speed percentile (studentised)"),
           note=_WARP_STUD.format("delta-method") + _CH_CUT),
    ]
    for t, s in _PAIRS:
        r.append(_R(_NB03, f"hawkes/reproduction/{t} <- {s}/bootstrap",
                    f"CountHawkes reproduction {t} <- {s}, bootstrap", "interval",
                    "parametric bootstrap (200 refits), percentile; warp-speed",
                    ("ch_warp", f"branching[{t}<-{s}] warp-speed percentile (studentised)"),
                    note=_WARP_STUD.format("Hessian") + "; an entry the refit puts at 0 "
                    "keeps its profile interval, as reported" + _CH_CUT))
    for t in ("militia", "us"):
        for s in ("endemic", "militia", "us"):
            r.append(_R(_NB03, f"hawkes/attribution/{t} <- {s}/bootstrap",
                        f"CountHawkes attribution {t} <- {s}, bootstrap", "interval",
                        "parametric bootstrap (200 refits), percentile; warp-speed",
                        ("ch_warp", f"attribution[{t}<-{s}] warp-speed percentile "
                                    "(studentised)"),
                        note=_WARP_STUD.format("delta-method") + _CH_CUT + "; replicates "
                        "whose share has no s.e. (a term at its bound) are left out (n)"))
    # notebook 03's window fits of the self-exciting count model (all incidents; the
    # whole record is the main fit, design ch_fit)
    # (and of confirmed incidents: designs ch_confirmed_fit, ch_<window>_confirmed_fit)
    ch_of = {"all": "ch", "before_campaign": "ch_before_campaign",
             "campaign": "ch_campaign7", "after_campaign": "ch_after_campaign"}
    for c, w in _SOURCES_WINDOWS:
        study = f"{ch_of[w]}{_sfx(c)}_fit"
        for t, s_ in _PAIRS:
            r.append(_R(_NB03, f"hawkes/by_window/{w} | {c}/a[{t}<-{s_}]",
                        f"CountHawkes reproduction {t} <- {s_}, window {w}"
                        + ("" if c == "all" else ", confirmed incidents"), "interval",
                        "Hessian (profile at 0)", (study, f"branching[{t}<-{s_}]"),
                        note="the interval's ends are the keys ' lower' and ' upper'; "
                        "an entry the window fit puts at 0 is simulated at 0, where the "
                        "interval [0, profile limit] covers by construction"))
    # -- 04: continuous-time Hawkes -----------------------------------------------------
    boot_note = ("each replicate refits 40 jittered copies; the one bootstrap draw comes "
                 "from a copy picked at random (the notebook's 400 are spread over the "
                 "copies); before: 99 re-rounded refits nested in 100 replicates "
                 "(hawkes_jitter_boot)")
    for w, c in _NB04_FITS:
        study = _nb04_study(w, c)
        before = (w, c) == ("all", "all")
        # in the campaign window (no phases) about two in three refits have no Rubin
        # s.e. for the cross entries (estimates at 0): the plain rows are reported there
        stud = w != "campaign"
        for t, s in _PAIRS:
            r.append(_R(_NB04, f"{w}_{c}/branching/{s}->{t}",
                        f"Hawkes branching {t} <- {s}, {w} / {c}", "interval",
                        "re-rounded parametric bootstrap, percentile; warp-speed",
                        (study, f"branching[{t}<-{s}] warp-speed percentile"
                                + (" (studentised)" if stud else "")),
                        ("hawkes_jitter_boot", f"branching[{t}<-{s}] bootstrap percentile")
                        if before else None,
                        note=(_WARP_STUD.format("Rubin") if stud else _WARP_PLAIN
                              + " (the studentised rows leave out the two in three "
                              "replicates without a Rubin s.e. in this window)")
                        + "; " + boot_note))
        r.append(_R(_NB04, f"{w}_{c}/spectral_radius", f"Hawkes spectral radius, {w} / {c}",
                    "interval", "re-rounded parametric bootstrap, percentile; warp-speed",
                    (study, "spectral_radius warp-speed percentile"),
                    ("hawkes_jitter_boot", "spectral_radius bootstrap percentile")
                    if before else None, note=_WARP_PLAIN + "; " + boot_note))
    # notebook 04's goodness-of-fit gate: the median time-rescaling KS p over the 40
    # jittered copies, read as a test at 5%; measured in the replicates of the same
    # warp-speed designs (each refits 40 copies), where the model is right
    gate_note = ("size of the gate 'median KS p over the 40 jittered copies < 0.05' in "
                 "data simulated from the fit (day rounding as the data) and refitted "
                 "with 40 copies, in the replicates of the warp-speed design: 0 of 500 "
                 "rejected (MC s.e. 0; one-sided 95% upper bound 0.6%, rule of three). "
                 "The fitted parameters and the median over copies pull the median p up "
                 "(its simulated null law has median about 0.8), so the gate almost never "
                 "rejects a correct model: conservative, a rejection by it is no false "
                 "alarm and a pass says little. The notebook also gives the Monte Carlo "
                 "p-value of the median p against that law (gof_mc_pvalue)")
    mc_note = ("Monte Carlo p-value of the median KS p against its null law simulated "
               "from the fit (the gate rows' 500 replicates, "
               "benchmarks/results/validate_regime_pvalues/): a parametric-bootstrap test. "
               "Its size measured by a fast double bootstrap (Davidson & MacKinnon 2007): "
               "in each of 500 data sets simulated from the fit and refitted (40 copies), "
               "the median p against the pooled second-level medians (one data set "
               "simulated from each replicate's own refit, refitted with 40 copies): the "
               "law the test would simulate at estimated parameters; MC s.e. by "
               "resampling the replicates, law and draws together); assumes that law "
               "varies little between replicates (the four fits' laws, with different "
               "parameters and sample sizes, have 5% quantiles {})")
    for w, c in _NB04_FITS:
        for side in ("militia", "us"):
            r.append(_R(_NB04, f"{w}_{c}/gof_median_pvalue/{side}",
                        f"Hawkes time-rescaling KS gate, {side}, {w} / {c}", "test",
                        "median KS p over 40 jittered copies < 0.05",
                        (_nb04_study(w, c), f"gof KS {side} median p < 0.05"),
                        note=gate_note))
    for w, c in _NB04_FITS:
        for side in ("militia", "us"):
            r.append(_R(_NB04, f"{w}_{c}/gof_mc_pvalue/{side}",
                        f"Hawkes time-rescaling KS gate, Monte Carlo p-value, {side}, "
                        f"{w} / {c}", "test", "median KS p against its simulated null law "
                        "(500 replicates); fast double bootstrap",
                        (_nb04_study(w, c).replace("_warp", "_gate_fdb"),
                         f"gof KS {side} Monte Carlo p < 0.05 (fast double bootstrap)"),
                        note=mc_note.format(_GATE_Q05)))
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
    """(method suffix, after, before) of one response-lag quantity; the matched
    baselines and lifts resample blocks of calendar days (trigger and control days
    together), measured by their own design, before: the trigger-day bootstrap."""
    block, study, before = _LAG_BLOCKS[pair]
    if q.startswith(("matched_baseline[", "lift[")):
        days, matched = _LAG_MATCHED_STUDY
        return (f"(blocks of {days} calendar days, trigger and control days together)",
                (matched, q), (study, q))
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
                matched = col in ("matched_baseline", "lift")
                r.append(_R(_NB05, f"lag_{key}_within/k{k}/{col}",
                            f"{resp} after {trig}: " + label.format(k=k), "interval",
                            ("moving-block bootstrap " if matched else
                             "block bootstrap of days ") + blocks, after, before,
                            note=_LAG_SIM + truth
                            + _LAG_BEFORE * (bool(before) and not matched)))
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
           "cluster block bootstrap", ("event_study_nocross_null", "event_study lead"),
           note=_ES_NOCROSS),
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
        *[_R(nb10, f"event_study/{key}/pre", f"Event study: lead (pre-trend), {who}",
             "interval", "cluster block bootstrap",
             (f"event_study_nocross_{k}_null", "event_study lead"), note=_ES_NOCROSS)
          for k, key, who in (
              (k, f"attack days, {v}" if k != "casualty" else "casualty attack days",
               f"attack days ({v})" if k != "casualty" else "casualty-producing attack days")
              for k, v in _ES_SETS.items())],
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
                        "moving-block bootstrap " + blocks, after, before,
                        note=_LAG_SIM + _LAG_POP + _LAG_MATCHED + "; the same fits as "
                        "notebook 05's (notebook 10: 1000 draws)"))
    r += [
        _R(nb10, "ordering_bounds", "Same-day ordering bounds", "bounds",
           "bounds over orders (not a sampling interval)",
           note="no sampling claim: the low and high ends are the estimate under the two "
           "extreme within-day orders, not a confidence interval; nothing to calibrate"),
    ]
    # notebook 11's forecast intervals (design forecast_ch_fit): coverage of the expected
    # score gain by the month-block bootstrap interval
    fc_note = ("daily counts simulated by the CountHawkes fit (notebook 03's, its phases: "
               "the campaign phase starts inside the forecast period); the notebook's "
               "forecasters from 2022-07-01 with parameters fitted once on the days before "
               "(the notebook refits every 182 days: a reduced refit frequency, machine "
               "time; stale parameters through the campaign phase make the summed score "
               "differences more variable between series than the notebook's refits "
               "would, so this measures the design as run here, not exactly the "
               "notebook's), 199 month-block bootstrap draws (the notebook: 999), 300 "
               "replications (machine time); truth: the expected score gain under the "
               "simulator, the mean of the 300 replicates' point estimates, themselves "
               "heavy-tailed (a few series with large bursts dominate; misses fall mostly "
               "on one side: see miss_below/miss_above in validate_regime.csv), so the "
               "truth carries Monte-Carlo error too; the month-block bootstrap, resampling "
               "days of one series, does not see that variation between series")
    for m, own in (("NB", "NB own history"), ("self-exciting", "self-exciting own history")):
        for side in ("militia", "us"):
            r.append(_R(nb11, f"predictive_granger_logs/{m}[{side}]/ci", f"Predictive "
                        f"Granger ({m}, {side}): log-score gain, 95% interval", "interval",
                        "month-block bootstrap of score differences",
                        ("forecast_ch_fit", f"predictive_granger_logs {m}[{side}]"),
                        note=fc_note + f"; the gain of {m} over {own}"))
    for m in ("NB", "NB own history", "self-exciting", "self-exciting own history"):
        for side in ("militia", "us"):
            r.append(_R(nb11, f"skill_logs_vs_climatology/{m}[{side}]/ci", f"Skill vs "
                        f"climatology ({m}, {side}), 95% interval", "interval",
                        "month-block bootstrap of score differences",
                        ("forecast_ch_fit", f"skill_logs {m}[{side}]"), note=fc_note))
    r += [
        _R(nb11, "skill_logs_vs_climatology/VAR(7)[*]/ci", "Skill vs climatology (VAR(7)), 95% "
           "interval", "interval", "month-block bootstrap of score differences",
           unmeasurable="not measurable: the VAR's rounded Gaussian gives some counts "
           "simulated by the CountHawkes fit probability 0 (2 of 3 trial replicates), so "
           "its log-score difference is undefined there (design forecast_ch_fit leaves "
           "it out)"),
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
        _R(nb11, f"scenarios_us_after_attack_day_L1/{k}/ci", f"Thinning scenario {k}: "
           "next-day log rate ratio of US strikes after an attack day, 95% interval",
           "interval", "HAC Wald (Rubin's rules over imputed dates)",
           ("thinning_ch_fit", f"scenario {k}: militia.L1"),
           note="the full daily series simulated by the CountHawkes fit, the reporting "
           "process by binomial thinning of each side's counts at the scenario's share of "
           "the data's incidents (confirmed: militia 0.568, us 0.651; confirmed + claimed: "
           "0.765, 0.651; all: 1), refitted as the notebook does; thinning at random "
           "(confirmation tracks casualties in the data) and every simulated date exact "
           "(no imputation: Rubin's rules over identical copies are the plain Wald "
           "interval); truth: the NB2 pseudo-true value of militia.L1 under that thinning, "
           "fitted on 100 simulated thinned series stacked; series whose lag-1 indicator "
           "is separated (no US strike after an attack day: the notebook's fit stops too) "
           "left out of both")
        for k in ("confirmed", "confirmed+claimed", "all")
    ]
    gof_note = ("size of the gate in data simulated from the fit itself (its null: the "
                "model is right), refitted with the same specification; {}. Randomised "
                "PIT (one draw per day) of the fitted one-day-ahead distributions, "
                "Berkowitz's LR test (3 df); in sample the fitted parameters pull the "
                "PITs' mean and spread towards their null values, so it can be "
                "conservative. Power against a stated misspecification (the additive "
                "fit's data refitted with Poisson counts, no overdispersion; design "
                "gof_pit_ch_poisson, 200 replications): 26.0% (militia), 71.5% (us). "
                "Its serial-dependence part alone (rows 'PIT serial-dependence test', "
                "1 df) keeps its size (4.8%, 4.2% for the additive fit) but has no power "
                "against that misspecification (4.5%, 4.0%). Before: the log score's "
                "calibration z-test in sample, which almost never rejects (the fitted "
                "dispersion adapts the predictive distributions to the very counts "
                "they are scored on)")
    for model, study, before, how in (
            ("additive (notebook 03)", "gof_pit_ch_fit", "gof_ch_fit", "the CountHawkes fit "
             "of the whole record (max lag 14, the case-study phases)"),
            ("signed (this notebook)", "gof_pit_signed_fit", "gof_signed_fit", "the "
             "signed-kernel fit; runaway simulated paths left out (n_failed), as in design "
             "signed_fit; 250 replications (machine time), 172 without a runaway path")):
        for side in ("militia", "us"):
            r.append(_R(nb11, f"gof_gate/{model}[{side}]/pvalue", f"Goodness-of-fit "
                        f"gate, {model.split(' ')[0]} model, {side}", "test",
                        "randomised-PIT LR test (Berkowitz; in sample)",
                        (study, f"gof[{side}] PIT test (Berkowitz)"),
                        (before, f"gof[{side}] calibration test"),
                        note=gof_note.format(how)))
    return r


#: Every test and interval of the bundled notebooks, mapped to its measurement.
REPORTED: list = _registry()
