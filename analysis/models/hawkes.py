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

import numpy as np
import pandas as pd
from scipy import stats

from ..data import EventTimes, phase_changes
from ..exceptions import (ConvergenceWarning, DataError, EstimationError,
                          ExplosiveWarning, SpecificationError, TiesWarning)
from ..reporting import Summary
from . import _hawkes_core as core
from . import _hawkes_fit as hf
from . import _hawkes_sim as hsim
from ._hawkes_infer import (HawkesBootstrap, HawkesCounterfactual, HawkesGoF,
                            HawkesJitterResults, bootstrap_draws, plot_branching_intervals,
                            plot_branching_matrix)

__all__ = ["Hawkes", "HawkesResults", "simulate_hawkes", "HawkesGoF", "HawkesBootstrap",
           "HawkesJitterResults", "HawkesCounterfactual", "plot_branching_intervals",
           "plot_branching_matrix"]

KERNELS = ("exp", "sumexp")
SIM_METHODS = ("branching", "thinning")


# ---------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------
def _as_event_arrays(events, sides=None):
    """(sides, list of float arrays, origin or None, exact flags or None)."""
    origin, exact = None, None
    if isinstance(events, EventTimes):
        origin = events.origin
        exact = [np.asarray(events.exact[k], bool) for k in events]
    if isinstance(events, Mapping):
        names = [str(k) for k in events]
        arrays = [events[k] for k in events]
    elif isinstance(events, np.ndarray) and events.ndim == 1:
        names, arrays = ["0"], [events]
    elif isinstance(events, (list, tuple)):
        if len(events) and np.ndim(events[0]) == 0:
            names, arrays = ["0"], [np.asarray(events)]
        else:
            names = [str(i) for i in range(len(events))]
            arrays = list(events)
    else:
        raise SpecificationError(
            "events must be a mapping side -> sorted times (as analysis.to_events gives), "
            f"a list of arrays or one array; got {type(events).__name__}")
    if sides is not None:
        if len(sides) != len(arrays):
            raise SpecificationError(f"sides has {len(sides)} names for {len(arrays)} "
                                     "event arrays")
        names = [str(s) for s in sides]
    if len(arrays) == 0:
        raise DataError("no sides: events is empty; pass at least one side's event times")
    if len(set(names)) != len(names):
        raise SpecificationError(f"side names must be distinct, got {names}")
    out = []
    for name, a in zip(names, arrays):
        try:
            a = np.asarray(a, dtype=float)
        except (TypeError, ValueError):
            raise DataError(f"the event times of side {name!r} are not numbers; pass "
                            "times in days since the origin (analysis.to_events)") from None
        if a.ndim != 1:
            raise DataError(f"the event times of side {name!r} must be one-dimensional, "
                            f"got shape {a.shape}")
        if a.size == 0:
            raise DataError(
                f"side {name!r} has no events in the window: its baseline and kernels "
                "cannot be estimated. Drop it (to_events(..., columns=[...]) or leave it "
                "out of the mapping) or widen the window")
        if not np.all(np.isfinite(a)):
            bad = int((~np.isfinite(a)).sum())
            raise DataError(f"side {name!r} has {bad} missing or infinite times (NaN/inf); "
                            "drop those events or give them a time")
        if a[0] < 0 or (a < 0).any():
            raise DataError(f"side {name!r} has negative times (first {a[a < 0][0]:g}); times "
                            "are measured from the origin, so choose an earlier origin "
                            "(to_events(..., origin=...)) or shift the times")
        if np.any(np.diff(a) < 0):
            k = int(np.argmax(np.diff(a) < 0))
            raise DataError(f"the times of side {name!r} are not sorted (position {k + 1}: "
                            f"{a[k]:g} then {a[k + 1]:g}); sort them first (np.sort)")
        out.append(a)
    return names, out, origin, exact


def _phase_changes(baseline, origin, T):
    """Phase boundaries [P + 1] within (0, T) and labels for the phases."""
    if isinstance(baseline, str):
        if baseline != "constant":
            raise SpecificationError(
                f"baseline must be 'constant' or the phases (a list of the dates on which a "
                f"new phase begins, or a phase table with a 'start' column); got {baseline!r}")
        return np.array([0.0, T]), ["constant"]
    if not isinstance(baseline, pd.DataFrame) and not hasattr(baseline, "__iter__"):
        raise SpecificationError(
            "baseline must be 'constant', a list of phase start dates (or times) or a "
            f"phase table; got {type(baseline).__name__}")
    changes = phase_changes(baseline)
    if len(changes) == 0:
        return np.array([0.0, T]), ["constant"]
    numeric = all(isinstance(c, (int, float, np.integer, np.floating)) and not isinstance(c, bool)
                  for c in changes)
    if numeric:
        times = np.asarray(changes, dtype=float)
    else:
        if origin is None or pd.isna(origin):
            raise SpecificationError(
                "phase dates need the events' origin: pass an EventTimes from to_events(), "
                "or give the phase starts as times in days since the origin")
        try:
            d = pd.to_datetime(pd.Series(changes))
        except (ValueError, TypeError):
            raise SpecificationError(f"cannot read the phase starts {changes!r} as dates") from None
        times = ((d - origin) / pd.Timedelta(days=1)).to_numpy(dtype=float)
    if not np.all(np.isfinite(times)):
        raise SpecificationError("phase starts must be finite dates or times")
    times = np.unique(times[(times > 0) & (times < T)])
    bounds = np.concatenate([[0.0], times, [T]])
    labels = []
    for a in bounds[:-1]:
        if origin is not None and not pd.isna(origin):
            labels.append("from " + (origin + pd.Timedelta(days=float(a))).strftime("%Y-%m-%d"))
        else:
            labels.append(f"from t={a:g}")
    return bounds, labels


