"""The incident map: boundaries read from the bundled GeoJSON, sites placed and labelled
without overlaps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..sides import side_color, side_label

from .styles import _styled, apply_style, new_figure

__all__ = ["read_boundaries", "plot_incident_map"]


_MAP_KEYS = ("latitude", "longitude")


def read_boundaries(path) -> dict:
    """Country outlines from a GeoJSON file: ``{name: [ring, ...]}`` (rings as (n, 2)
    arrays of lon/lat).

    Parameters
    ----------
    path : str or Path
        A GeoJSON ``FeatureCollection`` of ``Polygon``/``MultiPolygon`` features with a
        ``name`` property (e.g. Natural Earth's Admin 0 countries).

    Returns
    -------
    dict

    Examples
    --------
    >>> from analysis.paths import RAW
    >>> from analysis.plotting import read_boundaries
    >>> "Iraq" in read_boundaries(RAW / "boundaries" / "admin0_110m.geojson")
    True
    """
    import json

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: not a GeoJSON FeatureCollection ({err})") from None
    out = {}
    for k, f in enumerate(features):
        geom = f.get("geometry") or {}
        name = (f.get("properties") or {}).get("name") or f.get("id") or f"feature {k}"
        if geom.get("type") == "Polygon":
            polys = [geom["coordinates"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["coordinates"]
        else:
            raise ValueError(f"{path}: feature {k} ({name}) has geometry type "
                             f"{geom.get('type')!r}; only Polygon and MultiPolygon are drawn")
        out[str(name)] = [np.asarray(ring, dtype=float) for poly in polys for ring in poly[:1]]
    return out


def _overlaps_other_text(ax, text) -> bool:
    """True if ``text`` (at the style's sizes) overlaps another text of ``ax`` or leaves
    the Axes."""
    renderer = ax.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    frame = ax.get_window_extent(renderer)
    if box.x0 < frame.x0 or box.x1 > frame.x1 or box.y0 < frame.y0 or box.y1 > frame.y1:
        return True
    return any(o is not text and o.get_visible() and o.get_text()
               and box.overlaps(o.get_window_extent(renderer)) for o in ax.texts)


def _locate(incidents):
    """Rows with coordinates, and how many of all rows have them."""
    missing = [c for c in (*_MAP_KEYS, "side", "date") if c not in incidents.columns]
    if missing:
        raise ValueError(f"the incident table has no column(s) {missing}: a map needs "
                         "side, date, latitude and longitude")
    ok = incidents[list(_MAP_KEYS)].notna().all(axis=1)
    return incidents[ok], int(ok.sum())


@_styled
def plot_incident_map(incidents, boundaries, *, periods=None, sides=None, ax=None,
                      decimals: int = 1, max_size: float = 120.0, legend: bool = True,
                      names: int | None = 3, name_column: str = "location", pad: float = 1.5):
    """Where the incidents happened: one map per period, a disc per place and side.

    Incidents are grouped by acting side and by place (coordinates rounded to
    ``decimals`` degrees, 0.1 degree being about 10 km); each group is a disc whose
    *area* is proportional to its number of incidents, in the acting side's colour
    (open discs, so overlapping places stay visible). Country outlines are drawn in
    grey and named.

    Parameters
    ----------
    incidents : DataFrame
        With ``date``, ``side``, ``latitude``, ``longitude`` (rows without coordinates
        are counted, not drawn: each panel says how many it shows).
    boundaries : str, Path or dict
        A GeoJSON file (see :func:`read_boundaries`) or its result.
    periods : dict, optional
        ``{label: (first_day, last_day)}``, one map per period (default: one map of
        every row).
    sides : sequence of str, optional
        The sides to draw, in order (default: those in the table).
    ax : Axes or sequence of Axes, optional
        One Axes per period (default: a new figure, periods side by side).
    decimals : int
        Rounding of the coordinates that defines a place.
    max_size : float
        Marker area (points squared) of the largest group of any panel.
    legend : bool
        Draw the side and size legends on the last panel.
    names : int or None
        Name the ``names`` places with most incidents in each panel (by the commonest
        value of ``name_column`` there); None names none.
    name_column : str
    pad : float
        Degrees of margin around the incidents.

    Returns
    -------
    list of Axes

    Examples
    --------
    >>> import analysis as ea
    >>> from analysis.paths import RAW
    >>> from analysis.plotting import plot_incident_map
    >>> axes = plot_incident_map(ea.load_incidents(), RAW / "boundaries" / "admin0_110m.geojson")
    >>> axes[0].get_xlabel()
    'longitude (degrees east)'
    """
    from matplotlib.lines import Line2D

    shapes = boundaries if isinstance(boundaries, dict) else read_boundaries(boundaries)
    located, _ = _locate(incidents)
    dates = pd.to_datetime(incidents["date"])
    periods = periods or {"": (dates.min(), dates.max())}
    sides = list(sides) if sides is not None else list(pd.unique(incidents["side"]))
    if ax is None:
        _, ax = new_figure("wide", 1, len(periods))
    axes = list(np.atleast_1d(ax))
    if len(axes) != len(periods):
        raise ValueError(f"plot_incident_map needs one Axes per period ({len(periods)}), "
                         f"got {len(axes)}")
    declared = incidents.attrs.get("sides")
    groups, totals = {}, {}
    for label, (lo, hi) in periods.items():
        lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
        inside = (dates >= lo) & (dates <= hi) & incidents["side"].isin(sides)
        rows = located[inside.loc[located.index]]
        totals[label] = (len(rows), int(inside.sum()))
        g = (rows.assign(lat=rows["latitude"].round(decimals), lon=rows["longitude"].round(decimals))
             .groupby(["side", "lat", "lon"]).size().rename("n").reset_index())
        groups[label] = g
    biggest = max([1] + [int(g["n"].max()) for g in groups.values() if len(g)])
    lon = located["longitude"].to_numpy(dtype=float)
    lat = located["latitude"].to_numpy(dtype=float)
    xlim = (np.nanmin(lon) - pad, np.nanmax(lon) + pad) if len(lon) else (-180, 180)
    ylim = (np.nanmin(lat) - pad, np.nanmax(lat) + pad) if len(lat) else (-90, 90)
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath
    from matplotlib.transforms import Bbox
    view = Bbox([[xlim[0], ylim[0]], [xlim[1], ylim[1]]])
    for a, (label, g) in zip(axes, groups.items()):
        for name, rings in shapes.items():
            for ring in rings:
                # clipped to the map's extent, so no outline reaches past the panel
                path = MplPath(ring, closed=True).clip_to_bbox(view, inside=True)
                if len(path.vertices):
                    a.add_patch(PathPatch(path, facecolor="0.96", edgecolor="0.6", lw=0.5,
                                          zorder=0))
            ring = max(rings, key=len)
            inside = ring[(ring[:, 0] > xlim[0]) & (ring[:, 0] < xlim[1])
                          & (ring[:, 1] > ylim[0]) & (ring[:, 1] < ylim[1])]
            if len(inside) >= 3:            # name the country where its outline shows
                cx, cy = np.median(inside[:, 0]), np.median(inside[:, 1])
                cx = (cx + ring[:, 0].mean()) / 2
                cy = (cy + ring[:, 1].mean()) / 2
                if xlim[0] < cx < xlim[1] and ylim[0] < cy < ylim[1]:
                    a.text(cx, cy, name, ha="center", va="center", color="0.55", style="italic", zorder=1)
        for side in sides:
            s = g[g["side"] == side].sort_values("n", ascending=False)
            if len(s):
                a.scatter(s["lon"], s["lat"], s=max_size * s["n"] / biggest, facecolor="none",
                          edgecolor=side_color(str(side), declared, order=sides), lw=0.8, zorder=3)
        a.set_xlim(*xlim)
        a.set_ylim(*ylim)
        a.set_aspect(1 / np.cos(np.deg2rad(np.mean(ylim))))
        a.set_xlabel("longitude (degrees east)")
        shown, total = totals[label]
        a.set_title(f"{label}\n{shown} of {total} incidents mapped" if label
                    else f"{shown} of {total} incidents mapped")
    axes[0].set_ylabel("latitude (degrees north)")
    if legend:
        handles = [Line2D([], [], marker="o", ls="none", mfc="none", ms=6, mew=0.8,
                          color=side_color(str(s), declared, order=sides),
                          label=side_label(str(s), declared)) for s in sides]
        for n in sorted({1, max(1, biggest // 4), biggest}):
            handles.append(Line2D([], [], marker="o", ls="none", mfc="none", color="0.3",
                                  mew=0.8, ms=np.sqrt(max_size * n / biggest),
                                  label=f"{n} incident{'s' if n > 1 else ''}"))
        axes[-1].legend(handles=handles, frameon=False, loc="upper left",
                        bbox_to_anchor=(1.0, 1.0), borderaxespad=0.2, labelspacing=1.0)
    if names is not None:
        # name the busiest places last, once the layout is final, leaving out a name
        # that would cover another text or leave its panel
        apply_style(axes[0].figure)
        axes[0].figure.draw_without_rendering()
        for a, (label, g) in zip(axes, groups.items()):
            placed = []
            top_places = g.groupby(["lat", "lon"])["n"].sum().sort_values(ascending=False)
            for (py, px), _n in top_places.items():
                if len(placed) >= names:
                    break
                if any(abs(px - qx) + abs(py - qy) < 1.0 for qx, qy in placed):
                    continue                       # too close to a named place
                rows = located[(located["latitude"].round(decimals) == py)
                               & (located["longitude"].round(decimals) == px)]
                t = a.annotate(str(rows[name_column].mode().iloc[0]), (px, py),
                               xytext=(0, -7), textcoords="offset points", ha="center",
                               va="top", color="0.2", zorder=4)
                t.set_in_layout(False)
                if _overlaps_other_text(a, t):
                    t.remove()
                else:
                    placed.append((px, py))
    return axes
