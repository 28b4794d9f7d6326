"""`antt config show`, and the hook that turns the configuration into option defaults."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from antt_cli.words import Words

WORDS = Words({
    "file": ("Tệp cấu hình: {file}", "Configuration file: {file}"),
    "none": ("Tệp cấu hình: không có (tìm antt.toml hoặc [tool.antt] trong pyproject.toml từ thư mục hiện tại trở lên)",
             "Configuration file: none (looked for antt.toml or [tool.antt] in pyproject.toml from here upwards)"),
    "default": ("mặc định", "default"),
    "bundled": ("bộ tiêu chí kèm theo", "the bundled criteria"),
    "flag": ("tham số dòng lệnh", "command-line flag"),
})


def _t(key: str, lang: str, **params: Any) -> str:
    return WORDS(key, lang, **params)


def apply(ctx: Any) -> None:
    """Called by the root callback: read the configuration, stop on a bad one (exit 2)."""
    import typer

    from antt_cli.config import load_config

    cfg = load_config()
    if cfg.problems:
        lang = cfg.settings.get("lang").value if cfg.settings.get("lang") else "vi"
        for p in cfg.problems:
            print(p.render(lang if lang in ("vi", "en") else "vi"), file=sys.stderr)
        raise typer.Exit(2)
    defaults = cfg.default_map()
    if ctx.default_map:
        defaults.update(ctx.default_map)
    ctx.default_map = defaults


def show(lang: str | None, fmt: str | None, criteria: list[Path] | None) -> int:  # noqa: C901
    from antt_cli.config import load_config

    cfg = load_config(flags={"lang": lang, "format": fmt, "criteria": criteria})
    ui_lang = cfg.get("lang")
    rows = []
    for key, setting in cfg.settings.items():
        value = setting.value
        if key == "criteria":
            value = ", ".join(str(p) for p in value) if value else _t("bundled", ui_lang)
        elif key == "limits":
            from dataclasses import asdict

            value = ", ".join(f"{k}={v}" for k, v in asdict(value).items()) if value else _t("default", ui_lang)
        source = {"default": _t("default", ui_lang), "flag": _t("flag", ui_lang)}.get(setting.source, setting.source)
        rows.append((key, str(value), source))
    print(_t("file", ui_lang, file=cfg.file) if cfg.file else _t("none", ui_lang))
    width = max(len(r[1]) for r in rows)
    for key, value, source in rows:
        print(f"  {key:<8} = {value:<{width}}   ({source})")
    return 0
