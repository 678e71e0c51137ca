"""Run the designs, write and merge the table (``validate_regime.csv``), its markdown
report (``validate_regime.md``) and the inventory of the reported inference
(``reported_inference.md``)."""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.exceptions import SpecificationError
from analysis.models.calibration import calibrate
from analysis.models.calibration_data import case_fingerprint
from benchmarks.regime import OUT
from benchmarks.regime.designs import DESIGNS, LABEL, case_of
from benchmarks.regime.fits import fits
from benchmarks.regime.simulated_truths import _truth_at_mean


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
            write_pvalues(cal, name, out)
        print(f"{name}: {n} replications in {secs:.0f} s ({cal.n_failed} failed)", flush=True)
        print(cal.table[["kind", "empirical", "mc_se", "n"]].to_string(), flush=True)
        write(pd.concat(rows), [r['study'].iloc[0] for r in rows], version, out)
    return pd.concat(rows) if rows else None


def write_pvalues(cal, name, out=None):
    """A gate's p-value in every replicate of design ``name`` (its simulated null law,
    ``records["pvalue"]``) to ``<out>/validate_regime_pvalues/<name>.csv``, which
    :func:`analysis.models.calibration.measured_null_pvalues` reads."""
    folder = (OUT if out is None else Path(out)) / "validate_regime_pvalues"
    folder.mkdir(parents=True, exist_ok=True)
    pv = cal.records.dropna(subset=["pvalue"])[["quantity", "replicate", "pvalue"]]
    pv.round(6).to_csv(folder / f"{name}.csv", index=False)


#: the ``data`` of rows whose run did not record the table it was fitted on
NOT_RECORDED = "not recorded"


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
