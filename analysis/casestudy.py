"""The case study of the bundled data: Iran-aligned militias and US forces, 2019-2024.

Only the notebooks use this module. It gathers the choices that several notebooks
share (which sides form the dyad, the named windows), so every notebook makes them the
same way. The models themselves take any sides from any incident table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import warnings

from .data import load_incidents, phase_of, to_counts
from .exceptions import AnalysisWarning, DataError, EstimationError, SpecificationError

__all__ = ["SIDES", "WINDOWS", "PHASE_STARTS", "DIRECTIONS", "WINDOW_LABELS", "dyad_incidents",
           "window", "window_counts", "fit_or_reason", "phase_of", "count_model_by_window",
           "var_by_window", "count_hawkes_by_window", "plot_window_forest", "interval",
           "value_or_bound"]

#: The two sides of the dyad, in the order used in tables and figures.
SIDES = ["militia", "us"]

#: Named windows (first and last local day, inclusive).
WINDOWS = {
    "all": ("2019-12-01", "2024-12-31"),
    "before_campaign": ("2019-12-01", "2023-10-16"),
    "campaign": ("2023-10-17", "2024-02-04"),
    "after_campaign": ("2024-02-05", "2024-12-31"),
}

#: Dates on which a new phase of the record begins (the campaign; the lull after it).
PHASE_STARTS = [WINDOWS["campaign"][0], WINDOWS["after_campaign"][0]]


def dyad_incidents(incidents: pd.DataFrame | None = None, *, confirmed_only: bool = False,
                   iran_as_militia: bool = True, include_convoys: bool = False,
                   include_partner: bool = False) -> pd.DataFrame:
    """The incidents of the militia-US dyad.

    Attacks by Iran's own forces (the two ballistic-missile attacks of 8 Jan 2020) count
    as the militia side when ``iran_as_militia`` (the US answered both with the same
    strikes); strikes nobody was shown to have made (side ``unattributed``) are left
    out. ``confirmed_only`` keeps the incidents that the targeted side or an official
    source confirmed (claims inflate counts).

    Attacks on logistics convoys (``target_kind == "convoy"``: roadside bombs on
    Iraqi-driven trucks carrying coalition-contracted supplies, 2020-2022) are left out
    unless ``include_convoys``: the coalition said in 2021 that they were not its
    convoys, and the official tallies count attacks on bases and facilities only.
    Attacks on partner forces (``target_side == "partner"``) are left out unless
    ``include_partner``; attacks whose target is not US (``target_side == "other"``)
    always are.
    """
    inc = load_incidents() if incidents is None else incidents
    inc = inc.copy()
    if iran_as_militia:
        inc["side"] = inc["side"].replace({"iran": "militia"})
    inc = inc[inc["side"].isin(SIDES)]
    targets = {"us", "militia"} | ({"partner"} if include_partner else set())
    inc = inc[inc["target_side"].isin(targets)]
    if not include_convoys:
        inc = inc[inc["target_kind"].fillna("") != "convoy"]
    if confirmed_only:
        inc = inc[inc["confirmation"] == "confirmed"]
    return inc.reset_index(drop=True)


def window(incidents: pd.DataFrame, name: str) -> pd.DataFrame:
    """The incidents inside one of :data:`WINDOWS` (by local date)."""
    if name not in WINDOWS:
        raise ValueError(f"window must be one of {sorted(WINDOWS)}, got {name!r}")
    lo, hi = map(pd.Timestamp, WINDOWS[name])
    d = pd.to_datetime(incidents["date"])
    return incidents[(d >= lo) & (d <= hi)].reset_index(drop=True)


def window_counts(freq: str = "D") -> dict:
    """Counts of the dyad per window and source: ``{(source, window): counts}`` for
    source in (``"all"``, ``"confirmed"``) and every window of :data:`WINDOWS`, each
    with a complete index over the whole window and both sides as columns."""
    sources = {"all": dyad_incidents(), "confirmed": dyad_incidents(confirmed_only=True)}
    return {(src, win): to_counts(window(inc, win), freq=freq, start=WINDOWS[win][0],
                                  end=WINDOWS[win][1], columns=SIDES)
            for src, inc in sources.items() for win in WINDOWS}


def fit_or_reason(make):
    """Run ``make()`` (a fit); return ``(results, notes)`` or ``(None, reason)``.

    For tables of many fits (windows x sources) where some samples cannot support the
    model: the package's errors become the reason the cell is empty (the exception's
    class and full message), and its warnings become notes beside the estimate
    (``"<Warning class>: <message>"``, joined by ``" | "``), instead of stopping the
    notebook. Nothing is parsed out of the messages.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AnalysisWarning)
        try:
            res = make()
        except (EstimationError, SpecificationError, DataError) as e:
            return None, f"{type(e).__name__}: {e}"
    return res, " | ".join(f"{w.category.__name__}: {w.message}" for w in caught
                           if issubclass(w.category, AnalysisWarning))


