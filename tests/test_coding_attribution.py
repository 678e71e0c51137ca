"""An actor the text does not state is not inferred (issue 14, coder20;
``analysis.coding.attribution``): a strike on the militias whose report names no actor is
drafted ``unattributed``, even where the context (a US campaign, threats against the US,
an anniversary, US strikes elsewhere) points to the US; a strike the report attributes to
the US (its subject, a nationality adjective, an accusation, a belief, an official, the
headline, an earlier sentence about the same day's strike) stays ``us``. Sentences written
for these tests (none is copied from an article), each construction in the variants
another outlet would use, with guards against over-reach."""

import pytest

from test_coding_scope import U, _drafts, _key
from test_coding_scope import test_acting_side_and_place as _check_drafts


def S(country, site=None, date=None):
    return U(country, site, date, side="us")


P = "2024-03-10"      # a Sunday
UNSTATED = [
    # -- no actor in the text: the passive, a drone "that targeted a car", air strikes with
    # no subject, nobody claiming it ----------------------------------------------------------
    ("passive_killed_by_an_air_strike",
     "قتل قيادي في كتائب حزب الله بضربة جوية استهدفت سيارته في بغداد مساء اليوم.",
     P, [U("Iraq", "baghdad", P)]),
    ("drone_targeted_a_car",
     "استهدفت طائرة مسيرة سيارة تقل قياديين في الحشد الشعبي قرب القائم فجر اليوم الأحد.",
     P, [U("Iraq", "al-qaim", P)]),
    ("exposed_to_air_strikes_nobody_claimed",
     "تعرض مقر للحشد الشعبي في جرف الصخر لضربات جوية فجر اليوم، ولم تتبن أي جهة الضربات.",
     P, [U("Iraq", "jurf-al-sakhar", P)]),
    ("strikes_hit_headquarters_no_subject",
     "طالت ضربات جوية مقرات لكتائب حزب الله في منطقة القائم فجر اليوم، وأسفرت عن مقتل ثلاثة "
     "من عناصرها.",
     P, [U("Iraq", "al-qaim", P)]),
    ("killed_in_a_raid_digits_and_weekday",
     "قتل 4 عناصر من الحشد الشعبي في غارة استهدفت موقعهم في عكاشات يوم السبت.",
     P, [U("Iraq", "akashat", "2024-03-09")]),
    # -- the context points to the US, the text does not say it: threats, chants, a
    # campaign, the regional escalation, a war on Iran -----------------------------------------
    ("threat_against_washington_after_the_strike",
     "استهدفت غارة مقرا لكتائب حزب الله في القائم اليوم، وتوعدت الكتائب الولايات المتحدة "
     "بالرد.",
     P, [U("Iraq", "al-qaim", P)]),
    ("amid_an_escalation_with_us_strikes",
     "قتل عنصران من كتائب حزب الله بغارة استهدفت سيارتهما في القائم اليوم، وسط تصعيد إقليمي "
     "تخللته ضربات أمريكية على فصائل موالية لإيران.",
     P, [U("Iraq", "al-qaim", P)]),
    ("in_the_shadow_of_a_campaign_variant",
     "استهدفت طائرة مسيرة سيارة لقيادي في الحشد الشعبي ببغداد مساء اليوم، في ظل حملة ضربات "
     "أميركية متواصلة على الفصائل.",
     P, [U("Iraq", "baghdad", P)]),
    ("concurrent_with_the_us_attack_on_iran",
     "قتل عنصر من كتائب حزب الله بضربة على مقر للفصيل في جرف الصخر اليوم، بالتزامن مع "
     "الهجوم الأمريكي الإسرائيلي على إيران.",
     P, [U("Iraq", "jurf-al-sakhar", P)]),
    ("since_the_war_the_us_launched",
     "ومنذ بدء الحرب التي شنتها الولايات المتحدة على إيران، استهدفت غارات مقرات الحشد "
     "الشعبي. وقتل عنصران بضربة على مقر في القائم اليوم.",
     P, [U("Iraq", "al-qaim", P)]),
    ("us_strike_on_another_day_recounted",
     "استهدفت غارة جوية مقرا لكتائب حزب الله في جرف الصخر اليوم. وكانت طائرات أمريكية قد "
     "قصفت مواقع للكتائب في القائم في 2 شباط الماضي.",
     P, [U("Iraq", "jurf-al-sakhar", P), S("Iraq", "al-qaim", "2024-02-02")]),
    ("us_strikes_in_another_country_the_same_day",
     "شنت طائرات أمريكية غارات على مواقع في سوريا اليوم. وفي العراق، استهدفت غارة مقرا "
     "للحشد الشعبي في القائم.",
     P, [S("Syria", None, P), U("Iraq", "al-qaim", P)]),
]

