"""The text layer of the Arabic coder: normalisation, numbers, dates, casualties,
segmentation and the lexicon. All sentences are written for these tests."""

import datetime as dt

import pytest

from analysis.coding.casualties import find_casualties
from analysis.coding.dates import find_dates, parse_published, resolve
from analysis.coding.lexicon import lexicon
from analysis.coding.normalize import arabic_ratio, normalize, normalize_term, repair_text
from analysis.coding.numbers import ORDINALS, find_numbers
from analysis.coding.segment import clauses, segment


# ---------------------------------------------------------------------------------------
# normalisation
# ---------------------------------------------------------------------------------------
def test_normalize_letters_digits_and_marks():
    n = normalize("قُتِلَ ٣ جنودٍ أمريكيين في قاعدةِ الأسـد، إسرائيل، آذار، مستشفى، مسؤول، رئيس")
    assert n.text == "قتل 3 جنود امريكيين في قاعده الاسد، اسراييل، اذار، مستشفي، مسوول، رييس"


def test_normalize_keeps_a_map_to_the_original():
    text = "هجومٌ بطائرةٍ مُسيَّرةٍ على «قاعدة حرير» يوم ٢٥/١٢/٢٠٢٣"
    n = normalize(text)
    i = n.text.index("مسيره")
    a, b = n.span(i, i + len("مسيره"))
    assert text[a:b] == "مُسيَّرةٍ"[:-1] or text[a:b].startswith("مُسيَّرة")
    j = n.text.index("25/12/2023")
    a, b = n.span(j, j + len("25/12/2023"))
    assert text[a:b] == "٢٥/١٢/٢٠٢٣"
    assert n.text.count('"') == 2                     # « » became plain quotes


def test_normalize_presentation_forms_hashtags_and_invisible_marks():
    n = normalize("\u200fﻻ #القيادة_المركزية\u0640\u0640 Pentagon")
    assert n.text == "لا  القياده المركزيه pentagon"
    assert normalize_term("  قاعدة   عين الأسد ") == "قاعده عين الاسد"


def test_arabic_ratio():
    assert arabic_ratio("") == 0.0
    assert arabic_ratio("US forces") == 0.0
    assert arabic_ratio("القوات") == 1.0
    assert 0.3 < arabic_ratio("القوات US") < 0.8


def test_repair_mojibake_cp1256_and_replacement_chars():
    clean = "قصفت طائرات أمريكية مواقع في البوكمال"
    fixed, notes = repair_text(clean.encode("utf-8").decode("latin-1"))
    assert fixed == clean and "mojibake" in notes[0]
    fixed, notes = repair_text(clean.encode("utf-8").decode("cp1252", errors="ignore"))
    assert arabic_ratio(fixed) > 0.5 and notes
    fixed, notes = repair_text(clean.encode("cp1256"))
    assert fixed == clean and "1256" in notes[0]
    fixed, notes = repair_text(b"\xef\xbb\xbf" + clean.encode("utf-8"))
    assert fixed == clean and notes == []
    fixed, notes = repair_text("قصف\ufffd مواقع")
    assert fixed == "قصف مواقع" and "U+FFFD" in notes[0]


# ---------------------------------------------------------------------------------------
# numbers
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,value,approx", [
    ("قتل أربعة", 4, False), ("ثلاثة عشر صاروخا", 13, False), ("خمسة وعشرون", 25, False),
    ("١٤ صاروخاً", 14, False), ("1,200 جندي", 1200, False), ("أكثر من عشرين", 20, True),
    ("ما لا يقل عن 16 هجوماً", 16, True), ("نحو 900 جندي", 900, True),
    ("مئة وعشرون", 120, False), ("اثنين", 2, False), ("ثماني", 8, False),
])
def test_number_words_and_digits(text, value, approx):
    n = find_numbers(normalize(text).text)[0]
    assert (n.value, n.approx) == (value, approx)


def test_vague_amounts_have_no_value_but_a_bound():
    t = normalize("أصيب العشرات، وقتل عدد من العناصر، وبضعة جرحى").text
    vague = [(n.value, n.low, n.gloss) for n in find_numbers(t)]
    assert (None, 20, "dozens") in vague
    assert (None, 2, "a number of") in vague
    assert (None, 3, "a few") in vague


def test_ordinal_days():
    assert ORDINALS["السابع"] == 7
    assert ORDINALS["الحادي عشر"] == 11
    assert ORDINALS["الثامن والعشرين"] == 28
    assert ORDINALS["الحادي والثلاثين"] == 31


# ---------------------------------------------------------------------------------------
# dates
# ---------------------------------------------------------------------------------------
REF = dt.date(2024, 2, 3)          # a Saturday


def _dates(text, ref=REF, anchor=None):
    t = normalize(text).text
    out = []
    for m in find_dates(t):
        r = resolve(m, ref, anchor=anchor)
        out.append((t[m.start:m.end], m.range, m.future,
                    None if r is None else (r.date.isoformat(), r.precision)))
    return out


