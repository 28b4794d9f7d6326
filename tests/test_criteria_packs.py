"""Provincial packs layered on the national set; dated rule sets picked by --year / --as-of."""

from __future__ import annotations

import json

from conftest import run_antt

PACK = "examples/packs/thanh-hoa"
RECORD = f"{PACK}/records/to-dan-pho-tran-phu.yaml"
BAD = "tests/fixtures/bad-criteria/pack-redefines/pack.yaml"
DATED = "tests/fixtures/criteria-dated"
DATED_RECORD = "tests/fixtures/criteria-dated-records/record-2025.yaml"


def test_assess_with_a_pack_shows_the_added_criterion():
    r = run_antt("assess", "--criteria", "criteria", "--criteria", PACK, RECORD)
    assert r.returncode == 0, r.stderr
    row = [line for line in r.stdout.splitlines() if "TH-KDC-1" in line and line.startswith("│")]  # its table row
    assert len(row) == 1 and "Có mô hình camera an ninh" in row[0]  # the title may wrap onto the next line
    assert "✓ Đạt" in row[0]
    assert "20 đạt, 0 chưa đạt" in r.stdout


def test_json_report_names_the_pack_of_each_criterion():
    r = run_antt("assess", "-f", "json", "-c", "criteria", "-c", PACK, RECORD)
    unit = json.loads(r.stdout)["units"][0]
    packs = {c["id"]: c["pack"] for c in unit["criteria"]}
    assert packs["TH-KDC-1"] == "thanh-hoa"
    assert packs["KDC-1a"] is None
    assert [c for c in unit["criteria"] if c["id"] == "TH-KDC-1"][0]["citation"]["text"] == \
        "khoản 1 Điều 1 Gói Thanh Hóa (minh họa)"


def test_pack_order_on_the_command_line_does_not_matter():
    r = run_antt("assess", "-f", "json", "-c", PACK, "-c", "criteria", RECORD)
    assert [c["id"] for c in json.loads(r.stdout)["units"][0]["criteria"]][-1] == "TH-KDC-1"


def test_without_the_pack_the_national_result_is_unchanged():
    r = run_antt("assess", "-f", "json", RECORD)
    # the pack's facts are unknown to the national set: the record is invalid there
    assert r.returncode == 2
    codes = [e["code"] for e in json.loads(r.stdout)["errors"]]
    assert codes == ["unknown-field", "unknown-field"]


def test_a_record_without_the_pack_facts_is_incomplete_on_the_pack_criterion():
    r = run_antt("assess", "-f", "json", "-c", "criteria", "-c", PACK, "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml")
    assert r.returncode == 1
    unit = json.loads(r.stdout)["units"][0]
    assert unit["outcome"] == "incomplete"
    assert {c["id"]: c["status"] for c in unit["criteria"]}["TH-KDC-1"] == "incomplete"


def test_the_pack_does_not_apply_to_other_unit_types():
    r = run_antt("assess", "-f", "json", "-c", "criteria", "-c", PACK, "examples/xa/phuong-le-mao-dat.yaml")
    assert r.returncode == 0
    assert all(c["pack"] is None for c in json.loads(r.stdout)["units"][0]["criteria"])


def test_a_pack_cannot_change_national_criteria_facts_or_types():
    r = run_antt("criteria", "check", "--lang", "en", "criteria", BAD)
    assert r.returncode == 2
    assert r.stdout.splitlines() == [
        f"{BAD}:11:5: unit_types[khu_dan_cu].label: pack 'tinh-thu' must not change 'label' of national unit type 'khu_dan_cu' "
        "(a pack only adds facts and criteria) [pack-redefines-unit-type]",
        f"{BAD}:12:9: unit_types[khu_dan_cuu].id: pack 'tinh-thu': unit type 'khu_dan_cuu' is not in the national set — did you "
        "mean 'khu_dan_cu'? [pack-unknown-unit-type]",
        f"{BAD}:14:3: facts.crimes: pack 'tinh-thu' must not redeclare national fact 'crimes' of 'khu_dan_cu' "
        "(declared at criteria/khu_dan_cu.yaml:85); use it as it is or choose another name [pack-redefines-fact]",
        f"{BAD}:18:5: exclusions[test]: a provincial pack cannot add exclusions (they would change the national outcome) "
        "[pack-exclusion]",
        f"{BAD}:22:9: criteria[KDC-1a].id: pack 'tinh-thu' must not redefine national criterion 'KDC-1a' of 'khu_dan_cu' "
        "(defined at criteria/khu_dan_cu.yaml:202); give it another id [pack-redefines-criterion]",
    ]
    # and assess refuses it the same way (exit 2, no traceback)
    r = run_antt("assess", "--lang", "en", "-c", "criteria", "-c", BAD, RECORD)
    assert r.returncode == 2 and "[pack-redefines-criterion]" in r.stderr and "Traceback" not in r.stderr


