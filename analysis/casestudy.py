"""The case study of the bundled data: Iran-aligned militias and US forces, 2019-2024.

Only the notebooks use this module. It gathers the choices that several notebooks
share (which sides form the dyad, the named windows), so every notebook makes them the
same way. The models themselves take any sides from any incident table.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

import warnings

from .data import load_incidents, phase_of, to_counts
from .exceptions import AnalysisWarning, DataError, EstimationError, SpecificationError

__all__ = ["SIDES", "WINDOWS", "PHASE_STARTS", "DIRECTIONS", "WINDOW_LABELS", "dyad_incidents",
           "window", "window_counts", "fit_or_reason", "phase_of", "count_model_by_window",
           "var_by_window", "count_hawkes_by_window", "plot_window_forest", "interval",
           "value_or_bound", "cross_effects"]

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
                       windows=tuple(WINDOW_LABELS), sources=("all", "confirmed"),
                       interval="95% CI"):
    """Forest plot of one estimate per window and source, one panel per direction.

    ``get(direction, window, source)`` returns ``(estimate, lower, upper)`` or
    ``(estimate, lower, upper, note)``. A missing estimate is written as its note
    (default "not estimable") where the marker would be; an estimate with a note (e.g.
    "unstable") is drawn hollow in grey with the note beside it. ``xlabel(source,
    target)`` labels each panel's axis. Colour marks the acting side (the target,
    whose events the estimate counts); all incidents are filled markers, confirmed
    ones open. ``interval`` names the intervals in the legend. Returns the Axes (new
    ones, side by side, unless ``axes`` is given).
    """
    from matplotlib.lines import Line2D

    from .plotting import new_figure, side_label
    from .sides import acting_color
    if axes is None:
        _, axes = new_figure("wide", 1, len(directions), sharex=sharex, height=2.6)
    for ax, (source, target) in zip(axes, directions):
        color = acting_color(source, target, SIDES)
        for k, src in enumerate(sources):
            for i, win in enumerate(windows):
                got = tuple(get((source, target), win, src))
                est, lo, hi = got[:3]
                note = got[3] if len(got) > 3 and isinstance(got[3], str) else ""
                y = i + (0.17 if k else -0.17)
                if pd.isna(est):
                    ax.text(0.0, y, f" {note or 'not estimable'}", va="center", ha="left",
                            color="0.35", transform=ax.get_yaxis_transform())
                    continue
                c = "0.55" if note else color
                ax.errorbar(est, y, xerr=[[est - lo], [hi - est]], fmt="o" if k == 0 else "s",
                            color=c, mfc=c if (k == 0 and not note) else "white",
                            markersize=3.5, capsize=2, lw=0.9)
                if note:
                    ax.annotate(note, (est, y), xytext=(0, -4), textcoords="offset points",
                                ha="center", va="top", color="0.35")
        ax.set_yticks(range(len(windows)))
        ax.set_yticklabels([WINDOW_LABELS.get(w, w) for w in windows])
        ax.set_ylim(len(windows) - 0.5, -0.5)
        ax.axvline(0, color="0.5", linewidth=0.6)
        ax.set_title(f"{side_label(source)} \u2192 {side_label(target)}")
        ax.set_xlabel(xlabel(side_label(source), side_label(target)))
    handles = [Line2D([], [], marker="o", color="0.2", linestyle="none",
                      label=f"all incidents ({interval})"),
               Line2D([], [], marker="s", color="0.2", mfc="white", linestyle="none",
                      label=f"confirmed only ({interval})")]
    axes[0].figure.legend(handles=handles, frameon=False, loc="outside lower center", ncol=2)
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


def cross_effects(directory=None) -> pd.DataFrame:
    """The two cross-effects of the dyad from every method, all incidents and confirmed
    only, as the notebooks' values files quote them (notebooks 02, 03 and 04 must have
    run).

    One scale for all: extra events of the responding side per event of the
    triggering side. For the count regressions (negative binomial, Poisson PML, hurdle)
    it is the cumulative response over the 7 days after one event (other counts as observed: a
    direct effect); for the VAR the cumulative impulse response over days 1-14 to one
    extra event (it includes feedback through both equations); for the self-exciting
    models (CountHawkes on daily counts, Hawkes on event times) the branching ratio,
    the expected number of events directly triggered by one event over all lags (their
    kernels put almost all weight within a week). Intervals are 95%: HAC for the
    regressions, moving-block bootstrap for the VAR, Hessian/profile for CountHawkes,
    parametric bootstrap for Hawkes. Where a method was fitted to all incidents only,
    the confirmed-only row says so.

    Parameters
    ----------
    directory : path-like, optional
        The folder holding ``values/`` (default :func:`analysis.reporting.figures_dir`,
        falling back to the repository's ``figures/`` for files not found there).

    Returns
    -------
    DataFrame
        Columns ``method``, ``source``, ``target``, ``sample``, ``estimate``,
        ``lower``, ``upper``, ``note``, ``scale``.
    """
    import json

    from .paths import FIGURES
    from .reporting import figures_dir

    def read(name):
        for d in (figures_dir(directory), FIGURES):
            p = d / "values" / f"{name}.json"
            if p.is_file():
                return json.loads(p.read_text(encoding="utf-8"))
        raise FileNotFoundError(f"values/{name}.json: run notebook {name} first "
                                "(python -m analysis.notebooks)")

    v2, v3, v4 = (read(n) for n in ("02-count-regressions", "03-var-and-count-hawkes",
                                    "04-hawkes"))
    rows = []

    def add(method, s, t, sample, x, scale, note=""):
        if x is None or "estimate" not in x or x.get("estimate") is None:
            rows.append(dict(method=method, source=s, target=t, sample=sample,
                             estimate=np.nan, lower=np.nan, upper=np.nan,
                             note=note or "not estimable", scale=scale))
            return
        num = lambda v: math.inf if v == "unbounded" else float(v)   # noqa: E731
        rows.append(dict(method=method, source=s, target=t, sample=sample,
                         estimate=float(x["estimate"]), lower=num(x["lower"]),
                         upper=num(x["upper"]), note=note, scale=scale))

    reg, var7, br = ("7-day cumulative response", "cumulative IRF, days 1-14",
                     "branching ratio")
    for s, t in DIRECTIONS:
        d = f"{s} -> {t}"
        for sample in ("all", "confirmed"):
            add("negative binomial", s, t, sample, v2["by_window"].get(f"{d} | all | {sample}"), reg)
        add("Poisson PML", s, t, "all", v2["main"][t]["poisson_pml"]["response_7d"], reg)
        add("Poisson PML", s, t, "confirmed", None, reg, "not fitted")
        add("hurdle (mean)", s, t, "all", v2["hurdle"][t]["mean"], reg)
        add("hurdle (mean)", s, t, "confirmed", None, reg, "not fitted")
        for sample in ("all", "confirmed"):
            add("VAR", s, t, sample, v3["var"]["by_window"].get(f"{d} | all | {sample}"), var7)
        for sample in ("all", "confirmed"):
            h = v3["hawkes"]["by_window"].get(f"all | {sample}", {})
            key = f"a[{t}<-{s}]"
            add("CountHawkes (daily)", s, t, sample,
                {"estimate": h.get(key), "lower": h.get(f"{key} lower"),
                 "upper": h.get(f"{key} upper")} if key in h else None, br)
        for sample in ("all", "confirmed"):
            add("Hawkes (event times)", s, t, sample,
                v4[f"all_{sample}"]["branching"].get(f"{s}->{t}"), br)
    return pd.DataFrame(rows)
