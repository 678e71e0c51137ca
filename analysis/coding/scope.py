"""Precision rules of the coder (issue 14, session 6): what keeps a passage that reads like
an event from becoming a draft, or a name from becoming a site. One rule per construction
class:

* **the side pair** (:func:`out_of_pair`): the dataset codes the militia-US dyad; an
  incident whose clauses state targets, none of them of the acting side's opponent (a US
  clause merged with another state's strike on a shipment, ISIS attacking a US patrol),
  is outside it; Iran's forces need a stated US target (their missiles on "spy centres"
  and Kurdish groups are another conflict);
* **not an act of the report's day**: fire in an exercise (:func:`exercise`), a killing or
  strike a commemoration recalls (:func:`anniversary`), an attack foiled before launch or
  one its suspects are arrested for (:func:`not_the_act`), troops killed in an accident
  (:func:`accident`), a page's ticker or list of other stories (:func:`furniture_spans`);
* **names that are not the event's place**: a city in an outlet's name ("(بغداد اليوم)",
  :func:`in_outlet_name`), a dateline ("بغداد (رويترز) -", :func:`dateline_place`), the
  two ends of a road or stretch ("طريق بابل - الديوانية", :func:`road_end`), the place of
  a speaker ("دانت السفارة الأمريكية ... الهجوم على قاعدة ...", :func:`speaker_place`);
* **who acted**: "استهدفت X بطائرة مسيرة قاعدة أمريكية" (a bare facility after the
  weapon: X is the subject, :func:`bare_facility_object`), "أسقطت الفصائل طائرة أمريكية"
  (the militia shot, :func:`shooter`).

Functions of the extractor (``ex``, an ``analysis.coding.extract._Extractor``) and the
mention, clause or incident they judge; the extractor and :mod:`.sites` call them where
their stages decide. Rules of the same session on the side hit by American civilians'
losses and on a weekday told by a saying of an earlier month live in :mod:`.context`.
"""

from __future__ import annotations

import re

from . import cues
from .dates import resolve
from .lexicon import IRAN, MILITIA, UNATTRIBUTED, US
from .normalize import compile_pattern as _p

__all__ = ["out_of_pair", "in_outlet_name", "dateline_place", "road_end", "exercise",
           "anniversary", "bare_facility_object", "accident", "speaker_place",
           "furniture_spans", "not_the_act", "shooter", "weekday_in_a_past_month",
           "overhead", "bound_for_a_third_party", "denies_place", "modal_before", "denier", "OPPONENTS",
           "date_in_outlet_name"]


#: the sides an acting side's action must be against to be in the dataset's dyad
OPPONENTS = {US: (MILITIA, IRAN), UNATTRIBUTED: (MILITIA, IRAN), MILITIA: (US,), IRAN: (US,)}


#: a landmark word before a place: the object is near it, not it
_NEAR_BEFORE = _p(r"(?<![\w])(?:قرب|بالقرب\s+من|القريب\s+من|القريبة\s+من|قريبا\s+من|محيط|بمحيط|"
                  r"مقربة\s+من|بمقربة\s+من|المجاور\s+ل|المجاورة\s+ل)\s*[وفبلك]*(?:ال)?\S*\s*$")


def _only_near_a_us_site(ex, inc) -> bool:
    """The militia incident's objects are a third party's ("نقطة لقوات سوريا الديمقراطية")
    and its only US target is a US-hosted place named as their landmark ("قرب حقل العمر
    الذي يضم قوات أمريكية")."""
    t = ex.doc.text
    tacts = [a for f in inc.frames for a in f.target_actors]
    if not tacts or any(a.info.get("side") != "other" for a in tacts):
        return False
    us_ev = [f.target_ev for f in inc.frames if f.target == US and f.target_ev is not None]
    if not us_ev:
        return False
    for e in us_ev:
        m = _NEAR_BEFORE.search(t, max(0, e.start - 25), e.start)
        # the landmark describes the third party's object named just before it (not
        # "سقوط صواريخ قرب السفارة": rockets near a US site are an attack on it)
        if m is None or not any(a.end <= m.start() and m.start() - a.end <= 30 for a in tacts):
            return False
    return True


def out_of_pair(inc, ex=None) -> str | None:
    """Why an incident is outside the dyad although its acting side is in it, or None.

    Its clauses state whom it hit (a target with evidence: an object of "على/استهداف", a
    facility "تابعة لـ", a base that hosts US forces ...) and none of these targets is of
    the acting side's opponent: "قصف الحرس الثوري مراكز تجسس وتجمعات لجماعات مناهضة
    لإيران" (no US target), "قصف إسرائيلي استهدف شحنة صواريخ" merged into a US clause.
    An incident that states no target at all is judged by the other rules, except an
    Iranian one: Iran's forces are in the dyad only where a US target (a target with
    evidence, or a base that hosts US forces among its places) is stated."""
    if getattr(inc, "outside_actor", None):
        return inc.outside_actor       # (:func:`.attribution.settle_unstated_actor`)
    if ex is not None and bound_for_a_third_party(ex, inc):
        return ("the missiles or drones were bound for a third party (\"في طريقها إلى إسرائيل\"): "
                "outside the militia-US dyad")
    stated = [f.target for f in inc.frames if f.target_ev is not None and f.target]
    allowed = OPPONENTS.get(inc.side, ())
    if inc.side == IRAN and any(p.info.get("us_hosted") for f in inc.frames for p in f.sites):
        stated.append(US)              # a base that hosts US forces among its places
    if inc.side == IRAN and not stated and ex is not None and _bases_in_the_case(ex, inc):
        stated.append(US)              # "أطلقت إيران صواريخ على قاعدتين في العراق"
    if inc.side == IRAN and US not in stated:
        # Iran's own forces are in the dataset only where they hit US forces; their
        # strikes on Kurdish groups, "spy centres" or ISIS are another conflict
        return ("Iranian strike with no US target stated (" + (", ".join(sorted(set(stated)))
                or "no target named") + "): outside the militia-US dyad")
    if not stated:
        return None
    if inc.side == MILITIA and ex is not None and _only_near_a_us_site(ex, inc):
        return ("the attack's object is a third party's, only near a site hosting US forces: "
                "outside the militia-US dyad")
    if any(t in allowed for t in stated):
        return None
    return ("the targets the report states (" + ", ".join(sorted(set(stated)))
            + f") are not the {inc.side} side's opponent: outside the militia-US dyad")