#: The two directions of the dyad as (source, target): one event of ``source``, then
#: the extra events of ``target``.
DIRECTIONS = [("militia", "us"), ("us", "militia")]

#: Windows in the order of tables and forest plots, with their labels.
WINDOW_LABELS = {"before_campaign": "before campaign", "campaign": "campaign",
                 "after_campaign": "after lull", "all": "whole record"}


def _by_window(fit, rows, counts):
    """The window x source loop: ``fit(days, window)`` for every entry of ``counts``
    (``window_counts()`` by default); ``rows(results or None, days)`` gives the table
    rows of one fit, to which ``source``, ``window`` and ``note`` are added."""
    counts = window_counts() if counts is None else counts
    out = []
    for (src, win), days in counts.items():
        res, note = fit_or_reason(lambda: fit(days, win))
        for row in rows(res, days):
            out.append({"source": src, "window": win, **row, "note": note})
    return pd.DataFrame(out)


def count_model_by_window(counts=None, *, lags, family="negbin", horizon=7,
                          phases=None, rng=None, n_boot=999) -> pd.DataFrame:
    """:class:`~analysis.CountModel` of each side on the other in every window and source.

    ``phases`` enter the whole-record fits only. Rows ``(direction, window, source)``;
    columns ``events`` (of the response side), ``estimate``, ``lower``, ``upper`` (the
    cumulative response over ``horizon`` days to one event of the other side, 95% HAC),
    ``granger_p`` and ``note`` (why a fit is missing, or its warnings).

    ``granger_p`` is the wild-cluster score-bootstrap p-value
    (``CountResults.granger(..., bootstrap="score")``, ``n_boot`` draws from ``rng``,
    one stream consumed fit by fit; blocks of at most 14 days and at least 10 blocks,
    Webb weights) when ``rng`` is given, else the HAC Wald p-value, which is not
    calibrated for sparse bursty counts (about 16% size at nominal 5%).
    """
    from .models.base import as_rng
    from .models.counts import CountModel
    rng = None if rng is None else as_rng(rng)

    def granger(res, source):
        if rng is None:
            return res.granger(source).pvalue
        bl = max(1, min(2 * res.model.lags, res.nobs // 10))
        return res.granger(source, bootstrap="score", n_boot=n_boot, block_length=bl,
                           weights="webb", rng=rng).pvalue

    tables = []
    for source, target in DIRECTIONS:
        def fit(days, win, target=target):
            return CountModel(days, target, lags=lags, family=family,
                              phases=phases if win == "all" else None).fit()

        def rows(res, days, source=source, target=target):
            row = {"direction": f"{source} -> {target}", "events": int(days[target].sum())}
            if res is not None:
                rc = res.response_curve(source, horizon=horizon).iloc[-1]
                row.update(estimate=rc["estimate"], lower=rc["lower"], upper=rc["upper"],
                           granger_p=granger(res, source))
            return [row]
        tables.append(_by_window(fit, rows, counts))
    return pd.concat(tables).set_index(["direction", "window", "source"]).sort_index()


def var_by_window(counts=None, *, lags=7, horizon=14, n_boot, block_length=7, rng,
                  phases=None) -> pd.DataFrame:
    """:class:`~analysis.VARModel` in every window and source: Granger p-values (HC3
    Wald, restricted wild bootstrap with 999 draws: the calibrated test) and the
    generalised impulse response summed over days ``1..horizon`` with moving-block
    bootstrap intervals (one ``rng`` stream, consumed window by window).

    Rows ``(direction, window, source)``; columns ``granger_p``, ``days_1_<horizon>``,
    ``lower``, ``upper``, ``stable``, ``note``.
    """
    from .models.base import as_rng
    from .models.var import VARModel
    rng = as_rng(rng)

    def fit(days, win):
        return VARModel(days, lags=lags, phases=phases if win == "all" else None).fit()

    def rows(res, days):
        out = []
        for imp, resp in DIRECTIONS:
            row = {"direction": f"{imp} -> {resp}"}
            if res is not None:
                g = res.granger(resp, imp, kind="wald", bootstrap="wild", rng=rng)
                t = res.irf(horizon, kind="generalized", bootstrap="block",
                            block_length=block_length, n_boot=n_boot,
                            rng=rng).total_response(resp, imp, 1)
                row.update({"granger_p": g.pvalue, f"days_1_{horizon}": t["estimate"],
                            "lower": t["lower"], "upper": t["upper"],
                            "stable": res.is_stable})
            out.append(row)
        return out
    return _by_window(fit, rows, counts).set_index(["direction", "window",
                                                     "source"]).sort_index()


def count_hawkes_by_window(counts=None, *, max_lag=14, short_max_lag=7,
                           phases=None) -> pd.DataFrame:
    """:class:`~analysis.CountHawkes` in every window and source (``max_lag`` and
    ``phases`` on the whole record, ``short_max_lag`` in the shorter windows).

    Rows ``(window, source)``; columns ``a[<target><-<source>]`` with ``lower`` and
    ``upper`` for every pair (Hessian/profile 95%), ``spectral radius``, the share of
    each side's events attributed to the other, and ``note``.
    """
    from .models.count_hawkes import CountHawkes

    def fit(days, win):
        return CountHawkes(days, max_lag=max_lag if win == "all" else short_max_lag,
                           phases=phases if win == "all" else None).fit()

    def rows(res, days):
        row = {}
        if res is not None:
            rc = res.branching_conf_int()
            at = res.attribution()
            for i, j in [("us", "militia"), ("militia", "us"), ("militia", "militia"),
                         ("us", "us")]:
                row[f"a[{i}<-{j}]"] = rc.loc[(i, j), "estimate"]
                row[f"a[{i}<-{j}] lower"] = rc.loc[(i, j), "lower"]
                row[f"a[{i}<-{j}] upper"] = rc.loc[(i, j), "upper"]
            row["spectral radius"] = res.spectral_radius
            row["share of us events due to militia"] = at.loc[("us", "militia"), "estimate"]
            row["share of militia events due to us"] = at.loc[("militia", "us"), "estimate"]
        return [row]
    return _by_window(fit, rows, counts).set_index(["window", "source"])


def plot_window_forest(get, *, directions=DIRECTIONS, xlabel, axes=None, sharex=False,
                       windows=tuple(WINDOW_LABELS), sources=("all", "confirmed")):
    """Forest plot of one estimate per window and source, one panel per direction.

    ``get(direction, window, source)`` returns ``(estimate, lower, upper)`` (NaN when
    the fit is missing: drawn as an x). ``xlabel(source, target)`` labels each panel's
    axis. All incidents are drawn as circles in the source side's colour, confirmed
    ones as grey squares; the legend names the x only when one is drawn. Returns the
    Axes (new ones, side by side, unless ``axes`` is given).
    """
    from matplotlib.lines import Line2D

    from .plotting import new_figure, side_color
    if axes is None:
        _, axes = new_figure("double", 1, len(directions), sharex=sharex)
    missing = False
    for ax, (source, target) in zip(axes, directions):
        for k, src in enumerate(sources):
            color = side_color(source, SIDES) if k == 0 else "0.35"
            for i, win in enumerate(windows):
                est, lo, hi = get((source, target), win, src)
                y = i + (0.15 if k else -0.15)
                if pd.isna(est):
                    ax.plot([0], [y], marker="x", color=color, linestyle="none")
                    missing = True
                    continue
                ax.errorbar(est, y, xerr=[[est - lo], [hi - est]], fmt="o" if k == 0 else "s",
                            color=color, markersize=3.5, capsize=2)
        ax.set_yticks(range(len(windows)))
        ax.set_yticklabels([WINDOW_LABELS.get(w, w) for w in windows])
        ax.invert_yaxis()
        ax.axvline(0, color="0.5", linewidth=0.6)
        ax.set_title(f"{source} \u2192 {target}")
        ax.set_xlabel(xlabel(source, target))
    handles = [Line2D([], [], marker="o", color="0.5", linestyle="none", label="all incidents"),
               Line2D([], [], marker="s", color="0.35", linestyle="none", label="confirmed only")]
    if missing:
        handles.append(Line2D([], [], marker="x", color="0.35", linestyle="none",
                              label="not estimable"))
    axes[0].legend(handles=handles, frameon=False, loc="lower right")
    axes[0].figure.tight_layout()
    return axes


def interval(x) -> dict:
    """``{"estimate", "lower", "upper"}`` as plain floats for a values file, from a row
    (Series with those labels) or a triple; missing values become ``None`` and a limit
    the data do not give (infinite) the text ``"unbounded"``."""
    vals = [x[k] for k in ("estimate", "lower", "upper")] if hasattr(x, "index") else list(x)
    return {k: value_or_bound(v) for k, v in zip(("estimate", "lower", "upper"), vals)}


def value_or_bound(v):
    """A number for a values file: ``None`` if missing, ``"unbounded"`` (or
    ``"-unbounded"``) if infinite (a confidence limit beyond the parameter's range),
    else a float."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    v = float(v)
    return v if np.isfinite(v) else ("unbounded" if v > 0 else "-unbounded")
