"""Paragraphs, sentences and clauses of a normalised report, and which part is the lead.

A news report tells its main incident first (the headline and the lead sentence) and
recounts older incidents further down. Web boilerplate is left out: a line "اقرأ أيضاً:
..." (a link to another story), and everything after "مقالات ذات صلة", "الأكثر قراءة" and
the like. :func:`segment` splits the normalised text into
:class:`Sentence` objects that know their paragraph, whether they are a headline or the
lead, and whether they are Arabic at all (quoted English tweets, bylines and URLs are
kept out of the coding). :func:`clauses` cuts a sentence where a new proposition starts:
a stated reason ("رداً على", "في أعقاب", "عقب", "إثر", "على خلفية"), a contrast
("فيما", "بينما", "في حين") or a semicolon, so that the earlier incident named in a
reason clause is not mixed with the incident of the main clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import arabic_ratio, norm_pattern

__all__ = ["Sentence", "Clause", "segment", "clauses", "REASON_MARKER"]

# a full stop ends a sentence before a space, the end, or an Arabic letter ("الأربعاء.وأشارت":
# a missing space)
# (not the dot of a designation: "إيه.سي-130", coder21)
_SENT_END = re.compile(r"(?<!\d)[.!?؟](?!\d)(?![\u0621-\u064a]{1,4}\s?[-–]\s?\d)(?:[\"')\]]*)(?=\s|$|[\u0621-\u064a])|\n")
_SENT_END_WRAPPED = re.compile(r"(?<!\d)[.!?؟](?!\d)(?:[\"')\]]*)(?=\s|$|[\u0621-\u064a])")
# a stray full stop (a space before it, or none after it) before a conjoined item of a list
# ("... بالصواريخ والطائرات المسيرة . وثلاث قواعد ...، وقاعدة المطار\".وقاعدة أربيل"):
# the list goes on, the sentence does not end
_STRAY_STOP_BEFORE = re.compile(r"\s$")
_LIST_ITEM_AFTER = re.compile(norm_pattern(
    r"^[\"')\]]*\s*و(?:ال)?(?:قاعدة|قاعدتي|قواعد|مطار|معسكر|حقل|حقلي|موقع|مواقع|مقر|مقرات|منشأة|منشآت|"
    r"ثلاث|ثلاثة|أربع|أربعة|خمس|خمسة|اثنتين|اثنين|\d+\s+(?:قواعد|مواقع))(?![\w])"))
# a line that ends with a word no sentence ends with (a preposition, a conjunction, a
# relative pronoun): the line was wrapped inside a sentence
_OPEN_END = re.compile(norm_pattern(r"(?<![\w])(?:في|من|على|إلى|عن|أن|إن|مع|قرب|بين|الذي|التي|"
                                    r"و|بعد|قبل|خلال|ضد|حول|نحو|لدى)\s*$"))
_CLOSED_END = re.compile(r"[.!?؟:»\"”)\]]\s*$")
#: Markers that open a clause naming an earlier event as the reason or time frame.
REASON_MARKER = norm_pattern(
    r"رد[اًّ]?\s+على|ردًا\s+على|ردا\s+على|رداً\s+على|"
    # "والتي تعد الرد الأولي للولايات المتحدة على هجوم الطائرة ...": the answered attack
    # after the response noun and its words (coder19)
    r"(?:ال)?رد\s+(?:\S+\s+){1,4}?على(?=\s+(?:ال)?(?:هجوم|هجمات|قصف|ضربة|استهداف|اعتداء)(?![\w]))|انتقاما\s+(?:ل|من)|ثأرا\s+(?:ل|من)|"
    # "انتقاماً لمقتل": the "لـ" written on the noun
    r"(?:انتقاما|ثأرا)(?=\s+(?:ل|لل)[\u0621-\u064a])|"
    # "في أول عملية تعقب الغارات الأميركية على مراكزها ...، أعلنت": "that follows" an attack
    r"(?:تعقب|يعقب|تلت|تلا|أعقبت|أعقب)(?=\s+(?:ال)?(?:هجوم|هجمات|ضربة|ضربات|غارة|غارات|قصف)"
    r"(?![\w]))|"
    # "احتجاجا على الغارات الأميركية", "تنديدا بالقصف": the protest's cause, told before (coder22)
    r"(?:احتجاجا|احتجاجاً|تنديدا|تنديداً)(?=\s+(?:على\s+|ب)(?:ال)?(?:هجوم|هجمات|قصف|ضربة|ضربات|"
    r"غارة|غارات|استهداف|اعتداء|اعتداءات)(?![\w]))|"
    r"في\s+أعقاب|وذلك\s+في\s+أعقاب|عقب|إثر|على\s+إثر|في\s+إثر|على\s+خلفية|بعد\s+أن|بعدما|"
    r"تزامنا\s+مع|بالتزامن\s+مع|في\s+أعقاب|"
    # "وتهدف هذه الضربات إلى الدفاع عن القوات ... من هجمات مثل تلك التي وقعت في 15 آب":
    # the attacks a strike defends against are another event
    r"(?:تهدف|يهدف|بهدف)(?=\s+(?:\S+\s+){0,3}?(?:إلى|الى)\s+(?:ال)?(?:دفاع|حماية|ردع|منع))|"
    # ("بعد أقل من 24 ساعة من إسقاط طائرتين ...": a span of hours, then the earlier event)
    r"(?:بعد|قبل)\s+(?:\S+\s+){0,2}?من(?=\s+(?:ال)?(?:هجوم|هجمات|قصف|ضربة|ضربات|غارة|غارات|استهداف"
    r"|اعتداء|"
    r"سقوط|إطلاق))|"
    # "قصفت مواقع انطلق منها هجوم صاروخي على قاعدة ...": the attack the struck places were
    # the launch sites of is the event answered (coder21)
    r"(?:التي\s+|الذي\s+)?(?:انطلق|انطلقت|أطلق|أطلقت)\s+(?:منها|منه|منهما)(?=\s+(?:\S+\s+)?(?:ال)?"
    r"(?:هجوم|هجمات|هجومان|صواريخ|صاروخ|قذائف|مسيرة|مسيرات|طائرات|طائرة)(?![\w]))|"
    r"(?:بعد|قبل)\s+(?:أقل|أكثر|نحو|حوالي)\s+(?:من\s+)?(?:\S+\s+)?(?:ساعة|ساعات|ساعتين|يوم|أيام|"
    r"يومين|أسبوع|أسبوعين)\s+من"
    r"(?=\s+(?:ال)?(?:هجوم|هجمات|قصف|ضربة|ضربات|غارة|غارات|استهداف|اعتداء|سقوط|إطلاق|إسقاط))|"
    # "أتت الغارات بعد هجومين على قاعدتي ...": "after" right before an attack noun
    # (also a verbal noun of the fire: "بعد سقوط صاروخ قربها", "بعد إطلاق صواريخ", "بعد القصف";
    # not "بعد قصف إسرائيلي ...", where the whole sentence is judged for its scope)
    r"بعد(?=\s+(?:ال)?(?:هجوم|هجومين|هجمات|هجمتين|ضربة|ضربات|غارة|غارات|استهداف|اعتداء|سقوط|"
    r"إطلاق|اطلاق|تفجير|قصف(?!\s+(?:ال)?(?:إسرائيلي|تركي|روسي|أردني|سوري)))(?![\w]))|"
    # "في حادثة تعيد للأذهان الهجوم الذي استهدف القاعدة في ديسمبر", "يذكّر بهجوم": a
    # reminder of an earlier event (its date and place are that event's)
    r"(?:في\s+)?(?:(?:ال)?(?:حادثة|حادث|خطوة|هجوم|واقعة)\s+)?(?:تعيد|يعيد|أعادت|أعاد|اعادت|اعاد)\s+"
    r"(?:إلى\s+|الى\s+|ل|لل)?(?:ال)?(?:أذهان|اذهان|ذاكرة|ذكرى)|"
    r"(?:تذكر|يذكر|تذكّر|يذكّر|ذكّرت|ذكرت|ذكّر)(?=\s*ب(?:ال)?(?:هجوم|هجمات|قصف|استهداف|ضربة|غارة|"
    r"حادثة|اعتداء))|"
    # "سبقه هجوم مماثل استهدف القاعدة أول أمس", "وسبق ذلك قصف ...": what preceded it
    r"(?:سبقه|سبقها|سبقته|سبقتها|وسبقه|وسبقها|وسبقته|وسبقتها|وسبق\s+ذلك|سبق\s+ذلك)(?=\s+(?:\S+\s+){0,2}?"
    r"(?:ال)?(?:هجوم|هجمات|قصف|استهداف|ضربة|غارة|سقوط|إطلاق|اعتداء|هجومان))")
_BOILERPLATE = re.compile(norm_pattern(
    r"^\W*(?:(?P<block>مقالات\s+ذات\s+صلة|مواضيع\s+ذات\s+صلة|أخبار\s+ذات\s+صلة|الأكثر\s+قراءة|"
    r"الأكثر\s+مشاهدة|اقرأ\s+المزيد|المزيد\s+من\s+الأخبار|تابعونا\s+على|اشترك\s+في)|"
    r"اقرأ\s+أيضا|اقرأ\s+ايضا|شاهد\s+أيضا|شاهد\s+ايضا|طالع\s+أيضا|إقرأ\s+أيضا|للمزيد)"))
_CONTRAST = norm_pattern(r"فيما|بينما|في\s+حين|في\s+وقت\s+(?!سابق|لاحق)|لكن|لكنه|لكنها|لكنهم|"
                         r"إلا\s+أن|غير\s+أن")
_CLAUSE_SPLIT = re.compile(r"(?<![\w])(?:[وف]?(?P<reason>" + REASON_MARKER + r")|(?P<contrast>[و]?(?:"
                           + _CONTRAST + r")))(?![\w])|(?P<semi>[;؛])|(?<=[،,])\s*(?P<also>"
                           + norm_pattern(r"كما|وكما") + r")(?![\w])"
                           # "قال إن ...، وأن القصف نفذ بواسطة ...": a second reported clause
                           r"|(?<=[،,])\s*(?P<that>" + norm_pattern(r"وأن|وإن|وأنه|وإنه|وأنها|وإنها|"
                           # "...، مضيفةً أن طائرة حربية أميركية قصفت ...": a participle of
                           # saying and "that" open another reported act, a subject and its
                           # strike verb (not "these attacks": "موضحاً أن هذه الهجمات نفذت
                           # بمسيرات"; not a description: "مضيفا أن السيارة كان يستقلها قيادي")
                           r"(?:مضيفا|مضيفة|مضيفاً|مضيفةً|موضحا|موضحة|مشيرا|مشيرة|لافتا|لافتة)"
                           r"\s+(?:أن|إن|بأن)(?=\s+(?!هذه|هذا|تلك|ذلك|هذين|هاتين)(?:\S+\s+){1,4}?"
                           r"(?:قصفت|قصف|استهدفت|استهدف|هاجمت|هاجم|شنت|شن|نفذت|نفذ|أطلقت|أطلق|"
                           r"ضربت|ضرب)(?![\w]))|"
                           # "...، وهو المسؤول عن التخطيط لكمين ...": a description of the
                           # person struck, not the clause's act
                           r"(?:وهو|وهي)(?=\s+(?:ال)?(?:مسؤول|مسؤولة|متهم|متهمة|العقل\s+المدبر)"
                           r"(?![\w]))") + r")(?![\w])"
                           # "...، وكانت القاعدة قد تعرضت لهجوم مطلع الشهر": the pluperfect
                           # opens a proposition of its own (an earlier event)
                           r"|(?<=[،,])\s*(?P<plup>" + norm_pattern(r"وكان|وكانت|وكانوا")
                           + r")(?=\s+(?:\S+\s+){0,4}?" + norm_pattern(r"قد") + r"\s"
                           # "...، وكان آخر هجوم على القاعدة في 3 آذار": the last one before
                           + r"|\s+" + norm_pattern(r"(?:آخر|أحدث)\s+(?:هجوم|اعتداء|استهداف|قصف|"
                                                     r"ضربة|غارة|هجمة)") + r"(?![\w])"
                           # "...، وكانت القاعدة تعرضت الخميس الماضي لهجوم": without "قد"
                           + r"|\s+(?:\S+\s+){0,3}?" + norm_pattern(
                               r"(?:تعرضت|تعرض|استهدفت|استهدف|سقطت|سقط|شهدت|شهد|قصفت|قصف|هاجمت|"
                               r"هاجم|استهدفتها|استهدفها)") + r"(?![\w]))"
                           # "...، إذ سقط صاروخ قربها الخميس الماضي": "as" and a verb of fire
                           r"|(?<=[،,])\s*(?P<as>" + norm_pattern(r"إذ|اذ") + r")(?=\s+" + norm_pattern(
                               r"(?:سقط|سقطت|تعرضت|تعرض|استهدف|استهدفت|استهدفتها|استهدفها|أطلق|أطلقت|"
                               r"قصفت|قصف|هاجمت|هاجم|"
                               # "...، إذ أصيب سبعة جنود الاثنين الماضي عندما أطلق صاروخان"
                               r"أصيب|أصيبت|أصيبوا|قتل|قتلت|قتلوا|جرح|جرحوا)") + r"(?![\w]))"
                           # "تعرضت قاعدة التنف لهجوم في 18 تشرين الأول، ثم تعرضت قاعدة عين
                           # الأسد لهجوم آخر في 20 منه": "then" and a verb: the next event
                           r"|(?<=[،,])\s*(?P<then>" + norm_pattern(r"ثم|وبعدها|وبعد\s+ذلك")
                           # ("وبعد ذلك بثلاثة أيام قصفت": a span between, coder21)
                           + r")(?=\s+" + norm_pattern(r"(?:ب\S+\s+(?:(?:أيام|ايام|ساعات)\s+)?)?"
                                                      r"(?:تعرضت|تعرض|استهدفت|استهدف|سقطت|سقط|"
                                                      r"هاجمت|هاجم|قصفت|قصف|شنت|شن|أطلقت|أطلق)")
                           + r"(?![\w]))"
                           # "انتقاماً لمقتل سليماني، موضحة أن الهجوم تم بصواريخ": a participle
                           # of saying ends a reason clause (see clauses)
                           r"|(?<=[،,])\s*(?P<said>" + norm_pattern(
                               r"(?:موضحا|موضحة|مضيفا|مضيفة|مشيرا|مشيرة|مؤكدا|مؤكدة|لافتا|لافتة)"
                               r"\s+(?:إلى\s+)?(?:أن|أنه|أنها|ان)") + r")(?![\w])"
                           # "قتل 3 جنود أمريكيين في الأردن الأحد، وشنت الولايات المتحدة
                           # غارات ...": a strike verb after a comma with a subject of its own
                           # opens a proposition of its own (the other side's act)
                           r"|(?<=[،,])\s*(?P<andverb>" + norm_pattern(
                               r"و(?:شنت|شن|نفذت|نفذ|قصفت|قصف|ردت|رد|أغارت|هاجمت|استهدفت)")
                           + r")(?=\s+" + norm_pattern(
                               r"(?:ال)?(?:الولايات|القوات|قوات|طائرات|مقاتلات|واشنطن|الجيش|"
                               r"التحالف|الفصائل|فصائل|المقاومة|كتائب|حركة|إيران|طهران)") + r"(?![\w]))"
                           # the other side's answer with a subject of its own (coder21):
                           # "ما دفع القوات الأمريكية للرد بمروحيات"، "وإن طائرة حربية أمريكية
                           # ردت"، "وردت القوات الأمريكية بقصف مدفعي"
                           r"|(?<![\w])(?P<reply>" + norm_pattern(
                               r"(?:(?:[وف]?(?:هو\s+)?(?:ما|مما)|هذا|ذلك)\s+(?:دفع|استدعى|دعا))"
                               r"(?=\s+(?:\S+\s+){0,3}?(?:لل|إلى\s+ال|الى\s+ال)رد(?![\w]))|"
                               r"و(?:إن|أن)(?=\s+(?:\S+\s+){1,8}?(?:ردت|رد|ردوا|ردتا)(?![\w]))|"
                               r"[وف](?:ردت|رد|ردوا)(?=\s+(?:ال)?(?:الولايات|القوات|قوات|طائرات|"
                               r"طائرة|مروحيات|مقاتلات|واشنطن|الجيش|التحالف)(?![\w]))") + r")(?![\w])"
                           # "منذ مقتل قائد ... بغارة أمريكية في الثالث من يناير": a "since"
                           # phrase that tells one dated killing or strike of its own
                           r"|(?<![\w])(?P<since>" + norm_pattern(
                               r"[وف]?منذ(?=\s+(?:(?:بدء|بداية|اندلاع)\s+)?(?:ال)?(?:مقتل|قتل|اغتيال|تصفية|ضربة|"
                               r"غارة|هجوم|هجمات|ضربات|غارات|"
                               # "منذ استهدافها بثلاثين صاروخاً في 27 ديسمبر"
                               r"(?:استهداف|قصف|ضرب)(?:ها|ه|هما|هم)?)"
                               r"(?![\w]))") + r")")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the normalised text.

    ``para`` is the paragraph number (0-based), ``index`` the sentence number,
    ``title`` marks a headline (a short line without final punctuation, or one repeated
    verbatim), ``lead`` the first sentence of the first body paragraph, ``arabic``
    whether the sentence is mainly Arabic.
    """

    start: int
    end: int
    para: int
    index: int
    title: bool
    lead: bool
    arabic: bool


