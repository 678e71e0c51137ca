"""Turning an incident (frames merged by :mod:`analysis.coding.extract`) into draft rows:
one per distinct site the report names for it (see :mod:`analysis.coding.sites`), within
each country (a country where no site is named gives one country-level draft), with the
date, sides, actors, place, weapon, counts, casualties and confirmation chosen from the
frames' evidence, each with the evidence kept.

Counts and casualties per site: a facility count ("منشأتين قرب البوكمال", "موقعين في
سوريا") goes to the site (or the only site of the country) named right after it, else
``n_attacks`` is 1. A casualty figure goes to the site its clause names (or, when the clause
names no place, to the only site of the country it names, or of the incident); a figure
the report gives for a round of several sites is left out and the draft's note quotes it.
"No casualties" for the whole round is 0 for every site.
"""

from __future__ import annotations

import re

from . import attribution, constructs, cues, fields, scope
from .casualties import Casualty
from .frames import SCHEMA_COLUMNS, Ev, Incident, casualty_role, opposite, source_id_of
from .lexicon import ATTACKING_SIDES, CODED_CASUALTIES, IRAN, MILITIA, STRIKING_SIDES, US, Mention
from .normalize import norm_pattern
from .numbers import CARDINALS
from .sites import site_plan, unnamed_base_town

__all__ = ["rows_for", "is_source"]


def _countries(ex, inc: Incident):
    seen: dict[str, list] = {}
    for f in inc.frames:
        for c, ev, is_site in f.countries:
            seen.setdefault(c, []).append((ev, is_site, f))
    if not seen:                       # only a border named: "عند الحدود العراقية السورية"
        for f in inc.frames:
            for c, ev, is_site in f.weak_countries:
                seen.setdefault(c, []).append((ev, is_site, f))
    seen = scope.in_case_area(ex, seen)
    if not seen:
        return [None], {}
    if inc.side in ATTACKING_SIDES:
        # attacks on US-hosted sites named in several countries: one draft per site
        hosted = {}
        for f in inc.frames:
            for p in f.sites:
                c = p.info.get("country")
                # (or the town of an unnamed base: "قاعدة ... في أربيل وقاعدة كونيكو")
                if (p.info.get("us_hosted") or unnamed_base_town(ex, p)) and c in seen:
                    hosted[c] = min(hosted.get(c, p.start), p.start)
        if hosted:
            for c, pos in constructs.unnamed_bases_by_country(ex, inc).items():
                if c in seen and c not in hosted:
                    hosted[c] = pos           # "قاعدة في شمال شرق الأردن" (coder21)
        if len(hosted) > 1:
            return sorted(hosted, key=hosted.get), seen

        def score(c):
            items = seen[c]
            return (any(s for _, s, _ in items), len(items), -min(e.start for e, _, _ in items))
        best = max(seen, key=score)
        return [best], seen
    order = sorted(seen, key=lambda c: min(e.start for e, _, _ in seen[c]))
    return order, seen


def rows_for(ex, inc: Incident, d, role, retaliation_for):
    countries, seen = _countries(ex, inc)
    plan = site_plan(ex, inc, countries)
    if len(countries) > 1:
        # a country named only by a reference point across the border gives no draft
        countries = [c for c in countries if not (
            all(u.is_country for u in plan.units_in(c))
            and plan.only_reference(c, [e for e, _, _ in seen.get(c, [])]))] or countries
    out = []
    for country in countries:
        frames = [f for f in inc.frames
                  if country is None or not (f.countries or f.weak_countries)
                  or country in {c for c, _, _ in f.countries + f.weak_countries}]
        if not frames:
            frames = inc.frames
        units = plan.units_in(country)
        for unit in units:
            out.append(_row(ex, inc, d, role, retaliation_for, countries, seen, plan, country,
                            frames, unit, len(units)))
    return out


