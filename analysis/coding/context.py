"""Rules of the coder about what a clause's context contributes (issue 14, session 5):
a counted round of strikes at a named place, the strike noun whose "لـ" names who struck,
an event a clause follows at once ("عقب هجوم ..."), a "since" phrase that tells a dated
killing, places of a visit or a meeting. Functions of the extractor (``ex``, an
``analysis.coding.extract._Extractor``) and the frame or clause they judge; the extractor
calls them where its stages decide."""

from __future__ import annotations

import re

from . import constructs, cues
from .dates import resolve
from .frames import Ev, Frame, opposite
from .lexicon import ATTACKING_SIDES, MILITIA, US, Mention
from .normalize import norm_pattern
from .sites import FACILITY_KINDS, is_admin

__all__ = ["strike_round", "strike_of", "follows_at_once", "since_event", "non_event_place",
           "list_item_date", "BACKGROUND_KINDS", "month_elsewhere", "dual_places", "referent_base",
           "referent_facility",
           "us_persons_hit", "weekday_of_a_dated_saying",
           "series_area", "response_frames", "responder_side",
           "answered_country", "subject_after_object_pronoun",
           "country_in_group_name", "base_direction_reference", "passive_subject",
           "continuation_country", "similar_event", "identified_site", "effect_then_cause"]

#: clause kinds that tell another event than the sentence's own: a reason ("رداً على"),
#: a "since" phrase with its own killing or strike ("منذ مقتل ...")
BACKGROUND_KINDS = ("reason", "since")


def _in(m, s, e):
    return s <= m.start and m.end <= e


def strike_round(ex, trig, num, clause_start: int, clause_end: int) -> bool:
    """"شنت طائرات أمريكية 5 غارات على الكلية العسكرية في جرف الصخر": an exact count of
    strikes after the verb that carried them out, aimed at a named place, is one round
    of strikes at that place, not a tally of attacks over a period."""
    t = ex.doc.text
    # (or attacks carried out on a day told: "شنت الفصائل اليوم ست هجمات ... على قواعد في
    # عين الأسد وحرير والتنف")
    dated = trig.key in cues.COUNTABLE and any(
        clause_start <= d.start < clause_end and d.precision == "day" and not d.range
        and not d.future and d.kind in ("full", "weekday", "relative") for d in ex.dates)
    if trig.key not in cues.STRIKE_NOUNS and not dated:
        return False
    if not cues.ROUND_VERB_BEFORE.search(t, max(clause_start, num.start - 60), num.start) \
            or cues.PERIOD_WORD.search(t, clause_start, clause_end):
        return False
    return any(trig.end <= p.start < clause_end and p.info.get("site_id")
               for p in ex.places)


def strike_of(ex, fr: Frame, a: Mention, s: int) -> bool:
    """The actor follows "لـ" right after a strike or attack noun ("غارة لطائرة
    أميركية", "هجوم للفصائل"): the genitive names the one who acted."""
    if a.info.get("clitic", "").lstrip("وف") not in ("ل", "لل"):
        return False
    return any(x.end <= s and not x.info["verb"] and x.key in cues.AGENT_GENITIVE_NOUNS
               and ex.doc.tok(a.start) - ex.doc.tok(x.start) <= 1 for x in fr.triggers)


def since_event(ex, cl, trigs) -> list:
    """"منذ قتل صاروخ لطائرة أمريكية مسيرة قائد ... في الثالث من يناير": a "since"
    phrase with a day date tells one event, the killing (a trigger of its own) or
    strike it names; without a day date it only opens a period (no trigger)."""
    t = ex.doc.text
    if _SINCE_START.search(t, cl.start, min(cl.end, cl.start + 20)):
        return []                      # "منذ بدء الهجمات ... في 17 تشرين الأول": a period
    if not any(_in(d, cl.start, cl.end) and d.precision == "day" and not d.range
               and d.kind in ("full", "weekday") for d in ex.dates):
        return _one_attack_since(ex, cl, trigs)
    if trigs:
        return trigs
    m = cues.KILLING_NOUN.search(t, cl.start, min(cl.end, cl.start + 24))
    if m is None:
        return []
    return [Mention(m.start(), m.end(), "trigger", "killing",
                    {"kind": "neutral", "plural": False, "prefix": "", "definite": False,
                     "verb": False, "suffix": ""}, m.group(0))]


#: "منذ بدء/اندلاع ..." opens a period whatever follows
_SINCE_START = re.compile(norm_pattern(r"(?<![\w])منذ\s+(?:بدء|بداية|اندلاع|انطلاق|تصاعد)"))


def _one_attack_since(ex, cl, trigs) -> list:
    """"في أول هجوم منذ الهجوم الذي استهدف قاعدة حرير في كانون الثاني الماضي": a "since"
    phrase that names one attack (a singular attack noun) on a named site, dated to its
    month, tells that attack; attacks in the plural or the start of a campaign only open
    a period."""
    t = ex.doc.text
    if not trigs or _SINCE_START.search(t, cl.start, min(cl.end, cl.start + 20)):
        return []
    if any(x.info["plural"] for x in trigs if not x.info["verb"]):
        return []
    if not any(_in(d, cl.start, cl.end) and d.precision == "month" and not d.range
               and d.kind in ("full", "relative") for d in ex.dates):
        return []
    if not any(_in(p, cl.start, cl.end) and p.info.get("site_id") for p in ex.places):
        return []
    return trigs


