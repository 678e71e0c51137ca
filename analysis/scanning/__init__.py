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

from .inputs import read_acled_events
from .run import scan, dyad_seed, MODELS, SCAN_COLUMNS, _bh
from .results import scan_summary, plot_scan

__all__ = ["scan", "scan_summary", "plot_scan", "read_acled_events", "dyad_seed",
           "MODELS", "SCAN_COLUMNS"]