@dataclass(frozen=True)
class Clause:
    """A clause of a sentence; ``kind`` is ``"main"``, ``"reason"``, ``"contrast"``,
    ``"also"`` (a new proposition after "، كما") or ``"since"`` (a "since" phrase that
    tells one killing or strike: "منذ مقتل ...")."""

    start: int
    end: int
    kind: str


def segment(text: str) -> list[Sentence]:
    """Split normalised ``text`` into sentences (see :class:`Sentence`)."""
    paras = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if line.strip():
            paras.append((s, e))
    paras = _unwrap(text, paras)
    seen_lines: set[str] = set()
    out: list[Sentence] = []
    lead_done = False
    idx = 0
    tail = False                      # after "مقالات ذات صلة" ...: links, not the report
    for p_i, (ps, pe) in enumerate(paras):
        line = text[ps:pe].strip()
        words = line.split()
        boiler = _BOILERPLATE.match(line)
        if boiler and boiler.group("block"):
            tail = True
        repeated = line in seen_lines or tail or bool(boiler)
        seen_lines.add(line)
        title = (not lead_done and (repeated or (len(words) <= 16
                                                 and not re.search(r"[.!?؟:]\s*$", line))))
        pieces = []
        last = ps
        for m in (_SENT_END_WRAPPED if "\n" in text[ps:pe] else _SENT_END).finditer(text, ps, pe):
            if _stray_stop_in_list(text, m, ps):
                continue
            pieces.append((last, m.end()))
            last = m.end()
        if last < pe:
            pieces.append((last, pe))
        for s, e in pieces:
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e <= s:
                continue
            chunk = text[s:e]
            arabic = arabic_ratio(chunk) >= 0.5 and len(re.findall(r"[\u0621-\u064a]+", chunk)) >= 1
            if repeated:
                arabic = False               # a repeated headline adds nothing
            lead = False
            # "بغداد- سبأ:", "بغداد – المساء برس|": a dateline line (a place and an agency)
            # is not the lead; the first sentence after it is
            dateline = len(pieces) == 1 and len(words) <= 4 and bool(
                re.search(r"[:|\-–]\s*$", line))
            if arabic and not title and not lead_done and not dateline:
                lead, lead_done = True, True
            out.append(Sentence(s, e, p_i, idx, title and arabic, lead, arabic))
            idx += 1
    return out


