"""Excel out (issue 10): the report workbook (xlsx) and the input workbook assessed (xlsx-assessed),
opened with openpyxl as Excel would read them."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from conftest import EXAMPLES, run_antt
from test_office_in import _fill

openpyxl = pytest.importorskip("openpyxl")
BATCH = EXAMPLES / "batch" / "xa-minh-tan"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The example commune assessed into a report, from the folder the batch lies in (paths relative)."""
    here = tmp_path_factory.mktemp("run")
    shutil.copytree(BATCH, here / "xa-minh-tan")
    (here / "xa-minh-tan" / "cong-ty-may.yaml").write_text(
        (BATCH / "cong-ty-may.yaml").read_text(encoding="utf-8").replace("name: Công ty TNHH May Minh Tân",
                                                                           'name: "=HYPERLINK(\\"x\\")"'),
        encoding="utf-8")
    (here / "hong.yaml").write_text("type: khu_dan_cu\nname: Thôn Hỏng\nyear: 2024\nhouseholds_residing: nhiều\n",
                                    encoding="utf-8")
    r = run_antt("assess", "xa-minh-tan", "hong.yaml", "-o", "bao-cao.xlsx", cwd=here)
    assert r.returncode == 2, r.stderr
    return openpyxl.load_workbook(here / "bao-cao.xlsx")


def test_report_sheets_headers_panes_filters(report):
    assert report.sheetnames == ["Tổng hợp", "Theo xã, phường, đặc khu", "Đơn vị", "Tiêu chí chưa đạt", "Lỗi", "Lưu ý"]
    ws = report["Đơn vị"]
    head = [c.value for c in ws[1]]
    assert head[:7] == ["Tên đơn vị", "Loại đơn vị", "Mã đơn vị", "Xã, phường, đặc khu quản lý", "Tỉnh, thành phố",
                        "Năm đánh giá", "Kết quả"]  # the rule set's own labels
    assert all(c.font.b for c in ws[1]) and ws["A1"].fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.freeze_panes == "B2"  # really frozen (header row and the name)
    assert ws.auto_filter.ref == f"A1:L{ws.max_row}"
    assert ws.column_dimensions["J"].width == pytest.approx(60, abs=1) and ws["J1"].value == "Lý do"
    for name in ("Tiêu chí chưa đạt", "Lỗi", "Lưu ý"):
        assert report[name].auto_filter.ref and report[name].freeze_panes


