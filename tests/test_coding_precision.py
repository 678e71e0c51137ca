"""Precision of the Arabic report coder (issue 14): passages that read like an event but
must give no draft (or no extra draft), each construction class with variants, and guards
against over-reach (true incidents that look like the class and must still be drafted).
Every sentence is written for these tests (none is copied from an article). Each case: a
short report, its publication date, and the drafts expected as (side, country, site_id)
with an optional date and date precision. The rules live in ``analysis.coding.scope``."""

import pandas as pd
import pytest

from analysis import code_report
from analysis.coding import scope


def _drafts(text, published):
    d = code_report(text, published=published)
    return [{"side": r["side"], "country": r["country"],
             "site_id": None if pd.isna(r["site_id"]) else r["site_id"],
             "date": str(pd.Timestamp(r["date"]).date()), "precision": r["date_precision"]}
            for _, r in d.iterrows()]


def _key(x):
    return (x["side"], x["country"], x["site_id"])


MAIN = "سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية فجر اليوم الثلاثاء. "
ASAD = dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2024-01-16")

CASES = [
    # 1 the side pair: Iran's forces are in the dyad only against a US target; a US act
    #   whose stated target is a third party is outside it
    ("iran_on_opposition_groups",
     "أعلن الحرس الثوري الإيراني أنه استهدف مساء أمس بصواريخ باليستية مقرات لجماعات "
     "معارضة في محافظة السليمانية.", "2023-09-10", []),
    ("iran_on_kurdish_parties",
     "قصف الحرس الثوري الإيراني اليوم الأربعاء مقرات لأحزاب كردية معارضة في محافظة أربيل "
     "بصواريخ وطائرات مسيرة.", "2022-09-28", []),
    ("iran_on_an_intelligence_hq",
     "أعلن الحرس الثوري الإيراني أنه استهدف مقرا للموساد في أربيل بصواريخ باليستية مساء "
     "أمس.", "2024-01-16", []),
    ("guard_iran_on_a_us_hosted_base",
     "قصف الحرس الثوري الإيراني اليوم الأربعاء قاعدة حرير التي تضم قوات أمريكية بصواريخ "
     "باليستية.", "2022-09-28", [dict(side="iran", country="Iraq", site_id="harir")]),
    ("guard_iran_on_the_us_consulate",
     "استهدف الحرس الثوري الإيراني فجر اليوم القنصلية الأمريكية في أربيل بصواريخ "
     "باليستية.", "2022-03-13",
     [dict(side="iran", country="Iraq", site_id="us-consulate-erbil")]),
    ("guard_iran_on_a_base_as_object",
     "أطلقت إيران فجر اليوم صواريخ باليستية على قاعدة عين الأسد التي تضم جنودا أمريكيين.",
     "2020-01-08", [dict(side="iran", country="Iraq", site_id="ain-al-asad")]),
    ("us_fire_beside_a_third_party_strike",
     "أطلقت القوات الأمريكية صواريخ من قاعدة التنف، بعد قصف إسرائيلي استهدف شحنة أسلحة "
     "قرب حمص اليوم الخميس.", "2021-11-25", []),
    ("guard_us_strike_without_a_stated_target",
     "شنت طائرات أمريكية فجر اليوم الأحد غارات على البوكمال.", "2021-06-06",
     [dict(side="us", country="Syria", site_id="albukamal")]),
    # 2 an act: fire in an exercise is no strike; an attack during an exercise is one
    ("exercise_after_a_comma",
     "قصفت القوات الأمريكية بالمدفعية مناطق في البادية السورية اليوم الثلاثاء، في إطار "
     "مناورات عسكرية.", "2022-05-10", []),
    ("exercise_live_fire",
     "أطلقت القوات الأمريكية قذائف مدفعية على تلال في محيط قاعدة التنف خلال تدريبات "
     "بالذخيرة الحية اليوم الثلاثاء.", "2022-05-10", []),
    ("guard_attack_during_an_exercise",
     "استهدفت طائرة مسيرة قاعدة التنف خلال تدريبات للقوات الأمريكية اليوم الثلاثاء.",
     "2022-05-10", [dict(side="militia", country="Syria", site_id="al-tanf")]),
    # 3 names that are not the event's place: an outlet, a dateline, the ends of a road
    ("outlet_in_brackets",
     "انفجرت عبوة ناسفة اليوم الثلاثاء على رتل للتحالف الدولي في محافظة الديوانية، بحسب "
     "ما أفاد مصدر أمني لـ(بغداد اليوم).", "2021-06-01",
     [dict(side="militia", country="Iraq", site_id=None)]),
    ("outlet_in_guillemets",
     "قال مصدر أمني لـ«بغداد اليوم» إن عبوة ناسفة انفجرت على رتل للتحالف في الناصرية صباح "
     "اليوم الثلاثاء.", "2021-06-01", [dict(side="militia", country="Iraq", site_id=None)]),
    ("guard_city_then_today",
     "سقط صاروخان قرب مطار بغداد اليوم الثلاثاء.", "2021-06-01",
     [dict(side="militia", country="Iraq", site_id="baghdad-airport")]),
    ("dateline_with_an_agency",
     "بغداد (رويترز) - انفجرت عبوة ناسفة على رتل للتحالف الدولي في الديوانية اليوم الأحد.",
     "2021-06-06", [dict(side="militia", country="Iraq", site_id=None)]),
    ("guard_dateline_alone",     # the only place the report gives stays
     "بغداد - انفجرت عبوة ناسفة على رتل للتحالف الدولي اليوم الأحد.", "2021-06-06",
     [dict(side="militia", country="Iraq", site_id="baghdad")]),
    ("road_named_by_two_ends",
     "انفجرت عبوة ناسفة اليوم الثلاثاء على رتل للتحالف الدولي على طريق الناصرية - "
     "السماوة.", "2021-06-01", [dict(side="militia", country="Iraq", site_id=None)]),
    ("road_between_two_governorates",
     "استهدفت عبوة ناسفة اليوم الثلاثاء رتلا ينقل معدات للقوات الأمريكية على الطريق السريع "
     "الرابط بين محافظتي بابل والديوانية.", "2021-06-01",
     [dict(side="militia", country="Iraq", site_id=None)]),
    ("convoy_between_two_towns",
     "انفجار عبوة ناسفة على رتل ينقل معدات التحالف الدولي بين السماوة والديوانية\n"
     "أعلنت خلية الإعلام الأمني اليوم الأحد انفجار عبوة ناسفة على رتل ينقل معدات التحالف "
     "الدولي.", "2020-10-11", [dict(side="militia", country="Iraq", site_id=None)]),
    ("guard_road_named_by_one_place",
     "قتل قائد فيلق القدس بغارة أمريكية استهدفت موكبه على طريق مطار بغداد فجر اليوم "
     "الجمعة.", "2020-01-03", [dict(side="us", country="Iraq", site_id="baghdad-airport")]),
    # 4 background: what a commemoration recalls, an offset from a non-event, a weekday
    #   told by a saying of an earlier month
    ("commemorated_killing",
     "أحيا الآلاف اليوم الأحد الذكرى الأولى لمقتل قاسم سليماني بغارة أمريكية قرب مطار "
     "بغداد.", "2021-01-03", []),
    ("a_year_since_the_killing",
     "نظمت الفصائل اليوم مسيرة بمناسبة مرور عام على اغتيال المهندس بضربة أمريكية قرب مطار "
     "بغداد.", "2021-01-03", []),
    ("guard_attack_on_the_anniversary",
     "تزامنا مع ذكرى مقتل سليماني، استهدفت طائرة مسيرة قاعدة عين الأسد اليوم الأحد.",
     "2021-01-03", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2021-01-03")]),
    ("offset_from_a_dialogue",
     "سقط صاروخ على قاعدة بلد الجوية اليوم الأحد. ويأتي هذا الهجوم قبل ثلاثة أيام من حوار "
     "استراتيجي بين بغداد وواشنطن.", "2021-04-04",
     [dict(side="militia", country="Iraq", site_id="balad", date="2021-04-04")]),
    ("weekday_of_a_past_saying",
     "سقطت صواريخ على قاعدة كي وان في كركوك اليوم الخميس. وقال مسؤولون أمريكيون في كانون "
     "الأول الماضي إن متعاقدا أمريكيا قتل في هجوم صاروخي على قاعدة قرب كركوك الجمعة.",
     "2020-02-13",
     [dict(side="militia", country="Iraq", site_id="k1", date="2020-02-13"),
      dict(side="militia", country="Iraq", site_id="kirkuk", date="2019-12-01",
           precision="month")]),
    ("weekday_of_a_past_announcement",
     "وأعلن البنتاغون في كانون الثاني الماضي أن هجوما بطائرة مسيرة استهدف قاعدة حرير يوم "
     "الأحد.", "2021-03-10",
     [dict(side="militia", country="Iraq", site_id="harir", date="2021-01-01",
           precision="month")]),
    ("weekday_in_a_sentence_opened_by_a_past_month",
     MAIN + "وفي تشرين الأول الماضي، قال البنتاغون إن قواته تعرضت لهجوم في التنف يوم "
     "الخميس.", "2024-01-16",
     [ASAD, dict(side="militia", country="Syria", site_id="al-tanf", date="2023-10-01",
                 precision="month")]),
    ("guard_weekday_in_a_sentence_opened_by_this_month",
     "وفي كانون الثاني الجاري، تعرضت قاعدة التنف لهجوم يوم الخميس.", "2024-01-16",
     [dict(side="militia", country="Syria", site_id="al-tanf", date="2024-01-11",
           precision="day")]),
    ("guard_saying_of_today",
     "قال مسؤول أمريكي اليوم الثلاثاء إن صواريخ سقطت على قاعدة عين الأسد أمس.",
     "2021-06-01", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2021-05-31", precision="day")]),
    # 5 the side hit: an American civilian or contractor killed names the target, not the
    #   speaker named before
    ("american_contractor_killed",
     "قال مسؤولون أمريكيون اليوم الثلاثاء إن متعاقدا أمريكيا قتل في هجوم صاروخي على قاعدة "
     "قرب كركوك أمس.", "2021-06-01",
     [dict(side="militia", country="Iraq", site_id="kirkuk", date="2021-05-31")]),
    ("guard_strike_answering_a_contractor_killing",
     "شنت طائرات أمريكية اليوم الثلاثاء غارات على مواقع لكتائب حزب الله في القائم ردا على "
     "هجوم قتل فيه متعاقد أمريكي.", "2021-06-01",
     [dict(side="us", country="Iraq", site_id="al-qaim", date="2021-06-01")]),
    # 5a' the day of a reaction and the place of a funeral are not the event's
    ("condemned_today_struck_yesterday",
     "أدانت الحكومة العراقية اليوم الثلاثاء القصف الأمريكي الذي استهدف مقرات الحشد الشعبي "
     "في القائم أمس.", "2024-01-16",
     [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-01-15")]),
    ("funeral_place_is_no_site",
     "شيع الآلاف في بغداد اليوم الثلاثاء جثامين عناصر من كتائب حزب الله قتلوا بغارة أمريكية "
     "في القائم.", "2024-01-16", [dict(side="us", country="Iraq", site_id="al-qaim")]),
    ("funeral_today_strike_at_dawn_yesterday",
     "شيع الآلاف في بغداد اليوم الثلاثاء جثامين قتلى الغارة الأمريكية التي استهدفت مقرا "
     "للحشد في جرف الصخر فجر الاثنين.", "2024-01-16",
     [dict(side="us", country="Iraq", site_id="jurf-al-sakhar", date="2024-01-15")]),
    ("protest_place_is_no_site",
     "تظاهر المئات في الناصرية اليوم الثلاثاء بعد مقتل عنصرين من الحشد بغارة أمريكية في جرف "
     "الصخر.", "2024-01-16", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar")]),
    # 5b the side of "استهدفت X بـ + weapon + object": X acts when a facility noun follows
    #    bare (active verb), X is hit when a preposition follows (undiacritised passive)
    ("actor_weapon_then_a_us_base",
     "استهدفت فصائل عراقية بطائرة مسيرة قاعدة أمريكية في سوريا اليوم.", "2024-02-03",
     [dict(side="militia", country="Syria", site_id=None)]),
    ("claimant_weapon_then_a_us_base",
     "استهدفت المقاومة الإسلامية في العراق بطائرة مسيرة قاعدة أمريكية في سوريا اليوم. "
     "وقالت في بيان إنها استهدفت قاعدة الشدادي.", "2024-02-03",
     [dict(side="militia", country="Syria", site_id="shaddadi")]),
    ("guard_us_forces_weapon_then_a_preposition",
     "استهدفت القوات الأمريكية بطائرة مسيرة في قاعدة عين الأسد اليوم.", "2024-02-03",
     [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("guard_us_forces_weapon_then_a_militia_hq",
     "استهدفت القوات الأمريكية بطائرة مسيرة مقرا لكتائب حزب الله في جرف الصخر اليوم.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar")]),
    # 5c who acted: a platform's nationality adjective names a third state also when the
    #    lexicon spells it as an actor; a speaker's place is not a site
    ("platform_of_a_third_state",
     "قصفت طائرة مسيرة إسرائيلية اليوم السبت مقرا للحشد الشعبي في القائم.", "2024-02-03", []),
    ("guard_us_platform",
     "استهدفت طائرة مسيرة أمريكية اليوم السبت مقرا للحشد الشعبي في القائم.", "2024-02-03",
     [dict(side="us", country="Iraq", site_id="al-qaim")]),
    ("condemning_embassy_is_no_site",
     "دانت السفارة الأمريكية في بغداد اليوم السبت الهجوم الصاروخي على قاعدة عين الأسد.",
     "2024-02-03", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("guard_the_speaker_was_hit",
     "ذكرت السفارة الأمريكية في بغداد أنها تعرضت لهجوم صاروخي اليوم السبت.", "2024-02-03",
     [dict(side="militia", country="Iraq", site_id="us-embassy-baghdad")]),
    # 5d an accident is no attack
    ("troops_killed_in_a_road_accident",
     "قتل جنديان أمريكيان في حادث سير قرب قاعدة عين الأسد اليوم السبت.", "2024-02-03", []),
    ("not_by_hostile_fire",
     "قتل جندي أمريكي قرب قاعدة حرير اليوم السبت، ولم يكن بنيران معادية بحسب الجيش.",
     "2024-02-03", []),
    ("guard_an_incident_of_unknown_cause",
     "قتل جنديان أمريكيان قرب قاعدة عين الأسد اليوم السبت في حادث لم تعرف ملابساته.",
     "2024-02-03", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    # 5e the page around the report: a ticker or a list of other stories is not the report
    ("ticker_before_the_headline",
     "آخر الأخبار\nغارات أمريكية على مواقع للفصائل في البوكمال انخفاض أسعار الدولار في "
     "الأسواق المحلية\n" + MAIN, "2024-01-16", [ASAD]),
    ("related_stories_after_the_report",
     MAIN + "\nأخبار ذات صلة\nطائرة مسيرة تستهدف قاعدة حرير في أربيل\nغارات أمريكية على "
     "مواقع للفصائل في البوكمال", "2024-01-16", [ASAD]),
    ("guard_a_headline_without_furniture",
     "غارات أمريكية على مواقع للفصائل في البوكمال\nقصفت طائرات أمريكية فجر اليوم الثلاثاء "
     "مواقع للفصائل في البوكمال.", "2024-01-16",
     [dict(side="us", country="Syria", site_id="albukamal", date="2024-01-16")]),
    # 5f who shot down whom: a militia downing a US aircraft acted (a militia incident,
    #    as a claimed downing is), not a US strike; US forces downing a drone stopped a
    #    militia attack (an interception)
    ("militia_shoots_down_an_american_drone",
     "أسقطت الفصائل المسلحة طائرة مسيرة أمريكية من طراز إم كيو 9 فوق محافظة ديالى اليوم "
     "الثلاثاء.", "2024-01-16", [dict(side="militia", country="Iraq", site_id="diyala")]),
    ("guard_us_forces_shoot_down_a_drone",
     "أسقطت القوات الأمريكية طائرة مسيرة كانت تحلق قرب قاعدة التنف اليوم الثلاثاء.",
     "2024-01-16", [dict(side="militia", country="Syria", site_id="al-tanf")]),
    # 5g not the act of the report's day: an attack foiled before launch, an attack its
    #    perpetrators are arrested for
    ("attack_foiled_by_security_forces",
     "أحبطت القوات الأمنية العراقية اليوم الثلاثاء هجوما صاروخيا كان يستهدف قاعدة عين "
     "الأسد، بعد العثور على منصة معدة للإطلاق.", "2024-01-16", []),
    ("guard_drone_attack_foiled_is_an_interception",
     "أحبطت المضادات الجوية اليوم الثلاثاء هجوما بطائرة مسيرة على قاعدة عين الأسد.",
     "2024-01-16", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("suspects_arrested_for_an_attack",
     "اعتقلت القوات العراقية اليوم الثلاثاء ثلاثة متهمين بالهجوم على قاعدة حرير.",
     "2024-01-16", []),
    ("guard_perpetrators_of_an_attack_dated_today",
     "أعلنت الشرطة اعتقال منفذي الهجوم الذي استهدف قاعدة حرير صباح اليوم الثلاثاء.",
     "2024-01-16", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-16")]),
    # 5i a country outside the case's area is no draft's country
    ("claim_on_haifa_and_tanf",
     "أعلنت المقاومة الإسلامية في العراق اليوم الثلاثاء استهداف ميناء حيفا وقاعدة التنف "
     "بطائرات مسيرة.", "2024-01-16", [dict(side="militia", country="Syria", site_id="al-tanf")]),
    ("claim_on_eilat_alone",
     "أعلنت المقاومة الإسلامية في العراق اليوم الثلاثاء استهداف ميناء إيلات بطائرة مسيرة.",
     "2024-01-16", []),
    # 5h a third party's target: ISIS attacking a US patrol, a US strike on a convoy of
    #    the Syrian government
    ("isis_attacks_a_us_patrol",
     "هاجم عناصر من تنظيم داعش اليوم الثلاثاء دورية أمريكية قرب الشدادي.", "2024-01-16", []),
    ("third_party_near_a_us_hosted_field",
     "هاجم مسلحون عشائريون اليوم الثلاثاء نقطة لقوات سوريا الديمقراطية قرب حقل العمر الذي "
     "يضم قوات أمريكية.", "2024-01-16", []),
    ("guard_us_patrol_near_a_us_hosted_field",
     "هاجمت فصائل مسلحة اليوم الثلاثاء دورية أمريكية قرب حقل العمر الذي يضم قوات أمريكية.",
     "2024-01-16", [dict(side="militia", country="Syria", site_id="mss-green-village")]),
    ("guard_rockets_near_the_embassy_with_a_third_party_named",
     "سقطت ثلاثة صواريخ قرب السفارة الأمريكية في بغداد فجر اليوم الثلاثاء. وقالت خلية "
     "الإعلام الأمني إن الصواريخ أطلقت من منطقة قرب مقر للجيش العراقي.", "2024-01-16",
     [dict(side="militia", country="Iraq", site_id="us-embassy-baghdad")]),
    ("guard_shells_near_a_us_hosted_field",
     "سقطت قذائف قرب حقل العمر الذي يضم قوات أمريكية اليوم الثلاثاء.", "2024-01-16",
     [dict(side="militia", country="Syria", site_id="mss-green-village")]),
    ("us_strike_on_a_syrian_government_convoy",
     "قصفت طائرات التحالف الدولي اليوم الثلاثاء رتلا لقوات النظام السوري قرب التنف.",
     "2024-01-16", []),
    ("us_strike_on_sites_of_the_syrian_army",      # "للجيش": "لـ" with the article
     "قصفت القوات الأمريكية مساء الخميس مواقع تابعة للجيش السوري قرب دير الزور.",
     "2021-11-25", []),
    ("guard_us_strike_on_sites_of_the_pmf",
     "قصفت القوات الأمريكية مساء الخميس مواقع تابعة للحشد الشعبي قرب القائم.",
     "2021-11-25", [dict(side="us", country="Iraq", site_id="al-qaim")]),
    ("guard_convoy_of_the_coalition_hit",
     "استهدفت عبوة ناسفة رتلا للتحالف الدولي في محافظة بابل اليوم الثلاثاء.", "2021-06-01",
     [dict(side="militia", country="Iraq", site_id="babil")]),
    # 6 background told after a main incident: no draft on the report's day
    ("pluperfect_without_a_date",
     MAIN + "وكانت الفصائل قد استهدفت قاعدة حرير بطائرة مسيرة.", "2024-01-16", [ASAD]),
    ("previously_without_a_date",
     MAIN + "وسبق أن استهدفت الفصائل قاعدة حرير بطائرات مسيرة.", "2024-01-16", [ASAD]),
    ("a_year_given_alone",
     MAIN + "يذكر أن قاعدة حرير تعرضت عام 2020 لهجوم بصواريخ.", "2024-01-16", [ASAD]),
    ("list_of_earlier_targets",
     MAIN + "وشملت الهجمات السابقة قواعد حرير والتنف والشدادي.", "2024-01-16", [ASAD]),
    ("guard_pluperfect_with_its_month",
     MAIN + "وكانت الولايات المتحدة قد شنت غارات على مواقع لكتائب حزب الله في القائم الشهر "
     "الماضي.", "2024-01-16",
     [ASAD, dict(side="us", country="Iraq", site_id="al-qaim", date="2023-12-01",
                 precision="month")]),
    ("guard_earlier_today",
     MAIN + "وفي وقت سابق من اليوم، استهدفت طائرة مسيرة قاعدة حرير.", "2024-01-16",
     [ASAD, dict(side="militia", country="Iraq", site_id="harir", date="2024-01-16")]),
    # coder9: US and allied strikes on ISIS are another conflict, whatever word names ISIS
    ("strike_on_isis_called_militias",
     "شنت طائرات أمريكية فجر السبت غارات على مواقع لمليشيات داعش في بادية دير الزور.",
     "2025-12-21", []),
    ("strike_on_the_organisation_after_naming_isis",
     "أعلن الجيش الأمريكي أن تنظيم داعش هاجم دورية في سوريا. وشنت القوات الأمريكية فجر "
     "السبت ضربات على معاقل التنظيم في بادية دير الزور.", "2025-12-21", []),
    ("strike_on_isis_cells",
     "قصفت مقاتلات التحالف الدولي مساء الجمعة خلايا تنظيم داعش قرب الميادين.",
     "2025-12-21", []),
    ("guard_strike_on_militia_strongholds",   # "معاقل" of an Iran-aligned group stays
     "شنت القوات الأمريكية فجر السبت ضربات على معاقل كتائب حزب الله في القائم.",
     "2025-12-21", [dict(side="us", country="Iraq", site_id="al-qaim", date="2025-12-20")]),
    ("guard_the_organisation_without_isis_named",   # no ISIS in the report: not ISIS
     "أعلنت فصائل مسلحة أن التنظيم استهدف قاعدة عين الأسد بطائرة مسيرة فجر السبت.",
     "2025-12-21", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2025-12-20")]),
    # a plan told with a noun ("تخطيط/مخطط لقصف") is no strike
    ("planning_noun_before_a_strike",
     "أفادت مصادر أمنية بوجود تخطيط أمريكي لقصف مواقع كتائب حزب الله في القائم.",
     "2024-01-16", []),
    ("plot_noun_before_an_attack",
     "كشف مسؤول عن مخطط لاستهداف قاعدة عين الأسد بطائرات مسيرة.", "2024-01-16", []),
    ("guard_planning_after_the_strike",   # the noun after the strike words leaves it
     "قصفت طائرات أمريكية فجر اليوم الثلاثاء مواقع كتائب حزب الله في القائم بعد أسابيع من "
     "التخطيط.", "2024-01-16",
     [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-01-16")]),
    # an arms depot's explosion throws its own shells: no strike on the militia
    ("depot_explosion_throws_shells",
     "أدى انفجار مخزن للعتاد تابع للحشد الشعبي في بابل مساء الاثنين إلى سقوط قذائف هاون على "
     "منازل قريبة.", "2024-01-16", []),
    ("depot_explosion_toll_with_falling_rockets",
     "ارتفعت حصيلة انفجار مستودع للذخيرة في معسكر للحشد الشعبي جنوب بغداد إلى قتيلين جراء "
     "سقوط صواريخ على الأحياء القريبة.", "2024-01-16", []),
    # a US aircraft told as flying or watching is no actor of the attack under it
    ("us_drone_flying_over_a_rocket_attack",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء، فيما حلقت طائرة مسيرة "
     "أمريكية فوق المنطقة.", "2024-01-16", [ASAD]),
    ("us_aircraft_heavy_flying_variant",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء وسط تحليق مكثف لطائرات مسيرة "
     "أمريكية.", "2024-01-16", [ASAD]),
    ("us_reconnaissance_drone_variant",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء، ورصدت طائرة مسيرة استطلاع "
     "أمريكية المكان.", "2024-01-16", [ASAD]),
    ("guard_us_drone_that_strikes",
     "استهدفت طائرة مسيرة أمريكية سيارة تقل قياديين في كتائب حزب الله في بغداد اليوم الأربعاء.",
     "2024-02-07", [dict(side="us", country="Iraq", site_id="baghdad", date="2024-02-07")]),
    # missiles or drones bound for a third party: outside the dyad wherever shot down
    ("drones_downed_over_jordan_bound_for_israel",
     "أسقطت طائرات أمريكية عشرات الطائرات المسيرة الإيرانية فوق الأردن وسوريا في طريقها إلى "
     "إسرائيل.", "2024-04-14", []),
    ("drone_bound_for_eilat_variant",
     "أسقطت مدمرة أمريكية طائرة مسيرة كانت متجهة إلى إيلات فوق الأجواء السورية اليوم الثلاثاء.",
     "2024-01-16", []),
    ("drones_heading_for_the_occupied_lands_variant",
     "اعترضت الدفاعات الأمريكية في قاعدة التنف طائرات مسيرة في طريقها نحو الأراضي المحتلة.",
     "2024-01-16", []),
    ("missiles_towards_the_entity_variant",
     "أسقط التحالف الدولي صواريخ إيرانية باتجاه الكيان الصهيوني فوق العراق الليلة الماضية.",
     "2024-04-14", []),
    ("guard_drone_heading_for_a_case_base",
     "أسقطت الدفاعات الجوية طائرة مسيرة كانت متجهة نحو قاعدة عين الأسد فجر اليوم الثلاثاء.",
     "2024-01-16", [ASAD]),
    ("guard_drones_on_their_way_to_harir",
     "أسقطت القوات الأمريكية طائرتين مسيرتين في طريقهما إلى قاعدة حرير فجر اليوم الثلاثاء.",
     "2024-01-16", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-16")]),
    ("guard_tower_22_in_jordan",
     "قتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على البرج 22 في الأردن قرب الحدود السورية "
     "فجر اليوم الأحد.", "2024-01-28",
     [dict(side="militia", country="Jordan", site_id="tower-22", date="2024-01-28")]),
    # a strike considered, expected or brandished is no strike
    ("considering_strikes",
     "تدرس الولايات المتحدة توجيه ضربات لمواقع الفصائل في العراق وسوريا.", "2024-01-16", []),
    ("considering_strikes_masculine_variant",
     "يدرس البنتاغون شن غارات على مقرات كتائب حزب الله في القائم.", "2024-01-16", []),
    ("brandishing_a_strike",
     "لوحت واشنطن بضرب مواقع الفصائل في العراق.", "2024-01-16", []),
    ("expected_reprisal_after_a_real_attack",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء. ومن المتوقع أن تشن القوات "
     "الأمريكية غارات انتقامية على مواقع الفصائل في القائم.", "2024-01-16", [ASAD]),
    ("guard_considering_a_response_to_a_real_attack",
     "يدرس البنتاغون خيارات الرد بعد أن استهدفت طائرة مسيرة قاعدة عين الأسد فجر اليوم الثلاثاء.",
     "2024-01-16", [ASAD]),
    ("guard_investigating_a_real_attack",
     "تبحث السلطات في ملابسات الهجوم الذي استهدف قاعدة عين الأسد فجر اليوم الثلاثاء.",
     "2024-01-16", [ASAD]),
    ("guard_an_expected_toll",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء، ومن المتوقع ارتفاع حصيلة "
     "الجرحى.", "2024-01-16", [ASAD]),
    # the "قد" of the pluperfect ("وكان ... قد تعرض") tells an earlier attack, not a
    # possible one; "قد" + a present verb stays a hypothetical
    ("pluperfect_qad_is_an_earlier_attack",
     "وكان مطار أربيل قد تعرض في شباط الماضي لهجوم صاروخي أدى إلى مقتل متعاقد مدني.",
     "2021-07-07", [dict(side="militia", country="Iraq", site_id="erbil-airbase",
                         date="2021-02-01", precision="month")]),
    ("pluperfect_after_a_main_attack",
     "سقطت طائرة مسيرة مفخخة قرب مطار أربيل الدولي مساء أمس. وكان المطار قد تعرض في شباط "
     "الماضي لهجوم صاروخي.", "2021-07-07",
     # (two drafts at one site: the test matches by site, so their dates are not compared)
     [dict(side="militia", country="Iraq", site_id="erbil-airbase"),
      dict(side="militia", country="Iraq", site_id="erbil-airbase")]),
    ("guard_qad_with_a_present_verb",
     "وقال مسؤول إن مطار أربيل قد يتعرض لهجوم صاروخي.", "2021-07-07", []),
    ("guard_qad_opening_the_sentence",
     "قد تتعرض قاعدة حرير لهجمات في الأيام المقبلة.", "2021-07-07", []),
    # a logistic-support convoy is the coalition's: an IED on it is a militia attack, also
    # when told as the earlier attack an attack "comes two days after" (not a US act)
    ("ied_on_a_logistic_support_convoy",
     "انفجرت عبوة ناسفة على رتل دعم لوجستي في محافظة الديوانية فجر اليوم.", "2020-06-17",
     [dict(side="militia", country="Iraq", site_id=None, date="2020-06-17")]),
    ("ied_on_logistic_convoys_variant",
     "استهدفت عبوة ناسفة أرتال الإسناد اللوجستي على الطريق السريع في محافظة الديوانية فجر "
     "اليوم.", "2020-06-17", [dict(side="militia", country="Iraq", site_id=None)]),
    ("earlier_convoy_ied_is_no_us_act",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد مساء الأربعاء. ويأتي الهجوم بعد يومين من استهداف "
     "رتل للدعم اللوجستي بعبوة ناسفة في محافظة الديوانية.", "2020-06-17",
     [dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2020-06-17"),
      dict(side="militia", country="Iraq", site_id=None, date="2020-06-15")]),
    # a denial of responsibility or of losses is no denial of the place
    ("guard_a_group_denies_responsibility",
     "نفت كتائب حزب الله مسؤوليتها عن الهجوم الصاروخي الذي استهدف قاعدة عين الأسد فجر اليوم "
     "الثلاثاء.", "2024-01-16", [ASAD]),
    ("guard_an_official_denies_losses",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء، ونفى مسؤول أمريكي وقوع "
     "إصابات.", "2024-01-16", [ASAD]),
    ("guard_denies_any_link_variant",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء، فيما نفت الفصائل أي علاقة "
     "لها بالهجوم.", "2024-01-16", [ASAD]),
    ("guard_denies_hitting_civilians",
     "شنت طائرات أمريكية غارات على مواقع للحشد الشعبي في القائم فجر اليوم، فيما نفت واشنطن "
     "استهداف مدنيين.", "2019-08-26",
     [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-08-26")]),
    # who denies any part in a strike is no cue to who struck (an unknown strike on the
    # militia at the border is not a US strike because the coalition denies it)
    ("coalition_denies_an_unknown_strike",
     "قتل خمسة عناصر من الحشد الشعبي بقصف جوي مجهول استهدف مواقعهم قرب الحدود العراقية "
     "السورية فجر اليوم. ونفى التحالف الدولي أي علاقة له بالغارة.", "2019-08-26",
     [dict(side="unattributed", country="Iraq", site_id=None),
      dict(side="unattributed", country="Syria", site_id=None)]),
    ("washington_denies_responsibility_variant",
     "قتل خمسة عناصر من الحشد الشعبي بقصف جوي مجهول استهدف مواقعهم قرب الحدود العراقية "
     "السورية فجر اليوم، فيما نفت واشنطن مسؤوليتها عن القصف.", "2019-08-26",
     [dict(side="unattributed", country="Iraq", site_id=None),
      dict(side="unattributed", country="Syria", site_id=None)]),
    ("denial_of_the_event_stays_out",
     "نفت خلية الإعلام الأمني صحة ما تداولته مواقع التواصل عن قصف قاعدة حرير اليوم.",
     "2024-01-16", []),
    # an unknown aircraft striking a militia depot inside a US-hosted base: not a militia
    # attack on the base (the depot is the militia's)
    ("unknown_strike_on_a_militia_depot_in_a_hosted_base",
     "استهدفت طائرة مجهولة مخزنا للعتاد تابعا للحشد الشعبي في قاعدة بلد فجر اليوم الثلاثاء.",
     "2024-01-16", [dict(side="unattributed", country="Iraq", site_id="balad")]),
    ("guard_shells_that_set_a_depot_on_fire",   # the shells came first: an attack
     "سقطت قذائف هاون على قاعدة عين الأسد فجر اليوم الثلاثاء، وتسبب القصف في حريق داخل مخزن "
     "للعتاد.", "2024-01-16", [ASAD]),
]


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_precision(name, text, published, expected):
    got = _drafts(text, published)
    assert sorted(map(_key, got), key=str) == sorted(map(_key, expected), key=str), got
    for e in expected:
        g = next(g for g in got if _key(g) == _key(e))
        for f in ("date", "precision"):
            if f in e:
                assert g[f] == e[f], (f, g)


def test_the_reason_is_recorded():
    """A passage left out by a precision rule is listed in ``attrs["skipped"]`` with the
    rule's reason, so a reviewer sees what was not drafted and why."""
    cases = [
        ("أعلن الحرس الثوري الإيراني أنه استهدف مقرا للموساد في أربيل بصواريخ باليستية مساء "
         "أمس.", "2024-01-16", "no US target"),
        ("قصفت القوات الأمريكية بالمدفعية مناطق في البادية السورية اليوم الثلاثاء، في إطار "
         "مناورات عسكرية.", "2022-05-10", "exercise"),
    ]
    for text, published, word in cases:
        d = code_report(text, published=published)
        assert d.empty
        assert any(word in s["reason"] for s in d.attrs["skipped"]), d.attrs["skipped"]


def test_out_of_pair_reads_the_stated_targets():
    """The side-pair rule on incidents built by hand: stated targets of the opponent keep
    an incident, only third-party targets drop it, no stated target keeps it (except for
    Iran, which needs a US target)."""
    from analysis.coding.frames import Ev, Frame, Incident

    def inc(side, targets):
        frs = []
        for t in targets:
            f = Frame(sent=None, start=0, end=1, kind="main", triggers=[])
            if t:
                f.target, f.target_ev = t, Ev("target_side", t, 0, 1, 0.8, "test")
            frs.append(f)
        return Incident(side=side, frames=frs)

    assert scope.out_of_pair(inc("us", ["militia"])) is None
    assert scope.out_of_pair(inc("us", ["iran"])) is None
    assert scope.out_of_pair(inc("us", [None])) is None
    assert scope.out_of_pair(inc("us", ["other"])) is not None
    assert scope.out_of_pair(inc("us", ["other", "militia"])) is None
    assert scope.out_of_pair(inc("militia", ["us"])) is None
    assert scope.out_of_pair(inc("militia", ["other"])) is not None
    assert scope.out_of_pair(inc("iran", ["us"])) is None
    assert scope.out_of_pair(inc("iran", [None])) is not None
    assert scope.out_of_pair(inc("iran", ["militia"])) is not None


# -- fields: the weapon class (analysis.coding.fields; session 7) ---------------------------
#   each case: a report, its publication date, the drafts as (side, country, site_id, weapon)
WEAPON_CASES = [
    # rockets in one clause and a drone in another of the same attack: mixed
    ("mixed_rockets_then_a_drone_shot_down",
     "تعرضت قاعدة عين الأسد لقصف صاروخي فجر اليوم الثلاثاء، وأسقطت الدفاعات الجوية طائرة "
     "مسيرة كانت تحلق فوق القاعدة.", "2024-01-16",
     [("militia", "Iraq", "ain-al-asad", "mixed")]),
    ("mixed_in_two_sentences",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد مساء اليوم الثلاثاء. وهاجمت طائرتان مسيرتان "
     "القاعدة بعد ذلك بقليل.", "2024-01-16", [("militia", "Iraq", "ain-al-asad", "mixed")]),
    ("mixed_told_months_ago",
     "وكانت السفارة الأمريكية في بغداد قد تعرضت لهجوم بصواريخ كاتيوشا في آب الماضي، كما "
     "أسقطت منظومة سي رام في حينه طائرة مسيّرة فوق السفارة.", "2021-12-19",
     [("militia", "Iraq", "us-embassy-baghdad", "mixed")]),
    ("mixed_mortar_and_a_rigged_drone",
     "استهدفت قذائف هاون حقل العمر النفطي مساء الاثنين، وقال مصدر إن طائرة مسيرة مفخخة ضربت "
     "الحقل أيضا.", "2024-02-13", [("militia", "Syria", "mss-green-village", "mixed")]),
    ("mixed_drone_first",
     "هاجمت طائرة مسيرة قاعدة حرير فجر اليوم الأحد، وسقط صاروخان داخل القاعدة بعد ساعة.",
     "2024-01-14", [("militia", "Iraq", "harir", "mixed")]),
    ("mixed_variant_without_a_pilot",
     "سقط صاروخا كاتيوشا على قاعدة عين الاسد مساء اليوم الثلاثاء، ثم استهدفت طائرة بدون طيار "
     "القاعدة ذاتها.", "2024-01-16", [("militia", "Iraq", "ain-al-asad", "mixed")]),
    ("mixed_variant_diacritics_and_tatweel",
     "تعرّضت قاعدة حرير لقصفٍ صاروخيّ فجر اليوم الأحد، فيما أسقطت الدفاعات طائرةً مسيّـرة "
     "فوقها.", "2024-01-14", [("militia", "Iraq", "harir", "mixed")]),
    ("mixed_variant_passive",
     "استُهدف حقل كونيكو بقذائف صاروخية مساء اليوم الاثنين. كما تم استهداف الحقل بطائرتين "
     "مسيرتين.", "2024-02-12", [("militia", "Syria", "mss-conoco", "mixed")]),
    ("mixed_variant_taa_marbuta_as_haa",
     "هاجمت طائره مسيره قاعده عين الاسد فجر اليوم الثلاثاء، وسقطت ثلاثه صواريخ داخل القاعده.",
     "2024-01-16", [("militia", "Iraq", "ain-al-asad", "mixed")]),
    ("guard_rockets_and_drones_in_one_phrase",
     "استهدفت المقاومة قاعدة حرير بالصواريخ والطائرات المسيرة فجر اليوم الأحد.", "2024-01-14",
     [("militia", "Iraq", "harir", "mixed")]),
    # ... but not an air-defence system, a reference back, a campaign, an earlier attack
    ("guard_cram_is_no_rocket",
     "استهدفت طائرة مسيرة السفارة الأمريكية في بغداد فجر اليوم الأحد، وتصدت لها منظومة سي رام "
     "الصاروخية.", "2021-12-19", [("militia", "Iraq", "us-embassy-baghdad", "drone")]),
    ("guard_patriot_batteries",
     "هاجمت طائرة مسيرة قاعدة حرير فجر اليوم الأحد، وتصدت لها بطاريات صواريخ باتريوت.",
     "2024-01-14", [("militia", "Iraq", "harir", "drone")]),
    ("guard_counter_drone_system",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء، وفعلت القوات منظومة مضادة "
     "للطائرات المسيرة.", "2024-01-16", [("militia", "Iraq", "ain-al-asad", "rocket")]),
    ("guard_loose_back_reference",
     "استهدفت طائرات مسيرة مطار أربيل الدولي ليل السبت. وتوقفت الرحلات في المطار على إثر "
     "الهجوم الصاروخي.", "2021-09-12", [("militia", "Iraq", "erbil-airbase", "drone")]),
    ("guard_campaign_statement",
     "هاجمت طائرة مسيرة قاعدة التنف فجر اليوم الأحد. يذكر أن الفصائل تستهدف القواعد الأمريكية "
     "بالطائرات المسيرة والصواريخ منذ أشهر.", "2024-01-28",
     [("militia", "Syria", "al-tanf", "drone")]),
    ("guard_generic_missile_and_ballistic",
     "أعلنت المقاومة مسؤوليتها عن القصف الصاروخي على قاعدة عين الأسد اليوم السبت. وقال مسؤول "
     "أمريكي إن الهجوم نفذ بصواريخ باليستية.", "2024-01-20",
     [("militia", "Iraq", "ain-al-asad", "ballistic_missile")]),
    ("guard_weapon_of_an_earlier_attack",
     "هاجمت طائرة مسيرة قاعدة عين الأسد اليوم الجمعة. ويأتي الهجوم بعد أيام من استهداف القاعدة "
     "بالصواريخ.", "2024-01-26", [("militia", "Iraq", "ain-al-asad", "drone")]),
    ("guard_two_attacks_two_days",
     "سقطت صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء. وكانت طائرة مسيرة قد استهدفت القاعدة "
     "يوم الأحد الماضي.", "2024-01-16",
     [("militia", "Iraq", "ain-al-asad", "rocket"), ("militia", "Iraq", "ain-al-asad", "drone")]),
    # a drone's own munitions are not a second weapon
    ("drone_loaded_with_rockets",
     "استهدفت طائرة مسيرة محملة بالصواريخ قاعدة عين الأسد فجر اليوم الثلاثاء.", "2024-01-16",
     [("militia", "Iraq", "ain-al-asad", "drone")]),
    ("drone_fired_two_rockets",
     "أطلقت طائرة مسيرة صاروخين على قاعدة عين الأسد فجر اليوم الثلاثاء.", "2024-01-16",
     [("militia", "Iraq", "ain-al-asad", "drone")]),
    ("drone_fitted_with_shells",
     "هاجمت طائرة مسيرة مزودة بقذائف حقل العمر مساء اليوم الاثنين.", "2024-02-12",
     [("militia", "Syria", "mss-green-village", "drone")]),
    ("drone_the_subject_missiles_its_means",
     "قالت وسائل إعلام إن طائرة مسيرة مجهولة استهدفت بعدة صواريخ مقر قاعدة حقل العمر مساء "
     "اليوم السبت.", "2022-10-22", [("militia", "Syria", "mss-green-village", "drone")]),
    ("drone_struck_the_base_with_two_missiles",
     "قصفت طائرة مسيرة قاعدة حرير بصاروخين فجر اليوم الأحد.", "2024-01-14",
     [("militia", "Iraq", "harir", "drone")]),
    ("drone_munitions_told_in_another_clause",
     "استهدفت قاعدة حقل العمر بالصواريخ مساء اليوم السبت. وقالت وسائل إعلام إن طائرة مسيرة "
     "مجهولة استهدفت بعدة صواريخ مقر القاعدة.", "2022-10-22",
     [("militia", "Syria", "mss-green-village", "drone")]),
    ("guard_drone_then_rockets_after_a_comma",
     "هاجمت طائرة مسيرة قاعدة حرير، وسقطت صواريخ داخلها فجر اليوم الأحد.", "2024-01-14",
     [("militia", "Iraq", "harir", "mixed")]),
    # missile kinds named together (the kind named again after the pair stays in it)
    ("ballistic_and_katyusha_rockets",
     "استهدف هجوم بصواريخ باليستية وصواريخ كاتيوشا قاعدة عين الأسد مساء اليوم السبت.",
     "2024-01-20", [("militia", "Iraq", "ain-al-asad", "mixed")]),
    ("ballistic_and_rocket_shells_variant",
     "سقطت صواريخ بالستية وقذائف صاروخية على قاعدة عين الأسد مساء اليوم السبت.", "2024-01-20",
     [("militia", "Iraq", "ain-al-asad", "mixed")]),
    # Iran's state fire with its subject, time and a count between the verb and the missiles,
    # on two bases "that host" US forces (dual relative)
    ("iran_guard_long_subject_and_count",
     "أطلق الحرس الثوري الإيراني فجر اليوم الأربعاء أكثر من 15 صاروخا على قاعدتي عين الأسد "
     "وحرير اللتين تضمان قوات أمريكية، ردا على اغتيال قائد فيلق القدس.", "2020-01-08",
     [("iran", "Iraq", "ain-al-asad", "ballistic_missile"),
      ("iran", "Iraq", "harir", "ballistic_missile")]),
    ("iran_guard_long_subject_variant",
     "أطلق الحرس الثوري الإيراني فجر اليوم الأربعاء صواريخ على قاعدة عين الأسد التي تضم قوات "
     "أمريكية.", "2020-01-08", [("iran", "Iraq", "ain-al-asad", "ballistic_missile")]),
    ("militia_on_two_bases_that_host_us_forces",
     "استهدفت الفصائل قاعدتي عين الأسد وحرير اللتين تضمان قوات أمريكية فجر اليوم.",
     "2024-01-16", [("militia", "Iraq", "ain-al-asad", "unknown"),
                    ("militia", "Iraq", "harir", "unknown")]),
    # Iran's state fire: generic missiles are ballistic; its drones stay drones
    ("iran_guard_generic_missiles",
     "أطلق الحرس الثوري صواريخ على قاعدة عين الأسد التي تضم قوات أمريكية فجر اليوم الأربعاء.",
     "2020-01-08", [("iran", "Iraq", "ain-al-asad", "ballistic_missile")]),
    ("iran_missile_attack_adjective_variant",
     "أسفر الهجوم الصاروخي الإيراني على قاعدة عين الأسد فجر اليوم عن إصابات بين الجنود "
     "الأمريكيين.", "2020-01-08", [("iran", "Iraq", "ain-al-asad", "ballistic_missile")]),
    ("guard_iran_drones",
     "أطلقت إيران طائرات مسيرة على قاعدة حرير التي تضم قوات أمريكية فجر اليوم.", "2020-01-08",
     [("iran", "Iraq", "harir", "drone")]),
    # US platforms: a drone by model name; an aircraft model between the noun and "American"
    ("us_drone_by_model_name",
     "قصفت طائرة أمريكية من طراز إم كيو 9 سيارة لقيادي في الحشد الشعبي قرب مطار بغداد.",
     "2024-02-07", [("us", "Iraq", "baghdad-airport", "drone_strike")]),
    ("us_drone_without_a_pilot_variant",
     "استهدفت طائرة أمريكية دون طيار سيارة في بغداد اليوم الأربعاء.", "2024-02-07",
     [("us", "Iraq", "baghdad", "drone_strike")]),
    ("us_bombers_by_model",
     "نفذت قاذفات بي 1 الأمريكية ضربات على مواقع في البوكمال اليوم.", "2024-02-03",
     [("us", "Syria", "albukamal", "airstrike")]),
    ("us_fighters_by_model_variant",
     "شنت مقاتلات إف-15 الأمريكية غارات على مواقع في القائم اليوم.", "2024-02-03",
     [("us", "Iraq", "al-qaim", "airstrike")]),
    # a US strike keeps its weapon when a later sentence tells raids by another platform
    ("us_strike_then_helicopter_raids",
     "قتل قائد في الحشد بقصف صاروخي أمريكي قرب مطار بغداد الدولي فجر اليوم الجمعة. وأفاد شهود "
     "بأن طائرات مروحية أمريكية نفذت غارات في محيط المطار بعد سماع دوي انفجارات.", "2020-01-03",
     [("us", "Iraq", "baghdad-airport", "airstrike")]),
    ("us_strike_then_drone_raids",
     "استهدفت غارة أمريكية مقرا لكتائب حزب الله في القائم فجر اليوم. وقال مصدر محلي إن طائرات "
     "مسيرة شنت غارات على مواقع قرب الحدود في وقت لاحق.", "2024-02-03",
     [("us", "Iraq", "al-qaim", "airstrike")]),
    ("guard_platform_told_back",
     "شنت طائرات أمريكية غارات على مواقع في القائم فجر اليوم السبت. وأوضح المصدر أن القصف تم "
     "بواسطة طائرات مسيرة.", "2024-02-03", [("us", "Iraq", "al-qaim", "drone_strike")]),
    ("guard_platform_in_the_same_sentence",
     "قتل قائد في كتائب حزب الله بضربة أمريكية في بغداد اليوم الأربعاء نفذتها طائرة مسيرة.",
     "2024-02-07", [("us", "Iraq", "baghdad", "drone_strike")]),
    ("guard_platform_of_the_one_strike",
     "قصفت القوات الأمريكية سيارة في بغداد اليوم الأربعاء. وقال مصدر إن طائرة مسيرة نفذت "
     "الضربة.", "2024-02-07", [("us", "Iraq", "baghdad", "drone_strike")]),
]


@pytest.mark.parametrize("name,text,published,expected", WEAPON_CASES,
                         ids=[c[0] for c in WEAPON_CASES])
def test_weapon_class(name, text, published, expected):
    d = code_report(text, published=published)
    got = sorted((r.side, r.country, None if pd.isna(r.site_id) else r.site_id, r.weapon)
                 for r in d.itertuples())
    assert got == sorted(expected), got


# -- fields: casualties (analysis.coding.fields; session 7) ---------------------------------
#   each case: a report, its publication date, the drafts as (side, site_id, killed, wounded)
CASUALTY_CASES = [
    # figures told before their cause ("إثر/عقب/جراء/نتيجة ...") belong to that attack
    ("wounded_before_after_an_attack",
     "أصيب أربعة جنود أمريكيين بجروح إثر هجوم صاروخي على قاعدة عين الأسد اليوم.",
     "2024-01-21", [("militia", "ain-al-asad", None, 4)]),
    ("concussions_before_after_an_attack",
     "أصيب أربعة جنود أمريكيين بارتجاج في الدماغ إثر هجوم صاروخي على قاعدة عين الأسد اليوم.",
     "2024-01-21", [("militia", "ain-al-asad", None, 4)]),
    ("killed_before_following_an_attack_variant",
     "قتل جنديان أمريكيان عقب هجوم بطائرة مسيرة على قاعدة التنف اليوم.", "2024-01-21",
     [("militia", "al-tanf", 2, None)]),
    ("wounded_before_in_the_wake_of_variant",
     "أصيب جنديان أمريكيان بجروح طفيفة على إثر هجوم بطائرة مسيرة استهدف قاعدة حرير اليوم.",
     "2024-01-21", [("militia", "harir", None, 2)]),
    ("guard_wounded_as_a_result_of",
     "أصيب جنديان أمريكيان نتيجة سقوط صواريخ على قاعدة حرير اليوم.", "2024-01-21",
     [("militia", "harir", None, 2)]),
    # US losses, then the US strike told after a comma with a subject of its own: two
    # incidents, the losses the militia attack's (not the strike's own losses)
    ("us_losses_then_the_us_strike",
     "قتل ثلاثة جنود أمريكيين في الأردن الأحد، وشنت الولايات المتحدة غارات على القائم اليوم.",
     "2024-02-03", [("militia", None, 3, None), ("us", "al-qaim", None, None)]),
    ("guard_no_losses_is_zero",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء دون وقوع خسائر بشرية.",
     "2024-01-16", [("militia", "ain-al-asad", 0, 0)]),
    ("guard_no_damage_leaves_blank",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء ولم تسفر عن أضرار مادية.",
     "2024-01-16", [("militia", "ain-al-asad", None, None)]),
    ("guard_iraqi_wounded_are_not_the_us_figure",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد فجر اليوم الثلاثاء ما أدى إلى إصابة جنديين "
     "عراقيين.", "2024-01-16", [("militia", "ain-al-asad", None, None)]),
]


@pytest.mark.parametrize("name,text,published,expected", CASUALTY_CASES,
                         ids=[c[0] for c in CASUALTY_CASES])
def test_casualty_figures(name, text, published, expected):
    d = code_report(text, published=published)

    def n(x):
        return None if pd.isna(x) else int(x)
    got = sorted(((r.side, None if pd.isna(r.site_id) else r.site_id, n(r.target_killed),
                   n(r.target_wounded)) for r in d.itertuples()), key=str)
    assert got == sorted(expected, key=str), got
