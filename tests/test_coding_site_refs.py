"""The site of an event against the places a report only uses to locate it (issue 14,
coder18): a place across the border the site is "next to", a city a town is placed from
by its direction, the town a reporter writes from, the container of a town the gazetteer
lacks, a governorate named after a city, and spellings of gazetteer sites other outlets
use. Every sentence was written for these tests (none is copied from an article); each
class has variants another outlet would write and guards against over-reach. Each case:
a short report and the drafts expected as (country, site_id), site_id None for a draft
with no gazetteer site."""

import warnings

import pandas as pd
import pytest

from analysis import code_report

P = "2024-01-10"
STRIKE = "قصفت طائرات أمريكية فجر اليوم مواقع لكتائب حزب الله "
DRONE = "استهدف هجوم بطائرة مسيرة اليوم "


def _sorted(rows):
    return sorted(rows, key=lambda r: (r[0], r[1] or ""))


def _sites(text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = code_report(text, published=P)
    return _sorted((r["country"], None if pd.isna(r["site_id"]) or not r["site_id"]
                    else r["site_id"]) for _, r in d.iterrows())


CASES = [
    # -- a place across the border that the site is next to is a reference point ---------
    ("across_border_adjacent",
     STRIKE + "في المنطقة الحرة بالبوكمال السورية المجاورة لمنطقة \"القائم\" بمحافظة "
     "الأنبار العراقية.", [("Syria", "albukamal")]),
    ("across_border_adjacent_city",
     STRIKE + "في البوكمال السورية المجاورة لمدينة القائم العراقية.", [("Syria", "albukamal")]),
    ("across_border_bordering",
     STRIKE + "في البوكمال المحاذية لمنطقة القائم العراقية.", [("Syria", "albukamal")]),
    ("across_border_opposite",
     STRIKE + "في القائم العراقية قبالة مدينة البوكمال السورية.", [("Iraq", "al-qaim")]),
    ("across_border_opposite_muqabil",
     STRIKE + "في البوكمال مقابل مدينة القائم العراقية.", [("Syria", "albukamal")]),
    ("facility_in_area_across_border",
     DRONE + "قاعدة البرج 22 في منطقة الركبان.", [("Jordan", "tower-22")]),
    ("facility_in_area_across_border_country",
     DRONE + "البرج 22 في منطقة الركبان بالأردن.", [("Jordan", "tower-22")]),
    ("facility_and_area_across_border_guard",
     DRONE + "قاعدة البرج 22 ومخيم الركبان.", [("Jordan", "tower-22"), ("Syria", "rukban")]),
    # guard: two places coordinated across the border are two sites
    ("across_border_coordinated_guard",
     STRIKE + "في القائم والبوكمال.", [("Iraq", "al-qaim"), ("Syria", "albukamal")]),
    # -- towns (and governorates listed with them) placed by direction from a city -------
    ("direction_gov_and_town",
     "استهدفت غارات أمريكية فجر اليوم مركزين لكتائب حزب الله بالقرب من الأنبار وجرف "
     "الصخر جنوبي بغداد.", [("Iraq", "anbar"), ("Iraq", "jurf-al-sakhar")]),
    ("direction_town_from_capital",
     STRIKE + "في منطقة جرف الصخر جنوبي العاصمة بغداد.", [("Iraq", "jurf-al-sakhar")]),
    ("direction_town_west",
     STRIKE + "في أبو غريب غرب بغداد.", [("Iraq", "abu-ghraib")]),
    # guards: a district placed from its city is the city; a base keeps its own site
    ("direction_district_guard",
     STRIKE + "في حي البلديات شرقي العاصمة بغداد.", [("Iraq", "baghdad")]),
    ("direction_base_guard",
     "سقطت ثلاثة صواريخ اليوم على معسكر التاجي شمالي العاصمة بغداد.", [("Iraq", "camp-taji")]),
    ("direction_unnamed_site_guard",
     STRIKE + "شرق مدينة دير الزور.", [("Syria", "deir-ez-zor")]),
    # -- the town a reporter writes from is not the site ---------------------------------
    ("reporter_quoted_outlet",
     "وقال مراسل \"الشبكة\" في دير الزور إن طائرات أمريكية قصفت اليوم مقرا لفصائل موالية "
     "لإيران في البوكمال.", [("Syria", "albukamal")]),
    ("reporter_our",
     "وقال مراسلنا في دير الزور إن طائرات أمريكية قصفت اليوم مواقع لفصائل موالية لإيران "
     "في البوكمال.", [("Syria", "albukamal")]),
    ("reporter_agency",
     "وأفاد مراسل وكالة فرانس برس في الحسكة بأن طائرة مسيرة استهدفت اليوم قاعدة الشدادي.",
     [("Syria", "shaddadi")]),
    ("reporter_channel_same_city",
     "قال مراسلنا في أربيل إن طائرة مسيرة مفخخة استهدفت اليوم مطار أربيل.",
     [("Iraq", "erbil-airbase")]),
    # guard: a reporter's town with no other place stays the site
    ("reporter_alone_guard",
     "قال مراسلنا في البوكمال إن طائرات أمريكية قصفت فجر اليوم مواقع لفصائل موالية لإيران.",
     [("Syria", "albukamal")]),
    # guards: what the correspondent says happened there; an office that was hit
    ("reporter_says_strike_there_guard",
     "وقال مراسلنا إن غارات أمريكية في البوكمال والميادين استهدفت اليوم مواقع لفصائل "
     "موالية لإيران.", [("Syria", "albukamal"), ("Syria", "mayadin")]),
    ("office_hit_guard",
     "استهدفت غارة أمريكية اليوم مكتبا للحشد الشعبي في القائم وآخر في عكاشات.",
     [("Iraq", "akashat"), ("Iraq", "al-qaim")]),
    # -- a town or village the gazetteer lacks: not its container or landmark ------------
    ("unknown_town_in_countryside",
     STRIKE + "في بلدة الصبيخان بريف دير الزور الشرقي.", [("Syria", None)]),
    ("unknown_town_outskirts",
     STRIKE + "على أطراف بلدة الصبيخان بريف دير الزور الشرقي.", [("Syria", None)]),
    ("unknown_village_near",
     STRIKE + "في قرية الثلاثات قرب البوكمال.", [("Syria", None)]),
    ("unknown_village_direction",
     STRIKE + "في قرية الثلاثات جنوب غربي البوكمال.", [("Syria", None)]),
    # guards: an unnamed village, a known village, a known town, a base near a village
    ("unnamed_village_guard",
     STRIKE + "في قرية صغيرة قرب البوكمال.", [("Syria", "albukamal")]),
    ("known_village_guard",
     STRIKE + "في قرية الجفرة قرب مدينة دير الزور.", [("Syria", "al-jafra")]),
    ("known_town_guard",
     STRIKE + "في مدينة البوكمال بريف دير الزور.", [("Syria", "albukamal")]),
    ("countryside_alone_guard",
     STRIKE + "في منطقة صحراوية بريف دير الزور.", [("Syria", "deir-ez-zor-gov")]),
    ("district_of_city_guard",
     STRIKE + "في مدينة الصدر ببغداد.", [("Iraq", "baghdad")]),
    ("locality_in_town_guard",
     STRIKE + "في قرية الصبحة في البوكمال.", [("Syria", "albukamal")]),
    ("village_near_base_guard",
     "سقط صاروخ اليوم قرب قرية البو عاصي قرب قاعدة بلد الجوية.", [("Iraq", "balad")]),
    # -- a governorate named after a city is not the city --------------------------------
    ("governorate_kirkuk", STRIKE + "في محافظة كركوك.", [("Iraq", None)]),
    ("governorate_baghdad", STRIKE + "في محافظة بغداد.", [("Iraq", None)]),
    ("governorate_erbil",
     "استهدف هجوم بطائرة مسيرة اليوم قاعدة عسكرية تضم قوات أمريكية في محافظة أربيل.",
     [("Iraq", None)]),
    ("governorate_contains_base",
     DRONE + "قاعدة حرير في محافظة أربيل.", [("Iraq", "harir")]),
    ("countryside_baghdad", STRIKE + "في ريف بغداد الشمالي.", [("Iraq", None)]),
    ("belt_baghdad", STRIKE + "في حزام بغداد.", [("Iraq", None)]),
    ("countryside_contains_base",
     "سقطت صواريخ اليوم على قاعدة كي وان في ريف كركوك.", [("Iraq", "k1")]),
    ("outskirts_city_guard", STRIKE + "على أطراف بغداد.", [("Iraq", "baghdad")]),
    ("city_kirkuk_guard", STRIKE + "في مدينة كركوك.", [("Iraq", "kirkuk")]),
    ("city_baghdad_guard", STRIKE + "في العاصمة بغداد.", [("Iraq", "baghdad")]),
    ("governorate_with_own_site_guard",
     STRIKE + "في محافظة دير الزور شرقي سوريا.", [("Syria", "deir-ez-zor-gov")]),
    # -- a town described as hosting a US base: the attack's site is the base ------------
    ("town_hosting_base_relative",
     "استهدف قصف صاروخي اليوم ناحية البغدادي التي تضم قاعدة عين الأسد.",
     [("Iraq", "ain-al-asad")]),
    ("town_hosting_base_where",
     "سقطت صواريخ اليوم على ناحية البغدادي حيث تقع قاعدة عين الأسد التي تستضيف قوات "
     "أمريكية.", [("Iraq", "ain-al-asad")]),
    ("town_hosting_base_named_town",
     "استهدفت طائرة مسيرة اليوم بلدة حرير التي تضم قاعدة للقوات الأمريكية.",
     [("Iraq", "harir")]),
    # guard: a US strike on a town is not moved to the base the town hosts
    ("town_hosting_base_us_strike_guard",
     "قصفت طائرات أمريكية اليوم مواقع لكتائب حزب الله في ناحية البغدادي التي تضم قاعدة "
     "عين الأسد.", [("Iraq", None)]),
    # -- a later sentence saying where the projectile came down places a placeless attack -
    ("fell_inside_base_next_sentence",
     "تعرضت القوات الأمريكية اليوم لهجوم بطائرة مسيرة في العراق. وقال مسؤول إن الطائرة "
     "سقطت داخل قاعدة عين الأسد.", [("Iraq", "ain-al-asad")]),
    ("fell_near_base_next_sentence",
     "تعرضت القوات الأمريكية اليوم لهجوم صاروخي في العراق. وذكر مصدر أمني أن الصواريخ "
     "سقطت قرب قاعدة بلد الجوية.", [("Iraq", "balad")]),
    ("exploded_in_base_next_sentence",
     "تعرضت القوات الأمريكية في سوريا اليوم لهجوم بطائرة مسيرة. وأفاد مصدر بأن الطائرة "
     "انفجرت في حقل العمر.", [("Syria", "mss-green-village")]),
    # guard: a base named in a later sentence without such a word does not place it
    ("later_base_no_cue_guard",
     "تعرضت القوات الأمريكية اليوم لهجوم بطائرة مسيرة في العراق. وتعد قاعدة عين الأسد "
     "من أكبر القواعد في البلاد.", [("Iraq", None)]),
    # -- the attack's own sentence places it in a clause without an attack word ----------
    ("own_sentence_defences_at_base",
     "أعلن مسؤول أمريكي اليوم أن هجوما صاروخيا استهدف القوات الأمريكية، وأن الدفاعات "
     "الجوية في قاعدة عين الأسد تصدت للصواريخ.", [("Iraq", "ain-al-asad")]),
    ("own_sentence_rockets_fell_in_base",
     "قال مسؤول أمريكي اليوم إن القوات الأمريكية تعرضت لهجوم صاروخي، وإن صاروخين سقطا داخل "
     "قاعدة حرير.", [("Iraq", "harir")]),
    # guard: two facilities in such clauses place it nowhere
    ("own_sentence_two_bases_guard",
     "أعلن مسؤول أمريكي اليوم أن هجوما صاروخيا استهدف القوات الأمريكية، وأن الجنود في "
     "قاعدة عين الأسد والجنود المتمركزين في قاعدة حرير بخير.", []),
    # -- a road named by its two ends is not at either end (an ambiguous name after a dash) -
    ("road_ends_dash_ambiguous",
     "استهدف هجوم بعبوة ناسفة اليوم رتلا للتحالف الدولي على طريق بغداد - الحلة.",
     [("Iraq", None)]),
    ("road_ends_en_dash",
     "انفجرت عبوة ناسفة اليوم على رتل للتحالف الدولي في طريق بابل – الديوانية.",
     [("Iraq", None)]),
    # -- the villages of a list the gazetteer lacks are sites of their own (blank) ---------
    ("village_list_unknown_after",
     "قصفت القوات الأمريكية اليوم بالمدفعية قرى خشام والجفرة والمريعية التي تنتشر فيها "
     "فصائل موالية لإيران.", [("Syria", "al-jafra"), ("Syria", "khasham"), ("Syria", None)]),
    ("village_list_commas",
     "قصفت القوات الأمريكية اليوم بالمدفعية قرى خشام، الجفرة، المريعية والطابية.",
     [("Syria", "al-jafra"), ("Syria", "khasham"), ("Syria", None), ("Syria", None)]),
    ("town_list_unknown_first",
     "قصفت القوات الأمريكية اليوم بالمدفعية بلدات الصبيخان والعشارة.",
     [("Syria", "ashara"), ("Syria", None)]),
    # guards: localities of one desert area; a list without the plural noun; known towns
    ("village_list_one_area_guard",
     "قصفت القوات الأمريكية اليوم بالمدفعية قرى الحيدرية والشبلي في بادية الميادين.",
     [("Syria", "mayadin-desert")]),
    ("list_without_plural_noun_guard",
     "قصفت القوات الأمريكية اليوم بالمدفعية مواقع في خشام والمريعية.", [("Syria", "khasham")]),
    ("village_list_time_word_guard",
     "قصفت القوات الأمريكية اليوم بالمدفعية قرى خشام والجفرة اليوم.",
     [("Syria", "al-jafra"), ("Syria", "khasham")]),
    # -- claims: a base's name in brackets, a list of bases ending with a weapon ----------
    ("claim_base_name_in_brackets",
     "استهدف مجاهدو المقاومة الإسلامية في العراق اليوم قاعدة الاحتلال الأمريكي (حرير) في "
     "أربيل بطائرة مسيرة.", [("Iraq", "harir")]),
    ("claim_base_named_in_quotes",
     "استهدف مجاهدو المقاومة الإسلامية في العراق اليوم القاعدة المسماة «حرير» بطائرة مسيرة.",
     [("Iraq", "harir")]),
    ("claim_list_then_weapon",
     "استهدف مجاهدو المقاومة الإسلامية في العراق اليوم قواعد الاحتلال في الشدادي والتنف "
     "وحرير بالطائرات المسيرة.", [("Iraq", "harir"), ("Syria", "al-tanf"), ("Syria", "shaddadi")]),
    ("claim_base_in_brackets_then_city",
     "سقطت صواريخ اليوم على قاعدة (كي وان) في كركوك.", [("Iraq", "k1")]),
    # guard: an ambiguous word in brackets after another noun stays a word
    ("brackets_not_after_facility_guard",
     "استهدف مجاهدو المقاومة الإسلامية في العراق اليوم قاعدة التنف، وقال بيان (حرير) إن "
     "الهجوم نجح.", [("Syria", "al-tanf")]),
    # -- spellings of gazetteer sites other outlets use ----------------------------------
    ("alias_jurf_saqr", STRIKE + "في جرف الصقر جنوب بغداد.", [("Iraq", "jurf-al-sakhar")]),
    ("alias_k1_kayh", "سقطت صواريخ اليوم على قاعدة كيه وان في كركوك.", [("Iraq", "k1")]),
    ("alias_k1_digit", "سقطت صواريخ اليوم على قاعدة كي 1 قرب كركوك.", [("Iraq", "k1")]),
    # K-1 as the Latin name with the article and as the Arabic letter with a digit (coder19);
    # guard: the letter and digit not after "قاعدة" are no base
    # the kind of field between the noun and its name (coder19); guard: the bare word is no
    # place
    ("alias_field_kind_between_oil", DRONE + 'حقل نفط "العمر" شرقي دير الزور.',
     [("Syria", "mss-green-village")]),
    ("alias_field_kind_between_gas", DRONE + "حقل الغاز كونيكو في ريف دير الزور.",
     [("Syria", "mss-conoco")]),
    ("alias_k1_latin_with_article", "سقطت صواريخ اليوم على قاعدة الـK1 العسكرية في كركوك.",
     [("Iraq", "k1")]),
    ("alias_k1_arabic_letter_quoted",
     'سقطت صواريخ اليوم على قاعدة "ك-1" العراقية بالقرب من كركوك.', [("Iraq", "k1")]),
    ("alias_k1_letter_not_after_base_guard",
     "سقطت صواريخ اليوم قرب القنصلية الأمريكية في أربيل، وفق الملحق ك-1 من التقرير.",
     [("Iraq", "us-consulate-erbil")]),
    ("alias_tower22_transliterated", DRONE + "قاعدة تاور 22 في الأردن.", [("Jordan", "tower-22")]),
    ("alias_omar_base", DRONE + "قاعدة العمر النفطية.", [("Syria", "mss-green-village")]),
    ("alias_conoco_short", DRONE + "القاعدة الأمريكية في حقل كونكو للغاز.",
     [("Syria", "mss-conoco")]),
    ("alias_consulate_washington", DRONE + "قنصلية واشنطن في أربيل.",
     [("Iraq", "us-consulate-erbil")]),
    ("alias_diacritics_quotes", DRONE + "قاعدة «الشدّادي» الأمريكية.", [("Syria", "shaddadi")]),
    # a one-word name written without its article, right after a place noun
    ("alias_no_article_city", STRIKE + "في مدينة بوكمال.", [("Syria", "albukamal")]),
    ("alias_no_article_base", DRONE + "قاعدة شدادي الأمريكية.", [("Syria", "shaddadi")]),
    ("alias_no_article_area", STRIKE + "في منطقة قائم العراقية.", [("Iraq", "al-qaim")]),
    # guards: the bare word without a place noun is an ordinary word; with its article and a
    # preposition the name reads as before
    ("alias_no_article_without_noun_guard",
     "قصفت طائرات أمريكية اليوم مواقع في البوكمال، وقال مصدر إن الخطر قائم في ميادين "
     "القتال.", [("Syria", "albukamal")]),
    ("alias_article_after_preposition_guard",
     STRIKE + "في منطقة دور السكك بالقائم.", [("Iraq", "al-qaim")]),
    ("alias_airport_international", DRONE + "مطار أربيل الدولي شمالي العراق.",
     [("Iraq", "erbil-airbase")]),
    ("alias_air_base_adjective", DRONE + "قاعدة الأسد الجوية في الأنبار.",
     [("Iraq", "ain-al-asad")]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_site_against_reference_points(text, expected):
    assert _sites(text) == _sorted(expected)


# -- coder21: one attack told at two places, the second country of a round, a contrast
# clause against a denial, troops a US speaker announces (construction classes; each case
# a report and the drafts expected as (side, country, site_id, date, weapon), date and
# weapon None when not checked) --------------------------------------------------------
P21 = "2024-03-10"      # a Sunday
W21 = "2024-03-06"      # the Wednesday before
Y21 = "2024-03-09"      # the day before


def check_drafts21(text, published, expected):
    """The drafts of ``text`` are exactly ``expected`` (side, country and site; date and
    weapon where given)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = code_report(text, published=published)
    got = sorted((r["side"], r["country"], None if pd.isna(r["site_id"]) else r["site_id"],
                  str(pd.Timestamp(r["date"]).date()), r["weapon"]) for _, r in d.iterrows())
    assert sorted(g[:3] for g in got) == sorted(e[:3] for e in expected), got
    left = list(got)
    for e in expected:           # (one to one: two drafts at one site differ by date)
        g = next((g for g in left if g[:3] == e[:3] and e[3] in (None, g[3])
                  and e[4] in (None, g[4])), None)
        assert g is not None, (e, got)
        left.remove(g)


CASES21 = [
    # -- halves of one attack told at two places ------------------------------------------
    ("bases_in_a_base_and_a_town",
     "هاجمت فصائل مسلحة بالصواريخ قواعد أمريكية في عين الأسد وأربيل اليوم.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, None), ("militia", "Iraq", "erbil", P21, None)]),
    ("two_bases_dual_in_a_base_and_a_town",
     "استهدفت طائرات مسيرة قاعدتين أمريكيتين في عين الأسد وأربيل فجر اليوم.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, None), ("militia", "Iraq", "erbil", P21, None)]),
    ("iran_bases_and_coalition_forces_in_quoted_names",
     "قالت وزارة الدفاع الأمريكية إن القصف الإيراني استهدف اليوم قواعد أمريكية وقوات التحالف في "
     "\"عين الأسد\" وإربيل.", P21,
     [("iran", "Iraq", "ain-al-asad", P21, None), ("iran", "Iraq", "erbil", P21, None)]),
    ("iran_sites_comma_and",
     "قصف الحرس الثوري بالصواريخ الباليستية اليوم مواقع أمريكية في حرير، وأربيل.", P21,
     [("iran", "Iraq", "harir", P21, None), ("iran", "Iraq", "erbil", P21, None)]),
    ("guard_launch_towns_are_no_half",
     "استهدفت مسيرات اليوم قواعد أمريكية في عين الأسد انطلاقا من مواقع في القائم والبوكمال.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, None)]),
    ("guard_one_named_base_and_a_threat_to_a_town",
     "هاجمت فصائل مسلحة قاعدة عين الأسد اليوم، وتوعدت أربيل بهجمات أخرى.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, None)]),
    ("unnamed_base_in_a_second_country_of_the_round",
     "أعلنت فصائل مسلحة أنها هاجمت بالمسيرات قاعدة التنف في سوريا اليوم. وقال البنتاغون إن "
     "مسيرة أخرى استهدفت قاعدة في شمال شرقي الأردن.", P21,
     [("militia", "Syria", "al-tanf", P21, None), ("militia", "Jordan", None, P21, None)]),
    ("guard_a_border_is_no_second_country",
     "هاجمت فصائل مسلحة بالمسيرات قاعدة التنف في سوريا قرب الحدود مع الأردن اليوم.", P21,
     [("militia", "Syria", "al-tanf", P21, None)]),
    # -- troops announced by a US speaker are its own; a contrast clause against a denial --
    ("centcom_announces_troops_killed",
     "أعلنت القيادة الوسطى الأميركية مقتل 3 جنود وإصابة 25 آخرين في هجوم بطائرة مسيرة استهدف "
     "قاعدة في شمال شرق الأردن.", P21, [("militia", "Jordan", None, P21, "drone")]),
    ("us_official_confirms_servicemen_hurt",
     "أكد مسؤول أمريكي اليوم إصابة أربعة عسكريين بارتجاج في الدماغ جراء هجوم بطائرة مسيرة على "
     "قاعدة في الأردن.", P21, [("militia", "Jordan", None, P21, "drone")]),
    ("pentagon_that_soldiers_were_killed",
     "وذكرت وزارة الدفاع الأمريكية في بيان أن ثلاثة جنود قتلوا في هجوم بمسيرة استهدف موقعا في "
     "الأردن يوم الأحد.", P21, [("militia", "Jordan", None, P21, "drone")]),
    ("guard_iraqi_army_soldiers",
     "قال الجيش العراقي إن جنديين قتلا اليوم في هجوم على موقع عسكري قرب كركوك.", P21, []),
    ("guard_centcom_announces_militants_killed",
     "أعلنت القيادة المركزية الأمريكية اليوم مقتل 5 مسلحين في غارة على موقع في العراق.", P21,
     [("us", "Iraq", None, P21, None)]),
    ("contrast_clause_asserts_against_a_denial",
     "ونفت الحكومة الأردنية وقوع الهجوم على القاعدة الأميركية داخل أراضيها، فيما أعلنت القيادة "
     "الوسطى الأميركية مقتل 3 جنود في هجوم بطائرة مسيرة استهدف قاعدة في شمال شرق الأردن.", P21,
     [("militia", "Jordan", None, P21, None)]),
    ("while_another_speaker_says_against_a_denial",
     "نفت عمان أن يكون الهجوم قد وقع على أراضيها، في حين ذكر البنتاغون أن هجوما بمسيرة استهدف "
     "قاعدة أمريكية في أقصى شمال شرقي الأردن.", P21,
     [("militia", "Jordan", None, P21, None)]),
    ("guard_denial_in_the_clause_itself",
     "نفت الحكومة الأردنية اليوم أن تكون مسيرة قد استهدفت قاعدة أمريكية في الأردن.", P21, []),
]


# -- an unnamed base a later note identifies ("يذكر أن قاعدة ..."); an undated reason
# clause told before the report dates the attack it tells -----------------------------
T21 = "2024-03-07"      # the Thursday before P21
CASES21 += [
    ("base_a_note_identifies",
     "دوت ثلاثة انفجارات في منطقة اليعربية بريف الحسكة اليوم ناتجة عن استهداف إحدى القواعد "
     "الأمريكية بطائرات مسيرة. يذكر أن قاعدة الرميلان هي أول قاعدة أقامها الجيش الأمريكي في "
     "سوريا.", P21, [("militia", "Syria", "rumalyn-lz", P21, "drone")]),
    ("airport_worth_noting",
     "تعرضت قاعدة أمريكية في ريف الحسكة لهجوم بطائرة مسيرة اليوم. وتجدر الإشارة إلى أن مطار "
     "خراب الجير يستخدمه الجيش الأمريكي منذ سنوات.", P21,
     [("militia", "Syria", "kharab-al-jir", P21, "drone")]),
    ("guard_a_note_on_another_base",
     "استهدفت مسيرة قاعدة الشدادي اليوم. يذكر أن قاعدة الرميلان هي أول قاعدة أمريكية في "
     "سوريا.", P21, [("militia", "Syria", "shaddadi", P21, "drone")]),
    ("reason_clause_told_before_its_dated_telling",
     "شنت الولايات المتحدة غارة على مواقع للحرس الثوري في شرق سوريا بعد هجوم بمسيرة على أفراد "
     "أمريكيين في محافظة الحسكة. وجاءت الغارة بعد هجوم بطائرة مسيرة يوم الخميس استهدف منشأة "
     "يستخدمها أمريكيون في شمال شرق سوريا.", P21,
     [("us", "Syria", None, P21, None), ("militia", "Syria", "hasakah-gov", T21, "drone")]),
    ("guard_a_later_attack_on_another_base",
     "شنت الولايات المتحدة غارة في شرق سوريا اليوم ردا على هجوم على قاعدة التنف. وكانت قاعدة "
     "الشدادي قد تعرضت لهجوم بمسيرة يوم الخميس.", P21,
     [("us", "Syria", None, P21, None), ("militia", "Syria", "shaddadi", T21, None)]),
]


# -- one attack told at two facilities of one governorate, the second time as "the
# base" with the same weapon: one site under two names; guards: "also/another", another
# governorate, another weapon --------------------------------------------------------
CASES21 += [
    ("one_base_told_twice_under_two_names",
     "تعرضت قاعدة عسكرية في مطار أربيل لهجوم بطائرتين مسيرتين اليوم. وقال بيان إن طائرتين "
     "مسيرتين هاجمتا القاعدة العسكرية للتحالف في مطار حرير بمحافظة أربيل.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, "drone")]),
    ("guard_also_another_drone_at_the_other_base",
     "هاجمت مسيرة مطار أربيل اليوم. كما هاجمت مسيرة أخرى القاعدة الأمريكية في حرير.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, None), ("militia", "Iraq", "harir", P21, None)]),
    ("guard_the_base_in_another_governorate",
     "هاجمت مسيرة مطار أربيل اليوم. وقالت مصادر إن مسيرة هاجمت اليوم القاعدة الأمريكية في عين "
     "الأسد بالأنبار.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, None), ("militia", "Iraq", "ain-al-asad", P21, None)]),
    ("guard_the_base_with_another_weapon",
     "سقطت صواريخ على مطار أربيل اليوم. وقالت مصادر إن مسيرة هاجمت اليوم القاعدة العسكرية في "
     "حرير.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, "rocket"), ("militia", "Iraq", "harir", P21, "drone")]),
]


# -- "مطار مدينة أربيل": the airport named with "the city of" (a gazetteer alias) --------
CASES21 += [
    ("airport_of_the_city_of_erbil",
     "سقطت طائرة مسيرة، فجر اليوم، قرب مطار مدينة أربيل.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, "drone")]),
    ("airport_of_the_city_without_hamza",
     "استهدفت مسيرة مطار مدينة اربيل الدولي اليوم.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, "drone")]),
]


# -- Iran's own missiles at one or two places (halves of Iran's round); guard: a militia
# claims Iranian-made rockets ---------------------------------------------------------
J21 = "2020-01-08"
CASES21 += [
    ("irgc_fired_ballistic_missiles",
     "أطلق الحرس الثوري صواريخ باليستية على قاعدة عين الأسد فجر اليوم.", J21,
     [("iran", "Iraq", "ain-al-asad", J21, "ballistic_missile")]),
    ("iran_shelled_with_missiles_a_base_in_a_city",
     "قصفت إيران بالصواريخ قاعدة حرير في أربيل اليوم.", J21,
     [("iran", "Iraq", "harir", J21, "ballistic_missile")]),
    ("irgc_missile_attack_on_two_bases_dual",
     "شن الحرس الثوري الإيراني هجوما صاروخيا على قاعدتي عين الأسد وحرير اليوم.", J21,
     [("iran", "Iraq", "ain-al-asad", J21, None), ("iran", "Iraq", "harir", J21, None)]),
    ("missiles_launched_from_iranian_territory",
     "تعرضت قاعدة عين الأسد لقصف بصواريخ باليستية أطلقت من الأراضي الإيرانية اليوم.", J21,
     [("iran", "Iraq", "ain-al-asad", J21, "ballistic_missile")]),
    ("irgc_claims_the_attack_on_a_base_and_an_airport",
     "أعلن الحرس الثوري مسؤوليته عن الهجوم الصاروخي الذي استهدف قاعدة عين الأسد ومطار أربيل "
     "اليوم.", J21,
     [("iran", "Iraq", "ain-al-asad", J21, None), ("iran", "Iraq", "erbil-airbase", J21, None)]),
    ("irgc_says_it_hit_the_bases_in_a_base_and_a_town",
     "قال الحرس الثوري إنه استهدف بالصواريخ القواعد الأمريكية في عين الأسد وأربيل ردا على "
     "اغتيال سليماني.", J21,
     [("iran", "Iraq", "ain-al-asad", J21, None), ("iran", "Iraq", "erbil", J21, None)]),
    ("guard_militia_claims_iranian_made_rockets",
     "أعلنت كتائب حزب الله استهداف قاعدة عين الأسد بصواريخ إيرانية الصنع اليوم.", J21,
     [("militia", "Iraq", "ain-al-asad", J21, "rocket")]),
]


# -- a blast at a US-hosted facility with drones heard nearby: an attack without an
# attack word; guards: a blast explained otherwise, a blast in a town -------------------
CASES21 += [
    ("blast_at_a_base_and_drones_heard",
     "أفادت مصادر بسماع دوي انفجار كبير في قاعدة حرير اليوم. وقال شاهد عيان إنه سمع صوت "
     "طائرات مسيرة قبل الانفجار.", P21, [("militia", "Iraq", "harir", P21, None)]),
    ("guard_blast_at_a_base_without_drones",
     "سمع دوي انفجار في قاعدة حرير اليوم، وقالت السلطات إنه ناجم عن تدريب.", P21, []),
    ("guard_blast_in_a_town",
     "سمع دوي انفجار في مدينة أربيل اليوم، وسمع سكان صوت طائرات مسيرة.", P21, []),
]


@pytest.mark.parametrize("name,text,published,expected", CASES21, ids=[c[0] for c in CASES21])
def test_halves_and_countries_of_one_attack(name, text, published, expected):
    check_drafts21(text, published, expected)
