"""What the three importers share: side matching, the DuckDB and pandas readers, the
row accounting and the hand-over to :func:`analysis.read_incidents`.

Every importer works in the same three steps:

1. **Read** the rows of the export that mention a declared actor (the *scope*), either
   with DuckDB (files; the actor filter and the period test run in DuckDB's streaming
   scan, so the rest of the file is never held in memory) or with pandas (DataFrames, and files when
   ``engine="pandas"``). Both readers return the same raw rows as text, in file order.
2. **Map** each in-scope row onto the incident schema (one pure-pandas function per
   format, identical for both readers). Rows that cannot be mapped (no declared side
   acts, two sides match, outside the period, a category with no mapping) become
   *importer rejects* with a reason.
3. **Validate** the mapped rows with :func:`analysis.read_incidents`, so the checks and
   messages are the same as for any user table, and merge its rejects with the
   importer's: rows in scope = kept + rejected.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import warn as _warn, DataError, DataWarning, SpecificationError

__all__ = ["SideMatcher", "parse_sides", "ImportResult"]

_ENGINES = ("auto", "duckdb", "pandas")


# ---------------------------------------------------------------------------------------
# sides: id -> actor names / patterns
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SideMatcher:
    """The actor names (exact) and regular expressions (``re.search``) of one side."""

    side: str
    names: frozenset = frozenset()
    patterns: tuple = ()
    display: dict = field(default_factory=dict)   # name, colour, ... for the sides table

    def matches(self, value) -> bool:
        if value is None:
            return False
        value = str(value).strip()
        return value in self.names or any(p.search(value) for p in self.patterns)


def parse_sides(sides) -> list[SideMatcher]:
    """Normalise the ``sides=`` argument of the importers.

    ``sides`` maps a side id to its actors: an exact actor name (``str``), a compiled
    regular expression (``re.compile(...)``, matched with ``search``), a list of these,
    or a dict ``{"actors": <those>, "name": ..., "colour": ...}`` whose other keys are
    the side's display attributes (passed on to :func:`analysis.read_incidents`).
    """
    if not isinstance(sides, Mapping) or not sides:
        raise SpecificationError(
            "sides must be a non-empty dict {side_id: actors}, e.g. "
            "{'houthi': 'Ansar Allah', 'us': re.compile(r'^Military Forces of the United "
            "States')}; actors are exact names (str) or compiled regular expressions")
    out = []
    for sid, spec in sides.items():
        display = {}
        if isinstance(spec, Mapping):
            if "actors" not in spec:
                raise SpecificationError(
                    f"sides[{sid!r}] is a dict without an 'actors' key; give "
                    "{'actors': [...], 'name': ..., 'colour': ...}")
            display = {k: v for k, v in spec.items() if k != "actors"}
            spec = spec["actors"]
        items = [spec] if isinstance(spec, (str, re.Pattern)) else \
            list(spec) if isinstance(spec, (list, tuple, set, frozenset)) else [spec]
        names, pats = set(), []
        for it in items:
            if isinstance(it, re.Pattern):
                pats.append(it)
            elif isinstance(it, str) and it.strip():
                names.add(it.strip())
            else:
                raise SpecificationError(
                    f"sides[{sid!r}]: {it!r} is neither an actor name (str) nor a "
                    "compiled regular expression (re.compile)")
        if not names and not pats:
            raise SpecificationError(f"sides[{sid!r}] lists no actor")
        out.append(SideMatcher(str(sid), frozenset(names), tuple(pats), display))
    return out


def sides_of(values: pd.Series, matchers: list[SideMatcher]) -> pd.Series:
    """For each value, the tuple of side ids whose actors match it (computed once per
    distinct value)."""
    uniq = pd.unique(values.to_numpy(dtype=object))
    table = {v: tuple(m.side for m in matchers if m.matches(v)) for v in uniq}
    return values.map(table)


def split_list(value, sep: str = ";") -> list[str]:
    """ACLED's multi-actor cells: ``'A; B'`` -> ``['A', 'B']``."""
    if value is None:
        return []
    return [s.strip() for s in str(value).split(sep) if s.strip()]


