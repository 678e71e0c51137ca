"""Rules of the coder about several incidents told in one passage (issue 14, coder13): the
last of a series dated to a day ("لهجمات ... كان آخرها في 20 كانون الثاني"), items of an
enumeration told hours from the incident ("وقبل ساعات تعرض رتلان ...، الأول ... والثاني
..."), sites of a list each with a day of its own, "another" attack at another place, a
round told as aimed at several bases, and attack nouns that refer back ("هذه الهجمات").
Functions of the extractor (``ex``, an ``analysis.coding.extract._Extractor``) and the
frame, clause or incident they judge; the extractor calls them where its stages decide."""

from __future__ import annotations

import datetime as dt
import re

from .frames import Ev, Frame
from .lexicon import Mention
from .cues import ANAPHOR_NEAR, BACKGROUND_CUE, INVOLVED_IN_BEFORE
from .normalize import norm_pattern

__all__ = ["last_of_series", "last_of_before", "other_items_of_the_day", "items_apart",
           "round_on_several_bases", "refers_back", "dated_site_items", "another_elsewhere",
           "round_announced", "item_of_announced_round", "told_as_new",
           "answer_in_its_sentence", "incident_of_its_weapon", "targeted_place_sentence"]


#: "لهجمات ... كان آخرها في 20 كانون الثاني", "وآخرها يوم الأحد", "كانت أحدثها الهجوم الذي
#: وقع في ...", "آخر هذه الهجمات كان في ...": the last (or latest) of a series
_LAST_OF = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:(?:كان|كانت|وكان|وكانت)\s+)?(?:آخرها|اخرها|أخرها|أحدثها|احدثها|آخرهما|"
    r"أحدثهما|آخر\s+(?:هذه|تلك|هذه\s+ال\S+|تلك\s+ال\S+)|آخر\s+(?:ال)?(?:هجمات|الهجمات|الاعتداءات|"
    r"الضربات|الغارات|الاستهدافات)|كان\s+آخر\s+(?:هجوم|اعتداء|استهداف)|"
    # "لهجمات عديدة، من بينها هجوم ... في 3 آذار", "ومنها", "أبرزها": one dated item of them
    r"من\s+بينها|ومن\s+بينها|ومنها|أبرزها|وأبرزها|كان\s+أبرزها)(?![\w])"))


def last_of_before(ex, d) -> bool:
    """"لهجمات عدة منذ 17 تشرين الأول، آخرها في 20 منه": a date right after "the last of
    them" is that attack's, whatever period the sentence opened before it."""
    t = ex.doc.text
    m = None
    for m in _LAST_OF.finditer(t, max(0, d.start - 40), d.start):
        pass
    return m is not None and ex.doc.tok(d.start) - ex.doc.tok(m.end()) <= 3


def last_of_series(ex, trig, clause_start: int, clause_end: int) -> bool:
    """"تتعرض قاعدة التنف باستمرار لهجمات بمسيرات ... والتي كان آخرها في 20 كانون الثاني":
    attacks in general (habitual, repeated, a series) whose last one the clause dates to a
    day tell that one attack. True when "the last/latest of them" follows the plural
    trigger in its clause with a day-precision date after it (not a period, not ahead)."""
    t = ex.doc.text
    m = _LAST_OF.search(t, trig.end, clause_end)
    if m is None:
        return False
    return any(m.end() <= d.start < clause_end and ex.doc.tok(d.start) - ex.doc.tok(m.end()) <= 8
               and not d.range and not d.future and d.precision == "day"
               and d.kind in ("full", "weekday", "relative") for d in ex.dates)


#: "وقبل ساعات قليلة تعرض رتلان ...", "بعد ساعات من استهدافين آخرين", "في وقت سابق من
#: اليوم", "قبل ذلك بساعات": hours before or after the event just told
_HOURS_APART = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:(?:قبل|بعد)\s+(?:ذلك\s+)?(?:ب)?(?:ساعات|ساعة|ساعتين|بضع\s+ساعات|عدة\s+ساعات)"
    r"|في\s+وقت\s+سابق\s+من\s+(?:اليوم|النهار|الليلة|هذا\s+اليوم)|(?:قبل|بعد)\s+(?:ذلك\s+)?بساعات)"
    r"(?![\w])"))
