"""`antt new TYPE`: a blank record (YAML, every field commented), a blank spreadsheet, or the blank
bản đăng ký phấn đấu of the unit type (Word, `-o dang-ky.docx`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from antt_cli.cli import common
from antt_cli.cli.errors import UsageError

_BY_EXTENSION = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".csv": "csv", ".docx": "docx"}
_BINARY = ("xlsx", "docx")


def run(unit_type: str, lang: str, year: int | None, criteria_paths: list[Path] | None, *, fmt: str | None = None,
        output: Path | None = None, verbose: bool = False, templates: Path | None = None) -> int:
    from antt_cli.records.blank import render_template, sheet_template_csv, sheet_template_xlsx
    from antt_cli.report.output import Output

    if fmt is None:  # from the file's extension (kdc.xlsx is a workbook, never YAML text in an .xlsx)
        fmt = _BY_EXTENSION.get(os.path.splitext(str(output))[1].lower(), "yaml") if output else "yaml"
    if output is not None:
        common.check_targets([str(output)], [])
    if fmt in _BINARY and output is None and sys.stdout.isatty():
        raise UsageError("no-terminal", fmt=fmt, ext=f".{fmt}")
    if templates is not None and not templates.is_dir():
        raise UsageError("templates-missing", folder=str(templates))
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    tid = common.resolve_type(criteria, unit_type)
    ut = (criteria.unit_type(tid, year=year) if year else None) or criteria.latest(tid)
    payload = None
    if fmt == "docx":  # rendered before the file is opened: a broken template leaves nothing behind
        import datetime as dt

        from antt_cli.report.dossier_writer import blank_registration

        folder = str(templates) if templates else common.pack_templates(criteria_paths)
        payload = blank_registration(ut, lang, year or dt.date.today().year, folder)
    out = Output(str(output) if output else None, binary=fmt in _BINARY, bom=fmt == "csv")
    try:
        f = out.open()
        if payload is not None:
            f.write(payload)
        elif fmt == "xlsx":
            f.write(sheet_template_xlsx(ut, lang, year))
        elif fmt == "csv":
            f.write(sheet_template_csv(ut, lang, year))
        else:
            f.write(render_template(ut, lang, year))
        out.commit()
    except BaseException:
        out.discard()
        raise
    return 0
