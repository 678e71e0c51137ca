"""Precision rules on the acting side and the place of an act (issue 14, coder14).

One rule per construction class, each a function of the extractor (``ex``, an
``analysis.coding.extract._Extractor``) and the frame or mention it judges:

* **a strike of unknown source** (:func:`unknown_source`): "صواريخ مجهولة المصدر", "من
  دون التمكن من تحديد مصدر الغارات", "لم تعرف هوية الطائرات", "يُرجَّح أن يكون مصدرها
  طائرات مسيرة": when the sentence says nobody knows who struck, a militia target does not
  make the strike American (the side is ``unattributed`` unless the report names the US);
* **who, not where** (:func:`nationality_not_place`): a country adjective on a group or on
  people ("الحشد الشعبي العراقي", "حزب الله العراقي", "القوات الإيرانية والعراقية",
  "مقاتلين سوريين") says who they are, not where the act happened; a country excluded
  ("قصر الضربة على سوريا دون العراق") is not a place of it; in a strike clause, the country
  of the US positions the answered attacks hit ("هجمات ... على مواقع أميركية في كل من
  سوريا والعراق") is not the strike's;
* **a road's destination** (:func:`road_destination`): "على الطريق المؤدي إلى بغداد",
  "رتل متجه إلى بغداد": the place a road or a convoy leads to is not where it was hit.

Session 9 (coder17) adds, each a construction class with probes in
``tests/test_coding_probes.py``: the accused, the one held responsible or ascribed the act
(:func:`owner_or_claimant`); killings "at the hands of" the other side
(:func:`at_the_hands`); a response dated by the act its sentence answers
(:func:`response_dated_by_its_sentence`); "من قبل X" after another noun
(:func:`by_agent_of_another_noun`); a place "near" across the border
(:func:`near_across_border`); a saying's date (:func:`date_of_saying`,
:func:`said_of_a_placeless_act`, :func:`quote_reference`); a pluperfect saying
(:func:`reported_in_pluperfect`); a headline dated by default and its dated twin
(:func:`default_dated_twins`); a road named after a city (:func:`road_named_after`); a
correspondent's place (:func:`correspondent_place`).
"""

from __future__ import annotations

import re

from . import cues
from .lexicon import IRAN, US
from .normalize import compile_pattern as _p

__all__ = ["unknown_source", "names_the_actor", "nationality_not_place", "road_destination",
           "said_date_retold", "inner_adjective_tail", "responder_acts", "owner_or_claimant",
           "at_the_hands", "response_dated_by_its_sentence", "by_agent_of_another_noun",
           "near_across_border", "said_of_a_placeless_act", "same_toll_twins",
           "capital_as_government",
           "date_of_saying", "reported_in_pluperfect", "default_dated_twins",
           "quote_reference", "road_named_after", "correspondent_place"]


_SOURCE = (r"(?:ال)?(?:مصدر|مصدرها|مصدره|مصدرهما|مصادر|هوية|هويتها|هويته|هويتهم|هويتهما|"
           r"جنسية|جنسيتها|جهة|الجهة|الجهات|الفاعل|الفاعلين|منفذ|منفذي|المنفذ|المنفذين)")
#: the source of the act said to be unknown
UNKNOWN_SOURCE = _p(
    # "مجهولة المصدر", "ومجهولة الهوية", "مجهولي الهوية"
    r"(?<![\w])[وف]?(?:مجهول|مجهولة|مجهولي|مجهولين|مجهولتي|مجهولتان|مجهولان)\s+" + _SOURCE + r"(?![\w])"
    # "من مصدر مجهول", "مصدرها مجهول"
    r"|(?<![\w])[وفب]?(?:من\s+)?" + _SOURCE
    + r"\s+(?:لا\s+يزال\s+|لا\s+تزال\s+|ما\s+زال\s+|ما\s+زالت\s+)?"
    r"(?:مجهول|مجهولة|مجهولا|مجهولاً|غير\s+معروف|غير\s+معروفة|غير\s+معلوم|غير\s+معلومة)(?![\w])"
    # "لم تعرف هويتها", "لم يتم التعرف على هوية", "لم تتضح بعد الجهة"
    r"|(?<![\w])[وف]?(?:لم|لا)\s+(?:يعرف|تعرف|يعرفا|يتم\s+التعرف\s+على|يجر\s+التعرف\s+على|تتضح|يتضح|"
    r"تتبين|يتبين|تحدد|يحدد|يتم\s+تحديد|تكشف|يكشف|يعلم|تعلم|يعرف\s+بعد|تعرف\s+بعد)\s+"
    r"(?:(?:بعد|حتى\s+الآن|حتى\s+الان|على\s+الفور|فورا|فوراً)\s+)?" + _SOURCE + r"(?![\w])"
    # "من دون التمكن من تحديد مصدر الغارات", "دون معرفة هوية الطائرات"
    r"|(?<![\w])[وف]?(?:دون|بدون|من\s+دون)\s+(?:أن\s+)?(?:(?:التمكن|يتمكن|تتمكن|يتسنى)\s+(?:من\s+)?)?"
    r"(?:تحديد|معرفة|التعرف\s+على|يحدد|تحدد|يعرف|تعرف|كشف|الكشف\s+عن)\s+" + _SOURCE + r"(?![\w])"
    # "ولم تعلن أي جهة مسؤوليتها", "لم يتبنَّ أحد": nobody claimed (a US strike is announced)
    r"|(?<![\w])[وف]?(?:لم|لا)\s+(?:تعلن|يعلن|تتبن|يتبن|تتبنى|يتبنى|تتبنّ|يتبنّ)\s+(?:بعد\s+)?"
    r"(?:أي|اي|أية|اية)?\s*(?:جهة|طرف|أحد|احد|جماعة)(?![\w])"
    # "نفت الولايات المتحدة أي علاقة لها بالضربة": the one who might have struck denies it
    r"|(?<![\w])[وف]?(?:نفى|نفت|تنفي|ينفي|نافيا|نافية|نافياً)\s+(?:\S+\s+){0,4}?(?:أي\s+|اي\s+|أية\s+)?"
    r"(?:علاقة|صلة|مسؤولية|دور|تورط|مشاركة)(?![\w])"
    # "استهدف مجهولون", "مسلحون مجهولون": unknown people acted
    r"|(?<![\w])[وف]?(?:ال)?(?:مجهولون|مجهولين|مسلحون\s+مجهولون|مسلحين\s+مجهولين)(?![\w])"
    # "يُرجَّح أن يكون مصدرها طائرات", "يعتقد أن مصدرها"
    r"|(?<![\w])[وف]?(?:يعتقد|يرجح|رجح|رجحت|يرجحون)\s+(?:\S+\s+){0,6}?(?:أن|ان)\s+(?:يكون\s+|تكون\s+)?"
    r"(?:مصدرها|مصدره|مصدر)(?![\w])")

