"""Words of the batch interface and its problem codes (vi, en).

The codes are added to antt_cli.i18n.PROBLEMS when this module is imported; antt_cli.i18n imports
it the first time it meets a code it does not know, so a Problem with one of them renders like any
other wherever it was raised (a worker process included).
"""

from __future__ import annotations

from typing import Any

from antt_cli.i18n import say, PROBLEMS

BATCH_PROBLEMS: dict[str, tuple[str, str]] = {
    "no-records": ("không có tệp bản ghi (*.yaml, *.yml) nào trong thư mục", "no record files (*.yaml, *.yml) in this folder"),
    "not-a-record-file": ("không đọc được loại tệp này: cần .yaml, .yml, .csv hoặc .xlsx",
                          "cannot read this kind of file: .yaml, .yml, .csv or .xlsx expected"),
    "duplicate-unit-code": ("đơn vị trùng mã '{code}' với {first}", "unit code '{code}' already used by {first}"),
    "duplicate-unit": ("đơn vị trùng (cùng loại, tên, xã, năm) với {first}",
                       "duplicate unit (same type, name, commune and year) as {first}"),
    # spreadsheets
    "sheet-unreadable": ("không đọc được bảng tính: {detail}", "cannot read the spreadsheet: {detail}"),
    "sheet-no-header": ("không có dòng tiêu đề (tên trường) trong trang tính", "no header row (field names) in this sheet"),
    "sheet-no-type": ("không xác định được loại đơn vị: thêm cột 'type' (Loại đơn vị) hoặc đặt tên trang tính là loại đơn vị ({choices})",
                      "cannot tell the unit type: add a 'type' column or name the sheet after the unit type ({choices})"),
    "sheet-unknown-column": ("cột không xác định '{key}'{hint}", "unknown column '{key}'{hint}"),
    "sheet-duplicate-column": ("cột '{key}' bị lặp (đã có ở cột {first})", "column '{key}' appears twice (first in column {first})"),
    "sheet-bad-cell": ("giá trị ô không hợp lệ '{value}': cần {expected}", "invalid cell value '{value}': expected {expected}"),
    "sheet-bad-list": ("không đọc được danh sách trong ô: {detail}", "cannot read the list in this cell: {detail}"),
    "sheet-empty": ("bảng tính không có dòng dữ liệu nào", "the spreadsheet has no data rows"),
    "sheet-too-large": ("bảng tính quá lớn (tối đa {limit} dòng)", "spreadsheet too large (at most {limit} rows)"),
}
PROBLEMS.update(BATCH_PROBLEMS)

