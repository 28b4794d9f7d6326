"""`antt new TYPE`: print a blank, commented record."""

from __future__ import annotations

import sys
from pathlib import Path

from antt_cli.i18n import hint
from antt_cli.problems import Problem


def run(unit_type: str, lang: str, year: int | None, criteria_paths: list[Path] | None, *, fmt: str = "yaml",
        output: Path | None = None) -> int:
    from antt_cli.cli.assess import load_criteria_or_report, print_problems
    from antt_cli.template import render_template

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    tid = criteria.resolve_type(unit_type)
    if tid is None:
        print_problems([Problem("TYPE", "unknown-type", {"value": unit_type, "choices": ", ".join(criteria.type_ids()),
                                                          "hint": hint(criteria.suggest_type(unit_type))})], lang)
        return 2
    ut = criteria.unit_type(tid, year=year) if year else criteria.latest(tid)
    if ut is None:
        ut = criteria.latest(tid)
    if fmt == "yaml" and output is None:
        sys.stdout.write(render_template(ut, lang, year))
        return 0
    from antt_cli.cli.assess import unwritable
    from antt_cli.report.output import Output

    problem = unwritable(str(output)) if output is not None else None
    if problem:
        print(f"antt new: -o {output}: {problem}", file=sys.stderr)
        return 2

    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        print("antt new: xlsx không ghi ra màn hình; dùng -o TỆP.xlsx hoặc > TỆP.xlsx / "
              "xlsx is not written to a terminal; use -o FILE.xlsx or > FILE.xlsx", file=sys.stderr)
        return 2
    out = Output(str(output) if output else None, binary=fmt == "xlsx", bom=fmt == "csv")
    try:
        if fmt == "xlsx":
            from antt_cli.template import sheet_template_xlsx

            data = sheet_template_xlsx(ut, lang, year)
            out.open().write(data)
        else:
            f = out.open()
            if fmt == "csv":
                from antt_cli.template import sheet_template_csv

                f.write(sheet_template_csv(ut, lang, year))
            else:
                f.write(render_template(ut, lang, year))
        out.commit()
    except BaseException:
        out.discard()
        raise
    return 0