def _stray_stop_in_list(text: str, m: re.Match, ps: int) -> bool:
    """A full stop typed apart from its words (a space before it, or no space after it)
    right before a conjoined list item ("و" + a facility noun or a number) continues
    the list; a regular stop (". وقاعدة ...") still ends the sentence."""
    if m.group(0) == "\n" or m.group(0)[0] != ".":
        return False
    after = text[m.end():m.end() + 40]
    irregular = (m.start() > ps and _STRAY_STOP_BEFORE.search(text, ps, m.start())) \
        or (after[:1] and not after[:1].isspace())
    return bool(irregular and _LIST_ITEM_AFTER.match(after.lstrip(" ") if after[:1] == " " else after))


#: a comma, then an attack verb in the past (with "و"/"ف"): the main clause starts there
_COMMA_THEN_ATTACK_VERB = re.compile(r"[،,]\s*(?=" + norm_pattern(
    r"[وف]?(?:هاجم|هاجمت|هاجمتا|هاجموا|استهدف|استهدفت|استهدفتا|استهدفوا|استهدفنا|قصف|قصفت|قصفوا|"
    r"قصفنا|ضربت|ضربوا|ضربنا|شن|شنت|شنوا|شننا|نفذ|نفذت|نفذوا|نفذنا|دك|دكت|دكوا|أطلق|أطلقت|"
    r"أطلقوا|أطلقنا|هاجمنا|أغارت|"
    # "...، أعلنت المقاومة الإسلامية اليوم السبت استهداف قاعدة حرير": a claim of its act
    r"(?:أعلن|أعلنت|أعلنوا|تبنت|تبنى)(?=\s+(?:\S+\s+){0,8}?(?:استهداف|مسؤوليتها|مسؤوليته|"
    r"قصف|مهاجمة)))") + r"(?![\w]))")