#: rules whose evidence names who acted (not a side inferred from the target or the weapon)
_NAMING_RULES = ("nationality adjective after the attack noun", "attributed with a hedge",
                 "nationality adjective after the platform",
                 "aggression noun with a nationality adjective as subject")


def unknown_source(ex, fr) -> bool:
    """The frame's sentence says nobody knows who struck ("صواريخ مجهولة المصدر", "لم تعرف
    هوية الطائرات", "من دون التمكن من تحديد مصدر الغارات")."""
    return bool(UNKNOWN_SOURCE.search(ex.doc.text, fr.sent.start, fr.sent.end))


def names_the_actor(fr, side: str = US) -> bool:
    """The frame names ``side`` as the actor (an agent of that side, a nationality
    adjective, a hedged attribution), not a side inferred from its target or weapon."""
    if any(a.info.get("side") == side for a in fr.agent_actors):
        return True
    ev = fr.side_ev
    return ev is not None and fr.side == side and (
        ev.rule in _NAMING_RULES or ev.rule.split(":")[-1].strip().startswith(
            ("subject of", "said it carried out", "claimed")))


# a people or group noun a country adjective may describe: "الحشد الشعبي العراقي",
# "حزب الله العراقي", "القوات الإيرانية والعراقية", "مقاتلين سوريين"
_WHO = (r"(?:ال)?(?:حشد|حزب|فصائل|فصيل|الفصائل|ميليشيات|مليشيات|ميليشيا|مليشيا|جماعة|جماعات|"
        r"قوات|القوات|جيش|الجيش|مقاتلين|مقاتلون|مقاتل|مقاتلي|عناصر|عنصر|مسلحين|مسلحون|جنود|جندي|"
        r"ضباط|ضابط|مستشارين|مستشار|قيادي|قيادات|حكومة|الحكومة|سلطات|السلطات|مسؤولين|مسؤول|"
        r"مسؤولون|وزارة|أمن|الأمن|مقاومة|المقاومة|حركة|كتائب|عصائب|تنظيم|لواء|اللواء|"
        r"شرطة|الشرطة|حرس|الحرس|نظام|النظام|رئيس|الرئيس|وزير|الوزير|وفد|الوفد|ناشطون|ناشطين|"
        r"مواطنين|مواطنون|مدنيين|مدنيون|شركة|الشركة|طائرة|طائرات)")
_ADJ_FORM = re.compile(r"^(?:ال)?\S+(?:ي|ية|يه)$")
_WHO_BEFORE = _p(r"(?<![\w])[وفبل]*" + _WHO + r"(?:\s+(?!في\s|من\s|على\s|إلى\s|الى\s)\S+){0,2}?\s+[و]?$")
_EXCLUDED_BEFORE = _p(r"(?<![\w])(?:دون|وليس|ليس|لا|بدلا\s+من|بدل|عدا|باستثناء|خارج)\s+"
                      r"(?:في\s+)?[وفبل]*$")
# the US positions an answered attack hit: "على مواقع أميركية في كل من سوريا والعراق"
_US_POSITIONS_BEFORE = _p(r"(?:مواقع|قواعد|قوات|القوات|أهداف|اهداف|منشآت|مصالح|جنود|عسكريين)\s+"
                          r"(?:ال)?(?:أمريكية|أميركية|امريكية|اميركية|الأمريكية|الأميركية|"
                          r"أمريكيين|أميركيين|للولايات\s+المتحدة|التحالف|للتحالف)\s+"
                          r"(?:في\s+|ب)?(?:كل\s+من\s+)?(?:\S+\s+و)?$")

# the attacks a strike answers, placed: "رد على الهجمات الصاروخية في العراق", "بالهجمات التي
# تستهدف الأمريكان في العراق" (not the strike called an attack: "هجمات جوية/أمريكية في";
# not a place after the strike told: "ردت على الهجوم بضربات استهدفت منشأتين في سوريا")
_ANSWERED_ATTACKS_BEFORE = _p(r"(?<![\w])[وفبل]*(?:ال)?(?:هجمات|هجوم|اعتداءات)"
                              r"(?:\s+(?!(?:ال)?(?:جوية|أمريكية|أميركية|امريكية|أمريكي|أميركي)"
                              r"(?![\w]))(?![وفبل]*(?:ال)?(?:ضرب|غار|قصف|استهدف|شن|نفذ))"
                              r"[^\s.،,؛:]+){0,5}?\s+(?:في|ب)\s*$")


