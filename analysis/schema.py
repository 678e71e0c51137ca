"""The incident schema (``data/datapackage.json``) and the row validator built on it.

``datapackage.json`` is the single source of truth: a Frictionless Data Package whose
Table Schemas give each column's type, allowed values, missing-value marker, primary
and foreign keys. This module reads it and checks tables against it, reporting every
problem with its row, column and value. (The test suite also checks the bundled data
with the independent ``frictionless`` validator.)
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

__all__ = ["datapackage_path", "load_datapackage", "table_schema", "Problem",
           "validate_records", "coerce_table", "LIST_SEPARATOR"]

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


_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[+-]?\d+$")
_TRUE = {"true", "True", "TRUE", "1"}       # Frictionless' default trueValues
_FALSE = {"false", "False", "FALSE", "0"}


def _is_missing(v, missing: set) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip() in missing


def _check_value(v, field: dict):
    """Return (parsed value, reason or None)."""
    t = field.get("type", "string")
    c = field.get("constraints", {})
    if t == "date":
        if isinstance(v, (pd.Timestamp, _dt.datetime)):
            ts = pd.Timestamp(v)
            if ts != ts.normalize():
                return None, "expected a date without time of day (YYYY-MM-DD)"
            parsed = ts.date()
        elif isinstance(v, _dt.date):
            parsed = v
        else:
            s = str(v).strip()
            if not _DATE_RE.match(s):
                return None, "not a date in ISO form YYYY-MM-DD"
            try:
                parsed = _dt.date.fromisoformat(s)
            except ValueError:
                return None, "not a valid calendar date"
        return parsed, None
    if t == "integer":
        if isinstance(v, (bool, np.bool_)):
            return None, "expected an integer, got a boolean"
        if isinstance(v, (int, np.integer)):
            parsed = int(v)
        elif isinstance(v, (float, np.floating)):
            if not float(v).is_integer():
                return None, "expected an integer (a whole number)"
            parsed = int(v)
        else:
            s = str(v).strip()
            if _INT_RE.match(s):
                parsed = int(s)
            else:
                try:
                    f = float(s)
                except ValueError:
                    return None, "expected an integer"
                if not np.isfinite(f) or not f.is_integer():
                    return None, "expected an integer (a whole number)"
                parsed = int(f)
    elif t == "boolean":
        if isinstance(v, (bool, np.bool_)):
            parsed = bool(v)
        elif str(v).strip() in _TRUE:
            parsed = True
        elif str(v).strip() in _FALSE:
            parsed = False
        else:
            return None, "expected a boolean (true or false)"
    elif t == "number":
        try:
            parsed = float(v)
        except (TypeError, ValueError):
            return None, "expected a number"
        if not np.isfinite(parsed):
            return None, "expected a finite number"
    else:
        parsed = v if isinstance(v, str) else str(v)
    if "minimum" in c and parsed < c["minimum"]:
        return None, f"must be >= {c['minimum']}"
    if "maximum" in c and parsed > c["maximum"]:
        return None, f"must be <= {c['maximum']}"
    if "enum" in c and parsed not in c["enum"]:
        return None, f"unknown category; allowed: {', '.join(map(str, c['enum']))}"
    if "pattern" in c and not re.fullmatch(c["pattern"], str(parsed)):
        return None, f"does not match the pattern {c['pattern']}"
    return parsed, None


def validate_records(df: pd.DataFrame, schema: dict, *, lines=None,
                     foreign: dict | None = None) -> list[Problem]:
    """Check every cell of ``df`` against ``schema``; return all problems (never raises).

    Parameters
    ----------
    df : DataFrame
        Cells may be strings (as read from CSV) or typed values.
    schema : dict
        A Table Schema.
    lines : sequence of int, optional
        Physical CSV line of each row, for the messages.
    foreign : dict, optional
        ``{column: set of allowed ids}`` for list-valued reference columns
        (e.g. ``{"sources": {...}}``); each ``;``-separated id must be in the set.
    """
    missing = set(schema.get("missingValues", [""]))
    problems: list[Problem] = []
    fields = {f["name"]: f for f in schema["fields"]}
    line_of = (lambda i: None) if lines is None else (lambda i: int(lines[i]))

    for name, field in fields.items():
        if name not in df.columns:
            continue
        required = field.get("constraints", {}).get("required", False)
        col = df[name].tolist()
        for i, v in enumerate(col):
            if _is_missing(v, missing):
                if required:
                    problems.append(Problem(i + 1, line_of(i), name, None,
                                            "required value is missing"))
                continue
            _, reason = _check_value(v, field)
            if reason:
                problems.append(Problem(i + 1, line_of(i), name, v, reason))

    # uniqueness (single-field unique constraints and the primary key)
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else list(pk)
    unique_sets = [[f] for f, spec in fields.items()
                   if spec.get("constraints", {}).get("unique")]
    if pk and pk not in unique_sets:
        unique_sets.append(pk)
    for cols in unique_sets:
        if not set(cols) <= set(df.columns):
            continue
        keys = df[cols].astype(str).agg("\x1f".join, axis=1) if len(cols) > 1 \
            else df[cols[0]].astype(str)
        first: dict = {}
        for i, k in enumerate(keys.tolist()):
            if k in first:
                problems.append(Problem(i + 1, line_of(i), ",".join(cols), k.replace("\x1f", ","),
                                        f"duplicate value; first seen in row {first[k] + 1}"))
            else:
                first[k] = i

    for name, allowed in (foreign or {}).items():
        if name not in df.columns:
            continue
        for i, v in enumerate(df[name].tolist()):
            if _is_missing(v, missing):
                continue
            for ref in str(v).split(LIST_SEPARATOR):
                ref = ref.strip()
                if ref and ref not in allowed:
                    problems.append(Problem(i + 1, line_of(i), name, ref,
                                            "refers to an id that is not in the sources table"))
                elif not ref:
                    problems.append(Problem(i + 1, line_of(i), name, v,
                                            f"empty item in a '{LIST_SEPARATOR}'-separated list"))
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return problems


def coerce_table(df: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Convert validated string cells to typed columns.

    dates -> ``datetime64[ns]``; integers -> nullable ``Int64``; numbers -> ``float64``;
    strings -> pandas' default ``str`` dtype (missing values ``NaN``). Columns not in the schema
    are kept as they are.
    """
    missing = set(schema.get("missingValues", [""]))
    out = df.copy()
    for field in schema["fields"]:
        name = field["name"]
        if name not in out.columns:
            continue
        vals = [None if _is_missing(v, missing) else v for v in out[name].tolist()]
        t = field.get("type", "string")
        if t == "date":
            out[name] = pd.to_datetime(
                pd.Series([None if v is None else _check_value(v, field)[0] for v in vals],
                          index=out.index, dtype=object), errors="raise").astype("datetime64[ns]")
        elif t == "integer":
            out[name] = pd.array([None if v is None else _check_value(v, field)[0]
                                  for v in vals], dtype="Int64")
        elif t == "boolean":
            out[name] = pd.array([None if v is None else _check_value(v, field)[0]
                                  for v in vals], dtype="boolean")
        elif t == "number":
            out[name] = pd.Series([np.nan if v is None else float(v) for v in vals],
                                  index=out.index, dtype="float64")
        else:
            # pandas' default string dtype (missing = NaN; comparisons give numpy bools)
            out[name] = pd.Series([np.nan if v is None else str(v) for v in vals],
                                  index=out.index, dtype="str")
    return out