def follows_at_once(ex, fr: Frame, done: list, ref=None) -> bool:
    """"أُسقطت طائرة مسيرة ... مساء الاثنين، وذلك عقب هجوم صاروخي استهدف قاعدة يقيم
    فيها جنود أمريكيون": an undated reason clause that opens right after the event it
    tells with a verb of its own and a US-hosted target took place the day its sentence
    dates; it gets that date (and is another incident than its sentence's). A sentence
    that tells no other event ("أغلقت السلطات مطار أربيل اليوم إثر هجوم بطائرة مسيرة على
    قاعدة حرير") dates it by its one day (``ref``: the reference date). Sets ``fr.date``;
    True when it did."""
    if fr.date is not None or fr.kind != "reason" or fr.side not in ATTACKING_SIDES:
        return False
    t = ex.doc.text
    if not cues.IMMEDIATELY_AFTER.match(t, fr.start, fr.end):
        return False
    if fr.target_ev is None or fr.target_ev.value != US:
        return False                   # the clause names whom it hit
    main = next((g for g in reversed(done[:-1]) if g.sent.index == fr.sent.index
                 and g.kind not in BACKGROUND_KINDS and g.date is not None
                 and g.date[1] == "day"), None)
    if main is not None:
        d0 = main.date
    elif ref is not None and not any(g.sent.index == fr.sent.index for g in done[:-1]):
        d0 = ex._sentence_day(fr, ref)
        if d0 is None:
            return False
    else:
        return False
    tr = fr.triggers[0]
    rule = "the event the clause follows at once ('عقب'): the day its sentence dates"
    fr.date = (d0[0], d0[1], 0.5, rule, Ev("date", d0[0].isoformat(), tr.start, tr.end, 0.5,
                                           rule), False)
    return True


def non_event_place(ex, fr: Frame, pos: int) -> bool:
    """A place named after a visit, a meeting or an election ("قبل يومين من زيارة
    البابا ... محطات في بغداد وأربيل") and after every trigger of the clause: the
    place of that, not of the event."""
    t = ex.doc.text
    ms = list(cues.NON_EVENT_BEFORE.finditer(t, fr.start, pos))
    if not ms:
        return False
    m = ms[-1]
    return not any(m.end() <= x.start < pos for x in ex.triggers) and \
        any(x.end <= m.start() for x in fr.triggers)


_LIST_ITEM = re.compile(r"\s*(?:[-–—•*▪·]|\d{1,2}\s*[-.)]|[\u0660-\u0669]{1,2}\s*[-.)])\s*")
_INLINE_HEAD = re.compile(r":\s*(?:\d{1,2}\s*[-.)]|[\u0660-\u0669]{1,2}\s*[-.)]|[-–—•*▪·])")


def list_item_date(ex, fr: Frame, ref):
    """"أعلنت المقاومة ... اليوم السبت تنفيذ الهجمات التالية:" / "- استهداف قاعدة عين
    الأسد ...": an undated item of a list that a sentence ending in a colon opens takes
    the one day that sentence names (None when there is no such head or day)."""
    t = ex.doc.text
    i = fr.sent.index
    own = t[fr.sent.start:fr.sent.end]
    if i == 0 or not (_LIST_ITEM.match(own) or t[ex.sents[i - 1].start:ex.sents[i - 1].end]
                      .rstrip().endswith(":")):
        return None
    for j in range(i - 1, max(-1, i - 10), -1):
        s = ex.sents[j]
        line = t[s.start:s.end].rstrip()
        # (or a head whose colon opens the first item on its own line: "تنفيذ ثلاث
        # عمليات: 1- استهداف ...")
        inline = _INLINE_HEAD.search(line)
        if line.endswith(":") or inline:
            head_end = s.end if line.endswith(":") else s.start + inline.start()
            days = set()
            for d in ex.dates:
                if s.start <= d.start < head_end and d.kind != "anchor" and not d.range:
                    r = resolve(d, ref, default_year=ex.default_year)
                    if r is not None and r.precision == "day":
                        days.add(r.date)
            if len(days) != 1:
                return None
            day = days.pop()
            tr = fr.triggers[0]
            rule = "an item of the list its head sentence dates"
            return (day, "day", 0.6, rule, Ev("date", day.isoformat(), tr.start, tr.end, 0.6, rule),
                    False)
        if not _LIST_ITEM.match(line):
            return None
    return None


