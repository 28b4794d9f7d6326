"""Configuration: `antt.toml`, or `[tool.antt]` in `pyproject.toml`, found from the working
directory upwards (or named by ANTT_CONFIG). Precedence: command-line flag > environment
variable > configuration file > built-in default.

    # antt.toml
    criteria = ["criteria", "packs/thanh-hoa"]   # folders/files, relative to this file
    lang = "vi"                                    # vi | en
    format = "table"                               # antt assess output: any format of `antt assess --help`

    [limits]                                       # optional: antt_cli.limits (depth, digits, file_bytes, …)
    file_bytes = 16_000_000

The CLI turns the resolved values into click's `default_map`, so a flag or an environment
variable read by click still wins; `antt config show` tells where each value came from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antt_cli.problems import Messages, Problem

KEYS = ("criteria", "lang", "format", "limits")
ENV = {"criteria": "ANTT_CRITERIA", "lang": "ANTT_LANG", "format": "ANTT_FORMAT"}
DEFAULTS: dict[str, Any] = {"criteria": None, "lang": "vi", "format": "table", "limits": None}

MESSAGES = Messages({
    "config-syntax": ("lỗi cú pháp TOML: {detail}", "TOML syntax error: {detail}"),
    "config-unknown-key": ("khóa cấu hình không xác định '{key}'{hint}; các khóa: {choices}",
                           "unknown configuration key '{key}'{hint}; keys: {choices}"),
    "config-value": ("giá trị cấu hình '{key}' không hợp lệ: cần {expected}, có {found}",
                     "invalid configuration value for '{key}': expected {expected}, got {found}"),
    "file-not-found": ("không tìm thấy tệp", "file not found"),
    "file-unreadable": ("không đọc được tệp: {detail}", "cannot read file: {detail}"),
})


def choices(key: str) -> tuple[str, ...]:
    if key == "lang":
        return ("vi", "en")
    from antt_cli.report import registry  # the one list of formats

    return tuple(registry.names(units=True))


@dataclass
class Setting:
    value: Any
    source: str  # "default", "env ANTT_LANG", "antt.toml", "flag"


@dataclass
class Config:
    file: Path | None = None
    settings: dict[str, Setting] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, key: str) -> Any:
        return self.settings[key].value

    def default_map(self) -> dict[str, Any]:
        """click default_map for every command that has the option (unknown names are ignored)."""
        values: dict[str, Any] = {}
        if self.settings["criteria"].source != "default":
            values["criteria"] = [str(p) for p in self.get("criteria")]
        if self.settings["lang"].source != "default":
            values["lang"] = self.get("lang")
        common = dict(values)
        assess = dict(values)
        if self.settings["format"].source != "default":
            assess["format"] = self.get("format")
        commands = ("new", "test", "validate", "schema", "batch", "report")
        out: dict[str, Any] = {name: dict(common) for name in commands}
        out["assess"] = assess
        out["criteria"] = {name: dict(common) for name in ("check", "list", "show")}
        out["config"] = {"show": {}}
        return out


def find_config_file(start: Path | None = None) -> tuple[Path | None, str | None]:
    """(file, kind) where kind is "antt.toml" or "pyproject.toml"; ANTT_CONFIG wins."""
    named = os.environ.get("ANTT_CONFIG")
    if named:
        p = Path(named)
        return p, ("pyproject.toml" if p.name == "pyproject.toml" else "antt.toml")
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / "antt.toml").is_file():
            return d / "antt.toml", "antt.toml"
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                text = py.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if re.search(r"^\s*\[tool\.antt\]", text, re.M):
                return py, "pyproject.toml"
    return None, None


def load_config(start: Path | None = None, flags: dict[str, Any] | None = None) -> Config:
    cfg = Config()
    file, kind = find_config_file(start)
    table: dict[str, Any] = {}
    text = ""
    shown = ""
    if file is not None:
        cfg.file = file
        shown = _rel(file)
        table, text = _read(file, kind, shown, cfg.problems)
    where = f"{shown} [tool.antt]" if kind == "pyproject.toml" else shown
    for key in table:
        if key not in KEYS:
            line, col = _line_of(text, key)
            cfg.problems.append(MESSAGES.problem(shown, "config-unknown-key", line=line, col=col, key=key,
                                                 choices=", ".join(KEYS), hint=_hint(key)))
    for key in KEYS:
        setting = Setting(DEFAULTS[key], "default")
        if key in table:
            value = _check(key, table[key], shown, text, cfg.problems, base=file.parent if file else None)
            if value is not None:
                setting = Setting(value, where)
        env = os.environ.get(ENV[key]) if key in ENV else None
        if env:
            value = _check(key, env.split(os.pathsep) if key == "criteria" else env, ENV[key], "", cfg.problems,
                           base=Path.cwd())
            if value is not None:
                setting = Setting(value, f"env {ENV[key]}")
        if flags and flags.get(key) not in (None, []):
            setting = Setting(flags[key], "flag")
        cfg.settings[key] = setting
    return cfg


def _read(file: Path, kind: str | None, shown: str, problems: list[Problem]) -> tuple[dict[str, Any], str]:
    import tomllib

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(MESSAGES.problem(shown, "file-not-found"))
        return {}, ""
    except (OSError, UnicodeDecodeError) as e:
        problems.append(MESSAGES.problem(shown, "file-unreadable", detail=str(e)))
        return {}, ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        problems.append(MESSAGES.problem(shown, "config-syntax", line=int(m.group(1)) if m else None,
                                         col=int(m.group(2)) if m else None, detail=detail))
        return {}, text
    if kind == "pyproject.toml":
        data = data.get("tool", {}).get("antt", {})
        if not isinstance(data, dict):
            problems.append(MESSAGES.problem(shown, "config-value", key="tool.antt", expected="a table", found=repr(data)[:40]))
            return {}, text
    return data, text


def _check(key: str, value: Any, shown: str, text: str, problems: list[Problem], base: Path | None) -> Any:
    def bad(expected: str) -> None:
        line, col = _line_of(text, key)
        problems.append(MESSAGES.problem(shown, "config-value", line=line, col=col, key=key, expected=expected,
                                         found=repr(value)[:60]))

    if key == "criteria":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            bad("a list of folders or files")
            return None
        return [_under(base, v) for v in value]
    if key == "limits":
        from dataclasses import replace

        from antt_cli.limits import DEFAULT, Limits

        if not isinstance(value, dict) or any(k not in Limits.names() for k in value) or \
                any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in value.values()):
            bad("a table of positive whole numbers: " + ", ".join(Limits.names()))
            return None
        return replace(DEFAULT, **value)
    allowed = choices(key)
    if not isinstance(value, str) or value not in allowed:
        bad(" | ".join(allowed))
        return None
    return value


def _under(base: Path | None, value: str) -> Path:
    p = Path(value).expanduser()
    if not p.is_absolute() and base is not None:
        p = base / p
    return Path(_rel(p))


def _rel(p: Path) -> str:
    try:
        return os.path.relpath(p)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(p)


def _line_of(text: str, key: str) -> tuple[int | None, int | None]:
    for i, line in enumerate(text.splitlines(), 1):
        m = re.match(rf"^(\s*){re.escape(key)}\s*=", line)
        if m:
            return i, len(m.group(1)) + 1
    return None, None


def _hint(key: str) -> dict[str, str]:
    from antt_cli.text import closest
    from antt_cli.words import hint

    return hint(closest(key, KEYS))
