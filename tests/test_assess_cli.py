"""`antt assess` as a user runs it: the table, the JSON document, languages, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, early, early_result, run_antt, run_antt_subprocess

PASSING = EXAMPLES / "khu_dan_cu" / "to-dan-pho-tran-phu.yaml"
FAILING = EXAMPLES / "khu_dan_cu" / "khu-pho-5-chua-dat.yaml"


def test_table_shows_unit_ruleset_rows_and_reasons():
    r = run_antt("assess", str(FAILING))
    assert r.returncode == 1
    out = r.stdout
    assert "Đơn vị: Khu phố 5 (Khu dân cư)" in out
    assert "Kỳ đánh giá: 01/11/2023–31/10/2024" in out
    assert "Bộ tiêu chí: Thông tư số 124/2021/TT-BCA (hiệu lực từ 10/02/2022)" in out
    assert "điểm b khoản 4 Điều 4" in out  # Vietnamese legal order
    # actual against required, in the words of the issue
    assert "247/250 hộ (98,8%); yêu cầu ≥ 100%" in out
    assert "Số vụ phạm tội trong kỳ đánh giá: 5 vụ; yêu cầu ≤ Số vụ phạm tội kỳ đánh giá năm trước (3 vụ)" in out
    # an event outside the window is reported, not silently counted
    assert "1 vụ việc nằm ngoài kỳ đánh giá 01/11/2023–31/10/2024, không tính: 03/09/2023" in out
    # the chosen reading is shown with the result
    assert "Cách hiểu: Khác Điều 6, 7" in out
    assert "15 đạt, 4 chưa đạt, 0 thiếu dữ liệu, 0 không áp dụng" in out
    assert out.rstrip().endswith("Kết luận: CHƯA ĐẠT")


def _real_program(workdir):
    return run_antt_subprocess("assess", str(FAILING))


@early(_real_program)
def test_the_real_program_in_a_new_process():
    """`python -m antt_cli assess FILE` as a user runs it: the verdict, exit 1 — and exactly what
    the in-process runner that the other tests use gives for the same command."""
    real = early_result(_real_program)
    assert real.returncode == 1, real.stderr
    assert real.stdout.startswith("Đơn vị: Khu phố 5 (Khu dân cư)")
    assert real.stdout.rstrip().endswith("Kết luận: CHƯA ĐẠT")
    assert real.stderr == ""
    here = run_antt("assess", str(FAILING))
    assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout, real.stderr)


def test_english_and_env_language():
    r = run_antt("assess", str(FAILING), "--lang", "en")
    assert ("Households registered to take part in building an “An toàn về an ninh, trật tự” residential area: "
            "247/250 households (98.8%); required ≥ 100%") in r.stdout
    env = run_antt("assess", str(FAILING), env={"ANTT_LANG": "en"})
    assert env.stdout == r.stdout


def test_json_document_schema():
    r = run_antt("assess", str(FAILING), "--format", "json")
    assert r.returncode == 1
    doc = json.loads(r.stdout)
    assert doc["schema_version"] == 1
    assert doc["tool_version"]
    assert doc["ruleset"] == {"id": "tt124-2021", "instrument": "Thông tư số 124/2021/TT-BCA", "effective_from": "2022-02-10"}
    unit = doc["units"][0]
    assert unit["file"].endswith("khu-pho-5-chua-dat.yaml")
    assert unit["unit"]["type"] == "khu_dan_cu" and unit["unit"]["name"] == "Khu phố 5" and unit["unit"]["year"] == 2024
    assert unit["outcome"] == "fail"
    c1c = next(c for c in unit["criteria"] if c["id"] == "KDC-1c")
    assert c1c["status"] == "fail"
    assert c1c["citation"]["article"] == 4 and c1c["citation"]["clause"] == 1 and c1c["citation"]["point"] is None
    assert c1c["citation"]["text"] == "khoản 1 Điều 4 Thông tư số 124/2021/TT-BCA"
    assert c1c["citation"]["ref"] == "khoản 1 Điều 4"
    assert c1c["values"] == {"households_registered": 247, "households_residing": 250,
                            "households_registration_date": None, "registration_date": "2024-02-28"}
    assert c1c["reasons"] == ["Số hộ gia đình đăng ký tham gia xây dựng khu dân cư “An toàn về an ninh, trật tự”: 247/250 hộ "
                              "(98,8%); yêu cầu ≥ 100%"]
    assert c1c["found"].startswith("Số hộ gia đình đăng ký tham gia xây dựng khu dân cư “An toàn về an ninh, trật tự”: "
                                   "247/250 hộ (98,8%)")
    assert c1c["required"].startswith("Số hộ gia đình đăng ký tham gia")
    assert doc["errors"] == []


def test_exit_codes_pass_fail_and_mixed():
    assert run_antt("assess", str(PASSING)).returncode == 0
    assert run_antt("assess", str(PASSING), str(FAILING)).returncode == 1


def test_year_override_changes_window():
    r = run_antt("assess", str(PASSING), "--year", "2025", "--format", "json")
    unit = json.loads(r.stdout)["units"][0]
    assert unit["unit"]["year"] == 2025
    assert unit["window"] == {"from": "2024-11-01", "to": "2025-10-31"}
    # dates from 2024 are no longer in Q1 of 2025
    assert {c["id"]: c["status"] for c in unit["criteria"]}["KDC-1a"] == "fail"


def test_no_ruleset_in_force_is_an_error():
    r = run_antt("assess", str(PASSING), "--as-of", "2020-01-01")
    assert r.returncode == 2
    assert "không có bộ tiêu chí nào cho 'khu_dan_cu' có hiệu lực vào ngày 01/01/2020" in r.stderr


def test_usage_errors_exit_2():
    assert run_antt("assess").returncode == 2
    assert run_antt("assess", str(PASSING), "--format", "xml").returncode == 2
    assert run_antt("assess", str(PASSING), "--lang", "fr").returncode == 2
    r = run_antt("assess", str(PASSING), "--as-of", "hôm qua")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_new_record_for_every_type_assesses_after_filling(tmp_path):
    for t in ("khu_dan_cu", "xa", "co_quan", "doanh_nghiep", "co_so_giao_duc"):
        r = run_antt("new", t)
        assert r.returncode == 0
        text = r.stdout
        assert text.startswith("# ")
        assert f"type: {t}" in text
        filled = text.replace('name: ""', "name: Đơn vị thử")
        f = tmp_path / f"{t}.yaml"
        f.write_text(filled, encoding="utf-8")
        a = run_antt("assess", str(f), "--format", "json")
        # blank facts are "thiếu dữ liệu", never a silent pass or fail
        assert a.returncode == 1, a.stderr
        assert json.loads(a.stdout)["units"][0]["outcome"] == "incomplete"


def test_new_comments_in_english_and_by_alias():
    r = run_antt("new", "tổ dân phố", "--lang", "en")
    assert r.returncode == 0
    assert "# Households residing in the area" in r.stdout
    bad = run_antt("new", "tho")
    assert bad.returncode == 2
    assert "loại đơn vị không xác định 'tho' — có phải ý bạn là 'khu_dan_cu'?" in bad.stderr


@pytest.mark.parametrize("how, code", [("Ctrl-C", 130), ("SIGTERM", 143)])
def test_a_stop_swallowed_while_the_reports_close_still_ends_as_a_stop(monkeypatch, tmp_path: Path, how: str,
                                                                       code: int) -> None:
    """A signal whose exception Python swallowed (raised inside a destructor: "Exception ignored in")
    after the batch's last look is still a stop: exit 130 / 143 and the message, not exit 0 or 1."""
    from antt_cli import stopping
    from antt_cli.cli.errors import Stopped
    from antt_cli.report import base

    close = base.Writer.close

    def close_then_swallow(self, summary):  # type: ignore[no-untyped-def]
        close(self, summary)
        try:
            raise stopping.request(KeyboardInterrupt() if how == "Ctrl-C" else Stopped(code, how))
        except BaseException:  # as Python does with an exception raised inside a destructor
            pass

    monkeypatch.setattr(base.Writer, "close", close_then_swallow)
    report = tmp_path / "report.json"
    r = run_antt("assess", str(PASSING), "-o", str(report))
    assert r.returncode == code, r.stderr
    assert f"antt: đã dừng ({how}); không có báo cáo nào được ghi dở" in r.stderr
    assert json.loads(report.read_text(encoding="utf-8"))["units"]  # it was complete when the stop came: kept
