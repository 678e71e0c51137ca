"""Arabic report coding at the dataset's granularity: one draft per site.

An incident is one action by one side at one place on one local day; a strike round
that hits several facilities is one incident per facility (or per town when the sources
name only towns). Every sentence below was written for these tests; none is copied from
a real article or from the seed reports.
"""

import pandas as pd
import pytest

from analysis import code_report, validate_incidents
from analysis.coding import evidence_table
from analysis.coding.normalize import normalize
from analysis.coding.sites import _gap_kind, is_admin, level


def _drafts(text, published="2024-02-06"):
    d = code_report(text, published=published, source="https://example.org/sites")
    assert d.attrs["reason"] is None, d.attrs
    return d


def _by_site(d):
    return {(r.country, r.site_id if isinstance(r.site_id, str) else None): r
            for r in d.itertuples()}


def _check_rows(d, text):
    """Drafts validate as incident rows, ids are unique and every span indexes the text."""
    assert len(validate_incidents(d)) == len(d)
    assert d["incident_id"].is_unique
    ev = evidence_table(d)
    assert set(ev["draft_id"]) == set(d["draft_id"])
    for r in ev.itertuples():
        assert text[r.start:r.end] == r.text
    for snip, (a, b) in zip(d["snippet"], d["snippet_span"]):
        assert snip == text[a:b].strip()
    for f in ("date", "side", "country", "location"):
        for span, conf in zip(d[f"{f}_span"], d[f"{f}_confidence"]):
            if span is not None:
                assert 0 <= span[0] < span[1] <= len(text) and 0 < conf <= 1


# ---------------------------------------------------------------------------------------
# the four cases of the coding rule
# ---------------------------------------------------------------------------------------
def test_one_round_two_sites_in_one_country_gives_two_drafts():
    text = ("شنّت مقاتلات أمريكية ليل الأحد غارات على مستودعات ذخيرة تابعة للحرس الثوري في "
            "مدينة الميادين وبلدة البوكمال بريف دير الزور الشرقي، بحسب مصادر محلية.")
    d = _drafts(text)
    assert len(d) == 2
    sites = _by_site(d)
    assert set(sites) == {("Syria", "mayadin"), ("Syria", "albukamal")}
    assert (d["side"] == "us").all() and (d["date"] == pd.Timestamp("2024-02-04")).all()
    assert (d["weapon"] == "airstrike").all() and (d["n_attacks"] == 1).all()
    assert d["report_role"].eq("main").all()
    assert all("one draft per site" in n for n in d["note"])
    # each draft points at its own place
    for r in d.itertuples():
        a, b = r.location_span
        assert text[a:b] in ("الميادين", "مدينة الميادين", "البوكمال", "بلدة البوكمال")
    assert d["location_span"].nunique() == 2
    _check_rows(d, text)


def test_separate_prepositional_phrases_are_separate_sites():
    text = ("استهدفت غارات أمريكية فجر اليوم مقراً لكتائب حزب الله في القائم، ومخزناً "
            "للأسلحة قرب عكاشات غربي الأنبار.")
    d = _drafts(text)
    assert set(_by_site(d)) == {("Iraq", "al-qaim"), ("Iraq", "akashat")}


def test_districts_of_one_city_are_one_draft():
    text = ("قصفت طائرات أمريكية مساء أمس مقرات للميليشيات الإيرانية في حيي الحرابش "
            "والجورة بمدينة دير الزور، دون معلومات عن الخسائر.")
    d = _drafts(text)
    assert len(d) == 1
    assert d["site_id"].iloc[0] == "deir-ez-zor" and d["country"].iloc[0] == "Syria"
    _check_rows(d, text)


def test_casualty_figure_tied_to_one_named_site():
    text = ("نفذت طائرات أمريكية فجر اليوم غارات على مواقع للفصائل في القائم وعكاشات، "
            "وقُتل ستة عناصر من الفصائل في الغارة على القائم.")
    d = _drafts(text)
    sites = _by_site(d)
    assert set(sites) == {("Iraq", "al-qaim"), ("Iraq", "akashat")}
    assert sites[("Iraq", "al-qaim")].target_killed == 6
    assert pd.isna(sites[("Iraq", "akashat")].target_killed)
    qaim = d[d["site_id"] == "al-qaim"].iloc[0]
    a, b = qaim["target_killed_span"]
    assert "ستة" in text[a:b]
    _check_rows(d, text)


