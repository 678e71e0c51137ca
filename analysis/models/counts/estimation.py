"""Estimation engines of the count regressions, one per family, in a common interface:
statsmodels GLM/NB fits, the NB dispersion at its boundary, the zero-truncated part
of the hurdle model.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import optimize, special

from ...exceptions import warn as _warn, ConvergenceWarning, DataWarning, EstimationError
from .. import _discrete as _d


_ALPHA_FLOOR = 1e-8     # dispersion below this is "no overdispersion" (Poisson)
_ETA_MAX = 30.0         # linear predictors are clipped here (exp(30) ~ 1e13 events)
_LLF_GAIN_MIN = 1e-6    # an NB fit gaining less log-likelihood than this over Poisson
                        # sits at the boundary alpha = 0
_COEF_BOUND = 15.0      # |coefficient| of the zero-truncated number part; a coefficient
                        # that reaches it is not identified (quasi-separation)


# --------------------------------------------------------------------------------------
# Estimation engines (one per family), in a common interface
# --------------------------------------------------------------------------------------
class _Estimate:
    """Fitted parameters with score and Hessian, in the *natural* parametrisation."""

    def __init__(self, family, params, llf, score_obs, hessian, converged, pos=None):
        self.family = family
        self.params = np.asarray(params, float)
        self.llf = float(llf)
        self._score_obs = score_obs        # (nobs, n_params) at params
        self._hessian = hessian            # (n_params, n_params) at params
        self.converged = converged
        # parameters held at a bound of the parameter space (not identified): no
        # standard error; the covariance of the others is computed with them fixed
        self.fixed = np.zeros(len(self.params), bool)

    def params_natural(self):
        return self.params

    def _free_block(self, compute):
        free = ~self.fixed
        cov = np.zeros((len(self.params), len(self.params)))
        cov[np.ix_(free, free)] = compute(free)
        return cov

    def cov_nonrobust(self):
        try:
            return self._free_block(
                lambda f: np.linalg.inv(-self._hessian[np.ix_(f, f)]))
        except np.linalg.LinAlgError:
            raise EstimationError(
                "the information matrix is singular (a coefficient is not identified); "
                "use fewer lags or a longer window") from None

    def cov_hac(self, maxlags):
        try:
            return self._free_block(lambda f: _d.sandwich(
                self._hessian[np.ix_(f, f)], _d.hac_meat(self._score_obs[:, f], maxlags)))
        except np.linalg.LinAlgError:
            raise EstimationError(
                "the Hessian is singular (a coefficient is not identified); use fewer "
                "lags or a longer window") from None


def _sm_fit(model, start, maxiter, what, polish=True):
    """Fit a statsmodels discrete model; translate its warnings into ours."""
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(all="ignore"):
            try:
                res = model.fit(start_params=start, method="bfgs", maxiter=maxiter,
                                disp=0, gtol=1e-9)
                if polish:       # Newton steps (not for NB: they can push alpha below 0)
                    res = model.fit(start_params=np.asarray(res.params, float),
                                    method="newton", maxiter=100, disp=0, tol=1e-12)
            except np.linalg.LinAlgError:
                raise EstimationError(f"{what}: the Hessian is singular; use fewer lags "
                                      "or a longer window") from None
    separation = any(issubclass(w.category, PerfectSeparationWarning) for w in caught)
    if separation:
        raise EstimationError(
            f"{what}: perfect separation (some lag pattern predicts the outcome exactly), "
            "so the coefficients are infinite; use fewer lags or a longer window")
    converged = bool(res.mle_retvals.get("converged", False))
    return res, converged


def _estimate(family, y, X, *, maxiter, response, warm=None):
    """The ML fit of ``family``. ``warm``: the natural parameters of a fit of the same
    model on the full sample, for a bootstrap refit (:func:`_refit_params`): the
    optimisers start there, and only the parameters, log-likelihood and convergence
    are computed (no scores or Hessian: a refit needs none)."""
    what = f"the {family} fit of {response!r}"
    if family in ("poisson", "negbin"):
        from statsmodels.discrete.discrete_model import NegativeBinomial, Poisson
        pois = Poisson(y, X)
        pp = None
        if warm is not None:
            # Newton from the full-sample estimate; where it does not reach a regular
            # optimum (e.g. a coefficient running off to infinity in this resample),
            # the fit from scratch below
            pp, conv = _poisson_newton(y, X, np.asarray(warm, float)[:X.shape[1]])
            pconv = conv
            if not conv:
                pp = None
        if pp is None:
            rp, conv = _sm_fit(pois, np.r_[math.log(max(y.mean(), 1e-3)),
                                           np.zeros(X.shape[1] - 1)]
                               if _has_const(X) else None, maxiter, what)
            pp = np.asarray(rp.params, float)
            pconv = bool(rp.mle_retvals.get("converged", True))

        def light(fam, p, llf, cv):
            return _Estimate(fam, p, llf, None, None, cv)
        if family == "poisson":
            p = pp
            _check_finite(p, what)
            _warn_unconverged(conv, what)
            if warm is not None:
                return light(family, p, pois.loglike(p), conv)
            return _Estimate(family, p, pois.loglike(p), pois.score_obs(p), pois.hessian(p),
                             conv)
        nb = NegativeBinomial(y, X, loglike_method="nb2")
        mu = np.exp(np.clip(X @ pp, -_ETA_MAX, _ETA_MAX))
        a0 = max(0.1, float(np.mean(((y - mu) ** 2 - y) / mu ** 2)))
        p = None
        if warm is not None and warm[-1] > 0:
            # from the full-sample optimum (alpha > 0); a statsmodels NB model reads
            # the last parameter as log(alpha) until it has been fitted, ours is alpha.
            # Kept only if it converged to an interior optimum; otherwise the refit
            # takes the path of a fit from scratch, as without warm
            nb._transparams = False
            p, conv = _nb_log_alpha_fit(nb, np.asarray(warm, float), maxiter,
                                        objective=_nb2_objective(y, X))
            if not (conv and np.all(np.isfinite(p)) and p[-1] >= 1e-5
                    and nb.loglike(p) - pois.loglike(pp) >= _LLF_GAIN_MIN):
                p = None
        if p is None:
            # statsmodels' bfgs (on log alpha), then a tight L-BFGS polish on log
            # alpha: statsmodels' newton steps alpha through zero on under-dispersed
            # data, and its trigamma at a negative 1/alpha then takes minutes
            rn, _ = _sm_fit(nb, np.r_[pp, a0], maxiter, what, polish=False)
            start = np.asarray(rn.params, float)
            if not np.all(np.isfinite(start)) or start[-1] <= 0:
                start = np.r_[pp, a0]
            p, conv = _nb_log_alpha_fit(nb, start, maxiter)
        _check_finite(p, what)
        if p[-1] < 1e-5 or nb.loglike(p) - pois.loglike(pp) < _LLF_GAIN_MIN:
            # alpha > 0 does not raise the likelihood above Poisson's: the optimum is
            # the boundary alpha = 0, where the likelihood is flat in alpha and an
            # interior stopping point (and its covariance) would depend on the CPU
            # the NB2 likelihood peaks at its boundary alpha = 0 (no overdispersion);
            # there it is the Poisson likelihood, numerically flat in alpha
            _warn(
                f"{what}: no overdispersion (alpha at its lower bound 0, held there with "
                "no standard error); the negative binomial reduces to Poisson. Use "
                "family='poisson'", DataWarning)
            if warm is not None:
                return _BoundaryAlphaEstimate(light("poisson", pp, pois.loglike(pp), pconv))
            return _BoundaryAlphaEstimate(
                _Estimate("poisson", pp, pois.loglike(pp), pois.score_obs(pp),
                          pois.hessian(pp), pconv))
        _warn_unconverged(conv, what)
        if warm is not None:
            return light(family, p, nb.loglike(p), conv)
        return _Estimate(family, p, nb.loglike(p), nb.score_obs(p), nb.hessian(p), conv)
    return _estimate_hurdle(family, y, X, maxiter=maxiter, what=what)


class _BoundaryAlphaEstimate(_Estimate):
    """An NB2 fit whose alpha sits at 0: the Poisson fit plus alpha = 0 (fixed)."""

    def __init__(self, inner):
        self.inner = inner
        self.family = "negbin"
        self.params = np.r_[inner.params, 0.0]
        self.llf = inner.llf
        self.converged = inner.converged
        self.fixed = np.r_[np.zeros(len(inner.params), bool), True]

    def _pad(self, cov):
        k = len(self.params)
        out = np.zeros((k, k))
        out[:-1, :-1] = cov
        return out

    def cov_nonrobust(self):
        return self._pad(self.inner.cov_nonrobust())

    def cov_hac(self, maxlags):
        return self._pad(self.inner.cov_hac(maxlags))


def _poisson_newton(y, X, start, *, maxiter=100, tol=1e-12):
    """Poisson ML by Newton-Raphson with step halving from ``start`` (a bootstrap
    refit's warm start): the root that statsmodels' bfgs + newton polish reaches, in a
    few analytic steps. Returns ``(params, ok)``; ``ok`` is False (the caller then fits
    from scratch) unless every coordinate's last step is below ``tol`` (statsmodels'
    newton criterion) at a finite, regular optimum that does not fit every count
    exactly (statsmodels' perfect-prediction check)."""
    b = np.array(start, float)
    if not np.all(np.isfinite(b)):
        return b, False

    def ll(v):
        eta = X @ v
        return float(np.sum(y * eta - np.exp(eta)))
    with np.errstate(all="ignore"):
        f = ll(b)
        for _ in range(maxiter):
            mu = np.exp(X @ b)
            try:
                step = np.linalg.solve((X * mu[:, None]).T @ X, X.T @ (y - mu))
            except np.linalg.LinAlgError:
                return b, False
            t = 1.0
            while True:
                b_new = b + t * step
                f_new = ll(b_new)
                if (np.isfinite(f_new) and f_new >= f - 1e-12 * abs(f)) or t < 1e-8:
                    break
                t *= 0.5
            b, f = b_new, f_new
            if not np.all(np.isfinite(b)):
                return b, False
            if np.all(np.abs(t * step) < tol):
                break
        else:
            return b, False
        if np.allclose(np.exp(X @ b) - y, 0):
            return b, False
    return b, True


def _nb2_objective(y, X):
    """``(f, g)``: minus the NB2 log-likelihood of ``(y, X)`` on ``q = (beta, log
    alpha)`` and its gradient, by statsmodels' formulas (``NegativeBinomial._ll_nbin``,
    ``_score_nbin``) without its per-call overhead: for the many evaluations of
    bootstrap refits. The last evaluation is cached (L-BFGS-B asks for f and g at the
    same point)."""
    y = np.asarray(y, float)
    lgy1 = special.gammaln(y + 1)
    cache = {}

    def parts(q):
        key = q.tobytes()
        if key not in cache:
            cache.clear()
            alpha = math.exp(q[-1])
            a1 = 1.0 / alpha
            mu = np.exp(X @ q[:-1])
            prob = a1 / (a1 + mu)
            ll = (special.gammaln(a1 + y) - lgy1 - special.gammaln(a1)
                  + a1 * np.log(prob) + y * np.log(1 - prob))
            dparams = X.T @ (a1 * (y - mu) / (mu + a1))
            dalpha = np.sum(special.digamma(y + a1) - special.digamma(a1) + np.log(a1)
                            - np.log(a1 + mu) - (y - mu) / (a1 + mu)) * -(alpha ** -2)
            cache[key] = (-np.sum(ll), -np.r_[dparams, dalpha * alpha])
        return cache[key]

    def f(q):
        v = parts(np.asarray(q, float))[0]
        return v if np.isfinite(v) else 1e300

    def g(q):
        return parts(np.asarray(q, float))[1].copy()
    return f, g


def _nb_log_alpha_fit(nb, start, maxiter, objective=None):
    """NB2 fit on log alpha from ``start`` (natural parameters); ``objective``:
    ``(f, g)`` of :func:`_nb2_objective` instead of ``nb``'s own (bootstrap refits)."""
    def f(q):
        p = np.r_[q[:-1], math.exp(q[-1])]
        v = -nb.loglike(p)
        return v if np.isfinite(v) else 1e300

    def g(q):
        p = np.r_[q[:-1], math.exp(q[-1])]
        s = nb.score(p)
        s[-1] *= p[-1]
        return -s
    if objective is not None:
        f, g = objective

    q0 = np.r_[start[:-1], math.log(max(start[-1], 1e-4))]
    bounds = [(None, None)] * (len(q0) - 1) + [(math.log(_ALPHA_FLOOR), 10.0)]
    with np.errstate(all="ignore"):
        r = optimize.minimize(f, q0, jac=g, method="L-BFGS-B", bounds=bounds,
                              options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-9})
        _d.polish_optimum(f, g, r, bounds)          # the same optimum on every CPU
        gr = g(r.x)
    if r.x[-1] <= bounds[-1][0] + 1e-8 and gr[-1] > 0:
        gr[-1] = 0.0                      # alpha at its floor: a boundary optimum
    # an end on the placeholder 1e300 (a non-finite likelihood) is no optimum, however
    # small the tolerance scaled by that objective makes the gradient look
    converged = bool(np.isfinite(r.fun) and r.fun < 1e299 and np.all(np.isfinite(gr))
                     and np.max(np.abs(gr)) < 1e-4 * max(1.0, abs(r.fun) / len(q0)))
    return np.r_[r.x[:-1], math.exp(r.x[-1])], converged


