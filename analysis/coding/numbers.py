"""Numbers in Arabic news text: digits, cardinal and ordinal number words, vague amounts.

Works on *normalised* text (:func:`analysis.coding.normalize.normalize`: ة -> ه, أ -> ا,
ى -> ي, Arabic-Indic digits -> Latin). :func:`find_numbers` returns every number with
its span; :data:`ORDINALS` serves the date parser ("السابع من أكتوبر").

Vague amounts ("عشرات" = dozens, "عدد من" = a number of, "بضعة" = a few) are returned
with ``value=None`` and a lower bound ``low`` so callers can put them in a note instead
of a count field; qualifiers ("أكثر من", "ما لا يقل عن", "نحو", "على الأقل") mark the
number as approximate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import norm_pattern

__all__ = ["NumberMention", "find_numbers", "CARDINALS", "ORDINALS", "parse_int_word",
           "number_at"]

_UNITS = {
    # normalised spellings -> value (masculine, feminine, case endings)
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
    "اثنتي": 2, "ثنتين": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_HUNDREDS = {"مئه": 100, "مائه": 100, "مئات": None, "مئتان": 200, "مئتين": 200,
             "مائتان": 200, "مائتين": 200, "الف": 1000, "الفان": 2000, "الفين": 2000,
             "الاف": None}



def _normkeys(d: dict) -> dict:
    return {norm_pattern(k): v for k, v in d.items()}


_UNITS, _TENS, _HUNDREDS = _normkeys(_UNITS), _normkeys(_TENS), _normkeys(_HUNDREDS)
#: All cardinal number words (normalised) -> value.
CARDINALS = {**_UNITS, **_TENS, **{k: v for k, v in _HUNDREDS.items() if v}}

_ORD_UNITS = {
    "اول": 1, "الاول": 1, "الاولي": 1, "حادي": 1, "الحادي": 1, "ثاني": 2, "الثاني": 2,
    "الثانيه": 2, "ثالث": 3, "الثالث": 3, "الثالثه": 3, "رابع": 4, "الرابع": 4,
    "الرابعه": 4, "خامس": 5, "الخامس": 5, "الخامسه": 5, "سادس": 6, "السادس": 6,
    "السادسه": 6, "سابع": 7, "السابع": 7, "السابعه": 7, "ثامن": 8, "الثامن": 8,
    "الثامنه": 8, "تاسع": 9, "التاسع": 9, "التاسعه": 9, "عاشر": 10, "العاشر": 10,
    "العاشره": 10,
}
_ORD_TENS = {"العشرين": 20, "عشرين": 20, "الثلاثين": 30, "ثلاثين": 30}


def _ordinal_table() -> dict:
    """Ordinal day words 1-31 (normalised, with and without the article) -> value."""
    table = {}
    for w, v in _ORD_UNITS.items():
        if w in ("حادي", "الحادي"):
            continue
        table[w] = v
    for w, v in _ORD_UNITS.items():
        if v == 1:
            w = "الحادي" if w.startswith("ال") else "حادي"
        if v > 9 and v != 10:
            continue
        art = w.startswith("ال")
        if v < 10:
            table[f"{w} {'عشر' if not art else 'عشر'}"] = 10 + v
        for tw, tv in _ORD_TENS.items():
            if tw.startswith("ال") == art and v < 10:
                table[f"{w} و{tw}"] = tv + v
    table.update({"العشرين": 20, "الثلاثين": 30, "عشرين": 20, "ثلاثين": 30})
    return table


#: Ordinal words for days of the month ("السابع", "الحادي والعشرين" ...) -> value.
ORDINALS = _normkeys(_ordinal_table())

_VAGUE = {
    # word -> (low bound, gloss)
    "عشرات": (20, "dozens"), "العشرات": (20, "dozens"), "مئات": (200, "hundreds"),
    "المئات": (200, "hundreds"), "الاف": (2000, "thousands"), "بضعه": (3, "a few"),
    "بضع": (3, "a few"), "عده": (3, "several"), "عدد": (2, "a number of"),
    "عددا": (2, "a number of"),
}
_VAGUE = _normkeys(_VAGUE)
_APPROX_BEFORE = re.compile(
    r"(?:اكثر\s+من|ازيد\s+من|ما\s+لا\s+يقل\s+عن|لا\s+يقل\s+عن|نحو|حوالي|قرابه|زهاء|"
    r"ما\s+يقارب|ما\s+يزيد\s+عن|ما\s+يزيد\s+على|اقل\s+من|قرابه)\s*$")
_APPROX_AFTER = re.compile(r"^\s*(?:علي\s+الاقل|على\s+الاقل|تقريبا|او\s+اكثر)")


@dataclass(frozen=True)
class NumberMention:
    """A number in normalised text.

    ``value`` is the integer (None for vague amounts such as "عشرات"); ``low`` a lower
    bound (equal to ``value`` for exact numbers); ``approx`` marks "more than", "about",
    "at least" ...; ``gloss`` describes vague amounts in English.
    """

    start: int
    end: int
    value: int | None
    low: int | None
    approx: bool = False
    gloss: str = ""


def parse_int_word(words: list[str]) -> tuple[int | None, int]:
    """Parse a cardinal number from the start of a list of normalised words.

    Returns ``(value, n_words_used)``; ``(None, 0)`` if the words do not start with a
    number word. Handles compounds such as "ثلاثة عشر", "خمسة وعشرون", "مئة وعشرون".
    """
    def strip_clitic(w):
        if w.startswith("و") and w[1:] in CARDINALS:
            return w[1:]
        if w.startswith("ب") and w[1:] in CARDINALS:
            return w[1:]
        return w

    if not words:
        return None, 0
    w0 = strip_clitic(words[0])
    if w0 not in CARDINALS:
        return None, 0
    value, used = CARDINALS[w0], 1
    if value < 10 and len(words) > 1 and words[1] in ("عشر", "عشره"):
        return value + 10, 2
    # "خمسة وعشرون", "مئة وعشرون", "مئة وخمسة"
    while used < len(words):
        w = words[used]
        if w.startswith("و") and w[1:] in CARDINALS:
            nxt = CARDINALS[w[1:]]
            if nxt < value or (value < 10 and nxt in _TENS.values()):
                value += nxt
                used += 1
                continue
        break
    return value, used


_TOKEN = re.compile(r"[\w\u0621-\u064a]+(?:[.,]\d+)*")


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in normalised ``text``: digits ("14", "1,200"), number words
    ("أربعة", "ثلاثة عشر", "خمسة وعشرون"), vague amounts ("عشرات"), in text order."""
    out: list[NumberMention] = []
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    i = 0
    while i < len(toks):
        s, e, w = toks[i]
        value = None
        used = 0
        gloss = ""
        low = None
        m = re.fullmatch(r"([وب]?)(?:ال)?(\d{1,3}(?:,\d{3})+|\d+)", w)
        if m:
            value = int(m.group(2).replace(",", ""))
            used = 1
            s = s + len(w) - len(m.group(2))
        else:
            words = [t[2] for t in toks[i:i + 4]]
            value, used = parse_int_word(words)
            if value is None:
                bare = w[1:] if w[:1] in "وب" and w[1:] in _VAGUE else w
                if bare in _VAGUE and bare not in ("عدد", "عددا", "عده"):
                    low, gloss = _VAGUE[bare]
                    used = 1
                elif bare in ("عدد", "عددا") and i + 1 < len(toks) and toks[i + 1][2] == "من":
                    low, gloss = _VAGUE[bare]
                    used = 2
        if used:
            e = toks[i + used - 1][1]
            before = text[max(0, s - 30):s]
            after = text[e:e + 20]
            approx = bool(_APPROX_BEFORE.search(before) or _APPROX_AFTER.search(after))
            out.append(NumberMention(s, e, value, value if value is not None else low,
                                     approx or value is None, gloss))
            i += used
        else:
            i += 1
    return out


def number_at(numbers: list[NumberMention], start: int, end: int) -> NumberMention | None:
    """The number mention overlapping ``text[start:end]``, if any."""
    for n in numbers:
        if n.start < end and start < n.end:
            return n
    return None