STATED = [
    # -- the report attributes the strike to the US: stays us (guards) -------------------------
    ("subject_united_states",
     "شنت الولايات المتحدة غارات جوية على مقرات لكتائب حزب الله في القائم اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("adjective_on_the_strike",
     "استهدفت غارة أمريكية مقرا للحشد الشعبي في القائم فجر اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("adjective_after_another_adjective",
     "استهدفت ضربات جوية أميركية مواقع لكتائب حزب الله في القائم اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("aggression_noun_adjective_then_epithet",
     "استهدف العدوان الأمريكي الغاشم مقرات الحشد الشعبي في القائم فجر اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("drone_with_adjective",
     "استهدفت طائرة مسيرة أمريكية سيارة تقل قياديين في الحشد الشعبي في بغداد اليوم.",
     P, [S("Iraq", "baghdad", P)]),
    ("accusation_of_washington",
     "اتهمت كتائب حزب الله واشنطن بقصف مقر لها في جرف الصخر فجر اليوم.",
     P, [S("Iraq", "jurf-al-sakhar", P)]),
    ("belief_that_it_was_american",
     "استهدفت طائرة مسيرة يعتقد أنها أمريكية سيارة في بغداد مساء اليوم.",
     P, [S("Iraq", "baghdad", P)]),
    ("us_official_says_the_strikes",
     "قال مسؤول في البنتاغون إن الضربات استهدفت مخازن أسلحة للفصائل في القائم اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("army_managed_to_kill",
     "تمكن الجيش الأمريكي اليوم من قتل عشرة مسلحين خلال استهدافه مقرات لكتائب حزب الله في "
     "القائم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("genitive_subject_of_the_verbal_noun",
     "سقطت صواريخ على قاعدة عين الأسد اليوم. وجاء الهجوم بعد ساعات من قصف القوات الأميركية "
     "مقرات لكتائب حزب الله في القائم.",
     P, [U("Iraq", "ain-al-asad", P, side="militia"), S("Iraq", "al-qaim", P)]),
    ("us_strikes_in_both_countries_cover_the_iraqi_clause",
     "شنت طائرات أمريكية غارات على مواقع في سوريا والعراق اليوم. وفي العراق، استهدفت غارة "
     "مقرا للحشد الشعبي في القائم.",
     P, [S("Syria", None, P), S("Iraq", "al-qaim", P)]),
    ("the_aircraft_told_before_on_another_day",
     "شنت طائرات أمريكية اليوم غارات على مواقع للفصائل في القائم، وكانت الطائرات استهدفت "
     "المنطقة نفسها أمس.",
     P, [S("Iraq", "al-qaim", P), S("Iraq", "al-qaim", "2024-03-09")]),
    ("the_aircraft_of_an_unattributed_strike_guard",
     "استهدفت غارة مقرا للحشد الشعبي في القائم اليوم. وقالت مصادر إن الطائرات قصفت الموقع "
     "مرتين.",
     P, [U("Iraq", "al-qaim", P)]),
    ("headline_attributes_the_body_places",
     "غارات أمريكية على مواقع للحشد الشعبي في العراق\n"
     "استهدفت غارات جوية فجر اليوم مقرات للحشد الشعبي في القائم وعكاشات.",
     P, [S("Iraq", "al-qaim", P), S("Iraq", "akashat", P)]),
    ("earlier_sentence_same_day",
     "أعلنت القيادة المركزية الأمريكية أنها نفذت ضربة في العراق اليوم. وقال مصدر أمني إن "
     "طائرة مسيرة استهدفت سيارة تقل قياديين في الحشد الشعبي في بغداد.",
     P, [S("Iraq", "baghdad", P)]),
]