@pytest.mark.parametrize("text,date,precision", [
    ("الإثنين 28 يونيو/حزيران 2021", "2021-06-28", "day"),           # weekday + paired months
    ("مساء الأحد ٢٧ حزيران/يونيو ٢٠٢١", "2021-06-27", "day"),         # Levantine first, Indic digits
    ("في 23 آذار الماضي", "2023-03-23", "day"),                     # no year, "last"
    ("كانون الثاني (يناير) 2021", "2021-01-01", "month"),            # bracketed pairing
    ("في تشرين الأول 2023", "2023-10-01", "month"),
    ("في السابع من أكتوبر/تشرين الأول", "2023-10-07", "day"),        # ordinal, "من"
    ("في الثامن والعشرين من كانون الثاني", "2024-01-28", "day"),
    ("يوم 4 فيفري 2024", "2024-02-04", "day"),                       # Maghrebi
    ("في 4 جوان 2023", "2023-06-04", "day"),
    ("بتاريخ 28/1/2024", "2024-01-28", "day"),                       # slash forms
    ("بتاريخ ٢٠٢٤/١/٢٨", "2024-01-28", "day"),
    ("في 2024-01-28", "2024-01-28", "day"),
    ("أمس", "2024-02-02", "day"), ("أول أمس", "2024-02-01", "day"),
    ("أمس الجمعة", "2024-02-02", "day"), ("فجر اليوم", "2024-02-03", "day"),
    ("الليلة الماضية", "2024-02-02", "day"),
    ("الأحد الماضي", "2024-01-28", "day"), ("يوم الخميس", "2024-02-01", "day"),
    ("السبت الماضي", "2024-01-27", "day"),                            # strictly before
    ("الشهر الماضي", "2024-01-01", "month"), ("الشهر الفائت", "2024-01-01", "month"),
    ("نهاية الشهر المنصرم", "2024-01-01", "month"), ("الشهر الجاري", "2024-02-01", "month"),
    ("الأسبوع الماضي", "2024-01-22", "week"),
    ("قبل يومين", "2024-02-01", "day"), ("قبل ثلاثة أيام", "2024-01-31", "day"),
    ("قبل شهرين", "2023-12-01", "month"),
    ("خلال الساعات الـ24 الماضية", "2024-02-03", "day"),
    ("في فبراير/شباط", "2024-02-01", "month"), ("في أيار", "2023-05-01", "month"),
])
def test_dates_resolve(text, date, precision):
    found = [d for d in _dates(text) if d[3] is not None]
    assert found and found[0][3] == (date, precision), found


def test_date_ranges_future_and_year_only_are_not_event_dates():
    (since,) = _dates("منذ 17 أكتوبر/تشرين الأول")
    assert since[1] is True
    (since2,) = _dates("منذ توليه السلطة قبل خمسة أشهر")
    assert since2[1] is True
    (fut,) = _dates("الأحد المقبل")
    assert fut[2] is True and fut[3] is None
    assert _dates("غداً")[0][2] is True
    assert _dates("عام 2015")[0][3] is None                 # a year alone cannot date an event
    assert _dates("آب") == []                                # also "father": needs date context
    assert _dates("صلاة الجمعة") == []


def test_dates_relative_to_another_event():
    anchor = dt.date(2023, 3, 23)
    assert _dates("بعد يوم واحد من وقوعه", anchor=anchor)[0][3] == ("2023-03-24", "day")
    assert _dates("في اليوم التالي", anchor=anchor)[0][3] == ("2023-03-24", "day")
    assert _dates("حينها", anchor=anchor)[0][3] == ("2023-03-23", "day")


def test_dates_without_reference():
    t = normalize("أمس والأحد الماضي و23 آذار").text
    ms = find_dates(t)
    assert [resolve(m, None) for m in ms][:2] == [None, None]
    assert resolve(ms[2], None, default_year=2022).date == dt.date(2022, 3, 23)


def test_weekday_mismatch_lowers_confidence():
    t = normalize("الثلاثاء 28 يونيو 2021").text           # 28 June 2021 was a Monday
    r = resolve(find_dates(t)[0], None)
    assert r.date == dt.date(2021, 6, 28) and r.confidence < 0.8 and "weekday" in r.note


def test_parse_published():
    assert parse_published("2024-02-03") == REF
    assert parse_published(dt.datetime(2024, 2, 3, 10)) == REF
    assert parse_published(None) is None
    for bad in ("3/2/2024", "yesterday", "2024-02-30", 20240203):
        with pytest.raises(ValueError, match="YYYY-MM-DD"):
            parse_published(bad)


# ---------------------------------------------------------------------------------------
# casualties
# ---------------------------------------------------------------------------------------
def _cas(text):
    t = normalize(text).text
    return [(c.kind, c.group, c.value) for c in find_casualties(t)]