def nationality_not_place(ex, fr, c) -> str:
    """Whether a country mention ``c`` of the frame places nothing: ``"weak"`` for an
    adjective on a group or on people ("قتلى من الحشد الشعبي العراقي": used only when the
    incident names no other country), ``"drop"`` for a country excluded ("على سوريا دون
    العراق") or, in a strike clause, the country of US positions the answered attacks hit
    ("رداً على هجمات ... على مواقع أميركية في سوريا والعراق") or of the attacks it answers
    ("رد على الهجمات الصاروخية في العراق", coder20); else ``""``."""
    t = ex.doc.text
    if _EXCLUDED_BEFORE.search(t, max(fr.sent.start, c.start - 20), c.start):
        return "drop"
    if fr.trig_kind in ("strike", "raid") and _US_POSITIONS_BEFORE.search(
            t, max(fr.sent.start, c.start - 50), c.start):
        return "drop"
    if fr.trig_kind in ("strike", "raid") and _ANSWERED_ATTACKS_BEFORE.search(
            t, max(fr.sent.start, c.start - 70), c.start):
        return "drop"                  # "بذريعة علاقتها بالهجمات التي تستهدف الأمريكان في العراق"
    word = t[c.start:c.end].strip()
    if _ADJ_FORM.match(word) and " " not in word and _WHO_BEFORE.search(
            t, max(fr.sent.start, c.start - 60), c.start):
        return "weak"
    return ""


#: a road or a convoy named with where it leads: "الطريق المؤدي إلى بغداد", "رتل متجه إلى"
_TOWARDS_BEFORE = _p(r"(?<![\w])(?:(?:ال)?(?:طريق|خط|أوتوستراد|رتل|الرتل|أرتال|قافلة|شاحنات|صهاريج)"
                     r"(?:\s+\S+){0,3}?\s+(?:ال)?(?:مؤدي|المؤدي|مؤدية|المؤدية|الذي\s+يؤدي|التي\s+تؤدي|"
                     r"يؤدي|تؤدي|الواصل|واصل|الواصلة|المتجه|متجه|متجها|متجهة|المتجهة|المتوجه|متوجه|"
                     r"متوجهة|المتوجهة|القادم|قادم|قادمة|القادمة|الذاهب|ذاهب|الذاهبة|"
                     r"في\s+طريقه|في\s+طريقها)"
                     r"\s+(?:إلى|الى|نحو|صوب|باتجاه|من)\s+(?:(?:مدينة|محافظة|العاصمة)\s+)?[وفبل]*$"
                     r"|(?:ال)?(?:طريق|خط|رتل|قافلة)(?:\s+\S+){0,3}?\s+(?:باتجاه|بإتجاه|صوب)\s+"
                     r"(?:(?:مدينة|محافظة|العاصمة)\s+)?[وفبل]*$)")


def road_destination(ex, p) -> bool:
    """A place named as where a road or a convoy leads ("على الطريق المؤدي إلى بغداد",
    "رتل متجه إلى العاصمة بغداد") or comes from ("قادمة من العراق") is not where the act
    happened."""
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    return bool(_TOWARDS_BEFORE.search(t, max(0, s0 - 70), s0))


#: a date right after a reporting verb and its subject (up to six words): "ذكر المرصد
#: السوري لحقوق الإنسان أمس الجمعة أن ..."
_SAID_BEFORE = _p(r"(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|أفاد|أفادت|صرح|صرحت|ذكر|ذكرت|أكد|أكدت|"
                  r"أوضح|أوضحت|نقل|نقلت|أورد|أوردت|كشف|كشفت|بين|بينت|أشار|أشارت)\s+"
                  r"(?:[^\s.،,؛:]+\s+){0,6}?(?:يوم\s+)?$")


def said_date_retold(ex, fr, inc) -> bool:
    """A clause dated a day before an incident whose only date is the day it was *said*
    ("ذكر المرصد أمس الجمعة أن حصيلة القصف الأمريكي ارتفعت ..." then "وقال مسؤولون إن
    الولايات المتحدة وجهت يوم الخميس ضربة ...") retells that incident: the saying dates
    the report, not the act, so the act's own date wins (the incident's saying dates are
    demoted). Same side (the caller's candidates), no site of its own that the incident
    lacks, no other country."""
    if fr.date is None or fr.date[1] != "day":
        return False
    dated = [g for g in inc.frames if g.date is not None]
    if not dated or any(g.date[1] != "day" or g.date[4] is None for g in dated):
        return False
    t = ex.doc.text
    if not all(_SAID_BEFORE.search(t, max(g.sent.start, g.date[4].start - 70), g.date[4].start)
               for g in dated):
        return False
    if not all(0 < (g.date[0] - fr.date[0]).days <= 1 for g in dated):
        return False
    own = {p.info.get("site_id") for p in fr.sites if p.info.get("site_id")}
    have = {p.info.get("site_id") for g in inc.frames for p in g.sites}
    if own - have:
        return False
    f_c = {c for c, _, _ in fr.countries}
    i_c = {c for g in inc.frames for c, _, _ in g.countries}
    if f_c and i_c and not f_c <= i_c:
        return False
    for g in dated:                      # the act's own date wins
        d = g.date
        g.date = (d[0], d[1], min(d[2], 0.3), d[3], d[4], d[5])
    return True


def inner_adjective_tail(ex, w) -> str:
    """For a platform mention with a word between its noun and "مسيرة"/"بدون طيار"
    ("طائرة إسرائيلية مسيرة", "طائرات أمريكية بدون طيار"), the text from that word on, so
    that a nationality adjective inside the platform names who flew it as one after it
    does; else ``""``."""
    t = ex.doc.text
    words = list(re.finditer(r"\S+", t[w.start:w.end]))
    if len(words) < 3:
        return ""
    return t[w.start + words[1].start() - 1:w.end + 30]