#: "استهدافين آخرين", "هجومين آخرين", "رتلين آخرين", "لهجمات أخرى": other items than the one told
_OTHER_AFTER = re.compile(norm_pattern(r"^\s*(?:\S+\s+){0,3}?(?:آخرين|اخرين|آخران|اخران|أخريين|اخريين|"
                                       r"أخريان|اخريان|أخرى|اخرى|آخر|اخر)(?![\w])"))


def other_items_of_the_day(ex, fr: Frame, last) -> bool:
    """"وقبل ساعات قليلة تعرض رتلان تابعان للتحالف للاستهداف بعبوات ناسفة، الأول كان قرب
    مدينة الناصرية والثاني قرب محافظة الديوانية": the items of an enumeration ("الأول ...
    والثاني ...") whose announcing clause puts them hours before or after the incident just
    told (or calls them "other") are other incidents than it, of its day when they have no
    date of their own. True for an undated item frame of such an enumeration when the
    incident told last has a day."""
    if last is None or last.date is None or last.date[1] != "day":
        return False
    if fr.date is not None and abs((fr.date[0] - last.date[0]).days) > 1:
        return False
    return items_apart(ex, fr)


def items_apart(ex, fr: Frame) -> bool:
    """An item of an enumeration whose announcing clause puts the items hours from the
    incident told (or calls them "other"): see :func:`other_items_of_the_day`."""
    if fr.head is None:
        return False
    t = ex.doc.text
    head = fr.head
    if _HOURS_APART.search(t, fr.sent.start, head.end):
        return True
    return any(_OTHER_AFTER.match(t[tr.end:head.end]) for tr in head.triggers)



#: "وبعد ساعات،", "وبعد ساعات قليلة من ذلك", "وقبل ذلك بساعات", "بعد ساعتين", "وبعد دقائق",
#: "وفي وقت لاحق", "ولاحقاً", "في وقت سابق من اليوم", "وفي اليوم نفسه/ذاته", "في نفس/ذات
#: اليوم", "في الوقت نفسه": a sentence that opens on a time told from the incident just told
#: (not a bare "في وقت سابق" or "بعد ذلك": an earlier statement may be days away); or on
#: the day before or after it ("وقبل نحو 24 ساعة", "في اليوم التالي")
_LATER_OPENING = re.compile(norm_pattern(
    r"[\s\W]*(?:ثم\s+|كما\s+)?[وف]?(?:"
    r"(?:بعد|قبل)\s+(?:ذلك\s+)?(?:ب)?(?:نحو\s+|حوالي\s+|قرابة\s+)?(?:ساعات|ساعة|ساعتين|"
    r"بضع\s+ساعات|عدة\s+ساعات|دقائق|دقيقة|بضع\s+دقائق|وقت\s+قصير|وقت\s+قليل)"
    r"(?:\s+(?:قليلة|معدودة|فقط))?(?:\s+من\s+(?:ذلك|ذاك|هذا|الهجوم|الاستهداف|القصف))?"
    r"|في\s+وقت\s+(?:لاحق|متأخر)|لاحقا"
    r"|(?:في\s+وقت\s+سابق|سابقا)\s+من\s+(?:ذلك\s+)?(?:اليوم|النهار|الليلة|المساء|الصباح|"
    r"يوم\s+\S+)"
    r"|في\s+(?:اليوم|النهار|الوقت)\s+(?:نفسه|ذاته)|في\s+(?:نفس|ذات)\s+(?:اليوم|الوقت|الليلة)"
    r"|في\s+(?:الليلة|الليله)\s+(?:نفسها|ذاتها)|(?:مساء|ليل|فجر)\s+(?:اليوم\s+)?(?:نفسه|ذاته)"
    r"|بالتزامن|تزامنا"
    # a day before or after: "وقبل نحو 24 ساعة", "قبل ذلك بيوم", "وفي اليوم التالي"
    r"|(?P<before>(?:قبل\s+(?:ذلك\s+)?(?:ب)?(?:نحو\s+|حوالي\s+|قرابة\s+)?(?:24|أربع\s+وعشرين)\s+ساعة"
    r"|قبل\s+ذلك\s+بيوم(?:\s+واحد)?|قبل\s+يوم\s+(?:واحد\s+)?من\s+(?:ذلك|الهجوم)|في\s+اليوم\s+السابق"
    r"|عشية\s+ذلك|في\s+اليوم\s+الذي\s+سبقه))"
    r"|(?P<after>(?:بعد\s+(?:ذلك\s+)?(?:ب)?(?:نحو\s+|حوالي\s+|قرابة\s+)?(?:24|أربع\s+وعشرين)\s+ساعة"
    r"|بعد\s+ذلك\s+بيوم(?:\s+واحد)?|في\s+اليوم\s+التالي|في\s+اليوم\s+الذي\s+تلاه"
    r"|(?:فجر|صباح|ظهر|عصر|مساء|ليلة|ليل)\s+اليوم\s+التالي"
    r"|غداة\s+ذلك)))(?![\w])"))

