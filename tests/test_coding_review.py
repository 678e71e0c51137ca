"""The review flow: showing drafts beside the text, the review CSV round trip, the
``escalation-review`` command, and appending accepted rows through the validation of
``read_incidents``. Reports are written for these tests; output goes to tmp_path."""

import io

import pandas as pd
import pytest

from analysis import DataError, SpecificationError, code_report, load_sides, read_incidents
from analysis.coding import review
from analysis.coding.extract import source_id_of

REPORT = ("قصفت طائرات حربية أمريكية فجر اليوم الجمعة مواقع لكتائب حزب الله في منطقة القائم "
          "غربي العراق، ما أسفر عن مقتل ثلاثة عناصر.\nوكانت قاعدة عين الأسد قد تعرضت الأحد "
          "الماضي لهجوم بطائرة مسيرة أدى إلى إصابة جندي أمريكي.")
PUB = "2024-02-02"
SRC = "https://news.example.org/2024/02/02/strikes"


@pytest.fixture
def drafts():
    d = code_report(REPORT, published=PUB, source=SRC)
    assert len(d) == 2
    return d


def test_show_drafts_puts_fields_beside_the_text(drafts):
    out = review.show_drafts(drafts)
    assert "draft d1 (main)" in out and "draft d2 (background)" in out
    assert "⟦القائم⟧" in out and "⟦الأحد الماضي⟧" in out
    assert "weapon          airstrike" in out
    empty = code_report("", published=PUB)
    assert review.show_drafts(empty).startswith("no drafts: empty text")


def test_highlight_html_marks_the_evidence(drafts):
    html = review.highlight_html(drafts, "d1")
    assert html.count("<mark") >= 4 and "<sub>location, country</sub>" in html
    assert 'dir="rtl"' in html


def test_append_incidents_format_validates_with_read_incidents(drafts, tmp_path):
    out = tmp_path / "coded" / "incidents.csv"
    written = review.append_incidents(drafts, out)
    assert len(written) == 2
    back = read_incidents(out, sides=load_sides(), sources=True)  # the sibling sources.csv
    assert list(back["incident_id"]) == list(drafts["incident_id"])
    assert set(back["sources"]) == {source_id_of(SRC)}
    src = pd.read_csv(out.parent / "sources.csv", dtype=str, keep_default_na=False)
    assert src.to_dict("records") == [{"source_id": source_id_of(SRC), "url": SRC, "kind": "web",
                                       "outlet": "news.example.org", "language": "ar",
                                       "published": PUB}]
    # appending the same report's incidents again is refused and writes nothing (issue 9)
    before = out.read_bytes()
    with pytest.raises(DataError, match="already in"):
        review.append_incidents(drafts, out)
    assert out.read_bytes() == before
    assert len(pd.read_csv(out.parent / "sources.csv")) == 1
    # another incident of the same day from another report is appended, with a new id
    other = drafts.iloc[[0]].copy()
    other.attrs.update(drafts.attrs)
    review.append_incidents(other, out, source="https://other.example.org/r2")
    back = read_incidents(out, sides=load_sides(), sources=True)
    assert len(back) == 3 and back["incident_id"].is_unique
    assert back["incident_id"].iloc[2].endswith("-2")


def test_append_additions_format(drafts, tmp_path):
    out = tmp_path / "additions" / "coded_reports.csv"
    review.append_incidents(drafts, out)
    rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(rows.columns) == review.ADDITIONS_COLUMNS == review.additions_columns(out)
    # the raw format names casualties by side (the case's case.json): the strike's
    # target_killed is its militia_killed, the attack's target_wounded its us_wounded
    assert review.additions_columns()[12:15] == ["us_killed", "us_wounded", "militia_killed"]
    assert list(rows["direction"]) == ["us_on_militia", "militia_on_us"]
    assert list(rows["source_url"]) == [SRC, SRC]
    assert rows["event_date"].iloc[0] == PUB and rows["militia_killed"].iloc[0] == "3"
    assert rows["us_wounded"].iloc[1] == "1" and rows["us_killed"].iloc[1] == ""
    assert not (out.parent / "sources.csv").exists()   # the build would read it as incidents


def test_append_additions_refuses_a_figure_with_no_side_column(drafts, tmp_path):
    """The raw additions format has casualty columns only for the case's sides
    (us_killed, us_wounded, militia_killed): a role figure that would need another
    (here the militia's own wounded in its attack) is refused, not dropped."""
    out = tmp_path / "additions" / "coded_reports.csv"
    d = drafts.copy()
    d.attrs.update(drafts.attrs)
    d["actor_wounded"] = pd.array([pd.NA, 2], dtype="Int64")
    with pytest.raises(DataError, match="actor_wounded.*militia_wounded"):
        review.append_incidents(d, out)
    assert not out.exists()


def test_append_refuses_invalid_rows_and_writes_nothing(drafts, tmp_path):
    bad = drafts.copy()
    bad["weapon"] = bad["weapon"].astype(object)
    bad.loc[0, "weapon"] = "slingshot"
    out = tmp_path / "incidents.csv"
    with pytest.raises(DataError, match="weapon"):
        review.append_incidents(bad, out)
    assert not out.exists()
    with pytest.raises(SpecificationError, match="source"):
        review.append_incidents(code_report(REPORT, published=PUB), out)
    with pytest.raises(SpecificationError, match="format"):
        review.append_incidents(drafts, out, fmt="xlsx")