def sides_of_list(values: pd.Series, matchers, sep: str = ";") -> pd.Series:
    uniq = pd.unique(values.to_numpy(dtype=object))
    table = {}
    for v in uniq:
        found = []
        for item in split_list(v, sep):
            for m in matchers:
                if m.matches(item) and m.side not in found:
                    found.append(m.side)
        table[v] = tuple(found)
    return values.map(table)


# ---------------------------------------------------------------------------------------
# SQL for DuckDB: the same scope and period tests, run as DuckDB streams the file
# ---------------------------------------------------------------------------------------
def _sql_str(s: str) -> str:
    return "'" + str(s).replace("'", "''") + "'"


def _re2(p: re.Pattern) -> str:
    """A Python pattern as RE2 text (DuckDB's regex engine); flags as inline groups."""
    flags = ""
    if p.flags & re.IGNORECASE:
        flags += "i"
    if p.flags & re.DOTALL:
        flags += "s"
    if p.flags & re.MULTILINE:
        flags += "m"
    return (f"(?{flags})" if flags else "") + p.pattern


def sql_match(col: str, matchers, *, is_list: bool = False, sep: str = ";") -> str:
    """SQL predicate that keeps every row whose cell (or a ``sep``-separated item of it)
    matches a side, and maybe a few more: exact names are tested as substrings
    (``contains``, cheap in the streaming scan), patterns with ``regexp_matches``. The exact
    test runs in pandas on the rows that come back (:func:`read_scoped`), so both
    readers keep the same rows."""
    names = sorted({n for m in matchers for n in m.names})
    pats = [_re2(p) for m in matchers for p in m.patterns]
    parts = [f"contains({col}, {_sql_str(n)})" for n in names]
    if is_list and pats:
        pred = " OR ".join(f"regexp_matches(trim(x), {_sql_str(p)})" for p in pats)
        parts.append(f"(len(list_filter(string_split(coalesce({col}, ''), {_sql_str(sep)}), "
                     f"lambda x: {pred})) > 0)")
    elif pats:
        parts += [f"regexp_matches(trim({col}), {_sql_str(p)})" for p in pats]
    return f"({col} IS NOT NULL AND ({' OR '.join(parts) or 'false'}))"


def check_patterns_for_duckdb(matchers) -> None:
    """Every side pattern must compile in DuckDB's regex engine (RE2: no look-around or
    back-references); say which one does not, before reading anything."""
    import duckdb
    con = duckdb.connect(":memory:")
    try:
        for m in matchers:
            for p in m.patterns:
                try:
                    con.execute(f"SELECT regexp_matches('', {_sql_str(_re2(p))})").fetchall()
                except duckdb.Error as e:
                    raise SpecificationError(
                        f"the pattern {p.pattern!r} of side {m.side!r} is not supported by "
                        f"DuckDB's regular expressions (RE2: no look-around, no "
                        f"back-references): {str(e).splitlines()[0]}. Rewrite it, or read "
                        "with engine='pandas'") from None
    finally:
        con.close()


def check_engine(engine: str) -> str:
    if engine not in _ENGINES:
        raise ValueError(f"engine must be one of {list(_ENGINES)}, got {engine!r}")
    return engine


def duckdb_query(sql: str, *, threads: int | None = None, file=None) -> pd.DataFrame:
    """Run one query on a fresh in-memory DuckDB; all cells come back as text or None."""
    import duckdb
    con = duckdb.connect(":memory:")
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        try:
            df = con.execute(sql).df()
        except duckdb.Error as e:
            raise DataError(f"DuckDB could not read the export ({type(e).__name__}: "
                            f"{str(e).splitlines()[0]}); if the file is fine, try "
                            "engine='pandas'", file=file) from None
    finally:
        con.close()
    return normalise_text(df)


