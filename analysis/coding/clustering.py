"""Stage 4 of the coder (:mod:`analysis.coding.extract`): frames read in order are merged
into incidents (:class:`~analysis.coding.frames.Incident`): a frame joins an earlier
incident of the same side when its date and place agree, or when it refers back without
a new date; otherwise it starts a new incident. Sentences that only place an incident
(no attack word) give it its site, and casualty-only sentences join the incident told
before them.

The rules are methods of :class:`_ClusterRules`, one of the parts the private extractor
class ``analysis.coding.extract._Extractor`` is made of (with :mod:`.reading`,
:mod:`.framing` and :mod:`.roles`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from . import acting, constructs, context, cues, episodes
from .dates import resolve
from .frames import Ev, Frame, Incident, opposite
from .lexicon import (ATTACKING_SIDES, DYAD_SIDES, IRAN, MILITIA, STRIKING_SIDES,
                      UNATTRIBUTED, US)
from .sites import FACILITY_KINDS

_BACKGROUND_KINDS = context.BACKGROUND_KINDS
_SEVERAL_COUNTRIES = "attacks in several countries told together"


class _ClusterRules:
    """Stage 4 rules of the extractor: clustering frames into incidents."""

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
        if constructs.same_base_retold(self, fr, inc):
            return True                    # (one base told under two names: coder21)
        if episodes.another_elsewhere(self, fr, inc):
            return False                   # "انفجرت عبوة أخرى برتل قرب الديوانية"
        if episodes.convoy_not_the_base(self, fr, inc):
            return False                   # "كما تعرض رتل ... لهجوم بعبوة ناسفة"
        f_sites = {p.key for p in fr.sites if p.info.get("us_hosted")}
        i_sites = {p.key for g in inc.frames for p in g.sites if p.info.get("us_hosted")}
        if inc.side in ATTACKING_SIDES:
            if f_sites and i_sites and not f_sites & i_sites and not (
                    (fr.anaphoric or fr.date is None or fr.date[3] in episodes.ITEM_RULES)
                    and self._sentences_after(inc, fr) <= 1
                    and episodes.round_on_several_bases(self, inc)):
                # (a base named after "الهجوم" of a round on "two bases", in the next
                # sentence, is one of them)
                return False
            f_c = {c for c, _, _ in fr.countries}
            i_c = {c for g in inc.frames for c, _, _ in g.countries}
            if len(f_c) == 1 and i_c and not f_c & i_c:
                return False
            if fr.anaphoric and fr.date is None and all(
                    not x.info["verb"] and x.info.get("definite") for x in fr.triggers):
                # "الهجوم الأخير على قاعدة الجيش الأمريكي في الحسكة" after attacks on bases
                # in Deir ez-Zor: an attack noun referring back at a place of another
                # governorate is another one (not "هاجمت هذه الفصائل قاعدتي ...": a verb)
                # (coder19)
                # (only a town, as of an unnamed base: a named base may be the other of
                # "القاعدتين" told before)
                f_a = {p.info.get("admin1") for p in fr.sites if p.info.get("site_id")}
                if any(p.info.get("kind") in FACILITY_KINDS for p in fr.sites):
                    f_a = set()
                i_a = {p.info.get("admin1") for g in inc.frames for p in g.sites
                       if p.info.get("site_id")}
                if f_a and i_a and None not in f_a | i_a and "" not in f_a | i_a \
                        and not f_a & i_a:
                    return False
        return True

    def _sentences_after(self, inc: Incident, fr: Frame) -> int:
        """Sentences from the incident's last to the frame's, not counting a sentence
        that only names an earlier occurrence of a series (:meth:`_counted_earlier`)."""
        last = max(g.sent.index for g in inc.frames)
        asides = getattr(self, "_series_sents", set())
        return fr.sent.index - last - len({i for i in asides if last < i < fr.sent.index})

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
        told_later: list = []            # (frame, index of its skip record)
        series_asides: set = set()       # earlier occurrences a series count names
        scoped_last = None               # (sentence, side, why) of the last out-of-scope act
        self._series_sents = set()
        announced: dict = {}              # side (or None) -> a round announced with a day
        for fr in frames:
            anchor = None
            if last is not None and last.date is not None:
                anchor = last.date[0]
            self.frame_date(fr, ref, anchor)
            if fr.date is None:
                # "- استهداف قاعدة حرير ..." under "... اليوم السبت الهجمات التالية:"
                fr.date = context.list_item_date(self, fr, ref)
            self.frame_places(fr)
            episodes.country_of_the_base(self, fr)          # "أن القاعدة الأمريكية تعرضت"
            self.resolve_side(fr)
            context.responder_side(self, fr)
            context.answered_country(fr, done)
            context.country_in_group_name(fr)
            ann = episodes.round_announced(self, fr, last)
            if ann is not None:
                announced[ann[1]] = ann
            elif fr.date is not None and not fr.generic and not self._counted_earlier(fr):
                # (a strike of the other side told with its own day between the round and
                # its items does not end the round; nor does an earlier occurrence a series
                # count names: "هذا الاستهداف هو الثاني، بعد استهداف آخر في 25 من الشهر")
                for sd, a in list(announced.items()):
                    if fr.date[0] != a[2][0] and (sd is None or fr.side in (None, sd)):
                        del announced[sd]
            weapons = {w.key for w in fr.mentions["weapon"]}
            if fr.generic:
                if fr.side in DYAD_SIDES and not fr.scope:
                    recent_sides.append((fr.sent.index, fr.side))
                self.skipped.append(self._skip_record(fr.start, fr.end, fr.generic))
                continue
            if not fr.scope and scoped_last is not None and fr.anaphoric \
                    and fr.side in (scoped_last[1], None) and not fr.sites \
                    and 0 <= fr.sent.index - scoped_last[0] <= 2:
                # "أعلنت سنتكوم قتلها قيادياً في تنظيم الدولة بغارة ... وشنت القوات الأميركية
                # الضربة الجمعة": "the strike" is the out-of-scope one just told (coder19)
                fr.scope = "refers back to an event outside the dyad: " + scoped_last[2]
            if fr.scope:
                self.skipped.append(self._skip_record(fr.start, fr.end, fr.scope))
                if fr.side in DYAD_SIDES:
                    scoped_last = (fr.sent.index, fr.side, scoped_last[2]
                                   if fr.scope.startswith("refers back") else fr.scope)
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
            scoped_last = None
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
                # "وبعد ساعات، تعرضت قاعدة حرير لهجوم": another item of the day just told
                fr.date = episodes.later_the_same_day(self, fr, last)
            if fr.date is None and fr.kind not in _BACKGROUND_KINDS:
                # "تعرضت قواتها اليوم الاثنين لهجمات جديدة" then "... في قاعدة عين الأسد
                # تعرضت لهجوم": an item of the round announced just before
                ann = max((a for a in (announced.get(fr.side), announced.get(None)) if a),
                          key=lambda a: a[0], default=None)
                fr.date = episodes.item_of_announced_round(self, fr, ann)
            if fr.date is None and fr.kind not in _BACKGROUND_KINDS and not fr.anaphoric:
                # "استهدفت غارة ... مساء الأحد، فيما استهدفت غارة ثانية ...": a new strike
                # told in the same sentence shares the date of the clause before it
                # (an answer, "ما دفع القوات الأمريكية للرد بمروحيات", shares the date of
                # the attack it answers: coder21)
                reply = any(tr.key == "radd_v" for tr in fr.triggers)
                prev = next((g for g in reversed(done[:-1]) if g.sent.index == fr.sent.index
                             and g.date is not None and g.kind not in _BACKGROUND_KINDS
                             and (g.side == fr.side or reply) and not g.lead_default), None)
                if prev is not None:
                    fr.date = prev.date
            if fr.date is None and fr.kind not in _BACKGROUND_KINDS and last is not None \
                    and last.date is not None and last.side == fr.side \
                    and fr.sent.index - max(g.sent.index for g in last.frames) <= 1 \
                    and (any(constructs.another_not_anaphor(self.doc.text, tr)
                             for tr in fr.triggers)
                         or constructs.same_day_as_told(self.doc.text, fr)):
                # "... قاعدة التنف اليوم. وقال البنتاغون إن مسيرة أخرى استهدفت قاعدة في
                # الأردن": another one of the incident just told, its day (coder21)
                d0, tr = last.date, fr.triggers[0]
                rule = "another one told right after the incident just told: same day"
                fr.date = (d0[0], d0[1], 0.55, rule, Ev("date", d0[0].isoformat(), tr.start,
                                                        tr.end, 0.55, rule), False)
            k = constructs.days_after_it(self, fr) if fr.date is None and last is not None \
                and not fr.anaphoric and last.date is not None and last.date[1] == "day" else None
            if k:
                # "وبعدها بيومين ... وقصفت الطائرات الأميركية 6 مواقع": days after the
                # incident just told (coder21)
                d0, tr = last.date, fr.triggers[0]
                rule = f"{k} day(s) after the incident told just before"
                day = d0[0] + dt.timedelta(days=k)
                fr.date = (day, "day", 0.55, rule, Ev("date", day.isoformat(), tr.start, tr.end,
                                                      0.55, rule), False)
            if fr.date is None and constructs.launched_from_the_struck(self, fr):
                # "قصفت مواقع انطلق منها هجوم على قاعدة ...": the day of the strike
                prev = next((g for g in reversed(done[:-1]) if g.sent.index == fr.sent.index
                             and g.date is not None), None)
                if prev is not None:
                    fr.date = prev.date
            if fr.kind not in _BACKGROUND_KINDS and any(tr.key == "radd_v" for tr in fr.triggers) \
                    and not any(fr.start <= d.start < fr.end for d in self.dates):
                # "هذا دفع القوات الأمريكية للرد ..."، "وقبل 24 ساعة، قال مسؤولون إن قوات
                # تعرضت لهجوم وإن طائرة ردت ...": an answer without a date of its own has the
                # day of the attack told just before (coder21)
                prev = next((g for g in reversed(done[:-1]) if g.date is not None
                             and g.side == opposite(fr.side)), None)
                if prev is not None and (fr.date is None or prev.sent.index == fr.sent.index):
                    fr.date = prev.date
            # a plural militia "attacks" without a date of its own only refers back
            if fr.side in ATTACKING_SIDES and fr.plural and fr.date is None:
                fr.weak = True
                if len({c for c, _, _ in fr.countries}) >= 2:
                    # "نحو 70 جنديا أصيبوا في الهجمات في سورية والعراق": a toll of the
                    # attacks in several countries, no one incident's
                    self.skipped.append(self._skip_record(fr.start, fr.end, _SEVERAL_COUNTRIES))
                    continue
            acting.response_dated_by_its_sentence(self, fr, done)
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
                if not fr.anaphoric:
                    # a new clause is not the earlier occurrence a series count named
                    cands = [i for i in cands if i.cid not in series_asides]
            series_earlier = False
            counted = None
            if fr.anchor_mention is not None and fr.anchor_mention.offset == 0 and cands \
                    and self._place_ok(fr, cands[0]):
                # "حينها": the incident just told (not "بعد ساعات من هجوم مماثل على قاعدة
                # ... في شمال شرق سوريا" after an attack in Iraq: coder19)
                target = cands[0]
            elif fr.date is not None:
                # "ويعد هذا القصف هو الثاني، حيث تم استهدافها ... مطلع الشهر": after "the
                # second" a date of the month only tells the earlier occurrence
                earlier = fr.date[1] == "month" and bool(cues.NTH_OCCURRENCE.search(
                    self.doc.text, fr.start, fr.date[4].start if fr.date[4] else fr.end))
                # a dated reason clause after "the second" of a series tells the earlier
                # occurrence, another incident than the undated one the sentence counts
                series_earlier = fr.date[1] == "day" and self._counted_earlier(fr)
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
                    if weak_date and series_earlier:
                        counted = inc if counted is None else counted
                        # "هذا الاستهداف هو الثاني من نوعه، بعد استهداف آخر طالها في 25
                        # من الشهر": the day of the earlier one is not the counted one's
                        continue
                    if weak_date and inc is cands[0] and self._place_ok(fr, inc) and (
                            idate is None or abs((fr.date[0] - idate[0]).days) <= 7) and not (
                            idate is not None and fr.date[0] != idate[0]
                            and cues.BACKGROUND_CUE.search(
                                self.doc.text, fr.sent.start,
                                min(fr.sent.end, fr.sent.start + 12))
                            and not acting.reported_in_pluperfect(self, fr, idate)):
                        # (not "وكان مسؤولون قد أعلنوا، الأربعاء الماضي، ...": told in the
                        # pluperfect with a date of its own, an earlier attack)
                        target = inc
                        break
                    if idate is not None and self._date_ok(
                            fr.date, idate, (fr.anaphoric or fr.date[5]
                                             or acting.said_of_a_placeless_act(fr, inc))
                            and not fr.own_day) \
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
                told_later.append((fr, len(self.skipped) - 1))
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
            if series_earlier and action == "new" and not fr.sites and counted is not None:
                # "بعد استهداف آخر طالها": the earlier occurrence hit the counted one's base
                fr.sites = [p for g in counted.frames for p in g.sites
                            if p.info.get("kind") in FACILITY_KINDS][-1:]
                if fr.sites:
                    fr.countries = [c for g in counted.frames for c in g.countries
                                    if c[0] == fr.sites[0].info.get("country")][:1]
                series_asides.add(target.cid)
                self._series_sents.add(fr.sent.index)
            target.frames.append(fr)
            if target.side == IRAN and fr.side == MILITIA:
                fr.side = IRAN
            if target.side == UNATTRIBUTED and fr.side == US and acting.names_the_actor(fr):
                target.side = US                 # a later sentence names the US
            self._trace(fr, f"{action} incident {target.cid}")
            if own_sentence or (action == "new" and (fr.kind in _BACKGROUND_KINDS
                                                     or series_earlier)):
                # an event told in a reason or "since" clause is an aside: the report goes
                # on with its sentence's incident
                asides.add(target.cid)
                context_side = prev_context
                recent_sides.pop()
                continue
            last = target
            last_by_side[fr.side] = target
        for fr, k in reversed(told_later):
            # "بعد هجوم مميت ... على أفراد أمريكيين ... في محافظة الحسكة" in the lead, then
            # "بعد هجوم بطائرة مسيرة يوم الخميس استهدف منشأة ...": the undated reason
            # clause told the attack the report dates after it (coder21)
            inc = constructs.told_after(self, fr, incidents)
            if inc is not None:
                inc.frames.append(fr)
                del self.skipped[k]
                self._trace(fr, f"merged incident {inc.cid} (told after it)")
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

    def _counted_earlier(self, fr: Frame) -> bool:
        """A reason clause after "the second" of a series ("وهذا الاستهداف هو الثاني من
        نوعه للقاعدة، بعد استهداف آخر طالها في 25 من الشهر"): it tells the earlier
        occurrence, another incident than the one the sentence counts."""
        return fr.kind == "reason" and bool(
            cues.NTH_OCCURRENCE.search(self.doc.text, fr.sent.start, fr.start))

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
        from .sites import placing_clause_sites
        for inc, f0, s, p in placing_clause_sites(self, incidents):
            # "... استهدف القوات الأمريكية، وأن الدفاعات الجوية في قاعدة عين الأسد تصدت"
            self._add_site_frame(inc, f0, s, p, "its sentence places the incident there")
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
        # (a toll of attacks in several countries, or of a tally or a period: "تعرضت لـ 55
        # هجوما خلال الشهر الماضي، ما أدى إلى إصابة 59 جنديا")
        tolls = [r for r in self.skipped if r["reason"] in (
            _SEVERAL_COUNTRIES, "tally of several attacks", "attacks over a period (since ...)")]
        for c in self.casualties:
            sent = next((s for s in self.sents if s.start <= c.start < s.end), None)
            if sent is None or sent.index in framed:
                continue
            a, _ = self.doc.orig(c.start, c.end)
            if any(r["start"] <= a < r["end"] for r in tolls):
                continue                   # (a toll of several attacks: no incident's)
            prev = by_sent.get(sent.index - 1)
            if prev is None or self.sents[sent.index - 1].para not in (sent.para, sent.para - 1):
                continue
            inc, f = prev
            f.mentions["casualty"].append(c)
