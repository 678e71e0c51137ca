"""What every model family shares: input checks, seeds, replicate loops, a results base.

* Checks that name the fix: :func:`as_rng` (``rng=None`` is refused everywhere, with one
  message), :func:`check_choice`, :func:`check_positive_int`, :func:`check_alpha`,
  :func:`check_n_jobs`.
* Replicates (bootstraps, jitter ensembles, Monte-Carlo loops): :func:`replicate_seeds`
  draws one seed per replicate from ``rng`` *up front*, :func:`run_replicates` runs a
  function over the replicates sequentially or on ``n_jobs`` processes (joblib) with an
  optional progress bar (tqdm), in replicate order, so a result depends on the seed and
  never on ``n_jobs``. :func:`guarded` is the one failure policy for a replicate (a
  numerical failure is a failed replicate, any other exception is a bug and propagates)
  and :func:`check_bootstrap_failures` the one rule for how many may fail.
* :func:`monte_carlo_pvalue`, the one Monte Carlo p-value ``(1 + #{draws at least as
  extreme}) / (R + 1)`` of every bootstrap, placebo and simulated-null test.
* :class:`ModelResults`, the base of every results class: ``model``, ``sides``,
  ``nobs``, ``params``, ``bse``, ``cov_params()``, ``conf_int(alpha)`` (columns
  ``lower``, ``upper``), ``llf``, ``aic``, ``bic``, ``summary(alpha)``, a readable
  ``repr`` and HTML in Jupyter.
"""

from __future__ import annotations

import math
import os
import warnings

import numpy as np
import pandas as pd

from ..exceptions import warn as _warn, ConvergenceWarning, EstimationError, SpecificationError

__all__ = ["RNG_REQUIRED", "as_rng", "check_choice", "check_positive_int", "check_alpha",
           "check_n_jobs", "replicate_seeds", "run_replicates", "guarded",
           "check_bootstrap_failures", "percentile_interval", "block_bootstrap_indices",
           "monte_carlo_pvalue",
           "ModelResults", "renamed_keyword", "RenamedAttributes"]

#: The one message for a missing seed (every function that draws says the same).
RNG_REQUIRED = ("pass rng= (a numpy.random.Generator or an integer seed): results that "
                "draw random numbers must be reproducible, so rng=None is refused")


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------
def as_rng(rng) -> np.random.Generator:
    """A Generator from a Generator, an integer seed or a SeedSequence; refuses ``None``.

    Raises
    ------
    SpecificationError
        ``rng`` is ``None`` (no hidden entropy: results must be reproducible) or of
        another type.
    """
    if rng is None:
        raise SpecificationError(RNG_REQUIRED)
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (bool, np.bool_)):
        raise SpecificationError(f"rng must be a numpy.random.Generator or an integer seed, "
                                 f"got {rng!r}")
    if isinstance(rng, (int, np.integer, np.random.SeedSequence)):
        if isinstance(rng, (int, np.integer)) and rng < 0:
            raise SpecificationError(f"rng: an integer seed must be >= 0, got {rng}")
        return np.random.default_rng(rng)
    raise SpecificationError(
        f"rng must be a numpy.random.Generator or an integer seed, got {type(rng).__name__}")


def check_choice(name: str, value, allowed) -> str:
    """Validate an option string; the error lists the allowed values."""
    allowed = list(allowed)
    try:
        ok = value in allowed
    except TypeError:          # unhashable or incomparable
        ok = False
    if not ok:
        raise SpecificationError(f"{name} must be one of {allowed}, got {value!r}")
    return value