def normalise_text(df: pd.DataFrame) -> pd.DataFrame:
    """Object columns, stripped text, empty -> None (both readers end here)."""
    out = {}
    for c in df.columns:
        t = df[c].astype("string").str.strip()
        arr = t.to_numpy(dtype=object, na_value=None)
        arr[(t == "").fillna(False).to_numpy(bool)] = None
        out[c] = arr
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)), columns=list(df.columns),
                        dtype=object)


def read_text_table(path: Path, *, sep: str = ",", header: bool = True, names=None,
                    quoting: bool = True) -> pd.DataFrame:
    """The pandas reader: every cell as text (what ``engine="pandas"`` uses for files)."""
    import csv
    if path.suffix.lower() in (".parquet", ".pq"):
        df = pd.read_parquet(path)
        return normalise_text(df.astype(object).where(df.notna(), None))
    if path.suffix.lower() in (".xlsx", ".xls"):
        return normalise_text(pd.read_excel(path, dtype=str))
    try:
        df = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False,
                         header=0 if header else None, names=names,
                         quoting=csv.QUOTE_MINIMAL if quoting else csv.QUOTE_NONE,
                         compression="infer", encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        raise DataError(f"cannot be read as {'tab' if sep == chr(9) else 'comma'}-separated "
                        f"text ({type(e).__name__}: {str(e).splitlines()[0]})",
                        file=path) from None
    return normalise_text(df)


def duckdb_source(path: Path, *, sep: str = ",", header: bool = True, names=None,
                  quoting: bool = True) -> str:
    """The FROM clause reading ``path`` (CSV/TSV, gzip or not, or Parquet)."""
    p = _sql_str(str(path))
    if path.suffix.lower() in (".parquet", ".pq"):
        return f"read_parquet({p})"
    opts = [f"delim={_sql_str(sep)}", f"header={'true' if header else 'false'}",
            "all_varchar=true", "auto_detect=false" if names else "auto_detect=true"]
    if quoting:
        opts += ["quote='\"'", "escape='\"'"]
    else:
        opts += ["quote=''", "escape=''"]
    if names:
        cols = ", ".join(f"{_sql_str(n)}: 'VARCHAR'" for n in names)
        opts.append(f"columns={{{cols}}}")
    return f"read_csv({p}, {', '.join(opts)})"


def check_columns(df: pd.DataFrame, needed: Iterable[str], file, what: str):
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise DataError(f"this is not {what}: missing column(s) {missing}; the table has "
                        f"{list(df.columns)[:12]}{' ...' if len(df.columns) > 12 else ''}",
                        file=file)


def parse_period(period):
    """``period=(start, end)`` (inclusive dates, either may be None) -> Timestamps."""
    if period is None:
        return None, None
    try:
        lo, hi = period
    except (TypeError, ValueError):
        raise SpecificationError("period must be a pair (start, end) of dates; either may "
                                 "be None") from None
    try:
        lo = None if lo is None else pd.Timestamp(lo).normalize()
        hi = None if hi is None else pd.Timestamp(hi).normalize()
    except (ValueError, TypeError) as e:
        raise SpecificationError(f"period {tuple(period)!r}: not a pair of dates ({e})") from None
    if (lo is not None and pd.isna(lo)) or (hi is not None and pd.isna(hi)):
        raise SpecificationError(f"period {tuple(period)!r}: not a pair of dates")
    if lo is not None and hi is not None and hi < lo:
        raise SpecificationError(f"period end {hi.date()} is before its start {lo.date()}")
    return lo, hi


def sql_period(date_sql: str, lo, hi) -> str:
    """SQL: the parsed date is inside the period (unparseable dates count as inside, so
    the validator reports them)."""
    conds = []
    if lo is not None:
        conds.append(f"{date_sql} >= DATE '{lo.date().isoformat()}'")
    if hi is not None:
        conds.append(f"{date_sql} <= DATE '{hi.date().isoformat()}'")
    if not conds:
        return "true"
    return f"({date_sql} IS NULL OR ({' AND '.join(conds)}))"


