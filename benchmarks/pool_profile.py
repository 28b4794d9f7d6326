"""Where the CPU of a `--jobs 2` batch goes, process by process (a profiling aid for issue 12).

    python benchmarks/pool_profile.py benchmarks/out/corpus-10000               # --jobs 2, jsonl to /dev/null
    python benchmarks/pool_profile.py benchmarks/out/corpus-10000 --jobs 1      # the same stages in one process
    python benchmarks/pool_profile.py benchmarks/out/corpus-10000 --hollow handle,take

It runs `antt assess FOLDER --format jsonl -o /dev/null -q --jobs N` in this process, with timers
(thread CPU time) around the stages of the main process and of each worker, and prints them. The
timers cost about half a microsecond each, so the stages read a little dearer than they are; the
whole-process figures (`main`, `workers`, `wall`) are the ones to compare between checkouts.

--hollow drops some of the main process's work, to see what a cheaper main process would give
(the reports are then incomplete: only for measuring):
  handle  the units the workers send are not counted, checked or written (communes still are);
  take    the report bytes are not taken from the workers' spools (nor written, then);
  write   the jsonl writer writes nothing;
  summary the units are not counted for the summary nor noted for the batch's years (what a
          per-task digest made by the workers would take off the main process, at most).

The figures go to stdout, antt's messages about the corpus's broken files to stderr
(2>/dev/null to leave them out). Run it from a checkout (it imports antt_cli from the folder above it unless PYTHONPATH says
another), with a warm page cache: the first run after the corpus was written reads it from disk.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

tt = time.thread_time_ns
ACC: dict[str, int] = {}
POOL = True  # --jobs above 1: the workers' stages are theirs


def wrap(owner: object, name: str, label: str) -> None:
    f = getattr(owner, name)

    def timed(*a, **k):
        c = tt()
        try:
            return f(*a, **k)
        finally:
            ACC[label] = ACC.get(label, 0) + tt() - c

    setattr(owner, name, timed)


def instrument(hollow: set[str]) -> None:
    import multiprocessing.connection as mc

    import antt_cli.batch.pool as pool
    from antt_cli.batch.history import BatchHistory
    from antt_cli.batch.worker import Worker
    from antt_cli.engine.summary import Summary
    from antt_cli.report.base import Encoded
    from antt_cli.report.formats import jsonl

    for owner, name, label in ((BatchHistory, "settle", "main: settle (years)"),
                               (Summary, "check_unit", "main: duplicates"),
                               (Summary, "add_unit", "main: summary"),
                               (jsonl.Writer, "unit", "main: write"),
                               (pool._Spool, "take", "main: take the spool's bytes"),
                               (mc.Connection, "send", "send (pickle + pipe)"),
                               (mc.Connection, "recv", "receive (pipe + unpickle)"),
                               (Worker, "process", "worker: process (read … encode)"),
                               (Worker, "_encoded", "worker: encode the reports"),
                               (pool._Stash, "put", "worker: write the spool")):
        if hasattr(owner, name):
            wrap(owner, name, label)
    if "write" in hollow or "take" in hollow:  # bytes not taken cannot be written
        jsonl.Writer.unit = lambda self, r: None
    if "summary" in hollow:  # what a per-task digest from the workers would take off the main process
        Summary.add_unit = lambda self, r, duplicate=False: None
        BatchHistory.settle = lambda self, r, worker: r
    if "take" in hollow:
        def count(self, items, region):
            self.received += 1
            return self.received - 1
        pool._Spool.take = count  # the result counted (the worker is told), its bytes not taken
    real_run = pool.Pool.run

    def run(self, tasks):
        def walked():
            it = iter(tasks)
            while True:
                c = tt()
                try:
                    x = next(it)
                except StopIteration:
                    return
                finally:
                    ACC["main: walk the folders"] = ACC.get("main: walk the folders", 0) + tt() - c
                yield x
        for n, items in real_run(self, walked()):
            if "handle" in hollow:
                items = [i for i in items if not isinstance(i, Encoded)]
            c = tt()
            yield n, items
            ACC["main: handle (all of the above it does)"] = ACC.get("main: handle (all of the above it does)", 0) + tt() - c
    pool.Pool.run = run
    real_child = pool._child

    def child(*a):
        try:
            real_child(*a)
        finally:
            t = os.times()
            _print(f"worker {os.getpid()}", t.user + t.system)

    pool._child = child


def _print(who: str, cpu: float) -> None:
    """The process's own timers: a worker's (worker: …) or the main process's (main: …), and each
    one's sending and receiving (every process has its own copy of the timers after the fork)."""
    own = ("worker:",) if who.startswith("worker") else ("main:",) if POOL else ("main:", "worker:")
    lines = [f"{who}: {cpu:.3f} s CPU"]
    for k, v in sorted(ACC.items()):
        if k.startswith((*own, "send", "receive")):
            lines.append(f"  {k:44s} {v / 1e6:8.1f} ms")
    print("\n".join(lines), flush=True)  # stdout: antt's own messages go to stderr


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--hollow", default="", help="handle,take,write,summary: drop that part of the main process's work")
    a = ap.parse_args()
    if not os.environ.get("PYTHONPATH"):
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    hollow = {h for h in a.hollow.split(",") if h}
    global POOL
    POOL = a.jobs > 1
    instrument(hollow)
    from antt_cli.cli.entry import run

    sys.argv = ["antt", "assess", str(a.folder), "--format", "jsonl", "-o", os.devnull, "-q", "--jobs", str(a.jobs)]
    start = time.perf_counter()
    try:
        run()
    except SystemExit:
        pass
    wall = time.perf_counter() - start
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    mine, theirs = me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime
    _print("main process", mine)
    print(f"wall {wall:.3f} s; main {mine:.3f} s CPU, workers {theirs:.3f} s, total {mine + theirs:.3f} s"
          f"{'; hollow: ' + ','.join(sorted(hollow)) if hollow else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
