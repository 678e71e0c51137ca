"""Field rules of the coder (issue 14, session 7): which weapon class a draft takes when
its clauses name more than one. One rule per construction class:

* **weapons of one attack told in different clauses** (:func:`mixed_across_clauses`): an
  attack told with rockets in one clause and with drones in another ("تعرضت القاعدة لقصف
  صاروخي ...، وأسقطت الدفاعات طائرة مسيرة فوقها"; "سقطت صواريخ على الحقل. وهاجم سرب من
  المسيرات الحقل") is one ``mixed`` incident; the platform that fires the missiles
  ("أطلقت طائرة مسيرة صاروخين"), an air-defence system ("منظومة سي رام الصاروخية"), a
  clause that refers back ("على إثر الهجوم الصاروخي"), attacks in general ("تستهدف
  المقاومة القواعد بالطائرات المسيرة والصواريخ"), an earlier attack a clause is dated
  after ("بعد أيام من إعلان استهداف القاعدة بالصواريخ") and a list of several targets
  ("ثلاث قواعد", whose incidents the codebook leaves as told) are no second weapon; a
  generic missile word beside a specific missile ("القصف الصاروخي" and "صواريخ باليستية")
  is one kind, the specific one;
* **a drone's own munitions** (:func:`munitions_of_a_drone`): "طائرة مسيرة محملة
  بالصواريخ", "مسيرة مفخخة مزودة بقذائف", "أطلقت طائرة مسيرة صاروخين": the drone is the
  weapon, the rockets or shells it carries are not a second one, and the missiles another
  clause of the attack names are its own (:func:`firing_drone`: the incident is a drone
  attack);
* **the platform of another round** (:func:`platform_of_another_round`): a US strike told
  as one strike ("بقصف صاروخي أميركي قرب المطار") keeps its own weapon when a later
  sentence tells raids by a stated platform ("وأن طائرات مروحية نفذت غارات في محيط
  المطار"): those raids are another round of the same night, not the strike's platform.
  A continuation that refers back ("وأوضح أن القصف نفذ بواسطة طائرات مسيرة") or the same
  sentence still gives the strike its platform.

* **casualties told before their cause** (:func:`casualties_before_their_cause`):
  "أصيب أربعة جنود أمريكيين بجروح إثر هجوم صاروخي على قاعدة ...": the figures of a clause
  without an attack word belong to the attack of the clause that follows at once with
  "إثر/عقب/جراء/بسبب/نتيجة".

The extractor's draft stage (:func:`analysis.coding.drafts._weapon`) and its clustering
stage (:func:`analysis.coding.extract.cluster_frames`) call them.
"""

from __future__ import annotations

import re

from .normalize import norm_pattern, compile_pattern as _p

__all__ = ["several_targets", "mixed_across_clauses", "platform_of_another_round", "attack_count",
           "items_of_the_lead_round", "share_of_facilities",
           "munitions_of_a_drone", "firing_drone", "casualties_before_their_cause", "MIXABLE"]


#: attack weapons whose naming together makes an incident ``mixed``
MIXABLE = frozenset({"drone", "rocket", "ballistic_missile", "cruise_missile", "mortar"})

_N = (r"(?:\d+|اثنين|اثنتين|ثلاث|ثلاثة|أربع|أربعة|اربع|اربعة|خمس|خمسة|ست|ستة|سبع|سبعة|"
      r"ثماني|ثمانية|ثمان|تسع|تسعة|عشر|عشرة|عدة|عدد\s+من|جملة\s+من|سلسلة\s+من)")
_PLURAL_TARGETS = (r"(?:ال)?(?:قواعد|مواقع|مقرات|مقار|منشآت|أهداف|اهداف|معسكرات|تجمعات|نقاط|"
                   r"مراكز|حقول|مطارات|أرتال|ارتال|قوافل)")
