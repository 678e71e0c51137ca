"""The incident table: load the bundled data, validate users' files, derive series.

An *incident* is one action by one side at one place on one local day (the schema is
in ``data/datapackage.json``; the codebook in ``data/README.md``). Models never read
incident rows directly: they take the daily or weekly counts of :func:`to_counts`, or
the event times of :func:`to_events`. Both work for any sides, not just the dyad of the
bundled data.
"""

from __future__ import annotations

import csv
import io
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import paths
from .exceptions import DataError, DataWarning, SpecificationError
from .schema import (LIST_SEPARATOR, Problem, coerce_table, table_schema,
                     validate_records)

__all__ = ["load_incidents", "load_sources", "load_sites", "load_actors", "load_official_tallies",
           "read_incidents",
           "validate_incidents", "ReadResult", "to_counts", "to_events", "EventTimes",
           "stated_triggers", "phase_changes", "phase_of"]

#: Files larger than this are refused unless ``max_bytes`` is raised (200 MB).
MAX_BYTES = 200 * 1024 * 1024
_BOM = b"\xef\xbb\xbf"


# ---------------------------------------------------------------------------------------
# Bundled data
# ---------------------------------------------------------------------------------------
def _processed_dir() -> Path:
    for p in (paths.PROCESSED, paths.BUNDLED / "processed"):
        if (p / "incidents.csv").exists():
            return p
    raise FileNotFoundError(
        "The processed incident table was not found (data/processed/incidents.csv). "
        "In a checkout run `make data`; otherwise reinstall escalation-analysis.")


def _load_resource(name: str) -> pd.DataFrame:
    path = _processed_dir() / f"{name}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return coerce_table(df, table_schema(name))


def load_incidents() -> pd.DataFrame:
    """The bundled incident table, validated.

    Source
        Built by ``python -m analysis.build`` from the source notes in
        ``data/raw/reference`` (compiled from public English and Arabic reporting), the
        incidents told in the project's five Arabic seed reports, and the project's own
        additions from public reporting (``data/raw/additions``). Every row cites at least
        one public source (see :func:`load_sources`); ``data/README.md`` is the codebook.
    Size
        One row per incident, December 2019 - December 2024; about 40 columns (see
        ``data/datapackage.json``). ``len(load_incidents())`` gives the current count.
    Example row
        ``incident_id='20240128-militia-tower-22', date=2024-01-28, side='militia',
        target_side='us', event_type='attack', weapon='drone', country='Jordan',
        location='Tower 22', n_attacks=1, us_killed=3, confirmation='confirmed', ...``

    Returns
    -------
    DataFrame
        ``date`` is ``datetime64``; counts are nullable ``Int64``; text is ``str``.

    Examples
    --------
    >>> from analysis import load_incidents, to_counts
    >>> inc = load_incidents()
    >>> to_counts(inc).sum()          # doctest: +SKIP
    """
    return _load_resource("incidents")


def load_sources() -> pd.DataFrame:
    """The sources table: ``source_id``, ``url``, ``kind``, ``outlet``, ``language``,
    ``published``."""
    return _load_resource("sources")


def load_sites() -> pd.DataFrame:
    """The gazetteer of bases and towns (``site_id``, name, coordinates, aliases)."""
    return _load_resource("sites")


def load_official_tallies() -> pd.DataFrame:
    """Cumulative attack counts given by US officials (not incidents; see the codebook):
    ``as_of_date``, ``since``, ``total``, ``total_is_lower_bound``, ``iraq``, ``syria``,
    ``counting_rule``, ``source_url``."""
    return _load_resource("official_tallies")


def load_actors() -> pd.DataFrame:
    """The lexicon of groups and forces with their side and spelling variants."""
    return _load_resource("actors")


# ---------------------------------------------------------------------------------------
# Reading and validating a user's table
# ---------------------------------------------------------------------------------------
class ReadResult(NamedTuple):
    """What ``read_incidents(..., errors="collect")`` returns.

    ``incidents`` holds the valid rows (typed), ``rejects`` one row per rejected input
    row: ``row``, ``line``, ``column`` and ``value`` of its first problem, ``reason``
    (all problems of the row) and the row's original cells. Always
    ``len(incidents) + len(rejects)`` equals the number of data rows read.
    """

    incidents: pd.DataFrame
    rejects: pd.DataFrame


