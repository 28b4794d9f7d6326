"""Unit records: YAML (or any mapping) → a validated Record, or located problems."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Any

from antt_cli.criteria.conditions import Context
from antt_cli.i18n import TYPE_WORDS, hint
from antt_cli.problems import InputError, Problem
from antt_cli.yamlsrc import Parsed, load_file

HEADER_FIELDS = ("type", "name", "year", "code", "commune", "province", "notes")

EXPECTED = TYPE_WORDS


@dataclass
class Record:
    source: str
    unit_type: Any  # criteria.load.UnitType
    name: str
    year: int
    facts: dict[str, Any]
    header: dict[str, Any] = field(default_factory=dict)
    parsed: Parsed | None = None

    @property
    def type_id(self) -> str:
        return self.unit_type.id


def load_record(path: str, criteria: Any, *, year: int | None = None, as_of: dt.date | None = None,
                display: str | None = None) -> Record:
    parsed = load_file(path, nfc=True, display=display)
    return record_from_data(parsed.data, parsed.source, criteria, parsed=parsed, year=year, as_of=as_of)


def record_from_data(data: Any, source: str, criteria: Any, *, parsed: Parsed | None = None,
                     year: int | None = None, as_of: dt.date | None = None) -> Record:
    parsed = parsed or Parsed(data, source)
    if data is None:
        raise InputError([Problem(source, "empty-file")])
    if not isinstance(data, dict):
        found = EXPECTED["list"] if isinstance(data, list) else repr(data)[:40]
        raise InputError([parsed.problem("root-not-mapping", (), found=found)])
    choices = ", ".join(criteria.type_ids())
    if data.get("type") is None:
        if "ruleset" in data and "schema_version" in data:
            raise InputError([parsed.problem("not-a-record", (), what={"vi": "tệp tiêu chí", "en": "a criteria file"},
                                             hint={"vi": " (kiểm tra bằng `antt criteria check`)",
                                                   "en": " (check it with `antt criteria check`)"})])
        if isinstance(data.get("cases"), list):
            raise InputError([parsed.problem("not-a-record", (), what={"vi": "tệp ca kiểm thử", "en": "a test-case file"},
                                             hint={"vi": " (chạy bằng `antt test`)", "en": " (run it with `antt test`)"})])
        raise InputError([parsed.problem("missing-type", (), choices=choices)])
    tid = criteria.resolve_type(data["type"])
    if tid is None:
        raise InputError([parsed.problem("unknown-type", ("type",), value=data["type"], choices=choices,
                                         hint=hint(criteria.suggest_type(data["type"])))])
    data = dict(data, type=tid)
    if year is None:
        year = data.get("year")
        if year is None:
            raise InputError([parsed.problem("missing-year", ())])
        if isinstance(year, bool) or not isinstance(year, int):
            raise InputError([parsed.problem("wrong-type", ("year",), expected=EXPECTED["integer"], found=repr(year))])
    else:
        data["year"] = year
    ut = criteria.unit_type(tid, on=as_of, year=year)
    if ut is None:
        when = as_of or criteria.latest(tid).window(year)[1]
        raise InputError([parsed.problem("no-ruleset", ("type",), type=tid, date=when.strftime("%d/%m/%Y"))])
    from pydantic import ValidationError

    try:
        model = ut.record_model.model_validate(data)
    except ValidationError as e:
        raise InputError(validation_problems(e, parsed, ut)) from None
    values = model.model_dump()
    facts = {k: values[k] for k in ut.facts}
    for k, spec in ut.facts.items():
        if spec.type == "enum_set" and facts[k] == []:
            facts[k] = None  # an empty selection is "not given", never "none of them"
    header = {k: values[k] for k in HEADER_FIELDS if k not in ("type", "name", "year")}
    record = Record(source, ut, values["name"], values["year"], facts, header, parsed)
    check_constraints(record)
    return record


def check_constraints(record: Record) -> None:
    ut = record.unit_type
    ctx = Context(record.facts, record.year, ut.window(record.year))
    problems = []
    for c in ut.constraints:
        if c.check.evaluate(ctx).value is False:
            first = c.check.facts_read()[0] if c.check.facts_read() else ()
            path = (first,) if first else ()
            assert record.parsed is not None
            problems.append(record.parsed.problem("constraint", path, message=c.message.model_dump()))
    if problems:
        raise InputError(problems)


def _spec_at(ut: Any, loc: tuple[Any, ...]) -> Any:
    spec = ut.facts.get(loc[0]) if loc else None
    rest = loc[1:]
    while spec is not None and rest:
        if isinstance(rest[0], int):
            rest = rest[1:]
            continue
        spec = spec.fields.get(rest[0])
        rest = rest[1:]
    return spec


def validation_problems(error: Any, parsed: Parsed, ut: Any) -> list[Problem]:
    out: list[Problem] = []
    for err in error.errors():
        loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and ("[" in x or x.startswith("function"))))
        kind, ctx = err["type"], err.get("ctx") or {}
        spec = _spec_at(ut, loc)
        if kind == "extra_forbidden":
            options = list(HEADER_FIELDS) + list(ut.facts) if len(loc) == 1 else list(getattr(_spec_at(ut, loc[:-1]), "fields", {}) or {})
            labels = {}
            if len(loc) == 1:
                from antt_cli.criteria.conditions import _fold

                labels = {_fold(s.label.vi): n for n, s in ut.facts.items()}
            sug = difflib.get_close_matches(str(loc[-1]), options, n=1, cutoff=0.6)
            guess = sug[0] if sug else labels.get(str(loc[-1]).casefold())
            out.append(parsed.problem("unknown-field", loc, key=True, hint=hint(guess), name=loc[-1]))
        elif kind == "missing":
            out.append(parsed.problem("missing-field", loc, key=True))
        elif kind == "antt":
            code = ctx.get("code", "invalid-value")
            params = dict(ctx)
            params.pop("code", None)
            if code == "wrong-type":
                params["expected"] = EXPECTED.get(params.get("expected", ""), params.get("expected"))
            if code == "bad-choice":
                params["hint"] = hint(params.pop("suggestion", "") or None)
            out.append(parsed.problem(code, loc, **params))
        elif kind in ("greater_than_equal", "greater_than"):
            out.append(parsed.problem("too-small", loc, value=err.get("input"), limit=ctx.get("ge", ctx.get("gt"))))
        elif kind in ("less_than_equal", "less_than"):
            out.append(parsed.problem("too-large", loc, value=err.get("input"), limit=ctx.get("le", ctx.get("lt"))))
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(parsed.problem("wrong-type", loc, expected=EXPECTED["mapping"], found=type(err.get("input")).__name__))
        elif kind == "literal_error" and loc == ("type",):
            out.append(parsed.problem("unknown-type", loc, value=err.get("input"), choices=ut.id))
        else:
            kind_name = spec.type if spec is not None else "text"
            out.append(parsed.problem("wrong-type", loc, expected=EXPECTED.get(kind_name, kind_name),
                                      found=repr(err.get("input"))[:40]))
    return out
