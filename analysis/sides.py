"""Sides as data: each side has an id, a display name and a colour.

A side id is what the incident table stores in ``side`` and ``target_side``; the display
name is what figures and summaries print; the colour is the side's colour in every
figure. Sides are declared by the data, never by the package:

* for a bundled case, by its ``sides`` table (``data/processed[/<case>]/sides.csv``,
  resource ``sides`` of ``data/datapackage.json``): :func:`load_sides`;
* for a user's table, by the ``sides`` argument of :func:`analysis.read_incidents`:
  a list of ids, a dict ``{id: name}`` or ``{id: {"name": ..., "color": ...}}``, a
  DataFrame with ``side_id`` (or ``side``/``id``), ``name`` and optionally ``color``, or
  a :class:`Sides`.

Sides without a colour get the next free colour of :data:`PALETTE` (Okabe & Ito's
colour-blind-safe palette) in the order they are declared, so a declaration always
gives the same colours. :func:`side_label` and :func:`side_color` are what plots and
summaries call; this module is their one home (``analysis.plotting.side_color`` and
``analysis.plotting.side_label`` are the same functions).

The registry and the colour rule
--------------------------------
:func:`registry` is the one registry of sides: every bundled case's sides table (the
default case first), read from the data. A side is looked up, in order, in the
declaration passed as ``sides=`` (a dict, a DataFrame, a :class:`Sides` or an incident
table), then in the registry; a side found in neither keeps its id as display name
and gets a palette colour (by its position in ``order=`` when given, else fixed by
its id). A plain list of ids declares no names or colours: it is taken as ``order``.

**Colour marks the acting side, and nothing else.** A mark is drawn in the colour of
the side whose actions it counts: attacks by side A in A's colour; the response of B
to A (an impulse response, a kernel or a cross-effect "A -> B") in B's colour, the
side that acts in response (:func:`acting_color`). Models, samples, orderings,
windows and bootstrap kinds are never told apart by side colours: they get the neutral
encodings of :func:`analysis.plotting.neutral_styles` (black and greys, filled and
open markers, line styles).

Examples
--------
>>> from analysis.sides import Sides
>>> s = Sides({"a": "Side A", "b": {"name": "Side B", "color": "#000000"}})
>>> s.label("a"), s.color("a"), s.color("b")
('Side A', '#0072B2', '#000000')
>>> list(s)
['a', 'b']
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

__all__ = ["PALETTE", "Side", "Sides", "as_sides", "load_sides", "registry", "side_label",
           "side_color", "side_colors", "acting_color", "SIDE_ID_PATTERN"]

#: Okabe & Ito (2008) colour-blind-safe palette, in the order colours are handed out.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000")
#: What a side id may look like (letters, digits, ``_``, ``.``, ``-``; no spaces).
SIDE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Side:
    """One side: ``id`` (as in the data), ``name`` (for display), ``color`` (#RRGGBB)."""

    id: str
    name: str
    color: str
    description: str = ""


class Sides(Mapping):
    """An ordered, read-only mapping ``id -> Side``.

    Parameters
    ----------
    sides : list, dict, DataFrame or Sides
        See the module docstring.
    """

    def __init__(self, sides):
        if isinstance(sides, Sides):
            self._sides = dict(sides._sides)
            return
        recs = _records(sides)
        seen: dict[str, Side] = {}
        used = {r["color"] for r in recs if r.get("color")}
        free = [c for c in PALETTE if c not in used]
        k = 0
        for r in recs:
            sid = r["id"]
            if not isinstance(sid, str) or not re.match(SIDE_ID_PATTERN, sid):
                raise ValueError(f"side id {sid!r} is not valid: use letters, digits, '_', '.' "
                                 "or '-', starting with a letter or digit (no spaces)")
            if sid in seen:
                raise ValueError(f"side {sid!r} is declared twice")
            color = r.get("color") or ""
            if color and not _HEX.match(color):
                raise ValueError(f"side {sid!r}: colour {color!r} is not of the form #RRGGBB")
            if not color:
                color = free[k % len(free)] if free else PALETTE[k % len(PALETTE)]
                k += 1
            seen[sid] = Side(sid, str(r.get("name") or sid), color,
                             str(r.get("description") or ""))
        self._sides = seen

    def __getitem__(self, key) -> Side:
        return self._sides[key]

    def __iter__(self):
        return iter(self._sides)

    def __len__(self):
        return len(self._sides)

    def __repr__(self):
        return "Sides(" + ", ".join(f"{s.id}={s.name!r}" for s in self._sides.values()) + ")"

    @property
    def ids(self) -> list[str]:
        return list(self._sides)

    def label(self, side) -> str:
        """Display name of ``side`` (the id itself if the side is not declared)."""
        s = self._sides.get(str(side))
        return s.name if s else str(side)

    def color(self, side) -> str:
        """Colour of ``side``; an undeclared side gets a palette colour fixed by its id."""
        s = self._sides.get(str(side))
        return s.color if s else _fallback_color(str(side))

    def colors(self) -> dict:
        """``{id: colour}`` (e.g. a seaborn ``palette=``)."""
        return {k: s.color for k, s in self._sides.items()}

    def to_frame(self) -> pd.DataFrame:
        """The sides table (``side_id``, ``name``, ``color``, ``description``)."""
        return pd.DataFrame([{"side_id": s.id, "name": s.name, "color": s.color,
                              "description": s.description} for s in self._sides.values()],
                            columns=["side_id", "name", "color", "description"])


def _records(sides) -> list[dict]:
    if isinstance(sides, pd.DataFrame):
        cols = {c.lower(): c for c in sides.columns}
        idc = next((cols[c] for c in ("side_id", "side", "id") if c in cols), None)
        if idc is None:
            raise ValueError("a sides table needs a 'side_id' column (and 'name', optionally "
                             f"'color'); it has {list(sides.columns)}")
        out = []
        for _, r in sides.iterrows():
            def get(name):
                c = cols.get(name)
                v = r[c] if c is not None else None
                return None if v is None or (isinstance(v, float) and pd.isna(v)) else v
            out.append({"id": r[idc], "name": get("name"),
                        "color": get("color") or get("colour"),
                        "description": get("description")})
        return out
    if isinstance(sides, Mapping):
        out = []
        for k, v in sides.items():
            if isinstance(v, Side):
                out.append({"id": k, "name": v.name, "color": v.color,
                            "description": v.description})
            elif isinstance(v, Mapping):
                out.append({"id": k, "name": v.get("name"), "color": v.get("color"),
                            "description": v.get("description")})
            elif v is None or isinstance(v, str):
                out.append({"id": k, "name": v})
            else:
                raise ValueError(f"side {k!r}: expected a display name or a dict with 'name' "
                                 f"and 'color', got {type(v).__name__}")
        return out
    if isinstance(sides, str):
        raise ValueError("sides must be a list of ids, a dict, a DataFrame or a Sides "
                         f"object, not the string {sides!r}")
    try:
        items = list(sides)
    except TypeError:
        raise ValueError("sides must be a list of ids, a dict {id: name}, a DataFrame with "
                         f"side_id/name/color, or a Sides object; got {type(sides).__name__}"
                         ) from None
    return [{"id": x} for x in items]


def as_sides(sides) -> Sides:
    """Any accepted declaration (list, dict, DataFrame, Sides) as :class:`Sides`."""
    return sides if isinstance(sides, Sides) else Sides(sides)


def load_sides(case: str | None = None) -> Sides:
    """The sides table of a bundled case (default: the default case)."""
    from .data import _load_resource
    return Sides(_load_resource("sides", case))


def _fallback_color(side: str) -> str:
    # zlib.crc32, not hash(): str hashes change between processes (PYTHONHASHSEED)
    return PALETTE[zlib.crc32(side.encode("utf-8")) % len(PALETTE)]


@functools.lru_cache(maxsize=1)
def _registry() -> Sides:
    from .data import list_cases
    merged: dict = {}
    for case in list_cases():                     # the default case first
        try:
            declared = load_sides(case)
        except (FileNotFoundError, OSError):      # a stripped install without that case
            continue
        for sid, side in declared.items():
            merged.setdefault(sid, side)
    return Sides(merged)


def registry() -> Sides:
    """The one registry of sides: every bundled case's sides table, default case first.

    A side id declared by two cases keeps the default case's name and colour. Plots and
    summaries look a side up here when the caller passes no declaration for it (see
    the module docstring for the order of look-ups).

    Returns
    -------
    Sides
        Id -> :class:`Side` (display name and colour), read from the bundled data (empty
        when no bundled case is installed).

    Examples
    --------
    >>> from analysis.sides import registry
    >>> reg = registry()
    >>> reg.label("us"), reg.color("militia")
    ('US forces', '#D55E00')
    """
    try:
        return _registry()
    except Exception:                             # no bundled data at all
        return Sides({})


def _is_id_list(sides) -> bool:
    return (isinstance(sides, (list, tuple)) and len(sides) > 0
            and all(isinstance(x, str) for x in sides))


def _resolve(sides) -> Sides | None:
    if sides is None:
        return None
    if isinstance(sides, pd.DataFrame) and "side_id" not in sides.columns \
            and ("sides" in sides.attrs or "date" in sides.columns):
        decl = sides.attrs.get("sides")            # an incident table: its declared sides
        return as_sides(decl) if decl else None
    return as_sides(sides)


def _lookup(side, sides):
    """The declared :class:`Side` of ``side`` (declaration first, then the registry)."""
    side = str(side)
    if sides is not None and not _is_id_list(sides):
        decl = _resolve(sides)
        if decl is not None and side in decl:
            return decl[side]
    reg = registry()
    return reg[side] if side in reg else None


def _with_article(label: str) -> str:
    """``label`` after its indefinite article, for figure labels ("an Iran-aligned
    militias event day", "a US forces strike day"): "an" before a written A, E, I or O
    (a leading U is read "you", as in US or Ukraine)."""
    return f"{'an' if label[:1].upper() in 'AEIO' else 'a'} {label}"


def side_label(side, sides=None) -> str:
    """Display name of ``side`` (capitalised as declared, e.g. "US forces").

    Parameters
    ----------
    side : str
        A side id, as in the ``side`` column.
    sides : declaration or incident table, optional
        A declaration (see :class:`Sides`) or an incident table returned by
        :func:`~analysis.read_incidents` / :func:`~analysis.load_incidents` (its declared
        sides travel in ``attrs["sides"]``). Sides it does not declare are looked up in
        :func:`registry` (the bundled cases' sides tables).

    Returns
    -------
    str
        The declared name; for a side declared nowhere, the id itself.

    Examples
    --------
    >>> import analysis as ea
    >>> ea.side_label("a", ea.load_incidents("toy")), ea.side_label("us"), ea.side_label("zz")
    ('Side A', 'US forces', 'zz')
    """
    found = _lookup(side, sides)
    return found.name if found is not None else str(side)


def side_color(side, sides=None, *, order=None) -> str:
    """Colour of ``side`` (#RRGGBB): the colour of the side's marks in every figure.

    Colour marks the acting side (see the module docstring): pass the side whose
    actions the mark counts (for a response of B to A, B; :func:`acting_color`).

    Parameters
    ----------
    side : str
    sides : declaration, incident table or list of ids, optional
        As for :func:`side_label`. A plain list of ids declares nothing and is taken as
        ``order`` (so ``side_color(s, model.sides)`` works for any model).
    order : sequence of str, optional
        The sides of the figure in order: a side declared nowhere gets the palette
        colour of its position (else a palette colour fixed by its id).

    Returns
    -------
    str
        The declared colour; undeclared sides get an Okabe-Ito palette colour.

    Examples
    --------
    >>> import analysis as ea
    >>> ea.side_color("b", {"a": "Side A", "b": {"name": "Side B", "color": "#000000"}})
    '#000000'
    >>> ea.side_color("militia"), ea.side_color("x", order=["x", "y"])
    ('#D55E00', '#0072B2')
    """
    found = _lookup(side, sides)
    if found is not None:
        return found.color
    if order is None and _is_id_list(sides):
        order = sides
    order = [str(o) for o in order] if order is not None else []
    if str(side) in order:
        return PALETTE[order.index(str(side)) % len(PALETTE)]
    return _fallback_color(str(side))


def acting_color(source, target, sides=None) -> str:
    """Colour of an effect ``source -> target``: the colour of ``target``, the side that acts.

    The one colour rule of the package (colour marks the acting side) applied to a
    cross-effect, an impulse response or a kernel: the plotted quantity counts the
    target's actions (its attacks or strikes in response), so it is drawn in the
    target's colour.

    Parameters
    ----------
    source : str
        The side whose action triggers (the impulse).
    target : str
        The side that responds (the response).
    sides : declaration, incident table or list of ids, optional
        As for :func:`side_color`.

    Returns
    -------
    str

    Examples
    --------
    >>> from analysis.sides import acting_color, side_color
    >>> acting_color("militia", "us") == side_color("us")
    True
    """
    del source                                    # the trigger does not set the colour
    return side_color(target, sides)


def side_colors(sides) -> dict:
    """``{id: colour}`` for every side of ``sides`` (for seaborn's ``palette=``).

    Sides of a plain list of ids get their registry colour, else their palette colour
    by position (as :func:`side_color` gives them).
    """
    if _is_id_list(sides):
        return {s: side_color(s, order=sides) for s in sides}
    return _resolve(sides).colors()