def _reason_ends_before_verb(text: str, sent, cuts: list) -> list:
    """"استمراراً لنهجنا ...، ورداً على مجازر الاحتلال ...، هاجم مجاهدونا ...": a reason
    clause ends at a comma followed by an attack verb, which opens the main clause (also
    where the reason does not open the sentence)."""
    out = []
    for i, (pos, kind) in enumerate(cuts):
        out.append((pos, kind))
        if kind != "reason":
            continue
        end = cuts[i + 1][0] if i + 1 < len(cuts) else sent.end
        if any(p > pos and p < end and k == "main" for p, k in cuts):
            continue                   # already closed at its comma
        m = _COMMA_THEN_ATTACK_VERB.search(text, pos, end)
        if m:
            out.append((m.end(), "main"))
    return out


def _unwrap(text: str, lines: list) -> list:
    """Lines of a hard-wrapped text joined into paragraphs. A text is hard-wrapped when at
    least two of its lines end with a word no sentence ends with ("... بالقرب من بلدة" /
    "البوكمال ...", "وأوضح المسؤول في" / "حرس الحدود"); then every line that does not
    end with a full stop (or other closing punctuation) continues on the next line."""
    wrapped = sum(1 for s, e in lines[:-1] if _OPEN_END.search(text, s, e))
    if wrapped < 2:
        return lines
    out = []
    for s, e in lines:
        if out and not _CLOSED_END.search(text, out[-1][0], out[-1][1]):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


