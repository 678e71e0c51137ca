"""The dyad scan: recovery of planted reciprocity, seeds keyed by dyad, identical results
serially and on Dask (also when a worker dies mid-scan), statuses instead of crashes."""

import os
import signal
import threading
import time

import numpy as np
import pandas as pd
import pytest

from analysis.exceptions import DataError, SpecificationError
from analysis.scanning import SCAN_COLUMNS, _bh, dyad_seed, plot_scan, scan, scan_summary
from analysis.synthetic import simulate_dyads


@pytest.fixture(scope="module")
def sim():
    # 3 years, 16 pairs in 2 countries; reciprocity planted in half the eligible pairs
    return simulate_dyads(8000, n_pairs=16, n_countries=2, start="2020-01-01",
                          end="2022-12-31", planted_share=0.5, planted_min_events=80,
                          rng=2)


@pytest.fixture(scope="module")
def table(sim):
    return scan(sim.events, by="country", rng=5, progress=False)


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as c:
        yield c


def _truth(sim):
    return sim.truth.rename(columns={"side": "responder", "target_side": "trigger"})


def test_table_shape_and_row_accounting(sim, table):
    assert list(table.columns) == ["country"] + SCAN_COLUMNS
    assert set(table["model"]) == {"count"} and set(table["quantity"]) == {"response"}
    assert (table["side_a"] < table["side_b"]).all()
    # every pair with events both ways appears, fitted or skipped, with both directions
    ev = sim.events
    n_pairs = ev.assign(p=[tuple(sorted(x)) for x in zip(ev["side"], ev["target_side"])]) \
        .groupby(["country", "p"])["side"].nunique()
    assert len(table) == 2 * int((n_pairs == 2).sum())
    assert table.attrs["rows_in"] == len(ev) == table.attrs["rows_in_pairs"] + \
        table.attrs["rows_without_target"]
    skipped = table["status"].str.startswith("skipped")
    assert skipped.any() and (~skipped).any()
    assert table.loc[skipped, "estimate"].isna().all()
    assert (table.loc[skipped, ["n_trigger", "n_responder"]].min(axis=1) < 20).all()
    assert (table.loc[~skipped, ["n_trigger", "n_responder"]].min(axis=1) >= 20).all()
    assert (table["n"] == table["n_trigger"] + table["n_responder"]).all()
    # one seed per pair, the same for both directions
    assert (table.groupby(["country", "side_a", "side_b"])["seed"].nunique() == 1).all()


def test_planted_reciprocity_is_recovered(sim, table):
    m = table.merge(_truth(sim), on=["country", "responder", "trigger"])
    fitted = m[m["status"] == "ok"]
    planted = fitted[fitted["planted"]]
    assert len(planted) >= 5
    # found after Benjamini-Hochberg, and the planted size 0.4 lies in most intervals
    assert (planted["qvalue"] <= 0.10).mean() >= 0.8
    covered = (planted["lower"] <= 0.4) & (0.4 <= planted["upper"])
    assert covered.mean() >= 0.7
    null = fitted[~fitted["planted"]]
    assert len(null) >= 5 and null["estimate"].abs().median() < 0.1


def test_rng_is_required_and_seeds_are_keyed_by_dyad(sim, table):
    with pytest.raises(SpecificationError, match="rng"):
        scan(sim.events, rng=None, progress=False)
    fitted = table[table["status"] == "ok"]
    pick = fitted[["country", "side_a", "side_b"]].drop_duplicates().iloc[[0, -1]]
    pairs = list(zip(pick["side_a"], pick["side_b"]))
    sub = scan(sim.events, by="country", pairs=[p[::-1] for p in pairs],
               models=("count", "lags"), options={"lags": {"n_boot": 50}}, rng=5,
               progress=False)
    assert set(zip(sub["side_a"], sub["side_b"])) == set(pairs)
    # the same dyads get the same seeds whatever else is scanned ...
    both = sub.merge(table, on=["country", "side_a", "side_b", "trigger", "responder",
                                "model", "quantity"], suffixes=("", "_all"))
    assert len(both) == 4 and (both["seed"] == both["seed_all"]).all()
    assert (both["estimate"] == both["estimate_all"]).all()
    key = tuple(pick.iloc[0])
    assert sub.loc[sub["side_a"] == key[1], "seed"].iloc[0] == dyad_seed(5, key)
    # ... and the bootstrap draws of a dyad depend only on its seed
    again = scan(sim.events, by="country", pairs=pairs[:1], models=("lags",),
                 options={"lags": {"n_boot": 50}}, rng=5, progress=False)
    first = sub[(sub["model"] == "lags") & (sub["side_a"] == key[1])].reset_index(drop=True)
    pd.testing.assert_frame_equal(again.drop(columns="qvalue"),
                                  first.drop(columns="qvalue"))
    other = scan(sim.events, by="country", pairs=pairs[:1], models=("lags",),
                 options={"lags": {"n_boot": 50}}, rng=6, progress=False)
    assert (other["seed"] != again["seed"]).all()


