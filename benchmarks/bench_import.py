"""One dyad out of a large ACLED export: ``from_acled`` (DuckDB) against pandas.

Data: a synthetic file in ACLED's export format (the 31 published columns, dates as the
export tool writes them, quoted notes), 2.5 million rows by default - the size of ACLED's
full export - written with DuckDB under ``/tmp`` (never in the repository; removed
afterwards unless ``--keep``). One dyad (two invented actors) has 0.2 % of the rows; the
rest are 3,000 other invented actors.

Contenders, each in a fresh Python process so that its peak resident memory (``VmHWM``
of that process) is its own:

* ``from_acled``: ``from_acled(path, sides={a: A, b: B})``, the whole importer (DuckDB
  scan, filtered as it streams, mapping, validation by ``read_incidents``);
* ``scan_acled``: only the DuckDB read of the dyad's raw rows;
* ``pandas``: ``pandas.read_csv(path)`` then the rows whose ``actor1`` or ``actor2``
  is one of the two actors (plain pandas, what a user would write).

Then the same dyad from a Parquet copy of the export, made once with
``acled_to_parquet`` (what a scan of many dyads does), against ``pandas.read_parquet`` +
filter.

Printed: wall and CPU seconds (user + system, all threads) and peak memory of each, the
ratios of pandas to each, and the memory of a process that only imports pandas and the
package (the floor every contender pays). On a shared machine wall times stretch with
the load; CPU seconds much less. The dyad's rows found by each contender are checked to be the same. The goal of
issue 11 is ``from_acled`` at least 5x faster than pandas with at most 1/5 of its memory.

Run: ``python benchmarks/bench_import.py`` (full size) or ``--rows 200000`` (quick).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
A = "Military Forces of Northland (2019-)"
B = "Southland Liberation Front"
DYAD_EVERY = 500            # one row in 500 belongs to the dyad (0.2 %)


def generate(path: Path, rows: int) -> None:
    """Write the synthetic ACLED-format file with DuckDB (deterministic content)."""
    import duckdb
    q = "'" + str(path).replace("'", "''") + "'"
    sql = f"""
    COPY (
      WITH t AS (
        SELECT i, DATE '2018-01-01' + CAST((i * 7919) % 2500 AS INTEGER) AS d,
               (i % {DYAD_EVERY} = 0) AS dyad, (i // {DYAD_EVERY}) % 10 AS k
        FROM range({int(rows)}) r(i)
      )
      SELECT
        'SYN' || lpad(CAST(i AS VARCHAR), 8, '0') AS event_id_cnty,
        strftime(d, '%d %B %Y') AS event_date,
        year(d) AS year,
        1 + (i % 7 = 0)::INTEGER + (i % 29 = 0)::INTEGER AS time_precision,
        CASE WHEN dyad AND k = 3 THEN 'Strategic developments' ELSE 'Political violence'
             END AS disorder_type,
        CASE WHEN dyad AND k = 3 THEN 'Strategic developments'
             WHEN i % 3 = 0 THEN 'Battles' ELSE 'Explosions/Remote violence' END AS event_type,
        CASE WHEN dyad AND k = 3 THEN 'Disrupted weapons use'
             WHEN i % 3 = 0 THEN 'Armed clash' ELSE 'Shelling/artillery/missile attack'
             END AS sub_event_type,
        CASE WHEN dyad AND k % 2 = 0 THEN '{A}' WHEN dyad THEN '{B}'
             ELSE 'Armed Group ' || lpad(CAST((i * 31) % 3000 AS VARCHAR), 4, '0') END AS actor1,
        CASE WHEN i % 11 = 0 THEN 'Allied Group ' || CAST(i % 97 AS VARCHAR) ELSE '' END
             AS assoc_actor_1,
        CASE WHEN dyad THEN 1 ELSE 2 + i % 3 END AS inter1,
        CASE WHEN dyad AND k % 2 = 0 THEN '{B}' WHEN dyad THEN '{A}'
             WHEN i % 13 = 0 THEN ''
             ELSE 'Armed Group ' || lpad(CAST((i * 17 + 5) % 3000 AS VARCHAR), 4, '0') END AS actor2,
        '' AS assoc_actor_2,
        CASE WHEN i % 13 = 0 THEN 0 ELSE 2 END AS inter2,
        12 AS interaction,
        '' AS civilian_targeting,
        901 AS iso, 'Fictional' AS region, 'Country ' || CAST(i % 40 AS VARCHAR) AS country,
        'Province ' || CAST(i % 300 AS VARCHAR) AS admin1,
        'District ' || CAST(i % 2000 AS VARCHAR) AS admin2, '' AS admin3,
        'Town ' || CAST(i % 20000 AS VARCHAR) AS location,
        printf('%.4f', -30 + (i % 6000) / 100.0) AS latitude,
        printf('%.4f', -60 + (i % 12000) / 100.0) AS longitude,
        1 + i % 3 AS geo_precision,
        'Synthetic Wire; Example Gazette' AS source, 'National-International' AS source_scale,
        'Synthetic row ' || CAST(i AS VARCHAR) || ': on the reported date, fighters of one '
          || 'group attacked positions of another near the town, according to local sources; '
          || 'casualties were reported, figures disputed.' AS notes,
        (i % 5) AS fatalities, '' AS tags, 1700000000 + i AS timestamp
      FROM t ORDER BY i
    ) TO {q} (HEADER, DELIMITER ',')
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute(sql)
    finally:
        con.close()


# contender -> (imports, timed work); the imports are outside the timing
CHILD = {
    "import": ("import pandas, duckdb, analysis.importers", "result = None"),
    "from_acled": (
        "from analysis.importers import from_acled",
        "res = from_acled(PATH, sides={'a': A, 'b': B}, errors='collect')\n"
        "ids = sorted(res.kept['acled_event_id']) + sorted(res.rejected['source_id'])\n"
        "result = {'ids': sorted(ids), 'kept': len(res.kept)}"),
    "scan_acled": (
        "from analysis.importers import scan_acled",
        "raw = scan_acled(PATH, [A, B])\n"
        "result = {'ids': sorted(raw['event_id_cnty'])}"),
    "pandas": (
        "import pandas as pd",
        "df = pd.read_csv(PATH)\n"
        "sub = df[df['actor1'].isin([A, B]) | df['actor2'].isin([A, B])]\n"
        "result = {'ids': sorted(sub['event_id_cnty'])}"),
    "to_parquet": (
        "from analysis.importers import acled_to_parquet",
        "acled_to_parquet(PATH, PATH + '.parquet')\n"
        "result = None"),
    "from_acled_pq": (
        "from analysis.importers import from_acled",
        "res = from_acled(PATH + '.parquet', sides={'a': A, 'b': B}, errors='collect')\n"
        "ids = sorted(res.kept['acled_event_id']) + sorted(res.rejected['source_id'])\n"
        "result = {'ids': sorted(ids), 'kept': len(res.kept)}"),
    "pandas_pq": (
        "import pandas as pd",
        "df = pd.read_parquet(PATH + '.parquet')\n"
        "sub = df[df['actor1'].isin([A, B]) | df['actor2'].isin([A, B])]\n"
        "result = {'ids': sorted(sub['event_id_cnty'])}"),
}
ORDER = ("import", "from_acled", "scan_acled", "pandas", "to_parquet", "from_acled_pq",
         "pandas_pq")
LABEL = {"from_acled": "from_acled (CSV, DuckDB)", "scan_acled": "scan_acled (CSV, DuckDB)",
         "pandas": "pandas.read_csv + filter", "to_parquet": "acled_to_parquet (once)",
         "from_acled_pq": "from_acled (Parquet)", "pandas_pq": "pandas.read_parquet + filter"}


def child(which: str, path: str) -> None:
    """Run one contender (in its own process) and print its time and result as JSON."""
    sys.path.insert(0, str(ROOT))
    import warnings
    warnings.simplefilter("ignore")
    scope = {"PATH": path, "A": A, "B": B}
    setup, work = CHILD[which]
    exec(setup, scope)          # noqa: S102 - fixed code from this file
    t0 = time.perf_counter()
    exec(work, scope)           # noqa: S102
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "result": scope["result"], "peak_mb": _vm_hwm()}))


