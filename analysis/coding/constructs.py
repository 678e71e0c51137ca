"""Construction classes of recall and sites (issue 14, coder21): rules of the coder about
constructions other outlets word differently from the reports the older rules were written
on. Functions of the extractor (``ex``, an ``analysis.coding.extract._Extractor``) and the
frame, clause, mention or incident they judge; the extractor's stages call them. Classes:

* one attack told at two places: a town coordinated with, or listed among, the bases a
  round hit (:func:`coordinated_base_town`); an unnamed base in a second country of the
  round (:func:`unnamed_bases_by_country`); one base told twice under two names
  (:func:`one_base_told_twice`, :func:`same_base_retold`); a base a later note
  identifies (:func:`noted_facility`); an undated reason clause told before the report
  dates its attack (:func:`told_after`);
* the side: troops a US body announces killed or hurt are its own, militants it
  announces killed were killed by its forces (:func:`speakers_own_troops`); convoys of the
  coalition or its contractors (:func:`convoy_of_the_us`); the forces named after "أن"
  (:func:`forces_of_the_that_clause`); a contrast clause of another speaker against a
  denial (:func:`asserted_against_a_denial`);
* the answer of the other side as an event of its own, with its weapon (helicopters, a
  gunship, artillery, ground-fired rockets), country and day (:func:`reply_triggers`,
  :func:`country_of_the_answered`, :func:`ground_fired_rockets`,
  :func:`attack_of_the_struck`, :func:`weapon_of_the_answered`,
  :func:`launched_from_the_struck`);
* weapons of list items: weapons named before every site of a clause, two attack nouns
  each with a weapon, a "similar" attack, coordinated sites of a round, attacks counted
  then told one by one (:func:`weapon_before_the_sites`, :func:`joined_by_an_attack_noun`,
  :func:`likened_to`, :func:`weapon_of_the_round`, :func:`weapons_of_counted_items`);
* dates and triggers: "another" one, "the same night", "two days after it"
  (:func:`another_not_anaphor`, :func:`same_day_as_told`, :func:`days_after_it`); "in
  each of" countries (:func:`each_of`); a campaign that goes on
  (:func:`campaign_going_on`); aggression nouns with a nationality and long air-defence
  subjects (:func:`aggression_triggers`, :func:`long_intercept_triggers`); a blast at a
  US-hosted facility with drones heard (:func:`blast_at_a_us_site`).
"""

from __future__ import annotations

from . import cues
from .frames import Ev
from .lexicon import MILITIA, US
from .normalize import compile_pattern as _p

__all__ = ["speakers_own_troops", "coordinated_base_town", "asserted_against_a_denial",
           "unnamed_bases_by_country", "ground_fired_rockets", "reply_triggers",
           "country_of_the_answered", "attack_of_the_struck", "forces_of_the_that_clause",
           "weapon_of_the_answered", "another_not_anaphor", "launched_from_the_struck",
           "each_of", "campaign_going_on", "weapon_before_the_sites", "joined_by_an_attack_noun",
           "likened_to", "noted_facility", "one_country_of", "told_after", "weapon_of_the_round",
           "one_base_told_twice", "same_base_retold", "same_day_as_told", "aggression_triggers",
           "long_intercept_triggers", "convoy_of_the_us", "weapons_of_counted_items",
           "days_after_it", "blast_at_a_us_site", "cut_off", "OWN_TROOPS", "CONVOY_HIT", "DURING_REASON",
           "PLACED_AS_CONTINUATION"]


#: a saying verb (or "according to") whose subject or source follows: "أعلنت X", "قال X"
_SAY_VERB = _p(r"(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|أفاد|أفادت|أوضح|"
               r"أوضحت|كشف|كشفت|أقر|أقرت|اعترف|اعترفت|أبلغ|أبلغت|بحسب|وفق|وفقا\s+ل|حسب)"
               r"(?![\w])\s*$")
#: "X في بيان"، "X، اليوم،": the words a speaker name may be followed by before the news
_SAY_AFTER = _p(r"^\s*(?:\S+\s+){0,6}?(?:\S+\s+)?")


#: the rule of :func:`speakers_own_troops` for troops (an incident placed like a
#: continuation when it names no place: :func:`analysis.coding.context.continuation_country`)
OWN_TROOPS = "troops announced killed or hurt by a US speaker: its own"


def speakers_own_troops(ex, fr) -> list:
    """"أعلنت القيادة الوسطى الأمريكية مقتل 3 جنود وإصابة 25 آخرين في هجوم"، "قال البنتاغون
    إن جنديين أصيبا في هجوم": troops of unstated nationality (casualty group ``soldier``)
    whose loss a US body or official announces, in the same sentence and before the
    figure, are the speaker's own: the US is the side hit; militants a US body announces
    killed ("أعلنت القيادة المركزية الأمريكية قتل 5 مسلحين") were killed by its forces.
    Returns the evidence (one :class:`Ev` per figure, for the side that acted)."""
    t = ex.doc.text
    out = []
    soldiers = [c for c in fr.mentions["casualty"] if c.group in ("soldier", MILITIA)
                and c.kind not in ("none", "none_killed", "none_wounded")]
    if not soldiers:
        return out
    lo = fr.sent.start
    for c in soldiers:
        if c.group == MILITIA and c.kind != "killed":
            continue
        for a in ex.actors:
            if a.info.get("side") != US or not (lo <= a.start and a.end <= c.start):
                continue
            s0 = a.start - len(a.info.get("clitic", ""))
            if not _SAY_VERB.search(t, max(lo, s0 - 20), s0):
                continue
            # the troops are the speaker's when no other actor stands between them
            if any(a.end <= b.start < c.start and b.info.get("side") not in (US, None)
                   for b in ex.actors):
                continue
            if c.group == MILITIA:
                # "أعلنت القيادة المركزية الأمريكية قتل 5 مسلحين": the speaker's own act
                out.append(Ev("side", US, c.start, c.end, 0.6,
                              "militants announced killed by a US speaker: its act"))
            else:
                out.append(Ev("side", MILITIA, c.start, c.end, 0.65, OWN_TROOPS))
            break
    return out


