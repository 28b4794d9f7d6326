"""`count`: items of an event register (an `events` fact) inside the assessment window.

    count: incidents
    where: {all: [{fact: category, eq: toi_pham}, {fact: severity, ge: nghiem_trong}]}
    excused_if: {fact: force_majeure, eq: true}
    eq: 0

`where` and `excused_if` are conditions on an item's fields. Items dated outside the window are
not counted but always listed; excused items are listed too; an item whose fields do not settle
`where` or `excused_if` makes the count unknown unless the answer is the same either way. An
absent register is missing data; `[]` means none.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from antt_cli.criteria.conditions.base import (
    CMP, COMPARE_OPS, OP_SYMBOL, Compiler, Context, Leaf, LeafResult, Node, Verdict, format_value, missing)
from antt_cli.criteria.values import NONE
from antt_cli.words import Words

if TYPE_CHECKING:  # pragma: no cover
    from antt_cli.criteria.model import FactSpec

KIND = "count"
KEEP_SETTLED = 4096  # item values kept per count, then all dropped at once
_UNSET = object()
# the types of item values a kept answer is looked up by (a value of another type is evaluated each time)
_KEYED = frozenset({str, int, bool, type(None), dt.date, type(NONE)})
ORDER = 60
DOC = """### `count` — items of a register inside the window

```yaml
count: incidents                      # an `events` fact
where: {fact: category, eq: toi_pham}  # which items count (item fields)
excused_if: {fact: force_majeure, eq: true}
eq: 0                                  # eq ne lt le gt ge, a whole number
```

