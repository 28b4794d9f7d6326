"""`antt validate FILE|FOLDER|SHEET...`: check unit records against their unit type's schema (and the
consistency constraints of the criteria) without assessing them. For editors and pre-commit.

The inputs are found and read exactly as `antt assess` finds and reads them (antt_cli.batch)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from antt_cli.cli import common
from antt_cli.cli.entry import started
from antt_cli.words import Words

WORDS = Words({
    "ok": ("{n} bản ghi hợp lệ", "{n} valid record(s)"),
    "bad": ("{bad}/{n} bản ghi không hợp lệ", "{bad}/{n} invalid record(s)"),
})


def run(paths: list[Path], fmt: str, lang: str, year: int | None, as_of: str | None, criteria_paths: list[Path] | None,
        quiet: bool = False, verbose: bool = False) -> int:
    from antt_cli.batch.items import Invalid, Notice, Valid
    from antt_cli.batch.runner import tasks
    from antt_cli.batch.worker import Options, Worker
    from antt_cli.report import Context, open_writer

    date = common.parse_date(as_of)
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    limits = common.limits()
    worker = Worker(criteria, Options(lang=lang, year=year, as_of=date, validate_only=True, limits=limits))
    files = []
    bad = 0
    writer = open_writer(fmt, None, Context(lang=lang, command="validate", base=os.getcwd(), extra={"files": files}))
    writer.start()
    started()  # the reading starts (cli.entry: start-up ran without the cyclic collector)
    try:
        for entries, _ in tasks([os.fspath(p) for p in paths], criteria, limits):
            for item in worker.process(entries):
                if isinstance(item, Valid):
                    files.append({"file": item.source, "valid": True, "type": item.type, "ruleset": item.ruleset})
                elif isinstance(item, Notice):
                    writer.warning(item.problem)
                elif isinstance(item, Invalid):
                    bad += 1
                    files.append({"file": item.source, "valid": False})
                    writer.invalid(item.source, item.problems)
        writer.close(None)
    except BaseException:
        writer.abort()
        raise
    if not quiet or bad:
        print(WORDS("bad" if bad else "ok", lang, n=len(files), bad=bad), file=sys.stderr)
    return 2 if bad else 0