def _row(ex, inc, d, role, retaliation_for, countries, seen, plan, country, frames, unit,
         n_in_country):
    """The draft row of one site (or country) of an incident, with its evidence."""
    multi = len(countries) > 1
    ev: dict[str, list[Ev]] = {}

    def put(fname, e):
        ev.setdefault(fname, []).append(e)

    row = {c: None for c in SCHEMA_COLUMNS}
    # the clauses of this site: those naming it, or naming no other site
    own = [f for f in frames if unit.uid in plan.frame_units(f)]
    unit_frames = [f for f in frames if not plan.frame_units(f)
                   or unit.uid in plan.frame_units(f)] or frames
    # date
    date, prec, conf, note, dev, has_time = d
    row["date"] = date.isoformat()
    row["date_precision"] = prec
    put("date", dev)
    times = [f.time for f in inc.frames if f.time]
    if times:
        row["time_local"] = times[0][0]
        put("time_local", times[0][1])
    # side
    row["side"], unstated = attribution.side_in_country(ex, inc, country, frames)
    sev = unstated or max((f.side_ev for f in inc.frames if f.side_ev), key=lambda e: e.confidence)
    put("side", sev)
    tgt_frames = [f for f in inc.frames if f.target_ev is not None and f.target]
    row["target_side"] = (tgt_frames[0].target if tgt_frames else opposite(inc.side)) \
        or opposite(inc.side)
    if row["target_side"] in (inc.side, "other") or inc.side in STRIKING_SIDES:
        row["target_side"] = opposite(inc.side)
    if tgt_frames:
        put("target_side", tgt_frames[0].target_ev)
    row["event_type"] = "strike" if inc.side in STRIKING_SIDES else "attack"
    # actors
    agents = [a for f in inc.frames for a in f.agent_actors
              if a.info.get("side") == inc.side]
    claimants = {a.key for f in inc.frames for a in f.claim_actors}
    specific = [a for a in agents if a.info.get("kind") not in ("generic",)
                and a.info.get("side") in ATTACKING_SIDES and a.key not in claimants]
    if specific and inc.side in ATTACKING_SIDES:
        a = specific[0]
        row["actor"] = a.info["name"]
        put("actor", Ev("actor", a.info["name"], a.start, a.end, 0.7, "named as acting"))
    claims = [a for f in inc.frames for a in f.claim_actors]
    if claims and inc.side == MILITIA:
        spec = [a for a in claims if a.info.get("kind") != "generic"] or claims
        a = spec[0]
        row["claimed_by"] = a.info["name"]
        put("claimed_by", Ev("claimed_by", a.info["name"], a.start, a.end, 0.7,
                             "group named with a claim or statement"))
    tacts = [a for f in inc.frames for a in f.target_actors
             if a.info.get("side") in ATTACKING_SIDES and inc.side == US]
    if tacts:
        spec = [a for a in tacts if a.info.get("kind") != "generic"] or tacts
        row["target_actor"] = spec[0].info["name"]
    # place
    best = unit.best()
    if best is not None:
        row["location"] = "; ".join(unit.names())
        row["site_id"] = best.info.get("site_id")
        row["admin1"] = best.info.get("admin1") or None
        row["latitude"] = best.info.get("latitude")
        row["longitude"] = best.info.get("longitude")
        split = " (one draft per site named)" if n_in_country > 1 else ""
        put("location", Ev("location", best.info["name"], best.start, best.end,
                           (0.85 if best.info.get("site_id") else 0.6)
                           - (0.05 if split else 0),
                           ("gazetteer match" if best.info.get("site_id")
                            else "place not in the gazetteer") + split))
    if country is not None:
        row["country"] = country
        if best is not None:
            put("country", Ev("country", country, best.start, best.end,
                              0.9 if not multi else 0.85,
                              f"{best.info['name']} is in {country} (gazetteer)"))
        else:
            items = seen.get(country, [])
            e0 = max(items, key=lambda x: (x[1], x[0].confidence))[0] if items else None
            if e0 is not None:
                put("country", Ev("country", country, e0.start, e0.end,
                                  e0.confidence if not multi else min(e0.confidence, 0.75),
                                  e0.rule + ("; one draft per country named" if multi
                                             else "")))
    # weapon
    row["weapon"], wev = _weapon(ex, inc, unit_frames, unit, plan)
    if row["weapon"] == "unknown" and inc.side not in STRIKING_SIDES:
        # "القصف استهدف قواعد أمريكية في عين الأسد وإربيل": a site hit together with
        # others in one clause takes the weapon they agree on (coder21)
        row["weapon"], wev = constructs.weapon_of_the_round(
            ex, inc, frames, unit, plan, _weapon) or (row["weapon"], wev)
    if wev:
        put("weapon", wev)
    # attacks/facilities
    row["n_attacks"], count_notes = _n_attacks(ex, inc, frames, plan, unit)
    if unit.strikes > row["n_attacks"]:
        # "الغارة الأولى ... في الميادين، والثانية ... في الميادين": two strikes, one site
        row["n_attacks"] = unit.strikes
        count_notes.append(f"{unit.strikes} separate strikes told at this site")
    # casualties
    notes = count_notes + _casualties(ex, inc, frames, plan, unit, row, put)
    # confirmation
    row["confirmation"], cev = _confirmation(ex, inc)
    row["confirmation_basis"] = "coded: draft by analysis.coding.code_report, to be reviewed"
    if cev:
        put("confirmation", cev)
    if retaliation_for is not None and retaliation_for.date is not None:
        rd = retaliation_for.date[0].isoformat()
        what = "attack on US forces" if retaliation_for.side in ATTACKING_SIDES \
            else "US strike"
        row["retaliation_for_text"] = f"{what} {rd} (stated in the report)"
    row["sources"] = source_id_of(ex.source) if ex.source else None
    extra = []
    if note:
        extra.append(f"date: {note}")
    what = "strike" if inc.side in STRIKING_SIDES else "attack"
    if multi:
        extra.append(f"the report names {' and '.join(countries)} for this {what}: "
                     "one draft per country")
    if n_in_country > 1:
        sites = "; ".join(u.label() for u in plan.units_in(country))
        extra.append(f"the report names {n_in_country} sites in {country} for this "
                     f"{what} ({sites}): one draft per site")
    extra += notes
    src = f" from {ex.source}" if ex.source else ""
    row["note"] = (f"Draft{src} ({role} incident of the report), made by "
                   f"analysis.coding.code_report: review before use."
                   + (" " + " ".join(x.rstrip(".") + "." for x in extra) if extra else ""))
    # the snippet: the sentence naming this site when the incident has several
    return (row, ev, inc, role, (own if len(plan.units) > 1 else []) or frames)


