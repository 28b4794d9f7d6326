"""The work done for each input, in the main process (--jobs 1) or a worker process.

A Worker owns what it needs for the whole run (the record reader with its models, the
assessor with its cached texts). Every input is a bulkhead: whatever goes wrong while reading,
validating or assessing one file or one spreadsheet row becomes a located problem of that
input, and the next input is assessed as if nothing happened.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass, field
from typing import Any, Iterator

from antt_cli.batch.communes import Commune, in_worker
from antt_cli.batch.inputs import Source
from antt_cli.batch.items import Deferred, Invalid, Item, Notice, Valid
from antt_cli.criteria import CriteriaSet
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import InputError, Messages, Problem
from antt_cli.records import RecordReader

MESSAGES = Messages({
    "internal-error": ("lỗi nội bộ khi xử lý đầu vào này ({kind}: {detail}); các đơn vị khác vẫn được đánh giá. "
                       "Xin báo lỗi (ANTT_DEBUG=1 để xem chi tiết)",
                       "internal error while handling this input ({kind}: {detail}); every other unit is still "
                       "assessed. Please report it (ANTT_DEBUG=1 for details)"),
})


TASK_BYTES = 1 << 20  # record bytes a worker takes at once from a task (Worker.process_some): ~500 records
                      # of 2 KB, more than a task holds (64), or one big record at a time


@dataclass(frozen=True)
class Options:
    lang: str = "vi"
    year: int | None = None
    as_of: dt.date | None = None
    locate: bool = False            # place each criterion not met on its line (github, sarif)
    defer_type: str | None = None   # unit type assessed after the batch (the commune roll-up)
    rollup: Any = None              # the RollupSpec: a child's record says if it registered, who manages it
    validate_only: bool = False     # read and validate, do not assess (`antt validate`)
    limits: Limits = field(default=DEFAULT)
    history: Any = None             # engine.history.History: earlier years given (--previous), or None
    encoders: tuple[Any, ...] = ()  # when every report has one: units go back as report.Encoded (bytes)
    keys_probe: int | None = None   # hash(summary.KEYS_PROBE) in the main process: a worker with the same
                                    # hash secret (forked) makes each unit's duplicate keys for it


def internal_error(source: str, e: BaseException, line: int | None = None) -> Problem:
    import os

    if os.environ.get("ANTT_DEBUG"):
        traceback.print_exception(e)
    detail = str(e).split("\n")[0][:160] if not isinstance(e, RecursionError) else "nesting too deep"
    return MESSAGES.problem(source, "internal-error", line=line, kind=type(e).__name__, detail=detail)


class Worker:
    def __init__(self, criteria: CriteriaSet, options: Options, models: dict[Any, Any] | None = None) -> None:
        self.criteria = criteria
        self.options = options
        self.reader = RecordReader(criteria, year=options.year, as_of=options.as_of, limits=options.limits, models=models)
        self._assessor: Any = None
        self._dup: Any = None  # a unit's duplicate keys made here (a function), False if not (_keys)

    @property
    def assessor(self) -> Any:
        """The engine's Assessor, made on first use: `antt validate` reads records without the engine."""
        if self._assessor is None:
            from antt_cli.engine import Assessor

            self._assessor = Assessor(lang=self.options.lang, locate=self.options.locate)
        return self._assessor

    def prepare(self) -> None:
        """Build every record model now (before worker processes are forked, say)."""
        self.reader.prepare()

    # -- one task: a chunk of inputs ---------------------------------------------------
    def process(self, task: list[Any]) -> list[Item]:
        """Every entry of the task, its items in order."""
        return [item for items, _ in self.steps(task) for item in items]

    def steps(self, task: list[Any]) -> Iterator[tuple[list[Item], bool]]:
        """The task's items step by step (process_some), each step's with whether it is the last."""
        done = 0
        while True:
            items, n = self.process_some(task[done:] if done else task)
            done += n
            yield items, done >= len(task)
            if done >= len(task):
                return

    def process_some(self, task: list[Any], budget: int | None = None) -> tuple[list[Item], int]:
        """The items of the task's first entries, and how many entries they are (at least one): every
        entry, unless its record files come to `budget` bytes (TASK_BYTES) first — the files up to the
        one that reached it are taken, and the rest is left for the next call. A task's files are held
        in memory all at once, stage by stage (_files), and a record may be 8 MB (limits.file_bytes,
        some 30 MB once read and assessed): 64 such files would take gigabytes."""
        budget = TASK_BYTES if budget is None else budget
        out: list[Item] = []
        files: list[str] = []  # record files in a row: read stage by stage (_files)
        for i, entry in enumerate(task):
            if type(entry) is str:  # a record file, as the pool sends one (batch.pool._compact)
                files.append(entry)
                continue
            if isinstance(entry, Source) and entry.kind == "yaml":
                files.append(entry.path)
                continue
            if files:
                items, n = self._files(files, budget)
                out.extend(items)
                if n < len(files):  # the budget reached: this entry and the files after n wait
                    return out, i - len(files) + n
                files = []
            if isinstance(entry, Source):
                out.extend(self.items(entry))
            elif isinstance(entry, (Invalid, Notice)):  # a spreadsheet's problem or warning, read by the main process
                out.append(entry)
            elif isinstance(entry, Commune):  # a commune and its units' tally, after every unit (batch.communes)
                out.append(in_worker(self, entry))
            else:  # a spreadsheet row read by the main process: (data, parsed)
                data, parsed = entry
                out.extend(self._one(lambda d=data, p=parsed: self._from_row(d, p), source=_row_source(parsed),
                                     data=data, parsed=parsed))
        if files:
            items, n = self._files(files, budget)
            out.extend(items)
            return out, len(task) - len(files) + n
        return out, len(task)

    def _files(self, paths: list[str], budget: int) -> tuple[list[Item], int]:
        """Record files, each read, then each validated, then each assessed, then each encoded: the
        same items as _one gives file by file, in order, with the same bulkhead around every file's
        every stage. A stage run over a task's files keeps its code and data warm in the processor's
        caches, where one file through every stage evicts them (10–20% of the CPU of a batch). The
        files are read until their bytes reach `budget`; the items of those read, and how many."""
        from antt_cli.yamlsrc import decode, parse, read_bytes

        reader = self.reader
        limits = reader.limits  # as RecordReader.read_file reads a file
        out: list[Any] = []
        read = 0
        for path in paths:
            try:
                raw = read_bytes(path, path, limits)  # yamlsrc.load_file, with the size seen
                read += len(raw)
                out.append(parse(decode(raw, path), path, nfc=True, limits=limits))
            except Exception as e:
                out.append(_failed(e, path))
            if read >= budget:
                break
        paths = paths[:len(out)]
        for i, (path, parsed) in enumerate(zip(paths, out)):
            if not isinstance(parsed, Invalid):
                try:
                    out[i] = reader.from_data(parsed.data, parsed.source, parsed=parsed)
                except Exception as e:
                    out[i] = _failed(e, path)
        for i, (path, record) in enumerate(zip(paths, out)):
            if not isinstance(record, Invalid):
                try:
                    out[i] = self._record_item(record, path=path)
                except Exception as e:
                    out[i] = _failed(e, path)
        if self.options.encoders:
            for i, (path, item) in enumerate(zip(paths, out)):
                if not isinstance(item, Invalid):
                    try:
                        out[i] = self._encoded(item)
                    except Exception as e:
                        out[i] = _failed(e, path)
        return out, len(out)

    def _encoded(self, item: Any) -> Any:
        """A result as the reports' bytes, made here when every report has an encoder (the main
        process then only writes them); Valid and Deferred as they are."""
        if not self.options.encoders or isinstance(item, (Valid, Deferred)):
            return item
        from antt_cli.report.base import Encoded

        return Encoded.of(item, self.options.encoders, self._keys(item.unit))

    def _keys(self, u: dict[str, Any]) -> Any:
        """The unit's duplicate keys, when this process hashes texts as the main process does."""
        if self._dup is None:
            self._dup = self._duplicate_keys()
        return self._dup(u) if self._dup else None

    def _duplicate_keys(self) -> Any:
        """A function making a unit's duplicate keys, decided once: False without a probe, or in a
        process with another hash secret (a spawned worker)."""
        probe = self.options.keys_probe
        if probe is None:
            return False
        from antt_cli.engine.summary import KEYS_PROBE, duplicate_keys
        from antt_cli.text import Folds

        if hash(KEYS_PROBE) != probe:
            return False
        places = Folds()  # the communes and provinces repeat
        return lambda u: duplicate_keys(u["type"], u["name"], u["year"], u.get("code"), u.get("commune"),
                                        u.get("province"), places)

    def items(self, src: Source) -> Iterator[Item]:
        if src.kind == "missing":
            assert src.problem is not None
            yield Invalid(src.path, [src.problem])
            return
        if src.kind == "sheet":
            for row in sheet_rows(src.path, self.criteria, self.options.limits):
                if isinstance(row, (Invalid, Notice)):
                    yield row
                else:
                    yield from self.process([row])
            return
        yield from self._one(lambda: self.reader.read_file(src.path), source=src.path, path=src.path)

    def assess(self, record: Any, history: Any = None) -> Any:
        """Assess one record; with a history (the options' --previous, or the batch's own, given by the
        runner), last year's figures are carried and the unit's years told (engine.history)."""
        book = history if history is not None else self.options.history
        if book is None:
            from antt_cli.engine.history import note_carries

            result = self.assessor.assess(record)
            note_carries(result, record)  # for a later year of the batch (batch.history)
        else:
            from antt_cli.engine.history import Who, assess_with_history

            result = assess_with_history(self.assessor, record, book.look(Who.of_record(record), record.year))
        o = self.options
        if o.rollup is not None and record.type_id in o.rollup.child_types:
            result.link = o.rollup.link_of(record.facts)
        return result

    def _from_row(self, data: dict[str, Any], parsed: Any) -> Any:
        return self.reader.from_data(data, _row_source(parsed), parsed=parsed)

    def _record_item(self, record: Any, *, path: str | None = None, data: Any = None, parsed: Any = None) -> Any:
        """What a valid record gives: Valid (`antt validate`), Deferred (a commune, after its units),
        or its result."""
        o = self.options
        if o.validate_only:
            return Valid(record.source, record.type_id, record.unit_type.ruleset.id)
        if o.defer_type and record.type_id == o.defer_type:
            from antt_cli.engine.summary import Identity

            h = record.header
            ident = Identity(record.source, record.type_id, record.name, record.year, h.get("code"),
                             h.get("commune"), h.get("province"))
            return Deferred(ident, path=path, data=data, parsed=parsed)
        result = self.assess(record)
        if data is not None and (result.carries or o.encoders):
            result.recheck = (data, parsed)  # a sheet row: kept in case the batch's history re-assesses it
        return result

    def _one(self, load: Any, *, source: str, path: str | None = None, data: Any = None, parsed: Any = None
             ) -> Iterator[Item]:
        try:
            item = self._encoded(self._record_item(load(), path=path, data=data, parsed=parsed))
        except Exception as e:
            yield _failed(e, source, parsed)
            return
        yield item


