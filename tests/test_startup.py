"""`antt --help` and `antt --version` import neither pydantic nor the criteria (start-up speed): no YAML,
no criteria loader or condition language, no engine, no record models, no office libraries. (The
format registry and the words of results are imported for the help text: they are small.)"""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SESSION_ENV, early, early_result

PROBE = """
import sys
sys.argv = ["antt", {arg!r}]
try:
    from antt_cli.cli.entry import run  # the console script's entry (pyproject.toml)
    run()
except SystemExit:
    pass
heavy = sorted(m for m in ({extra}"pydantic", "yaml", "antt_cli.criteria.loader", "antt_cli.criteria.conditions",
                            "antt_cli.engine.evaluate", "antt_cli.records.reader", "openpyxl", "xlsxwriter", "jinja2", "docx")
               if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def _heavy(arg: str) -> str:
    """The heavy modules imported by `antt ARG` in a new interpreter (one for each argument)."""
    extra = '"typer", "antt_cli.report", ' if arg == "--version" else ""  # --version answers before typer
    out = subprocess.run([sys.executable, "-c", PROBE.format(arg=arg, extra=extra)], capture_output=True, text=True, timeout=60,
                         cwd=ROOT, env=SESSION_ENV).stdout
    return out.strip().splitlines()[-1]


def _probes(workdir) -> dict[str, str]:
    return {arg: _heavy(arg) for arg in ("--version", "--help")}


@early(_probes)
def test_version_is_light():
    assert early_result(_probes)["--version"] == "HEAVY:"


@early(_probes)
def test_help_is_light():
    assert early_result(_probes)["--help"] == "HEAVY:"