# -- session 6 (coder8): recall, sites and dates -------------------------------------------
def _km(a: dict, b: dict):
    """Great-circle distance of two gazetteer places in km (None without coordinates)."""
    import math
    if None in (a.get("latitude"), a.get("longitude"), b.get("latitude"), b.get("longitude")):
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a["latitude"], a["longitude"],
                                             b["latitude"], b["longitude"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


#: two sites this far apart (km) are different places, whatever their kinds
FAR_KM = 40.0


def month_elsewhere(fr: Frame, inc) -> bool:
    """"تعرضت قاعدة عين الأسد أوائل الشهر الجاري لقصف" after an attack dated to the day
    near Kirkuk: a clause dated only to the month that names a facility far from every
    place of an incident dated to the day tells another incident (a month date agrees with
    any day of that month, the place does not)."""
    idate = inc.date
    if fr.date is None or fr.date[1] != "month" or idate is None or idate[1] != "day":
        return False
    mine = [p for p in fr.sites if p.info.get("site_id") and p.info.get("kind") in FACILITY_KINDS]
    theirs = [p for g in inc.frames for p in g.sites if p.info.get("site_id")
              and not is_admin(p.info)]
    if not mine or not theirs:
        return False
    if {p.key for p in mine} & {p.key for p in theirs}:
        return False
    dists = [_km(a.info, b.info) for a in mine for b in theirs]
    return all(d is not None and d > FAR_KM for d in dists)


#: "حقلي العمر وكونيكو", "قاعدتي عين الأسد وحرير": a facility noun in the dual before two
#: names joined by و (normalised spelling), and its singular
_DUAL_CUE = re.compile(norm_pattern(r"(?<![\w])(?P<cue>حقلي|قاعدتي|مطاري|معسكري|حقلا|قاعدتا|مطارا|معسكرا)\s+"
                                    r"(?P<a>[^\s،,.]+(?:\s+[^\s،,.و][^\s،,.]*)?)\s+و(?P<b>[^\s،,.]+)"))
_SINGULAR = {norm_pattern(k): norm_pattern(v) for k, v in (
    ("حقلي", "حقل"), ("حقلا", "حقل"), ("قاعدتي", "قاعدة"), ("قاعدتا", "قاعدة"),
    ("مطاري", "مطار"), ("مطارا", "مطار"), ("معسكري", "معسكر"), ("معسكرا", "معسكر"))}


def dual_places(lex, text: str, places: list) -> list:
    """Places named after a facility noun in the dual ("في حقلي العمر وكونيكو"): each name
    with the singular noun ("حقل العمر", "حقل كونيكو") is a place when the lexicon knows that
    spelling and no place was found there already. Returns the added mentions."""
    out = []
    for m in _DUAL_CUE.finditer(text):
        sing = _SINGULAR[m.group("cue")]
        for g in ("a", "b"):
            s, e = m.start(g), m.end(g)
            if any(p.start < e and s < p.end for p in places):
                continue
            words = text[s:e].split()
            for k in range(len(words), 0, -1):       # the longest spelling the lexicon knows
                name = " ".join(words[:k])
                probe = f"{sing} {name}"
                found = [x for x in lex.find_places(probe)
                         if x.start == 0 and x.end == len(probe)]
                if found:
                    x = found[0]
                    end = s + len(name)
                    info = dict(x.info, clitic="")
                    out.append(Mention(s, end, "place", x.key, info, text[s:end]))
                    break
    return out


def referent_base(ex, prev: list):
    """"وهذا هو القصف الثاني الذي تتعرض له القاعدة" after "... تتقاسم قاعدة بلد، حيث كثفت
    القوات تواجدها في قاعدة عين الأسد": "the base" is the last base named in a sentence
    that tells an attack or strike, not one named only in a description; the last base
    named when no such sentence names one. ``prev``: the bases named before, in order."""
    told = [p for p in prev if any(s.start <= p.start < s.end and any(
        s.start <= x.start < s.end for x in ex.triggers) for s in ex.sents)]
    return (told or prev)[-1]


#: a facility noun alone, with the article ("القاعدة", "في المطار", "المعسكر نفسه"): the
#: facility of that kind named before; group ``noun`` picks the kinds it can refer to
_THE_FACILITY = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:ب|ل|في\s+|على\s+)?(?P<noun>القاعدة|للقاعدة|المطار|للمطار|المعسكر|للمعسكر|"
    r"الحقل|للحقل|السفارة|للسفارة|البرج|للبرج)"
    r"(?:\s+(?:الجوية|العسكرية|الجوي|العسكري|النفطي|الأمريكية|الأميركية|الأمريكي|الأميركي))?"
    r"(?:\s+(?:نفسها|ذاتها|نفسه|ذاته))?(?![\w])"))
#: "طريق المطار", "شارع السفارة": a road or square named after the facility, another place
_ROAD_BEFORE = re.compile(norm_pattern(r"(?<![\w])[وفبل]?(?:ال)?(?:طريق|شارع|جسر|دوار|تقاطع|ساحة|بوابة)\s+$"))
_NOUN_KINDS = {"قاعده": ("base", "airport", "embassy"),
               "مطار": ("airport",), "معسكر": ("base",), "حقل": ("oilfield", "base"),
               "سفاره": ("embassy",), "برج": ("base",)}


def referent_facility(ex, fr: Frame) -> list:
    """"عندما تعرضت القاعدة لهجوم", "هجوم مماثل استهدف مجمعاً عسكرياً في المطار": a
    frame that names no site of its own but a facility noun with the article refers to
    the facility of that kind named last before it (a base for "القاعدة", an airport for
    "المطار", an oil field for "الحقل" ...), as :func:`referent_base` picks it. A country
    the frame names ("للقوات الأمريكية في العراق") must be that facility's. Returns the
    sites (a list of one mention at the noun, or empty)."""
    t = ex.doc.text
    m = _THE_FACILITY.search(t, fr.start, fr.end)
    if m is None:
        return _near_pronoun_facility(ex, fr) or _the_same_place(ex, fr)
    if _ROAD_BEFORE.search(t, max(fr.start, m.start() - 16), m.start("noun")):
        return []                      # "قرب طريق المطار": a road named after it
    noun = m.group("noun")
    noun = noun[2:] if noun.startswith("لل") else noun[2:] if noun.startswith("ال") else noun
    kinds = next((k for n, k in _NOUN_KINDS.items() if noun == norm_pattern(n) or noun == n), None)
    if kinds is None:
        return []
    prev = [p for p in ex.places if p.end <= fr.start and p.info.get("kind") in kinds
            and p.info.get("site_id")]
    if not prev:
        return []
    p = referent_base(ex, prev)
    if any(c.key != p.info.get("country") for c in fr.mentions["country"]):
        return []
    if "base" in kinds:
        u = _unnamed_base_between(ex, p.end, m.start())
        if u is not None:              # "the base" is the unnamed one told since: its town
            return _referent_at(fr, m, u) if u else []
    return [Mention(m.start("noun"), m.end("noun"), "place", p.key, dict(p.info, referent=True),
                    m.group("noun"))]


#: "في قاعدة عسكرية ...", "قاعدة تضم جنوداً أمريكيين": a base the text does not name
_UNNAMED_BASE = re.compile(norm_pattern(
    r"(?<![\w])[وفب]?(?:في\s+|على\s+)?قاعدة\s+(?:عسكرية|جوية|أمريكية|أميركية|تضم|يتمركز|تتمركز|"
    r"تستضيف|تستخدمها|للتحالف|للقوات|للجيش)(?![\w])"))