def _vm_hwm():
    """This process's own peak resident memory in MB (VmHWM: per address space, so not
    inherited from the parent across fork and exec, unlike ``ru_maxrss``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_measured(which: str, path: Path) -> dict:
    """Run one contender in a fresh process: its peak memory (VmHWM, reported by the
    child) and its CPU seconds (from wait4: that child only)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:    # child: exec the contender with stdout to the pipe
        os.close(r)
        os.dup2(w, 1)
        os.execve(sys.executable, [sys.executable, __file__, "--child", which, str(path)], env)
    os.close(w)
    with os.fdopen(r) as fh:
        out = fh.read()
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{which} failed (exit {os.waitstatus_to_exitcode(status)})")
    rec = json.loads(out.strip().splitlines()[-1])
    rec["cpu"] = usage.ru_utime + usage.ru_stime
    return rec


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=2_500_000)
    ap.add_argument("--dir", default=tempfile.gettempdir(),
                    help="where to write the synthetic export (default: the temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the generated file")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(*args.child)
        return 0
    path = Path(args.dir) / f"bench_import_acled_{args.rows}.csv"
    made = not path.exists()
    if made:
        t0 = time.perf_counter()
        generate(path, args.rows)
        print(f"wrote {path} ({path.stat().st_size / 2**20:,.0f} MiB, {args.rows:,} rows) "
              f"in {time.perf_counter() - t0:.1f} s")
    try:
        res = {w: run_measured(w, path) for w in ORDER}
    finally:
        if made and not args.keep:
            path.unlink()
        pq = Path(str(path) + ".parquet")
        if pq.exists():
            pq.unlink()
    ids = res["pandas"]["result"]["ids"]
    for w in ("from_acled", "scan_acled", "from_acled_pq", "pandas_pq"):
        if res[w]["result"]["ids"] != ids:
            raise AssertionError(f"{w} found other rows than pandas.read_csv")
    base = res["import"]["peak_mb"]
    print(f"\n{args.rows:,} rows; the dyad has {len(ids):,} rows "
          f"({res['from_acled']['result']['kept']:,} incidents kept by from_acled); "
          f"every contender found the same rows")
    print(f"floor (python + pandas + package imported): {base:,.0f} MB peak; "
          "seconds exclude the imports\n")
    print(f"{'contender':<30}{'wall s':>8}{'cpu s*':>8}{'peak MB':>9}"
          f"{'pandas/this wall':>18}{'cpu':>7}{'this/pandas mem':>17}")
    pt, pc, pm = (res["pandas"][k] for k in ("seconds", "cpu", "peak_mb"))
    for w in ORDER[1:]:
        s_, c, m = (res[w][k] for k in ("seconds", "cpu", "peak_mb"))
        print(f"{LABEL[w]:<30}{s_:>8.2f}{c:>8.2f}{m:>9,.0f}{pt / s_:>17.1f}x{pc / c:>6.1f}x"
              f"{m / pm:>17.3f}")
    print("* CPU seconds of the whole process, imports included")
    r_t = pt / res["from_acled"]["seconds"]
    r_m = res["from_acled"]["peak_mb"] / pm
    print(f"\ngoal (issue 11), from_acled on the CSV vs pandas.read_csv + filter: "
          f">= 5x faster: {'met' if r_t >= 5 else 'NOT met'} ({r_t:.1f}x wall); "
          f"<= 1/5 of the memory: {'met' if r_m <= 0.2 else 'NOT met'} ({r_m:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