_DUAL_TARGETS = r"(?:ال)?(?:قاعدتي|قاعدتين|موقعين|موقعي|مقرين|مقري|حقلي|حقلين|منشأتين|منشأتي|مطاري|هدفين)"
#: "ثلاث قواعد", "عدة مواقع", "قاعدتي عين الأسد وحرير", "4 أهداف": several targets named
_SEVERAL = _p(r"(?<![\w])(?:" + _N + r"\s+" + _PLURAL_TARGETS + r"|[وفبل]?" + _DUAL_TARGETS
              + r")(?![\w])")


def several_targets(ex, f, plan=None) -> bool:
    """Whether the clause ``f`` aims its weapons at several targets: a count or a dual of
    facilities ("ثلاث قواعد", "عدة مواقع", "قاعدتي ..."), or two or more of the incident's
    sites named in it ("قاعدة خرب الجير، وقاعدة أربيل")."""
    if _SEVERAL.search(ex.doc.text, f.start, f.end):
        return True
    return plan is not None and len(plan.frame_units(f)) >= 2


#: a weapon word that names an air-defence system, not an attack's weapon
_DEFENCE_BEFORE = _p(r"(?<![\w])(?:منظومة|منظومات|دفاعات|الدفاعات|دفاع|الدفاع|مضادات|المضادات|"
                     r"بطاريات|بطارية|سي\s*رام|سيرام)(?:\s+\S+){0,3}\s*$")
#: "بعد أيام من إعلان استهداف القاعدة بالصواريخ": a weapon of the earlier event a clause
#: is dated after (within the stretch, no comma between)
_AFTER_EVENT = _p(r"(?<![\w])(?:بعد|قبل|عقب|إثر|اثر)\s+(?:\S+\s+){0,3}?(?:من|على|علي)(?![\w])[^،,.؛;]*$")
#: "طائرة مسيرة أطلقت صاروخين", "مسيرة محملة بالصواريخ": the drone's own munitions
_PLATFORM_FIRES = _p(r"(?<![\w])(?:أطلقت|اطلقت|أطلق|تطلق|محملة|محمّلة|مزودة|مجهزة)(?:\s+\S+){0,2}\s*$")


#: "منظومة مضادة للطائرات المسيرة": a counter-drone system
_COUNTER_BEFORE = _p(r"(?<![\w])(?:ال)?(?:مضادة|مضاد|مضادات)\s+[ول]*(?:ال)?$")


def _attack_weapon(ex, f, w) -> bool:
    """A weapon word names the attack's weapon, not an air-defence system: "منظومة سي رام
    الصاروخية", "بطاريات صواريخ باتريوت", "منظومة مضادة للطائرات المسيرة". A drone the
    defences shot down ("أسقطت الدفاعات الجوية طائرة مسيرة") is the attack's."""
    t = ex.doc.text
    if w.key == "drone":
        return not _COUNTER_BEFORE.search(t, max(f.start, w.start - 20), w.start)
    return not _DEFENCE_BEFORE.search(t, max(f.start, w.start - 40), w.start)


#: the definite shells ("القذائف", "والقذيفة"): the munitions told before, not a weapon of
#: their own
_THE_SHELLS = re.compile(norm_pattern(r"[وفبل]{0,2}ال(?:قذائف|قذيفة|قذيفتان|قذيفتين)"))