UI: dict[str, tuple[str, str]] = {
    "title": ("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ", "ASSESSMENT SUMMARY"),
    "files": ("{inputs} tệp/dòng đầu vào: {units} đơn vị được đánh giá, {invalid} không hợp lệ",
              "{inputs} input files/rows: {units} units assessed, {invalid} invalid"),
    "by_type": ("Theo loại đơn vị", "By unit type"),
    "col.type": ("Loại đơn vị", "Unit type"),
    "col.total": ("Tổng", "Total"),
    "col.commune": ("Xã, phường, đặc khu", "Commune"),
    "col.province": ("Tỉnh", "Province"),
    "col.units": ("Số đơn vị", "Units"),
    "col.passed": ("Đạt", "Pass"),
    "col.in_scope": ("Thuộc đối tượng", "In scope"),
    "col.rate": ("Tỷ lệ đạt", "Pass rate"),
    "col.commune_outcome": ("Kết quả của xã", "Commune's outcome"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.file": ("Tệp", "File"),
    "col.outcome": ("Kết quả", "Outcome"),
    "col.criteria": ("Tiêu chí chưa đạt / thiếu dữ liệu", "Criteria failed / incomplete"),
    "col.reasons": ("Lý do", "Reasons"),
    "col.location": ("Vị trí", "Location"),
    "col.field": ("Trường", "Field"),
    "col.message": ("Lỗi", "Error"),
    "col.code": ("Mã lỗi", "Error code"),
    "col.criterion": ("Tiêu chí", "Criterion"),
    "col.citation": ("Căn cứ", "Citation"),
    "col.status": ("Kết quả", "Status"),
    "communes": ("Theo xã, phường, đặc khu (đơn vị ghi `commune:`)", "By commune (units naming it in `commune:`)"),
    "no_commune": ("(không ghi xã)", "(no commune given)"),
    "not_in_batch": ("(không có trong lô)", "(not in this batch)"),
    "failing": ("Đơn vị chưa đạt hoặc thiếu dữ liệu ({n})", "Units that did not pass or lack data ({n})"),
    "invalid": ("Tệp/dòng không hợp lệ ({n})", "Invalid files/rows ({n})"),
    "duplicates": ("Đơn vị trùng ({n})", "Duplicate units ({n})"),
    "rollup": ("Số đơn vị của xã tính từ các đơn vị trong lô", "Commune counts computed from the units in this batch"),
    "rollup.line": ("{commune}: {recognised}/{total} đơn vị thuộc đối tượng được công nhận (đã đăng ký: {registered})",
                    "{commune}: {recognised}/{total} in-scope units recognised (registered: {registered})"),
    "rollup.disagree": ("  ! {field}: bản ghi của xã ghi {stated}, tính từ lô được {computed}",
                        "  ! {field}: the commune's record states {stated}, the batch gives {computed}"),
    "rollup.reason": ("Tính từ {n} đơn vị trong lô ghi thuộc {commune}: {total} thuộc đối tượng, {registered} đã đăng ký, {recognised} đạt{stated}",
                      "Computed from {n} units in this batch that name {commune}: {total} in scope, {registered} registered, {recognised} passed{stated}"),
    "rollup.stated": ("; bản ghi của xã ghi {values}", "; the commune's record states {values}"),
    "rollup.none": ("{commune}: không có đơn vị thuộc đối tượng nào trong lô; dùng số liệu xã tự ghi",
                    "{commune}: no in-scope units in this batch; the commune's own counts are used"),
    "rollup.warning": ("{file}: {field}: bản ghi của xã ghi {stated}, tính từ {n} đơn vị trong lô được {computed} (dùng số tính được)",
                       "{file}: {field}: the commune's record states {stated}, {n} units in this batch give {computed} (the computed count is used)"),
    "written": ("Đã ghi {path}", "Wrote {path}"),
    "oneline": ("{units} đơn vị: {passed} đạt, {failed} chưa đạt, {incomplete} thiếu dữ liệu, {oos} không thuộc đối tượng; {invalid} tệp/dòng không hợp lệ",
                "{units} units: {passed} pass, {failed} fail, {incomplete} incomplete, {oos} out of scope; {invalid} invalid files/rows"),
    "progress": ("Đang đánh giá", "Assessing"),
    "scope": ("Không thuộc đối tượng", "Out of scope"),
    "scope_undecided": ("Chưa xác định được thuộc đối tượng", "Scope undecided"),
    "total_row": ("Tổng cộng", "Total"),
    "sheet.summary": ("Tổng hợp", "Summary"),
    "sheet.units": ("Đơn vị", "Units"),
    "sheet.criteria": ("Tiêu chí chưa đạt", "Criteria not met"),
    "sheet.communes": ("Theo xã", "By commune"),
    "sheet.errors": ("Lỗi", "Errors"),
    "col.name": ("Tên đơn vị", "Unit name"),
    "col.unit_code": ("Mã đơn vị", "Unit code"),
    "col.year": ("Năm", "Year"),
    "col.outcome_id": ("outcome", "outcome"),
    "col.disagreements": ("Chênh lệch với số xã ghi", "Disagreement with the commune's counts"),
    "invalid_outcome": ("KHÔNG HỢP LỆ", "INVALID"),
}


def ui(key: str, lang: str = "vi", **params: Any) -> str:
    return say(UI, key, lang, **params)