#: the rule of a date :func:`later_the_same_day` gives
LATER_RULE = "told hours from the incident just told: same day"
#: the rule of a date :func:`item_of_announced_round` gives
ITEM_RULE = "an item of the round announced just before: its day"
#: dates told by the round or the incident just told, not by the item's own words
ITEM_RULES = (LATER_RULE, ITEM_RULE)


def later_the_same_day(ex, fr: Frame, last) -> tuple | None:
    """"تعرضت قاعدة عين الأسد اليوم الأحد لهجوم بطائرة مسيرة. وبعد ساعات، تعرضت قاعدة حرير
    لهجوم مماثل": an undated attack at a named place, in a sentence that opens on a time
    told from the incident just told ("بعد ساعات/دقائق", "قبل ذلك بساعات", "في وقت لاحق",
    "في اليوم نفسه"), is another item of that incident's day (of the day before or after
    for "قبل نحو 24 ساعة", "في اليوم التالي"). Returns the date
    tuple or None (the incident told last has no day, the frame has a date, refers back,
    names no place (or only countries for plural attacks), or its sentence does not open
    so); a frame whose only anaphor is the
    demonstrative of the time ("بعد ساعات من ذلك") stops referring back."""
    if last is None or last.date is None or last.date[1] != "day" or fr.date is not None \
            or fr.sent.lead or fr.sent.title or not (fr.sites or (
                len({c for c, _, _ in fr.countries}) == 1 and not fr.plural)):
        return None
    t = ex.doc.text
    m = _LATER_OPENING.match(t, fr.sent.start, fr.triggers[0].start)
    if m is None:
        return None
    if fr.anaphoric:
        # ("وبعد ساعات من ذلك سقطت صواريخ", "وقبل ذلك بساعات استهدفت": the demonstrative
        # points at the time, not at the incident)
        nouns = [x for x in fr.triggers if not x.info["verb"]]
        if (nouns and all(x.info["definite"] for x in nouns)) or any(
                ANAPHOR_NEAR.search(t[max(m.end(), x.start - 12):x.start])
                or ANAPHOR_NEAR.match(t[x.end:x.end + 8].strip()) for x in fr.triggers):
            return None
        fr.anaphoric = False
    d0, tr = last.date, fr.triggers[0]
    rule = LATER_RULE
    day = d0[0] + dt.timedelta(days=-1 if m.group("before") else 1 if m.group("after") else 0)
    return (day, d0[1], 0.55, rule, Ev("date", day.isoformat(), tr.start, tr.end, 0.55, rule),
            False)


#: "استهدافه قاعدتين أمريكيتين", "على القاعدتين", "قواعد تضم قوات أمريكية": a round told as
#: aimed at two or more bases
_SEVERAL_BASES = re.compile(norm_pattern(
    r"(?<![\w])[وفبل]?(?:ال|لل)?(?:قاعدتين|قاعدتي|قاعدتان|قواعد|معسكرين|معسكرات|موقعين\s+عسكريين)"
    r"(?![\w])"))


