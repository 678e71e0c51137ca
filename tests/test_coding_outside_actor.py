"""The attribution rule's reach (issue 14, coder22; ``analysis.coding.attribution``,
``scope``, ``roles``): a strike the report attributes to the US by a belief or a hedge
stays ``us`` (also a hedge on "the explosion" told before, or the aircraft of the sentence
before named with a non-national adjective); a strike whose actor is named and outside the
case gives no draft rather than an ``unattributed`` one; a US soldier's non-combat death,
an attack on an Israeli site and a strike on Iran itself are no incident of the case.
Sentences written for these tests (none is copied from an article), each with a guard."""

import pytest

from test_coding_scope import U
from test_coding_scope import test_acting_side_and_place as _check_drafts


def S(country, site=None, date=None):
    return U(country, site, date, side="us")


P = "2024-03-10"      # a Sunday
CASES = [
    # -- a belief or a hedge attributes: the platform, then its nationality ----------------
    ("believed_the_aircraft_was_american",
     "قصفت طائرة مسيرة سيارة لقيادي في الحشد الشعبي ببغداد مساء اليوم، ويعتقد أنها طائرة "
     "أمريكية.",
     P, [S("Iraq", "baghdad", P)]),
    ("sources_said_likely_the_strike_was_american",
     "قتل عنصران من الحشد الشعبي بغارة على موقعهم في عكاشات اليوم، ورجحت مصادر أن تكون "
     "الغارة أمريكية.",
     P, [S("Iraq", "akashat", P)]),
    ("hedge_on_the_explosion_told_before",
     "استهدفت طائرة مسيرة مقرا لكتائب حزب الله في القائم فجر اليوم. وبعد دقائق من الانفجار، "
     "الذي يرجح أنه تم بطائرة أمريكية، طوقت القوات الأمنية المكان.",
     P, [S("Iraq", "al-qaim", P)]),
    ("hedge_on_other_aircraft_is_no_attribution_guard",
     "استهدفت طائرة مسيرة مقرا لكتائب حزب الله في القائم فجر اليوم. وشوهدت في سماء المدينة "
     "طائرات استطلاع مجهولة.",
     P, [U("Iraq", "al-qaim", P)]),
    # -- the aircraft of the sentence before, with a non-national adjective ---------------
    ("the_warplanes_of_the_sentence_before",
     "شنت القوات الأمريكية غارات على مواقع لكتائب حزب الله في القائم فجر اليوم. وقالت مصادر "
     "محلية إن الطائرات الحربية قصفت أيضا مواقع في البوكمال.",
     P, [S("Iraq", "al-qaim", P), S("Syria", "albukamal", P)]),
    # -- a strike whose actor is named outside the case: no draft --------------------------
    ("irgc_claimed_strikes_on_kurdish_parties",
     "تبنى الحرس الثوري الإيراني قصف مقرات أحزاب كردية إيرانية معارضة في إقليم كردستان "
     "العراق صباح اليوم. وقال مسؤول محلي إن صواريخ سقطت صباح اليوم على مقر حزب كردي في "
     "كويسنجق.",
     P, []),
    ("named_outside_actor_on_another_day_guard",
     "قصف الحرس الثوري الإيراني مقرات أحزاب كردية معارضة في إقليم كردستان الشهر الماضي. "
     "واستهدفت غارة مقرا لكتائب حزب الله في القائم اليوم.",
     P, [U("Iraq", "al-qaim", P)]),
    ("strikes_tied_to_irans_conflict_with_kurdish_parties",
     "وقال مراسل محلي إن مواقع في إقليم كردستان تعرضت اليوم لضربات طالت مقرات لفصائل مسلحة، "
     "بالتزامن مع استهدافات أخرى مرتبطة بالصراع بين إيران والأحزاب الكردية الإيرانية "
     "المعارضة.",
     P, []),
    ("air_strike_on_a_pmf_headquarters_guard",
     "استهدفت غارة جوية مقرا للحشد الشعبي في القائم اليوم.",
     P, [U("Iraq", "al-qaim", P)]),
    # -- a protest's cause is the strike told before, not a new one ----------------------
    ("protest_against_the_strikes_told_before",
     "شنت طائرات أمريكية غارات على مقرات لكتائب حزب الله في القائم يوم الجمعة. وفي اليوم "
     "التالي تظاهر الآلاف من أنصار الحشد الشعبي في بغداد احتجاجا على الغارات الأمريكية.",
     P, [S("Iraq", "al-qaim", "2024-03-08")]),
    ("denouncing_the_bombardment",
     "تظاهر المئات أمام السفارة الأمريكية في بغداد يوم السبت تنديدا بالقصف الأمريكي.",
     P, []),
    ("protest_against_the_presence_is_no_reason_guard",
     "استهدفت الفصائل بصواريخ قاعدة عين الأسد يوم السبت، احتجاجا على استمرار الوجود الأمريكي.",
     P, [U("Iraq", "ain-al-asad", "2024-03-09", side="militia")]),
    # -- a non-combat death, an Israeli site, the war on Iran itself ------------------------
    ("soldier_died_in_a_non_combat_accident",
     "أعلنت وزارة الدفاع الأمريكية مقتل جندي في قاعدة عين الأسد يوم السبت. وأوضحت الوزارة "
     "أن الجندي توفي في حادث غير مرتبط بعملية عسكرية.",
     P, []),
    ("militia_drone_on_an_israeli_site",
     "أعلنت المقاومة الإسلامية في العراق استهداف موقع إسرائيلي في الجولان بطائرة مسيرة اليوم.",
     P, []),
    ("militia_drone_on_an_israeli_site_in_the_jordan_valley",
     "أعلنت المقاومة الإسلامية في العراق مسؤوليتها عن شن هجوم بطائرات مسيرة استهدف موقعا "
     "إسرائيليا في غور الأردن اليوم.",
     P, []),
    ("militia_drone_on_a_us_base_guard",
     "أعلنت المقاومة الإسلامية في العراق استهداف قاعدة حرير بطائرة مسيرة اليوم.",
     P, [U("Iraq", "harir", P, side="militia")]),
    ("aircraft_heard_after_attacks_on_iran",
     "وسمعت أصوات طائرات حربية في سماء سوريا اليوم بعد بدء الولايات المتحدة هجمات عسكرية ضد "
     "إيران.",
     P, []),
    ("us_strike_on_militias_guard",
     "شنت الولايات المتحدة غارات على مواقع لفصائل موالية لإيران في القائم اليوم.",
     P, [S("Iraq", "al-qaim", P)]),
]


@pytest.mark.parametrize("name,text,published,expected", CASES, ids=[c[0] for c in CASES])
def test_reach_of_the_attribution_rule(name, text, published, expected):
    _check_drafts(name, text, published, expected)
