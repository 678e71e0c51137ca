r"""A VAR's responses under every identification and lag-order rule, side by side.

The same-day order of a dyad's events is unknown at day precision, so a VAR's impulse
responses are reported with each side first (Cholesky) and generalised
(:func:`irf_identifications`, :func:`total_response_table`,
:func:`plot_irf_identifications`, :func:`plot_fevd_orderings`).

The cumulative impulse response of a VAR on sparse daily counts depends on the lag
order: BIC picks a short one, AIC a long one, and the responses summed over two weeks
can differ by an order of magnitude. :func:`irf_by_lag_rule` fits the VAR at the order
each information criterion selects (one selection table for all rules) and reports the
extra events over days 1..H after one extra event, with moving-block bootstrap
intervals, for every identification (each Cholesky ordering of a dyad and the
generalised IRF), so a report can state the response at both rules or say it is not
a headline.
"""

from __future__ import annotations

import pandas as pd

from ..exceptions import SpecificationError
from .base import as_rng, check_choice, check_positive_int

__all__ = ["irf_by_lag_rule", "irf_identifications", "total_response_table",
           "plot_irf_identifications", "plot_fevd_orderings", "lag_rule_bounds", "granger_values",
           "var_values"]


def _orderings(sides) -> dict:
    return {f"{s} first": [s] + [o for o in sides if o != s] for s in sides}


def irf_identifications(results, horizon: int, bootstrap, *, cumulative: bool = False) -> dict:
    """Impulse responses with each side first (Cholesky) and generalised, one bootstrap.

    Parameters
    ----------
    results : VARResults
    horizon : int
    bootstrap : VARBootstrap
        From ``results.bootstrap(...)``: every identification uses the same draws.
    cumulative : bool
        Cumulated responses.

    Returns
    -------
    dict
        ``"<side> first"`` for each side and ``"generalized"`` -> :class:`IRFResults`.
    """
    kinds = {**{k: {"ordering": o} for k, o in _orderings(results.model.sides).items()},
             "generalized": {"kind": "generalized"}}
    return {k: results.irf(horizon, bootstrap=bootstrap, cumulative=cumulative, **kw)
            for k, kw in kinds.items()}


def total_response_table(irfs: dict) -> pd.DataFrame:
    """Extra events on day 0 and over days 1..H for each identification and direction.

    Parameters
    ----------
    irfs : dict
        Name -> non-cumulative :class:`IRFResults` (:func:`irf_identifications`).

    Returns
    -------
    DataFrame
        Index (``identification``, ``direction`` ``"<impulse> -> <response>"``, ``days``
        ``"day 0"`` or ``"days 1-H"``); columns ``estimate``, ``lower``, ``upper``.
    """
    rows = {}
    for name, r in irfs.items():
        for imp in r.sides:
            for resp in (s for s in r.sides if s != imp):
                for days, span in [("day 0", (0, 0)), (f"days 1-{r.horizon}", (1,))]:
                    rows[(name, f"{imp} -> {resp}", days)] = r.total_response(resp, imp, *span)
    out = pd.DataFrame(rows).T
    out.index.names = ["identification", "direction", "days"]
    return out


def plot_irf_identifications(irfs: dict, *, title: str):
    """:func:`analysis.models.var.plot_irfs` of every identification, side names in the
    codebook's words in the legend; returns the Axes grid."""
    from ..sides import side_label
    from .var import plot_irfs

    sides = next(iter(irfs.values())).sides
    def label(k):
        for s in sides:
            k = k.replace(f"{s} first", f"{side_label(s)} first")
        return k
    axes = plot_irfs(list(irfs.values()), labels=[label(k) for k in irfs])
    axes[0, 0].figure.suptitle(title)
    return axes


