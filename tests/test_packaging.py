"""The wheel carries the dataset and its schema: load_incidents works when installed."""

import subprocess
import sys
import zipfile

import pytest

from analysis import paths


@pytest.mark.slow
def test_wheel_bundles_data_and_loads_it(tmp_path):
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(out), str(paths.ROOT)],
                   check=True, capture_output=True)
    wheel = next(out.glob("escalation_analysis-*.whl"))
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(site)
    for f in ("analysis/_bundled/datapackage.json", "analysis/_bundled/processed/incidents.csv",
              "analysis/_bundled/processed/sources.csv", "analysis/_bundled/processed/sides.csv",
              "analysis/_bundled/processed/toy/incidents.csv"):
        assert f in names, f
    code = ("import analysis, pathlib; inc = analysis.load_incidents(); "
            "assert pathlib.Path(analysis.__file__).parent.parent == pathlib.Path(r'%s'); "
            "toy = analysis.load_example(); assert set(toy['side']) == {'a', 'b'}; "
            "assert analysis.load_sides().label('us') == 'US forces'; "
            "p = analysis.save_values({'x': 1.0}, 'check'); "
            "assert p.resolve() == (pathlib.Path.cwd() / 'figures' / 'values' / 'check.json')"
            ".resolve(), p; "
            "print(len(inc), len(analysis.load_sources()))" % site)
    res = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                         text=True, env={"PYTHONPATH": str(site), "PATH": ""})
    assert res.returncode == 0, res.stderr
    n_inc, n_src = map(int, res.stdout.split())
    assert n_inc >= 350 and n_src > 100
    assert (tmp_path / "figures" / "values" / "check.json").exists()     # under the CWD
    assert not (site / "figures").exists()                               # not in the package
