r"""Severity weights for :func:`analysis.to_counts`: a severity-weighted daily series.

A :class:`SeverityIndex` is a callable that gives one weight per incident row, so every
model that takes counts can take a severity-weighted series instead::

    from analysis import SeverityIndex, to_counts
    severity = to_counts(incidents, weight=SeverityIndex())          # default weights
    goldstein = to_counts(incidents, weight=SeverityIndex(preset="goldstein"))

The weight of incident :math:`i` is

.. math::

    w_i = n_i\, v(\mathrm{weapon}_i) + \sum_c \kappa_c\, g(x_{ic}),

where :math:`n_i` is ``n_attacks`` (1 if the table has no such column),
:math:`v` the weapon weight, :math:`x_{ic}` the casualty count in column :math:`c`
(``target_killed``, ``target_wounded``, ``actor_killed`` ... any numeric columns),
:math:`\kappa_c` its weight and :math:`g` the casualty transform: ``"log1p"``
(:math:`\log(1 + x)`, the default, so that one mass-casualty incident - 110 traumatic
brain injuries at Ain al-Asad on 8 January 2020 - does not outweigh months of attacks)
or ``"linear"`` (:math:`x`).

Missing casualty figures (empty = "not reported" in the codebook) count as **zero**
(``missing="zero"``, the default): an incident that no source reports casualties for
is scored by its weapon alone. This under-scores incidents whose toll was never
published. ``missing="raise"`` refuses such rows instead.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .exceptions import warn as _warn, DataError, DataWarning, SpecificationError

__all__ = ["SeverityIndex", "PRESETS", "DEFAULT_WEAPON_WEIGHTS", "DEFAULT_CASUALTY_WEIGHTS",
           "GOLDSTEIN_WEAPON_CODES", "GOLDSTEIN_SCALE"]

#: Default weapon weights: the expected destructive potential of one action relative to
#: one rocket or mortar salvo (1.0). A judgement, not an estimate - change it.
#:
#: * rocket, mortar, ied, unknown: 1.0 - the common, light, mostly inaccurate attack
#:   (107/122 mm rockets, 60-120 mm mortars, roadside bombs on logistics convoys);
#:   "unknown" gets the modal weight.
#: * small_arms: 0.5 - lighter and rarer against bases.
#: * surface_to_air_missile: 1.0 - one missile at an aircraft or drone (an MQ-9 shot
#:   down): a single munition, no harm to personnel on the ground.
#: * drone: 1.5 - one-way attack drones carry a larger warhead and are guided (Tower 22).
#: * artillery, helicopter, mixed: 1.5 - heavier or combined fire.
#: * airstrike, drone_strike, ground_raid: 2.0 - precision munitions of several hundred
#:   kilograms per target, or a raid with forces on the ground.
#: * ballistic_missile, cruise_missile: 3.0 - warheads of hundreds of kilograms
#:   (Fateh-110 / Qiam class), the most destructive weapons in the data.
#: * none: 0.0 - no weapon used (e.g. a seizure or a threat coded as ``other``).
DEFAULT_WEAPON_WEIGHTS = {
    "rocket": 1.0, "mortar": 1.0, "ied": 1.0, "unknown": 1.0,
    "small_arms": 0.5, "surface_to_air_missile": 1.0,
    "drone": 1.5, "artillery": 1.5, "helicopter": 1.5, "mixed": 1.5,
    "airstrike": 2.0, "drone_strike": 2.0, "ground_raid": 2.0,
    "ballistic_missile": 3.0, "cruise_missile": 3.0,
    "none": 0.0,
}

#: Default casualty weights (per unit of the transform g): a death weighs three times a
#: wound, and deaths count the same on either side. With g = log1p, one death adds
#: 3 log 2 = 2.1 (two rocket salvos), three deaths 4.2, 110 wounded 4.7.
DEFAULT_CASUALTY_WEIGHTS = {"target_killed": 3.0, "actor_killed": 3.0, "target_wounded": 1.0,
                            "actor_wounded": 1.0}

#: The Goldstein (1992) conflict-cooperation scale values of the CAMEO codes that the
#: weapon vocabulary maps to (as in GDELT's CAMEO.goldsteinscale table).
GOLDSTEIN_SCALE = {"190": -10.0, "193": -10.0, "194": -10.0, "195": -10.0,
                   "1833": -10.0}

#: weapon -> (CAMEO code, description) for the ``"goldstein"`` preset. ``none`` has no
#: mapping (no use of force is coded; such rows get weight 0 with a warning).
GOLDSTEIN_WEAPON_CODES = {
    "rocket": ("194", "Fight with artillery and tanks"),
    "mortar": ("194", "Fight with artillery and tanks"),
    "artillery": ("194", "Fight with artillery and tanks"),
    "drone": ("195", "Employ aerial weapons"),
    "ballistic_missile": ("195", "Employ aerial weapons"),
    "cruise_missile": ("195", "Employ aerial weapons"),
    "airstrike": ("195", "Employ aerial weapons"),
    "drone_strike": ("195", "Employ aerial weapons"),
    "helicopter": ("195", "Employ aerial weapons"),
    "small_arms": ("193", "Fight with small arms and light weapons"),
    "ied": ("1833", "Carry out roadside bombing"),
    "ground_raid": ("190", "Use conventional military force"),
    "mixed": ("190", "Use conventional military force"),
    "surface_to_air_missile": ("190", "Use conventional military force"),
    "unknown": ("190", "Use conventional military force"),
}

#: The named presets: ``default`` (weapon and casualty weights above, log1p),
#: ``goldstein`` (\|Goldstein\| / 10 per action, no casualties), ``events`` (every action
#: weighs 1: the same as ``n_attacks``, for checks).
PRESETS = ("default", "goldstein", "events")
_TRANSFORMS = ("log1p", "linear")
_MISSING = ("zero", "raise")


def _weights_mapping(name, m) -> dict:
    if not isinstance(m, Mapping):
        raise SpecificationError(f"{name} must be a mapping (dict) of name -> weight, got "
                                 f"{type(m).__name__}")
    out = {}
    for k, v in m.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(v) \
                or v < 0:
            raise SpecificationError(f"{name}[{k!r}] must be a finite number >= 0, got {v!r}")
        out[str(k)] = float(v)
    return out


class SeverityIndex:
    r"""Severity weight of each incident, for ``to_counts(incidents, weight=...)``.

    .. math::  w_i = n_i\, v(\mathrm{weapon}_i) + \sum_c \kappa_c\, g(x_{ic})

    (see the module docstring for the symbols, the defaults and their rationale).

    Parameters
    ----------
    weapon_weights : mapping weapon -> weight, optional
        :math:`v`. Entries update the preset's weights (so ``{"drone": 2.0}`` changes
        only drones). Every weapon value in the table must have a weight.
    casualty_weights : mapping column -> weight, optional
        :math:`\kappa_c`. Entries update the preset's; a weight of 0 drops a column.
        Columns absent from the table are skipped.
    preset : {"default", "goldstein", "events"}
        ``"default"``: :data:`DEFAULT_WEAPON_WEIGHTS` and
        :data:`DEFAULT_CASUALTY_WEIGHTS` with ``transform="log1p"``.
        ``"goldstein"``: each action weighs :math:`|G|/10`, where :math:`G` is the
        Goldstein (1992) score of the CAMEO code its weapon maps to
        (:data:`GOLDSTEIN_WEAPON_CODES`: rockets, mortars and artillery 194; drones,
        missiles, air and drone strikes, helicopters 195; small arms 193; IEDs 1833;
        ground raids, mixed and unknown 190). Every kinetic code scores -10, so the
        preset reproduces event counts: the Goldstein scale grades event *types*, and
        all uses of military force sit at its floor; it has no place for weapons or
        casualties (casualty weights are 0). ``none`` has no CAMEO mapping and gets 0
        with a :class:`~analysis.DataWarning`. Multiply by -10 for a Goldstein sum as
        in GDELT/ICEWS-based series.
        ``"events"``: every weapon 1, no casualties (equals ``n_attacks``).
    transform : {"log1p", "linear"}
        :math:`g`.
    missing : {"zero", "raise"}
        Missing casualty figures count as 0, or raise :class:`~analysis.DataError`.

    Attributes
    ----------
    weapon_weights, casualty_weights : dict
        The weights in force (after the preset and the updates).
    preset, transform, missing : str

    Examples
    --------
    >>> import analysis
    >>> from analysis import SeverityIndex, to_counts
    >>> inc = analysis.load_incidents()
    >>> sev = SeverityIndex()
    >>> sev(inc).head()                                          # doctest: +SKIP
    >>> daily = to_counts(inc, weight=sev, columns=["militia", "us"])   # doctest: +SKIP
    >>> analysis.detect_phases(daily, family="negbin")                 # doctest: +SKIP
    """

    def __init__(self, weapon_weights=None, casualty_weights=None, preset: str = "default",
                 transform: str | None = None, missing: str = "zero"):
        if preset not in PRESETS:
            raise SpecificationError(f"preset must be one of {list(PRESETS)}, got {preset!r}")
        if transform is not None and transform not in _TRANSFORMS:
            raise SpecificationError(f"transform must be one of {list(_TRANSFORMS)}, got "
                                     f"{transform!r}")
        if missing not in _MISSING:
            raise SpecificationError(f"missing must be one of {list(_MISSING)}, got "
                                     f"{missing!r}")
        if preset == "default":
            ww, cw = dict(DEFAULT_WEAPON_WEIGHTS), dict(DEFAULT_CASUALTY_WEIGHTS)
        elif preset == "goldstein":
            ww = {w: abs(GOLDSTEIN_SCALE[code]) / 10.0
                  for w, (code, _) in GOLDSTEIN_WEAPON_CODES.items()}
            cw = {}
        else:
            ww, cw = {w: 1.0 for w in DEFAULT_WEAPON_WEIGHTS}, {}
        self._unmapped = {"none"} if preset == "goldstein" else set()
        if weapon_weights is not None:
            upd = _weights_mapping("weapon_weights", weapon_weights)
            ww.update(upd)
            self._unmapped -= set(upd)
        if casualty_weights is not None:
            cw.update(_weights_mapping("casualty_weights", casualty_weights))
        self.weapon_weights = ww
        self.casualty_weights = {k: v for k, v in cw.items() if v != 0}
        self.preset = preset
        self.transform = transform or "log1p"
        self.missing = missing

    def __call__(self, incidents: pd.DataFrame) -> pd.Series:
        """One weight per row of ``incidents`` (a float Series with the same index)."""
        if not isinstance(incidents, pd.DataFrame):
            raise DataError("SeverityIndex needs the incident table (a DataFrame)")
        n = len(incidents)
        if "n_attacks" in incidents.columns:
            na = pd.to_numeric(incidents["n_attacks"], errors="coerce")
            if na.isna().any():
                raise DataError(f"{int(na.isna().sum())} incidents have no n_attacks; fill "
                                "them (the codebook's default is 1)", column="n_attacks")
            nat = na.to_numpy(dtype=float)
        else:
            nat = np.ones(n)
        if "weapon" not in incidents.columns:
            raise DataError("the table has no 'weapon' column; SeverityIndex needs it (or "
                            "use preset='events')", column="weapon")
        weapon = incidents["weapon"]
        if weapon.isna().any():
            raise DataError(f"{int(weapon.isna().sum())} incidents have no weapon; code them "
                            "as 'unknown'", column="weapon")
        weapon = weapon.astype(str)
        allowed = set(self.weapon_weights) | self._unmapped
        unknown = sorted(set(weapon) - allowed)
        if unknown:
            raise SpecificationError(f"no weapon weight for {unknown}; pass "
                                     f"weapon_weights={{...}} for them (known: "
                                     f"{sorted(self.weapon_weights)})")
        unm = weapon.isin(self._unmapped)
        if unm.any():
            _warn(f"{int(unm.sum())} incidents have weapon(s) "
                  f"{sorted(set(weapon[unm]))} with no CAMEO/Goldstein mapping; they "
                  "weigh 0", DataWarning)
        v = weapon.map(self.weapon_weights).fillna(0.0).to_numpy(dtype=float)
        w = nat * v
        for col, kappa in self.casualty_weights.items():
            if col not in incidents.columns:
                continue
            raw = incidents[col]
            x = pd.to_numeric(raw, errors="coerce")
            text = x.isna() & raw.notna()
            if text.any():
                # a figure that is not a number ("dozens", "5-10") is an error, never 0
                first = raw[text].index[0]
                raise DataError(f"{int(text.sum())} casualty figure(s) in {col!r} are not "
                                f"numbers, the first {raw[first]!r} (row {first!r}); give "
                                "a number, with _low/_high columns for a range",
                                column=col)
            if x.isna().any():
                if self.missing == "raise":
                    raise DataError(f"{int(x.isna().sum())} incidents have no {col!r} figure "
                                    "(missing='raise'); use missing='zero' to count them "
                                    "as 0", column=col)
                x = x.fillna(0)
            x = x.to_numpy(dtype=float)
            if (x < 0).any():
                raise DataError(f"negative casualty figures in {col!r}", column=col)
            w = w + kappa * (np.log1p(x) if self.transform == "log1p" else x)
        return pd.Series(w, index=incidents.index, name="severity", dtype="float64")

    def table(self) -> pd.DataFrame:
        """The weights in force as a table (``kind``, ``name``, ``weight``, ``note``)."""
        rows = []
        for w, v in sorted(self.weapon_weights.items()):
            note = ""
            if self.preset == "goldstein" and w in GOLDSTEIN_WEAPON_CODES:
                code, desc = GOLDSTEIN_WEAPON_CODES[w]
                note = f"CAMEO {code} {desc} (Goldstein {GOLDSTEIN_SCALE[code]:g})"
            rows.append(("weapon", w, v, note))
        for w in sorted(self._unmapped):
            rows.append(("weapon", w, 0.0, "no CAMEO mapping"))
        for c, k in sorted(self.casualty_weights.items()):
            rows.append(("casualties", c, k, f"times {self.transform}(count)"))
        return pd.DataFrame(rows, columns=["kind", "name", "weight", "note"])

    def counts(self, incidents: pd.DataFrame, **kwargs) -> pd.DataFrame:
        """``to_counts(incidents, weight=self, **kwargs)``: the severity-weighted series."""
        from .data import to_counts
        return to_counts(incidents, weight=self, **kwargs)

    def __repr__(self) -> str:
        return (f"SeverityIndex(preset={self.preset!r}, transform={self.transform!r}, "
                f"missing={self.missing!r}, {len(self.weapon_weights)} weapon weights, "
                f"casualty weights {self.casualty_weights})")