def test_a_pack_alone_says_the_national_set_is_missing():
    r = run_antt("assess", "--lang", "en", "-c", PACK, RECORD)
    assert r.returncode == 2
    assert r.stderr == (f"{PACK}/khu_dan_cu.yaml:13:1: this is provincial pack 'thanh-hoa' but no national set is "
                        f"loaded; use --criteria NATIONAL_DIR --criteria {PACK} [national-pack-missing]\n")


def test_the_example_pack_passes_the_checker_and_its_cases():
    r = run_antt("criteria", "check", "criteria", PACK)
    assert r.returncode == 0, r.stdout
    assert "gói tỉnh: thanh-hoa" in r.stderr
    r = run_antt("test", f"{PACK}/cases", "-c", "criteria", "-c", PACK, "--coverage", "--lang", "en")
    assert r.returncode == 0, r.stdout
    assert r.stdout.startswith("5 passed, 0 failed\n")
    line = [x for x in r.stdout.splitlines() if "TH-KDC-1" in x]
    assert line == []  # pass, fail and both branches are covered by the pack's cases


def test_criteria_list_marks_pack_criteria():
    r = run_antt("criteria", "list", "khu_dan_cu", "-c", "criteria", "-c", PACK)
    assert r.returncode == 0
    assert r.stdout.splitlines()[0].endswith("+ gói thanh-hoa")
    assert r.stdout.splitlines()[-1].endswith("[gói: thanh-hoa]")


# ----------------------------------------------------------------------------- dated rule sets


def _ruleset(*args: str) -> tuple[int, list, list]:
    r = run_antt("assess", "-f", "json", "--lang", "en", "-c", DATED, DATED_RECORD, *args)
    doc = json.loads(r.stdout)
    return r.returncode, [(u["ruleset"]["id"], u["outcome"]) for u in doc["units"]], doc["errors"]


def test_the_rule_set_in_force_at_the_end_of_the_window_is_used():
    assert _ruleset() == (0, [("tt124-2021-amended-2025", "pass")], [])


def test_year_picks_the_earlier_rule_set():
    # 2024: the window ends 31/10/2024, under the original text (resolution must be in Q1)
    assert _ruleset("--year", "2024") == (1, [("tt124-2021", "fail")], [])


def test_as_of_picks_the_rule_set_in_force_on_that_date():
    assert _ruleset("--as-of", "2025-06-30") == (1, [("tt124-2021", "fail")], [])
    assert _ruleset("--as-of", "2025-07-01") == (0, [("tt124-2021-amended-2025", "pass")], [])


def test_no_rule_set_in_force_is_a_clear_error_never_a_fallback():
    code, units, errors = _ruleset("--year", "2021")
    assert (code, units) == (2, [])
    assert errors == [{"file": DATED_RECORD, "line": 1, "col": 7, "field": "type", "code": "no-ruleset",
                       "message": "no rule set for 'khu_dan_cu' is in force on 31/10/2021", "level": "error"}]
    r = run_antt("assess", "--lang", "en", "--as-of", "2020-01-01", "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml")
    assert r.returncode == 2
    assert r.stderr == ("examples/khu_dan_cu/to-dan-pho-tran-phu.yaml:6:7: type: no rule set for 'khu_dan_cu' is in "
                        "force on 01/01/2020 [no-ruleset]\n")


def test_criteria_list_follows_the_date():
    r = run_antt("criteria", "list", "-c", DATED, "--year", "2024", "--lang", "en")
    assert "Resolution in Q1" in r.stdout and "until" not in r.stdout
    r = run_antt("criteria", "list", "-c", DATED, "--lang", "en")
    assert "Resolution within the assessment window" in r.stdout
    r = run_antt("criteria", "list", "-c", DATED, "--year", "2020", "--lang", "en")
    assert r.returncode == 2
    assert r.stderr == "--year: no rule set for 'khu_dan_cu' is in force on 31/10/2020 [no-ruleset]\n"


def test_table_names_the_pack_of_a_provincial_criterion():
    r = run_antt("assess", "-c", "criteria", "-c", "examples/packs/thanh-hoa",
                 "examples/packs/thanh-hoa/records/to-dan-pho-tran-phu.yaml")
    row = next(line for line in r.stdout.splitlines() if "TH-KDC-1" in line)
    assert "khoản 1 Điều 1 Gói Thanh Hóa (minh họa)" in row
    national = next(line for line in r.stdout.splitlines() if "KDC-1a" in line)
    assert "khoản 1 Điều 4 " in national and "TT 124" not in national  # the header names the national set