#: "ردت القوات الأمريكية على هجمات الفصائل بغارات على مواقعها": a responder, the event
#: answered ("على ...") and the response told with a strike or attack word of its own
_RESPONDED_WITH = _p(
    r"(?<![\w])(?P<v>[وف]?(?:ردت|رد|ردوا|ترد|يرد|يردون|سترد|سيرد))\s+(?!(?:ال)?فعل(?![\w]))"
    r"(?P<mid>(?:\S+\s+){0,5}?)(?:على\s+(?:[^\s.،,؛:]+\s+){0,6}?)?"
    r"(?P<own>ب(?:ال)?(?:غارات|غارة|ضربات|ضربة|قصف|استهداف|هجوم|هجمات|شن|توجيه|إطلاق|اطلاق)"
    r"(?![\w]))")


def responder_acts(ex, fr):
    """The side of a clause that tells a response with a strike or attack word of its own
    ("ردت القوات الأمريكية على هجمات الفصائل بغارات على مواقعها في القائم", "ترد الفصائل
    على القصف الأميركي بقصف قاعدة ..."): the responder (an actor between the verb and
    "على", or right before the verb) acted; the event answered is the other side's and its
    actor, adjective or target phrase is no cue. Returns ``(side, actor)`` or None."""
    from .lexicon import IRAN, MILITIA
    t = ex.doc.text
    m = _RESPONDED_WITH.search(t, fr.start, fr.end)
    if m is None:
        return None
    vs = m.start("v")
    near = [a for a in fr.mentions["actor"] if a.info.get("side") in (US, MILITIA, IRAN) and (
        m.start("mid") <= a.start < m.end("mid")
        or 0 <= ex.doc.tok(vs) - ex.doc.tok(a.end - 1) <= 3 and a.end <= vs)]
    if not near:
        return None
    a = near[0] if near[0].start >= m.start("mid") else near[-1]
    return a.info["side"], a


# between a weapon or platform and its owner: nothing (the genitive, "صواريخ القوات
# الأمريكية") or "تابعة لـ" ("طائرة مسيرة تابعة للتحالف الدولي")
_OWNER_GAP = _p(r"^\s*(?:[\"'«“]\s*)?(?:(?:ال)?(?:تابعة|تابع|تابعتين|تابعين|تابعتان|يعود|تعود)\s+"
                r"(?:إلى\s+|الى\s+)?)?(?:ل|لل)?\s*[\"'«“]?\s*$")
_OWNED_WEAPONS = {"drone", "rocket", "ballistic_missile", "cruise_missile", "airstrike",
                  "helicopter", "artillery", "mortar"}
# "أعلن تنظيم داعش مسؤوليته عن", "تبنى X الهجوم"
_CLAIMS_AFTER = _p(r"^\s*(?:\S+\s+){0,2}?(?:مسؤوليته|مسؤوليتها|مسؤوليتهم|المسؤولية)\s+عن(?![\w])")
#: "اتهمت كتائب حزب الله الولايات المتحدة بقصف ...", "حمّلت الهيئة القوات الأمريكية
#: مسؤولية الغارة", "وجهت اتهامات لواشنطن بقصف", "نسبت مصادر الضربة ... إلى إسرائيل":
#: the accused, the one held
#: responsible, the one a strike is ascribed to (the accuser may stand between)
_ACCUSE_BEFORE = _p(r"(?<![\w])[وف]?(?:اتهم|اتهمت|اتهموا|يتهم|تتهم|يتهمون|متهما|متهمة|متهماً|"
                    r"متهمين|حمل|حملت|حمّل|حمّلت|حملوا|يحمل|تحمل|يحملون|محملا|محملة|محملاً|"
                    r"مُحمّلا|مُحمّلة|اتهامات|اتهاما|اتهام|الاتهامات)\s+(?:[^\s.،,؛:]+\s+){0,6}?[وفبلك]*$")
_ACCUSED_OF_AFTER = _p(r"^\s*(?:ب|بال)?(?:(?:وقوف|الوقوف)\s+(?:وراء|خلف)|تنفيذ|شن|ارتكاب|"
                       r"مسؤولية|المسؤولية|مسؤوليه)?(?:\s+(?:ال)?(?:كاملة|كامله|الكاملة))?\s*"
                       r"(?:عن\s+)?(?:ال)?$")
_ASCRIBE_BEFORE = _p(r"(?<![\w])[وف]?(?:نسب|نسبت|ينسب|تنسب|نسبوا|تُنسب|يُنسب|منسوبة|منسوب|"
                     r"المنسوبة|المنسوب|عزت|عزا|تعزو|يعزو)(?![\w])")
_TO_BEFORE = _p(r"(?<![\w])(?:إلى|الى)\s+[وفبلك]*$")
_DENIES_BEFORE = _p(r"(?<![\w])[وف]?(?:نفى|نفت|تنفي|ينفي|نافيا|نافية|تنصل|تنصلت)\s+(?:ال)?$")
_CLAIMS_BEFORE = _p(r"(?<![\w])[وف]?(?:تبنى|تبنت|تبنّى|تبنّت|يتبنى|تتبنى)\s+(?:ال)?$")


