"""`jsonl`: one line per unit (the unit object of the JSON document); `{"error": …}` lines for
invalid input, `{"warning": …}` lines; a last `{"summary": …}` line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from antt_cli.report.base import Format, Writer as BaseWriter
from antt_cli.report.formats.json import unit_dict
from antt_cli.report.jsonenc import dumps

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem

FORMAT = Format("jsonl", (".jsonl", ".ndjson"), description=("một dòng JSON cho mỗi đơn vị", "one JSON line per unit"),
                order=30)


class Writer(BaseWriter):
    FORMAT = FORMAT

    def unit(self, result: UnitResult) -> None:
        self.out.write(dumps(unit_dict(result)))
        self.out.write("\n")

    def invalid(self, source: str, problems: list[Problem]) -> None:
        for p in problems:
            self.out.write(dumps({"error": p.to_dict(self.lang)}))
            self.out.write("\n")

    def warning(self, problem: Problem) -> None:
        self.out.write(dumps({"warning": problem.to_dict(self.lang)}))
        self.out.write("\n")

    def finish(self, summary: Summary | None) -> None:
        if summary is not None:
            self.out.write(dumps({"summary": summary.to_dict()}))
            self.out.write("\n")
