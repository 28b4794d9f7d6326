"""A non-editable install (a wheel, as `pip install .` makes) works from any directory with the
source tree gone: the criteria and the test cases ship inside the package.

Fast, and still the real thing: the wheel is built from a copy of the source (hatchling, without
build isolation), the copy is deleted, and the wheel is installed by pip (no index, no dependencies)
into a new virtual environment that sees the dependencies already installed for the tests through a
.pth file naming a folder of links to them (and to pip) — without the tests' own `antt`, so the
wheel's copy is the only one the new environment can import. It all runs early, in the background
(conftest.early): subprocesses only, absolute paths, the session's environment.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT, SESSION_ENV, early, early_result

DEPENDENCIES = ("typer", "pydantic", "pydantic_core", "yaml", "rich", "orjson", "openpyxl", "xlsxwriter", "pip")
BUILD = """import sys
try:
    from hatchling.build import build_wheel  # the test extra installs it (pyproject.toml)
except ImportError:  # without it, build as `pip install .` does (slower)
    import subprocess
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", sys.argv[1], "."], check=True)
else:
    build_wheel(sys.argv[1])
"""


def _run(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=kw.pop("env", SESSION_ENV),
                          timeout=kw.pop("timeout", 300), **kw)


def _dependencies_view(view: Path) -> Path:
    """A folder of links to everything installed beside the dependencies — except antt itself."""
    view.mkdir()
    for name in DEPENDENCIES:
        site = Path(importlib.util.find_spec(name).origin).parent.parent
        for entry in site.iterdir():
            if entry.name.lower().startswith(("antt", "_antt", "__editable__")) or (view / entry.name).exists():
                continue
            (view / entry.name).symlink_to(entry)
    return view


def _install_and_run(base: Path) -> dict:
    src, dist, venv, here = base / "src", base / "dist", base / "venv", base / "elsewhere"
    # (benchmarks/out: the benchmark's corpora and reports, hundreds of MB, ignored by git)
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", "build", "dist",
                                                             ".pytest_cache", "out"))
    dist.mkdir()
    build = _run(sys.executable, "-c", BUILD, dist, cwd=src, timeout=600)
    assert build.returncode == 0, build.stderr[-2000:]
    [wheel] = dist.glob("antt-*.whl")
    shutil.rmtree(src)  # nothing may depend on the source tree
    made = _run(sys.executable, "-m", "venv", "--without-pip", venv)
    assert made.returncode == 0, made.stderr
    site = _run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").stdout.strip()
    Path(site, "_antt_test_dependencies.pth").write_text(f"{_dependencies_view(base / 'deps')}\n", encoding="utf-8")
    pip = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    assert pip.returncode == 0, pip.stderr[-2000:]

    here.mkdir()
    (here / "don-vi.yaml").write_text((EXAMPLES / "khu_dan_cu" / "khu-pho-5-chua-dat.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    env = dict(SESSION_ENV, NO_COLOR="1")
    env.pop("PYTHONPATH", None)
    return {
        "venv": venv,
        "where": _run(venv / "bin" / "python", "-c", "import antt_cli; print(antt_cli.__file__)", cwd=here, env=env),
        "assess": _run(venv / "bin" / "antt", "assess", "don-vi.yaml", "--format", "json", cwd=here, env=env),
        "test": _run(venv / "bin" / "antt", "test", cwd=here, env=env),
    }


@early(_install_and_run)
def test_assess_from_another_directory():
    got = early_result(_install_and_run)
    where = got["where"]
    assert Path(where.stdout.strip()).is_relative_to(got["venv"]), where.stdout + where.stderr  # the wheel's copy runs
    r = got["assess"]
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout)["units"][0]["outcome"] == "fail"
    cases = got["test"]
    assert cases.returncode == 0, cases.stdout[-2000:] + cases.stderr[-2000:]
    assert re.search(r"\b[1-9]\d* (passed|đạt), 0 (failed|không đạt)", cases.stdout), cases.stdout