def plot_fevd_orderings(results, horizon: int, bootstrap, *, axes=None):
    """Forecast-error variance decompositions with each side first (Cholesky), on one
    pair of panels (line style per ordering, bootstrap bands).

    Returns
    -------
    fevd : dict
        ``"<side> first"`` -> :class:`FEVDResults`.
    axes : Axes array
    """
    from matplotlib.lines import Line2D

    from ..plotting import new_figure
    from ..sides import side_label

    if axes is None:
        _, axes = new_figure("wide", 1, 2)
    fevd, handles = {}, []
    for k, (name, o) in enumerate(_orderings(results.model.sides).items()):
        ls = ["-", "--", ":", "-."][k % 4]
        fevd[name] = results.fevd(horizon, ordering=o, bootstrap=bootstrap)
        fevd[name].plot(ax=axes, linestyle=ls)
        handles.append(Line2D([], [], color="0.2", ls=ls,
                              label=f"Cholesky, {side_label(o[0])} first"))
    handles.append(Line2D([], [], color="0.6", lw=5, alpha=0.4,
                          label="pointwise 95% bootstrap band"))
    axes[0].figure.legend(handles=handles, frameon=False, loc="outside lower center",
                          ncol=len(handles))
    return fevd, axes


def irf_by_lag_rule(results, *, rules=("bic", "aic"), horizon: int = 14,
                    n_boot: int = 199, block_length: int = 14, rng, bootstraps=None,
                    n_jobs: int = 1) -> pd.DataFrame:
    """Cumulative VAR impulse responses over days 1..``horizon`` at each lag-order rule.

    Parameters
    ----------
    results : VARResults
        A VAR of two sides fitted with an information criterion (``VARModel(counts,
        lags="bic", maxlags=14).fit()``): its lag-order table gives every rule's order
        over ``1..maxlags``, and the model at each other order is refitted with the same
        phases and trend.
    rules : sequence of {"aic", "bic", "hqic", "fpe"}
        The information criteria compared.
    horizon : int
        Days of responses summed (days 1..horizon; the same-day co-movement, which the
        identification imposes, is left out).
    n_boot, block_length : int
        Moving-block residual bootstrap of each fit (recursive design).
    rng : numpy Generator or int
        Required; each rule's bootstrap gets its own seed drawn from it.
    bootstraps : dict, optional
        Rule -> a :class:`VARBootstrap` already drawn for the fit at that rule's order
        (e.g. ``{"bic": results.bootstrap(...)}`` of ``results`` itself), reused instead
        of a new bootstrap.
    n_jobs : int
        Processes for the bootstrap (same result for any value).

    Returns
    -------
    DataFrame
        Index (``rule``, ``identification``, ``direction``): ``lags`` (the order the rule
        selected), ``estimate``, ``lower``, ``upper`` (percentile interval at the
        bootstrap's level). The identifications are ``"<side> first"`` (Cholesky, that
        side first on a shared day) for each side and ``"generalized"``; the direction
        is ``"<impulse> -> <response>"``.

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.models.var_identification import irf_by_lag_rule
    >>> c = ea.simulate_count_hawkes(600, [0.2, 0.1], [[0.2, 0.1], [0.3, 0.1]],
    ...                              sides=["a", "b"], rng=1)
    >>> res = ea.VARModel(c, lags="bic", maxlags=4).fit()
    >>> t = irf_by_lag_rule(res, horizon=7, n_boot=20, rng=2)
    >>> sorted(t.index.get_level_values("rule").unique())
    ['aic', 'bic']
    """
    from .var import CRITERIA, VARModel

    model = getattr(results, "model", None)
    if not isinstance(model, VARModel) or results.lag_order is None:
        raise SpecificationError("irf_by_lag_rule needs the results of a VAR fitted with an "
                                 "information criterion (VARModel(counts, lags='bic', "
                                 "maxlags=...).fit()), which carry the lag-order table")
    sides = list(model.sides)
    if len(sides) != 2:
        raise SpecificationError(f"irf_by_lag_rule compares the two directions of a dyad, "
                                 f"got {len(sides)} sides ({sides})")
    rules = list(rules)
    if not rules:
        raise SpecificationError("rules must name at least one information criterion")
    for r in rules:
        check_choice("rules", r, CRITERIA)
    horizon = check_positive_int("horizon", horizon)
    bootstraps = dict(bootstraps or {})
    gen = as_rng(rng)
    seeds = {r: int(gen.integers(2 ** 31)) for r in rules}
    selected = results.lag_order.attrs["selected"]
    rows = {}
    for rule in rules:
        k = max(1, int(selected[rule]))
        res = results if k == results.k_ar else VARModel(
            model.counts, lags=k, trend=model.trend, phases=model.phases).fit()
        boot = bootstraps.get(rule)
        if boot is None:
            boot = res.bootstrap(n_boot, method="block", block_length=block_length,
                                 rng=seeds[rule], n_jobs=n_jobs, progress=False)
        for name, irf in irf_identifications(res, horizon, boot).items():
            for imp in sides:
                resp = next(o for o in sides if o != imp)
                t = irf.total_response(resp, imp, 1)
                rows[(rule, name, f"{imp} -> {resp}")] = {"lags": k, **t.to_dict()}
    out = pd.DataFrame(rows).T
    out.index.names = ["rule", "identification", "direction"]
    out["lags"] = out["lags"].astype(int)
    return out


