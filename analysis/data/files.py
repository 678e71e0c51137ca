"""Reading a user's file, whatever its format: size guard, format sniffing, careful CSV
(BOM, delimiter, ragged rows), Excel, Parquet.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

import pandas as pd

from ..exceptions import DataError
from ..schema import table_schema, validate_frame


#: Files larger than this are refused unless ``max_bytes`` is raised (1 GiB).
MAX_BYTES = 1024 ** 3


_BOM = b"\xef\xbb\xbf"


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


def _read_table(path, resource: str) -> pd.DataFrame:
    """Read and validate a resource other than incidents (e.g. a sources table)."""
    cells, label, p, lines, probs, _ = _read_source(path, max_bytes=MAX_BYTES)
    typed, problems = validate_frame(cells, table_schema(resource), row_problems=probs)
    if len(problems):
        r = problems.iloc[0]
        raise DataError(r.reason, file=label, row=int(r.pos) + 1, column=r.column,
                        value=r.value, more=len(problems) - 1)
    return typed