def in_period(dates: pd.Series, lo, hi) -> np.ndarray:
    ok = np.ones(len(dates), bool)
    d = pd.to_datetime(dates, errors="coerce")
    if lo is not None:
        ok &= ~(d < lo).to_numpy(bool)
    if hi is not None:
        ok &= ~(d > hi).to_numpy(bool)
    return ok


# ---------------------------------------------------------------------------------------
# results and the hand-over to read_incidents
# ---------------------------------------------------------------------------------------
class ImportResult(tuple):
    """What the importers return with ``errors="collect"``: ``(kept, rejected)`` like
    :class:`analysis.ReadResult`, plus ``accounting``, a dict of row counts:

    ``in_scope`` rows that mention a declared actor (what was read), ``kept``,
    ``rejected`` (importer and validation rejects, one row each, with a reason),
    ``out_of_scope`` rows that mention no declared actor (counted when the reader saw
    them: always with pandas, with DuckDB only when ``count_rows=True``, else None).
    ``in_scope == kept + rejected`` always holds.
    """

    def __new__(cls, kept, rejected, accounting):
        self = super().__new__(cls, (kept, rejected))
        self.accounting = accounting
        return self

    def __getnewargs__(self):          # pickling (e.g. results shipped back by Dask)
        return (self[0], self[1], self.accounting)

    @property
    def kept(self) -> pd.DataFrame:
        return self[0]

    @property
    def rejected(self) -> pd.DataFrame:
        return self[1]

    # the names of analysis.ReadResult
    incidents = kept
    rejects = rejected

    def __repr__(self):
        a = self.accounting
        return (f"ImportResult(kept={a['kept']}, rejected={a['rejected']}, "
                f"in_scope={a['in_scope']}, out_of_scope={a['out_of_scope']})")


REJECT_COLUMNS = ["source_id", "stage", "column", "value", "reason"]


def importer_rejects(raw: pd.DataFrame, mask: np.ndarray, reasons, *, id_col: str,
                     columns=None, value_col=None) -> pd.DataFrame:
    """One rejects row per masked raw row: its source id, reason and input cells."""
    sub = raw.loc[mask]
    reasons = np.asarray(reasons, dtype=object)[mask] if not isinstance(reasons, str) \
        else np.full(len(sub), reasons, dtype=object)
    cols = list(raw.columns) if columns is None else [c for c in columns if c in raw.columns]
    rec = pd.DataFrame({
        "source_id": sub[id_col].to_numpy(dtype=object),
        "stage": "import",
        "column": value_col,
        "value": sub[value_col].to_numpy(dtype=object) if value_col else None,
        "reason": reasons,
    })
    for c in cols:
        rec[f"input.{c}"] = sub[c].to_numpy(dtype=object)
    return rec


def row_rejects(raw: pd.DataFrame, reason, column, *, id_col: str):
    """The rows an importer refused, from its per-row ``reason`` (None: kept) and the
    ``column`` each reason is about: returns ``(bad, rejects)``, the boolean mask and a
    list holding the rejects table (empty when no row was refused), whose ``column`` and
    ``value`` name the offending cell of each row."""
    bad = np.array([r is not None for r in reason], bool)
    rej = []
    if bad.any():
        column = np.asarray(column, dtype=object)
        cols = [c for c in raw.columns if c != "_in_period"]
        rdf = importer_rejects(raw, bad, reason, id_col=id_col, columns=cols)
        rdf["column"] = column[bad]
        rdf["value"] = [raw.iloc[i][c] if c in raw.columns else None
                        for i, c in zip(np.flatnonzero(bad), column[bad])]
        rej.append(rdf)
    return bad, rej


