"""Who the report says struck: an actor the text does not state is not inferred (issue 14,
coder20).

The gold convention (``tests/gold/README.md``, session 10): a strike on the militias is
side ``us`` only when the report itself attributes it to the US; when the report names no
actor, even where the context (a US campaign going on, threats against US bases, chants,
the anniversary of a US strike) or the reader's knowledge points to the US, it is side
``unattributed``. The frame rules (:mod:`.roles`) give a strike the US side from weaker
cues too (militia facilities hit, militia members killed, an air weapon, the side of the
clause before); :func:`settle_unstated_actor` takes that side back to ``unattributed``
for every incident the report does not attribute.

**What attributes a strike to the US** (:func:`states_us`), in a clause that tells it:

* the US as the agent: the subject of the strike verb or of "شن/نفذ" ("شنت الولايات
  المتحدة غارات", "نفذت طائرات التحالف"), the genitive of "تنفيذ", the owner of the weapon
  ("صواريخ القوات الأمريكية"), the one who announced or claimed its own act ("أعلن
  البنتاغون تنفيذ ضربات"), the one named with "من قبل";
* a nationality adjective on the act or the platform ("غارة أمريكية", "قصف أميركي",
  "طائرة مسيرة أمريكية", "العدوان الأمريكي الذي استهدف");
* a party's accusation, belief or hedge ("اتهمت الكتائب واشنطن بقصف", "حمّلت ... القوات
  الأمريكية المسؤولية", "يعتقد أنها أمريكية", "مرجحة أن الطيران أميركي");
* the US as the responder ("ردت القوات الأمريكية على الهجوم بغارات", "ردت واشنطن بضربات");
* a US official, force or government named in the clause other than as its target, a
  threatened party or a place ("قال مسؤول في البنتاغون إن الضربات استهدفت", "تمكن الجيش
  الأمريكي من قتل ... خلال استهدافه", "قيام الولايات المتحدة بقتل", "استهداف القوات
  الأمريكية مواقع ...", "على يد القوات الأمريكية", "بحسب أوستن");
* the platform told just before with its actor ("شنت طائرات أمريكية غارات ..., وكانت
  الطائرات استهدفت المنطقة نفسها أمس", "وقصفت الطائرات ذاتها").

Not when that name stands in a clause telling the context, another act ("وسط تصعيد إقليمي
تخللته ضربات أمريكية", "بالتزامن مع الهجوم الأمريكي على إيران", "منذ بدء الحرب التي
شنتها الولايات المتحدة").

**Sentence level and report level.** A clause that tells the strike without an actor
("استهدفت غارة جوية مقراً للحشد", "قصفت طائرة مسيرة مجهولة سيارة", "تعرض مقر ... لضربات
جوية") is attributed when:

1. another clause of the *same incident* states the US (the clauses the coder merged as
   one event: the strike told again, before or after, with its actor); or
2. the **headline or the lead** states a US strike of the same day (or a lead dated only by
   the publication day), in the same country when both name one: the report's subject is
   that strike, and its body tells its places; or
3. an **earlier sentence** of the report states a US strike of the same day in the same
   country: the clause goes on with that strike.

"Same day" is the same local day (the headline or lead may be a day off only where one of
the two is dated by default); "same country" is checked per draft: a round the coder told
as one incident in two countries is ``us`` only in a country a US clause names or leaves
open (:func:`side_in_country`).

A US strike on another day (an anniversary, a strike "last week", the strikes of a
campaign recounted) or in another country (US strikes on Iran told beside unclaimed
strikes in Iraq) attributes nothing; nor do the US as a target, as a party threatened
("توعدت الفصائل واشنطن بالرد"), as a place ("قرب القاعدة الأمريكية"), or the answered
event of a militia's response. Attacks on US forces keep their own rule (an attack on US
forces whose attacker the report does not name is side ``militia``): only strikes are
concerned here.
"""

from __future__ import annotations

import re

from . import cues, scope
from .acting import names_the_actor, responder_acts
from .frames import Ev
from .lexicon import MILITIA, UNATTRIBUTED, US
from .normalize import compile_pattern as _p

__all__ = ["states_us", "settle_unstated_actor", "side_in_country", "UNSTATED_RULE"]

#: the evidence rule of a side taken back to ``unattributed``
UNSTATED_RULE = "strike whose actor the report does not state (not inferred from context)"