#: "قواعد أمريكية (وقوات التحالف) في X"، "قاعدتين أمريكيتين في X": several bases, then where
_BASES_IN = _p(r"(?<![\w])[وفب]?(?:ال)?(?:قواعد|قاعدتين|قاعدتي|قاعدتان|مواقع|منشآت|مقرات)\s+"
               r"(?:\S+\s+){0,4}?(?:في|فى|ب)\s*[\"«“(]?\s*$")
#: the words between two coordinated places: "X وY", "X، Y", "X، وY" (quotes allowed)
_AND_GAP = _p(r"\s*[\"»”)]?\s*(?:[,،]\s*و?|و)\s*[\"«“(]?\s*$")
#: "قواعد الجيش الأمريكي في الأراضي السورية ومنها X": the bases, then the items among them
_BASES_LIST = _p(r"(?<![\w])[وفب]?(?:ال)?(?:قواعد|قاعدتين|قاعدتي|مواقع|منشآت)\s+(?:\S+\s+){0,6}?"
                 r"(?:ومنها|منها|وهي|هي|بينها|من\s+بينها|مثل|أبرزها|وأبرزها)\s*[\"«“(]?\s*$")


def coordinated_base_town(ex, p) -> bool:
    """"قواعد أمريكية في عين الأسد وأربيل"، "قاعدتين في عين الأسد وأربيل"، "قواعد الجيش
    الأمريكي في الأراضي السورية ومنها خربة عدنان والشدادي": a town coordinated with the
    place several bases are said to be in, or listed among those bases, is the town of one
    of them (a place of the attack, as :func:`analysis.coding.sites.unnamed_base_town`),
    not the attackers' area. A single base placed in a governorate and a town ("قاعدة عين
    الأسد في الأنبار وأربيل") gives nothing."""
    t = ex.doc.text
    cur = p
    for _ in range(8):
        s0 = cur.start - len(cur.info.get("clitic", ""))
        if _BASES_LIST.search(t, max(0, s0 - 80), s0):
            return True
        before = [q for q in ex.places if q.end <= cur.start and q is not cur]
        if not before:
            return False
        q = max(before, key=lambda q: q.end)
        if not _AND_GAP.match(t, q.end, cur.start):
            return False
        q0 = q.start - len(q.info.get("clitic", ""))
        if _BASES_IN.search(t, max(0, q0 - 60), q0):
            return True
        cur = q
    return False


#: a contrast clause opened by another speaker's saying: "فيما أعلنت القيادة الوسطى ..."
_CONTRAST_SAYING = _p(r"\s*[,،]?\s*[و]?(?:فيما|بينما|في\s+حين|لكن|غير\s+أن)\s+(?:\S+\s+){0,2}?"
                      r"(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|أفاد|أفادت|أوضح|أوضحت|"
                      r"كشف|كشفت)(?![\w])")


def asserted_against_a_denial(ex, fr) -> bool:
    """"ونفت الحكومة الأردنية وقوع الهجوم داخل أراضيها، فيما أعلنت القيادة الوسطى مقتل 3
    جنود في هجوم استهدف قاعدة في شمال شرق الأردن": a contrast clause in which another
    speaker states the event, with no denial of its own, is that speaker's account: its
    places stand (the denial of the other clause contests them, it does not remove them)."""
    t = ex.doc.text
    return fr.kind == "contrast" and bool(_CONTRAST_SAYING.match(t, fr.start)) \
        and not cues.DENIAL.search(t, fr.start, fr.end)


#: "قاعدة في شمال شرق الأردن"، "موقع عسكري أمريكي في الأردن": a base not named, then its
#: country (a direction of the country allowed)
_BASE_IN_COUNTRY = _p(r"(?<![\w])[وفب]?(?:ال)?(?:قاعدة|موقع|موقعا|منشأة|معسكر)\s+(?:\S+\s+){0,3}?"
                      r"(?:في|فى|ب|داخل)\s*(?:(?:ال)?(?:شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|"
                      r"غربي)(?:\s+(?:ال)?(?:شرق|غرب|شرقي|غربي))?\s+)?[وفبلك]*(?:ال)?$")


def unnamed_bases_by_country(ex, inc) -> dict:
    """"... 4 قواعد في سوريا والأردن ... قاعدة الشدادي ... هجوم استهدف قاعدة في شمال شرق
    الأردن": for an attack told at several countries, a country named as where a base the
    text does not name lies is a country of the attack's sites as much as one whose base is
    named (one draft each). Returns ``{country: position}``."""
    t = ex.doc.text
    out: dict = {}
    for f in inc.frames:
        for c, ev, _ in f.countries:
            if _BASE_IN_COUNTRY.search(t, max(0, ev.start - 60), ev.start):
                out[c] = min(out.get(c, ev.start), ev.start)
    return out


#: words of aircraft: a strike of the air, whose missiles are the aircraft's
_AIR_WORD = _p(r"(?<![\w])[وفبل]?(?:ال)?(?:طائرة|طائرات|طائرتين|طيران|مقاتلة|مقاتلات|مروحية|"
               r"مروحيات|غارة|غارات|جوي|جوية|الجوي|الجوية|مسيرة|مسيرات|درون|قاذفة|قاذفات|"
               r"هليكوبتر|أباتشي)(?![\w])")
#: ground forces or a base as who fired: "القوات الأمريكية المتمركزة في حقل العمر"
_GROUND_FORCES = _p(r"(?<![\w])[وف]?(?:ال)?(?:قوات|القوات|جنود|الجنود|المدفعية|راجمات|راجمة|"
                    r"هيمارس|HIMARS)(?![\w])")