def _failed(e: Exception, source: str, parsed: Any = None) -> Invalid:
    """An input's failure as its problem. InputError: for a file, where its first problem is; for a
    spreadsheet row (`parsed`), the row (its problems may lie on another sheet, its register's).
    Anything else: the bulkhead, an internal error of that input only."""
    if isinstance(e, InputError):
        return Invalid(source if parsed is not None else (e.problems[0].file if e.problems else source), e.problems)
    return Invalid(source, [internal_error(source, e, getattr(parsed, "row", None))])


def _row_source(parsed: Any) -> str:
    row = getattr(parsed, "row", None)
    return f"{parsed.source}:{row}" if row else parsed.source


def sheet_rows(path: str, criteria: CriteriaSet, limits: Limits = DEFAULT) -> Iterator[tuple[Any, Any] | Invalid | Notice]:
    """The rows of a spreadsheet as (data, parsed), Invalid for what cannot be read, Notice for a
    warning (a row or column ignored); never raises."""
    from antt_cli.records.spreadsheet import read_sheet_records

    it = read_sheet_records(path, criteria, limits=limits)
    while True:
        try:
            row = next(it)
        except StopIteration:
            return
        except Exception as e:  # a spreadsheet the reader cannot go on with
            yield Invalid(path, [internal_error(path, e)])
            return
        if isinstance(row, Problem):
            yield Notice(row)
        elif isinstance(row, InputError):
            first = row.problems[0] if row.problems else None
            where = getattr(row, "source", None) or \
                (f"{first.file}:{first.line}" if first is not None and first.line else (first.file if first else path))
            yield Invalid(where, row.problems)
        else:
            yield row
