"""Running the designs (``calibrate``) and reading the committed regime table
(``measured_coverage``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ...exceptions import SpecificationError
from ..base import (as_rng, check_alpha, check_choice, check_positive_int, guarded,
                    replicate_seeds, run_replicates)

from .designs import Quantity, _parse_null, hawkes_design, phases_design
from .results import CalibrationResults

__all__ = ["calibrate", "measured_coverage", "measured_null_pvalues", "REGIME_RESULTS",
           "REGIME_PVALUES"]


#: The committed table of the data-calibrated Monte Carlo (``make validate``).
REGIME_RESULTS = Path(__file__).resolve().parents[3] / "benchmarks" / "results" / \
    "validate_regime.csv"

#: The committed per-replicate p-values of the goodness-of-fit gates (their simulated null
#: laws), one ``<study>.csv`` per design (``make validate``).
REGIME_PVALUES = REGIME_RESULTS.parent / "validate_regime_pvalues"


# --------------------------------------------------------------------------------------
# The runner
# --------------------------------------------------------------------------------------
def _design_of(results, null):
    hook = getattr(results, "_calibration_design", None)
    if hook is None:
        raise SpecificationError(
            f"calibrate() supports counts (CountResults), var (VARResults), count_hawkes "
            f"(CountHawkesResults), hawkes (HawkesResults, HawkesJitterResults), phases "
            f"(PhaseResults) and deterrence (DeterrenceResults) fits; "
            f"got {type(results).__name__}")
    return hook(null)


def _one(sim_design, target_design, tests_only, alpha, seed):
    rng = np.random.default_rng(seed)
    data = guarded(sim_design.simulate, rng)
    if data is None:
        return None
    return guarded(target_design.measure, data, alpha, rng, tests_only=tests_only)


def calibrate(results, n_sim=500, *, rng, null=None, simulator=None, alpha=0.05,
              what="all", n_boot=0, nested=None, nested_options=None, n_jobs=1,
              progress=None) -> "CalibrationResults":
    r"""Empirical size of the tests and coverage of the intervals of a fit, in its regime.

    Simulates ``n_sim`` data sets from the fitted model (or from ``null``, the fit with
    one cross-effect set to zero), refits each with the same specification, and counts
    how often each reported test rejects at level ``alpha`` and how often each interval
    at level ``1 - alpha`` covers the value the data were simulated with. What each
    family simulates and measures is listed in :mod:`analysis.models.calibration`.

    Parameters
    ----------
    results : CountResults, VARResults, CountHawkesResults, HawkesResults, HawkesJitterResults or PhaseResults
        A fit to calibrate (its specification is reused for every refit).
    n_sim : int
        Monte-Carlo replications (at least 2; 500 or more for a table that a referee
        reads: the Monte-Carlo standard error of a 5% size is then about 1 point).
    rng : numpy.random.Generator or int
        Seed of the whole study (``None`` is refused). Each replicate draws from its
        own seed, drawn up front, so the result does not depend on ``n_jobs``.
    null : (target, source) or "target<-source", optional
        Simulate with the effect of ``source`` on ``target`` set to zero (the other
        parameters as fitted): tests of that effect then measure their size.
    simulator : results, optional
        Another fit that supplies the simulated data (same data kind: counts with the
        same index and columns, or events); ``null`` applies to it. Only tests are
        measured then.
    alpha : float
        Nominal level of the tests (intervals at ``1 - alpha``).
    what : {"all", "tests"}
        Measure tests and intervals, or tests only (faster where intervals need a
        profile likelihood, e.g. CountHawkes excitations estimated at 0).
    n_boot : int
        Also measure the bootstrap with ``n_boot`` refits inside every replicate (0: not
        measured; the cost is ``n_sim * n_boot`` extra fits): for continuous-time Hawkes
        fits the re-rounded parametric bootstrap intervals (percentile, basic,
        bias-corrected) of the branching entries and the spectral radius; for deterrence
        fits the Wald test with the block-bootstrap standard error of the clocks.
    nested : {None, "warp_speed"}
        ``"warp_speed"``: measure the bootstrap intervals the family reports by the
        warp-speed Monte Carlo of Giacomini, Politis & White (2013): one bootstrap
        resample per replicate, the deviations pooled across replicates
        (:func:`~analysis.models.calibration.warp_speed_coverage`; ``n_sim`` extra
        fits instead of ``n_sim * n_boot``). Rows ``"<quantity> warp-speed
        percentile"`` and ``"... basic"``: VAR total responses (moving-block
        bootstrap), CountHawkes branching entries, spectral radius and attribution
        shares (parametric bootstrap), CountModel cumulative responses (moving-block
        bootstrap), Hawkes branching entries and spectral radius (re-rounded
        parametric bootstrap). Assumes the bootstrap law of the deviation varies
        little across replicates. Not with ``simulator=`` or ``n_boot``.
    nested_options : dict, optional
        For ``nested="warp_speed"``: ``horizon`` and ``block_length`` of the VAR
        (default 14 and 14) and CountModel (default ``L`` and ``max(2 L, n^(1/3))``)
        bootstraps; for a Hawkes jitter ensemble ``gate_inner=True``: only its
        goodness-of-fit gate, the plain one (median KS p < ``alpha``) and the
        calibrated one (its Monte Carlo p-value against the simulated null law, as
        ``HawkesJitterResults.gof(null=...)``) by a fast double bootstrap (one
        second-level refit per replicate; Davidson & MacKinnon 2007).
    n_jobs : int
        Processes (-1: every core); results identical for any ``n_jobs``.
    progress : bool, optional
        A progress bar (default: on, except under pytest).

    Returns
    -------
    CalibrationResults
        ``table`` with one row per test and interval: empirical size (tests whose null
        holds) or rejection rate (others), empirical coverage, Monte-Carlo standard
        errors; ``summary()``, ``plot_calibration()``.

    Raises
    ------
    SpecificationError
        ``rng=None``, an unsupported results object, a bad ``null``, ``n_sim`` or
        ``alpha``, or a ``simulator`` whose data do not fit the model.

    Examples
    --------
    >>> import analysis
    >>> from analysis.models.calibration import calibrate
    >>> y = analysis.simulate_count_hawkes(400, [0.3, 0.2], [[0.2, 0.0], [0.3, 0.1]],
    ...                                    max_lag=5, sides=["a", "b"], rng=1)
    >>> fit = analysis.CountModel(y, "a", lags=[(1, 5)], family="poisson").fit()
    >>> cal = calibrate(fit, n_sim=20, rng=2, null=("a", "b"))   # doctest: +SKIP
    >>> cal.table.loc["granger[a<-b]", "empirical"]              # doctest: +SKIP
    """
    rng = as_rng(rng)
    n_sim = check_positive_int("n_sim", n_sim, minimum=2)
    alpha = check_alpha(alpha)
    check_choice("what", what, ["all", "tests"])
    check_choice("nested", nested, [None, "warp_speed"])
    if nested is None and nested_options:
        raise SpecificationError("nested_options= applies to nested='warp_speed' only")
    if nested is not None:
        if simulator is not None or n_boot:
            raise SpecificationError(
                "nested='warp_speed' simulates from the fit itself (its bootstrap "
                "intervals need the true values of its own parameters): drop "
                + ("simulator=" if simulator is not None else "n_boot="))
        from .warp import warp_design
        _design_of(results, null)                    # a clear error for other objects
        target = warp_design(results, null, **(nested_options or {}))
        seeds = replicate_seeds(rng, n_sim)
        warp_seed = int(rng.integers(2 ** 63))
        records = run_replicates(partial(_one, target, target, False, alpha), seeds,
                                 n_jobs=n_jobs, progress=progress,
                                 desc=f"calibrate {target.family} (warp speed)")
        facts = list(target.facts) + [("Null", "none (the fit as estimated)" if null is None
                                       else "{1} -> {0} set to 0".format(
                                           *_parse_null(null, results.model.sides)))]
        return CalibrationResults(results, target.quantities, records, alpha=alpha,
                                  facts=facts, family=target.family, warp_seed=warp_seed)
    target = _design_of(results, None if simulator is not None else null)
    if target.simulate is None and simulator is None:
        raise SpecificationError(f"a {target.family} fit simulates nothing: pass simulator= "
                                 "(e.g. a CountHawkes fit, with null=)")
    if n_boot:
        n_boot = check_positive_int("n_boot", n_boot, minimum=2)
        if target.family == "hawkes" and simulator is None:
            target = hawkes_design(results, null, n_boot=n_boot)
        elif target.family == "deterrence":
            from .._calibration_timing import deterrence_design
            target = deterrence_design(results, n_boot=n_boot)
        else:
            raise SpecificationError(
                "n_boot: bootstrap tests and intervals are measured for continuous-time "
                "Hawkes fits (simulated from themselves) and deterrence fits only; got a "
                f"{target.family} fit" + (" with simulator=" if simulator is not None else ""))
    if simulator is not None:
        source = _design_of(simulator, null)
        if source.data_kind != target.data_kind:
            raise SpecificationError(
                f"simulator: a {source.family} fit simulates {source.data_kind}, but a "
                f"{target.family} fit needs {target.data_kind}")
        if source.template is not None and target.template is not None and not (
                source.template.index.equals(target.template.index)
                and list(source.template.columns) == list(target.template.columns)):
            raise SpecificationError(
                "simulator: its counts must have the same index (days) and columns "
                f"(sides) as the calibrated fit's; got columns "
                f"{list(source.template.columns)} over {len(source.template)} periods vs "
                f"{list(target.template.columns)} over {len(target.template)}")
        if target.family == "phases":
            if source.changes is None:
                raise SpecificationError(
                    f"simulator: a {source.family} fit has no phases to compare the "
                    "changes found with; use a CountModel or CountHawkes fit with phases=")
            target = phases_design(results, n_true=source.changes)
            quantities, tests_only = target.quantities, False
        else:
            # a test's null holds where the simulator has no effect of that source on
            # that target: read it off the simulator's design
            null_pairs = {_pair_of(q.name) for q in source.quantities
                          if q.kind == "test" and q.null and "<-" in q.name}
            # a same-day (instantaneous) test's null holds where the simulator has no
            # same-day dependence between the sides
            quantities = [Quantity(q.name, "test", null=(
                not source.same_day if q.name.startswith("instantaneous[")
                else _pair_of(q.name) in null_pairs))
                for q in target.quantities if q.kind == "test"]
            tests_only = True
    else:
        tests_only = what == "tests"
        source = target
        quantities = [q for q in target.quantities if q.kind == "test" or not tests_only]
    seeds = replicate_seeds(rng, n_sim)
    records = run_replicates(partial(_one, source, target, tests_only, alpha), seeds,
                             n_jobs=n_jobs, progress=progress,
                             desc=f"calibrate {target.family}")
    facts = list(target.facts)
    if simulator is not None:
        facts[1:] = [("Simulated", f"from the {source.family} fit: "
                                   + dict(source.facts).get("Simulated", ""))]
    facts.append(("Null", "none (the fit as estimated)" if null is None
                  else f"{_parse_null(null, (results if simulator is None else simulator).model.sides)[1]} "
                       f"-> {_parse_null(null, (results if simulator is None else simulator).model.sides)[0]} "
                       "set to 0"))
    return CalibrationResults(results, quantities, records, alpha=alpha, facts=facts,
                              family=target.family)


def _pair_of(name):
    """The (target, source) pair of a test named ``...[target<-source]...``."""
    inner = name[name.index("[") + 1:name.index("]")]
    t, s = inner.split("<-", 1)
    return t.split(":")[-1].strip(), s.strip()


# --------------------------------------------------------------------------------------
# The committed table
# --------------------------------------------------------------------------------------
def measured_coverage(family, quantity, *, design="fit", version=None, path=None,
                      study=None) -> dict:
    """The size or coverage measured by the data-calibrated study, for labelling a number.

    Reads the committed table of ``benchmarks/validate_regime.py`` (``make validate``),
    so a notebook can print "95% interval (measured coverage 88%)" beside an interval.

    Parameters
    ----------
    family : str
        ``"counts"``, ``"var"``, ``"count_hawkes"`` or ``"hawkes"`` (as the table's
        ``family`` column).
    quantity : str
        The row name, as in ``CalibrationResults.table`` (e.g.
        ``"branching[us<-militia]"`` or ``"granger[militia<-us] Wald (HC1)"``).
    design : str
        The study's design label (the table's ``design`` column), e.g. ``"fit"`` (data
        simulated from the fit) or ``"null militia<-us"``.
    version : {"before", "after"}, optional
        The run before or after the repairs of issue 18 (the table's ``version``
        column); default the latest the table has for this row.
    path : str or Path, optional
        Another results table (default :data:`REGIME_RESULTS`).
    study : str, optional
        The study's name (the table's ``study`` column, e.g. ``"nb_fit"``): picks one
        fit where several share a family and design (the negative binomial and the
        Poisson PML count models are both ``counts``/``fit``).

    Returns
    -------
    dict
        ``kind``, ``nominal``, ``empirical``, ``mc_se``, ``n``, ``design``,
        ``version`` and ``study``.

    Raises
    ------
    SpecificationError
        No table (run ``make validate``), or no row for this family, design and
        quantity (the error lists the rows there are).
    """
    path = Path(path) if path is not None else REGIME_RESULTS
    if not path.is_file():
        raise SpecificationError(
            f"no calibration table at {path}: run `python benchmarks/validate_regime.py` "
            "(make validate) in a source checkout")
    table = pd.read_csv(path)
    sel = table[(table["family"] == family) & (table["design"] == design)]
    if study is not None:
        sel = sel[sel["study"] == study]
    if sel.empty:
        have = sorted(set(zip(table["family"], table["design"])))
        raise SpecificationError(f"{path.name} has no rows for family={family!r}, "
                                 f"design={design!r}" + (f", study={study!r}" if study else "")
                                 + f"; it has {have}")
    row = sel[sel["quantity"] == quantity]
    if row.empty:
        raise SpecificationError(
            f"{path.name} has no quantity {quantity!r} for {family}/{design}; it has "
            f"{list(sel['quantity'])}")
    if "version" in row:
        if version is not None:
            row = row[row["version"] == version]
            if row.empty:
                raise SpecificationError(f"{path.name} has no {version!r} run of "
                                         f"{quantity!r} for {family}/{design}")
        else:
            row = row.sort_values("version", key=lambda v: v.map({"before": 0, "after": 1}))
            row = row.iloc[[-1]]
    r = row.iloc[-1]
    return {"kind": r["kind"], "nominal": float(r["nominal"]),
            "empirical": float(r["empirical"]), "mc_se": float(r["mc_se"]),
            "n": int(r["n"]), "design": design,
            "version": r["version"] if "version" in r else None,
            "study": r["study"] if "study" in r else None}


def measured_null_pvalues(study, quantity, *, directory=None) -> np.ndarray:
    """The p-values of a goodness-of-fit gate in every replicate of a design of the
    data-calibrated study: the gate's null law, simulated from the fit.

    ``benchmarks/validate_regime.py`` (``make validate``) keeps, for designs that
    measure a gate (e.g. ``hawkes_jitter_warp``: notebook 04's median time-rescaling KS
    p over 40 jittered copies, in data simulated from the fit and refitted), the
    statistic of every replicate. Compared with them, an observed p-value becomes a
    Monte Carlo p-value (``HawkesJitterResults.gof(null=...)``): a gate calibrated in
    the data's regime whatever the size of the nominal one.

    Parameters
    ----------
    study : str
        The design (the table's ``study`` column), e.g. ``"hawkes_jitter_warp"``.
    quantity : str
        The gate's row, e.g. ``"gof KS us median p < 0.05"``.
    directory : str or Path, optional
        Another folder of per-study files (default :data:`REGIME_PVALUES`).

    Returns
    -------
    ndarray
        One p-value per replicate that simulated and refitted, in replicate order.

    Raises
    ------
    SpecificationError
        No file for the study (run the design), or no rows for the quantity (the error
        lists the quantities there are).
    """
    folder = Path(directory) if directory is not None else REGIME_PVALUES
    path = folder / f"{study}.csv"
    if not path.is_file():
        have = sorted(p.stem for p in folder.glob("*.csv")) if folder.is_dir() else []
        raise SpecificationError(
            f"no simulated p-values for study {study!r} at {path}: run "
            f"`python benchmarks/validate_regime.py --only {study}` (make validate) in a "
            f"source checkout; studies with p-values: {have}")
    t = pd.read_csv(path)
    rows = t[t["quantity"] == quantity]
    if rows.empty:
        raise SpecificationError(f"{path.name} has no p-values of {quantity!r}; it has "
                                 f"{sorted(t['quantity'].unique())}")
    return rows.sort_values("replicate")["pvalue"].to_numpy(float)