#: a base or bases named as the object, without an owner after them ("قاعدتين عسكريتين",
#: not "قواعد لجماعات كردية", "مقار للحزب")
_BASES = _p(r"(?<![\w])[وفبل]*(?:ال)?(?:قاعدة|قاعدتين|قاعدتي|قاعدتان|قواعد)(?:\s+(?:ال)?(?:عسكرية|"
            r"عسكريتين|عسكريتان|جوية|جويتين|جويتان))?(?![\w])(?!\s+(?:ل|لل)\S)")
_CASE_COUNTRIES = {"Iraq", "Syria", "Jordan"}


def _bases_in_the_case(ex, inc) -> bool:
    """Iran's missiles or drones fired at bases in Iraq, Syria or Jordan with no owner
    named ("أطلقت إيران صواريخ على قاعدتين في العراق", "استهدفت إيران بالصواريخ قاعدتين
    عسكريتين في العراق"): the bases Iran strikes there host US forces (its strikes on
    Kurdish groups name the groups, "مقار لجماعات كردية"). The incident states no other
    target and all its countries are the case's."""
    countries = {c for f in inc.frames for c, _, _ in f.countries}
    if not countries or not countries <= _CASE_COUNTRIES:
        return False
    t = ex.doc.text
    for f in inc.frames:
        for m in _BASES.finditer(t, f.start, f.end):
            owner = [a for a in ex.actors if m.end() <= a.start - len(a.info.get("clitic", ""))
                     and ex.doc.tok(a.start) - ex.doc.tok(m.end() - 1) <= 1]
            if not owner:
                return True
    return False


#: "عمان اليوم -", "بغداد- عمان اليوم": "اليوم" closing a medium's name on a dateline
_OUTLET_TODAY_BEFORE = _p(r"(?:\n|[-–—]\s*)[ \t]*[\w\u0621-\u064a]+[ \t]+$")
_OUTLET_TODAY_AFTER = _p(r"^[ \t]*(?:[-–—:]|\n|$)")


def date_in_outlet_name(text: str, d) -> bool:
    """"عمان اليوم - صواريخ تقتل أميركيين ...", "بغداد- عمان اليوم": the word "اليوم" after a
    single word that opens a line or follows a dash, and before a dash, a colon or the end
    of the line, is a medium's name on a dateline, not "today" (a bracketed "(بغداد اليوم)"
    after "تلقته" is left alone: the statement reached it that day)."""
    if d.kind != "relative" or d.offset != 0 or text[d.start:d.end].strip() != "اليوم":
        return False
    return bool(_OUTLET_TODAY_BEFORE.search(text, max(0, d.start - 30), d.start)
                and _OUTLET_TODAY_AFTER.match(text[d.end:d.end + 4]))


# "(بغداد اليوم)", "«السومرية نيوز»", "\"كردستان 24\"": a place in a medium's name
_OPEN = r"[(«\"“”'\[]"
_OUTLET_AFTER = _p(r"\s*(?:اليوم|نيوز|الإخبارية|الاخبارية|الآن|24|برس|بوست|تايمز|الجديدة|"
                   r"الحدث|تي\s*في|tv|news|today)\s*[)»\"“”'\]]")


def in_outlet_name(text: str, p) -> bool:
    """"وذكرت الخلية في بيان تلقته (بغداد اليوم) أن ...": a place name that opens a
    bracketed or quoted name of a medium ("... اليوم", "... نيوز", "... 24") is the
    outlet, not a place of the event."""
    s = p.start - len(p.info.get("clitic", "")) if hasattr(p, "info") else p.start
    before = text[max(0, s - 2):s].rstrip()
    return bool(before) and re.match(_OPEN, before[-1]) is not None \
        and _OUTLET_AFTER.match(text, p.end) is not None


#: after a dateline's city: an agency in brackets and a dash ("بغداد (رويترز) -", "أربيل -")
_DATELINE_AFTER = _p(r"\s*(?:[(«\[][^()«»\[\]\n]{1,40}[)»\]]\s*)?[-–—|/](?![\w\u0621-\u064a]*\s*[-–—])")


