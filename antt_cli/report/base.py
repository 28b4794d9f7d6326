"""What every output format shares: the writer protocol and the context it writes in.

A format is one module of antt_cli.report.formats declaring `FORMAT` (a Format: its name, file
extensions, what it can write) and `Writer` (a subclass of Writer below). One writer serves both
uses: a batch feeds it unit by unit as results arrive (streaming), and the Python API feeds it a
list it already holds (report.write_report). Either way:

    w = Writer(output, context)
    w.start()
    w.unit(result) … / w.invalid(source, problems) … / w.warning(problem) …
    w.close(summary)        # or w.abort() — nothing half-written is left

A writer never raises on a value it cannot show: it escapes or replaces it (text from records is
data, never markup or control).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from antt_cli.report.output import Output

if TYPE_CHECKING:  # pragma: no cover - the writers' inputs; imported only where they are used
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...] = ()
    binary: bool = False
    units: bool = True        # writes assessment results (`antt assess`)
    problems: bool = False    # writes a list of problems (`validate`, `criteria check`, `test`)
    terminal: bool = True     # may be written to a terminal
    locations: bool = False   # places each criterion not met on its line in the record
    folder: bool = False      # the target is a folder (a dossier of documents), never stdout
    description: tuple[str, str] = ("", "")
    order: int = 100


@dataclass
class Context:
    """What a writer needs to know about the run."""

    lang: str = "vi"
    detailed: bool = False              # every unit in full (a few record files), not a batch summary
    command: str = "assess"             # assess | validate | check | test
    extra: dict[str, Any] = field(default_factory=dict)  # command-specific document fields (JSON)
    base: str | None = None             # paths are shown relative to this folder when inside it
    templates: str | None = None        # a folder of document templates overriding the shipped ones
    document: str | None = None         # which dossier document (docx): bien_ban, to_trinh, bao_cao_tong_hop…
    force: bool = False                 # a dossier may replace documents already in its folder
    target: str | None = None           # the file (or folder) written, when it is not stdout
    inputs: tuple[str, ...] = ()        # the paths the run reads, as given (the assessed copy of a workbook)
    labels: dict[str, str] = field(default_factory=dict)  # the rule set's labels of record fields (name → "Tên đơn vị")

    def path(self, p: str) -> str:
        """A path as shown in reports: relative to where the run started when it lies there."""
        return shown_path(p, self.base)


def shown_path(p: str, base: str | None, pathmod: Any = os.path) -> str:
    """`p` relative to `base` when it lies inside it (C:\\Users\\Cán bộ\\Tài liệu\\xa\\a.yaml → xa\\a.yaml),
    else as given: a relative path stays as typed, a path elsewhere (another drive) stays absolute.
    `pathmod` is os.path; the tests pass ntpath to check the Windows rules on any system."""
    if not p or base is None or not pathmod.isabs(p):
        return p
    try:
        rel = pathmod.relpath(p, base)
    except ValueError:  # another drive on Windows
        return p
    up = pathmod.pardir
    if rel == up or rel.startswith((up + pathmod.sep, up + (pathmod.altsep or pathmod.sep))):
        return p
    return rel


class Writer:
    FORMAT: Format

    def __init__(self, output: Output, context: Context) -> None:
        self.output = output
        self.ctx = context
        self.lang = context.lang
        self.out: Any = None

    def start(self) -> None:
        self.out = self.output.open()

    def unit(self, result: "UnitResult") -> None:
        """An assessed unit, in input order."""

    def invalid(self, source: str, problems: "list[Problem]") -> None:
        """An input that could not be assessed, with its problems, in input order."""

    def warning(self, problem: "Problem") -> None:
        """Something the user must know that is not an invalid input (a count replaced, a column ignored)."""

    def finish(self, summary: "Summary | None") -> None:
        """Write what comes after the units (a summary, closing brackets)."""

    def close(self, summary: "Summary | None") -> None:
        self.finish(summary)
        self.output.commit()

    def abort(self) -> None:
        self.output.discard()
