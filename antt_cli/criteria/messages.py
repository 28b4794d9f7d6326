"""Problem texts of criteria files: loading, compiling, packs, and the authoring checks."""

from __future__ import annotations

from antt_cli.criteria.conditions.base import MESSAGES as CONDITION_MESSAGES
from antt_cli.problems import Messages

MESSAGES = CONDITION_MESSAGES.merged(Messages({
    # files and structure
    "root-not-mapping": ("gốc của tệp phải là một ánh xạ (khóa: giá trị), không phải {found}",
                         "the file's root must be a mapping (key: value), not {found}"),
    "criteria-structure": ("{detail}", "{detail}"),
    "criteria-missing-key": ("thiếu khóa '{name}'", "missing key '{name}'"),
    "criteria-empty": ("không có tệp tiêu chí nào trong {path}", "no criteria files in {path}"),
    "criteria-not-found": ("không tìm thấy thư mục/tệp tiêu chí {path}", "criteria path not found: {path}"),
    "duplicate-id": ("mã '{id}' bị trùng (đã có ở {first})", "duplicate id '{id}' (first at {first})"),
    "cond-unknown-unit-type": ("loại đơn vị '{value}' không có trong tệp này", "unit type '{value}' is not defined in this file"),
    "window-invalid": ("mốc thời gian '{value}' không hợp lệ (cần MM-DD có thật)", "invalid window date '{value}' (expected a real MM-DD)"),
    # rule sets
    "ruleset-overlap": ("bộ tiêu chí cho '{type}' chồng lấn hiệu lực với {other}", "rule sets for '{type}' overlap in effective dates with {other}"),
    "ruleset-mismatch": ("các tệp cùng bộ '{id}' khai báo khác nhau về {what}", "files of rule set '{id}' disagree on {what}"),
    "ruleset-dates": ("effective_to {to} đứng trước effective_from {start}", "effective_to {to} is before effective_from {start}"),
    "ruleset-gap": ("không có bộ tiêu chí nào cho '{type}' có hiệu lực từ {start} đến {end} (giữa {before} và {after})",
                    "no rule set for '{type}' is in force from {start} to {end} (between {before} and {after})"),
    "national-missing-type": ("bộ tiêu chí quốc gia thiếu loại đơn vị '{type}' (cần đủ: {required})",
                              "the national set does not cover unit type '{type}' (required: {required})"),
    "national-pack-missing": ("đây là gói tỉnh '{pack}' nhưng chưa có bộ tiêu chí quốc gia nào được nạp; "
                              "dùng --criteria THƯ_MỤC_QUỐC_GIA --criteria {folder}",
                              "this is provincial pack '{pack}' but no national set is loaded; "
                              "use --criteria NATIONAL_DIR --criteria {folder}"),
    # vocabulary (the rule set's administrative words)
    "vocabulary-missing": ("bộ tiêu chí '{id}' chưa có từ vựng (khối `vocabulary:`: tên tiêu chuẩn, cách trích dẫn, "
                           "Quý I…); thêm tệp từ vựng của bộ này vào cùng thư mục (ví dụ {example})",
                           "rule set '{id}' has no vocabulary (a `vocabulary:` block: the standard's name, how citations "
                           "are written, Q1…); add the rule set's vocabulary file to the folder (e.g. {example})"),
    "vocabulary-twice": ("bộ tiêu chí '{id}' đã có từ vựng ở {first}", "rule set '{id}' already has a vocabulary at {first}"),
    "vocabulary-template": ("mẫu '{template}' không hợp lệ: {detail}", "invalid template '{template}': {detail}"),
    "vocabulary-header": ("trường đầu bản ghi '{name}' không tồn tại{hint}; có: {choices}",
                          "there is no record header field '{name}'{hint}; fields: {choices}"),
    "vocabulary-form": ("thiếu từ '{name}' của biểu mẫu (khối vocabulary.forms)", "missing form word '{name}' (vocabulary.forms)"),
    # provincial packs
    "pack-unknown-unit-type": ("gói '{pack}': loại đơn vị '{value}' không có trong bộ tiêu chí quốc gia{hint}",
                               "pack '{pack}': unit type '{value}' is not in the national set{hint}"),
    "pack-redefines-unit-type": ("gói '{pack}' không được thay đổi '{name}' của loại đơn vị quốc gia '{type}' "
                                 "(gói chỉ thêm dữ kiện và tiêu chí)",
                                 "pack '{pack}' must not change '{name}' of national unit type '{type}' "
                                 "(a pack only adds facts and criteria)"),
    "pack-redefines-fact": ("gói '{pack}' không được khai báo lại dữ kiện quốc gia '{fact}' của '{type}' (đã có ở {first}); "
                            "hãy dùng dữ kiện đó hoặc đặt tên khác",
                            "pack '{pack}' must not redeclare national fact '{fact}' of '{type}' (declared at {first}); "
                            "use it as it is or choose another name"),
    "pack-redefines-criterion": ("gói '{pack}' không được định nghĩa lại tiêu chí quốc gia '{id}' của '{type}' (đã có ở {first}); "
                                 "hãy đặt mã khác",
                                 "pack '{pack}' must not redefine national criterion '{id}' of '{type}' (defined at {first}); "
                                 "give it another id"),
    "pack-exclusion": ("gói tỉnh không được thêm trường hợp loại trừ (sẽ làm thay đổi kết quả theo bộ quốc gia)",
                       "a provincial pack cannot add exclusions (they would change the national outcome)"),
    "pack-no-version": ("gói '{pack}' (hiệu lực {start}–{end}) không trùng thời gian với bộ tiêu chí quốc gia nào của '{type}'",
                        "pack '{pack}' (in force {start}–{end}) overlaps no national rule set of '{type}'"),
    # citations and texts (authoring checks)
    "citation-point": ("điểm '{point}' không hợp lệ: cần một chữ cái thường (a, b, c, d, đ, e, g, h, i, k, …)",
                       "invalid point '{point}': expected one lower-case letter (a, b, c, d, đ, e, g, h, i, k, …)"),
    "citation-point-without-clause": ("trích dẫn có điểm '{point}' nhưng thiếu khoản", "the citation gives point '{point}' but no clause"),
    "text-missing-en": ("thiếu bản tiếng Anh (en) của {what}: bắt buộc với bộ tiêu chí quốc gia",
                        "missing English text (en) for {what}: required in the national set"),
    "text-blank": ("văn bản tiếng Việt (vi) không được để trống", "the Vietnamese text (vi) must not be blank"),
    "text-control": ("văn bản có ký tự điều khiển {char}", "the text holds a control character {char}"),
    # last year's value of a fact (previous_year_of)
    "previous-year-unknown": ("dữ kiện '{fact}' không có trong loại đơn vị '{unit_type}'{hint}",
                              "there is no fact '{fact}' in unit type '{unit_type}'{hint}"),
    "previous-year-self": ("'{fact}' không thể là số liệu năm trước của chính nó",
                           "'{fact}' cannot be last year's value of itself"),
    "previous-year-chain": ("'{fact}' đã là số liệu năm trước của '{other}'; hãy trỏ tới dữ kiện của "
                            "năm đánh giá", "'{fact}' is itself last year's value of '{other}'; name "
                            "the fact of the assessment year"),
    "previous-year-type": ("'{fact}' có kiểu {source_type}, '{name}' có kiểu {type}: hai dữ kiện phải "
                           "cùng kiểu", "'{fact}' is {source_type}, '{name}' is {type}: both facts must "
                           "hold the same kind of value"),
    "previous-year-values": ("'{fact}' và '{name}' phải có cùng các giá trị lựa chọn",
                             "'{fact}' and '{name}' must have the same choices"),
    "previous-year-kind": ("previous_year_of không dùng được cho dữ kiện kiểu {type} (chỉ: {kinds})",
                           "previous_year_of cannot be used on a fact of type {type} (only: {kinds})"),
    "fact-bounds": ("min {min} lớn hơn max {max}", "min {min} is greater than max {max}"),
}))