def dateline_place(text: str, sents, places, p) -> bool:
    """"بغداد (رويترز) - انفجرت عبوة ناسفة على رتل في الديوانية": a place that opens its
    sentence and is followed by an agency in brackets and a dash (or a dash alone) is the
    dateline, where the report was filed, when the sentence names another place (the
    event's). Alone, it stays (the only place the report gives). A headline "أربيل: ..."
    (a colon) still names the event's place."""
    s0 = p.start - len(p.info.get("clitic", ""))
    sent = next((s for s in sents if s.start <= s0 < s.end), None)
    if sent is None or text[sent.start:s0].strip(" \t\n\"'«“”-–—|"):
        return False
    if _DATELINE_AFTER.match(text, p.end) is None:
        return False
    return any(q is not p and p.end <= q.start < sent.end for q in places)


#: a road or stretch named by its ends: "طريق X - Y", "الطريق السريع الرابط بين محافظتي X
#: وY", "طريق الخط السريع بين X و Y", "رتل ينقل معدات بين X وY"
_ROAD = _p(r"(?<![\w])(?:[وفبل]*(?:ال)?(?:طريق|خط|أوتوستراد)(?:\s+(?:ال)?(?:سريع|دولي|رابط|"
           r"خط|عام|رئيسي|رئيس|خارجي|المرور|الرئيسي|السريع|الدولي|الرابط))*"
           r"(?:\s+(?:بين|ما\s+بين))?|بين|ما\s+بين)(?:\s+(?:محافظتي|مدينتي|قضائي|محافظة|مدينة))?\s*$")
_END_SEP = _p(r"\s*(?:[-–—/]|و|الى|إلى)\s*(?:محافظة\s+|مدينة\s+)?")


def road_end(ex, p) -> bool:
    """"استهداف رتل على طريق بابل – الديوانية", "الطريق السريع بين السماوة والديوانية":
    a place named as one of two ends of a road is not where the event happened (the road
    between them is; the draft gives the country). A road named by one place ("طريق
    المطار") is not such a road: its place stays."""
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    places = sorted((q for q in ex.places + ex.countries if q is not p), key=lambda q: q.start)
    # p is the first end: a road word before it and a second place after a separator
    if _ROAD.search(t, max(0, s0 - 50), s0):
        nxt = next((q for q in places if q.start >= p.end), None)
        if nxt is not None:
            m = _END_SEP.match(t, p.end, nxt.start - len(nxt.info.get("clitic", "")) + 1)
            qs = nxt.start - len(nxt.info.get("clitic", ""))
            if m is not None and m.end() >= qs and (nxt.start - p.end) <= 20:
                return True
    # p is the second end: the place before it is a first end
    prv = next((q for q in reversed(places) if q.end <= s0), None)
    if prv is not None and s0 - prv.end <= 20:
        ps = prv.start - len(prv.info.get("clitic", ""))
        gap = t[prv.end:s0 + len(p.info.get("clitic", ""))]
        if _ROAD.search(t, max(0, ps - 50), ps) and _END_SEP.match(gap) \
                and len(gap.split()) <= 2:
            return True
    return False


#: "في إطار مناورات عسكرية", "خلال تدريبات بالذخيرة الحية": fire in an exercise
_EXERCISE = _p(r"(?<![\w])(?:في\s+إطار|خلال|ضمن|أثناء|اثناء|لإجراء|بإجراء)\s+(?:ال)?"
               r"(?:مناورات|مناورة|تمرين|تمارين|تدريبات)(?![\w])|(?<![\w])بالذخيرة\s+الحية(?![\w])")


def exercise(ex, inc) -> bool:
    """A US incident every clause of which lies in a sentence that tells the fire as part
    of an exercise ("قصفت القوات الأمريكية بالمدفعية مناطق في البادية، في إطار مناورات
    عسكرية") is no strike. A militia attack during an exercise ("استهدفت طائرة مسيرة
    القاعدة خلال تدريبات") is still an attack: the rule is for the exercising side."""
    if inc.side not in (US, UNATTRIBUTED):
        return False
    t = ex.doc.text
    return all(_EXERCISE.search(t, f.sent.start, f.sent.end) for f in inc.frames)


#: "الذكرى الأولى لمقتل ..."، "بمناسبة مرور عام على اغتيال ..."، "أربعينية ...": the event a
#: commemoration recalls
_ANNIVERSARY_BEFORE = _p(r"(?<![\w])[وفبل]*(?:ال)?(?:ذكرى|ذكري|ذكراه|ذكراها|أربعينية|اربعينية|"
                         r"السنوية|مرور\s+(?:عام|عامين|سنة|سنتين|أعوام|سنوات|\d+\s+\S+|أربعين\s+يوما)"
                         r"\s+(?:على|علي))(?![\w])[^.,،!?؟;؛]{0,70}$")


#: a sentence opened by a commemoration ("وفي ذكرى ...", "بمناسبة الذكرى ...", "إحياءً لذكرى")
_ANNIVERSARY_OPENS = _p(r"\s*[\"'«“]?\s*[وف]?(?:في|بمناسبة|إحياء|احياء|إحياءً|لإحياء|ل)\s*(?:ال)?(?:ذكرى|"
                        r"الذكرى|لذكرى)")
#: "حيث قتلوا"، "الذين استشهدوا": a relative clause telling the killing recalled
_KILLED_THERE_BEFORE = _p(r"(?<![\w])(?:حيث|الذين|اللذين|الذي|التي)\s+(?:\S+\s+)?(?:قتلوا|قتل|قتلا|"
                          r"استشهدوا|استشهد|استشهدا|اغتيلوا|اغتيل|سقطوا)\s*$")


