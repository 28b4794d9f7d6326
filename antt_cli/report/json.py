"""The JSON document (docs/json-output.md): stable, versioned by `schema_version`."""

from __future__ import annotations

import json
from typing import Any, TextIO

from antt_cli import __version__
from antt_cli.i18n import ui

SCHEMA_VERSION = 1


def unit_dict(r: Any) -> dict[str, Any]:
    """The unit as in the document: the UnitResult's fields in order, without `lang` and `branches`,
    with `outcome_label` and `status_label` added. Built field by field (not dataclasses.asdict,
    which deep-copies every value and costs more than the assessment in a batch)."""
    lang = r.lang
    labels = {s: ui(f"status.{s}", lang) for s in ("pass", "fail", "not_applicable", "incomplete")}
    return {
        "file": r.file,
        "unit": dict(r.unit),
        "ruleset": dict(r.ruleset),
        "window": dict(r.window),
        "outcome": r.outcome,
        "criteria": [{"id": c.id, "citation": dict(c.citation), "title": c.title, "status": c.status,
                      "reasons": list(c.reasons), "values": dict(c.values), "note": c.note, "pack": c.pack,
                      "status_label": labels.get(c.status) or ui(f"status.{c.status}", lang)} for c in r.criteria],
        "scope": _copy(r.scope),
        "outcome_label": ui(f"outcome.{r.outcome}", lang),
    }


def _copy(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _copy(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_copy(x) for x in v]
    return v


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
