"""Recall of the Arabic report coder on claimed lists, rounds on several bases, tallies
that name their targets, items told "hours" apart and interceptions (issue 14, coder16):
each construction in the variants another outlet would use (synonym verbs and nouns, word
order, passive and active, agreement, numerals in words and digits, article, hamza and
taa marbuta variants), with guards against over-reach. Sentences written for these tests
(none is copied from an article); each case: text, publication date, and the drafts
expected as (side, country, site_id, date) with an optional weapon."""

import pytest
from test_coding_dates import M
from test_coding_dates import test_dates_sites_recall as _check   # the same comparison

D = "2024-01-14"       # a Sunday
TANF = M("al-tanf", D, country="Syria", weapon="drone")

CASES = [
    # -- an attack told hours (minutes) from the incident just told: another of its day --
    ("hours_after_comma",
     "تعرضت قاعدة عين الأسد اليوم الأحد لهجوم بطائرة مسيرة. وبعد ساعات، تعرضت قاعدة حرير "
     "لهجوم مماثل.", D, [M("ain-al-asad", D, weapon="drone"), M("harir", D)]),
    ("hours_after_that_rockets_fell",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وبعد ساعات من ذلك سقطت صواريخ على قاعدة "
     "الشدادي.", D, [TANF, M("shaddadi", D, country="Syria", weapon="rocket")]),
    ("hours_before_that_active",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وقبل ذلك بساعات استهدفت الفصائل قاعدة "
     "حرير بصواريخ.", D, [TANF, M("harir", D, weapon="rocket")]),
    ("two_hours_after_dual",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وبعد ساعتين تعرض مطار أربيل لهجوم.", D,
     [TANF, M("erbil-airbase", D)]),
    ("few_hours_later_words",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وبعد بضع ساعات قليلة استُهدف حقل العمر "
     "بطائرتين مسيرتين.", D, [TANF, M("mss-green-village", D, country="Syria", weapon="drone")]),
    ("minutes_later",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وبعد دقائق تعرض حقل العمر لهجوم صاروخي.", D,
     [TANF, M("mss-green-village", D, country="Syria", weapon="rocket")]),
    ("later_in_the_day",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وفي وقت لاحق من اليوم، أعلنت المقاومة "
     "الإسلامية في العراق استهداف قاعدة الشدادي.", D,
     [TANF, M("shaddadi", D, country="Syria")]),
    ("same_day_itself",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وفي اليوم ذاته استهدفت الفصائل قاعدة "
     "حرير.", D, [TANF, M("harir", D)]),
    # guards: "earlier"/"later" without the day may be days away; a pluperfect with a
    # date of its own is another day; a feared attack is none
    ("guard_earlier_bare",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وفي وقت سابق، أعلنت القيادة المركزية "
     "الأمريكية مقتل مسلحين في العراق بغارة.", D, [TANF]),
    ("guard_pluperfect_month",
     "استهدفت طائرة مسيرة قاعدة التنف صباح اليوم. وبعد ذلك بساعات كانت القوات الأمريكية "
     "تخشى هجمات أخرى على قاعدة حرير.", D, [TANF]),
    # -- interceptions are attacks on the defended site --
    ("intercept_defences_of_forces_at_site",
     "تصدت الدفاعات الجوية للقوات الأمريكية في حقل العمر لطائرة مسيرة صباح اليوم.", D,
     [M("mss-green-village", D, country="Syria", weapon="drone")]),
    ("intercept_system_at_embassy",
     "تمكنت منظومة سي رام في السفارة الأمريكية ببغداد من اعتراض صاروخ كاتيوشا فجر اليوم.", D,
     [M("us-embassy-baghdad", D, weapon="rocket")]),
    ("intercept_heading_to_base",
     "أعلن التحالف الدولي اعتراض ثلاث طائرات مسيرة كانت متجهة نحو قاعدة حرير اليوم الأحد.",
     D, [M("harir", D, weapon="drone")]),
    ("shootdown_over_base",
     "أسقطت القوات الأمريكية طائرة مسيرة مفخخة فوق قاعدة عين الأسد مساء اليوم.", D,
     [M("ain-al-asad", D, weapon="drone")]),
    ("shootdown_near_base_dual",
     "نجحت الدفاعات الجوية في إسقاط مسيرتين قرب قاعدة التنف اليوم.", D, [TANF]),
    ("intercept_two_aimed_at",
     "اعترضت الدفاعات الجوية الأمريكية طائرتين مسيرتين استهدفتا قاعدة خراب الجير اليوم.", D,
     [M("kharab-al-jir", D, country="Syria", weapon="drone")]),
    # -- rounds on several places: each governorate or base named is an incident --
    ("round_in_two_governorates",
     "قال البيان إن الولايات المتحدة شنت غارات على مواقع عسكرية في محافظة بابل ومطار قيد "
     "الإنشاء في محافظة كربلاء فجر اليوم.", "2020-03-13",
     [M("babil", "2020-03-13", side="us"), M(None, "2020-03-13", side="us")]),
    ("round_in_governorate_and_another",
     "استهدفت غارات أمريكية فجر اليوم مقرات للحشد الشعبي في محافظة بابل وأخرى في محافظة "
     "كربلاء.", "2020-03-13",
     [M("babil", "2020-03-13", side="us"), M(None, "2020-03-13", side="us")]),
    ("guard_governorate_holding_the_town",
     "شنت طائرات أمريكية غارات فجر اليوم على مواقع في جرف الصخر بمحافظة بابل.", "2020-03-13",
     [M("jurf-al-sakhar", "2020-03-13", side="us", weapon="airstrike")]),
    ("governorate_and_town_near_a_city_spelling_variant",
     "قال مسؤول أمريكي إن الغارات الأمريكية استهدفت فجر اليوم مركزا بالقرب من الأنبار وجرف "
     "الصقر جنوبي بغداد.", "2023-11-22",
     [M("anbar", "2023-11-22", side="us"), M("jurf-al-sakhar", "2023-11-22", side="us")]),
    ("round_on_two_bases_second_named_four_sentences_on",
     "استهدف هجوم بطائرات مسيرة قاعدتين للقوات الأمريكية في سوريا مساء اليوم الأحد. وقالت "
     "مصادر إن حقل العمر تعرض لهجوم بطائرات مسيرة. وردت القوات الأمريكية بقصف مدفعي. وأفاد "
     "مرصد بسماع انفجارات. من جهة أخرى، تعرضت القاعدة الأمريكية في التنف لهجوم مشابه "
     "بطائرات مسيرة.", "2024-10-27",
     [M("mss-green-village", "2024-10-27", country="Syria", weapon="drone"),
      M("al-tanf", "2024-10-27", country="Syria", weapon="drone"),
      # (the US answer with artillery, in the country of the attack it answers: coder21,
      # as the gold's z30 counter-battery fire)
      M(None, "2024-10-27", country="Syria", side="us", weapon="artillery")]),
    ("new_attacks_without_day_items_after_a_strike_of_the_other_side",
     "تعرضت القوات الأمريكية لهجمات جديدة في العراق وسوريا. وفجر الأربعاء شنت الطائرات "
     "الأمريكية غارات على موقعين في العراق. وقال مسؤول أمريكي إن طائرات مسيرة هاجمت قاعدة "
     "في مطار أربيل الدولي.", "2023-11-23",
     [M("erbil-airbase", "2023-11-23", weapon="drone"),
      M(None, "2023-11-22", side="us", weapon="airstrike")]),
    ("guard_round_item_in_the_pluperfect",
     "أعلنت المقاومة الإسلامية اليوم أنها هاجمت قاعدتين أمريكيتين في سوريا. واستهدفت الهجمات "
     "قاعدة خراب الجير. وكان صاروخان سقطا داخل قاعدة عين الأسد.", "2023-10-25",
     [M("kharab-al-jir", "2023-10-25", country="Syria")]),
    ("centcom_described_announces_its_strikes",
     "أعلنت القيادة العسكرية الأميركية في الشرق الأوسط فجر اليوم أنها نفذت ضربات دقيقة على "
     "موقعين في العراق.", "2023-11-22", [M(None, "2023-11-22", side="us", weapon="airstrike")]),
    ("guard_repeated_attacks_verb",
     "تعرضت قاعدة حقل العمر مساء اليوم لهجوم بطائرة مسيرة. وتكررت في الفترة الأخيرة الهجمات "
     "على القواعد الأمريكية في الشدادي والتنف.", "2024-10-27",
     [M("mss-green-village", "2024-10-27", country="Syria", weapon="drone")]),
    ("guard_growing_strikes_verb",
     "تعرضت قاعدة حقل العمر مساء اليوم لهجوم بطائرة مسيرة. وتصاعدت خلال الأسابيع الماضية "
     "الضربات على قاعدتي الشدادي والتنف.", "2024-10-27",
     [M("mss-green-village", "2024-10-27", country="Syria", weapon="drone")]),
    ("camp_transliterated",
     "قتل جنديان أمريكيان في هجوم صاروخي الأربعاء على قاعدة كامب التاجي العسكرية.",
     "2020-03-13", [M("camp-taji", "2020-03-11", weapon="rocket")]),
    ("camp_transliterated_after_camp_word",
     "سقطت صواريخ كاتيوشا مساء الأربعاء على معسكر كامب التاجي شمالي بغداد.", "2020-03-13",
     [M("camp-taji", "2020-03-11", weapon="rocket")]),
    # -- one more IED on the same convoy at another place; a convoy is not the base --
    ("another_ied_noun_before_verb_same_convoy_elsewhere",
     "انفجرت عبوة ناسفة على رتل للتحالف الدولي عند مروره في مدينة الناصرية اليوم. وأضافت "
     "الخلية أن عبوة أخرى انفجرت على الرتل ذاته لدى مروره في محافظة بابل.", "2021-03-30",
     [M(None, "2021-03-30", weapon="ied"), M("babil", "2021-03-30", weapon="ied")]),
    ("two_more_ieds_dual_in_a_while_clause",
     "استهدفت عبوة ناسفة رتلا للتحالف في الناصرية صباح اليوم، فيما عبوتان أخريان انفجرتا "
     "بالرتل في محافظة بابل.", "2021-03-30",
     [M(None, "2021-03-30", weapon="ied"), M("babil", "2021-03-30", weapon="ied")]),
    ("convoy_told_with_the_rockets_on_a_base",
     "في 15 آب 2020، سقط صاروخا كاتيوشا على قاعدة التاجي شمالي بغداد، كما تعرض رتل تابع "
     "لشركات متعاقدة مع التحالف الدولي لهجوم بعبوة ناسفة.", "2020-08-16",
     [M("camp-taji", "2020-08-15", weapon="rocket"), M(None, "2020-08-15", weapon="ied")]),
    ("guard_convoy_inside_the_base",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد أمس السبت، واستهدف أحدها رتلا داخل القاعدة.",
     "2020-08-16", [M("ain-al-asad", "2020-08-15", weapon="rocket")]),
    # -- an attack recalled ("يذكر أن", "من الجدير بالذكر") with a day of its own --
    ("recalled_attack_with_its_own_day_is_another",
     "أعلنت المقاومة الإسلامية في العراق أنها استهدفت بطائرة مسيرة قاعدة حرير. ومن الجدير "
     "بالذكر أن الفصائل استهدفت يوم الجمعة قاعدة حرير بصاروخين.", D,
     [M("harir", D, weapon="drone"), M("harir", "2024-01-12", weapon="rocket")]),
    # -- claimed lists: numbered items after an inline colon, each item's own weapon --
    ("numbered_items_after_inline_colon",
     "وأعلنت المقاومة الإسلامية في العراق اليوم الأحد تنفيذ ثلاث عمليات: 1- استهداف قاعدة "
     "عين الأسد بالصواريخ. 2- استهداف قاعدة حرير بطائرة مسيرة. 3- استهداف قاعدة التنف "
     "بطائرة مسيرة.", D,
     [M("ain-al-asad", D, weapon="rocket"), M("harir", D, weapon="drone"), TANF]),
    ("numbered_items_arabic_digits_and_dots",
     "نشرت المقاومة الإسلامية في العراق اليوم الأحد بيانا جاء فيه: ١. استهداف قاعدة عين "
     "الأسد بالصواريخ. ٢. استهداف قاعدة حرير بطائرة مسيرة.", D,
     [M("ain-al-asad", D, weapon="rocket"), M("harir", D, weapon="drone")]),
    ("items_joined_by_and_each_with_its_weapon",
     "استهدفت المقاومة الإسلامية اليوم قاعدة عين الأسد بصاروخين وقاعدة حرير بطائرة مسيرة.", D,
     [M("ain-al-asad", D, weapon="rocket"), M("harir", D, weapon="drone")]),
    ("items_in_statements_each_with_its_weapon",
     "أعلنت المقاومة الإسلامية في العراق اليوم الأحد تنفيذ عدة هجمات. وقالت في بيانات منفصلة "
     "إنها استهدفت قاعدة الشدادي بطائرة مسيرة، وقاعدة خراب الجير بصاروخين، وحقل العمر "
     "بطائرات مسيرة.", D,
     [M("shaddadi", D, country="Syria", weapon="drone"),
      M("kharab-al-jir", D, country="Syria", weapon="rocket"),
      M("mss-green-village", D, country="Syria", weapon="drone")]),
    ("guard_list_weapon_told_once_for_all",
     "أعلنت المقاومة الإسلامية في العراق، اليوم الأحد، استهداف قاعدة عين الأسد وقاعدة حرير "
     "وقاعدة التنف بالطائرات المسيرة.", D,
     [M("ain-al-asad", D, weapon="drone"), M("harir", D, weapon="drone"), TANF]),
    ("guard_list_two_weapons_together_for_all",
     "استهدفت المقاومة الإسلامية اليوم قاعدة عين الأسد وقاعدة حرير بالصواريخ والطائرات "
     "المسيرة.", D, [M("ain-al-asad", D, weapon="mixed"), M("harir", D, weapon="mixed")]),
    # -- a US tally of targets with "more than", naming places --
    ("us_tally_more_than_named_places",
     "قال الجيش الأمريكي إنه ضرب أكثر من 85 هدفا في سبعة مواقع، بينها مواقع في البوكمال "
     "والميادين والقائم.", "2024-02-03",
     [M("al-qaim", "2024-02-03", side="us", weapon="airstrike"),
      M("albukamal", "2024-02-03", country="Syria", side="us"),
      M("mayadin", "2024-02-03", country="Syria", side="us")]),
    # -- told a day before or after the incident just told --
    ("about_24_hours_before",
     "تعرضت قاعدة حرير اليوم الأحد لهجوم بطائرة مسيرة. وقبل نحو 24 ساعة، تعرضت قاعدة عين "
     "الأسد لهجوم صاروخي.", D,
     [M("harir", D, weapon="drone"), M("ain-al-asad", "2024-01-13", weapon="rocket")]),
    ("the_next_day",
     "استهدفت طائرة مسيرة قاعدة حرير يوم الجمعة. وفي اليوم التالي، سقطت صواريخ على قاعدة "
     "التنف.", D, [M("harir", "2024-01-12", weapon="drone"),
                  M("al-tanf", "2024-01-13", country="Syria", weapon="rocket")]),
    ("a_day_before_that",
     "استهدفت طائرة مسيرة قاعدة حرير اليوم. وقبل ذلك بيوم استهدفت الفصائل قاعدة الشدادي "
     "بصاروخين.", D, [M("harir", D, weapon="drone"),
                     M("shaddadi", "2024-01-13", country="Syria", weapon="rocket")]),
    ("twenty_four_hours_later_in_words",
     "استهدفت طائرة مسيرة قاعدة حرير يوم الجمعة. وبعد أربع وعشرين ساعة، هاجمت مسيرة قاعدة "
     "عين الأسد.", D, [M("harir", "2024-01-12"), M("ain-al-asad", "2024-01-13", weapon="drone")]),
    ("guard_next_day_threat",
     "استهدفت طائرة مسيرة قاعدة حرير اليوم. وقالت الفصائل في اليوم التالي إنها ستواصل "
     "هجماتها.", D, [M("harir", D, weapon="drone")]),
    # -- a list of villages: each name is a place, unknown names without a site --
    ("villages_list_with_unknown_names",
     "قصفت القوات الأمريكية بالمدفعية مساء اليوم قرى خشام والجفرة والحويجة والمريعية التي "
     "تنتشر فيها فصائل موالية لإيران.", "2024-10-27",
     [M("khasham", "2024-10-27", country="Syria", side="us", weapon="artillery"),
      M("al-jafra", "2024-10-27", country="Syria", side="us"),
      M(None, "2024-10-27", country="Syria", side="us"),
      M(None, "2024-10-27", country="Syria", side="us")]),
    ("villages_list_with_commas_ambiguous_name_after_cue",
     "قصفت القوات الأمريكية مساء اليوم قرى خشام، الطابية، والجفرة.", "2024-10-27",
     [M("khasham", "2024-10-27", country="Syria", side="us"),
      M("al-jafra", "2024-10-27", country="Syria", side="us"),
      M(None, "2024-10-27", country="Syria", side="us")]),
    ("dual_towns_one_known_without_site",
     "استهدفت غارات أمريكية مساء اليوم بلدتي الباغوز والسوسة في ريف دير الزور.", "2024-10-27",
     [M(None, "2024-10-27", country="Syria", side="us"),
      M(None, "2024-10-27", country="Syria", side="us")]),
    ("guard_villages_of_a_countryside",
     "قصفت القوات الأمريكية مساء اليوم قرى ريف دير الزور الشرقي.", "2024-10-27",
     [M("deir-ez-zor-gov", "2024-10-27", country="Syria", side="us")]),
    ("guard_many_villages_near_a_place",
     "قصفت القوات الأمريكية مساء اليوم قرى عديدة قرب خشام.", "2024-10-27",
     [M("khasham", "2024-10-27", country="Syria", side="us")]),
    # -- a foiled attempt is an interception: the attack was made --
    ("foiled_attempt_noun",
     "أفشلت الدفاعات الجوية محاولة استهداف قاعدة عين الأسد بطائرة مسيرة اليوم.", D,
     [M("ain-al-asad", D, weapon="drone")]),
    ("foiled_attempt_purpose_form",
     "أحبطت القوات الأمريكية صباح اليوم محاولة لاستهداف قاعدة حرير بصاروخين.", D,
     [M("harir", D, weapon="rocket")]),
    ("confronted_attempt",
     "تصدت الدفاعات الجوية اليوم لمحاولة استهداف قاعدة التنف بطائرات مسيرة.", D, [TANF]),
    ("guard_attempt_warned_of",
     "حذر مسؤول من محاولة استهداف قاعدة عين الأسد بطائرات مسيرة في الأيام المقبلة.", D, []),
    # -- a tally whose last item is dated and placed: that attack --
    ("tally_in_digits_last_today_at_a_base",
     "بلغ عدد الهجمات على القوات الأمريكية منذ 17 أكتوبر 130 هجوما، آخرها اليوم على قاعدة "
     "حرير.", D, [M("harir", D)]),
    ("tally_exposed_to_last_today",
     "تعرضت القوات الأمريكية منذ 17 أكتوبر لـ 130 هجوما، آخرها اليوم على قاعدة حرير.", D,
     [M("harir", D)]),
    ("tally_in_words_last_on_a_weekday",
     "نفذت الفصائل أكثر من مئة وثلاثين هجوما منذ تشرين الأول، كان آخرها يوم الجمعة على قاعدة "
     "التنف.", D, [M("al-tanf", "2024-01-12", country="Syria")]),
    ("guard_tally_without_last",
     "تعرضت القوات الأمريكية منذ 17 أكتوبر لـ 130 هجوما في العراق وسوريا.", D, []),
    # -- a US round naming some of its targets: each named place --
    ("us_round_among_them_ambiguous_name",
     "شنت واشنطن سلسلة غارات فجر اليوم طالت سبعة مواقع في العراق وسوريا، منها القائم "
     "وعكاشات والبوكمال.", "2024-02-03",
     [M("al-qaim", "2024-02-03", side="us"), M("akashat", "2024-02-03", side="us"),
      M("albukamal", "2024-02-03", country="Syria", side="us")]),
    ("us_round_first_second_third_places",
     "شنت الطائرات الأمريكية فجر اليوم غارات على ثلاثة مواقع: الأول في القائم، والثاني في "
     "البوكمال، والثالث في الميادين.", "2024-02-03",
     [M("al-qaim", "2024-02-03", side="us"),
      M("albukamal", "2024-02-03", country="Syria", side="us"),
      M("mayadin", "2024-02-03", country="Syria", side="us")]),
    # -- sites each with a day of their own, the first the subject before the trigger --
    ("subject_first_items_with_days_of_the_month",
     "تعرضت قاعدة عين الأسد لهجوم في الثاني عشر من كانون الثاني، وقاعدة حرير في الثالث عشر "
     "منه.", "2024-01-20", [M("ain-al-asad", "2024-01-12"), M("harir", "2024-01-13")]),
    ("subject_first_items_with_weekdays_share_the_weapon",
     "تعرضت قاعدة عين الأسد لهجوم صاروخي يوم الجمعة، وقاعدة حرير يوم السبت.", "2024-01-20",
     [M("ain-al-asad", "2024-01-19", weapon="rocket"), M("harir", "2024-01-20", weapon="rocket")]),
    ("guard_dual_subject_one_day",
     "تعرضت قاعدتا عين الأسد وحرير لهجوم صاروخي يوم الجمعة.", "2024-01-20",
     [M("ain-al-asad", "2024-01-19", weapon="rocket"), M("harir", "2024-01-19", weapon="rocket")]),
    ("dawn_of_the_next_day",
     "استهدفت طائرة مسيرة قاعدة حرير يوم الجمعة. وفجر اليوم التالي، سقطت صواريخ على قاعدة "
     "التنف.", D, [M("harir", "2024-01-12", weapon="drone"),
                  M("al-tanf", "2024-01-13", country="Syria", weapon="rocket")]),
    ("evening_of_the_same_day",
     "استهدفت طائرة مسيرة قاعدة حرير يوم الجمعة. ومساء اليوم نفسه تعرضت قاعدة عين الأسد "
     "لهجوم.", D, [M("harir", "2024-01-12", weapon="drone"), M("ain-al-asad", "2024-01-12")]),
    # -- spelling variants of a claimed list (tatweel, hamza, both calendars, ordinals) --
    ("list_with_tatweel",
     "أعلنـت المقاومـة الإسلاميـة في العراق اليوم استهداف قاعـدة عين الأسد وقاعدة حرير "
     "بالطائرات المسيّرة.", D,
     [M("ain-al-asad", D, weapon="drone"), M("harir", D, weapon="drone")]),
    ("list_without_hamza",
     "اعلنت المقاومة الاسلامية في العراق اليوم استهداف قاعدة عين الاسد وقاعدة حرير بالطائرات "
     "المسيرة.", D, [M("ain-al-asad", D, weapon="drone"), M("harir", D, weapon="drone")]),
    ("list_dated_syriac_month",
     "أعلنت المقاومة الإسلامية في العراق أنها استهدفت في 14 كانون الثاني قاعدة عين الأسد "
     "وقاعدة حرير.", "2024-01-20", [M("ain-al-asad", D), M("harir", D)]),
    ("list_dated_ordinal_in_words_gregorian_month_dual",
     "أعلنت المقاومة الإسلامية في العراق أنها استهدفت في الرابع عشر من يناير قاعدتي عين "
     "الأسد وحرير.", "2024-01-20", [M("ain-al-asad", D), M("harir", D)]),
    ("list_count_in_words_towns",
     "قالت المقاومة الإسلامية في العراق إنها شنت اليوم أربع هجمات على قواعد أمريكية في عين "
     "الأسد وحرير والشدادي والتنف.", D,
     [M("ain-al-asad", D), M("harir", D), M("shaddadi", D, country="Syria"),
      M("al-tanf", D, country="Syria")]),
    # -- "operations" announced with a colon, then the first and the second --
    ("operations_colon_first_second_each_weapon",
     "نفذت المقاومة الإسلامية اليوم عمليتين: الأولى ضد قاعدة عين الأسد بالصواريخ، والثانية "
     "ضد قاعدة حرير بمسيرة.", D,
     [M("ain-al-asad", D, weapon="rocket"), M("harir", D, weapon="drone")]),
    # -- two bases on two days, respectively --
    ("two_bases_two_weekdays_respectively",
     "استهدفت المقاومة الإسلامية قاعدتي الشدادي والتنف يومي الجمعة والسبت على التوالي.", D,
     [M("shaddadi", "2024-01-12", country="Syria"), M("al-tanf", "2024-01-13", country="Syria")]),
    ("two_bases_two_weekdays_in_that_order_passive_dual",
     "تعرضت قاعدتا حرير وعين الأسد لهجومين بطائرات مسيرة يومي الخميس والجمعة على الترتيب.", D,
     [M("harir", "2024-01-11", weapon="drone"), M("ain-al-asad", "2024-01-12", weapon="drone")]),
    ("two_bases_two_weapons_respectively",
     "استهدفت المقاومة الإسلامية اليوم قاعدتي عين الأسد وحرير بالصواريخ والطائرات المسيرة "
     "على التوالي.", D, [M("ain-al-asad", D, weapon="rocket"), M("harir", D, weapon="drone")]),
    ("shootdown_with_a_count_in_words",
     "أسقطت الدفاعات الجوية اليوم ثلاث مسيرات قرب قاعدة حرير.", D,
     [M("harir", D, weapon="drone")]),
    ("shootdown_with_a_count_in_digits",
     "أسقطت القوات الأمريكية أمس 4 طائرات مسيرة فوق قاعدة التنف.", D,
     [M("al-tanf", "2024-01-13", country="Syria", weapon="drone")]),
    # -- a count of attacks carried out on a day, naming their targets --
    ("count_of_attacks_on_a_day_naming_the_bases",
     "شنت الفصائل اليوم ست هجمات بالطائرات المسيرة على قواعد أمريكية في عين الأسد وحرير "
     "والتنف.", D, [M("ain-al-asad", D, weapon="drone"), M("harir", D, weapon="drone"), TANF]),
    ("guard_count_since_a_month",
     "شنت الفصائل 150 هجوما على القواعد الأمريكية في عين الأسد وحرير منذ تشرين الأول.", D, []),
    ("guard_count_since_until_today",
     "شنت الفصائل منذ أكتوبر وحتى اليوم 150 هجوما على قواعد في عين الأسد وحرير.", D, []),
    # -- "the base" after an unnamed base placed in a country (told only in general) --
    ("the_base_takes_the_country_of_the_base_told_before",
     "أعلن البنتاغون عن عدم سقوط مصابين جراء الهجمات الأخيرة على قاعدة عسكرية أمريكية بشمال "
     "شرقي سوريا. وأوضح المتحدث أن القاعدة الأمريكية تعرضت لهجوم بطائرة مسيرة يوم 10 "
     "نوفمبر.", "2024-11-13", [M(None, "2024-11-10", country="Syria", weapon="drone")]),
    ("guard_the_base_never_placed",
     "تعرضت القاعدة لهجوم بطائرة مسيرة يوم 10 نوفمبر.", "2024-11-13", []),
]


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_lists_rounds_recall(name, text, published, expected):
    _check(name, text, published, expected)    # drafts as expected, weapons where given


