"""What every output format shares: the writer protocol and the context it writes in.

A format is one module of antt_cli.report.formats declaring `FORMAT` (a Format: its name, file
extensions, what it can write) and `Writer` (a subclass of Writer below). One writer serves both
uses: a batch feeds it unit by unit as results arrive (streaming), and the Python API feeds it a
list it already holds (report.write_report). Either way:

    w = Writer(output, context)
    w.start()
    w.unit(result) … / w.invalid(source, problems) … / w.warning(problem) …
    w.close(summary)        # or w.abort() — nothing half-written is left

A format that also shows what changed between two runs (`antt diff`) declares `diff=True` in its
FORMAT and implements `Writer.diff(document)`: the CLI then calls `start()`, `diff(…)` once, and
`close(None)`. The document is engine.compare's (docs/years.md); report/diffs.py has the rows the
human formats share.

A writer never raises on a value it cannot show: it escapes or replaces it (text from records is
data, never markup or control).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from antt_cli.report.format import Format
from antt_cli.report.output import Output

if TYPE_CHECKING:  # pragma: no cover - the writers' inputs; imported only where they are used
    from antt_cli.engine.results import UnitResult
    from antt_cli.engine.summary import Summary
    from antt_cli.problems import Problem


@dataclass
class Context:
    """What a writer needs to know about the run."""

    lang: str = "vi"
    detailed: bool = False              # every unit in full (a few record files), not a batch summary
    command: str = "assess"             # assess | validate | check | test | diff
    extra: dict[str, Any] = field(default_factory=dict)  # command-specific document fields (JSON)
    base: str | None = None             # paths are shown relative to this folder when inside it
    templates: str | None = None        # a folder of document templates overriding the shipped ones
    document: str | None = None         # which dossier document (docx): bien_ban, to_trinh, bao_cao_tong_hop…
    force: bool = False                 # a dossier may replace documents already in its folder
    target: str | None = None           # the file (or folder) written, when it is not stdout
    inputs: tuple[str, ...] = ()        # the paths the run reads, as given (the assessed copy of a workbook)
    labels: dict[str, str] = field(default_factory=dict)  # the rule set's labels of record fields (name → "Tên đơn vị")

    def path(self, p: str) -> str:
        """A path as people read it (table, markdown, xlsx, documents) and code scanning wants it
        (sarif, github): relative to where the run started when it lies there. The data formats
        (json, jsonl, csv, junit) keep every path as it was given."""
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


@dataclass
class Encoded:
    """An assessed unit as a batch worker sends it to the main process when every report of the run
    has an encoder (Writer.encoder): what the summary reads of a unit, and each report's bytes for it,
    made in the worker. About 1 KB to pickle and hand over, where the whole UnitResult is about 20 KB,
    and the main process only writes bytes. The reports are the same bytes either way: the writer's
    own encoder made them."""

    file: str
    unit: dict[str, Any]        # the UnitResult's, without the notes
    ruleset: dict[str, Any]
    outcome: str
    scope: dict[str, Any] | None  # only whether the scope was decided
    link: dict[str, Any] | None
    encoded: dict[str, bytes]   # encoder key → bytes (a memoryview of them, read back from a worker's spool)
    # what the batch's history (batch.history) reads: the unit's last-year values, the facts it takes from
    # last year, a sheet row's cells (to assess it again in the main process if a second year turns up)
    sources: dict[str, Any] = field(default_factory=dict)
    carries: tuple[tuple[str, str], ...] = ()
    recheck: Any = None
    warnings: list[Any] = field(default_factory=list)
    history: Any = None
    rollup: Any = None
    keys: Any = None  # the unit's duplicate keys (engine.summary.duplicate_keys), when the worker may make them

    @classmethod
    def of(cls, r: "UnitResult", encoders: "tuple[Any, ...]", keys: Any = None) -> "Encoded":
        scope = {"decided": r.scope.get("decided", True)} if r.scope is not None else None
        return cls(r.file, {k: v for k, v in r.unit.items() if k != "notes"}, r.ruleset, r.outcome, scope, r.link,
                   {e.key: e(r) for e in encoders}, r.sources, r.carries, r.recheck, list(r.warnings), keys=keys)


class Writer:
    FORMAT: Format

    def __init__(self, output: Output, context: Context) -> None:
        self.output = output
        self.ctx = context
        self.lang = context.lang
        self.out: Any = None

    def start(self) -> None:
        self.out = self.output.open()

    def encoder(self) -> Any:
        """A picklable callable making, from a UnitResult, the bytes this writer writes for it (with a
        `key`), so that batch workers can make them; None (the default) when the writer needs the result
        itself. A writer with an encoder takes an `Encoded` in unit()."""
        return None

    def byte_sink(self) -> Any:
        """A function writing bytes to the report (for writers that make UTF-8 bytes, e.g. with orjson):
        the binary stream under the text one, where the text layer would not change them, else through
        the text layer."""
        out = self.out
        buf = getattr(out, "buffer", None)
        if buf is not None and (self.output.target is not None or os.linesep == "\n"):
            out.flush()  # what was written as text goes first
            return buf.write
        return lambda data: out.write(str(data, "utf-8"))  # a text stream only, or newline translation

    def unit(self, result: "UnitResult") -> None:
        """An assessed unit, in input order."""

    def invalid(self, source: str, problems: "list[Problem]") -> None:
        """An input that could not be assessed, with its problems, in input order."""

    def warning(self, problem: "Problem") -> None:
        """Something the user must know that is not an invalid input (a count replaced, a column ignored)."""

    def diff(self, document: dict[str, Any]) -> None:
        """What changed between two runs (`antt diff`), for a format declaring `diff=True`."""
        raise NotImplementedError(f"{self.FORMAT.name} does not write a comparison")

    def finish(self, summary: "Summary | None") -> None:
        """Write what comes after the units (a summary, closing brackets)."""

    def close(self, summary: "Summary | None") -> None:
        self.finish(summary)
        self.output.commit()

    def abort(self) -> None:
        self.output.discard()
