"""`antt --help` and `antt --version` import neither pydantic nor the criteria (start-up speed): no YAML,
no criteria loader or condition language, no engine, no record models, no office libraries. (The
format registry and the words of results are imported for the help text: they are small.)"""

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
heavy = sorted(m for m in ("pydantic", "yaml", "antt_cli.criteria.loader", "antt_cli.criteria.conditions",
                            "antt_cli.engine.evaluate", "antt_cli.records.reader", "openpyxl", "jinja2", "docx")
               if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def _heavy(arg: str) -> str:
    out = subprocess.run([sys.executable, "-c", PROBE.format(arg=arg)], capture_output=True, text=True, timeout=60).stdout
    return out.strip().splitlines()[-1]


def test_version_is_light():
    assert _heavy("--version") == "HEAVY:"


def test_help_is_light():
    assert _heavy("--help") == "HEAVY:"
