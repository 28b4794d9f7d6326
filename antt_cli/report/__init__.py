"""Stage 4: reports. Every output format is one module of antt_cli.report.formats (the registry
finds them); each has one writer used both when a batch streams results and for results already
in memory:

    from antt_cli.report import write_report
    write_report("json", results, path="ket-qua.json", lang="vi")

Modules: registry (the list of formats), base (the writer protocol), formats/* (one per format),
output (atomic writes), human (what the human formats share), words (report words).
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any, Iterable

from antt_cli.lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.report.base import Context, Writer

# imported on first use: `antt --help` reads the registry without the writer protocol
__getattr__ = lazy_exports(__name__, {"Context": "base", "Format": "format", "Writer": "base", "Output": "output"})


def open_writer(name: str, target: str | None, context: Context, *, stream: IO[Any] | None = None) -> Writer:
    """A writer of format `name` to the file `target` (None: stdout, or `stream`), written atomically."""
    import dataclasses

    from antt_cli.report import registry
    from antt_cli.report.output import Output

    cls = registry.writer_class(name)
    return cls(Output(target, binary=cls.FORMAT.binary, stream=stream), dataclasses.replace(context, target=target))


def write_report(name: str, results: Iterable[Any], problems: Iterable[tuple[str, list[Any]]] = (), *,
                 summary: Any = None, path: str | None = None, lang: str = "vi", detailed: bool = True,
                 stream: IO[Any] | None = None) -> None:
    """Write results (and invalid inputs as (source, problems) pairs) in one go; the summary is
    counted from them unless given."""
    from antt_cli.engine.summary import Summary
    from antt_cli.report.base import Context

    counted = Summary() if summary is None else None
    w = open_writer(name, path, Context(lang=lang, detailed=detailed), stream=stream)
    w.start()
    try:
        for r in results:
            if counted is not None:
                counted.inputs += 1
                counted.add_unit(r)
            w.unit(r)
        for source, ps in problems:
            if counted is not None:
                counted.inputs += 1
                counted.add_invalid()
            w.invalid(source, ps)
        w.close(summary if summary is not None else counted)
    except BaseException:
        w.abort()
        raise


__all__ = ["Context", "Format", "Output", "Writer", "open_writer", "write_report"]
