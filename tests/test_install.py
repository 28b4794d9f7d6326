"""`pip install .` (not editable) into a fresh virtual environment works from any directory:
the criteria and the test cases ship inside the package."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    src = base / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    pip = subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(src)], capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stderr[-2000:]
    shutil.rmtree(src)  # nothing may depend on the source tree
    return venv


def test_assess_from_another_directory(installed, tmp_path):
    record = tmp_path / "don-vi.yaml"
    record.write_text((EXAMPLES / "khu_dan_cu" / "khu-pho-5-chua-dat.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, NO_COLOR="1")
    r = subprocess.run([str(installed / "bin" / "antt"), "assess", "don-vi.yaml", "--format", "json"],
                       capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["units"][0]["outcome"] == "fail"
    cases = subprocess.run([str(installed / "bin" / "antt"), "test"], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=300)
    assert cases.returncode == 0, cases.stdout[-2000:] + cases.stderr[-2000:]
    import re

    assert re.search(r"\b[1-9]\d* (passed|đạt), 0 (failed|không đạt)", cases.stdout), cases.stdout
