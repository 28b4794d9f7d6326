"""The reports' bytes of a forked worker go through a temporary file it shares with the main process
(batch.pool._Stash), not through the pipe, and the main process writes them out from the mapped file:
the bytes written out are the bytes the worker wrote, the file stays a few tasks long however long
the batch, and a file that cannot be written changes nothing."""

from __future__ import annotations

import errno
import os
import random
import sys
import tempfile

import pytest

from conftest import run_antt

pytestmark = pytest.mark.skipif(not hasattr(os, "pwrite") or sys.platform == "win32", reason="fork and pwrite")


def _encoded(data: bytes, other: bytes) -> object:
    from antt_cli.report.base import Encoded

    return Encoded("f.yaml", {}, {}, "pass", None, None, {"jsonl": data, "json": other})


@pytest.mark.parametrize("order", ["as received", "any order"])
def test_the_bytes_written_out_are_those_the_worker_wrote_and_the_file_stays_small(order: str) -> None:
    """The main process maps the spool and writes a task's bytes out only when the task's turn comes,
    up to a few tasks after it received them, and not always in the order the worker sent them (a
    part of a task cut again goes before the parts queued behind it); the worker is told, with each
    task, how many of its results were written out, and never overwrites the room of one that was not."""
    from collections import deque

    from antt_cli.batch.communes import Assessed
    from antt_cli.batch.items import Invalid
    from antt_cli.batch.pool import _Spool, _Stash

    rnd = random.Random(7)
    with tempfile.TemporaryFile() as spool:
        stash, main = _Stash(spool.fileno()), _Spool(spool)
        pending: deque[tuple[int, list[object], list[tuple[bytes, bytes]]]] = deque()
        biggest = most = 0
        for i in range(400):
            items: list[object] = []
            want = []
            for _ in range(rnd.randint(0, 16)):
                data, other = rnd.randbytes(rnd.randint(0, 60_000)), rnd.randbytes(rnd.randint(0, 3_000))
                want.append((data, other))
                enc = _encoded(data, other)
                items.append(enc if rnd.random() < 0.8 else Assessed(enc, []))  # a commune's result too
            items.append(Invalid("bad.yaml", []))  # not moved
            stash.release(main.written)  # told with the task, as Pool.run sends it
            region = stash.put(items)
            assert region is not None or not want
            biggest = max(biggest, region[1] if region else 0)
            pending.append((main.take(items, region), items, want))  # received: views of the mapped file
            most = max(most, len(pending))
            while pending and (len(pending) > 3 or rnd.random() < 0.5):  # written out 0 to 3 tasks later
                pick = 0 if len(pending) > 3 or order == "as received" else rnd.randrange(len(pending))
                number, done, wanted = pending[pick]
                del pending[pick]
                _check(done, wanted)
                main.done(number)
        for _, done, wanted in pending:
            _check(done, wanted)
        assert most == 4
        assert os.fstat(spool.fileno()).st_size <= (most + 1) * biggest  # first fit beside the unwritten regions


def _check(items, want) -> None:
    from antt_cli.report.base import Encoded

    got = [(bytes(e.encoded["jsonl"]), bytes(e.encoded["json"])) for e in
           (i if isinstance(i, Encoded) else getattr(i, "result", None) for i in items) if isinstance(e, Encoded)]
    assert got == want


def test_a_task_with_no_report_bytes_uses_no_room() -> None:
    from antt_cli.batch.items import Invalid
    from antt_cli.batch.pool import _Stash

    with tempfile.TemporaryFile() as spool:
        stash = _Stash(spool.fileno())
        assert stash.put([Invalid("x.yaml", [])]) is None
        assert stash.put([]) is None
        assert os.fstat(spool.fileno()).st_size == 0


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_jobs_2_reads_the_bytes_from_the_spool_and_the_report_is_the_same(corpus, monkeypatch) -> None:
    from antt_cli.batch import pool

    one = run_antt("assess", str(corpus), "--jobs", "1", "--format", "jsonl")
    taken = []
    real = pool._Spool.take
    monkeypatch.setattr(pool._Spool, "take", lambda self, items, region: (taken.append(region[1] if region else 0),
                                                                        real(self, items, region))[1])
    two = run_antt("assess", str(corpus), "--jobs", "2", "--format", "jsonl")
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)
    assert taken and sum(taken) >= len(one.stdout.encode()) // 2  # most of the report came through the spool


