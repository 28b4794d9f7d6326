"""Problem texts of unit records (YAML and spreadsheets), and how kinds of value are named."""

from __future__ import annotations

from antt_cli.problems import Messages

MESSAGES = Messages({
    "empty-file": ("tệp rỗng: cần một bản ghi đơn vị (xem `antt new`)", "empty file: a unit record is expected (see `antt new`)"),
    "root-not-mapping": ("gốc của tệp phải là một ánh xạ (khóa: giá trị), không phải {found}",
                         "the file's root must be a mapping (key: value), not {found}"),
    "not-a-record": ("đây là {what}, không phải bản ghi đơn vị{hint}", "this is {what}, not a unit record{hint}"),
    "missing-type": ("thiếu trường 'type' (loại đơn vị: {choices})", "missing field 'type' (unit type: {choices})"),
    "unknown-type": ("loại đơn vị không xác định '{value}'{hint}; các loại: {choices}",
                     "unknown unit type '{value}'{hint}; types: {choices}"),
    "missing-year": ("thiếu năm đánh giá: thêm 'year: 2024' vào bản ghi hoặc dùng --year",
                     "missing assessment year: add 'year: 2024' to the record or use --year"),
    "no-ruleset": ("không có bộ tiêu chí nào cho '{type}' có hiệu lực vào ngày {date}",
                   "no rule set for '{type}' is in force on {date}"),
    "unknown-field": ("trường không xác định '{name}'{hint}", "unknown field '{name}'{hint}"),
    "too-many-unknown": ("và {n} trường không xác định khác", "and {n} more unknown fields"),
    "missing-field": ("thiếu trường bắt buộc", "required field is missing"),
    "wrong-type": ("kiểu sai: cần {expected}, nhận được {found}", "wrong type: expected {expected}, got {found}"),
    "too-small": ("giá trị {value} nhỏ hơn mức tối thiểu {limit}", "value {value} is below the minimum {limit}"),
    "too-large": ("giá trị {value} lớn hơn mức tối đa {limit}", "value {value} is above the maximum {limit}"),
    "bad-choice": ("giá trị '{value}' không hợp lệ{hint}; chọn một trong: {choices}",
                   "invalid value '{value}'{hint}; choose one of: {choices}"),
    "bad-date": ("ngày không hợp lệ '{value}': dùng dạng 2024-02-20 hoặc 20/02/2024",
                 "invalid date '{value}': use 2024-02-20 or 20/02/2024"),
    "empty-text": ("không được để trống", "must not be empty"),
    "control-char": ("có ký tự điều khiển {char} (không được phép trong trường một dòng)",
                     "contains the control character {char} (not allowed in a one-line field)"),
    "text-too-long": ("văn bản quá dài ({n} ký tự; tối đa {limit})", "text too long ({n} characters; at most {limit})"),
    "invalid-value": ("giá trị không hợp lệ: {detail}", "invalid value: {detail}"),
    "constraint": ("{message}", "{message}"),
    "too-many-problems": ("và {n} lỗi khác trong tệp này", "and {n} more problems in this file"),
})

# How each kind of value is described to a user (record errors, `antt new` comments).
TYPE_WORDS: dict[str, dict[str, str]] = {
    "boolean": {"vi": "có/không (true/false)", "en": "yes/no (có/không, true/false)"},
    "integer": {"vi": "một số nguyên", "en": "a whole number"},
    "number": {"vi": "một số", "en": "a number"},
    "date": {"vi": "một ngày (2024-02-20 hoặc 20/02/2024), hoặc `không có`",
             "en": "a date (2024-02-20 or 20/02/2024), or `không có` (none)"},
    "text": {"vi": "một chuỗi ký tự", "en": "text"},
    "list": {"vi": "một danh sách", "en": "a list"},
    "mapping": {"vi": "một ánh xạ (khóa: giá trị)", "en": "a mapping (key: value)"},
    "enum": {"vi": "một giá trị trong danh sách", "en": "one value of the list"},
    "enum_set": {"vi": "một danh sách giá trị", "en": "a list of values"},
    "events": {"vi": "một danh sách vụ việc", "en": "a list of incidents"},
}
