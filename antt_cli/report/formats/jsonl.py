"""`jsonl`: one line per unit (the unit object of the JSON document); `{"error": …}` lines for
invalid input, `{"warning": …}` lines; a last `{"summary": …}` line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from antt_cli.report.base import Context, Format, Writer as BaseWriter
from antt_cli.report.formats.json import CriteriaJSON, encode, unit_dict
from antt_cli.report.jsonenc import dumps_bytes

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("jsonl", (".jsonl", ".ndjson"), description=("một dòng JSON cho mỗi đơn vị", "one JSON line per unit"),
                order=30)


def encode_unit(result: UnitResult, context: Context | None = None) -> bytes:
    """A unit's line: orjson's UTF-8 bytes, newline included, as they go to the file (never decoded to
    text and encoded again). The context does not change a unit's line (paths are kept as given)."""
    return dumps_bytes(unit_dict(result), newline=True)


class UnitLine:
    """A unit's line (bytes), made wherever the unit is assessed (Writer.encoder), with each criterion's
    JSON made once per result (json.CriteriaJSON): the same bytes as encode_unit."""

    key = "jsonl"

    def __init__(self, context: Context) -> None:
        self.ctx = context
        self.criteria = CriteriaJSON()

    def __call__(self, result: UnitResult) -> bytes:
        return encode(result, self.criteria, newline=True)


class Writer(BaseWriter):
    FORMAT = FORMAT

    def start(self) -> None:
        super().start()
        self.write = self.byte_sink()
        self.line = UnitLine(self.ctx)

    def encoder(self) -> Any:
        return UnitLine(self.ctx)

    def unit(self, result: UnitResult) -> None:
        encoded = getattr(result, "encoded", None)  # an Encoded from a batch worker
        self.write(encoded["jsonl"] if encoded is not None else self.line(result))

    def invalid(self, source: str, problems: list[Problem]) -> None:
        for p in problems:
            self.write(dumps_bytes({"error": p.to_dict(self.lang)}, newline=True))

    def warning(self, problem: Problem) -> None:
        self.write(dumps_bytes({"warning": problem.to_dict(self.lang)}, newline=True))

    def finish(self, summary: Summary | None) -> None:
        if summary is not None:
            self.write(dumps_bytes({"summary": summary.to_dict()}, newline=True))
