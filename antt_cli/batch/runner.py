"""Run a batch: inputs → (pool of) workers → items in input order → summary and sinks.

Order and content do not depend on --jobs: inputs are cut into chunks in a fixed order,
chunks are processed anywhere but consumed in order, and the units of the type that rolls
the others up (communes) are assessed last, in their input order, in the main process.
Memory stays bounded: a fixed number of chunks is in flight, items are handed to the sinks
as they arrive and then dropped; the summary keeps a few small values per unit.
"""

from __future__ import annotations

import collections
import gc
import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from antt_cli.batch.inputs import Source, iter_sources
from antt_cli.batch.items import DeferredItem, InvalidItem, UnitItem
from antt_cli.batch.rollup import RollupSpec, fold, rollup_spec
from antt_cli.batch.summary import Summary
from antt_cli.batch.worker import Options, init, prepare, process, process_deferred, reset
from antt_cli.problems import Problem

CHUNK = 16          # inputs per task sent to a worker
IN_FLIGHT = 4       # tasks queued per worker


class Sink:
    """A report being written as the batch runs (see antt_cli.report.sinks)."""

    def unit(self, item: UnitItem) -> None: ...
    def invalid(self, source: str, problems: list[Problem]) -> None: ...
    def close(self, summary: Summary) -> None: ...
    def abort(self) -> None: ...


@dataclass
class BatchConfig:
    jobs: int = 1
    criteria_paths: list[str] | None = None
    spec: RollupSpec | None = None  # default: the `rollup:` the criteria declare
    on_problem: Callable[[list[Problem]], None] | None = None   # e.g. print to stderr
    on_warning: Callable[[str], None] | None = None
    on_progress: Callable[[int], None] | None = None            # called with the number of inputs done
    on_done: Callable[[], None] | None = None                   # every input assessed, before the reports are closed
    options: Options = field(default_factory=Options)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _chunks(sources: Iterable[Source]) -> Iterator[list[Source]]:
    chunk: list[Source] = []
    for s in sources:
        if s.kind == "sheet":  # a spreadsheet is a task of its own
            if chunk:
                yield chunk
                chunk = []
            yield [s]
            continue
        chunk.append(s)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _make_pool(jobs: int, criteria: Any, cfg: BatchConfig) -> Any:
    from concurrent.futures import ProcessPoolExecutor

    if "fork" in multiprocessing.get_all_start_methods():
        init(criteria, cfg.options)  # inherited by the forked workers: criteria loaded once, here
        return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    from antt_cli.batch.worker import init_from_paths  # pragma: no cover - spawn: each worker loads them once

    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),  # pragma: no cover
                               initializer=init_from_paths, initargs=(cfg.criteria_paths, cfg.options))


def _in_order(pool: Any, jobs: int, fn: Callable[[Any], list[Any]], tasks: Iterable[Any],
              size: Callable[[Any], int] = len) -> Iterator[tuple[int, list[Any]]]:
    """fn(task) for each task, here or in the pool, results in task order, a bounded number in flight."""
    if pool is None:
        for task in tasks:
            yield size(task), fn(task)
        return
    pending: collections.deque[Any] = collections.deque()
    try:
        for task in tasks:
            pending.append((size(task), pool.submit(fn, task)))
            while len(pending) >= jobs * IN_FLIGHT:
                n, fut = pending.popleft()
                yield n, fut.result()
        while pending:
            n, fut = pending.popleft()
            yield n, fut.result()
    finally:
        for _, fut in pending:
            fut.cancel()


def run_batch(paths: list[str], criteria: Any, sinks: list[Sink], cfg: BatchConfig) -> Summary:
    """Assess every input; hand each unit and each problem to the sinks in input order."""
    try:
        return _run_batch(paths, criteria, sinks, cfg)
    finally:
        reset()  # nothing of this batch is left for the next one in the same process
        gc.unfreeze()  # prepare() froze everything for this batch: a caller running many batches keeps none of it


def _run_batch(paths: list[str], criteria: Any, sinks: list[Sink], cfg: BatchConfig) -> Summary:
    spec = cfg.spec if cfg.spec is not None else rollup_spec(criteria)
    spec = spec if spec is not None and spec.active(criteria) else None
    cfg.options.defer_type = spec.parent_type if spec else None
    cfg.options.spec = spec
    prepare(criteria)
    init(criteria, cfg.options)
    summary = Summary(spec.parent_type if spec else None, spec.child_types if spec else None)
    deferred: list[DeferredItem] = []

    def problem(source: str, problems: list[Problem]) -> None:
        summary.add_invalid()
        if cfg.on_problem:
            cfg.on_problem(problems)
        for s in sinks:
            s.invalid(source, problems)

    def unit(item: UnitItem, check: bool = True) -> None:
        dup = summary.check_duplicate(item) if check else None
        summary.add_unit(item, duplicate=dup is not None)
        for s in sinks:
            s.unit(item)
        if dup is not None:
            problem(item.source, [dup])

    pool = _make_pool(cfg.jobs, criteria, cfg) if cfg.jobs > 1 else None
    try:
        done = 0
        for n, items in _in_order(pool, cfg.jobs, process, _chunks(iter_sources(paths))):
            for item in items:
                summary.inputs += 1
                if isinstance(item, UnitItem):
                    unit(item)
                elif isinstance(item, InvalidItem):
                    problem(item.source, item.problems)
                else:
                    dup = summary.check_duplicate(item)
                    if dup is not None:
                        problem(item.source, [dup])
                    deferred.append(item)
            done += n
            if cfg.on_progress:
                cfg.on_progress(done)
        # communes last: their Art. 5.4 counts come from the units above
        tasks = []
        for d in deferred:
            tally, matched = summary.communes.children_of(d.name, d.code, d.province, d.year)
            tasks.append((d, tally if tally.units else None, matched))
        chunks = [tasks[i:i + 4] for i in range(0, len(tasks), 4)]
        for _, results in _in_order(pool, cfg.jobs, process_deferred, chunks):
            for item, warnings, matched in results:
                for w in warnings:
                    if cfg.on_warning:
                        cfg.on_warning(w)
                if isinstance(item, InvalidItem):
                    problem(item.source, item.problems)
                    continue
                summary.commune_records.append({"file": item.source, "name": item.name, "province": item.province,
                                                "year": item.year, "outcome": item.outcome, "rollup": item.rollup,
                                                "matched": matched})
                unit(item, check=False)
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if pool is not None:
        pool.shutdown(wait=True)
    if cfg.on_done:
        cfg.on_done()  # e.g. take the progress bar down before a report prints its summary
    for s in sinks:
        s.close(summary)
    return summary


__all__ = ["BatchConfig", "Sink", "default_jobs", "fold", "run_batch"]