_COMMA = re.compile(r"[،,]")
#: "على التوالي", "على الترتيب": respectively
_RESPECTIVELY = re.compile(norm_pattern(r"(?<![\w])على\s+(?:التوالي|الترتيب)(?![\w])"))
#: "وقاعدة حرير", "ومطار أربيل": the next item of a list of facilities joined by "و"
_AND_FACILITY = re.compile(norm_pattern(
    r"(?<![\w])و(?:ب|على\s+)?(?:ال)?(?:قاعدة|قاعده|مطار|حقل|معسكر|السفارة|سفارة|موقع)(?![\w])"))


def _weapon_site(ex, f, w, plan):
    """The units of the sites a weapon word of a clause naming several sites belongs to:
    those named in the weapon's own comma-delimited stretch of the clause ("بعد ساعة على
    استهداف قاعدة كونيكو، هاجم سرب من الطائرات المسيرة قاعدة العمر": the drones hit
    al-Omar); None (all of them) when the clause names one unit, or the stretch none."""
    units = plan.frame_units(f)
    if len(units) <= 1 or constructs.weapon_before_the_sites(ex, f, w):
        return None
    t = ex.doc.text
    if _RESPECTIVELY.search(t, f.start, f.end):
        # "قاعدتي عين الأسد وحرير بالصواريخ والطائرات المسيرة على التوالي": the k-th weapon
        # is the k-th site's
        ws = sorted(f.mentions["weapon"], key=lambda x: x.start)
        ps = sorted((p for p in f.sites if p.info.get("site_id")), key=lambda p: p.start)
        if len(ws) == len(ps) >= 2 and len({x.key for x in ws}) == len(ws) \
                and len({p.key for p in ps}) == len(ps) and w in ws:
            return plan.node_units.get(id(ps[ws.index(w)])) or None
    lo = max([f.start] + [m.end() for m in _COMMA.finditer(t, f.start, w.start)])
    # "قاعدة عين الأسد بصاروخين وقاعدة حرير بطائرة مسيرة": items joined by "و" each with
    # a weapon of its own (weapons of two kinds in two items) end at the next item's noun
    items = [m.start() for m in _AND_FACILITY.finditer(t, f.start, f.end)]
    ws = f.mentions["weapon"]
    if len({x.key for x in ws}) < 2 or len({sum(b <= x.start for b in items) for x in ws}) < 2:
        items = []              # (not "... وقاعدة حرير بالصواريخ والطائرات المسيرة": all)
    lo = max([lo] + [b for b in items if b <= w.start])
    nxt_item = min([b for b in items if b >= w.end], default=None)
    nxt = _COMMA.search(t, w.end, f.end)
    # a comma between items of a list of places ("في التنف، الركبان والشدادي") does not end
    # the stretch
    while nxt is not None and any(re.match(r"[\s\"'«»]*$", t[nxt.end():p.start - len(
            p.info.get("clitic", ""))]) for p in f.sites if p.start > nxt.end()):
        nxt = _COMMA.search(t, nxt.end(), f.end)
    hi = nxt.start() if nxt else f.end
    if nxt_item is not None:
        hi = min(hi, nxt_item)
    near = [p for p in f.sites if lo <= p.start < hi]
    if not near:
        return None                    # "قاعدتي التنف والركبان، بطائرات مسيرة": all of them
    return set().union(*(plan.node_units.get(id(p), set()) for p in near)) or None