@pytest.mark.parametrize("text,expected", [
    ("أسفر عن مقتل 3 جنود أمريكيين", [("killed", "us", 3)]),
    ("ما أدى إلى إصابة عسكريين أمريكيين اثنين", [("wounded", "us", 2)]),
    ("أسفر عن إصابة جنديين أمريكيين بجروح طفيفة", [("wounded", "us", 2)]),
    ("مقتل جندي أمريكي وإصابة آخر", [("killed", "us", 1), ("wounded", "pronoun", 1)]),
    ("قتل ستة من عناصر كتائب حزب الله", [("killed", "militia", 6)]),
    ("أربعة مقاتلين من الحشد قُتلوا في الغارة", [("killed", "militia", 4)]),
    ("ولقي خمسة مسلحين حتفهم", [("killed", "militia", 5)]),
    ("ارتفع عدد القتلى إلى 9 عناصر", [("killed", "militia", 9)]),
    ("الغارة أودت بحياة قياديين اثنين", [("killed", "militia", 2)]),
    ("مقتل متعاقد أمريكي", [("killed", "contractor", 1)]),
    ("إصابة 12 مدنياً", [("wounded", "civilian", 12)]),
    ("إصابة أكثر من عشرين مدنياً وعسكرياً", [("wounded", "mixed", 20)]),
    ("مقتل 3 جنود عراقيين", [("killed", "foreign", 3)]),
    ("ما أدى لمقتل وإصابة 10 على الأقل", [("combined", "", 10)]),
    ("دون وقوع إصابات", [("none", "", 0)]),
    ("لم يسفر الهجوم عن أي خسائر بشرية", [("none", "", 0)]),
    ("لم تسفر الضربة عن سقوط قتلى", [("none_killed", "", 0)]),
    ("أضرار مادية فقط", [("none", "", 0)]),
    ("دون ورود معلومات عن الخسائر", []),                     # not a "no casualties" statement
])
def test_casualties(text, expected):
    assert _cas(text) == expected


# ---------------------------------------------------------------------------------------
# segmentation and lexicon
# ---------------------------------------------------------------------------------------
def test_segment_title_lead_and_foreign_lines():
    text = ("ضربات أمريكية في سوريا\nقصفت طائرات أمريكية مواقع في البوكمال. وقال مسؤول إن "
            "الضربات نجحت.\nToday we struck targets in Syria.\nضربات أمريكية في سوريا")
    ss = segment(normalize(text).text)
    assert [s.title for s in ss] == [True, False, False, False, False]
    assert [s.lead for s in ss] == [False, True, False, False, False]
    assert [s.arabic for s in ss] == [True, True, True, False, False]   # repeated headline dropped


def test_clauses_split_reasons_and_contrasts():
    t = normalize("نفذت واشنطن ضربات في سوريا، رداً على هجوم على قاعدة التنف، فيما قال مسؤول "
                  "إن الضربات نجحت، كما أصيب عنصران").text
    s = segment(t)[0]
    kinds = [c.kind for c in clauses(t, s)]
    assert kinds == ["main", "reason", "contrast", "also"]


def test_lexicon_actors_places_countries():
    lx = lexicon()
    t = normalize("استهدفت كتائب حزب الله قاعدة عين الأسد، وتبنت المقاومة الإسلامية في العراق "
                  "هجوماً على حقل كونيكو بسوريا، فيما قصفت القوات الأمريكية مواقع لفصائل مسلحة "
                  "مدعومة من إيران في القائم").text
    actors = {m.key for m in lx.find_actors(t)}
    assert {"kataib-hezbollah", "islamic-resistance-iraq", "us-forces",
            "iran-aligned-militias-generic"} <= actors
    assert "lebanese-hezbollah" not in actors                  # the longest alias wins
    places = {m.key: m.info for m in lx.find_places(t)}
    assert places["ain-al-asad"]["us_hosted"] and places["ain-al-asad"]["country"] == "Iraq"
    assert places["mss-conoco"]["country"] == "Syria"
    assert "al-qaim" in places                                  # after "في": a place
    assert "al-qaim" not in {m.key for m in lx.find_places(normalize(
        "قال القائم بالأعمال الأمريكي").text)}                   # chargé d'affaires, not a town
    assert {m.key for m in lx.find_countries(normalize("في العراق وسوريا والأردن").text)} == \
        {"Iraq", "Syria", "Jordan"}


def test_lexicon_weapons_and_triggers():
    lx = lexicon()
    t = normalize("هجوم بطائرة مسيرة وصواريخ كاتيوشا وقذائف هاون وصاروخ باليستي وغارات جوية "
                  "وعبوة ناسفة ومروحيات").text
    keys = [w.key for w in lx.find_weapons(t)]
    assert [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k] == [
        "drone", "rocket", "mortar", "ballistic_missile", "airstrike", "ied", "helicopter"]
    trig = lx.find_triggers(normalize("الهجوم وهجمات وللضربات واستهدفت وسقطت ثلاثة صواريخ").text)
    assert [(x.key, x.info["definite"], x.info["plural"]) for x in trig] == [
        ("hujum", True, False), ("hajamat", False, True), ("darabat", True, True),
        ("istahdafa_v", False, False), ("saqatat", False, False)]
