"""Build ``data/processed`` from ``data/raw``: ``python -m analysis.build``.

Every bundled case is built: the default case from ``data/raw/case.json`` into
``data/processed``, every further case ``data/raw/<case>/case.json`` into
``data/processed/<case>``. A case's ``case.json`` names its pipeline and holds every
rule that is particular to it (sides of each coded direction, casualty columns,
confirmation and language rules); this module names no case, side or country.

Pipeline ``tidy``: the raw ``incidents.csv`` is already in the schema; it is validated
like :func:`analysis.read_incidents` with the case's ``sides.csv``, ``sources.csv`` and
optional ``codebook.csv`` (dates after the case's ``as_of`` refused), and written with a
build report listing every raw row.

Pipeline ``source_notes`` (the case study), steps documented in ``data/README.md``:

1. read the raw rows in a fixed order: the reference source notes, the coded seed
   reports, the project's additions (every row keeps its ``file:line``);
2. apply the curation decisions (``data/raw/curation/decisions.csv``: corrections,
   rejections and duplicate links, each with a reason and usually evidence);
3. normalise each row into the incident schema: sides and event type from the
   direction, canonical site from the gazetteer, actors, weapon, casualties (with the
   "no casualties means 0" rule), confirmation (coded, or by a stated rule on the
   source note), sources (the cited page plus every URL in the note);
4. fold duplicates into one incident: rows linked by ``same_as``/decisions, and rows
   of *different* input files with the same local date, side and site; figures that
   differ become low/high bounds, sources are united;
5. give each incident a stable id ``YYYYMMDD-side-site[-k]``, resolve stated triggers
   (``retaliation_for``) to incident ids, attach coordinates;
6. validate everything against ``data/datapackage.json`` and write the tables plus
   ``build_report.csv`` (every raw row: kept, merged into an incident, or rejected,
   with the reason), so no input row is silently lost.

The output is deterministic: the same raw files give byte-identical tables.

Why one module of more than 800 lines: it is one concept, the build of the bundled data,
and its functions are the steps of the one pipeline numbered above, in that order. They
share the case rules (``CaseRules``) and the provenance of each raw row
(``RawRow``) and have no callers outside the build, so a data reviewer audits the
whole procedure top to bottom in one file; split into files, no part would gain a
second user.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd

from . import paths
from .schema import LIST_SEPARATOR, table_schema, validate_records

# ---------------------------------------------------------------------------------------
# the case's rules (data/raw[/<case>]/case.json); nothing of any case is written here
# ---------------------------------------------------------------------------------------
CONFIRMATION_RANK = {"confirmed": 3, "claimed": 2, "reported": 1}
_TIME = re.compile(r"(?<![\d:./])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])(\s*(?:p\.?m|a\.?m|EST|EDT|ET\b|"
                   r"US Eastern|Eastern|GMT|UTC|Z\b|Washington))?", re.I)
#: words just before a clock time that make it the time of a report, not of the event
_REPORT_TIME = re.compile(r"\b(?:posted|published|republished|publication|updated|"
                          r"timestamp(?:ed)?)\b[^.;]{0,25}$", re.I)
_URL = re.compile(r"https?://[^\s)\],;\"'<>]+")
_DATE = re.compile(r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?![\d-])")


class CaseRules:
    """The rules of one case's source-notes pipeline, read from its ``case.json``."""

    def __init__(self, cfg: dict):
        self.cfg = cfg
        self.name = cfg["name"]
        self.directions = {k: (v["side"], v["target_side"], v["event_type"])
                           for k, v in cfg.get("directions", {}).items()}
        u = cfg.get("unattributed_strike")
        self.unattributed = u
        self.casualty_fields = tuple(cfg.get("casualty_columns", ()))

        def rx(spec):
            if not spec:
                return None
            return re.compile(spec["pattern"], re.I if spec.get("ignorecase") else 0)
        self.no_casualties = rx(cfg.get("no_casualties"))
        self.no_casualties_columns = cfg.get("no_casualties", {}).get("columns", [])
        self.no_casualties_types = cfg.get("no_casualties", {}).get("event_types", [])
        self.official = rx(cfg.get("official_source"))
        self.official_url = cfg.get("official_source", {}).get("url_pattern")
        neg = cfg.get("official_source", {})
        self.official_neg_after = re.compile(neg["negated_after"], re.I) if neg.get("negated_after") else None
        self.official_neg_before = re.compile(neg["negated_before"], re.I) if neg.get("negated_before") else None
        self.official_void_if = re.compile(neg["void_if_note"], re.I) if neg.get("void_if_note") else None
        self.official_void = re.compile(neg["void_mentions"]) if neg.get("void_mentions") else None
        self.unconfirmed = rx(cfg.get("unconfirmed"))
        self.target_kind = cfg.get("target_kind", {})
        rules_cfg = cfg.get("coding_rules", {})
        self.separate_attacks = rx(rules_cfg.get("separate_attacks"))
        self.salvo_event_types = rules_cfg.get("separate_attacks", {}).get("event_types", [])
        self.weapons_together = rx(rules_cfg.get("weapons_together"))
        self.together_event_types = rules_cfg.get("weapons_together", {}).get("event_types", [])
        self.approximate_date = rx(rules_cfg.get("approximate_date"))
        self.possible_duplicate = rx(rules_cfg.get("possible_duplicate"))
        trig = rules_cfg.get("stated_trigger", {})
        self.trigger_needs_claimant = tuple(trig.get("claimant_event_types", ()))
        self.trigger_not_unconfirmed = tuple(trig.get("official_event_types", ()))
        self.round_type = cfg.get("confirm_strike_rounds_event_type")
        lang = cfg.get("languages", {})
        self.arabic_outlets = set(lang.get("arabic_outlets", []))
        self.arabic_unless = lang.get("arabic_unless_path_prefix", {})
        self.tlds = lang.get("tlds", {})
        self.hosts = lang.get("hosts", {})

    @classmethod
    def read(cls, path: Path) -> "CaseRules":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))


# ---------------------------------------------------------------------------------------
# raw rows
# ---------------------------------------------------------------------------------------
@dataclass
class RawRow:
    file: str                 # relative to data/raw
    line: int                 # header = line 1
    cells: dict
    outcome: str = ""
    reason: str = ""
    extra_sources: list = field(default_factory=list)
    set_after: dict = field(default_factory=dict)   # schema fields set by decisions
    curation_notes: list = field(default_factory=list)
    confirmation_reason: str = ""
    confirmation_decision: tuple = ()               # (value, reason, evidence URL)
    checked_against: list = field(default_factory=list)  # URLs of a second-pass check
    checked_confirmation: str = ""  # the second-pass URL against which confirmation was checked
    checked_trigger: bool = False   # a second-pass check looked at the stated trigger
    decided: set = field(default_factory=set)       # fields a curation decision set
    none_stated: dict = field(default_factory=dict)  # casualty column -> (URL, statement)
    merge_reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.file}:{self.line}"


def raw_files(raw_dir: Path) -> list[Path]:
    """The raw incident files in build order (reference, seeds, additions)."""
    files = [raw_dir / "reference" / "incidents_reference.csv",
             raw_dir / "reference" / "incidents_reference_2.csv"]
    files += sorted((raw_dir / "seeds").glob("*.csv"))
    files += sorted((raw_dir / "additions").glob("*.csv"))
    return [f for f in files if f.exists()]