#: a facility or capability noun just before a weapon word: the weapon is what a strike hit
#: ("منشأة تخزين للصواريخ", "قدرات خاصة بالطائرات المسيرة"), not what it was flown with
_STRUCK_FACILITY_BEFORE = re.compile(norm_pattern(
    r"(?:قدرات|القدرات|مخازن|مخزن|مستودعات|مستودع|منصات|منصة|تخزين|تصنيع|إنتاج|تدريب|مواقع\s+إطلاق)"
    r"(?:\s+\S+){0,2}\s+\S*$"))

#: attack weapons whose naming together in one phrase makes the incident ``mixed``
_MIXABLE = frozenset({"drone", "rocket", "ballistic_missile", "cruise_missile", "mortar"})


def _weapon(ex, inc: Incident, frames, unit=None, plan=None):
    us = inc.side in STRIKING_SIDES
    cand = []
    kept = {}
    for f in frames:
        ws = f.mentions["weapon"]
        if unit is not None and plan is not None:
            # in a clause naming several sites, a weapon belongs to its own site's stretch
            ws = [w for w in ws if unit.uid in (_weapon_site(ex, f, w, plan) or {unit.uid})]
        if not us:
            # "إسقاط طائرة مسيرة أمريكية": the US drone is the target, not the weapon
            us_spans = [(a.start, a.end) for a in f.mentions["actor"] if a.info.get("side") == US]
            ws = [w for w in ws if not any(w.start < e and s_ < w.end for s_, e in us_spans)]
        if not us:
            ws = fields.munitions_of_a_drone(ex, ws)    # "مسيرة محملة بالصواريخ"
        if not ws:
            continue
        kept[id(f)] = list(ws)
        keys = [w.key for w in ws]
        anchor_pos = [p.start for p in f.sites] + [e.start for _, e, _ in f.countries] \
            or [e.start for _, e, _ in f.weak_countries]    # (no other place: the weak one)
        if len(set(keys) & _MIXABLE) >= 2 and not us and not f.plural:
            # "بالصواريخ والطائرات المسيرة", "صواريخ باليستية وصواريخ" in one phrase: weapons
            # of different types together -> mixed (the codebook's rule)
            ws_sorted = sorted(ws, key=lambda w: w.start)
            for a, b in zip(ws_sorted, ws_sorted[1:]):
                if a.key != b.key and {a.key, b.key} <= _MIXABLE and ((
                        ex.doc.dist(a.end, b.start) <= 1
                        and re.match(r"\s*و", ex.doc.text[a.end:b.start + 2]))
                        or constructs.joined_by_an_attack_noun(ex.doc.text, a, b)):
                    dist = min((ex.doc.dist(a.start, p) for p in anchor_pos), default=50)
                    cand.append((0, f.order, "mixed", Ev("weapon", "mixed", a.start, b.end, 0.7,
                                                         f"{a.key} and {b.key} together"), dist))
                    # (and the words naming the same kinds again: "وصواريخ كاتيوشا")
                    ws = [w for w in ws if w.key not in (a.key, b.key)]
        for w in ws:
            if us and (w.info["us_weapon"] is None or constructs.weapon_of_the_answered(ex, f, w)):
                continue                 # a word that names no weapon of a strike
            val = w.info["us_weapon"] if us else w.key
            if us and constructs.ground_fired_rockets(ex, f, w):
                val = "rocket"           # fired by ground forces (coder21)
            if not val:
                val = "unknown"
            if us and cues.ATTACK_NOUN_JUST_BEFORE.search(
                    ex.doc.text[max(f.start, w.start - 30):w.start]) and \
                    cues.US_TARGET.search(ex.doc.text[w.end:w.end + 60]):
                continue    # "هجمات بطائرات مسيرة ضد أفراد أمريكيين": the answered attacks
            if us and _STRUCK_FACILITY_BEFORE.search(ex.doc.text[max(f.start, w.start - 30):w.start]):
                continue    # "قدرات خاصة بالطائرات المسيرة", "مخازن صواريخ": what was struck
            if not us and w.key == "airstrike":
                continue
            dist = min((ex.doc.dist(w.start, p) for p in anchor_pos), default=50)
            inst = ex.doc.text[max(0, w.start - 1):w.start] == "ب" or \
                ex.doc.text[w.start:w.start + 1] == "ب" or \
                bool(cues.BY_MEANS_BEFORE.search(ex.doc.text[max(0, w.start - 22):w.start])) or \
                bool(cues.STRIKE_VERB_AFTER.match(ex.doc.text[w.end:w.end + 40])) or \
                bool(cues.STRIKE_VERB_BEFORE.search(ex.doc.text[max(0, w.start - 12):w.start])) or \
                (w.text[:1] == "ل" and bool(cues.STRIKE_NOUN_BEFORE.search(
                    ex.doc.text[max(0, w.start - 14):w.start])))
            if us and inst and val not in ("airstrike", "unknown") \
                    and not fields.platform_of_another_round(inc, f):
                # "القصف تم بواسطة طائرات مسيرة", "طائرات مسيرة شنت ضربات": the stated
                # platform is more specific than the generic "غارات جوية" of the lead
                cand.append((-1, -1, val, Ev("weapon", val, w.start, w.end, 0.8,
                                             f"platform of the strike '{w.text}'"), 0))
                continue
            cand.append((1 if inst else 2, f.order, val, Ev("weapon", val, w.start, w.end,
                                                           0.8 if val != "unknown" else 0.5,
                                                           f"weapon word '{w.text}'"), dist))
    drone = None if us else fields.firing_drone(ex, frames, kept)
    if drone is not None:
        return "drone", Ev("weapon", "drone", drone.start, drone.end, 0.7,
                           "a drone told firing the missiles: the platform is the weapon")
    if not us and not any(c[2] == "mixed" for c in cand):
        pair = fields.mixed_across_clauses(ex, frames, kept) \
            or constructs.weapons_of_counted_items(ex, frames)     # (coder21)
        if pair is not None:
            a, b = pair
            return "mixed", Ev("weapon", "mixed", a.start, b.end, 0.6,
                               f"{a.key} and {b.key} in clauses of one attack")
    if cand:
        # the frame order first (the incident's first telling), then nearest to its place
        specific = [c for c in cand if c[2] != "unknown"]
        pool = specific or cand
        best = min(pool, key=lambda c: (c[1], c[4], c[0]))
        title = {f.order for f in frames if f.sent.title}
        body = [c for c in pool if c[1] not in title]
        if best[1] in title and body and not any(c[2] == best[2] for c in body) and not us:
            # "هجوم بطائرات هليكوبتر على مطار أربيل" over "تعرض لهجوم بطائرة مسيرة": a
            # headline's weapon that the body, naming another, never repeats yields to it
            best = min(body, key=lambda c: (c[1], c[4], c[0]))
        if best[2] == "rocket":
            # "القصف الصاروخي ... صواريخ باليستية": the specific kind of missile wins
            spec = [c for c in pool if c[2] in ("ballistic_missile", "cruise_missile")]
            if spec:
                best = min(spec, key=lambda c: (c[1], c[4], c[0]))
            elif inc.side == IRAN:
                # "أطلقت إيران صواريخ على قواعد": a state's own fire across a border is
                # missiles, not the militias' short-range rockets
                ev = best[3]
                return "ballistic_missile", Ev("weapon", "ballistic_missile", ev.start, ev.end,
                                               0.6, f"{ev.rule}; fired by Iran's state forces: "
                                               "ballistic missiles")
        return best[2], best[3]
    like = constructs.likened_to(ex, inc) if not us else None
    if like is not None and not constructs.likened_to(ex, like):
        val, wev = _weapon(ex, like, like.frames)     # "هجوم مماثل" (coder21)
        if val != "unknown" and wev is not None:
            return val, Ev("weapon", val, wev.start, wev.end, 0.5,
                           f"a similar attack: the weapon of the one it is likened to ({wev.rule})")
    if us:
        tr = inc.frames[0].triggers[0]
        return "airstrike", Ev("weapon", "airstrike", tr.start, tr.end, 0.45,
                               "US strike without a stated weapon: air strike assumed")
    return "unknown", None