def ground_fired_rockets(ex, fr, w) -> bool:
    """"استهدفت القوات الأمريكية المتمركزة في حقل العمر بثلاثة صواريخ بادية الميادين"،
    "قصفت القوات الأمريكية براجمات الصواريخ مواقع ...": rockets of a US strike fired by
    ground forces (no aircraft in the clause) are the strike's weapon, ``rocket``, not the
    ``airstrike`` a strike without a stated platform is coded."""
    if w.key != "rocket":
        return False
    t = ex.doc.text
    return not _AIR_WORD.search(t, fr.start, fr.end) \
        and bool(_GROUND_FORCES.search(t, fr.start, fr.end))


#: the other side's answer with its weapon or its toll: "ردت ... وقتلت عددا من المسلحين"،
#: "للرد من طائرات هليكوبتر قتلت"، "وردت القوات الأمريكية بقصف مدفعي" (not "ردت على": the
#: responder rule of :mod:`.acting`; not "الرد" alone, a noun of plans and threats)
_REPLY = _p(r"(?<![\w])(?P<pre>[وف]?(?:لل|بال)?)(?P<stem>ردت|رد|ردوا|ردتا)(?![\w])"
            r"(?!\s+على)(?=\s+(?:[^\s.؛]+\s+){0,12}?(?:(?:[وف]|مما\s+|ما\s+)?(?:قتلت|قتل|قتلوا|أسفر|"
            r"أسفرت|أوقعت)(?![\w])|"
            r"(?:ب|من\s+|باستخدام\s+|بواسطة\s+)(?:ال)?(?:طائرة|طائرات|مروحية|مروحيات|هليكوبتر|مقاتلات|"
            r"غارة|غارات|ضربة|ضربات|قصف|نيران|صواريخ|مدفعية|المدفعية|نظام|منظومة)(?![\w])))")


def reply_triggers(text: str) -> list:
    """Trigger mentions (``radd_v``, a strike verb) of the answers :data:`_REPLY` finds:
    the answer is an event of its own, told with what it was fought with or what it
    killed. Its side is decided as any clause's (the answer of US aircraft: a US
    strike)."""
    from .lexicon import Mention
    out = []
    for m in _REPLY.finditer(text):
        out.append(Mention(m.start("stem"), m.end("stem"), "trigger", "radd_v",
                           {"kind": "strike", "plural": False, "prefix": m.group("pre"),
                            "definite": False, "verb": True, "suffix": ""}, m.group(0)))
    return out


def country_of_the_answered(ex, fr) -> list:
    """"مسلحون شنوا هجمات على موقعين في سوريا، ما دفع القوات الأمريكية للرد بمروحيات قتلت
    اثنين منهم": an answer (:func:`reply_triggers`, or an act "خلال تعرضها لقصف") that names
    no place happened in the
    country of the attack it answers, the country named last before it in its sentence,
    else in the sentence before. Returns ``fr.countries`` entries (weak evidence)."""
    if fr.sites or fr.countries or not (
            any(tr.key == "radd_v" for tr in fr.triggers)
            or any(_DURING_ATTACK.search(ex.doc.text, max(fr.start, g.start - 25), g.start)
                   for g in fr.generic_trigs)):
        return []
    act = min(tr.start for tr in fr.triggers)
    sents = [s for s in ex.sents if s.end <= fr.start or s.index == fr.sent.index]
    for s in reversed(sents[-2:]):
        hi = min(s.end, act)
        named = [(c.start, c.key, c) for c in ex.countries if s.start <= c.start < hi] + \
                [(p.start, p.info["country"], p) for p in ex.places
                 if s.start <= p.start < hi and p.info.get("country")]
        if named:
            pos, c, m = max(named, key=lambda x: x[0])
            return [(c, Ev("country", c, m.start, m.end, 0.5,
                           "the country of the attack the answer answers"), False)]
    return []


#: "المسلحين الذين نفذوا أحد هذه الهجمات": a relative clause of who carried out an attack
_WHO_CARRIED_OUT = _p(r"(?<![\w])(?:الذين|اللذين|الذي|التي|اللذان)\s+(?:نفذوا|شنوا|نفذ|شن|نفذت|"
                      r"شنت|أطلقوا|أطلق|نفذا|شنا)\s+(?:\S+\s+){0,2}?[وفبل]*(?:ال)?$")
#: why an attack noun after "خلال تعرضها لـ" is no event of its clause (a verb after it is
#: the clause's own act, not the noun's: :meth:`~analysis.coding.framing._FrameRules.build_frames`)
DURING_REASON = "the attack during which the clause's act was done (answered, not the act)"
#: "خلال تعرضها لقصف صاروخي ... أطلقت نيرانا مدفعية": the attack during which it acted
_DURING_ATTACK = _p(r"(?<![\w])[وف]?(?:خلال|أثناء|اثناء|لدى)\s+(?:تعرض|تعرضها|تعرضه|تعرضهم|تعرضت)\s*[لب]?$")


def attack_of_the_struck(ex, trig, clause_start: int) -> str:
    """"ما دفع القوات الأمريكية للرد بمروحيات قتلت اثنين من المسلحين الذين نفذوا أحد هذه
    الهجمات": an attack noun in a relative clause saying what the people an answer struck
    had done is the attack answered, told before, not an event of this clause (when the
    clause has another trigger before it). Returns the reason, or ""."""
    t = ex.doc.text
    s0 = trig.start - len(trig.info.get("prefix", ""))
    sent_end = next((s.end for s in ex.sents if s.start <= trig.start < s.end), trig.end)
    if _DURING_ATTACK.search(t, max(clause_start, s0 - 20), s0 + len(trig.info.get("prefix", ""))) \
            and any(trig.end < m.start < sent_end and m.info.get("verb") for m in ex.triggers):
        return DURING_REASON
    if not _WHO_CARRIED_OUT.search(t, max(clause_start, s0 - 50), s0):
        return ""
    if not any(clause_start <= m.start < s0 for m in ex.triggers if m is not trig):
        return ""
    return "the attack those struck had carried out (a relative clause), told before"


