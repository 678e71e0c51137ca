"""Intervals for the coder's proportions: plain Wilson, and clustered by report.

Every share the package reports for the Arabic coder (incident recall, right-site recall,
the spurious share of drafts) is a ratio of sums over reports, ``p = sum(k_i) / sum(n_i)``
(``k_i`` incidents found of the ``n_i`` a report tells; or ``k_i`` spurious drafts of its
``n_i`` drafts). The incidents (drafts) of one report are not independent: they share its
wording and the coder's one reading of it (a list the coder cannot parse loses all its
items at once), so the plain Wilson interval (:func:`wilson`), which treats them as
independent, is too narrow. :func:`clustered_wilson` is the Wilson interval on the
effective sample size of Korn & Graubard (1998), with the report as the cluster:

* the design effect (:func:`design_effect`) is the linearised (ratio-estimator) variance
  of ``p`` over reports, ``m / (m - 1) * sum((k_i - p n_i)^2) / n^2`` (``m`` reports with
  ``n_i > 0``, ``n = sum(n_i)``), over the binomial variance ``p (1 - p) / (n - 1)`` of
  ``n`` independent trials (both with their small-sample divisor, so that reports of one
  incident each give a design effect of exactly 1);
* the effective sample size is ``n / deff``, times ``(t_{n-1} / t_{m-1})^2`` (the
  quantiles of Student's t at ``1 - alpha/2``: Korn & Graubard's degrees-of-freedom
  correction, as in R ``survey::svyciprop(method = "beta")``; 1 when every report has
  one incident), and the interval is statsmodels' Wilson score interval
  (:func:`statsmodels.stats.proportion.proportion_confint`, ``method="wilson"``) for
  ``p * n_eff`` successes in ``n_eff`` trials.

Its coverage in this corpus's regime (report sizes and intra-report correlation of the
first looks) is measured by ``benchmarks/validate_coder_intervals.py``; the table is
in ``benchmarks/results/validate_coder_intervals.md`` and the corpus README.
"""

from __future__ import annotations

import numpy as np

__all__ = ["wilson", "clustered_wilson", "design_effect", "effective_size"]