# a second round of variants, written after the rules (14 of 16 passed on their first run;
# the lead dated a day from the body and "ردت واشنطن بضربات" were then fixed)
ROUND2 = [
    ("r2_us_jets_carried_out", "نفذت مقاتلات أمريكية غارات على مواقع للحشد الشعبي في القائم "
     "فجر اليوم.", P, [S("Iraq", "al-qaim", P)]),
    ("r2_pentagon_its_forces", "أعلن البنتاغون أن قواته نفذت ضربة على مخزن أسلحة لكتائب حزب "
     "الله في جرف الصخر اليوم.", P, [S("Iraq", "jurf-al-sakhar", P)]),
    ("r2_likely_american", "استهدفت ضربة جوية يرجح أنها أمريكية مقرا للحشد الشعبي في القائم "
     "اليوم.", P, [S("Iraq", "al-qaim", P)]),
    ("r2_held_responsible", "حمّلت كتائب حزب الله القوات الأمريكية المسؤولية عن قصف مقرها في "
     "جرف الصخر اليوم.", P, [S("Iraq", "jurf-al-sakhar", P)]),
    ("r2_unknown_drone", "قصفت طائرة مسيّرة مجهولة مقرا للحشد الشعبي في القائم اليوم.",
     P, [U("Iraq", "al-qaim", P)]),
    ("r2_amid_us_threats", "قتل ثلاثة من عناصر الحشد الشعبي بقصف استهدف مقرهم في القائم "
     "اليوم، وسط تهديدات أمريكية بضرب الفصائل.", P, [U("Iraq", "al-qaim", P)]),
    ("r2_headline_with_the_us_as_subject", "الطيران الأمريكي يقصف مواقع للحشد في العراق\n"
     "قصفت طائرات فجر اليوم مواقع للحشد الشعبي في القائم.", P, [S("Iraq", "al-qaim", P)]),
    ("r2_us_strike_yesterday_then_one_today", "شنت الولايات المتحدة أمس غارات على مواقع في "
     "القائم. واستهدفت غارة اليوم مقرا للحشد الشعبي في جرف الصخر.",
     P, [S("Iraq", "al-qaim", "2024-03-09"), U("Iraq", "jurf-al-sakhar", P)]),
    ("r2_washington_responded_with_strikes", "ردت واشنطن بضربات على مواقع كتائب حزب الله في "
     "القائم اليوم.", P, [S("Iraq", "al-qaim", P)]),
    ("r2_svo_us_forces", "القوات الأمريكية قصفت مواقع للفصائل في البوكمال اليوم.",
     P, [S("Syria", "albukamal", P)]),
    ("r2_carried_out_by_coalition_aircraft", "استهدفت غارات نفذتها طائرات التحالف الدولي "
     "مواقع للفصائل في البوكمال اليوم.", P, [S("Syria", "albukamal", P)]),
    ("r2_chants_at_the_funeral", "قتل قيادي في الحشد الشعبي بضربة على سيارته في بغداد اليوم، "
     "وهتف المشيعون الموت لأمريكا.", P, [U("Iraq", "baghdad", P)]),
    ("r2_washington_threatens_meanwhile", "تعرضت مواقع للحشد الشعبي في القائم لقصف جوي اليوم، "
     "في وقت تتوعد فيه واشنطن الفصائل بالرد على هجماتها.", P, [U("Iraq", "al-qaim", P)]),
    ("r2_the_factions_say_us_aircraft", "قالت الفصائل إن طائرات أمريكية قصفت مقرا لها في القائم "
     "اليوم.", P, [S("Iraq", "al-qaim", P)]),
    ("r2_us_military_official", "أكد مسؤول عسكري أمريكي أن الضربات طالت مواقع للحرس الثوري في "
     "البوكمال اليوم.", P, [S("Syria", "albukamal", P)]),
    ("r2_source_names_no_actor", "أفاد مصدر أمني بأن ضربات جوية استهدفت مقرات لكتائب حزب الله "
     "في القائم اليوم، دون أن يحدد الجهة المنفذة.", P, [U("Iraq", "al-qaim", P)]),
]


