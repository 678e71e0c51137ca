"""Coverage tables of the codebook (issue 13): computed, never typed.

The codebook's tables and quoted counts must be what ``analysis.data.coverage`` computes
on the committed processed data; the counting rules are checked on a hand-made table.
"""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import analysis as ea
from analysis import paths
from analysis.data.coverage import update_codebook

README = paths.DATA / "README.md"


def test_codebook_coverage_is_what_the_data_give(tmp_path):
    text = README.read_text(encoding="utf-8")
    # the section is generated: config, both blocks and the prose counts are present
    assert "<!-- coverage:config " in text
    for name in ("by-year", "tallies"):
        assert text.count(f"<!-- coverage:{name} -->") == 1
    assert len(re.findall(r"<!-- coverage:count ", text)) >= 8
    copy = tmp_path / "README.md"
    shutil.copy(README, copy)
    changed = update_codebook(copy, ea.load_incidents(), ea.load_official_tallies())
    assert not changed, ("data/README.md coverage tables or counts are stale: run "
                         "`python -m analysis.build` (it rewrites them)")
    n = len(ea.load_incidents())
    assert f"<!-- coverage:incidents -->{n}<!-- /coverage:incidents -->" in text
    from analysis.build import update_coverage            # what python -m analysis.build runs
    assert not update_coverage(copy, paths.PROCESSED)


def test_a_stale_number_is_caught(tmp_path):
    copy = tmp_path / "README.md"
    text = README.read_text(encoding="utf-8")
    stale = re.sub(r"(<!-- coverage:count [^>]*-->)(\d+)", lambda m: m.group(1) + "9999",
                   text, count=1)
    stale = stale.replace("| 2019 (from 3 Dec) | 5 ", "| 2019 (from 3 Dec) | 4 ")
    assert stale != text
    copy.write_text(stale, encoding="utf-8")
    assert update_codebook(copy, ea.load_incidents(), ea.load_official_tallies())
    assert copy.read_text(encoding="utf-8") == text


def _table():
    rows = [  # date, side, target_side, event_type, target_kind, country, confirmation, n
        ("2019-12-20", "m", "u", "attack", "base", "Iraq", "confirmed", 2),
        ("2020-01-05", "m", "u", "attack", "convoy", "Iraq", "reported", 1),
        ("2020-01-06", "m", "u", "attack", "base", "Syria", "claimed", 3),
        ("2020-01-06", "x", "u", "attack", "diplomatic", "Iraq", "reported", 1),
        ("2020-01-07", "m", "p", "attack", "partner", "Syria", "confirmed", 5),   # not on u
        ("2020-01-07", "m", "u", "interception", "base", "Syria", "confirmed", 7),  # not attack
        ("2020-01-08", "u", "m", "strike", None, "Iraq", "confirmed", 4),        # 1 incident
        ("2020-01-09", "u", "m", "strike", None, "Syria", "reported", 1),
        ("2021-03-01", "m", "u", "attack", "base", "Jordan", "confirmed", 1),
    ]
    cols = ["date", "side", "target_side", "event_type", "target_kind", "country",
            "confirmation", "n_attacks"]
    inc = pd.DataFrame(rows, columns=cols)
    inc["date"] = pd.to_datetime(inc["date"])
    return inc


def test_by_year_counting_rules():
    t = ea.coverage_by_year(_table(), target_side="u", apart_kinds=["convoy"])
    assert list(t.index) == [2019, 2020, 2021]
    assert t.loc[2019, "start"] == pd.Timestamp("2019-12-20")
    assert t.loc[2021, "end"] == pd.Timestamp("2021-03-01")
    assert t.loc[2020, "start"] == pd.Timestamp("2020-01-01")
    assert t["attacks"].tolist() == [2, 4, 1]            # n_attacks, convoys apart
    assert t["attacks_apart"].tolist() == [0, 1, 0]
    assert t.loc[2020, ["confirmed", "claimed", "reported"]].tolist() == [0, 3, 2]
    assert t.loc[2020, ["Iraq", "Syria", "Jordan"]].tolist() == [2, 3, 0]
    assert list(t.columns[t.columns.get_loc("Iraq"):][:3]) == ["Iraq", "Syria", "Jordan"]
    assert t["strike_incidents"].tolist() == [0, 2, 0]   # incidents, not n_attacks
    assert (t["confirmation_missing"] == 0).all() and (t["country_missing"] == 0).all()
    assert ea.coverage_by_year(_table(), target_side="u", strike_side="m")[
        "strike_incidents"].sum() == 0


