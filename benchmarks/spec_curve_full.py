"""The full specification grid of issue 19 for the bundled case (notebook 10 runs a subset).

``python benchmarks/spec_curve_full.py [--jobs N]`` fits US strikes on militia attacks over
lag windows 1-2, 1-3, 1-7, 1-14 x transforms raw/log/indicator x families PML/NB (PML
only for the incidence: a 0/1 outcome has no overdispersion) x backgrounds none /
external phases (7 Oct 2023) / PELT / yearly / spline x samples all / confirmed /
confirmed+claimed, for the daily count and the daily incidence of US strikes, prints
each curve's label and shares by dimension, and writes them to
``benchmarks/results/spec_curve_full.json`` (committed; notebook 10 quotes it and says
when the data it was computed on differ from the current data). Not a test: it takes a
few minutes.
"""

import argparse
import json
import time
from pathlib import Path

from analysis import specification_curve
from analysis.casestudy import WINDOWS, dyad_incidents
from analysis.models.spec_curve import data_fingerprint

EXTERNAL = ["2023-10-07"]
OUT = Path(__file__).parent / "results" / "spec_curve_full.json"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    dyad = dyad_incidents()
    start, end = WINDOWS["all"]
    result = {"data": data_fingerprint(dyad), "external_phases": EXTERNAL, "curves": {}}
    for outcome in ("incidence", "count"):
        t = time.perf_counter()
        families = ["poisson"] if outcome == "incidence" else ["poisson", "negbin"]
        sc = specification_curve(dyad, "us", "militia", outcome=outcome, phases=EXTERNAL,
                                 families=families, start=start, end=end, n_jobs=args.jobs)
        print(f"== {outcome}: {sc!r} ({time.perf_counter() - t:.0f} s)")
        for d in sc.dims:
            print(sc.by(d).to_string(), "\n")
        ok = sc.table["background"] != "pelt"
        fitted = sc.table["estimate"].notna() & ok
        excl = (sc.table["lower"] > 0) if sc.sign > 0 else (sc.table["upper"] < 0)
        result["curves"][outcome] = {
            "label": sc.label, "specifications": sc.n_specs, "failed": sc.n_failed,
            "share_same_sign": round(sc.share_same_sign, 3),
            "share_excludes_zero": round(sc.share_excludes_zero, 3),
            "share_excludes_zero_without_pelt": round(float(excl[fitted].mean()), 3),
            "by": {d: sc.by(d).astype(int).to_dict("index") for d in sc.dims}}
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(f"written: {OUT}")


if __name__ == "__main__":
    main()