def _decay_array(decay, D, U, kernel):
    """A fixed decay specification -> [D, D, U] array."""
    if isinstance(decay, pd.DataFrame):
        decay = decay.to_numpy()
    try:
        b = np.asarray(decay, dtype=float)
    except (TypeError, ValueError):
        raise SpecificationError(f"decay must be None (estimate it) or positive numbers, "
                                 f"got {decay!r}") from None
    if b.ndim == 0:
        out = np.full((D, D, U), float(b))
    elif b.ndim == 1 and kernel == "sumexp":
        out = np.broadcast_to(b, (D, D, b.size)).copy()
    elif b.ndim == 2 and b.shape == (D, D) and kernel == "exp":
        out = b[:, :, None].copy()
    elif b.ndim == 3 and b.shape[:2] == (D, D):
        out = b.copy()
    else:
        raise SpecificationError(
            f"decay has shape {b.shape}; allowed: a number, [n_components] (kernel='sumexp'), "
            f"[{D}, {D}] (kernel='exp', target x source) or [{D}, {D}, n_components]")
    if not np.all(np.isfinite(out)) or np.any(out <= 0):
        raise SpecificationError("decays must be positive and finite (in 1/time units, e.g. "
                                 "per day)")
    return out


def _to_array(x, shape_hint, name):
    if isinstance(x, (pd.DataFrame, pd.Series)):
        x = x.to_numpy()
    try:
        a = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise SpecificationError(f"{name} must be numbers, got {x!r}") from None
    if not np.all(np.isfinite(a)) or np.any(a < 0):
        raise SpecificationError(f"{name} must be non-negative and finite")
    return a


def _spectral_radius(M) -> float:
    return float(np.max(np.abs(np.linalg.eigvals(np.asarray(M, dtype=float))))) if np.size(M) else 0.0


