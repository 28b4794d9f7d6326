"""`antt validate FILE...`: schema-check unit records without assessing."""

from __future__ import annotations

import json

from conftest import run_antt


def test_valid_records():
    r = run_antt("validate", "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml", "examples/xa/phuong-le-mao-dat.yaml")
    assert r.returncode == 0
    assert r.stdout == ""
    assert r.stderr == "2 bản ghi hợp lệ\n"


def test_a_failing_unit_is_still_valid():
    # validate does not assess: a unit that fails the standard is a valid record
    r = run_antt("validate", "examples/khu_dan_cu/khu-pho-5-chua-dat.yaml")
    assert r.returncode == 0


def test_invalid_records_every_problem_located(tmp_path):
    (tmp_path / "bad.yaml").write_text("type: khu_dan_cu\nname: T\nyear: 2024\nhouseholds_residing: 0\nhousehold: 3\n",
                                       encoding="utf-8")
    r = run_antt("validate", "--lang", "en", "bad.yaml", "missing.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout.splitlines() == [
        "bad.yaml:4:22: households_residing: value 0 is below the minimum 1 [too-small]",
        "bad.yaml:5:1: household: unknown field 'household' — did you mean 'households_residing'? [unknown-field]",
        "missing.yaml: file not found [file-not-found]",
    ]
    assert r.stderr == "2/2 invalid record(s)\n"


def test_json_and_github_formats(tmp_path):
    (tmp_path / "bad.yaml").write_text("type: khu_dan_cu\nname: T\nyear: 2024\nhouseholds_residing: 0\n", encoding="utf-8")
    r = run_antt("validate", "-f", "json", "--lang", "en", "bad.yaml", cwd=tmp_path)
    doc = json.loads(r.stdout)
    assert doc["ok"] is False and doc["files"] == [{"file": "bad.yaml", "valid": False}]
    assert [p["code"] for p in doc["problems"]] == ["too-small"]
    r = run_antt("validate", "-f", "github", "--lang", "en", "bad.yaml", cwd=tmp_path)
    assert r.stdout == ("::error file=bad.yaml,line=4,col=22,title=too-small::households_residing: "
                        "value 0 is below the minimum 1\n")


def test_validate_with_a_pack():
    rec = "examples/packs/thanh-hoa/records/to-dan-pho-tran-phu.yaml"
    assert run_antt("validate", rec).returncode == 2  # the pack's facts are unknown to the national set
    assert run_antt("validate", "-c", "criteria", "-c", "examples/packs/thanh-hoa", rec).returncode == 0


def test_validate_searches_folders_and_reads_spreadsheets(tmp_path):
    from conftest import EXAMPLES

    r = run_antt("validate", str(EXAMPLES / "khu_dan_cu"), str(EXAMPLES / "xa"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stderr.strip() == "4 bản ghi hợp lệ"
    csv = tmp_path / "kdc.csv"
    csv.write_text("type,name,year,households_residing\nkhu_dan_cu,Thôn A,2024,120\nkhu_dan_cu,Thôn B,2024,-3\n",
                   encoding="utf-8")
    r = run_antt("validate", str(csv))
    assert r.returncode == 2
    assert "households_residing" in r.stdout and "[too-small]" in r.stdout
    assert r.stderr.strip() == "1/2 bản ghi không hợp lệ"
