"""The words of results: outcomes and statuses, in both languages."""

from __future__ import annotations

from antt_cli.words import Words

WORDS = Words({
    "outcome.pass": ("ĐẠT", "MEETS THE STANDARD"),
    "outcome.fail": ("CHƯA ĐẠT", "DOES NOT YET MEET THE STANDARD"),
    "outcome.incomplete": ("THIẾU DỮ LIỆU", "INCOMPLETE DATA"),
    "outcome.out_of_scope": ("KHÔNG THUỘC ĐỐI TƯỢNG", "OUT OF SCOPE"),
    "status.pass": ("Đạt", "Pass"),
    "status.fail": ("Chưa đạt", "Fail"),
    "status.incomplete": ("Thiếu dữ liệu", "Incomplete"),
    "status.not_applicable": ("Không áp dụng", "Not applicable"),
})


def outcome_label(outcome: str, lang: str) -> str:
    return WORDS(f"outcome.{outcome}", lang)


def status_label(status: str, lang: str) -> str:
    return WORDS(f"status.{status}", lang)