def read_raw(raw_dir: Path) -> list[RawRow]:
    rows = []
    for path in raw_files(raw_dir):
        rel = path.relative_to(raw_dir).as_posix()
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            _ = reader.fieldnames          # reads the header
            prev = reader.line_num
            for rec in reader:
                start = prev + 1
                prev = reader.line_num
                cells = {k.strip(): (v or "").strip() for k, v in rec.items() if k is not None}
                if None in rec:
                    raise ValueError(f"{rel} line {start}: more fields than the header")
                rows.append(RawRow(rel, start, cells))
    return rows


def read_decisions(raw_dir: Path) -> list[dict]:
    path = raw_dir / "curation" / "decisions.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]


def _read_curation_csv(path: Path, url_column: str) -> list[dict]:
    """The rows of a curation file (none if it is absent); a row with more fields than
    the header (an unquoted comma) or whose ``url_column`` is not a URL or seed file
    raises, naming the file, row and value."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        recs = list(csv.DictReader(f))
    for i, d in enumerate(recs, start=2):
        if None in d:
            raise ValueError(f"{path}: row {i} has more fields than the header (quote the note)")
        if not d.get(url_column, "").startswith(("http://", "https://", "seed:")):
            raise ValueError(f"{path}: row {i}: {url_column} {d.get(url_column)!r} is not a "
                             "URL or seed file")
    return recs


def read_second_pass(raw_dir: Path) -> list[dict]:
    """The second-pass record (``curation/second_pass.csv``): one row per raw row found
    again in a source, with the URL it was checked against and the result."""
    path = raw_dir / "curation" / "second_pass.csv"
    recs = _read_curation_csv(path, "checked_against")
    for i, d in enumerate(recs, start=2):
        if d.get("result") not in ("right", "corrected", "contradicted", "uncheckable"):
            raise ValueError(f"{path}: row {i}: result {d.get('result')!r} is not one of "
                             "right, corrected, contradicted, uncheckable")
    return recs


#: what a casualty-evidence record may say about a column (``curation/casualty_evidence.csv``)
CASUALTY_STATEMENTS = ("none",)


def read_casualty_evidence(raw_dir: Path, columns) -> list[dict]:
    """The casualty-evidence record (``curation/casualty_evidence.csv``): one row per raw
    row whose source states that there were no casualties in the named raw casualty
    columns (``columns``, ``;``-separated), with the page that says so. The build keeps
    (or sets) a 0 only where such a record, a curation decision or the note's own
    statement of no casualties supports it."""
    path = raw_dir / "curation" / "casualty_evidence.csv"
    recs = _read_curation_csv(path, "source_url")
    for i, d in enumerate(recs, start=2):
        if d.get("statement") not in CASUALTY_STATEMENTS:
            raise ValueError(f"{path}: row {i}: statement {d.get('statement')!r} is not one of "
                             f"{', '.join(CASUALTY_STATEMENTS)}")
        cols = [c for c in d.get("columns", "").split(";") if c]
        bad = [c for c in cols if c not in columns]
        if not cols or bad:
            raise ValueError(f"{path}: row {i}: columns {d.get('columns')!r} must name casualty "
                             f"columns of the case ({', '.join(columns)})")
    return recs


def read_gazetteer(raw_dir: Path) -> pd.DataFrame:
    g = pd.read_csv(raw_dir / "gazetteer.csv", dtype=str, keep_default_na=False)
    return g


def read_tallies(raw_dir: Path) -> pd.DataFrame:
    return pd.read_csv(raw_dir / "official_tallies.csv", dtype=str, keep_default_na=False)


def read_actors(raw_dir: Path) -> pd.DataFrame:
    return pd.read_csv(raw_dir / "actors.csv", dtype=str, keep_default_na=False)


# ---------------------------------------------------------------------------------------
# normalisation helpers
# ---------------------------------------------------------------------------------------
def slugify(text: str, max_words: int = 5) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:max_words]) or "unknown"


class SiteMatcher:
    """Map free-text place names to gazetteer sites (longest alias wins)."""

    def __init__(self, gazetteer: pd.DataFrame):
        self.sites = gazetteer.set_index("site_id")
        aliases = []
        for _, r in gazetteer.iterrows():
            names = [r["name"]] + [a for a in re.split(r"\s*\|\s*", r.get("aliases_en", "")) if a]
            names += [a for a in re.split(r"\s*\|\s*", r.get("aliases_ar", "")) if a]
            for a in names:
                a = a.strip().lower()
                if len(a) >= 2:
                    aliases.append((a, r["site_id"], r.get("country", "")))
        aliases.sort(key=lambda t: (-len(t[0]), t[0], t[1]))
        self.aliases = [(re.compile(r"(?<![\w])" + re.escape(a) + r"(?![\w])"), a, s, c)
                        for a, s, c in aliases]

    #: a place named as a reference point ("north of X", "the outskirts of X") or as one end
    #: of a road ("X-Y highway") is not where the event happened
    _REFERENCE = re.compile(r"(?:\b(?:north|south|east|west)(?:ern|east|west)?\s+"
                            r"(?:outskirts\s+)?of\s+(?:the\s+)?|\boutskirts\s+of\s+"
                            r"(?:the\s+)?)$")
    _ROAD = re.compile(r"^\s*[-\u2013]\s*[\w'-]+(?:\s+[\w'-]+)?\s+(?:road|highway)\b")
    _ROAD_END = re.compile(r"[\w'-]+\s*[-\u2013]\s*$")
    #: kinds of site that a reference point or a road end can name (a town, not a base)
    _PLACE_KINDS = ("city", "town", "district", "region")

    def _is_reference(self, t: str, m, site: str) -> bool:
        if self.sites.loc[site, "kind"] not in self._PLACE_KINDS:
            return False
        before, after = t[:m.start()], t[m.end():]
        # "X-Y road": X is the first end (the road follows), Y the second (the road is next)
        return bool(self._REFERENCE.search(before) or self._ROAD.match(after)
                    or (self._ROAD_END.search(before)
                        and re.match(r"^\s+(?:road|highway)\b", after)))

    def match(self, text: str, country: str = "") -> str:
        t = text.lower()
        for pat, _alias, site, site_country in self.aliases:
            if country and site_country and site_country != country:
                continue
            hit = next((m for m in pat.finditer(t) if not self._is_reference(t, m, site)),
                       None)
            if hit is not None:
                return site
        return ""

    def all_matches(self, text: str) -> set:
        t = text.lower()
        return {s for pat, _a, s, _c in self.aliases if pat.search(t)}


def parse_int(v: str):
    v = (v or "").strip()
    if not v:
        return None
    f = float(v)
    if not f.is_integer() or f < 0:
        raise ValueError(f"not a non-negative integer: {v!r}")
    return int(f)


def split_actor(text: str, event_type: str) -> dict:
    """Split the reference's ``claimed_by`` (``Group (qualifier)``) into schema fields."""
    out = {"actor": "", "claimed_by": "", "target_actor": ""}
    text = text.strip()
    if not text:
        return out
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
    base, qual = (m.group(1), m.group(2).strip().lower()) if m else (text, "")
    if qual in ("target", "area targeted"):
        out["target_actor"] = base
    elif qual in ("attributed", "suspected", "markings", "per local sources"):
        out["actor"] = f"{base} ({qual})"
    elif qual == "claimed":
        out["claimed_by"] = base
    elif event_type == "strike":
        out["target_actor"] = text
    else:
        out["claimed_by"] = text
    return out


