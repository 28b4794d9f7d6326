"""`antt criteria list [TYPE]` and `antt criteria show ID|TYPE`."""

from __future__ import annotations

import json

from conftest import run_antt


def test_list_every_type_vietnamese_first():
    r = run_antt("criteria", "list")
    assert r.returncode == 0
    headers = [line for line in r.stdout.splitlines() if line and not line.startswith(" ")]
    assert [h.split(" — ")[0] for h in headers] == ["co_quan", "doanh_nghiep", "co_so_giao_duc", "khu_dan_cu", "xa"]
    assert headers[3] == ("khu_dan_cu — Khu dân cư (Residential area) · Thông tư số 124/2021/TT-BCA, hiệu lực từ 10/02/2022")
    row = [line for line in r.stdout.splitlines() if line.startswith("  KDC-1c ")]
    assert len(row) == 1
    assert [x.strip() for x in row[0].split("  ") if x.strip()] == [
        "KDC-1c", "khoản 1 Điều 4", "Quý I hằng năm, 100% hộ gia đình đang cư trú trên địa bàn đăng ký tham gia xây dựng "
        "khu dân cư “An toàn về an ninh, trật tự”"]


def test_list_one_type_by_alias_in_english():
    r = run_antt("criteria", "list", "tổ dân phố", "--lang", "en")
    lines = r.stdout.splitlines()
    assert lines[0].startswith("khu_dan_cu — Residential area (Khu dân cư) · Circular No. 124/2021/TT-BCA, in force from")
    assert lines[1].split() [:3] == ["KDC-1a", "Art.", "4(1)"]


def test_list_json():
    doc = json.loads(run_antt("criteria", "list", "xa", "-f", "json").stdout)
    assert [d["unit_type"] for d in doc] == ["xa"]
    assert doc[0]["criteria"][0]["id"] == "XA-1a"
    assert doc[0]["criteria"][0]["citation"] == "khoản 1 Điều 5 Thông tư số 124/2021/TT-BCA"  # Vietnamese legal order


def test_show_one_criterion_with_its_reading():
    r = run_antt("criteria", "show", "KDC-1c")
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert lines[2:8] == [
        "KDC-1c — Quý I hằng năm, 100% hộ gia đình đang cư trú trên địa bàn đăng ký tham gia xây dựng khu dân cư "
        "“An toàn về an ninh, trật tự”",
        "  (In Q1 of each year, 100% of the households residing in the area register to take part in building an "
        "“An toàn về an ninh, trật tự” residential area)",
        "  khoản 1 Điều 4 Thông tư số 124/2021/TT-BCA",
        "  Yêu cầu:",
        "    Tất cả các điều kiện sau:",
        "      - Số hộ gia đình đăng ký tham gia xây dựng khu dân cư “An toàn về an ninh, trật tự” / Số hộ gia đình đang "
        "cư trú trên địa bàn ≥ 100%",
    ]
    reading = [line for line in lines if line.startswith("  Cách hiểu: ")]
    assert len(reading) == 1 and "Tỷ lệ tính bằng số nguyên, không làm tròn: 249/250 hộ là chưa đạt." in reading[0]


def test_show_a_shared_criterion_in_each_type():
    r = run_antt("criteria", "show", "CQDN-1a", "-f", "json")
    assert [d["unit_type"] for d in json.loads(r.stdout)] == ["co_quan", "doanh_nghiep"]


def test_show_markdown_checklist_for_a_type():
    r = run_antt("criteria", "show", "khu_dan_cu", "--format", "markdown")
    assert r.returncode == 0
    md = r.stdout
    assert md.startswith("# Phiếu đánh giá tiêu chuẩn “An toàn về an ninh, trật tự”\n")
    assert md.count("\n## KDC-") == len(json.loads(run_antt("criteria", "list", "khu_dan_cu", "-f", "json").stdout)[0]["criteria"])
    assert md.count("Kết quả: ☐ Đạt  ☐ Chưa đạt  ☐ Không áp dụng") == md.count("\n## KDC-")
    assert "- Kỳ đánh giá: từ 01/11 năm trước đến 31/10 năm đánh giá" in md
    assert "☐ ĐẠT  ☐ CHƯA ĐẠT" in md


def test_show_unknown_name_suggests():
    r = run_antt("criteria", "show", "KDC-1x", "--lang", "en")
    assert r.returncode == 2
    assert r.stderr == "ID: no criterion or unit type named 'KDC-1x' — did you mean 'KDC-1c'? [criterion-not-found]\n"
