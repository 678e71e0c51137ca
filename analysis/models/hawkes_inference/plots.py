"""Plots shared by the Hawkes inference results: kernel lines with bands, the branching
matrix and its intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...exceptions import SpecificationError


def _ax(ax, size="single"):
    if ax is None:
        from ...plotting import new_figure
        _, ax = new_figure(size)
    return ax


def plot_kernel_lines(ax, lags, kernels, color_of, sides, bands=None, band_label=None):
    """Draw kernel curves (a DataFrame with (target, source) columns) on ``ax``: the
    colour of the target (the acting side, whose events the kernel counts), one line
    style per source. ``bands``: ``(lower, upper)`` DataFrames of the same shape, drawn
    as shaded pointwise intervals (``band_label`` names them in the legend)."""
    from ...plotting import side_label
    styles = ["-", "--", ":", "-."]
    for (tgt, src), col in kernels.items():
        ax.plot(lags, col.to_numpy(), color=color_of(tgt),
                ls=styles[sides.index(src) % len(styles)], lw=1.1,
                label=f"{side_label(src)} \u2192 {side_label(tgt)}")
        if bands is not None:
            ax.fill_between(lags, bands[0][(tgt, src)].to_numpy(),
                            bands[1][(tgt, src)].to_numpy(), color=color_of(tgt),
                            alpha=0.12, lw=0)
    if bands is not None and band_label:
        ax.fill_between([], [], [], color="0.5", alpha=0.25, lw=0, label=band_label)
    ax.set_xlabel("days after the triggering event")
    ax.set_ylabel("kernel (events per day per triggering event)")
    ax.legend(frameon=False)
    return ax


def _kernel_draws(params: pd.DataFrame, sides, lags, fixed_decay=None) -> np.ndarray:
    """Kernels ``phi_ij(s)`` of each bootstrap draw (single exponential kernels):
    array (n_draws, len(lags), D*D), columns in (target, source) order."""
    s = np.asarray(lags, dtype=float)
    out = []
    for tgt in sides:
        for src in sides:
            a_name = f"branching[{tgt}<-{src}]"
            if a_name not in params.columns:
                raise SpecificationError("kernel bands need single-exponential kernels "
                                         f"(no parameter {a_name!r} in the bootstrap draws)")
            a = params[a_name].to_numpy()[:, None]
            for name in (f"decay[{tgt}<-{src}]", f"decay[<-{src}]", "decay"):
                if name in params.columns:
                    b = params[name].to_numpy()[:, None]
                    break
            else:
                if fixed_decay is None:
                    raise SpecificationError("no decay in the bootstrap draws and none given")
                b = np.full_like(a, float(fixed_decay.loc[tgt, src]))
            out.append(a * b * np.exp(-b * s[None, :]))
    return np.stack(out, axis=2)


def plot_branching_intervals(intervals: dict, ax=None, sides=None, *, legend: bool = True):
    """Forest plot comparing branching matrices: ``intervals`` maps a label to a
    DataFrame indexed by ``(target, source)`` with ``estimate``, ``lower`` and ``upper``
    (as :meth:`HawkesBootstrap.branching_conf_int` returns; other models' reproduction
    matrices can be given the same shape). One row per matrix entry, one marker per
    label.

    Colour marks the acting side (the row's target, whose events the ratio counts);
    the labels (models, samples) are told apart by neutral encodings (filled/open
    markers; :func:`analysis.plotting.neutral_styles`), named in a legend right of
    the panel (``legend=False``: none, e.g. on all but the last panel of a figure).
    Returns the Axes."""
    from matplotlib.lines import Line2D
    from ...plotting import neutral_styles, side_label
    from ...sides import acting_color
    ax = _ax(ax, "wide")
    labels = list(intervals)
    first = intervals[labels[0]]
    entries = list(first.index) if sides is None else [(t, s) for t in sides for s in sides]
    order = list(dict.fromkeys([e for pair in entries for e in pair]))
    n = len(labels)
    offs = np.linspace(-0.2, 0.2, n) if n > 1 else np.zeros(1)
    styles = neutral_styles(min(n, 6))
    for k, lab in enumerate(labels):
        df = intervals[lab]
        st = styles[k % len(styles)]
        for i, (t, s) in enumerate(entries):
            r = df.loc[(t, s)]
            est, lo, hi = (float(r[c]) for c in ("estimate", "lower", "upper"))
            color = acting_color(s, t, order)
            ax.errorbar([est], [i + offs[k]], xerr=[[est - lo], [hi - est]],
                        fmt=st["marker"], ms=3.5, lw=0.9, capsize=2, color=color,
                        mfc=color if st["markerfacecolor"] != "white" else "white",
                        mec=color, ls="none")
    ax.set_yticks(range(len(entries)))
    ax.set_yticklabels([f"{side_label(s)}\n\u2192 {side_label(t)}" for t, s in entries])
    ax.axvline(0, color="0.7", lw=0.6)
    ax.set_ylim(len(entries) - 0.5, -0.5)
    ax.set_xlabel("branching ratio\n(events per triggering event)")
    if legend:
        handles = [Line2D([], [], marker=st["marker"], ls="none", color="0.2", ms=3.5,
                          mfc="0.2" if st["markerfacecolor"] != "white" else "white",
                          label=lab) for lab, st in zip(labels, styles * n)]
        ax.legend(handles=handles, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  borderaxespad=0.2)
    return ax


def plot_branching_matrix(B: pd.DataFrame, ci: pd.DataFrame | None = None, ax=None,
                          cmap: str = "Greys"):
    """Heat map of a branching matrix (rows: target, columns: source) with each cell's
    estimate and, if ``ci`` (indexed by ``(target, source)``, columns ``lower``,
    ``upper``) is given, its interval. Returns the Axes."""
    ax = _ax(ax, "square")
    sides = list(B.index)
    M = B.to_numpy()
    D = M.shape[0]
    top = max(1.0, float(M.max()))
    im = ax.imshow(M, cmap=cmap, vmin=0, vmax=top)
    for i in range(D):
        for j in range(D):
            txt = f"{M[i, j]:.2f}"
            if ci is not None:
                r = ci.loc[(sides[i], sides[j])]
                txt += f"\n[{r['lower']:.2f}, {r['upper']:.2f}]"
            ax.text(j, i, txt, ha="center", va="center",
                    color="white" if M[i, j] > 0.6 * top else "black")
    from ...plotting import side_label
    ax.set_xticks(range(D))
    ax.set_xticklabels([side_label(x).replace(" ", "\n", 1) for x in sides])
    ax.set_yticks(range(D))
    ax.set_yticklabels([side_label(x).replace(" ", "\n", 1) for x in sides])
    ax.set_xlabel("source (exciting side)")
    ax.set_ylabel("target (responding side)")
    cb = ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    cb.set_label("branching ratio")
    return ax
