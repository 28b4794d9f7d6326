"""User-facing strings of the tool itself, in Vietnamese and English.

Legal content (criteria, labels of facts, notes) is not here: it comes from
criteria/*.yaml. This module holds the words of the interface and of problems.
"""

from __future__ import annotations

from typing import Any

LANGS = ("vi", "en")


def pick(text: Any, lang: str) -> str:
    """A bilingual mapping {vi, en} (or an object with .vi/.en) in the language asked, falling back to vi."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        return text.get(lang) or text.get("vi") or ""
    return getattr(text, lang, None) or getattr(text, "vi", "") or ""


PROBLEMS: dict[str, tuple[str, str]] = {
    # files and YAML
    "file-not-found": ("không tìm thấy tệp", "file not found"),
    "is-directory": ("đây là thư mục, không phải tệp", "is a directory, not a file"),
    "file-unreadable": ("không đọc được tệp: {detail}", "cannot read file: {detail}"),
    "not-utf8": ("tệp không phải UTF-8 (byte {byte}); hãy lưu lại tệp với mã hóa UTF-8",
                 "file is not UTF-8 (byte {byte}); save it again as UTF-8"),
    "yaml-syntax": ("lỗi cú pháp YAML: {detail}", "YAML syntax error: {detail}"),
    "yaml-value": ("giá trị không hợp lệ '{value}': {detail}", "invalid value '{value}': {detail}"),
    "yaml-tag": ("thẻ YAML không được phép: {tag}", "YAML tag not allowed: {tag}"),
    "yaml-too-large": ("tệp YAML quá lớn hoặc có quá nhiều alias (giới hạn {limit} nút)",
                       "YAML document too large or too many aliases (limit {limit} nodes)"),
    "yaml-recursive": ("alias YAML đệ quy không được phép", "recursive YAML alias is not allowed"),
    "yaml-merge": ("khóa gộp '<<' phải trỏ tới một ánh xạ", "merge key '<<' must refer to a mapping"),
    "yaml-complex-key": ("khóa phải là một giá trị đơn", "keys must be plain scalars"),
    "yaml-unsupported": ("nút YAML không hỗ trợ: {tag}", "unsupported YAML node: {tag}"),
    "duplicate-key": ("khóa '{name}' bị lặp (đã có ở dòng {first_line})",
                      "duplicate key '{name}' (first at line {first_line})"),
    # records
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
    "missing-field": ("thiếu trường bắt buộc", "required field is missing"),
    "wrong-type": ("kiểu sai: cần {expected}, nhận được {found}", "wrong type: expected {expected}, got {found}"),
    "too-small": ("giá trị {value} nhỏ hơn mức tối thiểu {limit}", "value {value} is below the minimum {limit}"),
    "too-large": ("giá trị {value} lớn hơn mức tối đa {limit}", "value {value} is above the maximum {limit}"),
    "bad-choice": ("giá trị '{value}' không hợp lệ{hint}; chọn một trong: {choices}",
                   "invalid value '{value}'{hint}; choose one of: {choices}"),
    "bad-date": ("ngày không hợp lệ '{value}': dùng dạng 2024-02-20 hoặc 20/02/2024",
                 "invalid date '{value}': use 2024-02-20 or 20/02/2024"),
    "empty-text": ("không được để trống", "must not be empty"),
    "invalid-value": ("giá trị không hợp lệ: {detail}", "invalid value: {detail}"),
    "constraint": ("{message}", "{message}"),
    # criteria
    "criteria-structure": ("{detail}", "{detail}"),
    "criteria-unknown-key": ("khóa không xác định '{name}'{hint}", "unknown key '{name}'{hint}"),
    "criteria-missing-key": ("thiếu khóa '{name}'", "missing key '{name}'"),
    "criteria-empty": ("không có tệp tiêu chí nào trong {path}", "no criteria files in {path}"),
    "criteria-not-found": ("không tìm thấy thư mục/tệp tiêu chí {path}", "criteria path not found: {path}"),
    "duplicate-id": ("mã '{id}' bị trùng (đã có ở {first})", "duplicate id '{id}' (first at {first})"),
    "cond-kind": ("điều kiện không hợp lệ: cần đúng một trong {kinds}{hint}, có {found}",
                  "invalid condition: expected exactly one of {kinds}{hint}, got {found}"),
    "cond-empty": ("'{kind}' phải có ít nhất một điều kiện con", "'{kind}' needs at least one child condition"),
    "cond-unknown-fact": ("dữ kiện '{fact}' chưa được khai báo cho loại đơn vị '{unit_type}'{hint}",
                          "fact '{fact}' is not declared for unit type '{unit_type}'{hint}"),
    "cond-operator": ("cần đúng một toán tử cho dữ kiện '{fact}' (kiểu {type}): {allowed}; có {found}",
                      "expected exactly one operator for fact '{fact}' (type {type}): {allowed}; got {found}"),
    "cond-value": ("giá trị so sánh không hợp lệ cho '{fact}' (kiểu {type}): {detail}",
                   "invalid comparison value for '{fact}' (type {type}): {detail}"),
    "cond-percent": ("ngưỡng phần trăm {value} phải trong khoảng 0–100", "percentage {value} must be within 0–100"),
    "cond-type-mismatch": ("không thể so sánh '{fact}' ({type}) với '{other}' ({other_type})",
                           "cannot compare '{fact}' ({type}) with '{other}' ({other_type})"),
    "cond-unknown-unit-type": ("loại đơn vị '{value}' không có trong tệp này", "unit type '{value}' is not defined in this file"),
    "window-invalid": ("mốc thời gian '{value}' không hợp lệ (cần MM-DD có thật)", "invalid window date '{value}' (expected a real MM-DD)"),
    "ruleset-overlap": ("bộ tiêu chí cho '{type}' chồng lấn hiệu lực với {other}", "rule sets for '{type}' overlap in effective dates with {other}"),
    "ruleset-mismatch": ("các tệp cùng bộ '{id}' khai báo khác nhau về {what}", "files of rule set '{id}' disagree on {what}"),
    # cases
    "case-unknown-base": ("không có ca kiểm thử tên '{base}'", "no test case named '{base}'"),
    "case-invalid": ("ca kiểm thử không hợp lệ: {detail}", "invalid test case: {detail}"),
    "case-unknown-criterion": ("tiêu chí '{id}' không có cho loại '{type}'", "criterion '{id}' does not exist for type '{type}'"),
}


# Problem texts of criteria authoring and of batches live beside their code; they register
# themselves into PROBLEMS when imported, and are imported here the first time a code is unknown,
# so a problem renders the same wherever it was raised (even in another process).
_EXTRA_TABLES = ("antt_cli.criteria.messages", "antt_cli.batch.messages")


def _load_extra_tables() -> None:
    import importlib

    for name in _EXTRA_TABLES:
        importlib.import_module(name)


def problem_message(code: str, params: dict[str, Any], lang: str) -> str:
    if code not in PROBLEMS:
        _load_extra_tables()
    vi, en = PROBLEMS.get(code, ("{code}", "{code}"))
    template = en if lang == "en" else vi
    values = {k: pick(v, lang) if isinstance(v, dict) else v for k, v in params.items()}
    values.setdefault("code", code)
    values.setdefault("hint", "")
    try:
        return template.format(**values)
    except (KeyError, IndexError):  # a missing parameter must never hide the problem
        return f"{template} {values}"


def hint(suggestion: str | None, lang: str = "vi") -> dict[str, str]:
    """The ' — did you mean …?' tail, as a bilingual parameter."""
    if not suggestion:
        return {"vi": "", "en": ""}
    return {"vi": f" — có phải ý bạn là '{suggestion}'?", "en": f" — did you mean '{suggestion}'?"}


UI: dict[str, tuple[str, str]] = {
    "outcome.pass": ("ĐẠT", "MEETS THE STANDARD"),
    "outcome.fail": ("CHƯA ĐẠT", "DOES NOT YET MEET THE STANDARD"),
    "outcome.incomplete": ("THIẾU DỮ LIỆU", "INCOMPLETE DATA"),
    "outcome.out_of_scope": ("KHÔNG THUỘC ĐỐI TƯỢNG", "OUT OF SCOPE"),
    "status.pass": ("Đạt", "Pass"),
    "status.fail": ("Chưa đạt", "Fail"),
    "status.incomplete": ("Thiếu dữ liệu", "Incomplete"),
    "status.not_applicable": ("Không áp dụng", "Not applicable"),
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
    "why": ("Lý do", "Why"),
    "exclusion": ("Không thuộc đối tượng áp dụng", "Not covered"),
    "summary.counts": ("{passed} đạt, {failed} chưa đạt, {incomplete} thiếu dữ liệu, {na} không áp dụng",
                       "{passed} pass, {failed} fail, {incomplete} incomplete, {na} not applicable"),
    "errors.header": ("Dữ liệu đầu vào không hợp lệ", "Invalid input"),
    "internal-error": ("lỗi nội bộ của antt: {detail}. Hãy báo lỗi; đặt ANTT_DEBUG=1 để xem chi tiết.",
                       "internal error in antt: {detail}. Please report it; set ANTT_DEBUG=1 for details."),
    # reasons
    "r.missing": ("Thiếu dữ liệu: {label} ({fact})", "Missing data: {label} ({fact})"),
    "r.cmp": ("{label}: {actual}; yêu cầu {op} {expected}", "{label}: {actual}; required {op} {expected}"),
    "r.cmp_fact": ("{label}: {actual}; yêu cầu {op} {other_label} ({expected})",
                   "{label}: {actual}; required {op} {other_label} ({expected})"),
    "r.rank": ("{label}: {actual}; yêu cầu {requirement}", "{label}: {actual}; required {requirement}"),
    "r.in": ("{label}: {actual}; yêu cầu một trong: {expected}", "{label}: {actual}; required one of: {expected}"),
    "r.not_in": ("{label}: {actual}; yêu cầu không thuộc: {expected}", "{label}: {actual}; required none of: {expected}"),
    "r.period": ("{label}: {actual}; yêu cầu trong {period} ({start}–{end})", "{label}: {actual}; required within {period} ({start}–{end})"),
    "r.present": ("{label}: {actual}", "{label}: {actual}"),
    "r.contains_any": ("{label}: {actual}; yêu cầu có ít nhất một trong: {expected}", "{label}: {actual}; required at least one of: {expected}"),
    "r.subset_of": ("{label}: {actual}; chỉ gồm: {expected}", "{label}: {actual}; only: {expected}"),
    "r.ratio": ("{num_label}: {num}/{den} {unit} ({pct}); yêu cầu {op} {required}%",
                "{num_label}: {num}/{den} {unit} ({pct}); required {op} {required}%"),
    "r.ratio_zero": ("{den_label} bằng 0: không tính được tỷ lệ", "{den_label} is 0: the ratio is undefined"),
    "r.count": ("{label}: {count} vụ việc tính vào tiêu chí; yêu cầu {op} {expected}",
                "{label}: {count} counted incident(s); required {op} {expected}"),
    "r.count_item": ("  – {what}", "  – {what}"),
    "r.count_excused": ("{label}: {n} vụ việc được miễn trừ: {items}", "{label}: {n} incident(s) excused: {items}"),
    "r.count_outside": ("{n} vụ việc nằm ngoài kỳ đánh giá {start}–{end}, không tính: {items}",
                        "{n} incident(s) outside the window {start}–{end}, not counted: {items}"),
    "r.count_unknown": ("{n} vụ việc thiếu thông tin để xác định: {items}", "{n} incident(s) lack data to decide: {items}"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "absent": ("(không có)", "(none)"),
    "present_yes": ("đã có", "given"),
    "period.q1": ("Quý I năm {year}", "Q1 {year}"),
    "period.window": ("kỳ đánh giá", "the assessment window"),
    "op.ge_rank": ("từ “{x}” trở lên", "“{x}” or better"),
    "op.le_rank": ("không cao hơn “{x}”", "“{x}” or lower"),
    "op.gt_rank": ("cao hơn “{x}”", "better than “{x}”"),
    "op.lt_rank": ("thấp hơn “{x}”", "lower than “{x}”"),
}


# How each kind of value is described to a user (record errors, `antt new` comments).
TYPE_WORDS: dict[str, dict[str, str]] = {
    "boolean": {"vi": "có/không (true/false)", "en": "yes/no (true/false)"},
    "integer": {"vi": "một số nguyên", "en": "a whole number"},
    "number": {"vi": "một số", "en": "a number"},
    "date": {"vi": "một ngày (2024-02-20 hoặc 20/02/2024)", "en": "a date (2024-02-20 or 20/02/2024)"},
    "text": {"vi": "một chuỗi ký tự", "en": "text"},
    "list": {"vi": "một danh sách", "en": "a list"},
    "mapping": {"vi": "một ánh xạ (khóa: giá trị)", "en": "a mapping (key: value)"},
}


def say(table: dict[str, tuple[str, str]], key: str, lang: str = "vi", **params: Any) -> str:
    """The (vi, en) template of `key` in `table`, in `lang`, filled with `params`.
    Each stage keeps its own table of words beside its code; this is the one way they are read."""
    vi, en = table[key]
    template = en if lang == "en" else vi
    return template.format(**params) if params else template


def ui(key: str, lang: str = "vi", **params: Any) -> str:
    return say(UI, key, lang, **params)
