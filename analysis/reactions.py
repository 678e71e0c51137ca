r"""Reaction functions of every side of a dyad at once: fits, response curves, figure.

Notebook-level helpers over :class:`analysis.CountModel`: fit each side's count on the
lags of every side (:func:`fit_reactions`), bootstrap and tabulate the cumulative
response of each side to one event of the other (:func:`reaction_curves`), and draw
them side by side (:func:`plot_reaction_curves`), with the negative binomial left out
of a panel where it extrapolates (its largest fitted day far above the largest observed
count: :func:`extrapolates`). Nothing here is tied to one dyad: sides are arguments.
"""

from __future__ import annotations

import warnings

import pandas as pd

from .exceptions import AnalysisWarning, SpecificationError

__all__ = ["fit_reactions", "extrapolates", "reaction_curves", "plot_reaction_curves",
           "plot_reaction_coefficients", "window_getter", "plot_self_exciting_report",
           "self_exciting_values", "branching_getter", "branching_by_window",
           "plot_reaction_parts"]


def _other(sides, side):
    rest = [s for s in sides if s != side]
    if len(rest) != 1:
        raise SpecificationError(f"reaction functions pair two sides, got {list(sides)}")
    return rest[0]


def fit_reactions(counts: pd.DataFrame, sides, *, lags, family: str, phases=None) -> dict:
    """``{side: CountModel(counts, side, lags=lags, family=family, phases=phases).fit()}``.

    Parameters
    ----------
    counts : DataFrame
        Daily counts, one column per side.
    sides : sequence of str
        The responding sides (one fit each).
    lags, family, phases
        As :class:`analysis.CountModel`.

    Returns
    -------
    dict
        Side -> results.
    """
    from .models.counts import CountModel
    return {s: CountModel(counts, s, lags=lags, family=family, phases=phases).fit()
            for s in sides}


def extrapolates(res, factor: float = 2.0) -> dict:
    """Whether a fit's largest fitted daily mean exceeds ``factor`` x the largest count.

    Returns
    -------
    dict
        ``fitted`` (largest fitted mean), ``observed`` (largest count), ``extrapolates``
        (bool).
    """
    fitted = float(res.fittedvalues.max())
    observed = int(res.model.counts[res.model.response].max())
    return {"fitted": fitted, "observed": observed, "extrapolates": fitted > factor * observed}