def anniversary(ex, trig, clause_start: int) -> bool:
    """"أحيا الآلاف اليوم الذكرى الأولى لمقتل قائد ... بغارة أمريكية قرب مطار بغداد": a
    killing or strike noun that a commemoration names is the recalled event, not one of
    the report's day. A verb ("تزامنا مع ذكرى ...، استهدفت طائرة مسيرة قاعدة ...") tells
    an event of its own."""
    if trig.info.get("verb"):
        return False
    s = trig.start - len(trig.info.get("prefix", ""))
    if _ANNIVERSARY_BEFORE.search(ex.doc.text, max(clause_start, s - 90), s):
        return True
    # "وفي ذكرى استشهاد قادة النصر، تجمع الآلاف قرب مطار بغداد حيث قتلوا بضربة أمريكية":
    # in a sentence opened by a commemoration, the killing its relative clause recalls
    sent = next((x for x in ex.sents if x.start <= s < x.end), None)
    return sent is not None and bool(
        _ANNIVERSARY_OPENS.match(ex.doc.text, sent.start, s)
        and _KILLED_THERE_BEFORE.search(ex.doc.text, max(sent.start, s - 40), s))


    t = ex.doc.text
    for d in ex.dates:
        if not (fr.sent.start <= d.start and d.end <= chosen.start) or d.range \
                or d.kind not in ("full",) or d.day is not None:
            continue
        if not cues.SAID_ON.search(t, max(fr.sent.start, d.start - 40), d.start):
            continue
        r = resolve(d, ref, default_year=ex.default_year)
        if r is None or (r.date.year, r.date.month) >= (ref.year, ref.month):
            continue
        day = r.date.replace(day=1)
        rule = "a weekday told by a saying dated in an earlier month: that month"
        return (day, "month", 0.5, rule, Ev("date", day.isoformat(), d.start, d.end, 0.5, rule),
                False)
    return None


#: "بطائرة مسيرة قاعدة أمريكية": a weapon phrase, then a facility noun with no preposition
_WEAPON_THEN_FACILITY = _p(r"(?<![\w])ب(?:ال)?(?:طائر|مسير|صاروخ|صواريخ|قذائف|قذيفة|عبو)\S*"
                           r"(?:\s+(?!(?:في|على|قرب|من|الى|إلى|نحو|باتجاه|داخل|ضد|عن|بين)"
                           r"(?![\w]))\S+){0,2}?\s+" + cues.FACILITY + r"(?![\w])")


def bare_facility_object(ex, lo: int, hi: int) -> bool:
    """"استهدفت المقاومة الإسلامية بطائرة مسيرة قاعدة أمريكية في سوريا": after the actor,
    "بـ + weapon" and then a facility noun without a preposition (the verb's object), so
    the actor is the subject of an active verb, not the target of a passive one. With a
    preposition ("استُهدفت القوات الأمريكية بطائرة مسيرة في قاعدة ...") it stays passive."""
    return _WEAPON_THEN_FACILITY.search(ex.doc.text, lo, hi) is not None


#: an accident or a cause that is no attack: "حادث سير", "حادثة", "بشكل عرضي", "غير قتالي",
#: "لم يكن بنيران معادية", "ماس كهربائي"
_ACCIDENT = _p(r"(?<![\w])[وفبل]*(?:ال)?(?:حادث|حادثة|حوادث)\s+(?:ال)?(?:سير|مروري|مرورية|"
               r"عرضي|عرضية|تدريبي|تدريبية|طيران|تحطم|انقلاب)(?![\w])|(?<![\w])(?:ال)?(?:عرضي|عرضية|عرضيا)(?![\w])|"
               r"غير\s+(?:ال)?(?:قتالي|قتالية|معادية|معادي)(?![\w])|ماس\s+كهربائي|"
               # "توفي في حادث غير مرتبط بعملية عسكرية"
               r"(?:حادث|حادثة|وفاة|توفي|توفيت)\s+(?:\S+\s+){0,2}?غير\s+(?:مرتبط|مرتبطة|متصل|متصلة|ناجم|ناجمة|"
               r"ناتج|ناتجة)\s+(?:ب|عن\s+|من\s+)(?:ال)?(?:عملية|عمليات|عمل|هجوم|نيران|قتال)|"
               r"لم\s+(?:يكن|تكن|يكونوا)\s+(?:ب|نتيجة\s+)?(?:نيران|هجوم|عمل)\s+(?:معادية|معادي|عدائي)")


def accident(ex, start: int, end: int) -> bool:
    """"قتل جنديان أمريكيان في حادث سير قرب قاعدة عين الأسد اليوم": US troops killed or
    hurt in an accident (a road accident, a crash "not by hostile fire", an accidental
    blast) imply no attack: the casualties alone make no incident there. A bare "حادث"
    ("في حادث لم تعرف ملابساته") is any incident, an attack included: not an accident."""
    return _ACCIDENT.search(ex.doc.text, start, end) is not None


