r"""Synthetic event tables for tests and benchmarks at scale: many dyads, known truth.

Researchers scan thousands of actor pairs (:func:`analysis.scan`); testing that at scale
needs tables of millions of rows whose answer is known. This module simulates them:

* :func:`simulate_dyads` - a generic incident table (``date``, ``side``,
  ``target_side``, ``country``) for many countries and actor pairs, and the truth of
  every directed dyad;
* :func:`synthetic_acled` - the same events in ACLED's published export format
  (``analysis.importers.ACLED_COLUMNS`` in ACLED's order, dates as
  ``"28 January 2024"``), for the importers' DuckDB path and the scan's benchmark.

**Model.** Every unordered actor pair :math:`\{A, B\}` in a country is a bivariate
self-exciting count process (the discrete-time Hawkes process of
:class:`~analysis.CountHawkes`) for the two directed series :math:`y_{AB,t}` (``A``
acting against ``B`` on day :math:`t`) and :math:`y_{BA,t}`:

.. math::

    \lambda_{AB,t} = \nu_{AB} + a_{AB\leftarrow AB}\, E_{AB,t}
                               + a_{AB\leftarrow BA}\, E_{BA,t},\qquad
    E_{t} = \delta E_{t-1} + (1 - \delta) y_{t-1},

with geometric lag weights :math:`(1-\delta)\delta^{l-1}` (summing to one, so
:math:`a` is the expected number of events directly triggered by one event) and
:math:`y_{t} \mid \mathcal F_{t-1} \sim \text{NB2}(\lambda_t, \text{dispersion})`.
Activity has a power-law spread: a pair's background rate is proportional to a
Pareto draw (shape ``activity_shape``), so a few pairs carry much of the data and many
are nearly silent, as in ACLED. Self-excitation is uniform on ``self_excitation``.
*Planted reciprocity*: in a share ``planted_share`` of the pairs with at least
``planted_min_events`` expected events in each direction, one direction (or, for
half of them, both) responds to the other with :math:`a = ` ``planted_size``; all
other cross-excitations are 0. The totals are scaled so the expected number of
events is ``n_events``.

Nothing here is a real incident: actors are ``"Armed Group 03-07"`` in ``"Country
03"``, every row's ``source`` and ``notes`` say it is synthetic, and ISO codes are
from the user-assigned range 900-999.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from .exceptions import SpecificationError
from .importers.acled import ACLED_COLUMNS
from .models import base as _d

__all__ = ["simulate_dyads", "synthetic_acled", "SyntheticEvents", "ACLED_DATE_FORMAT"]

#: ACLED's date format in the export (``"%d %B %Y"``, e.g. ``"28 January 2024"``).
ACLED_DATE_FORMAT = "%d %B %Y"

# actor kinds: (name pattern, ACLED inter code)
_KINDS = [("Military Forces of Country {c:02d}", 1), ("Police Forces of Country {c:02d}", 1),
          ("Armed Group {c:02d}-{k:02d}", 2), ("Militia {c:02d}-{k:02d}", 3),
          ("Communal Militia {c:02d}-{k:02d}", 4)]
_EVENTS = [("Battles", "Armed clash"),
           ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
           ("Explosions/Remote violence", "Air/drone strike"),
           ("Explosions/Remote violence", "Remote explosive/landmine/IED")]
_REGIONS = ["Middle East", "Eastern Africa", "Western Africa", "South Asia",
            "Southeast Asia", "South America", "Europe", "Caucasus and Central Asia"]


class SyntheticEvents(NamedTuple):
    """What the generators return.

    ``events``: the event table (generic or ACLED format). ``truth``: one row per
    directed dyad, ``country``, ``side`` (acting), ``target_side``, ``baseline``
    (:math:`\\nu`, events per day), ``self_excitation``, ``reciprocity`` (the
    branching ratio :math:`a`: expected events of this dyad directly triggered by one
    event of the reverse dyad), ``planted`` (reciprocity > 0), ``expected_events``
    (stationary mean times days) and ``events`` (simulated).
    """

    events: pd.DataFrame
    truth: pd.DataFrame


def _pairs_per_country(n_pairs, n_countries, rng):
    """Split the pairs over countries (at least one each) and name the actors."""
    share = rng.dirichlet(np.full(n_countries, 2.0))
    per = np.maximum(1, np.round(share * n_pairs).astype(int))
    while per.sum() > n_pairs:
        per[np.argmax(per)] -= 1
    while per.sum() < n_pairs:
        per[np.argmin(per)] += 1
    rows = []
    for c, m in enumerate(per, start=1):
        n_act = 2
        while n_act * (n_act - 1) // 2 < m:
            n_act += 1
        names, inter = [], []
        for k in range(n_act):
            pat, code = _KINDS[0 if k == 0 else 1 if k == 1 else 2 + (k % 3)]
            names.append(pat.format(c=c, k=k))
            inter.append(code)
        all_pairs = [(i, j) for i in range(n_act) for j in range(i + 1, n_act)]
        pick = rng.choice(len(all_pairs), size=m, replace=False)
        for p in sorted(pick):
            i, j = all_pairs[p]
            rows.append((f"Country {c:02d}", c, names[i], inter[i], names[j], inter[j]))
    return pd.DataFrame(rows, columns=["country", "cnum", "a", "inter_a", "b", "inter_b"])


def simulate_dyads(n_events=100_000, *, rng, **kwargs) -> SyntheticEvents:
    r"""Simulate a generic incident table of many countries and actor pairs.

    Parameters
    ----------
    n_events : int
        Expected number of rows (events) in the table.
    n_pairs : int
        Unordered actor pairs (each gives two directed dyads).
    n_countries : int
        Countries (at most 100); pairs are spread over them unevenly.
    start, end : date-like
        The days covered.
    activity_shape : float
        Pareto shape of the pairs' background rates (smaller: more unequal).
    self_excitation : (low, high)
        Range of the uniform self-excitation :math:`a_{AB\leftarrow AB}`.
    planted_share : float
        Share of the eligible pairs given a reciprocal response.
    planted_size : float
        The planted branching ratio :math:`a_{BA\leftarrow AB}` (< 1 - high self-excitation).
    planted_min_events : float
        Pairs are eligible for planting when each direction expects at least this
        many events (so that the response is detectable at all).
    decay : float
        Geometric decay ratio :math:`\delta` of the lag weights (mean lag
        :math:`1/(1-\delta)` days).
    dispersion : float
        NB2 dispersion (0 for Poisson counts).
    rng : numpy.random.Generator or int

    Returns
    -------
    SyntheticEvents
        ``events`` with ``event_id``, ``date``, ``side``, ``target_side``,
        ``country``, ``fatalities`` (one row per event, sorted by date), and ``truth``.
    """
    events, truth, *_ = _simulate(n_events, rng=rng, **kwargs)
    return SyntheticEvents(events, truth)


def _simulate(n_events, *, n_pairs=500, n_countries=20, start="2015-01-01",
              end="2024-12-31", activity_shape=1.3, self_excitation=(0.0, 0.3),
              planted_share=0.1, planted_size=0.4, planted_min_events=150, decay=0.5,
              dispersion=0.3, rng):
    rng = _d.as_rng(rng)
    n_events = _d.check_positive_int("n_events", n_events)
    n_pairs = _d.check_positive_int("n_pairs", n_pairs)
    n_countries = _d.check_positive_int("n_countries", n_countries)
    if n_countries > 100:
        raise SpecificationError("n_countries must be at most 100 (ISO codes 900-999)")
    if n_countries > n_pairs:
        raise SpecificationError(f"n_countries={n_countries} exceeds n_pairs={n_pairs}; "
                                 "every country needs at least one pair")
    lo_s, hi_s = (float(v) for v in self_excitation)
    if not 0 <= lo_s <= hi_s or hi_s + planted_size >= 1:
        raise SpecificationError(
            "need 0 <= self_excitation low <= high and high + planted_size < 1, so that "
            f"every pair is stationary; got self_excitation={self_excitation}, "
            f"planted_size={planted_size}")
    if not 0 < decay < 1:
        raise SpecificationError(f"decay must be in (0, 1), got {decay}")
    if dispersion < 0:
        raise SpecificationError(f"dispersion must be >= 0, got {dispersion}")
    days = pd.date_range(start, end, freq="D")
    T = len(days)
    if T < 30:
        raise SpecificationError("the window must cover at least 30 days")

    pairs = _pairs_per_country(n_pairs, n_countries, rng)
    P = len(pairs)
    weight = np.clip(rng.pareto(activity_shape, P), 0.01, 1000.0)     # Lomax: many quiet pairs
    split = rng.uniform(0.3, 0.7, P)
    nu = np.column_stack([weight * split, weight * (1 - split)])      # (P, 2): AB, BA
    self_a = rng.uniform(lo_s, hi_s, (P, 2))
    cross = np.zeros((P, 2))           # cross[:, 0]: AB responds to BA; [:, 1]: BA to AB

    def stationary(nu_, self_, cross_):
        # (I - A)^{-1} nu for A = [[s0, c0], [c1, s1]], pair by pair
        a11, a12, a21, a22 = 1 - self_[:, 0], -cross_[:, 0], -cross_[:, 1], 1 - self_[:, 1]
        det = a11 * a22 - a12 * a21
        return np.column_stack([(a22 * nu_[:, 0] - a12 * nu_[:, 1]) / det,
                                (-a21 * nu_[:, 0] + a11 * nu_[:, 1]) / det])

    scale = n_events / (T * stationary(nu, self_a, cross).sum())
    nu = nu * scale
    expected = stationary(nu, self_a, cross) * T
    eligible = np.flatnonzero(expected.min(axis=1) >= planted_min_events)
    n_plant = int(round(planted_share * len(eligible)))
    planted = rng.choice(eligible, size=n_plant, replace=False) if n_plant else \
        np.array([], int)
    for p in planted:
        kind = rng.integers(3)          # 0: AB answers BA, 1: BA answers AB, 2: both
        if kind in (0, 2):
            cross[p, 0] = planted_size
        if kind in (1, 2):
            cross[p, 1] = planted_size
    # keep the expected total at n_events after planting
    scale = n_events / (T * stationary(nu, self_a, cross).sum())
    nu = nu * scale
    expected = stationary(nu, self_a, cross) * T

    # simulate all pairs at once, day by day (burn-in from the stationary mean)
    E = stationary(nu, self_a, cross)
    y = np.empty((T, P, 2), dtype=np.int32)
    A_own, A_other = self_a, cross
    for t in range(T):
        lam = nu + A_own * E + A_other * E[:, ::-1]
        if dispersion > 0:
            lam = lam * rng.gamma(1.0 / dispersion, dispersion, lam.shape)
        yt = rng.poisson(lam)
        y[t] = yt
        E = decay * E + (1 - decay) * yt

    # rows: one per event
    t_idx, p_idx, d_idx = np.nonzero(y)
    reps = y[t_idx, p_idx, d_idx]
    t_idx, p_idx, d_idx = (np.repeat(v, reps) for v in (t_idx, p_idx, d_idx))
    a_names = pairs["a"].to_numpy(object)
    b_names = pairs["b"].to_numpy(object)
    side = np.where(d_idx == 0, a_names[p_idx], b_names[p_idx])
    target = np.where(d_idx == 0, b_names[p_idx], a_names[p_idx])
    n = len(t_idx)
    events = pd.DataFrame({
        "event_id": np.arange(1, n + 1),
        "date": days[t_idx],
        "side": side, "target_side": target,
        "country": pairs["country"].to_numpy(object)[p_idx],
        "fatalities": rng.negative_binomial(0.5, 0.5, n).astype(np.int64),
    })
    sim = y.sum(axis=0)
    truth = pd.DataFrame({
        "country": np.repeat(pairs["country"].to_numpy(object), 2),
        "side": np.column_stack([a_names, b_names]).ravel(),
        "target_side": np.column_stack([b_names, a_names]).ravel(),
        "baseline": nu.ravel(), "self_excitation": self_a.ravel(),
        "reciprocity": cross.ravel(), "expected_events": expected.ravel(),
        "events": sim.ravel().astype(np.int64)})
    truth["planted"] = truth["reciprocity"] > 0
    return events, truth, pairs, p_idx, d_idx


def synthetic_acled(n_events=100_000, *, n_pairs=500, n_countries=20, rng,
                    imprecise_share=0.05, **kwargs) -> SyntheticEvents:
    """Simulated events (see :func:`simulate_dyads`) in ACLED's export format.

    The columns are ``analysis.importers.ACLED_COLUMNS``, in ACLED's order;
    ``event_date`` is written as ACLED writes it (``"28 January 2024"``); ``actor1``
    is the acting side and ``actor2`` its target; ``inter1``/``inter2`` are ACLED's numeric actor codes
    (1 state forces, 2 rebel groups, 3 political militias, 4 identity militias) and
    ``interaction`` their two-digit combination; ``time_precision`` is 1 (day) for all
    but a share ``imprecise_share`` of rows (2: week, 3: month, as ACLED codes events
    whose day is not known); ``timestamp`` is a fixed function of the date (no wall
    clock), so two runs with the same ``rng`` give identical tables.

    Returns
    -------
    SyntheticEvents
        ``events`` in ACLED's format and ``truth`` as :func:`simulate_dyads` (with
        ``actor1``/``actor2`` naming the directed dyad, as in the export).
    """
    rng = _d.as_rng(rng)
    ev, truth, pairs, p, d = _simulate(n_events, n_pairs=n_pairs, n_countries=n_countries,
                                       rng=rng, **kwargs)
    n = len(ev)
    inter_a = pairs["inter_a"].to_numpy()[p]
    inter_b = pairs["inter_b"].to_numpy()[p]
    inter1 = np.where(d == 0, inter_a, inter_b)
    inter2 = np.where(d == 0, inter_b, inter_a)
    cnum = pairs["cnum"].to_numpy()[p]
    iso3 = np.array([f"X{chr(65 + (c - 1) // 26 % 26)}{chr(65 + (c - 1) % 26)}"
                     for c in range(1, 101)], dtype=object)
    # dates: format the distinct days once
    uniq, inv = np.unique(ev["date"].to_numpy(), return_inverse=True)
    uniq = pd.DatetimeIndex(uniq)
    date_text = np.asarray(uniq.strftime(ACLED_DATE_FORMAT), dtype=object)[inv]
    epoch = np.asarray((uniq - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1),
                       dtype=np.int64)[inv] + 7 * 86400
    prec = rng.choice([1, 2, 3], size=n, p=[1 - imprecise_share, imprecise_share * 0.8,
                                             imprecise_share * 0.2])
    ev_kind = rng.integers(len(_EVENTS), size=n)
    region = np.array([_REGIONS[(c - 1) % len(_REGIONS)] for c in range(1, 101)],
                      dtype=object)
    n_admin = 5
    adm = rng.integers(1, n_admin + 1, size=n)
    loc = rng.integers(1, 21, size=n)
    # country centres on a grid; locations scattered around them
    lat0 = -30 + 6 * ((cnum - 1) // 10)
    lon0 = -20 + 9 * ((cnum - 1) % 10)
    latitude = np.round(lat0 + 0.25 * adm + 0.01 * loc, 4)
    longitude = np.round(lon0 + 0.3 * adm - 0.01 * loc, 4)
    country = ev["country"].to_numpy(object)
    counter = np.zeros(n, dtype=np.int64)
    order = np.lexsort((ev["event_id"].to_numpy(), cnum))
    counter[order] = np.concatenate([np.arange(1, k + 1) for k in
                                     np.bincount(cnum, minlength=101)[1:] if k]) \
        if n else counter
    adm_s = pd.Series(adm).astype(str).to_numpy(object)
    loc_s = pd.Series(loc).astype(str).to_numpy(object)
    cn_s = pd.Series(cnum).map("{:02d}".format).to_numpy(object)
    etype = np.array([e for e, _ in _EVENTS], dtype=object)[ev_kind]
    sub = np.array([s for _, s in _EVENTS], dtype=object)[ev_kind]
    out = pd.DataFrame({
        "event_id_cnty": iso3[cnum - 1] + pd.Series(counter).astype(str).to_numpy(object),
        "event_date": date_text,
        "year": ev["date"].dt.year.to_numpy(),
        "time_precision": prec,
        "disorder_type": "Political violence",
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": ev["side"].to_numpy(object),
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": ev["target_side"].to_numpy(object),
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": 10 * np.minimum(inter1, inter2) + np.maximum(inter1, inter2),
        "civilian_targeting": "",
        "iso": 899 + cnum,
        "region": region[cnum - 1],
        "country": country,
        "admin1": "Province " + cn_s + "-" + adm_s,
        "admin2": "District " + cn_s + "-" + adm_s + "-" + loc_s,
        "admin3": "",
        "location": "Town " + cn_s + "-" + adm_s + "-" + loc_s,
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": rng.choice([1, 2, 3], size=n, p=[0.7, 0.25, 0.05]),
        "source": "Synthetic (analysis.synthetic)",
        "source_scale": "National",
        "notes": "Synthetic event generated by analysis.synthetic; not a real incident.",
        "fatalities": ev["fatalities"].to_numpy(),
        "tags": "",
        "timestamp": epoch,
    }, columns=list(ACLED_COLUMNS))
    truth = truth.rename(columns={"side": "actor1", "target_side": "actor2"})
    return SyntheticEvents(out, truth)
