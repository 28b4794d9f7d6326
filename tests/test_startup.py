"""`antt --help` and `antt --version` import neither pydantic nor the criteria (start-up speed): no YAML,
no criteria loader or condition language, no engine, no record models, no office libraries, and no
format module (the registry lists the formats from its index). Assessing one record imports
pydantic-core, not pydantic: the record validator is built without a model class."""

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
                            "antt_cli.engine.evaluate", "antt_cli.records.reader", "openpyxl", "xlsxwriter", "jinja2", "docx",
                            "antt_cli.report.base", "antt_cli.report.formats.table", "antt_cli.report.formats.json",
                            "antt_cli.problems")
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


ASSESS = """
import sys
sys.argv = ["antt", "assess", {path!r}]
try:
    from antt_cli.cli.entry import run
    run()
except SystemExit:
    pass
print("LOADED:" + ",".join(m for m in ("pydantic", "pydantic_core", "antt_cli.records.pydantic_model") if m in sys.modules))
"""


def _assess_probe(workdir) -> str:
    path = str(ROOT / "examples" / "khu_dan_cu" / "to-dan-pho-tran-phu.yaml")
    env = dict(SESSION_ENV, ANTT_CACHE_DIR=str(workdir / "cache"))
    for _ in range(2):  # the second run reads the compiled criteria from the cache, as every later run does
        out = subprocess.run([sys.executable, "-c", ASSESS.format(path=path)], capture_output=True, text=True,
                             timeout=60, cwd=ROOT, env=env).stdout
    return out.strip().splitlines()[-1]


@early(_assess_probe)
def test_assessing_a_record_validates_it_with_pydantic_core_without_importing_pydantic():
    assert early_result(_assess_probe) == "LOADED:pydantic_core"
