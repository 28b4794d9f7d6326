"""`antt assess`: load criteria → load records → evaluate → report."""

from __future__ import annotations

import datetime as dt
import sys
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


def run(paths: list[Path], fmt: str, lang: str, year: int | None, as_of: dt.date | None,
        criteria_paths: list[Path] | None) -> int:
    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    from antt_cli.engine import assess
    from antt_cli.records import load_record
    from antt_cli.report import get_reporter

    results, problems = [], []
    for path in paths:
        try:
            record = load_record(str(path), criteria, year=year, as_of=as_of)
        except InputError as e:
            problems += e.problems
            continue
        results.append(assess(record, lang=lang))
    print_problems(problems, lang)
    if results or fmt == "json":
        get_reporter(fmt)(results, problems, lang, sys.stdout)
    return exit_code(results, problems)
