"""``VARModel``: lag selection and the model object whose ``fit()`` returns a
``VARResults``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ...exceptions import SpecificationError
from .. import _discrete as _d
from ..base import RenamedAttributes

from .results import VARResults

__all__ = ["VARModel"]


CRITERIA = ("aic", "bic", "hqic", "fpe")
TRENDS = ("c", "ct")


class VARModel(RenamedAttributes):
    r"""A vector autoregression of order :math:`p` on the counts of :math:`k` sides.

    Every side's counts depend on the recent counts of all sides; Granger tests and
    impulse responses come from the fitted results.

    Parameters
    ----------
    counts : DataFrame
        One column per side (two or more), complete regular index (``to_counts``).
        Weighted (non-integer) and signed series (e.g. Goldstein-scaled net
        cooperation) are allowed.
    lags : int or {"aic", "bic", "hqic", "fpe"}
        :math:`p`, or the information criterion that chooses it from ``1..maxlags``
        (statsmodels' ``select_order``, all orders on the same sample). A criterion that
        picks 0 lags gives :math:`p = 1` (a Granger test needs a lag). Default
        ``"bic"`` over ``1..7``: in simulations calibrated to the bundled data (bursty
        daily counts, residual kurtosis in the hundreds) AIC picked the largest order
        offered, 14, in 81% of series without cross-effects, and the long lag
        polynomials it picks make the Granger tests over-reject; BIC is consistent and
        a week of daily lags is the response window the count models use.
    maxlags : int, optional
        Largest order considered (default 7 periods, reduced if the sample is short).
    trend : {"c", "ct"}
        Constant, or constant and linear trend (per year).
    phases : list of dates or DataFrame, optional
        Phase dummies in :math:`\mathbf{d}_t` (dates on which a new phase begins).
    exog : DataFrame, optional
        Covariates in :math:`\mathbf{d}_t`, on the index of ``counts``.

    See Also
    --------
    analysis.CountModel : Count regression of one side on lagged counts.
    analysis.CountHawkes : Self-exciting count model.

    Notes
    -----
    .. math::

        \mathbf{y}_t = \boldsymbol\nu + \boldsymbol\Gamma\mathbf{d}_t
            + \sum_{l=1}^{p} \mathbf{A}_l\, \mathbf{y}_{t-l} + \mathbf{u}_t,
        \qquad E[\mathbf{u}_t] = 0,\ \operatorname{Cov}(\mathbf{u}_t) = \boldsymbol\Sigma_u

    :math:`\mathbf{y}_t` is the row of ``counts`` on day :math:`t` (``k`` sides);
    :math:`\mathbf{A}_l` is ``results.coefs[l - 1]`` (shape ``(p, k, k)``; entry
    ``[i, j]`` is the effect of side ``j`` at lag ``l`` on side ``i``);
    :math:`\boldsymbol\nu` is ``results.intercept`` (``(k,)``);
    :math:`\mathbf{d}_t` holds the optional trend (per year), phase dummies and
    covariates (``results.params`` rows other than lags); :math:`\boldsymbol\Sigma_u` is
    ``results.sigma_u`` (``(k, k)``, degrees-of-freedom adjusted as in statsmodels).
    The impulse response at horizon :math:`h` is
    :math:`\boldsymbol\Theta_h = \boldsymbol\Phi_h \mathbf{M}`, with
    :math:`\boldsymbol\Phi_0 = \mathbf{I}`,
    :math:`\boldsymbol\Phi_h = \sum_{l=1}^{\min(h,p)}\boldsymbol\Phi_{h-l}\mathbf{A}_l`,
    and :math:`\mathbf{M}` the impact matrix of the chosen identification (see
    :meth:`VARResults.irf`).

    The VAR treats counts as Gaussian, which is the literature's baseline; the count
    models (:class:`~analysis.CountModel`, :class:`~analysis.CountHawkes`) are the check.

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> counts = analysis.to_counts(dyad_incidents())
    >>> res = analysis.VARModel(counts, lags="bic").fit()
    >>> print(res.granger("us", "militia", bootstrap="wild", rng=1))   # doctest: +SKIP
    >>> irf = res.irf(14, ordering=["militia", "us"], bootstrap="block", rng=1)
    >>> # extra US strikes, days 1-14
    >>> irf.total_response("us", "militia")             # doctest: +SKIP
    """

    _renamed = {"names": "sides"}

    def __init__(self, counts, lags="bic", *, maxlags=None, trend="c", phases=None,
                 exog=None):
        values = _d.check_counts(counts, what="VARModel", min_sides=2, allow_negative=True)
        self.trend = _d.check_choice("trend", trend, TRENDS)
        self.sides = list(values.columns)
        self.k = len(self.sides)
        n = len(values)
        det = _d.deterministic_terms(values.index, const=False, trend=self.trend == "ct",
                                     phases=phases, exog=exog)
        # statsmodels: the constant is its trend="c"; the rest goes in as exog
        n_det = 1 + det.shape[1]
        feasible = (n - 10 - n_det) // (self.k + 1)
        if feasible < 1:
            raise SpecificationError(
                f"{n} periods are too few for a VAR of {self.k} sides; use weekly counts "
                "only with a long window, fewer sides or a longer window")
        if isinstance(lags, str):
            self.criterion = _d.check_choice("lags", lags, CRITERIA)
            self.maxlags = min(7, feasible) if maxlags is None else \
                _d.check_positive_int("maxlags", maxlags)
            self._fixed_lags = None
        else:
            self.criterion = None
            self._fixed_lags = _d.check_positive_int("lags", lags)
            self.maxlags = self._fixed_lags if maxlags is None else \
                _d.check_positive_int("maxlags", maxlags)
        if self.maxlags > feasible:
            raise SpecificationError(
                f"{self.maxlags} lags of {self.k} sides need more than the {n} periods "
                f"available (at most {feasible} lags fit); use fewer lags, weekly counts "
                "or a longer window")
        self.counts = values
        self.exog = det if det.shape[1] else None
        self.phases = phases

    def __repr__(self):
        lags = self.criterion or self._fixed_lags
        return f"VARModel(sides={self.sides}, lags={lags!r}, trend={self.trend!r})"

    def _sm(self):
        from statsmodels.tsa.api import VAR
        return VAR(self.counts, exog=self.exog)

    def select_order(self) -> pd.DataFrame:
        """Information criteria for orders ``0..maxlags`` on a common sample.

        Returns a DataFrame (index ``lags``; columns ``aic``, ``bic``, ``hqic``,
        ``fpe``) whose ``attrs["selected"]`` maps each criterion to its order.
        """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # statsmodels' date-frequency notes
            sel = self._sm().select_order(self.maxlags, trend="c")
        table = pd.DataFrame({c: np.asarray(sel.ics[c], float) for c in CRITERIA})
        table.index.name = "lags"
        table.attrs["selected"] = {c: int(sel.selected_orders[c]) for c in CRITERIA}
        return table

    def fit(self) -> "VARResults":
        """Least-squares fit (statsmodels); returns a new :class:`VARResults`."""
        lag_table = None
        if self._fixed_lags is None:
            lag_table = self.select_order()
            p = max(1, lag_table.attrs["selected"][self.criterion])
        else:
            p = self._fixed_lags
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sm_res = self._sm().fit(maxlags=p, trend="c")   # the trend is in exog
        z = np.asarray(sm_res.endog_lagged, float)
        _d.check_rank(z, list(sm_res.exog_names), what=f"the VAR({p})",
                      fix="use fewer lags, drop phases or covariates, or use a longer "
                          "window")
        return VARResults(self, sm_res, p, lag_table)