Items dated outside the assessment window are not counted and are always listed; excused items
are listed as well. An item lacking a field `where` or `excused_if` needs makes the result *thiếu
dữ liệu*, unless the count passes or fails either way. An absent register is *thiếu dữ liệu*;
`[]` means there were none. Passes: `incidents: []`; fails: one serious crime not excused.
"""

WORDS = Words({
    "r.count": ("{label}: {count} vụ việc tính vào tiêu chí; yêu cầu {op} {expected}",
                "{label}: {count} counted incident(s); required {op} {expected}"),
    "r.count_item": ("  – {what}", "  – {what}"),
    "r.count_excused": ("{label}: {n} vụ việc được miễn trừ: {items}", "{label}: {n} incident(s) excused: {items}"),
    "r.count_outside": ("{n} vụ việc nằm ngoài kỳ đánh giá {start}–{end}, không tính: {items}",
                        "{n} incident(s) outside the window {start}–{end}, not counted: {items}"),
    "r.count_unknown": ("{n} vụ việc thiếu thông tin để xác định: {items}", "{n} incident(s) lack data to decide: {items}"),
    "found": ("{label}: {count} vụ việc tính vào tiêu chí", "{label}: {count} counted incident(s)"),
    "found_more": (" ({excused} được miễn trừ, {outside} ngoài kỳ)", " ({excused} excused, {outside} outside the window)"),
    "b.q_eq": ("{n} vụ việc trong kỳ đánh giá", "{n} incident(s) within the window"),
    "b.q": ("{op} {n} vụ việc trong kỳ đánh giá", "{op} {n} incident(s) within the window"),
    "q": ("Số mục của “{label}” trong kỳ đánh giá {op} {n}", "Items of “{label}” within the assessment window {op} {n}"),
    "where": ("chỉ tính mục:", "counting only items where:"),
    "excused": ("không tính mục (miễn trừ) khi:", "not counting (excused) items where:"),
})


def schema() -> dict[str, Any]:
    ref = {"$ref": "#/$defs/Condition"}
    return {
        KIND: {"type": "string", "description": "an `events` fact: items inside the assessment window"},
        "where": {**ref, "description": "count only items matching this (item fields)"},
        "excused_if": {**ref, "description": "do not count items matching this (item fields)"},
    }


class CountLeaf(Leaf):
    KIND = KIND

    def __init__(self, spec: "FactSpec", where: Node | None, excused: Node | None, op: str, n: int) -> None:
        self.spec, self.where, self.excused, self.op, self.n = spec, where, excused, op, n
        self.reads = (spec.id,)
        self._cmp = CMP[op]
        self._fields = {"where": tuple(where.facts_read()) if where else (),
                        "excused": tuple(excused.facts_read()) if excused else ()}
        # ("where" | "excused", year, window, the item's values of the fields it reads, their types) →
        # the value: registers differ from unit to unit, but their items' kinds and severities repeat
        self._settled: dict[tuple[Any, ...], bool | None] = {}

    def __getstate__(self) -> dict[str, Any]:  # compiled criteria are cached pickled: without what is kept
        return {**self.__dict__, "_settled": {}}

    def _value(self, which: str, node: Node, sub: Context) -> bool | None:
        """`node`'s value for an item, kept by the item's values of the fields it reads (and the year
        and window); evaluated each time while the branches that decide are traced."""
        if sub.trace is not None:
            return node.evaluate(sub).value
        values = tuple(map(sub.facts.get, self._fields[which]))
        kinds = tuple(map(type, values))
        if not _KEYED.issuperset(kinds):
            return node.evaluate(sub).value
        key = (which, sub.year, sub.window, values, kinds)
        found = self._settled.get(key, _UNSET)
        if found is _UNSET:
            found = node.evaluate(sub).value
            if len(self._settled) >= KEEP_SETTLED:
                self._settled.clear()
            self._settled[key] = found
        return found  # type: ignore[return-value]

    def inner(self) -> list[tuple[str, Node]]:
        return [(name, node) for name, node in (("where", self.where), ("excused_if", self.excused)) if node is not None]

    def evaluate(self, ctx: Context) -> Verdict:
        items = ctx.facts.get(self.spec.id)
        if items is None:
            return Verdict(None, [LeafResult(self, None, {"missing": self.spec})])
        start, end = ctx.window
        counted, excused, outside, unknown = [], [], [], []
        for item in items:
            when = item.get("date")
            sub = ctx.child(item)
            if when is None or not (start <= when <= end):
                # listed under the criteria it concerns only, not under every one that reads the register
                if self.where is None or self._value("where", self.where, sub) is not False:
                    outside.append(item)
                continue
            match = self._value("where", self.where, sub) if self.where else True
            if match is False:
                continue
            if match is None:
                unknown.append(item)
                continue
            exc = self._value("excused", self.excused, sub) if self.excused else False
            if exc is True:
                excused.append(item)
            elif exc is False:
                counted.append(item)
            else:
                unknown.append(item)
        low = self._cmp(len(counted), self.n)
        high = self._cmp(len(counted) + len(unknown), self.n)
        value = low if low == high else None
        data = {"counted": counted, "excused": excused, "outside": outside, "unknown": unknown, "start": start, "end": end}
        return Verdict(value, [LeafResult(self, value, data)])

    def _item(self, item: dict[str, Any], lang: str) -> str:
        parts = []
        for name, spec in self.spec.fields.items():
            if name == "date" or spec.type not in ("enum", "text"):
                continue
            v = item.get(name)
            if v is not None:
                parts.append(spec.value_label(v, lang))
        return f"{format_value(item.get('date'), lang)} {' — '.join(parts)}".strip()

    def explain(self, result: LeafResult, ctx: Context) -> list[str]:
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return missing(self.spec, ctx)
        label = self.spec.label.pick(lang)
        out = [WORDS("r.count", lang, label=label, count=len(d["counted"]), op=OP_SYMBOL[self.op], expected=self.n)]
        out += [WORDS("r.count_item", lang, what=self._item(i, lang)) for i in d["counted"]]
        return out + self.remarks(result, ctx)

    def remarks(self, result: LeafResult, ctx: Context) -> list[str]:
        """Excused incidents and incidents outside the window are always reported, never silently dropped."""
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return []
        label = self.spec.label.pick(lang)
        out: list[str] = []
        if d["unknown"]:
            out.append(WORDS("r.count_unknown", lang, n=len(d["unknown"]),
                             items="; ".join(self._item(i, lang) for i in d["unknown"])))
        if d["excused"]:
            out.append(WORDS("r.count_excused", lang, label=label, n=len(d["excused"]),
                             items="; ".join(self._item(i, lang) for i in d["excused"])))
        if d["outside"]:
            out.append(WORDS("r.count_outside", lang, n=len(d["outside"]), start=format_value(d["start"], lang),
                             end=format_value(d["end"], lang), items="; ".join(self._item(i, lang) for i in d["outside"])))
        return out

    def found(self, result: LeafResult, ctx: Context) -> str | None:
        lang, d = ctx.lang, result.data
        if "missing" in d:
            return missing(self.spec, ctx)[0]
        text = WORDS("found", lang, label=self.spec.label.pick(lang), count=len(d["counted"]))
        if d["excused"] or d["outside"]:
            text += WORDS("found_more", lang, excused=len(d["excused"]), outside=len(d["outside"]))
        return text

    def figure_label(self, lang: str) -> str | None:
        return self.spec.label.pick(lang)

    def brief_requirement(self, ctx: Context) -> str:
        if self.op == "eq":
            return WORDS("b.q_eq", ctx.lang, n=self.n)
        return WORDS("b.q", ctx.lang, op=OP_SYMBOL[self.op], n=self.n)

    def requirement(self, ctx: Context) -> str:
        return WORDS("q", ctx.lang, label=self.spec.label.pick(ctx.lang), op=OP_SYMBOL[self.op], n=self.n)

    def describe(self, lang: str) -> list[str]:
        import datetime as dt

        out = [self.requirement(Context({}, 0, (dt.date.min, dt.date.min), lang))]
        for key, inner in (("where", self.where), ("excused", self.excused)):
            if inner is not None:
                lines = inner.describe(lang)
                out += ["  " + WORDS(key, lang), "    - " + lines[0]] + ["    " + line for line in lines[1:]]
        return out


def compile(raw: dict[str, Any], path: tuple[Any, ...], c: Compiler) -> Node | None:
    spec = c.spec(raw[KIND], path + (KIND,))
    if spec is None:
        return None
    if spec.type != "events":
        c.fail("cond-type-mismatch", path + (KIND,), fact=spec.id, type=spec.type, other="count", other_type="events")
        return None
    op = c.operator(raw, path, COMPARE_OPS, spec.id, "events", frozenset({KIND, "where", "excused_if"}))
    if op is None:
        return None
    n = raw[op]
    if isinstance(n, bool) or not isinstance(n, int) or n < 0 or n > 10**9:
        shown = repr(n)[:40]
        c.fail("cond-value", path + (op,), fact=spec.id, type="count",
               detail={"vi": f"cần một số nguyên ≥ 0, không phải {shown}", "en": f"a whole number ≥ 0, not {shown}"})
        return None
    inner = c.inner_compiler(spec.fields, spec.id)
    where = inner.compile(raw["where"], path + ("where",)) if "where" in raw else None
    excused = inner.compile(raw["excused_if"], path + ("excused_if",)) if "excused_if" in raw else None
    if ("where" in raw and where is None) or ("excused_if" in raw and excused is None):
        return None
    return CountLeaf(spec, where, excused, op, n)
