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
from typing import TYPE_CHECKING, Any, Callable, Iterator

from antt_cli import stopping
from antt_cli.batch.history import BatchHistory
from antt_cli.batch.inputs import iter_sources
from antt_cli.batch.items import Deferred, Invalid, Notice
from antt_cli.batch.pool import Pool, WorkerSpec, ordered
from antt_cli.batch.worker import Options, Worker, internal_error, sheet_rows
from antt_cli.criteria import CriteriaSet
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import WARNING, InputError, Messages, Problem
from antt_cli.report.base import Encoded
from antt_cli.report.spool import Spool
from antt_cli.words import Words

if TYPE_CHECKING:  # pragma: no cover - the engine is imported by run_batch: `antt validate` uses tasks() only
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.rollup import RollupSpec
    from antt_cli.engine.summary import Summary

CHUNK = 16          # record files per task sent to a worker
SHEET_CHUNK = 16    # spreadsheet rows per task

MESSAGES = Messages({
    "rollup-disagrees": ("bản ghi ghi {stated}, tính từ {n} đơn vị trong lô được {computed} (dùng số tính được)",
                         "the record states {stated}, {n} units in this batch give {computed} (the computed count is used)"),
    "rollup-stated": ("các đơn vị trong lô chưa đủ để tính ({why}); dùng số bản ghi ghi: {stated}",
                      "the units in this batch do not settle it ({why}); the record's own figure is used: {stated}"),
    "rollup-unknown": ("các đơn vị trong lô chưa đủ để tính ({why}) và bản ghi không ghi số này: tiêu chí thiếu dữ liệu",
                       "the units in this batch do not settle it ({why}) and the record does not state it: the "
                       "criterion lacks data"),
    "rollup-none": ("không có đơn vị nào trong lô ghi thuộc {commune}; dùng số liệu tự ghi",
                    "no unit of this batch names {commune}; its own counts are used"),
})
WORDS = Words({
    "rollup.reason": ("Tính từ {n} đơn vị trong lô do {commune} quản lý: {total} thuộc đối tượng, {registered} đã đăng ký, "
                      "{recognised} đạt{extra}",
                      "Counted from the {n} units of this batch that {commune} manages: {total} in scope, {registered} "
                      "registered, {recognised} passed{extra}"),
    "rollup.reg_unknown": ("; {n} đơn vị chưa ghi ngày đăng ký (chưa rõ)", "; {n} without a registration date (unknown)"),
    "rollup.unregistered": ("; {n} đơn vị không đăng ký", "; {n} did not register"),
    "rollup.outcome_unknown": ("; {n} đơn vị thiếu dữ liệu (chưa rõ có được công nhận)", "; {n} lack data (recognition unknown)"),
    "rollup.elsewhere": ("; {n} đơn vị do cấp khác công nhận, không tính", "; {n} recognised by another level, not counted"),
    "rollup.used": ("Số dùng để đánh giá: {values}", "Figures used: {values}"),
    "source.computed": ("tính từ lô", "counted from the batch"),
    "source.stated": ("xã tự ghi", "as the record states"),
    "source.none": ("không có", "none"),
    "why.partial": ("bản ghi ghi {stated} đơn vị, lô chỉ có {n}", "the record states {stated} units, the batch holds {n}"),
    "why.scope": ("{n} đơn vị chưa xác định được thuộc đối tượng", "{n} units' scope undecided"),
    "why.registration": ("{n} đơn vị chưa ghi ngày đăng ký", "{n} units without a registration date"),
    "why.outcome": ("{n} đơn vị thiếu dữ liệu", "{n} units lack data"),
    "why.inconsistent": ("số bản ghi ghi lớn hơn số {n} dùng bên cạnh", "the record's figure exceeds the {n} used beside it"),
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
    from antt_cli.engine.summary import Summary

    spec = cfg.spec if cfg.spec is not None else rollup_spec(criteria)
    spec = spec if spec is not None and spec.active(criteria) else None
    options = Options(lang=cfg.lang, year=cfg.year, as_of=cfg.as_of, locate=cfg.locate,
                      defer_type=spec.parent_type if spec else None, rollup=spec, limits=cfg.limits,
                      history=cfg.history,
                      # the workers send the reports' bytes (report.Encoded) unless last year's records are
                      # given (--previous: the worker's result is told its history in the main process)
                      encoders=_encoders(writers) if cfg.jobs > 1 and cfg.history is None else ())
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
        from antt_cli.engine.summary import Identity

        r = years.settle(r, worker)  # its other years (batch.history); may assess it again with last year's figures
        for p in r.warnings:
            warn(p)
        r.warnings, r.recheck = [], None
        dup = summary.check_duplicate(Identity.of(r)) if check else None
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
                    deferred[item.identity.year] = Spool()
                deferred[item.identity.year].add(item)

    for source, problems in cfg.before:
        problem(source, problems)
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
            stopping.check()  # a stop whose exception was swallowed (raised inside a destructor)
            handle(items)
            done += n
            if cfg.on_progress and n:
                cfg.on_progress(done)
        if pool is not None:  # the workers' part is done: they end before the communes are assessed here
            pool.close()
            stopping.check()  # a stop while the workers were ending: no report is written
        # communes last: their Art. 5.4 counts come from the units above; the oldest year first (history)
        for d in (d for year in sorted(deferred) for d in deferred[year]):
            years.expect(d.identity.year)
            warnings: list[Problem] = []
            r = _assess_deferred(d, worker, summary, spec, warnings.append, years.book)
            for p in warnings:
                warn(p)
            if isinstance(r, Invalid):
                problem(r.source, r.problems)
                continue
            unit(r, check=False)
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


def _assess_deferred(d: Deferred, worker: Worker, summary: Summary, spec: RollupSpec | None,
                     warn: Callable[[Problem], None], history: Any = None) -> UnitResult | Invalid:
    """Assess a commune after its units, with the Art. 5.4 counts its units settle (engine.rollup)."""
    from antt_cli.engine.rollup import settle
    from antt_cli.yamlsrc import load_file

    ident = d.identity
    lang = worker.options.lang
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
            stated = {f: data.get(f) for f in spec.facts() if isinstance(data.get(f), int) and not isinstance(data.get(f), bool)}
            s = settle(tally, stated, spec)
            rollup = {"units": tally.units, "out_of_scope": tally.out_of_scope, "elsewhere": tally.elsewhere,
                      "by_type": dict(sorted(tally.by_type.items())), "computed": s["computed"], "stated": stated,
                      "used": s["used"], "source": s["source"], "disagreements": s["disagreements"],
                      "unknown": {"registration": tally.registration_unknown, "outcome": tally.incomplete,
                                  "scope": tally.scope_undecided},
                      "unregistered": tally.unregistered, "partial": s["partial"],
                      "applied": any(v == "computed" for v in s["source"].values())}
            for f in spec.facts():
                if s["source"][f] == "computed":
                    data[f] = s["computed"][f]
                elif s["source"][f] == "none":
                    data.pop(f, None)
            for dis in s["disagreements"]:
                warn(MESSAGES.at(parsed, "rollup-disagrees", (dis["field"],), level=WARNING, stated=dis["stated"],
                                 n=tally.units, computed=dis["computed"]))
            for f in spec.facts():
                if not s["settled"][f] or s["source"][f] == "none":
                    reasons = "; ".join(WORDS(f"why.{k}", lang, n=n, stated=stated.get(spec.total)) for k, n in s["why"][f])
                    code = "rollup-stated" if s["source"][f] == "stated" else "rollup-unknown"
                    warn(MESSAGES.at(parsed, code, (f,), level=WARNING, why=reasons, stated=stated.get(f)))
        elif spec is not None:
            warn(MESSAGES.problem(ident.source, "rollup-none", level=WARNING, commune=ident.name))
        record = worker.reader.from_data(data, ident.source, parsed=parsed)
        result = worker.assess(record, history)
    except InputError as e:
        return Invalid(e.problems[0].file if e.problems else ident.source, e.problems)
    except Exception as e:  # the bulkhead, as for any other input
        return Invalid(ident.source, [internal_error(ident.source, e)])
    if rollup is not None and spec is not None:
        _annotate(result, rollup, ident.name, lang, spec, record.unit_type.facts)
    result.rollup = rollup
    summary.commune_records.append({"file": result.file, "name": ident.name, "province": ident.province,
                                    "year": ident.year, "outcome": result.outcome, "rollup": rollup, "matched": matched})
    return result


def _annotate(result: UnitResult, rollup: dict[str, Any], commune: str, lang: str, spec: RollupSpec,
              facts: dict[str, Any]) -> None:
    """Say, in each criterion that reads one of the counts, what the units gave and which figure was used."""
    c, total, registered, recognised = rollup["computed"], *spec.facts()
    unknown = rollup["unknown"]
    extra = ""
    if unknown["registration"]:
        extra += WORDS("rollup.reg_unknown", lang, n=unknown["registration"])
    if rollup["unregistered"]:
        extra += WORDS("rollup.unregistered", lang, n=rollup["unregistered"])
    if unknown["outcome"]:
        extra += WORDS("rollup.outcome_unknown", lang, n=unknown["outcome"])
    if rollup["elsewhere"]:
        extra += WORDS("rollup.elsewhere", lang, n=rollup["elsewhere"])
    line = WORDS("rollup.reason", lang, n=rollup["units"], commune=commune, total=c[total], registered=c[registered],
                 recognised=c[recognised], extra=extra)
    used = [f"{facts[f].label.pick(lang) if f in facts else f}: {rollup['used'][f]} ({WORDS('source.' + rollup['source'][f], lang)})"
            for f in spec.facts() if rollup["used"][f] is not None]
    lines = [line] + ([WORDS("rollup.used", lang, values="; ".join(used))] if used else [])
    if spec.note is not None:
        lines.append(spec.note.pick(lang))
    for crit in result.criteria:
        if set(spec.facts()) & set(crit.values):
            crit.reasons.extend(x for x in lines if x not in crit.reasons)


__all__ = ["BatchConfig", "default_jobs", "run_batch", "tasks"]
