"""`antt assess`: load criteria → run the batch (antt_cli.batch) → reports (antt_cli.report.sinks).

One file or ten thousand, YAML or spreadsheets: the same path. With only record files named
on the command line the table shows every unit in full (as for one file); with a folder or
a spreadsheet it shows the summary, the units that did not pass and why, the invalid inputs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from itertools import islice
from pathlib import Path
from typing import Any

from antt_cli.problems import InputError, Problem


def print_problems(problems: list[Problem], lang: str) -> None:
    for p in problems:
        print(p.render(lang), file=sys.stderr)


def load_criteria_or_report(criteria_paths: list[Path] | None, lang: str) -> Any:
    from antt_cli.criteria import load_criteria

    try:
        return load_criteria(criteria_paths or None)
    except InputError as e:
        print_problems(e.problems, lang)
        return None


def exit_code(results: list[Any], problems: list[Problem]) -> int:
    if problems:
        return 2
    if any(r.outcome in ("fail", "incomplete") for r in results):
        return 1
    return 0


class UsageError(Exception):
    pass


def unwritable(target: str) -> str | None:
    """Why a report could not be written to `target` (checked before a long batch starts), or None."""
    if os.path.isdir(target):
        return "đây là thư mục, cần một tên tệp / this is a folder; give a file name"
    if os.path.exists(target):
        return None if os.access(target, os.W_OK) else "không có quyền ghi / no permission to write"
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        return f"thư mục {folder} không tồn tại / folder {folder} does not exist"
    if not os.access(folder, os.W_OK):
        return f"không có quyền ghi vào {folder} / no permission to write in {folder}"
    return None


def parse_outputs(outputs: list[str] | None, fmt: str, format_given: bool) -> list[tuple[str, str | None]]:
    """`-o` values → (format, path or None for stdout). FORMAT=FILE, else the extension, else --format."""
    from antt_cli.report.sinks import EXTENSIONS, FORMATS

    if not outputs:
        return [(fmt, None)]
    out: list[tuple[str, str | None]] = []
    for value in outputs:
        head, sep, tail = value.partition("=")
        if sep and head in FORMATS:
            problem = unwritable(tail) if tail != "-" else None
            if problem:
                raise UsageError(f"-o {value}: {problem}")
            out.append((head, None if tail == "-" else tail))
            continue
        if value == "-":
            out.append((fmt, None))
            continue
        problem = unwritable(value)
        if problem:
            raise UsageError(f"-o {value}: {problem}")
        ext = os.path.splitext(value)[1].lower()
        if ext in EXTENSIONS and not (format_given and ext == ".txt"):
            out.append((EXTENSIONS[ext], value))
        elif format_given:
            out.append((fmt, value))
        else:
            raise UsageError(f"-o {value}: " + ("không biết định dạng; dùng FORMAT=TỆP hoặc --format / cannot tell the format; "
                                                 "use FORMAT=FILE or --format (" + ", ".join(FORMATS) + ")"))
    if sum(1 for _, t in out if t is None) > 1:
        raise UsageError("-o: chỉ một đầu ra có thể là stdout / only one output can be stdout")
    return out


def run(paths: list[Path], fmt: str, lang: str, year: int | None, as_of: dt.date | None,
        criteria_paths: list[Path] | None, outputs: list[str] | None = None, jobs: int | None = None,
        quiet: bool = False, format_given: bool = False) -> int:
    try:
        targets = parse_outputs(outputs, fmt, format_given)
    except UsageError as e:
        print(f"antt assess: {e}", file=sys.stderr)
        return 2
    for f, t in targets:
        if f == "xlsx" and t is None and sys.stdout.isatty():
            print("antt assess: xlsx không ghi ra màn hình; dùng -o TỆP.xlsx / xlsx is not written to a terminal; use -o FILE.xlsx",
                  file=sys.stderr)
            return 2
    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2

    from antt_cli.batch import BatchConfig, Options, default_jobs, run_batch
    from antt_cli.batch.inputs import SHEET_SUFFIXES, iter_sources
    from antt_cli.batch.messages import ui as bui
    from antt_cli.report.output import Output
    from antt_cli.report.sinks import make_sink

    str_paths = [os.fspath(p) for p in paths]
    detailed = all(not os.path.isdir(p) and not p.lower().endswith(SHEET_SUFFIXES) for p in str_paths)
    sinks = []
    for f, t in targets:
        bom = f == "csv"
        sinks.append(make_sink(f, Output(t, binary=f == "xlsx", bom=bom), lang, detailed=detailed))
    table_on_stdout = any(s.output.is_stdout and type(s).__name__ == "TableSink" for s in sinks)
    data_on_stdout = any(s.output.is_stdout for s in sinks) and not table_on_stdout

    many = sum(1 for _ in islice(iter_sources(str_paths), 33))
    n_jobs = jobs if jobs and jobs > 0 else default_jobs()
    if many <= 32:
        n_jobs = 1  # a pool costs more than it saves on a handful of files; the output is the same
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

    def on_problem(problems: list[Problem]) -> None:
        if echo:
            for p in problems:
                say(p.render(lang))

    def on_warning(text: str) -> None:
        if not quiet:
            say(text)

    options = Options(lang=lang, year=year, as_of=as_of,
                      json_line=any(getattr(s, "needs_json_line", False) for s in sinks),
                      json_block=any(getattr(s, "needs_json_block", False) for s in sinks),
                      keep_result=any(getattr(s, "needs_result", False) for s in sinks))
    cfg = BatchConfig(jobs=n_jobs, criteria_paths=[os.fspath(p) for p in criteria_paths] if criteria_paths else None,
                      on_problem=on_problem, on_warning=on_warning, options=options,
                      on_progress=(lambda done: progress.update(progress.task_ids[0], completed=done, refresh=True))
                      if progress else None,
                      on_done=progress.stop if progress else None)
    try:
        for s in sinks:
            s.start()
        if progress is not None:
            progress.start()
        try:
            summary = run_batch(str_paths, criteria, sinks, cfg)
        finally:
            if progress is not None:
                progress.stop()
    except BaseException as e:
        for s in sinks:
            s.abort()
        if isinstance(e, OSError):  # writing a report failed (a full disk, a closed pipe): nothing half-written is left
            if not isinstance(e, BrokenPipeError):
                print(f"antt assess: {e.strerror or e}: {e.filename or ''}".rstrip(": "), file=sys.stderr)
            return 2
        raise
    files = [t for _, t in targets if t is not None]
    if files and not quiet:
        o = summary.outcomes
        print(bui("oneline", lang, units=summary.units, passed=o["pass"], failed=o["fail"], incomplete=o["incomplete"],
                  oos=o["out_of_scope"], invalid=summary.invalid), file=sys.stderr)
        for t in files:
            if os.path.isfile(t):
                print(bui("written", lang, path=t), file=sys.stderr)
    return summary.exit_code()


def _progress(paths: list[str], lang: str) -> Any:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from antt_cli.batch.inputs import count_sources
    from antt_cli.batch.messages import ui as bui

    p = Progress(TextColumn(bui("progress", lang)), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                 console=Console(file=sys.stderr), transient=True, auto_refresh=False)
    p.add_task("assess", total=count_sources(paths))
    return p
