"""The sites of an incident: which places the report names as where the event happened,
which of them are one site and which are distinct sites (one draft each).

The dataset codes one incident per side, site and local day: a strike round that hits
several facilities is one row per facility, or per town when the sources name only
towns (``data/README.md``). :func:`site_plan` reads the places of an incident's clauses
and groups them so:

1. **Event places.** Every place of the incident's clauses, except a place given as an
   origin or a route ("انطلقت من ...", "أطلقت من ...", "عبر ..."), a place in a
   relative clause describing the place before ("البوكمال، وهي المدينة التي ... معبر
   القائم"; but a US base a town "hosts" is an attack's site: "ناحية البغدادي التي تضم
   قاعدة عين الأسد"), the town a correspondent writes from ("قال مراسلنا في دير الزور إن
   ..."), the governorate or landmark of a town the lexicon lacks ("بلدة الصبيخان بريف دير
   الزور": blank), and, for a US strike, a US-hosted base when other places are named in
   that country (where the aircraft took off).
2. **Relations** between consecutive places of a sentence, from the words between them
   (:func:`_gap_kind`): ``in`` ("X في Y", "X بمدينة Y", "X الجوية في Y", "X، الواقعة في
   Y"), ``near`` ("X قرب Y", "X شرقي Y", "X على أطراف Y", "X، وهي منطقة ... قرب Y"),
   ``and`` ("X وY", "X، Y", "X والشبلي ومحيط Y": coordinated places share the container
   named after them), otherwise none ("X وفي Y", "X ومواقع في Y", "X وأخرى قرب Y" start
   a new place).
   A place across the border that the site is "next to" ("البوكمال السورية المجاورة
   لمنطقة القائم العراقية") and a city that towns are placed from by direction ("قرب
   الأنبار وجرف الصخر جنوبي بغداد") are reference points; a country named only by such a
   reference gives no draft (:meth:`SitePlan.only_reference`).
3. **Units** (one draft each). A place joins its container or landmark unless the
   container is an administrative area (governorate, province, Kurdistan Region), or,
   for ``in``, the container is not larger than the place (facility < district < town <
   city or desert area; then it is a place of its own), or the coordinated places before
   it include two or more towns or facilities (they are distinct sites and the container
   is only context), or the join would put two different facilities (bases, airports,
   crossings, oil fields) into one unit. Places joined through a shared place are one
   unit: districts of a city are the city, localities of one desert area are that area
   (also when the lexicon alone knows the area: ``EXTRA_PLACE_WITHIN``), a base and the
   town it lies near are the base. An administrative area is a unit only when the
   country has no other place. For a militia attack, units without a US-hosted site are
   dropped when a US-hosted site is named in that country (the other places are the
   attackers' area).
4. **Separate strikes.** Clauses told as separate strikes ("الأولى ... والثانية ...",
   "غارة ثانية", "غارة أخرى", and the clause just before such one) do not share a
   container: two localities of one desert hit by two strikes are two units; two strikes
   at the same town are one unit whose ``strikes`` count gives ``n_attacks``.
5. A country with no unit gives one country-level draft (no site).

:class:`SitePlan` also ties a clause, a casualty figure or a facility count to a unit
(:meth:`SitePlan.frame_unit`, :meth:`SitePlan.casualty_unit`, :meth:`SitePlan.unit_after`),
so that figures the report gives for one site go to that site's draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import acting, constructs, cues, scope
from .lexicon import ATTACKING_SIDES, SITE_RANK, STRIKING_SIDES, Mention
from .normalize import norm_pattern, compile_pattern as _p

__all__ = ["Unit", "SitePlan", "site_plan", "FACILITY_KINDS", "is_admin", "level",
           "unnamed_base_town", "placing_clause_sites"]

#: Kinds of place that are facilities (one incident each).
FACILITY_KINDS = {"base", "airport", "embassy", "crossing", "oilfield"}


def is_admin(info: dict) -> bool:
    """An administrative area (governorate, province, autonomous region): a container."""
    kind = info.get("kind")
    if kind == "admin":
        return True
    sid = info.get("site_id") or ""
    return kind == "region" and (sid.endswith("-gov") or "Governorate" in (info.get("name") or ""))


def level(info: dict) -> int:
    """Size of a place: facility 0, district 1, town 2, city or area 3, admin 5."""
    if is_admin(info):
        return 5
    kind = info.get("kind")
    if kind in FACILITY_KINDS:
        return 0
    return {"district": 1, "town": 2, "city": 3, "region": 3}.get(kind, 2)


_PLACE_NOUN = (r"(?:ال)?(?:مدينة|مدينتي|بلدة|بلدتي|قرية|قريتي|قضاء|ناحية|منطقة|منطقتي|مناطق|حي|"
               r"حيي|أحياء|بادية|صحراء|محافظة|ريف|قاعدة|قاعدتي|مطار|حقل|حقلي|معبر|منفذ|مزار|"
               r"مقام|محيط|أطراف|ضواحي|وسط|مركز|العاصمة)")
_IN = r"(?:في|فى|ب|داخل|ضمن)"
_NEAR = (r"(?:قرب|بالقرب\s+من|على\s+مقربة\s+من|قريبا\s+من|(?:ال)?(?:قريب|قريبة|مجاور|مجاورة)\s+(?:من|ل)|(?:في\s+|ب)?محيط|"
         r"(?:ال)?(?:محاذية|محاذي|مقابلة|مقابل|متاخمة|متاخم)\s+ل|(?:في\s+)?(?:قبالة|مقابل)|"
         r"(?:على\s+|في\s+|ب)?(?:أطراف|ضواحي)|"
         r"(?:(?:إلى|في)\s+|ب)?(?:ال)?(?:شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي)"
         r"(?:\s+(?:ال)?(?:شرق|غرب|شرقي|غربي))?(?:\s+من)?|على\s+بعد\s+\S+\s+(?:\S+\s+)?(?:من|عن))")
_APPOSITIVE = (r"(?:و?(?:هي|هو)|الواقعة|الواقع|التي\s+تقع|الذي\s+يقع|وتقع|ويقع|تقع|يقع|"
               r"المحاذية|المحاذي)\s+(?:\S+\s+){0,9}?")
# "X [adjectives] في|قرب Y" (adjectives of a named place are definite: "الجوية")
_CONTAIN = _p(r"^\s*[,،]?\s*(?:" + _APPOSITIVE + r")?(?:ال[^\s,،()]+\s+){0,2}?"
              r"(?P<rel>" + _IN + "|" + _NEAR + r")\s*(?:" + _PLACE_NOUN + r"\s*)?$")
# "X وZ في Y" with Z a word the lexicon does not know (a place it lacks)
_CONTAIN_SIB = _p(r"^\s*و(?P<word>[^\s,،()]+)\s+(?P<rel>" + _IN + "|" + _NEAR + r")\s*(?:"
                  + _PLACE_NOUN + r"\s*)?$")
_NOT_SIBLING_WORD = _p(r"^(?:" + cues.FACILITY + r"|أخرى|آخر|أخريين|غيرها|في|فى|داخل|ضمن|بين|"
                       r"بمحيط|بالقرب|قرب|قربها|على|من|إلى|عن|كذلك|أيضا|ثم)$")
_PLACE_NOUN_RX = _p(r"^" + _PLACE_NOUN + r"$")
_IN_RX = _p(r"^" + _IN + r"$")
_ORIGIN = _p(r"(?:(?<![\w])(?:انطلاقا|انطلقت|انطلق|أطلقت|أطلق|أطلقتا|أطلقا|منطلقة|قادمة|قادما|"
             r"قادمين|القادمة|القادمين|فروا|انسحبوا|نقلوا|نقل)\s+"
             r"(?:\S+\s+){0,3}?من\s+(?:(?:ال)?(?:داخل|منطقة|مناطق|محيط|أراضي|مدينة|بلدة|قرية|"
             r"ريف|جهة|اتجاه|بادية)\s+)?|(?<![\w])مصدرها\s+|من\s+(?:داخل\s+)?(?:ال)?أراضي\s+|"
             r"(?<![\w])(?:عبر|مرورا\s+ب|باتجاه\s+الحدود\s+مع)\s+(?:\S+\s+)?)"
             r"[وفبلك]*(?:ال)?$")
# a relative clause about the place before ("البوكمال، وهي المدينة التي ... عبر معبر القائم")
_RELATIVE = _p(r"^\s*[,،]?\s*(?:و?(?:هي|هو)|التي|الذي|اللذين|اللتين|حيث|المعروفة|المعروف)(?![\w])"
               r"[^,،]*$")


# "التي تضم"، "حيث تقع": a town described as hosting the (US-hosted) place after it
_HOSTS_BASE = _p(r"^\s*[,،]?\s*(?:و?(?:التي|الذي)\s+(?:تضم|يضم|تحتضن|يحتضن|تستضيف|يستضيف|"
                 r"توجد\s+فيها|تقع\s+فيها|يوجد\s+فيه|يقع\s+فيه|توجد\s+بها|يوجد\s+به)|"
                 r"حيث\s+(?:تقع|توجد|يقع|يوجد|تتمركز|تتواجد|تنتشر))\s+(?:\S+\s+){0,3}?$")
_DIRECTION_GAP = _p(r"(?<![\w])(?:ال)?(?:شرق|غرب|شمال|جنوب|شرقي|غربي|شمالي|جنوبي)(?![\w])")


def _gap_kind(gap: str) -> str:
    """How two consecutive places relate, from the words between them: ``in``, ``near``,
    ``and`` or ``none`` (see the module docstring)."""
    # quotation marks or brackets around a name ('قاعدة "حرير" الأمريكية قرب', "قاعدة (كي
    # وان) في كركوك") are not punctuation
    gap = re.sub(r'^(\s*)["»)”]|["«(“](\s*)$', r"\1\2", gap)
    g = gap.strip()
    if not g:
        return "near"                      # two names side by side: one area
    if len(g.split()) > 14 or re.search(r"[;؛.:!?؟()\"]", g):
        return "none"
    toks = [x for x in re.split(r"[\s,،]+", g) if x]
    if not toks:
        return "and"                       # "القائم، عكاشات"
    if toks and (toks[0].startswith("و") or g[0] in ",،") and len(toks) <= 5:
        ok = True
        for x in toks:
            w = x[1:] if x.startswith("و") and x not in ("و",) else x
            if x in ("و", "او"):
                continue
            if _PLACE_NOUN_RX.match(w):
                continue
            if x.startswith("و") and w and not _NOT_SIBLING_WORD.match(w) \
                    and not _PLACE_NOUN_RX.match(w):
                continue                     # "والشبلي": a place the lexicon lacks
            ok = False
            break
        if ok:
            return "and"
    m = _CONTAIN.match(gap)
    if m:
        return "in" if _IN_RX.match(m.group("rel")) else "near"
    m = _CONTAIN_SIB.match(gap)
    if m and not _NOT_SIBLING_WORD.match(m.group("word")) \
            and not _PLACE_NOUN_RX.match(m.group("word")):
        return "in" if _IN_RX.match(m.group("rel")) else "near"
    return "none"


@dataclass
class Unit:
    """One distinct site of an incident (or, with no mentions, a whole country)."""

    uid: int
    country: str | None
    mentions: list = field(default_factory=list)      # event-place mentions of the site
    keys: list = field(default_factory=list)          # place keys, first named first
    landmarks: list = field(default_factory=list)     # places it is only said to be near
    strikes: int = 1                                  # separate strikes told at the site

    @property
    def is_country(self) -> bool:
        return not self.mentions

    def _own(self) -> list:
        return [p for p in self.mentions if not any(p is q for q in self.landmarks)] \
            or self.mentions

    def best(self) -> Mention | None:
        """The most specific gazetteer place (a base over a town over a city over an area;
        administrative areas last; a place the site is only near never)."""
        places = [p for p in self._own() if not is_admin(p.info)] or self._own()
        if not places:
            return None
        return max(places, key=lambda p: (SITE_RANK.get(p.info.get("kind"), 0)
                                          + (3 if p.info.get("site_id") else 0), -p.start))

    def label(self) -> str:
        """A short name telling the site apart: its most specific place named in the text."""
        own = [p for p in self._own() if not p.info.get("implied")] or self._own()
        if not own:
            return self.country or "unknown"
        return max(own, key=lambda p: (not is_admin(p.info),
                                       SITE_RANK.get(p.info.get("kind"), 0), -p.start)
                   ).info["name"]

    def names(self) -> list[str]:
        """Names of the site's places, the chosen one first."""
        b = self.best()
        out = [b.info["name"]] if b is not None else []
        for p in sorted(self._own(), key=lambda p: (is_admin(p.info),
                                                    -SITE_RANK.get(p.info.get("kind"), 0),
                                                    p.start)):
            if p.info["name"] not in out:
                out.append(p.info["name"])
        return out


