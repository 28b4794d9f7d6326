"""The communes of a batch are assessed after its units: with --jobs 2 in the pool's workers (when no
history can tie one commune's result to another's), else in the main process (batch.communes). The
verdicts, warnings and summary must not depend on where; a worker that dies on a commune is reported,
and a stop during the communes ends the batch with no report closed and no worker left."""

from __future__ import annotations

import dataclasses
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def communes_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~250 generated files: six or more communes, a few broken files."""
    import generate

    out = tmp_path_factory.mktemp("communes")
    stats = generate.generate(out, 250, seed=11, invalid=0.03)
    assert stats["communes"] >= 6
    return out


def _shown(c: Any) -> dict[str, Any]:
    """A criterion's result as reports show it (`shared`, whether the engine keeps it for other
    units, is not: a result a worker sends is the main process's own copy)."""
    shown = dataclasses.asdict(c)
    del shown["shared"]
    return shown


class Collect:
    """A writer of the Python API (no encoder: the workers send whole results)."""

    def __init__(self) -> None:
        self.units: list[dict[str, Any]] = []
        self.problems: list[tuple[str, list[str]]] = []
        self.warnings: list[tuple[str, str, Any]] = []
        self.closed = False

    def unit(self, r: Any) -> None:
        self.units.append({"file": r.file, "type": r.unit["type"], "outcome": r.outcome, "rollup": r.rollup,
                           "history": r.history, "criteria": [_shown(c) for c in r.criteria]})

    def invalid(self, source: str, problems: list[Any]) -> None:
        self.problems.append((source, [p.code for p in problems]))

    def warning(self, p: Any) -> None:
        self.warnings.append((p.file, p.code, p.line))

    def close(self, summary: Any) -> None:
        self.closed = True
        self.summary = summary