def owner_or_claimant(ex, fr, a) -> str:
    """Why the actor mention ``a`` is the agent of the frame by a construction the other
    agent rules do not read, else ``""``: the owner of the weapon or platform ("ضربت
    صواريخ القوات الأمريكية مقراً", "هجوم بطائرة مسيرة تابعة للتحالف الدولي"; not an
    aircraft shot down or attacked), or the one who claims the act ("أعلن تنظيم داعش
    مسؤوليته عن هجوم على القوات الأمريكية", "تبنى فصيل ... تفجير عبوة")."""
    from . import cues
    t = ex.doc.text
    s = a.start - len(a.info.get("clitic", ""))
    if fr.trig_kind != "shootdown":
        for w in fr.mentions["weapon"]:
            if w.key not in _OWNED_WEAPONS or w.end > s or s - w.end > 24:
                continue
            if _OWNER_GAP.match(t[w.end:s]) and not cues.TARGET_BEFORE.search(
                    t[max(fr.start, w.start - 40):w.start]):
                return "owner of the weapon or platform"
    why = _accused(ex, fr, a, s)
    if why:
        return why
    if _DENIES_BEFORE.search(t, max(fr.sent.start, s - 14), s):
        return ""                          # "نفت واشنطن مسؤوليتها عن القصف"
    if _CLAIMS_AFTER.match(t[a.end:a.end + 40]) or _CLAIMS_BEFORE.search(
            t, max(fr.sent.start, s - 14), s):
        if any(x.start > a.end for x in fr.triggers):
            return "claims the act"
    armed_other = a.info.get("side") == "other" and a.info.get("kind") in ("group", "armed group")
    if (a.info.get("side") == IRAN or armed_other) and cues.ANNOUNCED_BEFORE.search(
            t, max(fr.sent.start, s - 30), s) and any(
            x.start > a.end
            and (0 <= ex.doc.tok(x.start) - ex.doc.tok(a.end - 1) <= 2
                 or 0 <= ex.doc.tok(x.start) - ex.doc.tok(a.end - 1) <= 6 and any(
                     a.end <= d.start and d.end <= x.start for d in ex.dates))
            for x in [x for x in fr.triggers if not x.info["verb"]]
            + ([c for c in ex.casualties if fr.start <= c.start < fr.end and c.kind == "killed"]
               if armed_other else [])):
        # (a date may stand between: "أعلنت إيران فجر اليوم"; an armed group announcing a
        # killing claims it: "أعلن تنظيم داعش مقتل جنديين أمريكيين بهجوم")
        # "أعلن الحرس الثوري استهداف القواعد الأمريكية": Iran's forces (or an armed group
        # outside the case) announce their own act (a militia's announcement is a claim
        # already; a US one may tell an attack on its own forces)
        return "announced the attack"
    if a.info.get("side") == US and _ANNOUNCED_OWN_STRIKES_AFTER.match(t, a.end, fr.end):
        # "وكان البنتاجون قد أعلن الاثنين الماضي عن توجيه ضربات إلى جماعات مسلحة"
        return "announced carrying out the strike"
    return ""


#: the subject before "(قد) أعلن ... (عن) توجيه/تنفيذ/شن ضربات": the announcer's own strikes
_ANNOUNCED_OWN_STRIKES_AFTER = _p(
    r"\s*(?:[^\s.،,؛:]+\s+){0,1}?(?:قد\s+)?(?:أعلن|أعلنت|أكد|أكدت)\s+(?:[^\s.،,؛:]+\s+){0,4}?"
    r"(?:عن\s+)?(?:توجيه|تنفيذ|شن|شنه|شنها)\s+(?:[^\s.،,؛:]+\s+)?(?:ال)?(?:ضربات|ضربة|غارات|غارة|"
    r"ضربتين|غارتين)(?![\w])")


def _accused(ex, fr, a, s) -> str:
    """The actor accused of the act, held responsible for it or the one it is ascribed to
    ("اتهمت الكتائب الولايات المتحدة بقصف مواقعها", "حمّلت الهيئة القوات الأمريكية
    مسؤولية الغارة", "نسبت مصادر الضربة التي استهدفت مقر الحشد إلى إسرائيل"): named as
    who struck, as a third party's belief (the gold keeps such an attribution). Not one
    accused of support or plans ("اتهمت واشنطن إيران بدعم الفصائل"): the words between the
    actor and the attack noun must be "بالوقوف وراء", "بتنفيذ", "مسؤولية" or nothing."""
    t = ex.doc.text
    if _ACCUSE_BEFORE.search(t, max(fr.sent.start, s - 70), s):
        for x in fr.triggers:
            pre = x.info.get("prefix", "")
            x0 = x.start - len(pre)
            if x0 < a.end or ex.doc.tok(x0) - ex.doc.tok(a.end - 1) > 4:
                continue
            gap = t[a.end:x0]
            if _ACCUSED_OF_AFTER.match(gap + pre) or _ACCUSED_OF_AFTER.match(gap):
                return "accused of the act or held responsible for it"
    if _TO_BEFORE.search(t, max(fr.sent.start, s - 10), s):
        m = None
        for m in _ASCRIBE_BEFORE.finditer(t, fr.sent.start, s):
            pass
        if m is not None and any(m.end() <= x.start < s for x in fr.triggers):
            return "the act is ascribed to it ('نسبت ... إلى')"
    return ""


#: "على يد القوات الأمريكية", "على أيدي", "بنيران": who killed, right before the actor
_AT_HANDS_AFTER = _p(r"^\s*(?:[^\s.،,؛:]+\s+){0,6}?(?:على|علي)\s+(?:يد|أيدي|ايدي)\s+[وفبلك]*(?:ال)?$"
                     r"|^\s*(?:[^\s.،,؛:]+\s+){0,6}?(?:بنيران|بيد|بأيدي|بايدي|برصاص|بنار)\s+[وفبلك]*(?:ال)?$")
#: ... or the same phrase with a nationality adjective in place of the actor ("بنيران أمريكية")
_AT_HANDS_ADJ = _p(r"\s+(?:[^\s.،,؛:]+\s+){0,6}?(?:بنيران|برصاص|بنار)\s+")


