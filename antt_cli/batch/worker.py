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

from antt_cli.batch.inputs import Source
from antt_cli.batch.items import Deferred, Invalid, Item, Notice, Valid
from antt_cli.criteria import CriteriaSet
from antt_cli.engine import Assessor
from antt_cli.engine.summary import Identity
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import InputError, Messages, Problem
from antt_cli.records import RecordReader

MESSAGES = Messages({
    "internal-error": ("lỗi nội bộ khi xử lý đầu vào này ({kind}: {detail}); các đơn vị khác vẫn được đánh giá. "
                       "Xin báo lỗi (ANTT_DEBUG=1 để xem chi tiết)",
                       "internal error while handling this input ({kind}: {detail}); every other unit is still "
                       "assessed. Please report it (ANTT_DEBUG=1 for details)"),
})


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


def internal_error(source: str, e: BaseException, line: int | None = None) -> Problem:
    import os

    if os.environ.get("ANTT_DEBUG"):
        traceback.print_exception(e)
    detail = str(e).split("\n")[0][:160] if not isinstance(e, RecursionError) else "nesting too deep"
    return MESSAGES.problem(source, "internal-error", line=line, kind=type(e).__name__, detail=detail)


class Worker:
    def __init__(self, criteria: CriteriaSet, options: Options) -> None:
        self.criteria = criteria
        self.options = options
        self.reader = RecordReader(criteria, year=options.year, as_of=options.as_of, limits=options.limits)
        self.assessor = Assessor(lang=options.lang, locate=options.locate)

    def prepare(self) -> None:
        """Build every record model now (before worker processes are forked, say)."""
        self.reader.prepare()

    # -- one task: a chunk of inputs ---------------------------------------------------
    def process(self, task: list[Any]) -> list[Item]:
        out: list[Item] = []
        for entry in task:
            if isinstance(entry, Source):
                out.extend(self.items(entry))
            elif isinstance(entry, (Invalid, Notice)):  # a spreadsheet's problem or warning, read by the main process
                out.append(entry)
            else:  # a spreadsheet row read by the main process: (data, parsed)
                data, parsed = entry
                out.extend(self._one(lambda d=data, p=parsed: self._from_row(d, p), source=_row_source(parsed),
                                     data=data, parsed=parsed))
        return out

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

    def _from_row(self, data: dict[str, Any], parsed: Any) -> Any:
        return self.reader.from_data(data, _row_source(parsed), parsed=parsed)

    def _one(self, load: Any, *, source: str, path: str | None = None, data: Any = None, parsed: Any = None
             ) -> Iterator[Item]:
        try:
            record = load()
            o = self.options
            if o.validate_only:
                yield Valid(record.source, record.type_id, record.unit_type.ruleset.id)
                return
            if o.defer_type and record.type_id == o.defer_type:
                h = record.header
                ident = Identity(record.source, record.type_id, record.name, record.year, h.get("code"),
                                 h.get("commune"), h.get("province"))
                yield Deferred(ident, path=path, data=data, parsed=parsed)
                return
            result = self.assessor.assess(record)
            if o.rollup is not None and record.type_id in o.rollup.child_types:
                result.link = o.rollup.link_of(record.facts)
        except InputError as e:
            # a file: where its first problem is; a spreadsheet row: the row (its problems may lie on
            # another sheet, its register's)
            yield Invalid(source if parsed is not None else (e.problems[0].file if e.problems else source), e.problems)
            return
        except Exception as e:  # the bulkhead: one input's failure is that input's problem
            yield Invalid(source, [internal_error(source, e, getattr(parsed, "row", None))])
            return
        yield result


def _row_source(parsed: Any) -> str:
    row = getattr(parsed, "row", None)
    return f"{parsed.source}:{row}" if row else parsed.source


def sheet_rows(path: str, criteria: CriteriaSet, limits: Limits = DEFAULT) -> Iterator[tuple[Any, Any] | Invalid | Notice]:
    """The rows of a spreadsheet as (data, parsed), Invalid for what cannot be read, Notice for a
    warning (a row or column ignored); never raises."""
    from antt_cli.records.spreadsheet import read_sheet_records

    it = read_sheet_records(path, criteria)
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