def _has_const(X):
    return X.shape[1] > 0 and np.all(X[:, 0] == 1.0)


def _check_finite(p, what):
    if not np.all(np.isfinite(p)):
        raise EstimationError(
            f"{what} gave non-finite estimates (the likelihood has no maximum for these "
            "data); use fewer lags, family='poisson', or a longer window")


def _warn_unconverged(converged, what):
    if not converged:
        _warn(f"{what} did not converge; raise maxiter=, or use fewer lags or a "
              "longer window", ConvergenceWarning)


# ---- zero-truncated NB2 / Poisson for the number part of the hurdle -------------------
def _trunc_loglike_obs(beta, log_alpha, y, X, poisson):
    eta = np.clip(X @ beta, -_ETA_MAX, _ETA_MAX)
    mu = np.exp(eta)
    if poisson:
        log_p0 = -mu
        ll = y * eta - mu - special.gammaln(y + 1)
    else:
        theta = math.exp(-log_alpha)
        log_p0 = theta * (np.log(theta) - np.log(theta + mu))
        ll = (special.gammaln(y + theta) - special.gammaln(theta) - special.gammaln(y + 1)
              + log_p0 + y * (eta - np.log(theta + mu)))
    return ll - np.log(-np.expm1(log_p0))


def _trunc_score_obs(beta, log_alpha, y, X, poisson):
    eta = np.clip(X @ beta, -_ETA_MAX, _ETA_MAX)
    mu = np.exp(eta)
    if poisson:
        log_p0 = -mu
        dlogf_dmu = y / mu - 1.0
        dlogp0_dmu = -np.ones_like(mu)
    else:
        theta = math.exp(-log_alpha)
        log_p0 = theta * (np.log(theta) - np.log(theta + mu))
        dlogf_dmu = y / mu - (y + theta) / (theta + mu)
        dlogp0_dmu = -theta / (theta + mu)
    odds0 = np.exp(log_p0) / (-np.expm1(log_p0))       # P0 / (1 - P0)
    dl_dmu = dlogf_dmu + odds0 * dlogp0_dmu
    sb = (dl_dmu * mu)[:, None] * X
    if poisson:
        return sb
    ratio = np.log(theta) - np.log(theta + mu)
    dlogf_dth = (special.digamma(y + theta) - special.digamma(theta) + ratio + 1.0
                 - (y + theta) / (theta + mu))
    dlogp0_dth = ratio + mu / (theta + mu)
    dl_dth = dlogf_dth + odds0 * dlogp0_dth
    return np.column_stack([sb, -theta * dl_dth])     # d/d log(alpha) = -theta d/d theta