def round_on_several_bases(ex, inc) -> bool:
    """"أعلن الحرس الثوري استهدافه قاعدتين أمريكيتين بالعراق" then "في الهجوم الذي ... أوقع
    أضراراً في قاعدة عين الأسد": an incident told as aimed at two or more bases (a dual or
    plural base noun in one of its clauses) may name another of them later; a definite
    "the attack" there continues it (the site plan makes each base its own draft)."""
    t = ex.doc.text
    return any(_SEVERAL_BASES.search(t, f.start, f.end) for f in inc.frames)


_DEMONSTRATIVE_BEFORE = re.compile(norm_pattern(
    r"(?<![\w])(?:هذه|تلك|هذا|ذلك|هذين|هاتين)\s+$"))


def refers_back(ex, trig) -> bool:
    """"شنت الفصائل سلسلة هجمات على قاعدة حرير، آخر هذه الهجمات كان في ...": an attack
    noun after a demonstrative ("هذه الهجمات", "تلك الضربات") names the attacks already
    told, not another event whose object a place before it would be."""
    s0 = trig.start - len(trig.info.get("prefix", ""))
    return bool(_DEMONSTRATIVE_BEFORE.search(ex.doc.text, max(0, s0 - 8), s0))


class _Item:
    """A match-like span (``start()``, ``end()``, ``group(0)``) of an enumerated item."""

    def __init__(self, start: int, end: int, text: str):
        self._s, self._e, self._t = start, end, text

    def start(self, *_):
        return self._s

    def end(self, *_):
        return self._e

    def group(self, *_):
        return self._t


_AND_GAP = re.compile(r"^\s*[،,]?\s*و\s*$|^\s*[،,]?\s*$")


def dated_site_items(ex, cl, first: int) -> list:
    """"أعلنت المقاومة أنها استهدفت قاعدة الشدادي يوم الأحد وقاعدة خراب الجير يوم الاثنين":
    after the clause's first trigger, two or more sites each followed by a day of its own
    (different days), joined by "و", are the items of a list, each an incident of its day.
    Returns match-like spans, one per item (from the item's first word to its date), or
    an empty list."""
    t = ex.doc.text
    # (the first site may be the subject before the trigger: "تعرضت قاعدة عين الأسد لهجوم
    # في 12 كانون الثاني، وقاعدة حرير في 13 منه")
    places = sorted((p for p in ex.places if cl.start <= p.start and p.end <= cl.end
                     and p.info.get("site_id")), key=lambda p: p.start)
    dates = sorted((d for d in ex.dates if first <= d.start and d.end <= cl.end
                    and d.precision == "day" and not d.range and not d.future
                    and d.kind in ("full", "weekday", "relative")), key=lambda d: d.start)
    items = []
    for p in places:
        d = next((d for d in dates if d.start >= p.end), None)
        if d is None or ex.doc.tok(d.start) - ex.doc.tok(p.end) > 3 \
                or any(p.end <= q.start < d.start for q in places):
            continue
        s0 = p.start - len(p.info.get("clitic", ""))
        # the facility noun before the name ("قاعدة", "مطار", "حقل") belongs to the item
        w = re.search(r"(\S+)\s+$", t[max(first, s0 - 12):s0])
        if w and re.search(norm_pattern(r"^و?(?:ال)?(?:قاعدة|مطار|حقل|معسكر|موقع|مقر|معبر)$"),
                           w.group(1)):
            s0 = s0 - len(w.group(0))
        items.append((s0, d))
    if len(items) < 2 or len({(d.kind, d.day, d.month, d.weekday, d.offset)
                              for _, d in items}) < len(items):
        return []
    for (a, d), (b, _) in zip(items, items[1:]):
        if not _AND_GAP.match(t[d.end:b]):
            return []
    return [_Item(a, d.end, t[a:d.end]) for a, d in items]


