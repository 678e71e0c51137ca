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