def at_the_hands(ex, cl) -> list:
    """"قتل ثلاثة من عناصر الكتائب على يد القوات الأمريكية في القائم أمس", "لقي قيادي
    مصرعه على أيدي القوات الأميركية قرب البوكمال": members of one side killed or wounded
    "at the hands of" (or "by the fire of") the other side's actor tell that side's act
    even without an attack word. Needs a place or a country in the clause (not "قتل
    المئات على يد القوات الأمريكية منذ 2003", undated and unplaced); returns a trigger
    (kind ``strike`` for a US actor, ``attack`` otherwise) or ``[]``."""
    from .lexicon import MILITIA
    t = ex.doc.text
    placed = any(cl.start <= p.start and p.end <= cl.end for p in ex.places + ex.countries)
    if not placed:
        return []
    for c in ex.casualties:
        if not (cl.start <= c.start and c.end <= cl.end) or c.kind not in ("killed", "wounded") \
                or c.group not in (US, MILITIA):
            continue
        for a in ex.actors:
            if not (c.end <= a.start < cl.end):
                continue
            side = a.info.get("side")
            if side not in ((US,) if c.group == MILITIA else (MILITIA, IRAN)):
                continue
            if not _AT_HANDS_AFTER.match(t[c.end:a.start]):
                continue
            return [_hands_trigger(ex, c, side)]
        # "مقتل قيادي في الكتائب بنيران أمريكية قرب البوكمال": the adjective names the side
        m = _AT_HANDS_ADJ.match(t, c.end, cl.end)
        if m and c.group == MILITIA:
            adj = ex.lex.agent_adjectives.get(US)
            if adj is not None and adj.match(t[m.end():m.end() + 30]):
                return [_hands_trigger(ex, c, US)]
    return []


def _hands_trigger(ex, c, side):
    """The implicit trigger of :func:`at_the_hands`: the casualty phrase, a strike for the
    US side, an attack for the other."""
    from .lexicon import Mention
    return Mention(c.start, c.end, "trigger", "at_the_hands",
                   {"kind": "strike" if side == US else "attack", "plural": False, "prefix": "",
                    "definite": False, "verb": True, "suffix": ""}, ex.doc.text[c.start:c.end])


def response_dated_by_its_sentence(ex, fr, done) -> bool:
    """"استهدفت الفصائل قاعدة عين الأسد بالصواريخ أمس، وردت القوات الأمريكية بقصف مواقع
    في القائم": an undated response (its side set by "ردت ... بـ") told in the sentence of
    the dated act it answers, an act of the other side, took place that day (not on the
    publication day). Sets ``fr.date``; True when it did."""
    from .frames import Ev, opposite
    if fr.date is not None or fr.side_ev is None \
            or not fr.side_ev.rule.startswith("the responder of"):
        return False
    prev = next((g for g in reversed(done[:-1]) if g.sent.index == fr.sent.index
                 and g.side == opposite(fr.side) and g.date is not None
                 and g.date[1] == "day" and g.start < fr.start), None)
    if prev is None:
        return False
    tr = fr.triggers[0]
    rule = "a response told in the sentence of the act it answers: that act's day"
    fr.date = (prev.date[0], "day", 0.5, rule,
               Ev("date", prev.date[0].isoformat(), tr.start, tr.end, 0.5, rule), False)
    return True


_HEDGES = _p(r"(?<![\w])(?:ربما|قد|وربما|على\s+الأرجح|على\s+ما\s+يبدو|يرجح|يعتقد|أيضا|أيضاً|"
             r"ايضا|كذلك|وذلك|تحديدا|تحديداً|بالتحديد)(?![\w])")


def by_agent_of_another_noun(ex, fr, a) -> bool:
    """"... لهجوم نفذه مجهولون بـ 3 طائرات مسيرة، وذلك بعد ساعات من استنفار شهدته القاعدة
    من قبل قوات التحالف": "من قبل X" names the agent of the noun it follows (here an
    alert), not of the attack, when no attack or strike word stands between the comma
    or clause start before it and "من قبل" ("بقصف من قبل طائرات أمريكية" keeps X as the
    agent; so does a bare "، من قبل X" right after the clause)."""
    t = ex.doc.text
    s = a.start - len(a.info.get("clitic", ""))
    m = cues.BY_AGENT_BEFORE.search(t, max(fr.start, s - 20), s)
    if m is None:
        return False
    lo = max(fr.start, m.start() - 120)
    commas = [k for k in range(lo, m.start()) if t[k] in ",،"]
    seg0 = commas[-1] + 1 if commas else lo
    if not _HEDGES.sub("", t[seg0:m.start()]).strip():
        return False                 # "تعرضت لغارة جوية، ربما من قبل القوات الأمريكية"
    return not any(seg0 <= x.start < m.start() for x in fr.triggers)


def near_across_border(ex, fr, p) -> bool:
    """"غارات ... داخل الأراضي السورية قرب الشريط الحدودي مع العراق قرب مدينة القائم": a
    place named after "قرب" whose country differs from the country the clause states
    before it as where the act happened, with no other act told between, is a reference
    point across the border, not the site (a border named or a nationality adjective on a
    group states no such country)."""
    from . import scope
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    pc = p.info.get("country")
    if not pc or not scope._NEAR_BEFORE.search(t, max(fr.start, s0 - 40), p.start):
        return False
    for c in fr.mentions["country"]:
        if c.end > s0 or c.key == pc or any(c.end <= x.start < s0 for x in fr.triggers):
            continue                 # (another act told between: "... والرابعة استهدفت ...")
        before = t[max(fr.start, c.start - 40):c.start]
        if cues.BORDER_WITH.search(before) or cues.BORDER_OF.search(before) \
                or nationality_not_place(ex, fr, c):
            continue
        return True
    return False


def said_of_a_placeless_act(fr, inc) -> bool:
    """"قالت المتحدثة باسم البيت الأبيض، يوم الثلاثاء، إن الرئيس اطلع على تقارير عن هجوم على
    منشآت أمريكية": a clause dated only by its saying, naming no site, may tell the act of
    an incident a day off (the saying's day and time zone are not the act's): it joins that
    incident under the one-day rule of anaphoric clauses."""
    return fr.said_date and not fr.sites and inc.side is not None