def _unnamed_base_between(ex, lo: int, hi: int):
    """"سقط صاروخ في قاعدة عسكرية ... في كركوك. وهو الهجوم الأول على القاعدة" after a
    named embassy or base: a base the text does not name, in a sentence between ``lo`` and
    ``hi`` that tells an attack, is what "القاعدة" refers to (not the facility named
    before it). Returns None (no such base), the town its sentence names after it (a
    gazetteer place that is no facility), or False (no town named)."""
    t = ex.doc.text
    found = None
    for u in _UNNAMED_BASE.finditer(t, lo, hi):
        if any(p.start < u.end() + 2 and u.start() < p.end for p in ex.places):
            continue                   # "قاعدة عين الأسد الجوية": a named one
        sent = next((s for s in ex.sents if s.start <= u.start() < s.end), None)
        if sent is None or not any(sent.start <= x.start < sent.end for x in ex.triggers):
            continue
        town = [p for p in ex.places if u.end() <= p.start < min(sent.end, hi)
                and p.info.get("site_id") and p.info.get("kind") not in FACILITY_KINDS]
        found = town[0] if town else False
    return found


#: "المنطقة نفسها", "البلدة ذاتها", "في نفس المنطقة": the place named before
_THE_SAME_PLACE = re.compile(norm_pattern(
    r"(?<![\w])[وفبل]?(?:في\s+|على\s+)?(?:(?:ال)?(?:منطقة|بلدة|مدينة|قرية|ناحية)\s+(?:نفسها|ذاتها)|"
    r"(?:نفس|ذات)\s+(?:ال)?(?:منطقة|بلدة|مدينة|قرية|ناحية|موقع|مكان))(?![\w])"))


def _the_same_place(ex, fr: Frame) -> list:
    """"وكانت الطائرات استهدفت المنطقة نفسها أمس" after "غارات على القائم": "the same
    area/town" is the last gazetteer place named before it (any kind)."""
    t = ex.doc.text
    m = _THE_SAME_PLACE.search(t, fr.start, fr.end)
    if m is None:
        return []
    prev = [p for p in ex.places if p.end <= m.start() and p.info.get("site_id")]
    return _referent_at(fr, m, prev[-1]) if prev else []


def _referent_at(fr: Frame, m, p) -> list:
    """The place ``p`` as a site mention at the referring words ``m`` of the frame (none
    when the frame names another country)."""
    if any(c.key != p.info.get("country") for c in fr.mentions["country"]):
        return []
    return [Mention(m.start(), m.end(), "place", p.key, dict(p.info, referent=True),
                    m.group(0))]


#: "بعد سقوط صاروخ قربها", "سقطت قذيفة بالقرب منه", "في محيطها", "داخلها": a place given
#: only by a pronoun for a facility told just before
_NEAR_PRONOUN = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:ب?قرب|بالقرب\s+من|قريبا\s+من|قريبة\s+من|على\s+مقربة\s+من|بمحيط|في\s+محيط|"
    r"ب?داخل|في\s+داخل|بجوار|قبالة|على\s+أطراف|في\s+أطراف|بأطراف|"
    # "منذ استهدافها بطائرتين مسيرتين في 3 آب": the object pronoun of a verbal noun
    r"(?<=منذ\s)(?:استهداف|قصف|ضرب|مهاجمة)|"
    # "منذ الهجوم الذي استهدفها في 3 آذار", "هجوم طالها": the object pronoun of a strike verb
    r"(?<=الذي\s)(?:استهدف|قصف|ضرب|طال|هاجم)|(?<=التي\s)(?:استهدفت|قصفت|ضربت|طالت|هاجمت))"
    r"(?:ها|ه)(?![\w])"))
#: "بعد هجوم بطائرة مسيرة عليها الأحد الماضي": "on it" after an attack noun
_ON_PRONOUN = re.compile(norm_pattern(
    r"(?<![\w])[وفبل]?(?:ال)?(?:هجوم|هجمات|هجومين|اعتداء|قصف|ضربة|غارة|استهداف)\s+(?:\S+\s+){0,3}?"
    r"(?P<p>عليها|عليه|ضدها|ضده)(?![\w])"))


def _near_pronoun_facility(ex, fr: Frame) -> list:
    """"إذ يعد القصف الثاني الذي تتعرض له القاعدة بعد سقوط صاروخ قربها": a frame with no
    site of its own whose place is a pronoun after "near/inside/around" is at the facility
    named before it, as :func:`referent_base` picks it (the last one told with an attack)."""
    t = ex.doc.text
    m = _NEAR_PRONOUN.search(t, fr.start, fr.end)
    if m is None:
        m = _ON_PRONOUN.search(t, fr.start, fr.end)
        if m is None:
            return []
    prev = [p for p in ex.places if p.end <= m.start()
            and p.info.get("kind") in FACILITY_KINDS and p.info.get("site_id")]
    if not prev:
        return []
    p = referent_base(ex, prev)
    u = _unnamed_base_between(ex, p.end, m.start())
    if u is not None:                  # the pronoun is the unnamed base told since: its town
        return _referent_at(fr, m, u) if u else []
    return _referent_at(fr, m, p)


#: a contractor, an employee or a civilian with a US nationality adjective
_US_PERSON = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:ال)?(?:متعاقد|مقاول|موظف|مدني)(?:ا|ين|ان|ون)?(?:\s+(?:ال)?مدني(?:ا|ين|ان|ون)?)?"
    r"\s+(?:ال)?(?:أمريكي|أميركي)(?:ا|ين|ان|ون|ة)?(?![\w])"))
