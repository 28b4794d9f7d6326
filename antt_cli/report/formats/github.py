"""`github`: GitHub Actions workflow commands — each problem, and each criterion a unit does not
meet, shown on its line in a pull request (`::error file=…,line=…::message`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from antt_cli.problems import WARNING, Problem, sorted_problems
from antt_cli.report.base import Context, Format, Writer as BaseWriter
from antt_cli.report.output import Output
from antt_cli.text import printable

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary

FORMAT = Format("github", (), units=True, problems=True, locations=True,
                description=("chú thích GitHub Actions", "GitHub Actions annotations"), order=90)


def _esc(s: str, prop: bool = False) -> str:
    s = printable(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


def command(level: str, file: str, line: int | None, col: int | None, title: str, message: str) -> str:
    props = [f"file={_esc(file, True)}"]
    if line is not None:
        props.append(f"line={line}")
        if col is not None:
            props.append(f"col={col}")
    props.append(f"title={_esc(title, True)}")
    return f"::{level} {','.join(props)}::{_esc(message)}"


def annotation(p: Problem, lang: str) -> str:
    name = f"{p.field}: " if p.field else ""
    return command("warning" if p.level == WARNING else "error", p.file, p.line, p.col, p.code, name + p.message(lang))


class Writer(BaseWriter):
    FORMAT = FORMAT

    def __init__(self, output: Output, context: Context) -> None:
        super().__init__(output, context)
        self.found: list[Problem] = []

    def unit(self, r: UnitResult) -> None:
        source = self.ctx.path(r.file)
        for c in r.issues():
            line, col = c.location or (None, None)
            level = "error" if c.status == "fail" else "warning"
            message = f"{c.title} — {' '.join(x.strip() for x in c.reasons)}"
            self.out.write(command(level, source, line, col, f"{c.id} ({c.citation.get('ref', '')})", message) + "\n")

    def invalid(self, source: str, problems: list[Problem]) -> None:
        self.found.extend(problems)

    def warning(self, problem: Problem) -> None:
        self.found.append(problem)

    def finish(self, summary: Summary | None) -> None:
        for p in sorted_problems(self.found):
            self.out.write(annotation(p, self.lang) + "\n")