# ---------------------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------------------
class Hawkes:
    r"""Multivariate Hawkes process with exponential kernels, by maximum likelihood.

    The model
    ---------
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
      by one side-*j* event through component *u*: ``adjacency``, a DataFrame [D, D]
      (rows target *i*, columns source *j*); for ``kernel="sumexp"`` [D, D x U] with
      columns ``(source, component)``.
    * :math:`\beta_{iju}`, the decay rate (per day; the mean delay is
      :math:`1/\beta`): ``decay``, the same shape as ``adjacency``.
    * :math:`\int_0^\infty \phi_{ij} = \sum_u \alpha_{iju}`, the branching ratio
      *j* -> *i*: ``branching_matrix``, a DataFrame [D, D].
    * :math:`\rho`, the spectral radius of the branching matrix:
      ``spectral_radius``; the process is stationary if and only if :math:`\rho < 1`.

    Rows are the *target* (the side that responds), columns the *source*:
    ``branching_matrix.loc["us", "militia"]`` is the expected number of US strikes
    directly triggered by one militia attack (tick's convention too).

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

    Ties
    ----
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

    Inference
    ---------
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
    >>> model = analysis.Hawkes(ev, baseline=["2023-10-17", "2024-02-05"])
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
                 baseline="constant", *, n_components: int | None = None,
                 decay_structure: str = "shared", decay_bounds=None, sides=None):
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
        self.phase_bounds, self.phase_labels = _phase_changes(baseline, origin, T)
        self.baseline_spec = baseline
        self._prep = None
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
            warnings.warn(
                f"{n_tied} of {self.nobs} events share their time with another event "
                "(day-precision dates?). A Hawkes process has no simultaneous events; in "
                "this fit tied events do not excite one another, which drops same-day "
                "responses and distorts the decay. Use Hawkes.fit_jitter(n_jitter=20, "
                "rng=...) (uniform within-day jitter, pooled estimates and their spread), "
                "and compare with a daily count model (analysis.CountHawkes)",
                TiesWarning, stacklevel=2)
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
                   maxiter: int = 200) -> HawkesJitterResults:
        """Fit ``n_jitter`` copies of the data with tied times jittered; pool them.

        For an :class:`~analysis.EventTimes` every event without a known time of day is
        placed uniformly within its day (:meth:`EventTimes.jitter`); events with a time
        from a source keep it. For plain arrays every event is moved by
        ``Uniform(-width/2, width/2)`` (kept inside ``[0, T]``), i.e. times are taken to
        be known to within ``width`` time units.

        Returns a :class:`HawkesJitterResults` (pooled estimates, spread, Rubin
        intervals, pooled bootstrap). ``rng``: a Generator or a seed.
        """
        if int(n_jitter) != n_jitter or n_jitter < 1:
            raise SpecificationError(f"n_jitter must be a positive integer, got {n_jitter!r}")
        if not (np.isfinite(width) and width > 0):
            raise SpecificationError(f"width must be positive, got {width!r}")
        rng = np.random.default_rng(rng)
        fits = []
        remaining_ties = 0
        for _ in range(int(n_jitter)):
            m = self._with_events(self._jittered_arrays(rng, width))
            m._jitter_copy = True
            remaining_ties = max(remaining_ties, m.n_tied())
            fits.append(m._fit(maxiter=maxiter, start=fits[0] if fits else None, warn=False))
        if remaining_ties:
            warnings.warn(
                f"{remaining_ties} events share a time of day given by the sources (e.g. "
                "several strikes of one operation), so jittering keeps them tied. They are "
                "treated as one simultaneous batch: each responds to the earlier history "
                "only and they do not excite one another (their zero rescaled gaps also "
                "enter gof()). To treat them differently, edit their time_local or "
                "n_attacks before to_events()", TiesWarning, stacklevel=2)
        n_nc = sum(not f.converged for f in fits)
        if n_nc:
            warnings.warn(f"{n_nc} of {n_jitter} jittered fits did not converge; raise "
                          "maxiter=... or fix the decay (decay=...)", ConvergenceWarning,
                          stacklevel=2)
        n_bd = sum(bool(f.decay_at_bound.any()) for f in fits if f.decay_at_bound.size)
        if n_bd:
            lo, hi = self.decay_bounds
            warnings.warn(
                f"in {n_bd} of {n_jitter} jittered fits an estimated decay sits on its bound "
                f"({lo:g}, {hi:g}): the time scale of excitation is not identified. Fix the "
                "decay (decay=...) or widen decay_bounds", ConvergenceWarning, stacklevel=2)
        ens = HawkesJitterResults(fits, self.n_tied())
        if ens.spectral_radius >= 1:
            warnings.warn(_explosive_message(ens.spectral_radius, "mean over jittered copies"),
                          ExplosiveWarning, stacklevel=2)
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

    def _with_events(self, arrays) -> "Hawkes":
        """The same specification on other event times (same window and phases)."""
        m = object.__new__(Hawkes)
        m.__dict__.update(self.__dict__)
        m._arrays = [np.asarray(a, dtype=float) for a in arrays]
        m.events = dict(zip(self.sides, m._arrays))
        m._exact = None
        m._prep = None
        m._jitter_copy = False
        return m

    def fix(self, baseline, adjacency, decay=None) -> "HawkesResults":
        """Results at given parameters (no estimation): the same interface as a fit, for
        counterfactuals and simulation (``decay`` may be omitted if the model fixes it).
        Shapes as the attributes of :class:`HawkesResults`."""
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
        alpha = _to_array(adjacency, None, "adjacency")
        if alpha.ndim == 2:
            alpha = alpha[:, :, None]
        if alpha.shape != (D, D, U):
            raise SpecificationError(f"adjacency must have shape [{D}, {D}] (or [{D}, {D}, {U}]), "
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

    def loglik(self, baseline, adjacency, decay=None) -> float:
        """The exact log-likelihood at given parameters (O(N))."""
        r = self.fix(baseline, adjacency, decay)
        return r.loglik


def _explosive_message(rho, what="fit"):
    return (f"the fitted process is explosive: spectral radius {rho:.3f} >= 1 ({what}). "
            "Excitation alone would make activity grow without bound, which usually means a "
            "change in the background rate is being read as excitation. Fit a phase baseline "
            "(baseline=<phase start dates>, e.g. from detect_phases), a shorter window, or fix "
            "a slower decay; simulations and counterfactuals of this fit are not meaningful")


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------
class HawkesResults:
    """A fitted (or fixed) Hawkes process. Made by :meth:`Hawkes.fit` / :meth:`Hawkes.fix`.

    Attributes
    ----------
    baseline : Series [D] (constant) or DataFrame [D, P] (phases)
    adjacency : DataFrame [D, D] (target x source); for ``sumexp`` columns are
        ``(source, component)``
    decay : DataFrame, same shape as ``adjacency`` (per day)
    branching_matrix : DataFrame [D, D]
        Kernel integrals ``int phi_ij`` (= adjacency summed over components).
    spectral_radius : float
    loglik (alias llf), aic, bic : float
    params : Series
        Every estimated parameter, labelled (``baseline[side]``,
        ``adjacency[target<-source]``, ``decay...``).
    bse : Series
        Hessian (observed information) standard errors; NaN for parameters on their
        bound (an adjacency of exactly 0) and unidentified decays: use
        :meth:`bootstrap` there.
    converged : bool (None for fixed parameters); n_iter; message
    """

    def __init__(self, model: Hawkes, mu, alpha, beta, theta, loglik, *, converged, n_iter,
                 message, fitted, decay_at_bound=None):
        self.model = model
        self.sides = list(model.sides)
        self._mu = np.asarray(mu, dtype=float)
        self._alpha = np.asarray(alpha, dtype=float)
        self._beta = np.asarray(beta, dtype=float)
        self._theta = np.asarray(theta, dtype=float)
        self.loglik = float(loglik)
        self.converged = converged
        self.n_iter = n_iter
        self.message = message
        self.fitted = fitted
        self.decay_at_bound = (np.zeros(0, bool) if decay_at_bound is None
                               else np.asarray(decay_at_bound, bool))
        self.end_time = model.end_time
        self.nobs = model.nobs
        self._cov = None
        self._cov_note = None
        self._gof = None

    # -- labelled parameters -----------------------------------------------------------
    @property
    def kernel(self):
        return self.model.kernel

    def _kernel_label(self) -> str:
        k = "exponential" if self.kernel == "exp" else f"sum of {self._beta.shape[2]} exponentials"
        d = (f"decay estimated ({self.model.decay_structure})" if self.model.estimate_decay
             else "decay fixed")
        return f"{k}, {d}"

    def _kernel_frame(self, arr3) -> pd.DataFrame:
        D, _, U = arr3.shape
        idx = pd.Index(self.sides, name="target")
        if U == 1:
            return pd.DataFrame(arr3[:, :, 0], index=idx,
                                columns=pd.Index(self.sides, name="source"))
        cols = pd.MultiIndex.from_product([self.sides, range(U)], names=["source", "component"])
        return pd.DataFrame(arr3.reshape(D, D * U), index=idx, columns=cols)

    @property
    def baseline(self):
        if self.model.n_phases == 1:
            return pd.Series(self._mu[:, 0], index=pd.Index(self.sides, name="side"),
                             name="baseline")
        return pd.DataFrame(self._mu, index=pd.Index(self.sides, name="side"),
                            columns=pd.Index(self.model.phase_labels, name="phase"))

    @property
    def adjacency(self) -> pd.DataFrame:
        return self._kernel_frame(self._alpha)

    @property
    def decay(self) -> pd.DataFrame:
        return self._kernel_frame(self._beta)

    @property
    def branching_matrix(self) -> pd.DataFrame:
        return pd.DataFrame(self._alpha.sum(axis=2), index=pd.Index(self.sides, name="target"),
                            columns=pd.Index(self.sides, name="source"))

    @property
    def spectral_radius(self) -> float:
        return _spectral_radius(self._alpha.sum(axis=2))

    @property
    def llf(self) -> float:
        return self.loglik

    def _param_names(self):
        D, P, U = self.model.n_sides, self.model.n_phases, self._beta.shape[2]
        s = self.sides
        names = []
        for i in range(D):
            for p in range(P):
                names.append(f"baseline[{s[i]}]" if P == 1
                             else f"baseline[{s[i]}, {self.model.phase_labels[p]}]")
        for i in range(D):
            for j in range(D):
                for u in range(U):
                    names.append(f"adjacency[{s[i]}<-{s[j]}]" if U == 1
                                 else f"adjacency[{s[i]}<-{s[j]}, {u}]")
        if self.model.estimate_decay:
            st = self.model.decay_structure
            for b in range(self.model._n_b):
                if st == "shared":
                    names.append("decay" if U == 1 else f"decay[{b}]")
                elif st == "by_source":
                    j, u = divmod(b, U)
                    names.append(f"decay[<-{s[j]}]" if U == 1 else f"decay[<-{s[j]}, {u}]")
                else:
                    ij, u = divmod(b, U)
                    i, j = divmod(ij, D)
                    names.append(f"decay[{s[i]}<-{s[j]}]" if U == 1
                                 else f"decay[{s[i]}<-{s[j]}, {u}]")
        return names

    @property
    def params(self) -> pd.Series:
        vals = [self._mu.ravel(), self._alpha.ravel()]
        if self.model.estimate_decay:
            vals.append(np.exp(self._theta))
        return pd.Series(np.concatenate(vals), index=self._param_names(), name="estimate")

    @property
    def n_params(self) -> int:
        return int(self.params.size)

    @property
    def aic(self) -> float:
        return -2 * self.loglik + 2 * self.n_params

    @property
    def bic(self) -> float:
        return -2 * self.loglik + np.log(self.nobs) * self.n_params

    # -- standard errors ---------------------------------------------------------------
    def _free_mask(self):
        free_mu = (self._mu > 0).ravel()
        free_a = (self._alpha > 1e-10).ravel()
        parts = [free_mu, free_a]
        if self.model.estimate_decay:
            used = np.zeros(self.model._n_b, bool)
            np.logical_or.at(used, self.model._bmap.ravel(), (self._alpha > 1e-10).ravel())
            ok = used.copy()
            if self.decay_at_bound.size:
                ok &= ~self.decay_at_bound
            parts.append(ok)
        return np.concatenate(parts)

    def cov_params(self) -> pd.DataFrame:
        """Inverse observed information over the parameters not on a bound (others NaN)."""
        if not self.fitted:
            raise SpecificationError("standard errors need fitted results, not fixed parameters")
        if self._cov is None:
            m = self.model
            # observed information in (baselines, adjacency, decays themselves)
            H, _, _ = hf.hessian(m._prepared(), self._mu, self._alpha, self._beta, m._bmap,
                                 m._n_b, m.estimate_decay)
            free = self._free_mask()
            n = free.size
            cov = np.full((n, n), np.nan)
            Hf = -H[np.ix_(free, free)]
            try:
                L = np.linalg.cholesky(Hf)
                inv = np.linalg.inv(L)
                cov[np.ix_(free, free)] = inv.T @ inv
                note = None
            except np.linalg.LinAlgError:
                note = ("the observed information is not positive definite at the estimate "
                        "(a flat or saddle direction); Hessian standard errors are unavailable, "
                        "use bootstrap()")
            if (~free).any():
                bound = [nm for nm, f in zip(self._param_names(), free) if not f]
                extra = (f"{len(bound)} parameter(s) on their bound or unidentified "
                         f"({', '.join(bound[:4])}{' ...' if len(bound) > 4 else ''}) have no "
                         "Hessian standard error (NaN); use bootstrap() for their intervals")
                note = extra if note is None else note + "; " + extra
            self._cov = cov
            self._cov_note = note
        names = self._param_names()
        return pd.DataFrame(self._cov, index=names, columns=names)

    @property
    def bse(self) -> pd.Series:
        cov = self.cov_params()
        return pd.Series(np.sqrt(np.diag(cov.to_numpy())), index=cov.index, name="se")

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Wald intervals ``estimate +- z se`` from the Hessian, with the lower bound
        truncated at 0 (every parameter is non-negative). Parameters on their bound get
        NaN. With a few hundred events, or estimates near 0, the parametric bootstrap
        (:meth:`bootstrap`) is the better interval."""
        if not 0 < alpha < 1:
            raise SpecificationError(f"alpha must be in (0, 1), got {alpha!r}")
        est = self.params
        se = self.bse
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({"lower": np.maximum(est - z * se, 0.0), "upper": est + z * se})

    # -- warnings ----------------------------------------------------------------------
    def _warn_problems(self, maxiter):
        if not self.converged:
            warnings.warn(
                f"the Hawkes optimiser did not converge ({self.message}). Raise "
                f"fit(maxiter=...) (now {maxiter}), fix the decay (Hawkes(..., decay=...)), "
                "or use decay_structure='shared'", ConvergenceWarning, stacklevel=3)
        if self.decay_at_bound.size and self.decay_at_bound.any():
            lo, hi = self.model.decay_bounds
            vals = np.exp(self._theta[self.decay_at_bound])
            warnings.warn(
                f"estimated decay(s) {np.round(vals, 6).tolist()} sit on their bound "
                f"({lo:g}, {hi:g}): the data do not pin down the time scale of excitation. "
                "Fix the decay (decay=...) or widen decay_bounds=...; with day-precision "
                "data a very fast decay is usually an artefact of tied times",
                ConvergenceWarning, stacklevel=3)
        rho = self.spectral_radius
        if rho >= 1:
            warnings.warn(_explosive_message(rho), ExplosiveWarning, stacklevel=3)

    # -- intensities, kernels, compensator ---------------------------------------------
    def intensity(self, times) -> pd.DataFrame:
        """Conditional intensities ``lambda_i(s)`` (events per day, given the history
        strictly before ``s``) at the given times; one column per side."""
        s = np.asarray(times, dtype=float)
        order = np.argsort(s, kind="stable")
        prep = self.model._prepared()
        vals = core.intensity_on_grid(prep.t, prep.m, s[order], prep.bounds, self._mu,
                                      self._alpha, self._beta)
        out = np.empty_like(vals)
        out[order] = vals
        return pd.DataFrame(out, index=pd.Index(s, name="time"),
                            columns=pd.Index(self.sides, name="side"))

    def kernel_values(self, lags) -> pd.DataFrame:
        """``phi_ij(s)`` at the given lags; columns ``(target, source)``."""
        s = np.asarray(lags, dtype=float)[:, None]
        cols, vals = [], []
        for i, tgt in enumerate(self.sides):
            for j, src in enumerate(self.sides):
                v = (self._alpha[i, j] * self._beta[i, j] * np.exp(-self._beta[i, j] * s)).sum(1)
                cols.append((tgt, src))
                vals.append(v)
        return pd.DataFrame(np.column_stack(vals), index=pd.Index(s[:, 0], name="lag"),
                            columns=pd.MultiIndex.from_tuples(cols, names=["target", "source"]))

    def compensator_residuals(self) -> dict:
        """Rescaled inter-event times ``Lambda_i(t_k) - Lambda_i(t_{k-1})`` per side."""
        prep = self.model._prepared()
        lam = core.compensator_at_events(prep.t, prep.m, prep.bounds, self._mu, self._alpha,
                                         self._beta)
        out = {}
        for i, side in enumerate(self.sides):
            c = lam[prep.m == i]
            out[side] = np.diff(np.concatenate([[0.0], c]))
        return out

    def gof(self) -> HawkesGoF:
        """Time-rescaling goodness of fit per side (KS test, QQ plot); see
        :class:`HawkesGoF`. Warns TiesWarning on tied times (zero rescaled gaps)."""
        if self.model.n_tied():
            warnings.warn(
                f"{self.model.n_tied()} tied event times give zero rescaled inter-event "
                "times, which the KS test counts against the model; test the fits of "
                "Hawkes.fit_jitter(...) instead (HawkesJitterResults.gof())", TiesWarning,
                stacklevel=2)
        return self._gof_quiet()

    def _gof_quiet(self) -> HawkesGoF:
        if self._gof is None:
            self._gof = HawkesGoF.from_residuals(self.compensator_residuals(),
                                                 {s: self._color(s) for s in self.sides})
        return self._gof

    # -- simulation, bootstrap, counterfactuals ----------------------------------------
    def _simulate_arrays(self, rng, max_events=10_000_000, method="branching"):
        t, s, over = hsim.simulate(rng, self.model.phase_bounds, self._mu, self._alpha,
                                   self._beta, method, max_events)
        if over:
            return None
        return [t[s == i] for i in range(self.model.n_sides)]

    def simulate(self, rng, *, method: str = "branching",
                 max_events: int = 10_000_000) -> EventTimes:
        """One realisation of the fitted process on the same window and phases, as an
        :class:`~analysis.EventTimes` with the model's origin (times exact)."""
        if method not in SIM_METHODS:
            raise SpecificationError(f"method must be one of {list(SIM_METHODS)}, got {method!r}")
        rng = np.random.default_rng(rng)
        arr = self._simulate_arrays(rng, max_events, method)
        if arr is None:
            raise EstimationError(f"the simulation exceeded max_events={max_events}; the "
                                  "process is explosive or the window very long")
        return EventTimes(dict(zip(self.sides, arr)), self.model.origin, self.end_time,
                          {s: np.ones(a.size, bool) for s, a in zip(self.sides, arr)})

    def _refit(self, arrays) -> "HawkesResults":
        m = self.model._with_events(arrays)
        return m._fit(start=self, warn=False)

    def bootstrap(self, n_boot: int = 200, *, rng,
                  max_events: int | None = None) -> HawkesBootstrap:
        """Parametric bootstrap: simulate the fitted process ``n_boot`` times (same
        window and phases), refit each with the same specification (decays estimated if
        they were), and keep the estimates. Intervals via
        :meth:`HawkesBootstrap.branching_conf_int` etc. ``rng``: Generator or seed.
        A simulated data set with more than ``max_events`` events (default 50 times the
        observed number) or a side without events counts as a failed replicate."""
        if int(n_boot) != n_boot or n_boot < 2:
            raise SpecificationError(f"n_boot must be an integer >= 2, got {n_boot!r}")
        if self.spectral_radius >= 1:
            raise EstimationError(_explosive_message(self.spectral_radius) +
                                  " (cannot bootstrap an explosive fit)")
        if max_events is None:
            max_events = 50 * self.nobs + 10_000
        rows, br, rho, failed, nc = bootstrap_draws([self], int(n_boot), rng, max_events)
        if not rows:
            raise EstimationError("every bootstrap replicate failed (sides without events in "
                                  "the simulated data?); the window may be too short")
        return HawkesBootstrap(pd.DataFrame(rows, columns=self._param_names()), np.stack(br),
                               np.array(rho), self.params, self.branching_matrix,
                               self.spectral_radius, int(n_boot), failed, nc)

    def expected_counts(self, times) -> pd.DataFrame:
        """Expected cumulative events ``E N_i(s)`` of the process from an empty history
        at time 0, at the given times (exact, via the mean-intensity ODE)."""
        s = np.asarray(times, dtype=float)
        vals = hsim.expected_counts(self.model.phase_bounds, self._mu, self._alpha,
                                    self._beta, s)
        return pd.DataFrame(vals, index=pd.Index(s, name="time"),
                            columns=pd.Index(self.sides, name="side"))

    def counterfactual(self, *, source=None, target=None, adjacency=None, n_sim: int = 0,
                       rng=None, n_points: int = 200) -> HawkesCounterfactual:
        """The fitted process with some excitation switched off, compared with the fit.

        Give ``source`` and ``target`` (side names; lists allowed) to set
        ``adjacency[target, source]`` to 0, e.g. ``source="militia", target="us"``: US
        strikes no longer respond to militia attacks. Or pass a full replacement
        ``adjacency``. Baselines and decays stay as fitted. The table holds exact expected
        counts over the window for both processes; ``n_sim > 0`` adds 5-95% quantiles of
        simulated counts (needs ``rng``).
        """
        if adjacency is not None:
            if source is not None or target is not None:
                raise SpecificationError("give either adjacency or source/target, not both")
            new = _to_array(adjacency, None, "adjacency")
            if new.ndim == 2:
                new = new[:, :, None]
            if new.shape != self._alpha.shape:
                raise SpecificationError(f"adjacency must have shape {self._alpha.shape[:2]}")
            desc = "adjacency replaced"
        else:
            if source is None or target is None:
                raise SpecificationError("give source= and target= (sides), or adjacency=")
            srcs = [source] if isinstance(source, str) else list(source)
            tgts = [target] if isinstance(target, str) else list(target)
            for x in srcs + tgts:
                if x not in self.sides:
                    raise SpecificationError(f"unknown side {x!r}; sides are {self.sides}")
            new = self._alpha.copy()
            for sname in srcs:
                for tname in tgts:
                    new[self.sides.index(tname), self.sides.index(sname)] = 0.0
            desc = (f"excitation of {', '.join(tgts)} by {', '.join(srcs)} switched off")
        cf = HawkesResults(self.model, self._mu, new, self._beta, self._theta,
                           self.model._loglik_arrays(self._mu, new, self._beta),
                           converged=None, n_iter=0, message=desc, fitted=False)
        T = self.end_time
        grid = np.linspace(0.0, T, int(n_points))
        e_fit = self.expected_counts(grid)
        e_cf = cf.expected_counts(grid)
        obs = np.array([a.size for a in self.model._arrays], float)
        tab = pd.DataFrame({"observed": obs, "expected_fitted": e_fit.iloc[-1].to_numpy(),
                            "expected_counterfactual": e_cf.iloc[-1].to_numpy()},
                           index=pd.Index(self.sides, name="side"))
        tab["difference"] = tab["expected_counterfactual"] - tab["expected_fitted"]
        tab["percent_change"] = 100 * tab["difference"] / tab["expected_fitted"]
        if n_sim:
            if rng is None:
                raise SpecificationError("n_sim > 0 needs rng= (a Generator or a seed)")
            g = np.random.default_rng(rng)
            for name, res in (("fitted", self), ("counterfactual", cf)):
                counts = []
                for _ in range(int(n_sim)):
                    arr = res._simulate_arrays(g)
                    if arr is not None:
                        counts.append([a.size for a in arr])
                c = np.array(counts, float)
                tab[f"{name}_q05"] = np.quantile(c, 0.05, axis=0)
                tab[f"{name}_q95"] = np.quantile(c, 0.95, axis=0)
        index = self._time_index(grid)
        curves = pd.concat({"fitted": e_fit.set_axis(index), "counterfactual": e_cf.set_axis(index)},
                           axis=1)
        return HawkesCounterfactual(self, cf, tab, curves, desc)

    # -- presentation ------------------------------------------------------------------
    def _color(self, side):
        from ..plotting import side_color
        return side_color(side, self.sides)

    def _time_index(self, t):
        o = self.model.origin
        if o is not None and not pd.isna(o):
            return pd.DatetimeIndex(o + pd.to_timedelta(np.asarray(t) * 86400.0, unit="s"),
                                    name="date")
        return pd.Index(np.asarray(t), name="time")

    def summary(self, alpha: float = 0.05, bootstrap: HawkesBootstrap | None = None) -> Summary:
        """Estimates, standard errors, intervals, the branching matrix and the fit.

        With ``bootstrap`` (from :meth:`bootstrap`) the branching matrix gets bootstrap
        intervals."""
        m = self.model
        info = [("sides", ", ".join(self.sides)),
                ("events", ", ".join(f"{s}: {a.size}" for s, a in zip(self.sides, m._arrays))),
                ("window (days)", f"0 - {self.end_time:g}"),
                ("kernel", self._kernel_label()),
                ("baseline", "constant" if m.n_phases == 1 else f"{m.n_phases} phases"),
                ("tied events", m.n_tied()),
                ("log-likelihood", self.loglik), ("AIC", self.aic), ("BIC", self.bic),
                ("spectral radius", self.spectral_radius),
                ("converged", "fixed parameters" if self.converged is None else self.converged)]
        if m.origin is not None and not pd.isna(m.origin):
            info.insert(3, ("origin", m.origin.strftime("%Y-%m-%d")))
        tables, notes = [], []
        par = self.params.to_frame()
        if self.fitted:
            par["se"] = self.bse
            ci = self.conf_int(alpha)
            par["lower"] = ci["lower"]
            par["upper"] = ci["upper"]
            if self._cov_note:
                notes.append(self._cov_note)
        tables.append((f"Parameters ({100 * (1 - alpha):g}% Wald intervals)", par))
        if bootstrap is not None:
            tables.append((f"Branching matrix (target <- source), {100 * (1 - alpha):g}% "
                           "bootstrap intervals", bootstrap.branching_conf_int(alpha)))
        else:
            tables.append(("Branching matrix (target <- source)", self.branching_matrix))
        notes.append("adjacency[i<-j] is the expected number of side-i events directly "
                     "triggered by one side-j event; decays are per day (mean delay 1/decay).")
        if m.n_tied() and m._jitter_copy:
            notes.append(f"{m.n_tied()} events of this jittered copy share a time given by "
                         "the sources (simultaneous batches; they do not excite one another).")
        elif m.n_tied():
            notes.append(f"{m.n_tied()} events have tied times: prefer Hawkes.fit_jitter().")
        if self.spectral_radius >= 1:
            notes.append("explosive fit (spectral radius >= 1): see the ExplosiveWarning.")
        return Summary("Hawkes process, maximum likelihood", info, tables, notes)

    def __repr__(self):
        return (f"<HawkesResults: {', '.join(self.sides)}; loglik {self.loglik:.3f}; "
                f"spectral radius {self.spectral_radius:.3f}>")

    def plot_intensity(self, ax=None, sides=None, n_points: int = 2000, events: bool = True):
        """Fitted intensities over the window (events per day), one line per side, with
        the events as ticks. Returns the Axes."""
        from ._hawkes_infer import _ax
        ax = _ax(ax, "wide")
        sides = self.sides if sides is None else list(sides)
        grid = np.linspace(0.0, self.end_time, int(n_points))
        prep = self.model._prepared()
        grid = np.unique(np.concatenate([grid, prep.t, np.nextafter(prep.t, np.inf)]))
        grid = grid[grid <= self.end_time]
        lam = self.intensity(grid)
        x = self._time_index(grid)
        top = float(lam[sides].to_numpy().max())
        for k, side in enumerate(sides):
            c = self._color(side)
            ax.plot(x, lam[side].to_numpy(), color=c, lw=0.8, label=side)
            if events:
                i = self.sides.index(side)
                ev = self._time_index(self.model._arrays[i])
                y = -top * (0.04 + 0.05 * k)
                ax.plot(ev, np.full(len(ev), y), "|", color=c, ms=4, mew=0.6)
        ax.set_ylabel("intensity (events per day)")
        ax.legend(frameon=False, fontsize=7)
        return ax

    def plot_kernels(self, ax=None, max_lag: float | None = None, n_points: int = 300):
        """The kernels ``phi_ij(s)`` against the lag, one line per (source -> target)."""
        from ._hawkes_infer import _ax, plot_kernel_lines
        ax = _ax(ax)
        if max_lag is None:
            max_lag = float(min(5.0 / self._beta.min(), self.end_time))
        lags = np.linspace(0.0, max_lag, int(n_points))
        return plot_kernel_lines(ax, lags, self.kernel_values(lags), self._color, self.sides)

    def plot_branching(self, ax=None, bootstrap: HawkesBootstrap | None = None,
                       alpha: float = 0.05, cmap: str = "Reds"):
        """The branching matrix as a heat map (rows: target, columns: source), each cell
        annotated with the estimate and, with ``bootstrap``, its interval."""
        ci = bootstrap.branching_conf_int(alpha) if bootstrap is not None else None
        return plot_branching_matrix(self.branching_matrix, ci, ax=ax, cmap=cmap)

    def plot_qq(self, ax=None):
        """QQ plot of the rescaled inter-event times per side (see :meth:`gof`)."""
        return self.gof().plot_qq(ax)


