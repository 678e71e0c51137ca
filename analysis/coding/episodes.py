"""Rules of the coder about several incidents told in one passage (issue 14, coder13): the
last of a series dated to a day ("لهجمات ... كان آخرها في 20 كانون الثاني"), items of an
enumeration told hours from the incident ("وقبل ساعات تعرض رتلان ...، الأول ... والثاني
..."), sites of a list each with a day of its own, "another" attack at another place, a
round told as aimed at several bases, and attack nouns that refer back ("هذه الهجمات").
Functions of the extractor (``ex``, an ``analysis.coding.extract._Extractor``) and the
frame, clause or incident they judge; the extractor calls them where its stages decide."""

from __future__ import annotations

import re

from .frames import Frame
from .normalize import norm_pattern

__all__ = ["last_of_series", "last_of_before", "other_items_of_the_day", "items_apart",
           "round_on_several_bases", "refers_back", "dated_site_items", "another_elsewhere"]


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
    places = sorted((p for p in ex.places if first <= p.start and p.end <= cl.end
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
