"""`antt --help` and `antt --version` import neither pydantic nor the criteria (start-up speed)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
sys.argv = ["antt", {arg!r}]
try:
    from antt_cli.cli.main import run
    run()
except SystemExit:
    pass
heavy = sorted(m for m in ("pydantic", "yaml", "antt_cli.criteria", "antt_cli.engine") if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def _heavy(arg: str) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE.format(arg=arg)], capture_output=True, text=True, timeout=60).stdout
    return out.strip().splitlines()[-1]


def test_version_is_light():
    assert _heavy("--version") == "HEAVY:"


def test_help_is_light():
    assert _heavy("--help") == "HEAVY:"