def time_from_note(note: str) -> str:
    """The first local clock time (HH:MM) a note gives; times marked as US Eastern,
    GMT/UTC or a.m./p.m. are skipped (they are not local 24-hour times), and so are the
    times a report was posted or published ("statement posted 01:26")."""
    text = re.sub(r"https?://\S+", " ", note or "")
    for m in _TIME.finditer(text):
        if m.group(3) or _REPORT_TIME.search(text[:m.start()]):
            continue
        return f"{int(m.group(1)):02d}:{m.group(2)}"
    return ""


def clean_url(u: str) -> str:
    u = u.strip().rstrip(".,;:)]}'\"")
    return u


def urls_in(text: str) -> list[str]:
    out = []
    for m in _URL.finditer(text or ""):
        u = clean_url(m.group(0))
        if u.endswith(("...", "…")) or "..." in u or "…" in u:
            continue
        out.append(u)
    return out


def source_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def infer_language(url: str, rules: CaseRules | None = None) -> str:
    if url.startswith("seed:"):
        return "ar"
    p = urlparse(url)
    host = p.netloc.lower().removeprefix("www.")
    path = unquote(p.path)
    if re.search(r"[\u0600-\u06FF]", path):
        return "ar"
    for h, prefix in (rules.arabic_unless.items() if rules else ()):
        if host == h and not path.startswith(prefix):
            return "ar"
    if rules and any((host + path).startswith(o) for o in rules.arabic_outlets):
        return "ar"
    for tld, lang in (rules.tlds.items() if rules else ()):
        if host.endswith(tld):
            return lang
    if rules and host in rules.hosts:
        return rules.hosts[host]
    return "en"


def infer_published(url: str) -> str:
    path = urlparse(url).path
    for pat in (r"/(20[12]\d)/(\d{2})/(\d{2})(?:/|$|-)", r"/(20[12]\d)(\d{2})(\d{2})\d*(?:[/-]|$)",
                r"/(20[12]\d)-(\d{2})-(\d{2})"):
        m = re.search(pat, path)
        if m:
            y, mo, d = map(int, m.groups())
            try:
                return pd.Timestamp(year=y, month=mo, day=d).strftime("%Y-%m-%d")
            except ValueError:
                continue
    return ""


def outlet_of(url: str) -> str:
    if url.startswith("seed:"):
        return "seed report"
    return urlparse(url).netloc.lower().removeprefix("www.")


# ---------------------------------------------------------------------------------------
# the build
# ---------------------------------------------------------------------------------------
def normalise(row: RawRow, sites: SiteMatcher, rules: CaseRules) -> dict:
    c = row.cells
    direction = c.get("direction", "")
    weapon = c.get("weapon", "") or "unknown"
    u = rules.unattributed
    if direction in rules.directions:
        side, target, etype = rules.directions[direction]
    elif u and direction == u["direction"]:
        if weapon in u["weapons"] and ("(target)" in c.get("claimed_by", "")
                                       or c.get("target_actor", "")):
            side, target, etype = u["side"], u["target_side"], u["event_type"]
        else:
            side, target, etype = "", "", ""
    else:
        raise ValueError(f"unknown direction {direction!r}")
    inc = {
        "date": c.get("event_date", ""),
        "date_precision": c.get("date_precision", "") or "day",
        # a decision that empties the time wins over a clock time read from the note
        "time_local": c.get("time_local", "") or (
            "" if "time_local" in row.decided else time_from_note(c.get("note", ""))),
        "side": side, "target_side": target, "event_type": etype,
        "country": c.get("country", ""), "admin1": c.get("admin1", ""),
        "location": c.get("location", ""), "weapon": weapon,
        "n_attacks": parse_int(c.get("n_attacks", "")) or 1,
        "retaliation_for_text": c.get("described_as_retaliation_for", ""),
        "note": c.get("note", ""),
    }
    if any(k in c for k in ("actor", "target_actor")):      # additions format
        inc.update(actor=c.get("actor", ""), claimed_by=c.get("claimed_by", ""),
                   target_actor=c.get("target_actor", ""))
    else:                                                   # reference format
        inc.update(split_actor(c.get("claimed_by", ""), etype))
    for f in rules.casualty_fields:
        inc[f] = parse_int(c.get(f, ""))
        inc[f + "_low"] = parse_int(c.get(f + "_low", ""))
        inc[f + "_high"] = parse_int(c.get(f + "_high", ""))
    if rules.no_casualties and etype in rules.no_casualties_types \
            and rules.no_casualties.search(inc["note"]):
        for f in rules.no_casualties_columns:
            if inc[f] is None and inc[f + "_low"] is None and f not in row.decided:
                inc[f] = 0
    # sources
    srcs = []
    primary = c.get("source_url", "")
    if primary:
        srcs.append((clean_url(primary), "primary", c.get("source_language", "")))
    for u in re.split(r"\s*;\s*", c.get("extra_source_urls", "")):
        if u:
            srcs.append((clean_url(u), "supporting", ""))
    for u in urls_in(inc["note"]):
        srcs.append((u, "supporting", ""))
    inc["_sources"] = srcs
    inc["_evidence"] = row_evidence(row, inc, etype, rules)
    inc["confirmation"], inc["confirmation_basis"] = confirmation_from_evidence(
        inc["_evidence"], bool(c.get("confirmation") or row.confirmation_decision))
    inc["_published"] = c.get("source_published", "")
    inc["site_id"] = sites.match(inc["location"], inc["country"]) if inc["location"] else ""
    return inc


# ---------------------------------------------------------------------------------------
# confirmation from evidence
# ---------------------------------------------------------------------------------------
#: kinds of evidence a source can carry, in the order the confirmation rule reads them
EVIDENCE_KINDS = ("denial", "official", "claim", "unconfirmed", "report")
_DENIED = re.compile(r"\bden(?:y|ied|ies|ial)\b", re.I)


def row_evidence(row: "RawRow", inc: dict, etype: str, rules: CaseRules) -> list[tuple]:
    """What each source of one raw row carries: ``(kind, url or None, who, how)``.

    ``kind`` is ``official`` (an official or target-side confirmation), ``claim`` (the
    perpetrator's claim), ``denial`` (officials or the target denied it), ``unconfirmed``
    (the note says attribution or confirmation is missing) or ``report`` (the page the
    row rests on reports it). ``url`` is the page that carries it: a page on an official
    site, the evidence URL of a curation decision, or, for what the note says, the row's
    source when it has only one, or the page the second pass checked the row's
    confirmation against; otherwise, when the row has several sources and the note does
    not say which carries it, ``url`` is None (unknown) rather than a guess.
    """
    note = inc["note"]
    urls = list(dict.fromkeys(u for u, _, _ in inc["_sources"]))
    only = urls[0] if len(urls) == 1 else (row.checked_confirmation or None)
    where = ("the row's only source" if len(urls) == 1 else
             "the page the second pass checked the confirmation against" if only else
             f"which of the row's {len(urls)} sources carries it is not recorded")
    ev = []
    off_urls = [u for u in urls if rules.official_url and re.search(rules.official_url, u)]
    dec = row.confirmation_decision
    coded = row.cells.get("confirmation", "")
    if dec:
        value, reason, url = dec
        kind = {"confirmed": "official", "claimed": "claim"}.get(value) or (
            "denial" if _DENIED.search(reason) else "unconfirmed")
        ev.append((kind, clean_url(url) if url else None, "curation decision",
                   f"curation: {reason}"))
        if value == "confirmed":
            ev += [("official", u, outlet_of(u), "a page of an official site") for u in off_urls]
    elif coded:
        ev += [("official", u, outlet_of(u), "a page of an official site") for u in off_urls
               if coded == "confirmed"]
        if coded == "confirmed" and not off_urls:
            m = first_official_mention(note, rules)
            ev.append(("official", only, m.group(0) if m else "coder",
                       f"coded by the coder from the sources; {where}"))
        elif coded == "claimed":
            ev.append(("claim", only, inc["claimed_by"] or "coder",
                       f"coded by the coder from the sources; {where}"))
        elif coded == "reported" and _DENIED.search(note):
            m = _DENIED.search(note)
            ev.append(("denial", only, m.group(0), f"coded reported; the note says {m.group(0)}; {where}"))
    else:
        official = first_official_mention(note, rules)
        unconf = rules.unconfirmed.search(note) if rules.unconfirmed else None
        ev += [("official", u, outlet_of(u), "a page of an official site") for u in off_urls
               if not (etype == rules.round_type and unconf)]
        if official and not (etype == rules.round_type and unconf):
            ev.append(("official", only, official.group(0), f"the note names it; {where}"))
        if unconf:
            kind = "denial" if _DENIED.search(unconf.group(0)) else "unconfirmed"
            ev.append((kind, only, unconf.group(0), f"the note says so; {where}"))
        if inc["claimed_by"] and etype == "attack":
            ev.append(("claim", only, inc["claimed_by"], f"the note's claimant; {where}"))
    if urls:
        ev.append(("report", urls[0], outlet_of(urls[0]), "the page the row rests on"))
    return ev