#: "عبوة أخرى", "هجوم آخر", "صاروخ ثان", "غارة ثانية": one more of the same kind
_ANOTHER_ONE = re.compile(norm_pattern(
    r"(?<![\w])[وفب]?(?:ال)?(?:عبوة|عبوه|هجوم|هجمة|صاروخ|قذيفة|طائرة\s+مسيرة|مسيرة|ضربة|غارة|"
    r"رتل|قافلة|انفجار|تفجير|استهداف)\s+(?:\S+\s+)?(?:ال)?(?:أخرى|اخرى|آخر|اخر|ثانية|ثان|ثاني)"
    r"(?![\w])"))


def another_elsewhere(ex, fr: Frame, inc) -> bool:
    """"انفجرت عبوة ناسفة برتل قرب السماوة. وفي وقت سابق من اليوم، انفجرت عبوة أخرى برتل
    قرب الديوانية": "another" attack, IED or strike told at a place that is not one of the
    incident's places is another incident (one per side, day and place), also where
    neither place is a dataset site."""
    if not _ANOTHER_ONE.search(ex.doc.text, fr.start, fr.end):
        return False
    mine = {p.key for p in fr.sites}
    theirs = {p.key for g in inc.frames for p in g.sites}
    return bool(mine) and bool(theirs) and not mine & theirs


#: "تعرض رتل تابع لشركات متعاقدة مع التحالف لهجوم", "استهدفت عبوة قافلة": a convoy attacked
_CONVOY = re.compile(norm_pattern(
    r"(?<![\w])[وفبل]?(?:ال)?(?:رتل|رتلا|رتلان|رتلين|أرتال|ارتال|قافلة|قافلتين|قوافل)(?![\w])"))


def convoy_not_the_base(ex, fr: Frame, inc) -> bool:
    """"في 15 آب سقط صاروخا كاتيوشا على قاعدة التاجي، كما تعرض رتل تابع لشركات متعاقدة مع
    التحالف لهجوم بعبوة ناسفة": an attack on a convoy told with no place of its own is not
    the attack on the facility told before it (a base, airport or embassy hosting US
    forces): another incident of the day; and the other way round, an attack on such a
    facility does not continue an incident of a convoy that has no place."""
    t = ex.doc.text

    def convoy_only(frames):
        return not any(f.sites for f in frames) and any(
            _CONVOY.search(t, f.start, f.end) for f in frames)

    def facility(frames):
        return any(p.info.get("us_hosted") for f in frames for p in f.sites) and not any(
            _CONVOY.search(t, f.start, f.end) for f in frames)

    return (convoy_only([fr]) and facility(inc.frames)) or (
        facility([fr]) and convoy_only(inc.frames))


def round_announced(ex, fr: Frame, last) -> tuple | None:
    """A clause that announces a round of attacks whose items later sentences tell: plural
    attacks dated to a day ("تعرضت قواتها اليوم الاثنين 22 كانون الثاني لهجمات جديدة ...",
    also when the clause is set aside as a period or a tally), or attacks told hours from
    the incident just told ("وتأتي هذه الغارات بعد ساعات من إعلان الفصائل مسؤوليتها عن
    هجومين على قواعد ..."), which are of its day. Returns ``(sentence index, side, date)``
    (the side may be None) or None."""
    several = [tr for tr in fr.triggers if not tr.info.get("verb") and (
        tr.info.get("plural") or _DUAL_END.search(tr.text))]
    d = fr.date
    where = frozenset(c for c, _, _ in fr.countries)
    if d is not None:
        # (also one attack told as aimed at several bases: "استهدف هجوم بطائرات مسيرة
        # قاعدتين كبيرتين للقوات الأمريكية")
        if (several or _SEVERAL_BASES.search(ex.doc.text, fr.start, fr.end)) and d[1] == "day":
            return (fr.sent.index, fr.side, d, where)
        return None
    if several and ex.published is not None and not fr.anaphoric and any(
            _NEW_AFTER.match(ex.doc.text, tr.end, min(len(ex.doc.text), tr.end + 40))
            for tr in several):
        # "تعرضت القوات الأميركية إلى هجمات جديدة في آخر 48 ساعة": new attacks with no day
        # are the report's news, of its publication day
        pub = ex.published
        rule = "new attacks without a day: the publication day"
        tr = several[0]
        return (fr.sent.index, fr.side, (pub, "day", 0.4, rule,
                                         Ev("date", pub.isoformat(), tr.start, tr.end, 0.4, rule),
                                         False), where)
    if last is None or last.date is None or last.date[1] != "day":
        return None
    if any(_HOURS_APART.search(ex.doc.text, fr.sent.start, tr.start) for tr in several):
        return (fr.sent.index, None if fr.side == last.side else fr.side, last.date, where)
    return None