#: a verb of saying or condemning right before its subject
_SAYER_VERB_BEFORE = _p(r"(?<![\w])[وف]?(?:دانت|أدانت|أدان|دان|نددت|ندد|استنكرت|استنكر|شجبت|شجب|"
                        r"قالت|قال|أعلنت|أعلن|ذكرت|ذكر|أكدت|أكد|أفادت|أفاد|حذرت|حذر|نفت|نفى|"
                        r"أوضحت|أوضح|أشارت|أشار|طالبت|طالب|دعت|دعا|أصدرت|أصدر|نشرت|نشر)"
                        r"\s+(?:ال)?$")


def speaker_place(ex, p) -> bool:
    """"دانت السفارة الأمريكية في بغداد الهجوم الصاروخي على قاعدة عين الأسد": a place that
    is the subject of a verb of saying or condemning speaks about the event; when its
    sentence names another place after it (the event's), it is not a site. Alone ("ذكرت
    السفارة الأمريكية أنها تعرضت لهجوم") it stays: the speaker was hit."""
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    if p.info.get("clitic", "").lstrip("وف") or not _SAYER_VERB_BEFORE.search(
            t, max(0, s0 - 20), p.start):
        return False
    sent = next((s for s in ex.sents if s.start <= s0 < s.end), None)
    if sent is None:
        return False
    # another place after it, past the place that locates the speaker ("في بغداد")
    later = [q for q in ex.places if p.end <= q.start < sent.end and q is not p]
    return any(re.search(r"[^\s]+\s+[^\s]+", t[p.end:q.start - len(q.info.get("clitic", ""))])
               and not re.fullmatch(r"\s*(?:في|ب|داخل)?\s*", t[p.end:q.start - len(
                   q.info.get("clitic", ""))]) for q in later)


#: headings of a page's furniture: tickers and lists of other stories
_FURNITURE = _p(r"(?:آخر|اخر|أحدث|احدث)\s+(?:ال)?(?:الأخبار|الاخبار|أخبار|اخبار|الأنباء)|"
                r"(?:أخبار|اخبار|مواضيع|مقالات|قصص|عناوين)\s+(?:ذات\s+صلة|متعلقة|مشابهة|أخرى|ذات\s+علاقة)|"
                r"(?:اقرأ|إقرأ|اقرا|شاهد|طالع)\s+(?:أيضا|أيضاً|ايضا|كذلك)|"
                r"(?:ال)?(?:أكثر|اكثر)\s+(?:قراءة|قراءه|مشاهدة|مشاهده|تداولا)|"
                r"(?:المزيد\s+من\s+(?:ال)?(?:أخبار|اخبار))|(?:روابط|أخبار)\s+(?:ذات\s+صلة|مهمة)")


def furniture_spans(ex) -> list:
    """"آخر الأخبار" / "أخبار ذات صلة" / "اقرأ أيضاً: ...": a page's ticker or list of other
    stories is not the report. A heading on a line of its own covers the headline-like
    lines after it (lines that end without a full stop) up to a blank line or a line that
    ends a sentence; a heading that opens a line with text after it ("اقرأ أيضاً: قصف ...")
    covers that line. Returns ``(start, end)`` spans of the normalised text."""
    cached = getattr(ex, "_furniture", None)
    if cached is not None:
        return cached
    t = ex.doc.text
    out = []
    pos = 0
    lines = []
    for line in t.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    for i, (a, b, line) in enumerate(lines):
        m = _FURNITURE.match(line.strip(" \t|:-–—•*#"))
        if m is None:
            continue
        rest = line.strip(" \t|:-–—•*#")[m.end():].strip(" \t|:-–—•*")
        if rest:
            out.append((a, b))
            continue
        last = i
        for j in range(i + 1, len(lines)):
            body = lines[j][2].strip()
            if not body:
                if last > i:
                    break
                continue                   # a blank line right after the heading
            if re.search(r"[.!?؟]\s*[\"'»”]?$", body):
                break                      # a sentence of the report, not a headline
            last = j
        out.append((a, lines[last][1]))
    ex._furniture = out
    return out


#: "أحبطت القوات الأمنية هجوما صاروخيا كان يستهدف ...": an attack stopped before launch
_FOILED_BEFORE = _p(r"(?<![\w])[وف]?(?:أحبطت|أحبط|أحبطوا|إحباط|احباط|أفشلت|أفشل|إفشال|افشال)"
                    r"(?:\s+\S+){0,5}?\s+$")
#: what makes a foiled attack an interception (launched and shot down): an incident
_AIR_DEFENCE = _p(r"(?<![\w])(?:ال)?(?:دفاعات|الدفاعات|دفاع|منظومة|منظومات|مضادات|سي\s*رام|اعتراض|"
                  r"إسقاط|اسقاط|أسقطت|أسقط|طائرة|طائرات|طائرتين|مسيرة|مسيرات|مسيّرة)(?![\w])")
#: who stops an attack before launch, or what shows it was stopped so
_BEFORE_LAUNCH = _p(r"(?<![\w])(?:ال)?(?:قوات\s+(?:ال)?أمن|القوات\s+الأمنية|قوات\s+أمنية|"
                    r"الأجهزة\s+الأمنية|أجهزة\s+أمنية|الشرطة|شرطة|الاستخبارات|استخبارات|جهاز\s+"
                    r"(?:ال)?أمن|خلية\s+الصقور|منصة|منصات|معدة\s+للإطلاق|قبل\s+(?:إطلاق|اطلاق|"
                    r"تنفيذ)|العثور\s+على|ضبط)(?![\w])")
