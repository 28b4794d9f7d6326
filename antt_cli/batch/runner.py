"""Run a batch: inputs → workers → results in input order → summary and report writers.

Order and content do not depend on --jobs: inputs are cut into tasks in a fixed order, tasks are
processed anywhere but consumed in order, and the units of the type that rolls the others up
(communes) are assessed last, in their input order. Memory stays bounded: a fixed number of
tasks is in flight, a spreadsheet is read row by row into tasks of rows, results are handed to
the writers as they arrive and then dropped; the summary keeps a few small values per unit.

    from antt_cli.batch import BatchConfig, run_batch
    summary = run_batch(["don-vi/"], criteria, writers, BatchConfig(jobs=2))
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, Iterator

from antt_cli import stopping
from antt_cli.batch import communes
from antt_cli.batch.history import BatchHistory
from antt_cli.batch.inputs import iter_sources
from antt_cli.batch.items import Invalid, Notice
from antt_cli.batch.worker import Options, Worker, sheet_rows
from antt_cli.criteria import CriteriaSet
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import Problem
from antt_cli.report.base import Encoded
from antt_cli.report.spool import BATCH, Spool

if TYPE_CHECKING:  # pragma: no cover - the engine is imported by run_batch: `antt validate` uses tasks() only
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.rollup import RollupSpec
    from antt_cli.engine.summary import Summary

# record files per task: a worker takes a task's files stage by stage (batch.worker), and the main
# process wakes once a task; 64 against 16 took 10,000 files 5 % less CPU with --jobs 1 and 9 % less
# wall time with --jobs 2 (128 and 256 were slower again: docs/performance.md)
CHUNK = 64
SHEET_CHUNK = 16    # spreadsheet rows per task (read by the main process: their bytes wait there)
COMMUNE_CHUNK = 16  # communes per task (each reads its record and is assessed: ~0.3 ms)

@dataclass
class BatchConfig:
    jobs: int = 1
    criteria_paths: list[str] | None = None   # what spawned workers load (default: the bundled set)
    lang: str = "vi"
    year: int | None = None
    as_of: dt.date | None = None
    locate: bool = False
    limits: Limits = DEFAULT
    spec: RollupSpec | None = None  # default: the `rollup:` the criteria declare
    on_problem: Callable[[list[Problem]], None] | None = None   # e.g. print to stderr
    on_warning: Callable[[Problem], None] | None = None
    on_progress: Callable[[int], None] | None = None            # called with the number of inputs done
    on_done: Callable[[], None] | None = None                   # every input assessed, before the reports are closed
    extra: dict[str, Any] = field(default_factory=dict)
    history: Any = None             # engine.history.History: earlier years given (--previous, batch.history)
    history_origin: str = "batch"   # what this batch's units are to that history ("previous": --previous itself)
    before: list[tuple[str, list[Problem]]] = field(default_factory=list)  # inputs found invalid before the batch
    models: dict[Any, Any] | None = None  # record models to share with another batch of the same criteria (--previous)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def tasks(paths: list[str], criteria: CriteriaSet, limits: Limits = DEFAULT) -> Iterator[tuple[list[Any], int]]:
    """(entries, inputs done when they are) in input order: record files in chunks; each
    spreadsheet read here row by row into chunks of rows (its problems as Invalid entries)."""
    chunk: list[Any] = []
    for s in iter_sources(paths):
        if s.kind != "sheet":
            chunk.append(s)
            if len(chunk) >= CHUNK:
                yield chunk, len(chunk)
                chunk = []
            continue
        if chunk:
            yield chunk, len(chunk)
            chunk = []
        rows: list[Any] = []
        for row in sheet_rows(s.path, criteria, limits):
            rows.append(row)
            if len(rows) >= SHEET_CHUNK:
                yield rows, 0
                rows = []
        yield rows, 1
    if chunk:
        yield chunk, len(chunk)


def run_batch(paths: list[str], criteria: CriteriaSet, writers: list[Any], cfg: BatchConfig) -> Summary:
    """Assess every input; hand each unit and each problem to the writers in input order."""
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.rollup import rollup_line, rollup_spec
    from antt_cli.engine.summary import KEYS_PROBE, Summary

    spec = cfg.spec if cfg.spec is not None else rollup_spec(criteria)
    spec = spec if spec is not None and spec.active(criteria) else None
    options = Options(lang=cfg.lang, year=cfg.year, as_of=cfg.as_of, locate=cfg.locate,
                      defer_type=spec.parent_type if spec else None, rollup=spec, limits=cfg.limits,
                      history=cfg.history,
                      # the workers send the reports' bytes (report.Encoded) unless last year's records are
                      # given (--previous: the worker's result is told its history in the main process)
                      encoders=_encoders(writers) if cfg.jobs > 1 and cfg.history is None else (),
                      keys_probe=hash(KEYS_PROBE) if cfg.jobs > 1 else None)
    worker = Worker(criteria, options, cfg.models)
    years = BatchHistory(criteria, cfg.history, cfg.history_origin)
    summary = Summary(spec.parent_type if spec else None, spec.child_types if spec else None)
    if spec is not None:
        parent = criteria.latest(spec.parent_type).label
        summary.parent_label = {"vi": parent.vi, "en": parent.en or parent.vi}
        summary.rollup_line = rollup_line(criteria, spec)
    # communes wait for their units (their Art. 5.4 counts), one spool a year (a temporary file: a
    # batch of 100,000 files may hold 17,000 communes, ~14 MB as a list)
    deferred: dict[int, Spool] = {}

    def problem(source: str, problems: list[Problem]) -> None:
        summary.add_invalid()
        if cfg.on_problem:
            cfg.on_problem(problems)
        for w in writers:
            w.invalid(source, problems)

    def warn(p: Problem) -> None:
        if cfg.on_warning:
            cfg.on_warning(p)
        for w in writers:
            if hasattr(w, "warning"):  # a writer of the Python API may not take warnings
                w.warning(p)

    def unit(r: UnitResult, check: bool = True) -> None:
        r = years.settle(r, worker)  # its other years (batch.history); may assess it again with last year's figures
        for p in r.warnings:
            warn(p)
        r.warnings, r.recheck = [], None
        u = r.unit
        dup = summary.check_unit(r.file, u["type"], u["name"], u["year"], u.get("code"), u.get("commune"),
                                 u.get("province"), getattr(r, "keys", None)) if check else None
        summary.add_unit(r, duplicate=dup is not None)
        for w in writers:
            w.unit(r)
        if dup is not None:
            problem(r.file, [dup])

    def handle(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, Notice):
                warn(item.problem)
                continue
            summary.inputs += 1
            if isinstance(item, (UnitResult, Encoded)):
                unit(item)
            elif isinstance(item, Invalid):
                problem(item.source, item.problems)
            else:
                dup = summary.check_duplicate(item.identity)
                if dup is not None:
                    problem(item.identity.source, [dup])
                if item.identity.year not in deferred:
                    deferred[item.identity.year] = Spool(BATCH)
                deferred[item.identity.year].add(item)

    def settled(item: Any) -> None:
        """A commune assessed (communes.Assessed), or an Invalid for one a worker died on (batch.pool)."""
        if isinstance(item, Invalid):
            problem(item.source, item.problems)
            return
        for p in item.warnings:
            warn(p)
        if isinstance(item.result, Invalid):
            problem(item.result.source, item.result.problems)
            return
        summary.add_commune_record(item.row)
        unit(item.result, check=False)

    for source, problems in cfg.before:
        problem(source, problems)
    pool = None
    try:
        if cfg.jobs > 1:
            from antt_cli.batch.pool import Pool, WorkerSpec  # one process (one file): no pool imported

            worker.prepare()  # record models built once, inherited by forked workers
            pool = Pool(cfg.jobs, WorkerSpec(cfg.criteria_paths, options), worker)
            results = pool.run(tasks(paths, criteria, cfg.limits))
        else:
            results = _in_process(worker, tasks(paths, criteria, cfg.limits))
        done = 0
        for n, items in results:
            stopping.check()  # a stop whose exception was swallowed (raised inside a destructor)
            handle(items)
            done += n
            if cfg.on_progress and n:
                cfg.on_progress(done)
        summary.identities_done()  # every unit is in, and every commune was checked as it was put aside
        # communes last: their Art. 5.4 counts come from the units above
        if pool is not None and years.quiet(deferred):
            # no commune's result depends on another's (one year, no --previous): in the pool, in order
            for _, items in pool.run(_chunks(_communes(deferred, summary), COMMUNE_CHUNK)):
                stopping.check()
                for item in items:
                    settled(item)
            pool.close()
        else:
            if pool is not None:  # the workers' part is done: they end before the communes are assessed here
                pool.close()
                stopping.check()  # a stop while the workers were ending: no report is written
            # one after the other with the batch's history, the oldest year first (batch.history)
            for c in _communes(deferred, summary):
                stopping.check()
                years.expect(c.deferred.identity.year)
                settled(communes.assess(worker, c, years.book))
        stopping.check()
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        for spool in deferred.values():
            spool.close()
    summary.history = years.summary()
    if cfg.on_done:
        cfg.on_done()  # e.g. take the progress bar down before a report prints its summary
    for w in writers:
        w.close(summary)
    return summary


def _in_process(worker: Worker, tasks: Iterator[tuple[list[Any], int]]) -> Iterator[tuple[int, list[Any]]]:
    """(inputs done, items) of each task run here (--jobs 1), as the pool gives them: a task of big
    records in several steps (Worker.process_some), each step's items handed on before the next is read."""
    for entries, n in tasks:
        for items, last in worker.steps(entries):
            yield (n if last else 0), items


def _communes(deferred: dict[int, Spool], summary: Summary) -> Iterator[communes.Commune]:
    """The communes waiting, the oldest year first, each year in input order, each with the tally of
    its units (read from the summary as it is taken: every unit is in by then)."""
    for year in sorted(deferred):
        for d in deferred[year]:
            ident = d.identity
            tally, matched = summary.communes.children_of(ident.name, ident.code, ident.province, ident.year)
            yield communes.Commune(d, tally, matched)


def _chunks(entries: Iterator[Any], size: int) -> Iterator[tuple[list[Any], int]]:
    """Tasks for the pool: `size` entries each (and 0 inputs done: they were counted as read)."""
    while chunk := list(islice(entries, size)):
        yield chunk, 0


def _encoders(writers: list[Any]) -> tuple[Any, ...]:
    """Each report's encoder (report.base.Writer.encoder), when every report has one: the workers then
    send each unit's bytes and the little the summary reads, not the whole result. Else ()."""
    found: dict[str, Any] = {}
    for w in writers:
        enc = w.encoder() if hasattr(w, "encoder") else None
        if enc is None:
            return ()
        found.setdefault(enc.key, enc)
    return tuple(found.values())


__all__ = ["BatchConfig", "default_jobs", "run_batch", "tasks"]
