"""Shared fixtures: run the CLI in-process or as a real subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CRITERIA = ROOT / "criteria"


@pytest.fixture(scope="session")
def criteria():
    from antt_cli.criteria import load_criteria

    return load_criteria()


def run_antt(*args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m antt_cli ARGS` as a user would; returns the completed process."""
    full_env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    full_env.pop("ANTT_LANG", None)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "antt_cli", *args], capture_output=True, text=True,
                          input=input, env=full_env, cwd=cwd or ROOT, timeout=120)


@pytest.fixture
def antt():
    return run_antt
