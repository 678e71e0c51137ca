"""Every notebook executes headless (quick mode), and notebook figures are deterministic."""

import pytest

from analysis.notebooks import execute_notebook, notebook_paths

NOTEBOOKS = notebook_paths()


@pytest.mark.slow
@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(nb, tmp_path):
    execute_notebook(nb, quick=True, figures=tmp_path)
    prefix = nb.name.split("-", 1)[0] + "-"
    made = sorted(p.name for p in tmp_path.glob("*") if p.is_file())
    assert made and all(m.startswith(prefix) for m in made), made
    values = list((tmp_path / "values").glob(prefix + "*.json"))
    assert values, "every notebook writes a values file"


@pytest.mark.slow
def test_dataset_notebook_figures_are_byte_identical(tmp_path):
    nb = [p for p in NOTEBOOKS if p.name.startswith("01-")][0]
    execute_notebook(nb, figures=tmp_path / "a")
    execute_notebook(nb, figures=tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(files) >= 7
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_notebooks_are_committed_without_outputs():
    import nbformat
    for nb in NOTEBOOKS:
        book = nbformat.read(nb, as_version=4)
        for cell in book.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, nb.name
