"""A small process pool for batches: tasks in, results out in task order, and no task lost.

Why not concurrent.futures: a worker killed by the system (the OOM killer's kill -9) breaks a
ProcessPoolExecutor for every pending task, and Ctrl-C can leave it waiting. Here each worker is
a process with its own pipe, so the pool knows which task a dead worker held and runs it again
in a fresh worker — alone, input by input, so that only an input that kills its worker every
time is reported, with the signal that killed it, and everything else is assessed.

Workers ignore Ctrl-C (the main process decides), and die with the main process (on Linux by
PR_SET_PDEATHSIG, everywhere by the end of their pipe). Forked workers inherit the main
process's prepared Worker; spawned ones (Windows, macOS) build their own from the criteria paths.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from antt_cli.batch.inputs import Source
from antt_cli.batch.items import Invalid
from antt_cli.problems import Messages

MESSAGES = Messages({
    "worker-died": ("tiến trình đánh giá bị dừng đột ngột ({how}){hint}; đầu vào này chưa được đánh giá",
                    "the assessing process was stopped abruptly ({how}){hint}; this input was not assessed"),
})
_OOM = {"vi": " — hết bộ nhớ?", "en": " — out of memory?"}


@dataclass(frozen=True)
class WorkerSpec:
    """How a spawned worker builds its Worker: the criteria to load and the options."""

    criteria_paths: list[str] | None
    options: Any

    def build(self) -> Any:
        from antt_cli.batch.worker import Worker
        from antt_cli.criteria import load_criteria

        return Worker(load_criteria(self.criteria_paths or None, limits=self.options.limits), self.options)


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):  # pragma: no cover - not glibc
            pass


def _child(conn: Any, spec: WorkerSpec, prebuilt: Any, parent: int, spool: int | None = None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the main process's to handle
    for sig in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, sig):
            signal.signal(getattr(signal, sig), signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # the main process died before we could ask to die with it
        return
    worker = prebuilt if prebuilt is not None else spec.build()
    stash = _Stash(spool) if spool is not None else None
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        key, task, written = msg
        result, done = worker.process_some(task)  # the task's first `done` entries (a task of big records: a few)
        region = None
        if stash is not None:
            stash.release(written)
            region = stash.put(result)
        try:
            conn.send((key, result, region, done))
        except Exception as e:  # a result that cannot travel: report it, do not die
            from antt_cli.batch.worker import internal_error

            conn.send((key, [Invalid(_source(entry), [internal_error(_source(entry), e)]) for entry in task[:done]],
                       None, done))


def _encoded(items: list[Any]) -> Iterator[Any]:
    """The report.Encoded among a task's items (a commune's is its communes.Assessed's result)."""
    from antt_cli.report.base import Encoded

    for item in items:
        if isinstance(item, Encoded):
            yield item
        elif isinstance(getattr(item, "result", None), Encoded):
            yield item.result


