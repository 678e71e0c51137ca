"""The incident table: load the bundled data, read and validate users' tables, derive series.

An *incident* is one action by one side at one place on one local day (the schema is
in ``data/datapackage.json``; the codebook in ``data/README.md``). Models never read
incident rows directly: they take the daily or weekly counts of :func:`to_counts`, or
the event times of :func:`to_events`. Everything here works for any sides.

Bundled cases: ``load_incidents()`` is the Iraq/Syria case study (the default case);
``load_incidents("toy")`` (or :func:`load_example`) a small synthetic table with two
neutral sides ``a`` and ``b`` used by the docstring examples; :func:`list_cases` lists
them all.

Examples
--------
>>> from analysis import load_example, to_counts
>>> toy = load_example()
>>> sorted(toy["side"].unique())
['a', 'b']
>>> int(to_counts(toy).sum().sum()) == int(toy["n_attacks"].sum())
True
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from . import paths
from .exceptions import warn as _warn, DataError, DataWarning, SpecificationError
from .schema import LIST_SEPARATOR, empty_cells, table_schema, validate_frame
from .sides import Sides, as_sides

__all__ = ["load_incidents", "load_example", "list_cases", "load_sides", "load_sources",
           "load_sites", "load_actors", "load_official_tallies", "read_incidents",
           "validate_incidents", "ReadResult", "to_counts", "to_events", "EventTimes",
           "stated_triggers", "phase_changes", "phase_of", "roles_from_side_columns",
           "DEFAULT_CASE", "DEFAULTS"]

#: Files larger than this are refused unless ``max_bytes`` is raised (1 GiB).
MAX_BYTES = 1024 ** 3
#: The bundled case ``load_incidents()`` returns.
DEFAULT_CASE = "iraq_syria"
#: What read_incidents fills in when a column is absent or a cell is empty (announced
#: once per call by a :class:`~analysis.DataWarning`, recorded in ``attrs["defaults"]``).
DEFAULTS = {"n_attacks": 1, "date_precision": "day", "incident_id": "row-<n>"}
#: Guards of to_counts/to_events against tables that would overflow or exhaust memory.
MAX_TOTAL_WEIGHT = 2.0 ** 53
MAX_CELLS = 200_000_000
MAX_EVENTS = 50_000_000
_BOM = b"\xef\xbb\xbf"
_CASUALTY_BASES = ("killed", "wounded")


# ---------------------------------------------------------------------------------------
# Bundled data
# ---------------------------------------------------------------------------------------
def _processed_roots() -> list[Path]:
    return [p for p in (paths.PROCESSED, paths.BUNDLED / "processed")
            if (p / "incidents.csv").exists()]


def list_cases() -> list[str]:
    """The bundled cases (the default case first).

    Returns
    -------
    list of str
        Case names for ``load_incidents(case)`` and the other loaders.

    Examples
    --------
    >>> import analysis as ea
    >>> "toy" in ea.list_cases()
    True
    """
    roots = _processed_roots()
    if not roots:
        return []
    root = roots[0]
    others = sorted(p.name for p in root.iterdir() if (p / "incidents.csv").exists())
    return [DEFAULT_CASE] + others


def _case_dir(case: str | None) -> Path:
    roots = _processed_roots()
    if not roots:
        raise FileNotFoundError(
            "The bundled incident tables were not found. In a source checkout run "
            "`python -m analysis.build`; otherwise reinstall escalation-analysis.")
    if case is None or case == DEFAULT_CASE:
        return roots[0]
    if not isinstance(case, str) or not re.fullmatch(r"[a-z0-9_]+", case) \
            or not (roots[0] / case / "incidents.csv").exists():
        raise ValueError(f"no bundled case {case!r}; bundled cases: {list_cases()}")
    return roots[0] / case


def _load_resource(name: str, case: str | None = None) -> pd.DataFrame:
    path = _case_dir(case) / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"the bundled case {case or DEFAULT_CASE!r} has no {name} table")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    typed, problems = validate_frame(df, table_schema(name))
    if len(problems):        # the build validates; this means the installed copy is damaged
        p = problems.iloc[0]
        raise DataError(f"the bundled {name} table is damaged ({p.reason}); reinstall "
                        "escalation-analysis", column=p.column, value=p.value)
    return typed


def load_sides(case: str | None = None) -> Sides:
    """The sides of a bundled case: id, display name and colour of each.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    analysis.sides.Sides
        An ordered mapping ``id -> Side``; pass it as ``sides=`` to
        :func:`read_incidents` or to :func:`analysis.side_color`.

    Examples
    --------
    >>> import analysis as ea
    >>> list(ea.load_sides("toy"))
    ['a', 'b']
    """
    return Sides(_load_resource("sides", case))


def load_incidents(case: str | None = None) -> pd.DataFrame:
    """A bundled incident table, validated.

    Parameters
    ----------
    case : str, optional
        ``None`` or ``"iraq_syria"``: the case study (attacks on US forces by
        Iran-aligned groups and US strikes, Iraq, Syria and Jordan, December 2019 -
        December 2024). ``"toy"``: a synthetic two-side table for examples (sides ``a``
        and ``b``). :func:`list_cases` lists every bundled case.

    Source
        The case study is built by ``python -m analysis.build`` from the source notes in
        ``data/raw/reference`` (compiled from public English and Arabic reporting), the
        incidents told in the project's five Arabic seed reports, and the project's own
        additions from public reporting (``data/raw/additions``). Every row cites at least
        one public source (see :func:`load_sources`); ``data/README.md`` is the codebook.
    Size
        One row per incident; about 45 columns (see ``data/datapackage.json``).

    Returns
    -------
    DataFrame
        ``date`` is ``datetime64``; counts are nullable ``Int64``; text is ``str``. The
        case's sides travel in ``attrs["sides"]`` (see :func:`~analysis.sides.side_label`).

    Examples
    --------
    >>> from analysis import load_incidents
    >>> toy = load_incidents("toy")
    >>> list(toy.attrs["sides"])
    ['a', 'b']
    """
    df = _load_resource("incidents", case)
    df.attrs["sides"] = _sides_attr(load_sides(case))
    df.attrs["case"] = case or DEFAULT_CASE
    return df


def load_example() -> pd.DataFrame:
    """The synthetic two-side toy table (``load_incidents("toy")``) of the examples.

    Its rows are simulated, not observed incidents (sources ``synthetic:toy``); see
    ``data/raw/toy/README.md``.

    Examples
    --------
    >>> from analysis import load_example
    >>> load_example()[["date", "side", "n_attacks"]].head(2)     # doctest: +SKIP
    """
    return load_incidents("toy")


def load_sources(case: str | None = None) -> pd.DataFrame:
    """The sources table: every public source an incident cites.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        ``source_id``, ``url``, ``kind``, ``outlet``, ``language``, ``published``.

    Examples
    --------
    >>> import analysis as ea
    >>> {"source_id", "url", "language"} <= set(ea.load_sources().columns)
    True
    """
    return _load_resource("sources", case)


def load_sites(case: str | None = None) -> pd.DataFrame:
    """The gazetteer of bases and towns.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        One row per site: ``site_id``, name, coordinates, aliases.

    Examples
    --------
    >>> import analysis as ea
    >>> ea.load_sites()["site_id"].is_unique
    True
    """
    return _load_resource("sites", case)


def load_official_tallies(case: str | None = None) -> pd.DataFrame:
    """Cumulative attack counts given by officials (not incidents; for comparison).

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        ``as_of_date``, ``since``, ``total``, ``total_is_lower_bound``, ``iraq``,
        ``syria``, ``counting_rule``, ``source_url``.

    Examples
    --------
    >>> import analysis as ea
    >>> tallies = ea.load_official_tallies()
    >>> bool((tallies["as_of_date"] >= tallies["since"]).all())
    True
    """
    return _load_resource("official_tallies", case)


def load_actors(case: str | None = None) -> pd.DataFrame:
    """The lexicon of groups and forces with their side and spelling variants.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        One row per actor, with its side and the names it goes by.

    Examples
    --------
    >>> import analysis as ea
    >>> "side" in ea.load_actors().columns
    True
    """
    return _load_resource("actors", case)


def _sides_attr(sides: Sides) -> dict:
    return {k: {"name": s.name, "color": s.color} for k, s in sides.items()}


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


def _sniff(path: Path, head: bytes) -> None:
    """Refuse what is not UTF-8 text before parsing, naming what it is."""
    if not head:
        raise DataError("the file is empty: expected a header row and data rows", file=path)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        order = "little" if head.startswith(b"\xff\xfe") else "big"
        raise DataError(f"the file is UTF-16 ({order}-endian, with BOM), not UTF-8; re-save it "
                        "as UTF-8 (e.g. in Excel 'CSV UTF-8', or iconv -f utf-16 -t utf-8)",
                        file=path)
    sample = head[:4096]
    if b"\x00" in sample:
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        if odd > len(sample) // 4 or even > len(sample) // 4:
            order = "little" if odd > even else "big"
            raise DataError(f"the file looks like UTF-16 ({order}-endian) without BOM (every other "
                            "byte is 0), not UTF-8; re-save it as UTF-8", file=path)
        raise DataError("the file contains NUL bytes: not a text table (is it a binary "
                        "file?)", file=path, line=sample[:sample.index(b'\x00')].count(b"\n") + 1)


def _open_bytes(path: Path):
    return gzip.open(path, "rb") if path.suffix.lower() == ".gz" else open(path, "rb")


def _delimiter(path: Path, header_line: str) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if ".tsv" in suffixes or ".tab" in suffixes:
        return "\t"
    if ".csv" in suffixes:
        return ","
    return "\t" if header_line.count("\t") > header_line.count(",") else ","


def _read_text_table(path: Path, delimiter: str):
    """Fast path: pyarrow's CSV reader, every column as text. Returns a DataFrame, or
    None when the file has irregular rows or cannot be parsed (the careful path then
    finds and explains the problem)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    with _open_bytes(path) as fh:
        first = fh.read(1 << 20)
    text = first.decode("utf-8-sig", errors="replace")
    try:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (StopIteration, csv.Error):
        return None
    if len(set(h.strip() for h in header)) != len(header) or not header:
        return None
    irregular = []

    def handler(row):
        irregular.append(row)
        return "skip"

    for block in (1 << 23, 1 << 27):
        try:
            table = pacsv.read_csv(
                path,
                read_options=pacsv.ReadOptions(block_size=block, use_threads=True),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                                  invalid_row_handler=handler),
                convert_options=pacsv.ConvertOptions(
                    column_types={h: pa.string() for h in header}, strings_can_be_null=False,
                    quoted_strings_can_be_null=False))
            break
        except (pa.ArrowException, OSError, ValueError, UnicodeDecodeError) as e:
            if "straddling" in str(e) and block == 1 << 23:
                continue
            return None      # the careful path finds and names the problem
    else:
        return None
    if irregular or table.num_columns != len(header):
        return None
    try:
        df = table.to_pandas()
    except (pa.ArrowException, ValueError, UnicodeDecodeError):
        return None
    df.columns = [h.strip() for h in header]
    return df


