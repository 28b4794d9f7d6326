"""`antt test`: run criteria test cases, report expected against actual, and coverage."""

from __future__ import annotations

from antt_cli.i18n import say

import json
import sys
from pathlib import Path
from typing import Any

TEXT: dict[str, tuple[str, str]] = {
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
}


def t(key: str, lang: str, **params: Any) -> str:
    return say(TEXT, key, lang, **params)


def run(paths: list[Path] | None, keyword: str | None, lang: str, criteria_paths: list[Path] | None,
        min_coverage: float | None = None, show_coverage: bool = False, fmt: str = "text") -> int:
    from antt_cli.casetest import coverage, load_cases, run_case
    from antt_cli.cli.assess import load_criteria_or_report, print_problems

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    cases, problems = load_cases(paths or None)
    print_problems(problems, lang)
    if keyword:
        cases = [c for c in cases if keyword in c.name]
    results = [run_case(case, criteria, lang) for case in cases]
    passed = sum(r.ok for r in results)
    failed = len(results) - passed
    cov = coverage(results, criteria)
    below = min_coverage is not None and cov.percent < min_coverage
    if fmt == "json":
        json.dump({"schema_version": 1, "passed": passed, "failed": failed,
                   "failures": [{"name": r.case.name, "source": f"{r.case.source}:{r.case.line}", "mismatches": r.mismatches}
                                for r in results if not r.ok],
                   "coverage": cov.to_dict(), "errors": [p.to_dict(lang) for p in problems]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for r in results:
            if r.ok:
                continue
            print(f"FAIL {r.case.name} ({r.case.source}:{r.case.line})")
            for m in r.mismatches:
                print(f"  {m}")
        print(t("summary", lang, passed=passed, failed=failed))
        print(t("coverage", lang, covered=cov.covered, total=cov.total, pct=_pct(cov.percent),
                b_covered=cov.branches_covered, b_total=cov.branches_total, b_pct=_pct(cov.branch_percent)))
        for item in cov.items:
            gaps = _gaps(item, lang, show_coverage)
            if gaps:
                print(f"  {item.type_id} {item.id} ({item.source}): " + "; ".join(gaps))
    if below:
        print(t("below", lang, pct=_pct(cov.percent), min=_pct(min_coverage)), file=sys.stderr)
    if problems:
        return 2
    if not cases:
        print(t("no_cases", lang), file=sys.stderr)
        return 1
    return 1 if failed or below else 0


def _pct(x: float | None) -> str:
    if x is None:
        return "—"
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _gaps(item: Any, lang: str, branches: bool) -> list[str]:
    out = []
    if not item.statuses:
        out.append(t("never_run", lang))
    else:
        if "pass" not in item.statuses:
            out.append(t("never_pass", lang))
        if "fail" not in item.statuses:
            out.append(t("never_fail", lang))
    if branches:
        out += [t("branch", lang, branch=b) for b in item.branches if b not in item.decided]
    return out