_DUAL_END = re.compile(norm_pattern(r"(?:ين|تين|ان|تان)$"))


def item_of_announced_round(ex, fr: Frame, announced) -> tuple | None:
    """"أعلنت الوزارة أن قواتها تعرضت اليوم الاثنين لهجمات جديدة." then "وقال إن القوات في
    قاعدة عين الأسد تعرضت لهجوم بطائرة مسيرة ..." (no date): an undated attack at a named
    site, told in the four sentences after a round announced with a day (no attack of
    the round's side told with another day in between)
    (:func:`round_announced`) by its side or by no side, in a country the round names (if
    it names any), is an item of that round: each base of a claimed list is an incident of
    the round's day. Returns the date tuple or None."""
    if announced is None or fr.date is not None or fr.anaphoric or fr.sent.lead \
            or fr.sent.title or not fr.sites:
        return None
    idx, side, d, where = announced
    if not 1 <= fr.sent.index - idx <= 4 or side not in (None, fr.side):
        return None
    if BACKGROUND_CUE.search(ex.doc.text, fr.sent.start, min(fr.sent.end, fr.sent.start + 12)):
        return None                 # (told in the pluperfect: "وكان صاروخان سقطا داخل القاعدة")
    if where and not {p.info.get("country") for p in fr.sites} <= where:
        return None                 # (a base in another country than the round's)
    tr = fr.triggers[0]
    rule = ITEM_RULE
    return (d[0], d[1], 0.55, rule, Ev("date", d[0].isoformat(), tr.start, tr.end, 0.55, rule),
            False)


#: "هجومين جديدين", "لهجمات جديدة", "هجوم صاروخي جديد": attacks told as new
_NEW_AFTER = re.compile(norm_pattern(
    r"\s*(?:\S+\s+)?(?:جديد|جديدة|جديدا|جديدين|جديدتين|جديدان|جديدتان)(?![\w])"))


def told_as_new(ex, fr: Frame) -> bool:
    """"ونفذت المقاومة هجومين جديدين استهدفت من خلالهما قاعدة ... في أربيل": an attack told
    as "new" with no date of its own is the report's news, of its publication day (as the
    lead's incident is); not in a background clause, not one that refers back."""
    t = ex.doc.text
    # (an act told with a verb: not "تخشى القوات هجوما جديدا على القاعدة")
    return not fr.anaphoric and any(tr.info["verb"] for tr in fr.triggers) and not \
        _FEARED.search(t, fr.start, fr.end) and any(
            _NEW_AFTER.match(t, tr.end, min(len(t), tr.end + 40)) for tr in fr.triggers)


#: a new attack feared, expected or threatened, not told as done
_FEARED = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:تخشى|يخشى|تخشي|خشية|مخاوف|تحسبا|تتوقع|يتوقع|توقعات|محتمل|محتملة|"
    r"تهدد|يهدد|هددت|هدد|تحذر|يحذر|حذرت|حذر)(?![\w])"))


def answer_in_its_sentence(ex, fr: Frame, incidents) -> tuple | None:
    """"أصيب 8 جنود جراء قصف استهدف قاعدة عين الأسد، مضيفةً أن طائرة حربية أميركية قصفت
    مجموعة ضالعة في الهجوم": a strike on those involved in the attack (a definite attack
    noun after "ضالعة في", "المسؤولة عن") that an earlier clause of its sentence tells, by
    the other side, takes that attack's day when it has none (the codebook's one-day
    agreement covers a strike the same night) and its country when it names none. Sets
    them on ``fr``; returns the date tuple given, or None."""
    t = ex.doc.text
    if not any(not tr.info["verb"] and INVOLVED_IN_BEFORE.search(
            t, max(fr.start, tr.start - len(tr.info.get("prefix", "")) - 24),
            tr.start - len(tr.info.get("prefix", ""))) for tr in fr.triggers):
        return None
    inc = next((i for i in reversed(incidents) if i.side != fr.side and i.date is not None
                and i.date[1] == "day"
                and any(g.sent.index == fr.sent.index for g in i.frames)), None)
    if inc is None:
        return None
    if not fr.countries and not fr.weak_countries:
        fr.weak_countries.extend(next((g.countries for g in inc.frames if g.countries), []))
    if fr.date is not None:
        return None
    d, tr = inc.date, fr.triggers[0]
    rule = "answers the attack told earlier in its sentence: that day"
    fr.date = (d[0], d[1], 0.5, rule, Ev("date", d[0].isoformat(), tr.start, tr.end, 0.5, rule),
               False)
    return fr.date