def first_official_mention(note: str, rules: CaseRules):
    """The first mention of an official source in a note that the note does not negate
    ("the command did not comment", "no official comment" are not confirmations) and
    does not void (a note saying the US did not confirm this attack voids its mentions
    of US sources: the case's ``void_if_note`` and ``void_mentions`` patterns)."""
    if not rules.official:
        return None
    voided = bool(rules.official_void_if and rules.official_void
                  and rules.official_void_if.search(note))
    for m in rules.official.finditer(note):
        if voided and rules.official_void.match(m.group(0)):
            continue
        after, before = note[m.end():m.end() + 60], note[max(0, m.start() - 30):m.start()]
        if (rules.official_neg_after and rules.official_neg_after.search(after)) or \
                (rules.official_neg_before and rules.official_neg_before.search(before)):
            continue
        return m
    return None


def confirmation_from_evidence(evidence: list[tuple], hand: bool = False) -> tuple[str, str]:
    """The written rule: ``confirmation`` and ``confirmation_basis`` from the evidence.

    1. a denial by officials or the target -> ``reported`` (the build adds a DISPUTED note);
    2. else an official or target-side confirmation -> ``confirmed``;
    3. else a claim by the perpetrator -> ``claimed``;
    4. else -> ``reported`` (third-party reports only, or attribution not confirmed).
    The basis names the deciding evidence and the source id that carries it (or says the
    source is not recorded).
    """
    def first(kind):
        return next((e for e in evidence if e[0] == kind), None)

    def where(e):
        return f"in {source_id(e[1])}" if e[1] else "source not recorded"

    for kind, value, label in (("denial", "reported", "denied"),
                               ("official", "confirmed", "official source"),
                               ("claim", "claimed", "claim, no official source"),
                               ("unconfirmed", "reported", "attribution not confirmed")):
        e = first(kind)
        if e:
            if e[3].startswith("curation: "):
                return value, e[3]
            prefix = "coded" if e[3].startswith("coded") else "rule"
            return value, f"{prefix}: {label} ({e[2]}) {where(e)}"
    coded = any(e[3].startswith("coded") for e in evidence)
    return "reported", ("coded: report only" if (hand or coded) else
                        "rule: no official source or claim in note")



def apply_coding_rules(row: "RawRow", inc: dict, rules: CaseRules) -> list[str]:
    """Enforce the codebook's coding rules on one normalised row (after its curation
    decisions); return what was changed, in words, for the note and the build report.
    A field that a curation decision set is the coder's explicit judgment and is kept.

    * **salvo rule**: a row of an attack with ``n_attacks`` > 1 must say why (separate
      attacks, salvos or waves, ``twice``, ...: the case's ``separate_attacks`` pattern);
      otherwise the salvo is one attack;
    * **mixed**: an attack whose note names weapons of different types used together
      (``rockets and drones``: the ``weapons_together`` pattern) is ``mixed``;
    * **day precision only where a source gives the day**: a note saying the day is
      approximate, inferred from a publication date or not in the source (the
      ``approximate_date`` pattern) gives ``week`` precision;
    * **zero only where a source says none**: a 0 in a casualty column that the
      ``no_casualties`` rule covers becomes empty unless recorded evidence supports it:
      a record in ``curation/casualty_evidence.csv`` (a page saying there were none), a
      curation decision, or the note's statement of no casualties; an empty column that
      such a record covers becomes 0;
    * **stated triggers only where the actor or officials named them**: on a row whose
      stated trigger no second-pass check found right (``trigger`` among the fields of
      a record whose result is ``right``) and without a curation decision, the
      ``retaliation_for_text`` of an attack that no one claimed (``stated_trigger.
      claimant_event_types``), or of a strike that its side did not confirm (the note says
      so; ``stated_trigger.official_event_types``), is the coder's inference and is
      emptied, the old text kept in the note.
    """
    done = []
    note = inc["note"]
    if (rules.separate_attacks and inc["event_type"] in rules.salvo_event_types
            and inc["n_attacks"] > 1 and "n_attacks" not in row.decided
            and not rules.separate_attacks.search(note)):
        done.append(f"salvo rule: n_attacks {inc['n_attacks']} -> 1 (the note does not say "
                    "the launches were separate attacks)")
        inc["n_attacks"] = 1
    if (rules.weapons_together and inc["event_type"] in rules.together_event_types
            and inc["weapon"] not in ("mixed",) and "weapon" not in row.decided):
        m = rules.weapons_together.search(note)
        if m:
            done.append(f"weapon {inc['weapon']} -> mixed (the note names {m.group(0)!r})")
            inc["weapon"] = "mixed"
    if (rules.approximate_date and inc["date_precision"] == "day"
            and not {"event_date", "date_precision"} & row.decided):
        m = rules.approximate_date.search(note)
        if m:
            done.append(f"date precision day -> week (the note says {m.group(0)!r})")
            inc["date_precision"] = "week"
    for f, (url, what) in sorted(row.none_stated.items()):
        if inc.get(f) is None and inc.get(f + "_low") is None and f not in row.decided:
            done.append(f"{f} empty -> 0 (a source says none: {what}, {source_id(url)})")
            inc[f] = 0
    if rules.no_casualties and inc["event_type"] in rules.no_casualties_types:
        for f in rules.no_casualties_columns:
            if (inc.get(f) == 0 and f not in row.decided and f not in row.none_stated
                    and not rules.no_casualties.search(note)):
                done.append(f"{f} 0 -> empty (no recorded source statement of no casualties)")
                inc[f] = None
    text = inc.get("retaliation_for_text", "")
    if text and "described_as_retaliation_for" not in row.decided and not row.checked_trigger:
        ev = {e[0] for e in inc.get("_evidence", [])}
        why = ""
        if inc["event_type"] in rules.trigger_needs_claimant and not inc.get("claimed_by"):
            why = "no one claimed the attack, so no actor named a trigger"
        elif (inc["event_type"] in rules.trigger_not_unconfirmed and "official" not in ev
              and ev & {"unconfirmed", "denial"}):
            why = "the acting side did not confirm the strike, so it named no trigger"
        if why:
            done.append(f"stated trigger {text!r} -> empty ({why}; the coder inferred it)")
            inc["retaliation_for_text"] = ""
    return done


