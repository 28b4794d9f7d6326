"""Every kind of bad record gets one clear, located message in the user's language, and exit 2."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, run_antt

GOOD = (EXAMPLES / "khu_dan_cu" / "to-dan-pho-tran-phu.yaml").read_text(encoding="utf-8")


def _write(tmp_path, text: str | bytes, name: str = "don-vi.yaml"):
    f = tmp_path / name
    f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return f


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


CASES = [
    # (id, transform of the good record, expected vi fragment, expected en fragment, field)
    ("yaml-syntax", lambda t: t.replace("households_residing: 312", "households_residing: [312"),
     "lỗi cú pháp YAML", "YAML syntax error", None),
    ("wrong-type", lambda t: t.replace("crimes: 2 ", "crimes: hai "),
     "crimes: kiểu sai: cần một số nguyên, nhận được 'hai'", "crimes: wrong type: expected a whole number, got 'hai'", "crimes"),
    ("unknown-field", lambda t: t.replace("households_residing:", "househlds_residing:"),
     "househlds_residing: trường không xác định 'househlds_residing' — có phải ý bạn là 'households_residing'?",
     "unknown field 'househlds_residing' — did you mean 'households_residing'?", "househlds_residing"),
    ("negative", lambda t: t.replace("new_hotspots: 0", "new_hotspots: -2"),
     "new_hotspots: giá trị -2 nhỏ hơn mức tối thiểu 0", "value -2 is below the minimum 0", "new_hotspots"),
    ("registered-gt-residing", lambda t: t.replace("households_registered: 312", "households_registered: 320"),
     "Số hộ đăng ký tham gia không thể lớn hơn số hộ đang cư trú", "Registered households cannot exceed residing households",
     "households_registered"),
    ("impossible-date", lambda t: t.replace("registration_date: 15/03/2024", "registration_date: 30/02/2024"),
     "registration_date: ngày không hợp lệ '30/02/2024'", "invalid date '30/02/2024'", "registration_date"),
    ("impossible-iso-date", lambda t: t.replace("party_resolution_date: 2024-02-20", "party_resolution_date: 2024-02-30"),
     "party_resolution_date: ngày không hợp lệ '2024-02-30'", "invalid date '2024-02-30'", "party_resolution_date"),
    ("unknown-type", lambda t: t.replace("type: khu_dan_cu", "type: khu_dan_cuu"),
     "type: loại đơn vị không xác định 'khu_dan_cuu' — có phải ý bạn là 'khu_dan_cu'?",
     "unknown unit type 'khu_dan_cuu' — did you mean 'khu_dan_cu'?", "type"),
    ("bad-choice", lambda t: t.replace("grassroots_force_rating: hoan_thanh_tot", "grassroots_force_rating: hoan_thanh_totx"),
     "giá trị 'hoan_thanh_totx' không hợp lệ — có phải ý bạn là 'hoan_thanh_tot'?",
     "invalid value 'hoan_thanh_totx' — did you mean 'hoan_thanh_tot'?", "grassroots_force_rating"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_record(tmp_path, case):
    _, transform, vi, en, field = case
    text = transform(GOOD)
    assert text != GOOD
    f = _write(tmp_path, text)
    r = run_antt("assess", str(f))
    assert r.returncode == 2
    assert r.stdout == ""
    assert "Traceback" not in r.stderr
    assert vi in r.stderr
    assert r.stderr.startswith(f"{f}:")
    if field:
        line = _line_of(text, field.split(".")[0] if field != "type" else "type:")
        assert r.stderr.startswith(f"{f}:{line}:"), r.stderr
    r_en = run_antt("assess", str(f), "--lang", "en")
    assert r_en.returncode == 2 and en in r_en.stderr


@pytest.mark.parametrize("content,vi,en", [
    ("", "tệp rỗng", "empty file"),
    ("# chỉ có chú thích\n", "tệp rỗng", "empty file"),
    ("- type: khu_dan_cu\n- name: x\n", "gốc của tệp phải là một ánh xạ", "the file's root must be a mapping"),
    ("just text\n", "gốc của tệp phải là một ánh xạ", "the file's root must be a mapping"),
    ("name: X\nyear: 2024\n", "thiếu trường 'type'", "missing field 'type'"),
    ("type: khu_dan_cu\nname: X\n", "thiếu năm đánh giá", "missing assessment year"),
    ("type: khu_dan_cu\nyear: 2024\n", "thiếu trường bắt buộc", "required field is missing"),
    ("type: khu_dan_cu\nname: X\nyear: 2024\nyear: 2025\n", "khóa 'year' bị lặp (đã có ở dòng 3)", "duplicate key 'year' (first at line 3)"),
    ("type: khu_dan_cu\nname: X\nyear: 2024\nx: !!python/object/apply:os.system [ls]\n", "thẻ YAML không được phép", "YAML tag not allowed"),
])
def test_bad_file_shapes(tmp_path, content, vi, en):
    f = _write(tmp_path, content)
    r = run_antt("assess", str(f))
    assert r.returncode == 2 and vi in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert en in run_antt("assess", str(f), "--lang", "en").stderr


def test_non_utf8_bytes_located(tmp_path):
    f = _write(tmp_path, "type: khu_dan_cu\nname: Th\xf4n B\n".encode("latin-1"))
    r = run_antt("assess", str(f))
    assert r.returncode == 2
    assert r.stderr.startswith(f"{f}:2:9: tệp không phải UTF-8 (byte 0xf4)")


def test_missing_file_and_directory(tmp_path):
    r = run_antt("assess", str(tmp_path / "khong-co.yaml"))
    assert r.returncode == 2 and "không tìm thấy tệp" in r.stderr


def test_nfc_normalisation_of_vietnamese(tmp_path):
    import unicodedata

    text = GOOD.replace("type: khu_dan_cu", "type: " + unicodedata.normalize("NFD", "Tổ dân phố"))
    text = text.replace("grassroots_force_rating: hoan_thanh_tot ",
                        "grassroots_force_rating: " + unicodedata.normalize("NFD", "Hoàn thành tốt nhiệm vụ") + " ")
    f = _write(tmp_path, text)
    r = run_antt("assess", str(f))
    assert r.returncode == 0, r.stderr


def test_one_bad_file_does_not_hide_the_good_one(tmp_path):
    bad = _write(tmp_path, "type: khu_dan_cu\n", "bad.yaml")
    good = _write(tmp_path, GOOD, "good.yaml")
    r = run_antt("assess", str(bad), str(good))
    assert r.returncode == 2
    assert "Kết luận: ĐẠT" in r.stdout
    assert "bad.yaml" in r.stderr


def test_criteria_and_case_files_are_named_for_what_they_are(tmp_path):
    from conftest import CRITERIA

    r = run_antt("assess", str(CRITERIA / "khu_dan_cu.yaml"), str(CRITERIA / "cases" / "khu_dan_cu.yaml"))
    assert r.returncode == 2
    assert ": đây là tệp tiêu chí, không phải bản ghi đơn vị (kiểm tra bằng `antt criteria check`) [not-a-record]" in r.stderr
    assert "đây là tệp ca kiểm thử, không phải bản ghi đơn vị (chạy bằng `antt test`) [not-a-record]" in r.stderr


def test_unwritable_report_targets_are_usage_errors(tmp_path):
    from conftest import EXAMPLES

    folder = str(EXAMPLES / "khu_dan_cu")
    missing = tmp_path / "khong-co" / "bao-cao.json"
    r = run_antt("assess", folder, "-o", str(missing))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"-o {missing}: thư mục {missing.parent} không tồn tại" in r.stderr  # in the chosen language only
    r = run_antt("assess", folder, "-o", f"json={tmp_path}")
    assert r.returncode == 2 and "đây là thư mục, cần một tên tệp" in r.stderr
    r = run_antt("new", "khu_dan_cu", "--format", "xlsx", "-o", str(missing.with_suffix(".xlsx")))
    assert r.returncode == 2 and "không tồn tại" in r.stderr
    ok = run_antt("assess", folder, "-o", "jsonl=/dev/null")
    assert ok.returncode == 1, ok.stderr  # a device that exists is fine
