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
from typing import Any, Callable, Iterator

from antt_cli.batch.inputs import iter_sources
from antt_cli.batch.items import Deferred, Invalid
from antt_cli.batch.pool import Pool, WorkerSpec, ordered
from antt_cli.batch.worker import Options, Worker, internal_error, sheet_rows
from antt_cli.criteria import CriteriaSet
from antt_cli.engine.results import UnitResult
from antt_cli.engine.rollup import RollupSpec, computed_counts, rollup_spec
from antt_cli.engine.summary import Summary
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import WARNING, InputError, Messages, Problem
from antt_cli.words import Words

CHUNK = 16          # record files per task sent to a worker
SHEET_CHUNK = 64    # spreadsheet rows per task

MESSAGES = Messages({
    "rollup-disagrees": ("bản ghi ghi {stated}, tính từ {n} đơn vị trong lô được {computed} (dùng số tính được)",
                         "the record states {stated}, {n} units in this batch give {computed} (the computed count is used)"),
    "rollup-none": ("không có đơn vị thuộc đối tượng nào ghi thuộc {commune} trong lô; dùng số liệu tự ghi",
                    "no in-scope unit of this batch names {commune}; its own counts are used"),
})
WORDS = Words({
    "rollup.reason": ("Tính từ {n} đơn vị trong lô ghi thuộc {commune}: {total} thuộc đối tượng, {registered} đã đăng ký, "
                      "{recognised} đạt{stated}",
                      "Computed from {n} units in this batch that name {commune}: {total} in scope, {registered} registered, "
                      "{recognised} passed{stated}"),
    "rollup.stated": ("; bản ghi ghi {values}", "; the record states {values}"),
})


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
    spec = cfg.spec if cfg.spec is not None else rollup_spec(criteria)
    spec = spec if spec is not None and spec.active(criteria) else None
    options = Options(lang=cfg.lang, year=cfg.year, as_of=cfg.as_of, locate=cfg.locate,
                      defer_type=spec.parent_type if spec else None, limits=cfg.limits)
    worker = Worker(criteria, options)
    summary = Summary(spec.parent_type if spec else None, spec.child_types if spec else None)
    if spec is not None:
        parent = criteria.latest(spec.parent_type).label
        summary.parent_label = {"vi": parent.vi, "en": parent.en or parent.vi}
    deferred: list[Deferred] = []

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
        from antt_cli.engine.summary import Identity

        dup = summary.check_duplicate(Identity.of(r)) if check else None
        summary.add_unit(r, duplicate=dup is not None)
        for w in writers:
            w.unit(r)
        if dup is not None:
            problem(r.file, [dup])

    def handle(items: list[Any]) -> None:
        for item in items:
            summary.inputs += 1
            if isinstance(item, UnitResult):
                unit(item)
            elif isinstance(item, Invalid):
                problem(item.source, item.problems)
            else:
                dup = summary.check_duplicate(item.identity)
                if dup is not None:
                    problem(item.identity.source, [dup])
                deferred.append(item)

    pool = None
    try:
        if cfg.jobs > 1:
            worker.prepare()  # record models built once, inherited by forked workers
            pool = Pool(cfg.jobs, WorkerSpec(cfg.criteria_paths, options), worker)
            results = pool.run(tasks(paths, criteria, cfg.limits))
        else:
            results = ordered(worker.process, tasks(paths, criteria, cfg.limits))
        done = 0
        for n, items in results:
            handle(items)
            done += n
            if cfg.on_progress and n:
                cfg.on_progress(done)
        # communes last: their Art. 5.4 counts come from the units above
        for d in deferred:
            warnings: list[Problem] = []
            r = _assess_deferred(d, worker, summary, spec, warnings.append)
            for p in warnings:
                warn(p)
            if isinstance(r, Invalid):
                problem(r.source, r.problems)
                continue
            unit(r, check=False)
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    if pool is not None:
        pool.close()
    if cfg.on_done:
        cfg.on_done()  # e.g. take the progress bar down before a report prints its summary
    for w in writers:
        w.close(summary)
    return summary


def _assess_deferred(d: Deferred, worker: Worker, summary: Summary, spec: RollupSpec | None,
                     warn: Callable[[Problem], None]) -> UnitResult | Invalid:
    """Assess a commune after its units, with the Art. 5.4 counts computed from them (engine.rollup)."""
    from antt_cli.yamlsrc import load_file

    ident = d.identity
    tally, matched = summary.communes.children_of(ident.name, ident.code, ident.province, ident.year)
    try:
        if d.path is not None:
            parsed = load_file(d.path, nfc=True, limits=worker.options.limits)
            data = parsed.data
        else:
            parsed, data = d.parsed, d.data
        data = dict(data)
        rollup: dict[str, Any] | None = None
        if spec is not None and tally.units:
            counts = computed_counts(tally)
            names = {"total": spec.total, "registered": spec.registered, "recognised": spec.recognised}
            stated = {names[k]: data.get(names[k]) for k in names if data.get(names[k]) is not None}
            rollup = {"units": tally.units, "out_of_scope": tally.out_of_scope, "by_type": dict(sorted(tally.by_type.items())),
                      "computed": {names[k]: v for k, v in counts.items()}, "stated": stated,
                      "disagreements": [], "applied": counts["total"] > 0}
            for k, v in counts.items():
                s = stated.get(names[k])
                if s is not None and s != v:
                    rollup["disagreements"].append({"field": names[k], "stated": s, "computed": v})
            if rollup["applied"]:
                for k, v in counts.items():
                    data[names[k]] = v
                for dis in rollup["disagreements"]:
                    warn(MESSAGES.at(parsed, "rollup-disagrees", (dis["field"],), level=WARNING, field=dis["field"],
                                     stated=dis["stated"], n=tally.units, computed=dis["computed"]))
            else:
                warn(MESSAGES.problem(ident.source, "rollup-none", level=WARNING, commune=ident.name))
        source = ident.source
        record = worker.reader.from_data(data, source, parsed=parsed)
        result = worker.assessor.assess(record)
    except InputError as e:
        return Invalid(e.problems[0].file if e.problems else ident.source, e.problems)
    except Exception as e:  # the bulkhead, as for any other input
        return Invalid(ident.source, [internal_error(ident.source, e)])
    if rollup is not None and rollup["applied"] and spec is not None:
        _annotate(result, rollup, ident.name, worker.options.lang, spec)
    result.rollup = rollup
    summary.commune_records.append({"file": result.file, "name": ident.name, "province": ident.province,
                                    "year": ident.year, "outcome": result.outcome, "rollup": rollup, "matched": matched})
    return result


def _annotate(result: UnitResult, rollup: dict[str, Any], commune: str, lang: str, spec: RollupSpec) -> None:
    """Say, in each criterion that reads a computed count, where the count came from."""
    facts = set(spec.facts())
    c = rollup["computed"]
    stated = ""
    if rollup["stated"]:
        values = ", ".join(f"{k} = {v}" for k, v in rollup["stated"].items())
        stated = WORDS("rollup.stated", lang, values=values)
    line = WORDS("rollup.reason", lang, n=rollup["units"], commune=commune, total=c[spec.total],
                 registered=c[spec.registered], recognised=c[spec.recognised], stated=stated)
    for crit in result.criteria:
        if facts & set(crit.values):
            crit.reasons.append(line)


__all__ = ["BatchConfig", "default_jobs", "run_batch", "tasks"]
