"""The JSON Schema of a unit type's record, for editors (yaml-language-server modeline).

It is the pydantic record model, adjusted to what a YAML record may really hold: dates as
2024-02-20 or 20/02/2024, enum values by id or label, the unit type by id or alias, yes/no as
true/false or có/không; with the fact's label and help as the description an editor shows.
"""

from __future__ import annotations

from typing import Any

from antt_cli.criteria import UnitType
from antt_cli.criteria.schema import DRAFT, fix
from antt_cli.records.pydantic_model import build_record_model

DATE_PATTERN = r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\s*$"
BOOLEAN_WORDS = ["có", "không", "Có", "Không"]


def record_schema(ut: UnitType, lang: str = "vi") -> dict[str, Any]:
    schema = build_record_model(ut).model_json_schema()
    fix(schema, DATE_PATTERN)
    props = schema["properties"]
    names = [ut.id, ut.label.vi, *([ut.label.en] if ut.label.en else []), *ut.aliases]
    props["type"] = {"enum": list(dict.fromkeys(names)), "description": ut.label.pick(lang),
                     "title": "type", "default": ut.id}
    vocab = ut.ruleset.vocabulary
    if vocab is not None:
        for fid, h in vocab.header.items():
            if fid in props and fid != "type":
                props[fid]["description"] = h.label.pick(lang) + (f" ({h.help.pick(lang)})" if h.help else "")
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
        "title": f"antt — {ut.label.pick(lang)} ({rs.instrument.pick(lang)})",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def _describe(prop: dict[str, Any], spec: Any, lang: str) -> None:
    text = spec.label.pick(lang)
    if spec.help:
        text += "\n" + spec.help.pick(lang)
    if spec.unit:
        text += f" [{spec.unit.pick(lang)}]"
    prop["description"] = text
    target = _branch(prop)
    if spec.type in ("enum", "enum_set"):
        values = [v.id for v in spec.values]
        labels = [x for v in spec.values for x in (v.label.vi, v.label.en) if x]
        if spec.type == "enum_set":
            target = target.get("items", target)
        if "enum" in target:
            target["enum"] = list(dict.fromkeys(values + labels + [w for w in target["enum"] if w not in values]))
            target.pop("type", None)
    elif spec.type == "boolean" and target.get("type") == "boolean":
        target.pop("type")
        target["anyOf"] = [{"type": "boolean"}, {"enum": BOOLEAN_WORDS}]


def _branch(prop: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an Optional (anyOf [X, null])."""
    for b in prop.get("anyOf", []):
        if b.get("type") != "null":
            return b
    return prop
