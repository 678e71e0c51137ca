"""Where each public name of ``analysis`` appears in the API reference.

This is the one place that groups the public API by task. Every name in
``analysis.__all__`` (except ``__version__``) must be listed in exactly one group;
``tests/test_docs.py`` fails otherwise and says which names to place (with a suggested
group, from the module that defines the name). The API pages themselves are generated
from the package at build time (``docs/_ext/escalation_docs.py``), so a new or renamed
name needs only a line here.

Each group is ``(slug, title, intro, names)``. Groups with no names yet are skipped
when the site is built.
"""

from __future__ import annotations

GROUPS = [
    ("data-in", "Data in",
     "Load the bundled case, read and validate your own incident table, and the "
     "tables that travel with it; what a table covers per year and against official "
     "tallies.",
     ["load_incidents", "list_cases", "load_example", "read_incidents",
      "validate_incidents", "ReadResult", "Sides", "load_sides", "side_label",
      "load_sources", "load_sites", "load_actors", "load_official_tallies",
      "stated_triggers", "coverage_by_year", "coverage_against_tallies", "count_attacks"]),
    ("importers", "Importers",
     "Turn an ACLED, UCDP GED or GDELT export (or any plain table) into the generic "
     "incident schema.",
     ["from_acled", "from_ucdp_ged", "from_gdelt", "acled_dyads", "scan_acled",
      "acled_to_parquet", "ImportResult"]),
    ("aggregation", "Aggregation",
     "From incidents to what the models take: count series (one column per side) "
     "and event times, optionally weighted by severity.",
     ["to_counts", "to_events", "EventTimes", "SeverityIndex", "phase_of"]),
    ("count-regressions", "Count regressions",
     "Distributed-lag Poisson, negative-binomial and hurdle reaction functions.",
     ["CountModel"]),
    ("var", "Vector autoregression",
     "Granger causality, impulse responses (both Cholesky orderings and generalised) "
     "with bootstrap bands, variance decompositions.",
     ["VARModel"]),
    ("count-hawkes", "Self-exciting counts",
     "The discrete-time (endemic-epidemic) Hawkes model of daily counts: "
     "reproduction matrix and attribution.",
     ["CountHawkes", "simulate_count_hawkes", "SignedCountHawkes",
      "simulate_signed_count_hawkes"]),
    ("hawkes", "Continuous-time Hawkes",
     "Mutual excitation in continuous time with exponential kernels: branching "
     "matrix, goodness of fit, within-day jitter, counterfactuals.",
     ["Hawkes", "simulate_hawkes"]),
    ("phases-timing", "Phases and timing",
     "Escalation phases (change points, with bootstrap date intervals from "
     "``PhaseResults.changepoint_conf_int``) and the timing of responses: response "
     "lags, deterrence versus provocation.",
     ["detect_phases", "bayesian_changepoints", "ChangePointModel",
      "BayesianChangePoint", "response_lags", "ResponseLagModel", "deterrence",
      "DeterrenceModel"]),
    ("calibration", "Calibration",
     "Empirical size of every test and coverage of every interval of a fit, by "
     "simulation in the regime of the data at hand (or under a stated null), and the "
     "sizes and coverages measured for the bundled case (each with the fingerprint of the "
     "data it was fitted on); a self-exciting count fit simulated as a cluster process "
     "(every event with its parent, for response lags); the inventory of the tests and "
     "intervals the notebooks report, with their measured size or coverage.",
     ["calibrate", "measured_coverage", "measured_null_pvalues", "calibration_report",
      "reported_inference",
      "measured_label", "label_values", "data_fingerprint", "simulate_parents",
      "warp_speed_coverage"]),
    ("monte-carlo", "Monte Carlo tests and shared machinery",
     "The one Monte Carlo p-value of every bootstrap, placebo and simulated-null test; "
     "and, under ``analysis.models.base``, what every model family shares: the seed and "
     "option checks, replicate loops with identical results for any ``n_jobs``, the "
     "failure policy of replicates and the results base class.",
     ["monte_carlo_pvalue"]),
    ("identification", "Identification designs",
     "Designs that identify and robustness that shows: event studies against matched "
     "control days with placebo dates and leads, within-day ordering bounds for "
     "same-day-sensitive quantities, specification curves labelled robust or fragile.",
     ["EventStudy", "event_study", "event_days", "matched_controls", "ordering_bounds",
      "order_within_days", "response_share", "specification_curve"]),
    ("headlines", "Headlines",
     "One home for a claim and what a methods referee asks of it: estimand, identifying "
     "assumptions, estimate with interval, within-day ordering bounds (a range where they "
     "disagree in sign), the specification-curve label, the placebo percentile of "
     "circular time shifts and the out-of-sample log-score gain; rendered in Jupyter and "
     "written to the values files.",
     ["Headline", "shift_placebo", "predictive_gain", "cross_effect_checks"]),
    ("forecast", "Out-of-sample skill",
     "Rolling one-step-ahead forecasts of daily counts by every family with a "
     "predictive distribution, proper scores (log, RPS, DSS, Brier) against "
     "climatology and own-history baselines, block-bootstrap intervals on score "
     "differences, predictive Granger, PIT and calibration tests.",
     ["Forecaster", "one_step_ahead", "score_counts", "calibration_test", "pit_test"]),
    ("reporting-bias", "Reporting bias",
     "Re-run any analysis under thinning scenarios (confirmed, confirmed + claimed, "
     "all) and multiple imputation of week- and month-precision dates, combined by "
     "Rubin's rules.",
     ["reporting_scenarios", "thinning_scenarios", "impute_dates", "rubin_combine"]),
    ("scan", "The scan",
     "Fit a model to thousands of dyads at once, on Dask.",
     ["scan", "scan_summary", "plot_scan", "simulate_dyads", "synthetic_acled"]),
    ("coder", "The Arabic coder",
     "Draft incident rows from Arabic news reports, with the evidence for each field; "
     "the coder's blind recall per kind of incident (its first looks at held-back reports).",
     ["code_report", "first_look_recall"]),
    ("figures-tables", "Figures and tables",
     "The figure system (one style, print sizes, one colour rule for sides, neutral "
     "encodings, checks of every saved figure), deterministic figures and values files "
     "with their LaTeX macros, and the summary, side-by-side and test objects every "
     "model returns.",
     ["save_figure", "save_values", "Summary", "summary_col", "HypothesisTest",
      "side_color"]),
    ("errors", "Errors and warnings",
     "What the package raises and warns; every warning subclasses "
     "``AnalysisWarning``.",
     ["DataError", "SpecificationError", "EstimationError", "AnalysisWarning",
      "ConvergenceWarning", "ExplosiveWarning", "TiesWarning", "DataWarning",
      "FigureWarning", "FigureError"]),
]

