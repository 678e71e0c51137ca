"""Reading a scan: ``scan_summary`` and ``plot_scan``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import SpecificationError

from .run import SCAN_COLUMNS

__all__ = ["scan_summary", "plot_scan"]


# --------------------------------------------------------------------------------------
# Results people can use
# --------------------------------------------------------------------------------------
def _select(table, model, quantity):
    need = set(SCAN_COLUMNS) - set(table.columns)
    if need:
        raise SpecificationError(f"not a scan table: it lacks {sorted(need)}")
    sel = table[(table["model"] == model) & (table["quantity"] == quantity)
                & table["trigger"].notna() & (table["trigger"] != table["responder"])]
    if sel.empty:
        raise SpecificationError(f"the table has no directed rows of model={model!r}, "
                                 f"quantity={quantity!r}; scan with models=[{model!r}]")
    return sel


def scan_summary(table, *, model="count", quantity="response", level=0.10) -> pd.Series:
    """How many dyads show a significant response, each way, after Benjamini-Hochberg.

    A directed dyad responds when its q-value is at most ``level`` (the false-discovery
    rate); its sign says whether the responder does more (``positive``) or less
    (``negative``, e.g. deterrence) after the trigger's events. Pairs count by how many
    of their two directions respond.

    Returns
    -------
    Series
        ``pairs_scanned`` (both directions fitted), ``pairs_skipped``,
        ``dyads_tested`` (directed dyads with a p-value), ``dyads_failed`` (fits with an
        error), ``dyads_significant``, ``dyads_positive``, ``dyads_negative``,
        ``pairs_one_way``, ``pairs_both_ways``, ``pairs_neither``, ``fdr_level``.
    """
    sel = _select(table, model, quantity)
    skipped = sel["status"].str.startswith("skipped")
    fitted = sel[~skipped]
    tested = fitted[fitted["pvalue"].notna()]
    sig = tested[tested["qvalue"] <= level]
    keys = [c for c in table.columns if c not in SCAN_COLUMNS] + ["side_a", "side_b"]
    pair_sig = fitted.assign(_s=fitted["qvalue"].le(level)).groupby(keys)["_s"].sum()
    return pd.Series({
        "pairs_scanned": int(len(pair_sig)),
        "pairs_skipped": int(skipped.sum() // 2),
        "dyads_tested": int(len(tested)),
        "dyads_failed": int(fitted["status"].str.startswith("error").sum()),
        "dyads_significant": int(len(sig)),
        "dyads_positive": int((sig["estimate"] > 0).sum()),
        "dyads_negative": int((sig["estimate"] < 0).sum()),
        "pairs_one_way": int((pair_sig == 1).sum()),
        "pairs_both_ways": int((pair_sig == 2).sum()),
        "pairs_neither": int((pair_sig == 0).sum()),
        "fdr_level": float(level),
    }, name=f"{model}:{quantity}")


def _planted_keys(truth):
    """(responder, trigger) of the planted directed dyads in a truth table."""
    if truth is None:
        return set()
    side, target = (("side", "target_side") if "side" in truth.columns
                    else ("actor1", "actor2"))
    t = truth[truth["planted"]]
    return set(zip(t[side].astype(str), t[target].astype(str)))


def plot_scan(table, *, model="count", quantity="response", truth=None, level=0.10,
              ax=None):
    """Estimates of every fitted directed dyad with their intervals, ordered.

    Dyads are ranked by estimate (x axis); each has its interval (grey line) and point:
    filled black where the q-value is at most ``level``, open grey otherwise. With a
    ``truth`` table (from :mod:`analysis.synthetic`), dyads with planted reciprocity are
    marked by a black triangle under the axis. Returns the Axes.
    """
    from ..plotting import new_figure, style
    sel = _select(table, model, quantity)
    sel = sel[~sel["status"].str.startswith(("skipped", "error"))
              & np.isfinite(sel["estimate"].to_numpy(float))]
    sel = sel.sort_values(["estimate", "responder", "trigger"], kind="stable")
    with style():
        if ax is None:
            _, ax = new_figure("wide")
        x = np.arange(len(sel))
        ax.vlines(x, sel["lower"], sel["upper"], color="0.75", linewidth=0.5, zorder=1)
        sig = sel["qvalue"].le(level).to_numpy()
        ax.plot(x[~sig], sel["estimate"].to_numpy()[~sig], "o", mfc="white", mec="0.45",
                ms=2.2, mew=0.5, zorder=2, label=f"q > {level:g}")
        ax.plot(x[sig], sel["estimate"].to_numpy()[sig], "o", color="black", ms=2.2,
                zorder=3, label=f"q \u2264 {level:g} (Benjamini-Hochberg)")
        planted = _planted_keys(truth)
        if planted:
            mark = np.array([(r, t) in planted for r, t in zip(sel["responder"].astype(str),
                                                               sel["trigger"].astype(str))])
            ax.plot(x[mark], np.full(mark.sum(), 0.0), "^", color="black", ms=3,
                    transform=ax.get_xaxis_transform(), clip_on=False, zorder=4,
                    label="planted reciprocity")
        ax.axhline(0, color="0.5", linewidth=0.6)
        ax.set_xlim(-1, len(sel))
        ax.set_xlabel("directed dyads, ordered by estimate")
        what = {"response": "cumulative extra events of the responder\nafter one event "
                            "of the trigger",
                "branching": "branching ratio (events triggered\nper event)"}
        ax.set_ylabel(what.get(quantity, quantity))
        ax.legend(frameon=False, loc="upper left")
    return ax
