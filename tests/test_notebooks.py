"""Every notebook executes headless (quick mode) and shows every figure it saves;
notebook figures are deterministic; a package plot does not hide the user's figures."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from analysis import paths
from analysis.notebooks import EXECUTED, execute_notebook, normalize_notebook, notebook_paths

NOTEBOOKS = notebook_paths()


def _images(cell) -> int:
    return sum("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_and_shows_its_figures(nb, tmp_path):
    book = execute_notebook(nb, quick=True, figures=tmp_path)
    prefix = nb.name.split("-", 1)[0] + "-"
    made = sorted(p.name for p in tmp_path.glob("*") if p.is_file())
    assert made and all(m.startswith(prefix) for m in made), made
    values = list((tmp_path / "values").glob(prefix + "*.json"))
    assert values, "every notebook writes a values file"
    # every figure the notebook saves is also an image output of the cell that saves it
    saving = [c for c in book.cells if c.cell_type == "code" and "save_figure(" in c.source]
    n_png = len([m for m in made if m.endswith(".png")])
    assert saving and sum(_images(c) for c in saving) >= n_png, "a saved figure is not shown"
    for cell in saving:
        assert _images(cell) >= 1, f"{nb.name}: no inline figure in\n{cell.source}"
        plain = [o for o in cell.outputs if o.get("output_type") == "execute_result"]
        assert not any("PosixPath" in o["data"].get("text/plain", "") for o in plain)
    # the executed notebook is deterministic in form
    assert [c.execution_count for c in book.cells if c.cell_type == "code"] == \
        list(range(1, 1 + sum(c.cell_type == "code" for c in book.cells)))
    assert all("execution" not in c.metadata for c in book.cells)


@pytest.mark.slow
def test_user_plot_after_package_plot_shows(tmp_path):
    """A fresh kernel: import, a package plot, then the user's own plt.plot: both show."""
    cells = [
        "import analysis as ea\nimport matplotlib.pyplot as plt\nimport numpy as np\n"
        "import pandas as pd\nfrom analysis.plotting import plot_timeline",
        "idx = pd.date_range('2024-01-01', periods=30, freq='D')\n"
        "counts = pd.DataFrame({'a': np.arange(30) % 3, 'b': np.arange(30) % 2}, index=idx)\n"
        "ax = plot_timeline(counts)\nea.save_figure(ax.figure, '99-timeline')",
        "plt.plot([1, 2, 3])",
        "fig, ax2 = plt.subplots()\nax2.plot([3, 2, 1]);",
        "import matplotlib\nprint(matplotlib.is_interactive(), len(plt.get_fignums()))",
    ]
    path = tmp_path / "first-ten-minutes.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in cells]), path)
    book = execute_notebook(path, figures=tmp_path / "figures")
    code = [c for c in book.cells if c.cell_type == "code"]
    assert _images(code[1]) == 1                    # the package figure, inline
    assert not [o for o in code[1].outputs if o["output_type"] == "execute_result"]
    assert _images(code[2]) == 1                    # the user's line after it
    assert _images(code[3]) == 1
    assert code[4].outputs[0]["text"].strip() == "True 0"   # shown figures were closed
    assert (tmp_path / "figures" / "99-timeline.png").exists()


def test_normalize_notebook_scrubs_paths_and_timings():
    from nbformat.v4 import new_output

    cell = new_code_cell("x", execution_count=7)
    cell.metadata["execution"] = {"iopub.execute_input": "2026-01-01T00:00:00Z"}
    cell.outputs = [new_output("stream", name="stderr",
                               text=f"{paths.ROOT}/analysis/x.py:3: Warning: w\n")]
    nb = new_notebook(cells=[cell], metadata={"language_info": {"name": "python",
                                                                "version": "3.11.2"}})
    normalize_notebook(nb)
    assert nb.cells[0].execution_count == 1 and "execution" not in nb.cells[0].metadata
    assert nb.cells[0].outputs[0]["text"] == "<repo>/analysis/x.py:3: Warning: w\n"
    assert nb.metadata["language_info"] == {"name": "python"}


def test_executed_notebooks_are_kept_for_readers():
    """`make figures` keeps one executed copy, with its figures, per notebook."""
    if not EXECUTED.is_dir():
        pytest.skip("notebooks/executed/ is written by make figures")
    for nb in NOTEBOOKS:
        copy = EXECUTED / nb.name
        assert copy.exists(), f"run make figures: {copy} is missing"
        book = nbformat.read(copy, as_version=4)
        assert [c.source for c in book.cells] == \
            [c.source for c in nbformat.read(nb, as_version=4).cells], \
            f"{copy} is stale: run make figures"
        n_saved = sum("save_figure(" in c.source for c in book.cells if c.cell_type == "code")
        assert sum(_images(c) for c in book.cells) >= n_saved