@dataclass
class SitePlan:
    """The units of an incident by country, and which clause speaks of which unit."""

    by_country: dict                   # country -> list[Unit]
    node_units: dict                   # id(mention) -> set of unit ids
    key_units: dict                    # place key -> set of unit ids
    mentions: list                     # the event-place mentions
    ref_spans: list = field(default_factory=list)   # (country, start, end) of a reference
    #                                    point across the border, with its own adjectives

    def only_reference(self, country, evidence) -> bool:
        """Whether every piece of ``evidence`` (objects with ``start``) for ``country``
        lies in a reference point across the border ("البوكمال السورية المجاورة لمدينة
        القائم العراقية": Iraq is named only to place the Syrian site)."""
        return bool(evidence) and all(
            any(c == country and s <= e.start < end for c, s, end in self.ref_spans)
            for e in evidence)

    @property
    def units(self) -> list[Unit]:
        return [u for us in self.by_country.values() for u in us]

    def units_in(self, country) -> list[Unit]:
        return self.by_country.get(country, [])

    def _by_id(self, uids):
        by_id = {u.uid: u for u in self.units}
        return by_id.get(next(iter(uids))) if len(uids) == 1 else None

    def frame_units(self, f) -> set[int]:
        """Units of the places a clause names (a container of several sites: all of them)."""
        out: set[int] = set()
        for p in f.sites:
            out |= self.node_units.get(id(p), set())
        return out

    def frame_unit(self, f) -> Unit | None:
        """The unit a clause speaks of: the only unit of its places; else, when it names
        no place, the only unit of the one country it names (or of the incident); None
        when it speaks of several sites (the whole round)."""
        us = self.frame_units(f)
        if us:
            return self._by_id(us)
        cs = {c for c, _, _ in f.countries + f.weak_countries}
        if len(cs) == 1:
            units = self.units_in(next(iter(cs)))
            return units[0] if len(units) == 1 else None
        if not cs and len(self.units) == 1:
            return self.units[0]
        return None

    def casualty_unit(self, ex, f, c) -> Unit | None:
        """The unit a casualty figure is stated for: the site of the place named right
        after it ("مقتل 4 عناصر في الميادين", "في القصف على مقرها في القائم"; a list of
        places is several sites); for a figure in a sentence of its own, the one site or
        country that sentence names ("على الجانب السوري من الحدود"); else the unit of its
        clause (:meth:`frame_unit`). None: the whole round."""
        t = ex.doc.text
        sent = next((s for s in ex.sents if s.start <= c.start < s.end), None)
        if sent is None:
            return self.frame_unit(f)
        after = sorted((p for p in ex.places if c.end <= p.start < sent.end
                        and ex.doc.dist(c.end, p.start) <= 8), key=lambda p: p.start)
        if after:
            chain = [after[0]]
            for q, p in zip(after, after[1:]):
                if _gap_kind(t[q.end:p.start]) != "and":
                    break
                chain.append(p)
            us = set().union(*(self.key_units.get(p.key, set()) for p in chain))
            if us:
                return self._by_id(us)
        if not (f.start <= c.start < f.end):
            # a sentence of its own, attached to the incident told just before
            us = set().union(*(self.key_units.get(p.key, set()) for p in ex.places
                               if sent.start <= p.start < sent.end), set())
            for m in ex.countries:
                if sent.start <= m.start < sent.end:
                    before = t[max(sent.start, m.start - 40):m.start]
                    if cues.BORDER_OF.search(before) or cues.BORDER_WITH.search(before) \
                            or cues.ORIGIN_BEFORE.search(before):
                        continue
                    units = self.units_in(m.key)
                    us |= {units[0].uid} if len(units) == 1 else {-1}
            if us:
                return self._by_id(us) if -1 not in us else None
        return self.frame_unit(f)

    def unit_after(self, ex, f, pos: int):
        """The unit a count right before ``pos`` refers to ("منشأتين قرب البوكمال",
        "موقعين في سوريا"): the unit of the first place or country named within six words
        after it; ``"several"`` for "في سوريا والعراق" or a place of several sites; None
        when nothing follows."""
        cands = [(p.start, "place", p) for p in self.mentions
                 if f.start <= p.start < f.end and p.start >= pos
                 and ex.doc.dist(pos, p.start) <= 6]
        cands += [(c.start, "country", c) for c in ex.countries
                  if f.start <= c.start < f.end and c.start >= pos
                  and ex.doc.dist(pos, c.start) <= 6]
        if not cands:
            return None
        _, kind, m = min(cands, key=lambda x: x[0])
        if kind == "place":
            return self._by_id(self.node_units.get(id(m), set())) or "several"
        if any(c.key != m.key and m.end <= c.start <= m.end + 4 for c in ex.countries):
            return "several"                   # "7 منشآت في سوريا والعراق"
        units = self.units_in(m.key)
        return units[0] if len(units) == 1 else "several"


