"""The built wheel works without the source tree: quick start from a fresh virtualenv.

The wheel is installed with --no-deps into a new venv that reads its dependencies from the
test run's own site-packages (a .pth file): the same wheel a user installs, without fetching
spaCy and friends again. About 25 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=240, **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                  str(ROOT)])
    if built.returncode != 0:
        pytest.skip(f"cannot build the wheel here: {built.stderr.strip()[-300:]}")
    return next(out.glob("treatykit-*.whl"))


def test_the_wheel_ships_example_deals_pages_and_py_typed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "treatykit/py.typed" in names
    assert "treatykit/data/deals/pakistan-us-critical-minerals.yaml" in names
    assert "treatykit/drafting/pages/review.html.j2" in names
    assert "treatykit/ingest/feature-groups.tsv" in names


@pytest.mark.slow
def test_quick_start_from_the_installed_wheel_outside_the_source_tree(wheel, tmp_path):
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = _run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps",
                      str(wheel)])
    assert installed.returncode == 0, installed.stderr
    site = _run([str(bin_dir / "python"), "-c",
                 "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    (Path(site) / "test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    treatykit = str(bin_dir / "treatykit")
    deal = _run([treatykit, "init-deal", "critical_minerals"], cwd=work, env=env)
    assert deal.returncode == 0, deal.stderr
    (work / "d.yaml").write_text(deal.stdout, encoding="utf-8")
    drafted = _run([treatykit, "draft", "d.yaml", "-o", "d.docx"], cwd=work, env=env)
    assert drafted.returncode == 0, drafted.stderr
    assert zipfile.is_zipfile(work / "d.docx")
    where = _run([str(bin_dir / "python"), "-c", "import treatykit; print(treatykit.__file__)"],
                 cwd=work, env=env).stdout
    assert str(venv) in where and str(ROOT) not in where
