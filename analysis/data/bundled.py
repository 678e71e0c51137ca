"""The bundled cases: ``list_cases``, ``load_incidents`` and the tables that travel with
a case (sides, sources, sites, tallies, actors).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import paths
from ..exceptions import DataError
from ..schema import table_schema, validate_frame
from ..sides import Sides

__all__ = ["load_incidents", "load_example", "list_cases", "load_sides", "load_sources",
           "load_sites", "load_actors", "load_official_tallies", "DEFAULT_CASE"]


#: The bundled case ``load_incidents()`` returns.
DEFAULT_CASE = "iraq_syria"


# ---------------------------------------------------------------------------------------
# Bundled data
# ---------------------------------------------------------------------------------------
def _processed_roots() -> list[Path]:
    return [p for p in (paths.PROCESSED, paths.BUNDLED / "processed")
            if (p / "incidents.csv").exists()]


def list_cases() -> list[str]:
    """The bundled cases (the default case first).

    Returns
    -------
    list of str
        Case names for ``load_incidents(case)`` and the other loaders.

    Examples
    --------
    >>> import analysis as ea
    >>> "toy" in ea.list_cases()
    True
    """
    roots = _processed_roots()
    if not roots:
        return []
    root = roots[0]
    others = sorted(p.name for p in root.iterdir() if (p / "incidents.csv").exists())
    return [DEFAULT_CASE] + others


def _case_dir(case: str | None) -> Path:
    roots = _processed_roots()
    if not roots:
        raise FileNotFoundError(
            "The bundled incident tables were not found. In a source checkout run "
            "`python -m analysis.build`; otherwise reinstall escalation-analysis.")
    if case is None or case == DEFAULT_CASE:
        return roots[0]
    if not isinstance(case, str) or not re.fullmatch(r"[a-z0-9_]+", case) \
            or not (roots[0] / case / "incidents.csv").exists():
        raise ValueError(f"no bundled case {case!r}; bundled cases: {list_cases()}")
    return roots[0] / case


def _load_resource(name: str, case: str | None = None) -> pd.DataFrame:
    path = _case_dir(case) / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"the bundled case {case or DEFAULT_CASE!r} has no {name} table")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    typed, problems = validate_frame(df, table_schema(name))
    if len(problems):        # the build validates; this means the installed copy is damaged
        p = problems.iloc[0]
        raise DataError(f"the bundled {name} table is damaged ({p.reason}); reinstall "
                        "escalation-analysis", column=p.column, value=p.value)
    return typed


def load_sides(case: str | None = None) -> Sides:
    """The sides of a bundled case: id, display name and colour of each.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    analysis.sides.Sides
        An ordered mapping ``id -> Side``; pass it as ``sides=`` to
        :func:`read_incidents` or to :func:`analysis.side_color`.

    Examples
    --------
    >>> import analysis as ea
    >>> list(ea.load_sides("toy"))
    ['a', 'b']
    """
    return Sides(_load_resource("sides", case))


def load_incidents(case: str | None = None) -> pd.DataFrame:
    """A bundled incident table, validated.

    Parameters
    ----------
    case : str, optional
        ``None`` or ``"iraq_syria"``: the case study (attacks on US forces by
        Iran-aligned groups and US strikes, Iraq, Syria and Jordan, December 2019 -
        December 2024). ``"toy"``: a synthetic two-side table for examples (sides ``a``
        and ``b``). :func:`list_cases` lists every bundled case.

    Source
        The case study is built by ``python -m analysis.build`` from the source notes in
        ``data/raw/reference`` (compiled from public English and Arabic reporting), the
        incidents told in the project's five Arabic seed reports, and the project's own
        additions from public reporting (``data/raw/additions``). Every row cites at least
        one public source (see :func:`load_sources`); ``data/README.md`` is the codebook.
    Size
        One row per incident; about 45 columns (see ``data/datapackage.json``).

    Returns
    -------
    DataFrame
        ``date`` is ``datetime64``; counts are nullable ``Int64``; text is ``str``. The
        case's sides travel in ``attrs["sides"]`` (see :func:`~analysis.sides.side_label`).

    Examples
    --------
    >>> from analysis import load_incidents
    >>> toy = load_incidents("toy")
    >>> list(toy.attrs["sides"])
    ['a', 'b']
    """
    df = _load_resource("incidents", case)
    df.attrs["sides"] = _sides_attr(load_sides(case))
    df.attrs["case"] = case or DEFAULT_CASE
    return df


def load_example() -> pd.DataFrame:
    """The synthetic two-side toy table (``load_incidents("toy")``) of the examples.

    Its rows are simulated, not observed incidents (sources ``synthetic:toy``); see
    ``data/raw/toy/README.md``.

    Examples
    --------
    >>> from analysis import load_example
    >>> load_example()[["date", "side", "n_attacks"]].head(2)     # doctest: +SKIP
    """
    return load_incidents("toy")


def load_sources(case: str | None = None) -> pd.DataFrame:
    """The sources table: every public source an incident cites.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        ``source_id``, ``url``, ``kind``, ``outlet``, ``language``, ``published``.

    Examples
    --------
    >>> import analysis as ea
    >>> {"source_id", "url", "language"} <= set(ea.load_sources().columns)
    True
    """
    return _load_resource("sources", case)


def load_sites(case: str | None = None) -> pd.DataFrame:
    """The gazetteer of bases and towns.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        One row per site: ``site_id``, name, coordinates, aliases.

    Examples
    --------
    >>> import analysis as ea
    >>> ea.load_sites()["site_id"].is_unique
    True
    """
    return _load_resource("sites", case)


def load_official_tallies(case: str | None = None) -> pd.DataFrame:
    """Cumulative attack counts given by officials (not incidents; for comparison).

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        ``as_of_date``, ``since``, ``total``, ``total_is_lower_bound``, ``iraq``,
        ``syria``, ``counting_rule``, ``source_url``.

    Examples
    --------
    >>> import analysis as ea
    >>> tallies = ea.load_official_tallies()
    >>> bool((tallies["as_of_date"] >= tallies["since"]).all())
    True
    """
    return _load_resource("official_tallies", case)


def load_actors(case: str | None = None) -> pd.DataFrame:
    """The lexicon of groups and forces with their side and spelling variants.

    Parameters
    ----------
    case : str, optional
        A bundled case (default: the case study); :func:`list_cases` lists them.

    Returns
    -------
    DataFrame
        One row per actor, with its side and the names it goes by.

    Examples
    --------
    >>> import analysis as ea
    >>> "side" in ea.load_actors().columns
    True
    """
    return _load_resource("actors", case)


def _sides_attr(sides: Sides) -> dict:
    return {k: {"name": s.name, "color": s.color} for k, s in sides.items()}
