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
   strike with no named actor ("غارات مجهولة") is ``unattributed`` unless the report
   attributes it elsewhere.

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

Why one module of more than 800 lines: it holds one concept, the coder's decision rules
that turn mentions into frames, incidents and drafts. They are methods of one private
class (``_Extractor``) working on one document's mention tables, which Python cannot
spread over several files without mixins. What has a meaning of its own already has its
module: :mod:`.cues`, :mod:`.lexicon`, :mod:`.dates`, :mod:`.numbers`,
:mod:`.casualties`, :mod:`.segment`, :mod:`.frames`, :mod:`.sites`, :mod:`.drafts`,
:mod:`.context` (what a clause's context contributes: counted strike rounds, asides).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import warnings
from dataclasses import dataclass, field, replace

import pandas as pd

from ..exceptions import warn as _warn, DataWarning, SpecificationError
from ..schema import coerce_table, table_schema
from . import acting, context, cues, episodes, fields, scope
from . import drafts as drafts_mod
from .casualties import find_casualties
from .dates import DateMention, find_dates, parse_published, resolve
from .frames import CASUALTY_FIELDS, SCHEMA_COLUMNS, Ev, Frame, Incident, opposite, source_id_of
from .lexicon import (AGENT_SIDE, ATTACKING_SIDES, DYAD_SIDES, IRAN, MILITIA, STRIKING_SIDES,
                      UNATTRIBUTED, US, Mention, lexicon)
from .normalize import arabic_ratio, norm_pattern, normalize, repair_text
from .numbers import find_numbers
from .segment import clauses, segment

from . import sites as sites_mod
from .sites import FACILITY_KINDS

#: the actor id of ISIS in the actor table (the bare "التنظيم" of a report naming it)
_ISIS = "islamic-state"

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
# helpers
# ---------------------------------------------------------------------------------------
class _Doc:
    """The normalised text with token positions and all mentions."""

    def __init__(self, norm, sentences):
        self.norm = norm
        self.text = norm.text
        self.sents = sentences
        self.tok_starts = [m.start() for m in re.finditer(r"[\w\u0621-\u064a]+", self.text)]

    def tok(self, pos: int) -> int:
        return bisect.bisect_right(self.tok_starts, pos) - 1

    def dist(self, a: int, b: int) -> int:
        return abs(self.tok(a) - self.tok(b))

    def orig(self, s: int, e: int) -> tuple[int, int]:
        return self.norm.span(s, e)

    def orig_text(self, s: int, e: int) -> str:
        a, b = self.orig(s, e)
        return self.norm.original[a:b]


def _resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the longest of overlapping actor/place/country mentions."""
    chosen: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= o.start or m.start >= o.end for o in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def _in(m, s, e):
    return s <= m.start and m.end <= e


# ---------------------------------------------------------------------------------------
# the extractor
# ---------------------------------------------------------------------------------------
#: An actor's role from the words before it, then (after the syntactic rules) from the
#: words after it: (cue, role, rule), the first that matches decides.
# "X في محافظة Y", "X بمدينة Y": the gap between a place and the place it is said to lie in
_PLACED_IN = re.compile(norm_pattern(r"\s*[,،]?\s*(?:في|ب|داخل|ضمن)\s*(?P<gov>(?:ال)?محافظة\s*)?"
                                     r"(?:(?:ال)?(?:مدينة|قضاء|ناحية)\s*)?"))
_COMMA = re.compile(r"[,،]")
_BACKGROUND_KINDS = context.BACKGROUND_KINDS
_SEVERAL_COUNTRIES = "attacks in several countries told together"
_PREP_BEFORE = re.compile(norm_pattern(r"(?<![\w])(?:في|فى|قرب|داخل|من|على|إلى|عن|ضد|نحو|باتجاه)\s+(?:ال)?(?:منطقة\s+|مدينة\s+)?$"))
_ROLE_BEFORE = (
    (cues.ACCUSER_BEFORE, "neutral", "subject of 'accused' (the accuser)"),
    (cues.INVOLVED_BEFORE, "agent", "named as involved in or accused of the attack"),
    (cues.TARGET_BEFORE, "target", "object of 'على/ضد/استهداف'"),
    (cues.FACILITY_OF, "target", "facilities belonging to / used by"),
)
_ROLE_AFTER = (
    (cues.AGENT_AFTER, "agent", "said it carried out the attack"),
    (cues.RESPONSIBLE_AFTER, "agent", "named as responsible"),
    (cues.AGENT_VERB_AFTER, "agent", "subject before the strike verb"),
    (cues.STATEMENT_CLAIM_AFTER, "agent", "announced the attack in a statement"),
)


class _Extractor:
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

    # -- mentions ------------------------------------------------------------------------
    def find_mentions(self):
        """Stage 2 (normalised document -> mentions). Reads ``self.doc`` (normalised text,
        sentences); sets ``self.numbers``, ``dates``, ``casualties``, ``times``, ``actors``,
        ``places``, ``countries``, ``weapons``, ``triggers`` (each a sorted list of
        :class:`~analysis.coding.lexicon.Mention`-like records with spans), overlaps resolved
        longest-first."""
        t = self.doc.text
        ar = [(s.start, s.end) for s in self.sents if s.arabic]

        def keep(ms):
            def span(m):
                return (m.start(), m.end()) if isinstance(m, re.Match) else (m.start, m.end)
            return [m for m in ms if any(a <= span(m)[0] and span(m)[1] <= b for a, b in ar)]

        ents = _resolve_overlaps(self.lex.find_actors(t) + self.lex.find_places(t)
                                 + self.lex.find_countries(t))
        self.actors = keep([m for m in ents if m.cat == "actor"])
        self.actors = sorted(self.actors + keep(self._the_organisation(t)), key=lambda m: m.start)
        self.places = keep([m for m in ents if m.cat == "place"])
        self.places = sorted(self.places + keep(context.dual_places(self.lex, t, self.places)),
                             key=lambda m: m.start)
        self.countries = keep([m for m in ents if m.cat == "country"])
        self.places = [p for p in self.places if not self._placed_elsewhere(p)
                       and not scope.in_outlet_name(t, p)
                       and not scope.dateline_place(t, self.sents, self.places, p)]
        self.weapons = keep(self.lex.find_weapons(t))
        self.triggers = keep(self.lex.find_triggers(t))
        self.numbers = find_numbers(t)
        self.dates = keep(find_dates(t))
        self.casualties = [self._owner_group(c) for c in keep(find_casualties(t, self.numbers))]
        self.times = keep([m for m in cues.TIME.finditer(t)
                           if (m.group("ap") or cues.HOUR_WORD_BEFORE.search(t[max(0, m.start() - 10):m.start()]))
                           and 0 <= int(m.group("h")) <= 24 and int(m.group("m")) < 60])

    def _the_organisation(self, t):
        """"شن الجيش الأمريكي ضربات على معاقل التنظيم": in a report that names ISIS, the
        bare "التنظيم" (no name after it) is ISIS, the organisation told of."""
        if not any(a.key == _ISIS for a in self.actors) or _ISIS not in self.lex.actors:
            return []
        taken = [(a.start, a.end) for a in self.actors]
        return [Mention(m.start(), m.end(), "actor", _ISIS, self.lex.actors[_ISIS], m.group(0))
                for m in cues.THE_ORGANISATION.finditer(t)
                if not any(s_ < m.end() and m.start() < e for s_, e in taken)]

    def _placed_elsewhere(self, p) -> bool:
        """"منطقة الحيدرية في محافظة النجف": a name the lexicon places in one country (or
        governorate) that the sentence says lies in a place of another is a different place
        of the same name, not the lexicon's."""
        t = self.doc.text
        nxt = min((q for q in self.places + self.countries if q.start >= p.end),
                  key=lambda q: q.start, default=None)
        if nxt is None:
            return False
        qs = nxt.start - len(nxt.info.get("clitic", ""))
        m = _PLACED_IN.match(t, p.end, max(p.end, qs))
        if m is None or m.end() != max(p.end, qs):
            return False
        pc, qc = p.info.get("country"), nxt.info.get("country")
        if pc and qc and pc != qc:
            return True
        pa, qa = p.info.get("admin1"), nxt.info.get("admin1")
        return bool(m.group("gov") and pa and qa and pa != qa and nxt.cat == "place"
                    and sites_mod.is_admin(nxt.info))

    def _owner_group(self, c):
        """"أعلن الجيش الأميركي مقتل 3 من عناصره": members with a possessive pronoun belong
        to the nearest actor named before them in the same sentence (the pronoun's
        referent); unresolved, they stay unassigned rather than default to the militia."""
        if c.group != "own":
            return c
        sent = next((s for s in self.sents if s.start <= c.start < s.end), None)
        lo = sent.start if sent is not None else 0
        before = [a for a in self.actors if lo <= a.start and a.end <= c.start]
        side = before[-1].info.get("side") if before else None
        return replace(c, group=side if side in DYAD_SIDES else "")

    # -- reference date --------------------------------------------------------------------
    def reference_date(self):
        """The date relative expressions resolve against: ``published``, else the first
        full date of the opening sentences, else the latest full date in the text, else the
        latest date of an embedded post; None (and a note) when there is none."""
        if self.published is not None:
            return self.published
        ref = None
        lines = [d for d in self.dates if self._is_dateline(d) and d.year and d.day]
        for d in lines + self.dates:
            if d.kind == "full" and d.year and d.day and not d.range:
                sent = next((s for s in self.sents if s.start <= d.start < s.end), None)
                if sent is not None and sent.index <= 3:
                    ref = dt.date(d.year, d.month, d.day)
                    break
        if ref is None:
            # a full date anywhere in the text: the report is no older than the latest one
            full = [dt.date(d.year, d.month, d.day) for d in self.dates
                    if d.kind == "full" and d.year and d.day and not d.range]
            if full:
                ref = max(full)
        if ref is None:
            # dates of embedded posts ("— CENTCOM (@CENTCOM) February 2, 2024"): the report
            # is no older than the latest of them
            en = [dt.date(int(m.group(3)), cues.EN_MONTHS[m.group(1)[:3]], int(m.group(2)))
                  for m in cues.EN_DATE.finditer(self.doc.text)
                  if 1 <= int(m.group(2)) <= 31]
            if en:
                ref = max(en)
        if ref is None:
            self.notes.append("no publication date given and none found in the first sentences: "
                              "relative dates (أمس, الأحد الماضي, ...) cannot be resolved; pass "
                              "published=")
            return None
        # "أمس السبت" while the dateline is a Saturday: the report was published a day later
        for d in self.dates:
            if d.kind == "weekday" and d.offset == -1 and d.weekday == ref.weekday():
                ref = ref + dt.timedelta(days=1)
                break
        self.notes.append(f"no publication date given: relative dates were resolved against "
                          f"{ref.isoformat()}, inferred from the first full date in the report; "
                          "pass published= for reliable dates")
        return ref

    # -- frames ----------------------------------------------------------------------------
    def _generic_reason(self, trig: Mention, clause_start: int, clause_end: int,
                        range_in_clause: bool, dated: bool = False) -> str:
        t = self.doc.text
        pre = trig.info["prefix"]
        tstart = trig.start - len(pre)
        before = t[max(clause_start, tstart - 60):tstart]
        after = t[trig.end:min(clause_end, trig.end + 40)]
        answered = bool(cues.ANSWER_ON_BEFORE.search(before))
        if scope.anniversary(self, trig, clause_start):
            return "recalled by a commemoration ('ذكرى ...'), not an event of the report's day"
        why = scope.not_the_act(self, trig, clause_start, clause_end)
        if why:
            return why
        if trig.key in ("suqut", "saqatat", "fell") and cues.DEPOT_BLAST.search(
                t, clause_start, tstart):
            return "munitions thrown out by an arms depot's explosion, not fire at it"
        if (scope.modal_before(before) and not answered) or cues.ANY_WORD.search(trig.text):
            # (not "تستعد لرد واسع على هجوم الأحد": the response is planned, the attack
            # it answers happened)
            # "ضرب أي أهداف في سورية": "any" inside the trigger is a hypothetical too
            return "threat, plan or hypothetical"
        if trig.info["plural"] and episodes.last_of_series(self, trig, clause_start, clause_end):
            return ""                      # "لهجمات ... كان آخرها في 20 كانون الثاني"
        if trig.info["plural"] and cues.HABITUAL.search(t, clause_start, tstart):
            return "habitual: attacks in general ('ودائما ما تتعرض ... لهجمات')"
        if cues.NEG_BEFORE.search(before):
            return "negated"
        if cues.COPULA_BEFORE.search(before):
            # "ضرب أي أهداف في سورية هو استهداف للمحور": a definition, not an event
            return "characterisation ('هو استهداف ...'), not an event"
        gm = cues.GENERIC_BEFORE.search(before)
        if gm and (trig.info["plural"] or not cues.CONDEMN.fullmatch(gm.group(0).strip())):
            if not (dated and cues.SERIES.search(gm.group(0))):
                return "generic or aggregate mention"
        ga = cues.GENERIC_AFTER.search(after)
        if ga and cues.ANOTHER.fullmatch(ga.group(0)) and (
                not trig.info["plural"]
                or cues.HIT_VERB_BEFORE.search(before)
                or cues.HIT_VERB_AFTER.match(after[ga.end():])):
            # "هجمات أخرى" is generic; "غارة أخرى" or "استهدفت غارات أخرى ..." is one more
            # strike told with its own place
            ga = None
        if ga:
            return "generic or aggregate mention"
        if trig.key in ("istihdaf", "hajama_v") and pre.lstrip("وف") == "ل" and not cues.EXPOSED_TO_BEFORE.search(before):
            if trig.key == "hajama_v" or cues.PURPOSE_BEFORE.search(before):
                return "purpose (to attack), not an event"
        # a count right before the trigger: "16 هجوماً", "78 هجوماً", "خمس هجمات"
        num = None
        for n in self.numbers:
            if n.end <= trig.start and self.doc.tok(trig.start) - self.doc.tok(n.start) <= 1 \
                    and n.start >= clause_start \
                    and not any(d.start <= n.start < d.end for d in self.dates):
                num = n
        if num is not None and (num.value or num.low or 0) >= 2 and trig.key in cues.COUNTABLE:
            if range_in_clause or num.approx or (
                    (num.value or 0) >= 5
                    and not context.strike_round(self, trig, num, clause_start, clause_end)):
                return "tally of several attacks"
        if range_in_clause and trig.info["plural"]:
            return "attacks over a period (since ...)"
        if cues.COUNT_TIMES.search(t[trig.end:min(clause_end, trig.end + 80)]) and \
                cues.N_TIMES.search(t[trig.end:clause_end]) \
                and not episodes.last_of_series(self, trig, clause_start, clause_end):
            # (not "استهدفت ... القاعدة مرات عدة، آخرها في 20 يناير": the last one)
            return "tally (N times)"
        return ""

    def build_frames(self):
        """Stage 3 (mentions -> frames). One :class:`~analysis.coding.frames.Frame` per
        clause with an event trigger, with the mentions nearest its triggers; clauses whose
        triggers are all generic (tallies, threats, negations, habitual) are frames marked
        ``generic`` (the clustering skips them and records why). Returns the frames in text
        order."""
        frames = []
        order = 0
        for sent in self.sents:
            if not sent.arabic:
                continue
            if len(self.doc.text[sent.start:sent.end].split()) <= 1:
                # a one-word line ("قصف" under a picture): a caption or a label, no event
                continue
            if any(a <= sent.start and sent.end <= b + 1 for a, b in scope.furniture_spans(self)):
                continue                   # "آخر الأخبار": the page's list of other stories
            cls = []

            def has_trig(c):
                return any(_in(m, c.start, c.end) for m in self.triggers)

            for cl in clauses(self.doc.text, sent):
                if cls and ((cl.kind == "also" and not (has_trig(cl) and has_trig(cls[-1])))
                            or (cl.kind == "contrast" and not has_trig(cl))):
                    # "قتل 6 ...، كما أصيب 4 آخرون في الغارات": still about the same event
                    cls[-1] = type(cl)(cls[-1].start, cl.end, cls[-1].kind)
                elif cls and context.effect_then_cause(self, cls[-1], cl, has_trig):
                    # "سمع دوي انفجارات في قاعدة حرير إثر هجوم بطائرات مسيرة": the cause
                    # is the sentence's own event, at the place of the effect
                    cls[-1] = type(cl)(cls[-1].start, cl.end, "main")
                else:
                    cls.append(cl)
            for cl in cls:
                trigs = [m for m in self.triggers if _in(m, cl.start, cl.end)]
                if cl.kind == "since":
                    trigs = context.since_event(self, cl, trigs)
                if not trigs:
                    trigs = self._implicit_attack(cl)
                if not trigs:
                    continue
                dates_here = [d for d in self.dates if _in(d, cl.start, cl.end)]
                range_in_clause = any(d.range for d in dates_here)
                dated = any(not d.range and not d.future and d.kind in ("full", "weekday", "relative")
                            and d.precision == "day" for d in dates_here)
                good, generic = [], []
                for tr in trigs:
                    why = self._generic_reason(tr, cl.start, cl.end, range_in_clause, dated)
                    if not why and tr.info["verb"] and generic:
                        # "78 هجوماً استهدف ...": the verb belongs to the generic noun
                        g = generic[-1][0]
                        if self.doc.tok(tr.start) - self.doc.tok(g.end - 1) <= 3:
                            why = generic[-1][1]
                    (generic if why else good).append((tr, why))
                if not good:
                    fr = self._frame_for(sent, cl, [t for t, _ in generic], [], order)
                    fr.generic = generic[0][1]
                    order += 1
                    frames.append(fr)
                    continue
                subs = self._enumerated(sent, cl, [t for t, _ in good], order)
                if subs:
                    frames.extend(subs)
                    order += len(subs)
                    continue
                fr = self._frame_for(sent, cl, [t for t, _ in good], [t for t, _ in generic], order)
                order += 1
                frames.append(fr)
                resp = context.response_frames(self, sent, cl, trigs, order)
                order += len(resp)
                frames.extend(resp)
        return frames

    def _implicit_attack(self, cl) -> list:
        """"رداً على مقتل 3 جنود أمريكيين في الأردن الأحد الماضي": US troops killed or
        wounded at a dated or placed event imply an attack even without an attack word."""
        cas = [c for c in self.casualties if _in(c, cl.start, cl.end) and c.group == US
               and c.kind in ("killed", "wounded")]
        if not cas:
            return []
        dated = any(_in(d, cl.start, cl.end) and not d.range and d.kind != "year"
                    for d in self.dates)
        placed = any(_in(p, cl.start, cl.end) for p in self.places + self.countries)
        if not (dated and placed) or scope.accident(self, cl.start, cl.end):
            return []
        c = cas[0]
        return [Mention(c.start, c.end, "trigger", "casualty",
                        {"kind": "attack", "plural": False, "prefix": "", "definite": False,
                         "verb": True, "suffix": ""}, self.doc.text[c.start:c.end])]

    def _enumerated(self, sent, cl, good, order) -> list:
        """Frames for "هجومين، الأول على قاعدة X ... والثاني على قاعدة Y": one per item
        (also "استهدفت قاعدة X يوم الأحد وقاعدة Y يوم الاثنين": each site with its day)."""
        t = self.doc.text
        first = min(x.start for x in good)
        enums = [m for m in cues.ENUMERATOR.finditer(t, first, cl.end)]
        if len(enums) < 2:
            enums = episodes.dated_site_items(self, cl, first)
        if len(enums) < 2:
            return []
        bounds = [m.start() for m in enums] + [cl.end]
        segs = [(bounds[i], bounds[i + 1]) for i in range(len(enums))]
        placed = [any(_in(p, a, b) for p in self.places + self.countries) for a, b in segs]
        if not all(placed):
            return []
        head = type(cl)(cl.start, enums[0].start(), cl.kind)
        head_fr = self._frame_for(sent, head, [x for x in good if _in(x, head.start, head.end)]
                                  or good[:1], [], order)
        base = good[0]
        out = []
        for k, ((a, b), m) in enumerate(zip(segs, enums)):
            own = [x for x in good if _in(x, a, b)]
            pseudo = Mention(m.start(), m.end(), "trigger", "enum",
                             dict(base.info, definite=False, plural=False, verb=True),
                             m.group(0))
            fr = self._frame_for(sent, type(cl)(a, b, cl.kind), [pseudo] + own, [], order + k)
            for cat in ("date", "weapon", "time"):
                if not fr.mentions[cat]:
                    fr.mentions[cat] = list(head_fr.mentions[cat])
            # a group that announced the operations claims each of them
            fr.head = head_fr
            fr.claim_actors = [x for x in head_fr.mentions["actor"]
                               if x.info.get("side") == MILITIA
                               and cues.CLAIM.search(t[max(head.start, x.start - 50):head.end])]
            out.append(fr)
        return out

    def _trace(self, fr, action):
        a, b = self.doc.orig(fr.start, fr.end)
        self.trace.append({
            "sentence": fr.sent.index, "clause": self.norm.original[a:b].strip()[:120],
            "triggers": [x.text for x in fr.triggers], "side": fr.side, "target": fr.target,
            "date": fr.date[0].isoformat() if fr.date else None,
            "countries": [c for c, _, _ in fr.countries], "sites": [p.key for p in fr.sites],
            "anaphoric": fr.anaphoric, "plural": fr.plural, "action": action,
            "side_rule": fr.side_ev.rule if fr.side_ev else ""})

    def _skip_record(self, s, e, reason):
        a, b = self.doc.orig(s, e)
        return {"start": a, "end": b, "text": self.norm.original[a:b].strip(), "reason": reason}

    def _frame_for(self, sent, cl, trigs, generic, order) -> Frame:
        doc = self.doc
        fr = Frame(sent, cl.start, cl.end, cl.kind, trigs, order=order)
        fr.generic_trigs = list(generic)
        if any(x.info["kind"] == "shootdown" for x in trigs):
            # "إسقاط طائرتين في محاولة للهجوم على قاعدة عين الأسد": the attempted attack is
            # the downed drones' own; its target is the clause's
            generic = [g for g in generic if not cues.ATTEMPT_BEFORE.search(
                doc.text, max(cl.start, g.start - len(g.info.get("prefix", "")) - 14),
                g.start - len(g.info.get("prefix", "")) + 1)]
        all_trigs = trigs + generic

        def owner(pos):
            b = max((x for x in all_trigs if x.start <= pos), key=lambda x: x.start, default=None)
            a = min((x for x in all_trigs if x.start > pos), key=lambda x: x.start, default=None)
            if b is not None and a is not None and _COMMA.search(doc.text, pos, a.start) \
                    and not _COMMA.search(doc.text, b.end, pos):
                # "بعد استهداف ... في محافظة بابل، وعدد من الاستهدافات ...": a phrase closed
                # by a comma belongs to the trigger it follows
                return b in trigs
            best = min(all_trigs, key=lambda t: (doc.dist(pos, t.start), t.start > pos))
            return best in trigs

        def mine(ms):
            return [m for m in ms if _in(m, cl.start, cl.end) and owner(m.start)]

        fr.mentions = {
            "actor": mine(self.actors), "place": mine(self.places),
            "country": mine(self.countries), "weapon": mine(self.weapons),
            "date": [d for d in self.dates if _in(d, cl.start, cl.end) and owner(d.start)
                     and not d.range and not d.future and d.kind != "year"],
            "casualty": mine(self.casualties),
            "time": [m for m in self.times if cl.start <= m.start() < cl.end],
        }
        nouns = [t for t in trigs if not t.info["verb"]]
        fr.plural = bool(trigs) and all(t.info["plural"] for t in nouns) and bool(nouns)
        kinds = {t.info["kind"] for t in trigs}
        fr.trig_kind = ("strike" if "strike" in kinds else "attack" if "attack" in kinds
                        else "raid" if "raid" in kinds else "shootdown" if "shootdown" in kinds
                        else "neutral")
        t = doc.text
        near_anaphor = any(cues.ANAPHOR_NEAR.search(t[max(cl.start, x.start - 12):x.start])
                           or cues.ANAPHOR_NEAR.match(t[x.end:x.end + 8].strip()) for x in trigs)
        # (not "مجموعة ضالعة في الهجوم": the event someone was involved in)
        own = [x for x in nouns if not cues.INVOLVED_IN_BEFORE.search(
            t, max(cl.start, x.start - len(x.info.get("prefix", "")) - 24),
            x.start - len(x.info.get("prefix", "")))]
        if nouns and (own or not any(x.info["verb"] for x in trigs)):
            nouns = own or nouns
            indefinite = [x for x in nouns if not x.info["definite"]]
            fr.anaphoric = (not indefinite) or near_anaphor
        else:
            fr.anaphoric = near_anaphor
        return fr

    # -- roles and side ----------------------------------------------------------------------
    def actor_role(self, fr: Frame, a: Mention) -> tuple[str, str]:
        t = self.doc.text
        clitic = a.info.get("clitic", "")
        s = a.start - len(clitic)              # the clitics before the actor: context
        before = t[max(fr.start, s - 60):a.start]
        if not clitic:
            before = re.sub(r"[\s\"'(«»]+$", " ", before)   # 'تابعة لـ "الحرس الثوري"'
            before = re.sub(r" ([وفبلك]+) $", r" \1", before)
        after = t[a.end:min(fr.end, a.end + 90)]
        if cues.WAS_ATTACKED_BEFORE.search(t[max(fr.start, a.start - 30):s]):
            return "target", "subject of 'was attacked/exposed to'"
        if scope.denier(self, a):
            return "denier", "denies any part in it ('نفى التحالف أي علاقة له بالغارة')"
        if scope.shooter(self, a) and a.info.get("side") in ATTACKING_SIDES:
            # (US forces shooting a drone down: an intercepted attack of the other side,
            # read below as before)
            return "agent", "subject of the shoot-down verb"
        if cues.BY_AGENT_BEFORE.search(before):
            return "agent", "named as acting ('من قبل')"
        if cues.RANKS_OF_BEFORE.search(before):
            return "target", "losses in its ranks ('في صفوف')"
        if cues.CLAIMANT_BEFORE.search(before):
            return "agent", "named as claiming the attack"
        if fr.trig_kind == "strike" and cues.LEADER_LINKED_BEFORE.search(before):
            return "target", "a leader linked to it was struck"
        if cues.CARRY_OUT_NOUN_BEFORE.search(before) and any(
                not x.info["verb"] and x.start >= a.end
                and self.doc.tok(x.start) - self.doc.tok(a.end) <= 2 for x in fr.triggers):
            return "agent", "genitive subject of 'carrying out' ('تنفيذ واشنطن هجمات')"
        if cues.ANNOUNCED_BEFORE.search(before) and cues.OWN_ACT_AFTER.match(after):
            return "agent", "announced its own act ('أعلن X استهدافه')"
        if cues.STATEMENT_OF_BEFORE.search(before) and cues.CONFIRMS_AFTER.match(after):
            return "agent", "its statement confirms the attack ('بيان لـ X يؤكد استهداف')"
        if context.subject_after_object_pronoun(self, a, s):
            return "agent", "subject of a strike verb with its object pronoun ('التي قصفتها')"
        verb_m = cues.AGENT_VERB_BEFORE.search(before)
        if verb_m:
            # "استهدفت X": X is the subject (VSO) unless the verb already has a subject
            # before it ("نيران ... استهدفت X", SVO) or X is followed by "بـ + weapon"
            # (an undiacritised passive: "استُهدفت X بهجوم")
            vpos = a.start - len(before) + verb_m.start()
            subj_before = [m for m in self.weapons + self.actors + [x for x in self.triggers
                                                                      if not x.info["verb"]]
                           if fr.start <= m.start and m.end <= vpos
                           and self.doc.tok(vpos) - self.doc.tok(m.end - 1) <= 3
                           # (not the speaker before a colon or a quotation: "قالت القيادة
                           # في بيان: \"نفذت القوات الأمريكية ضربة")
                           and not re.search(r"[:\"«“]", t[m.end:vpos])]
            passive = cues.PASSIVE_BY_AFTER.match(t[a.end:a.end + 60]) and \
                not self._bare_object_after(fr, a.end, min(fr.end, a.end + 100))
            if not subj_before and not passive:
                return "agent", "subject of the strike verb"
            if a.info.get("side") in DYAD_SIDES:
                return "target", "object of the strike verb"
        if cues.ORDERED_BEFORE.search(before) and re.match(r"\s*ب", after):
            return "agent", "ordered to carry out the attack"
        for rx, role, rule in _ROLE_BEFORE:
            if rx.search(before):
                if rx is cues.FACILITY_OF and context.strike_of(self, fr, a, s):
                    # "سيارة احترقت نتيجة غارة لطائرة أميركية": the "لـ" after the strike
                    # noun names who struck, not whom the car belonged to
                    return "agent", "attack/strike 'of' the actor"
                return role, rule
        if cues.MEMBER_OF.search(before) and (
                re.search(cues.STRIKE_VERB_NEAR, t[max(fr.start, a.start - 70):a.start])
                or cues.CARRIED_BEFORE.search(t, max(fr.start, a.start - 70), a.start)):
            # "استهدف ... المركبات ...، كان فيها قيادات في حركة «كتائب حزب الله»"
            return "target", "members of the group were targeted"
        # "استهدف هجوم ... القوات الأمريكية": object after a subject noun
        vb = cues.HIT_VERB_THEN_SUBJECT.search(before)
        if vb:
            between = [w for w in self.weapons + self.triggers
                       if w.start >= a.start - len(before) + vb.start() + 3 and w.end <= a.start]
            if between:
                return "target", "object of the strike verb"
        if a.info.get("side") == US and cues.PASSIVE_VERB_AFTER.match(after):
            return "target", "subject of a passive strike verb ('استُهدفت بطائرات')"
        for rx, role, rule in _ROLE_AFTER:
            m = rx.search(after)
            if m and rx is cues.AGENT_VERB_AFTER and any(
                    a.end <= x.start and x.end <= a.end + m.end() and not x.info["verb"]
                    for x in fr.triggers):
                # "في صفوف القوات الأمريكية في قصف استهدف": the verb's subject is the
                # attack noun before it, not the actor
                continue
            if m:
                return role, rule
        # "غارات للتحالف": trigger noun + ل + actor
        if clitic.lstrip("وف") in ("ل", "لل"):
            prev = [x for x in fr.triggers if x.end <= s and not x.info["verb"]
                    and self.doc.tok(a.start) - self.doc.tok(x.start) <= 2]
            if prev:
                return "agent", "attack/strike 'of' the actor"
        if a.info.get("side") == US and cues.CARRY_OUT_AFTER.search(after) and \
                cues.ANNOUNCED_BEFORE.search(before):
            return "agent", "announced carrying out the strike"
        return "neutral", ""

    def _bare_object_after(self, fr: Frame, lo: int, hi: int) -> bool:
        """A place named without a preposition after the actor ("هاجمت فصائل مسلحة بطائرة
        مسيرة قاعدة التنف"): the object of an active verb, so the actor is its subject."""
        t = self.doc.text
        for p in self.places:
            s0 = p.start - len(p.info.get("clitic", ""))
            if not (lo <= s0 < hi and p.end <= fr.end):
                continue
            if p.info.get("clitic", "").lstrip("وف"):
                continue                                   # "بقاعدة", "لقاعدة"
            if _PREP_BEFORE.search(t, max(lo, s0 - 12), s0):
                continue                                   # "في قاعدة"
            return True
        return scope.bare_facility_object(self, lo, hi)    # "بطائرة مسيرة قاعدة أمريكية"

    def resolve_side(self, fr: Frame):
        """A frame's acting side and target (``fr.side``, ``fr.side_ev``, ``fr.target``,
        ``fr.scope``) from the cues of :mod:`.cues`: named actors and their roles,
        nationality adjectives, US-hosted targets (not when only an aside before the verb),
        militia facilities hit, casualties, the kind of trigger."""
        doc = self.doc
        t = doc.text
        scores = {US: 0.0, MILITIA: 0.0, IRAN: 0.0, "other": 0.0}
        why = {k: [] for k in scores}
        targets: list[tuple[str, Ev]] = []

        def add(side, w, ev):
            if side not in scores:
                side = "other"
            scores[side] += w
            why[side].append(ev)

        for a in fr.mentions["actor"]:
            side = a.info.get("side", "other")
            if a.key == "civilians":
                continue
            role, rule = self.actor_role(fr, a)
            why_agent = "" if role in ("agent", "denier") else acting.owner_or_claimant(self, fr, a)
            if why_agent:                  # "صواريخ القوات الأمريكية", "أعلن داعش مسؤوليته عن"
                role, rule = "agent", why_agent
            # a name that is also an ordinary word ("طهران", "الحشد") is weak evidence,
            # unless the syntax makes it the subject of the strike verb ("وشنت طهران هجوما")
            syntactic = role == "agent" and rule in cues.SYNTACTIC_AGENT_RULES
            w = 1.5 if a.info.get("weak") and not syntactic else 3.0
            if syntactic and a.info.get("weak"):
                a = replace(a, info={**a.info, "weak": False})
            if role == "agent":
                add(side, w, Ev("side", side, a.start, a.end, 0.85, f"{a.info['name']}: {rule}"))
                fr.agent_actors.append(a)
            elif role == "target":
                opp = opposite(side) or "other"
                if side == "other":
                    targets.append(("other", Ev("target_side", "other", a.start, a.end, 0.8, rule)))
                else:
                    targets.append((side, Ev("target_side", side, a.start, a.end, 0.8,
                                             f"{a.info['name']}: {rule}")))
                    add(opp, w * 0.7, Ev("side", opp, a.start, a.end, 0.8,
                                         f"target is {a.info['name']} ({rule})"))
                fr.target_actors.append(a)
            elif role != "denier":         # (one who denies any part in it: no cue)
                if side == US and fr.trig_kind == "strike":
                    add(US, 0.5, Ev("side", US, a.start, a.end, 0.5,
                                      f"{a.info['name']} named near an air strike"))
                elif side == MILITIA and fr.trig_kind == "attack":
                    add(MILITIA, 0.5, Ev("side", MILITIA, a.start, a.end, 0.5,
                                           f"{a.info['name']} named near the attack"))
            # claims
            if side == MILITIA and role in ("agent", "neutral") and a.info.get("kind") != "generic" \
                    and (
                    cues.CLAIM.search(t[max(fr.sent.start, a.start - 50):a.end + 40])
                    or (role == "agent" and cues.GROUP_STATEMENT.search(t, fr.sent.start, fr.sent.end))):
                fr.claim_actors.append(a)
        # "تستعد الولايات المتحدة لرد واسع على هجوم الأحد": the event a side's response
        # answers is the other side's
        for tr in fr.triggers:
            pre = tr.info.get("prefix", "")
            m = cues.ANSWER_ON_BEFORE.search(t, max(fr.start, tr.start - len(pre) - 40),
                                             tr.start - len(pre))
            if not m:
                continue
            resp = [a for a in self.actors if fr.sent.start <= a.start and a.end <= m.start()
                    and a.info.get("side") in (US, MILITIA, IRAN)]
            if resp and not fr.agent_actors:
                # the responder is the sentence's first actor, its subject
                sd = opposite(resp[0].info["side"])
                if sd:
                    add(sd, 3.0, Ev("side", sd, m.start(), tr.end, 0.7,
                                    f"the event {resp[0].info['name']}'s response answers"))
                    break
        # nationality adjective right after a trigger noun: "قصف أمريكي", "غارات إسرائيلية"
        for tr in fr.triggers:
            if tr.info["verb"]:
                continue
            if cues.REPLY_TO_BEFORE.search(t, max(fr.start, tr.start - 40), tr.start):
                continue                   # "رد فعل على الهجوم الأميركي": the answered event
            tail = t[tr.end:tr.end + 40]
            tail2 = cues.ATTACK_ADJECTIVE.sub("", tail)
            off = len(tail) - len(tail2)
            for side, rx in self.lex.agent_adjectives.items():
                m = rx.match(tail2)
                if m:
                    sd = AGENT_SIDE.get(side, side)
                    add(sd, 3.0, Ev("side", sd, tr.end + off, tr.end + off + m.end(), 0.85,
                                    "nationality adjective after the attack noun"))
                    break
        # a platform with a nationality adjective: "استهدفت مروحية أمريكية سيارة" (not a
        # platform shot down or attacked: "أسقطت الفصائل طائرة مسيرة أمريكية")
        if fr.trig_kind != "shootdown":
            for w in fr.mentions["weapon"]:
                if w.key not in ("helicopter", "drone") or cues.TARGET_BEFORE.search(
                        t[max(fr.start, w.start - 40):w.start]) or scope.overhead(self, w):
                    continue
                # (the adjective may stand inside the platform: "طائرة إسرائيلية مسيرة")
                tail = acting.inner_adjective_tail(self, w) or t[w.end:w.end + 30]
                for side, rx in self.lex.agent_adjectives.items():
                    m = rx.match(tail)
                    if m and AGENT_SIDE.get(side, side) == IRAN:
                        break              # "طائرة مسيرة إيرانية": made in Iran, flown by others
                    if m and cues.MADE_IN_AFTER.match(tail[m.end():]):
                        break              # "إيرانية الصنع": where it was made
                    if m and not any(a.start < w.end + m.end() and w.start < a.end
                                     for a in fr.agent_actors):
                        # (an actor spelled with the adjective counts once, as the agent;
                        # "طائرة مسيرة إسرائيلية" not read as an agent still names Israel)
                        sd = AGENT_SIDE.get(side, side)
                        add(sd, 3.0, Ev("side", sd, w.start, w.end + m.end(), 0.8,
                                        "nationality adjective after the platform"))
                        break
        # missiles with Iran's adjective: "الصواريخ الإيرانية التي استهدفت", "هجوم بصواريخ
        # إيرانية" (not "إيرانية الصنع"); Iran's own forces unless a militia is the agent
        for w in fr.mentions["weapon"]:
            if fr.claim_actors or any(a.info.get("side") == MILITIA for a in fr.agent_actors):
                break                      # "أعلنت كتائب حزب الله استهداف ... بصواريخ إيرانية"
            if w.key not in ("rocket", "ballistic_missile", "cruise_missile"):
                continue
            tail = t[w.end:w.end + 30]
            m = self.lex.agent_adjectives[IRAN].match(tail)
            # (definite only: "بصواريخ إيرانية" is a kind of missile, which militias fire too)
            if m and re.match(r"[وفبل]{0,2}ال", t[w.start:w.start + 4]) and m.group().strip().startswith("ال") \
                    and not cues.MADE_IN_AFTER.match(tail[m.end():]):
                add(IRAN, 3.0, Ev("side", IRAN, w.start, w.end + m.end(), 0.8,
                                  "Iran's adjective on the missiles"))
                break
        for m in cues.HEDGED_AGENT.finditer(t, fr.start, fr.end):
            sd = US if m.group("us") else "other"
            add(sd, 2.0, Ev("side", sd, m.start(), m.end(), 0.6, "attributed with a hedge"))
        # the subject of a strike verb named by an aggression noun with a nationality
        # adjective: "العدوان الأمريكي الذي استهدف", "القصف الأمريكي الذي طال"
        for tr in fr.triggers:
            if not tr.info["verb"]:
                continue
            m = cues.AGGRESSION_SUBJECT.search(t, max(fr.sent.start, tr.start - 60), tr.start)
            if m:
                sd = m.group("adj")
                side = next((k for k, rx in self.lex.agent_adjectives.items() if rx.match(sd)), None)
                if side:
                    side = AGENT_SIDE.get(side, side)
                    add(side, 3.0, Ev("side", side, m.start(), m.end(), 0.8,
                                      "aggression noun with a nationality adjective as subject"))
        # US-hosted sites and US target phrases; before a strike verb and not introduced as
        # its object ("القائم بأعمال السفارة الأمريكية ... الذي استهدف", "القوات الأمريكية
        # المتمركزة في الحقل ... قامت بالرد") they are not what was attacked
        verbs = [tr.start for tr in fr.triggers if tr.info["verb"]]
        first_verb = min(verbs) if verbs and len(verbs) == len(fr.triggers) else None

        def aside(pos, end):
            # (not the subject of an undiacritised passive: "القاعدة الأمريكية في حقل العمر
            # استُهدفت بطائرة مسيرة")
            return first_verb is not None and pos < first_verb and not cues.TARGET_BEFORE.search(
                t[max(fr.start, pos - 40):pos]) and not cues.PASSIVE_VERB_AFTER.match(
                t[end:min(fr.end, first_verb + 40)]) and not context.passive_subject(
                self, fr, end, first_verb)

        # (with the facility a bare "القاعدة" refers to: "وقد تعرضت القاعدة لهجوم")
        for p in fr.mentions["place"] + [q for q in fr.sites if q.info.get("referent")]:
            if p.info.get("us_hosted") and not aside(p.start - len(p.info.get("clitic", "")), p.end):
                targets.append((US, Ev("target_side", US, p.start, p.end, 0.8,
                                         f"{p.info['name']} hosts US/coalition forces")))
                add(MILITIA, 2.0, Ev("side", MILITIA, p.start, p.end, 0.75,
                                       f"attack on {p.info['name']}, a US/coalition site"))
        def of_generic(pos):
            # "الهجوم جاء لإضعاف قدرة الحزب على تنفيذ هجمات ضد قوات التحالف": the object
            # of a generic attack noun (a capability, a tally) says nothing of this event
            prev = max((x for x in fr.triggers + fr.generic_trigs if x.end <= pos),
                       key=lambda x: x.end, default=None)
            return prev is not None and any(prev is g for g in fr.generic_trigs) and bool(fr.triggers)

        for m in cues.US_TARGET.finditer(t, fr.start, fr.end):
            if any(m.start() < a.end and a.start < m.end() for a in fr.agent_actors):
                continue
            if of_generic(m.start()):
                continue
            if aside(m.start(), m.end()):
                continue
            targets.append((US, Ev("target_side", US, m.start(), m.end(), 0.8,
                                     "US/coalition facility or personnel as target")))
            add(MILITIA, 2.0, Ev("side", MILITIA, m.start(), m.end(), 0.75,
                                   "US/coalition facility or personnel attacked"))
        for m in cues.MILITIA_TARGET.finditer(t, fr.start, fr.end):
            if of_generic(m.start()):
                continue
            targets.append((MILITIA, Ev("target_side", MILITIA, m.start(), m.end(), 0.8,
                                          "militia facility as target")))
            add(US, 1.0, Ev("side", US, m.start(), m.end(), 0.6, "militia facilities hit"))
        n_strong = len(targets)
        for c in fr.mentions["casualty"]:
            if c.group == US:
                targets.append((US, Ev("target_side", US, c.start, c.end, 0.8, "US casualties")))
                add(MILITIA, 2.0, Ev("side", MILITIA, c.start, c.end, 0.7, "US troops hit"))
            elif c.group == MILITIA:
                targets.append((MILITIA, Ev("target_side", MILITIA, c.start, c.end, 0.75,
                                              "militia casualties")))
                add(US, 1.0, Ev("side", US, c.start, c.end, 0.6, "militia members killed/hurt"))
        for ev in context.us_persons_hit(self, fr):
            targets.append((US, Ev("target_side", US, ev.start, ev.end, 0.7, ev.rule)))
            add(MILITIA, 2.0, ev)
        weapons = {w.key for w in fr.mentions["weapon"]}
        if fr.trig_kind == "strike" or weapons & cues.AIR_WEAPONS:
            tr = fr.triggers[0]
            add(US, 1.0, Ev("side", US, tr.start, tr.end, 0.5, "air strike"))
        if fr.trig_kind == "attack" or (weapons & {"rocket", "mortar", "ied"} and
                                        not weapons & cues.AIR_WEAPONS):
            tr = fr.triggers[0]
            add(MILITIA, 1.0, Ev("side", MILITIA, tr.start, tr.end, 0.5,
                                   "rockets/mortars/IED are militia weapons here"))
        if fr.trig_kind == "shootdown":
            fr.scope = ""
        # an explicitly named actor decides; other cues only when none is named
        agent_scores = {k: 0.0 for k in scores}
        for a in fr.agent_actors:
            sd = a.info.get("side", "other")
            agent_scores[sd if sd in agent_scores else "other"] += 1.5 if a.info.get("weak") else 3.0
        for e in why[US] + why["other"] + why[IRAN]:
            if e.rule in ("nationality adjective after the attack noun", "attributed with a hedge",
                          "nationality adjective after the platform"):
                agent_scores[e.value if e.value in agent_scores else "other"] += 3.0
        strong = {k: v for k, v in agent_scores.items() if v >= 3.0}
        if strong:
            best = max(strong, key=lambda k: (strong[k] + 0.1 * scores[k], k == US))
            scores[best] = max(scores[best], strong[best])
        else:
            best = max(scores, key=lambda k: (scores[k], k == US))
        defaults = ("air strike", "rockets/mortars/IED are militia weapons here")
        if scores[best] < 1.0 or all(e.rule in defaults for e in why[best]):
            fr.side = None                 # only the kind of weapon: not enough to say who
        else:
            # Iran's own forces only when named as actor and no militia actor acts
            if best == MILITIA and scores[IRAN] >= 3 and not any(
                    a.info.get("side") == MILITIA for a in fr.agent_actors):
                best = IRAN
            fr.side = best
            ev = max(why[best], key=lambda e: e.confidence)
            total = sum(scores.values())
            conf = min(0.95, 0.45 + 0.5 * scores[best] / max(total, 1e-9) * min(1.0, scores[best] / 3))
            fr.side_ev = Ev("side", best, ev.start, ev.end, round(conf, 2), ev.rule)
        far = {c for c, _, _ in fr.countries} - {"Iraq", "Syria", "Jordan"}
        if far and not {c for c, _, _ in fr.countries} & {"Iraq", "Syria", "Jordan"} \
                and US not in [s for s, _ in targets]:
            fr.scope = f"happened in {', '.join(sorted(far))}: outside Iraq, Syria and Jordan"
        resp = acting.responder_acts(self, fr)
        if resp is not None and fr.side != resp[0]:
            # "ردت القوات الأمريكية على هجمات الفصائل بغارات على مواقعها": the responder acted
            a = resp[1]
            fr.side = resp[0]
            fr.side_ev = Ev("side", fr.side, a.start, a.end, 0.75,
                            "the responder of 'ردت ... على ... بـ' acted")
            targets = [(s_, e_) for s_, e_ in targets if s_ != fr.side]
        if fr.side == US and not strong and (cues.UNKNOWN_AGENT.search(t, fr.start, fr.end)
                                             or acting.unknown_source(self, fr)):
            # "غارات مجهولة", "طائرات مجهولة الهوية": nobody named
            fr.side = UNATTRIBUTED
            fr.side_ev = Ev("side", UNATTRIBUTED, fr.side_ev.start, fr.side_ev.end, 0.5,
                            "strike by an unidentified party")
        if fr.side == "other":
            names = ", ".join(sorted({a.info["name"] for a in fr.agent_actors
                                      if a.info.get("side") == "other"})) or "another state"
            fr.scope = f"acting side is {names}: outside the militia-US dyad"
        if fr.side in (US, MILITIA, IRAN, None):
            own = [(s, e) for s, e in targets if s != fr.side]
            if own:
                # the most frequent target side (ties: the first named)
                counts = {}
                for s, _ in own:
                    counts[s] = counts.get(s, 0) + 1
                tgt = max(counts, key=lambda k: (counts[k], -[s for s, _ in own].index(k)))
                fr.target = tgt
                fr.target_ev = next(e for s, e in own if s == tgt)
                strong_sides = [sd for sd, _ in targets[:n_strong]]
                if tgt == "other" and US not in strong_sides and MILITIA not in strong_sides:
                    names = ", ".join(sorted({a.info["name"] for a in fr.target_actors
                                              if a.info.get("side") == "other"})) or "a third party"
                    fr.scope = f"target is {names}: outside the militia-US dyad"
        return fr

    # -- dates, places ------------------------------------------------------------------------
    def frame_date(self, fr: Frame, ref, anchor_date):
        """A frame's date: the best resolved date mention of its clause (a dateline, the
        start of a "since" period and the date of a saying yield to the event's own date),
        and its time of day. Sets ``fr.date``, ``fr.anchor_mention``, ``fr.time``."""
        best = None
        mentions = fr.mentions["date"]
        if len(mentions) > 1:
            # a dateline ("بغداد، الأحد 14 كانون الثاني 2024 -") dates the report, not the event
            mentions = [d for d in mentions if not self._is_dateline(d)] or mentions
        # "منذ بدء الهجمات ... في 17 تشرين الأول": the start of a period is background
        # (not in a clause that is itself the "since" phrase: its date is its event's)
        # (not "منذ 17 تشرين الأول، آخرها في 20 منه": the last of them has its own day)
        mentions = [d for d in mentions if fr.kind == "since" or episodes.last_of_before(self, d)
                    or not cues.SINCE_BEFORE.search(
            self.doc.text, max(fr.sent.start, d.start - 90), d.start)
            and not cues.SINCE_LONG_BEFORE.search(self.doc.text, max(fr.sent.start, d.start - 260),
                                                  d.start)]
        mentions = context.weekday_of_a_dated_saying(self, mentions, ref)
        mentions = scope.weekday_in_a_past_month(self, fr, mentions, ref)
        for d in mentions:
            if d.kind == "anchor":
                if d.offset and re.search(r"(?:من|علي|على|غداه)\s*$", self.doc.text[d.start:d.end]) \
                        and any(0 <= self.doc.tok(x.start) - self.doc.tok(d.end) <= 1
                                for x in fr.triggers) or (d.offset and cues.TOLL_NOUN_AFTER_OF.match(
                            self.doc.text, d.end) and not any(
                                x.start < d.start and x.info.get("verb") for x in fr.triggers)
                            and any(
                            0 <= self.doc.tok(x.start) - self.doc.tok(d.end) <= 8
                            for x in fr.triggers)):
                    # "[that] بعد يومين من هجوم [this]", "بعد يومين من مقتل جندي في هجوم
                    # [this]": this frame is the earlier event
                    d = replace(d, offset=-d.offset)
                r = resolve(d, ref, anchor=anchor_date)
            else:
                r = resolve(d, ref, default_year=self.default_year)
            if r is None:
                continue
            has_time = bool(d.time_of_day) and d.kind in ("weekday", "relative", "full")
            rank = {"full": 3, "weekday": 3, "relative": 3, "anchor": 1}.get(d.kind, 0)
            # "قال مسؤول اليوم الأحد إن ... الهجوم ... أمس السبت": the date of the saying
            # yields to the date of the event
            said = bool(cues.SAID_ON.search(self.doc.text, max(fr.sent.start, d.start - 40),
                                            d.start)) or scope.ceremony_date(self, fr, d) \
                or self._date_of_saying(fr, d)
            key = (rank, not said, r.precision == "day", r.confidence)
            ev = Ev("date", r.date.isoformat(), d.start, d.end, round(r.confidence, 2),
                    r.note or f"date expression ({d.kind})")
            if best is None or key > best[0]:
                best = (key, (r.date, r.precision, r.confidence, r.note, ev, has_time), d)
        if best is not None:
            fr.date = best[1]
            if best[2].kind == "anchor":
                fr.anchor_mention = best[2]
        if fr.mentions["time"]:
            m = fr.mentions["time"][0]
            if not m.group("tz"):
                h, mi = int(m.group("h")), int(m.group("m"))
                ap = m.group("ap") or ""
                if ap and cues.PM_WORD.match(ap) and h < 12:
                    h += 12
                if ap and cues.NOON_WORD.match(ap) and h < 11:
                    h += 12
                if h == 24:
                    h = 0
                fr.time = (f"{h:02d}:{mi:02d}", Ev("time_local", f"{h:02d}:{mi:02d}", m.start(),
                                                   m.end(), 0.8, "time of day in the report"))
                if fr.date is not None:
                    d = fr.date
                    fr.date = (d[0], d[1], d[2], d[3], d[4], True)

    def _date_of_saying(self, fr: Frame, d) -> bool:
        """"قال المتحدث باسم الحكومة ...، اليوم السبت، إن الضربات ...": a date between a
        reporting verb and the "that" clause holding every trigger is when it was said."""
        t = self.doc.text
        first = min((x.start for x in fr.triggers), default=None)
        if first is None or first < d.end:
            return False
        m = cues.THAT_AFTER.match(t, d.end, first)
        # (only against a day told after it: "إن الأسبوع الماضي ..." keeps the saying's day)
        return m is not None and any(
            x.start >= m.end() and x.precision == "day" and not x.range
            for x in fr.mentions["date"]) and bool(
            cues.SAID_VERB.search(t, max(fr.sent.start, d.start - 120), d.start))

    def _is_dateline(self, d: DateMention) -> bool:
        t = self.doc.text
        first = next((s for s in self.sents if s.arabic), None)
        if first is None or not (first.start <= d.start < first.end) or d.kind != "full":
            return False
        head = t[first.start:d.start]
        return len(head.split()) <= 4 and bool(re.match(r"^\s*[-–:(|]", t[d.end:d.end + 4]))

    def _answered_place(self, fr: Frame, pos: int) -> bool:
        """A place at ``pos`` named inside the event the clause answers or follows
        ("بعد هجوم مميت في الأردن"), before any trigger of the clause itself."""
        if fr.kind == "reason":
            return False
        t = self.doc.text
        lo = max(fr.start, pos - 110)
        ms = list(cues.ANSWERED_EVENT.finditer(t, lo, pos))
        if not ms:
            return False
        m = ms[-1]
        if re.search(r"[.!?؟؛]", t[m.end():pos]):
            return False
        between = [x for x in fr.triggers if m.end() <= x.start < pos and x.info["verb"]]
        # the clause's own action is a verb before the marker ("نفذت ... ضربات بعد هجوم
        # في الأردن"); in "ويأتي الهجوم بعد أسابيع من ضربة في بغداد" the clause tells the
        # earlier event itself
        own = [x for x in fr.triggers if x.start < m.start() and (
            x.info["verb"] or not cues.COMES_AFTER.search(t[max(fr.start, x.start - 16):x.start]))]
        return not between and bool(own)

    def _other_event_place(self, fr: Frame, pos: int) -> bool:
        """A place named, before the clause's strike verb, as the object of another attack
        noun ("قُتلوا في الهجوم على البرج 22 في الأردن: ... نفذت القوات الأميركية ضربات
        على ..."): the place of that other event."""
        t = self.doc.text
        if fr.trig_kind == "strike" and cues.ATTACK_NOUN_GENITIVE.search(t, max(fr.start, pos - 30),
                                                                          pos):
            # "ضربات انتقامية ... على مقتل الجنود في هجوم الأردن": the attack "of Jordan"
            # is the event the strike answers
            return True
        later = [x.start for x in fr.triggers if x.start > pos
                 and not episodes.refers_back(self, x)]    # ("آخر هذه الهجمات": the same)
        if not later and fr.trig_kind != "strike":
            # in a strike clause an attack noun's object is the attacks it answers, also
            # after the strike verb ("غارات على ... تستخدمها فصائل تشارك في هجمات ضد قوات
            # أمريكية في العراق")
            return False
        pat = cues.ATTACK_ON_NOUN_WIDE if fr.trig_kind == "strike" else cues.ATTACK_ON_NOUN
        ms = list(pat.finditer(t, max(fr.start, pos - 60), pos))
        if not ms:
            return False
        gap = t[ms[-1].end():pos]
        if any(ms[-1].start() < x.start < pos and x.info["kind"] in ("strike", "raid")
               and t[x.start - len(x.info.get("prefix", "")):x.start].endswith("ب")
               for x in fr.triggers):
            return False    # "على هجمات الفصائل بغارات على مواقعها في القائم": the response's
        return len(gap.split()) <= 4 and not re.search(r"[.!?؟؛:]", gap)

    def _continues_list(self, fr: Frame, last) -> bool:
        """An undated attack clause that continues a list of claimed attacks: same side as
        the incident just told (which has a date), within two sentences of it, a US site
        of its own, a continuation or statement cue, and no background cue ("وسبق ذلك",
        "وكانت ... قد")."""
        if last is None or last.date is None or fr.side not in ATTACKING_SIDES \
                or last.side != fr.side or not fr.sites:
            return False
        if fr.sent.index - max(g.sent.index for g in last.frames) > 2:
            return False
        t = self.doc.text
        if cues.BACKGROUND_CUE.search(t, fr.sent.start, fr.start + 1) or \
                cues.BACKGROUND_CUE.search(t, fr.sent.start, min(fr.sent.end, fr.sent.start + 12)):
            return False
        return bool(cues.CONTINUATION.search(t, fr.sent.start, fr.end))

    def _denied(self, fr: Frame) -> bool:
        """The clause's sentence denies where (or that) it happened."""
        return scope.denies_place(self, fr)

    def frame_places(self, fr: Frame):
        """A frame's sites and countries (``fr.sites``, ``fr.countries``,
        ``fr.weak_countries``): its place mentions except those of an answered event, of
        another attack noun, of a denial; a border named only as a border is weak."""
        t = self.doc.text
        if self._denied(fr):
            # "نفى أن يكون الهجوم وقع داخل أراضيها، بل استهدف قاعدة التنف": a contested
            # place is not a site
            fr.sites, fr.countries = [], []
            return
        sites = [p for p in fr.mentions["place"]
                 if not self._answered_place(fr, p.start - len(p.info.get("clitic", "")))
                 and not self._other_event_place(fr, p.start - len(p.info.get("clitic", "")))
                 and not context.non_event_place(self, fr, p.start)
                 and not context.series_area(self, fr, p)]
        if not sites:
            # "وكانت القاعدة قد تعرضت ...", "هجوم مماثل استهدف مجمعاً عسكرياً في المطار": the
            # facility of that kind named last
            sites = context.referent_facility(self, fr)
        fr.sites = sites
        out = []
        for p in sites:
            c = p.info.get("country")
            if c:
                out.append((c, Ev("country", c, p.start, p.end, 0.9,
                                  f"{p.info['name']} is in {c} (gazetteer)"), True))
        for c in fr.mentions["country"]:
            before = t[max(fr.start, c.start - 40):c.start]
            if self._answered_place(fr, c.start) or self._other_event_place(fr, c.start) \
                    or context.non_event_place(self, fr, c.start):
                continue                         # "ردا على هجوم الأردن"
            if cues.ORIGIN_BEFORE.search(before):
                continue                         # launched from Iraqi territory
            nat = acting.nationality_not_place(self, fr, c)
            if nat:                              # "الحشد الشعبي العراقي", "دون العراق"
                if nat == "weak":
                    fr.weak_countries.append((c.key, Ev("country", c.key, c.start, c.end, 0.5,
                                                        "nationality of a group named"), False))
                continue
            if sites and cues.BORDER_WITH.search(before):
                continue                         # "... on the border with Iraq"
            if cues.BORDER_OF.search(before) or (
                    cues.BORDER_WITH.search(before) and cues.BORDER_WORD.search(before)):
                # "قرب الحدود السورية": a border named, not necessarily where it happened
                fr.weak_countries.append((c.key, Ev("country", c.key, c.start, c.end, 0.6,
                                                    "border named in the clause"), False))
                continue
            out.append((c.key, Ev("country", c.key, c.start, c.end, 0.8,
                                  "country named in the clause"), False))
        fr.countries = out

    # -- clustering ------------------------------------------------------------------------
    @staticmethod
    def _date_ok(fd, cd, loose: bool) -> bool:
        if fd is None or cd is None:
            return True
        d1, p1 = fd[0], fd[1]
        d2, p2 = cd[0], cd[1]
        if p1 == "day" and p2 == "day":
            return abs((d1 - d2).days) <= (1 if loose else 0)
        if "month" in (p1, p2):
            return (d1.year, d1.month) == (d2.year, d2.month)
        return abs((d1 - d2).days) <= 7

    def _place_ok(self, fr: Frame, inc: Incident) -> bool:
        if episodes.another_elsewhere(self, fr, inc):
            return False                   # "انفجرت عبوة أخرى برتل قرب الديوانية"
        f_sites = {p.key for p in fr.sites if p.info.get("us_hosted")}
        i_sites = {p.key for g in inc.frames for p in g.sites if p.info.get("us_hosted")}
        if inc.side in ATTACKING_SIDES:
            if f_sites and i_sites and not f_sites & i_sites and not (
                    (fr.anaphoric or fr.date is None)
                    and fr.sent.index - max(g.sent.index for g in inc.frames) <= 1
                    and episodes.round_on_several_bases(self, inc)):
                # (a base named after "الهجوم" of a round on "two bases", in the next
                # sentence, is one of them)
                return False
            f_c = {c for c, _, _ in fr.countries}
            i_c = {c for g in inc.frames for c, _, _ in g.countries}
            if len(f_c) == 1 and i_c and not f_c & i_c:
                return False
        return True

    def _sentence_day(self, fr, ref):
        """The one day the date mentions of the frame's sentence resolve to (else None)."""
        days = set()
        for d in self.dates:
            if not (fr.sent.start <= d.start < fr.sent.end) or d.kind == "anchor":
                continue
            r = resolve(d, ref, default_year=self.default_year)
            if r is not None and r.precision == "day":
                days.add(r.date)
        return (days.pop(), "day") if len(days) == 1 else None

    @staticmethod
    def _incident_keys(inc) -> set:
        return {p.key for f in inc.frames for p in f.sites if p.info.get("site_id")}

    def cluster(self, frames, ref):
        """Stage 4 (frames -> clusters). Dates, places and sides of each frame, then the
        frames merged into :class:`~analysis.coding.frames.Incident` records (same side,
        agreeing date and place, anaphora, headline-lead merging, continuation of a claim
        list); frames that only refer back to nothing are skipped with the reason. Returns
        the incidents in the order first told."""
        incidents: list[Incident] = []
        last: Incident | None = None
        last_by_side: dict[str, Incident] = {}
        context_side = None
        recent_sides: list[tuple[int, str]] = []
        done: list[Frame] = []
        asides: set = set()
        announced = None                  # a round of attacks announced with a day
        for fr in frames:
            anchor = None
            if last is not None and last.date is not None:
                anchor = last.date[0]
            self.frame_date(fr, ref, anchor)
            if fr.date is None:
                # "- استهداف قاعدة حرير ..." under "... اليوم السبت الهجمات التالية:"
                fr.date = context.list_item_date(self, fr, ref)
            self.frame_places(fr)
            self.resolve_side(fr)
            context.responder_side(self, fr)
            context.answered_country(fr, done)
            context.country_in_group_name(fr)
            ann = episodes.round_announced(self, fr, last)
            if ann is not None:
                announced = ann
            elif fr.date is not None and not fr.generic and announced is not None \
                    and fr.date[0] != announced[2][0]:
                announced = None
            weapons = {w.key for w in fr.mentions["weapon"]}
            if fr.generic:
                if fr.side in DYAD_SIDES and not fr.scope:
                    recent_sides.append((fr.sent.index, fr.side))
                self.skipped.append(self._skip_record(fr.start, fr.end, fr.generic))
                continue
            if fr.scope:
                self.skipped.append(self._skip_record(fr.start, fr.end, fr.scope))
                continue
            if fr.side is None and fr.kind == "reason" and not (
                    episodes.items_apart(self, fr)):
                # "... رداً على هجمات صاروخية": what is answered is the other side's action
                # (not the items of "بعد ساعات من استهداف رتلين آخرين، الأول ...": the
                # announcing clause says who acted)
                main_side = next((g.side for g in reversed(done)
                                  if g.sent.index == fr.sent.index and g.kind != "reason"
                                  and g.side in DYAD_SIDES), None)
                if main_side and (cues.NTH_OCCURRENCE.search(self.doc.text, fr.sent.start, fr.start)
                                  or context.similar_event(self, fr)):
                    # "وهذا الاستهداف هو الثاني، بعد استهداف وقع أمس": an earlier one of the
                    # same series, not an action answered
                    fr.side = main_side
                    tr = fr.triggers[0]
                    fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.55,
                                    "an earlier incident of the series the clause counts")
                elif main_side:
                    fr.side = opposite(main_side)
                    tr = fr.triggers[0]
                    fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.55,
                                    "the action answered ('رداً على') is the other side's")
            if fr.side is None and fr.head is not None:
                # "شنت طائرات أمريكية غارتين، الأولى ... والثانية ...": the announcing clause
                # says who acted
                head = fr.head
                if head.side is None and head.side_ev is None:
                    self.frame_places(head)
                    self.resolve_side(head)
                if head.side in (US, MILITIA, IRAN, UNATTRIBUTED) and not head.scope:
                    fr.side = head.side
                    fr.side_ev = head.side_ev
            if fr.side is None:
                airish = fr.trig_kind in ("strike", "raid") or weapons & cues.AIR_WEAPONS
                near = [sd for i, sd in recent_sides if fr.sent.index - i <= 1]
                cand = last_by_side.get(US) if airish else last
                if near and not airish and (near[-1] in last_by_side or fr.date is not None
                                            or fr.sent.lead):
                    cand = last_by_side.get(near[-1])
                    if cand is None:
                        fr.side = near[-1]
                        tr = fr.triggers[0]
                        fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.5,
                                        "same side as the attacks discussed just before")
                keys = {p.key for p in fr.sites if p.info.get("site_id")}
                if keys and cand is not None and not keys & self._incident_keys(cand):
                    # "... في حي هرابش بمدينة دير الزور" after a militia attack near Hasakah:
                    # a clause without a side cue continues the incident told at its place
                    at = next((i for i in reversed(incidents) if keys & self._incident_keys(i)
                               and i.side in DYAD_SIDES), None)
                    if at is not None:
                        cand = at
                if fr.date is None and cand is not None and cand.date is not None and not keys:
                    # "أعلن البنتاغون الليلة الماضية مقتل ...، بعد أن استهدفت طائرة مسيرة
                    # قاعدة": an undated clause continues the incident its sentence dates
                    sd = self._sentence_day(fr, ref)
                    if sd is not None and not self._date_ok(sd, cand.date, False):
                        at = next((i for i in reversed(incidents) if i.side in DYAD_SIDES
                                   and i.date is not None and i.date[1] == "day"
                                   and i.date[0] == sd[0]), None)
                        if at is not None:
                            cand = at
                if fr.date is not None and fr.date[1] == "day" and cand is not None \
                        and cand.date is None:
                    # "ولم تعلن أي جهة مسؤوليتها عن هجوم اليوم" after an undated aside on
                    # an old strike: a dated clause continues the incident of its day
                    at = next((i for i in reversed(incidents) if i.side in DYAD_SIDES
                               and i.date is not None and i.date[1] == "day"
                               and i.date[0] == fr.date[0]), None)
                    if at is not None:
                        cand = at
                if cand is None and airish:
                    cand = last_by_side.get(UNATTRIBUTED)
                if fr.side is not None:
                    pass
                elif cand is not None and (fr.anaphoric or fr.date is None
                                           or self._date_ok(fr.date, cand.date, True)):
                    fr.side = cand.side
                    tr = fr.triggers[0]
                    fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.5,
                                    "continues the incident told just before")
                elif airish and fr.target in (MILITIA, None) and (fr.date is not None or fr.sent.lead):
                    fr.side = UNATTRIBUTED if fr.target == MILITIA else None
                    if fr.side:
                        tr = fr.triggers[0]
                        fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.4,
                                        "air strike on militia by an unnamed party")
                elif context_side and (fr.date is not None or fr.sent.lead):
                    fr.side = context_side
                    tr = fr.triggers[0]
                    fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.45,
                                    "same side as the attacks discussed just before")
                if fr.side is None:
                    self.skipped.append(self._skip_record(
                        fr.start, fr.end, "no cue to who acted (no US, militia or Iran mention)"))
                    continue
            prev_context = context_side
            context_side = fr.side
            recent_sides.append((fr.sent.index, fr.side))
            done.append(fr)
            if fr.target is None:
                fr.target = opposite(fr.side)
            other_item = episodes.other_items_of_the_day(self, fr, last)
            if other_item and fr.date is None:
                # "وقبل ساعات تعرض رتلان ...، الأول قرب الناصرية والثاني قرب الديوانية":
                # other incidents of the day just told, each at its own place
                d0, tr = last.date, fr.triggers[0]
                rule = "an item told hours from the incident just told: same day"
                fr.date = (d0[0], d0[1], 0.6, rule, Ev("date", d0[0].isoformat(), tr.start,
                                                       tr.end, 0.6, rule), False)
            if fr.date is None and fr.kind not in _BACKGROUND_KINDS:
                # "تعرضت قواتها اليوم الاثنين لهجمات جديدة" then "... في قاعدة عين الأسد
                # تعرضت لهجوم": an item of the round announced just before
                fr.date = episodes.item_of_announced_round(self, fr, announced)
            if fr.date is None and fr.kind not in _BACKGROUND_KINDS and not fr.anaphoric:
                # "استهدفت غارة ... مساء الأحد، فيما استهدفت غارة ثانية ...": a new strike
                # told in the same sentence shares the date of the clause before it
                prev = next((g for g in reversed(done[:-1]) if g.sent.index == fr.sent.index
                             and g.date is not None and g.kind not in _BACKGROUND_KINDS
                             and g.side == fr.side and not g.lead_default), None)
                if prev is not None:
                    fr.date = prev.date
            # a plural militia "attacks" without a date of its own only refers back
            if fr.side in ATTACKING_SIDES and fr.plural and fr.date is None:
                fr.weak = True
                if len({c for c, _, _ in fr.countries}) >= 2:
                    # "نحو 70 جنديا أصيبوا في الهجمات في سورية والعراق": a toll of the
                    # attacks in several countries, no one incident's
                    self.skipped.append(self._skip_record(fr.start, fr.end, _SEVERAL_COUNTRIES))
                    continue
            own_sentence = context.follows_at_once(self, fr, done, ref)
            target = None
            sides = {fr.side} | ({US, UNATTRIBUTED} if fr.side in STRIKING_SIDES
                                 else set())
            if fr.side == MILITIA and not any(a.info.get("side") == MILITIA
                                                for a in fr.agent_actors):
                # an attack on a US base with no militia named may continue Iran's attack
                # ("وشنت طهران هجوماً ... واستهدف القصف الصاروخي قاعدة عين الأسد")
                sides.add(IRAN)
            cands = [i for i in reversed(incidents) if i.side in sides]
            if other_item:
                keys = {p.key for p in fr.sites}
                cands = [i for i in cands if keys and keys & {p.key for g in i.frames
                                                            for p in g.sites}]
            if own_sentence:
                # the event the clause follows is another one than its sentence's
                cands = [i for i in cands if not any(g.sent.index == fr.sent.index
                                                     for g in i.frames)]
            else:
                # an event told in such an aside is the last a later clause continues
                cands = [i for i in cands if i.cid not in asides] + \
                    [i for i in cands if i.cid in asides]
            if fr.anchor_mention is not None and fr.anchor_mention.offset == 0 and cands:
                target = cands[0]                  # "حينها": the incident just told
            elif fr.date is not None:
                # "ويعد هذا القصف هو الثاني، حيث تم استهدافها ... مطلع الشهر": after "the
                # second" a date of the month only tells the earlier occurrence
                earlier = fr.date[1] == "month" and bool(cues.NTH_OCCURRENCE.search(
                    self.doc.text, fr.start, fr.date[4].start if fr.date[4] else fr.end))
                pluperfect = bool(cues.BACKGROUND_CUE.search(
                    self.doc.text, fr.sent.start, min(fr.sent.end, fr.sent.start + 12))
                    or cues.BACKGROUND_CUE.search(self.doc.text,
                                                 fr.start, min(fr.end, fr.start + 12)))
                for inc in cands:
                    idate = inc.date
                    if earlier and idate is not None and idate[1] == "day":
                        continue
                    if context.month_elsewhere(fr, inc):
                        continue
                    if pluperfect and idate is not None and idate[1] == "day" and (
                            fr.date[1] != "day" or fr.date[0] != idate[0]) and not any(
                            g.lead_default for g in inc.frames if g.date is not None):
                        # "وكانت القاعدة قد تعرضت لهجوم ... مطلع الشهر الجاري": told in the
                        # pluperfect with a date of its own, an earlier incident
                        continue
                    weak_date = idate is None or all(g.lead_default for g in inc.frames
                                                     if g.date is not None)
                    if weak_date and inc is cands[0] and self._place_ok(fr, inc) and (
                            idate is None or abs((fr.date[0] - idate[0]).days) <= 7) and not (
                            idate is not None and fr.date[0] != idate[0]
                            and cues.BACKGROUND_CUE.search(
                                self.doc.text, fr.sent.start,
                                min(fr.sent.end, fr.sent.start + 12))):
                        # (not "وكان مسؤولون قد أعلنوا، الأربعاء الماضي، ...": told in the
                        # pluperfect with a date of its own, an earlier attack)
                        target = inc
                        break
                    if idate is not None and self._date_ok(fr.date, idate, fr.anaphoric or fr.date[5]) \
                            and self._place_ok(fr, inc):
                        target = inc
                        break
                    if idate is not None and self._place_ok(fr, inc) \
                            and acting.said_date_retold(self, fr, inc):
                        target = inc             # a retelling of an act dated by its saying
                        break
                if target is None and fr.anaphoric:
                    for inc in cands[:1]:
                        if inc.date is None and self._place_ok(fr, inc):
                            target = inc
            else:
                if fr.weak and not fr.anaphoric:
                    cands = []                     # "هجمات على ..." in general: not an incident
                if (fr.sent.lead or fr.sent.title) and not fr.weak:
                    # headline-body merging: the lead tells the headline's incident again
                    # ("غارات أميركية ... في العراق وسوريا" / "شنت الولايات المتحدة غارات ...")
                    heads = [inc for inc in cands
                             if all(g.sent.title for g in inc.frames) and self._place_ok(fr, inc)]
                    if heads and not fr.sent.title:
                        target = heads[0]
                if not (fr.sent.lead or fr.sent.title) or fr.anaphoric or fr.weak:
                    ok = [inc for inc in cands if self._place_ok(fr, inc)]
                    recent = [inc for inc in ok
                              if fr.sent.index - max(g.sent.index for g in inc.frames) <= 2]
                    if recent:
                        target = recent[0]
                        # "... قذيفة استهدفت القاعدة" after an aside on earlier drones: the
                        # clause's weapon names the incident of its kind
                        alt = episodes.incident_of_its_weapon(fr, target, ok)
                        if alt is not None:
                            target = alt
                    elif ok:
                        target = min(ok, key=lambda i: i.cid)   # the report's first (lead) one
            if target is None and fr.date is None and self._continues_list(fr, last):
                # "وذكرت سلسلة بيانات ... أنها استهدفت قاعدة ... في عين الأسد", "كذلك، أعلنت
                # استهدافها أيضاً قاعدة ...": another attack of the day just told
                d0 = last.date
                tr = fr.triggers[0]
                rule = "continues the list of attacks told just before: same day"
                fr.date = (d0[0], d0[1], 0.6, rule, Ev("date", d0[0].isoformat(), tr.start,
                                                       tr.end, 0.6, rule), False)
                fr.anaphoric = False
                fr.weak = False
            if target is None and (fr.weak or (fr.date is None and fr.kind in _BACKGROUND_KINDS)
                                   or (fr.anaphoric and fr.date is None
                                       and not (fr.sent.lead or fr.sent.title))):
                self.skipped.append(self._skip_record(
                    fr.start, fr.end, "refers back to an incident that was not told"))
                continue
            action = "merged"
            if target is None:
                target = Incident(fr.side, cid=len(incidents))
                incidents.append(target)
                action = "new"
                if fr.date is None and ref is not None and (
                        fr.sent.lead or fr.sent.title or episodes.told_as_new(self, fr)) \
                        and fr.kind not in _BACKGROUND_KINDS:
                    # ("نفذت المقاومة هجومين جديدين ...": attacks told as new are the news)
                    tr = fr.triggers[0]
                    rule = "no date in the lead: publication date assumed"
                    fr.date = (ref, "day", 0.35, rule,
                               Ev("date", ref.isoformat(), tr.start, tr.end, 0.35, rule), False)
                    fr.lead_default = True
            target.frames.append(fr)
            if target.side == IRAN and fr.side == MILITIA:
                fr.side = IRAN
            if target.side == UNATTRIBUTED and fr.side == US and acting.names_the_actor(fr):
                target.side = US                 # a later sentence names the US
            self._trace(fr, f"{action} incident {target.cid}")
            if own_sentence or (action == "new" and fr.kind in _BACKGROUND_KINDS):
                # an event told in a reason or "since" clause is an aside: the report goes
                # on with its sentence's incident
                asides.add(target.cid)
                context_side = prev_context
                recent_sides.pop()
                continue
            last = target
            last_by_side[fr.side] = target
        for inc in incidents:
            # "...، مضيفةً أن طائرة أميركية قصفت مجموعة ضالعة في الهجوم": the day of the
            # attack its sentence told
            if inc.frames and (inc.date is None or not any(
                    f.countries or f.weak_countries for f in inc.frames)):
                episodes.answer_in_its_sentence(self, inc.frames[0], incidents)
        # undated incidents: the lead defaults to the publication date
        for inc in incidents:
            if inc.date is None and ref is not None and any(f.sent.lead or f.sent.title
                                                            for f in inc.frames):
                f0 = inc.frames[0]
                tr = f0.triggers[0]
                f0.date = (ref, "day", 0.35, "no date in the lead: publication date assumed",
                           Ev("date", ref.isoformat(), tr.start, tr.end, 0.35,
                              "no date in the lead: publication date assumed"), False)
                f0.lead_default = True
        return incidents

    # -- sentences that only place an incident -------------------------------------------
    def attach_site_sentences(self, incidents):
        """A sentence with no attack word that puts the incident's people or defences at a
        gazetteer facility ("الجنود كانوا في البرج رقم 22", "القدرات الدفاعية في قاعدة عين
        الأسد") gives that incident its site, when it follows one of its clauses within two
        sentences and the incident names no facility in that country yet."""
        t = self.doc.text
        framed = {f.sent.index for inc in incidents for f in inc.frames}
        for s in self.sents:
            if s.index in framed or not s.arabic:
                continue
            places = [p for p in self.places if s.start <= p.start < s.end
                      and p.info.get("kind") in ("base", "airport", "embassy", "oilfield")
                      and p.info.get("site_id")]
            places = [p for p in places if cues.PRESENT_AT.search(
                t, max(s.start, p.start - len(p.info.get("clitic", "")) - 60),
                p.start - len(p.info.get("clitic", "")))]
            if len(places) != 1 or cues.DENIAL.search(t, s.start, s.end):
                continue
            p = places[0]
            owners = [(s.index - max(f.sent.index for f in inc.frames if f.sent.index < s.index),
                       inc) for inc in incidents
                      if any(f.sent.index < s.index for f in inc.frames)]
            owners = [(k, inc) for k, inc in owners if k <= 2]
            if not owners:
                continue
            inc = min(owners, key=lambda x: x[0])[1]
            if inc.side not in ATTACKING_SIDES or not p.info.get("us_hosted"):
                continue
            c = p.info.get("country")
            have = [q for f in inc.frames for q in f.sites
                    if q.info.get("country") == c and q.info.get("kind") in
                    ("base", "airport", "embassy", "oilfield")]
            cs = {x for f in inc.frames for x, _, _ in f.countries}
            if have or (cs and c not in cs):
                continue
            f0 = next(f for f in inc.frames if f.sent.index < s.index)
            self._add_site_frame(inc, f0, s, p, "the sentence places the incident there")
        for inc, s, p in episodes.targeted_place_sentence(self, incidents):
            # "كان يراقب الموقع المستهدف في محافظة دير الزور"
            f0 = next(f for f in inc.frames if f.sent.index < s.index)
            self._add_site_frame(inc, f0, s, p, "named as the place of the target")
        # "نفذت القوات ضربات ... بعد مقتل الجنود في الهجوم على البرج 22": the facility that
        # a strike clause names as the object of the attack it answers is that attack's site
        for inc in incidents:
            if inc.side not in STRIKING_SIDES:
                continue
            for f in inc.frames:
                for p in f.mentions["place"]:
                    if p in f.sites or not p.info.get("us_hosted") or not p.info.get("site_id") \
                            or not self._other_event_place(f, p.start - len(p.info.get("clitic", ""))):
                        continue
                    c = p.info.get("country")
                    owners = [i for i in incidents if i.side in ATTACKING_SIDES
                              and c in {x for g in i.frames for x, _, _ in g.countries}
                              and not any(q.info.get("kind") in FACILITY_KINDS
                                          for g in i.frames for q in g.sites)]
                    if len(owners) == 1:
                        self._add_site_frame(owners[0], owners[0].frames[0], f.sent, p,
                                             "named as the object of the attack a strike answers")

    def _add_site_frame(self, inc, f0, s, p, why):
        """Give incident ``inc`` the site ``p`` named in sentence ``s`` (a frame copied from
        ``f0`` with only that place)."""
        c = p.info.get("country")
        ev = Ev("country", c, p.start, p.end, 0.8, f"{p.info['name']} is in {c} (gazetteer); {why}")
        extra = replace(f0, sent=s, start=s.start, end=s.end, sites=[p], countries=[(c, ev, True)],
                        weak_countries=[], date=None, lead_default=False, head=None,
                        mentions={**f0.mentions, "place": [p], "casualty": [], "weapon": []},
                        order=f0.order)
        inc.frames.append(extra)
        self._trace(extra, f"site sentence for incident {inc.cid}")

    # -- casualty-only sentences ------------------------------------------------------------
    def attach_orphan_casualties(self, incidents):
        """Casualty figures in a sentence without a frame go to the incident of the
        sentence before (same or next paragraph)."""
        framed = {(f.sent.index) for inc in incidents for f in inc.frames}
        by_sent = {}
        for inc in incidents:
            for f in inc.frames:
                by_sent[f.sent.index] = (inc, f)
        tolls = [r for r in self.skipped if r["reason"] == _SEVERAL_COUNTRIES]
        for c in self.casualties:
            sent = next((s for s in self.sents if s.start <= c.start < s.end), None)
            if sent is None or sent.index in framed:
                continue
            a, _ = self.doc.orig(c.start, c.end)
            if any(r["start"] <= a < r["end"] for r in tolls):
                continue                   # (a toll of attacks in several countries)
            prev = by_sent.get(sent.index - 1)
            if prev is None or self.sents[sent.index - 1].para not in (sent.para, sent.para - 1):
                continue
            inc, f = prev
            f.mentions["casualty"].append(c)

    # -- drafts ----------------------------------------------------------------------------
    def drafts(self, incidents, ref):
        """Stage 5 (clusters -> drafts). One row per incident and site
        (:func:`.drafts.rows_for`), the lead's incident ``main``, retaliation links from
        reason clauses; undated incidents are skipped with the reason. Returns
        ``(row, evidence, incident, role, frames)`` tuples."""
        rows = []
        lead_incidents = [i for i in incidents if any((f.sent.lead or f.sent.title)
                                                      and f.kind not in _BACKGROUND_KINDS
                                                      for f in i.frames)]
        if not lead_incidents and incidents:
            lead_incidents = [max(incidents, key=lambda i: (len(i.frames), -i.cid))]
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
