"""Located problems: the one shape every stage uses to report bad input.

A problem is a value, not an exception, so a batch can collect them and go on. It carries its
own message templates (vi, en), so it renders the same wherever it travels (another process, a
report) without any global table. Each stage declares its problems in a `Messages` table beside
its code:

    MESSAGES = Messages({"bad-date": ("ngày không hợp lệ '{value}'", "invalid date '{value}'")})
    raise InputError([MESSAGES.at(parsed, "bad-date", ("party_resolution_date",), value=v)])

Bottom layer: imports nothing of antt_cli except the text and word helpers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Protocol

from antt_cli.text import printable
from antt_cli.words import pick

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    line: int | None = None
    col: int | None = None
    field: str | None = None
    text: tuple[str, str] = ("{code}", "{code}")  # (vi, en) templates of the message
    level: str = ERROR                             # error | warning

    def message(self, lang: str = "vi") -> str:
        template = self.text[1] if lang == "en" else self.text[0]
        values = {k: printable(pick(v, lang) if isinstance(v, Mapping) else v) for k, v in self.params.items()}
        values.setdefault("code", self.code)
        values.setdefault("hint", "")
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):  # a missing parameter must never hide the problem
            return f"{template} {values}"

    def location(self) -> str:
        loc = printable(self.file)
        if self.line is not None:
            loc += f":{self.line}"
            if self.col is not None:
                loc += f":{self.col}"
        return loc

    def render(self, lang: str = "vi") -> str:
        """`file:line:col: field: message [code]`, the yamllint / compiler convention; one line."""
        name = f"{printable(self.field)}: " if self.field else ""
        return f"{self.location()}: {name}{self.message(lang)} [{self.code}]"

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "col": self.col, "field": self.field, "code": self.code,
                "message": self.message(lang), "level": self.level}

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line or 0, self.col or 0, self.code)


class Locator(Protocol):
    """Anything that can place a path of a document (yamlsrc.Parsed, a spreadsheet row)."""

    source: str

    def locate(self, path: tuple[Any, ...], *, key: bool = False) -> tuple[int | None, int | None, str | None]: ...


class Messages:
    """A stage's problem texts: code → (vi, en) templates."""

    __slots__ = ("table",)

    def __init__(self, table: Mapping[str, tuple[str, str]]) -> None:
        self.table = dict(table)

    def __contains__(self, code: str) -> bool:
        return code in self.table

    def problem(self, file: str, code: str, /, *, line: int | None = None, col: int | None = None,
                field: str | None = None, level: str = ERROR, **params: Any) -> Problem:
        return Problem(file, code, params, line, col, field, self.table[code], level)

    def at(self, where: Locator, code: str, path: tuple[Any, ...] = (), /, *, key: bool = False, level: str = ERROR,
           **params: Any) -> Problem:
        """A problem placed at `path` of a parsed document (its line, column and field name). A document
        read from several places (a spreadsheet row and its register's own sheet) says which holds the
        path (`source_of`)."""
        line, col, name = where.locate(tuple(path), key=key)
        source_of = getattr(where, "source_of", None)
        file = source_of(tuple(path)) if source_of is not None else where.source
        return Problem(file, code, params, line, col, name, self.table[code], level)

    def merged(self, other: "Messages") -> "Messages":
        return Messages({**self.table, **other.table})


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    """By file, line and column; the same problem reported twice is kept once."""
    seen: set[str] = set()
    out = []
    for p in sorted(problems, key=Problem.sort_key):
        key = p.render("en")
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


class InputError(Exception):
    """Raised by the library when input is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(p.render("en") for p in self.problems[:3])


class CriteriaError(InputError):
    """The criteria files are invalid."""
