"""The documentation site: every public name has a place, generated pages and checks work.

The site itself is built by ``make docs`` (warnings are errors, then a browser check);
these tests cover what the build relies on and run in a second.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import json
import runpy
import shutil
import sys
import types
import zlib

import pytest

import analysis
from analysis import paths

DOCS = paths.ROOT / "docs"
sys.path[:0] = [str(DOCS), str(DOCS / "_ext"), str(paths.ROOT / "tools")]

import api_groups  # noqa: E402
import docs_check  # noqa: E402
import escalation_docs  # noqa: E402


def test_every_public_name_is_placed_in_one_api_group():
    problems = api_groups.placement_problems(analysis)
    assert not problems, (
        "docs/api_groups.py is out of date with analysis.__all__:\n  "
        + "\n  ".join(problems))


def test_placement_check_names_unplaced_duplicate_and_stale_names(monkeypatch):
    fake = types.SimpleNamespace(
        __all__=["load_incidents", "read_acled", "__version__"],
        _EXPORTS={"load_incidents": "analysis.data",
                  "read_acled": "analysis.importers.acled"})
    problems = api_groups.placement_problems(fake)
    unplaced = [p for p in problems if "'read_acled'" in p]
    assert len(unplaced) == 1 and "'importers'" in unplaced[0]
    assert any("'to_counts'" in p and "not in analysis.__all__" in p for p in problems)
    assert not any("__version__" in p for p in problems)
    groups = [list(g) for g in api_groups.GROUPS]
    groups[1][3] = groups[1][3] + ["load_incidents"]
    monkeypatch.setattr(api_groups, "GROUPS", [tuple(g) for g in groups])
    assert any("placed in both" in p for p in api_groups.placement_problems(analysis))


def test_api_pages_list_every_public_name_once():
    pages = escalation_docs.api_pages(analysis)
    listed = []
    for name, text in pages.items():
        if name in ("index.rst", "modules.rst"):
            continue
        main = text.split("Returned objects and helpers")[0]
        for block in main.split(".. autosummary::")[1:]:
            entries = block.split(":nosignatures:\n\n", 1)[1].split("\n\n", 1)[0]
            listed += [line.strip() for line in entries.splitlines() if line.strip()]
        assert ".. currentmodule:: analysis\n" in text
    assert sorted(listed) == api_groups.public_names(analysis)
    toc = pages["index.rst"].split(":maxdepth: 2", 1)[1].split()
    assert toc == [slug for slug, *_ in api_groups.GROUPS
                   if any(f"{slug}.rst" == n for n in pages)] + ["modules"]


def test_a_name_that_is_also_a_submodule_is_documented_under_its_module(monkeypatch):
    fake = types.SimpleNamespace(__name__="analysis", _EXPORTS={
        "to_counts": "analysis.data", "data": "analysis.data"})
    assert escalation_docs.shadowed_names(fake) == {"data": "analysis.data"}


def test_returned_objects_are_documented_beside_their_model():
    extras = escalation_docs.module_extras(analysis, ["CountModel", "VARModel"])
    assert "analysis.models.counts.CountResults" in extras
    assert "analysis.models.var.IRFResults" in extras
    for e in extras:                 # none is a top-level name documented twice
        module, _, attr = e.rpartition(".")
        obj = getattr(importlib.import_module(module), attr)
        assert not (attr in analysis._EXPORTS and getattr(analysis, attr) is obj), e


def test_codebook_tables_carry_every_field_of_the_datapackage():
    dp = paths.ROOT / "data" / "datapackage.json"
    text = escalation_docs.codebook_tables(dp)
    pkg = json.loads(dp.read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        assert f"# `{res['name']}`" in text
        for field in res["schema"]["fields"]:
            assert f"| `{field['name']}` |" in text, (res["name"], field["name"])
    assert "`confirmed`, `claimed`, `reported`" in text


def test_gallery_notes_link_each_figure_to_the_cell_and_the_api():
    nb = {"cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# 09 · Test"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 1,
         "source": 'res = CountModel(c, "b").fit()\nfig, ax = new_figure("wide")\n'
                   'res.plot_response(ax=ax)\nsave_figure(fig, "09-curves")\n'},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": 2,
         "source": "print(1)"},
    ], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    targets = escalation_docs.api_targets(analysis)
    out, found = escalation_docs.gallery_notebook(nb, "09-test", targets)
    assert found == [("09-curves", "fig-09-curves")]
    note = out["cells"][1]
    assert note["cell_type"] == "markdown" and note["source"].startswith("(fig-09-curves)=")
    assert "{py:obj}`~analysis.CountModel`" in note["source"]
    assert "{py:obj}`~analysis.plotting.new_figure`" in note["source"]
    assert "notebooks/09-test.ipynb" in note["source"]
    assert out["cells"][2]["source"] == nb["cells"][1]["source"]   # the code, unchanged
    assert nb["cells"][1]["source"].count("save_figure") == 1      # input not mutated


def test_gallery_without_executed_notebooks_says_so_and_shows_saved_figures(
        tmp_path, monkeypatch):
    monkeypatch.setenv("ESCALATION_EXECUTED_NOTEBOOKS", str(tmp_path))
    files, figs = escalation_docs.gallery_pages(escalation_docs.api_targets(analysis))
    assert "found no executed copy" in files["index.md"]
    assert "01-timeline" in figs
    nb = json.loads(files["01-dataset.ipynb"])
    assert any("found no executed copy" in c["source"] for c in nb["cells"])
    # the figure the cell saved is shown after it (the committed notebook has no outputs)
    assert any("/_generated/figures/01-timeline.png" in c["source"] for c in nb["cells"]
               if c["cell_type"] == "markdown")


def test_nonstandard_docstring_sections_are_kept_under_notes():
    lines = ["Summary.", "", "Parameters", "----------", "x : int", "    A number.", "",
             "Ties", "----", "Tied times are jittered.", "", "Examples", "--------",
             ">>> 1", ""]
    escalation_docs.nonstandard_sections_to_notes(None, "class", "X", None, {}, lines)
    text = "\n".join(lines)
    assert "Ties\n----" not in text
    assert "Notes\n-----" in text and ".. rubric:: Ties" in text
    assert "Tied times are jittered." in text and "x : int" in text and ">>> 1" in text
    from numpydoc.docscrape import NumpyDocString

    doc = NumpyDocString(text)
    assert any("Tied times" in line for line in doc["Notes"])


def test_printed_tables_in_examples_are_not_taken_for_sections():
    lines = ["Summary.", "", "Examples", "--------", ">>> print(s)", "Coefficients",
             "------------", "x  1.0", "", "Notes", "-----", "Text."]
    before = list(lines)
    escalation_docs.nonstandard_sections_to_notes(None, "class", "X", None, {}, lines)
    assert lines == before
    assert [t for _, t in escalation_docs._sections(lines)] == ["Examples", "Notes"]


@functools.lru_cache(maxsize=1)
def _conf():
    return runpy.run_path(str(DOCS / "conf.py"))


@pytest.mark.parametrize("name, must_have", [
    ("pandas", "pandas.DataFrame"), ("numpy", "numpy.random.Generator"),
    ("scipy", "scipy.stats.norm"), ("matplotlib", "matplotlib.axes.Axes"),
    ("statsmodels", "statsmodels.tsa.vector_ar.var_model.VAR"),
    ("python", "pathlib.Path")])
def test_intersphinx_inventories_are_committed_and_read_offline(name, must_have):
    conf = _conf()
    url, inventory = conf["intersphinx_mapping"][name]
    # a local file, never a download: the build needs no network
    assert url.startswith("https://") and inventory == str(DOCS / "_inv" / f"{name}.inv")
    raw = (DOCS / "_inv" / f"{name}.inv").read_bytes()
    header, _, body = raw.partition(b"zlib.\n")
    assert header.startswith(b"# Sphinx inventory version 2")
    names = {line.split(" ", 1)[0] for line in zlib.decompress(body).decode().splitlines()}
    assert must_have in names


def test_link_checker_reports_missing_files_and_fragments(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><h1 id="top">x</h1><a href="#top">ok</a><a href="other.html">ok</a>'
        '<a href="gone.html">bad</a><a href="other.html#nowhere">bad</a>'
        '<img src="_images/missing.png"><a href="https://example.org/">external</a>'
        "</body></html>", encoding="utf-8")
    (tmp_path / "other.html").write_text('<p id="here">y</p>', encoding="utf-8")
    docs_check._parse.cache_clear()
    problems = docs_check.static_problems(tmp_path)
    assert len(problems) == 3, problems
    assert any("gone.html" in p for p in problems)
    assert any("#nowhere" in p for p in problems)
    assert any("missing.png" in p for p in problems)


@pytest.mark.skipif(not any(shutil.which(b) for b in ("chromium", "chromium-browser",
                                                      "google-chrome")),
                    reason="no chromium here (make docs installs it before its check)")
def test_browser_check_reports_console_errors_and_broken_images(tmp_path):
    (tmp_path / "index.html").write_text(
        "<html><head><link rel='icon' href='data:,'></head><body><p>x</p>"
        "<img src='missing.png'><script>console.error('boom')</script>"
        "</body></html>", encoding="utf-8")
    (tmp_path / "ok.html").write_text(
        "<html><head><link rel='icon' href='data:,'></head><body>fine</body></html>",
        encoding="utf-8")
    problems = asyncio.run(docs_check._browse(
        tmp_path, ["index.html", "ok.html"], {"home.png": "ok.html"}, tmp_path, 30.0))
    assert any("console error: boom" in p for p in problems), problems
    assert any("image did not load: missing.png" in p for p in problems), problems
    assert not any(p.startswith("ok.html") for p in problems), problems
    assert (tmp_path / "home.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