def _n_attacks(ex, inc, frames, plan, unit):
    """Facilities hit by a strike at this site ("ضربات ضد منشأتين قرب البوكمال", "موقعين في
    سوريا"), from the first count that the place or country named right after it ties to
    this site; 1 otherwise."""
    if inc.side not in STRIKING_SIDES:
        # "تعرضت القاعدة إلى هجومين منفصلين", "على قاعدتين عسكريتين": the attacks counted
        return fields.attack_count(ex, inc, frames, plan, unit) or 1, []
    t = ex.doc.text
    notes = []
    for f in frames:
        share = fields.share_of_facilities(ex, f, plan, unit)   # "«3 في الأنبار و2 في سوريا»"
        if share:
            return share, notes
        for m in cues.FACILITY_COUNT.finditer(t, f.start, f.end):
            if m.group("dual"):
                n = 2
            else:
                w = m.group("n")
                n = int(w) if w.isdigit() else CARDINALS.get(w)
                if n is None:
                    continue
            target = plan.unit_after(ex, f, m.end())
            if target is None and len(plan.units) == 1:
                target = unit
            if target is unit:
                return max(1, min(n, 30)), notes
            if target == "several" and n > 1 and len(plan.units) > 1:
                q = ex.doc.orig_text(m.start(), m.end()).strip()
                notes.append(f"facilities counted for several sites together ({q}): "
                             "n_attacks 1 per site")
    return 1, notes[:1]