def test_round_figure_stays_unassigned_with_a_note():
    text = ("نفذت طائرات أمريكية فجر اليوم غارات على مواقع للفصائل في القائم وعكاشات، "
            "ما أسفر عن مقتل تسعة عناصر من الفصائل.")
    d = _drafts(text)
    assert len(d) == 2 and d["target_killed"].isna().all()
    assert all("given for the whole operation, not per site" in n for n in d["note"])


def test_round_in_two_countries_with_one_site_each():
    text = ("قصفت قاذفات أمريكية ليلة الجمعة مواقع لفصائل موالية لإيران في منطقة القائم "
            "غربي العراق وفي مدينة البوكمال شرقي سوريا، وأعلنت كتائب حزب الله مقتل "
            "ثلاثة من عناصرها في القصف على مقرها في القائم.")
    d = _drafts(text, "2024-02-03")
    assert len(d) == 2
    sites = _by_site(d)
    assert set(sites) == {("Iraq", "al-qaim"), ("Syria", "albukamal")}
    assert sites[("Iraq", "al-qaim")].target_killed == 3
    assert pd.isna(sites[("Syria", "albukamal")].target_killed)
    assert (d["date"] == pd.Timestamp("2024-02-02")).all()
    ev = evidence_table(d)
    for r in d.itertuples():                    # the country comes from the site's place
        rule = ev[(ev["draft_id"] == r.draft_id) & (ev["field"] == "country")]["rule"]
        assert rule.str.contains("gazetteer").all() and len(rule) == 1
        a, b = r.country_span
        assert text[a:b] in ("القائم", "منطقة القائم", "البوكمال", "مدينة البوكمال")
    _check_rows(d, text)


# ---------------------------------------------------------------------------------------
# what stays one site, what is separate
# ---------------------------------------------------------------------------------------
def test_localities_of_one_desert_area_are_one_draft():
    text = ("قُتل ثمانية عناصر من الميليشيات الإيرانية جراء غارات جوية أمريكية استهدفت "
            "مواقعهم في الحيدرية والشبلي ببادية الميادين مساء الأحد.")
    d = _drafts(text)
    assert len(d) == 1
    assert d["site_id"].iloc[0] == "mayadin-desert" and d["target_killed"].iloc[0] == 8
    # the lexicon knows these localities lie in the Mayadin desert even when it is not named
    d2 = _drafts("قصفت طائرات أمريكية فجر اليوم مواقع للميليشيات في الحيدرية والشبلي.")
    assert len(d2) == 1 and d2["site_id"].iloc[0] == "mayadin-desert"


def test_localities_told_as_separate_strikes_are_separate_drafts():
    text = ("شنت طائرات أمريكية غارتين فجر اليوم، الأولى استهدفت موقعاً في الحيدرية ببادية "
            "الميادين، والثانية استهدفت مقراً في الشبلي ببادية الميادين.")
    d = _drafts(text)
    assert len(d) == 2 and (d["side"] == "us").all()
    assert d["incident_id"].is_unique
    assert {loc.split("; ")[1] for loc in d["location"]} == {"al-Haydariya (Mayadin desert)",
                                                             "al-Shibli (Mayadin desert)"}


def test_two_strikes_on_one_town_are_one_draft_with_two_attacks():
    text = ("استهدفت غارة أمريكية مقراً للحرس الثوري في مدينة الميادين فجر اليوم، فيما "
            "استهدفت غارة ثانية مستودعاً للذخيرة في الميادين.")
    d = _drafts(text)
    assert len(d) == 1 and d["n_attacks"].iloc[0] == 2


def test_a_base_and_the_town_it_lies_near_are_one_site():
    text = "سقطت ثلاثة صواريخ على قاعدة حرير شمال أربيل مساء أمس دون وقوع إصابات."
    d = _drafts(text, "2024-01-20")
    assert len(d) == 1 and d["site_id"].iloc[0] == "harir"
    assert d["location"].iloc[0] == "Harir Air Base"           # Erbil is only a landmark
    assert d["target_killed"].iloc[0] == 0 and d["target_wounded"].iloc[0] == 0