def test_window_counts_and_tallies():
    inc = _table()
    kw = dict(target_side="u", apart_kinds=["convoy"])
    assert ea.count_attacks(inc, "2020-01-05", "2020-01-06", **kw) == 5
    assert ea.count_attacks(inc, "2020-01-05", "2020-01-06", apart="exclude", **kw) == 4
    assert ea.count_attacks(inc, "2020-01-05", "2020-01-06", apart="only", **kw) == 1
    assert ea.count_attacks(inc, "2019-01-01", "2021-12-31", confirmation=["confirmed", "claimed"],
                            **kw) == 6
    tallies = pd.DataFrame({
        "as_of_date": pd.to_datetime(["2020-01-06", "2021-03-01", "2020-01-06"]),
        "since": pd.to_datetime(["2019-12-20", "2019-12-20", "2020-01-06"]),
        "total": [5, 9, 2], "total_is_lower_bound": [True, False, False],
        "iraq": [3, None, None], "syria": [2, None, None]})
    t = ea.coverage_against_tallies(inc, tallies, **kw)
    # sorted by as_of_date, then since; both ends counted, convoys out
    assert t["since"].tolist() == list(pd.to_datetime(["2019-12-20", "2020-01-06", "2019-12-20"]))
    assert t["table_all"].tolist() == [6, 4, 7]
    assert t["table_confirmed_or_claimed"].tolist() == [5, 3, 6]
    assert t["table_confirmed"].tolist() == [2, 0, 3]
    assert t["table_iraq"].tolist() == [3, 1, 3] and t["table_syria"].tolist() == [3, 3, 3]
    assert t.attrs["countries"] == ["Iraq", "Syria"]       # the tallies' split columns
    assert t["official_iraq"].tolist()[0] == 3 and pd.isna(t["official_iraq"].iloc[1])
    assert t["ratio_all"].iloc[0] == pytest.approx(6 / 5)
    one = ea.coverage_against_tallies(inc, tallies, since="2020-01-06", **kw)
    assert one["official"].tolist() == [2]
    with pytest.raises(ValueError, match="no tally is counted from"):
        ea.coverage_against_tallies(inc, tallies, since="2000-01-01", **kw)
    with pytest.raises(ValueError, match="target_side 'us' does not occur"):
        ea.coverage_by_year(inc, target_side="us")
    with pytest.raises(ValueError, match="apart must be"):
        ea.count_attacks(inc, "2020-01-01", "2020-01-02", apart="with", **kw)
    with pytest.raises(ValueError, match="start: '9 Foo' is not a date"):
        ea.count_attacks(inc, "9 Foo", "2020-01-02", **kw)
    with pytest.raises(ValueError, match="missing column"):
        ea.coverage_by_year(inc.drop(columns="country"), target_side="u")


def test_update_codebook_rewrites_only_the_marked_parts(tmp_path):
    p = tmp_path / "README.md"
    p.write_text('intro\n<!-- coverage:config {"target_side": "u", "apart_kinds": ["convoy"]} -->\n'
                 "<!-- coverage:by-year -->\nold table\n<!-- /coverage:by-year -->\n"
                 "has <!-- coverage:count from=2020-01-05 to=2020-01-06 apart=exclude -->1"
                 "<!-- /coverage:count --> attacks\nend\n", encoding="utf-8")
    assert update_codebook(p, _table(), pd.DataFrame(columns=["as_of_date", "since", "total",
                                                             "total_is_lower_bound"]))
    text = p.read_text(encoding="utf-8")
    assert text.startswith("intro\n") and text.endswith(" attacks\nend\n")
    assert "old table" not in text and "| 2020 | 4 (1) | 0 / 3 / 2 | 2 / 3 / 0 | 2 |" in text
    assert "-->4<!-- /coverage:count -->" in text
    assert not update_codebook(p, _table(), pd.DataFrame())          # idempotent
    p.write_text('<!-- coverage:config {"target_side": "u"} -->\n'
                 "has <!-- coverage:count from=2020-01-05 -->?<!-- /coverage:count -->",
                 encoding="utf-8")
    with pytest.raises(ValueError, match="needs"):
        update_codebook(p, _table(), pd.DataFrame())
    p.write_text('<!-- coverage:config {"target_side": "u"} -->\nthe table has\n'
                 "<!-- coverage:incidents -->?<!-- /coverage:incidents -->", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: an inline coverage span starts the line"):
        update_codebook(p, _table(), pd.DataFrame())
