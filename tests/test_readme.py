"""The README stays true: its layout tree and figure table name files that exist."""

import re

from analysis import paths

README = (paths.ROOT / "README.md").read_text(encoding="utf-8")


def test_layout_tree_paths_exist():
    block = README.split("## Layout", 1)[1].split("```", 2)[1]
    missing = []
    parents = {}
    for line in block.splitlines():
        m = re.match(r"^(\s*)(\S+)", line)
        if not m:
            continue
        indent, name = len(m.group(1)), m.group(2)
        parent = parents.get(indent - 2, "") if indent else ""
        path = parent + name
        parents[indent] = path if name.endswith("/") else parent
        if not (paths.ROOT / path).exists():
            missing.append(path)
    assert not missing, missing


def test_figure_table_points_at_real_notebooks():
    rows = re.findall(r"\| `figures/([\w-]+)` \|[^|]+\| `(notebooks/[\w.-]+)` \|", README)
    assert len(rows) >= 3
    for stem, nb in rows:
        assert (paths.ROOT / nb).exists(), nb
        assert stem.split("-", 1)[0] == nb.split("/")[1].split("-", 1)[0], (stem, nb)
        text = (paths.ROOT / nb).read_text(encoding="utf-8")
        assert f'"{stem}"' in text or f"\\\"{stem}\\\"" in text, f"{nb} does not save {stem}"


def test_the_two_commands_come_first():
    first_block = README.split("```", 2)[1]
    assert "make figures" in first_block and "make test" in first_block
    ci = (paths.ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_readme_incident_count_is_current():
    from analysis import load_incidents
    m = re.search(r"^(\d+) incidents \(December 2019", README, re.M)
    assert m and int(m.group(1)) == len(load_incidents()), "update the count in README.md"


def _python_blocks(text):
    """The ```python blocks of the README, except one preceded by
    ``<!-- readme-test: skip -->`` (for code that needs a file the reader has)."""
    blocks = []
    for m in re.finditer(r"(<!-- readme-test: skip -->\s*)?```python\n(.*?)```", text, re.S):
        if not m.group(1):
            blocks.append(m.group(2))
    return blocks


def test_readme_code_runs_as_written(tmp_path, monkeypatch):
    import warnings

    import matplotlib.pyplot as plt

    from analysis import AnalysisWarning

    blocks = _python_blocks(README)
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    quick_blocks = _python_blocks(quick)
    assert quick_blocks, "the quick start has runnable code"
    # run where files the README writes do no harm, with the checkout's tests/ (its
    # example files) reachable by the relative paths the README uses
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(paths.ROOT / "tests", target_is_directory=True)
    monkeypatch.setenv("ESCALATION_FIGURES_DIR", str(tmp_path / "figures"))
    namespace = {"__name__": "__readme__"}
    for i, code in enumerate(blocks):
        with warnings.catch_warnings():
            if code in quick_blocks:                       # the quick start runs cleanly
                warnings.simplefilter("error", AnalysisWarning)
            else:                                          # elsewhere notices may be shown
                warnings.simplefilter("ignore", AnalysisWarning)
            try:
                exec(compile(code, f"README.md python block {i + 1}", "exec"), namespace)
            except Exception as exc:                       # pragma: no cover - the message
                raise AssertionError(f"README python block {i + 1} fails:\n{code}") from exc
        if code == quick_blocks[0]:
            # the quick start selects two sides and fits a model on them
            assert list(namespace["counts"].columns) == ["militia", "us"]
            assert list(namespace["events"]) == ["militia", "us"]
            assert "Wald" in repr(namespace["res"].granger("militia"))
            assert namespace["ax"].figure is not None
    plt.close("all")