@pytest.mark.skipif(sys.platform != "linux", reason="forked workers inherit the budget")
@pytest.mark.parametrize("budget", [1, 3000, 5000, 9000])
def test_a_task_taken_in_parts_of_every_size_gives_the_same_report(corpus, monkeypatch, budget: int) -> None:
    """A worker's parts of one task are given in the task's order, which is not always the order it
    sent them in (a part cut again by the budget goes before the parts already queued behind it):
    its spool's room is freed only once every earlier result of it is written out."""
    from antt_cli.batch import worker

    one = run_antt("assess", str(corpus), "--jobs", "1", "--format", "jsonl")
    monkeypatch.setattr(worker, "TASK_BYTES", budget)  # records of 1.3-2.7 KB: parts of 1 to 6 files
    two = run_antt("assess", str(corpus), "--jobs", "2", "--format", "jsonl")
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_spool_that_cannot_be_written_sends_the_bytes_through_the_pipe(corpus, monkeypatch) -> None:
    one = run_antt("assess", str(corpus), "--jobs", "1", "--format", "jsonl")

    def full(fd: int, data: bytes, offset: int) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "pwrite", full)  # the forked workers inherit it
    two = run_antt("assess", str(corpus), "--jobs", "2", "--format", "jsonl")
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_a_worker_killed_midway_loses_only_its_input_and_its_replacement_has_a_spool_of_its_own(
        corpus, monkeypatch) -> None:
    """The worker dies on one input (kill -9, as the OOM killer does); its task is run again input by
    input in a fresh worker with a fresh spool: every other unit's line is the same bytes as with
    --jobs 1."""
    import json
    import signal

    from antt_cli.batch import pool
    from antt_cli.batch.worker import Worker

    one = run_antt("assess", str(corpus), "--jobs", "1", "--format", "jsonl")
    victim = sorted(str(p) for p in corpus.rglob("*.yaml"))[20]
    main = os.getpid()
    real = Worker.process_some
    started = []
    real_start = pool.Pool._start

    def deadly(self, entries, budget=None):
        if os.getpid() != main and victim in (e if isinstance(e, str) else getattr(e, "path", None) for e in entries):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(self, entries, budget)

    monkeypatch.setattr(Worker, "process_some", deadly)
    monkeypatch.setattr(pool.Pool, "_start", lambda self: started.append(1) or real_start(self))
    two = run_antt("assess", str(corpus), "--jobs", "2", "--format", "jsonl")
    lost = [json.loads(line) for line in two.stdout.splitlines() if victim in line]
    assert [d["error"]["code"] for d in lost if "error" in d] == ["worker-died"]
    def kept(text: str) -> list[str]:  # the units but the victim (its commune's counts miss it: not compared)
        return [line for line in text.splitlines()
                if victim not in line and json.loads(line).get("unit", {}).get("type") not in (None, "xa")]

    assert len(kept(one.stdout)) >= 30
    assert kept(two.stdout) == kept(one.stdout)
    assert len(started) >= 4  # two workers, the one that died on the task, and the one that died on the input


def test_a_task_s_report_bytes_are_written_in_order_however_many_parts(tmp_path) -> None:
    """The stash writes a task's parts one after the other at its offset (pwritev, IOV_MAX parts at
    a time), without joining them first."""
    import os

    from antt_cli.batch.pool import IOV_MAX, _write_at

    parts = [f"{i:05d}|".encode() * (i % 7 + 1) for i in range(2 * IOV_MAX + 5)]
    fd = os.open(tmp_path / "spool", os.O_RDWR | os.O_CREAT)
    try:
        os.pwrite(fd, b"#" * 10, 0)
        assert _write_at(fd, parts, 10) == sum(map(len, parts))
        assert os.pread(fd, 10 + sum(map(len, parts)) + 1, 0) == b"#" * 10 + b"".join(parts)
    finally:
        os.close(fd)