def lag_rule_bounds(table: pd.DataFrame, direction: str) -> dict:
    """The cumulative response of one direction at every lag rule and Cholesky ordering
    (a :func:`irf_by_lag_rule` table), as bounds: ``"<RULE> (<k> lags), <side> first"``
    -> estimate. The generalised IRF is left out (with unit scaling it equals the
    ordering with the shocked side first)."""
    rows = table.xs(direction, level="direction")
    return {f"{rule.upper()} ({int(rows.loc[(rule, i), 'lags'])} lags), {i}":
            float(rows.loc[(rule, i), "estimate"]) for rule, i in rows.index if i != "generalized"}


def granger_values(tables: dict) -> dict:
    """Granger tables of a VAR (``results.granger_table``) as values-file entries.

    Parameters
    ----------
    tables : dict
        Prefix -> table (index (caused, causing); ``statistic``, ``pvalue``), e.g.
        ``{"F": f_table, "hc1": hc1_table, "wild": wild_table}``.

    Returns
    -------
    dict
        ``"<causing> -> <caused>"`` -> ``{"<prefix>_stat", "<prefix>_p"}`` for each table.
    """
    first = next(iter(tables.values()))
    out = {}
    for caused, causing in first.index:
        entry = {}
        for prefix, t in tables.items():
            entry[f"{prefix}_stat"] = float(t.loc[(caused, causing), "statistic"])
            entry[f"{prefix}_p"] = float(t.loc[(caused, causing), "pvalue"])
        out[f"{causing} -> {caused}"] = entry
    return out


def var_values(results, *, granger: dict, total_response: pd.DataFrame, lag_rules: pd.DataFrame,
               fevd: dict, horizon: int) -> dict:
    """A VAR's numbers for a values file: lag order (and every rule's choice), stability,
    Granger tests (:func:`granger_values`), residual correlation, total responses by
    identification (:func:`total_response_table`) and by lag rule
    (:func:`irf_by_lag_rule`), variance shares at ``horizon``
    (:func:`plot_fevd_orderings`)."""
    from ..casestudy import interval

    sides = results.model.sides
    s = results.sigma_u
    a, b = sides[0], sides[1]
    return {"lags": results.k_ar, "selected": results.lag_order.attrs["selected"],
            "stable": results.is_stable, "max_companion_eigenvalue": results.max_root_modulus,
            "granger": granger_values(granger),
            "residual_correlation": float(s.loc[a, b] / (s.loc[a, a] * s.loc[b, b]) ** 0.5),
            "total_response": {" | ".join(k): interval(r) for k, r in total_response.iterrows()},
            "total_response_by_lag_rule": {" | ".join(k): {"lags": int(r["lags"]), **interval(r)}
                                           for k, r in lag_rules.iterrows()},
            "fevd_14d" if horizon == 14 else f"fevd_{horizon}d": {
                name: {f"{resp} <- {shock}": float(f.to_frame().loc[(resp, horizon), shock])
                       for resp in sides for shock in sides} for name, f in fevd.items()}}
