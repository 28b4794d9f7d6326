"""Stage 4: render results.

Two entry points over the same renderers (`json.unit_dict`, `table.render_unit`):
- `get_reporter(name)`: for results already in memory (the Python API): a function
  (results, problems, lang, out) -> None writing a whole report to a text stream;
- `report.sinks`: streaming reports for the CLI and batches (table, json, jsonl, csv, xlsx,
  markdown, junit), fed one unit at a time, written atomically by `report.output`.
"""

from __future__ import annotations

from typing import Callable

Reporter = Callable[..., None]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from antt_cli.report.json import report_json

        return report_json
    if name == "table":
        from antt_cli.report.table import report_table

        return report_table
    raise KeyError(name)


__all__ = ["Reporter", "get_reporter"]
