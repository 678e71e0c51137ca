r"""Reporting bias: re-run any analysis under thinning scenarios and imputed dates.

Two things make a conflict record differ from what happened: which incidents were
reported (and how firmly), and when the imprecisely dated ones happened. This module
re-runs *any* fitting function over

* **thinning scenarios**: subsets of the record by the confirmation column
  (``confirmation`` in the codebook: ``confirmed`` by the targeted side or an official
  source, ``claimed`` by the perpetrator, ``reported`` by others). The default scenarios
  are "confirmed", "confirmed + claimed" and "all", the range the official tallies sit
  in; confirmation is not a random thinning (it tracks casualties), so the scenarios
  bound the answer rather than average it;
* **multiple imputation of imprecise dates**: rows whose ``date_precision`` is
  ``week`` (coded on the first day the sources allow) get a date drawn uniformly from
  that day and the six after it, ``month`` rows one from their coded day to the end of
  the month; day-precise rows are left alone;

and combines the imputations by Rubin's rules. Nothing here is tied to one dyad: the
fitting function decides which sides and model.
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
from scipy import stats

from .exceptions import DataError, SpecificationError
from .models.base import (as_rng, check_alpha, check_positive_int, replicate_seeds,
                          run_replicates)

__all__ = ["THINNING_SCENARIOS", "thinning_scenarios", "impute_dates", "rubin_combine",
           "reporting_scenarios"]

#: Default scenarios: name -> confirmation values kept (``None``: every row).
THINNING_SCENARIOS = {"confirmed": ("confirmed",),
                      "confirmed+claimed": ("confirmed", "claimed"),
                      "all": None}

#: Days after the coded date that a date of each precision may fall on.
_WEEK_DAYS = 6


def thinning_scenarios(incidents: pd.DataFrame, scenarios=None, *,
                       column: str = "confirmation") -> dict:
    """The incident table under each thinning scenario.

    Parameters
    ----------
    incidents : DataFrame
        An incident table (``analysis.load_incidents()`` or your own).
    scenarios : dict, optional
        Name -> tuple of ``column`` values kept (``None`` keeps every row). Default
        :data:`THINNING_SCENARIOS`.
    column : str
        The column scenarios select on.

    Returns
    -------
    dict
        Name -> DataFrame (a copy).
    """
    scenarios = THINNING_SCENARIOS if scenarios is None else scenarios
    if not isinstance(scenarios, dict) or not scenarios:
        raise SpecificationError("scenarios must be a non-empty dict: name -> tuple of "
                                 f"{column!r} values kept (None keeps all rows)")
    needs_col = any(v is not None for v in scenarios.values())
    if needs_col and column not in incidents.columns:
        raise DataError(f"the incidents have no {column!r} column, which the thinning "
                        f"scenarios select on (columns: {list(incidents.columns)})")
    out = {}
    for name, keep in scenarios.items():
        if keep is None:
            out[name] = incidents.copy()
            continue
        keep = (keep,) if isinstance(keep, str) else tuple(keep)
        present = set(incidents[column].dropna().unique())
        unknown = [k for k in keep if k not in present]
        if len(unknown) == len(keep):
            raise DataError(f"scenario {name!r} keeps {list(keep)} but column {column!r} "
                            f"has only {sorted(map(str, present))}")
        out[name] = incidents[incidents[column].isin(keep)].copy()
    return out


def impute_dates(incidents: pd.DataFrame, *, rng, column: str = "date_precision",
                 date_column: str = "date") -> pd.DataFrame:
    """One imputation of imprecise dates, uniformly over their interval.

    ``week`` rows move to a day drawn uniformly from the coded day and the six days
    after it (the codebook codes them on the first day the sources allow); ``month``
    rows to a day from the coded day to the end of its month. Other rows keep their
    date. A table without ``column`` is returned unchanged (all days precise).

    Parameters
    ----------
    incidents : DataFrame
    rng : Generator or int
    column, date_column : str

    Returns
    -------
    DataFrame
        A copy with imputed dates (the ``date_precision`` column is kept, so the
        imputation is visible).
    """
    rng = as_rng(rng)
    out = incidents.copy()
    if column not in out.columns:
        return out
    prec = out[column].fillna("day").astype(str)
    bad = sorted(set(prec) - {"day", "week", "month"})
    if bad:
        raise DataError(f"column {column!r} has values {bad}; expected day, week or month")
    dates = pd.to_datetime(out[date_column])
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise DataError(f"column {date_column!r} has a missing or unreadable date in row {row}")
    span = np.zeros(len(out), dtype=np.int64)
    span[(prec == "week").to_numpy()] = _WEEK_DAYS
    month = (prec == "month").to_numpy()
    span[month] = (dates[month].dt.days_in_month - dates[month].dt.day).to_numpy()
    shift = np.floor(rng.random(len(out)) * (span + 1)).astype(np.int64)
    new = dates + pd.to_timedelta(shift, unit="D")
    out[date_column] = new.dt.date if not pd.api.types.is_datetime64_any_dtype(
        incidents[date_column]) else new
    return out


def rubin_combine(estimates, variances=None, *, alpha: float = 0.05) -> pd.DataFrame:
    r"""Combine estimates over multiple imputations (Rubin 1987).

    With :math:`m` imputations, estimates :math:`\hat Q_r` and variances :math:`U_r`:
    :math:`\bar Q = m^{-1}\sum_r \hat Q_r`, within variance :math:`W = \bar U`, between
    variance :math:`B = (m-1)^{-1}\sum_r (\hat Q_r - \bar Q)^2`, total
    :math:`T = W + (1 + 1/m) B`; the interval is :math:`\bar Q \pm t_\nu \sqrt T` with
    :math:`\nu = (m - 1)(1 + W / ((1 + 1/m) B))^2`. Valid where each fit's estimate is
    approximately normal with a valid variance. Without variances, the interval is
    the spread of the estimates over the imputations (percentiles) and says so.

    Parameters
    ----------
    estimates : DataFrame (m, p) or array
        One row per imputation, one column per quantity.
    variances : DataFrame (m, p) or array, optional
        Squared standard errors of the same.
    alpha : float

    Returns
    -------
    DataFrame
        Rows quantities; columns ``estimate``, ``se``, ``lower``, ``upper``,
        ``within``, ``between``, ``missing_info`` (the fraction of missing information
        :math:`(1+1/m)B/T`), ``m``, ``method``.
    """
    alpha = check_alpha(alpha)
    E = pd.DataFrame(estimates).reset_index(drop=True)
    m = len(E)
    if m < 2:
        raise SpecificationError("rubin_combine needs at least 2 imputations")
    Q = E.mean()
    B = E.var(ddof=1)
    if variances is None:
        lo = E.quantile(alpha / 2)
        hi = E.quantile(1 - alpha / 2)
        return pd.DataFrame({"estimate": Q, "se": np.sqrt(B), "lower": lo, "upper": hi,
                             "within": np.nan, "between": B, "missing_info": np.nan,
                             "m": m, "method": "spread over imputations (no variances)"})
    V = pd.DataFrame(variances).reset_index(drop=True).reindex(columns=E.columns)
    if V.shape != E.shape or V.isna().any().any():
        raise SpecificationError("variances must have the shape and columns of estimates")
    W = V.mean()
    T = W + (1 + 1 / m) * B
    r = (1 + 1 / m) * B / W.replace(0, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = (m - 1) * (1 + 1 / r) ** 2
    nu = nu.fillna(np.inf).clip(upper=1e6)
    t = stats.t.ppf(1 - alpha / 2, nu)
    se = np.sqrt(T)
    return pd.DataFrame({"estimate": Q, "se": se, "lower": Q - t * se, "upper": Q + t * se,
                         "within": W, "between": B,
                         "missing_info": ((1 + 1 / m) * B / T.replace(0, np.nan)).fillna(0.0),
                         "m": m, "method": "Rubin's rules"})


def _as_estimates(out, where):
    """A fitting function's output as (estimates Series, variances Series or None)."""
    if isinstance(out, pd.DataFrame):
        if "estimate" not in out.columns:
            raise SpecificationError(f"{where}: a DataFrame result needs an 'estimate' "
                                     "column (and optionally 'se')")
        est = out["estimate"].astype(float)
        var = out["se"].astype(float) ** 2 if "se" in out.columns else None
        return est, var
    if isinstance(out, dict):
        out = pd.Series(out, dtype=float)
    if isinstance(out, pd.Series):
        return out.astype(float), None
    raise SpecificationError(f"{where}: the fitting function must return a Series or dict "
                             "of estimates, or a DataFrame with 'estimate' (and 'se') "
                             f"columns, got {type(out).__name__}")