def _numeric(mapped: pd.DataFrame, ints, floats, id_col):
    """Type the format's own numeric columns (not in the schema); a cell that is not a
    number makes its row an importer reject."""
    bad_reason = np.full(len(mapped), None, dtype=object)
    bad_col = np.full(len(mapped), None, dtype=object)
    conv = {}
    for c, kind in [(c, "integer") for c in ints] + [(c, "number") for c in floats]:
        if c not in mapped.columns:
            continue
        raw = mapped[c]
        num = pd.to_numeric(raw, errors="coerce")
        if kind == "integer":
            num = num.where(num.isna() | (num == num.round()))
        failed = (raw.notna() & num.isna()).to_numpy(bool)
        for i in np.flatnonzero(failed):
            if bad_reason[i] is None:
                bad_reason[i] = f"{c}: expected {'an' if kind == 'integer' else 'a'} {kind}"
                bad_col[i] = c
        conv[c] = num.astype("Int64") if kind == "integer" else num.astype("float64")
    bad = np.array([r is not None for r in bad_reason], bool)
    rej = pd.DataFrame(columns=REJECT_COLUMNS)
    if bad.any():
        rej = pd.DataFrame({
            "source_id": mapped.loc[bad, id_col].to_numpy(dtype=object), "stage": "import",
            "column": bad_col[bad],
            "value": [mapped.iloc[i][c] for i, c in zip(np.flatnonzero(bad), bad_col[bad])],
            "reason": bad_reason[bad]})
    return conv, bad, rej


def check_errors(errors: str) -> str:
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    return errors


def finish(mapped: pd.DataFrame, rejects: list[pd.DataFrame], *, matchers, id_col_mapped,
           n_in_scope: int, n_out_of_scope, errors: str, codebook=None, what: str,
           source_label: str, ints=(), floats=(), bools=()):
    """Validate the mapped rows with read_incidents and merge the row accounting."""
    from .. import data as _data
    check_errors(errors)
    conv, bad, nrej = _numeric(mapped, ints, floats, id_col_mapped)
    if bad.any():
        rejects = list(rejects) + [nrej]
        mapped = mapped.loc[~bad].reset_index(drop=True)
        conv = {c: v.loc[~bad].reset_index(drop=True) for c, v in conv.items()}
    imp = pd.concat([r for r in rejects if len(r)], ignore_index=True) if any(
        len(r) for r in rejects) else pd.DataFrame(columns=REJECT_COLUMNS)
    kept, vrej = _validate_mapped(_data, mapped, matchers, codebook=codebook)
    if len(kept):
        # read_incidents keeps rows in order; its rejects name their 1-based row
        gone = set(int(r) - 1 for r in vrej["row"]) if len(vrej) else set()
        pos = np.array([i for i in range(len(mapped)) if i not in gone], dtype=int)
        assert len(pos) == len(kept), (len(pos), len(kept))
        for c, v in conv.items():
            kept[c] = v.iloc[pos].set_axis(kept.index)
        for c in bools:
            if c in kept.columns:
                kept[c] = kept[c].astype(bool)
    else:
        for c, v in conv.items():
            kept[c] = v.iloc[:0].set_axis(kept.index)
    if len(vrej):
        v = pd.DataFrame({
            "source_id": [mapped.iloc[int(r) - 1][id_col_mapped] for r in vrej["row"]],
            "stage": "validate",
            "column": vrej["column"].to_numpy(dtype=object),
            "value": vrej["value"].to_numpy(dtype=object),
            "reason": vrej["reason"].to_numpy(dtype=object),
        })
        for c in vrej.columns:
            if c.startswith("input."):
                v[c] = vrej[c].to_numpy(dtype=object)
        if errors == "raise":
            first = vrej.iloc[0]
            raise DataError(f"{first['reason']} (in the rows mapped from {what}; "
                            f"use errors='collect' to get every rejected row)",
                            file=source_label, column=first["column"],
                            value=f"{v.iloc[0]['source_id']}: {first['value']}")
        imp = pd.concat([imp, v], ignore_index=True)
    accounting = {"in_scope": int(n_in_scope), "kept": int(len(kept)),
                  "rejected": int(len(imp)),
                  "out_of_scope": None if n_out_of_scope is None else int(n_out_of_scope)}
    assert accounting["kept"] + accounting["rejected"] == accounting["in_scope"], accounting
    if errors == "collect":
        return ImportResult(kept, imp, accounting)
    if len(imp):
        top = imp["reason"].str.split(":").str[0].value_counts()
        summary = "; ".join(f"{n} x {r}" for r, n in top.head(4).items())
        _warn(
            f"{what}: {len(imp)} of {n_in_scope} rows that mention a declared actor were not "
            f"imported ({summary}). Pass errors='collect' to get them with their reasons",
            DataWarning)
    return kept


