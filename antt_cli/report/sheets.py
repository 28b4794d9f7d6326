"""What the two workbook formats share (`xlsx`, the report; `xlsx-assessed`, the input workbook
judged): the colours of outcomes, safe cell values, row heights for wrapped text, the words of their
columns."""

from __future__ import annotations

import math
import re
from typing import Any

from antt_cli.report.output import neutralise
from antt_cli.words import Words

# fill and font colour of each outcome (and of an input that could not be assessed)
FILL = {"pass": "E2EFDA", "fail": "F8CBAD", "incomplete": "FFE699", "out_of_scope": "EDEDED", "invalid": "FF9F9F"}
INK = {"pass": "375623", "fail": "9C0006", "incomplete": "7F6000", "out_of_scope": "404040", "invalid": "7B0000"}
HEAD_FILL = "DDEBF7"
FONT = "Times New Roman"   # the font of Vietnamese administrative documents
SIZE = 12
LINE = 15.75               # points per line of 12-point text
MAX_LINES = 15             # a row grows to at most this many lines (the rest is in the cell, shown when selected)
MAX_ROWS = 1_048_576       # rows in a worksheet (Excel)

WORDS = Words({
    "col.failed": ("Tiêu chí chưa đạt", "Criteria failed"),
    "col.incomplete": ("Tiêu chí thiếu dữ liệu", "Criteria lacking data"),
    "col.scope": ("Không thuộc đối tượng (lý do)", "Out of scope (why)"),
    "col.found": ("Số liệu thực tế", "Found"),
    "col.required": ("Yêu cầu", "Required"),
    "col.line": ("Dòng", "Line"),
    "col.col": ("Cột", "Column"),
    "col.out_of_scope": ("Không thuộc đối tượng", "Out of scope"),
    "col.threshold": ("Ngưỡng ({ref})", "Threshold ({ref})"),
    "col.meets": ("Đạt ngưỡng", "Meets it"),
    "col.rate_type": ("Tỷ lệ đạt (trong số thuộc đối tượng)", "Pass rate (of those in scope)"),
    "meets.yes": ("Đạt", "Yes"),
    "meets.no": ("Chưa đạt", "No"),
    "meets.unknown": ("Chưa rõ (còn đơn vị thiếu dữ liệu)", "Not yet known (units lack data)"),
    "sheet.communes": ("Theo {parent_lower}", "By {parent_lower}"),
    "sheet.communes_short": ("Theo xã", "By commune"),
    "sheet.warnings": ("Lưu ý", "Warnings"),
    "ruleset": ("Bộ tiêu chí: {instrument} (hiệu lực từ {date})", "Rule set: {instrument} (in force from {date})"),
    "line.note": ("Ngưỡng: từ {percent}% trở lên số đơn vị thuộc đối tượng được công nhận đạt ({ref}, tiêu chí "
                  "{criterion}); tỷ lệ = số đơn vị đạt / số đơn vị thuộc đối tượng do {parent_lower} quản lý trong lô.",
                  "Threshold: {percent}% or more of the units in scope recognised ({ref}, criterion {criterion}); "
                  "rate = units that pass / units in scope that the {parent_lower} manages, in this batch."),
    "chart.title": ("Tỷ lệ đơn vị đạt theo {parent_lower} — ngưỡng {percent}% ({ref})",
                    "Share of units that pass by {parent_lower} — threshold {percent}% ({ref})"),
    "chart.rate": ("Tỷ lệ đạt", "Pass rate"),
    "chart.line": ("Ngưỡng {percent}%", "Threshold {percent}%"),
    "counts": ("{invalid} tệp/dòng không hợp lệ (trang “{errors}”), {warnings} lưu ý (trang “{warnings_sheet}”)",
               "{invalid} invalid files/rows (sheet “{errors}”), {warnings} warnings (sheet “{warnings_sheet}”)"),
    "truncated": ("Trang “{sheet}” đã đầy ({rows} dòng, giới hạn của Excel): {n} dòng không ghi được; dùng "
                  "--format csv hoặc jsonl cho lô này",
                  "The sheet “{sheet}” is full ({rows} rows, Excel's limit): {n} rows were not written; use "
                  "--format csv or jsonl for this batch"),
})

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell(v: Any) -> Any:
    """A value as a workbook may hold it: characters a workbook cannot hold replaced, at most
    32 767 characters, and text a spreadsheet would run as a formula made plain text."""
    if isinstance(v, str):
        v = _ILLEGAL.sub("\ufffd", v)
        if len(v) > 32_767:
            v = v[:32_760] + "…"
    return neutralise(v)


def lines(text: Any, width: float) -> int:
    """How many lines `text` takes, wrapped in a column `width` characters wide."""
    if not isinstance(text, str) or not text:
        return 1
    per = max(1, int(width * 1.2))
    return sum(max(1, math.ceil(len(part) / per)) for part in text.split("\n"))


def height(n_lines: int) -> float | None:
    """The row height for wrapped text of n lines (None: the default height)."""
    return None if n_lines <= 1 else LINE * min(n_lines, MAX_LINES)


MEETS_STYLE = {"yes": "pass", "no": "fail", "unknown": "incomplete"}


def meets_line(c: dict[str, Any], percent: float) -> str:
    """Whether a commune's units reach the threshold — yes, no, or unknown while units that lack data
    could still tip it either way (the same three values as a criterion)."""
    if not c["in_scope"]:
        return "unknown"
    if c["pass"] * 100 >= percent * c["in_scope"]:
        return "yes"
    if (c["pass"] + c["incomplete"]) * 100 >= percent * c["in_scope"]:
        return "unknown"
    return "no"
