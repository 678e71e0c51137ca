"""Multiplicity: Benjamini-Hochberg q-values beside the p-values of a values file.

A notebook declares its primary hypotheses up front; every other p-value it writes is
exploratory and gets a Benjamini-Hochberg (1995) q-value written beside it, computed
over all the non-primary p-values of the file (one family per notebook). The
adjustment itself is statsmodels' ``multipletests(method="fdr_bh")``.

:func:`analysis.save_values` calls :func:`add_qvalues` when given ``primary=``.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .exceptions import SpecificationError

__all__ = ["PVALUE_KEY", "bh_qvalues", "add_qvalues"]

#: Keys whose values are p-values of a test: ``p``, ``pvalue`` and names ending in
#: ``_p`` or ``_pvalue`` (``granger_p``, ``hc1_p``, ``wald_p``). Summaries of many
#: p-values (keys containing ``median`` or ``share``) are not tests and get no q-value.
PVALUE_KEY = re.compile(r"(^|_)p(value)?$")
_NOT_TESTS = ("median", "share")


def bh_qvalues(pvalues) -> np.ndarray:
    """Benjamini-Hochberg q-values (FDR-adjusted p-values) of a family of p-values.

    Parameters
    ----------
    pvalues : array-like of float
        P-values in [0, 1].

    Returns
    -------
    ndarray
        The q-values, in the order given (statsmodels' ``multipletests`` with
        ``method="fdr_bh"``).
    """
    from statsmodels.stats.multitest import multipletests
    p = np.asarray(pvalues, float)
    if p.ndim != 1:
        raise SpecificationError(f"pvalues must be one-dimensional, got shape {p.shape}")
    bad = ~np.isfinite(p) | (p < 0) | (p > 1)
    if bad.any():
        raise SpecificationError(f"p-values must be in [0, 1]; got {p[bad][:3].tolist()} "
                                 f"at positions {np.where(bad)[0][:3].tolist()}")
    if p.size == 0:
        return p
    return multipletests(p, method="fdr_bh")[1]


def _qkey(key: str) -> str:
    return key[:-1] + "q" if key.endswith("p") else key[:-len("pvalue")] + "qvalue"


def _is_pvalue(key, value) -> bool:
    return (isinstance(key, str) and PVALUE_KEY.search(key) is not None
            and not any(w in key for w in _NOT_TESTS)
            and value is not None and not isinstance(value, (bool, str, dict, list))
            and isinstance(float(value), float) and math.isfinite(float(value)))


def _is_pvalue_map(key, value) -> bool:
    """A dict of p-values under a p-value key, e.g. ``{"gof_pvalue": {"us": 0.01,
    "militia": 0.4}}`` (one p-value per side): each entry is a p-value."""
    return (isinstance(key, str) and PVALUE_KEY.search(key) is not None
            and not any(w in key for w in _NOT_TESTS) and isinstance(value, dict)
            and any(_is_pvalue("p", v) for v in value.values())
            and all(v is None or _is_pvalue("p", v) for v in value.values()))


def _walk(node, path, out):
    """Collect ``(path, node, key, sub)``: the p-value is ``node[key]`` (``sub`` None)
    or ``node[key][sub]`` (a dict of p-values under a p-value key)."""
    if isinstance(node, dict):
        for k, v in node.items():
            p = f"{path}/{k}" if path else str(k)
            if _is_pvalue_map(k, v):
                out.extend((f"{p}/{sub}", node, k, sub) for sub, x in v.items()
                           if x is not None)
            elif isinstance(v, (dict, list)):
                _walk(v, p, out)
            elif _is_pvalue(k, v):
                out.append((p, node, k, None))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _walk(v, f"{path}/{i}" if path else str(i), out)


def _put(node, key, sub, value) -> None:
    """Write ``value`` at ``node[key]`` or, for a dict of p-values, ``node[key][sub]``."""
    if sub is None:
        node[key] = value
    else:
        node.setdefault(key, {})[sub] = value


def _taken(node, key, sub) -> bool:
    if sub is None:
        return key in node
    return key in node and (not isinstance(node[key], dict) or sub in node[key])


def _copy(node):
    if isinstance(node, dict):
        return {k: _copy(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_copy(v) for v in node]
    return node


def add_qvalues(values: dict, primary, *, exclude=None) -> dict:
    """A copy of ``values`` with a BH q-value beside every non-primary p-value.

    Parameters
    ----------
    values : dict
        Nested dicts and lists as for :func:`analysis.save_values`. P-values are the
        entries whose key matches :data:`PVALUE_KEY`, and the entries of a dict of
        numbers under such a key (e.g. one p-value per side,
        ``{"gof_pvalue": {"us": 0.01, "militia": 0.4}}``: their q-values go to a dict
        under the q-value key, ``{"gof_qvalue": {"us": ..., "militia": ...}}``).
    primary : list of str
        Paths of the primary hypotheses' p-values, keys joined by ``/`` (list
        positions as numbers), e.g. ``"var/granger/us -> militia/wild_p"``; may be
        empty. Each must exist. Primary p-values are reported as they are (declared
        before the analysis, not adjusted).
    exclude : dict, optional
        ``{path: reason}``: p-values left out of the family, e.g. one the notebook
        labels not calibratable (its size cannot be measured, so it is not read as a
        test). Each must exist and not be primary. They stay in the values as they
        are, get no q-value, and get ``<name>_q_excluded`` beside them: ``"no BH
        q-value: left out of the family (<reason>)"``.

    Returns
    -------
    dict
        The copy: next to each other p-value ``<name>_p`` (``p``, ``<name>_pvalue``)
        a ``<name>_q`` (``q``, ``<name>_qvalue``), and a top-level ``"multiplicity"``
        entry naming the primaries, the method, the number of adjusted tests and (with
        ``exclude``) the excluded p-values with their reasons.

    Examples
    --------
    >>> from analysis.multiplicity import add_qvalues
    >>> out = add_qvalues({"a": {"granger_p": 0.01}, "b": {"granger_p": 0.04},
    ...                    "c": {"p": 0.03}}, primary=["c/p"])
    >>> out["a"]["granger_q"], out["b"]["granger_q"], "q" in out["c"]
    (0.02, 0.04, False)
    >>> out = add_qvalues({"a": {"granger_p": 0.01}, "b": {"granger_p": 0.04}},
    ...                   primary=[], exclude={"b/granger_p": "not calibratable"})
    >>> out["a"]["granger_q"], out["b"]["granger_q_excluded"]
    (0.01, 'no BH q-value: left out of the family (not calibratable)')
    >>> add_qvalues({"gof_pvalue": {"us": 0.01, "militia": 0.04}}, primary=[])["gof_qvalue"]
    {'us': 0.02, 'militia': 0.04}
    """
    if not isinstance(values, dict):
        raise SpecificationError(f"values must be a dict, got {type(values).__name__}")
    if isinstance(primary, str):
        raise SpecificationError("primary must be a list of paths, e.g. "
                                 f"['{primary}'], not a string")
    primary = list(primary)
    if "multiplicity" in values:
        raise SpecificationError("values already has a 'multiplicity' entry; rename it")
    out = _copy(values)
    found = []
    _walk(out, "", found)
    paths = {p for p, _, _, _ in found}
    missing = [p for p in primary if p not in paths]
    if missing:
        raise SpecificationError(
            f"primary p-value(s) {missing} are not in the values (p-values found: "
            f"{sorted(paths)[:12]}{' ...' if len(paths) > 12 else ''})")
    exclude = _check_exclude(exclude, paths, primary)
    rest = [f for f in found if f[0] not in set(primary) | set(exclude)]
    for p, node, k, sub in rest:
        if _taken(node, _qkey(k), sub):
            raise SpecificationError(f"{p}: the q-value key {_qkey(k)!r} is already used")
    for p, node, k, sub in found:
        if p in exclude:
            _put(node, f"{_qkey(k)}_excluded", sub,
                 f"no BH q-value: left out of the family ({exclude[p]})")
    q = bh_qvalues([float(node[k] if sub is None else node[k][sub])
                    for _, node, k, sub in rest])
    for (p, node, k, sub), qv in zip(rest, q):
        _put(node, _qkey(k), sub, float(qv))
    out["multiplicity"] = {
        "primary": primary,
        "adjusted": "Benjamini-Hochberg q-values (statsmodels multipletests, fdr_bh) "
                    "over every other p-value of this file, written beside each as *_q"
                    + (", except the excluded ones" if exclude else ""),
        "n_adjusted": len(rest)}
    if exclude:
        out["multiplicity"]["excluded"] = dict(exclude)
    return out


def _check_exclude(exclude, paths, primary) -> dict:
    """``exclude`` as a dict ``{path: reason}`` of p-values in the values, none primary,
    each with a stated reason."""
    if exclude is None:
        return {}
    if not isinstance(exclude, dict):
        raise SpecificationError("exclude must be a dict {path: reason}, e.g. "
                                 "{'main/us/negbin/granger_p': 'not calibratable'}; got "
                                 f"{type(exclude).__name__}")
    missing = [p for p in exclude if p not in paths]
    if missing:
        raise SpecificationError(f"exclude: p-value(s) {missing} are not in the values")
    both = [p for p in exclude if p in primary]
    if both:
        raise SpecificationError(f"exclude: {both} are primary; a primary p-value is "
                                 "reported as it is, not excluded")
    silent = [p for p, why in exclude.items() if not (isinstance(why, str) and why.strip())]
    if silent:
        raise SpecificationError(f"exclude: give the reason for leaving out {silent} "
                                 "(a non-empty string)")
    return {str(p): str(why) for p, why in exclude.items()}
