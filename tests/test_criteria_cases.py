"""Each criteria test case (criteria/cases/*.yaml) is a test of its own, named after the case, that
fails with what `antt test` would print for it (expected against actual, with the reasons).
Coverage of the whole set (every criterion passed and failed by some case) is checked by
tests/test_cases_coverage.py::test_bundled_cases_reach_full_criterion_coverage."""

from __future__ import annotations

import pytest

from antt_cli.engine.cases import CaseRunner, load_cases

CASES, PROBLEMS = load_cases()
_RUNNERS: dict[int, CaseRunner] = {}


def test_the_bundled_cases_load_without_problems():
    assert [p.render("en") for p in PROBLEMS] == []
    assert len(CASES) >= 80


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case, criteria):
    runner = _RUNNERS.setdefault(id(criteria), CaseRunner(criteria))  # record models built once for every case
    result = runner.run(case)
    if not result.ok:
        pytest.fail("\n".join([f"FAIL {case.name} ({case.source}:{case.line})", *(f"  {m}" for m in result.mismatches)]),
                    pytrace=False)
    assert result.mismatches == []
