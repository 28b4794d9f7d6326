"""Located problems: the one shape every stage uses to report bad input.

A problem is a value, not an exception, so a batch can collect them and go on.
Messages are rendered late, in the user's language, from a code and parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    file: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    col: int | None = None
    field: str | None = None

    def message(self, lang: str = "vi") -> str:
        from antt_cli.i18n import problem_message

        return problem_message(self.code, self.params, lang)

    def location(self) -> str:
        loc = self.file
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        return loc

    def render(self, lang: str = "vi") -> str:
        """`file:line:col: message [code]`, the yamllint / compiler convention."""
        field = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {field}{self.message(lang)} [{self.code}]"

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "field": self.field,
            "code": self.code,
            "message": self.message(lang),
        }


class InputError(Exception):
    """Raised by the library when input is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(p.render("en") for p in self.problems[:3])


class CriteriaError(InputError):
    """The criteria files are invalid."""