def wilson(k, n, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval for ``k`` successes in ``n`` independent trials.

    Parameters
    ----------
    k, n : int
        Successes and trials.
    alpha : float
        1 - the confidence level.

    Returns
    -------
    tuple of float
        ``(lower, upper)`` from :func:`statsmodels.stats.proportion.proportion_confint`
        (``method="wilson"``); ``nan`` bounds when ``n`` is 0 (no trial, no proportion:
        the estimate is ``nan`` too).
    """
    from statsmodels.stats.proportion import proportion_confint

    if not n:
        return (float("nan"), float("nan"))
    lo, hi = proportion_confint(int(k), int(n), alpha=alpha, method="wilson")
    return (float(lo), float(hi))


def _is_number(x) -> bool:
    try:
        float(x)
    except (TypeError, ValueError):
        return False
    return True


def _check(k, n, alpha=None):
    """The per-cluster counts as int arrays, or a ValueError naming what is wrong."""
    if alpha is not None and not (isinstance(alpha, (int, float)) and 0 < alpha < 1):
        raise ValueError(f"alpha must be in (0, 1), got {alpha!r}")
    arrays = []
    for name, v in (("k", k), ("n", n)):
        raw = np.atleast_1d(np.asarray(v, dtype=object)).ravel()
        try:
            a = raw.astype(float)
        except (TypeError, ValueError):
            i = next(i for i, x in enumerate(raw) if not _is_number(x))
            raise ValueError(f"{name}[{i}] = {raw[i]!r} is not a count") from None
        bad = np.flatnonzero(~np.isfinite(a) | (a < 0) | (a != np.round(a)))
        if len(bad):
            i = int(bad[0])
            raise ValueError(f"{name}[{i}] = {raw[i]!r} is not a non-negative whole count")
        arrays.append(a.astype(np.int64))
    k, n = arrays
    if len(k) != len(n):
        raise ValueError(f"k and n differ in length ({len(k)} and {len(n)} clusters)")
    if not len(n):
        raise ValueError("no cluster: k and n are empty")
    over = np.flatnonzero(k > n)
    if len(over):
        i = int(over[0])
        raise ValueError(f"k[{i}] = {int(k[i])} exceeds n[{i}] = {int(n[i])} (more successes "
                         "than trials in one cluster)")
    return k, n


def _deff(k, n) -> float:
    keep = n > 0
    k, n = k[keep], n[keep]
    m, total = len(n), int(n.sum())
    p = k.sum() / total
    if m < 2 or p in (0.0, 1.0):
        return 1.0
    between = m / (m - 1) * float(np.sum((k - p * n) ** 2)) / total ** 2
    binomial = p * (1 - p) / (total - 1)
    return max(1.0, between / binomial)


def design_effect(k, n) -> float:
    """Design effect of clustering on the ratio ``sum(k) / sum(n)``, floored at 1.

    Parameters
    ----------
    k, n : array-like of int
        Successes and trials of each cluster (report), same length.

    Returns
    -------
    float
        ``max(1, v_cluster / v_binomial)``: the linearised ratio-estimator variance over
        clusters with ``n_i > 0`` (``m / (m - 1) * sum((k_i - p n_i)^2) / n^2``) over the
        binomial variance of ``n`` independent trials (``p (1 - p) / (n - 1)``). Exactly 1
        when every cluster has one trial. 1 by convention when ``p`` is 0 or 1 (the
        cluster variance is 0: no between-report variation is seen, so the binomial one
        is the only estimate) and with fewer than two clusters (see
        :func:`clustered_wilson`). Floored at 1 (as Korn & Graubard truncate the
        effective size at ``n``): a value below 1 would say the incidents of one report
        disagree more than independent ones, which a shared wording and reading do not
        produce; with tens of reports it is noise of the variance estimate, and the floor
        keeps the clustered interval never narrower than the plain one.

    Raises
    ------
    ValueError
        When a count is negative or not whole, ``k_i > n_i``, the lengths differ, no
        cluster is given, or ``sum(n)`` is 0 (naming the position and value).
    """
    k, n = _check(k, n)
    if not n.sum():
        raise ValueError("no trial: sum(n) is 0, the proportion is undefined")
    return _deff(k, n)


def effective_size(k, n, alpha: float = 0.05) -> float:
    """Effective number of independent trials of :func:`clustered_wilson`.

    Parameters
    ----------
    k, n : array-like of int
        Successes and trials of each cluster, same length.
    alpha : float
        1 - the confidence level (the degrees-of-freedom correction depends on it).

    Returns
    -------
    float
        ``sum(n) / design_effect(k, n) * (t_{n-1} / t_{m-1})^2`` with ``m`` the clusters
        with ``n_i > 0`` and ``t_d`` Student's t quantile at ``1 - alpha/2`` with ``d``
        degrees of freedom (the factor is 1 when ``m = n``). ``nan`` never: a single
        cluster raises.

    Raises
    ------
    ValueError
        As :func:`design_effect`; also when ``alpha`` is not in (0, 1), or fewer than two
        clusters have a trial (no between-report variance can be estimated).
    """
    from scipy.stats import t

    k, n = _check(k, n, alpha)
    total, m = int(n.sum()), int((n > 0).sum())
    if not total:
        raise ValueError("no trial: sum(n) is 0, the proportion is undefined")
    if m < 2:
        raise ValueError(f"{m} cluster with a trial: the between-cluster variance needs two")
    factor = 1.0 if m == total else float(t.ppf(1 - alpha / 2, total - 1)
                                          / t.ppf(1 - alpha / 2, m - 1)) ** 2
    return total / _deff(k, n) * factor


def clustered_wilson(k, n, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson interval for ``sum(k) / sum(n)`` with clusters (reports) of correlated trials.

    Parameters
    ----------
    k, n : array-like of int
        Successes and trials of each cluster (one entry per report: incidents found and
        required, or spurious drafts and drafts), same length. Clusters with ``n_i = 0``
        carry no trial and do not count as clusters.
    alpha : float
        1 - the confidence level (0.05: 95%).

    Returns
    -------
    tuple of float
        ``(lower, upper)``: statsmodels' Wilson interval for ``p * n_eff`` successes in
        ``n_eff`` trials, ``n_eff`` from :func:`effective_size` (Korn & Graubard 1998;
        see the module docstring). Edge cases:

        * every cluster has one trial: exactly :func:`wilson` (design effect 1, no
          degrees-of-freedom correction);
        * ``p`` is 0 or 1: the design effect is 1 (no between-report variation is
          seen), the degrees-of-freedom correction still applies, so the interval is
          the Wilson interval on ``n (t_{n-1}/t_{m-1})^2`` trials: it includes 0 (or 1)
          and is a little wider than the plain one;
        * a design effect below 1 is floored at 1 (:func:`design_effect` says why);
        * ``sum(n) = 0``: ``(nan, nan)``, like :func:`wilson` (no trial: the estimate
          is ``nan`` too);
        * one cluster with trials: ``(0.0, 1.0)``. One report says nothing about how
          reports vary, so no interval for the population of reports narrower than
          the whole range can be justified.

    Raises
    ------
    ValueError
        When a count is negative or not whole, ``k_i > n_i``, the lengths differ, no
        cluster is given, or ``alpha`` is not in (0, 1), naming the position and value.

    Examples
    --------
    >>> from analysis.coding.intervals import clustered_wilson, wilson
    >>> clustered_wilson([1, 0, 1], [1, 1, 1]) == wilson(2, 3)
    True
    """
    from statsmodels.stats.proportion import proportion_confint

    k, n = _check(k, n, alpha)
    total, m = int(n.sum()), int((n > 0).sum())
    if not total:
        return (float("nan"), float("nan"))
    if m < 2:
        return (0.0, 1.0)
    if m == total:                        # one trial per cluster: the plain interval
        return wilson(int(k.sum()), total, alpha)
    p = k.sum() / total
    n_eff = effective_size(k, n, alpha)
    lo, hi = proportion_confint(p * n_eff, n_eff, alpha=alpha, method="wilson")
    return (float(lo), float(hi))
