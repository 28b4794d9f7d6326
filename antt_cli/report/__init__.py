"""Stage 4: render results. Reporters are registered by format name.

A reporter is a function (results, problems, lang, out) -> None writing to a text stream.
"""

from __future__ import annotations

from typing import Any, Callable

Reporter = Callable[..., None]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from antt_cli.report.json import report_json

        return report_json
    if name == "table":
        from antt_cli.report.table import report_table

        return report_table
    raise KeyError(name)


FORMATS = ("table", "json")
__all__ = ["FORMATS", "get_reporter", "Any"]
