"""Shared fixtures: run the CLI in-process (`run_antt`) or as a real subprocess (`run_antt_subprocess`).

`run_antt` runs exactly what the `antt` console script runs — `antt_cli.cli.main.run()`, which maps
an unexpected exception to exit 3 — inside the test process, with the user's view of a process made
up for the call and put back afterwards: sys.argv, the environment, the working directory, stdin,
stdout/stderr (text streams with a `.buffer`, not terminals), the exit code from SystemExit. It saves
the ~0.9 s of CPU that a new process spends starting, importing and loading the criteria.

What only a new process can show (start-up imports, a terminal, the installed package, the real
`python -m antt_cli`) uses `run_antt_subprocess` or a subprocess of its own, and is best started
early (`@early(fn)`, below): in a background thread as soon as the tests are collected, so that it
runs on the second core while the in-process tests run on the first.

ANTT_TEST_FRESH=1 turns every shortcut off (see run_antt): each command starts from scratch and the
early work runs in its test. Slower; the same results.
"""

from __future__ import annotations

import gc
import io
import locale
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
import types
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CRITERIA = ROOT / "criteria"
# the compiled-criteria cache of the session's commands (and of their subprocesses): a folder of its
# own, never the user's, removed at the end
if "ANTT_CACHE_DIR" not in os.environ:
    import atexit

    os.environ["ANTT_CACHE_DIR"] = tempfile.mkdtemp(prefix="antt-test-cache-")
    atexit.register(shutil.rmtree, os.environ["ANTT_CACHE_DIR"], True)
# The tests' environment as the session started. The in-process runner swaps os.environ (and the
# working directory) for each command, so work in a background thread must not read them: it uses
# this, absolute paths and explicit cwd= only.
SESSION_ENV = dict(os.environ)
TMP = tempfile.gettempdir()


@pytest.fixture(scope="session")
def criteria():
    """The bundled criteria, for tests of the library (the same set the in-process commands get)."""
    from antt_cli.criteria import load_criteria

    return load_criteria() if _fresh() else _memo("criteria")(None)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """40 generated files (benchmarks/generate.py: enough for the pool to be used), with a couple of
    broken ones. (tests/test_signals.py has a corpus of its own.)"""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    out = tmp_path_factory.mktemp("corpus")
    stats = generate.generate(out, 40, seed=7, invalid=0.08)
    assert stats["invalid"] >= 1
    return out


