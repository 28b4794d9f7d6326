"""Run a batch: inputs → (pool of) workers → items in input order → summary and sinks.

Order and content do not depend on --jobs: inputs are cut into chunks in a fixed order,
chunks are processed anywhere but consumed in order, and the units of the type that rolls
the others up (communes) are assessed last, in their input order, in the main process.
Memory stays bounded: a fixed number of chunks is in flight, items are handed to the sinks
as they arrive and then dropped; the summary keeps a few small values per unit.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from antt_cli.batch import messages
from antt_cli.batch.inputs import Source, iter_sources
from antt_cli.batch.items import DeferredItem, InvalidItem, Item, UnitItem
from antt_cli.batch.rollup import DEFAULT_SPEC, RollupSpec, computed_counts, fold
from antt_cli.batch.summary import Summary
from antt_cli.batch.worker import Options, State, init, items_for, make_item, prepare, process
from antt_cli.problems import InputError, Problem

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
    spec: RollupSpec | None = DEFAULT_SPEC
    on_problem: Callable[[list[Problem]], None] | None = None   # e.g. print to stderr
    on_warning: Callable[[str], None] | None = None
    on_progress: Callable[[int], None] | None = None            # called with the number of inputs done
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


def _results_in_order(chunks: Iterator[list[Source]], jobs: int, criteria: Any, cfg: BatchConfig) -> Iterator[tuple[int, list[Item]]]:
    if jobs <= 1:
        state = State(criteria, cfg.options)
        for chunk in chunks:
            items: list[Item] = []
            for src in chunk:
                items.extend(items_for(src, state))
            yield len(chunk), items
        return
    from concurrent.futures import ProcessPoolExecutor

    if "fork" in multiprocessing.get_all_start_methods():
        init(criteria, cfg.options)  # inherited by the forked workers: criteria loaded once, here
        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    else:  # pragma: no cover - spawn: each worker loads the criteria once
        from antt_cli.batch.worker import init_from_paths

        pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=init_from_paths, initargs=(cfg.criteria_paths, cfg.options))
    pending: collections.deque[Any] = collections.deque()
    try:
        for chunk in chunks:
            pending.append((len(chunk), pool.submit(process, chunk)))
            while len(pending) >= jobs * IN_FLIGHT:
                n, fut = pending.popleft()
                yield n, fut.result()
        while pending:
            n, fut = pending.popleft()
            yield n, fut.result()
    except BaseException:
        for _, fut in pending:
            fut.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def run_batch(paths: list[str], criteria: Any, sinks: list[Sink], cfg: BatchConfig) -> Summary:
    """Assess every input; hand each unit and each problem to the sinks in input order."""
    spec = cfg.spec if cfg.spec is not None and cfg.spec.active(criteria) else None
    cfg.options.defer_type = spec.parent_type if spec else None
    prepare(criteria)
    summary = Summary(spec.parent_type if spec else None)
    deferred: list[DeferredItem] = []

    def problem(source: str, problems: list[Problem]) -> None:
        summary.add_invalid()
        if cfg.on_problem:
            cfg.on_problem(problems)
        for s in sinks:
            s.invalid(source, problems)

    def unit(item: UnitItem) -> None:
        dup = summary.check_duplicate(item)
        summary.add_unit(item, duplicate=dup is not None)
        for s in sinks:
            s.unit(item)
        if dup is not None:
            problem(item.source, [dup])

    done = 0
    for n, items in _results_in_order(_chunks(iter_sources(paths)), cfg.jobs, criteria, cfg):
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
    state = State(criteria, cfg.options)
    for d in deferred:
        item = assess_deferred(d, state, summary, spec, cfg)
        if isinstance(item, InvalidItem):
            problem(item.source, item.problems)
        else:
            for s in sinks:
                s.unit(item)
            summary.add_unit(item)
    for s in sinks:
        s.close(summary)
    return summary


def assess_deferred(d: DeferredItem, state: State, summary: Summary, spec: RollupSpec | None,
                    cfg: BatchConfig) -> UnitItem | InvalidItem:
    """Assess a commune after its units, with the Art. 5.4 counts computed from them."""
    from antt_cli.engine import assess
    from antt_cli.records import record_from_data
    from antt_cli.yamlsrc import load_file

    o = state.options
    try:
        if d.kind == "yaml":
            assert d.path is not None
            parsed = load_file(d.path, nfc=True)
            data = parsed.data
        else:
            parsed, data = d.parsed, d.data
        data = dict(data)
        tally, matched = summary.communes.children_of(d.name, d.code, d.province, d.year)
        rollup: dict[str, Any] | None = None
        if spec is not None and tally.units:
            counts = computed_counts(tally)
            names = {"total": spec.total, "registered": spec.registered, "recognised": spec.recognised}
            stated = {names[k]: data.get(names[k]) for k in names if data.get(names[k]) is not None}
            rollup = {"units": tally.units, "out_of_scope": tally.out_of_scope, "by_type": dict(tally.by_type),
                      "computed": {names[k]: v for k, v in counts.items()}, "stated": stated,
                      "disagreements": [], "applied": counts["total"] > 0}
            for k, v in counts.items():
                s = stated.get(names[k])
                if s is not None and s != v:
                    rollup["disagreements"].append({"field": names[k], "stated": s, "computed": v})
            if counts["total"] > 0:
                for k, v in counts.items():
                    data[names[k]] = v
            elif cfg.on_warning:
                cfg.on_warning(messages.ui("rollup.none", o.lang, commune=d.name))
            for dis in rollup["disagreements"]:
                if cfg.on_warning and rollup["applied"]:
                    line, col = parsed.where((dis["field"],)) if parsed is not None else (None, None)
                    loc = d.source + (f":{line}:{col}" if line else "")
                    cfg.on_warning(messages.ui("rollup.warning", o.lang, file=loc, field=dis["field"], stated=dis["stated"],
                                               n=tally.units, computed=dis["computed"]))
        record = record_from_data(data, parsed.source, state.criteria, parsed=parsed, year=o.year, as_of=o.as_of)
    except InputError as e:
        return InvalidItem(e.problems[0].file if e.problems else d.source, e.problems)
    result = assess(record, lang=o.lang)
    if rollup is not None and rollup["applied"]:
        _annotate(result, rollup, d.name, o.lang, spec)
    item = make_item(result, o, rollup)
    summary.commune_records.append({"file": d.source, "name": d.name, "province": d.province, "year": d.year,
                                    "outcome": result.outcome, "rollup": rollup, "matched": matched})
    return item


def _annotate(result: Any, rollup: dict[str, Any], commune: str, lang: str, spec: Any) -> None:
    """Say, in each criterion that reads a computed count, where the count came from."""
    facts = set(spec.facts())
    c = rollup["computed"]
    stated = ""
    if rollup["stated"]:
        values = ", ".join(f"{k} = {v}" for k, v in rollup["stated"].items())
        stated = messages.ui("rollup.stated", lang, values=values)
    line = messages.ui("rollup.reason", lang, n=rollup["units"], commune=commune, total=c[spec.total],
                       registered=c[spec.registered], recognised=c[spec.recognised], stated=stated)
    for crit in result.criteria:
        if facts & set(crit.values):
            crit.reasons.append(line)


__all__ = ["BatchConfig", "Sink", "default_jobs", "fold", "run_batch"]