#: a reporting verb and its subject (up to ten words, commas allowed) before a date ...
_SAYING_VERB_BEFORE = _p(r"(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|أفاد|أفادت|صرح|صرحت|ذكر|ذكرت|أكد|"
                         r"أكدت|أوضح|أوضحت|كشف|كشفت|أشار|أشارت)\s+(?:[^\s.؛:]+\s+){0,10}?"
                         r"(?:يوم\s+)?$")
#: ... and "إن/أن" right after it
_THAT_AFTER = _p(r"^\s*[,،]?\s*(?:إن|أن|ان|بأن|بان)(?![\w])")


def date_of_saying(ex, fr, d) -> bool:
    """"وقالت المتحدثة باسم البيت الأبيض، ستيفاني جريشام، يوم الثلاثاء، إن ...": a date
    between a reporting verb (with its subject) and "إن/أن" dates the saying."""
    t = ex.doc.text
    return bool(_THAT_AFTER.match(t[d.end:d.end + 12])
                and _SAYING_VERB_BEFORE.search(t, max(fr.sent.start, d.start - 120), d.start))


#: "وكان الجيش العراقي قد أعلن في وقت سابق أن": a saying in the pluperfect and its "that"
_PLUPERFECT_SAYING = _p(r"\s*[وف]?(?:كان|كانت|كانوا)\s+(?:[^\s.؛:]+\s+){0,5}?قد\s+(?:أعلن|أعلنت|"
                        r"أعلنوا|قال|قالت|قالوا|ذكر|ذكرت|أفاد|أفادت|أكد|أكدت|أوضح|أوضحت)\s+"
                        r"(?:[^\s.؛:]+\s+){0,6}?(?:أن|إن|ان)(?![\w])")


def reported_in_pluperfect(ex, fr, idate) -> bool:
    """"وكان الجيش العراقي قد أعلن في وقت سابق أن 10 صواريخ سقطت، الأربعاء، على قاعدة
    التاجي": the pluperfect is the saying's (announced earlier), and the act's own date,
    inside its "that" clause, a day or less from an incident dated only by default (the
    headline's publication day), tells that incident, not an earlier one."""
    if fr.date is None or fr.date[4] is None or idate is None \
            or abs((fr.date[0] - idate[0]).days) > 1:
        return False
    m = _PLUPERFECT_SAYING.match(ex.doc.text, fr.sent.start, fr.sent.end)
    return m is not None and fr.date[4].start >= m.end()


def default_dated_twins(rows) -> list:
    """Draft rows ``(row, ..., incident)`` to drop: an incident dated only by the
    publication day (no date in the headline or lead: ``lead_default``) at a site where an
    incident of the same side and country has a date of its own one day off ("صواريخ تقتل
    أميركيين بهجوم معسكر التاجي" and, in the body, "سقطت ... الأربعاء، على قاعدة التاجي")
    is the same incident: the body's date wins."""
    import pandas as pd

    def by_default(inc):
        dated = [g for g in inc.frames if g.date is not None]
        return bool(dated) and all(g.lead_default for g in dated)

    out = []
    for x in rows:
        r = x[0]
        if not r.get("site_id") or not by_default(x[2]):
            continue
        for y in rows:
            q = y[0]
            if y is x or y[2] is x[2] or by_default(y[2]) or (
                    q.get("side"), q.get("country"), q.get("site_id")) != (
                    r.get("side"), r.get("country"), r.get("site_id")):
                continue
            if abs((pd.Timestamp(q.get("date")) - pd.Timestamp(r.get("date"))).days) <= 1:
                out.append(x)
                break
    return out


def same_toll_twins(rows) -> list:
    """Draft rows ``(row, evidence, incident, role, frames)`` to drop: an attack told twice
    a day apart, as two incidents of the same side, country and site (or both with no
    site), with the same number killed ("قتل ثلاثة جنود أمريكيين في هجوم على قاعدة في
    الأردن" and, in a statement quoted later, "الليلة الماضية، قتل ثلاثة من أفراد الخدمة
    ... خلال هجوم بطائرة دون طيار"): one incident, whose first telling is kept (the other
    is a background row). Only for killed figures above zero and one weapon (or one of them
    unknown): a drone attack and a rocket attack with the same toll are two (a toll a day apart is one
    event; "no casualties" twice is not evidence of anything)."""
    import pandas as pd

    def killed(r):
        v = r.get("target_killed")
        return v if isinstance(v, (int, float)) and v == v and v > 0 else None

    out = []
    for i, x in enumerate(rows):
        r = x[0]
        if killed(r) is None or x[3] == "main":
            continue
        for y in rows[:i] + rows[i + 1:]:
            q = y[0]
            if y[2] is x[2] or y in out or (q.get("side"), q.get("country"), q.get("site_id")) != (
                    r.get("side"), r.get("country"), r.get("site_id")):
                continue
            weapons = {q.get("weapon"), r.get("weapon")} - {None, "unknown"}
            if killed(q) == killed(r) and len(weapons) <= 1 and abs(
                    (pd.Timestamp(q.get("date")) - pd.Timestamp(r.get("date"))).days) == 1:
                out.append(x)
                break
    return out


#: "وقال المتحدث: “...": a quotation opened after a reporting verb and its speaker
_QUOTE_OPEN = _p(r"(?<![\w])[وف]?(?:قال|قالت|أضاف|أضافت|تابع|تابعت|أكد|أكدت|أوضح|أوضحت)\s+"
                 r"(?:[^\s.]+\s+){0,5}?[^\s.]*\s*:\s*[“«\"]")