def _read_csv_careful(path: Path, delimiter: str):
    """Careful path: Python's csv module with exact line tracking. Returns
    (cells, lines, row problems)."""
    with _open_bytes(path) as fh:
        raw = fh.read()
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
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except csv.Error as e:
            raise DataError(f"the header row cannot be parsed as CSV ({e})", file=path,
                            line=1) from None
        header = [h.strip() for h in header]
        dup = sorted({h for h in header if header.count(h) > 1})
        if dup:
            raise DataError(f"duplicate column names in the header: {dup}", file=path, line=1)
        if not any(header):
            raise DataError("the header row is empty", file=path, line=1)
        rows, lines, probs = [], [], []
        prev_end = reader.line_num
        n_lines = text.count("\n") + (0 if text.endswith(("\n", "\r")) else 1)
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
            if not rec:
                continue                     # an empty line is not a row
            i = len(rows)
            if len(rec) != len(header):
                truncated = not text.endswith(("\n", "\r")) and reader.line_num >= n_lines
                why = (f"has {len(rec)} fields but the header has {len(header)}"
                       + ("; the file seems truncated (it ends mid-row)" if truncated else ""))
                probs.append({"pos": i, "column": None, "value": None, "reason": why})
                rec = (rec + [""] * len(header))[:len(header)]
            rows.append(rec)
            lines.append(start)
    finally:
        csv.field_size_limit(old)
    cells = pd.DataFrame(rows, columns=header, dtype=object) if rows else \
        pd.DataFrame(columns=header, dtype=object)
    return cells.astype("str") if len(cells) else cells, lines, pd.DataFrame(
        probs, columns=["pos", "column", "value", "reason"])