class _Stash:
    """A forked worker's end of its spool: the reports' bytes of each task's units (~30 KB a unit in
    jsonl) are written to a temporary file the worker shares with the main process, and only where
    they are goes through the pipe. The main process maps the file (_Spool) and writes the reports
    from the mapping: neither process pickles the bytes, copies them through a socket, or reads
    them back into a buffer of its own.

    The file is reused. Every result the worker sends counts (0, 1, 2 …); with each task the main
    process says how many of this worker's results it has written out (`written`): their regions
    are free. A result goes to the first place that overlaps no region still unwritten. The main
    process holds at most a few tasks' results unwritten (Pool.run's limit), so the file stays a few
    tasks long (~2 MB a task in jsonl), however long the batch."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.sent = 0  # results sent so far
        self.live: deque[tuple[int, int, int]] = deque()  # (result's number, start, end) not yet written out

    def release(self, written: int) -> None:
        """The main process has written out every result numbered below `written`."""
        while self.live and self.live[0][0] < written:
            self.live.popleft()

    def put(self, items: list[Any]) -> tuple[int, int] | None:
        """Move the items' report bytes into the file; (offset, size) of the region, or None (no bytes,
        or the file could not take them: they then travel in the pipe as before). Counts a result."""
        number = self.sent
        self.sent += 1
        found = [(enc, k) for enc in _encoded(items) for k in enc.encoded]
        if not found:
            return None
        parts = [enc.encoded[k] for enc, k in found]
        size = sum(map(len, parts))
        at = self._place(size)
        try:
            if _write_at(self.fd, parts, at) != size:
                return None
        except OSError:  # a full disk: the pipe still works
            return None
        pos = 0
        for (enc, k), part in zip(found, parts):  # where each report's part lies in the region
            enc.encoded[k] = (pos, pos + len(part))
            pos += len(part)
        self.live.append((number, at, at + size))
        return at, size

    def _place(self, n: int) -> int:
        spans = sorted((start, end) for _, start, end in self.live)
        for at in [0] + [end for _, end in spans]:
            if all(at + n <= start or at >= end for start, end in spans):
                return at
        raise AssertionError("unreachable: the end of the last region is always free")  # pragma: no cover


class _Spool:
    """The main process's end of a worker's spool (_Stash): the temporary file, mapped read-only
    (mapped again when the worker has made it longer), the number of the worker's results received,
    and how many of them the report writers are done with (told to the worker with its next task)."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self.view: memoryview | None = None
        self.received = 0
        self.written = 0  # every result numbered below is written out (what the worker is told)
        self.ahead: set[int] = set()  # results written out past one that is not yet

    def fileno(self) -> int:
        return self.file.fileno()

    def take(self, items: list[Any], region: tuple[int, int] | None) -> int:
        """Give the items their report bytes (`region`, as the worker's _Stash.put returned it): each
        report's part as a view of the mapped file, which the writers write as it is. The result's
        number."""
        number = self.received
        self.received += 1
        if region is not None:
            view = self.bytes(*region)
            for enc in _encoded(items):
                enc.encoded = {k: view[start:end] for k, (start, end) in enc.encoded.items()}
        return number

    def done(self, number: int) -> None:
        """The writers are done with this result. Results are written out in task order, which is not
        always the order a worker sent them in (Pool.run: a part cut again goes before those queued
        behind it), and the worker frees the room of every result below `written`: it counts only
        results with every one before them written out."""
        self.ahead.add(number)
        while self.written in self.ahead:
            self.ahead.remove(self.written)
            self.written += 1

    def bytes(self, at: int, n: int) -> Any:
        """The file's bytes at..at+n, from the mapping (no copy), or read (no mapping possible)."""
        if n == 0:
            return memoryview(b"")
        view = self.view
        if view is None or at + n > len(view):
            view = self.view = _mapped(self.fileno())
        if view is None or at + n > len(view):
            data = os.pread(self.fileno(), n, at)
            if len(data) != n:  # pragma: no cover - a file this process made and the worker wrote
                raise OSError(f"short read from a worker's spool ({len(data)} of {n} bytes)")
            return memoryview(data)
        return view[at:at + n]

    def close(self) -> None:
        self.view = None  # the mapping goes with the last view of it a writer may still hold
        self.file.close()


def _mapped(fd: int) -> memoryview | None:
    """The whole file, mapped read-only; None where it cannot be (no mmap, no memory)."""
    try:
        import mmap

        size = os.fstat(fd).st_size
        return memoryview(mmap.mmap(fd, size, access=mmap.ACCESS_READ)) if size else None
    except (ImportError, OSError, ValueError):  # pragma: no cover - a system without mmap, or out of address space
        return None


IOV_MAX = 1024  # buffers one pwritev takes (POSIX guarantees 16; Linux and the BSDs take 1024)


def _write_at(fd: int, parts: list[bytes], at: int) -> int:
    """Write `parts` one after the other at offset `at`; the bytes written. pwritev where the system
    has it: a task's ~0.5 MB of report bytes go to the file without being joined into one copy first
    (a fresh half-megabyte each task, mapped and faulted in page by page)."""
    if not hasattr(os, "pwritev"):  # pragma: no cover - Windows
        return os.pwrite(fd, b"".join(parts), at)
    done = 0
    for i in range(0, len(parts), IOV_MAX):
        chunk = parts[i:i + IOV_MAX]
        want = sum(map(len, chunk))
        n = os.pwritev(fd, chunk, at + done)
        done += n
        if n != want:  # a short write (a full disk): the caller sends the bytes through the pipe
            return done
    return done


SEND_BUFFER = 1 << 21  # bytes a worker may send before the main process reads (the system may cap it)


def _widen(conn: Any) -> None:
    """Let a worker's end of its pipe hold a whole task's result (a task's report bytes, where no
    spool takes them: ~2 MB in jsonl), so that the worker sends it and goes on to its next task while
    the main process is busy writing, instead of waiting for it to read. A Unix socket (the pipe on
    POSIX) holds ~200 KB unless asked; elsewhere, or if refused, the pipe stays as it is."""
    try:
        import socket

        sock = socket.fromfd(conn.fileno(), socket.AF_UNIX, socket.SOCK_STREAM)  # a second descriptor
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
        finally:
            sock.close()
    except (OSError, AttributeError, ValueError):  # pragma: no cover - not a Unix socket
        pass


def _compact(entries: list[Any]) -> list[Any]:
    """A task's entries as they travel to a worker: a record file as its path (Worker.process_some
    takes a text for one), a tenth of the cost of pickling and unpickling its inputs.Source."""
    return [e.path if type(e) is Source and e.kind == "yaml" else e for e in entries]


