"""Continuous-time mutual excitation: the multivariate Hawkes process.

:class:`Hawkes` fits exponential (or sum-of-exponential) kernels by maximum likelihood,
with the decays estimated or fixed, an optional piecewise-constant baseline over given
phases, Hessian standard errors, a parametric bootstrap, time-rescaling goodness of fit,
a jitter ensemble for tied (day-precision) times and counterfactuals.
:func:`simulate_hawkes` simulates the process (branching or thinning).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from functools import partial

import numpy as np
import pandas as pd

from ..data import EventTimes
from ..exceptions import (warn as _warn, ConvergenceWarning, EstimationError,
                          ExplosiveWarning, SpecificationError, TiesWarning)
from . import _hawkes_core as core
from . import _hawkes_fit as hf
from . import _hawkes_sim as hsim
from ._hawkes_spec import (KERNELS, SIM_METHODS, _as_event_arrays, _decay_array,  # noqa: F401
                           _explosive_message, _phase_changes, _spectral_radius, _to_array)
from .hawkes_inference import (HawkesBootstrap, HawkesCounterfactual, HawkesGoF,
                               HawkesJitterResults, plot_branching_intervals,
                               plot_branching_matrix)
from .base import as_rng, check_positive_int, renamed_keyword, run_replicates
from .hawkes_results import HawkesResults

__all__ = ["Hawkes", "HawkesResults", "simulate_hawkes", "HawkesGoF", "HawkesBootstrap",
           "HawkesJitterResults", "HawkesCounterfactual", "plot_branching_intervals",
           "plot_branching_matrix"]


class Hawkes:
    r"""Multivariate Hawkes process with exponential kernels, by maximum likelihood.

    Each side's event rate is a baseline plus the excitation left by every earlier
    event of every side; fitted in continuous time to event times.

    Parameters
    ----------
    events : mapping side -> sorted times, list of arrays, or one array
        As :func:`analysis.to_events` returns (days since ``origin``); any number of
        sides >= 1. Times must be sorted, finite and >= 0; every side needs events.
    kernel : {"exp", "sumexp"}
        One exponential per kernel (``U = 1``), or a sum of ``n_components``.
    decay : None, number or array
        ``None`` estimates the decays (with ``decay_structure``); a number fixes every
        decay; an array fixes them per kernel: ``[D, D]`` (``exp``, target x source),
        ``[U]`` (``sumexp``: one decay per component) or ``[D, D, U]``.
    end_time : float, optional
        End of the observation window ``T`` (days). Default: ``events.end_time`` for an
        :class:`~analysis.EventTimes`, else the last event. Must not precede the last
        event (the window is part of the likelihood: quiet time after the last event is
        evidence too).
    baseline : "constant", list of phase start dates (or times), or a phase table
        A piecewise-constant baseline :math:`\mu_{i,p}` over phases, so that a shift in
        the background rate is not read as excitation. Dates are converted with the
        events' ``origin``; a table needs a ``start`` column (its first row is phase 0,
        as ``detect_phases(...).phases``); starts outside the window are ignored.
    n_components : int, optional
        Components of a ``sumexp`` kernel when ``decay`` is ``None`` (default 2).
    decay_structure : {"shared", "by_source", "by_pair"}
        When the decays are estimated: one decay (per component) for all kernels, one per
        source side, or one per (target, source) pair.
    decay_bounds : (float, float), optional
        Bounds of estimated decays. Default ``(1 / T, 1000 N / T)``.
    sides : list of str, optional
        Names of the sides when ``events`` is a list.

    See Also
    --------
    analysis.CountHawkes : Binned self-exciting model on daily counts.
    analysis.simulate_hawkes : Simulate this process.

    Notes
    -----
    **The model.**
    Side :math:`i = 1..D` has events at times :math:`t^i_1 < t^i_2 < \dots` in
    :math:`[0, T]`. Its intensity (expected events per day) is

    .. math::

        \lambda_i(t) = \mu_{i,p(t)} + \sum_{j=1}^{D} \sum_{t^j_k < t} \phi_{ij}(t - t^j_k),
        \qquad
        \phi_{ij}(s) = \sum_{u=1}^{U} \alpha_{iju}\, \beta_{iju}\, e^{-\beta_{iju} s},

    a baseline plus the excitation left by every earlier event of every side. The
    log-likelihood :math:`\sum_i [\sum_k \log\lambda_i(t^i_k) - \int_0^T \lambda_i]` is
    computed by the O(N) recursion of the exponential kernel, with analytic gradient and
    Hessian (numba); with the decays fixed it is concave and is maximised by a projected
    Newton method per side, with the decays estimated the profile likelihood is
    maximised over the log-decays.

    Symbols and the attributes of the results (:class:`HawkesResults`) that hold them:

    * :math:`\mu_{i,p}`, the baseline of side *i* in phase *p* (events per day):
      ``baseline``, a Series [D] (constant baseline) or a DataFrame [D, P] (phases).
    * :math:`\alpha_{iju}`, the expected number of side-*i* events directly triggered
      by one side-*j* event through component *u*: ``branching_components``, a DataFrame [D, D]
      (rows target *i*, columns source *j*); for ``kernel="sumexp"`` [D, D x U] with
      columns ``(source, component)``.
    * :math:`\beta_{iju}`, the decay rate (per day; the mean delay is
      :math:`1/\beta`): ``decay``, the same shape as ``branching_components``.
    * :math:`\int_0^\infty \phi_{ij} = \sum_u \alpha_{iju}`, the branching ratio
      *j* -> *i*: ``branching_matrix``, a DataFrame [D, D].
    * :math:`\rho`, the spectral radius of the branching matrix:
      ``spectral_radius``; the process is stationary if and only if :math:`\rho < 1`.

    Rows are the *target* (the side that responds), columns the *source*:
    ``branching_matrix.loc["us", "militia"]`` is the expected number of US strikes
    directly triggered by one militia attack (tick's convention too).

    **Ties.**
    A Hawkes process never has two events at the same time, but day-precision data
    (``to_events`` places an event without a time of day at mid-day) have many. Fitting
    tied times is never silent: :meth:`fit` warns :class:`~analysis.TiesWarning` and
    says what to do; in its likelihood tied events do not excite one another (only
    strictly earlier events count), which drops every same-day response. The principled
    fit is :meth:`fit_jitter`: ``R`` copies of the data with each day-precision event
    placed uniformly within its day, pooled estimates, the spread the unknown order
    adds, and a parametric bootstrap pooled over the copies. Events whose time of day
    the sources give keep it; several events at one reported time (one operation
    against several targets) stay a simultaneous batch, with a warning. Check the result
    against the binned self-exciting count model on daily counts
    (:class:`analysis.CountHawkes`), which needs no order within a day.

    **Inference.**
    ``fit()`` gives Hessian standard errors (``bse``, ``conf_int``);
    ``bootstrap(n_boot, rng=...)`` simulates the fitted process and refits it (percentile
    intervals for the branching matrix and the spectral radius); ``gof()`` tests each
    side by time rescaling (KS test, QQ plot); ``counterfactual(source=..., target=...)``
    compares expected counts with one direction of excitation switched off;
    :meth:`fix` gives the same interface at hand-chosen parameters.

    Examples
    --------
    >>> import analysis
    >>> from analysis.casestudy import dyad_incidents
    >>> ev = analysis.to_events(dyad_incidents(), origin="2019-12-01", end="2024-12-31")
    >>> model = analysis.Hawkes(ev, phases=["2023-10-17", "2024-02-05"])
    >>> ens = model.fit_jitter(n_jitter=40, rng=1)               # doctest: +SKIP
    >>> ens.branching_matrix                                       # doctest: +SKIP
    >>> boot = ens.bootstrap(400, rng=2)                           # doctest: +SKIP
    >>> boot.branching_conf_int(); boot.spectral_radius_conf_int() # doctest: +SKIP
    >>> ens.gof(); ens.plot_branching(bootstrap=boot)              # doctest: +SKIP
    >>> res = ens.fits[0]                                          # doctest: +SKIP
    >>> res.summary(); res.plot_intensity()                        # doctest: +SKIP
    >>> res.counterfactual(source="militia", target="us").table    # doctest: +SKIP
    """

    def __init__(self, events, kernel: str = "exp", decay=None, end_time=None,
                 phases=None, *, n_components: int | None = None,
                 decay_structure: str = "shared", decay_bounds=None, sides=None, **renamed):
        if renamed:
            renamed_keyword(renamed, "Hawkes", {"baseline": "phases"})
        if isinstance(phases, str) and phases == "constant":
            raise SpecificationError("Hawkes(baseline='constant') is now phases=None "
                                     "(the default; see CHANGELOG.md)")
        if kernel not in KERNELS:
            raise SpecificationError(f"kernel must be one of {list(KERNELS)}, got {kernel!r}")
        if decay_structure not in hf.DECAY_STRUCTURES:
            raise SpecificationError(f"decay_structure must be one of "
                                     f"{list(hf.DECAY_STRUCTURES)}, got {decay_structure!r}")
        names, arrays, origin, exact = _as_event_arrays(events, sides)
        self.events = events
        self.sides = names
        self._arrays = arrays
        self._exact = exact
        self.origin = origin
        last = max(float(a[-1]) for a in arrays)
        if end_time is None:
            end_time = events.end_time if isinstance(events, EventTimes) else last
        try:
            T = float(end_time)
        except (TypeError, ValueError):
            raise SpecificationError(f"end_time must be a number of days, got {end_time!r}") from None
        if not np.isfinite(T) or T <= 0:
            raise SpecificationError(f"end_time must be positive and finite, got {end_time!r}")
        if T < last:
            raise SpecificationError(
                f"end_time={T:g} is before the last event at {last:g}: the window must "
                f"contain every event. Pass end_time >= {last:g} (the end of observation, "
                "e.g. EventTimes.end_time) or drop the later events")
        self.end_time = T
        D = len(arrays)
        self.kernel = kernel
        if n_components is not None and (int(n_components) != n_components or n_components < 1):
            raise SpecificationError(f"n_components must be a positive integer, got {n_components!r}")
        if kernel == "exp":
            if n_components not in (None, 1):
                raise SpecificationError("n_components applies to kernel='sumexp' only")
        self.estimate_decay = decay is None
        if decay is None:
            U = 1 if kernel == "exp" else int(n_components or 2)
            self._beta_fixed = None
        else:
            if n_components is not None and kernel == "sumexp" and np.ndim(decay) >= 1 \
                    and np.shape(decay)[-1] != n_components:
                raise SpecificationError("n_components disagrees with the number of decays given")
            if kernel == "sumexp" and np.ndim(decay) == 0:
                raise SpecificationError("kernel='sumexp' with fixed decays needs one decay per "
                                         "component, e.g. decay=[0.1, 1.0]")
            self._beta_fixed = _decay_array(decay, D, 1 if kernel == "exp" else
                                            int(np.shape(decay)[-1]), kernel)
            U = self._beta_fixed.shape[2]
        self.n_components = U
        self.decay_structure = decay_structure
        self._bmap, self._n_b = hf.decay_map(decay_structure, D, U)
        N = sum(a.size for a in arrays)
        if decay_bounds is None:
            decay_bounds = (1.0 / T, 1000.0 * N / T)
        try:
            lo, hi = (float(x) for x in decay_bounds)
        except (TypeError, ValueError):
            raise SpecificationError("decay_bounds must be two positive numbers (lo, hi)") from None
        if not (0 < lo < hi < np.inf):
            raise SpecificationError(f"decay_bounds must satisfy 0 < lo < hi, got {decay_bounds!r}")
        self.decay_bounds = (lo, hi)
        # the specification, for with_events(): the same model on other event times
        self._spec = {"kernel": kernel, "decay": decay, "n_components": n_components,
                      "decay_structure": decay_structure, "decay_bounds": (lo, hi)}
        self.phase_bounds, self.phase_labels = _phase_changes(
            "constant" if phases is None else phases, origin, T)
        self.phases = phases
        self._prep = hf.prepare(self._arrays, self.end_time, self.phase_bounds)
        self._jitter_copy = False      # set on the copies made by fit_jitter

    # -- basic facts -------------------------------------------------------------------
    @property
    def n_sides(self) -> int:
        return len(self.sides)

    @property
    def nobs(self) -> int:
        return int(sum(a.size for a in self._arrays))

    @property
    def n_phases(self) -> int:
        return len(self.phase_labels)

    def _prepared(self) -> hf.Prepared:
        if self._prep is None:
            self._prep = hf.prepare(self._arrays, self.end_time, self.phase_bounds)
        return self._prep

    def n_tied(self) -> int:
        """Number of events that share their time with another event (any side)."""
        prep = self._prepared()
        t = prep.t
        if t.size < 2 or prep.n_same == 0:
            return 0
        same = np.diff(t) == 0
        flag = np.zeros(t.size, bool)
        flag[1:] |= same
        flag[:-1] |= same
        return int(flag.sum())

    def __repr__(self):
        parts = ", ".join(f"{s}: {a.size}" for s, a in zip(self.sides, self._arrays))
        dec = "estimated" if self.estimate_decay else "fixed"
        return (f"Hawkes({parts} events; kernel={self.kernel!r}, decay {dec}, "
                f"{self.n_phases} baseline phase(s), T={self.end_time:g})")

    # -- fitting -----------------------------------------------------------------------
    def fit(self, *, maxiter: int = 200, tol: float = 1e-12, start=None) -> "HawkesResults":
        """Maximum likelihood; returns a new :class:`HawkesResults` (the model is not
        changed).

        Parameters
        ----------
        maxiter : int
            Iterations of the optimiser over the decays (and of each Newton solve).
        tol : float
            Gap to the maximum of the log-likelihood allowed in each Newton solve, per
            event (the solve stops when the gap is below ``tol * n`` for a side with
            ``n`` events; by self-concordance of ``-log`` this is a bound, not a guess).
        start : HawkesResults, optional
            Start from these estimates (warm start), e.g. a fit of similar data.

        Warns
        -----
        TiesWarning
            Events share times; see the class docstring and :meth:`fit_jitter`.
        ConvergenceWarning
            The optimiser stopped early, or an estimated decay sits on its bound.
        ExplosiveWarning
            The fitted spectral radius is >= 1.
        """
        n_tied = self.n_tied()
        if n_tied:
            _warn(
                f"{n_tied} of {self.nobs} events share their time with another event "
                "(day-precision dates?). A Hawkes process has no simultaneous events; in "
                "this fit tied events do not excite one another, which drops same-day "
                "responses and distorts the decay. Use Hawkes.fit_jitter(n_jitter=20, "
                "rng=...) (uniform within-day jitter, pooled estimates and their spread), "
                "and compare with a daily count model (analysis.CountHawkes)",
                TiesWarning)
        return self._fit(maxiter=maxiter, tol=tol, start=start, warn=True)

    def _fit(self, *, maxiter=200, tol=1e-12, start=None, warn=True) -> "HawkesResults":
        prep = self._prepared()
        D, U = self.n_sides, self.n_components
        W0 = theta0 = None
        if start is not None:
            W0 = np.concatenate([start._mu, start._alpha.reshape(D, -1)], axis=1)
            if self.estimate_decay and start._theta.size == self._n_b:
                theta0 = start._theta
        if self.estimate_decay:
            lo, hi = self.decay_bounds
            out = hf.fit_decay(prep, self._bmap, self._n_b, U, (np.log(lo), np.log(hi)),
                               theta0=theta0, W0=W0, maxiter=maxiter, inner_maxit=max(maxiter, 100),
                               tol=tol)
        else:
            out = hf.fit_fixed(prep, self._beta_fixed, W0=W0, maxit=max(maxiter, 100), tol=tol)
        if not np.isfinite(out.loglik):
            raise EstimationError(
                "the log-likelihood is not finite at the estimate (an event has zero "
                "intensity); check the events and the phases (a phase with events needs a "
                "positive baseline)")
        res = HawkesResults(self, out.mu, out.alpha, out.beta, out.theta, out.loglik,
                            converged=out.converged, n_iter=out.n_iter, message=out.message,
                            fitted=True, decay_at_bound=out.decay_at_bound)
        if warn:
            res._warn_problems(maxiter)
        return res

    def fit_jitter(self, n_jitter: int = 20, *, rng, width: float = 1.0,
                   maxiter: int = 200, n_jobs: int = 1, progress=None) -> HawkesJitterResults:
        """Fit ``n_jitter`` copies of the data with tied times jittered; pool them.

        For an :class:`~analysis.EventTimes` every event without a known time of day is
        placed uniformly within its day (:meth:`EventTimes.jitter`); events with a time
        from a source keep it. For plain arrays every event is moved by
        ``Uniform(-width/2, width/2)`` (kept inside ``[0, T]``), i.e. times are taken to
        be known to within ``width`` time units.

        Returns a :class:`HawkesJitterResults` (pooled estimates, spread, Rubin
        intervals, pooled bootstrap). ``rng``: a Generator or a seed (required).

        Every copy is drawn from ``rng`` first; the first copy is fitted, and the others
        (warm-started from it) on ``n_jobs`` processes (-1: every core) with a progress
        bar (``progress``; default on, except under pytest). The result is the same for
        any ``n_jobs``.
        """
        n_jitter = check_positive_int("n_jitter", n_jitter)
        if not (np.isfinite(width) and width > 0):
            raise SpecificationError(f"width must be positive, got {width!r}")
        rng = as_rng(rng)
        copies = [self._jittered_arrays(rng, width) for _ in range(n_jitter)]
        first = _fit_copy(self, maxiter, None, copies[0])
        fits = [first] + run_replicates(partial(_fit_copy, self, maxiter, first), copies[1:],
                                        n_jobs=n_jobs, progress=progress,
                                        desc="jittered fits")
        remaining_ties = max(f.model.n_tied() for f in fits)
        if remaining_ties:
            _warn(
                f"{remaining_ties} events share a time of day given by the sources (e.g. "
                "several strikes of one operation), so jittering keeps them tied. They are "
                "treated as one simultaneous batch: each responds to the earlier history "
                "only and they do not excite one another (their zero rescaled gaps also "
                "enter gof()). To treat them differently, edit their time_local or "
                "n_attacks before to_events()", TiesWarning)
        n_nc = sum(not f.converged for f in fits)
        if n_nc:
            _warn(f"{n_nc} of {n_jitter} jittered fits did not converge; raise "
                  "maxiter=... or fix the decay (decay=...)", ConvergenceWarning)
        n_bd = sum(bool(f.decay_at_bound.any()) for f in fits if f.decay_at_bound.size)
        if n_bd:
            lo, hi = self.decay_bounds
            _warn(
                f"in {n_bd} of {n_jitter} jittered fits an estimated decay sits on its bound "
                f"({lo:g}, {hi:g}): the time scale of excitation is not identified. Fix the "
                "decay (decay=...) or widen decay_bounds", ConvergenceWarning)
        ens = HawkesJitterResults(fits, self.n_tied(), model=self)
        if ens.spectral_radius >= 1:
            _warn(_explosive_message(ens.spectral_radius, "mean over jittered copies"),
                  ExplosiveWarning)
        return ens

    def _jittered_arrays(self, rng, width):
        T = self.end_time
        if self._exact is None:
            out = [np.sort(np.clip(a + rng.uniform(-width / 2, width / 2, a.size), 0.0, T))
                   for a in self._arrays]
            return out
        ev = EventTimes(dict(zip(self.sides, self._arrays)), self.origin, T,
                        dict(zip(self.sides, self._exact)))
        jit = ev.jitter(rng)
        return [np.array(jit[s]) for s in self.sides]

    def with_events(self, events) -> "Hawkes":
        """The same specification (kernel, decays, window, phases, decay bounds) on
        other event times: a list of sorted arrays in the order of ``sides``, or a
        mapping side -> times (days since the same origin). Used for refits of
        simulated data (bootstrap) and jittered copies."""
        if not isinstance(events, Mapping):
            events = dict(zip(self.sides, events))
        times = {s: np.asarray(events[s], dtype=float) for s in self.sides}
        if self.origin is not None and not pd.isna(self.origin):
            times = EventTimes(times, self.origin, self.end_time,
                               {s: np.ones(a.size, bool) for s, a in times.items()})
        return Hawkes(times, end_time=self.end_time, phases=self.phases, sides=self.sides,
                      **self._spec)

    def fix(self, baseline, branching=None, decay=None, **renamed) -> "HawkesResults":
        """Results at given parameters (no estimation): the same interface as a fit, for
        counterfactuals and simulation (``decay`` may be omitted if the model fixes it).
        Shapes as the attributes of :class:`HawkesResults` (``branching``: [D, D]
        target x source, or [D, D, U] per kernel component)."""
        if renamed:
            renamed_keyword(renamed, "Hawkes.fix", {"adjacency": "branching"})
        if branching is None:
            raise SpecificationError("Hawkes.fix needs branching= (target x source)")
        D, P = self.n_sides, self.n_phases
        mu = _to_array(baseline, None, "baseline")
        if mu.ndim == 1:
            mu = np.repeat(mu[:, None], P, axis=1)
        if mu.shape != (D, P):
            raise SpecificationError(f"baseline must have shape [{D}] or [{D}, {P}], got {mu.shape}")
        if decay is None:
            if self._beta_fixed is None:
                raise SpecificationError("the model estimates the decay: pass decay=...")
            beta = self._beta_fixed
        else:
            beta = _decay_array(decay, D, self.n_components if self.kernel == "sumexp" else 1,
                                self.kernel)
        U = beta.shape[2]
        alpha = _to_array(branching, None, "branching")
        if alpha.ndim == 2:
            alpha = alpha[:, :, None]
        if alpha.shape != (D, D, U):
            raise SpecificationError(f"branching must have shape [{D}, {D}] (or [{D}, {D}, {U}]), "
                                     f"got {alpha.shape}")
        theta = np.zeros(0)
        if self.estimate_decay:
            theta = np.array([beta[self._bmap == b][0] for b in range(self._n_b)])
            theta = np.log(theta)
        ll = self._loglik_arrays(mu, alpha, beta)
        return HawkesResults(self, mu, alpha, beta, theta, ll, converged=None, n_iter=0,
                             message="parameters fixed by the user", fitted=False)

    def _loglik_arrays(self, mu, alpha, beta) -> float:
        prep = self._prepared()
        return float(core.loglik_full(prep.t, prep.m, prep.ph_stream, prep.T, prep.seglen,
                                      np.ascontiguousarray(mu, dtype=float),
                                      np.ascontiguousarray(alpha, dtype=float),
                                      np.ascontiguousarray(beta, dtype=float), False)[0])

    def loglik(self, baseline, branching=None, decay=None, **renamed) -> float:
        """The exact log-likelihood at given parameters (O(N)); arguments as :meth:`fix`."""
        if renamed:
            renamed_keyword(renamed, "Hawkes.loglik", {"adjacency": "branching"})
        return self.fix(baseline, branching, decay).llf


def _fit_copy(model, maxiter, start, arrays):
    """Fit ``model``'s specification to one jittered copy of its events (quietly; the
    ensemble reports non-convergence once)."""
    m = model.with_events(arrays)
    m._jitter_copy = True
    return m._fit(maxiter=maxiter, start=start, warn=False)


# ---------------------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------------------
def simulate_hawkes(baseline, branching=None, decay=None, end_time=None, rng=None, *,
                    sides=None, phases=None, method: str = "branching", origin=None,
                    max_events: int = 10_000_000, **renamed) -> EventTimes:
    """Simulate a multivariate Hawkes process with exponential kernels on ``[0, T]``.

    Parameters
    ----------
    baseline : array [D] or [D, P] (or a Series/DataFrame)
        Events per unit time of each side (per phase with ``phases``).
    branching : array [D, D] or [D, D, U] (target x source)
        Kernel integrals ``alpha``: expected direct offspring on the target per source
        event.
    decay : number, [U], [D, D] or [D, D, U]
        Decay rates ``beta`` (kernel ``alpha beta exp(-beta s)``).
    end_time : float
    rng : numpy.random.Generator or seed
    sides : list of str, optional
        Names (default: the labels of a labelled ``branching``, else "0", "1", ...).
    phases : list of float, optional
        Times at which a new baseline phase begins (``P - 1`` of them).
    method : {"branching", "thinning"}
        Cluster representation (vectorised) or Ogata's thinning (numba); both exact.
    origin : date-like, optional
        Stored on the result so phase dates and plots can use calendar dates.
    max_events : int
        Guard against explosive parameters.

    Returns
    -------
    EventTimes
        Exact simulated times per side (``exact`` all True, so ``jitter`` keeps them).

    See Also
    --------
    analysis.Hawkes : Fit this process.
    """
    if method not in SIM_METHODS:
        raise SpecificationError(f"method must be one of {list(SIM_METHODS)}, got {method!r}")
    if renamed:
        renamed_keyword(renamed, "simulate_hawkes", {"adjacency": "branching"})
    if branching is None or decay is None or end_time is None:
        raise SpecificationError("simulate_hawkes needs baseline, branching, decay and "
                                 "end_time")
    if sides is None and isinstance(branching, pd.DataFrame):
        sides = [str(s) for s in branching.index]
    alpha = _to_array(branching, None, "branching")
    if alpha.ndim == 2:
        alpha = alpha[:, :, None]
    if alpha.ndim != 3 or alpha.shape[0] != alpha.shape[1]:
        raise SpecificationError(f"branching must be square [D, D] or [D, D, U], got {alpha.shape}")
    D, _, U = alpha.shape
    beta = _decay_array(decay, D, U, "sumexp" if np.ndim(decay) == 1 else "exp")
    if beta.shape != alpha.shape:
        raise SpecificationError(f"decay gives {beta.shape[2]} components but branching {U}")
    T = float(end_time)
    if not (np.isfinite(T) and T > 0):
        raise SpecificationError(f"end_time must be positive, got {end_time!r}")
    changes = np.sort(np.asarray([] if phases is None else phases, dtype=float))
    if changes.size and (changes.min() <= 0 or changes.max() >= T):
        raise SpecificationError("phase starts must lie strictly inside (0, end_time)")
    bounds = np.concatenate([[0.0], changes, [T]])
    P = bounds.size - 1
    mu = _to_array(baseline, None, "baseline")
    if mu.ndim == 1:
        mu = np.repeat(mu[:, None], P, axis=1)
    if mu.shape != (D, P):
        raise SpecificationError(f"baseline must have shape [{D}] or [{D}, {P}], got {mu.shape}")
    names = [str(i) for i in range(D)] if sides is None else [str(s) for s in sides]
    if len(names) != D:
        raise SpecificationError(f"sides has {len(names)} names for {D} sides")
    rho = _spectral_radius(alpha.sum(2))
    if rho >= 1:
        _warn(f"simulating an explosive process (spectral radius {rho:.3f} >= 1); "
              f"counts grow without bound (max_events={max_events} guards the run)",
              ExplosiveWarning)
    rng = as_rng(rng)
    t, s, over = hsim.simulate(rng, bounds, mu, alpha, beta, method, max_events)
    if over:
        raise EstimationError(f"the simulation exceeded max_events={max_events}: lower the "
                              "branching (spectral radius < 1) or the window")
    arrays = {names[i]: t[s == i] for i in range(D)}
    return EventTimes(arrays, origin, T, {k: np.ones(v.size, bool) for k, v in arrays.items()})