#: side rules that name the US as the one who responded
#: a US actor named in the strike clause, neither its target nor a denier (the Pentagon's
#: spokesman saying "هذه الضربات نفذت", "كشف وزير الدفاع الأمريكي عن تنفيذ ضربتين")
_NAMED_NEAR = " named near an air strike"
_RESPONDER_RULES = ("the side that responded ('ردت ... على')",
                    "the responder of 'ردت ... على ... بـ' acted")


def _naming_spans(ex, fr):
    """Spans of the clause ``fr`` that name the US as the actor of its strike."""
    if names_the_actor(fr, US) or (fr.side_ev is not None and (
            fr.side_ev.rule in _RESPONDER_RULES or fr.side_ev.rule.endswith(_NAMED_NEAR))):
        yield fr.side_ev.start, fr.side_ev.end
    for a in fr.agent_actors:
        if a.info.get("side") == US and not a.info.get("weak"):
            yield a.start, a.end
    resp = responder_acts(ex, fr)
    if resp is not None and resp[0] == US:
        yield resp[1].start, resp[1].end   # "ردت واشنطن بضربات على ..."
    t = ex.doc.text
    us_rx = _US_ADJ
    for m in cues.HEDGED_AGENT.finditer(t, fr.start, fr.end):
        if m.group("us"):
            yield m.start(), m.end()       # "يعتقد أنها أمريكية", "مرجحة أن الطيران ... أمريكي"
    for m in _ACT_NOUN.finditer(t, fr.start, fr.end):
        if _NOT_OF_THE_ACT_BEFORE.search(t, max(fr.sent.start, m.start() - 25), m.start()):
            continue
        tail = t[m.end():m.end() + 40]
        one = _ONE_WORD.match(tail)
        if us_rx.match(tail) or (one and us_rx.match(tail[one.end():])):
            yield m.start(), m.end()       # "العدوان الأميركي الغاشم", "غارات جوية أمريكية"
    targets = [(x.start(), x.end()) for x in cues.US_TARGET.finditer(t, fr.start, fr.end)]
    for a in fr.mentions["actor"]:
        if a.info.get("side") != US or scope.denier(ex, a):
            continue
        if a.info.get("weak") and ex.actor_role(fr, a)[0] != "source":
            continue                       # (a weak name counts as the source: "بحسب أوستن")
        s0 = a.start - len(a.info.get("clitic", ""))
        if _AT_THE_HANDS_BEFORE.search(t, max(fr.sent.start, s0 - 20), s0):
            yield a.start, a.end           # "على يد القوات الأمريكية", "على أيدي الجيش الأميركي"
            continue
        m = _NOT_ACTING_BEFORE.search(t, max(fr.sent.start, s0 - 30), s0)
        if m and m.group("n") and _OBJECT_AFTER.match(t, a.end, min(fr.end, a.end + 30)):
            yield a.start, a.end           # "استهداف القوات الأمريكية مواقع تابعة للفصائل"
            continue
        if m or any(a is b for b in fr.target_actors) or any(
                lo < s0 and a.start < hi for lo, hi in targets):
            continue                       # "قواعد تضم قوات أمريكية", "توعدت واشنطن": no actor
        yield a.start, a.end               # "قيام الولايات المتحدة بقتل", "تمكن الجيش الأمريكي"
    for m in _US_GLUED.finditer(t, fr.start, fr.end):
        yield m.start(), m.end()
    m = _SAME_PLATFORM.search(t, fr.start, fr.end) or _THE_PLATFORM.search(t, fr.start, fr.end)
    if m and not _ANY_ADJ.match(t, m.end()):
        # "وقصفت الطائرات ذاتها ...", "وكانت الطائرات استهدفت ... أمس": the platform told
        # just before (this sentence or the one before), whose actor it names (also when
        # that strike was outside the case: a strike on ISIS)
        lo = ex.sents[max(0, fr.sent.index - 1)].start
        if any(a.info.get("side") == US and lo <= a.start < m.start()
               and not a.info.get("weak") and not _NOT_ACTING_BEFORE.search(
                   t, max(lo, a.start - 30), a.start) for a in ex.actors) or any(
                _US_ADJ.match(t[x.end():x.end() + 40]) for x in _ACT_NOUN.finditer(t, lo, m.start())):
            yield m.start(), m.end()