def test_two_bases_attacked_together_are_two_drafts_each_without_casualties():
    text = ("هاجمت طائرات مسيرة قاعدتي الشدادي وتل بيدر في ريف الحسكة مساء أمس، وقال "
            "مسؤول أمريكي إن الهجومين لم يسفرا عن إصابات.")
    d = _drafts(text)
    assert set(_by_site(d)) == {("Syria", "shaddadi"), ("Syria", "tal-baydar")}
    assert (d["side"] == "militia").all()
    assert (d["target_killed"] == 0).all() and (d["target_wounded"] == 0).all()
    _check_rows(d, text)


def test_an_airport_and_a_district_of_the_city_are_two_sites():
    text = ("استهدفت غارات أمريكية مطار دير الزور العسكري وحي الحرابش في مدينة دير الزور "
            "ليلة الأحد.")
    d = _drafts(text)
    assert set(_by_site(d)) == {("Syria", "deir-ez-zor-airport"), ("Syria", "deir-ez-zor")}


def test_a_place_in_a_description_or_an_origin_is_not_a_site():
    text = ("قصفت طائرات أمريكية فجر اليوم مواقع في البوكمال، وهي المدينة التي تعد معقلاً "
            "للميليشيات القادمة من العراق عبر معبر القائم.")
    assert list(_drafts(text)["site_id"]) == ["albukamal"]
    text = "أطلقت الفصائل صواريخ من منطقة القائم باتجاه قاعدة عين الأسد مساء أمس."
    assert list(_drafts(text, "2024-01-20")["site_id"]) == ["ain-al-asad"]


# ---------------------------------------------------------------------------------------
# counts and figures per site
# ---------------------------------------------------------------------------------------
def test_facility_count_goes_to_the_site_named_after_it():
    text = ("نفذت مقاتلات أمريكية فجر الخميس ضربات ضد ثلاث منشآت قرب البوكمال ومنشأة في "
            "الميادين.")
    d = _drafts(text)
    sites = _by_site(d)
    assert sites[("Syria", "albukamal")].n_attacks == 3
    assert sites[("Syria", "mayadin")].n_attacks == 1


def test_facility_count_for_a_country_with_one_named_site():
    text = ("قصفت طائرات أمريكية فجر اليوم منشأتين في شرق سوريا تستخدمهما فصائل موالية "
            "لإيران، وقال مسؤول أمريكي إن الضربات وقعت قرب البوكمال.")
    d = _drafts(text)
    assert len(d) == 1 and d["site_id"].iloc[0] == "albukamal" and d["n_attacks"].iloc[0] == 2


def test_facility_count_for_two_countries_is_not_split():
    text = ("أعلنت القيادة المركزية الأمريكية أن قواتها قصفت فجر اليوم تسع منشآت في سوريا "
            "والعراق، بينها مقر في الميادين.")
    d = _drafts(text)
    assert (d["n_attacks"] == 1).all()
    assert any("several sites together" in n for n in d["note"])


def test_border_round_figure_named_for_the_syrian_side():
    text = ("شنت طائرات أمريكية غارات على مواقع للفصائل عند الحدود العراقية السورية ليلة "
            "الأحد. وقال مصدر محلي إن خمسة عناصر من الفصائل قتلوا على الجانب السوري من "
            "الحدود.")
    d = _drafts(text)
    sites = _by_site(d)
    assert set(sites) == {("Iraq", None), ("Syria", None)}
    assert sites[("Syria", None)].target_killed == 5
    assert pd.isna(sites[("Iraq", None)].target_killed)


def test_border_round_figure_without_a_side_is_not_guessed():
    text = ("شنت طائرات أمريكية غارات على مواقع للفصائل عند الحدود العراقية السورية ليلة "
            "الأحد، ما أسفر عن مقتل خمسة عناصر من الفصائل.")
    d = _drafts(text)
    assert len(d) == 2 and d["target_killed"].isna().all()


def test_border_round_figure_at_the_groups_headquarters_town():
    text = ("شنت طائرات أمريكية غارات على الحدود العراقية السورية ليلة الأحد، واستهدفت "
            "موقعين في سوريا وموقعاً في العراق. وأعلنت كتائب سيد الشهداء مقتل أربعة من "
            "عناصرها في القصف الذي طال مقرها في البوكمال.")
    d = _drafts(text)
    sites = _by_site(d)
    assert set(sites) == {("Syria", "albukamal"), ("Iraq", None)}
    assert sites[("Syria", "albukamal")].target_killed == 4
    assert sites[("Syria", "albukamal")].n_attacks == 2
    assert pd.isna(sites[("Iraq", None)].target_killed)