#: "أن القوات المسلحة للولايات المتحدة في سوريا ... أطلقت": forces, then whose
_FORCES_OF = _p(r"(?<![\w])(?:أن|إن|ان|بأن)\s+(?:(?:ال)?(?:قوات|القوات)\s+(?:(?:ال)?(?:مسلحة|المسلحة)\s+)?"
                r"(?:ل|لل|التابعة\s+ل|التابعة\s+لل)?\s*)?$")
_FORCES_WORD = _p(r"(?:قوات|القوات|الجيش|جيش)")
#: verbs whose subject is not who acted ("تعرضت لـ", "سقطت", "أسقطت", "اعترضت")
_NOT_AGENT_VERBS = {"taarrud", "fell", "suqut", "saqatat", "shootdown", "intercept", "killed_by"}


def forces_of_the_that_clause(ex, fr):
    """"ذكر المتحدث أن القوات المسلحة للولايات المتحدة في سوريا خلال تعرضها لقصف صاروخي
    ودفاعا عن النفس أطلقت نيرانا مدفعية على المواقع ...": the forces of a state named right
    after "أن" are the subject of the that-clause's first strike verb, however many words
    stand between (a place, a time, a circumstance), when no other actor stands before the
    verb. Returns the actor mention, or None."""
    t = ex.doc.text
    verbs = [tr for tr in fr.triggers if tr.info.get("verb")]
    if not verbs:
        return None
    v = min(verbs, key=lambda x: x.start)
    if v.key in _NOT_AGENT_VERBS:
        return None
    for a in ex.actors:
        if not (fr.sent.start <= a.start < v.start) or a.info.get("side") is None:
            continue
        s0 = a.start - len(a.info.get("clitic", ""))
        m = _FORCES_OF.search(t, max(fr.sent.start, s0 - 30), s0)
        if not m or not (_FORCES_WORD.search(m.group()) or _FORCES_WORD.match(t, a.start)):
            continue
        if any(a.end <= b.start < v.start for b in ex.actors):
            continue
        from . import context                  # (context imports sites, which imports us)
        if cues.PASSIVE_VERB_AFTER.match(t, a.end, min(fr.end, v.start + 40)) \
                or context.passive_subject(ex, fr, a.end, v.start):
            continue                           # "إن قوات أمريكية في سوريا استُهدفت بمسيرات"
        if any(a.end <= g.start < v.start for g in ex.triggers
               if not any(g is x for x in fr.generic_trigs)):
            continue                           # ("أحبطت هجوما ... استهدف": the noun's verb)
        return a
    return None


#: between an attack noun and its weapon: "لقصف صاروخي"، "لهجوم بقذائف"
_NOUN_TO_WEAPON = _p(r"\s*(?:\S+\s+)?(?:ب|بال)?$")


def weapon_of_the_answered(ex, fr, w) -> bool:
    """"خلال تعرضها لقصف صاروخي أطلقت نيرانا مدفعية": the weapon of an attack noun the clause
    only answers (a generic trigger of the frame, right before the weapon) is that attack's,
    not the weapon of the clause's own act."""
    t = ex.doc.text
    return any(g.end <= w.start <= g.end + 25 and _NOUN_TO_WEAPON.fullmatch(t, g.end, w.start)
               for g in fr.generic_trigs)


#: an indefinite noun then "another" right before a verb: "مسيرة أخرى استهدفت"، "هجوم آخر طال"
_ANOTHER_BEFORE = _p(r"(?<![\w])(?!ال)[^\s.،,]+\s+(?:أخرى|آخر|أخريان|آخران|أخريين|آخرين)\s*$")


def another_not_anaphor(text: str, trig) -> bool:
    """"وقال البنتاغون إن مسيرة أخرى استهدفت قاعدة في الأردن": "another" after an indefinite
    noun introduces a new event; it is not the "آخر" (the latest) that refers back."""
    s0 = trig.start - len(trig.info.get("prefix", ""))
    return bool(_ANOTHER_BEFORE.search(text, max(0, s0 - 30), s0))


#: the opening of a launch-site relative clause (a reason clause of :mod:`.segment`)
_LAUNCHED_FROM = _p(r"\s*(?:التي\s+|الذي\s+)?(?:انطلق|انطلقت|أطلق|أطلقت)\s+(?:منها|منه|منهما)(?![\w])")


def launched_from_the_struck(ex, fr) -> bool:
    """"قصفت مواقع انطلق منها هجوم صاروخي على قاعدة ...": the clause of the attack whose
    launch sites the sentence's strike hit (it happened just before the strike: its day)."""
    return fr.kind == "reason" and bool(_LAUNCHED_FROM.match(ex.doc.text, fr.start))


#: "في كل من العراق وسوريا": "in each of", not "from"
_EACH_OF = _p(r"(?<![\w])(?:في\s+)?كل\s+من\s*$")


def each_of(before: str) -> bool:
    """The words before a country end with "كل من" ("في كل من العراق وسوريا"): the "من" of
    "each of", not of an origin."""
    return bool(_EACH_OF.search(before))


#: a present-tense "continue(s) to": "تواصل الفصائل ... شن الهجمات الصاروخية"
_GOES_ON = _p(r"(?<![\w])[وف]?(?:تواصل|يواصل|يواصلون|تستمر|يستمر|يستمرون|تمضي|يمضي)\s+"
              r"(?:[^\s.؛]+\s+){0,12}?(?:في\s+)?(?:شن|تنفيذ|ب)?\s*$")


def campaign_going_on(ex, trig, clause_start: int, clause_end: int) -> str:
    """"تواصل الفصائل العراقية ... شنّ الهجمات الصاروخية واستهداف القواعد": an attack noun
    a present-tense "continues to" governs is the campaign going on, not one event (when
    the clause names no day and no gazetteer place of its own). Returns the reason, or ""."""
    t = ex.doc.text
    s0 = trig.start - len(trig.info.get("prefix", ""))
    if not _GOES_ON.search(t, max(clause_start, s0 - 120), s0):
        return ""
    if any(clause_start <= d.start < clause_end for d in ex.dates) \
            or any(clause_start <= p.start < clause_end and p.info.get("site_id")
                   for p in ex.places):
        return ""
    return "a campaign that goes on ('تواصل ... شن الهجمات'), not one event"


