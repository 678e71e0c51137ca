"""Reading and validating a user's incident table: column mapping, defaults, the row
validator's rejects (``read_incidents``, ``validate_incidents``), and casualty
columns named by side.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..exceptions import warn as _warn, DataError, DataWarning, SpecificationError
from ..schema import empty_cells, table_schema, validate_frame
from ..sides import Sides, as_sides

from .bundled import _sides_attr
from .files import MAX_BYTES, _csv_lines, _read_source, _read_table

__all__ = ["read_incidents", "validate_incidents", "ReadResult",
           "roles_from_side_columns", "DEFAULTS"]


#: What read_incidents fills in when a column is absent or a cell is empty (announced
#: once per call by a :class:`~analysis.DataWarning`, recorded in ``attrs["defaults"]``).
DEFAULTS = {"n_attacks": 1, "date_precision": "day", "incident_id": "row-<n>"}


_CASUALTY_BASES = ("killed", "wounded")


# ---------------------------------------------------------------------------------------
# Casualties recorded per side -> per role
# ---------------------------------------------------------------------------------------
def roles_from_side_columns(df: pd.DataFrame, sides) -> tuple[pd.DataFrame, list[dict]]:
    """Turn casualty columns named by side (``<side>_killed``, ``<side>_wounded``, each
    with ``_low``/``_high``) into the schema's role columns (``target_killed``,
    ``actor_killed``, ...): a figure of side ``X`` goes to ``target_*`` where
    ``target_side == X`` and to ``actor_*`` where ``side == X``.

    A figure of a side that is neither the actor nor the target of its row cannot be
    placed; such figures are returned (not dropped) as a list of
    ``{"pos", "column", "value"}`` so the caller can keep them visible (the build writes
    them into the row's ``note``). Returns ``(table, unplaced)``; the side columns are
    removed from the table.
    """
    out = df.copy()
    unplaced: list[dict] = []
    ids = [str(s) for s in sides]
    for sid in ids:
        for base in _CASUALTY_BASES:
            for suf in ("", "_low", "_high"):
                col = f"{sid}_{base}{suf}"
                if col not in out.columns:
                    continue
                v = out.pop(col)
                has = v.notna() & (v.astype(str).str.strip() != "")
                for role, key in (("target", "target_side"), ("actor", "side")):
                    dest = f"{role}_{base}{suf}"
                    if dest not in out.columns:
                        out[dest] = pd.Series([""] * len(out), index=out.index, dtype=object) \
                            if v.dtype == object or pd.api.types.is_string_dtype(v.dtype) \
                            else pd.Series(pd.NA, index=out.index, dtype=v.dtype)
                    m = has & (out[key].astype(str) == sid) if key in out.columns else has & False
                    clash = m & out[dest].notna() & (out[dest].astype(str).str.strip() != "")
                    if clash.any():
                        i = int(np.flatnonzero(clash.to_numpy())[0])
                        raise DataError(f"{col} and another side column both give {dest}",
                                        row=i + 1, column=col, value=v.iloc[i])
                    out.loc[m, dest] = v[m]
                    has &= ~m
                for i in np.flatnonzero(has.to_numpy()):
                    unplaced.append({"pos": int(i), "column": col, "value": v.iloc[i]})
    return out, unplaced


# ---------------------------------------------------------------------------------------
# Reading and validating a user's table
# ---------------------------------------------------------------------------------------
class ReadResult(NamedTuple):
    """What ``read_incidents(..., errors="collect")`` returns: ``(kept, rejected)``.

    ``incidents`` (alias ``kept``) holds the valid rows (typed); ``rejects`` (alias
    ``rejected``) one row per rejected input row: ``row``, ``line``, ``column`` and
    ``value`` of its first problem, ``reason`` (all problems of the row) and the row's
    original cells as ``input.<column>``. Always ``len(kept) + len(rejected)`` equals the
    number of data rows read.
    """

    incidents: pd.DataFrame
    rejects: pd.DataFrame

    @property
    def kept(self) -> pd.DataFrame:
        return self.incidents

    @property
    def rejected(self) -> pd.DataFrame:
        return self.rejects

    def __repr__(self) -> str:
        n_in = len(self.incidents) + len(self.rejects)
        return (f"<ReadResult: {len(self.incidents)} rows kept, {len(self.rejects)} rejected "
                f"(of {n_in} read)>")

    def _repr_html_(self) -> str:
        import html as _html
        head = _html.escape(repr(self))
        if not len(self.rejects):
            return f"<p>{head}</p>"
        cols = [c for c in ("row", "line", "column", "value", "reason") if c in self.rejects]
        return (f"<p>{head}</p><p><b>Rejected rows</b></p>"
                + self.rejects[cols].to_html(escape=True, index=False))


def _codebook_vocab(codebook, schema: dict) -> dict:
    """``{column: allowed}``: the bundled enums extended by the user's codebook."""
    fields = {f["name"]: f for f in schema["fields"]}
    vocab = {n: set(f["constraints"]["enum"]) for n, f in fields.items()
             if "enum" in f.get("constraints", {})}
    if codebook is None:
        return vocab
    if isinstance(codebook, (str, Path)):
        codebook = pd.read_csv(codebook, dtype=str, keep_default_na=False)
    if isinstance(codebook, pd.DataFrame):
        need = {"field", "value"}
        if not need <= set(codebook.columns):
            raise SpecificationError("a codebook table needs the columns 'field' and 'value' "
                                     f"(and optionally 'label'); it has {list(codebook.columns)}")
        items = codebook.groupby("field")["value"].apply(list).to_dict()
    elif isinstance(codebook, Mapping):
        items = {k: (list(v) if not isinstance(v, str) else [v]) for k, v in codebook.items()}
    else:
        raise SpecificationError("codebook must be a dict {column: [values]}, a DataFrame with "
                                 "'field' and 'value', or a path to such a CSV")
    for k, vals in items.items():
        if k not in vocab:
            raise SpecificationError(
                f"codebook names {k!r}, which is not a categorical column; the vocabularies "
                f"that a codebook extends are {sorted(vocab)}")
        bad = [v for v in vals if not isinstance(v, str) or v != v.strip() or not v]
        if bad:
            raise SpecificationError(f"codebook values must be non-empty text without "
                                     f"surrounding spaces; {k}: {bad}")
        vocab[k] = vocab[k] | set(vals)
    return vocab


def _ids_of(table, column: str, resource: str, base: Path | None):
    if table is None or table is False:
        return None
    if table is True:
        if base is None:
            raise SpecificationError(f"{resource}=True means 'the {resource}.csv beside the file'; "
                                     "a DataFrame has no folder: pass the table")
        table = base.parent / f"{resource}.csv"
        if not table.exists():
            raise DataError(f"{resource}=True but there is no {resource}.csv beside the file",
                            file=table)
    if isinstance(table, (set, frozenset, list, tuple)):
        return {str(x) for x in table}
    label = "<DataFrame>"
    if not isinstance(table, pd.DataFrame):
        label = str(table)
        res = _read_table(table, resource)
        table = res
    if column not in table.columns:
        raise DataError(f"the {resource} table has no {column!r} column", file=label)
    return set(table[column].dropna().astype(str))


def _apply_columns(cells: pd.DataFrame, columns, label) -> pd.DataFrame:
    if columns is None:
        return cells
    if not isinstance(columns, Mapping):
        raise SpecificationError("columns must map your column names onto the schema's, e.g. "
                                 "{'event_date': 'date', 'actor1': 'side'}")
    fields = {f["name"] for f in table_schema("incidents")["fields"]}
    missing = [k for k in columns if k not in cells.columns]
    if missing:
        raise DataError(f"columns= names {missing}, which the table does not have; it has "
                        f"{list(cells.columns)}", file=label)
    unknown = sorted({v for v in columns.values() if v not in fields})
    if unknown:
        raise SpecificationError(f"columns= maps onto {unknown}, which are not schema columns; "
                                 f"schema columns: {sorted(fields)}")
    targets = list(columns.values())
    twice = sorted({t for t in targets if targets.count(t) > 1})
    if twice:
        raise SpecificationError(f"columns= maps several columns onto {twice}")
    clash = [v for k, v in columns.items() if v in cells.columns and v not in columns]
    if clash:
        raise DataError(f"columns= maps onto {clash}, but the table already has such columns; "
                        "drop or rename them first", file=label)
    return cells.rename(columns=dict(columns))


def read_incidents(source, *args, columns=None, sides=None, codebook=None, date_format=None,
                   errors: str = "raise", sources=None, sites=None,
                   max_bytes: int | None = MAX_BYTES, sheet_name=0, today=None):
    """Read a user's incident table, check it against the schema, return it typed.

    Parameters
    ----------
    source : path or DataFrame
        A ``.csv`` (UTF-8, with or without BOM), ``.tsv``, ``.parquet``, ``.xlsx`` file
        (``.csv.gz``/``.tsv.gz`` too), or a DataFrame. Only ``date`` and ``side`` are
        required; the other columns of ``data/datapackage.json`` are optional; extra
        columns are kept unchanged.
    columns : dict, optional
        Your column names -> the schema's, e.g. ``{"event_date": "date", "actor": "side"}``.
    sides : list, dict, DataFrame or Sides, optional
        The sides (ids, optionally display names and colours; see
        :class:`analysis.sides.Sides`). Every ``side`` and ``target_side`` must be one of
        them; a typo such as ``milita`` is a rejected row naming the side it resembles.
        Without it the sides found in the data are taken, and the warning says so.
    codebook : dict, DataFrame or path, optional
        Values added to the bundled vocabularies of ``weapon``, ``target_kind``,
        ``event_type`` (and ``confirmation``, ``date_precision``): ``{"weapon": ["rpg"]}``
        or a table with ``field``, ``value`` (and ``label``).
    date_format : str, optional
        strptime format of the dates (e.g. ``"%d/%m/%Y"``). Without it ISO dates and
        unambiguous forms are read (``28 January 2024``, ``2024/01/28``, ``20240128``,
        ``28/01/2024``); an ambiguous ``03/04/2024`` is an error.
    errors : {"raise", "collect"}
        ``"raise"``: the first problem raises :class:`~analysis.DataError` naming the
        file, row (and line), column and value. ``"collect"``: return a
        :class:`ReadResult` ``(kept, rejected)``; rows in = kept + rejected.
    sources : path, DataFrame, True or None
        The sources table; every id in the ``sources`` column must be in it. ``True``:
        the ``sources.csv`` beside the file. ``None`` (default): not checked.
    sites : path, DataFrame, True or None
        The gazetteer; every ``site_id`` must be in it (like ``sources``).
    max_bytes : int or None
        Refuse files larger than this (default 1 GiB) with a clear error.
    sheet_name : str or int
        Sheet of an Excel file.
    today : date-like, optional
        Dates after it are refused (default: today's date).

    Returns
    -------
    DataFrame, or ReadResult when ``errors="collect"``.
        ``attrs["sides"]`` holds the sides (for :func:`~analysis.sides.side_label`),
        ``attrs["defaults"]`` the defaults that were applied.

    Defaults
        Announced once per call by one :class:`~analysis.DataWarning` (and recorded in
        ``attrs["defaults"]``) whenever they are used: ``n_attacks`` = 1 and
        ``date_precision`` = ``"day"`` where the column is absent or the cell empty;
        ``incident_id`` = ``row-<n>`` where the column is absent; sides taken from the
        data when ``sides`` is not given.

    Rules
        Values of ids and categories are matched exactly: a value equal to a declared
        one only up to case, spaces or invisible characters is refused with the intended
        value named (never silently normalised); two spellings of ``country``,
        ``admin1``, ``site_id`` (or of undeclared sides) that differ only so are refused
        (the rarer one). Integers are ASCII digits (``2.0``, ``1e3``, ``1_000`` and
        Arabic-Indic digits are refused with the reason); ``n_attacks`` <= 10,000 and
        casualty figures <= 100,000; dates between 1900-01-01 and today; a row of empty
        cells is a rejected row.

    Raises
    ------
    DataError
        Missing required columns, unparseable, ambiguous or impossible dates, unknown
        sides or categories, bad numbers, duplicate ``incident_id``, dangling
        references, non-UTF-8 (e.g. UTF-16) bytes, truncated or malformed files.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis import read_incidents
    >>> t = pd.DataFrame({"day": ["2024-01-01", "2024-01-03"], "who": ["a", "b"]})
    >>> inc = read_incidents(t, columns={"day": "date", "who": "side"},
    ...                      sides={"a": "Side A", "b": "Side B"})   # doctest: +SKIP
    """
    if args:
        raise TypeError("read_incidents takes one positional argument (the table); pass the "
                        f"others by name, e.g. read_incidents(path, errors={args[0]!r}) "
                        "(errors became keyword-only with the generic schema)")
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    cells, label, path, lines, row_probs, delim = _read_source(
        source, max_bytes=max_bytes, sheet_name=sheet_name)
    return _read_cells(cells, label, path=path, lines=lines, row_probs=row_probs, delim=delim,
                       columns=columns, sides=sides, codebook=codebook,
                       date_format=date_format, errors=errors, sources=sources, sites=sites,
                       today=today, announce=True)


def _read_cells(cells, label, *, path=None, lines=None, row_probs=None, delim=None,
                columns=None, sides=None, codebook=None, date_format=None, errors="raise",
                sources=None, sites=None, today=None, announce=True, fill_defaults=True):
    schema = table_schema("incidents")
    cells = _apply_columns(cells, columns, label)
    n = len(cells)
    line_hint = 1 if delim is not None or lines is not None else None    # the header line
    required = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")]
    missing_cols = [c for c in required if c not in cells.columns]
    if missing_cols:
        raise DataError(
            f"missing required column(s) {missing_cols}; the table has "
            f"{list(cells.columns)}. Required: {required}; map your names with columns=",
            file=label, line=line_hint)
    legacy = [c for c in cells.columns if re.fullmatch(r"(us|militia)_(killed|wounded)(_low|_high)?", c)]
    if legacy and announce:
        raise DataError(
            f"columns {legacy} are the old side-named casualty columns; the schema now records "
            "casualties by role: target_killed/_low/_high, target_wounded/..., actor_killed/..., "
            "actor_wounded/... Convert with analysis.data.roles_from_side_columns(table, sides) "
            "or map them with columns=", file=label, line=line_hint)
    defaults = {}
    # defaults (never on a blank row, which stays blank and is rejected as such)
    blank = np.ones(n, bool) if len(cells.columns) else np.zeros(n, bool)
    for c in cells.columns:
        if blank.any():
            blank &= empty_cells(cells[c], blank)
    if not fill_defaults:
        pass
    elif "incident_id" not in cells.columns:
        cells = cells.assign(incident_id=np.where(blank, "", [f"row-{i + 1}" for i in range(n)])
                             if n else pd.Series([], dtype=object))
        defaults["incident_id"] = "row-<n> (no incident_id column)"
    for col, val in ((("date_precision", "day"), ("n_attacks", 1)) if fill_defaults else ()):
        if col not in cells.columns:
            cells = cells.assign(**{col: pd.Series(np.where(blank, "", str(val)), dtype=object)
                                    if n else pd.Series([], dtype=object)})
            defaults[col] = f"{val!r} for every row (no {col} column)"
            continue
        s = cells[col]
        text = s.dtype == object or pd.api.types.is_string_dtype(s.dtype)
        fill = empty_cells(s) & ~blank
        if fill.any():
            s2 = s.astype(object).copy()
            s2[fill] = str(val) if text else val
            if not text:
                s2 = pd.to_numeric(s2, errors="coerce")
            cells = cells.assign(**{col: s2})
            defaults[col] = f"{val!r} for {int(fill.sum())} row(s) with an empty cell"
    vocab = _codebook_vocab(codebook, schema)
    if sides is not None:
        declared = as_sides(sides)
        vocab["side"] = vocab["target_side"] = set(declared)
    else:
        declared = None
    base = path if isinstance(path, Path) else None
    foreign = {}
    src_ids = _ids_of(sources, "source_id", "sources", base)
    if src_ids is not None:
        foreign["sources"] = src_ids
    site_ids = _ids_of(sites, "site_id", "sites", base)
    if site_ids is not None:
        foreign["site_id"] = site_ids
    if "retaliation_for" in cells.columns and "incident_id" in cells.columns:
        foreign["retaliation_for"] = set(cells["incident_id"].dropna().astype(str))
    if today is None:
        today = pd.Timestamp.today().normalize()
    typed, problems = validate_frame(cells, schema, vocab=vocab, foreign=foreign, today=today,
                                     date_format=date_format, row_problems=row_probs)
    if declared is None:
        good = np.ones(n, bool)
        if len(problems):
            good[problems["pos"].to_numpy(np.int64)] = False
        ok_side = typed["side"][good].dropna().astype(str)
        found = sorted(set(ok_side) | set(typed["target_side"].dropna().astype(str)
                                          if "target_side" in typed else set()))
        declared = Sides(found) if found else Sides([])
        if found:
            counts = ok_side.value_counts()
            tcounts = (typed["target_side"][good].dropna().astype(str).value_counts()
                       if "target_side" in typed else pd.Series(dtype=int))
            defaults["sides"] = ("not declared; taken from the data: " + ", ".join(
                f"{s} ({int(counts.get(s, 0))} as actor, {int(tcounts.get(s, 0))} as target)"
                if len(tcounts) else f"{s} ({int(counts.get(s, 0))} rows)" for s in found)
                + ". Pass sides= to refuse typos")
    if announce and defaults:
        _warn(f"{label}: defaults applied: " + "; ".join(
            f"{k} = {v}" if k != "sides" else f"sides {v}" for k, v in defaults.items()),
            DataWarning)
    if len(problems):
        if lines is None and path is not None and delim is not None:
            lm = _csv_lines(path, delim, problems["pos"].unique()[:1] if errors == "raise"
                            else problems["pos"].unique(), n_rows=n)
        else:
            lm = {i: lines[i] for i in problems["pos"].unique()} if lines is not None else {}
        if errors == "raise":
            p = problems.iloc[0]
            pos = int(p.pos)
            raise DataError(p.reason, file=label, row=pos + 1, line=lm.get(pos),
                            column=p.column, value=p.value,
                            more=len(problems) - 1)
    bad = problems["pos"].unique() if len(problems) else np.array([], np.int64)
    keep = np.ones(n, bool)
    keep[bad.astype(np.int64)] = False
    kept = typed[keep].reset_index(drop=True) if len(bad) else typed
    kept.attrs["sides"] = _sides_attr(declared)
    kept.attrs["defaults"] = dict(defaults)
    if errors == "raise":
        return kept
    rej_cols = ["row", "line", "column", "value", "reason"] + [f"input.{c}" for c in cells.columns]
    if len(bad):
        first = problems.drop_duplicates("pos", keep="first").set_index("pos").sort_index()
        desc = [(f"{c}: " if isinstance(c, str) else "") + r
                + (f" (value {v!r})" if v is not None and not (isinstance(v, float) and np.isnan(v))
                   else "")
                for c, v, r in zip(problems["column"], problems["value"], problems["reason"])]
        reason = pd.Series(desc, index=problems["pos"].to_numpy()).groupby(level=0, sort=True) \
            .agg(" | ".join).reindex(first.index)
        rej = pd.DataFrame({
            "row": first.index.to_numpy() + 1,
            "line": [lm.get(int(i)) for i in first.index],
            "column": first["column"].to_numpy(),
            "value": [None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                      for v in first["value"]],
            "reason": reason.to_numpy()})
        inp = cells.iloc[first.index.to_numpy()].reset_index(drop=True)
        inp.columns = [f"input.{c}" for c in cells.columns]
        rejects = pd.concat([rej, inp], axis=1)[rej_cols]
    else:
        rejects = pd.DataFrame(columns=rej_cols)
    if len(kept) + len(rejects) != n:     # the row accounting
        raise AssertionError("row accounting failed: a row was lost")
    return ReadResult(kept, rejects)


def validate_incidents(incidents: pd.DataFrame, errors: str = "raise", *, sides=None,
                       codebook=None, sources=None, sites=None, today=None):
    """Validate an in-memory incident table like :func:`read_incidents` validates a file
    (rows are numbered from 1 in the order of ``incidents``; cells may be typed).

    Unlike :func:`read_incidents` it fills no defaults and announces nothing: it checks
    what is there (for tables that are already in the schema, such as drafts).

    Parameters
    ----------
    incidents : DataFrame
        A table in the incident schema.
    errors : {"raise", "collect"}
        Raise a :class:`~analysis.DataError` at the first bad row, or return the good
        and the bad rows.
    sides, codebook, sources, sites, today : optional
        As for :func:`read_incidents`.

    Returns
    -------
    DataFrame or ReadResult
        The validated table (``errors="raise"``) or ``(kept, rejected)``.

    Examples
    --------
    >>> import analysis as ea
    >>> inc = ea.load_incidents("toy")
    >>> len(ea.validate_incidents(inc, sides=ea.load_sides("toy"))) == len(inc)
    True
    """
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")
    if not isinstance(incidents, pd.DataFrame):
        raise DataError(f"expected a DataFrame, got a {type(incidents).__name__}")
    return _read_cells(incidents.reset_index(drop=True), "<DataFrame>", errors=errors,
                       sides=sides, codebook=codebook, sources=sources, sites=sites,
                       today=today, announce=False, fill_defaults=False)