#: "اعتقلت القوات ثلاثة متهمين بالهجوم على ...", "منفذي الهجوم": the attack is their charge
_PERPETRATORS_BEFORE = _p(r"(?<![\w])[وف]?(?:(?:ال)?(?:متهم|متهمين|متهمون|متهمان|مشتبه|متورطين|"
                          r"متورطون|ضالعين|مسؤولين|مسؤول|مسؤولون)(?:\s+(?:بهم|به|بهما))?"
                          r"\s+(?:في|عن|ب)|(?:ال)?(?:منفذي|منفذو|منفذ))\s*$")


def not_the_act(ex, trig, clause_start: int, clause_end: int) -> str:
    """Why an attack word names no attack of the report's day, or "": an attack foiled
    before launch by security forces ("أحبطت القوات الأمنية هجوما صاروخيا كان يستهدف قاعدة
    عين الأسد"; not one the air defences stopped, nor a foiled drone attack: those are
    interceptions, "إحباط هجوم بطائرة مسيرة"), or the attack perpetrators
    are arrested or charged for ("اعتقلت القوات ثلاثة متهمين بالهجوم على قاعدة حرير",
    "منفذي الهجوم": an earlier attack, not dated by the arrest)."""
    t = ex.doc.text
    pre = trig.info.get("prefix", "")
    s = trig.start - len(pre)
    if _FOILED_BEFORE.search(t, max(clause_start, s - 60), s) and _BEFORE_LAUNCH.search(
            t, clause_start, clause_end) and not _AIR_DEFENCE.search(t, clause_start, clause_end):
        return "an attack foiled before launch, not an event"
    if _PERPETRATORS_BEFORE.search(t[max(clause_start, s - 40):s] + re.sub(r"ال$", "", pre)) \
            and not any(trig.end <= d.start < clause_end and not d.range and d.precision == "day"
                        and d.kind in ("full", "weekday", "relative") for d in ex.dates):
        # ("اعتقال منفذي الهجوم الذي استهدف القاعدة صباح اليوم": the attack's own date)
        return "the attack perpetrators are arrested or charged for: not dated here"
    return ""


#: "أسقطت الفصائل المسلحة طائرة ...": a shoot-down verb, its subject, then the platform
_SHOOT_VERB_BEFORE = _p(r"(?<![\w])[وف]?(?:أسقطت|أسقط|أسقطوا|تسقط|يسقط)\s+(?:ال)?$")
_PLATFORM_AFTER = _p(r"\s*(?:\S+\s+){0,2}?(?:ال)?(?:طائرة|طائرات|طائرتين|مسيرة|مسيرات|مروحية|"
                     r"مسيّرة)(?![\w])")


def shooter(ex, a) -> bool:
    """"أسقطت الفصائل المسلحة طائرة مسيرة أمريكية فوق ديالى": an actor right after a
    shoot-down verb and followed by the platform is the verb's subject, the one who shot.
    The extractor applies it to militia and Iranian actors only: a militia shooting down
    a US aircraft acted (a militia incident, as a claimed downing is), while US forces
    shooting down a drone stopped the militia's attack (an interception, the militia's)."""
    t = ex.doc.text
    s0 = a.start - len(a.info.get("clitic", ""))
    return bool(_SHOOT_VERB_BEFORE.search(t, max(0, s0 - 20), a.start)) and \
        _PLATFORM_AFTER.match(t, a.end) is not None


#: "وفي تشرين الأول الماضي، ..." : a past month that opens the sentence and frames it
_OPENING_FRAME = _p(r"\s*[\"'«“]?\s*[وف]?(?:في|خلال)?\s*(?:شهر\s+)?$")


def weekday_in_a_past_month(ex, fr, mentions: list, ref) -> list:
    """"وفي تشرين الأول الماضي، قال البنتاغون إن قواته تعرضت لهجوم في التنف يوم الخميس": a
    sentence opened by a past month ("في <month> الماضي،") is told in that month; a bare
    weekday later in it is a day of that month, not of the publication week. The weekday
    is dropped and the month dates the clause (month precision). (The same for a month
    named after a verb of saying is :func:`.context.weekday_of_a_dated_saying`.) Returns
    the clause's date mentions."""
    if ref is None or not any(d.kind == "weekday" and d.offset is None and not d.rel
                              for d in mentions):
        return mentions
    t = ex.doc.text
    for d in ex.dates:
        if not (fr.sent.start <= d.start < fr.sent.end) or d.kind != "full" \
                or d.precision != "month" or d.range:
            continue
        if not _OPENING_FRAME.fullmatch(t, fr.sent.start, d.start) \
                or not re.match(r"\s*[,،]", t[d.end:d.end + 3]):
            continue
        r = resolve(d, ref, default_year=ex.default_year)
        if r is None or r.precision != "month" or (r.date.year, r.date.month) >= (ref.year,
                                                                                    ref.month):
            continue
        kept = [m for m in mentions if not (m.kind == "weekday" and m.offset is None
                                            and not m.rel and m.start > d.end)]
        return kept + ([d] if d not in kept else [])
    return mentions


def in_case_area(ex, seen: dict) -> dict:
    """"أعلنت المقاومة استهداف ميناء حيفا وقاعدة التنف": a country where the case has no
    site (Israel, Yemen, Lebanon ...) is no country of a draft; the incident keeps the
    countries of the case's area (those of the gazetteer's sites), or none (then nothing
    is drafted: an attack on Israel alone is another conflict). ``seen`` maps countries
    to their evidence, as :mod:`.drafts` collects them."""
    area = _case_area(ex)
    return {c: v for c, v in seen.items() if c in area}


