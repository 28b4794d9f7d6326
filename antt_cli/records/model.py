"""Pydantic models for unit records, built at run time from the facts a unit type declares.

The validators accept what people write: dates as 2024-02-20 or 20/02/2024, yes/no as
true/false or có/không, enumeration values by id or label (with or without diacritics). Every
refusal carries a problem code and its parameters (records.messages), so it is reported located.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, create_model
from pydantic_core import PydanticCustomError

from antt_cli.criteria import HEADER_FIELDS, FactSpec, UnitType
from antt_cli.criteria.values import NONE, NONE_WORDS
from antt_cli.text import closest, fold, has_control, printable

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
YEARS = (2000, 2100)  # assessment years antt accepts (the Circular is in force from 2022)

# yes / no as people write them (YAML booleans are read by the YAML parser already)
TRUE_WORDS = {"true", "có", "co", "yes", "y", "x", "đúng", "dung", "1", "c"}
FALSE_WORDS = {"false", "không", "khong", "no", "n", "sai", "0", "k", "không có", "khong co"}


def is_none_word(v: Any) -> bool:
    """`không có` (and its other spellings): there is none."""
    return isinstance(v, str) and fold(v) in NONE_WORDS


def _err(code: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError("antt", code, {"code": code, **{k: _param(v) for k, v in params.items()}})


def _param(v: Any) -> Any:
    return v if isinstance(v, dict) else printable(v)


def to_date(v: Any) -> Any:
    if v is NONE or is_none_word(v):
        return NONE
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        m = _DMY.match(v)
        parts = (m.group(3), m.group(2), m.group(1)) if m else None
        if parts is None and (m := _YMD.match(v)):
            parts = (m.group(1), m.group(2), m.group(3))
        if parts:
            try:
                return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                pass
        raise _err("bad-date", value=v[:40])
    raise _err("wrong-type", expected="date", found=show(v))


def show(v: Any) -> str:
    """A value as it appears in a message: short, on one line."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return "list" if isinstance(v, list) else "mapping"
    if type(v) is int and v.bit_length() > 333:
        return "(số quá lớn / a number too large)"
    return printable(repr(v) if isinstance(v, str) else str(v))[:40]


def _strict_int(v: Any) -> Any:
    if is_none_word(v):
        return 0  # "không có" vụ / người / hộ: a count of none
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise _err("wrong-type", expected="integer", found=show(v))
    return v


def _strict_number(v: Any) -> Any:
    if is_none_word(v):
        return 0
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _err("wrong-type", expected="number", found=show(v))
    if isinstance(v, float) and v != v:  # NaN compares with nothing
        raise _err("wrong-type", expected="number", found="NaN")
    return v


def _strict_bool(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        f = fold(v)
        if f in TRUE_WORDS:
            return True
        if f in FALSE_WORDS:
            return False
    raise _err("wrong-type", expected="boolean", found=show(v))


# what a multi-line field may hold: tab and the line breaks of Excel (\n, \r), Word pastes (\v) and Unicode
_LINE_BREAKS = dict.fromkeys(map(ord, "\n\r\t\v\u2028\u2029"))


def _text(v: Any, *, one_line: bool = False) -> Any:
    if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
        raise _err("wrong-type", expected="text", found=show(v))
    if type(v) is int and v.bit_length() > 333:
        raise _err("wrong-type", expected="text", found=show(v))
    v = str(v).strip()
    if not v:
        raise _err("empty-text")
    check = v if one_line else v.translate(_LINE_BREAKS)  # a cell's own line breaks stay (shown escaped)
    if has_control(check):
        bad = next(ch for ch in check if has_control(ch))
        raise _err("control-char", char=printable(bad))
    return v


def _line(v: Any) -> Any:
    return _text(v, one_line=True)


def _enum(spec: FactSpec, *, none: bool = True) -> Any:
    def check(v: Any) -> Any:
        if isinstance(v, str):
            found = spec.choice(v)
            if found:
                return found
            if none and is_none_word(v):
                return NONE
        guess = closest(fold(str(v)), list(spec.by_label)) if isinstance(v, (str, int, float)) else None
        raise _err("bad-choice", value=show(v).strip("'"), choices=", ".join(spec.rank),
                   suggestion=spec.by_label[guess] if guess else "")

    return check


def _list(v: Any) -> Any:
    if is_none_word(v):
        return []  # "không có" vụ việc: the register is empty
    if not isinstance(v, list):
        raise _err("wrong-type", expected="list", found=show(v))
    return v


def _choices(v: Any) -> Any:
    if is_none_word(v):
        return NONE  # none of them (an empty list means: not given)
    return _list(v)


def _enum_set(spec: FactSpec, item: Any) -> Any:
    from pydantic import TypeAdapter

    adapter = TypeAdapter(list[item])  # type: ignore[valid-type]

    def check(v: Any) -> Any:
        v = _choices(v)
        return v if v is NONE else adapter.validate_python(v)

    return check


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
        item = Annotated[Literal[ids], BeforeValidator(_enum(spec, none=False))]  # type: ignore[valid-type]
        return Annotated[Any, BeforeValidator(_enum_set(spec, item)), WithJsonSchema(
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


def _meeting_date(v: Any) -> Any:
    d = to_date(v)
    if d is NONE:  # "không có" is not a date a meeting was held on
        raise _err("bad-date", value=show(v).strip("'"))
    return d


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


def plain_meeting(value: Any) -> dict[str, Any] | None:
    """The validated meeting as plain JSON values (the date as 2024-11-05), without empty parts."""
    if not isinstance(value, dict):
        return None
    out: dict[str, Any] = {}
    for k, v in value.items():
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, dict):
            v = {a: b for a, b in v.items() if b is not None} or None
        elif isinstance(v, list):
            v = [{a: b for a, b in x.items() if b is not None} for x in v]
        if v is not None:
            out[k] = v
    return out or None


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