def weapon_before_the_sites(ex, fr, w) -> bool:
    """"هجوم بطائرة مسيرة وقصف صاروخي استهدفا قاعدة عين الأسد الجوية، حيث توجد قوات
    أمريكية، وسفارة الولايات المتحدة": a weapon named before every site of its clause (the
    subject or the attack noun of the whole clause) is the weapon of each of its sites (the
    gold rule: weapons given for several sites together go to each site), not only of the
    site whose comma-delimited stretch holds it."""
    sites = [p for p in fr.sites if p.info.get("site_id")]
    if not sites:
        return False
    first = min(p.start - len(p.info.get("clitic", "")) for p in sites)
    # (every weapon of the clause before its first site: not "مسيرة ... التنف، وسقطت صواريخ
    # على الشدادي", where each site has its own)
    return all(x.end <= first for x in fr.mentions["weapon"])


#: an attack noun (with its preposition) between two weapons joined by "و": "بطائرة مسيرة
#: وقصف صاروخي"، "بالمسيرات وهجوم بالصواريخ"، "بطائرات مسيرة وأخرى بالصواريخ"
_AND_ATTACK_NOUN = _p(r"\s*و(?:ال)?(?:قصف|هجوم|هجمات|استهداف|إطلاق|رشقة|أخرى|آخر)\s*(?:ب(?:ال)?)?\s*$")


def joined_by_an_attack_noun(text: str, a, b) -> bool:
    """Two weapons told as one attack by two attack nouns joined by "و" ("هجوم بطائرة مسيرة
    وقصف صاروخي استهدفا ..."): weapons of different kinds together (``mixed``)."""
    return bool(_AND_ATTACK_NOUN.fullmatch(text, a.end, b.start))


#: "لهجوم مماثل"، "هجوم مشابه": an attack likened to the one told
_SIMILAR_AFTER = _p(r"\s*(?:ال)?(?:مماثل|مماثلة|مماثلا|مشابه|مشابهة|مشابها)(?![\w])")


def likened_to(ex, inc):
    """"وتعرض مطار أربيل لهجوم مماثل في أبريل الماضي": the incident an attack told as
    "similar" is likened to (one of its side at the same place, the nearest; else the last
    of its side told before it; else the report's first of its side), or None. Its weapon is the likened one's when the
    similar attack names none (the gold README: "'similar' gives the drone")."""
    t = ex.doc.text
    for f in inc.frames:
        if f.kind == "reason":
            continue          # ("يأتي بعد شهرين من هجوم مماثل": a time reference only)
        for tr in f.triggers:
            if not _SIMILAR_AFTER.match(t, tr.end):
                continue
            others = [i for i in getattr(ex, "incidents", []) if i is not inc
                      and i.side == inc.side and i.frames]
            keys = {p.key for g in inc.frames for p in g.sites}
            same = [i for i in others if keys & {p.key for g in i.frames for p in g.sites}]
            if same:                     # (the attack on the same place it is likened to)
                return min(same, key=lambda i: abs(min(g.start for g in i.frames) - tr.start))
            before = [i for i in others if min(g.start for g in i.frames) < tr.start]
            if before:
                return max(before, key=lambda i: max(g.start for g in i.frames
                                                     if g.start < tr.start))
            return min(others, key=lambda i: i.cid) if others else None
    return None


#: "يذكر أن قاعدة الرميلان ... هي ..."، "تجدر الإشارة إلى أن مطار ...": a note on a facility
_NOTED_FACILITY = _p(r"(?<![\w])[وف]?(?:يذكر|يُذكر|ويذكر|يشار\s+إلى|تجدر\s+الإشارة\s+إلى|"
                     r"الجدير\s+بالذكر|والجدير\s+بالذكر|جدير\s+بالذكر)\s+(?:أن|ان)\s+"
                     r"(?:(?:ال)?(?:قاعدة|مطار|معسكر|حقل)\s*)?[\"«“]?\s*$")


def noted_facility(text: str, s0: int) -> bool:
    """"يذكر أن قاعدة الرميلان، أو مطار خراب الجير، هي مطار زراعي حوّله الجيش الأميركي إلى
    ...": a facility a note after the attack describes is the report's identification of
    the unnamed base attacked ("إحدى أهم القواعد الأمريكية في سوريا"), as "تعرف باسم" is
    (:func:`analysis.coding.context.identified_site`)."""
    return bool(_NOTED_FACILITY.search(text, max(0, s0 - 50), s0))


def one_country_of(inc, places) -> set:
    """The countries an incident is told in; when its clauses name several ("على الحدود
    السورية - العراقية" beside "محافظة الحسكة"), those of its places, if they name one."""
    countries = {c for f in inc.frames for c, _, _ in f.countries}
    if len(countries) > 1:
        own = {p.info.get("country") for p in places if p.info.get("country")}
        if len(own) == 1:
            return own
    return countries


def told_after(ex, fr, incidents):
    """The incident an undated reason clause ("بعد هجوم مميت بطائرة بدون طيار على أفراد
    أمريكيين في شمال شرق سوريا") tells before the report dates it: the one incident of its
    side and country told in the next three sentences, whose place and weapon do not
    contradict it; else None."""
    if fr.kind != "reason" or fr.date is not None or fr.side is None:
        return None
    mine = {w.key for w in fr.mentions["weapon"]}
    f_c = {c for c, _, _ in fr.countries}
    cands = []
    for inc in incidents:
        if inc.side != fr.side or inc.date is None or not inc.frames:
            continue
        first = min(inc.frames, key=lambda g: g.start)
        if not (fr.start < first.start and 0 <= first.sent.index - fr.sent.index <= 3):
            continue
        i_c = {c for g in inc.frames for c, _, _ in g.countries}
        if not f_c or f_c != i_c:
            continue
        theirs = {w.key for g in inc.frames for w in g.mentions["weapon"]}
        if mine and theirs and not mine & theirs:
            continue
        f_fac = {p.key for p in fr.sites if p.info.get("kind") in ("base", "airport")}
        i_sites = {p.key for g in inc.frames for p in g.sites}
        if f_fac and i_sites and not f_fac & i_sites:
            continue                     # (a base of its own: another attack)
        cands.append(inc)
    return cands[0] if len(cands) == 1 else None


