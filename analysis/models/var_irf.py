"""Impulse responses and forecast-error variance decompositions of a VAR fit.

Made by :meth:`analysis.VARResults.irf` and :meth:`analysis.VARResults.fevd`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import SpecificationError
from . import _discrete as _d
from .base import RenamedAttributes

__all__ = ["IRFResults", "FEVDResults", "plot_irfs"]


class IRFResults(RenamedAttributes):
    """Impulse responses ``irfs[h, response, impulse]`` with optional bootstrap bands.

    Attributes
    ----------
    irfs : ndarray (H+1, k, k)
    lower, upper : ndarray (H+1, k, k) or None
        Percentile bands at level ``1 - alpha``.
    draws : ndarray (n_boot, H+1, k, k) or None
    kind, ordering, scale, cumulative, alpha
    """

    _renamed = {"names": "sides"}

    def __init__(self, sides, irfs, draws, *, kind, ordering, scale, alpha, cumulative,
                 bootstrap=None):
        self.sides = list(sides)
        self.irfs = irfs
        self.draws = draws
        self.kind = kind
        self.ordering = ordering
        self.scale = scale
        self.alpha = alpha
        self.cumulative = cumulative
        self.bootstrap = bootstrap
        if draws is not None:
            self.lower, self.upper = _d.percentile_interval(draws, alpha)
        else:
            self.lower = self.upper = None

    @property
    def horizon(self):
        return self.irfs.shape[0] - 1

    @property
    def label(self) -> str:
        if self.kind == "orthogonalized":
            return "Cholesky " + " \u2192 ".join(self.ordering)
        return {"generalized": "generalized", "reduced": "reduced form"}[self.kind]

    def __repr__(self):
        b = "" if self.bootstrap is None else f", {self.bootstrap.method} bootstrap bands"
        return f"<IRFResults {self.label}, scale={self.scale}, horizon {self.horizon}{b}>"

    def to_frame(self) -> pd.DataFrame:
        """Long table: one row per (response, impulse, horizon)."""
        H = self.horizon
        idx = pd.MultiIndex.from_product([self.sides, self.sides, range(H + 1)],
                                         names=["response", "impulse", "horizon"])
        out = pd.DataFrame({"irf": np.transpose(self.irfs, (1, 2, 0)).ravel()}, index=idx)
        if self.lower is not None:
            out["lower"] = np.transpose(self.lower, (1, 2, 0)).ravel()
            out["upper"] = np.transpose(self.upper, (1, 2, 0)).ravel()
        return out

    def response(self, response, impulse) -> pd.DataFrame:
        """One response path with its band (index ``horizon``)."""
        i, j = self.sides.index(response), self.sides.index(impulse)
        out = pd.DataFrame({"irf": self.irfs[:, i, j]},
                           index=pd.RangeIndex(self.horizon + 1, name="horizon"))
        if self.lower is not None:
            out["lower"] = self.lower[:, i, j]
            out["upper"] = self.upper[:, i, j]
        return out

    def total_response(self, response, impulse, first=1, last=None) -> pd.Series:
        """Sum of the responses over horizons ``first..last`` with its bootstrap band.

        With ``first=1`` (default) this is the number of extra events of ``response`` in
        the days after the shock, leaving out the same-day (horizon 0) co-movement that
        the identification imposes. Returns ``estimate``, ``lower``, ``upper`` (the
        percentile band of the summed draws; NaN-free, absent without a bootstrap).
        """
        if self.cumulative:
            raise SpecificationError("total_response sums a non-cumulative IRF; call "
                                     "irf(..., cumulative=False)")
        last = self.horizon if last is None else last
        if not 0 <= first <= last <= self.horizon:
            raise SpecificationError(f"need 0 <= first <= last <= {self.horizon}, got "
                                     f"first={first}, last={last}")
        i, j = self.sides.index(response), self.sides.index(impulse)
        out = {"estimate": float(self.irfs[first:last + 1, i, j].sum())}
        if self.draws is not None:
            tot = self.draws[:, first:last + 1, i, j].sum(axis=1)
            lo, hi = _d.percentile_interval(tot, self.alpha)
            out.update(lower=float(lo), upper=float(hi))
        return pd.Series(out, name=f"{impulse} -> {response}, horizons {first}-{last}")

    def _path(self, i, j):
        """(horizons, estimate, lower, upper) as drawn: a cumulative IRF is summed from
        day 1 (the same-day value is what the identification imposes, not a response),
        as :meth:`total_response` and the values files count it."""
        est = self.irfs[:, i, j]
        lo = None if self.lower is None else self.lower[:, i, j]
        hi = None if self.upper is None else self.upper[:, i, j]
        h = np.arange(self.horizon + 1)
        if not self.cumulative:
            return h, est, lo, hi
        est = est[1:] - est[0]
        if self.draws is not None:
            d = self.draws[:, 1:, i, j] - self.draws[:, :1, i, j]
            lo, hi = _d.percentile_interval(d, self.alpha)
        return h[1:], est, lo, hi

    def plot(self, response=None, impulse=None, *, ax=None, color=None, label=None,
             band=True, linestyle="-", day0=True):
        """One panel (``response`` and ``impulse`` given) or the full k x k grid.

        The curve is in the colour of the responding side (the acting side; ``color``
        overrides). The same-day value (horizon 0) is imposed by the identification (the
        shock itself on the diagonal, the assumed co-movement off it), so it is drawn as
        an open marker, not joined to the responses of days 1 and after (``day0=False``
        leaves it out); a cumulative IRF is summed from day 1. Bands are pointwise
        percentile intervals of the bootstrap. ``ax``: an Axes for one panel, or a
        (k, k) array of Axes for the grid (default: a new figure). Returns the Axes (or
        the array).
        """
        from ..plotting import new_figure, side_color, side_label
        if (response is None) != (impulse is None):
            raise SpecificationError("give both response and impulse, or neither (grid)")
        if response is not None:
            if ax is None:
                _, ax = new_figure("single")
            i, j = self.sides.index(response), self.sides.index(impulse)
            h, est, lo, hi = self._path(i, j)
            c = color or side_color(response, self.sides)
            if band and lo is not None:
                ax.fill_between(h[h >= 1], lo[h >= 1], hi[h >= 1], color=c, alpha=0.12,
                                linewidth=0)
            ax.plot(h[h >= 1], est[h >= 1], color=c, ls=linestyle, lw=1.0,
                    label=label or self.label)
            if day0 and not self.cumulative:
                ax.plot([0], [est[0]], "o", ms=3, mfc="white", color=c)
            ax.axhline(0, color="0.5", linewidth=0.6)
            ax.set_title(f"{side_label(impulse)} \u2192 {side_label(response)}")
            ax.set_xlabel("days after the shock")
            return ax
        k = len(self.sides)
        if ax is None:
            _, ax = new_figure("double", k, k, squeeze=False)
        if np.asarray(ax).size != k * k:
            raise SpecificationError(
                f"the grid needs {k} x {k} Axes, got {np.asarray(ax).size}; pass response= "
                "and impulse= to draw one panel on a single Axes")
        ax = np.asarray(ax).reshape(k, k)
        for a, resp in enumerate(self.sides):
            for b, imp in enumerate(self.sides):
                self.plot(resp, imp, ax=ax[a, b], color=color, label=label, band=band,
                          linestyle=linestyle, day0=day0)
        unit = "events" if self.scale == "unit" else "SD"
        ax[0, 0].set_ylabel(("cumulative response from day 1" if self.cumulative
                             else "response") + f" ({unit})")
        return ax


def plot_irfs(irfs, *, axes=None, colors=None, labels=None, band=True):
    """Overlay several :class:`IRFResults` (e.g. both Cholesky orderings and the
    generalised IRF) on one k x k grid; returns the array of Axes.

    Each panel is in the colour of its responding side (the acting side); the
    identifications are told apart by line styles
    (:func:`analysis.plotting.neutral_styles`), named in a legend that also explains the
    open day-0 markers.
    ``colors`` (one per IRF) overrides the side colours."""
    from matplotlib.lines import Line2D

    from ..plotting import neutral_styles, new_figure
    irfs = list(irfs)
    k = len(irfs[0].sides)
    if axes is None:
        _, axes = new_figure("double", k, k, squeeze=False)
    styles = neutral_styles(max(1, min(len(irfs), 6)))
    names = [labels[n] if labels else irf.label for n, irf in enumerate(irfs)]
    for n, irf in enumerate(irfs):
        irf.plot(ax=axes, color=colors[n % len(colors)] if colors else None,
                 label=names[n], band=band, linestyle=styles[n % len(styles)]["linestyle"])
    handles = [Line2D([], [], color="0.2", ls=styles[n % len(styles)]["linestyle"], label=name)
               for n, name in enumerate(names)]
    if not irfs[0].cumulative:
        handles.append(Line2D([], [], marker="o", ls="none", mfc="white", color="0.2", ms=3,
                              label="day 0: imposed by the identification"))
    if band and irfs[0].lower is not None:
        handles.append(Line2D([], [], color="0.6", lw=5, alpha=0.4,
                              label=f"pointwise {100 * (1 - irfs[0].alpha):g}% bootstrap band"))
    np.asarray(axes).ravel()[0].figure.legend(handles=handles, frameon=False,
                                              loc="outside lower center", ncol=3)
    return axes


class FEVDResults(RenamedAttributes):
    """Variance decomposition ``decomposition[h-1, response, shock]`` for h = 1..H."""

    _renamed = {"names": "sides"}

    def __init__(self, sides, decomp, draws, *, kind, ordering, alpha):
        self.sides = list(sides)
        self.decomp = decomp
        self.draws = draws
        self.kind = kind
        self.ordering = ordering
        self.alpha = alpha
        if draws is not None:
            self.lower, self.upper = _d.percentile_interval(draws, alpha)
        else:
            self.lower = self.upper = None

    def to_frame(self) -> pd.DataFrame:
        """Rows (response, horizon), columns the shocks; shares sum to one per row."""
        H = self.decomp.shape[0]
        idx = pd.MultiIndex.from_product([self.sides, range(1, H + 1)],
                                         names=["response", "horizon"])
        return pd.DataFrame(np.transpose(self.decomp, (1, 0, 2)).reshape(-1, len(self.sides)),
                            index=idx, columns=pd.Index(self.sides, name="shock"))

    def plot(self, response=None, *, ax=None, linestyle="-"):
        """Shares by horizon: with two sides, the share of each side's forecast-error
        variance due to the other side's shocks (a line in the responding side's
        colour, ``linestyle`` to tell identifications apart, with the pointwise
        bootstrap band when the decomposition was bootstrapped); with more, stacked
        shares.

        One panel for ``response`` (``ax``: an Axes), or one panel per response (``ax``:
        k Axes; default a new figure). Returns the Axes (or the array of Axes).
        """
        from ..plotting import new_figure
        k = len(self.sides)
        if response is not None:
            if response not in self.sides:
                raise SpecificationError(f"response must be one of {self.sides}, "
                                         f"got {response!r}")
            if ax is None:
                _, ax = new_figure("single")
            self._panel(ax, self.sides.index(response), legend=True, linestyle=linestyle)
            return ax
        if ax is None:
            _, ax = new_figure("wide", 1, k, squeeze=False)
        axes = np.asarray(ax).ravel()
        if axes.size != k:
            raise SpecificationError(
                f"the grid needs {k} Axes (one per response), got {axes.size}; pass "
                "response=... to draw one panel on a single Axes")
        for i in range(k):
            self._panel(axes[i], i, legend=(i == k - 1), linestyle=linestyle)
        axes[0].set_ylabel("share of forecast-error variance")
        return axes

    def _panel(self, ax, i, *, legend, linestyle="-"):
        from ..plotting import side_color, side_label
        h = np.arange(1, self.decomp.shape[0] + 1)
        resp = self.sides[i]
        c = side_color(resp, self.sides)
        k = len(self.sides)
        if k == 2:
            # two sides: the share due to the other side's shocks, with its bootstrap band
            j = 1 - i
            ax.plot(h, self.decomp[:, i, j], color=c, lw=1.1, ls=linestyle,
                    label=self.label + ("" if self.lower is None else
                                        f" (pointwise {100 * (1 - self.alpha):g}% bootstrap)"))
            if self.lower is not None:
                ax.fill_between(h, self.lower[:, i, j], self.upper[:, i, j], color=c,
                                alpha=0.15, lw=0)
            # the limits are fixed at 0 below, so a second identification drawn on the
            # same Axes must be able to raise the top to its own line and band
            shown = self.decomp[:, i, j] if self.upper is None else self.upper[:, i, j]
            top = max(ax.get_ylim()[1], 1.05 * float(np.nanmax(shown)))
            ax.set_ylim(0, top)
            ax.set_title(f"{side_label(resp)}: share due to {side_label(self.sides[j])} shocks")
        else:
            ax.stackplot(h, self.decomp[:, i, :].T,
                         colors=[side_color(s, self.sides) for s in self.sides],
                         labels=[side_label(s) for s in self.sides], alpha=0.85)
            ax.set_ylim(0, 1)
            ax.set_title(f"variance of {side_label(resp)}")
            if legend:
                ax.legend(frameon=False, loc="lower right", title="shock")
        ax.set_xlabel("horizon (days)")

    @property
    def label(self) -> str:
        """The identification, e.g. ``"Cholesky militia → us"``."""
        if self.kind == "orthogonalized" and self.ordering:
            return "Cholesky " + " \u2192 ".join(self.ordering)
        return str(self.kind)