#: "ويأتي الهجوم بعد إسقاط ...", "وتأتي التقارير عن هجوم بعد استهداف ...": "comes after" and
#: an event noun (not a span of time: "بعد ساعات من" is the same day, told elsewhere)
_COMES_AFTER_EVENT = re.compile(norm_pattern(
    r"(?<![\w])[وف]?(?:يأتي|تأتي|جاء|جاءت)\s+(?:[^\s.،,؛]+\s+){0,6}?(?P<after>بعد)\s+"
    r"(?!(?:أن|ما|ذلك|أيام|يوم|يومين|ساعات|ساعة|ساعتين|أسبوع|أسبوعين|أسابيع|شهر|شهرين|أشهر|"
    r"أقل|أكثر|نحو|قرابة|حوالي|بضعة|بضع|عدة|ب)(?![\w]))"))


def clauses(text: str, sent: Sentence) -> list[Clause]:
    """Cut a sentence into clauses at reason, contrast and semicolon markers and at
    "، كما" ("..., and also ...")."""
    cuts = []
    for m in _CLAUSE_SPLIT.finditer(text, sent.start, sent.end):
        kind = ("reason" if m.group("reason") else "contrast" if m.group("contrast")
                else "also" if m.group("also") else "since" if m.group("since") else "main")
        if m.group("said") and not (cuts and cuts[-1][1] == "reason"):
            continue                       # the participle continues a main clause
        cuts.append((m.start(), kind))
    for m in _COMES_AFTER_EVENT.finditer(text, sent.start, sent.end):
        # "وتأتي التقارير عن هجوم صاروخي بعد إسقاط طائرتين يوم الثلاثاء ...": what it comes
        # after is an earlier event, a clause of its own
        if not any(m.start("after") - 3 <= c <= m.start("after") + 3 for c, _ in cuts):
            cuts.append((m.start("after"), "reason"))
    cuts.sort()
    if cuts and cuts[0][1] == "reason" and not text[sent.start:cuts[0][0]].strip(" \tو"):
        # "عقب هجوم على ...، شنت طائرات ...": a reason opening the sentence ends at its comma
        m = re.compile(r"[،,]").search(text, cuts[0][0], cuts[1][0] if len(cuts) > 1 else sent.end)
        if m:
            cuts.insert(1, (m.end(), "main"))
    cuts = _reason_ends_before_verb(text, sent, cuts)
    out = []
    last, kind = sent.start, "main"
    for pos, k in cuts:
        if pos > last:
            out.append(Clause(last, pos, kind))
        last, kind = pos, k
    if sent.end > last:
        out.append(Clause(last, sent.end, kind))
    return out
