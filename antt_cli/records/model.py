"""Pydantic models for unit records, built at run time from the facts a criteria file declares."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

from antt_cli.criteria.conditions import FactSpec, _fold

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_YMD = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def _err(code: str, **params: Any) -> PydanticCustomError:
    return PydanticCustomError("antt", code, {"code": code, **{k: str(v) for k, v in params.items()}})


def to_date(v: Any) -> Any:
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
        raise _err("bad-date", value=v)
    raise _err("wrong-type", expected="date", found=_show(v))


def _show(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (dict, list)):
        return "list" if isinstance(v, list) else "mapping"
    return repr(v) if isinstance(v, str) else str(v)


def _strict_int(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        raise _err("wrong-type", expected="integer", found=_show(v))
    return v


def _strict_number(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise _err("wrong-type", expected="number", found=_show(v))
    return v


def _strict_bool(v: Any) -> Any:
    if not isinstance(v, bool):
        raise _err("wrong-type", expected="boolean", found=_show(v))
    return v


def _text(v: Any) -> Any:
    if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
        raise _err("wrong-type", expected="text", found=_show(v))
    v = str(v).strip()
    if not v:
        raise _err("empty-text")
    return v


def _enum(spec: FactSpec) -> Any:
    def check(v: Any) -> Any:
        if isinstance(v, str):
            found = spec.by_label.get(_fold(v))
            if found:
                return found
        import difflib

        close = difflib.get_close_matches(_fold(str(v)), list(spec.by_label), n=1, cutoff=0.6)
        raise _err("bad-choice", value=v, choices=", ".join(spec.rank),
                   suggestion=spec.by_label[close[0]] if close else "")

    return check


def _list(v: Any) -> Any:
    if not isinstance(v, list):
        raise _err("wrong-type", expected="list", found=_show(v))
    return v


def annotation(spec: FactSpec, owner: str) -> Any:
    t = spec.type
    bounds = {k: v for k, v in (("ge", spec.min), ("le", spec.max)) if v is not None}
    if t == "boolean":
        return Annotated[bool, BeforeValidator(_strict_bool)]
    if t == "integer":
        return Annotated[int, BeforeValidator(_strict_int), Field(**bounds)]
    if t == "number":
        return Annotated[float, BeforeValidator(_strict_number), Field(**bounds)]
    if t == "date":
        return Annotated[dt.date, BeforeValidator(to_date)]
    if t == "text":
        return Annotated[str, BeforeValidator(_text)]
    ids = tuple(v.id for v in spec.values)
    if t == "enum":
        return Annotated[Literal[ids], BeforeValidator(_enum(spec))]  # type: ignore[valid-type]
    if t == "enum_set":
        item = Annotated[Literal[ids], BeforeValidator(_enum(spec))]  # type: ignore[valid-type]
        return Annotated[list[item], BeforeValidator(_list)]  # type: ignore[valid-type]
    if t == "events":
        item_model = _model(f"{owner}_{spec.id}_item", spec.fields, owner)
        return Annotated[list[item_model], BeforeValidator(_list)]  # type: ignore[valid-type]
    raise ValueError(t)  # pragma: no cover - the criteria model allows no other type


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


def build_record_model(ut: Any) -> type[BaseModel]:
    text = Annotated[str, BeforeValidator(_text)]
    header = {
        "type": (Literal[tuple([ut.id])], Field(description="Loại đơn vị")),  # type: ignore[valid-type]
        "name": (text, Field(description="Tên đơn vị")),
        "year": (Annotated[int, BeforeValidator(_strict_int), Field(ge=2000, le=2100)], Field(description="Năm đánh giá")),
        "code": (Optional[text], Field(default=None, description="Mã đơn vị")),
        "commune": (Optional[text], Field(default=None, description="Xã/phường/đặc khu quản lý")),
        "province": (Optional[text], Field(default=None, description="Tỉnh/thành phố")),
        "notes": (Optional[text], Field(default=None, description="Ghi chú")),
    }
    return _model(f"Record_{ut.id}", ut.facts, ut.id, header)
