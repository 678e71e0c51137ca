"""Draft incident rows from an Arabic news report: :func:`code_report`.

The coder is a pipeline of stages with explicit inputs and outputs, each a function:

====  =====================  ===============================  ============================
 #    function               input                            output
====  =====================  ===============================  ============================
1     :func:`read_report`    text or bytes, published, source :class:`Document`
2     :func:`find_mentions`  Document                         :class:`Mentions`
3     :func:`build_frames`   Document, Mentions               list of ``Frame``
4     :func:`cluster_frames` Document, Mentions, frames       list of ``Incident``
5     :func:`draft_incidents` Document, Mentions, incidents   drafts DataFrame
====  =====================  ===============================  ============================

:func:`code_report` runs them in order. The cue words all stages use live in
:mod:`.cues`; actor and place spellings in :mod:`.lexicon` (from the dataset's tables).
The rules of stages 2-5 are methods of one private class that each stage function
instantiates from its arguments.

How it works (all matching on the normalised text, every finding keeps its span):

1. **Mentions.** Dates (:mod:`.dates`), numbers (:mod:`.numbers`), casualty statements
   (:mod:`.casualties`), actors, places, countries, weapons and event triggers
   (:mod:`.lexicon`) are found in the whole text.
2. **Frames.** Each clause (:func:`.segment.clauses`) with an event trigger ("هجوم",
   "غارات", "قصف", "استهدف", "سقوط صواريخ" ...) becomes a frame, unless every trigger in
   it is *generic*: a tally ("16 هجوماً منذ 17 أكتوبر", "12 مرة"), a series ("سلسلة
   هجمات", "هجمات متكررة"), a purpose or threat ("لمهاجمة", "ستتخذ", "تهدد",
   "التحذير من"), a hypothetical ("أي هجمات"), a negation ("لم تشن"). The frame collects
   the mentions nearest to its triggers and decides the acting side from the cues of
   :mod:`.cues`: who is
   the subject of a strike verb, what follows "على"/"ضد"/"تعرضت ... لـ", facilities
   "تابعة لـ" a group, bases that host US forces, nationality adjectives ("قصف أمريكي"),
   whose casualties are counted, and the kind of trigger (an air raid is not a militia
   weapon).
3. **Incidents.** Frames are read in order and merged into incidents: a frame joins an
   earlier incident of the same side when its date and place agree, or when it refers
   back without new date ("الهجوم", "هذه الضربات", "حينها"); otherwise it starts a new
   incident. Dates relative to another event ("بعد يوم واحد من وقوعه") resolve against
   the incident told just before.
4. **Sites** (:mod:`.sites`). The dataset codes one incident per side, site and local
   day, so an incident's places are grouped into distinct sites: each gazetteer
   facility, or town when no base is named; districts of one city are the city,
   localities of one desert area that area (unless the report tells them as separate
   strikes), a base and the town it lies near one site; a place in an origin ("أطلقت من
   ...") or a description of another place is not a site.
5. **Drafts** (:mod:`.drafts`). One draft per site, within each country (a US strike "في
   العراق وسوريا" that names no place gives one country-level draft per country; "في
   الميادين والبوكمال" gives two drafts). Casualty figures the report ties to one site go
   to that site's draft; a figure for the whole round stays in the note unless there is
   only one site; ``n_attacks`` of a strike is the facilities stated for the site, else
   1. The incident of the headline and lead is ``main``, the others ``background``. A
   strike whose actor the report does not state ("غارات مجهولة", "استهدفت طائرة مسيرة
   سيارة", the passive) is ``unattributed`` even where the context points to the US; it
   is ``us`` only when the report attributes it (:mod:`.attribution`).

Scope: only the militia-US dyad is drafted (sides ``militia``, ``iran``, ``us``,
``unattributed``; places in Iraq, Syria, Jordan). Israeli, Russian, Turkish, Syrian or
Jordanian strikes, attacks on Israel or shipping, operations against ISIS, tallies,
threats and plans are listed in ``attrs["skipped"]`` with the reason.

Provenance: for the fields ``date, side, target_side, actor, claimed_by, country,
location, weapon, target_killed, target_wounded, actor_killed, actor_wounded,
confirmation`` the draft has
``<field>_span`` (``(start, end)`` in the *original* text, or None) and
``<field>_confidence`` (0-1); ``drafts.attrs["evidence"]`` lists every piece of evidence
(several per field) as records ``draft_id, field, value, start, end, text,
confidence, rule``; :func:`evidence_table` turns it into a DataFrame.

Where the rules live: they are methods of one private class (``_Extractor``) working on
one document's mention tables, composed of one part per stage: :mod:`.reading` (stage 2,
mentions and the reference date), :mod:`.framing` (stage 3, frames and their dates and
places), :mod:`.roles` (stage 3, actor roles and the acting side), :mod:`.clustering`
(stage 4, incidents); stage 5 (``_Extractor.drafts``) and the public stage functions stay
here. What has a meaning of its own has its module: :mod:`.cues`, :mod:`.lexicon`,
:mod:`.dates`, :mod:`.numbers`, :mod:`.casualties`, :mod:`.segment`, :mod:`.frames`,
:mod:`.sites`, :mod:`.drafts`, :mod:`.context` (what a clause's context contributes:
counted strike rounds, asides), :mod:`.episodes`, :mod:`.acting`, :mod:`.scope`,
:mod:`.fields`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from ..exceptions import warn as _warn, DataWarning, SpecificationError
from ..schema import coerce_table, table_schema
from . import acting, attribution, context, cues, fields, scope
from . import drafts as drafts_mod
from .clustering import _BACKGROUND_KINDS, _ClusterRules
from .dates import parse_published
from .framing import _FrameRules
from .frames import CASUALTY_FIELDS, SCHEMA_COLUMNS, Frame, Incident, source_id_of
from .lexicon import lexicon
from .normalize import arabic_ratio, normalize, repair_text
from .reading import _Doc, _MentionRules
from .roles import _RoleRules
from .segment import segment

__all__ = ["code_report", "evidence_table", "DRAFT_COLUMNS", "PROVENANCE_FIELDS",
           "source_id_of", "MAX_REPORT_CHARS", "read_report", "find_mentions", "build_frames",
           "cluster_frames", "draft_incidents", "Document", "Mentions", "Log"]

#: Fields that carry ``<field>_span`` and ``<field>_confidence`` columns.
PROVENANCE_FIELDS = ("date", "side", "target_side", "actor", "claimed_by", "country",
                     "location", "weapon", *CASUALTY_FIELDS, "confirmation")
#: All columns of the drafts table, in order.
DRAFT_COLUMNS = (["draft_id", "report_role"] + SCHEMA_COLUMNS
                 + [f"{f}_span" for f in PROVENANCE_FIELDS]
                 + [f"{f}_confidence" for f in PROVENANCE_FIELDS]
                 + ["confidence", "snippet", "snippet_span"])


# ---------------------------------------------------------------------------------------
# the extractor
# ---------------------------------------------------------------------------------------
class _Extractor(_MentionRules, _FrameRules, _RoleRules, _ClusterRules):
    """The rules of stages 2-5 over one :class:`Document` (and, after stage 2, its
    :class:`Mentions`); the stage functions (:func:`find_mentions`, :func:`build_frames`,
    :func:`cluster_frames`, :func:`draft_incidents`) make one for the stage they run, so
    everything a stage needs comes in through its arguments."""

    def __init__(self, doc: "Document", mentions: "Mentions | None" = None):
        self.lex = lexicon()
        self.norm = doc.norm
        self.sents = doc.sents
        self.doc = _Doc(self.norm, self.sents)
        self.published = doc.published
        self.source = doc.source
        self.notes: list[str] = doc.log.notes
        self.skipped: list[dict] = doc.log.skipped
        self.trace: list[dict] = doc.log.trace
        if mentions is not None:
            for name in ("numbers", "dates", "casualties", "times", "actors", "places",
                         "countries", "weapons", "triggers"):
                setattr(self, name, getattr(mentions, name))
            self.default_year = mentions.default_year

    @classmethod
    def of(cls, doc: "Document", mentions: "Mentions | None" = None) -> "_Extractor":
        return cls(doc, mentions)

    # -- drafts ----------------------------------------------------------------------------
    def drafts(self, incidents, ref):
        """Stage 5 (clusters -> drafts). One row per incident and site
        (:func:`.drafts.rows_for`), the lead's incident ``main``, retaliation links from
        reason clauses; undated incidents are skipped with the reason. Returns
        ``(row, evidence, incident, role, frames)`` tuples."""
        rows = []
        self.incidents = incidents      # (the weapon of "a similar attack": constructs)
        attribution.settle_unstated_actor(self, incidents)   # not inferred: unattributed
        lead_incidents = [i for i in incidents if any((f.sent.lead or f.sent.title)
                                                      and f.kind not in _BACKGROUND_KINDS
                                                      for f in i.frames)]
        if not lead_incidents and incidents:
            lead_incidents = [max(incidents, key=lambda i: (len(i.frames), -i.cid))]
            # the lead told a round only in general ("تعرضت قواتها اليوم لهجمات جديدة") and
            # the next sentences its items: the items of that day told with it are main too
            lead_incidents += fields.items_of_the_lead_round(incidents, lead_incidents[0])
        # retaliation links: a reason clause in the same sentence as the main clause
        retal = {}
        for inc in incidents:
            for f in inc.frames:
                if f.kind != "reason":
                    continue
                for other in incidents:
                    if other is inc:
                        continue
                    if any(g.sent.index == f.sent.index and g.kind == "main" for g in other.frames):
                        retal.setdefault(other.cid, inc)
        for inc in incidents:
            d = inc.date
            if d is None:
                f0 = inc.frames[0]
                self.skipped.append(self._skip_record(f0.start, f0.end,
                                                      "incident without a date that can be resolved"
                                                      + ("" if ref else " (pass published=)")))
                continue
            why = scope.out_of_pair(inc, self) or (
                "fire told as part of an exercise, not a strike" if scope.exercise(self, inc)
                else None)
            if why:
                f0 = inc.frames[0]
                self.skipped.append(self._skip_record(f0.start, f0.end, why))
                continue
            role = "main" if inc in lead_incidents else "background"
            context.continuation_country(inc, incidents)
            context.identified_site(self, inc, incidents)
            for row in drafts_mod.rows_for(self, inc, d, role, retal.get(inc.cid)):
                r = row[0]
                if not r.get("country") and not r.get("site_id"):
                    # "ضربت الولايات المتحدة أكثر من 80 هدفاً لجماعات مسلحة": no place and
                    # no country, nothing a dataset row can be placed at
                    f0 = inc.frames[0]
                    self.skipped.append(self._skip_record(
                        f0.start, f0.end, "no site and no country: the report does not say "
                                          "where it happened"))
                    continue
                key = (r.get("side"), str(r.get("date")), r.get("country"), r.get("site_id"))
                if r.get("site_id") and any(
                        x[2] is not inc and (x[0].get("side"), str(x[0].get("date")),
                                             x[0].get("country"), x[0].get("site_id")) == key
                        for x in rows):
                    # two incidents told apart by the clauses but one side, site and day:
                    # one incident of the dataset (the first told keeps the draft)
                    f0 = inc.frames[0]
                    self.skipped.append(self._skip_record(
                        f0.start, f0.end, "same side, site and day as an incident drafted "
                                          "before: one incident"))
                    continue
                rows.append(row)
        t = self.doc.text

        def told_as_earlier(inc):
            # "يذكر أن المقاومة تبنت، السبت، ...": an earlier incident recalled, no twin
            dated = [g for g in inc.frames if g.date is not None]
            return bool(dated) and all(cues.BACKGROUND_CUE.search(
                t, g.sent.start, min(g.sent.end, g.sent.start + 12)) for g in dated)

        for x in acting.default_dated_twins([x for x in rows if not told_as_earlier(x[2])]):
            f0 = x[2].frames[0]
            self.skipped.append(self._skip_record(
                f0.start, f0.end, "dated only by the publication day, a day from the same "
                                  "side's incident at the same site: one incident"))
            rows.remove(x)
        for x in acting.same_toll_twins(rows):
            f0 = x[2].frames[0]
            self.skipped.append(self._skip_record(
                f0.start, f0.end, "the same toll a day from the same side's incident at the "
                                  "same site: one incident told twice"))
            rows.remove(x)
        return rows

# ---------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------
def _empty(reason: str, **attrs) -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series([], dtype=object) for c in DRAFT_COLUMNS})
    df = _typed(df)
    df.attrs.update({"reason": reason, "evidence": [], "skipped": [], "notes": []})
    df.attrs.update(attrs)
    return df


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    schema = table_schema("incidents")
    cols = [c for c in df.columns]
    schema_cols = [f["name"] for f in schema["fields"]]
    typed = coerce_table(df[[c for c in cols if c in schema_cols]].astype(object), schema)
    out = df.copy()
    for c in typed.columns:
        out[c] = typed[c]
    for f in PROVENANCE_FIELDS:
        out[f"{f}_confidence"] = pd.to_numeric(out[f"{f}_confidence"], errors="coerce").astype("float64")
    out["confidence"] = pd.to_numeric(out["confidence"], errors="coerce").astype("float64")
    return out


def _slug(s: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return "-".join(s.split("-")[:4]) or "unknown"


#: Longest report :func:`code_report` reads by default (characters); a news report is a
#: few thousand, a long page with comments some tens of thousands.
MAX_REPORT_CHARS = 100_000


def code_report(text, published=None, source=None, *, max_chars: int = MAX_REPORT_CHARS
                ) -> pd.DataFrame:
    """Draft incident rows from one Arabic news report.

    Parameters
    ----------
    text : str or bytes
        The report. Bytes are decoded as UTF-8 (else Windows-1256); text damaged by a
        wrong decoding ("Ø§Ù„...") is repaired (a :class:`~analysis.DataWarning` says so).
    published : date, datetime, Timestamp or "YYYY-MM-DD", optional
        Publication date, the reference for relative dates ("أمس", "الأحد الماضي",
        "الشهر الفائت") and for dates without a year. If omitted, the first full date in
        the opening sentences is used, else the latest full date in the text; a
        :class:`~analysis.DataWarning` (and ``drafts.attrs["notes"]``) says which, or that
        there is none (then relative dates cannot be resolved).
    source : str, optional
        The report's URL (or ``seed:<file name>``); the drafts' ``sources`` column holds
        its id (:func:`source_id_of`, the dataset's convention).
    max_chars : int, default ``MAX_REPORT_CHARS`` (100,000)
        Longest text accepted; a longer one is refused (the coder is written for one
        report at a time and its time grows with the text).

    Returns
    -------
    DataFrame
        One row per incident and site the report tells (a country where it names no
        site is one row; see :mod:`analysis.coding.sites`), with the incident schema's
        columns (``date`` as datetime, counts as nullable integers), plus
        ``draft_id``, ``report_role`` (``main`` for the incident of the headline/lead,
        ``background`` for older incidents it recounts), ``<field>_span`` (start, end
        in ``text``) and ``<field>_confidence`` for the fields in
        :data:`PROVENANCE_FIELDS`, an overall ``confidence``, and ``snippet`` (the
        sentence that introduced the incident, or, for an incident with several sites,
        the first sentence naming this site) with its ``snippet_span``.
        ``attrs``: ``reason`` (None, or why there are no drafts), ``evidence`` (every
        piece of evidence, see :func:`evidence_table`), ``skipped`` (passages with
        attack words that were not drafted, and why), ``notes`` (decoding repairs,
        ignored non-Arabic lines, date assumptions), ``published``, ``source``,
        ``source_id`` and ``text``.

    Raises
    ------
    SpecificationError
        ``text`` is not a string or bytes, is longer than ``max_chars``, or is bytes that
        look like UTF-16 but do not decode; ``published`` is not a date, is NaT/NaN, or
        lies before 1900 or more than a year ahead.

    Warns
    -----
    DataWarning
        ``published`` is in the future; the text's encoding was repaired (UTF-16,
        Windows-1256, mojibake, HTML character references).

    Examples
    --------
    >>> from analysis import code_report
    >>> drafts = code_report("قصفت طائرات أمريكية فجر اليوم مواقع لكتائب حزب الله في "
    ...                      "منطقة القائم غربي العراق.", published="2024-02-03")
    >>> drafts[["date", "side", "country", "site_id", "weapon"]]   # doctest: +SKIP
    """
    doc = read_report(text, published, source, max_chars=max_chars)
    base = doc.attrs()
    if doc.reason:
        return _empty(doc.reason, **base)
    mentions = find_mentions(doc)
    frames = build_frames(doc, mentions)
    incidents = cluster_frames(doc, mentions, frames)
    return draft_incidents(doc, mentions, incidents)


@dataclass
class Log:
    """What a run records besides the drafts: ``notes`` (decoding repairs, date
    assumptions), ``skipped`` (passages with attack words not drafted, with the reason),
    ``trace`` (one record per frame: its side, date, places and what the clustering did)."""

    notes: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    trace: list = field(default_factory=list)


@dataclass
class Document:
    """Stage 1 output (:func:`read_report`): the report decoded, repaired and normalised.

    ``text`` is the repaired original (the drafts' spans point into it), ``norm`` the
    normalised text with its map back to ``text``, ``sents`` its sentences (headline,
    lead, Arabic or not), ``published`` the publication date given (or None), ``reason``
    why nothing can be coded (empty, no Arabic), else None; ``log`` collects the notes,
    skipped passages and trace of the later stages."""

    text: str
    norm: object
    sents: list
    published: dt.date | None
    source: str | None
    reason: str | None = None
    log: Log = field(default_factory=Log)

    def attrs(self) -> dict:
        return {"published": self.published.isoformat() if self.published else None,
                "source": self.source, "source_id": source_id_of(self.source) if self.source
                else None, "text": self.text, "notes": self.log.notes}


@dataclass
class Mentions:
    """Stage 2 output (:func:`find_mentions`): every dated, numbered or named thing of the
    normalised text, each with its span: ``numbers``, ``dates``, ``casualties``, ``times``,
    ``actors``, ``places``, ``countries``, ``weapons``, ``triggers``; and the date relative
    expressions resolve against (``reference``) and the year of dates without one
    (``default_year``)."""

    numbers: list
    dates: list
    casualties: list
    times: list
    actors: list
    places: list
    countries: list
    weapons: list
    triggers: list
    reference: dt.date | None
    default_year: int | None


def read_report(text, published=None, source=None, *, max_chars: int = MAX_REPORT_CHARS
                ) -> Document:
    """Stage 1 (text -> normalised document): check the arguments (size, publication date,
    source), decode bytes and repair the text (:func:`.normalize.repair_text`, each repair
    a :class:`~analysis.DataWarning`), normalise it and split it into sentences
    (:func:`.segment.segment`). ``Document.reason`` says when there is nothing to code."""
    if text is None or not isinstance(text, (str, bytes, bytearray)):
        raise SpecificationError(
            f"text must be the report as a str (or bytes), got {type(text).__name__}; "
            "read the file first, e.g. Path('report.txt').read_text(encoding='utf-8')")
    if not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 1:
        raise SpecificationError(f"max_chars must be a positive integer, got {max_chars!r}")
    size = len(text) if isinstance(text, str) else len(text) // 2
    if size > max_chars:
        raise SpecificationError(
            f"the report has {size:,} characters, more than max_chars={max_chars:,} (a news "
            "report is a few thousand): pass one report at a time, or raise max_chars= "
            "knowingly (the coder reads about 5,000-8,000 characters a second; see "
            "benchmarks/bench_code_report.py)")
    try:
        pub = parse_published(published)
    except ValueError as e:
        raise SpecificationError(str(e)) from None
    if pub is not None and pub > dt.date.today():
        _warn(f"code_report: published {pub.isoformat()} is in the future; relative "
              "dates ('yesterday', 'last Sunday') are resolved against it",
              DataWarning)
    if source is not None and not isinstance(source, str):
        raise SpecificationError(f"source must be a URL string or None, got {type(source).__name__}")
    try:
        text, repairs = repair_text(text)
    except ValueError as e:
        raise SpecificationError(str(e)) from None
    if len(text) > max_chars:
        raise SpecificationError(
            f"the report has {len(text):,} characters, more than max_chars={max_chars:,}: "
            "pass one report at a time, or raise max_chars= knowingly")
    for r in repairs:
        _warn(f"code_report: {r}", DataWarning)
    log = Log(notes=list(repairs))
    if not text.strip():
        return Document(text, None, [], pub, source, "empty text: nothing to code", log)
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return Document(text, None, [], pub, source,
                        "no words in the text (only digits, punctuation or symbols)", log)
    if arabic_ratio(text) == 0:
        latin = sum(1 for c in letters if c.isascii())
        what = "Latin script (English or another European language)" if latin / len(letters) > 0.5 \
            else "a non-Arabic script"
        return Document(text, None, [], pub, source, f"no Arabic text: the report is in {what}; "
                        "code_report reads Arabic reports only", log)
    norm = normalize(text)
    sents = segment(norm.text)
    if not any(s.arabic for s in sents):
        return Document(text, norm, sents, pub, source,
                        "no Arabic sentences: the text is mostly in another language or script", log)
    non_ar = [s for s in sents if not s.arabic]
    if non_ar:
        log.notes.append(f"{len(non_ar)} line(s) or sentence(s) ignored: not Arabic (quoted "
                         "English posts, links), a repeated headline, or related-article links")
    return Document(text, norm, sents, pub, source, None, log)


def find_mentions(doc: Document) -> Mentions:
    """Stage 2 (normalised document -> mentions): see :meth:`_Extractor.find_mentions`
    and :meth:`_Extractor.reference_date`. Without a publication date it warns which
    reference date it inferred, or that there is none."""
    ex = _Extractor.of(doc)
    ex.find_mentions()
    ref = ex.reference_date()
    if doc.published is None:
        # say it where it is seen, not only in attrs["notes"]
        _warn(f"code_report: {doc.log.notes[-1]}", DataWarning)
    years = [d.year for d in ex.dates if d.year and d.kind == "full"]
    return Mentions(ex.numbers, ex.dates, ex.casualties, ex.times, ex.actors, ex.places,
                    ex.countries, ex.weapons, ex.triggers, ref, max(years) if years else None)


def build_frames(doc: Document, mentions: Mentions) -> list[Frame]:
    """Stage 3 (mentions -> frames): see :meth:`_Extractor.build_frames`."""
    return _Extractor.of(doc, mentions).build_frames()


def cluster_frames(doc: Document, mentions: Mentions, frames: list[Frame]) -> list[Incident]:
    """Stage 4 (frames -> clusters): the frames merged into incidents
    (:meth:`_Extractor.cluster`), casualty-only sentences and sentences that only place an
    incident attached to it. The frames are completed in place (dates, places, sides)."""
    ex = _Extractor.of(doc, mentions)
    incidents = ex.cluster(frames, mentions.reference)
    ex.attach_orphan_casualties(incidents)
    fields.casualties_before_their_cause(ex, incidents)
    ex.attach_site_sentences(incidents)
    return incidents


def draft_incidents(doc: Document, mentions: Mentions, incidents: list[Incident]
                    ) -> pd.DataFrame:
    """Stage 5 (clusters -> drafts): one row per incident and site with provenance (the
    table :func:`code_report` returns, see there)."""
    ex = _Extractor.of(doc, mentions)
    rows = ex.drafts(incidents, mentions.reference)
    base = doc.attrs()
    base["skipped"] = doc.log.skipped
    base["trace"] = doc.log.trace
    if not rows:
        why = "no incident found: the report has no attack or strike on US forces or " \
              "Iran-aligned groups with a place and date that could be drafted"
        if doc.log.skipped:
            why += (f" ({len(doc.log.skipped)} passage(s) with attack words skipped; see "
                    "attrs['skipped'])")
        if not mentions.triggers:
            why = "no incident found: the report mentions no attack, strike or shelling"
        return _empty(why, **base)
    text = doc.text
    records, evidence = [], []
    ids: dict[str, int] = {}
    for k, (row, ev, inc, role, frames_) in enumerate(rows, start=1):
        did = f"d{k}"
        slug = row["site_id"] or (_slug(row["country"]) if row["country"] else "unknown")
        iid = f"{row['date'].replace('-', '')}-{row['side']}-{slug}"
        n = ids.get(iid, 0) + 1
        ids[iid] = n
        row["incident_id"] = iid if n == 1 else f"{iid}-{n}"
        rec = {"draft_id": did, "report_role": role, **row}
        confs = []
        for f in PROVENANCE_FIELDS:
            es = ev.get(f, [])
            if es:
                e0 = max(es, key=lambda e: e.confidence)
                rec[f"{f}_span"] = ex.doc.orig(e0.start, e0.end)
                rec[f"{f}_confidence"] = e0.confidence
            else:
                rec[f"{f}_span"] = None
                rec[f"{f}_confidence"] = None if row.get(f) is None else 0.3
            if f in ("date", "side", "country", "weapon") and rec[f"{f}_confidence"] is not None:
                confs.append(rec[f"{f}_confidence"])
        rec["confidence"] = round(sum(confs) / len(confs), 2) if confs else None
        f0 = frames_[0]
        a, b = ex.doc.orig(f0.sent.start, f0.sent.end)
        rec["snippet"] = text[a:b].strip()
        rec["snippet_span"] = (a, b)
        records.append(rec)
        for fname, es in ev.items():
            for e in es:
                a, b = ex.doc.orig(e.start, e.end)
                evidence.append({"draft_id": did, "field": fname, "value": e.value, "start": a,
                                 "end": b, "text": text[a:b], "confidence": e.confidence,
                                 "rule": e.rule})
    df = pd.DataFrame(records, columns=DRAFT_COLUMNS)
    df = _typed(df)
    df.attrs.update(base)
    df.attrs["reason"] = None
    df.attrs["evidence"] = evidence
    return df


def evidence_table(drafts: pd.DataFrame) -> pd.DataFrame:
    """The evidence behind a drafts table as a long DataFrame: one row per piece of
    evidence with ``draft_id, field, value, start, end, text, confidence, rule``."""
    cols = ["draft_id", "field", "value", "start", "end", "text", "confidence", "rule"]
    return pd.DataFrame(drafts.attrs.get("evidence", []), columns=cols)
