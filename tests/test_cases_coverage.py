"""`antt test`: criteria test cases with coverage (pass + fail per criterion, deciding any-branches)."""

from __future__ import annotations

import json
import os
import re

from conftest import ROOT, run_antt

PACK = "examples/packs/thanh-hoa"
DATED = "tests/fixtures/criteria-dated"


def test_bundled_cases_reach_full_criterion_coverage():
    r = run_antt("test", "--min-coverage", "100", "--lang", "en")
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr
    lines = r.stdout.splitlines()
    assert re.fullmatch(r"\d+ passed, 0 failed", lines[0])
    m = re.fullmatch(r"Criterion coverage \(a passing and a failing case\): (\d+)/(\d+) \(100%\); "
                     r"deciding 'any' branches: (\d+)/(\d+) \(100%\)", lines[1])
    assert m and m.group(1) == m.group(2) and int(m.group(2)) >= 80
    assert len(lines) == 2  # no gap listed


def _cases(tmp_path, *cases: str) -> str:
    path = tmp_path / "cases.yaml"
    path.write_text("cases:\n" + "".join(cases), encoding="utf-8")
    return str(path)


PASS_2025 = """  - name: amended-pass
    record: {type: khu_dan_cu, name: T, year: 2025, party_resolution_date: 2025-05-15}
    expect: {outcome: pass, criteria: {KDC-1a: pass}}
"""
FAIL_2025 = """  - name: amended-fail
    base: amended-pass
    set: {party_resolution_date: 2023-05-15}
    expect: {outcome: fail, criteria: {KDC-1a: fail}}
"""


def test_coverage_counts_each_dated_version_and_fails_below_the_minimum(tmp_path):
    cases = _cases(tmp_path, PASS_2025)
    r = run_antt("test", cases, "-c", DATED, "--lang", "en", "--min-coverage", "50")
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "1 passed, 0 failed",
        "Criterion coverage (a passing and a failing case): 0/2 (0%); deciding 'any' branches: 0/0 (100%)",
        f"  khu_dan_cu KDC-1a ({DATED}/a-tt124.yaml:19): no case at all",
        f"  khu_dan_cu KDC-1a ({DATED}/b-amended.yaml:17): no case makes it fail",
    ]
    assert r.stderr == (f"Criteria: {DATED} (tt124-2021, tt124-2021-amended-2025)\n"  # every run says which criteria
                        "coverage 0% is below --min-coverage 50%\n")
    cases = _cases(tmp_path, PASS_2025, FAIL_2025)
    r = run_antt("test", cases, "-c", DATED, "--lang", "en", "--min-coverage", "50")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.splitlines()[1].startswith("Criterion coverage (a passing and a failing case): 1/2 (50%)")
    r = run_antt("test", cases, "-c", DATED, "--min-coverage", "50.1")
    assert r.returncode == 1


def test_without_min_coverage_gaps_are_reported_but_do_not_fail(tmp_path):
    r = run_antt("test", _cases(tmp_path, PASS_2025), "-c", DATED)
    assert r.returncode == 0
    assert "chưa có ca nào làm tiêu chí này chưa đạt" in r.stdout


def test_branch_coverage_names_the_branch_that_never_decided():
    args = ("test", f"{PACK}/cases", "-c", "criteria", "-c", PACK, "--lang", "en", "--coverage", "-k", "th-chi-co-camera")
    r = run_antt(*args)
    assert r.returncode == 0
    gap = [line for line in r.stdout.splitlines() if "TH-KDC-1" in line]
    assert gap == [f"  khu_dan_cu TH-KDC-1 ({PACK}/khu_dan_cu.yaml:40): no case makes it fail; "
                   "branch condition#1 never decided"]


def test_json_output_of_cases_and_coverage():
    r = run_antt("test", f"{PACK}/cases", "-c", "criteria", "-c", PACK, "--format", "json", "-k", "th-khong")
    doc = json.loads(r.stdout)
    assert (doc["passed"], doc["failed"]) == (1, 0)
    item = [i for i in doc["coverage"]["items"] if i["id"] == "TH-KDC-1"][0]
    assert item == {"type": "khu_dan_cu", "id": "TH-KDC-1", "source": f"{PACK}/khu_dan_cu.yaml:40",
                    "statuses": ["fail"], "covered": False, "branches": ["condition#0", "condition#1"], "decided": []}


def test_a_failing_case_shows_expected_against_actual_with_reasons(tmp_path):
    wrong = FAIL_2025.replace("outcome: fail, criteria: {KDC-1a: fail}", "outcome: pass, criteria: {KDC-1a: pass}")
    r = run_antt("test", _cases(tmp_path, PASS_2025, wrong), "-c", DATED, "--lang", "en")
    assert r.returncode == 1
    out = r.stdout.splitlines()
    assert out[0] == f"FAIL amended-fail ({os.path.relpath(tmp_path / 'cases.yaml', ROOT)}:5)"
    assert out[1] == "  outcome: expected pass, got fail"
    assert out[2].startswith("  KDC-1a: expected pass, got fail — Party cell resolution date: 15/05/2023; required "
                             "within the assessment window (01/11/2024–31/10/2025)")


def test_example_reference_must_exist(tmp_path):
    cases = _cases(tmp_path, "  - name: x\n    example: nowhere.yaml\n    expect: {outcome: pass}\n")
    r = run_antt("test", cases, "--lang", "en")
    assert r.returncode == 2
    assert "cases.yaml:3:14: cases[0].example: invalid test case: example file not found: nowhere.yaml [case-invalid]" \
        in r.stderr


def test_coverage_api():
    from antt_cli.engine.cases import coverage, load_cases, run_case
    from antt_cli.criteria import load_criteria

    criteria = load_criteria(["criteria", PACK])
    cases, problems = load_cases([f"{PACK}/cases"])
    assert problems == []
    cov = coverage([run_case(c, criteria) for c in cases], criteria)
    item = [i for i in cov.items if i.id == "TH-KDC-1"][0]
    assert item.covered and item.statuses == {"pass", "fail", "incomplete"}
    assert item.decided == {"condition#0", "condition#1"}
    kdc = [i for i in cov.items if i.id == "KDC-1a"][0]
    assert kdc.statuses == {"pass"} and not kdc.covered
