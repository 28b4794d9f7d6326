"""`text`: problems one per line, `file:line:col: field: message [code]` (the compiler convention,
understood by editors and CI logs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from antt_cli.problems import Problem, sorted_problems
from antt_cli.report.base import Context, Format, Writer as BaseWriter
from antt_cli.report.output import Output

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.summary import Summary

FORMAT = Format("text", (), units=False, problems=True,
                description=("các lỗi, mỗi lỗi một dòng", "problems, one per line"), order=80)


class Writer(BaseWriter):
    FORMAT = FORMAT

    def __init__(self, output: Output, context: Context) -> None:
        super().__init__(output, context)
        self.found: list[Problem] = []

    def invalid(self, source: str, problems: list[Problem]) -> None:
        self.found.extend(problems)

    def warning(self, problem: Problem) -> None:
        self.found.append(problem)

    def finish(self, summary: Summary | None) -> None:
        for p in sorted_problems(self.found):
            self.out.write(p.render(self.lang) + "\n")