#: two places coordinated ("عين الأسد وإربيل", "قاعدة حرير وقاعدة عين الأسد")
_COORDINATED = _p(r"[\s\"»”)]*(?:[,،]\s*)?و?\s*(?:(?:ال)?(?:قاعدة|مطار|معسكر)\s+)?[\"«“(]?\s*")


def weapon_of_the_round(ex, inc, frames, unit, plan, weapon_of):
    """"وأكدت وزارة الدفاع أن القصف استهدف قواعد أمريكية في عين الأسد وإربيل": a site of an
    attack whose own clauses name no weapon, coordinated in one clause with other sites,
    takes the weapon those sites' drafts have when they agree on one (the gold rule:
    weapons given for several sites together go to each). ``weapon_of`` is the draft
    stage's weapon rule ``(ex, inc, frames, unit, plan) -> (value, Ev)``. Returns
    ``(value, Ev)`` or None."""
    t = ex.doc.text
    others = set()
    for f in frames:
        ps = sorted(f.sites, key=lambda p: p.start)
        for a, b in zip(ps, ps[1:]):
            ua, ub = plan.node_units.get(id(a), set()), plan.node_units.get(id(b), set())
            if ua != ub and unit.uid in ua | ub and _COORDINATED.fullmatch(
                    t, a.end, b.start - len(b.info.get("clitic", ""))):
                others |= (ua | ub) - {unit.uid}
    if not others:
        return None
    vals = {}
    for u in plan.units:
        if u.uid not in others:
            continue
        u_frames = [f for f in frames if not plan.frame_units(f)
                    or u.uid in plan.frame_units(f)] or frames
        v, e = weapon_of(ex, inc, u_frames, u, plan)
        if v != "unknown" and e is not None:
            vals[v] = e
    if len(vals) != 1:
        return None
    v, e = next(iter(vals.items()))
    return v, Ev("weapon", v, e.start, e.end, 0.5,
                 f"the weapon of the sites hit with it in one clause ({e.rule})")


#: "القاعدة العسكرية للتحالف الدولي ضد داعش في": the base (definite), told again, then where
_THE_BASE_IN = _p(r"(?<![\w])[وف]?(?:ال)?(?:القاعدة|للقاعدة|بالقاعدة)\s+(?:\S+\s+){0,7}?(?:في|فى|ب)\s*$")
#: "also", "another", "a second": a new attack, not the one told again
_ANOTHER_WORD = _p(r"(?<![\w])(?:كما|أيضا|ايضا|أخرى|آخر|ثانية|ثان|جديد|جديدة)(?![\w])")


def one_base_told_twice(ex, inc, raw) -> list:
    """"تعرضت قاعدة عسكرية في مطار أربيل لهجوم بطائرتين مسيرتين" then "هاجمت طائرتان مسيرتان
    القاعدة العسكرية للتحالف الدولي في مطار حرير بمحافظة أربيل": one attack told at two
    facilities of one governorate, the second time as "the base" (definite, no "also" or
    "another"), with the same weapon: one site under two names (the gold accepts either).
    Returns pairs of place mentions ``(first, second)`` to join."""
    t = ex.doc.text
    fac = [p for p in raw if p.info.get("site_id") and p.info.get("kind") in ("base", "airport")]
    out = []
    for b in fac:
        s0 = b.start - len(b.info.get("clitic", ""))
        m = _THE_BASE_IN.search(t, max(0, s0 - 80), s0)
        if not m:
            continue
        fb = next((f for f in inc.frames if f.start <= b.start < f.end), None)
        if fb is None or _ANOTHER_WORD.search(t, fb.start, fb.end):
            continue
        for a in fac:
            if a.start >= b.start or a.key == b.key \
                    or a.info.get("admin1") != b.info.get("admin1") or not a.info.get("admin1"):
                continue
            fa = next((f for f in inc.frames if f.start <= a.start < f.end), None)
            if fa is None or fa is fb or any(p.info.get("kind") in ("base", "airport")
                                             and p.key not in (a.key,) for p in fa.sites
                                             if p.info.get("site_id")):
                continue
            wa = {w.key for w in fa.mentions["weapon"]}
            wb = {w.key for w in fb.mentions["weapon"]}
            if wa and wa == wb:
                out.append((a, b))
                break
    return out


def same_base_retold(ex, fr, inc) -> bool:
    """The clause tells the incident's attack again at "the base" under another name of
    the same governorate, with the same weapon (:func:`one_base_told_twice`): its place
    does not make it another incident."""
    if not fr.sites or fr.date is not None and inc.date is not None and fr.date[0] != inc.date[0]:
        return False
    mine = [p for p in fr.sites if p.info.get("site_id") and p.info.get("kind") in ("base", "airport")]
    theirs = {(p.key, p.info.get("admin1")) for g in inc.frames for p in g.sites
              if p.info.get("site_id") and p.info.get("kind") in ("base", "airport")}
    if len(mine) != 1 or len(theirs) != 1:
        return False
    pairs = one_base_told_twice(ex, type(inc)(inc.side, frames=list(inc.frames) + [fr]),
                                [q for g in inc.frames for q in g.sites] + mine)
    return any(b is mine[0] for _, b in pairs)


