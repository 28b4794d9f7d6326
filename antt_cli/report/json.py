"""The JSON document (docs/json-output.md): stable, versioned by `schema_version`."""

from __future__ import annotations

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
    # shares the result's own dicts and lists: they are serialised, never modified
    return {
        "file": r.file,
        "unit": r.unit,
        "ruleset": r.ruleset,
        "window": r.window,
        "outcome": r.outcome,
        "criteria": [{"id": c.id, "citation": c.citation, "title": c.title, "status": c.status,
                      "reasons": c.reasons, "values": c.values, "note": c.note, "pack": c.pack,
                      "status_label": labels.get(c.status) or ui(f"status.{c.status}", lang)} for c in r.criteria],
        "scope": r.scope,
        "outcome_label": ui(f"outcome.{r.outcome}", lang),
    }


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
    from antt_cli.report.jsonenc import dumps

    out.write(dumps(document(results, problems, lang), indent=True))
    out.write("\n")
