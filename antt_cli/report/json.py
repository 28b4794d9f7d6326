"""The JSON document (docs/json-output.md): stable, versioned by `schema_version`."""

from __future__ import annotations

import json
from typing import Any, TextIO

from antt_cli import __version__
from antt_cli.i18n import ui

SCHEMA_VERSION = 1


def unit_dict(r: Any) -> dict[str, Any]:
    d = r.to_dict()
    d.pop("lang", None)
    d["outcome_label"] = ui(f"outcome.{r.outcome}", r.lang)
    for c in d["criteria"]:
        c["status_label"] = ui(f"status.{c['status']}", r.lang)
        c.pop("branches", None)
    return d


def document(results: list[Any], problems: list[Any], lang: str) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "lang": lang,
        "ruleset": ({k: results[0].ruleset[k] for k in ("id", "instrument", "effective_from")} if results else None),
        "units": [unit_dict(r) for r in results],
        "errors": [p.to_dict(lang) for p in problems],
    }


def report_json(results: list[Any], problems: list[Any], lang: str, out: TextIO) -> None:
    json.dump(document(results, problems, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
