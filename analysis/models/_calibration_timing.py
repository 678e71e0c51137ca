"""Calibration design of the deterrence (time-to-next-attack) family.

A :class:`~analysis.models.deterrence.DeterrenceResults` fit is not a generative model:
:func:`analysis.calibrate` measures its tests on daily counts simulated by another fit
(``simulator=``, e.g. the self-exciting count model with the striker's effect on the
attacker set to zero, ``null=(attacker, striker)``). Each simulated day's events become
incident rows dated to that day (the data's day precision), the deterrence model is
refitted with the same specification, and its Wald test of HR = 1 is counted: with the
cluster-robust standard error and, with ``n_boot``, with the moving-block bootstrap of
the clocks (:meth:`DeterrenceResults.bootstrap`).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from ..exceptions import SpecificationError

__all__: list = []


def deterrence_design(results, null=None, n_boot=0):
    """The calibration design of a deterrence fit (tests only, from a simulator)."""
    from .calibration import Quantity, _Design
    if null is not None:
        raise SpecificationError(
            "null: a deterrence fit simulates nothing; pass simulator= (e.g. a CountHawkes "
            f"fit) with null=({results.attacker!r}, {results.striker!r})")
    pair = f"[{results.attacker}<-{results.striker}]"
    qs = [Quantity(f"hazard_ratio{pair} (cluster-robust)", "test")]
    if n_boot:
        qs.append(Quantity(f"hazard_ratio{pair} (block bootstrap)", "test"))
    facts = [("Family", f"deterrence ({results.design}, Cox, horizon {results.horizon})"),
             ("Simulated", "daily counts from simulator=, one incident row per event "
                           "dated to its day")]
    return _Design("deterrence", "counts", qs, None,
                   partial(_measure_deterrence, results, n_boot), facts)


def incidents_from_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per event (``date``, ``side``) from a days x sides table of counts."""
    c = counts.astype(int)
    n = c.to_numpy().ravel()
    dates = np.repeat(pd.DatetimeIndex(c.index).to_numpy(), c.shape[1])
    sides = np.tile(np.asarray(c.columns, dtype=object), c.shape[0])
    return pd.DataFrame({"date": np.repeat(dates, n), "side": np.repeat(sides, n)})


def _measure_deterrence(results, n_boot, data, alpha, rng, tests_only=True):
    from .deterrence import DeterrenceModel
    m = results.model
    inc = incidents_from_counts(data)
    fit = DeterrenceModel(inc, m.attacker, m.striker, horizon=m.horizon, recent=m.recent,
                          adjust=m.adjust, phases=m.phases, start=m.window[0],
                          end=m.window[1], ties=m.ties, design=m.design,
                          answer_within=m.answer_within).fit(alpha)
    pair = f"[{m.attacker}<-{m.striker}]"
    out = {f"hazard_ratio{pair} (cluster-robust)": {"reject": bool(fit.test().pvalue < alpha)}}
    if n_boot:
        boot = fit.bootstrap(n_boot, block_length=results.block_length or 30, rng=rng,
                             progress=False)
        out[f"hazard_ratio{pair} (block bootstrap)"] = {
            "reject": bool(boot.test().pvalue < alpha)}
    return out