def _source(entry: Any) -> str:
    if isinstance(entry, str):  # a record file's path (_compact)
        return entry
    path = getattr(entry, "path", None) or getattr(entry, "source", None)
    if isinstance(path, str):
        return path
    parsed = entry[1] if isinstance(entry, tuple) else None
    row = getattr(parsed, "row", None)
    return f"{parsed.source}:{row}" if parsed is not None and row else getattr(parsed, "source", "?")


@dataclass
class _Task:
    index: int
    part: int  # where its entries start among its task's (0: the whole task, or its first part)
    entries: list[Any]
    retry: bool = False  # already run once in a worker that died


@dataclass
class _Slot:
    proc: Any
    conn: Any
    queue: deque = field(default_factory=deque)  # tasks sent, oldest first
    spool: _Spool | None = None  # the temporary file the worker writes the reports' bytes to (_Stash)


def _pick(todo: deque, parts: dict[int, dict[int, Any]], next_out: int, limit: int) -> _Task | None:
    """The next task to send: the first waiting; but while `limit` parts wait to be given, only one of
    the task to give next. A task of big records goes in many parts (Worker.process_some), each the
    rest of the one before: without this, the parts of the tasks after the one a worker is slow on
    would pile up (a record may be 30 MB once assessed), where now what waits stays bounded."""
    if not todo:
        return None
    if sum(map(len, parts.values())) < limit:
        return todo.popleft()
    for task in todo:
        if task.index == next_out:
            todo.remove(task)
            return task
    return None


def start_method() -> str:
    """fork where the system has it (Linux), else spawn; ANTT_START_METHOD=spawn forces it (tests)."""
    import multiprocessing  # here, not at the top: a run of one process never starts a pool

    wanted = os.environ.get("ANTT_START_METHOD")
    methods = multiprocessing.get_all_start_methods()
    if wanted in methods:
        return wanted  # type: ignore[return-value]
    return "fork" if "fork" in methods else "spawn"