def _weapons_of(inc) -> set:
    return {w.key for g in inc.frames for w in g.mentions["weapon"]}


def incident_of_its_weapon(fr: Frame, target, candidates):
    """"سقطت أربعة صواريخ على القاعدة أمس ... وفي وقت سابق من الأسبوع الماضي استهدفتها
    طائرتان مسيرتان ... وقال مسؤول إن قذيفة استهدفت القاعدة": an undated clause whose
    weapon the incident told last does not have, while an earlier candidate incident (same
    side, agreeing place) has it, continues that one. Returns it, or None."""
    mine = {w.key for w in fr.mentions["weapon"]}
    theirs = _weapons_of(target)
    if not mine or not theirs or mine & theirs:
        return None
    return next((i for i in candidates if i is not target and mine & _weapons_of(i)), None)


#: "كان يراقب الموقع المستهدف في محافظة دير الزور": the place of the target named later
_TARGETED_IN = re.compile(norm_pattern(
    r"(?<![\w])(?:ال)?(?:موقع|منشأة|هدف|مكان|مستودع|مقر)\s+(?:ال)?(?:مستهدف|مستهدفة|مقصوف|مقصوفة)"
    r"\s+(?:\S+\s+)?(?:في|ب)\s*$"))


def targeted_place_sentence(ex, incidents) -> list:
    """"نفذت غارة على منشأة في سوريا ..." then, in a sentence with no attack word, "كان
    الجيش يراقب الموقع المستهدف في محافظة دير الزور": the place after "the targeted site
    in" is the strike's (the incident told within the two sentences before, a strike by
    its side). Returns ``(incident, sentence, place)`` tuples."""
    t = ex.doc.text
    framed = {f.sent.index for inc in incidents for f in inc.frames}
    out = []
    for s in ex.sents:
        if s.index in framed or not s.arabic:
            continue
        for p in ex.places:
            if not s.start <= p.start < s.end or not p.info.get("country"):
                continue
            s0 = p.start - len(p.info.get("clitic", ""))
            if not _TARGETED_IN.search(t, max(s.start, s0 - 50), s0):
                continue
            owners = [inc for inc in incidents if any(0 < s.index - f.sent.index <= 2
                                                      for f in inc.frames)]
            if len(owners) == 1:
                out.append((owners[0], s, p))
            break
    return out


#: "قرى خشام والجفرة والحويجة والمريعية", "بلدتي الباغوز والسوسة": a plural or dual noun
#: of settlements before a list of names
_SETTLEMENTS = re.compile(norm_pattern(
    r"(?<![\w])[وفبل]?(?:ال)?(?:قرى|قريتي|قريتين|قريتا|بلدات|بلدتي|بلدتين|بلدتا)\s+"))
#: one name of such a list: after the noun, a comma or "و"
_LIST_NAME = re.compile(r"\s*(?P<sep>[،,]\s*(?:و\s*)?|و)?(?P<name>[\u0621-\u064a]{3,})(?=[\s،,.؛:]|$)")
#: words that end such a list ("التي تنتشر فيها", "في ريف", "وغيرها")
_LIST_STOP = re.compile(norm_pattern(
    r"(?:التي|الذي|اللتين|اللتان|في|قرب|شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي|بريف|ريف|"
    r"غيرها|وغيرها|سواها|محيطها|ومحيطها|المحيطة|المجاورة|بمحافظة|محافظة|ضمن|على|من|عند)$"))