def target_kind(inc: dict, sites: SiteMatcher, rules: CaseRules) -> str:
    """What an attack hit: base, diplomatic, convoy, partner or other (blank for the
    event types the case's rules name, e.g. strikes)."""
    tk = rules.target_kind
    if inc["event_type"] in tk.get("no_kind_event_types", []):
        return ""
    text = f"{inc['location']} {inc['note']}".lower()
    if "convoy" in inc["location"].lower() or inc["note"].lower().startswith("convoy"):
        return "convoy"
    if inc["target_side"] in tk.get("partner_sides", []):
        return "partner"
    if inc["target_side"] not in tk.get("base_sides", []):
        return "other"
    kind = sites.sites.loc[inc["site_id"], "kind"] if inc["site_id"] else ""
    if kind == "embassy" or re.search(r"\b(embassy|consulate)\b", inc["location"].lower()):
        return "diplomatic"
    if tk.get("other_pattern") and re.search(tk["other_pattern"], text):
        return "other"
    return "base"


class UnionFind:
    def __init__(self, n):
        self.p = list(range(n))

    def find(self, i):
        while self.p[i] != i:
            self.p[i] = self.p[self.p[i]]
            i = self.p[i]
        return i

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)   # the earlier row stays the root


def _casualties(members, fields) -> dict:
    """Best figure and low/high bounds of one cluster of duplicate rows."""
    out = {}
    for f in fields:
        vals = [m[1][f] for m in members if m[1][f] is not None]
        bounds = vals + [m[1][f + s] for m in members for s in ("_low", "_high")
                         if m[1][f + s] is not None]
        out[f] = (vals[0] if vals else None,
                  min(bounds) if bounds else None, max(bounds) if bounds else None)
    return out


def merge_group(clusters: list[list[tuple[RawRow, dict]]], rules: CaseRules) -> dict:
    """Fold the rows of one incident into one record.

    ``clusters`` are groups of *duplicate* rows (reports of the same attack); different
    clusters are *distinct* attacks on the same site the same day. Within a cluster the
    primary row's figures win and the others give low/high bounds; across clusters
    attacks and casualties add up. The first row of the first cluster is the primary.
    """
    members = [m for c in clusters for m in c]
    primary = members[0][1]
    inc = {k: v for k, v in primary.items() if not k.startswith("_")}
    for _, other in members[1:]:
        for k, v in other.items():
            if k.startswith("_") or k in ("note",) or k in rules.casualty_fields:
                continue
            missing = inc.get(k) in ("", None) or (k == "weapon" and inc.get(k) == "unknown")
            if missing and v not in ("", None, "unknown"):
                inc[k] = v              # another report of it names what the primary lacks
    inc["n_attacks"] = sum(max(m[1]["n_attacks"] for m in c) for c in clusters)
    per_cluster = [_casualties(c, rules.casualty_fields) for c in clusters]
    for f in rules.casualty_fields:
        known = [pc[f] for pc in per_cluster if pc[f][0] is not None or pc[f][1] is not None]
        best = sum(b for b, _, _ in known if b is not None) if any(
            b is not None for b, _, _ in known) else None
        lo = sum(lo for _, lo, _ in known) if known else None
        hi = sum(hi for _, _, hi in known) if known else None
        inc[f] = best
        inc[f + "_low"], inc[f + "_high"] = (lo, hi) if lo is not None and lo != hi else (None, None)
    # confirmation: the written rule on the evidence of each attack (the union over its
    # reports); the incident takes its best-evidenced attack
    per_attack = [confirmation_from_evidence(
        [e for m in c for e in m[1]["_evidence"]],
        any(m[0].cells.get("confirmation") or m[0].confirmation_decision for m in c))
        for c in clusters]
    inc["confirmation"], inc["confirmation_basis"] = max(
        per_attack, key=lambda cb: CONFIRMATION_RANK.get(cb[0], 0))
    inc["_evidence"] = [(m[0].key, *e) for m in members for e in m[1]["_evidence"]]
    inc["_hand"] = any(m[0].cells.get("confirmation") or m[0].confirmation_decision
                       for m in members)
    if len(members) > 1:
        inc["note"] = " || ".join(f"[{m[0].key}] {m[1]['note']}" for m in members if m[1]["note"])
        if len(clusters) > 1:
            inc["note"] = (f"[build] {len(clusters)} separate attacks on this site this day, "
                           f"reported in separate rows; counts and casualties add up. || "
                           + inc["note"])
    if len({m[1]["weapon"] for m in members} - {"unknown"}) > 1 and len(clusters) > 1:
        inc["weapon"] = "mixed"
    inc["_sources"] = [s for m in members for s in m[1]["_sources"]] + \
                      [s for m in members for s in m[0].extra_sources]
    inc["_published"] = {m[1]["_sources"][0][0]: m[1]["_published"] for m in members
                         if m[1]["_sources"] and m[1]["_published"]}
    inc["raw_rows"] = LIST_SEPARATOR.join(m[0].key for m in members)
    inc["_checked"] = list(dict.fromkeys(u for m in members for u in m[0].checked_against))
    return inc


def _kind(file: str) -> str:
    return file.split("/", 1)[0]          # reference | seeds | additions


def duplicates_by_default(a: RawRow, b: RawRow, rules: CaseRules | None = None) -> bool:
    """Are two rows with the same date, side and site reports of the *same* attack?

    Rows of one file are separate attacks (each file lists an attack once). The two
    reference files were compiled independently, and so were the additions files and
    the seed coding: across them a shared key means the same attack. The additions
    were coded *against* the reference (their coders skipped attacks already there),
    so an addition sharing a key with a reference row is a further attack that day,
    unless either row's note calls them possibly the same attack (the case's
    ``coding_rules.possible_duplicate`` pattern): then they are one attack.
    """
    if a.file == b.file:
        return False
    kinds = {_kind(a.file), _kind(b.file)}
    if kinds == {"reference", "additions"} and rules is not None and rules.possible_duplicate:
        # a note that calls the two possibly the same attack: never a further attack
        return any(rules.possible_duplicate.search(r.cells.get("note", "")) for r in (a, b))
    return kinds != {"reference", "additions"}


def confirm_strike_rounds(incidents: list[dict], rules: CaseRules) -> None:
    """A strike whose own sources name no official, on a day when the same side's other
    strikes were officially confirmed, is part of that announced round: confirmed, with
    the round's official evidence (and its source) recorded for it.
    Rows coded by hand or curated keep their coding."""
    confirmed = {}
    for inc in incidents:
        if inc["event_type"] == rules.round_type and inc["confirmation"] == "confirmed":
            confirmed.setdefault((inc["date"], inc["side"]), inc)
    for inc in incidents:
        other = confirmed.get((inc["date"], inc["side"]))
        if (inc["event_type"] == rules.round_type and inc["confirmation"] != "confirmed" and other
                and not inc["_hand"]
                and not any(e[1] in ("official", "denial", "unconfirmed") for e in inc["_evidence"])):
            off = next((e for e in other["_evidence"] if e[1] == "official"), None)
            url = off[2] if off else None
            if url:                        # the round's official source supports this strike
                inc["_sources"].append((url, "supporting", ""))
            inc["_evidence"].append((inc["raw_rows"].split(LIST_SEPARATOR)[0], "official", url,
                                     f"same-day strike round ({other['incident_id']})",
                                     "rule: the same side's strike round that day was confirmed "
                                     "officially"))
            inc["confirmation"] = "confirmed"
            inc["confirmation_basis"] = (f"rule: same-day strike round confirmed officially "
                                         f"({other['incident_id']})")