def _read_csv_records(path: Path, raw: bytes) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """Parse CSV bytes with line tracking. Returns (cells, lines, row problems)."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        bad = raw[e.start:e.start + 4]
        raise DataError(
            f"the file is not UTF-8 (byte {bad[:1].hex()} at offset {e.start}); "
            "re-save it as UTF-8 (with or without BOM), e.g. in LibreOffice choose "
            "'Unicode (UTF-8)' or run iconv -f cp1256 -t utf-8",
            file=path, line=line, value=bad.decode("latin-1")) from None
    if not text.strip():
        raise DataError("the file is empty: expected a header row and data rows", file=path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as e:
        raise DataError(f"the header row cannot be parsed as CSV ({e})", file=path,
                        line=1) from None
    header = [h.strip() for h in header]
    dup = sorted({h for h in header if header.count(h) > 1})
    if dup:
        raise DataError(f"duplicate column names in the header: {dup}", file=path, line=1)
    rows, lines, problems = [], [], []
    prev_end = reader.line_num
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise DataError(
                f"the file cannot be parsed as CSV here ({e}); it may be truncated or a "
                "quote may be unbalanced", file=path, line=prev_end + 1) from None
        start = prev_end + 1
        prev_end = reader.line_num
        if not rec or all(not c.strip() for c in rec):
            continue                     # blank line: not a row
        i = len(rows)
        if len(rec) != len(header):
            truncated = not text.endswith(("\n", "\r")) and reader.line_num >= text.count("\n") + 1
            why = (f"has {len(rec)} fields but the header has {len(header)}"
                   + ("; the file seems truncated (it ends mid-row)" if truncated else ""))
            problems.append(Problem(i + 1, start, None, None, why))
            rec = (rec + [""] * len(header))[:len(header)]
        rows.append(rec)
        lines.append(start)
    df = pd.DataFrame(rows, columns=header, dtype=object) if rows else \
        pd.DataFrame(columns=header, dtype=object)
    return df, lines, problems


def _read_parquet(path: Path) -> pd.DataFrame:
    try:
        import pyarrow.parquet as pq
        table = pq.read_table(path)
    except Exception as e:  # pyarrow raises several types for corrupt files
        raise DataError(f"not a readable Parquet file ({type(e).__name__}: {e}); it may be "
                        "truncated or not Parquet at all", file=path) from None
    df = table.to_pandas()
    return df.astype(object).where(df.notna(), None)


def _load_sources_ids(sources, base: Path | None) -> set | None:
    if sources is None and base is not None:
        sibling = base.parent / "sources.csv"
        if sibling.exists() and sibling.resolve() != base.resolve():
            sources = sibling
    if sources is None:
        return None
    if isinstance(sources, pd.DataFrame):
        src = sources
    else:
        src = read_table(Path(sources), resource="sources")
    if "source_id" not in src.columns:
        raise DataError("the sources table has no 'source_id' column", file=sources
                        if not isinstance(sources, pd.DataFrame) else "<DataFrame>")
    return set(src["source_id"].astype(str))


def read_table(path, resource: str = "incidents", *, errors: str = "raise",
               max_bytes: int | None = MAX_BYTES, foreign: dict | None = None):
    """Read and validate one CSV or Parquet file against a resource of the data package.

    The engine behind :func:`read_incidents`; see there for ``errors`` and ``max_bytes``.
    """
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise DataError(f"the file is {size:,} bytes, more than max_bytes={max_bytes:,}; "
                        "pass a larger max_bytes (or None) if it really is an incident table",
                        file=path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        cells, lines, problems = _read_csv_records(path, path.read_bytes())
    elif suffix in (".parquet", ".pq"):
        cells = _read_parquet(path)
        lines, problems = None, []
    else:
        raise DataError(f"unsupported file type {suffix!r}: use .csv or .parquet", file=path)
    return _validate(cells, path, resource, errors=errors, lines=lines,
                     problems=problems, foreign=foreign)


def _validate(cells: pd.DataFrame, file, resource: str, *, errors: str, lines=None,
              problems=(), foreign=None):
    schema = table_schema(resource)
    required = [f["name"] for f in schema["fields"]
                if f.get("constraints", {}).get("required")]
    missing_cols = [c for c in required if c not in cells.columns]
    if missing_cols:
        raise DataError(
            f"missing required column(s) {missing_cols}; the header has "
            f"{list(cells.columns)}. Required: {required} (see data/datapackage.json)",
            file=file, line=1 if lines is not None else None)
    problems = list(problems) + validate_records(cells, schema, lines=lines, foreign=foreign)
    problems.sort(key=lambda p: (p.row or 0))
    if problems and errors == "raise":
        p = problems[0]
        raise DataError(p.reason, file=file, row=p.row, line=p.line, column=p.column,
                        value=p.value, more=len(problems) - 1)
    bad_rows: dict[int, list[Problem]] = {}
    for p in problems:
        bad_rows.setdefault(p.row, []).append(p)
    keep = [i for i in range(len(cells)) if (i + 1) not in bad_rows]
    valid = coerce_table(cells.iloc[keep].reset_index(drop=True), schema)
    rej = []
    for row, ps in sorted(bad_rows.items()):
        rec = {"row": row, "line": ps[0].line, "column": ps[0].column,
               "value": None if ps[0].value is None else str(ps[0].value),
               "reason": " | ".join(
                   (f"{p.column}: " if p.column else "") + p.reason
                   + (f" (value {p.value!r})" if p.value is not None else "") for p in ps)}
        for c in cells.columns:
            rec[f"input.{c}"] = cells.iloc[row - 1][c]
        rej.append(rec)
    rej_cols = ["row", "line", "column", "value", "reason"] + [f"input.{c}" for c in cells.columns]
    rejects = pd.DataFrame(rej, columns=rej_cols)
    assert len(valid) + len(rejects) == len(cells)   # the row accounting
    if errors == "collect":
        return ReadResult(valid, rejects)
    return valid


def read_incidents(path, errors: str = "raise", *, sources=None,
                   max_bytes: int | None = MAX_BYTES):
    """Read a user's incident table (CSV or Parquet) and validate it against the schema.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (UTF-8, with or without BOM) or ``.parquet`` file with the columns of
        ``data/datapackage.json`` (resource ``incidents``). Required columns:
        ``incident_id``, ``date``, ``date_precision``, ``side``, ``event_type``,
        ``n_attacks``, ``sources``; the others are optional; extra columns are kept.
    errors : {"raise", "collect"}
        ``"raise"``: the first problem raises :class:`~analysis.DataError` naming the
        file, row (and CSV line), column and value. ``"collect"``: return a
        :class:`ReadResult` ``(incidents, rejects)`` with every valid row and one
        rejects row per invalid input row saying why; rows in = kept + rejected.
    sources : path or DataFrame, optional
        The sources table. If omitted and a ``sources.csv`` sits next to ``path`` it is
        used. When a sources table is available every id in the ``sources`` column
        must be in it (dangling references are rejected).
    max_bytes : int or None
        Refuse files larger than this (default 200 MB) with a clear error.

    Returns
    -------
    DataFrame, or ReadResult when ``errors="collect"``.

    Raises
    ------
    DataError
        Missing required columns, unparseable or impossible dates, unknown categories,
        negative or non-integer counts, duplicate ``incident_id``, dangling source
        references, non-UTF-8 bytes, truncated or malformed files.
    """
    path = Path(path)
    ids = _load_sources_ids(sources, path)
    foreign = {"sources": ids} if ids is not None else None
    return read_table(path, "incidents", errors=errors, max_bytes=max_bytes, foreign=foreign)


def validate_incidents(incidents: pd.DataFrame, errors: str = "raise", *, sources=None):
    """Validate an in-memory incident table like :func:`read_incidents` validates a file.

    Rows are numbered from 1 in the order of ``incidents``; cells may be typed.
    """
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    cells = incidents.reset_index(drop=True).astype(object)
    cells = cells.where(cells.notna(), None)
    for c in cells.columns:   # typed dates back to ISO strings so the checks apply uniformly
        if pd.api.types.is_datetime64_any_dtype(incidents[c]):
            cells[c] = [None if pd.isna(v) else pd.Timestamp(v) for v in incidents[c]]
    ids = _load_sources_ids(sources, None) if sources is not None else None
    return _validate(cells, "<DataFrame>", "incidents", errors=errors,
                     foreign={"sources": ids} if ids is not None else None)


# ---------------------------------------------------------------------------------------
# Series for the models
# ---------------------------------------------------------------------------------------
_FREQS = {"D": "D", "W": "W-MON", "MS": "MS"}


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    if freq == "D":
        return dates
    if freq == "W":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.start_time


def _row_weights(incidents: pd.DataFrame, weight) -> pd.Series:
    if weight is None:
        if "n_attacks" in incidents.columns:
            w = incidents["n_attacks"]
        else:
            return pd.Series(1, index=incidents.index, dtype="int64")
    elif isinstance(weight, str):
        if weight not in incidents.columns:
            raise KeyError(f"weight column {weight!r} is not in the table; columns: "
                           f"{list(incidents.columns)}")
        w = incidents[weight]
    elif callable(weight):
        w = weight(incidents)
        if not isinstance(w, pd.Series):
            w = pd.Series(np.asarray(w), index=incidents.index)
        if len(w) != len(incidents):
            raise ValueError("the weight function must return one weight per incident row")
        w = w.set_axis(incidents.index)
    else:
        raise TypeError("weight must be None, a column name or a function of the table")
    w = pd.to_numeric(w, errors="raise")
    n_na = int(w.isna().sum())
    if n_na:
        warnings.warn(
            f"{n_na} of {len(w)} incidents have no value for the weight "
            f"{weight if isinstance(weight, str) else '(function)'} and count as 0; "
            "filter them out first if missing should not mean zero", DataWarning, stacklevel=3)
        w = w.fillna(0)
    if (w < 0).any():
        raise ValueError("weights must be non-negative")
    if pd.api.types.is_integer_dtype(w):
        return w.astype("int64")
    return w.astype("float64")


def _select_sides(incidents: pd.DataFrame, by, sides, columns):
    """The rows of ``sides`` (values of the ``by`` column) and the columns to build."""
    if sides is None:
        return incidents, columns
    if isinstance(sides, str) or not all(isinstance(x, str) for x in sides):
        raise TypeError(f"sides must be a list of side names, got {sides!r}")
    if not isinstance(by, str):
        raise ValueError("sides= selects values of one column; with several `by` "
                         "columns, filter the incidents first")
    if by not in incidents.columns:
        raise KeyError(f"the incident table has no {by!r} column")
    if columns is not None and list(columns) != list(sides):
        raise ValueError(f"give sides= or columns=, not both (got sides={list(sides)}, "
                         f"columns={list(columns)})")
    keep = incidents[by].astype("string").isin(list(sides)).fillna(False).to_numpy(bool)
    return incidents[keep], list(sides)


def to_counts(incidents: pd.DataFrame, freq: str = "D", by="side", weight=None, *,
              start=None, end=None, columns=None, sides=None) -> pd.DataFrame:
    """Count incidents per day (or week, or month) and side, zero-filling empty periods.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and the ``by`` column(s); ``n_attacks`` if present.
    freq : {"D", "W", "MS"}
        Day; week Monday-Sunday labelled by its Monday; calendar month labelled by its
        first day. Incidents of week or month date precision count at their coded
        date (see the codebook).
    by : str or list of str
        Column(s) whose values become the columns of the result (default ``"side"``;
        e.g. ``["side", "country"]`` gives a two-level column index).
    weight : None, str or callable
        ``None``: each incident counts ``n_attacks`` (1 if there is no such column).
        A column name: the sum of that column (e.g. ``"us_wounded"``). A function
        ``f(incidents) -> Series`` of one weight per row, e.g. a
        :class:`~analysis.severity.SeverityIndex`. Missing weights count as 0 with a
        warning.
    start, end : date-like, optional
        First and last day covered (default: the first and last incident). The index is
        complete between them.
    columns : list, optional
        Columns to include even when they have no events (e.g. ``["militia", "us"]``),
        in this order. Default: the values present, sorted.
    sides : list of str, optional
        Keep only the incidents whose ``by`` value is one of these (e.g. the two sides
        of a dyad), one column each in this order; the other rows are left out.

    Returns
    -------
    DataFrame
        Index: complete ``DatetimeIndex`` named ``date`` with ``freq`` set; one column per
        value of ``by``; integer counts (float when weighted with non-integers).
        ``result.sum().sum()`` equals the sum of the row weights (``n_attacks``).

    Examples
    --------
    >>> import analysis as ea
    >>> inc = ea.load_incidents()
    >>> weekly = ea.to_counts(inc, freq="W", sides=["militia", "us"])
    >>> list(weekly.columns), weekly.index.freqstr
    (['militia', 'us'], 'W-MON')
    """
    incidents, columns = _select_sides(incidents, by, sides, columns)
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {sorted(_FREQS)}, got {freq!r}")
    keys = [by] if isinstance(by, str) else list(by)
    for k in ["date"] + keys:
        if k not in incidents.columns:
            raise KeyError(f"the incident table has no {k!r} column")
    for k in keys:
        n_na = int(incidents[k].isna().sum())
        if n_na:
            raise DataError(f"{n_na} incidents have no value in {k!r}; they would be "
                            "dropped from the counts. Fill or filter them first", column=k)
    dates = pd.to_datetime(incidents["date"]).dt.normalize()
    if dates.isna().any():
        raise DataError("some incidents have no date", column="date")
    w = _row_weights(incidents, weight)
    frame = pd.DataFrame({"period": _period_start(dates, freq).to_numpy(), "w": w.to_numpy()})
    for k in keys:
        frame[k] = incidents[k].astype(str).to_numpy()
    grouped = frame.groupby(["period"] + keys, sort=True)["w"].sum()
    table = grouped.unstack(keys, fill_value=0) if len(frame) else \
        pd.DataFrame(index=pd.DatetimeIndex([], name="period"))
    lo = pd.Timestamp(start).normalize() if start is not None else dates.min()
    hi = pd.Timestamp(end).normalize() if end is not None else dates.max()
    if pd.isna(lo) or pd.isna(hi):
        raise DataError("no incidents and no start/end given: cannot build a time index")
    if hi < lo:
        raise ValueError(f"end ({hi.date()}) is before start ({lo.date()})")
    lo_p = _period_start(pd.Series([lo]), freq).iloc[0]
    hi_p = _period_start(pd.Series([hi]), freq).iloc[0]
    index = pd.date_range(lo_p, hi_p, freq=_FREQS[freq], name="date")
    outside = ~table.index.isin(index)
    if outside.any():
        dropped = float(table[outside].to_numpy().sum())
        raise ValueError(f"{dropped:g} events fall outside start/end "
                         f"({lo.date()} - {hi.date()}); widen the window or filter first")
    table = table.reindex(index, fill_value=0)
    if columns is not None:
        extra = [c for c in table.columns if c not in columns]
        if extra:
            raise ValueError(f"columns={list(columns)} leaves out {extra}, which have events; "
                             f"select sides with sides={list(columns)} (the other rows "
                             "are left out) or filter the incidents first")
        table = table.reindex(columns=list(columns), fill_value=0)
    table.columns.name = keys[0] if len(keys) == 1 else None
    if isinstance(table.columns, pd.MultiIndex):
        table.columns.names = keys
    table.index.freq = _FREQS[freq]
    return table


class EventTimes(Mapping):
    """Event times per side, in days since ``origin`` (a read-only mapping).

    ``events[side]`` is a sorted float array. Attributes: ``origin`` (Timestamp, the
    midnight that is time 0), ``end_time`` (end of the observation window in days),
    ``exact`` (side -> boolean array: True where a source gave the time of day).
    """

    def __init__(self, times: dict, origin, end_time: float, exact: dict | None = None):
        self._times = {k: np.asarray(v, dtype=float) for k, v in times.items()}
        self.origin = pd.Timestamp(origin)
        self.end_time = float(end_time)
        self.exact = exact or {k: np.zeros(len(v), bool) for k, v in self._times.items()}
        self.unit = "days"

    def __getitem__(self, key):
        return self._times[key]

    def __iter__(self):
        return iter(self._times)

    def __len__(self):
        return len(self._times)

    def __repr__(self):
        parts = ", ".join(f"{k}: {len(v)} events" for k, v in self._times.items())
        return (f"EventTimes({parts}; origin {self.origin.date()}, "
                f"end_time {self.end_time:g} days)")

    def as_list(self, order=None) -> list[np.ndarray]:
        """The arrays as a list, in ``order`` (default: the mapping's order)."""
        return [self._times[k] for k in (order or list(self._times))]

    def n_tied(self) -> int:
        """Number of events that share their time with another event of any side."""
        allt = np.concatenate(self.as_list()) if len(self) else np.array([])
        _, counts = np.unique(allt, return_counts=True)
        return int(counts[counts > 1].sum())

    def jitter(self, rng) -> "EventTimes":
        """A copy in which every event without a known time of day is placed uniformly
        at random within its day (``floor(t) + U(0, 1)``); times from sources are kept.
        ``rng`` is a :class:`numpy.random.Generator` (or a seed)."""
        rng = np.random.default_rng(rng)
        out, exact = {}, {}
        for k, t in self._times.items():
            ex = self.exact[k]
            new = t.copy()
            new[~ex] = np.floor(t[~ex]) + rng.random(int((~ex).sum()))
            order = np.argsort(new, kind="stable")
            out[k], exact[k] = new[order], ex[order]
        return EventTimes(out, self.origin, self.end_time, exact)


def to_events(incidents: pd.DataFrame, by="side", *, origin=None, end=None,
              columns=None, sides=None) -> EventTimes:
    """Event times per side for point-process models.

    Time is measured in days since ``origin`` (midnight). An incident on local date
    ``d`` with no time of day is placed at the **middle of its day**,
    ``(d - origin).days + 0.5``; with ``time_local`` ``HH:MM`` it is placed at
    ``(d - origin).days + (60 HH + MM) / 1440``. An incident with ``n_attacks = k``
    gives ``k`` events at the same time, so **ties are kept** (day-precision data has
    many); see :meth:`EventTimes.jitter` and the Hawkes model's tie handling.

    Parameters
    ----------
    incidents : DataFrame
        Needs ``date`` and ``by``; uses ``n_attacks`` and ``time_local`` when present.
    by : str
        Column whose values are the dimensions (default ``"side"``).
    origin : date-like, optional
        Time 0 (default: midnight of the first incident's date).
    end : date-like, optional
        Last day observed; ``end_time`` is the end of that day in days since origin
        (default: the last incident's date).
    columns : list, optional
        Dimensions to include even without events, in this order (default: sorted).
    sides : list of str, optional
        Keep only the incidents whose ``by`` value is one of these (e.g. the two sides
        of a dyad), in this order; the other rows are left out.

    Returns
    -------
    EventTimes
        A mapping ``side -> sorted float array`` with ``origin`` and ``end_time``.

    Examples
    --------
    >>> import analysis as ea
    >>> events = ea.to_events(ea.load_incidents(), sides=["militia", "us"])
    >>> list(events)
    ['militia', 'us']
    """
    incidents, columns = _select_sides(incidents, by, sides, columns)
    for k in ("date", by):
        if k not in incidents.columns:
            raise KeyError(f"the incident table has no {k!r} column")
    dates = pd.to_datetime(incidents["date"]).dt.normalize()
    if dates.isna().any():
        raise DataError("some incidents have no date", column="date")
    if incidents[by].isna().any():
        raise DataError(f"some incidents have no value in {by!r}", column=by)
    t0 = pd.Timestamp(origin).normalize() if origin is not None else dates.min()
    last = pd.Timestamp(end).normalize() if end is not None else dates.max()
    days = (dates - t0).dt.days.to_numpy(dtype=float)
    if (days < 0).any():
        raise ValueError(f"incidents before origin {t0.date()}; choose an earlier origin")
    end_time = float((last - t0).days + 1)
    if len(days) and days.max() >= end_time:
        raise ValueError(f"incidents after end {last.date()}; choose a later end")
    frac = np.full(len(days), 0.5)
    exact = np.zeros(len(days), bool)
    if "time_local" in incidents.columns:
        tl = incidents["time_local"].astype("string")
        ok = tl.notna().to_numpy() & tl.fillna("").str.fullmatch(r"\d{2}:\d{2}").to_numpy(bool)
        if ok.any():
            hm = tl[ok].str.split(":", expand=True).astype(int)
            frac[ok] = (hm[0].to_numpy() * 60 + hm[1].to_numpy()) / 1440.0
            exact[ok] = True
    reps = (incidents["n_attacks"].fillna(1).astype(int).to_numpy()
            if "n_attacks" in incidents.columns else np.ones(len(days), int))
    t = np.repeat(days + frac, reps)
    ex = np.repeat(exact, reps)
    labels = np.repeat(incidents[by].astype(str).to_numpy(), reps)
    keys = list(columns) if columns is not None else sorted(set(labels))
    missing = sorted(set(labels) - set(keys))
    if missing:
        raise ValueError(f"columns={keys} leaves out {missing}, which have events; select "
                         f"sides with sides={keys} (the other rows are left out) or "
                         "filter the incidents first")
    times, exacts = {}, {}
    for k in keys:
        m = labels == k
        order = np.argsort(t[m], kind="stable")
        times[k], exacts[k] = t[m][order], ex[m][order]
    return EventTimes(times, t0, end_time, exacts)


def stated_triggers(incidents: pd.DataFrame) -> pd.DataFrame:
    """Who answered what: one row per (incident, stated trigger) pair.

    Uses ``retaliation_for`` (the incidents the acting side or officials named as the
    trigger). Columns: ``incident_id``, ``date``, ``side``, ``location``,
    ``event_type``, ``trigger_id``, ``trigger_date``, ``trigger_side``,
    ``trigger_location``, ``lag_days`` (local days from trigger to response; 0 = the
    same day). Incidents whose triggers are outside ``incidents`` are kept with empty
    trigger fields, so filtering the table first does not silently drop a response.
    """
    need = {"incident_id", "date", "side", "retaliation_for"}
    if not need <= set(incidents.columns):
        raise KeyError(f"stated_triggers needs the columns {sorted(need)}")
    by_id = incidents.set_index("incident_id")
    rows = []
    for r in incidents[incidents["retaliation_for"].notna()].itertuples(index=False):
        for tid in str(r.retaliation_for).split(LIST_SEPARATOR):
            tid = tid.strip()
            if not tid:
                continue
            t = by_id.loc[tid] if tid in by_id.index else None
            rows.append({
                "incident_id": r.incident_id, "date": r.date, "side": r.side,
                "location": getattr(r, "location", None), "event_type": getattr(r, "event_type", None),
                "trigger_id": tid,
                "trigger_date": None if t is None else t["date"],
                "trigger_side": None if t is None else t["side"],
                "trigger_location": None if t is None else t.get("location"),
            })
    out = pd.DataFrame(rows, columns=["incident_id", "date", "side", "location", "event_type",
                                      "trigger_id", "trigger_date", "trigger_side",
                                      "trigger_location"])
    out["trigger_date"] = pd.to_datetime(out["trigger_date"])
    out["lag_days"] = (pd.to_datetime(out["date"]) - out["trigger_date"]).dt.days.astype("Int64")
    return out


def phase_changes(phases) -> list:
    """The dates (or times) on which a new phase begins, from either form of phases.

    ``phases`` is a sequence of the dates on which a *new* phase begins, a single date,
    or a phase table with a ``start`` column (as ``detect_phases(...).phases``) whose
    first row is phase 0 (so its first start is not a change).
    """
    if isinstance(phases, pd.DataFrame):
        if "start" not in phases.columns:
            raise SpecificationError("a phase table needs a 'start' column (the first day of "
                                     "each phase), as detect_phases(...).phases has")
        return list(phases["start"])[1:]
    if isinstance(phases, (str, pd.Timestamp)) or not hasattr(phases, "__iter__"):
        return [phases]
    return list(phases)


def phase_of(dates, phases) -> pd.Series:
    """Phase number (0, 1, ...) of each date: phase ``k`` covers
    ``[changes[k-1], changes[k])`` where ``changes = phase_changes(phases)``."""
    try:
        cp = pd.DatetimeIndex(pd.to_datetime(phase_changes(phases))).sort_values()
        d = pd.DatetimeIndex(pd.to_datetime(dates))
    except (ValueError, TypeError) as e:
        raise SpecificationError(
            "phases must be a list of the dates on which a new phase begins, or a phase "
            f"table with a 'start' column ({e})") from None
    return pd.Series(cp.searchsorted(d, side="right"), index=d, name="phase")