def states_us(ex, fr) -> bool:
    """The clause ``fr`` states the US as the actor of its strike: an agent, a nationality
    adjective on the act or the platform, an accusation, belief or hedge, the responder,
    a US official or force named in the clause other than as its target (see the module's
    docstring); not a side inferred from the target, the weapon or the clauses around it,
    and not the US of a context clause ("وسط تصعيد تخللته ضربات أمريكية", "بالتزامن مع
    الهجوم الأمريكي على إيران", "منذ بدء الحرب التي شنتها الولايات المتحدة")."""
    if fr.side != US:
        return False
    t = ex.doc.text
    return any(not _CONTEXT_BEFORE.search(t, max(fr.sent.start, lo - 60), lo)
               for lo, _ in _naming_spans(ex, fr))


#: a noun of the act or of its platform a nationality adjective may follow ("العدو
#: الأميركي" too: the enemy named by its nationality)
_ACT_NOUN = _p(r"(?<![\w])[وفبل]?(?:ال)?(?:عدوان|اعتداء|اعتداءات|غارة|غارات|غارتين|ضربة|ضربات|"
               r"ضربتين|قصف|طيران|طائرة|طائرات|طائرتين|طائرتان|مسيرة|مسيرات|مسيرتين|مقاتلات|مقاتلة|"
               r"مقاتلتين|مقاتلتان|مروحية|مروحيات|مروحيتين|صواريخ|نيران|رصاص|"
               r"عدو|استهداف|هجوم|هجمات)(?![\w])")
#: the US adjective in any number and gender ("أمريكيتين", "الأميركيون")
_US_ADJ = _p(r"^\s*(?:ال)?(?:أمريكي|أميركي|امريكي|اميركي)(?:ة|ان|ين|تان|تين|ون|يا|اً|ا)?(?![\w])")
#: "at the hands of" before an actor
_AT_THE_HANDS_BEFORE = _p(r"(?<![\w])على\s+(?:يد|أيدي|ايدي)\s+[وفبلك]*$")
#: one word between the noun and the adjective ("غارات جوية أمريكية", "العدوان الأميركي
#: الغاشم" is the adjective first)
_ONE_WORD = re.compile(r"^\s*(?:ال)?[\w\u0621-\u064a]+(?:ة|ي|ية)(?=\s)")
#: the act is another one: the platform shot down or attacked, the event answered
_NOT_OF_THE_ACT_BEFORE = _p(r"(?:على|ضد|إسقاط|اسقاط|أسقطت|اسقطت|أسقط|اعتراض|اعترضت|"
                            r"رداً\s+على|ردا\s+على|رد\s+على)\s+(?:ال)?\S*\s*$")
#: a clause that tells the context of the event, another act ("وسط تصعيد إقليمي تخللته",
#: "بالتزامن مع", "منذ بدء الحرب التي شنتها"): no comma or full stop between it and the name
_CONTEXT_BEFORE = _p(r"(?<![\w])[وف]?(?:(?:وسط|في\s+ظل|على\s+وقع|في\s+خضم|خلال)\s+(?:ال)?"
                     r"(?:تصعيد|توتر|توترات|حرب|حملة|موجة|سلسلة|تبادل|مواجهة|مواجهات|أجواء|"
                     r"تصاعد|هجمات|ضربات)"
                     r"|(?:بالتزامن|تزامنا|تزامناً|بالتوازي)\s+مع|منذ\s+(?:بدء|بداية|اندلاع|انطلاق)"
                     r")(?:\s+[^\s.،,؛:]+){0,6}?(?:\s+[وفبلك]*(?:ال)?)?\s*$")
#: the platform or force of the sentence before, referred to ("الطائرات ذاتها", "القوات نفسها")
_SAME_PLATFORM = _p(r"(?<![\w])(?:ال)?(?:طائرات|طائرة|مقاتلات|مسيرة|مسيرات|مروحيات|قوات)\s+"
                    r"(?:ذاتها|نفسها|ذاته|نفسه)(?![\w])")
