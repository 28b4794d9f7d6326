"""Problem messages of criteria authoring (packs, `antt criteria check`, configuration).

They are added to antt_cli.i18n.PROBLEMS when this module is imported; antt_cli.i18n imports it
the first time it meets a code it does not know, so a Problem with one of these codes renders like
any other (`file:line:col: message [code]`) wherever it was raised.
"""

from __future__ import annotations

from antt_cli.i18n import PROBLEMS

MESSAGES: dict[str, tuple[str, str]] = {
    # rule sets
    "ruleset-dates": ("effective_to {to} đứng trước effective_from {start}", "effective_to {to} is before effective_from {start}"),
    "ruleset-gap": ("không có bộ tiêu chí nào cho '{type}' có hiệu lực từ {start} đến {end} (giữa {before} và {after})",
                    "no rule set for '{type}' is in force from {start} to {end} (between {before} and {after})"),
    "national-missing-type": ("bộ tiêu chí quốc gia thiếu loại đơn vị '{type}' (cần đủ: {required})",
                              "the national set does not cover unit type '{type}' (required: {required})"),
    "national-pack-missing": ("đây là gói tỉnh '{pack}' nhưng chưa có bộ tiêu chí quốc gia nào được nạp; "
                              "dùng --criteria THƯ_MỤC_QUỐC_GIA --criteria {folder}",
                              "this is provincial pack '{pack}' but no national set is loaded; "
                              "use --criteria NATIONAL_DIR --criteria {folder}"),
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
    # citations and texts
    "citation-point": ("điểm '{point}' không hợp lệ: cần một chữ cái thường (a, b, c, d, đ, e, g, h, i, k, …)",
                       "invalid point '{point}': expected one lower-case letter (a, b, c, d, đ, e, g, h, i, k, …)"),
    "citation-point-without-clause": ("trích dẫn có điểm '{point}' nhưng thiếu khoản", "the citation gives point '{point}' but no clause"),
    "text-missing-en": ("thiếu bản tiếng Anh (en) của {what}: bắt buộc với bộ tiêu chí quốc gia",
                        "missing English text (en) for {what}: required in the national set"),
    "text-blank": ("văn bản tiếng Việt (vi) không được để trống", "the Vietnamese text (vi) must not be blank"),
    "fact-bounds": ("min {min} lớn hơn max {max}", "min {min} is greater than max {max}"),
    "criterion-not-found": ("không có tiêu chí hay loại đơn vị nào tên '{name}'{hint}",
                            "no criterion or unit type named '{name}'{hint}"),
    # configuration
    "config-syntax": ("lỗi cú pháp TOML: {detail}", "TOML syntax error: {detail}"),
    "config-unknown-key": ("khóa cấu hình không xác định '{key}'{hint}; các khóa: {choices}",
                           "unknown configuration key '{key}'{hint}; keys: {choices}"),
    "config-value": ("giá trị cấu hình '{key}' không hợp lệ: cần {expected}, có {found}",
                     "invalid configuration value for '{key}': expected {expected}, got {found}"),
    # test cases
    "coverage-below": ("độ bao phủ tiêu chí {pct}% thấp hơn mức tối thiểu {min}%",
                       "criterion coverage {pct}% is below the minimum {min}%"),
}

for _code, _text in MESSAGES.items():
    PROBLEMS.setdefault(_code, _text)