#: ... killed or hurt: the word before ("مقتل", "أوقعت قتيلا") or after ("لقي حتفه")
_HIT_BEFORE = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:ب|ل)?(?:مقتل|قتل|لقي|أوقعت|أوقع|أسفر|إصابة|أصيب|جرح|اصابة)\S*\s+"
    r"(?:(?:عن|قتيلا|قتيلين|\d+)\s+)?$"))
_HIT_AFTER = re.compile(norm_pattern(r"\s*(?:لقي|لقوا|قتل|قتلوا|أصيب|أصيبوا|جرح)(?![\w])"))


def us_persons_hit(ex, fr: Frame) -> list:
    """"لقي متعاقد مدني أمريكي حتفه في هجوم صاروخي", "الهجمات التي أوقعت قتيلاً مدنياً
    أميركياً": a US contractor or civilian killed or hurt in the event makes the US the side
    hit (the figures stay out of the counts: troops only). Returns the evidence."""
    t = ex.doc.text
    out = []
    for m in _US_PERSON.finditer(t, fr.start, fr.end):
        if _HIT_BEFORE.search(t, max(fr.start, m.start() - 30), m.start()) or \
                _HIT_AFTER.match(t, m.end(), min(fr.end, m.end() + 12)):
            out.append(Ev("side", MILITIA, m.start(), m.end(), 0.65,
                          "a US contractor or civilian killed or hurt"))
    return out


def weekday_of_a_dated_saying(ex, mentions: list, ref) -> list:
    """"وقال مسؤولون أميركيون في كانون الأول الماضي إن متعاقداً لقي حتفه ... الجمعة": a
    bare weekday in what was said in an earlier month is a day of that month, not of the
    publication week; the weekday is dropped so that the month of the saying dates the
    event (month precision: the day is not known). Returns the mentions kept."""
    if ref is None:
        return mentions
    t = ex.doc.text
    said = []
    for d in mentions:
        if d.kind != "full" or d.precision != "month" or d.range:
            continue
        lo = max(0, d.start - 40)
        if not cues.SAID_ON.search(t, lo, d.start):
            continue
        r = resolve(d, ref, default_year=ex.default_year)
        if r is not None and r.precision == "month" and (r.date.year, r.date.month) < (ref.year, ref.month):
            said.append(d)
    if not said:
        return mentions
    return [d for d in mentions if not (d.kind == "weekday" and d.offset is None and not d.rel
                                        and any(m.end <= d.start for m in said))]


#: a direction from a place, with nothing named before it: "غربي العاصمة بغداد"
#: (a direction, "north-east" too, then "the capital"/"the city of" before the place name)
_DIRECTION_FROM = (r"(?:ب|في\s+)?(?:ال)?(?:شرق|غرب|شمال|جنوب)(?:ي|ى)?(?:\s+(?:ال)?(?:شرق|غرب)(?:ي)?)?\s+"
                   r"(?:(?:ال)?(?:العاصمة|مدينة|محافظة)(?:\s+(?:ال)?(?:العراقية|السورية))?\s+)?"
                   r"[وفبل]*$")
_DIRECTION_ONLY = re.compile(norm_pattern(r"(?<![\w])" + _DIRECTION_FROM))


#: "أنه الاستهداف الثاني" (also with the doubled alef of a typing slip, "االثاني")
_NTH_OF_SERIES = re.compile(norm_pattern(
    r"(?<![\w])(?:أنه|انه|أنها|انها|وهو|وهي)\s+(?:\S+\s+){0,3}?ا?(?:ال)?(?:ثاني|ثانية|ثالث|ثالثة|"
    r"رابع|رابعة|خامس|خامسة)(?![\w])"))


def series_area(ex, fr: Frame, p) -> bool:
    """"ويشار إلى أنه الاستهداف الثاني الذي تعرض له رتل ... غربي العاصمة بغداد": a place
    given only as a direction from it, in a clause that counts the incident in a series,
    is the area of the series (a reference point), not the site of this incident."""
    t = ex.doc.text
    if not (cues.NTH_OCCURRENCE.search(t, fr.sent.start, p.start)
            or _NTH_OF_SERIES.search(t, fr.sent.start, p.start)):
        return False
    s = p.start - len(p.info.get("clitic", ""))
    return bool(_DIRECTION_ONLY.search(t, max(fr.start, s - 40), s))


#: "ردت القوات الأمريكية على هجوم ...", "القوات الأمريكية ردت على مصدر إطلاق الصواريخ": a
#: past response verb whose object ("على") is an attack or the source of the fire
_RESPONDED = re.compile(norm_pattern(
    r"(?<!أول\s)(?<!في\s)(?<![\w])(?P<v>[وف]?(?:ردت|رد))\s+(?!(?:ال)?فعل(?![\w]))"
    r"(?P<mid>(?:\S+\s+){0,5}?)على\s+(?:ال)?(?:هجوم|هجمات|مصدر|"
    r"مصادر|اعتداء|اعتداءات|قصف|استهداف|إطلاق|اطلاق)"))


def _responses(ex, lo: int, hi: int):
    """(match, responder actor) for each past response verb with "على" and a US or militia
    responder right before it or between it and "على", in ``text[lo:hi]``."""
    t = ex.doc.text
    for m in _RESPONDED.finditer(t, lo, hi):
        vs = m.start("v")
        near = [a for a in ex.actors if lo <= a.start and a.end <= hi
                and a.info.get("side") in (US, MILITIA) and (
                    0 <= ex.doc.tok(vs) - ex.doc.tok(a.end - 1) <= 3
                    or m.start("mid") <= a.start < m.end("mid"))]
        if near:
            yield m, (near[-1] if near[-1].end <= vs else near[0])


