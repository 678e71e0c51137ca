"""Arabic date expressions: find them (with spans) and resolve them to calendar dates.

Understands, in normalised text (:mod:`analysis.coding.normalize`):

* both month-name systems and their pairings: ``يونيو/حزيران``, ``حزيران (يونيو)``,
  ``آذار``, ``تشرين الأول``, ``كانون الثاني``, and the Maghrebi names (``جانفي``,
  ``فيفري``, ``جوان``, ``أوت`` ...);
* day numbers in digits (Latin or Arabic-Indic) or ordinal words (``السابع من أكتوبر``),
  optional ``من`` before the month, optional year (``2021``, ``عام 2021``, ``2021م``);
* numeric forms ``28/6/2021``, ``2021/6/28``, ``28-06-2021``, ``2021-06-28``;
* weekday names (``الأحد``, ``يوم الخميس``, ``مساء الأحد``, ``الأحد الماضي``) alone or
  next to a full date (the weekday then checks the date);
* relative dates: ``أمس``, ``أول أمس``, ``اليوم``, ``الليلة الماضية``, ``الأسبوع الماضي``,
  ``الشهر الماضي/الفائت/المنصرم``, ``الشهر الجاري``, ``آذار الماضي``, ``قبل يومين``,
  ``قبل ثلاثة أيام``, ``خلال الساعات الماضية``;
* Hijri dates with a day (``22 رجب 1445 هـ``, ``الخامس من شعبان``), converted by the Umm
  al-Qura calendar of ``hijridate``; without a Hijri year, the last such day on or before
  the publication date;
* dates relative to another event: ``بعد يوم واحد من``, ``في اليوم التالي``,
  ``حينها``/``آنذاك`` (resolved by the caller against that event's date).

Every mention records whether it opens or closes a range (``منذ 17 أكتوبر`` = "since",
``حتى``) or lies in the future (``المقبل``, ``غداً``): such dates are not event dates.

:func:`find_dates` finds the mentions; :func:`resolve` turns one into
``(date, precision, confidence)`` given the reference (publication) date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from hijridate import Gregorian, Hijri

from .normalize import norm_pattern
from .numbers import CARDINALS, ORDINALS, parse_int_word

__all__ = ["DateMention", "find_dates", "resolve", "coordinated_days", "parse_published", "MONTHS", "WEEKDAYS",
           "ResolvedDate"]

#: Month names (ordinary spelling; normalised on use) -> month number.
MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "جانفي": 1, "فبراير": 2, "شباط": 2, "فيفري": 2,
    "مارس": 3, "آذار": 3, "أبريل": 4, "إبريل": 4, "ابريل": 4, "نيسان": 4, "أفريل": 4,
    "مايو": 5, "أيار": 5, "ماي": 5, "يونيو": 6, "يونيه": 6, "حزيران": 6, "جوان": 6,
    "يوليو": 7, "يوليه": 7, "تموز": 7, "جويلية": 7, "يوليوز": 7, "أغسطس": 8, "اغسطس": 8,
    "آب": 8, "أوت": 8, "غشت": 8, "سبتمبر": 9, "أيلول": 9, "شتنبر": 9, "أكتوبر": 10,
    "تشرين الأول": 10, "نوفمبر": 11, "تشرين الثاني": 11, "نونبر": 11, "ديسمبر": 12,
    "كانون الأول": 12, "دجنبر": 12,
}
#: Weekday names (normalised, without the article) -> Python weekday (Monday = 0).
WEEKDAYS = {"اثنين": 0, "ثلاثاء": 1, "اربعاء": 2, "خميس": 3, "جمعه": 4, "سبت": 5, "احد": 6}

# month names that are also ordinary words need date context (a day, a year, a pairing)
_AMBIGUOUS_MONTHS = {norm_pattern(m) for m in ("آب", "ماي", "مارس", "جوان", "أوت", "تموز")}
_NORM_MONTHS = {norm_pattern(k): v for k, v in MONTHS.items()}
_MONTH_ALT = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _NORM_MONTHS),
                             key=len, reverse=True))
_MONTH = rf"(?:{_MONTH_ALT})"
_ORD_ALT = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in ORDINALS),
                           key=len, reverse=True))
_PAST = (r"(?:الماضيين|الماضيان|الماضي|الماضيه|المنصرمين|المنصرم|المنصرمه|الفائتين|الفائت|"
         r"الفايت|السابقين|السابق|السابقه|المنقضي)")
_CURRENT = r"(?:الجاري|الحالي|الحاليه|الجاريه)"
_FUTURE = r"(?:المقبل|المقبله|القادم|القادمه)"
_TOD = r"(?:مساء|صباح|فجر|ليله|ليل|ظهر|ظهيره|عصر|ضحي|منتصف\s+ليل|منتصف\s+ليله)"
_WD = r"(?:اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت|احد)"
_PRE = r"(?<![\w])"          # start of a word (clitics handled explicitly)
_CL = r"(?:[وف]?(?:ب|ل)?)"  # conjunction/preposition clitics before the article

_FULL = re.compile(norm_pattern(
    _PRE + rf"(?:(?P<tod>{_TOD})\s+)?(?:{_CL}يوم\s+)?(?:(?P<wd>{_CL}ال{_WD})\s*[,،]?\s*)?"
    rf"(?:(?:{_CL}يوم\s+)?(?P<day>(?:(?<![\w])[وف]?(?:ال)?|(?<=\s))\d{{1,2}}(?!\d)|(?:{_CL})(?:{_ORD_ALT}))\s*"
    rf"(?:-\s*)?(?:من\s+)?(?:شهر\s+)?)?"
    rf"(?P<m1>{_MONTH})(?![\w])"
    rf"(?:\s*(?:[/\-]|\()\s*(?P<m2>{_MONTH})(?:\s*\))?)?"
    rf"(?:\s*[,،]?\s*(?:من\s+)?(?:عام|سنه|العام)?\s*(?P<year>(?:19|20)\d{{2}})(?!\d)\s*م?(?![\w]))?"
    rf"(?:\s+(?P<rel>{_PAST}|{_CURRENT}|{_FUTURE}))?"))
_NUMERIC_DMY = re.compile(r"(?<![\d/\-.])(?P<d>\d{1,2})\s?[/\-.]\s?(?P<m>\d{1,2})\s?[/\-.]\s?(?P<y>(?:19"
                          r"|20)\d{2})(?![\d/\-]|\.\d)")
_NUMERIC_YMD = re.compile(r"(?<![\d/\-.])(?P<y>(?:19|"
                          r"20)\d{2})\s?[/\-.]\s?(?P<m>\d{1,2})\s?[/\-.]\s?(?P<d>\d{1,2})(?![\d/\-]"
                          r"|\.\d)")
_WEEKDAY = re.compile(norm_pattern(
    _PRE + rf"(?:(?P<tod>{_TOD})\s+)?(?:(?P<rel0>{_CL}(?:امس|اليوم|البارحه))\s+)?"
    rf"(?:{_CL}يوم\s+)?(?:(?P<wd0>ال{_WD})\s*(?:-|–|/|علي|الي)\s*(?=ال{_WD}))?(?P<wd>{_CL}ال{_WD})(?![\w])"
    rf"(?:\s+(?P<rel>{_PAST}|{_FUTURE}))?"))
_RELATIVE = [
    # (pattern, days offset or None, precision, special)
    (r"(?:{CL})(?:اول\s+من\s+امس|اول\s+امس|امس\s+الاول)", -2, "day", ""),
    # "بعد منتصف الليلة الماضية": the hours after midnight belong to the report's day
    (r"(?:{CL})بعد\s+منتصف\s+(?:{CL})(?:الليله\s+الماضيه|ليله\s+امس|ليل\s+امس)", 0, "day", ""),
    # ("بالأمس", "وبالأمس": with the article)
    (r"(?:(?:{TOD})\s+)?(?:{CL})(?:امس|الامس|البارحه)", -1, "day", ""),
    (r"(?:{CL})(?:الليله\s+الماضيه|ليله\s+امس|ليل\s+امس)", -1, "day", ""),
    (r"(?:{CL})اليوم\s+التالي|(?:{CL})اليوم\s+الذي\s+تلاه|(?:{CL})صباح\s+اليوم\s+التالي", 1, "day",
     "anchor"),
    (r"(?:{CL})اليوم\s+السابق|(?:{CL})اليوم\s+الذي\s+سبقه|(?:{CL})عشيه", -1, "day", "anchor"),
    # "وفي الشهر التالي، ضربت طائرة مسيرة ...": the month after the event told before
    (r"(?:{CL})الشهر\s+(?:التالي|اللاحق|الموالي|الذي\s+تلاه|الذي\s+يليه)", 1, "month", "anchor"),
    (r"(?:{CL})الاسبوع\s+(?:التالي|اللاحق|الموالي|الذي\s+تلاه|الذي\s+يليه)", 7, "week", "anchor"),
    # "غداة هجوم" (on the morrow of an attack): the day after the event it names; when that
    # event is the frame's own ("ويأتي هذا الحادث، غداة هجوم استهدف قاعدة بلد"), the frame
    # is the day before the incident just told (see the extractor's frame dates)
    (r"غداه(?=\s+(?:\S+\s+)?(?:هجوم|هجمات|استهداف|قصف|ضربه|ضربات|غاره|غارات|تفجير|انفجار))", 1,
     "day", "anchor"),
    (r"(?:(?:{TOD})\s+)?(?:{CL})اليوم|(?:{CL})الليله|(?:{CL})هذا\s+الصباح|"
     r"(?:{CL})صباح\s+هذا\s+اليوم",
     0, "day", ""),
    (r"(?:خلال|في|منذ)\s+(?:ال\s*)?(?:24\s+)?(?:الساعات|ساعات|"
     r"ساعه)\s+(?:ال\s*24\s+)?(?:ال)?(?:ماضيه|اخيره|الماضيه|الاخيره)", 0, "day", "hours"),
    (r"(?:{CL})(?:الاسبوع|الاسبوع)\s+(?:الماضي|المنصرم|الفائت|السابق)", -7, "week", ""),
    (r"(?:{CL})(?:هذا\s+الاسبوع|الاسبوع\s+(?:الجاري|الحالي))|مطلع\s+الاسبوع(?:\s+(?:الجاري|"
     r"الحالي))?", 0, "week", ""),
    (r"(?:(?:مطلع|بدايه|اوائل|منتصف|نهايه|اواخر|اخر)\s+)?(?:{CL})(?:الشهر|شهر)\s+(?:{PAST})",
     -1, "month", "month"),
    (r"(?:(?:مطلع|بدايه|اوائل|منتصف|نهايه|اواخر|اخر)\s+)?(?:{CL})(?:هذا\s+الشهر|"
     r"الشهر\s+(?:{CURRENT}))", 0, "month", "month"),
    (r"(?:{CL})(?:العام|السنه)\s+(?:{PAST})|(?:{CL})(?:هذا\s+العام|العام\s+(?:{CURRENT}))", 0,
     "year", "year"),
    (r"(?:{CL})(?:غدا|غدا|بعد\s+غد)", 1, "day", "future"),
    # "وقبيل ذلك تبنت فصائل ... هجوما", "بعيد ذلك", "قبل ذلك بساعات": hours from the event
    # told before, its day ("قبل ذلك" alone may be days: not dated)
    (r"(?:{CL})(?:قبيل|بعيد)\s+(?:ذلك|هذا|ذلك\s+بساعات|ساعات)|(?:{CL})(?:قبل|بعد)\s+ذلك\s+"
     r"(?:بساعات|بساعه|بساعتين|بدقايق)", 0, "day", "anchor"),
    (r"(?:{CL})(?:حينها|انذاك|وقتها|حينذاك|في\s+ذلك\s+الوقت|في\s+حينه|ذلك\s+اليوم|اليوم\s+نفسه|"
     r"في\s+اليوم\s+ذاته|في\s+اليوم\s+نفسه)", 0, "day", "anchor"),
]
_RELATIVE = [(re.compile(norm_pattern(_PRE + p.format(CL=_CL, TOD=_TOD, PAST=_PAST,
                                                      CURRENT=_CURRENT)) + r"(?![\w])"),
              off, prec, sp) for p, off, prec, sp in _RELATIVE]
_UNIT_WORDS = {
    # unit word -> (days, precision); dual forms carry the count
    "يوم": (1, "day", 1), "يوما": (1, "day", 1), "يومين": (1, "day", 2), "يومان": (1, "day", 2),
    "ايام": (1, "day", None), "ساعات": (0, "day", None), "ساعه": (0, "day", 1),
    "ساعتين": (0, "day", 2), "اسبوع": (7, "week", 1), "اسبوعين": (7, "week", 2),
    "اسابيع": (7, "week", None), "شهر": (30, "month", 1), "شهرين": (30, "month", 2),
    "اشهر": (30, "month", None), "شهور": (30, "month", None),
}
_DAY_OF_MONTH = re.compile(norm_pattern(
    _PRE + rf"(?:{_CL}يوم\s+)?(?P<day>(?:ال)?\d{{1,2}}|(?:{_ORD_ALT}))\s+من\s+(?:ال)?شهر\s+"
    rf"(?:ال)?(?P<rel>{_PAST}|{_CURRENT}|نفسه|ذاته)(?![\w])"))
#: "في 19 منه", "يوم 19 من الشهر نفسه", "في العشرين من ذات الشهر": a day of the month
#: named just before
_DAY_OF_IT = re.compile(norm_pattern(
    _PRE + rf"(?:{_CL}(?:في|يوم)\s+)(?P<day>(?:ال)?\d{{1,2}}|(?:{_ORD_ALT}))\s+"
    r"(?:منه|من\s+(?:نفس|ذات)\s+الشهر|من\s+الشهر\s+(?:نفسه|ذاته))(?![\w])"))
_OFFSET = re.compile(norm_pattern(
    # "قبل نحو شهرين", "بعد حوالى يومين": an approximation word before the count
    _PRE + r"[وف]?(?P<dir>قبل|بعد)\s+(?:(?:نحو|حوالي|حوالى|قرابة|قرابه|زهاء|ما\s+يقارب|ما\s+يقرب\s+من)\s+)?"
           r"(?:(?P<num>\d{1,2}|"
           r"[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+)?)\s+)?(?P<unit>يوما|يومين|يومان|يوم|ايام|"
           r"ساعات|ساعتين|ساعه|اسبوعين|اسابيع|اسبوع|شهرين|اشهر|شهور|شهر)(?:\s+(?:واحد|"
           r"فقط))?(?P<of>\s+(?:من|علي))?(?![\w])"))
#: what "بعد يوم من" / "قبل يومين من" is counted from when it is no event of the conflict
#: (an announcement, a statement, a visit, an election): such an offset dates nothing here
_NON_EVENT_AFTER = re.compile(norm_pattern(
    r"\s*(?:من\s+)?(?:[وف]?(?:ال)?(?:إعلان|اعلان|تصريح|تصريحات|بيان|زيارة|زياره|اجتماع|قمة|"
    r"قمه|انتخابات|انتخاب|وصول|توقيع|قرار|تأكيد|تاكيد|كشف|لقاء|مؤتمر|محادثات|مفاوضات|"
    r"اتصال|تهديد|تحذير|تنصيب|مغادرة|مغادره|حوار|جلسة|جلسه|تصويت))(?![\w])"))
_RANGE_BEFORE = re.compile(norm_pattern(
    r"(?:منذ\s+(?:[\w\u0621-\u064a]+\s+){1,3}|منذ|مُنذ|اعتبارا\s+من|ابتداء\s+من|بدءا\s+من|بدات|بدا"
    r"|تبدا|بداية\s+من|حتى|لغاية|"
    r"الى\s+غاية|وحتى|طيلة|طوال|خلال\s+الفتره\s+من|بين)\s*(?:في\s+)?(?:(?:مطلع|بدايه|اوائل|"
    r"منتصف|نهايه|اواخر)\s+)?(?:شهر\s+)?$"))
#: "منذ استهدافها بثلاثين صاروخاً في 27 ديسمبر", "منذ مقتل سليماني في 3 يناير": the date of
#: the one event a "since" phrase names, not the start of a period ("منذ بدء الهجمات في")
_SINCE_AN_EVENT = re.compile(norm_pattern(
    r"منذ\s+(?:ال)?(?:استهداف|قصف|هجوم|مقتل|قتل|اغتيال|ضرب|ضربة|غارة|سقوط|إطلاق|اطلاق|تفجير)"
    r"[\w\u0621-\u064a]*\s+(?:[\w\u0621-\u064a]+\s+){0,2}في\s*$"))
_YEAR_ONLY = re.compile(r"(?<![\d/\-.])(?:19|20)\d{2}(?![\d/\-.])")

#: Hijri month names (ordinary spelling) -> month number
HIJRI_MONTHS = {
    "محرم": 1, "المحرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع أول": 3, "ربيع الثاني": 4,
    "ربيع الآخر": 4, "ربيع ثاني": 4, "ربيع آخر": 4, "جمادى الأولى": 5, "جمادى الأول": 5,
    "جمادى الآخرة": 6, "جمادى الثانية": 6, "جمادى الآخر": 6, "جمادى الثاني": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12,
    "ذي الحجة": 12,
}
_NORM_HIJRI = {norm_pattern(k): v for k, v in HIJRI_MONTHS.items()}
#: month names that are also words or personal names ("صفر" is zero; "رجب", "رمضان",
#: "شعبان" are names): they need a Hijri year, the era mark or "شهر" before them
_HIJRI_AMBIGUOUS = {norm_pattern(m) for m in ("صفر", "رجب", "رمضان", "شعبان", "شوال")}
_HIJRI = re.compile(norm_pattern(
    _PRE + rf"(?:{_CL}يوم\s+)?(?P<day>(?:(?<![\w])[وف]?(?:ال)?|(?<=\s))\d{{1,2}}(?!\d)|(?:{_CL})(?:{_ORD_ALT}))"
    r"\s*(?:-\s*)?(?:من\s+)?(?P<shahr>(?:ال)?شهر\s+)?"
    r"(?P<m>" + "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _NORM_HIJRI),
                               key=len, reverse=True)) + r")(?![\w])"
    r"(?:\s*[,،]?\s*(?:من\s+)?(?:عام|سنه|العام)?\s*(?P<year>1[34]\d{2})(?!\d))?"
    r"(?P<era>\s*(?:هـ|ه(?![\w])|هجري|هجريه|للهجره|الهجري|الهجريه))?"))


#: "في مثل هذا اليوم من عام 2020", "في مثل هذا اليوم قبل أربع سنوات" (the first only)
_SAME_DAY_OF_YEAR = re.compile(norm_pattern(
    _PRE + r"(?:[وف]?في\s+)?مثل\s+(?:هذا|هذه)\s+(?:اليوم|الليله|الليلة)\s+(?:من|في)\s+(?:عام|العام|سنه|"
    r"سنة)\s+(?P<year>(?:19|20)\d{2})(?!\d)"))


#: the first day of "5 و6 آذار" / "الخامس والسادس من مارس" (right before the second's "و")
_FIRST_OF_PAIR = re.compile(norm_pattern(
    r"(?<![\w])(?:يومي\s+|في\s+)?(?P<d1>\d{1,2}|(?:ال)?(?:" + _ORD_ALT + r"))\s*$"))


def _hijri_to_gregorian(hy: int, hm: int, hd: int) -> dt.date | None:
    try:
        return dt.date(*Hijri(hy, hm, hd).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None        # outside the Umm al-Qura table, or no such day


def _find_hijri(text: str) -> list:
    out = []
    for m in _HIJRI.finditer(text):
        month = _NORM_HIJRI.get(re.sub(r"\s+", " ", m.group("m")))
        day = _parse_day(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        if month is None or day is None or not 1 <= day <= 30:
            continue
        ordinal_of = not m.group("day")[-1].isdigit() and re.search(r"\sمن\s", m.group(0))
        if re.sub(r"\s+", " ", m.group("m")) in _HIJRI_AMBIGUOUS and not (
                year or m.group("era") or m.group("shahr") or ordinal_of):
            continue                     # "فاز 2 صفر", "قال 3 رجب": no date
        notes = ("Hijri date (Umm al-Qura)",)
        if year:
            g = _hijri_to_gregorian(year, month, day)
            if g is None:
                continue
            out.append(DateMention(m.start(), m.end(), "full", g.year, g.month, g.day,
                                   notes=notes, hijri=(year, month, day)))
        else:
            out.append(DateMention(m.start(), m.end(), "full", None, None, day, notes=notes,
                                   hijri=(None, month, day)))
    return out


@dataclass(frozen=True)
class DateMention:
    """A date expression in normalised text (unresolved).

    ``kind`` is ``"full"`` (day/month/year, possibly with missing parts), ``"weekday"``,
    ``"relative"`` (offset in days from the reference date), ``"anchor"`` (offset from
    another event's date) or ``"year"``. ``rel`` is ``"past"``, ``"current"``, ``"future"``
    or ``""``. ``range`` is True for "since"/"until" dates, ``future`` for dates ahead.
    """

    start: int
    end: int
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    offset: int | None = None
    precision: str = "day"
    rel: str = ""
    range: bool = False
    future: bool = False
    time_of_day: str = ""
    notes: tuple = field(default_factory=tuple)
    hijri: tuple = ()           # (year or None, month, day) of a Hijri date


class ResolvedDate(tuple):
    """``(date, precision, confidence, note)`` of a resolved mention."""

    __slots__ = ()

    def __new__(cls, date, precision, confidence, note=""):
        return tuple.__new__(cls, (date, precision, confidence, note))

    date = property(lambda self: self[0])
    precision = property(lambda self: self[1])
    confidence = property(lambda self: self[2])
    note = property(lambda self: self[3])


#: Earliest publication date accepted (the coder's calendars and cues are modern).
PUBLISHED_MIN = dt.date(1900, 1, 1)


def parse_published(published, *, today: dt.date | None = None) -> dt.date | None:
    """``published`` as a date: None, a ``date``/``datetime``/``Timestamp``, or an ISO
    string ``YYYY-MM-DD``. Raises ``ValueError`` with the accepted forms otherwise, for a
    missing value given as ``NaT``/NaN (pass None), and for a date before 1900 or more
    than a year after ``today`` (default: the date today). A date after ``today`` is
    accepted: :func:`analysis.code_report` warns."""
    if published is None:
        return None
    if isinstance(published, float) and published != published:
        raise ValueError("published is NaN (a missing value): pass None, or the date as "
                         "'YYYY-MM-DD'")
    if published is getattr(__import__("pandas"), "NaT"):
        raise ValueError("published is NaT (a missing date): pass None, or the date as "
                         "'YYYY-MM-DD'")
    out = None
    if isinstance(published, dt.datetime):
        out = published.date()
    elif isinstance(published, dt.date):
        out = published
    elif hasattr(published, "to_pydatetime"):          # pandas Timestamp
        out = published.to_pydatetime().date()
    elif isinstance(published, str):
        s = published.strip()
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", s)
        if m:
            try:
                out = dt.date(*map(int, m.groups()))
            except ValueError:
                raise ValueError(f"published {published!r} is not a calendar date in the form YYYY-MM-DD "
                                 "(month 1-12, day within the month)") from None
    if out is None:
        raise ValueError(f"published must be a date or an ISO date string 'YYYY-MM-DD', got "
                         f"{published!r}")
    today = today or dt.date.today()
    if out < PUBLISHED_MIN or out > today + dt.timedelta(days=366):
        raise ValueError(f"published {out.isoformat()} is out of range: a publication date "
                         f"between {PUBLISHED_MIN.isoformat()} and a year from today")
    return out


def _wd_of(word: str) -> int | None:
    w = re.sub(r"^[وف]?(?:ب|ل)?ال", "", word)
    return WEEKDAYS.get(w)


def _parse_day(s: str | None) -> int | None:
    if not s:
        return None
    bare = re.sub(r"^[وف]?(?:ال)?", "", s)
    s = bare if bare.isdigit() else s
    if s.isdigit():
        return int(s)
    s = re.sub(r"\s+", " ", s)
    s2 = re.sub(r"^[وف]?(?:ب|ل)?", "", s)
    for cand in (s, s2, "ال" + s2 if not s2.startswith("ال") else s2):
        if cand in ORDINALS:
            return ORDINALS[cand]
    return None


def _rel_kind(rel: str | None) -> str:
    if not rel:
        return ""
    if re.fullmatch(_PAST, rel):
        return "past"
    if re.fullmatch(_CURRENT, rel):
        return "current"
    return "future"


def _month_of(name: str | None) -> int | None:
    if not name:
        return None
    return _NORM_MONTHS.get(re.sub(r"\s+", " ", name))


#: "يومي 23-24 مارس": two days of a month joined by a hyphen after "يومي"
_TWO_DAYS_HYPHEN = re.compile(norm_pattern(r"(?:يومي|اليومين|يومين)\s+(?P<d1>\d{1,2})\s*[-–]\s*$"))
#: a year in words after a month: "عام ألفين وتسعة عشر" (2019), "سنة ألفين وعشرين"
_YEAR_WORDS = re.compile(norm_pattern(r"\s*[,،]?\s*(?:من\s+)?(?:عام|العام|سنة)\s+(?:ألفين|الفين|ألفان)\s+"
                                      r"(?P<w>و\S+(?:\s+(?:و)?\S+)?)"))
#: "الليلة نفسها"، "اليوم ذاته": the night or day just told
_SAME_AS_TOLD = re.compile(norm_pattern(r"\s*(?:نفسها|نفسه|ذاتها|ذاته)(?![\w])"))


def find_dates(text: str) -> list[DateMention]:
    """All date mentions in normalised ``text``, non-overlapping, in text order."""
    cands: list[DateMention] = []
    for m in _FULL.finditer(text):
        m1, m2 = _month_of(m.group("m1")), _month_of(m.group("m2"))
        day = _parse_day(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        end = m.end()
        if year is None:
            y = _YEAR_WORDS.match(text, m.end())
            if y:        # "عام ألفين وتسعة عشر": the year in words (coder21)
                words = re.findall(r"[\u0621-\u064a]+", y.group("w"))[:3]
                v, used = parse_int_word(words)
                if v is not None and 0 <= v <= 99 and used:
                    year, end = 2000 + v, text.index(words[used - 1], y.start("w")) \
                        + len(words[used - 1])
        name = re.sub(r"\s+", " ", m.group("m1"))
        notes = []
        if name in _AMBIGUOUS_MONTHS and not (day or year or m.group("m2") or m.group("rel")):
            before = text[max(0, m.start() - 12):m.start()]
            if not re.search(norm_pattern(r"(?:شهر|منذ|في|مطلع|بداية|نهاية|أواخر|أوائل|منتصف)\s*$"),
                             before):
                continue
        if m2 and m2 != m1:
            notes.append("the two month names disagree; the first is used")
        if day is not None and not 1 <= day <= 31:
            continue
        wd = _wd_of(m.group("wd")) if m.group("wd") else None
        rel = _rel_kind(m.group("rel"))
        cands.append(DateMention(m.start(), end, "full", year, m1, day, wd,
                                 precision="day" if day else "month", rel=rel,
                                 future=rel == "future", time_of_day=m.group("tod") or "",
                                 notes=tuple(notes)))
    for rx, order in ((_NUMERIC_DMY, "dmy"), (_NUMERIC_YMD, "ymd")):
        for m in rx.finditer(text):
            d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
            if not 1 <= mo <= 12 and 1 <= d <= 12 and order == "dmy":
                d, mo = mo, d           # month/day/year written US-style
            try:
                dt.date(y, mo, d)
            except ValueError:
                continue
            cands.append(DateMention(m.start(), m.end(), "full", y, mo, d))
    for m in _WEEKDAY.finditer(text):
        wd = _wd_of(m.group("wd"))
        # "ليل الأربعاء - الخميس": the night of two days (the second one, unless the report
        # is written on the first day: see resolve)
        night = ("night of two days",) if m.group("wd0") else ()
        before = text[max(0, m.start() - 8):m.start()]
        if wd == 4 and re.search(norm_pattern(r"(?:صلاة|خطبة|صلاه|خطبه)\s*$"), before):
            continue                                 # Friday prayer, not a date
        rel = _rel_kind(m.group("rel"))
        rel0 = re.sub(r"^[وف]?(?:ب|ل)?", "", m.group("rel0") or "")
        start = m.start()
        if rel0 and m.group("wd")[0] in "وف":
            rel0, start = "", m.start("wd")          # "أمس والأحد": two dates
        off = {"امس": -1, "البارحه": -1, "اليوم": 0}.get(rel0)
        cands.append(DateMention(start, m.end(), "weekday", weekday=wd, offset=off,
                                 rel=rel, future=rel == "future",
                                 time_of_day=m.group("tod") or "", notes=night))
    for rx, off, prec, special in _RELATIVE:
        for m in rx.finditer(text):
            s = m.group(0)
            if off == 0 and _SAME_AS_TOLD.match(text, m.end()):
                continue     # "في الليلة نفسها": the day just told, not today (coder21)
            kind = "anchor" if special == "anchor" else ("year" if special == "year" else "relative")
            if special == "month":
                rel = "past" if off < 0 else "current"
                cands.append(DateMention(m.start(), m.end(), "relative", offset=off,
                                         precision="month", rel=rel))
                continue
            cands.append(DateMention(m.start(), m.end(), kind, offset=off, precision=prec,
                                     future=special == "future",
                                     notes=("vague: within the last hours",) if special == "hours"
                                     else ()))
            del s
    for m in _DAY_OF_MONTH.finditer(text):
        day = _parse_day(m.group("day"))
        if day is None or not 1 <= day <= 31:
            continue
        rel = "past" if re.fullmatch(_PAST, m.group("rel")) else "current"
        cands.append(DateMention(m.start(), m.end(), "relative", day=day, offset=-1 if rel == "past"
                                 else 0, precision="day", rel=rel, notes=("day of month",)))
    for m in _DAY_OF_IT.finditer(text):
        # "الأول في 18 تشرين الأول ...، والثاني في 19 منه": the month of the date before
        day = _parse_day(m.group("day"))
        prev = [c for c in cands if c.kind == "full" and c.month and c.end <= m.start()
                and not c.range and not c.hijri]
        if day is None or not 1 <= day <= 31 or not prev:
            continue
        p = max(prev, key=lambda c: c.end)
        cands.append(DateMention(m.start(), m.end(), "full", p.year, p.month, day,
                                 rel=p.rel, notes=("day of the month named before",)))
    for m in _OFFSET.finditer(text):
        days, prec, count = _UNIT_WORDS[m.group("unit")]
        num = m.group("num")
        if num:
            if num.isdigit():
                count = int(num)
            else:
                words = num.split()
                if words[0] in CARDINALS:
                    count = CARDINALS[words[0]]
                elif words[0] in ("بضعه", "بضع", "عده"):
                    count = None
                else:
                    continue                  # "قبل توليه ..." etc.: not a duration
        if count is None:
            if days == 0:
                count = 0
            else:
                continue                      # "قبل أيام": too vague to date
        sign = -1 if m.group("dir") == "قبل" else 1
        anchored = bool(m.group("of"))
        if anchored and _NON_EVENT_AFTER.match(text, m.end()):
            continue                          # "بعد يوم من إعلان البنتاغون": not an event
        if not anchored and sign < 0 and _NON_EVENT_AFTER.match(text, m.end()):
            continue                          # "قبل يومين من زيارة البابا": not the event's date
        if sign > 0 and not anchored:
            continue                          # "بعد يومين" without "من": future or vague
        total = sign * (count if prec == "month" else days * count)   # months or days
        if days == 0 and count >= 24 and not anchored:
            total = sign * (count // 24)    # "وقبل نحو 24 ساعة،", "قبل 48 ساعة": whole days
        cands.append(DateMention(m.start(), m.end(), "anchor" if anchored else "relative",
                                 offset=total, precision=prec))
    for m in _YEAR_ONLY.finditer(text):
        cands.append(DateMention(m.start(), m.end(), "year", year=int(m.group(0)),
                                 precision="year"))
    cands.extend(_find_hijri(text))
    for c in [c for c in cands if c.kind == "full" and c.day and not c.hijri]:
        # "يومي 5 و6 آذار", "الخامس والسادس من مارس": the first day of a pair takes the
        # month (and year) of the second
        h = _TWO_DAYS_HYPHEN.search(text, max(0, c.start - 20), c.start)
        if h and 1 <= int(h.group("d1")) < c.day:
            # "خلال يومي 23-24 مارس": two days, one act each (coder21), not a range
            cands.append(DateMention(h.start("d1"), h.end("d1"), "full", c.year, c.month,
                                     int(h.group("d1")), rel=c.rel,
                                     notes=("first of two coordinated days",)))
            cands[cands.index(c)] = replace(c, notes=c.notes + ("second of two days",))
            continue
        if text[c.start] != "و":
            continue
        m = _FIRST_OF_PAIR.search(text, max(0, c.start - 24), c.start)
        d1 = _parse_day(m.group("d1")) if m else None
        if d1 is None or not 1 <= d1 <= 31 or d1 >= c.day:
            continue
        cands.append(DateMention(m.start("d1"), m.end("d1"), "full", c.year, c.month, d1,
                                 rel=c.rel, notes=("first of two coordinated days",)))
    for m in _SAME_DAY_OF_YEAR.finditer(text):
        # "في مثل هذا اليوم من عام 2020": the publication day's date in that year
        cands.append(DateMention(m.start(), m.end(), "relative", year=int(m.group("year")),
                                 offset=0, notes=("same day of an earlier year",)))
    # keep the longest non-overlapping mentions; a weekday touching a full date joins it
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[DateMention] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    merged: list[DateMention] = []
    for c in chosen:
        if merged:
            p = merged[-1]
            gap = text[p.end:c.start]
            if re.fullmatch(r"[\s,،\-]*", gap) and not (text[c.start] == "و" and c.kind != "year"):
                if p.kind == "weekday" and c.kind == "full" and c.weekday is None:
                    merged[-1] = replace(c, start=p.start, weekday=p.weekday,
                                         time_of_day=p.time_of_day or c.time_of_day)
                    continue
                if p.kind == "full" and c.kind == "weekday" and p.weekday is None \
                        and c.rel == "":
                    merged[-1] = replace(p, end=c.end, weekday=c.weekday)
                    continue
                if p.kind == "relative" and p.offset in (0, -1) and c.kind == "weekday" \
                        and c.offset is None and p.precision == "day":
                    merged[-1] = replace(c, start=p.start, offset=p.offset)
                    continue
                if p.kind == "full" and c.kind == "year" and p.year is None and not p.hijri:
                    merged[-1] = replace(p, end=c.end, year=c.year)
                    continue
        merged.append(c)
    out = []
    for c in merged:
        before = text[max(0, c.start - 40):c.start]
        rng = bool(_RANGE_BEFORE.search(before)) and not _SINCE_AN_EVENT.search(before) \
            and not {"first of two coordinated days", "second of two days"} & set(c.notes)
        if rng and c.kind in ("full", "weekday", "relative"):
            c = replace(c, range=True)
        out.append(c)
    return out


_NIGHT = re.compile(norm_pattern(r"(?:ليل|ليله|ليلة)$"))


def coordinated_days(text: str, mentions) -> list[list[DateMention]]:
    """Groups of two or more weekdays told as the days of one clause's acts: "يومي
    الثلاثاء والأربعاء", "أيام السبت والأحد والاثنين", "الأربعاء والخميس الماضيين" (each
    after the first joined by "و" with nothing else between), and two days of a month
    ("يومي 5 و6 آذار", "الخامس والسادس من مارس"). Each group's days are
    separate days of the act (one incident per day); a night of two days ("ليل الأربعاء -
    الخميس") is one mention, not a group."""
    groups, cur = [], []
    for d in sorted(mentions, key=lambda d: d.start):
        if cur and (d.kind == "weekday" and d.offset is None and not d.future
                    or cur[0].kind == "full" and d.kind == "full") \
                and (re.fullmatch(r"\s*", text[cur[-1].end:d.start]) and text[d.start] == "و"
                     or re.fullmatch(r"\s*[-–]\s*", text[cur[-1].end:d.start])
                     and "second of two days" in d.notes):
            cur.append(d)
            continue
        if len(cur) > 1:
            groups.append(cur)
        cur = [d] if (d.kind == "weekday" and d.offset is None and not d.future
                      and not d.range and "night of two days" not in d.notes
                      and not _NIGHT.search(d.time_of_day)      # "ليلة السبت والأحد": one night
                      or "first of two coordinated days" in d.notes) else []
    if len(cur) > 1:
        groups.append(cur)
    # a past-tense suffix on the last day ("الماضيين") holds for all of them
    out = []
    for g in groups:
        rel = g[-1].rel
        out.append([replace(d, rel=d.rel or rel) for d in g])
    return out


def _last_weekday(ref: dt.date, wd: int, strictly_before: bool) -> dt.date:
    delta = (ref.weekday() - wd) % 7
    if delta == 0 and strictly_before:
        delta = 7
    return ref - dt.timedelta(days=delta)


def _add_months(d: dt.date, k: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 + k, 12)
    return dt.date(y, m + 1, 1)


def resolve(mention: DateMention, ref: dt.date | None, *, anchor: dt.date | None = None,
            default_year: int | None = None) -> ResolvedDate | None:
    """Resolve a mention to ``(date, precision, confidence, note)``.

    Parameters
    ----------
    mention : DateMention
    ref : date or None
        The reference date (the report's publication date) for relative expressions,
        weekdays and dates without a year.
    anchor : date, optional
        The date of the event that an ``"anchor"`` mention ("the day after") refers to.
    default_year : int, optional
        Year to assume for a day and month without a year when there is no ``ref``.

    Returns None when the mention cannot be dated (a year alone, no reference date for a
    relative expression, an impossible date).
    """
    k = mention.kind
    try:
        if k == "full" and mention.hijri and mention.year is None:
            # a Hijri day and month: the last such day on or before publication
            if ref is None:
                return None
            hy = Gregorian(ref.year, ref.month, ref.day).to_hijri().year
            date = _hijri_to_gregorian(hy, *mention.hijri[1:])
            if date is None or date > ref + dt.timedelta(days=2):
                date = _hijri_to_gregorian(hy - 1, *mention.hijri[1:])
            if date is None:
                return None
            note = "Hijri date; year inferred from the publication date"
            conf = 0.8
            if mention.weekday is not None and date.weekday() != mention.weekday:
                note += "; the weekday named does not match the date"
                conf -= 0.25
            return ResolvedDate(date, "day", conf, note)
        if k == "full":
            y, m, d = mention.year, mention.month, mention.day
            conf = 0.95 if (y and d) else 0.85
            note = ""
            if y is None:
                if ref is not None:
                    if mention.rel == "past":
                        y = ref.year if m < ref.month else ref.year - 1
                    elif mention.rel == "current" and m == ref.month:
                        y = ref.year
                    else:
                        y = ref.year
                        cand = dt.date(y, m, d or 1)
                        if cand > ref + dt.timedelta(days=2):
                            y -= 1
                    note = "year inferred from the publication date"
                    conf = 0.85 if d else 0.8
                elif default_year is not None:
                    y = default_year
                    note = "year taken from another date in the report"
                    conf = 0.6
                else:
                    return None
            date = dt.date(y, m, d or 1)
            if mention.weekday is not None and d and date.weekday() != mention.weekday:
                note = (note + "; " if note else "") + "the weekday named does not match the date"
                conf -= 0.25
            return ResolvedDate(date, "day" if d else "month", conf, note)
        if k == "weekday":
            if ref is None:
                return None
            if mention.offset is not None:
                date = ref + dt.timedelta(days=mention.offset)
                conf, note = 0.9, ""
                if date.weekday() != mention.weekday:
                    # "مساء اليوم الأربعاء" on a page dated Thursday, a statement's "اليوم
                    # الأربعاء" quoted on Friday: the weekday named is the day meant, the
                    # publication date is later than the text
                    date = _last_weekday(date, mention.weekday, strictly_before=False)
                    note = ("the weekday named does not match the publication date: the last "
                            "such weekday taken")
                    conf = 0.65
                return ResolvedDate(date, "day", conf, note)
            if mention.future:
                return None
            if "night of two days" in mention.notes and mention.rel != "past" \
                    and ref.weekday() == (mention.weekday - 1) % 7:
                # "ليل الأربعاء - الخميس" on a page dated Wednesday: the night that began
                # that day, not the one of the week before
                return ResolvedDate(ref, "day", 0.7, "night of two days that began on the "
                                                     "publication day")
            date = _last_weekday(ref, mention.weekday, strictly_before=mention.rel == "past")
            return ResolvedDate(date, "day", 0.85 if mention.rel == "past" else 0.8,
                                "weekday resolved to the last such day on or before publication"
                                if mention.rel != "past" else "")
        if k == "relative":
            if ref is None:
                return None
            if "same day of an earlier year" in mention.notes and mention.year:
                try:
                    return ResolvedDate(ref.replace(year=mention.year), "day", 0.8,
                                        "the publication day's date in the year named")
                except ValueError:                     # 29 February
                    return ResolvedDate(dt.date(mention.year, 2, 28), "day", 0.6,
                                        "the publication day's date in the year named")
            if mention.day is not None:                # "27 من الشهر الجاري/الماضي"
                month = _add_months(ref, mention.offset)
                return ResolvedDate(dt.date(month.year, month.month, mention.day), "day", 0.85, "")
            if mention.precision == "month":
                return ResolvedDate(_add_months(ref, mention.offset), "month", 0.85, "")
            if mention.precision == "week":
                monday = ref - dt.timedelta(days=ref.weekday())
                return ResolvedDate(monday + dt.timedelta(days=mention.offset), "week", 0.7,
                                    "week: the first day the expression allows")
            return ResolvedDate(ref + dt.timedelta(days=mention.offset), "day",
                                0.9 if not mention.notes else 0.6, "; ".join(mention.notes))
        if k == "anchor":
            if anchor is None:
                return None
            if mention.precision == "month":
                return ResolvedDate(_add_months(anchor, mention.offset), "month", 0.6,
                                    "relative to an earlier event")
            prec = "day" if mention.precision == "day" else mention.precision
            return ResolvedDate(anchor + dt.timedelta(days=mention.offset), prec, 0.75,
                                "relative to an earlier event")
    except (ValueError, OverflowError):
        return None
    return None