def listed_settlements(lex, text: str, places: list, sentences) -> list:
    """"قصفت القوات الأمريكية قرى خشام والجفرة والحويجة والمريعية": the names of a list
    after a plural or dual noun of villages or towns ("قرى", "بلدات", "قريتي") are places
    when the lexicon knows one of them: each unknown name becomes a place of that place's
    country, without a site (a draft of its own with a blank site). Returns the added
    mentions."""
    out = []
    for m in _SETTLEMENTS.finditer(text):
        sent = next((x for x in sentences if x.start <= m.start() < x.end), None)
        end = sent.end if sent is not None else len(text)
        pos, names = m.end(), []
        while pos < end and len(names) < 8:
            n = _LIST_NAME.match(text, pos, end)
            if n is None or (names and not n.group("sep")) or (not names and n.group("sep")):
                break
            name = n.group("name")
            if _LIST_STOP.match(name) or (names and _LIST_STOP.match(name.lstrip("و"))):
                break
            names.append((n.start("name"), n.end("name")))
            pos = n.end()
        if len(names) < 2:
            continue
        known = [p for p in places if any(a <= p.start < b or p.start <= a < p.end
                                          for a, b in names)]
        countries = {p.info.get("country") for p in known if p.info.get("country")}
        if not known or len(countries) != 1:
            continue
        country = countries.pop()
        for a, b in names:
            if any(p.start < b and a < p.end for p in places):
                continue
            name = text[a:b]
            probe = f"في {name}"            # (a name the lexicon knows only after a cue)
            found = [x for x in lex.find_places(probe) if x.end == len(probe)
                     and x.start == 3 and x.info.get("country") == country]
            if found:
                out.append(Mention(a, b, "place", found[0].key, dict(found[0].info, clitic=""),
                                   name))
                continue
            info = {"site_id": None, "name": name, "kind": "town", "within": None,
                    "country": country, "admin1": "", "latitude": None, "longitude": None,
                    "us_hosted": False, "clitic": "", "listed": True}
            out.append(Mention(a, b, "place", f"x:{name}", info, name))
    return out


#: "القاعدة الأمريكية", "القاعدة" (definite, no name after it): the base told before
_THE_BASE = re.compile(norm_pattern(
    r"(?<![\w])[وبل]?(?:ال|لل)(?:قاعدة|قاعده)(?:\s+(?:ال)?(?:أمريكية|أميركية|العسكرية))*(?![\w])"))
#: "قاعدة عسكرية أمريكية بشمال شرقي سوريا": an unnamed base placed in a country
_BASE_IN_COUNTRY = re.compile(norm_pattern(
    r"(?<![\w])[وبل]?(?:ال)?(?:قاعدة|قاعده)\s+(?:\S+\s+){0,2}?(?:في|ب|داخل)\s*"
    r"(?:(?:شمال|جنوب|شرق|غرب|شمالي|جنوبي|شرقي|غربي|شرقى|غربى)\s+){0,2}(?:ال)?$"))


def country_of_the_base(ex, fr: Frame) -> None:
    """"أعلن البنتاغون ... الهجمات الأخيرة على قاعدة عسكرية أمريكية بشمال شرقي سوريا" then
    "أن القاعدة الأمريكية تعرضت لهجومين يوم 10 نوفمبر": a clause that names no place or
    country but "the base" takes the country of the unnamed base placed in a country in
    one of the two sentences before (even one told only in general)."""
    if fr.countries or fr.sites or fr.weak_countries:
        return
    t = ex.doc.text
    m = _THE_BASE.search(t, fr.start, fr.end)
    if m is None:
        return
    lo = ex.sents[max(0, fr.sent.index - 2)].start
    found = [c for c in ex.countries if lo <= c.start < fr.start
             and _BASE_IN_COUNTRY.search(t, max(lo, c.start - 45), c.start)]
    if found:
        c = found[-1]
        fr.countries = [(c.key, Ev("country", c.key, c.start, c.end, 0.6,
                                   "country of the base told before"), False)]
