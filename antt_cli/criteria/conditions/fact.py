"""`fact` + one operator: compare a fact with a constant, another fact, a period or a set.

    {fact: households_residing, ge: 1}
    {fact: crimes, le: {fact: crimes_previous_year}}
    {fact: party_resolution_date, in_period: q1}
    {fact: grassroots_force_rating, ge: hoan_thanh}      # an ordered enumeration: by rank
    {fact: protection_force_title, in: [tien_tien, hoan_thanh_tot]}
    {fact: rules_areas, subset_of: [...]}                 # enum_set
    {fact: notes, present: true}

Which operators a fact takes depends on its type (OPERATORS). A missing value is unknown (the
criterion is "thiếu dữ liệu"), except for `present`, which asks exactly that.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from antt_cli.criteria.conditions.base import (
    CMP, COMPARE_OPS, OP_SYMBOL, Compiler, Context, Leaf, LeafResult, Node, Verdict, exact, format_value, missing,
    not_in)
from antt_cli.criteria.model import NUMERIC
from antt_cli.criteria.values import NONE
from antt_cli.problems import Messages
from antt_cli.words import Words

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import FactSpec, Period

KIND = "fact"
ORDER = 40
SETS = ("in", "not_in", "contains_any", "subset_of")
OPERATORS: dict[str, tuple[str, ...]] = {
    "boolean": ("eq", "ne"),
    "integer": COMPARE_OPS,
    "number": COMPARE_OPS,
    "date": COMPARE_OPS + ("in_period",),
    "enum": ("eq", "ne", "in", "not_in", "lt", "le", "gt", "ge"),
    "enum_set": ("contains_any", "subset_of"),
    "text": (),
    "events": (),
}
WINDOW = "window"  # the built-in period: the unit type's assessment window
_ABSENT = object()  # no other fact compared (or its value not recorded)

DOC = """### `fact` — compare a fact

```yaml
{fact: households_residing, ge: 1}                  # with a constant
{fact: crimes, le: {fact: crimes_previous_year}}    # with another fact of the same kind
{fact: party_resolution_date, in_period: q1}        # a date inside a named period (vocabulary) or `window`
{fact: grassroots_force_rating, ge: hoan_thanh}     # an ordered enumeration compares by rank
{fact: protection_force_title, in: [tien_tien]}     # one of a set (enum); contains_any / subset_of (enum_set)
{fact: notes, present: true}                        # given (true) or not given (false)
```

