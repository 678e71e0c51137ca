"""Generalisation probes of the Arabic coder (issue 14, coder17): construction classes the
earlier sessions left unhandled, each written as sentences made up for these tests (none is
copied from an article), in the variants another outlet would use (synonyms, word order,
active and passive, agreement, digits and words, spelling variants), with guards against
over-reach. Each case: a short report, its publication date, and the drafts expected as
(side, country, site_id) with an optional date; ``NOT_ON`` cases assert only that no draft
is dated within a week of the given day (an anniversary is no new incident)."""

import pandas as pd
import pytest

from analysis import code_report
from test_coding_scope import U, _drafts, _key    # the same draft summary and key
from test_coding_scope import test_acting_side_and_place as _check_drafts


def D(side, country, site=None, date=None):
    return U(country, site, date, side=side)


P = "2024-03-10"      # a Sunday
Y = "2024-03-09"      # the day before
CASES = [
    # -- "the second of its kind, after another attack on it on the 3rd" (coder19): the
    # dated earlier occurrence is its own incident at the counted base; the undated one the
    # sentence counts keeps the report's day ----------------------------------------------
    ("series_count_earlier_day_of_month",
     "قالت مصادر إن طائرة مسيرة استهدفت قاعدة حرير الأمريكية في أربيل. وهذا الاستهداف هو "
     "الثاني من نوعه للقاعدة، بعد استهداف آخر طالها في 3 من آذار الجاري.",
     P, [D("militia", "Iraq", "harir", P), D("militia", "Iraq", "harir", "2024-03-03")]),
    ("series_count_earlier_weekday_third",
     "أفادت مصادر محلية بأن صواريخ سقطت على قاعدة الشدادي الأمريكية بريف الحسكة. ويعد هذا "
     "القصف الثالث على القاعدة بعد هجوم سابق تعرضت له يوم الأربعاء الماضي.",
     P, [D("militia", "Syria", "shaddadi", P), D("militia", "Syria", "shaddadi", "2024-03-06")]),
    ("series_count_earlier_month_only_guard",
     "قالت مصادر إن طائرة مسيرة استهدفت قاعدة حرير الأمريكية في أربيل. وهذا الاستهداف هو "
     "الثاني من نوعه للقاعدة، بعد استهداف آخر طالها مطلع الشهر الجاري.",
     P, [D("militia", "Iraq", "harir", P)]),
    ("dated_attack_after_another_without_count_guard",
     "قالت مصادر إن طائرة مسيرة استهدفت قاعدة حرير الأمريكية في أربيل في 3 من آذار الجاري، "
     "بعد هجوم صاروخي على قاعدة عين الأسد.",
     P, [D("militia", "Iraq", "harir", "2024-03-03")]),
    # -- "القاعدة" and "استهدافها" after an unnamed base told with an attack ("في قاعدة
    # عسكرية ... في كركوك") refer to that base (its town), not to the embassy named before
    # (coder19); guard: an unnamed base in a sentence without an attack is no referent ----
    ("unnamed_base_is_the_referent_not_the_embassy",
     "سقطت صواريخ قرب السفارة الأمريكية في بغداد اليوم. وسقطت قذيفة في قاعدة عسكرية يتمركز "
     "فيها جنود أمريكيون في كركوك يوم الخميس. وهو الهجوم الأول على القاعدة منذ استهدافها "
     "بعشرين صاروخا في 27 كانون الأول/ديسمبر.",
     P, [D("militia", "Iraq", "us-embassy-baghdad", P), D("militia", "Iraq", "kirkuk", "2024-03-07"),
         D("militia", "Iraq", "kirkuk", "2023-12-27")]),
    ("unnamed_base_same_sentence_referent",
     "سقطت صواريخ قرب السفارة الأمريكية في بغداد اليوم. وسقطت قذيفة في قاعدة عسكرية يتمركز "
     "فيها جنود أمريكيون في كركوك يوم الخميس، وهو الهجوم الأول على القاعدة منذ استهدافها "
     "بعشرين صاروخا في 27 كانون الأول/ديسمبر.",
     P, [D("militia", "Iraq", "us-embassy-baghdad", P), D("militia", "Iraq", "kirkuk", "2024-03-07"),
         D("militia", "Iraq", "kirkuk", "2023-12-27")]),
    ("unnamed_base_without_attack_is_no_referent_guard",
     "استهدفت طائرة مسيرة قاعدة عين الأسد الجوية اليوم. وتضم المنطقة قاعدة عسكرية للجيش "
     "العراقي أيضا. وقال مسؤول إن الهجوم على القاعدة لم يوقع إصابات.",
     P, [D("militia", "Iraq", "ain-al-asad", P)]),
    # -- Iran's missiles (coder19): launched from Iran; "الهجوم الذي شنته إيران" (the verb
    # with its object pronoun makes the ambiguous name the agent); guards: a militia claim
    # wins, and a border "with Iran" is no launch from it ---------------------------------
    ("missiles_launched_from_iran",
     "قال مسؤول أمريكي إن الصواريخ أطلقت من إيران على أربيل اليوم وسقطت قرب القنصلية "
     "الأمريكية.", P, [D("iran", "Iraq", "us-consulate-erbil", P)]),
    ("launch_noun_count_accusative_from_iran",
     "إطلاق 15 صاروخا باليستيا من إيران على قاعدة حرير في أربيل اليوم.",
     P, [D("iran", "Iraq", "harir", P)]),
    ("attack_iran_waged_month_past_saying_with_quoted_name",
     "ذكر الجيش الأمريكي \"القيادة المركزية\" أمس، أن 34 جنديا أصيبوا في الهجوم الذي شنته "
     "إيران على قاعدة عين الأسد في يناير الماضي.",
     P, [D("iran", "Iraq", "ain-al-asad", "2024-01-01")]),
    ("fall_noun_with_quantifier_earlier_attack",
     "سقطت صواريخ على قاعدة عين الأسد اليوم، وجاء الهجوم بعد سقوط ما لا يقل عن ثلاثة صواريخ "
     "في القاعدة يوم الخميس.", P,
     [D("militia", "Iraq", "ain-al-asad", P), D("militia", "Iraq", "ain-al-asad", "2024-03-07")]),
    ("fall_noun_count_accusative",
     "أفادت مصادر بسقوط 12 صاروخا على قاعدة عين الأسد الجوية اليوم.",
     P, [D("militia", "Iraq", "ain-al-asad", P)]),
    ("launched_from_iran_militia_claim_guard",
     "قال مسؤول إن صواريخ أطلقت من إيران على أربيل اليوم وسقطت قرب القنصلية الأمريكية، "
     "وأعلنت كتائب حزب الله مسؤوليتها عن الهجوم.",
     P, [D("militia", "Iraq", "us-consulate-erbil", P)]),
    ("border_with_iran_is_no_launch_guard",
     "قال مسؤول إن مسلحين أطلقوا صواريخ من منطقة قرب الحدود مع إيران على قاعدة حرير اليوم.",
     P, [D("militia", "Iraq", "harir", P)]),
    # -- US strikes on the Islamic State are outside the dyad (coder19): a leader killed "في
    # تنظيم ما يعرف بـ" is the target; "the strike" told next refers back to it; guards: a
    # new strike on a militia, and one at a place of its own, stay in -------------------
    ("isis_leader_strike_refers_back",
     "أعلن الجيش الأمريكي الأحد قتله قياديا في تنظيم الدولة الإسلامية بغارة في سوريا. وشنت "
     "القوات الأمريكية الضربة الجمعة، وقد أسفرت عن مقتل القيادي في شرق سوريا.", P, []),
    ("isis_member_so_called",
     "نفذت الولايات المتحدة ضربة في سوريا اليوم أسفرت عن مقتل قيادي في تنظيم ما يعرف "
     "بـ«الدولة الإسلامية».", P, []),
    ("isis_strike_then_new_militia_strike_guard",
     "أعلن الجيش الأمريكي اليوم مقتل قيادي في تنظيم داعش بغارة في سوريا. وفي سياق آخر، شنت "
     "طائرات أمريكية غارات على مواقع لكتائب حزب الله في القائم اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    ("isis_strike_then_anaphoric_at_own_place_guard",
     "أعلن الجيش الأمريكي اليوم مقتل قيادي في تنظيم داعش بغارة في سوريا. وقصفت الطائرات "
     "ذاتها مقرا لكتائب حزب الله في البوكمال أمس.", P, [D("us", "Syria", "albukamal", Y)]),
    # -- a hedge between the group and its tie to Iran (coder19) ---------------------------
    ("hedged_tie_to_iran_suspected",
     "أصيب جندي أمريكي في أعقاب هجمات صاروخية في سوريا يوم الأربعاء نفذتها فصائل يشتبه في "
     "كونها متحالفة مع إيران.", "2022-08-25", [D("militia", "Syria", None, "2022-08-24")]),
    ("loyal_plural_masculine_to_iran",
     "أعلن الجيش الأمريكي إصابة جنود بصدمات دماغية ناتجة عن هجوم شنه مسلحون موالون لإيران "
     "شرقي سوريا أمس.", P, [D("militia", "Syria", None, Y)]),
    # a compound "hosting a group of US trainers" is a US target (coder19); guard: US
    # journalists are no forces
    ("compound_hosting_us_trainers",
     "سقط صاروخ كاتيوشا اليوم على مجمع في الموصل يستضيف مجموعة من المدربين الأميركيين.",
     P, [D("militia", "Iraq", None, P)]),
    ("compound_hosting_us_journalists_guard",
     "سقط صاروخ اليوم على مجمع في الموصل يستضيف مجموعة من الصحفيين الأميركيين.", P, []),
    # the attack a response noun answers, with words between ("الرد الأولي للولايات المتحدة
    # على هجوم ...") is the other side's, with its own day (coder19)
    ("response_noun_with_words_answers_an_attack",
     "نفذ الجيش الأمريكي اليوم ضربات جوية على مواقع لفصائل موالية لإيران في سوريا، والتي "
     "تعد الرد الأولي للولايات المتحدة على هجوم بطائرة مسيرة يوم السبت على موكب عسكري "
     "أمريكي في سوريا.", P, [D("us", "Syria", None, P), D("militia", "Syria", None, Y)]),
    # "hours after a similar attack on a base in north-east Syria" after an attack in Iraq
    # is another incident, in its own country (coder19); guard: "حينها" stays the same one
    ("hours_after_similar_attack_in_another_country",
     "أطلقت خمسة صواريخ مساء اليوم باتجاه قاعدة عين الأسد في غرب العراق بعد ساعات من هجوم "
     "مماثل على قاعدة تتواجد فيها قوات أمريكية في شمال شرق سوريا.",
     P, [D("militia", "Iraq", "ain-al-asad", P), D("militia", "Syria", None, P)]),
    ("at_that_time_same_incident_guard",
     "أطلقت خمسة صواريخ مساء اليوم باتجاه قاعدة عين الأسد في غرب العراق، وسقطت حينها قذيفة "
     "قرب القاعدة.", P, [D("militia", "Iraq", "ain-al-asad", P)]),
    ("hedged_tie_to_iran_believed",
     "أطلقت جماعات يعتقد أنها مدعومة من إيران صواريخ على قاعدة التنف اليوم.", "2022-08-25",
     [D("militia", "Syria", "al-tanf", "2022-08-25")]),
    # -- an undated attack referred back at a base in another governorate is not the one
    # told (coder19); guard: the same governorate named again stays one incident --------
    ("latest_attack_in_another_governorate",
     "تعرضت قاعدتان أمريكيتان في حقل العمر وحقل كونيكو بريف دير الزور لقصف صاروخي اليوم. "
     "مراسلنا: الهجوم الأخير على قاعدة الجيش الأمريكي في الحسكة تم من داخل مناطق سيطرته",
     "2023-12-12", [D("militia", "Syria", "mss-green-village", "2023-12-12"),
                    D("militia", "Syria", "mss-conoco", "2023-12-12")]),
    ("attack_referred_back_same_governorate_guard",
     "تعرضت قاعدة عين الأسد في الأنبار لقصف صاروخي اليوم. وقال مسؤول إن الهجوم على القاعدة "
     "في الأنبار لم يوقع إصابات.", "2023-12-12", [D("militia", "Iraq", "ain-al-asad", "2023-12-12")]),
    ("verb_with_anaphoric_subject_other_governorate_guard",
     "قالت فصائل عراقية مساء الاثنين إنها استهدفت قواعد أميركية في العراق وسوريا. وقالت إنها "
     "استهدفت قاعدة عين الأسد غربي العراق. وفي سوريا، هاجمت هذه الفصائل قاعدتي تل البيدر "
     "والتنف.", "2023-11-06", [D("militia", "Iraq", "ain-al-asad", "2023-11-06"),
                              D("militia", "Syria", "tal-baydar", "2023-11-06"),
                              D("militia", "Syria", "al-tanf", "2023-11-06")]),
    ("named_base_of_the_round_other_governorate_guard",
     "أعلن الحرس الثوري الإيراني فجر اليوم استهدافه قاعدتين أمريكيتين في العراق بالصواريخ "
     "الباليستية، وسقط صاروخان قرب مطار أربيل الدولي. وتحدثت وكالة عن قتلى في الهجوم الذي "
     "قالت إنه استهدف قاعدة عين الأسد.", "2020-01-08",
     [D("iran", "Iraq", "erbil-airbase", "2020-01-08"), D("iran", "Iraq", "ain-al-asad", "2020-01-08")]),
    # -- artillery fire as an act (coder19) -----------------------------------------------
    ("counter_battery_artillery_fire",
     "قال التحالف إن القوات الأمريكية في سوريا أطلقت اليوم نيرانا مدفعية مضادة على المواقع "
     "التي انطلقت منها الصواريخ.", "2021-06-28", [D("us", "Syria", None, "2021-06-28")]),
    # -- a killing "at the hands of" an actor, without an attack word ----------------------
    ("killed_at_the_hands_of_us",
     "قتل ثلاثة من عناصر كتائب حزب الله على يد القوات الأمريكية في القائم أمس.",
     P, [D("us", "Iraq", "al-qaim", Y)]),
    ("met_death_at_the_hands_plural",
     "لقي قيادي في الحشد الشعبي مصرعه على أيدي القوات الأميركية قرب البوكمال فجر اليوم.",
     P, [D("us", "Syria", "albukamal", P)]),
    ("killing_noun_at_the_hands_army",
     "مقتل اثنين من مقاتلي حركة النجباء على يد الجيش الأمريكي في جرف الصخر مساء السبت.",
     P, [D("us", "Iraq", "jurf-al-sakhar", Y)]),
    ("guard_killed_at_the_hands_of_militia",
     "قتل جندي أمريكي على يد مسلحين من فصائل موالية لإيران في قاعدة التنف اليوم.",
     P, [D("militia", "Syria", "al-tanf", P)]),
    ("guard_killed_at_the_hands_of_isis",
     "قتل اثنان من عناصر الحشد الشعبي على يد تنظيم داعش في القائم اليوم.", P, []),
    # -- an accusation names who struck; an accusation of support or plans is no act ------
    ("accuses_us_of_shelling",
     "اتهمت كتائب حزب الله الولايات المتحدة بقصف مواقعها في القائم فجر اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    ("accuses_washington_of_standing_behind",
     "واتهم الحشد الشعبي واشنطن بالوقوف وراء الضربة الجوية على مقره في القائم اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    ("holds_us_responsible",
     "حمّلت هيئة الحشد الشعبي القوات الأمريكية مسؤولية الغارة التي استهدفت مقرا لها في "
     "البوكمال أمس.", P, [D("us", "Syria", "albukamal", Y)]),
    ("us_accuses_militia_of_attack",
     "اتهمت واشنطن كتائب حزب الله بتنفيذ الهجوم الصاروخي على قاعدة عين الأسد أمس.",
     P, [D("militia", "Iraq", "ain-al-asad", Y)]),
    ("guard_accuses_of_support",
     "اتهمت الولايات المتحدة إيران بدعم الفصائل التي تهاجم قواتها في العراق وسوريا.", P, []),
    ("guard_accuses_of_planning",
     "اتهم البنتاغون الفصائل بالتخطيط لهجمات على القوات الأمريكية في سوريا.", P, []),
    ("guard_accuses_israel",
     "اتهم الحشد الشعبي إسرائيل بقصف مقراته في القائم فجر اليوم.", P, []),
    # -- two weekdays in the dual: two days ---------------------------------------------
    ("weekday_dual_two_attacks",
     "تعرضت قاعدة عين الأسد لهجومين بطائرات مسيرة يومي الثلاثاء والأربعاء.",
     "2024-03-08", [D("militia", "Iraq", "ain-al-asad", "2024-03-05"),
                    D("militia", "Iraq", "ain-al-asad", "2024-03-06")]),
    ("weekday_dual_after_two_other_attacks",
     "استهدفت طائرة مسيرة قاعدة حرير اليوم الجمعة، بعد هجومين آخرين على القاعدة نفسها "
     "يومي الأربعاء والخميس.",
     "2024-03-08", [D("militia", "Iraq", "harir", "2024-03-08"),
                    D("militia", "Iraq", "harir", "2024-03-06"),
                    D("militia", "Iraq", "harir", "2024-03-07")]),
    ("weekday_dual_past_strikes",
     "قصفت طائرات أمريكية مواقع للفصائل في القائم يومَي السبت والأحد الماضيين.",
     "2024-03-12", [D("us", "Iraq", "al-qaim", "2024-03-09"),
                    D("us", "Iraq", "al-qaim", "2024-03-10")]),
    ("two_days_of_a_month_digits",
     "قصفت طائرات أمريكية مواقع للفصائل في القائم يومي 5 و6 آذار.",
     P, [D("us", "Iraq", "al-qaim", "2024-03-05"), D("us", "Iraq", "al-qaim", "2024-03-06")]),
    ("two_days_of_a_month_ordinals",
     "تعرضت قاعدة حرير لهجومين يومي الخامس والسادس من مارس الجاري.",
     P, [D("militia", "Iraq", "harir", "2024-03-05"),
         D("militia", "Iraq", "harir", "2024-03-06")]),
    ("two_evenings_coordinated",
     "تعرضت قاعدة حرير لهجومين مساء الثلاثاء والأربعاء.",
     P, [D("militia", "Iraq", "harir", "2024-03-05"),
         D("militia", "Iraq", "harir", "2024-03-06")]),
    # -- Hijri dates --------------------------------------------------------------------
    ("hijri_date_with_year",
     "قصفت طائرات أمريكية مقرا لكتائب حزب الله في القائم يوم 22 رجب 1445 هـ.",
     "2024-02-05", [D("us", "Iraq", "al-qaim", "2024-02-03")]),
    ("hijri_date_no_year",
     "سقطت صواريخ على قاعدة عين الأسد في الخامس من شعبان.",
     "2024-02-20", [D("militia", "Iraq", "ain-al-asad", "2024-02-15")]),
    ("hijri_and_gregorian_both",
     "استهدفت طائرة مسيرة قاعدة حرير يوم السبت 22 رجب 1445 هـ الموافق 3 شباط 2024.",
     "2024-02-05", [D("militia", "Iraq", "harir", "2024-02-03")]),
    ("hijri_arabic_indic_digits",
     "قصفت طائرات أمريكية مقرا للفصائل في القائم يوم ٢٢ رجب ١٤٤٥ هـ.",
     "2024-02-05", [D("us", "Iraq", "al-qaim", "2024-02-03")]),
    ("hijri_day_of_the_month_named",
     "قصفت طائرات أمريكية مقرا للفصائل في القائم في 22 من شهر رجب.",
     "2024-02-05", [D("us", "Iraq", "al-qaim", "2024-02-03")]),
    ("guard_a_name_like_a_hijri_month",
     "وقال أحمد رجب إن صواريخ سقطت على قاعدة عين الأسد اليوم.",
     "2024-02-05", [D("militia", "Iraq", "ain-al-asad", "2024-02-05")]),
    # -- the IRGC without "الإيراني" is Iran ---------------------------------------------
    ("irgc_without_adjective_claim",
     "أعلن الحرس الثوري استهداف القواعد الأمريكية في العراق بصواريخ باليستية فجر اليوم.",
     P, [D("iran", "Iraq", None, P)]),
    ("irgc_without_adjective_active",
     "قصف الحرس الثوري قاعدة عين الأسد بالصواريخ الباليستية فجر اليوم.",
     P, [D("iran", "Iraq", "ain-al-asad", P)]),
    ("irgc_revolution_guard_spelling",
     "أطلقت قوات حرس الثورة صواريخ على قاعدة حرير فجر اليوم.",
     P, [D("iran", "Iraq", "harir", P)]),
    ("guard_irgc_on_kurdish_groups",
     "استهدف الحرس الثوري مقار لجماعات كردية معارضة في أربيل فجر اليوم.", P, []),
    # -- Iran's missiles on bases in Iraq ------------------------------------------------
    ("iran_missiles_on_two_bases_in_iraq",
     "أطلقت إيران صواريخ على قاعدتين في العراق فجر اليوم.",
     P, [D("iran", "Iraq", None, P)]),
    ("iran_missiles_bases_hosting_us",
     "استهدفت إيران بالصواريخ قاعدتين عسكريتين في العراق تضمان قوات أمريكية فجر اليوم.",
     P, [D("iran", "Iraq", None, P)]),
    ("iran_missiles_named_bases",
     "أطلقت إيران صواريخ باليستية على قاعدتي عين الأسد وحرير فجر اليوم.",
     P, [D("iran", "Iraq", "ain-al-asad", P), D("iran", "Iraq", "harir", P)]),
    ("guard_iran_on_kurdish_groups",
     "أطلقت إيران صواريخ على مواقع لجماعات كردية معارضة في أربيل فجر اليوم.", P, []),
    ("guard_iran_on_israel",
     "أطلقت إيران صواريخ على إسرائيل فجر اليوم.", P, []),
    # -- a US drone shot down by a militia ----------------------------------------------
    ("militia_downs_us_drone",
     "أسقطت فصائل المقاومة الإسلامية طائرة مسيرة أمريكية من طراز MQ-9 فوق محافظة ديالى اليوم.",
     P, [D("militia", "Iraq", "diyala", P)]),
    ("militia_announces_downing",
     "أعلنت المقاومة الإسلامية في العراق إسقاط طائرة أمريكية مسيرة في سماء صلاح الدين اليوم.",
     P, [D("militia", "Iraq", None, P)]),
    ("us_drone_downed_passive_claimed",
     "أُسقطت طائرة مسيرة أمريكية بصاروخ أرض جو في العراق اليوم، وتبنت كتائب حزب الله العملية.",
     P, [D("militia", "Iraq", None, P)]),
    ("guard_us_drone_crashed",
     "تحطمت طائرة مسيرة أمريكية في العراق اليوم بسبب عطل فني.", P, []),
    # -- threats and warnings are no acts -----------------------------------------------
    ("threat_to_target_bases",
     "هددت كتائب حزب الله باستهداف القواعد الأمريكية في العراق إذا لم تنسحب القوات الأمريكية.",
     P, []),
    ("warning_will_shell",
     "حذرت الفصائل من أنها ستقصف قاعدة عين الأسد إذا استمرت الغارات.", P, []),
    ("vow_to_strike",
     "توعدت المقاومة الإسلامية في العراق بضرب المصالح الأمريكية في المنطقة.", P, []),
    ("us_threatens_response",
     "هدد البنتاغون بالرد على أي هجوم يستهدف قواته في سوريا.", P, []),
    ("us_brandishes_strikes",
     "لوّحت الولايات المتحدة بضرب مواقع الفصائل في العراق.", P, []),
    ("guard_threat_after_an_act",
     "هددت الفصائل بمزيد من الهجمات بعد أن استهدفت قاعدة حرير بطائرة مسيرة اليوم.",
     P, [D("militia", "Iraq", "harir", P)]),
    # -- denials ------------------------------------------------------------------------
    ("militia_denies_responsibility_attack_stands",
     "نفت كتائب حزب الله مسؤوليتها عن الهجوم الصاروخي على قاعدة عين الأسد أمس.",
     P, [D("militia", "Iraq", "ain-al-asad", Y)]),
    ("coalition_denies_any_attack",
     "نفى التحالف الدولي تعرض قاعدة عين الأسد لأي هجوم اليوم.", P, []),
    ("centcom_denies_strikes",
     "نفت القيادة المركزية الأمريكية تنفيذ أي غارات في منطقة البوكمال اليوم.", P, []),
    ("official_denies_attack_occurred",
     "نفى مسؤول أمريكي وقوع أي هجوم على القوات الأمريكية في قاعدة التنف اليوم.", P, []),
    ("militia_denies_its_link_long_name",
     "نفت المقاومة الإسلامية في العراق علاقتها بالقصف الذي استهدف قاعدة حرير فجر اليوم.",
     P, [D("militia", "Iraq", "harir", P)]),
    ("irgc_denies_any_role",
     "نفى الحرس الثوري أي دور له في الهجوم على قاعدة التنف أمس.",
     P, [D("militia", "Syria", "al-tanf", Y)]),
    ("does_not_rule_out_strikes",
     "قالت واشنطن إنها لا تستبعد توجيه ضربات لمواقع الفصائل في العراق.", P, []),
    ("did_not_rule_out_raids",
     "لم يستبعد البنتاغون شن غارات على مواقع الحرس الثوري في سوريا.", P, []),
    # -- a base hosting coalition forces ------------------------------------------------
    ("base_hosting_coalition_in_erbil",
     "استهدف هجوم بطائرة مسيرة قاعدة حرير التي تستضيف قوات التحالف الدولي اليوم.",
     P, [D("militia", "Iraq", "harir", P)]),
    ("iraqi_base_hosting_us_troops",
     "سقطت صواريخ على قاعدة عسكرية عراقية تستضيف جنودا أمريكيين في محافظة الأنبار اليوم.",
     P, [D("militia", "Iraq", "anbar", P)]),
    ("hosting_commas",
     "تعرضت قاعدة عين الأسد، التي تستضيف قوات أمريكية، لقصف صاروخي اليوم.",
     P, [D("militia", "Iraq", "ain-al-asad", P)]),
    # -- Kurdish, Iraqi or SDF forces as the target: out of the dyad --------------------
    ("out_peshmerga_hq",
     "استهدفت طائرة مسيرة مقرا لقوات البيشمركة في أربيل اليوم.", P, []),
    ("out_kdp_office",
     "هاجمت فصائل مسلحة مقرا للحزب الديمقراطي الكردستاني في بغداد اليوم.", P, []),
    ("out_iraqi_army_post",
     "هاجم مسلحون نقطة تابعة للجيش العراقي في القائم اليوم.", P, []),
    ("out_sdf_hq",
     "استهدف هجوم صاروخي مقرا لقوات سوريا الديمقراطية في الحسكة اليوم.", P, []),
    ("guard_base_with_us_and_peshmerga",
     "استهدفت طائرة مسيرة قاعدة حرير التي تضم قوات أمريكية وقوات من البيشمركة اليوم.",
     P, [D("militia", "Iraq", "harir", P)]),
    # -- strikes attributed to Israel ---------------------------------------------------
    ("out_believed_israeli",
     "استهدفت غارات يعتقد أنها إسرائيلية مخازن أسلحة للحشد الشعبي في القائم اليوم.", P, []),
    ("out_attributed_to_israel",
     "نسبت مصادر عراقية الضربة التي استهدفت مقر الحشد في البوكمال اليوم إلى إسرائيل.", P, []),
    ("out_israeli_drone_suspected",
     "قصفت طائرة مسيرة يرجح أنها إسرائيلية مقرا لكتائب حزب الله في القائم اليوم.", P, []),
    # -- the US answers ("وردت ... بقصف") ------------------------------------------------
    ("us_answered_with_shelling",
     "استهدفت الفصائل قاعدة عين الأسد بالصواريخ أمس، وردت القوات الأمريكية بقصف مواقع في "
     "القائم.", P, [D("militia", "Iraq", "ain-al-asad", Y), D("us", "Iraq", "al-qaim", Y)]),
    # -- variants (a second round of probes, written after the first rules) --------------
    ("wounded_by_the_fire_of",
     "أصيب خمسة من عناصر الحشد الشعبي بنيران القوات الأمريكية قرب القائم اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    ("killed_digits_at_the_hands_plural_last_night",
     "قُتل 4 مسلحين من كتائب سيد الشهداء على أيدي الجيش الأميركي في البوكمال الليلة الماضية.",
     P, [D("us", "Syria", "albukamal", Y)]),
    ("guard_killed_at_the_hands_unplaced_period",
     "قتل المئات من عناصر الفصائل على يد القوات الأمريكية منذ عام 2003.", P, []),
    ("accuses_present_tense_militia_attack",
     "تتهم واشنطن الفصائل الموالية لإيران بشن هجوم على قاعدة التنف أمس.",
     P, [D("militia", "Syria", "al-tanf", Y)]),
    ("holds_responsible_for_attack_on_tower",
     "حمّل البنتاغون كتائب حزب الله مسؤولية الهجوم على البرج 22 في الأردن أمس.",
     P, [D("militia", "Jordan", "tower-22", Y)]),
    ("iran_accuses_us_standing_behind",
     "اتهمت إيران الولايات المتحدة بالوقوف خلف الغارة على البوكمال اليوم.",
     P, [D("us", "Syria", "albukamal", P)]),
    ("guard_accuses_israel_air_force",
     "اتهمت هيئة الحشد الشعبي الطيران الإسرائيلي بقصف مخازن للأسلحة في القائم أمس.", P, []),
    ("guard_holds_israel_responsible",
     "حمّلت فصائل الحشد إسرائيل مسؤولية الانفجارات في مقر لها قرب القائم أمس.", P, []),
    ("three_coordinated_days",
     "تعرضت قاعدة حرير لهجمات بطائرات مسيرة أيام السبت والأحد والاثنين.",
     "2024-03-12", [D("militia", "Iraq", "harir", "2024-03-09"),
                    D("militia", "Iraq", "harir", "2024-03-10"),
                    D("militia", "Iraq", "harir", "2024-03-11")]),
    ("guard_night_of_two_days_with_wa",
     "قصفت طائرات أمريكية مواقع للفصائل في القائم ليلة السبت والأحد.",
     "2024-03-12", [D("us", "Iraq", "al-qaim")]),
    ("hijri_jumada_with_weekday",
     "استهدفت صواريخ قاعدة عين الأسد يوم الأحد 25 جمادى الآخرة 1445 هـ.",
     "2024-01-09", [D("militia", "Iraq", "ain-al-asad", "2024-01-07")]),
    ("hijri_first_of_month_ordinal",
     "قصفت طائرات أمريكية مواقع للفصائل في البوكمال في الأول من شهر رمضان.",
     "2024-03-14", [D("us", "Syria", "albukamal", "2024-03-11")]),
    ("hijri_year_word_and_era",
     "قتل قائد فيلق القدس بغارة أمريكية قرب مطار بغداد فجر 8 جمادى الأولى عام 1441 للهجرة.",
     "2020-01-05", [D("us", "Iraq", "baghdad-airport", "2020-01-03")]),
    ("irgc_forces_announce_shelling",
     "أعلنت قوات الحرس الثوري قصف مقر للقوات الأمريكية في أربيل بالصواريخ فجر اليوم.",
     P, [D("iran", "Iraq", "erbil", P)]),
    ("irgc_adopts_attack",
     "تبنى الحرس الثوري الهجوم الصاروخي على قاعدة عين الأسد فجر اليوم.",
     P, [D("iran", "Iraq", "ain-al-asad", P)]),
    ("iran_missile_attack_on_two_military_bases",
     "شنت إيران هجوما صاروخيا على قاعدتين عسكريتين في العراق فجر اليوم.",
     P, [D("iran", "Iraq", None, P)]),
    ("guard_iran_on_bases_of_kurdish_groups",
     "قصفت إيران قواعد لجماعات كردية معارضة في إقليم كردستان العراق فجر اليوم.", P, []),
    ("militia_announces_downing_reaper",
     "أعلنت كتائب حزب الله إسقاط مسيرة أمريكية من نوع MQ-9 في أجواء محافظة الأنبار اليوم.",
     P, [D("militia", "Iraq", "anbar", P)]),
    ("resistance_managed_to_down",
     "تمكنت المقاومة الإسلامية في العراق من إسقاط طائرة أمريكية مسيرة فوق الأنبار اليوم.",
     P, [D("militia", "Iraq", "anbar", P)]),
    ("vow_to_answer_by_targeting",
     "تتوعد الفصائل بالرد على الغارات الأمريكية باستهداف القواعد الأمريكية في سوريا.", P, []),
    ("us_official_warns_will_strike",
     "حذر مسؤول أمريكي من أن القوات الأمريكية ستضرب مواقع الفصائل في العراق إذا استمرت الهجمات.",
     P, []),
    ("guard_after_threatening_then_act",
     "بعد ساعات من تهديدها باستهداف القواعد الأمريكية، قصفت الفصائل قاعدة عين الأسد بالصواريخ "
     "اليوم.", P, [D("militia", "Iraq", "ain-al-asad", P)]),
    ("militia_denies_link_attack_stands",
     "نفت حركة النجباء أي صلة لها بالهجوم على قاعدة حرير اليوم.",
     P, [D("militia", "Iraq", "harir", P)]),
    ("pentagon_denies_attack_occurred",
     "نفت وزارة الدفاع الأمريكية وقوع هجوم على قاعدة التنف اليوم.", P, []),
    ("out_rockets_on_peshmerga_camp",
     "سقطت صواريخ على معسكر لقوات البيشمركة قرب أربيل اليوم.", P, []),
    ("out_believed_israeli_aircraft_raids",
     "شنت طائرات يعتقد أنها إسرائيلية غارات على مواقع للحشد الشعبي في البوكمال اليوم.", P, []),
    # -- classes from dev2's spurious drafts (written from the class, not the report) -----
    # "من قبل X" after another noun (an alert, measures) names no agent of the attack
    ("by_agent_of_an_alert",
     "تعرضت قاعدة التنف لهجوم بطائرات مسيرة فجر اليوم، بعد ساعات من استنفار شهدته القاعدة من "
     "قبل قوات التحالف.", P, [D("militia", "Syria", "al-tanf", P)]),
    ("by_agent_of_security_measures",
     "استهدفت طائرة مسيرة قاعدة حرير اليوم، عقب إجراءات أمنية مشددة اتخذت من قبل القوات "
     "الأمريكية.", P, [D("militia", "Iraq", "harir", P)]),
    ("guard_by_agent_of_the_strike",
     "تعرضت مواقع للحشد الشعبي لقصف من قبل طائرات أمريكية في القائم اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    ("guard_by_agent_hedged_after_comma",
     "احترقت شاحنة للفصائل قرب القائم اليوم وربما تعرضت لغارة جوية، ربما من قبل القوات "
     "الأمريكية.", P, [D("us", "Iraq", "al-qaim", P)]),
    # a place "near" across the border from the country the clause states
    ("near_across_the_border_inside_syria",
     "شنت طائرات التحالف الدولي غارات على مواقع للفصائل داخل الأراضي السورية قرب مدينة القائم "
     "اليوم.", P, [D("us", "Syria", None, P)]),
    ("near_across_the_border_variant",
     "قصفت طائرات أمريكية مخازن أسلحة للفصائل في سوريا بالقرب من القائم فجر اليوم.",
     P, [D("us", "Syria", None, P)]),
    ("guard_near_in_the_same_country",
     "قصفت طائرات أمريكية مخازن أسلحة للفصائل في العراق قرب القائم فجر اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    # "قبيل ذلك" / "بعيد ذلك" / "قبل ذلك بساعات": the day of the event told before
    ("shortly_before_that",
     "قصفت طائرات أمريكية مواقع للفصائل في البوكمال أمس. وقبيل ذلك تبنت فصائل عراقية هجوما "
     "بطائرة مسيرة على قاعدة حرير.", P,
     [D("us", "Syria", "albukamal", Y), D("militia", "Iraq", "harir", Y)]),
    ("hours_before_that",
     "قصفت طائرات أمريكية مواقع للفصائل في البوكمال أمس. وقبل ذلك بساعات استهدفت طائرة مسيرة "
     "قاعدة حرير.", P,
     [D("us", "Syria", "albukamal", Y), D("militia", "Iraq", "harir", Y)]),
    # a saying's date: the act it tells may be a day off (and is the report's act)
    ("saying_dated_the_day_before",
     "أعلنت إيران فجر اليوم استهداف قاعدة عين الأسد بالصواريخ. وقالت المتحدثة باسم البيت "
     "الأبيض، يوم السبت، إن الرئيس اطلع على تقارير عن هجوم على منشآت أمريكية في العراق.",
     P, [D("iran", "Iraq", "ain-al-asad", P)]),
    # a quotation's "today" counts from the day its speaker spoke
    ("quoted_today_of_yesterdays_speaker",
     "أعلن متحدث باسم البنتاغون، أمس السبت، إصابة جنديين في هجوم صاروخي على قاعدة عين الأسد. "
     "وقال المتحدث: “يعتقد أن هجوما صاروخيا وقع اليوم ضد القوات الأمريكية في قاعدة عين "
     "الأسد”.", P, [D("militia", "Iraq", "ain-al-asad", Y)]),
    # a hedged attribution with a participle ("مرجحة أن الطيران ... هو أمريكي")
    ("hedged_participle_attribution",
     "قصفت طائرات مجهولة مقرا للحرس الثوري في البوكمال مساء أمس، وقالت شبكة محلية إن الغارة "
     "أصابت الموقع، مرجحة أن الطيران الذي نفذ الضربة هو أمريكي.",
     P, [D("us", "Syria", "albukamal", Y)]),
    # "وقبل نحو 24 ساعة": hours before the report, in whole days (a clitic "و" on "قبل")
    ("about_24_hours_before_with_wa",
     "قصفت طائرات أمريكية منشأة للفصائل في القائم فجر اليوم. وقبل نحو 24 ساعة، قال مسؤولون إن "
     "قاعدة عين الأسد تعرضت لهجوم بصاروخ باليستي.",
     P, [D("us", "Iraq", "al-qaim", P), D("militia", "Iraq", "ain-al-asad", Y)]),
    ("forty_eight_hours_before",
     "سقطت صواريخ على قاعدة حرير قبل 48 ساعة.", P, [D("militia", "Iraq", "harir", "2024-03-08")]),
    # a spelling of Jurf al-Sakhar ("الصقر") in the gazetteer's aliases
    ("jurf_al_saqr_spelling",
     "قصفت طائرات أمريكية منشأة لكتائب حزب الله في جرف الصقر جنوبي بغداد فجر اليوم.",
     P, [D("us", "Iraq", "jurf-al-sakhar", P)]),
    # a road named after a city is not at that city
    ("road_named_after_baghdad",
     "انفجرت عبوة ناسفة برتل للدعم اللوجستي للتحالف الدولي على طريق بغداد الدولي قرب الناصرية "
     "اليوم.", P, [D("militia", "Iraq", None, P)]),
    ("highway_named_after_baghdad",
     "انفجرت عبوة ناسفة برتل للتحالف الدولي على الطريق السريع بغداد قرب الديوانية اليوم.",
     P, [D("militia", "Iraq", None, P)]),
    ("guard_airport_road_is_the_airport",
     "سقطت صواريخ قرب طريق مطار بغداد اليوم.", P, [D("militia", "Iraq", "baghdad-airport", P)]),
    # "في مثل هذا اليوم من عام 2020": the publication day's date in that year
    ("same_day_of_an_earlier_year",
     "في مثل هذا اليوم من عام 2020 قتل قاسم سليماني بغارة أمريكية قرب مطار بغداد.",
     "2024-01-03", [D("us", "Iraq", "baghdad-airport", "2020-01-03")]),
    ("same_night_of_an_earlier_year",
     "وفي مثل هذه الليلة من العام 2020 قصفت إيران قاعدة عين الأسد بالصواريخ الباليستية.",
     "2024-01-08", [D("iran", "Iraq", "ain-al-asad", "2020-01-08")]),
    # "بالأمس" (yesterday with the article)
    ("yesterday_with_the_article",
     "استهدفت المقاومة الإسلامية بالأمس قاعدة التنف بطائرتين مسيرتين.",
     P, [D("militia", "Syria", "al-tanf", Y)]),
    ("and_yesterday_comma",
     "وبالأمس، قصفت طائرات أمريكية مواقع للفصائل في القائم.", P, [D("us", "Iraq", "al-qaim", Y)]),
    # "سقوط/إطلاق صاروخي كاتيوشا": the dual in construct
    ("fall_of_two_katyushas_construct",
     "أعلنت خلية الإعلام الأمني سقوط صاروخي كاتيوشا داخل المنطقة الخضراء ببغداد دون خسائر.",
     P, [D("militia", "Iraq", "us-embassy-baghdad", P)]),
    ("launch_of_two_katyushas_construct",
     "أعلنت الخلية إطلاق صاروخي كاتيوشا على قاعدة بلد الجوية اليوم.",
     P, [D("militia", "Iraq", "balad", P)]),
    # a type named between the rockets and their verb
    ("rockets_of_a_type_fell",
     "أكد مصدر أمني أن ثلاثة صواريخ من نوع غراد سقطت في محيط مطار أربيل الدولي حيث تتمركز "
     "قوات التحالف.", P, [D("militia", "Iraq", "erbil-airbase", P)]),
    ("two_rockets_of_a_model_fell",
     "قال مصدر إن صاروخين من طراز كاتيوشا سقطا على قاعدة بلد الجوية اليوم.",
     P, [D("militia", "Iraq", "balad", P)]),
    # an armed group outside the case announcing a killing claims it
    ("out_isis_announces_killing_us_soldiers",
     "أعلن تنظيم داعش مقتل جنديين أمريكيين بهجوم في الحسكة اليوم.", P, []),
    ("guard_pentagon_announces_its_losses",
     "أعلنت وزارة الدفاع الأمريكية مقتل جنديين في هجوم على قاعدة التنف اليوم.",
     P, [D("militia", "Syria", "al-tanf", P)]),
    # where the correspondent is based is no place of the event
    ("correspondent_place",
     "وقال مراسل الوكالة في دير الزور إن غارة أمريكية استهدفت مقرا للفصائل في البوكمال أمس.",
     P, [D("us", "Syria", "albukamal", Y)]),
    ("our_correspondent_in_baghdad",
     "أفاد مراسلنا في بغداد بأن صواريخ سقطت على قاعدة عين الأسد اليوم.",
     P, [D("militia", "Iraq", "ain-al-asad", P)]),
    # accusation variants: "المسؤولية الكاملة عن", the noun "اتهامات لـ"
    ("holds_full_responsibility",
     "حمّلت الكتائب في بيان الولايات المتحدة المسؤولية الكاملة عن القصف الذي طال مقراتها في "
     "القائم فجر اليوم.", P, [D("us", "Iraq", "al-qaim", P)]),
    ("accusations_noun_to_washington",
     "وجهت الفصائل اتهامات لواشنطن بقصف مواقعها في البوكمال أمس.",
     P, [D("us", "Syria", "albukamal", Y)]),
    ("guard_accusations_of_support",
     "وجهت واشنطن اتهامات لإيران بدعم الفصائل في العراق.", P, []),
    # killings "by the fire/bullets of" the other side, with an actor or an adjective
    ("killed_by_american_fire_adjective",
     "مقتل قيادي في كتائب حزب الله بنيران أمريكية قرب البوكمال فجر اليوم.",
     P, [D("us", "Syria", "albukamal", P)]),
    ("killed_by_the_bullets_of_us_forces",
     "قتل ثلاثة من عناصر الكتائب برصاص القوات الأمريكية قرب القائم اليوم.",
     P, [D("us", "Iraq", "al-qaim", P)]),
    ("guard_friendly_fire",
     "قتل ثلاثة من عناصر الحشد بنيران صديقة في القائم اليوم.", P, []),
    # the subject before "(قد) أعلن ... عن توجيه ضربات" announces its own strikes
    ("pentagon_had_announced_directing_strikes",
     "وكان البنتاغون قد أعلن أمس عن توجيه ضربات إلى جماعات مسلحة متحالفة مع إيران في سوريا، "
     "وذلك بعد يوم من تعرض القاعدة الأمريكية للهجوم.", P, [D("us", "Syria", None, Y)]),
    ("guard_centcom_had_announced_an_attack",
     "وكانت القيادة المركزية قد أعلنت تعرض قاعدة التنف لهجوم أمس.",
     P, [D("militia", "Syria", "al-tanf", Y)]),
    # a part of a country is no place of its own
    ("north_east_jordan_is_the_country",
     "قتل ثلاثة جنود أمريكيين بهجوم بطائرة مسيرة على موقع في شمال شرق الأردن أمس، هو البرج 22.",
     P, [D("militia", "Jordan", "tower-22", Y)]),
]

#: a headline dated by default and the body's dated telling of the same attack: one draft
ONE_DRAFT = [
    ("dateline_medium_today",
     "صواريخ تقتل جنديين بهجوم على معسكر التاجي\n عمان اليوم -\nسقطت صواريخ على قاعدة التاجي "
     "يوم الأربعاء.", "2020-03-12", D("militia", "Iraq", "camp-taji", "2020-03-11")),
    ("pluperfect_saying_of_the_same_attack",
     "صواريخ تقتل جنديين بهجوم على معسكر التاجي\nوكان الجيش العراقي قد أعلن في وقت سابق أن "
     "صواريخ سقطت، الأربعاء، على قاعدة التاجي.", "2020-03-12",
     D("militia", "Iraq", "camp-taji", "2020-03-11")),
]

#: fields of the one draft: casualty figures (blank for "no reports of injuries", for a
#: zero of civilians and for a tally's toll; 0 for "no damage or injuries") and n_attacks
FIELDS = [
    ("no_reports_of_injuries_is_blank",
     "استهدفت طائرتان مسيرتان قاعدة عين الأسد اليوم، ولم ترد تقارير عن وقوع إصابات.",
     P, dict(target_killed=None, target_wounded=None)),
    ("unclear_whether_casualties_is_blank",
     "سقطت أربعة صواريخ على قاعدة عين الأسد اليوم، ولم يتضح هل أسفرت عن سقوط قتلى أو جرحى.",
     P, dict(target_killed=None, target_wounded=None)),
    ("no_civilian_victims_is_no_figure",
     "قصفت طائرات أمريكية مخزن أسلحة للفصائل في الميادين اليوم، وأكد مسؤول عدم سقوط ضحايا بين "
     "المدنيين.", P, dict(target_killed=None, target_wounded=None)),
    ("no_damage_or_injuries_is_zero",
     "سقطت صواريخ على قاعدة حرير اليوم، ولم يتسبب الهجوم في وقوع أضرار أو إصابات.",
     P, dict(target_killed=0, target_wounded=0)),
    ("guard_without_injuries_is_zero",
     "سقطت صواريخ على قاعدة حرير اليوم دون وقوع إصابات.", P, dict(target_killed=0,
                                                             target_wounded=0)),
    ("coalition_personnel_are_not_us_troops",
     "سقطت صواريخ على معسكر التاجي اليوم، وقال مسؤولان إن نحو 12 من أفراد التحالف أصيبوا في "
     "الهجوم.", P, dict(target_wounded=None)),
    ("guard_us_soldiers_wounded",
     "سقطت صواريخ على معسكر التاجي اليوم، وقال مسؤولان إن 12 جنديا أمريكيا أصيبوا في الهجوم.",
     P, dict(target_wounded=12)),
    ("tally_toll_is_no_incidents",
     "استهدفت طائرة مسيرة قاعدة حرير اليوم. وكان البنتاغون قد أعلن أن قواته تعرضت لـ 55 هجوما "
     "خلال الشهر الماضي، ما أدى إلى إصابة 59 جنديا أمريكيا.",
     P, dict(target_killed=None, target_wounded=None)),
    ("two_attacks_on_one_base_in_a_day",
     "تعرضت قاعدة الشدادي اليوم إلى هجومين منفصلين خلال ساعات، الأول بالصواريخ والثاني "
     "بطائرة مسيرة.", P, dict(n_attacks=2)),
    ("three_attacks_counted",
     "شنت الفصائل ثلاث هجمات على قاعدة التنف اليوم.", P, dict(n_attacks=3)),
    ("iran_two_unnamed_bases",
     "أطلقت طهران صواريخ باليستية على قاعدتين عسكريتين عراقيتين تستضيفان قوات التحالف اليوم.",
     P, dict(n_attacks=2)),
    ("facilities_split_between_places",
     "ارتفع عدد قتلى الغارات الأمريكية على 5 قواعد لكتائب حزب الله «3 في القائم و2 في البوكمال» "
     "اليوم إلى 15 قتيلا.", P, None),
    ("three_of_the_attacks_counted_before",
     "أعلنت المقاومة الإسلامية في العراق اليوم تنفيذ 4 هجمات على قاعدتين. وقالت إن ثلاثة منها "
     "استهدفت قاعدة عين الأسد.", P, None),
    ("guard_two_of_the_rockets",
     "استهدفت قاعدة بلد الجوية اليوم بسبعة صواريخ سقط اثنان منها على مناطق محيطة بالقاعدة.",
     P, dict(n_attacks=1)),
    ("guard_the_two_attacks_refer_back",
     "استهدفت طائرة مسيرة قاعدة عين الأسد اليوم. ويأتي الهجومان بعد توقف استمر لأشهر.",
     P, dict(n_attacks=1)),
]


#: the lead announces a round in general, the next sentences its items: all main
ROUND_IN_LEAD = [
    ("items_of_a_round_announced_in_the_lead",
     "أعلن البنتاغون أن قواته في العراق وسوريا تعرضت اليوم الاثنين لهجمات جديدة منذ منتصف "
     "الشهر الماضي. وقال إن القوات في قاعدة عين الأسد تعرضت لهجوم بطائرة مسيرة. كما ذكر أن "
     "القوات في قاعدة حرير تعرضت لهجوم بصاروخ.", "2024-01-22", ["ain-al-asad", "harir"]),
]


#: an anniversary or commemoration: no draft dated near the publication day
NOT_ON = [
    ("anniversary_of_assassination",
     "أحيت الفصائل الذكرى الرابعة لاغتيال سليماني والمهندس بغارة أمريكية قرب مطار بغداد.",
     "2024-01-03"),
    ("anniversary_of_tower_22",
     "في الذكرى الأولى لمقتل ثلاثة جنود أمريكيين بهجوم على البرج 22، زار وزير الدفاع "
     "القاعدة اليوم.", "2025-01-28"),
    ("a_year_since_the_attack",
     "بمناسبة مرور عام على الهجوم الصاروخي على قاعدة عين الأسد، نظم الحشد احتفالا اليوم.",
     "2021-01-08"),
    ("gathering_in_memory_where_they_were_killed",
     "وفي ذكرى استشهاد قادة النصر، تجمع الآلاف قرب مطار بغداد حيث قتلوا بضربة أمريكية.",
     "2024-01-03"),
    ("it_falls_today_anniversary",
     "يصادف اليوم الذكرى الرابعة لاغتيال قاسم سليماني بغارة أمريكية قرب مطار بغداد.",
     "2024-01-03"),
    ("fortieth_day_memorial",
     "أقيم اليوم حفل تأبيني في الذكرى الأربعين لمقتل قادة الحشد بالضربة الأمريكية في القائم.",
     "2020-02-08"),
]


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_probe(name, text, published, expected):
    _check_drafts(name, text, published, expected)


@pytest.mark.parametrize("name,text,published,expected", ONE_DRAFT,
                         ids=[c[0] for c in ONE_DRAFT])
def test_one_draft_with_the_bodys_date(name, text, published, expected):
    got = _drafts(text, published)
    assert [(_key(g), g["date"]) for g in got] == [(_key(expected), expected["date"])], got


@pytest.mark.parametrize("name,text,published,expected", FIELDS, ids=[c[0] for c in FIELDS])
def test_fields_of_the_draft(name, text, published, expected):
    d = code_report(text, published=published)
    if expected is None:             # one draft per place, each with its share
        assert dict(zip(d["site_id"], d["n_attacks"])) == {
            "al-qaim": 3, "albukamal": 2} if "القائم" in text else {"ain-al-asad": 3}, d
        return
    assert len(d) == 1, d[["side", "site_id", "date"]]
    for f, v in expected.items():
        got = d[f].iloc[0]
        assert (None if pd.isna(got) else int(got)) == v, (f, got)


@pytest.mark.parametrize("name,text,published,sites", ROUND_IN_LEAD,
                         ids=[c[0] for c in ROUND_IN_LEAD])
def test_items_of_the_lead_round_are_main(name, text, published, sites):
    d = code_report(text, published=published)
    assert sorted(d["site_id"]) == sorted(sites), d[["site_id", "report_role"]]
    assert set(d["report_role"]) == {"main"}, d[["site_id", "report_role"]]


@pytest.mark.parametrize("name,text,published", NOT_ON, ids=[c[0] for c in NOT_ON])
def test_commemoration_is_no_new_incident(name, text, published):
    got = _drafts(text, published)
    day = pd.Timestamp(published)
    assert all(abs((pd.Timestamp(g["date"]) - day).days) > 7 for g in got), got


#: the weapon of the draft (coder19): "the shells" after drones are their munitions; guard:
#: rockets told as fired too make the attack mixed
WEAPONS = [
    ("the_shells_after_drones_are_theirs",
     "تعرضت قاعدة التنف لهجوم بطائرات مسيرة اليوم. وذكرت مصادر أن القذائف أصابت محيط القاعدة.",
     P, "drone"),
    ("rockets_fired_too_are_mixed_guard",
     "تعرضت قاعدة التنف لهجوم بطائرات مسيرة اليوم. وذكرت مصادر أن صواريخ أطلقت أيضا على "
     "القاعدة.", P, "mixed"),
]


@pytest.mark.parametrize("name,text,published,weapon", WEAPONS, ids=[c[0] for c in WEAPONS])
def test_weapon_of_the_draft(name, text, published, weapon):
    d = code_report(text, published=published)
    assert list(d["weapon"]) == [weapon], d[["site_id", "weapon"]]


# -- coder21: the answer of the other side as an event of its own (helicopters, a gunship,
# artillery, ground-fired rockets), with its country and day from the attack it answers;
# guards: a threat to answer, forces that were attacked, a passive, a foiled attack --------
from test_coding_site_refs import P21, W21, Y21, check_drafts21  # noqa: E402

ANSWERS = [
    # -- the weapon of a US answer: helicopters, a gunship, artillery, ground rockets ------
    ("answer_with_helicopters_same_sentence",
     "أعلن الجيش الأمريكي إصابة جندي أمريكي في هجمات صاروخية على موقعين في سوريا يوم الأربعاء، "
     "ما دفع القوات الأمريكية للرد بطائرات هليكوبتر قتلت اثنين من المسلحين.", P21,
     [("militia", "Syria", None, W21, "rocket"), ("us", "Syria", None, W21, "helicopter")]),
    ("answer_with_helicopters_next_sentence",
     "أعلن الجيش الأمريكي إصابة جندي أمريكي في هجوم صاروخي على موقع في سوريا يوم الأربعاء. "
     "وأضاف أن هذا دفع القوات الأمريكية للرد من مروحيات قتلت ثلاثة من المسلحين الذين نفذوا "
     "الهجوم.", P21,
     [("militia", "Syria", None, W21, "rocket"), ("us", "Syria", None, W21, "helicopter")]),
    ("gunship_answered_in_a_second_that_clause",
     "قال مسؤولون أمريكيون إن قوات أمريكية تعرضت لهجوم في قاعدة غربي بغداد يوم الأربعاء وإن طائرة "
     "حربية أمريكية من طراز إيه.سي-130 ردت دفاعا عن النفس وقتلت عددا من المسلحين.", P21,
     [("militia", "Iraq", None, W21, None), ("us", "Iraq", None, W21, "airstrike")]),
    ("answered_with_artillery_after_a_comma",
     "تعرضت قاعدة أمريكية في حقل العمر لهجوم صاروخي اليوم، وردت القوات الأمريكية بقصف مدفعي "
     "على مصادر النيران.", P21,
     [("militia", "Syria", "mss-green-village", P21, "rocket"), ("us", "Syria", None, P21, "artillery")]),
    ("artillery_fired_while_under_attack",
     "قال المتحدث إن القوات المسلحة للولايات المتحدة في سوريا وخلال تعرضها لهجوم صاروخي أطلقت "
     "نيرانا مدفعية على مصادر النيران اليوم.", P21, [("us", "Syria", None, P21, "artillery")]),
    ("artillery_answer_while_under_fire",
     "أفاد مصدر بأن القوات الأمريكية أثناء تعرضها لقصف بالصواريخ ردت بقصف مدفعي على مواقع في "
     "بادية الميادين اليوم.", P21, [("us", "Syria", "mayadin-desert", P21, "artillery")]),
    ("struck_the_launch_sites_of_an_attack",
     "قالت القوات الأمريكية في سوريا إنها قصفت اليوم مواقع انطلق منها هجوم صاروخي على قاعدة "
     "أمريكية في حقل العمر.", P21,
     [("us", "Syria", None, P21, None), ("militia", "Syria", "mss-green-village", P21, "rocket")]),
    ("us_artillery_as_subject",
     "قصفت المدفعية الأمريكية في سوريا اليوم المواقع التي انطلقت منها الصواريخ على قاعدة حقل "
     "العمر.", P21, [("us", "Syria", None, P21, "artillery")]),
    ("ground_forces_rockets_on_the_desert",
     "وأمس السبت، استهدفت القوات الأمريكية المتمركزة في حقل العمر النفطي بثلاثة صواريخ بادية "
     "الميادين.", P21, [("us", "Syria", "mayadin-desert", Y21, "rocket")]),
    ("rocket_launchers_of_us_forces",
     "قصفت القوات الأمريكية براجمات الصواريخ مواقع الميليشيات في بادية الميادين أمس.", P21,
     [("us", "Syria", "mayadin-desert", Y21, "rocket")]),
    ("guard_a_drone_fires_missiles",
     "أغارت طائرة أمريكية مسيرة بصاروخين على سيارة للفصائل في البوكمال اليوم.", P21,
     [("us", "Syria", "albukamal", P21, "drone_strike")]),
    ("guard_a_threat_to_answer",
     "هاجم مسلحون بالصواريخ قاعدة التنف اليوم. وقالت واشنطن إنها سترد بقوة على أي هجوم.", P21,
     [("militia", "Syria", "al-tanf", P21, None)]),
    ("guard_forces_that_were_attacked",
     "أكد المتحدث أن القوات الأمريكية في قاعدة حقل العمر تعرضت لهجوم صاروخي اليوم.", P21,
     [("militia", "Syria", "mss-green-village", P21, None)]),
    ("guard_passive_after_forces",
     "قال مسؤول عسكري إن قوات أمريكية في قاعدة التنف استهدفت بطائرات مسيرة اليوم.", P21,
     [("militia", "Syria", "al-tanf", P21, None)]),
    ("guard_forces_foiled_an_attack",
     "قالت مصادر إن القوات الأميركية أحبطت صباح اليوم هجوما بطائرة مسيرة استهدف قاعدة التنف.", P21,
     [("militia", "Syria", "al-tanf", P21, None)]),
    ("guard_responder_struck_with_raids",
     "ردت القوات الأمريكية على الهجوم بغارات على مواقع الفصائل في القائم اليوم.", P21,
     [("us", "Iraq", "al-qaim", P21, "airstrike")]),
]


@pytest.mark.parametrize("name,text,published,expected", ANSWERS, ids=[c[0] for c in ANSWERS])
def test_answer_of_the_other_side(name, text, published, expected):
    check_drafts21(text, published, expected)
