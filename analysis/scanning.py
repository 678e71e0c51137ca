r"""Many dyads at once: a reciprocity scan, serially or on a Dask cluster.

:func:`scan` splits an incident table (``date``, acting ``side``, ``target_side``; any
conflict, any number of actors) into actor pairs, optionally within groups such as
country or year, keeps the pairs with enough events in both directions, and fits the
package's own models to each pair: one pair, one independent task. The tasks run in
this process (``client=None``) or on `Dask <https://distributed.dask.org>`_: a
``LocalCluster`` (``client="local"``) or any running cluster given its
:class:`distributed.Client` or scheduler address (dask-jobqueue on SLURM/PBS, Dask
Kubernetes, Coiled - the package must be importable on the workers). Dask schedules
the tasks, retries those of a worker that dies, and nothing here depends on where or
in which order a task runs, so every mode gives the same table.

The result is one tidy DataFrame, one row per pair x group x quantity (directed
quantities once per direction), with the estimate, its interval, a p-value where the
model gives one, Benjamini-Hochberg q-values across the dyads, the numbers of events,
a ``status`` (``"ok"``, ``"warning: ..."`` or ``"error: ..."``: a failing fit never
stops the scan) and the dyad's own ``seed``. :func:`scan_summary` counts the dyads
with a significant response each way; :func:`plot_scan` draws the estimates of all
dyads, ordered, with intervals.

**Models** (``models=``; options per model through ``options={name: {...}}``):

``"count"``
    :class:`~analysis.CountModel`, Poisson pseudo-ML (consistent for the mean under
    overdispersion) with a HAC (Newey-West) covariance, for each direction: the
    responder's counts on lag windows of both sides' counts (default
    ``[(1, 1), (2, 3), (4, 7)]`` periods). Quantity ``"response"``: the cumulative
    response at the last lag, i.e. the expected extra events of the responder in the
    ``L`` periods after one event of the trigger side (delta-method interval), with the
    p-value of the Wald (Granger) test that the trigger's lags do not help predict the
    responder. The default is one lag window per side (days 1-7, weekly: weeks 1-2):
    on sparse dyads finer windows often separate (a window after which the responder
    never acts), and the fit then fails with that reason in ``status``.

The count model is the default because it is cheap (tens of milliseconds per
direction on ten years of days); the self-exciting model costs seconds per pair, the
lags and change points a fraction of a second.
``"hawkes"``
    :class:`~analysis.CountHawkes` on the pair's two directed series (NB2, geometric
    kernel, ``max_lag`` 7 days, one optimiser start). Quantities ``"branching"`` (the
    branching ratio :math:`a_{ij}`, expected events of the responder directly
    triggered by one event of the trigger; the self-excitation where trigger =
    responder) and
    ``"spectral_radius"``. No p-values: :math:`a = 0` lies on the boundary.
``"lags"``
    :func:`~analysis.response_lags` for each direction (stated triggers where the table
    has ``incident_id``/``retaliation_for``, otherwise the nearest earlier event), with
    ``n_boot`` bootstrap draws from the dyad's seed. Quantities ``"median_lag"``
    (days), ``"response_prob"`` (share of the trigger's event days followed by a
    responder event within ``k`` days) and ``"baseline_prob"`` (the same for any day).
``"changepoints"``
    :func:`~analysis.detect_phases` on the pair's counts (Poisson cost, mBIC penalty,
    phases of at least ``min_size`` periods). Quantities ``"n_changes"`` (pair-level)
    and, per side, ``"rate_ratio_last"``: the side's rate in the last phase over its
    rate in the first ("is it getting worse?"; 1 without changes).

**Running on a cluster** (documented, not tested here). Any Dask cluster whose workers
can import this package (same version, installed in the workers' environment) works;
pass its ``Client`` or scheduler address::

    from distributed import Client
    from dask_jobqueue import SLURMCluster          # or PBSCluster, SGECluster, ...
    cluster = SLURMCluster(cores=1, processes=1, memory="2GB", walltime="02:00:00")
    cluster.scale(jobs=64)
    table = analysis.scan("acled_export.csv", by="country", rng=2024,
                          client=Client(cluster))

    # Dask Kubernetes: dask_kubernetes.operator.KubeCluster(name="scan", n_workers=64)
    # Coiled:          coiled.Cluster(n_workers=64)
    # a running scheduler: analysis.scan(..., client="tcp://scheduler:8786")

Give every worker one thread (the fits hold the GIL and run one BLAS thread each);
the driver reads the export through DuckDB and ships each task only its pairs' rows.

Directed dyads and sides: the pair ``{side_a, side_b}`` (``side_a < side_b``) has two
directed series, the events of ``side_a`` against ``side_b`` and the reverse. A row with
``trigger = X`` and ``responder = Y`` describes how ``Y``'s actions against ``X``
follow ``X``'s actions against ``Y``. Pair-level quantities have both empty.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .exceptions import DataError, SpecificationError

__all__ = ["scan", "scan_summary", "plot_scan", "read_acled_events", "dyad_seed", "MODELS",
           "SCAN_COLUMNS"]

#: The model families :func:`scan` can fit, in the order their rows appear.
MODELS = ("count", "hawkes", "lags", "changepoints")

#: Columns of the table :func:`scan` returns (after the ``by`` columns).
SCAN_COLUMNS = ["side_a", "side_b", "trigger", "responder", "model", "quantity",
                "estimate", "lower", "upper", "pvalue", "qvalue", "n", "n_trigger",
                "n_responder", "status", "seed"]

_DEFAULTS = {
    "count": {"lags": {"D": [(1, 7)], "W": [(1, 2)],
                       "MS": [(1, 1)]},
              "lag_transform": "log1p", "alpha": 0.05},
    "hawkes": {"max_lag": {"D": 7, "W": 2, "MS": 1}, "family": "negbin",
               "kernel": "geometric", "n_starts": 1, "alpha": 0.05},
    "lags": {"k": 7, "n_boot": 200, "triggers": None, "alpha": 0.05},
    "changepoints": {"min_size": {"D": 28, "W": 8, "MS": 3}, "penalty": "mbic"},
}
_FREQS = ("D", "W", "MS")


# --------------------------------------------------------------------------------------
# Seeds: one per dyad, keyed by the dyad (not by its position in the scan)
# --------------------------------------------------------------------------------------
def _root_entropy(rng) -> int:
    if rng is None:
        from .models.base import RNG_REQUIRED
        raise SpecificationError(RNG_REQUIRED + " (each dyad's seed is drawn from it)")
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.entropy)
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        if rng < 0:
            raise SpecificationError(f"an integer seed must be >= 0, got {rng}")
        return int(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2 ** 63))
    raise SpecificationError("rng must be a numpy.random.Generator, a SeedSequence or an "
                             f"integer seed, got {type(rng).__name__}")


def _key_words(key: tuple) -> tuple:
    """Four 32-bit words from the dyad's identity (group values, side_a, side_b)."""
    text = "\x1f".join(str(k) for k in key)
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return tuple(int.from_bytes(digest[4 * i:4 * i + 4], "little") for i in range(4))


