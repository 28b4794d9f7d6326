"""A non-editable install (a wheel, as `pip install .` makes) works from any directory with the
source tree gone: the criteria and the test cases ship inside the package.

Fast, and still the real thing: the wheel is built once from a copy of the source (hatchling,
without build isolation), the copy is deleted, and the wheel is installed with pip (no index, no
dependencies) into a new virtual environment that sees the dependencies already installed for the
tests through a .pth file naming a folder of links to them (and to pip), without the tests' own
`antt`: the wheel's copy is the only one the new environment can import.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

DEPENDENCIES = ("typer", "pydantic", "pydantic_core", "yaml", "rich", "orjson", "openpyxl")


def _build_wheel(src: Path, dist: Path) -> Path:
    try:
        from hatchling.build import build_wheel  # the test extra installs it (pyproject.toml)
    except ImportError:  # pragma: no cover - without it, build as `pip install .` does (slower)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(src)],
                       check=True, timeout=600)
        return next(dist.glob("antt-*.whl"))
    here = os.getcwd()
    os.chdir(src)
    try:
        return dist / build_wheel(str(dist))
    finally:
        os.chdir(here)


def _dependencies_view(view: Path) -> Path:
    """A folder of links to everything installed beside the dependencies — except antt itself."""
    import importlib

    view.mkdir()
    for name in DEPENDENCIES:
        site = Path(importlib.import_module(name).__file__).resolve().parent.parent
        for entry in site.iterdir():
            if entry.name.lower().startswith(("antt", "_antt", "__editable__")) or (view / entry.name).exists():
                continue
            (view / entry.name).symlink_to(entry)
    return view


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist"))
    dist = base / "dist"
    dist.mkdir()
    wheel = _build_wheel(src, dist)
    shutil.rmtree(src)  # nothing may depend on the source tree
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    Path(site, "_antt_test_dependencies.pth").write_text(f"{_dependencies_view(base / 'deps')}\n", encoding="utf-8")
    pip = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                         capture_output=True, text=True, timeout=300)
    assert pip.returncode == 0, pip.stderr[-2000:]
    return venv


def test_assess_from_another_directory(installed, tmp_path):
    record = tmp_path / "don-vi.yaml"
    record.write_text((EXAMPLES / "khu_dan_cu" / "khu-pho-5-chua-dat.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    where = subprocess.run([str(installed / "bin" / "python"), "-c", "import antt_cli; print(antt_cli.__file__)"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=60)
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout + where.stderr  # the wheel's copy runs
    # the two commands run side by side: each is a process start-up, criteria loading and little else
    antt = str(installed / "bin" / "antt")
    procs = [subprocess.Popen([antt, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env)
             for args in (["assess", "don-vi.yaml", "--format", "json"], ["test"])]
    (out, err), (cases_out, cases_err) = [p.communicate(timeout=300) for p in procs]
    assert procs[0].returncode == 1, err
    assert json.loads(out)["units"][0]["outcome"] == "fail"
    assert procs[1].returncode == 0, cases_out[-2000:] + cases_err[-2000:]
    assert re.search(r"\b[1-9]\d* (passed|đạt), 0 (failed|không đạt)", cases_out), cases_out
