"""Run antt as a user would, in-process (fast) or as a real process (signals, memory limits,
worker tracebacks), and read what it said. Shared by test_hostile, test_fuzz and test_signals.

The in-process runner calls the console-script entry (`antt_cli.cli.entry:run`, read from
pyproject.toml) with sys.argv, stdout and stderr replaced, so it goes through the same
top-level handler as the real command (internal errors → exit 3). Two things are built once per session instead of
once per run, and only while a run is in progress (other tests see the library untouched): the
criteria (0.15 s; keyed by the --criteria paths and their files' mtimes) and typer's click
command tree (40 ms). Records, spreadsheets and reports are read and written as usual.
"""

from __future__ import annotations

import contextlib
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
from typing import Any, Iterator

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

    def problems_for(self, path: str | os.PathLike[str], *, stream: str = "err") -> list[re.Match[str]]:
        """Lines that report a problem located in `path` (file, file:row, file[sheet]:row): on stderr,
        or on stdout (stream="out") for `criteria check`, whose problems are its data."""
        p = os.fspath(path)
        out = []
        lines: list[str] = []
        for line in (self.err if stream == "err" else self.text).splitlines():  # a message continued on an indented line is one problem
            if lines and line.startswith((" ", "\t")):
                lines[-1] += "\n" + line
            else:
                lines.append(line)
        for line in lines:
            m = PROBLEM_LINE.match(line)
            if m and (m["file"] == p or m["file"].startswith(p + "[") or m["file"].startswith(p + ":")):
                out.append(m)
        return out

    def codes_for(self, path: str | os.PathLike[str], *, stream: str = "err") -> list[str]:
        return [m["code"] for m in self.problems_for(path, stream=stream)]

    def describe(self) -> str:
        return f"exit {self.code}; stderr: {self.err[:600]!r}"


# ----------------------------------------------------------------------------- in-process

_CACHED: dict[str, Any] = {}


def _entry() -> Any:
    if "entry" not in _CACHED:
        scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
        module, _, func = scripts["antt"].partition(":")
        _CACHED["entry"] = getattr(importlib.import_module(module), func)
    return _CACHED["entry"]


@contextlib.contextmanager
def _shortcuts() -> Iterator[None]:
    """For the length of one in-process run only (other tests of the session see nothing):
    typer's click command tree built once per app (typer rebuilds it on every call, ≈ 40 ms), and
    each set of criteria loaded once (≈ 150 ms; keyed by the paths and their files' mtimes)."""
    patches: list[tuple[Any, str, Any]] = []
    try:
        import typer.main as tm

        built = _CACHED.setdefault("commands", {})
        get_command = tm.get_command

        def cached_command(typer_instance: Any) -> Any:
            key = id(typer_instance)
            if key not in built:
                built[key] = (typer_instance, get_command(typer_instance))
            return built[key][1]

        patches.append((tm, "get_command", cached_command))
    except ImportError:  # pragma: no cover
        pass
    try:
        import antt_cli.criteria as pkg

        load_criteria = pkg.load_criteria

        def cached_criteria(paths: Any = None, *args: Any, **kwargs: Any) -> Any:
            if args or kwargs:
                return load_criteria(paths, *args, **kwargs)
            files = sorted(q for p in (paths or []) for q in ([Path(p)] if Path(p).is_file() else Path(p).rglob("*.y*ml")))
            key = (tuple(map(str, paths or [])), tuple((str(f), f.stat().st_mtime_ns) for f in files))
            cache = _CACHED.setdefault("criteria", {})
            if key not in cache:  # (a load that raises is not cached: the next run raises again)
                cache[key] = load_criteria(paths) if paths else load_criteria()
            return cache[key]

        patches.append((pkg, "load_criteria", cached_criteria))
    except (ImportError, AttributeError):  # pragma: no cover - layout changed: just slower
        pass
    saved = [(obj, name, getattr(obj, name)) for obj, name, _ in patches]
    for obj, name, value in patches:
        setattr(obj, name, value)
    try:
        yield
    finally:
        for obj, name, value in saved:
            setattr(obj, name, value)


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
        with _shortcuts():
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
    """`python -m antt_cli ARGS` as a real process in its own session; `memory` caps the address
    space of it and its workers (bytes). On timeout the whole session is killed and the Run has
    exit code TIMEOUT and says so on err."""
    import signal

    def limit() -> None:
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    argv = [os.fspath(a) for a in args]
    p = subprocess.Popen([sys.executable, "-m", "antt_cli", *argv], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=cli_env(env), cwd=cwd or ROOT, start_new_session=True,
                         preexec_fn=limit if memory else None)
    try:
        out, err = p.communicate(timeout=timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # this run's session only: antt and its workers
        out, err = p.communicate()
        return Run(TIMEOUT, out, f"TIMEOUT: still running after {timeout:.0f} s\n" + err.decode("utf-8", "replace"),
                   tuple(argv))
    return Run(code, out, err.decode("utf-8", "replace"), tuple(argv))


TIMEOUT = -1000  # Run.code of a run killed by run_cli's timeout


def load(name: str) -> Any:
    """tests/hostile/NAME.py as the module `hostile_NAME`. The folder is never put on sys.path:
    its `generate` would shadow benchmarks/generate.py, which tests/test_batch.py imports."""
    key = f"hostile_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, HOSTILE / f"{name}.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules[key] = mod
        spec.loader.exec_module(mod)
    return sys.modules[key]


def load_generate() -> Any:
    return load("generate")
