"""`antt criteria check`: the bundled criteria pass; every broken fixture gives its exact located error."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_antt

BAD = "tests/fixtures/bad-criteria"

# fixture → the exact, complete output (stdout) of `antt criteria check --lang en FIXTURE`
EXPECTED = {
    "duplicate-id.yaml":
        f"{BAD}/duplicate-id.yaml:29:9: criteria[KDC-1a].id: duplicate id 'KDC-1a' (first at {BAD}/duplicate-id.yaml:25) [duplicate-id]",
    "missing-citation.yaml":
        f"{BAD}/missing-citation.yaml:29:5: criteria[KDC-1c]: missing key 'citation' [criteria-missing-key]",
    "unknown-fact.yaml":
        f"{BAD}/unknown-fact.yaml:28:23: criteria[KDC-1a].condition.fact: fact 'party_resolution_day' is not declared for unit "
        "type 'khu_dan_cu' — did you mean 'party_resolution_date'? [cond-unknown-fact]",
    "date-vs-number.yaml":
        f"{BAD}/date-vs-number.yaml:28:50: criteria[KDC-1a].condition.ge: invalid comparison value for 'party_resolution_date' "
        "(type date): a date (YYYY-MM-DD), not 2024 [cond-value]",
    "percent-170.yaml":
        f"{BAD}/percent-170.yaml:32:74: criteria[KDC-1c].condition.ge: percentage 170 must be within 0–100 [cond-percent]",
    "empty-all.yaml":
        f"{BAD}/empty-all.yaml:29:12: criteria[KDC-1a].condition.all: 'all' needs at least one child condition [cond-empty]",
    "misspelled-key.yaml":
        f"{BAD}/misspelled-key.yaml:31:5: criteria[KDC-1c].tittle: unknown key 'tittle' — did you mean 'title'? [criteria-unknown-key]",
    "duplicate-key.yaml":
        f"{BAD}/duplicate-key.yaml:33:5: criteria[1].condition: duplicate key 'condition' (first at line 32) [duplicate-key]",
    "overlapping-dates":
        f"{BAD}/overlapping-dates/b-tt48.yaml:4:3: ruleset: rule sets for 'khu_dan_cu' overlap in effective dates with "
        f"tt124-2021 ({BAD}/overlapping-dates/a-tt124.yaml) [ruleset-overlap]",
    "not-yaml.yaml":
        f"{BAD}/not-yaml.yaml:1:3: YAML syntax error: while scanning a block scalar did not find expected comment or line "
        "break [yaml-syntax]",
    "empty-folder":
        f"{BAD}/empty-folder: no criteria files in {BAD}/empty-folder [criteria-empty]",
    "point-without-clause.yaml":
        f"{BAD}/point-without-clause.yaml:30:35: criteria[KDC-1c].citation.point: the citation gives point 'b' but no clause "
        "[citation-point-without-clause]",
    "missing-english.yaml":
        f"{BAD}/missing-english.yaml:27:12: criteria[KDC-1a].title: missing English text (en) for the title of 'KDC-1a': "
        "required in the national set [text-missing-en]",
}


def test_bundled_criteria_pass():
    r = run_antt("criteria", "check", "--lang", "en")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert r.stderr.splitlines()[0] == "Criteria: criteria (tt124-2021)"  # every run says which criteria it checked
    assert r.stderr.splitlines()[1].startswith("criteria OK: 5 file(s), 5 unit type(s), ")


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_each_broken_fixture_gives_its_located_error(fixture):
    r = run_antt("criteria", "check", "--lang", "en", f"{BAD}/{fixture}")
    assert r.returncode == 2
    assert r.stdout.splitlines() == [EXPECTED[fixture]]
    assert r.stderr == "1 problem(s) in the criteria\n"
    assert "Traceback" not in r.stderr


def test_every_problem_of_several_files_is_reported_at_once():
    files = [f"{BAD}/{f}" for f in ("duplicate-id.yaml", "percent-170.yaml", "not-yaml.yaml")]
    r = run_antt("criteria", "check", "--lang", "en", "--files-only", *files)
    assert r.returncode == 2
    codes = [line.rsplit("[", 1)[1] for line in r.stdout.splitlines()]
    # sorted by file and line: KDC-1a twice; not YAML; khu_dan_cu defined by two files of one rule set; 170%
    assert codes == ["duplicate-id]", "yaml-syntax]", "duplicate-id]", "cond-percent]"]


def test_vietnamese_is_the_default_language():
    r = run_antt("criteria", "check", f"{BAD}/percent-170.yaml")
    assert r.stdout == (f"{BAD}/percent-170.yaml:32:74: criteria[KDC-1c].condition.ge: ngưỡng phần trăm 170 phải trong khoảng "
                        "0–100 [cond-percent]\n")


def test_json_format():
    r = run_antt("criteria", "check", "--format", "json", "--lang", "en", f"{BAD}/unknown-fact.yaml")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert doc["ok"] is False
    assert doc["problems"] == [{
        "file": f"{BAD}/unknown-fact.yaml", "line": 28, "col": 23, "field": "criteria[KDC-1a].condition.fact",
        "code": "cond-unknown-fact",
        "message": "fact 'party_resolution_day' is not declared for unit type 'khu_dan_cu' — did you mean "
                   "'party_resolution_date'?", "level": "error"}]


def test_json_format_when_ok_has_a_summary():
    r = run_antt("criteria", "check", "--format", "json")
    doc = json.loads(r.stdout)
    assert r.returncode == 0
    assert doc["ok"] is True and doc["problems"] == []
    assert sorted(doc["summary"]["unit_types"]) == ["co_quan", "co_so_giao_duc", "doanh_nghiep", "khu_dan_cu", "xa"]
    assert doc["summary"]["packs"] == []


def test_github_format_is_a_workflow_annotation():
    r = run_antt("criteria", "check", "--format", "github", "--lang", "en", f"{BAD}/empty-all.yaml")
    assert r.returncode == 2
    assert r.stdout == (f"::error file={BAD}/empty-all.yaml,line=29,col=12,title=cond-empty::"
                        "criteria[KDC-1a].condition.all: 'all' needs at least one child condition\n")


def test_a_folder_must_cover_every_required_unit_type(tmp_path):
    (tmp_path / "kdc.yaml").write_text((ROOT / BAD / "percent-170.yaml").read_text(encoding="utf-8")
                                       .replace("ge: 170", "ge: 100"), encoding="utf-8")
    (tmp_path / "set").mkdir()
    (tmp_path / "kdc.yaml").rename(tmp_path / "set" / "kdc.yaml")
    (tmp_path / "set" / "vocabulary.yaml").write_text((ROOT / BAD / "vocabulary.yaml").read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    r = run_antt("criteria", "check", "--lang", "en", "set", cwd=tmp_path)
    assert r.returncode == 2
    lines = r.stdout.splitlines()
    assert [line.split("'")[1] for line in lines] == ["xa", "co_quan", "doanh_nghiep", "co_so_giao_duc"]
    assert lines[0] == ("set: the national set does not cover unit type 'xa' "
                        "(required: khu_dan_cu, xa, co_quan, doanh_nghiep, co_so_giao_duc) [national-missing-type]")
    # a single file is a part of a set: not checked for coverage (unless asked)
    assert run_antt("criteria", "check", "set/kdc.yaml", cwd=tmp_path).returncode == 0
    assert run_antt("criteria", "check", "--whole-set", "set/kdc.yaml", cwd=tmp_path).returncode == 2
    assert run_antt("criteria", "check", "--files-only", "set", cwd=tmp_path).returncode == 0


def _dated(tmp_path, a_to: str, b_from: str):
    src = (ROOT / "tests/fixtures/criteria-dated/a-tt124.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(src.replace("effective_to: 2025-06-30", f"effective_to: {a_to}"), encoding="utf-8")
    src = (ROOT / "tests/fixtures/criteria-dated/b-amended.yaml").read_text(encoding="utf-8")
    (tmp_path / "b.yaml").write_text(src.replace("effective_from: 2025-07-01", f"effective_from: {b_from}"), encoding="utf-8")
    for name in ("vocabulary-a.yaml", "vocabulary-b.yaml"):  # the rule sets' words
        (tmp_path / name).write_text((ROOT / "tests/fixtures/criteria-dated" / name).read_text(encoding="utf-8"),
                                     encoding="utf-8")


def test_a_gap_between_dated_rule_sets(tmp_path):
    _dated(tmp_path, "2025-06-30", "2025-08-01")
    r = run_antt("criteria", "check", "--lang", "en", "a.yaml", "b.yaml", "--whole-set", cwd=tmp_path)
    assert r.returncode == 2
    gap = [line for line in r.stdout.splitlines() if "[ruleset-gap]" in line]
    assert gap == ["a.yaml:9:17: ruleset.effective_to: no rule set for 'khu_dan_cu' is in force from "
                   "2025-07-01 to 2025-07-31 (between tt124-2021 and tt124-2021-amended-2025) [ruleset-gap]"]


def test_effective_to_before_effective_from(tmp_path):
    _dated(tmp_path, "2021-01-01", "2025-07-01")
    r = run_antt("criteria", "check", "--lang", "en", "a.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout == ("a.yaml:9:17: ruleset.effective_to: effective_to 2021-01-01 is before "
                        "effective_from 2022-02-10 [ruleset-dates]\n")


def test_the_dated_fixture_itself_is_valid():
    r = run_antt("criteria", "check", "--files-only", "tests/fixtures/criteria-dated")
    assert r.returncode == 0, r.stdout


def test_api_returns_problems_without_raising():
    from antt_cli.criteria.check import check_criteria

    criteria, problems = check_criteria([ROOT / BAD / "duplicate-key.yaml"])
    assert criteria is None
    assert [(p.code, p.line, p.col) for p in problems] == [("duplicate-key", 33, 5)]
    criteria, problems = check_criteria()
    assert problems == [] and criteria is not None