def disputed_notes(incidents: list[dict]) -> None:
    """Rows that officials or the target denied keep ``reported`` and say DISPUTED."""
    for inc in incidents:
        den = next((e for e in inc["_evidence"] if e[1] == "denial"), None)
        if den and "DISPUTED" not in inc["note"] and inc["confirmation_basis"].split(":")[0] in (
                "rule", "coded", "curation") and inc["confirmation"] == "reported":
            inc["note"] = (f"[build] DISPUTED: denied ({den[3]}). || " + inc["note"]).rstrip(" |")


def evidence_records(incidents: list[dict]) -> list[dict]:
    """The long table of what each source carries (``evidence.csv``)."""
    out, seen = [], set()
    for inc in incidents:
        for raw, kind, url, who, how in inc["_evidence"]:
            rec = (inc["incident_id"], raw, kind, source_id(url) if url else "", who, how)
            if rec not in seen:
                seen.add(rec)
                out.append(dict(zip(("incident_id", "raw_row", "kind", "source_id", "who",
                                     "basis"), rec)))
    order = {k: i for i, k in enumerate(EVIDENCE_KINDS)}
    return sorted(out, key=lambda r: (r["incident_id"], r["raw_row"], order[r["kind"]],
                                      r["source_id"], r["who"]))


def resolve_triggers(incidents: list[dict], sites: SiteMatcher) -> None:
    by_date: dict[str, list[dict]] = {}
    for inc in incidents:
        by_date.setdefault(inc["date"], []).append(inc)
    for inc in incidents:
        text = inc.get("retaliation_for_text", "")
        ids = []
        for m in _DATE.finditer(text):
            if re.search(r"since\s*$", text[:m.start()], re.I):
                continue
            d = m.group(1)
            if d > inc["date"]:
                continue
            cands = [o for o in by_date.get(d, []) if o is not inc
                     and o["side"] != inc["side"] and o["target_side"] == inc["side"]]
            named = sites.all_matches(text)
            narrowed = [o for o in cands if o["site_id"] in named] if named else cands
            ids += [o["incident_id"] for o in (narrowed or cands)]
        inc["retaliation_for"] = LIST_SEPARATOR.join(dict.fromkeys(ids))


