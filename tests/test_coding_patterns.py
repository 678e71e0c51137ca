"""The failure patterns of issue 14, each as a general rule, on sentences written for these
tests (none is copied from an article). Each case: a short report, its publication date,
and the drafts expected as (side, country, site_id) with optional date and weapon."""

import pandas as pd
import pytest

from analysis import code_report


def _drafts(text, published):
    d = code_report(text, published=published)
    out = []
    for _, r in d.iterrows():
        out.append({"side": r["side"], "country": r["country"],
                    "site_id": None if pd.isna(r["site_id"]) else r["site_id"],
                    "date": str(pd.Timestamp(r["date"]).date()), "weapon": r["weapon"]})
    return out


def _key(x):
    return (x["side"], x["country"], x["site_id"])


CASES = [
    # 1 the acting side: US in an aside, an aggression noun as subject, an ordered attack,
    #   a group "involved in" the attack, Iran as the syntactic subject
    ("aside_before_verb",
     "استدعت الخارجية العراقية القائم بأعمال السفارة الأمريكية احتجاجا على العدوان "
     "الأمريكي الذي استهدف مواقع عسكرية في منطقة عكاشات أمس الجمعة.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id="akashat", date="2024-02-02")]),
    ("ordered_attack",
     "أعلن الرئيس الأمريكي مساء الجمعة أنه أمر الجيش الأمريكي بمهاجمة منشآت تستخدمها "
     "الفصائل في سوريا.",
     "2024-02-02", [dict(side="us", country="Syria", site_id=None)]),
    ("involved_in_attack",
     "قال مسؤول أمريكي اليوم الأحد إن واشنطن تدرس تورط كتائب حزب الله في الهجوم الصاروخي "
     "الذي استهدف قاعدة عين الأسد أمس السبت.",
     "2024-03-10", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-03-09")]),
    ("iran_subject_and_continuation",
     "أطلقت طهران فجر اليوم الأربعاء صواريخ باليستية على قاعدتين في العراق. واستهدف القصف "
     "الصاروخي الذي انطلق من إيران قاعدة عين الأسد الجوية، إضافة إلى قاعدة عسكرية أخرى في "
     "أربيل.",
     "2020-01-08", [dict(side="iran", country="Iraq", site_id="ain-al-asad"),
                    dict(side="iran", country="Iraq", site_id="erbil")]),
    # 3 headline and body: one incident, no extra country-level draft
    ("headline_body_merge",
     "غارات أمريكية على مواقع للفصائل في العراق وسوريا\n"
     "شنت القوات الأمريكية فجر اليوم غارات على مقر لكتائب حزب الله في منطقة القائم، "
     "وعلى موقعين في سوريا.",
     "2019-12-29", [dict(side="us", country="Iraq", site_id="al-qaim"),
                    dict(side="us", country="Syria", site_id=None)]),
    ("answered_event_place",
     "نفذت القوات الأمريكية فجر اليوم ضربات على مواقع للفصائل في سوريا بعد هجوم دام في "
     "الأردن.",
     "2024-02-03", [dict(side="us", country="Syria", site_id=None)]),
    ("other_attack_noun_before_verb",
     "وقال الرئيس في كلمة بعد تشييع الجنود الذين قتلوا في الهجوم على البرج 22 في الأردن: "
     "نفذت القوات الأمريكية اليوم ضربات على منشآت في العراق.",
     "2024-02-02", [dict(side="us", country="Iraq", site_id=None)]),
    # 4 sites: a denial is not a site, a sentence that only places the people, a reference
    #   point is not a site, the town of an unnamed base
    ("denial_is_not_a_site",
     "قتل جنديان أمريكيان في هجوم بطائرة مسيرة على البرج 22 في الأردن مساء السبت. ونفى "
     "متحدث حكومي أن يكون الهجوم وقع داخل الأردن، قائلا إنه استهدف قاعدة التنف.",
     "2024-01-28", [dict(side="militia", country="Jordan", site_id="tower-22",
                         date="2024-01-27")]),
    ("site_sentence",
     "أصيب خمسة جنود أمريكيين في هجوم بطائرة مسيرة على موقع شمال شرق الأردن فجر اليوم. "
     "وقال مسؤول إن الجنود كانوا في البرج 22 عند وقوع الانفجار.",
     "2024-01-28", [dict(side="militia", country="Jordan", site_id="tower-22")]),
    ("reference_point_direction",
     "قصفت طائرات أمريكية فجر الأربعاء موقعا لكتائب حزب الله في جرف الصخر إلى الجنوب من "
     "العاصمة بغداد.",
     "2024-01-24", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar",
                         date="2024-01-24")]),
    # 2 what a sentence contributes: the stated platform of a strike
    ("stated_platform",
     "شنت الولايات المتحدة مساء الأحد غارات جوية على مقرات للفصائل في منطقة القائم. وقالت "
     "وزارة الدفاع إن القصف نفذ بواسطة طائرات مسيرة.",
     "2019-12-29", [dict(side="us", country="Iraq", site_id="al-qaim", weapon="drone_strike")]),
    # 2 a continuation sentence adds an attack of the same day
    ("continuation_of_a_claim_list",
     "أعلنت المقاومة الإسلامية في العراق، اليوم الخميس، أنها استهدفت قاعدة الشدادي في "
     "سوريا بطائرة مسيرة. كذلك، أعلنت استهدافها أيضا قاعدة حرير في أربيل بطائرة مسيرة.",
     "2023-11-23", [dict(side="militia", country="Syria", site_id="shaddadi", date="2023-11-23"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2023-11-23")]),
    ("statement_series_with_patron_descriptor",
     "استهدفت المقاومة الإسلامية في العراق، الجمعة، قاعدة حرير في أربيل بطائرة مسيرة. "
     "وذكرت سلسلة بيانات وزعتها المقاومة، وهي تضم تشكيلات عسكرية موالية لإيران، أنها "
     "استهدفت قاعدة تل بيدر بطائرتين مسيرتين، وقالت إنها استهدفت كذلك قاعدة عين الأسد "
     "بطائرة مسيرة.",
     "2023-11-17", [dict(side="militia", country="Iraq", site_id="harir", date="2023-11-17"),
                    dict(side="militia", country="Syria", site_id="tal-baydar", date="2023-11-17"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2023-11-17")]),
    # 5 dates: a "since" phrase opens a period, it is not an incident
    ("since_phrase_is_background",
     "قتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على البرج 22 في الأردن فجر اليوم، وهو "
     "الهجوم الأول على الموقع منذ بدء الهجمات التي استهدفت القوات الأمريكية في 17 تشرين "
     "الأول الماضي.",
     "2024-01-28", [dict(side="militia", country="Jordan", site_id="tower-22",
                         date="2024-01-28")]),
    # 1 the agent after "من قبل"; the adjective of the answered event is not the side;
    #   attacks "always" suffered are not an incident; "earlier" is the same day
    ("agent_min_qibal_and_answered_adjective",
     "أعلنت المقاومة الإسلامية في العراق اليوم السبت أنها استهدفت قاعدة حرير بطائرة مسيرة. "
     "وفي وقت سابق، أفادت مصادر بتعرض قاعدة عين الأسد لاستهداف من قبل فصائل مسلحة، في أول "
     "رد فعل على الهجوم الأميركي. ودائما ما تتعرض قاعدة عين الأسد لهجمات، كان آخرها الأسبوع "
     "الماضي.",
     "2024-02-03", [dict(side="militia", country="Iraq", site_id="harir", date="2024-02-03"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-03")]),
    # 5 dates: an earlier attack told in the pluperfect with its own date is its own incident
    ("pluperfect_background",
     "سقطت صواريخ كاتيوشا على معسكر التاجي شمال بغداد، في ثاني هجوم خلال أسبوع. وكان "
     "مسؤولون أمريكيون قد أعلنوا، الأربعاء الماضي، مقتل جنديين في سقوط صواريخ على معسكر "
     "التاجي.",
     "2020-03-14", [dict(side="militia", country="Iraq", site_id="camp-taji", date="2020-03-14"),
                    dict(side="militia", country="Iraq", site_id="camp-taji",
                         date="2020-03-11")]),
    # weapons: the specific missile over the generic "rocket" word
    ("ballistic_over_rocket",
     "أعلنت المقاومة الإسلامية مسؤوليتها عن القصف الصاروخي على قاعدة عين الأسد اليوم السبت، "
     "وقال مسؤول أمريكي إن صواريخ باليستية ضربت القاعدة.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         weapon="ballistic_missile")]),
    # 5 dates: the weekday named wins over "today" on a later page
    ("weekday_over_today",
     "قصفت فصائل مسلحة مساء اليوم الأربعاء قاعدة حرير في أربيل بطائرة مسيرة.",
     "2024-01-25", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-24",
                         weapon="drone")]),
    # second session: rules from the first held-back part (after it was looked at)
    ("us_losses_with_possessive",      # "3 of ITS members": the pronoun names the US army
     "أعلن الجيش الأمريكي اليوم الأحد مقتل جنديين من عناصره في هجوم بطائرة مسيرة على قاعدة "
     "في الأردن.",
     "2024-02-11", [dict(side="militia", country="Jordan", site_id=None, date="2024-02-11",
                         weapon="drone")]),
    ("accuser_is_not_the_agent",       # "the Pentagon accused THIS GROUP of attacking"
     "واتهم المتحدث باسم البنتاغون الفصيل المسلح باستهدافه يوم الجمعة قاعدة عين الأسد "
     "بعشرين صاروخا، ما أسفر عن إصابة جنديين أمريكيين.",
     "2023-03-05", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2023-03-03", weapon="rocket")]),
    ("countries_run_together",         # "في العراقوسوريا": a missing space, two countries
     "شنت الطائرات الأمريكية أمس غارات على ثلاث منشآت في العراقوسوريا تستخدمها الفصائل.",
     "2021-07-01", [dict(side="us", country="Iraq", site_id=None, date="2021-06-30"),
                    dict(side="us", country="Syria", site_id=None, date="2021-06-30")]),
    ("camp_that_hosts_us_troops",      # masculine "يضم": a US-hosted camp was attacked
     "قالت مصادر أمنية اليوم الاثنين إن معسكر التاجي الذي يضم جنودا أمريكيين تعرض إلى قصف "
     "بصواريخ كاتيوشا.",
     "2021-06-07", [dict(side="militia", country="Iraq", site_id="camp-taji",
                         date="2021-06-07", weapon="rocket")]),
    ("masculine_struck_with_object",   # "ضرب منشأتين": the masculine verb with its object
     "قال البنتاغون يوم الأحد إن الجيش الأمريكي ضرب منشأتين في البوكمال تستخدمهما جماعات "
     "موالية لإيران.",
     "2023-11-13", [dict(side="us", country="Syria", site_id="albukamal", date="2023-11-12")]),
    ("answered_attacks_weapon_and_country",   # the strike's answered attacks: not its data
     "شنت المقاتلات الأمريكية ليل الأحد غارات على منشآتين في سوريا تستخدمها فصائل تشارك في "
     "هجمات بطائرات مسيرة ضد قوات أمريكية في العراق، في المنطقة الحدودية بين العراق وسوريا.",
     "2021-06-28", [dict(side="us", country="Syria", site_id=None, date="2021-06-27",
                         weapon="airstrike")]),
    ("us_forces_as_vso_subject",       # "استهدفت قوات الجيش الأمريكي عدة مواقع": subject
     "استهدفت قوات الجيش الأمريكي مساء الجمعة عدة مواقع في مدينة الميادين شرق سوريا.",
     "2024-02-03", [dict(side="us", country="Syria", site_id="mayadin", date="2024-02-02")]),
    ("claimed_by_iran",                # "الهجمات التي تبنتها إيران": the claimant acted
     "قالت وزارة الدفاع الأمريكية إن الهجمات التي تبنتها إيران فجر اليوم الأربعاء على قاعدة "
     "عين الأسد انطلقت من أراض إيرانية.",
     "2020-01-08", [dict(side="iran", country="Iraq", site_id="ain-al-asad",
                         date="2020-01-08")]),
    # third session: rules from the second held-back part (after it was looked at)
    ("quoted_place_after_its_cue",     # 'قاعدة "حرير"': the quote does not hide the cue
     'هجوم بطائرة مسيرة على قاعدة "حرير" شمالي أربيل\n'
     "أعلنت فصائل مسلحة اليوم السبت أنها استهدفت قاعدة عين الأسد بصاروخين.",
     "2024-03-02", [dict(side="militia", country="Iraq", site_id="harir", date="2024-03-02"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-03-02")]),
    ("morrow_of_an_attack",            # "غداة هجوم": the day before the incident just told
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد اليوم الأربعاء. ويأتي ذلك غداة هجوم استهدف "
     "معسكر التاجي بصواريخ كاتيوشا.",
     "2021-06-09", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2021-06-09"),
                    dict(side="militia", country="Iraq", site_id="camp-taji",
                         date="2021-06-08")]),
    ("subject_of_a_passive_verb",      # "قوات أمريكية ... استُهدفت بطائرات": the target
     "قال مسؤول يوم الثلاثاء إن قوات أمريكية في سوريا استهدفت بطائرات مسيرة قرب قاعدة التنف "
     "دون إصابات.",
     "2023-11-07", [dict(side="militia", country="Syria", site_id="al-tanf",
                         date="2023-11-07", weapon="drone")]),
    ("precaution_is_not_an_event",     # "تحسبا لهجمات": a precaution against attacks
     "تعرضت قاعدة التنف ليل الجمعة لهجوم من قبل طائرات مسيرة. وقامت قوات \"التحالف الدولي\" "
     "بقيادة الجيش الأمريكي برفع الجاهزية داخل قاعدة \"التنف\" وقواعدها في ريف محافظة دير "
     "الزور، تحسبا لهجمات بطائرات مسيرة، وذلك بعد ساعات من تعرض عدد من قواعده لهجمات مشابهة "
     "في العراق.",
     "2023-12-15", [dict(side="militia", country="Syria", site_id="al-tanf", date="2023-12-15")]),
    ("night_of_two_weekdays",          # "ليل الأربعاء - الخميس": the night begins Wednesday
     "تعرضت قاعدة التنف ليل الأربعاء - الخميس لهجوم من قبل طائرات مسيرة.",
     "2024-01-03", [dict(side="militia", country="Syria", site_id="al-tanf", date="2024-01-03")]),
    ("camp_as_place_cue",              # 'معسكر "الركبان"': a camp names the ambiguous place
     'أعلنت المقاومة الإسلامية في العراق اليوم أنها استهدفت معسكر "الركبان" بطائرة مسيرة.',
     "2024-01-10", [dict(side="militia", country="Syria", site_id="rukban", date="2024-01-10")]),
    ("district_in_east_of_city",       # "شارع فلسطين في شرق بغداد": one site, the district
     "قتل اثنان من عناصر الحشد الشعبي اليوم في قصف بطائرة مسيرة أمريكية على مقر شرقي بغداد. "
     "وقال مصدر إن الطائرة استهدفت مقرا في شارع فلسطين في شرق بغداد.",
     "2024-01-04", [dict(side="us", country="Iraq", site_id="palestine-street",
                         date="2024-01-04", weapon="drone_strike")]),
    ("platform_as_subject_of_the_verb",   # "شنت طائرة مسيرة أمريكية غارة جوية"
     "شنت طائرة مسيرة أمريكية مساء اليوم غارة جوية على سيارة في بغداد.",
     "2024-02-07", [dict(side="us", country="Iraq", site_id="baghdad", weapon="drone_strike")]),
    ("any_target_is_hypothetical",     # "ضرب أي أهداف ... هو استهداف": a warning, a definition
     "وحذر قائد الفصيل في 15 من الشهر الجاري، في مقابلة تلفزيونية، من أن ضرب أي أهداف في "
     "سورية هو استهداف لكل محور المقاومة.",
     "2023-06-20", []),
    ("facility_named_as_landmark",     # 'قاعدة حرير قرب مطار أربيل': the airport is a landmark
     "هاجمت طائرة مسيرة اليوم الاثنين قاعدة حرير الأمريكية قرب مطار أربيل. وقالت حكومة "
     "الإقليم إن الهجوم استهدف قاعدة للتحالف في مطار أربيل.",
     "2023-12-25", [dict(side="militia", country="Iraq", site_id="harir", date="2023-12-25")]),
    ("second_reported_clause",         # "قال إن ...، وأن القصف نفذ بواسطة طائرات مسيرة"
     "شنت القوات الأمريكية أمس غارات على مقر لكتائب حزب الله في القائم. وأوضح البيان أن "
     "الهدف إضعاف قدرة الكتائب على تنفيذ هجمات ضد قوات التحالف، وأن القصف نفذ بواسطة طائرات "
     "مسيرة.",
     "2019-12-30", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-29",
                         weapon="drone_strike")]),
    ("full_stop_without_space",        # "سوريا.ما أدى": two sentences, two events
     "نفذت القوات الأمريكية غارات على مواقع في البوكمال اليوم الأربعاء.وأضاف المصدر أن "
     "الغارات جاءت بعد هجومين على قاعدتي كونيكو والشدادي مساء أمس الثلاثاء.",
     "2024-11-13", [dict(side="us", country="Syria", site_id="albukamal", date="2024-11-13"),
                    dict(side="militia", country="Syria", site_id="mss-conoco",
                         date="2024-11-12"),
                    dict(side="militia", country="Syria", site_id="shaddadi",
                         date="2024-11-12")]),
    ("reason_opening_the_sentence",    # "عقب هجوم ...، شنت ...": the reason ends at its comma
     "عقب هجوم على قاعدة عين الأسد أمس، شنت طائرات أمريكية اليوم غارات على القائم.",
     "2024-02-03", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-02"),
                    dict(side="us", country="Iraq", site_id="al-qaim", date="2024-02-03")]),
    ("city_name_of_the_governorate",   # "في دير الزور" beside "بريف دير الزور": the province
     "قال المرصد إن الضربات الجوية الأمريكية دمرت 20 موقعا في دير الزور.وشنت الطائرات "
     "الأمريكية اليوم ضربات على مواقع في الميادين بريف دير الزور.",
     "2024-02-03", [dict(side="us", country="Syria", site_id="mayadin", date="2024-02-03")]),
    ("one_word_caption_is_not_an_event",   # a lone "قصف" under a picture
     "غارات أمريكية على مواقع في سوريا\n\nقصف\n\nشنت الطائرات الأمريكية اليوم غارات على "
     "مواقع في مدينة الميادين شرق سوريا.",
     "2024-02-03", [dict(side="us", country="Syria", site_id="mayadin", date="2024-02-03")]),
    ("response_planned_attack_happened",   # "تستعد لرد على هجوم الأحد": the attack is real
     "شنت الطائرات الأمريكية اليوم غارات على مواقع في مدينة الميادين. وعززت الولايات "
     "المتحدة دفاعاتها في الأردن، إلى جانب أنها تستعد لرد واسع على هجوم الأحد الماضي.",
     "2024-02-02", [dict(side="us", country="Syria", site_id="mayadin", date="2024-02-02"),
                    dict(side="militia", country="Jordan", site_id=None, date="2024-01-28")]),
    ("attack_noun_genitive_country",   # "في هجوم الأردن": the answered attack's country
     "شنت الولايات المتحدة اليوم ضربات انتقامية في العراق على مقتل الجنود في هجوم الأردن.",
     "2024-02-02", [dict(side="us", country="Iraq", site_id=None, date="2024-02-02")]),
    ("convoy_governorates_of_the_south",   # three governorates: three incidents, no site
     "استهدفت أمس الإثنين 3 هجمات أرتال التحالف الدولي في محافظات بابل، والمثنى، وذي قار.",
     "2021-04-06", [dict(side="militia", country="Iraq", site_id="babil", date="2021-04-05"),
                    dict(side="militia", country="Iraq", site_id=None, date="2021-04-05"),
                    dict(side="militia", country="Iraq", site_id=None, date="2021-04-05")]),
    ("answered_attack_site",           # "قتلوا في الهجوم على البرج 22": that attack's site
     "أمر الرئيس الأمريكي اليوم بضربات ردا على مقتل ثلاثة جنود أمريكيين الأحد الماضي في "
     "قاعدة بالأردن. وقال بعد استقبال جثامين الجنود الذين قتلوا في الهجوم على البرج 22 في "
     "الأردن: نفذت القوات الأمريكية اليوم ضربات على منشآت في العراق.",
     "2024-02-02", [dict(side="us", country="Iraq", site_id=None, date="2024-02-02"),
                    dict(side="militia", country="Jordan", site_id="tower-22",
                         date="2024-01-28")]),
    ("bare_shells_are_rockets",        # "هجوم بقذائف على قاعدة": rockets
     "أصيب جنود أمريكيون في هجوم بقذائف على قاعدة عسكرية في كركوك اليوم.",
     "2019-12-27", [dict(side="militia", country="Iraq", site_id="kirkuk", date="2019-12-27",
                         weapon="rocket")]),
    ("shells_are_no_strike_weapon",    # ... but not the weapon of the strike answering them
     "شنت الطائرات الأمريكية اليوم غارات على مواقع في القائم ردا على هجمات بقذائف.",
     "2019-12-29", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-29",
                         weapon="airstrike")]),
    # session 4 (heldout3 failures as general rules)
    ("distance_is_a_reference_point",
     "قصفت طائرات أمريكية فجر اليوم الأحد مقرا لكتائب حزب الله في مدينة القائم 400 كم غربي "
     "بغداد.",
     "2024-03-10", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-03-10")]),
    ("after_midnight_is_the_report_day",
     "قال مصدر أمني اليوم الخميس إن طائرات أمريكية قصفت مخزنا للسلاح في منطقة جرف الصخر "
     "بعد منتصف الليلة الماضية.",
     "2024-05-16", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar",
                         date="2024-05-16")]),
    ("long_since_phrase_is_background",
     "سقط صاروخان اليوم قرب مطار أربيل دون خسائر. ويأتي هذا الهجوم ضمن سلسلة عمليات تتعرض "
     "لها القواعد منذ مقتل القيادي البارز في الفصائل المسلحة ومرافقيه الأربعة بصاروخ "
     "أطلقته طائرة مسيرة على سيارتهم قرب طريق المطار في العاشر من آب الماضي.",
     "2024-09-20", [dict(side="militia", country="Iraq", site_id="erbil-airbase",
                         date="2024-09-20")]),
    ("name_placed_in_another_country",
     "قصفت طائرات أمريكية فجر اليوم مقرا لكتائب حزب الله في منطقة الحيدرية في محافظة النجف.",
     "2021-04-02", [dict(side="us", country="Iraq", site_id=None)]),
    ("undated_clause_continues_the_incident_at_its_place",
     "قصفت القوات الأمريكية فجر اليوم الجمعة مواقع في مدينة البوكمال، بعد هجوم بطائرة مسيرة "
     "استهدف أمس قاعدة للقوات الأمريكية قرب مدينة الحسكة. وأكد وزير الدفاع الأمريكي أن الرئيس "
     "أمر بعملية ضد أهداف في شرق سوريا. وقال المرصد إن طائرة مجهولة استهدفت مستودعا للسلاح في "
     "مدينة البوكمال.",
     "2023-08-11", [dict(side="us", country="Syria", site_id="albukamal", date="2023-08-11"),
                    dict(side="militia", country="Syria", site_id="hasakah",
                         date="2023-08-10")]),
    ("undated_clause_continues_the_incident_its_sentence_dates",
     "قصفت القوات الأمريكية فجر اليوم الجمعة مواقع في مدينة البوكمال، بعد هجوم بطائرة مسيرة "
     "استهدف أمس قاعدة للقوات الأمريكية قرب مدينة الحسكة. وأكد وزير الدفاع الأمريكي أن الرئيس "
     "أمر بعملية ضد أهداف في شرق سوريا. وقال المرصد إن طائرة مجهولة استهدفت مستودعا للسلاح في "
     "مدينة البوكمال."
     " وكان البنتاغون أعلن الليلة الماضية إصابة ثلاثة جنود أمريكيين، بعد أن استهدفت طائرة "
     "مسيرة قاعدة.",
     "2023-08-11", [dict(side="us", country="Syria", site_id="albukamal", weapon="airstrike"),
                    dict(side="militia", country="Syria", site_id="hasakah",
                         weapon="drone")]),
    ("landing_zone_and_no_losses",
     "تعرضت قوات أمريكية أمس الأحد لهجوم بثلاثة صواريخ في منطقة إنزال رومالين، ولم يقع قتلى "
     "أو جرحى.",
     "2024-02-05", [dict(side="militia", country="Syria", site_id="rumalyn-lz",
                         date="2024-02-04")]),
    ("comma_closes_the_phrase_of_a_trigger",
     "انفجرت عبوة ناسفة اليوم الثلاثاء على رتل للتحالف الدولي في محافظة الديوانية. وهذا "
     "الاستهداف هو الثاني خلال يومين، بعد استهداف وقع أمس الاثنين تبنته جماعة مسلحة في محافظة "
     "بابل، وعدد من "
     "الاستهدافات لأرتال في المثنى وذي قار.",
     "2021-06-08", [dict(side="militia", country="Iraq", site_id=None, date="2021-06-08"),
                    dict(side="militia", country="Iraq", site_id="babil", date="2021-06-07")]),
    ("coordinated_governorates_are_places",
     "شنت مقاتلات أمريكية فجر الأحد غارات على مخازن أسلحة لفصائل مسلحة في كربلاء وبابل.",
     "2022-05-02", [dict(side="us", country="Iraq", site_id="babil"),
                    dict(side="us", country="Iraq", site_id=None)]),
    ("quoted_name_in_a_spelling",
     "استهدفت ثلاثة صواريخ اليوم قاعدة “بلد” الجوية شمالي بغداد.",
     "2021-05-03", [dict(side="militia", country="Iraq", site_id="balad")]),
    ("nth_occurrence_dates_the_earlier_one",
     "سقطت ثلاثة صواريخ أمس الأحد على قاعدة بلد الجوية. ويعد هذا القصف هو الثالث، حيث تم "
     "استهداف القاعدة بصاروخين مطلع الشهر الجاري.",
     "2021-05-03", [dict(side="militia", country="Iraq", site_id="balad", date="2021-05-02"),
                    dict(side="militia", country="Iraq", site_id="balad", date="2021-05-01")]),
    ("place_of_the_other_sides_strike",
     "باتت القواعد الأمريكية هدفا للصواريخ بعد العدوان الأمريكي الذي وقع بمحيط مطار بغداد، "
     "فتم قصف قاعدة التاجي فجر الأربعاء الماضي.",
     "2020-02-10", [dict(side="militia", country="Iraq", site_id="camp-taji")]),
    ("vso_subject_weapon_then_bare_object",
     "هاجمت فصائل مسلحة بطائرة مسيرة قاعدة التنف فجر اليوم الاثنين.",
     "2024-01-08", [dict(side="militia", country="Syria", site_id="al-tanf")]),
    ("town_placed_by_direction_from_a_city",
     "قصفت طائرات أمريكية فجر اليوم مطار كربلاء. وقال شهود إن القصف استهدف أيضا مقرا في منطقة "
     "عين التمر غربي كربلاء.",
     "2022-09-09", [dict(side="us", country="Iraq", site_id=None),
                    dict(side="us", country="Iraq", site_id=None)]),
    # session 5 (heldout4 failures as general rules; sentences written for these tests)
    ("hard_wrapped_lines",             # lines wrapped inside sentences are one text
     "قالت مصادر محلية إن طائرات أمريكية قصفت فجر اليوم مقرا للفصائل قرب\n"
     "مدينة البوكمال السورية. وكانت قاعدة الشدادي\n"
     "الأمريكية، جنوب الحسكة، تعرضت لقصف أمس من\n"
     "داخل العراق.",
     "2023-10-30", [dict(side="us", country="Syria", site_id="albukamal", date="2023-10-30"),
                    dict(side="militia", country="Syria", site_id="shaddadi",
                         date="2023-10-29")]),
    ("base_placed_south_of_a_city",    # "قاعدة X الأمريكية، جنوب Y": Y is a reference point
     "تعرضت قاعدة الشدادي الأمريكية، جنوب الحسكة، لقصف صاروخي أمس الأحد.",
     "2023-10-30", [dict(side="militia", country="Syria", site_id="shaddadi",
                         date="2023-10-29")]),
    ("strike_round_with_a_count",      # "شنت 5 غارات على X": one round at X, not a tally
     "أفادت وسائل إعلام محلية بأن طائرات أمريكية شنت 5 غارات على مواقع في منطقة جرف الصخر "
     "الليلة الماضية.",
     "2024-01-24", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar",
                         date="2024-01-23")]),
    ("strike_round_with_a_count_subject_first",
     "نفذت المقاتلات الأمريكية فجر اليوم 7 ضربات على مخازن أسلحة في البوكمال.",
     "2024-02-03", [dict(side="us", country="Syria", site_id="albukamal", date="2024-02-03")]),
    ("strike_count_over_a_period_is_a_tally",
     "شنت الطائرات الأمريكية 40 غارة على جرف الصخر منذ مطلع العام.",
     "2024-03-01", []),
    ("attack_count_is_a_tally",
     "شنت الفصائل 20 هجوما على قاعدة عين الأسد.",
     "2024-03-01", []),
    ("strike_of_a_platform",           # "غارة لطائرة أميركية بدون طيار": who struck, and with what
     "احترقت سيارة في بغداد مساء اليوم نتيجة غارة لطائرة أمريكية بدون طيار.",
     "2024-02-07", [dict(side="us", country="Iraq", site_id="baghdad", date="2024-02-07",
                         weapon="drone_strike")]),
    ("strike_of_a_platform_variant",
     "دمرت شاحنة للفصائل قرب القائم اليوم في ضربة لطائرة مسيرة أمريكية.",
     "2024-02-07", [dict(side="us", country="Iraq", site_id="al-qaim", weapon="drone_strike")]),
    ("facility_near_another_as_adjective",   # "مطار أربيل القريب من القنصلية": a landmark
     "سقطت ثلاثة صواريخ أمس على مطار أربيل الدولي القريب من القنصلية الأمريكية.",
     "2021-07-07", [dict(side="militia", country="Iraq", site_id="erbil-airbase",
                         date="2021-07-06")]),
    ("facility_adjoining_another",
     "سقط صاروخان أمس على قاعدة حرير المجاورة لمطار أربيل.",
     "2021-07-07", [dict(side="militia", country="Iraq", site_id="harir")]),
    ("the_following_month",            # "في الشهر الذي تلاه": the month after the one told
     "وفي نيسان الماضي، سقطت ثلاثة صواريخ على قاعدة بلد. وفي الشهر الذي تلاه، استهدفت طائرة "
     "مسيرة قاعدة عين الأسد.",
     "2021-07-06", [dict(side="militia", country="Iraq", site_id="balad", date="2021-04-01"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2021-05-01")]),
    ("the_following_week",
     "سقطت ثلاثة صواريخ على قاعدة بلد في 3 آذار. وفي الأسبوع التالي استهدفت طائرة مسيرة مطار "
     "أربيل.",
     "2021-07-06", [dict(side="militia", country="Iraq", site_id="balad", date="2021-03-03"),
                    dict(side="militia", country="Iraq", site_id="erbil-airbase",
                         date="2021-03-10")]),
    ("a_day_after_an_announcement",    # "بعد يوم من إعلان": counted from no event
     "قصف صاروخي يستهدف قاعدة التنف\n"
     "تعرضت قاعدة التنف لقصف صاروخي، بعد يوم من إعلان واشنطن سحب قواتها. وأفاد مصدر اليوم "
     "الثلاثاء بأن صواريخ سقطت داخل القاعدة.",
     "2021-07-06", [dict(side="militia", country="Syria", site_id="al-tanf", date="2021-07-06")]),
    ("event_the_clause_follows_at_once",   # "وذلك عقب هجوم ... استهدف قاعدة يقيم فيها جنود"
     "أُسقطت طائرة مسيرة بالقرب من مقر السفارة الأمريكية في بغداد مساء أمس، وذلك عقب هجوم "
     "صاروخي استهدف قاعدة عسكرية يقيم فيها جنود أمريكيون غربي العراق.",
     "2021-07-06", [dict(side="militia", country="Iraq", site_id="us-embassy-baghdad",
                         date="2021-07-05", weapon="drone"),
                    dict(side="militia", country="Iraq", site_id=None, date="2021-07-05",
                         weapon="rocket")]),
    ("event_the_clause_follows_at_once_noun",
     "سقطت ثلاثة صواريخ على قاعدة عين الأسد اليوم، إثر استهداف رتل للتحالف بعبوة ناسفة في "
     "بابل.",
     "2021-07-06", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2021-07-06"),
                    dict(side="militia", country="Iraq", site_id="babil", date="2021-07-06",
                         weapon="ied")]),
    ("vehicle_carrying_group_leaders",  # "كان فيها قيادات في حركة «X»": X was the target
     "استهدف قصف بطائرة مسيرة مساء اليوم سيارة في منطقة المشتل ببغداد، كان فيها قيادات في "
     "حركة «كتائب حزب الله».",
     "2024-02-07", [dict(side="unattributed", country="Iraq", site_id="mashtal",
                         date="2024-02-07", weapon="drone_strike")]),  # no actor stated: unattributed (gold convention, session 10)
    ("vehicle_occupied_by_a_leader",   # "السيارة كان يستقلها قيادي في الحشد"
     "أكد مصدر أمني وقوع هجوم بطائرة مسيرة على سيارة في القائم اليوم، مضيفا أن السيارة كان "
     "يستقلها قيادي في الحشد الشعبي.",
     "2024-02-07", [dict(side="unattributed", country="Iraq", site_id="al-qaim",
                         weapon="drone_strike")]),  # no actor stated: unattributed (gold convention, session 10)
    ("quoted_officials_in_a_group",    # "استهدفت «مسؤولين» في كتائب «حزب الله»"
     "استهدفت الضربة اليوم «مسؤولين» في كتائب «حزب الله» داخل سيارة في جرف الصخر.",
     "2024-02-07", [dict(side="unattributed", country="Iraq", site_id="jurf-al-sakhar")]),  # no actor stated: unattributed (gold convention, session 10)
    ("a_leader_who_speaks_is_no_target",
     "قال قيادي في كتائب حزب الله اليوم إن الفصائل استهدفت قاعدة عين الأسد بطائرة مسيرة.",
     "2024-02-07", [dict(side="militia", country="Iraq", site_id="ain-al-asad", weapon="drone")]),
    ("dated_clause_continues_its_days_incident",   # not the undated aside told just before
     "سقطت عشرة صواريخ على قاعدة عين الأسد صباح اليوم. ويخشى مسؤولون تكرار ما حدث العام "
     "الماضي، وهي الهجمات التي اندلعت بسبب غارة جوية أمريكية بطائرة مسيرة قتلت قائدا عسكريا "
     "في بغداد. ولم تعلن أي جهة مسؤوليتها عن هجوم اليوم.",
     "2021-03-03", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2021-03-03")]),
    ("places_of_a_visit",              # "قبل يومين من زيارة ... إلى بغداد وأربيل"
     "قصفت طائرات أمريكية فجر اليوم مواقع في القائم، قبل يومين من زيارة رئيس الوزراء إلى "
     "بغداد وأربيل.",
     "2021-03-03", [dict(side="us", country="Iraq", site_id="al-qaim")]),
    ("weapon_of_its_own_stretch",      # "بعد ساعة على استهداف X، هاجمت مسيرات Y": Y's drones
     "تعرضت قاعدة حقل العمر لقصف اليوم. وبعد نحو ساعة على استهداف قاعدة حقل كونيكو، هاجم سرب "
     "من الطائرات المسيرة قاعدة حقل العمر.",
     "2024-02-12", [dict(side="militia", country="Syria", site_id="mss-green-village",
                         weapon="drone"),
                    dict(side="militia", country="Syria", site_id="mss-conoco",
                         weapon="unknown")]),
    ("weapon_after_a_list_of_sites",   # "قاعدة X وقاعدة Y، بطائرات مسيرة": both
     "استهدفت المقاومة الإسلامية اليوم قاعدة التنف وقاعدة الركبان، بطائرات مسيرة.",
     "2024-02-12", [dict(side="militia", country="Syria", site_id="al-tanf", weapon="drone"),
                    dict(side="militia", country="Syria", site_id="rukban", weapon="drone")]),
    ("since_a_dated_killing",          # "منذ مقتل ... بغارة أمريكية ... في الثالث من": its own event
     "سقط صاروخان اليوم قرب السفارة الأمريكية في بغداد. ويأتي الهجوم ضمن سلسلة هجمات منذ "
     "مقتل قائد فيلق القدس بغارة أمريكية بطائرة مسيرة قرب مطار بغداد في الثالث من كانون "
     "الثاني.",
     "2020-07-19", [dict(side="militia", country="Iraq", site_id="us-embassy-baghdad",
                         date="2020-07-19"),
                    dict(side="us", country="Iraq", site_id="baghdad-airport",
                         date="2020-01-03", weapon="drone_strike")]),
    ("since_a_dated_assassination",
     "سقط صاروخان اليوم قرب السفارة الأمريكية في بغداد، في سلسلة هجمات مستمرة منذ اغتيال "
     "قائد فيلق القدس بضربة أمريكية قرب مطار بغداد في 3 كانون الثاني.",
     "2020-07-19", [dict(side="militia", country="Iraq", site_id="us-embassy-baghdad",
                         date="2020-07-19"),
                    dict(side="us", country="Iraq", site_id="baghdad-airport",
                         date="2020-01-03")]),
    ("since_a_strike_without_a_day",   # "منذ ضربة أمريكية الشهر الماضي": a period, no event
     "سقط صاروخان اليوم على قاعدة عين الأسد، في أول هجوم منذ ضربة أمريكية الشهر الماضي.",
     "2020-07-19", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("revenge_for_a_killing",          # "انتقاماً لمقتل ... بعملية أميركية": another event
     "أكد الحرس الثوري الإيراني في بيان استهداف قاعدة عين الأسد فجر اليوم انتقاماً لمقتل قائد "
     "فيلق القدس بعملية أميركية يوم الجمعة الماضي في بغداد. وقالت الوكالة إن الهجوم يأتي "
     "انتقاماً لمقتل سليماني، موضحة أن الهجوم تم بصواريخ بالستية.",
     "2020-01-08", [dict(side="iran", country="Iraq", site_id="ain-al-asad", date="2020-01-08",
                         weapon="ballistic_missile"),
                    dict(side="us", country="Iraq", site_id="baghdad", date="2020-01-03",
                         weapon="airstrike")]),
    ("vengeance_for_a_strike",         # "ثأراً لمقتل ... بغارة أمريكية في القائم أمس"
     "سقطت ثلاثة صواريخ على قاعدة بلد اليوم ثأراً لمقتل قياديين في الحشد بغارة أمريكية في "
     "القائم أمس.",
     "2020-01-08", [dict(side="militia", country="Iraq", site_id="balad", date="2020-01-08"),
                    dict(side="us", country="Iraq", site_id="al-qaim", date="2020-01-07")]),
    ("losses_in_the_ranks_of",         # "في صفوف القوات الأمريكية في قصف استهدف": US hit
     "أصيب جنديان في صفوف القوات الأمريكية في قصف استهدف قاعدة التنف اليوم.",
     "2024-02-03", [dict(side="militia", country="Syria", site_id="al-tanf")]),
    ("losses_in_the_ranks_of_the_militia",
     "قتل ثلاثة مسلحين في صفوف الفصائل في غارة استهدفت مقرا في القائم اليوم.",
     "2024-02-03", [dict(side="unattributed", country="Iraq", site_id="al-qaim")]),  # no actor stated: unattributed (gold convention, session 10)
    ("drone_with_an_adjective_launched_missiles",   # "أطلقت طائرة أمريكية مسيرة صاروخين"
     "أطلقت طائرة أمريكية مسيرة صاروخين على سيارة في جرف الصخر اليوم.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar",
                         weapon="drone_strike")]),
    ("days_after_an_attack",           # "، بعد يومين من هجوم على X": X's attack, two days before
     "شنت القوات الأمريكية غارات على القائم اليوم، بعد يومين من هجوم على قاعدة عين الأسد.",
     "2019-12-30", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-30"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2019-12-28")]),
    ("days_after_an_attack_genitive",
     "جاءت الغارات الأمريكية على القائم اليوم بعد ستة أيام من هجوم البرج 22.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-02-03"),
                    dict(side="militia", country="Jordan", site_id="tower-22",
                         date="2024-01-28")]),
    ("object_of_a_generic_attack_noun",   # "قدرة الفصائل على تنفيذ هجمات ضد قوات التحالف"
     "شنت القوات الأمريكية أمس غارات على مقرات للفصائل في القائم، بعد يومين من هجوم صاروخي "
     "أدى إلى مقتل أمريكي في كركوك. وأوضح البيان أن الهجوم جاء لإضعاف قدرة الفصائل على تنفيذ "
     "هجمات ضد قوات التحالف، وأن القصف نفذ بواسطة طائرات مسيرة.",
     "2019-12-30", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-29",
                         weapon="drone_strike"),
                    dict(side="militia", country="Iraq", site_id="kirkuk", date="2019-12-27",
                         weapon="rocket")]),
    ("pluperfect_with_a_month_date",   # "وكانت القاعدة قد تعرضت ... مطلع الشهر": earlier
     "سقطت ثلاثة صواريخ اليوم على قاعدة عين الأسد. وكانت القاعدة قد تعرضت لهجوم بطائرة مسيرة "
     "مطلع الشهر الجاري.",
     "2024-02-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-20", weapon="rocket"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-01", weapon="drone")]),
    ("convoy_vehicle_of_the_coalition",   # "بعجلة تنقل معدات للتحالف": a supply vehicle hit
     "انفجرت عبوة ناسفة اليوم بعجلة تنقل معدات للتحالف الدولي على الطريق الدولي في الناصرية.",
     "2021-06-08", [dict(side="militia", country="Iraq", site_id=None, date="2021-06-08",
                         weapon="ied")]),
    ("platform_with_a_nationality",    # "استهدفت مروحية أمريكية سيارة": the platform's side
     "استهدفت مروحية أمريكية اليوم سيارة قرب البوكمال.",
     "2024-02-05", [dict(side="us", country="Syria", site_id="albukamal", weapon="helicopter")]),
    ("made_in_iran_is_no_side",        # "بطائرة مسيرة إيرانية الصنع": where it was made
     "أصيب خمسة جنود أمريكيين اليوم في هجوم بطائرة مسيرة إيرانية الصنع على قاعدة قرب الحسكة.",
     "2024-02-05", [dict(side="militia", country="Syria", site_id="hasakah", weapon="drone")]),
    ("us_base_subject_of_a_passive",   # "القاعدة الأمريكية في حقل العمر استُهدفت بطائرة"
     "أفاد مصدر بأن القاعدة الأمريكية في حقل العمر استهدفت بطائرة مسيرة فجر اليوم.",
     "2024-02-05", [dict(side="militia", country="Syria", site_id="mss-green-village",
                         weapon="drone")]),
    ("pluperfect_after_a_comma",       # "...، وكانت القاعدة قد تعرضت ... مطلع الشهر"
     "سقطت ثلاثة صواريخ اليوم على قاعدة عين الأسد، وكانت القاعدة قد تعرضت لهجوم مماثل مطلع "
     "الشهر الجاري.",
     "2024-02-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-20"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-01")]),
    ("items_of_a_dated_list",          # "... اليوم السبت الهجمات التالية:" / "- استهداف ..."
     "أعلنت المقاومة الإسلامية في العراق في بيانات منفصلة اليوم السبت تنفيذ الهجمات التالية:\n"
     "- استهداف قاعدة عين الأسد بالصواريخ.\n"
     "- استهداف قاعدة حرير بطائرة مسيرة.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-20", weapon="rocket"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20",
                         weapon="drone")]),
    ("items_of_a_numbered_list",
     "نشرت المقاومة الإسلامية في العراق مساء اليوم بيانا عن عملياتها، جاء فيه:\n"
     "1- استهداف قاعدة التنف بطائرة مسيرة.\n"
     "2- استهداف قاعدة الشدادي بطائرة مسيرة.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="al-tanf", date="2024-01-20"),
                    dict(side="militia", country="Syria", site_id="shaddadi",
                         date="2024-01-20")]),
    ("a_quoted_statement_after_a_colon",   # the speaker before the colon is not the subject
     "وقالت القيادة المركزية في بيان: \"نفذت القوات الأمريكية ضربة أحادية في بغداد مساء 7 "
     "فبراير\".",
     "2024-02-08", [dict(side="us", country="Iraq", site_id="baghdad", date="2024-02-07")]),
    ("no_place_no_country_is_no_draft",   # nothing to place a dataset row at
     "وفي نهاية الأسبوع الماضي، ضربت الولايات المتحدة أكثر من 80 هدفا لجماعات مسلحة.",
     "2024-02-08", []),
    # sixth session (coder8): recall, sites and dates
    ("month_date_at_a_far_base_is_another_incident",   # a day near Kirkuk, a month at Asad
     "أصيب جنود أمريكيون في هجوم صاروخي على قاعدة عسكرية قرب مدينة كركوك يوم الجمعة. "
     "وتعرضت قاعدة عين الأسد في الأنبار مطلع الشهر الجاري لقصف صاروخي.",
     "2019-12-28", [dict(side="militia", country="Iraq", site_id="kirkuk", date="2019-12-27"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2019-12-01")]),
    ("month_date_at_a_far_base_variant",
     "أصيب جنديان أمريكيان في هجوم بطائرة مسيرة على موقع عسكري قرب مدينة أربيل مساء الأحد. "
     "وتعرضت قاعدة عين الأسد غرب العراق مطلع الشهر الجاري لهجوم صاروخي.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="erbil", date="2024-01-21",
                         weapon="drone"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-01", weapon="rocket")]),
    ("month_date_at_the_base_near_the_town_is_the_same",   # guard: K-1 lies by Kirkuk
     "أصيب جنود أمريكيون في هجوم صاروخي على مدينة كركوك يوم الجمعة. وتعرضت قاعدة كي وان "
     "مطلع الشهر الجاري لقصف صاروخي.",
     "2019-12-28", [dict(side="militia", country="Iraq", site_id="k1", date="2019-12-27")]),
    ("dual_facility_noun_names_two_places",   # "حقلي العمر وكونيكو": the al-Omar field too
     "أعلنت المقاومة الإسلامية في العراق اليوم السبت أنها هاجمت بطائرات مسيرة قاعدتين "
     "أمريكيتين في حقلي العمر وكونيكو.",
     "2023-12-16", [dict(side="militia", country="Syria", site_id="mss-green-village",
                         date="2023-12-16", weapon="drone"),
                    dict(side="militia", country="Syria", site_id="mss-conoco",
                         date="2023-12-16", weapon="drone")]),
    ("dual_facility_noun_variant",
     "أعلنت فصائل مسلحة اليوم أنها قصفت قاعدتي عين الأسد وحرير بالصواريخ.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="ain-al-asad", weapon="rocket"),
                    dict(side="militia", country="Iraq", site_id="harir", weapon="rocket")]),
    ("the_base_is_the_attacked_one",   # "القاعدة": not a base named only in a description
     "سقطت صواريخ على قاعدة بلد الجوية اليوم الأحد. ويتقاسم الجيش العراقي والقوات الأمريكية "
     "القاعدة، بينما تتمركز معظم القوات الأمريكية في قاعدة عين الأسد. وهذا هو القصف الثاني "
     "الذي تتعرض له القاعدة بعد سقوط صاروخ قربها الخميس الماضي.",
     "2020-01-12", [dict(side="militia", country="Iraq", site_id="balad", date="2020-01-12"),
                    dict(side="militia", country="Iraq", site_id="balad", date="2020-01-09")]),
    ("the_base_is_the_attacked_one_pluperfect",
     "هاجمت فصائل مسلحة قاعدة حرير في أربيل بطائرة مسيرة مساء السبت. وتقع القاعدة بعيدا عن "
     "قاعدة عين الأسد التي تستضيف معظم الجنود الأمريكيين. وكانت القاعدة قد تعرضت لهجوم "
     "صاروخي يوم الثلاثاء الماضي.",
     "2024-01-21", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2024-01-16")]),
    ("us_contractor_killed_is_the_side_hit",   # no militia named: the US person hit
     "لقي متعاقد مدني أمريكي حتفه في هجوم على قاعدة عسكرية عراقية قرب مدينة كركوك مساء "
     "الجمعة.",
     "2019-12-28", [dict(side="militia", country="Iraq", site_id="kirkuk", date="2019-12-27")]),
    ("us_employee_killed_variant",
     "أسفر القصف الذي استهدف موقعا قرب مدينة أربيل مساء الاثنين عن مقتل موظف أمريكي.",
     "2021-02-16", [dict(side="militia", country="Iraq", site_id="erbil", date="2021-02-15")]),
    ("iraqi_civilian_killed_is_no_us_cue",   # guard: another nationality
     "قتل مدني عراقي في غارة على موقع لكتائب حزب الله في القائم فجر اليوم.",
     "2019-12-29", [dict(side="unattributed", country="Iraq", site_id="al-qaim",
                         date="2019-12-29")]),  # no actor stated: unattributed (gold convention, session 10)
    ("weekday_of_a_saying_dated_to_an_earlier_month",   # the Friday of December, not of Feb
     "وقال مسؤولون أمريكيون في كانون الأول الماضي إن متعاقدا مدنيا أمريكيا لقي حتفه في هجوم "
     "صاروخي على قاعدة كي وان الجمعة.",
     "2020-02-13", [dict(side="militia", country="Iraq", site_id="k1", date="2019-12-01")]),
    ("weekday_of_a_saying_dated_to_an_earlier_month_variant",
     "وأعلن البنتاغون في نوفمبر الماضي أن جنديين أمريكيين أصيبا في هجوم بطائرة مسيرة على "
     "قاعدة التنف السبت.",
     "2024-01-10", [dict(side="militia", country="Syria", site_id="al-tanf", date="2023-11-01")]),
    ("weekday_of_a_saying_this_month_is_a_day",   # guard: the saying's month is the current one
     "وقال مسؤولون أمريكيون في يناير الجاري إن جنديين أصيبا في هجوم بطائرة مسيرة على قاعدة "
     "التنف السبت.",
     "2024-01-10", [dict(side="militia", country="Syria", site_id="al-tanf", date="2024-01-06")]),
    ("direction_in_a_series_count_is_no_site",   # "... الثاني ... غربي العاصمة بغداد"
     "استهدفت عبوة ناسفة اليوم الأحد رتل دعم تابع للتحالف الدولي أثناء مروره في الطارمية. "
     "ويشار إلى أنه الاستهداف الثاني الذي يتعرض له رتل للتحالف غربي العاصمة بغداد.",
     "2022-01-09", [dict(side="militia", country="Iraq", site_id=None, date="2022-01-09",
                         weapon="ied")]),
    ("direction_in_a_series_count_variant",   # a known town off the gazetteer gives Iraq
     "انفجرت عبوة ناسفة اليوم الأحد على رتل للقوات الأمريكية في الطارمية. وهذا هو "
     "الاستهداف الثاني الذي يتعرض له رتل أمريكي شمالي العاصمة بغداد.",
     "2022-01-09", [dict(side="militia", country="Iraq", site_id=None, date="2022-01-09")]),
    ("direction_of_the_event_itself_is_its_place",   # guard: no series count, the city's east
     "استهدفت طائرة مسيرة أمريكية سيارة في شرق العاصمة بغداد مساء الأحد.",
     "2024-02-05", [dict(side="us", country="Iraq", site_id="baghdad", date="2024-02-04")]),
    ("a_response_is_an_action_of_the_responder",   # "ردت القوات الأمريكية على هجوم ..."
     "أعلن مسؤولان أمريكيان أن القوات الأمريكية ردت على هجوم صاروخي شنته فصائل مسلحة في "
     "سوريا اليوم الأربعاء.",
     "2022-08-24", [dict(side="militia", country="Syria", site_id=None, date="2022-08-24",
                         weapon="rocket"),
                    dict(side="us", country="Syria", site_id=None, date="2022-08-24")]),
    ("a_response_to_the_source_of_fire",   # counter-battery: the country of the site hit
     "ردت القوات الأمريكية مساء الاثنين على مصدر إطلاق الصواريخ التي استهدفت قاعدة عين الأسد.",
     "2023-10-24", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2023-10-23"),
                    dict(side="us", country="Iraq", site_id=None, date="2023-10-23")]),
    ("a_response_announced_is_no_action",   # guard: "سترد" (will respond)
     "استهدف هجوم بطائرة مسيرة قاعدة التنف أمس. وقال البنتاغون إن القوات الأمريكية سترد على "
     "الهجوم في الوقت المناسب.",
     "2023-10-24", [dict(side="militia", country="Syria", site_id="al-tanf", date="2023-10-23")]),
    ("a_response_told_with_a_strike_word_is_one_strike",   # guard: "ردت ... بغارات على"
     "ردت القوات الأمريكية فجر اليوم بغارات على مواقع لكتائب حزب الله في القائم.",
     "2019-12-29", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-29")]),
    ("attacks_a_strike_defends_against",   # "وتهدف هذه الضربات إلى حماية ... من هجمات ..."
     "شنت القوات الأمريكية غارات جوية في دير الزور بسوريا يوم الثلاثاء، وتهدف هذه الضربات إلى "
     "حماية القوات الأمريكية من هجمات مثل تلك التي وقعت في 15 آب ضد أفراد أمريكيين من قبل "
     "جماعات مدعومة من إيران.",
     "2022-08-24", [dict(side="us", country="Syria", site_id="deir-ez-zor", date="2022-08-23"),
                    dict(side="militia", country="Syria", site_id=None, date="2022-08-15")]),
    ("purpose_of_deterrence_is_no_event",   # guard: "بهدف ردع الفصائل عن مهاجمة قواتها"
     "نفذت القوات الأمريكية ضربة على مستودع أسلحة في البوكمال مساء الأحد، بهدف ردع الفصائل عن "
     "مهاجمة قواتها.",
     "2023-11-13", [dict(side="us", country="Syria", site_id="albukamal", date="2023-11-12")]),
    ("after_a_span_of_hours_from_an_earlier_event",   # "بعد أقل من 24 ساعة من إسقاط ..."
     "أسقطت الدفاعات الجوية طائرة مسيرة فوق قاعدة عين الأسد اليوم الأحد، وجاء الهجوم بعد أقل "
     "من 24 ساعة من إسقاط طائرتين مسيرتين مساء السبت قرب قاعدة حرير التي تستضيف قوات "
     "أمريكية.",
     "2023-12-31", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2023-12-31"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2023-12-30")]),
    ("after_a_span_of_days_from_an_earlier_event",
     "سقطت صواريخ على قاعدة التنف مساء الخميس، بعد أكثر من يومين من هجوم بطائرة مسيرة استهدف "
     "قاعدة الشدادي الثلاثاء.",
     "2024-01-05", [dict(side="militia", country="Syria", site_id="al-tanf", date="2024-01-04",
                         weapon="rocket"),
                    dict(side="militia", country="Syria", site_id="shaddadi", date="2024-01-02",
                         weapon="drone")]),
    ("subject_after_a_verb_with_its_object_pronoun",   # "المبنى الذي قصفته الطائرات ..."
     "أظهرت صور نشرت اليوم المبنى الذي قصفته الطائرات الأمريكية في القائم فجر اليوم.",
     "2024-01-24", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-01-24")]),
    ("subject_after_a_verb_with_its_object_pronoun_militia",   # "التي استهدفتها الفصائل"
     "تضررت قاعدة حرير التي استهدفتها الفصائل المسلحة بطائرة مسيرة مساء الأحد.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-21",
                         weapon="drone")]),
    ("subject_after_shannathu_with_a_noun_before",   # "بعد القصف الذي شنته المقاتلات ..."
     "وفي بابل، نقل جرحى إلى المستشفى بعد القصف الذي شنته المقاتلات الأمريكية ضد مواقع "
     "لكتائب حزب الله في جرف الصخر فجر اليوم.",
     "2024-01-24", [dict(side="us", country="Iraq", site_id="jurf-al-sakhar",
                         date="2024-01-24")]),
    ("an_ambiguous_name_in_a_list_of_places",   # '"الشدادي"، "الركبان" و"التنف"'
     'أعلنت المقاومة الإسلامية في العراق اليوم الأحد أنها هاجمت بالطائرات المسيرة ثلاث قواعد '
     'أمريكية في سوريا، هي "الشدادي"، "الركبان" و"التنف".',
     "2024-01-28", [dict(side="militia", country="Syria", site_id="shaddadi", weapon="drone"),
                    dict(side="militia", country="Syria", site_id="rukban", weapon="drone"),
                    dict(side="militia", country="Syria", site_id="al-tanf", weapon="drone")]),
    ("an_ambiguous_name_in_a_list_of_places_unquoted",
     "قصفت الفصائل بالطائرات المسيرة مساء السبت مواقع أمريكية في التنف، الركبان والشدادي.",
     "2024-01-28", [dict(side="militia", country="Syria", site_id="al-tanf", weapon="drone"),
                    dict(side="militia", country="Syria", site_id="rukban", weapon="drone"),
                    dict(side="militia", country="Syria", site_id="shaddadi", weapon="drone")]),
    ("a_weapon_before_a_list_of_places_arms_each",   # the comma of a list ends no stretch
     "هاجمت فصائل مسلحة بالصواريخ مساء الأحد قواعد أمريكية في حرير، عين الأسد، وفكتوريا.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="harir", weapon="rocket"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad", weapon="rocket"),
                    dict(side="militia", country="Iraq", site_id="baghdad-airport",
                         weapon="rocket")]),
    ("the_country_in_the_name_of_the_group_struck",   # "مقرات لكتائب حزب الله في العراق"
     "شنت الطائرات الأمريكية غارات على مقرات لكتائب حزب الله في العراق فجر اليوم.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id=None, date="2024-02-03")]),
    ("the_group_name_yields_to_a_named_place",   # guard: a place of its own
     "شنت الطائرات الأمريكية غارات على مقرات لكتائب حزب الله في العراق في منطقة القائم فجر "
     "اليوم.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-02-03")]),
    ("a_convoy_belonging_to_the_coalition",   # "رتل للدعم اللوجستي تابع للتحالف الدولي"
     "استهدف رتل للدعم اللوجستي تابع للتحالف الدولي بعبوة ناسفة على الطريق الدولي في قضاء "
     "الرطبة غرب الأنبار اليوم.",
     "2024-03-10", [dict(side="militia", country="Iraq", site_id=None, date="2024-03-10",
                         weapon="ied")]),
    ("a_convoy_belonging_to_a_company_is_no_us_target",   # guard
     "انفجرت عبوة ناسفة صباح اليوم على قافلة شاحنات مدنية تابعة لشركة نقل في قضاء الرطبة.",
     "2024-03-10", []),
    ("since_one_attack_dated_to_its_month",   # "منذ الهجوم الذي استهدف ... في كانون الثاني"
     "سقطت صواريخ على قاعدة عين الأسد اليوم، في أول هجوم منذ الهجوم الذي استهدف قاعدة حرير "
     "في كانون الثاني الماضي.",
     "2024-03-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-03-20"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2024-01-01")]),
    ("since_attacks_in_the_plural_open_a_period",   # guard: its place is no site of today's
     "سقطت صواريخ على قاعدة عين الأسد اليوم، في أول هجوم منذ الهجمات التي استهدفت قاعدة حرير "
     "في كانون الثاني الماضي.",
     "2024-03-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-03-20")]),
    ("since_the_start_of_attacks_opens_a_period",   # guard
     "سقطت صواريخ على قاعدة عين الأسد اليوم، في أول هجوم منذ بدء الهجوم على قاعدة حرير في "
     "تشرين الأول الماضي.",
     "2024-03-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-03-20")]),
    ("near_a_town_with_qariba_min",   # "في منطقة قريبة من القائم": a place cue
     "استهدفت طائرة مسيرة أمريكية سيارة في منطقة قريبة من القائم مساء الأحد.",
     "2024-03-04", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-03-03")]),
    ("near_a_town_with_qariba_min_variant",
     "قصفت طائرة مسيرة أمريكية سيارة في قرية قريبة من الميادين مساء الأحد.",
     "2024-03-04", [dict(side="us", country="Syria", site_id="mayadin", date="2024-03-03")]),
    ("a_base_north_of_the_capital_is_not_the_capital",   # direction from a city: reference
     "سقطت صواريخ على قاعدة تضم جنودا أمريكيين شمالي العاصمة بغداد مساء الأحد.",
     "2024-03-04", [dict(side="militia", country="Iraq", site_id=None, date="2024-03-03")]),
    ("a_camp_south_of_a_city_is_not_the_city",
     "تعرض معسكر يستضيف قوات التحالف جنوب مدينة أربيل لهجوم بطائرة مسيرة مساء الأحد.",
     "2024-03-04", [dict(side="militia", country="Iraq", site_id=None, date="2024-03-03",
                         weapon="drone")]),
    ("sites_east_of_a_city_stay_the_city",   # guard: "مواقع" may be districts of it
     "قصفت طائرات أمريكية مواقع للفصائل شرق مدينة دير الزور فجر اليوم.",
     "2024-03-04", [dict(side="us", country="Syria", site_id="deir-ez-zor", date="2024-03-04")]),
    ("a_named_base_north_of_a_city_is_the_base",   # guard: the chain of places decides
     "سقطت صواريخ على معسكر التاجي شمالي بغداد مساء الأحد.",
     "2024-03-04", [dict(side="militia", country="Iraq", site_id="camp-taji",
                         date="2024-03-03")]),
    ("the_attack_responded_to_is_the_other_sides_and_keeps_its_place",   # not a US draft
     "غارات أمريكية على العراق وسوريا\n"
     "ردت الولايات المتحدة فجر اليوم على الهجوم الذي أودى بحياة ثلاثة جنود في الأردن. وقال "
     "البيت الأبيض إن الضربات استهدفت 85 هدفا في سبعة مواقع.",
     "2024-02-03", [dict(side="us", country="Iraq", site_id=None, date="2024-02-03"),
                    dict(side="us", country="Syria", site_id=None, date="2024-02-03")]),
    ("a_response_with_its_strike_word_is_one_strike",   # guard: "ردت على الهجوم بضربات"
     "أعلنت واشنطن أنها ردت على الهجوم بضربات استهدفت منشأتين في شرق سوريا مساء الجمعة.",
     "2024-02-03", [dict(side="us", country="Syria", site_id=None, date="2024-02-02")]),
    ("a_reaction_noun_is_no_response_verb",   # guard: "في أول رد فعل على الهجوم"
     "أفادت مصادر اليوم السبت بتعرض قاعدة عين الأسد لاستهداف من قبل فصائل مسلحة، في أول رد "
     "فعل على الهجوم الأمريكي.",
     "2024-02-03", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-02-03")]),
    ("dual_noun_before_common_words_names_nothing",   # guard: "حقلي النفط والغاز"
     "قالت فصائل مسلحة إنها استهدفت مساء الأحد قاعدة عين الأسد بطائرات مسيرة، وهي قريبة من "
     "حقلي النفط والغاز.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-21")]),
    # coder9 (heldout6's failure classes)
    # Iran's own fire is missiles: a generic "صواريخ" fired by Iran is ballistic_missile
    ("iran_generic_missiles_are_ballistic",
     "قصفت إيران فجر الأربعاء بالصواريخ قاعدة عين الأسد التي تضم جنودا أمريكيين.",
     "2020-01-09", [dict(side="iran", country="Iraq", site_id="ain-al-asad",
                         date="2020-01-08", weapon="ballistic_missile")]),
    ("iran_generic_missiles_are_ballistic_variant",
     "استهدف الحرس الثوري الإيراني فجر الأحد بصواريخ قاعدة حرير التي تضم قوات أمريكية.",
     "2022-03-15", [dict(side="iran", country="Iraq", site_id="harir",
                         date="2022-03-13", weapon="ballistic_missile")]),
    ("militia_rockets_stay_rockets",   # guard: the militias' rockets are not re-classed
     "أطلقت فصائل مسلحة يوم الأحد صواريخ على قاعدة عين الأسد.",
     "2022-03-15", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2022-03-13", weapon="rocket")]),
    # a convoy IED told with the dual ("انفجار عبوتين ناسفتين") is an IED attack
    ("dual_ied_on_a_convoy",
     "أفادت الشرطة بانفجار عبوتين ناسفتين على رتل ينقل معدات للقوات الأمريكية في محافظة "
     "بابل مساء الاثنين دون خسائر.",
     "2021-05-11", [dict(side="militia", country="Iraq", site_id="babil", date="2021-05-10",
                         weapon="ied")]),
    ("dual_ied_variant_nominative",
     "انفجرت عبوتان ناسفتان لدى مرور رتل دعم لوجستي للتحالف الدولي في محافظة بابل صباح "
     "الاثنين.",
     "2021-05-11", [dict(side="militia", country="Iraq", site_id="babil", date="2021-05-10",
                         weapon="ied")]),
    ("dual_ied_on_a_market_is_no_incident",   # guard: no US or coalition target
     "أفادت الشرطة بانفجار عبوتين ناسفتين في سوق شعبي بمحافظة بابل مساء الاثنين.",
     "2021-05-11", []),
    # weapons of different types in one phrase are mixed, not the first or the most specific
    ("ballistic_and_plain_rockets_are_mixed",
     "أصيب جنديان أمريكيان يوم السبت بعد تعرض قاعدة عين الأسد لصواريخ باليستية وصواريخ "
     "أطلقتها فصائل مسلحة.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-20", weapon="mixed")]),
    ("mortars_and_drones_are_mixed",
     "هاجمت فصائل مسلحة مساء السبت قاعدة حرير بقذائف الهاون وطائرات مسيرة.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="harir",
                         date="2024-01-20", weapon="mixed")]),
    ("ballistic_missiles_alone_stay_ballistic",   # guard: one type, two words for it
     "تعرضت قاعدة عين الأسد يوم السبت لهجوم صاروخي بعدة صواريخ باليستية أطلقتها فصائل مسلحة.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-20", weapon="ballistic_missile")]),
    # a weapon named as what a strike hit ("قدرات الطائرات المسيرة") is not its platform
    ("strike_on_drone_capabilities_is_an_air_strike",
     "شنت القوات الأمريكية فجر اليوم غارات على مواقع في العراق، وقالت إنها استهدفت مخازن "
     "للصواريخ وقدرات خاصة بالطائرات المسيرة لفصائل مسلحة.",
     "2024-01-24", [dict(side="us", country="Iraq", site_id=None, date="2024-01-24",
                         weapon="airstrike")]),
    ("a_drone_strike_on_a_training_site_stays_a_drone_strike",   # guard: the platform
     "قصفت طائرة مسيرة أمريكية فجر اليوم موقع تدريب لفصائل مسلحة قرب القائم.",
     "2024-01-24", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-01-24",
                         weapon="drone_strike")]),
    # relative dates with an approximation word ("قبل نحو شهرين", "بعد حوالى شهرين من")
    ("about_two_months_before_is_dated",
     "تعرضت قاعدة حرير مساء الاثنين لهجوم بطائرة مسيرة. وكانت القاعدة قد تعرضت لهجوم مماثل "
     "قبل نحو شهرين.",
     "2024-03-20", [dict(side="militia", country="Iraq", site_id="harir", date="2024-03-18"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2024-01-01")]),
    ("about_two_months_after_an_earlier_attack",
     "تعرضت قاعدة حرير مساء الاثنين لهجوم بطائرة مسيرة، بعد حوالى شهرين من هجوم صاروخي "
     "استهدف قاعدة عين الأسد.",
     "2024-03-20", [dict(side="militia", country="Iraq", site_id="harir", date="2024-03-18"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-01")]),
    ("two_days_before_stays_exact",   # guard: no approximation word, a day
     "أعلنت فصائل مسلحة أنها استهدفت قاعدة عين الأسد قبل يومين بطائرة مسيرة.",
     "2024-03-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-03-18")]),
    # "جاءت الغارات بعد يومين من مقتل جندي في هجوم": the deadly attack is the earlier event
    ("after_two_days_from_a_death_in_an_attack",
     "نفذت القوات الأمريكية مساء الأحد غارات على مواقع لكتائب حزب الله في القائم. وجاءت هذه "
     "الغارات بعد يومين من مقتل جندي أمريكي في هجوم صاروخي استهدف قاعدة عسكرية في كركوك.",
     "2019-12-30", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-29"),
                    dict(side="militia", country="Iraq", site_id="kirkuk", date="2019-12-27")]),
    ("after_two_days_from_a_soldiers_death_variant",
     "قصفت طائرات أمريكية مساء الأحد مواقع لكتائب حزب الله في القائم. وجاءت الضربات بعد يومين "
     "من مصرع جندي أمريكي في هجوم بالصواريخ استهدف قاعدة عين الأسد.",
     "2019-12-30", [dict(side="us", country="Iraq", site_id="al-qaim", date="2019-12-29"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2019-12-27")]),
    # dual verbs ("طائرتان هاجمتا", "استهدفتا", "قصفتا") are attack verbs too
    ("dual_verb_drones_attacked",
     "قالت مصادر أمنية إن طائرتين مسيرتين هاجمتا قاعدة حرير مساء السبت.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20",
                         weapon="drone")]),
    ("dual_verb_drones_targeted",
     "قالت مصادر أمنية إن طائرتين مسيرتين استهدفتا قاعدة عين الأسد مساء السبت.",
     "2024-01-22", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2024-01-20", weapon="drone")]),
    ("dual_verb_us_jets_struck",
     "قالت مصادر إن مقاتلتين أمريكيتين قصفتا مواقع لكتائب حزب الله في القائم مساء السبت.",
     "2024-01-22", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-01-20")]),
    # "بيان منسوب لـ X يؤكد استهداف ...": X acted (its statement confirms the attack)
    ("statement_attributed_to_iran_confirms",
     "بيان منسوب للحرس الثوري الإيراني يؤكد استهداف قاعدة عين الأسد فجر اليوم.",
     "2020-01-08", [dict(side="iran", country="Iraq", site_id="ain-al-asad",
                         date="2020-01-08")]),
    ("statement_of_us_forces_confirms_a_strike",
     "بيان صادر عن القوات الأمريكية يؤكد قصف مواقع لكتائب حزب الله في القائم فجر اليوم.",
     "2020-01-08", [dict(side="us", country="Iraq", site_id="al-qaim", date="2020-01-08")]),
    ("statement_condemning_names_no_attacker",   # guard: a condemnation is no claim
     "بيان للحرس الثوري الإيراني يدين استهداف قاعدة عين الأسد فجر اليوم.",
     "2020-01-08", [dict(side="militia", country="Iraq", site_id="ain-al-asad",
                         date="2020-01-08")]),
    # coder10 (heldout6's classes, generalised). A full stop typed apart from its words
    # (a space before it, or none after it) before a conjoined list item continues the list
    ("stray_stop_space_before_list_item",
     "أعلنت فصائل المقاومة أنها هاجمت اليوم السبت بالطائرات المسيرة . وقاعدة عين الأسد، "
     "وقاعدة حرير.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2024-01-20"),
                    dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20")]),
    ("stray_stop_no_space_after_quote",
     "قالت المقاومة الإسلامية في العراق إنها استهدفت اليوم بالصواريخ قاعدتين أمريكيتين، هما "
     "قاعدة عين الأسد\".وقاعدة التنف.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad"),
                    dict(side="militia", country="Syria", site_id="al-tanf")]),
    ("stray_stop_before_a_number_of_bases",
     "هاجمت الفصائل المسلحة صباح اليوم بالمسيرات.وثلاث قواعد في سوريا، هي الشدادي والتنف "
     "وحقل العمر.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="al-tanf"),
                    dict(side="militia", country="Syria", site_id="mss-green-village"),
                    dict(side="militia", country="Syria", site_id="shaddadi")]),
    ("stray_stop_with_tatweel",
     "أعلنت المقاومة الإسلامية أنها هاجمـت اليوم بالطائرات المسيرة قواعد الاحتلال .وقاعدة "
     "التنف، وقاعدة الركبان.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="al-tanf"),
                    dict(side="militia", country="Syria", site_id="rukban")]),
    ("regular_stop_before_a_base_ends_the_sentence",   # guard
     "استهدفت المقاومة الإسلامية اليوم قاعدة عين الأسد بطائرة مسيرة. وقاعدة حرير تضم جنودا "
     "أمريكيين منذ سنوات.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("decimal_and_run_on_stop_guards",   # guard: a decimal; a stop before a verb
     "قصفت طائرات أمريكية اليوم مواقع في القائم على بعد 3.5 كيلومترات من الحدود.وقال "
     "المتحدث إن الضربات جاءت ردا على هجمات.",
     "2024-01-20", [dict(side="us", country="Iraq", site_id="al-qaim")]),
    # a reason clause ends at a comma before an attack verb, also inside a quotation
    ("reason_after_another_phrase_ends_at_comma_before_verb",
     "وقال الفصيل في بيانه: \"نصرة لأهلنا في غزة، ورداً على جرائم الاحتلال بحق المدنيين، "
     "هاجم مجاهدونا اليوم بالطائرات المسيرة . وقاعدة عين الأسد\".",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("reason_then_qamat_bi",
     "وثأراً لدماء الشهداء، قامت المقاومة الإسلامية فجر اليوم بقصف قاعدة حرير بالصواريخ.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="harir")]),
    # a US-hosted facility described before an undiacritised passive verb with "بـ + weapon"
    # and no object: the facility was hit (its place words, time words may stand between)
    ("passive_after_described_base",
     "قاعدة عين الأسد الجوية في محافظة الأنبار غربي العراق استهدفت اليوم بعدة صواريخ بحسب "
     "مصدر أمني.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2024-01-20")]),
    ("passive_qusifat_after_described_airport",
     "القاعدة الجوية في مطار أربيل بإقليم كردستان العراق قصفت فجر اليوم بطائرتين مسيرتين.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="erbil-airbase")]),
    ("passive_masculine_field",
     "حقل كونيكو للغاز في ريف دير الزور الشرقي هوجم مساء اليوم بطائرات مسيرة، وفق مصادر "
     "محلية.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="mss-conoco")]),
    ("passive_dual_fields",
     "حقلا العمر وكونيكو في ريف دير الزور الشرقي استهدفا مساء اليوم بعدة قذائف صاروخية.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="mss-conoco"),
                    dict(side="militia", country="Syria", site_id="mss-green-village")]),
    ("passive_forces_at_a_base",
     "القوات الأمريكية المنتشرة في قاعدة الشدادي بريف الحسكة استهدفت فجر اليوم بثلاث طائرات "
     "مسيرة.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="shaddadi")]),
    ("passive_without_hamza_and_taa_marbuta",
     "قاعدة الحرير في محافظة اربيل استهدفت اليوم بطائره مسيره مفخخه، حسب مصدر امني.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="harir")]),
    ("active_verb_with_object_after_the_weapon",   # guard: US forces fired at militia sites
     "القوات الأمريكية المتمركزة في قاعدة التنف استهدفت اليوم بصواريخ هيمارس مواقع لفصائل "
     "موالية لإيران قرب البوكمال.",
     "2024-01-20", [dict(side="us", country="Syria", site_id="albukamal")]),
    # "X وY على التوالي": the second member of a "respectively" pair is a place too
    ("respectively_pair",
     "قال البنتاغون إن المقاتلات الأمريكية قصفت الليلة الماضية مخزنا للأسلحة ومقرا للقيادة "
     "قرب البوكمال والميادين على التوالي.",
     "2024-01-20", [dict(side="us", country="Syria", site_id="albukamal"),
                    dict(side="us", country="Syria", site_id="mayadin")]),
    ("respectively_pair_dual_cities_reversed",
     "قال الجيش الأمريكي إن مقاتلاته قصفت فجر اليوم مخزن أسلحة ومقرا في مدينتي الميادين "
     "والبوكمال على التوالي.",
     "2024-01-20", [dict(side="us", country="Syria", site_id="albukamal"),
                    dict(side="us", country="Syria", site_id="mayadin")]),
    ("channel_name_is_no_place",   # guard: "قناة الميادين عن ..." names the channel
     "قصفت طائرات أمريكية اليوم مواقع في البوكمال، حسبما نقلت قناة الميادين عن مصادر محلية.",
     "2024-01-20", [dict(side="us", country="Syria", site_id="albukamal")]),
    # governorates placed by their direction from a city: each governorate is a site of
    # its own, the city a reference point; a convoy carrying supplies for the coalition
    ("convoy_ieds_in_two_governorates_south_of_a_city",
     "انفجرت عبوتان ناسفتان اليوم برتلين ينقلان معدات للتحالف الدولي في محافظتي بابل "
     "والديوانية جنوب العاصمة بغداد.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="babil", weapon="ied"),
                    dict(side="militia", country="Iraq", site_id=None, weapon="ied")]),
    ("convoy_ied_in_one_governorate",
     "انفجرت عبوة ناسفة اليوم برتل ينقل معدات للتحالف الدولي في محافظة الديوانية جنوبي بغداد.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id=None, weapon="ied")]),
    ("convoy_ieds_two_governorates_without_a_site",
     "انفجرت عبوتان ناسفتان صباح اليوم بقافلتين تحملان معدات لقوات التحالف في محافظتي ذي قار "
     "والمثنى جنوبي العراق.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id=None),
                    dict(side="militia", country="Iraq", site_id=None)]),
    # an incident told without a place, continuing the one before or a US strike on named
    # people, lies in the report's one country
    ("continuation_in_the_reports_one_country",
     "قصفت الفصائل اليوم بالصواريخ قاعدة التنف في سوريا. وفي أواخر الشهر الماضي، أقرت "
     "واشنطن بإصابة جنديين بعد تعرض موقعين لها للقصف بالطائرات المسيرة.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="al-tanf", date="2024-01-20"),
                    dict(side="militia", country="Syria", site_id=None, date="2023-12-01")]),
    ("continuation_with_two_countries_stays_unplaced",   # guard
     "قصفت الفصائل اليوم بالصواريخ قاعدة التنف في سوريا وقاعدة عين الأسد في العراق. وفي "
     "أواخر الشهر الماضي، أقرت واشنطن بإصابة جنديين بعد تعرض موقعين لها للقصف بالطائرات "
     "المسيرة.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad"),
                    dict(side="militia", country="Syria", site_id="al-tanf")]),
    ("us_strike_on_named_leaders_without_a_place",
     "سقطت صواريخ اليوم على قاعدة عين الأسد في العراق. وكانت واشنطن قد استهدفت قائدا في "
     "الحرس الثوري ونائب رئيس الحشد الشعبي بطائرة مسيرة فجر الجمعة الماضي.",
     "2020-01-08", [dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2020-01-08"),
                    dict(side="us", country="Iraq", site_id=None, date="2020-01-03")]),
    # a facility noun with the article refers to the facility of that kind named before
    ("the_airport_is_the_airport_named_before",
     "سقط صاروخان مساء اليوم على مطار أربيل الدولي. ويأتي الهجوم بعد نحو شهرين من هجوم "
     "مماثل استهدف مجمعا عسكريا في المطار، تتمركز فيه قوات أجنبية في العراق.",
     "2021-04-14", [dict(side="militia", country="Iraq", site_id="erbil-airbase", date="2021-04-14"),
                    dict(side="militia", country="Iraq", site_id="erbil-airbase",
                         date="2021-02-01")]),
    ("the_camp_is_the_camp_named_before",
     "تعرض معسكر التاجي شمالي بغداد صباح اليوم لقصف صاروخي. ومساء الأربعاء، قتل جنديان "
     "أمريكيان عندما تعرض المعسكر لهجوم صاروخي هو الأعنف على القوات الأمريكية في العراق.",
     "2020-03-14", [dict(side="militia", country="Iraq", site_id="camp-taji", date="2020-03-14"),
                    dict(side="militia", country="Iraq", site_id="camp-taji", date="2020-03-11")]),
    ("the_air_base_with_its_country_named",
     "تعرضت قاعدة عين الأسد صباح اليوم لقصف بالصواريخ. وفي الأول من الشهر الجاري، أصيب جندي "
     "أمريكي عندما تعرضت القاعدة الجوية لهجوم بطائرة مسيرة في العراق.",
     "2020-03-14", [dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2020-03-14"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2020-03-01")]),
    ("the_base_in_another_country_is_not_the_one_named",   # guard
     "تعرضت قاعدة التنف في سوريا اليوم لهجوم بطائرة مسيرة. وفي الأسبوع الماضي، تعرضت القاعدة "
     "الجوية في الأردن لهجوم مماثل.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="al-tanf"),
                    dict(side="militia", country="Jordan", site_id=None)]),
    ("a_road_named_after_the_airport_is_no_referent",   # guard
     "سقط صاروخ اليوم على مطار أربيل دون خسائر. وفي الشهر الماضي، قتلت طائرة مسيرة أمريكية "
     "قياديين في كتائب حزب الله بصاروخ على سيارتهم قرب طريق المطار.",
     "2024-09-20", [dict(side="militia", country="Iraq", site_id="erbil-airbase"),
                    dict(side="us", country="Iraq", site_id=None, date="2024-08-01")]),
    # "هجوم مماثل" in a clause opened by "بعد": an earlier attack of the same side
    ("similar_attack_is_the_same_sides",
     "سقطت ثلاثة صواريخ اليوم على قاعدة حرير. ويأتي ذلك بعد أسبوع من هجوم مشابه على قاعدة "
     "عين الأسد.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2024-01-13")]),
    ("attack_answered_by_a_strike_is_the_other_sides",   # guard
     "قصفت طائرات أمريكية اليوم مواقع للفصائل في القائم، بعد يومين من هجوم بطائرة مسيرة على "
     "قاعدة عين الأسد.",
     "2021-04-14", [dict(side="us", country="Iraq", site_id="al-qaim", date="2021-04-14"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2021-04-12")]),
    # an interception of a rocket in the accusative ("صاروخاً", "صاروخان")
    ("interception_of_a_rocket_accusative",
     "اعترضت منظومة الدفاع الجوي صاروخا أطلق اليوم على السفارة الأمريكية في بغداد.",
     "2021-12-19", [dict(side="militia", country="Iraq", site_id="us-embassy-baghdad")]),
    # a facility the report later identifies by its name ("تعرف باسم", "المعروفة بـ")
    ("unnamed_base_identified_later_by_name",
     "هاجمت طائرة مسيرة اليوم قاعدة أمريكية صغيرة في شمال شرق الأردن قرب الحدود السورية، "
     "ما أدى إلى إصابة جنود. وقال مسؤولون إن الموقع منشأة عسكرية تعرف باسم البرج 22.",
     "2024-01-28", [dict(side="militia", country="Jordan", site_id="tower-22")]),
    ("unnamed_base_identified_as_known_by",
     "قصفت فصائل مسلحة فجر اليوم بالصواريخ قاعدة عسكرية في محافظة الأنبار يتمركز فيها جنود "
     "أمريكيون. والقاعدة هي المعروفة باسم عين الأسد.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("a_name_of_another_country_identifies_nothing",   # guard
     "هاجمت طائرة مسيرة اليوم قاعدة أمريكية صغيرة في شمال شرق الأردن قرب الحدود السورية. "
     "وتقع قربها قاعدة أخرى في سوريا تعرف باسم قاعدة التنف.",
     "2024-01-28", [dict(side="militia", country="Jordan", site_id=None)]),
    # a killing by a platform or a missile is an event ("مقتل ... عن طريق طائرة مسيرة
    # أمريكية", "قتل ... بواسطة", "بطائرة مسيرة"), its side from the cues around it
    ("killing_by_a_us_drone_an_iqaf_phrase",
     "أعلنت القيادة المركزية الأمريكية مقتل 5 مسلحين وتدمير طائرة مسيرة في العراق عن طريق "
     "طائرة مسيرة أمريكية قرب كركوك أمس.",
     "2023-12-06", [dict(side="us", country="Iraq", site_id="kirkuk", date="2023-12-05")]),
    ("killing_by_a_us_drone_bi",
     "أعلن الجيش الأمريكي مقتل خمسة مسلحين بطائرة مسيرة أمريكية قرب كركوك أمس.",
     "2023-12-06", [dict(side="us", country="Iraq", site_id="kirkuk", date="2023-12-05")]),
    ("killed_by_means_of_a_us_drone_passive",
     "قتل خمسة مسلحين أمس بواسطة طائرة مسيرة أمريكية قرب كركوك.",
     "2023-12-06", [dict(side="us", country="Iraq", site_id="kirkuk", date="2023-12-05")]),
    ("killing_in_an_accident_is_no_event",   # guard
     "أعلن الجيش الأمريكي مقتل جنديين في حادث سير قرب قاعدة عين الأسد أمس.",
     "2023-12-06", []),
    # a sentence without an attack word that posts the incident's people at a facility
    # (any agreement: "والجنديان يخدمان في"), or a bare "القاعدة" in the attack sentence
    # that refers to the base the sentence before described
    ("people_posted_at_a_base_dual",
     "أصيب جنديان أمريكيان اليوم في هجوم صاروخي في العراق. والجنديان يخدمان في قاعدة عين "
     "الأسد الجوية.",
     "2024-01-28", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("the_base_described_in_the_sentence_before",
     "يتمركز مئات الجنود الأمريكيين في قاعدة حرير شمالي أربيل. وقد تعرضت القاعدة فجر اليوم "
     "لهجوم بطائرتين مسيرتين.",
     "2024-01-28", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-28")]),
    ("troops_at_another_base_do_not_move_the_attack",   # guard
     "سقطت ثلاثة صواريخ اليوم على قاعدة عين الأسد. ويتمركز جنود أمريكيون أيضا في قاعدة حرير "
     "شمالي أربيل.",
     "2024-01-28", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    # spellings of a gazetteer name (data/raw/gazetteer.csv, aliases_ar)
    ("kharab_al_jir_spelled_kharb",
     "أعلنت المقاومة الإسلامية في العراق أنها استهدفت اليوم بالطائرات المسيرة قاعدة خرب الجير "
     "في سوريا.",
     "2024-01-14", [dict(side="militia", country="Syria", site_id="kharab-al-jir")]),
    # a shootdown with its subject and a time between the verb and the drone
    ("shootdown_with_subject_and_time_between",
     "أسقطت الدفاعات الجوية فجر اليوم طائرة مسيرة كانت متجهة نحو قاعدة حرير شمالي أربيل.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20")]),
    ("shootdown_in_an_answered_clause_keeps_both_bases",   # guard
     "شنت القوات الأمريكية اليوم غارات على مواقع في البوكمال، بعد هجومين على قاعدتي كونيكو "
     "والشدادي مساء أمس، حيث أسقطت الدفاعات الجوية لـ\"التحالف الدولي\" طائرتين مسيرتين.",
     "2024-11-13", [dict(side="us", country="Syria", site_id="albukamal", date="2024-11-13"),
                    dict(side="militia", country="Syria", site_id="mss-conoco", date="2024-11-12"),
                    dict(side="militia", country="Syria", site_id="shaddadi", date="2024-11-12")]),
    ("respectively_tarteeb_after_mayadin",
     "قالت القيادة المركزية إن الطائرات الأمريكية ضربت أمس مركزين في البوكمال والميادين على "
     "الترتيب.",
     "2024-01-14", [dict(side="us", country="Syria", site_id="albukamal"),
                    dict(side="us", country="Syria", site_id="mayadin")]),
    ("passive_with_full_diacritics",
     "قاعِدَةُ عَيْنِ الأَسَد فِي الأنْبار اسْتُهْدِفَتْ اليَوْمَ بِطائِرَةٍ مُسَيَّرَة.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    # the assassination verb ("اغتالت واشنطن قائداً في ...") as a strike on named people
    ("assassination_verb_of_a_leader",
     "قصفت طائرات أمريكية اليوم مواقع لكتائب حزب الله في القائم. وكانت واشنطن قد اغتالت "
     "قائدا في حركة النجباء الشهر الماضي.",
     "2024-02-05", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-02-05"),
                    dict(side="us", country="Iraq", site_id=None, date="2024-01-01")]),
    ("a_tally_of_targets_stays_undrafted",   # guard
     "قصفت طائرات أمريكية اليوم مواقع لكتائب حزب الله في القائم. وقال البنتاغون إن الولايات "
     "المتحدة ضربت أكثر من 80 هدفا لجماعات مسلحة نهاية الأسبوع الماضي.",
     "2024-02-05", [dict(side="us", country="Iraq", site_id="al-qaim")]),
    # an effect at a facility, then its cause ("إثر/جراء هجوم"): one event, at that facility
    ("effect_at_a_base_then_its_cause",
     "سمع دوي انفجارات قوية في قاعدة حرير اليوم إثر هجوم بطائرات مسيرة.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20")]),
    ("fire_at_a_field_then_its_cause",
     "اندلع حريق في حقل كونيكو بريف دير الزور اليوم جراء قصف صاروخي.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="mss-conoco")]),
    ("a_strike_after_an_attack_stays_two_events",   # guard
     "قصفت طائرات أمريكية اليوم مواقع في القائم إثر هجوم على قاعدة عين الأسد أمس.",
     "2024-01-20", [dict(side="us", country="Iraq", site_id="al-qaim", date="2024-01-20"),
                    dict(side="militia", country="Iraq", site_id="ain-al-asad", date="2024-01-19")]),
    # present-tense dual and plural attack verbs ("طائرتان مسيرتان تستهدفان ...")
    ("present_dual_verb_of_two_drones",
     "طائرتان مسيرتان تستهدفان قاعدة التنف اليوم.",
     "2024-01-20", [dict(side="militia", country="Syria", site_id="al-tanf")]),
    # an undated attack right after "إثر/عقب" in a sentence that tells no other event takes
    # the sentence's day (the closure's place is not the attack's)
    ("closure_after_an_attack_dates_the_attack",
     "أغلقت السلطات مطار أربيل اليوم إثر هجوم بطائرة مسيرة على قاعدة حرير.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="harir", date="2024-01-20")]),
    ("flights_halted_after_rockets_on_a_base",
     "علقت الرحلات في مطار بغداد مساء أمس عقب سقوط صواريخ على قاعدة فكتوريا.",
     "2024-01-20", [dict(side="militia", country="Iraq", site_id="baghdad-airport",
                         date="2024-01-19")]),
    # Iran's own missiles named by the definite adjective on the missiles, or by a verbal
    # noun whose pronoun is the Revolutionary Guard after "أعلن" (coder12)
    ("definite_iranian_missiles_are_iran",
     "قال مسؤول إن أحد الصواريخ الإيرانية التي ضربت قاعدة عين الأسد فجر اليوم لم ينفجر.",
     "2020-01-08", [dict(side="iran", country="Iraq", site_id="ain-al-asad",
                         weapon="ballistic_missile")]),
    ("definite_iranian_missiles_with_clitic",
     "تعرضت قاعدة حرير فجر الأحد لهجوم بالصواريخ الايرانية دون خسائر.",
     "2022-03-13", [dict(side="iran", country="Iraq", site_id="harir", date="2022-03-13")]),
    ("irgc_announced_its_own_strike",
     "وأعلن الحرس الثوري، مساء اليوم، قصفه قاعدة حرير بصواريخ بالستية.",
     "2022-03-13", [dict(side="iran", country="Iraq", site_id="harir")]),
    ("group_announced_its_own_strike_stays_militia",
     "أعلنت المقاومة الإسلامية في العراق، مساء اليوم، استهدافها قاعدة حرير بطائرة مسيرة.",
     "2023-11-01", [dict(side="militia", country="Iraq", site_id="harir")]),
    ("indefinite_iranian_missiles_are_a_kind",   # "بصواريخ إيرانية": militias fire them too
     "تعرضت قاعدة عين الأسد التي تضم قوات أمريكية اليوم لهجوم بصواريخ إيرانية من نوع جديد.",
     "2023-11-01", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("claimed_attack_with_the_iranian_missiles_stays_militia",
     "أعلنت كتائب حزب الله استهداف قاعدة عين الأسد اليوم بالصواريخ الإيرانية.",
     "2023-11-01", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
    ("iranian_made_missiles_stay_militia",
     "هاجمت فصائل موالية لإيران قاعدة عين الأسد اليوم بالصواريخ الإيرانية الصنع.",
     "2023-11-01", [dict(side="militia", country="Iraq", site_id="ain-al-asad")]),
]


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_pattern(name, text, published, expected):
    got = _drafts(text, published)
    assert sorted(map(_key, got), key=str) == sorted(map(_key, expected), key=str), got
    for e in expected:
        g = next(g for g in got if _key(g) == _key(e)
                 and all(g[f] == e[f] for f in ("date",) if f in e))
        for f in ("date", "weapon"):
            if f in e:
                assert g[f] == e[f], (f, g)


def test_the_stages_compose_to_code_report():
    """text -> Document -> Mentions -> frames -> incidents -> drafts, each stage a function
    with explicit inputs; composed by hand they give what code_report gives."""
    from analysis.coding.extract import (Document, Mentions, build_frames, cluster_frames,
                                         draft_incidents, find_mentions, read_report)
    name, text, published, _ = CASES[0]
    doc = read_report(text, published)
    assert isinstance(doc, Document) and doc.reason is None and doc.sents
    m = find_mentions(doc)
    assert isinstance(m, Mentions) and m.triggers and m.reference == pd.Timestamp(published).date()
    frames = build_frames(doc, m)
    incidents = cluster_frames(doc, m, frames)
    assert len(incidents) >= 1
    d = draft_incidents(doc, m, incidents)
    ref = code_report(text, published=published)
    pd.testing.assert_frame_equal(d, ref)
    assert read_report("", None).reason.startswith("empty text")



def test_one_draft_per_side_site_and_day():
    """The dataset codes one incident per side, site and local day: however the clauses
    cluster, no two incidents of a report are drafted at the same (strikes the report tells
    as separate ones on localities of one area are the exception, see test_coding_sites)."""
    for name, text, published, _ in CASES:
        d = code_report(text, published=published)
        d = d[d["site_id"].notna()]
        per = d.groupby(["side", "date", "country", "site_id"])["incident_id"].nunique()
        assert (per <= 1).all(), (name, per[per > 1])
