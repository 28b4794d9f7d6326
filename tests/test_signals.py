"""Issue 8: signals and dead workers end a `--jobs 2` batch cleanly.

For each scenario a real `antt assess CORPUS --jobs 2 -o report.json -o report.xlsx` runs in its
own session; once both workers are busy the test sends the signal, then checks:

- the exit code: 130 for Ctrl-C (SIGINT to the process group, as a terminal sends it);
  143 / 129 for SIGTERM / SIGHUP to the main process (128 + N, or death by the signal);
  a killed worker: 0, 1 or 2, never 3, with every input either reported or named with a reason;
- a bounded time, never a hang;
- no live process of the run afterwards (workers die with their parent);
- no temporary file left: neither the hidden `.report.json.*.tmp` beside the -o targets
  (antt_cli/report/output.py) nor anything in the run's TMPDIR (openpyxl, spools);
- no traceback on stderr.

Once each in CI; ANTT_SIGNAL_RUNS=10 repeats every scenario (the issue's "10 runs of each").
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

def _harness():  # tests/hostile/harness.py, loaded once under a name of its own (not on sys.path)
    import importlib.util

    if "hostile_harness" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hostile_harness", Path(__file__).resolve().parent / "hostile" / "harness.py")
        mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules["hostile_harness"] = mod
        spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return sys.modules["hostile_harness"]


_h = _harness()
ROOT = _h.ROOT
cli_env = _h.cli_env
load_generate = _h.load_generate

RUNS = int(os.environ.get("ANTT_SIGNAL_RUNS", "1"))
CORPUS_FILES = 3000       # about 1.5 s of work for two workers on this machine (json and xlsx, 2026-12-04): the signal comes within 0.2 s
KILL_FOLDERS = 6          # the worker-kill scenario runs on 1,200 of them (it must finish, and not before the signal:
                          # 600 were done before both workers had 0.1 s of CPU once in 20 rounds with tasks of 64 files)
EXIT_WITHIN = 5.0         # seconds from the signal to the end of the process
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="POSIX signals, /proc")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signals") / "corpus"
    load_generate().yaml_folder(folder, CORPUS_FILES)
    return folder


@dataclass
class Outcome:
    code: int | None
    seconds: float          # from the signal to the end (or to the timeout)
    hung: bool
    survivors: list[str]    # processes of the run still alive after it ended
    leftovers: list[str]    # temporary files left beside the targets or in TMPDIR
    stderr: str
    report: Path


@dataclass
class Proc:
    """A process as /proc shows it (no psutil needed)."""

    pid: int
    ppid: int
    sid: int
    state: str
    cpu: float  # user + system seconds

    def cmdline(self) -> str:
        try:
            return Path(f"/proc/{self.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:80]
        except OSError:
            return "?"

    def signal(self, sig: int) -> None:
        try:
            os.kill(self.pid, sig)
        except ProcessLookupError:
            pass


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _procs() -> list[Proc]:
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
        out.append(Proc(int(d.name), int(fields[1]), int(fields[3]), fields[0],
                        (int(fields[11]) + int(fields[12])) / _TICK))
    return out


def _session(sid: int) -> list[Proc]:
    """The live (not zombie) processes of the run's own session."""
    return [p for p in _procs() if p.sid == sid and p.state not in ("Z", "X")]


def _children(pid: int) -> list[Proc]:
    return [p for p in _procs() if p.ppid == pid and p.state not in ("Z", "X")]


