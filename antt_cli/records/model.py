"""The record of a unit type as a pydantic-core validator, built at run time from the facts the
unit type declares: a typed dict of the header fields and every fact, each with its validator.

The validators accept what people write: dates as 2024-02-20 or 20/02/2024, yes/no as
true/false or có/không, enumeration values by id or label (with or without diacritics). Every
refusal carries a problem code and its parameters (records.messages), so it is reported located.

Reading builds the core schema directly (no pydantic model class): a validator is ready in about a
millisecond, validation returns plain dicts, and `import pydantic` is not needed to read a record.
The JSON Schema of a record (`antt schema`) comes from the same validators dressed as a pydantic
model, in records.pydantic_model; a test checks that both read every record alike.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic_core import PydanticCustomError, PydanticKnownError, SchemaValidator
from pydantic_core import core_schema as cs

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


def _counting(ge: Any, le: Any) -> Any:
    """_strict_int and the fact's bounds in one call (a record has a score of counts): a whole number
    is checked as it comes; the bounds are checked on the value converted, and a refusal shows the
    value as written, as pydantic's own constraint validators do."""

    def check(v: Any) -> Any:
        return _within(v if type(v) is int else _strict_int(v), ge, le)

    return check


def _within(v: Any, ge: Any, le: Any) -> Any:
    """`v` if it lies within the bounds (None: no bound), else pydantic's own error for the bound."""
    if ge is not None and not v >= ge:
        raise PydanticKnownError("greater_than_equal", {"ge": ge})
    if le is not None and not v <= le:
        raise PydanticKnownError("less_than_equal", {"le": le})
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
LINE_BREAKS = "\n\r\t\v\u2028\u2029"
# text.has_control's characters but those (one search, instead of a copy of the text without them:
# notes are long, and str.translate with a table is slow on them); tests/test_record_validator.py
# checks that it is exactly that set
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _text(v: Any, *, one_line: bool = False) -> Any:
    if type(v) is str:  # the common case, in two C calls
        text = v.strip()
        if text and not (has_control(text) if one_line else _CONTROL_IN_TEXT.search(text)):
            return text
    if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
        raise _err("wrong-type", expected="text", found=show(v))
    if type(v) is int and v.bit_length() > 333:
        raise _err("wrong-type", expected="text", found=show(v))
    v = str(v).strip()
    if not v:
        raise _err("empty-text")
    if one_line:
        if has_control(v):
            raise _err("control-char", char=printable(next(ch for ch in v if has_control(ch))))
    elif (m := _CONTROL_IN_TEXT.search(v)) is not None:  # a cell's own line breaks stay (shown escaped)
        raise _err("control-char", char=printable(m.group()))
    return v


def _line(v: Any) -> Any:
    if type(v) is str:
        text = v.strip()
        if text and not has_control(text):
            return text
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


def _enum_set(spec: FactSpec) -> Any:
    item = cs.no_info_before_validator_function(_enum(spec, none=False), cs.literal_schema([v.id for v in spec.values]))
    items = SchemaValidator(cs.list_schema(item))

    def check(v: Any) -> Any:
        v = _choices(v)
        return v if v is NONE else items.validate_python(v)

    return check


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


# -- the record validator: a typed dict of pydantic-core schemas -------------------------------

def _before(fn: Any, schema: Any) -> Any:
    return cs.no_info_before_validator_function(fn, schema)


def _bounded(schema: Any, ge: Any, le: Any) -> Any:
    """`schema`, then its bounds: checked after the conversion, and a refusal shows the value as
    written (2.0, say, for an integer fact), as pydantic's own constraint validators do."""
    if ge is None and le is None:
        return schema

    return cs.no_info_after_validator_function(lambda v: _within(v, ge, le), schema)


def fact_schema(spec: FactSpec) -> Any:
    """The core schema of one fact's value (never None: optional facts are made nullable by the caller)."""
    t = spec.type
    if t == "boolean":
        return _before(_strict_bool, cs.bool_schema())
    if t == "integer":
        return _before(_counting(spec.min, spec.max), cs.int_schema())
    if t == "number":
        return _bounded(_before(_strict_number, cs.float_schema()), spec.min, spec.max)
    if t == "date":  # a date, or "không có"
        return _before(to_date, cs.any_schema())
    if t == "text":
        return _before(_text, cs.str_schema())
    if t == "enum":  # one of the values, or "không có" (checked by the validator itself)
        return _before(_enum(spec), cs.any_schema())
    if t == "enum_set":
        return _before(_enum_set(spec), cs.any_schema())
    if t == "events":
        return _before(_list, cs.list_schema(_facts_schema(spec.fields)))
    raise ValueError(t)  # pragma: no cover - the criteria format allows no other type


def _field(schema: Any, required: bool) -> Any:
    if required:
        return cs.typed_dict_field(schema, required=True)
    return cs.typed_dict_field(cs.with_default_schema(cs.nullable_schema(schema), default=None), required=False)


def _typed(fields: dict[str, Any]) -> Any:
    return cs.typed_dict_schema(fields, extra_behavior="forbid")


def _facts_schema(facts: dict[str, FactSpec], header: dict[str, Any] | None = None) -> Any:
    fields = dict(header or {})
    for fid, spec in facts.items():
        fields[fid] = _field(fact_schema(spec), spec.required)
    return _typed(fields)


def _meeting_date(v: Any) -> Any:
    d = to_date(v)
    if d is NONE:  # "không có" is not a date a meeting was held on
        raise _err("bad-date", value=show(v).strip("'"))
    return d


LINE = _before(_line, cs.str_schema())


def meeting_schema() -> Any:
    """The optional `meeting:` block of a record: the review meeting of Art. 9.1, whose names fill
    the biên bản. Every part is optional; an attendee is a role and a name."""
    person = _typed({"name": _field(LINE, False), "title": _field(LINE, False)})
    attendee = _typed({"role": _field(LINE, True), "name": _field(LINE, True)})
    return _typed({
        "date": _field(_before(_meeting_date, cs.any_schema()), False),
        "place": _field(LINE, False),
        "chair": _field(person, False),
        "secretary": _field(person, False),
        "attendees": _field(cs.list_schema(attendee), False),
    })


class RecordValidator:
    """A unit type's record: its keys, and `validate(data)` → a dict of every header field and fact
    (None where not given), or pydantic-core's ValidationError."""

    __slots__ = ("fields", "_validator")

    def __init__(self, ut: UnitType) -> None:
        header: dict[str, Any] = {
            "type": _field(cs.literal_schema([ut.id]), True),
            "name": _field(LINE, True),
            "year": _field(_before(_counting(*YEARS), cs.int_schema()), True),
        }
        for fid in HEADER_FIELDS:
            if fid == "meeting":
                header[fid] = _field(meeting_schema(), False)
            elif fid not in header:
                header[fid] = _field(_before(_text, cs.str_schema()) if fid == "notes" else LINE, False)
        schema = _facts_schema(ut.facts, header)
        self.fields = frozenset(schema["fields"])
        self._validator = SchemaValidator(schema)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        return self._validator.validate_python(data)  # type: ignore[no-any-return]


def build_record_validator(ut: UnitType) -> RecordValidator:
    return RecordValidator(ut)
