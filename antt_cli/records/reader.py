"""Unit records: YAML (or any mapping, e.g. a spreadsheet row) → a validated Record, or located problems.

    reader = RecordReader(criteria)                    # owns the record models it builds
    record = reader.read_file("to-dan-pho.yaml")       # raises InputError

`load_record` and `record_from_data` do the same for one record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from antt_cli.criteria import HEADER_FIELDS, CriteriaSet, UnitType
from antt_cli.criteria.conditions import Context
from antt_cli.limits import DEFAULT, Limits
from antt_cli.problems import InputError, Locator, Problem
from antt_cli.records.messages import MESSAGES, TYPE_WORDS
from antt_cli.records.model import YEARS, RecordValidator, build_record_validator, plain_meeting, show
from antt_cli.text import closest, fold
from antt_cli.words import hint
from antt_cli.yamlsrc import Parsed, load_file


@dataclass
class Record:
    source: str
    unit_type: UnitType
    name: str
    year: int
    facts: dict[str, Any]
    header: dict[str, Any] = field(default_factory=dict)
    parsed: Locator | None = None

    @property
    def type_id(self) -> str:
        return self.unit_type.id


class RecordReader:
    """Reads records against one criteria set; builds each unit type's record validator once."""

    def __init__(self, criteria: CriteriaSet, *, year: int | None = None, as_of: dt.date | None = None,
                 limits: Limits = DEFAULT, models: dict[tuple[str, ...], Any] | None = None) -> None:
        self.criteria, self.year, self.as_of, self.limits = criteria, year, as_of, limits
        # UnitType.key → RecordValidator; `models`: another reader's of the same criteria, to share
        self.models: dict[tuple[str, ...], Any] = models if models is not None else {}
        # (type id, year) → the unit type in force for it (or None)
        self._types: dict[tuple[str, int], UnitType | None] = {}

    def model(self, ut: UnitType) -> RecordValidator:
        found = self.models.get(ut.key)
        if found is None:
            found = self.models[ut.key] = build_record_validator(ut)
        return found  # type: ignore[no-any-return]

    def prepare(self) -> None:
        """Build every record validator now (before worker processes are forked, say)."""
        for ut in self.criteria.all_types():
            self.model(ut)

    def read_file(self, path: str, *, display: str | None = None) -> Record:
        parsed = load_file(path, nfc=True, display=display, limits=self.limits)
        return self.from_data(parsed.data, parsed.source, parsed=parsed)

    def from_data(self, data: Any, source: str, *, parsed: Locator | None = None) -> Record:
        where: Locator = parsed if parsed is not None else Parsed(data, source)
        criteria = self.criteria
        if data is None:
            raise InputError([MESSAGES.problem(source, "empty-file")])
        if not isinstance(data, dict):
            found = TYPE_WORDS["list"] if isinstance(data, list) else show(data)
            raise InputError([MESSAGES.at(where, "root-not-mapping", (), found=found)])
        if data.get("type") is None:
            choices = ", ".join(criteria.type_ids())
            if "ruleset" in data and "schema_version" in data:
                raise InputError([MESSAGES.at(where, "not-a-record", (), what={"vi": "tệp tiêu chí", "en": "a criteria file"},
                                              hint={"vi": " (kiểm tra bằng `antt criteria check`)",
                                                    "en": " (check it with `antt criteria check`)"})])
            if isinstance(data.get("cases"), list):
                raise InputError([MESSAGES.at(where, "not-a-record", (), what={"vi": "tệp ca kiểm thử", "en": "a test-case file"},
                                              hint={"vi": " (chạy bằng `antt test`)", "en": " (run it with `antt test`)"})])
            raise InputError([MESSAGES.at(where, "missing-type", (), choices=choices)])
        tid = criteria.resolve_type(data["type"])
        if tid is None:
            raise InputError([MESSAGES.at(where, "unknown-type", ("type",), value=show(data["type"]).strip("'"),
                                          choices=", ".join(criteria.type_ids()),
                                          hint=hint(criteria.suggest_type(data["type"])))])
        data = dict(data, type=tid)
        year = self.year
        if year is None:
            year = data.get("year")
            if year is None:
                raise InputError([MESSAGES.at(where, "missing-year", ())])
            if isinstance(year, bool) or not isinstance(year, int):
                raise InputError([MESSAGES.at(where, "wrong-type", ("year",), expected=TYPE_WORDS["integer"],
                                              found=show(year))])
        else:
            data["year"] = year
        if not YEARS[0] <= year <= YEARS[1]:  # before any date of that year is built
            code, limit = ("too-small", YEARS[0]) if year < YEARS[0] else ("too-large", YEARS[1])
            raise InputError([MESSAGES.at(where, code, ("year",), value=show(year), limit=limit)])
        try:
            ut = self._types[(tid, year)]
        except KeyError:  # the same few for a whole batch
            ut = self._types[(tid, year)] = criteria.unit_type(tid, on=self.as_of, year=year)
        if ut is None:
            when = self.as_of or criteria.latest(tid).window(year)[1]
            raise InputError([MESSAGES.at(where, "no-ruleset", ("type",), type=tid, date=when.strftime("%d/%m/%Y"))])
        from pydantic_core import ValidationError

        validator = self.model(ut)
        fields = validator.fields
        unknown = [k for k in data if k not in fields] if not fields.issuperset(data) else ()
        if len(unknown) > self.limits.problems:  # a flood of unknown keys: say so, without validating each
            known = list(HEADER_FIELDS) + list(ut.facts)
            problems = [MESSAGES.at(where, "unknown-field", (k,), key=True, name=show(k).strip("'"),
                                    hint=hint(closest(str(k), known))) for k in unknown[: self.limits.problems]]
            problems.append(MESSAGES.problem(source, "too-many-unknown", n=len(unknown) - self.limits.problems))
            raise InputError(problems)
        try:
            values = validator.validate(data)
        except ValidationError as e:
            raise InputError(validation_problems(e, where, ut, self.limits)) from None
        facts = {k: values[k] for k in ut.facts}
        for k in ut.enum_sets():
            if facts[k] == []:
                facts[k] = None  # an empty selection is "not given", never "none of them"
        header = {k: values[k] for k in HEADER_FIELDS if k not in ("type", "name", "year")}
        header["meeting"] = plain_meeting(header.get("meeting"))
        record = Record(source, ut, values["name"], values["year"], facts, header, where)
        check_constraints(record)
        return record