def test_militia_attacks_on_bases_in_two_countries():
    text = ("أعلنت المقاومة الإسلامية في العراق أنها استهدفت فجر اليوم قاعدة عين الأسد "
            "في العراق وقاعدة التنف في سوريا بالطائرات المسيرة.")
    d = _drafts(text)
    assert set(_by_site(d)) == {("Iraq", "ain-al-asad"), ("Syria", "al-tanf")}
    assert (d["confirmation"] == "claimed").all() and (d["weapon"] == "drone").all()


def test_review_flow_accepts_per_site_drafts(tmp_path):
    from analysis import load_sides, read_incidents
    from analysis.coding import review

    text = ("شنّت مقاتلات أمريكية ليل الأحد غارات على مستودعات ذخيرة في مدينة الميادين "
            "وبلدة البوكمال.")
    rep = tmp_path / "r.txt"
    rep.write_text(text, encoding="utf-8")
    out = tmp_path / "coded.csv"
    sheet = tmp_path / "review.csv"
    review.main([str(rep), "--published", "2024-02-06", "--source", "https://example.org/s",
                 "--out", str(out), "--non-interactive", "--review-csv", str(sheet)])
    s = pd.read_csv(sheet, dtype=str, keep_default_na=False)
    assert len(s) == 2
    s["decision"] = "accept"
    s.to_csv(sheet, index=False)
    review.main(["--apply", str(sheet), "--out", str(out)])
    rows = read_incidents(out, sides=load_sides(), sources=True)
    assert len(rows) == 2


# ---------------------------------------------------------------------------------------
# the pieces
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("gap,kind", [
    (" و", "and"), ("، ", "and"), (" وحي ", "and"), (" والشبلي ومحيط قاعدة ", "and"),
    (" ب", "in"), (" في ", "in"), (" الجوية في ", "in"), (" والشباب في ", "in"),
    (" قرب ", "near"), (" شمال ", "near"), (" شرقي ", "near"), (" بالقرب من ", "near"),
    ("، وهي منطقة فيها قاعدة عسكرية يوجد قرب ", "near"),
    (" وفي ", "none"), (" ومواقع في ", "none"), (" وأخرى قرب ", "none"),
    ("، فيما استهدفت غارة ثانية مقراً في ", "none"),
])
def test_gap_kinds(gap, kind):
    """How two consecutive places relate, from the (normalised) words between them."""
    assert _gap_kind(normalize(gap).text) == kind


def test_place_levels():
    assert level({"kind": "base"}) == 0 < level({"kind": "district"}) < level({"kind": "town"}) \
        < level({"kind": "city"}) < level({"kind": "region", "site_id": "anbar",
                                           "name": "Anbar Governorate"})
    assert is_admin({"kind": "admin"}) and not is_admin({"kind": "region", "site_id": "x",
                                                         "name": "Mayadin desert"})


def test_spellings_of_names_live_in_the_shared_tables():
    """Issue 14: spellings of sites and actors have one home, data/raw/gazetteer.csv and
    actors.csv (read by the dataset build too); the coder keeps only places that are not
    sites and descriptive patterns, none of which repeats a table spelling."""
    import re

    from analysis import load_actors, load_sites
    from analysis.coding.lexicon import EXTRA_ACTORS, EXTRA_PLACES
    from analysis.coding.normalize import normalize_term

    assert all(sid is None for _, sid, *_ in EXTRA_PLACES)
    gaz = {normalize_term(a.strip()) for s in load_sites()["aliases_ar"] for a in str(s).split("|")}
    assert not [a for a, *_ in EXTRA_PLACES if normalize_term(a) in gaz]
    table = {normalize_term(a.strip()) for s in load_actors()["aliases_ar"]
             for a in str(s).split("|")}
    plain = [a for v in EXTRA_ACTORS.values() for a in v if not re.search(r"[\\()\[\]|?*+]", a)]
    assert not [a for a in plain if normalize_term(a) in table]
    # the spellings moved from the coder are in the tables
    assert normalize_term("حقل كونوكو للغاز") in gaz and normalize_term("رايدر") in table