#: "في الليلة نفسها"، "في اليوم ذاته"، "في الوقت نفسه": the day of what was just told
_SAME_DAY_AS_TOLD = _p(r"(?<![\w])[وف]?(?:في\s+)?(?:ال)?(?:ليلة|يوم|وقت|ساعة|ساعات)\s+(?:نفسها|نفسه|ذاتها|ذاته)(?![\w])")


def same_day_as_told(text: str, fr) -> bool:
    """"وفي الليلة ذاتها استهدفت غارة أخرى البوكمال": a clause dated "the same night" as
    the incident just told (its day: :mod:`.dates` does not read it as today)."""
    return bool(_SAME_DAY_AS_TOLD.search(text, fr.start, fr.end))


#: "بعدوان أمريكي"، "عدوان أميركي": an aggression noun with the nationality of who struck
# (the definite only with its object: "العدوان الأمريكي" alone is mostly a reference to a
# past event, told as its reason, "بعد العدوان الأمريكي الذي وقع بمحيط مطار بغداد")
_NATION = r"(?:أمريكي|أميركي|امريكي|اميركي|إسرائيلي|اسرائيلي|صهيوني|تركي|إيراني|ايراني)"
_AGGRESSION = _p(r"(?<![\w])(?:(?P<pre>[وفب]?)(?P<stem>عدوان)(?=\s+" + _NATION + r"(?![\w]))|"
                 # (definite, with its object: "في العدوان الأميركي على مقراتهم")
                 r"(?P<pre2>[وفب]?(?:ال|بال|لل))(?P<stem2>عدوان)(?=\s+ال" + _NATION
                 + r"\s+(?:على|ضد)(?![\w])))")


def aggression_triggers(text: str) -> list:
    """Trigger mentions (``udwan``, a noun) of an aggression noun with a nationality
    adjective ("استشهد عنصران بعدوان أمريكي استهدف مقرا في القائم"): the adjective names
    the side (the rule of :mod:`.roles` for an attack noun's adjective)."""
    from .lexicon import Mention
    out = []
    for m in _AGGRESSION.finditer(text):
        k = "stem" if m.group("stem") else "stem2"
        pre = m.group("pre") if k == "stem" else m.group("pre2")
        out.append(Mention(m.start(k), m.end(k), "trigger", "udwan",
                           {"kind": "neutral", "plural": False, "prefix": pre,
                            "definite": k == "stem2", "verb": False, "suffix": ""}, m.group(0)))
    return out


#: "تصدت منظومة الدفاع الجوي الأمريكية المضادة للصواريخ سي-رام في السفارة ... لصاروخين":
#: an air-defence system as the subject, however long its name, then what it intercepted
_LONG_INTERCEPT = _p(r"(?<![\w])(?P<pre>[وف]?)(?P<stem>تصدت|تصدى|اعترضت|اعترض)\s+(?:ال)?(?:منظومة|"
                     r"منظومات|الدفاعات|دفاعات|الدفاع|دفاع)(?:\s+[^\s.،,؛]+){0,14}?\s+"
                     r"ل?(?:صاروخا|صاروخان|صاروخ|صواريخ|صاروخين|طائرة|طائرات|مسيرة|مسيرات|"
                     r"طائرتين|مسيرتين|قذيفة|قذيفتين|قذائف)(?![\w])")


def long_intercept_triggers(text: str) -> list:
    """Trigger mentions (``intercept``, as the lexicon's) of an interception whose
    air-defence subject is longer than the lexicon's pattern allows."""
    from .lexicon import Mention
    return [Mention(m.start("stem"), m.end(), "trigger", "intercept",
                    {"kind": "shootdown", "plural": False, "prefix": m.group("pre"),
                     "definite": False, "verb": True, "suffix": ""}, m.group(0))
            for m in _LONG_INTERCEPT.finditer(text)]


#: a convoy or supply trucks of the coalition or the US forces, or of their contractors:
#: "رتلين لشركات متعاقدة مع التحالف"، "شاحنة تنقل إمدادات للجيش الأمريكي"
_CONVOY_OF_US = _p(r"(?<![\w])[وفبل]?(?:ال)?(?:رتل|رتلا|رتلين|رتلان|أرتال|الأرتال|قافلة|قوافل|شاحنة|"
                   r"شاحنات|صهاريج)\s+(?:[^\s.،,؛]+\s+){0,5}?(?:(?:ال)?(?:متعاقدة|متعاقد|متعاقدين)\s+"
                   r"مع\s+|(?:ال)?(?:تابع|تابعة|تابعين)\s+(?:ل|لل)?|ل|لل)\s*(?:ال)?(?:تحالف|قوات\s+"
                   r"(?:ال)?(?:أمريكية|أميركية|امريكية|اميركية)|جيش\s+(?:ال)?(?:أمريكي|أميركي|امريكي|اميركي)"
                   r"|الأمريكيين|الأميركيين)(?![\w])")


CONVOY_HIT = "a convoy of the coalition or its contractors hit"


def convoy_of_the_us(ex, fr) -> list:
    """"انفجار عبوتين ناسفتين على رتلين لشركات متعاقدة مع التحالف في السماوة": a convoy or
    trucks of the coalition, the US forces or their contractors hit in the clause: the US
    side is the one hit (the attackers are the militias, as for other unclaimed attacks on
    US supply routes). Returns the evidence."""
    t = ex.doc.text
    return [Ev("side", MILITIA, m.start(), m.end(), 0.6, CONVOY_HIT)
            for m in _CONVOY_OF_US.finditer(t, fr.start, fr.end)]


#: the rules of a side that leave an incident without a place of its own placed like a
#: continuation (:func:`analysis.coding.context.continuation_country`)
PLACED_AS_CONTINUATION = (OWN_TROOPS, CONVOY_HIT)


#: "أحد الهجومين ... وفي الهجوم الثاني ..."، "الأول بطائرة مسيرة والثاني بصاروخين": the items
#: of attacks counted together
_ONE_OF_THE_ATTACKS = _p(r"(?<![\w])[وف]?(?:أحد|احد|إحدى|احدى)\s+(?:ال)?(?:هجومين|هجمتين|هجمات|"
                         r"الهجومين|الهجمتين|الهجمات|استهدافين)(?![\w])")
