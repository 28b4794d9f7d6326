"""`antt new [TYPE…]`: a blank record (YAML, every field commented), a blank csv, a blank workbook, or
the blank bản đăng ký phấn đấu of the unit type (Word, `-o dang-ky.docx`).

The workbook (`--format xlsx`, or `-o FILE.xlsx`) is for the unit types named, or, with no TYPE,
for a whole commune: a sheet for every unit type, a sheet per register (Vụ việc: one row per
incident, linked to its unit by the unit's code) and a guide. A YAML record, a csv or the
registration form is for one unit type.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from antt_cli.cli import common
from antt_cli.cli.errors import UsageError

_BY_EXTENSION = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx", ".csv": "csv", ".docx": "docx"}
_BINARY = ("xlsx", "docx")


def run(unit_types: list[str] | None, lang: str, year: int | None, criteria_paths: list[Path] | None, *,
        fmt: str | None = None, output: Path | None = None, verbose: bool = False, templates: Path | None = None) -> int:
    from antt_cli.records.blank import render_template, sheet_template_csv, workbook_template
    from antt_cli.report.output import Output

    names = list(unit_types or [])
    if fmt is None:  # from the file's extension (kdc.xlsx is a workbook, never YAML text in an .xlsx)
        fmt = _BY_EXTENSION.get(os.path.splitext(str(output))[1].lower(), "yaml") if output else "yaml"
    if fmt != "xlsx" and len(names) != 1:
        raise UsageError("new-one-type", fmt=fmt)
    if output is not None:
        common.check_targets([str(output)], [])
    if fmt in _BINARY and output is None and sys.stdout.isatty():
        raise UsageError("no-terminal", fmt=fmt, ext=f".{fmt}")
    if templates is not None and not templates.is_dir():
        raise UsageError("templates-missing", folder=str(templates))
    criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
    tids = list(dict.fromkeys(common.resolve_type(criteria, n) for n in names)) or _commune_order(criteria)
    uts = [(criteria.unit_type(t, year=year) if year else None) or criteria.latest(t) for t in tids]
    payload = None
    if fmt == "docx":  # rendered before the file is opened: a broken template leaves nothing behind
        import datetime as dt

        from antt_cli.report.dossier_writer import blank_registration

        folder = str(templates) if templates else common.pack_templates(criteria_paths)
        payload = blank_registration(uts[0], lang, year or dt.date.today().year, folder)
    out = Output(str(output) if output else None, binary=fmt in _BINARY, bom=fmt == "csv")
    try:
        f = out.open()
        if payload is not None:
            f.write(payload)
        elif fmt == "xlsx":
            f.write(workbook_template(uts, lang, year, file=os.path.basename(str(output)) if output else "xa.xlsx"))
        elif fmt == "csv":
            f.write(sheet_template_csv(uts[0], lang, year))
        else:
            f.write(render_template(uts[0], lang, year))
        out.commit()
    except BaseException as e:
        out.discard()
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):
            raise common.write_failed(e, str(output) if output else None) from None
        raise
    return 0


def _commune_order(criteria: object) -> list[str]:
    """Every unit type, the commune's own first, then its units in the order its roll-up names them."""
    found = criteria.rollup()  # type: ignore[attr-defined]
    order = [found[0], *found[1].of] if found else []
    return list(dict.fromkeys([t for t in order if t in criteria.type_ids()] + criteria.type_ids()))  # type: ignore[attr-defined]