#: Public modules whose other public names (``__all__`` less the top-level exports:
#: results objects, helpers) are documented in a group besides those of the modules
#: that define the group's names, which are included anyway. A module that does not
#: exist (yet) is skipped.
EXTRA_MODULES = {
    "data-in": ["analysis.sides"],
    "importers": ["analysis.importers"],
    "var": ["analysis.models.var_irf", "analysis.models.var_identification"],
    "count-regressions": ["analysis.reactions"],
    "headlines": ["analysis.headlines", "analysis.headline_checks"],
    "count-hawkes": ["analysis.models._count_hawkes_signed"],
    "hawkes": ["analysis.models.hawkes_results", "analysis.models.hawkes_inference"],
    "phases-timing": ["analysis.models.bayesian_phases", "analysis.models.deterrence"],
    "identification": ["analysis.models.event_study", "analysis.models.ordering",
                       "analysis.models.spec_curve"],
    "scan": ["analysis.scanning"],
    "calibration": ["analysis.models.calibration"],
    "figures-tables": ["analysis.plotting", "analysis.multiplicity", "analysis.figure_checks"],
}

#: Suggested group for a name defined in a module (used only in test messages).
MODULE_HINTS = {
    "analysis.sides": "data-in",
    "analysis.synthetic": "scan",
    "analysis.models.deterrence": "phases-timing",
    "analysis.models.bayesian_phases": "phases-timing",
    "analysis.models.hawkes_results": "hawkes",
    "analysis.models.var_irf": "var",
    "analysis.models.var_identification": "var",
    "analysis.reactions": "count-regressions",
    "analysis.headlines": "headlines",
    "analysis.headline_checks": "headlines",
    "analysis.data": "data-in",
    "analysis.importers": "importers",
    "analysis.severity": "aggregation",
    "analysis.models.counts": "count-regressions",
    "analysis.models.var": "var",
    "analysis.models.count_hawkes": "count-hawkes",
    "analysis.models._count_hawkes_signed": "count-hawkes",
    "analysis.models.forecast": "forecast",
    "analysis.reporting_bias": "reporting-bias",
    "analysis.models.hawkes": "hawkes",
    "analysis.models.calibration": "calibration",
    "analysis.models.base": "monte-carlo",
    "analysis.models.phases": "phases-timing",
    "analysis.models.timing": "phases-timing",
    "analysis.models.event_study": "identification",
    "analysis.models.ordering": "identification",
    "analysis.models.spec_curve": "identification",
    "analysis.scanning": "scan",
    "analysis.coding": "coder",
    "analysis.plotting": "figures-tables",
    "analysis.figure_checks": "figures-tables",
    "analysis.reporting": "figures-tables",
    "analysis.exceptions": "errors",
}


def public_names(package) -> list[str]:
    """The documented public names of ``package``: its ``__all__`` less dunders."""
    return sorted(n for n in package.__all__ if not n.startswith("__"))


def placement_problems(package) -> list[str]:
    """Names not placed, placed twice, or placed but not public (empty when all is well)."""
    problems = []
    seen: dict[str, str] = {}
    for slug, _title, _intro, names in GROUPS:
        for name in names:
            if name in seen:
                problems.append(f"{name!r} is placed in both {seen[name]!r} and {slug!r}")
            seen[name] = slug
    public = public_names(package)
    exports = getattr(package, "_EXPORTS", {})
    for name in public:
        if name not in seen:
            module = exports.get(name, "?")
            hint = next((g for m, g in MODULE_HINTS.items()
                         if module == m or module.startswith(m + ".")), None)
            problems.append(
                f"public name {name!r} (from {module}) is in no group of "
                f"docs/api_groups.py" + (f"; it probably belongs in {hint!r}" if hint else ""))
    for name in seen:
        if name not in public:
            problems.append(f"{name!r} is placed in group {seen[name]!r} of "
                            "docs/api_groups.py but is not in analysis.__all__ "
                            "(renamed or removed?)")
    return problems