def reaction_curves(fits: dict, horizon: int, *, n_boot: int, block_length: int, seeds: dict,
                    n_jobs: int = 1):
    """Cumulative responses of each side to one event of the other, HAC and bootstrap.

    Parameters
    ----------
    fits : dict
        Family name -> {side: results} (e.g. ``{"negbin": nb, "poisson": pml}``).
    horizon : int
        Days of the cumulative response.
    n_boot, block_length : int
        Moving-block bootstrap refits of every fit (``cov_type="bootstrap"``).
    seeds : dict
        Side -> seed of its bootstraps (the same seed for every family).
    n_jobs : int
        Processes for the refits (same result for any value).

    Returns
    -------
    boot : dict
        (family, side) -> bootstrap results.
    curves, curves_boot : dict
        (family, side) -> response curve (rows: days 1..horizon) with HAC and bootstrap
        intervals.
    table : DataFrame
        The responses at ``horizon``: index (interval, family, direction), columns
        ``estimate``, ``lower``, ``upper``.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnalysisWarning)    # shown for the main fits
        boot = {(f, s): r.model.fit(cov_type="bootstrap", n_boot=n_boot,
                                    block_length=block_length, rng=seeds[s], n_jobs=n_jobs)
                for f, res in fits.items() for s, r in res.items()}
    sides = {s for res in fits.values() for s in res}
    curves = {(f, s): r.response_curve(_other(sides, s), horizon=horizon)
              for f, res in fits.items() for s, r in res.items()}
    curves_boot = {k: b.response_curve(_other(sides, k[1]), horizon=horizon)
                   for k, b in boot.items()}
    table = pd.concat({kind: pd.DataFrame({(f, f"{_other(sides, s)} -> {s}"):
                                           c[["estimate", "lower", "upper"]].iloc[-1]
                                           for (f, s), c in cs.items()}).T
                       for kind, cs in [("HAC", curves), ("bootstrap", curves_boot)]},
                      names=["interval", "family", "direction"])
    return boot, curves, curves_boot, table


def plot_reaction_curves(nb: dict, pml: dict, boot: dict, horizon: int, *, unstable: dict,
                         axes=None):
    """Both sides' cumulative responses: negative binomial (HAC) where it is stable,
    Poisson PML (HAC band where the NB is not drawn) and the PML moving-block bootstrap.

    Parameters
    ----------
    nb, pml : dict
        Side -> results of the negative-binomial and Poisson PML fits.
    boot : dict
        (``"poisson"``, side) -> bootstrap results of the PML fit.
    horizon : int
    unstable : dict
        Side -> :func:`extrapolates` of its NB fit (the panel says why the NB is not drawn).
    axes : sequence of Axes, optional
        One per side (default: a new page-wide figure).

    Returns
    -------
    Axes array
    """
    from .plotting import new_figure
    from .reporting import number
    from .sides import side_label

    sides = list(nb)
    if axes is None:
        _, axes = new_figure("wide", 1, len(sides), height=4.2)
    for ax, side in zip(axes, sides):
        other = _other(sides, side)
        bad = unstable[side]["extrapolates"]
        if not bad:
            nb[side].plot_response(other, horizon, ax=ax, label="negative binomial, HAC")
        pml[side].plot_response(other, horizon, ax=ax, linestyle="--", filled=False,
                                band="fill" if bad else "none",
                                label="Poisson PML" + (", HAC" if bad else ""))
        boot["poisson", side].plot_response(other, horizon, ax=ax, band="lines", linestyle=":",
                                            label="Poisson PML, moving-block bootstrap")
        why = (f"\nnegative binomial not drawn: unstable (largest fitted\nday "
               f"{number(unstable[side]['fitted'])} events, observed at most "
               f"{unstable[side]['observed']})") if bad else ""
        ax.set_title(f"{side_label(other)} \u2192 {side_label(side)}")
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.25),
                  title="95% pointwise intervals" + why)
    return axes


def plot_reaction_coefficients(fits: dict, *, ylabel: str, axes=None):
    """Each side's lag coefficients (both sides' lags), one panel per responding side.

    Parameters
    ----------
    fits : dict
        Side -> count-regression results (:func:`fit_reactions`).
    ylabel : str
        Label of the first panel's axis (the coefficient and its interval).
    axes : sequence of Axes, optional
        One per side (default: a new page-wide figure).

    Returns
    -------
    Axes array
    """
    from .plotting import new_figure

    sides = list(fits)
    if axes is None:
        _, axes = new_figure("wide", 1, len(sides), sharey=False)
    for ax, side in zip(axes, sides):
        fits[side].plot_coefficients([_other(sides, side), side], ax=ax)
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    axes[0].set_ylabel(ylabel)
    return axes


def window_getter(table, *, flag: str = "expects", label: str = "unstable"):
    """``get(direction, window, source)`` for ``analysis.casestudy.plot_window_forest``
    from a by-window table (index ``"<source> -> <target>"``, window, source; columns
    ``estimate``, ``lower``, ``upper``, ``note``): an estimate whose note contains
    ``flag`` is drawn hollow with ``label`` beside it."""
    def get(direction, win, src):
        row = table.loc[(f"{direction[0]} -> {direction[1]}", win, src)]
        flagged = flag in str(row.get("note") or "").lower()
        return (*row[["estimate", "lower", "upper"]], label if flagged else "")
    return get


def plot_self_exciting_report(results, boot, *, n_boot: int) -> dict:
    """The three standard figures of a self-exciting count model and its bootstrap.

    Parameters
    ----------
    results : CountHawkesResults
    boot : the parametric bootstrap of ``results`` (``results.bootstrap(...)``)
    n_boot : int
        Its number of refits (for the panel title).

    Returns
    -------
    dict
        ``"reproduction"`` (the reproduction matrix with Hessian/profile and bootstrap
        intervals, side by side), ``"fit"`` (observed and fitted weekly events),
        ``"attribution"`` (shares of each side's events by cause, and the lag weights)
        -> Figure.
    """
    from .plotting import new_figure

    figs = {}
    fig, axes = new_figure("wide", 1, 2, sharex=True, sharey=True)
    results.plot_branching(ax=axes[0], method="hessian")
    axes[0].set_title("Hessian / profile 95% CI")
    boot.plot_branching(ax=axes[1], method="bootstrap")
    axes[1].set_title(f"Parametric bootstrap 95% CI ({n_boot} refits)")
    figs["reproduction"] = fig
    fig, ax = new_figure("wide")
    results.plot_fit(ax=ax, freq="W")
    ax.set_title("Observed and fitted events per week (one-day-ahead intensities summed)")
    ax.legend(frameon=False, ncol=2, loc="upper left")
    figs["fit"] = fig
    fig, axes = new_figure("wide", 1, 2, gridspec_kw={"width_ratios": [1.3, 1]})
    boot.plot_attribution(ax=axes[0], method="bootstrap")
    axes[0].set_title("Share of each side's events, by cause")
    results.plot_kernels(ax=axes[1])
    axes[1].set_title(f"Lag weights (mean lag {results.mean_lag.iloc[0]:.1f} days)")
    figs["attribution"] = fig
    return figs


def self_exciting_values(results, boot) -> dict:
    """The numbers of a self-exciting count model and its bootstrap for a values file:
    log-likelihood, decay, mean lag, dispersions, spectral radius, reproduction matrix
    and attribution (Hessian and bootstrap intervals), failed bootstrap refits."""
    from .casestudy import interval

    sides = results.model.sides
    repro = {"hessian": results.branching_conf_int(),
             "bootstrap": boot.branching_conf_int(method="bootstrap")}
    att = {"hessian": results.attribution(), "bootstrap": boot.attribution(method="bootstrap")}
    return {"llf": results.llf, "decay": float(results.params["decay_ratio"]),
            "mean_lag_days": float(results.mean_lag.iloc[0]),
            "alpha": {s: float(results.params[f"dispersion[{s}]"]) for s in sides},
            "spectral_radius": {"estimate": results.spectral_radius,
                                "hessian": list(results.spectral_radius_conf_int()),
                                "bootstrap": list(boot.spectral_radius_conf_int(method="bootstrap"))},
            "reproduction": {f"{i} <- {j}": {m: interval(t.loc[(i, j)]) for m, t in repro.items()}
                             for i, j in repro["hessian"].index},
            "attribution": {f"{s} <- {src}": {m: interval(t.loc[(s, src)]) for m, t in att.items()}
                            for s, src in att["hessian"].index},
            "bootstrap_failed": boot.n_boot_failed}


def branching_getter(table):
    """``get(direction, window, source)`` for ``analysis.casestudy.plot_window_forest``
    from a by-window table of excitation entries (index window, source; columns
    ``a[<target><-<source>]`` with `` lower`` and `` upper``), e.g.
    ``analysis.casestudy.count_hawkes_by_window``."""
    def get(direction, win, src):
        key = f"a[{direction[1]}<-{direction[0]}]"
        return tuple(table.loc[(win, src)].get([key, key + " lower", key + " upper"],
                                                [float("nan")] * 3))
    return get


def branching_by_window(table, direction) -> str:
    """One excitation entry per window and source in words (``"<window> (<source>)
    <estimate> (95% CI ...)"``, joined by ``"; "``), rounded to two decimals (an
    estimate on the bound 0 reads 0.00); "not estimable" where the fit failed."""
    from .reporting import estimate

    key = f"a[{direction[1]}<-{direction[0]}]"
    out = []
    for (win, src), r in table.iterrows():
        if pd.notna(r.get(key)):
            vals = (round(float(r[c]), 2) for c in (key, key + " lower", key + " upper"))
            out.append(f"{win} ({src}) {estimate(*vals, interval='CI')}")
        else:
            out.append(f"{win} ({src}) not estimable")
    return "; ".join(out)


def plot_reaction_parts(fits: dict, horizon: int, *, axes=None):
    """Hurdle fits of every side: the incidence, number and mean parts of the cumulative
    response to one event of the other side (one row of panels per responding side).

    Parameters
    ----------
    fits : dict
        Side -> hurdle count-regression results (``family="hurdle"``).
    horizon : int
    axes : 2-D array of Axes, optional
        One row of three per side (default: a new page-wide figure).

    Returns
    -------
    Axes array
    """
    from .plotting import new_figure

    sides = list(fits)
    if axes is None:
        _, axes = new_figure("double", len(sides), 3)
    for row, side in zip(axes, sides):
        fits[side].plot_parts(_other(sides, side), horizon, ax=row)
    return axes
