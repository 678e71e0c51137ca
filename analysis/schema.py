"""The incident schema (``data/datapackage.json``) and the row validator built on it.

``datapackage.json`` is the single source of truth: a Frictionless Data Package whose
Table Schemas give each column's type, allowed values, missing-value marker, primary
and foreign keys. This module reads it and checks tables against it, reporting every
problem with its row, column and value. (The test suite also checks the bundled data
with the independent ``frictionless`` validator.)
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

__all__ = ["datapackage_path", "load_datapackage", "table_schema", "Problem",
           "validate_frame", "empty_cells", "validate_records", "coerce_table", "parse_dates",
           "LIST_SEPARATOR", "MIN_DATE"]

#: Separator of multi-valued cells (``sources``, ``retaliation_for``, ``raw_rows``).
LIST_SEPARATOR = ";"


def datapackage_path() -> Path:
    """``data/datapackage.json`` in a checkout, else the copy bundled in the wheel."""
    for p in (paths.DATA / "datapackage.json", paths.BUNDLED / "datapackage.json"):
        if p.exists():
            return p
    raise FileNotFoundError(
        "data/datapackage.json not found in the checkout nor in the installed package; "
        "reinstall escalation-analysis")


@lru_cache(maxsize=1)
def _load_datapackage_cached(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_datapackage() -> dict:
    """The parsed data package descriptor (a fresh copy on each call)."""
    return json.loads(_load_datapackage_cached(str(datapackage_path())))


def table_schema(resource: str = "incidents") -> dict:
    """The Table Schema of one resource of the data package."""
    for r in load_datapackage()["resources"]:
        if r["name"] == resource:
            return r["schema"]
    raise KeyError(f"no resource {resource!r} in datapackage.json")


@dataclass(frozen=True)
class Problem:
    """One validation failure: where, what, why."""

    row: int | None        # 1-based data row
    line: int | None       # 1-based physical line of a CSV file (header = 1)
    column: str | None
    value: object
    reason: str


#: Plausible maxima stated by the schema (``maximum`` constraints): ``n_attacks`` <= 10,000
#: per incident, casualty figures <= 100,000. Dates lie between :data:`MIN_DATE` and today.
MIN_DATE = pd.Timestamp("1900-01-01")
#: Invisible characters that make two ids look equal: zero-width space/non-joiner/joiner,
#: left-to-right/right-to-left marks, word joiner, BOM, soft hyphen.
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"
_INVISIBLE_RE = "[" + INVISIBLE + "]"
#: Columns whose values are ids or categories: matched exactly (see :func:`validate_frame`).
KEY_COLUMNS = ("incident_id", "side", "target_side", "event_type", "weapon", "target_kind",
               "confirmation", "date_precision", "site_id", "country", "admin1", "source_id",
               "side_id", "actor_id", "kind", "role", "outcome")
#: List-valued id columns (``;``-separated; spaces around items allowed): no invisible
#: characters.
LIST_KEY_COLUMNS = ("sources", "retaliation_for")
#: Free-text category columns in which two spellings equal up to case or spaces are refused.
FOLD_COLUMNS = ("country", "admin1", "site_id", "side", "target_side")
_NONASCII_DIGIT = "[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f\uff10-\uff19]"
_TRUE = {"true", "True", "TRUE", "1"}       # Frictionless' default trueValues
_FALSE = {"false", "False", "FALSE", "0"}

# date forms read without date_format: (regex, strptime format or None for d/m order)
_DATE_FORMS = [
    (r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", "%Y-%m-%d"),
    (r"[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}", "%Y/%m/%d"),
    (r"(?:19|20)[0-9]{6}", "%Y%m%d"),
    (r"[0-9]{1,2} [A-Za-z]+,? [0-9]{4}", None),        # 28 January 2024, 28 Jan 2024
    (r"[A-Za-z]+ [0-9]{1,2},? [0-9]{4}", None),        # January 28, 2024
    (r"[0-9]{1,2}-[A-Za-z]{3}-[0-9]{4}", "%d-%b-%Y"),  # 28-Jan-2024
]
_TEXT_MONTH_FORMATS = ["%d %B %Y", "%d %b %Y", "%d %B, %Y", "%d %b, %Y", "%B %d, %Y",
                       "%b %d, %Y", "%B %d %Y", "%b %d %Y"]
_NUMERIC_DM = r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})"
_MIDNIGHT = r"(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?"


def _is_missing(v, missing: set) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip() in missing


class _Col:
    """A column split into its missing cells, text cells and typed (non-text) cells."""

    def __init__(self, s: pd.Series, missing: set):
        self.n = len(s)
        self.s = s
        dt = s.dtype
        self._stripped = None
        if pd.api.types.is_string_dtype(dt) and not pd.api.types.is_object_dtype(dt):
            na = s.isna().to_numpy()
            stripped = s.str.strip()
            self._stripped = stripped
            self.missing = na | stripped.isin(list(missing)).to_numpy(bool)
            self.is_text = ~self.missing
        elif pd.api.types.is_object_dtype(dt):
            na = s.isna().to_numpy()
            is_str = np.fromiter((isinstance(v, str) for v in s.tolist()), bool, self.n)
            st = s.where(is_str, "").astype(str).str.strip()
            self.missing = na | (is_str & st.isin(list(missing)).to_numpy(bool))
            self.is_text = is_str & ~self.missing
        else:
            self.missing = s.isna().to_numpy()
            self.is_text = np.zeros(self.n, bool)
        self.is_typed = ~self.missing & ~self.is_text

    def text(self) -> pd.Series:
        """The text cells, stripped (index = positions)."""
        if self._stripped is not None:
            return self._stripped[self.is_text].set_axis(np.flatnonzero(self.is_text))
        t = self.s[self.is_text]
        if not pd.api.types.is_string_dtype(t.dtype) or pd.api.types.is_object_dtype(t.dtype):
            t = t.astype("str")
        return t.str.strip().set_axis(np.flatnonzero(self.is_text))

    def typed(self) -> pd.Series:
        return self.s[self.is_typed].set_axis(np.flatnonzero(self.is_typed))


class _Problems:
    def __init__(self, n: int):
        self.n = n
        self.parts: list[pd.DataFrame] = []

    def add(self, pos, column, values, reason):
        pos = np.asarray(pos, dtype=np.int64)
        if not len(pos):
            return
        if isinstance(values, pd.Series):
            values = [v.item() if isinstance(v, np.generic) else v for v in values.tolist()]
        elif values is None:
            values = [None] * len(pos)
        reasons = reason.tolist() if isinstance(reason, pd.Series) else [reason] * len(pos)
        self.parts.append(pd.DataFrame({"pos": pos, "column": pd.Series([column] * len(pos),
                                                                        dtype=object),
                                        "value": pd.Series(values, dtype=object),
                                        "reason": pd.Series(reasons, dtype=object)}))

    def frame(self) -> pd.DataFrame:
        if not self.parts:
            return pd.DataFrame({"pos": np.array([], np.int64), "column": [], "value": [],
                                 "reason": []})
        return pd.concat(self.parts, ignore_index=True)


def _suggest(value: str, allowed) -> str | None:
    """The allowed value equal to ``value`` up to case, spaces and invisible characters,
    or a close spelling (difflib); None if none."""
    f = _fold(value)
    for a in allowed:
        if _fold(a) == f:
            return a
    close = difflib.get_close_matches(value, list(allowed), n=1, cutoff=0.8)
    return close[0] if close else None


def _fold(v: str) -> str:
    v = unicodedata.normalize("NFKC", str(v))
    return re.sub(r"[\s" + INVISIBLE + r"_-]+", "", v).casefold()


def _check_enum(t: pd.Series, allowed: set, name: str, probs: _Problems, *,
                what: str = "category", declare: str = "codebook=") -> None:
    bad = ~t.isin(list(allowed))
    if not bad.any():
        return
    bt = t[bad]
    reasons = {}
    for u in bt.unique():
        sug = _suggest(u, allowed)
        shown = ", ".join(sorted(map(str, allowed)))
        if len(shown) > 300:
            shown = shown[:300] + " ..."
        reasons[u] = (f"unknown {what}" + (f"; did you mean {sug!r}? (values are matched exactly:"
                                           " case, spaces and invisible characters count)"
                                           if sug else "")
                      + f"; allowed: {shown}. Declare new values with {declare}")
    probs.add(bt.index, name, bt, bt.map(reasons))


def _fold_collisions(t: pd.Series, name: str, probs: _Problems) -> None:
    """Two spellings equal up to case/spaces/invisible characters: refuse the rarer."""
    u = t.value_counts(sort=False)
    if len(u) < 2:
        return
    folded = pd.Series([_fold(x) for x in u.index], index=u.index)
    groups = folded.groupby(folded.to_numpy()).groups
    reasons = {}
    for _, members in groups.items():
        if len(members) < 2:
            continue
        ranked = sorted(members, key=lambda m: (-u[m], str(m)))
        keep = ranked[0]
        for m in ranked[1:]:
            reasons[m] = (f"differs from {keep!r} (also in this column) only in case, spaces or "
                          "invisible characters; use one spelling")
    if reasons:
        bad = t.isin(list(reasons))
        probs.add(t.index[bad.to_numpy()], name, t[bad], t[bad].map(reasons))


def parse_dates(t: pd.Series, date_format: str | None = None):
    """Parse stripped date strings. Returns (datetime64 Series, reason Series for failures).

    Without ``date_format``: ISO ``YYYY-MM-DD`` (also with a midnight time, as exports
    write it), ``YYYY/MM/DD``, ``YYYYMMDD``, ``28 January 2024``, ``28 Jan 2024``,
    ``January 28, 2024``, ``28-Jan-2024``; and ``DD/MM/YYYY`` or ``MM/DD/YYYY`` (also
    with ``.`` or ``-``) only where the order cannot be mistaken (a part above 12, or
    day = month): ``03/04/2024`` is refused as ambiguous unless ``date_format`` says
    which order the file uses.
    """
    codes, uniq = pd.factorize(t, sort=False)
    uniq = pd.Series(uniq, dtype=object).astype(str)
    out = pd.Series(pd.NaT, index=range(len(uniq)), dtype="datetime64[us]")
    why = pd.Series(None, index=range(len(uniq)), dtype=object)
    if date_format is not None:
        parsed = pd.to_datetime(uniq, format=date_format, errors="coerce")
        out[:] = parsed.astype("datetime64[us]")
        why[parsed.isna()] = f"does not match date_format={date_format!r}"
    else:
        todo = pd.Series(True, index=uniq.index)
        time_of_day = uniq.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?") & \
            ~uniq.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}" + _MIDNIGHT)
        why[time_of_day] = ("has a time of day; give the local date here and the time in "
                            "time_local (HH:MM)")
        todo &= ~time_of_day
        for pattern, fmt in _DATE_FORMS:
            pat = pattern + (_MIDNIGHT if fmt == "%Y-%m-%d" else "")
            m = todo & uniq.str.fullmatch(pat)
            if not m.any():
                continue
            vals = uniq[m]
            if fmt == "%Y-%m-%d":
                vals = vals.str.slice(0, 10)
                vals = vals.where(vals.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
                                  vals.str.split(r"[T ]").str[0])
            if fmt is None:
                parsed = pd.Series(pd.NaT, index=vals.index, dtype="datetime64[us]")
                for f in _TEXT_MONTH_FORMATS:
                    left = parsed.isna()
                    if not left.any():
                        break
                    parsed[left] = pd.to_datetime(vals[left], format=f, errors="coerce")
            else:
                parsed = pd.to_datetime(vals, format=fmt, errors="coerce")
            out[m] = parsed.astype("datetime64[us]")
            why[m & out.isna()] = ("not a valid calendar date" if fmt == "%Y-%m-%d" else
                                   "not a valid calendar date (or an unknown month name)")
            todo &= ~m
        m = todo & uniq.str.fullmatch(_NUMERIC_DM)
        if m.any():
            parts = uniq[m].str.extract(_NUMERIC_DM).astype(int)
            a, b, y = parts[0], parts[1], parts[2]
            dayfirst = (a > 12) & (b <= 12)
            monthfirst = (b > 12) & (a <= 12)
            same = a == b
            ambiguous = ~dayfirst & ~monthfirst & ~same & (a <= 12) & (b <= 12)
            if dayfirst.any() and monthfirst.any():
                minority = monthfirst if dayfirst.sum() >= monthfirst.sum() else dayfirst
                ex_d = uniq[m][dayfirst].iloc[0]
                ex_m = uniq[m][monthfirst].iloc[0]
                why[minority[minority].index] = (
                    f"the column mixes day-first ({ex_d!r}) and month-first ({ex_m!r}) dates; "
                    "fix the file or pass date_format")
                dayfirst &= ~minority
                monthfirst &= ~minority
            day = a.where(dayfirst | same, b)
            month = b.where(dayfirst | same, a)
            ok = dayfirst | monthfirst | same
            iso = (y.astype(str).str.zfill(4) + "-" + month.astype(str).str.zfill(2) + "-"
                   + day.astype(str).str.zfill(2))
            parsed = pd.to_datetime(iso[ok], format="%Y-%m-%d", errors="coerce")
            out[ok[ok].index] = parsed.astype("datetime64[us]")
            why[ok[ok & out[ok.index].isna()].index] = "not a valid calendar date"
            why[ambiguous[ambiguous].index] = (
                "ambiguous day/month order (could be DD/MM/YYYY or MM/DD/YYYY); pass "
                "date_format='%d/%m/%Y' or '%m/%d/%Y' (or write dates as YYYY-MM-DD)")
            todo &= ~m
        why[todo & why.isna()] = ("not a date (write YYYY-MM-DD, or an unambiguous form such as "
                                  "'28 January 2024'; pass date_format for others)")
    dates = pd.Series(out.to_numpy()[codes], index=t.index)
    reasons = pd.Series(why.to_numpy()[codes], index=t.index)
    return dates, reasons


def _parse_field(col: _Col, field: dict, name: str, probs: _Problems, *, vocab=None,
                 today=None, date_format=None):
    """Check one column; returns the typed column (all rows; NA where missing/invalid)."""
    t_ = field.get("type", "string")
    c = field.get("constraints", {})
    n = col.n
    if t_ == "date":
        vals = pd.Series(pd.NaT, index=range(n), dtype="datetime64[us]")
        if col.is_text.any():
            text = col.text()
            d, why = parse_dates(text, date_format)
            bad = why.notna()
            probs.add(text.index[bad.to_numpy()], name, text[bad], why[bad])
            vals.iloc[text.index[~bad.to_numpy()]] = d[~bad].to_numpy()
        if col.is_typed.any():
            ty = col.typed()
            try:
                d = pd.to_datetime(ty, errors="coerce")
                if getattr(d.dt, "tz", None) is not None:
                    d = d.dt.tz_localize(None)
            except (TypeError, ValueError):
                d = pd.Series([pd.to_datetime(v, errors="coerce") if not isinstance(v, bool)
                               else pd.NaT for v in ty], index=ty.index)
                d = pd.to_datetime(d, errors="coerce")
            bad = d.isna().to_numpy()
            probs.add(ty.index[bad], name, ty[bad], "expected a date")
            tod = ~bad & (d != d.dt.normalize()).to_numpy()
            probs.add(ty.index[tod], name, ty[tod], "expected a date without time of day "
                      "(give the time in time_local)")
            ok = ~bad & ~tod
            vals.iloc[ty.index[ok]] = d[ok].astype("datetime64[us]").to_numpy()
        lo = pd.Timestamp(c.get("minimum", MIN_DATE))
        early = (vals < lo).to_numpy()
        probs.add(np.flatnonzero(early), name, vals[early].dt.strftime("%Y-%m-%d"),
                  f"before {lo.date()} (the schema's earliest date)")
        if today is not None:
            late = (vals > pd.Timestamp(today)).to_numpy()
            probs.add(np.flatnonzero(late), name, vals[late].dt.strftime("%Y-%m-%d"),
                      f"after today ({pd.Timestamp(today).date()}): a date in the future")
            vals[late] = pd.NaT
        vals[early] = pd.NaT
        return vals.astype("datetime64[ns]")
    if t_ in ("integer", "number"):
        vals = np.full(n, np.nan)
        if col.is_text.any():
            text = col.text()
            pat = (r"[+-]?[0-9]{1,18}" if t_ == "integer"
                   else r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]*)?|\.[0-9]+)")
            ok = text.str.fullmatch(pat).to_numpy(bool)
            if not ok.all():
                bt = text[~ok]
                nonascii = bt.str.contains(_NONASCII_DIGIT).to_numpy(bool)
                big = bt.str.fullmatch(r"[+-]?[0-9]{19,}").to_numpy(bool)
                what = "an integer" if t_ == "integer" else "a number"
                r = np.where(nonascii, "digits other than ASCII 0-9 (e.g. Arabic-Indic or "
                             "full-width); write numbers with the ASCII digits 0-9",
                             np.where(big, f"too large: more than 18 digits (overflows 64 "
                                      f"bits); the schema's maximum is {c.get('maximum')}",
                                      f"expected {what} written with the digits 0-9" +
                                      (" only (no decimal point, exponent, '_' or thousands "
                                       "separator)" if t_ == "integer" else
                                       " and '.' (no exponent, '_' or thousands separator)")))
                probs.add(bt.index, name, bt, pd.Series(r, index=bt.index))
            good = text[ok]
            vals[good.index] = pd.to_numeric(good, errors="coerce").to_numpy(dtype=float) \
                if t_ == "number" else good.astype("int64").to_numpy()
        if col.is_typed.any():
            ty = col.typed()
            isbool = np.fromiter((isinstance(v, (bool, np.bool_)) for v in ty.tolist()), bool,
                                 len(ty)) if ty.dtype == object or ty.dtype == bool else \
                np.zeros(len(ty), bool)
            num = pd.to_numeric(ty.where(~isbool, None), errors="coerce").astype(float)
            fin = np.isfinite(num.to_numpy())
            probs.add(ty.index[isbool], name, ty[isbool], f"expected {'an integer' if t_ == 'integer' else 'a number'}, got a boolean")
            nonnum = ~isbool & ~fin
            probs.add(ty.index[nonnum], name, ty[nonnum],
                      "expected a finite number" if t_ == "number" else "expected an integer")
            good = ~isbool & fin
            if t_ == "integer":
                frac = good & (num.to_numpy() != np.floor(num.to_numpy()))
                probs.add(ty.index[frac], name, ty[frac], "expected an integer (a whole number)")
                good &= ~frac
            vals[ty.index[good]] = num.to_numpy()[good]
        if "minimum" in c:
            m = vals < c["minimum"]
            probs.add(np.flatnonzero(m), name, col.s[m], f"must be >= {c['minimum']}")
            vals[m] = np.nan
        if "maximum" in c:
            m = vals > c["maximum"]
            probs.add(np.flatnonzero(m), name, col.s[m],
                      f"must be <= {c['maximum']:,} (the schema's plausible maximum)")
            vals[m] = np.nan
        if t_ == "integer":
            out = pd.array(vals, dtype="Float64")
            out[np.isnan(vals)] = pd.NA
            return pd.Series(out.astype("Int64"))
        return pd.Series(vals, dtype="float64")
    if t_ == "boolean":
        vals = pd.array([pd.NA] * n, dtype="boolean")
        if col.is_text.any():
            text = col.text()
            tr, fa = text.isin(list(_TRUE)).to_numpy(), text.isin(list(_FALSE)).to_numpy()
            probs.add(text.index[~tr & ~fa], name, text[~tr & ~fa],
                      "expected a boolean (true or false)")
            vals[text.index[tr]] = True
            vals[text.index[fa]] = False
        if col.is_typed.any():
            ty = col.typed()
            for i, v in zip(ty.index, ty.tolist()):
                if isinstance(v, (bool, np.bool_)):
                    vals[i] = bool(v)
                else:
                    probs.add([i], name, [v], "expected a boolean (true or false)")
        return pd.Series(vals)
    # strings
    if col.is_typed.any():
        ty = col.typed()
        probs.add(ty.index, name, ty, "expected text, got a "
                  + ty.map(lambda v: type(v).__name__).astype(str))
    if col.is_text.any():
        raw = col.s[col.is_text]
        raw = raw.astype("str") if raw.dtype == object else raw
        raw = raw.set_axis(np.flatnonzero(col.is_text))
        if name in KEY_COLUMNS or name in LIST_KEY_COLUMNS:
            inv = raw.str.contains(_INVISIBLE_RE).to_numpy(bool)
            probs.add(raw.index[inv], name, raw[inv], "contains an invisible character "
                      "(zero-width space or joiner, direction mark, BOM or soft hyphen); "
                      "remove it")
            stripped = col.text() if col._stripped is not None else raw.str.strip()
            sp = (raw != stripped).to_numpy(bool) & ~inv if name in KEY_COLUMNS else \
                np.zeros(len(raw), bool)
            probs.add(raw.index[sp], name, raw[sp], "has leading or trailing spaces")
            ok = ~inv & ~sp
        else:
            ok = np.ones(len(raw), bool)
        text = raw[ok]
        allowed = (vocab or {}).get(name)
        if allowed is None and "enum" in c:
            allowed = set(c["enum"])
        if allowed is not None:
            what, declare = ("side", "sides=") if name in ("side", "target_side") \
                else ("category", "codebook=")
            _check_enum(text, set(allowed), name, probs, what=what, declare=declare)
        elif "pattern" in c:
            pm = text.str.fullmatch(c["pattern"].strip("^$")).to_numpy(bool)
            probs.add(text.index[~pm], name, text[~pm],
                      f"does not match the pattern {c['pattern']}")
        if name in FOLD_COLUMNS and allowed is None:
            _fold_collisions(text, name, probs)
    out = col.s.astype(object).where(col.is_text | col.is_typed, None) if col.s.dtype == object \
        else col.s.where(~col.missing)
    return out.astype("str") if out.dtype == object else out.where(~col.missing)


def _as_text(s: pd.Series) -> pd.Series:
    """Typed cells of a text column as text where the reading is unambiguous: integers
    (and whole floats, as a column with gaps stores them) as digits, clock times as HH:MM
    (Excel); anything else is left for the validator to refuse."""
    def conv(v):
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        if isinstance(v, (bool, np.bool_)):
            return v
        if isinstance(v, (int, np.integer)):
            return str(int(v))
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            return str(int(v))
        if isinstance(v, _dt.time):
            return v.strftime("%H:%M") if not v.second and not v.microsecond else v
        return v
    return pd.Series([conv(v) for v in s.tolist()], index=s.index, dtype=object)


def empty_cells(s: pd.Series, where=None) -> np.ndarray:
    """Boolean mask of the cells of ``s`` that are missing or only spaces, evaluated only
    at ``where`` (a boolean mask; False elsewhere) so that it stays cheap on big tables."""
    n = len(s)
    out = np.zeros(n, bool)
    idx = np.flatnonzero(where) if where is not None else np.arange(n)
    if not len(idx):
        return out
    sub = s.iloc[idx]
    e = sub.isna().to_numpy().copy()
    if sub.dtype == object or pd.api.types.is_string_dtype(sub.dtype):
        e |= (sub.astype("str").str.strip() == "").fillna(False).to_numpy(bool)
    out[idx] = e
    return out


def validate_frame(cells: pd.DataFrame, schema: dict, *, vocab: dict | None = None,
                   foreign: dict | None = None, today=None, date_format=None,
                   row_problems: pd.DataFrame | None = None):
    """Check a whole table column by column (vectorised); never raises for bad cells.

    Parameters
    ----------
    cells : DataFrame
        Text cells (as read from CSV), typed cells, or a mix.
    schema : dict
        A Table Schema.
    vocab : dict, optional
        ``{column: allowed values}`` replacing the schema's ``enum`` (a codebook
        extends the bundled vocabulary; declared sides for ``side``/``target_side``).
    foreign : dict, optional
        ``{column: set of allowed ids}``; list-valued columns (``sources``,
        ``retaliation_for``) are split at ``;`` and each id checked.
    today : date-like, optional
        Dates after it are refused.
    date_format : str, optional
        strptime format of the text dates (see :func:`parse_dates`).
    row_problems : DataFrame, optional
        Problems found by the reader (``pos``, ``column``, ``value``, ``reason``).

    Returns
    -------
    (typed, problems)
        ``typed``: the table with schema columns typed (dates ``datetime64[ns]``,
        integers ``Int64``, numbers ``float64``, text ``str``; NA where missing or
        invalid) and other columns as they were; ``problems``: one row per problem with
        ``pos`` (0-based row position), ``column``, ``value``, ``reason``, in row order.
    """
    missing = set(schema.get("missingValues", [""]))
    n = len(cells)
    probs = _Problems(n)
    if row_problems is not None and len(row_problems):
        probs.parts.append(row_problems[["pos", "column", "value", "reason"]])
    fields = {f["name"]: f for f in schema["fields"]}
    typed = {}
    all_missing = np.ones(n, bool) if len(cells.columns) else np.zeros(n, bool)
    cols = {}
    for name in cells.columns:
        if name in fields:
            s = cells[name].reset_index(drop=True)
            if isinstance(s.dtype, pd.CategoricalDtype):
                s = s.astype(object)
            if fields[name].get("type", "string") == "string" and not (
                    pd.api.types.is_string_dtype(s.dtype) and not
                    pd.api.types.is_object_dtype(s.dtype)):
                s = _as_text(s)
            cols[name] = _Col(s, missing)
            all_missing &= cols[name].missing
    for name in cells.columns:
        if name not in fields and all_missing.any():
            all_missing &= empty_cells(cells[name].reset_index(drop=True), all_missing)
    probs.add(np.flatnonzero(all_missing), None, None,
              "blank row (every cell empty, only delimiters)")
    for name, field in fields.items():
        if name not in cols:
            continue
        col = cols[name]
        if field.get("constraints", {}).get("required"):
            m = col.missing & ~all_missing
            probs.add(np.flatnonzero(m), name, None, "required value is missing")
        typed[name] = _parse_field(col, field, name, probs, vocab=vocab, today=today,
                                   date_format=date_format)
    # uniqueness (single-field unique constraints and the primary key)
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else list(pk)
    unique_sets = [[f] for f, spec in fields.items() if spec.get("constraints", {}).get("unique")]
    if pk and pk not in unique_sets:
        unique_sets.append(pk)
    for ucols in unique_sets:
        if not set(ucols) <= set(cells.columns):
            continue
        present = np.ones(n, bool)
        for u in ucols:
            present &= ~cols[u].missing
        keys = (cells[ucols[0]].reset_index(drop=True).astype("str") if len(ucols) == 1 else
                cells[ucols].reset_index(drop=True).astype("str").agg(",".join, axis=1))
        keys = keys[present]
        dup = keys.duplicated(keep="first").to_numpy()
        if dup.any():
            first = pd.Series(keys.index, index=keys.index).groupby(keys.to_numpy()).transform("min")
            d = keys[dup]
            probs.add(d.index, ",".join(ucols), d,
                      "duplicate value; first seen in row " + (first[dup] + 1).astype(str))
    for name, allowed in (foreign or {}).items():
        if name not in cols or allowed is None:
            continue
        col = cols[name]
        text = col.text() if col.is_text.any() else pd.Series([], dtype="str")
        if not len(text):
            continue
        label = "the incident table" if name == "retaliation_for" else \
            f"the {fields.get(name, {}).get('x-reference', name if name != 'site_id' else 'sites')} table"
        if name in ("sources", "retaliation_for", "raw_rows"):
            items = text.str.split(LIST_SEPARATOR).explode()
            items = items.astype("str").str.strip()
            empty = items == ""
            e = items[empty]
            e = e[~e.index.duplicated()]
            probs.add(e.index, name, text[e.index], f"empty item in a '{LIST_SEPARATOR}'-separated list")
            items = items[~empty]
        else:
            items = text
        bad = ~items.isin(list(allowed))
        b = items[bad]
        b = b[~b.index.duplicated()]
        probs.add(b.index, name, b, f"refers to an id that is not in {label}")
    out = cells.reset_index(drop=True).copy() if len(typed) < len(cells.columns) else \
        pd.DataFrame(index=range(n))
    for name in cells.columns:
        if name in typed:
            out[name] = typed[name]
    out = out[list(cells.columns)]
    p = probs.frame()
    if len(p):
        order = {c: i for i, c in enumerate([None] + list(cells.columns))}
        p["_c"] = p["column"].map(lambda c: order.get(c, len(order)))
        p = p.sort_values(["pos", "_c"], kind="stable").drop(columns="_c").reset_index(drop=True)
    return out, p


def validate_records(df: pd.DataFrame, schema: dict, *, lines=None,
                     foreign: dict | None = None) -> list[Problem]:
    """Check every cell of ``df`` against ``schema``; return all problems (never raises).

    A list of :class:`Problem` (1-based rows), as :func:`validate_frame` finds them.
    """
    _, p = validate_frame(df, schema, foreign=foreign)
    out = []
    for r in p.itertuples(index=False):
        pos = int(r.pos)
        out.append(Problem(pos + 1, None if lines is None else int(lines[pos]), r.column,
                           r.value, r.reason))
    return out


def coerce_table(df: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Convert validated cells to typed columns.

    dates -> ``datetime64[ns]``; integers -> nullable ``Int64``; numbers -> ``float64``;
    strings -> pandas' ``str`` dtype (missing values ``NaN``). Columns not in the schema
    are kept as they are. Invalid cells become missing (validate first).
    """
    typed, _ = validate_frame(df, schema)
    typed.index = df.index
    return typed