#: a definite platform as the subject, referring back ("وكانت الطائرات استهدفت")
_THE_PLATFORM = _p(r"(?<![\w])[وف]?ال(?:طائرات|طائرة|مقاتلات|مسيرة|مسيرات|مروحيات|مروحية)(?![\w])")
#: a nationality adjective of its own after it ("الطائرات الإسرائيلية")
_ANY_ADJ = _p(r"\s+(?!(?:ال)?(?:حربي|عسكري|قتالي)(?:ة|ه)?(?![\w]))(?:ال)?(?:\S+ي|\S+ية|\S+يه)(?![\w])")
#: the glued spelling of the United States ("الولاياتالمتحدة"), a name the lexicon misses
_US_GLUED = _p(r"(?<![\w])[وفبل]?الولاياتالمتحدة(?![\w])")
#: an object right after a US actor named after a verbal noun: its genitive subject
#: ("استهداف القوات الأمريكية مواقع تابعة للفصائل")
_OBJECT_AFTER = _p(r"\s+(?:ال)?(?:مواقع|مقرات|مقار|مقرا|مقراً|منشآت|منشأة|أهداف|مخازن|مخزن|"
                   r"قيادي|قياديين|عناصر|سيارة|مركبة|معسكر|معسكرات|قواعد)(?![\w])")
#: a US actor named as threatened, warned, targeted, or the place of something
_NOT_ACTING_BEFORE = _p(r"(?<![\w])[وفبل]*(?:على|ضد|إلى|الى|توعد|توعدت|تتوعد|يتوعد|هدد|هددت|"
                        r"تهدد|يهدد|تهديد|حذر|حذرت|تحذير|تطالب|طالب|طالبت|(?P<n>استهداف|هجمات|"
                        r"هجوم|ضرب|قصف)|مصالح|قواعد|قاعدة|سفارة|مواقع|لقوات|قوات)\s+"
                        r"(?:\S+\s+){0,1}?[وفبلك]*$")


def _day(fr):
    d = fr.date
    if d is None or d[1] != "day":
        return None
    return d[0]


def _countries(frames) -> set:
    return {c for f in frames for c, _, _ in f.countries} | \
        {c for f in frames for c, _, _ in f.weak_countries}


def _same_day(a, b, loose: bool) -> bool:
    if a is None or b is None:
        return loose
    return abs((a - b).days) <= (1 if loose else 0)


def _attributed(ex, inc, stating, country=None) -> bool:
    """The incident (or, with ``country``, its drafts in that country) is attributed to
    the US by a clause of its own or, at report level, by the headline or lead or an
    earlier sentence about a US strike of the same day and country."""
    own_c = {country} if country else _countries(inc.frames)
    for f in inc.frames:
        if states_us(ex, f) and (country is None or not _countries([f])
                                 or country in _countries([f])):
            return True
    d = inc.date
    day = d[0] if d is not None and d[1] == "day" else None
    default = any(f.lead_default for f in inc.frames if f.date is not None) or d is None
    first = min(f.start for f in inc.frames)
    for f in stating:
        cs = _countries([f])
        if own_c and cs and not own_c & cs:
            continue                                 # US strikes elsewhere
        if f.sent.title or f.sent.lead:
            # (a day off only where one of the two is dated by default: "أمس" in the lead
            # and "اليوم" in the body are two strikes)
            if f.lead_default or default or _day(f) is None or day is None \
                    or _same_day(_day(f), day, loose=False):
                return True
        elif f.start < first and cs and own_c and _same_day(_day(f), day, loose=False):
            return True
    return False


#: the event told before, referred to by a definite noun and a relative clause or a
#: comma ("الانفجار، الذي يعتقد أنه تم بمسيرة أمريكية", "الضربة التي يرجح أنها أمريكية")
_THE_EVENT_BACK = _p(r"(?<![\w])[وفبل]?ال(?:انفجار|انفجارات|ضربة|ضربات|غارة|غارات|قصف|هجوم|"
                     r"استهداف|اعتداء)\s*[،,]?\s*(?:الذي|التي|والذي|والتي)\s+(?:\S+\s+){0,2}?$")


def _hedged_back(ex, incidents) -> set:
    """The incidents a later hedged US attribution refers back to (a belief or hedge on
    "the explosion" or "the strike" told before, in a sentence that tells no strike of its
    own): the nearest incident told before it; ``id`` of each."""
    t = ex.doc.text
    out = set()
    spans = [(f.start, f.end) for inc in incidents for f in inc.frames]
    for m in cues.HEDGED_AGENT.finditer(t):
        if not m.group("us") or any(lo <= m.start() < hi for lo, hi in spans):
            continue
        if not _THE_EVENT_BACK.search(t, max(0, m.start() - 40), m.start()):
            continue
        before = [(max(f.end for f in inc.frames if f.end <= m.start()), inc)
                  for inc in incidents if any(f.end <= m.start() for f in inc.frames)]
        if before:
            out.add(id(max(before, key=lambda x: x[0])[1]))
    return out


