"""Reading validates a record with a pydantic-core schema built directly (records.model); `antt
schema` describes the same record as a pydantic model (records.pydantic_model). The two must accept,
convert and refuse every record alike, error for error: otherwise the JSON Schema an editor checks
against would promise something the reader does not do.

Each unit type's example record is the base; every field is then given each value of a list of
awkward ones (wrong types, none-words, bounds, nested shapes), dropped, or joined by an unknown key."""

from __future__ import annotations

import datetime as dt
import glob
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from antt_cli.criteria import HEADER_FIELDS, load_criteria
from antt_cli.records.model import build_record_validator
from antt_cli.records.pydantic_model import build_record_model

CRITERIA = load_criteria()

VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 7, 2**70, 1.5, 2.0, float("nan"), "", " ", "abc", "có", "không", "không có", "Khong co",
    "x", "12", "2024-02-20", "20/02/2024", "31/02/2024", dt.date(2024, 2, 20), dt.datetime(2024, 2, 20, 8, 30),
    [], ["a"], [1, 2], [{}], [{"unknown": 1}], {}, {"name": "A"}, "dòng một\ndòng hai", "\x1b[31m", "\x07",
    [{"role": "Chủ trì", "name": "Nguyễn Văn A"}],
]


def _example(ut_id: str) -> dict[str, Any]:
    for path in sorted(glob.glob("examples/**/*.yaml", recursive=True)):
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=yaml.SafeLoader)
        if isinstance(data, dict) and CRITERIA.resolve_type(data.get("type")) == ut_id:
            return dict(data, type=ut_id)
    raise AssertionError(f"no example of {ut_id}")


def _outcome(validate: Any, data: dict[str, Any]) -> Any:
    try:
        return "ok", validate(data)
    except ValidationError as e:
        return "refused", [_error(x) for x in e.errors()]


def _error(x: Any) -> tuple[Any, ...]:
    if x["type"] == "model_type":  # a pydantic model's "not a mapping", which the reader words as a typed dict's
        return ("dict_type", x["loc"], "Input should be a valid dictionary", repr(x.get("input")), "None")
    return (x["type"], x["loc"], x["msg"], repr(x.get("input")), repr(x.get("ctx")))


def _variants(ut: Any, base: dict[str, Any]) -> list[dict[str, Any]]:
    out = [base, dict(base, unknown_key=1), dict(base, meeting={"date": "05/11/2024", "attendees": VALUES[-1]})]
    for field in [*HEADER_FIELDS, *ut.facts]:
        out.append({k: v for k, v in base.items() if k != field})
        for v in VALUES:
            out.append(dict(base, **{field: v}))
        spec = ut.facts.get(field)
        if spec is not None and spec.type == "events":
            item = dict.fromkeys(spec.fields, "không có")
            out += [dict(base, **{field: [item]}), dict(base, **{field: [dict(item, extra=1)]}),
                    dict(base, **{field: [{k: VALUES[i % len(VALUES)] for i, k in enumerate(spec.fields)}]})]
        if spec is not None and spec.values:
            out += [dict(base, **{field: spec.values[0].id}), dict(base, **{field: [v.id for v in spec.values]}),
                    dict(base, **{field: spec.values[0].label.vi.upper()})]
    return out


@pytest.mark.parametrize("ut_id", CRITERIA.type_ids())
def test_the_reader_and_the_schema_model_read_every_record_alike(ut_id: str) -> None:
    ut = CRITERIA.latest(ut_id)
    core = build_record_validator(ut)
    model = build_record_model(ut)
    assert core.fields == set(model.model_fields)
    refused = 0
    for data in _variants(ut, _example(ut_id)):
        want = _outcome(lambda d: model.model_validate(d).model_dump(), data)
        got = _outcome(core.validate, data)
        assert got == want, data
        refused += want[0] == "refused"
    assert refused > 100  # the variants do reach the refusals, not only the happy path


def test_a_multi_line_text_refuses_exactly_the_control_characters_but_its_line_breaks():
    """Every character up to U+FFFF: refused in a note (multi-line text) if and only if it is a
    control character for text.has_control and not one of the line breaks a note may hold."""
    from pydantic_core import PydanticCustomError

    from antt_cli.records.model import LINE_BREAKS, _text
    from antt_cli.text import has_control

    wrong = []
    for code in range(0x10000):
        c = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        try:
            _text(f"a{c}b")
            refused = None
        except PydanticCustomError as e:
            refused = e.context.get("char")
        want = has_control(c) and c not in LINE_BREAKS
        if (refused is not None) != want:
            wrong.append(hex(code))
    assert wrong == []
