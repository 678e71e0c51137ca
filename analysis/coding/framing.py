"""Stage 3 of the coder (:mod:`analysis.coding.extract`): clauses with an event trigger
become frames (:class:`~analysis.coding.frames.Frame`), unless every trigger is generic
(a tally, series, purpose, threat, hypothetical or negation); a frame collects the
mentions nearest to its triggers, and its date and places.

The rules are methods of :class:`_FrameRules`, one of the parts the private extractor
class ``analysis.coding.extract._Extractor`` is made of (with :mod:`.reading`,
:mod:`.roles` and :mod:`.clustering`). The acting side of a frame is decided in
:mod:`.roles`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from . import acting, constructs, context, cues, episodes, scope
from .dates import DateMention, coordinated_days, resolve
from .frames import Ev, Frame
from .lexicon import ATTACKING_SIDES, MILITIA, US, Mention
from .normalize import norm_pattern
from .segment import clauses


def _in(m, s, e):
    return s <= m.start and m.end <= e


_COMMA = re.compile(r"[,،]")


#: "وتكررت في الفترة الأخيرة الهجمات", "تتوالى منذ أسابيع الضربات": a verb of repetition or
#: growth (a few words before) on plural attacks
_REPEATED_BEFORE = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:تكررت|تتكرر|تكرر|يتكرر|توالت|تتوالى|تزايدت|تتزايد|تصاعدت|تتصاعد|تكثفت|"
    r"تتكثف|تواصلت|تتواصل|استمرت|تستمر)\s+(?:\S+\s+){0,4}?(?:ال)?$"))

#: "أفشلت الدفاعات الجوية محاولة استهداف", "أحبطت القوات محاولة لمهاجمة": an attempt foiled
#: (an interception: the attack was made)
_FOILED_ATTEMPT = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:أفشل|أفشلت|أحبط|أحبطت|أجهض|أجهضت|صد|صدت|تصدت|تصدى|إحباط|إفشال)\s+"
    r"(?:\S+\s+){0,4}?(?:ل)?(?:محاولة|محاولات|محاولتين)\s+(?:ل|لل)?(?:ال)?$"))

#: "على التوالي", "على الترتيب": respectively
_RESPECTIVELY = re.compile(norm_pattern(r"(?<![\w])على\s+(?:التوالي|الترتيب)(?![\w])"))


class _FrameRules:
    """Stage 3 rules of the extractor: frames, their dates and places."""

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
        why = scope.not_the_act(self, trig, clause_start, clause_end) \
            or constructs.attack_of_the_struck(self, trig, clause_start) \
            or constructs.campaign_going_on(self, trig, clause_start, clause_end)
        if why:
            return why
        if trig.key in ("suqut", "saqatat", "fell") and cues.DEPOT_BLAST.search(
                t, clause_start, tstart):
            return "munitions thrown out by an arms depot's explosion, not fire at it"
        foiled = bool(_FOILED_ATTEMPT.search(before))   # "أفشلت الدفاعات محاولة استهداف"
        if (scope.modal_before(before) and not answered and not foiled) \
                or cues.ANY_WORD.search(trig.text):
            # (not "تستعد لرد واسع على هجوم الأحد": the response is planned, the attack
            # it answers happened)
            # "ضرب أي أهداف في سورية": "any" inside the trigger is a hypothetical too
            return "threat, plan or hypothetical"
        if (trig.info["plural"] or trig.key in cues.COUNTABLE) and episodes.last_of_series(
                self, trig, clause_start, clause_end):
            # "لهجمات ... كان آخرها في 20 كانون الثاني", "130 هجوما، آخرها اليوم على ..."
            return ""
        if trig.info["plural"] and cues.HABITUAL.search(t, clause_start, tstart):
            return "habitual: attacks in general ('ودائما ما تتعرض ... لهجمات')"
        stem = trig.text[len(pre):] if trig.text.startswith(pre) else trig.text
        stop = re.search(r"[.،,؛:!?؟]\s*[وف]|[.؛!?؟]", t[trig.end:clause_end])
        if trig.info["verb"] and cues.IMPERFECT_ATTACK.match(stem) and cues.SINCE_PERIOD.search(
                t, clause_start, trig.end + stop.end() if stop else clause_end):
            return "habitual: attacks going on since ('وتستهدف القواعد ... منذ أن')"
        if cues.NEG_BEFORE.search(before):
            return "negated"
        if cues.COPULA_BEFORE.search(before):
            # "ضرب أي أهداف في سورية هو استهداف للمحور": a definition, not an event
            return "characterisation ('هو استهداف ...'), not an event"
        if trig.info["plural"] and _REPEATED_BEFORE.search(before):
            # "وتكررت في الفترة الأخيرة الهجمات", "توالت خلال الأسابيع الماضية الضربات": a
            # series told by its verb
            return "generic or aggregate mention"
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
            if (trig.key == "hajama_v" or cues.PURPOSE_BEFORE.search(before)) and not foiled:
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
                    if not why and tr.info["verb"] and generic \
                            and generic[-1][1] != constructs.DURING_REASON:
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
                fr.generic = constructs.cut_off(self, fr) or fr.generic   # (coder21)
                order += 1
                frames.append(fr)
                days = self._coordinated_day_frames(fr, order)   # "يومي الثلاثاء والأربعاء"
                order += len(days)
                frames.extend(days)
                resp = context.response_frames(self, sent, cl, trigs, order)
                order += len(resp)
                frames.extend(resp)
        return frames

    def _coordinated_day_frames(self, fr, order) -> list:
        """"تعرضت القاعدة لهجومين يومي الثلاثاء والأربعاء": a clause whose own dates are
        coordinated weekdays (:func:`~analysis.coding.dates.coordinated_days`) tells one
        act per day; the frame keeps the first day and a copy per further day is returned."""
        groups = coordinated_days(self.doc.text, fr.mentions["date"])
        if not groups:
            return []
        g = groups[0]
        others = [d for d in fr.mentions["date"] if d not in g]
        out = []
        fr.mentions["date"] = others + [g[0]]
        fr.own_day = True
        for k, d in enumerate(g[1:]):
            cp = copy.copy(fr)
            for name, val in vars(fr).items():      # no list or set shared with fr
                if isinstance(val, (list, set)):
                    setattr(cp, name, type(val)(val))
            cp.mentions = dict(fr.mentions, date=others + [d])
            cp.order = order + k
            out.append(cp)
        # "استهدفت قاعدتي الشدادي والتنف يومي الجمعة والسبت على التوالي": as many sites as
        # days, respectively: each day's frame keeps its own site
        sites = [p for p in fr.mentions["place"] if p.info.get("site_id")]
        if _RESPECTIVELY.search(self.doc.text, fr.start, fr.end) \
                and len({p.key for p in sites}) == len(sites) == len(g):
            for f, p in zip([fr] + out, sites):
                f.mentions = dict(f.mentions, place=[p])
        return out

    def _implicit_attack(self, cl) -> list:
        """"رداً على مقتل 3 جنود أمريكيين في الأردن الأحد الماضي": US troops killed or
        wounded at a dated or placed event imply an attack even without an attack word."""
        hands = acting.at_the_hands(self, cl)     # "قتل ... على يد القوات الأمريكية في"
        if hands:
            return hands
        cas = [c for c in self.casualties if _in(c, cl.start, cl.end) and c.group == US
               and c.kind in ("killed", "wounded")]
        if not cas:
            return constructs.blast_at_a_us_site(self, cl)     # (coder21)
        dated = any(_in(d, cl.start, cl.end) and not d.range and d.kind != "year"
                    for d in self.dates)
        placed = any(_in(p, cl.start, cl.end) for p in self.places + self.countries)
        # (the death told as an accident in the clause or the sentence after it: "مقتل جندي
        # ... في أربيل. وأفادت الوزارة بأن الجندي توفي في حادث غير مرتبط بعملية عسكرية")
        after = [s for s in self.sents if s.start >= cl.end][:1]
        if not (dated and placed) or scope.accident(self, cl.start, after[0].end if after else cl.end):
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
        # (the trigger inside the first item, its subject before it: "تعرضت قاعدة عين الأسد
        # لهجوم صاروخي يوم الجمعة، وقاعدة حرير يوم السبت": the items share its weapon)
        in_item = [w for w in self.weapons for a, b in segs[:1] if _in(w, a, b) and _in(base, a, b)]
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
            if not fr.mentions["weapon"]:
                fr.mentions["weapon"] = list(in_item)
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
        near_anaphor = any((cues.ANAPHOR_NEAR.search(t[max(cl.start, x.start - 12):x.start])
                            and not constructs.another_not_anaphor(t, x))
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
                # (a quotation's "اليوم" counts from the day its speaker spoke)
                r = resolve(d, acting.quote_reference(self, fr, d, ref) or ref,
                            default_year=self.default_year)
            if r is None:
                continue
            has_time = bool(d.time_of_day) and d.kind in ("weekday", "relative", "full")
            rank = {"full": 3, "weekday": 3, "relative": 3, "anchor": 1}.get(d.kind, 0)
            # "قال مسؤول اليوم الأحد إن ... الهجوم ... أمس السبت": the date of the saying
            # yields to the date of the event
            said = bool(cues.SAID_ON.search(self.doc.text, max(fr.sent.start, d.start - 40),
                                            d.start)) or scope.ceremony_date(self, fr, d) \
                or self._date_of_saying(fr, d) or acting.date_of_saying(self, fr, d)
            # ("أعلنت وزارة الدفاع الأميركية "البنتاغون" أمس، أن ...": a longer subject)
            key = (rank, not said, r.precision == "day", r.confidence)
            ev = Ev("date", r.date.isoformat(), d.start, d.end, round(r.confidence, 2),
                    r.note or f"date expression ({d.kind})")
            if best is None or key > best[0]:
                best = (key, (r.date, r.precision, r.confidence, r.note, ev, has_time), d)
        if best is not None:
            fr.date = best[1]
            # only the date of a saying ("قالت ...، يوم الثلاثاء، إن")
            fr.said_date = not best[0][1] or acting.date_of_saying(self, fr, best[2])
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
        return scope.denies_place(self, fr) and not constructs.asserted_against_a_denial(self, fr)

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
                 and not context.series_area(self, fr, p)
                 and not acting.near_across_border(self, fr, p)]
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
            if cues.ORIGIN_BEFORE.search(before) and not constructs.each_of(before):
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
        fr.countries = out or constructs.country_of_the_answered(self, fr)
