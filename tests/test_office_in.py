"""Excel in (issue 10): the commune workbook of `antt new`, rosters as they are kept, the incidents
sheet, CSV as Vietnamese Excel saves it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest import run_antt

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def commune_book(tmp_path_factory):
    """`antt new -o xa.xlsx`: the blank workbook for a whole commune (written once for the module)."""
    path = tmp_path_factory.mktemp("blank") / "xa.xlsx"
    r = run_antt("new", "-o", str(path))
    assert r.returncode == 0, r.stderr
    return path


def _dv_for(ws, cell):
    return [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]


def test_commune_workbook_sheets_labels_ids_and_guide(commune_book, criteria):
    wb = openpyxl.load_workbook(commune_book)
    assert wb.sheetnames == ["Hướng dẫn", "Xã, phường, đặc khu", "Khu dân cư", "Cơ quan", "Doanh nghiệp",
                             "Cơ sở giáo dục", "Vụ việc", "Kỷ luật Công an xã", "_lists"]
    assert wb["_lists"].sheet_state == "hidden"
    assert wb.active.title == "Xã, phường, đặc khu"
    ws = wb["Khu dân cư"]
    kdc = criteria.latest("khu_dan_cu")
    labels = [c.value for c in ws[1]]
    ids = [c.value for c in ws[2]]
    assert labels[:3] == ["Tên đơn vị", "Mã đơn vị", "Năm đánh giá"] and labels[-1] == "Ghi chú"
    assert labels[ids.index("households_residing")] == kdc.facts["households_residing"].label.vi
    assert set(ids) == {"name", "code", "year", "commune", "province", "notes", *kdc.facts}
    assert ws.row_dimensions[2].hidden  # the ids antt reads; people see the labels
    assert ws["A3"].value.startswith("# ")  # the guidance row
    assert ws.freeze_panes == "B4"
    assert ws.cell(3, ids.index("households_residing") + 1).value == "số nguyên ≥ 1 (hộ)"
    inc = wb["Vụ việc"]
    assert [c.value for c in inc[1]][:4] == ["Mã đơn vị", "Tên đơn vị", "Ngày xảy ra", "Loại vụ việc"]
    assert [c.value for c in inc[2]][:3] == ["code", "name", "date"]
    guide = [str(c.value) for row in wb["Hướng dẫn"].iter_rows() for c in row if c.value]
    assert any("STT" in t for t in guide) and "households_residing" in guide


def test_commune_workbook_checks_that_excel_enforces(commune_book):
    wb = openpyxl.load_workbook(commune_book)
    ws = wb["Khu dân cư"]
    ids = [c.value for c in ws[2]]
    lists = wb["_lists"]

    def col(fid):
        return openpyxl.utils.get_column_letter(ids.index(fid) + 1)

    def values(dv):
        sheet, ref = dv.formula1.lstrip("=").split("!")
        return [c.value for row in wb[sheet][ref.replace("$", "")] for c in row]

    [rating] = _dv_for(ws, col("grassroots_force_rating") + "4")
    assert rating.type == "list" and rating.showErrorMessage
    assert values(rating) == ["Không hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                              "Hoàn thành xuất sắc nhiệm vụ"]  # labels, never codes
    [yes_no] = _dv_for(ws, col("implements_policy_fully") + "500")
    assert values(yes_no) == ["có", "không"]
    [count] = _dv_for(ws, col("households_residing") + "4")
    assert (count.type, count.operator, count.formula1) == ("whole", "greaterThanOrEqual", "1")
    [year] = _dv_for(ws, col("year") + "4")
    assert (year.type, year.operator or "between", year.formula1, year.formula2) == ("whole", "between", "2000", "2100")
    [date] = _dv_for(ws, col("party_resolution_date") + "4")
    d4 = col("party_resolution_date") + "4"
    assert date.type == "custom" and f"ISNUMBER({d4})" in date.formula1 and '"không có"' in date.formula1
    assert ws.column_dimensions[col("party_resolution_date")].number_format == "dd/mm/yyyy"  # typed dates show so
    [register] = _dv_for(ws, col("incidents") + "4")
    assert values(register) == ["có (ghi ở trang “Vụ việc”)", "không có"] and register.errorStyle == "warning"
    inc = wb["Vụ việc"]
    [category] = _dv_for(inc, "D4")
    assert "Vi phạm môi trường" in values(category)  # every unit type's categories
    [when] = _dv_for(inc, "C4")
    assert (when.type, when.operator or "between") == ("date", "between")  # an incident's date: a date, never "không có"
    assert lists.sheet_state == "hidden"
    # a roster wider than a page prints across pages, each with the header rows and the unit's name
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.scale) == ("landscape", 9, 75)  # A4
    assert ws.print_title_rows.replace("$", "") == "1:3" and ws.print_title_cols.replace("$", "") == "A:A"


def test_new_one_type_and_usage(tmp_path):
    path = tmp_path / "kdc.xlsx"
    assert run_antt("new", "tổ dân phố", "-o", str(path)).returncode == 0
    assert openpyxl.load_workbook(path).sheetnames == ["Hướng dẫn", "Khu dân cư", "Vụ việc", "_lists"]
    r = run_antt("new")
    assert r.returncode == 2 and "antt new -o xa.xlsx" in r.stderr
    r = run_antt("new", "khu_dan_cu", "xa", "--format", "yaml")
    assert r.returncode == 2
    en = tmp_path / "en.xlsx"
    assert run_antt("new", "co_quan", "-o", str(en), "--lang", "en").returncode == 0
    wb = openpyxl.load_workbook(en)
    assert wb.sheetnames[:3] == ["Guide", "Agency", "Incidents"]
    assert [c.value for c in wb["Agency"][1]][:2] == ["Unit name", "Unit code"]


# ----------------------------------------------------------------------------- the round trip

# Thôn Đông as its assessor knows it: labels of the choices, có/không, dd/mm/yyyy
DONG = {
    "name": "Thôn Đông", "code": "T-DONG", "year": 2024, "commune": "Xã Minh Tân", "province": "Thanh Hóa",
    "party_resolution_date": "15/01/2024", "registration_date": dt.datetime(2024, 2, 20), "households_residing": 250,
    "households_registered": 250, "implements_policy_fully": "có", "anti_party_activities": 0,
    "sabotage_activities": 0, "illegal_religion_activities": 0, "exploitation_activities": 0,
    "separatist_activities": 0, "prolonged_disputes": 0, "complaint_disorder_activities": 0, "crimes": 1,
    "crimes_previous_year": 2, "social_evils": 0, "social_evils_previous_year": 0, "other_violations": 3,
    "other_violations_previous_year": 3, "incidents": "có (ghi ở trang “Vụ việc”)", "new_hotspots": 0,
    "new_social_evil_persons": 0, "managed_persons_handled_well": "có",
    "grassroots_force_rating": "Hoàn thành tốt nhiệm vụ", "force_members_disciplined": 0,
}


def _fill(path, out, criteria):
    """Fill the blank as a person would: find each column by the label in row 1, add an STT column
    and a title above the header, a group heading, incidents on their own sheet."""
    wb = openpyxl.load_workbook(path)
    kdc, vocab = criteria.latest("khu_dan_cu"), criteria.latest("khu_dan_cu").vocabulary
    ws = wb["Khu dân cư"]

    def label(fid):
        return vocab.header[fid].label.vi if fid in vocab.header else kdc.facts[fid].label.vi

    ws.insert_cols(1)
    ws.insert_rows(1)
    ws["A1"] = "DANH SÁCH KHU DÂN CƯ ĐĂNG KÝ XÂY DỰNG KHU DÂN CƯ “AN TOÀN VỀ AN NINH, TRẬT TỰ” NĂM 2024"
    ws["A2"] = "STT"
    where = {c.value: c.column for c in ws[2] if c.value}
    rows = [
        None,  # a group heading
        DONG,
        dict(DONG, name="Thôn Tây", code="T-TAY", households_registered=171, households_residing=180,
             incidents="không có"),
        dict(DONG, name="Thôn Nam", code="T-NAM", registration_date="không có", incidents=None),
    ]
    r = 5  # row 1 title, 2 labels, 3 ids (hidden), 4 guidance
    n = 0
    for row in rows:
        if row is None:
            ws.cell(r, where[label("name")], "I. Các thôn")
        else:
            n += 1
            ws.cell(r, 1, n)
            for fid, v in row.items():
                if v is not None:
                    ws.cell(r, where[label(fid)], v)
        r += 1
    inc = wb["Vụ việc"]
    head = {c.value: c.column for c in inc[1] if c.value}
    for i, (code, when, cat, sev) in enumerate([("T-DONG", dt.datetime(2024, 3, 2), "Cháy, nổ", "Ít nghiêm trọng"),
                                                ("T-NAM", "05/06/2024", "Tai nạn lao động", "Nghiêm trọng")]):
        inc.cell(4 + i, head["Mã đơn vị"], code)
        inc.cell(4 + i, head["Ngày xảy ra"], when)
        inc.cell(4 + i, head["Loại vụ việc"], cat)
        inc.cell(4 + i, head["Mức độ (theo kết luận của cơ quan có thẩm quyền)"], sev)
        inc.cell(4 + i, head["Được phát hiện kịp thời"], "có")
    wb.save(out)
    return out


def test_round_trip_blank_filled_as_a_person_would(commune_book, tmp_path, criteria):
    path = _fill(commune_book, tmp_path / "xa-minh-tan.xlsx", criteria)
    r = run_antt("assess", str(path), "--format", "json")
    doc = json.loads(r.stdout)
    got = {u["unit"]["name"]: u for u in doc["units"]}
    assert {n: u["outcome"] for n, u in got.items()} == {"Thôn Đông": "pass", "Thôn Tây": "fail", "Thôn Nam": "fail"}
    assert got["Thôn Đông"]["file"] == f"{path}[Khu dân cư]:6"
    failed = {n: [c["id"] for c in u["criteria"] if c["status"] == "fail"] for n, u in got.items()}
    assert failed["Thôn Tây"] == ["KDC-1c"] and "KDC-1b" in failed["Thôn Nam"]
    dong = {c["id"]: c for c in got["Thôn Đông"]["criteria"]}
    [fire] = dong["KDC-4b"]["values"]["incidents"]
    assert (fire["date"], fire["category"], fire["severity"]) == ("2024-03-02", "chay_no", "it_nghiem_trong")
    nam = {c["id"]: c for c in got["Thôn Nam"]["criteria"]}
    assert nam["KDC-4b"]["values"]["incidents"][0]["severity"] == "nghiem_trong"
    assert doc["errors"] == []
    [heading] = doc["warnings"]
    assert heading["code"] == "sheet-group-row" and heading["line"] == 5
    assert r.returncode == 1


# ----------------------------------------------------------------------------- rosters as they are kept


def _book(tmp_path, sheets: dict, name="ds.xlsx"):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def test_roster_title_stt_notes_own_columns_groups_and_totals(tmp_path):
    path = _book(tmp_path, {"Thôn": [
        ["UBND XÃ MINH TÂN", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["DANH SÁCH THÔN NĂM 2024"],
        [],
        ["STT", "Loại đơn vị", "Tên đơn vị", "Năm", "Số hộ gia đình đang cư trú trên địa bàn", "# người lập",
         "Ghi chú", None],
        [None, "I. Thôn vùng cao"],
        [1, "thôn", "Thôn Đông", 2024, 120, "Lan", "đủ hồ sơ", "lạc"],
        [2, "thôn", "Thôn Tây", 2024, "1.200", None, None, None],
        [],
        [None, None, "Tổng cộng", None, 1320],
    ]})
    r = run_antt("assess", str(path), "--format", "json")
    doc = json.loads(r.stdout)
    assert [(u["unit"]["name"], u["unit"].get("notes")) for u in doc["units"]] == [("Thôn Đông", "đủ hồ sơ"),
                                                                                   ("Thôn Tây", None)]
    assert doc["errors"] == [] and r.returncode == 1
    assert [(w["code"], w["line"]) for w in doc["warnings"]] == [("sheet-group-row", 5), ("sheet-blank-header", 6),
                                                                  ("sheet-total-row", 9)]
    assert "bỏ qua" in doc["warnings"][1]["message"] and doc["warnings"][1]["field"] == "H6"
    assert "I. Thôn vùng cao" in r.stderr  # warnings on stderr too


def test_unknown_column_still_an_error_with_a_hint(tmp_path):
    path = _book(tmp_path, {"khu_dan_cu": [["Tên đơn vị", "Năm", "So ho dang cu tru"], ["Thôn A", 2024, 5]]})
    r = run_antt("assess", str(path), "--format", "json")
    assert r.returncode == 2
    [err] = json.loads(r.stdout)["errors"]
    assert err["code"] == "sheet-unknown-column" and "#" in err["message"]


def test_a_sheet_without_a_header(tmp_path):
    path = _book(tmp_path, {"Ghi chép": [["một dòng"], ["hai dòng"]], "#riêng": [["x", "y"]],
                            "khu_dan_cu": [["name", "year"], ["Thôn A", 2024]]})
    r = run_antt("assess", str(path), "--format", "json")
    doc = json.loads(r.stdout)
    assert [e["code"] for e in doc["errors"]] == ["sheet-no-header"]
    assert len(doc["units"]) == 1


# ----------------------------------------------------------------------------- the incidents sheet


def _commune(tmp_path, incidents, cells=None, extra_sheets=None):
    kdc = [["Tên đơn vị", "Mã đơn vị", "Năm đánh giá", "Sổ theo dõi vụ việc (tội phạm nghiêm trọng trở lên, cháy, nổ, "
            "tai nạn lao động, sự cố)"]]
    for i, cell in enumerate(cells or ["có", "không có"]):
        kdc.append([f"Thôn {i}", f"T{i}", 2024, cell])
    sheets = {"Khu dân cư": kdc, "Vụ việc": [["Mã đơn vị", "Tên đơn vị", "Ngày xảy ra", "Loại vụ việc", "Mức độ"]] + incidents}
    sheets.update(extra_sheets or {})
    return _book(tmp_path, sheets)


def _run(path):
    r = run_antt("assess", str(path), "--format", "json")
    return r, json.loads(r.stdout)


def test_incidents_linked_by_code_and_located_problems(tmp_path):
    path = _commune(tmp_path, [
        ["T0", "Thôn 0", "02/03/2024", "Cháy, nổ", "Ít nghiêm trọng"],
        ["T0", "Thôn Không", "05/03/2024", "Ngập lụt", "Ít nghiêm trọng"],   # not a category
        ["T9", None, "05/03/2024", "Sự cố", "Nghiêm trọng"],                # no such unit
        [None, "Thôn 1", "05/03/2024", "Sự cố", "Nghiêm trọng"],            # no code
    ])
    r, doc = _run(path)
    by = {(e["file"], e["line"], e["code"]) for e in doc["errors"]}
    src = f"{path}[Vụ việc]"
    assert (src, 3, "sheet-bad-choice") in by   # the unit's problem is placed on the incidents sheet
    assert (src, 4, "register-unknown-unit") in by
    assert (src, 5, "register-no-code") in by
    bad = next(e for e in doc["errors"] if e["code"] == "sheet-bad-choice")
    assert bad["field"] == "category (D3)" and "Ngập lụt" in bad["message"] and "Cháy, nổ" in bad["message"]
    assert [u["unit"]["name"] for u in doc["units"]] == ["Thôn 1"]
    [name] = [w for w in doc["warnings"] if w["code"] == "register-name-differs"]
    assert name["line"] == 3


def test_incidents_cell_and_sheet_must_agree(tmp_path):
    path = _commune(tmp_path, [["T1", None, "02/03/2024", "Cháy, nổ", "Ít nghiêm trọng"],
                               ["T2", None, "02/03/2024", "Cháy, nổ", "Ít nghiêm trọng"]],
                    cells=["có", "không có", "[{date: 2024-01-01, category: su_co, severity: nghiem_trong}]", None])
    r, doc = _run(path)
    codes = {(e["line"], e["code"]) for e in doc["errors"]}
    assert codes == {(2, "register-see-sheet-empty"), (3, "register-none-but-rows"), (4, "register-twice")}
    units = {u["unit"]["name"]: u for u in doc["units"]}
    assert list(units) == ["Thôn 3"]  # a blank cell with no rows: not given (incomplete)
    kdc4b = next(c for c in units["Thôn 3"]["criteria"] if c["id"] == "KDC-4b")
    assert kdc4b["status"] == "incomplete"


def test_incidents_yaml_in_the_cell_still_read_and_the_result_is_row_located(tmp_path):
    path = _book(tmp_path, {"Khu dân cư": [
        ["name", "year", "incidents"],
        ["Thôn A", 2024, "[{date: 2024-03-01, category: chay_no, severity: it_nghiem_trong, fatal: true}]"],
    ]})
    r, doc = _run(path)
    [u] = doc["units"]
    kdc = {c["id"]: c for c in u["criteria"]}
    assert kdc["KDC-4b"]["values"]["incidents"][0]["fatal"] is True


def test_incident_of_a_register_the_unit_does_not_keep(tmp_path):
    path = _commune(tmp_path, [], extra_sheets={"Kỷ luật Công an xã": [["Mã đơn vị", "Ngày quyết định kỷ luật",
                                                                         "Hình thức kỷ luật"],
                                                                        ["T0", "01/03/2024", "Khiển trách"]]})
    r, doc = _run(path)
    [err] = [e for e in doc["errors"] if e["code"] == "register-not-of-type"]
    assert err["file"] == f"{path}[Kỷ luật Công an xã]" and err["line"] == 2


def test_a_register_item_that_is_invalid_points_at_its_cell(tmp_path):
    path = _commune(tmp_path, [["T0", None, "31/02/2024", "Cháy, nổ", "Ít nghiêm trọng"]], cells=["có"])
    r, doc = _run(path)
    [err] = doc["errors"]
    assert (err["file"], err["line"], err["code"]) == (f"{path}[Vụ việc]", 2, "bad-date")
    assert err["field"] == "incidents[0].date (C2)"


# ----------------------------------------------------------------------------- CSV as Excel saves it

HEADER = ["Loại đơn vị", "Tên đơn vị", "Năm đánh giá", "Số hộ gia đình đang cư trú trên địa bàn", "Ghi chú"]


def _csv(rows, delimiter=";"):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1258", "utf-16"])
def test_csv_as_vietnamese_excel_saves_it(tmp_path, encoding):
    text = _csv([HEADER, ["thôn", "Thôn Đồng Tiến", "2024", "1.500", "dòng một\ndòng hai"],
                 ["tổ dân phố", "Tổ dân phố Ỷ Lan", "2024", "80", ""]])
    if encoding == "cp1258":  # Windows-1258 writes a tone mark as a combining character after its letter
        data = _windows_1258(text)
    else:
        data = text.encode(encoding)
    path = tmp_path / "thon.csv"
    path.write_bytes(data)
    r, doc = _run(path)
    assert doc["errors"] == [], doc["errors"]
    names = [u["unit"]["name"] for u in doc["units"]]
    assert names == ["Thôn Đồng Tiến", "Tổ dân phố Ỷ Lan"]  # NFC, as typed
    assert doc["units"][0]["unit"]["notes"] == "dòng một\ndòng hai"  # a line break inside a quoted cell stays
    assert doc["units"][0]["file"] == f"{path}:2"


def _windows_1258(text: str) -> bytes:
    """As Vietnamese Windows encodes text: the letters â ê ô ơ ư ă đ precomposed, the five tone marks
    (grave, acute, tilde, hook above, dot below) as combining characters after them."""
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        out.append(base + "".join(p for p in parts if p in tones))
    return "".join(out).encode("cp1258")


def test_csv_delimiter_is_found_even_with_commas_in_cells(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(_csv([HEADER, ["thôn", "Thôn A, B", "2024", "10", "x, y, z"]], delimiter=";"), encoding="utf-8")
    r, doc = _run(path)
    assert doc["units"][0]["unit"]["name"] == "Thôn A, B"
    path.write_text(_csv([HEADER, ["thôn", "Thôn A; B", "2024", "10", "x; y"]], delimiter=","), encoding="utf-8")
    r, doc = _run(path)
    assert doc["units"][0]["unit"]["name"] == "Thôn A; B"


def test_csv_that_is_no_text_is_located(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"name;year\n\x81\x8a;2024\n")
    r, doc = _run(path)
    [err] = doc["errors"]
    assert err["code"] == "not-text" and err["line"] == 2


def test_choices_in_a_cell_keep_labels_with_commas(criteria):
    from antt_cli.records.spreadsheet import choices_in

    spec = criteria.latest("co_so_giao_duc").facts["education_levels"]
    assert choices_in("Nhà trẻ, nhóm trẻ, Tiểu học", spec) == ["Nhà trẻ, nhóm trẻ", "Tiểu học"]
    assert choices_in("Mầm non; Trung học cơ sở\nthpt", spec) == ["Mầm non", "Trung học cơ sở", "thpt"]


def test_split_source():
    from antt_cli.records.spreadsheet import split_source

    assert split_source("C:\\Tài liệu\\xa.xlsx[Khu dân cư]:5") == ("C:\\Tài liệu\\xa.xlsx", "Khu dân cư", 5)
    assert split_source("don-vi.csv:3") == ("don-vi.csv", None, 3)
    assert split_source("xa.xlsx[Vụ việc]") == ("xa.xlsx", "Vụ việc", None)
