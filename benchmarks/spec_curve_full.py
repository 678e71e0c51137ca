"""The full specification grid of issue 19 for the bundled case (notebook 10 runs a subset).

``python benchmarks/spec_curve_full.py [--jobs N]`` fits US strikes on militia attacks over
lag windows 1-2, 1-3, 1-7, 1-14 x transforms raw/log/indicator x families PML/NB (PML
only for incidence) x
backgrounds none / external phases (7 Oct 2023) / PELT / yearly / spline x samples
all / confirmed / confirmed+claimed, for the daily count and the daily incidence of US
strikes, and prints each curve's label and shares by dimension. Not a test: it takes
about a minute.
"""

import argparse
import time

from analysis import specification_curve
from analysis.casestudy import WINDOWS, dyad_incidents

EXTERNAL = ["2023-10-07"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    dyad = dyad_incidents()
    start, end = WINDOWS["all"]
    for outcome in ("incidence", "count"):
        t = time.perf_counter()
        # a 0/1 outcome has no overdispersion: the incidence grid uses PML only
        families = ["poisson"] if outcome == "incidence" else ["poisson", "negbin"]
        sc = specification_curve(dyad, "us", "militia", outcome=outcome, phases=EXTERNAL,
                                 families=families, start=start, end=end, n_jobs=args.jobs)
        print(f"== {outcome}: {sc!r} ({time.perf_counter() - t:.0f} s)")
        for d in sc.dims:
            print(sc.by(d).to_string(), "\n")


if __name__ == "__main__":
    main()