def test_benjamini_hochberg_by_hand():
    t = pd.DataFrame({"model": "count", "quantity": "response",
                      "pvalue": [0.01, 0.04, 0.03, 0.5, np.nan]})
    np.testing.assert_allclose(_bh(t), [0.04, 0.16 / 3, 0.16 / 3, 0.5, np.nan])


def test_failures_are_statuses_not_crashes(sim):
    # a lag window longer than the series makes every fit fail: the scan still returns
    tab = scan(sim.events, by="country", rng=1, progress=False,
               options={"count": {"lags": [(1, 2000)]}})
    fitted = tab[~tab["status"].str.startswith("skipped")]
    assert len(fitted) and fitted["status"].str.startswith("error: SpecificationError").all()
    assert fitted["estimate"].isna().all()


def test_input_errors_name_the_problem(sim):
    with pytest.raises(DataError, match="target_side"):
        scan(sim.events.drop(columns="target_side"), rng=1, progress=False)
    bad = sim.events.head(50).copy()
    bad["date"] = bad["date"].astype(object)
    bad.loc[bad.index[3], "date"] = "not a date"
    with pytest.raises(DataError, match="row 4.*date"):
        scan(bad, rng=1, progress=False)
    with pytest.raises(SpecificationError, match="models must be"):
        scan(sim.events, models=("var",), rng=1, progress=False)
    with pytest.raises(SpecificationError, match="unknown option"):
        scan(sim.events, options={"count": {"lag": 3}}, rng=1, progress=False)
    with pytest.raises(SpecificationError, match="min_events"):
        scan(sim.events, min_events=0, rng=1, progress=False)
    with pytest.raises(SpecificationError, match="by="):
        scan(sim.events, by="province", rng=1, progress=False)


def test_rows_without_a_target_are_counted(sim):
    ev = sim.events.copy()
    ev.loc[ev.index[:30], "target_side"] = None
    tab = scan(ev, by="country", rng=1, progress=False, min_events=1000)
    assert tab.attrs["rows_without_target"] == 30
    assert tab.attrs["rows_in_pairs"] == len(ev) - 30
    assert tab["status"].str.startswith("skipped").all()


def test_other_models_on_one_pair(sim, table):
    pair = table.loc[table["status"] == "ok", ["side_a", "side_b"]].iloc[0]
    tab = scan(sim.events, pairs=[tuple(pair)], freq="W", rng=3, progress=False,
               models=("count", "hawkes", "lags", "changepoints"),
               options={"lags": {"n_boot": 50}})
    got = set(zip(tab["model"], tab["quantity"]))
    assert got == {("count", "response"), ("hawkes", "branching"),
                   ("hawkes", "spectral_radius"), ("lags", "median_lag"),
                   ("lags", "response_prob"), ("lags", "baseline_prob"),
                   ("changepoints", "n_changes"), ("changepoints", "rate_ratio_last")}
    assert not tab["status"].str.startswith("error").any(), tab["status"].tolist()
    br = tab[tab["quantity"] == "branching"]
    assert len(br) == 4 and (br["lower"] <= br["estimate"]).all() \
        and (br["estimate"] <= br["upper"]).all()
    prob = tab[tab["quantity"] == "response_prob"]
    assert prob["estimate"].between(0, 1).all()


def test_summary_and_figure(sim, table):
    s = scan_summary(table, level=0.10)
    fitted = table[~table["status"].str.startswith("skipped")]
    assert s["pairs_scanned"] == len(fitted) // 2
    assert s["pairs_one_way"] + s["pairs_both_ways"] + s["pairs_neither"] == \
        s["pairs_scanned"]
    assert s["dyads_significant"] == (fitted["qvalue"] <= 0.10).sum() == \
        s["pairs_one_way"] + 2 * s["pairs_both_ways"]
    ax = plot_scan(table, truth=sim.truth)
    labels = [line.get_label() for line in ax.get_lines()]
    assert "planted reciprocity" in labels
    planted = [line for line in ax.get_lines() if line.get_label() == "planted reciprocity"]
    n_planted_fitted = table.merge(_truth(sim), on=["country", "responder", "trigger"]) \
        .query("status == 'ok' and planted").shape[0]
    assert len(planted[0].get_xdata()) == n_planted_fitted
    with pytest.raises(SpecificationError, match="hawkes"):
        scan_summary(table, model="hawkes", quantity="branching")