def _case_area(ex) -> set:
    """The countries of the case's area: those of the gazetteer's sites."""
    area = getattr(ex, "_case_area", None)
    if area is None:
        area = {v.get("country") for v in ex.lex.sites.values()}
        ex._case_area = area
    return area


#: a funeral, a protest or a vigil: where people gathered, not where the event happened
#: (not "مسيرة", a march: it is also the drone, "طائرة مسيرة")
_CEREMONY_BEFORE = _p(r"(?<![\w])[وف]?(?:شيع|شيعت|يشيع|تشيع|شيّع|تشييع|تظاهر|تظاهرت|يتظاهر|"
                      r"تظاهرات|مظاهرات|مظاهرة|تظاهرة|احتشد|احتشدت|اعتصام|وقفة|"
                      r"جنازة|جنازات|تأبين|عزاء)(?![\w])(?:\s+\S+){0,4}?\s+(?:في|ب|بمدينة|وسط)?\s*"
                      r"(?:مدينة\s+|ساحة\s+)?[وفبلك]*(?:ال)?$")


def ceremony_place(ex, p) -> bool:
    """"شيع الآلاف في بغداد جثامين عناصر قتلوا بغارة أمريكية في القائم": the place of a
    funeral, a protest or a vigil, named before the event's words, is where people
    gathered, not a site of the event."""
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    m = _CEREMONY_BEFORE.search(t, max(0, s0 - 60), p.start)
    return m is not None and not any(m.start() <= x.start < s0 for x in ex.triggers)


#: a funeral's or a protest's verb and its subject right before a date
_CEREMONY_ON = _p(r"(?<![\w])[وف]?(?:شيع|شيعت|يشيع|تشيع|شيّع|تظاهر|تظاهرت|يتظاهر|احتشد|احتشدت|"
                  r"خرج|خرجت)\s+(?:\S+\s+){0,4}?(?:يوم\s+)?$")


def ceremony_date(ex, fr, d) -> bool:
    """"شيع الآلاف في بغداد اليوم الثلاثاء جثامين قتلى الغارة التي استهدفت ... فجر
    الاثنين": a date right after a funeral's or a protest's verb is when people gathered;
    like the date of a saying, it yields to the event's own date."""
    return bool(_CEREMONY_ON.search(ex.doc.text, max(fr.sent.start, d.start - 50), d.start))


#: "حلقت/تحلق طائرة ...", "تحليق طائرات ...", "وسط تحليق مكثف لمسيرات ...": aircraft flying
_FLYING_BEFORE = _p(r"(?<![\w])[وف]?(?:حلقت|حلق|تحلق|يحلق|حلّقت|تحليق|بتحليق|وتحليق|لتحليق|حامت|"
                    r"تحوم|يحوم|حومت|جابت|تجوب|رصد|رصدت|شوهدت|شوهد|مشاهدة)(?![\w])"
                    r"(?:\s+(?:مكثف|مكثفة|مستمر|كثيف|كثيفة|منخفض|لل|ل|ال)?\S*){0,2}?\s*$")
#: "طائرة استطلاع أمريكية", "مسيرة تجسس": a surveillance aircraft
_SURVEILLANCE_AFTER = _p(r"\s*(?:\S+\s+)?(?:ال)?(?:استطلاع|تجسس|مراقبة|رصد)(?![\w])")


def overhead(ex, w) -> bool:
    """"سقطت صواريخ على القاعدة، فيما حلقت طائرة مسيرة أمريكية فوق المنطقة": a platform
    told as flying, seen or watching ("تحليق مكثف لطائرات أمريكية", "طائرة استطلاع
    أمريكية") is no actor of the event: its nationality does not make the incident the
    US side's. A platform that strikes ("استهدفت طائرة مسيرة أمريكية سيارة") still acts."""
    t = ex.doc.text
    pre = t[max(0, w.start - 30):w.start]
    if _FLYING_BEFORE.search(pre):
        return True
    return w.key == "drone" and _SURVEILLANCE_AFTER.match(t, w.end) is not None


#: "في طريقها إلى", "كانت متجهة نحو", "باتجاه": where the missiles or drones were heading
_HEADING_BEFORE = _p(r"(?<![\w])(?:في\s+طريقها|في\s+طريقه|في\s+طريقهما|متجهة|متجها|متجهتين|"
                     r"متوجهة|متوجها|(?:كانت|كان)\s+(?:تتجه|يتجه|تتوجه|يتوجه)|تتجه|يتجه|"
                     r"تتوجه|يتوجه|المتجهة|المتجه|المتوجهة|باتجاه|صوب|قاصدة)"
                     r"(?:\s+(?:إلى|الى|نحو|صوب|باتجاه))?\s*[وفبل]*(?:ال)?$")