def test_review_csv_round_trip(drafts, tmp_path):
    path = review.write_review_csv(drafts, tmp_path / "r.review.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert {"decision", "date_evidence", "weapon_confidence", "snippet"} <= set(table.columns)
    assert table["location_evidence"].iloc[0] == "القائم"
    table.loc[1, "decision"] = "accept"
    table.loc[1, "weapon"] = "drone"                   # a coder's correction
    table.to_csv(path, index=False)
    acc = review.read_review_csv(path)
    assert len(acc) == 1 and acc.attrs["source"] == SRC and acc.attrs["published"] == PUB
    out = tmp_path / "out.csv"
    assert review.main(["--apply", str(path), "--out", str(out)]) == 0
    back = read_incidents(out, sides=load_sides(), sources=True)
    assert list(back["weapon"]) == ["drone"] and list(back["side"]) == ["militia"]


def test_cli_accept_all_and_non_interactive(tmp_path, capsys):
    rep = tmp_path / "report.txt"
    rep.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "incidents.csv"
    assert review.main([str(rep), "--published", PUB, "--source", SRC, "--out", str(out),
                        "--accept-all"]) == 0
    assert "appended 2 row(s)" in capsys.readouterr().out
    assert len(read_incidents(out, sides=load_sides(), sources=True)) == 2
    assert review.main([str(rep), "--published", PUB, "--source", SRC, "--out", str(out),
                        "--non-interactive"]) == 0
    assert (tmp_path / "incidents.review.csv").exists()
    assert len(read_incidents(out, sides=load_sides(), sources=True)) == 2    # nothing appended
    # errors: missing source, missing file, bad date, nothing accepted
    with pytest.raises(SystemExit):
        review.main([str(rep), "--out", str(out)])
    assert review.main([str(tmp_path / "nope.txt"), "--source", SRC, "--out", str(out)]) == 2
    assert review.main([str(rep), "--published", "2024-99-01", "--source", SRC,
                        "--out", str(out), "--accept-all"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert review.main([str(empty), "--source", SRC, "--out", str(out), "--accept-all"]) == 0
    assert "no drafts: empty text" in capsys.readouterr().out


def test_interactive_accept_edit_skip(drafts):
    answers = io.StringIO("e\nweapon=rocket\nus_wounded=1\ntarget_wounded=x\n\n"
                          "e\ntarget_wounded=1\n\na\ns\n")
    shown = io.StringIO()
    acc = review._interactive(drafts, answers, shown)
    text = shown.getvalue()
    assert "not valid" in text                         # target_wounded=x was refused
    assert "casualties are by role" in text            # us_wounded: the old side-named column
    assert acc["target_wounded"].iloc[0] == "1"
    assert len(acc) == 1 and acc["weapon"].iloc[0] == "rocket"
    assert acc.attrs["source"] == SRC
    quit_early = review._interactive(drafts, io.StringIO("q\n"), io.StringIO())
    assert quit_early.empty


def test_plot_confidence_returns_the_axes(drafts):
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    out = review.plot_confidence(drafts, ax=ax)
    assert out is ax and len(ax.get_yticklabels()) == 2
    assert review.plot_confidence(drafts).figure is not fig


def test_cli_bad_paths_are_one_line_and_exit_2(tmp_path, capsys):
    """A missing file, a directory as the report or review CSV, a directory as --out:
    one line on stderr, exit code 2, no traceback."""
    cases = [[str(tmp_path / "missing.txt"), "--source", SRC],
             [str(tmp_path), "--source", SRC],
             ["--apply", str(tmp_path), "--out", str(tmp_path / "o.csv")],
             ["--apply", str(tmp_path / "none.review.csv"), "--out", str(tmp_path / "o.csv")]]
    rep = tmp_path / "r.txt"
    rep.write_text(REPORT, encoding="utf-8")
    cases.append([str(rep), "--source", SRC, "--published", PUB, "--accept-all", "--out",
                  str(tmp_path)])
    for argv in cases:
        assert review.main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and err.startswith("escalation-review:"), err
        assert "Traceback" not in err
    # a review CSV that is not text: one line naming the file, exit 1
    bad = tmp_path / "bin.review.csv"
    bad.write_bytes(b"decision\n\xff\x00\xc3\x28\n")
    assert review.main(["--apply", str(bad), "--out", str(tmp_path / "o.csv")]) == 1
    err = capsys.readouterr().err.strip()
    assert "bin.review.csv" in err and "UTF-8" in err and err.count("\n") == 0


def test_cli_applying_the_same_review_twice_refuses(tmp_path, capsys):
    rep = tmp_path / "r.txt"
    rep.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "additions" / "coded.csv"
    rc = tmp_path / "r.review.csv"
    assert review.main([str(rep), "--source", SRC, "--published", PUB, "--non-interactive",
                        "--review-csv", str(rc)]) == 0
    t = pd.read_csv(rc, dtype=str, keep_default_na=False)
    t["decision"] = "accept"
    t.to_csv(rc, index=False, encoding="utf-16")     # as a spreadsheet saves it
    assert review.main(["--apply", str(rc), "--out", str(out)]) == 0
    n = len(pd.read_csv(out))
    capsys.readouterr()
    assert review.main(["--apply", str(rc), "--out", str(out)]) == 1
    assert "already in" in capsys.readouterr().err
    assert len(pd.read_csv(out)) == n