def _casualties(ex, inc, frames, plan, unit, row, put):
    notes = []
    target = row["target_side"]
    values: dict[str, list] = {}
    several = len(plan.units) > 1
    in_country = {id(f) for f in frames}
    for f in inc.frames:
        prev_group = ""
        for c in sorted(f.mentions["casualty"], key=lambda c: c.start):
            tied = plan.casualty_unit(ex, f, c)
            if (tied is not None and tied is not unit) or \
                    (tied is None and id(f) not in in_country):
                continue                   # a figure for another site or country
            official = bool(cues.REPORT_VERB.search(ex.doc.text[f.sent.start:f.sent.end])) and \
                any(a.info.get("side") == US for a in ex.actors
                    if f.sent.start <= a.start < f.sent.end)
            group = c.group
            if group == "pronoun":
                group = prev_group or (MILITIA if target == MILITIA else "")
            if group == "soldier":
                group = US if target == US else ""
            if c.kind in ("none", "none_killed", "none_wounded"):
                # "no casualties" for the whole round holds for each of its sites
                fields = [f"target_{k}" for k in CODED_CASUALTIES.get(target, ())]
                if c.kind == "none_killed":
                    fields = [x for x in fields if x.endswith("killed")]
                elif c.kind == "none_wounded":
                    fields = [x for x in fields if x.endswith("wounded")]
                for fld in fields:
                    values.setdefault(fld, []).append((0, False, official, c, f, 0.7))
                continue
            prev_group = group or prev_group
            if c.kind == "combined":
                notes.append(f"killed and wounded given together ({_quote(ex, c)})")
                continue
            if group in ("contractor", "civilian", "mixed", "foreign", "person"):
                notes.append(f"{group} casualties not coded as troops ({_quote(ex, c)})")
                continue
            if c.value is None:
                if c.low:
                    notes.append(f"vague figure: {c.gloss or 'approximate'} ({_quote(ex, c)})")
                continue
            if group not in CODED_CASUALTIES:
                continue
            if c.kind not in CODED_CASUALTIES[group]:
                notes.append(f"{group} {c.kind}: {c.value} ({_quote(ex, c)})")
                continue
            role = casualty_role(group, row["side"], target)
            if role is None:
                notes.append(f"{group} {c.kind} {c.value}: a side that is neither actor nor "
                             f"target ({_quote(ex, c)})")
                continue
            fld = f"{role}_{c.kind}"
            if tied is None and several:
                what = "country" if len({u.country for u in plan.units}) > 1 and \
                    all(u.is_country for u in plan.units) else "site"
                notes.append(f"{fld} {c.value} is given for the whole operation, not per "
                             f"{what} ({_quote(ex, c)})")
                continue
            values.setdefault(fld, []).append((c.value, c.approx, official, c, f,
                                               0.7 if c.approx else 0.85))
    for fld, vals in values.items():
        nonzero = [v for v in vals if v[0] != 0]
        pool = nonzero or vals
        pool.sort(key=lambda v: (not v[2], v[1], v[4].order))
        v, approx, official, c, f, conf = pool[0]
        row[fld] = int(v)
        put(fld, Ev(fld, int(v), c.start, c.end, conf,
                    ("no casualties stated" if v == 0 else "casualty figure")
                    + (" (approximate)" if approx else "")
                    + (" stated for this site" if v != 0 and several else "")))
        figs = sorted({x[0] for x in nonzero})
        if len(figs) > 1:
            row[f"{fld}_low"], row[f"{fld}_high"] = figs[0], figs[-1]
            notes.append(f"{fld}: the report gives {', '.join(map(str, figs))}; "
                         f"{v} chosen ({'official' if official else 'first'} figure)")
        if approx:
            notes.append(f"{fld}: at least {v} (approximate wording)")
    return notes


