"""The design registry of the regime study: ``DESIGNS`` (name -> fit, design label,
calibrate keywords, in the order they run), the window designs of notebooks 02 and 03
(:func:`window_designs`), the fits' labels ``LABEL`` and the case each design is fitted
on (:func:`case_of`)."""

from __future__ import annotations

from analysis.casestudy import SIDES, WINDOWS
from benchmarks.regime.fits import (CH_OF_WINDOW, EVENT_STUDY_PHASES, MATCHED_DAY_BLOCKS,
                                    NOT_ESTIMABLE, _sfx)


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
    # issue 18 (calib13): notebook 04's calibrated KS gate (the Monte Carlo p-value of the
    # median KS p against its simulated null law): its size by a fast double bootstrap,
    # one second-level refit of 40 copies per replicate
    **{f"hawkes_jitter{'' if (w, c) == ('all', 'all') else f'_{w}_{c}'}_gate_fdb": (
        "hawkes_jitter" if (w, c) == ("all", "all") else f"hawkes_jitter_{w}_{c}",
        "fit (gate: fast double bootstrap)",
        {"nested": "warp_speed", "nested_options": {"gate_inner": True}})
       for w, c in (("all", "all"), ("all", "confirmed"), ("campaign", "all"),
                    ("campaign", "confirmed"))},
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


def case_of(name):
    """The bundled case a design is fitted on (``iraq_syria`` unless its fit or
    simulator is notebook 09's Red Sea fit)."""
    fit_name, _, kw = DESIGNS[name]
    return "red_sea" if {fit_name, kw.get("simulator")} & {"rs_ch", "det_redsea", "lags_rs", "lags_rs_block14"} \
        else "iraq_syria"
