"""Stage 3 of the coder (:mod:`analysis.coding.extract`), the acting side: the role of each
actor in a frame (agent, target, neutral) from the words around it, and the frame's side
from the weighted evidence of :mod:`.cues` (who is the subject of a strike verb, what
follows "على"/"ضد"/"تعرضت ... لـ", facilities "تابعة لـ" a group, bases that host US
forces, nationality adjectives, whose casualties are counted, the kind of trigger).

The rules are methods of :class:`_RoleRules`, one of the parts the private extractor
class ``analysis.coding.extract._Extractor`` is made of (with :mod:`.reading`,
:mod:`.framing` and :mod:`.clustering`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import acting, constructs, context, cues, scope
from .frames import Ev, Frame, opposite
from .lexicon import (AGENT_SIDE, ATTACKING_SIDES, DYAD_SIDES, IRAN, MILITIA, UNATTRIBUTED,
                      US, Mention)
from .normalize import norm_pattern

#: "أطلقت من إيران", "انطلقت من الأراضي الإيرانية": launched from Iran's territory
_FROM_IRAN_LAUNCH = re.compile(norm_pattern(
    r"(?<![\w])(?:أطلقت|أطلق|انطلقت|انطلق|أطلقتها|مطلقة)\s+من\s+(?:داخل\s+)?"
    r"(?:إيران|الأراضي\s+الإيرانية)(?![\w])"))
#: right after ballistic or cruise missiles: "صاروخا باليستيا من إيران"
_FROM_IRAN = re.compile(norm_pattern(r"\s*(?:\S+\s+)?من\s+(?:داخل\s+)?(?:إيران|الأراضي\s+الإيرانية)(?![\w])"))
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



class _RoleRules:
    """Stage 3 rules of the extractor: actor roles and the acting side."""

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
        if cues.ACCORDING_TO_BEFORE.search(before):
            return "source", "the source of what is told ('بحسب X')"
        if scope.shooter(self, a) and a.info.get("side") in ATTACKING_SIDES:
            # (US forces shooting a drone down: an intercepted attack of the other side,
            # read below as before)
            return "agent", "subject of the shoot-down verb"
        if cues.BY_AGENT_BEFORE.search(before) and not acting.by_agent_of_another_noun(self, fr, a):
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
        if verb_m and re.match(r"من\s+قبل", verb_m.group(0).lstrip("وفبلك")) \
                and acting.by_agent_of_another_noun(self, fr, a):
            verb_m = None              # "استنفار شهدته القاعدة من قبل قوات التحالف"
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
        a = constructs.forces_of_the_that_clause(self, fr) if not fr.agent_actors else None
        if a is not None and a.info.get("side") in DYAD_SIDES:
            # "أن القوات المسلحة للولايات المتحدة في سوريا ... أطلقت نيرانا" (coder21)
            add(a.info["side"], 3.0, Ev("side", a.info["side"], a.start, a.end, 0.75,
                                        f"{a.info['name']}: forces named after 'أن', subject "
                                        "of its verb"))
            fr.agent_actors.append(a)
            fr.target_actors = [x for x in fr.target_actors if x is not a]
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
                if w.key not in ("helicopter", "drone", "artillery") or cues.TARGET_BEFORE.search(
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
        # missiles launched from Iran ("الصواريخ أطلقت من إيران على أربيل", "12 صاروخا
        # باليستيا من إيران"): Iran's own forces, unless a militia is the agent (coder19)
        if not (fr.claim_actors or any(a.info.get("side") == MILITIA for a in fr.agent_actors)):
            m = _FROM_IRAN_LAUNCH.search(t, fr.start, fr.end)
            if m is None:
                for w in fr.mentions["weapon"]:
                    if w.key in ("ballistic_missile", "cruise_missile"):
                        m = _FROM_IRAN.match(t, w.end, min(fr.end, w.end + 40))
                        if m:
                            break
            if m:
                add(IRAN, 3.0, Ev("side", IRAN, m.start(), m.end(), 0.75,
                                  "missiles launched from Iran"))
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
            # (nor the site whose defences downed the drone: "تمكنت منظومة الدفاع في السفارة
            # الأمريكية من اعتراض صاروخ")
            return first_verb is not None and pos < first_verb and fr.trig_kind != "shootdown" \
                and not cues.TARGET_BEFORE.search(
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
        for ev in context.us_persons_hit(self, fr) + constructs.speakers_own_troops(self, fr) \
                + constructs.convoy_of_the_us(self, fr):
            if ev.value == MILITIA:      # (who was killed by a US strike: other cues say)
                targets.append((US, Ev("target_side", US, ev.start, ev.end, 0.7, ev.rule)))
            add(ev.value, 2.0, ev)
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
        if fr.side == MILITIA and not fr.scope and US not in [s_ for s_, _ in targets] \
                and _ISRAELI_SITE.search(t, fr.start, fr.end):
            # "استهدفت موقعا إسرائيليا في غور الأردن", "هدفا ... بأراضينا المحتلة" (coder22)
            fr.scope = "target is an Israeli site: outside the militia-US dyad"
        if fr.side == US and not fr.scope and fr.target == IRAN and all(
                s_ == IRAN for s_, _ in targets) and any(
                _IRAN_ITSELF.search(t, max(fr.start, a.start - 12), a.end)
                for a in fr.target_actors if a.info.get("side") == IRAN):
            # "هجمات عسكرية ضد إيران": the war on Iran itself, not a strike in the case's
            # countries though the clause names one ("في سماء سوريا") (coder22)
            fr.scope = "a strike on Iran itself: outside Iraq, Syria and Jordan"
        return fr


#: an Israeli site as the object of a militia attack (coder22): a site noun with the
#: adjective, or the occupied land ("أراضينا المحتلة", "فلسطين المحتلة")
_ISRAELI_SITE = re.compile(norm_pattern(
    r"(?<![\w])(?:ال)?(?:موقع|موقعا|موقعاً|هدف|هدفا|هدفاً|أهداف|أهدافا|مواقع|قاعدة|منشأة|منشآت|ميناء|مطار)"
    r"\s+(?:(?:ال)?(?:حيوي|حيويا|حيوياً|عسكري|عسكريا|عسكرياً)\s+)?(?:ال)?"
    r"(?:إسرائيلي|إسرائيليا|إسرائيلياً|إسرائيلية|إسرائيليًا|للاحتلال|صهيوني|صهيونيا|صهيونياً|صهيونية)(?![\w])"
    r"|(?<![\w])[بفيو]*(?:ال)?(?:أراضينا|أراضي|الأراضي|فلسطين)\s+(?:ال)?المحتلة(?![\w])"))
#: Iran named by the country or its capital as the object ("ضد إيران", "على طهران")
_IRAN_ITSELF = re.compile(norm_pattern(r"(?<![\w])(?:ضد|على)\s+(?:إيران|طهران)(?![\w])"))