def run_antt_subprocess(*args: str, input: str | None = None, env: dict | None = None,
                        cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `python -m antt_cli ARGS` as a user would; returns the completed process."""
    base = os.environ if threading.current_thread() is threading.main_thread() else SESSION_ENV
    return subprocess.run([sys.executable, "-m", "antt_cli", *args], capture_output=True, text=True,
                          input=input, env=_env_of(base, env), cwd=cwd or ROOT, timeout=120)


def _env_of(base, env: dict | None) -> dict[str, str]:
    """The environment of a run: the tests' own, no colour, 120 columns, no ANTT_LANG, then `env`."""
    full_env = dict(base, NO_COLOR="1", COLUMNS="120")
    full_env.pop("ANTT_LANG", None)
    full_env.update(env or {})
    return full_env


@dataclass
class Completed:
    """What `subprocess.run(..., capture_output=True, text=True)` gives for the same command."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


class _Out(io.TextIOWrapper):
    """A pipe as the program sees one: text with a `.buffer`, not a terminal, no file descriptor.
    `encoding`: what Python would choose for it (a Windows code page, cp1258 or cp1252, for a
    redirected stdout on Windows without UTF-8 mode)."""

    def __init__(self, errors: str, encoding: str = "utf-8"):
        super().__init__(io.BytesIO(), encoding=encoding, errors=errors, newline=None, write_through=True)

    def captured(self) -> bytes:
        self.flush()
        return self.buffer.getvalue()


def _decode(data: bytes) -> str:
    # as subprocess.run(text=True) reads a pipe: locale encoding, universal newlines
    enc = locale.getpreferredencoding(False)
    return data.decode(enc).replace("\r\n", "\n").replace("\r", "\n")


def _exit_code(e: SystemExit, stderr: io.TextIOBase) -> int:
    code = e.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=stderr)  # sys.exit("message"), as the interpreter does it
    return 1


def _fresh() -> bool:
    return SESSION_ENV.get("ANTT_TEST_FRESH") == "1"


class _CriteriaMemo:
    """`load_criteria` for the in-process runs: one load per distinct criteria tree.

    Loading and compiling the criteria and building their record models is most of a short
    command's time (≈0.3 s), and the session loads the same few sets hundreds of times. So each set
    is loaded once, by the real `load_criteria`, and that CriteriaSet is handed to every later
    command with the same key: the working directory (sources are shown relative to it), the paths
    as given, and the name and full content of every file under them. A set that fails to load is
    never kept: the command loads it again and reports it."""

    def __init__(self, real):
        self.real = real
        self.sets: dict = {}

    def __call__(self, paths=None):
        key = self._key(paths)
        found = self.sets.get(key)
        if found is None:
            found = self.sets[key] = self.real(paths)
        return found

    @staticmethod
    def _key(paths) -> tuple:
        from antt_cli.criteria import bundled_criteria_dir

        given = None if paths is None else tuple(os.fspath(p) for p in paths)
        tree = []
        for root in (map(Path, given) if given is not None else [bundled_criteria_dir()]):
            for f in [root, *(sorted(root.rglob("*")) if root.is_dir() else [])]:
                tree.append((str(f), f.read_bytes() if f.is_file() else f.is_dir()))
        return os.getcwd(), given, tuple(tree)


class _CommandMemo:
    """typer's `get_command(app)`: the click command tree is built from the annotations of the
    command functions at every `app()` (≈50 ms); a process builds it once, and so does the session.
    click commands hold no state of an invocation (that lives in the click Context)."""

    def __init__(self, real):
        self.real = real
        self.commands: dict = {}

    def __call__(self, typer_instance):
        found = self.commands.get(id(typer_instance))
        if found is None or found[0] is not typer_instance:
            found = self.commands[id(typer_instance)] = (typer_instance, self.real(typer_instance))
        return found[1]


_memos: dict = {}


def _memo(name: str):
    if not _memos:
        import antt_cli.criteria
        import typer.main

        _memos["criteria"] = _CriteriaMemo(antt_cli.criteria.load_criteria)
        _memos["command"] = _CommandMemo(typer.main.get_command)
    return _memos[name]


def _patches() -> list[tuple[object, str, object]]:
    """(module, attribute, stand-in) for the in-process runs; none with ANTT_TEST_FRESH=1."""
    if _fresh():
        return []
    import antt_cli.criteria
    import typer.main

    return [(antt_cli.criteria, "load_criteria", _memo("criteria")), (typer.main, "get_command", _memo("command"))]


def run_antt(*args: str, input: str | None = None, env: dict | None = None, cwd: Path | None = None,
             encoding: str | None = None) -> Completed:
    """`antt ARGS` in this process: the same code, streams, exit code and environment as
    `run_antt_subprocess`, nothing left behind (checked after every call).

    Unless ANTT_TEST_FRESH=1, three things a new process does each time are done once per session
    (see _CriteriaMemo, _CommandMemo) or kept as cheap as in a new process (the garbage collector:
    the session's objects are frozen during the call, so a `gc.collect()` in the command walks only
    what the command made). ANTT_TEST_FRESH=1 runs every command from scratch, as a new process would:
    slower, and the same results.

    `encoding`: the streams are opened as a Windows console-less process gets them (stdout and stderr
    in that code page, errors raised on a character it cannot hold); the captured bytes are decoded
    as UTF-8, which is what antt must write whatever the code page."""
    from typer._click import globals as click_globals

    from antt_cli.cli.entry import run  # the console script (pyproject.toml)

    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved = (sys.argv, sys.stdin, sys.stdout, sys.stderr, sys.excepthook, sys.modules["__main__"])
    patches = _patches()
    originals = [getattr(module, name) for module, name, _ in patches]
    frozen = gc.get_freeze_count()
    freeze = not _fresh()
    if encoding is None:
        out, err = _Out("surrogateescape"), _Out("backslashreplace")  # a child's pipes under a UTF-8 locale
    else:
        out, err = _Out("strict", encoding), _Out("strict", encoding)
    stdin = io.TextIOWrapper(io.BytesIO((input or "").encode("utf-8")), encoding="utf-8")
    # the console script's view: argv[0] `antt`, a __main__ that is a script (click names the program from both)
    script = types.ModuleType("__main__")
    code = 0
    try:
        os.environ.clear()
        os.environ.update(_env_of(saved_env, env))
        os.chdir(cwd or ROOT)
        sys.argv = ["antt", *args]
        sys.stdin, sys.stdout, sys.stderr = stdin, out, err
        sys.modules["__main__"] = script
        for module, name, stand_in in patches:
            setattr(module, name, stand_in)
        if freeze:
            gc.freeze()
        try:
            run()
        except SystemExit as e:
            code = _exit_code(e, err)
        except BaseException:  # what the interpreter does with an exception that escapes (ANTT_DEBUG=1)
            traceback.print_exc(file=err)
            code = 1
    finally:
        if freeze:
            gc.unfreeze()
        for (module, name, _), original in zip(patches, originals):
            setattr(module, name, original)
        sys.argv, sys.stdin, sys.stdout, sys.stderr, sys.excepthook, sys.modules["__main__"] = saved
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    decode = _decode if encoding is None else (lambda b: b.decode("utf-8").replace("\r\n", "\n"))
    result = Completed(["antt", *args], code, decode(out.captured()), decode(err.captured()))
    _check_nothing_leaked(click_globals, frozen)
    return result


def _check_nothing_leaked(click_globals, frozen: int) -> None:
    assert click_globals.get_current_context(silent=True) is None, "a click context outlived the command"
    assert gc.get_freeze_count() == frozen, "the command left objects frozen out of the garbage collector"
    assert gc.isenabled(), "the command left the garbage collector off (cli.entry turns it off for start-up)"
    worker = sys.modules.get("antt_cli.batch.worker")
    assert getattr(worker, "_STATE", None) is None, "the batch's criteria and options outlived the command"


@pytest.fixture
def antt():
    return run_antt


# ----------------------------------------------------------------------------- work started early

_early: dict = {}  # function → Future
_early_dirs: list[str] = []
_early_thread: threading.Thread | None = None


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "early(fn, ...): start fn(workdir) in a background thread once the tests are collected; "
                   "the test gets its result with early_result(fn)")


def _workdir(fn) -> Path:
    d = tempfile.mkdtemp(prefix=f"antt-{fn.__name__.strip('_')}-", dir=TMP)
    _early_dirs.append(d)
    return Path(d)


def pytest_collection_finish(session):
    """Start, one after the other in one thread, the early work of the selected tests, in the order
    the tests need it. It should spend its time in subprocesses (the thread then holds no lock the
    in-process tests want) and must not read os.environ or the working directory (see SESSION_ENV)."""
    global _early_thread
    fns: list = []
    for item in session.items:
        for mark in item.iter_markers("early"):
            fns += [f for f in mark.args if f not in fns]
    if not fns or _fresh() or session.config.option.collectonly or hasattr(session.config, "workerinput"):
        return  # nothing to start, or nothing will run here (--collect-only; an xdist worker runs only a share)
    jobs = [(fn, _workdir(fn), _early.setdefault(fn, Future())) for fn in fns]

    def work() -> None:  # the thread ends with its last job
        for fn, workdir, future in jobs:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(fn(workdir))
                except BaseException as e:
                    future.set_exception(e)

    _early_thread = threading.Thread(target=work, name="antt-early", daemon=True)
    _early_thread.start()


def early(fn):
    """`@early(fn)`: the test needs fn(workdir), started in the background once the tests are collected."""
    return pytest.mark.early.with_args(fn)


def early_result(fn):
    """What fn(workdir) returned (it raised: the same exception), waiting for it if it is still running;
    run here and now when it was not started early (ANTT_TEST_FRESH=1, or the test not marked)."""
    future: Future | None = _early.get(fn)
    if future is None:
        return fn(_workdir(fn))
    return future.result(timeout=900)


def pytest_sessionfinish(session, exitstatus):
    for future in _early.values():
        future.cancel()  # work no test is left to wait for (-x, Ctrl-C) is not started
    if _early_thread is not None:
        _early_thread.join(timeout=900)
    for d in _early_dirs:
        shutil.rmtree(d, ignore_errors=True)
