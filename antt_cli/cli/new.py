"""`antt new TYPE`: a blank record (YAML, every field commented) or a blank spreadsheet."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from antt_cli.cli import common
from antt_cli.cli.errors import UsageError

_BY_EXTENSION = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".csv": "csv"}


def run(unit_type: str, lang: str, year: int | None, criteria_paths: list[Path] | None, *, fmt: str | None = None,
        output: Path | None = None, verbose: bool = False) -> int:
    from antt_cli.records.blank import render_template, sheet_template_csv, sheet_template_xlsx
    from antt_cli.report.output import Output

    if fmt is None:  # from the file's extension (kdc.xlsx is a workbook, never YAML text in an .xlsx)
        fmt = _BY_EXTENSION.get(os.path.splitext(str(output))[1].lower(), "yaml") if output else "yaml"
    if output is not None:
        common.check_targets([str(output)], [])
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise UsageError("no-terminal", fmt="xlsx", ext=".xlsx")
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    tid = common.resolve_type(criteria, unit_type)
    ut = (criteria.unit_type(tid, year=year) if year else None) or criteria.latest(tid)
    out = Output(str(output) if output else None, binary=fmt == "xlsx", bom=fmt == "csv")
    try:
        f = out.open()
        if fmt == "xlsx":
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
