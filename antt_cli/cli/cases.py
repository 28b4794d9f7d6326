"""`antt test`: run criteria test cases and report expected against actual."""

from __future__ import annotations

import sys
from pathlib import Path


def run(paths: list[Path] | None, keyword: str | None, lang: str, criteria_paths: list[Path] | None) -> int:
    from antt_cli.casetest import load_cases, run_case
    from antt_cli.cli.assess import load_criteria_or_report, print_problems

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    cases, problems = load_cases(paths or None)
    print_problems(problems, lang)
    if keyword:
        cases = [c for c in cases if keyword in c.name]
    passed = failed = 0
    for case in cases:
        res = run_case(case, criteria, lang)
        if res.ok:
            passed += 1
            continue
        failed += 1
        print(f"FAIL {case.name} ({case.source}:{case.line})")
        for m in res.mismatches:
            print(f"  {m}")
    print(f"{passed} passed, {failed} failed")
    if problems:
        return 2
    return 1 if failed or not cases else 0
