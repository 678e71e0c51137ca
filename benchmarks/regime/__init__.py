"""The data-calibrated Monte Carlo of issue 18 (``benchmarks/validate_regime.py``, the
command line), by concept:

- :mod:`benchmarks.regime.fits`: the notebooks' fits on the bundled cases and the
  builders of the window fits (``fits()``, built on first use);
- :mod:`benchmarks.regime.wrappers`: fits as calibrate() sees them, measuring what the
  notebooks report (hurdle parts, event study, bootstrap intervals, signed kernel,
  window fits, change dates, goodness-of-fit gates);
- :mod:`benchmarks.regime.simulated_truths`: the wrappers whose truth is itself simulated
  (forecast gains, thinning scenarios, response lags);
- :mod:`benchmarks.regime.designs`: the design registry ``DESIGNS`` and the fits' labels
  ``LABEL``;
- :mod:`benchmarks.regime.io`: run, write and merge the table, its markdown report and
  the inventory of reported inference.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "benchmarks" / "results"
SEED = 20261205
