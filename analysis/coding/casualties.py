"""Casualty statements: who was killed or wounded, how many, and "no casualties".

Works on normalised text. :func:`find_casualties` returns :class:`Casualty` records:

* ``kind``: ``"killed"``, ``"wounded"``, ``"combined"`` (killed *and* wounded counted
  together, "مقتل وإصابة 10": not usable for either field), ``"none"`` (an explicit
  "no casualties / no injuries" statement), ``"none_killed"`` ("no deaths": injuries
  possible) or ``"none_wounded"``;
* ``group``: whose casualties: a side id of the case (:data:`~analysis.coding.lexicon.US`:
  US troops; :data:`~analysis.coding.lexicon.MILITIA`: militia members, fighters,
  commanders), ``"soldier"`` (troops of unstated nationality: the caller
  decides from the event), ``"pronoun"`` ("منهم", "آخرون": the caller decides), ``"own"`` ("3 من عناصره":
  members of whoever the pronoun names; the caller decides),
  ``"civilian"``, ``"contractor"``, ``"foreign"`` (troops of another state), ``"person"``
  ("16 شخصاً": not said who),
  ``"mixed"`` (civilians and troops in one figure) or ``""`` (not stated);
* ``value`` (exact figure, or the stated figure when approximate), ``low`` (lower bound,
  also for vague amounts such as "عشرات"), ``approx`` and a short English ``gloss``.

Contractors and civilians are never counted as troops: a draft's ``target_killed`` of an
attack on US forces is US troops only (contractors go in the note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import MILITIA, US
from .normalize import norm_pattern
from .numbers import NumberMention, find_numbers

__all__ = ["Casualty", "find_casualties"]


def _rx(p):
    return re.compile(norm_pattern(p))


_TOK = re.compile(r"[\w\u0621-\u064a]+(?:[.,]\d+)*|[،,.;:()\"«»\-–]")

_KILLED_HEAD = _rx(r"^(?:[وف]?(?:ب|ل)?)(?:مقتل|مقتلهم|مقتله|قتل|القتلى|قتلى|مصرع|استشهاد|وفاة|قتيل"
                   r"|قتيلا|قتيلين|قتيلان|القتيل)$")
_KILLED_VERB = _rx(r"^(?:[وف]?)(?:قتلوا|قتلت|قُتل|قتل|يقتل|قضوا|استشهد|استشهدوا|سقطوا|لقوا|لقي|"
                   r"لقيت|أودى|أودت|ارتفع|ارتفعت)$")
_WOUNDED_HEAD = _rx(r"^(?:[وف]?(?:ب|ل)?)(?:إصابة|إصابات|إصابته|إصابتهم|جرح|جرحى|الجرحى|جريح|جريحا|"
                    r"جريحين|مصاب|مصابين|مصابون|المصابين|بجروح)$")
_WOUNDED_VERB = _rx(r"^(?:[وف]?)(?:أصيب|أصيبوا|أصيبت|جرح|جرحوا|يصاب|أصيبا)$")
_COMBINED = _rx(r"(?:مقتل|قتل|قتلى|سقوط\s+قتلى)\s+(?:و|او)\s*(?:إصابة|جرح|جرحى|إصابات)|(?:إصابة|"
                r"جرح)\s+(?:و|او)\s*(?:مقتل|قتل)|قتلى\s+و\s*جرحى|قتلى\s+و\s*مصابين|"
                r"بين\s+قتيل\s+و\s*جريح|قتيل\s+و\s*جريح|ضحايا")
# (not "لم ترد تقارير عن وقوع إصابات", "لم يتضح هل أسفرت عن قتلى": no report, no figure)
_ZERO = _rx(r"(?:لم|دون|بدون|من\s+دون|عدم|لا|ولا|ولم|خلو)\s+(?:(?!معلومات|تفاصيل|حصيلة|عدد|حجم|"
            r"طبيعة|تأكيد|ورود|أنباء|إحصائية|تقارير|تقرير|بلاغات|ترد|يرد|يبلغ|تبلغ|يتضح|تتضح|يعرف|"
            r"تعرف|يعلم|تعلم)\S+\s+){0,4}?(?:أي\s+|أية\s+)?(?:(?:ال)?أضرار\s+(?:أو|او|و|ولا)\s+)?"
            r"(?:ال)?(?:إصابات|إصابة|"
            r"خسائر|ضحايا|قتلى|جرحى|أضرار\s+بشرية|خسائر\s+بشرية|إصابات\s+بشرية)(?!\s+(?:مادية|"
            r"في\s+المعدات|مدنيين|مدنية|مدنيا|من\s+المدنيين|بين\s+المدنيين|في\s+صفوف\s+المدنيين))|لم\s+(?:يصب|يصب\s+أحد|يسفر\s+عن\s+سقوط\s+ضحايا)|(?:الأضرار|"
            r"الخسائر)\s+(?:اقتصرت|مادية\s+فقط)|اقتصرت\s+(?:ال)?(?:أضرار|"
            r"خسائر)\s+على\s+(?:ال)?(?:ماديات|مادية|الماديات)|(?:أضرار|خسائر)\s+مادية\s+فقط")
_FILLER = _rx(r"^(?:ما|لا|يقل|عن|أكثر|من|نحو|حوالي|قرابة|زهاء|أقل|ما|يزيد|على|يقارب|يناهز|إلى|"
              r"الى)$")
_US_WORD = _rx(r"^(?:ال)?(?:أمريكي|أميركي|امريكي|أمريكيين|أميركيين|أمريكيون|أميركيون|أمريكيا|"
               r"أميركيا|أمريكيان|أميركيان|أمريكية|أميركية)$")
_FOREIGN_WORD = _rx(r"^(?:ال)?(?:عراقي|عراقيين|عراقيون|سوري|سوريين|سوريون|أردني|أردنيين|روسي|روس|"
                    r"أتراك|تركي|إسرائيلي|إسرائيليين|بريطاني|بريطانيين|فرنسي|فرنسيين|إيطالي|"
                    r"إيطاليين)$")
_COALITION = _rx(r"^(?:ال)?تحالف$")
_IRAN_WORD = _rx(r"^(?:ال)?(?:إيراني|إيرانيين|إيرانيون|إيرانيا)$")
_SOLDIER = _rx(r"^(?:[وف]?(?:ال)?)(?:جندي|جنود|جنديا|جنديين|جنديان|عسكري|عسكريين|عسكريون|عسكريا|"
               r"عسكريان|أفراد|فرد|جنديًا|مستشار|مستشارين|ضابط|ضباط|ضابطا|"
               r"عناصر\s+أمريكيين)$")
_MILITIA = _rx(r"^(?:[وف]?(?:ال)?)(?:عنصر|عناصر|عنصرا|عنصرين|عنصران|مسلح|مسلحين|"
               r"مسلحا|مسلحون|مقاتل|مقاتلين|مقاتلا|مقاتلون|مقاتلي|مجاهدي|مجاهدين|مجاهدا|عضو|أعضاء|"
               r"أعضائها|قيادي|قياديين|قياديا|قياديان|قادة|قائد|القيادي|مليشياوي|ميليشياوي|مسلحي|"
               r"عناصرهم)$")
_MILITIA_PHRASE = _rx(r"^(?:من\s+)?(?:ال)?(?:ميليشيات|مليشيات|ميليشيا|مليشيا|فصائل|الحشد|كتائب|"
                      r"الحرس|حزب|حركة|عناصر|مقاتلي|صفوف)")
_CIVIL = _rx(r"^(?:[وف]?(?:ال)?)(?:مدني|مدنيين|مدنيا|مدنيون|أطفال|طفل|طفلا|نساء|امرأة|مواطن|"
             r"مواطنين|مواطنا|مدنية|مدنيتين|صحفي|صحفيين)$")
#: Members with a possessive pronoun ("عناصره", "جنودها", "أفراده"): the group is the side
#: of the actor the pronoun refers to (the extractor resolves it from the sentence).
_OWN = _rx(r"^(?:[وف]?)(?:عناصر|جنود|أفراد|منتسبي|مقاتلي)(?:ه|ها)$")
_PERSON = _rx(r"^(?:[وف]?(?:ال)?)(?:أحد|آخرين|آخرون|آخر|منهم|منها)$")
_PEOPLE = _rx(r"^(?:[وف]?(?:ال)?)(?:شخص|أشخاص|شخصا|شخصين|شخصان|قتيل|قتلى|ضحية|ضحايا)$")
_CONTRACT = _rx(r"^(?:[وف]?(?:ال)?)(?:متعاقد|متعاقدين|متعاقدا|متعاقدان|مقاول|مقاولين|مقاولا|"
                r"المتعاقد|المقاول)$")
_DUAL = _rx(r"^(?:[وف]?(?:ال)?)(?:جنديين|جنديان|عنصرين|عنصران|عسكريين\s+اثنين|مسلحين\s+اثنين|"
            r"قياديين\s+اثنين|شخصين|شخصان|قتيلين|قتيلان|جريحين|متعاقدان|قياديان|مدنيين\s+اثنين|"
            r"عسكريان|ضابطين|ضابطان|مستشارين\s+اثنين)$")
_SINGULAR = _rx(r"^(?:[وف]?)(?:جندي|جنديا|عنصر|عنصرا|مسلح|مسلحا|مقاتل|مقاتلا|قيادي|قياديا|متعاقد|"
                r"متعاقدا|مقاول|مقاولا|مدني|مدنيا|شخص|شخصا|ضابط|ضابطا|قائد|عسكري|عسكريا|قتيل|قتيلا"
                r"|جريح|جريحا|طفل|طفلا|امرأة|مستشار|آخر)$")


@dataclass(frozen=True)
class Casualty:
    """One casualty statement (see the module docstring)."""

    start: int
    end: int
    kind: str
    group: str = ""
    value: int | None = None
    low: int | None = None
    approx: bool = False
    gloss: str = ""


def _classify(words: list[str]) -> tuple[str, int]:
    """Group of the casualty noun phrase starting at ``words[0]``; returns (group, n used)."""
    if not words:
        return "", 0
    w = words[0]
    nxt = words[1:4]
    if w == "من" and len(words) > 1:
        g, n = _classify(words[1:])
        if g:
            return g, n + 1
        joined = " ".join(words[1:3])
        if _MILITIA_PHRASE.match(joined):
            return MILITIA, 2
        return "", 0

    def nationality(default):
        for i, x in enumerate(nxt[:2]):
            if x in ("و", "،"):
                break
            if _US_WORD.match(x):
                return US, i + 2
            if _COALITION.match(x) and not (i + 1 < len(nxt) and _US_WORD.match(nxt[i + 1])):
                return "foreign", i + 2        # "12 من أفراد التحالف": not said to be US
            if _FOREIGN_WORD.match(x):
                return "foreign", i + 2
            if _IRAN_WORD.match(x):
                return MILITIA, i + 2
            if x in ("من", "في") and i + 1 < len(nxt):
                if x == "من" and _OWN.match(words[i + 2]):
                    return "own", i + 3         # "جنديين من عناصره"
                tail = " ".join(words[i + 2:i + 5])
                if re.match(norm_pattern(r"(?:ال)?(?:قوات|جيش|الجيش|القوات)\s+(?:ال)?(?:أمريكي|"
                                         r"أميركي)"), tail) \
                        or re.match(norm_pattern(r"(?:ال)?(?:أمريكي|أميركي)"), tail):
                    return US, i + 4
                if _MILITIA_PHRASE.match(tail) or re.match(norm_pattern(r"(?:ال)?(?:كتائب|حركة)"), tail):
                    return MILITIA, i + 3
        return default, 1

    if _OWN.match(w):
        return "own", 1                    # "3 من عناصره": the members of the subject
    if _CONTRACT.match(w):
        return "contractor", 1
    if _CIVIL.match(w):
        for x in words[1:3]:
            if x.startswith("و") and _SOLDIER.match(x[1:]):
                return "mixed", 2
        g, n = nationality("civilian")
        return "civilian", n
    if _SOLDIER.match(w):
        g, n = nationality("soldier")
        return g, n
    if _US_WORD.match(w):
        return US, 1
    if _MILITIA.match(w):
        g, n = nationality(MILITIA)
        return (MILITIA if g in (MILITIA, US, "soldier") else g), n
    if _PERSON.match(w):
        return "pronoun", 1
    if _PEOPLE.match(w):
        return "person", 1                  # "16 شخصاً": who they were is not said
    return "", 0


def _value_of(num: NumberMention | None):
    if num is None:
        return None, None, False, ""
    return num.value, num.low, num.approx, num.gloss


def find_casualties(text: str, numbers: list[NumberMention] | None = None) -> list[Casualty]:
    """All casualty statements in normalised ``text`` (see :class:`Casualty`)."""
    numbers = find_numbers(text) if numbers is None else numbers
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOK.finditer(text)]
    words = [t[2] for t in toks]
    num_at = {}
    for n in numbers:
        for i, (s, e, _) in enumerate(toks):
            if s >= n.start and e <= n.end:
                num_at.setdefault(i, n)
    out: list[Casualty] = []
    combined_spans = [(m.start(), m.end()) for m in _COMBINED.finditer(text)]
    for s, e in combined_spans:
        # a figure right after "مقتل وإصابة" belongs to the combined count
        j = next((i for i, t in enumerate(toks) if t[0] >= e), None)
        num = None
        if j is not None:
            for k in range(j, min(j + 5, len(toks))):
                if k in num_at:
                    num = num_at[k]
                    break
                if not _FILLER.match(words[k]):
                    break
        v, lo, ap, gl = _value_of(num)
        out.append(Casualty(s, e if num is None else max(e, num.end), "combined", "", v, lo, ap, gl))
    for m in _ZERO.finditer(text):
        said = m.group(0)
        if re.search(norm_pattern(r"(?:قتلى|وفيات)$"), said):
            kind = "none_killed"                # "لم تسفر عن سقوط قتلى": injuries possible
        elif re.search(norm_pattern(r"(?:جرحى)$"), said):
            kind = "none_wounded"
        else:
            kind = "none"
        out.append(Casualty(m.start(), m.end(), kind, "", 0, 0))

    def in_combined(pos):
        return any(s <= pos < e for s, e in combined_spans)

    i = 0
    while i < len(toks):
        w = words[i]
        kind = None
        verb = False
        if _KILLED_HEAD.match(w):
            kind = "killed"
        elif _WOUNDED_HEAD.match(w):
            kind = "wounded"
        elif _KILLED_VERB.match(w):
            kind, verb = "killed", True
        elif _WOUNDED_VERB.match(w):
            kind, verb = "wounded", True
        if kind is None or in_combined(toks[i][0]):
            i += 1
            continue
        if w.endswith(("لقوا", "لقي", "لقيت")):
            if not any(x.startswith(("حتف", "مصرع")) for x in words[i + 1:i + 6]):
                i += 1
                continue
        if w.endswith(("ارتفع", "ارتفعت")):
            if not (i + 2 < len(words) and re.match(norm_pattern(r"(?:عدد|حصيلة)"), words[i + 1])):
                i += 1
                continue
        start = toks[i][0]
        j = i + 1
        if words[i].endswith(("لقوا", "لقي", "لقيت")) and words[j].startswith(("حتف", "مصرع")):
            j += 1
        elif words[i].endswith(("اودي", "اودت", "ارتفع", "ارتفعت")):
            j += 1                                   # "لقوا حتفهم", "أودى بحياة"
            if words[i].endswith(("ارتفع", "ارتفعت")):
                while j < len(words) and words[j] not in ("الي", "حتي"):
                    j += 1
                j += 1
        # fillers ("ما لا يقل عن", "أكثر من") then a number, then a group
        k = j
        while k < len(toks) and k < j + 4 and _FILLER.match(words[k]) and k not in num_at:
            k += 1
        num = num_at.get(k)
        group, used = "", 0
        end = toks[i][1]
        if num is not None:
            k2 = k
            while k2 < len(toks) and toks[k2][1] <= num.end:
                k2 += 1
            group, used = _classify(words[k2:k2 + 8])
            end = toks[min(k2 + used, len(toks)) - 1][1] if used else num.end
        else:
            group, used = _classify(words[j:j + 8])
            if used:
                end = toks[j + used - 1][1]
                head_noun = words[j]
                # a number after the group: "عسكريين أمريكيين اثنين"
                after = j + used
                if after < len(toks) and after in num_at:
                    num = num_at[after]
                    end = num.end
                elif _DUAL.match(head_noun) or _DUAL.match(" ".join(words[j:j + 2])):
                    num = NumberMention(toks[j][0], toks[j][1], 2, 2)
                elif _SINGULAR.match(head_noun) and kind != "combined":
                    num = NumberMention(toks[j][0], toks[j][1], 1, 1)
            elif verb:
                # "أربعة أعضاء في كتائب سيد الشهداء قُتلوا": look back for number + group
                for b in range(i - 1, max(-1, i - 9), -1):
                    if b in num_at:
                        g, n = _classify(words[b + 1:b + 7])
                        if g:
                            num, group = num_at[b], g
                            start = toks[b][0]
                        break
                    if words[b] in (".", "،", ",", "؛"):
                        break
        if w.endswith(("قتيل", "قتيلا", "قتيلين", "قتيلان", "جريح", "جريحا", "جريحين")) and num is None:
            n_val = 2 if w.endswith(("ين", "ان")) else 1
            num = NumberMention(toks[i][0], toks[i][1], n_val, n_val)
        v, lo, ap, gl = _value_of(num)
        if v is None and lo is None and not group:
            i += 1
            continue
        out.append(Casualty(start, end, kind, group, v, lo, ap, gl))
        i = max(i + 1, j)
    out.sort(key=lambda c: c.start)
    return out