@pytest.mark.slow
def test_dataset_notebook_figures_are_byte_identical(tmp_path):
    nb = [p for p in NOTEBOOKS if p.name.startswith("01-")][0]
    a = execute_notebook(nb, figures=tmp_path / "a")
    b = execute_notebook(nb, figures=tmp_path / "b")
    assert nbformat.writes(a) == nbformat.writes(b)        # the executed copy too
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) >= 7
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_notebooks_are_committed_without_outputs():
    for nb in NOTEBOOKS:
        book = nbformat.read(nb, as_version=4)
        for cell in book.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, nb.name


def test_cell_ids_are_unique():
    """nbformat replaces a repeated cell id by a random one when it reads the notebook,
    so a repeated id would make the executed notebook differ from run to run."""
    import json
    from collections import Counter

    for nb in NOTEBOOKS:
        ids = [c.get("id") for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]]
        repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
        assert not repeated, f"{nb.name}: cell id(s) {repeated} repeated"


def test_normalize_joins_split_stream_messages():
    # how the kernel splits a cell's stderr into messages depends on timing: two runs of
    # the same notebook must still give the same file
    import nbformat

    from analysis.notebooks import normalize_notebook

    def nb_with(outputs):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("x = 1")
        cell.outputs = outputs
        nb.cells = [cell]
        return nb

    split = nb_with([nbformat.v4.new_output("stream", name="stderr", text="a\n"),
                     nbformat.v4.new_output("stream", name="stderr", text="b\n"),
                     nbformat.v4.new_output("stream", name="stdout", text="c\n")])
    whole = nb_with([nbformat.v4.new_output("stream", name="stderr", text="a\nb\n"),
                     nbformat.v4.new_output("stream", name="stdout", text="c\n")])
    assert normalize_notebook(split).cells[0].outputs == normalize_notebook(whole).cells[0].outputs
    outs = split.cells[0].outputs
    assert [(o["name"], o["text"]) for o in outs] == [("stderr", "a\nb\n"), ("stdout", "c\n")]


def test_run_all_starts_longest_first_and_the_summary_last(tmp_path, monkeypatch, capsys):
    """Scheduling only: the notebooks are faked; jobs=1 makes the start order visible."""
    import json

    from analysis import notebooks

    names = ["01-a", "02-b", "03-c", "04-d"]
    for n in names:
        meta = {"analysis": {"runs_after_others": True}} if n == "04-d" else {}
        (tmp_path / f"{n}.ipynb").write_text(json.dumps({"metadata": meta}))
    monkeypatch.setattr(notebooks, "notebook_paths", lambda: sorted(tmp_path.glob("*.ipynb")))
    monkeypatch.setattr(notebooks, "EXPECTED_SECONDS", {"01": 5, "02": 1, "03": 40, "04": 90})
    monkeypatch.delenv("LOKY_MAX_CPU_COUNT", raising=False)
    started = []

    def fake(nb, quick, figures, env):
        started.append((nb.stem, env["LOKY_MAX_CPU_COUNT"]))
        return nb, 0, 0.0, 0.0, ""
    monkeypatch.setattr(notebooks, "_run_in_subprocess", fake)
    timings = []
    assert notebooks.run_all(jobs=1, figures=tmp_path / "fig", timings=timings) == 0
    assert [s for s, _ in started] == ["03-c", "01-a", "02-b", "04-d"]
    import os
    assert {c for _, c in started} == {str(os.cpu_count() or 1)}
    assert [t[0] for t in timings] == ["03-c.ipynb", "01-a.ipynb", "02-b.ipynb", "04-d.ipynb"]
    started.clear()
    notebooks.run_all(jobs=64, figures=tmp_path / "fig")
    assert {c for _, c in started} == {"1"}      # no nested pools under many notebooks at once


def test_normalize_drops_time_stamped_log_lines_only():
    import nbformat

    from analysis.notebooks import normalize_notebook
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text=(
            "2026-12-05 16:01:02,123 - distributed.nanny - WARNING - Worker process still "
            "alive after 3.9 seconds, killing\nUserWarning: a real warning\n")),
        nbformat.v4.new_output("stream", name="stderr", text=(
            "2026-12-05 16:01:03,456 - distributed.nanny - WARNING - still alive\n")),
        nbformat.v4.new_output("stream", name="stdout", text="kept as printed\n")]
    nb.cells = [cell]
    out = normalize_notebook(nb).cells[0].outputs
    assert [o["name"] for o in out] == ["stderr", "stdout"]
    assert out[0]["text"] == "UserWarning: a real warning\n"
    assert out[1]["text"] == "kept as printed\n"
