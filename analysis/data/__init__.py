"""The incident table: load the bundled data, read and validate users' tables, derive series.

An *incident* is one action by one side at one place on one local day (the schema is
in ``data/datapackage.json``; the codebook in ``data/README.md``). Models never read
incident rows directly: they take the daily or weekly counts of :func:`to_counts`, or
the event times of :func:`to_events`. Everything here works for any sides.

Bundled cases: ``load_incidents()`` is the Iraq/Syria case study (the default case);
``load_incidents("toy")`` (or :func:`load_example`) a small synthetic table with two
neutral sides ``a`` and ``b`` used by the docstring examples; :func:`list_cases` lists
them all.

Examples
--------
>>> from analysis import load_example, to_counts
>>> toy = load_example()
>>> sorted(toy["side"].unique())
['a', 'b']
>>> int(to_counts(toy).sum().sum()) == int(toy["n_attacks"].sum())
True
"""

from __future__ import annotations

from .bundled import (load_incidents, load_example, list_cases, load_sides, load_sources,
                      load_sites, load_actors, load_official_tallies, DEFAULT_CASE,
                      _load_resource)
from .files import _read_source
from .reading import (read_incidents, validate_incidents, ReadResult,
                      roles_from_side_columns, DEFAULTS, _read_cells)
from .aggregate import to_counts, to_events, EventTimes
from .triggers import stated_triggers, phase_changes, phase_of
from .coverage import coverage_by_year, coverage_against_tallies, count_attacks

__all__ = ["load_incidents", "load_example", "list_cases", "load_sides", "load_sources",
           "load_sites", "load_actors", "load_official_tallies", "read_incidents",
           "validate_incidents", "ReadResult", "to_counts", "to_events", "EventTimes",
           "stated_triggers", "phase_changes", "phase_of", "roles_from_side_columns",
           "DEFAULT_CASE", "DEFAULTS", "coverage_by_year", "coverage_against_tallies",
           "count_attacks"]