def _simple_layout(path: Path, n_rows: int) -> bool:
    """True if row k is on line k + 2: one line per row (no quoted line breaks, no empty
    lines), checked on the bytes without parsing."""
    newlines, prev_last, ok = 0, b"", True
    with _open_bytes(path) as fh:
        while chunk := fh.read(1 << 24):
            newlines += chunk.count(b"\n")
            joined = prev_last + chunk
            if b"\n\n" in joined or b"\n\r\n" in joined:
                ok = False
                break
            prev_last = chunk[-2:]
    ends_with_newline = prev_last.endswith(b"\n")
    return ok and newlines == n_rows + (1 if ends_with_newline else 0)


def _csv_lines(path: Path, delimiter: str, positions, n_rows: int | None = None) -> dict:
    """Physical line (header = 1) of the given 0-based data rows (for messages)."""
    want = set(int(p) for p in positions)
    if not want:
        return {}
    if n_rows is not None and _simple_layout(path, n_rows):
        return {p: p + 2 for p in want}
    out = {}
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
    try:
        with _open_bytes(path) as fh:
            f = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            reader = csv.reader(f, delimiter=delimiter)
            next(reader, None)
            prev, i, last = reader.line_num, 0, max(want)
            for rec in reader:
                start, prev = prev + 1, reader.line_num
                if not rec:
                    continue
                if i in want:
                    out[i] = start
                i += 1
                if i > last:
                    break
    except (csv.Error, UnicodeDecodeError):
        return {}
    finally:
        csv.field_size_limit(old)
    return out