_THE_OTHER_ATTACK = _p(r"(?<![\w])[وف]?(?:في\s+)?(?:ال)?(?:هجوم|هجمة|استهداف)\s+(?:ال)?(?:ثاني|"
                       r"الثاني|ثانية|الثانية|آخر|الآخر|أخرى|الأخرى)(?![\w])")
_MIXABLE_KEYS = {"drone", "rocket", "ballistic_missile", "cruise_missile", "mortar"}


def weapons_of_counted_items(ex, frames):
    """"وأشار إلى أن أحد الهجومين نفذ باستخدام طائرة مسيرة، وفي الهجوم الثاني تم إطلاق
    صاروخين باتجاه القاعدة": the attacks an incident counts, told one by one, each with a
    weapon of its own kind: the incident's weapons together (``mixed``, the codebook's
    rule). Returns the two weapon mentions, or None."""
    t = ex.doc.text
    for f in frames:
        one = _ONE_OF_THE_ATTACKS.search(t, f.sent.start, f.sent.end)
        if not one:
            continue
        other = _THE_OTHER_ATTACK.search(t, one.end(), f.sent.end)
        if not other:
            continue
        ws = [w for w in ex.weapons if one.start() <= w.start < f.sent.end
              and w.key in _MIXABLE_KEYS]
        first = [w for w in ws if w.start < other.start()]
        second = [w for w in ws if w.start >= other.start()]
        if first and second and first[0].key != second[0].key:
            return first[0], second[0]
    return None


#: "وبعدها بيومين"، "بعد ذلك بثلاثة أيام"، "وبعده بيوم": days after the event just told
_DAYS_AFTER_IT = _p(r"(?<![\w])[وف]?(?:بعدها|بعده|بعد\s+ذلك|بعد\s+ذاك)\s+ب(?:(?P<one>يوم)|(?P<two>يومين)|"
                    r"(?P<n>\S+)\s+(?:أيام|ايام))(?![\w])")


def days_after_it(ex, fr):
    """"وبعدها بيومين، ردت الولايات المتحدة على هذا الهجوم، وقصفت الطائرات الأميركية 6 مواقع
    ...": the number of days after the event told just before that the clause (or the
    clause before it in its sentence) dates its act by, or None."""
    from .numbers import parse_int_word
    t = ex.doc.text
    m = None
    for m in _DAYS_AFTER_IT.finditer(t, fr.sent.start, fr.end):
        pass
    if m is None:
        return None
    if m.group("one"):
        return 1
    if m.group("two"):
        return 2
    n = m.group("n")
    if n.isdigit():
        return int(n)
    v, _ = parse_int_word([n])
    return v if v and v < 31 else None


#: a blast (an effect, no attack word): "دوي انفجار كبير في"، "انفجارات ضخمة في"
_BLAST = _p(r"(?<![\w])[وفب]?(?:ال)?(?:انفجار|انفجارات|إنفجار|إنفجارات|دوي\s+انفجار|دوي\s+انفجارات)(?![\w])")
#: drones or rockets heard or seen: "سمعوا صوت طائرات مسيرة"، "تحليق طائرات مسيرة"
_HEARD_WEAPON = _p(r"(?<![\w])(?:صوت|أصوات|اصوات|أزيز|هدير|تحليق|رصد)\s+(?:\S+\s+){0,2}?(?:ال)?(?:طائرات|طائرة|"
                   r"مسيرة|مسيرات|صواريخ|صاروخ)(?![\w])")


def blast_at_a_us_site(ex, cl) -> list:
    """"أفادت مصادر بسماع دوي انفجار كبير في مطار حرير العسكري" in a report whose witness
    "heard the sound of drones": a blast at a facility hosting US forces, with drones or
    rockets heard or seen within two sentences, is an attack on it even without an attack
    word (an implicit trigger of kind ``attack``). Returns the trigger mentions."""
    from .lexicon import Mention
    t = ex.doc.text
    m = _BLAST.search(t, cl.start, cl.end)
    if not m or not any(cl.start <= p.start < cl.end and p.info.get("us_hosted")
                        and p.info.get("site_id") for p in ex.places):
        return []
    sent = next((s for s in ex.sents if s.start <= cl.start < s.end), None)
    if sent is None:
        return []
    near = [s for s in ex.sents if abs(s.index - sent.index) <= 2]
    if not any(_HEARD_WEAPON.search(t, s.start, s.end) for s in near):
        return []
    return [Mention(m.start(), m.end(), "trigger", "blast",
                    {"kind": "attack", "plural": False, "prefix": "", "definite": False,
                     "verb": True, "suffix": ""}, m.group(0))]


#: the end of a text cut inside a clause: a preposition or "the base" with nothing after
_CUT_END = _p(r"(?<![\w])(?:في|فى|من|على|إلى|الى|قرب|ب|ضد|قاعدة|القاعدة|مطار|منطقة)\s*[\"'»”]?\s*$")


#: "also": another attack than the one told before
_ALSO_WORD = _p(r"(?<![\w])(?:أيضا|ايضا|كذلك|كما)(?![\w])")


def cut_off(ex, fr) -> str:
    """"والخميس أيضا، استهدفت عدة صواريخ قاعدة في " at the end of the text: a clause the page
    cuts off before its place, telling "also" another attack, has lost its place; it is not
    merged into the incident told before it (its weapon would be that incident's). Returns
    the reason, or ""."""
    t = ex.doc.text
    if t[fr.end:].strip() or fr.mentions["place"] or fr.mentions["country"] \
            or fr.kind != "main" or not _ALSO_WORD.search(t, fr.start, fr.end):
        return ""      # (not "بعد أن استهدفت طائرة مسيرة قاعدة": the attack told before)
    return "the text is cut off before the clause's place" if _CUT_END.search(t, fr.start, fr.end) \
        else ""
