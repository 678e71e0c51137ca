"""The adversarial corpus of bad and edge-case inputs to the front door (issue 9 §2, §4).

Every case is *generated* here (nothing large is stored): ``CASES`` lists each input
with the outcome it must have. ``tests/test_adversarial.py`` runs them all; run this
file as a script to write the inputs to a folder for manual inspection:

    python tests/adversarial.py /tmp/corpus

Outcomes
--------
``ok``       read_incidents returns; every row kept (``check`` may test the values).
``reject``   with ``errors="collect"`` the rows ``rows`` (1-based) are rejected with a
             reason matching ``match``, the others kept; with ``errors="raise"`` a
             DataError names the first of them and matches ``match``.
``error``    a DataError (the whole input is unusable) matching ``match``.
``spec``     a SpecificationError (the call is wrong) matching ``match``.
For every case that returns, rows in = kept + rejected is asserted.
"""

from __future__ import annotations

import gzip
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

HEADER = ["incident_id", "date", "side", "target_side", "event_type", "weapon", "n_attacks",
          "target_killed", "time_local", "country", "sources", "note"]
BASE = [
    ["a1", "2024-01-01", "red", "blue", "attack", "rocket", "1", "", "", "Iraq", "s1", "first"],
    ["a2", "2024-01-02", "red", "blue", "attack", "drone", "2", "3", "21:30", "Iraq", "s1;s2", ""],
    ["a3", "2024-01-03", "blue", "red", "strike", "airstrike", "1", "", "", "Iraq", "s2", "x"],
    ["a4", "2024-01-06", "red", "blue", "other", "unknown", "1", "0", "", "Syria", "s2", ""],
]
SIDES = {"red": "Red", "blue": "Blue"}
SOURCES = pd.DataFrame({"source_id": ["s1", "s2"], "url": ["https://a.example/1",
                                                           "https://b.example/2"],
                        "kind": ["web", "web"]})
TODAY = "2026-01-01"


def csv_text(rows, header=HEADER, sep=",", eol="\n") -> str:
    buf = io.StringIO()
    pd.DataFrame(rows, columns=header).to_csv(buf, index=False, sep=sep, lineterminator=eol)
    return buf.getvalue()


def with_cell(row: int, col: str, value, rows=None):
    rows = [r[:] for r in (rows or BASE)]
    rows[row][HEADER.index(col)] = value
    return rows


@dataclass
class Case:
    name: str
    make: Callable[[Path], object]      # tmp folder -> source (path or object)
    outcome: str                        # ok | reject | error | spec
    match: str = ""
    rows: tuple = ()
    kwargs: dict = field(default_factory=dict)
    n_rows: int | None = None           # rows in (default: len(BASE))
    check: Callable | None = None       # check(kept) for ok cases


def file_case(name, text_or_bytes, outcome, match="", rows=(), suffix=".csv", **kw):
    def make(d: Path, data=text_or_bytes, suffix=suffix):
        p = d / f"{name.replace(' ', '_').replace('/', '_')}{suffix}"
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return p
    return Case(name, make, outcome, match, tuple(rows), **kw)


def cell_case(name, row, col, value, outcome, match="", **kw):
    return file_case(name, csv_text(with_cell(row, col, value)), outcome, match,
                     rows=(row + 1,) if outcome == "reject" else (), **kw)


def df_case(name, df_fn, outcome, match="", rows=(), **kw):
    return Case(name, lambda d: df_fn(), outcome, match, tuple(rows), **kw)


def _base_df():
    return pd.DataFrame(BASE, columns=HEADER)


def _typed_df():
    df = _base_df()
    df["date"] = pd.to_datetime(df["date"])
    df["n_attacks"] = df["n_attacks"].astype(int)
    return df