def _quote(ex, c: Casualty) -> str:
    return ex.doc.orig_text(c.start, c.end).strip()


def is_source(ex, a: Mention) -> bool:
    """Is the actor the source of a statement ("قال البنتاغون", "بحسب مسؤول أمريكي",
    "القيادة المركزية أعلنت")?"""
    t = ex.doc.text
    clitic = a.info.get("clitic", "")
    before = t[max(0, a.start - len(clitic) - 45):a.start - len(clitic)]
    after = t[a.end:a.end + 40]
    if re.search(norm_pattern(r"(?<![\w])[وف]?(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|أفاد|أفادت|"
                              r"أوضح|أوضحت|صرح|صرحت|كشف|كشفت|اعترف|اعترفت|أقر|أقرت|نقلت\s+عن|"
                              r"نقلا\s+عن|حسب|بحسب|وفق|وفقا\s+ل|وفق\s+ما\s+(?:أعلن|أعلنت|أكد|أكدت|"
                              r"ذكر|ذكرت)|بيان|المتحدث\s+باسم|باسم|عن)\s+(?:\S+\s+){0,2}?[وفبلك]*$"),
                 before):
        return True
    if re.match(norm_pattern(r"^\s*(?:\S+\s+){0,1}?(?:قال|قالت|أعلن|أعلنت|أكد|أكدت|ذكر|ذكرت|أفاد|"
                             r"أفادت|أوضح|أوضحت|صرح|صرحت|كشف|كشفت|في\s+بيان)(?![\w])"), after):
        return True
    return False


def _confirmation(ex, inc):
    t = ex.doc.text
    official = claim = third = None
    for f in inc.frames:
        st, en = f.sent.start, f.sent.end
        sent_text = t[st:en]
        has_report = cues.REPORT_VERB.search(sent_text)
        sources = [a for a in ex.actors if st <= a.start < en and is_source(ex, a)]
        us_actor = [a for a in sources if a.info.get("side") == US]
        local_off = [a for a in sources if a.key in ("iraqi-government", "krg-peshmerga")]
        mil_actor = [a for a in sources if a.info.get("side") == MILITIA]
        if has_report and us_actor and official is None:
            a = us_actor[0]
            official = Ev("confirmation", "confirmed", a.start, a.end, 0.8,
                          f"statement by {a.info['name']}")
        elif has_report and local_off and official is None and inc.side in ATTACKING_SIDES:
            a = local_off[0]
            official = Ev("confirmation", "confirmed", a.start, a.end, 0.7,
                          f"statement by {a.info['name']}")
        if has_report and mil_actor and inc.side == US and official is None:
            a = mil_actor[0]
            official = Ev("confirmation", "confirmed", a.start, a.end, 0.6,
                          f"the targeted side ({a.info['name']}) reported it")
        if f.claim_actors and claim is None:
            a = f.claim_actors[0]
            claim = Ev("confirmation", "claimed", a.start, a.end, 0.7,
                       f"claim by {a.info['name']}")
        m = cues.THIRD.search(sent_text)
        if m and third is None:
            third = Ev("confirmation", "reported", st + m.start(), st + m.end(), 0.6,
                       "third-party report")
    if official:
        return "confirmed", official
    if claim and inc.side in ATTACKING_SIDES:
        return "claimed", claim
    if third:
        return "reported", third
    return "reported", None