Operators by fact type: boolean `eq ne`; integer, number `eq ne lt le gt ge`; date the same and
`in_period`; enum `eq ne in not_in` and, when `ordered: true`, `lt le gt ge`; enum_set
`contains_any subset_of`; every type `present`. A missing value makes the condition *thiếu dữ
liệu*, except for `present`. Numbers compare exactly (0.1 + 0.2 = 0.3). Passes: `{fact: crimes,
eq: 0}` with `crimes: 0`; fails with `crimes: 1`.
"""

MESSAGES = Messages({
    "cond-unknown-period": ("không có khoảng thời gian '{value}'{hint}; có: {choices}",
                            "no period named '{value}'{hint}; declared: {choices}"),
})

WORDS = Words({
    # reasons: found against required
    "r.cmp": ("{label}: {actual}; yêu cầu {op} {expected}", "{label}: {actual}; required {op} {expected}"),
    "r.cmp_fact": ("{label}: {actual}; yêu cầu {op} {other_label} ({expected})",
                   "{label}: {actual}; required {op} {other_label} ({expected})"),
    "r.rank": ("{label}: {actual}; yêu cầu {requirement}", "{label}: {actual}; required {requirement}"),
    "r.in": ("{label}: {actual}; yêu cầu một trong: {expected}", "{label}: {actual}; required one of: {expected}"),
    "r.not_in": ("{label}: {actual}; yêu cầu không thuộc: {expected}", "{label}: {actual}; required none of: {expected}"),
    "r.period": ("{label}: {actual}; yêu cầu trong {period} ({start}–{end})",
                 "{label}: {actual}; required within {period} ({start}–{end})"),
    "r.present": ("{label}: {actual}", "{label}: {actual}"),
    "r.contains_any": ("{label}: {actual}; yêu cầu có ít nhất một trong: {expected}",
                       "{label}: {actual}; required at least one of: {expected}"),
    "r.subset_of": ("{label}: {actual}; chỉ gồm: {expected}", "{label}: {actual}; only: {expected}"),
    "found": ("{label}: {actual}", "{label}: {actual}"),
    "h.cmp": ("{label}: {actual} {op} {expected}", "{label}: {actual} {op} {expected}"),
    "op.ge_rank": ("từ “{x}” trở lên", "“{x}” or better"),
    "op.le_rank": ("không cao hơn “{x}”", "“{x}” or lower"),
    "op.gt_rank": ("cao hơn “{x}”", "better than “{x}”"),
    "op.lt_rank": ("thấp hơn “{x}”", "lower than “{x}”"),
    # requirements (short) and descriptions
    "q.present_true": ("{label}: phải có", "{label}: must be given"),
    "q.present_false": ("{label}: không có", "{label}: not given"),
    "q.period": ("{label}: trong {period} ({start}–{end})", "{label}: within {period} ({start}–{end})"),
    "q.in": ("{label}: một trong: {values}", "{label}: one of: {values}"),
    "q.not_in": ("{label}: không thuộc: {values}", "{label}: none of: {values}"),
    "q.contains_any": ("{label}: có ít nhất một trong: {values}", "{label}: includes at least one of: {values}"),
    "q.subset_of": ("{label}: chỉ gồm: {values}", "{label}: only: {values}"),
    "q.cmp": ("{label} {op} {value}", "{label} {op} {value}"),
    "q.rank": ("{label}: {requirement}", "{label}: {requirement}"),
    # brief (a table cell, under a criterion's title that names the figure)
    "b.present_true": ("phải có", "must be given"),
    "b.present_false": ("để trống", "left blank"),
    "b.period": ("trong {period} ({start}–{end})", "within {period} ({start}–{end})"),
    "b.in": ("một trong: {values}", "one of: {values}"),
    "b.not_in": ("không thuộc: {values}", "none of: {values}"),
    "b.contains_any": ("có ít nhất một trong: {values}", "at least one of: {values}"),
    "b.subset_of": ("chỉ gồm: {values}", "only: {values}"),
    "b.cmp_fact": ("{op} {other_label}", "{op} {other_label}"),
    "b.cmp": ("{op} {value}", "{op} {value}"),
    "d.period": ("{label}: trong {period}", "{label}: within {period}"),
    "d.in": ("{label}: là một trong: {values}", "{label}: one of: {values}"),
    "window": ("kỳ đánh giá", "the assessment window"),
    "any_year": ("đánh giá", "the assessment year"),  # "Quý I năm {year}" → "Quý I năm đánh giá"
})


def schema() -> dict[str, Any]:
    value = {"anyOf": [{"type": ["number", "boolean", "string"]}, {"$ref": "#/$defs/FactRef"}]}
    ids = {"type": "array", "minItems": 1, "items": {"type": "string"}}
    return {
        KIND: {"type": "string", "description": "a declared fact"},
        **{op: {**value, "description": op} for op in COMPARE_OPS},
        **{op: {**ids, "description": op} for op in SETS},
        "in_period": {"type": "string", "description": "a period of the vocabulary (e.g. q1), or `window`"},
        "present": {"type": "boolean"},
    }


class FactLeaf(Leaf):
    KIND = KIND

    def __init__(self, spec: "FactSpec", op: str, const: Any = None, other: "FactSpec | None" = None,
                 period: "Period | None" = None) -> None:
        self.spec, self.op, self.const, self.other, self.period = spec, op, const, other, period
        self.reads = (spec.id,) + ((other.id,) if other else ())
        # specialised once: thousands of records are evaluated against the same leaf
        self._by_rank = spec.type == "enum" and spec.ordered and op in ("lt", "le", "gt", "ge")
        self._cmp = CMP.get(op)
        self._const_key = self._key(const) if op in CMP and other is None else None
        self._text: dict[str, tuple[str, str]] = {}  # lang → (label, expected)
        # (lang, value, other) → what was found, in words: a batch shows the same few values
        # (yes/no, ratings, small counts) thousands of times
        self._found: dict[tuple[Any, ...], str] = {}
        self._periods: dict[tuple[str, int], str] = {}  # (lang, year) → the period's name ("Quý I năm 2024")

    def evaluate(self, ctx: Context) -> Verdict:
        op = self.op
        value = ctx.facts.get(self.spec.id)
        if op == "present":  # "there is none" is an answer, but not a thing that is there
            ok = (value is not None and value is not NONE and value != []) == bool(self.const)
            return Verdict(ok, [LeafResult(self, ok, {"value": value})])
        if value is None:
            return Verdict(None, [LeafResult(self, None, {"missing": self.spec})])
        if value is NONE:  # nothing to compare: only "not equal" / "none of" hold
            ok = op in ("ne", "not_in")
            data: dict[str, Any] = {"value": value}
            if op == "in_period":
                data["start"], data["end"] = ctx.span(self.period)
            elif self.other is not None:
                data["other"] = ctx.facts.get(self.other.id)
            return Verdict(ok, [LeafResult(self, ok, data)])
        if self._cmp is not None:
            if self.other is not None:
                other = ctx.facts.get(self.other.id)
                if other is None:
                    return Verdict(None, [LeafResult(self, None, {"missing": self.other})])
                if other is NONE:
                    ok = op == "ne"
                    return Verdict(ok, [LeafResult(self, ok, {"value": value, "other": other})])
                ok = self._cmp(self._key(value), self._key(other))
                return Verdict(ok, [LeafResult(self, ok, {"value": value, "other": other})])
            ok = self._cmp(self._key(value), self._const_key)
        elif op == "in_period":
            start, end = ctx.span(self.period)
            ok = start <= value <= end
            return Verdict(ok, [LeafResult(self, ok, {"value": value, "start": start, "end": end})])
        elif op == "in":
            ok = value in self.const
        elif op == "not_in":
            ok = value not in self.const
        elif op == "contains_any":
            ok = any(v in self.const for v in value)
        else:  # subset_of
            ok = bool(value) and all(v in self.const for v in value)
        return Verdict(ok, [LeafResult(self, ok, {"value": value})])

    def _key(self, v: Any) -> Any:
        if self._by_rank:
            return self.spec.rank.get(v, -1)
        return exact(v)

    def _texts(self, lang: str) -> tuple[str, str]:
        found = self._text.get(lang)
        if found is None:
            spec, const = self.spec, self.const
            if self.other is not None or self.op in ("present", "in_period"):
                expected = ""
            elif self.op in SETS:
                expected = spec.value_label(sorted(const, key=lambda v: spec.rank.get(v, 0)), lang)
            elif spec.type == "integer":
                expected = format_value(const, lang)
            else:
                expected = spec.value_label(const, lang)
            found = self._text[lang] = (spec.label.pick(lang), expected)
        return found

    def _period_name(self, ctx: Context) -> str:
        if self.period is None:
            return WORDS("window", ctx.lang)
        key = (ctx.lang, ctx.year)
        found = self._periods.get(key)
        if found is None:  # a template from the criteria, filled by a Formatter: kept per language and year
            from antt_cli.text import safe_format

            found = self._periods[key] = safe_format(self.period.label.pick(ctx.lang), {"year": ctx.year})
        return found

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:
        lang, spec, d = ctx.lang, self.spec, result.data
        if "missing" in d:
            return missing(d["missing"], ctx)
        label, expected = self._texts(lang)
        actual = spec.value_label(d.get("value"), lang)
        op = self.op
        if op == "present":
            return [WORDS("r.present", lang, label=label, actual=actual)]
        if self.other is not None:
            return [WORDS("r.cmp_fact", lang, label=label, actual=actual, op=OP_SYMBOL[op],
                          other_label=self.other.label.pick(lang), expected=self.other.value_label(d["other"], lang))]
        if op == "in_period":
            return [WORDS("r.period", lang, label=label, actual=actual, period=self._period_name(ctx),
                          start=format_value(d["start"], lang), end=format_value(d["end"], lang))]
        if op in SETS:
            return [WORDS(f"r.{op}", lang, label=label, actual=actual, expected=expected)]
        if self._by_rank:
            return [WORDS("r.rank", lang, label=label, actual=actual, requirement=WORDS(f"op.{op}_rank", lang, x=expected))]
        return [WORDS("r.cmp", lang, label=label, actual=actual, op=OP_SYMBOL[op], expected=expected)]

    def found(self, result: LeafResult, ctx: Context) -> str | None:
        d = result.data
        spec = d.get("missing") or self.spec
        if "missing" in d:
            return WORDS("found", ctx.lang, label=spec.label.pick(ctx.lang), actual=format_value(None, ctx.lang))
        value = d.get("value")
        other = d.get("other", _ABSENT) if self.other is not None else _ABSENT
        # the types are part of the key: True == 1 == 1.0, but they are not shown alike
        key: tuple[Any, ...] | None = (ctx.lang, type(value), value, type(other), other)
        try:
            return self._found[key]  # type: ignore[index]
        except KeyError:
            pass
        except TypeError:  # a list (enum_set): not kept
            key = None
        text = WORDS("found", ctx.lang, label=self.spec.label.pick(ctx.lang),
                     actual=self.spec.value_label(value, ctx.lang))
        if other is not _ABSENT:
            text += f" ({self.other.label.pick(ctx.lang)}: {self.other.value_label(other, ctx.lang)})"  # type: ignore[union-attr]
        if key is not None and len(self._found) < 4096:
            self._found[key] = text
        return text

    def figure_label(self, lang: str) -> str | None:
        return self.spec.label.pick(lang)

    def brief_requirement(self, ctx: Context) -> str:
        lang, op = ctx.lang, self.op
        if op == "present":
            return WORDS("b.present_true" if self.const else "b.present_false", lang)
        if self.other is not None:
            return WORDS("b.cmp_fact", lang, op=OP_SYMBOL[op], other_label=self.other.label.pick(lang))
        if op == "in_period":
            start, end = ctx.span(self.period)
            return WORDS("b.period", lang, period=self._period_name(ctx), start=format_value(start, lang),
                         end=format_value(end, lang))
        _, expected = self._texts(lang)
        if op in SETS:
            return WORDS(f"b.{op}", lang, values=expected)
        if self._by_rank:
            return WORDS(f"op.{op}_rank", lang, x=expected)
        value = self.spec.value_label(self.const, lang)  # with its unit: "0 vụ", "có"
        return value if op == "eq" else WORDS("b.cmp", lang, op=OP_SYMBOL[op], value=value)

    def holds(self, result: LeafResult, ctx: Context) -> str | None:
        d, lang, op = result.data, ctx.lang, self.op
        if "missing" in d or op in ("present", "in_period") or self.other is not None or op in SETS or self._by_rank:
            return self.found(result, ctx)
        label, expected = self._texts(lang)
        return WORDS("h.cmp", lang, label=label, actual=self.spec.value_label(d.get("value"), lang),
                     op=OP_SYMBOL[op], expected=expected)

    def requirement(self, ctx: Context) -> str:
        lang, op = ctx.lang, self.op
        label, expected = self._texts(lang)
        if op == "present":
            return WORDS("q.present_true" if self.const else "q.present_false", lang, label=label)
        if self.other is not None:
            return WORDS("q.cmp", lang, label=label, op=OP_SYMBOL[op], value=self.other.label.pick(lang))
        if op == "in_period":
            start, end = ctx.span(self.period)
            return WORDS("q.period", lang, label=label, period=self._period_name(ctx), start=format_value(start, lang),
                         end=format_value(end, lang))
        if op in SETS:
            return WORDS(f"q.{op}", lang, label=label, values=expected)
        if self._by_rank:
            return WORDS("q.rank", lang, label=label, requirement=WORDS(f"op.{op}_rank", lang, x=expected))
        return WORDS("q.cmp", lang, label=label, op=OP_SYMBOL[op], value=expected)

    def describe(self, lang: str) -> list[str]:
        spec, op = self.spec, self.op
        label, expected = self._texts(lang)
        if op == "in_period":
            from antt_cli.text import safe_format

            name = WORDS("window", lang) if self.period is None else \
                safe_format(self.period.label.pick(lang), {"year": WORDS("any_year", lang)})
            return [WORDS("d.period", lang, label=label, period=name)]
        if op in SETS:
            ordered = [v.id for v in spec.values if v.id in self.const]
            return [WORDS("d.in" if op == "in" else f"q.{op}", lang, label=label, values=spec.value_label(ordered, lang))]
        ctx = Context({}, 0, (dt.date.min, dt.date.min), lang)
        return [self.requirement(ctx)]


def compile(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler) -> Node | None:
    spec = c.spec(raw[KIND], path + (KIND,))
    if spec is None:
        return None
    op = c.operator(raw, path, OPERATORS[spec.type] + ("present",), spec.id, spec.type, frozenset({KIND}))
    if op is None:
        return None
    value = raw[op]
    vpath = path + (op,)

    def bad(detail: Any) -> None:
        c.fail("cond-value", vpath, fact=spec.id, type=spec.type, detail=detail)

    def words(vi: str, en: str) -> dict[str, str]:
        return {"vi": vi, "en": en}

    if op == "present":
        if not isinstance(value, bool):
            return bad("true/false") or None
        return FactLeaf(spec, op, value)
    if isinstance(value, dict):  # {fact: OTHER}
        if set(value) != {"fact"} or op not in COMPARE_OPS:
            return bad("{fact: NAME}") or None
        other = c.spec(value["fact"], vpath + ("fact",))
        if other is None:
            return None
        same = (spec.type in NUMERIC and other.type in NUMERIC) or (
            spec.type == other.type and spec.type in ("date", "enum", "boolean")
            and [v.id for v in spec.values] == [v.id for v in other.values])
        if not same:
            c.fail("cond-type-mismatch", vpath, fact=spec.id, type=spec.type, other=other.id, other_type=other.type)
            return None
        return FactLeaf(spec, op, other=other)
    t = spec.type
    if op == "in_period":
        if value == WINDOW or (c.periods is None and isinstance(value, str)):
            return FactLeaf(spec, op, value)
        if not isinstance(value, str) or value not in c.periods:
            from antt_cli.text import closest
            from antt_cli.words import hint

            choices = [*c.periods, WINDOW]
            c.problem(MESSAGES, "cond-unknown-period", vpath, value=value, choices=", ".join(choices),
                      hint=hint(closest(str(value), choices)))
            return None
        return FactLeaf(spec, op, value, period=c.periods[value])
    if op in SETS:
        if not isinstance(value, list) or not value:
            return bad(words("cần một danh sách giá trị không rỗng", "a non-empty list of values")) or None
        for i, v in enumerate(value):
            if not isinstance(v, str) or v not in spec.rank:
                c.fail("cond-value", vpath + (i,), fact=spec.id, type=t, detail=not_in(v, spec.rank))
                return None
        return FactLeaf(spec, op, frozenset(value))
    shown = repr(value)[:40]
    if t == "boolean":
        if not isinstance(value, bool):
            return bad(words(f"cần true/false, không phải {shown}", f"true/false, not {shown}")) or None
    elif t in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return bad(words(f"cần một số, không phải {shown}", f"a number, not {shown}")) or None
        if t == "integer" and isinstance(value, float) and not value.is_integer():
            return bad(words(f"cần một số nguyên, không phải {shown}", f"a whole number, not {shown}")) or None
    elif t == "date":
        if not isinstance(value, dt.date):
            return bad(words(f"cần một ngày (YYYY-MM-DD), không phải {shown}", f"a date (YYYY-MM-DD), not {shown}")) or None
    elif t == "enum":
        if not isinstance(value, str) or value not in spec.rank:
            return bad(not_in(value, spec.rank)) or None
        if op not in ("eq", "ne") and not spec.ordered:
            return bad(words(f"'{op}' chỉ dùng cho danh mục có thứ bậc (ordered: true)",
                             f"'{op}' needs an ordered enum (ordered: true)")) or None
    return FactLeaf(spec, op, value)
