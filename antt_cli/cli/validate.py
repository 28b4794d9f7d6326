"""`antt validate FILE...`: check unit records against their unit type's schema (and the
consistency constraints of the criteria) without assessing them. For editors and pre-commit."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from antt_cli.i18n import say

TEXT = {
    "ok": ("{n} bản ghi hợp lệ", "{n} valid record(s)"),
    "bad": ("{bad}/{n} bản ghi không hợp lệ", "{bad}/{n} invalid record(s)"),
}


def run(paths: list[Path], fmt: str, lang: str, year: int | None, as_of: dt.date | None,
        criteria_paths: list[Path] | None) -> int:
    from antt_cli.cli.assess import load_criteria_or_report
    from antt_cli.cli.criteria_cmd import github_annotation
    from antt_cli.problems import InputError
    from antt_cli.records import load_record

    criteria = load_criteria_or_report(criteria_paths, lang)
    if criteria is None:
        return 2
    from antt_cli.batch.inputs import iter_sources

    problems = []
    files = []
    bad = 0
    sources = list(iter_sources([str(p) for p in paths]))  # folders are searched for *.yaml, as in assess
    from antt_cli.records import record_from_data

    for src in sources:
        path = src.path
        if src.problem is not None:
            problems.append(src.problem)
            bad += 1
            files.append({"file": str(path), "valid": False})
            continue
        if src.kind == "sheet":  # one record per row
            from antt_cli.records.spreadsheet import read_sheet_records

            for item in read_sheet_records(path, criteria):
                try:
                    if isinstance(item, InputError):
                        raise item
                    data, parsed = item
                    record = record_from_data(data, parsed.source, criteria, parsed=parsed, year=year, as_of=as_of)
                    files.append({"file": parsed.source, "valid": True, "type": record.type_id,
                                  "ruleset": record.unit_type.ruleset.id})
                except InputError as e:
                    problems += e.problems
                    bad += 1
                    files.append({"file": e.problems[0].file if e.problems else path, "valid": False})
            continue
        try:
            record = load_record(str(path), criteria, year=year, as_of=as_of)
        except InputError as e:
            problems += e.problems
            bad += 1
            files.append({"file": str(path), "valid": False})
            continue
        files.append({"file": str(path), "valid": True, "type": record.type_id, "ruleset": record.unit_type.ruleset.id})
    if fmt == "json":
        json.dump({"schema_version": 1, "ok": not problems, "files": files,
                   "problems": [p.to_dict(lang) for p in problems]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        for p in problems:
            print(github_annotation(p, lang) if fmt == "github" else p.render(lang))
    key = "bad" if bad else "ok"
    print(say(TEXT, key, lang, n=len(files), bad=bad), file=sys.stderr)
    return 2 if problems else 0