@pytest.fixture
def where_communes_run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Each commune assessed appends the pid that assessed it to the file set in `log["to"]` (forked
    workers inherit the spy)."""
    from antt_cli.batch import communes

    real = communes.assess
    log: dict[str, Path] = {}

    def spy(worker: Any, c: Any, history: Any = None, encode: bool = False) -> Any:
        with open(log["to"], "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()}\n")
        return real(worker, c, history, encode)

    monkeypatch.setattr(communes, "assess", spy)
    return log


def _run(paths: list[Path], jobs: int) -> Collect:
    from antt_cli.batch import BatchConfig, run_batch
    from antt_cli.criteria import load_criteria

    sink = Collect()
    run_batch([str(p) for p in paths], load_criteria(), [sink], BatchConfig(jobs=jobs))
    return sink


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers inherit the spy")
def test_communes_give_the_same_verdicts_in_the_pool_as_in_the_main_process(communes_corpus: Path, tmp_path: Path,
                                                                             where_communes_run: dict) -> None:
    from conftest import EXAMPLES

    paths = [communes_corpus, EXAMPLES / "batch" / "xa-minh-tan"]
    logs = {1: tmp_path / "pids-1", 2: tmp_path / "pids-2"}
    sinks = {}
    for jobs in (1, 2):
        where_communes_run["to"] = logs[jobs]
        sinks[jobs] = _run(paths, jobs)
    one, two = sinks[1], sinks[2]
    here = str(os.getpid())
    pids = {jobs: logs[jobs].read_text().split() for jobs in (1, 2)}
    communes = [u for u in one.units if u["type"] == "xa"]
    assert len(communes) >= 7 and len(pids[1]) == len(pids[2]) == len(communes)
    assert set(pids[1]) == {here}  # --jobs 1: here
    assert here not in pids[2] and len(set(pids[2])) >= 1  # --jobs 2: in the workers
    assert any(u["rollup"] and u["rollup"]["applied"] for u in communes)  # the tallies did decide something
    assert two.units == one.units
    assert two.warnings == one.warnings and any(code.startswith("rollup-") for _, code, _ in one.warnings)
    assert two.problems == one.problems
    assert two.summary.to_dict() == one.summary.to_dict()
    assert list(two.summary.commune_records) == list(one.summary.commune_records) != []


def test_two_years_of_communes_are_assessed_in_the_main_process_with_their_history(
        tmp_path: Path, where_communes_run: dict) -> None:
    """A batch of two years: the 2024 commune reads its 2023 record (batch.history), so the communes
    stay in the main process, and --jobs 2 gives what --jobs 1 gives."""
    from conftest import EXAMPLES

    paths = [EXAMPLES / "batch" / "xa-minh-tan-2023", EXAMPLES / "batch" / "xa-minh-tan"]
    logs = {1: tmp_path / "pids-1", 2: tmp_path / "pids-2"}
    sinks = {}
    for jobs in (1, 2):
        where_communes_run["to"] = logs[jobs]
        sinks[jobs] = _run(paths, jobs)
    assert set(logs[2].read_text().split()) == {str(os.getpid())}
    assert sinks[2].units == sinks[1].units and sinks[2].warnings == sinks[1].warnings
    assert sinks[2].summary.to_dict() == sinks[1].summary.to_dict()
    assert sinks[1].summary.history is not None


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers inherit the patch")
def test_a_worker_killed_on_a_commune_is_reported_and_the_other_communes_are_assessed(
        communes_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from antt_cli.batch import communes

    main = os.getpid()
    victim = sorted(communes_corpus.rglob("xa-*.yaml"))[2]
    real = communes.assess

    def deadly(worker: Any, c: Any, history: Any = None, encode: bool = False) -> Any:
        if os.getpid() != main and c.deferred.identity.source == str(victim):
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does, each time it is tried
        return real(worker, c, history, encode)

    monkeypatch.setattr(communes, "assess", deadly)
    sink = _run([communes_corpus], 2)
    assert sink.closed
    died = [(s, codes) for s, codes in sink.problems if "worker-died" in codes]
    assert died == [(str(victim), ["worker-died"])]
    assessed = {u["file"] for u in sink.units if u["type"] == "xa"}
    expected = {str(p) for p in communes_corpus.rglob("xa-*.yaml")} - {str(victim)}
    assert expected - {s for s, _ in sink.problems} <= assessed


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_stop_while_the_pool_assesses_the_communes_ends_the_batch(communes_corpus: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from antt_cli import stopping
    from antt_cli.batch import BatchConfig, run_batch, runner
    from antt_cli.criteria import load_criteria

    monkeypatch.setattr(runner, "COMMUNE_CHUNK", 4)  # tasks of fewer communes than the corpus has

    class StopAtTheFirstCommune(Collect):
        def unit(self, r: Any) -> None:
            super().unit(r)
            if r.unit["type"] == "xa":
                stopping.request(KeyboardInterrupt())  # as the Ctrl-C handler does, its raise lost

    sink = StopAtTheFirstCommune()
    try:
        with pytest.raises(KeyboardInterrupt):
            run_batch([str(communes_corpus)], load_criteria(), [sink], BatchConfig(jobs=2))
    finally:
        stopping.clear()
    assert not sink.closed  # no report is completed (cli.assess aborts the writers)
    # the stop is acted on at the next task: the rest of the first task's communes, no more
    assert 1 <= sum(u["type"] == "xa" for u in sink.units) <= runner.COMMUNE_CHUNK < len(list(communes_corpus.rglob("xa-*.yaml")))
    assert multiprocessing.active_children() == []


class _KillsOnX:
    """A prebuilt worker (inherited by forked workers) that dies as if killed on the entry "x", and
    takes at most `take` entries of a task at a time (as Worker.process_some does with big records)."""

    def __init__(self, take: int = 1 << 30) -> None:
        self.take = take

    def process_some(self, task: list[Any]) -> tuple[list[str], int]:
        out = []
        for e in task[:self.take]:
            if e.path == "x":
                os.kill(os.getpid(), signal.SIGKILL)
            out.append(f"ok {e.path}")
        return out, len(out)


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_worker_dying_on_one_input_loses_only_that_input_not_those_queued_behind_it() -> None:
    """One worker, two tasks sent to it: it dies on "x"; each input is run again alone, two at a time
    in its queue; it dies again on "x" with "a" queued behind it, not yet run: "a" is sent again, and
    only "x" is reported."""
    from types import SimpleNamespace as Input

    from antt_cli.batch.pool import Pool, WorkerSpec

    pool = Pool(1, WorkerSpec(None, None), _KillsOnX())
    assert pool.method == "fork"
    tasks = [([Input(path="x"), Input(path="a")], 2), ([Input(path="b"), Input(path="c")], 2)]
    try:
        out = [item for _, items in pool.run(iter(tasks)) for item in items]
    finally:
        pool.close()
    assert [i if isinstance(i, str) else (i.source, i.problems[0].code) for i in out] == \
        [("x", "worker-died"), "ok a", "ok b", "ok c"]


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers inherit the budget")
def test_a_batch_taken_one_record_at_a_time_gives_the_same_reports(communes_corpus: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of big records goes one record at a time (each reaches Worker.process_some's budget):
    the units, problems and communes are those of the usual tasks, with --jobs 1 and 2."""
    from antt_cli.batch import worker

    usual = _run([communes_corpus], 1)
    monkeypatch.setattr(worker, "TASK_BYTES", 1)
    for jobs in (1, 2):
        sink = _run([communes_corpus], jobs)
        assert (sink.units, sink.problems, sink.warnings) == (usual.units, usual.problems, usual.warnings)
    assert len(usual.units) > 200 and usual.problems


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_task_taken_a_few_entries_at_a_time_gives_every_result_in_order(jobs: int) -> None:
    """A worker takes two entries of a task at a time (big records: Worker.process_some); the rest of
    each task is sent again, first, and each part is given as soon as those before it are (its report
    bytes written, their room freed). Every input comes out once, in task order, with the inputs done
    counted when the whole task is (the progress bar); a worker dying on "x" in the middle of a task's
    rest loses only "x"; a task of no entries gives its empty result."""
    from types import SimpleNamespace as Input

    from antt_cli.batch.pool import Pool, WorkerSpec

    names = [["a", "b", "c", "d", "e"], [], ["f", "g", "x", "y"], ["h"], ["i", "j", "k", "l"]]
    tasks = [([Input(path=n) for n in task], len(task)) for task in names]
    pool = Pool(jobs, WorkerSpec(None, None), _KillsOnX(take=2))
    try:
        out = list(pool.run(iter(tasks)))
    finally:
        pool.close()
    shown = [i if isinstance(i, str) else (i.source, i.problems[0].code) for _, items in out for i in items]
    given, ends = 0, []  # a task's inputs are counted with its last part, when every input of it is given
    for n, items in out:
        given += len(items)
        if n:
            ends.append((n, given))
    assert ends == [(5, 5), (4, 9), (1, 10), (4, 14)]
    assert shown == ["ok a", "ok b", "ok c", "ok d", "ok e", "ok f", "ok g", ("x", "worker-died"), "ok y", "ok h",
                     "ok i", "ok j", "ok k", "ok l"]