def sides_argument(matchers) -> dict:
    """The ``sides=`` of :func:`analysis.read_incidents`: ``{id: {"name", "color"}}``."""
    out = {}
    for m in matchers:
        d = {"name": str(m.display.get("name", m.side))}
        color = m.display.get("color", m.display.get("colour"))
        if color is not None:
            d["color"] = color
        if "description" in m.display:
            d["description"] = m.display["description"]
        out[m.side] = d
    return out


def _validate_mapped(_data, mapped, matchers, *, codebook=None):
    """(kept, rejects) from the package's own validator, :func:`analysis.read_incidents`."""
    res = _data.read_incidents(mapped, sides=sides_argument(matchers), codebook=codebook,
                               errors="collect")
    return res.kept, res.rejected


# ---------------------------------------------------------------------------------------
# the two readers
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    """How to read one export format and find the rows that mention a declared actor."""

    what: str                      # "an ACLED export", for messages
    columns: tuple                 # the published columns, in order
    needed: tuple                  # columns the importer cannot do without
    id_col: str
    actor_cols: tuple              # cells holding one actor name or code
    list_cols: tuple = ()          # cells holding ';'-separated actor names
    date_sql: str = "NULL"         # SQL expression: the row's DATE (NULL if unparseable)
    date_py: object = None         # function: raw DataFrame -> ISO date text (or raw)
    keep_outside: tuple = ()       # columns still read for rows outside the period
    #                                (with the actor cells; filter_py must use only these)
    sep: str = ","
    header: bool = True
    quoting: bool = True
    filter_sql: str = "true"       # a row filter in the scan besides the actors ...
    filter_py: object = None       # ... and the same in pandas (raw -> bool array)


def _scope_py(raw, fmt: Format, matchers) -> np.ndarray:
    scope = np.zeros(len(raw), bool)
    for col in fmt.actor_cols:
        scope |= sides_of(raw[col], matchers).map(len).to_numpy() > 0
    for col in fmt.list_cols:
        scope |= sides_of_list(raw[col], matchers).map(len).to_numpy() > 0
    if fmt.filter_py is not None:
        scope &= np.asarray(fmt.filter_py(raw), bool)
    return scope


def _scope_sql(fmt: Format, matchers) -> str:
    parts = [sql_match(_q(c), matchers) for c in fmt.actor_cols]
    parts += [sql_match(_q(c), matchers, is_list=True) for c in fmt.list_cols]
    return f"({' OR '.join(parts)}) AND ({fmt.filter_sql})"


def _q(col: str) -> str:
    return '"' + col.replace('"', '""') + '"'


