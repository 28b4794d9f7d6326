"""`antt schema TYPE | criteria`: JSON Schema for editors (yaml-language-server modeline)."""

from __future__ import annotations

import json
from pathlib import Path

from antt_cli.cli import common


def run(name: str, lang: str, year: int | None, as_of: str | None, criteria_paths: list[Path] | None,
        output: Path | None = None, verbose: bool = False) -> int:
    from antt_cli.report.output import Output

    if output is not None:
        common.check_targets([str(output)], [])
    if name == "criteria":
        from antt_cli.criteria.schema import criteria_schema

        doc = criteria_schema()
    else:
        from antt_cli.records.schema import record_schema

        date = common.parse_date(as_of)
        criteria = common.load(criteria_paths, verbose=verbose, lang=lang)
        ut = common.unit_type(criteria, common.resolve_type(criteria, name), year, date)
        doc = record_schema(ut, lang)
    out = Output(str(output) if output else None)
    try:
        out.open().write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        out.commit()
    except BaseException as e:
        out.discard()
        if isinstance(e, OSError) and not isinstance(e, BrokenPipeError):
            raise common.write_failed(e, str(output) if output else None) from None
        raise
    return 0
