"""Hawkes maximum likelihood: ``analysis.Hawkes`` against tick 0.8.0.2 on the same data.

    python benchmarks/bench_hawkes_tick.py            # 1e4, 1e5 and 1e6 events
    python benchmarks/bench_hawkes_tick.py --quick    # 1e4 and 1e5 events

Data: a 2-d exponential Hawkes process simulated by ``analysis.simulate_hawkes``
(baseline [0.5, 0.3], adjacency [[0.3, 0.2], [0.4, 0.1]], decay 1), saved as .npz in a
temporary folder. The peer is tick's ``HawkesExpKern(decays=1, gofit="likelihood",
penalty="none", solver="agd", tol=1e-7)`` with ``fit(events, start=0.1)`` (its default
start crashes on this machine), i.e. the decay fixed to the truth. tick needs an older
stack than the project venv may have, so it runs in its own venv (``.venv-bench``,
created from ``benchmarks/requirements-tick.txt`` on first use unless ``--no-install``;
or point ``TICK_PYTHON`` at a Python with tick) in a subprocess that reads the same
.npz. Both sides are timed in this run (best of a few repetitions, fit only, data
already in memory), and the script prints the ratios.

Reported:
* ``tick / ours (fixed)``: tick's fit time over ours with the decay fixed to the truth.
* ``tick fixed / ours (estimated)``: tick (decay fixed) over ours with the decay
  estimated too (tick cannot estimate it).
* log-likelihoods: tick's ``loss`` is ``(-loglik - D T) / N`` (a constant left out, tick
  issues #112/#468); the script adds it back, compares tick's maximum with ours, and
  evaluates our likelihood at tick's estimate (the two implementations must agree).
  Both use ``T`` = the last event, as tick's learner does.
* peak memory of our fit (a child process; resident-set growth per event).

``--reference`` prints the tick values that ``tests/test_hawkes.py`` checks our
likelihood against (the script that produced them).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

MU = np.array([0.5, 0.3])
ADJ = np.array([[0.3, 0.2], [0.4, 0.1]])
DECAY = 1.0
SEED = 20240128

TICK_SCRIPT = textwrap.dedent("""
    import json, sys, time
    import numpy as np
    from tick.hawkes import HawkesExpKern, ModelHawkesExpKernLogLik
    path, repeats, decay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    d = np.load(path)
    events = [np.ascontiguousarray(d["a"]), np.ascontiguousarray(d["b"])]
    best = np.inf
    for _ in range(repeats):
        learner = HawkesExpKern(decays=decay, gofit="likelihood", penalty="none",
                                solver="agd", tol=1e-7, max_iter=100000)
        t0 = time.perf_counter()
        learner.fit(events, start=0.1)
        best = min(best, time.perf_counter() - t0)
    T = max(float(e[-1]) for e in events)
    N = sum(e.size for e in events)
    model = ModelHawkesExpKernLogLik(decay).fit(events)
    coeffs = np.concatenate([learner.baseline, learner.adjacency.ravel()])
    loss = float(model.loss(coeffs))
    print(json.dumps({"seconds": best, "baseline": learner.baseline.tolist(),
                      "adjacency": learner.adjacency.tolist(), "loss": loss,
                      "loglik": -N * loss - len(events) * T, "T": T}))
""")

MEM_SCRIPT = textwrap.dedent("""
    # peak resident memory of one fit above the level before it: a thread samples
    # /proc/self/statm (ru_maxrss cannot see it under numba's compile-time peak)
    import gc, json, os, sys, threading, time
    import numpy as np
    sys.path.insert(0, sys.argv[2])
    from analysis.models.hawkes import Hawkes
    d = np.load(sys.argv[1])
    ev = {"a": np.array(d["a"]), "b": np.array(d["b"])}
    T = max(float(ev["a"][-1]), float(ev["b"][-1]))
    small = {"a": ev["a"][:200], "b": ev["b"][:200]}      # compile on small data first
    Hawkes(small, decay=1.0, end_time=T).fit()
    Hawkes(small, end_time=T).fit()
    page = os.sysconf("SC_PAGE_SIZE")
    def rss():
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * page
    gc.collect()
    base = rss()
    peak = [base]
    done = threading.Event()
    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss())
            time.sleep(0.0005)
    th = threading.Thread(target=sample)
    th.start()
    res = Hawkes(ev, end_time=T).fit()
    peak[0] = max(peak[0], rss())
    done.set()
    th.join()
    print(json.dumps({"kib": (peak[0] - base) / 1024}))
