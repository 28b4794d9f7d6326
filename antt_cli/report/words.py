"""The words of reports: headings, column names, summary lines (vi, en)."""

from __future__ import annotations

from antt_cli.engine.words import WORDS as RESULT_WORDS
from antt_cli.words import Words

WORDS = RESULT_WORDS.merged(Words({
    # one unit
    "unit": ("Đơn vị", "Unit"),
    "type": ("Loại", "Type"),
    "year": ("Năm đánh giá", "Assessment year"),
    "window": ("Kỳ đánh giá", "Assessment window"),
    "ruleset": ("Bộ tiêu chí", "Rule set"),
    "in_force_from": ("hiệu lực từ", "in force from"),
    "commune": ("Thuộc", "Commune"),
    "col.id": ("Mã", "ID"),
    "col.citation": ("Căn cứ", "Citation"),
    "col.title": ("Tiêu chí", "Criterion"),
    "col.status": ("Kết quả", "Status"),
    "verdict": ("Kết luận", "Verdict"),
    "reading": ("Cách hiểu", "Reading"),
    "exclusion": ("Không thuộc đối tượng áp dụng", "Not covered"),
    "summary.counts": ("{passed} đạt, {failed} chưa đạt, {incomplete} thiếu dữ liệu, {na} không áp dụng",
                       "{passed} pass, {failed} fail, {incomplete} incomplete, {na} not applicable"),
    # a batch
    "title": ("TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ", "ASSESSMENT SUMMARY"),
    "files": ("{inputs} tệp/dòng đầu vào: {units} đơn vị được đánh giá, {invalid} không hợp lệ",
              "{inputs} input files/rows: {units} units assessed, {invalid} invalid"),
    "by_type": ("Theo loại đơn vị", "By unit type"),
    "col.type": ("Loại đơn vị", "Unit type"),
    "col.total": ("Tổng", "Total"),
    "col.commune": ("{parent}", "{parent}"),
    "col.province": ("Tỉnh", "Province"),
    "col.units": ("Số đơn vị", "Units"),
    "col.passed": ("Đạt", "Pass"),
    "col.in_scope": ("Thuộc đối tượng", "In scope"),
    "col.rate": ("Tỷ lệ đạt", "Pass rate"),
    "col.commune_outcome": ("Kết quả của {parent_lower}", "The {parent_lower}'s outcome"),
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
    "col.name": ("Tên đơn vị", "Unit name"),
    "col.unit_code": ("Mã đơn vị", "Unit code"),
    "col.year": ("Năm", "Year"),
    "col.disagreements": ("Chênh lệch với số {parent_lower} ghi", "Disagreement with the {parent_lower}'s counts"),
    "communes": ("Theo {parent_lower} (đơn vị ghi `commune:`)", "By {parent_lower} (units naming it in `commune:`)"),
    "no_commune": ("(không ghi)", "(none given)"),
    "not_in_batch": ("(không có trong lô)", "(not in this batch)"),
    "failing": ("Đơn vị chưa đạt hoặc thiếu dữ liệu ({n})", "Units that did not pass or lack data ({n})"),
    "invalid": ("Tệp/dòng không hợp lệ ({n})", "Invalid files/rows ({n})"),
    "warnings": ("Lưu ý ({n})", "Warnings ({n})"),
    "rollup": ("Số đơn vị của {parent_lower} tính từ các đơn vị trong lô", "Counts of the {parent_lower} computed from the units in this batch"),
    "rollup.line": ("{commune}: {recognised}/{total} đơn vị thuộc đối tượng được công nhận (đã đăng ký: {registered})",
                    "{commune}: {recognised}/{total} in-scope units recognised (registered: {registered})"),
    "rollup.used": ("  → số dùng để đánh giá: {recognised}/{total} được công nhận (đã đăng ký: {registered}); "
                    "các đơn vị trong lô chưa đủ để tính", "  → figures used: {recognised}/{total} recognised (registered: "
                    "{registered}); the units of this batch do not settle them"),
    "rollup.disagree": ("  ! {field}: bản ghi ghi {stated}, tính từ lô được {computed}",
                        "  ! {field}: the record states {stated}, the batch gives {computed}"),
    "scope": ("Không thuộc đối tượng", "Out of scope"),
    "scope_undecided": ("Chưa xác định được thuộc đối tượng", "Scope undecided"),
    "total_row": ("Tổng cộng", "Total"),
    "sheet.summary": ("Tổng hợp", "Summary"),
    "sheet.units": ("Đơn vị", "Units"),
    "sheet.criteria": ("Tiêu chí chưa đạt", "Criteria not met"),
    "sheet.errors": ("Lỗi", "Errors"),
    "invalid_outcome": ("KHÔNG HỢP LỆ", "INVALID"),
    # the run, on stderr
    "written": ("Đã ghi {path}", "Wrote {path}"),
    "oneline": ("{units} đơn vị: {passed} đạt, {failed} chưa đạt, {incomplete} thiếu dữ liệu, {oos} không thuộc đối tượng; "
                "{invalid} tệp/dòng không hợp lệ",
                "{units} units: {passed} pass, {failed} fail, {incomplete} incomplete, {oos} out of scope; "
                "{invalid} invalid files/rows"),
    "progress": ("Đang đánh giá", "Assessing"),
}))
