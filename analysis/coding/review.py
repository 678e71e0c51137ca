"""Review drafted incidents and append the accepted ones: ``escalation-review``.

::

    escalation-review REPORT.txt --published 2024-02-03 --source URL \\
        --out data/raw/additions/coded_reports.csv            # asks, on a terminal
    escalation-review REPORT.txt ... --accept-all              # appends every draft
    escalation-review REPORT.txt ... --non-interactive         # writes a review CSV
    escalation-review --apply REPORT.review.csv --out ...      # appends its accepted rows

Each draft is shown beside the text its fields came from (the span in ⟦ ⟧ with some
context) and its confidences. On a terminal the coder answers accept / edit / skip for
each draft (edit takes ``field=value`` lines). Without a terminal, or with
``--non-interactive``, the drafts go to a review CSV (``<out>.review.csv`` unless
``--review-csv`` is given) with an empty ``decision`` column: mark rows ``accept``,
correct cells if needed, then run ``--apply``.

Accepted rows pass the same validation as :func:`analysis.read_incidents`
(:func:`analysis.validate_incidents` against ``data/datapackage.json``, with the report
as a registered source) before anything is written; nothing is written if a row fails.
Two output formats:

``additions``
    the column format of ``data/raw/additions/README.md`` (``event_date``,
    ``direction``, ``source_url`` ...), read by ``python -m analysis.build``. Chosen
    automatically when the output's folder is named ``additions`` or the existing file
    has that header.
``incidents``
    the incident schema itself; the report is added to a ``sources.csv`` next to the
    output, so ``read_incidents(out)`` validates the file on its own.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from ..exceptions import DataError, SpecificationError
from ..schema import table_schema
from ..sides import side_label
from .frames import CASUALTY_FIELDS
from .extract import PROVENANCE_FIELDS, code_report, evidence_table, source_id_of

__all__ = ["main", "show_drafts", "draft_rows", "append_incidents", "write_review_csv",
           "read_review_csv", "highlight_html", "plot_confidence", "ADDITIONS_COLUMNS",
           "additions_columns"]

#: Columns of the project-coded additions format (data/raw/additions/README.md) before
#: and after the case's casualty columns, which are named by side and come from the
#: case's rules (``casualty_columns`` of its ``case.json``): see :func:`additions_columns`.
_ADDITIONS_HEAD = ["event_date", "date_precision", "time_local", "direction", "country",
                   "location", "admin1", "weapon", "n_attacks", "claimed_by", "actor",
                   "target_actor"]
_ADDITIONS_TAIL = ["confirmation", "described_as_retaliation_for", "source_url",
                   "extra_source_urls", "source_language", "note"]


def additions_columns(out=None) -> list[str]:
    """The header of a new additions file: the format's columns with the casualty columns
    of the case ``out`` belongs to (``<side>_killed/_wounded``, then their ``_low`` and
    ``_high``); the bundled default case's when ``out`` is None. An existing file's own
    header always wins."""
    rules = _case_rules(Path(out) if out is not None else None)
    cas = list(rules.casualty_fields)
    return (_ADDITIONS_HEAD + cas + [f"{c}{s}" for c in cas for s in ("_low", "_high")]
            + _ADDITIONS_TAIL)


def __getattr__(name):
    if name == "ADDITIONS_COLUMNS":           # kept: the bundled case's additions header
        return additions_columns()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_SOURCES_COLUMNS = ["source_id", "url", "kind", "outlet", "language", "published"]
_SHOWN = ("date", "date_precision", "time_local", "side", "target_side", "event_type", "actor",
          "claimed_by", "target_actor", "country", "admin1", "location", "site_id", "weapon",
          "n_attacks", *CASUALTY_FIELDS, "confirmation")


def _case_rules(out: Path | None):
    """The source-notes rules of the case whose additions ``out`` belongs to: the
    ``case.json`` beside its folder (``<raw>/additions/x.csv`` -> ``<raw>/case.json``),
    else the bundled default case's. They say which ``direction`` a pair of sides is and
    which ``<side>_killed/_wounded`` columns the raw format has."""
    from ..build import CaseRules
    from ..paths import RAW

    cands = [out.parent.parent / "case.json"] if out is not None else []
    for cand in cands + [RAW / "case.json"]:
        if cand.is_file():
            return CaseRules.read(cand)
    raise SpecificationError(f"no case.json for the additions file {out}: append with "
                             "--format incidents instead")


def _direction(rules, side, target_side) -> str:
    for name, (s, t, _) in rules.directions.items():
        if (s, t) == (side, target_side):
            return name
    return "other"


def _side_casualties(r: dict, header: list[str], out: Path, i: int) -> dict:
    """The raw additions format names casualty columns by side (``<side>_killed``): move
    each role figure of incident row ``r`` there (``target_*`` -> the target side's
    column, ``actor_*`` -> the acting side's). A figure with no column in ``header``
    raises (nothing is dropped)."""
    rec = {}
    for role, key in (("target", "target_side"), ("actor", "side")):
        for base in ("killed", "wounded"):
            for suf in ("", "_low", "_high"):
                v = r.get(f"{role}_{base}{suf}", "")
                if v == "":
                    continue
                col = f"{r.get(key, '')}_{base}{suf}"
                if col not in header:
                    raise DataError(f"{role}_{base}{suf} = {v} has no column in the additions "
                                    f"format (no {col!r}); append with --format incidents",
                                    file=out, row=i + 1, column=f"{role}_{base}{suf}", value=v)
                rec[col] = v
    return rec


def _fmt(v) -> str:
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, float) and v != v:
        return ""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def _context(text: str, span, width: int = 40) -> str:
    a, b = span
    left = text[max(0, a - width):a].replace("\n", " ")
    right = text[b:b + width].replace("\n", " ")
    return f"…{left}⟦{text[a:b]}⟧{right}…"


def show_drafts(drafts: pd.DataFrame, width: int = 40) -> str:
    """The drafts as text for review: per draft its fields, confidences and, for each
    field with provenance, the report text around the span it came from."""
    text = drafts.attrs.get("text", "")
    if drafts.empty:
        return f"no drafts: {drafts.attrs.get('reason') or 'nothing found'}"
    out = []
    for _, r in drafts.iterrows():
        out.append(f"── draft {r['draft_id']} ({r['report_role']}), confidence "
                   f"{_fmt(r['confidence'])} ── {r['incident_id']}")
        for f in _SHOWN:
            v = _fmt(r.get(f))
            if not v:
                continue
            line = f"  {f:<15} {v}"
            if f in PROVENANCE_FIELDS:
                conf = r.get(f"{f}_confidence")
                span = r.get(f"{f}_span")
                if conf is not None and conf == conf:
                    line += f"  [{conf:.2f}]"
                if isinstance(span, tuple) and text:
                    line += f"  {_context(text, span, width)}"
            out.append(line)
        note = _fmt(r.get("note"))
        if note:
            out.append(f"  {'note':<15} {note}")
    return "\n".join(out)


def highlight_html(drafts: pd.DataFrame, draft_id: str | None = None) -> str:
    """The report as HTML with the evidence spans of one draft (or all) highlighted and
    labelled by field: for notebooks (``IPython.display.HTML``)."""
    import html

    text = drafts.attrs.get("text", "")
    ev = evidence_table(drafts)
    if draft_id is not None:
        ev = ev[ev["draft_id"] == draft_id]
    labels: dict[tuple[int, int], list[str]] = {}
    for a, b, f in zip(ev["start"], ev["end"], ev["field"]):
        if b > a and f not in labels.setdefault((int(a), int(b)), []):
            labels[(int(a), int(b))].append(f)
    cands = sorted(((a, b, ", ".join(fs)) for (a, b), fs in labels.items()),
                   key=lambda m: (m[1] - m[0], m[0]))
    marks = []
    for m in cands:                       # the shortest evidence wins where spans overlap
        if all(m[1] <= o[0] or m[0] >= o[1] for o in marks):
            marks.append(m)
    marks.sort()
    out, pos = [], 0
    for a, b, f in marks:
        out.append(html.escape(text[pos:a]))
        out.append(f'<mark title="{html.escape(f)}">{html.escape(text[a:b])}'
                   f'<sub>{html.escape(f)}</sub></mark>')
        pos = b
    out.append(html.escape(text[pos:]))
    return ('<div dir="rtl" style="white-space: pre-wrap; line-height: 1.8">'
            + "".join(out) + "</div>")


def draft_rows(drafts: pd.DataFrame) -> pd.DataFrame:
    """The drafts as incident rows: only the schema's columns, as strings (ISO dates,
    integers without decimals, empty for missing), ready for validation and writing."""
    names = [f["name"] for f in table_schema("incidents")["fields"]]
    rows = pd.DataFrame({c: [_fmt(v) for v in drafts[c]] if c in drafts.columns
                         else [""] * len(drafts) for c in names}, dtype=object)
    return rows


def _source_row(source: str, published) -> dict:
    kind = "seed" if source.startswith("seed:") else "web"
    outlet = "seed report" if kind == "seed" else urlparse(source).netloc.lower().removeprefix("www.")
    return {"source_id": source_id_of(source), "url": source, "kind": kind, "outlet": outlet,
            "language": "ar", "published": _fmt(published)}


def _read_header(path: Path) -> list[str] | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), None)


def _format_of(out: Path, fmt: str) -> str:
    if fmt not in ("auto", "additions", "incidents"):
        raise SpecificationError(f"format must be 'auto', 'additions' or 'incidents', got {fmt!r}")
    if fmt != "auto":
        return fmt
    header = _read_header(out)
    if header:
        return "additions" if "event_date" in header and "direction" in header else "incidents"
    return "additions" if out.parent.name == "additions" else "incidents"


def _append_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    new = not path.exists() or path.stat().st_size == 0
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    if new:
        w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in header})
    if not new:
        raw = path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            buf = io.StringIO("\n" + buf.getvalue())
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(buf.getvalue())


def append_incidents(drafts: pd.DataFrame, out, *, source: str | None = None, published=None,
                     fmt: str = "auto", sides=None) -> pd.DataFrame:
    """Validate accepted drafts and append them to ``out``.

    Parameters
    ----------
    drafts : DataFrame
        Accepted drafts (from :func:`analysis.code_report`, possibly edited), or incident
        rows with the schema's columns.
    out : path
        The CSV to append to (created if missing).
    source : str, optional
        The report's URL; default ``drafts.attrs["source"]``. Required: every appended
        row cites it (``sources`` = its id).
    published : date-like, optional
        The report's publication date, recorded with the source.
    fmt : {"auto", "additions", "incidents"}
        See the module docstring.
    sides : optional
        The declared sides the rows are checked against (anything
        :func:`analysis.sides.as_sides` takes); default the bundled case's
        (:func:`analysis.load_sides`), whose actors the coder's lexicon knows.

    Returns
    -------
    DataFrame
        The rows written (typed, as :func:`analysis.validate_incidents` returns them).

    Raises
    ------
    SpecificationError
        No source, or an unknown format.
    DataError
        A row fails validation (nothing is written); the message names the row and column.
    """
    from ..data import load_sides, read_incidents, validate_incidents

    out = Path(out)
    sides = load_sides() if sides is None else sides
    source = source or drafts.attrs.get("source")
    if not source:
        raise SpecificationError("every appended row must cite the report: pass source= (its URL)")
    published = published if published is not None else drafts.attrs.get("published")
    fmt = _format_of(out, fmt)
    rows = draft_rows(drafts)
    if rows.empty:
        return validate_incidents(rows.iloc[0:0]) if len(rows.columns) else rows
    sid = source_id_of(source)
    rows["sources"] = sid
    src_row = _source_row(source, published)
    sources = pd.DataFrame([src_row])
    existing_ids: set[str] = set()
    sources_path = out.parent / "sources.csv"
    if fmt == "incidents" and out.exists() and _read_header(out):
        old = read_incidents(out, sides=sides,
                             sources=sources_path if sources_path.exists() else None)
        existing_ids = set(old["incident_id"].astype(str))
        if sources_path.exists():
            prev = pd.read_csv(sources_path, dtype=str, keep_default_na=False)
            sources = pd.concat([prev, sources], ignore_index=True).drop_duplicates("source_id")
    # unique incident ids (suffix -2, -3 ... as the schema says)
    ids = []
    for iid in rows["incident_id"]:
        base, k = iid, 1
        while iid in existing_ids or iid in ids:
            k += 1
            iid = f"{base}-{k}"
        ids.append(iid)
    rows["incident_id"] = ids
    valid = validate_incidents(rows, sides=sides, sources=sources)   # DataError on a bad row
    rules = _case_rules(out) if fmt == "additions" else None
    _refuse_duplicates(rows, out, fmt, source, sid, rules)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "incidents":
        header = _read_header(out) or list(rows.columns)
        missing = [c for c in rows.columns if c not in header and any(rows[c] != "")]
        if missing:
            raise DataError(f"{out} has no column(s) {missing} for values of the new rows; "
                            "append to a file with the full incident header", file=out)
        _append_csv(out, header, rows.to_dict("records"))
        prev_ids = set()
        if sources_path.exists():
            prev_ids = set(pd.read_csv(sources_path, dtype=str, keep_default_na=False)["source_id"])
        if sid not in prev_ids:
            _append_csv(sources_path, _read_header(sources_path) or _SOURCES_COLUMNS, [src_row])
    else:
        header = _read_header(out) or additions_columns(out)
        lacking = [c for c in ("event_date", "direction", "source_url") if c not in header]
        if lacking:
            raise DataError(f"{out} is not in the additions format (no {lacking}); pass "
                            "--format incidents or another --out", file=out)
        recs = []
        for i, r in enumerate(rows.to_dict("records")):
            rec = {c: r.get(c, "") for c in header}
            rec.update(_side_casualties(r, header, out, i))
            rec.update(event_date=r["date"],
                       direction=_direction(rules, r["side"], r["target_side"]),
                       described_as_retaliation_for=r.get("retaliation_for_text", ""),
                       source_url=source, source_language="ar", extra_source_urls="")
            recs.append(rec)
        _append_csv(out, header, recs)
    return valid


def _row_keys(df: pd.DataFrame, fmt: str) -> list[tuple]:
    """What makes an appended row the same incident from the same report: the source, the
    date, the direction (or sides), the country, the place and the weapon."""
    def col(c):
        return df[c].fillna("").astype(str).str.strip() if c in df.columns else pd.Series(
            [""] * len(df), index=df.index)
    if fmt == "incidents":
        cols = [col("sources"), col("date"), col("side"), col("target_side"), col("country"),
                col("site_id").where(col("site_id") != "", col("location")), col("weapon")]
    else:
        cols = [col("source_url"), col("event_date"), col("direction"), col("country"),
                col("location"), col("weapon")]
    return list(zip(*cols))


def _refuse_duplicates(rows: pd.DataFrame, out: Path, fmt: str, source: str, sid: str,
                       rules=None) -> None:
    """Refuse (DataError, nothing written) rows that ``out`` already holds from the same
    report: applying the same review file twice must not append its incidents again."""
    if not out.exists() or not _read_header(out):
        return
    old = pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if fmt == "incidents":
        new = rows.assign(date=rows["date"].astype(str).str[:10])
        old = old.assign(date=old["date"].astype(str).str[:10]) if "date" in old.columns else old
    else:
        new = pd.DataFrame({"source_url": source, "event_date": rows["date"].astype(str).str[:10],
                            "direction": [_direction(rules, a, b) for a, b in
                                          zip(rows["side"], rows["target_side"])],
                            "country": rows["country"], "location": rows["location"],
                            "weapon": rows["weapon"]})
    have = set(_row_keys(old, fmt))
    dup = [i for i, k in enumerate(_row_keys(new, fmt)) if k in have]
    if dup:
        which = ", ".join(f"{rows['date'].iloc[i]} {rows['side'].iloc[i]} "
                          f"{rows['location'].iloc[i] or rows['country'].iloc[i]}" for i in dup)
        raise DataError(f"{len(dup)} of the {len(rows)} row(s) are already in {out} from the "
                        f"same report ({which}): was this review applied before? Nothing "
                        "was written", file=out)


def write_review_csv(drafts: pd.DataFrame, path) -> Path:
    """Write drafts for review: a ``decision`` column (empty; write ``accept``), the
    schema's columns, the overall confidence, and for each field with provenance its
    confidence and the text it came from."""
    path = Path(path)
    rows = draft_rows(drafts)
    text = drafts.attrs.get("text", "")
    extra = {"decision": [""] * len(rows), "draft_id": list(drafts["draft_id"]),
             "report_role": list(drafts["report_role"]),
             "confidence": [_fmt(v) for v in drafts["confidence"]]}
    for f in PROVENANCE_FIELDS:
        extra[f"{f}_confidence"] = [_fmt(v) for v in drafts[f"{f}_confidence"]]
        extra[f"{f}_evidence"] = [text[s[0]:s[1]] if isinstance(s, tuple) else ""
                                  for s in drafts[f"{f}_span"]]
    extra["snippet"] = list(drafts["snippet"])
    extra["report_source"] = [drafts.attrs.get("source") or ""] * len(rows)
    extra["report_published"] = [drafts.attrs.get("published") or ""] * len(rows)
    table = pd.concat([pd.DataFrame(extra), rows], axis=1).fillna("")
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, encoding="utf-8")
    return path


def read_review_csv(path) -> pd.DataFrame:
    """The rows of a review CSV whose ``decision`` is accept/yes/y, as incident rows with
    ``attrs['source']`` and ``attrs['published']`` taken from the file. UTF-8 (with or
    without BOM) or UTF-16 with a BOM (as spreadsheets save "Unicode text")."""
    path = Path(path)
    head = path.read_bytes()[:2]
    enc = "utf-16" if head in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"   # a spreadsheet's UTF-16
    try:
        t = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=enc)
    except UnicodeDecodeError as e:
        raise DataError(f"not UTF-8 (nor UTF-16 with a BOM): bad byte at offset {e.start}; "
                        "save the review CSV as UTF-8", file=path) from None
    if "decision" not in t.columns:
        raise DataError("not a review CSV: no 'decision' column", file=path)
    acc = t[t["decision"].str.strip().str.lower().isin({"accept", "accepted", "yes", "y", "a"})]
    acc = acc.reset_index(drop=True)
    for key, col in (("source", "report_source"), ("published", "report_published")):
        vals = [v for v in t.get(col, pd.Series(dtype=str)) if v]
        acc.attrs[key] = vals[0] if vals else None
    return acc


def _interactive(drafts: pd.DataFrame, inp, outp) -> pd.DataFrame:
    from ..data import load_sides, validate_incidents

    sides = load_sides()

    keep = []
    text = show_drafts(drafts).split("── draft ")
    blocks = {f"d{i}": "── draft " + b for i, b in enumerate(text[1:], start=1)}
    for i, (_, r) in enumerate(drafts.iterrows()):
        print(blocks.get(r["draft_id"], ""), file=outp)
        row = drafts.iloc[[i]].copy()
        while True:
            outp.write("[a]ccept, [e]dit, [s]kip, [q]uit? ")
            outp.flush()
            ans = (inp.readline() or "q").strip().lower()[:1]
            if ans == "q":
                return drafts.iloc[0:0] if not keep else pd.concat(keep)
            if ans == "s":
                break
            if ans == "e":
                print("  field=value per line, empty line to finish (e.g. weapon=rocket)", file=outp)
                while True:
                    line = inp.readline()
                    if not line or not line.strip():
                        break
                    if "=" not in line:
                        print("  write field=value", file=outp)
                        continue
                    k, v = (x.strip() for x in line.split("=", 1))
                    if k not in row.columns:
                        hint = ""
                        base = k.rsplit("_", 1)[-1] if "_" in k else ""
                        if base in ("killed", "wounded"):
                            hint = (f": casualties are by role, target_{base} (the side hit) "
                                    f"or actor_{base} (the acting side's own)")
                        print(f"  unknown field {k!r}{hint}", file=outp)
                        continue
                    row[k] = row[k].astype(object)
                    row.loc[row.index[0], k] = v if v else None
                res = validate_incidents(draft_rows(row), errors="collect", sides=sides)
                if len(res.rejects):
                    print(f"  not valid: {res.rejects['reason'].iloc[0]}", file=outp)
                    continue
                row.attrs = dict(drafts.attrs)
                print(show_drafts(row), file=outp)
                continue
            if ans == "a":
                res = validate_incidents(draft_rows(row), errors="collect", sides=sides)
                if len(res.rejects):
                    print(f"  not valid: {res.rejects['reason'].iloc[0]}; edit it first", file=outp)
                    continue
                keep.append(row)
                break
    if not keep:
        return drafts.iloc[0:0]
    acc = pd.concat(keep)
    acc.attrs = dict(drafts.attrs)
    return acc


def main(argv=None) -> int:
    """The ``escalation-review`` command (see the module docstring)."""
    ap = argparse.ArgumentParser(
        prog="escalation-review",
        description="Draft incident rows from an Arabic news report, review them beside the "
                    "text, and append the accepted rows (validated like read_incidents).")
    ap.add_argument("report", nargs="?", help="the report, a UTF-8 (or Windows-1256) text file")
    ap.add_argument("--published", help="publication date YYYY-MM-DD (resolves 'yesterday', "
                                         "'last Sunday', dates without a year)")
    ap.add_argument("--source", help="the report's URL (or seed:<file>); every row cites it")
    ap.add_argument("--out", help="CSV to append accepted rows to")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--accept-all", action="store_true", help="append every draft")
    mode.add_argument("--non-interactive", action="store_true",
                      help="write the drafts to a review CSV instead of asking")
    mode.add_argument("--apply", metavar="REVIEW_CSV",
                      help="append the rows marked 'accept' in a review CSV")
    ap.add_argument("--review-csv", help="where --non-interactive writes (default <out>.review.csv)")
    ap.add_argument("--format", default="auto", choices=["auto", "additions", "incidents"],
                    help="output format (default: additions in an 'additions' folder)")
    args = ap.parse_args(argv)
    bad = (_not_a_file(args.apply, "review CSV") if args.apply else
           _not_a_file(args.report, "report") if args.report else None)
    if bad is None and args.out and Path(args.out).is_dir():
        bad = f"--out {args.out}: is a directory; give the CSV file to append to"
    if bad:
        print(f"escalation-review: {bad}", file=sys.stderr)
        return 2
    try:
        if args.apply:
            if not args.out:
                ap.error("--apply needs --out")
            acc = read_review_csv(args.apply)
            if acc.empty:
                print(f"no rows marked accept in {args.apply}: nothing written")
                return 0
            source = args.source or acc.attrs.get("source")
            done = append_incidents(acc, args.out, source=source,
                                    published=args.published or acc.attrs.get("published"),
                                    fmt=args.format)
            print(f"appended {len(done)} row(s) to {args.out}")
            return 0
        if not args.report:
            ap.error("give the report file (or --apply REVIEW_CSV)")
        if not args.source:
            ap.error("--source is required: every appended row must cite the report")
        path = Path(args.report)
        drafts = code_report(path.read_bytes(), published=args.published, source=args.source)
        for n in drafts.attrs.get("notes", []):
            print(f"note: {n}")
        if drafts.empty:
            print(f"no drafts: {drafts.attrs.get('reason')}")
            return 0
        interactive = not (args.accept_all or args.non_interactive) and sys.stdin.isatty()
        if not (args.accept_all or args.non_interactive or interactive):
            print("stdin is not a terminal: writing a review CSV (use --accept-all to append "
                  "directly)")
        if args.accept_all:
            print(show_drafts(drafts))
            if not args.out:
                ap.error("--accept-all needs --out")
            done = append_incidents(drafts, args.out, source=args.source,
                                    published=args.published, fmt=args.format)
            print(f"appended {len(done)} row(s) to {args.out}")
            return 0
        if interactive:
            if not args.out:
                ap.error("--out is required")
            acc = _interactive(drafts, sys.stdin, sys.stdout)
            if acc.empty:
                print("nothing accepted: nothing written")
                return 0
            done = append_incidents(acc, args.out, source=args.source,
                                    published=args.published, fmt=args.format)
            print(f"appended {len(done)} row(s) to {args.out}")
            return 0
        target = args.review_csv or (str(Path(args.out).with_suffix(".review.csv")) if args.out
                                     else str(path.with_suffix(".review.csv")))
        print(show_drafts(drafts))
        write_review_csv(drafts, target)
        print(f"wrote {len(drafts)} draft(s) to {target}: mark rows 'accept' in the decision "
              f"column, then run escalation-review --apply {target} --out OUT.csv")
        return 0
    except (DataError, SpecificationError, ValueError) as e:
        print(f"escalation-review: {e}", file=sys.stderr)
        return 1
    except (OSError, UnicodeError) as e:
        # unreadable, not UTF-8 (a review CSV saved as UTF-16), permissions: one line
        print(f"escalation-review: {getattr(e, 'filename', None) or ''}"
              f"{': ' if getattr(e, 'filename', None) else ''}{type(e).__name__}: "
              f"{getattr(e, 'strerror', None) or e}", file=sys.stderr)
        return 2


def _not_a_file(path, what: str) -> str | None:
    """Why ``path`` cannot be read as a file (missing, a directory), or None."""
    p = Path(path)
    if not p.exists():
        return f"{what} {p}: no such file"
    if p.is_dir():
        return f"{what} {p}: is a directory, not a file"
    return None


if __name__ == "__main__":
    sys.exit(main())


def plot_confidence(drafts: pd.DataFrame, ax=None):
    """Heat map of the confidence of each draft's fields (drafts in rows, fields with
    provenance in columns; blank where the draft has no value). Returns the Axes."""
    import numpy as np

    from ..plotting import new_figure

    if ax is None:
        fig, ax = new_figure("wide")
        fig.subplots_adjust(left=0.25, bottom=0.3, right=0.9, top=0.9)
    fields = list(PROVENANCE_FIELDS)
    conf = np.array([[pd.to_numeric(r.get(f"{f}_confidence"), errors="coerce") for f in fields]
                     for _, r in drafts.iterrows()], dtype=float).reshape(len(drafts), len(fields))
    masked = np.ma.masked_invalid(conf)
    im = ax.imshow(masked, vmin=0, vmax=1, cmap="viridis", aspect="auto")
    for i in range(conf.shape[0]):
        for j in range(conf.shape[1]):
            if np.isfinite(conf[i, j]):
                ax.text(j, i, f"{conf[i, j]:.2f}", ha="center", va="center",
                        color="white" if conf[i, j] < 0.6 else "black")
    ax.set_xticks(range(len(fields)))
    ax.set_xticklabels([f.replace("_", " ") for f in fields], rotation=40, ha="right")
    labels = [f"{r['draft_id']}{'*' if r['report_role'] == 'main' else ''} {_fmt(r['date'])} "
              f"{side_label(r['side']) if isinstance(r['side'], str) else '?'} {_fmt(r['country'])}"
              for _, r in drafts.iterrows()]
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels)
    ax.figure.colorbar(im, ax=ax, fraction=0.03, pad=0.02, label="confidence")
    ax.set_title("Field confidence of the drafts (* = main incident)")
    return ax
