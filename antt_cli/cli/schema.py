"""`antt schema TYPE | criteria`: JSON Schema for editors (yaml-language-server modeline).

The record schema is the pydantic record model of the unit type (UnitType.record_model),
adjusted to what a YAML record may really hold: dates as 2024-02-20 or 20/02/2024, enum
values by id or label, the unit type by id or alias; with the fact's label and help as the
description that the editor shows on hover.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s*$"


def run(name: str, lang: str, year: int | None, as_of: dt.date | None, criteria_paths: list[Path] | None) -> int:
    if name == "criteria":
        doc = criteria_schema()
    else:
        from antt_cli.cli.assess import load_criteria_or_report
        from antt_cli.cli.criteria_cmd import _no_ruleset, _resolve_type

        criteria = load_criteria_or_report(criteria_paths, lang)
        if criteria is None:
            return 2
        tid = _resolve_type(criteria, name, lang)
        if tid is None:
            return 2
        ut = criteria.unit_type(tid, on=as_of, year=year) if (year or as_of) else criteria.latest(tid)
        if ut is None:
            return _no_ruleset(criteria, tid, year, as_of, lang)
        doc = record_schema(ut, lang)
    json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def record_schema(ut: Any, lang: str = "vi") -> dict[str, Any]:
    from antt_cli.i18n import pick

    schema = ut.record_model.model_json_schema()
    _fix(schema)
    props = schema["properties"]
    names = [ut.id, ut.label.vi, *([ut.label.en] if ut.label.en else []), *ut.aliases]
    props["type"] = {"enum": list(dict.fromkeys(names)), "description": pick(ut.label, lang),
                     "title": "type", "default": ut.id}
    for fid, spec in ut.facts.items():
        if fid in props:
            _describe(props[fid], spec, lang)
    for item in schema.get("$defs", {}).values():
        fid = next((f for f in ut.facts if item.get("title", "").endswith(f"_{f}_item")), None)
        if fid is not None:
            for name, sub in ut.facts[fid].fields.items():
                if name in item.get("properties", {}):
                    _describe(item["properties"][name], sub, lang)
    rs = ut.ruleset
    return {
        "$schema": DRAFT,
        "$id": f"antt:record/{ut.id}/{rs.id}" + (f"+{'+'.join(ut.packs)}" if ut.packs else ""),
        "title": f"antt — {pick(ut.label, lang)} ({pick(rs.instrument, lang)})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _describe(prop: dict[str, Any], spec: Any, lang: str) -> None:
    from antt_cli.i18n import pick

    text = pick(spec.label, lang)
    if spec.help:
        text += "\n" + pick(spec.help, lang)
    if spec.unit:
        text += f" [{pick(spec.unit, lang)}]"
    prop["description"] = text
    if spec.type in ("enum", "enum_set"):
        values = [v.id for v in spec.values]
        labels = [x for v in spec.values for x in (v.label.vi, v.label.en) if x]
        target = _branch(prop)
        if spec.type == "enum_set":
            target = target.get("items", target)
        if "enum" in target:
            target["enum"] = list(dict.fromkeys(values + labels))
            target.pop("type", None)


def _branch(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an Optional (anyOf [X, null])."""
    for b in prop.get("anyOf", []):
        if b.get("type") != "null":
            return b
    return prop


def _fix(node: Any) -> None:
    """pydantic → plain JSON Schema: ge/le as minimum/maximum; dates as the forms records accept."""
    if isinstance(node, dict):
        if "ge" in node and "type" in node:
            node["minimum"] = node.pop("ge")
        if "le" in node and "type" in node:
            node["maximum"] = node.pop("le")
        if node.get("format") == "date":
            node.pop("format")
            node["pattern"] = DATE_PATTERN
        for v in node.values():
            _fix(v)
    elif isinstance(node, list):
        for v in node:
            _fix(v)


# ----------------------------------------------------------------------------- criteria files

_VALUE: dict[str, Any] = {"anyOf": [{"type": ["number", "boolean", "string"]}, {"$ref": "#/$defs/FactRef"}]}


def condition_schema() -> dict[str, Any]:
    """The condition language of docs/criteria-format.md, for completion (the loader checks types)."""
    ref = {"$ref": "#/$defs/Condition"}
    ids = {"type": "array", "minItems": 1, "items": {"type": "string"}}
    return {
        "type": "object",
        "description": "all | any | not | fact + operator | ratio + operator | count + operator",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "all": {"type": "array", "minItems": 1, "items": ref, "description": "every child true"},
            "any": {"type": "array", "minItems": 1, "items": ref, "description": "some child true"},
            "not": {**ref, "description": "negation"},
            "fact": {"type": "string", "description": "a declared fact"},
            "ratio": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string"},
                      "description": "[NUMERATOR, DENOMINATOR] against a percentage 0–100"},
            "count": {"type": "string", "description": "an `events` fact: items inside the assessment window"},
            "where": {**ref, "description": "count only items matching this (item fields)"},
            "excused_if": {**ref, "description": "do not count items matching this (item fields)"},
            **{op: {**_VALUE, "description": op} for op in ("eq", "ne", "lt", "le", "gt", "ge")},
            **{op: {**ids, "description": op} for op in ("in", "not_in", "contains_any", "subset_of")},
            "in_period": {"enum": ["q1", "window"]},
            "present": {"type": "boolean"},
        },
    }


def criteria_schema() -> dict[str, Any]:
    from antt_cli.criteria.model import CriteriaFile

    schema = CriteriaFile.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    defs["Condition"] = condition_schema()
    defs["FactRef"] = {"type": "object", "properties": {"fact": {"type": "string"}}, "required": ["fact"],
                       "additionalProperties": False}
    for model, key in (("Criterion", "condition"), ("Criterion", "applies_if"), ("Constraint", "check"), ("Exclusion", "if")):
        props = defs.get(model, {}).get("properties", {})
        if key in props:
            desc = props[key].get("description")
            props[key] = {"$ref": "#/$defs/Condition", **({"description": desc} if desc else {})}
    _fix(schema)
    return {"$schema": DRAFT, "$id": "antt:criteria", **schema}