# -- coder21: towns listed among the bases a claim names, "in each of" two countries,
# weapons given for several sites together, a "similar" attack, a campaign that goes on,
# "another" one (each case a report and the drafts expected as (side, country, site_id,
# date, weapon), date and weapon None when not checked) -------------------------------
from test_coding_site_refs import P21, check_drafts21  # noqa: E402

M21 = "2024-03-11"    # the Monday after P21
LISTS21 = [
    # -- towns listed among the bases a claim names ("ومنها"، "من بينها"، "وهي") -----------
    ("items_among_the_bases",
     "أعلنت المقاومة الإسلامية اليوم استهداف قواعد الاحتلال في سوريا ومنها خربة عدنان والشدادي "
     "والتنف بالطائرات المسيرة.", P21,
     [("militia", "Syria", "khirbat-adana", P21, "drone"), ("militia", "Syria", "shaddadi", P21, "drone"),
      ("militia", "Syria", "al-tanf", P21, "drone")]),
    ("items_which_are",
     "استهدفت مسيرات اليوم ثلاث قواعد أمريكية في سوريا، وهي خربة عدنان والشدادي والركبان.", P21,
     [("militia", "Syria", "khirbat-adana", P21, None), ("militia", "Syria", "shaddadi", P21, None),
      ("militia", "Syria", "rukban", P21, None)]),
    ("guard_a_threat_to_listed_bases",
     "قالت فصائل مسلحة إنها ستستهدف قواعد أمريكية ومنها الشدادي وخربة عدنان.", P21, []),
    # -- "في كل من العراق وسوريا": each of the countries, not an origin ------------------------
    ("in_each_of_two_countries",
     "شنت الفصائل اليوم هجمات بالمسيرات على القواعد الأمريكية في كل من العراق وسوريا، وقالت إنها "
     "استهدفت قاعدة حرير وقاعدة الشدادي.", P21,
     [("militia", "Iraq", "harir", P21, "drone"), ("militia", "Syria", "shaddadi", P21, "drone")]),
    # -- weapons given for several sites together go to each; "similar" takes the weapon ---
    ("weapons_before_every_site_of_the_clause",
     "استهدف هجوم بطائرة مسيرة وقصف صاروخي اليوم قاعدة عين الأسد الجوية، حيث تتمركز قوات "
     "أمريكية، والسفارة الأمريكية في بغداد.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, "mixed"), ("militia", "Iraq", "us-embassy-baghdad", P21, "mixed")]),
    ("drones_and_other_attacks_with_rockets",
     "أطلقت الفصائل اليوم طائرات مسيرة وأخرى بالصواريخ على قاعدة التنف.", P21,
     [("militia", "Syria", "al-tanf", P21, "mixed")]),
    ("guard_respectively",
     "استهدفت الفصائل قاعدتي عين الأسد وحرير بالصواريخ والطائرات المسيرة على التوالي اليوم.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, "rocket"), ("militia", "Iraq", "harir", P21, "drone")]),
    ("guard_each_site_its_own_weapon",
     "استهدفت الفصائل قاعدة عين الأسد بصاروخين، وقاعدة حرير بطائرة مسيرة، اليوم.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, "rocket"), ("militia", "Iraq", "harir", P21, "drone")]),
    ("similar_attack_on_the_same_airport",
     "تعرض مطار أربيل اليوم لهجوم بطائرة مسيرة. وكان المطار قد تعرض لهجوم مماثل في نيسان "
     "الماضي.", P21,
     [("militia", "Iraq", "erbil-airbase", P21, "drone"),
      ("militia", "Iraq", "erbil-airbase", "2023-04-01", "drone")]),
    ("similar_attack_on_the_base_dated",
     "سقطت صواريخ على قاعدة بلد اليوم. وكانت القاعدة قد تعرضت لهجوم مشابه في 21 شباط الماضي.", P21,
     [("militia", "Iraq", "balad", P21, "rocket"), ("militia", "Iraq", "balad", "2024-02-21", "rocket")]),
    # (guard, the gold's w20: a similar attack that only dates a "comes after" clause)
    ("guard_similar_attack_as_a_time_reference",
     "سقطت صواريخ على قاعدة بلد اليوم، ويأتي الهجوم بعد نحو شهر من هجوم مماثل على القاعدة في "
     "21 شباط الماضي.", P21,
     [("militia", "Iraq", "balad", P21, "rocket"), ("militia", "Iraq", "balad", "2024-02-21", "unknown")]),
    ("guard_similar_with_nothing_to_liken",
     "تعرضت قاعدة حرير لهجوم مماثل اليوم.", P21, [("militia", "Iraq", "harir", P21, "unknown")]),
    # -- a campaign that goes on is no event; "another" one is a new one of the day --------
    ("campaign_goes_on_then_the_attack",
     "تواصل الفصائل المسلحة المنضوية في المقاومة الإسلامية شن الهجمات الصاروخية على القواعد "
     "الأمريكية. وقتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على البرج 22 مساء الأحد.", M21,
     [("militia", "Jordan", "tower-22", P21, "drone")]),
    ("guard_goes_on_today_with_a_site",
     "تواصل الفصائل هجماتها اليوم، إذ استهدفت بالصواريخ قاعدة عين الأسد.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, "rocket")]),
    ("another_drone_another_base",
     "استهدفت مسيرة قاعدة حرير اليوم. وقال مسؤول إن مسيرة أخرى استهدفت قاعدة عين الأسد.", P21,
     [("militia", "Iraq", "harir", P21, None), ("militia", "Iraq", "ain-al-asad", P21, None)]),
    ("guard_another_attack_in_an_earlier_month",
     "استهدفت مسيرة قاعدة حرير اليوم. وكانت القاعدة قد تعرضت لهجوم آخر في كانون الثاني الماضي.", P21,
     [("militia", "Iraq", "harir", P21, None), ("militia", "Iraq", "harir", "2024-01-01", None)]),
]


LISTS21 += [
    # -- a site hit in one clause with others takes the weapon they agree on -------------
    ("round_site_takes_the_weapon_of_the_others",
     "أعلن الحرس الثوري اليوم قصف قاعدة عين الأسد بالصواريخ الباليستية. وقال البنتاغون إن القصف "
     "استهدف قواعد أمريكية في عين الأسد وأربيل.", P21,
     [("iran", "Iraq", "ain-al-asad", P21, "ballistic_missile"), ("iran", "Iraq", "erbil", P21, "ballistic_missile")]),
    ("round_two_bases_told_again_without_weapon",
     "هاجمت طائرات مسيرة قاعدة حرير اليوم. وقالت مصادر إن الهجوم طال قاعدة حرير وقاعدة عين "
     "الأسد.", P21,
     [("militia", "Iraq", "harir", P21, "drone"), ("militia", "Iraq", "ain-al-asad", P21, "drone")]),
    ("guard_a_site_told_alone_keeps_unknown",
     "هاجمت مسيرات قاعدة حرير اليوم. وفي سياق آخر، تعرضت قاعدة التنف لهجوم اليوم.", P21,
     [("militia", "Iraq", "harir", P21, "drone"), ("militia", "Syria", "al-tanf", P21, "unknown")]),
]


F21 = "2024-03-08"      # the Friday before P21
T21 = "2024-03-07"      # the Thursday before P21
LISTS21 += [
    # -- "the same night/day": the day just told, not today ------------------------------
    ("same_night_in_the_same_sentence",
     "قصفت طائرات أمريكية مواقع في القائم مساء الجمعة، وفي الليلة نفسها استهدفت غارة أخرى "
     "البوكمال.", P21, [("us", "Iraq", "al-qaim", F21, None), ("us", "Syria", "albukamal", F21, None)]),
    # (a sentence of its own names no actor: `unattributed`, coder20's convention)
    ("same_night_in_the_next_sentence",
     "قصفت طائرات أمريكية مواقع في القائم مساء الجمعة. وفي الليلة ذاتها استهدفت غارة أخرى "
     "البوكمال.", P21, [("us", "Iraq", "al-qaim", F21, None), ("unattributed", "Syria", "albukamal", F21, None)]),
    ("same_day_another_base_its_own_weapon",
     "هاجمت مسيرة قاعدة التنف يوم الخميس، وفي اليوم نفسه سقطت صواريخ على قاعدة الشدادي.", P21,
     [("militia", "Syria", "al-tanf", T21, "drone"), ("militia", "Syria", "shaddadi", T21, "rocket")]),
    ("guard_tonight_is_today",
     "هاجمت مسيرة قاعدة التنف الليلة.", P21, [("militia", "Syria", "al-tanf", P21, None)]),
    # -- an aggression noun with a nationality adjective ----------------------------------
    ("aggression_noun_us_adjective",
     "استشهد عنصران من الحشد الشعبي بعدوان أمريكي استهدف مقرا في القائم اليوم.", P21,
     [("us", "Iraq", "al-qaim", P21, None)]),
    ("aggression_definite_on_their_quarters",
     "قتل ثلاثة من عناصر الحشد في العدوان الأميركي على مقراتهم في جرف الصخر فجر اليوم.", P21,
     [("us", "Iraq", "jurf-al-sakhar", P21, None)]),
    ("guard_aggression_of_another_state_elsewhere",
     "أدانت الفصائل العدوان الإسرائيلي على غزة اليوم.", P21, []),
    # -- an interception by an air-defence system with a long name ------------------------
    ("long_air_defence_subject",
     "تصدت منظومة الدفاع الجوي الأمريكية المضادة للصواريخ سي-رام في السفارة الأمريكية ببغداد "
     "لصاروخين اليوم.", P21, [("militia", "Iraq", "us-embassy-baghdad", P21, None)]),
    ("long_coalition_defences_subject",
     "اعترضت الدفاعات الجوية التابعة للتحالف الدولي في قاعدة عين الأسد غربي الأنبار فجر اليوم "
     "طائرتين مسيرتين.", P21, [("militia", "Iraq", "ain-al-asad", P21, "drone")]),
    ("guard_another_states_defences",
     "تصدت الدفاعات الجوية السورية في ريف دمشق اليوم لصواريخ إسرائيلية.", P21, []),
]


LISTS21 += [
    # -- a year in words after the month ----------------------------------------------
    ("year_in_words_nineteen",
     "قصفت طائرات أمريكية مواقع للحشد في القائم في التاسع والعشرين من كانون الأول عام ألفين "
     "وتسعة عشر.", P21, [("us", "Iraq", "al-qaim", "2019-12-29", None)]),
    ("year_in_words_twenty",
     "استهدفت صواريخ قاعدة عين الأسد في الثامن من كانون الثاني سنة ألفين وعشرين.", P21,
     [("militia", "Iraq", "ain-al-asad", "2020-01-08", None)]),
    ("year_in_words_twenty_four_digits_day",
     "قتل ثلاثة جنود أمريكيين بهجوم بطائرة مسيرة على البرج 22 في 28 كانون الثاني عام ألفين "
     "وأربعة وعشرين.", P21, [("militia", "Jordan", "tower-22", "2024-01-28", "drone")]),
]


LISTS21 += [
    # -- IEDs on convoys and supply trucks of the coalition or its contractors ------------
    ("ied_on_convoys_of_coalition_contractors",
     "أعلنت خلية الإعلام الأمني انفجار عبوتين ناسفتين على رتلين لشركات متعاقدة مع التحالف في "
     "السماوة اليوم.", P21, [("militia", "Iraq", None, P21, "ied")]),
    ("sticky_bomb_on_a_truck_supplying_the_us_army",
     "استهدفت عبوة ناسفة شاحنة تنقل إمدادات للجيش الأمريكي في أبو غريب اليوم.", P21,
     [("militia", "Iraq", "abu-ghraib", P21, "ied")]),
    ("ied_on_a_caravan_belonging_to_the_coalition",
     "انفجرت عبوة ناسفة بقافلة تابعة للتحالف الدولي قرب الديوانية اليوم.", P21,
     [("militia", "Iraq", None, P21, "ied")]),
    ("logistics_convoy_on_the_highway",
     "انفجرت عبوة ناسفة برتل لوجستي للتحالف الدولي على الطريق الدولي قرب الديوانية اليوم.", P21,
     [("militia", "Iraq", None, P21, "ied")]),
    ("guard_a_roadside_bomb_without_a_target",
     "انفجرت عبوة ناسفة على طريق في الديوانية اليوم دون إصابات.", P21, []),
    ("guard_a_convoy_of_the_iraqi_army",
     "انفجرت عبوة ناسفة برتل للجيش العراقي قرب الديوانية اليوم.", P21, []),
]


LISTS21 += [
    # -- two attacks counted, then told one by one with their weapons --------------------
    ("one_of_the_two_attacks_and_the_second",
     "تعرضت قاعدة التنف لهجومين اليوم. وأشار المتحدث إلى أن أحد الهجومين نفذ بطائرة مسيرة، وفي "
     "الهجوم الثاني أطلق صاروخان باتجاه القاعدة.", P21, [("militia", "Syria", "al-tanf", P21, "mixed")]),
    ("guard_both_items_with_one_weapon",
     "تعرضت قاعدة التنف لهجومين اليوم، نفذ أحد الهجومين بطائرة مسيرة، والهجوم الآخر بطائرة مسيرة "
     "أيضا.", P21, [("militia", "Syria", "al-tanf", P21, "drone")]),
]


LISTS21 += [
    # -- "يومي 23-24 آذار": two days joined by a hyphen, one incident each ----------------
    ("two_days_joined_by_a_hyphen",
     "أعلن الجيش الأمريكي إصابة 11 جنديا أمريكيا في هجومين شنهما مسلحون موالون لإيران شرقي "
     "سوريا خلال يومي 23-24 آذار الماضي.", "2024-04-01",
     [("militia", "Syria", None, "2024-03-23", None), ("militia", "Syria", None, "2024-03-24", None)]),
]


LISTS21 += [
    # -- "وبعدها بيومين": days after the incident just told ------------------------------
    ("two_days_after_it_the_answer",
     "سقطت صواريخ على معسكر التاجي يوم الأربعاء. وبعدها بيومين، ردت الولايات المتحدة على هذا "
     "الهجوم، وقصفت الطائرات الأميركية مواقع لكتائب حزب الله في جرف الصخر.", P21,
     [("militia", "Iraq", "camp-taji", "2024-03-06", None), ("us", "Iraq", "jurf-al-sakhar", "2024-03-08", None)]),
    ("three_days_after_that_in_one_sentence",
     "هاجمت مسيرة قاعدة حرير يوم الأحد الماضي، وبعد ذلك بثلاثة أيام قصفت طائرات أمريكية مواقع "
     "للفصائل في القائم.", P21,
     [("militia", "Iraq", "harir", "2024-03-03", None), ("us", "Iraq", "al-qaim", "2024-03-06", None)]),
    ("guard_days_after_it_without_an_event",
     "هاجمت مسيرة قاعدة حرير يوم الأحد الماضي. وقال مسؤول إنه بعد ذلك بيومين ستجري تحقيقات.", P21,
     [("militia", "Iraq", "harir", "2024-03-03", None)]),
]


# -- a clause the page cuts off before its place is not merged into the incident before it
LISTS21 += [
    ("clause_cut_off_before_its_place",
     "هاجمت مسيرات قاعدة عين الأسد اليوم. والخميس أيضا، استهدفت عدة صواريخ قاعدة في ", P21,
     [("militia", "Iraq", "ain-al-asad", P21, "drone")]),
    ("clause_cut_off_after_near",
     "هاجمت مسيرة قاعدة حرير اليوم. كما سقطت صواريخ على قاعدة عسكرية قرب", P21,
     [("militia", "Iraq", "harir", P21, "drone")]),
    ("guard_cut_off_reason_clause_of_the_attack_told",
     "هاجمت مسيرة قاعدة حرير اليوم. وأعلن البنتاغون إصابة جنديين بعد أن استهدفت طائرة مسيرة "
     "قاعدة", P21, [("militia", "Iraq", "harir", P21, "drone")]),
    ("guard_a_whole_clause_on_the_base",
     "هاجمت مسيرات قاعدة عين الأسد اليوم. واستهدفت صواريخ القاعدة أيضا.", P21,
     [("militia", "Iraq", "ain-al-asad", P21, "mixed")]),
]


@pytest.mark.parametrize("name,text,published,expected", LISTS21, ids=[c[0] for c in LISTS21])
def test_list_items_and_their_weapons(name, text, published, expected):
    check_drafts21(text, published, expected)