def build(raw_dir: Path = None, out_dir: Path = None, *, verbose: bool = True) -> dict:
    """Build every case: the default case from ``raw_dir/case.json`` into ``out_dir``,
    each further case ``raw_dir/<case>/case.json`` into ``out_dir/<case>``.
    Returns ``{case: summary}``."""
    raw_dir = Path(raw_dir or paths.RAW)
    out_dir = Path(out_dir or paths.PROCESSED)
    summaries = {}
    cases = [(raw_dir, out_dir)] + [(d, out_dir / d.name) for d in sorted(raw_dir.iterdir())
                                    if (d / "case.json").is_file()]
    for case_raw, case_out in cases:
        rules = CaseRules.read(case_raw / "case.json")
        pipeline = rules.cfg.get("pipeline")
        if pipeline == "source_notes":
            summary = build_source_notes(case_raw, case_out, rules)
        elif pipeline == "tidy":
            summary = build_tidy(case_raw, case_out, rules)
        else:
            raise ValueError(f"{case_raw / 'case.json'}: unknown pipeline {pipeline!r} "
                             "(use 'source_notes' or 'tidy')")
        summaries[rules.name] = summary
        if verbose:
            print(f"build {rules.name}: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    return summaries


def _write_sides(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / "sides.csv"
    if not path.exists():
        raise ValueError(f"{path}: every case declares its sides (side_id, name, color)")
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def build_tidy(raw_dir: Path, out_dir: Path, rules: CaseRules) -> dict:
    """A case whose raw incident table is already in the schema (``incidents.csv``
    with ``sides.csv``, ``sources.csv`` and optionally ``codebook.csv``): validate it
    like :func:`analysis.read_incidents` with the declared sides and sources, and
    write the tables. Rejected rows are listed in ``build_report.csv``."""
    from .data import _read_cells, _read_source
    sides = _write_sides(raw_dir)
    sources = pd.read_csv(raw_dir / "sources.csv", dtype=str, keep_default_na=False)
    codebook = raw_dir / "codebook.csv"
    cells, label, path, lines, probs, delim = _read_source(raw_dir / "incidents.csv",
                                                           max_bytes=None)
    if lines is None:
        lines = list(range(2, len(cells) + 2))
    if "incident_id" not in cells.columns:
        raise ValueError(f"{raw_dir / 'incidents.csv'}: a bundled table needs incident_id")
    kept, rej = _read_cells(cells, label, path=path, lines=lines, row_probs=probs, delim=delim,
                            sides=sides, codebook=codebook if codebook.exists() else None,
                            sources=sources, errors="collect",
                            date_format=rules.cfg.get("date_format"), announce=False,
                            today=rules.cfg.get("as_of"))
    rel = (raw_dir / "incidents.csv").relative_to(raw_dir).as_posix()
    report = [{"raw_file": rel, "raw_line": lines[i], "outcome": "kept",
               "incident_id": iid, "reason": ""}
              for i, iid in zip([i for i in range(len(cells)) if i + 1 not in set(rej["row"])],
                                kept["incident_id"])]
    report += [{"raw_file": rel, "raw_line": r.line or lines[r.row - 1], "outcome": "rejected",
                "incident_id": "", "reason": r.reason} for r in rej.itertuples()]
    report.sort(key=lambda r: r["raw_line"])
    links = []
    for iid, srcs in zip(kept["incident_id"], kept.get("sources", pd.Series(dtype=str))):
        if isinstance(srcs, str):
            for k, sid in enumerate(x.strip() for x in srcs.split(LIST_SEPARATOR) if x.strip()):
                links.append({"incident_id": iid, "source_id": sid,
                              "role": "primary" if k == 0 else "supporting"})
    tables = {
        "incidents": _frame(_records(kept), "incidents"),
        "sides": _frame(sides.to_dict("records"), "sides"),
        "sources": _frame(sources.to_dict("records"), "sources"),
        "incident_sources": _frame(sorted(links, key=lambda x: (x["incident_id"],
                                                                 x["role"] != "primary",
                                                                 x["source_id"])),
                                   "incident_sources"),
        "build_report": _frame(report, "build_report"),
    }
    _check(tables)
    _write(tables, out_dir)
    return {"raw_rows": len(cells), "incidents": len(kept), "rejected": len(rej),
            "sources": len(sources)}


def _records(df: pd.DataFrame) -> list[dict]:
    out = []
    for rec in df.to_dict("records"):
        r = {}
        for k, v in rec.items():
            if isinstance(v, pd.Timestamp):
                v = v.strftime("%Y-%m-%d")
            elif v is pd.NA or v is pd.NaT or (isinstance(v, float) and pd.isna(v)):
                v = None
            r[k] = v
        out.append(r)
    return out


def _write(tables: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_csv(out_dir / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")


def _side_columns_to_roles(inc: dict, fields) -> None:
    """Move the case's side-named casualty figures (``<side>_killed`` ...) of one incident
    to the schema's role columns; a figure of a third side is written into the note."""
    third = []
    for f in fields:
        side, base = f.rsplit("_", 1)
        for suf in ("", "_low", "_high"):
            v = inc.pop(f + suf, None)
            if v is None:
                continue
            if side == inc["target_side"]:
                role = "target"
            elif side == inc["side"]:
                role = "actor"
            else:
                third.append(f"{f + suf} {v}")
                continue
            dest = f"{role}_{base}{suf}"
            if inc.get(dest) is not None:
                raise ValueError(f"{inc['incident_id']}: two side columns give {dest}")
            inc[dest] = v
    if third:
        inc["note"] = (f"[build] figures of a side that is neither actor nor target: "
                       f"{', '.join(third)} || " + inc["note"]).rstrip(" |")


def build_source_notes(raw_dir: Path, out_dir: Path, rules: CaseRules) -> dict:
    """The pipeline of the case study (steps in the module docstring)."""
    rows = read_raw(raw_dir)
    by_key = {r.key: i for i, r in enumerate(rows)}
    gaz = read_gazetteer(raw_dir)
    actors = read_actors(raw_dir)
    sites = SiteMatcher(gaz)

    # 2. curation decisions
    links: list[tuple[int, int]] = []
    for d in read_decisions(raw_dir):
        key = f"{d['raw_file']}:{d['raw_line']}"
        if key not in by_key:
            raise ValueError(f"decisions.csv names {key}, which is not a raw row")
        r = rows[by_key[key]]
        action = d["action"]
        if action == "reject":
            r.outcome, r.reason = "rejected", d["reason"]
        elif action == "set":
            r.decided.add(d["field"])
            if d["field"] in r.cells or d["field"] in ("event_date", "time_local", "source_url",
                                                       "extra_source_urls", "confirmation"):
                r.cells[d["field"]] = d["value"]
            else:
                r.set_after[d["field"]] = d["value"]
            r.reason = (r.reason + "; " if r.reason else "") + f"{d['field']} set: {d['reason']}"
            if d["field"] == "confirmation":
                r.confirmation_reason = d["reason"]
                r.confirmation_decision = (d["value"], d["reason"], d.get("evidence_url", ""))
        elif action == "note":
            r.curation_notes.append(d["value"])
        elif action == "same_as":
            if d["value"] not in by_key:
                raise ValueError(f"decisions.csv: same_as target {d['value']} is not a raw row")
            links.append((by_key[key], by_key[d["value"]]))
        else:
            raise ValueError(f"decisions.csv: unknown action {action!r} for {key}")
        if d.get("evidence_url"):
            r.extra_sources.append((clean_url(d["evidence_url"]), "supporting", ""))

    # second pass: rows found again in a source (curation/second_pass.csv)
    for d in read_second_pass(raw_dir):
        key = f"{d['raw_file']}:{d['raw_line']}"
        if key not in by_key:
            raise ValueError(f"second_pass.csv names {key}, which is not a raw row")
        r = rows[by_key[key]]
        url = clean_url(d["checked_against"])
        r.checked_against.append(url)
        if ("confirmation" in d.get("fields", "").split(";") and d.get("result") in
                ("right", "corrected") and not r.checked_confirmation):
            r.checked_confirmation = url
        # a check that found the trigger right vouches for it; a "corrected" record
        # vouches for nothing it did not set by a decision (its correction may be the
        # trigger's removal)
        if "trigger" in d.get("fields", "").split(";") and d.get("result") == "right":
            r.checked_trigger = True
        r.extra_sources.append((url, "supporting", ""))

    # casualty evidence: rows whose source states there were no casualties
    for d in read_casualty_evidence(raw_dir, rules.casualty_fields):
        key = f"{d['raw_file']}:{d['raw_line']}"
        if key not in by_key:
            raise ValueError(f"casualty_evidence.csv names {key}, which is not a raw row")
        r = rows[by_key[key]]
        url = clean_url(d["source_url"])
        for col in filter(None, d["columns"].split(";")):
            r.none_stated[col] = (url, d.get("note", "") or d["statement"])
        r.extra_sources.append((url, "supporting", ""))

    # 3. normalise
    normed: dict[int, dict] = {}
    for i, r in enumerate(rows):
        if r.outcome == "rejected":
            continue
        try:
            inc = normalise(r, sites, rules)
        except ValueError as e:
            r.outcome, r.reason = "rejected", f"cannot normalise: {e}"
            continue
        for k, v in r.set_after.items():
            inc[k] = parse_int(v) if k in rules.casualty_fields or k.endswith(("_low", "_high")) \
                or k == "n_attacks" else v
            if k == "location":
                inc["site_id"] = sites.match(v, inc["country"])
        if r.curation_notes:
            inc["note"] = " ".join([inc["note"]] + [f"[curation] {n}" for n in r.curation_notes]).strip()
        enforced = apply_coding_rules(r, inc, rules)
        if enforced:
            inc["note"] = (inc["note"] + " " + " ".join(f"[build] {x}" for x in enforced)).strip()
            r.reason = (r.reason + "; " if r.reason else "") + "coding rules: " + "; ".join(enforced)
        inc["target_kind"] = target_kind(inc, sites, rules)
        if not inc["side"]:
            r.outcome, r.reason = "rejected", ("direction 'other' with no coded side: add side, "
                                               "target_side and event_type in decisions.csv")
            continue
        if not inc["_sources"]:
            r.outcome, r.reason = "rejected", "no source URL"
            continue
        normed[i] = inc
        if r.cells.get("same_as"):
            target = r.cells["same_as"]
            if target not in by_key:
                raise ValueError(f"{r.key}: same_as {target} is not a raw row")
            links.append((i, by_key[target]))

    # 4. one incident per side, site and day; duplicates vs separate attacks
    def key_of(i):
        inc = normed[i]
        return (inc["date"], inc["side"], inc["site_id"] or slugify(inc["location"], 8))

    dup = UnionFind(len(rows))            # reports of the same attack
    same = UnionFind(len(rows))           # rows of the same incident
    linked = set()
    for a, b in links:
        if a in normed and b in normed:
            dup.union(a, b)
            same.union(a, b)
            linked.add(a)
    by_key: dict[tuple, list[int]] = {}
    for i in sorted(normed):
        by_key.setdefault(key_of(i), []).append(i)
    for members in by_key.values():
        for x, i in enumerate(members):
            same.union(members[0], i)
            for j in members[:x]:
                if duplicates_by_default(rows[i], rows[j], rules):
                    dup.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in sorted(normed):
        groups.setdefault(same.find(i), []).append(i)

    incidents = []
    for root, members in sorted(groups.items()):
        clusters: dict[int, list[int]] = {}
        for i in members:
            clusters.setdefault(dup.find(i), []).append(i)
        ordered = [clusters[k] for k in sorted(clusters)]
        inc = merge_group([[(rows[i], normed[i]) for i in c] for c in ordered], rules)
        incidents.append(inc)
        for n, c in enumerate(ordered):
            for x, i in enumerate(c):
                if i in linked:
                    rows[i].merge_reason = "same_as link"
                elif n > 0 and x == 0:
                    rows[i].merge_reason = ("a separate attack on the same site the same day; "
                                            "n_attacks and casualties added")
                else:
                    rows[i].merge_reason = "another report of the same attack (same_as link or same site and day in another input file)"

    # 5. ids, coordinates, triggers
    incidents.sort(key=lambda x: (x["date"], x["side"], x["site_id"] or slugify(x["location"]),
                                  x["time_local"] or "99", x["raw_rows"]))
    seen: dict[str, int] = {}
    for inc in incidents:
        base = f"{inc['date'].replace('-', '')}-{inc['side']}-{inc['site_id'] or slugify(inc['location'])}"
        seen[base] = seen.get(base, 0) + 1
        inc["incident_id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
        if inc["site_id"]:
            s = sites.sites.loc[inc["site_id"]]
            inc["latitude"], inc["longitude"] = s.get("latitude", ""), s.get("longitude", "")
            inc["country"] = inc["country"] or s.get("country", "")
            inc["admin1"] = inc["admin1"] or s.get("admin1", "")
        else:
            inc["latitude"] = inc["longitude"] = ""
    resolve_triggers(incidents, sites)
    confirm_strike_rounds(incidents, rules)
    disputed_notes(incidents)
    incident_of = {key: inc for inc in incidents
                   for key in inc["raw_rows"].split(LIST_SEPARATOR)}

    # sources
    sources: dict[str, dict] = {}
    links_out = []
    for inc in incidents:
        ids = []
        for url, role, lang in inc["_sources"]:
            sid = source_id(url)
            if sid not in sources:
                sources[sid] = {"source_id": sid, "url": url,
                                "kind": "seed" if url.startswith("seed:") else "web",
                                "outlet": outlet_of(url), "language": lang or infer_language(url, rules),
                                "published": inc["_published"].get(url, "") or infer_published(url)}
            elif lang and sources[sid]["language"] != lang and role == "primary":
                sources[sid]["language"] = lang
            if sid not in ids:
                ids.append(sid)
                links_out.append({"incident_id": inc["incident_id"], "source_id": sid,
                                  "role": "primary" if not ids[:-1] else "supporting"})
        inc["sources"] = LIST_SEPARATOR.join(ids)
        inc["checked_against"] = LIST_SEPARATOR.join(source_id(u) for u in inc["_checked"])

    # report
    report = []
    for r in rows:
        if r.outcome == "rejected":
            report.append({"raw_file": r.file, "raw_line": r.line, "outcome": "rejected",
                           "incident_id": "", "reason": r.reason})
            continue
        inc = incident_of[r.key]
        iid = inc["incident_id"]
        if inc["raw_rows"].split(LIST_SEPARATOR)[0] == r.key:
            report.append({"raw_file": r.file, "raw_line": r.line, "outcome": "kept",
                           "incident_id": iid, "reason": r.reason})
        else:
            report.append({"raw_file": r.file, "raw_line": r.line, "outcome": "merged",
                           "incident_id": iid,
                           "reason": r.merge_reason + (f"; {r.reason}" if r.reason else "")})

    for inc in incidents:
        _side_columns_to_roles(inc, rules.casualty_fields)
    tables = {
        "incidents": _frame(incidents, "incidents"),
        "sides": _frame(_write_sides(raw_dir).to_dict("records"), "sides"),
        "sources": _frame(sorted(sources.values(), key=lambda s: s["source_id"]), "sources"),
        "incident_sources": _frame(sorted(links_out, key=lambda x: (x["incident_id"], x["role"] != "primary",
                                                                      x["source_id"])), "incident_sources"),
        "sites": _frame(gaz.to_dict("records"), "sites"),
        "actors": _frame(actors.to_dict("records"), "actors"),
        "official_tallies": _frame(read_tallies(raw_dir).to_dict("records"), "official_tallies"),
        "build_report": _frame(report, "build_report"),
        "evidence": _frame(evidence_records(incidents), "evidence"),
    }
    _check(tables)
    _write(tables, out_dir)
    counts = pd.Series([r["outcome"] for r in report]).value_counts().to_dict()
    return {"raw_rows": len(rows), "incidents": len(incidents), **counts,
            "sources": len(sources)}


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if pd.isna(v):
            return ""
        return f"{v:.6f}".rstrip("0").rstrip(".")
    return str(v)


def _frame(records: list[dict], resource: str) -> pd.DataFrame:
    cols = [f["name"] for f in table_schema(resource)["fields"]]
    return pd.DataFrame([{c: _fmt(r.get(c)) for c in cols} for r in records], columns=cols,
                        dtype=object)


def _check(tables: dict) -> None:
    """Validate every table against its schema and every foreign key of the data
    package (and ``retaliation_for`` against the incident ids); raise listing all."""
    from .schema import load_datapackage
    problems = []
    keys = {}
    for r in load_datapackage()["resources"]:
        pk = r["schema"].get("primaryKey")
        if r["name"] in tables and pk and len(pk) == 1:
            keys[r["name"]] = set(tables[r["name"]][pk[0]])
    for name, df in tables.items():
        foreign = {"sources": keys.get("sources", set())} if name == "incidents" else None
        for p in validate_records(df, table_schema(name), foreign=foreign):
            problems.append(f"{name} row {p.row} column {p.column} value {p.value!r}: {p.reason}")
    for r in load_datapackage()["resources"]:
        if r["name"] not in tables:
            continue
        df = tables[r["name"]]
        for fk in r["schema"].get("foreignKeys", []):
            ref = fk["reference"]["resource"]
            if ref not in keys:
                continue
            for col in fk["fields"]:
                for i, v in enumerate(df[col]):
                    if v and v not in keys[ref]:
                        problems.append(f"{r['name']} row {i + 1}: {col} {v} is not in {ref}")
    if "incidents" in tables:
        inc = tables["incidents"]
        for i, rid in enumerate(inc["retaliation_for"]):
            for x in filter(None, rid.split(LIST_SEPARATOR)):
                if x not in keys["incidents"]:
                    problems.append(f"incidents row {i + 1}: retaliation_for {x} is not an incident")
        if "sources" in tables:
            for i, v in enumerate(inc["sources"]):
                if not v:
                    problems.append(f"incidents row {i + 1}: a bundled incident needs a source")
    for name, col in (("incident_sources", "incident_id"), ("build_report", "incident_id"),
                      ("evidence", "incident_id")):
        if name in tables:
            for v in tables[name][col]:
                if v and v not in keys.get("incidents", set()):
                    problems.append(f"{name}: {col} {v} is not an incident")
    if problems:
        raise ValueError("the built tables break the schema:\n  " + "\n  ".join(problems[:50]))


def update_coverage(codebook: Path, out_dir: Path) -> bool:
    """Rewrite the coverage tables of ``codebook`` from the default case built in
    ``out_dir`` (:func:`analysis.data.coverage.update_codebook`); True if it changed."""
    from .data.coverage import update_codebook
    from .schema import validate_frame

    def read(name):
        df = pd.read_csv(out_dir / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
        return validate_frame(df, table_schema(name))[0]
    return update_codebook(codebook, read("incidents"), read("official_tallies"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=paths.RAW)
    ap.add_argument("--out", type=Path, default=paths.PROCESSED)
    ap.add_argument("--codebook", default=None,
                    help="codebook whose coverage tables and counts are rewritten from the "
                         "built default case (default: README.md beside the --out folder, "
                         "i.e. data/README.md; empty: none)")
    args = ap.parse_args(argv)
    build(args.raw, args.out)
    codebook = Path(args.out).parent / "README.md" if args.codebook is None else args.codebook
    if codebook and Path(codebook).is_file():
        changed = update_coverage(Path(codebook), args.out)
        print(f"coverage tables of {codebook}: {'rewritten' if changed else 'current'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