_COMMA_AFTER = _p(r"^\s*[,،]")


def quote_reference(ex, fr, d, ref):
    """The day a quotation's "اليوم"/"أمس" counts from: "أعلن متحدث باسم البنتاغون، أمس
    الاثنين، إصابة أميركيين ..." then "وقال المتحدث: “يعتقد أن هجوما صاروخيا وقع اليوم":
    the speaker spoke on the day the sentence before dates the saying (a date between the
    reporting verb and what was said), so his "today" is that day, not the publication
    day. Returns that date, or None."""
    from .dates import resolve
    if d.kind != "relative" or d.precision != "day" or d.offset not in (0, -1) or ref is None:
        return None
    t = ex.doc.text
    q = None
    for q in _QUOTE_OPEN.finditer(t, fr.sent.start, d.start):
        pass
    if q is None or any(c in t[q.end():d.start] for c in "”»"):
        return None
    prev = [s for s in ex.sents if s.end <= fr.sent.start]
    if not prev:
        return None
    ps = prev[-1]
    for d0 in ex.dates:
        if not (ps.start <= d0.start and d0.end <= ps.end) or d0.kind in ("anchor", "year"):
            continue
        if not _SAYING_VERB_BEFORE.search(t, max(ps.start, d0.start - 120), d0.start):
            continue
        if not (_COMMA_AFTER.match(t[d0.end:d0.end + 3]) or _THAT_AFTER.match(t[d0.end:d0.end + 12])):
            continue
        r = resolve(d0, ref, default_year=ex.default_year)
        if r is not None and r.precision == "day" and r.date != ref:
            return r.date
    return None


#: "على طريق بغداد الدولي", "الطريق السريع الموصل": a road named after a city
_ROAD_NAMED_BEFORE = _p(r"(?<![\w])[وفبل]*(?:ال)?(?:طريق|أوتوستراد|اوتوستراد)(?:\s+(?:ال)?(?:سريع|دولي|"
                        r"رئيسي|خارجي|العام))?\s+[وفبل]*$")
_ROAD_NAMED_AFTER = _p(r"^\s*(?:ال)?(?:دولي|سريع|الدولي|السريع|الرئيسي|الخارجي)(?![\w])")


def road_named_after(ex, p) -> bool:
    """"انفجرت عبوة برتل على طريق بغداد الدولي قرب الناصرية": a city or town that names a
    road ("طريق بغداد الدولي") is not where the act happened (the road runs far from it);
    a facility on a road ("طريق مطار بغداد") is still a place of the act, and a road named
    by its two ends is :func:`analysis.coding.scope.road_end`'s."""
    if p.info.get("kind") not in ("city", "town", "region", None) or p.info.get("us_hosted"):
        return False
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    if not _ROAD_NAMED_BEFORE.search(t, max(0, s0 - 30), s0):
        return False
    after = t[p.end:p.end + 20]
    # "طريق بغداد الدولي", or another place named after the road ("... قرب الناصرية")
    return bool(_ROAD_NAMED_AFTER.match(after)) or any(
        q is not p and p.end <= q.start <= p.end + 40 for q in ex.places)


#: a capital named as its government: the object or subject of a verb of saying, asking or
#: notifying, with no preposition ("أخطرت واشنطن بغداد ببدء هجمات", "طالبت بغداد واشنطن")
_GOVERNMENT_VERB_BEFORE = _p(
    r"(?<![\w])[وف]?(?:أخطر|أخطرت|أبلغ|أبلغت|أخبر|أخبرت|طالب|طالبت|تطالب|يطالب|دعا|دعت|حذر|"
    r"حذرت|حث|حثت|أكد|أكدت|نفى|نفت|اتهم|اتهمت|تتهم|يتهم|أعلن|أعلنت|قال|قالت|رفض|رفضت|دان|"
    r"دانت|أدان|أدانت|أعرب|أعربت|أبدى|أبدت|وافق|وافقت|تلقى|تلقت|استدعى|استدعت|أرسل|أرسلت|"
    r"أبلغته|أبلغتها)\s+(?:(?:واشنطن|طهران|دمشق|أنقرة|الولايات\s+المتحدة(?:\s+الأمريكية|"
    r"\s+الأميركية)?|أمريكا|أميركا)\s+)?$")
#: capitals the gazetteer has as cities
_CAPITALS = ("baghdad", "damascus")


def capital_as_government(ex, p) -> bool:
    """"أخطرت واشنطن بغداد ببدء هجمات على الفصائل", "وطالبت بغداد واشنطن بوقف الضربات": a
    capital right after a verb of notifying, asking, saying or accusing (no preposition
    between) is its government, not a place of the act; "شهدت بغداد انفجارات", "في بغداد",
    "استهدفت بغداد" stay places (coder20)."""
    if p.info.get("site_id") not in _CAPITALS or p.info.get("clitic"):
        return False
    t = ex.doc.text
    return bool(_GOVERNMENT_VERB_BEFORE.search(t, max(0, p.start - 50), p.start))


#: "قال مراسل روزنة في دير الزور"، "مراسلنا في بغداد": where a correspondent is based
_CORRESPONDENT_BEFORE = _p(r"(?<![\w])[وفل]*(?:ال)?(?:مراسل|مراسلة|مراسلنا|مراسلتنا|مراسلو|مراسلي)"
                           r"(?:\s+[^\s.،,؛:]+){0,3}?\s+(?:في|ب)\s*[وفبل]*$")


def correspondent_place(ex, p) -> bool:
    """"وقال مراسل روزنة في دير الزور، إنه قتل ... في منطقة الثلاثات": where the
    correspondent reporting is based is no place of the event."""
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    return bool(_CORRESPONDENT_BEFORE.search(t, max(0, s0 - 50), s0))

