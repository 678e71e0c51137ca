"""The scan itself: options, per-dyad seeds keyed by the dyad, serial or Dask execution,
and the multiple-testing column.
"""

from __future__ import annotations

import hashlib
import math
import numbers

import numpy as np
import pandas as pd

from ..exceptions import SpecificationError

from .fits import _empty_rows, _run_batch, _status
from .inputs import _prepare, _read_table

__all__ = ["scan", "dyad_seed", "MODELS", "SCAN_COLUMNS"]


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
        from ..models.base import RNG_REQUIRED
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