def bound_for_a_third_party(ex, inc) -> bool:
    """"أسقطت طائرات أمريكية طائرات مسيرة فوق الأردن في طريقها إلى إسرائيل", "اعترضت
    القوات صواريخ كانت متجهة نحو الأراضي المحتلة": missiles or drones heading for a
    country or place where the case has no site, or for a third party's forces, were not
    aimed at US forces: the interception is outside the dyad wherever it happened. A
    heading to a site of the case ("طائرة مسيرة كانت متجهة نحو قاعدة عين الأسد") stays."""
    t = ex.doc.text
    area = _case_area(ex)
    names = [c for c in ex.countries if c.key not in area] + \
        [p for p in ex.places if p.info.get("country") and p.info.get("country") not in area] + \
        [a for a in ex.actors if a.info.get("side") == "other"]
    for f in inc.frames:
        for m in names:
            if not (f.start <= m.start < f.end):
                continue
            s0 = m.start - len(m.info.get("clitic", ""))
            if _HEADING_BEFORE.search(t, max(f.start, s0 - 30), s0):
                return True
    return False


#: what a denial denies when it is not the place or the event: responsibility, a link,
#: involvement, losses ("نفت الكتائب مسؤوليتها عن الهجوم", "نفى وقوع إصابات")
# (the denier's name may take up to six words: "نفت المقاومة الإسلامية في العراق علاقتها")
_DENIED_OTHER = _p(r"\s*(?:\S+\s+){0,6}?(?:(?:ال)?(?:مسؤولية|مسؤوليتها|مسؤوليته|مسؤوليتهم|"
                   r"مسئوليتها|مسئوليته|علاقة|علاقتها|علاقته|علاقتهم|تورط|تورطها|تورطه|تورطهم|"
                   r"دور|دورها|دوره|مشاركة|مشاركتها|مشاركته|يد|يدها|"
                   r"صلة|صلتها|صلته|ضلوع|ضلوعها|ضلوعه|وجود\s+(?:قتلى|إصابات|اصابات|ضحايا|خسائر)|"
                   r"إصابات|اصابات|إصابة|قتلى|جرحى|ضحايا|خسائر|أضرار|اضرار|سقوط\s+(?:قتلى|ضحايا|"
                   r"جرحى))|وقوع\s+(?:أي\s+)?(?:إصابات|اصابات|إصابة|قتلى|جرحى|ضحايا|خسائر|أضرار)|"
                   # "نفت واشنطن استهداف مدنيين": who was hit, not where
                   r"(?:استهداف|قتل|إصابة|اصابة)\s+(?:ال)?(?:مدنيين|المدنيين|مدنيا|أبرياء))"
                   r"(?![\w])")


def denies_place(ex, fr) -> bool:
    """"نفى أن يكون الهجوم وقع داخل أراضيها، بل استهدف قاعدة التنف": the clause's sentence
    denies where (or that) it happened, so its places are a contested claim. A denial of
    responsibility, of a link or of losses ("نفت كتائب حزب الله مسؤوليتها عن الهجوم على
    قاعدة عين الأسد", "ونفى مسؤول أمريكي وقوع إصابات") leaves the place as told."""
    t = ex.doc.text
    for m in cues.DENIAL.finditer(t, fr.sent.start, fr.sent.end):
        if _DENIED_OTHER.match(t, m.end()):
            continue
        return True
    return False


#: "وكان مطار أربيل قد تعرض ...": "كان ... قد" + a past verb is the pluperfect (an earlier
#: event), not the "قد" of "may" + a present verb
_PLUPERFECT_QAD = _p(r"(?<![\w])[وف]?(?:كان|كانت|كانوا|كانتا|كانا)(?:\s+\S+){0,5}?\s+(?P<qad>قد)(?![\w])")


def modal_before(before: str):
    """The modal, threat or plan cue (:data:`.cues.MODAL_BEFORE`) in the text before an
    attack word, or None. The "قد" of the pluperfect ("وكان مطار أربيل قد تعرض في شباط
    الماضي لهجوم صاروخي", "وكانت القاعدة قد استهدفت") tells an earlier event, not a
    possible one: it is no modal."""
    m = _PLUPERFECT_QAD.search(before)
    if m is not None:
        before = before[:m.start("qad")] + "__" + before[m.end("qad"):]
    return cues.MODAL_BEFORE.search(before)


#: a denial verb right before its subject
_DENY_VERB_BEFORE = _p(r"(?<![\w])[وف]?(?:نفى|نفت|ينفي|تنفي|نافيا|نافية)\s+(?:ال)?$")
#: what the subject denies: any part in the event
_PART_AFTER = _p(r"\s*(?:\S+\s+){0,3}?(?:أي|اي|أية)?\s*(?:ال)?(?:علاقة|علاقتها|علاقته|صلة|صلتها|صلته|"
                 r"مسؤولية|مسؤوليتها|مسؤوليته|مسئولية|تورط|تورطها|تورطه|ضلوع|ضلوعها|ضلوعه|دور|"
                 r"مشاركة|مشاركتها|مشاركته|تنفيذ|قيامها|قيامه)(?![\w])")


def denier(ex, a) -> bool:
    """"ونفى التحالف الدولي أي علاقة له بالغارة", "نفت واشنطن مسؤوليتها عن القصف": the
    subject of a denial of any part in the event is no cue to who acted (its name beside
    the strike noun no longer counts as a US strike's). A denial of the place or of losses
    is judged elsewhere (:func:`denies_place`)."""
    t = ex.doc.text
    s0 = a.start - len(a.info.get("clitic", ""))
    if not _DENY_VERB_BEFORE.search(t, max(0, s0 - 12), a.start):
        return False
    return _PART_AFTER.match(t, a.end) is not None
