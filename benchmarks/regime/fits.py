"""The notebooks' fits on the bundled cases (notebooks 02-05 and 09-11), built on first
use by :func:`fits`, and the window fits of notebooks 02 and 03
(:func:`window_builders`)."""

from __future__ import annotations

import warnings

from analysis import (CountHawkes, CountModel, Hawkes, VARModel, detect_phases,
                      deterrence, to_events)
from analysis.casestudy import (PHASE_STARTS, SIDES, WINDOWS, dyad_incidents, window,
                                window_counts)
# notebook 09's Red Sea case (window, dyad, phases) and the data the designs are fitted
# on (one home: benchmarks.regime.io stamps its fingerprint on the rows)
from analysis.models.calibration_data import RED_SEA, case_data
from benchmarks.regime.simulated_truths import ForecastFit, LagFit, ThinningFit
from benchmarks.regime.wrappers import (EVENT_STUDY, CountBootFit, CountWindowFit,
                                        EventStudyFit, GofFit, HurdleFit, PhaseDatesFit,
                                        SignedFit, VarBootFit)


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