def response_frames(ex, sent, cl, trigs: list, order: int) -> list:
    """"أعلن مسؤولان أن القوات الأمريكية ردت على هجوم صاروخي شنته ميليشيات في سوريا
    اليوم": a side that responded ("ردت ... على") to an attack or to the source of the
    fire acted itself, though the clause has no strike word: one more frame for the
    response, with the clause's dates, the answered attack's country as a weak country
    (not its places: those are the answered attack's), acting side the responder's. Not
    when the clause tells the response with a strike word of its own ("ردت بغارات على ...")."""
    t = ex.doc.text
    if any(x.info["kind"] in ("strike", "raid") for x in trigs):
        return []
    out = []
    for m, a in _responses(ex, cl.start, cl.end):
        vs, ve = m.start("v"), m.end("v")
        pseudo = Mention(vs, ve, "trigger", "response",
                         {"kind": "strike" if a.info["side"] == US else "attack", "plural": False,
                          "prefix": "", "definite": False, "verb": True, "suffix": "",
                          "responder": a.info["side"], "actor": a}, t[vs:ve])
        fr = ex._frame_for(sent, cl, [pseudo], list(trigs), order + len(out))
        fr.mentions["actor"] = [a]
        fr.mentions["place"] = []
        fr.mentions["weapon"] = []
        fr.mentions["casualty"] = []
        if not fr.mentions["date"]:
            fr.mentions["date"] = [d for d in ex.dates if _in(d, cl.start, cl.end) and not d.range
                                   and not d.future and d.kind != "year"]
        # the country of the answered attack, or of the place the answered fire hit ("ردت ...
        # على مصدر إطلاق الصواريخ التي استهدفت قاعدة عين الأسد"): only a weak country (the
        # incident's own countries, when it joins one, win)
        pseudo.info["countries"] = [c.key for c in ex.countries if _in(c, cl.start, cl.end)] or [
            p.info["country"] for p in ex.places if _in(p, cl.start, cl.end)
            and p.info.get("country")][:1]
        fr.mentions["country"] = []
        out.append(fr)
    return out


def responder_side(ex, fr: Frame) -> None:
    """The acting side of a response frame (:func:`response_frames`) is the responder's;
    the attack it responded to ("ردت الولايات المتحدة على الهجوم الذي أودى بحياة ثلاثة
    جنود في الأردن") is the other side's, whatever cue the clause lacks."""
    tr = fr.triggers[0] if fr.triggers else None
    if tr is None:
        return
    if tr.key != "response":
        for m, a in _responses(ex, fr.sent.start, fr.sent.end):
            sd = a.info["side"]
            if any(m.end("v") < x.start <= m.end() + 4 for x in fr.triggers) \
                    and fr.side in (None, sd) and opposite(sd) \
                    and not any(x.info["kind"] in ("strike", "raid") for x in fr.triggers):
                fr.side = opposite(sd)
                fr.side_ev = Ev("side", fr.side, tr.start, tr.end, 0.6,
                                "the attack a side responded to ('ردت ... على الهجوم') is the "
                                "other side's")
                fr.target = sd
                fr.kind = "reason"             # it tells the event answered, like "رداً على"
                ev = fr.date[4] if fr.date is not None else None
                if ev is not None and m.start() <= ev.start < m.end():
                    # "ردت ... فجر اليوم على الهجوم": the date is the response's
                    fr.date = None
                break
        return
    sd = tr.info["responder"]
    a = tr.info["actor"]
    fr.side = sd
    fr.side_ev = Ev("side", sd, a.start, a.end, 0.7, "the side that responded ('ردت ... على')")
    fr.target = opposite(sd)
    fr.scope = ""
    if not fr.countries and not fr.weak_countries:
        fr.weak_countries = [(c, Ev("country", c, tr.start, tr.end, 0.4,
                                    "the country of the attack the response answers"), False)
                             for c in dict.fromkeys(tr.info["countries"])]


def answered_country(fr: Frame, done: list) -> None:
    """"شنت القوات الأمريكية غارات في دير الزور سوريا، وتهدف هذه الضربات إلى حمايتها من
    هجمات مثل تلك التي وقعت في 15 آب": the other side's event a strike answers or defends
    against, told in a reason clause with no place at all, took place in the one country
    of its sentence's main clause (a weak country, used only when no other is named)."""
    if fr.kind != "reason" or fr.sites or fr.countries or fr.weak_countries or fr.side is None:
        return
    main = [g for g in done if g.sent.index == fr.sent.index and g.kind == "main"
            and g.side not in (None, fr.side) and g.countries]
    cs = {c for g in main for c, _, _ in g.countries}
    if len(cs) != 1:
        return
    c = cs.pop()
    g = main[-1]
    ev = next(e for x, e, _ in g.countries if x == c)
    fr.weak_countries = [(c, Ev("country", c, ev.start, ev.end, 0.4,
                                "the country of the strike the clause explains"), False)]


#: a strike verb that carries its object as a pronoun ("قصفتها", "شنته", "استهدفتهم"), right
#: before the actor (the article or a platform word may stand between)
_VERB_WITH_OBJECT = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:قصف|استهدف|ضرب|هاجم|شن|نفذ|دك)(?:ت|وا)?(?:ه|ها|هم|هما)\s+"
    r"(?:(?:ال)?(?:قوات|طائرات|مقاتلات|طيران|طائرة)\s+)?$"))


def subject_after_object_pronoun(ex, a: Mention, s: int) -> bool:
    """"البناية التي قصفتها القوات الأمريكية", "القصف الذي شنته الطائرات الأمريكية": a
    strike verb whose object is already a pronoun on it has the actor after it as its
    subject (the noun before is the relative clause's head, not the subject)."""
    t = ex.doc.text
    return bool(_VERB_WITH_OBJECT.search(t, max(0, s - 40), s))


