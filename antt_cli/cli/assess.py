"""`antt assess`: load criteria → run the batch (antt_cli.batch) → report writers (antt_cli.report).

One file or ten thousand, YAML or spreadsheets: the same path. With only record files named
on the command line the table shows every unit in full (as for one file); with a folder or
a spreadsheet it shows the summary, the units that did not pass and why, the invalid inputs.
"""

from __future__ import annotations

import gc
import os
import sys
from itertools import islice
from pathlib import Path
from typing import Any

from antt_cli.cli import common
from antt_cli.cli.entry import started
from antt_cli.cli.errors import WORDS as CLI_WORDS, UsageError
from antt_cli.report.words import WORDS

SMALL = 32  # up to this many inputs, a pool costs more than it saves; the output is the same
SHEET_ROW_BYTES = 2048  # a sheet counts as size / 2 KiB inputs: workers from about 64 KiB, a few hundred rows
                        # (a unit's row takes ~100 bytes in an xlsx, ~170 in a CSV); a commune's own
                        # workbook (45-60 KiB with its styles and lists) stays in one process


def _weight(source: Any) -> int:
    """How many inputs a source counts for when choosing whether to start workers: a file is one; a
    spreadsheet about as many as the rows its size suggests (its rows are spread over the workers)."""
    if source.kind != "sheet":
        return 1
    try:
        return 1 + os.path.getsize(source.path) // SHEET_ROW_BYTES
    except OSError:
        return 1


def run(paths: list[Path], fmt: str, lang: str, year: int | None, as_of: str | None, criteria_paths: list[Path] | None,
        outputs: list[str] | None = None, jobs: int | None = None, quiet: bool = False, verbose: bool = False,
        format_given: bool = False, document: str | None = None, templates: Path | None = None, force: bool = False,
        previous: list[Path] | None = None) -> int:
    from antt_cli.batch import BatchConfig, default_jobs, run_batch
    from antt_cli.batch.inputs import SHEET_SUFFIXES, iter_sources
    from antt_cli.report import Context, open_writer, registry

    str_paths = [os.fspath(p) for p in paths]
    earlier = [os.fspath(p) for p in previous or []]
    targets = common.parse_outputs(outputs, fmt, format_given, inputs=str_paths + earlier)
    for f, t in targets:
        spec = registry.get(f)
        if t is None and spec is not None and not spec.terminal and sys.stdout.isatty():
            raise UsageError("no-terminal", fmt=f, ext=spec.extensions[0] if spec.extensions else "")
    date = common.parse_date(as_of)
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    detailed = all(not os.path.isdir(p) and not p.lower().endswith(SHEET_SUFFIXES) for p in str_paths)
    if document is not None:
        common.check_document(document)
    if templates is not None and not templates.is_dir():
        raise UsageError("templates-missing", folder=str(templates))
    context = Context(lang=lang, detailed=detailed, command="assess", base=os.getcwd(), document=document,
                      templates=str(templates) if templates else common.pack_templates(criteria_paths), force=force,
                      inputs=tuple(str_paths), labels=common.field_labels(criteria, lang))
    writers = [open_writer(f, t, context) for f, t in targets]
    table_on_stdout = any(w.output.is_stdout and w.FORMAT.name == "table" for w in writers)
    data_on_stdout = any(w.output.is_stdout for w in writers) and not table_on_stdout

    many = sum(_weight(s) for s in islice(iter_sources(str_paths), SMALL + 1))
    n_jobs = jobs if jobs and jobs > 0 else default_jobs()
    if many <= SMALL:
        n_jobs = 1
    if verbose:
        common.say(CLI_WORDS("jobs-one", lang) if many <= SMALL else CLI_WORDS("jobs-used", lang, n=n_jobs))
    progress = None
    if not quiet and not data_on_stdout and many > 1 and sys.stderr.isatty():
        progress = _progress(str_paths, lang)

    def say(text: str) -> None:
        if progress is not None:
            progress.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr)

    # the batch table on stdout lists the invalid inputs itself; elsewhere they go to stderr
    echo = not (table_on_stdout and not detailed)

    def on_problem(problems: list[Any]) -> None:
        if echo:
            for p in sorted(problems, key=lambda p: (p.line or 0, p.col or 0)):
                say(p.render(lang))

    def on_warning(problem: Any) -> None:
        if not quiet:
            say(problem.render(lang))

    cfg = BatchConfig(jobs=n_jobs, limits=common.limits(), criteria_paths=[os.fspath(p) for p in common.criteria_paths(criteria_paths) or []] or None,
                      lang=lang, year=year, as_of=date, locate=any(w.FORMAT.locations for w in writers),
                      on_problem=on_problem, on_warning=on_warning,
                      on_progress=(lambda done: progress.update(progress.task_ids[0], completed=done, refresh=True))
                      if progress else None,
                      on_done=progress.stop if progress else None)
    started()  # the reading starts (cli.entry: start-up ran without the cyclic collector)
    if earlier:  # last year's runs first: every worker then holds them (batch.history)
        from antt_cli.batch.history import load_previous

        cfg.history, cfg.before, notes = load_previous(earlier, criteria, cfg)
        for p in notes:
            on_warning(p)
    if n_jobs > 1:
        gc.collect()
        gc.freeze()  # the criteria and models live for the whole run: keep the collector (and forks' copy-on-write) off them
    try:
        for w in writers:
            w.start()
        if progress is not None:
            progress.start()
        try:
            summary = run_batch(str_paths, criteria, writers, cfg)
        finally:
            if progress is not None:
                progress.stop()
            if n_jobs > 1:
                gc.unfreeze()  # the interpreter as it was (a program that runs antt in-process goes on)
    except BaseException as e:
        for w in writers:
            w.abort()
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):  # a full disk: nothing half-written is left
            raise common.write_failed(e) from None
        raise
    files = [t for _, t in targets if t is not None]
    if files and not quiet:
        o = summary.outcomes
        print(WORDS("oneline", lang, units=summary.units, passed=o["pass"], failed=o["fail"], incomplete=o["incomplete"],
                    oos=o["out_of_scope"], invalid=summary.invalid), file=sys.stderr)
        for w in writers:
            for t in getattr(w, "written", None) or ([w.ctx.target] if w.ctx.target else []):
                if os.path.isfile(t):
                    print(WORDS("written", lang, path=t), file=sys.stderr)
    return summary.exit_code()


def _progress(paths: list[str], lang: str) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from antt_cli.batch.inputs import count_sources

    p = Progress(TextColumn(WORDS("progress", lang)), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                 console=Console(file=sys.stderr), transient=True, auto_refresh=False)
    p.add_task("assess", total=count_sources(paths))
    return p