def _scenario_task(fit, table, task):
    seed, impute = task
    data = impute_dates(table, rng=seed) if impute else table
    return _as_estimates(fit(data), "reporting_scenarios")


def reporting_scenarios(incidents: pd.DataFrame, fit, *, scenarios=None,
                        n_imputations: int = 20, alpha: float = 0.05, rng, n_jobs: int = 1,
                        progress=None) -> pd.DataFrame:
    """Re-run a fitting function under thinning scenarios and imputed dates.

    For every scenario (a subset of the incidents by confirmation), ``fit`` runs on
    ``n_imputations`` copies whose week- and month-precision dates are drawn over their
    interval (:func:`impute_dates`); the estimates are combined by Rubin's rules
    (:func:`rubin_combine`). The date-as-coded fit is reported beside them.

    Parameters
    ----------
    incidents : DataFrame
        The incident table.
    fit : callable
        ``fit(incidents) ->`` a Series/dict of named estimates, or a DataFrame with
        ``estimate`` and ``se`` columns (then Rubin's rules give intervals). With
        ``n_jobs != 1`` it must be picklable (a module-level function or a
        ``functools.partial`` of one).
    scenarios : dict, optional
        As :func:`thinning_scenarios` (default: confirmed, confirmed + claimed, all).
    n_imputations : int
        Imputations per scenario (>= 2).
    alpha : float
    rng : Generator or int
        Draws the imputed dates (one seed per imputation, drawn up front).
    n_jobs : int
        Processes (-1: every core); the result does not depend on it.
    progress : bool, optional

    Returns
    -------
    DataFrame
        Rows (scenario, quantity); columns ``as_coded`` (the fit on the dates as coded),
        the columns of :func:`rubin_combine`, and ``n_incidents`` (rows in the scenario)
        and ``n_imprecise`` (rows whose date was imputed).

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.reporting_bias import reporting_scenarios
    >>> def share_us(inc):
    ...     return {"share_us": float((inc["side"] == "us").mean())}
    >>> table = reporting_scenarios(ea.load_incidents(), share_us, n_imputations=3, rng=1)
    >>> sorted(table.index.get_level_values("scenario").unique())
    ['all', 'confirmed', 'confirmed+claimed']
    """
    if not callable(fit):
        raise SpecificationError(f"fit must be a function of an incident table, got "
                                 f"{type(fit).__name__}")
    n_imputations = check_positive_int("n_imputations", n_imputations, minimum=2)
    rng = as_rng(rng)
    tables = thinning_scenarios(incidents, scenarios)
    prec_col = "date_precision"
    tasks = []
    for name in tables:
        tasks.append((0, False))
        tasks.extend((seed, True) for seed in replicate_seeds(rng, n_imputations))
    results = []
    start = 0
    per = n_imputations + 1
    outs = []
    for name, table in tables.items():
        outs.extend(run_replicates(partial(_scenario_task, fit, table),
                                   tasks[start:start + per], n_jobs=n_jobs,
                                   progress=progress, desc=f"scenario {name}"))
        start += per
    for b, (name, table) in enumerate(tables.items()):
        block = outs[b * per:(b + 1) * per]
        coded, _ = block[0]
        ests = pd.DataFrame([e for e, _ in block[1:]])
        vars_ = [v for _, v in block[1:]]
        var = None if any(v is None for v in vars_) else pd.DataFrame(vars_)
        comb = rubin_combine(ests, var, alpha=alpha)
        comb.insert(0, "as_coded", coded.reindex(comb.index))
        n_imp = 0
        if prec_col in table.columns:
            n_imp = int(table[prec_col].fillna("day").isin(["week", "month"]).sum())
        comb["n_incidents"] = len(table)
        comb["n_imprecise"] = n_imp
        comb.index = pd.MultiIndex.from_product([[name], comb.index],
                                                names=["scenario", "quantity"])
        results.append(comb)
    out = pd.concat(results)
    if not np.all(np.isfinite(out["estimate"].to_numpy(float))):
        bad = out.index[~np.isfinite(out["estimate"].to_numpy(float))].tolist()
        raise SpecificationError(f"the fitting function returned non-finite estimates for "
                                 f"{bad}; make it raise or return finite values")
    return out
