r"""Calibration as a feature: the size of every test and the coverage of every interval,
measured in the regime of *your* data.

:func:`calibrate` takes a fitted results object of any supported family, simulates
``n_sim`` data sets from the fit (or from a stated null: the fit with one cross-effect
set to zero), refits each with the same specification, and reports how often each test
the family reports rejects at the nominal level (its *empirical size* where its null is
true) and how often each interval covers the value it was simulated with (its *empirical
coverage*), each with its Monte-Carlo standard error. The simulated data keep what makes
the regime hard: the same window and phases, the fitted dispersion, the observed
pre-sample and, for event times, day rounding (events without a time of day are placed
at the middle of their day, as :func:`analysis.to_events` does, in the share of the data).

Families and what is simulated and measured (the *design*, provided by each results
class as a private ``_calibration_design`` hook):

``counts`` (:class:`~analysis.models.counts.CountResults`: negative binomial, Poisson PML, hurdle)
    The response side is simulated recursively from the fitted conditional distribution
    (its own lags feed back), the other sides are held as observed (the regression
    conditions on them). Measured: the Granger Wald test of every other side, the
    interval of every coefficient and of the cumulative response over ``L`` days (its
    true value recomputed on each simulated series).
``var`` (:class:`~analysis.models.var.VARResults`)
    Recursive simulation with the fitted coefficients and resampled residual rows (the
    heavy tails of the data kept; the lag order is re-selected by the model's criterion
    in every refit). Measured: the Granger F (OLS), HC1/HC3 Wald and restricted wild
    bootstrap tests in every direction, the instantaneous-causality Wald test of every
    pair (a size where the simulator has no same-day dependence, e.g. a CountHawkes
    fit, whose kernels start at lag 1; a rejection rate when the VAR simulates itself,
    its residual rows keeping their same-day correlation), and the intervals of the
    lag-1 coefficients.
``count_hawkes`` (:class:`~analysis.models.count_hawkes.CountHawkesResults`)
    :meth:`CountHawkesResults.simulate` (phases, NB dispersion, observed pre-sample).
    Measured: "excitation > 0" (the Hessian interval of an off-diagonal entry excludes
    0), the Hessian intervals of the branching entries, of the spectral radius, of the
    attribution shares and of the other parameters.
``hawkes`` (:class:`~analysis.models.hawkes_results.HawkesResults` and :class:`~analysis.models.hawkes_inference.HawkesJitterResults`)
    :meth:`HawkesResults.simulate_times`, then the data's day rounding; refitted as the
    results were (one fit, or ``fit_jitter`` with the same number of copies). Measured:
    "excitation > 0" (Wald interval of an off-diagonal entry excludes 0), the Wald
    (or Rubin) intervals of every parameter and their log-scale form (``log-Wald``);
    with ``n_boot``, the re-rounded parametric bootstrap intervals (percentile, basic,
    bias-corrected) of the branching entries and the spectral radius. A jitter ensemble
    with ``nested="warp_speed"`` also measures its goodness-of-fit gate (rows ``"gof KS
    <side> median p < 0.05"``: the median time-rescaling KS p over the copies below
    5%, a size: the model is right in the simulation) and keeps each replicate's median
    p (``records["pvalue"]``): the gate's simulated null law, which
    ``HawkesJitterResults.gof(null=...)`` turns into a Monte Carlo p-value
    (:func:`measured_null_pvalues` reads the laws the regime study committed);
    ``nested_options={"gate_inner": True}`` measures that Monte Carlo test's size by a
    fast double bootstrap (rows ``"gof KS <side> Monte Carlo p < 0.05 (fast double
    bootstrap)"``).

``phases`` (:class:`~analysis.models.phases.PhaseResults`)
    Piecewise-constant Poisson/NB counts with the fitted phases and dispersion (or, with
    ``simulator=``, e.g. a self-exciting CountHawkes fit with phases, the regime where
    change-point methods find spurious changes). Measured: the mean number of changes
    found and of spurious ones, the share of replicates with more changes than
    simulated (the spurious-change rate, read as a size at 5%) and with fewer.

``deterrence`` (:class:`~analysis.models.deterrence.DeterrenceResults`)
    Simulates nothing itself: daily counts come from ``simulator=`` (e.g. the
    self-exciting count model with the striker's effect on the attacker set to zero),
    each event an incident row dated to its day; refitted with the same specification.
    Measured: the Wald test of HR = 1 (cluster-robust; with ``n_boot``, also with the
    block-bootstrap standard error of the clocks), as a size where the simulator has no
    effect of the striker on the attacker.

``response lags`` (:func:`analysis.response_lags`)
    :func:`simulate_parents` simulates a CountHawkes fit as a cluster process (every
    event with its parent, the parent stated in ``retaliation_for`` for a share of the
    responses); the regime study refits the notebooks' response lags on such records
    and measures their intervals at the kernel's lag distribution and at the
    statistics' population values (designs ``lags_*`` of ``benchmarks/validate_regime.py``).

Bootstrap intervals: ``n_boot`` runs a full bootstrap inside every replicate (Hawkes
and deterrence fits); ``nested="warp_speed"`` measures the bootstrap intervals of VAR,
CountHawkes, CountModel and Hawkes fits with one resample per replicate
(:func:`warp_speed_coverage`, Giacomini, Politis & White 2013). The data-calibrated
study of ``benchmarks/validate_regime.py``
(``make validate``) runs these designs on the bundled case; its committed table is read
by :func:`measured_coverage`.

Which data: :func:`data_fingerprint` names the data a design was fitted on (incident
count and a hash of the modelled daily series); the regime table stores it beside every
row, so a measurement made on an older build of the data is told apart.

``simulator=``: the data may come from another family's fit (e.g. a VAR's Granger tests
under a null simulated from the self-exciting count model, the regime the VAR does not
assume). Then only the tests are measured (the target's parameters have no true value
in another model), each as a size where its null is true in the simulator.
"""

from __future__ import annotations

from .designs import (Quantity, _Design, count_hawkes_design, counts_design,
                      hawkes_design, phases_design, var_design)
from .results import CalibrationResults, COVERAGE_BAND, SIZE_BAND
from .lags import simulate_parents
from .measure import (calibrate, measured_coverage, measured_null_pvalues, REGIME_PVALUES,
                      REGIME_RESULTS)
from .provenance import data_fingerprint
from .warp import WARP_METHODS, warp_speed_coverage

__all__ = ["calibrate", "CalibrationResults", "measured_coverage", "measured_null_pvalues",
           "REGIME_RESULTS", "REGIME_PVALUES",
           "data_fingerprint", "simulate_parents", "warp_speed_coverage"]
