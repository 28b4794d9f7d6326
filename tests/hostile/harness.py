"""Run antt as a user would, in-process (fast) or as a real process (signals, memory limits,
worker tracebacks), and read what it said. Shared by test_hostile, test_fuzz and test_signals.

The in-process runner calls the console-script entry (`antt_cli.cli.main:run`, read from
pyproject.toml) with sys.argv, stdout and stderr replaced, so it goes through the same
top-level handler as the real command (internal errors → exit 3). Two things are built once per session instead of
once per run: the bundled criteria (0.15 s) and typer's click command tree (40 ms); anything
else (criteria given with --criteria, records, reports) is loaded as usual.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import json
import os
import re
import resource
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
HOSTILE = ROOT / "tests" / "hostile"
EXAMPLES = ROOT / "examples"

# The bundled examples that are unit records (examples/packs holds criteria and case files).
ALL_GOOD = sorted(p for d in ("khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc", "batch")
                  for p in (EXAMPLES / d).rglob("*.yaml"))
# A small batch for the per-class tests: three unit types, pass / fail / out of scope.
SMALL_GOOD = [EXAMPLES / "khu_dan_cu" / "to-dan-pho-tran-phu.yaml",
              EXAMPLES / "co_quan" / "benh-vien-quan-y-105.yaml",
              EXAMPLES / "doanh_nghiep" / "cong-ty-may-vinh-loc.yaml"]

ENV = {"NO_COLOR": "1", "COLUMNS": "120", "ANTT_LANG": None, "ANTT_DEBUG": None, "FORCE_COLOR": None,
       "TTY_COMPATIBLE": None}

# Raw bytes that must never reach a terminal from user text (\n and \t are the report's own).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u2028\u2029]")
# file[:line[:col]]: [field: ]message [code]   (spreadsheet sources may add [sheet])
PROBLEM_LINE = re.compile(r"^(?P<file>.+?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: .*\[(?P<code>[a-z0-9][a-z0-9-]*)\]\s*$",
                          re.S)


@dataclass(repr=False)
class Run:
    code: int
    out: bytes
    err: str
    args: tuple[str, ...] = ()

    def __repr__(self) -> str:  # short: pytest prints it in every failed assertion
        return f"Run(exit {self.code}, {len(self.out)} bytes out, {len(self.err)} chars err)"

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace")

    def json(self) -> dict[str, Any]:
        return json.loads(self.out)

    def units(self) -> list[dict[str, Any]]:
        """The units of a JSON report on stdout ([] if stdout is not one: the run died)."""
        try:
            return self.json()["units"]
        except (ValueError, KeyError, TypeError):
            return []

    def unit_files(self) -> list[str]:
        return [u["file"] for u in self.units()]

    def problems_for(self, path: str | os.PathLike[str]) -> list[re.Match[str]]:
        """Lines of stderr that report a problem located in `path` (file, file:row, file[sheet]:row)."""
        p = os.fspath(path)
        out = []
        lines: list[str] = []
        for line in self.err.splitlines():  # a message continued on an indented line is one problem
            if lines and line.startswith((" ", "\t")):
                lines[-1] += "\n" + line
            else:
                lines.append(line)
        for line in lines:
            m = PROBLEM_LINE.match(line)
            if m and (m["file"] == p or m["file"].startswith(p + "[") or m["file"].startswith(p + ":")):
                out.append(m)
        return out

    def codes_for(self, path: str | os.PathLike[str]) -> list[str]:
        return [m["code"] for m in self.problems_for(path)]

    def describe(self) -> str:
        return f"exit {self.code}; stderr: {self.err[:600]!r}"


# ----------------------------------------------------------------------------- in-process

_CACHED: dict[str, Any] = {}


def _entry() -> Any:
    if "entry" not in _CACHED:
        scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
        module, _, func = scripts["antt"].partition(":")
        _CACHED["entry"] = getattr(importlib.import_module(module), func)
        _cache_default_criteria()
        _cache_click_command()
    return _CACHED["entry"]


def _cache_click_command() -> None:
    """typer rebuilds the click command tree on every call (≈ 40 ms); build it once per app."""
    try:
        import typer.main as tm
    except ImportError:  # pragma: no cover
        return
    original = tm.get_command
    if getattr(original, "_hostile_cached", False):
        return
    built: dict[int, Any] = {}

    def get_command(typer_instance: Any) -> Any:
        key = id(typer_instance)
        if key not in built:
            built[key] = (typer_instance, original(typer_instance))
        return built[key][1]

    get_command._hostile_cached = True  # type: ignore[attr-defined]
    tm.get_command = get_command


def _cache_default_criteria() -> None:
    """Load the bundled criteria once per session (only when no --criteria is given)."""
    try:
        import antt_cli.criteria as pkg
    except ImportError:  # pragma: no cover - layout changed: just slower
        return
    original = getattr(pkg, "load_criteria", None)
    if original is None or getattr(original, "_hostile_cached", False):
        return

    def load_criteria(paths: Any = None, *args: Any, **kwargs: Any) -> Any:
        if paths or args or kwargs:
            return original(paths, *args, **kwargs)
        if "criteria" not in _CACHED:
            _CACHED["criteria"] = original()
        return _CACHED["criteria"]

    load_criteria._hostile_cached = True  # type: ignore[attr-defined]
    pkg.load_criteria = load_criteria


def run_inproc(*args: str | os.PathLike[str], env: dict[str, str | None] | None = None) -> Run:
    """`antt ARGS` in this process: exit code, stdout bytes, stderr text. Keep batches ≤ 32 inputs
    (antt then uses no worker pool, so nothing forks from the test process)."""
    entry = _entry()
    argv = [os.fspath(a) for a in args]
    out, err = io.BytesIO(), io.BytesIO()
    o = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    e = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", newline="", write_through=True)
    saved_env = {k: os.environ.get(k) for k in {**ENV, **(env or {})}}
    saved = sys.stdout, sys.stderr, sys.argv, sys.stdin
    for k, v in {**ENV, **(env or {})}.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    sys.stdout, sys.stderr, sys.argv = o, e, ["antt", *argv]
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    code: Any = 0
    try:
        entry()
    except SystemExit as x:
        code = x.code
    finally:
        try:
            o.flush()
            e.flush()
        except ValueError:  # closed by the command
            pass
        sys.stdout, sys.stderr, sys.argv, sys.stdin = saved
        for k, v in saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    if code is None:
        code = 0
    elif not isinstance(code, int):
        code = 1
    return Run(code, out.getvalue(), err.getvalue().decode("utf-8", "replace"), tuple(argv))


# ----------------------------------------------------------------------------- real process

def cli_env(env: dict[str, str | None] | None = None) -> dict[str, str]:
    full = dict(os.environ)
    for k, v in {**ENV, **(env or {})}.items():
        if v is None:
            full.pop(k, None)
        else:
            full[k] = v
    return full


def run_cli(*args: str | os.PathLike[str], env: dict[str, str | None] | None = None, timeout: float = 60,
            memory: int | None = None, cwd: Path | None = None) -> Run:
    """`python -m antt_cli ARGS` as a real process; `memory` caps its address space (bytes)."""
    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    argv = [os.fspath(a) for a in args]
    p = subprocess.run([sys.executable, "-m", "antt_cli", *argv], capture_output=True, env=cli_env(env),
                       cwd=cwd or ROOT, timeout=timeout, preexec_fn=limit if memory else None)
    return Run(p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"), tuple(argv))


def load_generate() -> Any:
    """tests/hostile/generate.py as a module (it is not a package; its name is common)."""
    if "generate" not in _CACHED:
        spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules["hostile_generate"] = mod
        spec.loader.exec_module(mod)
        _CACHED["generate"] = mod
    return _CACHED["generate"]
