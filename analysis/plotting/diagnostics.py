"""Figures of model results shared by several families: cross-effects side by side,
posterior/parametric predictive checks and gap checks.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sides import acting_color, side_color, side_label

from .styles import _ax, _styled, new_figure

__all__ = ["plot_gap_check", "plot_cross_effects", "plot_predictive_check"]


@_styled
def plot_cross_effects(table, *, ax=None, xlabel="extra events of the responding side\n"
                       "per event of the triggering side", samples=("all", "confirmed")):
    """One forest plot of the cross-effects from several methods and samples.

    Parameters
    ----------
    table : DataFrame
        One row per estimate, with columns ``method``, ``source`` (the triggering side),
        ``target`` (the responding side), ``sample`` (e.g. ``"all"``,
        ``"confirmed"``), ``estimate``, ``lower``, ``upper`` and optionally ``note``:
        a row with a note and no estimate is written as that note (e.g. "not
        estimable"); a row with a note and an estimate is drawn hollow and grey with
        the note beside it (e.g. "unstable").
    ax : sequence of Axes, optional
        One per direction (default: a new figure, directions side by side).
    xlabel : str
        The common scale (say what it is; the figure has one axis per direction).
    samples : sequence of str
        Sample names in drawing order: the first filled, the second open markers.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.plotting import plot_cross_effects
    >>> t = pd.DataFrame({"method": ["A", "A"], "source": ["a", "a"], "target": ["b", "b"],
    ...                   "sample": ["all", "confirmed"], "estimate": [0.2, 0.1],
    ...                   "lower": [0.0, -0.1], "upper": [0.4, 0.3]})
    >>> [a.get_title() for a in plot_cross_effects(t)]
    ['Side A → Side B']
    """
    need = [c for c in ("method", "source", "target", "sample", "estimate", "lower", "upper")
            if c not in table.columns]
    if need:
        raise ValueError(f"plot_cross_effects: the table has no column(s) {need}")
    t = table.copy()
    if "note" not in t.columns:
        t["note"] = ""
    t["note"] = t["note"].fillna("")
    directions = list(dict.fromkeys(zip(t["source"], t["target"])))
    methods = list(dict.fromkeys(t["method"]))
    if ax is None:
        _, ax = new_figure("wide", 1, len(directions), sharey=True)
    axes = list(np.atleast_1d(ax))
    if len(axes) != len(directions):
        raise ValueError(f"plot_cross_effects needs {len(directions)} Axes, got {len(axes)}")
    sides = list(dict.fromkeys([s for d in directions for s in d]))
    declared = table.attrs.get("sides")
    offsets = {s: (k - (len(samples) - 1) / 2) * 0.3 for k, s in enumerate(samples)}
    for a, (src, tgt) in zip(axes, directions):
        color = acting_color(str(src), str(tgt), declared)
        sub = t[(t["source"] == src) & (t["target"] == tgt)]
        for r in sub.itertuples():
            y = methods.index(r.method) + offsets.get(r.sample, 0.0)
            filled = r.sample == samples[0]
            if pd.isna(r.estimate):
                a.text(0.0, y, f" {r.note or 'no estimate'}", va="center", ha="left",
                       color="0.4",
                       transform=a.get_yaxis_transform())
                continue
            c = "0.6" if r.note else color
            a.errorbar([r.estimate], [y], xerr=[[r.estimate - r.lower], [r.upper - r.estimate]],
                       fmt="o", ms=3.5, color=c, mfc=c if (filled and not r.note) else "white",
                       mew=0.9, capsize=1.5, lw=0.9)
            if r.note:
                a.annotate(f" {r.note}", (r.upper, y), xytext=(2, 0),
                           textcoords="offset points", va="center", color="0.4")
        a.axvline(0, color="0.5", lw=0.6)
        a.set_title(f"{side_label(str(src), declared)} \u2192 {side_label(str(tgt), declared)}")
        a.set_xlabel(xlabel)
    axes[0].set_yticks(range(len(methods)))
    axes[0].set_yticklabels(methods)
    axes[0].set_ylim(len(methods) - 0.5, -0.5)
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], marker="o", ls="none", color="0.2",
                      mfc="0.2" if k == 0 else "white", label=f"{s} incidents" if s == "all"
                      else f"{s} only") for k, s in enumerate(samples)]
    axes[-1].legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return axes


@_styled
def plot_predictive_check(observed, simulated, *, ax=None, level=0.9, sides=None,
                          ylabel="events per period"):
    """A posterior- (or parametric-) predictive check of a count series: the observed
    counts against the central ``level`` band and median of simulated ones.

    Parameters
    ----------
    observed : Series
        Observed counts on a date (or integer) index.
    simulated : array (n_sim, len(observed))
        Counts simulated from the fitted model on the same periods.
    ax : Axes, optional
    level : float
        Coverage of the band of simulated counts (pointwise quantiles).
    sides : str, optional
        The side whose counts these are (colour of the observed series; default: black).
    ylabel : str

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from analysis.plotting import plot_predictive_check
    >>> obs = pd.Series([1, 0, 2, 3])
    >>> sims = np.random.default_rng(1).poisson(1.5, size=(50, 4))
    >>> plot_predictive_check(obs, sims).get_ylabel()
    'events per period'
    """
    sims = np.asarray(simulated, dtype=float)
    if sims.ndim != 2 or sims.shape[1] != len(observed):
        raise ValueError(f"simulated must be (n_sim, {len(observed)}), got shape {sims.shape}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    ax = _ax(ax)
    lo, med, hi = np.quantile(sims, [(1 - level) / 2, 0.5, (1 + level) / 2], axis=0)
    x = observed.index
    ax.fill_between(x, lo, hi, step="mid", color="0.85", lw=0,
                    label=f"simulated, pointwise {100 * level:g}% band")
    ax.step(x, med, where="mid", color="0.45", lw=0.8, label="simulated, median")
    color = side_color(str(sides)) if sides is not None else "0.0"
    ax.step(x, observed.to_numpy(dtype=float), where="mid", color=color, lw=0.8,
            label="observed")
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.legend(frameon=False, loc="upper left")
    return ax


@_styled
def plot_gap_check(observed_gaps, simulated_gaps, *, ax=None, level=0.9, side=None,
                   max_gap=None, xlabel="days between consecutive events"):
    """Distribution of the gaps between consecutive events: the observed empirical
    CDF against the pointwise central ``level`` band of simulated ones.

    Parameters
    ----------
    observed_gaps : array
        Observed gaps (e.g. days between consecutive events of one side).
    simulated_gaps : list of arrays
        The gaps of each simulated realisation.
    ax : Axes, optional
    level : float
        Coverage of the pointwise band.
    side : str, optional
        Whose gaps these are (colour of the observed curve; default black).
    max_gap : float, optional
        Right end of the axis (default: the 99th percentile of the observed gaps).
    xlabel : str

    Returns
    -------
    Axes

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.plotting import plot_gap_check
    >>> g = np.random.default_rng(0)
    >>> ax = plot_gap_check(g.exponential(3, 50), [g.exponential(3, 50) for _ in range(20)])
    >>> ax.get_ylabel()
    'share of gaps at most x'
    """
    obs = np.asarray(observed_gaps, dtype=float)
    sims = [np.asarray(v, dtype=float) for v in simulated_gaps if len(v)]
    if obs.size == 0 or not sims:
        raise ValueError("plot_gap_check needs observed gaps and at least one simulated set")
    ax = _ax(ax, "single")
    top = float(max_gap) if max_gap is not None else float(np.quantile(obs, 0.99)) + 1
    grid = np.linspace(0, top, 200)
    ecdf = np.array([np.searchsorted(np.sort(v), grid, side="right") / v.size for v in sims])
    lo, hi = np.quantile(ecdf, [(1 - level) / 2, (1 + level) / 2], axis=0)
    ax.fill_between(grid, lo, hi, step="post", color="0.85", lw=0,
                    label=f"simulated, pointwise {100 * level:g}% band")
    o = np.searchsorted(np.sort(obs), grid, side="right") / obs.size
    ax.step(grid, o, where="post", color=side_color(str(side)) if side is not None else "0.0",
            lw=0.9, label="observed")
    ax.set_xlim(0, top)
    ax.set_ylim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share of gaps at most x")
    ax.legend(frameon=False, loc="lower right")
    return ax