def read_scoped(source, fmt: Format, matchers, lo, hi, *, engine="auto",
                count_rows=False, threads=None):
    """The rows of ``source`` that mention a declared actor, as text, in file order, with
    a boolean ``_in_period`` column; plus the number of rows out of scope (None when
    not counted) and a label of the source for messages."""
    engine = check_engine(engine)
    # cells still read for rows outside the period: their keys and every actor cell (the
    # exact scope test runs on them)
    keep = set(fmt.keep_outside) | set(fmt.actor_cols) | set(fmt.list_cols)
    if isinstance(source, pd.DataFrame):
        if engine == "duckdb":
            raise SpecificationError("engine='duckdb' reads files; a DataFrame is read "
                                     "with engine='pandas' (or 'auto')")
        raw, label, engine = normalise_text(source.reset_index(drop=True)), "<DataFrame>", \
            "pandas"
        if not fmt.header and list(raw.columns) == list(range(len(fmt.columns))):
            raw.columns = list(fmt.columns)
    else:
        path = Path(source)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file")
        label = str(path)
        if engine == "auto":   # DuckDB reads CSV/TSV (also gzip) and Parquet, not zip/Excel
            engine = "pandas" if path.suffix.lower() in (".xlsx", ".xls", ".zip") \
                else "duckdb"
        if engine == "pandas":
            raw = read_text_table(path, sep=fmt.sep, header=fmt.header,
                                  names=None if fmt.header else list(fmt.columns),
                                  quoting=fmt.quoting)
    if engine == "pandas":
        check_columns(raw, fmt.needed, label, fmt.what)
        for c in fmt.columns:
            if c not in raw.columns:
                raw[c] = None
        scope = _scope_py(raw, fmt, matchers)
        n_out = int((~scope).sum())
        raw = raw.loc[scope].reset_index(drop=True)
        inside = in_period(fmt.date_py(raw), lo, hi)
        for c in raw.columns:       # rows outside the period keep only their key cells
            if c not in keep and c in fmt.columns:
                raw.loc[~inside, c] = None
        raw["_in_period"] = inside
        return raw, n_out, label
    check_patterns_for_duckdb(matchers)
    src = duckdb_source(path, sep=fmt.sep, header=fmt.header,
                        names=None if fmt.header else list(fmt.columns), quoting=fmt.quoting)
    head = duckdb_query(f"SELECT * FROM {src} LIMIT 0", file=label)
    check_columns(head, fmt.needed, label, fmt.what)
    absent = [c for c in fmt.columns if c not in head.columns]
    select = [(_q(c) if c in keep else f"CASE WHEN _p THEN {_q(c)} END AS {_q(c)}")
              for c in head.columns]
    select += [f"NULL AS {_q(c)}" for c in absent]
    sql = (f"SELECT {', '.join(select)}, _p AS _in_period FROM "
           f"(SELECT *, {sql_period(fmt.date_sql, lo, hi)} AS _p FROM {src} "
           f"WHERE {_scope_sql(fmt, matchers)})")
    raw = duckdb_query(sql, threads=threads, file=label)
    raw["_in_period"] = raw["_in_period"].map(lambda v: str(v).lower() == "true").astype(bool)
    exact = _scope_py(raw, fmt, matchers)     # the SQL filter may keep a few more rows
    raw = raw.loc[exact].reset_index(drop=True)
    n_out = None
    if count_rows:
        n_all = int(duckdb_query(f"SELECT count(*) AS n FROM {src}", threads=threads,
                                 file=label)["n"].iloc[0])
        n_out = n_all - len(raw)
    return raw, n_out, label


def export_to_parquet(source, dest, fmt: Format, *, threads=None):
    """Convert an export (CSV/TSV, gzip or not) to Parquet with DuckDB in one pass, every
    column as text as published; returns ``dest`` as a Path."""
    path, dest = Path(source), Path(dest)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    if dest.resolve() == path.resolve():
        raise SpecificationError("dest must differ from the source file")
    src = duckdb_source(path, sep=fmt.sep, header=fmt.header,
                        names=None if fmt.header else list(fmt.columns), quoting=fmt.quoting)
    head = duckdb_query(f"SELECT * FROM {src} LIMIT 0", file=path)
    check_columns(head, fmt.needed, path, fmt.what)
    import duckdb
    con = duckdb.connect(":memory:")
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        con.execute(f"COPY (SELECT * FROM {src}) TO {_sql_str(str(dest))} "
                    "(FORMAT parquet, COMPRESSION zstd)")
    except duckdb.Error as e:
        raise DataError(f"DuckDB could not convert the export ({type(e).__name__}: "
                        f"{str(e).splitlines()[0]})", file=path) from None
    finally:
        con.close()
    return dest