class _TakesSome(_KillsOnX):
    """Takes 1 to 3 entries of a task at a time (how many: from the first entry's name, so the same in
    every process), and dies on any entry named "x…"."""

    def process_some(self, task: list[Any]) -> tuple[list[str], int]:
        take = 1 + sum(map(ord, task[0].path)) % 3
        out = []
        for e in task[:take]:
            if e.path.startswith("x"):
                os.kill(os.getpid(), signal.SIGKILL)
            out.append(f"ok {e.path}")
        return out, len(out)


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_tasks_in_parts_of_every_size_with_workers_dying_give_every_input_once_in_order(jobs: int) -> None:
    """Forty tasks of 0 to 9 entries, taken 1 to 3 entries at a time, some entries killing their
    worker: every input comes out once, in order, those that kill as "worker-died", and each task's
    inputs are counted once, with its last part."""
    import random
    from types import SimpleNamespace as Input

    from antt_cli.batch.pool import Pool, WorkerSpec

    rnd = random.Random(12)
    names = [[("x" if rnd.random() < 0.04 else "e") + f"{t}-{i}" for i in range(rnd.randint(0, 9))] for t in range(40)]
    tasks = [([Input(path=n) for n in task], len(task)) for task in names]
    def stuck(*_: Any) -> None:
        raise TimeoutError("the pool is stuck: a part it waits for is nowhere")

    before = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(30)  # a part lost by the pool's bookkeeping makes it wait for ever: fail instead
    pool = Pool(jobs, WorkerSpec(None, None), _TakesSome())
    try:
        out = list(pool.run(iter(tasks)))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
        pool.close()
    shown = [i if isinstance(i, str) else (i.source, i.problems[0].code) for _, items in out for i in items]
    assert shown == [f"ok {n}" if n[0] == "e" else (n, "worker-died") for task in names for n in task]
    assert sum(n for n, _ in out) == sum(map(len, names)) and any(n[0] == "x" for task in names for n in task)