# ---------------------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------------------
def simulate_hawkes(baseline, adjacency, decay, end_time, rng, *, sides=None, phases=None,
                    method: str = "branching", origin=None,
                    max_events: int = 10_000_000) -> EventTimes:
    """Simulate a multivariate Hawkes process with exponential kernels on ``[0, T]``.

    Parameters
    ----------
    baseline : array [D] or [D, P] (or a Series/DataFrame)
        Events per unit time of each side (per phase with ``phases``).
    adjacency : array [D, D] or [D, D, U] (target x source)
        Kernel integrals ``alpha``: expected direct offspring on the target per source
        event.
    decay : number, [U], [D, D] or [D, D, U]
        Decay rates ``beta`` (kernel ``alpha beta exp(-beta s)``).
    end_time : float
    rng : numpy.random.Generator or seed
    sides : list of str, optional
        Names (default: the labels of a labelled ``adjacency``, else "0", "1", ...).
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
    """
    if method not in SIM_METHODS:
        raise SpecificationError(f"method must be one of {list(SIM_METHODS)}, got {method!r}")
    if sides is None and isinstance(adjacency, pd.DataFrame):
        sides = [str(s) for s in adjacency.index]
    alpha = _to_array(adjacency, None, "adjacency")
    if alpha.ndim == 2:
        alpha = alpha[:, :, None]
    if alpha.ndim != 3 or alpha.shape[0] != alpha.shape[1]:
        raise SpecificationError(f"adjacency must be square [D, D] or [D, D, U], got {alpha.shape}")
    D, _, U = alpha.shape
    beta = _decay_array(decay, D, U, "sumexp" if np.ndim(decay) == 1 else "exp")
    if beta.shape != alpha.shape:
        raise SpecificationError(f"decay gives {beta.shape[2]} components but adjacency {U}")
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
        warnings.warn(f"simulating an explosive process (spectral radius {rho:.3f} >= 1); "
                      f"counts grow without bound (max_events={max_events} guards the run)",
                      ExplosiveWarning, stacklevel=2)
    rng = np.random.default_rng(rng)
    t, s, over = hsim.simulate(rng, bounds, mu, alpha, beta, method, max_events)
    if over:
        raise EstimationError(f"the simulation exceeded max_events={max_events}: lower the "
                              "adjacency (spectral radius < 1) or the window")
    arrays = {names[i]: t[s == i] for i in range(D)}
    return EventTimes(arrays, origin, T, {k: np.ones(v.size, bool) for k, v in arrays.items()})
