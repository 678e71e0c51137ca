"""Stage 2 of the coder (:mod:`analysis.coding.extract`): the mentions of one document
(dates, numbers, casualty statements, actors, places, countries, weapons, triggers, clock
times) and the reference date relative expressions resolve against.

The rules are methods of :class:`_MentionRules`, one of the parts the private extractor
class ``analysis.coding.extract._Extractor`` is made of (with
:mod:`.framing`, :mod:`.roles` and :mod:`.clustering`); they read and set the
extractor's state (``self.doc``, ``self.lex``, the mention lists).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from . import constructs, context, cues, episodes, scope
from . import sites as sites_mod
from .casualties import find_casualties
from .dates import find_dates
from .lexicon import DYAD_SIDES, Mention
from .normalize import norm_pattern
from .numbers import find_numbers

#: the actor id of ISIS in the actor table (the bare "التنظيم" of a report naming it)
_ISIS = "islamic-state"

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


# "X في محافظة Y", "X بمدينة Y": the gap between a place and the place it is said to lie in
_PLACED_IN = re.compile(norm_pattern(r"\s*[,،]?\s*(?:في|ب|داخل|ضمن)\s*(?P<gov>(?:ال)?محافظة\s*)?"
                                     r"(?:(?:ال)?(?:مدينة|قضاء|ناحية)\s*)?"))



class _MentionRules:
    """Stage 2 rules of the extractor: mentions and the reference date."""

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
        # "قرى خشام والجفرة والحويجة والمريعية": unknown names in a list of villages
        self.places = sorted(self.places + keep(episodes.listed_settlements(
            self.lex, t, self.places, self.sents)), key=lambda m: m.start)
        self.countries = keep([m for m in ents if m.cat == "country"])
        self.places = [p for p in self.places if not self._placed_elsewhere(p)
                       and not scope.in_outlet_name(t, p)
                       and not scope.dateline_place(t, self.sents, self.places, p)]
        self.weapons = keep(self.lex.find_weapons(t))
        self.triggers = keep(self.lex.find_triggers(t))
        taken = [(m.start, m.end) for m in self.triggers]
        self.triggers = sorted(self.triggers + keep([
            m for m in constructs.reply_triggers(t) + constructs.aggression_triggers(t)
            + constructs.long_intercept_triggers(t)
            if not any(m.start < e and s < m.end for s, e in taken)]), key=lambda m: m.start)
        self.numbers = find_numbers(t)
        self.dates = [d for d in keep(find_dates(t)) if not scope.date_in_outlet_name(t, d)]
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
        if p.info.get("kind") in sites_mod.FACILITY_KINDS and nxt.cat == "place":
            # "البرج 22 في منطقة الركبان": a named facility in an area across the border is
            # that facility, loosely placed (not another of the same name)
            return False
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