class _SlowOnS(_KillsOnX):
    """Takes one entry at a time, 20 ms for an entry named "s…", noting each entry it takes in `log`."""

    def __init__(self, log: Path) -> None:
        super().__init__(take=1)
        self.log = log

    def process_some(self, task: list[Any]) -> tuple[list[str], int]:
        import time

        if task[0].path.startswith("s"):
            time.sleep(0.02)
        with open(self.log, "a", encoding="utf-8") as fh:
            fh.write(task[0].path + "\n")
        return super().process_some(task)


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_the_parts_waiting_behind_a_slow_task_stay_few(tmp_path: Path) -> None:
    """While one worker is slow on the first task's parts, the other does not run ahead through the
    hundred parts of the second: what waits to be given in order stays bounded (Pool.run's limit)."""
    from types import SimpleNamespace as Input

    from antt_cli.batch.pool import Pool, WorkerSpec

    log = tmp_path / "taken.txt"
    tasks = [([Input(path=f"s{i}") for i in range(10)], 10), ([Input(path=f"f{i}") for i in range(100)], 100)]
    pool = Pool(2, WorkerSpec(None, None), _SlowOnS(log))
    try:
        out = [item for _, items in pool.run(iter(tasks)) for item in items]
    finally:
        pool.close()
    assert out == [f"ok s{i}" for i in range(10)] + [f"ok f{i}" for i in range(100)]
    taken = log.read_text(encoding="utf-8").split()
    ahead = taken[:taken.index("s9")]
    assert 0 < sum(t.startswith("f") for t in ahead) <= 2 * 4 + 2  # the limit (8), and one in flight a worker


@pytest.mark.skipif(sys.platform != "linux", reason="a Unix socket's send buffer")
def test_a_workers_end_of_its_pipe_holds_a_whole_result() -> None:
    """The worker sends a task's result (~0.5 MB of report bytes in jsonl) and goes on, without waiting
    for the main process to read it: its end of the pipe is widened (the system caps it at wmem_max)."""
    import multiprocessing
    import socket

    from antt_cli.batch.pool import SEND_BUFFER, _widen

    def sndbuf(conn: Any) -> int:
        s = socket.fromfd(conn.fileno(), socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            return s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
        finally:
            s.close()

    mine, theirs = multiprocessing.Pipe(duplex=True)
    try:
        before = sndbuf(theirs)
        _widen(theirs)
        cap = int(Path("/proc/sys/net/core/wmem_max").read_text()) * 2
        assert sndbuf(theirs) >= min(SEND_BUFFER, cap) > before or cap <= before
        if sndbuf(theirs) >= 2_000_000:  # (not where the system caps it lower: the send would wait)
            payload = b"x" * 600_000
            theirs.send_bytes(payload)  # fits: returns before anything is read
            assert mine.recv_bytes() == payload
    finally:
        mine.close()
        theirs.close()


_SLOW_COMMUNES = """
import os, sys, time
sys.path.insert(0, {root!r})
from antt_cli.batch import communes
real, main = communes.assess, os.getpid()
def slow(worker, c, history=None, encode=False):
    if os.getpid() != main:  # in a worker: say the commune phase has begun, then take its time
        open({marker!r}, "a").close()
        time.sleep(0.2)
    return real(worker, c, history, encode)
communes.assess = slow
sys.argv = ["antt"] + sys.argv[1:]
from antt_cli.cli.entry import run
run()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="POSIX signals, fork")
@pytest.mark.parametrize("how, code", [("ctrl-c", 130), ("sigterm", 143)])
def test_a_signal_while_the_pool_assesses_the_communes_ends_cleanly(communes_corpus: Path, tmp_path: Path,
                                                                     how: str, code: int) -> None:
    """The real program: Ctrl-C (SIGINT to the process group) or SIGTERM (to the main process) once the
    workers assess the communes: exit 130 / 143, no report (nor its temporary file), no process left."""
    import subprocess
    import time

    out, tmp = tmp_path / "out", tmp_path / "tmp"
    out.mkdir()
    tmp.mkdir()
    marker = tmp_path / "communes-begun"
    script = tmp_path / "slow.py"
    err = tmp_path / "stderr.txt"
    script.write_text(_SLOW_COMMUNES.format(root=str(ROOT), marker=str(marker)))
    with open(err, "wb") as fh:
        proc = subprocess.Popen([sys.executable, "-c", "import os; exec(open(os.environ['SLOW']).read())", "assess",
                                 str(communes_corpus), "--jobs", "2", "-o", str(out / "report.json")],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=fh, cwd=tmp_path,
                                start_new_session=True,
                                env={**os.environ, "SLOW": str(script), "TMPDIR": str(tmp), "NO_COLOR": "1"})
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert marker.exists() and proc.poll() is None, err.read_text()
        if how == "ctrl-c":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGTERM)
        assert proc.wait(timeout=10) == code, err.read_text()
        time.sleep(0.2)
        alive = subprocess.run(["ps", "-o", "pid=", "-s", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert alive == []
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert list(out.iterdir()) == [] and list(tmp.iterdir()) == []  # no report, not even half of one
    assert "Traceback" not in err.read_text()
