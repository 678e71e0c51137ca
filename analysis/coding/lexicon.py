"""Lexicons: actors and places from the dataset's tables, plus the coding vocabularies.

Actors (with their side) and places (with country, governorate and coordinates) come
from the same tables as the dataset, read through :func:`analysis.load_actors` and
:func:`analysis.load_sites` so they also work from an installed package: every spelling
of an actor's name or of a site lives in ``data/raw/actors.csv`` and
``data/raw/gazetteer.csv`` (``aliases_ar``), the one home the dataset build uses too.
What stays here is not a spelling of a name: :data:`EXTRA_ACTORS` holds descriptive
patterns that point to an actor in context (regular expressions such as "فصائل مسلحة
مدعومة من إيران", "قوات بلاده", "طائرات إسرائيلية"), :data:`NEW_ACTORS` the parties
outside the case's actor table that the coder must recognise to leave them out, and
:data:`EXTRA_PLACES` places that are not sites of the dataset (towns, governorates and
foreign places that only tell the context or the scope), with the kind of each
(:data:`EXTRA_PLACE_KINDS`) and the gazetteer site a locality lies in
(:data:`EXTRA_PLACE_WITHIN`). Countries, weapons, event triggers and the cue words of
the extractor (claims, official statements, modality, generic plurals) are defined
here, in ordinary Arabic spelling; they are normalised on use.

Matching is on normalised text, word-bounded, allowing the clitics و ف ب ل ك before a
word and لل for ل + ال. Where lexicon entries overlap, the longest wins ("كتائب حزب
الله" over "حزب الله"; "المقاومة الإسلامية في العراق" over "العراق"). Aliases that the
tables flag as AMBIGUOUS (ordinary words such as القائم, الميادين, الرمادي) match only
after a place cue (في، قرب، مدينة، قاعدة ...) or when joined by و to a place just
matched ("الحيدرية والشبلي").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import norm_pattern, normalize_term

__all__ = ["US", "MILITIA", "IRAN", "UNATTRIBUTED", "ATTACKING_SIDES", "STRIKING_SIDES",
           "DYAD_SIDES", "AGENT_SIDE", "OPPOSITE", "CODED_CASUALTIES", "Mention", "Lexicon",
           "lexicon", "EXTRA_ACTORS", "EXTRA_PLACES", "EXTRA_PLACE_KINDS",
           "EXTRA_PLACE_WITHIN", "COUNTRIES",
           "WEAPON_PATTERNS", "TRIGGER_PATTERNS", "US_HOSTED_KINDS", "SITE_RANK"]

# ---------------------------------------------------------------------------------------
# the sides of the bundled case (the only place the coder names them)
# ---------------------------------------------------------------------------------------
#: The side ids of the bundled case (``data/raw/sides.csv``) by the part each plays in the
#: extractor's Arabic rules: the foreign forces whose bases are attacked and who strike
#: back (``US``: "القوات الأمريكية", "جنود أمريكيين"), the armed groups that attack them
#: (``MILITIA``: "الفصائل", "عناصر"), the groups' state patron acting in its own name
#: (``IRAN``), and a strike nobody owns ("غارات مجهولة", ``UNATTRIBUTED``). Actors' sides
#: come from the dataset's actor table; these names are what the rules compare them with.
US = "us"
MILITIA = "militia"
IRAN = "iran"
UNATTRIBUTED = "unattributed"
#: Sides that attack (the militia and their patron) and that strike (the forces, or no one).
ATTACKING_SIDES = (MILITIA, IRAN)
STRIKING_SIDES = (US, UNATTRIBUTED)
#: The sides drafted (the dyad of the case); anything else is skipped as out of scope.
DYAD_SIDES = (US, MILITIA, IRAN)
#: Agents named by a word that is not a side id: "للتحالف" (the US-led coalition).
AGENT_SIDE = {"coalition": US}
#: Whom each side's action is against by default.
OPPOSITE = {US: MILITIA, MILITIA: US, IRAN: US, UNATTRIBUTED: MILITIA}
#: Casualty kinds the coder drafts for a side's people (the reports' militia wounded are
#: too rarely counted to code; they stay in the draft's note).
CODED_CASUALTIES = {US: ("killed", "wounded"), MILITIA: ("killed",)}

# ---------------------------------------------------------------------------------------
# supplementary entries: patterns and non-site places (names and their spellings live in
# data/raw/actors.csv and data/raw/gazetteer.csv)
# ---------------------------------------------------------------------------------------
#: actor_id -> descriptive patterns that point to the actor in context (regular expressions
#: in ordinary spelling); spellings of names belong in ``aliases_ar`` of the actor table.
EXTRA_ACTORS = {
    "islamic-resistance-iraq": ["مجاهدو المقاومة الإسلامية في العراق",
                                "مجاهدي المقاومة الإسلامية في العراق"],
    "iran-aligned-militias-generic": [
        # "فصائل مسلحة مدعومة من إيران", "ميليشيا عراقية مدعومة إيرانياً", "وكلاء طهران" ...
        r"(?:ال)?(?:فصائل|فصيل|ميليشيات|مليشيات|ميليشيا|مليشيا|جماعات|جماعة|مجموعات|مجموعة|"
        r"مسلحين|مسلحون|مقاتلين|مقاتلون|عناصر|قوات|وكلاء|أذرع)"
        r"(?:\s+(?:ال)?(?:مسلحة|عراقية|سورية|شيعية|أجنبية|ولائية|إيرانية|عراقيون|عراقيين))*"
        r"(?:\s+(?:ال)?(?:موجودة|المنتشرة|منتشرة|المتمركزة|متمركزة)\s+\S+(?:\s+ال\S+)?)?"
        # "فصائل يشتبه في كونها متحالفة مع إيران": a hedge before the tie (coder19)
        r"(?:\s+(?:يشتبه|يعتقد|يرجح|يُشتبه|يُعتقد)\s+(?:في\s+|ب)?(?:كونها|أنها|انها|أنهم|انهم))?"
        r"\s+(?:(?:ال)?(?:مدعومة|مدعومين|مدعومون|المدعومين|موالية|الموالية|موالين|الموالين|"
        r"موالون|الموالون|"
        r"مقربة|المقربة|مقرّبة|متحالفة|المتحالفة|تابعة|التابعة|مرتبطة|المرتبطة|حليفة|الحليفة|"
        r"المدعومة)\s+(?:من\s+|لـ?\s*|مع\s+)?(?:إيران|طهران|الحرس\s+الثوري|للحرس\s+الثوري)|"
        r"(?:مدعومة|مدعومين|مدعومون)\s+إيرانيا|إيرانيا)",
        r"وكلاء\s+(?:إيران|طهران)", r"أذرع\s+(?:إيران|طهران)",
        r"(?:ال)?(?:فصائل|ميليشيات|مليشيات|ميليشيا|مليشيا)\s+(?:ال)?(?:مسلحة|عراقية|ولائية|إيرانية"
        r"|شيعية)",
        r"(?:ال)?(?:ميليشيات|مليشيات|ميليشيا|مليشيا)", "المقاومة الإسلامية",
        r"جماعات?\s+يدعمها", r"(?:ال)?(?:ميليشيات|مليشيات|جماعات|فصائل)\s+(?:ال)?(?:تابعة|"
                             r"مرتبطة)\s+(?:له|به|لها|بها)",
    ],
    "us-forces": [r"(?:ال)?قوات\s+(?:ال)?(?:عسكرية\s+)?(?:ال)?(?:أمريكية|أميركية)",
                  r"(?:ال)?جنود\s+(?:ال)?(?:أمريكيين|أميركيين|أمريكيون|أميركيون)",
                  r"(?:ال)?(?:طائرات|مقاتلات|قاذفات|مروحيات|طائرة|مقاتلة|قاذفة|"
                  r"مروحية)\s+(?:ال)?(?:حربية\s+)?(?:ال)?(?:أمريكية|أميركية)",
                  r"(?:ال)?طيران\s+(?:ال)?(?:حربي\s+)?(?:ال)?(?:أمريكي|أميركي)",
                  # a model between the aircraft and the adjective: "قاذفات بي 1 الأمريكية"
                  r"(?:ال)?(?:طائرة|طائرات|مقاتلة|مقاتلات|قاذفة|قاذفات|مروحية|مروحيات)\s+(?:من\s+"
                  r"طراز\s+)?(?:بي|إف|اف|B|F)[\s-]*[\d٠-٩]+\S*\s+(?:ال)?(?:أمريكية|أميركية)",
                  r"(?:ال)?(?:طائرة|مسيرة|مسيّرة)\s+(?:مسيرة\s+)?(?:ال)?(?:أمريكية|أميركية)",
                  "قوات بلاده"],
    "us-dod": [r"وزارة\s+الدفاع\s+(?:ال)?(?:أمريكية|أميركية|الأمريكي|الأميركي)"],
    # "أعلنت القيادة العسكرية الأميركية في الشرق الأوسط أنها نفذت": CENTCOM described
    "centcom": [r"(?:ال)?قيادة\s+(?:ال)?عسكرية\s+(?:ال)?(?:أمريكية|أميركية)"],
    "us-government": [r"مسؤول(?:ون|ين|ان|َين)?\s+(?:دفاعي|عسكري|عسكريون|"
                      r"دفاعيون)?\s*(?:ال)?(?:أمريكي|أميركي|أمريكيون|أميركيون|أمريكيين|أميركيين|"
                      r"أمريكيان|أمريكيين)",
                      ],
    "coalition": ["قاعدة للتحالف الدولي"],
    # "مواقع لمليشيات داعش", "خلايا تنظيم داعش": a generic group word naming ISIS is ISIS
    "islamic-state": [r"(?:ال)?(?:ميليشيات|مليشيات|ميليشيا|مليشيا|عصابات|عصابة|خلايا|فلول|"
                      r"عناصر|مسلحي|مسلحو|مقاتلي)\s+(?:تنظيم\s+)?(?:داعش|الدولة\s+الإسلامية)"],
    "israel": [r"(?:ال)?(?:طائرات|مقاتلات|طيران|قوات|جيش|الجيش|غارات|ضربات|قصف|مسيرات|"
               r"مسيرة)\s+(?:ال)?(?:حربية\s+|حربي\s+)?(?:ال)?(?:إسرائيلية|إسرائيلي)"],
}
#: Extra actors not in the table: actor_id -> (name, side, kind, spellings).
NEW_ACTORS = {
    "russia": ("Russia / Russian forces", "other", "state", [
        "روسيا", r"(?:ال)?(?:قوات|طائرات|طيران|مقاتلات)\s+(?:ال)?(?:روسية|روسي)", "الطيران الروسي",
        "موسكو"]),
    "turkey": ("Turkey / Turkish forces", "other", "state", [
        "تركيا", r"(?:ال)?(?:قوات|طائرات|طيران|مسيرات|مسيرة)\s+(?:ال)?(?:تركية|تركي)", "أنقرة"]),
    "hamas": ("Hamas", "other", "group", ["حركة حماس", "حماس", "كتائب القسام"]),
    "foreign-forces": ("armed forces of another state", "other", "state military", [
        r"(?:ال)?(?:سلاح\s+الجو|القوات\s+الجوية|الطيران\s+الحربي|الجيش|القوات\s+المسلحة|الطيران)\s+"
        r"(?:ال)?(?:أردني|الأردني|إسرائيلي|الإسرائيلي|روسي|الروسي|تركي|التركي|سوري|السوري|عراقي|"
        r"العراقي|السعودي|سعودي)",
        r"(?:ال)?(?:طائرات|مقاتلات|مسيرات|طيران)\s+(?:ال)?(?:أردنية|روسية|تركية|سورية)"]),
    "houthis": ("Houthis (Ansar Allah)", "other", "group", ["الحوثيين", "الحوثيون", "جماعة الحوثي",
                                                            "أنصار الله"]),
    # no party of the case (a strike on its leaders is outside the dyad, as one on ISIS's)
    "al-qaeda": ("al-Qaeda and its Syrian affiliates", "other", "group", [
        r"تنظيم \"?القاعدة", "حراس الدين", "تنظيم حراس الدين", "جبهة النصرة"]),
    # Kurdish parties (their offices and headquarters are no US target)
    "kurdish-parties": ("Kurdish political parties (KDP, PUK, PKK)", "other", "party", [
        "الحزب الديمقراطي الكردستاني", "الديمقراطي الكردستاني", "الاتحاد الوطني الكردستاني",
        "حزب الاتحاد الوطني الكردستاني", "حزب العمال الكردستاني"]),
    "civilians": ("civilians", "other", "people", []),
}
#: Places that are not sites of the dataset (context and scope): (Arabic spelling, None,
#: name, country, admin1). Spellings of gazetteer sites belong in its ``aliases_ar``.
EXTRA_PLACES = [
    ("الحيدرية", None, "al-Haydariya (Mayadin desert)", "Syria", "Deir ez-Zor"),
    ("الشبلي", None, "al-Shibli (Mayadin desert)", "Syria", "Deir ez-Zor"),
    ("الباغوز", None, "al-Baghuz", "Syria", "Deir ez-Zor"),
    ("الصالحية", None, "al-Salihiyah", "Syria", "Deir ez-Zor"),
    ("السكرية", None, "al-Sukkariyah", "Syria", "Deir ez-Zor"),
    ("حقل التنك", None, "al-Tanak oil field", "Syria", "Deir ez-Zor"),
    ("البصيرة", None, "al-Busayrah", "Syria", "Deir ez-Zor"),
    ("ذيبان", None, "Dhiban", "Syria", "Deir ez-Zor"),
    ("الشحيل", None, "al-Shuhayl", "Syria", "Deir ez-Zor"),
    ("هجين", None, "Hajin", "Syria", "Deir ez-Zor"),
    ("القامشلي", None, "Qamishli", "Syria", "Hasakah"),
    ("الرقة", None, "Raqqa", "Syria", "Raqqa"),
    ("تدمر", None, "Palmyra", "Syria", "Homs"),
    ("حمص", None, "Homs", "Syria", "Homs"),
    ("حلب", None, "Aleppo", "Syria", "Aleppo"),
    ("ريف دمشق", None, "Rif Dimashq", "Syria", "Rif Dimashq"),
    ("السيدة زينب", None, "Sayyida Zaynab", "Syria", "Rif Dimashq"),
    ("الموصل", None, "Mosul", "Iraq", "Nineveh"),
    ("البصرة", None, "Basra", "Iraq", "Basra"),
    ("النجف", None, "Najaf", "Iraq", "Najaf"),
    ("كربلاء", None, "Karbala", "Iraq", "Karbala"),
    ("عين التمر", None, "Ain al-Tamr", "Iraq", "Karbala"),
    ("الحلة", None, "Hillah", "Iraq", "Babil"),
    ("الطارمية", None, "al-Tarmiyah", "Iraq", "Baghdad"),
    # the supply routes of southern Iraq (convoy attacks): governorates and towns
    ("الديوانية", None, "Diwaniyah (al-Qadisiyah)", "Iraq", "Qadisiyah"),
    ("ذي قار", None, "Dhi Qar", "Iraq", "Dhi Qar"),
    ("المثنى", None, "Muthanna", "Iraq", "Muthanna"),
    ("الناصرية", None, "Nasiriyah", "Iraq", "Dhi Qar"),
    ("السماوة", None, "Samawah", "Iraq", "Muthanna"),
    # more towns of the supply routes (Baghdad - Basra and the western desert roads) and
    # their governorates
    ("الكوت", None, "Kut", "Iraq", "Wasit"),
    ("الصويرة", None, "Suwayrah", "Iraq", "Wasit"),
    ("واسط", None, "Wasit", "Iraq", "Wasit"),
    ("ميسان", None, "Maysan", "Iraq", "Maysan"),
    ("الإسكندرية", None, "Iskandariyah", "Iraq", "Babil"),
    ("المسيب", None, "Musayyib", "Iraq", "Babil"),
    ("المحمودية", None, "Mahmudiyah", "Iraq", "Baghdad"),
    ("اليوسفية", None, "Yusufiyah", "Iraq", "Baghdad"),
    ("الرميثة", None, "Rumaitha", "Iraq", "Muthanna"),
    ("الشطرة", None, "Shatra", "Iraq", "Dhi Qar"),
    ("سوق الشيوخ", None, "Suq al-Shuyukh", "Iraq", "Dhi Qar"),
    ("عفك", None, "Afak", "Iraq", "Qadisiyah"),
    ("الكوفة", None, "Kufa", "Iraq", "Najaf"),
    ("الزبير", None, "Zubayr", "Iraq", "Basra"),
    ("صفوان", None, "Safwan", "Iraq", "Basra"),
    ("أم قصر", None, "Umm Qasr", "Iraq", "Basra"),
    ("بيجي", None, "Baiji", "Iraq", "Salahuddin"),
    ("الدجيل", None, "Dujail", "Iraq", "Salahuddin"),
    ("حديثة", None, "Haditha", "Iraq", "Anbar"),
    ("راوة", None, "Rawa", "Iraq", "Anbar"),
    ("البغدادي", None, "al-Baghdadi", "Iraq", "Anbar"),
    ("النخيب", None, "Nukhayb", "Iraq", "Anbar"),
    ("طريبيل", None, "Trebil", "Iraq", "Anbar"),
    # the Euphrates valley east of Deir ez-Zor (towns without a dataset site)
    ("السيال", None, "al-Sayyal", "Syria", "Deir ez-Zor"),
    ("السويعية", None, "al-Suwaiyah", "Syria", "Deir ez-Zor"),
    ("حطلة", None, "Hatla", "Syria", "Deir ez-Zor"),
    ("الموحسن", None, "al-Muhassan", "Syria", "Deir ez-Zor"),
    ("السليمانية", None, "Sulaymaniyah", "Iraq", "Sulaymaniyah"),
    ("دهوك", None, "Duhok", "Iraq", "Duhok"),
    ("الرطبة", None, "Rutba", "Iraq", "Anbar"),
    ("الفلوجة", None, "Fallujah", "Iraq", "Anbar"),
    ("هيت", None, "Hit", "Iraq", "Anbar"),
    ("الحبانية", None, "Habbaniyah", "Iraq", "Anbar"),
    ("سامراء", None, "Samarra", "Iraq", "Salahuddin"),
    ("تكريت", None, "Tikrit", "Iraq", "Salahuddin"),
    ("صلاح الدين", None, "Salahuddin", "Iraq", "Salahuddin"),
    ("نينوى", None, "Nineveh", "Iraq", "Nineveh"),
    ("إقليم كردستان", None, "Kurdistan Region", "Iraq", ""),
    ("إقليم كردستان العراق", None, "Kurdistan Region", "Iraq", ""),
    ("كردستان العراق", None, "Kurdistan Region", "Iraq", ""),
    ("إقليم كوردستان", None, "Kurdistan Region", "Iraq", ""),
    # governorates named after a city the gazetteer has as a city only: "محافظة كركوك" is
    # not Kirkuk city (a container, no site of its own)
    ("محافظة أربيل", None, "Erbil Governorate", "Iraq", "Erbil"),
    ("محافظة بغداد", None, "Baghdad Governorate", "Iraq", "Baghdad"),
    ("محافظة كركوك", None, "Kirkuk Governorate", "Iraq", "Kirkuk"),
    # the countryside of such a city is not the city either ("في ريف بغداد الشمالي")
    ("ريف بغداد", None, "Baghdad countryside", "Iraq", "Baghdad"),
    ("حزام بغداد", None, "Baghdad countryside", "Iraq", "Baghdad"),
    ("ريف كركوك", None, "Kirkuk countryside", "Iraq", "Kirkuk"),
    ("ريف أربيل", None, "Erbil countryside", "Iraq", "Erbil"),
    ("الرويشد", None, "Ruwaished", "Jordan", "Mafraq"),
    ("المفرق", None, "Mafraq", "Jordan", "Mafraq"),
    ("إيلات", None, "Eilat", "Israel", ""), ("أم الرشراش", None, "Eilat", "Israel", ""),
    ("حيفا", None, "Haifa", "Israel", ""), ("تل أبيب", None, "Tel Aviv", "Israel", ""),
    ("الجولان المحتل", None, "occupied Golan", "Israel", ""),
    ("الأراضي المحتلة", None, "occupied territories", "Israel", ""),
    ("فلسطين المحتلة", None, "occupied Palestine", "Israel", ""),
    ("البحر الأحمر", None, "Red Sea", "Red Sea", ""), ("خليج عدن", None, "Gulf of Aden", "Red Sea", ""),
]
#: Kinds of the supplementary places (by English name; the others are towns): "district"
#: for a neighbourhood or locality inside a town or a desert area, "admin" for a
#: governorate, province or autonomous region (a container, not a site), "region" for
#: other areas.
EXTRA_PLACE_KINDS = {
    "al-Haydariya (Mayadin desert)": "district", "al-Shibli (Mayadin desert)": "district",
    "al-Tanak oil field": "oilfield", "Rif Dimashq": "admin", "Salahuddin": "admin",
    "Nineveh": "admin", "Kurdistan Region": "admin", "Diwaniyah (al-Qadisiyah)": "admin",
    "Erbil Governorate": "admin", "Baghdad Governorate": "admin", "Kirkuk Governorate": "admin",
    "Baghdad countryside": "admin", "Kirkuk countryside": "admin", "Erbil countryside": "admin",
    "Dhi Qar": "admin", "Muthanna": "admin", "Wasit": "admin", "Maysan": "admin",
    "occupied Golan": "region", "occupied territories": "region",
    "occupied Palestine": "region", "Red Sea": "region", "Gulf of Aden": "region",
}
#: Supplementary places known to lie inside a gazetteer site (by English name -> site_id):
#: a locality named without its area is still part of that area's site.
EXTRA_PLACE_WITHIN = {
    "al-Haydariya (Mayadin desert)": "mayadin-desert",
    "al-Shibli (Mayadin desert)": "mayadin-desert",
}
#: Country names and adjectives (ordinary spelling) -> country.
COUNTRIES = {
    "Iraq": ["العراق", "عراقية", "عراقي", "العراقية", "العراقي", "الأراضي العراقية",
             "غرب العراق", "غربي العراق", "شمال العراق", "شمالي العراق", "جنوب العراق",
             "وسط العراق", "جنوبي العراق", "عراقيتين", "العراقيتين"],
    "Syria": ["سوريا", "سورية", "سوريّة", "السورية", "سوري", "السوري", "الأراضي السورية",
              "شرق سوريا", "شرقي سوريا", "شمال شرقي سوريا", "شمال شرق سوريا", "شرق سورية",
              "شمال سوريا", "شمالي سوريا", "جنوب سوريا", "شرقي سورية", "شمال شرقي سورية",
              "سوريتين", "السوريتين"],
    # ("شمال شرق الأردن" is a part of the country, as "شرق سوريا": no site of its own)
    "Jordan": ["الأردن", "الأردنية", "أردنية", "الأردني", "الأراضي الأردنية", "شمال شرق الأردن",
               "شمال شرقي الأردن", "شرق الأردن", "شرقي الأردن"],
}

#: Kinds of gazetteer site that host US or coalition forces (attacks on them target the US).
US_HOSTED_KINDS = {"base", "embassy"}
_US_HOSTED_EXTRA = {"erbil-airbase", "baghdad-airport", "rukban"}
#: How specific a site is (a base beats a town beats a city beats a region).
SITE_RANK = {"base": 5, "airport": 5, "embassy": 5, "crossing": 4, "oilfield": 4,
             "district": 3, "town": 3, "city": 2, "region": 1}
# Aliases that are ordinary words and need a place cue before them.
_AMBIGUOUS_PLACE_WORDS = {"القائم", "الميادين", "الرمادي", "حرير", "المشتل", "قمر الدين",
                          "عياش", "الجفرة", "كيوان", "الرحبة", "الهري", "الشبلي", "روبار",
                          "فكتوريا", "فيكتوريا", "هيت", "الحلة", "الصالحية", "السكرية",
                          "التاجي", "حيمو", "هيمو", "الجبسة", "الركبان", "ركبان", "هجين",
                          "المالكية", "البصيرة", "الشحيل", "ذيبان", "البغدادي", "الزبير",
                          "السيال", "حطلة", "الكوت", "الإسكندرية"}
_AMBIGUOUS_ACTOR_WORDS = {"الكتائب", "العصائب", "الحشد", "النجباء", "الوارثين", "الوارثون",
                          "أصحاب الكهف", "اصحاب الكهف", "إيران", "ايران", "طهران", "بايدن",
                          "ترامب", "دمشق", "روسيا", "تركيا", "موسكو", "أنقرة", "أوستن", "رايدر",
                          "كيربي", "كوريلا", "واشنطن", "أمريكا", "أميركا", "امريكا"}
#: the day a listed place was hit, between it and the next place ("البوكمال يوم الأحد والقائم")
_WEEKDAY_GAP = re.compile(norm_pattern(
    r"\s*(?:(?:يوم|مساء|صباح|فجر|ليل|ليلة)\s+)?(?:ال)?(?:سبت|أحد|اثنين|ثلاثاء|أربعاء|خميس|جمعة)\s*"))
# after a place word, what makes it no second place of a list ("قناة الميادين بالـ",
# "الميادين على/عن ..."), except a weapon phrase ("والتنف وحرير بالطائرات المسيرة") and
# "على التوالي"
_NOT_COORDINATED_AFTER = norm_pattern(
    r"\s+(?:بال(?!طائرة|طائرات|مسيرة|مسيرات|مسيّرة|صواريخ|صاروخ|قذائف|قذيفة|مدفعية|أسلحة)|"
    r"على\s(?!التوالي|الترتيب)|عن\s)")
#: the flag of a name written without its article: read only right after a place noun
_NOUN_ONLY = "noun"
_NOUN_CUE = norm_pattern(r"(?<![\w])[وفب]?(?:ال)?(?:مدينة|بلدة|قرية|قاعدة|مطار|معسكر|منطقة|حي|ناحية|"
                         r"قضاء|حقل)\s+$")
# a facility's name in brackets or quotes a few words after its noun ("قاعدة الاحتلال
# الأمريكي (حرير)", "القاعدة المسماة «حرير»")
_BASE_NAME_BEFORE = norm_pattern(
    r"(?:قاعدة|قاعدتي|مطار|معسكر|حقل)\s+(?:[^\s.،,؛:()«»\"]+\s+){0,3}?"
    r"(?:(?:ال)?(?:مسماة|معروفة|معروف|مسمى)\s+(?:باسم\s+)?)?[\"'(«]\s*$")
_PLACE_CUE = norm_pattern(
    r"(?:في|فى|قرب|بالقرب من|قريبة من|قريب من|بمحيط|محيط|مدينة|مدينتي|بلدة|بلدتي|قرية|قريتي|قضاء|قضاءي|ناحية|منطقة|"
    r"منطقتي|مناطق|ريف|بادية|"
    r"قاعدة|مطار|حقل|معبر|منفذ|شرقي|غربي|شمالي|جنوبي|شرق|غرب|شمال|جنوب|على|الى|إلى|نحو|"
    r"باتجاه|داخل|أطراف|اطراف|حي|حيي|بين|معسكر|مخيم|كامب|كمب|منها|بينها|و)\s*[\"'(]?\s*$")

# ---------------------------------------------------------------------------------------
# vocabularies of the extractor (ordinary spelling; normalised by _rx)
# ---------------------------------------------------------------------------------------
_CLITIC = r"(?:[وف]?(?:ب|ل|ك)?(?:ال)?|[وف]?لل)"

#: Event triggers: (name, stem pattern, kind, plural). ``kind`` says which side a bare
#: trigger suggests: "neutral", "strike" (air/US-style), "attack" (militia-style),
#: "raid", "shootdown".
#: "منطقة إنزال", "مهبط": the noun before "إنزال" when it names a landing zone
_ZONE_BEFORE = re.compile(norm_pattern(r"(?<![\w])(?:ال)?(?:منطقة|منطقتي|مهبط)\s+$"))
TRIGGER_PATTERNS = [
    ("hujum", r"هجوم(?:ا|ين|ان)?", "neutral", False),
    ("hajamat", r"هجمات", "neutral", True),
    ("hajma", r"هجمة|هجمتين|هجمتان", "neutral", False),
    ("darba", r"ضربة|ضربتين|ضربتان", "strike", False),
    ("darabat", r"ضربات", "strike", True),
    ("ghara", r"غارة|غارتين|غارتان", "strike", False),
    ("gharat", r"غارات", "strike", True),
    ("qasf", r"قصف(?:ا|ين)?", "neutral", False),
    ("istihdaf", r"استهداف(?:ا)?", "neutral", False),
    ("istihdafat", r"استهدافات", "neutral", True),
    ("itida", r"اعتداء(?:ا)?", "neutral", False),
    ("itidaat", r"اعتداءات", "neutral", True),
    ("ightiyal", r"اغتيال", "strike", False),
    # the verb too ("اغتالت واشنطن قائداً في ...", "اغتالته طائرة مسيرة")
    ("ightala_v", r"(?:اغتالت|اغتال|اغتالوا|تغتال|يغتال|اُغتيل|اغتيل)", "strike", False),
    ("inzal", r"إنزال(?:ا)?(?:\s+جوي(?:ا)?)?", "raid", False),
    # "مقتل 5 مسلحين ... عن طريق طائرة مسيرة أمريكية", "قتل قيادي بصاروخ أطلقته مسيرة": a
    # killing by a platform or a missile is an event (whose side the cues around it decide)
    ("killed_by", r"(?:مقتل|قتل|قُتل|قتلت|اغتيال|تصفية)\s+(?:\S+\s+){0,8}?(?:ب|بواسطة\s+|عن\s+طريق\s+|"
                  r"جراء\s+|إثر\s+|نتيجة\s+|بفعل\s+)(?:ال)?(?:طائرة\s+(?:ال)?مسيرة|طائرة\s+(?:بدون|من\s+دون|دون)\s+طيار|"
                  r"طائرة\s+مسيّرة|مسيرة|مسيرات|طائرات\s+(?:ال)?مسيرة|مروحية|مروحيات|صاروخ|صاروخين|صواريخ)(?![\w])",
     "neutral", False),
    # "انفجار عبوتين ناسفتين": the dual too
    ("ied", r"(?:انفجار|تفجير|انفجرت)\s+(?:\S+\s+)?عبو(?:ة|ات|تين|تان|تي)", "attack", False),
    # ("سقوط صاروخي كاتيوشا": the dual in construct)
    ("suqut", r"سقوط\s+(?:(?:ما\s+لا\s+يقل\s+عن|أكثر\s+من|اكثر\s+من|نحو)\s+)?(?:\d+\s+|\S+\s+)?(?:صواريخ|صاروخا|صاروخ|صاروخين|صاروخي|قذائف|قذيفة|قذيفتين|قذيفتي|"
              r"طائرة\s+مسيرة|مسيرة|مسيرات)",
     "attack", False),
    ("saqatat", r"سقط(?:ت|تا)?\s+(?:\d+\s+|\S+\s+)?(?:صواريخ|صاروخ|صاروخان|صاروخا|قذائف|قذيفة|"
                r"قذيفتان|قذيفتا|طائرة\s+مسيرة|مسيرة)",
     "attack", False),
    # ("إطلاق 12 صاروخا باليستيا", "سقوط 15 صاروخا": the accusative after 11-99; "سقوط ما لا
    # يقل عن ثلاثة صواريخ": a quantifier before the count)
    ("itlaq", r"إطلاق\s+(?:(?:ما\s+لا\s+يقل\s+عن|أكثر\s+من|اكثر\s+من|نحو)\s+)?(?:\d+\s+|\S+\s+)?(?:صواريخ|صاروخا|صاروخ|صاروخين|صاروخي|قذائف|قذيفة|طائرات?\s+مسيرة|"
              r"مسيرات|مسيرة|النار|نار|الطائرات\s+المسيرة)", "attack", False),
    # verbs (3rd person past and present, 1st plural of claims)
    # "أطلقت طهران فجر اليوم صواريخ باليستية", "أطلقوا ثلاثة صواريخ", "أطلق الحرس الثوري
    # الإيراني فجر اليوم الأربعاء أكثر من 15 صاروخا" (subject, time and count between)
    ("atlaqa_v", r"(?:أطلق|أطلقت|أطلقوا|أطلقنا|يطلق|تطلق)\s+(?:\S+\s+){0,7}?"
                 r"(?:(?:أكثر|اكثر|أقل|اقل)\s+من\s+|نحو\s+|حوالي\s+|قرابة\s+)?(?:[\d٠-٩]+\s+)?(?:صواريخ|صاروخا|"
                 r"صاروخ|صاروخين|قذائف|قذيفة|طائرات?\s+مسيرة|مسيرات|مسيرة|طائرتين\s+مسيرتين)", "attack", False),
    # "أطلقت نيراناً مدفعية مضادة على المواقع": artillery fire (coder19)
    ("atlaqa_artillery_v", r"(?:أطلق|أطلقت|أطلقوا|يطلق|تطلق)\s+(?:\S+\s+){0,2}?(?:نيرانا|نيران|النيران|"
                           r"قذائف)\s+(?:ال)?(?:مدفعية|المدفعية)", "neutral", False),
    # dual forms too ("طائرتان مسيرتان هاجمتا القاعدة")
    ("hajama_v", r"(?:هاجم|هاجمت|هاجمتا|هاجما|هاجموا|يهاجم|تهاجم|تهاجمان|يهاجمان|يهاجمون|نهاجم|هاجمنا|"
                 r"هوجم|هوجمت|مهاجمة)",
     "neutral", False),
    ("istahdafa_v", r"(?:استهدف|استهدفت|استهدفتا|استهدفا|استهدفوا|استهدفنا|يستهدف|تستهدف|تستهدفان|"
                    r"يستهدفان|نستهدف|يستهدفون|استُهدف|"
                    r"استُهدفت)",
     "neutral", False),
    ("qasafa_v", r"(?:قصفت|قصفتا|قصفوا|قصفنا|يقصف|تقصف|تقصفان|يقصفان|يقصفون|نقصف)", "neutral", False),
    ("daraba_v", r"(?:ضربت|ضربوا|ضربنا|تضرب|يضرب|نضرب)", "strike", False),
    # masculine "ضرب" only with a struck object ("ضرب منشأتين"): bare, it is too common
    ("daraba_m", r"ضرب\s+(?:(?:أكثر|اكثر|نحو|حوالي|قرابة)\s+(?:من\s+)?)?(?:\S+\s+){0,2}?(?:منشأة|منشأتين|منشآت|مواقع|موقعا|موقعين|أهدافا|أهداف|"
                 r"هدفا|هدفين|مقرا|مقرات|مخازن|مخزنا|مستودعات|مستودعا)", "strike", False),
    ("dakka_v", r"(?:دك|دكت|دكوا|دكّ|دكّت|ندك|يدك|تدك)", "attack", False),
    ("aghara_v", r"(?:أغارت|أغار|يغير|تغير)\s+(?:\S+\s+)?(?:طائرات|مقاتلات|طائرة|الطائرات|"
                 r"المقاتلات)",
     "strike", False),
    # (the subject and a time may stand between: "أسقطت الدفاعات الجوية فجر اليوم طائرة")
    # ("أسقطت فصائل المقاومة الإسلامية في العراق طائرة": a group's name of up to five words)
    ("shootdown", r"(?:أسقط|أسقطت|أسقطوا|إسقاط|اسقاط|أسقطنا)\s+(?:(?:\S+\s+){0,2}?|"
                  r"(?:فصائل|الفصائل|المقاومة|مقاومة|كتائب|حركة|جماعة|عناصر|مسلحو|مسلحون)\s+"
                  r"(?:[^\s.،,؛:]+\s+){0,4}?)"
                  r"(?:(?:فجر|صباح|ظهر|عصر|مساء|ليل|ليلة|يوم|منتصف)\s+)?(?:(?:اليوم|أمس|الليلة|"
                  r"الماضية|الأحد|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)\s+)?"
                  # (a count: "أسقطت الدفاعات اليوم ثلاث مسيرات")
                  r"(?:(?:[\d٠-٩]+|ثلاث|ثلاثة|أربع|أربعة|خمس|خمسة|ست|ستة|سبع|عشر|عدة|عددا\s+من)\s+)?"
                  r"(?:طائرة|مسيرة|"
                  r"مسيرات|طائرات|طائرتين|طائرتان|مسيرتين|مسيرتان|MQ-?9|ام\s*كيو|ريبر)", "shootdown",
     False),
    ("intercept", r"(?:اعترض|اعترضت|اعترضنا|تصدت|تصدى|اعتراض|"
                  r"التصدي\s+ل)\s+(?:\S+\s+){0,8}?ل?(?:صاروخا|صاروخان|صاروخ|صواريخ|صاروخين|طائرة|"
                  r"طائرات|مسيرة|مسيرات|طائرتين|طائرتان|مسيرتين|قذيفة|قذيفتين|قذائف)",
     "shootdown", False),
    ("amaliya", r"(?:عملية|عمليتين|عمليتان|عمليات)(?=\s*:|\s+(?:\S+\s+){0,2}?(?:ضد|على|استهدف|استهدفت|"
                r"نوعية|عسكرية|هجومية|:))|"
                # "مقتل سليماني بعملية أميركية": an operation with the nationality of who struck
                r"(?<=ب)(?:عملية)(?=\s+(?:أمريكية|أميركية|امريكية|اميركية)(?![\w]))|(?<=نفذ\s)(?:عملية|عمليتين|عمليات)|(?<=تنفيذ\s)(?:عملية|"
                r"عمليتين|عمليات)", "neutral", False),
    ("fell", r"(?:صواريخ|صاروخ|صاروخان|صاروخين|صاروخا|قذائف|قذيفة|قذيفتان|قذيفتا|قذيفتي|"
             r"طائرة\s+مسيرة|مسيرة|مسيرتان|طائرتان\s+مسيرتان|"
             r"عبوة\s+ناسفة|(?:عبوة|عبوتان|عبوات)(?=\s+(?:\S+\s+){0,2}?(?:انفجرت|انفجرتا)(?![\w])))"
             # ("ثلاثة صواريخ من نوع غراد سقطت": a type named between)
             r"\s+(?:\S+\s+){0,2}?(?:(?:من\s+)?(?:نوع|طراز)\s+\S+\s+)?"
             r"(?:سقطت|سقط|سقطتا|سقطا|انفجرت|انفجر|استهدفت|"
             r"استهدفتا|أصابت|ضربت)|"
             # "أربعة صواريخ من طراز كاتيوشا أُطلقت ... على قاعدة": fired (passive)
             r"(?:صواريخ|صاروخ|صاروخان|صاروخين|قذائف|قذيفة|قذيفتان|قذيفتين)\s+(?:\S+\s+){0,3}?"
             r"(?:أطلقت|أطلق|أطلقتا|أطلقا)(?=\s+(?:\S+\s+){0,8}?(?:على|باتجاه|نحو|صوب)\s)",
     "attack", False),
    ("taarrud", r"(?:تعرض|تعرضت|تعرضوا|يتعرض|تتعرض)\s+(?:\S+\s+){0,3}?(?:ل|لـ|إلى\s+)\s*(?:\d+\s+|"
                r"\S+\s+)?(?:صواريخ|صاروخ|قذائف|قذيفة|طائرة\s+مسيرة|طائرات\s+مسيرة|مسيرة|مسيرات)", "attack", False),
]

# triggers that are whole clauses ("سقطت ثلاثة صواريخ"), treated like verbs
_CLAUSAL_TRIGGERS = {"ied", "killed_by", "suqut", "saqatat", "itlaq", "shootdown", "fell", "taarrud",
                     "aghara_v", "intercept", "daraba_m"}

#: Weapon cues: (pattern, weapon as coded for a militia/Iran attack, weapon for a US strike).
WEAPON_PATTERNS = [
    (r"(?:ال)?(?:صاروخ|صواريخ|صاروخين|صاروخان)\s+(?:\S+\s+)?(?:ال)?(?:بالستي|باليستي)\S*|"
     r"(?:ال)?(?:بالستي|باليستي)\S*", "ballistic_missile", "ballistic_missile"),
    (r"(?:ال)?(?:صاروخ|صواريخ)\s+(?:ال)?(?:كروز|مجنح\S*)|توماهوك", "cruise_missile", "cruise_missile"),
    (r"(?:ال)?(?:طائرة|طائرات|طائرتين|طائرتان|الطائرة|الطائرات)\s+(?:ال)?(?:مسيرة|مسيرات|مسيرتين|"
     r"مسيرتان|بدون\s+طيار|بلا\s+طيار|من\s+دون\s+طيار|دون\s+طيار|انتحارية|مفخخة)", "drone", "drone_strike"),
    # "طائرة أميركية بدون طيار": an adjective between the aircraft and "without a pilot"
    (r"(?:ال)?(?:طائرة|طائرات|طائرتين|طائرتان)\s+(?:ال)?[^\s,،.]+\s+(?:(?:بدون|بلا|من\s+دون|دون)\s+طيار|"
     r"(?:ال)?(?:مسيرة|مسيرات|مسيرتين|مسيرتان))(?![\w])", "drone", "drone_strike"),
    (r"(?:ال)?(?:مسيرة|مسيرات|مسيرتين|مسيرتان)(?!\s+(?:احتجاجية|سلمية|حاشدة|شعبية|جماهيرية))",
     "drone", "drone_strike"),
    (r"(?:ال)?طيران\s+(?:ال)?مسير|درون|درونز|قاصف|شاهد[\s-]*136|صماد|مرصاد|أبابيل|MQ-?9|ريبر|"
     r"(?:إم|ام)[\s-]*(?:كيو|كيوو)[\s-]*(?:9|٩|1|١)|بريداتور|بريديتور",
     "drone", "drone_strike"),
    (r"كاتيوشا|غراد|(?:ال)?قذائف\s+(?:ال)?صاروخية|راجمات?|(?:ال)?صواريخ|(?:ال)?صاروخ|صاروخا|"
     r"صاروخين|صاروخان|(?:ال)?صاروخية|صاروخيا|صاروخي", "rocket", "airstrike"),
    (r"(?:ال)?هاون|(?:ال)?هاونات", "mortar", "artillery"),
    # bare "قذائف" fired at a base ("هجوم بقذائف على قاعدة"): rockets; not "قذائف هاون/مدفعية";
    # no weapon of a US strike (there it is the attack the strike answers)
    (r"(?:ال)?(?:قذائف|قذيفة|قذيفتين|قذيفتان)(?!\s+(?:ال)?(?:هاون|مدفعي|صاروخي))", "rocket",
     None),
    (r"(?:ال)?(?:قصف\s+)?(?:ال)?مدفعي(?:ة)?|(?:ال)?مدفعية|مدافع|هاوتزر|هيمارس|HIMARS", "artillery",
     "artillery"),
    (r"(?:ال)?(?:عبوة|عبوات|عبوتين|عبوتان)\s+(?:ال)?(?:ناسفة|لاصقة|ناسفات|ناسفتين|ناسفتان)|"
     r"(?:ال)?(?:عبوة|عبوات|عبوتين|عبوتان)|لغم|ألغام|"
     r"(?:ال)?سيارة\s+مفخخة",
     "ied", "ied"),
    (r"(?:ال)?أسلحة\s+(?:ال)?(?:خفيفة|رشاشة)|(?:ال)?رشاشات|إطلاق\s+(?:ال)?نار|(?:ال)?رصاص|قناص|قنص",
     "small_arms", "small_arms"),
    (r"(?:ال)?(?:غارة|غارات|غارتين)|(?:ال)?(?:ضربة|ضربات)\s+(?:ال)?جوية|(?:ال)?قصف\s+(?:ال)?جوي|"
     r"(?:ال)?قصفا\s+جويا|(?:ال)?طيران\s+(?:ال)?حربي|(?:ال)?(?:مقاتلات|مقاتلة|مقاتلتين|مقاتلتان)|"
     r"(?:ال)?طائرات?\s+(?:ال)?(?:حربية|مقاتلة)|(?:ال)?طائرتان\s+مقاتلتان|(?:ال)?قاذفات?|"
     r"(?:ال)?قاذفتين|إف\s*-?\s*\d{2}|اف\s*-?\s*\d{2}|f\s*-?\s*\d{2}|b\s*-?\s*1b?|b\s*-?\s*52|"
     r"بي\s*-?\s*52|بي\s*-?\s*1|(?:ال)?ذخائر\s+(?:ال)?دقيقة|(?:ال)?طائرات(?=\s+(?:انطلقت|أقلعت))|"
     r"(?:ال)?(?:طائرات|طائرة)(?=\s+(?:ال)?(?:جيش|قوات|سلاح|التحالف|الجيش|القوات|حربية\s+أمريكية|"
     r"أمريكية|أميركية|للتحالف|تابعة\s+للتحالف|تابعة\s+للقوات))", "airstrike", "airstrike"),
    (r"(?:ال)?(?:مروحية|مروحيات|مروحيتين)|هليكوبتر|هليكوبتر|هيليكوبتر|أباتشي|اباتشي", "helicopter",
     "helicopter"),
    (r"(?:ال)?نيران?\s+(?:ال)?غير\s+(?:ال)?مباشرة|(?:ال)?نيرانا\s+غير\s+مباشرة", "unknown", ""),
]

#: Nationality adjectives that name the acting side right after a trigger noun.
AGENT_ADJECTIVES = {
    US: r"(?:ال)?(?:أمريكي|أميركي|أمريكية|أميركية|امريكي|أمريكيا|أمريكيّة)",
    IRAN: r"(?:ال)?(?:إيراني|إيرانية|ايراني|ايرانية)",
    "other": r"(?:ال)?(?:إسرائيلي|إسرائيلية|روسي|روسية|تركي|تركية|أردني|أردنية|عراقي|عراقية|سوري|"
             r"سورية)",
    "coalition": r"(?:لل|لقوات\s+ال)تحالف(?:\s+الدولي)?",
}

# ---------------------------------------------------------------------------------------
# data classes and the matcher
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Mention:
    """One lexicon match in normalised text.

    ``cat`` is ``"actor"``, ``"place"``, ``"country"``, ``"weapon"`` or ``"trigger"``;
    ``key`` the actor_id, site key, country, weapon or trigger name; ``info`` a dict of
    attributes (side, kind, country, admin1, site_id, coordinates, plural ...).
    """

    start: int
    end: int
    cat: str
    key: str
    info: dict = field(default_factory=dict, compare=False, hash=False)
    text: str = ""


def _rx(p: str) -> str:
    """A pattern in ordinary spelling -> a pattern for normalised text (spaces flexible)."""
    p = norm_pattern(p)
    return re.sub(r"(?<!\\) ", r"\\s+", p)


def _alias_rx(alias: str) -> str:
    a = normalize_term(alias)
    # 'قاعدة "بلد" الجوية': a name in quotation marks inside a multi-word spelling
    esc = re.escape(a).replace(r"\ ", r'"?\s+"?')
    if a.startswith("ال") and len(a) > 4:
        # "للجيش السوري", "للحرس الثوري": "لل" is "لـ" with the article; the spelling's
        # own "ال" is then not written (only after "لل", not as a bare word)
        esc = "(?:" + esc + "|(?<=لل)" + re.escape(a[2:]).replace(r"\ ", r'"?\s+"?') + ")"
    return esc


def _split(s) -> list[str]:
    if s is None or (isinstance(s, float)) or s != s:
        return []
    return [a.strip() for a in str(s).split("|") if a.strip()]


class Lexicon:
    """Compiled matchers for actors, places, countries, weapons and triggers."""

    def __init__(self, actors, sites):
        self.actors = {}
        self.sites = {}
        act_alias: dict[str, tuple[str, bool]] = {}          # pattern -> (actor_id, is_regex)
        for r in actors.itertuples(index=False):
            aid = r.actor_id
            self.actors[aid] = {"actor_id": aid, "name": r.name, "side": r.side, "kind": r.kind}
            aliases = _split(r.aliases_ar)
            norm = {normalize_term(a) for a in aliases}
            for a in aliases:
                na = normalize_term(a)
                # "القوات الأمريكية في العراق": keep the place out of the actor's name
                m = re.fullmatch(r"(.+) (?:في|ب)(?:ال)?\S+", na)
                if m and m.group(1) in norm and aid != "islamic-resistance-iraq":
                    continue
                act_alias[_alias_rx(a)] = (aid, na in {normalize_term(w)
                                                       for w in _AMBIGUOUS_ACTOR_WORDS})
            for a in _split(r.aliases_en):
                if len(a) >= 5 and not re.fullmatch(r"[A-Z]{2,5}", a):
                    act_alias[re.escape(a.lower()).replace(r"\ ", r"\s+")] = (aid, False)
        for aid, (name, side, kind, aliases) in NEW_ACTORS.items():
            self.actors[aid] = {"actor_id": aid, "name": name, "side": side, "kind": kind}
            for a in aliases:
                act_alias[_rx(a)] = (aid, normalize_term(a) in {normalize_term(w)
                                                                  for w in _AMBIGUOUS_ACTOR_WORDS})
        for aid, aliases in EXTRA_ACTORS.items():
            if aid not in self.actors:
                continue
            for a in aliases:
                act_alias[_rx(a)] = (aid, normalize_term(a) in {normalize_term(w)
                                                                  for w in _AMBIGUOUS_ACTOR_WORDS})
        self._actor_rx = self._compile(act_alias)

        place_alias: dict[str, tuple[str, bool]] = {}
        for r in sites.itertuples(index=False):
            sid = r.site_id
            lat = None if r.latitude != r.latitude else float(r.latitude)
            lon = None if r.longitude != r.longitude else float(r.longitude)
            self.sites[sid] = {"site_id": sid, "name": r.name, "kind": r.kind or "",
                               "country": r.country or "", "admin1": r.admin1 or "",
                               "latitude": lat, "longitude": lon,
                               "us_hosted": (r.kind in US_HOSTED_KINDS) or sid in _US_HOSTED_EXTRA}
            note = "" if r.note is None or r.note != r.note else str(r.note)
            flagged = set()
            for chunk in re.findall(r"AMBIGUOUS Arabic alias[^.;]*", note):
                flagged |= {normalize_term(w) for w in re.findall(r"[\u0600-\u06ff][\u0600-\u06ff ]*",
                                                                  chunk)}
            for a in _split(r.aliases_ar):
                na = normalize_term(a)
                amb = na in flagged or na in {normalize_term(w) for w in _AMBIGUOUS_PLACE_WORDS}
                place_alias[_alias_rx(a)] = (sid, amb)
            for a in _split(r.aliases_ar):
                # "مدينة بوكمال", "قاعدة شدادي": a one-word name written without its article
                # after the noun of a place (only there: "ميادين" alone is "squares")
                na = normalize_term(a)
                if " " not in na and na.startswith("ال") and len(na) >= 6:
                    amb = na in flagged or na in {normalize_term(w) for w in _AMBIGUOUS_PLACE_WORDS}
                    place_alias.setdefault(_alias_rx(na[2:]), (sid, (_NOUN_ONLY, amb)))
            for a in _split(r.aliases_ar):
                # "حقل نفط "العمر"", "حقل غاز كونيكو": the field's kind between the noun and
                # its name (coder19)
                na = normalize_term(a)
                if na.startswith("حقل ") and " " not in na[4:]:
                    amb = na in flagged
                    place_alias.setdefault(
                        norm_pattern(r"حقل\s+(?:ال)?(?:نفط|غاز)\s+") + r'"?' + _alias_rx(na[4:]),
                        (sid, amb))
            for a in _split(r.aliases_en):
                if len(a) >= 5 and not re.fullmatch(r"[A-Z0-9-]{2,5}", a):
                    place_alias[re.escape(a.lower()).replace(r"\ ", r"\s+")] = (sid, False)
        self.extra_places = {}
        for i, (a, sid, name, country, admin1) in enumerate(EXTRA_PLACES):
            key = sid if sid in self.sites else f"x:{normalize_term(a)}"
            if key not in self.sites and key not in self.extra_places:
                self.extra_places[key] = {"site_id": None, "name": name,
                                          "kind": EXTRA_PLACE_KINDS.get(name, "town"),
                                          "within": EXTRA_PLACE_WITHIN.get(name),
                                          "country": country, "admin1": admin1,
                                          "latitude": None, "longitude": None,
                                          "us_hosted": False}
            amb = normalize_term(a) in {normalize_term(w) for w in _AMBIGUOUS_PLACE_WORDS}
            place_alias[_alias_rx(a)] = (key, amb)
        self._place_rx = self._compile(place_alias)

        country_alias = {}
        for c, names in COUNTRIES.items():
            for n in names:
                country_alias[_alias_rx(n)] = (c, False)
        self._country_rx = self._compile(country_alias)

        self._weapon_rx = [(re.compile(r"(?<![\w])" + _CLITIC + "(?:" + _rx(p) + r")(?![\w])"), w, ws)
                           for p, w, ws in WEAPON_PATTERNS]
        self._trigger_rx = [(re.compile(r"(?<![\w])(?P<pre>" + _CLITIC + ")(?P<stem>" + _rx(p)
                                        + r")(?P<suf>ها|هم|ه|هما|كم|نا)?(?![\w])"), n, k, pl)
                            for n, p, k, pl in TRIGGER_PATTERNS]
        self.agent_adjectives = {s: re.compile(r"^\s*(?:" + _rx(p) + r")(?![\w])")
                                 for s, p in AGENT_ADJECTIVES.items()}

    @staticmethod
    def _compile(aliases: dict) -> list:
        """Group aliases by length (longest first) into a few big alternations."""
        items = sorted(aliases.items(), key=lambda kv: -len(kv[0]))
        out = []
        for pat, (key, amb) in items:
            out.append((pat, key, amb))
        big = "|".join(f"(?P<g{i}>{p})" for i, (p, _, _) in enumerate(out))
        rx = re.compile(r"(?<![\w])(?P<pre>" + _CLITIC + r")(?:" + big + r")(?![\w])")
        return [rx, [(k, a) for _, k, a in out]]

    @staticmethod
    def _run(compiled, text, cat, info_of, need_cue: bool) -> list[Mention]:
        rx, keys = compiled
        out = []
        pos = 0
        last_end = -10
        while True:
            m = rx.search(text, pos)
            if not m:
                break
            key, amb = keys[int(m.lastgroup[1:])]
            pre = m.group("pre")
            clitic = pre[:-2] if pre.endswith("ال") else pre
            start = m.start() + len(clitic)
            if isinstance(amb, tuple):
                # the name without its article: with the article before it ("ال" read as a
                # clitic) it is the name itself; bare, only right after a place noun
                if pre.endswith("ال"):
                    amb = amb[1]
                    pre = pre[:-2]            # as if the spelling with its article matched
                elif not re.search(_NOUN_CUE, text[max(0, m.start() - 20):m.start()]) \
                        or clitic.strip("وف"):
                    pos = m.start() + 1
                    continue
                else:
                    amb = False
            if amb and need_cue:
                before = text[max(0, m.start() - 20):m.start()]
                # "الحيدرية والشبلي": a second place joined by و to a place just matched
                # ("البوكمال يوم الأحد والقائم يوم الاثنين": a weekday of the place before)
                coordinated = ((clitic.startswith("و") and (not text[last_end:m.start()].strip()
                                                           or _WEEKDAY_GAP.fullmatch(
                                                               text[last_end:m.start()]))
                                or bool(re.fullmatch(r"[\s\"'«»]*[،,]\s*[\"'«]?",
                                                     text[last_end:m.start()]))
                                # ("طريق بغداد - الحلة": the second end of a road or pair)
                                or bool(last_end and re.fullmatch(r"\s*[-–—/]\s*",
                                                                  text[last_end:m.start()])))
                               # ('"الشدادي"، "الركبان" و"التنف"': an item of a list of places)
                               # (not "قناة الميادين على/عن ...", but "الميادين على
                               # التوالي": the second member of a "respectively" pair)
                               and not re.match(_NOT_COORDINATED_AFTER,
                                                text[m.end():m.end() + 14]))
                if not (re.search(_PLACE_CUE, before) or coordinated
                        or re.search(_BASE_NAME_BEFORE, text[max(0, m.start() - 60):m.start()])
                        or pre.lstrip("وف") in ("ب", "ل", "لل")):
                    pos = m.start() + 1
                    continue
            info = dict(info_of(key))
            info["clitic"] = clitic
            if amb:
                info["weak"] = True
            out.append(Mention(start, m.end(), cat, key, info, text[start:m.end()]))
            pos = m.end()
            last_end = m.end()
        return out

    def find_actors(self, text: str) -> list[Mention]:
        from . import cues
        out = self._run(self._actor_rx, text, "actor", lambda k: self.actors[k], False)
        # "تشكيلات عسكرية موالية لإيران": the patron named in a description is not an actor
        return [a for a in out if not (a.info.get("side") == IRAN and cues.PATRON_BEFORE.search(
            text, max(0, a.start - len(a.info.get("clitic", "")) - 30),
            a.start - len(a.info.get("clitic", ""))))]

    def place_info(self, key: str) -> dict:
        return self.sites.get(key) or self.extra_places[key]

    def find_places(self, text: str) -> list[Mention]:
        return self._run(self._place_rx, text, "place", self.place_info, True)

    def find_countries(self, text: str) -> list[Mention]:
        return self._run(self._country_rx, text, "country", lambda k: {"country": k}, False)

    def find_weapons(self, text: str) -> list[Mention]:
        out = []
        taken: list[tuple[int, int]] = []
        for rx, w, ws in self._weapon_rx:
            for m in rx.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                taken.append((m.start(), m.end()))
                out.append(Mention(m.start(), m.end(), "weapon", w, {"us_weapon": ws},
                                   m.group(0)))
        return sorted(out, key=lambda x: x.start)

    def find_triggers(self, text: str) -> list[Mention]:
        out = []
        taken: list[tuple[int, int]] = []
        for rx, name, kind, plural in self._trigger_rx:
            for m in rx.finditer(text):
                s = m.start("stem")
                if any(s < e and st < m.end() for st, e in taken):
                    continue
                if name == "inzal" and _ZONE_BEFORE.search(text, max(0, m.start() - 14), m.start()):
                    continue               # "منطقة إنزال رومالين": a landing zone, a place

                taken.append((s, m.end()))
                pre = m.group("pre")
                definite = "ال" in pre or pre.endswith("لل") or bool(m.group("suf"))
                out.append(Mention(s, m.end(), "trigger", name,
                                   {"kind": kind, "plural": plural, "prefix": pre,
                                    "definite": definite,
                                    "verb": name.endswith("_v") or name in _CLAUSAL_TRIGGERS,
                                    "suffix": m.group("suf") or ""}, m.group(0)))
        return sorted(out, key=lambda x: x.start)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon built from the bundled actor and site tables (cached)."""
    from ..data import load_actors, load_sites
    return Lexicon(load_actors(), load_sites())
