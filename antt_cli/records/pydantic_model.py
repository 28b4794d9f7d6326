"""The record of a unit type as a pydantic model: what `antt schema` turns into the JSON Schema
editors use. Reading does not use it: records.model builds the same record as a pydantic-core
validator directly, from the same validator functions (tests/test_record_validator.py checks that
both accept and refuse every record alike).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, create_model

from antt_cli.criteria import HEADER_FIELDS, FactSpec, UnitType
from antt_cli.criteria.values import NONE_WORDS
from antt_cli.records.model import (YEARS, _enum, _enum_set, _line, _list, _meeting_date, _strict_bool, _strict_int,
                                    _strict_number, _text, to_date)


def annotation(spec: FactSpec, owner: str) -> Any:
    t = spec.type
    bounds = {k: v for k, v in (("ge", spec.min), ("le", spec.max)) if v is not None}
    if t == "boolean":
        return Annotated[bool, BeforeValidator(_strict_bool)]
    if t == "integer":
        return Annotated[int, BeforeValidator(_strict_int), Field(**bounds)]
    if t == "number":
        return Annotated[float, BeforeValidator(_strict_number), Field(**bounds)]
    none_words = sorted(NONE_WORDS)
    if t == "date":  # a date, or "không có"
        return Annotated[Any, BeforeValidator(to_date), WithJsonSchema(
            {"anyOf": [{"type": "string", "format": "date"}, {"enum": none_words}]})]
    if t == "text":
        return Annotated[str, BeforeValidator(_text)]
    ids = tuple(v.id for v in spec.values)
    if t == "enum":  # one of the values, or "không có" (checked by the validator itself)
        return Annotated[Any, BeforeValidator(_enum(spec)), WithJsonSchema({"enum": [*ids, *none_words]})]
    if t == "enum_set":
        return Annotated[Any, BeforeValidator(_enum_set(spec)), WithJsonSchema(
            {"anyOf": [{"type": "array", "items": {"enum": list(ids)}}, {"enum": none_words}]})]
    if t == "events":
        item_model = _model(f"{owner}_{spec.id}_item", spec.fields, owner)
        return Annotated[list[item_model], BeforeValidator(_list)]  # type: ignore[valid-type]
    raise ValueError(t)  # pragma: no cover - the criteria format allows no other type


_CONFIG = ConfigDict(extra="forbid", validate_default=False)


def _model(name: str, facts: dict[str, FactSpec], owner: str, extra: dict[str, Any] | None = None) -> type[BaseModel]:
    fields: dict[str, Any] = dict(extra or {})
    for fid, spec in facts.items():
        ann = annotation(spec, owner)
        desc = spec.label.vi
        if spec.required:
            fields[fid] = (ann, Field(description=desc, title=spec.label.en or spec.label.vi))
        else:
            fields[fid] = (Optional[ann], Field(default=None, description=desc, title=spec.label.en or spec.label.vi))
    return create_model(name, __config__=_CONFIG, **fields)


def meeting_model(ut: UnitType) -> type[BaseModel]:
    """The optional `meeting:` block of a record: the review meeting of Art. 9.1, whose names fill
    the biên bản. Every part is optional; an attendee is a role and a name."""
    vocab = ut.ruleset.vocabulary
    parts = vocab.header["meeting"].fields if vocab is not None and "meeting" in vocab.header else {}

    def desc(part: str) -> str:
        h = parts.get(part)
        return h.described("vi") if h is not None else part

    line = Annotated[str, BeforeValidator(_line)]
    person = create_model(f"Meeting_{ut.id}_person", __config__=_CONFIG,
                          name=(Optional[line], Field(default=None, description=desc("name"))),
                          title=(Optional[line], Field(default=None, description=desc("title"))))
    attendee = create_model(f"Meeting_{ut.id}_attendee", __config__=_CONFIG,
                            role=(line, Field(description=desc("role"))),
                            name=(line, Field(description=desc("name"))))
    date = Annotated[Any, BeforeValidator(_meeting_date), WithJsonSchema({"type": "string", "format": "date"})]
    return create_model(
        f"Meeting_{ut.id}", __config__=_CONFIG,
        date=(Optional[date], Field(default=None, description=desc("date"))),
        place=(Optional[line], Field(default=None, description=desc("place"))),
        chair=(Optional[person], Field(default=None, description=desc("chair"))),  # type: ignore[valid-type]
        secretary=(Optional[person], Field(default=None, description=desc("secretary"))),  # type: ignore[valid-type]
        attendees=(Optional[list[attendee]], Field(default=None, description=desc("attendees"))),  # type: ignore[valid-type]
    )




def build_record_model(ut: UnitType) -> type[BaseModel]:
    """The pydantic model of a record of this unit type (header fields, then every declared fact)."""
    vocab = ut.ruleset.vocabulary
    line = Annotated[str, BeforeValidator(_line)]
    text = Annotated[str, BeforeValidator(_text)]

    def desc(fid: str) -> str:
        return vocab.header_label(fid, "vi") if vocab is not None else fid

    header: dict[str, Any] = {
        "type": (Literal[tuple([ut.id])], Field(description=desc("type"))),  # type: ignore[valid-type]
        "name": (line, Field(description=desc("name"))),
        "year": (Annotated[int, BeforeValidator(_strict_int), Field(ge=YEARS[0], le=YEARS[1])],
                 Field(description=desc("year"))),
    }
    for fid in HEADER_FIELDS:
        if fid == "meeting":
            header[fid] = (Optional[meeting_model(ut)], Field(default=None, description=desc(fid)))  # type: ignore[valid-type]
        elif fid not in header:
            header[fid] = (Optional[text if fid == "notes" else line], Field(default=None, description=desc(fid)))
    return _model(f"Record_{ut.id}", ut.facts, ut.id, header)