def _fit_truncated(y, X, poisson, maxiter, what):
    """ML fit of the zero-truncated count part; parameters (beta, log alpha)."""
    b0 = np.zeros(X.shape[1])
    if _has_const(X):
        b0[0] = math.log(max(y.mean() - 0.9, 0.1))
    q0 = b0 if poisson else np.r_[b0, 0.0]
    const = _has_const(X)
    bounds = ([(None, None)] if const else []) + \
        [(-_COEF_BOUND, _COEF_BOUND)] * (X.shape[1] - const) + \
        ([] if poisson else [(math.log(_ALPHA_FLOOR), 8.0)])
    keep = np.ones(len(y), bool)
    for j in range(int(const), X.shape[1]):
        # an indicator (a phase) whose days with events all have exactly one event:
        # its coefficient's MLE is -inf, where those days' probability is 1 and they
        # carry no information on the rest. That limit is fitted exactly: the days are
        # left out of the number part and the coefficient is held at the bound (an
        # optimiser would slow to a stop on the way, at a CPU-dependent point).
        on = X[:, j] == 1.0
        if (np.all((X[:, j] == 0.0) | on) and on.any() and np.all(y[on] == 1)
                and not np.all(y[~on & keep] == 1)):
            bounds[j] = (-_COEF_BOUND, -_COEF_BOUND)
            q0[j] = -_COEF_BOUND
            keep &= ~on
    y, X = y[keep], X[keep]

    def nll(q):
        b, la = (q, 0.0) if poisson else (q[:-1], q[-1])
        v = -np.sum(_trunc_loglike_obs(b, la, y, X, poisson))
        return v if np.isfinite(v) else 1e300

    def grad(q):
        b, la = (q, 0.0) if poisson else (q[:-1], q[-1])
        return -_trunc_score_obs(b, la, y, X, poisson).sum(axis=0)
    with np.errstate(all="ignore"):
        r = optimize.minimize(nll, q0, jac=grad, method="L-BFGS-B", bounds=bounds,
                              options={"maxiter": maxiter, "ftol": 1e-15, "gtol": 1e-8})
    q = r.x
    _check_finite(q, what)
    g = grad(q)
    free = np.ones(len(q), bool)
    k = X.shape[1]
    pinned = np.zeros(len(q), bool)
    pinned[int(const):k] = np.abs(q[int(const):k]) >= _COEF_BOUND - 1e-6
    if pinned.any():
        # quasi-separation: e.g. every day with events in one phase has exactly one
        # event, so that phase's coefficient runs to -inf. Held at the bound; without
        # it the stopping point (and every interval) depends on the CPU's BLAS kernel.
        free &= ~pinned
        q[pinned] = np.sign(q[pinned]) * _COEF_BOUND
        _warn(
            f"{what}: coefficient(s) at positions {np.flatnonzero(pinned).tolist()} of "
            f"the number part run to infinity (quasi-separation); held at "
            f"+/-{_COEF_BOUND:g} with no standard error, so their effect is not "
            "identified. Drop those regressors from the model or merge the phases",
            DataWarning)
    if not poisson and q[-1] <= math.log(_ALPHA_FLOOR) + 1e-6:
        free[-1] = False
        pinned[-1] = True
        q[-1] = math.log(_ALPHA_FLOOR)
    qb = [(q[i], q[i]) if not free[i] else bd for i, bd in enumerate(bounds)]
    q, _ = _d.newton_polish(grad, q, qb)
    g = grad(q)
    if not poisson and pinned[-1]:
        _warn(
            f"{what}: the number part shows no overdispersion (alpha at its lower bound "
            "0); use family='hurdle-poisson'", DataWarning)
    converged = bool(np.max(np.abs(g[free]) / (1 + np.abs(nll(q)))) < 1e-4)
    eta = X @ (q if poisson else q[:-1])
    if np.all(y == 1) or np.max(eta) < -10:
        raise EstimationError(
            f"{what}: the number part is degenerate: "
            + ("every period with events has exactly one, so " if np.all(y == 1) else "")
            + "the size of a response does not vary and the zero-truncated mean runs to "
            "0. The number part needs periods with several events: use family='negbin' "
            "or 'poisson', or a longer window")
    if np.any(np.abs(eta) >= _ETA_MAX - 1e-6):
        raise EstimationError(
            f"{what}: the number part diverges (a linear predictor reached exp({_ETA_MAX:g})"
            "); the days with events are too few for these lags. Use fewer lags, "
            "family='negbin', or a longer window")
    return q, converged, pinned, keep


