"""The JSON Schema of criteria files (`antt schema criteria`), for editors: the file format's
pydantic models, with the condition language assembled from its kinds."""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def criteria_schema() -> dict[str, Any]:
    from antt_cli.criteria.conditions import condition_schema
    from antt_cli.criteria.fileformat import CriteriaFile

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
    fix(schema)
    return {"$schema": DRAFT, "$id": "antt:criteria", **schema}


def fix(node: Any, date_pattern: str | None = None) -> None:
    """pydantic → plain JSON Schema: ge/le as minimum/maximum; dates as `date_pattern` when given."""
    if isinstance(node, dict):
        if "ge" in node and "type" in node:
            node["minimum"] = node.pop("ge")
        if "le" in node and "type" in node:
            node["maximum"] = node.pop("le")
        if date_pattern and node.get("format") == "date":
            node.pop("format")
            node["pattern"] = date_pattern
        for v in node.values():
            fix(v, date_pattern)
    elif isinstance(node, list):
        for v in node:
            fix(v, date_pattern)