def load_record(path: str, criteria: CriteriaSet, *, year: int | None = None, as_of: dt.date | None = None,
                display: str | None = None) -> Record:
    return RecordReader(criteria, year=year, as_of=as_of).read_file(path, display=display)


def record_from_data(data: Any, source: str, criteria: CriteriaSet, *, parsed: Locator | None = None,
                     year: int | None = None, as_of: dt.date | None = None) -> Record:
    return RecordReader(criteria, year=year, as_of=as_of).from_data(data, source, parsed=parsed)


def check_constraints(record: Record) -> None:
    ut = record.unit_type
    ctx = Context(record.facts, record.year, ut.window(record.year))
    problems = []
    for c in ut.constraints:
        if c.check.evaluate(ctx).value is False:
            read = c.check.facts_read()
            path = (read[0],) if read else ()
            assert record.parsed is not None
            problems.append(MESSAGES.at(record.parsed, "constraint", path, message=c.message.as_dict()))
    if problems:
        raise InputError(problems)


def _spec_at(ut: UnitType, loc: tuple[Any, ...]) -> Any:
    spec = ut.facts.get(loc[0]) if loc and isinstance(loc[0], str) else None
    rest = loc[1:]
    while spec is not None and rest:
        if isinstance(rest[0], int):
            rest = rest[1:]
            continue
        spec = spec.fields.get(rest[0])
        rest = rest[1:]
    return spec


def _meeting_parts(inside: tuple[Any, ...]) -> list[str]:
    """The keys a part of the `meeting:` block may have (records.model.meeting_schema)."""
    if not inside:
        return ["date", "place", "chair", "secretary", "attendees"]
    return ["role", "name"] if inside[0] == "attendees" else ["name", "title"]


def validation_problems(error: Any, where: Locator, ut: UnitType, limits: Limits = DEFAULT) -> list[Problem]:
    """pydantic's errors on a record → located problems (the first `limits.problems`, then a count)."""
    out: list[Problem] = []
    unknown = 0
    errors = error.errors()
    for err in errors:
        loc = tuple(err["loc"])  # record models have no unions: every part is a key or an index
        kind, ctx = err["type"], err.get("ctx") or {}
        spec = _spec_at(ut, loc)
        if kind == "extra_forbidden" and loc:
            unknown += 1
            if unknown > limits.problems:
                continue
            top = len(loc) == 1
            if loc[0] == "meeting":
                options = _meeting_parts(loc[1:-1])
            else:
                options = list(HEADER_FIELDS) + list(ut.facts) if top else list(getattr(_spec_at(ut, loc[:-1]), "fields", {}) or {})
            guess = closest(str(loc[-1]), options)
            if guess is None and top:
                labels = {fold(s.label.vi): n for n, s in ut.facts.items()}
                guess = labels.get(fold(loc[-1]))
            out.append(MESSAGES.at(where, "unknown-field", loc, key=True, hint=hint(guess), name=show(loc[-1]).strip("'")))
        elif kind == "missing":
            out.append(MESSAGES.at(where, "missing-field", loc, key=True))
        elif kind == "antt":
            code = ctx.get("code", "invalid-value")
            params = {k: v for k, v in ctx.items() if k != "code"}
            if code == "wrong-type":
                params["expected"] = TYPE_WORDS.get(params.get("expected", ""), params.get("expected"))
            if code == "bad-choice":
                params["hint"] = hint(params.pop("suggestion", "") or None)
            if code not in MESSAGES:
                code, params = "invalid-value", {"detail": code}
            out.append(MESSAGES.at(where, code, loc, **params))
        elif kind in ("greater_than_equal", "greater_than"):
            out.append(MESSAGES.at(where, "too-small", loc, value=show(err.get("input")), limit=ctx.get("ge", ctx.get("gt"))))
        elif kind in ("less_than_equal", "less_than"):
            out.append(MESSAGES.at(where, "too-large", loc, value=show(err.get("input")), limit=ctx.get("le", ctx.get("lt"))))
        elif kind == "list_type":
            out.append(MESSAGES.at(where, "wrong-type", loc, expected=TYPE_WORDS["list"], found=show(err.get("input"))))
        elif kind in ("model_type", "dict_type", "model_attributes_type"):
            out.append(MESSAGES.at(where, "wrong-type", loc, expected=TYPE_WORDS["mapping"], found=show(err.get("input"))))
        elif kind == "literal_error" and loc == ("type",):
            out.append(MESSAGES.at(where, "unknown-type", loc, value=show(err.get("input")), choices=ut.id))
        else:
            kind_name = spec.type if spec is not None else "text"
            out.append(MESSAGES.at(where, "wrong-type", loc, expected=TYPE_WORDS.get(kind_name, kind_name),
                                   found=show(err.get("input"))))
    if unknown > limits.problems:
        out.append(MESSAGES.problem(where.source, "too-many-unknown", n=unknown - limits.problems))
    if len(out) > limits.problems + 1:
        rest = len(out) - limits.problems
        out = out[: limits.problems] + [MESSAGES.problem(where.source, "too-many-problems", n=rest)]
    return out