@pytest.mark.parametrize("name,text,published,expected", UNSTATED + STATED + ROUND2,
                         ids=[c[0] for c in UNSTATED + STATED + ROUND2])
def test_actor_stated_or_not(name, text, published, expected):
    _check_drafts(name, text, published, expected)


def test_unstated_actor_keeps_its_evidence_rule():
    """The side taken back to ``unattributed`` says why in the evidence table."""
    from analysis import code_report
    from analysis.coding.attribution import UNSTATED_RULE
    d = code_report("استهدفت طائرة مسيرة سيارة تقل قياديين في الحشد الشعبي قرب القائم فجر "
                    "اليوم الأحد.", published=P)
    ev = d.attrs["evidence"]
    rules = [e["rule"] for e in ev if e["field"] == "side"]
    assert UNSTATED_RULE in rules and list(d["side"]) == ["unattributed"]


# -- precision (coder20): the source of what is told ("بحسب X") is neither agent nor target;
# an attack told twice a day apart with the same toll is one incident --------------------------
PRECISION = [
    ("according_to_an_official_is_no_target",
     "واستهدفت الضربات، بحسب أوستن، منشأة تدريب للحرس الثوري قرب مدينة الميادين اليوم.",
     P, [S("Syria", "mayadin", P)]),
    ("according_to_an_official_after_an_attack",
     "استهدفت الفصائل قاعدتين أمريكيتين في البوكمال بالصواريخ اليوم. واستهدفت الضربات، بحسب "
     "أوستن، منشأة تدريب ومنزلا آمنا قرب مدينة الميادين.",
     P, [U("Syria", "albukamal", P, side="militia")]),
    ("according_to_the_pentagon_variant_militia_attack",
     "استهدفت الفصائل، وفقاً للبنتاغون، قاعدة عين الأسد بطائرة مسيرة اليوم.",
     P, [U("Iraq", "ain-al-asad", P, side="militia")]),
    ("according_to_a_monitor_us_strike_guard",
     "قصفت طائرات أمريكية، بحسب المرصد السوري، مواقع للفصائل في البوكمال اليوم.",
     P, [S("Syria", "albukamal", P)]),
    ("country_of_the_answered_attacks_is_no_place",
     "نفذت طائرات أمريكية ضربات على مواقع للفصائل في سوريا اليوم ردا على الهجمات الصاروخية "
     "في العراق.",
     P, [S("Syria", None, P)]),
    ("country_of_the_attacks_a_pretext_variant",
     "شن الجيش الأمريكي ضربات جوية على مجموعات مدعومة من إيران في سوريا اليوم بذريعة علاقتها "
     "بالهجمات التي تستهدف الأمريكيين في العراق.",
     P, [S("Syria", None, P)]),
    ("air_attacks_in_a_country_stay_its_place_guard",
     "شنت طائرات أمريكية هجمات جوية في العراق اليوم على مواقع لكتائب حزب الله في القائم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("strikes_in_two_countries_after_an_attack_guard",
     "نفذت القوات الأمريكية ضربات في سوريا والعراق اليوم بعد الهجوم على قاعدة التنف.",
     P, [S("Syria", None, P), S("Iraq", None, P)]),
    ("capital_notified_is_its_government",
     "أخطرت واشنطن بغداد ببدء ضربات ضد الفصائل الموالية لإيران في العراق، وشنت طائرات "
     "أمريكية غارات على مواقع في القائم اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
    ("capital_asking_is_its_government_variant",
     "طالبت بغداد واشنطن بوقف الضربات بعد غارة أمريكية على مقر للحشد في جرف الصخر اليوم.",
     P, [S("Iraq", "jurf-al-sakhar", P)]),
    ("capital_with_a_preposition_stays_a_place_guard",
     "استهدفت طائرة أمريكية مسيرة سيارة لقيادي في كتائب حزب الله في بغداد اليوم، وأدانت "
     "بغداد الضربة.",
     P, [S("Iraq", "baghdad", P)]),
    ("same_toll_told_twice_a_day_apart",
     "قتل ثلاثة جنود أمريكيين في هجوم بطائرة مسيرة على قاعدة في الأردن. وقال بيان للبيت "
     "الأبيض: الليلة الماضية، قتل ثلاثة من أفراد الخدمة الأمريكية خلال هجوم بطائرة دون طيار "
     "على قاعدة في الأردن.",
     P, [U("Jordan", None, side="militia")]),
    ("same_toll_two_weapons_two_attacks_guard",
     "قتل جنديان أمريكيان في هجوم بطائرة مسيرة على قاعدة التنف اليوم. وكان جنديان أمريكيان "
     "قد قتلا في هجوم صاروخي على قاعدة التنف أمس.",
     P, [U("Syria", "al-tanf", P, side="militia"),
         U("Syria", "al-tanf", "2024-03-09", side="militia")]),
    ("wounded_twice_a_day_apart_stays_two_guard",
     "أصيب جنديان أمريكيان في هجوم على قاعدة التنف اليوم. وأصيب جنديان في هجوم على قاعدة "
     "التنف أمس.",
     P, [U("Syria", "al-tanf", P, side="militia"),
         U("Syria", "al-tanf", "2024-03-09", side="militia")]),
]


@pytest.mark.parametrize("name,text,published,expected", PRECISION, ids=[c[0] for c in PRECISION])
def test_precision_rules(name, text, published, expected):
    _check_drafts(name, text, published, expected)


def test_same_toll_twins_rule_alone():
    """The rule on draft rows: same side, country, site, killed figure and weapon, a day
    apart: the background twin goes; another weapon, another figure or no figure keep it."""
    from analysis.coding.acting import same_toll_twins

    def row(date, killed, weapon="drone", role="background"):
        return ({"side": "militia", "country": "Jordan", "site_id": None, "date": date,
                 "target_killed": killed, "weapon": weapon}, [], object(), role, [])

    main = row("2024-01-28", 3, role="main")
    twin = row("2024-01-27", 3)
    assert same_toll_twins([main, twin]) == [twin]
    assert same_toll_twins([main, row("2024-01-27", 2)]) == []
    assert same_toll_twins([main, row("2024-01-27", None)]) == []
    assert same_toll_twins([main, row("2024-01-27", 3, weapon="rocket")]) == []
    assert same_toll_twins([main, row("2024-01-25", 3)]) == []



# -- attacks going on "since" (coder20): an imperfect attack verb with a "since" period is
# attacks in general, no incident; guards: an event going on since this morning, a past
# verb, a "since" of another clause --------------------------------------------------------
HABITUAL_SINCE = [
    ("imperfect_since_an_announcement",
     "وتستهدف القواعد الأمريكية في العراق، منذ أن أعلنت الولايات المتحدة دعمها لإسرائيل في "
     "حربها على غزة.",
     P, []),
    ("imperfect_since_months_masculine",
     "ويستهدف الطيران الأمريكي مواقع الفصائل في القائم منذ أشهر.",
     P, []),
    ("imperfect_since_this_morning_is_an_event_guard",
     "وتتعرض قاعدة عين الأسد منذ الصباح لقصف صاروخي متواصل.",
     P, [U("Iraq", "ain-al-asad", P, side="militia")]),
    ("past_verb_since_guard",
     "استهدفت الفصائل قاعدة حرير بطائرة مسيرة اليوم، وهو الهجوم العاشر منذ أكتوبر.",
     P, [U("Iraq", "harir", P, side="militia")]),
    ("since_in_another_clause_guard",
     "تستهدف طائرات مسيرة قاعدة حرير الآن، وكانت القاعدة هدفا لهجمات منذ أكتوبر.",
     P, [U("Iraq", "harir", P, side="militia")]),
]


@pytest.mark.parametrize("name,text,published,expected", HABITUAL_SINCE,
                         ids=[c[0] for c in HABITUAL_SINCE])
def test_attacks_going_on_since(name, text, published, expected):
    _check_drafts(name, text, published, expected)