_IN_COUNTRY = {norm_pattern(" في العراق"): "Iraq", norm_pattern(" في سوريا"): "Syria",
               norm_pattern(" في سورية"): "Syria"}


def country_in_group_name(fr: Frame) -> None:
    """"غارات على مقرات لكتائب حزب الله في العراق": a strike on a group whose name ends in
    "in <country>", told with no place and no country of its own, took place in that
    country (a weak country, used only when no other is named)."""
    if fr.side != US or fr.sites or fr.countries or fr.weak_countries:
        return
    for a in fr.mentions.get("actor", []):
        if a.info.get("side") != MILITIA:
            continue
        for tail, c in _IN_COUNTRY.items():
            if a.text.endswith(tail):
                fr.weak_countries = [(c, Ev("country", c, a.end - len(tail), a.end, 0.5,
                                            "the country in the name of the group struck"), False)]
                return


#: an unnamed base ("قاعدة تضم جنوداً أمريكيين", "معسكر للتحالف") and, a few words on, a
#: direction from a city: "... شمالي العاصمة بغداد"
_BASE_THEN_DIRECTION = re.compile(norm_pattern(
    r"(?<![\w])[وفبل]*(?:ال)?(?:قاعدة|قواعد|معسكر|معسكرات|مطار)(?P<gap>\s+(?:[^\s.،,؛]+\s+){0,7}?)"
    + _DIRECTION_FROM))


def base_direction_reference(ex, p) -> bool:
    """"سقطت صواريخ على قاعدة تضم جنوداً أمريكيين قرب بلد شمالي بغداد": a city named as
    the direction in which a base lies ("north of Baghdad") is a reference point, not the
    site (bases lie outside the cities; "مواقع شرق مدينة دير الزور" may be districts of it
    and stays the city). Not when a gazetteer place stands between the base and the
    direction (the chain of places decides then)."""
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    m = _BASE_THEN_DIRECTION.search(t, max(0, s0 - 90), s0)
    if m is None:
        return False
    return not any(m.start() < q.start and q.end <= s0 for q in ex.places if q is not p
                   and q.info.get("site_id"))


#: a strike verb with "بـ + weapon" right after it: an undiacritised passive when no object follows
_PASSIVE_VERB = re.compile(norm_pattern(
    r"(?:استهدفت|استهدف|استهدفتا|استهدفا|ضربت|قصفت|قصف|هوجمت|هوجم|هوجما|هوجمتا|دكت|أصيبت|"
    r"أصيب|قصفت|قُصفت|ضُربت|استُهدفت|استُهدف|هوجمتا|استهدفتا|قصفتا)\s+(?:(?:هي|هو)\s+)?"
    # time words and adverbs may stand between ("استُهدفت فجر اليوم بطائرتين", "مجدداً")
    r"(?:(?:ايضا|أيضا|مجددا|مجدداً|مرة|أخرى|ثانية|اليوم|أمس|الليلة|الماضية|فجر|صباح|ظهر|عصر|مساء|"
    r"ليل|ليلة|منتصف|يوم|الأحد|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)\s+){0,4}"
    r"(?P<w>ب)(?:ال)?(?:هجوم|هجمات|"
    r"طائر|طيار|مسير|صاروخ|صواريخ|قذائف|قذيفة|قذيفتين|عبو|ثلاث|أربع|خمس|عدة|\d)"))
#: what may stand between a facility and the passive verb it is the subject of: its
#: description and place ("القاعدة غير الشرعية في حقل العمر النفطي في دير الزور شرقي
#: سوريا"), no verb, no clause boundary
_NO_CLAUSE_BREAK = re.compile(r"[،,:;؛\"«»]")


def passive_subject(ex, fr: Frame, end: int, verb: int) -> bool:
    """"القاعدة غير الشرعية في حقل العمر النفطي في دير الزور شرقي سوريا استُهدفت
    بالصواريخ": a US-hosted place before an undiacritised strike verb that has "بـ +
    weapon" right after it and no object is the verb's (passive) subject, the target; up
    to ten words of description may stand between, without a comma or a quotation."""
    t = ex.doc.text
    if verb < end or ex.doc.tok(verb) - ex.doc.tok(end) > 10 or _NO_CLAUSE_BREAK.search(t, end, verb):
        return False
    m = _PASSIVE_VERB.match(t, verb, min(fr.end, verb + 60))
    if m is None:
        return False
    return not ex._bare_object_after(fr, m.start("w"), min(fr.end, m.start("w") + 100))


#: the rule of a side taken over from the incident told just before (extract.cluster)
_CONTINUES = "continues the incident told just before"


def continuation_country(inc, incidents) -> None:
    """"لكن أواخر آب الماضي، اعترفت بإصابة جندي بعد تعرض موقعين لها للقصف": an incident
    that names no place and no country and takes its side from the incident told before
    it (a continuation), or is a US strike that names whom it hit ("استهدفت واشنطن قائد ... ونائب قائد الحشد
    ... عبر طائرة مسيرة فجر الجمعة"), lies in the one country every other incident of the
    report names; with two countries named (or none) it stays unplaced (and is not
    drafted)."""
    if any(f.countries or f.weak_countries or f.sites for f in inc.frames):
        return
    f0 = inc.frames[0]
    if f0.side_ev is None or (f0.side_ev.rule not in (_CONTINUES, *constructs.PLACED_AS_CONTINUATION)
                              and not (
            inc.side == US and any(f.target_actors for f in inc.frames))):
        return
    named = {c for other in incidents if other is not inc for f in other.frames
             for c, _, _ in f.countries}
    if len(named) != 1:
        return
    country = named.pop()
    tr = f0.triggers[0]
    f0.countries.append((country, Ev("country", country, tr.start, tr.end, 0.5,
                                     "the one country of the report (a continuation "
                                     "told without a place)"), False))