CASES: list[Case] = [
    # --- integers: plausible maxima and 64-bit overflow --------------------------------
    cell_case("n_attacks above maximum", 0, "n_attacks", "10001", "reject", "<= 10,000"),
    cell_case("n_attacks at maximum", 0, "n_attacks", "10000", "ok"),
    cell_case("n_attacks overflows 64 bits", 1, "n_attacks", "99999999999999999999", "reject",
              "more than 18 digits"),
    cell_case("casualties above maximum", 1, "target_killed", "100001", "reject", "<= 100,000"),
    cell_case("casualties overflow 64 bits", 1, "target_killed", "9223372036854775808",
              "reject", "overflows 64 bits"),
    cell_case("negative count", 0, "n_attacks", "-2", "reject", ">= 1"),
    cell_case("minus zero count", 0, "n_attacks", "-0", "reject", ">= 1"),
    cell_case("plus sign count", 0, "n_attacks", "+2", "ok",
              check=lambda k: k["n_attacks"].iloc[0] == 2),
    cell_case("count with spaces", 0, "n_attacks", " 3 ", "ok",
              check=lambda k: k["n_attacks"].iloc[0] == 3),
    # --- numbers as the schema says, not float() ---------------------------------------
    cell_case("exponent integer", 0, "n_attacks", "1e3", "reject", "digits 0-9 only"),
    cell_case("underscore integer", 0, "n_attacks", "1_000", "reject", "digits 0-9 only"),
    cell_case("underscore decimal", 0, "n_attacks", "3_3.5", "reject", "digits 0-9 only"),
    cell_case("2.0 for an integer", 0, "n_attacks", "2.0", "reject", "no decimal point"),
    cell_case("1.5 for an integer", 0, "n_attacks", "1.5", "reject", "expected an integer"),
    cell_case("thousands separator", 1, "target_killed", "1,000", "reject", "digits 0-9 only"),
    cell_case("arabic-indic digits", 1, "target_killed", "\u0663", "reject", "ASCII digits"),
    cell_case("extended arabic-indic digits", 1, "n_attacks", "\u06f2", "reject", "ASCII digits"),
    cell_case("full-width digits", 1, "n_attacks", "\uff13", "reject", "ASCII digits"),
    cell_case("nan text count", 1, "n_attacks", "nan", "reject", "expected an integer"),
    cell_case("inf text casualties", 1, "target_killed", "inf", "reject", "expected an integer"),
    # --- dates -------------------------------------------------------------------------
    cell_case("year 1500", 0, "date", "1500-01-01", "reject", "before 1900-01-01"),
    cell_case("year 9999", 0, "date", "9999-12-31", "reject", "in the future"),
    cell_case("year 2099", 0, "date", "2099-01-01", "reject", "in the future"),
    cell_case("day after today", 0, "date", "2026-01-02", "reject", "in the future"),
    cell_case("today", 0, "date", TODAY, "ok"),
    cell_case("1900-01-01", 0, "date", "1900-01-01", "ok"),
    cell_case("impossible date", 1, "date", "2024-02-30", "reject", "not a valid calendar date"),
    cell_case("29 Feb non-leap", 1, "date", "2023-02-29", "reject", "not a valid calendar date"),
    cell_case("29 Feb leap", 1, "date", "2024-02-29", "ok"),
    cell_case("words", 2, "date", "last Tuesday", "reject", "not a date"),
    cell_case("excel serial", 2, "date", "45000", "reject", "not a date"),
    cell_case("ambiguous day/month", 2, "date", "03/04/2024", "reject", "ambiguous"),
    cell_case("ambiguous with date_format", 2, "date", "03/04/2024", "ok",
              kwargs={"date_format": None}),     # replaced below
    cell_case("unambiguous day first", 2, "date", "13/04/2024", "ok",
              check=lambda k: str(k["date"].iloc[2].date()) == "2024-04-13"),
    cell_case("unambiguous month first", 2, "date", "04/13/2024", "ok",
              check=lambda k: str(k["date"].iloc[2].date()) == "2024-04-13"),
    cell_case("day equals month", 2, "date", "04/04/2024", "ok"),
    cell_case("acled style", 2, "date", "28 January 2024", "ok",
              check=lambda k: str(k["date"].iloc[2].date()) == "2024-01-28"),
    cell_case("us long style", 2, "date", "January 28, 2024", "ok"),
    cell_case("compact", 2, "date", "20240128", "ok"),
    cell_case("iso midnight", 2, "date", "2024-01-28 00:00:00.000", "ok"),
    cell_case("iso with time of day", 2, "date", "2024-01-28T14:05", "reject", "time of day"),
    cell_case("unknown month", 2, "date", "28 Januar 2024", "reject", "calendar date"),
    file_case("mixed day/month orders",
              csv_text(with_cell(1, "date", "01/13/2024", with_cell(0, "date", "13/01/2024"))),
              "reject", "mixes day-first", rows=(2,)),
    # --- time_local --------------------------------------------------------------------
    cell_case("time 24:00", 0, "time_local", "24:00", "reject", "pattern"),
    cell_case("time 23:60", 0, "time_local", "23:60", "reject", "pattern"),
    cell_case("time 7:30", 0, "time_local", "7:30", "reject", "pattern"),
    cell_case("time 23:59", 0, "time_local", "23:59", "ok"),
    cell_case("time arabic digits", 0, "time_local", "\u0662\u0661:\u0663\u0660", "reject",
              "pattern"),
    # --- sides and categories ----------------------------------------------------------
    cell_case("side typo", 2, "side", "redd", "reject", "did you mean 'red'"),
    cell_case("side case", 2, "side", "Red", "reject", "did you mean 'red'"),
    cell_case("side with space", 2, "side", "red ", "reject", "leading or trailing spaces"),
    cell_case("side zero-width", 2, "side", "r\u200bed", "reject", "invisible character"),
    cell_case("undeclared target side", 0, "target_side", "green", "reject", "unknown side"),
    cell_case("category case", 0, "weapon", "Drone", "reject", "did you mean 'drone'"),
    cell_case("unknown category", 0, "weapon", "catapult", "reject", "unknown category"),
    cell_case("codebook extends", 0, "weapon", "catapult", "ok",
              kwargs={"codebook": {"weapon": ["catapult"]}}),
    cell_case("new vocabulary value", 0, "weapon", "uncrewed_surface_vessel", "ok"),
    cell_case("country case variant", 0, "country", "iraq", "reject", "differs from 'Iraq'"),
    cell_case("id zero-width", 3, "incident_id", "a1\u200b", "reject", "invisible character"),
    cell_case("id trailing space", 3, "incident_id", "a1 ", "reject", "leading or trailing"),
    cell_case("duplicate id", 3, "incident_id", "a2", "reject", "duplicate value"),
    cell_case("source id zero-width", 2, "sources", "s2;\u200bs1", "reject",
              "invisible character"),
    cell_case("source ids with spaces", 1, "sources", "s1 ; s2", "ok"),
    cell_case("dangling source", 2, "sources", "s2;s9", "reject", "not in the sources table"),
    cell_case("empty list item", 2, "sources", "s2;;s1", "reject", "empty item"),
    # --- rows, text, encodings ---------------------------------------------------------
    file_case("blank row of delimiters", csv_text(BASE) + "," * (len(HEADER) - 1) + "\n",
              "reject", "blank row", rows=(5,), n_rows=5),
    file_case("empty lines are not rows", csv_text(BASE[:2]) + "\n\n" + csv_text(BASE[2:])
              .split("\n", 1)[1], "ok"),
    file_case("200 KB text field", csv_text(with_cell(0, "note", "x" * 200_000)), "ok",
              check=lambda k: len(k["note"].iloc[0]) == 200_000),
    file_case("quoted newline then bad row",
              csv_text(with_cell(3, "n_attacks", "0", with_cell(0, "note", "two\nlines"))),
              "reject", ">= 1", rows=(4,)),
    file_case("too many fields", csv_text(BASE) + "a9,2024-01-09,red,blue,attack,rocket,1,,,"
              "Iraq,s1,note,EXTRA\n", "reject", "13 fields but the header has 12", rows=(5,),
              n_rows=5),
    file_case("truncated last row", csv_text(BASE) + "a9,2024-01-09,red", "reject",
              "truncated", rows=(5,), n_rows=5),
    file_case("unbalanced quote", csv_text(BASE) + 'a9,"2024-01-09,red\n', "error",
              "cannot be parsed as CSV"),
    file_case("duplicate header", csv_text(BASE).replace("note", "country", 1), "error",
              "duplicate column names"),
    file_case("missing side column", csv_text([r[:2] + r[3:] for r in BASE],
                                              HEADER[:2] + HEADER[3:]), "error",
              r"missing required column\(s\) \['side'\]"),
    file_case("empty file", b"", "error", "the file is empty"),
    file_case("header only", "date,side\n", "ok", n_rows=0),
    file_case("utf-16 le bom", b"\xff\xfe" + csv_text(BASE).encode("utf-16-le"), "error",
              "UTF-16"),
    file_case("utf-16 be bom", b"\xfe\xff" + csv_text(BASE).encode("utf-16-be"), "error",
              "UTF-16"),
    file_case("utf-16 le no bom", csv_text(BASE).encode("utf-16-le"), "error",
              "UTF-16.*without BOM"),
    file_case("cp1256", csv_text(with_cell(0, "note", "ميليشيا")).encode("cp1256"), "error",
              "not UTF-8"),
    file_case("utf-8 bom and crlf", b"\xef\xbb\xbf" + csv_text(BASE, eol="\r\n").encode(), "ok"),
    file_case("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "error", "NUL bytes"),
    file_case("tsv", csv_text(BASE, sep="\t"), "ok", suffix=".tsv"),
    file_case("gzip csv", gzip.compress(csv_text(BASE).encode(), mtime=0), "ok",
              suffix=".csv.gz"),
    file_case("not gzip", b"plain text", "error", "gzip", suffix=".csv.gz"),
    file_case("unsupported suffix", "x", "error", "unsupported file type", suffix=".json"),
    file_case("legacy casualty column", csv_text(BASE, [h if h != "target_killed" else
                                                        "us_killed" for h in HEADER]),
              "error", "target_killed"),
    # --- what is passed ----------------------------------------------------------------
    Case("a directory", lambda d: d, "error", "is a directory"),
    Case("a list", lambda d: [1, 2], "error", "got a list"),
    Case("a dict", lambda d: {"date": []}, "error", "got a dict"),
    Case("None", lambda d: None, "error", "got a NoneType"),
    Case("bytes", lambda d: b"date,side\n", "error", "got a bytes"),
    df_case("a DataFrame", _base_df, "ok"),
    df_case("typed DataFrame", _typed_df, "ok"),
    df_case("DataFrame bool count", lambda: _typed_df().astype({"n_attacks": object})
            .assign(n_attacks=[True, 1, 1, 1]), "reject", "boolean", rows=(1,)),
    df_case("DataFrame inf casualties", lambda: _typed_df().assign(
        target_killed=[float("inf"), 1.0, None, 0.0]), "reject", "expected an integer",
        rows=(1,)),
    df_case("DataFrame fractional casualties", lambda: _typed_df().assign(
        target_killed=[0.5, 1.0, None, 0.0]), "reject", "whole number", rows=(1,)),
    df_case("DataFrame date with time", lambda: _typed_df().assign(
        date=pd.to_datetime(["2024-01-01 10:00", "2024-01-02 00:00", "2024-01-03 00:00",
                             "2024-01-06 00:00"])),
        "reject", "without time of day", rows=(1,)),
    df_case("DataFrame tz-aware dates", lambda: _typed_df().assign(
        date=pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-06"])
        .tz_localize("Asia/Baghdad")), "ok"),
    df_case("DataFrame int64 overflow value", lambda: _typed_df().assign(
        n_attacks=[2 ** 62, 1, 1, 1]), "reject", "<= 10,000", rows=(1,)),
    df_case("DataFrame duplicate columns", lambda: pd.concat([_base_df(), _base_df()[["side"]]],
                                                             axis=1), "error", "duplicate column"),
    df_case("DataFrame categorical side", lambda: _base_df().astype({"side": "category"}), "ok"),
    df_case("DataFrame integer ids and clock times", lambda: _base_df().assign(
        incident_id=[1, 2, 3, 4], time_local=[__import__("datetime").time(21, 30), None, None,
                                              None]), "ok",
        check=lambda k: k["incident_id"].tolist() == ["1", "2", "3", "4"]
        and k["time_local"].iloc[0] == "21:30"),
    df_case("DataFrame fractional id", lambda: _base_df().assign(incident_id=[1.5, 2, 3, 4]),
            "reject", "expected text", rows=(1,)),
    df_case("DataFrame with extra index", lambda: _base_df().set_index("note"), "ok"),
    df_case("columns= onto unknown", _base_df, "spec", "not schema columns",
            kwargs={"columns": {"note": "remarks"}}),
    df_case("columns= from a missing column", _base_df, "error", "does not have",
            kwargs={"columns": {"when": "date"}}),
    df_case("codebook on a free-text column", _base_df, "spec", "not a categorical column",
            kwargs={"codebook": {"note": ["x"]}}),
]

# the date_format variant: the same ambiguous value read with an explicit format
for _c in CASES:
    if _c.name == "ambiguous with date_format":
        _c.kwargs = {"date_format": None}
        _c.make = (lambda d: _write(d, "amb_fmt.csv", csv_text(
            [r if i != 2 else r[:1] + ["03/04/2024"] + r[2:] for i, r in enumerate(
                [[c if j != 1 else pd.Timestamp(c).strftime("%d/%m/%Y") for j, c in
                  enumerate(r)] for r in BASE])])))
        _c.kwargs = {"date_format": "%d/%m/%Y"}
        _c.check = lambda k: str(k["date"].iloc[2].date()) == "2024-04-03"


def _write(d: Path, name: str, text: str) -> Path:
    p = d / name
    p.write_text(text, encoding="utf-8")
    return p


def main(argv=None) -> int:
    out = Path((argv or sys.argv[1:] or ["adversarial-corpus"])[0])
    out.mkdir(parents=True, exist_ok=True)
    for c in CASES:
        src = c.make(out)
        print(f"{c.name:40s} {c.outcome:7s} {src if isinstance(src, Path) else type(src).__name__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
