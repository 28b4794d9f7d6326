"""`antt new TYPE`: print a blank, commented record."""

from __future__ import annotations

import sys
from pathlib import Path

from antt_cli.i18n import hint
from antt_cli.problems import Problem


def run(unit_type: str, lang: str, year: int | None, criteria_paths: list[Path] | None) -> int:
    from antt_cli.cli.assess import load_criteria_or_report, print_problems
    from antt_cli.template import render_template

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    tid = criteria.resolve_type(unit_type)
    if tid is None:
        print_problems([Problem("TYPE", "unknown-type", {"value": unit_type, "choices": ", ".join(criteria.type_ids()),
                                                          "hint": hint(criteria.suggest_type(unit_type))})], lang)
        return 2
    ut = criteria.unit_type(tid, year=year) if year else criteria.latest(tid)
    if ut is None:
        ut = criteria.latest(tid)
    sys.stdout.write(render_template(ut, lang, year))
    return 0
