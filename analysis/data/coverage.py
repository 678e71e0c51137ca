"""Coverage of an incident table: what it holds per year and against official tallies.

The two coverage tables of a codebook (``data/README.md``, "Coverage by period") are
computed here, never typed: :func:`coverage_by_year`, :func:`coverage_against_tallies`
and the window count :func:`count_attacks` that the hand-written "known to miss" prose
quotes. :func:`update_codebook` rewrites the tables and the quoted counts of a codebook
in place; ``python -m analysis.build`` runs it on ``data/README.md`` after each build,
so the codebook always describes the committed table.

Counting rules (the codebook's): *attacks* are the sum of ``n_attacks`` over incidents
of ``event_type`` ``"attack"`` against ``target_side``; attacks on the target kinds in
``apart_kinds`` (e.g. convoys, which no official tally counts) are counted apart: they
are in the confirmation and country columns of a year but neither in its main
``attacks`` column nor in the comparison with the tallies. A tally counted from
``since`` up to ``as_of_date`` is compared with the table's attacks on those days
(both ends included). Nothing here names a case, side or country: the codebook's
``<!-- coverage:config {...} -->`` comment (JSON) gives the arguments.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

__all__ = ["coverage_by_year", "coverage_against_tallies", "count_attacks", "update_codebook"]

#: Confirmation levels of the schema, strongest first.
CONFIRMATIONS = ("confirmed", "claimed", "reported")


def _attacks(incidents: pd.DataFrame, target_side: str, event_type: str) -> pd.DataFrame:
    need = {"date", "side", "target_side", "event_type", "n_attacks", "confirmation",
            "country", "target_kind"}
    missing = sorted(need - set(incidents.columns))
    if missing:
        raise ValueError(f"incidents: missing column(s) {missing}; coverage needs {sorted(need)}")
    if target_side not in set(incidents["target_side"]):
        raise ValueError(f"target_side {target_side!r} does not occur in incidents "
                         f"(target sides: {sorted(incidents['target_side'].dropna().unique())})")
    a = incidents[(incidents["target_side"] == target_side)
                  & (incidents["event_type"] == event_type)].copy()
    a["date"] = pd.to_datetime(a["date"])
    n = pd.to_numeric(a["n_attacks"], errors="coerce")
    if n.isna().any() or (n < 0).any():
        row = a.index[(n.isna() | (n < 0)).to_numpy()][0]
        raise ValueError(f"incidents: n_attacks must be a count >= 0; row {row} has "
                         f"{a.loc[row, 'n_attacks']!r}")
    a["n_attacks"] = n.astype(int)
    return a


def _day_arg(name: str, value) -> pd.Timestamp:
    try:
        day = pd.Timestamp(value)
    except (TypeError, ValueError):
        day = pd.NaT
    if pd.isna(day):
        raise ValueError(f"{name}: {value!r} is not a date (use YYYY-MM-DD)")
    return day


def _countries(attacks: pd.DataFrame) -> list[str]:
    """Countries by attacks, most first (ties by name)."""
    tot = attacks.groupby("country")["n_attacks"].sum()
    return sorted(tot.index, key=lambda c: (-int(tot[c]), c))


def count_attacks(incidents: pd.DataFrame, start, end, *, target_side: str,
                  apart_kinds=(), apart: str = "include", confirmation=None,
                  event_type: str = "attack") -> int:
    """Attacks against ``target_side`` in the table from ``start`` to ``end`` (both included).

    The helper behind the window counts a codebook's prose quotes ("the table has 10
    for 9-16 Aug").

    Parameters
    ----------
    incidents : DataFrame
        An incident table (``date``, ``side``, ``target_side``, ``event_type``,
        ``n_attacks``, ``confirmation``, ``country``, ``target_kind``).
    start, end : date-like
        First and last day counted.
    target_side : str
        The side attacked.
    apart_kinds : sequence of str
        Target kinds counted apart (e.g. ``["convoy"]``).
    apart : {"include", "exclude", "only"}
        Whether attacks on ``apart_kinds`` are counted with the others, left out, or
        counted alone.
    confirmation : sequence of str, optional
        Count only these confirmation levels (default: all).
    event_type : str
        The event type counted as an attack.

    Returns
    -------
    int
        The sum of ``n_attacks``.

    Examples
    --------
    >>> import analysis as ea
    >>> toy = ea.load_example()
    >>> n = ea.count_attacks(toy, "2020-01-01", "2020-12-31", target_side="b")
    >>> n == ea.count_attacks(toy, "2020-01-01", "2020-12-31", target_side="b",
    ...                       confirmation=["confirmed", "claimed", "reported"])
    True
    """
    if apart not in ("include", "exclude", "only"):
        raise ValueError(f"apart must be 'include', 'exclude' or 'only', got {apart!r}")
    lo, hi = _day_arg("start", start), _day_arg("end", end)
    if hi < lo:
        raise ValueError(f"end {hi.date()} is before start {lo.date()}")
    a = _attacks(incidents, target_side, event_type)
    a = a[(a["date"] >= lo) & (a["date"] <= hi)]
    is_apart = a["target_kind"].isin(list(apart_kinds))
    if apart == "exclude":
        a = a[~is_apart]
    elif apart == "only":
        a = a[is_apart]
    if confirmation is not None:
        bad = sorted(set(confirmation) - set(CONFIRMATIONS))
        if bad:
            raise ValueError(f"confirmation: unknown level(s) {bad}; use {list(CONFIRMATIONS)}")
        a = a[a["confirmation"].isin(list(confirmation))]
    return int(a["n_attacks"].sum())


def coverage_by_year(incidents: pd.DataFrame, *, target_side: str, apart_kinds=(),
                     strike_side: str | None = None, event_type: str = "attack",
                     strike_event_type: str = "strike") -> pd.DataFrame:
    """What the table holds per calendar year.

    Parameters
    ----------
    incidents : DataFrame
        An incident table (as :func:`analysis.load_incidents` gives).
    target_side : str
        The side whose attacks-on are counted (the case study: ``"us"``).
    apart_kinds : sequence of str
        Target kinds counted apart from the main ``attacks`` column (the case study:
        ``["convoy"]``).
    strike_side : str, optional
        The side whose strike incidents are counted (default: ``target_side``).
    event_type, strike_event_type : str
        The event types counted as attacks and as strikes.

    Returns
    -------
    DataFrame
        One row per year (index ``year``) with ``start`` and ``end`` (the days the row
        covers: the table's first and last day in its first and last year),
        ``attacks`` (attacks not on ``apart_kinds``), ``attacks_apart``, ``confirmed``,
        ``claimed``, ``reported``, ``confirmation_missing`` (all attacks, by
        confirmation; the last: not coded), one column per country (all attacks;
        countries by attacks, most first), ``country_missing`` and ``strike_incidents``
        (number of incidents, not ``n_attacks``, of ``strike_side``'s strikes). The
        confirmation columns add up to ``attacks + attacks_apart``, and so do the country
        columns.

    Examples
    --------
    >>> import analysis as ea
    >>> toy = ea.load_example()
    >>> t = ea.coverage_by_year(toy, target_side="b")
    >>> levels = ["confirmed", "claimed", "reported", "confirmation_missing"]
    >>> bool((t["attacks"] + t["attacks_apart"] == t[levels].sum(axis=1)).all())
    True
    """
    strike_side = target_side if strike_side is None else strike_side
    a = _attacks(incidents, target_side, event_type)
    dates = pd.to_datetime(incidents["date"])
    if dates.isna().any():
        raise ValueError(f"incidents: {int(dates.isna().sum())} row(s) without a date")
    years = range(dates.min().year, dates.max().year + 1)
    a["year"] = a["date"].dt.year
    is_apart = a["target_kind"].isin(list(apart_kinds))
    out = pd.DataFrame(index=pd.Index(list(years), name="year"))
    out["start"] = [max(pd.Timestamp(y, 1, 1), dates.min()) for y in years]
    out["end"] = [min(pd.Timestamp(y, 12, 31), dates.max()) for y in years]
    by = lambda d: d.groupby("year")["n_attacks"].sum().reindex(out.index, fill_value=0)
    out["attacks"] = by(a[~is_apart])
    out["attacks_apart"] = by(a[is_apart])
    for level in CONFIRMATIONS:
        out[level] = by(a[a["confirmation"] == level])
    out["confirmation_missing"] = by(a[~a["confirmation"].isin(CONFIRMATIONS)])
    for country in _countries(a):
        out[country] = by(a[a["country"] == country])
    out["country_missing"] = by(a[a["country"].isna() | (a["country"] == "")])
    s = incidents[(incidents["side"] == strike_side) & (incidents["event_type"] == strike_event_type)]
    out["strike_incidents"] = (pd.to_datetime(s["date"]).dt.year.value_counts()
                               .reindex(out.index, fill_value=0))
    return out.astype({c: int for c in out.columns if c not in ("start", "end")})


def coverage_against_tallies(incidents: pd.DataFrame, tallies: pd.DataFrame, *,
                             target_side: str, apart_kinds=(), since=None,
                             event_type: str = "attack") -> pd.DataFrame:
    """The table's attacks against official cumulative tallies, tally by tally.

    Each tally counts attacks from its ``since`` to its ``as_of_date``; the table's
    attacks (not on ``apart_kinds``) on the same days are counted in all, confirmed or
    claimed, and confirmed, and by country for every country that has a split column
    in ``tallies`` (the country's name in lower case, e.g. ``iraq``).

    Parameters
    ----------
    incidents : DataFrame
        An incident table.
    tallies : DataFrame
        Official tallies (``as_of_date``, ``since``, ``total``, ``total_is_lower_bound``,
        optional split columns), as :func:`analysis.load_official_tallies` gives.
    target_side : str
        The side attacked.
    apart_kinds : sequence of str
        Target kinds the tallies do not count (the case study: ``["convoy"]``).
    since : date-like, optional
        Keep only the tallies counted from this day (e.g. the start of a campaign).
    event_type : str
        The event type counted as an attack.

    Returns
    -------
    DataFrame
        One row per tally, by ``as_of_date``: ``as_of_date``, ``since``, ``official``,
        ``official_is_lower_bound``, ``official_<country>`` (nullable), ``table_all``,
        ``table_confirmed_or_claimed``, ``table_confirmed``, ``table_<country>``, and
        ``ratio_all``, ``ratio_confirmed_or_claimed``, ``ratio_confirmed`` (table /
        official).

    Examples
    --------
    >>> import analysis as ea
    >>> t = ea.coverage_against_tallies(ea.load_incidents(), ea.load_official_tallies(),
    ...                                 target_side="us", apart_kinds=["convoy"],
    ...                                 since="2023-10-17")
    >>> bool((t["table_confirmed"] <= t["table_all"]).all())
    True
    """
    need = {"as_of_date", "since", "total", "total_is_lower_bound"}
    missing = sorted(need - set(tallies.columns))
    if missing:
        raise ValueError(f"tallies: missing column(s) {missing}")
    t = tallies.copy()
    t["as_of_date"], t["since"] = pd.to_datetime(t["as_of_date"]), pd.to_datetime(t["since"])
    if since is not None:
        t = t[t["since"] == _day_arg("since", since)]
        if t.empty:
            raise ValueError(f"since={since!r}: no tally is counted from that day "
                             f"(tallies count from {sorted(tallies['since'].astype(str).unique())})")
    t = t.sort_values(["as_of_date", "since"], kind="mergesort")
    a = _attacks(incidents, target_side, event_type)
    a = a[~a["target_kind"].isin(list(apart_kinds))]
    by_lower = {c.lower(): c for c in sorted(a["country"].dropna().unique())}
    split = [by_lower[col] for col in t.columns if col in by_lower]     # the tallies' order
    rows = []
    for r in t.itertuples(index=False):
        w = a[(a["date"] >= r.since) & (a["date"] <= r.as_of_date)]
        row = {"as_of_date": r.as_of_date, "since": r.since, "official": int(r.total),
               "official_is_lower_bound": bool(r.total_is_lower_bound)}
        for c in split:
            v = getattr(r, c.lower())
            row[f"official_{c.lower()}"] = pd.NA if pd.isna(v) else int(v)
        row["table_all"] = int(w["n_attacks"].sum())
        row["table_confirmed_or_claimed"] = int(
            w.loc[w["confirmation"].isin(["confirmed", "claimed"]), "n_attacks"].sum())
        row["table_confirmed"] = int(w.loc[w["confirmation"] == "confirmed", "n_attacks"].sum())
        for c in split:
            row[f"table_{c.lower()}"] = int(w.loc[w["country"] == c, "n_attacks"].sum())
        rows.append(row)
    out = pd.DataFrame(rows)
    for c in split:
        out[f"official_{c.lower()}"] = out[f"official_{c.lower()}"].astype("Int64")
    official = out["official"].where(out["official"] > 0)
    for k in ("all", "confirmed_or_claimed", "confirmed"):
        out[f"ratio_{k}"] = out[f"table_{k}"] / official
    out = out.reset_index(drop=True)
    out.attrs["countries"] = split
    return out


# ---------------------------------------------------------------------------------------
# the codebook writer
# ---------------------------------------------------------------------------------------
_CONFIG = re.compile(r"<!-- coverage:config (\{.*?\}) -->", re.S)
_BLOCK = "<!-- coverage:{name} -->\n{body}<!-- /coverage:{name} -->"
_SPAN = re.compile(r"(<!-- coverage:(count|ratio-range|incidents)(?: ([^>]*?))? -->)(.*?)"
                   r"(<!-- /coverage:\2 -->)", re.S)


def _day(d) -> str:
    return f"{pd.Timestamp(d).day} {pd.Timestamp(d):%b}"


def _by_year_markdown(t: pd.DataFrame, countries: list[str], attacks_label: str,
                      strike_label: str) -> str:
    levels = list(CONFIRMATIONS) + (["confirmation_missing"] if t["confirmation_missing"].any() else [])
    countries = countries + (["country_missing"] if t["country_missing"].any() else [])
    names = [c.replace("_missing", " not coded") for c in levels]
    cnames = [c.replace("country_missing", "country not coded") for c in countries]
    head = (f"| year | {attacks_label} | {' / '.join(names)} (all attacks) "
            f"| {' / '.join(cnames)} | {strike_label} |\n|---|---|---|---|---|\n")
    lines = []
    for i, (year, r) in enumerate(t.iterrows()):
        label = str(year)
        if i == 0 and (r["start"].month, r["start"].day) != (1, 1):
            label += f" (from {_day(r['start'])})"
        if i == len(t) - 1 and (r["end"].month, r["end"].day) != (12, 31):
            label += f" (to {_day(r['end'])})"
        lines.append(f"| {label} | {r['attacks']} ({r['attacks_apart']}) | "
                     f"{' / '.join(str(r[c]) for c in levels)} | "
                     f"{' / '.join(str(r.get(c, 0)) for c in countries)} | {r['strike_incidents']} |")
    return head + "\n".join(lines) + "\n"


def _pct(x) -> str:
    return "–" if pd.isna(x) else f"{100 * x:.0f}%"


def _tallies_markdown(t: pd.DataFrame) -> str:
    countries = [c for c in t.attrs.get("countries", []) if t[f"official_{c.lower()}"].notna().any()]
    names = " / ".join(countries)
    split = [c.lower() for c in countries]
    head = (f"| as of | official ({names}) | table: all | confirmed or claimed | confirmed "
            f"| table {names} | confirmed or claimed / official |\n"
            "|---|---|---|---|---|---|---|\n")
    lines = []
    for _, r in t.iterrows():
        off = f"{r['official']}{'+' if r['official_is_lower_bound'] else ''}"
        parts = [r[f"official_{c}"] for c in split]
        if not all(pd.isna(p) for p in parts):
            off += " (" + " / ".join("–" if pd.isna(p) else str(p) for p in parts) + ")"
        lines.append(f"| {r['as_of_date']:%Y-%m-%d} | {off} | {r['table_all']} | "
                     f"{r['table_confirmed_or_claimed']} | {r['table_confirmed']} | "
                     f"{' / '.join(str(r[f'table_{c}']) for c in split)} | "
                     f"{_pct(r['ratio_confirmed_or_claimed'])} |")
    return head + "\n".join(lines) + "\n"


def _replace_block(text: str, name: str, body: str, path) -> str:
    pat = re.compile(rf"<!-- coverage:{name} -->\n.*?<!-- /coverage:{name} -->", re.S)
    if len(pat.findall(text)) != 1:
        raise ValueError(f"{path}: expected one '<!-- coverage:{name} -->' ... "
                         f"'<!-- /coverage:{name} -->' block")
    return pat.sub(lambda m: _BLOCK.format(name=name, body=body), text)


def _span(m, incidents, tallies, cfg, path) -> str:
    kind, spec = m.group(2), m.group(3) or ""
    if kind == "incidents":
        return f"{m.group(1)}{len(incidents)}{m.group(5)}"
    args = dict(kv.split("=", 1) for kv in spec.split() if "=" in kv)
    allowed, needed = ({"from", "to", "apart", "confirmation"}, {"from", "to"}) if kind == "count" \
        else ({"of", "from"}, {"of", "from"})
    unknown = sorted(set(args) - allowed)
    if unknown or not needed <= set(args) or len(args) != len(spec.split()):
        raise ValueError(f"{path}: coverage:{kind} '{spec}' needs {sorted(needed)} "
                         f"(allowed: {sorted(allowed)}; unknown: {unknown})")
    apart_kinds = cfg.get("apart_kinds", ())
    if kind == "count":
        conf = args["confirmation"].split(",") if "confirmation" in args else None
        value = str(count_attacks(incidents, args["from"], args["to"],
                                  target_side=cfg["target_side"], apart_kinds=apart_kinds,
                                  apart=args.get("apart", "include"), confirmation=conf))
    else:       # range of table / official over the firm tallies from a day on
        t = coverage_against_tallies(incidents, tallies, target_side=cfg["target_side"],
                                     apart_kinds=apart_kinds, since=cfg.get("tally_since"))
        col = f"ratio_{args['of']}"
        if col not in t.columns:
            raise ValueError(f"{path}: coverage:ratio-range of={args['of']!r}; use all, "
                             "confirmed_or_claimed or confirmed")
        r = t.loc[(t["as_of_date"] >= pd.Timestamp(args["from"]))
                  & ~t["official_is_lower_bound"], col].dropna()
        if r.empty:
            raise ValueError(f"{path}: coverage:ratio-range '{spec}': no firm tally from that day")
        value = f"{100 * r.min():.0f}-{100 * r.max():.0f}%"
    return f"{m.group(1)}{value}{m.group(5)}"


def update_codebook(path, incidents: pd.DataFrame, tallies: pd.DataFrame) -> bool:
    """Rewrite the coverage tables and quoted counts of a codebook (Markdown) in place.

    The codebook holds one ``<!-- coverage:config {...} -->`` comment whose JSON gives
    ``target_side``, optional ``apart_kinds``, ``strike_side``, ``tally_since`` and the
    column labels ``attacks_label`` and ``strike_label``; the blocks ``<!-- coverage:by-year -->`` ...
    ``<!-- /coverage:by-year -->`` and ``<!-- coverage:tallies -->`` ...
    ``<!-- /coverage:tallies -->`` are replaced by the tables of :func:`coverage_by_year`
    and :func:`coverage_against_tallies`; every span ``<!-- coverage:count from=YYYY-MM-DD
    to=YYYY-MM-DD [apart=include|exclude|only] [confirmation=confirmed,claimed] -->N<!--
    /coverage:count -->`` gets ``N`` = :func:`count_attacks` (a span may not open a line:
    Markdown would read it as an HTML block), and every span
    ``<!-- coverage:ratio-range of=confirmed_or_claimed from=YYYY-MM-DD -->R<!--
    /coverage:ratio-range -->`` gets ``R`` = the range of table / official (``"104-116%"``,
    ``of`` = ``all``, ``confirmed_or_claimed`` or ``confirmed``) over the tallies from that
    day that are not lower bounds; ``<!-- coverage:incidents -->N<!-- /coverage:incidents
    -->`` gets the number of incidents. Text outside is kept.

    Parameters
    ----------
    path : str or Path
        The codebook (e.g. ``data/README.md``). A file without a config comment is left
        alone.
    incidents, tallies : DataFrame
        The incident table and the official tallies.

    Returns
    -------
    bool
        True if the file changed.

    Examples
    --------
    >>> import tempfile, pathlib, analysis as ea
    >>> from analysis.data.coverage import update_codebook
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "README.md"
    >>> _ = p.write_text('<!-- coverage:config {"target_side": "b"} -->\\n'
    ...                  'b was attacked <!-- coverage:count from=2000-01-01 to=2000-01-02 -->?'
    ...                  '<!-- /coverage:count --> times\\n', encoding="utf-8")
    >>> update_codebook(p, ea.load_example(), ea.load_official_tallies())
    True
    >>> "-->0<!--" in p.read_text(encoding="utf-8")
    True
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    m = _CONFIG.search(text)
    if m is None:
        return False
    try:
        cfg = json.loads(m.group(1))
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: coverage:config is not valid JSON ({e})") from None
    if "target_side" not in cfg:
        raise ValueError(f"{path}: coverage:config needs target_side")
    new = text
    apart = cfg.get("apart_kinds", ())
    if "<!-- coverage:by-year -->" in text:
        t = coverage_by_year(incidents, target_side=cfg["target_side"], apart_kinds=apart,
                             strike_side=cfg.get("strike_side"))
        countries = [c for c in t.columns if c not in
                     ("start", "end", "attacks", "attacks_apart", "strike_incidents",
                      "confirmation_missing", "country_missing", *CONFIRMATIONS)]
        new = _replace_block(new, "by-year", _by_year_markdown(
            t, countries, cfg.get("attacks_label", "attacks (apart)"),
            cfg.get("strike_label", "strike incidents")), path)
    if "<!-- coverage:tallies -->" in text:
        t = coverage_against_tallies(incidents, tallies, target_side=cfg["target_side"],
                                     apart_kinds=apart, since=cfg.get("tally_since"))
        new = _replace_block(new, "tallies", _tallies_markdown(t), path)
    bad = re.search(r"^[ \t]*<!-- coverage:(?:count|ratio-range|incidents)\b", text, re.M)
    if bad:     # Markdown reads a line opening with "<!--" as an HTML block: it cuts the paragraph
        line = text.count("\n", 0, bad.start()) + 1
        raise ValueError(f"{path}, line {line}: an inline coverage span starts the line; put "
                         "a word before it on the same line")
    new = _SPAN.sub(lambda mm: _span(mm, incidents, tallies, cfg, path), new)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