def mixed_across_clauses(ex, frames, kept) -> tuple | None:
    """Two attack weapons of different kinds among the clauses of one (non-US) incident,
    each named for the attack in a stretch of its own: returns the two mentions
    ``(first, second)``, else None. ``kept`` maps a frame to the weapon mentions the
    draft stage kept for this incident's site (the US aircraft and the answered attacks
    already dropped). Not when the second kind is the munition of the first's platform
    ("أطلقت طائرة مسيرة صاروخين", "طائرة مسيرة محملة بالصواريخ"), nor an air-defence
    system, nor when a clause names the weapons for several targets."""
    t = ex.doc.text
    if firing_drone(ex, frames, kept) is not None:
        return None     # a drone told firing missiles: the missiles told elsewhere are its
    seen = []
    for f in frames:
        if f.anaphoric or f.plural or f.generic:
            continue
        for w in kept.get(id(f), ()):
            if w.key not in MIXABLE or not _attack_weapon(ex, f, w) \
                    or _AFTER_EVENT.search(t, f.start, w.start):
                continue
            seen.append((f, w))
    if not any(w.key == "drone" for _, w in seen) or all(w.key == "drone" for _, w in seen):
        return None
    seen.sort(key=lambda x: x[1].start)
    for i, (fa, a) in enumerate(seen):
        for fb, b in seen[i + 1:]:
            if a.key == b.key or "drone" not in (a.key, b.key):
                continue    # the missile kinds among themselves: the specific one wins
            if fa is fb:
                gap = t[a.end:b.start]
                # the same stretch: a platform and its munitions, or one phrase (the
                # adjacent-pair rule handles "بالصواريخ والطائرات المسيرة")
                if not re.search(r"[،,.؛;]", gap):
                    continue
            if _PLATFORM_FIRES.search(t, max(0, b.start - 25), b.start) and a.key == "drone":
                continue
            if a.key == "drone" and _THE_SHELLS.fullmatch(t[b.start:b.end].strip()):
                continue    # "القذائف أصابت محيط المطار" after drones: their munitions (coder19)
            if several_targets(ex, fa) or several_targets(ex, fb):
                continue
            return a, b
    return None


def platform_of_another_round(inc, f) -> bool:
    """"بقصف صاروخي أميركي قرب مطار بغداد" ... "وأن طائرات مروحية أميركية نفذت غارات في محيط
    مطار بغداد": a clause that tells plural raids by a platform, in a later sentence than
    the incident's first clause, when that first clause tells one strike with a weapon word
    of its own, is another round, not the strike's platform. A continuation that refers
    back (an anaphoric clause) or a clause of the first sentence is the strike's."""
    first = min(inc.frames, key=lambda x: x.order)
    if f is first or f.anaphoric or not f.plural or f.sent is first.sent \
            or f.sent.start <= first.sent.start:
        return False
    return not first.plural and any(
        w.info.get("us_weapon") for w in first.mentions.get("weapon", ()))


#: "محملة بـ", "مزودة بـ", "أطلقت ... " right after a drone: what the drone carried or fired
_CARRIED_AFTER_DRONE = _p(r"^\s*(?:\S+\s+){0,2}?(?:محملة|محمّلة|محمله|مزودة|مزوده|مجهزة|"
                          r"مجهزه|تحمل|يحمل|أطلقت|اطلقت|تطلق|"
                          # the drone as the subject of the attack, the missiles its means:
                          # "طائرة مسيرة مجهولة استهدفت بعدة صواريخ مقر القاعدة"
                          r"استهدفت|قصفت|ضربت|هاجمت|رمت|ألقت|القت)"
                          r"\s+(?:\S+\s+){0,3}?(?:ب\S*\s+)?[ب]?$")


#: "أطلقت طائرة مسيرة صاروخين": the drone is the subject of the firing verb
_FIRED_BY_BEFORE = _p(r"(?<![\w])[وف]?(?:أطلقت|اطلقت|تطلق|أطلقتا|ألقت|القت|تلقي)\s+(?:ال)?$")


def munitions_of_a_drone(ex, ws) -> list:
    """The weapon mentions of a clause without the munitions a drone carried or fired:
    "استهدفت طائرة مسيرة محملة بالصواريخ قاعدة ..." is a drone attack (the drone named just
    before "محملة/مزودة بـ" or "أطلقت"); "أطلقت طائرة مسيرة صاروخين على القاعدة" and "طائرة
    مسيرة استهدفت بعدة صواريخ مقر القاعدة" (the drone the subject, the missiles its means)
    likewise.
    Rockets named for the attack itself ("بالصواريخ والطائرات المسيرة") stay."""
    t = ex.doc.text
    drones = [w for w in ws if w.key == "drone"]
    out = []
    for w in ws:
        if w.key != "drone" and w.key in MIXABLE and any(
                d.end <= w.start and w.start - d.end <= 40
                and not re.search(r"[،,.؛;:]", t[d.end:w.start])
                and (_CARRIED_AFTER_DRONE.search(t[d.end:w.start])
                     or (_FIRED_BY_BEFORE.search(t, max(0, d.start - 14), d.start)
                         and len(t[d.end:w.start].split()) <= 1)) for d in drones):
            continue
        out.append(w)
    return out