def dyad_seed(entropy: int, key: tuple) -> int:
    """The seed of the dyad ``key`` (a 63-bit integer): ``SeedSequence(entropy,
    spawn_key=hash(key))``. ``numpy.random.default_rng(seed)`` reproduces the dyad's
    random draws on its own, whatever else was scanned."""
    ss = np.random.SeedSequence(entropy, spawn_key=_key_words(key))
    hi, lo = ss.generate_state(2, np.uint32)
    return int(((int(hi) << 32) | int(lo)) & (2 ** 63 - 1))


# --------------------------------------------------------------------------------------
# Status: warnings and errors of one fit, as text
# --------------------------------------------------------------------------------------
def _clean(text) -> str:
    return " ".join(str(text).split())


def _status(caught, error=None) -> str:
    if error is not None:
        return f"error: {type(error).__name__}: {_clean(error)}"
    if caught:
        first = caught[0]
        more = f" (+{len(caught) - 1} more)" if len(caught) > 1 else ""
        return f"warning: {first.category.__name__}: {_clean(first.message)}{more}"
    return "ok"


def _guarded(fn, empty_rows):
    """Run ``fn() -> rows``; on an exception return ``empty_rows`` with the error as
    status; on warnings set them as status of every row."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rows = fn()
        except Exception as e:  # noqa: BLE001 - a failing fit must not stop the scan
            rows, err = empty_rows, e
        else:
            err = None
    status = _status(caught, err)
    for r in rows:
        r["status"] = status
    return rows


def _row(quantity, trigger=None, responder=None, estimate=np.nan, lower=np.nan,
         upper=np.nan, pvalue=np.nan):
    return {"trigger": trigger, "responder": responder, "quantity": quantity,
            "estimate": float(estimate), "lower": float(lower), "upper": float(upper),
            "pvalue": float(pvalue)}


# --------------------------------------------------------------------------------------
# The fits of one pair (run on a worker)
# --------------------------------------------------------------------------------------
def _opt(opts, name, freq):
    v = opts[name]
    return v[freq] if isinstance(v, dict) else v


def _fit_count(counts, a, b, opts, freq, rows_in, rng):
    from .models.counts import CountModel
    out = []
    lags = _opt(opts, "lags", freq)
    for trig, resp in ((a, b), (b, a)):
        def fit(trig=trig, resp=resp):
            res = CountModel(counts, resp, lags=lags, family="poisson",
                             lag_transform=opts["lag_transform"]).fit(cov_type="HAC")
            last = res.response_curve(trig, alpha=opts["alpha"]).iloc[-1]
            test = res.granger(trig)
            return [_row("response", trig, resp, last["estimate"], last["lower"],
                         last["upper"], test.pvalue)]
        out += _guarded(fit, [_row("response", trig, resp)])
    return out


def _fit_hawkes(counts, a, b, opts, freq, rows_in, rng):
    from .models.count_hawkes import CountHawkes

    def fit():
        res = CountHawkes(counts, max_lag=_opt(opts, "max_lag", freq),
                          family=opts["family"], kernel=opts["kernel"]).fit(
            n_starts=opts["n_starts"])
        conf = getattr(res, "branching_conf_int", None) or res.reproduction_conf_int
        ci = conf(alpha=opts["alpha"])
        rows = []
        for trig, resp in ((a, b), (b, a), (a, a), (b, b)):
            r = ci.loc[(resp, trig)]
            rows.append(_row("branching", trig, resp, r["estimate"], r["lower"],
                             r["upper"]))
        lo, hi = res.spectral_radius_conf_int(alpha=opts["alpha"])
        rows.append(_row("spectral_radius", estimate=res.spectral_radius, lower=lo,
                         upper=hi))
        return rows
    return _guarded(fit, _empty_rows("hawkes", a, b))


def _fit_lags(counts, a, b, opts, freq, rows_in, rng):
    from .models.timing import response_lags
    triggers = opts["triggers"]
    if triggers is None:
        triggers = ("stated_or_nearest" if {"incident_id", "retaliation_for"}
                    <= set(rows_in.columns) else "nearest")
    k = int(opts["k"])
    lo, hi = counts.index[0], counts.index[-1]
    out = []
    for trig, resp in ((a, b), (b, a)):
        def fit(trig=trig, resp=resp):
            res = response_lags(rows_in, resp, trig, triggers=triggers, k=(k,),
                                n_boot=opts["n_boot"], alpha=opts["alpha"], rng=rng,
                                start=lo, end=hi)
            w = res.within.loc[k]
            med_lo, med_hi = res.median_lag_ci or (np.nan, np.nan)
            return [_row("median_lag", trig, resp,
                         np.nan if res.median_lag is None else res.median_lag,
                         med_lo, med_hi),
                    _row("response_prob", trig, resp, w["response_prob"],
                         w.get("response_prob_lower", np.nan),
                         w.get("response_prob_upper", np.nan)),
                    _row("baseline_prob", trig, resp, w["baseline"],
                         w.get("baseline_lower", np.nan), w.get("baseline_upper", np.nan))]
        out += _guarded(fit, [_row(q, trig, resp) for q in
                              ("median_lag", "response_prob", "baseline_prob")])
    return out


def _fit_changepoints(counts, a, b, opts, freq, rows_in, rng):
    import inspect

    from .models.phases import detect_phases

    def fit():
        kw = {"penalty": opts["penalty"], "min_size": _opt(opts, "min_size", freq)}
        params = inspect.signature(detect_phases).parameters
        kw["family" if "family" in params else "cost"] = "poisson"
        res = detect_phases(counts, **kw)
        ph = res.phases
        rows = [_row("n_changes", estimate=res.n_changes)]
        for side in (a, b):
            first, last = ph[f"rate_{side}"].iloc[0], ph[f"rate_{side}"].iloc[-1]
            ratio = last / first if first > 0 else (np.inf if last > 0 else np.nan)
            rows.append(_row("rate_ratio_last", None, side, ratio))
        return rows
    return _guarded(fit, _empty_rows("changepoints", a, b))


_FITTERS = {"count": _fit_count, "hawkes": _fit_hawkes, "lags": _fit_lags,
            "changepoints": _fit_changepoints}


def _fit_pair(task, models, options, freq):
    """All the rows of one pair: ``task`` = (key, a, b, window, seed, rows)."""
    from .data import to_counts
    key, a, b, (lo, hi), seed, rows_in = task
    out = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")      # a doubtful count is a failed pair
            counts = to_counts(rows_in, freq=freq, by="side", start=lo, end=hi,
                               columns=[a, b])
    except Exception as e:  # noqa: BLE001
        counts, count_error = None, e
    for name in models:
        rng = np.random.default_rng(seed)
        if counts is None:
            rows = [dict(r, status=_status([], count_error))
                    for r in _empty_rows(name, a, b)]
        else:
            rows = _FITTERS[name](counts, a, b, options[name], freq, rows_in, rng)
        for r in rows:
            r["model"] = name
        out += rows
    return key, out


def _empty_rows(name, a, b):
    if name == "count":
        return [_row("response", a, b), _row("response", b, a)]
    if name == "hawkes":
        return [_row("branching", t, r) for t, r in ((a, b), (b, a), (a, a), (b, b))] + \
            [_row("spectral_radius")]
    if name == "lags":
        return [_row(q, t, r) for t, r in ((a, b), (b, a))
                for q in ("median_lag", "response_prob", "baseline_prob")]
    return [_row("n_changes"), _row("rate_ratio_last", None, a),
            _row("rate_ratio_last", None, b)]


def _run_batch(tasks, models, options, freq):
    """Fit a batch of pairs in one BLAS thread (identical numbers in every mode)."""
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=1):
        return [_fit_pair(t, models, options, freq) for t in tasks]


# --------------------------------------------------------------------------------------
# Splitting the table into pairs
# --------------------------------------------------------------------------------------
def _check_options(models, options):
    if isinstance(models, str):
        models = (models,)
    models = tuple(models)
    bad = [m for m in models if m not in MODELS]
    if bad or not models:
        raise SpecificationError(f"models must be a non-empty subset of {list(MODELS)}, "
                                 f"got {list(models)}")
    models = tuple(m for m in MODELS if m in models)
    options = dict(options or {})
    extra = set(options) - set(models)
    if extra:
        raise SpecificationError(f"options given for models not scanned: {sorted(extra)}; "
                                 f"models={list(models)}")
    merged = {}
    for m in models:
        o = dict(_DEFAULTS[m])
        user = options.get(m, {})
        unknown = set(user) - set(o)
        if unknown:
            raise SpecificationError(f"unknown option(s) {sorted(unknown)} for model {m!r}; "
                                     f"allowed: {sorted(o)}")
        o.update(user)
        merged[m] = o
    return models, merged


def read_acled_events(path, *, by=None, period=None, threads=None) -> pd.DataFrame:
    """The acts of force between two actors in an ACLED export, in one DuckDB pass,
    with only the columns a scan needs.

    The rows and the acting actor are those of the importers
    (:func:`analysis.importers.acled_dyads`, :func:`~analysis.importers.from_acled`):
    sub-event types in ``ACLED_EVENT_TYPES``, both actors present and different, the
    launcher as the acting actor of "Disrupted weapons use" rows; dates in either of
    ACLED's published forms, counted at their coded date whatever their
    ``time_precision``. The file (CSV, gzip CSV or Parquet) is never loaded whole:
    DuckDB reads the needed columns and filters in the scan.

    Returns
    -------
    DataFrame
        ``date``, ``side`` (acting actor), ``target_side`` and the ``by`` columns
        (ACLED column names, or ``"year"``); ``attrs["rows_dropped"]`` counts the rows
        of the file that are not acts of force between two actors (or are outside
        ``period``), ``attrs["rows_in_file"]`` all rows.
    """
    import duckdb

    from .importers import _common as C
    from .importers.acled import (ACLED_COLUMNS, ACLED_EVENT_TYPES,
                                  ACLED_LAUNCHER_IS_ACTOR2, _SQL_DATE)
    path = Path(path)
    if not path.exists():
        raise DataError("no such file", file=path)
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    for c in by_cols:
        if c not in ACLED_COLUMNS and c != "year":
            raise SpecificationError(f"by={c!r} is not an ACLED column (e.g. 'country', "
                                     "'admin1', 'region', or 'year')")
    subs = ", ".join(C._sql_str(k) for k, v in sorted(ACLED_EVENT_TYPES.items())
                     if v is not None)
    launcher = ", ".join(C._sql_str(x) for x in sorted(ACLED_LAUNCHER_IS_ACTOR2))
    lo, hi = C.parse_period(period)
    extra = "".join(", year(d) AS year" if c == "year" else f", trim({c}) AS {c}"
                    for c in by_cols)
    src = C.duckdb_source(path)
    act = f"sub_event_type IN ({launcher})"
    load = f"""
    CREATE TEMP TABLE r AS
    SELECT CASE WHEN {act} THEN trim(actor2) ELSE trim(actor1) END AS side,
           CASE WHEN {act} THEN trim(actor1) ELSE trim(actor2) END AS target_side,
           {_SQL_DATE} AS d{"".join(f", {c}" for c in by_cols if c != "year")},
           (sub_event_type IN ({subs})
            AND coalesce(trim(actor1), '') <> '' AND coalesce(trim(actor2), '') <> ''
            AND trim(actor1) <> trim(actor2)) AS dyadic
    FROM {src}
    """
    select = f"""
    SELECT d AS date, side, target_side{extra} FROM r
    WHERE dyadic AND {C.sql_period("d", lo, hi)}
    """
    con = duckdb.connect(":memory:")
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        try:
            con.execute(load)
            total = con.execute("SELECT count(*) FROM r").fetchone()[0]
            out = con.execute(select).df()
        except duckdb.Error as e:
            raise DataError(f"DuckDB could not read the export ({type(e).__name__}: "
                            f"{str(e).splitlines()[0]})", file=path) from None
    finally:
        con.close()
    if out["date"].isna().any():
        raise DataError("an event_date is in neither of ACLED's forms ('2024-01-28', "
                        "'28 January 2024')", file=path, column="event_date")
    out["date"] = pd.to_datetime(out["date"])
    for c in ("side", "target_side") + tuple(c for c in by_cols if c != "year"):
        out[c] = out[c].astype("category")
    out.attrs.update(rows_in_file=int(total), rows_dropped=int(total - len(out)))
    return out


def _read_table(incidents, by):
    if isinstance(incidents, (str, Path)):
        return read_acled_events(incidents, by=by)
    if not isinstance(incidents, pd.DataFrame):
        raise SpecificationError("incidents must be a DataFrame with columns 'date', "
                                 f"'side' and 'target_side', got {type(incidents).__name__}")
    missing = [c for c in ("date", "side", "target_side") if c not in incidents.columns]
    if missing:
        raise DataError(f"the incident table has no {missing} column(s); scan() needs "
                        "'date', the acting 'side' and its 'target_side'",
                        file="<DataFrame>", column=missing[0])
    return incidents


def _side_codes(side, target):
    """Codes of both side columns into one sorted array of names (missing: -1).

    Categorical columns (as :func:`read_acled_events` returns) are recoded through their
    categories, without materialising a string per row."""
    cat = pd.CategoricalDtype
    if isinstance(side.dtype, cat) and isinstance(target.dtype, cat):
        cs = np.asarray(side.cat.categories.astype(str), dtype=object)
        ct = np.asarray(target.cat.categories.astype(str), dtype=object)
        names = np.unique(np.concatenate([cs, ct]))
        look_s = np.r_[np.searchsorted(names, cs), -1]
        look_t = np.r_[np.searchsorted(names, ct), -1]
        return (look_s[side.cat.codes.to_numpy()], look_t[target.cat.codes.to_numpy()],
                names)
    both = pd.concat([side.astype("string"), target.astype("string")], ignore_index=True)
    codes, names = pd.factorize(both, sort=True)       # NA -> -1
    return codes[:len(side)], codes[len(side):], np.asarray(names, dtype=object)


def _prepare(incidents, by, pairs):
    """The rows of the table that belong to a pair, as integer codes.

    Returns a dict: ``date`` (datetime64 array), ``side``/``a``/``b`` (codes into
    ``names``, sorted, so ``a < b`` orders the names), ``groups`` (codes per ``by``
    column into ``group_values``), ``row`` (position in the table), ``windows`` (group
    code tuple -> (first, last day)) and the row accounting.
    """
    df = incidents
    dates = df["date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce")
    if dates.isna().any():
        i = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise DataError("the date is missing or not a date", file="<DataFrame>", row=i + 1,
                        column="date", value=df["date"].iloc[i])
    if df["side"].isna().any():
        i = int(np.flatnonzero(df["side"].isna().to_numpy())[0])
        raise DataError("the acting side is missing", file="<DataFrame>", row=i + 1,
                        column="side")
    by_cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    gcodes, gvalues = [], []
    for c in by_cols:
        if c in df.columns:
            col = df[c]
        elif c == "year":
            col = dates.dt.year
        else:
            raise SpecificationError(f"by={c!r} is not a column of the table (columns: "
                                     f"{list(df.columns)}); 'year' is derived from date")
        if col.isna().any():
            raise DataError(f"{int(col.isna().sum())} rows have no value in the group "
                            f"column {c!r}; fill or filter them first", file="<DataFrame>",
                            column=c)
        codes, uniques = pd.factorize(col, sort=True)
        gcodes.append(codes)
        gvalues.append(np.asarray(uniques, dtype=object))
    n = len(df)
    sc, tc, names = _side_codes(df["side"], df["target_side"])
    has_target = (tc >= 0) & (tc != sc)
    day = dates.dt.normalize().to_numpy()
    # the window of each group: its first and last day (all rows, dyadic or not)
    if by_cols:
        gnames = [f"g{i}" for i in range(len(gcodes))]
        g = pd.DataFrame(dict(zip(gnames, gcodes))).assign(d=day) \
            .groupby(gnames, sort=True)["d"].agg(["min", "max"])
        windows = {(k if isinstance(k, tuple) else (k,)): (lo, hi)
                   for k, lo, hi in zip(g.index, g["min"], g["max"])}
    else:
        windows = {(): (day.min(), day.max())}
    keep = has_target
    a = np.minimum(sc, tc)
    b = np.maximum(sc, tc)
    if pairs != "all":
        try:
            wanted = [tuple(sorted((str(p), str(q)))) for p, q in pairs]
        except (TypeError, ValueError):
            raise SpecificationError('pairs must be "all" or a list of (side, side) '
                                     f"pairs, got {pairs!r}") from None
        pos = {v: i for i, v in enumerate(names)}
        wanted_codes = {(pos[p], pos[q]) for p, q in wanted if p in pos and q in pos}
        ncode = len(names) + 1
        want = np.isin(a.astype(np.int64) * ncode + b,
                       [p * ncode + q for p, q in wanted_codes])
        keep = keep & want
    rows = np.flatnonzero(keep)
    out = {"date": day[rows], "side": sc[rows], "a": a[rows], "b": b[rows],
           "groups": [c[rows] for c in gcodes], "row": rows}
    info = {"rows_in": int(n), "rows_without_target": int((~has_target).sum()),
            "rows_in_pairs": int(len(rows))}
    return out, names, by_cols, gvalues, windows, info


# --------------------------------------------------------------------------------------
# Execution: serial or on Dask
# --------------------------------------------------------------------------------------
def _client(client, n_jobs):
    """(client, owned objects to close): None, "local", an address or a Client."""
    if client is None:
        return None, []
    from distributed import Client, LocalCluster
    if isinstance(client, Client):
        return client, []
    if client == "local":
        import os
        n = n_jobs if n_jobs is not None else (os.cpu_count() or 1)
        if not isinstance(n, numbers.Integral) or n < 1:
            raise SpecificationError(f"n_jobs must be an integer >= 1, got {n_jobs!r}")
        cluster = LocalCluster(n_workers=int(n), threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        c = Client(cluster)
        return c, [c, cluster]
    if isinstance(client, str):
        c = Client(client)
        return c, [c]
    raise SpecificationError('client must be None (serial), "local" (a LocalCluster), a '
                             f"scheduler address or a distributed.Client, got {client!r}")


def _execute(tasks, models, options, freq, client, n_jobs, batch_size, progress):
    from tqdm import tqdm
    results = {}
    bar = tqdm(total=len(tasks), desc="scan", unit="dyad", disable=not progress)
    try:
        c, owned = _client(client, n_jobs)
        try:
            if c is None:
                for t in tasks:
                    for key, rows in _run_batch([t], models, options, freq):
                        results[key] = rows
                    bar.update(1)
                return results
            from distributed import as_completed
            workers = max(1, sum(w.get("nthreads", 1) for w in
                                 c.scheduler_info()["workers"].values()))
            if batch_size is None:
                batch_size = max(1, min(64, math.ceil(len(tasks) / (8 * workers))))
            batches = [tasks[i:i + batch_size] for i in range(0, len(tasks), batch_size)]
            # a sliding window of tasks in flight: each task carries its pairs' rows in
            # its definition (so Dask can rerun it elsewhere if a worker dies), and the
            # scheduler holds only the rows of the tasks in flight
            pending = iter(range(len(batches)))
            index, done = {}, as_completed()

            def submit_next():
                i = next(pending, None)
                if i is not None:
                    fut = c.submit(_run_batch, batches[i], models, options, freq,
                                   pure=False)
                    index[fut.key] = i
                    done.add(fut)

            for _ in range(4 * workers):
                submit_next()
            for fut in done:
                batch = batches[index.pop(fut.key)]
                try:
                    out = fut.result()
                except Exception as e:  # noqa: BLE001 - e.g. KilledWorker after retries
                    out = [(t[0], [dict(r, model=m, status=_status([], e))
                                   for m in models for r in _empty_rows(m, t[1], t[2])])
                           for t in batch]
                for key, rows in out:
                    results[key] = rows
                bar.update(len(batch))
                fut.release()
                submit_next()
            return results
        finally:
            for o in owned:
                o.close()
    finally:
        bar.close()


# --------------------------------------------------------------------------------------
# The scan
# --------------------------------------------------------------------------------------
def scan(incidents, *, pairs="all", by=None, freq="D", models=("count",), min_events=20,
         options=None, rng, client=None, n_jobs=None, batch_size=None,
         progress=True) -> pd.DataFrame:
    r"""Fit the suite to every actor pair of an incident table; one tidy table out.

    Parameters
    ----------
    incidents : DataFrame
        The generic incident table: ``date``, the acting ``side`` and its
        ``target_side`` (rows without a target, or acting on themselves, belong to no
        pair and are counted in ``result.attrs``); ``n_attacks`` counts as the number
        of events of a row where present; ``incident_id``/``retaliation_for`` give
        stated triggers to the ``"lags"`` model. Large exports: read them with the
        importers (DuckDB) first.
    pairs : "all" or list of (side, side)
        The pairs to scan (either order); default every pair with events both ways.
    by : str or list of str, optional
        Group columns (e.g. ``"country"``; ``"year"`` is derived from ``date`` if it is
        not a column): each pair is scanned separately within each group, over the
        group's first to last day.
    freq : {"D", "W", "MS"}
        Periods of the counts.
    models : sequence of {"count", "hawkes", "lags", "changepoints"}
        The fits per pair (see the module notes for what each reports).
    min_events : int
        A pair is fitted when each direction has at least this many events in the
        group; the others get rows with status ``"skipped: ..."`` and no estimates.
    options : dict, optional
        Per-model options, e.g. ``{"count": {"lags": [(1, 1), (2, 7)]},
        "lags": {"k": 3, "n_boot": 500}}`` (defaults in ``analysis.scanning._DEFAULTS``).
    rng : numpy.random.Generator, SeedSequence or int
        Every pair's seed is ``SeedSequence(entropy, spawn_key=hash(group, pair))``
        with one entropy drawn from ``rng``: a dyad's draws do not depend on which
        other dyads are scanned, on the batching, or on where its task runs.
    client : None, "local", str or distributed.Client
        ``None``: in this process. ``"local"``: a ``LocalCluster`` of ``n_jobs``
        single-threaded worker processes, closed afterwards. A scheduler address or a
        ``Client``: that cluster (left running).
    n_jobs : int, optional
        Workers of the ``"local"`` cluster (default: the number of CPUs).
    batch_size : int, optional
        Pairs per Dask task (default: about 8 tasks per worker thread, at most 64
        pairs each); four tasks per worker thread are in flight at a time. Does not
        change the results.
    progress : bool
        A tqdm progress bar over the pairs.

    Returns
    -------
    DataFrame
        The ``by`` columns, then :data:`SCAN_COLUMNS`: ``side_a < side_b`` name the
        pair; ``trigger``/``responder`` the direction (empty for pair-level
        quantities); ``model``, ``quantity``, ``estimate``, ``lower``, ``upper``
        (interval at level ``1 - alpha`` of the model's options, 95% by default),
        ``pvalue`` (where the model tests; else NaN), ``qvalue`` (Benjamini-Hochberg
        over every row of the same model and quantity with a p-value), ``n`` (events of
        the pair in the group), ``n_trigger``/``n_responder`` (events of each
        direction), ``status`` and ``seed``. Sorted by group and pair, then in the
        order of :data:`MODELS`.
        ``result.attrs`` holds the row accounting (``rows_in``,
        ``rows_without_target``, ``rows_in_pairs``), ``min_events`` and the pair counts.

    Examples
    --------
    >>> import analysis
    >>> from analysis.synthetic import simulate_dyads
    >>> sim = simulate_dyads(20_000, n_pairs=40, n_countries=4, rng=1)
    >>> table = analysis.scan(sim.events, by="country", rng=7, progress=False)
    >>> analysis.scan_summary(table)                      # doctest: +SKIP
    """
    if freq not in _FREQS:
        raise SpecificationError(f"freq must be one of {list(_FREQS)}, got {freq!r}")
    if isinstance(min_events, bool) or not isinstance(min_events, numbers.Integral) \
            or min_events < 1:
        raise SpecificationError(f"min_events must be an integer >= 1, got {min_events!r}")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(
            batch_size, numbers.Integral) or batch_size < 1):
        raise SpecificationError(f"batch_size must be an integer >= 1, got {batch_size!r}")
    models, options = _check_options(models, options)
    entropy = _root_entropy(rng)
    incidents = _read_table(incidents, by)
    rows, names, by_cols, gvalues, windows, info = _prepare(incidents, by, pairs)
    ng = len(by_cols)

    weight = (pd.to_numeric(incidents["n_attacks"], errors="coerce").fillna(1)
              .to_numpy(float)[rows["row"]] if "n_attacks" in incidents.columns
              else np.ones(len(rows["row"])))
    first = rows["side"] == rows["a"]
    key_cols = rows["groups"] + [rows["a"], rows["b"]]
    counts = pd.DataFrame({f"k{i}": c for i, c in enumerate(key_cols)}).assign(
        n_ab=np.where(first, weight, 0.0), n_ba=np.where(first, 0.0, weight))
    kcols = [f"k{i}" for i in range(len(key_cols))]
    n_dir = counts.groupby(kcols, sort=True)[["n_ab", "n_ba"]].sum()
    ok = (n_dir["n_ab"] >= min_events) & (n_dir["n_ba"] >= min_events)

    def key_of(codes):
        """(group values..., name_a, name_b) of a tuple of codes."""
        return tuple(v.item() if isinstance(v, np.generic) else v
                     for v in [gvalues[i][c] for i, c in enumerate(codes[:ng])]) + \
            (names[codes[ng]], names[codes[ng + 1]])

    extra_cols = [c for c in ("n_attacks", "incident_id", "retaliation_for")
                  if c in incidents.columns and (c == "n_attacks" or "lags" in models)]
    tasks = []
    if len(rows["row"]) and ok.any():
        fit_mask = ok.reindex(pd.MultiIndex.from_arrays(key_cols) if len(key_cols) > 1
                              else key_cols[0]).to_numpy(bool)
        sel = np.flatnonzero(fit_mask)
        order = sel[np.lexsort([rows["row"][sel]] + [c[sel] for c in key_cols][::-1])]
        kmat = np.column_stack([c[order] for c in key_cols])
        change = np.flatnonzero((np.diff(kmat, axis=0) != 0).any(axis=1)) + 1
        starts, stops = np.r_[0, change], np.r_[change, len(order)]
        date = rows["date"][order]
        side = names[rows["side"][order]]
        src = rows["row"][order]
        extra = {c: incidents[c].to_numpy()[src] for c in extra_cols}
        for s, e in zip(starts, stops):
            codes = tuple(int(v) for v in kmat[s])
            key = key_of(codes)
            rows_in = pd.DataFrame({"date": date[s:e],
                                    "side": pd.array(side[s:e], dtype=object),
                                    **{c: v[s:e] for c, v in extra.items()}})
            tasks.append((key, key[-2], key[-1], windows[codes[:ng]],
                          dyad_seed(entropy, key), rows_in))
    results = _execute(tasks, models, options, freq, client, n_jobs, batch_size, progress)

    # assemble in pair order (every pair with events both ways; skipped ones too)
    out = []
    for codes, (n_ab, n_ba) in zip(n_dir.index, n_dir.to_numpy()):
        if n_ab == 0 or n_ba == 0:
            continue              # one-way pairs: no reciprocity to scan
        key = key_of(codes if isinstance(codes, tuple) else (codes,))
        a, b = key[-2], key[-1]
        n_of = {a: int(n_ab), b: int(n_ba)}
        if key in results:
            prs = results[key]
        else:
            why = (f"skipped: {int(n_ab)} events {a} -> {b} and {int(n_ba)} {b} -> {a}; "
                   f"min_events={min_events} each way")
            prs = [dict(r, model=m, status=why) for m in models
                   for r in _empty_rows(m, a, b)]
        seed = dyad_seed(entropy, key)
        group = dict(zip(by_cols, key[:-2]))
        for r in prs:
            rec = dict(group)
            rec.update(side_a=a, side_b=b, n=n_of[a] + n_of[b],
                       n_trigger=n_of.get(r["trigger"], -1) if r["trigger"] else -1,
                       n_responder=n_of.get(r["responder"], -1) if r["responder"] else -1,
                       seed=seed, **r)
            out.append(rec)
    table = pd.DataFrame(out, columns=by_cols + SCAN_COLUMNS)
    for c in ("n_trigger", "n_responder"):
        table[c] = table[c].astype("Int64").mask(table[c] < 0)
    table["seed"] = table["seed"].astype("int64")
    table["qvalue"] = _bh(table)
    table.attrs.update(info)
    table.attrs.update({k: incidents.attrs[k] for k in ("rows_in_file", "rows_dropped")
                        if k in incidents.attrs})
    two_way = int(((n_dir["n_ab"] > 0) & (n_dir["n_ba"] > 0)).sum())
    table.attrs.update(min_events=int(min_events), pairs_two_way=two_way,
                       pairs_fitted=len(tasks), models=list(models))
    return table


def _bh(table) -> np.ndarray:
    """Benjamini-Hochberg q-values within each (model, quantity) over rows with a p-value."""
    from statsmodels.stats.multitest import multipletests
    q = np.full(len(table), np.nan)
    p = table["pvalue"].to_numpy(float)
    for _, idx in table.groupby(["model", "quantity"], sort=False).indices.items():
        idx = idx[np.isfinite(p[idx])]
        if len(idx):
            q[idx] = multipletests(p[idx], method="fdr_bh")[1]
    return q


# --------------------------------------------------------------------------------------
# Results people can use
# --------------------------------------------------------------------------------------
def _select(table, model, quantity):
    need = set(SCAN_COLUMNS) - set(table.columns)
    if need:
        raise SpecificationError(f"not a scan table: it lacks {sorted(need)}")
    sel = table[(table["model"] == model) & (table["quantity"] == quantity)
                & table["trigger"].notna() & (table["trigger"] != table["responder"])]
    if sel.empty:
        raise SpecificationError(f"the table has no directed rows of model={model!r}, "
                                 f"quantity={quantity!r}; scan with models=[{model!r}]")
    return sel


def scan_summary(table, *, model="count", quantity="response", level=0.10) -> pd.Series:
    """How many dyads show a significant response, each way, after Benjamini-Hochberg.

    A directed dyad responds when its q-value is at most ``level`` (the false-discovery
    rate); its sign says whether the responder does more (``positive``) or less
    (``negative``, e.g. deterrence) after the trigger's events. Pairs count by how many
    of their two directions respond.

    Returns
    -------
    Series
        ``pairs_scanned`` (both directions fitted), ``pairs_skipped``,
        ``dyads_tested`` (directed dyads with a p-value), ``dyads_failed`` (fits with an
        error), ``dyads_significant``, ``dyads_positive``, ``dyads_negative``,
        ``pairs_one_way``, ``pairs_both_ways``, ``pairs_neither``, ``fdr_level``.
    """
    sel = _select(table, model, quantity)
    skipped = sel["status"].str.startswith("skipped")
    fitted = sel[~skipped]
    tested = fitted[fitted["pvalue"].notna()]
    sig = tested[tested["qvalue"] <= level]
    keys = [c for c in table.columns if c not in SCAN_COLUMNS] + ["side_a", "side_b"]
    pair_sig = fitted.assign(_s=fitted["qvalue"].le(level)).groupby(keys)["_s"].sum()
    return pd.Series({
        "pairs_scanned": int(len(pair_sig)),
        "pairs_skipped": int(skipped.sum() // 2),
        "dyads_tested": int(len(tested)),
        "dyads_failed": int(fitted["status"].str.startswith("error").sum()),
        "dyads_significant": int(len(sig)),
        "dyads_positive": int((sig["estimate"] > 0).sum()),
        "dyads_negative": int((sig["estimate"] < 0).sum()),
        "pairs_one_way": int((pair_sig == 1).sum()),
        "pairs_both_ways": int((pair_sig == 2).sum()),
        "pairs_neither": int((pair_sig == 0).sum()),
        "fdr_level": float(level),
    }, name=f"{model}:{quantity}")


def _planted_keys(truth):
    """(responder, trigger) of the planted directed dyads in a truth table."""
    if truth is None:
        return set()
    side, target = (("side", "target_side") if "side" in truth.columns
                    else ("actor1", "actor2"))
    t = truth[truth["planted"]]
    return set(zip(t[side].astype(str), t[target].astype(str)))


def plot_scan(table, *, model="count", quantity="response", truth=None, level=0.10,
              ax=None):
    """Estimates of every fitted directed dyad with their intervals, ordered.

    Dyads are ranked by estimate (x axis); each has its interval (grey line) and point:
    filled black where the q-value is at most ``level``, open grey otherwise. With a
    ``truth`` table (from :mod:`analysis.synthetic`), dyads with planted reciprocity are
    marked by a black triangle under the axis. Returns the Axes.
    """
    from .plotting import new_figure, style
    sel = _select(table, model, quantity)
    sel = sel[~sel["status"].str.startswith(("skipped", "error"))
              & np.isfinite(sel["estimate"].to_numpy(float))]
    sel = sel.sort_values(["estimate", "responder", "trigger"], kind="stable")
    with style():
        if ax is None:
            _, ax = new_figure("wide")
        x = np.arange(len(sel))
        ax.vlines(x, sel["lower"], sel["upper"], color="0.75", linewidth=0.5, zorder=1)
        sig = sel["qvalue"].le(level).to_numpy()
        ax.plot(x[~sig], sel["estimate"].to_numpy()[~sig], "o", mfc="white", mec="0.45",
                ms=2.2, mew=0.5, zorder=2, label=f"q > {level:g}")
        ax.plot(x[sig], sel["estimate"].to_numpy()[sig], "o", color="black", ms=2.2,
                zorder=3, label=f"q \u2264 {level:g} (Benjamini-Hochberg)")
        planted = _planted_keys(truth)
        if planted:
            mark = np.array([(r, t) in planted for r, t in zip(sel["responder"].astype(str),
                                                               sel["trigger"].astype(str))])
            ax.plot(x[mark], np.full(mark.sum(), 0.0), "^", color="black", ms=3,
                    transform=ax.get_xaxis_transform(), clip_on=False, zorder=4,
                    label="planted reciprocity")
        ax.axhline(0, color="0.5", linewidth=0.6)
        ax.set_xlim(-1, len(sel))
        ax.set_xlabel("directed dyads, ordered by estimate")
        what = {"response": "cumulative extra events of the responder\nafter one event "
                            "of the trigger",
                "branching": "branching ratio (events triggered\nper event)"}
        ax.set_ylabel(what.get(quantity, quantity))
        ax.legend(frameon=False, loc="upper left")
    return ax
