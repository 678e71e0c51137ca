"""Construction classes of recall and sites (issue 14, coder21): rules of the coder about
constructions that other outlets word differently from the reports the older rules were
written on. Functions of the extractor (``ex``, an ``analysis.coding.extract._Extractor``)
and the frame or mention they judge; the extractor's stages call them.

* :func:`speakers_own_troops`: troops of unstated nationality killed or hurt, announced
  by a US body ("أعلنت القيادة الوسطى الأمريكية مقتل 3 جنود في هجوم"): the speaker's own
  troops, so the US is the side hit.
"""

from __future__ import annotations

import re

from . import cues
from .frames import Ev
from .lexicon import MILITIA, US
from .normalize import norm_pattern

__all__ = ["speakers_own_troops"]


def _p(s: str) -> re.Pattern:
    return re.compile(norm_pattern(s))


#: a saying verb (or "according to") whose subject or source follows: "أعلنت X", "قال X"
_SAY_VERB = _p(r"(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|أفاد|أفادت|أوضح|"
               r"أوضحت|كشف|كشفت|أقر|أقرت|اعترف|اعترفت|أبلغ|أبلغت|بحسب|وفق|وفقا\s+ل|حسب)"
               r"(?![\w])\s*$")
#: "X في بيان"، "X، اليوم،": the words a speaker name may be followed by before the news
_SAY_AFTER = _p(r"^\s*(?:\S+\s+){0,6}?(?:\S+\s+)?")


def speakers_own_troops(ex, fr) -> list:
    """"أعلنت القيادة الوسطى الأمريكية مقتل 3 جنود وإصابة 25 آخرين في هجوم"، "قال البنتاغون
    إن جنديين أصيبا في هجوم": troops of unstated nationality (casualty group ``soldier``)
    whose loss a US body or official announces, in the same sentence and before the
    figure, are the speaker's own: the US is the side hit. Returns the evidence (one
    :class:`Ev` for the militia side per figure)."""
    t = ex.doc.text
    out = []
    soldiers = [c for c in fr.mentions["casualty"] if c.group == "soldier"
                and c.kind not in ("none", "none_killed", "none_wounded")]
    if not soldiers:
        return out
    lo = fr.sent.start
    for c in soldiers:
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
            out.append(Ev("side", MILITIA, c.start, c.end, 0.65,
                          "troops announced killed or hurt by a US speaker: its own"))
            break
    return out


#: "قواعد أمريكية (وقوات التحالف) في X"، "قاعدتين أمريكيتين في X": several bases, then where
_BASES_IN = _p(r"(?<![\w])[وفب]?(?:ال)?(?:قواعد|قاعدتين|قاعدتي|قاعدتان|مواقع|منشآت|مقرات)\s+"
               r"(?:\S+\s+){0,4}?(?:في|فى|ب)\s*[\"«“(]?\s*$")
#: the words between two coordinated places: "X وY", "X، وY" (quotes around X allowed)
_AND_GAP = _p(r"\s*[\"»”)]?\s*[,،]?\s*و\s*$")


def coordinated_base_town(ex, p) -> bool:
    """"قواعد أمريكية في عين الأسد وأربيل"، "قاعدتين في عين الأسد وأربيل": a town coordinated
    with the place several bases are said to be in is the town of one of those bases (a
    place of the attack, as :func:`analysis.coding.sites.unnamed_base_town`), not the
    attackers' area. A single base placed in a governorate and a town ("قاعدة عين الأسد في
    الأنبار وأربيل") gives nothing."""
    t = ex.doc.text
    before = [q for q in ex.places if q.end <= p.start and q is not p]
    if not before:
        return False
    q = max(before, key=lambda q: q.end)
    if not _AND_GAP.match(t, q.end, p.start):
        return False
    q0 = q.start - len(q.info.get("clitic", ""))
    return bool(_BASES_IN.search(t, max(0, q0 - 60), q0))


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