def test_report_rows_outcomes_paths_and_neutralised_text(report):
    ws = report["Đơn vị"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    tay = rows["Thôn Tây"]
    assert tay[6].value == "CHƯA ĐẠT" and tay[6].fill.fgColor.rgb.endswith("F8CBAD")
    assert tay[7].value == "KDC-1c" and "171/180 hộ" in tay[9].value and tay[9].alignment.wrap_text
    assert tay[5].value == 2024 and tay[5].data_type == "n"
    assert tay[11].value == "xa-minh-tan/thon-tay.yaml"  # relative to where the batch ran
    assert rows["Thôn Đông"][6].fill.fgColor.rgb.endswith("E2EFDA")
    assert "'=HYPERLINK(\"x\")" in rows  # a formula from a record is text
    assert rows["'=HYPERLINK(\"x\")"][0].data_type == "s"
    [bad] = [r for r in ws.iter_rows(min_row=2) if r[6].value == "KHÔNG HỢP LỆ"]
    assert bad[0].value == "hong.yaml" and "households_residing" in bad[9].value
    errors = report["Lỗi"]
    assert [c.value for c in errors[2]][:3] == ["hong.yaml", 4, 22]


def test_report_numbers_and_percentages_are_numbers(report):
    ws = report["Tổng hợp"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    header = cells["Loại đơn vị"]
    rate_head = ws.cell(header.row, header.column + 6)
    assert rate_head.value.startswith("Tỷ lệ đạt")
    total = next(r for r in ws.iter_rows(min_row=header.row + 1) if r[0].value == "Tổng cộng")
    assert [c.value for c in total[1:6]] == [6, 4, 1, 0, 1] and total[0].font.b  # (the invalid file is no unit)
    assert total[6].value == pytest.approx(4 / 5) and total[6].number_format == "0.0%"
    com = report["Theo xã, phường, đặc khu"]
    head = next(r for r in com.iter_rows() if r[0].value == "Xã, phường, đặc khu")
    names = [c.value for c in head]
    assert names[9:12] == ["Tỷ lệ đạt", "Ngưỡng (khoản 4 Điều 5)", "Đạt ngưỡng"]
    row = com[head[0].row + 1]
    assert row[0].value == "Xã Minh Tân" and row[3].value == 5 and row[4].value == 4  # its units; 1 out of scope
    assert row[9].value == pytest.approx(0.75) and row[9].number_format == "0.0%"
    assert row[10].value == pytest.approx(0.7) and row[10].number_format == "0%"  # from criteria XA-4b
    assert row[11].value == "Đạt" and row[12].value == "ĐẠT"


def test_report_chart_of_the_70_percent_line(report):
    ws = report["Theo xã, phường, đặc khu"]
    [chart] = ws._charts
    assert chart.tagname == "barChart" and chart.type == "col"
    bars = chart.series[0]
    assert bars.val.numRef.f == "'Theo xã, phường, đặc khu'!$J$5"  # the rate column, one commune
    assert bars.cat.strRef.f == "'Theo xã, phường, đặc khu'!$A$5"
    [line] = [c for c in chart._charts if c.tagname == "lineChart"]  # the threshold, combined
    assert line.series[0].val.numRef.f == "'Theo xã, phường, đặc khu'!$K$5"
    assert chart.y_axis.scaling.max == 1 and chart.y_axis.number_format.formatCode == "0%"
    assert bars.cat.strRef.strCache.pt[0].v == "Xã Minh Tân"  # cached as text: the columns are named


def test_report_print_setup(report):
    for name in report.sheetnames:
        ws = report[name]
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToHeight == 0 and ws.page_setup.fitToWidth in (None, 1)  # one page wide
    units = report["Đơn vị"]
    assert units.print_title_rows.replace("$", "") == "1:1"  # the header on every page
    assert units.print_area.replace("$", "").startswith("'Đơn vị'!A1:K")  # the file column is not printed


def test_report_with_lang_en(tmp_path):
    out = tmp_path / "report.xlsx"
    assert run_antt("assess", str(BATCH), "-o", str(out), "--lang", "en").returncode == 1
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["Summary", "By commune", "Units"]
    assert wb["Units"]["A1"].value == "Unit name"


# ----------------------------------------------------------------------------- the input workbook, assessed


@pytest.fixture(scope="module")
def filled(tmp_path_factory, criteria):
    base = tmp_path_factory.mktemp("assessed")
    blank = base / "blank.xlsx"
    assert run_antt("new", "-o", str(blank)).returncode == 0
    return _fill(blank, base / "xa-minh-tan.xlsx", criteria)


@pytest.fixture(scope="module")
def assessed(filled):
    before = hashlib.sha256(filled.read_bytes()).hexdigest()
    out = filled.with_name("ket-qua.xlsx")
    r = run_antt("assess", str(filled), "-o", f"xlsx-assessed={out}")
    assert r.returncode == 1, r.stderr
    assert hashlib.sha256(filled.read_bytes()).hexdigest() == before  # the input is never written
    return out


def _results(ws):
    """Row → (outcome, criteria, reasons) from the three columns antt added."""
    head = next(r for r in ws.iter_rows(max_row=5) if any(c.value == "Kết quả đánh giá" for c in r))
    col = next(c.column for c in head if c.value == "Kết quả đánh giá")
    return head[0].row, col, {r: tuple(ws.cell(r, col + i).value for i in range(3)) for r in range(1, ws.max_row + 1)
                              if ws.cell(r, col).value is not None and r != head[0].row}


def test_assessed_copy_judges_every_row(filled, assessed):
    wb = openpyxl.load_workbook(assessed)
    src = openpyxl.load_workbook(filled)
    assert wb.sheetnames == ["Kết quả đánh giá (antt)", *src.sheetnames]
    ws = wb["Khu dân cư"]
    header, col, rows = _results(ws)
    assert header == 2  # below the title the person typed
    assert [ws.cell(header, col + i).value for i in range(3)] == ["Kết quả đánh giá", "Tiêu chí chưa đạt / thiếu dữ liệu",
                                                                  "Lý do"]
    assert [ws.cell(3, col + i).value for i in range(3)] == ["#antt:outcome", "#antt:criteria", "#antt:reasons"]
    assert rows[5][0] == "Bỏ qua" and "tiêu đề nhóm" in rows[5][2]  # the group heading: said, not judged
    assert rows[6] == ("ĐẠT", None, None)
    assert rows[7][:2] == ("CHƯA ĐẠT", "KDC-1c") and "171/180 hộ" in rows[7][2]
    assert rows[8][0] == "CHƯA ĐẠT" and "KDC-1b" in rows[8][1]
    assert ws.cell(7, col).fill.fgColor.rgb.endswith("F8CBAD") and ws.cell(6, col).fill.fgColor.rgb.endswith("E2EFDA")
    assert ws.cell(7, col + 2).alignment.wrap_text
    # the person's workbook is kept: their cells, the drop-downs, the hidden row of ids
    assert ws["A1"].value.startswith("DANH SÁCH") and ws.cell(6, 2).value == "Thôn Đông"
    assert len(ws.data_validations.dataValidation) == len(src["Khu dân cư"].data_validations.dataValidation)


def test_assessed_summary_sheet_links_to_the_rows(assessed):
    ws = openpyxl.load_workbook(assessed)["Kết quả đánh giá (antt)"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert texts[0] == "KẾT QUẢ ĐÁNH GIÁ" and "Bảng tính: xa-minh-tan.xlsx" in texts
    links = {c.value: c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {"Khu dân cư!7": "'Khu dân cư'!A7", "Khu dân cư!8": "'Khu dân cư'!A8"}
    assert ws.page_setup.orientation == "landscape"


def test_assessed_copy_reads_back_the_same_and_can_be_assessed_again(filled, assessed, tmp_path):
    first = json.loads(run_antt("assess", str(filled), "--format", "json").stdout)
    again = json.loads(run_antt("assess", str(assessed), "--format", "json").stdout)
    assert [(u["unit"]["name"], u["outcome"]) for u in again["units"]] == \
        [(u["unit"]["name"], u["outcome"]) for u in first["units"]]
    assert again["errors"] == []
    twice = tmp_path / "ket-qua-2.xlsx"
    assert run_antt("assess", str(assessed), "--format", "xlsx-assessed", "-o", str(twice)).returncode == 1
    wb = openpyxl.load_workbook(twice)
    assert wb.sheetnames.count("Kết quả đánh giá (antt)") == 1
    ws = wb["Khu dân cư"]
    assert [c.value for c in ws[2]].count("Kết quả đánh giá") == 1  # its own columns written over, not added


def test_assessed_csv_and_rows_that_cannot_be_read(tmp_path):
    path = tmp_path / "thon.csv"
    path.write_text("Loại đơn vị;Tên đơn vị;Năm đánh giá;Số hộ gia đình đang cư trú trên địa bàn;Ghi chú\n"
                    "thôn;Thôn A;2024;120;=1+2\nthôn;Thôn B;2024;nhiều;\n", encoding="utf-8-sig")
    out = tmp_path / "ket-qua.xlsx"
    r = run_antt("assess", str(path), "--format", "xlsx-assessed", "-o", str(out))
    assert r.returncode == 2
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Kết quả đánh giá (antt)", "thon"]
    ws = wb["thon"]
    assert ws["E2"].value == "'=1+2" and ws["E2"].data_type == "s"  # a cell of the csv stays text
    assert ws["F1"].value == "Kết quả đánh giá" and ws["F2"].value == "THIẾU DỮ LIỆU"
    assert ws["F3"].value == "KHÔNG HỢP LỆ" and "nhiều" in ws["H3"].value


def test_assessed_needs_exactly_one_workbook(tmp_path, filled):
    r = run_antt("assess", str(BATCH), "-o", f"xlsx-assessed={tmp_path / 'x.xlsx'}")
    assert r.returncode == 2 and "assessed-one-sheet" in r.stderr
    assert not (tmp_path / "x.xlsx").exists()
    r = run_antt("assess", str(filled), "-o", f"xlsx-assessed={filled}")
    assert r.returncode == 2 and "tệp đầu vào" in r.stderr