""")



REFERENCE_SCRIPT = textwrap.dedent("""
    # Reference values for tests/test_hawkes.py::test_loglik_matches_tick_reference
    import numpy as np
    from tick.hawkes import ModelHawkesExpKernLogLik, ModelHawkesSumExpKernLogLik
    rng = np.random.default_rng(5)
    a = np.cumsum(rng.exponential(1.0, 300))
    b = np.cumsum(rng.exponential(2.0, 150))
    T = float(max(a[-1], b[-1]) + 1.0)
    ev = [a, b]
    c_exp = np.array([0.4, 0.2, 0.3, 0.1, 0.2, 0.05])
    c_sum = np.array([0.4, 0.2, 0.1, 0.2, 0.05, 0.03, 0.15, 0.05, 0.02, 0.04])
    m1 = ModelHawkesExpKernLogLik(1.5).fit(ev, end_times=T)
    m2 = ModelHawkesSumExpKernLogLik(np.array([0.5, 3.0])).fit(ev, end_times=T)
    print({"T": T, "loss_exp_decay_1.5": float(m1.loss(c_exp)),
           "loss_sumexp_decays_0.5_3": float(m2.loss(c_sum))})
""")


def tick_python(install: bool) -> str | None:
    env = os.environ.get("TICK_PYTHON")
    if env:
        return env
    venv = ROOT / ".venv-bench"
    py = venv / "bin" / "python"
    ok = py.exists() and subprocess.call([str(py), "-c", "import tick.hawkes"],
                                         stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL) == 0
    if ok:
        return str(py)
    if not install:
        return None
    print(f"installing tick into {venv} (benchmarks/requirements-tick.txt) ...", flush=True)
    subprocess.check_call([sys.executable, "-m", "venv", str(venv)])
    subprocess.check_call([str(py), "-m", "pip", "install", "--quiet",
                           "--disable-pip-version-check", "-r",
                           str(HERE / "requirements-tick.txt")])
    return str(py)


def simulate(n_events: int, rng):
    from analysis import simulate_hawkes
    rate = np.linalg.solve(np.eye(2) - ADJ, MU).sum()
    ev = simulate_hawkes(MU, ADJ, DECAY, n_events / rate, rng, sides=["a", "b"])
    return ev["a"], ev["b"]


def best_time(fn, repeats):
    best, out = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1e4 and 1e5 events only")
    ap.add_argument("--sizes", type=float, nargs="*", help="event counts (overrides)")
    ap.add_argument("--no-install", action="store_true",
                    help="do not create .venv-bench if tick is missing")
    ap.add_argument("--reference", action="store_true",
                    help="print tick's log-likelihood losses used as reference values in "
                         "tests/test_hawkes.py, and exit")
    args = ap.parse_args(argv)
    if args.reference:
        py = tick_python(not args.no_install)
        if py is None:
            print("tick is not installed")
            return 1
        return subprocess.call([py, "-c", REFERENCE_SCRIPT])
    sizes = [int(s) for s in (args.sizes or ([1e4, 1e5] if args.quick else [1e4, 1e5, 1e6]))]

    from analysis.models.hawkes import Hawkes

    py = tick_python(not args.no_install)
    if py is None:
        print("tick is not installed: run without --no-install, or set TICK_PYTHON")
        return 1
    rng = np.random.default_rng(SEED)
    # compile the numba kernels outside the timings
    a, b = simulate(2000, rng)
    Hawkes({"a": a, "b": b}).fit()
    Hawkes({"a": a, "b": b}, decay=DECAY).fit()

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            a, b = simulate(n, rng)
            path = Path(tmp) / f"events_{n}.npz"
            np.savez(path, a=a, b=b)
            repeats = 5 if n <= 100_000 else 3
            out = subprocess.run([py, "-c", TICK_SCRIPT, str(path), str(repeats), str(DECAY)],
                                 capture_output=True, text=True)
            if out.returncode:
                print(out.stderr)
                return 1
            tick = json.loads(out.stdout.strip().splitlines()[-1])
            ev = {"a": a, "b": b}
            T = tick["T"]
            t_fixed, r_fixed = best_time(lambda: Hawkes(ev, decay=DECAY, end_time=T).fit(),
                                         repeats)
            t_est, r_est = best_time(lambda: Hawkes(ev, end_time=T).fit(), repeats)
            ll_at_tick = Hawkes(ev, decay=DECAY, end_time=T).loglik(
                tick["baseline"], tick["adjacency"])
            mem = subprocess.run([sys.executable, "-c", MEM_SCRIPT, str(path), str(ROOT)],
                                 capture_output=True, text=True)
            kib = json.loads(mem.stdout.strip().splitlines()[-1])["kib"] if not mem.returncode \
                else float("nan")
            N = a.size + b.size
            rows.append({
                "N": N, "tick_s": tick["seconds"], "fixed_s": t_fixed, "est_s": t_est,
                "ratio_fixed": tick["seconds"] / t_fixed,
                "ratio_est": tick["seconds"] / t_est,
                "ll_tick": tick["loglik"], "ll_ours": r_fixed.llf,
                "rel_ll": abs(r_fixed.llf - tick["loglik"]) / abs(tick["loglik"]),
                "rel_fun": abs(ll_at_tick - tick["loglik"]) / abs(tick["loglik"]),
                "max_abs_param_diff": float(np.max(np.abs(
                    np.concatenate([tick["baseline"], np.ravel(tick["adjacency"])])
                    - r_fixed.params.to_numpy()))),
                "decay_hat": float(r_est.params["decay"]),
                "bytes_per_event": kib * 1024 / N,
            })
            r = rows[-1]
            print(f"N={N:>8,}  tick {r['tick_s']:.4f}s  ours fixed {r['fixed_s']:.4f}s "
                  f"(x{r['ratio_fixed']:.1f})  ours decay estimated {r['est_s']:.4f}s "
                  f"(x{r['ratio_est']:.1f} vs tick fixed)", flush=True)

    print("\nHawkes MLE, 2-d exponential kernels, same simulated data "
          "(tick 0.8.0.2 HawkesExpKern, decay fixed to the truth)")
    hdr = (f"{'events':>9} {'tick s':>8} {'ours s':>8} {'tick/ours':>9} {'ours est s':>10} "
           f"{'tick/est':>8} {'rel |dLL|':>10} {'LL fn agree':>11} {'|dparam|':>9} "
           f"{'decay hat':>9} {'B/event':>8}")
    print(hdr)
    for r in rows:
        print(f"{r['N']:>9,} {r['tick_s']:>8.4f} {r['fixed_s']:>8.4f} {r['ratio_fixed']:>9.1f} "
              f"{r['est_s']:>10.4f} {r['ratio_est']:>8.1f} {r['rel_ll']:>10.1e} "
              f"{r['rel_fun']:>11.1e} {r['max_abs_param_diff']:>9.1e} {r['decay_hat']:>9.4f} "
              f"{r['bytes_per_event']:>8.0f}")
    big = max(rows, key=lambda r: r["N"])
    print(f"\nlargest N={big['N']:,}:")
    print(f"  goal: fixed-decay fit >= 10x faster than tick: x{big['ratio_fixed']:.1f} "
          f"{'(met)' if big['ratio_fixed'] >= 10 else '(NOT met)'}")
    print(f"  goal: log-likelihood equal to tick's to 1e-6 relative: {big['rel_ll']:.1e} "
          f"{'(met)' if big['rel_ll'] <= 1e-6 else '(NOT met)'}")
    print(f"  goal: decay estimated still faster than tick with the decay fixed: "
          f"x{big['ratio_est']:.1f} {'(met)' if big['ratio_est'] > 1 else '(NOT met)'}")
    print("  memory: our fit's peak resident growth is "
          f"{big['bytes_per_event']:.0f} bytes per event (O(N D): history sums per event)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
