"""A non-editable install (what `pip install .` gives a user) carries the notebook, the example and
the templates, and makes a report from them without the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel built from the checkout, installed into a folder of its own."""
    build = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(build), str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel = next(build.glob("evaltools-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "evaltools/notebooks/rapport.ipynb" in names
    assert "evaltools/data_templates/README.md" in names
    assert "evaltools/exempel/ung_framtid/insats.yaml" in names
    assert "evaltools/jupyter/kernels/evaltools/kernel.json" in names
    assert "evaltools/evaltools.mplstyle" in names
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    return target


def run_installed(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=600)


def test_installed_package_finds_its_own_files(installed, tmp_path):
    done = run_installed(installed, "-c", (
        "import evaltools, evaltools.resources as r; print(evaltools.__file__); "
        "print(r.notebook_path()); print(r.example_dir()); print(r.templates_dir())"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        assert line.startswith(str(installed)), line


def test_installed_package_makes_the_example_report(installed, tmp_path):
    done = run_installed(installed, "-m", "evaltools.cli", "exempel", "ex", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run_installed(installed, "-m", "evaltools.cli", "rapport", "ex/insats.yaml", "--ut", "ut",
                         cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    figures = json.loads((tmp_path / "ut" / "nyckeltal.json").read_text(encoding="utf-8"))
    assert figures["insats"] == "Ung Framtid"
    assert (tmp_path / "ut" / "halvarsrapport.html").is_file()