class Pool:
    def __init__(self, jobs: int, spec: WorkerSpec, prebuilt: Any = None, *, per_worker: int = 2) -> None:
        self.jobs = jobs
        self.spec = spec
        import multiprocessing

        self.method = start_method()
        self.ctx = multiprocessing.get_context(self.method)
        self.prebuilt = prebuilt if self.method == "fork" else None
        self.per_worker = per_worker
        self.slots: list[_Slot] = []
        for _ in range(jobs):
            self.slots.append(self._start())

    def _start(self) -> _Slot:
        mine, theirs = self.ctx.Pipe(duplex=True)
        _widen(theirs)
        spool = None
        if self.method == "fork" and hasattr(os, "pwrite") and getattr(self.spec.options, "encoders", ()):
            import tempfile

            spool = _Spool(tempfile.TemporaryFile(prefix="antt-"))  # unnamed: gone with the last of the two processes
        args = (theirs, self.spec, self.prebuilt, os.getpid(), spool.fileno() if spool else None)
        proc = self.ctx.Process(target=_child, args=args, daemon=True)
        try:
            proc.start()
        except BaseException:
            if spool is not None:
                spool.close()
            raise
        theirs.close()
        return _Slot(proc, mine, spool=spool)

    def run(self, tasks: Iterable[tuple[list[Any], int]]) -> Iterator[tuple[int, list[Any]]]:
        """(size, items) for each (entries, size) task, in task order: a task a worker takes in parts
        (Worker.process_some: big records) is given part by part as each can be, in order, (0, items)
        for every part but the last."""
        from multiprocessing.connection import wait

        source = iter(tasks)
        todo: deque[_Task] = deque()       # to send: re-runs first
        # a task's parts received and not yet given: where each starts among its entries → (its items,
        # how many entries they are); a task is given part by part, in order, as soon as each can be
        parts: dict[int, dict[int, tuple[list[Any], int]]] = {}
        expected: dict[int, int] = {}      # a task's entries (1 for a task of none: its empty result)
        given: dict[int, int] = {}         # of which given
        sizes: dict[int, int] = {}
        taken: dict[tuple[int, int], list[tuple[_Spool, int]]] = {}  # a part's results from spools: (spool, number)
        next_index = 0                     # next task index to read from `source`
        next_out = 0                       # next task index to yield
        exhausted = False
        limit = self.jobs * (self.per_worker + 2)

        def outstanding() -> int:
            return sum(len(s.queue) for s in self.slots) + len(todo) + len(parts)

        while True:
            while not exhausted and outstanding() < limit:
                try:
                    entries, size = next(source)
                except StopIteration:
                    exhausted = True
                    break
                todo.append(_Task(next_index, 0, entries))
                expected[next_index], given[next_index], sizes[next_index] = len(entries) or 1, 0, size
                parts[next_index] = {}
                next_index += 1
            for slot in sorted(self.slots, key=lambda s: len(s.queue)):
                while len(slot.queue) < self.per_worker:
                    task = _pick(todo, parts, next_out, limit)
                    if task is None:
                        break
                    try:
                        slot.conn.send(((task.index, task.part), _compact(task.entries),
                                        slot.spool.written if slot.spool is not None else 0))
                    except (OSError, ValueError):  # the worker is gone: replace it, then send again
                        todo.appendleft(task)
                        self._died(slot, todo, parts)
                        continue
                    slot.queue.append(task)
            while next_out in parts and given[next_out] in parts[next_out]:
                start = given[next_out]
                items, count = parts[next_out].pop(start)
                given[next_out] = start + count
                finished = start + count >= expected[next_out]
                yield (sizes[next_out] if finished else 0), items  # the inputs done: counted with the last part
                for spool, number in taken.pop((next_out, start), ()):
                    spool.done(number)  # written out: the worker may reuse its room (told with its next task)
                if finished:
                    for d in (parts, expected, given, sizes):
                        d.pop(next_out)
                    next_out += 1
            if exhausted and not todo and not parts:
                return
            busy = [s for s in self.slots if s.queue]
            if not busy:
                continue
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy])
            for slot in list(busy):
                if slot.conn in ready:
                    try:
                        (index, part), items, region, done = slot.conn.recv()
                    except (EOFError, OSError):
                        self._died(slot, todo, parts)
                        continue
                    if slot.spool is not None:
                        taken.setdefault((index, part), []).append((slot.spool, slot.spool.take(items, region)))
                    task = next(t for t in slot.queue if (t.index, t.part) == (index, part))
                    slot.queue.remove(task)
                    parts[index][part] = items, done or 1  # (a task of no entries: its empty result)
                    if done < len(task.entries):  # the worker took the first `done`: the rest goes next, in
                        rest = task.entries[done:]  # tasks of as many (big records: one each), for every worker
                        for k in reversed(range(0, len(rest), done)):
                            todo.appendleft(_Task(index, part + done + k, rest[k:k + done]))
                elif slot.proc.sentinel in ready:
                    self._died(slot, todo, parts)

    def _died(self, slot: _Slot, todo: deque, parts: dict) -> None:
        """A worker died: run its tasks again, each input alone, in a fresh worker; an input that was
        already run alone in a worker that died while running it (the oldest of its queue: the worker
        takes its tasks in order) is reported with how the worker ended. An input queued behind it had
        not been run: it is sent again."""
        slot.proc.join(timeout=1)
        code = slot.proc.exitcode
        lost = list(slot.queue)
        slot.queue.clear()
        try:
            slot.conn.close()
        except OSError:  # pragma: no cover
            pass
        if slot.spool is not None:
            slot.spool.close()
        fresh = self._start()
        slot.proc, slot.conn, slot.spool = fresh.proc, fresh.conn, fresh.spool
        for task in reversed(lost):
            if task.retry and len(task.entries) == 1 and task is not lost[0]:
                todo.appendleft(task)  # queued behind the one it was running when it died: not run yet
                continue
            if task.retry and len(task.entries) == 1:
                entry = task.entries[0]
                how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
                hint = _OOM if code == -getattr(signal, "SIGKILL", 9) else {"vi": "", "en": ""}
                src = _source(entry)
                died = MESSAGES.problem(src, "worker-died", how=how, hint=hint)
                parts[task.index][task.part] = [Invalid(src, [died])], 1
                continue
            if not task.entries:  # nothing to run again: its result is empty
                parts[task.index][task.part] = [], 1
                continue
            # split the task into single inputs, each run again once (each where its entry lies in the task)
            singles = [_Task(task.index, task.part + k, [e], retry=True) for k, e in enumerate(task.entries)]
            for t in reversed(singles):
                todo.appendleft(t)

    def close(self) -> None:
        """Ask every worker to stop, then make sure: terminate, then kill what is left."""
        for s in self.slots:
            try:
                s.conn.send(None)
            except (OSError, ValueError):
                pass
        self._reap(graceful=True)

    def terminate(self) -> None:
        self._reap(graceful=False)

    def _reap(self, graceful: bool) -> None:
        for s in self.slots:
            if graceful:
                s.proc.join(timeout=2)
            if s.proc.is_alive():
                s.proc.terminate()
        for s in self.slots:
            s.proc.join(timeout=1)
            if s.proc.is_alive():  # pragma: no cover - a worker that ignores SIGTERM
                s.proc.kill()
                s.proc.join(timeout=1)
            try:
                s.conn.close()
            except OSError:  # pragma: no cover
                pass
            if s.spool is not None:
                s.spool.close()
        self.slots = []