def test_identical_serially_on_a_client_and_an_address(sim, table, client):
    on_client = scan(sim.events, by="country", rng=5, progress=False, client=client)
    pd.testing.assert_frame_equal(on_client, table)
    by_address = scan(sim.events, by="country", rng=5, progress=False,
                      client=client.scheduler.address, batch_size=3)
    pd.testing.assert_frame_equal(by_address, table)


@pytest.mark.slow
def test_identical_on_a_local_cluster(sim, table):
    local = scan(sim.events, by="country", rng=5, progress=False, client="local", n_jobs=2)
    pd.testing.assert_frame_equal(local, table)


@pytest.mark.slow
def test_survives_a_worker_killed_mid_scan(sim, client):
    # more pairs than workers, one pair per task, so the scan outlives the kill
    expected = scan(sim.events, rng=9, progress=False, min_events=5)
    killed = {}

    def kill_a_busy_worker():
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not killed:
            busy = {w: keys for w, keys in client.processing().items() if keys}
            if busy:
                worker, keys = sorted(busy.items())[0]
                pid = client.run(os.getpid, workers=[worker])[worker]
                os.kill(pid, signal.SIGKILL)
                killed.update(worker=worker, keys=list(keys), at=time.monotonic())
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_a_busy_worker, daemon=True)
    killer.start()
    got = scan(sim.events, rng=9, progress=False, min_events=5, client=client,
               batch_size=1)
    finished = time.monotonic()
    killer.join(timeout=5)
    assert killed, "no worker was busy during the scan"
    assert killed["keys"] and killed["at"] < finished
    assert not got["status"].str.contains("KilledWorker").any()
    pd.testing.assert_frame_equal(got, expected)


def test_acled_export_through_duckdb(tmp_path):
    from analysis.scanning import read_acled_events
    from analysis.synthetic import synthetic_acled
    kw = dict(n_pairs=10, n_countries=2, start="2021-01-01", end="2022-12-31", rng=4)
    export = synthetic_acled(5000, **kw).events
    path = tmp_path / "export.csv"
    export.to_csv(path, index=False)
    from_file = scan(path, by="country", rng=2, progress=False)
    generic = simulate_dyads(5000, **kw).events
    pd.testing.assert_frame_equal(
        from_file, scan(generic, by="country", rng=2, progress=False), check_dtype=False)
    assert from_file.attrs["rows_in_file"] == len(export)
    parquet = tmp_path / "export.parquet"
    export.astype(str).to_parquet(parquet, index=False)     # ACLED's cells as text
    pd.testing.assert_frame_equal(scan(parquet, by="country", rng=2, progress=False),
                                  from_file)
    # the importers' rules: an interception belongs to the launcher; a protest is no dyad
    extra = export.iloc[[0, 1]].copy()
    extra["sub_event_type"] = ["Disrupted weapons use", "Peaceful protest"]
    extra["event_date"] = ["2022-03-01", "02 March 2022"]
    pd.concat([export, extra]).to_csv(path, index=False)
    ev = read_acled_events(path, by=["country", "year"])
    assert len(ev) == len(export) + 1 and ev.attrs["rows_dropped"] == 1
    last = ev[ev["date"] == "2022-03-01"].iloc[-1]
    assert (last["side"], last["target_side"]) == (extra["actor2"].iloc[0],
                                                   extra["actor1"].iloc[0])
    assert set(ev["year"]) == {2021, 2022}
    with pytest.raises(SpecificationError, match="ACLED column"):
        read_acled_events(path, by="province")


def test_analysis_scan_is_the_function_after_importing_its_module(sim):
    import analysis
    import analysis.scanning  # noqa: F401  (the module has its own name)
    one = analysis.scan(sim.events, pairs=[("x", "y")], rng=1, progress=False)
    assert one.empty and list(one.columns) == SCAN_COLUMNS


def test_missing_rng_says_what_every_drawing_function_says(sim):
    from analysis.models.base import RNG_REQUIRED
    for call in (lambda: scan(sim.events, rng=None, progress=False),
                 lambda: simulate_dyads(100, rng=None)):
        with pytest.raises(SpecificationError) as err:
            call()
        assert RNG_REQUIRED in str(err.value)
