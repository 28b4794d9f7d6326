"""Spreadsheet input (.xlsx, .csv) and `antt new TYPE --format xlsx|csv` (issue 3)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from conftest import EXAMPLES, run_antt

openpyxl = pytest.importorskip("openpyxl")

KDC = {
    "name": "Thôn Đông", "year": 2024, "code": "T-DONG", "commune": "Xã Tân Lập", "province": "Thanh Hóa",
    "party_resolution_date": dt.datetime(2024, 1, 15), "registration_date": "20/02/2024", "households_residing": 250,
    "households_registered": 250, "implements_policy_fully": "có", "anti_party_activities": 0, "sabotage_activities": 0,
    "illegal_religion_activities": 0, "exploitation_activities": 0, "separatist_activities": 0, "prolonged_disputes": 0,
    "complaint_disorder_activities": 0, "crimes": 1, "crimes_previous_year": 2, "social_evils": 0,
    "social_evils_previous_year": 0, "other_violations": 3, "other_violations_previous_year": 3, "incidents": "[]",
    "new_hotspots": 0, "new_social_evil_persons": 0, "managed_persons_handled_well": "có",
    "grassroots_force_rating": "hoan_thanh_tot", "force_members_disciplined": 0,
}


def _template(tmp_path, unit_type="khu_dan_cu"):
    path = tmp_path / f"{unit_type}.xlsx"
    r = run_antt("new", unit_type, "--format", "xlsx", "-o", str(path))
    assert r.returncode == 0, r.stderr
    return path


def test_new_xlsx_has_labels_ids_and_validation(tmp_path):
    wb = openpyxl.load_workbook(_template(tmp_path))
    ws = wb["Khu dân cư"]
    ids = [c.value for c in ws[2]]
    assert ids[:6] == ["name", "code", "year", "commune", "province", "party_resolution_date"]
    assert [c.value for c in ws[1]][:2] == ["Tên đơn vị", "Mã đơn vị"]
    assert "households_registered" in ids and "incidents" in ids
    assert ws.cell(row=3, column=1).value.startswith("# ")
    letter = openpyxl.utils.get_column_letter(ids.index("grassroots_force_rating") + 1)
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list" and letter + "4" in dv.sqref]
    assert lists, "enumerations get a drop-down list"
    assert wb["_lists"].sheet_state == "hidden"


def test_filled_xlsx_template_assesses_with_located_errors(tmp_path):
    path = _template(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Khu dân cư"]
    header = [c.value for c in ws[2]]  # the field ids (hidden row 2)
    rows = (KDC, dict(KDC, name="Thôn Tây", code="T-TAY", households_registered="2x0"),
            dict(KDC, name="=1+2", code="T-NAM", households_registered=200),
            dict(KDC, name="Thôn Bắc", code="T-BAC", notes="=1+2"))
    for r, row in enumerate(rows, start=4):
        for c, h in enumerate(header, start=1):
            if row.get(h) is not None:
                ws.cell(r, c, row[h])
    ws.cell(row=6, column=header.index("name") + 1).data_type = "s"  # text that looks like a formula
    wb.save(path)
    r = run_antt("assess", str(path), "--format", "json")
    assert r.returncode == 2
    doc = json.loads(r.stdout)
    assert [(u["unit"]["name"], u["outcome"]) for u in doc["units"]] == [("Thôn Đông", "pass"), ("=1+2", "fail")]
    assert doc["units"][0]["file"] == f"{path}[Khu dân cư]:4"
    col = header.index("households_registered") + 1
    letter = openpyxl.utils.get_column_letter(col)
    err, formula = doc["errors"]
    assert (err["file"], err["line"], err["col"], err["code"]) == (f"{path}[Khu dân cư]", 5, col, "sheet-bad-cell")
    assert err["field"] == f"households_registered ({letter}5)"
    assert "'2x0'" in err["message"]
    # a formula openpyxl wrote has no computed value: the row is refused, the cell named
    notes = openpyxl.utils.get_column_letter(header.index("notes") + 1)
    assert (formula["line"], formula["code"], formula["field"]) == (7, "sheet-formula-no-value", f"{notes}7")
    # the csv report neutralises the text that looks like a formula
    out = run_antt("assess", str(path), "--format", "csv").stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert any("1+2" in cell for row in rows for cell in row)
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_csv_with_labels_type_column_and_several_types(tmp_path):
    path = tmp_path / "don-vi.csv"
    fields = ["Loại đơn vị", "Tên đơn vị", "Năm đánh giá", "Xã, phường, đặc khu", "Số hộ gia đình đang cư trú trên địa bàn",
              "households_registered", "is_armed_forces_unit"]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(fields)
        w.writerow(["# mô tả", "", "", "", "", "", ""])
        w.writerow(["tổ dân phố", "TDP 1", "2024", "Phường A", "1.500", "1.499", ""])
        w.writerow(["co_quan", "Đồn Biên phòng", "2024", "Phường A", "", "", "có"])
        w.writerow(["", "", "", "", "", "", ""])
        w.writerow(["khu_dan_cu", "TDP 2", "2024", "Phường A", "abc", "", ""])
    r = run_antt("assess", str(path), "--format", "json")
    doc = json.loads(r.stdout)
    got = {u["unit"]["name"]: u for u in doc["units"]}
    assert got["Đồn Biên phòng"]["outcome"] == "out_of_scope"
    kdc1c = [c for c in got["TDP 1"]["criteria"] if c["id"] == "KDC-1c"][0]
    assert kdc1c["values"] == {"households_registered": 1499, "households_residing": 1500,
                              "households_registration_date": None, "registration_date": None}
    [err] = doc["errors"]
    assert (err["line"], err["col"], err["code"]) == (6, 5, "sheet-bad-cell")


def test_unknown_column_and_missing_type(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,year,so_ho\nThôn A,2024,5\n", encoding="utf-8")
    r = run_antt("assess", str(path), "--format", "json")
    assert r.returncode == 2
    codes = [e["code"] for e in json.loads(r.stdout)["errors"]]
    assert codes == ["sheet-unknown-column", "sheet-no-type"]


def test_one_sheet_per_type(tmp_path):
    path = tmp_path / "lo.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "khu_dan_cu"
    ws.append(list(KDC))
    ws.append([v if not isinstance(v, dt.datetime) else v for v in KDC.values()])
    ws2 = wb.create_sheet("Cơ quan")
    ws2.append(["name", "year", "is_armed_forces_unit"])
    ws2.append(["Bệnh viện Quân y", 2024, True])
    wb.save(path)
    r = run_antt("assess", str(path), "--format", "jsonl")
    units = [json.loads(x) for x in r.stdout.splitlines() if '"unit"' in x]
    assert [(u["unit"]["type"], u["outcome"]) for u in units] == [("khu_dan_cu", "pass"), ("co_quan", "out_of_scope")]
    assert r.returncode == 0


def test_new_csv_round_trip(tmp_path):
    path = tmp_path / "xa.csv"
    assert run_antt("new", "xa", "--format", "csv", "-o", str(path)).returncode == 0
    text = path.read_text(encoding="utf-8-sig")
    labels, ids, desc = list(csv.reader(io.StringIO(text)))[:3]
    assert labels[:3] == ["Loại đơn vị", "Tên đơn vị", "Mã đơn vị"]
    assert ids[:4] == ["type", "name", "code", "year"]
    assert desc[0].startswith("# ") and len(desc) == len(ids) == len(labels)
    header = ",".join(ids)
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write("xa,Xã B,,2024" + "," * (header.count(",") - 3) + "\n")
    r = run_antt("assess", str(path), "--format", "json")
    doc = json.loads(r.stdout)
    assert doc["units"][0]["outcome"] == "incomplete" and r.returncode == 1


def test_spreadsheet_and_folder_together(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("type,name,year,commune,province,households_residing,households_registered\n"
                    "khu_dan_cu,Thôn Bắc,2024,Xã Minh Tân,Thanh Hóa,100,100\n", encoding="utf-8")
    r = run_antt("assess", str(EXAMPLES / "batch" / "xa-minh-tan"), str(path), "--format", "json")
    doc = json.loads(r.stdout)
    [commune] = doc["summary"]["communes"]
    assert commune["units"] == 6  # the csv row names the commune too


def test_broken_xlsx_is_located(tmp_path):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a zip")
    r = run_antt("assess", str(path), "--format", "json")
    assert r.returncode == 2
    [err] = json.loads(r.stdout)["errors"]
    assert err["code"] == "sheet-unreadable" and err["file"] == str(path)


def test_a_sheet_with_many_distinct_strings_reads_the_same_from_its_spooled_shared_strings(tmp_path, monkeypatch):
    """openpyxl keeps every shared string of a workbook in a list (a 200,000-row sheet of distinct
    names holds 400,000). antt keeps them in a temporary file past a few thousand: the rows read
    are the same, cell by cell, whether the strings were kept in memory or in the file."""
    from antt_cli import spool
    from antt_cli.batch.worker import sheet_rows
    from antt_cli.criteria import load_criteria

    import xlsxwriter  # writes a shared-string table, as Excel does (openpyxl writes strings inline)

    path = tmp_path / "nhieu-thon.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("khu_dan_cu")
    ws.write_row(0, 0, list(KDC))
    for i in range(40):
        ws.write_row(i + 1, 0, [f"Thôn {i} – Đông" if k == "name" else f"T-{i}" if k == "code" else
                                v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v for k, v in KDC.items()])
    wb.close()
    criteria = load_criteria()

    def rows() -> list:
        return [data for data, _parsed in sheet_rows(str(path), criteria)]

    in_memory = rows()
    spilled = []
    real_spill = spool.TextSpool._spill
    monkeypatch.setattr(spool, "SPILL_AT", 5)
    monkeypatch.setattr(spool.TextSpool, "_spill", lambda self: (spilled.append(1), real_spill(self)))
    in_file = rows()
    assert spilled  # the strings did move to the file
    assert in_file == in_memory
    assert [(r["name"], r["code"], r["commune"]) for r in in_file[:2]] == [("Thôn 0 – Đông", "T-0", "Xã Tân Lập"),
                                                                           ("Thôn 1 – Đông", "T-1", "Xã Tân Lập")]
    assert len(in_file) == 40