def run_and_signal(tmp_path: Path, inputs: list[Path], act, timeout: float) -> Outcome:  # type: ignore[no-untyped-def]
    """Start the batch, wait until both workers are working, `act(main, workers)`, then observe."""
    out, tmp = tmp_path / "out", tmp_path / "tmpdir"
    out.mkdir()
    tmp.mkdir()
    report = out / "report.json"
    err_path = tmp_path / "stderr.txt"
    with open(tmp_path / "stdout.txt", "wb") as so, open(err_path, "wb") as se:
        # files, not pipes: a worker that outlives antt would hold a pipe open and hang the test
        proc = subprocess.Popen([sys.executable, "-m", "antt_cli", "assess", *map(str, inputs), "--jobs", "2",
                                 "-o", str(report), "-o", str(out / "report.xlsx")],
                                stdin=subprocess.DEVNULL, stdout=so, stderr=se, cwd=ROOT, start_new_session=True,
                                env=cli_env({"TMPDIR": str(tmp), "PYTHONFAULTHANDLER": "1"}))  # a crash prints its C-level stack
    try:
        deadline = time.monotonic() + 30
        workers: list[Proc] = []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = _children(proc.pid)
            if len(workers) >= 2 and sum(w.cpu for w in workers) > 0.1:
                break
            time.sleep(0.02)
        if proc.poll() is not None:
            tail = err_path.read_text("utf-8", "replace")[-600:]
            raise AssertionError(f"the batch ended (exit {proc.returncode}) before the signal: make the corpus bigger\n{tail}")
        assert len(workers) >= 2, f"no worker pool ({len(workers)} children)"
        act(proc, workers)
        t = time.monotonic()
        try:
            code = proc.wait(timeout=timeout)
            hung = False
        except subprocess.TimeoutExpired:
            code, hung = None, True
        seconds = time.monotonic() - t
        grace = time.monotonic() + 1.0  # workers may take a moment to notice their parent is gone
        while _session(proc.pid) and time.monotonic() < grace:
            time.sleep(0.05)
        survivors = [f"{p.pid} {p.cmdline()}" for p in _session(proc.pid)]
    finally:
        for p in _session(proc.pid):  # this run's processes only (its own session)
            p.signal(signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    leftovers = [str(p.relative_to(tmp_path)) for p in [*(q for q in out.iterdir() if q.name.startswith(".")),
                                                         *tmp.rglob("*")]]
    return Outcome(code, seconds, hung, survivors, leftovers, err_path.read_text("utf-8", "replace"), report)


def _check_clean(o: Outcome, expected: set[int], what: str, within: float = EXIT_WITHIN) -> None:
    problems = []
    if o.hung:
        problems.append(f"hung: still running {o.seconds:.1f} s after {what}")
    elif o.code not in expected:
        problems.append(f"exit {o.code}, expected one of {sorted(expected)}")
    if o.seconds > within and not o.hung:
        problems.append(f"took {o.seconds:.1f} s to end")
    if o.survivors:
        problems.append(f"processes alive after the end: {o.survivors}")
    if o.leftovers:
        problems.append(f"temporary files left: {o.leftovers}")
    if "Fatal Python error" in o.stderr:  # e.g. a signal inside a C extension's import (antt_cli.lazy.import_shielded)
        problems.append("the interpreter crashed: " + o.stderr[o.stderr.index("Fatal Python error"):][:3000])
    if "Traceback" in o.stderr:
        problems.append("a traceback on stderr: " + o.stderr[o.stderr.index("Traceback"):][:300])
    assert not problems, f"{what}: " + "; ".join(problems)


def _ctrl_c(p, w):  # type: ignore[no-untyped-def]
    os.killpg(p.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole foreground group


def _to_main(sig: int):  # type: ignore[no-untyped-def]
    return lambda p, w: os.kill(p.pid, sig)


def _kill_worker(p, w):  # type: ignore[no-untyped-def]
    w[0].signal(signal.SIGKILL)  # as the OOM killer does


# name → (action, which inputs, seconds allowed from the signal to the end)
SCENARIOS = {
    "ctrl-c": (_ctrl_c, "all", EXIT_WITHIN),
    "sigint-main": (_to_main(signal.SIGINT), "all", EXIT_WITHIN),
    "sigterm": (_to_main(signal.SIGTERM), "all", EXIT_WITHIN),
    "sighup": (_to_main(signal.SIGHUP), "all", EXIT_WITHIN),
    "kill-worker": (_kill_worker, "part", 60),
    "none": (lambda p, w: None, "part", 60),
}
CI_SCENARIOS = ("ctrl-c", "sigterm", "sighup", "kill-worker")
ALL = os.environ.get("ANTT_SIGNAL_ALL") == "1" or RUNS > 1


@pytest.fixture(scope="module")
def outcomes(corpus: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Run the scenarios of each round side by side (each in its own session and TMPDIR), so that
    CI waits for the slowest one, not for their sum. A round is run on first use."""
    import concurrent.futures

    rounds: dict[int, dict[str, Outcome]] = {}
    part = sorted(p for p in corpus.iterdir() if p.is_dir())[:KILL_FOLDERS]

    def get(run: int, name: str) -> Outcome:
        if run not in rounds:
            names = list(SCENARIOS) if ALL else list(CI_SCENARIOS)
            base = tmp_path_factory.mktemp(f"round{run}")

            def one(n: str) -> Outcome:
                act, which, timeout = SCENARIOS[n]
                (base / n).mkdir()
                return run_and_signal(base / n, [corpus] if which == "all" else part, act, timeout)

            with concurrent.futures.ThreadPoolExecutor(len(names)) as ex:
                rounds[run] = dict(zip(names, ex.map(one, names)))
            log = os.environ.get("ANTT_SIGNAL_LOG")
            if log:  # one JSON line per scenario, for the figures of a manual campaign
                with open(log, "a", encoding="utf-8") as fh:
                    for n, o in rounds[run].items():
                        fh.write(json.dumps({"run": run, "scenario": n, "code": o.code, "seconds": round(o.seconds, 2),
                                             "hung": o.hung, "survivors": len(o.survivors), "leftovers": o.leftovers,
                                             "traceback": "Traceback" in o.stderr,
                                             "stderr": o.stderr[-300:]}, ensure_ascii=False) + "\n")
        if name not in rounds[run]:
            pytest.skip(f"{name}: only with ANTT_SIGNAL_ALL=1 or ANTT_SIGNAL_RUNS")
        return rounds[run][name]

    return get, part


RUN_IDS = list(range(RUNS))


@pytest.mark.parametrize("run", RUN_IDS)
def test_ctrl_c_ends_with_130(outcomes, run: int) -> None:  # type: ignore[no-untyped-def]
    # once in about 20 runs (2026-12-02) a Ctrl-C ended the batch normally, exit 1: its exception had
    # been swallowed after the batch's last look; cli.main.run now acts on the stop it recorded
    # (tests/test_assess_cli.py, test_a_stop_swallowed_while_the_reports_close_still_ends_as_a_stop)
    _check_clean(outcomes[0](run, "ctrl-c"), {130}, "Ctrl-C (SIGINT to the process group)")


@pytest.mark.parametrize("run", RUN_IDS)
def test_sigint_to_the_main_process_ends_with_130(outcomes, run: int) -> None:  # type: ignore[no-untyped-def]
    _check_clean(outcomes[0](run, "sigint-main"), {130}, "SIGINT to the main process")


@pytest.mark.parametrize("run", RUN_IDS)
def test_sigterm_leaves_nothing_behind(outcomes, run: int) -> None:  # type: ignore[no-untyped-def]
    _check_clean(outcomes[0](run, "sigterm"), {143, -signal.SIGTERM}, "SIGTERM")


@pytest.mark.parametrize("run", RUN_IDS)
def test_sighup_leaves_nothing_behind(outcomes, run: int) -> None:  # type: ignore[no-untyped-def]
    _check_clean(outcomes[0](run, "sighup"), {129, -signal.SIGHUP}, "SIGHUP")


@pytest.mark.parametrize("run", RUN_IDS)
def test_a_killed_worker_loses_no_input(outcomes, run: int) -> None:  # type: ignore[no-untyped-def]
    """The OOM killer takes one worker: its inputs are re-run, or reported as not assessed with the
    reason; every other input is reported; never exit 3, never a hang."""
    get, folders = outcomes
    o = get(run, "kill-worker")
    _check_clean(o, {0, 1, 2}, "kill -9 of a worker", within=60)
    doc = json.loads(o.report.read_text(encoding="utf-8"))
    seen = {u["file"] for u in doc["units"]} | {e["file"].split(":")[0] for e in doc["errors"]}
    inputs = {str(p) for f in folders for p in f.rglob("*.yaml")}
    lost = sorted(inputs - seen)
    assert not lost, f"{len(lost)} inputs neither reported nor named, e.g. {lost[:3]}"
    if o.code == 2:
        assert any("9" in e.get("message", "") or "worker" in e.get("message", "").lower() for e in doc["errors"]), \
            "inputs reported as not assessed without the reason (worker killed by signal 9)"


def test_no_signal_finishes_clean(outcomes) -> None:  # type: ignore[no-untyped-def]
    """The control: the same kind of run, untouched, ends 0/1 with its reports and nothing else."""
    o = outcomes[0](0, "none")
    _check_clean(o, {0, 1}, "no signal", within=60)
    assert o.report.exists()


def test_a_signal_during_a_shielded_import_waits_for_its_end(tmp_path: Path) -> None:
    """The crash seen once in CI-like runs (exit -11 inside orjson's initialisation, the signal
    handler raising there): a module whose import is interrupted by SIGTERM is imported whole,
    then the handler runs."""
    (tmp_path / "slowmod.py").write_text(
        "import os, signal\nos.kill(os.getpid(), signal.SIGTERM)\nfor _ in range(100000): pass\nDONE = True\n")
    code = (
        "import signal, sys\n"
        "from antt_cli.lazy import import_shielded\n"
        "class Stop(Exception): pass\n"
        "def handler(n, f): raise Stop()\n"
        "signal.signal(signal.SIGTERM, handler)\n"
        "try:\n"
        "    m = import_shielded('slowmod')\n"
        "    for _ in range(1000): pass\n"
        "    print('no signal')\n"
        "except Stop:\n"
        "    print('stopped after the import' if getattr(sys.modules.get('slowmod'), 'DONE', False) else 'stopped inside')\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30,
                         env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert run.stdout.strip() == "stopped after the import", run.stdout + run.stderr