def check_positive_int(name: str, value, minimum: int = 1) -> int:
    """Validate an integer ``>= minimum`` (booleans and floats are refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise SpecificationError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise SpecificationError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


def check_alpha(alpha) -> float:
    """Validate a test level ``alpha`` in (0, 1) (intervals at level ``1 - alpha``)."""
    if isinstance(alpha, (bool, np.bool_)) or not (
            isinstance(alpha, (float, int, np.floating, np.integer)) and 0 < alpha < 1):
        raise SpecificationError(f"alpha (1 - confidence level) must be in (0, 1), got "
                                 f"{alpha!r}; e.g. alpha=0.05 for 95% intervals")
    return float(alpha)


def check_n_jobs(n_jobs) -> int:
    """``n_jobs``: a positive number of processes, or -1 for every core."""
    if isinstance(n_jobs, (bool, np.bool_)) or not isinstance(n_jobs, (int, np.integer)) \
            or not (n_jobs >= 1 or n_jobs == -1):
        raise SpecificationError(f"n_jobs must be a positive integer or -1 (all cores), got "
                                 f"{n_jobs!r}")
    return int(n_jobs)


# --------------------------------------------------------------------------------------
# Replicates
# --------------------------------------------------------------------------------------
def replicate_seeds(rng, n: int) -> list:
    """One independent seed per replicate, drawn from ``rng`` up front.

    Replicate ``r`` draws only from ``numpy.random.default_rng(seeds[r])``, so its
    result does not depend on which process runs it or in which order.
    """
    rng = as_rng(rng)
    return [int(s) for s in rng.integers(0, 2 ** 63 - 1, size=int(n), dtype=np.int64)]


def _show_progress(progress) -> bool:
    if progress is None:          # auto: on, except under pytest or when switched off
        return ("PYTEST_CURRENT_TEST" not in os.environ
                and os.environ.get("ESCALATION_PROGRESS", "1") != "0")
    return bool(progress)


def _tqdm():
    """tqdm's notebook bar where ipywidgets is installed, else its text bar (which
    also works in Jupyter, on stderr)."""
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        from tqdm import tqdm
        return tqdm
    from tqdm.auto import tqdm
    return tqdm


def run_replicates(func, tasks, *, n_jobs: int = 1, progress=None, desc: str | None = None):
    """``[func(task) for task in tasks]``, on ``n_jobs`` processes, with a progress bar.

    Parameters
    ----------
    func : callable
        A picklable function (module level, or ``functools.partial`` of one) of one
        task; with ``n_jobs != 1`` it runs in worker processes (joblib's loky backend).
    tasks : sequence
        One entry per replicate (e.g. a seed from :func:`replicate_seeds`, or
        pre-drawn resampling indices).
    n_jobs : int
        Processes (1: in this process; -1: every core). Results come back in task
        order, so they are identical for any ``n_jobs``.
    progress : bool or None
        A tqdm bar (notebook widget in Jupyter, text in a terminal). ``None``: shown,
        except under pytest or with the environment variable ``ESCALATION_PROGRESS=0``.
    desc : str, optional
        Label of the bar.
    """
    n_jobs = check_n_jobs(n_jobs)
    tasks = list(tasks)
    show = _show_progress(progress)
    if n_jobs == 1 or len(tasks) <= 1:
        it = (func(t) for t in tasks)
    else:
        from joblib import Parallel, delayed
        it = Parallel(n_jobs=n_jobs, return_as="generator")(delayed(func)(t) for t in tasks)
    if show:
        it = _tqdm()(it, total=len(tasks), desc=desc, leave=False)
    return list(it)


#: Exceptions that make a replicate *fail* (numerical trouble in a refit); anything
#: else is a bug and propagates.
REPLICATE_FAILURES = (EstimationError, SpecificationError, np.linalg.LinAlgError,
                      FloatingPointError, ZeroDivisionError, ValueError, OverflowError)


def guarded(func, *args, **kwargs):
    """Run one replicate quietly: its result, or ``None`` if it failed numerically.

    Warnings inside a replicate are silenced (the caller reports how many replicates
    failed, once, through :func:`check_bootstrap_failures`); exceptions other than
    ``REPLICATE_FAILURES`` (numerical failures) propagate.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            try:
                return func(*args, **kwargs)
            except REPLICATE_FAILURES:
                return None


def check_bootstrap_failures(failed: int, n_boot: int, *, minimum: int, advice: str,
                             stacklevel: int = 3) -> None:
    """The one failure policy for replicates.

    Raise :class:`~analysis.EstimationError` when fewer than ``max(minimum, n_boot / 2)``
    replicates succeeded; warn :class:`~analysis.ConvergenceWarning` when more than 5%
    failed (the intervals then condition on the others). ``advice`` names the simpler
    specification to try.
    """
    if n_boot - failed < max(minimum, 0.5 * n_boot):
        raise EstimationError(
            f"{failed} of {n_boot} bootstrap refits failed; the model is too rich for "
            f"these data. {advice}")
    if failed > 0.05 * n_boot:
        _warn(
            f"{failed} of {n_boot} bootstrap refits failed and were dropped, so the "
            f"intervals condition on the others. {advice}", ConvergenceWarning)


def percentile_interval(draws: np.ndarray, alpha: float, axis: int = 0):
    """Efron percentile interval of bootstrap ``draws`` along ``axis``."""
    lo = np.quantile(draws, alpha / 2, axis=axis)
    hi = np.quantile(draws, 1 - alpha / 2, axis=axis)
    return lo, hi


def block_bootstrap_indices(n: int, block_length: int, rng: np.random.Generator):
    """Row indices of one moving-block bootstrap sample of length ``n``."""
    n_blocks = -(-n // block_length)
    starts = rng.integers(0, n - block_length + 1, size=n_blocks)
    idx = (starts[:, None] + np.arange(block_length)[None, :]).ravel()
    return idx[:n]


# --------------------------------------------------------------------------------------
# Monte Carlo p-values
# --------------------------------------------------------------------------------------
def monte_carlo_pvalue(observed, draws, *, tail: str = "upper", rtol: float = 0.0):
    r"""Monte Carlo p-value of ``observed`` against simulated ``draws`` of its null law.

    With :math:`R` draws :math:`T^*_1, \dots, T^*_R` of the statistic under the null
    (bootstrap, placebo or parametric-bootstrap replicates),

    .. math:: p = \frac{1 + \#\{r : T^*_r \text{ at least as extreme as } T\}}{R + 1},

    the Monte Carlo test of Barnard (1963) and Hope (1968) (Davison & Hinkley 1997,
    ch. 4): when the draws and :math:`T` are exchangeable under the null,
    :math:`P(p \le \alpha) \le \alpha` for every :math:`\alpha`, with equality when
    :math:`\alpha (R + 1)` is an integer and the statistic has no ties; :math:`p` is
    never zero, and a test at 5% needs :math:`R \ge 19`. The observed statistic counts as one of the
    :math:`R + 1` values, and a draw equal to it counts as at least as extreme (ties
    against the null hypothesis, the conservative choice).

    Parameters
    ----------
    observed : float or array_like
        The statistic :math:`T` of the data; an array gives one p-value per entry, each
        against all of ``draws``.
    draws : array_like
        One-dimensional: the :math:`R \ge 1` simulated statistics. ``+inf`` and
        ``-inf`` are ordinary values (larger or smaller than any number); a NaN is
        refused, see Raises.
    tail : {"upper", "lower"}
        ``"upper"``: large values are extreme, count :math:`T^* \ge T` (a Wald, LM or
        likelihood-ratio statistic, a placebo effect); ``"lower"``: small values are
        extreme, count :math:`T^* \le T` (e.g. a goodness-of-fit p-value used as the
        statistic).
    rtol : float
        Relative tolerance of a tie, in ``[0, 1)``: a draw within
        :math:`\mathrm{rtol} \cdot |T|` of :math:`T` on the less extreme side also
        counts, so that a draw equal to :math:`T` in exact arithmetic is not lost to
        rounding (statistics computed by different floating-point paths). The upper
        tail counts :math:`T^* \ge T (1 - \mathrm{rtol})` for :math:`T \ge 0` and
        :math:`T^* \ge T (1 + \mathrm{rtol})` for :math:`T < 0`; the lower tail,
        mirrored. ``0`` (the default): exact comparisons.

    Returns
    -------
    float or ndarray
        In :math:`[1 / (R + 1), 1]`: a float for a scalar ``observed``, else an array of
        its shape.

    Raises
    ------
    SpecificationError
        ``draws`` is empty, not one-dimensional, not numeric, or holds a NaN (a failed
        replicate is neither more nor less extreme than :math:`T`: drop the failed
        replicates before the call and report how many failed, e.g. with
        :func:`check_bootstrap_failures`); ``observed`` is not numeric or holds a NaN
        (the statistic of the data could not be computed); ``tail`` or ``rtol`` is not
        one of the values above.

    Notes
    -----
    Non-finite draws: infinities are compared as numbers; a NaN raises. The five
    hand-written versions this function replaced (count score bootstrap, VAR wild
    bootstrap, event-study placebo test, the jitter gate's ``gof(null=)``, the fast
    double bootstrap of :class:`~analysis.models.calibration.CalibrationResults`)
    counted a NaN draw silently as not extreme, which lowers the p-value, and gave a NaN
    statistic the smallest p-value (the largest, 1, in the fast double bootstrap). None
    of them meets a NaN in practice: the event study drops non-finite placebo
    replicates, the gate's null law is checked to lie in [0, 1], the calibration rows
    keep finite p-values only, and a NaN score or Wald draw would mean a degenerate
    bootstrap covariance, which now raises instead of passing unnoticed.

    Examples
    --------
    >>> import numpy as np
    >>> from analysis.models.base import monte_carlo_pvalue
    >>> draws = np.array([0.5, 1.0, 2.0, 3.0])
    >>> monte_carlo_pvalue(2.0, draws)                    # (1 + 2) / (4 + 1)
    0.6
    >>> monte_carlo_pvalue(2.0, draws, tail="lower")      # (1 + 3) / (4 + 1)
    0.8
    >>> monte_carlo_pvalue(np.array([0.0, 5.0]), draws)
    array([1. , 0.2])
    >>> monte_carlo_pvalue(2.0 + 1e-15, draws, rtol=1e-12)  # the draw 2.0 is a tie
    0.6
    """
    check_choice("tail", tail, ["upper", "lower"])
    if isinstance(rtol, (bool, np.bool_)) or not isinstance(
            rtol, (float, int, np.floating, np.integer)) or not 0 <= rtol < 1:
        raise SpecificationError(f"rtol (relative tolerance of a tie) must be a number in "
                                 f"[0, 1), got {rtol!r}; e.g. rtol=1e-12")
    d = _float_array("draws", draws)
    if d.ndim != 1 or d.size == 0:
        raise SpecificationError(
            f"draws must be a one-dimensional array of at least one simulated statistic, "
            f"got shape {d.shape}: a Monte Carlo p-value needs the null draws (19 or more "
            "for a test at 5%)")
    bad = np.isnan(d)
    if bad.any():
        raise SpecificationError(
            f"draws holds {int(bad.sum())} NaN of {d.size} (first at position "
            f"{int(np.argmax(bad))}): a failed replicate is neither more nor less extreme "
            "than the observed statistic; drop the failed replicates before computing the "
            "p-value and report how many failed")
    obs = _float_array("observed", observed)
    bad = np.isnan(obs)
    if bad.any():
        where = "" if obs.ndim == 0 else f" at position {np.argwhere(bad)[0].tolist()}"
        raise SpecificationError(
            f"observed is NaN{where}: the statistic of the data could not be computed, so "
            "it has no p-value; check the fit that produced it")
    up = tail == "upper"
    thr = obs
    if rtol:
        # the tolerance widens toward the less extreme side; the product form keeps the
        # comparisons bit-identical to the historical ``draws >= stat * (1 - rtol)``
        less, more = 1 - rtol, 1 + rtol
        thr = np.where(obs >= 0, obs * (less if up else more), obs * (more if up else less))
    d = np.sort(d)
    count = d.size - np.searchsorted(d, thr, side="left") if up else \
        np.searchsorted(d, thr, side="right")
    p = (1.0 + count) / (d.size + 1.0)
    return float(p) if np.ndim(p) == 0 else p


def _float_array(name: str, value) -> np.ndarray:
    try:
        if value is None:
            raise TypeError
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise SpecificationError(f"{name} must be numeric (a number or an array of "
                                 f"numbers), got {type(value).__name__}") from None


# --------------------------------------------------------------------------------------
# Renamed public names
# --------------------------------------------------------------------------------------
def renamed_keyword(kwargs: dict, where: str, renames: dict) -> None:
    """Raise a clear error for a keyword argument renamed in 0.2 (see CHANGELOG.md).

    ``renames`` maps an old keyword to its new name; ``kwargs`` are the unexpected
    keyword arguments a function received (``**old``).
    """
    for old in kwargs:
        if old in renames:
            raise TypeError(f"{where}: the keyword {old}= was renamed to {renames[old]}= "
                            "(see CHANGELOG.md)")
        raise TypeError(f"{where} got an unexpected keyword argument {old!r}")


class RenamedAttributes:
    """Mixin: attributes renamed in 0.2 raise an error naming the new name.

    Subclasses set ``_renamed = {"old": "new"}``.
    """

    _renamed: dict = {}

    def __getattr__(self, name):
        prop = next((k.__dict__[name] for k in type(self).__mro__ if name in k.__dict__),
                    None)
        if isinstance(prop, property):   # a property raised AttributeError: show its message
            return prop.fget(self)
        renamed = type(self)._renamed
        if name in renamed:
            raise AttributeError(f"{type(self).__name__}.{name} was renamed to "
                                 f"{renamed[name]} (see CHANGELOG.md)")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


# --------------------------------------------------------------------------------------
# Results base
# --------------------------------------------------------------------------------------
class ModelResults(RenamedAttributes):
    """Base of every results class: the names every family shares.

    A subclass sets ``model`` and ``params`` (a labelled Series) and, where the model
    has a likelihood, ``llf``; it provides ``cov_params()`` where it has a covariance,
    and ``summary(alpha)``. The rest follows here and may be overridden.
    """

    model = None

    @property
    def sides(self) -> list:
        """list of str: the sides (columns of the counts, or event streams) modelled."""
        return list(self.model.sides)

    @property
    def nobs(self) -> int:
        """int: observations the estimate uses (periods after the pre-sample, or events)."""
        return int(self.model.nobs)

    @property
    def n_params(self) -> int:
        """int: number of estimated parameters (the length of ``params``)."""
        return int(len(self.params))

    def cov_params(self) -> pd.DataFrame:
        """Covariance matrix of ``params``.

        Returns
        -------
        DataFrame
            Square, labelled by ``params.index`` on both axes.
        """
        raise NotImplementedError(f"{type(self).__name__} has no covariance matrix")

    @property
    def bse(self) -> pd.Series:
        """Series: standard errors of ``params`` (square roots of the diagonal of
        :meth:`cov_params`), named ``"bse"``."""
        cov = self.cov_params()
        return pd.Series(np.sqrt(np.diag(cov.to_numpy())), index=cov.index, name="bse")

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald intervals at level ``1 - alpha`` for ``params``.

        Parameters
        ----------
        alpha : float
            1 - confidence level (0.05 for 95% intervals).

        Returns
        -------
        DataFrame
            Index ``params.index``, columns ``lower``, ``upper``.
        """
        from scipy import stats
        alpha = check_alpha(alpha)
        z = stats.norm.ppf(1 - alpha / 2)
        est, se = self.params.to_numpy(float), self.bse.reindex(self.params.index).to_numpy()
        return pd.DataFrame({"lower": est - z * se, "upper": est + z * se},
                            index=self.params.index)

    @property
    def aic(self) -> float:
        """float: Akaike information criterion, ``-2 llf + 2 n_params``."""
        return -2.0 * self.llf + 2.0 * self.n_params

    @property
    def bic(self) -> float:
        """float: Bayesian information criterion, ``-2 llf + log(nobs) n_params``."""
        return -2.0 * self.llf + math.log(self.nobs) * self.n_params

    def summary(self, alpha: float = 0.05):
        """The fit as an :class:`analysis.reporting.Summary` (text, HTML, LaTeX).

        In Jupyter the summary displays itself as a table; ``print()`` gives text,
        ``.as_latex()`` a booktabs table for a paper and ``.as_html()`` the HTML.

        Parameters
        ----------
        alpha : float
            1 - confidence level of the intervals shown.

        Returns
        -------
        analysis.reporting.Summary
        """
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs):
        # a family's own summary()/conf_int()/cov_params() without a docstring shows the
        # contract's (``res.summary?`` must say what it returns and how to export it)
        super().__init_subclass__(**kwargs)
        for name in ("summary", "conf_int", "cov_params"):
            own = cls.__dict__.get(name)
            if callable(own) and not getattr(own, "__doc__", None):
                own.__doc__ = getattr(ModelResults, name).__doc__

    def __repr__(self) -> str:
        try:
            llf = f", llf={self.llf:.3f}"
        except (AttributeError, NotImplementedError, TypeError, ValueError):
            llf = ""
        return (f"<{type(self).__name__}: {', '.join(map(str, self.sides))}; "
                f"nobs={self.nobs}{llf}>")

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()
