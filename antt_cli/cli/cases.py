"""`antt test`: run criteria test cases, report expected against actual, and coverage."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from antt_cli.cli import common
from antt_cli.problems import Messages
from antt_cli.words import Words

MESSAGES = Messages({"case-failed": ("ca kiểm thử không đạt: {detail}", "test case failed: {detail}")})

WORDS = Words({
    # the pytest-like summary stays the same in both languages (scripts match it)
    "summary": ("{passed} passed, {failed} failed", "{passed} passed, {failed} failed"),
    "coverage": ("Độ bao phủ tiêu chí (có ca đạt và ca chưa đạt): {covered}/{total} ({pct}%); "
                 "nhánh 'any' quyết định: {b_covered}/{b_total} ({b_pct}%)",
                 "Criterion coverage (a passing and a failing case): {covered}/{total} ({pct}%); "
                 "deciding 'any' branches: {b_covered}/{b_total} ({b_pct}%)"),
    "never_pass": ("chưa có ca nào làm tiêu chí này đạt", "no case makes it pass"),
    "never_fail": ("chưa có ca nào làm tiêu chí này chưa đạt", "no case makes it fail"),
    "never_run": ("chưa có ca nào", "no case at all"),
    "branch": ("nhánh {branch} chưa lần nào quyết định", "branch {branch} never decided"),
    "below": ("độ bao phủ {pct}% thấp hơn mức tối thiểu --min-coverage {min}%", "coverage {pct}% is below --min-coverage {min}%"),
    "no_cases": ("không có ca kiểm thử nào", "no test cases"),
    "cases_from": ("Ca kiểm thử: {where}", "Test cases: {where}"),
})


def run(paths: list[Path] | None, keyword: str | None, lang: str, criteria_paths: list[Path] | None,
        min_coverage: float | None = None, show_coverage: bool = False, fmt: str = "text", quiet: bool = False,
        verbose: bool = False) -> int:
    from antt_cli.engine.cases import CaseRunner, coverage, load_cases
    from antt_cli.report import Context, open_writer

    used = common.criteria_paths(criteria_paths)
    criteria = common.load(criteria_paths, lang=lang)
    if not quiet:  # every run says which criteria it checked
        print(common.criteria_line(criteria, used, lang), file=sys.stderr)
    case_paths = paths or _default_cases(used)
    if verbose and case_paths:
        print(WORDS("cases_from", lang, where=", ".join(map(str, case_paths))), file=sys.stderr)
    cases, problems = load_cases(case_paths)
    if keyword:
        cases = [c for c in cases if keyword in c.name]
    runner = CaseRunner(criteria, lang)
    results = [runner.run(case) for case in cases]
    passed = sum(r.ok for r in results)
    failed = len(results) - passed
    cov = coverage(results, criteria)
    below = min_coverage is not None and cov.percent < min_coverage
    if fmt == "text":
        common.print_problems(problems, lang)
        for r in results:
            if r.ok:
                continue
            print(f"FAIL {r.case.name} ({r.case.source}:{r.case.line})")
            for m in r.mismatches:
                print(f"  {m}")
        print(WORDS("summary", lang, passed=passed, failed=failed))
        print(WORDS("coverage", lang, covered=cov.covered, total=cov.total, pct=_pct(cov.percent),
                    b_covered=cov.branches_covered, b_total=cov.branches_total, b_pct=_pct(cov.branch_percent)))
        for item in cov.items:
            gaps = _gaps(item, lang, show_coverage)
            if gaps:
                print(f"  {item.type_id} {item.id} ({item.source}): " + "; ".join(gaps))
    else:
        extra = {"passed": passed, "failed": failed,
                 "failures": [{"name": r.case.name, "source": f"{r.case.source}:{r.case.line}", "mismatches": r.mismatches}
                              for r in results if not r.ok],
                 "coverage": cov.to_dict()}
        writer = open_writer(fmt, None, Context(lang=lang, command="test", base=os.getcwd(), extra=extra))
        writer.start()
        writer.invalid("", problems)
        if fmt != "json":  # annotations: each failing case on its line in its case file
            writer.invalid("", [MESSAGES.problem(r.case.source, "case-failed", line=r.case.line, field=r.case.name,
                                                 detail="; ".join(r.mismatches)) for r in results if not r.ok])
        writer.close(None)
    if below:
        print(WORDS("below", lang, pct=_pct(cov.percent), min=_pct(min_coverage)), file=sys.stderr)
    if problems:
        return 2
    if not cases:
        print(WORDS("no_cases", lang), file=sys.stderr)
        return 1
    return 1 if failed or below else 0


def _default_cases(criteria_paths: list[Path] | None) -> list[Path]:
    """The cases of the criteria in use: `cases/` beside them (the bundled set has its own)."""
    if not criteria_paths:
        from antt_cli.engine.cases import default_case_paths

        return default_case_paths()
    out = []
    for p in criteria_paths:
        folder = p if p.is_dir() else p.parent
        if (folder / "cases").is_dir():
            out.append(folder / "cases")
    return out


def _pct(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _gaps(item: Any, lang: str, branches: bool) -> list[str]:
    out = []
    if not item.statuses:
        out.append(WORDS("never_run", lang))
    else:
        if "pass" not in item.statuses:
            out.append(WORDS("never_pass", lang))
        if "fail" not in item.statuses:
            out.append(WORDS("never_fail", lang))
    if branches:
        out += [WORDS("branch", lang, branch=b) for b in item.branches if b not in item.decided]
    return out