class _HurdleEstimate(_Estimate):
    """Logit incidence part + zero-truncated count part (parameters concatenated)."""

    def __init__(self, family, gamma, logit_score, logit_hess, logit_llf, q, y, X,
                 converged, number_rows=None):
        self.family = family
        self.poisson = family == "hurdle-poisson"
        self.gamma = gamma
        self.q = q
        self.y, self.X = y, X
        # the rows the number part is fitted on: days with events, less those of an
        # indicator whose coefficient is at its -inf limit (see _fit_truncated)
        pos = y > 0 if number_rows is None else number_rows
        self.pos = pos
        b, la = (q, 0.0) if self.poisson else (q[:-1], q[-1])
        s_t = np.zeros((len(y), len(q)))
        s_t[pos] = _trunc_score_obs(b, la, y[pos], X[pos], self.poisson)

        def total_score(qq):
            bb, ll = (qq, 0.0) if self.poisson else (qq[:-1], qq[-1])
            return _trunc_score_obs(bb, ll, y[pos], X[pos], self.poisson).sum(axis=0)

        H_t = _d.numeric_jacobian(total_score, q, rel_step=1e-5)
        H_t = 0.5 * (H_t + H_t.T)
        llf = logit_llf + float(np.sum(_trunc_loglike_obs(b, la, y[pos], X[pos],
                                                          self.poisson)))
        from scipy.linalg import block_diag
        super().__init__(family, np.r_[gamma, q], llf,
                         np.column_stack([logit_score, s_t]),
                         block_diag(logit_hess, H_t), converged)

    def _jac_natural(self):
        J = np.eye(len(self.params))
        if not self.poisson:
            J[-1, -1] = math.exp(self.q[-1])          # d alpha / d log alpha
        return J

    def params_natural(self):
        p = self.params.copy()
        if not self.poisson:
            p[-1] = math.exp(p[-1])
        return p

    def cov_nonrobust(self):
        J = self._jac_natural()
        return J @ super().cov_nonrobust() @ J.T

    def cov_hac(self, maxlags):
        J = self._jac_natural()
        return J @ super().cov_hac(maxlags) @ J.T


def _estimate_hurdle(family, y, X, *, maxiter, what):
    from statsmodels.discrete.discrete_model import Logit
    d = (y > 0).astype(float)
    logit = Logit(d, X)
    rl, conv1 = _sm_fit(logit, None, maxiter, what + " (incidence part)")
    gamma = np.asarray(rl.params, float)
    _check_finite(gamma, what)
    if np.max(np.abs(X @ gamma)) > 25:
        raise EstimationError(
            f"{what}: the incidence part is (quasi-)separated (some lag pattern predicts "
            "event days almost surely); use fewer lags or a longer window")
    pos = y > 0
    q, conv2, pinned, keep = _fit_truncated(y[pos], X[pos], family == "hurdle-poisson",
                                            maxiter, what + " (number part)")
    conv = conv1 and conv2
    _warn_unconverged(conv, what)
    rows = np.zeros(len(y), bool)
    rows[np.flatnonzero(pos)[keep]] = True
    est = _HurdleEstimate(family, gamma, logit.score_obs(gamma), logit.hessian(gamma),
                          logit.loglike(gamma), q, y, X, conv, number_rows=rows)
    est.fixed[len(gamma):] = pinned
    return est