def _read_source(source, *, max_bytes, sheet_name=0):
    """(cells, label, path, lines, row problems, delimiter) of a path or DataFrame."""
    if isinstance(source, pd.DataFrame):
        dup = sorted({str(c) for c in source.columns[source.columns.duplicated()]})
        if dup:
            raise DataError(f"duplicate column names: {dup}", file="<DataFrame>")
        if isinstance(source.columns, pd.MultiIndex):
            raise DataError("the DataFrame has a column MultiIndex; flatten it to one name per "
                            "column first", file="<DataFrame>")
        return source.reset_index(drop=True), "<DataFrame>", None, None, None, None
    if not isinstance(source, (str, Path)) or isinstance(source, bytes):
        raise DataError(f"expected a path to a table file (CSV, TSV, Parquet, Excel, gzip) or a "
                        f"DataFrame, got a {type(source).__name__}")
    path = Path(source)
    if path.is_dir():
        raise DataError("is a directory; pass the path of a table file (CSV, TSV, Parquet, "
                        "Excel) inside it", file=path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        raise DataError(f"the file is {size:,} bytes, more than max_bytes={max_bytes:,}; "
                        "pass a larger max_bytes (or None) if it really is an incident table",
                        file=path)
    suffixes = [s.lower() for s in path.suffixes]
    kind = suffixes[-2] if suffixes and suffixes[-1] == ".gz" and len(suffixes) > 1 else \
        (suffixes[-1] if suffixes else "")
    if kind in (".csv", ".tsv", ".tab", ".txt", ".gz"):
        try:
            with _open_bytes(path) as fh:
                head = fh.read(1 << 16)
        except (OSError, EOFError) as e:
            raise DataError(f"cannot read the file ({e}); is it really gzip?", file=path) from None
        _sniff(path, head)
        delim = _delimiter(path, head.split(b"\n", 1)[0].decode("utf-8", "replace"))
        cells = _read_text_table(path, delim)
        if cells is not None:
            return cells, path, path, None, None, delim
        cells, lines, probs = _read_csv_careful(path, delim)
        return cells, path, path, lines, probs, delim
    if kind in (".parquet", ".pq"):
        try:
            import pyarrow.parquet as pq
            table = pq.read_table(path)
        except Exception as e:  # pyarrow raises several types for corrupt files
            raise DataError(f"not a readable Parquet file ({type(e).__name__}: {e}); it may be "
                            "truncated or not Parquet at all", file=path) from None
        return table.to_pandas(), path, path, None, None, None
    if kind in (".xlsx", ".xlsm", ".xls"):
        try:
            df = pd.read_excel(path, sheet_name=sheet_name, dtype=object)
        except ImportError as e:
            raise DataError(f"reading Excel files needs openpyxl ({e})", file=path) from None
        except Exception as e:  # openpyxl/zipfile raise many types for corrupt files
            raise DataError(f"not a readable Excel file ({type(e).__name__}: {e})",
                            file=path) from None
        df.columns = [str(c).strip() for c in df.columns]
        return df, path, path, [i + 2 for i in range(len(df))], None, None
    raise DataError(f"unsupported file type {kind or path.name!r}: use .csv, .tsv, .parquet, "
                    ".xlsx (optionally .gz-compressed CSV/TSV) or pass a DataFrame", file=path)


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


def _read_table(path, resource: str) -> pd.DataFrame:
    """Read and validate a resource other than incidents (e.g. a sources table)."""
    cells, label, p, lines, probs, _ = _read_source(path, max_bytes=MAX_BYTES)
    typed, problems = validate_frame(cells, table_schema(resource), row_problems=probs)
    if len(problems):
        r = problems.iloc[0]
        raise DataError(r.reason, file=label, row=int(r.pos) + 1, column=r.column,
                        value=r.value, more=len(problems) - 1)
    return typed


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
        _warn(
            f"{n_na} of {len(w)} incidents have no value for the weight "
            f"{weight if isinstance(weight, str) else '(function)'} and count as 0; "
            "filter them out first if missing should not mean zero", DataWarning)
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
        A column name: the sum of that column (e.g. ``"target_wounded"``). A function
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
    if len(w) and float(np.abs(w.to_numpy(dtype=float)).sum()) > MAX_TOTAL_WEIGHT:
        raise DataError(f"the weights add up to more than {MAX_TOTAL_WEIGHT:.0e}: the counts "
                        "would overflow 64-bit integers (check n_attacks / the weight column; "
                        "the schema allows at most 10,000 attacks per incident)", column=
                        weight if isinstance(weight, str) else "n_attacks")
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
    n_cols = max(len(table.columns), len(columns) if columns is not None else 0)
    if len(index) * max(n_cols, 1) > MAX_CELLS:
        raise DataError(f"the count table would have {len(index):,} periods x {n_cols:,} "
                        f"columns (more than {MAX_CELLS:,} cells): choose a coarser freq, a "
                        "shorter start/end window or fewer `by` values")
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
    :func:`to_events` builds one.

    Examples
    --------
    >>> import analysis as ea
    >>> ev = ea.to_events(ea.load_incidents(), sides=["militia", "us"])
    >>> ev.n_tied() > 0, list(ev)
    (True, ['militia', 'us'])
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
        ``rng`` is a :class:`numpy.random.Generator` (or a seed); ``None`` is refused
        with the message every drawing function gives."""
        from .models.base import as_rng      # the one rng check (models import data)

        rng = as_rng(rng)
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
        ok = tl.notna().to_numpy() & tl.fillna("").str.fullmatch(
            r"(?:[01][0-9]|2[0-3]):[0-5][0-9]").to_numpy(bool)
        bad = tl.notna().to_numpy() & ~ok
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise DataError("time_local must be HH:MM between 00:00 and 23:59 (or empty)",
                            row=i + 1, column="time_local", value=tl.iloc[i])
        if ok.any():
            hm = tl[ok].str.split(":", expand=True).astype(int)
            frac[ok] = (hm[0].to_numpy() * 60 + hm[1].to_numpy()) / 1440.0
            exact[ok] = True
    if "n_attacks" in incidents.columns:
        na = pd.to_numeric(incidents["n_attacks"], errors="coerce")
        if (na < 1).any() or (na.notna() & (na != np.floor(na))).any() or \
                (incidents["n_attacks"].notna() & na.isna()).any():
            i = int(np.flatnonzero(~((na >= 1) & (na == np.floor(na))) &
                                   incidents["n_attacks"].notna().to_numpy())[0])
            raise DataError("n_attacks must be a whole number >= 1 (missing counts as 1)",
                            row=i + 1, column="n_attacks", value=incidents["n_attacks"].iloc[i])
        total = float(na.fillna(1).sum())
        if total > MAX_EVENTS:
            raise DataError(f"the incidents stand for {total:,.0f} events, more than "
                            f"{MAX_EVENTS:,} event times fit in memory here; check n_attacks "
                            "(the schema allows at most 10,000 per incident) or use to_counts",
                            column="n_attacks")
        reps = na.fillna(1).astype("int64").to_numpy()
    else:
        reps = np.ones(len(days), int)
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

    Parameters
    ----------
    incidents : DataFrame
        An incident table (``incident_id``, ``date``, ``side``, ``retaliation_for``).

    Returns
    -------
    DataFrame
        One row per (incident, stated trigger), columns as above.

    Examples
    --------
    >>> import analysis as ea
    >>> pairs = ea.stated_triggers(ea.load_incidents())
    >>> bool((pairs["lag_days"].dropna() >= 0).all())
    True
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
    """Phase number (0, 1, ...) of each date.

    Phase ``k`` covers ``[changes[k-1], changes[k])`` where
    ``changes = phase_changes(phases)``.

    Parameters
    ----------
    dates : date-like or sequence of dates
    phases : list of dates or DataFrame
        The dates on which a new phase begins, or a phase table with a ``start``
        column (e.g. ``detect_phases(...).phases``).

    Returns
    -------
    Series
        Phase numbers indexed by the dates.

    Examples
    --------
    >>> import analysis as ea
    >>> ea.phase_of(["2023-01-01", "2023-10-17", "2024-03-01"],
    ...             ["2023-10-17", "2024-02-05"]).tolist()
    [0, 1, 2]
    """
    try:
        cp = pd.DatetimeIndex(pd.to_datetime(phase_changes(phases))).sort_values()
        d = pd.DatetimeIndex(pd.to_datetime(dates))
    except (ValueError, TypeError) as e:
        raise SpecificationError(
            "phases must be a list of the dates on which a new phase begins, or a phase "
            f"table with a 'start' column ({e})") from None
    return pd.Series(cp.searchsorted(d, side="right"), index=d, name="phase")