def firing_drone(ex, frames, kept):
    """The drone mention of an incident whose clauses tell a drone carrying or firing the
    missiles ("طائرة مسيرة مجهولة استهدفت بعدة صواريخ مقر القاعدة"), or None: the platform
    is the incident's weapon, also where another clause names only the missiles
    ("استهدفت القاعدة بالصواريخ"). ``kept`` as in :func:`mixed_across_clauses`."""
    for f in frames:
        ws = f.mentions.get("weapon", [])
        own = kept.get(id(f), ())
        left = munitions_of_a_drone(ex, ws)
        if len(left) < len(ws):
            d = next((w for w in left if w.key == "drone" and w in own), None)
            if d is not None:
                return d
    return None


#: "إثر", "على إثر", "عقب", "في أعقاب", "جراء", "بسبب", "نتيجة": the cause follows
_CAUSE_OPENS = _p(r"\s*[وف]?(?:إثر|اثر|على\s+إثر|على\s+اثر|في\s+إثر|عقب|في\s+أعقاب|جراء|من\s+جراء|"
                  r"بسبب|نتيجة|بفعل)(?![\w])")


def casualties_before_their_cause(ex, incidents) -> None:
    """"أصيب أربعة جنود أمريكيين بجروح إثر هجوم صاروخي على قاعدة عين الأسد": a casualty
    figure outside every clause of its sentence, right before a clause of an incident that
    opens with its cause ("إثر", "عقب", "جراء", "بسبب" ...; no comma or full stop between),
    is that incident's figure. Figures before a clause of another kind ("قتل 3 جنود، وردت
    واشنطن بغارات") stay out. Adds the figures to the frames in place."""
    t = ex.doc.text
    frames = [f for inc in incidents for f in inc.frames]
    for c in ex.casualties:
        if any(f.start <= c.start < f.end for f in frames):
            continue
        nxt = min((f for f in frames if f.start >= c.end and f.sent.start <= c.start < f.sent.end),
                  key=lambda f: f.start, default=None)
        if nxt is None or nxt.start - c.end > 60 or re.search(r"[،,.؛;:]", t[c.end:nxt.start]):
            continue
        # the cause word opens the gap or the clause ("بجروح إثر هجوم", "إثر" in the frame)
        gap = t[c.end:nxt.start]
        m = re.search(r"\S+(?:\s+\S+)?\s*$", gap)
        if _CAUSE_OPENS.match(t, nxt.start) or (m and _CAUSE_OPENS.match(gap[m.start():])):
            if c not in nxt.mentions["casualty"]:
                nxt.mentions["casualty"].append(c)


#: the count of an attack told for one place: "هجومين منفصلين", "ثلاث هجمات", "مرتين",
#: "ثلاثة منها استهدفت قاعدة عين الأسد" (of the attacks just counted)
#: (not "هجومين آخرين/سابقين": other attacks; not the definite "الهجومان", which refers
#: back); "قاعدتين", "ثلاث قواعد" for a country's unnamed bases
_ATTACK_COUNT = _p(r"(?<![\w])[وفبل]*(?P<dual>هجومين|هجومان|هجمتين|هجمتان|مرتين|مرتان|"
                   r"قاعدتين|قاعدتان)(?!\s+(?:آخرين|اخرين|آخران|سابقين|أخريين|أخريان|"
                   r"سابقتين))(?![\w])"
                   r"|(?<![\w])(?P<n>\d+|[\u0621-\u064a]+)\s+(?P<noun>هجمات|قواعد|مرات|منها)(?![\w])")


#: the plural counted last before "N منها": attacks, or weapons
_COUNTED_NOUN = _p(r"(?<![\w])(?:\d+|[\u0621-\u064a]+)\s+(?:(?P<att>هجمات|هجوما|عمليات|استهدافات|"
                   r"ضربات|غارات)|صواريخ|صاروخا|قذائف|قذيفة|طائرات|مسيرات|مسيرة)(?![\w])")


