"""escalation-analysis: statistical analysis of attack-and-retaliation cycles.

A sourced incident dataset, discrete-time and point-process models of mutual
response, escalation phases and retaliation timing, for any two or more sides.

The public names below are imported lazily (on first use), so ``import analysis`` is
fast and has no side effects. ``dir(analysis)`` lists exactly the public API: the
names below, ``__version__`` and the public submodules (``analysis.plotting``, ...).

Examples
--------
>>> import analysis as ea
>>> counts = ea.to_counts(ea.load_incidents(), freq="MS", sides=["militia", "us"])
>>> list(counts.columns)
['militia', 'us']
"""

import importlib as _importlib

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    # data (issue: foundation)
    "load_incidents": "analysis.data",
    "load_sources": "analysis.data",
    "load_sites": "analysis.data",
    "load_actors": "analysis.data",
    "load_official_tallies": "analysis.data",
    "load_example": "analysis.data",
    "load_sides": "analysis.data",
    "list_cases": "analysis.data",
    "Sides": "analysis.sides",
    "side_label": "analysis.sides",
    "side_color": "analysis.sides",
    "stated_triggers": "analysis.data",
    "coverage_by_year": "analysis.data",
    "coverage_against_tallies": "analysis.data",
    "count_attacks": "analysis.data",
    "phase_of": "analysis.data",
    "read_incidents": "analysis.data",
    "validate_incidents": "analysis.data",
    "to_counts": "analysis.data",
    "to_events": "analysis.data",
    "EventTimes": "analysis.data",
    "ReadResult": "analysis.data",
    "DataError": "analysis.exceptions",
    "SpecificationError": "analysis.exceptions",
    "EstimationError": "analysis.exceptions",
    "AnalysisWarning": "analysis.exceptions",
    "ConvergenceWarning": "analysis.exceptions",
    "ExplosiveWarning": "analysis.exceptions",
    "TiesWarning": "analysis.exceptions",
    "DataWarning": "analysis.exceptions",
    "FigureWarning": "analysis.exceptions",
    "FigureError": "analysis.exceptions",
    "save_figure": "analysis.plotting",
    "save_values": "analysis.reporting",
    "Summary": "analysis.reporting",
    "HypothesisTest": "analysis.reporting",
    "summary_col": "analysis.reporting",
    # importers of published export formats (issue 11)
    "from_acled": "analysis.importers",
    "from_ucdp_ged": "analysis.importers",
    "from_gdelt": "analysis.importers",
    "acled_dyads": "analysis.importers",
    "scan_acled": "analysis.importers",
    "acled_to_parquet": "analysis.importers",
    "ImportResult": "analysis.importers",
    # discrete-time models
    "CountModel": "analysis.models.counts",
    "VARModel": "analysis.models.var",
    "CountHawkes": "analysis.models.count_hawkes",
    "simulate_count_hawkes": "analysis.models.count_hawkes",
    "SignedCountHawkes": "analysis.models._count_hawkes_signed",
    "simulate_signed_count_hawkes": "analysis.models._count_hawkes_signed",
    # out-of-sample skill and reporting bias (issue 19)
    "Forecaster": "analysis.models.forecast",
    "one_step_ahead": "analysis.models.forecast",
    "score_counts": "analysis.models.forecast",
    "calibration_test": "analysis.models.forecast",
    "pit_test": "analysis.models.forecast",
    "reporting_scenarios": "analysis.reporting_bias",
    "thinning_scenarios": "analysis.reporting_bias",
    "impute_dates": "analysis.reporting_bias",
    "rubin_combine": "analysis.reporting_bias",
    # continuous-time mutual excitation
    "Hawkes": "analysis.models.hawkes",
    "simulate_hawkes": "analysis.models.hawkes",
    # phases, timing, severity
    "detect_phases": "analysis.models.phases",
    "bayesian_changepoints": "analysis.models.bayesian_phases",
    "ChangePointModel": "analysis.models.phases",
    "BayesianChangePoint": "analysis.models.bayesian_phases",
    "response_lags": "analysis.models.timing",
    "ResponseLagModel": "analysis.models.timing",
    "DeterrenceModel": "analysis.models.deterrence",
    "deterrence": "analysis.models.deterrence",
    "SeverityIndex": "analysis.severity",
    # calibration in the data's regime (issue 18)
    "calibrate": "analysis.models.calibration",
    "measured_coverage": "analysis.models.calibration",
    "measured_null_pvalues": "analysis.models.calibration",
    "data_fingerprint": "analysis.models.calibration",
    "warp_speed_coverage": "analysis.models.calibration",
    "simulate_parents": "analysis.models.calibration",
    "monte_carlo_pvalue": "analysis.models.base",
    "calibration_report": "analysis.models.calibration_report",
    "reported_inference": "analysis.models.calibration_report",
    "measured_label": "analysis.models.calibration_report",
    "label_values": "analysis.models.calibration_report",
    # many dyads at once (Dask) and synthetic tables at scale
    "scan": "analysis.scanning",
    "scan_summary": "analysis.scanning",
    "plot_scan": "analysis.scanning",
    "simulate_dyads": "analysis.synthetic",
    "synthetic_acled": "analysis.synthetic",
    # Arabic report coding
    "code_report": "analysis.coding",
    "first_look_recall": "analysis.coding.scores",
    # identification designs (issue 19)
    "EventStudy": "analysis.models.event_study",
    "event_study": "analysis.models.event_study",
    "event_days": "analysis.models.event_study",
    "matched_controls": "analysis.models.event_study",
    "ordering_bounds": "analysis.models.ordering",
    "order_within_days": "analysis.models.ordering",
    "response_share": "analysis.models.ordering",
    "specification_curve": "analysis.models.spec_curve",
    # headlines: a claim with its estimand, bounds, robustness, placebo and skill (issue 19)
    "Headline": "analysis.headlines",
    "shift_placebo": "analysis.headline_checks",
    "predictive_gain": "analysis.headline_checks",
    "cross_effect_checks": "analysis.headline_checks",
}

# public submodules, reachable as attributes (``analysis.plotting``) without an import
_SUBMODULES = ("coding", "data", "exceptions", "models", "multiplicity", "plotting",
               "reporting", "severity", "sides")

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return _importlib.import_module(f"{__name__}.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(__all__) | set(_SUBMODULES))
