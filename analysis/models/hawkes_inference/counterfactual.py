"""``HawkesCounterfactual``: the fitted model with chosen excitations switched off."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ...reporting import Summary

from .plots import _ax


# ---------------------------------------------------------------------------------------
# Counterfactuals
# ---------------------------------------------------------------------------------------
@dataclass
class HawkesCounterfactual:
    """Expected counts of the fitted process and of a modified one on the same window.

    Attributes
    ----------
    fitted, counterfactual : HawkesResults
        The fitted process and the modified one (same baseline, decays and window).
    table : DataFrame
        Per side: ``observed`` events, ``expected_fitted``, ``expected_counterfactual``
        (exact expectations from an empty history), ``difference`` and
        ``percent_change``; with simulations also 5% and 95% quantiles of simulated
        counts under each process.
    curves : DataFrame
        Expected cumulative counts over time, columns ``(scenario, side)``.
    description : str
    """

    fitted: object
    counterfactual: object
    table: pd.DataFrame
    curves: pd.DataFrame
    description: str

    def summary(self) -> Summary:
        return Summary("Hawkes counterfactual", [("change", self.description)],
                       [("Expected events in the window", self.table)],
                       ["Expectations are exact for the model (mean-intensity ODE) and "
                        "start from an empty history at the window's start."])

    def plot(self, ax=None, *, caveat: bool = True):
        """Expected cumulative counts per side: fitted (solid) and counterfactual
        (dashed); where the table has simulated 5% and 95% quantiles, their range at the
        end of the window is drawn as an interval (filled: fitted, open:
        counterfactual). With ``caveat``, a note says that with non-negative kernels
        removing a response can only lower the counts, so the figure cannot show
        deterrence. Returns the Axes."""
        from ...plotting import side_label
        ax = _ax(ax)
        x = self.curves.index
        end = x[-1]
        cols = {c.lower(): c for c in self.table.columns}
        simulated = False
        for k, side in enumerate(self.fitted.sides):
            c = self.fitted.side_color(side)
            name = side_label(side)
            ax.plot(x, self.curves[("fitted", side)], color=c, lw=1.2, label=f"{name}: fitted")
            ax.plot(x, self.curves[("counterfactual", side)], color=c, lw=1.2, ls="--",
                    label=f"{name}: counterfactual")
            for scen, filled, dx in (("fitted", True, 0), ("counterfactual", False, 1)):
                lo, hi = (cols.get(f"{scen}_q05"), cols.get(f"{scen}_q95"))
                if lo is None or hi is None:
                    continue
                simulated = True
                mid = float(self.curves[(scen, side)].iloc[-1])
                r = self.table.loc[side]
                xpos = end + (x[-1] - x[0]) * (0.02 + 0.025 * dx) if hasattr(end, "year") \
                    else end * (1.02 + 0.025 * dx)
                ax.errorbar([xpos], [mid], yerr=[[mid - r[lo]], [r[hi] - mid]], fmt="o",
                            ms=3, color=c, mfc=c if filled else "white", capsize=1.5, lw=0.8)
        if simulated:
            ax.plot([], [], "o", color="0.3", ms=3, label="5-95% of simulated counts")
        ax.set_ylabel("expected cumulative events")
        ax.legend(frameon=False, loc="center left")
        if caveat:
            t = ax.text(0.02, 0.98, "kernels are non-negative:\nremoving a response can only\n"
                        "lower the counts, so this\ncannot show deterrence",
                        transform=ax.transAxes, ha="left", va="top", color="0.3")
            t.set_in_layout(False)
        return ax
