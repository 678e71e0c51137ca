"""Figures of the incident table: timelines, stacked monthly bars, cumulative counts
against official tallies, the event timeline and the data-quality panel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..sides import side_color, side_label

from .styles import _ax, _styled, neutral_fills, new_figure

__all__ = ["plot_timeline", "plot_stacked_bars", "plot_cumulative_vs_tallies",
           "plot_event_timeline", "plot_data_quality"]


@_styled
def plot_timeline(counts, ax=None, *, mirror: bool | None = None, colors=None,
                  spans=None, ylabel: str = "events per day"):
    """Counts per side over time, the two sides mirrored about the axis.

    With exactly two sides and ``mirror`` (the default for two sides) the first side is
    drawn above the axis and the second below it, so the rhythm of attack and response
    reads at a glance; otherwise each side is a step line.

    Parameters
    ----------
    counts : DataFrame
        One column per side on a regular date index, as :func:`analysis.to_counts`
        gives.
    ax : matplotlib Axes, optional
        Where to draw (default: a new "wide" figure).
    mirror : bool, optional
        Mirror the second side below the axis (default: when there are two sides).
    colors : dict, optional
        Side -> colour (default: :func:`side_color`).
    spans : list of (start, end, label), optional
        Windows shaded in grey, with their label at the top.
    ylabel : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_timeline
    >>> weekly = ea.to_counts(ea.load_incidents(), freq="W", sides=["militia", "us"])
    >>> ax = plot_timeline(weekly, spans=[("2023-10-17", "2024-02-04", "campaign")])
    >>> [bars.get_label() for bars in ax.containers]      # names from the sides table
    ['Iran-aligned militias (up)', 'US forces (down)']
    """
    ax = _ax(ax)
    cols = list(counts.columns)
    mirror = (len(cols) == 2) if mirror is None else mirror
    if mirror and len(cols) != 2:
        raise ValueError("mirror=True needs exactly two sides")
    declared = counts.attrs.get("sides")
    colors = colors or {c: side_color(str(c), declared, order=cols) for c in cols}
    labels = {c: side_label(str(c), declared) for c in cols}
    if mirror:
        labels = {cols[0]: f"{labels[cols[0]]} (up)", cols[1]: f"{labels[cols[1]]} (down)"}
    x = counts.index
    width = (x[1] - x[0]) if len(x) > 1 else pd.Timedelta(days=1)
    for spec in spans or []:
        lo, hi = pd.Timestamp(spec[0]), pd.Timestamp(spec[1])     # strings work too
        ax.axvspan(lo, hi, color="0.92", zorder=0, lw=0)
        if len(spec) > 2 and spec[2]:
            ax.text(lo, 1.0, f" {spec[2]}", transform=ax.get_xaxis_transform(),
                    va="top", ha="left", color="0.35")
    if mirror:
        a, b = cols
        ax.bar(x, counts[a].to_numpy(), width=width, color=colors[a], label=labels[a], lw=0)
        ax.bar(x, -counts[b].to_numpy(), width=width, color=colors[b], label=labels[b], lw=0)
        ax.axhline(0, color="0.3", lw=0.5)
        # each half scaled to its own side's largest count (one unit, so the tick
        # labels stay comparable); a symmetric range would leave the smaller side's
        # half mostly empty
        up = max(1.0, float(np.nanmax(counts[a].to_numpy())))
        down = max(1.0, float(np.nanmax(counts[b].to_numpy())))
        ax.set_ylim(-down * 1.1, up * 1.05)
        ticks = [t for t in ax.get_yticks() if -down * 1.1 <= t <= up * 1.05]
        ax.set_yticks(ticks)
        ax.set_yticklabels([f"{abs(t):g}" for t in ticks])
        ax.set_ylim(-down * 1.1, up * 1.05)
    else:
        for c in cols:
            ax.step(x, counts[c].to_numpy(), where="post", color=colors[c], label=labels[c],
                    lw=0.8)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="best")
    return ax


@_styled
def plot_stacked_bars(table, ax=None, *, colors=None, ylabel: str = "incidents"):
    """Stacked bars of a period x category table.

    Parameters
    ----------
    table : DataFrame
        Periods in rows, categories in columns, e.g. ``to_counts(inc, "MS", by="country")``.
    ax : matplotlib Axes, optional
        Where to draw (default: a new "wide" figure).
    colors : dict, optional
        Category -> colour. Default: where every column is a side, the sides' colours
        (colour marks the acting side); for any other categories (countries, weapons),
        greys and hatches (:func:`neutral_fills`), since colour is kept for sides.
    ylabel : str

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_stacked_bars
    >>> monthly = ea.to_counts(ea.load_incidents(), freq="MS", by="country")
    >>> ax = plot_stacked_bars(monthly)
    >>> len(ax.patches) == monthly.size
    True
    """
    ax = _ax(ax)
    x = table.index
    width = ((x[1] - x[0]) * 0.85) if len(x) > 1 else pd.Timedelta(days=1) * 20
    bottom = np.zeros(len(table))
    from ..sides import registry
    reg = registry()
    cols = [str(c) for c in table.columns]
    are_sides = all(c in reg for c in cols)
    fills = None if are_sides else neutral_fills(min(len(cols), 10)) if cols else []
    for i, c in enumerate(table.columns):
        if colors and c in colors:
            style = {"color": colors[c], "lw": 0}
        elif are_sides:                       # counts by side: colour marks the side
            style = {"color": side_color(str(c)), "lw": 0}
        else:                                 # any other category: greys and hatches
            style = dict(fills[i % len(fills)])
        vals = table[c].to_numpy(dtype=float)
        label = side_label(str(c)) if are_sides else str(c)
        ax.bar(x, vals, width=width, bottom=bottom, label=label, **style)
        bottom += vals
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, ncol=min(4, len(table.columns)), loc="upper left")
    return ax


@_styled
def plot_cumulative_vs_tallies(incidents, tallies, *, side: str, since, until=None,
                               ax=None, groups=None):
    """Cumulative attacks in the incident table against official cumulative tallies.

    Parameters
    ----------
    incidents : DataFrame
        The incident table (``date``, ``side``, ``n_attacks``, ``confirmation``).
    tallies : DataFrame
        Official tallies, as :func:`analysis.load_official_tallies` gives.
    side : str
        The side whose attacks are counted.
    since, until : date-like
        The window; tallies counted from ``since`` are drawn (``until`` defaults to
        the last tally).
    ax : matplotlib Axes, optional
    groups : dict, optional
        Label -> filter of the incidents (default: all incidents, confirmed or claimed,
        confirmed only); each becomes a step line of the cumulative sum of
        ``n_attacks``. Tallies are points (open markers where the official figure is a
        lower bound).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_cumulative_vs_tallies
    >>> ax = plot_cumulative_vs_tallies(ea.load_incidents(), ea.load_official_tallies(),
    ...                                 side="militia", since="2023-10-17", until="2024-02-05")
    >>> [line.get_label() for line in ax.lines][:3]
    ['all incidents', 'confirmed or claimed', 'confirmed']
    """
    ax = _ax(ax)
    since = pd.Timestamp(since)
    until = pd.Timestamp(until) if until is not None else tallies["as_of_date"].max()
    inc = incidents[(incidents["side"] == side) & (incidents["date"] >= since)
                    & (incidents["date"] <= until)]
    groups = groups or {
        "all incidents": lambda d: d,
        "confirmed or claimed": lambda d: d[d["confirmation"] != "reported"],
        "confirmed": lambda d: d[d["confirmation"] == "confirmed"],
    }
    styles = ["-", "--", ":"]
    for i, (label, f) in enumerate(groups.items()):
        sub = f(inc)
        daily = sub.groupby("date")["n_attacks"].sum().astype(float)
        daily = daily.reindex(pd.date_range(since, until, freq="D"), fill_value=0.0).cumsum()
        ax.step(daily.index, daily.to_numpy(), where="post", ls=styles[i % 3], color="0.2",
                lw=0.9, label=label)
    t = tallies[(tallies["since"] == since) & (tallies["as_of_date"] <= until)]
    lb = t["total_is_lower_bound"].astype(bool)
    color = side_color(side, sides=incidents if "sides" in incidents.attrs else None)
    ax.plot(t.loc[~lb, "as_of_date"], t.loc[~lb, "total"], "o", color=color,
            ms=3.5, label="official tally")
    ax.plot(t.loc[lb, "as_of_date"], t.loc[lb, "total"], "o", mfc="none",
            color=color, ms=3.5, label="official tally (lower bound)")
    ax.set_ylabel(f"cumulative attacks since {since:%d %b %Y}")
    ax.legend(frameon=False, loc="upper left")
    return ax


# ---------------------------------------------------------------------------------------
# figures of the field: map, annotated timeline, data quality, synthesis, predictive checks
# ---------------------------------------------------------------------------------------
_GREYS = ["0.15", "0.5", "0.8", "1.0"]
#: Display names of the commonest ISO 639-1 language codes (others print as the code).
_LANGUAGES = {"ar": "Arabic", "en": "English", "fa": "Persian", "fr": "French", "de": "German",
              "es": "Spanish", "ru": "Russian", "tr": "Turkish", "he": "Hebrew", "ku": "Kurdish",
              "it": "Italian", "pt": "Portuguese", "ja": "Japanese", "id": "Indonesian",
              "zh": "Chinese", "uk": "Ukrainian"}


@_styled
def plot_event_timeline(counts, events, *, severity=None, ax=None, ylabel="incidents per week",
                        severity_label="severity index per week"):
    """Counts per side over time with numbered key events, and optionally a severity
    series underneath.

    Each event is a vertical line with a number at the top (numbers of events close in
    time are stacked so that they do not overlap); the numbers are explained in a key
    below the last panel ("1  27 Dec 2019  rocket attack on K-1 base").

    Parameters
    ----------
    counts : DataFrame
        One column per side on a regular date index (e.g. weekly
        :func:`analysis.to_counts`); drawn mirrored as :func:`plot_timeline` does.
    events : DataFrame or list of (date, label)
        The events to mark (a DataFrame needs ``date`` and ``label``).
    severity : DataFrame, optional
        One column per side on a date index (e.g. a severity index summed per week),
        drawn as step lines in the sides' colours on a second panel.
    ax : Axes or sequence of two Axes, optional
        One Axes, or two when ``severity`` is given (default: a new figure).
    ylabel, severity_label : str

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_event_timeline
    >>> weekly = ea.to_counts(ea.load_incidents(), freq="W", sides=["militia", "us"])
    >>> axes = plot_event_timeline(weekly, [("2024-01-28", "attack on Tower 22")])
    >>> axes[0].get_ylabel()
    'incidents per week'
    """
    ev = pd.DataFrame(events, columns=["date", "label"]) if not isinstance(events, pd.DataFrame) \
        else events
    if not {"date", "label"} <= set(ev.columns):
        raise ValueError("events needs the columns 'date' and 'label'")
    ev = ev.assign(date=pd.to_datetime(ev["date"])).sort_values("date").reset_index(drop=True)
    n_panels = 1 if severity is None else 2
    if ax is None:
        _, ax = new_figure("double", n_panels, 1, sharex=True,
                           gridspec_kw={"height_ratios": [2, 1][:n_panels]})
    axes = list(np.atleast_1d(ax))
    if len(axes) != n_panels:
        raise ValueError(f"plot_event_timeline needs {n_panels} Axes, got {len(axes)}")
    plot_timeline(counts, ax=axes[0], ylabel=ylabel)
    axes[0].legend(frameon=False, loc="upper left")
    if severity is not None:
        declared = severity.attrs.get("sides") or counts.attrs.get("sides")
        cols = list(severity.columns)
        for c in cols:
            axes[1].step(severity.index, severity[c].to_numpy(dtype=float), where="mid",
                         color=side_color(str(c), declared, order=cols), lw=0.8,
                         label=side_label(str(c), declared))
        axes[1].set_ylabel(severity_label)
        axes[1].set_ylim(bottom=0)
    span = (counts.index.max() - counts.index.min()).days or 1
    rows, last = [], {}
    for d in ev["date"]:                          # stack numbers of nearby events
        row = 0
        while row in last and (d - last[row]).days < span / 45:
            row += 1
        last[row] = d
        rows.append(row)
    for k, (d, row) in enumerate(zip(ev["date"], rows), start=1):
        for a in axes:
            a.axvline(d, color="0.4", lw=0.5, ls=":", zorder=0)
        axes[0].annotate(str(k), (d, 1.0), xycoords=("data", "axes fraction"),
                         xytext=(0, 2 + 9 * row), textcoords="offset points", ha="center",
                         va="bottom",
                         bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": "0.4",
                               "lw": 0.5})
    key = [f"{k}  {d.day} {d:%b %Y}  {lab}" for k, (d, lab) in enumerate(zip(ev["date"], ev["label"]),
                                                                    start=1)]
    half = (len(key) + 1) // 2
    for j, col in enumerate([key[:half], key[half:]]):
        axes[-1].text(0.55 * j, -0.32 if n_panels == 2 else -0.18, "\n".join(col),
                      transform=axes[-1].transAxes, va="top", ha="left", linespacing=1.4)
    return axes


def _monthly_shares(dates, values, order=None, top=None):
    """Month x category counts of ``values`` (a Series aligned with ``dates``)."""
    v = values.fillna("not stated").astype(str)
    if top is not None:
        keep = list(v.value_counts().index[:top])
        order = order or keep
        v = v.where(v.isin(keep), "other")
    t = pd.crosstab(pd.to_datetime(dates).dt.to_period("M").dt.to_timestamp(), v)
    cols = [c for c in (order or []) if c in t.columns] + \
        [c for c in t.columns if c not in (order or []) and c != "other"] + \
        (["other"] if "other" in t.columns else [])
    full = pd.date_range(t.index.min(), t.index.max(), freq="MS")
    return t[cols].reindex(full, fill_value=0)


@_styled
def plot_data_quality(incidents, sources=None, incident_sources=None, *, ax=None, top=3):
    """How well each month of the record is sourced: stacked monthly bars of the
    incidents' confirmation, their date precision, the language of their sources and
    who claimed them.

    Categories are not sides, so they are shades of grey (darkest = the strongest
    evidence: confirmed, dated to the day), never side colours.

    Parameters
    ----------
    incidents : DataFrame
        With ``incident_id``, ``date``, ``confirmation``, ``date_precision``,
        ``claimed_by``.
    sources, incident_sources : DataFrame, optional
        The sources table (``source_id``, ``language``) and the incident-source links
        (``incident_id``, ``source_id``; default: the ``;``-separated ``sources``
        column of ``incidents``): with ``sources``, a panel counts source links by
        language per month.
    ax : sequence of Axes, optional
        One per panel (3 or 4; default: a new figure).
    top : int
        Claimants shown by name (the rest are "other"); languages: ``top - 1`` by
        name.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.plotting import plot_data_quality
    >>> axes = plot_data_quality(ea.load_incidents())
    >>> axes[0].get_ylabel()
    'incidents per month'
    """
    need = [c for c in ("incident_id", "date", "confirmation", "date_precision", "claimed_by")
            if c not in incidents.columns]
    if need:
        raise ValueError(f"the incident table has no column(s) {need}")
    panels = [("confirmation", _monthly_shares(incidents["date"], incidents["confirmation"],
                                               ["confirmed", "claimed", "reported"]),
               "incidents per month"),
              ("date precision", _monthly_shares(incidents["date"], incidents["date_precision"],
                                                 ["day", "week", "month"]), "incidents per month")]
    if sources is not None and incident_sources is None and "sources" in incidents.columns:
        incident_sources = (incidents[["incident_id", "sources"]].dropna()
                            .assign(source_id=lambda d: d["sources"].str.split(";"))
                            .explode("source_id"))
        incident_sources["source_id"] = incident_sources["source_id"].str.strip()
    if sources is not None and incident_sources is not None:
        links = (incident_sources[["incident_id", "source_id"]]
                 .merge(sources[["source_id", "language"]], on="source_id", how="left")
                 .merge(incidents[["incident_id", "date"]], on="incident_id", how="inner"))
        lang = links["language"].map(lambda c: _LANGUAGES.get(c, c) if isinstance(c, str) else c)
        panels.append(("source language", _monthly_shares(links["date"], lang, top=top - 1),
                       "source links per month"))
    claimed = incidents[incidents["claimed_by"].notna()]
    panels.append(("claimed by", _monthly_shares(claimed["date"], claimed["claimed_by"],
                                                 top=top), "claimed incidents per month"))
    if ax is None:
        _, ax = new_figure("tall", len(panels), 1, sharex=True)
    axes = list(np.atleast_1d(ax))
    if len(axes) != len(panels):
        raise ValueError(f"plot_data_quality needs {len(panels)} Axes, got {len(axes)}")
    for a, (title, table, ylabel) in zip(axes, panels):
        # one stepped area per category (a month is one step): a few polygons, not
        # hundreds of bars, so the figure stays small and quick to save
        x = pd.DatetimeIndex(list(table.index) + [table.index[-1] + pd.offsets.MonthBegin(1)])
        bottom = np.zeros(len(x))
        for i, c in enumerate(table.columns):
            vals = np.r_[table[c].to_numpy(dtype=float), table[c].to_numpy(dtype=float)[-1:]]
            a.fill_between(x, bottom, bottom + vals, step="post", lw=0.4, ec="0.15",
                           fc=_GREYS[i % len(_GREYS)], hatch=None if i < len(_GREYS) else "////",
                           label=str(c).replace("_", " "))
            bottom = bottom + vals
        a.set_ylim(bottom=0)
        a.set_ylabel(ylabel)
        a.set_title(title, loc="left")
        a.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), borderaxespad=0.2)
    return axes