#: "هجوم مماثل", "هجمات مشابهة", "ضربة من النوع نفسه": an event like the one told
_SIMILAR_AFTER = re.compile(norm_pattern(
    r"\s*(?:\S+\s+)?(?:ال)?(?:مماثل|مماثلة|مماثلين|مماثلتين|مشابه|مشابهة|مشابهين|شبيه|شبيهة|"
    r"من\s+(?:ال)?نوع\s+(?:نفسه|ذاته)|من\s+نفس\s+(?:ال)?نوع)(?![\w])"))


def similar_event(ex, fr: Frame) -> bool:
    """"ويأتي الهجوم بعد نحو شهرين من هجوم مماثل استهدف ...": an attack noun in a reason
    clause called similar to the one the sentence tells is an earlier event of the same
    kind, by the same side, not the action answered."""
    t = ex.doc.text
    return any(not tr.info["verb"] and _SIMILAR_AFTER.match(t, tr.end, min(fr.end, tr.end + 30))
               for tr in fr.triggers)


#: "منشأة ... تُعرف باسم X", "القاعدة المعروفة بـ X", "يطلق عليها اسم X", "وتدعى X": a name
#: given to a facility described before
_KNOWN_AS = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:تعرف|يعرف|تُعرف|يُعرف|المعروفة|المعروف|معروفة|معروف|تسمى|يسمى|المسماة|المسمى|"
    r"تدعى|يدعى|يطلق\s+عليها|يطلق\s+عليه|تحمل|يحمل|واسمها|اسمها|"
    # "وأوضح أن القاعدة المستهدفة هي قاعدة حرير", "والقاعدة المستهدفة تقع في حقل العمر",
    # "الموقع الذي استهدف هو ...": the target identified afterwards
    r"(?:ال)?(?:قاعدة|موقع|منشأة|معسكر|مطار)\s+(?:ال)?(?:مستهدفة|مستهدف|التي\s+استهدفت|الذي\s+استهدف|"
    r"التي\s+تعرضت\s+للهجوم|التي\s+تعرضت\s+للقصف)\s+(?:هي|هو|تقع\s+في|يقع\s+في|كانت|كان)"
    r"(?:\s+(?:في|داخل))?(?:\s+(?:ال)?(?:قاعدة|موقع|حقل|مطار|معسكر))?)"
    r"(?:\s+(?:اسم|باسم|ب|بـ|محليا|أيضا|ايضا))*\s*[\"«“]?\s*$"))


def identified_site(ex, inc, incidents) -> None:
    """"شنت طائرات ... هجوماً على قاعدة عسكرية أمريكية سرية تقع في شمال شرق الأردن ...
    وحددا القاعدة على أنها منشأة عسكرية في الأردن تُعرف باسم البرج 22": an attack told at
    an unnamed facility of a country that the report later identifies by a gazetteer name
    ("تعرف باسم", "المعروفة بـ", "يطلق عليها", "تدعى") took place there, when the named
    facility is of that country, of the kind the side attacks (US-hosted for an attack)
    and no other incident of the report is placed at it. The name replaces the incident's
    places of that country (none of them a facility of the gazetteer)."""
    t = ex.doc.text
    places = [p for f in inc.frames for p in f.sites]
    if any(p.info.get("site_id") and p.info.get("kind") in FACILITY_KINDS for p in places):
        return
    countries = constructs.one_country_of(inc, places)
    if len(countries) != 1:
        return
    country = next(iter(countries))
    taken = {p.key for other in incidents if other is not inc for f in other.frames
             for p in f.sites}
    hits = []
    for p in ex.places:
        if not p.info.get("site_id") or p.info.get("country") != country or p.key in taken \
                or p.info.get("kind") not in FACILITY_KINDS:
            continue
        if inc.side in ATTACKING_SIDES and not p.info.get("us_hosted"):
            continue
        s0 = p.start - len(p.info.get("clitic", ""))
        if _KNOWN_AS.search(t, max(0, s0 - 40), s0) or constructs.noted_facility(t, s0):
            hits.append(p)
    if len({p.key for p in hits}) != 1:
        return
    p = hits[0]
    for f in inc.frames:
        f.sites = [q for q in f.sites if q.info.get("country") != country]
    inc.frames[0].sites.append(p)


#: causal markers of a reason clause: "إثر", "جراء", "نتيجة", "بسبب"
_CAUSE = re.compile(norm_pattern(r"\s*[وف]?(?:على\s+|في\s+)?(?:إثر|اثر|جراء|نتيجة|بسبب|بفعل)(?![\w])"))


def effect_then_cause(ex, first, cl, has_trig) -> bool:
    """"سمع دوي انفجارات قوية في قاعدة حرير اليوم إثر هجوم بطائرات مسيرة": a clause that
    tells only an effect at a facility (no attack word of its own), then its cause ("إثر",
    "جراء", "نتيجة", "بسبب" + an attack): the cause is the sentence's event, not another
    one it answers; the two clauses are one main clause (not when the cause names a place
    of its own: "أغلق مطار أربيل إثر هجوم على قاعدة حرير")."""
    if cl.kind != "reason" or first.kind != "main" or has_trig(first) or not has_trig(cl):
        return False
    if not _CAUSE.match(ex.doc.text, cl.start, cl.end):
        return False
    if any(_in(p, cl.start, cl.end) and p.info.get("site_id") for p in ex.places):
        return False                   # the cause names its own place: another event
    return any(_in(p, first.start, first.end) and p.info.get("site_id") for p in ex.places)