class _Union:
    def __init__(self):
        self.parent: dict = {}
        self.fac: dict = {}

    def add(self, k, facility: bool):
        if k not in self.parent:
            self.parent[k] = k
            self.fac[k] = {k} if facility else set()

    def find(self, k):
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if len(self.fac[ra] | self.fac[rb]) > 1:
            return False                       # two facilities are two sites
        self.parent[rb] = ra
        self.fac[ra] |= self.fac[rb]
        return True

    def force(self, a, b) -> None:
        """Join two nodes even when both hold a facility (one base told under two names)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.fac[ra] |= self.fac[rb]


_CITY_WORD_BEFORE = _p(r"(?:مدينة|مدينتي|وسط|أحياء|حي)\s*[وفبلك]*(?:ال)?$")
#: "قاعدة عسكرية أخرى في X", "قاعدة أمريكية في X": X is the town of a base not named.
_BASE_IN = _p(r"(?<![\w])[وف]?(?:ال)?(?:قاعدة|قاعدتين|معسكر)\s+(?:\S+\s+){0,2}?(?:في|فى|ب)\s*$")


def unnamed_base_town(ex, p: Mention) -> bool:
    """"قاعدة للاحتلال الأميركي في أربيل": the town of a base the text does not name (a
    place of the attack, as a named US-hosted base is)."""
    s = p.start - len(p.info.get("clitic", ""))
    return bool(_BASE_IN.search(ex.doc.text[max(0, s - 40):s]))


#: "مراسلنا إن/بأن ... في": a that-clause between the correspondent and the place
_THAT_WORD = _p(r"(?<![\w])(?:إن|أن|ان|بأن|بان|إنه|أنه)(?![\w])")


def _reporter_place(ex, p: Mention) -> bool:
    """"قال مراسلنا في دير الزور إن ... قصفت مواقع في البوكمال": the town a correspondent
    writes from (:func:`acting.correspondent_place`) is not a site when its sentence names
    another place after it; alone ("أفاد مراسلنا في البوكمال بأن غارات استهدفت المدينة") it
    stays, and a place after "مراسلنا إن ..." is what the correspondent says happened."""
    if not acting.correspondent_place(ex, p):
        return False
    t = ex.doc.text
    s0 = p.start - len(p.info.get("clitic", ""))
    w = t[max(0, s0 - 50):s0]
    k = max(w.rfind(norm_pattern("مراسل")), 0)
    if _THAT_WORD.search(w, k):
        return False
    sent = next((s for s in ex.sents if s.start <= s0 < s.end), None)
    return sent is not None and any(p.end <= q.start < sent.end and q.key != p.key
                                    for q in ex.places)


#: "في بلدة السيال بريف دير الزور"، "قرية الثلاثات قرب البوكمال": a town or village named
#: by a word the lexicon does not know, then the place that contains or marks it.
_UNKNOWN_TOWN_BEFORE = _p(r"(?<![\w])[وفب]?(?:بلدة|قرية|بلدتي|قريتي|ناحية|قضاء|مدينة)\s+"
                          r"(?P<name>ال[^\s,،.()\"]{2,}(?:\s+ال[^\s,،.()\"]{2,})?)\s*[,،]?\s*"
                          r"(?:(?:ال[^\s,،]+\s+){0,1}(?:الواقعة|الواقع|التي\s+تقع)\s+)?"
                          r"(?P<rel>" + _IN + "|" + _NEAR + r")\s*(?:" + _PLACE_NOUN + r"\s*)?[وفبلك]*$")


def _unknown_town_container(ex, p: Mention) -> bool:
    """"مستودع على أطراف بلدة الصبيخان بريف دير الزور الشرقي": a governorate a town or
    village the lexicon lacks lies in, or a town or city it is placed near ("قرية الثلاثات
    قرب البوكمال"), is not the site; the site is that town, which has no gazetteer site
    (blank). A town or city it lies in stays ("مدينة الصدر ببغداد": a district of Baghdad;
    "قرية ... في البوكمال": the locality's town), and so do facilities (a village "قرب قاعدة
    بلد" places the attack at the base)."""
    if level(p.info) == 0:
        return False
    t = ex.doc.text
    s0 = p.start
    m = _UNKNOWN_TOWN_BEFORE.search(t, max(0, s0 - 80), s0)
    if not m:
        return False
    name = m.group("name")
    if _IN_RX.match(m.group("rel")) and not is_admin(p.info):
        return False             # "مدينة الصدر ببغداد": a district of the city it is in
    if _DIRECTION_GAP.fullmatch(name) or _PLACE_NOUN_RX.match(name) \
            or any(m.start() <= q.start < s0 for q in ex.places) \
            or any(m.start() <= c.start < s0 for c in ex.countries):
        return False
    return True


def placing_clause_sites(ex, incidents) -> list:
    """"أعلن مسؤول أن هجوماً صاروخياً استهدف القوات الأمريكية، وأن الدفاعات الجوية في قاعدة
    عين الأسد تصدت للصواريخ": an attack that names neither a place nor a country gets the one
    US-hosted facility that its own sentences place its people, defences or projectiles at
    (``cues.PRESENT_AT``) in a clause that tells no other incident. Returns ``(incident,
    frame, sentence, place)`` for each."""
    t = ex.doc.text
    out = []
    for inc in incidents:
        if inc.side not in ATTACKING_SIDES or any(
                f.sites or f.countries or f.weak_countries for f in inc.frames):
            continue
        sents = {f.sent.index: f for f in inc.frames}
        places = []
        for s in ex.sents:
            if s.index not in sents:
                continue
            for p in ex.places:
                if not (s.start <= p.start < s.end) or not p.info.get("us_hosted") \
                        or not p.info.get("site_id") \
                        or any(p is q for i in incidents for f in i.frames for q in f.sites):
                    continue
                s0 = p.start - len(p.info.get("clitic", ""))
                if cues.PRESENT_AT.search(t, max(s.start, s0 - 60), s0) \
                        and not cues.DENIAL.search(t, s.start, s.end):
                    places.append((s, p))
        if len({p.key for _, p in places}) == 1:
            s, p = places[0]
            out.append((inc, sents[s.index], s, p))
    return out


def _is_origin(ex, p: Mention) -> bool:
    t = ex.doc.text
    s = p.start - len(p.info.get("clitic", ""))
    return bool(_ORIGIN.search(t[max(0, s - 60):s]))


_ORDINAL_AFTER = _p(r"^\s*(?:ال)?(?:ثانية|الثانية|ثاني|ثالثة|ثالث|رابعة|رابع|أخرى|اخرى|آخر)(?![\w])")
_ORDINAL_BEFORE = _p(r"(?<![\w])[وف]?(?:ال)?(?:ثانية|ثاني|ثالثة|ثالث|أولى|أول)\s+(?:\S+\s+)?$")


def _is_distance_reference(ex, p: Mention) -> bool:
    """"مطار كربلاء 118 كم جنوبي بغداد": a place a distance is measured from is a
    reference point, not a place of the event."""
    s0 = p.start - len(p.info.get("clitic", ""))
    return bool(cues.DISTANCE_BEFORE.search(ex.doc.text, max(0, s0 - 60), s0))


def _strike_tag(ex, f) -> int:
    """A clause telling a separate strike ("الأولى ... والثانية ...", "غارة ثانية",
    "ضربة أخرى") gets a tag of its own (its order + 1); other clauses 0."""
    t = ex.doc.text
    for tr in f.triggers:
        if tr.key == "enum" or _ORDINAL_AFTER.match(t[tr.end:tr.end + 20]) \
                or (not tr.info.get("verb") and tr.key != "casualty"
                    and _ORDINAL_BEFORE.search(t[max(f.start, tr.start - 20):tr.start])):
            return f.order + 1
    return 0


def _add_ref_span(t: str, spans: list, p: Mention, start: int) -> None:
    """The stretch of a reference point across the border, from ``start`` to the end of
    its clause (its adjectives and container: "القائم العراقية", "بمحافظة الأنبار")."""
    stop = re.search(r"[,،.;؛:\n]", t[p.end:p.end + 60])
    spans.append((p.info["country"], max(0, start), p.end + (stop.start() if stop else 60)))


def site_plan(ex, inc, countries) -> SitePlan:
    """Group the incident's places into units (see the module docstring)."""
    t = ex.doc.text
    us_side = inc.side in STRIKING_SIDES
    seen_pos: set = set()
    raw: list[Mention] = []
    tag_of: dict = {}
    tags = {id(f): _strike_tag(ex, f) for f in inc.frames}
    for f in inc.frames:
        if tags[id(f)]:
            # "غارة ... ، فيما استهدفت غارة ثانية ...": the clause before is the first one
            prev = [g for g in inc.frames if g.sent.index == f.sent.index and g.order < f.order]
            if prev and not tags[id(prev[-1])]:
                tags[id(prev[-1])] = prev[-1].order + 1
    for f in inc.frames:
        tag = tags[id(f)]
        for p in f.sites:
            if (p.start, p.end) in seen_pos or not p.info.get("country"):
                continue
            seen_pos.add((p.start, p.end))
            from . import context          # (context imports this module)
            if _is_origin(ex, p) or _is_distance_reference(ex, p) \
                    or context.base_direction_reference(ex, p) or scope.road_end(ex, p) \
                    or acting.road_destination(ex, p) or acting.road_named_after(ex, p) \
                    or acting.capital_as_government(ex, p) \
                    or scope.speaker_place(ex, p) or scope.ceremony_place(ex, p) \
                    or _reporter_place(ex, p) or _unknown_town_container(ex, p):
                continue
            if not us_side and cues.US_EVENT_BEFORE.search(
                    t, max(0, p.start - len(p.info.get("clitic", "")) - 70),
                    p.start - len(p.info.get("clitic", ""))):
                continue
            raw.append(p)
            tag_of[id(p)] = tag
    if us_side:
        # a US base named in a US strike is where it was launched from
        keep = []
        for p in raw:
            c = p.info["country"]
            if p.info.get("us_hosted") and any(not q.info.get("us_hosted")
                                               and q.info["country"] == c for q in raw):
                continue
            s0 = p.start - len(p.info.get("clitic", ""))
            if p.info.get("us_hosted") and cues.ATTACK_ON_BEFORE.search(t[max(0, s0 - 40):s0]):
                # "قتلوا في الهجوم على البرج 22": the base of the attack a strike answers
                continue
            keep.append(p)
        raw = keep
    raw.sort(key=lambda p: p.start)
    # nodes: a place key; a container named in a clause of a separate strike is a node of
    # that strike only ("غارة على الحيدرية ببادية الميادين، وغارة ثانية على الشبلي في
    # بادية الميادين": two sites)
    node_of: dict = {id(p): p.key for p in raw}
    uf = _Union()
    for p in raw:
        uf.add(p.key, level(p.info) == 0)
    context: set = set()                      # mentions only naming a container/landmark
    landmarks: set = set()                    # mentions naming a place the site is near
    covers: dict = {}                         # id(container mention) -> member mentions
    ref_keys: set = set()                     # facilities only named as a reference point
    coord: set = set()                        # governorates coordinated with another place
    ref_spans: list = []                      # reference points across the border
    for f in inc.frames:
        # places the clause already set aside as a reference point across the border
        # (acting.near_across_border: "في الأراضي السورية قرب مدينة القائم")
        for p in ex.places:
            if f.start <= p.start < f.end and p.info.get("country") \
                    and not any(p is q for q in f.sites) and acting.near_across_border(ex, f, p):
                _add_ref_span(t, ref_spans, p, p.start - len(p.info.get("clitic", "")) - 20)
    by_sent: dict = {}
    for p in raw:
        sent = next((s.index for s in ex.sents if s.start <= p.start < s.end), -1)
        by_sent.setdefault(sent, []).append(p)
    for ps in by_sent.values():
        chain: list[Mention] = [ps[0]]
        for q, p in zip(ps, ps[1:]):
            gap = t[q.end:p.start]
            kind = _gap_kind(gap)
            if kind == "none" and not us_side and p.info.get("us_hosted") \
                    and _HOSTS_BASE.match(gap):
                # "ناحية البغدادي التي تضم قاعدة عين الأسد": the base the town hosts is the
                # target of an attack (the town is only where it lies)
                chain = [p]
                continue
            if kind == "none" and _RELATIVE.match(gap):
                # a place in a description of the one before: not a place of the event
                context.add(id(p))
                chain = []
                continue
            if kind == "and":
                if is_admin(p.info) or is_admin(q.info):
                    # "خمسة مواقع في بابل وكربلاء": a governorate coordinated with another
                    # place is a place of the event, not a container
                    coord.update((id(p), id(q)))
                chain.append(p)
                continue
            if kind == "none":
                chain = [p]
                continue
            # p contains (in) or marks (near) every place of the chain
            members = [m for m in chain if m.key != p.key
                       and m.info["country"] == p.info["country"]]
            if chain and not members and all(
                    m.info["country"] != p.info["country"] for m in chain) and (
                    kind == "near" or (level(p.info) > 0 and all(
                        level(m.info) == 0 for m in chain))):
                # "البوكمال السورية المجاورة لمنطقة القائم العراقية": a place across the
                # border that the site is said to be next to is a reference point; so is an
                # area across the border a named facility is loosely put in ("البرج 22 في
                # منطقة الركبان")
                context.add(id(p))
                _add_ref_span(t, ref_spans, p, q.end)
                chain = [p]
                continue
            if kind == "near" and members and _DIRECTION_GAP.search(gap) \
                    and not is_admin(p.info) and level(p.info) >= 2 \
                    and all(level(m.info) == 2 or is_admin(m.info) for m in members) \
                    and any(level(m.info) == 2 for m in members):
                # "منطقة عين التمر غربي كربلاء", "قرب الأنبار وجرف الصخر جنوبي بغداد": towns
                # (and governorates listed with them) placed by their direction from a city
                # are places of their own; the city is a reference point here
                context.add(id(p))
                chain = [p]
                continue
            if kind == "near" and members and _DIRECTION_GAP.search(gap) \
                    and all(is_admin(m.info) and level(m.info) > level(p.info) for m in members):
                # "بمحافظتي الديوانية وبابل جنوبي بغداد": governorates placed by their
                # direction from a city; the city is a reference point, not their site
                context.add(id(p))
                chain = [p]
                continue
            # towns, cities and facilities in the chain (the container itself counts when
            # it is also one of the coordinated places: "مطار X وحي Y بمدينة Y")
            grade = {m.key for m in chain if m.info["country"] == p.info["country"]
                     and level(m.info) in (0, 2, 3)}
            if not is_admin(p.info) and not any(
                    kind == "near" or level(m.info) < level(p.info) for m in members
                    if m.info["country"] == p.info["country"]):
                # "X في Y" with Y no larger than X: not a container, a place of its own
                chain = [p]
                continue
            tag = tag_of[id(p)]
            node = p.key
            if tag and level(p.info) != 0 and members:
                node = f"{p.key}#{tag}"       # the area of this strike only
                uf.add(node, False)
            joined = False
            if members and not is_admin(p.info) and len(grade) <= 1:
                for m in members:
                    if kind == "in" and not level(m.info) < level(p.info):
                        continue
                    if kind == "near" and is_admin(m.info):
                        continue     # ("الأنبار وجرف الصقر جنوبي بغداد": not near Baghdad)
                    ok = uf.union(node_of[id(m)], node)
                    joined |= ok
                    if ok and kind == "near":
                        landmarks.add(id(p))
                    elif not ok and kind == "near" and level(m.info) == 0 == level(p.info):
                        # "قاعدة حرير ... قرب مطار أربيل": a facility named as the landmark
                        # of another is a reference point, in this clause and the others
                        ref_keys.add(p.key)
            if joined:
                node_of[id(p)] = node
            elif members:
                context.add(id(p))
                covers[id(p)] = members
            chain = [p]
    # "في دير الزور" where the incident also names "ريف دير الزور": the bare name of a city
    # that is also its governorate's name stands for the governorate (context), unless
    # "مدينة" says the city
    gov_texts = [p.text for p in raw if is_admin(p.info)]
    for p in raw:
        if p.info.get("kind") == "city" and any(p.text != g and p.text in g for g in gov_texts) \
                and not _CITY_WORD_BEFORE.search(t, max(0, p.start - 12), p.start):
            context.add(id(p))
    site_keys = {p.key for p in raw if p.key not in ref_keys and level(p.info) == 0}
    for p in raw:
        if p.key in ref_keys and site_keys:
            context.add(id(p))
    # a locality the lexicon knows to lie in an area ("الحيدرية": the Mayadin desert) is
    # part of that area's site, as if the text had said so
    implied = []
    for p in raw:
        k = p.info.get("within")
        if not k or k not in ex.lex.sites:
            continue
        tag = tag_of[id(p)]
        node = f"{k}#{tag}" if tag else k
        uf.add(node, False)
        if uf.union(node_of[id(p)], node):
            m = Mention(p.start, p.end, "place", k, dict(ex.lex.place_info(k), implied=True),
                        p.text)
            node_of[id(m)] = node
            tag_of[id(m)] = tag
            implied.append(m)
    for a, b in constructs.one_base_told_twice(ex, inc, raw):
        uf.force(node_of[id(a)], node_of[id(b)])     # (coder21)
    # units: groups holding a place named as a place of the event
    groups: dict = {}
    for p in raw + implied:
        groups.setdefault(uf.find(node_of[id(p)]), []).append(p)
    by_country: dict = {}
    node_units: dict = {}
    uid = 0
    for c in countries:
        mine = {r: ms for r, ms in groups.items() if ms[0].info["country"] == c}
        real = {r: ms for r, ms in mine.items()
                if any(id(m) not in context for m in ms)
                and (not all(is_admin(m.info) for m in ms) or any(id(m) in coord for m in ms))}
        if not real:
            real = {r: ms for r, ms in mine.items() if all(is_admin(m.info) for m in ms)
                    and any(id(m) not in context for m in ms)}
        else:
            # "مواقع عسكرية في محافظة بابل ومطار قيد الإنشاء في محافظة كربلاء": a governorate
            # of the gazetteer named as a place of the event that holds none of the other
            # places is a unit
            held = {m.info.get("admin1") for ms in real.values() for m in ms}
            real.update({r: ms for r, ms in mine.items() if r not in real
                         and all(is_admin(m.info) and m.info.get("site_id")
                                 and m.info.get("admin1") for m in ms)
                         and any(id(m) not in context for m in ms)
                         and not any(m.info.get("admin1") in held for m in ms)})
        if inc.side in ATTACKING_SIDES and any(
                any(m.info.get("us_hosted") for m in ms) for ms in real.values()):
            # other places are the attackers' area, except the town of an unnamed base
            # ("قاعدة عين الأسد، إضافة إلى قاعدة عسكرية أخرى في أربيل")
            real = {r: ms for r, ms in real.items() if any(m.info.get("us_hosted") for m in ms)
                    or any(unnamed_base_town(ex, m) or constructs.coordinated_base_town(ex, m)
                           for m in ms)}
        units = []
        for r, ms in sorted(real.items(), key=lambda kv: min(m.start for m in kv[1])):
            keys = []
            for m in ms:
                if m.key not in keys:
                    keys.append(m.key)
            own_keys = {m.key for m in ms if id(m) not in landmarks}
            tags = {tag_of[id(m)] for m in ms if id(m) not in context
                    and not m.info.get("implied")} - {0}
            u = Unit(uid, c, list(ms), keys,
                     [m for m in ms if id(m) in landmarks and m.key not in own_keys],
                     max(1, len(tags)))
            uid += 1
            units.append(u)
            for m in ms:
                node_units[id(m)] = {u.uid}
        if not units:
            units = [Unit(uid, c)]
            uid += 1
        by_country[c] = units
    for cid, members in covers.items():
        if cid not in node_units:
            node_units[cid] = set().union(*(node_units.get(id(m), set()) for m in members))
    key_units: dict = {}
    for p in raw + implied:
        if id(p) in node_units:
            key_units.setdefault(p.key, set()).update(node_units[id(p)])
    kept = [p for p in raw if node_units.get(id(p))]
    return SitePlan(by_country, node_units, key_units, kept, ref_spans)