#: Iran's Kurdish opposition parties ("أحزاب كردية إيرانية معارضة", "الحزب الديمقراطي
#: الكردستاني الإيراني", "كومله"): their strikes are Iran's conflict, outside the case
_KURDISH_OPPOSITION = _p(r"(?<![\w])[وفبل]*(?:ال)?(?:أحزاب|حزب|جماعات|جماعة|فصائل|قوى|تنظيمات)\s+"
                         r"(?:ال)?(?:كردية|كردي|كوردية|كوردي)\s+(?:(?:ال)?(?:إيرانية|ايرانية)\s+)?"
                         r"(?:ال)?(?:معارضة|معارض|المعارضة)(?![\w])"
                         r"|(?<![\w])(?:ال)?(?:كردي|كردستاني|كردية)\s+(?:ال)?(?:إيراني|ايراني|الإيراني)(?![\w])"
                         r"|(?<![\w])(?:كومله|كوملة|بيجاك)(?![\w])")


def _named_outside_actor(ex, inc, incidents):
    """Why a strike without a US actor is out of scope, or None: the report names its
    actor, outside the case, in a clause of the same day and country (the IRGC claiming
    the strikes on Kurdish opposition parties the body then tells without an actor): a
    strike whose actor is named and outside the case gives no draft; ``unattributed`` is
    kept for strikes whose actor is not stated at all."""
    t = ex.doc.text
    if any(_KURDISH_OPPOSITION.search(t, f.sent.start, f.sent.end) for f in inc.frames):
        return ("a strike on Iran's Kurdish opposition, or tied to Iran's conflict with it: "
                "an actor outside the case (Iran), not unattributed")
    day, cs = _day(inc), _countries(inc.frames)
    for other in incidents:
        if other is inc or other.side in (US, MILITIA, UNATTRIBUTED) or other.date is None:
            continue
        oday, ocs = _day(other), _countries(other.frames)
        if day is None or oday is None or day != oday or (cs and ocs and not cs & ocs):
            continue
        why = scope.out_of_pair(other, ex)
        if why:
            return ("a strike the report tells without an actor beside the same day's strike "
                    f"of a named actor outside the case ({other.side}): " + why)
    return None


def settle_unstated_actor(ex, incidents) -> None:
    """Take every US strike the report does not attribute to the US (module docstring)
    back to side ``unattributed``: the incident's side and the evidence of its frames
    whose side was inferred. The clauses that state the US are kept on ``ex`` for
    :func:`side_in_country`."""
    stating = [f for inc in incidents if inc.side == US for f in inc.frames
               if states_us(ex, f) and not f.scope]
    ex.us_stating = stating
    hedged = ex.us_hedged_back = _hedged_back(ex, incidents)
    for inc in incidents:
        if inc.side != US or id(inc) in hedged or _attributed(ex, inc, stating):
            continue
        inc.side = UNATTRIBUTED
        inc.outside_actor = _named_outside_actor(ex, inc, incidents)
        for f in inc.frames:
            if f.side == US:
                f.side = UNATTRIBUTED
                ev = f.side_ev
                if ev is not None:
                    f.side_ev = Ev("side", UNATTRIBUTED, ev.start, ev.end, min(ev.confidence, 0.5),
                                   UNSTATED_RULE)
        ex._trace(inc.frames[0], f"incident {inc.cid}: {UNSTATED_RULE}")


def side_in_country(ex, inc, country, frames):
    """The side of the drafts of a US incident in ``country``, with the evidence when it
    is not the incident's: a US strike told in one country ("شنت طائرات أمريكية غارات في
    سوريا") does not attribute a strike the report tells in another country without an
    actor ("وفي العراق، استهدفت غارة مقرا للحشد"), though the coder told them as one
    round; ``(side, None)`` otherwise."""
    if inc.side != US or country is None or not hasattr(ex, "us_stating"):
        return inc.side, None
    if id(inc) in getattr(ex, "us_hedged_back", ()) or _attributed(ex, inc, ex.us_stating, country):
        return inc.side, None
    f0 = frames[0] if frames else inc.frames[0]
    tr = f0.triggers[0]
    return UNATTRIBUTED, Ev("side", UNATTRIBUTED, tr.start, tr.end, 0.5, UNSTATED_RULE)
