"""How values read from a record are shown to people: Vietnamese numbers (decimal comma), dates as
dd/mm/yyyy, yes/no as có/không, with the fact's unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from antt_cli.text import printable
from antt_cli.words import Words, pick

class _Nothing:
    """'There is none' — a fact answered "không có" (no resolution, no rating), which is not the same
    as a fact not given (None: thiếu dữ liệu)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NONE"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "NONE"  # unpickles as this module's NONE: there is only one


NONE = _Nothing()
# how "there is none" is written in a record or a spreadsheet cell (compared folded)
NONE_WORDS = frozenset({"không có", "khong co", "không", "khong", "none", "no", "chưa có", "chua co"})

WORDS = Words({
    "none": ("không có", "none"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "absent": ("(chưa có số liệu)", "(not given)"),  # a blank, not "không có" (there is none)
    "huge": ("(số quá lớn)", "(a number too large to show)"),
})


def format_value(value: Any, lang: str, unit: Any = None) -> str:
    if value is None:
        return WORDS("absent", lang)
    if value is NONE:
        return WORDS("none", lang)
    if isinstance(value, bool):
        return WORDS("yes" if value else "no", lang)
    if type(value) is int:
        text = str(value) if value.bit_length() <= 333 else WORDS("huge", lang)
        return f"{text} {pick(unit, lang)}" if unit is not None else text
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = printable(value) if isinstance(value, str) else str(value)
    if lang == "vi" and isinstance(value, float):
        text = text.replace(".", ",")
    if unit is not None and isinstance(value, (int, float)):
        text += f" {pick(unit, lang)}"
    return text


def percent_text(fraction: Any, lang: str) -> str:
    """A share as people write it: one decimal, no trailing zero, decimal comma in Vietnamese."""
    text = f"{float(fraction):.1f}".rstrip("0").rstrip(".") + "%"
    return text.replace(".", ",") if lang == "vi" else text
