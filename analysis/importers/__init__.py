"""Importers for the published export formats of ACLED, UCDP GED and GDELT 2.0.

Each maps an export onto the incident schema and hands the result to
:func:`analysis.read_incidents`, so validation, messages and row accounting are the
ones of any user table. Files are read through DuckDB (embedded, no server) with the
actor filter and the period test applied as DuckDB streams through the file (only
matching rows are ever held; Parquet scans skip what the filter excludes), so exports
larger than memory work; DataFrames (and files with ``engine="pandas"``) take the pandas path, which gives
the same result.
"""

from ._common import ImportResult
from .acled import (ACLED_COLUMNS, ACLED_EVENT_TYPES, acled_dyads, acled_to_parquet,
                    from_acled, scan_acled)
from .gdelt import GDELT_COLUMNS, MATERIAL_CONFLICT_ROOTS, from_gdelt
from .ucdp import GED_COLUMNS, from_ucdp_ged

__all__ = ["from_acled", "from_ucdp_ged", "from_gdelt", "acled_dyads", "scan_acled",
           "acled_to_parquet",
           "ImportResult", "ACLED_COLUMNS", "ACLED_EVENT_TYPES", "GED_COLUMNS",
           "GDELT_COLUMNS", "MATERIAL_CONFLICT_ROOTS"]