def _attacks_counted_before(t, pos) -> bool:
    last = None
    for last in _COUNTED_NOUN.finditer(t, max(0, pos - 250), pos):
        pass
    return last is not None and last.group("att") is not None


def attack_count(ex, inc, frames, plan, unit) -> int | None:
    """``n_attacks`` of an attack or a missile attack (the militia's or Iran's) at one site
    or, with no site, in one country: "تعرضت قاعدة الشدادي إلى هجومين منفصلين خلال ساعات"
    (2), "أطلقت طهران صواريخ على قاعدتين عسكريتين عراقيتين" (a country-level incident: 2).
    Only when the incident has that one unit to draft (a count for several sites is
    theirs together) or the count is a share of attacks counted before, tied to the place
    after it ("6 هجمات ... ثلاثة منها استهدفت قاعدة عين الأسد"), and not for a day of
    coordinated days or another attack ("بعد هجومين آخرين"). Returns None when no count is
    told."""
    from .numbers import CARDINALS
    if any(f.own_day for f in frames):
        return None
    t = ex.doc.text
    for f in frames:
        for m in _ATTACK_COUNT.finditer(t, f.start, f.end):
            word = m.group("dual") or m.group("noun")
            if len(plan.units) != 1 and not (word == "منها"
                                             and plan.unit_after(ex, f, m.end()) is unit):
                continue                    # (a count for several sites is theirs together)
            if word.startswith(("قاعدت", "قواعد")) and not unit.is_country:
                continue                    # bases counted where one site is named
            if word == "منها" and not _attacks_counted_before(t, m.start()):
                continue                    # "بسبعة صواريخ سقط اثنان منها": of the rockets
            if m.group("dual"):
                n = 2
            else:
                w = norm_pattern(m.group("n"))
                n = int(w) if w.isdigit() else CARDINALS.get(w)
                if n is None:
                    continue
            if 1 < n <= 10:
                return n
    return None


def items_of_the_lead_round(incidents, chosen) -> list:
    """``main_or_background`` when no incident is told in the headline or lead (the lead
    announced a round in general, "تعرضت قواتها في العراق وسوريا اليوم الاثنين لهجمات جديدة",
    and the next sentences tell its items): besides the incident chosen as the report's
    main one, every incident of the same side and day whose first clause lies within two
    sentences of the chosen one's is an item of that round, also main."""
    if chosen.date is None:
        return []
    first = min(f.sent.index for f in chosen.frames)
    return [i for i in incidents if i is not chosen and i.side == chosen.side
            and i.date is not None and i.date[:2] == chosen.date[:2]
            and abs(min(f.sent.index for f in i.frames) - first) <= 2]


#: "5 قواعد لحزب الله «3 في الأنبار و2 في سوريا»": a count of the facilities struck at
#: each place (a facility count or a strike count told just before)
_SHARE_OF_FACILITIES = _p(r"(?<![\w])[وف]?(?P<n>\d{1,2})\s+(?:منها\s+)?(?:في|ب)\s*")
_FACILITIES_COUNTED_BEFORE = _p(r"(?<![\w])\d{1,2}\s+(?:قواعد|مواقع|منشآت|أهداف|مقار|مقرات|مخازن|"
                                r"غارات|ضربات|أهداف)(?![\w])")


def share_of_facilities(ex, f, plan, unit) -> int | None:
    """``n_attacks`` of a strike at one of several places when the report splits the
    facilities struck between them ("الغارات الأمريكية على 5 قواعد لحزب الله «3 في الأنبار
    و2 في سوريا»": 3 for Anbar, 2 for Syria); None when it does not."""
    t = ex.doc.text
    for m in _SHARE_OF_FACILITIES.finditer(t, f.start, f.end):
        if not _FACILITIES_COUNTED_BEFORE.search(t, max(f.start, m.start() - 60), m.start()):
            continue
        n = int(m.group("n"))
        if 1 < n <= 30 and plan.unit_after(ex, f, m.end()) is unit:
            return n
    return None
